"""The department report's memory and time as the number of projects grows (issue 16 point 6).

    python -m benchmarks.bench_dept_memory --projects 20 200 1000

For each N: a synthetic year (samples/synth.make_tables), then `jxreport run --projects <first
code>` in a fresh process (the department report, its appendix and one project report, HTML +
PDF), sampled every 0.2 s by bench_run.Sampler: the peak RSS of each worker's process tree (a
report worker with its warm kernel, a PDF worker) and of the main process, and the seconds each
department document took to execute, export and print. With --kernels, also what each kernel
unpickles from the run's snapshot (report/snapshot.py), each in a fresh process: the RSS growth of
loading the whole prepared year, the department report's context and one appendix part's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_run import Sampler  # noqa: E402
from jxreport.core import schema as S  # noqa: E402
from jxreport.samples.records import write_tables  # noqa: E402
from jxreport.samples.synth import make_tables  # noqa: E402


def one(n: int, work: Path, formats: str, src: Path) -> dict:
    folder = work / f"N{n}"
    shutil.rmtree(folder, ignore_errors=True)
    tables = make_tables(n)
    write_tables(folder / "data" / "2022", tables, notes="合成数据（benchmarks/bench_dept_memory.py 生成）。")
    params = folder / "params" / "2022.yaml"
    params.parent.mkdir(parents=True)
    params.write_text("department: 合成街道办事处\ndata: data/2022\nrules: mof-2020\nformats: [html, pdf]\n"
                      "report_date: 2023-03-31\n", encoding="utf-8")
    code = tables[S.PAYMENTS.name][0]["项目编码"]
    cmd = [sys.executable, "-m", "jxreport", "run", str(params), "--out", str(folder / "out"), "--no-progress",
           "--formats", formats, "--projects", code, "--force"]
    env = dict(os.environ, PYTHONPATH=str(src) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with Sampler() as sampler:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(folder), env=env)
        sampler.root = proc.pid
        out, err = proc.communicate()
        seconds = time.perf_counter() - t
    if proc.returncode not in (0, 1):
        sys.exit(f"jxreport run 失败：\n{err.decode(errors='replace')[-2000:]}")
    year = folder / "out" / "2022"
    sizes = {p.relative_to(year).as_posix(): p.stat().st_size for p in year.rglob("部门整体*")}
    return {"projects": n, "seconds": round(seconds, 1), "workers_mb": sorted(round(v) for v in sampler.peak.values()),
            "main_mb": round(sampler.main_peak), "department_files": sizes}


_PROBE = """
import gc, os, pickle, sys
import jxreport.report.context, jxreport.sections.annual, jxreport.sections.appendix_parts
def rss():
    return int(open('/proc/self/statm').read().split()[1]) * os.sysconf('SC_PAGE_SIZE') / 2**20
gc.collect(); before = rss()
ctx = pickle.loads(open(sys.argv[1], 'rb').read())
gc.collect(); print(rss() - before)
"""


def kernels(n: int, work: Path, src: Path) -> dict:
    """MB a kernel grows by unpickling each context of the year `one` wrote (the snapshot's files)."""
    folder = work / f"N{n}" / "kernels"
    code = f"""
import pickle, sys
from pathlib import Path
from jxreport.report.context import prepare_year
from jxreport.scoring.rules import load_rules
from jxreport.sections import appendix
ctx = prepare_year(Path(sys.argv[1]), load_rules("mof-2020"), ())
first = appendix.parts([p.code for p in ctx.scores.projects])[0]
out = Path(sys.argv[2]); out.mkdir(parents=True, exist_ok=True)
for name, obj in (("whole", ctx), ("department", ctx.summary()), ("part", ctx.part(first))):
    (out / (name + ".pickle")).write_bytes(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
"""
    env = dict(os.environ, PYTHONPATH=str(src) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    subprocess.run([sys.executable, "-c", code, str(work / f"N{n}" / "data" / "2022"), str(folder)], check=True,
                   env=env, cwd=str(work))
    out = {}
    for name in ("whole", "department", "part"):
        f = folder / f"{name}.pickle"
        grown = subprocess.run([sys.executable, "-c", _PROBE, str(f)], check=True, env=env, cwd=str(work),
                               capture_output=True, text=True).stdout
        out[name] = {"pickle_mb": round(f.stat().st_size / 2**20, 1), "rss_mb": round(float(grown), 1)}
    shutil.rmtree(folder, ignore_errors=True)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, nargs="+", default=[20, 200, 1000])
    ap.add_argument("--formats", default="html,pdf")
    ap.add_argument("--workdir", default="/tmp/jxreport-bench-dept")
    ap.add_argument("--kernels", action="store_true", help="also what each kernel unpickles (MB, one process each)")
    args = ap.parse_args(argv)
    src = Path(args.workdir) / "src"  # a copy: edits to a shared checkout during the runs change nothing
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(ROOT / "jxreport", src / "jxreport", ignore=shutil.ignore_patterns("__pycache__"))
    for n in args.projects:
        r = one(n, Path(args.workdir), args.formats, src)
        if args.kernels:
            r["kernel_mb"] = kernels(n, Path(args.workdir), src)
        print(json.dumps(r, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
