"""Reruns that rebuild only the reports whose inputs changed (issue 16).

Each report gets an input hash: the data it is made from (a project report: its slice of
the prepared year — the project's rows of every sheet, its score, its findings and the
general ones; the department and monitoring reports: the whole prepared year), the
report's job (title, header, parameters: report date, rules, folders …), the formats, the
notebook's bytes, jxreport's own code and templates, and the library versions. The
published manifest records each report's hash and files; a report whose hash is the one
published, and whose files still have the bytes the manifest says, is carried over
(hard link, else copy) instead of executed. Executed notebooks are reproducible
(reproducible.py), so a carried-over report is byte-identical to a rebuilt one.

Hashes are sha256 of a canonical JSON (sorted keys, typed values), never of pickles:
pickle bytes differ between runs and Python versions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import math
import os
import shutil
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from jxreport.core.paths import PACKAGE
from jxreport.pipeline.jobs import Job, JobResult
from jxreport.pipeline.publish import MANIFEST, sha256, versions
from jxreport.report.editions import edition_path

# What of jxreport's own files a report depends on: its code, templates and CSS, fonts config.
CODE_SUFFIXES = (".py", ".css", ".j2", ".html", ".yaml", ".yml", ".json")


# --------------------------------------------------------------------------- canonical form

def _same(obj):
    return obj


def _float(obj: float):
    return None if math.isnan(obj) else ["f", repr(obj)]


def _decimal(obj: Decimal):
    return ["d", str(obj)]


# The common exact types first, and each dataclass's field names once: the same forms as
# _canon gives them, without its chain of isinstance tests (a year has ~10^6 values to hash).
_EXACT = {type(None): _same, str: _same, bool: _same, int: _same, float: _float, Decimal: _decimal}
_FIELDS: dict[type, tuple[str, ...]] = {}


def canon(obj):
    """A JSON-able, deterministic form of report data; types are tagged so that 1, 1.0, "1" differ."""
    t = type(obj)
    fast = _EXACT.get(t)
    if fast is not None:
        return fast(obj)
    names = _FIELDS.get(t)
    if names is not None:
        return {"__": t.__name__, **{n: canon(getattr(obj, n)) for n in names}}
    if t is list or t is tuple:
        return [canon(v) for v in obj]
    return _canon(obj)


def _canon(obj):
    import numpy as np
    import pandas as pd

    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, enum.Enum):
        return ["enum", type(obj).__name__, canon(obj.value)]
    if isinstance(obj, np.generic):
        obj = obj.item()
        if not isinstance(obj, (int, float, bool, str)):
            return canon(obj)
    if isinstance(obj, bool):
        return obj
    if isinstance(obj, int):
        return obj
    if isinstance(obj, float):
        return None if math.isnan(obj) else ["f", repr(obj)]
    if isinstance(obj, Decimal):
        return ["d", str(obj)]
    if obj is pd.NaT:
        return None
    if isinstance(obj, (dt.datetime, dt.date, dt.time, pd.Timestamp)):
        return ["t", type(obj).__name__, obj.isoformat()]
    if isinstance(obj, dt.timedelta):
        return ["td", obj.total_seconds()]
    if isinstance(obj, Path):
        return ["path", obj.as_posix()]
    if isinstance(obj, pd.DataFrame):
        columns = [column.tolist() for _, column in obj.items()]  # as itertuples gives them, faster
        return {"__frame__": [str(c) for c in obj.columns],
                "index": [canon(i) for i in obj.index],
                "rows": [[canon(v) for v in row] for row in zip(*columns)] if columns else [[]] * len(obj)}
    if isinstance(obj, pd.Series):
        return {"__series__": [canon(i) for i in obj.index], "values": [canon(v) for v in obj.tolist()]}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        _FIELDS[type(obj)] = tuple(f.name for f in dataclasses.fields(obj))
        return canon(obj)
    if isinstance(obj, dict):
        items = [(canon(k), canon(v)) for k, v in obj.items()]
        return {"__dict__": sorted(items, key=lambda kv: _dumps(kv[0]))}
    if isinstance(obj, (list, tuple)):
        return [canon(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return {"__set__": sorted((canon(v) for v in obj), key=_dumps)}
    if hasattr(obj, "to_dict"):
        return {"__": type(obj).__name__, "dict": canon(obj.to_dict())}
    try:
        if pd.isna(obj):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(obj, "__dict__"):
        return {"__": type(obj).__name__, **{k: canon(v) for k, v in sorted(vars(obj).items())}}
    raise TypeError(f"cannot hash a {type(obj).__name__} into a report's input hash")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(value) -> str:
    return hashlib.sha256(_dumps(canon(value)).encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """sha256 over jxreport's code, templates and CSS: a changed section or style rebuilds every report."""
    h = hashlib.sha256()
    base = PACKAGE.resolve()
    files = sorted(p for p in base.rglob("*") if p.is_file() and p.suffix in CODE_SUFFIXES
                   and "__pycache__" not in p.parts)
    for p in files:
        h.update(p.relative_to(base).as_posix().encode("utf-8") + b"\0")
        h.update(sha256(p).encode("ascii") + b"\0")
    return h.hexdigest()


# --------------------------------------------------------------------------- input hashes

def project_data(ctx_slice):
    """What a project report shows of the year: its slice, without the department's score.

    The slice keeps the department score for convenience, but no project section prints it;
    leaving it in would rebuild every project report when any one project changes.
    """
    scores = dataclasses.replace(ctx_slice.scores, department=None)
    return dataclasses.replace(ctx_slice, scores=scores)


def part_codes(job) -> list[str]:
    """The 项目编码 a job prints row by row: a project report its own, an appendix part its projects."""
    if job.kind == "project" and job.code:
        return [job.code]
    if job.kind == "appendix":
        return list(job.parameters.get("codes") or ())
    return []


def report_hashes(jobs, ctx, *, formats, root, files=None) -> dict[str, str]:
    """{job stem: input hash} for every job of a run (ctx: the run's prepared ReportContext).

    A project report and an appendix part hash their projects' slices (project_data), the
    department and monitoring reports the whole year. `files` ({name: what else it depends
    on}) adds the hash of an output made from the whole year besides the reports (自评表.xlsx),
    under its name.
    """
    common = {"formats": list(formats), "root": str(root), "versions": versions(), "code": code_digest()}
    notebooks: dict[str, str] = {}
    codes = list(dict.fromkeys(c for j in jobs for c in part_codes(j)))
    slices = ctx.slices(codes) if codes else {}
    projects = {c: digest(project_data(s)) for c, s in slices.items()}
    whole = None
    out = {}
    for job in jobs:
        if job.notebook not in notebooks:
            notebooks[job.notebook] = sha256(job.notebook)
        mine = part_codes(job)
        if mine and all(c in projects for c in mine):
            data = projects[mine[0]] if job.kind == "project" else [projects[c] for c in mine]
        else:
            if whole is None:
                whole = digest(ctx)
            data = whole
        spec = {f.name: getattr(job, f.name) for f in dataclasses.fields(job)
                if f.name not in ("notebook", "timeout", "full_timeout")}  # a limit changes no page
        out[job.stem] = digest({"job": spec, "notebook": notebooks[job.notebook], "data": data, **common})
    for name, extra in (files or {}).items():
        if whole is None:
            whole = digest(ctx)
        out[name] = digest({"file": name, "data": whole, "extra": extra, "versions": common["versions"],
                            "code": common["code"]})
    return out


# --------------------------------------------------------------------------- carrying over

def report_files(job: Job, formats) -> dict:
    """The files a report has in the year's folder, relative to it: the notebook once, the
    pages once per edition (报送稿/<stem>.html, 审核底稿/<stem>.html …)."""
    return {"notebook": f"notebooks/{job.stem}.ipynb",
            "html": tuple(edition_path(ed, job.stem, "html") for ed in job.editions) if "html" in formats else (),
            "pdf": tuple(edition_path(ed, job.stem, "pdf") for ed in job.editions) if "pdf" in formats else ()}


def _all_files(files: dict) -> list[str]:
    return [files["notebook"], *files["html"], *files["pdf"]]


def read_manifest(final: Path) -> dict | None:
    """The published manifest of output/<year>, or None (no folder, unreadable, or from before issue 16)."""
    try:
        m = json.loads((Path(final) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return m if isinstance(m, dict) and isinstance(m.get("reports"), dict) else None


def _link_or_copy(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dest)  # the old folder is deleted after the swap; the new one keeps the file
    except OSError:
        shutil.copyfile(src, dest)


def carry_over(jobs, hashes: dict[str, str], manifest: dict | None, final: Path, tmp: Path,
               formats, keep=frozenset()) -> dict[str, JobResult]:
    """{stem: JobResult} for the reports taken from the published year instead of rebuilt.

    A report is taken only when its hash is the published one and every file it had is
    there with the bytes the manifest recorded (a file edited or deleted by hand: rebuilt).
    A report whose stem is in `keep` (`run --projects` left it out) is taken whatever its
    hash, when its files are intact.
    """
    if not manifest:
        return {}
    published = manifest.get("reports") or {}
    outputs = manifest.get("outputs") or {}
    taken: dict[str, JobResult] = {}
    for job in jobs:
        entry = published.get(job.stem)
        if not isinstance(entry, dict) or (entry.get("input") != hashes.get(job.stem) and job.stem not in keep):
            continue
        files = report_files(job, formats)
        rels = _all_files(files)
        if sorted(entry.get("files") or ()) != sorted(rels) or not _take(rels, outputs, final, tmp):
            continue
        taken[job.stem] = JobResult(job, files["notebook"], html=files["html"], pdf=files["pdf"])
    return taken


def _take(rels, outputs: dict, final: Path, tmp: Path) -> bool:
    """Link (or copy) the published files `rels` into the new folder when every one is there
    with the bytes the manifest recorded; False, taking none, when one was edited or deleted."""
    try:
        if not all(outputs.get(r) == sha256(final / r) for r in rels):
            return False
    except OSError:
        return False
    for r in rels:
        _link_or_copy(final / r, tmp / r)
    return True


def carry_files(names, hashes: dict[str, str], manifest: dict | None, final: Path, tmp: Path) -> set[str]:
    """The output files (自评表.xlsx) taken from the published year: the input hash recorded
    under the manifest's `files` is this run's, and the file has the bytes recorded."""
    if not manifest:
        return set()
    published = manifest.get("files") or {}
    outputs = manifest.get("outputs") or {}
    taken = set()
    for name in names:
        entry = published.get(name)
        if isinstance(entry, dict) and entry.get("input") == hashes.get(name) and _take([name], outputs, final, tmp):
            taken.add(name)
    return taken


def manifest_entries(jobs, hashes: dict[str, str], formats) -> dict[str, dict]:
    """The manifest's `reports`: each report's input hash and files, for the next run."""
    return {job.stem: {"input": hashes[job.stem],
                       "files": sorted(_all_files(report_files(job, formats)))}
            for job in jobs}


__all__ = ["canon", "carry_files", "carry_over", "part_codes", "code_digest", "digest", "manifest_entries", "read_manifest",
           "report_files", "report_hashes"]
