"""`jxreport run --scheduler tcp://HOST:8786`: the report jobs on an existing Dask cluster.

Each job runs on a Dask worker exactly as on this machine (`run.run_job`: papermill with the
warm-kernel engine, HTML, PDF) into a scratch folder there; the executed notebook, the HTML
and the PDF come back as bytes and are written into this run's staging folder, so the
atomic publish, index.html and manifest.json are the same as for a local run.

Workers that see the input files at the same paths with the same contents (a shared
filesystem) read them in place. Otherwise the inputs (workbooks, params, rule set,
notebooks; a few MB) are sent to each worker once and laid out under a scratch root with
the same relative paths. Dask is optional: `pip install "jxreport[dask]"`.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from dataclasses import replace
from pathlib import Path

from jxreport.pipeline.jobs import run_job

from jxreport.core.exceptions import MissingDependencyError, ReportError
from jxreport.core.exceptions import ParamsError
from jxreport.core.version import __version__
from jxreport.outputs.pdf import harfbuzz_subset_available
from jxreport.pipeline.kernelstate import trim_if_large
from jxreport.outputs.pdf import HARFBUZZ_WARNING

INSTALL_HINT = '使用 --scheduler 需要 Dask：请运行 pip install "jxreport[dask]"（安装 dask 与 distributed）。'
_job_lock = threading.Lock()  # papermill changes the process's working directory: one job at a time
_roots: dict[str, Path] = {}  # bundle digest -> scratch root on this worker


def require_dask() -> None:
    """Raise MissingDependencyError with the install hint unless dask.distributed imports."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise MissingDependencyError(INSTALL_HINT) from None


def connect(address: str):
    """A distributed.Client for `address`, or a Chinese message that says what to install or check."""
    require_dask()
    from distributed import Client
    try:
        return Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise ParamsError(f"无法连接 Dask 调度器 {address}：{exc}。请确认地址（如 tcp://HOST:8786）"
                          "和 dask-scheduler 已启动。") from None


def _digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _sees_same_files(expected: dict[str, str]) -> bool:
    """(On a worker) whether every input is readable at the same path with the same sha256."""
    try:
        return all(Path(p).is_file() and _digest(Path(p)) == sha for p, sha in expected.items())
    except OSError:
        return False


def _worker_facts() -> dict:
    """(On a worker) what the run needs to know about it."""
    return {"version": __version__, "harfbuzz_subset": harfbuzz_subset_available()}


def _remote_job(job, formats, date, engine_name, root: str, bundle_key: str | None, bundle=None):
    """(On a worker) run one job into a scratch folder and return its outputs as bytes."""

    if bundle_key is not None:
        base = _materialise(bundle_key, bundle)
        job = _relocate(job, root, base)
        root = str(base)
    with _job_lock, tempfile.TemporaryDirectory(prefix="jxreport-job-") as scratch:
        result = run_job(job, scratch, tuple(formats), root, date, engine_name)
        files = {}
        for rel in (result.notebook, *result.html, *result.pdf):
            if rel and (Path(scratch) / rel).is_file():
                files[rel] = (Path(scratch) / rel).read_bytes()

    trim_if_large()
    return result, files


def _materialise(key: str, bundle) -> Path:
    """Write the shipped inputs under a scratch root once per worker process."""
    base = _roots.get(key)
    if base is not None and base.is_dir():
        return base
    if hasattr(bundle, "result"):  # a Future passed through
        bundle = bundle.result()
    base = Path(tempfile.mkdtemp(prefix="jxreport-inputs-"))
    for rel, data in bundle.items():
        target = base / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    _roots[key] = base
    return base


def _shipped_name(path: str, root: str) -> str:
    """Where an input lives under the scratch root: its path relative to the project root."""
    p = Path(path)
    try:
        return p.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return f"_outside/{hashlib.sha256(str(p.resolve()).encode()).hexdigest()[:12]}/{p.name}"


def _relocate(job, root: str, base: Path):
    """The job with its notebook and path parameters pointing into the shipped inputs."""
    params = dict(job.parameters)
    for key in ("data_dir", "previous_dir"):
        if params.get(key):
            params[key] = str(base / _shipped_name(params[key], root))
    rules = params.get("rules")
    if rules and (str(rules).endswith((".yaml", ".yml")) or os.sep in str(rules)):
        params["rules"] = str(base / _shipped_name(rules, root))
    return replace(job, notebook=str(base / _shipped_name(job.notebook, root)), parameters=params)


def _bundle(inputs: dict[str, Path], jobs, root: Path) -> dict[str, bytes]:
    """Every input file by its name under the scratch root (data folders go whole)."""
    files: set[Path] = {Path(p) for p in inputs.values()}
    for job in jobs:
        for key in ("data_dir", "previous_dir"):
            d = job.parameters.get(key)
            if d and Path(d).is_dir():
                files |= {p for p in Path(d).iterdir() if p.is_file() and p.suffix == ".xlsx"}
        files.add(Path(job.notebook))
    return {_shipped_name(str(p), str(root)): p.read_bytes() for p in sorted(files) if p.is_file()}


def run_jobs_on_cluster(address: str, jobs, tmp: Path, formats, root: Path, date: str,
                        engine_name: str | None, bar, inputs: dict[str, Path], ship: str | None = None,
                        notes: list[str] | None = None):
    """Run the jobs on the Dask cluster at `address`; write their outputs into `tmp`.

    Returns the JobResults in job order (like every executor); stops submitting after the
    first failure. `ship`: "auto" (send the inputs when some worker does not see them at the
    same paths), "always" or "never"; default: $JXREPORT_SHIP_INPUTS, else "auto".
    """
    from distributed import as_completed

    ship = ship or os.environ.get("JXREPORT_SHIP_INPUTS", "auto")
    if ship not in ("auto", "always", "never"):
        raise ParamsError(f"JXREPORT_SHIP_INPUTS 应为 auto、always 或 never，读到「{ship}」。")

    client = connect(address)
    try:
        facts = client.run(_worker_facts)
        if not facts:
            raise ReportError(f"Dask 集群 {address} 没有可用的 worker。")

        stale = sorted(w for w, f in facts.items() if f.get("version") != __version__)
        if stale:
            raise ReportError(f"以下 Dask worker 的 jxreport 版本与本机（{__version__}）不同："
                              + "、".join(stale) + "；请在各 worker 上安装相同版本。")
        if notes is not None and "pdf" in formats and any(not f.get("harfbuzz_subset") for f in facts.values()):
            lacking = sorted(w for w, f in facts.items() if not f.get("harfbuzz_subset"))
            notes.append(HARFBUZZ_WARNING + "（缺少的 Dask worker：" + "、".join(lacking) + "）")
        key = bundle = None
        if ship != "never":
            expected = {str(Path(p).resolve()): _digest(Path(p)) for p in inputs.values()}
            for job in jobs:
                expected.setdefault(str(Path(job.notebook).resolve()), _digest(Path(job.notebook)))
            sees = client.run(_sees_same_files, expected)
            if ship == "always" or not all(sees.values()):
                data = _bundle(inputs, jobs, root)
                key = hashlib.sha256(b"".join(k.encode() + hashlib.sha256(v).digest()
                                              for k, v in sorted(data.items()))).hexdigest()
                (bundle,) = client.scatter([data], broadcast=True)  # one object, on every worker
        results = []
        futures = [client.submit(_remote_job, job, tuple(formats), date, engine_name, str(root), key, bundle,
                                 key=f"jxreport-{job.stem}-{os.getpid()}-{i}", pure=False)
                   for i, job in enumerate(jobs)]
        failed = False
        for fut in as_completed(futures):
            if fut.cancelled():
                continue
            result, files = fut.result()
            for rel, data in files.items():
                target = Path(tmp) / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            fut.release()
            results.append(result)
            bar.update(1)
            if result.error and not failed:
                failed = True
                for other in futures:
                    if not other.done():
                        other.cancel()
        order = {j.stem: i for i, j in enumerate(jobs)}
        return sorted(results, key=lambda r: order[r.job.stem])
    finally:
        client.close()
