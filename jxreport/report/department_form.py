"""The 部门整体支出绩效自评表, built once: the department report's 附表 and 自评表.xlsx's
部门整体 sheet both render this.

The two renderers used to choose their own rows (the report printed 偏差原因 alone and no
area goal; the workbook printed 偏差原因 and 改进措施, the area goal and the area score);
here the rows, their order and every cell's text are decided in one place, as
report.selfeval_form does for a project's form, and the renderers only lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jxreport.core.rounding import q2
from jxreport.report.selfeval_form import remark
from jxreport.scoring.results import YearScore

TITLE = "部门整体支出绩效自评表"
NO_GOAL = "未填写"
NO_AREAS = "未填报部门指标（部门指标表为空）"
NO_INDICATORS = "（无指标）"
WEIGHTED = "项目自评得分按全年预算数加权平均"


@dataclass(frozen=True)
class DeptRow:
    """One indicator of a 工作领域: the texts as printed, 分值 and 得分 rounded to cents."""

    name: str
    target: str
    actual: str
    weight: Decimal | None  # None for the placeholder row of an area without indicators
    score: Decimal | None
    remark: str  # 偏差原因分析及改进措施, lines joined by "\n"


@dataclass(frozen=True)
class DeptArea:
    area: str
    goal: str
    score: Decimal
    rows: tuple[DeptRow, ...]  # never empty: an area without indicators has one NO_INDICATORS row


@dataclass(frozen=True)
class DepartmentForm:
    year: int
    unit: str
    department: str
    budget: Decimal
    spent: Decimal
    execution_rate: float | None  # unrounded fraction; None when the budget is zero
    execution_weight: Decimal
    execution_score: Decimal
    goal: str  # 年度总体目标 (NO_GOAL when blank)
    areas: tuple[DeptArea, ...]  # empty only when neither 部门指标 nor projects scored the areas
    total_weight: Decimal
    total_score: Decimal
    grade: str
    weighted_project_score: Decimal | None
    project_count: int


def department_form(ys: YearScore, *, overall_goal: str | None = None) -> DepartmentForm:
    """The form of the department; its 总分 is the sum of the printed (cent-rounded) points."""
    d = ys.department
    areas = []
    total_weight, total_score = q2(d.execution_weight), q2(d.execution_score)
    for a in d.scored_areas:
        rows = tuple(DeptRow(i.name, i.target_text or "", i.actual_text or "", q2(i.weight), q2(i.score), remark(i))
                     for i in a.indicators)
        total_weight += sum((r.weight for r in rows), Decimal(0))
        total_score += sum((r.score for r in rows), Decimal(0))
        areas.append(DeptArea(a.area, (a.goal or "").strip(), q2(a.score),
                              rows or (DeptRow(NO_INDICATORS, "", "", None, None, ""),)))
    goal = (overall_goal or "").strip() or NO_GOAL
    return DepartmentForm(
        year=ys.year, unit=ys.unit_name, department=ys.department_name or "",
        budget=q2(d.budget_wan), spent=q2(d.spent_wan),
        execution_rate=d.execution_rate if d.budget_wan else None,
        execution_weight=q2(d.execution_weight), execution_score=q2(d.execution_score), goal=goal,
        areas=tuple(areas), total_weight=total_weight, total_score=total_score, grade=d.grade,
        weighted_project_score=None if d.weighted_project_score is None else q2(d.weighted_project_score),
        project_count=len(ys.projects))
