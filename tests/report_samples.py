"""Hand-made score records for the report tests (no scoring involved).

The project is the seed's 村干部工资 project with made-up actuals; every figure below is
worked by hand:

  execution: 204.37 ÷ 208.00 = 98.2548…% → 98.25%; 10 × 0.982548 = 9.83
  产出 50 ÷ 4 = 12.50 each; 完成率 98.25% of 100% → 12.50 × 0.9825 = 12.28
  效益 30: 在岗率 85% of 90% → 30 × 85 ÷ 90 = 28.333… → 28.33
  满意度 10: 92.50% ≥ 85% → 10.00
  total 9.83 + 12.50 + 12.28 + 12.50 + 12.50 + 28.33 + 10.00 = 97.94 → 优
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pandas as pd

from jxreport.checks import Findings
from jxreport.io.loading import FRAMES
from jxreport.io.model import Year
from jxreport.core.problems import Problem
from jxreport.io.reading import ROW, empty_frame
from jxreport.scoring.results import (AreaScore, DepartmentScore, Derived, IndicatorScore, ProjectScore, Satisfaction,
                              YearScore)
from jxreport.scoring.rules import load_rules


def ind(name, level1, level2, target, actual, weight, score, status="met", completion=1.0, **kw) -> IndicatorScore:
    return IndicatorScore(project=kw.pop("project", "JX-01"), level1=level1, level2=level2, name=name,
                          target_text=target, actual_text=actual, kind=kw.pop("kind", "quantitative"),
                          op=kw.pop("op", ">="), weight=D(weight), score=D(score), rule_score=kw.pop("rule_score", D(score)),
                          status=status, completion=completion, **kw)


SAT = Satisfaction(n=40, satisfied=37, rate=0.925, low=0.8, high=0.97,
                   counts=(("非常满意", 10), ("满意", 20), ("基本满意", 7), ("不满意", 3), ("非常不满意", 0)))

INDICATORS = (
    ind("工资保险发放覆盖率", "产出指标", "数量指标", "100%", "100%", "12.50", "12.50"),
    ind("工资保险发放完成率", "产出指标", "质量指标", "100%", "98.25%", "12.50", "12.28", status="missed",
        completion=0.9825, deviation_reason="2名村干部12月离职，工资未发放", improvement="及时调整发放名单"),
    ind("资金发放时限", "产出指标", "时效指标", "是", "是", "12.50", "12.50", kind="yesno", op="=", completion=None),
    ind("预算完成率", "产出指标", "成本指标", "95%", "98.25%", "12.50", "12.50", completion=1.0342,
        derived=Derived("预算执行率", 0.982548, "%", "2,043,700.00 元 ÷ 2,080,000.00 元 = 98.25%")),
    ind("在岗率", "效益指标", "可持续影响指标", "90%", "85%", "30", "28.33", status="missed", completion=0.9444),
    ind("满意度", "满意度指标", "服务对象满意度指标", "85%以上", "92.50%", "10", "10.00", completion=1.0882,
        derived=Derived("满意度", 0.925, "%", "满意 37 份 ÷ 有效问卷 40 份 = 92.50%", satisfaction=SAT)),
)


def project(**changes) -> ProjectScore:
    p = ProjectScore(
        code="JX-01", name="村干部工资、保险和聘用人员工资", budget_initial_wan=D("208.00"),
        budget_full_year_wan=D("208.00"), spent_wan=D("204.37"), execution_rate=204.37 / 208,
        execution_weight=D("10"), execution_score=D("9.83"), indicators=INDICATORS, score=D("97.94"), grade="优",
        satisfaction=SAT, funds=(("本级资金", D("104.50")), ("上级转移支付", D("103.50")), ("其他资金", D("0"))),
        spent_by_month=tuple(D(x) for x in ("0", "17", "17", "17", "17", "17", "17", "17", "17", "17", "17",
                                             "34.37")),
    )
    return replace(p, **changes)


def dept_indicator(name, target, actual, weight, score, status="met"):
    return ind(name, "", "", target, actual, weight, score, status=status, project="")


def year_score(projects=None, year=2022, unit="高新区街道办事处") -> YearScore:
    projects = tuple(projects or (project(),))
    budget = sum((p.budget_full_year_wan for p in projects), D(0))
    spent = sum((p.spent_wan for p in projects), D(0))
    areas = (
        AreaScore("安全和环境卫生工作", "加强村居安全培训宣教", D("45"),
                  (dept_indicator("安全生产考核结果", "85分以上", "88分", "22.50", "22.50"),
                   dept_indicator("隐患整改率", "95%以上", "90%", "22.50", "21.32", status="missed")), D("43.82")),
        AreaScore("农村经济发展", None, D("45"), (dept_indicator("惠农补贴资金发放率", "100%", "100%", "45", "45.00"),),
                  D("45.00")),
    )
    rate = float(spent / budget) if budget else 0.0
    dept = DepartmentScore(budget_wan=budget, spent_wan=spent, execution_rate=rate, execution_weight=D("10"),
                           execution_score=D("9.83"), areas=areas, score=D("98.65"), grade="优",
                           weighted_project_score=projects[0].score)
    return YearScore(year=year, unit_name=unit, department_name="高新区管委会", rules="mof-2020", projects=projects,
                     department=dept)


FINDING = Problem("错误", "测算金额 52.5 万元与 单价×数量×月数 52.15 万元不符", workbook="targets.xlsx",
                  sheet="测算明细", row=3, column="测算金额", project="JX-01", id="T101", title="测算明细金额不符",
                  numbers=(("计算", "52.15 万元"), ("填报", "52.50 万元")))


def year_frame(projects: list[dict], year=2022, unit="高新区街道办事处", goal="做好各项工作。") -> Year:
    frames = {attr: empty_frame(sheet) for attr, sheet in FRAMES.items()}
    rows = []
    for k, r in enumerate(projects, 2):
        full = {c: None for c in FRAMES["projects"].names}
        full.update(r)
        full[ROW] = k
        rows.append(full)
    frames["projects"] = pd.DataFrame(rows)
    return Year(data_dir=Path("."), year=year, unit_name=unit, department="高新区管委会", overall_goal=goal, **frames)


FACTS = {"项目编码": "JX-01", "项目名称": "村干部工资、保险和聘用人员工资", "年初预算数": 208.0, "本级资金": 104.5,
         "上级转移支付": 103.5, "其他资金": 0.0, "主要用途": "工资130万元。\n社会保险费27.2万元。",
         "一季度": 25.0, "二季度": 50.0, "三季度": 75.0, "四季度": 100.0,
         "绩效目标": "目标1 保证工资保险及时足额发放；\n目标2 保证村级组织正常运转。"}


def context(ys: YearScore | None = None, findings: Findings | None = None, facts: list[dict] | None = None,
            previous: YearScore | None = None):
    from jxreport.report.context import ReportContext

    ys = ys or year_score()
    facts = facts or [dict(FACTS, 项目编码=p.code, 项目名称=p.name) for p in ys.projects]
    return ReportContext(year=year_frame(facts), rules=load_rules("mof-2020"), scores=ys,
                         findings=findings or Findings((FINDING,)), previous=previous)
