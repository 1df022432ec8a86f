"""What scoring produces: immutable records that reports, the Excel form and scores.json read.

Scores and 万元 amounts are Decimals already rounded half up to 2 places (as printed);
rates are unrounded fractions. Every record keeps the Excel rows it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jxreport.core.problems import Problem


@dataclass(frozen=True)
class Satisfaction:
    """A satisfaction rate from 满意度调查 with its 95 % Wilson interval."""

    n: int
    satisfied: int
    rate: float  # fraction
    low: float  # Wilson 95 % lower bound, fraction
    high: float
    counts: tuple[tuple[str, int], ...] = ()  # level -> responses, in SATISFACTION_LEVELS order
    group: str | None = None  # 调查对象, when one group only
    method: str = "share"  # "share" (levels counted) or "weighted" (100/80/60/30/0)
    small_sample: bool = False  # n < the rule's minimum (30)


@dataclass(frozen=True)
class Derived:
    """A value computed from the records by a 计算口径, with the arithmetic a reader can redo."""

    formula: str  # the 计算口径 as written
    value: float
    unit: str | None
    derivation: str  # e.g. "712,800.00 元 ÷ 132 人 = 5,400.00 元/人"
    inputs: tuple[tuple[str, str], ...] = ()  # name -> printed figure
    satisfaction: Satisfaction | None = None


@dataclass(frozen=True)
class IndicatorScore:
    project: str
    level1: str
    level2: str
    name: str
    target_text: str
    actual_text: str  # as printed in the report (derived values formatted with their unit)
    kind: str  # Target.kind
    op: str | None  # ">=", "<=", ">", "<", "=", or None
    weight: Decimal
    score: Decimal  # the score used (override where given)
    rule_score: Decimal  # what the rules give
    overridden: bool = False
    completion: float | None = None  # B ÷ A in the target's direction (1.0 = met), for charts
    status: str = "met"  # "met", "missed", "over" (≥130 % of target), "partial", "late", "unknown",
    # "scaled" (DepartmentScore.projects_area: points in proportion to the weighted project score)
    description: str | None = None  # 指标描述
    basis: str | None = None  # 指标值确定依据
    derived: Derived | None = None
    deviation_reason: str | None = None  # 偏差原因
    improvement: str | None = None  # 改进措施
    evidence: str | None = None  # 佐证材料
    indicator_row: int | None = None  # Excel row in 绩效指标
    result_row: int | None = None  # Excel row in 指标完成


@dataclass(frozen=True)
class ProjectScore:
    code: str
    name: str
    budget_initial_wan: Decimal
    budget_full_year_wan: Decimal
    spent_wan: Decimal
    execution_rate: float  # fraction, unrounded
    execution_weight: Decimal
    execution_score: Decimal
    indicators: tuple[IndicatorScore, ...]
    score: Decimal  # Σ rounded indicator scores + execution score
    grade: str
    warnings: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()  # e.g. how a missing first-level weight was shared out
    satisfaction: Satisfaction | None = None
    funds: tuple[tuple[str, Decimal | None], ...] = ()  # 本级资金 / 上级转移支付 / 其他资金 (万元)
    spent_by_month: tuple[Decimal, ...] = ()  # 万元 spent in each month 1..12 (not cumulative)
    row: int | None = None  # Excel row in 项目


@dataclass(frozen=True)
class AreaScore:
    """One 工作领域 of the department-wide goals."""

    area: str
    goal: str | None
    weight: Decimal
    indicators: tuple[IndicatorScore, ...]  # project = "" for department indicators
    score: Decimal


@dataclass(frozen=True)
class DepartmentScore:
    budget_wan: Decimal  # Σ 全年预算数
    spent_wan: Decimal
    execution_rate: float
    execution_weight: Decimal
    execution_score: Decimal
    areas: tuple[AreaScore, ...]
    score: Decimal
    grade: str
    weighted_project_score: Decimal | None  # budget-weighted mean of the project scores
    # Without 部门指标 the areas' points follow the weighted project score (docs/scoring.md §7):
    # that part as one area, so every table that lists the areas adds up to `score`.
    projects_area: AreaScore | None = None

    @property
    def scored_areas(self) -> tuple[AreaScore, ...]:
        """What the areas' points were scored on: the 工作领域, or the projects' part when there are none."""
        return self.areas or ((self.projects_area,) if self.projects_area is not None else ())


@dataclass(frozen=True)
class YearScore:
    year: int
    unit_name: str
    department_name: str | None
    rules: str  # the rule set's name, e.g. "mof-2020"
    projects: tuple[ProjectScore, ...]
    department: DepartmentScore
    warnings: tuple[Problem, ...] = field(default=())

    def project(self, code: str) -> ProjectScore:
        for p in self.projects:
            if p.code == code:
                return p
        raise KeyError(code)
