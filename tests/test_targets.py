"""The target grammar (docs/scoring.md §1): every 指标值 of the seed document, and the edges."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxreport.grammar.targets import (
    KINDS,
    OPS,
    Actual,
    Target,
    _plain_actual,
    _read_actual,
    canonical_level2,
    compare_units,
    parse_actual,
    parse_target,
)

YEAR = 2022
D = dt.date

# (指标值, 二级指标, kind, op, value, unit, flags) — the project tables of the seed document,
# in the order they appear there.
SEED_PROJECT_TARGETS = [
    # 村干部工资、保险和聘用人员工资
    ("100%", "数量指标", "quantitative", ">=", 100.0, "%", ("op-from-level2",)),
    ("100%", "质量指标", "quantitative", ">=", 100.0, "%", ("op-from-level2",)),
    ("是", "时效指标", "boolean", "=", True, None, ()),
    # 预算完成率 95% under 成本指标: a bare number under 成本指标 reads ≤ (the rule is kept)
    ("95%", "成本指标", "quantitative", "<=", 95.0, "%", ("op-from-level2",)),
    ("90%", "可持续影响指标", "quantitative", ">=", 90.0, "%", ("op-from-level2",)),
    ("85%以上", "服务对象满意度指标", "quantitative", ">=", 85.0, "%", ()),
    # 社区运行经费
    ("3个", "数量指标", "quantitative", ">=", 3.0, "个", ("op-from-level2",)),
    ("90%", "质量指标", "quantitative", ">=", 90.0, "%", ("op-from-level2",)),
    ("12月底前", "时效指标", "deadline", "<=", D(2022, 12, 31), None, ()),
    ("30万", "成本指标", "quantitative", "<=", 300000.0, "元", ("op-from-level2", "unit-inferred")),
    ("低于1次", "可持续影响指标", "quantitative", "<", 1.0, "次", ()),
    ("85%以上", "服务对象满意度", "quantitative", ">=", 85.0, "%", ()),
    # 网格化管理建设费用
    ("88人", "数量指标", "quantitative", ">=", 88.0, "人", ("op-from-level2",)),
    ("95%", "质量指标", "quantitative", ">=", 95.0, "%", ("op-from-level2",)),
    ("5天内", "时效指标", "quantitative", "<=", 5.0, "天", ()),
    ("95.3万元", "成本指标", "quantitative", "<=", 953000.0, "元", ("op-from-level2",)),
    ("平台持续运行", "可持续影响指标", "qualitative", None, None, None, ("vague",)),
    ("85%以上", "服务对象满意度指标", "quantitative", ">=", 85.0, "%", ()),
    # 征地拆迁补偿款
    ("100亩", "数量指标", "quantitative", ">=", 100.0, "亩", ("op-from-level2",)),
    ("100%", "质量指标", "quantitative", ">=", 100.0, "%", ("op-from-level2",)),
    ("12月底前", "时效指标", "deadline", "<=", D(2022, 12, 31), None, ()),
    ("3500元", "成本指标", "quantitative", "<=", 3500.0, "元", ("op-from-level2",)),
    ("90%", "可持续影响指标", "quantitative", ">=", 90.0, "%", ("op-from-level2",)),
    ("85%以上", "服务对象满意度指标", "quantitative", ">=", 85.0, "%", ()),
    # 补偿安置费
    ("149户", "数量指标", "quantitative", ">=", 149.0, "户", ("op-from-level2",)),
    ("100%", "质量指标", "quantitative", ">=", 100.0, "%", ("op-from-level2",)),
    ("12月底前", "时效指标", "deadline", "<=", D(2022, 12, 31), None, ()),
    ("100%", "成本指标", "quantitative", "<=", 100.0, "%", ("op-from-level2",)),
    ("低于5人次", "可持续影响指标", "quantitative", "<", 5.0, "人次", ()),
    ("90%以上", "服务对象满意度指标", "quantitative", ">=", 90.0, "%", ()),
    # 龙王庙、马家屯市场改造经费 (the document is cut after this row)
    ("2次", "数量指标", "quantitative", ">=", 2.0, "次", ("op-from-level2",)),
]

# The department goals' indicators (部门整体绩效目标): each clause as written, with no 二级指标.
SEED_DEPARTMENT_INDICATORS = [
    # （一）安全和环境卫生工作
    ("安全生产考核结果在85分以上", "quantitative", ">=", 85.0, "分", ()),
    ("对检查发现的安全隐患，按照隐患整改率达到95以上", "quantitative", ">=", 95.0, None, ("unit-missing",)),
    ("食品安全规范办证率95%，办证时间控制在5个工作日内", "quantitative", ">=", 95.0, "%",
     ("multi-value", "op-from-level2")),
    ("公共区域整洁程度95%以上", "quantitative", ">=", 95.0, "%", ()),
    # （二）农村经济发展
    ("惠农补贴资金发放率100%", "quantitative", ">=", 100.0, "%", ("op-from-level2",)),
    ("农民对农业政策的满意度90%以上为优秀", "quantitative", ">=", 90.0, "%", ()),
    ("动植物防疫事故发生率小于1%", "quantitative", "<", 1.0, "%", ()),
    ("农村统计工作完成率90%以上", "quantitative", ">=", 90.0, "%", ()),
    ("散煤全面禁燃率100%", "quantitative", ">=", 100.0, "%", ("op-from-level2",)),
    # （三）社会事务管理
    ("《就业创业证》办理时间控制在2个工作日内", "quantitative", "<=", 2.0, "工作日", ()),
    ("“零就业家庭”动态归零", "quantitative", "<=", 0.0, None, ("zero-target",)),
    ("社保补贴到位率100%", "quantitative", ">=", 100.0, "%", ("op-from-level2",)),
    ("医疗保险参保率大于90%", "quantitative", ">", 90.0, "%", ()),
    ("养老资格认证率大于80%", "quantitative", ">", 80.0, "%", ()),
    ("保障性住房以及民政事务申请受理率100%", "quantitative", ">=", 100.0, "%", ("op-from-level2",)),
    # （4）重点项目服务推进
    ("重点项目建设施工进度完成目标的90%以上", "quantitative", ">=", 90.0, "%", ()),
    ("对重点项目了解认知度90%以上", "quantitative", ">=", 90.0, "%", ()),
    ("发放过渡费或租地费村的增减人口统计准确率、资金发放及时率100%，受益群众满意度90%以上",
     "quantitative", ">=", 100.0, "%", ("multi-value", "op-from-level2")),
    # （五）信访、综治以及扫黑除恶
    ("工作完成率90%以上", "quantitative", ">=", 90.0, "%", ()),
    ("群众满意度100%为优秀，群体性事件发生比率低于10%为差", "quantitative", ">=", 100.0, "%",
     ("multi-value", "op-from-level2")),
    # （六）社区建设与服务
    ("社区正常运转率100%", "quantitative", ">=", 100.0, "%", ("op-from-level2",)),
    ("社区服务能力显著提升", "qualitative", None, None, None, ("vague",)),
    ("群众满意度显著提高", "qualitative", None, None, None, ("vague",)),
    ("群众对社区活动的参与度逐步提高", "qualitative", None, None, None, ("vague",)),
    # （七）基层组织建设
    ("村干部工资及考核奖按时、足额发放", "boolean", "=", True, None, ()),
    ("村级考核公开、公正、透明", "qualitative", None, None, None, ("unparsed",)),
    ("村级组织是否正常运转", "boolean", "=", True, None, ()),
    ("党员活动顺利开展", "qualitative", None, None, None, ("unparsed",)),
    ("群众满意度显著提升", "qualitative", None, None, None, ("vague",)),
    # （八）综合执法工作
    ("开展4次以上法律知识宣传且宣传效果明显", "quantitative", ">=", 4.0, "次", ()),
    ("组织2次以上执法培训，培训率为90%以上", "quantitative", ">=", 2.0, "次", ("multi-value",)),
    ("执法办结率100%", "quantitative", ">=", 100.0, "%", ("op-from-level2",)),
    ("群众满意度不断提升", "qualitative", None, None, None, ("vague",)),
]

# The target phrases inside the department clauses, read on their own.
SEED_DEPARTMENT_PHRASES = [
    ("85分以上", "quantitative", ">=", 85.0, "分", ()),
    ("95以上", "quantitative", ">=", 95.0, None, ("unit-missing",)),
    ("95%", "quantitative", ">=", 95.0, "%", ("op-from-level2",)),
    ("5个工作日内", "quantitative", "<=", 5.0, "工作日", ()),
    ("控制在5个工作日内", "quantitative", "<=", 5.0, "工作日", ()),
    ("95%以上", "quantitative", ">=", 95.0, "%", ()),
    ("100%", "quantitative", ">=", 100.0, "%", ("op-from-level2",)),
    ("90%以上", "quantitative", ">=", 90.0, "%", ()),
    ("小于1%", "quantitative", "<", 1.0, "%", ()),
    ("2个工作日内", "quantitative", "<=", 2.0, "工作日", ()),
    ("动态归零", "quantitative", "<=", 0.0, None, ("zero-target",)),
    ("大于90%", "quantitative", ">", 90.0, "%", ()),
    ("大于80%", "quantitative", ">", 80.0, "%", ()),
    ("100%为优秀", "quantitative", ">=", 100.0, "%", ("op-from-level2",)),
    ("低于10%", "quantitative", "<", 10.0, "%", ()),
    ("低于10%为差", "quantitative", "<", 10.0, "%", ()),
    ("显著提升", "qualitative", None, None, None, ("vague",)),
    ("显著提高", "qualitative", None, None, None, ("vague",)),
    ("逐步提高", "qualitative", None, None, None, ("vague",)),
    ("按时、足额发放", "boolean", "=", True, None, ()),
    ("4次以上", "quantitative", ">=", 4.0, "次", ()),
    ("2次以上", "quantitative", ">=", 2.0, "次", ()),
    ("不断提升", "qualitative", None, None, None, ("vague",)),
    ("效果明显", "qualitative", None, None, None, ("vague",)),
]


def _check(t: Target, kind, op, value, unit, flags):
    assert t.kind == kind
    assert t.op == op
    if isinstance(value, float):
        assert isinstance(t.value, float) and t.value == value
    else:
        assert t.value == value
    assert t.unit == unit
    assert t.flags == tuple(sorted(flags))


@pytest.mark.parametrize(
    "text,level2,kind,op,value,unit,flags",
    SEED_PROJECT_TARGETS,
    ids=[f"{i:02d}-{r[1]}-{r[0]}" for i, r in enumerate(SEED_PROJECT_TARGETS)],
)
def test_seed_project_targets(text, level2, kind, op, value, unit, flags):
    _check(parse_target(text, level2, YEAR), kind, op, value, unit, flags)


@pytest.mark.parametrize(
    "text,kind,op,value,unit,flags",
    SEED_DEPARTMENT_INDICATORS,
    ids=[f"{i:02d}-{r[0][:12]}" for i, r in enumerate(SEED_DEPARTMENT_INDICATORS)],
)
def test_seed_department_indicators(text, kind, op, value, unit, flags):
    _check(parse_target(text, None, YEAR), kind, op, value, unit, flags)


@pytest.mark.parametrize(
    "text,kind,op,value,unit,flags",
    SEED_DEPARTMENT_PHRASES,
    ids=[r[0] for r in SEED_DEPARTMENT_PHRASES],
)
def test_seed_department_phrases(text, kind, op, value, unit, flags):
    _check(parse_target(text, None, YEAR), kind, op, value, unit, flags)


def test_target_keeps_original_text_and_is_frozen():
    t = parse_target(" 85％以上 ", "服务对象满意度指标", YEAR)
    assert t.text == " 85％以上 "
    assert (t.op, t.value, t.unit) == (">=", 85.0, "%")
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.value = 1.0  # type: ignore[misc]


# --------------------------------------------------------------------------- operators

OPERATOR_CASES = [
    ("≥90%", ">="), (">=90%", ">="), ("＞90%", ">"), (">90%", ">"), ("不低于95%", ">="),
    ("不少于3个", ">="), ("至少3个", ">="), ("超过90%", ">"), ("高于90%", ">"), ("大于等于90%", ">="),
    ("≤95.3万元", "<="), ("<=5天", "<="), ("<5天", "<"), ("不超过5人次", "<="), ("不高于5%", "<="),
    ("不多于3次", "<="), ("少于3次", "<"), ("5%以下", "<="), ("5%以内", "<="), ("控制在5%以内", "<="),
    ("控制在5%之内", "<="), ("控制在5%", "<="), ("=100%", "="), ("＝100%", "="), ("等于8个", "="),
    ("达到95%", ">="), ("达到95%以上", ">="), ("90%(含)以上", ">="), ("90%及以上", ">="),
]


@pytest.mark.parametrize("text,op", OPERATOR_CASES, ids=[c[0] for c in OPERATOR_CASES])
def test_operator_words(text, op):
    t = parse_target(text, "数量指标", YEAR)
    assert t.kind == "quantitative"
    assert t.op == op
    assert "op-from-level2" not in t.flags


@pytest.mark.parametrize("level2", ["成本指标", "成本", "数量指标", "服务对象满意度", None])
def test_explicit_operator_beats_level2(level2):
    assert parse_target("≥90%", level2, YEAR).op == ">="
    assert parse_target("90%以上", level2, YEAR).op == ">="
    assert parse_target("低于1次", level2, YEAR).op == "<"
    assert parse_target("5天内", level2, YEAR).op == "<="


@pytest.mark.parametrize(
    "level2,op",
    [("成本指标", "<="), ("成本", "<="), ("数量指标", ">="), ("质量指标", ">="), ("时效指标", ">="),
     ("经济效益指标", ">="), ("社会效益指标", ">="), ("生态效益指标", ">="), ("可持续影响指标", ">="),
     ("服务对象满意度指标", ">="), ("服务对象满意度", ">="), ("满意度指标", ">="), (None, ">="),
     ("某种新指标", ">=")],
)
def test_bare_number_takes_direction_from_level2(level2, op):
    t = parse_target("90%", level2, YEAR)
    assert t.op == op
    assert "op-from-level2" in t.flags


def test_canonical_level2():
    assert canonical_level2("服务对象满意度") == "服务对象满意度指标"
    assert canonical_level2(" 成本指标 ") == "成本指标"
    assert canonical_level2("效益") == "效益"
    assert canonical_level2(None) is None
    assert canonical_level2(3) is None


# --------------------------------------------------------------------------- 指标性质

@pytest.mark.parametrize(
    "nature,op", [("≥", ">="), (">=", ">="), ("≤", "<="), ("<=", "<="), ("=", "="), ("＝", "="), ("≧", ">=")]
)
def test_nature_overrides_operator(nature, op):
    t = parse_target("95%", "成本指标", YEAR, nature=nature)
    assert t.op == op
    assert "op-from-nature" in t.flags
    assert "op-from-level2" not in t.flags


def test_nature_beats_explicit_word():
    assert parse_target("低于1次", "可持续影响指标", YEAR, nature="≥").op == ">="
    assert parse_target("85%以上", None, YEAR, "≤").op == "<="


def test_nature_qualitative():
    t = parse_target("95%", "质量指标", YEAR, nature="定性")
    assert (t.kind, t.op, t.value, t.unit, t.flags) == ("qualitative", None, None, None, ("op-from-nature",))


@pytest.mark.parametrize("nature", [None, "", "  ", float("nan")])
def test_nature_absent(nature):
    assert parse_target("95%", "成本指标", YEAR, nature=nature) == parse_target("95%", "成本指标", YEAR)


def test_nature_invalid_and_ignored():
    t = parse_target("95%", "成本指标", YEAR, nature="正反")
    assert t.op == "<=" and "nature-invalid" in t.flags
    t = parse_target("显著提升", None, YEAR, nature="≥")
    assert t.kind == "qualitative" and "nature-ignored" in t.flags
    t = parse_target("是", None, YEAR, nature="=")
    assert t.kind == "boolean" and "nature-ignored" in t.flags


# --------------------------------------------------------------------------- numerals, width

@pytest.mark.parametrize(
    "text,value,unit",
    [("两个", 2.0, "个"), ("三次", 3.0, "次"), ("十二个", 12.0, "个"), ("一百二十人", 120.0, "人"),
     ("三十万元", 300000.0, "元"), ("开展两次培训", 2.0, "次"), ("五个工作日内", 5.0, "工作日"),
     ("百分之九十", 90.0, "%"), ("百分之百", 100.0, "%"), ("百分之95", 95.0, "%")],
)
def test_chinese_numerals(text, value, unit):
    t = parse_target(text, "数量指标", YEAR)
    assert (t.kind, t.value, t.unit) == ("quantitative", value, unit)


@pytest.mark.parametrize("text", ["十分满意", "统一管理", "一次性发放到位", "逐一核对"])
def test_numeral_characters_inside_words_are_not_numbers(text):
    assert parse_target(text, None, YEAR).kind == "qualitative"


@pytest.mark.parametrize(
    "text,op,value,unit",
    [("９５％", "<=", 95.0, "%"), ("＞９０％", ">", 90.0, "%"), ("＝１００％", "=", 100.0, "%"),
     ("９５．３万元", "<=", 953000.0, "元"), ("≤９５．３万元", "<=", 953000.0, "元"),
     ("８５％以上", ">=", 85.0, "%"), ("1,000元", "<=", 1000.0, "元"), ("95 %", "<=", 95.0, "%")],
)
def test_full_width_and_spacing(text, op, value, unit):
    t = parse_target(text, "成本指标", YEAR)
    assert (t.kind, t.op, t.value, t.unit) == ("quantitative", op, value, unit)


# --------------------------------------------------------------------------- units, money

@pytest.mark.parametrize(
    "text,level2,value,unit,flags",
    [("95.3万元", "成本指标", 953000.0, "元", {"op-from-level2"}),
     ("30万", "成本指标", 300000.0, "元", {"op-from-level2", "unit-inferred"}),
     ("30万", "经济效益指标", 300000.0, "元", {"op-from-level2", "unit-inferred"}),
     ("投入经费30万", None, 300000.0, "元", {"op-from-level2", "unit-inferred"}),
     ("30万", "数量指标", 300000.0, None, {"op-from-level2", "unit-missing"}),
     ("10万人次", "数量指标", 100000.0, "人次", {"op-from-level2"}),
     ("1.5亿元", "成本指标", 150000000.0, "元", {"op-from-level2"}),
     ("3500元/亩", "成本指标", 3500.0, "元/亩", {"op-from-level2"}),
     ("550元/人/月", "成本指标", 550.0, "元/人/月", {"op-from-level2"}),
     ("1.2万元/亩", "成本指标", 12000.0, "元/亩", {"op-from-level2"}),
     ("3个月内", "时效指标", 3.0, "月", set()),
     ("5日内", "时效指标", 5.0, "天", set()),
     ("2年内", "时效指标", 2.0, "年", set()),
     ("12个月", "数量指标", 12.0, "月", {"op-from-level2"}),
     ("5人/次以上", None, 5.0, "人次", set()),
     ("1000平方米", None, 1000.0, "平方米", {"op-from-level2"}),
     ("约100人", "数量指标", 100.0, "人", {"approx", "op-from-level2"}),
     ("100余户", "数量指标", 100.0, "户", {"approx", "op-from-level2"})],
)
def test_units_and_money(text, level2, value, unit, flags):
    t = parse_target(text, level2, YEAR)
    assert (t.kind, t.value, t.unit) == ("quantitative", value, unit)
    assert set(t.flags) == flags


def test_money_is_exact_in_yuan():
    assert parse_target("95.3万元", "成本指标").value == 953000.0
    assert parse_target("71.28万元", "成本指标").value == 712800.0
    assert parse_target("0.1万元", "成本指标").value == 1000.0


def test_budget_reference():
    for text in ["控制在预算内", "预算内", "控制在预算范围内", "不超预算", "不超过预算", "控制在项目预算以内"]:
        t = parse_target(text, "成本指标", YEAR)
        assert (t.kind, t.op, t.value, t.unit, t.flags) == ("quantitative", "<=", None, "元", ("budget-ref",)), text


@pytest.mark.parametrize(
    "text,unit,flags",
    [("不发生", None, ("zero-target",)), ("未发生", None, ("zero-target",)), ("零", None, ("zero-target",)),
     ("零事故", None, ("zero-target",)), ("0起", "起", ("zero-target",)), ("0次", "次", ("zero-target",)),
     ("0", None, ("zero-target",)), ("不发生群体性事件", None, ("zero-target",))],
)
def test_zero_targets(text, unit, flags):
    t = parse_target(text, "可持续影响指标", YEAR)
    assert (t.kind, t.op, t.value, t.unit, t.flags) == ("quantitative", "<=", 0.0, unit, flags)


def test_ranges():
    t = parse_target("90%-95%", "质量指标", YEAR)
    assert (t.op, t.value, t.unit, t.flags) == (">=", 90.0, "%", ("range",))
    t = parse_target("80~100万元", "成本指标", YEAR)
    assert (t.op, t.value, t.unit, t.flags) == ("<=", 1000000.0, "元", ("range",))


def test_numbers_that_are_not_the_target_are_skipped():
    t = parse_target("第三季度完成率100%", "质量指标", YEAR)
    assert (t.kind, t.value, t.unit) == ("quantitative", 100.0, "%")
    t = parse_target("2022年度补贴发放率100%", "质量指标", YEAR)
    assert (t.value, t.unit) == (100.0, "%")
    t = parse_target("6月30日前完成率达到50%", "时效指标", YEAR)
    assert (t.kind, t.op, t.value, t.unit) == ("quantitative", ">=", 50.0, "%")
    t = parse_target("完成3项内容", "数量指标", YEAR)
    assert (t.op, t.value, t.unit) == (">=", 3.0, "项")


# --------------------------------------------------------------------------- deadlines

@pytest.mark.parametrize(
    "text,expected",
    [("12月底前", D(2022, 12, 31)), ("十二月底前", D(2022, 12, 31)), ("12月底", D(2022, 12, 31)),
     ("11月底", D(2022, 11, 30)), ("2月底前", D(2022, 2, 28)), ("6月30日前", D(2022, 6, 30)),
     ("6月30号之前", D(2022, 6, 30)), ("12月前", D(2022, 12, 31)), ("年底前", D(2022, 12, 31)),
     ("年内", D(2022, 12, 31)), ("年底", D(2022, 12, 31)), ("本年度内", D(2022, 12, 31)),
     ("第三季度末前", D(2022, 9, 30)), ("三季度末", D(2022, 9, 30)), ("第一季度", D(2022, 3, 31)),
     ("上半年", D(2022, 6, 30)), ("下半年", D(2022, 12, 31)), ("项目完成时限12月底前", D(2022, 12, 31)),
     ("于11月30日前完成", D(2022, 11, 30)),
     # an explicit year wins over the fiscal year
     ("2022年11月30日前", D(2022, 11, 30)), ("2023年6月底前", D(2023, 6, 30)),
     ("2023年底前", D(2023, 12, 31)), ("2021-12-20", D(2021, 12, 20)), ("2022/6/1前", D(2022, 6, 1)),
     ("二〇二二年十二月底前", D(2022, 12, 31))],
)
def test_deadlines(text, expected):
    t = parse_target(text, "时效指标", YEAR)
    assert (t.kind, t.op, t.value, t.unit, t.flags) == ("deadline", "<=", expected, None, ())


def test_deadline_years():
    assert parse_target("12月底前", "时效指标", 2021).value == D(2021, 12, 31)
    assert parse_target("2月底前", "时效指标", 2024).value == D(2024, 2, 29)
    assert parse_target("12月底前", "时效指标", "2023").value == D(2023, 12, 31)
    t = parse_target("12月底前", "时效指标")
    assert (t.kind, t.op, t.value, t.flags) == ("deadline", "<=", None, ("year-missing",))
    t = parse_target("2022年11月30日前", "时效指标")
    assert t.value == D(2022, 11, 30) and t.flags == ()


def test_impossible_date_is_unparsed():
    t = parse_target("2月30日前", "时效指标", YEAR)
    assert t.kind == "qualitative"
    assert set(t.flags) == {"date-invalid", "unparsed"}


def test_durations_are_not_deadlines():
    assert parse_target("5年内", "时效指标", YEAR).kind == "quantitative"
    assert parse_target("12个月内", "时效指标", YEAR).kind == "quantitative"


# --------------------------------------------------------------------------- yes / no, qualitative

@pytest.mark.parametrize(
    "text,value",
    [("是", True), ("否", False), ("有", True), ("无", False), ("按时", True), ("按时发放", True),
     ("及时", True), ("足额", True), ("按时足额发放", True), ("按时、足额发放", True), ("及时足额发放", True),
     ("资金是否按时发放", True), ("是。", True)],
)
def test_booleans(text, value):
    t = parse_target(text, "时效指标", YEAR)
    assert (t.kind, t.op, t.value, t.unit, t.flags) == ("boolean", "=", value, None, ())


@pytest.mark.parametrize(
    "text,flags",
    [("平台持续运行", ("vague",)), ("效果明显", ("vague",)), ("显著提升", ("vague",)), ("进一步提高", ("vague",)),
     ("有效改善", ("vague",)), ("稳步推进", ("vague",)), ("大幅减少", ("vague",)), ("良好", ("vague",)),
     ("村级考核公开、公正、透明", ("unparsed",)), ("党员活动顺利开展", ("unparsed",)),
     ("补助发放不及时", ("unparsed",)), ("", ("blank", "unparsed")), ("   ", ("blank", "unparsed")),
     ("🙂🙂", ("unparsed",)), ("%%%", ("unparsed",)), ("≥", ("unparsed",)), ("万", ("unparsed",))],
)
def test_qualitative(text, flags):
    t = parse_target(text, None, YEAR)
    assert (t.kind, t.op, t.value, t.unit, t.flags) == ("qualitative", None, None, None, flags)


# --------------------------------------------------------------------------- non-str input

@pytest.mark.parametrize(
    "value,level2,expected",
    [(None, None, ("qualitative", None, None, None, ("blank", "unparsed"))),
     (float("nan"), None, ("qualitative", None, None, None, ("blank", "unparsed"))),
     (95, "质量指标", ("quantitative", ">=", 95.0, None, ("op-from-level2", "unit-missing"))),
     (0.95, "质量指标", ("quantitative", ">=", 0.95, None, ("op-from-level2", "unit-missing"))),
     (95.3, "成本指标", ("quantitative", "<=", 95.3, None, ("op-from-level2", "unit-missing"))),
     (Decimal("3"), "数量指标", ("quantitative", ">=", 3.0, None, ("op-from-level2", "unit-missing"))),
     (0, "可持续影响指标", ("quantitative", "<=", 0.0, None, ("zero-target",))),
     (float("inf"), None, ("qualitative", None, None, None, ("unparsed",))),
     (True, None, ("boolean", "=", True, None, ())),
     (D(2022, 12, 31), None, ("deadline", "<=", D(2022, 12, 31), None, ())),
     (dt.datetime(2022, 11, 30, 8, 0), None, ("deadline", "<=", D(2022, 11, 30), None, ()))],
)
def test_non_str_targets(value, level2, expected):
    t = parse_target(value, level2, YEAR)
    assert (t.kind, t.op, t.value, t.unit, t.flags) == expected
    assert isinstance(t.text, str)


def test_odd_objects_never_raise():
    for x in [object(), [1, 2], {"a": 1}, b"\xff", 10**400, Decimal("sNaN"), complex(1, 2)]:
        assert parse_target(x, "质量指标", YEAR).kind in KINDS
        assert parse_actual(x, YEAR).kind in KINDS


def test_very_long_text():
    t = parse_target("9" * 5000 + "%", None, YEAR)
    assert t.kind in KINDS
    t = parse_target("显著提升" * 5000, None, YEAR)
    assert t.kind == "qualitative"


# --------------------------------------------------------------------------- property tests

FRAGMENTS = [
    "95", "95.3", "０", "９", "％", "%", "万元", "万", "元", "个工作日", "工作日", "天", "内", "以上",
    "以下", "以内", "不低于", "不超过", "低于", "大于", "≥", "≤", ">", "<", "=", "＝", "12月底前", "年底",
    "第三季度", "上半年", "2022年", "11月30日", "两个", "三次", "十二", "百分之", "零", "〇", "是", "否",
    "按时", "达成年度指标", "部分达成", "未达成", "显著", "持续", "控制在预算内", "预算", "-", "~", "至",
    "(含)", "人/次", "人次", "/亩", "，", "；", "、", "\n", " ", "🙂", "\x00", "点", "亿", "第", "月", "日",
]

texts = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=30),
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join),
    st.tuples(st.text(max_size=5), st.lists(st.sampled_from(FRAGMENTS), max_size=6)).map(
        lambda p: p[0].join(p[1])
    ),
)
level2s = st.sampled_from([None, "成本指标", "数量指标", "时效指标", "服务对象满意度", "", "???"])
natures = st.sampled_from([None, "", "≥", "≤", "=", "定性", "x", float("nan")])
years = st.one_of(st.none(), st.integers(min_value=-5, max_value=10000), st.sampled_from(["2022", "abc", 2022.0]))


@settings(max_examples=400, deadline=None)
@given(texts, level2s, years, natures)
def test_parse_target_never_raises(text, level2, year, nature):
    t = parse_target(text, level2, year, nature)
    assert isinstance(t, Target)
    assert t.kind in KINDS
    assert t.op is None or t.op in OPS
    assert t.flags == tuple(sorted(set(t.flags)))
    if t.kind == "quantitative":
        assert t.value is None or (isinstance(t.value, float) and math.isfinite(t.value))
        assert t.op is not None
    if t.kind == "deadline":
        assert t.value is None or isinstance(t.value, dt.date)
    if t.kind == "boolean":
        assert isinstance(t.value, bool)
    if t.kind == "qualitative":
        assert t.value is None and t.op is None


@settings(max_examples=400, deadline=None)
@given(texts, years, st.one_of(st.none(), texts.map(parse_target)))
def test_parse_actual_never_raises(text, year, target):
    a = parse_actual(text, year, target)
    assert isinstance(a, Actual)
    assert a.kind in KINDS
    assert a.grade is None or a.grade in ("full", "partial", "none")
    if a.kind == "quantitative":
        assert isinstance(a.value, float) and math.isfinite(a.value)
    if target is not None:
        compare_units(target, a)  # must not raise either


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.none(), st.integers(), st.floats(), st.booleans(), st.dates(), st.datetimes(),
                 st.decimals()))
def test_non_str_never_raises(value):
    assert parse_target(value, "成本指标", 2022).kind in KINDS
    assert parse_actual(value, 2022).kind in KINDS


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
       st.sampled_from(["%", "个", "次", "人", "人次", "户", "亩", "元", "天", "工作日", "分", "件"]),
       st.sampled_from([("以上", ">="), ("以内", "<="), ("", None)]))
def test_number_unit_roundtrip(number, unit, suffix):
    text = f"{number}{unit}{suffix[0]}"
    t = parse_target(text, "数量指标", YEAR)
    assert t.kind == "quantitative"
    assert t.value == float(number)
    assert t.unit == unit
    assert t.op == (suffix[1] or ("<=" if number == 0 else ">="))


# --------------------------------------------------------------------------- actuals

@pytest.mark.parametrize(
    "value,kind,val,unit,grade,flags",
    [("98%", "quantitative", 98.0, "%", None, ()),
     ("3个", "quantitative", 3.0, "个", None, ()),
     ("0次", "quantitative", 0.0, "次", None, ()),
     ("10.5万元", "quantitative", 105000.0, "元", None, ()),
     ("4个工作日", "quantitative", 4.0, "工作日", None, ()),
     ("９８％", "quantitative", 98.0, "%", None, ()),
     ("两次", "quantitative", 2.0, "次", None, ()),
     ("2022-12-20", "deadline", D(2022, 12, 20), None, None, ()),
     ("2022年12月20日", "deadline", D(2022, 12, 20), None, None, ()),
     ("2022/12/20", "deadline", D(2022, 12, 20), None, None, ()),
     ("12月20日", "deadline", D(2022, 12, 20), None, None, ()),
     (dt.datetime(2022, 12, 20, 15, 30), "deadline", D(2022, 12, 20), None, None, ()),
     (D(2022, 12, 20), "deadline", D(2022, 12, 20), None, None, ()),
     ("是", "boolean", True, None, None, ()),
     ("否", "boolean", False, None, None, ()),
     ("按时", "boolean", True, None, None, ()),
     ("已完成", "boolean", True, None, None, ()),
     ("未按时", "boolean", False, None, None, ()),
     (True, "boolean", True, None, None, ()),
     ("达成年度指标", "qualitative", None, None, "full", ()),
     ("部分达成年度指标并具有一定效果", "qualitative", None, None, "partial", ()),
     ("未达成年度指标且效果较差", "qualitative", None, None, "none", ()),
     ("达成", "qualitative", None, None, "full", ()),
     ("部分达成", "qualitative", None, None, "partial", ()),
     ("未达成", "qualitative", None, None, "none", ()),
     (98, "quantitative", 98.0, None, None, ("unit-missing",)),
     (0.98, "quantitative", 0.98, None, None, ("unit-missing",)),
     ("98", "quantitative", 98.0, None, None, ("unit-missing",)),
     (None, "qualitative", None, None, None, ("blank",)),
     ("", "qualitative", None, None, None, ("blank",)),
     (float("nan"), "qualitative", None, None, None, ("blank",)),
     ("平台运行正常", "qualitative", None, None, None, ("unparsed",))],
)
def test_parse_actual(value, kind, val, unit, grade, flags):
    a = parse_actual(value, YEAR)
    assert (a.kind, a.value, a.unit, a.grade, a.flags) == (kind, val, unit, grade, flags)


def test_actual_date_without_year():
    a = parse_actual("12月20日")
    assert (a.kind, a.value, a.flags) == ("deadline", None, ("year-missing",))


def test_actual_takes_target_unit():
    t = parse_target("95%", "质量指标", YEAR)
    a = parse_actual(98, YEAR, t)
    assert (a.value, a.unit, a.flags) == (98.0, "%", ("unit-from-target",))
    t = parse_target("30万", "成本指标", YEAR)
    a = parse_actual("28万", YEAR, t)
    assert (a.value, a.unit, a.flags) == (280000.0, "元", ("unit-from-target",))
    a = parse_actual("28万元", YEAR, t)
    assert (a.value, a.unit, a.flags) == (280000.0, "元", ())


def test_actual_zero_words_against_a_count():
    t = parse_target("低于1次", "可持续影响指标", YEAR)
    for word in ["无", "未发生", "没有"]:
        a = parse_actual(word, YEAR, t)
        assert (a.kind, a.value, a.unit) == ("quantitative", 0.0, "次")
    assert parse_actual("无", YEAR).kind == "boolean"


def test_actual_repeating_target_words_is_full():
    t = parse_target("平台持续运行", "可持续影响指标", YEAR)
    a = parse_actual("平台持续运行", YEAR, t)
    assert (a.kind, a.grade, a.flags) == ("qualitative", "full", ("same-as-target",))
    t = parse_target("及时", "时效指标", YEAR)
    a = parse_actual("及时", YEAR, t)
    assert compare_units(t, a) == (True, True)


# --------------------------------------------------------------------------- compare_units

@pytest.mark.parametrize(
    "target,level2,actual,expected",
    [("95%", "质量指标", "98%", (95.0, 98.0)),
     ("≤95.3万元", "成本指标", "90万元", (953000.0, 900000.0)),
     ("≤95.3万元", "成本指标", "900000元", (953000.0, 900000.0)),
     ("3500元", "成本指标", "0.3万元", (3500.0, 3000.0)),
     ("3个", "数量指标", "3个", (3.0, 3.0)),
     ("2次", "数量指标", "2个", (2.0, 2.0)),
     ("88人", "数量指标", "90名", (88.0, 90.0)),
     ("95以上", None, "98%", (95.0, 98.0)),
     ("95%", "质量指标", "98", (95.0, 98.0)),
     ("5个工作日内", "时效指标", "4个工作日", (5.0, 4.0)),
     ("5个工作日内", "时效指标", "4天", None),
     ("5天内", "时效指标", "3个工作日", None),
     ("5天内", "时效指标", "48小时", (5.0, 2.0)),
     ("88人", "数量指标", "88人次", None),
     ("95%", "质量指标", "95元", None),
     ("100亩", "数量指标", "100个", None),
     ("95%", "质量指标", "达成年度指标", None),
     ("控制在预算内", "成本指标", "90万元", None)],
)
def test_compare_units(target, level2, actual, expected):
    t = parse_target(target, level2, YEAR)
    a = parse_actual(actual, YEAR, t)
    assert compare_units(t, a) == expected


def test_compare_deadlines_and_booleans():
    t = parse_target("12月底前", "时效指标", YEAR)
    assert compare_units(t, parse_actual("2022-12-20", YEAR)) == (D(2022, 12, 31), D(2022, 12, 20))
    assert compare_units(t, parse_actual("是", YEAR)) is None
    t = parse_target("是", "时效指标", YEAR)
    assert compare_units(t, parse_actual("否", YEAR)) == (True, False)
    assert compare_units(None, None) is None  # type: ignore[arg-type]


def test_cache_returns_equal_results():
    a = parse_target("85%以上", "服务对象满意度指标", YEAR)
    b = parse_target("85%以上", "服务对象满意度指标", YEAR)
    assert a == b
    assert parse_target("85%以上", "服务对象满意度指标", 2021) == a  # no date: year does not matter


@pytest.mark.parametrize(
    "text, op, value, unit",
    [("≥100百分比", ">=", 100.0, "%"), ("≧735人次", ">=", 735.0, "人次"), ("═100%", "=", 100.0, "%"),
     (">=90%", ">=", 90.0, "%"), ("≦5天", "<=", 5.0, "天")],
)
def test_published_table_wordings(text, op, value, unit):
    """Wordings of published 自评表 (audit): 百分比 as %, ≧ / ═ as ≥ / =."""
    t = parse_target(text, "数量指标")
    assert (t.kind, t.op, t.value, t.unit) == ("quantitative", op, value, unit)


def test_actual_achieved_as_expected_is_full_grade():
    assert parse_actual("达成预期指标").grade == "full"
    assert parse_actual("达成预期目标").grade == "full"


# The plain `number unit` shortcut of the actual reader must give what the full reading gives.
_PLAIN_UNITS = ["万元", "元", "人次", "人", "户", "个", "次", "%", "亩"]


@settings(max_examples=400, deadline=None)
@given(st.from_regex(r"[0-9]{1,40}(\.[0-9]{1,12})?", fullmatch=True), st.sampled_from(_PLAIN_UNITS),
       st.one_of(st.none(), st.integers(1990, 2100)))
def test_plain_actual_reads_as_the_full_reader(number, unit, year):
    text = number + unit
    full = _read_actual(text, year)
    fast = _plain_actual(text)
    if fast is None:  # only a number too large for a float is left to the full reading
        assert full.kind == "qualitative"
    else:
        assert repr(fast) == repr(full)
    assert repr(parse_actual(text, year)) == repr(full)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789.,%万元人次户个亩年月日第以上约余 ０１", max_size=12))
def test_plain_actual_takes_only_texts_it_reads_alike(text):
    fast = _plain_actual(text)
    if fast is not None:
        assert repr(fast) == repr(_read_actual(text, YEAR))
