"""Satisfaction rates from 满意度调查 (docs/scoring.md §6), with a 95 % Wilson interval.

A survey of 20 people saying 90 % means much less than one of 2,000; the interval and
the small-sample flag let the report say so. Counting is vectorised (value_counts), so a
survey of any size costs one pass.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from jxreport.scoring.results import Satisfaction
from jxreport.scoring.rules import Rules
from jxreport.core.schema import SATISFACTION_LEVELS, SATISFACTION_SCORE_LEVEL

Z95 = 1.959963984540054  # the 97.5 % quantile of the standard normal


def wilson(p: float, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion p observed on n responses."""
    if n <= 0:
        return 0.0, 1.0
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z / denom * math.sqrt(max(p * (1 - p) / n + z2 / (4 * n * n), 0.0))
    return max(0.0, centre - half), min(1.0, centre + half)


def levels(values) -> pd.Series:
    """Responses as level words; a 1–5 score maps 5 → 非常满意 … 1 → 非常不满意."""
    s = pd.Series(values, dtype=object)

    def one(v):
        if isinstance(v, str):
            v = v.strip()
            if v.isdigit():
                return SATISFACTION_SCORE_LEVEL.get(int(v))
            return v if v in SATISFACTION_LEVELS else None
        if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v and float(v).is_integer():
            return SATISFACTION_SCORE_LEVEL.get(int(v))
        return None

    if s.isin(SATISFACTION_LEVELS).all():  # the reader's output: level words already (hash lookup)
        return s
    return s.map(one)


def from_counts(counts, rules: Rules, group: str | None = None) -> Satisfaction | None:
    """A Satisfaction from responses per level ({level: count}); None when there are none."""
    per_level = tuple((lv, int(counts.get(lv, 0))) for lv in SATISFACTION_LEVELS)
    return _from_levels(per_level, rules.satisfaction_method, rules.satisfaction_counted,
                        rules.satisfaction_weights, rules.satisfaction_min_sample, group)


@lru_cache(maxsize=8192)
def _from_levels(per_level, method, counted, weights, min_sample, group) -> Satisfaction | None:
    # Surveys of a few dozen answers repeat their counts across thousands of projects, and the
    # result is immutable: one Satisfaction per distinct count.
    n = sum(c for _, c in per_level)
    if n == 0:
        return None
    satisfied = sum(c for lv, c in per_level if lv in counted)
    if method == "weighted":
        points = dict(weights)
        p = sum(float(points[lv]) * c for lv, c in per_level) / (100.0 * n)
    else:
        p = satisfied / n
    low, high = wilson(p, n)
    return Satisfaction(n=n, satisfied=satisfied, rate=p, low=low, high=high, counts=per_level, group=group,
                        method=method, small_sample=n < min_sample)


def rate(responses, rules: Rules, group: str | None = None) -> Satisfaction | None:
    """The satisfaction of a set of responses (评价 values); None when none is valid.

    `share`: (levels counted) ÷ valid responses. `weighted`: the mean of the level points
    (100/80/60/30/0) ÷ 100; its interval treats that mean as a proportion (Wilson), which
    is an approximation the report states as such.
    """
    return from_counts(levels(responses).value_counts(dropna=True), rules, group)


def of_frame(survey: pd.DataFrame, rules: Rules, group: str | None = None) -> Satisfaction | None:
    """Satisfaction of one project's 满意度调查 rows, optionally of one 调查对象 only."""
    if group is not None:
        survey = survey[survey["调查对象"] == group]
    return rate(survey["评价"], rules, group)


def by_project(survey: pd.DataFrame, rules: Rules) -> dict[str, Satisfaction]:
    """Every project's satisfaction from one grouped count (项目编码 → Satisfaction)."""
    out: dict[str, Satisfaction] = {}
    if survey is None or survey.empty:
        return out
    words = levels(survey["评价"].to_numpy())
    sizes = pd.DataFrame({"c": survey["项目编码"].to_numpy(), "l": words.to_numpy()}).groupby(
        ["c", "l"], sort=False).size()
    per: dict[str, dict[str, int]] = {}
    for (code, level), k in sizes.items():
        per.setdefault(code, {})[level] = int(k)
    for code, counts in per.items():
        s = from_counts(counts, rules)
        if s is not None:
            out[code] = s
    return out
