"""Inside a warm report kernel: import the heavy libraries once, and undo a report's traces.

`jxreport.engines.WarmKernelEngine` runs many reports, one after another, in one IPython
kernel. `warm_up()` runs once when the kernel starts: it imports pandas, matplotlib and
jxreport and records the process state a report may change. `reset(cwd)` runs before
every report and puts that state back, so that each report starts as it would in a fresh
kernel: an empty namespace, execution counts from 1, no open figures, and the matplotlib
rcParams, inline-figure formats, pandas options, warning filters, sys.path, environment
and working directory of a newly started kernel. Modules stay imported: that is the point.
"""

from __future__ import annotations

import copy
import importlib
import os
import sys
import warnings

# What a report imports; warm-up imports each one that exists.
WARM_MODULES = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "IPython.display", "nbformat",
                "jxreport", "jxreport.loading", "jxreport.rules", "jxreport.scoring", "jxreport.checks",
                "jxreport.context", "jxreport.sections", "jxreport.charts", "jxreport.narrative",
                "jxreport.monitoring", "jxreport.yoy")
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
        from .fonts import setup_matplotlib

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
    return loaded


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
        ip.reset(new_session=False)
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
