"""同比: one fiscal year's scores against the previous year's, project by project.

Projects are matched by 项目编码. Every change is the difference of the two figures as
printed (万元 and scores to 2 places, rates as percentages to 2 places), so a reader who
subtracts the printed columns gets the printed change.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jxreport.scoring.results import YearScore
from jxreport.core.rounding import pct, q2

CONTINUING = "continuing"
NEW = "new"
ENDED = "ended"
STATUS_TEXT = {CONTINUING: "延续", NEW: "新增", ENDED: "已结束"}


@dataclass(frozen=True)
class YoYRow:
    """One project (or the department) in both years; None where a year has no figure."""

    code: str
    name: str
    status: str  # "continuing", "new" or "ended"
    budget_now: Decimal | None  # 全年预算数, 万元
    budget_before: Decimal | None
    budget_change: Decimal | None
    rate_now: Decimal | None  # 预算执行率 in percent, rounded as printed (98.26)
    rate_before: Decimal | None
    rate_change: Decimal | None  # percentage points
    score_now: Decimal | None
    score_before: Decimal | None
    score_change: Decimal | None

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


@dataclass(frozen=True)
class YearOverYear:
    year: int
    previous_year: int
    projects: tuple[YoYRow, ...]  # this year's order, then the ended projects in last year's order
    department: YoYRow  # budget Σ, the department's execution rate and its score

    @property
    def new(self) -> tuple[YoYRow, ...]:
        return tuple(r for r in self.projects if r.status == NEW)

    @property
    def ended(self) -> tuple[YoYRow, ...]:
        return tuple(r for r in self.projects if r.status == ENDED)

    @property
    def continuing(self) -> tuple[YoYRow, ...]:
        return tuple(r for r in self.projects if r.status == CONTINUING)


def _diff(now, before):
    if now is None or before is None:
        return None
    return now - before


def _row(code, name, status, budget_now, budget_before, rate_now, rate_before, score_now, score_before):
    b_now = q2(budget_now) if budget_now is not None else None
    b_before = q2(budget_before) if budget_before is not None else None
    r_now = pct(rate_now) if rate_now is not None else None
    r_before = pct(rate_before) if rate_before is not None else None
    s_now = q2(score_now) if score_now is not None else None
    s_before = q2(score_before) if score_before is not None else None
    return YoYRow(code, name, status, b_now, b_before, _diff(b_now, b_before), r_now, r_before,
                  _diff(r_now, r_before), s_now, s_before, _diff(s_now, s_before))


def compare(current: YearScore, previous: YearScore) -> YearOverYear:
    """Match projects by 项目编码: in both years → continuing, only now → new, only before → ended."""
    before = {p.code: p for p in previous.projects}
    now_codes = {p.code for p in current.projects}
    rows = []
    for p in current.projects:
        b = before.get(p.code)
        if b is None:
            rows.append(_row(p.code, p.name, NEW, p.budget_full_year_wan, None, p.execution_rate, None,
                             p.score, None))
        else:
            rows.append(_row(p.code, p.name, CONTINUING, p.budget_full_year_wan, b.budget_full_year_wan,
                             p.execution_rate, b.execution_rate, p.score, b.score))
    for b in previous.projects:
        if b.code not in now_codes:
            rows.append(_row(b.code, b.name, ENDED, None, b.budget_full_year_wan, None, b.execution_rate,
                             None, b.score))
    d, e = current.department, previous.department
    dept = _row("", "部门整体", CONTINUING, d.budget_wan, e.budget_wan, d.execution_rate, e.execution_rate,
                d.score, e.score)
    return YearOverYear(current.year, previous.year, tuple(rows), dept)
