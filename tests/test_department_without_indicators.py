"""A year with an empty 部门指标 sheet prints one department score everywhere (docs/scoring.md §7).

Without 部门指标 the 90 points of the 工作领域 follow the budget-weighted project score; the
CLI, scores.json, the department report's headline, section 三, its 附表 and 自评表.xlsx's
部门整体 sheet must all print that same score, and every table's total must add up to it.

Hand-worked year (year_builder's, one payment dropped): P1 年初预算数 10 万元, spent 3 × 25,000 =
75,000 元 → 执行率 75.00 %, execution score 10 × 0.75 = 7.50. Indicators all met (6 × 90 ÷ 6),
so P1 scores 7.50 + 90.00 = 97.50; the weighted mean over the one project is 97.50. Department:
execution 10 × 0.75 = 7.50; areas 90 × 97.50 ÷ 100 = 87.75; department score 95.25.
"""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
import year_builder
from openpyxl import Workbook, load_workbook

from jxreport import load_year
from jxreport.cli import main
from jxreport.core import schema as S
from jxreport.outputs.forms import DEPARTMENT_SHEET, write_department_sheet
from jxreport.report.context import prepare
from jxreport.scoring.scorer import score_year
from jxreport.sections import annual as A

SCORE = "95.25"


@pytest.fixture(scope="module")
def year_dir(tmp_path_factory):
    t = year_builder.tables()
    t[S.PAYMENTS.name] = t[S.PAYMENTS.name][:3]
    assert not t.get(S.DEPT_INDICATORS.name)
    return year_builder.write(tmp_path_factory.mktemp("nodept"), t)


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _total_row(html: str) -> list[str]:
    rows = re.findall(r'<tr class="total"[^>]*>(.*?)</tr>', html, flags=re.S)
    assert rows, "no total row"
    return [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", rows[-1], re.S)]


def test_scoring_gives_the_hand_worked_score(year_dir):
    d = score_year(load_year(year_dir)).department
    assert str(d.execution_score) == "7.50"
    assert str(d.weighted_project_score) == "97.50"
    assert str(d.score) == SCORE
    assert [str(a.score) for a in d.scored_areas] == ["87.75"]
    assert d.areas == ()  # the 工作领域 of the data stay what the data has


def test_cli_and_scores_json_print_the_score(year_dir, capsys):
    assert main(["score", str(year_dir)]) == 0
    last = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("部门整体")][-1]
    assert SCORE in last.split()
    assert main(["score", str(year_dir), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["department_score"] == float(SCORE)
    detail = data["department_detail"]
    assert detail["score"] == float(SCORE)
    assert detail["execution_score"] + detail["areas_score"] == pytest.approx(float(SCORE))


def test_report_sections_print_one_score(year_dir):
    ctx = prepare(year_dir)
    assert f"部门整体得分 {SCORE} 分" in _text(A.dept_key_figures(ctx))
    section3 = A.dept_indicators(ctx)
    assert _total_row(section3)[:3] == ["合计", "100.00", SCORE]
    assert "仅含预算执行率" not in _text(section3)
    assert "87.75" in _text(section3)  # the projects' part is a row of the table, not hidden in the total
    assert "折算为 87.75 分，加部门预算执行率得分 7.50 分" in _text(A.dept_conclusion(ctx))
    assert _total_row(A.dept_form(ctx))[:3] == ["总分", "100.00", SCORE]
    assert _total_row(A.dept_form(ctx))[:3] == _total_row(A.dept_appendix(ctx).split("</table>")[0] + "</table>")[:3]


def test_form_workbook_prints_the_score(year_dir, tmp_path):
    ys = score_year(load_year(year_dir))
    wb = Workbook()
    ws = wb.active
    ws.title = DEPARTMENT_SHEET
    rows = write_department_sheet(ws, ys)
    path = tmp_path / "f.xlsx"
    wb.save(path)
    ws = load_workbook(path)[DEPARTMENT_SHEET]
    assert ws.cell(rows["total"], 6).value == 100
    assert f"{ws.cell(rows['total'], 7).value:.2f}" == SCORE
