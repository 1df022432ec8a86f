"""`jxreport import`: sources → targets.xlsx (as `jxreport init` lays it out) + import-report.md.

Stage: after jxreport.io (uses its workbook writer), before scoring.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from jxreport.core import schema as S
from jxreport.core.rounding import dec
from jxreport.importing.prose import calc_lines, fund_sources, read_department
from jxreport.importing.readers import Document, Grid, ImportSourceError, read_source
from jxreport.importing.supplement import is_targets_workbook, merge, read_supplement
from jxreport.importing.tables import (Piece, ProjectTable, Unplaced, is_project_table, looks_like_self_evaluation,
                                       norm, read_project)
from jxreport.io.workbooks import unit_rows, write_workbook

REPORT = "import-report.md"
SUFFIXES = (".txt", ".docx", ".xlsx", ".doc", ".pdf", ".xls", ".wps")


@dataclass
class ImportResult:
    tables: dict[str, list[dict]]
    sources: dict[str, list[tuple[int, str]]]  # sheet -> [(excel row, where from)]
    unplaced: list[Unplaced] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    no_indicators: list[str] = field(default_factory=list)
    departments: list = field(default_factory=list)  # 主管部门 Pieces read from the project tables

    @property
    def exit_code(self) -> int:
        if self.no_indicators or any(u.serious for u in self.unplaced):
            return 1
        return 0

    def summary(self) -> str:
        t = self.tables
        serious = [u for u in self.unplaced if u.serious]
        lines = [f"已导入 {len(self.files)} 个文件：{len(t[S.PROJECTS.name])} 个项目，"
                 f"{len(t[S.INDICATORS.name])} 个绩效指标，{len(t[S.CALC_LINES.name])} 条测算明细，"
                 f"{len(t[S.DEPT_INDICATORS.name])} 个部门指标。"]
        if serious:
            lines.append(f"有 {len(serious)} 处内容未能导入（详见 {REPORT}）：")
            lines += [f"  {u.place}：{_short(u.text)} —— {u.why}" for u in serious[:10]]
            if len(serious) > 10:
                lines.append(f"  …… 其余 {len(serious) - 10} 处见 {REPORT}")
        for name in self.no_indicators:
            lines.append(f"  项目「{name}」的目标表中没有绩效指标。")
        other = len(self.unplaced) - len(serious)
        if other:
            lines.append(f"另有 {other} 段说明性文字在 targets.xlsx 中没有对应栏目，已列入 {REPORT}。")
        return "\n".join(lines)


def _short(text: str, n: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[:n] + "……"


def collect(sources: list[Path]) -> list[Path]:
    files: list[Path] = []
    for s in sources:
        s = Path(s)
        if s.is_dir():
            files += sorted(p for p in s.rglob("*") if p.suffix.lower() in SUFFIXES and not p.name.startswith("~$"))
        else:
            files.append(s)
    return files


def import_documents(sources: list[Path], year: int | None = None, unit: str | None = None) -> ImportResult:
    files = collect(sources)
    if not files:
        raise ImportSourceError("没有找到可导入的文件（.docx、.xlsx、.txt）：" + "、".join(map(str, sources)))
    problems, docs, extra = [], [], []  # (file, why) of the files that cannot be imported
    for f in files:
        if is_targets_workbook(f):  # the analyst's supplement, in targets.xlsx's layout: applied last
            extra.append(f)
            continue
        try:
            d = read_source(f)
        except ImportSourceError as exc:
            problems.append((str(f), str(exc).split("：", 1)[-1]))
            continue
        why = _unreadable(d)
        if why:
            problems.append((str(f), why))
        else:
            docs.append(d)
    if not docs:  # nothing readable: say why for every file, write nothing
        if extra and not problems:
            problems = [(str(f), "这是 targets.xlsx 格式的补充表，只能补充目标表的内容，须与目标表一起导入") for f in extra]
        raise ImportSourceError("没有可导入的绩效目标表，未写入任何文件：\n" + "\n".join(f"  {f}：{w}" for f, w in problems))
    res = _interpret(docs, year, unit, [str(f) for f in files])
    for f in extra:
        merge(res, read_supplement(f))
    res.unplaced[:0] = [Unplaced(f, "（整个文件）", w) for f, w in problems]  # the others still import
    return res


def _unreadable(d: Document) -> str | None:
    if not d.items:
        return "文件是空的（没有文字，也没有表格）；扫描件请先在预算系统中导出 Word 或 Excel。"
    if any(looks_like_self_evaluation(g) for g in d.grids):
        return "这是绩效自评表（含实际完成值、得分等栏目），不是绩效目标表；年末的完成情况请填入 actuals.xlsx。"
    has_goals = any(re.search(r"绩效目标|绩效指标", p.text) for p in d.paragraphs)
    if not any(is_project_table(g) for g in d.grids) and not has_goals:
        return "没有找到绩效目标表（无「项目名称」「三级指标」「指标值」等栏目），也没有部门整体绩效目标的文字。"
    return None


def _project_groups(d: Document) -> list[list[Grid]]:
    """Tables of one project: a table without 项目名称 after a project table continues it (page break)."""
    groups: list[list[Grid]] = []
    for g in d.grids:
        labels = {norm(c) for row in g.rows for c in row}
        if "项目名称" in labels or not groups:
            groups.append([g])
        else:
            groups[-1].append(g)
    return groups


def _interpret(docs: list[Document], year, unit, files) -> ImportResult:
    res = ImportResult({s.name: [] for s in S.sheets_of(S.TARGETS)}, {s.name: [] for s in S.sheets_of(S.TARGETS)},
                       files=files)
    unit_name = Piece(unit, "命令行 --unit") if unit else None
    year_p = Piece(str(year), "命令行 --year") if year else None
    goal = None
    codes: set[str] = set()
    for d in docs:
        dep = read_department(d.paragraphs)
        unit_name = unit_name or dep.unit_name
        year_p = year_p or dep.year
        goal = goal or dep.goal
        for r in dep.rows:
            rec = {k: v.value for k, v in r.items() if isinstance(v, Piece)}
            res.tables[S.DEPT_INDICATORS.name].append(rec)
            src = f"{r['指标名称'].place}（工作领域：{r['工作领域'].place}）" + (f"；{r['_note']}" if "_note" in r else "")
            res.sources[S.DEPT_INDICATORS.name].append((len(res.tables[S.DEPT_INDICATORS.name]) + 1, src))
        res.unplaced += dep.unplaced
        titles = {id(p) for g in d.grids for p in g.title}
        for p in d.paragraphs:
            if id(p) in dep.used:
                continue
            if id(p) in titles:
                continue  # a table's title, read with it
            res.unplaced.append(Unplaced(p.place, p.text, "说明性文字（如工作保障措施），targets.xlsx 中没有对应栏目",
                                         serious=False))
        for grids in _project_groups(d):
            if not any(is_project_table(g) for g in grids):
                for g in grids:
                    res.unplaced.append(Unplaced(f"{g.file} 表{g.number}", _short(" ".join(sum(g.rows, []))),
                                                 "不是绩效目标表（没有项目名称或指标栏目）"))
                continue
            pt = read_project(grids)
            _add_project(res, pt, codes)
    if unit_name is None:
        res.notes.append("文件中没有找到单位名称（如“××编制”），单位名称写为「未填写」；请用 --unit 指定或在「单位」表中填写。")
        unit_name = Piece("未填写", "（缺省）")
    if year_p is None:
        raise ImportSourceError("文件中没有找到预算年度（如“2022年部门整体绩效目标”），请用 --year 指定。")
    if not res.tables[S.PROJECTS.name] and not res.tables[S.DEPT_INDICATORS.name]:
        raise ImportSourceError("在 " + "、".join(files) + " 中没有读到任何项目或部门指标，未写入任何文件。")
    department = None
    names = list(dict.fromkeys(p.value for p in res.departments))
    if len(names) == 1:
        department = res.departments[0]
    elif names:
        res.notes.append("各目标表的主管部门不同（" + "；".join(f"「{p.value}」{p.place}" for p in res.departments)
                         + "），「单位」表只记一个主管部门，未填写；请手工填写。")
    res.tables[S.UNIT.name] = unit_rows(unit_name.value, int(year_p.value), department.value if department else None,
                                        goal.value if goal else None)
    src = [unit_name.place, year_p.place] + ([department.place] if department else []) + ([goal.place] if goal else [])
    res.sources[S.UNIT.name] = [(i, s) for i, s in enumerate(src, 2)]
    return res


def _num(text: str) -> Decimal | None:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:万元|万)?\s*", text or "")
    return dec(m.group(1)) if m else None


def _add_project(res: ImportResult, pt: ProjectTable, codes: set[str]) -> None:
    f = pt.fields
    name = f.get("项目名称")
    if name is None:
        t = re.sub(r"\s+", "", pt.title)
        t = re.sub(r"(项目)?(支出)?绩效目标表$", "", t)
        if t:
            name = Piece(t, f"{pt.place} 标题")
        else:
            res.unplaced.append(Unplaced(pt.place, "", "表中没有项目名称，整张表未导入"))
            return
    code = f.get("项目编码")
    n = len(res.tables[S.PROJECTS.name]) + 1
    if code is None or not code.value or code.value in codes:
        c = f"JX-{n:02d}"
        while c in codes:
            n += 1
            c = f"JX-{n:02d}"
        code = Piece(c, "生成（表中项目编码为空）" if code is None or not code.value else f"生成（项目编码「{code.value}」重复）")
    codes.add(code.value)
    row: dict = {"项目编码": code.value, "项目名称": name.value}
    srcs = [f"项目编码：{code.place}", f"项目名称：{name.place}"]
    use = f.get("主要用途")
    funds = fund_sources(use.value) if use else {}
    # 主要用途 that splits the money into 本级 and 转移支付 is finer than the table's 财政拨款 (their sum)
    split = "本级资金" in funds and "上级转移支付" in funds
    for col in ("年初预算数", "本级资金", "上级转移支付", "其他资金"):
        if col in f and _num(f[col].value) is not None and not (split and col in ("本级资金", "上级转移支付")):
            row[col] = _num(f[col].value)
            srcs.append(f"{col}：{f[col].place}")
        elif col in funds:
            if col in f and _num(f[col].value) is not None:
                res.notes.append(f"项目「{name.value}」：表中「{f[col].value}」（{f[col].place}）按主要用途拆分为本级资金与"
                                 "上级转移支付" + ("。" if _num(f[col].value) == dec(funds["本级资金"][0]) + dec(funds["上级转移支付"][0])
                                               else "，但二者之和与表中数不符，请核对。"))
            row[col] = dec(funds[col][0])
            srcs.append(f"{col}：{use.place} 主要用途中「{funds[col][1]}」")
        elif col in f:
            res.unplaced.append(Unplaced(f[col].place, f[col].value, f"{col}不是数字（万元），未导入"))
    if "年初预算数" not in row:
        res.unplaced.append(Unplaced(pt.place, name.value, "表中和主要用途中都没有年初预算数（年度资金总额），请在「项目」表中补填"))
    for col in ("主要用途", "绩效目标", "实施单位"):
        if col in f:
            row[col] = f[col].value
            if col == "绩效目标":  # one goal a line (目标1 …, 目标2 …): only the whitespace between them changes
                row[col] = re.sub(r"(?<=\S)\s*(?=目标\s*\d+)", "\n", row[col]).strip()
            srcs.append(f"{col}：{f[col].place}")
    for q in S.QUARTERS:
        if q in pt.quarters:
            row[q] = pt.quarters[q].value
            srcs.append(f"{q}：{pt.quarters[q].place}")
    res.tables[S.PROJECTS.name].append(row)
    res.sources[S.PROJECTS.name].append((len(res.tables[S.PROJECTS.name]) + 1, "；".join(srcs)))
    if "主管部门" in f:
        res.departments.append(f["主管部门"])
    # indicators
    seen: set[str] = set()
    for rec in pt.indicators:
        r = {"项目编码": code.value}
        for col in ("一级指标", "二级指标", "三级指标", "指标描述", "指标值", "指标值确定依据"):
            if col in rec:
                r[col] = rec[col].value
        if "一级指标" not in r or "二级指标" not in r:
            res.unplaced.append(Unplaced(rec["三级指标"].place, rec["三级指标"].value, "没有一级或二级指标，未导入"))
            continue
        if r["三级指标"] in seen:
            res.notes.append(f"项目「{name.value}」的三级指标「{r['三级指标']}」重复（{rec['三级指标'].place}），照原文导入，check 会指出。")
        seen.add(r["三级指标"])
        res.tables[S.INDICATORS.name].append(r)
        res.sources[S.INDICATORS.name].append((len(res.tables[S.INDICATORS.name]) + 1,
                                               "；".join(f"{k}：{p.place}" for k, p in rec.items())))
    if not pt.indicators:
        res.no_indicators.append(name.value)
    res.unplaced += pt.unplaced
    if pt.unplaced and any("中断" in u.why for u in pt.unplaced):
        res.notes.append(f"项目「{name.value}」的目标表不完整（{pt.place}）：只导入了表中已有的内容，请在 targets.xlsx 中补全其余指标。")
    for g in pt.grids:
        for i, cells in enumerate(g.rows):
            for j, text in enumerate(cells):
                if (g.number, i, j) not in pt.used and text:
                    res.unplaced.append(Unplaced(g.place(i, j), text, "单元格不属于任何已识别的栏目"))
    # 测算明细
    if use:
        lines, notes = calc_lines(use.value)
        for ln in lines:
            r = {"项目编码": code.value, **{k: v for k, v in ln.items() if not k.startswith("_")}}
            res.tables[S.CALC_LINES.name].append(r)
            res.sources[S.CALC_LINES.name].append((len(res.tables[S.CALC_LINES.name]) + 1,
                                                   f"{use.place} 主要用途中「{ln['_source']}」"))
        for n_ in notes:
            res.unplaced.append(Unplaced(use.place, n_, "测算明细未能解析"))


def _in_indicator(pt: ProjectTable, g: Grid, i: int) -> bool:
    marker = g.place(i)
    return any(p.place.startswith(marker + " ") for rec in pt.indicators for p in rec.values()) or \
        any(u.place == marker for u in pt.unplaced)


# ----------------------------------------------------------------------------- writing

def write_import(res: ImportResult, out: Path, force: bool = False) -> list[Path]:
    out = Path(out)
    targets, actuals, report = out / S.TARGETS, out / S.ACTUALS, out / REPORT
    if targets.exists() and not force:
        raise ImportSourceError(f"{targets} 已存在；为免覆盖已填写的数据，未写入任何文件。确需覆盖请加 --force。")
    written = [write_workbook(targets, S.TARGETS, res.tables)]
    if not actuals.exists():
        written.append(write_workbook(actuals, S.ACTUALS))
    report.write_text(render_report(res), encoding="utf-8")
    written.append(report)
    return written


def _md(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " / ")


def render_report(res: ImportResult) -> str:
    out = ["# 导入报告", "", "来源文件：" + "、".join(res.files), "", res.summary(), ""]
    if res.notes:
        out += ["## 说明", ""] + [f"- {n}" for n in res.notes] + [""]
    serious = [u for u in res.unplaced if u.serious]
    other = [u for u in res.unplaced if not u.serious]
    out += ["## 未能导入的内容", ""]
    out += ([f"- {u.place}：「{_md(u.text)}」—— {u.why}" for u in serious] or ["（无）"]) + [""]
    out += ["## 没有对应栏目的说明性文字", ""]
    out += ([f"- {u.place}：「{_md(_short(u.text, 60))}」—— {u.why}" for u in other] or ["（无）"]) + [""]
    out += ["## 每行的来源", ""]
    for sheet in S.sheets_of(S.TARGETS):
        rows = res.sources.get(sheet.name) or []
        if not rows:
            continue
        out += [f"### {sheet.name}", "", "| Excel 行 | 来源 |", "|---|---|"]
        out += [f"| {r} | {_md(s)} |" for r, s in rows] + [""]
    return "\n".join(out)
