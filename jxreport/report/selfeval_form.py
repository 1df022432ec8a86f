"""The 项目支出绩效自评表, built once: the report's 附表 and 自评表.xlsx both render this.

Two renderers that each chose the row order and wrote their own 实际完成情况 printed two
different forms for the same project; here the rows, their order and every cell's text
are decided in one place, and the renderers only lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jxreport.core import schema as S
from jxreport.core.rounding import fmt_score, q2
from jxreport.report import narrative as N
from jxreport.scoring.results import IndicatorScore, ProjectScore


@dataclass(frozen=True)
class FormRow:
    """One indicator row: the texts as printed, 分值 and 得分 rounded to cents."""

    level1: str
    level2: str
    name: str
    target: str
    actual: str
    weight: Decimal
    score: Decimal
    remark: str  # 偏差原因分析及改进措施, lines joined by "\n"


@dataclass(frozen=True)
class ProjectForm:
    project_name: str
    department: str
    unit: str
    budget_initial: Decimal
    budget_full_year: Decimal
    spent: Decimal
    execution_weight: Decimal
    execution_rate: float | None  # unrounded fraction; None when the budget is zero
    execution_score: Decimal
    funds: tuple[tuple[str, Decimal | None, Decimal | None], ...]  # 其中：本级资金 …: (name, 年初, 全年 or None)
    goal: str  # 预期目标
    achievement: str  # 实际完成情况
    rows: tuple[FormRow, ...]
    total_weight: Decimal
    total_score: Decimal
    grade: str


def ordered(indicators) -> list[IndicatorScore]:
    """产出/效益/满意度 in the standard order, 二级 by first appearance, workbook order inside."""
    first2: dict[tuple[str, str], int] = {}
    for k, i in enumerate(indicators):
        first2.setdefault((i.level1, i.level2), k)
    rank1 = {name: k for k, name in enumerate(S.LEVEL1)}
    keyed = sorted(enumerate(indicators),
                   key=lambda t: (rank1.get(t[1].level1, len(rank1)), first2[(t[1].level1, t[1].level2)], t[0]))
    return [i for _, i in keyed]


def remark(i: IndicatorScore) -> str:
    """偏差原因分析及改进措施 of one indicator."""
    bits = []
    if i.deviation_reason:
        bits.append(f"偏差原因：{i.deviation_reason}")
    if i.improvement:
        bits.append(f"改进措施：{i.improvement}")
    if i.overridden:
        bits.append(f"自评得分；按规则应得 {fmt_score(i.rule_score)} 分")
    return "\n".join(bits)


def achievement(p: ProjectScore) -> str:
    """实际完成情况: execution, then the indicators met and missed."""
    return N.goal_achievement(p)


def project_form(p: ProjectScore, facts: dict, *, department: str | None, unit: str) -> ProjectForm:
    """The form of one project; `facts` is its row of the 项目 sheet (实施单位, 绩效目标)."""
    inds = ordered(p.indicators)
    rows = tuple(FormRow(i.level1 or "", i.level2 or "", i.name, i.target_text or "", i.actual_text or "",
                         q2(i.weight), q2(i.score), remark(i)) for i in inds)
    given = dict(p.funds)
    unchanged = p.budget_full_year_wan == p.budget_initial_wan  # else the split of 全年预算数 is unknown
    funds = tuple((name, given.get(name), given.get(name) if unchanged else None) for name in S.FUND_SOURCES)
    return ProjectForm(
        project_name=p.name, department=department or "", unit=str(facts.get("实施单位") or unit),
        budget_initial=q2(p.budget_initial_wan), budget_full_year=q2(p.budget_full_year_wan), spent=q2(p.spent_wan),
        execution_weight=q2(p.execution_weight),
        execution_rate=p.execution_rate if p.budget_full_year_wan else None,
        execution_score=q2(p.execution_score), funds=funds, goal=str(facts.get("绩效目标") or "").strip(),
        achievement=achievement(p), rows=rows,
        total_weight=q2(p.execution_weight) + sum((r.weight for r in rows), Decimal(0)),
        total_score=q2(p.execution_score) + sum((r.score for r in rows), Decimal(0)), grade=p.grade)
