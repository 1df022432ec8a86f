"""成本分析 sections: what one unit of each 测算明细 line cost, against its standard.

Kept apart from annual.py (which re-exports these) so the project and department
reports share one table builder. Figures come from scoring.costs already rounded; every
total printed is the sum of the printed rows; workbook text is escaped.
"""

from __future__ import annotations

from decimal import Decimal

from jxreport.core.rounding import fmt_money, q2
from jxreport.scoring.costs import (PER_PERSON, PER_PERSON_MONTH, PER_QUANTITY, UNLINKED, CostLine, ProjectCosts, basis_of,
                                    compute_costs, deviation_text)
from jxreport.sections import appendix
from jxreport.sections.charts import to_png_html, unit_costs
from jxreport.sections.html import e, header_words, p as _p, section as _section, td as _td, tr as _tr

DASH = "—"


def _table(head: list[str], rows: list[str]) -> str:
    ths = "".join(_td(header_words(h), th=True) for h in head)  # wrap between words only
    return f'<table class="costs"><thead><tr>{ths}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _fig(text: str) -> str:
    if text == DASH:
        return _td(text, cls="c")
    # a unit cost (550.00 元/人/月) may wrap after its figure, so the cost table fits the page; figures never
    return _td(text, cls="r") if " " in text else _td(text, num=True)


def _unit_cost(f) -> str:
    return DASH if f is None else e(f"{fmt_money(f.value)} {f.unit}")


def _n(x: Decimal) -> str:
    return f"{int(x):,}" if x == x.to_integral_value() else fmt_money(x)


def _signed_pct(x: Decimal | None) -> str:
    return DASH if x is None else f"{x:+.2f}%"


def _costs(ctx):
    """The cost tables of the context's year (a project report's slice holds that project only).

    With the previous year's records the lines carry 上年单位成本 and 同比 (same 项目编码 + 明细名称).
    """
    return compute_costs(ctx.year, _before(ctx))


def _before(ctx):
    return getattr(ctx, "previous_year", None)


def _yoy_cells(ln: CostLine) -> list[str]:
    """上年单位成本, 同比: the two columns shown when a previous year is given."""
    return [_fig(_unit_cost(ln.previous)), _fig(_signed_pct(ln.yoy_pct))]


def _per_post_year(ln: CostLine) -> str | None:
    """A 元/人/月 line's cost per post for the year: Σ 金额 ÷ planned persons (a replacement fills the same
    post, so dividing by distinct persons would understate it), against 单价 × 月数; ÷ persons paid
    when the line plans no 数量."""
    b = basis_of(ln.standard.unit) if ln.standard else None
    if not (b and b[0] == PER_PERSON_MONTH and ln.persons):
        return None
    if ln.planned_persons:
        text = (f"每个岗位全年 {fmt_money(ln.amount)} 元 ÷ {_n(ln.planned_persons)} 个计划岗位 = "
                f"{fmt_money(q2(ln.amount / ln.planned_persons))} 元")
    else:
        text = f"人均全年 {fmt_money(ln.amount)} 元 ÷ {ln.persons:,} 人 = {fmt_money(q2(ln.amount / ln.persons))} 元/人"
    if ln.planned_months:
        text += (f"（标准 {fmt_money(ln.standard.value)} {ln.standard.unit} × {_n(ln.planned_months)} 月 = "
                 f"{fmt_money(q2(ln.standard.value * ln.planned_months))} 元）")
    return text


def _note(k: int, ln: CostLine) -> str:
    """The arithmetic behind one row, as a numbered note."""
    parts = []
    if ln.standard is not None:
        parts.append(f"标准：{ln.standard.derivation}")
    if ln.actual is not None:
        parts.append(f"实际：{ln.actual.derivation}")
        dev = deviation_text(ln)
        if dev:
            parts.append(f"偏差：{dev}")
    elif ln.reason and not ln.unlinked:
        parts.append(f"实际单位成本无法计算：{ln.reason}")
    if ln.persons is not None:
        counted = f"实发 {ln.persons:,} 人"
        if ln.planned_persons is not None:
            counted += f"（计划 {_n(ln.planned_persons)} 人）"
        counted += f"，{ln.person_months:,} 人·月"
        if ln.planned_person_months is not None:
            counted += f"（计划 {_n(ln.planned_person_months)} 人·月）"
        parts.append(counted)
        year = _per_post_year(ln)
        if year:
            parts.append(year)
    if ln.previous is not None:
        parts.append(f"上年：{ln.previous.derivation}" + (f"，同比 {_signed_pct(ln.yoy_pct)}" if ln.yoy_pct is not None else ""))
    if ln.unlinked:
        parts.append("不属于任何测算明细的支出（支出明细未写明所属明细，且不是任何明细的发放台账）")
    return f"注{k}　{ln.line}：" + "；".join(parts) + "。"


def _rows(pc: ProjectCosts, with_yoy: bool) -> tuple[list[str], Decimal, Decimal, list[str]]:
    rows, notes = [], []
    budget_total, spent_total = Decimal(0), Decimal(0)
    for ln in pc.lines:
        budget = ln.budget_wan
        spent = q2(ln.spent)
        budget_total += budget or 0
        spent_total += spent
        k = len(notes) + 1
        notes.append(_note(k, ln))
        cells = [_td(e(ln.line) + f"<sup>{k}</sup>", cls="name"), _fig(DASH if budget is None else fmt_money(budget)),
                 _fig(fmt_money(spent)), _fig(DASH if ln.share_pct is None else f"{ln.share_pct:.2f}%"),
                 _fig(_unit_cost(ln.standard)), _fig(_unit_cost(ln.actual)), _fig(_signed_pct(ln.deviation_pct))]
        rows.append(_tr(cells + (_yoy_cells(ln) if with_yoy else [])))
    return rows, budget_total, spent_total, notes


HEAD = ["明细", "预算（万元）", "支出（元）", "占比", "标准", "实际单位成本", "偏差"]
YOY_HEAD = ["上年单位成本", "同比"]  # only when the previous year is given


def cost_analysis(ctx, code: str) -> str:
    """预算执行情况 · 成本分析: each line's spending and unit cost against its standard, with the arithmetic."""
    pc = _costs(ctx).of(code)
    if pc is None or not pc.lines:
        return _section("成本分析", _p("该项目没有测算明细和支出记录，无法进行成本分析。"), level=3)
    with_yoy = _before(ctx) is not None
    rows, budget_total, spent_total, notes = _rows(pc, with_yoy)
    head = HEAD + (YOY_HEAD if with_yoy else [])
    rows.append(_tr([_td("合计"), _fig(fmt_money(budget_total)), _fig(fmt_money(spent_total)),
                     _fig("100.00%" if spent_total else DASH)] + [_td("")] * (len(head) - 4), cls="total"))
    body = _table(head, rows)
    said = [f"{ln.line}实际 {fmt_money(ln.actual.value)} {ln.actual.unit}，标准 {fmt_money(ln.standard.value)} "
            f"{ln.standard.unit}，偏差 {_signed_pct(ln.deviation_pct)}"
            + ("，" + _per_post_year(ln) if _per_post_year(ln) else "") for ln in pc.lines if ln.actual is not None]
    if said:
        body += _p("按执行记录计算的单位成本：" + "；".join(said) + "。")
        fig = unit_costs(pc.lines)
        if fig is not None:
            body += to_png_html(fig, "各测算明细实际单位成本与标准之比", "实际单位成本 ÷ 标准（100% 即等于标准，红色为高于标准）")
    compared = [f"{ln.line}上年 {fmt_money(ln.previous.value)} {ln.previous.unit}，同比 {_signed_pct(ln.yoy_pct)}"
                for ln in pc.lines if ln.previous is not None and ln.yoy_pct is not None]
    if compared:
        body += _p("与上年相比：" + "；".join(compared) + "。")
    if pc.unlinked:
        body += _p(f"有 {fmt_money(pc.unlinked)} 元支出不属于任何测算明细，列为「{UNLINKED}」。")
    body += "".join(_p(n, "note") for n in notes)
    return _section("成本分析", body, level=3)


def dept_costs(ctx) -> str:
    """部门整体 · 成本分析: every project's lines in one table, or, past appendix.INLINE_MAX
    projects, where the appendix lists them."""
    if not appendix.inline(ctx):
        return _section("成本分析", appendix.costs_summary(ctx), level=3)
    return cost_lines(ctx)


def cost_lines(ctx, title: str = "成本分析", level: int = 3) -> str:
    """成本分析 of the context's projects: their lines in one table, grouped by the standard's unit
    (a subsection of the department report, or a numbered section of an appendix part)."""
    costs = _costs(ctx)
    names = {p.code: p.name for p in ctx.scores.projects}
    groups: dict[str, list[tuple[str, CostLine]]] = {}
    for pc in costs.projects:
        for ln in pc.lines:
            if ln.unlinked:
                continue
            unit = ln.standard.unit if ln.standard is not None else "无标准"
            groups.setdefault(unit, []).append((pc.project, ln))
    if not groups:
        return _section(title, _p("各项目均没有测算明细，无法进行成本分析。"), level=level)
    with_yoy = _before(ctx) is not None
    head = ["项目", "明细", "预算（万元）", "支出（元）", "标准", "实际单位成本", "偏差"] + (YOY_HEAD if with_yoy else [])
    rows = []
    rank = {PER_PERSON_MONTH: 0, PER_PERSON: 1, PER_QUANTITY: 2}  # per person first; then first appearance
    order = sorted(groups, key=lambda u: 4 if u == "无标准" else rank.get((basis_of(u) or ("",))[0], 3))
    for unit in order:
        rows.append(_tr([_td(e(f"按 {unit}" if unit != "无标准" else "无单价标准"), colspan=len(head), cls="group")]))
        b_tot, s_tot = Decimal(0), Decimal(0)
        for code, ln in groups[unit]:
            b_tot += ln.budget_wan or 0
            s_tot += q2(ln.spent)
            rows.append(_tr([_td(e(f"{code} {names.get(code, '')}".strip()), cls="name"), _td(e(ln.line), cls="name"),
                             _fig(DASH if ln.budget_wan is None else fmt_money(ln.budget_wan)),
                             _fig(fmt_money(q2(ln.spent))), _fig(_unit_cost(ln.standard)), _fig(_unit_cost(ln.actual)),
                             _fig(_signed_pct(ln.deviation_pct))] + (_yoy_cells(ln) if with_yoy else [])))
        rows.append(_tr([_td("小计", colspan=2), _fig(fmt_money(b_tot)), _fig(fmt_money(s_tot))]
                        + [_td("")] * (len(head) - 4), cls="total"))
    unlinked = sum((q2(pc.unlinked) for pc in costs.projects), Decimal(0))
    body = _table(head, rows)
    if unlinked:
        body += _p(f"另有 {fmt_money(unlinked)} 元支出不属于任何测算明细（见各项目报告的成本分析）。")
    body += _p("实际单位成本：元/人/月 = 发放金额 ÷ 人·月（不重复的人员编号 × 月份）；元/人/年、元/人 = 发放金额 ÷ "
               "不重复人数；元/<实物量单位> = 支出 ÷ 对应实物量。算式见各项目报告。", "note")
    return _section(title, body, level=level)
