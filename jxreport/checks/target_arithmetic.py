"""T1xx 目标勾稽: the targets workbook against its own arithmetic.

测算明细 lines against 单价 × 数量 × 月数, their sum and the funding sources against
年初预算数, the quarterly plan, and count and cost targets against the budget's counts.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jxreport.core import schema as S
from jxreport.core.rounding import WAN, dec, fmt_money, fmt_wan, q2
from jxreport.core.text import blank
from jxreport.grammar.units import is_money
from jxreport.checks.checked_year import PERSON_UNITS, CheckedYear, num, signed, tolerance, unit_of
from jxreport.checks.registry import ERROR, HINT, WARNING, check, hit

FUNDS = ("本级资金", "上级转移支付", "其他资金")


def _line_formula(ln: dict) -> tuple[Decimal, str, str] | None:
    """(computed 万元, the product as written, its label) for a line with 单价 and 数量."""
    if blank(ln["单价"]) or blank(ln["数量"]):
        return None
    price, qty = dec(ln["单价"]), dec(ln["数量"])
    months = dec(ln["月数"]) if not blank(ln["月数"]) else None
    value = price * qty * (months if months is not None else 1) / WAN
    pu = f" {ln['单价单位']}" if not blank(ln["单价单位"]) else " 元"
    qu = f" {ln['数量单位']}" if not blank(ln["数量单位"]) else ""
    text = f"{num(price)}{pu} × {num(qty)}{qu}" + (f" × {num(months)} 月" if months is not None else "") + " ÷ 10000"
    label = "单价×数量×月数÷10000" if months is not None else "单价×数量÷10000"
    return value, text, label


def _line_hits(ctx: CheckedYear, near: bool):
    for code, lines in ctx.calc_lines.items():
        for ln in lines:
            f = _line_formula(ln)
            if f is None or blank(ln["测算金额"]):
                continue
            computed, text, label = f
            declared = dec(ln["测算金额"])
            flagged, diff, tol = _disagrees(declared, computed, near)
            if flagged:
                yield hit(S.CALC_LINES, ln["_row"], "测算金额", code,
                          ((label, fmt_money(computed)), ("测算金额", fmt_money(declared)), ("差额", signed(diff))),
                          name=ln["明细名称"], formula=text, computed=fmt_money(computed), declared=fmt_money(declared),
                          diff=fmt_money(abs(diff)), tol=fmt_money(tol))


@check("T101", "测算明细金额不符", ERROR, "targets",
       "测算明细「{name}」：{formula} = {computed} 万元，与测算金额 {declared} 万元相差 {diff} 万元，"
       "超出容差 {tol} 万元（0.5%，至少 0.01 万元）。请核对单价、数量、月数或测算金额。")
def line_arithmetic(ctx: CheckedYear):
    """测算明细：单价×数量×月数÷10000 与测算金额相差超过 0.5%（至少 0.01 万元）。"""
    return _line_hits(ctx, near=False)


@check("T102", "测算明细金额有出入", WARNING, "targets",
       "测算明细「{name}」：{formula} = {computed} 万元，测算金额写作 {declared} 万元，相差 {diff} 万元"
       "（在容差 {tol} 万元以内，可能是取整）。请确认测算金额是否按算式填写。")
def line_arithmetic_near(ctx: CheckedYear):
    """测算明细：算式结果与测算金额在容差内但按两位小数不相等（取整或笔误）。"""
    return _line_hits(ctx, near=True)


def _disagrees(stated: Decimal, computed: Decimal, near: bool) -> tuple[bool, Decimal, Decimal]:
    """Whether a stated figure disagrees with its arithmetic: beyond the tolerance (near=False,
    an 错误), or within it yet different at two decimals (near=True, a 警告)."""
    diff = stated - computed
    tol = tolerance(stated)
    beyond = abs(diff) > tol
    visible = q2(computed) != q2(stated)
    return ((visible and not beyond) if near else beyond), diff, tol


def _sum_hits(ctx: CheckedYear, near: bool):
    for code, lines in ctx.calc_lines.items():
        p = ctx.project.get(code)
        amounts = [dec(ln["测算金额"]) for ln in lines if not blank(ln["测算金额"])]
        if p is None or not amounts or blank(p["年初预算数"]):
            continue
        total, budget = sum(amounts, Decimal(0)), dec(p["年初预算数"])
        flagged, diff, tol = _disagrees(budget, total, near)
        if flagged:
            yield hit(S.PROJECTS, p["_row"], "年初预算数", code,
                      (("Σ测算金额", fmt_money(total)), ("年初预算数", fmt_money(budget)), ("差额", signed(diff))),
                      n=len(amounts), total=fmt_money(total), budget=fmt_money(budget), diff=fmt_money(abs(diff)), tol=fmt_money(tol),
                      parts=" + ".join(fmt_money(a) for a in amounts[:8]) + (" + …" if len(amounts) > 8 else ""))


@check("T103", "测算合计与预算不符", ERROR, "targets",
       "{n} 条测算明细的测算金额合计 {parts} = {total} 万元，与年初预算数 {budget} 万元相差 {diff} 万元，"
       "超出容差 {tol} 万元。请补全或更正测算明细。")
def lines_vs_budget(ctx: CheckedYear):
    """项目的 Σ测算金额 与年初预算数相差超过 0.5%（至少 0.01 万元）。"""
    return _sum_hits(ctx, near=False)


@check("T104", "测算合计与预算有出入", WARNING, "targets",
       "{n} 条测算明细的测算金额合计 {parts} = {total} 万元，年初预算数为 {budget} 万元，相差 {diff} 万元"
       "（在容差 {tol} 万元以内）。请确认是否取整所致。")
def lines_vs_budget_near(ctx: CheckedYear):
    """项目的 Σ测算金额 与年初预算数在容差内但不相等。"""
    return _sum_hits(ctx, near=True)


@check("T105", "资金来源合计不符", ERROR, "targets",
       "资金来源 {parts} = {total} 万元，与年初预算数 {budget} 万元相差 {diff} 万元。")
def funds_vs_budget(ctx: CheckedYear):
    """本级资金 + 上级转移支付 + 其他资金（填写了任一项时）与年初预算数不等。"""
    for p in ctx.projects:
        parts = [(c, dec(p[c])) for c in FUNDS if not blank(p[c])]
        if not parts or blank(p["年初预算数"]):
            continue
        total, budget = sum((v for _, v in parts), Decimal(0)), dec(p["年初预算数"])
        if q2(total) != q2(budget):
            yield hit(S.PROJECTS, p["_row"], "年初预算数", p["项目编码"],
                      (*((c, fmt_money(v)) for c, v in parts), ("资金来源合计", fmt_money(total)), ("年初预算数", fmt_money(budget)),
                       ("差额", signed(budget - total))),
                      parts=" + ".join(f"{c} {fmt_money(v)}" for c, v in parts), total=fmt_money(total), budget=fmt_money(budget),
                      diff=fmt_money(abs(budget - total)))


@check("T106", "季度支出计划不完整", WARNING, "targets",
       "季度支出计划只填写了{filled}，缺少{missing}；累计支出计划应四个季度都填写，四季度为 100%。")
def quarters_incomplete(ctx: CheckedYear):
    """季度支出计划填写了一部分季度、缺少其余季度。"""
    for p in ctx.projects:
        filled = [q for q in S.QUARTERS if not blank(p[q])]
        if filled and len(filled) < len(S.QUARTERS):
            missing = [q for q in S.QUARTERS if q not in filled]
            yield hit(S.PROJECTS, p["_row"], missing[0], p["项目编码"],
                      tuple((q, f"{num(p[q])}%") for q in filled),
                      filled="、".join(filled), missing="、".join(missing))


@check("T107", "未填写季度支出计划", HINT, "targets",
       "未填写季度支出计划（一季度至四季度的累计支出百分比），无法对照计划监控支出进度。")
def quarters_absent(ctx: CheckedYear):
    """季度支出计划四个季度都未填写（运行监控无从对照）。"""
    for p in ctx.projects:
        if all(blank(p[q]) for q in S.QUARTERS):
            yield hit(S.PROJECTS, p["_row"], "一季度", p["项目编码"])


@check("T108", "四季度计划不为100%", ERROR, "targets",
       "四季度累计支出计划为 {q4}%，应为 100%（全年预算在年底前支出完毕）。")
def quarter4_not_full(ctx: CheckedYear):
    """四季度累计支出计划不等于 100%。"""
    for p in ctx.projects:
        q4 = p["四季度"]
        if not blank(q4) and abs(float(q4) - 100.0) > 1e-9:
            yield hit(S.PROJECTS, p["_row"], "四季度", p["项目编码"], (("四季度", f"{num(q4)}%"), ("应为", "100%")),
                      q4=num(q4))


# ------------------------------------------------------------------ count targets

_LINE_SUFFIX = re.compile(r"(?:的)?(?:补贴|补助|工资|报酬|津贴|奖励|奖金|经费|费用|费)$")


def _core(name: str) -> str:
    """A line's name without its money word: 网格长补贴 → 网格长 (to see whether an indicator names it)."""
    return _LINE_SUFFIX.sub("", name)


def _person_lines(lines: list[dict]) -> list[dict]:
    return [ln for ln in lines if unit_of(ln["数量单位"]) in PERSON_UNITS and not blank(ln["数量"])]


@check("T109", "数量指标与测算人数不符", WARNING, "targets",
       "数量指标「{name}」的指标值为 {target}，而测算明细计划 {detail} = {planned} 人{months}。"
       "请核对指标值与预算测算的人数是否一致。")
def count_vs_lines(ctx: CheckedYear):
    """数量指标（人/人次）与该项目测算明细中以“人”计的数量合计不符。"""
    for code, inds in ctx.indicators.items():
        people = _person_lines(ctx.calc_lines.get(code, ()))
        if not people:
            continue
        for r in inds:
            t = r["_t"]
            if r["二级指标"] != "数量指标" or t.kind != "quantitative" or t.value is None:
                continue
            if t.unit not in ("人", "人次", "名"):
                continue
            text = f"{r['三级指标']}{r['指标描述'] or ''}"
            named = [ln for ln in people if len(_core(ln["明细名称"])) >= 2 and _core(ln["明细名称"]) in text]
            use = named or people
            planned = sum((dec(ln["数量"]) for ln in use), Decimal(0))
            accepted = {planned}
            month_total = sum((dec(ln["数量"]) * (dec(ln["月数"]) if not blank(ln["月数"]) else 1) for ln in use),
                              Decimal(0))
            if t.unit == "人次":
                accepted.add(month_total)  # person-months are also 人次
            value = dec(t.value)
            if value in accepted:
                continue
            detail = " + ".join(f"{ln['明细名称']} {num(ln['数量'])} 人" for ln in use)
            months = f"（按月计 {num(month_total)} 人次）" if t.unit == "人次" and month_total != planned else ""
            yield hit(S.INDICATORS, r["_row"], "指标值", code,
                      (("指标值", num(value)), ("测算明细人数", num(planned)), ("差额", num(value - planned))),
                      name=r["三级指标"], target=r["指标值"], detail=detail, planned=num(planned), months=months)


# ------------------------------------------------------------------ cost targets

_PER_NOUN = re.compile(r"每(个|位|名|只)?(.{1,6})")
_AVG_UNIT = {"人均": "人", "户均": "户", "亩均": "亩"}


def _per_unit(r: dict) -> tuple[str, bool] | None:
    """(what one unit is, "每个" was written) for a per-unit cost target, else None.

    The unit is the denominator of 元/亩, or the word after 每 / 人均 in the name or 指标描述.
    """
    t = r["_t"]
    if t.unit and "/" in t.unit:
        per = t.unit.split("/")[1:]
        return (per[0], False) if len(per) == 1 else ("", False)  # 元/人/月: a monthly rate, not compared
    text = f"{r['三级指标'] or ''} {r['指标描述'] or ''}"
    for word, unit in _AVG_UNIT.items():
        if word in text:
            return unit, False
    m = _PER_NOUN.search(text)
    if m:
        return m.group(2), bool(m.group(1))
    return None


def _count_for(ctx: CheckedYear, code: str, noun: str, classifier: bool):
    """(count, "calc"/"target", where from, unit word) for a per-unit noun, or None.

    The budget's own 测算明细 first: lines whose 数量单位 the noun starts with (每亩 → 亩),
    or, after 每个, lines counted in 个 whose name holds the noun (每个社区 → 社区办公经费
    17 个). Then a 数量指标 in the same unit (清场费 每亩 × 征收亩数 100亩).
    """
    lines = [ln for ln in ctx.calc_lines.get(code, ()) if not blank(ln["数量"]) and not blank(ln["数量单位"])]
    hits = [ln for ln in lines if noun.startswith(ln["数量单位"].strip())]
    word = hits[0]["数量单位"].strip() if hits else None
    if not hits and classifier and len(noun) >= 2:
        word = noun[:2]
        hits = [ln for ln in lines if unit_of(ln["数量单位"]) == "个" and word in (ln["明细名称"] or "")]
    if hits:
        count = max(dec(ln["数量"]) for ln in hits)
        return count, "calc", "、".join(dict.fromkeys(ln["明细名称"] for ln in hits)), word
    for r in ctx.indicators.get(code, ()):
        t = r["_t"]
        if r["二级指标"] == "数量指标" and t.kind == "quantitative" and t.unit and t.value and t.unit != "个":
            if noun.startswith(t.unit):
                return dec(t.value), "target", r["三级指标"], t.unit
    return None


@check("T110", "成本指标与预算不符", WARNING, "targets",
       "成本指标「{name}」{target}：{unit_cost} × {count} = {product} 万元，超出年初预算数 {budget} 万元"
       "（数量取自{source}）。请核对单位成本、数量或预算。")
def unit_cost_vs_budget(ctx: CheckedYear):
    """单位成本指标 × 数量（取自测算明细或同单位的数量指标）超出年初预算数。"""
    for code, inds in ctx.indicators.items():
        p = ctx.project.get(code)
        if p is None or blank(p["年初预算数"]):
            continue
        budget = dec(p["年初预算数"])
        for r in inds:
            t = r["_t"]
            if r["二级指标"] != "成本指标" or t.kind != "quantitative" or t.value is None or not is_money(t.unit):
                continue
            per = _per_unit(r)
            if per is None:
                continue
            noun, classifier = per
            if not noun:
                continue
            found = _count_for(ctx, code, noun, classifier)
            if found is None:
                continue
            count, source, what, word = found
            product = dec(t.value) * count / WAN
            if product - budget <= tolerance(budget):
                continue
            src = f"测算明细「{what}」的数量" if source == "calc" else f"数量指标「{what}」"
            unit_cost = f"{fmt_money(t.value)} 元" if dec(t.value) < WAN else f"{fmt_wan(dec(t.value) / WAN)}"
            yield hit(S.INDICATORS, r["_row"], "指标值", code,
                      (("单位成本", unit_cost), ("数量", f"{num(count)} {word}"), ("单位成本×数量（万元）", fmt_money(product)),
                       ("年初预算数", fmt_money(budget)), ("差额", signed(product - budget))),
                      name=r["三级指标"], target=f"（{r['指标值']}，每{word}）", unit_cost=unit_cost,
                      count=f"{num(count)} {word}", product=fmt_money(product), budget=fmt_money(budget), source=src)


@check("T111", "成本指标高于预算", WARNING, "targets",
       "成本指标「{name}」的指标值 {target} = {value} 万元，高于年初预算数 {budget} 万元；"
       "成本上限不应超过预算。")
def cost_above_budget(ctx: CheckedYear):
    """总额型成本指标（如 ≤95.3万元）高于年初预算数。"""
    for code, inds in ctx.indicators.items():
        p = ctx.project.get(code)
        if p is None or blank(p["年初预算数"]):
            continue
        budget = dec(p["年初预算数"])
        for r in inds:
            t = r["_t"]
            if r["二级指标"] != "成本指标" or t.kind != "quantitative" or t.value is None:
                continue
            if t.unit != "元" or _per_unit(r) is not None:
                continue
            value = dec(t.value) / WAN
            if value - budget > Decimal("0.005"):
                yield hit(S.INDICATORS, r["_row"], "指标值", code,
                          (("指标值（万元）", fmt_money(value)), ("年初预算数", fmt_money(budget)), ("差额", signed(value - budget))),
                          name=r["三级指标"], target=r["指标值"], value=fmt_money(value), budget=fmt_money(budget))

