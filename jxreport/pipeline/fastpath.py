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


def pdf_task(job, tmp: str, html_rel: str, keep_html: bool, root: str):
    """(In a PDF worker) print one page; returns (pdf path relative to tmp, seconds) or an error."""
    t = time.perf_counter()
    source = Path(tmp) / html_rel
    pdf_rel = f"{job.stem}.pdf"
    try:
        html_to_pdf(source.read_text(encoding="utf-8"), Path(tmp) / pdf_rel, header=job.header, base_url=root)
    except MissingDependencyError:
        raise
    except Exception as exc:
        return None, 0.0, f"导出失败：{type(exc).__name__}: {exc}"
    finally:
        if not keep_html:
            source.unlink(missing_ok=True)
        trim_if_large()
    return pdf_rel, time.perf_counter() - t, None


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
                        results.append(r if r.error or keep_html else replace(r, html=None))
                        bar.update(1)
                        failed = failed or bool(r.error)
                    else:
                        printing[pdfs.submit(pdf_task, r.job, str(tmp), r.html, keep_html, str(root))] = r
                else:
                    r = printing.pop(fut)
                    pdf_rel, seconds, error = fut.result()
                    r = replace(r, html=r.html if keep_html else None, pdf=pdf_rel, error=error,
                                seconds={**r.seconds, "pdf": seconds})
                    results.append(r)
                    bar.update(1)
                    failed = failed or bool(error)
            if failed:
                for fut in pages:
                    fut.cancel()
    order = {j.stem: i for i, j in enumerate(jobs)}
    return sorted(results, key=lambda r: order[r.job.stem])
