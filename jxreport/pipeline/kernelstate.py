"""Inside a warm report kernel: import the heavy libraries once, and undo a report's traces.

`jxreport.pipeline.engines.WarmKernelEngine` runs many reports, one after another, in one IPython
kernel. `warm_up()` runs once when the kernel starts: it imports pandas, matplotlib and
jxreport and records the process state a report may change. `reset(cwd)` runs before
every report and puts that state back, so that each report starts as it would in a fresh
kernel: an empty namespace, execution counts from 1, no open figures, and the matplotlib
rcParams, inline-figure formats, pandas options, warning filters, sys.path, environment
and working directory of a newly started kernel. Modules stay imported: that is the point.

Inside `jxreport run` a report takes the year the run prepared (snapshot.py): a project's
kernel then holds that project's slice only. Elsewhere (a Dask worker on another machine)
one result is kept: `jxreport.report.context.prepare_year` (read, score and check the whole year)
costs a report as much as all its cells at 200 projects and grows with the year, so in a
warm kernel it answers from the last call when its arguments and every input file it may
read (the data folders, the rule-set folders; name, size and mtime) are unchanged. A
changed workbook is read again, as `prepare` promises. Frames are shared, read-only, as
`model.Year` says. A process whose memory has grown past TRIM_ABOVE_MB (after a long
department report) collects and hands freed pages back to the system (`trim_if_large`).
"""

from __future__ import annotations

import copy
import ctypes
import ctypes.util
import functools
import gc
import importlib
import os
import sys
import warnings
from pathlib import Path

from jxreport.core.fonts import setup_matplotlib
from jxreport.core.paths import resolve_dir
from jxreport.report import context
from jxreport.scoring.rules import BUILTIN_RULES

# What a report imports; warm-up imports each one that exists.
WARM_MODULES = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "IPython.display", "nbformat",
                "jxreport", "jxreport.io.loading", "jxreport.scoring.rules", "jxreport.scoring.scorer", "jxreport.checks",
                "jxreport.report.context", "jxreport.sections.annual", "jxreport.sections.monitoring", "jxreport.sections.charts", "jxreport.report.narrative",
                "jxreport.scoring.monitoring", "jxreport.report.yoy")
_SKIP_RC = {"backend", "backend_fallback"}
_state: dict = {}


def warm_up() -> list[str]:
    """Import the report libraries and snapshot the state `reset` restores; returns what was imported."""
    loaded = []
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except ImportError:
            pass
    try:
        setup_matplotlib()  # what the first report would do; cached, so do it before the snapshot
    except Exception:  # a missing font is reported by the report itself, as in a fresh kernel
        pass
    _state.clear()
    _state["path"] = list(sys.path)
    _state["environ"] = dict(os.environ)
    _state["warnings"] = list(warnings.filters)
    if "matplotlib" in sys.modules:
        import matplotlib

        _state["rc"] = {k: copy.deepcopy(v) for k, v in dict.items(matplotlib.rcParams) if k not in _SKIP_RC}
        try:
            from matplotlib_inline.backend_inline import InlineBackend

            cfg = InlineBackend.instance()
            _state["inline"] = (set(cfg.figure_formats), copy.deepcopy(cfg.print_figure_kwargs),
                                copy.deepcopy(cfg.rc), cfg.close_figures)
        except Exception:
            pass
    if "pandas" in sys.modules:
        _state["pandas"] = _pandas_options()
    context.keep_years_in_memory(_inputs_signature)
    return loaded


def _inputs_signature(args) -> tuple:
    """Name, size and mtime of every file `prepare` may read, and where relative names resolve."""
    folders = {Path("params") / "rules", BUILTIN_RULES}
    files = set()
    for value in args:
        if not isinstance(value, (str, os.PathLike)) or not str(value):
            continue
        candidates = {Path(value).expanduser()}
        try:
            candidates.add(resolve_dir(value))
        except Exception:
            pass
        for p in candidates:
            if p.is_dir():
                folders.add(p)
            elif p.is_file():
                files.add(p.resolve())
    for folder in folders:
        if folder.is_dir():
            files |= {f.resolve() for f in folder.iterdir() if f.is_file()}
    stats = []
    for f in sorted(files):
        st = f.stat()
        stats.append((str(f), st.st_size, st.st_mtime_ns))
    return (os.getcwd(), tuple(stats))


TRIM_ABOVE_MB = 300  # a warm kernel or worker idles at about 150–250 MB


def rss_mb() -> float:
    """This process's resident memory (MB), cheaply (no psutil on Linux)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def trim_if_large(limit_mb: float = TRIM_ABOVE_MB) -> None:
    """`trim_memory()` when the process holds more than `limit_mb` (a full collection costs
    tens of milliseconds: not after every report)."""
    if rss_mb() > limit_mb:
        trim_memory()


def trim_memory() -> None:
    """Collect cycles and return freed heap pages to the OS (glibc keeps them otherwise)."""
    gc.collect()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@functools.lru_cache(maxsize=1)
def _libc():
    name = ctypes.util.find_library("c")
    try:
        lib = ctypes.CDLL(name) if name else None
        return lib if lib is not None and hasattr(lib, "malloc_trim") else None
    except OSError:
        return None


def _pandas_options() -> dict:
    from pandas._config import config

    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key in config._registered_options:
            if key in config._deprecated_options:
                continue
            try:
                out[key] = copy.deepcopy(config.get_option(key))
            except Exception:
                pass
    return out


def reset(cwd: str | None = None) -> None:
    """Put the kernel back as warm_up left it, with an empty user namespace."""
    ip = _ipython()
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if ip is not None:
        collect = gc.collect
        gc.collect = _no_collect  # IPython's reset runs a full collection; trim_if_large decides
        try:
            ip.reset(new_session=False)
        finally:
            gc.collect = collect
        ip.execution_count = 1
    if cwd:
        os.chdir(cwd)
    if "path" in _state:
        sys.path[:] = _state["path"]
    if "environ" in _state:
        saved = _state["environ"]
        for key in [k for k in os.environ if k not in saved]:
            del os.environ[key]
        for key, value in saved.items():
            if os.environ.get(key) != value:
                os.environ[key] = value
    if "warnings" in _state:
        warnings.filters[:] = _state["warnings"]
        mutated = getattr(warnings, "_filters_mutated", None) or getattr(warnings, "_filters_mutated_lock_held", None)
        if mutated is not None:
            mutated()  # forget "already shown once" in every module's registry
        warnings.onceregistry.clear()
    if "rc" in _state:
        import matplotlib

        changed = {k: v for k, v in _state["rc"].items() if dict.get(matplotlib.rcParams, k) != v}
        if changed:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                matplotlib.rcParams.update(copy.deepcopy(changed))
    if "inline" in _state and ip is not None:
        _restore_inline(ip)
    if "pandas" in _state:
        _restore_pandas(_state["pandas"])
    trim_if_large()


def _no_collect(*args, **kwargs) -> int:
    return 0


def _restore_inline(ip) -> None:
    from matplotlib_inline.backend_inline import InlineBackend

    formats, kwargs, rc, close = _state["inline"]
    cfg = InlineBackend.instance()
    if set(cfg.figure_formats) != formats or cfg.print_figure_kwargs != kwargs:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        cfg.figure_formats = set(formats)
        cfg.print_figure_kwargs = copy.deepcopy(kwargs)
        set_matplotlib_formats(*formats, **kwargs)
    if cfg.rc != rc:
        cfg.rc = copy.deepcopy(rc)
    cfg.close_figures = close


def _restore_pandas(saved: dict) -> None:
    from pandas._config import config

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key, value in saved.items():
            try:
                if config.get_option(key) != value:
                    config.set_option(key, copy.deepcopy(value))
            except Exception:
                pass


def _ipython():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - a kernel always has IPython
        return None
    return get_ipython()
