"""One figure, one value: a quantity printed in several places prints the same everywhere.

The sample year is rendered by the real pipeline (fixture `sample_outputs`); every output a
reader sees is read back by its labels — the report sections (HTML, both editions), the PDF
text, 自评表.xlsx, scores.json, index.html and the monitoring report — into (quantity, project,
…) → printed value, and each quantity must have one value. The broken-copy test re-renders
自评表.xlsx with rates rounded down (a renderer that rounds its own way, as 99.66% vs 99.67%
was printed for JX-03) and sees the check fail.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from collections import defaultdict
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import lxml.html
import openpyxl
import pdfplumber
import pytest

from jxreport.core.rounding import dec, fmt_money, fmt_pct, fmt_score
from jxreport.io.loading import load_year
from jxreport.outputs import forms
from jxreport.scoring.rules import load_rules
from jxreport.scoring.scorer import score_year

ROOT = Path(__file__).resolve().parents[1]
PCT = r"(\d[\d,]*\.\d{2}%)"
_CODE = re.compile(r"^(JX-\d+)_")


# ---------------------------------------------------------------- reading each output

def _text(node) -> str:
    return " ".join(node.text_content().split())


def _grid(rows) -> list[list[str]]:
    """Table rows as a rectangular grid: rowspan/colspan cells repeated where they reach."""
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(rows):
        line: list[str] = []
        cells = tr.xpath("./td|./th")
        c = 0
        for cell in cells:
            while (r, c) in pending:
                line.append(pending.pop((r, c)))
                c += 1
            text = _text(cell)
            span, down = int(cell.get("colspan", 1)), int(cell.get("rowspan", 1))
            for k in range(span):
                line.append(text)
                for d in range(1, down):
                    pending[(r + d, c + k)] = text
            c += span
        while (r, c) in pending:
            line.append(pending.pop((r, c)))
            c += 1
        grid.append(line)
    return grid


def _norm(label: str) -> str:
    return re.sub(r"（.*?）", "", label)


def html_tables(path: Path, code: str | None, source: str, add) -> None:
    """Every table with a header row: 执行率, 全年执行数, 得分, 等级, 支出进度 and indicator 得分 by column label."""
    root = lxml.html.parse(str(path)).getroot()
    for table in root.iter("table"):
        heads = table.xpath("./thead/tr")
        if not heads:
            continue
        head = [_norm(h) for h in _grid(heads)[0]]
        for row in _grid(table.xpath("./tbody/tr")):
            cell = dict(zip(head, row))
            who = cell.get("项目编码") or code
            if who is None:
                continue
            who = "合计" if who.startswith("合计") else who
            when = cell.get("时点") or cell.get("判断时点")
            if "三级指标" in cell:  # an indicator table
                if "得分" in cell and cell["三级指标"]:
                    add(("指标得分", who, cell["三级指标"]), cell["得分"], source)
                continue
            if "实际累计支出进度" in cell and when:
                add(("支出进度", who, when), cell["实际累计支出进度"], source)
            elif "支出进度" in cell and when:
                add(("支出进度", who, when), cell["支出进度"], source)
            if "执行率" in cell and cell["执行率"] not in ("", "—"):
                add(("执行率", who), cell["执行率"], source)
            if "全年执行数" in cell:
                add(("全年执行数", who), cell["全年执行数"], source)
            if "等级" in cell:
                add(("等级", who), cell["等级"], source)
            if "总分" in cell:
                add(("得分", who), cell["总分"], source)
            elif "得分" in cell:
                # beside a 项目编码 the project's total; in a project's own budget table the execution score
                add(("得分", who) if "项目编码" in cell else ("执行率得分", who), cell["得分"], source)
            if "执行率得分" in cell:
                add(("执行率得分", who), cell["执行率得分"], source)
    for table in root.xpath('//table[@data-form="project"]'):  # the 附表 (no header row)
        for row in _grid(table.xpath("./tbody/tr")):
            if row and row[-7:] and "年度资金总额" in row:
                k = row.index("年度资金总额") + (2 if row.count("年度资金总额") > 1 else 1)
                initial, full, spent, weight, rate, score = row[k:k + 6]
                add(("全年执行数", code), spent, source)
                add(("执行率", code), rate, source)
                add(("执行率得分", code), score, source)


def text_figures(text: str, code: str | None, source: str, add) -> None:
    """The figures sentences print: key line, 预算执行率, quarterly progress, an indicator's 完成率."""
    t = re.sub(r"\s+", "", text)
    if code is None:
        for m in re.finditer(r"部门预算执行率" + PCT, t):
            add(("执行率", "部门"), m.group(1), source)
        return
    m = re.search(r"综合得分([\d.]+)分评价等级(\S)预算执行率" + PCT + r"全年执行数([\d,.]+)万元", t)
    if m:
        add(("得分", code), m.group(1), source)
        add(("等级", code), m.group(2), source)
        add(("全年执行数", code), m.group(4), source)
    for m in re.finditer(r"预算执行率(?:（[^）]{0,20}）)?" + PCT, t):
        add(("执行率", code), m.group(1), source)
    for m in re.finditer(r"([一二三四]季度末)" + PCT + r"（计划", t):
        add(("支出进度", code, m.group(1)), m.group(2), source)
    for m in re.finditer(r"「([^」]+)」(?:（[^）]*）)?年度指标值[^，]*，实际完成[^，]*，完成率" + PCT, t):
        add(("完成率", code, m.group(1)), m.group(2), source)


def scores_json(path: Path, add) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    names = {}
    for p in data["projects"]:
        c = p["code"]
        names[p["name"]] = c
        add(("执行率", c), fmt_pct(p["execution_rate"]), "scores.json")
        add(("全年执行数", c), fmt_money(p["spent_wan"]), "scores.json")
        add(("得分", c), fmt_score(p["score"]), "scores.json")
        add(("执行率得分", c), fmt_score(p["execution_score"]), "scores.json")
        add(("等级", c), p["grade"], "scores.json")
        add(("全年预算数", c), fmt_money(p["budget_full_year_wan"]), "scores.json")
        add(("年初预算数", c), fmt_money(p["budget_initial_wan"]), "scores.json")
        for i in p["indicators"]:
            add(("指标得分", c, i["name"]), fmt_score(i["score"]), "scores.json")
            if i["completion"] is not None:
                add(("完成率", c, i["name"]), fmt_pct(i["completion"]), "scores.json")
    d = data["department_detail"]
    add(("执行率", "部门"), fmt_pct(d["execution_rate"]), "scores.json")
    add(("全年执行数", "部门"), fmt_money(d["spent_wan"]), "scores.json")
    add(("全年预算数", "部门"), fmt_money(d["budget_wan"]), "scores.json")
    add(("执行率得分", "部门"), fmt_score(d["execution_score"]), "scores.json")
    add(("得分", "部门"), fmt_score(data["department_score"]), "scores.json")
    return names


def monitoring_text(text: str, source: str, add) -> None:
    """The monitoring report's sentences: 「JX-04 征地拆迁补偿款，二季度末支出进度 6.06%，计划 30.00%」."""
    t = re.sub(r"\s+", "", text)
    for m in re.finditer(r"(JX-\d+)[^：；，。]*?[，：]([一二三四]季度末)支出进度" + PCT, t):
        add(("支出进度", m.group(1), m.group(2)), m.group(3), source)


def _pct_cell(v) -> str:
    return v if isinstance(v, str) else fmt_pct(dec(v))


def _find(ws, col: int, text: str, start: int = 1) -> int | None:
    for r in range(start, ws.max_row + 1):
        if ws.cell(row=r, column=col).value == text:
            return r
    return None


def form_xlsx(path: Path, names: dict[str, str], add) -> None:
    """Each project sheet (资金, indicators, 总分) and the 汇总 sheet of 自评表.xlsx."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        r = _find(ws, 1, "项目名称")
        total = _find(ws, 2, "年度资金总额")
        if r is not None and total is not None:
            code = names.get(ws.cell(row=r, column=3).value)
            src = f"自评表.xlsx[{ws.title}]"
            add(("全年执行数", code), fmt_money(ws.cell(row=total, column=5).value), src)
            add(("年初预算数", code), fmt_money(ws.cell(row=total, column=3).value), src)
            add(("全年预算数", code), fmt_money(ws.cell(row=total, column=4).value), src)
            add(("执行率", code), _pct_cell(ws.cell(row=total, column=7).value), src)
            add(("执行率得分", code), fmt_score(ws.cell(row=total, column=8).value), src)
            head = _find(ws, 2, "一级指标")
            end = _find(ws, 1, "总分", head)
            for k in range(head + 1, end):
                add(("指标得分", code, ws.cell(row=k, column=4).value), fmt_score(ws.cell(row=k, column=8).value), src)
                add(("指标分值", code, ws.cell(row=k, column=4).value), fmt_score(ws.cell(row=k, column=7).value), src)
            add(("得分", code), fmt_score(ws.cell(row=end, column=8).value), src)
            add(("等级", code), str(ws.cell(row=end, column=9).value).split("：")[-1], src)
            continue
        head = _find(ws, 1, "项目编码")
        if head is not None and ws.cell(row=head, column=6).value == "执行率":
            src = f"自评表.xlsx[{ws.title}]"
            for k in range(head + 1, ws.max_row + 1):
                code = ws.cell(row=k, column=1).value
                if not code:
                    continue
                rate = ws.cell(row=k, column=6).value
                if rate is not None:
                    add(("执行率", code), _pct_cell(rate), src)
                if code == "合计":
                    continue
                add(("全年执行数", code), fmt_money(ws.cell(row=k, column=5).value), src)
                add(("年初预算数", code), fmt_money(ws.cell(row=k, column=3).value), src)
                add(("全年预算数", code), fmt_money(ws.cell(row=k, column=4).value), src)
                add(("得分", code), fmt_score(ws.cell(row=k, column=7).value), src)
                add(("等级", code), ws.cell(row=k, column=8).value, src)


def department_sheet(ws, add) -> None:
    """自评表.xlsx's 部门整体 sheet: its budget row, 总分 and each 部门指标's 得分 and 分值."""
    src = f"自评表.xlsx[{ws.title}]"
    head = _find(ws, 3, "全年预算数")
    if head is not None:
        r = head + 1
        add(("全年预算数", "部门"), fmt_money(ws.cell(row=r, column=3).value), src)
        add(("全年执行数", "部门"), fmt_money(ws.cell(row=r, column=4).value), src)
        add(("执行率", "部门"), _pct_cell(ws.cell(row=r, column=5).value), src)
        add(("执行率得分", "部门"), fmt_score(ws.cell(row=r, column=7).value), src)
    areas = _find(ws, 1, "工作领域")
    total = _find(ws, 1, "总分")
    area = None
    for k in range(areas + 1, total):
        area = ws.cell(row=k, column=1).value or area  # merged down its indicators
        name = ws.cell(row=k, column=3).value
        if name and isinstance(ws.cell(row=k, column=7).value, (int, float)):
            add(("部门指标得分", area, name), fmt_score(ws.cell(row=k, column=7).value), src)
            add(("部门指标分值", area, name), fmt_score(ws.cell(row=k, column=6).value), src)
    add(("得分", "部门"), fmt_score(ws.cell(row=total, column=7).value), src)


def monitoring_sheet(ws, add) -> None:
    """自评表.xlsx's 监控表: each project's 支出进度 at each time point."""
    src = f"自评表.xlsx[{ws.title}]"
    start = _find(ws, 3, "时点")
    if start is None:
        return
    code = None
    for r in range(start + 1, ws.max_row + 1):
        label = ws.cell(row=r, column=3).value
        if not label or ws.cell(row=r, column=1).value == "项目编码":
            break
        code = ws.cell(row=r, column=1).value or code
        add(("支出进度", code, label), _pct_cell(ws.cell(row=r, column=5).value), src)


def _monitoring_budgets(path: Path) -> dict[str, str]:
    """项目编码 → 全年预算数 as the monitoring report knew it at its month's end."""
    out = {}
    for table in lxml.html.parse(str(path)).getroot().iter("table"):
        heads = table.xpath("./thead/tr")
        head = [_norm(h) for h in _grid(heads)[0]] if heads else []
        if "项目编码" in head and "全年预算数" in head:
            for row in _grid(table.xpath("./tbody/tr")):
                cell = dict(zip(head, row))
                out[cell["项目编码"]] = cell["全年预算数"]
    return out


def collect(year_dir: Path, *, pdf: bool = True) -> dict[tuple, dict[str, set[str]]]:
    """(quantity, project, …) → {printed value: sources} over every output of the year.

    A monitoring report divides by the budget known at its month's end; where a later 预算调整
    changed it, its 支出进度 is another quantity (keyed with that budget), not the year-end one.
    """
    found: dict[tuple, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    def add(key, value, source):
        if key[1] is None or value in (None, ""):
            return
        found[key][str(value)].add(source)

    data = json.loads((year_dir / "scores.json").read_text(encoding="utf-8"))
    final = {p["code"]: fmt_money(p["budget_full_year_wan"]) for p in data["projects"]}
    names = scores_json(year_dir / "scores.json", add)
    form_xlsx(year_dir / "自评表.xlsx", names, add)
    book = openpyxl.load_workbook(year_dir / "自评表.xlsx")
    department_sheet(book[forms.DEPARTMENT_SHEET], add)
    html_tables(year_dir / "index.html", None, "index.html", add)
    for path in sorted(year_dir.rglob("*.html")):
        if path.name == "index.html":
            continue
        m = _CODE.match(path.name)
        code = m.group(1) if m else None
        rel = path.relative_to(year_dir).as_posix()
        if "绩效运行监控" in path.name:
            then = _monitoring_budgets(path)

            def add_then(key, value, source, then=then):
                if key[0] == "支出进度" and then.get(key[1], final.get(key[1])) != final.get(key[1]):
                    key = (f"支出进度（按预算 {then[key[1]]} 万元）", *key[1:])
                add(key, value, source)
            html_tables(path, code, rel, add_then)
            monitoring_text(_text(lxml.html.parse(str(path)).getroot().body), rel, add_then)
            if forms.MONITORING_SHEET in book.sheetnames:  # the same month's 监控表, read once per page: a set
                monitoring_sheet(book[forms.MONITORING_SHEET], add_then)
            continue
        html_tables(path, code, rel, add)
        text_figures(_text(lxml.html.parse(str(path)).getroot().body), code, rel, add)
        if pdf and path.with_suffix(".pdf").is_file():
            with pdfplumber.open(path.with_suffix(".pdf")) as doc:
                text = "\n".join(page.extract_text() or "" for page in doc.pages)
            text_figures(text, code, rel[:-5] + ".pdf", add)
    return found


def conflicts(found) -> list[str]:
    return [f"{key}: " + "；".join(f"{v} 见 {', '.join(sorted(src))}" for v, src in sorted(vals.items()))
            for key, vals in found.items() if len(vals) > 1]


# ---------------------------------------------------------------- tests

@pytest.fixture(scope="module")
def found(sample_outputs):
    return collect(sample_outputs)


def test_every_quantity_printed_in_several_places_has_one_value(found):
    bad = conflicts(found)
    assert not bad, "同一数字印出不同的值：\n" + "\n".join(bad)


def test_the_check_reads_every_output(found):
    """The extraction is not vacuous: the quantities the reviewer compared are read from each output."""
    def sources(key):
        return {s.split("/")[-1].split("[")[0] for srcs in found.get(key, {}).values() for s in srcs}

    jx03 = sources(("执行率", "JX-03"))
    for where in ("scores.json", "自评表.xlsx", "index.html", "JX-03_网格化管理建设费用.html",
                  "JX-03_网格化管理建设费用.pdf", "部门整体绩效自评报告.html"):
        assert where in jx03, (where, jx03)
    q1 = sources(("支出进度", "JX-03", "一季度末"))
    assert {"JX-03_网格化管理建设费用.html", "绩效运行监控_7月.html"} <= q1, q1
    assert sources(("执行率", "合计")) >= {"自评表.xlsx", "部门整体绩效自评报告.html"}
    indicator_keys = [k for k in found if k[0] == "指标得分" and len({s for v in found[k].values() for s in v}) >= 3]
    assert len(indicator_keys) >= 30
    assert any(k[0] == "完成率" for k in found if sum(len(s) for s in found[k].values()) >= 2)
    assert list(found[("执行率", "JX-03")]) == ["99.67%"]
    assert list(found[("支出进度", "JX-03", "一季度末")]) == ["21.89%"]


def _round_down(x, places: int = 2) -> Decimal:
    return dec(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


def test_a_renderer_that_rounds_its_own_way_is_caught(sample_outputs, tmp_path, monkeypatch):
    """A broken copy: 自评表.xlsx re-rendered with its rates rounded down (JX-03 99.67% → 99.66%)."""
    copy = tmp_path / "2022"
    shutil.copytree(sample_outputs, copy)
    year = load_year(ROOT / "data" / "2022")
    ys = score_year(year, load_rules("mof-2020"))
    monkeypatch.setattr(forms, "q", _round_down)
    forms.write_form(ys, copy / "自评表.xlsx", year=year)
    bad = conflicts(collect(copy, pdf=False))
    assert any(line.startswith("('执行率', 'JX-03')") and "99.66%" in line for line in bad), bad


def test_the_monitoring_narrative_and_the_other_workbook_cells_are_read(found):
    def sources(key):
        return {s.split("/")[-1] for srcs in found.get(key, {}).values() for s in srcs}

    q2 = sources(("支出进度", "JX-04", "二季度末"))
    assert {"绩效运行监控_7月.html", "自评表.xlsx[监控表]", "JX-04_征地拆迁补偿款.html"} <= q2, q2
    assert {"自评表.xlsx[部门整体]", "scores.json"} <= sources(("得分", "部门"))
    assert {"自评表.xlsx[部门整体]", "scores.json"} <= sources(("全年预算数", "部门"))
    assert any(k[0] == "年初预算数" and len(sources(k)) >= 3 for k in found)


def test_a_monitoring_sentence_or_a_workbook_cell_printed_its_own_way_is_caught(sample_outputs, tmp_path, monkeypatch):
    """Broken copies: the monitoring report's sentence says 6.07% where its table says 6.06%, and
    the 部门整体 sheet prints a budget of its own."""
    copy = tmp_path / "2022"
    shutil.copytree(sample_outputs, copy)
    page = copy / "报送稿" / "绩效运行监控_7月.html"
    html = page.read_text(encoding="utf-8")
    at = html.index("二季度末支出进度")
    page.write_text(html[:at] + html[at:].replace("6.06%", "6.07%", 1), encoding="utf-8")
    year = load_year(ROOT / "data" / "2022")
    ys = score_year(year, load_rules("mof-2020"))
    built = forms.department_form
    monkeypatch.setattr(forms, "department_form",
                        lambda *a, **kw: dataclasses.replace(built(*a, **kw), budget=Decimal("2513.31")))
    forms.write_form(ys, copy / "自评表.xlsx", year=year)
    bad = conflicts(collect(copy, pdf=False))
    assert any(line.startswith("('支出进度', 'JX-04', '二季度末')") and "6.07%" in line for line in bad), bad
    assert any(line.startswith("('全年预算数', '部门')") and "2,513.31" in line for line in bad), bad
