"""绩效运行监控 (docs/scoring.md §8): spending against plan and indicator forecasts, hand-worked."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest

import year_builder
from jxreport import load_year
from jxreport.core import schema as S
from jxreport.scoring.monitoring import (GREEN, RED, YELLOW, NO_MEASURES, Thresholds, monitor, months_available,
                                 plan_at, spending_point, worst)
from jxreport.scoring.rules import load_rules

TH = Thresholds(0.6, 0.8, 0.2)


# --------------------------------------------------------------------------- spending, by hand

@pytest.mark.parametrize("spent,ratio,colour", [
    ("45", 0.9, GREEN),  # plan 50 % at Q2, spent 45 % → 0.9
    ("40", 0.8, GREEN),  # exactly 80 % of plan is green
    ("35", 0.7, YELLOW),  # 0.7
    ("30", 0.6, YELLOW),  # exactly 60 % is yellow, not red
    ("20", 0.4, RED),  # 0.4
])
def test_quarter_end_colours(spent, ratio, colour):
    pt = spending_point("二季度末", 6, D(spent), D(100), 50.0, TH)
    assert pt.progress == pytest.approx(float(spent) / 100)
    assert pt.ratio == pytest.approx(ratio)
    assert pt.colour == colour


def test_zero_plan_is_green_whatever_the_progress():
    assert spending_point("一季度末", 3, D(0), D(100), 0.0, TH).colour == GREEN
    assert spending_point("一季度末", 3, D(5), D(100), 0.0, TH).colour == GREEN


def test_no_plan_or_no_budget_is_not_judged():
    assert spending_point("一季度末", 3, D(5), D(100), None, TH).colour is None
    assert spending_point("一季度末", 3, D(5), D(0), 25.0, TH).colour is None


def test_plan_interpolates_inside_a_quarter():
    plan = (25.0, 50.0, 75.0, 100.0)
    assert plan_at(plan, 6) == (50.0, False)
    assert plan_at(plan, 7)[0] == pytest.approx(50 + 25 / 3)  # 58.33 %
    assert plan_at(plan, 2)[0] == pytest.approx(25 * 2 / 3)  # from 0 % at the start of the year
    assert plan_at((0.0, 20.0, 75.0, 100.0), 8)[0] == pytest.approx(20 + 55 * 2 / 3)
    assert plan_at((25.0, None, 75.0, 100.0), 5) == (None, True)


def test_worst_colour():
    assert worst(GREEN, YELLOW) == YELLOW
    assert worst(YELLOW, RED, GREEN) == RED
    assert worst(None, GREEN) == GREEN
    assert worst() is None


# --------------------------------------------------------------------------- a year

def _year(tmp_path: Path, payments=None, monitoring=(), adjustments=None) -> object:
    t = year_builder.tables()
    if payments is not None:  # (date, 元) of P1, budget 10 万元 = 100,000 元
        t[S.PAYMENTS.name] = [{"项目编码": "P1", "支付日期": d, "金额": a} for d, a in payments]
    t[S.MONITORING.name] = [dict(项目编码="P1", 截至月份=7, **row) for row in monitoring]
    if adjustments:
        t[S.ADJUSTMENTS.name] = adjustments
    return load_year(year_builder.write(tmp_path, t))


def test_project_far_behind_its_plan_is_red(tmp_path):
    # plan 25 % / 50 %; spent 20,000 元 by June of 100,000 → 20 % ÷ 50 % = 0.4 → red
    y = _year(tmp_path, [(dt.date(2022, 2, 10), 15000), (dt.date(2022, 5, 10), 5000)])
    p = monitor(y, load_rules(), 6).project("P1")
    q1, q2 = p.quarters
    # Q1: 15 % ÷ 25 % = exactly 0.6 → yellow (red is below 0.6)
    assert (q1.progress, q1.plan, q1.ratio, q1.colour) == (pytest.approx(0.15), 0.25, pytest.approx(0.6), YELLOW)
    assert q2.progress == pytest.approx(0.2) and q2.ratio == pytest.approx(0.4) and q2.colour == RED
    assert p.spending_colour == RED and p.colour == RED
    assert p.points == p.quarters  # June is a quarter end: no separate month point
    assert [c.colour for c in p.corrections] == [RED]
    assert "二季度末支出进度 20.00%" in p.corrections[0].item
    assert p.corrections[0].measures == NO_MEASURES


def test_project_near_and_ahead_of_plan(tmp_path):
    y = _year(tmp_path, [(dt.date(2022, 3, 1), 25000), (dt.date(2022, 6, 1), 10000)])  # 35 % at Q2
    p = monitor(y, None, 6).project("P1")
    assert p.quarters[-1].ratio == pytest.approx(0.7) and p.spending_colour == YELLOW
    y = _year(tmp_path / "b", [(dt.date(2022, 3, 1), 30000), (dt.date(2022, 6, 1), 30000)])  # 60 % at Q2
    p = monitor(y, None, 6).project("P1")
    assert p.quarters[-1].ratio == pytest.approx(1.2) and p.spending_colour == GREEN


def test_month_point_against_interpolated_plan_is_for_reference(tmp_path):
    # 50 % by June (green), nothing in July: 50 % against 58.33 % → 0.857, still shown
    y = _year(tmp_path)
    p = monitor(y, None, 7).project("P1")
    assert [pt.label for pt in p.points] == ["一季度末", "二季度末", "7月末"]
    assert p.current.plan == pytest.approx(0.5 + 0.25 / 3)
    assert p.current.ratio == pytest.approx(0.5 / (0.5 + 0.25 / 3))
    assert p.current.interpolated and p.judged is p.quarters[-1]
    # before the first quarter end the month itself is judged: Feb plan 16.67 %, spent 0 → red
    p = monitor(y, None, 2).project("P1")
    assert p.quarters == () and p.current.colour == RED and p.spending_colour == RED


def test_budget_adjustments_after_the_month_are_not_yet_known(tmp_path):
    adj = [{"项目编码": "P1", "调整金额": 10, "调整日期": dt.date(2022, 9, 1)},
           {"项目编码": "P1", "调整金额": -5, "调整日期": dt.date(2022, 4, 1)}]
    y = _year(tmp_path, adjustments=adj)
    p = monitor(y, None, 6).project("P1")
    assert p.budget_wan == D("5.00")  # 10 − 5; the September +10 is not known in June
    assert p.quarters[-1].progress == pytest.approx(1.0)  # 50,000 元 of 5 万元


def test_thresholds_come_from_the_rules(tmp_path):
    y = _year(tmp_path, [(dt.date(2022, 6, 1), 27500)])  # 27.5 % of plan 50 % → 0.55
    assert monitor(y, load_rules(), 6).project("P1").spending_colour == RED
    lenient = dataclasses.replace(load_rules(), monitoring_red_below=D("0.5"))
    assert monitor(y, lenient, 6).project("P1").spending_colour == YELLOW


# --------------------------------------------------------------------------- indicators

def _forecast(tmp_path, **row):
    row.setdefault("三级指标", "受益人数")  # target 100人以上
    y = _year(tmp_path, monitoring=[row])
    p = monitor(y, None, 7).project("P1")
    (i,) = p.indicators
    return p, i


def test_forecast_meeting_target_with_certainty_is_green(tmp_path):
    _, i = _forecast(tmp_path, 全年预计完成值="120人", 完成可能性="确定能")
    assert (i.met, i.gap, i.colour) == (True, 0.0, GREEN)


def test_possible_is_yellow_even_when_the_forecast_meets(tmp_path):
    _, i = _forecast(tmp_path, 全年预计完成值="100人", 完成可能性="有可能")
    assert i.met and i.colour == YELLOW


def test_impossible_is_red_even_when_the_forecast_meets(tmp_path):
    p, i = _forecast(tmp_path, 全年预计完成值="100人", 完成可能性="完全不可能", 偏差原因="拆迁受阻", 纠偏措施="调整计划")
    assert i.colour == RED and p.indicator_colour == RED
    (c,) = [c for c in p.corrections if "受益人数" in c.item]
    assert (c.reason, c.measures) == ("拆迁受阻", "调整计划")


def test_forecast_missing_by_25_percent_is_red(tmp_path):
    # 75 of 100 → misses by 25 % > 20 %: red although the unit says 确定能
    _, i = _forecast(tmp_path, 全年预计完成值="75人", 完成可能性="确定能")
    assert i.met is False and i.gap == pytest.approx(0.25) and i.colour == RED


def test_forecast_missing_by_10_percent_is_yellow(tmp_path):
    _, i = _forecast(tmp_path, 全年预计完成值="90人", 完成可能性="确定能")
    assert i.gap == pytest.approx(0.10) and i.colour == YELLOW


def test_reverse_target_misses_above(tmp_path):
    # 项目成本 ≤10万元: 12 万元 misses by 20 % (not more) → yellow; 12.6 万元 by 26 % → red
    _, i = _forecast(tmp_path, 三级指标="项目成本", 全年预计完成值="12万元")
    assert i.gap == pytest.approx(0.2) and i.colour == YELLOW
    _, i = _forecast(tmp_path / "b", 三级指标="项目成本", 全年预计完成值="12.6万元")
    assert i.gap == pytest.approx(0.26) and i.colour == RED
    _, i = _forecast(tmp_path / "c", 三级指标="项目成本", 全年预计完成值="9万元")
    assert i.colour == GREEN


def test_late_deadline_is_red_and_shows_no_percentage(tmp_path):
    p, i = _forecast(tmp_path, 三级指标="完成时限", 全年预计完成值="2023-01-15")
    assert i.met is False and i.colour == RED and i.shown_gap is None
    assert "预计偏差" not in p.corrections[0].item


def test_no_forecast_uses_the_likelihood_and_unknown_indicator_is_kept(tmp_path):
    _, i = _forecast(tmp_path, 完成可能性="有可能")
    assert i.met is None and i.colour == YELLOW
    _, i = _forecast(tmp_path / "b", 三级指标="不存在的指标", 全年预计完成值="5个", 完成可能性="确定能")
    assert i.colour == GREEN and "没有该指标" in i.note


def test_other_months_are_ignored_and_months_available(tmp_path):
    t = year_builder.tables()
    t[S.MONITORING.name] = [
        {"项目编码": "P1", "三级指标": "受益人数", "截至月份": 6, "全年预计完成值": "10人"},
        {"项目编码": "P1", "三级指标": "受益人数", "截至月份": 9, "全年预计完成值": "100人", "完成可能性": "确定能"},
    ]
    y = load_year(year_builder.write(tmp_path, t))
    assert months_available(y) == [6, 9]
    assert monitor(y, None, 9).project("P1").indicator_colour == GREEN
    assert monitor(y, None, 6).project("P1").indicator_colour == RED  # 10 of 100
    assert monitor(y, None, 7).project("P1").indicators == ()


def test_month_must_be_1_to_12(tmp_path):
    from jxreport.core.exceptions import JxReportError

    y = _year(tmp_path)
    with pytest.raises(JxReportError):
        monitor(y, None, 13)


def test_summary_counts(tmp_path):
    y = _year(tmp_path, [(dt.date(2022, 6, 1), 20000)],
              monitoring=[{"三级指标": "受益人数", "全年预计完成值": "100人", "完成可能性": "确定能"}])
    m = monitor(y, None, 7)
    assert m.counts() == {RED: 1, YELLOW: 0, GREEN: 0, "未判断": 0}
    assert m.summary() == "截至2022年7月末：项目 1 个，红色预警 1 个，黄色预警 0 个，绿色 0 个；需纠偏事项 1 项。"


# --------------------------------------------------------------------------- the sample year

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "2022"


@pytest.mark.skipif(not (SAMPLE / "actuals.xlsx").exists(), reason="data/2022 not built yet")
def test_sample_year_colours():
    y = load_year(SAMPLE)
    assert months_available(y) == [7]
    m = monitor(y, load_rules("mof-2020"), 7)
    colours = {p.code: p.colour for p in m.projects}
    # JX-04: 6.1 % spent at Q2 against a 30 % plan; JX-06: a market 完全不可能 this year
    assert colours["JX-04"] == RED and colours["JX-06"] == RED
    assert colours["JX-01"] == GREEN
    assert all(c.measures for c in m.corrections)


# --------------------------------------------------------------------------- the report's sections

def test_sections_escape_text_and_print_colour_words(tmp_path):
    from jxreport.sections import monitoring as ms

    t = year_builder.tables()
    t[S.PROJECTS.name][0]["项目名称"] = "<script>alert(1)</script>项目"
    t[S.MONITORING.name] = [{"项目编码": "P1", "三级指标": "受益人数", "截至月份": 7, "全年预计完成值": "75人",
                             "完成可能性": "有可能", "偏差原因": "a<b"}]
    m = monitor(load_year(year_builder.write(tmp_path, t)), None, 7)
    html = "".join(ms.sections(m, "2022-08-10"))
    assert "<script>" not in html and "&lt;script&gt;" in html and "a&lt;b" in html
    assert "●</span>红" in html  # a dot and the word: readable in black and white
    assert "data:image/png;base64," in html
    assert "2022年8月10日" in html
    assert "未填写纠偏措施" in ms.corrections(m)
