"""The outline's chapters written from the 自评说明 sheet (or, where blank, from the data), and the
department's 基本支出: 绩效自评工作开展情况, 主要经验及做法, 结果应用, 其他需要说明的问题.

Each returns HTML; a blank 自评说明 text gives the data-built sentence in both editions and a
待补充 line in the 审核底稿 only (report.editions).
"""

from __future__ import annotations

from decimal import Decimal

from jxreport.core import schema as S
from jxreport.core.rounding import fmt_money, fmt_pct, q2
from jxreport.report import narrative as N
from jxreport.report import outline_text as T
from jxreport.report.editions import draft_only
from jxreport.sections.html import e, multiline, p as _p, section as _section, td as _td, tr as _tr

DEPARTMENT = "部门整体"


def _text(notes: dict, column: str, default: str, subject: str) -> str:
    """The analyst's text, or the data-built sentence plus the 底稿's to-do."""
    given = notes.get(column)
    if given:
        return f"<p>{multiline(given)}</p>"
    return _p(default) + draft_only(_p(T.todo(column, subject), "note todo"))


def _subject(ctx, code: str | None) -> str:
    return DEPARTMENT if code is None else f"项目 {code}"


# ---------------------------------------------------------------- project report

def self_evaluation_work(ctx, code: str) -> str:
    """二、绩效自评工作开展情况."""
    p = ctx.project(code)
    default = T.work(N.quote(p.name) + "项目", len(p.indicators), len(ctx.year.of("payments", code)), ctx.rules.title)
    body = _text(ctx.year.notes_for(code), T.WORK, default, _subject(ctx, code))
    return _section(f"{N.heading_no(2)}绩效自评工作开展情况", body)


def experience(ctx, code: str) -> str:
    """（一）主要经验及做法, the first part of chapter 五."""
    body = _text(ctx.year.notes_for(code), T.EXPERIENCE, T.experience(ctx.project(code)), _subject(ctx, code))
    return "<h3>（一）主要经验及做法</h3>" + body


def use_of_results(ctx, code: str) -> str:
    """七、结果应用: the analyst's plan, or what this project's score and problems point to."""
    p = ctx.project(code)
    default = N.use_of_results(p, ctx.rules.execution_warning_below)
    body = _text(ctx.year.notes_for(code), T.USE, default, _subject(ctx, code))
    return _section(f"{N.heading_no(7)}结果应用", body)


def other_remarks(ctx, code: str) -> str:
    """八、其他需要说明的问题."""
    body = _text(ctx.year.notes_for(code), T.OTHER, T.OTHER_DEFAULT, _subject(ctx, code))
    return _section(f"{N.heading_no(8)}其他需要说明的问题", body)


# ---------------------------------------------------------------- department report

def dept_self_evaluation_work(ctx) -> str:
    ys = ctx.scores
    n = sum(len(a.indicators) for a in ys.department.areas) + sum(len(p.indicators) for p in ys.projects)
    default = T.work(f"{ys.unit_name}部门整体及 {len(ys.projects)} 个项目的", n, len(ctx.year.payments),
                     ctx.rules.title)
    return _section(f"{N.heading_no(2)}绩效自评工作开展情况", _text(ctx.year.notes_for(None), T.WORK, default, DEPARTMENT))


def dept_experience(ctx) -> str:
    body = _text(ctx.year.notes_for(None), T.EXPERIENCE, T.dept_experience(ctx.scores), DEPARTMENT)
    return "<h3>（一）主要经验及做法</h3>" + body


def dept_use_of_results(ctx) -> str:
    default = T.dept_use(ctx.scores, ctx.rules.execution_warning_below)
    return _section(f"{N.heading_no(7)}结果应用", _text(ctx.year.notes_for(None), T.USE, default, DEPARTMENT))


def dept_other_remarks(ctx) -> str:
    body = _text(ctx.year.notes_for(None), T.OTHER, T.OTHER_DEFAULT, DEPARTMENT)
    return _section(f"{N.heading_no(8)}其他需要说明的问题", body)


def basic_spending_rows(ctx) -> list[tuple[str, Decimal, Decimal]]:
    """(类别, 全年预算数, 全年执行数) of the 基本支出 sheet, categories summed, in the schema's order."""
    df = ctx.year.basic_spending
    if df is None or df.empty:
        return []
    out = []
    for cat in S.BASIC_CATEGORIES + (S.THREE_PUBLIC,):
        rows = df[df["类别"] == cat]
        if len(rows):
            out.append((cat, sum((Decimal(str(v)) for v in rows["全年预算数"]), Decimal(0)),
                        sum((Decimal(str(v)) for v in rows["全年执行数"]), Decimal(0))))
    return out


def dept_spending_scope(ctx, project_budget: Decimal, project_spent: Decimal) -> str:
    """The 基本支出 table and the department's spending rate with it, or the project-only statement."""
    rows = basic_spending_rows(ctx)
    if not rows:
        return _p(T.basic_scope(False))
    budget, spent = Decimal(project_budget), Decimal(project_spent)
    cells = []
    for cat, b, s in rows:
        added = cat in S.BASIC_CATEGORIES
        if added:
            budget += b
            spent += s
        label = cat if added else f"其中：{cat}（含在公用经费中）"
        cells.append(_tr([_td(e(label)), _td(fmt_money(b), num=True), _td(fmt_money(s), num=True),
                          _td(fmt_pct(T.total_rate(b, s)) if b else "—", num=True)]))
    cells.append(_tr([_td("项目支出"), _td(fmt_money(project_budget), num=True),
                      _td(fmt_money(project_spent), num=True),
                      _td(fmt_pct(T.total_rate(Decimal(project_budget), Decimal(project_spent)))
                          if project_budget else "—", num=True)]))
    rate = T.total_rate(budget, spent)
    cells.append(_tr([_td("合计（基本支出 + 项目支出）"), _td(fmt_money(q2(budget)), num=True),
                      _td(fmt_money(q2(spent)), num=True), _td(fmt_pct(rate) if rate is not None else "—", num=True)],
                     cls="total"))
    head = "".join(_td(h, th=True) for h in ("支出类别", "全年预算数（万元）", "全年执行数（万元）", "执行率"))
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(cells)}</tbody></table>"
    return ("<h3>基本支出与项目支出</h3>" + table + _p(T.basic_sentence(budget, spent, rate))
            + _p(T.basic_scope(True)))
