"""Read a 自评表 back as a reader sees it, from the report's HTML table and from its sheet of
自评表.xlsx, as rows of cell texts: the one reading both form tests compare cell by cell."""

from __future__ import annotations

import re

import lxml.html

from jxreport.core.rounding import dec, fmt_money, fmt_pct

EMPTY = ("", "—")  # blank and dash cells are left out of a row: the two renderings lay blanks out differently


def clean(text) -> str:
    return re.sub(r"\s+", "", str(text))


def html_rows(html: str, form: str) -> list[list[str]]:
    """The rows of the one table `data-form=<form>`: cells left to right, a rowspan cell repeated below."""
    root = lxml.html.fromstring(html.replace("<br>", "\n"))
    tables = root.xpath(f'//table[@data-form="{form}"]')
    assert tables, f"no {form} form in the page"
    rows, pending = [], {}
    for r, tr in enumerate(tables[0].xpath("./tbody/tr")):
        line, c = [], 0
        for cell in tr.xpath("./td|./th"):
            while (r, c) in pending:
                line.append(pending.pop((r, c)))
                c += 1
            text = clean(cell.text_content())
            line.append(text)
            for d in range(1, int(cell.get("rowspan", 1))):
                pending[(r + d, c)] = text
            c += int(cell.get("colspan", 1))
        while (r, c) in pending:
            line.append(pending.pop((r, c)))
            c += 1
        rows.append([x for x in line if x not in EMPTY])
    return rows


def shown(cell) -> str:
    """A cell's text as Excel shows it: numbers in the report's money or percent format."""
    v = cell.value
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return fmt_pct(dec(v)) if "%" in cell.number_format else fmt_money(v)
    return clean(v if v is not None else "")


def xlsx_rows(ws, first: str, last: str | None = None) -> list[list[str]]:
    """The sheet's rows from the one whose first cell is `first` to `last` (or the sheet's end):
    a vertically merged cell repeated below."""
    down = {}
    for rng in ws.merged_cells.ranges:
        top = ws.cell(row=rng.min_row, column=rng.min_col)
        for r in range(rng.min_row + 1, rng.max_row + 1):
            down[(r, rng.min_col)] = top
    rows, started = [], False
    for r in range(1, ws.max_row + 1):
        line = [shown(down.get((r, c), ws.cell(row=r, column=c))) for c in range(1, ws.max_column + 1)]
        started = started or line[0] == first
        if started:
            rows.append([x for x in line if x not in EMPTY])
            if last is not None and line[0] == last:
                break
    return rows
