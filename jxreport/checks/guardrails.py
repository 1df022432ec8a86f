"""Guardrails: indicators whose score rewards the wrong thing (R213, R214, A325, A326).

A cost indicator that is 全年执行数 ÷ 全年预算数 scores the execution rate a second time; a cost
target met while the output it pays for was not delivered may be a saving that is no saving;
an indicator named 人次 but counted in persons measures something else than it says. The
scores do not change: these are findings for the preparer. The word lists (which names mean
an execution rate, which units contradict a count word) come from the rule file's
`guardrails` section (docs/scoring.md §9), so local wording is added there, not here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from jxreport.core import schema as S
from jxreport.core.rounding import fmt_score
from jxreport.core.text import blank
from jxreport.grammar import formulas as F
from jxreport.grammar.formulas import FormulaError, parse_formula
from jxreport.grammar.targets import canonical_level2
from jxreport.grammar.units import normalize_unit
from jxreport.scoring.rules import Guardrails, load_rules
from jxreport.checks.checked_year import CheckedYear
from jxreport.checks.registry import HINT, WARNING, check, hit

NOT_MET = ("missed", "partial", "late")  # IndicatorScore.status of an indicator not met
MET = ("met", "over")
_WS = re.compile(r"\s+")


def guardrails(ctx: CheckedYear) -> Guardrails:
    """The rule file's word lists (the built-in rule set's when the checks run without rules)."""
    return ctx.memo("guardrails", lambda c: (c.rules or load_rules()).guardrails)


def _norm(text) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", str(text))) if not blank(text) else ""


def execution_word(name, words: tuple[str, ...]) -> str | None:
    """The execution-rate word an indicator's name contains (预算完成率 …), or None."""
    n = _norm(name)
    return next((w for w in words if w in n), None)


@lru_cache(maxsize=4096)
def _kind(text: str) -> str | None:
    try:
        return parse_formula(text).kind
    except FormulaError:
        return None


def formula_kind(row: dict | None) -> str | None:
    """The kind of a 指标完成 row's 计算口径 (None: blank or malformed)."""
    if row is None or blank(row.get("计算口径")):
        return None
    return _kind(str(row["计算口径"]))


def _results_by_name(ctx: CheckedYear) -> dict[tuple[str, str], dict]:
    return ctx.memo("results-by-name", lambda c: {(r["项目编码"], r["三级指标"]): r
                                                  for rows in c.results.values() for r in rows})


def _is_level(level2, levels: tuple[str, ...]) -> bool:
    return level2 in levels or canonical_level2(level2) in levels


def execution_cost_reason(ctx: CheckedYear, code: str, ind: dict) -> str | None:
    """Why a 成本指标 is an execution rate (its name, or its 计算口径), or None when it is not one."""
    g = guardrails(ctx)
    if not _is_level(ind["二级指标"], g.cost_levels):
        return None
    if formula_kind(_results_by_name(ctx).get((code, ind["三级指标"]))) == F.EXECUTION:
        return f"计算口径为「{F.EXECUTION}」（全年执行数 ÷ 全年预算数）"
    word = execution_word(ind["三级指标"], g.execution_names)
    if word is not None:
        return f"名称含“{word}”，即全年执行数 ÷ 全年预算数"
    return None


def _weights(ctx: CheckedYear, code: str, name: str) -> str:
    """", 与预算执行率合计占 10 + 12.50 = 22.50 分" when the year is scored, else ""."""
    if ctx.scores is None:
        return ""
    try:
        p = ctx.scores.project(code)
    except KeyError:
        return ""
    w = next((i.weight for i in p.indicators if i.name == name), None)
    if w is None:
        return ""
    return (f"：同一比率计分两次，预算执行率 {fmt_score(p.execution_weight)} 分 + 本指标 {fmt_score(w)} 分 "
            f"= {fmt_score(p.execution_weight + w)} 分")


@check("R213", "成本指标为预算执行率", WARNING, "targets",
       "成本指标「{name}」（指标值「{text}」）{reason}，与一级指标「预算执行率」重复{weights}。"
       "成本指标宜反映投入成本，如「≤95.3万元」「≤3500元/亩」「≤5400元/人」。")
def execution_rate_as_cost(ctx: CheckedYear):
    """成本指标实为全年执行数 ÷ 全年预算数（名称含 预算执行率、预算完成率、资金执行率、支出进度 … 或计算口径为 预算执行率；词表见规则文件 `guardrails.execution_names`），与预算执行率重复计分。"""
    for code, rows in ctx.indicators.items():
        for ind in rows:
            reason = execution_cost_reason(ctx, code, ind)
            if reason is not None:
                yield hit(S.INDICATORS, ind["_row"], "三级指标", code, (("指标值", str(ind["指标值"])),),
                          name=ind["三级指标"], text=ind["指标值"], reason=reason,
                          weights=_weights(ctx, code, ind["三级指标"]))


@lru_cache(maxsize=1 << 14)
def _count_word(name: str, words: tuple[str, ...]) -> str | None:
    """The count word that heads a name (Chinese is head-final: the word ending last wins)."""
    best = None
    for w in words:
        for m in re.finditer(re.escape(w), name):
            key = (m.end(), len(w))
            if best is None or key > best[0]:
                best = (key, w)
    return None if best is None else best[1]


def count_word(name, g: Guardrails) -> str | None:
    return _count_word(_norm(name), tuple(w for w, _ in g.count_words))


def contradicts(word: str | None, unit: str | None, g: Guardrails) -> bool:
    """True when `unit` is one the rule file lists as contradicting the count word."""
    if word is None or not unit:
        return False
    u = normalize_unit(unit) or unit
    return any(u == (normalize_unit(x) or x) for x in g.contradicting_units(word))


@check("R214", "指标名称与单位不符", HINT, "targets",
       "指标「{name}」的名称是“{word}”，而指标值「{text}」以“{unit}”计：{advice}")
def name_unit_mismatch(ctx: CheckedYear):
    """指标名称中的计数词与指标值的单位矛盾（如「发放人次」写作 88人、「改造个数」写作 2次；词表见规则文件 `guardrails.count_words`）。"""
    g = guardrails(ctx)
    for code, rows in ctx.indicators.items():
        for ind in rows:
            t = ind["_t"]
            word = count_word(ind["三级指标"], g)
            if t.kind == "quantitative" and contradicts(word, t.unit, g):
                yield hit(S.INDICATORS, ind["_row"], "指标值", code, (("指标值", str(ind["指标值"])),),
                          name=ind["三级指标"], word=word, text=ind["指标值"], unit=t.unit,
                          advice=f"名称与单位所指不是同一个量。请改正名称，或按“{word}”计量并改写指标值。")


@check("A326", "计算口径与指标不符", HINT, "actuals",
       "指标「{name}」的名称是“{word}”，而计算口径「{formula}」得出的是“{unit}”（{meaning}）。"
       "请改用相符的计算口径{suggest}，或改正指标名称。")
def formula_contradicts_indicator(ctx: CheckedYear):
    """计算口径算出的量与指标名称中的计数词矛盾（如「发放人次」用 人数:类别 按不重复人数计算；人次 请用 人次:类别，即发放人·月数；词表见规则文件 `guardrails.count_words`）。"""
    g = guardrails(ctx)
    for code, rows in ctx.results.items():
        for r in rows:
            kind = formula_kind(r)
            unit = F.UNITS.get(kind) if kind else None
            if unit is None:
                continue
            word = count_word(r["三级指标"], g)
            if not contradicts(word, unit, g):
                continue  # (a 指标值 in 人次 with a 口径 in 人 cannot be scored: that is an input error)
            suggest = "（人次：人次:类别，每人每月发放一次计一人次）" if kind == F.PERSONS else ""
            yield hit(S.RESULTS, r["_row"], "计算口径", code, (("计算口径", str(r["计算口径"])),),
                      name=r["三级指标"], word=word, formula=r["计算口径"], unit=unit,
                      meaning=F.FORMS[kind].split(" — ", 1)[-1], suggest=suggest)


def _per_unit(unit) -> bool:
    return isinstance(unit, str) and "/" in unit


@check("A325", "成本达成而数量未完成", HINT, "scores",
       "成本指标「{name}」（指标值「{target}」，完成 {actual}）已达成，而数量指标{missed}未完成："
       "成本节约可能来自未完成的产出，而非成本控制。请在偏差原因中说明成本与未完成产出的关系。")
def cost_met_output_missed(ctx: CheckedYear):
    """总额型成本指标达成而同一项目的数量指标未完成：节约可能来自未完成的产出（单位成本如 元/亩 按实际产出计，不在此列；执行率型成本指标由 R213 报告）。"""
    g = guardrails(ctx)
    for p in ctx.scores.projects:
        missed = [i for i in p.indicators if _is_level(i.level2, g.quantity_levels) and i.status in NOT_MET]
        if not missed:
            continue
        names = "、".join(f"「{i.name}」（{i.target_text}，完成 {i.actual_text}）" for i in missed)
        for i in p.indicators:
            if not _is_level(i.level2, g.cost_levels) or i.status not in MET:
                continue
            ind = ctx.indicator.get((p.code, i.name))
            if ind is not None and execution_cost_reason(ctx, p.code, ind) is not None:
                continue
            if _per_unit(ind["_t"].unit if ind is not None else None) or _per_unit(i.derived and i.derived.unit):
                continue  # a unit cost (元/亩) is per delivered unit: undelivered output does not lower it
            yield hit(S.RESULTS, i.result_row, "实际完成值", p.code,
                      (("成本指标", f"{i.target_text} → {i.actual_text}"),
                       *((f"数量指标「{m.name}」", f"{m.target_text} → {m.actual_text}") for m in missed)),
                      name=i.name, target=i.target_text, actual=i.actual_text, missed=names)
