"""Random workbooks never make `jxreport check` print a traceback (issue 12, point 9).

Hypothesis writes targets.xlsx and actuals.xlsx with openpyxl: the real sheets (from the schema)
and random ones, headers real, near-miss or random, title rows, merged cells, every cell type,
formulas without a saved value, error strings, long text, control characters (as Excel's
_xHHHH_ escapes, which openpyxl passes through), full-width digits and empty sheets. `check`
must answer with exit 0, 1 or 2 and never a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings, strategies as st

import year_builder

from jxreport.cli import main
from jxreport.core.schema import SHEETS, TARGETS, UNIT, WORKBOOKS

TEXT = st.lists(st.sampled_from(list("项目编码预算数≥≤%元万 abcXYZ0123456789１２３４５６７８９０.-_（）\n\t\u200b")
                                + ["_x000B_", "_x0007_", "#DIV/0!"]), max_size=30).map("".join)
CELL = st.one_of(
    st.none(), TEXT, st.integers(-10**15, 10**15), st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(), st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.sampled_from(["=1/0", "=A1+B1", "=SUM(A:A)", "１２３．５", "2022", "2022-02-30", "1e30", "inf", "nan",
                     "JX-01", "P1", "产出指标", "数量指标", "≥", "定性", "满意", "一季度", "9" * 400]),
    st.integers(1, 20_000).map(lambda n: ("长文本，" * n)[:n]),
)


def near_miss(name: str):
    return st.sampled_from([name + " ", name + "\u200b", name.replace("（", "("), name + "（万元）",
                            name[:-1] or name, "　" + name, name + "*"])


def header(column) -> st.SearchStrategy:
    return st.one_of(st.just(column.header), st.just(column.name), near_miss(column.name), TEXT)


@st.composite
def sheet_rows(draw, sheet):
    titles = draw(st.lists(st.lists(CELL, max_size=3), max_size=2))
    if sheet.keyvalue:
        keys = [draw(st.one_of(st.just(k.name), near_miss(k.name), TEXT)) for k in sheet.columns]
        head = [["项目", "内容"]]
        body = [[k, draw(st.one_of(st.just("测试单位"), st.just(2022), CELL))] for k in keys]
    else:
        head = [[draw(header(c)) for c in sheet.columns if draw(st.integers(0, 9))]]
        body = draw(st.lists(st.lists(CELL, min_size=0, max_size=len(sheet.columns) + 2), max_size=6))
    return titles + head + body


@st.composite
def workbook(draw, name: str):
    sheets = [s for s in SHEETS if s.workbook == name and draw(st.integers(0, 5))]
    content = {s.name: draw(sheet_rows(s)) for s in sheets}
    for extra in draw(st.lists(st.one_of(TEXT.filter(lambda t: t.strip()), near_miss(UNIT.name)), max_size=2)):
        content.setdefault(extra, draw(st.lists(st.lists(CELL, max_size=4), max_size=3)))
    merges = draw(st.lists(st.tuples(st.integers(1, 6), st.integers(1, 6), st.integers(0, 2), st.integers(0, 2)),
                           max_size=3))
    return content, merges


def write(path: Path, content: dict, merges) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in content.items():
        title = "".join(ch for ch in str(name) if ch not in "[]:*?/\\")[:31].strip("'") or "S"
        if title in wb.sheetnames:
            continue
        ws = wb.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                ws.cell(r, c, value)
        for row, col, dr, dc in merges:
            if dr or dc:
                try:
                    ws.merge_cells(start_row=row, start_column=col, end_row=row + dr, end_column=col + dc)
                except ValueError:
                    pass
    if not wb.sheetnames:
        wb.create_sheet("Sheet1")
    wb.save(path)


def run_check(folder: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", str(folder)])
    return code, out.getvalue() + err.getvalue()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(targets=workbook(TARGETS), actuals=workbook(WORKBOOKS[1]))
def test_check_on_random_workbooks_gives_a_message_never_a_traceback(targets, actuals):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "2022"
        folder.mkdir()
        write(folder / TARGETS, *targets)
        write(folder / WORKBOOKS[1], *actuals)
        code, text = run_check(folder)
    assert code in (0, 1, 2), text
    assert "Traceback" not in text, text


MUTATION = st.tuples(st.sampled_from(WORKBOOKS), st.integers(0, 20), st.integers(1, 10), st.integers(1, 14), CELL)


def mutate(path: Path, edits, merges, emptied: int | None) -> None:
    """Change cells of a valid workbook: values, merges, one sheet emptied."""
    wb = openpyxl.load_workbook(path)
    for _, sheet, row, col, value in edits:
        wb.worksheets[sheet % len(wb.worksheets)].cell(row, col, value)
    for sheet, row, col, dr, dc in merges:
        ws = wb.worksheets[sheet % len(wb.worksheets)]
        try:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + dr, end_column=col + dc)
        except ValueError:
            pass
    if emptied is not None:
        ws = wb.worksheets[emptied % len(wb.worksheets)]
        ws.delete_rows(1, ws.max_row)
    wb.save(path)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(edits=st.lists(MUTATION, min_size=1, max_size=6),
       merges=st.lists(st.tuples(st.integers(0, 20), st.integers(1, 8), st.integers(1, 12), st.integers(0, 1),
                                 st.integers(1, 2)), max_size=2),
       emptied=st.one_of(st.none(), st.integers(0, 20)))
def test_check_on_a_valid_year_with_random_cells_changed_never_gives_a_traceback(edits, merges, emptied):
    with tempfile.TemporaryDirectory() as tmp:
        folder = year_builder.write(Path(tmp) / "2022")
        for name in WORKBOOKS:
            mine = [e for e in edits if e[0] == name]
            mutate(folder / name, mine, merges if name == TARGETS else (), emptied if name == TARGETS else None)
        code, text = run_check(folder)
    assert code in (0, 1, 2), text
    assert "Traceback" not in text, text
