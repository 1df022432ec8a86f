"""Values derived from the records by a 计算口径 (data-format.md), with their arithmetic.

An analyst who writes `人均:网格长,网格员` instead of typing 5400 wants the report to show
where the figure came from, so every Derived carries a derivation a reader can redo on
a calculator (`712,800.00 元 ÷ 132 人 = 5,400.00 元/人`) and the inputs behind it. Inputs
that are missing (an unknown category, a zero denominator) become a Problem naming the
指标完成 row and its 计算口径 cell, raised as ValidationError — never a ZeroDivisionError.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from . import formulas as F
from . import schema as S
from . import satisfaction as sat
from .exceptions import ValidationError
from .formulas import Formula, parse_formula
from .model import Year
from .problems import ERROR, Problem
from .results import Derived, Satisfaction
from .rounding import dec, fmt_money, fmt_pct
from .rules import Rules, load_rules

_WAN = Decimal(10000)
_HUNDRED = Decimal(100)


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


@dataclass
class Records:
    """One project's rows of the frames a 计算口径 reads, and its budget figures.

    `frames` maps a Year attribute (payments, grants, calc_lines, quantities, survey) to
    that project's rows; scoring passes a lazy mapping so that only projects with a 计算口径
    pay for the slicing.
    """

    code: str
    budget_initial_wan: Decimal
    budget_full_year_wan: Decimal
    spent_yuan: Decimal
    frames: Mapping[str, pd.DataFrame]
    satisfaction: Satisfaction | None = None  # the project's whole survey, when already counted
    satisfaction_known: bool = False  # True: `satisfaction` is the answer (None = no valid response)

    def frame(self, name: str) -> pd.DataFrame:
        return self.frames[name]


def records_of(year: Year, code: str) -> Records:
    """A project's Records by filtering the year's frames (for one project at a time)."""
    frames = {n: year.of(n, code) for n in ("payments", "grants", "calc_lines", "quantities", "survey")}
    initial = dec(year.project(code)["年初预算数"])
    return Records(code, initial, year.full_year_budget(code), sum_money(frames["payments"]["金额"]), frames)


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


def _names(args) -> str:
    return "、".join(args)


# --------------------------------------------------------------------------- forms

def _execution(f: Formula, rec: Records, rules: Rules) -> Derived:
    initial = rules.execution_denominator == "年初预算数"
    budget = rec.budget_initial_wan if initial else rec.budget_full_year_wan
    label = rules.execution_denominator
    if budget <= 0:
        raise _Fail(f"{label}为 {fmt_money(budget)} 万元，不能作分母。")
    budget_yuan = budget * _WAN
    value = rec.spent_yuan / budget_yuan * _HUNDRED
    text = (f"全年执行数 {fmt_money(rec.spent_yuan)} 元 ÷ {label} {fmt_money(budget_yuan)} 元 "
            f"= {fmt_pct(value / _HUNDRED)}")
    return Derived(f.text, float(value), "%", text,
                   (("全年执行数", f"{fmt_money(rec.spent_yuan / _WAN)} 万元"), (label, f"{fmt_money(budget)} 万元")))


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
        survey = rec.frame("survey")
        if survey.empty:
            raise _Fail("「满意度调查」表中没有该项目的答卷。")
        if group is not None:
            groups = sorted({g for g in survey["调查对象"] if isinstance(g, str)})
            if group not in groups:
                raise _Fail(f"「满意度调查」中该项目没有调查对象「{group}」的答卷"
                            f"（现有调查对象：{_names(groups) or '无'}）。")
        s = sat.of_frame(survey, rules, group)
    if s is None:
        raise _Fail("「满意度调查」中该项目没有有效答卷。")
    return satisfaction_derived(s, f.text, rules.satisfaction_counted)


def _grants(f: Formula, rec: Records) -> tuple[pd.DataFrame, list[tuple[str, pd.DataFrame]]]:
    g = rec.frame("grants")
    present = list(dict.fromkeys(c for c in g["类别"] if isinstance(c, str)))
    missing = [c for c in f.args if c not in present]
    if missing:
        raise _Fail(f"「发放台账」中该项目没有类别「{_names(missing)}」的记录"
                    f"（现有类别：{_names(present) or '无'}）。")
    rows = g[g["类别"].isin(f.args)]
    return rows, [(c, rows[rows["类别"] == c]) for c in f.args]


def _persons(f, rec, rules) -> Derived:
    rows, parts = _grants(f, rec)
    n = rows["人员编号"].nunique()
    each = [(c, p["人员编号"].nunique()) for c, p in parts]
    if len(each) == 1:
        text = f"「发放台账」{each[0][0]} 不重复人员编号 {n:,} 人"
    elif sum(k for _, k in each) == n:
        text = " + ".join(f"{c} {k:,} 人" for c, k in each) + f" = {n:,} 人"
    else:
        text = "、".join(f"{c} {k:,} 人" for c, k in each) + f"，去除重复人员后共 {n:,} 人"
    return Derived(f.text, float(n), "人", text, tuple((c, f"{k:,} 人") for c, k in each))


def _payments(f, rec, rules) -> Derived:
    rows, parts = _grants(f, rec)
    n = len(rows)
    each = [(c, len(p)) for c, p in parts]
    text = " + ".join(f"{c} {k:,} 人次" for c, k in each) + (f" = {n:,} 人次" if len(each) > 1 else "")
    if len(each) == 1:
        text = f"「发放台账」{each[0][0]} 发放 {n:,} 人次"
    return Derived(f.text, float(n), "人次", text, tuple((c, f"{k:,} 人次") for c, k in each))


def _per_person(f, rec, rules, monthly: bool) -> Derived:
    rows, _ = _grants(f, rec)
    amount = sum_money(rows["金额"])
    if monthly:
        count, unit, per = len(rows), "人次", "元/人/月"
    else:
        count, unit, per = rows["人员编号"].nunique(), "人", "元/人"
    if count == 0:
        raise _Fail(f"类别「{_names(f.args)}」的{unit}为 0，不能作分母。")
    value = amount / Decimal(count)
    text = f"{fmt_money(amount)} 元 ÷ {count:,} {unit} = {fmt_money(value)} {per}"
    return Derived(f.text, float(value), per, text,
                   (("发放金额", f"{fmt_money(amount)} 元"), ("人次" if monthly else "人数", f"{count:,} {unit}")))


def _pay_rate(f, rec, rules) -> Derived:
    rows, _ = _grants(f, rec)
    paid = rows["人员编号"].nunique()
    lines = rec.frame("calc_lines")
    planned = Decimal(0)
    used: list[tuple[str, Decimal]] = []
    for cat in f.args:
        match = [(name, q) for name, q in zip(lines["明细名称"], lines["数量"])
                 if isinstance(name, str) and (name == cat or name.startswith(cat))]
        if not match:
            names = [n for n in lines["明细名称"] if isinstance(n, str)]
            raise _Fail(f"「测算明细」中没有名称为「{cat}」或以其开头的明细，无法得到计划人数"
                        f"（该项目的测算明细：{_names(names) or '无'}）。")
        for name, q in match:
            if q is None or q != q:
                raise _Fail(f"测算明细「{name}」的「数量」为空，无法得到计划人数。")
            planned += dec(q)
            used.append((name, dec(q)))
    if planned <= 0:
        raise _Fail(f"测算明细中「{_names(f.args)}」的计划人数合计为 {_n(planned)}，不能作分母。")
    value = Decimal(paid) / planned * _HUNDRED
    detail = " + ".join(f"{name} {_n(q)} 人" for name, q in used)
    text = f"实发 {paid:,} 人 ÷ 计划 {_n(planned)} 人（测算明细 {detail}）= {fmt_pct(value / _HUNDRED)}"
    return Derived(f.text, float(value), "%", text,
                   (("实发人数", f"{paid:,} 人"), ("计划人数", f"{_n(planned)} 人")))


def _quantity_of(name: str, rec: Records) -> tuple[Decimal, str | None]:
    q = rec.frame("quantities")
    rows = q[q["名称"] == name]
    if rows.empty:
        names = list(dict.fromkeys(n for n in q["名称"] if isinstance(n, str)))
        raise _Fail(f"「实物量」表中该项目没有名称为「{name}」的记录（现有：{_names(names) or '无'}）。")
    units = [u for u in rows["单位"] if isinstance(u, str) and u]
    return sum((dec(v) for v in rows["数量"]), Decimal(0)), (units[0] if units else None)


def _quantity(f, rec, rules) -> Derived:
    value, unit = _quantity_of(f.args[0], rec)
    text = f"「实物量」{f.args[0]} = {_n(value)}" + (f" {unit}" if unit else "")
    return Derived(f.text, float(value), unit, text, ((f.args[0], _n(value) + (f" {unit}" if unit else "")),))


def _line_spending(line: str, rec: Records) -> tuple[Decimal, int]:
    p = rec.frame("payments")
    rows = p[p["测算明细"] == line]
    if rows.empty:
        names = list(dict.fromkeys(n for n in rec.frame("calc_lines")["明细名称"] if isinstance(n, str)))
        known = "该明细在「测算明细」表中存在，但" if line in names else "「测算明细」表中也没有该明细；"
        raise _Fail(f"{known}「支出明细」中没有「测算明细」列为「{line}」的支出记录"
                    f"（该项目的测算明细：{_names(names) or '无'}）。")
    return sum_money(rows["金额"]), len(rows)


def _unit_cost(f, rec, rules) -> Derived:
    line, qname = f.args
    spent, k = _line_spending(line, rec)
    qty, qunit = _quantity_of(qname, rec)
    if qty == 0:
        raise _Fail(f"实物量「{qname}」为 0，不能作分母。")
    value = spent / qty
    unit = f"元/{qunit}" if qunit else "元"
    text = (f"{line} 支出 {fmt_money(spent)} 元 ÷ {qname} {_n(qty)}" + (f" {qunit}" if qunit else "")
            + f" = {fmt_money(value)} {unit}")
    return Derived(f.text, float(value), unit, text,
                   ((f"{line} 支出（{k:,} 笔）", f"{fmt_money(spent)} 元"), (qname, _n(qty) + (f" {qunit}" if qunit else ""))))


def _spending(f, rec, rules) -> Derived:
    line = f.args[0]
    spent, k = _line_spending(line, rec)
    wan = spent / _WAN
    text = f"「支出明细」中测算明细为 {line} 的 {k:,} 笔支出 {fmt_money(spent)} 元 = {fmt_money(wan)} 万元"
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
