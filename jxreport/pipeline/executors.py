"""How a run's report jobs are executed, chosen by name as papermill chooses engines.

`serial` runs them one after another here; `pool` in spawned processes with a fresh kernel per
report; `warm` (the default with several workers) keeps kernels warm and prints PDFs in a pool
of their own; `dask` sends them to a Dask cluster. Every executor takes a `Batch` and a
progress bar, and returns the JobResults in job order, starting no new job after a failure.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from jxreport.pipeline import cluster, fastpath
from jxreport.pipeline.engines import ENGINE_NAME, shutdown_all
from jxreport.pipeline.jobs import Job, JobResult, run_job


@dataclass(frozen=True)
class Batch:
    """The jobs of one run and what every executor needs to run them."""

    jobs: tuple[Job, ...]
    tmp: Path  # the staging folder the outputs go into
    formats: tuple[str, ...]
    root: Path  # the project root (relative paths in the notebooks' parameters)
    date: str  # the report date, printed on each page
    workers: int = 1
    engine_name: str = ENGINE_NAME
    scheduler: str | None = None  # tcp://HOST:8786 for `dask`
    inputs: dict = field(default_factory=dict)  # name -> Path: what a remote worker may need shipped
    notes: list | None = None  # an executor may add notes about the run here

    @property
    def args(self) -> tuple:
        return (str(self.tmp), self.formats, str(self.root), self.date, self.engine_name)


Executor = Callable[[Batch, object], list[JobResult]]
EXECUTORS: dict[str, Executor] = {}


def register(name: str):
    """Add an executor under `name` (a decorator)."""
    def add(fn: Executor) -> Executor:
        EXECUTORS[name] = fn
        return fn
    return add


def choose(batch: Batch) -> str:
    """The executor a batch gets when none is named."""
    if batch.scheduler is not None:
        return "dask"
    if batch.workers <= 1 or len(batch.jobs) <= 1:
        return "serial"
    return "warm" if batch.engine_name == ENGINE_NAME else "pool"


def execute(batch: Batch, bar, name: str | None = None) -> list[JobResult]:
    return EXECUTORS[name or choose(batch)](batch, bar)


def in_job_order(results: list[JobResult], jobs) -> list[JobResult]:
    order = {j.stem: i for i, j in enumerate(jobs)}
    return sorted(results, key=lambda r: order[r.job.stem])


@register("serial")
def run_serial(batch: Batch, bar) -> list[JobResult]:
    results: list[JobResult] = []
    try:
        for job in batch.jobs:
            r = run_job(job, *batch.args)
            results.append(r)
            bar.update(1)
            if r.error:
                break
    finally:
        if batch.engine_name == ENGINE_NAME:
            shutdown_all()  # warm kernels live for one run (worker processes stop theirs at exit)
    return results


@register("pool")
def run_pool(batch: Batch, bar) -> list[JobResult]:
    results: list[JobResult] = []
    # spawn, not fork: the caller may have threads (tqdm's monitor) and open kernels.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=batch.workers, mp_context=spawn) as pool:
        pending = {pool.submit(run_job, job, *batch.args) for job in batch.jobs}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            failed = False
            for fut in done:
                r = fut.result()  # a MissingDependencyError is raised here
                results.append(r)
                bar.update(1)
                failed = failed or bool(r.error)
            if failed:
                for fut in pending:
                    fut.cancel()
                for fut in pending:
                    if not fut.cancelled():
                        results.append(fut.result())
                        bar.update(1)
                break
    return in_job_order(results, batch.jobs)


@register("warm")
def run_warm(batch: Batch, bar) -> list[JobResult]:
    return fastpath.run_pooled(list(batch.jobs), batch.tmp, batch.formats, batch.root, batch.date,
                               batch.workers, batch.engine_name, bar)


@register("dask")
def run_dask(batch: Batch, bar) -> list[JobResult]:
    return cluster.run_jobs_on_cluster(batch.scheduler, list(batch.jobs), batch.tmp, batch.formats, batch.root,
                                       batch.date, batch.engine_name, bar, batch.inputs, notes=batch.notes)
