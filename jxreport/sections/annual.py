"""The report's sections, one function each, each returning an HTML string.

Every text that comes from a workbook is escaped; every figure goes through rounding.fmt_*;
every total printed under a column is the sum of the rounded figures printed above it.
The notebooks call these in order and display the result; nothing here prints.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from decimal import Decimal

from jxreport.sections import appendix as long_lists, charts  # appendix(): the project report's 附表
from jxreport.sections.cost_tables import cost_analysis, dept_costs  # noqa: F401  (成本分析 sections)
from jxreport.report import narrative as N
from jxreport.report.editions import draft_only, per_edition
from jxreport.sections.outline import (dept_other_remarks, dept_self_evaluation_work, dept_use_of_results,  # noqa: F401
                                       other_remarks, self_evaluation_work, use_of_results)
from jxreport.sections import outline
from jxreport.report import department_form as DF
from jxreport.report.selfeval_form import ordered, project_form
from jxreport.sections.html import (date as _date, e, header_words, key_line, items as _list, multiline as _multiline, p as _p, section as _section,
                                    stylesheet, td as _td, title_block, tr as _tr)
from jxreport.core import schema as S
from jxreport.core.problems import LEVELS, Problem
from jxreport.scoring import rates as R
from jxreport.scoring.results import IndicatorScore, ProjectScore
from jxreport.core.rounding import fmt_money, fmt_pct, fmt_score, fmt_wan, q2
from jxreport.core.text import blank

FUND_SOURCES = S.FUND_SOURCES
QUARTERS = ("一季度", "二季度", "三季度", "四季度")
DASH = "—"

# Scoped to .jx so it cannot disturb the exporter's page styles; repeated in every title block.
STYLE = f"<style>\n{stylesheet('sections-annual.css')}</style>"


# ---------------------------------------------------------------- html helpers

def _table(head: list[str], rows: list[str], cls: str = "", widths: tuple[int, ...] = ()) -> str:
    """head: escaped header labels; rows: ready <tr>…</tr> strings; widths: percent per column."""
    ths = "".join(_td(h if "<" in h else header_words(h), th=True) for h in head)  # wrap between words only
    c = f' class="{cls}"' if cls else ""
    cols = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>" if widths else ""
    return f"<table{c}>{cols}<thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _fig(text: str) -> str:
    """A figure cell: right-aligned, or centred when it is the dash of a figure that does not apply."""
    return _td(text, cls="c") if text == DASH else _td(text, num=True)


def _money(x) -> str:
    return DASH if x is None else fmt_money(x)


def _low(ctx) -> Decimal:
    return ctx.rules.execution_warning_below


def _editions(build) -> str:
    """HTML from `build()` for the 审核底稿 and, under N.for_submission(), for the 报送稿; once when equal."""
    draft = build()
    with N.for_submission():
        submit = build()
    return draft if draft == submit else per_edition(submit, draft)


def _project_name(name: str) -> str:
    return name if name.endswith("项目") else name + "项目"


# ---------------------------------------------------------------- project report

def title(ctx, code: str, report_date=None) -> str:
    """<h1> with unit, year and project, then the report date and the rule set."""
    p = ctx.project(code)
    f = ctx.facts(code)
    ys = ctx.scores
    meta = [f"项目编码：{p.code}"]
    if ys.department_name:
        meta.append(f"主管部门：{ys.department_name}")
    meta.append(f"实施单位：{f.get('实施单位') or ys.unit_name}")
    if report_date:
        meta.append(f"报告日期：{_date(report_date)}")
    meta.append(f"评分规则：{ctx.rules.title}")
    return title_block(STYLE, (ys.unit_name, f"{ys.year}年度", _project_name(p.name), "支出绩效自评报告"), meta)


def key_figures(ctx, code: str) -> str:
    """The figures nbval checks: total score, grade, execution rate (short and deterministic)."""
    p = ctx.project(code)
    text = (f"综合得分 {fmt_score(p.score)} 分　评价等级 {p.grade}　"
            f"预算执行率 {fmt_pct(p.execution_rate)}　全年执行数 {fmt_wan(p.spent_wan)}")
    return key_line(text)


def _funds(p: ProjectScore) -> list[tuple[str, Decimal | None]]:
    got = dict(p.funds)
    return [(k, got.get(k)) for k in FUND_SOURCES]


def basic_info(ctx, code: str) -> str:
    """一、项目基本情况: 概况, 资金来源, 主要用途, 绩效目标."""
    p = ctx.project(code)
    f = ctx.facts(code)
    ys = ctx.scores
    unit = f.get("实施单位") or ys.unit_name
    overview = f"{p.name}（项目编码 {p.code}）由{unit}实施"
    if ys.department_name:
        overview += f"，主管部门为{ys.department_name}"
    overview += f"。项目年初预算数 {fmt_wan(p.budget_initial_wan)}，全年预算数 {fmt_wan(p.budget_full_year_wan)}。"
    body = "<h3>（一）项目概况</h3>" + _p(overview)

    body += "<h3>（二）资金来源</h3>"
    funds = _funds(p)
    given = [(k, v) for k, v in funds if v is not None]
    if given:
        # the sources make up 年初预算数; with the year's 预算调整 the table adds up to 全年预算数
        adj = q2(p.budget_full_year_wan) - q2(p.budget_initial_wan)
        rows = [_tr([_td(e(k)), _td(fmt_money(v), num=True)]) for k, v in funds if v is not None]
        initial = sum((q2(v) for _, v in given), Decimal(0))
        if adj:
            rows.append(_tr([_td("预算调整"), _td(fmt_money(adj), num=True)]))
        total = initial + adj
        rows.append(_tr([_td("合计（全年预算数）" if adj else "合计"), _td(fmt_money(total), num=True)], cls="total"))
        body += _table(["资金来源", "金额（万元）"], rows)
        said = "，".join(f"{k} {fmt_wan(v)}" for k, v in given)
        if adj:
            said += f"；年内预算调整 {fmt_wan(adj)}，全年预算数 {fmt_wan(total)}"
        body += _p("资金来源：" + said + "。")
        if initial != q2(p.budget_initial_wan):
            body += _p(f"资金来源合计 {fmt_wan(initial)}，与年初预算数 {fmt_wan(p.budget_initial_wan)} 不一致，"
                       f"相差 {fmt_wan(abs(initial - q2(p.budget_initial_wan)))}（见“数据质量与目标审核”）。", "note")
    else:
        body += _p("项目表未填写资金来源构成（本级资金、上级转移支付、其他资金）。")

    body += "<h3>（三）主要用途</h3>"
    use = f.get("主要用途")
    body += f"<p>{_multiline(use)}</p>" if use else _p("项目表未填写资金主要用途。")

    body += "<h3>（四）绩效目标</h3>"
    goals = [g.strip() for g in str(f.get("绩效目标") or "").splitlines() if g.strip()]
    body += _list(goals, ordered=False) if goals else _p("项目表未填写年度绩效目标。")
    c = Counter(i.level1 for i in p.indicators)
    if p.indicators:
        body += _p(f"围绕上述目标设置三级绩效指标 {len(p.indicators)} 个："
                   + "、".join(f"{k} {n} 个" for k, n in c.items()) + "。")
    return _section(f"{N.heading_no(1)}基本情况", body)


def _plan(f: dict) -> tuple:
    return tuple(None if f.get(q) is None else float(f[q]) for q in QUARTERS)


def budget_execution(ctx, code: str) -> str:
    """二、预算执行情况: the table, the sentences, the quarters and the chart."""
    p = ctx.project(code)
    f = ctx.facts(code)
    adj = q2(p.budget_full_year_wan - p.budget_initial_wan)
    rate = fmt_pct(p.execution_rate) if p.budget_full_year_wan else DASH
    row = _tr([_td(fmt_money(p.budget_initial_wan), num=True), _td(fmt_money(adj), num=True),
               _td(fmt_money(p.budget_full_year_wan), num=True), _td(fmt_money(p.spent_wan), num=True),
               _td(rate, num=True), _td(fmt_score(p.execution_weight), num=True),
               _td(fmt_score(p.execution_score), num=True)])
    body = _table(["年初预算数（万元）", "预算调整（万元）", "全年预算数（万元）", "全年执行数（万元）", "执行率", "分值", "得分"],
                  [row])
    body += _editions(lambda: _p(N.execution(p, ctx.rules.execution_denominator) + N.execution_meaning(p, _low(ctx))))

    adjustments = ctx.year.of("adjustments", code)
    if len(adjustments):
        rows = []
        for _, a in adjustments.iterrows():
            rows.append(_tr([_td(e(_date(a.get("调整日期")) if not blank(a.get("调整日期")) else "")),
                             _td(fmt_money(a["调整金额"]), num=True),
                             _td(e(a.get("说明") if not blank(a.get("说明")) else ""))]))
        rows.append(_tr([_td("合计"), _td(fmt_money(adj), num=True), _td("")], cls="total"))
        body += "<h4>预算调整</h4>" + _table(["调整日期", "调整金额（万元）", "说明"], rows)

    plan = _plan(f)
    rows, said = [], []
    for k, qname in enumerate(QUARTERS):
        spent = q2(R.cumulative_spent(p, 3 * k + 3))
        progress = R.spending_progress(p, 3 * k + 3)  # from the unrounded ledger, as the monitoring report
        prog = DASH if progress is None else fmt_pct(progress)
        planned = DASH if plan[k] is None else f"{fmt_money(plan[k])}%"
        rows.append(_tr([_td(e(qname + "末")), _td(planned, num=True), _td(fmt_money(spent), num=True),
                         _td(prog, num=True)]))
        said.append(f"{qname}末 {prog}（计划 {planned}）")
    body += "<h4>支出进度</h4>" + _table(["时点", "计划累计支出进度", "累计支出（万元）", "实际累计支出进度"], rows)
    body += _p(f"按支付台账，各季度末累计支出占全年预算数（{fmt_wan(p.budget_full_year_wan)}）的进度为："
               + "，".join(said) + "。")
    body += charts.to_png_html(charts.spending(p, plan), f"{p.name}累计支出进度与季度支出计划",
                               "图：累计支出（万元）与季度支出计划")
    return _section(f"{N.heading_no(4)}绩效目标实现情况分析", "<h3>（一）预算执行情况</h3>" + body)


def _spans(inds: list[IndicatorScore]):
    """Row spans for the 一级 and 二级 columns: {index: span} for each group's first row."""
    s1, s2 = {}, {}
    k = 0
    while k < len(inds):
        j = k
        while j < len(inds) and inds[j].level1 == inds[k].level1:
            j += 1
        s1[k] = j - k
        m = k
        while m < j:
            n = m
            while n < j and inds[n].level2 == inds[m].level2:
                n += 1
            s2[m] = n - m
            m = n
        k = j
    return s1, s2


def _level_cells(k: int, i: IndicatorScore, s1: dict, s2: dict) -> list[str]:
    """The merged 一级 and 二级 cells that open row `k` (none inside a group), spans from `_spans`."""
    cells = []
    if k in s1:
        cells.append(_td(e(i.level1), rowspan=s1[k]))
    if k in s2:
        cells.append(_td(e(i.level2), rowspan=s2[k]))
    return cells


def _ordered(p: ProjectScore) -> list[IndicatorScore]:
    """Indicators in the 自评表's order (产出/效益/满意度, then 二级 by first appearance)."""
    return ordered(p.indicators)


STATUS_SHORT = {"met": "达成", "over": "超额完成", "missed": "未达成", "partial": "部分达成",
                "late": "逾期", "unknown": "无法判定", "scaled": "按比例折算"}


def indicator_table(p: ProjectScore) -> tuple[str, Decimal, Decimal, list[str]]:
    """The indicator table; returns (html, Σ printed 分值, Σ printed 得分, notes)."""
    inds = _ordered(p)
    s1, s2 = _spans(inds)
    notes: list[str] = []
    rate = fmt_pct(p.execution_rate) if p.budget_full_year_wan else DASH
    w_total = q2(p.execution_weight)
    s_total = q2(p.execution_score)
    rows = [_tr([_td("预算执行率", colspan=3), _td(e("100%")), _td(rate), _td(fmt_score(p.execution_weight), num=True),
                 _td(fmt_score(p.execution_score), num=True), _td("")])]
    for k, i in enumerate(inds):
        cells = _level_cells(k, i, s1, s2)
        actual = e(i.actual_text)
        if i.derived is not None:
            notes.append(f"{i.name}：按计算口径「{i.derived.formula}」，{i.derived.derivation}")
            actual += f"<sup>注{len(notes)}</sup>"
        status = STATUS_SHORT.get(i.status, i.status)
        if i.overridden:
            status += "（自评得分）"
        cells += [_td(e(i.name)), _td(e(i.target_text)), _td(actual), _td(fmt_score(i.weight), num=True),
                  _td(fmt_score(i.score), num=True), _td(e(status))]
        rows.append(_tr(cells))
        w_total += q2(i.weight)
        s_total += q2(i.score)
    rows.append(_tr([_td("合计", colspan=5), _td(fmt_score(w_total), num=True), _td(fmt_score(s_total), num=True),
                     _td("")], cls="total"))
    head = ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分", "完成情况"]
    return _table(head, rows), w_total, s_total, notes


def indicators(ctx, code: str) -> str:
    """三、绩效指标完成情况: the table (合计 = total score), derivations, overrides, satisfaction, chart."""
    p = ctx.project(code)
    table, _, total, notes = indicator_table(p)
    body = _p(N.indicator_summary(p)) + table
    evidence = [f"{N.quote(i.name)}：{i.evidence}" for i in _ordered(p) if getattr(i, "evidence", None)]
    if evidence:
        body += '<div class="note"><p>佐证材料：</p>' + _list(evidence, ordered=False) + "</div>"
    if notes:
        body += '<div class="note"><p>计算口径与推算过程：</p><ol>' + "".join(
            f"<li>注{k}　{e(n)}</li>" for k, n in enumerate(notes, 1)) + "</ol></div>"
    overrides = [i for i in p.indicators if i.overridden]
    if overrides:
        body += '<div class="note"><p>采用自评得分的指标：</p>' + _list([N.override_note(i) for i in overrides]) + "</div>"
    for n in p.notes:
        body += _p(n, "note")
    sats = [(i, i.derived.satisfaction) for i in p.indicators if i.derived is not None and i.derived.satisfaction]
    if sats:
        body += "<h4>满意度调查</h4>" + "".join(_p(N.satisfaction(s, i.name)) for i, s in sats)
    elif p.satisfaction is not None:
        body += "<h4>满意度调查</h4>" + _p(N.satisfaction(p.satisfaction))
    if p.indicators:
        body += charts.to_png_html(charts.completion(p), f"{p.name}各项绩效指标完成程度",
                                   "图：各指标完成程度（超过 150% 的截断显示，数值标于条旁；定性指标按得分率）")
    return _section("（二）绩效指标完成情况", body, level=3)


def conclusion(ctx, code: str) -> str:
    p = ctx.project(code)
    return _section(f"{N.heading_no(3)}综合评价结论", _editions(lambda: _p(N.conclusion(p, _by_project(ctx, code)))))


def problems(ctx, code: str) -> str:
    p = ctx.project(code)

    def body() -> str:
        items = N.problems(p, _by_project(ctx, code), _low(ctx))
        if items:
            return _list(items)
        return _p(f"预算执行率 {fmt_pct(p.execution_rate)}，各项指标均达到年度指标值，未发现需要说明的问题。")
    return _section(f"{N.heading_no(5)}主要经验及做法、存在的问题及原因",
                    outline.experience(ctx, code) + "<h3>（二）存在的问题及原因</h3>" + _editions(body))


def improvements(ctx, code: str) -> str:
    p = ctx.project(code)

    def body() -> str:
        items = N.improvements(p, _low(ctx))
        if items:
            return _list(items)
        return _p(N.NO_MEASURES_NEEDED if N.submitting() else N.NO_MEASURES_TODO)
    return _section(f"{N.heading_no(6)}改进措施和建议", _editions(body))


def self_evaluation_form(ctx, code: str) -> str:
    """项目支出绩效自评表 in the official layout (10 columns), rendered from the one built form
    that 自评表.xlsx renders too (report.selfeval_form)."""
    ys = ctx.scores
    form = project_form(ctx.project(code), ctx.facts(code), department=ys.department_name, unit=ys.unit_name)
    h = "h"
    rows = []
    rows.append(_tr([_td(header_words("项目名称"), cls=h, colspan=2), _td(e(form.project_name), colspan=8)]))
    rows.append(_tr([_td(header_words("主管部门"), cls=h, colspan=2), _td(e(form.department), colspan=3),
                     _td(header_words("实施单位"), cls=h, colspan=2), _td(e(form.unit), colspan=3)]))
    rate = DASH if form.execution_rate is None else fmt_pct(form.execution_rate)
    rows.append(_tr([_td("项目资金<br>（万元）", cls=h, colspan=2, rowspan=2 + len(form.funds)), _td("", cls=h, colspan=2),
                     *[_td(header_words(x), cls=h) for x in ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")]]))
    rows.append(_tr([_td("年度资金总额", colspan=2), _td(fmt_money(form.budget_initial), num=True),
                     _td(fmt_money(form.budget_full_year), num=True), _td(fmt_money(form.spent), num=True),
                     _td(fmt_score(form.execution_weight), num=True), _td(rate, num=True),
                     _td(fmt_score(form.execution_score), num=True)]))
    for k, (name, initial, full) in enumerate(form.funds):
        label = ("其中：" if k == 0 else "") + name
        rows.append(_tr([_td(e(label), colspan=2), _fig(_money(initial)), _fig(_money(full))] + [_fig(DASH)] * 4))
    rows.append(_tr([_td("年度<br>总体目标", cls=h, rowspan=2), _td(header_words("预期目标"), cls=h, colspan=4),
                     _td(header_words("实际完成情况"), cls=h, colspan=5)]))
    rows.append(_tr([_td(_multiline(form.goal), colspan=4), _td(e(form.achievement), colspan=5)]))
    s1, s2 = _spans(form.rows)
    rows.append(_tr([_td("绩<br>效<br>指<br>标", cls=h, rowspan=len(form.rows) + 1),
                     *[_td(header_words(x), cls=h) for x in ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
                                                             "分值", "得分")],
                     _td(header_words("偏差原因分析及改进措施"), cls=h, colspan=2)]))
    for k, r in enumerate(form.rows):
        cells = _level_cells(k, r, s1, s2)
        cells += [_td(e(r.name)), _td(e(r.target)), _td(e(r.actual)), _td(fmt_score(r.weight), num=True),
                  _td(fmt_score(r.score), num=True), _td(_multiline(r.remark), colspan=2)]
        rows.append(_tr(cells))
    rows.append(_tr([_td(header_words("总分"), cls=h, colspan=6), _td(fmt_score(form.total_weight), num=True),
                     _td(fmt_score(form.total_score), num=True), _td(e(f"评价等级：{form.grade}"), colspan=2)],
                    cls="total"))
    table = ('<table class="form" data-form="project"><colgroup><col style="width:4%"><col style="width:9%"><col style="width:9%">'
             '<col style="width:16%"><col style="width:10%"><col style="width:10%"><col style="width:9%">'
             '<col style="width:9%"><col style="width:12%"><col style="width:12%"></colgroup>'
             f"<tbody>{''.join(rows)}</tbody></table>")
    head = (f'<p class="form-title">项目支出绩效自评表</p><p class="form-sub">（{ys.year}年度）</p>')
    return head + table


def appendix(ctx, code: str) -> str:
    """七、附表: the 项目支出绩效自评表."""
    return _section("附表", self_evaluation_form(ctx, code), cls="appendix")


# ---------------------------------------------------------------- findings

def _by_project(ctx, code: str) -> tuple[Problem, ...]:
    return tuple(ctx.findings.by_project(code))


def _finding_rows(items, names: dict | None = None) -> str:
    """One row a finding; with `names` (code → name) a 项目 column first (the department report)."""
    rows = []
    for f in items:
        nums = "<br>".join(f"{e(k)}：{e(v)}" for k, v in f.numbers)
        cells = [_td(e(f.id or "")), _td(e(f.title or "")), _td(e(f.place) or DASH), _td(e(f.message)), _td(nums)]
        if names is not None:
            cells.insert(0, _td(e(names.get(f.project, f.project) if f.project else "部门整体")))
        rows.append(_tr(cells))
    head = ["编号", "检查", "位置", "说明", "数据"]
    if names is None:
        return _table(head, rows, widths=(7, 14, 20, 41, 18))
    return _table(["项目"] + head, rows, cls="wide", widths=(12, 7, 12, 17, 35, 17))


def _findings_body(items, silenced_items, silenced_ids, notes, rules, names: dict | None = None) -> str:
    """Findings by level, then the scoring/reading notes, the silenced checks and the rule set."""
    counts = Counter(f.level for f in items)
    body = "<h3>（一）勾稽核对与目标审核</h3>"
    body += _p("共发现" + "、".join(f"{lv} {counts[lv]} 项" for lv in LEVELS) + "。" if items else
               "勾稽核对与目标审核未发现问题。")
    for lv in LEVELS:
        group = [f for f in items if f.level == lv]
        if group:
            body += f'<h4 class="lvl-{e(lv)}">{e(lv)}（{len(group)} 项）</h4>' + _finding_rows(group, names)
    if silenced_ids:
        per = Counter(f.id for f in silenced_items)
        body += _p("按本年度参数静默的检查（其发现未列入上表）：" + "、".join(f"{i}（{per.get(i, 0)} 项）" for i in silenced_ids)
                   + "。", "note")
    body += "<h3>（二）读取与评分中的提示</h3>"
    if notes:
        rows = []
        for n in notes:
            cells = [_td(e(n.level), cls=f"lvl-{e(n.level)}"), _td(e(n.place) or DASH), _td(e(n.message))]
            if names is not None:
                cells.insert(0, _td(e(names.get(n.project, n.project) if n.project else "部门整体")))
            rows.append(_tr(cells))
        body += _table((["项目"] if names is not None else []) + ["级别", "位置", "说明"], rows)
    else:
        body += _p("读取数据和评分时没有提示。")
    body += _p(f"本报告评分规则：{rules.title}（{rules.name}）。", "note")
    return body


def data_quality(ctx, code: str) -> str:
    """八、数据质量与目标审核: this project's findings by level, silenced ids, scoring notes, the rule set."""
    items = _by_project(ctx, code)
    fs = ctx.findings
    quiet = [f for f in getattr(fs, "silenced_items", ()) if f.project == code]
    body = _findings_body(items, quiet, tuple(getattr(fs, "silenced", ())), _dedupe(ctx.project(code).warnings, items),
                          ctx.rules)
    others = [f for f in fs.items if not f.project]
    if others:
        body += _p(f"另有 {len(others)} 项不属于具体项目的发现，见部门整体绩效自评报告。", "note")
    return draft_only(_section("附：数据质量与目标审核（审核底稿）", body))


def _dedupe(notes, findings) -> list[Problem]:
    """Scoring/reading notes not already said by a finding (same message)."""
    seen = {f.message for f in findings}
    out = []
    for n in notes:
        if n.message not in seen:
            seen.add(n.message)
            out.append(n)
    return out


# ---------------------------------------------------------------- department report

def dept_title(ctx, report_date=None) -> str:
    ys = ctx.scores
    meta = []
    if ys.department_name:
        meta.append(f"主管部门：{ys.department_name}")
    if report_date:
        meta.append(f"报告日期：{_date(report_date)}")
    meta.append(f"评分规则：{ctx.rules.title}")
    return title_block(STYLE, (ys.unit_name, f"{ys.year}年度", "部门整体支出", "绩效自评报告"), meta)


def dept_key_figures(ctx) -> str:
    d = ctx.scores.department
    text = (f"部门整体得分 {fmt_score(d.score)} 分　评价等级 {d.grade}　部门预算执行率 {fmt_pct(d.execution_rate)}　"
            f"项目 {len(ctx.scores.projects)} 个")
    if d.weighted_project_score is not None:
        text += f"　项目加权平均得分 {fmt_score(d.weighted_project_score)} 分"
    return key_line(text)


def dept_basic(ctx) -> str:
    """一、基本情况: 总体绩效目标 and the work areas."""
    ys = ctx.scores
    goal = ctx.year.overall_goal
    body = "<h3>（一）总体绩效目标</h3>"
    body += f"<p>{_multiline(goal)}</p>" if goal else _p("单位表未填写总体绩效目标。")
    body += "<h3>（二）工作领域与分项目标</h3>"
    areas = ys.department.areas
    if areas:
        rows = [_tr([_td(str(k), cls="c"), _td(e(a.area)), _td(_multiline(a.goal) or DASH),
                     _td(str(len(a.indicators)), num=True)]) for k, a in enumerate(areas, 1)]
        rows.append(_tr([_td("合计", colspan=3), _td(str(sum(len(a.indicators) for a in areas)), num=True)], cls="total"))
        body += _table(["序号", "工作领域", "绩效目标", "指标数"], rows, widths=(7, 18, 65, 10))
    else:
        body += _p("目标表未填写部门指标（工作领域）。")
    body += _p(f"本年度纳入自评的项目 {len(ys.projects)} 个，全年预算数合计 {fmt_wan(ys.department.budget_wan)}。")
    return _section(f"{N.heading_no(1)}基本情况", body)


BUDGET_HEAD = ("项目编码", "项目名称", "年初预算数", "全年预算数", "全年执行数", "执行率")


def budget_rows(projects, before: dict | None) -> tuple[list[str], list[Decimal]]:
    """A row a project under BUDGET_HEAD (and the 全年预算数 同比 when `before`, last year's rows by
    code, is given), and the sums of the three amounts as printed: a total row adds up to them."""
    rows, tot = [], [Decimal(0)] * 3
    for p in projects:
        vals = [q2(p.budget_initial_wan), q2(p.budget_full_year_wan), q2(p.spent_wan)]
        tot = [a + b for a, b in zip(tot, vals)]
        cells = [_td(e(p.code)), _td(e(p.name), cls="name")] + [_td(fmt_money(v), num=True) for v in vals]
        cells.append(_td(fmt_pct(p.execution_rate) if p.budget_full_year_wan else DASH, num=True))
        if before is not None:
            r = before[p.code]
            cells.append(_td(_change(r.budget_change, r, money=True), num=True))
        rows.append(_tr(cells))
    return rows, tot


def _budget_table(ys, yoy) -> str:
    """Every project's budget and execution; Σ columns; 同比 of the budget where the previous year is given."""
    rows, tot = budget_rows(ys.projects, {r.code: r for r in yoy.projects} if yoy else None)
    total_cells = [_td("合计", colspan=2)] + [_td(fmt_money(v), num=True) for v in tot]
    all_rate = R.projects_execution_rate(ys.projects)  # unrounded sums, as the department's rate
    total_cells.append(_td(DASH if all_rate is None else fmt_pct(all_rate), num=True))
    head = list(BUDGET_HEAD)
    if yoy:
        head.append(f"全年预算数比{yoy.previous_year}年增减")
        total_cells.append(_td(_change(yoy.department.budget_change, yoy.department, money=True), num=True))
    rows.append(_tr(total_cells, cls="total"))
    return _p("金额单位：万元", "note") + _table(head, rows)


def dept_budget(ctx) -> str:
    """二、预算执行: every project's table, or past appendix.INLINE_MAX its summary; the chart."""
    ys = ctx.scores
    yoy = ctx.yoy()
    body = _budget_table(ys, yoy) if long_lists.inline(ctx) else long_lists.budget_summary(ctx)
    body += _p(N.dept_execution(ys))
    body += outline.dept_spending_scope(ctx, ys.department.budget_wan, ys.department.spent_wan)
    if yoy and yoy.ended:
        body += _p("上年度项目本年度已结束：" + "、".join(f"{r.name}（{r.code}，上年全年预算数 {fmt_wan(r.budget_before)}）"
                                               for r in yoy.ended) + "。")
    body += charts.to_png_html(charts.budget_execution(ys), "各项目全年预算数与全年执行数",
                               _chart_caption(ys.projects, "预算执行情况", "万元", "万元", totals=True))
    return _section(f"{N.heading_no(4)}绩效目标实现情况分析", "<h3>（一）预算执行情况</h3>" + body)


def _chart_caption(projects, subject: str, note: str = "", note_if_cut: str = "", totals: bool = False) -> str:
    """A department chart's caption; past charts.MAX_PROJECTS it says which projects the chart
    shows, and with `totals` what the others add up to (their printed figures)."""
    shown, left_out = charts.largest(projects)
    if not left_out:
        return f"图：各项目{subject}" + (f"（{note}）" if note else "")
    rest = f"其余 {len(left_out)} 个项目"
    if totals:
        budget = sum((p.budget_full_year_wan for p in left_out), Decimal(0))
        spent = sum((p.spent_wan for p in left_out), Decimal(0))
        rate = f"，执行率 {fmt_pct(R.projects_execution_rate(left_out))}" if budget else ""
        rest += f"全年预算数合计 {fmt_wan(budget)}、全年执行数 {fmt_wan(spent)}{rate}，"
    parts = [note_if_cut or note, rest + ("逐项见上表" if long_lists.inline(len(projects)) else "逐项见附件")]
    return f"图：全年预算数最大的 {len(shown)} 个项目的{subject}（{'；'.join(x for x in parts if x)}）"


def _change(x, row, money=False, unit="") -> str:
    """A signed change; new projects say 新增."""
    if row.status == "new":
        return "新增"
    if x is None:
        return DASH
    s = fmt_money(x) if money else f"{fmt_score(x)}"
    if x > 0:
        s = "+" + s
    return s + (f" {unit}" if unit else "")


def dept_indicators(ctx) -> str:
    """三、部门指标完成情况 by 工作领域, the department's execution score, Σ = department score."""
    ys = ctx.scores
    d = ys.department
    rows = []
    w_total, s_total = q2(d.execution_weight), q2(d.execution_score)
    rows.append(_tr([_td("部门预算执行率", colspan=2), _td("100%"), _td(fmt_pct(d.execution_rate)),
                     _td(fmt_score(d.execution_weight), num=True), _td(fmt_score(d.execution_score), num=True),
                     _td("")]))
    for a in d.scored_areas:
        n = max(len(a.indicators), 1)
        if not a.indicators:  # an area with no indicator still carries its weight and score
            rows.append(_tr([_td(e(a.area)), _td("未设置指标", colspan=3), _td(fmt_score(a.weight), num=True),
                             _td(fmt_score(a.score), num=True), _td("")]))
            w_total += q2(a.weight)
            s_total += q2(a.score)
        for k, i in enumerate(a.indicators):
            cells = [_td(e(a.area), rowspan=n)] if k == 0 else []
            cells += [_td(e(i.name)), _td(e(i.target_text)), _td(e(i.actual_text)),
                      _td(fmt_score(i.weight), num=True), _td(fmt_score(i.score), num=True),
                      _td(e(STATUS_SHORT.get(i.status, i.status)))]
            rows.append(_tr(cells))
            w_total += q2(i.weight)
            s_total += q2(i.score)
    rows.append(_tr([_td("合计", colspan=4), _td(fmt_score(w_total), num=True), _td(fmt_score(s_total), num=True),
                     _td("")], cls="total"))
    body = _table(["工作领域", "指标名称", "指标值", "实际完成值", "分值", "得分", "完成情况"], rows)
    if d.areas:
        body += _p("各工作领域得分：" + "，".join(f"{a.area} {N.score(a.score)}（分值 {fmt_score(a.weight)}）"
                                           for a in d.areas) + "。")
        missed = [(a, i) for a in d.areas for i in a.indicators if N.needs_attention(i)]
        if missed:
            body += _list([f"{a.area}：" + N.indicator_problem(replace(i, level1="", level2="")) for a, i in missed])
    elif d.projects_area is not None:
        body += _p(f"目标表未填写部门指标，工作领域的 {fmt_score(d.projects_area.weight)} 分按项目自评得分的"
                   f"预算加权平均（{N.score(d.weighted_project_score or 0)}）折算为 {N.score(d.projects_area.score)}，"
                   f"部门整体得分 {N.score(d.score)}。")
    return _section("（二）部门指标完成情况", body, level=3)


def _projects_table(ys, yoy) -> str:
    """Every project's score and grade, the budget-weighted mean, 同比 of scores."""
    before = {r.code: r for r in yoy.projects} if yoy else {}
    head = ["项目编码", "项目名称", "全年预算数（万元）", "执行率", "得分", "等级"]
    if yoy:
        head += ["上年得分", "得分同比"]
    rows = []
    tot = Decimal(0)
    for p in ys.projects:
        tot += q2(p.budget_full_year_wan)
        cells = [_td(e(p.code)), _td(e(p.name), cls="name"), _td(fmt_money(p.budget_full_year_wan), num=True),
                 _td(fmt_pct(p.execution_rate) if p.budget_full_year_wan else DASH, num=True),
                 _td(fmt_score(p.score), num=True), _td(e(p.grade), cls="c")]
        if yoy:
            r = before[p.code]
            cells += [_fig(fmt_score(r.score_before) if r.score_before is not None else DASH),
                      _td(_change(r.score_change, r), num=True)]
        rows.append(_tr(cells))
    mean = ys.department.weighted_project_score
    all_rate = R.projects_execution_rate(ys.projects)  # the 合计 row carries its rate too
    total = [_td("合计 / 按预算加权平均", colspan=2), _td(fmt_money(tot), num=True),
             _fig(DASH if all_rate is None else fmt_pct(all_rate)),
             _td(fmt_score(mean) if mean is not None else DASH, num=True), _td("")]
    if yoy:
        total += [_td(""), _td("")]
    rows.append(_tr(total, cls="total"))
    return _table(head, rows)


def dept_projects(ctx) -> str:
    """四、项目绩效自评汇总: the table (or past appendix.INLINE_MAX its summary); chart; 同比."""
    ys = ctx.scores
    yoy = ctx.yoy()
    body = _projects_table(ys, yoy) if long_lists.inline(ctx) else long_lists.projects_summary(ctx)
    body += _p(N.dept_projects(ys))
    body += charts.to_png_html(charts.project_scores(ys, yoy), "各项目绩效自评得分",
                               _chart_caption(ys.projects, "自评得分" + ("与上年度对比" if yoy else ""),
                                              "虚线为按预算加权平均", "虚线为全部项目按预算加权平均"))
    if yoy:
        body += "<h4>同比情况</h4>" + (_yoy_table(yoy) if long_lists.inline(ctx) else "") + _p(N.yoy_summary(yoy))
        body += charts.to_png_html(charts.yoy(yoy), "同比：预算、执行率与得分",
                                   _chart_caption(yoy.projects, "同比情况"))
    return _section("（三）项目绩效自评汇总", body, level=3)


def _signed(x, fmt) -> str:
    if x is None:
        return DASH
    return ("+" if x > 0 else "") + fmt(x)


def _yoy_table(yoy) -> str:
    """同比 table: per project and the department, last year / this year / change, three groups."""
    rows = []
    groups = (("budget", fmt_money), ("rate", fmt_money), ("score", fmt_score))
    for r in list(yoy.projects) + [yoy.department]:
        label = e(r.name) + (f"<br><span class=\"note\">{e(r.code)}</span>" if r.code else "")
        status = "" if r is yoy.department else r.status_text
        cells = [_td(label, cls="name"), _td(e(status), cls="c")]
        for key, fmt in groups:
            before, now, change = (getattr(r, f"{key}_before"), getattr(r, f"{key}_now"), getattr(r, f"{key}_change"))
            cells += [_td(fmt(before) if before is not None else DASH, num=True),
                      _td(fmt(now) if now is not None else DASH, num=True),
                      _td(_signed(change, fmt), num=True)]
        rows.append(_tr(cells, cls="total" if r is yoy.department else ""))
    y0, y1 = yoy.previous_year, yoy.year
    top = ("<tr>" + _td("项目", th=True, rowspan=2) + _td("状态", th=True, rowspan=2)
           + _td("全年预算数（万元）", th=True, colspan=3) + _td("预算执行率（%）", th=True, colspan=3)
           + _td("得分", th=True, colspan=3) + "</tr>")
    sub = "<tr>" + "".join(_td(h, th=True, cls="nw") for h in [f"{y0}年", f"{y1}年", "增减"] * 3) + "</tr>"
    cols = "<colgroup>" + '<col style="width:19%"><col style="width:6%">' + '<col style="width:8.3%">' * 9 + "</colgroup>"
    return (f'<table class="wide">{cols}<thead>{top}{sub}</thead><tbody>{"".join(rows)}</tbody></table>'
            + _p("执行率的增减为百分点；新增项目无上年数，已结束项目无本年数。", "note"))


def dept_conclusion(ctx) -> str:
    return _section(f"{N.heading_no(3)}综合评价结论",
                    _editions(lambda: _p(N.dept_conclusion(ctx.scores, ctx.yoy(), tuple(ctx.findings.items)))))


def dept_problems(ctx) -> str:
    """五、主要经验及做法、存在的问题及原因 and 六、改进措施和建议."""
    ys = ctx.scores

    def found() -> str:
        if not long_lists.inline(ctx):  # the department's own items; the projects' counted, listed in the appendix
            return long_lists.problems_summary(ctx, N.dept_problems(replace(ys, projects=()), tuple(ctx.findings.items),
                                                                    _low(ctx)))
        items = N.dept_problems(ys, tuple(ctx.findings.items), _low(ctx))
        return _list(items) if items else _p("各项目预算执行与指标完成均达到要求。")

    def measures() -> str:
        if not long_lists.inline(ctx):
            return long_lists.improvements_summary(ctx)
        imp = N.dept_improvements(ys, _low(ctx))
        return _list(imp) if imp else _p(N.NO_MEASURES_NEEDED if N.submitting() else N.NO_MEASURES_TODO)
    five = _section(f"{N.heading_no(5)}主要经验及做法、存在的问题及原因",
                    outline.dept_experience(ctx) + "<h3>（二）存在的问题及原因</h3>" + _editions(found))
    return five + _section(f"{N.heading_no(6)}改进措施和建议", _editions(measures))


def dept_data_quality(ctx) -> str:
    """七、数据质量与目标审核: counts by project and level, then every finding with its project."""
    fs = ctx.findings
    items = tuple(fs.items)
    names = {p.code: p.name for p in ctx.scores.projects}
    body = ""
    if not long_lists.inline(ctx):  # each project's findings are listed in its appendix part
        body += long_lists.findings_summary(ctx, items)
        items = tuple(f for f in items if not f.project)
    if items:
        per = Counter((f.project or "", f.level) for f in items)
        codes = list(dict.fromkeys([p.code for p in ctx.scores.projects] + [f.project for f in items if f.project]))
        rows, sums = [], Counter()
        for c in codes + [""]:
            n = [per[(c, lv)] for lv in LEVELS]
            if not any(n):
                continue
            sums.update(dict(zip(LEVELS, n)))
            rows.append(_tr([_td(e(names.get(c, c) if c else "部门整体"))] + [_td(str(x), num=True) for x in n]))
        rows.append(_tr([_td("合计")] + [_td(str(sums[lv]), num=True) for lv in LEVELS], cls="total"))
        body += _p("按项目统计的发现数：") + _table(["项目", *LEVELS], rows)
    notes = _dedupe(ctx.scores.warnings, items)
    if not long_lists.inline(ctx):
        notes = [n for n in notes if not n.project]
    body += _findings_body(items, tuple(getattr(fs, "silenced_items", ())), tuple(getattr(fs, "silenced", ())),
                           notes, ctx.rules, names)
    return draft_only(_section("附：数据质量与目标审核（审核底稿）", body))


def dept_form(ctx) -> str:
    """部门整体支出绩效自评表, rendered from the one built form that 自评表.xlsx's 部门整体 sheet
    renders too (report.department_form)."""
    form = DF.department_form(ctx.scores, overall_goal=ctx.year.overall_goal)
    h = "h"

    def head(label: str, **kw) -> str:
        return _td(header_words(label), cls=h, **kw)

    rate = DASH if form.execution_rate is None else fmt_pct(form.execution_rate)
    rows = [_tr([head("单位名称"), _td(e(form.unit), colspan=3), head("主管部门"), _td(e(form.department), colspan=4)])]
    rows.append(_tr([_td("年度预算执行情况<br>（万元）", cls=h, colspan=2, rowspan=2),
                     *[head(x) for x in ("全年预算数", "全年执行数", "执行率", "分值")], head("得分", colspan=3)]))
    rows.append(_tr([_td(fmt_money(form.budget), num=True), _td(fmt_money(form.spent), num=True), _td(rate, num=True),
                     _td(fmt_score(form.execution_weight), num=True),
                     _td(fmt_score(form.execution_score), num=True, colspan=3)]))
    rows.append(_tr([head("年度总体目标", colspan=2), _td(_multiline(form.goal), colspan=7)]))
    rows.append(_tr([head(x) for x in ("工作领域", "绩效目标", "指标名称", "年度指标值", "实际完成值", "分值", "得分",
                                       "领域得分", "偏差原因分析及改进措施")]))
    for a in form.areas:
        n = len(a.rows)
        for k, r in enumerate(a.rows):
            cells = [_td(e(a.area), rowspan=n), _td(_multiline(a.goal), rowspan=n)] if k == 0 else []
            if r.weight is None:
                cells.append(_td(e(r.name), colspan=5))
            else:
                cells += [_td(e(r.name)), _td(e(r.target)), _td(e(r.actual)), _td(fmt_score(r.weight), num=True),
                          _td(fmt_score(r.score), num=True)]
            if k == 0:
                cells.append(_td(fmt_score(a.score), num=True, rowspan=n))
            cells.append(_td(_multiline(r.remark)))
            rows.append(_tr(cells))
    if not form.areas:
        rows.append(_tr([_td(e(DF.NO_AREAS), colspan=9)]))
    rows.append(_tr([head("总分", colspan=5), _td(fmt_score(form.total_weight), num=True),
                     _td(fmt_score(form.total_score), num=True), _td(e(f"评价等级：{form.grade}"), colspan=2)],
                    cls="total"))
    weighted = DASH if form.weighted_project_score is None else fmt_score(form.weighted_project_score)
    rows.append(_tr([_td(e(DF.WEIGHTED), colspan=6), _td(weighted, num=True),
                     _td(e(f"项目数：{form.project_count}"), colspan=2)]))
    cols = "".join(f'<col style="width:{w}%">' for w in (10, 15, 14, 10, 10, 7, 7, 8, 19))
    head_html = f'<p class="form-title">{DF.TITLE}</p><p class="form-sub">（{form.year}年度）</p>'
    return head_html + f'<table class="form" data-form="department"><colgroup>{cols}</colgroup><tbody>{"".join(rows)}</tbody></table>'


def dept_appendix(ctx) -> str:
    """八、附表: the department form, then a summary row per project."""
    ys = ctx.scores
    body = dept_form(ctx)
    if not long_lists.inline(ctx):
        return _section("附表", body + long_lists.form_summary(ctx), cls="appendix")
    rows, tot = [], [Decimal(0)] * 3
    for p in ys.projects:
        vals = [q2(p.budget_full_year_wan), q2(p.spent_wan)]
        tot[0] += vals[0]
        tot[1] += vals[1]
        rows.append(_tr([_td(e(p.code)), _td(e(p.name)), _td(fmt_money(vals[0]), num=True),
                         _td(fmt_money(vals[1]), num=True),
                         _td(fmt_pct(p.execution_rate) if p.budget_full_year_wan else DASH, num=True),
                         _td(fmt_score(p.execution_score), num=True), _td(fmt_score(p.score), num=True),
                         _td(e(p.grade), cls="c")]))
    all_rate = R.projects_execution_rate(ys.projects)
    rows.append(_tr([_td("合计", colspan=2), _td(fmt_money(tot[0]), num=True), _td(fmt_money(tot[1]), num=True),
                     _fig(DASH if all_rate is None else fmt_pct(all_rate)), _td(""), _td(""), _td("")], cls="total"))
    body += '<p class="form-title">项目支出绩效自评汇总表</p>' + f'<p class="form-sub">（{ys.year}年度）</p>'
    body += _table(["项目编码", "项目名称", "全年预算数（万元）", "全年执行数（万元）", "执行率", "执行率得分", "总分", "等级"],
                   rows)
    return _section("附表", body, cls="appendix")
