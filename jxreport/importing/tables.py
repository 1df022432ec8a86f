"""Read a 项目支出绩效目标表 grid by its labels, not by positions.

Budget systems of different provinces move the blocks around (资金 rows before or after
主要用途, two-level indicator headers, 指标值 split into 性质/值/单位 columns), but the
labels stay. A label's value is the next cell to its right whose text differs from the
label (Word and Excel repeat a merged cell); the indicator block is read by the columns
its header row names; 一级 and 二级 carry down over blank or merged cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jxreport.importing.readers import Grid


def norm(text: str) -> str:
    """A label as compared: no whitespace, no colon, no *, full-width brackets unified."""
    t = re.sub(r"\s+", "", text or "")
    return t.replace("：", "").replace(":", "").replace("*", "").replace("(", "（").replace(")", "）")


# label -> field. Matching is on norm(text).
FIELD_LABELS = {
    "项目名称": "项目名称", "项目编码": "项目编码", "项目代码": "项目编码", "项目编号": "项目编码",
    "主管部门": "主管部门", "主管部门及代码": "主管部门", "实施单位": "实施单位", "项目实施单位": "实施单位", "项目单位": "实施单位",
    "项目资金主要用途": "主要用途", "主要用途": "主要用途", "资金主要用途": "主要用途", "项目资金用途": "主要用途",
    "年度资金总额": "年初预算数", "年初预算数": "年初预算数", "资金总额": "年初预算数", "预算数": "年初预算数",
    "项目资金总额": "年初预算数", "年度预算数": "年初预算数", "总额": "年初预算数", "资金总额及构成总额": "年初预算数",
    "其中当年财政拨款": "本级资金", "当年财政拨款": "本级资金", "其中市财政资金": "本级资金", "市财政资金": "本级资金",
    "其中财政拨款": "本级资金", "财政拨款": "本级资金", "其中本级资金": "本级资金", "本级资金": "本级资金",
    "其中财政资金": "本级资金", "财政资金": "本级资金", "本级财政资金": "本级资金",
    "上级转移支付": "上级转移支付", "转移支付资金": "上级转移支付", "上级补助": "上级转移支付", "上级资金": "上级转移支付",
    "其他资金": "其他资金",
    "年度绩效目标": "绩效目标", "绩效目标": "绩效目标", "年度目标": "绩效目标", "年度总体目标": "绩效目标",
    "项目年度绩效目标": "绩效目标",
}
# Labels that only name a block (no value of their own).
BLOCK_LABELS = {"项目资金", "项目绩效目标", "项目资金申请（万元）", "资金总额及构成", "年度资金总额及构成", "项目资金（万元）", "项目资金万元", "资金支出计划", "资金情况", "绩效指标", "年度绩效指标",
                "资金投入情况", "项目资金情况", "预算资金情况"}
QUARTERS = {"第一季度": "一季度", "一季度": "一季度", "第二季度": "二季度", "二季度": "二季度",
            "第三季度": "三季度", "三季度": "三季度", "第四季度": "四季度", "四季度": "四季度"}
IND_COLUMNS = {
    "一级指标": "一级指标", "二级指标": "二级指标", "三级指标": "三级指标", "指标名称": "三级指标",
    "指标描述": "指标描述", "绩效指标描述": "指标描述", "指标解释": "指标描述", "指标说明": "指标描述",
    "指标值": "指标值", "目标值": "指标值", "年度指标值": "指标值", "指标目标值": "指标值",
    "指标值确定依据": "指标值确定依据", "确定依据": "指标值确定依据", "目标值确定依据": "指标值确定依据",
    "指标内容": "三级指标", "备注": "_备注",
    "指标性质": "_性质", "指标方向": "_性质", "度量单位": "_单位", "计量单位": "_单位", "单位": "_单位",
}
# Labels of the forms whose content has no column in targets.xlsx: listed in the report, not an error.
UNUSED_LABELS = {"项目属性", "项目负责人", "联系电话", "项目负责人及电话", "项目起止时间", "主管部门编码", "单位职能概述",
                 "项目概况", "项目立项情况", "项目立项的依据", "项目申报的可行性", "项目申报的必要性", "项目实施进度计划",
                 "项目实施内容", "开始时间", "完成时间", "填报人", "单位负责人", "填报日期", "其他说明的问题", "长期目标",
                 "总目标", "项目类型", "单位代码", "单位名称", "填报单位", "填报单位（盖章）", "项目期限", "自有资金",
                 "事业收入", "经营性收入", "其他", "审核意见"}
LONG_TERM_BLOCKS = {"长期绩效指标", "总目标绩效指标", "中长期绩效指标"}
ANNUAL_BLOCKS = {"年度绩效指标", "本年度绩效指标"}
ALL_LABELS = UNUSED_LABELS | LONG_TERM_BLOCKS | set(FIELD_LABELS) | BLOCK_LABELS | set(QUARTERS) | set(IND_COLUMNS) | {"绩效目标表"}
SELF_EVAL_LABELS = {"实际完成值", "全年执行数", "执行率", "得分", "偏差原因分析及改进措施", "全年预算数"}
NATURE_WORDS = {"正向指标": "≥", "反向指标": "≤", "≥": "≥", "≤": "≤", "=": "=", "＝": "=", ">": ">", "<": "<",
                "＞": ">", "＜": "<", "定量": "", "定性": ""}


def is_label(text: str) -> bool:
    t = norm(text)
    return t in ALL_LABELS or t.startswith("项目资金（") or bool(re.fullmatch(r"目标\d+", t))


@dataclass
class Piece:
    """A value read from the sources, with where it came from."""

    value: str
    place: str


@dataclass
class Unplaced:
    place: str
    text: str
    why: str
    serious: bool = True  # False: known content with no column in targets.xlsx (does not make exit 1)


@dataclass
class ProjectTable:
    grids: list[Grid]
    fields: dict[str, Piece] = field(default_factory=dict)
    quarters: dict[str, Piece] = field(default_factory=dict)
    indicators: list[dict] = field(default_factory=list)  # column -> Piece
    unplaced: list[Unplaced] = field(default_factory=list)
    used: set = field(default_factory=set)  # (grid number, i, j) of cells placed or read as labels
    state: dict = field(default_factory=dict)  # reading state carried from one grid to the next
    title: str = ""

    @property
    def place(self) -> str:
        g = self.grids[0]
        return f"{g.file} " + (f"表{g.number}" if g.label == "表" else f"工作表「{g.label}」")


def looks_like_self_evaluation(grid: Grid) -> bool:
    labels = {norm(c) for row in grid.rows for c in row}
    return len(labels & SELF_EVAL_LABELS) >= 2


def is_project_table(grid: Grid) -> bool:
    labels = {norm(c) for row in grid.rows for c in row}
    return "项目名称" in labels or ({"三级指标", "指标值"} <= {IND_COLUMNS.get(t) for t in labels})


def _inline(cell: str) -> tuple[str, str] | None:
    """(field or unused label, value) of a cell that holds both: "资金总额：120"."""
    m = re.match(r"^(.+)[:：]\s*([^:：]+)$", cell.strip(), re.S)
    if not m:
        return None
    label = norm(m.group(1))
    if label in FIELD_LABELS:
        return FIELD_LABELS[label], m.group(2).strip()
    if label in UNUSED_LABELS:
        return label, m.group(2).strip()
    return None


def _value_below(g: Grid, i: int, j: int) -> tuple[str, int] | None:
    """The value under a label (a header row of labels with their texts below: 长期目标 | 年度目标)."""
    if g.rows[i][j].rstrip().endswith(("：", ":")):
        return None  # "事业收入：" — a label whose value was left empty
    if i + 1 < len(g.rows) and j < len(g.rows[i + 1]):
        below = g.rows[i + 1]
        if below[0] and below[0] != g.rows[i][0]:
            return None  # the next row is a row of its own (its own label), not the values of this one
        v = below[j]
        if v and not is_label(v) and v != g.rows[i][j]:
            return v, j
    return None


def _value_right(row: list[str], j: int) -> tuple[str, int] | None:
    """The next cell right of a label whose text differs from it (merged cells repeat)."""
    label = row[j]
    for k in range(j + 1, len(row)):
        if row[k] == label:
            continue
        if is_label(row[k]):
            return None
        return row[k], k
    return None


def read_project(grids: list[Grid]) -> ProjectTable:
    """Interpret one project's grid(s) (a table split over pages comes as several)."""
    pt = ProjectTable(grids)
    for g in grids:
        _read_grid(pt, g)
    title = " ".join(p.text for p in grids[0].title)
    pt.title = title
    return pt


def _read_grid(pt: ProjectTable, g: Grid) -> None:
    # a table split over pages continues the columns and the carried 一级/二级 of its first part
    ind_cols = pt.state.get("ind_cols")
    quarter_cols: dict[int, str] = {}
    carry = pt.state.setdefault("carry", {"一级指标": None, "二级指标": None})
    key = g.number
    for i, row in enumerate(g.rows):
        labels = [norm(c) for c in row]
        if set(labels) & LONG_TERM_BLOCKS:
            pt.state["long_term"] = True
        elif set(labels) & ANNUAL_BLOCKS:
            pt.state["long_term"] = False
        # --- the indicator header row (possibly repeated on a new page)
        mapped = {IND_COLUMNS.get(t) for t in labels}
        if {"三级指标", "指标值"} <= mapped or ({"一级指标", "二级指标"} <= mapped and "指标值" in "".join(labels)):
            cols: dict[str, list[int]] = {}
            for j, t in enumerate(labels):
                f = IND_COLUMNS.get(t)
                if f and j not in sum(cols.values(), []):
                    if f in cols and row[j] == row[cols[f][-1]]:
                        cols[f].append(j)  # a merged header spans several columns: 指标值 = 性质|值|单位
                    else:
                        cols.setdefault(f, []).append(j)
            ind_cols = pt.state["ind_cols"] = cols
            pt.used.update((key, i, j) for j in range(len(row)))
            continue
        # --- a second header row under a merged 指标值 (性质 / 值 / 单位)
        if ind_cols is not None and any(t in ("指标性质", "度量单位", "计量单位", "值", "指标值") for t in labels) \
                and not any(t in ("产出指标", "效益指标", "效果指标", "满意度指标") for t in labels):
            for j, t in enumerate(labels):
                f = IND_COLUMNS.get(t) or ("指标值" if t == "值" else None)
                if f:
                    for k, cs in list(ind_cols.items()):
                        if j in cs and k == "指标值" and f != "指标值":
                            cs.remove(j)
                            ind_cols.setdefault(f, []).append(j)
            pt.used.update((key, i, j) for j in range(len(row)))
            continue
        # --- the quarterly plan: a header row of 第一季度 … then a row of percents
        qs = {j: QUARTERS[t] for j, t in enumerate(labels) if t in QUARTERS}
        if len(qs) >= 2:
            quarter_cols = qs
            pt.used.update((key, i, j) for j in range(len(row)))
            continue
        if quarter_cols and all(j < len(row) for j in quarter_cols) and any(row[j] for j in quarter_cols) \
                and not any(t in FIELD_LABELS for t in labels):
            for j, q in quarter_cols.items():
                if row[j]:
                    pt.quarters[q] = Piece(row[j], g.place(i, j))
                    pt.used.add((key, i, j))
            for j, t in enumerate(row):
                if not t or is_label(t):
                    pt.used.add((key, i, j))
            quarter_cols = {}
            continue
        quarter_cols = {}
        # --- indicator rows
        lead = next((t for t in labels if t), "")  # a form row begins with its label; an indicator row does not
        if ind_cols is not None and not (lead in FIELD_LABELS or lead in UNUSED_LABELS):
            if pt.state.get("long_term"):
                texts = [c for n, c in enumerate(row) if c and not is_label(c) and (n == 0 or c != row[n - 1])]
                pt.used.update((key, i, j) for j in range(len(row)))
                if texts:
                    pt.unplaced.append(Unplaced(g.place(i), " | ".join(texts),
                                                "长期绩效指标：targets.xlsx 只收年度绩效指标", serious=False))
                continue
            _indicator_row(pt, g, i, row, ind_cols, carry)
            continue
        # --- label / value pairs anywhere in the row
        for j, t in enumerate(labels):
            if (key, i, j) in pt.used:
                continue
            if j > 0 and row[j] == row[j - 1] and (key, i, j - 1) in pt.used:
                pt.used.add((key, i, j))  # the same merged cell again
                continue
            inline = _inline(row[j])
            if inline:  # "资金总额：120" — label and value in one cell
                f, text = inline
                pt.used.add((key, i, j))
                if f in UNUSED_LABELS:
                    pt.unplaced.append(Unplaced(g.place(i, j), row[j], f"「{f}」在 targets.xlsx 中没有对应栏目", serious=False))
                elif f not in pt.fields:
                    pt.fields[f] = Piece(text, g.place(i, j))
                continue
            if t in UNUSED_LABELS:
                pt.used.add((key, i, j))
                right = _value_right(row, j)
                text = None
                if right and right[0]:
                    text = right[0]
                    pt.used.update((key, i, m) for m in range(right[1], len(row)) if row[m] == text)
                else:
                    below = _value_below(g, i, j)
                    if below:
                        text = below[0]
                        pt.used.add((key, i + 1, j))
                if text:
                    pt.unplaced.append(Unplaced(g.place(i, j), f"{row[j]}：{text}",
                                                f"「{t}」在 targets.xlsx 中没有对应栏目", serious=False))
                continue
            if t in FIELD_LABELS or re.fullmatch(r"目标\d+", t):
                f = FIELD_LABELS.get(t, "绩效目标")
                pt.used.add((key, i, j))
                got = _value_right(row, j)
                if got is None or (not got[0] and f in ("绩效目标", "主要用途")):
                    below = _value_below(g, i, j)
                    if below:
                        pt.used.add((key, i + 1, j))
                        got = (below[0], None, i + 1, j)
                if got is None:
                    continue
                if len(got) == 4:  # read from the cell below the label
                    text = got[0]
                    if f not in pt.fields and text:
                        pt.fields[f] = Piece(text, g.place(got[2], got[3]))
                    continue
                text, k = got
                if f == "绩效目标":  # the goals may sit in several cells (目标1 | … | 目标2 | …)
                    parts = [row[m] for m in range(k, len(row)) if row[m] and (m == k or row[m] != row[m - 1])]
                    for m in range(k, len(row)):
                        pt.used.add((key, i, m))
                    text = "\n".join(dict.fromkeys(parts))
                    if f in pt.fields:
                        pt.fields[f] = Piece(pt.fields[f].value + "\n" + text, pt.fields[f].place + "；" + g.place(i, k))
                        continue
                if f not in pt.fields and text:
                    pt.fields[f] = Piece(text, g.place(i, k))
                    for m in range(k, len(row)):
                        if row[m] == text:
                            pt.used.add((key, i, m))
                        else:
                            break
            elif t in BLOCK_LABELS or t.startswith("项目资金（") or not t:
                pt.used.add((key, i, j))
        for j, t in enumerate(row):
            if (key, i, j) in pt.used:
                continue
            if j > 0 and row[j] == row[j - 1] and (key, i, j - 1) in pt.used:
                pt.used.add((key, i, j))
            elif not t or is_label(t) or norm(t).endswith("绩效目标表"):
                pt.used.add((key, i, j))


def _indicator_row(pt: ProjectTable, g: Grid, i: int, row: list[str], cols: dict[str, list[int]], carry: dict):
    key = g.number

    def cell(f):
        js = [j for j in cols.get(f, []) if j < len(row)]
        vals = [row[j] for j in js]
        parts = [v for n, v in enumerate(vals) if v and (n == 0 or v != vals[n - 1])]
        return "".join(parts), js

    rec: dict[str, Piece] = {}
    for f in ("一级指标", "二级指标", "三级指标", "指标描述", "指标值", "指标值确定依据", "_性质", "_单位", "_备注"):
        text, js = cell(f)
        if text and f in ("一级指标", "二级指标"):
            text = re.sub(r"\s+", "", text)  # a fixed word broken over lines by a narrow cell ("产出\n指标")
        if text:
            rec[f] = Piece(text, g.place(i, js[0]))
    for j in range(len(row)):
        if not row[j] or is_label(row[j]) or any(j in cs for cs in cols.values()):
            pt.used.add((key, i, j))
    for f in ("一级指标", "二级指标"):
        if f in rec:
            carry[f] = rec[f]
            if f == "一级指标":
                carry["二级指标"] = None if "二级指标" not in rec else rec["二级指标"]
        elif carry[f] is not None:
            rec[f] = Piece(carry[f].value, carry[f].place + "（合并单元格向下沿用）")
    remark = rec.pop("_备注", None)
    if remark:
        pt.unplaced.append(Unplaced(remark.place, remark.value, "指标的备注在 targets.xlsx 中没有对应栏目", serious=False))
    if "_性质" in rec or "_单位" in rec:  # 指标值 split into 性质 | 值 | 单位 columns: put the text together
        nature = rec.pop("_性质", None)
        unit = rec.pop("_单位", None)
        if "指标值" in rec:
            op = NATURE_WORDS.get(nature.value, nature.value) if nature else ""
            v = rec["指标值"].value
            u = unit.value if unit and not v.endswith(unit.value) else ""
            rec["指标值"] = Piece(op + v + u, rec["指标值"].place + "（由指标性质、指标值、度量单位三栏合成）")
    if "三级指标" not in rec or "指标值" not in rec:
        written = [f"{k}「{p.value}」" for k, p in rec.items() if "沿用" not in p.place]
        if written:  # a row with some text but no name or no value: the table was cut off or left incomplete
            missing = "、".join(f for f in ("三级指标", "指标值") if f not in rec)
            pt.unplaced.append(Unplaced(g.place(i), "；".join(written), f"缺少{missing}，无法作为绩效指标导入（表格可能在此中断）"))
        return
    pt.indicators.append(rec)
