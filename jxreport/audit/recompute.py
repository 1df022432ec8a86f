"""Recompute a published 自评表 and list where its printed figures disagree (docs/audit.md).

Every figure is compared as printed (Decimal, half-up to 0.01 as scoring.md §5); directions
and units come from the scoring grammar (parse_target / parse_actual / judge), so a table is
held to the same rules as our own scoring. What cannot be compared is said to be unchecked
(`unreadable_value`), never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from jxreport.audit.reader import Indicator, Number, Table, address, label
from jxreport.core.rounding import q, q2
from jxreport.grammar.targets import parse_actual, parse_target
from jxreport.scoring.rules import Rules
from jxreport.scoring.scorer import ScoreError, judge

ERROR, WARNING, HINT = "错误", "警告", "提示"
LEVEL_ORDER = {ERROR: 0, WARNING: 1, HINT: 2}
KINDS = {
    "execution_score": ERROR, "execution_rate": ERROR, "execution_exceeds_budget": WARNING,
    "funds_rows_sum": ERROR, "weights_sum": ERROR, "score_exceeds_weight": ERROR, "total_sum": ERROR,
    "met_but_not_full_score": ERROR, "not_met_but_full_score": WARNING, "score_off_rule": HINT,
    "missing_deviation_reason": WARNING, "grade_vs_total": ERROR, "actual_copies_target": HINT,
    "unreadable_value": HINT,
}
OFF_RULE = Decimal("0.5")  # docs/audit.md: score_off_rule beyond 0.5 points
ONE = Decimal(1)
_FUND_COLS = {"budget_initial": "年初预算数", "budget": "全年预算数", "executed": "全年执行数"}


@dataclass
class Finding:
    kind: str
    cell: str | None
    indicator: str | None
    published: object
    expected: object
    message: str
    level: str = ""

    def __post_init__(self):
        self.level = self.level or KINDS[self.kind]

    def to_dict(self) -> dict:
        return {"kind": self.kind, "level": self.level, "cell": self.cell, "indicator": self.indicator,
                "published": _json(self.published), "expected": _json(self.expected), "message": self.message}


@dataclass
class Audit:
    table: Table
    file: str
    rate: Decimal | None = None
    execution_score: Decimal | None = None
    total: Decimal | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.level == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.level == WARNING for f in self.findings)

    def to_dict(self) -> dict:
        t = self.table
        v = lambda n: None if n is None else float(n.value)  # noqa: E731
        return {
            "file": self.file, "sheet": t.sheet, "range": t.range, "project": t.project,
            "money_unit": t.money_unit,
            "published": {"budget_initial": v(t.budget_initial), "budget": v(t.budget), "executed": v(t.executed),
                          "execution_rate": t.execution_rate_text, "execution_score": v(t.execution_score),
                          "total": v(t.total_score), "grade": t.grade},
            "recomputed": {"execution_rate": None if self.rate is None else f"{q(self.rate, 6):f}",
                           "execution_score": _json(self.execution_score), "total": _json(self.total)},
            "findings": [f.to_dict() for f in self.findings],
        }


def _json(x):
    if isinstance(x, Decimal):
        return float(x)
    if isinstance(x, Number):
        return float(x.value)
    return x


def _fmt(d: Decimal | None) -> str:
    return "—" if d is None else f"{q2(d):f}"


def _amount(n: Number | None) -> Decimal | None:
    return None if n is None else n.value


def audit_table(t: Table, rules: Rules, file: str = "") -> Audit:
    """All the findings of one table, 错误 first."""
    a = Audit(t, file)
    out = a.findings
    _funds(t, rules, a, out)
    _indicators(t, rules, out)
    _totals(t, rules, a, out)
    out.sort(key=lambda f: LEVEL_ORDER[f.level])
    return a


# --------------------------------------------------------------------------- funds

def _part_sum(t: Table, col: str) -> Decimal | None:
    vals = [p[col][0] for p in t.parts if col in p and p[col][0] is not None]
    return sum((n.value for n in vals), Decimal(0)) if vals else None


def _funds(t: Table, rules: Rules, a: Audit, out: list) -> None:
    unit = t.money_unit or ""
    amounts = {}
    for col, name in _FUND_COLS.items():
        total = _amount(getattr(t, col))
        parts = _part_sum(t, col)
        amounts[col] = total
        if parts is None:
            continue
        if q2(total or 0) != q2(parts):
            cell = address(t.funds_cells.get(col))
            blank = "为空" if total is None else ("为 0" if total == 0 else f"为 {_fmt(total)}")
            out.append(Finding("funds_rows_sum", cell, None, total, q2(parts),
                               f"年度资金总额的{name}{blank}{unit}，而其中各行合计 {_fmt(parts)}{unit}；请核对总额行。"))
            if not total:  # a 总额 row of zeros beside filled 其中 rows: the parts are the figures
                amounts[col] = parts
    den_col = "budget" if rules.execution_denominator == "全年预算数" else "budget_initial"
    den, spent = amounts[den_col], amounts["executed"]
    w = _amount(t.execution_weight)
    if spent is not None and amounts["budget"] and spent > amounts["budget"]:
        out.append(Finding("execution_exceeds_budget", address(t.funds_cells.get("executed")), None,
                           spent, amounts["budget"],
                           f"全年执行数 {_fmt(spent)}{unit} 超过全年预算数 {_fmt(amounts['budget'])}{unit}。"))
    if not den or spent is None:
        missing = _FUND_COLS[den_col] if not den else "全年执行数"
        out.append(Finding("unreadable_value", address(t.funds_cells.get("execution_score")), None, None, None,
                           f"{missing}缺失或为 0，执行率与执行率得分未核对。"))
        return
    rate = spent / den
    a.rate = rate
    capped = min(rate, ONE)
    pr = t.execution_rate
    if pr is not None:
        places = min(pr.places, 6)
        shown = pr.value if pr.percent or pr.value <= Decimal("1.5") else pr.value / 100
        if not pr.percent and pr.value > Decimal("1.5"):
            places = pr.places + 2
        lo, hi = _rate_range(t, spent, den)
        half = Decimal(1).scaleb(-places) / 2
        ok = (lo - half <= shown <= hi + half) or (hi >= ONE and shown == ONE)  # printed as 100% when over
        ok = ok or _trunc(rate, places) == shown
        if not ok:
            out.append(Finding("execution_rate", address(t.funds_cells.get("execution_rate")), None,
                               t.execution_rate_text, f"{q(rate * 100, 2):f}%",
                               f"执行率印为 {t.execution_rate_text}，按 全年执行数 ÷ {_FUND_COLS[den_col]} = "
                               f"{_fmt(spent)} ÷ {_fmt(den)} 应为 {q(rate * 100, 2):f}%。"))
    if w is None:
        out.append(Finding("unreadable_value", address(t.funds_cells.get("execution_score")), None, None, None,
                           "执行率的分值未在表中写明，执行率得分未核对。"))
        return
    expected = q2(capped * w)
    a.execution_score = expected
    lo, hi = _rate_range(t, spent, den)
    allowed = (q2(min(lo, ONE) * w), q2(min(hi, ONE) * w))
    ps = t.execution_score
    if ps is None:
        out.append(Finding("unreadable_value", address(t.funds_cells.get("execution_score")), None, None, expected,
                           f"执行率得分为空或不是数字，按规则应为 {_fmt(expected)}。"))
    elif not allowed[0] <= q2(ps.value) <= allowed[1]:
        out.append(Finding("execution_score", address(t.funds_cells.get("execution_score")), None, ps.value, expected,
                           f"执行率得分印为 {_fmt(ps.value)}，按 min({_fmt(spent)} ÷ {_fmt(den)}, 1) × {_fmt(w)} "
                           f"应为 {_fmt(expected)}（四舍五入到 0.01）。"))
    if ps is not None and (ps.value > w or ps.value < 0):
        out.append(Finding("score_exceeds_weight", address(t.funds_cells.get("execution_score")), "预算执行率",
                           ps.value, w, f"执行率得分 {_fmt(ps.value)} 超出 0 至分值 {_fmt(w)} 的范围。"))


def _rate_range(t: Table, spent: Decimal, den: Decimal) -> tuple[Decimal, Decimal]:
    """The rates the printed amounts allow: each amount is exact only to its printed decimals.

    Our own form prints amounts in 万元 to 0.01 but computes the rate from 元, so 94.98 ÷ 95.30
    may honestly print as 99.67%; a rate or score inside this range is not an error.
    """
    def half(n: Number | None) -> Decimal:
        return Decimal(0) if n is None or isinstance(n.value, type(None)) else Decimal(1).scaleb(-n.places) / 2

    es, ed = half(t.executed), half(t.budget if den == _amount(t.budget) else t.budget_initial)
    lo = (spent - es) / (den + ed) if den + ed > 0 else spent / den
    hi = (spent + es) / (den - ed) if den - ed > 0 else spent / den
    return lo, hi


def _trunc(x: Decimal, places: int) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


# --------------------------------------------------------------------------- indicators

def _indicators(t: Table, rules: Rules, out: list) -> None:
    no_weights = bool(t.indicators) and all(i.weight is None for i in t.indicators)
    if no_weights:  # a layout without a 分值 column: one finding, not one per row
        out.append(Finding("unreadable_value", None, None, None, None,
                           "表中各指标均未列分值，指标得分是否合规未核对（只核对总分与各得分之和）。"))
    for i in t.indicators:
        _indicator(i, rules, out, t.year, skip_weightless=no_weights)
    comparable = [i for i in t.indicators if i.target and i.actual is not None and str(i.actual).strip()]
    if len(comparable) >= 2 and len(comparable) == len(t.indicators) and all(
            _same(i.target, i.actual) for i in comparable):
        out.append(Finding("actual_copies_target", address(comparable[0].cells.get("actual")), None, None, None,
                           f"全部 {len(comparable)} 个指标的实际完成值与年度指标值一字不差，表格可能未如实填写。"))


def _same(a, b) -> bool:
    return label(a) == label(b)


def _indicator(i: Indicator, rules: Rules, out: list, year: int | None = None,
               skip_weightless: bool = False) -> None:
    w, s = (i.weight.value if i.weight else None), (i.score.value if i.score else None)
    cell = lambda k: address(i.cells.get(k))  # noqa: E731
    if s is not None and ((w is not None and s > w) or s < 0):
        out.append(Finding("score_exceeds_weight", cell("score"), i.name, s, w,
                           f"「{i.name}」得分 {_fmt(s)} 超出 0 至分值 {_fmt(w)} 的范围。"))
    t = parse_target(i.target, i.level2, year, i.nature)
    if t.kind == "qualitative" and "unparsed" in t.flags and "blank" in t.flags:
        out.append(Finding("unreadable_value", cell("target"), i.name, None, None,
                           f"「{i.name}」未填年度指标值，未核对。"))
        return
    a = parse_actual(i.actual, year, t)
    if "op-from-level2" in t.flags and t.op == "<=":
        out.append(Finding("unreadable_value", cell("target"), i.name, i.target, None,
                           f"「{i.name}」的年度指标值「{i.target}」未写明方向（≥ 或 ≤），成本指标下无法判断高好还是低好，未核对。"))
        return
    if w is None and skip_weightless:
        return
    if w is None or s is None:
        what = "分值" if w is None else "得分"
        out.append(Finding("unreadable_value", cell("weight" if w is None else "score"), i.name, None, None,
                           f"「{i.name}」的{what}缺失或不是数字，得分未核对。"))
        return
    try:
        v = judge(t, a, w, rules)
    except ScoreError as exc:
        out.append(Finding("unreadable_value", cell("actual"), i.name, str(i.actual) if i.actual is not None else None,
                           None, f"「{i.name}」无法比较（{exc.message}），未核对。"))
        return
    if t.kind == "qualitative" and a.grade is None:
        out.append(Finding("unreadable_value", cell("actual"), i.name, str(i.actual), None,
                           f"「{i.name}」年度指标值「{i.target}」为定性表述，实际完成值「{i.actual}」未写明达成程度，未核对。"))
        return
    met = v.status in ("met", "over") if t.kind != "qualitative" else a.grade == "full"
    lost = s < w
    if met and lost and t.kind != "qualitative":
        out.append(Finding("met_but_not_full_score", cell("score"), i.name, s, w,
                           f"「{i.name}」实际完成值「{i.actual}」已达到年度指标值「{i.target}」，"
                           f"得分 {_fmt(s)} 却低于分值 {_fmt(w)}。"))
    if not met and t.kind == "quantitative":
        if s == w and w > 0:
            out.append(Finding("not_met_but_full_score", cell("score"), i.name, s, v.score,
                               f"「{i.name}」实际完成值「{i.actual}」未达到年度指标值「{i.target}」，却得满分 {_fmt(w)}"
                               f"（按规则为 {_fmt(v.score)}）。"))
        elif abs(s - v.score) > OFF_RULE:
            out.append(Finding("score_off_rule", cell("score"), i.name, s, v.score,
                               f"「{i.name}」部分完成，得分 {_fmt(s)} 与按比例计算的 {_fmt(v.score)} 相差超过 {OFF_RULE} 分"
                               f"（各地做法不一，仅供参考）。"))
    if (lost or not met) and i.has_reason_column and not (i.reason and i.reason not in ("/", "无", "-", "—")):
        out.append(Finding("missing_deviation_reason", cell("reason") or cell("score"), i.name, None, None,
                           f"「{i.name}」" + ("扣分" if lost else "未达到年度指标值") + "，但未填写偏差原因分析及改进措施。"))


# --------------------------------------------------------------------------- totals

def _totals(t: Table, rules: Rules, a: Audit, out: list) -> None:
    ew = _amount(t.execution_weight)
    weights = [i.weight.value for i in t.indicators if i.weight is not None]
    total_w = t.total_weight.value if t.total_weight is not None else Decimal(100)
    wcell = address(t.total_cells.get("weight") or t.total_cells.get("score"))
    if ew is not None and t.indicators and len(weights) == len(t.indicators):
        s = ew + sum(weights, Decimal(0))
        if q2(s) != q2(total_w) or q2(s) != 100:
            out.append(Finding("weights_sum", wcell, None, total_w, q2(s),
                               f"执行率分值 {_fmt(ew)} 加各指标分值，合计 {_fmt(s)}，应等于总分的分值 {_fmt(total_w)}，且为 100。"))
    elif ew is not None and t.block_weights:
        s = ew + sum((b for _, b in t.block_weights), Decimal(0))
        if q2(s) != q2(total_w) or q2(s) != 100:
            out.append(Finding("weights_sum", wcell, None, total_w, q2(s),
                               f"执行率分值 {_fmt(ew)} 与各目标块分值（{'、'.join(x for x, _ in t.block_weights)}）"
                               f"合计 {_fmt(s)}，应等于总分的分值 {_fmt(total_w)}，且为 100。"))
    scores = [i.score.value for i in t.indicators if i.score is not None]
    printed = (t.execution_score.value if t.execution_score else Decimal(0)) + sum(scores, Decimal(0))
    if a.execution_score is not None:
        a.total = q2(a.execution_score + sum(scores, Decimal(0)))
    if t.total_score is None:
        if t.indicators:
            out.append(Finding("unreadable_value", None, None, None, q2(printed), "未找到总分行的得分，总分未核对。"))
    elif q2(t.total_score.value) != q2(printed):
        out.append(Finding("total_sum", address(t.total_cells.get("score")), None, t.total_score.value, q2(printed),
                           f"总分印为 {_fmt(t.total_score.value)}，而执行率得分与各指标得分合计 {_fmt(printed)}。"))
    if t.grade:
        basis = t.total_score.value if t.total_score is not None else a.total
        if basis is not None:
            g = rules.grade(basis)
            if g != t.grade:
                out.append(Finding("grade_vs_total", address(t.grade_cell), None, t.grade, g,
                                   f"自评等级印为「{t.grade}」，总分 {_fmt(basis)} 按规则（{rules.name}）应为「{g}」。"))
