"""A workbook in targets.xlsx's own layout, imported beside the documents: what they lack.

A 目标表 never carries jxreport's own columns (台账类别, 实物量, 指标性质), often not the
实施单位 or the 主管部门, and a cut-off table loses its last rows. The analyst types those in
the template `jxreport init` writes and passes it to `jxreport import` with the documents.
The documents win: a supplement fills blank cells of the rows the documents gave and adds
rows they lack; a value that differs from the documents' is listed as not placed, never
written over them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jxreport.core import schema as S
from jxreport.core.rounding import dec
from jxreport.importing.readers import ImportSourceError
from jxreport.importing.tables import Unplaced

# the columns that name a row: a supplement row with the same key completes that row
KEYS = {S.UNIT.name: ("项目",), S.PROJECTS.name: ("项目编码",), S.INDICATORS.name: ("项目编码", "三级指标"),
        S.CALC_LINES.name: ("项目编码", "明细名称"), S.DEPT_INDICATORS.name: ("工作领域", "指标名称")}
# rows of these sheets belong to a group: a new row goes after the group's last row
GROUP = {S.INDICATORS.name: "项目编码", S.CALC_LINES.name: "项目编码", S.DEPT_INDICATORS.name: "工作领域"}
SHEETS = {s.name: s for s in S.sheets_of(S.TARGETS)}


@dataclass(frozen=True)
class SupplementRow:
    sheet: str
    row: int  # Excel row
    values: dict  # column -> value, blank cells left out
    file: str

    def place(self, column: str | None = None) -> str:
        where = f"{self.file} 工作表「{self.sheet}」第{self.row}行"
        return where + (f"「{column}」列" if column else "")


def _header(cell) -> str:
    return str(cell or "").strip().rstrip("*").strip()


def is_targets_workbook(path: Path) -> bool:
    """True when some sheet is one of targets.xlsx's, with its header row (a 目标表 has neither)."""
    if Path(path).suffix.lower() != ".xlsx":
        return False
    from openpyxl import load_workbook  # noqa: PLC0415 - heavy, and only for .xlsx sources

    try:
        wb = load_workbook(path, read_only=True)
    except Exception:  # unreadable: read_source says why
        return False
    try:
        for ws in wb.worksheets:
            sheet = SHEETS.get(ws.title)
            if sheet is None:
                continue
            head = next(ws.iter_rows(max_row=1, values_only=True), ())
            names = {_header(h) for h in head} - {""}
            if set(KEYS[sheet.name]) <= names and names <= set(sheet.names):
                return True
        return False
    finally:
        wb.close()


def _value(v):
    if isinstance(v, str):
        v = v.strip()
        return v or None
    if isinstance(v, float):
        return int(v) if v.is_integer() else dec(v)
    return v


def read_supplement(path: Path) -> list[SupplementRow]:
    from openpyxl import load_workbook  # noqa: PLC0415

    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:
        raise ImportSourceError(f"{path}：不是可读取的 Excel (.xlsx) 文件（{type(exc).__name__}）。") from exc
    rows: list[SupplementRow] = []
    for ws in wb.worksheets:
        sheet = SHEETS.get(ws.title)
        if sheet is None:
            continue  # 填写说明 and sheets of the user's own
        it = ws.iter_rows(values_only=True)
        head = [_header(h) for h in next(it, ())]
        for r, cells in enumerate(it, 2):
            values = {h: _value(v) for h, v in zip(head, cells) if h in sheet.names}
            values = {k: v for k, v in values.items() if v is not None}
            if values:
                rows.append(SupplementRow(sheet.name, r, values, Path(path).name))
    return rows


def _same(a, b) -> bool:
    if isinstance(a, (int, float, Decimal)) and isinstance(b, (int, float, Decimal)):
        return dec(str(a)) == dec(str(b))
    return str(a).strip() == str(b).strip()


def _key(sheet: str, values: dict) -> tuple:
    return tuple(str(values.get(k) or "").strip() for k in KEYS[sheet])


def merge(res, rows: list[SupplementRow]) -> None:
    """Complete `res` (an importing.build.ImportResult) with the supplement's rows, in place."""
    sources = {sheet: [s for _, s in res.sources.get(sheet, [])] for sheet in KEYS}
    filled = added = 0
    per_group: dict[tuple, int] = {}  # (项目编码 or 工作领域, sheet) -> rows added
    codes = {str(p.get("项目编码")) for p in res.tables[S.PROJECTS.name]}
    for sr in sorted(rows, key=lambda r: list(KEYS).index(r.sheet)):  # 项目 before the rows that name them
        table, src = res.tables[sr.sheet], sources[sr.sheet]
        missing = [k for k in KEYS[sr.sheet] if k not in sr.values]
        if missing:
            res.unplaced.append(Unplaced(sr.place(), "、".join(f"{k}「{v}」" for k, v in sr.values.items()),
                                         f"补充表的这一行缺少「{'」「'.join(missing)}」，无法确定补到哪一行，未导入"))
            continue
        key = _key(sr.sheet, sr.values)
        at = next((i for i, row in enumerate(table) if _key(sr.sheet, row) == key), None)
        if at is None and sr.sheet == S.PROJECTS.name and "项目名称" in sr.values:
            at = next((i for i, row in enumerate(table) if _same(row.get("项目名称", ""), sr.values["项目名称"])), None)
        if at is None:
            if sr.sheet in (S.INDICATORS.name, S.CALC_LINES.name) and str(sr.values["项目编码"]) not in codes:
                res.unplaced.append(Unplaced(sr.place("项目编码"), str(sr.values["项目编码"]),
                                             "补充表中的项目编码不是任何已导入项目的编码，未导入"))
                continue
            at = _insert_at(sr.sheet, table, sr.values)
            table.insert(at, dict(sr.values))
            src.insert(at, f"补充表 {sr.place()}")
            added += 1
            if sr.sheet in GROUP:
                per_group.setdefault((sr.values[GROUP[sr.sheet]], sr.sheet), 0)
                per_group[(sr.values[GROUP[sr.sheet]], sr.sheet)] += 1
            if sr.sheet == S.PROJECTS.name:
                codes.add(str(sr.values["项目编码"]))
            continue
        row, took = table[at], []
        for col, v in sr.values.items():
            if col in KEYS[sr.sheet]:
                continue
            have = row.get(col)
            if have is None or have == "":
                row[col] = v
                took.append(f"{col}：补充表 {sr.place(col)}")
            elif not _same(have, v):
                res.unplaced.append(Unplaced(sr.place(col), str(v), f"与目标表中的「{have}」不同；以目标表为准，未采用"))
        if took:
            src[at] = "；".join([src[at], *took]) if src[at] else "；".join(took)
            filled += len(took)
    if sr_files := sorted({r.file for r in rows}):
        res.notes.append(f"补充表 {'、'.join(sr_files)}：补全 {filled} 个单元格，新增 {added} 行（每行的来源见下）。")
        for (group, sheet), n in per_group.items():
            res.notes.append(f"「{group}」：补充表新增{sheet} {n} 行。")
    if any(r.sheet == S.UNIT.name for r in rows):
        order = [c.name for c in S.UNIT_KEYS]
        pairs = sorted(zip(res.tables[S.UNIT.name], sources[S.UNIT.name]),
                       key=lambda p: order.index(p[0]["项目"]) if p[0]["项目"] in order else len(order))
        res.tables[S.UNIT.name] = [p[0] for p in pairs]
        sources[S.UNIT.name] = [p[1] for p in pairs]
    for sheet, texts in sources.items():
        res.sources[sheet] = [(i, s) for i, s in enumerate(texts, 2)]


def _insert_at(sheet: str, table: list[dict], values: dict) -> int:
    col = GROUP.get(sheet)
    if col is None:
        return len(table)
    same = [i for i, row in enumerate(table) if _same(row.get(col, ""), values[col])]
    return same[-1] + 1 if same else len(table)
