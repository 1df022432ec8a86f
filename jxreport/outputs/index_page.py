"""index.html: the one page everyone opens first — scores, the projects, the warnings, the links.

Self-contained (inline stylesheet and a few lines of script that sort the project table
when a header is clicked; nothing from the network). Every text that comes from the
workbooks is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from jxreport.core.problems import ERROR, HINT, LEVELS, WARNING, Problem
from jxreport.report.editions import EDITIONS
from jxreport.scoring.results import YearScore
from jxreport.core.rounding import fmt_money, fmt_pct, fmt_score
from jxreport.sections.html import stylesheet


@dataclass(frozen=True)
class ReportLink:
    """One report of a run, as index.html links it (paths relative to the year's folder)."""

    kind: str  # "department" | "project" | "monitoring"
    title: str
    code: str | None = None  # 项目编码 of a project report
    html: tuple[str, ...] = ()  # one page per edition: 报送稿/<stem>.html, 审核底稿/<stem>.html
    pdf: tuple[str, ...] = ()
    notebook: str | None = None


def e(x) -> str:
    return escape("" if x is None else str(x), quote=True)


def _href(rel: str) -> str:
    return e(quote(rel))


def _links(r: ReportLink | None) -> str:
    if r is None:
        return '<span class="muted">未生成</span>'
    groups = []
    for edition in EDITIONS:  # each edition's page and PDF side by side, 报送稿 first
        parts = [f'<a href="{_href(rel)}">{label}</a>' for files, label in ((r.html, "网页"), (r.pdf, "PDF"))
                 for rel in files if rel.startswith(edition + "/")]
        if parts:
            groups.append(f"{e(edition)}：" + " · ".join(parts))
    return "　".join(groups) or '<span class="muted">未生成</span>'


_CSS = stylesheet("index.css")

# Click a header to sort by that column; click again to reverse. Numbers sort by data-sort.
_SCRIPT = """
(function () {
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = th.getAttribute("data-type") === "number";
        rows.sort(function (a, b) {
          var x = a.cells[col], y = b.cells[col];
          var u = x.getAttribute("data-sort") || x.textContent.trim();
          var v = y.getAttribute("data-sort") || y.textContent.trim();
          var c = numeric ? (parseFloat(u) - parseFloat(v)) : u.localeCompare(v, "zh-CN");
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
"""


def _sortable_head(cols: list[tuple[str, bool | None]]) -> str:
    """num True: sorts by the cells' data-sort numbers; False: by text; None: not sortable."""
    number = ' data-type="number"'
    cells = "".join(f'<th scope="col">{e(name)}</th>' if num is None else
                    f'<th scope="col"{number if num else ""}><button type="button">{e(name)}</button></th>'
                    for name, num in cols)
    return f"<thead><tr>{cells}</tr></thead>"


def _projects_table(ys: YearScore, links: dict[str, ReportLink]) -> str:
    head = _sortable_head([("项目编码", False), ("项目名称", False), ("全年预算数（万元）", True),
                           ("全年执行数（万元）", True), ("执行率", True), ("得分", True), ("等级", True),
                           ("报告", None)])
    rows = []
    for p in ys.projects:
        link = links.get(p.code)
        name = e(p.name)
        if link is not None and link.html:
            name = f'<a href="{_href(link.html[0])}">{name}</a>'
        rows.append(
            "<tr>"
            f"<td>{e(p.code)}</td><td>{name}</td>"
            f'<td class="num" data-sort="{float(p.budget_full_year_wan)}">{fmt_money(p.budget_full_year_wan)}</td>'
            f'<td class="num" data-sort="{float(p.spent_wan)}">{fmt_money(p.spent_wan)}</td>'
            f'<td class="num" data-sort="{float(p.execution_rate)!r}">{fmt_pct(p.execution_rate)}</td>'
            f'<td class="num" data-sort="{float(p.score)}">{fmt_score(p.score)}</td>'
            # 等级 follows the score (优 > 良 > 中 > 差), so it sorts by the score, not by pinyin
            f'<td data-sort="{float(p.score)}">{e(p.grade)}</td><td>{_links(link)}</td>'
            "</tr>")
    return f'<div class="wrap"><table class="sortable" id="projects">{head}<tbody>{"".join(rows)}</tbody></table></div>'


def _problem_rows(items) -> str:
    rows = []
    for p in items:
        what = f"{p.id} {p.title}" if p.id else ""
        rows.append(f'<tr><td class="lv-{e(p.level)}">{e(p.level)}</td><td>{e(what)}</td>'
                    f"<td>{e(p.project or '')}</td><td>{e(p.place)}</td><td>{e(p.message)}</td></tr>")
    return "".join(rows)


def _problem_table(items) -> str:
    head = "<thead><tr><th>级别</th><th>检查</th><th>项目</th><th>位置</th><th>说明</th></tr></thead>"
    return f'<div class="wrap"><table>{head}<tbody>{_problem_rows(items)}</tbody></table></div>'


def _findings_section(findings, notes: list[Problem]) -> str:
    items = list(findings or ())
    counts = {lv: sum(1 for p in items if p.level == lv) for lv in LEVELS}
    silenced = list(getattr(findings, "silenced_items", ()) or ())
    parts = ['<h2 id="checks">数据检查（勾稽与目标审核）</h2>',
             '<div class="cards">' + "".join(
                 f'<div class="card"><div class="label">{lv}</div><div class="value lv-{lv}">{counts[lv]}</div></div>'
                 for lv in LEVELS) + "</div>"]
    serious = [p for p in items if p.level in (ERROR, WARNING)]
    if serious:
        parts.append(_problem_table(serious))
    else:
        parts.append("<p>未发现错误或警告。</p>")
    hints = [p for p in items if p.level == HINT]
    if hints:
        parts.append(f"<details><summary>提示（{len(hints)} 条）</summary>{_problem_table(hints)}</details>")
    if silenced:
        ids = "、".join(dict.fromkeys(p.id or "" for p in silenced))
        parts.append(f'<p class="muted">参数文件有意静默的检查：{e(ids)}（{len(silenced)} 条，未计入上面的数目）。</p>')
    if notes:
        parts.append(f'<h2 id="notes">读取与计分提示（{len(notes)} 条）</h2>{_problem_table(notes)}')
    return "".join(parts)


def render_index(ys: YearScore, *, department: str, report_date: str, rules_title: str | None,
                 reports: list[ReportLink], findings=(), notes=(), files: dict[str, str] | None = None) -> str:
    """The HTML text of index.html.

    `reports` are the run's reports; `findings` the checks' result (an iterable of Problem,
    e.g. checks.Findings); `notes` other warnings (from reading and scoring); `files` maps a
    label to another output file worth a link (自评表.xlsx, scores.json, manifest.json).
    """
    d = ys.department
    dept = next((r for r in reports if r.kind == "department"), None)
    links = {r.code: r for r in reports if r.kind == "project" and r.code}
    others = [r for r in reports if r.kind not in ("department", "project")]
    title = f"{department} {ys.year} 年度绩效自评"
    rules = f"，规则：{e(rules_title or ys.rules)}" if (rules_title or ys.rules) else ""
    cards = [("部门整体得分", fmt_score(d.score)), ("等级", d.grade),
             ("全年预算数（万元）", fmt_money(d.budget_wan)), ("全年执行数（万元）", fmt_money(d.spent_wan)),
             ("预算执行率", fmt_pct(d.execution_rate))]
    if d.weighted_project_score is not None:
        cards.append(("项目平均得分（按预算加权）", fmt_score(d.weighted_project_score)))
    report_items = [f"<li>部门整体绩效自评报告：{_links(dept)}</li>"]
    report_items += [f"<li>{e(r.title)}：{_links(r)}</li>" for r in others]
    report_items += [f'<li><a href="{_href(path)}">{e(label)}</a></li>' for label, path in (files or {}).items()]
    body = [
        f"<h1>{e(title)}</h1>",
        f'<p class="muted">报告日期：{e(report_date)}{rules}；项目 {len(ys.projects)} 个。</p>',
        '<div class="cards">' + "".join(
            f'<div class="card"><div class="label">{e(k)}</div><div class="value">{e(v)}</div></div>' for k, v in cards)
        + "</div>",
        '<h2 id="reports">报告</h2>',
        f'<ul class="reports">{"".join(report_items)}</ul>',
        '<h2 id="projects-heading">项目绩效自评汇总</h2>',
        '<p class="muted">点击表头可排序。</p>',
        _projects_table(ys, links),
        _findings_section(findings, list(notes)),
    ]
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(body) + f"\n</main>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n")


def write_index(path, ys: YearScore, **kw) -> Path:
    """Write index.html (see render_index for the arguments)."""
    path = Path(path)
    path.write_text(render_index(ys, **kw), encoding="utf-8")
    return path
