"""同比: projects matched by 项目编码; changes are differences of the printed figures."""

from decimal import Decimal as D

from report_samples import project, year_score

from jxreport.report.yoy import CONTINUING, ENDED, NEW, compare


def _years():
    now = year_score([
        project(),  # JX-01: 208.00 万元, 204.37 ÷ 208 = 98.2548…% → 98.25%, score 97.94
        project(code="JX-02", name="社区运行经费", budget_full_year_wan=D("510.00"), execution_rate=0.912345,
                score=D("85.12")),
    ])
    before = year_score([
        project(budget_full_year_wan=D("200.00"), execution_rate=0.901155, score=D("90.00")),
        project(code="JX-09", name="已结束的项目", budget_full_year_wan=D("50.00"), execution_rate=1.0,
                score=D("100.00")),
    ], year=2021)
    return now, before


def test_projects_are_matched_by_code_with_status():
    y = compare(*_years())
    assert [(r.code, r.status) for r in y.projects] == [("JX-01", CONTINUING), ("JX-02", NEW), ("JX-09", ENDED)]
    assert (y.year, y.previous_year) == (2022, 2021)
    assert [r.code for r in y.new] == ["JX-02"] and [r.code for r in y.ended] == ["JX-09"]


def test_continuing_project_changes_are_printed_differences():
    r = compare(*_years()).projects[0]
    assert (r.budget_before, r.budget_now, r.budget_change) == (D("200.00"), D("208.00"), D("8.00"))
    # 90.1155 % → 90.12 (half up), 98.2548 % → 98.25: the change is 8.13 points as printed
    assert (r.rate_before, r.rate_now, r.rate_change) == (D("90.12"), D("98.25"), D("8.13"))
    assert (r.score_before, r.score_now, r.score_change) == (D("90.00"), D("97.94"), D("7.94"))


def test_rate_change_subtracts_rounded_rates_not_raw_fractions():
    now, before = _years()
    # JX-02 91.2345 % → 91.23 now; make it continuing against 90.1155 % → 90.12 before
    before = year_score([project(code="JX-02", name="社区运行经费", execution_rate=0.901155)], year=2021)
    r = compare(now, before).projects[1]
    # raw: 91.2345 − 90.1155 = 1.119 → 1.12; printed: 91.23 − 90.12 = 1.11
    assert r.rate_change == D("1.11")


def test_new_and_ended_have_no_change():
    y = compare(*_years())
    new, ended = y.projects[1], y.projects[2]
    assert new.budget_before is None and new.budget_change is None and new.score_now == D("85.12")
    assert new.rate_now == D("91.23")
    assert ended.budget_now is None and ended.score_change is None and ended.budget_before == D("50.00")
    assert new.status_text == "新增" and ended.status_text == "已结束"


def test_department_row():
    now, before = _years()
    d = compare(now, before).department
    assert d.name == "部门整体"
    assert (d.budget_before, d.budget_now, d.budget_change) == (D("250.00"), D("718.00"), D("468.00"))
    assert d.score_change == now.department.score - before.department.score
