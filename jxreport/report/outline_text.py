"""The chapters of the official outline that no record fills: 绩效自评工作开展情况, 主要经验及做法,
结果应用, 其他需要说明的问题 (财预〔2020〕10号 and the provincial templates).

The analyst writes them in the optional 自评说明 sheet; where a text is blank the 报送稿 gets a
factual sentence built from the data here, and the 底稿 lists the blank as 待补充. Plain text,
the caller escapes it.
"""

from __future__ import annotations

from decimal import Decimal

from jxreport.report import narrative as N
from jxreport.scoring.results import ProjectScore, YearScore
from jxreport.core.rounding import fmt_pct, fmt_wan

WORK, EXPERIENCE, USE, OTHER = "自评工作开展情况", "主要经验及做法", "结果应用", "其他需要说明的问题"


def work(subject: str, n_indicators: int, n_payments: int, rules_title: str) -> str:
    """How the self-evaluation was done, from what the data shows of it."""
    return (f"{subject}绩效自评以年度绩效目标为依据，对预算执行率和 {n_indicators} 个绩效指标逐项评分；"
            f"预算执行数据取自本年度支付台账（{n_payments} 笔支出），指标完成值取自年度指标完成记录，"
            f"评分按《{rules_title}》执行。")


def experience(p: ProjectScore) -> str:
    """What went well, stated from the figures: the indicators met and the execution."""
    c = N.counts(p)
    met = c.get("met", 0) + c.get("over", 0)
    s = f"本项目按年度绩效目标组织实施，{len(p.indicators)} 个绩效指标中 {met} 个达到或超过年度指标值"
    if p.budget_full_year_wan:
        s += f"，预算执行率 {fmt_pct(p.execution_rate)}"
    return s + "。"


def dept_experience(ys: YearScore) -> str:
    rated = [p for p in ys.projects if p.budget_full_year_wan]
    good = [p for p in rated if not N.is_low_execution(p)]
    return (f"纳入自评的 {len(ys.projects)} 个项目中，{len(good)} 个项目预算执行率达到 "
            f"{fmt_pct(N.LOW_EXECUTION)} 以上；部门整体评价等级为“{ys.department.grade}”。")


def dept_use(ys: YearScore, low=None) -> str:
    """结果应用 of the department: which projects the results point at next year."""
    d = ys.department
    s = (f"部门整体自评得分 {N.score(d.score)}、等级“{d.grade}”，自评结果将作为下一年度部门预算安排、"
         "项目绩效目标设定和绩效运行监控的依据。")
    low_ones = [p for p in ys.projects if N.is_low_execution(p, low)]
    if low_ones:
        s += ("预算执行率偏低的" + "、".join(N.quote(p.name) for p in low_ones)
              + "，建议下一年度据实核定预算规模。")
    weak = [p for p in ys.projects if N.counts(p).get("missed", 0)]
    if weak:
        s += "存在未达成指标的" + "、".join(N.quote(p.name) for p in weak) + "，建议跟踪整改情况。"
    return s


OTHER_DEFAULT = "金额单位为万元，比率按未取整的金额计算后保留两位小数。无其他需要说明的问题。"


def todo(what: str, subject: str) -> str:
    """The 底稿's line for a blank 自评说明 text."""
    return f"待补充：「自评说明」表中{subject}的「{what}」未填写，报送稿暂用按数据生成的说明。"


def basic_scope(has_basic: bool) -> str:
    """The department report's statement of what its execution rate covers."""
    if has_basic:
        return ("部门支出执行率按基本支出（人员经费、公用经费）与项目支出合计计算；"
                "评分中的部门预算执行率按项目支出计算。")
    return "本年度数据仅包含项目支出，未包含基本支出（人员经费、公用经费），以上预算执行率仅反映项目支出的执行情况。"


def total_rate(budget: Decimal, spent: Decimal) -> Decimal | None:
    return None if not budget else spent / budget


def basic_sentence(budget: Decimal, spent: Decimal, rate) -> str:
    return (f"基本支出与项目支出合计，全年预算数 {fmt_wan(budget)}，全年执行数 {fmt_wan(spent)}，"
            f"部门支出执行率 {fmt_pct(rate)}。")
