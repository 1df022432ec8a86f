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
from jxreport.pipeline.engines import ENGINE_NAME as DEFAULT_ENGINE, register
from jxreport.pipeline.execute import execute_notebook, failure_summary
from jxreport.pipeline.reproducible import write_normalized

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


@dataclass(frozen=True)
class JobResult:
    job: Job
    notebook: str  # the executed notebook (inside the temporary folder)
    html: str | None = None
    pdf: str | None = None
    error: str | None = None  # Chinese one-liner when the report failed
    seconds: dict = field(default_factory=dict)  # execute / html / pdf


def run_job(job: Job, tmp: str, formats: tuple[str, ...], root: str, date: str,
            engine_name: str | None = None) -> JobResult:
    """Execute one report notebook into tmp/notebooks/ and export it (runs in a worker process)."""
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
    html_rel = pdf_rel = None
    try:
        t = time.perf_counter()
        html = notebook_to_html(nb, title=job.title, date=date)
        if "html" in formats:
            html_rel = f"{job.stem}.html"
            (tmp_dir / html_rel).write_text(html, encoding="utf-8")
        seconds["html"] = time.perf_counter() - t
        if "pdf" in formats:
            t = time.perf_counter()
            pdf_rel = f"{job.stem}.pdf"
            html_to_pdf(html, tmp_dir / pdf_rel, header=job.header, base_url=root)
            seconds["pdf"] = time.perf_counter() - t
    except Exception as exc:
        if isinstance(exc, MissingDependencyError):
            raise
        return JobResult(job, nb_rel, error=f"导出失败：{type(exc).__name__}: {exc}")
    return JobResult(job, nb_rel, html=html_rel, pdf=pdf_rel, seconds=seconds)
