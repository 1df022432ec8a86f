"""成本分析 on 10,000 projects with 1,000,000 发放台账 rows (issue 15: target under 3 s).

Usage: .venv/bin/python -m benchmarks.bench_costs [--projects 10000] [--rows 1000000] [--checks]

The year is generated in memory (no workbook): per project 网格长补贴 550 元/人/月 and
网格员补贴 400 元/人/月 linked by name, 清场费 per 亩 linked to a 实物量, a line with no
单价, and 100 ledger rows (persons × months, some paid above the standard); three payments,
one naming 清场费. Wall and CPU time of compute_costs (and, with --checks, of A320–A324).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import numpy as np
import pandas as pd

from jxreport.core import schema as S
from jxreport.io.model import Year
from jxreport.io.reading import ROW
from jxreport.scoring.costs import compute_costs


def _frame(sheet: S.Sheet, data: dict | None = None, n: int = 0) -> pd.DataFrame:
    data = data or {}
    n = len(next(iter(data.values()))) if data else n
    cols = {c: data.get(c, [None] * n) for c in sheet.names}
    cols[ROW] = np.arange(2, n + 2)
    return pd.DataFrame(cols)


def make_year(projects: int, rows: int) -> Year:
    codes = np.array([f"P{i:05d}" for i in range(projects)], dtype=object)
    per = rows // projects
    k = np.arange(per * projects)
    proj, j = np.divmod(k, per)
    person, month = np.divmod(j, 12)
    cat = np.where(person < 3, "网格长", "网格员").astype(object)
    amount = np.where(person < 3, 550.0, 400.0)
    amount[(j % 97) == 0] += 50.0  # a few payments above the standard
    pid = pd.Series(codes[proj]).str.cat(pd.Series(person.astype(str)), sep="-").to_numpy(dtype=object)
    grants = _frame(S.GRANTS, {"项目编码": codes[proj], "类别": cat, "人员编号": pid, "月份": month + 1,
                               "金额": amount})
    line_names = ["网格长补贴", "网格员补贴", "清场费", "平台运维费"]
    lp = np.repeat(np.arange(projects), 4)
    ln = np.tile(np.arange(4), projects)
    calc = _frame(S.CALC_LINES, {
        "项目编码": codes[lp], "明细名称": np.array(line_names, dtype=object)[ln],
        "单价": np.array([550.0, 400.0, 3500.0, np.nan])[ln],
        "单价单位": np.array(["元/人/月", "元/人/月", "元/亩", None], dtype=object)[ln],
        "数量": np.array([3.0, 5.0, 100.0, np.nan])[ln], "数量单位": np.array(["人", "人", "亩", None], dtype=object)[ln],
        "月数": np.array([12.0, 12.0, np.nan, np.nan])[ln], "测算金额": np.array([1.98, 2.4, 35.0, 2.0])[ln],
        "实物量": np.array([None, None, "征收亩数", None], dtype=object)[ln]})
    pp = np.repeat(np.arange(projects), 3)
    payments = _frame(S.PAYMENTS, {
        "项目编码": codes[pp], "支付日期": [dt.date(2022, 6, 30)] * len(pp),
        "金额": np.tile([340000.0, 20000.0, float(amount[:per].sum())], projects),
        "测算明细": np.tile(np.array(["清场费", None, None], dtype=object), projects)})
    quantities = _frame(S.QUANTITIES, {"项目编码": codes, "名称": ["征收亩数"] * projects,
                                       "数量": np.full(projects, 96.5), "单位": ["亩"] * projects})
    projects_f = _frame(S.PROJECTS, {"项目编码": codes, "项目名称": [f"项目{i}" for i in range(projects)],
                                     "年初预算数": np.full(projects, 50.0)})
    empty = {name: _frame(sheet) for name, sheet in (
        ("indicators", S.INDICATORS), ("dept_indicators", S.DEPT_INDICATORS), ("adjustments", S.ADJUSTMENTS),
        ("results", S.RESULTS), ("survey", S.SURVEY), ("monitoring", S.MONITORING), ("dept_results", S.DEPT_RESULTS))}
    return Year(Path("."), 2022, "基准单位", None, None, projects=projects_f, calc_lines=calc, payments=payments,
                grants=grants, quantities=quantities, **empty)


def _timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, default=10_000)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--checks", action="store_true", help="also time the ledger checks A320–A324")
    a = ap.parse_args(argv)
    year, wall, _ = _timed(lambda: make_year(a.projects, a.rows))
    print(f"generated {a.projects:,} projects, {len(year.grants):,} 发放台账 rows, "
          f"{len(year.calc_lines):,} 测算明细 lines in {wall:.2f} s")
    costs, wall, cpu = _timed(lambda: compute_costs(year))
    lines = sum(len(p.lines) for p in costs.projects)
    print(f"compute_costs: {wall:.2f} s wall, {cpu:.2f} s CPU ({len(costs.projects):,} projects, {lines:,} rows)")
    sample = costs.projects[0].lines[1]
    print(f"  e.g. {sample.line}: {sample.actual.derivation}")
    if a.checks:
        from jxreport.checks import run_checks
        found, wall, cpu = _timed(lambda: run_checks(year, only=("A320", "A321", "A322", "A323", "A324")))
        print(f"checks A320–A324: {wall:.2f} s wall, {cpu:.2f} s CPU ({len(found):,} findings)")


if __name__ == "__main__":
    main()
