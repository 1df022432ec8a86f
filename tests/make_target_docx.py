"""Build Word (and Excel) copies of the seed's 目标表, laid out as the budget system prints them.

    python tests/make_target_docx.py SEED.txt OUT.docx [OUT.xlsx]

The layout is the budget system's 项目支出绩效目标表: a title row, 项目名称 / 项目编码 rows,
a 项目资金（万元） block (年度资金总额, 其中：财政拨款, 其他资金) whose label is merged down
three rows, 主要用途, the quarterly plan, 年度绩效目标 merged across, and the indicator block
under a left column 年度绩效指标 merged down, with 一级指标 (and repeated 二级) cells merged
vertically. The second project's table is split in two (a page break) and repeats its header
row, as Word does with a long table. The seed is read here with its own small parser, not
with jxreport, so the import test compares two independent paths.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

W = 7  # columns of the budget system's form


def seed_parts(text: str):
    """(department paragraphs, [project rows]) from the seed's text layout."""
    lines = text.splitlines()
    first = next(i for i, ln in enumerate(lines) if ln.startswith("\t"))
    # the title lines just before the first table belong to the table, not the prose
    k = first - 1
    while k >= 0 and not lines[k].strip():
        k -= 1
    while k >= 0 and lines[k].strip():
        k -= 1
    prose = [ln.strip() for ln in lines[:k + 1] if ln.strip()]
    tables, rows, row = [], None, None
    for ln in lines[first:]:
        if ln.startswith("\t"):
            if rows is None:
                rows = []
                tables.append(rows)
            if row is None:
                row = []
                rows.append(row)
            row.append(ln[1:].strip())
        elif not ln.strip():
            row = None
        elif row is not None:
            row[-1] = (row[-1] + "\n" + ln.strip()).strip()
        else:
            rows = None  # a title line: the next table begins
    return prose, tables


def project(rows):
    """The seed table's content by its (known) row order."""
    flat = lambda r: [re.sub(r"\s+", "", c) for c in r]  # noqa: E731
    p = {"name": rows[0][3], "use": rows[1][1], "quarters": rows[3][1:5], "goals": rows[4][1], "indicators": []}
    start = next(i for i, r in enumerate(rows) if "三级指标" in flat(r)) + 1
    l1 = l2 = ""
    for r in rows[start:]:
        r = r + [""] * (6 - len(r))
        l1 = re.sub(r"\s+", "", r[0]) or l1
        l2 = r[1] or l2
        p["indicators"].append([l1, l2] + r[2:6])
    return p


def money(use: str):
    total = re.search(r"(?:项目安排|预算数)(\d+(?:\.\d+)?)万元", use).group(1)
    other = re.search(r"其他资金(\d+(?:\.\d+)?)万元", use)
    return total, (other.group(1) if other else "")


def layout(p) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """A W-column grid and its merges (r0, c0, r1, c1), as the budget system prints the form."""
    g: list[list[str]] = []
    merges = []

    def row(*cells, spans=None):
        r = len(g)
        out, c = [], 0
        for text, span in zip(cells, spans or [1] * len(cells)):
            out += [text] + [""] * (span - 1)
            if span > 1:
                merges.append((r, c, r, c + span - 1))
            c += span
        g.append(out + [""] * (W - len(out)))
        return r

    total, other = money(p["use"])
    row("项目支出绩效目标表", spans=[W])
    row("项目名称", p["name"], spans=[1, 6])
    row("项目编码", "", spans=[1, 6])
    r = row("项目资金（万元）", "年度资金总额", total, spans=[1, 2, 4])
    row("", "其中：财政拨款", total if not other else str(float(total) - float(other)).rstrip("0").rstrip("."), spans=[1, 2, 4])
    row("", "其他资金", other, spans=[1, 2, 4])
    merges.append((r, 0, r + 2, 0))
    row("项目资金主要用途", p["use"], spans=[1, 6])
    r = row("资金支出计划", "第一季度", "第二季度", "第三季度", "第四季度", spans=[1, 1, 1, 2, 2])
    row("", *p["quarters"], spans=[1, 1, 1, 2, 2])
    merges.append((r, 0, r + 1, 0))
    row("年度绩效目标", p["goals"], spans=[1, 6])
    head = row("年度绩效指标", "一级指标", "二级指标", "三级指标", "指标描述", "指标值", "指标值确定依据")
    first = len(g)
    for ind in p["indicators"]:
        row("", *ind)
    merges.append((head, 0, len(g) - 1, 0))
    # merge each run of equal 一级指标 cells vertically, as the form does
    r = first
    while r < len(g):
        e = r
        while e + 1 < len(g) and g[e + 1][1] == g[r][1]:
            e += 1
        if e > r:
            for k in range(r + 1, e + 1):
                g[k][1] = ""
            merges.append((r, 1, e, 1))
        r = e + 1
    return g, merges


def write_docx(prose, projects, out: Path, split: int = 1) -> None:
    import docx

    d = docx.Document()
    for text in prose:
        d.add_paragraph(text)
    for n, p in enumerate(projects):
        d.add_paragraph(f"{p['name']}项目绩效目标表")
        g, merges = layout(p)
        parts = [(0, len(g))]
        if n == split:  # a long table broken by a page: the header row comes again
            head = next(i for i, r in enumerate(g) if "三级指标" in r)
            cut = head + 4
            parts = [(0, cut), (cut, len(g))]
        for a, b in parts:
            rows = g[a:b]
            repeat = a > 0
            if repeat:
                rows = [g[head]] + rows
            t = d.add_table(rows=len(rows), cols=W)
            t.style = "Table Grid"
            for i, r in enumerate(rows):
                for j, text in enumerate(r):
                    if text:
                        t.cell(i, j).text = text
            off = a - (1 if repeat else 0)
            for r0, c0, r1, c1 in merges:
                r0, r1 = max(r0, a) - off, min(r1, b - 1) - off
                if r0 < (1 if repeat else 0) or r1 < r0 or r0 >= len(rows):
                    continue
                top = t.cell(r0, c0).text
                m = t.cell(r0, c0).merge(t.cell(r1, c1))
                m.text = top or (g[max(r0 + off, 0)][c0] if repeat else "")
                if repeat and not m.text:
                    # the continued part repeats the merged label / 一级指标 of its first part
                    src = next(g[k][c0] for k in range(r0 + off, -1, -1) if g[k][c0])
                    m.text = src
            if repeat:
                d.add_paragraph("")
    d.save(str(out))


def write_xlsx(projects, out: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for n, p in enumerate(projects, 1):
        ws = wb.create_sheet(f"项目{n}")
        g, merges = layout(p)
        for i, r in enumerate(g, 1):
            for j, text in enumerate(r, 1):
                if text:
                    ws.cell(row=i, column=j, value=text)
        for r0, c0, r1, c1 in merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    wb.save(out)


def main(argv):
    seed, out = Path(argv[0]), Path(argv[1])
    prose, tables = seed_parts(seed.read_text(encoding="utf-8"))
    projects = [project(t) for t in tables]
    write_docx(prose, projects, out)
    if len(argv) > 2:
        write_xlsx(projects, Path(argv[2]))


if __name__ == "__main__":
    main(sys.argv[1:])
