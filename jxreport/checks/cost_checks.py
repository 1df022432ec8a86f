"""A320–A324 成本核对: the 发放台账 and 支出明细 against each 测算明细 line's standard.

They read the cost analysis (scoring.costs), which links a line to its 类别 by the same
rule as A303–A307 (`line_names_category`), so a check and the report's 成本分析 table
never disagree about which records belong to which line.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from jxreport.core import schema as S
from jxreport.core.rounding import dec, fmt_money, q2
from jxreport.core.text import blanks
from jxreport.io.reading import ROW
from jxreport.scoring.costs import PER_PERSON_MONTH, basis_of, compute_costs
from jxreport.checks.checked_year import MAX_ROWS_LISTED, CheckedYear, num, rows_text
from jxreport.checks.registry import HINT, WARNING, check, hit

DEFAULT_TOLERANCE = Decimal("0.05")
UNLINKED_SHARE = Decimal("0.01")  # 未列明细 above 1 % of the project's spending: 提示


def _costs(ctx: CheckedYear):
    return ctx.memo("costs", lambda c: compute_costs(c.year))


def _linked_grants(ctx: CheckedYear) -> pd.DataFrame:
    """发放台账 rows with the 明细名称 of the line their 类别 is linked to (unlinked rows dropped)."""
    def build(c):
        g = c.year.grants
        links = _costs(c).links
        if g.empty or not links:
            return pd.DataFrame(columns=["项目编码", "类别", "人员编号", "月份", "金额", ROW, "明细名称"])
        m = pd.DataFrame(list(links), columns=["项目编码", "类别", "明细名称"])
        return g[["项目编码", "类别", "人员编号", "月份", "金额", ROW]].merge(m, on=["项目编码", "类别"], how="inner")
    return ctx.memo("cost-grants", build)


def _grants_of(ctx: CheckedYear, code: str, line: str) -> pd.DataFrame:
    """The linked 发放台账 rows of one line (grouped once, not filtered per line)."""
    def build(c):
        g = _linked_grants(c)
        return g, (g.groupby(["项目编码", "明细名称"], sort=False).indices if len(g) else {})
    g, groups = ctx.memo("cost-grant-groups", build)
    at = groups.get((code, line))
    return g.iloc[at] if at is not None else g.iloc[:0]


def _monthly_lines(ctx: CheckedYear):
    """(项目编码, 明细名称) → CostLine for every linked line whose standard is per person per month."""
    out = {}
    for pc in _costs(ctx).projects:
        for ln in pc.lines:
            if ln.categories and ln.standard is not None and (basis_of(ln.standard.unit) or ("",))[0] == PER_PERSON_MONTH:
                out[(pc.project, ln.line)] = ln
    return out


@check("A320", "测算明细与发放台账对应不明", HINT, "actuals", "{detail}")
def line_link_unclear(ctx: CheckedYear):
    """测算明细与发放台账类别的对应有歧义或找不到（名称包含多个类别、一个类别对应多条明细、台账类别不存在）。"""
    for n in _costs(ctx).notes:
        yield hit(S.CALC_LINES, n.row, "台账类别", n.project, (("明细", n.line), ("类别", "、".join(n.categories) or "无")),
                  detail=n.message)


@check("A321", "超标准发放", WARNING, "actuals",
       "测算明细「{line}」标准 {standard}，而「发放台账」中 {n} 人·月的发放高于该标准：{detail}（第 {rows} 行）。")
def paid_above_standard(ctx: CheckedYear):
    """同一人某月的发放（该明细各类别合计）高于测算明细的月标准（元/人/月）。"""
    lines = _monthly_lines(ctx)
    g = _linked_grants(ctx)
    if not lines or g.empty:
        return
    sums = g.groupby(["项目编码", "明细名称", "人员编号", "月份"], sort=False).agg(金额=("金额", "sum"), 行=(ROW, "min"))
    sums = sums.reset_index()
    std = pd.Series({k: float(ln.standard.value) for k, ln in lines.items()})
    limit = std.reindex(pd.MultiIndex.from_frame(sums[["项目编码", "明细名称"]])).to_numpy()
    over = sums[np.nan_to_num(sums["金额"].to_numpy() - limit, nan=-1.0) > 0.005]
    for (code, name), rows in over.groupby(["项目编码", "明细名称"], sort=False):
        ln = lines[(code, name)]
        rows = rows.sort_values("行")
        detail = "；".join(f"人员 {p} {int(m)} 月 {fmt_money(a)} 元" for p, m, a in
                          zip(rows["人员编号"][:MAX_ROWS_LISTED], rows["月份"][:MAX_ROWS_LISTED], rows["金额"][:MAX_ROWS_LISTED]))
        yield hit(S.GRANTS, rows["行"].iloc[0], "金额", code,
                  (("标准", f"{fmt_money(ln.standard.value)} {ln.standard.unit}"), ("超标准人·月", str(len(rows))),
                   ("人员编号", "、".join(dict.fromkeys(str(p) for p in rows["人员编号"][:MAX_ROWS_LISTED])))),
                  line=name, standard=f"{fmt_money(ln.standard.value)} {ln.standard.unit}", n=len(rows),
                  detail=detail, rows=rows_text(rows["行"]))


@check("A322", "发放人·月多于计划", WARNING, "actuals",
       "测算明细「{line}」计划 {planned} 人·月（{persons} 人 × {months} 月），「发放台账」实发 {paid} 人·月，多 {diff} 人·月"
       "{detail}。")
def more_person_months_than_planned(ctx: CheckedYear):
    """测算明细的实发人·月（不重复的人员编号 × 月份）多于 数量 × 月数。"""
    for pc in _costs(ctx).projects:
        for ln in pc.lines:
            if ln.person_months is None or ln.planned_person_months is None:
                continue
            if Decimal(ln.person_months) <= ln.planned_person_months:
                continue
            own = _grants_of(ctx, pc.project, ln.line)
            own = own[own["金额"] > 0]
            per_month = own.groupby("月份")["人员编号"].nunique()
            crowded = per_month[per_month > float(ln.planned_persons)].index.tolist()
            detail, where = "", own
            if crowded:
                where = own[own["月份"].isin(crowded)]
                who = "、".join(dict.fromkeys(str(p) for p in where["人员编号"]))
                detail = (f"；{'、'.join(str(int(m)) for m in crowded)} 月发放人数多于计划的 {num(ln.planned_persons)} 人"
                          f"（人员编号 {who}；第 {rows_text(sorted(where[ROW]))} 行）")
            first = int(where[ROW].min()) if len(where) else None
            yield hit(S.GRANTS, first, "人员编号", pc.project,
                      (("实发人·月", f"{ln.person_months:,}"), ("计划人·月", num(ln.planned_person_months))),
                      line=ln.line, planned=num(ln.planned_person_months), persons=num(ln.planned_persons),
                      months=num(ln.planned_months), paid=f"{ln.person_months:,}",
                      diff=num(Decimal(ln.person_months) - ln.planned_person_months), detail=detail)


@check("A323", "单位成本高于标准", WARNING, "actuals",
       "测算明细「{line}」的实际单位成本 {actual}（{derivation}）高于标准 {standard} {deviation}%，"
       "超过容差 {tolerance}%{who}。")
def unit_cost_above_standard(ctx: CheckedYear):
    """测算明细的实际单位成本高于其标准，超出规则文件 costs.tolerance（默认 5%）。"""
    tol = getattr(ctx.rules, "cost_tolerance", None) if ctx.rules is not None else None
    tol = DEFAULT_TOLERANCE if tol is None else dec(tol)
    for pc in _costs(ctx).projects:
        for ln in pc.lines:
            if ln.deviation_pct is None or ln.deviation_pct <= q2(tol * 100):
                continue
            who = ""
            if ln.categories:
                own = _grants_of(ctx, pc.project, ln.line)
                ids = list(dict.fromkeys(str(p) for p in own["人员编号"]))
                who = (f"；「发放台账」第 {rows_text(sorted(own[ROW]))} 行，人员编号 {'、'.join(ids[:MAX_ROWS_LISTED])}"
                       + (f" 等 {len(ids)} 人" if len(ids) > MAX_ROWS_LISTED else ""))
            unit = ln.standard.unit
            yield hit(S.CALC_LINES, ln.row, "单价", pc.project,
                      (("实际单位成本", f"{fmt_money(ln.actual.value)} {unit}"),
                       ("标准", f"{fmt_money(ln.standard.value)} {unit}"), ("偏差", f"{ln.deviation_pct:+.2f}%")),
                      line=ln.line, actual=f"{fmt_money(ln.actual.value)} {unit}", derivation=ln.actual.derivation,
                      standard=f"{fmt_money(ln.standard.value)} {unit}", deviation=f"{ln.deviation_pct:.2f}",
                      tolerance=f"{q2(tol * 100):.2f}", who=who)


@check("A324", "支出未列测算明细", HINT, "actuals",
       "该项目有 {amount} 元支出（占全年执行数 {share}%）不属于任何测算明细{rows}；成本分析中列为「未列明细」。"
       "如属某条明细，请在「支出明细」的「测算明细」列写明。")
def spending_without_line(ctx: CheckedYear):
    """项目中不属于任何测算明细的支出超过全年执行数的 1%（有测算明细的项目）。"""
    p = ctx.year.payments
    at = p.groupby("项目编码", sort=False).indices if len(p) else {}
    for pc in _costs(ctx).projects:
        if pc.spent <= 0 or not any(not ln.unlinked for ln in pc.lines):
            continue
        if pc.unlinked <= pc.spent * UNLINKED_SHARE:
            continue
        names = {ln.line for ln in pc.lines if not ln.unlinked}
        own = p.iloc[at.get(pc.project, [])]
        cell = own["测算明细"].tolist()
        loose = own[[b or c not in names for b, c in zip(blanks(cell), cell)]]
        rows = f"（「支出明细」中未写明所属明细的支出在第 {rows_text(sorted(loose[ROW]))} 行）" if len(loose) else ""
        share = q2(pc.unlinked / pc.spent * 100)
        yield hit(S.PAYMENTS, int(loose[ROW].min()) if len(loose) else None, "测算明细", pc.project,
                  (("未列明细（元）", fmt_money(pc.unlinked)), ("全年执行数（元）", fmt_money(pc.spent)),
                   ("占比", f"{share:.2f}%")),
                  amount=fmt_money(pc.unlinked), share=f"{share:.2f}", rows=rows)
