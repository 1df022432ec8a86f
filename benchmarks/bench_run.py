"""The usual loop against `jxreport run`, on the same synthetic year, same machine, alternating.

    python benchmarks/bench_run.py --projects 50
    python benchmarks/bench_run.py --projects 200 --rounds 1 --workdir /tmp/jxreport-bench

The usual loop is what people script today, per report, a fresh process for each step,
two reports at a time (`--parallel`):

    papermill notebooks/project_report.ipynb X.ipynb -y "<parameters>" --cwd ROOT
    jupyter nbconvert --to html --no-input --template-file report.html.j2 X.ipynb
    (figures kept with their units, sections.html.keep_figures, as outputs.export does; the page
     split into its two editions, 报送稿/X.html and 审核底稿/X.html, by report.editions)
    weasyprint -s report.css -s print.css 报送稿/X.html 报送稿/X.pdf   (and 审核底稿/…)

(given jxreport's own template and stylesheets, so that both make the same reports).
`jxreport run` is the command line, run as a fresh process, with `--workers` (default: cores).
Both make the department report and one report per project, HTML and PDF, in both editions
and the same layout (notebooks/, 报送稿/, 审核底稿/), so that compare.py compares each edition's
PDF with its counterpart.

Printed: wall time, time per report, peak memory per worker (the RSS of one worker's
process tree, sampled every 0.2 s: for the usual loop the running command and its kernel,
for jxreport run a pool worker and its warm kernel) and the ratio; then whether both runs
hold the same reports (notebook outputs, PDF text and figures: benchmarks/compare.py).
Results go to WORKDIR/results-N<projects>.json as well.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as `python benchmarks/bench_run.py`: the repository's root holds `benchmarks`
    sys.path.insert(0, str(ROOT))

from benchmarks.compare import compare_dirs  # noqa: E402
from jxreport.report.editions import edition_path, for_edition
from jxreport.samples.synth import write_year
from jxreport.sections.html import keep_figures

BIN = Path(sys.executable).parent
TEMPLATES = ROOT / "jxreport" / "templates"


# --------------------------------------------------------------------------- memory

class Sampler:
    """Samples the RSS of process trees every `interval` s; keeps each slot's peak (MB)."""

    def __init__(self, interval: float = 0.2):
        import psutil

        self.psutil = psutil
        self.interval = interval
        self.slots: dict[str, int] = {}  # slot -> root pid (usual loop: the running command)
        self.root: int | None = None  # jxreport run: the main pid; slots are its child workers
        self.peak: dict[str, float] = {}
        self.main_peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _tree_rss(self, proc) -> float:
        total = 0
        for p in [proc, *proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except self.psutil.Error:
                pass
        return total / 2**20

    def _run(self):
        ps = self.psutil
        while not self._stop.wait(self.interval):
            try:
                if self.root is not None:
                    main = ps.Process(self.root)
                    self.main_peak = max(self.main_peak, main.memory_info().rss / 2**20)
                    for child in main.children():
                        if "resource_tracker" in " ".join(child.cmdline()):
                            continue
                        key = f"worker-{child.pid}"
                        self.peak[key] = max(self.peak.get(key, 0.0), self._tree_rss(child))
                for slot, pid in list(self.slots.items()):
                    self.peak[slot] = max(self.peak.get(slot, 0.0), self._tree_rss(ps.Process(pid)))
            except ps.Error:
                continue


# --------------------------------------------------------------------------- the two ways

def plan(params_path: Path):
    """The jobs `jxreport run` would run (same parameters, names and running headers)."""
    from jxreport.checks import run_checks  # noqa: F401 - same import cost as a run, not timed
    from jxreport.io.loading import load_year
    from jxreport.pipeline.params import load_params
    from jxreport.scoring.rules import load_rules
    from jxreport.pipeline.run import _plan
    from jxreport.scoring.scorer import score_year

    params = load_params(params_path)
    year = load_year(params.data_dir)
    ys = score_year(year, load_rules(params.rules, search=params.rule_search))
    return params, _plan(params, year, ys, codes={p.code for p in ys.projects}, month=None,
                         notebooks=ROOT / "notebooks")


def prepare_usual(jobs, work: Path) -> None:
    """Per report: the parameters as YAML and the print stylesheet (not timed: a script's setup)."""
    from jxreport.outputs.pdf import print_css

    (work / "setup").mkdir(parents=True, exist_ok=True)
    for job in jobs:
        import yaml

        (work / "setup" / f"{job.stem}.yaml").write_text(
            yaml.safe_dump(job.parameters, allow_unicode=True, sort_keys=False), encoding="utf-8")
        (work / "setup" / f"{job.stem}.css").write_text(print_css(job.header), encoding="utf-8")


def usual_loop(jobs, work: Path, out: Path, root: Path, parallel: int, sampler: Sampler) -> None:
    from jxreport.pipeline.execute import report_kernel

    kernel = report_kernel()
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    slots = [f"usual-{i}" for i in range(parallel)]
    free = list(slots)
    lock = threading.Lock()

    def run(cmd, slot):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=str(root))
        sampler.slots[slot] = proc.pid
        _, err = proc.communicate()
        sampler.slots.pop(slot, None)
        if proc.returncode:
            raise RuntimeError(f"{cmd[0]} failed: {err.decode(errors='replace')[-800:]}")

    def one(job):
        with lock:
            slot = free.pop()
        try:
            nb = out / "notebooks" / f"{job.stem}.ipynb"
            params = (work / "setup" / f"{job.stem}.yaml").read_text(encoding="utf-8")
            run([str(BIN / "papermill"), job.notebook, str(nb), "-y", params, "--cwd", str(root), "-k", kernel,
                 "--no-progress-bar"], slot)
            pages = work / "pages"  # the one page nbconvert makes, both editions' text in it
            run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                 f"--TemplateExporter.extra_template_paths={TEMPLATES}", "--template-file", "report.html.j2",
                 "--HTMLExporter.embed_images=True", "--output-dir", str(pages), "--output", job.stem, str(nb)], slot)
            # what outputs.export does after nbconvert: each figure kept with its unit on one line
            page = keep_figures((pages / f"{job.stem}.html").read_text(encoding="utf-8"))
            for ed in job.editions:  # the same layout as `jxreport run`: 报送稿/<stem>.html|pdf, 审核底稿/…
                html = out / edition_path(ed, job.stem, "html")
                html.parent.mkdir(parents=True, exist_ok=True)
                html.write_text(for_edition(page, ed), encoding="utf-8")
                run([str(BIN / "weasyprint"), "-s", str(TEMPLATES / "report.css"),
                     "-s", str(work / "setup" / f"{job.stem}.css"), str(html),
                     str(out / edition_path(ed, job.stem, "pdf"))], slot)
        finally:
            with lock:
                free.append(slot)

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        for f in [pool.submit(one, job) for job in jobs]:
            f.result()


def jxreport_run(params_path: Path, out: Path, workers: int | None, sampler: Sampler) -> None:
    cmd = [sys.executable, "-m", "jxreport", "run", str(params_path), "--out", str(out), "--no-progress"]
    if workers:
        cmd += ["--workers", str(workers)]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(ROOT), env=env)
    sampler.root = proc.pid
    out_text, err = proc.communicate()
    sampler.root = None
    if proc.returncode:
        raise RuntimeError("jxreport run failed:\n" + err.decode(errors="replace")[-2000:])


# --------------------------------------------------------------------------- main

def machine() -> str:
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        model = platform.processor()
    import psutil

    return (f"{os.cpu_count()} cores ({model}), {psutil.virtual_memory().total / 2**30:.0f} GB RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="常规做法（papermill → nbconvert → weasyprint）与 jxreport run 的对比基准")
    ap.add_argument("--projects", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", default="/tmp/jxreport-bench")
    ap.add_argument("--parallel", type=int, default=2, help="常规做法同时运行的报告数（默认 2）")
    ap.add_argument("--workers", type=int, default=None, help="jxreport run --workers（默认 CPU 核数）")
    ap.add_argument("--rounds", type=int, default=1, help="轮数；每轮两种做法各运行一次，先后交替")
    ap.add_argument("--skip-usual", action="store_true", help="只运行 jxreport run")
    args = ap.parse_args(argv)

    work = Path(args.workdir) / f"N{args.projects}"
    data = work / "data" / "2022"
    if not (data / "actuals.xlsx").exists():
        write_year(data, args.projects, args.seed)
    params_path = work / "params" / "2022.yaml"
    params_path.parent.mkdir(parents=True, exist_ok=True)
    params_path.write_text(f"department: 合成街道办事处\ndata: {data}\nrules: mof-2020\nformats: [html, pdf]\n"
                           f"output: {work / 'output'}\nreport_date: 2023-03-31\n", encoding="utf-8")
    params, jobs = plan(params_path)
    prepare_usual(jobs, work)
    n = len(jobs)
    print(f"机器：{machine()}")
    print(f"年度：{args.projects} 个项目，共 {n} 份报告（部门整体 + 每个项目），HTML + PDF")
    runs = []
    for r in range(args.rounds):
        order = ("usual", "fast") if r % 2 == 0 else ("fast", "usual")
        for way in order:
            if way == "usual" and args.skip_usual:
                continue
            out = work / f"out-{way}-{r}"
            shutil.rmtree(out, ignore_errors=True)
            with Sampler() as sampler:
                t = time.perf_counter()
                if way == "usual":
                    usual_loop(jobs, work, out, params.root, args.parallel, sampler)
                    folder = out
                else:
                    jxreport_run(params_path, out, args.workers, sampler)
                    folder = out / "2022"
                wall = time.perf_counter() - t
            worker_peaks = sorted(sampler.peak.values())
            runs.append({"way": way, "round": r, "wall_s": round(wall, 1), "per_report_s": round(wall / n, 2),
                         "peak_worker_mb": round(max(worker_peaks), 0) if worker_peaks else None,
                         "workers_seen": len(worker_peaks), "worker_peaks_mb": [round(x) for x in worker_peaks],
                         "peak_main_mb": round(sampler.main_peak, 0) or None,
                         "folder": str(folder)})
            print(f"  第 {r + 1} 轮 {'常规做法' if way == 'usual' else 'jxreport run'}：{wall:.1f} 秒，"
                  f"每份 {wall / n:.2f} 秒，单个 worker 内存峰值 {runs[-1]['peak_worker_mb']} MB"
                  + (f"（主进程 {runs[-1]['peak_main_mb']} MB）" if way == "fast" else ""), flush=True)
    usual = [x for x in runs if x["way"] == "usual"]
    fast = [x for x in runs if x["way"] == "fast"]
    summary = {"projects": args.projects, "reports": n, "machine": machine(), "parallel": args.parallel,
               "workers": args.workers or os.cpu_count(), "runs": runs}
    if usual and fast:
        mean = lambda xs: sum(x["wall_s"] for x in xs) / len(xs)  # noqa: E731
        summary["ratio"] = round(mean(usual) / mean(fast), 2)
        diffs = compare_dirs(usual[0]["folder"], fast[0]["folder"])
        summary["same_content"] = not diffs
        summary["differences"] = diffs[:20]
        print(f"倍数（常规 ÷ jxreport run）：{summary['ratio']}×")
        print("内容一致（笔记本输出、PDF 文字与图片）" if not diffs else "内容不一致：\n  " + "\n  ".join(diffs[:20]))
    (Path(args.workdir) / f"results-N{args.projects}.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if summary.get("same_content", True) else 1


if __name__ == "__main__":
    sys.exit(main())
