"""A YearScore built by hand from results.py, with figures worked out on paper.

Project F1: 全年预算数 208.00, 执行 204.37 → rate 0.982548…, 10 × rate = 9.8255 → 9.83 (half up);
indicators 8.33 + 8.33 + 8.34 + 20.00 + 12.50 + 10.00 + 4.00 + 6.00 = 77.50 … see INDICATOR_SCORES.
Project F2 has a name starting with `=` and no 资金来源 split.
"""

from __future__ import annotations

from decimal import Decimal as D

from jxreport.scoring.results import (AreaScore, DepartmentScore, IndicatorScore, ProjectScore, YearScore)


def ind(project, l1, l2, name, target, actual, w, s, status="met", **kw):
    return IndicatorScore(project=project, level1=l1, level2=l2, name=name, target_text=target,
                          actual_text=actual, kind="quantitative", op=">=", weight=D(w), score=D(s),
                          rule_score=D(kw.pop("rule_score", s)), status=status, **kw)


F1_INDICATORS = (
    ind("F1", "产出指标", "数量指标", "征收亩数", "≥100亩", "105亩", "12.50", "12.50"),
    ind("F1", "产出指标", "数量指标", "发放户数", "149户", "149户", "12.50", "12.50"),
    ind("F1", "产出指标", "质量指标", "资金发放准确率", "100%", "98%", "12.50", "12.25", status="missed",
        deviation_reason="2户信息有误", improvement="加强核对"),
    ind("F1", "产出指标", "成本指标", "人均补贴", "≤5400元/人", "5400元/人", "12.50", "12.50"),
    ind("F1", "效益指标", "社会效益指标", "群众生活保障", "有效保障", "达成年度指标", "15", "15"),
    ind("F1", "效益指标", "可持续影响指标", "长效机制", "建立", "部分达成", "15", "11.00", status="partial",
        overridden=True, rule_score="10.50", deviation_reason="制度尚在审议"),
    ind("F1", "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "92.5%", "10", "10"),
)
F1_SCORE = D("9.83") + D("12.50") * 3 + D("12.25") + D("15") + D("11.00") + D("10")  # = 95.58

F2_INDICATORS = (
    ind("F2", "产出指标", "数量指标", "=SUM(A1)", "3个", "2个", "50", "33.33", status="missed"),
    ind("F2", "效益指标", "社会效益指标", "受益人数", "100人", "100人", "30", "30"),
    ind("F2", "满意度指标", "服务对象满意度指标", "满意度", "90%", "95%", "10", "10"),
)
F2_SCORE = D("5.00") + D("33.33") + D("30") + D("10")  # = 78.33


def year_score() -> YearScore:
    p1 = ProjectScore(
        code="F1", name="新城子村绿化过渡费", budget_initial_wan=D("200.00"), budget_full_year_wan=D("208.00"),
        spent_wan=D("204.37"), execution_rate=204.37 / 208.00, execution_weight=D("10"),
        execution_score=D("9.83"), indicators=F1_INDICATORS, score=F1_SCORE, grade="优",
        funds=(("本级资金", D("150.00")), ("上级转移支付", D("50.00")), ("其他资金", None)),
        notes=("自评得分覆盖 1 项：长效机制 按规则 10.50 分，自评 11.00 分。",))
    p2 = ProjectScore(
        code="F/2:x", name="=HYPERLINK(\"http://x\")", budget_initial_wan=D("10.00"), budget_full_year_wan=D("10.00"),
        spent_wan=D("5.00"), execution_rate=0.5, execution_weight=D("10"), execution_score=D("5.00"),
        indicators=F2_INDICATORS, score=F2_SCORE, grade="中")
    dept_ind = (
        ind("", "", "", "重点项目按期完成率", "≥95%", "100%", "45", "45"),
        ind("", "", "", "群众满意度", "≥90%", "80%", "45", "40.00", status="missed", deviation_reason="宣传不足"),
    )
    dept = DepartmentScore(
        budget_wan=D("218.00"), spent_wan=D("209.37"), execution_rate=209.37 / 218.00, execution_weight=D("10"),
        execution_score=D("9.60"), areas=(AreaScore("为民服务", "提升服务水平", D("90"), dept_ind, D("85.00")),),
        score=D("94.60"), grade="优", weighted_project_score=D("94.77"))
    return YearScore(year=2022, unit_name="测试街道办事处", department_name="测试管委会", rules="mof-2020",
                     projects=(p1, p2), department=dept)
