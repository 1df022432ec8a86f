"""Every ratio a report prints, from unrounded amounts (one function per quantity).

A rate divided from already-rounded 万元 can differ from the same rate divided from the
ledger in the last digit (99.66% vs 99.67%); each printed copy of a rate comes from here
and is rounded once, by rounding.fmt_pct, when it is printed.
"""

from __future__ import annotations

from decimal import Decimal

from jxreport.core.rounding import dec, q2
from jxreport.scoring.results import ProjectScore


def ratio(part, whole) -> Decimal | None:
    """part ÷ whole unrounded; None when the whole is zero (nothing to divide by)."""
    whole = dec(whole)
    return dec(part) / whole if whole else None


def spent_exact(p: ProjectScore) -> Decimal:
    """The project's 全年执行数 in 万元 unrounded: Σ of the months when they round to the printed
    amount (they are the same ledger), else the printed amount."""
    months = sum((dec(m) for m in p.spent_by_month), Decimal(0))
    return months if q2(months) == q2(p.spent_wan) else dec(p.spent_wan)


def cumulative_spent(p: ProjectScore, through_month: int) -> Decimal:
    """万元 spent from January to the end of `through_month`, unrounded."""
    return sum((dec(m) for m in p.spent_by_month[:through_month]), Decimal(0))


def spending_progress(p: ProjectScore, through_month: int) -> Decimal | None:
    """累计支出进度 at a month's end: cumulative spending ÷ 全年预算数."""
    return ratio(cumulative_spent(p, through_month), p.budget_full_year_wan)


def projects_execution_rate(projects) -> Decimal | None:
    """执行率 of a group of projects (a 合计 row): Σ unrounded spending ÷ Σ 全年预算数."""
    projects = list(projects)
    budget = sum((dec(p.budget_full_year_wan) for p in projects), Decimal(0))
    return ratio(sum((spent_exact(p) for p in projects), Decimal(0)), budget)


def score_share(score, weight) -> Decimal | None:
    """得分率: a score ÷ its 分值 (not an execution rate)."""
    return ratio(score, weight)
