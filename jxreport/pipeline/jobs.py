"""One report job: which notebook, with which parameters, into which files — and running it.

A leaf of the pipeline: the run plans Jobs, and every executor (serial, the warm pool, a Dask
cluster) calls `run_job` on them, so nothing here imports the run or an executor.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from jxreport.core.exceptions import MissingDependencyError
from jxreport.outputs.export import notebook_to_html
from jxreport.outputs.pdf import html_to_pdf
from jxreport.pipeline.deadline import DEFAULT_SECONDS, time_limit, timeout_message
from jxreport.pipeline.engines import ENGINE_NAME as DEFAULT_ENGINE, register, shutdown_all
from jxreport.pipeline.execute import execute_notebook, failure_summary
from jxreport.pipeline.reproducible import write_normalized
from jxreport.report.editions import EDITIONS, edition_path, for_edition

_UNSAFE = re.compile(r'[/\\:*?"<>|\s\x00-\x1f]+')


def safe_name(text: str) -> str:
    """A file name from report text: / \\ : * ? " < > | and whitespace become `_`."""
    return _UNSAFE.sub("_", str(text)).strip("._") or "_"


@dataclass(frozen=True)
class Job:
    """One report: which notebook, with which parameters, into which file names."""

    kind: str  # "department" | "project" | "monitoring"
    stem: str  # file name without extension: 部门整体绩效自评报告, JX-01_社区工作者工资 …
    title: str  # the page's <title>
    header: str  # the PDF's running header
    notebook: str  # the source notebook
    parameters: dict
    code: str | None = None
    editions: tuple[str, ...] = EDITIONS  # which of 报送稿 / 审核底稿 are written (one execution)
    timeout: float | None = DEFAULT_SECONDS  # seconds for executing and printing (deadline.py)
    full_timeout: float | None = None  # the report's whole limit, when `timeout` is what is left of it


@dataclass(frozen=True)
class JobResult:
    job: Job
    notebook: str  # the executed notebook (inside the temporary folder)
    html: tuple[str, ...] = ()  # one page per edition: 报送稿/<stem>.html, 审核底稿/<stem>.html
    pdf: tuple[str, ...] = ()
    error: str | None = None  # Chinese one-liner when the report failed
    seconds: dict = field(default_factory=dict)  # execute / html / pdf


def run_job(job: Job, tmp: str, formats: tuple[str, ...], root: str, date: str,
            engine_name: str | None = None) -> JobResult:
    """Execute one report notebook into tmp/notebooks/ and export it (runs in a worker process).

    Past `job.timeout` seconds the report stops with an error naming it and the limit, and this
    process's warm kernels are shut down (the hung one among them)."""
    clock = None
    try:
        with time_limit(job.timeout) as clock:
            result = _run_job(job, tmp, formats, root, date, engine_name)
        if not clock.expired:
            return result
    except BaseException:
        if clock is None or not clock.expired:
            raise
    shutdown_all()
    return JobResult(job, f"notebooks/{job.stem}.ipynb", error=timeout_message(job.stem, job.timeout))


def _run_job(job: Job, tmp: str, formats: tuple[str, ...], root: str, date: str,
             engine_name: str | None) -> JobResult:
    import papermill  # heavy: only in the processes that run reports

    if engine_name == DEFAULT_ENGINE:
        register()  # also when running from a checkout, without the installed entry point
    tmp_dir = Path(tmp)
    nb_rel = f"notebooks/{job.stem}.ipynb"
    out_nb = tmp_dir / nb_rel
    out_nb.parent.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    try:
        nb = execute_notebook(job.notebook, out_nb, job.parameters, cwd=root, engine_name=engine_name)
    except papermill.PapermillExecutionError as exc:
        return JobResult(job, nb_rel, error=failure_summary(exc))
    except Exception as exc:  # the kernel died, the notebook is unreadable …
        return JobResult(job, nb_rel, error=f"执行失败：{type(exc).__name__}: {exc}")
    try:  # same inputs, same bytes: no times, no temporary paths, fixed cell ids
        write_normalized(nb, out_nb, source=job.notebook, output_rel=nb_rel, root=root)
    except Exception as exc:
        return JobResult(job, nb_rel, error=f"执行失败：{type(exc).__name__}: {exc}")
    seconds["execute"] = time.perf_counter() - t
    html_rels: list[str] = []
    pdf_rels: list[str] = []
    try:
        t = time.perf_counter()
        page = notebook_to_html(nb, title=job.title, date=date)
        pages = {ed: for_edition(page, ed) for ed in job.editions}
        if "html" in formats:
            for ed, html in pages.items():
                html_rels.append(write_page(tmp_dir, edition_path(ed, job.stem, "html"), html))
        seconds["html"] = time.perf_counter() - t
        if "pdf" in formats:
            t = time.perf_counter()
            for ed, html in pages.items():
                rel = edition_path(ed, job.stem, "pdf")
                (tmp_dir / rel).parent.mkdir(parents=True, exist_ok=True)
                html_to_pdf(html, tmp_dir / rel, header=job.header, base_url=root)
                pdf_rels.append(rel)
            seconds["pdf"] = time.perf_counter() - t
    except Exception as exc:
        if isinstance(exc, MissingDependencyError):
            raise
        return JobResult(job, nb_rel, error=f"导出失败：{type(exc).__name__}: {exc}")
    return JobResult(job, nb_rel, html=tuple(html_rels), pdf=tuple(pdf_rels), seconds=seconds)


def write_page(folder: Path, rel: str, html: str) -> str:
    """Write one edition's page under `folder` (making its edition folder); returns `rel`."""
    (folder / rel).parent.mkdir(parents=True, exist_ok=True)
    (folder / rel).write_text(html, encoding="utf-8")
    return rel
