"""The department report's appendix: one part of appendix.PART_SIZE projects, its long tables.

A part prints only its own projects' rows (and subtotals of them): never a department
figure, so that a change in one project rebuilds the department report and that project's
part, and every other part is carried over (pipeline/incremental.py hashes a part from its
projects' slices). The rule that decides when there are parts is in appendix.py.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from jxreport.core.problems import LEVELS
from jxreport.core.rounding import fmt_money, fmt_pct, fmt_score, q2
from jxreport.report.editions import draft_only
from jxreport.sections import appendix
from jxreport.report import narrative as N
from jxreport.sections.annual import BUDGET_HEAD, DASH, STYLE, _change, _editions, _fig, _finding_rows, _table, budget_rows
from jxreport.sections.cost_tables import cost_lines
from jxreport.sections.html import date as _date, e, items as _list, p as _p, section as _section, td as _td, title_block, tr as _tr


def part_context(ctx, codes=(), number: int = 1):
    """The context of one part: these projects' rows, scores (this year's and last), findings and notes
    (ReportContext.part; a part's kernel inside a run is given just that, snapshot.py).

    Without `codes` (the notebook opened by hand), the projects part `number` would hold."""
    if not codes:
        every = [p.code for p in ctx.scores.projects]
        codes = every[(number - 1) * appendix.PART_SIZE:number * appendix.PART_SIZE]
    return ctx.part(codes)


def part_title(ctx, number: int, report_date=None) -> str:
    """The part's <h1>: the department report's title and which projects this part lists."""
    ys = ctx.scores
    first = (number - 1) * appendix.PART_SIZE + 1
    label = appendix.part_label(number, first, first + len(ys.projects) - 1)
    meta = [f"本附件列示第 {first}–{first + len(ys.projects) - 1} 个项目的逐项情况，部门整体得分、合计与分析见正文"]
    if report_date:
        meta.append(f"报告日期：{_date(report_date)}")
    return title_block(STYLE, (ys.unit_name, f"{ys.year}年度", "部门整体支出绩效自评报告", label), meta)


def _yoy_rows(ctx) -> dict:
    yoy = ctx.yoy()
    return ({r.code: r for r in yoy.projects}, yoy.previous_year) if yoy else ({}, None)


def part_budget(ctx) -> str:
    """一、预算执行情况 of the part's projects; 本附件小计 adds up the figures printed above it."""
    before, year0 = _yoy_rows(ctx)
    rows, tot = budget_rows(ctx.scores.projects, before or None)
    total = [_td("本附件小计", colspan=2)] + [_td(fmt_money(v), num=True) for v in tot] + [_td("")]
    head = list(BUDGET_HEAD)
    if before:
        head.append(f"全年预算数比{year0}年增减")
        total.append(_td(""))
    rows.append(_tr(total, cls="total"))
    return _section("一、预算执行情况", _p("金额单位：万元", "note") + _table(head, rows))


def part_scores(ctx) -> str:
    """二、项目支出绩效自评汇总表 of the part's projects, with 同比 of the score when last year is given."""
    before, _ = _yoy_rows(ctx)
    rows, tot = [], [Decimal(0)] * 2
    for p in ctx.scores.projects:
        vals = [q2(p.budget_full_year_wan), q2(p.spent_wan)]
        tot = [a + b for a, b in zip(tot, vals)]
        cells = [_td(e(p.code)), _td(e(p.name), cls="name"), _td(fmt_money(vals[0]), num=True),
                 _td(fmt_money(vals[1]), num=True),
                 _td(fmt_pct(p.execution_rate) if p.budget_full_year_wan else DASH, num=True),
                 _td(fmt_score(p.execution_score), num=True), _td(fmt_score(p.score), num=True),
                 _td(e(p.grade), cls="c")]
        if before:
            r = before[p.code]
            cells += [_fig(fmt_score(r.score_before) if r.score_before is not None else DASH),
                      _td(_change(r.score_change, r), num=True)]
        rows.append(_tr(cells))
    total = [_td("本附件小计", colspan=2), _td(fmt_money(tot[0]), num=True), _td(fmt_money(tot[1]), num=True)]
    total += [_td("")] * (4 + (2 if before else 0))
    rows.append(_tr(total, cls="total"))
    head = ["项目编码", "项目名称", "全年预算数（万元）", "全年执行数（万元）", "执行率", "执行率得分", "总分", "等级"]
    if before:
        head += ["上年得分", "得分同比"]
    return _section("二、项目支出绩效自评汇总表", _table(head, rows))


def part_costs(ctx) -> str:
    """三、成本分析 of the part's projects (their 测算明细 lines)."""
    return cost_lines(ctx, "三、成本分析", level=2)


def part_problems(ctx) -> str:
    """四、存在的问题及改进措施 of the part's projects (the department's own are in the report)."""
    ys = ctx.scores
    low = ctx.rules.execution_warning_below
    own = replace(ys, department=replace(ys.department, areas=()))  # no department indicator here

    def found() -> str:
        items = N.dept_problems(own, (), low)
        return _list(items) if items else _p("本附件所列项目预算执行与指标完成均达到要求。")

    def measures() -> str:
        items = N.dept_improvements(own, low)
        return _list(items) if items else _p("本附件所列项目无需改进的指标。")
    return _section("四、存在的问题及改进措施", "<h3>（一）存在的问题</h3>" + _editions(found)
                    + "<h3>（二）改进措施和建议</h3>" + _editions(measures))


def part_data_quality(ctx) -> str:
    """附：the part's projects' findings and reading/scoring notes (审核底稿 only)."""
    items = tuple(ctx.findings.items)
    names = {p.code: p.name for p in ctx.scores.projects}
    body = ""
    for lv in LEVELS:
        group = [f for f in items if f.level == lv]
        if group:
            body += f'<h4 class="lvl-{e(lv)}">{e(lv)}（{len(group)} 项）</h4>' + _finding_rows(group, names)
    if not items:
        body += _p("本附件所列项目的勾稽核对与目标审核未发现问题。")
    notes = [w for w in ctx.scores.warnings if w.message not in {f.message for f in items}]
    if notes:
        rows = [_tr([_td(e(names.get(n.project, n.project))), _td(e(n.level), cls=f"lvl-{e(n.level)}"),
                     _td(e(n.place) or DASH), _td(e(n.message))]) for n in notes]
        body += "<h4>读取与评分中的提示</h4>" + _table(["项目", "级别", "位置", "说明"], rows)
    return draft_only(_section("附：数据质量与目标审核（审核底稿）", body))


__all__ = ["part_budget", "part_context", "part_costs", "part_data_quality", "part_problems", "part_scores",
           "part_title"]
