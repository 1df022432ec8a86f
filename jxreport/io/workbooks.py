"""Write the two input workbooks: empty for `jxreport init`, or filled (sample and synthetic years).

Headers, comments, validation lists and number formats all come from schema.py, so a
workbook written here always reads back through load_year without a problem.
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from jxreport.core import schema as S
from jxreport.core.text import blank
from jxreport.io.xlsx import set_value
from jxreport.core.exceptions import JxReportError

_FORMATS = {S.WAN: "#,##0.00", S.YUAN: "#,##0.00", S.NUMBER: "General", S.PERCENT: '0.##"%"',
            S.DATE: "yyyy-mm-dd", S.MONTH: "0", S.INT: "0", S.TEXT: "@", S.CODE: "@"}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FONT = Font(bold=True, color="C00000")
_FONT = Font(bold=True)
_VALIDATION_ROWS = 5000  # validation lists reach this far down the sheet


def _header(ws, sheet: S.Sheet):
    for j, col in enumerate(sheet.columns, 1):
        cell = ws.cell(row=1, column=j, value=col.header)
        cell.font = _REQUIRED_FONT if col.required else _FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        note = ("必填。" if col.required else "可空。") + col.help
        if col.choices:
            note += "\n可选：" + "、".join(col.choices)
        cell.comment = Comment(note, "jxreport", width=260, height=120)
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = col.width
        fmt = _FORMATS.get(col.type)
        if fmt and fmt != "General":
            ws.column_dimensions[letter].number_format = fmt
        if col.choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(col.choices) + '"', allow_blank=True,
                                showErrorMessage=col.name != "评价")  # 评价 also takes 1–5
            dv.error = "请从下拉列表中选择：" + "、".join(col.choices)
            dv.errorTitle = col.name
            dv.prompt = col.help
            dv.add(f"{letter}2:{letter}{_VALIDATION_ROWS}")
            ws.add_data_validation(dv)
        elif col.type == S.MONTH:
            dv = DataValidation(type="whole", operator="between", formula1="1", formula2="12", allow_blank=True)
            dv.error = "月份应为 1–12 的整数"
            dv.add(f"{letter}2:{letter}{_VALIDATION_ROWS}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"


def _rows(ws, sheet: S.Sheet, rows):
    fmts = [_FORMATS.get(c.type) for c in sheet.columns]
    for i, record in enumerate(rows, 2):
        for j, col in enumerate(sheet.columns, 1):
            value = record.get(col.name)
            if blank(value):  # NaN from a DataFrame or a stray space: nothing to write
                continue
            fmt = fmts[j - 1] if fmts[j - 1] not in (None, "General", "@") else None
            if col.type == S.PERCENT and isinstance(value, str):
                fmt = None
            set_value(ws.cell(row=i, column=j), value, fmt)
            if col.width >= 30:
                ws.cell(row=i, column=j).alignment = Alignment(wrap_text=True, vertical="top")


def _instructions(wb, workbook: str, note: str | None):
    ws = wb.create_sheet(S.INSTRUCTIONS_SHEET, 0)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 90
    lines = [("填写说明", f"本工作簿（{workbook}）供 jxreport 读取。工作表名与表头须与模板一致；列的顺序可调整；"
                      "带 * 的列必填；多余的列会被忽略并提示。")]
    if workbook == S.TARGETS:
        lines.append(("金额单位", "目标表中的金额以万元计（与官方绩效目标表一致）。"))
    else:
        lines.append(("金额单位", "台账中的金额以元计；预算调整以万元计。"))
    lines.append(("百分比", "百分比列可填 25、25% 或 0.25（≤1 的数按比例读取）。"))
    if note:
        lines.append(("注意", note))
    for sheet in S.sheets_of(workbook):
        tag = "（必需）" if sheet.required else "（可选，可删除）"
        cols = "；".join(f"{c.header}：{c.help}" for c in sheet.columns)
        lines.append((sheet.name + tag, sheet.help + "。列：" + cols))
    for i, (k, v) in enumerate(lines, 1):
        ws.cell(row=i, column=1, value=k).font = _FONT
        c = ws.cell(row=i, column=2)
        set_value(c, v)
        c.alignment = Alignment(wrap_text=True, vertical="top")


def write_workbook(path: Path, workbook: str, tables: dict[str, list[dict]] | None = None,
                   note: str | None = None) -> Path:
    """Write one input workbook; `tables` maps a sheet name to its records (dicts by column name).

    Sheets absent from `tables` are written empty with their headers.
    """
    tables = tables or {}
    wb = Workbook()
    wb.remove(wb.active)
    _instructions(wb, workbook, note)
    for sheet in S.sheets_of(workbook):
        ws = wb.create_sheet(sheet.name)
        _header(ws, sheet)
        _rows(ws, sheet, tables.get(sheet.name, ()))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def unit_rows(name: str, year: int, department: str | None = None, goal: str | None = None) -> list[dict]:
    rows = [{"项目": "单位名称", "内容": name}, {"项目": "年度", "内容": str(year)}]
    if department:
        rows.append({"项目": "主管部门", "内容": department})
    if goal:
        rows.append({"项目": "总体绩效目标", "内容": goal})
    return rows


def init_year(data_dir, year: int, unit: str, department: str | None = None) -> list[Path]:
    """`jxreport init`: the two empty workbooks of a new fiscal year (never overwrites)."""
    data_dir = Path(data_dir)
    if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100:  # as load_year accepts
        raise _init_error(f"--year 应为四位的预算年度（如 2023），读到 {year}。未写入任何文件。")
    unit, department = _one_line(unit), _one_line(department)
    if not unit:
        raise _init_error("--unit 单位名称不能为空。未写入任何文件。")
    if data_dir.exists() and not data_dir.is_dir():
        raise _init_error(f"{data_dir} 是文件而不是文件夹；请给出年度数据目录，如 data/{year}。未写入任何文件。")
    blocked = next((p for p in data_dir.parents if p.exists() and not p.is_dir()), None)
    if blocked is not None:
        raise _init_error(f"无法创建 {data_dir}：{blocked} 是文件而不是文件夹。未写入任何文件。")
    paths = [data_dir / S.TARGETS, data_dir / S.ACTUALS]
    existing = [p for p in paths if p.exists()]
    if existing:
        err = JxReportError("以下文件已存在，为免覆盖已填写的数据，未写入任何文件：" + "、".join(map(str, existing)))
        err.exit_code = 2
        raise err
    try:
        write_workbook(paths[0], S.TARGETS, {S.UNIT.name: unit_rows(unit, year, department)})
        write_workbook(paths[1], S.ACTUALS)
    except OSError as exc:
        raise _init_error(f"无法在 {data_dir} 写入工作簿：{exc.strerror or exc}。") from None
    return paths


def _init_error(message: str) -> JxReportError:
    err = JxReportError(message)
    err.exit_code = 2
    return err


def _one_line(text: str | None) -> str | None:
    """A name typed on the command line, without control characters or surrounding space."""
    if text is None:
        return None
    return re.sub(r"[\x00-\x1f\x7f-\x9f]+", " ", text).strip()
