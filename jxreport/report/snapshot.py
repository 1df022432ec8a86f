"""The year a run has prepared, handed to its report kernels instead of prepared again.

`jxreport run` reads, scores and checks the year before any report. Without this, every
report kernel would do the same again (0.5 s a report at 200 projects, growing with the
year), or keep the whole year in memory to answer the next report, so that a kernel grows
with the number of projects. The run writes the context once into a private folder — whole,
the department report's (without the per-project records when the run planned appendix parts,
ReportContext.summary), one slice per project and one per appendix part — and names the folder in
the environment variable ENV; `context.prepare` takes it only when the workbooks (path,
size, mtime), the rule set and the silenced checks are those the run prepared, and prepares
the year itself otherwise (a notebook opened in JupyterLab, a Dask worker elsewhere).
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from jxreport.core import schema as S
from jxreport.core.paths import resolve_dir
from jxreport.core.processes import pid_alive

ENV = "JXREPORT_CONTEXT"
_META = "meta.pickle"
_WHOLE = "whole.pickle"
_DEPARTMENT = "department.pickle"


def data_signature(folder) -> tuple | None:
    """(folder, ((workbook, size, mtime_ns), …)) of a year's data folder; None for no folder."""
    if folder is None:
        return None

    d = resolve_dir(folder)
    files = []
    for name in S.WORKBOOKS:
        try:
            st = (d / name).stat()
        except OSError:
            continue
        files.append((name, st.st_size, st.st_mtime_ns))
    return str(d), tuple(files)


@dataclass(frozen=True)
class Meta:
    """What a snapshot was prepared from, and where each project's slice is."""

    data: tuple
    previous: tuple | None
    rules: object  # rules.Rules
    silence: tuple[str, ...]
    slices: dict  # 项目编码 -> file name
    parts: dict  # (项目编码, …) of an appendix part -> file name
    department: str  # the department report's file

    def matches(self, data_dir, rules, silence, previous_dir) -> bool:
        return (self.rules == rules and self.silence == tuple(silence or ())
                and self.data == data_signature(data_dir) and self.previous == data_signature(previous_dir))


def write(folder: Path, ctx, *, data_dir, previous_dir, silence, codes, parts=(), summary=False) -> None:
    """Pickle the whole context, a slice for each project in `codes` and for each appendix part in
    `parts` (tuples of 项目编码) into `folder`; with `summary`, the department report's context
    without the per-project records too (the run decides: sections/appendix.py)."""
    folder.mkdir(parents=True, exist_ok=True)

    def put(name, obj) -> str:
        (folder / name).write_bytes(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
        return name

    slices = {code: put(f"project-{k:06d}.pickle", part) for k, (code, part) in enumerate(ctx.slices(codes).items())}
    groups = {tuple(group): put(f"part-{k:06d}.pickle", ctx.part(group))
              for k, group in enumerate(dict.fromkeys(tuple(g) for g in parts))}
    put(_WHOLE, ctx)  # a notebook that asks for neither a slice nor the department's (an older one)
    department = put(_DEPARTMENT, ctx.summary()) if summary else _WHOLE
    meta = Meta(data_signature(data_dir), data_signature(previous_dir), ctx.rules, tuple(silence or ()), slices,
                groups, department)
    put(_META, meta)


def find(data_dir, rules, silence, previous_dir, project=None, *, codes=None, department=False):
    """The prepared context from the run's snapshot, or None when there is none that fits.

    `project`: a project's slice; `codes`: an appendix part's; `department`: the department
    report's; none of them: the whole year.
    """
    where = os.environ.get(ENV)
    if not where:
        return None
    folder = Path(where)
    try:
        meta = pickle.loads((folder / _META).read_bytes())
        if not isinstance(meta, Meta) or not meta.matches(data_dir, rules, silence, previous_dir):
            return None
        if project is not None:
            name = meta.slices.get(project)
        elif codes:
            name = meta.parts.get(tuple(codes))
        else:
            name = meta.department if department else _WHOLE
        return pickle.loads((folder / name).read_bytes()) if name else None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None  # gone or unreadable: prepare the year as without a run


def _sweep_killed() -> None:
    """Remove the context folders of killed runs (SIGKILL runs no cleanup; the pid is in the name)."""
    for p in Path(tempfile.gettempdir()).glob("jxreport-context-*-*"):
        pid = p.name.split("-")[2]
        if pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(p, ignore_errors=True)


@contextmanager
def shared(ctx, *, data_dir, previous_dir, silence, codes, parts=(), summary=False):
    """Write the snapshot to a private temporary folder and name it in ENV while the block runs.

    Worker processes and kernels started inside the block inherit the variable; it and the
    folder are gone afterwards, also after a failure.
    """
    _sweep_killed()
    folder = Path(tempfile.mkdtemp(prefix=f"jxreport-context-{os.getpid()}-"))
    before = os.environ.get(ENV)
    try:
        write(folder, ctx, data_dir=data_dir, previous_dir=previous_dir, silence=silence, codes=codes, parts=parts,
              summary=summary)
        os.environ[ENV] = str(folder)
        yield folder
    finally:
        if before is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = before
        shutil.rmtree(folder, ignore_errors=True)


__all__ = ["ENV", "Meta", "data_signature", "find", "shared", "write"]
