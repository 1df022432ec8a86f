"""scores.json: a year's scores for machines (docs/outputs.md), in one plain-data mapping.

Scores and 万元 amounts are the printed figures (the rounded Decimals as floats), rates
are unrounded fractions, so a consumer can both reprint the report's numbers and redo
its arithmetic. The keys documented in docs/outputs.md come first and keep their meaning; a few more
(the rule score beside an override, each indicator's status, the department block)
are added for auditors.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from jxreport.core.rounding import q2
from jxreport.scoring.costs import CostLine, Figure, ProjectCosts, YearCosts
from jxreport.scoring.results import AreaScore, IndicatorScore, ProjectScore, YearScore


def _num(x: Decimal | None) -> float | None:
    return None if x is None else float(x)


def _indicator(i: IndicatorScore) -> dict:
    return {
        "level1": i.level1, "level2": i.level2, "name": i.name,
        "target": i.target_text, "actual": i.actual_text,
        "weight": _num(i.weight), "score": _num(i.score),
        "kind": i.kind, "op": i.op, "overridden": i.overridden,
        "rule_score": _num(i.rule_score), "status": i.status, "completion": i.completion,
        "derivation": i.derived.derivation if i.derived is not None else None,
    }


def _money(x: Decimal | None) -> str | None:
    """Money as a string with 2 decimals (costs.md): exact, no float in between."""
    return None if x is None else f"{q2(x):.2f}"


def _figure(f: Figure | None) -> dict | None:
    return None if f is None else {"value": _money(f.value), "unit": f.unit, "derivation": f.derivation}


def _cost_line(ln: CostLine) -> dict:
    return {
        "line": ln.line, "budget": _money(ln.budget_wan), "spent": _money(ln.spent), "source": ln.source,
        "share_pct": _money(ln.share_pct), "rate_pct": _money(ln.rate_pct),
        "standard": _figure(ln.standard), "actual": _figure(ln.actual),
        "reason": ln.reason if ln.actual is None else None,
        "basis": None if ln.persons is None else {
            "categories": list(ln.categories), "persons": ln.persons, "person_months": ln.person_months,
            "months": ln.months, "amount": _money(ln.amount),
            "planned_persons": None if ln.planned_persons is None else float(ln.planned_persons),
            "planned_months": None if ln.planned_months is None else float(ln.planned_months)},
        "quantity": ln.quantity,
        "deviation_pct": _money(ln.deviation_pct),
        "previous": _figure(ln.previous), "yoy_pct": _money(ln.yoy_pct),
        "derivation": ln.actual.derivation if ln.actual is not None else None,
    }


def costs_dict(pc: ProjectCosts | None) -> dict | None:
    """projects[].costs: every 测算明细 line (and 未列明细) with its unit cost (docs/outputs.md)."""
    if pc is None:
        return None
    return {"lines": [_cost_line(ln) for ln in pc.lines], "spent": _money(pc.spent), "unlinked": _money(pc.unlinked)}


def _project(p: ProjectScore, costs: YearCosts | None = None) -> dict:
    return {
        "code": p.code, "name": p.name,
        "budget_initial_wan": _num(p.budget_initial_wan), "budget_full_year_wan": _num(p.budget_full_year_wan),
        "spent_wan": _num(p.spent_wan), "execution_rate": p.execution_rate,
        "execution_weight": _num(p.execution_weight), "execution_score": _num(p.execution_score),
        "score": _num(p.score), "grade": p.grade,
        "indicators": [_indicator(i) for i in p.indicators],
        "satisfaction": None if p.satisfaction is None else {
            "n": p.satisfaction.n, "rate": p.satisfaction.rate, "low": p.satisfaction.low,
            "high": p.satisfaction.high, "method": p.satisfaction.method,
            "small_sample": p.satisfaction.small_sample},
        "notes": list(p.notes),
        "warnings": [str(w) for w in p.warnings],
        "costs": costs_dict(costs.of(p.code)) if costs is not None else None,
    }


def _area(a: AreaScore) -> dict:
    return {"area": a.area, "goal": a.goal, "weight": _num(a.weight), "score": _num(a.score),
            "indicators": [_indicator(i) for i in a.indicators]}


def to_dict(ys: YearScore, costs: YearCosts | None = None) -> dict:
    """The scores.json mapping of a scored year; `costs` (scoring.costs) fills projects[].costs."""
    d = ys.department
    return {
        "year": ys.year,
        "department": ys.unit_name,
        "rules": ys.rules,
        "department_score": _num(d.score),
        "department_grade": d.grade,
        "projects": [_project(p, costs) for p in ys.projects],
        "department_detail": {
            "name": ys.unit_name, "supervisor": ys.department_name,
            "budget_wan": _num(d.budget_wan), "spent_wan": _num(d.spent_wan), "execution_rate": d.execution_rate,
            "execution_weight": _num(d.execution_weight), "execution_score": _num(d.execution_score),
            "areas": [_area(a) for a in d.areas],
            "areas_score": _num(sum((a.score for a in d.scored_areas), Decimal(0))),
            "score": _num(d.score), "grade": d.grade,
            "weighted_project_score": _num(d.weighted_project_score),
        },
        "warnings": [str(w) for w in ys.warnings],
    }


def write(ys: YearScore, path, costs: YearCosts | None = None) -> Path:
    """Write scores.json (UTF-8, Chinese kept as is, indented)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(to_dict(ys, costs), ensure_ascii=False, indent=2)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(path)  # never leave a half-written file over a good one
    return path
