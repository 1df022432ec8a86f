"""The 绩效运行监控 report's sections: one function each, each returning an HTML string.

Every workbook text is escaped with html.escape; every figure goes through rounding.fmt_*.
A warning colour is printed as a coloured dot *and* the word 红/黄/绿, so the report reads
the same on a black-and-white printer. The notebook displays these in order.
"""

from __future__ import annotations

import datetime as dt
import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from jxreport.sections import charts
from jxreport.core import fonts
from jxreport.sections.html import date as _date, e, header_words, key_line, p as _p, section as _section, stylesheet, td as _td, title_block, tr as _tr
from jxreport.scoring.monitoring import GREEN, NO_MEASURES, NO_REASON, RED, YELLOW, Monitoring, ProjectMonitoring, SpendingPoint
from jxreport.core.rounding import fmt_money, fmt_pct
from jxreport.report.editions import draft_only, per_edition

DASH = "—"
UNJUDGED = "未判断"
_DOT = {RED: "#c62828", YELLOW: "#f9a825", GREEN: "#2e7d32"}

STYLE = f"<style>\n{stylesheet('sections-monitoring.css')}</style>"


# ---------------------------------------------------------------- helpers

def badge(colour: str | None) -> str:
    """A warning as ● plus its word; the word alone carries the meaning in black and white."""
    if colour is None:
        return e(UNJUDGED)
    return f'<span class="dot" style="color:{_DOT[colour]}">●</span>{e(colour)}'


def _rate(x) -> str:
    return DASH if x is None else fmt_pct(x)


def _table(head: list[str], rows: list[str], widths: list[float] | None = None) -> str:
    """A table; `widths` (relative) keep short columns from squeezing the names."""
    ths = "".join(f"<th>{header_words(h)}</th>" for h in head)  # wrap between words only
    cols, attrs = "", ""
    if widths:
        total = sum(widths)
        cols = "<colgroup>" + "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in widths) + "</colgroup>"
        attrs = ' style="table-layout:fixed"'
    return f"<table{attrs}>{cols}<thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _codes(projects) -> str:
    return "、".join(f"{p.code} {p.name}" for p in projects)


def _threshold_text(m: Monitoring) -> str:
    t = m.thresholds
    return (f"支出进度 ÷ 计划进度低于 {fmt_pct(t.red_below, 0)} 为红色、{fmt_pct(t.red_below, 0)}–"
            f"{fmt_pct(t.yellow_below, 0)} 为黄色、不低于 {fmt_pct(t.yellow_below, 0)} 为绿色（季度计划为 0% 时为绿色）；"
            f"全年预计完成值达到指标值为绿色，完成可能性为“有可能”或预计差于指标值不超过 "
            f"{fmt_pct(t.forecast_miss, 0)} 为黄色，完成可能性为“完全不可能”或预计差于指标值超过 "
            f"{fmt_pct(t.forecast_miss, 0)} 为红色。项目预警取支出进度与各指标中最严重者。")


# ---------------------------------------------------------------- sections

def month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def report_day(m: Monitoring, report_date=None) -> dt.date:
    """The date a monitoring report carries: its month's end, or the given date when that falls
    in the month after (a July report written on 10 August). The run passes the annual report's
    date (2023-03-31) to every report; a July report dated after its year ended would be wrong."""
    end = month_end(m.year, m.month)
    given = None
    if isinstance(report_date, dt.date):
        given = report_date
    elif report_date:
        try:
            given = dt.date.fromisoformat(str(report_date).strip())
        except ValueError:
            given = None
    return given if given is not None and end <= given <= end + dt.timedelta(days=31) else end


def title(m: Monitoring, report_date=None) -> str:
    h1 = (m.unit_name, f"{m.year}年", "绩效运行监控报告", f"（截至{m.month}月末）")
    meta = []
    if m.department:
        meta.append(f"主管部门：{m.department}")
    meta.append(f"监控时点：{m.year}年{m.month}月末")
    meta.append(f"报告日期：{_date(report_day(m, report_date))}")
    meta.append(f"预警规则：{m.rules_title or m.rules}")
    return title_block(STYLE, h1, meta)


def key_figures(m: Monitoring) -> str:
    return key_line(m.summary())


def overview(m: Monitoring) -> str:
    """一、监控概况: one line a project with its three warnings, and what they mean."""
    c = m.counts()
    reds = [p for p in m.projects if p.colour == RED]
    yellows = [p for p in m.projects if p.colour == YELLOW]
    text = f"截至{m.year}年{m.month}月末，纳入监控的项目共 {len(m.projects)} 个："
    parts = []
    for colour, group in ((RED, reds), (YELLOW, yellows)):
        if group:
            parts.append(f"{colour}色预警 {len(group)} 个（{_codes(group)}）")
    parts.append(f"绿色 {c[GREEN]} 个")
    if c[UNJUDGED]:
        parts.append(f"未能判断 {c[UNJUDGED]} 个")
    text += "，".join(parts) + "。"
    rows = []
    for p in m.projects:
        pt = p.judged
        rows.append(_tr([
            _td(e(p.code), cls="c"), _td(e(p.name)), _td(fmt_money(p.budget_wan), num=True),
            _td(e(pt.label), cls="c"), _td(_rate(pt.progress), num=True), _td(_rate(pt.plan), num=True),
            _td(badge(p.spending_colour), cls="c"),
            _td(badge(p.indicator_colour) if p.indicators else e("无监控指标"), cls="c"), _td(badge(p.colour), cls="c"),
        ]))
    table = _table(["项目编码", "项目名称", "全年预算数（万元）", "判断时点", "支出进度", "计划进度", "支出预警",
                    "指标预警", "综合预警"], rows, [7, 16, 10, 8, 8, 8, 7, 7, 7])
    return _section("一、监控概况", _p(text) + table + _p("预警规则：" + _threshold_text(m), "note"))


def _point_row(pt: SpendingPoint) -> list[str]:
    return [_td(e(pt.label), cls="c"), _td(fmt_money(pt.spent_wan), num=True), _td(_rate(pt.progress), num=True),
            _td(_rate(pt.plan), num=True), _td(_rate(pt.ratio), num=True), _td(badge(pt.colour), cls="c"),
            _td(e(pt.note or ""))]


def spending(m: Monitoring) -> str:
    """二、预算执行进度: cumulative spending at each quarter end and at the month, against plan."""
    rows = []
    for p in m.projects:
        points = p.points
        for k, pt in enumerate(points):
            lead = [_td(e(p.code), cls="c", rowspan=len(points)), _td(e(p.name), rowspan=len(points))] if k == 0 else []
            rows.append(_tr(lead + _point_row(pt)))
    table = _table(["项目编码", "项目名称", "时点", "累计支出（万元）", "支出进度", "计划进度", "进度比", "预警", "说明"],
                   rows, [7, 14, 8, 9, 8, 8, 8, 6, 13])
    behind = [p for p in m.projects if p.spending_colour in (RED, YELLOW)]
    if behind:
        text = "支出进度滞后于计划的项目：" + "；".join(
            f"{p.code} {p.name}，{p.judged.label}支出进度 {_rate(p.judged.progress)}，计划 {_rate(p.judged.plan)}"
            f"（{p.spending_colour}色）" for p in behind) + "。"
    else:
        text = "各项目支出进度均未明显滞后于季度计划。"
    note = ("支出进度 = 截至该时点的累计支出 ÷ 全年预算数（含该时点前已批复的预算调整）；计划进度取「项目」表的季度累计"
            "支出计划，月末时点按季度计划线性插值，仅供参考，预警按最近一个季度末判断。")
    chart = charts.to_png_html(spending_chart(m), "各项目累计支出进度与计划进度",
                               f"各项目累计支出进度与计划进度（截至{m.month}月末）")
    return _section("二、预算执行进度", _p(text) + table + _p(note, "note") + chart)


def indicators(m: Monitoring) -> str:
    """三、绩效目标预计完成情况: each monitored indicator's forecast against its target."""
    rows = []
    notes = any(i.note for p in m.projects for i in p.indicators)
    for p in m.projects:
        for i in p.indicators:
            cells = [
                _td(e(p.code), cls="c"), _td(e(i.name)), _td(e(i.target_text) or DASH),
                _td(e(i.current_text) or DASH), _td(e(i.forecast_text) or DASH), _td(e(i.likelihood) or DASH, cls="c"),
                _td(_rate(i.shown_gap), num=True), _td(badge(i.colour), cls="c")]
            if notes:
                cells.append(_td(e(i.note or "")))
            rows.append(_tr(cells))
    if not rows:
        return _section("三、绩效目标预计完成情况",
                        _p(f"「绩效监控」表中没有截至 {m.month} 月的指标监控记录，本期仅监控支出进度。"))
    n = len(rows)
    by = {c: sum(1 for p in m.projects for i in p.indicators if i.colour == c) for c in (RED, YELLOW, GREEN)}
    text = (f"本期监控绩效指标 {n} 个，预计能完成年度指标值（绿色）{by[GREEN]} 个，存在一定风险（黄色）{by[YELLOW]} 个，"
            f"预计难以完成（红色）{by[RED]} 个。")
    head = ["项目编码", "三级指标", "年度指标值", "当前完成值", "全年预计完成值", "完成可能性", "预计偏差", "预警"]
    widths = [7, 16, 11, 13, 11, 8, 8, 6]
    if notes:
        head.append("说明")
        widths.append(14)
    table = _table(head, rows, widths)
    return _section("三、绩效目标预计完成情况", _p(text) + table)


def corrections(m: Monitoring) -> str:
    """四、需纠偏事项及措施: every red and yellow item with its reason and measures."""
    items = m.corrections
    if not items:
        return _section("四、需纠偏事项及措施", _p("本期无红色或黄色预警，各项目按计划推进，无需纠偏。"))
    names = {p.code: p.name for p in m.projects}
    lis = []
    for c in sorted(items, key=lambda c: (0 if c.colour == RED else 1)):
        reason = c.reason if c.reason == NO_REASON else f"偏差原因：{c.reason}"
        measures = c.measures if c.measures == NO_MEASURES else f"纠偏措施：{c.measures}"
        draft = f"<br>{e(reason)}；{e(measures)}。"
        given = [x for x, missing in ((reason, c.reason == NO_REASON), (measures, c.measures == NO_MEASURES))
                 if not missing]
        submit = f"<br>{e('；'.join(given))}。" if given else ""  # the 报送稿 states what was given, no to-dos
        detail = draft if submit == draft else per_edition(submit, draft)
        lis.append(f"<li>{badge(c.colour)} {e(c.project)} {e(names.get(c.project, ''))}：{e(c.item)}。{detail}</li>")
    missing = sum(1 for c in items if c.reason == NO_REASON)
    text = _p(f"红色、黄色预警事项共 {len(items)} 项，须由实施单位逐项落实纠偏措施，并在下一监控期报告进展。")
    if missing:
        text += draft_only(_p(f"其中 {missing} 项未填写偏差原因，请补充。", "note todo"))
    return _section("四、需纠偏事项及措施", text + "<ol>" + "".join(lis) + "</ol>")


def sections(m: Monitoring, report_date=None) -> list[str]:
    """All sections in report order."""
    return [title(m, report_date), key_figures(m), overview(m), spending(m), indicators(m), corrections(m)]


# ---------------------------------------------------------------- chart

def _cumulative_pct(p: ProjectMonitoring) -> list[float]:
    out, total = [0.0], 0
    for spent in p.spent_by_month:
        total += spent
        out.append(float(total / p.budget_wan * 100) if p.budget_wan > 0 else 0.0)
    return out


def spending_chart(m: Monitoring) -> Figure:
    """Small multiples, one a project: cumulative spending (% of budget) by month against the plan.

    The plan line joins the quarter-end figures (0 % at the start of the year), which is the
    linear interpolation the month's own point is judged against; the point that sets the
    warning carries its colour and word.
    """
    fonts.setup_matplotlib()
    n = max(len(m.projects), 1)
    cols = min(3, n)
    rows = math.ceil(n / cols)
    fig = Figure(figsize=(charts.WIDTH, 1.9 * rows + 0.3), dpi=charts.DPI)
    FigureCanvasAgg(fig)
    for k, p in enumerate(m.projects):
        ax = fig.add_subplot(rows, cols, k + 1)
        plan_x = [0] + [3 * (q + 1) for q, v in enumerate(p.plan) if v is not None]
        plan_y = [0.0] + [float(v) for v in p.plan if v is not None]
        if len(plan_x) > 1:
            ax.plot(plan_x, plan_y, linestyle="--", color=charts.PLAN, linewidth=1, label="计划")
        actual = _cumulative_pct(p)
        ax.plot(range(len(actual)), actual, color=charts.ACTUAL, linewidth=1.4, label="实际")
        pt = p.judged
        if pt.progress is not None:
            colour = _DOT.get(p.spending_colour, "#757575")
            ax.plot([pt.month], [pt.progress * 100], "o", color=colour, markersize=5)
            ax.annotate(f"{fmt_pct(pt.progress)} {p.spending_colour or ''}", (pt.month, pt.progress * 100),
                        textcoords="offset points", xytext=(5, 5), fontsize=6, color="#212121",
                        bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})
        ax.axvline(m.month, color="#9e9e9e", linewidth=0.6, linestyle=":")
        ax.set_xlim(0, 12)
        ax.set_ylim(0, max(105.0, max(actual) * 1.1))
        ax.set_xticks([0, 3, 6, 9, 12], ["", "3月", "6月", "9月", "12月"], fontsize=6)
        ax.set_yticks([0, 25, 50, 75, 100], ["0", "25%", "50%", "75%", "100%"], fontsize=6)
        name = p.name if len(p.name) <= 9 else p.name[:8] + "…"
        ax.set_title(f"{p.code} {name}（{p.colour or UNJUDGED}）", fontsize=7)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if k == 0:
            ax.legend(fontsize=6, frameon=False, loc="upper left")
    fig.tight_layout(pad=0.6, h_pad=1.0)
    return fig


__all__ = ["badge", "corrections", "indicators", "key_figures", "overview", "sections", "spending",
           "spending_chart", "title"]
