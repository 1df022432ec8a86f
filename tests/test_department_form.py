"""One 部门整体支出绩效自评表: the department report's 附表 and 自评表.xlsx's 部门整体 sheet print
the same form, cell by cell, text and row order.

Both are rendered from report.department_form. The test reads them back as a reader would
(the HTML table of the department 报送稿, the sheet of 自评表.xlsx), row by row from
「单位名称」 to the last row of the form, and compares every cell's text: for the sample year
(five 工作领域) and for a year with an empty 部门指标 sheet (the projects' part as one area).
The broken copies re-render the workbook with the areas in another order, or with one cell
changed, as two renderers that each built their rows would drift apart.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest
import year_builder
from form_grid import html_rows, xlsx_rows

from jxreport.core import schema as S
from jxreport.io.loading import load_year
from jxreport.outputs import forms
from jxreport.report.context import prepare
from jxreport.scoring.rules import load_rules
from jxreport.scoring.scorer import score_year
from jxreport.sections import annual as A

ROOT = Path(__file__).resolve().parents[1]
REPORT = "部门整体绩效自评报告.html"


def html_form(html: str) -> list[list[str]]:
    """The 附表's department form (printed once)."""
    assert html.count('data-form="department"') == 1, "the department form is printed once"
    return html_rows(html, "department")


def xlsx_form(ws) -> list[list[str]]:
    """The sheet's rows from 「单位名称」 to its last row."""
    return xlsx_rows(ws, "单位名称")


def differences(html: list[list[str]], xlsx: list[list[str]]) -> list[str]:
    out = []
    if len(html) != len(xlsx):
        out.append(f"附表 {len(html)} 行，自评表.xlsx {len(xlsx)} 行")
    for k, (a, b) in enumerate(zip(html, xlsx)):
        if a != b:
            out.append(f"第 {k + 1} 行：附表 {a} ≠ 自评表.xlsx {b}")
    return out


def _workbook_form(ys, year, path: Path) -> list[list[str]]:
    forms.write_form(ys, path, year=year)
    return xlsx_form(openpyxl.load_workbook(path)[forms.DEPARTMENT_SHEET])


# ---------------------------------------------------------------- the sample year

def _sample_html(sample_outputs) -> list[list[str]]:
    return html_form((sample_outputs / "报送稿" / REPORT).read_text(encoding="utf-8"))


def _sample_xlsx(sample_outputs) -> list[list[str]]:
    return xlsx_form(openpyxl.load_workbook(sample_outputs / "自评表.xlsx")[forms.DEPARTMENT_SHEET])


def test_the_sample_years_appendix_and_workbook_print_one_department_form(sample_outputs):
    html, xlsx = _sample_html(sample_outputs), _sample_xlsx(sample_outputs)
    bad = differences(html, xlsx)
    assert not bad, "\n".join(bad)
    flat = [c for row in html for c in row]
    # not vacuous: the whole form was read, every 工作领域 row among it
    assert flat[:2] == ["单位名称", "高新区街道办事处"] and "总分" in flat and "年度总体目标" in flat
    ys = score_year(load_year(ROOT / "data" / "2022"), load_rules("mof-2020"))
    n = sum(len(a.indicators) for a in ys.department.areas)
    assert n >= 5 and sum(1 for row in html if row and row[0] in {a.area for a in ys.department.areas}) == n


def test_a_workbook_with_the_areas_in_another_order_is_caught(sample_outputs, tmp_path, monkeypatch):
    year = load_year(ROOT / "data" / "2022")
    ys = score_year(year, load_rules("mof-2020"))
    built = forms.department_form

    def reordered(*args, **kw):
        form = built(*args, **kw)
        return dataclasses.replace(form, areas=tuple(reversed(form.areas)))

    monkeypatch.setattr(forms, "department_form", reordered)
    bad = differences(_sample_html(sample_outputs), _workbook_form(ys, year, tmp_path / "自评表.xlsx"))
    assert bad


# ---------------------------------------------------------------- a year without 部门指标

@pytest.fixture(scope="module")
def no_dept_year(tmp_path_factory):
    t = year_builder.tables()
    assert not t.get(S.DEPT_INDICATORS.name)
    return year_builder.write(tmp_path_factory.mktemp("nodeptform"), t)


def test_a_year_without_department_indicators_prints_one_department_form(no_dept_year, tmp_path):
    ctx = prepare(no_dept_year)
    html = html_form(A.dept_form(ctx))
    xlsx = _workbook_form(ctx.scores, load_year(no_dept_year), tmp_path / "自评表.xlsx")
    bad = differences(html, xlsx)
    assert not bad, "\n".join(bad)
    total = next(row for row in html if row[0] == "总分")
    assert total[1:3] == ["100.00", f"{ctx.scores.department.score:.2f}"]  # the one department score


def test_a_workbook_with_one_cell_changed_is_caught(no_dept_year, tmp_path, monkeypatch):
    ctx = prepare(no_dept_year)
    built = forms.department_form

    def altered(*args, **kw):
        form = built(*args, **kw)
        area = form.areas[0]
        row = dataclasses.replace(area.rows[0], actual=area.rows[0].actual + "（另算）")
        return dataclasses.replace(form, areas=(dataclasses.replace(area, rows=(row, *area.rows[1:])),))

    monkeypatch.setattr(forms, "department_form", altered)
    bad = differences(html_form(A.dept_form(ctx)), _workbook_form(ctx.scores, load_year(no_dept_year),
                                                                  tmp_path / "自评表.xlsx"))
    assert len(bad) == 1 and "另算" in bad[0]
