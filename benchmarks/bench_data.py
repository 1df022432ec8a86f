"""The data path at scale: reading a 100,000-row ledger, loading a whole year, scoring it.

    python benchmarks/bench_data.py                      # 10,000 projects in /tmp/jxreport-scale/2022
    python benchmarks/bench_data.py --dir DIR --projects N --payments P --responses R

The year is generated once (benchmarks/make_year.py: N projects × 10 indicators, P payments
and R survey answers a project) and reused. Each step is timed `--repeat` times, every memo of jxreport emptied before
each (no repeat profits from the one before); the best wall time and its CPU time are printed,
and the lowest and highest CPU time of the repeats (CPU time is what the step itself costs on
a busy machine, where wall times mean little).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path


from jxreport.samples.synth import write_year
from jxreport import load_year
from jxreport.core import schema as S
from jxreport.io.reading import open_workbook, read_sheet


def clear_caches() -> None:
    """Empty every memo in jxreport (parsed targets, units, satisfaction), so each repeat is cold."""
    for name, module in list(sys.modules.items()):
        if name == "jxreport" or name.startswith("jxreport."):
            for obj in vars(module).values():
                if callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", None) == name:
                    obj.cache_clear()


def timed(fn, repeat: int):
    """(last result, (best wall, its CPU, lowest CPU, highest CPU)) over `repeat` cold runs."""
    best, cpus = None, []
    for _ in range(repeat):
        clear_caches()
        c0, w0 = time.process_time(), time.perf_counter()
        out = fn()
        t = (time.perf_counter() - w0, time.process_time() - c0)
        cpus.append(t[1])
        best = t if best is None or t[0] < best[0] else best
    return out, (*best, min(cpus), max(cpus))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="数据读取与评分的规模基准")
    p.add_argument("--dir", default="/tmp/jxreport-scale/2022", help="年度数据目录（不存在时生成）")
    p.add_argument("--projects", type=int, default=10_000)
    p.add_argument("--payments", type=int, default=10, help="每个项目的支出笔数（10,000 × 10 = 100,000 行）")
    p.add_argument("--responses", type=int, default=10)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    d = Path(args.dir)
    if not (d / S.ACTUALS).exists():
        print(f"生成 {args.projects} 个项目的年度数据到 {d} …", flush=True)
        write_year(d, args.projects, args.seed, payments=args.payments, responses=args.responses, max_leaders=1)

    def ledger():
        problems = []
        return read_sheet(open_workbook(d / S.ACTUALS, problems), S.PAYMENTS, problems)

    from jxreport.scoring.rules import load_rules
    from jxreport.scoring.scorer import score_year

    rows = []
    frame, t = timed(ledger, args.repeat)
    rows.append((f"读取支出明细（{len(frame):,} 行）", t))
    year, t = timed(lambda: load_year(d), args.repeat)
    rows.append((f"load_year（{len(year.projects):,} 个项目，{len(year.indicators):,} 个指标，"
                 f"{len(year.payments):,} 笔支出，{len(year.grants):,} 行发放台账）", t))
    rules = load_rules(None)
    scores, t = timed(lambda: score_year(year, rules), args.repeat)
    rows.append((f"score_year（{len(scores.projects):,} 个项目）", t))
    print(f"机器：{platform.machine()}，{platform.processor() or ''} Python {platform.python_version()}")
    for label, (wall, cpu, low, high) in rows:
        print(f"{label}: {wall:.2f} 秒（CPU {cpu:.2f} 秒；{args.repeat} 次的 CPU {low:.2f}–{high:.2f} 秒）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
