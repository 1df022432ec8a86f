"""Read 项目支出绩效自评表 as units publish them: .xlsx/.xls via calamine, text PDFs via pdfplumber.

Published tables are found by their labels, never by cell addresses: a table is a funds
block (a header row with 执行数 and 执行率) followed by one or more indicator header rows
(三级指标, 指标值, 完成值, 得分) and ends at its 总分/合计 row. Several tables may be stacked
on one sheet; a PDF's pages are read as one long grid so that a table may run over a page.
Merged cells are filled with their top-left value; 一级/二级 blanks are carried down.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".pdf")


class UnreadableFile(Exception):
    """A file that holds no 自评表 we can read; the message is Chinese and names the file."""


# --------------------------------------------------------------------------- cells

@dataclass
class Cell:
    value: object
    row: int  # 1-based, in the sheet (or the PDF's concatenated grid)
    col: int
    page: int | None = None  # PDFs only


def col_letter(col: int) -> str:
    s = ""
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return s


def address(c: Cell | None) -> str | None:
    if c is None:
        return None
    a = f"{col_letter(c.col)}{c.row}"
    return f"第{c.page}页 {a}" if c.page else a


def text_of(v) -> str | None:
    """A cell as the text a reader sees: 30.0 from a numeric cell prints as 30."""
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def label(v) -> str:
    """A cell as a label: NFKC, no whitespace (PDF text wraps inside cells)."""
    if v is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(v)))


_PLACEHOLDER = {"", "/", "-", "—", "——", "--", "\\", "无", "N/A", "n/a"}
_NUM_TEXT = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class Number:
    value: Decimal
    percent: bool  # written with % (the value is then a fraction)
    places: int  # decimals as printed (of the fraction when percent)
    text: str


def number(v) -> Number | None:
    """A printed figure: 9.5, "9.5分", "86.18%", "１０ ", "1,234.5万元"; None when not a number."""
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float, Decimal)):
        if isinstance(v, float) and v != v:
            return None
        d = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
        d = d.normalize() if d == d.to_integral_value() else d
        places = max(0, -d.as_tuple().exponent) if d == d else 0
        return Number(d, False, places, str(v))
    s = label(v).replace(",", "")
    if s in _PLACEHOLDER:
        return None
    s = re.sub(r"(分|万元|元|万)$", "", s)
    pct = s.endswith("%")
    if pct:
        s = s[:-1]
    if not _NUM_TEXT.match(s):
        return None
    try:
        d = Decimal(s)
    except InvalidOperation:
        return None
    places = len(s.split(".")[1]) if "." in s else 0
    if pct:
        return Number(d / 100, True, places + 2, str(v).strip())
    return Number(d, False, places, str(v).strip())


# --------------------------------------------------------------------------- grids

@dataclass
class Grid:
    """One sheet (or one PDF) as rows of Cells; ``cells[r][c]`` is row r+1, column c+1."""

    name: str
    rows: list[list[Cell]]

    def text(self, r: int, c: int) -> str:
        return label(self.rows[r][c].value) if c < len(self.rows[r]) else ""


def _fill_merged(data: list[list], merged) -> None:
    for (r0, c0), (r1, c1) in merged or ():
        if r0 >= len(data):
            continue
        v = data[r0][c0] if c0 < len(data[r0]) else None
        for r in range(r0, min(r1, len(data) - 1) + 1):
            for c in range(c0, c1 + 1):
                if c < len(data[r]) and (r, c) != (r0, c0):
                    data[r][c] = v


def read_excel(path: Path) -> list[Grid]:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several kinds on a damaged file
        raise UnreadableFile(f"{path}：无法作为 Excel 工作簿打开（{exc}）。") from None
    grids = []
    for name in wb.sheet_names:
        try:
            sheet = wb.get_sheet_by_name(name)
            data = [list(r) for r in sheet.to_python(skip_empty_area=False)]
            merged = getattr(sheet, "merged_cell_ranges", None)
        except Exception:
            continue  # a chart sheet or one calamine cannot read
        width = max((len(r) for r in data), default=0)
        for r in data:
            r.extend([None] * (width - len(r)))
            for i, v in enumerate(r):
                if v == "":
                    r[i] = None
        _fill_merged(data, merged)
        grids.append(Grid(name, [[Cell(v, ri + 1, ci + 1) for ci, v in enumerate(row)]
                                 for ri, row in enumerate(data)]))
    return grids


def read_pdf(path: Path) -> list[Grid]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:
        raise UnreadableFile(f"{path}：无法作为 PDF 打开（{exc}）。") from None
    rows: list[list[Cell]] = []
    any_text = False
    with pdf:
        for pno, page in enumerate(pdf.pages, 1):
            if page.chars:
                any_text = True
            for table in page.extract_tables():
                for raw in table:
                    r = len(rows) + 1
                    rows.append([Cell(None if v in (None, "") else v, r, c + 1, pno) for c, v in enumerate(raw)])
    if not any_text:
        raise UnreadableFile(f"{path}：PDF 没有文字层（扫描件），无法读取；请提供由 Excel/WPS 导出的 PDF 或原工作簿（不做 OCR）。")
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend(Cell(None, r[0].row if r else 0, c + 1, r[0].page if r else None) for c in range(len(r), width))
    return [Grid("PDF", rows)]


def read_grids(path: Path) -> list[Grid]:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return read_pdf(path)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return read_excel(path)
    raise UnreadableFile(f"{path}：不支持的文件类型（可读 .xlsx、.xlsm、.xls、.pdf）。")


# --------------------------------------------------------------------------- tables

@dataclass
class Indicator:
    level1: str | None
    level2: str | None
    name: str
    target: str | None  # as written (性质 + 值 + 单位 joined when split over three cells)
    nature: str | None
    actual: object
    weight: Number | None
    score: Number | None
    reason: str | None
    row: int
    cells: dict[str, Cell] = field(default_factory=dict)
    has_reason_column: bool = True


@dataclass
class Table:
    sheet: str
    first_row: int
    last_row: int
    last_col: int
    project: str | None
    money_unit: str | None
    budget_initial: Number | None = None
    budget: Number | None = None
    executed: Number | None = None
    execution_weight: Number | None = None
    execution_rate: Number | None = None
    execution_rate_text: str | None = None
    execution_score: Number | None = None
    funds_cells: dict[str, Cell] = field(default_factory=dict)
    parts: list[dict] = field(default_factory=list)  # 其中 rows: {"label", "budget_initial": (Number, Cell) …}
    indicators: list[Indicator] = field(default_factory=list)
    block_weights: list[tuple[str, Decimal]] = field(default_factory=list)  # 年度绩效目标1(40分)
    total_weight: Number | None = None
    total_score: Number | None = None
    total_cells: dict[str, Cell] = field(default_factory=dict)
    grade: str | None = None
    grade_cell: Cell | None = None
    page_first: int | None = None
    year: int | None = None  # from the title （2022年度）: deadlines without a year need it
    first_col: int = 1

    @property
    def range(self) -> str:
        return f"{col_letter(self.first_col)}{self.first_row}:{col_letter(self.last_col)}{self.last_row}"


LOOKED_FOR = "「执行数」「执行率」（资金表头）与「三级指标」「指标值」「实际完成值」「得分」（指标表头）"

_FUNDS_FIELDS = (  # (field, test on the label); order matters: 年初预算数 before 预算数
    ("budget_initial", lambda s: "年初" in s and "预算" in s),
    ("execution_rate", lambda s: "执行率" in s and not s.startswith("得分")),
    ("executed", lambda s: "执行数" in s or "支出数" in s or s.startswith("执行")),
    ("budget", lambda s: "调整后预算" in s or s.startswith("全年预算") or s.startswith("预算数")
     or s.startswith("预算(")),
    ("execution_weight", lambda s: s.startswith("分值") or s.startswith("权重") or s == "满分"),
    ("execution_score", lambda s: s.startswith("得分")),
)
_IND_FIELDS = (
    ("level1", lambda s: s.startswith("一级")),
    ("level2", lambda s: s.startswith("二级")),
    ("level3", lambda s: s.startswith("三级")),
    ("nature", lambda s: "性质" in s),
    ("unit", lambda s: s in ("度量单位", "计量单位", "单位")),
    ("actual", lambda s: "实际" in s or "完成值" in s or "完成情况" in s),
    ("target", lambda s: "指标值" in s or "目标值" in s),
    ("weight", lambda s: s.startswith("分值") or s.startswith("权重") or s == "满分"),
    ("score", lambda s: s.startswith("得分") or s.startswith("自评得分")),
    ("reason", lambda s: "原因" in s or "改进措施" in s),
)
_TOTAL = re.compile(r"^(总分|合计|总计|自评总分|综合得分)")
_POINTS = re.compile(r"[(（](\d+(?:\.\d+)?)分[)）]")
_PREFIX = re.compile(r"^指标\d+[:：]")
_GRADE = re.compile(r"(?:自评|评价|绩效)?等级[:：]?(优秀|优|良好|良|中|合格|差|不合格)")
_GRADE_WORD = {"优秀": "优", "良好": "良", "合格": "中", "不合格": "差"}


def _map_header(grid: Grid, r: int, fields) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in range(len(grid.rows[r])):
        s = grid.text(r, c)
        if not s or len(s) > 30:
            continue
        for name, test in fields:
            if test(s):
                out.setdefault(name, c)
                break
    return out


def _is_funds_header(m: dict) -> bool:
    return "executed" in m and ("execution_rate" in m or "execution_score" in m)


def _is_ind_header(m: dict) -> bool:
    return all(k in m for k in ("level3", "target", "actual", "score"))


def _row_texts(grid: Grid, r: int) -> list[str]:
    return [grid.text(r, c) for c in range(len(grid.rows[r]))]


def _first_text(grid: Grid, r: int) -> tuple[int, str]:
    for c in range(len(grid.rows[r])):
        s = grid.text(r, c)
        if s:
            return c, s
    return -1, ""


def find_tables(grid: Grid) -> list[Table]:
    """Every 自评表 on one grid: a funds header, then indicator headers, up to 总分/合计."""
    n = len(grid.rows)
    heads = [(r, _map_header(grid, r, _FUNDS_FIELDS)) for r in range(n)]
    funds = [(r, m) for r, m in heads if _is_funds_header(m)]
    tables = []
    for k, (fr, fm) in enumerate(funds):
        end = funds[k + 1][0] if k + 1 < len(funds) else n
        start = tables[-1].last_row if tables else 0  # rows (0-based) after the previous table
        t = _read_table(grid, start, fr, fm, end)
        if t is not None:
            tables.append(t)
    return tables


def _read_table(grid: Grid, start: int, fr: int, fm: dict, end: int) -> Table | None:
    # The indicator headers of this table.
    ind_rows = [r for r in range(fr + 1, end) if _is_ind_header(_map_header(grid, r, _IND_FIELDS))]
    if not ind_rows:
        return None
    # Top of the table: the title or 项目名称 above the funds header (after the previous table).
    top = fr
    project = None
    unit = None
    year = None
    for r in range(fr, start - 1, -1):
        texts = _row_texts(grid, r)
        joined = "".join(texts)
        if any(t.startswith("项目名称") for t in texts) and project is None:
            i = next(i for i, t in enumerate(texts) if t.startswith("项目名称"))
            rest = texts[i][len("项目名称"):].lstrip(":：")
            project = rest or next((grid.rows[r][j].value for j in range(i + 1, len(texts))
                                    if texts[j] and texts[j] != texts[i]), None)
            top = r
        if "自评表" in joined or "单位:" in joined or "单位:" in joined:
            top = min(top, r)
        ym = re.search(r"(\d{4})年度", joined)
        if ym and year is None:
            year = int(ym.group(1))
        if r < fr - 8 and project is not None:
            break
    unit = _money_unit([t for r in range(top, fr + 1) for t in _row_texts(grid, r)])
    project = re.sub(r"\s*\n\s*", "", text_of(project)) if project is not None else None
    t = Table(grid.name, top + 1, fr + 1, len(grid.rows[fr]), project or None, unit)
    t.page_first = grid.rows[top][0].page if grid.rows[top] else None
    t.year = year

    # Funds: the 总额 row under the header, then the 其中 rows.
    label_col = min(fm.values())
    total_r = fr + 1
    for r in range(fr + 1, min(fr + 4, end)):
        if any("总额" in x or x.startswith("合计") for x in _row_texts(grid, r)):
            total_r = r
            break
    label_col = next((c for c in range(len(grid.rows[total_r])) if "总额" in grid.text(total_r, c)), label_col - 1)
    for name in ("budget_initial", "budget", "executed", "execution_weight", "execution_rate", "execution_score"):
        c = fm.get(name)
        if c is None:
            continue
        cell = grid.rows[total_r][c]
        setattr(t, name, number(cell.value))
        t.funds_cells[name] = cell
    if "execution_rate" in fm:
        v = grid.rows[total_r][fm["execution_rate"]].value
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        t.execution_rate_text = None if v is None else str(v).strip()
    if t.execution_weight is None:  # 得分(20分*执行率) or 预算执行情况（万元）（20分）
        for x in _row_texts(grid, fr) + _row_texts(grid, total_r):
            m = _POINTS.search(x) or re.search(r"(\d+(?:\.\d+)?)分\*", x)
            if m:
                t.execution_weight = Number(Decimal(m.group(1)), False, 0, m.group(0))
                break
    for r in range(total_r + 1, min(total_r + 8, ind_rows[0])):
        lab = grid.text(r, max(label_col, 0))
        joined = "".join(_row_texts(grid, r))
        if not lab or any(w in joined for w in ("年度总体目标", "预期目标", "绩效指标", "一级指标", "年度绩效目标")):
            if not lab:
                continue
            break
        part = {"label": lab, "row": r + 1}
        for name in ("budget_initial", "budget", "executed"):
            c = fm.get(name)
            if c is not None:
                part[name] = (number(grid.rows[r][c].value), grid.rows[r][c])
        t.parts.append(part)

    # Indicators, header by header, to the 总分 row.
    cols: dict[str, int] = {}
    l1 = l2 = None
    last = ind_rows[0]
    r = ind_rows[0]
    while r < end:
        texts = _row_texts(grid, r)
        m = _map_header(grid, r, _IND_FIELDS)
        if _is_ind_header(m):
            if m != cols:  # a header repeated on the next page keeps the 一级/二级 carried down
                l1 = l2 = None
            cols = m
            left = [x for x in texts[: cols.get("level1", cols["level3"])] if x]
            for x in left:
                pm = _POINTS.search(x)
                if pm and x not in ("绩效指标",):
                    t.block_weights.append((x, Decimal(pm.group(1))))
                    break
            last = r
            r += 1
            continue
        fc, ft = _first_text(grid, r)
        if _TOTAL.match(ft) and fc < cols["target"]:
            _read_total(grid, t, r, cols)
            last = r
            break
        if any("总额" in x for x in texts) or not ft:
            r += 1
            continue

        def get(name):
            c = cols.get(name)
            return (grid.rows[r][c] if c is not None else None)

        def txt(name):
            c = get(name)
            return label(c.value) if c is not None and c.value is not None else ""

        v1, v2 = txt("level1"), txt("level2")
        if v1:
            l1 = v1
        if v2:
            l2 = v2
        name = _PREFIX.sub("", txt("level3"))
        target_cell = get("target")
        target = None if target_cell is None else text_of(target_cell.value)
        nature = txt("nature") or None
        if "unit" in cols and target is not None and txt("unit") and txt("unit") not in _PLACEHOLDER:
            target = target + txt("unit")
        weight, score = number(get("weight").value) if get("weight") else None, number(get("score").value)
        if (name in _PLACEHOLDER or name == l1 or name == l2) and (target is None or label(target) in _PLACEHOLDER):
            r += 1  # a "/" placeholder row or a block heading across the row
            continue
        if weight is None and score is None and (target is None or label(target) in _PLACEHOLDER):
            r += 1
            continue
        ind = Indicator(
            level1=_POINTS.sub("", l1 or "") or None, level2=l2, name=name, target=target, nature=nature,
            actual=text_of(get("actual").value) if isinstance(get("actual").value, float) else get("actual").value,
            weight=weight, score=score,
            reason=(txt("reason") or None) if "reason" in cols else None, row=r + 1,
            cells={k: get(k) for k in ("target", "actual", "weight", "score", "reason", "level3") if get(k) is not None},
            has_reason_column="reason" in cols,
        )
        t.indicators.append(ind)
        last = r
        r += 1
    # A grade written under the table (自评等级：优) or on the total row.
    for rr in range(last, min(last + 4, end)):
        for c, x in enumerate(_row_texts(grid, rr)):
            m = _GRADE.search(x)
            if m:
                t.grade = _GRADE_WORD.get(m.group(1), m.group(1))
                t.grade_cell = grid.rows[rr][c]
                break
            if x in ("自评等级", "评价等级", "等级") and c + 1 < len(grid.rows[rr]):
                g = grid.text(rr, c + 1)
                if g in ("优", "良", "中", "差", *_GRADE_WORD):
                    t.grade = _GRADE_WORD.get(g, g)
                    t.grade_cell = grid.rows[rr][c + 1]
                    break
        if t.grade:
            break
    t.last_row = last + 1
    used = [c for r in range(top, last + 1) for c in range(len(grid.rows[r])) if grid.rows[r][c].value is not None]
    if used:
        t.first_col, t.last_col = min(used) + 1, max(used) + 1
    return t


def _read_total(grid: Grid, t: Table, r: int, cols: dict) -> None:
    row = grid.rows[r]
    wc, sc = cols.get("weight"), cols["score"]
    if wc is not None:
        t.total_weight = number(row[wc].value)
        t.total_cells["weight"] = row[wc]
    t.total_score = number(row[sc].value)
    t.total_cells["score"] = row[sc]
    if t.total_score is None:  # 黄冈: "总分 | 99.6" with the figure left of the 得分 column
        nums = [(c, number(x.value)) for c, x in enumerate(row) if number(x.value) is not None]
        if nums:
            c, n = nums[-1]
            t.total_score, t.total_cells["score"] = n, row[c]


def _money_unit(texts: list[str]) -> str | None:
    for x in texts:
        if "万元" in x:
            return "万元"
    for x in texts:
        if re.search(r"[(（]元[)）]|单位[:：]元", x):
            return "元"
    return None


def read_tables(path: Path) -> list[Table]:
    """Every 自评表 of one file; UnreadableFile when there is none."""
    grids = read_grids(path)
    tables = [t for g in grids for t in find_tables(g)]
    if not tables:
        raise UnreadableFile(f"{path}：未找到项目支出绩效自评表（查找的标签：{LOOKED_FOR}）。")
    return tables
