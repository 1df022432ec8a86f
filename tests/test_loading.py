"""Reading the two workbooks: every kind of bad input gets its own message, all at once, exit 2."""

from __future__ import annotations

import datetime as dt

import pytest
import year_builder
from openpyxl import load_workbook

from jxreport import ValidationError, load_year
from jxreport.core import schema as S
from jxreport.cli import main


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def guarded_output(tmp_path):
    """An existing good output that a failing run must leave byte-for-byte as it was."""
    out = tmp_path / "out" / "scores.json"
    out.parent.mkdir()
    out.write_text('{"previous": "good"}', encoding="utf-8")
    return out


def assert_rejected(capsys, data_dir, guarded, *fragments):
    """The CLI exits 2, names every fragment, prints no traceback and leaves the output alone."""
    before = guarded.read_bytes(), guarded.stat().st_mtime_ns
    code, out, err = run_cli(capsys, "score", str(data_dir), "--out", str(guarded))
    assert code == 2, err
    assert "Traceback" not in err + out
    for fragment in fragments:
        assert fragment in err, f"{fragment!r} missing from:\n{err}"
    assert (guarded.read_bytes(), guarded.stat().st_mtime_ns) == before
    return err


def test_consistent_year_loads_without_problems(tmp_path):
    year = load_year(year_builder.write(tmp_path))
    assert year.year == 2022 and year.unit_name == "测试街道办事处"
    assert list(year.projects["项目编码"]) == ["P1"]
    assert len(year.indicators) == 6 and len(year.results) == 6 and len(year.survey) == 40
    assert year.warnings == ()
    # Excel rows are kept for traceability: the header is row 1, the first record row 2.
    assert list(year.payments["_row"]) == [2, 3, 4, 5]
    assert year.payments["金额"].sum() == 100000
    assert year.payments["支付日期"].iloc[0] == dt.date(2022, 3, 15)
    assert year.projects["一季度"].iloc[0] == 25.0


def test_not_a_workbook(tmp_path, capsys, guarded_output):
    year_builder.write(tmp_path)
    (tmp_path / S.ACTUALS).write_text("这不是工作簿", encoding="utf-8")
    assert_rejected(capsys, tmp_path, guarded_output, "文件「actuals.xlsx」", "不是 Excel 工作簿", "CSV")


def test_missing_sheet(tmp_path, capsys, guarded_output):
    year_builder.write(tmp_path)
    path = tmp_path / S.ACTUALS
    wb = load_workbook(path)
    del wb[S.RESULTS.name]
    wb.save(path)
    assert_rejected(capsys, tmp_path, guarded_output, "文件「actuals.xlsx」工作表「指标完成」", "缺少工作表「指标完成」")


def test_missing_required_column(tmp_path, capsys, guarded_output):
    year_builder.write(tmp_path)
    path = tmp_path / S.TARGETS
    wb = load_workbook(path)
    ws = wb[S.PROJECTS.name]
    col = [c.value for c in ws[1]].index("年初预算数*") + 1
    ws.delete_cols(col)
    wb.save(path)
    assert_rejected(capsys, tmp_path, guarded_output, "工作表「项目」第 1 行「年初预算数*」列", "缺少必填列")


def test_text_where_a_number_belongs_and_all_problems_together(tmp_path, capsys, guarded_output):
    t = year_builder.tables()
    t[S.PAYMENTS.name][1]["金额"] = "两万五"
    t[S.PAYMENTS.name][2]["支付日期"] = "下个月"
    err = assert_rejected(capsys, year_builder.write(tmp_path, t), guarded_output,
                          "工作表「支出明细」第 3 行「金额」列", "「两万五」不是有效的金额（元，数字）",
                          "工作表「支出明细」第 4 行「支付日期」列", "「下个月」不是有效的日期")
    assert "2 个错误" in err


def test_date_outside_the_fiscal_year(tmp_path, capsys, guarded_output):
    t = year_builder.tables()
    t[S.PAYMENTS.name][3]["支付日期"] = dt.date(2023, 1, 5)
    assert_rejected(capsys, year_builder.write(tmp_path, t), guarded_output,
                    "工作表「支出明细」第 5 行「支付日期」列", "2023-01-05 不在 2022 年度内")


def test_duplicate_project_code(tmp_path, capsys, guarded_output):
    t = year_builder.tables()
    t[S.PROJECTS.name].append(dict(t[S.PROJECTS.name][0], 项目名称="另一个项目"))
    assert_rejected(capsys, year_builder.write(tmp_path, t), guarded_output,
                    "工作表「项目」第 3 行「项目编码」列", "项目编码「P1」重复（第 2 行已使用）")


def test_result_for_an_unknown_indicator(tmp_path, capsys, guarded_output):
    t = year_builder.tables()
    t[S.RESULTS.name].append({"项目编码": "P1", "三级指标": "不存在的指标", "实际完成值": "1个"})
    assert_rejected(capsys, year_builder.write(tmp_path, t), guarded_output,
                    "工作表「指标完成」第 8 行「三级指标」列", "项目「P1」没有三级指标「不存在的指标」")


def test_indicators_without_a_result_are_listed_together(tmp_path, capsys, guarded_output):
    t = year_builder.tables()
    del t[S.RESULTS.name][0:2]
    assert_rejected(capsys, year_builder.write(tmp_path, t), guarded_output,
                    "工作表「指标完成」「三级指标」列", "以下 2 个指标没有完成情况",
                    "P1「完成户数」（绩效指标表第 2 行）", "P1「合格率」（绩效指标表第 3 行）")


def test_unknown_satisfaction_level(tmp_path, capsys, guarded_output):
    t = year_builder.tables()
    t[S.SURVEY.name][4]["评价"] = "还行吧"
    assert_rejected(capsys, year_builder.write(tmp_path, t), guarded_output,
                    "工作表「满意度调查」第 6 行「评价」列", "「还行吧」不是有效的选项",
                    "非常满意、满意、基本满意、不满意、非常不满意")


def test_satisfaction_scores_1_to_5_map_to_levels(tmp_path):
    t = year_builder.tables()
    t[S.SURVEY.name][0]["评价"] = 5
    t[S.SURVEY.name][1]["评价"] = "1"
    year = load_year(year_builder.write(tmp_path, t))
    assert list(year.survey["评价"][:2]) == ["非常满意", "非常不满意"]


def test_quarterly_plan_that_decreases(tmp_path, capsys, guarded_output):
    t = year_builder.tables()
    t[S.PROJECTS.name][0]["三季度"] = "40%"
    assert_rejected(capsys, year_builder.write(tmp_path, t), guarded_output,
                    "工作表「项目」第 2 行「三季度」列", "不应减少：二季度 50%，三季度 却为 40%")


def test_unknown_project_code_in_ledger(tmp_path, capsys, guarded_output):
    t = year_builder.tables()
    t[S.PAYMENTS.name][0]["项目编码"] = "P9"
    assert_rejected(capsys, year_builder.write(tmp_path, t), guarded_output,
                    "工作表「支出明细」第 2 行「项目编码」列", "项目编码「P9」不在「项目」表中")


def test_malformed_formula(tmp_path, capsys, guarded_output):
    t = year_builder.tables()
    t[S.RESULTS.name][5]["计算口径"] = "平均数:网格员"
    assert_rejected(capsys, year_builder.write(tmp_path, t), guarded_output,
                    "工作表「指标完成」第 7 行「计算口径」列", "无法识别的计算口径「平均数:网格员」")


def test_percent_forms_and_extra_columns(tmp_path):
    t = year_builder.tables()
    t[S.PROJECTS.name][0].update({"一季度": 0.25, "二季度": 50, "三季度": "75%"})
    folder = year_builder.write(tmp_path, t)
    wb = load_workbook(folder / S.TARGETS)
    wb[S.PROJECTS.name].cell(row=1, column=30, value="备注")
    wb.save(folder / S.TARGETS)
    year = load_year(folder)
    assert list(year.projects[list(S.QUARTERS)].iloc[0]) == [25.0, 50.0, 75.0, 100.0]
    assert [w.column for w in year.warnings] == ["备注"]
    assert "未知列「备注」将被忽略" in str(year.warnings[0])


def test_validation_error_carries_problems(tmp_path):
    t = year_builder.tables()
    t[S.PAYMENTS.name][0]["金额"] = "abc"
    with pytest.raises(ValidationError) as info:
        load_year(year_builder.write(tmp_path, t))
    (problem,) = info.value.problems
    assert (problem.workbook, problem.sheet, problem.row, problem.column) == (S.ACTUALS, "支出明细", 2, "金额")


def test_init_writes_empty_year_that_reads_back_clean(tmp_path, capsys):
    code, out, _ = run_cli(capsys, "init", str(tmp_path / "y"), "--year", "2023", "--unit", "测试单位")
    assert code == 0
    year = load_year(tmp_path / "y")
    assert (year.year, year.unit_name, year.warnings) == (2023, "测试单位", ())
    assert all(len(getattr(year, attr)) == 0 for attr in ("projects", "indicators", "payments", "results"))
    wb = load_workbook(tmp_path / "y" / S.TARGETS)
    assert wb.sheetnames[0] == S.INSTRUCTIONS_SHEET
    ws = wb[S.INDICATORS.name]
    headers = [c.value for c in ws[1]]
    assert headers == [c.header for c in S.INDICATORS.columns]
    assert all(c.comment is not None for c in ws[1])
    lists = {str(dv.sqref).split(":")[0][0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert "产出指标,效益指标,满意度指标" in lists["B"]
    # Running init again must not overwrite a filled year.
    code, _, err = run_cli(capsys, "init", str(tmp_path / "y"), "--year", "2023", "--unit", "测试单位")
    assert code == 2 and "已存在" in err
