"""One 自评表: the report's 附表 and 自评表.xlsx print the same form, cell by cell.

Both are rendered from report.selfeval_form; the test reads them back as a reader would
(the HTML table of each project's 报送稿 and its sheet of 自评表.xlsx), row by row from
「项目名称」 to 「总分」, and compares every cell's text. The broken copy re-renders the
workbook with the rows in workbook order, as the two renderers did before they shared one form.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
from form_grid import html_rows, xlsx_rows

from jxreport.io.loading import load_year
from jxreport.outputs import forms
from jxreport.scoring.rules import load_rules
from jxreport.scoring.scorer import score_year

ROOT = Path(__file__).resolve().parents[1]


def html_form(path: Path) -> list[list[str]]:
    """The 附表 rows of a project's report."""
    return html_rows(path.read_text(encoding="utf-8"), "project")


def xlsx_form(ws) -> list[list[str]]:
    """The sheet's rows from 「项目名称」 to 「总分」."""
    return xlsx_rows(ws, "项目名称", "总分")


def _sheets(book) -> dict[str, object]:
    """项目名称 → its sheet."""
    out = {}
    for ws in book.worksheets:
        if ws.cell(row=2, column=1).value == "项目名称" or ws.cell(row=3, column=1).value == "项目名称":
            r = 2 if ws.cell(row=2, column=1).value == "项目名称" else 3
            out[ws.cell(row=r, column=3).value] = ws
    return out


def differences(year_dir: Path, book_path: Path) -> list[str]:
    book = openpyxl.load_workbook(book_path)
    sheets = _sheets(book)
    reports = sorted((year_dir / "报送稿").glob("JX-*.html")) or sorted(year_dir.glob("JX-*.html"))
    assert reports
    out = []
    for path in reports:
        html = html_form(path)
        name = html[0][1]
        assert name in sheets, (name, list(sheets))
        xlsx = xlsx_form(sheets[name])
        if len(html) != len(xlsx):
            out.append(f"{path.name}：附表 {len(html)} 行，自评表.xlsx {len(xlsx)} 行")
        for k, (a, b) in enumerate(zip(html, xlsx)):
            if a != b:
                out.append(f"{path.name} 第 {k + 1} 行：附表 {a} ≠ 自评表.xlsx {b}")
    return out


def test_the_appendix_and_the_workbook_print_one_form(sample_outputs):
    bad = differences(sample_outputs, sample_outputs / "自评表.xlsx")
    assert not bad, "\n".join(bad)


def test_the_comparison_reads_the_whole_form(sample_outputs):
    html = html_form(next((sample_outputs / "报送稿").glob("JX-03_*.html")))
    flat = [c for row in html for c in row]
    assert "实际完成情况" in flat and "总分" in flat and "年度资金总额" in flat
    assert any(c.startswith("全年预算数") and "预算执行率" in c for c in flat)  # the 实际完成情况 sentence
    assert sum(1 for row in html if len(row) >= 8) >= 6  # the indicator rows (绩效指标, 一级 … 得分)


def test_a_workbook_rendered_in_another_order_is_caught(sample_outputs, tmp_path, monkeypatch):
    year = load_year(ROOT / "data" / "2022")
    ys = score_year(year, load_rules("mof-2020"))
    built = forms.project_form

    def workbook_order(p, facts, **kw):
        form = built(p, facts, **kw)
        return dataclasses.replace(form, rows=tuple(reversed(form.rows)))

    monkeypatch.setattr(forms, "project_form", workbook_order)
    broken = tmp_path / "自评表.xlsx"
    forms.write_form(ys, broken, year=year)
    bad = differences(sample_outputs, broken)
    assert bad and any("JX-" in line for line in bad)
