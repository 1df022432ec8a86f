"""The score of a fiscal year (docs/scoring.md §2–§7): weights, execution, indicators, grades.

Every figure is Decimal and rounded half up once, where it is printed: each indicator's
score and the execution score to 2 places, the total as the sum of those, so a printed
column always adds up to its printed total. Weights are printed too, so an equal split
(50 ÷ 3) is shared out in cents by largest remainder (16.67, 16.67, 16.66) and scores use
the printed weight.

Scoring a year of 10,000 projects must take well under two seconds, so the frames are
grouped by 项目编码 once, read as plain column lists, each distinct target text is parsed
once, and the per-indicator work is plain Python on Decimals.

Decisions beyond the outline of docs/scoring.md:

- Printed weights: an equal split is rounded to cents by largest remainder within its
  first-level category (ties to the earlier row); the indicator is scored on that printed
  weight. A missing category's weight is shared in proportion, rounded the same way.
- 分值 given for every indicator: used as is, no sharing of a missing category; the sum
  must equal 100 − 预算执行率 after rounding to cents.
- A strict `>` on a count means ≥ A + 1 (mirror of `<`); on a rate it stays strict. A
  strict comparison that fails exactly at A is `missed` although the ratio gives w.
- 分 (points) is not a count: `低于60分` stays strict.
- A bare number ≤ 1 against a % target reads as a fraction (0.98 → 98 %), as the percent
  columns of docs/input-workbooks.md do; so does a bare target ≤ 1 against a % actual.
- A derived unit with a denominator (元/人, 元/亩) is compared with a target written in its
  numerator (`3500元`).
- Both 实际完成值 and 计算口径 given: the 口径 wins (the value is derived from the records).
- A yes/no target answered with a grade, or a qualitative target answered 是/否, is scored
  on the qualitative bands (是 = 达成, 否 = 未达成); a deadline answered with 达成 is on time.
- 自评得分 on a quantitative, deadline or yes/no indicator needs 偏差原因 and must lie in
  [0, w]; it is `overridden` only where it differs from the rule score. Inside its band on
  a qualitative indicator it is the rule score (not an override).
- Execution rate below 0 is scored 0; a 全年预算数 (or 年初预算数) ≤ 0 is an error.
- Low execution counts as explained when a 指标完成 row of the project whose 计算口径 is
  预算执行率, or whose name contains 执行率 / 预算完成率, has a 偏差原因.
- Warnings for a miss without 偏差原因 cover missed, partial, late and over-completed.
- Department: areas in order of first appearance; 90 shared equally (cents by largest
  remainder); a department indicator is parsed without a 二级指标 (bare number → ≥). With
  no 部门指标 at all, the 90 points follow the budget-weighted mean of the project scores
  (a 提示 says so). The weighted mean uses 全年预算数.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from functools import lru_cache, partial
from typing import NamedTuple
from decimal import ROUND_FLOOR, Decimal

import numpy as np
import pandas as pd

from jxreport.grammar import formulas as F
from jxreport.core import schema as S
from jxreport.scoring import satisfaction as sat
from jxreport.scoring.derive import ALL_RESPONSES, RecordIndex, Records, derive, factorize, satisfaction_derived
from jxreport.core.exceptions import ValidationError
from jxreport.grammar.formulas import parse_formula
from jxreport.io.model import Year
from jxreport.core.problems import ERROR, HINT, WARNING, Problem
from jxreport.io.reading import ROW
from jxreport.scoring.results import (AreaScore, DepartmentScore, Derived, IndicatorScore, ProjectScore, Satisfaction,
                      YearScore)
from jxreport.core.rounding import CENT, WAN, dec, fmt_money, fmt_pct, fmt_wan, q2
from jxreport.core.text import blank, blanks, none_if_blank, texts as _texts
from jxreport.scoring.rules import Rules, load_rules
from jxreport.grammar.targets import Actual, Target, compare_units, parse_actual, parse_target
from jxreport.grammar.units import convert, is_count

__all__ = ["Verdict", "ScoreError", "judge", "score_year", "score_project", "split_cents"]

ZERO = Decimal(0)
ZERO2 = Decimal("0.00")  # a printed zero score
ONE = Decimal(1)
_HUNDRED = Decimal(100)
_CENTS_PER_WAN = WAN * 100
DEPT_LEVEL1 = "部门指标"  # IndicatorScore.level1 of a department indicator (level2 = its 工作领域)
_NOT_COUNTS = {"分"}  # points are not counted things: a strict < on 分 stays strict
_FUNDS = S.FUND_SOURCES


# --------------------------------------------------------------------------- one indicator (§4)

@dataclass(frozen=True, slots=True)
class Verdict:
    """What §4 gives one indicator: the score (rounded), its status and completion ratio."""

    score: Decimal
    status: str  # met / missed / over / partial / late
    completion: float | None
    a: Decimal | None = None  # the target and actual compared (in one unit), where numeric
    b: Decimal | None = None


class ScoreError(Exception):
    """An indicator the rules cannot score; `column` is the cell of 指标完成 to fix."""

    def __init__(self, message: str, column: str = "实际完成值"):
        super().__init__(message)
        self.message, self.column = message, column


def _d(x) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(repr(float(x)))


def _is_count(unit: str | None) -> bool:
    return unit is not None and unit not in _NOT_COUNTS and is_count(unit)


def _unit_text(t: Target) -> str:
    return t.unit or "无单位"


def _compare(t: Target, a: Actual):
    """(A, B) as Decimals in one unit; bare fractions against a % read as percent."""
    if (t.kind == a.kind == "quantitative" and t.value is not None and a.value is not None
            and (t.unit == a.unit or (a.unit and t.unit and a.unit.startswith(t.unit + "/")))):
        pair = (t.value, a.value)  # one unit already (or 元/人 against 元): nothing to convert
    else:
        pair = compare_units(t, a)
    if pair is None and a.unit and "/" in a.unit and t.unit and "/" not in t.unit:
        head = a.unit.split("/")[0]  # 5,400 元/人 against a target written `3500元`
        pair = compare_units(t, Actual(a.text, a.kind, a.value, head, a.grade, a.flags))
    if pair is None:
        return None
    A, B = _d(pair[0]), _d(pair[1])
    if t.unit == "%" and "unit-from-target" in a.flags and abs(B) <= 1:
        B *= _HUNDRED  # 0.98 in a cell formatted as a percentage is 98 %
    if a.unit == "%" and "unit-missing" in t.flags and "%" not in t.text and abs(A) <= 1:
        A *= _HUNDRED
    return A, B


def _quant_wrong(t: Target, a: Actual) -> ScoreError:
    if a.kind == "quantitative":
        return ScoreError(f"实际完成值「{a.text}」的单位（{a.unit or '无单位'}）与指标值「{t.text}」的单位"
                          f"（{_unit_text(t)}）不一致，无法比较；请按指标值的单位填写（如百分比写 98%，金额写万元或元）。")
    return ScoreError(f"指标值「{t.text}」是定量指标，实际完成值应为数值（如 98%、3个），读到「{a.text}」。")


def judge(t: Target, a: Actual, w: Decimal, rules: Rules, *, budget_yuan: Decimal | None = None,
          self_score: Decimal | None = None) -> Verdict:
    """Score actual `a` against target `t` with weight `w` (§4); raises ScoreError.

    `budget_yuan` resolves `控制在预算内`; `self_score` is used only for a qualitative grade
    (inside its band it replaces the default; outside it is an error).
    """
    if t.kind == "qualitative" or (t.kind == "boolean" and a.grade is not None):
        return _qualitative(t, a, w, rules, self_score)
    if t.kind == "deadline":
        return _deadline(t, a, w)
    if t.kind == "boolean":
        if a.kind != "boolean":
            raise ScoreError(f"指标值「{t.text}」是是非题，实际完成值应为 是 或 否，读到「{a.text}」。")
        met = a.value == t.value
        return Verdict(q2(w) if met else ZERO2, "met" if met else "missed", 1.0 if met else 0.0)
    if "budget-ref" in t.flags:
        if a.kind == "boolean":
            met = bool(a.value)
            return Verdict(q2(w) if met else ZERO2, "met" if met else "missed", 1.0 if met else 0.0)
        if budget_yuan is None:
            raise ScoreError(f"指标值「{t.text}」需要项目的全年预算数，但未能得到。", "实际完成值")
        b = convert(a.value, a.unit, "元") if a.kind == "quantitative" else None
        if b is None:
            raise ScoreError(f"指标值「{t.text}」按项目全年预算数 {fmt_wan(budget_yuan / WAN)}比较，"
                             f"实际完成值应为金额（如 95.30万元）或 是/否，读到「{a.text}」。")
        return _numeric("<=", budget_yuan, _d(b), w, rules)
    if a.kind != "quantitative" or t.value is None:
        raise _quant_wrong(t, a)
    pair = _compare(t, a)
    if pair is None:
        raise _quant_wrong(t, a)
    A, B = pair
    op = t.op or ">="
    unit = t.unit or a.unit
    if op == "<" and _is_count(unit):  # 低于5次 on a count: at most 4
        A, op = _ceil(A) - 1, "<="
    elif op == ">" and _is_count(unit):  # 大于3个: at least 4
        A, op = _floor(A) + 1, ">="
    return _numeric(op, A, B, w, rules)


def _ceil(x: Decimal) -> Decimal:
    return -((-x).to_integral_value(rounding=ROUND_FLOOR))


def _floor(x: Decimal) -> Decimal:
    return x.to_integral_value(rounding=ROUND_FLOOR)


def _numeric(op: str, A: Decimal, B: Decimal, w: Decimal, rules: Rules) -> Verdict:
    if op in (">=", ">"):
        met = B >= A if op == ">=" else B > A
        if met:
            raw = w
        elif A <= 0 or B <= 0:
            raw = ZERO
        else:
            raw = w * B / A
        completion = float(B / A) if A > 0 else (1.0 if met else 0.0)
        if A > 0 and B >= A * rules.over_completion:
            status = "over"
        else:
            status = "met" if met else "missed"
    elif op in ("<=", "<"):
        met = B <= A if op == "<=" else B < A
        if met:
            raw = w
        elif A <= 0:  # 低于1次 read as at most 0: anything above scores nothing
            raw = ZERO
        elif rules.reverse == "ratio":
            raw = w * A / B
        else:
            raw = w * max(ZERO, ONE - (B - A) / A)
        completion = float(A / B) if B > 0 else (1.0 if met else 0.0)
        status = "met" if met else "missed"
    elif op == "=":
        met = B == A
        lo, hi = min(A, B), max(A, B)
        raw = w if met else (ZERO if hi <= 0 or lo < 0 else w * lo / hi)
        completion = 1.0 if met else (0.0 if hi <= 0 or lo < 0 else float(lo / hi))
        status = "met" if met else "missed"
    else:
        raise ScoreError(f"无法识别的比较方向「{op}」。", "实际完成值")
    return Verdict(q2(raw), status, completion, A, B)


def _deadline(t: Target, a: Actual, w: Decimal) -> Verdict:
    if t.value is None:
        raise ScoreError(f"时效指标「{t.text}」没有年份，无法确定期限。", "实际完成值")
    if a.kind == "deadline" and a.value is not None:
        on_time = a.value <= t.value
    elif a.kind == "boolean":
        on_time = bool(a.value)
    elif a.grade is not None:
        on_time = a.grade == "full"
    else:
        raise ScoreError(f"时效指标「{t.text}」的实际完成值应为完成日期（如 {t.value.isoformat()}）"
                         f"或 是/按时/否，读到「{a.text}」。")
    return Verdict(q2(w) if on_time else ZERO2, "met" if on_time else "late", 1.0 if on_time else 0.0)


_GRADE_STATUS = {"full": "met", "partial": "partial", "none": "missed"}


def _qualitative(t: Target, a: Actual, w: Decimal, rules: Rules, self_score: Decimal | None) -> Verdict:
    grade = a.grade
    if grade is None and a.kind == "boolean":
        grade = "full" if a.value else "none"
    if grade is None:
        labels = "、".join(b.label for b in rules.qualitative)
        raise ScoreError(f"定性指标「{t.text}」的实际完成值应为 {labels} 之一（可简写为 达成、部分达成、未达成），"
                         f"或与指标值相同的文字，读到「{a.text}」。")
    band = rules.band(grade)
    if self_score is not None:
        share = self_score / w if w else ZERO
        if not band.contains(share):
            lo, hi = q2(w * band.low), q2(w * band.high)
            close = "]" if band.closed else ")"
            raise ScoreError(f"自评得分 {self_score} 不在「{band.label}」一档的区间 {band.describe()} 内"
                             f"（分值 {q2(w)} 分，即 [{lo}, {hi}{close} 分）；请按该档填写，或留空取默认 "
                             f"{q2(w * band.default)} 分。", "自评得分")
        score = q2(self_score)
    else:
        score = q2(w * band.default)
    # 完成率 is the band's share (0.70 for 部分达成), not the rounded score ÷ the weight (1.97 ÷ 2.81)
    share = (self_score / w if w else None) if self_score is not None else band.default
    return Verdict(score, _GRADE_STATUS[grade], None if share is None else float(share))


# --------------------------------------------------------------------------- weights (§2)

def split_cents(total: Decimal, parts: list[Decimal]) -> list[Decimal]:
    """Round `parts` (which add up to `total`) to cents keeping their sum = q2(total).

    Largest remainder, ties to the earlier part: 50 ÷ 3 → 16.67, 16.67, 16.66.
    """
    floors = [(p / CENT).to_integral_value(rounding=ROUND_FLOOR) * CENT for p in parts]
    left = int(((q2(total) - sum(floors, ZERO)) / CENT).to_integral_value())
    order = sorted(range(len(parts)), key=lambda i: (-(parts[i] - floors[i]), i))
    for i in order[:max(left, 0)]:
        floors[i] += CENT
    return [q2(x) for x in floors]


def _category_weights(present: list[str], rules: Rules) -> tuple[dict[str, Decimal], str | None]:
    """Weights of the first-level categories a project has; a missing one shared out (rule)."""
    base = dict(rules.category_weights)
    missing = [c for c in base if c not in present]
    if not missing:
        return base, None
    shared = sum((base[c] for c in missing), ZERO)
    own = sum((base[c] for c in present), ZERO)
    raw = [base[c] + shared * base[c] / own for c in present]
    weights = dict(zip(present, split_cents(shared + own, raw)))
    note = (f"该项目没有{'、'.join(missing)}，其 {fmt_money(shared)} 分按其余一级指标的分值比例分配："
            + "、".join(f"{c} {fmt_money(base[c])} → {fmt_money(weights[c])} 分" for c in present) + "。")
    return weights, note


# --------------------------------------------------------------------------- context

def _records(df: pd.DataFrame, cols) -> list[dict]:
    """Rows as dicts of the given columns, without per-row DataFrame access."""
    lists = [df[c].tolist() for c in cols]
    return [dict(zip(cols, vals)) for vals in zip(*lists)]




def _project_rows(projects: pd.DataFrame) -> list[dict]:
    """The 项目 rows as dicts; their 资金来源 (万元, to cents) converted column by column."""
    rows = _records(projects, ("项目编码", "项目名称", "年初预算数", ROW))
    columns = [[None if b else q2(dec(v)) for v, b in zip(values, blanks(values))]
               for values in (projects[k].tolist() for k in _FUNDS)]
    for p, amounts in zip(rows, zip(*columns)):
        p["funds"] = tuple(zip(_FUNDS, amounts))
    return rows


def _decimals(values) -> list[Decimal | None]:
    """A column as Decimals, None for blanks; each distinct value converted once (分值 repeat)."""
    seen: dict = {}  # keyed with the type: 1 and 1.0 are equal keys but print as 1 and 1.0
    return [None if b else seen[k] if (k := (v.__class__, v)) in seen else seen.setdefault(k, dec(v))
            for v, b in zip(values, blanks(values))]


def _row_numbers(column: pd.Series) -> list[int | None]:
    """Excel row numbers as ints, None where blank (an indicator without a 指标完成 row)."""
    values = column.to_numpy()
    if values.dtype.kind in "iu":
        return values.tolist()
    if values.dtype.kind == "f":
        missing = np.isnan(values)
        ints = np.where(missing, 0, values).astype(np.int64).tolist()
        return [None if m else i for i, m in zip(ints, missing.tolist())] if missing.any() else ints
    return [None if blank(v) else int(v) for v in values.tolist()]


class _Row(NamedTuple):
    """One indicator joined with its 指标完成 row: a tuple, not a dict, as 100,000 of them are built.

    A department indicator has the same shape (its result in a second _Row); `res_row` is
    None when the indicator has no result row.
    """

    level1: str
    level2: str | None
    name: str
    desc: str | None = None
    target: object = None
    basis: str | None = None
    weight: Decimal | None = None
    nature: str | None = None
    row: int | None = None
    value: object = None  # none_if_blank: None is the only blank
    formula: str | None = None
    self_score: Decimal | None = None
    reason: str | None = None
    improvement: str | None = None
    evidence: str | None = None
    res_row: int | None = None


_new_row = partial(tuple.__new__, _Row)  # _Row from a tuple of all its fields, without _make's Python call


@lru_cache(maxsize=4096)
def _equal_split(total: Decimal, n: int) -> tuple[Decimal, ...]:
    return tuple(split_cents(total, [total / n] * n))


class _ScoringState:
    """The year's frames grouped by 项目编码 once, and the caches shared by every project."""

    def __init__(self, year: Year, rules: Rules):
        self.year, self.rules = year, rules
        self._targets: dict = {}
        self._actuals: dict = {}
        self._verdicts: dict = {}
        self._formulas: dict = {}
        self._derived: dict = {}
        self._small: dict = {}
        self.fast: dict = {}  # see _score_one
        self.equal_weights: dict = {}  # see _weights
        self.adjust: dict[str, Decimal] = {}
        adj = year.adjustments
        for code, amount in zip(adj["项目编码"].tolist(), adj["调整金额"].tolist()):
            self.adjust[code] = self.adjust.get(code, ZERO) + dec(amount)
        self.index = RecordIndex(year)
        self.spent, self.by_month = self._payments(year.payments)
        # Each indicator with its 指标完成 row, joined once (first result row per key; load_year
        # rejects duplicates): one _Row per indicator holds both, `res_row` None without a result.
        keys = ["项目编码", "三级指标"]
        res = year.results.drop_duplicates(keys, keep="first")
        res = res[[*keys, "实际完成值", "计算口径", "自评得分", "偏差原因", "改进措施", "佐证材料", ROW]].rename(
            columns={ROW: "_res_row"})
        m = year.indicators.merge(res, how="left", on=keys, sort=False)
        rows = map(_new_row, zip(  # column by column, in _Row's field order
            m["一级指标"].tolist(), m["二级指标"].tolist(), m["三级指标"].tolist(), _texts(m["指标描述"].tolist()),
            m["指标值"].tolist(), _texts(m["指标值确定依据"].tolist()), _decimals(m["分值"].tolist()),
            none_if_blank(m["指标性质"].tolist()), _row_numbers(m[ROW]), none_if_blank(m["实际完成值"].tolist()),
            _texts(m["计算口径"].tolist()), _decimals(m["自评得分"].tolist()), _texts(m["偏差原因"].tolist()),
            _texts(m["改进措施"].tolist()), _texts(m["佐证材料"].tolist()), _row_numbers(m["_res_row"])))
        self.indicators: dict[str, list[_Row]] = {}
        for code, row in zip(m["项目编码"].tolist(), rows):
            self.indicators.setdefault(code, []).append(row)
        self._satisfaction: dict = {}
        self._surveys: dict = {}

    def satisfaction(self, code: str) -> Satisfaction | None:
        """The project's whole survey (rule's method), counted once from the shared index."""
        if code not in self._satisfaction:
            counts = self.index.survey(code).get(ALL_RESPONSES)
            s = None
            if counts:  # the same counts recur across projects: one from_counts per distinct survey
                key = tuple(counts.items())
                if key not in self._surveys:
                    self._surveys[key] = sat.from_counts(counts, self.rules)
                s = self._surveys[key]
            self._satisfaction[code] = s
        return self._satisfaction[code]

    def _payments(self, p: pd.DataFrame):
        """Σ 支出明细 per project (元) and per project and month (万元), exactly, by bincount."""
        codes, uniq = self.index.codes("payments")
        dates, days = factorize(p["支付日期"].to_numpy(dtype=object))  # a year has at most 366 dates
        months = np.array([getattr(d, "month", 0) for d in days.tolist()] + [0], dtype=np.int64)[dates]
        amounts = p["金额"].to_numpy(dtype="float64")
        ok = (codes >= 0) & ~np.isnan(amounts)
        cents = np.rint(np.where(ok, amounts, 0) * 100)
        n = len(uniq)
        names = uniq.tolist()
        spent: dict[str, Decimal] = {}
        by_month: dict[str, list[Decimal]] = {}
        if np.all(np.abs(np.where(ok, amounts, 0) * 100 - cents) < 1e-6):
            totals = np.bincount(codes[ok], weights=cents[ok], minlength=n)
            monthly = np.bincount(codes[ok] * 13 + months[ok], weights=cents[ok], minlength=n * 13).reshape(n, 13)
            touched = np.bincount(codes[ok] * 13 + months[ok], minlength=n * 13).reshape(n, 13) > 0
            paid = touched[:, 1:].any(axis=1).tolist()
            wan: dict[int, Decimal] = {}  # cents → 万元, once per distinct amount (most months are 0)
            cents_by_month = np.rint(monthly[:, 1:]).astype(np.int64).tolist()
            totals_cents = np.rint(totals).astype(np.int64).tolist()
            for code, total, months_i, any_paid in zip(names, totals_cents, cents_by_month, paid):
                spent[code] = Decimal(total) / _HUNDRED
                if any_paid:
                    by_month[code] = [wan[v] if v in wan else wan.setdefault(v, Decimal(v) / _CENTS_PER_WAN)
                                      for v in months_i]
        else:  # amounts finer than a cent: add them as Decimals
            for c, m, v in zip(codes[ok].tolist(), months[ok].tolist(), amounts[ok].tolist()):
                d = dec(v)
                spent[names[c]] = spent.get(names[c], ZERO) + d
                if 1 <= m <= 12:
                    by_month.setdefault(names[c], [ZERO] * 12)[m - 1] += d / WAN
        return spent, by_month

    def target(self, text, level2, nature) -> Target:
        key = (text.__class__, text, level2, nature)
        t = self._targets.get(key)
        if t is None:
            t = self._targets[key] = parse_target(text, level2, self.year.year, nature)
        return t

    def formula(self, text: str):
        f = self._formulas.get(text)
        if f is None:
            f = self._formulas[text] = parse_formula(text)
        return f

    def actual(self, value, t: Target) -> Actual:
        key = (value.__class__, value, id(t))
        a = self._actuals.get(key)
        if a is None:
            a = self._actuals[key] = parse_actual(value, self.year.year, t)
        return a

    def derived_actual(self, d: Derived) -> Actual:
        """The Actual of a derived value, one object per printed value and unit (100 %, counts repeat)."""
        key = (d.value, d.unit)
        a = self._derived.get(key)
        if a is None:
            a = self._derived[key] = _derived_actual(d)
        return a

    def small_sample(self, s: Satisfaction) -> str:
        """The small-sample warning after 指标「…」, once per distinct survey count."""
        text = self._small.get(s)
        if text is None:
            text = self._small[s] = (
                f"的满意度调查有效答卷仅 {s.n} 份（少于 {self.rules.satisfaction_min_sample} 份），"
                f"满意度 {fmt_pct(s.rate)} 的 95% 置信区间为 {fmt_pct(s.low)}–{fmt_pct(s.high)}，结论须谨慎。")
        return text

    def judge(self, t: Target, a: Actual, w: Decimal, budget_yuan, self_score) -> Verdict:
        """judge() memoised: most rows repeat a target, an actual and a weight.

        Parsed targets and actuals (typed or derived) are shared objects held by the caches
        above, so they are keyed by id.
        """
        budget = budget_yuan if "budget-ref" in t.flags else None
        key = (id(t), id(a), w, budget, self_score)
        v = self._verdicts.get(key)
        if v is None:
            v = self._verdicts[key] = judge(t, a, w, self.rules, budget_yuan=budget_yuan, self_score=self_score)
        return v


# --------------------------------------------------------------------------- printing

def _printed(d: Derived) -> str:
    """A derived value as the report prints it: 98.26%, 5,400.00 元/人, 132 人."""
    v = dec(d.value)
    if d.unit == "%":
        return f"{q2(v)}%"
    if d.unit and d.unit.split("/")[0] in ("元", "万元"):
        return f"{fmt_money(v)} {d.unit}"
    num = f"{int(v):,}" if v == v.to_integral_value() else fmt_money(v)
    return f"{num} {d.unit}" if d.unit else num


def _cell_text(v) -> str:
    if isinstance(v, str):
        return v.strip()
    if blank(v):
        return ""
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _derived_actual(d: Derived) -> Actual:
    return Actual(_printed(d), "quantitative", d.value, d.unit, None, ())


# --------------------------------------------------------------------------- a project

@dataclass(slots=True)
class _Where:
    """The 指标完成 (or 部门指标完成) cell a problem with one indicator points to."""

    code: str
    res_row: int | None
    sheet: str = S.RESULTS.name
    workbook: str = S.ACTUALS

    def problem(self, level, message, column):
        return Problem(level, message, workbook=self.workbook, sheet=self.sheet, row=self.res_row, column=column,
                       project=self.code or None)


def _where(code: str, res: _Row | None, dept: bool) -> _Where:
    """Built only when there is a problem to report: 100,000 indicators mostly have none."""
    return _Where(code, res.res_row if res is not None else None, S.DEPT_RESULTS.name if dept else S.RESULTS.name)


_FIELDS = tuple(f.name for f in dataclass_fields(IndicatorScore))


def _indicator_score(*values) -> IndicatorScore:
    """IndicatorScore(*values) without the frozen-dataclass __init__ (22 object.__setattr__ calls).

    Same object, same fields, same equality; only built with one dict update. Falls back to
    the constructor if the record ever gains slots or a __post_init__.
    """
    obj = object.__new__(IndicatorScore)
    obj.__dict__.update(zip(_FIELDS, values))
    return obj


if hasattr(IndicatorScore, "__slots__") or hasattr(IndicatorScore, "__post_init__"):  # pragma: no cover
    _indicator_score = IndicatorScore  # noqa: F811


_MISSED = {"missed": "未达到指标值", "partial": "部分达成", "late": "未按时完成", "unknown": "未填写实际完成值"}


def _score_one(ctx: _ScoringState, code: str, level1: str, ind: _Row, res: _Row, w: Decimal,
               budget_yuan: Decimal | None, records, errors: list, warnings: list,
               dept: bool = False) -> IndicatorScore | None:
    """One indicator: target, actual (typed, derived or the project's satisfaction), §4, override.

    `ind` gives level2/name/target/nature (desc, basis); `res` gives value/formula/self_score/
    reason (improvement, evidence) — for a project both are the same joined row. Problems go to
    `errors` / `warnings`; None when it cannot be scored.
    """
    rules = ctx.rules
    name, level2 = ind.name, ind.level2
    value, formula, reason, self_score = res.value, res.formula, res.reason, res.self_score
    empty = value is None  # every value went through none_if_blank
    derived = None
    # The common row (a typed value, no 口径, no 自评得分) repeats across projects: one lookup.
    fast = None
    if formula is None and self_score is None and not empty:
        target = ind.target
        fast = (target.__class__, target, level2, ind.nature, value.__class__, value, w, dept)
        hit = ctx.fast.get(fast)
        if hit is not None:
            t, a, verdict = hit
            return _finish(ctx, code, level1, ind, res, w, dept, t, a, verdict, verdict.score, False, None, warnings)
    t = ctx.target(ind.target, None if dept else level2, ind.nature)
    try:
        if formula:
            derived = derive(ctx.year, code, ctx.formula(formula), rules, row=res.res_row, records=records())
        elif empty and level1 == "满意度指标" and not dept:
            rec = records()
            if rec.satisfaction is None:
                raise ScoreError("满意度指标未填写实际完成值或计算口径，且「满意度调查」表中没有该项目的有效答卷；"
                                 "请填写实际完成值，或录入满意度调查。")
            derived = satisfaction_derived(rec.satisfaction, F.SATISFACTION, rules.satisfaction_counted)
        elif empty and self_score is None:
            raise ScoreError("实际完成值为空。")
        if derived is not None:
            a = ctx.derived_actual(derived)
            s = derived.satisfaction
            if s is not None and s.small_sample:
                warnings.append(_where(code, res, dept).problem(WARNING, f"指标「{name}」{ctx.small_sample(s)}",
                                              "计算口径" if formula else "实际完成值"))
        else:
            a = ctx.actual(value, t)
        only_self = empty and derived is None  # a 自评得分 with no value: an override
        qualitative = not only_self and (t.kind == "qualitative" or (t.kind == "boolean" and a.grade is not None))
        if only_self:
            verdict = Verdict(ZERO2, "unknown", None)
        else:
            verdict = ctx.judge(t, a, w, budget_yuan, self_score if qualitative else None)
        score, overridden = verdict.score, False
        if self_score is not None and not qualitative:
            if not reason:
                raise ScoreError(f"填写了自评得分 {self_score}，但未填写偏差原因；定量、时效和是非指标的人工评分须说明原因，"
                                 f"否则请删去自评得分（按规则计 {verdict.score} 分）。", "自评得分")
            if not ZERO <= self_score <= w:
                raise ScoreError(f"自评得分 {self_score} 应在 0 与该指标分值 {w} 之间。", "自评得分")
            score = q2(self_score)
            overridden = score != verdict.score
    except ScoreError as exc:
        errors.append(_where(code, res, dept).problem(ERROR, f"指标「{name}」（指标值「{_cell_text(ind.target)}」）：{exc.message}",
                                    exc.column))
        return None
    except ValidationError as exc:  # a 计算口径 whose inputs are missing
        errors.extend(exc.problems)
        return None
    if fast is not None and "budget-ref" not in t.flags:  # 控制在预算内 depends on the project's budget
        ctx.fast[fast] = (t, a, verdict)
    return _finish(ctx, code, level1, ind, res, w, dept, t, a, verdict, score, overridden, derived, warnings)


def _finish(ctx, code, level1, ind, res, w, dept, t, a, verdict, score, overridden, derived, warnings):
    """The IndicatorScore of a judged indicator, and the warning for a miss without 偏差原因."""
    status, reason = verdict.status, res.reason
    if status != "met" and not reason:
        what = _MISSED.get(status) or (f"超额完成（达到指标值的 {ctx.rules.over_completion * 100:.0f}% 以上，"
                                       f"指标值是否偏低？）")
        warnings.append(_where(code, res, dept).problem(
            WARNING, f"指标「{ind.name}」{what}（指标值 {t.text}，实际完成值 {a.text}），未填写偏差原因。", "偏差原因"))
    value = res.value
    if derived is not None:
        actual_text = a.text
    else:  # _cell_text, with the common case (text) inline
        actual_text = value.strip() if value.__class__ is str else _cell_text(value)
    return _indicator_score(
        code, level1, ind.level2 or "", ind.name, t.text, actual_text, t.kind, t.op, w, score, verdict.score,
        overridden, verdict.completion, status, ind.desc, ind.basis, derived, reason,
        res.improvement, res.evidence, ind.row, res.res_row)


def _weights(ctx: _ScoringState, code: str, inds: list[_Row], errors: list) -> tuple[list[Decimal] | None, str | None]:
    rules = ctx.rules
    ind_place = dict(workbook=S.TARGETS, sheet=S.INDICATORS.name, project=code)
    target_total = _HUNDRED - rules.execution_weight
    ws = [r.weight for r in inds]
    missing_ws = ws.count(None)
    if 0 < missing_ws < len(ws):
        rows = [str(r.row) for r in inds if r.weight is None]
        errors.append(Problem(ERROR, f"项目「{code}」只有部分指标填写了分值：第 {'、'.join(rows)} 行未填。"
                                     f"分值须全部填写（合计 {fmt_money(target_total)} 分）或全部留空（按一级指标平均分配）。",
                              row=int(rows[0]), column="分值", **ind_place))
        return None, None
    if ws and not missing_ws:
        bad = [str(r.row) for r, x in zip(inds, ws) if x < 0]
        total = sum(ws, ZERO)
        if bad:
            errors.append(Problem(ERROR, f"项目「{code}」的分值不能为负数（第 {'、'.join(bad)} 行）。",
                                  row=int(bad[0]), column="分值", **ind_place))
            return None, None
        if q2(total) != q2(target_total):
            errors.append(Problem(ERROR, f"项目「{code}」各指标分值合计为 {fmt_money(total)} 分，应为 "
                                         f"{fmt_money(target_total)} 分（100 − 预算执行率 {fmt_money(rules.execution_weight)} 分）。",
                                  row=inds[0].row, column="分值", **ind_place))
            return None, None
        return ws, None
    levels = tuple(r.level1 for r in inds)
    shared = ctx.equal_weights.get(levels)
    if shared is None:
        shared = _equal_weights(ctx, code, levels, errors)
        if shared[0] is not None:
            ctx.equal_weights[levels] = shared
    return shared


def _equal_weights(ctx: _ScoringState, code: str, levels: tuple[str, ...], errors: list):
    """Weights left blank: each category's points split equally among its rows (§2).

    They depend only on the sequence of 一级指标, which repeats across projects, so
    _weights keeps them by that sequence (a failure is never kept: its message names the project).
    """
    rules = ctx.rules
    ind_place = dict(workbook=S.TARGETS, sheet=S.INDICATORS.name, project=code)
    counts: dict[str, int] = {}
    for level1 in levels:
        counts[level1] = counts.get(level1, 0) + 1
    present = [c for c in S.LEVEL1 if c in counts]
    if not present:
        errors.append(Problem(ERROR, f"项目「{code}」没有任何绩效指标；请在「绩效指标」表中填写。", **ind_place))
        return None, None
    note = None
    if len(present) < len(S.LEVEL1):
        missing = [c for c in S.LEVEL1 if c not in present]
        if rules.missing_category == "error":
            errors.append(Problem(ERROR, f"项目「{code}」没有{'、'.join(missing)}；规则集「{rules.name}」要求每个一级指标"
                                         f"至少有一个三级指标。", column="一级指标", **ind_place))
            return None, None
        cats, note = _category_weights(present, rules)
    else:
        cats = dict(rules.category_weights)
    shares = {c: iter(_equal_split(cats[c], counts[c])) for c in present}
    return [next(shares[level1]) for level1 in levels], note


def _is_execution_row(name: str, res: _Row | None) -> bool:
    if res is not None and res.formula == F.EXECUTION:
        return True
    return any(k in (name or "") for k in ("执行率", "预算完成率"))


def _project(ctx: _ScoringState, p: dict, errors: list) -> ProjectScore | None:
    rules = ctx.rules
    code = p["项目编码"]
    row = int(p[ROW])
    initial = dec(p["年初预算数"])
    full = initial + ctx.adjust.get(code, ZERO)
    spent = ctx.spent.get(code, ZERO)
    warnings: list[Problem] = []
    nerr = len(errors)
    denominator = initial if rules.execution_denominator == "年初预算数" else full
    if denominator <= 0:
        errors.append(Problem(ERROR, f"{rules.execution_denominator}为 {fmt_wan(denominator)}，无法计算预算执行率。",
                              workbook=S.TARGETS, sheet=S.PROJECTS.name, row=row, column="年初预算数", project=code))
        rate = ZERO
    else:
        rate = spent / (denominator * WAN)
    exec_score = q2(rules.execution_weight * max(ZERO, min(rate, ONE)))
    budget_yuan = full * WAN

    rec_cache: list[Records] = []

    def records() -> Records:
        if not rec_cache:
            rec_cache.append(Records(code, initial, full, spent, ctx.index, ctx.satisfaction(code), True))
        return rec_cache[0]

    inds = ctx.indicators.get(code, [])
    weights, note = _weights(ctx, code, inds, errors)
    scored: list[IndicatorScore] = []
    if weights is not None:
        for r, w in zip(inds, weights):
            if r.res_row is None:
                errors.append(Problem(ERROR, f"指标「{r.name}」没有完成情况，请在「指标完成」表补填。",
                                      workbook=S.ACTUALS, sheet=S.RESULTS.name, column="三级指标", project=code))
                continue
            one = _score_one(ctx, code, r.level1, r, r, w, budget_yuan, records, errors, warnings)
            if one is not None:
                scored.append(one)
    if denominator > 0 and rate < rules.execution_warning_below and not any(
            r.reason and _is_execution_row(r.name, r) for r in inds):
        warnings.insert(0, Problem(
            WARNING, f"预算执行率 {fmt_pct(rate)} 低于 {fmt_pct(rules.execution_warning_below)}，未说明偏差原因"
                     f"（全年执行数 {fmt_wan(spent / WAN)}，{rules.execution_denominator} {fmt_wan(denominator)}）；"
                     f"请在「指标完成」表中预算执行率（计算口径「预算执行率」）一行的偏差原因列说明。",
            workbook=S.TARGETS, sheet=S.PROJECTS.name, row=row, column="年初预算数", project=code))
    if len(errors) > nerr:
        return None
    total = exec_score + sum((i.score for i in scored), ZERO)
    months = ctx.by_month.get(code)
    return ProjectScore(
        code=code, name=p["项目名称"], budget_initial_wan=q2(initial), budget_full_year_wan=q2(full),
        spent_wan=q2(spent / WAN), execution_rate=float(rate), execution_weight=rules.execution_weight,
        execution_score=exec_score, indicators=tuple(scored), score=total, grade=rules.grade(total),
        warnings=tuple(warnings), notes=(note,) if note else (), satisfaction=ctx.satisfaction(code),
        funds=p["funds"], spent_by_month=tuple(months) if months else (ZERO,) * 12, row=row)


# --------------------------------------------------------------------------- department (§7)

def _department(ctx: _ScoringState, projects: list[ProjectScore], errors: list, warnings: list) -> DepartmentScore:
    rules, year = ctx.rules, ctx.year
    full_exact = {p["项目编码"]: dec(p["年初预算数"]) + ctx.adjust.get(p["项目编码"], ZERO)
                  for p in _records(year.projects, ("项目编码", "年初预算数"))}
    budget_full = sum(full_exact.values(), ZERO)
    budget_initial = sum((dec(v) for v in year.projects["年初预算数"].tolist()), ZERO)
    spent = sum(ctx.spent.values(), ZERO)
    denominator = budget_initial if rules.execution_denominator == "年初预算数" else budget_full
    rate = spent / (denominator * WAN) if denominator > 0 else ZERO
    exec_w = rules.department_execution_weight
    exec_score = q2(exec_w * max(ZERO, min(rate, ONE)))

    weighted = None
    if budget_full > 0 and projects:
        weighted = q2(sum((p.score * full_exact[p.code] for p in projects), ZERO) / budget_full)

    d = year.dept_indicators
    di = [(goal, _Row(DEPT_LEVEL1, area, name, target=target, row=int(row)))  # level2 = the 工作领域
          for area, goal, name, target, row in zip(d["工作领域"].tolist(), _texts(d["绩效目标"].tolist()),
                                                   d["指标名称"].tolist(), d["指标值"].tolist(), d[ROW].tolist())]
    dr = year.dept_results
    results: dict[tuple, _Row] = {}
    for area, name, value, self_score, reason, row in zip(
            dr["工作领域"].tolist(), dr["指标名称"].tolist(), none_if_blank(dr["实际完成值"].tolist()),
            _decimals(dr["自评得分"].tolist()), _texts(dr["偏差原因"].tolist()), dr[ROW].tolist()):
        results.setdefault((area, name), _Row(DEPT_LEVEL1, area, name, value=value, self_score=self_score,
                                              reason=reason, res_row=int(row)))
    areas_order = list(dict.fromkeys(r.level2 for _, r in di))
    areas: list[AreaScore] = []
    if areas_order:
        area_w = dict(zip(areas_order, _equal_split(rules.department_areas_weight, len(areas_order))))
        for area in areas_order:
            rows = [r for _, r in di if r.level2 == area]
            goal = next((g for g, r in di if r.level2 == area and g), None)
            scored = []
            for r, w in zip(rows, _equal_split(area_w[area], len(rows))):
                name = r.name
                res = results.get((area, name))
                if res is None or (blank(res.value) and res.self_score is None):
                    res_row = res.res_row if res is not None else None
                    warnings.append(Problem(WARNING, f"部门指标「{name}」（工作领域「{area}」）没有完成情况，按 0 分计。",
                                            workbook=S.ACTUALS, sheet=S.DEPT_RESULTS.name,
                                            row=res_row, column="实际完成值"))
                    t = ctx.target(r.target, None, None)
                    scored.append(IndicatorScore(
                        project="", level1=DEPT_LEVEL1, level2=area, name=name, target_text=t.text, actual_text="",
                        kind=t.kind, op=t.op, weight=w, score=ZERO2, rule_score=ZERO2, completion=None,
                        status="unknown", indicator_row=r.row, result_row=res_row))
                    continue
                one = _score_one(ctx, "", DEPT_LEVEL1, r, res, w, None, lambda: None, errors, warnings,
                                 dept=True)
                if one is not None:
                    scored.append(one)
            areas.append(AreaScore(area, goal, area_w[area], tuple(scored), sum((i.score for i in scored), ZERO)))
        areas_total = sum((a.score for a in areas), ZERO)
    projects_area = None
    if not areas_order:
        base = weighted if weighted is not None else ZERO
        areas_total = q2(rules.department_areas_weight * base / _HUNDRED)
        projects_area = _projects_area(rules.department_areas_weight, base, areas_total, weighted is not None)
        warnings.append(Problem(HINT, f"「部门指标」表为空：部门整体得分中工作领域的 {fmt_money(rules.department_areas_weight)} 分"
                                      f"按项目得分的预算加权平均（{fmt_money(base)} 分）折算为 {fmt_money(areas_total)} 分。",
                                workbook=S.TARGETS, sheet=S.DEPT_INDICATORS.name))
    total = exec_score + areas_total
    return DepartmentScore(budget_wan=q2(budget_full), spent_wan=q2(spent / WAN), execution_rate=float(rate),
                           execution_weight=exec_w, execution_score=exec_score, areas=tuple(areas), score=total,
                           grade=rules.grade(total), weighted_project_score=weighted, projects_area=projects_area)


PROJECTS_AREA = "项目支出绩效（未设部门指标）"
PROJECTS_INDICATOR = "项目自评得分（按全年预算数加权平均）"


def _projects_area(weight: Decimal, base: Decimal, score: Decimal, known: bool) -> AreaScore:
    """The areas' points of a year without 部门指标, as one area: weight × weighted project score ÷ 100."""
    w = q2(weight)
    one = IndicatorScore(project="", level1=DEPT_LEVEL1, level2=PROJECTS_AREA, name=PROJECTS_INDICATOR,
                         target_text=f"{int(_HUNDRED)}分", actual_text=f"{fmt_money(base)}分" if known else "",
                         kind="quantitative", op=">=", weight=w, score=score, rule_score=score,
                         completion=float(base / _HUNDRED) if known else None,
                         status="scaled" if known else "unknown")  # in proportion: no target to meet or miss
    return AreaScore(PROJECTS_AREA, None, w, (one,), score)


# --------------------------------------------------------------------------- entry points

def _rules(rules) -> Rules:
    return rules if isinstance(rules, Rules) else load_rules(rules)


def score_year(year: Year, rules: Rules | str | None = None) -> YearScore:
    """Score every project and the department; raises ValidationError with every scoring error."""
    rules = _rules(rules)
    paused = gc.isenabled()
    if paused:  # 100,000 small acyclic records: the cycle collector would only slow the loop
        gc.disable()
    try:
        return _score_year(year, rules)
    finally:
        if paused:
            gc.enable()


def _score_year(year: Year, rules: Rules) -> YearScore:
    ctx = _ScoringState(year, rules)
    errors: list[Problem] = []
    projects = []
    for p in _project_rows(year.projects):
        ps = _project(ctx, p, errors)
        if ps is not None:
            projects.append(ps)
    dept_warnings: list[Problem] = []
    department = _department(ctx, projects, errors, dept_warnings)  # its errors join the projects'
    if errors:
        raise ValidationError(errors)
    warnings = [*year.warnings, *(w for ps in projects for w in ps.warnings), *dept_warnings]
    return YearScore(year=year.year, unit_name=year.unit_name, department_name=year.department, rules=rules.name,
                     projects=tuple(projects), department=department, warnings=tuple(warnings))


def score_project(year: Year, code: str, rules: Rules | str | None = None) -> ProjectScore:
    """One project's score (the same as its entry in score_year); raises ValidationError."""
    rules = _rules(rules)
    ctx = _ScoringState(year, rules)
    rows = [p for p in _project_rows(year.projects) if p["项目编码"] == code]
    if not rows:
        raise KeyError(code)
    errors: list[Problem] = []
    ps = _project(ctx, rows[0], errors)
    if errors:
        raise ValidationError(errors)
    return ps
