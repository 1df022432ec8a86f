"""A3xx 执行勾稽: the actuals workbook against the targets and against itself.

The loader already rejects payments outside the fiscal year, results without an
indicator and indicators without a result, so those are not repeated here.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jxreport.core import schema as S
from jxreport.io.reading import ROW
from jxreport.core.rounding import WAN, dec, fmt_money, fmt_pct, fmt_score, fmt_wan, q2
from jxreport.core.text import blank
from jxreport.grammar.targets import compare_units, parse_actual
from jxreport.checks.checked_year import MAX_ROWS_LISTED, CheckedYear, num, rows_text, signed
from jxreport.checks.registry import ERROR, HINT, WARNING, check, hit

GRANT_TOLERANCE_YUAN = Decimal(1)
_SHARE = re.compile(r"率|比例|比率|占比|覆盖|满意")
_GROWTH = re.compile(r"增长|增幅|增速|增加|同比|环比|上涨")


@check("A301", "支付晚于时效期限", HINT, "actuals",
       "{n} 笔支出（合计 {amount} 元）的支付日期晚于时效指标「{name}」的期限 {deadline}，"
       "最晚 {last}（第 {rows} 行）。如属尾款或质保金，可在偏差原因中说明。")
def paid_after_deadline(ctx: CheckedYear):
    """支出明细的支付日期晚于该项目时效指标的期限（如「10月底前」）。"""
    deadlines = {}
    for code, inds in ctx.indicators.items():
        for r in inds:
            t = r["_t"]
            if r["二级指标"] == "时效指标" and t.kind == "deadline" and t.value is not None:
                if code not in deadlines or t.value > deadlines[code][0]:
                    deadlines[code] = (t.value, r["三级指标"])
    if not deadlines:
        return
    p = ctx.year.payments
    limit = p["项目编码"].map(lambda c: deadlines.get(c, (None,))[0])
    late = p[[lim is not None and d is not None and d > lim for d, lim in zip(p["支付日期"], limit)]]
    for code, rows in late.groupby("项目编码", sort=False):
        deadline, name = deadlines[code]
        amount = sum((dec(a) for a in rows["金额"]), Decimal(0))
        last = max(rows["支付日期"])
        yield hit(S.PAYMENTS, rows[ROW].iloc[0], "支付日期", code,
                  (("期限", deadline.isoformat()), ("晚于期限的支出笔数", str(len(rows))), ("金额（元）", fmt_money(amount))),
                  n=len(rows), amount=fmt_money(amount), name=name, deadline=deadline.isoformat(),
                  last=last.isoformat(), rows=rows_text(rows[ROW]))


@check("A302", "执行数超过全年预算数", ERROR, "actuals",
       "全年执行数 {spent} 万元（支出明细合计 {yuan} 元）超过全年预算数 {budget} 万元{adjust}，超出 {over} 万元。"
       "如有追加预算，请在「预算调整」表中登记。")
def spent_over_budget(ctx: CheckedYear):
    """全年执行数（Σ支出明细）超过全年预算数（年初预算数 + Σ预算调整）。"""
    for p in ctx.projects:
        code = p["项目编码"]
        spent_yuan = ctx.spent_yuan.get(code, Decimal(0))
        spent, budget = spent_yuan / WAN, ctx.full_year_wan(code)
        if q2(spent) > q2(budget):
            adj = ctx.adjustments_wan.get(code)
            adjust = f"（年初预算数 {fmt_wan(p['年初预算数'])}，预算调整 {signed(adj, plus=True)} 万元）" if adj else ""
            numbers = [("全年执行数", fmt_money(spent)), ("全年预算数", fmt_money(budget))]
            if adj:
                numbers.insert(1, ("预算调整", signed(adj, plus=True)))
            numbers.append(("超出", fmt_money(spent - budget)))
            yield hit(S.PROJECTS, p["_row"], "年初预算数", code, numbers, spent=fmt_money(spent), yuan=fmt_money(spent_yuan),
                      budget=fmt_money(budget), adjust=adjust, over=fmt_money(spent - budget))


@check("A303", "发放台账与支出明细不符", ERROR, "actuals",
       "「发放台账」类别「{category}」合计 {granted} 元，而「支出明细」中测算明细为「{lines}」的支出合计 {paid} 元，"
       "相差 {diff} 元（容差 1 元）。")
def grants_vs_payments(ctx: CheckedYear):
    """发放台账某类别的金额合计与支出明细中对应测算明细的支出合计相差超过 1 元。"""
    for g in ctx.grant_groups:
        code, cat = g["项目编码"], g["类别"]
        lines = ctx.lines_of_category(code, cat)
        if not lines or code not in ctx.tagged_projects:
            continue  # no line to compare with, or the ledger does not name lines at all
        names = list(dict.fromkeys(ln["明细名称"] for ln in lines))
        paid = sum((ctx.line_spent_yuan.get((code, n), Decimal(0)) for n in names), Decimal(0))
        diff = g["金额"] - paid
        if abs(diff) > GRANT_TOLERANCE_YUAN:
            yield hit(S.GRANTS, g["_row"], "金额", code,
                      (("发放台账合计（元）", fmt_money(g["金额"])), ("支出明细合计（元）", fmt_money(paid)),
                       ("差额（元）", signed(diff))),
                      category=cat, granted=fmt_money(g["金额"]), lines="、".join(names), paid=fmt_money(paid),
                      diff=fmt_money(abs(diff)))


@check("A304", "发放类别无对应测算明细", HINT, "actuals",
       "「发放台账」类别「{category}」在该项目的测算明细中没有对应的明细（台账类别列出它，或名称包含它；现有：{names}），"
       "无法与预算人数、支出明细核对。")
def grant_category_without_line(ctx: CheckedYear):
    """发放台账的类别在该项目测算明细中找不到对应的明细（项目有测算明细时）。"""
    for g in ctx.grant_groups:
        code = g["项目编码"]
        lines = ctx.calc_lines.get(code)
        if lines and not ctx.lines_of_category(code, g["类别"]):
            names = "、".join(ln["明细名称"] for ln in lines[:MAX_ROWS_LISTED])
            yield hit(S.GRANTS, g["_row"], "类别", code, (("类别", g["类别"]),), category=g["类别"], names=names)


@check("A305", "同一人同月重复发放", ERROR, "actuals",
       "人员「{person}」在 {month} 月发放了 {n} 次（第 {rows} 行，金额 {amounts} 元）；每人每月应只发放一次。")
def paid_twice(ctx: CheckedYear):
    """发放台账中同一项目同一人员同一月份有两笔以上（正数）发放。"""
    g = ctx.year.grants
    if g.empty:
        return
    pos = g[g["金额"] > 0]
    dup = pos[pos.duplicated(["项目编码", "人员编号", "月份"], keep=False)]
    for (code, person, month), rows in dup.groupby(["项目编码", "人员编号", "月份"], sort=False):
        rows = rows.sort_values(ROW)
        yield hit(S.GRANTS, rows[ROW].iloc[1], "人员编号", code,
                  (("人员编号", str(person)), ("月份", str(int(month))), ("次数", str(len(rows)))),
                  person=person, month=int(month), n=len(rows), rows=rows_text(rows[ROW]),
                  amounts="、".join(fmt_money(a) for a in rows["金额"][:MAX_ROWS_LISTED]))


def _planned(ctx: CheckedYear, code: str, cat: str):
    lines = [ln for ln in ctx.lines_of_category(code, cat) if not blank(ln["数量"])]
    if not lines:
        return None
    return sum((dec(ln["数量"]) for ln in lines), Decimal(0)), lines


def _persons_hits(ctx: CheckedYear, more: bool):
    """Monthly headcount against the planned 数量: a replacement fills the same post, a vacancy leaves it."""
    for (code, cat), months in ctx.monthly_headcount.items():
        found = _planned(ctx, code, cat)
        if found is None:
            continue
        planned, lines = found
        off = [(m, n, r) for m, n, r in months if ((n > planned) if more else (n < planned))]
        if not off:
            continue
        paid = (max if more else min)(n for _, n, _ in off)
        detail = " + ".join(f"{ln['明细名称']} {num(ln['数量'])}" for ln in lines)
        yield hit(S.GRANTS, min(r for _, _, r in off), "人员编号", code,
                  (("实发人数", str(paid)), ("计划人数", num(planned)), ("差额", num(paid - planned))),
                  category=cat, paid=paid, planned=num(planned), detail=detail,
                  diff=num(abs(paid - planned)), months="、".join(str(m) for m, _, _ in off))


@check("A306", "实发人数多于计划", WARNING, "actuals",
       "「发放台账」类别「{category}」{months} 月实发人数多于测算明细计划的 {planned} 人（{detail}），"
       "最多 {paid} 人，多 {diff} 人。按月计人数：年内离职后由他人接替，算同一岗位。")
def more_paid_than_planned(ctx: CheckedYear):
    """发放台账某类别某月实发的不重复人数多于测算明细的计划人数（按月计，接替不算多发）。"""
    return _persons_hits(ctx, more=True)


@check("A307", "实发人数少于计划", HINT, "actuals",
       "「发放台账」类别「{category}」{months} 月实发人数少于测算明细计划的 {planned} 人（{detail}），"
       "最少 {paid} 人，少 {diff} 人（岗位空缺）。")
def fewer_paid_than_planned(ctx: CheckedYear):
    """发放台账某类别某月实发的不重复人数少于测算明细的计划人数（岗位空缺）。"""
    return _persons_hits(ctx, more=False)


def _build_pairs(ctx: CheckedYear) -> list[tuple]:
    out = []
    for code, rows in ctx.results.items():
        for r in rows:
            ind = ctx.indicator.get((code, r["三级指标"]))
            if ind is not None:
                a = parse_actual(r["实际完成值"], ctx.fy, ind["_t"]) if not blank(r["实际完成值"]) else None
                out.append((r, ind, a))
    return out


def _result_pairs(ctx: CheckedYear) -> list[tuple]:
    """(result record, indicator record, parsed actual or None) for every 指标完成 row."""
    return ctx.memo("result-pairs", _build_pairs)


@check("A308", "比率超过100%", WARNING, "actuals",
       "指标「{name}」是占比，实际完成值 {value}% 超过 100%{source}。请核对分子、分母。")
def rate_over_100(ctx: CheckedYear):
    """表示占比的指标（…率、比例、覆盖、满意度）实际完成值超过 100%。"""
    derived = {}
    if ctx.scores is not None:
        for ps in ctx.scores.projects:
            for s in ps.indicators:
                if s.derived is not None:
                    derived[(s.project, s.name)] = s.derived
    for r, ind, a in _result_pairs(ctx):
        name = r["三级指标"]
        if not _SHARE.search(name) or _GROWTH.search(name):
            continue
        value, source = None, ""
        if a is not None and a.kind == "quantitative" and a.unit == "%" and a.value is not None:
            value, column = a.value, "实际完成值"
        else:
            d = derived.get((r["项目编码"], name))
            if d is not None and d.unit == "%":
                value, column, source = d.value, "计算口径", f"（由计算口径「{d.formula}」算得：{d.derivation}）"
        if value is not None and value > 100:
            yield hit(S.RESULTS, r["_row"], column, r["项目编码"], (("实际完成值", f"{num(q2(value))}%"), ("上限", "100%")),
                      name=name, value=num(q2(value)), source=source)


@check("A309", "完成值单位与指标值不符", ERROR, "actuals",
       "指标「{name}」的指标值「{target}」以{tunit}计，实际完成值「{actual}」以{aunit}计，两者无法换算比较。"
       "请按指标值的单位填写实际完成值。")
def unit_mismatch(ctx: CheckedYear):
    """实际完成值的单位无法换算为指标值的单位（如指标 95%、完成 3个）。"""
    for r, ind, a in _result_pairs(ctx):
        t = ind["_t"]
        if a is None or t.kind != "quantitative" or a.kind != "quantitative" or t.value is None:
            continue
        if t.unit is None or a.unit is None:
            continue
        if compare_units(t, a) is None:
            yield hit(S.RESULTS, r["_row"], "实际完成值", r["项目编码"],
                      (("指标值单位", t.unit), ("实际完成值单位", a.unit)),
                      name=r["三级指标"], target=ind["指标值"], tunit=f"“{t.unit}”", actual=r["实际完成值"],
                      aunit=f"“{a.unit}”")


def _manual_scores(ctx: CheckedYear):
    """(项目编码, result row, IndicatorScore) for every result with a 自评得分, when scores are known."""
    if ctx.scores is None:
        return
    scored = {(s.project, s.name): s for ps in ctx.scores.projects for s in ps.indicators}
    for code, rows in ctx.results.items():
        for r in rows:
            s = scored.get((code, r["三级指标"]))
            if s is not None and not blank(r["自评得分"]):
                yield code, r, s


@check("A310", "自评得分与规则得分不同", HINT, "scores",
       "指标「{name}」填写的自评得分 {manual} 分，按规则（{rules}）计算为 {rule} 分，相差 {diff} 分{reason}。")
def manual_vs_rules(ctx: CheckedYear):
    """填写了自评得分的指标：按规则重算的得分与之不同（列出差额）。"""
    for code, r, s in _manual_scores(ctx):
        manual = q2(r["自评得分"])
        if manual != q2(s.rule_score):
            reason = f"；偏差原因：{r['偏差原因']}" if not blank(r["偏差原因"]) else "；未填写偏差原因"
            yield hit(S.RESULTS, r["_row"], "自评得分", code,
                      (("自评得分", fmt_score(manual)), ("规则得分", fmt_score(s.rule_score)),
                       ("差额", signed(manual - s.rule_score))),
                      name=r["三级指标"], manual=fmt_score(manual), rules=ctx.scores.rules,
                      rule=fmt_score(s.rule_score), diff=fmt_score(abs(manual - q2(s.rule_score))),
                      reason=reason)


@check("A311", "自评得分超出分值", ERROR, "scores",
       "指标「{name}」的自评得分 {manual} 分不在 0 至该指标分值 {weight} 分之间。")
def manual_outside_weight(ctx: CheckedYear):
    """填写的自评得分为负数或高于该指标的分值。"""
    for code, r, s in _manual_scores(ctx):
        manual = dec(r["自评得分"])
        if manual < 0 or manual > s.weight:
            yield hit(S.RESULTS, r["_row"], "自评得分", code,
                      (("自评得分", fmt_score(manual)), ("分值", fmt_score(s.weight))),
                      name=r["三级指标"], manual=fmt_score(manual), weight=fmt_score(s.weight))


SLIP_LOW, SLIP_HIGH = Decimal("0.01"), Decimal("10")  # spending under 1 % or over 1,000 % of the budget
IMPLAUSIBLE_BUDGET_WAN = Decimal(100000)  # 10 亿元 for one project: a budget typed in 元, not 万元


@check("A312", "金额单位疑似错误（元/万元）", ERROR, "actuals",
       "全年执行数（支出明细合计 {yuan} 元 = {spent} 万元）是全年预算数 {budget} 万元的 {share}：{likely}"
       "（支出明细第 {rows} 行）。目标表的金额以万元计，支出明细和发放台账的金额以元计。")
def amounts_in_the_wrong_unit(ctx: CheckedYear):
    """支出明细合计不到全年预算数的 1% 或超过 1000%：多半是元与万元混用（目标表以万元计，台账以元计）。"""
    payments = ctx.year.payments
    for p in ctx.projects:
        code = p["项目编码"]
        spent_yuan, budget = ctx.spent_yuan.get(code, Decimal(0)), ctx.full_year_wan(code)
        if spent_yuan <= 0 or budget <= 0:
            continue
        share = spent_yuan / WAN / budget
        if SLIP_LOW <= share <= SLIP_HIGH:
            continue
        if budget >= IMPLAUSIBLE_BUDGET_WAN:
            likely, column, row, sheet = "年初预算数多半按元填写了（应以万元计）", "年初预算数", p["_row"], S.PROJECTS
        elif share < SLIP_LOW:
            likely, column, row, sheet = "支出明细的金额多半按万元填写了（应以元计）", "金额", None, S.PAYMENTS
        else:
            likely, column, row, sheet = "请核对年初预算数是否以万元、支出明细金额是否以元填写", "金额", None, S.PAYMENTS
        rows = payments.loc[payments["项目编码"] == code, ROW]
        shown = f"{fmt_pct(share)}" if share < 1 else f"{fmt_money(share)} 倍"
        yield hit(sheet, row if row is not None else rows.iloc[0], column, code,
                  (("支出明细合计（元）", fmt_money(spent_yuan)), ("全年预算数（万元）", fmt_money(budget))),
                  yuan=fmt_money(spent_yuan), spent=fmt_money(spent_yuan / WAN), budget=fmt_money(budget), share=shown,
                  likely=likely, rows=rows_text(rows))
