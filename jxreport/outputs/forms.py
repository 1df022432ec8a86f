"""自评表.xlsx: the official 项目支出绩效自评表, one sheet a project, plus 汇总, 部门整体 and 监控表.

The finance bureau's system and its staff read this file, so it mirrors the paper form:
merged group cells, borders everywhere, A4 portrait fitted to one page wide. Every figure
is the already-rounded Decimal that the HTML reports print, written as a number with a
number format (never text), so each 得分 column adds up to its printed 总分 in Excel too.
Every cell goes through `xlsx.set_value`: a project name beginning with `=` stays text.

Layout of a project sheet (columns A–I):

    A            B           C          D          E          F          G       H      I
    项目资金     (row label) 年初预算数 全年预算数 全年执行数 分值       执行率  得分 (H:I)
    绩效指标     一级指标    二级指标   三级指标   年度指标值 实际完成值 分值    得分   偏差原因分析及改进措施

so that the execution score and every indicator score share column H, and 总分 (H) is
their sum.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break

from jxreport.core import schema as S
from jxreport.report.department_form import NO_AREAS as DEPT_NO_AREAS, TITLE as DEPT_TITLE, WEIGHTED as DEPT_WEIGHTED, department_form
from jxreport.report.selfeval_form import FormRow, project_form
from jxreport.scoring.rates import projects_execution_rate
from jxreport.scoring.results import ProjectScore, YearScore
from jxreport.core.rounding import dec, fmt_money, fmt_pct, fmt_score, fmt_wan, q, q2
from jxreport.io.xlsx import save_reproducible, set_value

if TYPE_CHECKING:  # pragma: no cover
    from jxreport.io.model import Year
    from jxreport.scoring.monitoring import Monitoring

FORM_TITLE = "项目支出绩效自评表"
SUMMARY_SHEET = "汇总"
DEPARTMENT_SHEET = "部门整体"
MONITORING_SHEET = "监控表"
FILENAME = "自评表.xlsx"

MONEY = "#,##0.00"
SCORE = "0.00"
RATE = "0.00%"
DASH = "—"

_FONT_NAME = "宋体"
_FONT = Font(name=_FONT_NAME, size=10)
_BOLD = Font(name=_FONT_NAME, size=10, bold=True)
_TITLE = Font(name=_FONT_NAME, size=16, bold=True)
_SUBTITLE = Font(name=_FONT_NAME, size=11)
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)
_RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=True, indent=1)
# Light fills that keep black text readable; the colour is also written as a word.
COLOUR_FILLS = {"红": PatternFill("solid", fgColor="FFC7CE"), "黄": PatternFill("solid", fgColor="FFEB9C"),
                "绿": PatternFill("solid", fgColor="C6EFCE")}

_LINE_PT = 13.5  # one line of 10 pt 宋体
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


# --------------------------------------------------------------------------- sheet helper

@dataclass
class _Form:
    """A worksheet being filled: remembers merges so it can border and size every row."""

    ws: object
    widths: tuple[float, ...]
    numbers: Alignment = _CENTER  # forms centre their figures, as the paper form does
    top: int = 1  # first row of the bordered form
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    row: int = 1

    def __post_init__(self):
        for j, w in enumerate(self.widths, 1):
            self.ws.column_dimensions[get_column_letter(j)].width = w

    @property
    def ncols(self) -> int:
        return len(self.widths)

    def put(self, row: int, col: int, value, fmt: str | None = None, *, align=None, font=None, fill=None,
            to_col: int | None = None, to_row: int | None = None):
        """Write one value (through set_value) and merge it across/down when asked."""
        cell = self.ws.cell(row=row, column=col)
        if value is not None:
            set_value(cell, value, fmt)
        last_col, last_row = to_col or col, to_row or row
        number = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
        cell.alignment = align or (self.numbers if number and last_col == col else _CENTER)
        cell.font = font or _FONT
        if fill is not None:
            cell.fill = fill
        if last_col != col or last_row != row:
            self.ws.merge_cells(start_row=row, start_column=col, end_row=last_row, end_column=last_col)
            self.merges.append((row, col, last_row, last_col))
            if fill is not None:
                for r in range(row, last_row + 1):
                    for c in range(col, last_col + 1):
                        self.ws.cell(row=r, column=c).fill = fill
        return cell

    def header(self, row: int, labels, *, start: int = 1):
        """A header row; a label given as (text, span) covers `span` columns."""
        col = start
        for item in labels:
            text, span = item if isinstance(item, tuple) else (item, 1)
            self.put(row, col, text, font=_BOLD, fill=_HEAD_FILL, to_col=col + span - 1)
            col += span

    def title(self, text: str, subtitle: str | None = None):
        self.put(self.row, 1, text, font=_TITLE, to_col=self.ncols)
        self.ws.row_dimensions[self.row].height = 30
        self.row += 1
        if subtitle:
            self.put(self.row, 1, subtitle, font=_SUBTITLE, align=_LEFT, to_col=self.ncols)
            self.ws.row_dimensions[self.row].height = 20
            self.row += 1
        self.top = self.row

    def finish(self, *, landscape: bool = False, header_left: str = "", header_right: str = "",
               title_rows: str | None = None, bottom: int | None = None):
        """Borders on every cell of the form, row heights, and the A4 print setup."""
        ws = self.ws
        bottom = bottom or self.row - 1
        for r in range(self.top, bottom + 1):
            for c in range(1, self.ncols + 1):
                cell = ws.cell(row=r, column=c)
                cell.border = _BORDER
                if cell.font is None or cell.font.name != _FONT_NAME:
                    cell.font = _FONT
        self._heights(self.top, bottom)
        _print_setup(ws, landscape=landscape, header_left=header_left, header_right=header_right,
                     title_rows=title_rows, last_col=self.ncols, last_row=bottom)

    def _heights(self, first: int, last: int):
        """Row heights from the text: Excel does not grow rows for wrapped or merged text."""
        span = {}
        covered = set()
        for r0, c0, r1, c1 in self.merges:
            span[(r0, c0)] = (r1 - r0 + 1, sum(self.widths[c0 - 1:c1]))
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        covered.add((r, c))
        need: dict[int, float] = {}
        tall: list[tuple[int, int, float]] = []  # merged down: (first row, rows, height needed)
        for r in range(first, last + 1):
            if self.ws.row_dimensions[r].height:
                continue
            for c in range(1, self.ncols + 1):
                if (r, c) in covered:
                    continue
                cell = self.ws.cell(row=r, column=c)
                if cell.value is None:
                    continue
                rows, width = span.get((r, c), (1, self.widths[c - 1]))
                text = _shown(cell.value, cell.number_format)
                h = _lines(text, width) * _LINE_PT + 6
                if rows == 1:
                    need[r] = max(need.get(r, 0), h)
                else:
                    tall.append((r, rows, h))
        for r in range(first, last + 1):
            if not self.ws.row_dimensions[r].height:
                self.ws.row_dimensions[r].height = max(20.0, need.get(r, 0))
        for r, rows, h in tall:  # a vertical merge taller than its rows: stretch them evenly
            have = sum(self.ws.row_dimensions[x].height for x in range(r, r + rows))
            if h > have:
                extra = (h - have) / rows
                for x in range(r, r + rows):
                    self.ws.row_dimensions[x].height += extra


def _shown(value, number_format: str) -> str:
    """Roughly the text Excel shows for a value, for sizing rows."""
    if isinstance(value, (int, float)):
        if number_format == RATE:
            return fmt_pct(value)
        return fmt_money(value)
    return str(value)


def _char_width(ch: str) -> float:
    return 2.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 1.1


def _lines(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide (CJK = 2)."""
    room = max(width - 1.5, 2.0)
    total = 0
    for para in str(text).split("\n"):
        w = sum(_char_width(ch) for ch in para)
        total += max(1, math.ceil(w / room))
    return total


def _header_text(text: str) -> str:
    """Header/footer text: `&` starts a code there, so a literal one is doubled."""
    return (text or "").replace("&", "&&")


def _print_setup(ws, *, landscape: bool, header_left: str, header_right: str, title_rows: str | None,
                 last_col: int, last_row: int):
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75, header=0.3, footer=0.3)
    if title_rows:
        ws.print_title_rows = title_rows
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    for hf in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
        hf.left.text = _header_text(header_left)
        hf.left.size = 9
        hf.right.text = _header_text(header_right)
        hf.right.size = 9
    for hf in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
        hf.center.text = "第 &P 页，共 &N 页"
        hf.center.size = 9
    ws.sheet_view.showGridLines = False


def sheet_title(code: str, taken: set[str]) -> str:
    """A legal, unique sheet title from a 项目编码: ≤ 31 chars, none of []:*?/\\."""
    base = _BAD_TITLE.sub("_", str(code)).strip("'") or "项目"
    base = base[:31]
    title, n = base, 2
    while title.lower() in {t.lower() for t in taken}:
        suffix = f"~{n}"
        title = base[:31 - len(suffix)] + suffix
        n += 1
    taken.add(title)
    return title


# --------------------------------------------------------------------------- cells

def _form_row_cells(f, row: int, col: int, r: FormRow) -> None:
    """A 项目支出绩效自评表 indicator row, the cells as report.selfeval_form built them."""
    f.put(row, col, r.name, align=_LEFT)
    f.put(row, col + 1, r.target)
    f.put(row, col + 2, r.actual)
    f.put(row, col + 3, r.weight, SCORE)
    f.put(row, col + 4, r.score, SCORE)
    f.put(row, 9, r.remark, align=_LEFT)


def _project_row(year, code: str) -> dict:
    try:
        return year.facts(code)
    except (KeyError, AttributeError):
        return {}


def _runs(values) -> list[tuple[int, int]]:
    """(start, end) index ranges of equal consecutive values."""
    out, start = [], 0
    for k in range(1, len(values) + 1):
        if k == len(values) or values[k] != values[start]:
            out.append((start, k - 1))
            start = k
    return out


# --------------------------------------------------------------------------- project sheet

PROJECT_WIDTHS = (7, 13, 11, 17, 12, 12, 9, 9, 22)


def write_project_sheet(ws, p: ProjectScore, *, year_no: int, department: str | None, unit: str,
                        project_row: dict) -> dict[str, int]:
    """Fill one 项目支出绩效自评表; returns the rows of its parts (for tests and readers)."""
    form = project_form(p, project_row, department=department, unit=unit)  # the same form the report's 附表 prints
    f = _Form(ws, PROJECT_WIDTHS)
    f.title(f"{FORM_TITLE}（{year_no}年度）")
    rows: dict[str, int] = {}
    r = f.row
    f.put(r, 1, "项目名称", font=_BOLD, to_col=2)
    f.put(r, 3, form.project_name, align=_LEFT, to_col=9)
    r += 1
    f.put(r, 1, "主管部门", font=_BOLD, to_col=2)
    f.put(r, 3, form.department, align=_LEFT, to_col=5)
    f.put(r, 6, "实施单位", font=_BOLD)
    f.put(r, 7, form.unit, align=_LEFT, to_col=9)
    r += 1

    # 项目资金（万元）
    funds = form.funds
    f.put(r, 1, "项目资金（万元）", font=_BOLD, to_row=r + 1 + len(funds))
    f.header(r, ["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", ("得分", 2)], start=2)
    rows["funds_header"] = r
    r += 1
    rows["funds_total"] = r
    f.put(r, 2, "年度资金总额", font=_BOLD)
    f.put(r, 3, form.budget_initial, MONEY)
    f.put(r, 4, form.budget_full_year, MONEY)
    f.put(r, 5, form.spent, MONEY)
    f.put(r, 6, form.execution_weight, SCORE)
    f.put(r, 7, DASH if form.execution_rate is None else q(dec(form.execution_rate), 4), RATE)
    f.put(r, 8, form.execution_score, SCORE, to_col=9)
    r += 1
    for k, (name, initial, full) in enumerate(funds):
        f.put(r, 2, ("其中：" if k == 0 else "") + name, align=_LEFT)
        for col, amount in ((3, initial), (4, full)):
            if amount is not None:
                f.put(r, col, q2(amount), MONEY)
        for col in (5, 6, 7):
            f.put(r, col, DASH)
        f.put(r, 8, DASH, to_col=9)
        r += 1

    # 年度总体目标
    rows["goal"] = r
    f.put(r, 1, "年度总体目标", font=_BOLD, to_row=r + 1)
    f.header(r, [("预期目标", 4), ("实际完成情况", 4)], start=2)
    r += 1
    f.put(r, 2, form.goal, align=_LEFT, to_col=5)
    f.put(r, 6, form.achievement, align=_LEFT, to_col=9)
    r += 1

    # 绩效指标
    inds = form.rows
    rows["indicators_header"] = r
    f.put(r, 1, "绩效指标", font=_BOLD, to_row=r + max(len(inds), 1))
    f.header(r, ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                 "偏差原因分析及改进措施"], start=2)
    r += 1
    first = r
    for k, fr in enumerate(inds):
        _form_row_cells(f, r + k, 4, fr)
    for a, b in _runs([i.level1 for i in inds]):
        f.put(first + a, 2, inds[a].level1, to_row=first + b)
    for a, b in _runs([(i.level1, i.level2) for i in inds]):
        f.put(first + a, 3, inds[a].level2, to_row=first + b)
    if not inds:
        f.put(r, 2, "未设置绩效指标", to_col=9)
        r += 1
    r += len(inds)
    rows["indicators"] = first
    rows["indicators_end"] = r - 1

    # 总分
    rows["total"] = r
    total_weight, total_score = form.total_weight, form.total_score
    f.put(r, 1, "总分", font=_BOLD, to_col=6)
    f.put(r, 7, total_weight, SCORE, font=_BOLD)
    f.put(r, 8, total_score, SCORE, font=_BOLD)
    f.put(r, 9, f"评价等级：{form.grade}", font=_BOLD)
    r += 1
    notes = list(p.notes)
    if notes:
        f.put(r, 1, "说明", font=_BOLD)
        f.put(r, 2, "\n".join(notes), align=_LEFT, to_col=9)
        r += 1
    f.row = r
    # The indicator header repeats on every page after the first (a long form runs over).
    head = rows["indicators_header"]
    f.finish(header_left=unit, header_right=f"{p.code} {year_no}年度", title_rows=f"{head}:{head}")
    return rows


# --------------------------------------------------------------------------- 汇总

SUMMARY_HEADERS = ("项目编码", "项目名称", "年初预算数", "全年预算数", "全年执行数", "执行率", "得分", "等级")
SUMMARY_WIDTHS = (12, 30, 12, 12, 12, 10, 9, 7)


def write_summary_sheet(ws, ys: YearScore) -> dict[str, int]:
    f = _Form(ws, SUMMARY_WIDTHS, numbers=_RIGHT)  # a list of money: right-aligned columns
    f.title(f"项目支出绩效自评汇总表（{ys.year}年度）", f"单位：{ys.unit_name}　　金额单位：万元")
    r = f.row
    f.header(r, SUMMARY_HEADERS)
    header = r
    r += 1
    first = r
    totals = [Decimal(0)] * 3
    for p in ys.projects:
        money = (q2(p.budget_initial_wan), q2(p.budget_full_year_wan), q2(p.spent_wan))
        totals = [t + m for t, m in zip(totals, money)]
        f.put(r, 1, p.code)
        f.put(r, 2, p.name, align=_LEFT)
        for j, m in enumerate(money, 3):
            f.put(r, j, m, MONEY)
        f.put(r, 6, q(dec(p.execution_rate), 4), RATE)
        f.put(r, 7, q2(p.score), SCORE)
        f.put(r, 8, p.grade)
        r += 1
    total_row = r
    f.put(r, 1, "合计", font=_BOLD, to_col=2)
    for j, t in enumerate(totals, 3):
        f.put(r, j, t, MONEY, font=_BOLD)
    all_rate = projects_execution_rate(ys.projects)  # unrounded, as every other copy of this rate
    if all_rate is not None:
        f.put(r, 6, q(all_rate, 4), RATE, font=_BOLD)
    r += 1
    w = ys.department.weighted_project_score
    f.put(r, 1, "按全年预算数加权的项目平均得分", font=_BOLD, to_col=6)
    if w is not None:
        f.put(r, 7, q2(w), SCORE, font=_BOLD)
    r += 1
    f.row = r
    f.finish(header_left=ys.unit_name, header_right=f"{ys.year}年度", title_rows=f"{header}:{header}")
    return {"header": header, "first": first, "total": total_row}


# --------------------------------------------------------------------------- 部门整体

DEPARTMENT_WIDTHS = (11, 22, 16, 10, 10, 8, 8, 8, 17)


def write_department_sheet(ws, ys: YearScore, *, year: "Year | None" = None) -> dict[str, int]:
    """Fill the 部门整体支出绩效自评表 from the one built form that the department report's 附表
    prints too (report.department_form); returns the rows of its parts."""
    form = department_form(ys, overall_goal=year.overall_goal if year is not None else None)
    f = _Form(ws, DEPARTMENT_WIDTHS)
    f.title(f"{DEPT_TITLE}（{form.year}年度）")
    rows: dict[str, int] = {}
    r = f.row
    f.put(r, 1, "单位名称", font=_BOLD)
    f.put(r, 2, form.unit, align=_LEFT, to_col=4)
    f.put(r, 5, "主管部门", font=_BOLD)
    f.put(r, 6, form.department, align=_LEFT, to_col=9)
    r += 1
    f.put(r, 1, "年度预算执行情况（万元）", font=_BOLD, to_col=2, to_row=r + 1)
    f.header(r, ["全年预算数", "全年执行数", "执行率", "分值", ("得分", 3)], start=3)
    r += 1
    rows["execution"] = r
    f.put(r, 3, form.budget, MONEY)
    f.put(r, 4, form.spent, MONEY)
    f.put(r, 5, DASH if form.execution_rate is None else q(dec(form.execution_rate), 4), RATE)
    f.put(r, 6, form.execution_weight, SCORE)
    f.put(r, 7, form.execution_score, SCORE, to_col=9)
    r += 1
    rows["goal"] = r
    f.put(r, 1, "年度总体目标", font=_BOLD, to_col=2)
    f.put(r, 3, form.goal, align=_LEFT, to_col=9)
    r += 1
    f.header(r, ["工作领域", "绩效目标", "指标名称", "年度指标值", "实际完成值", "分值", "得分", "领域得分",
                 "偏差原因分析及改进措施"])
    rows["areas_header"] = r
    r += 1
    rows["areas"] = r
    for area in form.areas:
        end = r + len(area.rows) - 1
        f.put(r, 1, area.area, to_row=end)
        f.put(r, 2, area.goal, align=_LEFT, to_row=end)
        f.put(r, 8, area.score, SCORE, to_row=end)
        for k, row in enumerate(area.rows):
            if row.weight is None:
                f.put(r + k, 3, row.name, to_col=7)
            else:
                f.put(r + k, 3, row.name, align=_LEFT)
                f.put(r + k, 4, row.target)
                f.put(r + k, 5, row.actual)
                f.put(r + k, 6, row.weight, SCORE)
                f.put(r + k, 7, row.score, SCORE)
            f.put(r + k, 9, row.remark, align=_LEFT)
        r = end + 1
    if not form.areas:
        f.put(r, 1, DEPT_NO_AREAS, to_col=9)
        r += 1
    rows["total"] = r
    f.put(r, 1, "总分", font=_BOLD, to_col=5)
    f.put(r, 6, form.total_weight, SCORE, font=_BOLD)
    f.put(r, 7, form.total_score, SCORE, font=_BOLD)
    f.put(r, 8, f"评价等级：{form.grade}", font=_BOLD, to_col=9)
    r += 1
    rows["weighted"] = r
    f.put(r, 1, DEPT_WEIGHTED, font=_BOLD, to_col=6)
    f.put(r, 7, DASH if form.weighted_project_score is None else form.weighted_project_score, SCORE, font=_BOLD)
    f.put(r, 8, f"项目数：{form.project_count}", to_col=9)
    r += 1
    f.row = r
    head = rows["areas_header"]
    f.finish(header_left=form.unit, header_right=f"{form.year}年度", title_rows=f"{head}:{head}")
    return rows


# --------------------------------------------------------------------------- 监控表

MONITORING_WIDTHS = (10, 20, 12, 12, 12, 11, 11, 10, 8, 24, 24)


def _colour_cell(f: _Form, row: int, col: int, colour: str | None, **kw):
    f.put(row, col, colour or "未判断", fill=COLOUR_FILLS.get(colour), font=_BOLD, **kw)


def write_monitoring_sheet(ws, m: "Monitoring") -> dict[str, int]:
    """监控表: per project its spending against plan and each indicator's forecast."""
    f = _Form(ws, MONITORING_WIDTHS)
    f.title(f"绩效运行监控表（{m.year}年 截至{m.month}月末）",
            f"单位：{m.unit_name}　　金额单位：万元　　预警：红 = 严重滞后，黄 = 轻度滞后，绿 = 正常")
    rows: dict[str, int] = {}
    r = f.row
    # 1. one line a project
    f.put(r, 1, "一、项目预警汇总", font=_BOLD, align=_LEFT, to_col=11)
    r += 1
    f.header(r, ["项目编码", "项目名称", "全年预算数", "判断时点", "支出进度", "计划进度",
                 "支出预警", "指标预警", "综合预警", ("需纠偏事项", 2)])
    r += 1
    rows["summary"] = r
    for p in m.projects:
        pt = p.judged
        f.put(r, 1, p.code)
        f.put(r, 2, p.name, align=_LEFT)
        f.put(r, 3, q2(p.budget_wan), MONEY)
        f.put(r, 4, pt.label)
        _rate(f, r, 5, pt.progress)
        _rate(f, r, 6, pt.plan)
        _colour_cell(f, r, 7, p.spending_colour)
        _colour_cell(f, r, 8, p.indicator_colour) if p.indicators else f.put(r, 8, "无监控指标")
        _colour_cell(f, r, 9, p.colour)
        f.put(r, 10, f"{len(p.corrections)} 项（见第四部分）" if p.corrections else "无", to_col=11)
        r += 1
    # 2. spending at each quarter end and at the month
    f.put(r, 1, "二、支出进度（累计支出 ÷ 全年预算数，对照季度计划）", font=_BOLD, align=_LEFT, to_col=11)
    r += 1
    f.header(r, ["项目编码", "项目名称", "时点", "累计支出", "支出进度", "计划进度", "进度比", "预警",
                 ("", 3)])
    r += 1
    rows["spending"] = r
    for p in m.projects:
        points = p.points
        end = r + len(points) - 1
        f.put(r, 1, p.code, to_row=end)
        f.put(r, 2, p.name, align=_LEFT, to_row=end)
        for k, pt in enumerate(points):
            f.put(r + k, 3, pt.label)
            f.put(r + k, 4, q2(pt.spent_wan), MONEY)
            _rate(f, r + k, 5, pt.progress)
            _rate(f, r + k, 6, pt.plan)
            _rate(f, r + k, 7, pt.ratio)
            _colour_cell(f, r + k, 8, pt.colour)
            f.put(r + k, 9, pt.note or "", align=_LEFT, to_col=11)
        r = end + 1
    # 3. indicators: on a new page, so that its header row never ends a page
    ws.row_breaks.append(Break(id=r - 1))
    f.put(r, 1, "三、绩效指标预计完成情况", font=_BOLD, align=_LEFT, to_col=11)
    r += 1
    f.header(r, ["项目编码", "三级指标", "年度指标值", "当前完成值", "全年预计完成值", "完成可能性", "预计偏差",
                 "预警", "", "偏差原因", "纠偏措施"])
    r += 1
    rows["indicators"] = r
    any_ind = False
    for p in m.projects:
        for i in p.indicators:
            any_ind = True
            f.put(r, 1, p.code)
            f.put(r, 2, i.name, align=_LEFT)
            f.put(r, 3, i.target_text)
            f.put(r, 4, i.current_text)
            f.put(r, 5, i.forecast_text)
            f.put(r, 6, i.likelihood or "")
            _rate(f, r, 7, i.shown_gap)
            _colour_cell(f, r, 8, i.colour, to_col=9)
            # only a red or yellow item owes an explanation
            due = i.colour in ("红", "黄")
            f.put(r, 10, i.reason or ("未填写偏差原因" if due else ""), align=_LEFT)
            f.put(r, 11, i.measures or ("未填写纠偏措施" if due else ""), align=_LEFT)
            r += 1
    if not any_ind:
        f.put(r, 1, f"「绩效监控」表中没有截至 {m.month} 月的指标监控记录。", to_col=11)
        r += 1
    # 4. what must be corrected
    f.put(r, 1, "四、需纠偏事项（红色、黄色预警）", font=_BOLD, align=_LEFT, to_col=11)
    r += 1
    f.header(r, ["项目编码", ("事项", 5), "预警", ("偏差原因", 2), ("纠偏措施", 2)])
    r += 1
    rows["corrections"] = r
    for c in m.corrections:
        f.put(r, 1, c.project)
        f.put(r, 2, c.item, align=_LEFT, to_col=6)
        _colour_cell(f, r, 7, c.colour)
        f.put(r, 8, c.reason, align=_LEFT, to_col=9)
        f.put(r, 10, c.measures, align=_LEFT, to_col=11)
        r += 1
    if not m.corrections:
        f.put(r, 1, "无红色或黄色预警，无需纠偏。", to_col=11)
        r += 1
    f.row = r
    f.finish(landscape=True, header_left=m.unit_name, header_right=f"截至{m.year}年{m.month}月",
             title_rows="1:2")
    return rows


def _rate(f: _Form, row: int, col: int, value):
    if value is None:
        f.put(row, col, DASH)
    else:
        f.put(row, col, q(dec(value), 4), RATE)


# --------------------------------------------------------------------------- the workbook

def build_workbook(ys: YearScore, *, year: "Year | None" = None, monitoring: "Monitoring | None" = None):
    """The openpyxl Workbook of 自评表.xlsx (not saved)."""
    wb = Workbook()
    wb.remove(wb.active)
    taken = {SUMMARY_SHEET, DEPARTMENT_SHEET, MONITORING_SHEET}
    write_summary_sheet(wb.create_sheet(SUMMARY_SHEET), ys)
    write_department_sheet(wb.create_sheet(DEPARTMENT_SHEET), ys, year=year)
    department = year.department if year is not None else ys.department_name
    for p in ys.projects:
        ws = wb.create_sheet(sheet_title(p.code, taken))
        write_project_sheet(ws, p, year_no=ys.year, department=department, unit=ys.unit_name,
                            project_row=_project_row(year, p.code) if year is not None else {})
    if monitoring is not None:
        write_monitoring_sheet(wb.create_sheet(MONITORING_SHEET), monitoring)
    wb.active = 0
    return wb


def write_form(ys: YearScore, path, *, year: "Year | None" = None, monitoring: "Monitoring | None" = None,
               when: "dt.date | None" = None) -> Path:
    """Write 自评表.xlsx to `path` (a file, or a folder that gets 自评表.xlsx); returns the file.

    Written to a temporary name first and moved into place, so a failed run never leaves a
    half-written form over a previous good one. `when` (the report date; default the last
    day of the fiscal year) is stamped into the file instead of the clock, so the same
    scores always give the same bytes.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path / FILENAME
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = build_workbook(ys, year=year, monitoring=monitoring)
    tmp = path.with_name(path.name + ".tmp.xlsx")
    try:
        stamp = when or dt.date(ys.year, 12, 31)
        save_reproducible(wb, tmp, dt.datetime(stamp.year, stamp.month, stamp.day))
        tmp.replace(path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
