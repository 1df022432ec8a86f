"""Checks of the targets workbook (T1xx 目标勾稽, R2xx 目标审核): each one triggered by a small
change to the consistent year, and left silent by a near miss."""

from __future__ import annotations

import checks_fixtures as F
import pytest

from jxreport.core import schema as S
from jxreport.checks import run_checks
from jxreport.core.problems import ERROR, HINT, WARNING

IND, CALC, PROJ, DEPT = S.INDICATORS.name, S.CALC_LINES.name, S.PROJECTS.name, S.DEPT_INDICATORS.name


def findings(tmp_path, t, check_id, **kw):
    return [p for p in run_checks(F.load(tmp_path, t), **kw).items if p.id == check_id]


def one(tmp_path, t, check_id):
    found = findings(tmp_path, t, check_id)
    assert len(found) == 1, found
    return found[0]


def set_target(t, code, name, value, **more):
    rec = F.row_of(t, IND, 项目编码=code, 三级指标=name)
    rec["指标值"] = value
    rec.update(more)
    return F.excel_row(t, IND, 项目编码=code, 三级指标=name)


# ---------------------------------------------------------------- T1xx

def test_t101_line_beyond_tolerance(tmp_path):
    t = F.tables()
    F.row_of(t, CALC, 明细名称="网格长补贴")["测算金额"] = 2.80  # 550 × 4 × 12 ÷ 10000 = 2.64
    p = one(tmp_path, t, "T101")
    assert (p.level, p.project, p.sheet, p.row, p.column) == (ERROR, "P1", "测算明细", 2, "测算金额")
    assert p.numbers == (("单价×数量×月数÷10000", "2.64"), ("测算金额", "2.80"), ("差额", "0.16"))
    assert "550 元/人/月 × 4 人 × 12 月 ÷ 10000 = 2.64 万元" in p.message


def test_t101_seed_case_and_t102_rounding(tmp_path):
    """The seed's own lines: 4829 × 9 × 12 = 52.15 declared 52.5 (0.35 > 0.5 % of 52.5 = 0.2625)
    is an error; 1610 × 40 × 12 = 77.28 declared 77.5 (0.22 < 0.3875) is a warning."""
    t = F.tables()
    t[PROJ][0]["年初预算数"] = 138.48
    t[PROJ][0]["上级转移支付"] = 133.48
    t[CALC] += [
        {"项目编码": "P1", "明细名称": "书记工资", "单价": 4829, "数量": 9, "数量单位": "人", "月数": 12, "测算金额": 52.5},
        {"项目编码": "P1", "明细名称": "委员工资", "单价": 1610, "数量": 40, "数量单位": "人", "月数": 12, "测算金额": 77.5},
    ]
    found = run_checks(F.load(tmp_path, t))
    t101 = found.by_id("T101")
    assert [(p.row, p.numbers) for p in t101] == [
        (7, (("单价×数量×月数÷10000", "52.15"), ("测算金额", "52.50"), ("差额", "0.35")))]
    t102 = found.by_id("T102")
    assert [(p.level, p.row, p.numbers) for p in t102] == [
        (WARNING, 8, (("单价×数量×月数÷10000", "77.28"), ("测算金额", "77.50"), ("差额", "0.22")))]


def test_t101_t102_silent_when_exact_or_without_price(tmp_path):
    t = F.tables()
    F.row_of(t, CALC, 明细名称="平台运维费")["测算金额"] = 2.0  # no 单价: nothing to recompute
    found = run_checks(F.load(tmp_path, t))
    assert not found.by_id("T101") and not found.by_id("T102")


def test_t102_rounded_line(tmp_path):
    t = F.tables()
    F.row_of(t, CALC, 明细名称="网格员补贴")["测算金额"] = 3.85  # 3.84; 0.01 ≤ max(0.5 % × 3.85, 0.01)
    t[PROJ][0]["年初预算数"], t[PROJ][0]["上级转移支付"] = 8.49, 3.49
    p = one(tmp_path, t, "T102")
    assert (p.level, p.row, p.numbers[-1]) == (WARNING, 3, ("差额", "0.01"))
    assert not findings(tmp_path / "b", t, "T101")


def test_t103_sum_of_lines_vs_budget(tmp_path):
    t = F.tables()
    t[PROJ][0].update({"年初预算数": 9.0, "上级转移支付": 4.0})  # Σ lines 8.48; 0.52 > 0.045
    p = one(tmp_path, t, "T103")
    assert (p.level, p.project, p.sheet, p.row, p.column) == (ERROR, "P1", "项目", 2, "年初预算数")
    assert p.numbers == (("Σ测算金额", "8.48"), ("年初预算数", "9.00"), ("差额", "0.52"))
    assert "2.64 + 3.84 + 2.00 = 8.48 万元" in p.message


def test_t104_sum_within_tolerance(tmp_path):
    t = F.tables()
    t[PROJ][0].update({"年初预算数": 8.5, "上级转移支付": 3.5})  # 0.02 ≤ 0.5 % × 8.5 = 0.0425
    found = run_checks(F.load(tmp_path, t))
    assert not found.by_id("T103")
    assert [(p.level, p.numbers[-1]) for p in found.by_id("T104")] == [(WARNING, ("差额", "0.02"))]


def test_t105_funds_vs_budget(tmp_path):
    t = F.tables()
    t[PROJ][0]["上级转移支付"] = 3.00  # 5 + 3 = 8.00 ≠ 8.48
    p = one(tmp_path, t, "T105")
    assert (p.level, p.row) == (ERROR, 2)
    assert p.numbers == (("本级资金", "5.00"), ("上级转移支付", "3.00"), ("资金来源合计", "8.00"),
                         ("年初预算数", "8.48"), ("差额", "0.48"))


def test_t105_silent_when_no_source_given(tmp_path):
    t = F.tables()
    for p in t[PROJ]:
        p.pop("本级资金", None), p.pop("上级转移支付", None)
    assert not findings(tmp_path, t, "T105")


def test_t106_missing_quarter_and_t107_no_plan(tmp_path):
    t = F.tables()
    del t[PROJ][0]["二季度"]
    for q in S.QUARTERS:
        t[PROJ][1].pop(q)
    found = run_checks(F.load(tmp_path, t))
    assert [(p.project, p.column, p.level) for p in found.by_id("T106")] == [("P1", "二季度", WARNING)]
    assert [(p.project, p.level) for p in found.by_id("T107")] == [("P2", HINT)]


def test_t108_fourth_quarter_not_100(tmp_path):
    t = F.tables()
    t[PROJ][0]["四季度"] = "90%"
    p = one(tmp_path, t, "T108")
    assert (p.level, p.row, p.column, p.numbers) == (ERROR, 2, "四季度", (("四季度", "90%"), ("应为", "100%")))


def test_t109_count_target_vs_planned_persons(tmp_path):
    """The seed's case in small: 4 网格长 + 8 网格员 = 12 planned, the target says 8 人."""
    t = F.tables()
    row = set_target(t, "P1", "发放人数", "8人")
    p = one(tmp_path, t, "T109")
    assert (p.level, p.project, p.row, p.column) == (WARNING, "P1", row, "指标值")
    assert p.numbers == (("指标值", "8"), ("测算明细人数", "12"), ("差额", "-4"))
    assert "网格长补贴 4 人 + 网格员补贴 8 人 = 12 人" in p.message


def test_t109_accepts_person_months_and_a_named_line(tmp_path):
    t = F.tables()
    set_target(t, "P1", "发放人数", "144人次")  # 12 persons × 12 months
    t[IND].append({"项目编码": "P1", "一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "网格长人数",
                   "指标值": "4人"})  # names one line: compared with that line alone
    t[S.RESULTS.name].append({"项目编码": "P1", "三级指标": "网格长人数", "计算口径": "人数:网格长"})
    assert not findings(tmp_path, t, "T109")


def test_t110_unit_cost_times_count_over_budget(tmp_path):
    t = F.tables()
    row = set_target(t, "P2", "清场费成本", "≤6000元/亩")  # 6000 × 100 亩 = 60 万 > 50 万
    p = one(tmp_path, t, "T110")
    assert (p.level, p.project, p.row) == (WARNING, "P2", row)
    assert p.numbers == (("单位成本", "6,000.00 元"), ("数量", "100 亩"), ("单位成本×数量（万元）", "60.00"),
                         ("年初预算数", "50.00"), ("差额", "10.00"))


def test_t110_community_average_from_lines(tmp_path):
    """平均每个社区投入经费 30万 × 17 个社区 (测算明细) against the budget: 510 fits 510, not 400."""
    t = F.tables()
    t[PROJ].append({"项目编码": "P3", "项目名称": "社区运行经费", "年初预算数": 510, "一季度": 25, "二季度": 50,
                    "三季度": 75, "四季度": 100})
    t[CALC] += [{"项目编码": "P3", "明细名称": "社区办公经费", "单价": 100000, "单价单位": "元/个", "数量": 17,
                 "数量单位": "个", "测算金额": 170},
                {"项目编码": "P3", "明细名称": "社区党组织服务群众专项经费", "单价": 200000, "单价单位": "元/个",
                 "数量": 17, "数量单位": "个", "测算金额": 340}]
    t[IND].append({"项目编码": "P3", "一级指标": "产出指标", "二级指标": "成本指标", "三级指标": "社区投入资金",
                   "指标描述": "平均每个社区投入经费", "指标值": "30万"})
    t[S.RESULTS.name].append({"项目编码": "P3", "三级指标": "社区投入资金", "实际完成值": "29.6万"})
    assert not findings(tmp_path / "fits", t, "T110")
    t[PROJ][-1]["年初预算数"] = 400
    t[CALC][-1]["测算金额"] = 230
    p = one(tmp_path / "over", t, "T110")
    assert p.project == "P3" and p.numbers[1:4] == (("数量", "17 社区"), ("单位成本×数量（万元）", "510.00"),
                                                    ("年初预算数", "400.00"))


def test_t111_money_cost_target_above_budget(tmp_path):
    t = F.tables()
    t[IND].append({"项目编码": "P1", "一级指标": "产出指标", "二级指标": "成本指标", "三级指标": "项目总成本",
                   "指标值": "≤9万元"})
    t[S.RESULTS.name].append({"项目编码": "P1", "三级指标": "项目总成本", "实际完成值": "8.48万元"})
    p = one(tmp_path / "a", t, "T111")
    assert p.numbers == (("指标值（万元）", "9.00"), ("年初预算数", "8.48"), ("差额", "0.52"))
    t[IND][-1]["指标值"] = "≤8.48万元"
    assert not findings(tmp_path / "b", t, "T111")


# ---------------------------------------------------------------- R2xx

def _drop_indicator(t, code, name):
    F.drop(t, IND, 项目编码=code, 三级指标=name)
    F.drop(t, S.RESULTS.name, 项目编码=code, 三级指标=name)


def test_r201_missing_first_level(tmp_path):
    t = F.tables()
    _drop_indicator(t, "P2", "被征地群众满意度")
    p = one(tmp_path, t, "R201")
    assert (p.level, p.project, p.numbers) == (WARNING, "P2", (("缺少", "满意度指标"),))


def test_r202_missing_output_second_level(tmp_path):
    t = F.tables()
    _drop_indicator(t, "P2", "清场费成本")
    _drop_indicator(t, "P2", "完成时限")
    p = one(tmp_path, t, "R202")
    assert (p.project, p.numbers) == ("P2", (("缺少", "时效指标、成本指标"),))
    assert not findings(tmp_path / "b", t, "R201")


def test_r203_number_without_unit(tmp_path):
    t = F.tables()
    row = set_target(t, "P2", "征收完成率", "95以上")
    t[DEPT][1]["指标值"] = "95以上"
    found = findings(tmp_path, t, "R203")
    assert [(p.sheet, p.row, p.project) for p in found] == [("绩效指标", row, "P2"), ("部门指标", 3, None)]
    assert "如「95%以上」" in found[0].message


def test_r203_silent_with_unit_or_zero(tmp_path):
    t = F.tables()
    t[IND].append({"项目编码": "P2", "一级指标": "效益指标", "二级指标": "社会效益指标", "三级指标": "信访次数",
                   "指标值": "不发生"})
    t[S.RESULTS.name].append({"项目编码": "P2", "三级指标": "信访次数", "实际完成值": "0次"})
    assert not findings(tmp_path, t, "R203")


def test_r204_rate_over_100_and_r205_satisfaction(tmp_path):
    t = F.tables()
    r204 = set_target(t, "P2", "征收完成率", "120%")
    r205 = set_target(t, "P2", "被征地群众满意度", "≥105%")
    found = run_checks(F.load(tmp_path, t))
    assert [(p.level, p.row) for p in found.by_id("R204")] == [(WARNING, r204)]
    assert [(p.level, p.row) for p in found.by_id("R205")] == [(ERROR, r205)]


def test_r204_silent_on_growth_rate(tmp_path):
    t = F.tables()
    t[IND].append({"项目编码": "P2", "一级指标": "效益指标", "二级指标": "经济效益指标", "三级指标": "税收增长率",
                   "指标值": "≥120%"})
    t[S.RESULTS.name].append({"项目编码": "P2", "三级指标": "税收增长率", "实际完成值": "125%"})
    assert not findings(tmp_path, t, "R204")


@pytest.mark.parametrize("text, words", [
    ("社区服务能力显著提升", "显著"), ("群众满意度显著提高", "显著"), ("群众对社区活动的参与度逐步提高", "逐步"),
    ("群众满意度不断提升", "不断"), ("开展4次以上法律知识宣传且宣传效果明显", "明显"), ("进一步增强", "进一步"),
    ("有效改善", "有效"),
])
def test_r206_vague_words(text, words):
    from jxreport.checks.target_review import vague_clauses
    found = vague_clauses(text)
    assert found and words in found[0][1]


@pytest.mark.parametrize("text", ["满意度提高5个百分点", "开展4次以上法律知识宣传", "≥90%", "平台持续运行", None])
def test_r206_measured_text_is_not_vague(text):
    from jxreport.checks.target_review import vague_clauses
    assert vague_clauses(text) == []


def test_r206_on_project_and_department_indicators(tmp_path):
    t = F.tables()
    row = set_target(t, "P1", "网格事件处置率", "处置能力显著提升")
    t[DEPT].append({"工作领域": "综合执法工作", "指标名称": "法律知识宣传", "指标值": "开展4次以上法律知识宣传且宣传效果明显"})
    found = findings(tmp_path, t, "R206")
    assert [(p.sheet, p.row, p.project, p.level) for p in found] == [
        ("绩效指标", row, "P1", WARNING), ("部门指标", 4, None, WARNING)]
    assert "「宣传效果明显」" in found[1].message and "建议" in found[1].message


def test_r207_cost_written_ge(tmp_path):
    t = F.tables()
    row = set_target(t, "P2", "清场费成本", "≥3500元/亩")
    found = run_checks(F.load(tmp_path, t))
    assert [(p.row, p.column) for p in found.by_id("R207")] == [(row, "指标值")]
    assert not found.by_id("R209")  # the same fault is not reported twice


def test_r207_from_nature_column_and_silent_on_default(tmp_path):
    t = F.tables()
    row = set_target(t, "P1", "网格员补贴标准", "400元/人/月", 指标性质="≥")
    assert [(p.row, p.column) for p in findings(tmp_path / "a", t, "R207")] == [(row, "指标性质")]
    F.row_of(t, IND, 三级指标="网格员补贴标准").pop("指标性质")  # a bare number under 成本指标 reads as ≤
    assert not findings(tmp_path / "b", t, "R207")


def test_r208_timeliness_without_deadline(tmp_path):
    t = F.tables()
    row = set_target(t, "P1", "补贴发放时限", "是")
    F.row_of(t, S.RESULTS.name, 三级指标="补贴发放时限")["实际完成值"] = "是"
    p = one(tmp_path, t, "R208")
    assert (p.level, p.row) == (WARNING, row)
    set_target(t, "P1", "补贴发放时限", "5个工作日内")
    F.row_of(t, S.RESULTS.name, 三级指标="补贴发放时限")["实际完成值"] = "3个工作日"
    assert not findings(tmp_path / "b", t, "R208")


def test_r209_name_against_direction(tmp_path):
    t = F.tables()
    up = set_target(t, "P1", "网格事件处置率", "≥1%")
    F.row_of(t, IND, 三级指标="网格事件处置率")["三级指标"] = "安全事故发生率"
    F.row_of(t, S.RESULTS.name, 三级指标="网格事件处置率")["三级指标"] = "安全事故发生率"
    down = set_target(t, "P2", "征收完成率", "≤90%")
    found = findings(tmp_path, t, "R209")
    assert [(p.row, p.numbers[-1]) for p in found] == [(up, ("方向", "≥")), (down, ("方向", "≤"))]
    assert "发生率" in found[0].message and "完成率" in found[1].message


def test_r209_head_word_decides(tmp_path):
    from jxreport.checks.target_review import _direction
    assert _direction("投诉办结率") == ("higher", "办结率")
    assert _direction("事故发生率") == ("lower", "发生率")
    assert _direction("过渡费领取村民信访人次") == ("lower", "信访")
    assert _direction("不满意率")[0] == "lower"
    assert _direction("网格员补贴标准") is None


def test_r209_budget_completion_under_cost(tmp_path):
    """The seed's 预算完成率 95% under 成本指标 reads as ≤ 95 % (no operator written)."""
    t = F.tables()
    t[IND].append({"项目编码": "P1", "一级指标": "产出指标", "二级指标": "成本指标", "三级指标": "预算完成率",
                   "指标值": "95%"})
    t[S.RESULTS.name].append({"项目编码": "P1", "三级指标": "预算完成率", "计算口径": "预算执行率"})
    found = run_checks(F.load(tmp_path, t))
    assert [p.numbers for p in found.by_id("R209")] == [(("指标值", "95%"), ("方向", "≤"))]
    # an execution rate as a cost indicator: R213 (警告, with the points it repeats), not R212 as well
    assert len(found.by_id("R213")) == 1 and found.by_id("R213")[0].level == WARNING
    assert not found.by_id("R212")


def test_r210_near_duplicates(tmp_path):
    t = F.tables()
    t[IND].append({"项目编码": "P1", "一级指标": "产出指标", "二级指标": "质量指标", "三级指标": "补贴 发放率",
                   "指标值": "98%"})
    t[IND].append({"项目编码": "P2", "一级指标": "效益指标", "二级指标": "可持续影响指标", "三级指标": "地块开工比例",
                   "指标描述": "征收地块开工率", "指标值": "≥90%"})
    t[S.RESULTS.name] += [{"项目编码": "P1", "三级指标": "补贴 发放率", "实际完成值": "100%"},
                          {"项目编码": "P2", "三级指标": "地块开工比例", "实际完成值": "92%"}]
    found = findings(tmp_path, t, "R210")
    assert [(p.project, p.row, p.column) for p in found] == [("P1", 14, "三级指标"), ("P2", 15, "指标描述")]
    assert "第 3 行" in found[0].message and "第 12 行" in found[1].message


def test_r210_silent_on_different_values(tmp_path):
    t = F.tables()
    t[IND].append({"项目编码": "P2", "一级指标": "效益指标", "二级指标": "可持续影响指标", "三级指标": "地块开工比例",
                   "指标描述": "征收地块开工率", "指标值": "≥80%"})
    t[S.RESULTS.name].append({"项目编码": "P2", "三级指标": "地块开工比例", "实际完成值": "92%"})
    assert not findings(tmp_path, t, "R210")


def test_r211_unparsed_target(tmp_path):
    t = F.tables()
    row = set_target(t, "P1", "网格事件处置率", "另行确定")
    F.row_of(t, S.RESULTS.name, 三级指标="网格事件处置率")["实际完成值"] = "达成年度指标"
    p = one(tmp_path, t, "R211")
    assert (p.level, p.row, p.column, p.place) == (
        WARNING, row, "指标值", f"文件「targets.xlsx」工作表「绩效指标」第 {row} 行「指标值」列")


def test_r212_cost_not_money_silent_on_money(tmp_path):
    t = F.tables()
    assert not findings(tmp_path / "a", t, "R212")
    set_target(t, "P2", "清场费成本", "≤100%")
    F.row_of(t, S.RESULTS.name, 三级指标="清场费成本")["实际完成值"] = "96%"
    assert [p.level for p in findings(tmp_path / "b", t, "R212")] == [HINT]
