"""A320–A324 成本核对, each triggered by one change to the consistent year (checks_fixtures) and
silent on it: P1 网格长 550 元/人/月 × 4 人 × 12 月, 网格员 400 × 8 × 12, every month paid;
P2 清场费 3,500 元/亩 × 100 亩, paid 350,000 元."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import checks_fixtures as F

from jxreport.core import schema as S
from jxreport.checks import run_checks
from jxreport.core.problems import HINT, WARNING
from jxreport.scoring.rules import load_rules

PAY, GRANTS, LINES, QTY = S.PAYMENTS.name, S.GRANTS.name, S.CALC_LINES.name, S.QUANTITIES.name
IDS = ("A320", "A321", "A322", "A323", "A324")


def found(tmp_path, t, check_id, **kw):
    return [p for p in run_checks(F.load(tmp_path, t), only=IDS, **kw).items if p.id == check_id]


def test_consistent_year_is_silent(tmp_path):
    assert run_checks(F.load(tmp_path, F.tables()), only=IDS).items == ()


def test_a321_month_paid_above_the_monthly_standard(tmp_path):
    t = F.tables()
    F.row_of(t, GRANTS, 人员编号="Y03", 月份=5)["金额"] = 450  # 400 元/人/月 standard
    (p,) = found(tmp_path, t, "A321")
    assert (p.level, p.project, p.sheet, p.column) == (WARNING, "P1", GRANTS, "金额")
    assert p.row == F.excel_row(t, GRANTS, 人员编号="Y03", 月份=5)
    assert "人员 Y03 5 月 450.00 元" in p.message and "网格员补贴" in p.message
    assert ("人员编号", "Y03") in p.numbers


def test_a321_not_triggered_at_the_standard(tmp_path):
    t = F.tables()
    F.row_of(t, GRANTS, 人员编号="Y03", 月份=5)["金额"] = 399.99
    assert not found(tmp_path, t, "A321")


def test_a322_more_person_months_than_quantity_times_months(tmp_path):
    t = F.tables()
    t[GRANTS].append({"项目编码": "P1", "类别": "网格员", "人员编号": "Y09", "月份": 7, "金额": 400})
    (p,) = found(tmp_path, t, "A322")  # 97 paid person-months against 8 × 12 = 96
    assert (p.level, p.sheet) == (WARNING, GRANTS)
    assert p.numbers == (("实发人·月", "97"), ("计划人·月", "96"))
    assert "7 月发放人数多于计划的 8 人" in p.message and "Y09" in p.message
    assert str(len(t[GRANTS]) + 1) in p.message  # the Excel row of the extra payment


def test_a322_not_triggered_by_a_replacement_within_plan(tmp_path):
    t = F.tables()
    for m in (7, 8):  # Y08 leaves after June, Y09 takes over from July: still 96 person-months
        F.drop(t, GRANTS, 人员编号="Y08", 月份=m)
        t[GRANTS].append({"项目编码": "P1", "类别": "网格员", "人员编号": "Y09", "月份": m, "金额": 400})
    assert not found(tmp_path, t, "A322")


def _per_mu(t, mu):
    F.row_of(t, LINES, 明细名称="清场费")["实物量"] = "征收亩数"
    F.row_of(t, QTY, 名称="征收亩数")["数量"] = mu


def test_a323_unit_cost_above_standard_beyond_tolerance(tmp_path):
    t = F.tables()
    _per_mu(t, 95)  # 350,000 ÷ 95 = 3,684.21 元/亩; (3,684.21 − 3,500) ÷ 3,500 = 5.26 % > 5 %
    (p,) = found(tmp_path, t, "A323", rules=load_rules())
    assert (p.level, p.project, p.sheet, p.row) == (WARNING, "P2", LINES, F.excel_row(t, LINES, 明细名称="清场费"))
    assert p.numbers == (("实际单位成本", "3,684.21 元/亩"), ("标准", "3,500.00 元/亩"), ("偏差", "+5.26%"))


def test_a323_not_triggered_within_tolerance_or_a_wider_rule(tmp_path):
    t = F.tables()
    _per_mu(t, 97)  # 3,608.25 元/亩: +3.09 %
    assert not found(tmp_path / "a", t, "A323")
    _per_mu(t, 95)
    wide = dataclasses.replace(load_rules(), cost_tolerance=Decimal("0.10"))
    assert not found(tmp_path / "b", t, "A323", rules=wide)


def test_a323_names_the_persons_of_a_per_person_line(tmp_path):
    t = F.tables()
    for r in t[GRANTS]:
        if r["类别"] == "网格长":
            r["金额"] = 600  # 600 元/人/月 against 550: +9.09 %
    (p,) = found(tmp_path, t, "A323")
    assert "网格长补贴" in p.message and "Z01" in p.message and "26,400.00" not in p.message


def test_a324_spending_linked_to_no_line(tmp_path):
    t = F.tables()
    t[PAY].append({"项目编码": "P1", "支付日期": F.D(2022, 7, 1), "金额": 2000, "摘要": "办公用品"})
    (p,) = found(tmp_path, t, "A324")  # 2,000 ÷ 86,800 = 2.30 % > 1 %
    assert (p.level, p.project, p.sheet, p.row) == (HINT, "P1", PAY, len(t[PAY]) + 1)
    assert p.numbers == (("未列明细（元）", "2,000.00"), ("全年执行数（元）", "86,800.00"), ("占比", "2.30%"))


def test_a324_not_triggered_at_one_percent_or_less(tmp_path):
    t = F.tables()
    t[PAY].append({"项目编码": "P1", "支付日期": F.D(2022, 7, 1), "金额": 500, "摘要": "办公用品"})  # 0.58 %
    assert not found(tmp_path, t, "A324")


def test_a320_ambiguous_name_and_missing_category(tmp_path):
    t = F.tables()
    t[LINES].append({"项目编码": "P1", "明细名称": "网格长网格员保险", "单价": 50, "单价单位": "元/人/月", "数量": 12,
                     "数量单位": "人", "月数": 1, "测算金额": 0.06})
    F.row_of(t, LINES, 明细名称="平台运维费")["台账类别"] = "运维员"
    got = found(tmp_path, t, "A320")
    assert {p.numbers for p in got} == {(("明细", "网格长网格员保险"), ("类别", "网格长、网格员")),
                                        (("明细", "平台运维费"), ("类别", "运维员"))}
    assert all(p.level == HINT and p.sheet == LINES for p in got)


def test_a304_and_a306_use_the_explicit_category(tmp_path):
    """A line named otherwise but listing 网格员 in 台账类别 is the 网格员 line for A304/A306 too."""
    t = F.tables()
    line = F.row_of(t, LINES, 明细名称="网格员补贴")
    line["明细名称"], line["台账类别"], line["数量"] = "基层治理人员补贴", "网格员", 7
    for r in t[PAY]:
        if r.get("测算明细") == "网格员补贴":
            r["测算明细"] = "基层治理人员补贴"
    line["测算金额"] = 3.36  # 400 × 7 × 12
    found_all = run_checks(F.load(tmp_path, t), only=("A304", "A306"))
    assert [p.id for p in found_all.items] == ["A306"]  # 8 paid > 7 planned, found through 台账类别
    assert found_all.items[0].numbers == (("实发人数", "8"), ("计划人数", "7"), ("差额", "1"))
