"""计算口径: values derived from the records, each with a derivation a reader can redo."""

from __future__ import annotations

import datetime as dt

import pytest

from jxreport.scoring.derive import derive, sum_money
from jxreport.core.exceptions import ValidationError
from jxreport.scoring.rules import load_rules
from jxreport.scoring.scorer import score_year

from scoring_fixtures import indicator, make_year, payment, result

MOF = load_rules("mof-2020")
LOCAL = load_rules("local-linear")


def _grants():
    rows = []
    for i in range(44):  # 网格长 550 元/人/月 × 12 月
        rows += [{"项目编码": "P1", "类别": "网格长", "人员编号": f"Z{i:02d}", "月份": m, "金额": 550} for m in range(1, 13)]
    for i in range(88):  # 网格员 400 元/人/月 × 12 月
        rows += [{"项目编码": "P1", "类别": "网格员", "人员编号": f"Y{i:02d}", "月份": m, "金额": 400} for m in range(1, 13)]
    for i in range(9):  # 村干部: 9 paid of 10 planned, 3 months each
        rows += [{"项目编码": "P1", "类别": "村干部", "人员编号": f"C{i}", "月份": m, "金额": 1000} for m in (1, 2, 3)]
    return rows


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    calc = [
        {"项目编码": "P1", "明细名称": "网格长补贴", "单价": 550, "数量": 44, "月数": 12, "测算金额": 29.04},
        {"项目编码": "P1", "明细名称": "网格员补贴", "单价": 400, "数量": 88, "月数": 12, "测算金额": 42.24},
        {"项目编码": "P1", "明细名称": "村干部工资", "单价": 1000, "数量": 10, "月数": 3, "测算金额": 3},
        {"项目编码": "P1", "明细名称": "清场费", "测算金额": 35},
        {"项目编码": "P1", "明细名称": "平台运维费", "测算金额": 24},
        {"项目编码": "P1", "明细名称": "无计划人数", "测算金额": 1},
    ]
    pays = [payment("P1", 712_800, dt.date(2022, 12, 20)), payment("P1", 27_000, dt.date(2022, 4, 1)),
            payment("P1", 200_000, dt.date(2022, 5, 1), "清场费"), payment("P1", 137_500, dt.date(2022, 6, 1), "清场费"),
            payment("P1", 120_000, dt.date(2022, 3, 1), "平台运维费"),
            payment("P1", 120_000, dt.date(2022, 9, 1), "平台运维费")]
    quantities = [{"项目编码": "P1", "名称": "征收亩数", "数量": 96.5, "单位": "亩"},
                  {"项目编码": "P1", "名称": "空地", "数量": 0, "单位": "亩"}]
    survey = ([{"项目编码": "P1", "调查对象": "网格员", "评价": "满意"}] * 40
              + [{"项目编码": "P1", "调查对象": "网格员", "评价": "不满意"}] * 10
              + [{"项目编码": "P1", "调查对象": "居民", "评价": 5}] * 50)
    inds = [indicator("P1", "产出指标", "数量指标", "发放人数", "132人"),
            indicator("P1", "效益指标", "社会效益指标", "效益", "90%"),
            indicator("P1", "满意度指标", "服务对象满意度指标", "满意度", "90%")]
    res = [result("P1", "发放人数", "132人"), result("P1", "效益", "95%"), result("P1", "满意度", "95%")]
    projects = [{"项目编码": "P1", "项目名称": "网格化管理建设费用", "年初预算数": 150}]
    adjustments = [{"项目编码": "P1", "调整金额": 50}]
    return make_year(tmp_path_factory.mktemp("derive"), projects=projects, indicators=inds, results=res,
                     payments=pays, calc_lines=calc, quantities=quantities, survey=survey, grants=_grants(),
                     adjustments=adjustments)


def d(year, formula, rules=MOF):
    return derive(year, "P1", formula, rules, row=9)


def test_persons_counts_distinct_people(year):
    r = d(year, "人数:网格长,网格员")
    assert r.value == 132 and r.unit == "人"
    assert r.derivation == "网格长 44 人 + 网格员 88 人 = 132 人"
    assert d(year, "人数：网格长").value == 44  # full-width colon


def test_payments_count_person_months(year):
    # 网格长 44 人 × 12 月 = 528 人次
    r = d(year, "人次:网格长")
    assert r.value == 528 and r.unit == "人次" and "528 人次" in r.derivation


def test_per_person_is_amount_over_distinct_persons(year):
    # 44 × 12 × 550 = 290,400 + 88 × 12 × 400 = 422,400 → 712,800 元 ÷ 132 人 = 5,400.00 元/人
    r = d(year, "人均:网格长,网格员")
    assert r.value == 5400 and r.unit == "元/人"
    assert r.derivation == "712,800.00 元 ÷ 132 人 = 5,400.00 元/人"
    assert dict(r.inputs) == {"发放金额": "712,800.00 元", "人数": "132 人"}


def test_per_person_month_is_amount_over_payments(year):
    # 422,400 元 ÷ (88 × 12 = 1,056 人次) = 400.00 元/人/月
    r = d(year, "人均月:网格员")
    assert r.value == 400 and r.unit == "元/人/月"
    assert r.derivation == "422,400.00 元 ÷ 1,056 人次 = 400.00 元/人/月"


def test_pay_rate_matches_plan_lines_by_name_prefix(year):
    # 网格长补贴 and 网格员补贴 start with their 类别: (528 + 1,056) ÷ (44 × 12 + 88 × 12) = 100 %
    r = d(year, "发放率:网格长,网格员")
    assert r.value == 100 and r.unit == "%"
    assert r.derivation == ("实发 1,584 人·月 ÷ 计划 1,584 人·月"
                            "（测算明细 网格长补贴 44 人 × 12 月 + 网格员补贴 88 人 × 12 月）= 100.00%")
    # 村干部: 9 paid × 3 months = 27 ÷ (10 × 3 = 30) planned = 90.00 %
    assert d(year, "发放率:村干部").value == pytest.approx(90.0)


def test_quantity(year):
    r = d(year, "实物量:征收亩数")
    assert r.value == 96.5 and r.unit == "亩" and r.derivation == "「实物量」征收亩数 = 96.50 亩"


def test_unit_cost_is_line_spending_over_a_quantity(year):
    # (200,000 + 137,500) 元 ÷ 96.5 亩 = 3,497.4093… → 3,497.41 元/亩
    r = d(year, "单位成本:清场费/征收亩数")
    assert r.value == pytest.approx(337_500 / 96.5) and r.unit == "元/亩"
    assert r.derivation == "清场费 支出 337,500.00 元 ÷ 征收亩数 96.50 亩 = 3,497.41 元/亩"


def test_spending_on_a_line_in_wan(year):
    # 120,000 + 120,000 = 240,000 元 = 24.00 万元
    r = d(year, "支出:平台运维费")
    assert r.value == 24 and r.unit == "万元" and "240,000.00 元 = 24.00 万元" in r.derivation


def test_execution_rate_by_rule_denominator(year):
    # Σ 支出明细 = 712,800 + 27,000 + 337,500 + 240,000 = 1,317,300 元
    # 全年预算数 = 150 + 50 = 200 万元 → 1,317,300 ÷ 2,000,000 = 65.865 % → 65.87 %
    r = d(year, "预算执行率")
    assert r.value == pytest.approx(65.865) and r.unit == "%"
    assert r.derivation == "全年执行数 1,317,300.00 元 ÷ 全年预算数 2,000,000.00 元 = 65.87%"
    # 年初预算数 (local-linear): 1,317,300 ÷ 1,500,000 = 87.82 %
    r = d(year, "预算执行率", LOCAL)
    assert r.value == pytest.approx(87.82) and "年初预算数 1,500,000.00 元" in r.derivation


def test_satisfaction_whole_and_by_group(year):
    # 网格员 40 满意 + 居民 50 × 5 分 (非常满意) = 90 of 100
    r = d(year, "满意度")
    assert r.value == pytest.approx(90.0) and r.satisfaction.n == 100
    assert r.derivation.startswith("（非常满意 50 + 满意 40 + 基本满意 0）÷ 100 份有效答卷 = 90.00%")
    assert "82.56%–94.48%" in r.derivation
    g = d(year, "满意度:网格员")
    assert g.value == pytest.approx(80.0) and g.satisfaction.group == "网格员" and g.satisfaction.n == 50


@pytest.mark.parametrize("formula, words", [
    ("人数:网格X", "没有类别「网格X」"),
    ("人数:网格长,保洁员", "保洁员"),
    ("发放率:保洁", "发放台账"),
    ("发放率:网格长,村干部", None),  # all present: no error
    ("单位成本:清场费/空地", "为 0，不能作分母"),
    ("单位成本:清场费/拆迁户数", "实物量"),
    ("实物量:拆迁户数", "征收亩数"),
    ("支出:宣传费", "宣传费"),
    ("满意度:干部", "现有调查对象：居民、网格员"),
])
def test_missing_inputs_are_problems_naming_the_cell(year, formula, words):
    if words is None:
        # person-months: (44 × 12 + 9 × 3) ÷ (44 × 12 + 10 × 3) = 555 ÷ 558
        assert d(year, formula).value == pytest.approx((44 * 12 + 9 * 3) / (44 * 12 + 10 * 3) * 100)
        return
    with pytest.raises(ValidationError) as e:
        d(year, formula)
    (p,) = e.value.problems
    assert (p.sheet, p.row, p.column, p.project) == ("指标完成", 9, "计算口径", "P1")
    assert words in p.message and formula.split(":")[0] in p.message


def test_pay_rate_without_planned_persons_is_a_problem_not_a_division_by_zero(tmp_path):
    grants = [{"项目编码": "P1", "类别": "无计划人数", "人员编号": "A", "月份": 1, "金额": 10}]
    calc = [{"项目编码": "P1", "明细名称": "无计划人数", "测算金额": 1}]
    year = make_year(tmp_path, grants=grants, calc_lines=calc)
    with pytest.raises(ValidationError, match="数量」为空"):
        derive(year, "P1", "发放率:无计划人数", MOF, row=3)


def test_derived_values_feed_the_score(tmp_path):
    inds = [indicator("P1", "产出指标", "成本指标", "人均补贴", "≤6000元"),
            indicator("P1", "效益指标", "社会效益指标", "发放人数", "140人"),
            indicator("P1", "满意度指标", "服务对象满意度指标", "满意度", "90%")]
    res = [result("P1", "人均补贴", 计算口径="人均:网格长,网格员"), result("P1", "发放人数", 计算口径="人数:网格长,网格员",
                                                                  偏差原因="缺员"),
           result("P1", "满意度", "95%")]
    grants = [g for g in _grants() if g["类别"] != "村干部"]
    year = make_year(tmp_path, indicators=inds, results=res, grants=grants, payments=[payment("P1", 712_800)])
    p = score_year(year).project("P1")
    per_person, persons = p.indicators[0], p.indicators[1]
    # 5,400 元/人 against ≤6000元 (a per-person target written in 元): met
    assert per_person.actual_text == "5,400.00 元/人" and per_person.status == "met"
    assert per_person.derived.derivation == "712,800.00 元 ÷ 132 人 = 5,400.00 元/人"
    # 132 ÷ 140 × 30 = 28.2857… → 28.29
    assert persons.actual_text == "132 人" and str(persons.score) == "28.29"


def test_sum_money_is_exact():
    assert sum_money([0.1] * 10) == 1
    assert sum_money([0.29, 0.01, -0.3]) == 0
    assert str(sum_money([1.005, 2.0001])) == "3.0051"  # amounts finer than a cent are kept


def test_pay_rate_counts_person_months_with_vacancy_and_replacement(tmp_path):
    # 网格员 4 planned × 12 months = 48 person-months. A, B, C paid all year (36); D paid Jan–Jun (6),
    # July vacant, E replaces D Aug–Dec (5): 47 paid. 5 distinct persons, yet 47 ÷ 48 = 97.92 %.
    grants = [{"项目编码": "P1", "类别": "网格员", "人员编号": p, "月份": m, "金额": 400}
              for p in "ABC" for m in range(1, 13)]
    grants += [{"项目编码": "P1", "类别": "网格员", "人员编号": "D", "月份": m, "金额": 400} for m in range(1, 7)]
    grants += [{"项目编码": "P1", "类别": "网格员", "人员编号": "E", "月份": m, "金额": 400} for m in range(8, 13)]
    calc = [{"项目编码": "P1", "明细名称": "网格员补贴", "单价": 400, "数量": 4, "月数": 12, "测算金额": 1.92}]
    y = make_year(tmp_path, projects=[{"项目编码": "P1", "项目名称": "网格", "年初预算数": 2}],
                  indicators=[indicator("P1", "产出指标", "数量指标", "发放率", "100%")],
                  results=[result("P1", "发放率", 计算口径="发放率:网格员")], payments=[payment("P1", 18_800, dt.date(2022, 12, 20))],
                  calc_lines=calc, grants=grants)
    r = d(y, "发放率:网格员")
    assert r.derivation == "实发 47 人·月 ÷ 计划 48 人·月（测算明细 网格员补贴 4 人 × 12 月）= 97.92%"


def test_projects_with_the_same_figures_share_a_derivation_and_others_keep_theirs(tmp_path):
    """A year prints each distinct derivation once; a project's own figures are never swapped for another's."""
    def grants(code, persons, amount):
        return [{"项目编码": code, "类别": "网格员", "人员编号": f"{code}-{i}", "月份": m, "金额": amount}
                for i in range(persons) for m in range(1, 13)]

    def calc(code, name, persons):
        return {"项目编码": code, "明细名称": name, "单价": 400, "数量": persons, "月数": 12, "测算金额": 1}

    codes = ["P1", "P2", "P3", "P4"]
    formulas = {"人均": ("人均:网格员", "≤6000元"), "人数": ("人数:网格员", "1人"), "发放率": ("发放率:网格员", "90%")}
    inds = [indicator(c, "产出指标", "数量指标", name, target) for c in codes for name, (_, target) in formulas.items()]
    res = [result(c, name, 计算口径=f, 偏差原因="说明") for c in codes for name, (f, _) in formulas.items()]
    year = make_year(
        tmp_path, projects=[{"项目编码": c, "项目名称": c, "年初预算数": 100} for c in codes],
        indicators=inds, results=res, payments=[payment(c, 1000) for c in codes],
        grants=grants("P1", 2, 400) + grants("P2", 2, 400) + grants("P3", 3, 400) + grants("P4", 2, 500),
        calc_lines=[calc("P1", "网格员补贴", 2), calc("P2", "网格员补贴", 2), calc("P3", "网格员补贴", 4),
                    calc("P4", "网格员工资", 2)])
    texts = {p.code: [i.derived.derivation for i in p.indicators] for p in score_year(year).projects}
    assert texts["P1"] == texts["P2"] == [
        "9,600.00 元 ÷ 2 人 = 4,800.00 元/人", "「发放台账」网格员 不重复人员编号 2 人",
        "实发 24 人·月 ÷ 计划 24 人·月（测算明细 网格员补贴 2 人 × 12 月）= 100.00%"]
    assert texts["P3"] == [
        "14,400.00 元 ÷ 3 人 = 4,800.00 元/人", "「发放台账」网格员 不重复人员编号 3 人",
        "实发 36 人·月 ÷ 计划 48 人·月（测算明细 网格员补贴 4 人 × 12 月）= 75.00%"]
    assert texts["P4"] == [
        "12,000.00 元 ÷ 2 人 = 6,000.00 元/人", "「发放台账」网格员 不重复人员编号 2 人",
        "实发 24 人·月 ÷ 计划 24 人·月（测算明细 网格员工资 2 人 × 12 月）= 100.00%"]
