"""绩效运行监控 (docs/scoring.md §8): in-year warnings from the ledger and the 绩效监控 sheet.

Two things are watched for each project, as of the end of a month M:

- spending: cumulative 支出明细 ÷ 全年预算数 at the end of each quarter up to M, and at the
  end of M itself, against the planned cumulative percent of the 项目 sheet (within a
  quarter the plan is interpolated linearly between the quarter ends, from 0 % at the
  start of the year). progress ÷ plan below the rule's `red_below` (0.6) is red, below
  `yellow_below` (0.8) yellow, else green. A plan of 0 % at a point is green whatever the
  progress (nothing was due, so nothing can be late); a point without a plan, or a
  project with no budget, is not judged (colour None). The project's spending colour is
  that of the latest quarter end up to M (§8 sets the thresholds on quarter ends, and a
  quarterly plan says nothing about lumpy payments inside a quarter); the point at the
  end of M is shown for reference, and judges only when no quarter has ended yet.
- indicators: each 绩效监控 row with 截至月份 == M; its 全年预计完成值 is judged against
  the 指标值 as in §4. Green where the forecast meets the target; yellow where
  完成可能性 is 有可能 or the forecast misses by at most `forecast_miss` (20 %); red where
  完成可能性 is 完全不可能 or the forecast misses by more than that.

A project's colour is the worst of its spending colour and its indicators' colours. The red
and yellow items become the list of what must be corrected, each with its 偏差原因 and
纠偏措施 (or 未填写纠偏措施).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from jxreport.core import schema as S
from jxreport.io.model import Year
from jxreport.core.rounding import dec, fmt_pct, q2, yuan_to_wan
from jxreport.core.text import blank
from jxreport.grammar.targets import Actual, Target, compare_units, parse_actual, parse_target
from jxreport.grammar.units import is_count
from jxreport.core.exceptions import ParamsError
from jxreport.scoring.rates import ratio as divided
from jxreport.scoring.rules import load_rules

GREEN, YELLOW, RED = "绿", "黄", "红"
COLOURS = (GREEN, YELLOW, RED)  # best first
_RANK = {None: -1, GREEN: 0, YELLOW: 1, RED: 2}
LIKELY, POSSIBLE, IMPOSSIBLE = S.LIKELIHOOD  # 确定能 / 有可能 / 完全不可能
NO_MEASURES = "未填写纠偏措施"
NO_REASON = "未填写偏差原因"
QUARTER_END = (3, 6, 9, 12)


def worst(*colours: str | None) -> str | None:
    """The most severe colour (red > yellow > green); None when nothing was judged."""
    best = None
    for c in colours:
        if _RANK[c] > _RANK[best]:
            best = c
    return best


@dataclass(frozen=True)
class Thresholds:
    """§8's rule numbers; compared in Decimal so that exactly 60 % of plan is yellow, not red."""

    red_below: Decimal = Decimal("0.6")
    yellow_below: Decimal = Decimal("0.8")
    forecast_miss: Decimal = Decimal("0.2")

    def colour(self, ratio) -> str:
        r = dec(ratio)
        if r < dec(self.red_below):
            return RED
        if r < dec(self.yellow_below):
            return YELLOW
        return GREEN

    def forecast_colour(self, gap) -> str:
        """A missed forecast: red beyond `forecast_miss`, else yellow (an unknown gap is yellow)."""
        return RED if gap is not None and dec(gap) > dec(self.forecast_miss) else YELLOW


@dataclass(frozen=True)
class SpendingPoint:
    """Cumulative spending at the end of `month` against the plan for that date."""

    label: str  # 一季度末 / 7月末
    month: int
    spent_wan: Decimal  # cumulative 万元 to the end of the month (unrounded sum of the ledger)
    progress: float | None  # spent ÷ budget, fraction
    plan: float | None  # planned cumulative share, fraction
    ratio: float | None  # progress ÷ plan
    colour: str | None
    interpolated: bool = False  # the plan was interpolated inside a quarter
    note: str | None = None  # why a point is not judged, or how the plan was read


@dataclass(frozen=True)
class IndicatorForecast:
    """One 绩效监控 row judged against its target."""

    project: str
    name: str  # 三级指标
    level1: str | None
    level2: str | None
    target_text: str
    kind: str | None  # the target's kind (targets.KINDS); None when the indicator is unknown
    current_text: str
    forecast_text: str
    likelihood: str | None  # 完成可能性
    colour: str | None
    met: bool | None  # the forecast meets the target (None: cannot tell)
    gap: float | None  # relative shortfall of the forecast (0.25 = misses by 25 %); 0 when met;
    # 1 for a late date, a wrong yes/no or 未达成 (a complete miss)
    reason: str | None  # 偏差原因
    measures: str | None  # 纠偏措施
    note: str | None = None  # how it was judged, in Chinese
    row: int | None = None  # Excel row in 绩效监控

    @property
    def shown_gap(self) -> float | None:
        """The shortfall a reader sees: only a quantity misses by a percentage."""
        return self.gap if self.kind == "quantitative" else None


@dataclass(frozen=True)
class Correction:
    """A red or yellow item that must be corrected."""

    project: str
    item: str  # what is wrong, e.g. "支出进度 20.00%，低于计划 50.00%"
    colour: str
    reason: str
    measures: str


@dataclass(frozen=True)
class ProjectMonitoring:
    code: str
    name: str
    budget_wan: Decimal  # 全年预算数 as known at the end of the month
    plan: tuple[float | None, ...]  # 一季度 … 四季度, percent as in the 项目 sheet
    quarters: tuple[SpendingPoint, ...]  # quarter ends up to the month
    current: SpendingPoint  # the end of the month itself
    spending_colour: str | None
    indicators: tuple[IndicatorForecast, ...]
    indicator_colour: str | None
    colour: str | None  # worst of spending and indicators
    corrections: tuple[Correction, ...]
    spent_by_month: tuple[Decimal, ...]  # 万元 spent in months 1..month (not cumulative)

    @property
    def judged(self) -> SpendingPoint:
        """The point that sets the spending colour: the latest quarter end (or the month's end)."""
        return self.quarters[-1] if self.quarters else self.current

    @property
    def points(self) -> tuple[SpendingPoint, ...]:
        """The quarter ends, then the month's end when it is not itself a quarter end."""
        if self.quarters and self.quarters[-1].month == self.current.month:
            return self.quarters
        return self.quarters + (self.current,)


@dataclass(frozen=True)
class Monitoring:
    year: int
    month: int
    unit_name: str
    department: str | None
    rules: str
    thresholds: Thresholds
    projects: tuple[ProjectMonitoring, ...]
    rules_title: str | None = None  # e.g. 财政部 2020 自评规则（财预〔2020〕10号）

    def project(self, code: str) -> ProjectMonitoring:
        for p in self.projects:
            if p.code == code:
                return p
        raise KeyError(code)

    def counts(self) -> dict[str, int]:
        """Projects by colour: {"红": n, "黄": n, "绿": n, "未判断": n}."""
        out = {RED: 0, YELLOW: 0, GREEN: 0, "未判断": 0}
        for p in self.projects:
            out[p.colour or "未判断"] += 1
        return out

    @property
    def corrections(self) -> tuple[Correction, ...]:
        return tuple(c for p in self.projects for c in p.corrections)

    def summary(self) -> str:
        """A short deterministic line for the notebook's key figures."""
        c = self.counts()
        s = (f"截至{self.year}年{self.month}月末：项目 {len(self.projects)} 个，"
             f"红色预警 {c[RED]} 个，黄色预警 {c[YELLOW]} 个，绿色 {c[GREEN]} 个")
        if c["未判断"]:
            s += f"，未判断 {c['未判断']} 个"
        return s + f"；需纠偏事项 {len(self.corrections)} 项。"


# --------------------------------------------------------------------------- helpers

def thresholds(rules) -> Thresholds:
    """The §8 thresholds of a Rules object (or the defaults when rules is None)."""
    if rules is None:
        return Thresholds()
    return Thresholds(dec(rules.monitoring_red_below), dec(rules.monitoring_yellow_below),
                      dec(rules.monitoring_forecast_miss))


def _text(v) -> str:
    if blank(v):
        return ""
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _opt(v) -> str | None:
    t = _text(v).strip()
    return t or None


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return nxt - dt.timedelta(days=1)


def months_available(year: Year) -> list[int]:
    """The distinct 截至月份 of the 绩效监控 sheet, ascending (empty when there is none)."""
    col = year.monitoring["截至月份"] if "截至月份" in year.monitoring else []
    return sorted({int(m) for m in col if not blank(m)})


def plan_at(plan: tuple[float | None, ...], month: int) -> tuple[float | None, bool]:
    """The planned cumulative percent at the end of `month`: (percent, interpolated).

    Quarter ends take the 项目 sheet's figure; months inside a quarter lie on the straight
    line from the previous quarter end (0 % at the start of the year) to the next one.
    None when a needed quarter is not planned.
    """
    q, within = divmod(month, 3)
    if within == 0:
        return plan[q - 1], False
    before = 0.0 if q == 0 else plan[q - 1]
    after = plan[q]
    if before is None or after is None:
        return None, True
    return before + (after - before) * within / 3, True


def spending_point(label: str, month: int, spent_wan: Decimal, budget_wan: Decimal, plan_pct: float | None,
                   th: Thresholds, interpolated: bool = False) -> SpendingPoint:
    """Judge one point: progress ÷ plan → red / yellow / green (a 0 % plan is green)."""
    note = None
    budget = dec(budget_wan)
    progress = divided(spent_wan, budget) if budget > 0 else None
    plan = None if plan_pct is None else dec(plan_pct) / 100
    ratio = colour = None
    if progress is None:
        note = "预算为 0，无法计算"
    elif plan is None:
        note = "未填写季度计划"
    elif plan <= 0:
        colour = GREEN
        note = "计划为 0%，不判滞后"
    else:
        ratio = progress / plan
        colour = th.colour(ratio)
    if interpolated and note is None:
        note = "插值计划，仅供参考"
    as_float = (lambda x: None if x is None else float(x))
    return SpendingPoint(label, month, dec(spent_wan), as_float(progress), as_float(plan), as_float(ratio),
                         colour, interpolated, note)


# --------------------------------------------------------------------------- indicators

def _effective(t: Target) -> tuple[str | None, float | None]:
    """A strict operator on a count becomes inclusive (低于1次 → ≤ 0); on a rate it stays strict."""
    op, v = t.op, t.value
    if op in ("<", ">") and isinstance(v, (int, float)) and t.unit and is_count(t.unit):
        return ("<=", v - 1) if op == "<" else (">=", v + 1)
    return op, v


def judge_forecast(t: Target, a: Actual) -> tuple[bool | None, float | None, str | None]:
    """(met, gap, note): does the forecast reach the target, and by how much does it miss?

    gap is the relative shortfall in the target's direction (0 when met); a target of 0 that
    the forecast exceeds, a late date and a wrong yes/no count as a complete miss (gap 1).
    """
    if a.kind == "qualitative" and a.grade is not None:
        return {"full": (True, 0.0, None), "partial": (False, None, "预计部分达成"),
                "none": (False, 1.0, "预计未达成")}[a.grade]
    pair = compare_units(t, a)
    if pair is None:
        if t.kind == "qualitative":
            return None, None, "定性指标，按完成可能性判断"
        if blank(a.text):
            return None, None, "未填写全年预计完成值"
        return None, None, "预计值与指标值单位不一致或无法读取，按完成可能性判断"
    tv, av = pair
    if t.kind in ("deadline", "boolean"):
        ok = av <= tv if t.kind == "deadline" else av == tv
        return ok, (0.0 if ok else 1.0), (None if ok else ("预计逾期完成" if t.kind == "deadline" else "预计不能实现"))
    op, target = _effective(t)
    target, av = dec(target), dec(av)  # Decimal: a miss of exactly 20 % stays yellow
    one, zero = Decimal(1), Decimal(0)
    if op in (">=", ">", None):
        met = av >= target if op != ">" else av > target
        gap = zero if met else ((target - av) / abs(target) if target else one)
    elif op in ("<=", "<"):
        met = av <= target if op == "<=" else av < target
        if met:
            gap = zero
        elif target == 0:
            gap = one
        else:  # a strict < met exactly misses by 0 %: yellow, not red
            gap = max((av - target) / abs(target), zero)
    else:  # "="
        met = av == target
        gap = zero if met else (abs(av - target) / abs(target) if target else one)
    return met, float(gap), None


def _indicator(row, ind_row, year_no: int, th: Thresholds) -> IndicatorForecast:
    code, name = row["项目编码"], row["三级指标"]
    likelihood = _opt(row["完成可能性"])
    forecast_raw = row["全年预计完成值"]
    level1 = level2 = None
    target_text = ""
    kind = None
    note = None
    met = gap = None
    if ind_row is None:
        note = "「绩效指标」表中没有该指标，按完成可能性判断"
    else:
        level1, level2 = ind_row["一级指标"], ind_row["二级指标"]
        target_text = _text(ind_row["指标值"])
        t = parse_target(ind_row["指标值"], level2, year_no, ind_row["指标性质"])
        kind = t.kind
        if blank(forecast_raw):
            note = "未填写全年预计完成值，按完成可能性判断"
        else:
            a = parse_actual(forecast_raw, year_no, target=t)
            met, gap, note = judge_forecast(t, a)
    by_forecast = None
    if met is True:
        by_forecast = GREEN
    elif met is False:  # a miss of unknown size (预计部分达成) is yellow
        by_forecast = th.forecast_colour(gap)
    by_likelihood = {LIKELY: GREEN, POSSIBLE: YELLOW, IMPOSSIBLE: RED}.get(likelihood)
    colour = worst(by_forecast, by_likelihood)
    if colour is None:
        note = note or "未填写全年预计完成值和完成可能性"
    return IndicatorForecast(
        project=code, name=name, level1=level1, level2=level2, target_text=target_text, kind=kind,
        current_text=_text(row["当前完成值"]), forecast_text=_text(forecast_raw), likelihood=likelihood,
        colour=colour, met=met, gap=gap, reason=_opt(row["偏差原因"]), measures=_opt(row["纠偏措施"]),
        note=note, row=int(row["_row"]) if "_row" in row and not blank(row["_row"]) else None)


def _indicator_item(i: IndicatorForecast) -> str:
    bits = [f"指标「{i.name}」"]
    if i.forecast_text:
        bits.append(f"全年预计 {i.forecast_text}（指标值 {i.target_text or '—'}）")
    if i.shown_gap:
        bits.append(f"预计偏差 {fmt_pct(i.shown_gap)}")
    if i.likelihood:
        bits.append(f"完成可能性：{i.likelihood}")
    return "，".join(bits)


# --------------------------------------------------------------------------- monitor

def _budget_as_of(year: Year, code: str, end: dt.date) -> Decimal:
    """年初预算数 + the 预算调整 made by `end` (undated ones count): the budget known then."""
    total = dec(year.project(code)["年初预算数"])
    for _, r in year.of("adjustments", code).iterrows():
        when = r["调整日期"]
        if blank(when) or when <= end:
            total += dec(r["调整金额"])
    return total


def _monthly_spending(year: Year, code: str, upto: int) -> list[Decimal]:
    months = [Decimal(0)] * 12
    for d, amount in zip(year.of("payments", code)["支付日期"], year.of("payments", code)["金额"]):
        if isinstance(d, dt.date) and not blank(amount):
            months[d.month - 1] += yuan_to_wan(amount)
    return months[:upto]


def monitor_project(year: Year, code: str, month: int, th: Thresholds) -> ProjectMonitoring:
    prow = year.project(code)
    end = _month_end(year.year, month)
    budget = _budget_as_of(year, code, end)
    plan = tuple(None if blank(prow[q]) else float(prow[q]) for q in S.QUARTERS)
    monthly = _monthly_spending(year, code, month)
    cum, running = [], Decimal(0)
    for m in monthly:
        running += m
        cum.append(running)
    quarters = tuple(spending_point(f"{S.QUARTERS[k]}末", qm, cum[qm - 1], budget, plan[k], th)
                     for k, qm in enumerate(QUARTER_END) if qm <= month)
    pct, interp = plan_at(plan, month)
    current = spending_point(f"{month}月末", month, cum[month - 1], budget, pct, th, interpolated=interp)
    # The warning follows §8: the latest quarter end (cumulative, so it carries the history).
    # The month's own point, against an interpolated plan, is shown for reference only;
    # before the first quarter end it is all there is.
    judged = quarters[-1] if quarters else current
    spending_colour = judged.colour  # = ProjectMonitoring.judged

    ind_by_name = {r["三级指标"]: r for _, r in year.of("indicators", code).iterrows()}
    rows = year.of("monitoring", code)
    rows = rows[rows["截至月份"].map(lambda m: not blank(m) and int(m) == month)]
    indicators = tuple(_indicator(r, ind_by_name.get(r["三级指标"]), year.year, th) for _, r in rows.iterrows())
    indicator_colour = worst(*(i.colour for i in indicators))

    corrections = []
    if spending_colour in (RED, YELLOW):
        corrections.append(Correction(
            code, f"{judged.label}支出进度 {fmt_pct(judged.progress)}，为计划进度 {fmt_pct(judged.plan)} 的 "
                  f"{fmt_pct(judged.ratio)}", spending_colour, NO_REASON, NO_MEASURES))
    for i in indicators:
        if i.colour in (RED, YELLOW):
            corrections.append(Correction(code, _indicator_item(i), i.colour, i.reason or NO_REASON,
                                          i.measures or NO_MEASURES))
    return ProjectMonitoring(
        code=code, name=str(prow["项目名称"]), budget_wan=q2(budget), plan=plan, quarters=quarters,
        current=current, spending_colour=spending_colour, indicators=indicators,
        indicator_colour=indicator_colour, colour=worst(spending_colour, indicator_colour),
        corrections=tuple(corrections), spent_by_month=tuple(monthly))


def monitor(year: Year, rules, month: int) -> Monitoring:
    """The monitoring snapshot at the end of `month` (1–12); `rules` is a Rules or a rule-set name."""
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        raise ParamsError(f"监控截至月份应为 1–12 的整数，读到「{month}」。")
    if rules is None or isinstance(rules, (str, bytes)) or hasattr(rules, "__fspath__"):
        rules = load_rules(rules)
    th = thresholds(rules)
    projects = tuple(monitor_project(year, code, month, th) for code in year.project_codes)
    return Monitoring(year=year.year, month=month, unit_name=year.unit_name, department=year.department,
                      rules=getattr(rules, "name", str(rules)), thresholds=th, projects=projects,
                      rules_title=getattr(rules, "title", None))


__all__ = ["COLOURS", "GREEN", "RED", "YELLOW", "Correction", "IndicatorForecast", "Monitoring",
           "ProjectMonitoring", "SpendingPoint", "Thresholds", "judge_forecast", "monitor",
           "months_available", "plan_at", "spending_point", "thresholds", "worst"]
