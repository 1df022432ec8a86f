"""Turn each source document into one model: an ordered list of paragraphs and table grids.

Why a common model: the 目标表 is the same form whether the budget system exported it as
Word, Excel or text, so the interpreter (tables.py, prose.py) reads labels on a grid and
never needs to know the file type. Every cell and paragraph keeps its place (file, table,
row, column / paragraph number) for import-report.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jxreport.core.exceptions import JxReportError


class ImportSourceError(JxReportError):
    """A source that cannot be read at all (exit 2)."""

    exit_code = 2


@dataclass
class Paragraph:
    text: str
    file: str
    number: int  # 1-based paragraph (or line) number in the file

    @property
    def place(self) -> str:
        return f"{self.file} 第{self.number}段"


@dataclass
class Grid:
    """One table: rows of cell texts, positional (merged cells repeated, blanks kept)."""

    file: str
    number: int  # 1-based table number in the file (a sheet counts as a table)
    rows: list[list[str]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # row as the source numbers it
    title: list[Paragraph] = field(default_factory=list)  # paragraphs just before the table
    label: str = "表"  # 表 / 工作表

    def place(self, i: int, j: int | None = None) -> str:
        where = f"{self.file} {self.label}{self.number}" if self.label == "表" else f"{self.file} 工作表「{self.label}」"
        where += f" 第{self.row_numbers[i]}行"
        return where + (f" 第{j + 1}列" if j is not None else "")


@dataclass
class Document:
    file: str
    items: list  # Paragraph | Grid in reading order

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [x for x in self.items if isinstance(x, Paragraph)]

    @property
    def grids(self) -> list[Grid]:
        return [x for x in self.items if isinstance(x, Grid)]


# ----------------------------------------------------------------------------- text

def read_txt(path: Path) -> Document:
    """The seed's layout: a cell is a tab-indented line (continued by untabbed lines),
    a row is a run of cells, rows are separated by blank lines; other lines are paragraphs."""
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportSourceError(f"{path}：无法识别文件编码（应为 UTF-8 或 GBK 文本）。")
    name = path.name
    items: list = []
    grid: Grid | None = None
    row: list[str] | None = None
    pending: list[Paragraph] = []
    blank_run = 0
    tables = 0
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() and not line.startswith("\t"):
            blank_run += 1
            row = None  # a blank line ends the row
            continue
        if line.startswith("\t"):
            if grid is None:
                tables += 1
                grid = Grid(name, tables, title=pending[-2:])
                items.append(grid)
            if row is None:
                row = []
                grid.rows.append(row)
                grid.row_numbers.append(n)
            row.append(line[1:].strip())
        elif row is not None and blank_run == 0:
            row[-1] = (row[-1] + "\n" + line.strip()).strip()  # a cell's text goes on
        else:
            grid = None  # a paragraph between tables ends the table
            p = Paragraph(line.strip(), name, n)
            items.append(p)
            pending = [x for x in pending if x.number >= n - 3] + [p]
        blank_run = 0
    return Document(name, items)


# ----------------------------------------------------------------------------- Word

def read_docx(path: Path) -> Document:
    """python-docx: paragraphs and tables in body order; merged cells come back repeated."""
    try:
        import docx
        from docx.table import Table
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ImportSourceError("读取 Word 文件需要 python-docx（pip install python-docx）。") from exc
    try:
        d = docx.Document(str(path))
    except Exception as exc:  # a damaged or renamed file
        raise ImportSourceError(f"{path}：不是可读取的 Word (.docx) 文件（{type(exc).__name__}）。") from exc
    name = path.name
    items: list = []
    counter = {"t": 0, "p": 0}
    recent: list[Paragraph] = []

    def add_table(table: Table):
        counter["t"] += 1
        g = Grid(name, counter["t"], title=recent[-2:])
        nested = []
        for i, r in enumerate(table.rows, 1):
            cells = []
            for c in r.cells:
                cells.append(c.text.strip())
                nested.extend(c.tables)
            g.rows.append(cells)
            g.row_numbers.append(i)
        items.append(g)
        recent.clear()
        for t in nested:
            add_table(t)

    for block in d.iter_inner_content():
        if isinstance(block, Table):
            add_table(block)
        else:
            text = block.text.strip()
            if not text:
                continue
            counter["p"] += 1
            p = Paragraph(text, name, counter["p"])
            items.append(p)
            recent.append(p)
    return Document(name, items)


# ----------------------------------------------------------------------------- Excel

def read_xlsx(path: Path) -> Document:
    """One 目标表 per sheet; merged ranges are filled with their top-left value (as Word repeats)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:
        raise ImportSourceError(f"{path}：不是可读取的 Excel (.xlsx) 文件（{type(exc).__name__}）。") from exc
    name = path.name
    items: list = []
    for k, ws in enumerate(wb.worksheets, 1):
        values = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        for rng in ws.merged_cells.ranges:
            top = values[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(values) else ""
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if r - 1 < len(values) and c - 1 < len(values[r - 1]):
                        values[r - 1][c - 1] = top
        g = Grid(name, k, label=ws.title)
        n_par = 0
        for i, row in enumerate(values, 1):
            if not any(row):
                continue
            if not g.rows and len({v for v in row if v}) == 1:
                # a row holding one text (merged across) above the table: a title line, read as prose
                n_par += 1
                p = _SheetLine(next(v for v in row if v), name, i, ws.title)
                items.append(p)
                g.title.append(p)
                continue
            g.rows.append(row)
            g.row_numbers.append(i)
        if g.rows:
            items.append(g)
    return Document(name, items)


class _SheetLine(Paragraph):
    """A title line of a sheet: placed by sheet and row."""

    def __init__(self, text, file, row, sheet):
        super().__init__(text, file, row)
        self.sheet = sheet

    @property
    def place(self) -> str:
        return f"{self.file} 工作表「{self.sheet}」第{self.number}行"


def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


REFUSED = {
    ".doc": "旧版 Word (.doc) 文件无法直接读取，请在 Word 或 WPS 中“另存为” .docx 后再导入。",
    ".pdf": "PDF 文件无法导入（扫描件没有可读的文字，导出的 PDF 也丢失了表格结构）；请使用预算系统导出的 Word (.docx) 或 Excel (.xlsx) 文件。",
    ".xls": "旧版 Excel (.xls) 文件无法直接读取，请另存为 .xlsx 后再导入。",
    ".wps": "WPS 文字 (.wps) 文件无法直接读取，请另存为 .docx 后再导入。",
}
READERS = {".txt": read_txt, ".docx": read_docx, ".xlsx": read_xlsx}


def read_source(path: Path) -> Document:
    suffix = path.suffix.lower()
    if suffix in REFUSED:
        raise ImportSourceError(f"{path}：{REFUSED[suffix]}")
    reader = READERS.get(suffix)
    if reader is None:
        raise ImportSourceError(f"{path}：不支持的文件类型「{suffix or '无扩展名'}」；可导入 .docx、.xlsx、.txt。")
    if not path.exists():
        raise ImportSourceError(f"{path}：文件不存在。")
    return reader(path)
