"""自评表.xlsx round trip: write the form, read it back with openpyxl, compare with the scores."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import load_workbook

from form_fixture import F1_SCORE, F2_SCORE, year_score
from jxreport.outputs import forms
from jxreport.outputs.forms import sheet_title, write_form
from jxreport.core.rounding import q, q2

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "2022"


def find_row(ws, col: int, text: str) -> int:
    for r in range(1, ws.max_row + 1):
        if ws.cell(row=r, column=col).value == text:
            return r
    raise AssertionError(f"no row with {text!r} in column {col} of {ws.title}")


def dec(cell) -> D:
    assert cell.data_type == "n", f"{cell.coordinate} holds {cell.value!r} as {cell.data_type}, not a number"
    return q2(cell.value)


def indicator_rows(ws) -> range:
    head = find_row(ws, 2, "一级指标")
    total = find_row(ws, 1, "总分")
    return range(head + 1, total)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = write_form(year_score(), tmp_path_factory.mktemp("form") / "自评表.xlsx")
    return load_workbook(path)


def test_sheets_one_per_project_plus_summary_and_department(book):
    assert book.sheetnames == ["汇总", "部门整体", "F1", "F_2_x"]
    assert "监控表" not in book.sheetnames  # only when monitoring is given


def test_sheet_titles_are_legal_and_unique():
    taken: set[str] = set()
    assert sheet_title("A[1]:2*?/\\", taken) == "A_1__2____"
    long = "X" * 40
    assert sheet_title(long, taken) == "X" * 31
    assert sheet_title(long, taken) == "X" * 29 + "~2"
    assert sheet_title("汇总", {"汇总"}) == "汇总~2"


def test_funds_block_matches_project_score(book):
    ws = book["F1"]
    assert ws["A1"].value == "项目支出绩效自评表（2022年度）"
    r = find_row(ws, 2, "年度资金总额")
    assert [dec(ws.cell(row=r, column=c)) for c in (3, 4, 5, 6, 8)] == \
        [D("200.00"), D("208.00"), D("204.37"), D("10.00"), D("9.83")]
    rate = ws.cell(row=r, column=7)
    assert rate.data_type == "n" and rate.number_format == "0.00%"
    # 204.37 ÷ 208 = 0.982548… → 98.25 % as printed (4 decimals of the fraction, half up)
    assert q(rate.value, 4) == D("0.9825")
    for c in (3, 4, 5):
        assert ws.cell(row=r, column=c).number_format == "#,##0.00"
    for c in (6, 8):
        assert ws.cell(row=r, column=c).number_format == "0.00"
    # sub-rows: amounts where given, blank where not; "—" in 分值 and 得分
    own, transfer, other = r + 1, r + 2, r + 3
    assert ws.cell(row=own, column=2).value == "其中：本级资金"
    assert dec(ws.cell(row=own, column=3)) == D("150.00")
    assert dec(ws.cell(row=transfer, column=3)) == D("50.00")
    assert ws.cell(row=other, column=2).value == "其他资金"
    assert ws.cell(row=other, column=3).value is None
    for sub in (own, transfer, other):
        assert ws.cell(row=sub, column=6).value == "—"
        assert ws.cell(row=sub, column=8).value == "—"


def test_funds_without_split_leave_sub_rows_blank(book):
    ws = book["F_2_x"]
    r = find_row(ws, 2, "年度资金总额")
    assert dec(ws.cell(row=r, column=3)) == D("10.00")
    for sub in (r + 1, r + 2, r + 3):
        assert ws.cell(row=sub, column=3).value is None


@pytest.mark.parametrize("sheet,total", [("F1", F1_SCORE), ("F_2_x", F2_SCORE)])
def test_score_column_adds_up_to_total(book, sheet, total):
    ws = book[sheet]
    execution = dec(ws.cell(row=find_row(ws, 2, "年度资金总额"), column=8))
    scores = [dec(ws.cell(row=r, column=8)) for r in indicator_rows(ws)]
    t = find_row(ws, 1, "总分")
    assert dec(ws.cell(row=t, column=8)) == execution + sum(scores) == total
    weights = [dec(ws.cell(row=r, column=7)) for r in indicator_rows(ws)]
    assert dec(ws.cell(row=t, column=7)) == D("10.00") + sum(weights) == D("100.00")
    assert ws.cell(row=t, column=8).number_format == "0.00"


def test_indicators_match_and_are_grouped_with_merged_cells(book):
    ws = book["F1"]
    p = year_score().project("F1")
    rows = list(indicator_rows(ws))
    names = [ws.cell(row=r, column=4).value for r in rows]
    assert names == [i.name for i in p.indicators]  # already in group order
    for r, i in zip(rows, p.indicators):
        assert ws.cell(row=r, column=5).value == i.target_text
        assert ws.cell(row=r, column=6).value == i.actual_text
        assert dec(ws.cell(row=r, column=7)) == i.weight
        assert dec(ws.cell(row=r, column=8)) == i.score
    merged = {str(m) for m in ws.merged_cells.ranges}
    first = rows[0]
    assert f"B{first}:B{first + 3}" in merged  # 产出指标: four indicators
    assert f"B{first + 4}:B{first + 5}" in merged  # 效益指标: two
    assert f"C{first}:C{first + 1}" in merged  # 数量指标: two
    assert ws.cell(row=first, column=2).value == "产出指标"
    assert ws.cell(row=first + 6, column=2).value == "满意度指标"
    # the deviation column carries 偏差原因 / 改进措施 and the override note
    assert "2户信息有误" in ws.cell(row=first + 2, column=9).value
    assert "按规则应得 10.50 分" in ws.cell(row=first + 5, column=9).value


def test_goal_sentence_is_written_from_the_numbers(book):
    ws = book["F1"]
    r = find_row(ws, 2, "预期目标") + 1
    text = ws.cell(row=r, column=6).value
    assert "预算执行率 98.25%" in text
    assert "其中 5 个达到年度指标值" in text and "2 个未达到" in text
    # the score and grade are in the 总分 row (the same sentence as the report's 附表 prints)
    total = find_row(ws, 1, "总分")
    assert f"{ws.cell(row=total, column=8).value:.2f}" == "95.58" and ws.cell(row=total, column=9).value == "评价等级：优"


def test_formula_looking_text_stays_text(book):
    ws = book["F_2_x"]
    name = ws.cell(row=find_row(ws, 1, "项目名称"), column=3)
    assert name.value == '=HYPERLINK("http://x")'
    assert name.data_type == "s"
    ind = ws.cell(row=indicator_rows(ws)[0], column=4)
    assert ind.value == "=SUM(A1)" and ind.data_type == "s"
    summary = book["汇总"]
    cell = summary.cell(row=find_row(summary, 1, "F/2:x"), column=2)
    assert cell.data_type == "s" and cell.value.startswith("=")


def test_print_setup_is_a4_fit_to_width_with_repeated_rows(book):
    for name in book.sheetnames:
        ws = book[name]
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.print_options.horizontalCentered
        assert ws.print_title_rows
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        assert ws.oddHeader.left.text == "测试街道办事处"
    assert book["F1"].page_setup.orientation == "portrait"
    head = find_row(book["F1"], 2, "一级指标")  # the indicator header repeats on later pages
    assert book["F1"].print_title_rows.replace("$", "") == f"{head}:{head}"


def test_every_cell_of_the_form_has_borders(book):
    ws = book["F1"]
    ranges = {}
    for m in ws.merged_cells.ranges:
        for r in range(m.min_row, m.max_row + 1):
            for c in range(m.min_col, m.max_col + 1):
                ranges[(r, c)] = m
    for r in range(2, find_row(ws, 1, "说明") + 1):
        for c in range(1, 10):
            b = ws.cell(row=r, column=c).border
            m = ranges.get((r, c))
            # inside a merged block only its outline shows: check the sides on the outline
            sides = {"left": m is None or c == m.min_col, "right": m is None or c == m.max_col,
                     "top": m is None or r == m.min_row, "bottom": m is None or r == m.max_row}
            for side, needed in sides.items():
                if needed:
                    s = getattr(b, side)
                    assert s is not None and s.style == "thin", (r, c, side)
    assert ws.column_dimensions["D"].width >= 15
    assert all(ws.row_dimensions[r].height for r in range(1, ws.max_row + 1))


def test_summary_totals_are_sums_of_printed_figures(book):
    ws = book["汇总"]
    first = find_row(ws, 1, "F1")
    total = find_row(ws, 1, "合计")
    assert [dec(ws.cell(row=total, column=c)) for c in (3, 4, 5)] == [D("210.00"), D("218.00"), D("209.37")]
    for c in (3, 4, 5):
        assert sum(dec(ws.cell(row=r, column=c)) for r in range(first, total)) == dec(ws.cell(row=total, column=c))
    assert [ws.cell(row=first, column=c).value for c in (7, 8)] == [95.58, "优"]
    assert q(ws.cell(row=total, column=6).value, 4) == D("0.9604")  # 209.37 ÷ 218.00
    assert ws.cell(row=total, column=6).number_format == "0.00%"
    weighted = find_row(ws, 1, "按全年预算数加权的项目平均得分")
    assert dec(ws.cell(row=weighted, column=7)) == D("94.77")


def test_department_sheet_adds_up(book):
    ws = book["部门整体"]
    head = find_row(ws, 1, "工作领域")
    total = find_row(ws, 1, "总分")
    execution = dec(ws.cell(row=find_row(ws, 3, "全年预算数") + 1, column=7))  # the budget row, under its header
    scores = [dec(ws.cell(row=r, column=7)) for r in range(head + 1, total)]
    assert execution == D("9.60") and scores == [D("45.00"), D("40.00")]
    assert dec(ws.cell(row=total, column=7)) == execution + sum(scores) == D("94.60")
    assert dec(ws.cell(row=head + 1, column=8)) == D("85.00")  # the area's score, merged over its rows
    assert f"H{head + 1}:H{head + 2}" in {str(m) for m in ws.merged_cells.ranges}
    assert ws.cell(row=total, column=8).value == "评价等级：优"  # as the report's 附表 prints it


def test_write_form_replaces_atomically(tmp_path):
    out = write_form(year_score(), tmp_path)  # a folder gets 自评表.xlsx
    assert out == tmp_path / "自评表.xlsx"
    assert [p.name for p in tmp_path.iterdir()] == ["自评表.xlsx"]


# --------------------------------------------------------------------------- the sample year

@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    if not (SAMPLE / "targets.xlsx").exists():
        pytest.skip("data/2022 not built yet")
    from jxreport import load_year
    from jxreport.scoring.monitoring import monitor
    from jxreport.scoring.rules import load_rules
    from jxreport.scoring.scorer import score_year

    year = load_year(SAMPLE)
    rules = load_rules("mof-2020")
    ys = score_year(year, rules)
    m = monitor(year, rules, 7)
    path = write_form(ys, tmp_path_factory.mktemp("sample") / "自评表.xlsx", year=year, monitoring=m)
    return year, ys, m, load_workbook(path)


def test_sample_form_matches_scores_and_scores_json(sample):
    year, ys, _, wb = sample
    try:
        from jxreport.outputs.scores_json import to_dict
        js = {p["code"]: p for p in to_dict(ys)["projects"]}
    except ImportError:
        js = {}
    for p in ys.projects:
        ws = wb[p.code]
        r = find_row(ws, 2, "年度资金总额")
        got = [dec(ws.cell(row=r, column=c)) for c in (3, 4, 5, 8)]
        assert got == [p.budget_initial_wan, p.budget_full_year_wan, p.spent_wan, p.execution_score]
        t = find_row(ws, 1, "总分")
        scores = [dec(ws.cell(row=x, column=8)) for x in indicator_rows(ws)]
        assert dec(ws.cell(row=t, column=8)) == got[3] + sum(scores) == p.score
        assert ws.cell(row=find_row(ws, 1, "主管部门"), column=3).value == (year.department or "")
        if p.code in js:
            j = js[p.code]
            assert [float(x) for x in got[:3]] == [j["budget_initial_wan"], j["budget_full_year_wan"], j["spent_wan"]]
            assert float(dec(ws.cell(row=t, column=8))) == j["score"]
            assert sorted(float(s) for s in scores) == sorted(i["score"] for i in j["indicators"])
        level1 = {i.level1 for i in p.indicators}
        merged = {str(m) for m in ws.merged_cells.ranges}
        first = indicator_rows(ws)[0]
        assert any(m.startswith(f"B{first}:B") for m in merged) or len(level1) == len(p.indicators)


def test_sample_monitoring_sheet_has_every_project_and_colour_fills(sample):
    _, ys, m, wb = sample
    ws = wb[forms.MONITORING_SHEET]
    head = find_row(ws, 1, "项目编码")
    for k, p in enumerate(m.projects):
        r = head + 1 + k
        assert ws.cell(row=r, column=1).value == p.code
        cell = ws.cell(row=r, column=9)
        assert cell.value == (p.colour or "未判断")
        if p.colour:
            assert cell.fill.fgColor.rgb.endswith(forms.COLOUR_FILLS[p.colour].fgColor.rgb[-6:])
    assert ws.page_setup.orientation == "landscape"


def test_the_same_scores_give_the_same_bytes(tmp_path):
    """manifest.json's sha256 of 自评表.xlsx must not move from one run to the next."""
    import hashlib
    import time as _time

    from openpyxl import load_workbook as _load

    ys = year_score()
    a = forms.write_form(ys, tmp_path / "a.xlsx")
    _time.sleep(1.1)  # openpyxl would stamp a different second into the file
    b = forms.write_form(ys, tmp_path / "b.xlsx")
    assert hashlib.sha256(a.read_bytes()).hexdigest() == hashlib.sha256(b.read_bytes()).hexdigest()
    assert _load(a).properties.modified.year == ys.year
