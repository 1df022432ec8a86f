"""The reports of a run on this machine, fast: warm kernels for the notebooks, a pool for PDFs.

Two process pools of `workers` processes each (spawned, so nothing of the caller is
inherited). A report worker runs papermill with the warm-kernel engine (its kernel stays
up between reports) and exports the HTML in-process; the finished page goes to a PDF
worker, which has loaded WeasyPrint and the CJK font once. So the next notebook executes
while the last one is printed, and no worker carries both a kernel and a WeasyPrint
layout at once: memory per worker stays flat as the year grows. A worker that has grown
past kernelstate.TRIM_ABOVE_MB (the department report) gives freed memory back.

The results are those of `run.run_job`, one per job, in job order; after the first failure
no new report is started (as in run._run_jobs).
"""

from __future__ import annotations

import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import replace
from pathlib import Path

from jxreport.pipeline.deadline import time_limit, timeout_message
from jxreport.pipeline.jobs import run_job
from jxreport.pipeline.kernelstate import trim_if_large
from jxreport.outputs.pdf import font_config
from jxreport.core.exceptions import MissingDependencyError
from jxreport.outputs.pdf import html_to_pdf


def report_task(job, tmp: str, formats: tuple[str, ...], root: str, date: str, engine_name: str | None):
    """(In a report worker) execute and export the page; the PDF is left to a PDF worker."""
    page_formats = tuple(f for f in formats if f != "pdf")
    if "pdf" in formats and "html" not in page_formats:
        page_formats += ("html",)  # the PDF worker's input; removed again when only PDF is asked for
    result = run_job(job, tmp, page_formats, root, date, engine_name)
    trim_if_large()
    return result


def pdf_worker_init() -> None:
    """(In a PDF worker, once) import WeasyPrint and load the fonts."""
    font_config()


def left_for_pdf(r):
    """The job as the PDF worker gets it: its limit less what executing it took (≥ 1 s)."""
    if not r.job.timeout:
        return r.job
    spent = sum(r.seconds.values())
    return replace(r.job, timeout=max(1.0, r.job.timeout - spent), full_timeout=r.job.timeout)


def full_limit(job) -> float:
    return job.full_timeout or job.timeout


def pdf_task(job, tmp: str, html_rels: tuple[str, ...], keep_html: bool, root: str):
    """(In a PDF worker) print each edition's page; returns (pdf paths relative to tmp, seconds) or an error."""
    t = time.perf_counter()
    pdf_rels = []
    clock = None
    try:
        with time_limit(job.timeout) as clock:  # what the report worker left of the report's limit
            for html_rel in html_rels:
                source = Path(tmp) / html_rel
                pdf_rel = str(Path(html_rel).with_suffix(".pdf").as_posix())
                html_to_pdf(source.read_text(encoding="utf-8"), Path(tmp) / pdf_rel, header=job.header,
                            base_url=root)
                pdf_rels.append(pdf_rel)
    except BaseException as exc:
        if clock is not None and clock.expired:  # ReportTimeout, or what a library made of it
            return (), 0.0, timeout_message(job.stem, full_limit(job))
        if isinstance(exc, MissingDependencyError) or not isinstance(exc, Exception):
            raise
        return (), 0.0, f"导出失败：{type(exc).__name__}: {exc}"
    finally:
        if not keep_html:
            for html_rel in html_rels:
                (Path(tmp) / html_rel).unlink(missing_ok=True)
        trim_if_large()
    return tuple(pdf_rels), time.perf_counter() - t, None


def run_pooled(jobs: list, tmp: Path, formats, root: Path, date: str, workers: int, engine_name: str | None,
               bar) -> list:
    """Run the jobs on a report pool and a PDF pool; results in job order."""
    import multiprocessing

    spawn = multiprocessing.get_context("spawn")
    formats = tuple(formats)
    want_pdf, keep_html = "pdf" in formats, "html" in formats
    args = (str(tmp), formats, str(root), date, engine_name)
    results = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=spawn) as reports, \
            ProcessPoolExecutor(max_workers=workers, mp_context=spawn, initializer=pdf_worker_init) as pdfs:
        pages = {reports.submit(report_task, job, *args) for job in jobs}
        printing: dict = {}
        failed = False
        while pages or printing:
            done, _ = wait(pages | set(printing), return_when=FIRST_COMPLETED)
            for fut in done:
                if fut.cancelled():
                    pages.discard(fut)
                    printing.pop(fut, None)
                    continue
                if fut in pages:
                    pages.discard(fut)
                    r = fut.result()  # a MissingDependencyError is raised here
                    if r.error or not want_pdf or failed:
                        results.append(r if r.error or keep_html else replace(r, html=()))
                        bar.update(1)
                        failed = failed or bool(r.error)
                    else:
                        printing[pdfs.submit(pdf_task, left_for_pdf(r), str(tmp), r.html, keep_html, str(root))] = r
                else:
                    r = printing.pop(fut)
                    pdf_rel, seconds, error = fut.result()
                    r = replace(r, html=r.html if keep_html else (), pdf=pdf_rel, error=error,
                                seconds={**r.seconds, "pdf": seconds})
                    results.append(r)
                    bar.update(1)
                    failed = failed or bool(error)
            if failed:
                for fut in pages:
                    fut.cancel()
    order = {j.stem: i for i, j in enumerate(jobs)}
    return sorted(results, key=lambda r: order[r.job.stem])
