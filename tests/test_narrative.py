"""The report's sentences, from hand-made score records (see report_samples for the arithmetic)."""

from dataclasses import replace
from decimal import Decimal as D

from report_samples import FINDING, INDICATORS, ind, project, year_score

from jxreport.report import narrative as N
from jxreport.core.problems import Problem
from jxreport.report.yoy import compare


def test_execution_sentence_names_every_figure():
    assert N.execution(project()) == ("全年预算数 208.00 万元，全年执行数 204.37 万元，预算执行率 98.25%，"
                                      "得分 9.83 分（分值 10.00 分）。")


def test_execution_sentence_with_an_adjustment():
    p = project(budget_initial_wan=D("200.00"))
    assert N.execution(p).startswith("年初预算数 200.00 万元，年度内追加 8.00 万元，全年预算数 208.00 万元，")


def test_execution_sentence_names_the_rule_denominator():
    assert "预算执行率（按年初预算数计算） 98.25%" in N.execution(project(), "年初预算数")


def test_rates_are_rounded_half_up():
    # 0.98125 → 98.125 %: round() and f"{:.2%}" give 98.12 (the float is just below .5); half up 98.13
    assert round(0.98125 * 100, 2) == 98.12
    assert "预算执行率 98.13%" in N.execution(project(execution_rate=0.98125))


def test_what_the_rate_means():
    assert N.execution_meaning(project()) == "尚有 3.63 万元未支出。"
    assert N.execution_meaning(project(spent_wan=D("208.00"), execution_rate=1.0)) == "预算资金已全部支出。"
    low = project(spent_wan=D("180.00"), execution_rate=180 / 208)
    assert N.execution_meaning(low) == "尚有 28.00 万元未支出，预算执行率低于 90.00%，未说明偏差原因。"


def test_low_execution_takes_the_reason_of_the_execution_indicator():
    inds = tuple(replace(i, deviation_reason="年底工程款未结算") if i.name == "预算完成率" else i for i in INDICATORS)
    low = project(spent_wan=D("180.00"), execution_rate=180 / 208, indicators=inds)
    assert N.execution_meaning(low).endswith("偏差原因：年底工程款未结算。")


def test_conclusion_is_one_paragraph_from_the_numbers():
    text = N.conclusion(project(), (FINDING,))
    assert text.startswith("经自评，村干部工资、保险和聘用人员工资项目综合得分 97.94 分，评价等级为“优”。")
    assert "项目共设置三级指标 6 个，其中 4 个达到年度指标值，2 个未达到（「工资保险发放完成率」、「在岗率」）。" in text
    # 产出 12.50 + 12.28 + 12.50 + 12.50 = 49.78 of 50; 效益 28.33 of 30 = 94.43 %, the lowest share
    assert "产出指标 49.78 分（分值 50.00）" in text
    assert "得分率（得分 ÷ 分值）最低的是效益指标（得分 28.33 分，分值 30.00，得分率 94.43%）" in text
    assert "数据审核发现 1 项错误" in text
    assert "\n" not in text


def test_conclusion_names_a_small_loss_without_calling_it_the_focus():
    inds = tuple(replace(i, score=i.weight, status="met") if i.name == "在岗率" else i for i in INDICATORS)
    text = N.conclusion(project(indicators=inds))
    # 产出 49.78 of 50 = 99.56 %, 预算执行率 9.83 of 10 = 98.30 %: the lowest share, but above 95 %
    assert "各类指标得分率（得分 ÷ 分值）均在 95% 以上，相对最低的是预算执行率一项的得分（得分 9.83 分，分值 10.00，得分率 98.30%）。" in text
    assert "改进的重点" not in text


def test_conclusion_when_everything_is_full():
    full = tuple(replace(i, score=i.weight, status="met") for i in INDICATORS)
    p = project(indicators=full, execution_score=D("10"), score=D("100.00"))
    text = N.conclusion(p)
    assert "全部达到年度指标值" in text and "各类指标均取得满分。" in text and "数据审核" not in text


def test_problems_list_each_missed_indicator_with_its_reason_or_none():
    items = N.problems(project(), (FINDING,))
    assert len(items) == 3
    assert items[0] == ("「工资保险发放完成率」（产出指标／质量指标）年度指标值 100%，实际完成 98.25%，完成率 98.25%，"
                        "未达到年度指标值，得分 12.28 分（分值 12.50 分）。偏差原因：2名村干部12月离职，工资未发放。")
    assert items[1].endswith("得分 28.33 分（分值 30.00 分）。未说明偏差原因。")
    assert items[2].startswith("数据审核发现测算明细金额不符（错误）：")
    assert "计算 52.15 万元" in items[2] and "第 3 行" in items[2]


def test_over_completion_asks_whether_the_target_was_too_low():
    over = ind("社区提升数量", "产出指标", "数量指标", "3个", "5个", "12.50", "12.50", status="over", completion=5 / 3)
    text = N.indicator_problem(over)
    assert "完成率 166.67%，大幅超过年度指标值，得分 12.50 分" in text
    assert text.endswith("未说明偏差原因（年度指标值是否设定偏低？）。")
    explained = N.indicator_problem(replace(over, deviation_reason="追加了两个社区"))
    assert "偏低" not in explained and explained.endswith("偏差原因：追加了两个社区。")


def test_problems_include_low_execution_and_skip_hints():
    hint = Problem("提示", "建议写明数值", project="JX-01", id="R299", title="提示")
    low = project(spent_wan=D("180.00"), execution_rate=180 / 208)
    items = N.problems(low, (hint,))
    assert items[0].startswith("预算执行率偏低：全年预算数 208.00 万元，全年执行数 180.00 万元，预算执行率 86.54%")
    assert all("建议写明数值" not in i for i in items)


def test_improvements_state_what_is_missing():
    items = N.improvements(project())
    assert items == ["针对「工资保险发放完成率」：及时调整发放名单。", "「在岗率」未达到年度指标值，未填写改进措施。"]


def test_use_of_results_follows_the_figures():
    text = N.use_of_results(project())
    assert text.startswith("本项目自评得分 97.94 分、等级“优”")
    assert "2 个指标未达到年度指标值" in text


def test_satisfaction_sentence_and_small_sample_flag():
    s = project().satisfaction
    assert N.satisfaction(s) == "满意度调查有效问卷 40 份，满意率 92.50%（95% 置信区间 80.00%–97.00%）。"
    small = replace(s, n=12, small_sample=True)
    assert N.satisfaction(small).endswith("样本量偏小，区间较宽，结论仅供参考。")


def test_chinese_numerals_for_headings():
    assert [N.heading_no(i) for i in (1, 2, 8, 10, 11)] == ["一、", "二、", "八、", "十、", "十一、"]


def test_department_sentences():
    p2 = project(code="JX-02", name="社区运行经费", budget_full_year_wan=D("510.00"), spent_wan=D("400.00"),
                 execution_rate=400 / 510, score=D("85.12"), grade="良")
    ys = year_score([project(), p2])
    assert N.dept_execution(ys).startswith("部门 2 个项目全年预算数合计 718.00 万元，全年执行数合计 604.37 万元，")
    assert "最低的是「社区运行经费」（78.43%）" in N.dept_execution(ys)
    text = N.dept_conclusion(ys)
    assert text.startswith("经自评，高新区街道办事处2022年度部门整体绩效得分 98.65 分，评价等级为“优”。")
    assert "2 个项目自评得分在 85.12～97.94 分之间" in text
    assert "得分率最低的工作领域是「安全和环境卫生工作」" in text
    problems = N.dept_problems(ys)
    assert problems[0].startswith("「社区运行经费」预算执行率 78.43%")
    assert any(i.startswith("部门指标（安全和环境卫生工作）「隐患整改率」年度指标值 95%以上") for i in problems)


def test_yoy_summary():
    now = year_score([project(), project(code="JX-02", name="新项目")])
    before = year_score([project(budget_full_year_wan=D("200.00"), score=D("90.00"), spent_wan=D("200.00"))],
                        year=2021)
    text = N.yoy_summary(compare(now, before))
    assert text.startswith("与2021年度相比，部门全年预算数增加 216.00 万元")
    assert "新增项目 1 个（「新项目」）" in text
