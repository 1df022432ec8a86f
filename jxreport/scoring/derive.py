"""Values derived from the records by a 计算口径 (docs/input-workbooks.md), with their arithmetic.

An analyst who writes `人均:网格长,网格员` instead of typing 5400 wants the report to show
where the figure came from, so every Derived carries a derivation a reader can redo on
a calculator (`712,800.00 元 ÷ 132 人 = 5,400.00 元/人`) and the inputs behind it. Inputs
that are missing (an unknown category, a zero denominator) become a Problem naming the
指标完成 row and its 计算口径 cell, raised as ValidationError — never a ZeroDivisionError.

A year of 10,000 projects may carry a 计算口径 on most of them, so the ledgers are not
filtered per formula: `RecordIndex` aggregates each frame once, by project (persons per
类别, Σ per 测算明细 line, quantities, survey counts), and a formula reads dict entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

import numpy as np
import pandas as pd

from jxreport.grammar import formulas as F
from jxreport.core import schema as S
from jxreport.scoring import satisfaction as sat
from jxreport.core.exceptions import ValidationError
from jxreport.grammar.formulas import Formula, parse_formula
from jxreport.io.model import Year
from jxreport.core.problems import ERROR, Problem
from jxreport.scoring.results import Derived, Satisfaction
from jxreport.core.rounding import WAN, dec, fmt_money, fmt_pct, fmt_wan
from jxreport.core.text import blank
from jxreport.scoring.links import line_names_category
from jxreport.scoring.rules import Rules, load_rules

_HUNDRED = Decimal(100)


ALL_RESPONSES = _ALL = object()  # RecordIndex.survey key: the whole project, all 调查对象 together


def sum_money(values) -> Decimal:
    """Σ of money amounts, exactly: in whole cents when every amount has at most 2 decimals."""
    a = np.asarray(values, dtype="float64")
    a = a[~np.isnan(a)]
    if a.size == 0:
        return Decimal(0)
    cents = np.rint(a * 100)
    if np.all(np.abs(a * 100 - cents) < 1e-6) and np.abs(cents).sum() < 2**53:
        return Decimal(int(cents.sum())) / _HUNDRED
    return sum((dec(float(x)) for x in a), Decimal(0))


def factorize(values) -> tuple[np.ndarray, np.ndarray]:
    """(code per row, distinct values); a blank (None/NaN) gets code -1. Hash-based, no sort."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return codes.astype(np.int64, copy=False), np.asarray(uniques, dtype=object)


def group_ids(*columns) -> tuple[np.ndarray, list[tuple]]:
    """Rows grouped by the values of `columns`: (group id per row, key tuple per group).

    Each column is raw values or an already factorized (codes, uniques) pair, so a frame's
    项目编码 is hashed once however many groupings use it. A row with a blank in any column
    gets group id -1. No Python work per row.
    """
    facts = [c if isinstance(c, tuple) else factorize(c) for c in columns]
    n = len(facts[0][0])
    combined = np.zeros(n, dtype=np.int64)
    blank = np.zeros(n, dtype=bool)
    for codes, u in facts:
        blank |= codes < 0
        combined = combined * (len(u) + 1) + (codes + 1)
    gid = np.full(n, -1, dtype=np.int64)
    keep = ~blank
    groups, uniq = pd.factorize(combined[keep])
    gid[keep] = groups
    sizes = [len(u) + 1 for _, u in facts]
    parts = []
    rest = np.asarray(uniq, dtype=np.int64)
    for size in reversed(sizes):
        rest, r = np.divmod(rest, size)
        parts.append(r - 1)
    columns_of_keys = [u[i].tolist() for (_, u), i in zip(facts, reversed(parts))]
    return gid, list(zip(*columns_of_keys)) if columns_of_keys else []


def money_by_group(gid: np.ndarray, amounts, n: int) -> list[Decimal]:
    """Σ amount per group id 0..n-1, exactly (whole cents when every amount allows it)."""
    a = np.asarray(amounts, dtype="float64")
    ok = (gid >= 0) & ~np.isnan(a)
    cents = np.rint(np.where(ok, a, 0) * 100)
    if np.all(np.abs(np.where(ok, a, 0) * 100 - cents) < 1e-6):
        sums = np.bincount(gid[ok], weights=cents[ok], minlength=n)
        return [Decimal(v) / _HUNDRED for v in np.rint(sums).astype(np.int64).tolist()]
    out = [Decimal(0)] * n
    for g, v in zip(gid[ok].tolist(), a[ok].tolist()):
        out[g] += dec(v)
    return out


class RecordIndex:
    """The year's ledgers aggregated by project, each frame on first use (read-only)."""

    def __init__(self, year: Year):
        self.year = year
        self._built: dict[str, dict] = {}
        self._codes: dict[str, tuple] = {}
        self.derived: dict[tuple, Derived] = {}  # see _memo

    def codes(self, frame: str) -> tuple[np.ndarray, np.ndarray]:
        """The frame's 项目编码 factorized once: (code per row, distinct 项目编码)."""
        if frame not in self._codes:
            self._codes[frame] = factorize(getattr(self.year, frame)["项目编码"].to_numpy(dtype=object))
        return self._codes[frame]

    def _get(self, name: str, code: str):
        if name not in self._built:
            self._built[name] = getattr(self, "_build_" + name)()
        return self._built[name].get(code, {} if name != "calc_lines" else [])

    def grants(self, code: str) -> dict[str, tuple[np.ndarray, int, Decimal]]:
        """类别 → (ids of the distinct persons paid, 人次, amount in 元).

        人次 is the number of payments to persons: each (人员编号, 月份) whose amounts add up to
        more than 0 counts once, so a split payment is one 人次 and a payment reversed (冲销、退回)
        none (docs/input-workbooks.md, 计算口径 人次).
        """
        return self._get("grants", code)

    def calc_lines(self, code: str) -> list[tuple[str, object, object, object]]:
        """(明细名称, 数量, 台账类别, 月数) of the project's 测算明细 lines."""
        return self._get("calc_lines", code)

    def spending(self, code: str) -> dict[str, tuple[Decimal, int]]:
        """测算明细 line → (Σ 支出明细 金额 in 元, number of payments)."""
        return self._get("spending", code)

    def quantities(self, code: str) -> dict[str, tuple[Decimal, str | None]]:
        """实物量 名称 → (Σ 数量, its 单位)."""
        return self._get("quantities", code)

    def survey(self, code: str) -> dict:
        """{ALL_RESPONSES: {level: responses}} of the whole project ({} without a valid answer)."""
        return self._get("survey", code)

    def _build_grants(self):
        g = self.year.grants
        out: dict[str, dict] = {}
        if g.empty:
            return out
        gid, keys = group_ids(self.codes("grants"), g["类别"].to_numpy(dtype=object))
        n = len(keys)
        amounts = g["金额"].to_numpy(dtype="float64")
        sums = money_by_group(gid, amounts, n)
        pid, persons = factorize(g["人员编号"].to_numpy(dtype=object))
        rows = self._person_months(gid, (pid, persons), amounts, n)
        ok = (gid >= 0) & (pid >= 0)
        pairs = np.unique(gid[ok] * (len(persons) + 1) + pid[ok])
        owner, who = np.divmod(pairs, len(persons) + 1)
        cuts = np.searchsorted(owner, np.arange(n + 1))
        for i, (code, cat) in enumerate(keys):
            paid = who[cuts[i]:cuts[i + 1]]  # distinct person ids of this (project, 类别)
            out.setdefault(code, {})[cat] = (paid, rows[i], sums[i])
        return out

    def _person_months(self, gid: np.ndarray, pid: tuple, amounts: np.ndarray, n: int) -> list[int]:
        """人次 per group id: the (人员编号, 月份) pairs of the group whose amounts add up to more than 0."""
        mid = factorize(self.year.grants["月份"].to_numpy(dtype=object))
        pm, _ = group_ids((gid, np.arange(n)), pid, mid)  # one id per (group, 人员编号, 月份)
        k = int(pm.max()) + 1 if len(pm) and pm.max() >= 0 else 0
        net = np.bincount(pm[pm >= 0], weights=np.nan_to_num(amounts[pm >= 0]), minlength=k)
        owner = np.full(k, -1, dtype=np.int64)
        owner[pm[pm >= 0]] = gid[pm >= 0]
        paid = owner[net > 0.005]
        return np.bincount(paid[paid >= 0], minlength=n).tolist()

    def _build_calc_lines(self):
        c = self.year.calc_lines
        out: dict[str, list] = {}
        cats = c["台账类别"].tolist() if "台账类别" in c else [None] * len(c)
        months = c["月数"].tolist() if "月数" in c else [None] * len(c)
        for code, name, qty, cat, m in zip(c["项目编码"].tolist(), c["明细名称"].tolist(), c["数量"].tolist(), cats,
                                           months):
            out.setdefault(code, []).append((name, qty, cat, m))
        return out

    def _build_spending(self):
        p = self.year.payments
        out: dict[str, dict] = {}
        gid, keys = group_ids(self.codes("payments"), p["测算明细"].to_numpy(dtype=object))  # blank → -1
        n = len(keys)
        counts = np.bincount(gid[gid >= 0], minlength=n).tolist()
        sums = money_by_group(gid, p["金额"].to_numpy(dtype="float64"), n)
        for (code, line), total, k in zip(keys, sums, counts):
            out.setdefault(code, {})[line] = (total, k)
        return out

    def _build_quantities(self):
        q = self.year.quantities
        out: dict[str, dict] = {}
        for code, name, qty, unit in zip(q["项目编码"].tolist(), q["名称"].tolist(), q["数量"].tolist(),
                                         q["单位"].tolist()):
            d = out.setdefault(code, {})
            total, u = d.get(name, (Decimal(0), None))
            d[name] = (total + dec(qty), u or (unit if isinstance(unit, str) and unit else None))
        return out

    def _build_survey(self):
        """Whole-project counts now; the counts per 调查对象 on the first formula that names one."""
        s = self.year.survey
        out: dict[str, dict] = {}
        if s.empty:
            return out
        gid, keys = group_ids(self.codes("survey"), self._levels())
        for (code, level), k in zip(keys, np.bincount(gid[gid >= 0], minlength=len(keys)).tolist()):
            out.setdefault(code, {}).setdefault(_ALL, {})[level] = k
        return out

    def _levels(self) -> tuple[np.ndarray, np.ndarray]:
        """The 评价 column as level words, factorized once."""
        if "levels" not in self._codes:
            # Factorize the raw answers (a handful of distinct values), then map those few to
            # level words: one hash pass over the column instead of two.
            raw, answers = factorize(self.year.survey["评价"].to_numpy(dtype=object))
            words = sat.levels(answers).to_numpy(dtype=object)
            codes, uniq = factorize(words)
            self._codes["levels"] = (np.append(codes, -1)[raw], uniq)  # raw -1 (blank) → -1
        return self._codes["levels"]

    def survey_group(self, code: str, group: str) -> dict | None:
        """{level: responses} of one 调查对象 of a project; None when it has no valid answer."""
        if "survey_groups" not in self._built:
            s = self.year.survey
            out: dict[tuple, dict] = {}
            if not s.empty:
                gid, keys = group_ids(self.codes("survey"), s["调查对象"].to_numpy(dtype=object), self._levels())
                for (c, g, level), k in zip(keys, np.bincount(gid[gid >= 0], minlength=len(keys)).tolist()):
                    out.setdefault((c, g), {})[level] = k
            self._built["survey_groups"] = out
        return self._built["survey_groups"].get((code, group))

    def survey_groups(self, code: str) -> list[str]:
        self.survey_group(code, "")
        return sorted(g for c, g in self._built["survey_groups"] if c == code)


@dataclass
class Records:
    """What a 计算口径 of one project reads: its budget figures and its ledgers' aggregates."""

    code: str
    budget_initial_wan: Decimal
    budget_full_year_wan: Decimal
    spent_yuan: Decimal
    index: RecordIndex
    satisfaction: Satisfaction | None = None  # the project's whole survey, when already counted
    satisfaction_known: bool = False  # True: `satisfaction` is the answer (None = no valid response)


def records_of(year: Year, code: str, index: RecordIndex | None = None) -> Records:
    """A project's Records (for one formula at a time; scoring builds them from one shared index)."""
    initial = dec(year.project(code)["年初预算数"])
    return Records(code, initial, year.full_year_budget(code), sum_money(year.of("payments", code)["金额"]),
                   index or RecordIndex(year))


class _Fail(Exception):
    """Internal: a message for the 计算口径 cell; derive() turns it into a Problem."""


def derive(year: Year | None, code: str, formula, rules: Rules | None = None, *, row: int | None = None,
           records: Records | None = None) -> Derived:
    """Evaluate a 计算口径 (text or Formula) for project `code`; raises ValidationError on missing inputs."""
    f = formula if isinstance(formula, Formula) else parse_formula(formula)
    rules = rules or load_rules()
    rec = records if records is not None else records_of(year, code)
    try:
        return _EVAL[f.kind](f, rec, rules)
    except _Fail as exc:
        raise ValidationError([Problem(ERROR, f"计算口径「{f.text}」无法计算：{exc}", workbook=S.ACTUALS,
                                       sheet=S.RESULTS.name, row=row, column="计算口径", project=code)]) from None


# --------------------------------------------------------------------------- printing

def _n(x) -> str:
    """A count or quantity: 1,584 when whole, else 2 decimals."""
    d = dec(x)
    return f"{int(d):,}" if d == d.to_integral_value() else fmt_money(d)


def _memo(rec: Records, key: tuple, build, *inputs) -> Derived:
    """build(*inputs), once per year for each distinct key.

    Projects repeat the same counts and amounts (a 网格员 paid 2,000.00 元 a month), and
    the printing is most of a formula's cost. `key` holds the formula text and every value
    the Derived is printed from, each a Decimal, int or str: equal values print alike.
    """
    memo = rec.index.derived
    d = memo.get(key)
    if d is None:
        d = memo[key] = build(*inputs)
    return d


def _names(args) -> str:
    return "、".join(str(a) for a in args)


# --------------------------------------------------------------------------- forms

def _execution(f: Formula, rec: Records, rules: Rules) -> Derived:
    initial = rules.execution_denominator == "年初预算数"
    budget = rec.budget_initial_wan if initial else rec.budget_full_year_wan
    label = rules.execution_denominator
    if budget <= 0:
        raise _Fail(f"{label}为 {fmt_wan(budget)}，不能作分母。")
    budget_yuan = budget * WAN
    value = rec.spent_yuan / budget_yuan * _HUNDRED
    text = (f"全年执行数 {fmt_money(rec.spent_yuan)} 元 ÷ {label} {fmt_money(budget_yuan)} 元 "
            f"= {fmt_pct(value / _HUNDRED)}")
    return Derived(f.text, float(value), "%", text,
                   (("全年执行数", f"{fmt_wan(rec.spent_yuan / WAN)}"), (label, f"{fmt_wan(budget)}")))


@lru_cache(maxsize=8192)  # Satisfaction is immutable and its counts repeat across projects
def satisfaction_derived(s: Satisfaction, formula: str = F.SATISFACTION,
                         counted: tuple[str, ...] = S.SATISFACTION_LEVELS[:3]) -> Derived:
    """The Derived of a satisfaction rate (also used for a 满意度指标 with no value given).

    `counted` is the rule's satisfied levels (Rules.satisfaction_counted), printed in the sum.
    """
    counts = dict(s.counts)
    if s.method == "weighted":
        parts = " + ".join(f"{lv} {counts.get(lv, 0):,}" for lv in S.SATISFACTION_LEVELS)
        head = f"按各档分值加权（{parts}）÷ {s.n:,} 份"
    else:
        parts = " + ".join(f"{lv} {counts.get(lv, 0):,}" for lv in S.SATISFACTION_LEVELS if lv in counted)
        head = f"（{parts}）÷ {s.n:,} 份有效答卷"
    text = f"{head} = {fmt_pct(s.rate)}（95% 置信区间 {fmt_pct(s.low)}–{fmt_pct(s.high)}）"
    if s.small_sample:
        text += f"；样本仅 {s.n} 份，偏小"
    who = f"（调查对象：{s.group}）" if s.group else ""
    inputs = (("有效答卷" + who, f"{s.n:,} 份"), *((lv, f"{c:,} 份") for lv, c in s.counts))
    return Derived(formula, float(dec(s.rate) * _HUNDRED), "%", text, inputs, satisfaction=s)


def _satisfaction(f: Formula, rec: Records, rules: Rules) -> Derived:
    group = f.args[0] if f.args else None
    if group is None and rec.satisfaction_known:
        s = rec.satisfaction
    else:
        survey = rec.index.survey(rec.code)
        if not survey:
            raise _Fail("「满意度调查」表中没有该项目的有效答卷。")
        counts = survey[_ALL] if group is None else rec.index.survey_group(rec.code, group)
        if counts is None:
            raise _Fail(f"「满意度调查」中该项目没有调查对象「{group}」的答卷"
                        f"（现有调查对象：{_names(rec.index.survey_groups(rec.code)) or '无'}）。")
        s = sat.from_counts(counts, rules, group)
    if s is None:
        raise _Fail("「满意度调查」中该项目没有有效答卷。")
    return satisfaction_derived(s, f.text, rules.satisfaction_counted)


def _grants(f: Formula, rec: Records) -> list[tuple[str, tuple[np.ndarray, int, Decimal]]]:
    g = rec.index.grants(rec.code)
    missing = [c for c in f.args if c not in g]
    if missing:
        raise _Fail(f"「发放台账」中该项目没有类别「{_names(missing)}」的记录"
                    f"（现有类别：{_names(g) or '无'}）。")
    return [(c, g[c]) for c in f.args]


def _distinct(parts) -> int:
    """Distinct persons over several 类别 (a person paid under two counts once)."""
    if len(parts) == 1:
        return len(parts[0][1][0])
    seen: set = set()
    for _, p in parts:
        seen.update(p[0].tolist())  # plain sets: numpy's per-call cost dominates on small ledgers
    return len(seen)


def _persons(f, rec, rules) -> Derived:
    parts = _grants(f, rec)
    n = _distinct(parts)
    each = tuple((c, len(p[0])) for c, p in parts)
    return _memo(rec, (F.PERSONS, f.text, each, n), _persons_derived, f, each, n)


def _persons_derived(f, each, n) -> Derived:
    if len(each) == 1:
        text = f"「发放台账」{each[0][0]} 不重复人员编号 {n:,} 人"
    elif sum(k for _, k in each) == n:
        text = " + ".join(f"{c} {k:,} 人" for c, k in each) + f" = {n:,} 人"
    else:
        text = "、".join(f"{c} {k:,} 人" for c, k in each) + f"，去除重复人员后共 {n:,} 人"
    return Derived(f.text, float(n), "人", text, tuple((c, f"{k:,} 人") for c, k in each))


def _payments(f, rec, rules) -> Derived:
    each = tuple((c, p[1]) for c, p in _grants(f, rec))
    return _memo(rec, (F.PAYMENTS, f.text, each), _payments_derived, f, each)


def _payments_derived(f, each) -> Derived:
    n = sum(k for _, k in each)
    if len(each) == 1:
        text = f"「发放台账」{each[0][0]} 发放 {n:,} 人次"
    else:
        text = " + ".join(f"{c} {k:,} 人次" for c, k in each) + f" = {n:,} 人次"
    return Derived(f.text, float(n), "人次", text, tuple((c, f"{k:,} 人次") for c, k in each))


def _per_person(f, rec, rules, monthly: bool) -> Derived:
    parts = _grants(f, rec)
    amount = sum((p[2] for _, p in parts), Decimal(0))
    if monthly:
        count, unit = sum(p[1] for _, p in parts), "人次"
    else:
        count, unit = _distinct(parts), "人"
    if count == 0:
        raise _Fail(f"类别「{_names(f.args)}」的{unit}为 0，不能作分母。")
    return _memo(rec, (F.PER_PERSON, f.text, monthly, amount, count), _per_person_derived, f, monthly, amount, count)


def _per_person_derived(f, monthly: bool, amount: Decimal, count: int) -> Derived:
    unit, per = ("人次", "元/人/月") if monthly else ("人", "元/人")
    value = amount / Decimal(count)
    text = f"{fmt_money(amount)} 元 ÷ {count:,} {unit} = {fmt_money(value)} {per}"
    return Derived(f.text, float(value), per, text,
                   (("发放金额", f"{fmt_money(amount)} 元"), ("人次" if monthly else "人数", f"{count:,} {unit}")))


def _pay_rate(f, rec, rules) -> Derived:
    """实发人·月 ÷ 计划人·月: a vacancy lowers the rate, a replacement does not raise it.

    计划人·月 = Σ 数量 × 月数 of the linked lines; 实发人·月 = the 人次 of the 类别 (distinct
    人员编号 × 月份 paid more than 0). When a linked line has no 月数 the months are unknown,
    and distinct persons are compared with Σ 数量 instead (docs/input-workbooks.md).
    """
    parts = _grants(f, rec)
    lines = rec.index.calc_lines(rec.code)
    used: list[tuple[str, Decimal, object]] = []
    for cat in f.args:
        match = [ln for ln in lines if line_names_category(ln[0], ln[2], cat)]
        if not match:
            names = [ln[0] for ln in lines if isinstance(ln[0], str)]
            raise _Fail(f"「测算明细」中没有发放类别「{cat}」的明细（台账类别列出它，或名称包含它），无法得到计划人数"
                        f"（该项目的测算明细：{_names(names) or '无'}）。")
        for name, q, _, months in match:
            if blank(q):
                raise _Fail(f"测算明细「{name}」的「数量」为空，无法得到计划人数。")
            used.append((name, dec(q), months))
    monthly = all(not blank(m) for _, _, m in used)
    if monthly:  # each line by its printed name (1 and 1.0 are equal keys but print apart)
        paid = sum(p[1] for _, p in parts)
        lines_used = tuple((str(name), q, dec(m)) for name, q, m in used)
    else:
        paid = _distinct(parts)
        lines_used = tuple((str(name), q, None) for name, q, _ in used)
    return _memo(rec, (F.PAY_RATE, f.text, monthly, paid, lines_used), _pay_rate_derived, f, monthly, paid,
                 lines_used)


def _pay_rate_derived(f, monthly: bool, paid: int, used: tuple[tuple[str, Decimal, Decimal | None], ...]) -> Derived:
    if monthly:
        unit = "人·月"
        planned = sum((q * m for _, q, m in used), Decimal(0))
        detail = " + ".join(f"{name} {_n(q)} 人 × {_n(m)} 月" for name, q, m in used)
    else:
        unit = "人"
        planned = sum((q for _, q, _ in used), Decimal(0))
        detail = " + ".join(f"{name} {_n(q)} 人" for name, q, _ in used)
    if planned <= 0:
        raise _Fail(f"测算明细中「{_names(f.args)}」的计划{unit}合计为 {_n(planned)}，不能作分母。")
    value = Decimal(paid) / planned * _HUNDRED
    text = f"实发 {paid:,} {unit} ÷ 计划 {_n(planned)} {unit}（测算明细 {detail}）= {fmt_pct(value / _HUNDRED)}"
    label = "人·月" if monthly else "人数"
    return Derived(f.text, float(value), "%", text,
                   ((f"实发{label}", f"{paid:,} {unit}"), (f"计划{label}", f"{_n(planned)} {unit}")))


def _quantity_of(name: str, rec: Records) -> tuple[Decimal, str | None]:
    q = rec.index.quantities(rec.code)
    if name not in q:
        raise _Fail(f"「实物量」表中该项目没有名称为「{name}」的记录（现有：{_names(q) or '无'}）。")
    return q[name]


def _with_unit(value: Decimal, unit: str | None) -> str:
    return _n(value) + (f" {unit}" if unit else "")


def _quantity(f, rec, rules) -> Derived:
    value, unit = _quantity_of(f.args[0], rec)
    return _memo(rec, (F.QUANTITY, f.text, value, unit), _quantity_derived, f, value, unit)


def _quantity_derived(f, value: Decimal, unit: str | None) -> Derived:
    text = f"「实物量」{f.args[0]} = {_with_unit(value, unit)}"
    return Derived(f.text, float(value), unit, text, ((f.args[0], _with_unit(value, unit)),))


def _line_spending(line: str, rec: Records) -> tuple[Decimal, int]:
    spent = rec.index.spending(rec.code)
    if line not in spent:
        names = list(dict.fromkeys(ln[0] for ln in rec.index.calc_lines(rec.code) if isinstance(ln[0], str)))
        known = "该明细在「测算明细」表中存在，但" if line in names else "「测算明细」表中也没有该明细；"
        raise _Fail(f"{known}「支出明细」中没有「测算明细」列为「{line}」的支出记录"
                    f"（该项目的测算明细：{_names(names) or '无'}）。")
    return spent[line]


def _unit_cost(f, rec, rules) -> Derived:
    line, qname = f.args
    spent, k = _line_spending(line, rec)
    qty, qunit = _quantity_of(qname, rec)
    if qty == 0:
        raise _Fail(f"实物量「{qname}」为 0，不能作分母。")
    return _memo(rec, (F.UNIT_COST, f.text, spent, k, qty, qunit), _unit_cost_derived, f, spent, k, qty, qunit)


def _unit_cost_derived(f, spent: Decimal, k: int, qty: Decimal, qunit: str | None) -> Derived:
    line, qname = f.args
    value = spent / qty
    unit = f"元/{qunit}" if qunit else "元"
    text = f"{line} 支出 {fmt_money(spent)} 元 ÷ {qname} {_with_unit(qty, qunit)} = {fmt_money(value)} {unit}"
    return Derived(f.text, float(value), unit, text,
                   ((f"{line} 支出（{k:,} 笔）", f"{fmt_money(spent)} 元"), (qname, _with_unit(qty, qunit))))


def _spending(f, rec, rules) -> Derived:
    line = f.args[0]
    spent, k = _line_spending(line, rec)
    wan = spent / WAN
    text = f"「支出明细」中测算明细为 {line} 的 {k:,} 笔支出 {fmt_money(spent)} 元 = {fmt_wan(wan)}"
    return Derived(f.text, float(wan), "万元", text, ((f"{line} 支出（{k:,} 笔）", f"{fmt_money(spent)} 元"),))


_EVAL = {
    F.EXECUTION: _execution,
    F.SATISFACTION: _satisfaction,
    F.PERSONS: _persons,
    F.PAYMENTS: _payments,
    F.PER_PERSON: lambda f, r, ru: _per_person(f, r, ru, monthly=False),
    F.PER_PERSON_MONTH: lambda f, r, ru: _per_person(f, r, ru, monthly=True),
    F.PAY_RATE: _pay_rate,
    F.QUANTITY: _quantity,
    F.UNIT_COST: _unit_cost,
    F.SPENDING: _spending,
}
