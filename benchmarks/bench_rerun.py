"""A rerun after a one-project change against a full run (issue 16), same machine, same year.

    python benchmarks/bench_rerun.py --projects 200
    python benchmarks/bench_rerun.py --projects 40 --workdir /tmp/jxreport-rerun

Writes a synthetic year of N projects, then, each `jxreport run` a fresh process:
1. a full run into out/ (the published year the rerun starts from);
2. one project's actuals changed (the first 支付 row of the first project, 1,000 元 less);
3. an incremental run into out/ (timed): the changed project and the department report are
   rebuilt, every other report carried over;
4. a full run (`--force`) into full/ (timed): what the rerun must equal, byte for byte.
Prints both times, their ratio, the reports rebuilt and carried over, and whether out/ and
full/ hold the same bytes in every file (notebooks and manifest included).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from jxreport.core import schema as S  # noqa: E402
from jxreport.pipeline.incremental import code_digest  # noqa: E402
from jxreport.samples.records import write_tables  # noqa: E402
from jxreport.samples.synth import make_tables  # noqa: E402

COUNTS = re.compile(r"重新生成 (\d+) 份，沿用 (\d+) 份")


def jxreport_run(params: Path, out: Path, workers: int | None, formats: str, force: bool = False, env=None):
    """(seconds, rebuilt, reused, cpu seconds of the run and its workers) of one `jxreport run` in a fresh process."""
    cmd = [sys.executable, "-m", "jxreport", "run", str(params), "--out", str(out), "--no-progress",
           "--formats", formats]
    if workers:
        cmd += ["--workers", str(workers)]
    if force:
        cmd.append("--force")
    t = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=params.parent.parent, env=env)
    seconds = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the run, its workers and kernels (all waited for)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    m = COUNTS.search(done.stdout)
    if done.returncode not in (0, 1) or not m:  # 1: a run with 错误 findings; no summary: the run failed
        sys.exit(f"jxreport run 失败（退出码 {done.returncode}）：\n{done.stdout}\n{done.stderr}")
    return seconds, int(m.group(1)), int(m.group(2)), cpu


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def change_one_project(tables: dict) -> str:
    """The first project's first payment, 1,000 元 less; returns its 项目编码."""
    row = tables[S.PAYMENTS.name][0]
    row["金额"] = float(row["金额"]) - 1000
    return row["项目编码"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, default=200)
    ap.add_argument("--workers", type=int, default=None, help="jxreport run --workers (default: cores)")
    ap.add_argument("--formats", default="html,pdf")
    ap.add_argument("--workdir", default="/tmp/jxreport-bench-rerun")
    ap.add_argument("--no-freeze", action="store_true",
                    help="run the checkout itself (default: a copy of jxreport/, so that edits made to a shared "
                         "checkout during the benchmark do not change every report's input hash)")
    args = ap.parse_args(argv)

    work = Path(args.workdir) / f"N{args.projects}"
    shutil.rmtree(work, ignore_errors=True)
    data = work / "data" / "2022"
    tables = make_tables(args.projects)
    write_tables(data, tables, notes="合成数据（benchmarks/bench_rerun.py 生成），仅用于性能基准。")
    params = work / "params" / "2022.yaml"
    params.parent.mkdir(parents=True)
    env = None
    if not args.no_freeze:  # as a user's installed package: its code does not change between runs
        src = work / "src"
        shutil.copytree(ROOT / "jxreport", src / "jxreport", ignore=shutil.ignore_patterns("__pycache__"))
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))}
    params.write_text("department: 合成街道办事处\ndata: data/2022\nrules: mof-2020\nformats: [html, pdf]\n"
                      "report_date: 2023-03-31\n", encoding="utf-8")

    code_before = code_digest.__wrapped__()  # a shared checkout may be edited while this runs
    run = lambda out, force=False: jxreport_run(params, work / out, args.workers, args.formats, force, env)  # noqa: E731
    first, n_first, _, first_cpu = run("out")
    code = change_one_project(tables)
    write_tables(data, tables, notes="合成数据（benchmarks/bench_rerun.py 生成），仅用于性能基准。")
    rerun, rebuilt, reused, rerun_cpu = run("out")
    full, n_full, _, full_cpu = run("full", force=True)

    code_moved = args.no_freeze and code_digest.__wrapped__() != code_before
    a, b = files(work / "out" / "2022"), files(work / "full" / "2022")
    differ = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    result = {"projects": args.projects, "formats": args.formats, "reports": n_full, "changed_project": code,
              "first_run_s": round(first, 2), "full_run_s": round(full, 2), "incremental_run_s": round(rerun, 2),
              "ratio": round(full / rerun, 2), "full_run_cpu_s": round(full_cpu, 1),
              "incremental_run_cpu_s": round(rerun_cpu, 1), "cpu_ratio": round(full_cpu / rerun_cpu, 2),
              "load_average": [round(x, 2) for x in os.getloadavg()], "rebuilt": rebuilt, "reused": reused,
              "identical": not differ, "code_changed_during_run": code_moved, "files": len(b), "differ": differ[:10]}
    print(f"N = {args.projects} 个项目，{n_full} 份报告（{args.formats}）")
    print(f"全量运行：{full:.1f} 秒（首次 {first:.1f} 秒）")
    print(f"改动项目 {code} 的一条支付记录后增量运行：{rerun:.1f} 秒，重新生成 {rebuilt} 份，沿用 {reused} 份")
    print(f"全量 ÷ 增量 = {full / rerun:.1f}×（CPU：全量 {full_cpu:.1f} 秒，增量 {rerun_cpu:.1f} 秒，"
          f"{full_cpu / rerun_cpu:.1f}×；负载 {os.getloadavg()[0]:.1f}）")
    if code_moved:
        print("注意：运行期间 jxreport 的代码或模板有改动（共享检出），增量运行因此会重新生成全部报告；请重跑。")
    print("增量输出与全量输出逐字节一致（共 {} 个文件）".format(len(b)) if not differ
          else f"不一致的文件：{'、'.join(differ[:10])}")
    (work / "results.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if not differ else 1


if __name__ == "__main__":
    sys.exit(main())
