"""Read one workbook's sheets into typed DataFrames, collecting every problem.

Reading uses python-calamine (fast). Each sheet becomes a DataFrame with the schema's
columns (absent optional ones filled with None) and `_row`, the Excel row number of the
record, so every figure can be traced back to the cell it came from. Type coercion is
vectorised per column so a 100,000-row ledger reads in seconds.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from jxreport.core import schema as S
from jxreport.core.problems import ERROR, HINT, WARNING, Problem
from jxreport.core.text import blank, blanks

ROW = "_row"
_HEADER_SCAN = 5  # a title row or two above the header is tolerated
_NUM_STRIP = re.compile(r"[,，\s元万]|^[＋+]")
# Control characters (a vertical tab is what Word's Shift+Enter pastes): removed from text, noted.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
# Invisible characters that make a header look right and read wrong.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00a0\u3000\s]")
_UNIT_SUFFIX = re.compile(r"[（(][^（()）]*[)）]$")
_MAX_NUMBER = 1e12  # above this no amount, count or rate is plausible (1e12 元 is a trillion)
_SHOWN = 60  # characters of a cell's value quoted in a message


def shown(value, limit: int = _SHOWN) -> str:
    """A cell's value fit for a message: control characters made visible, long text cut."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", str(value))
    return text if len(text) <= limit else text[:limit] + f"…（共 {len(text)} 个字符）"


_DATE_CN = re.compile(r"^\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?\s*$")


def open_workbook(path: Path, problems: list[Problem]):
    """Open a workbook, or record why it cannot be opened (in words, not calamine's) and return None."""
    from python_calamine import CalamineWorkbook

    name = path.name
    if not path.exists():
        others = sorted(p.name for p in path.parent.glob(path.stem + ".*") if p.suffix.lower() != ".xlsx")
        if others:
            problems.append(Problem(ERROR, f"找不到 {name}，但有 {'、'.join(others)}：jxreport 只读取 .xlsx 工作簿，"
                                           f"请在 Excel 中「另存为」Excel 工作簿（*.xlsx），文件名 {name}。", workbook=name))
        else:
            problems.append(Problem(ERROR, f"找不到文件 {path}；请用 `jxreport init` 生成模板后填写。", workbook=name))
        return None
    kind = _not_xlsx(path)
    if kind:
        problems.append(Problem(ERROR, f"{name} {kind}请在 Excel 中「另存为」Excel 工作簿（*.xlsx）后再试。",
                                workbook=name))
        return None
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for every bad file
        problems.append(Problem(ERROR, f"{name} 无法读取，文件已损坏或不是 Excel 工作簿（.xlsx）"
                                       f"（{type(exc).__name__}: {shown(exc, 120)}）。", workbook=name))
        return None


def _not_xlsx(path: Path) -> str | None:
    """What the file is, when it is plainly not an .xlsx workbook (checked by its first bytes)."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as exc:
        return f"无法打开（{exc.strerror}）。"
    if not head:
        return "是空文件（0 字节）。"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "是旧版 Excel 97–2003 工作簿（.xls）格式，jxreport 只读取 .xlsx。"
    if not head.startswith(b"PK"):
        return "不是 Excel 工作簿，看起来是文本文件（如 CSV）。"
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "已损坏（不是完整的 .xlsx 压缩包）。"
    if "xl/workbook.xml" not in names:
        return "不是 Excel 工作簿（压缩包中没有 xl/workbook.xml，可能是 Word 或其他文件）。"
    if "xl/vbaProject.bin" in names:
        return "是启用宏的工作簿（.xlsm），jxreport 不读取含宏的文件。"
    return None


# Bounds checked in the file before calamine reads it: it allocates max row × max column cells,
# so one cell at XFD5000 in an 85 KB file would take gigabytes.
MAX_CELLS = 20_000_000  # a 1,000,000-row ledger of 20 columns
MAX_SHEET_BYTES = 512 << 20  # one sheet's XML, inflated
MAX_BOOK_BYTES = 1 << 30  # the whole workbook, inflated
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_WIDE = re.compile(rb'<c r="([A-Z]{2,3})[0-9]')  # a literal start: 6× faster than with a prefix
_WIDE_NS = re.compile(rb'<\w+:c r="([A-Z]{2,3})[0-9]')  # x:c, from some generators
_LAST_ROW = re.compile(rb'<(?:\w+:)?row r="([0-9]+)"')
_CELL = re.compile(rb'<(?:\w+:)?c r="([A-Z]+)([0-9]+)"([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
# A cell formula <f>, <f t="shared" …/>; not the <formula1> of a drop-down list, which every
# sheet jxreport writes carries (scanning every cell for nothing cost 4 s on 100,000 rows).
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def inspect_xlsx(path: Path, problems: list[Problem]) -> dict[str, dict] | None:
    """Look inside the .xlsx before calamine does: sizes, used range, formulas and error values.

    Returns {sheet name: {(Excel row, column index from 0): message}} for cells whose value
    calamine would read as blank (a formula without a saved result, an error such as
    #DIV/0!), or None (a problem recorded) when the workbook is too large to read safely.
    """
    name = path.name
    notes: dict[str, dict] = {}
    try:
        with zipfile.ZipFile(path) as z:
            total = sum(i.file_size for i in z.infolist())
            if total > MAX_BOOK_BYTES:
                problems.append(Problem(ERROR, f"{name} 解压后有 {total >> 20} MB，超过上限 {MAX_BOOK_BYTES >> 20} MB，"
                                               "不予读取（可能含大量空白格式或不是正常的工作簿）。", workbook=name))
                return None
            sheets = {}
            for tag in _SHEET_TAG.findall(z.read("xl/workbook.xml")):
                a = dict(_ATTR.findall(tag))
                rid = next((v for k, v in a.items() if k.endswith(b":id")), None)
                if b"name" in a and rid:
                    sheets[rid] = html.unescape(a[b"name"].decode("utf-8", "replace"))
            rels = {}
            try:
                for tag in _REL_TAG.findall(z.read("xl/_rels/workbook.xml.rels")):
                    a = dict(_ATTR.findall(tag))
                    target = a.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
                    rels[a.get(b"Id")] = target if target.startswith("xl/") else "xl/" + target
            except KeyError:
                pass
            for rid, sheet in sheets.items():
                member = rels.get(rid)
                if not member or member not in z.namelist():
                    continue
                with z.open(member) as f:
                    data = f.read(MAX_SHEET_BYTES + 1)
                if len(data) > MAX_SHEET_BYTES:
                    problems.append(Problem(ERROR, f"工作表解压后超过 {MAX_SHEET_BYTES >> 20} MB，不予读取。",
                                            workbook=name, sheet=sheet))
                    return None
                last = None
                for last in _LAST_ROW.finditer(data, max(0, len(data) - 65536)):
                    pass
                rows = int(last[1]) if last else 0
                wide = set(_WIDE.findall(data))
                if re.search(rb"<\w+:worksheet\b", data[:2000]):  # prefixed elements throughout
                    wide |= set(_WIDE_NS.findall(data))
                cols = max((_col_number(c) for c in wide), default=26)
                if rows * cols > MAX_CELLS:
                    far = max(wide, key=_col_number).decode() if wide else "Z"
                    problems.append(Problem(ERROR, f"工作表的使用范围达 {far} 列 × {rows} 行（约 {rows * cols:,} 个单元格），"
                                                   f"超过上限 {MAX_CELLS:,}，不予读取。请删除表格右侧和下方多余的"
                                                   "行列（含只有格式的单元格）后保存。", workbook=name, sheet=sheet))
                    return None
                if _FORMULA.search(data) or b't="e"' in data:
                    notes[sheet] = _formula_cells(data)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, zlib.error) as exc:
        problems.append(Problem(ERROR, f"{name} 已损坏，无法读取（{type(exc).__name__}: {shown(exc, 120)}）。"
                                       "请在 Excel 中打开并另存为 .xlsx 后再试。", workbook=name))
        return None
    return notes


def _formula_cells(data: bytes) -> dict[tuple[int, int], str]:
    """Cells whose value calamine reads as blank although the cell is not: an error value,
    or a formula whose result was never saved (files written by programs, not by Excel)."""
    out = {}
    for m in _CELL.finditer(data):
        attrs, body = m[3], m[4] or b""
        ref = (m[1] + m[2]).decode()
        key = (int(m[2]), _col_number(m[1]) - 1)
        v = _VALUE.search(body)
        if b't="e"' in attrs:
            err = html_unescape(v[1]) if v else "错误值"
            out[key] = f"单元格 {ref} 是错误值 {err}（公式出错），jxreport 不会把它当作空白；请改正公式或填入数值。"
        elif b"<f" in body and not (v and v[1]) and b't="str"' not in attrs and b't="inlineStr"' not in attrs:
            out[key] = (f"单元格 {ref} 是公式，但文件中没有保存计算结果（由程序生成、未经 Excel 保存的文件常见），"
                        "jxreport 无法读取其值；请用 Excel 打开并保存，或填入数值。")
    return out


def html_unescape(raw: bytes) -> str:
    return html.unescape(raw.decode("utf-8", "replace"))


def _clean_header(value) -> str:
    return str(value).strip().rstrip("*＊").strip() if value is not None else ""


def _resembles(header: str, names) -> str | None:
    """The schema column a near-miss header stands for: invisible characters, a unit in
    brackets (年初预算数（万元）) or a width difference are all that separate them."""
    import unicodedata

    plain = _UNIT_SUFFIX.sub("", unicodedata.normalize("NFKC", _INVISIBLE.sub("", header)))
    for name in names:
        if header != name and plain == unicodedata.normalize("NFKC", name):
            return name
    return None


def _find_header(rows: list[list], sheet: S.Sheet) -> int | None:
    required = {c.name for c in sheet.columns if c.required}
    for i, row in enumerate(rows[:_HEADER_SCAN]):
        names = {_clean_header(v) for v in row}
        if required <= names or (not required and names & set(sheet.names)):
            return i
    return None


def read_sheet(book, sheet: S.Sheet, problems: list[Problem], cells: dict | None = None) -> pd.DataFrame | None:
    """Read `sheet` from an open calamine workbook into a typed DataFrame.

    `cells` ({(Excel row, column index): message}, from inspect_xlsx) are cells calamine
    reads as blank that are not: each one in a known column below the header is an error.
    """
    wb = sheet.workbook
    if sheet.name not in book.sheet_names:
        if sheet.required:
            problems.append(Problem(ERROR, f"缺少工作表「{sheet.name}」（{sheet.help}）。"
                                           f"现有工作表：{'、'.join(book.sheet_names) or '无'}。",
                                    workbook=wb, sheet=sheet.name))
            return None
        return empty_frame(sheet)
    try:
        rows = book.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine's XmlError and kin: a damaged sheet
        problems.append(Problem(ERROR, f"工作表已损坏，无法读取（{type(exc).__name__}: {shown(exc, 120)}）。"
                                       "请在 Excel 中打开并另存为 .xlsx 后再试。", workbook=wb, sheet=sheet.name))
        return None
    h = _find_header(rows, sheet)
    if h is None:
        problems.append(_missing_header(rows, sheet))
        return None
    header = [_clean_header(v) for v in rows[h]]
    index: dict[str, int] = {}
    for j, name in enumerate(header):
        if not name:
            continue
        if name in index:
            problems.append(Problem(ERROR, f"表头「{name}」重复出现。", workbook=wb, sheet=sheet.name,
                                    row=h + 1, column=name))
        elif name in sheet.names:
            index[name] = j
        elif _resembles(name, sheet.names):
            problems.append(Problem(ERROR, f"表头「{shown(name, 40)}」应为「{_resembles(name, sheet.names)}」"
                                           "（多了不可见字符、单位或全角字符），请改为规定的列名。",
                                    workbook=wb, sheet=sheet.name, row=h + 1, column=shown(name, 40)))
        else:
            problems.append(Problem(WARNING, f"未知列「{shown(name, 40)}」将被忽略。可用的列：{'、'.join(sheet.names)}。",
                                    workbook=wb, sheet=sheet.name, row=h + 1, column=shown(name, 40)))
    named = set()  # (row, column) of the cells named here: not to be called empty as well
    if cells:
        names = {j: n for n, j in index.items()}
        for (r, j), message in sorted(cells.items()):
            if r > h + 1 and j in names:
                problems.append(Problem(ERROR, message, workbook=wb, sheet=sheet.name, row=r, column=names[j]))
                named.add((r, names[j]))
    body = rows[h + 1:]
    data = {}
    for col in sheet.columns:
        j = index.get(col.name)
        data[col.name] = [r[j] if j < len(r) else "" for r in body] if j is not None else [""] * len(body)
    frame = pd.DataFrame(data, dtype=object)
    frame[ROW] = np.arange(h + 2, h + 2 + len(body))
    # Drop rows with nothing in any known column (blank lines between blocks).
    known = [c.name for c in sheet.columns if c.name in index]
    masks = {name: _filled(data[name]) for name in known}
    if known and len(frame):
        filled = np.logical_or.reduce(list(masks.values()))
        frame = frame[filled].reset_index(drop=True)
        masks = {name: m[filled] for name, m in masks.items()}
    start = len(problems)
    frame = coerce(frame, sheet, problems, masks)
    if named:
        problems[start:] = [p for p in problems[start:] if (p.row, p.column) not in named]
    return frame


def _missing_header(rows: list[list], sheet: S.Sheet) -> Problem:
    """One problem for a sheet whose header was not found: which required columns are missing,
    and which header in the sheet resembles each one."""
    required = [c for c in sheet.columns if c.required]
    best, best_row = [], 0  # the scanned row with the most known headers is taken as the header
    for i, row in enumerate(rows[:_HEADER_SCAN]):
        names = [_clean_header(v) for v in row if _clean_header(v)]
        if len(set(names) & set(sheet.names)) > len(set(best) & set(sheet.names)) or (not best and names):
            best, best_row = names, i
    missing = [c for c in required if c.name not in best]
    near = {}
    for h in best:
        m = _resembles(h, [c.name for c in missing])
        if m:
            near[m] = h
    parts = [f"「{shown(near[c.name], 40)}」应为「{c.name}」" for c in missing if c.name in near]
    hint = ("；表头中" + "，".join(parts) + "（多了不可见字符、单位或全角字符），请改为规定的列名") if parts else ""
    return Problem(ERROR, f"缺少必填列：{'、'.join(c.header for c in missing)}{hint}。"
                          f"表头应在前 {_HEADER_SCAN} 行之内（其上可有标题行）。",
                   workbook=sheet.workbook, sheet=sheet.name, row=best_row + 1,
                   column=missing[0].header if missing else None)


def _map_obj(raw: pd.Series, fn) -> pd.Series:
    """Map cell by cell into an object column that keeps None for blanks (pandas would
    otherwise infer a string dtype and turn None into NaN)."""
    return pd.Series([fn(v) for v in raw], index=raw.index, dtype=object)


def _filled(values) -> np.ndarray:
    """The cells that are not `blank`, as a bool array."""
    return ~np.array(blanks(values), dtype=bool)


def _objects(values: list, index) -> pd.Series:
    """An object column that keeps None for blanks (see `_map_obj`)."""
    return pd.Series(values, index=index, dtype=object)


def _flags(values, test) -> np.ndarray:
    return np.array([test(v) for v in values], dtype=bool)


def empty_frame(sheet: S.Sheet) -> pd.DataFrame:
    frame = pd.DataFrame({c.name: pd.Series([], dtype=object) for c in sheet.columns})
    frame[ROW] = pd.Series([], dtype="int64")
    return frame


def coerce(frame: pd.DataFrame, sheet: S.Sheet, problems: list[Problem],
           filled_masks: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """Turn every column into its schema type; record each cell that does not fit.

    `filled_masks` (column → bool array), where the caller has them, saves a pass.
    """
    filled_masks = filled_masks or {}
    for col in sheet.columns:
        raw = _without_controls(frame, col, sheet, problems)
        mask = filled_masks.get(col.name)
        filled = pd.Series(_filled(raw.tolist()) if mask is None else mask, index=raw.index)
        if col.required:
            for r in frame.loc[~filled, ROW]:
                problems.append(Problem(ERROR, f"必填项「{col.name}」为空（{col.help}）。", workbook=sheet.workbook,
                                        sheet=sheet.name, row=int(r), column=col.name))
        conv = _CONVERTERS[col.type]
        values, bad = conv(raw, filled, col)
        for r, v in zip(frame.loc[bad, ROW], raw[bad]):
            hint = ("应为以下之一：" + "、".join(col.choices) + "。") if col.type == S.CHOICE else col.help
            problems.append(Problem(ERROR, f"「{shown(v)}」不是有效的{_EXPECT[col.type]}。{hint}",
                                    workbook=sheet.workbook, sheet=sheet.name, row=int(r), column=col.name))
        frame[col.name] = values
    return frame


def _without_controls(frame: pd.DataFrame, col: S.Column, sheet: S.Sheet, problems: list[Problem]) -> pd.Series:
    """The column with control characters removed from its text (a vertical tab or form feed
    becomes a line break), and one note naming the rows: openpyxl cannot write them back and a
    terminal would obey them."""
    raw = frame[col.name]
    cells = raw.tolist()
    texts = [v for v in cells if v.__class__ is str]
    if not texts or not _CONTROL.search("".join(texts)):  # one scan of the column, the usual case
        return raw
    rows = []
    cleaned = list(cells)
    for i, v in enumerate(cells):
        if v.__class__ is str and _CONTROL.search(v):
            cleaned[i] = _CONTROL.sub("", v.translate(_LINE_BREAKS))
            rows.append(int(frame[ROW].iloc[i]))
    listed = "、".join(map(str, rows[:10])) + (f" 等 {len(rows)} 行" if len(rows) > 10 else "")
    problems.append(Problem(HINT, f"「{col.name}」第 {listed} 行含不可见的控制字符，已删除（垂直制表符、换页符改为换行）。",
                            workbook=sheet.workbook, sheet=sheet.name, row=rows[0], column=col.name))
    out = pd.Series(cleaned, index=raw.index, dtype=object)
    frame[col.name] = out
    return out


def _text(raw: pd.Series, filled: pd.Series, col: S.Column):
    def one(v):  # the rare cells that are not plain text
        if blank(v):
            return None
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if isinstance(v, dt.datetime):
            return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
        if isinstance(v, dt.date):
            return v.isoformat()
        return str(v).strip()

    values = _shared([(v.strip() or None) if v.__class__ is str else one(v) for v in raw.tolist()])
    return _objects(values, raw.index), pd.Series(False, index=raw.index)


def _shared(values: list) -> list:
    """Equal texts as one object: a column repeats its codes and words (项目编码, 类别, 单位) on
    thousands of rows, and every later lookup by them is then an identity match on a hash
    computed once, in less memory (scoring 10,000 projects: 0.15–0.2 s less, benchmarks/README.md)."""
    seen: dict = {}
    return [seen.setdefault(v, v) if v.__class__ is str else v for v in values]


def _number(raw: pd.Series, filled: pd.Series, col: S.Column, percent=False):
    cells = raw.tolist()
    is_str = _flags(cells, lambda v: isinstance(v, str))
    as_str = raw
    if is_str.any():  # only text cells are cleaned of separators and units
        as_str = raw.where(~is_str, raw[is_str].astype(str).str.replace(_NUM_STRIP, "", regex=True))
    is_pct = pd.Series(_flags(cells, lambda v: isinstance(v, str) and v.strip().endswith(("%", "％"))),
                       index=raw.index)
    if percent and is_str.any():
        as_str = as_str.map(lambda v: v.rstrip("%％") if isinstance(v, str) else v)
    nums = pd.to_numeric(as_str.where(filled), errors="coerce")
    bad = filled & ~(nums.abs() < _MAX_NUMBER)  # blank-but-filled, inf, nan and 1e30 alike
    # Dates and booleans are not numbers even though pandas could coerce some.
    bad |= filled & _flags(cells, lambda v: isinstance(v, (dt.date, bool)))
    if percent:
        fraction = (~is_pct) & nums.abs().le(1)
        nums = nums.where(~fraction, nums * 100)
    nums = nums.astype("float64")
    nums[bad] = np.nan
    return nums, bad


def _percent(raw, filled, col):
    return _number(raw, filled, col, percent=True)


def _int(raw, filled, col, lo=None, hi=None):
    nums, bad = _number(raw, filled, col)
    frac = filled & ~bad & (nums % 1 != 0)
    bad = bad | frac
    if lo is not None:
        bad |= filled & ~bad & ((nums < lo) | (nums > hi))
    out = nums.where(~bad).astype("Int64")
    return out, bad


def _month(raw, filled, col):
    cleaned = raw
    if any(isinstance(v, str) for v in raw.tolist()):
        cleaned = raw.map(lambda v: v.strip().rstrip("月") if isinstance(v, str) else v)
    return _int(cleaned, filled, col, 1, 12)


def _date(raw: pd.Series, filled: pd.Series, col: S.Column):
    def one(v):
        if blank(v):
            return None
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
        if isinstance(v, str):
            m = _DATE_CN.match(v)
            if m:
                try:
                    return dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    return np.nan
        return np.nan  # numbers and other text are not dates

    cells = [v if v.__class__ is dt.date else one(v) for v in raw.tolist()]
    values = _objects(cells, raw.index)
    bad = filled & _flags(cells, lambda v: isinstance(v, float))
    values[bad] = None
    return values, bad


def _choice(raw: pd.Series, filled: pd.Series, col: S.Column):
    aliases = {k.strip(): v for k, v in col.aliases.items()}
    allowed = set(col.choices)

    def one(v):
        if blank(v):
            return None
        if col.name == "评价" and isinstance(v, (int, float)) and float(v).is_integer():
            return S.SATISFACTION_SCORE_LEVEL.get(int(v), np.nan)
        s = re.sub(r"\s+", "", str(v))
        if s.isdigit() and col.name == "评价":
            return S.SATISFACTION_SCORE_LEVEL.get(int(s), np.nan)
        s = aliases.get(s, s)
        return s if s in allowed else np.nan

    seen: dict = {}  # a column repeats a few words: decide each (type, value) once
    cells = []
    for v in raw.tolist():
        key = (v.__class__, v)
        try:
            got = seen[key]
        except KeyError:
            got = seen[key] = one(v)
        except TypeError:  # unhashable: not from a workbook, but be safe
            got = one(v)
        cells.append(got)
    values = _objects(cells, raw.index)
    bad = filled & _flags(cells, lambda v: isinstance(v, float))
    values[bad] = None
    return values, bad


def _any(raw: pd.Series, filled: pd.Series, col: S.Column):
    def one(v):
        if blank(v):
            return None
        if isinstance(v, dt.datetime):
            return v.date() if v.time() == dt.time() else v
        if isinstance(v, str):
            return v.strip()
        if isinstance(v, float) and v.is_integer():
            return int(v)
        return v

    values = _shared([(v.strip() or None) if v.__class__ is str else one(v) for v in raw.tolist()])
    return _objects(values, raw.index), pd.Series(False, index=raw.index)


_CONVERTERS = {S.TEXT: _text, S.CODE: _text, S.WAN: _number, S.YUAN: _number, S.NUMBER: _number,
               S.PERCENT: _percent, S.DATE: _date, S.MONTH: _month, S.INT: _int, S.CHOICE: _choice,
               S.ANY: _any}
_EXPECT = {S.WAN: "金额（万元，数字）", S.YUAN: "金额（元，数字）", S.NUMBER: "数字", S.PERCENT: "百分比（如 25、25% 或 0.25）",
           S.DATE: "日期（如 2022-03-15）", S.MONTH: "月份（1–12 的整数）", S.INT: "整数", S.TEXT: "文本",
           S.CODE: "编码", S.ANY: "值", S.CHOICE: "选项"}


def read_workbook(path: Path, problems: list[Problem]) -> dict[str, pd.DataFrame] | None:
    """Read every schema sheet of one workbook; None when the file itself is unreadable."""
    book = open_workbook(path, problems)
    if book is None:
        return None
    notes = inspect_xlsx(path, problems)
    if notes is None:
        return None
    out = {}
    for sheet in S.sheets_of(path.name):
        frame = read_sheet(book, sheet, problems, notes.get(sheet.name))
        if frame is not None:
            out[sheet.name] = frame
    known = {s.name for s in S.sheets_of(path.name)} | {S.INSTRUCTIONS_SHEET}
    for extra in book.sheet_names:
        if extra not in known:
            problems.append(Problem(WARNING, f"未知工作表「{shown(extra, 40)}」将被忽略。", workbook=path.name, sheet=shown(extra, 40)))
    return out
