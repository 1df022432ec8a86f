"""Records of the input workbooks, built in a few words: one row of a sheet, a payment, a survey.

The sample years (tools/sample_2022.py, tools/sample_2023.py), the benchmarks' synthetic years
(`synth`) and the tests' small years build their rows with these, in the schema's column order,
and write them with the real workbook writer (`write_year`).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from jxreport.core import schema as S
from jxreport.core.rounding import q2
from jxreport.grammar import formulas as F
from jxreport.io.workbooks import write_workbook

LEVELS = S.SATISFACTION_LEVELS  # 非常满意, 满意, 基本满意, 不满意, 非常不满意
SCORE_OF = {level: score for score, level in S.SATISFACTION_SCORE_LEVEL.items()}
CERTAIN, POSSIBLE, IMPOSSIBLE = S.LIKELIHOOD
EXEC, SAT = F.EXECUTION, F.SATISFACTION


def rec(sheet: S.Sheet, *values) -> dict:
    """One record of `sheet` from values in the schema's column order (trailing blanks may be left off)."""
    if len(values) > len(sheet.names):
        raise ValueError(f"{sheet.name}: {len(values)} values for {len(sheet.names)} columns: {values}")
    return dict(zip(sheet.names, values))


def formula(kind: str, *args: str) -> str:
    """A 计算口径 text from formulas.py's keyword: formula(F.PERSONS, "网格员") -> 人数:网格员."""
    if kind == F.UNIT_COST:
        return f"{kind}:{args[0]}/{args[1]}"
    return kind + (":" + ",".join(args) if args else "")


def yuan(x) -> Decimal:
    return q2(Decimal(str(x)))


def split(total, n: int, rng: random.Random, spread: float = 0.3) -> list[Decimal]:
    """`total` 元 in n random parts with cents; the last part takes the remainder so Σ is exact."""
    total = yuan(total)
    weights = [1 + rng.uniform(-spread, spread) for _ in range(n)]
    s = sum(weights)
    parts = [q2(total * Decimal(repr(w / s))) for w in weights[:-1]]
    return parts + [total - sum(parts)]


def pay(code: str, date: dt.date, amount, memo: str, line: str | None = None) -> dict:
    # 支出明细: 项目编码, 支付日期, 金额, 摘要, 测算明细
    return rec(S.PAYMENTS, code, date, yuan(amount), memo, line)


def spread_payments(code, line, total, dates, memo, rng) -> list[dict]:
    """A lump of spending paid in len(dates) instalments; `memo` may use {i} (1-based) and {n}."""
    parts = split(total, len(dates), rng)
    return [pay(code, d, a, memo.format(i=i, n=len(dates)), line) for i, (d, a) in enumerate(zip(dates, parts), 1)]


def monthly(code, year, line, amount, memo, day=15) -> list[dict]:
    return [pay(code, dt.date(year, m, day), amount, memo.format(m=m), line) for m in range(1, 13)]


def survey(code: str, groups, rng: random.Random, score_every: int = 19) -> list[dict]:
    """满意度调查 answers: `groups` = [(调查对象, counts per level in LEVELS order)], shuffled.

    Every `score_every`-th questionnaire was a paper form scored 1–5: written as the score.
    """
    answers = [(g, level) for g, counts in groups for level, k in zip(LEVELS, counts) for _ in range(k)]
    rng.shuffle(answers)
    # 满意度调查: 项目编码, 问卷编号, 调查对象, 评价
    return [rec(S.SURVEY, code, f"{code}-{i:03d}", g, SCORE_OF[level] if i % score_every == 0 else level)
            for i, (g, level) in enumerate(answers, 1)]


def grants(code, category, prefix, persons, amount, missing=()) -> list[dict]:
    """发放台账: every person of a category paid `amount` 元 each month, except (person, month) in `missing`."""
    rows = []
    for m in range(1, 13):
        for i in range(1, persons + 1):
            pid = f"{prefix}{i:03d}"
            if (pid, m) not in missing:
                # 发放台账: 项目编码, 类别, 人员编号, 月份, 金额
                rows.append(rec(S.GRANTS, code, category, pid, m, yuan(amount)))
    return rows


def grant_payments(code, year, ledger, category, line, day=25) -> list[dict]:
    """One payment a month per category, equal to that month's 发放台账 total (so the ledgers agree)."""
    out = []
    for m in range(1, 13):
        rows = [r for r in ledger if r["类别"] == category and r["月份"] == m]
        total = sum((r["金额"] for r in rows), Decimal(0))
        out.append(pay(code, dt.date(year, m, day), total, f"发放{m}月{line}（{len(rows)}人）", line))
    return out


def total_yuan(payments, code) -> Decimal:
    return sum((p["金额"] for p in payments if p["项目编码"] == code), Decimal(0))


def indicators(code, rows) -> list[dict]:
    """Rows (一级, 二级, 三级, 描述, 指标值, 依据[, 指标性质]) → 绩效指标 records (分值 left blank)."""
    # 绩效指标: 项目编码, 一级指标, 二级指标, 三级指标, 指标描述, 指标值, 指标值确定依据, 分值, 指标性质
    return [rec(S.INDICATORS, code, *r[:6], None, *r[6:]) for r in rows]


def results(code, rows) -> list[dict]:
    """Rows (三级指标, 实际完成值, 计算口径[, 偏差原因, 改进措施, 佐证材料]) → 指标完成 records."""
    # 指标完成: 项目编码, 三级指标, 实际完成值, 计算口径, 自评得分, 偏差原因, 改进措施, 佐证材料
    return [rec(S.RESULTS, code, *r[:3], None, *r[3:]) for r in rows]


def calc_lines(code, rows) -> list[dict]:
    # 测算明细: 项目编码, 明细名称, 单价, 单价单位, 数量, 数量单位, 月数, 测算金额, 说明
    return [rec(S.CALC_LINES, code, *r) for r in rows]


def monitoring(code, rows) -> list[dict]:
    # 绩效监控: 项目编码, 三级指标, 截至月份, 当前完成值, 全年预计完成值, 完成可能性, 偏差原因, 纠偏措施
    return [rec(S.MONITORING, code, r[0], 7, *r[1:]) for r in rows]


def dept_indicators(areas) -> list[dict]:
    # 部门指标: 工作领域, 绩效目标, 指标名称, 指标值
    return [rec(S.DEPT_INDICATORS, area, goal, name, value) for area, goal, items in areas for name, value in items]


def dept_results(rows) -> list[dict]:
    # 部门指标完成: 工作领域, 指标名称, 实际完成值, 自评得分, 偏差原因
    out = []
    for area, items in rows:
        for item in items:
            name, value, *reason = item
            out.append(rec(S.DEPT_RESULTS, area, name, value, None, *reason))
    return out


def write_tables(folder, tables: dict[str, list[dict]], notes: str | dict | None = None) -> list[Path]:
    """<folder>/targets.xlsx and actuals.xlsx from {sheet name: [records]}, each sheet into its
    workbook (absent sheets are written empty). `notes`: one note for both workbooks, or
    {workbook: note}."""
    folder = Path(folder)
    by_book = notes if isinstance(notes, dict) else {wb: notes for wb in S.WORKBOOKS}
    return [write_workbook(folder / wb, wb, {s.name: tables[s.name] for s in S.sheets_of(wb) if s.name in tables},
                           note=by_book.get(wb))
            for wb in S.WORKBOOKS]
