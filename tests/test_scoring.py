"""Scoring (docs/scoring.md §2–§7), each rule with its arithmetic worked by hand in the test."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jxreport.core.exceptions import ValidationError
from jxreport.io.loading import FRAMES
from jxreport.io.model import Year
from jxreport.core.problems import ERROR, WARNING
from jxreport.io.reading import ROW, empty_frame
from jxreport.scoring.rules import load_rules
from jxreport.scoring.scorer import ScoreError, judge, score_project, score_year, split_cents
from jxreport.grammar.targets import parse_actual, parse_target

from scoring_fixtures import indicator, make_year, payment, result, standard_indicators, standard_results

D = Decimal
MOF = load_rules("mof-2020")
LOCAL = load_rules("local-linear")


def j(target, actual, w, level2="数量指标", rules=MOF, **kw):
    t = parse_target(target, level2, 2022)
    return judge(t, parse_actual(actual, 2022, t), D(str(w)), rules, **kw)


# --------------------------------------------------------------------------- §4, one indicator

def test_at_least_met_scores_the_weight_and_a_miss_scores_in_proportion_with_a_half_up_tie():
    assert j("100%", "100%", "12.5").score == D("12.50")
    v = j("100%", "89%", "12.5")
    # 12.5 × 89 ÷ 100 = 11.125 → 11.13 half up (Python's round(11.125, 2) gives 11.12)
    assert round(11.125, 2) == 11.12
    assert v.score == D("11.13") and v.status == "missed" and v.completion == pytest.approx(0.89)


def test_at_least_with_nothing_done_scores_zero():
    assert j("3个", "0个", 10).score == 0


def test_at_most_ratio_and_linear():
    # ≤95.3万元 against 100万元: ratio 12.5 × 95.3 ÷ 100 = 11.9125 → 11.91
    assert j("≤95.3万元", "100万元", "12.5", "成本指标").score == D("11.91")
    # linear: 12.5 × (1 − (100 − 95.3) ÷ 95.3) = 12.5 × 0.9506821 = 11.8835 → 11.88
    assert j("≤95.3万元", "100万元", "12.5", "成本指标", rules=LOCAL).score == D("11.88")
    # B ≥ 2A scores 0 under linear; ratio gives 12.5 × 95.3 ÷ 200 = 5.95625 → 5.96
    assert j("≤95.3万元", "200万元", "12.5", "成本指标", rules=LOCAL).score == 0
    assert j("≤95.3万元", "200万元", "12.5", "成本指标").score == D("5.96")
    assert j("≤95.3万元", "90万元", "12.5", "成本指标").score == D("12.50")


def test_a_bare_number_under_cost_is_at_most():
    # 成本指标 3500元 (bare) is ≤: 3600 → 10 × 3500 ÷ 3600 = 9.7222 → 9.72
    assert j("3500元", "3600元", 10, "成本指标").score == D("9.72")


def test_at_most_zero_target():
    # 低于1次 on a count means at most 0: 0 → w, anything else → 0
    assert j("低于1次", "0次", 15, "社会效益指标").score == D("15.00")
    assert j("低于1次", "1次", 15, "社会效益指标").score == 0


def test_strict_below_on_a_count_means_at_most_a_minus_one():
    # 低于5次 against 5: A − 1 = 4, B = 5 > 4 → ratio 15 × 4 ÷ 5 = 12.00
    v = j("低于5次", "5次", 15, "社会效益指标")
    assert v.score == D("12.00") and v.status == "missed" and v.a == 4
    assert j("低于5次", "4次", 15, "社会效益指标").score == D("15.00")


def test_strict_below_on_a_rate_stays_strict():
    v = j("小于1%", "1%", 10, "社会效益指标")
    assert v.status == "missed"  # 1 % is not below 1 %
    assert j("小于1%", "0.5%", 10, "社会效益指标").status == "met"
    # 2 % against < 1 %: ratio 10 × 1 ÷ 2 = 5.00
    assert j("小于1%", "2%", 10, "社会效益指标").score == D("5.00")


def test_strict_above_on_a_count_means_at_least_a_plus_one():
    # 大于3个 = at least 4: 3 → 10 × 3 ÷ 4 = 7.50
    assert j("大于3个", "3个", 10).score == D("7.50")
    assert j("大于3个", "4个", 10).status == "met"


def test_equal():
    # =8个: 6 → 10 × 6 ÷ 8 = 7.50; 10 → 10 × 8 ÷ 10 = 8.00
    assert j("=8个", "6个", 10).score == D("7.50")
    assert j("=8个", "10个", 10).score == D("8.00")
    assert j("=8个", "8个", 10).score == D("10.00")


def test_deadline_on_time_late_and_yes_no():
    assert j("12月底前", "2022-12-31", "12.5", "时效指标").score == D("12.50")
    late = j("12月底前", "2023-01-05", "12.5", "时效指标")
    assert late.score == 0 and late.status == "late"
    assert j("12月底前", dt.date(2022, 11, 30), "12.5", "时效指标").status == "met"
    assert j("12月底前", "按时", "12.5", "时效指标").score == D("12.50")
    assert j("12月底前", "否", "12.5", "时效指标").status == "late"


def test_yes_no():
    assert j("是", "是", "12.5", "时效指标").score == D("12.50")
    assert j("是", "否", "12.5", "时效指标").score == 0
    with pytest.raises(ScoreError, match="是 或 否"):
        j("是", "2022-12-01", "12.5", "时效指标")


def test_qualitative_grades_take_their_band_default():
    # w = 30: 达成 100 % → 30.00; 部分达成 70 % → 21.00; 未达成 30 % → 9.00
    assert j("显著提升", "达成年度指标", 30, "社会效益指标").score == D("30.00")
    partly = j("显著提升", "部分达成年度指标并具有一定效果", 30, "社会效益指标")
    assert partly.score == D("21.00") and partly.status == "partial"
    assert j("显著提升", "部分达成", 30, "社会效益指标").score == D("21.00")
    assert j("显著提升", "未达成", 30, "社会效益指标").score == D("9.00")


def test_qualitative_self_score_inside_the_band_replaces_the_default_outside_is_an_error():
    # 部分达成 band of w = 30 is [18, 24): 20 is inside, 24 is not (upper bound excluded)
    assert j("显著提升", "部分达成", 30, "社会效益指标", self_score=D(20)).score == D("20.00")
    with pytest.raises(ScoreError) as e:
        j("显著提升", "部分达成", 30, "社会效益指标", self_score=D(24))
    assert e.value.column == "自评得分" and "[60%, 80%)" in e.value.message and "18.00, 24.00" in e.value.message
    # 达成 band is [24, 30] inclusive
    assert j("显著提升", "达成", 30, "社会效益指标", self_score=D(24)).score == D("24.00")


def test_local_rule_moves_the_lower_qualitative_band():
    # local-linear: 部分达成 [50 %, 80 %): 16 of 30 (53 %) is allowed there, not under mof-2020
    assert j("显著提升", "部分达成", 30, "社会效益指标", rules=LOCAL, self_score=D(16)).score == D("16.00")
    with pytest.raises(ScoreError):
        j("显著提升", "部分达成", 30, "社会效益指标", self_score=D(16))


def test_an_actual_repeating_the_target_counts_as_met():
    v = j("平台持续运行", "平台持续运行", 30, "可持续影响指标")
    assert v.score == D("30.00") and v.status == "met"


def test_free_text_against_a_qualitative_target_is_an_error():
    with pytest.raises(ScoreError, match="达成年度指标"):
        j("平台持续运行", "运行良好", 30, "可持续影响指标")


def test_over_completion_at_130_percent():
    # 3个 → 4个 is 133 % ≥ 130 %: full score, status over; 3.8 is 127 %: met
    v = j("3个", "4个", "12.5")
    assert v.status == "over" and v.score == D("12.50")
    assert j("3个", "3.8个", "12.5").status == "met"


def test_percent_compared_in_percent_and_a_fraction_cell_read_as_percent():
    assert j("95%", "98%", 10).status == "met"
    v = j("95%", 0.98, 10)  # a cell formatted as a percentage holds 0.98
    assert v.b == 98 and v.status == "met"


def test_unit_mismatch_is_an_error():
    with pytest.raises(ScoreError, match="单位"):
        j("149户", "149人", 10)
    with pytest.raises(ScoreError, match="应为数值"):
        j("100%", "达成年度指标", 10)


def test_within_budget_resolved_against_the_full_year_budget():
    budget = D("95.3") * 10000
    assert j("控制在预算内", "94.98万元", 10, "成本指标", budget_yuan=budget).score == D("10.00")
    # 100 万元 against 95.3 万元: 10 × 95.3 ÷ 100 = 9.53
    assert j("控制在预算内", "100万元", 10, "成本指标", budget_yuan=budget).score == D("9.53")
    assert j("控制在预算内", "是", 10, "成本指标", budget_yuan=budget).score == D("10.00")


# --------------------------------------------------------------------------- §2 weights

def test_split_cents_keeps_the_printed_sum():
    assert split_cents(D(50), [D(50) / 3] * 3) == [D("16.67"), D("16.67"), D("16.66")]
    assert sum(split_cents(D(90), [D(90) / 7] * 7)) == D("90.00")


def test_seven_indicators_printed_column_adds_up_to_the_printed_total(tmp_path):
    res = standard_results()
    res[1] = result("P1", "发放准确率", "89%", 偏差原因="部分对象信息待核实")
    ys = score_year(make_year(tmp_path, results=res))
    p = ys.project("P1")
    weights = [i.weight for i in p.indicators]
    # 产出 50 ÷ 4 = 12.5 each, 效益 30 ÷ 2 = 15 each, 满意度 10
    assert weights == [D("12.5")] * 4 + [D(15)] * 2 + [D(10)]
    assert sum(weights) + p.execution_weight == 100
    scores = [i.score for i in p.indicators]
    # 12.5 × 89 ÷ 100 = 11.125 → 11.13
    assert scores == [D("12.50"), D("11.13"), D("12.50"), D("12.50"), D("15.00"), D("15.00"), D("10.00")]
    # execution: 1,000,000 元 ÷ (100 万元 × 10,000) = 100 % → 10.00
    assert p.execution_rate == 1.0 and p.execution_score == D("10.00")
    # total = 10.00 + 12.50 + 11.13 + 12.50 + 12.50 + 15.00 + 15.00 + 10.00 = 98.63
    assert p.score == D("98.63") == p.execution_score + sum(scores)
    assert p.grade == "优"
    assert not [w for w in p.warnings if "发放准确率" in w.message]  # a reason was given


def test_equal_split_of_fifty_in_three_prints_cents_that_add_up(tmp_path):
    inds = [indicator("P1", "产出指标", "数量指标", f"数量{i}", "10个") for i in range(3)]
    inds += [indicator("P1", "效益指标", "社会效益指标", "效益", "90%"),
             indicator("P1", "满意度指标", "服务对象满意度指标", "满意度", "90%")]
    res = [result("P1", f"数量{i}", "10个") for i in range(3)] + [result("P1", "效益", "95%"),
                                                                    result("P1", "满意度", "95%")]
    p = score_year(make_year(tmp_path, indicators=inds, results=res)).project("P1")
    # 50 ÷ 3 = 16.666… → 16.67, 16.67, 16.66 (largest remainder, ties to the first rows)
    assert [i.weight for i in p.indicators[:3]] == [D("16.67"), D("16.67"), D("16.66")]
    assert p.score == D("100.00")  # not 100.01


def test_a_missing_first_level_category_shares_its_weight_in_proportion(tmp_path):
    inds = [i for i in standard_indicators() if i["一级指标"] != "满意度指标"]
    res = [r for r in standard_results() if r["三级指标"] != "群众满意度"]
    p = score_year(make_year(tmp_path, indicators=inds, results=res)).project("P1")
    # 满意度 10 shared 50 : 30 → 产出 50 + 10 × 50/80 = 56.25, 效益 30 + 10 × 30/80 = 33.75
    # 产出 56.25 ÷ 4 = 14.0625 → 14.07, 14.06, 14.06, 14.06; 效益 33.75 ÷ 2 = 16.875 → 16.88, 16.87
    assert [i.weight for i in p.indicators] == [D("14.07"), D("14.06"), D("14.06"), D("14.06"), D("16.88"), D("16.87")]
    assert sum(i.weight for i in p.indicators) == 90
    assert len(p.notes) == 1 and "满意度指标" in p.notes[0] and "56.25" in p.notes[0] and "33.75" in p.notes[0]
    assert p.score == D("100.00")


def test_a_missing_category_is_an_error_under_a_strict_rule(tmp_path):
    strict = tmp_path / "strict.yaml"
    strict.write_text("name: strict\ntitle: 严格\nextends: mof-2020\nmissing_category: error\n", encoding="utf-8")
    inds = [i for i in standard_indicators() if i["一级指标"] != "满意度指标"]
    res = [r for r in standard_results() if r["三级指标"] != "群众满意度"]
    year = make_year(tmp_path / "y", indicators=inds, results=res)
    with pytest.raises(ValidationError) as e:
        score_year(year, load_rules(strict))
    assert "满意度指标" in str(e.value) and "strict" in str(e.value)


def test_projects_sharing_a_layout_share_its_weights_and_each_gets_its_own_error(tmp_path):
    # Equal-split weights are computed once per sequence of 一级指标; an error never is.
    inds = [i for i in standard_indicators() if i["一级指标"] != "满意度指标"]
    res = [r for r in standard_results() if r["三级指标"] != "群众满意度"]
    two = dict(projects=[{"项目编码": c, "项目名称": c, "年初预算数": 100} for c in ("P1", "P2")],
               indicators=inds + [{**i, "项目编码": "P2"} for i in inds],
               results=res + [{**r, "项目编码": "P2"} for r in res],
               payments=[payment("P1", 1_000_000), payment("P2", 1_000_000)])
    ys = score_year(make_year(tmp_path / "share", **two))
    assert [i.weight for i in ys.project("P2").indicators] == [i.weight for i in ys.project("P1").indicators]
    assert ys.project("P2").notes == ys.project("P1").notes and "56.25" in ys.project("P2").notes[0]
    strict = tmp_path / "strict.yaml"
    strict.write_text("name: strict\ntitle: 严格\nextends: mof-2020\nmissing_category: error\n", encoding="utf-8")
    with pytest.raises(ValidationError) as e:
        score_year(make_year(tmp_path / "strict", **two), load_rules(strict))
    assert sorted(p.project for p in e.value.problems if "满意度指标" in p.message) == ["P1", "P2"]


def test_weights_given_for_every_indicator_are_used(tmp_path):
    inds = standard_indicators()
    for ind, w in zip(inds, [20, 10, 10, 10, 20, 10, 10]):
        ind["分值"] = w
    p = score_year(make_year(tmp_path, indicators=inds)).project("P1")
    assert [i.weight for i in p.indicators] == [20, 10, 10, 10, 20, 10, 10]
    assert p.score == D("100.00")


def test_given_weights_must_add_up_to_ninety(tmp_path):
    inds = standard_indicators()
    for ind in inds:
        ind["分值"] = 10  # 7 × 10 = 70
    with pytest.raises(ValidationError) as e:
        score_year(make_year(tmp_path, indicators=inds))
    p = e.value.problems[0]
    assert "70.00" in p.message and "90.00" in p.message and p.column == "分值" and p.sheet == "绩效指标"


def test_weights_given_for_some_only_is_an_error_naming_the_rows(tmp_path):
    inds = standard_indicators()
    inds[0]["分值"] = 20
    inds[1]["分值"] = 30
    with pytest.raises(ValidationError) as e:
        score_year(make_year(tmp_path, indicators=inds))
    p = e.value.problems[0]
    # rows 2 and 3 have 分值; rows 4–8 do not
    assert "第 4、5、6、7、8 行未填" in p.message and p.row == 4 and p.column == "分值"


# --------------------------------------------------------------------------- §3 execution

def test_execution_uses_the_full_year_budget_or_the_initial_one_by_rule(tmp_path):
    year = make_year(tmp_path, payments=[payment("P1", 1_125_000)],
                     adjustments=[{"项目编码": "P1", "调整金额": 25, "调整日期": dt.date(2022, 9, 1)}])
    p = score_year(year, MOF).project("P1")
    # 全年预算数 = 100 + 25 = 125 万元; 112.5 ÷ 125 = 90 % → 10 × 0.9 = 9.00
    assert p.budget_full_year_wan == D("125.00") and year.full_year_budget("P1") == 125
    assert p.spent_wan == D("112.50") and p.execution_rate == pytest.approx(0.9) and p.execution_score == D("9.00")
    # 年初预算数 denominator: 112.5 ÷ 100 = 112.5 % → min(rate, 1) × 10 = 10.00
    q = score_year(year, LOCAL).project("P1")
    assert q.execution_rate == pytest.approx(1.125) and q.execution_score == D("10.00")


def test_low_execution_without_a_reason_is_a_warning_and_a_reason_silences_it(tmp_path):
    inds = standard_indicators() + [indicator("P1", "产出指标", "成本指标", "预算执行率", "≥90%", 指标性质="≥")]
    res = standard_results() + [result("P1", "预算执行率", 计算口径="预算执行率")]
    year = make_year(tmp_path / "a", indicators=inds, results=res, payments=[payment("P1", 800_000)])
    p = score_year(year).project("P1")
    # 80 万 ÷ 100 万 = 80 % < 90 %: execution 8.00 and a warning on the 项目 row
    assert p.execution_score == D("8.00")
    low = [w for w in p.warnings if "低于 90.00%" in w.message]
    assert len(low) == 1 and low[0].level == WARNING and low[0].sheet == "项目" and low[0].row == 2
    res[-1]["偏差原因"] = "部分款项跨年支付"
    year = make_year(tmp_path / "b", indicators=inds, results=res, payments=[payment("P1", 800_000)])
    assert not [w for w in score_year(year).project("P1").warnings if "低于" in w.message]


def test_spending_by_month_and_funds(tmp_path):
    pays = [payment("P1", 300_000, dt.date(2022, 3, 10)), payment("P1", 200_000, dt.date(2022, 3, 20)),
            payment("P1", 500_000.5, dt.date(2022, 12, 1)), payment("P1", -0.5, dt.date(2022, 12, 2))]
    projects = [{"项目编码": "P1", "项目名称": "测试项目", "年初预算数": 100, "本级资金": 60, "上级转移支付": 40}]
    p = score_year(make_year(tmp_path, projects=projects, payments=pays)).project("P1")
    assert p.spent_by_month[2] == D(50) and p.spent_by_month[11] == D(50) and sum(p.spent_by_month) == 100
    assert p.spent_wan == D("100.00") and len(p.spent_by_month) == 12
    assert dict(p.funds) == {"本级资金": D("60.00"), "上级转移支付": D("40.00"), "其他资金": None}


# --------------------------------------------------------------------------- overrides, warnings, errors

def test_override_on_a_quantitative_indicator_needs_a_reason(tmp_path):
    res = standard_results()
    res[1] = result("P1", "发放准确率", "89%", 自评得分=12)
    with pytest.raises(ValidationError) as e:
        score_year(make_year(tmp_path / "a", results=res))
    p = e.value.problems[0]
    assert p.column == "自评得分" and "偏差原因" in p.message and p.row == 3 and p.sheet == "指标完成"
    res[1]["偏差原因"] = "核实后的差错不影响发放"
    i = score_year(make_year(tmp_path / "b", results=res)).project("P1").indicators[1]
    # the rules give 11.13; the listed override is 12.00
    assert i.overridden and i.score == D("12.00") and i.rule_score == D("11.13")


def test_late_deadline_scores_zero_unless_a_self_score_is_given(tmp_path):
    res = standard_results()
    res[2] = result("P1", "完成时限", "2023-01-10", 偏差原因="验收推迟")
    p = score_year(make_year(tmp_path / "a", results=res)).project("P1")
    assert p.indicators[2].score == 0 and p.indicators[2].status == "late"
    res[2]["自评得分"] = 6
    i = score_year(make_year(tmp_path / "b", results=res)).project("P1").indicators[2]
    assert i.score == D("6.00") and i.rule_score == 0 and i.overridden


def test_override_outside_its_qualitative_band_is_rejected(tmp_path):
    res = standard_results()
    # 部分达成 with w = 15: band [9, 12); 13 is outside
    res[5] = result("P1", "平台持续运行", "部分达成", 自评得分=13)
    with pytest.raises(ValidationError) as e:
        score_year(make_year(tmp_path / "a", results=res))
    p = e.value.problems[0]
    assert p.column == "自评得分" and "[60%, 80%)" in p.message and "9.00, 12.00" in p.message
    res[5]["自评得分"] = 11
    i = score_year(make_year(tmp_path / "b", results=res)).project("P1").indicators[5]
    assert i.score == D("11.00") and i.status == "partial"


def test_missed_and_over_completed_without_a_reason_are_warnings_with_their_cell(tmp_path):
    res = standard_results()
    res[0] = result("P1", "发放户数", "200户")  # 200 ÷ 149 = 134 % ≥ 130 %
    res[1] = result("P1", "发放准确率", "90%")
    p = score_year(make_year(tmp_path, results=res)).project("P1")
    over = [w for w in p.warnings if "发放户数" in w.message]
    missed = [w for w in p.warnings if "发放准确率" in w.message]
    assert len(over) == 1 and "超额完成" in over[0].message
    assert (over[0].sheet, over[0].row, over[0].column, over[0].level) == ("指标完成", 2, "偏差原因", WARNING)
    assert len(missed) == 1 and "未达到指标值" in missed[0].message and missed[0].row == 3
    assert p.indicators[0].status == "over" and p.indicators[0].completion == pytest.approx(200 / 149)


def test_satisfaction_indicator_without_a_value_takes_the_survey_and_flags_a_small_sample(tmp_path):
    res = standard_results()
    res[6] = result("P1", "群众满意度")
    survey = [{"项目编码": "P1", "评价": "满意"}] * 18 + [{"项目编码": "P1", "评价": "不满意"}] * 2
    p = score_year(make_year(tmp_path, results=res, survey=survey)).project("P1")
    i = p.indicators[6]
    # 18 ÷ 20 = 90 % against 90%以上: met
    assert i.actual_text == "90.00%" and i.score == D("10.00") and i.derived.satisfaction.n == 20
    small = [w for w in p.warnings if "仅 20 份" in w.message]
    assert len(small) == 1 and small[0].row == 8
    assert p.satisfaction.n == 20


def test_every_error_of_the_year_is_raised_together(tmp_path):
    res = standard_results()
    res[0] = result("P1", "发放户数", "149人")  # unit mismatch
    res[5] = result("P1", "平台持续运行", "很好")  # not a grade
    res[3] = result("P1", "户均成本", 计算口径="人均:网格员")  # no 发放台账
    with pytest.raises(ValidationError) as e:
        score_year(make_year(tmp_path, results=res))
    cols = sorted((p.row, p.column) for p in e.value.problems)
    assert cols == [(2, "实际完成值"), (5, "计算口径"), (7, "实际完成值")]
    assert all(p.level == ERROR and p.project == "P1" for p in e.value.problems)


def test_score_project_is_the_same_as_in_the_year(tmp_path):
    year = make_year(tmp_path)
    assert score_project(year, "P1") == score_year(year).project("P1")


# --------------------------------------------------------------------------- §7 department

def test_department_execution_areas_and_weighted_mean(tmp_path):
    projects = [{"项目编码": "P1", "项目名称": "甲", "年初预算数": 100},
                {"项目编码": "P2", "项目名称": "乙", "年初预算数": 300}]
    inds = standard_indicators("P1") + standard_indicators("P2")
    res = standard_results("P1") + standard_results("P2")
    res[7 + 1] = result("P2", "发放准确率", "50%", 偏差原因="系统故障")
    pays = [payment("P1", 1_000_000), payment("P2", 2_000_000)]
    di = [{"工作领域": "安全", "指标名称": "考核", "指标值": "85分以上"},
          {"工作领域": "安全", "指标名称": "整改率", "指标值": "95%"},
          {"工作领域": "社区", "指标名称": "运转率", "指标值": "100%"}]
    dr = [{"工作领域": "安全", "指标名称": "考核", "实际完成值": "80分", "偏差原因": "扣分项"},
          {"工作领域": "社区", "指标名称": "运转率", "实际完成值": "100%"}]
    ys = score_year(make_year(tmp_path, projects=projects, indicators=inds, results=res, payments=pays,
                              dept_indicators=di, dept_results=dr))
    d = ys.department
    # execution: (100 + 200) 万 ÷ (100 + 300) 万 = 75 % → 10 × 0.75 = 7.50
    assert d.execution_rate == pytest.approx(0.75) and d.execution_score == D("7.50")
    assert d.budget_wan == D("400.00") and d.spent_wan == D("300.00")
    # areas: 90 ÷ 2 = 45 each; 安全 has two indicators of 22.5
    safety, community = d.areas
    assert (safety.weight, community.weight) == (D(45), D(45))
    # 考核 80 against ≥85: 22.5 × 80 ÷ 85 = 21.176… → 21.18; 整改率 has no result → 0 with a warning
    assert [i.score for i in safety.indicators] == [D("21.18"), 0]
    assert safety.indicators[1].status == "unknown"
    assert any("整改率" in w.message and "0 分" in w.message for w in ys.warnings)
    assert community.score == D("45.00")
    # total = 7.50 + 21.18 + 0 + 45.00 = 73.68 → 中
    assert d.score == D("73.68") and d.grade == "中"
    # P1 = 10 × (100 ÷ 100) + 90 = 100.00; P2 = 10 × (200 ÷ 300) = 6.67 (6.666… half up)
    # + 产出 12.5 × 3 + 12.5 × 50 ÷ 100 (6.25) + 30 + 10 = 6.67 + 83.75 = 90.42
    assert ys.project("P1").score == D("100.00") and ys.project("P2").score == D("90.42")
    # budget-weighted: (100.00 × 100 + 90.42 × 300) ÷ 400 = (10000 + 27126) ÷ 400 = 92.815 → 92.82
    assert d.weighted_project_score == D("92.82")


def test_no_department_indicators_uses_the_projects_for_the_ninety_points(tmp_path):
    ys = score_year(make_year(tmp_path))
    d = ys.department
    assert d.areas == () and d.score == D("100.00")
    assert any("部门指标" in w.message and w.level == "提示" for w in ys.warnings)


# --------------------------------------------------------------------------- the sample year

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "2022"


@pytest.mark.skipif(not (SAMPLE / "actuals.xlsx").exists(), reason="data/2022 not generated yet")
def test_sample_year_jx01_worked_by_hand():
    from jxreport.io.loading import load_year

    ys = score_year(load_year(SAMPLE))
    p = ys.project("JX-01")
    # 全年执行数 = Σ 支出明细 = 2,043,700.00 元 = 204.37 万元; 全年预算数 208 万元 (no adjustment)
    assert p.spent_wan == D("204.37") and p.budget_full_year_wan == D("208.00")
    # rate = 204.37 ÷ 208 = 0.982548… → printed 98.25 % (single half-up rounding of 98.2548…)
    assert p.execution_rate == pytest.approx(204.37 / 208)
    # execution score = 10 × 0.982548 = 9.82548 → 9.83
    assert p.execution_score == D("9.83")
    # the six indicators are all met: 12.5 × 4 + 30 + 10 = 90 → 99.83
    assert p.score == p.execution_score + sum(i.score for i in p.indicators) == D("99.83")


# --------------------------------------------------------------------------- issue 7: speed

def _synthetic_year(n_projects=10_000, per=10, payments_per=10, seed=7) -> Year:
    rnd = random.Random(seed)
    codes = [f"P{i:05d}" for i in range(n_projects)]
    frames = {a: empty_frame(sh) for a, sh in FRAMES.items()}
    projects = pd.DataFrame({"项目编码": codes, "项目名称": [f"项目{i}" for i in range(n_projects)]}, dtype=object)
    projects["年初预算数"] = [float(rnd.randint(10, 1000)) for _ in codes]
    for c in ("本级资金", "上级转移支付", "其他资金", "一季度", "二季度", "三季度", "四季度"):
        projects[c] = np.nan
    for c in ("主要用途", "绩效目标", "实施单位"):
        projects[c] = None
    projects[ROW] = np.arange(2, 2 + n_projects)
    spec = [("产出指标", "数量指标", "{}个", "{}个"), ("产出指标", "质量指标", "100%", "98%"),
            ("产出指标", "时效指标", "12月底前", "2022-12-20"), ("产出指标", "成本指标", "≤95.3万元", "90万元"),
            ("效益指标", "社会效益指标", "低于5人次", "3人次"), ("效益指标", "可持续影响指标", "平台持续运行", "达成年度指标"),
            ("效益指标", "经济效益指标", "显著提升", "部分达成"), ("产出指标", "数量指标", "{}户", "{}户"),
            ("满意度指标", "服务对象满意度指标", "90%以上", "92%"), ("产出指标", "时效指标", "是", "是")]
    ind, res = [], []
    for c in codes:
        for k in range(per):
            l1, l2, t, a = spec[k % len(spec)]
            n = rnd.randint(1, 200)
            ind.append((c, l1, l2, f"指标{k}", t.format(n)))
            res.append((c, f"指标{k}", a.format(n - rnd.randint(0, 3)), "原因" if k == 6 else None))
    indicators = pd.DataFrame(ind, columns=["项目编码", "一级指标", "二级指标", "三级指标", "指标值"], dtype=object)
    for c in ("指标描述", "指标值确定依据", "指标性质"):
        indicators[c] = None
    indicators["分值"] = np.nan
    indicators[ROW] = np.arange(2, 2 + len(ind))
    results = pd.DataFrame(res, columns=["项目编码", "三级指标", "实际完成值", "偏差原因"], dtype=object)
    for c in ("计算口径", "改进措施", "佐证材料"):
        results[c] = None
    results["自评得分"] = np.nan
    results[ROW] = np.arange(2, 2 + len(res))
    pays = [(c, dt.date(2022, 1 + k % 12, 15), round(b * 10000 / payments_per * rnd.uniform(0.9, 1.0), 2))
            for c, b in zip(codes, projects["年初预算数"]) for k in range(payments_per)]
    payments = pd.DataFrame(pays, columns=["项目编码", "支付日期", "金额"], dtype=object)
    payments["金额"] = payments["金额"].astype(float)
    payments["摘要"] = None
    payments["测算明细"] = None
    payments[ROW] = np.arange(2, 2 + len(pays))
    frames.update(projects=projects, indicators=indicators, results=results, payments=payments)
    return Year(data_dir=".", year=2022, unit_name="合成单位", department=None, overall_goal=None, **frames)


def test_a_large_synthetic_year_scores_every_indicator_and_adds_up():
    # Speed is measured in benchmarks/ (10,000 projects / 100,000 indicators), never asserted here.
    year = _synthetic_year(1_000)
    ys = score_year(year, MOF)
    assert len(ys.projects) == 1_000 and sum(len(p.indicators) for p in ys.projects) == 10_000
    for p in ys.projects:
        assert p.score == p.execution_score + sum(i.score for i in p.indicators)
        assert sum(i.weight for i in p.indicators) + p.execution_weight == 100


def test_department_errors_are_reported_with_the_project_errors(tmp_path):
    res = standard_results()
    res[0] = result("P1", "发放户数", "149人")  # a project error
    di = [{"工作领域": "安全", "指标名称": "考核", "指标值": "85分以上"}]
    dr = [{"工作领域": "安全", "指标名称": "考核", "实际完成值": "良好"}]  # not a number: a department error
    with pytest.raises(ValidationError) as e:
        score_year(make_year(tmp_path, results=res, dept_indicators=di, dept_results=dr))
    sheets = sorted((p.sheet, p.row) for p in e.value.problems)
    assert sheets == [("指标完成", 2), ("部门指标完成", 2)]
