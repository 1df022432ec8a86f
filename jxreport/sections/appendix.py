"""Where the department report's per-project lists go when a department has many projects.

Up to INLINE_MAX projects the department report lists every project itself (the sample
year, most units). Above it, WeasyPrint would lay out a document whose length and memory
grow with the number of projects (1.3 GB at 1,000 projects), and a one-row change would
reprint all of it. So the report keeps what a reviewer reads — every outline section, the
totals, the charts, the projects that need attention — and the long per-project tables
move to an appendix document in parts of PART_SIZE projects (部门整体绩效自评报告_附件1 …,
sections/appendix_parts.py), each part bounded in memory and rebuilt only when one of its
projects changed. The rule is here and nowhere else: the run plans the parts with it, the
department notebook's sections decide with it.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from jxreport.core.problems import LEVELS
from jxreport.core.rounding import fmt_money, fmt_pct, fmt_score, q2
from jxreport.report import narrative as N
from jxreport.scoring import rates as R
from jxreport.sections.html import e, header_words, items as _list, p as _p, td as _td, tr as _tr

INLINE_MAX = 30  # up to this many projects the department report lists every project itself
PART_SIZE = 50  # projects in one appendix part (its memory and its rebuild are bounded by this)
SHOWN = 10  # the projects a summary names: the lowest execution rates, the lowest scores
STEM = "部门整体绩效自评报告_附件"  # + the part's number: the file name of a part
DASH = "—"


def _count(projects) -> int:
    return projects if isinstance(projects, int) else len(projects.scores.projects)


def inline(projects) -> bool:
    """Whether the department report lists every project itself (`projects`: a count or a context)."""
    return _count(projects) <= INLINE_MAX


def parts(codes) -> list[tuple[str, ...]]:
    """The appendix parts, each a tuple of 项目编码 in the year's order; none when listed inline."""
    codes = list(codes)
    if inline(len(codes)):
        return []
    return [tuple(codes[k:k + PART_SIZE]) for k in range(0, len(codes), PART_SIZE)]


def part_stem(number: int) -> str:
    return f"{STEM}{number}"


def part_label(number: int, first: int, last: int) -> str:
    """附件2（第 51–100 个项目）: first and last are 1-based positions in the year's project list."""
    return f"附件{number}（第 {first}–{last} 个项目）"


def see_parts(ctx, what: str = "逐项情况") -> str:
    """A note naming the appendix parts, each linked (the pages sit in the same edition folder)."""
    codes = [p.code for p in ctx.scores.projects]
    links, start = [], 1
    for k, part in enumerate(parts(codes), 1):
        label = part_label(k, start, start + len(part) - 1)
        links.append(f'<a href="{e(part_stem(k))}.html">{e(label)}</a>')
        start += len(part)
    return (f'<p class="note">全部 {len(codes)} 个项目的{e(what)}逐项列于本报告的附件（每份 {PART_SIZE} 个项目）：'
            + "、".join(links) + "。</p>")


def _table(head: list[str], rows: list[str], widths: tuple[int, ...] = ()) -> str:
    ths = "".join(_td(header_words(h), th=True) for h in head)
    cols = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>" if widths else ""
    return f"<table>{cols}<thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _rate(p) -> str:
    return fmt_pct(p.execution_rate) if p.budget_full_year_wan else DASH


def _lowest(projects, key) -> list:
    """The SHOWN projects with the lowest `key` (None last), ties in the year's order."""
    ranked = sorted(range(len(projects)), key=lambda i: (key(projects[i]) is None, key(projects[i]) or 0, i))
    return [projects[i] for i in ranked[:SHOWN]]


def budget_summary(ctx) -> str:
    """预算执行 when the projects are in the appendix: all projects' totals, the lowest execution rates."""
    ps = list(ctx.scores.projects)
    sums = [sum((q2(getattr(p, f)) for p in ps), Decimal(0))
            for f in ("budget_initial_wan", "budget_full_year_wan", "spent_wan")]
    rate = R.projects_execution_rate(ps)
    total = _table(["项目数", "年初预算数", "全年预算数", "全年执行数", "执行率"],
                   [_tr([_td(str(len(ps)), num=True)] + [_td(fmt_money(v), num=True) for v in sums]
                        + [_td(DASH if rate is None else fmt_pct(rate), num=True)], cls="total")])
    budgeted = [p for p in ps if p.budget_full_year_wan]
    low = _lowest(budgeted, lambda p: p.execution_rate)
    rows = [_tr([_td(e(p.code)), _td(e(p.name), cls="name"), _td(fmt_money(p.budget_full_year_wan), num=True),
                 _td(fmt_money(p.spent_wan), num=True), _td(_rate(p), num=True)]) for p in low]
    body = _p("金额单位：万元", "note") + _p("全部项目合计：") + total
    if rows:
        body += (_p(f"执行率最低的 {len(rows)} 个项目：")
                 + _table(["项目编码", "项目名称", "全年预算数", "全年执行数", "执行率"], rows))
    return body + see_parts(ctx, "预算执行情况")


def projects_summary(ctx) -> str:
    """项目自评汇总 when the projects are in the appendix: projects and budget by grade, the lowest scores."""
    ps = list(ctx.scores.projects)
    grades = list(dict.fromkeys(p.grade for p in sorted(ps, key=lambda p: -p.score)))
    n = Counter(p.grade for p in ps)
    money = {g: sum((q2(p.budget_full_year_wan) for p in ps if p.grade == g), Decimal(0)) for g in grades}
    rows = [_tr([_td(e(g), cls="c"), _td(str(n[g]), num=True), _td(fmt_money(money[g]), num=True)]) for g in grades]
    rows.append(_tr([_td("合计"), _td(str(sum(n.values())), num=True),
                     _td(fmt_money(sum(money.values(), Decimal(0))), num=True)], cls="total"))
    body = _p("按评价等级统计：") + _table(["等级", "项目数", "全年预算数（万元）"], rows)
    low = _lowest(ps, lambda p: p.score)
    body += _p(f"得分最低的 {len(low)} 个项目：") + _table(
        ["项目编码", "项目名称", "全年预算数（万元）", "执行率", "得分", "等级"],
        [_tr([_td(e(p.code)), _td(e(p.name), cls="name"), _td(fmt_money(p.budget_full_year_wan), num=True),
              _td(_rate(p), num=True), _td(fmt_score(p.score), num=True), _td(e(p.grade), cls="c")]) for p in low])
    return body + see_parts(ctx, "自评得分、等级及同比")


def form_summary(ctx) -> str:
    """附表 when the projects are in the appendix: where the 项目支出绩效自评汇总表 is."""
    return (f'<p class="form-title">项目支出绩效自评汇总表</p><p class="form-sub">（{ctx.scores.year}年度）</p>'
            + see_parts(ctx, "项目支出绩效自评汇总表"))


def findings_summary(ctx, items) -> str:
    """数据质量 when the projects are in the appendix: the counts by level; each project's findings are in its part."""
    per = Counter(f.level for f in items if f.project)
    projects = len({f.project for f in items if f.project})
    if not projects:
        return ""
    text = (f"属于具体项目的发现共 {sum(per.values())} 项（涉及 {projects} 个项目："
            + "、".join(f"{lv} {per[lv]} 项" for lv in LEVELS) + "），逐项列于附件；下文只列不属于具体项目的发现。")
    return _p(text) + see_parts(ctx, "数据质量发现")


def _attention(p) -> bool:
    return any(N.needs_attention(i) for i in p.indicators)


def problems_summary(ctx, department_items: list[str]) -> str:
    """存在的问题 when the projects are in the appendix: the department's own items in full, then how
    many projects have a low execution rate or indicators to explain, the worst named."""
    ps = list(ctx.scores.projects)
    low = ctx.rules.execution_warning_below
    slow = [p for p in ps if N.is_low_execution(p, low)]
    missed = [p for p in ps if _attention(p)]
    lines = list(department_items)
    if slow:
        worst = _lowest(slow, lambda p: p.execution_rate)
        lines.append(f"{len(slow)} 个项目预算执行率偏低，其中最低的是："
                     + "、".join(f"{N.quote(p.name)}（{fmt_pct(p.execution_rate)}）" for p in worst) + "。")
    if missed:
        worst = _lowest(missed, lambda p: p.score)
        lines.append(f"{len(missed)} 个项目存在未达到或大幅超过年度指标值的指标，其中得分最低的是："
                     + "、".join(f"{N.quote(p.name)}（{fmt_score(p.score)} 分）" for p in worst) + "。")
    if not lines:
        return _p("各项目预算执行与指标完成均达到要求。")
    return _list(lines) + (see_parts(ctx, "存在的问题及改进措施") if slow or missed else "")


def improvements_summary(ctx) -> str:
    """改进措施 when the projects are in the appendix: how many projects gave measures, and which still must."""
    ps = list(ctx.scores.projects)
    given = [p for p in ps if any(i.improvement for i in p.indicators)]
    owing = [p for p in ps if any(N.needs_attention(i) and not i.improvement for i in p.indicators)]
    if not given and not owing:
        return _p(N.NO_MEASURES_NEEDED if N.submitting() else N.NO_MEASURES_TODO)
    lines = []
    if given:
        lines.append(f"{len(given)} 个项目针对未达成或偏差较大的指标提出了改进措施。")
    if owing:
        lines.append(f"{len(owing)} 个项目存在未达到或大幅超过年度指标值的指标"
                     + ("，建议逐项分析原因、落实整改并合理设定下一年度指标值。" if N.submitting() else "但未填写改进措施。"))
    return _list(lines) + see_parts(ctx, "改进措施")


def costs_summary(ctx) -> str:
    """成本分析 when the projects are in the appendix."""
    return see_parts(ctx, "成本分析（测算明细的单位成本）")


__all__ = ["INLINE_MAX", "PART_SIZE", "STEM", "budget_summary", "costs_summary", "findings_summary",
           "form_summary", "improvements_summary", "inline", "part_label", "part_stem", "parts",
           "problems_summary", "projects_summary", "see_parts"]
