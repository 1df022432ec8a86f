"""The pages as a reviewer turns them: no heading alone at a page foot; no figure cut from
its unit at a line end (10.00 / 分).

The sample year is rendered by the real pipeline (fixture `sample_outputs`) and each PDF of
both editions is read page by page with pdfplumber. A heading is any <h1>–<h4> of the
report's own HTML (the outline's chapters 一、基本情况 … 八、其他需要说明的问题 and their
（一）… parts). A page may not end with one: a heading keeps with the block after it
(print.css `break-after: avoid`; WeasyPrint carries a last child's value up through the
notebook's output wrappers). The page-sweep test renders a page of nbconvert's markup in
which a heading is the last thing of one cell's output and its table the next cell's, at
every position down the page, and sees the same with the rule, and an orphan without it.

A figure and its unit are marked once on the whole page (sections.html.keep_figures, called
by outputs.export) with a span that report.css keeps on one line; the test reads every text
of every sample page and finds no figure with a unit outside such an element, and finds the
loose ones on a page exported without the marking.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import nbformat
import pdfplumber

from jxreport.outputs import export, pdf as P
from jxreport.outputs.export import notebook_to_html
from jxreport.sections.html import p as paragraph, section

FOOTER = re.compile(r"第\d+页/共\d+页")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def headings(html: str) -> set[str]:
    root = lxml.html.fromstring(html)
    return {_squash(h.text_content()) for h in root.xpath("//h1|//h2|//h3|//h4")} - {""}


def page_lines(pdf: Path) -> list[list[str]]:
    """Each page's text lines, spaces removed, the page-number footer left out."""
    with pdfplumber.open(pdf) as doc:
        pages = []
        for page in doc.pages:
            lines = [_squash(x) for x in (page.extract_text() or "").splitlines()]
            pages.append([x for x in lines if x and not FOOTER.fullmatch(x)])
    return pages


def orphans(pdf: Path, heads: set[str]) -> list[str]:
    """Pages whose last line is a heading (or the last line of a heading set on two lines)."""
    out = []
    for k, lines in enumerate(page_lines(pdf)[:-1], 1):  # the last page ends the document
        if not lines:
            continue
        last = lines[-1]
        if last in heads or (len(lines) > 1 and lines[-2] + last in heads):
            out.append(f"{pdf.parent.name}/{pdf.name} 第 {k} 页以标题结尾：{last}")
    return out


def _pdfs(year_dir: Path) -> list[Path]:
    found = sorted(year_dir.glob("*/*.pdf"))
    assert len(found) >= 16, found  # 6 projects, the department and the monitoring report, both editions
    return found


def test_no_page_of_the_sample_pdfs_ends_with_a_heading(sample_outputs):
    bad = []
    for pdf in _pdfs(sample_outputs):
        heads = headings(pdf.with_suffix(".html").read_text(encoding="utf-8"))
        assert any(h.startswith("一、") for h in heads) or "绩效运行监控" in pdf.name
        bad += orphans(pdf, heads)
    assert not bad, "\n".join(bad)


# ---------------------------------------------------------------- figures and units in the HTML

_LOOSE = re.compile(r"(?<![A-Za-z0-9_.,-])\d[\d,]*(?:\.\d+)?\s?(?:分|万元|元|%|人次|人)")
_NO_WRAP = {"fig", "kw", "num"}  # .fig (a figure and its unit), .kw (titles), td.num: white-space: nowrap or a block


def _kept(node) -> bool:
    """Whether `node` or an element around it keeps its text on one line."""
    while node is not None:
        if _NO_WRAP & set((node.get("class") or "").split()):
            return True
        node = node.getparent()
    return False


def loose_figures(html: str) -> list[str]:
    """Figures with a unit in the page's text (paragraphs, lists, cells, captions) outside a no-wrap element."""
    root = lxml.html.fromstring(html)
    out = []
    for t in root.xpath("//body//text()[not(ancestor::style or ancestor::script or ancestor::pre)]"):
        owner = t.getparent() if t.is_text else t.getparent().getparent()
        if owner is not None and not _kept(owner):
            out += [m.group(0) for m in _LOOSE.finditer(str(t))]
    return out


def test_figures_with_units_are_kept_whole_in_the_sample_html(sample_outputs):
    seen = 0
    for page in sorted(sample_outputs.glob("*/*.html")):
        html = page.read_text(encoding="utf-8")
        assert not loose_figures(html), (page.name, loose_figures(html)[:10])
        seen += html.count('<span class="fig">')
    assert seen > 500  # the pages do print figures with units


def _notebook(*outputs: str):
    nb = nbformat.v4.new_notebook()
    for html in outputs:
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html})]
        nb.cells.append(cell)
    return nb


def test_a_page_without_the_no_break_is_caught(monkeypatch):
    text = "预算执行率得分 10.00 分，全年执行数 94.98 万元，执行率 99.67%。"
    nb = _notebook(section("一、基本情况", paragraph(text)))
    assert not loose_figures(notebook_to_html(nb, title="版式"))
    monkeypatch.setattr(export, "keep_figures", lambda html: html)
    assert loose_figures(notebook_to_html(nb, title="版式")) == ["10.00 分", "94.98 万元", "99.67%"]


# ---------------------------------------------------------------- a heading across output wrappers

def _page(spacer_mm: int) -> str:
    """A report page in nbconvert's markup: one cell's output ends with a heading, the next
    cell's output is the heading's table; a spacer moves the heading down the first page."""
    filler = "".join(f"<p>第 {k} 段：填充文字。</p>" for k in range(18)) + f'<div style="height:{spacer_mm}mm"></div>'
    rows = "".join(f"<tr><td>第 {k} 行</td><td>内容</td></tr>" for k in range(4))
    nb = _notebook(f'<section class="jx"><h2>一、基本情况</h2>{filler}<h3>（二）孤立标题</h3></section>',
                   f'<section class="jx"><table><thead><tr><th>甲</th><th>乙</th></tr></thead><tbody>{rows}</tbody></table></section>')
    return notebook_to_html(nb, title="版式")


def _orphans_down_the_page(tmp_path) -> int:
    n = 0
    for mm in range(0, 126, 6):  # the heading passes the page foot somewhere in this range
        pdf = P.html_to_pdf(_page(mm), tmp_path / f"p{mm}.pdf", header="版式")
        n += len(orphans(pdf, {"一、基本情况", "（二）孤立标题"}))
    return n


def test_a_heading_keeps_with_the_next_cells_output(tmp_path):
    assert _orphans_down_the_page(tmp_path) == 0


def test_without_the_keep_rule_the_sweep_finds_an_orphan(tmp_path, monkeypatch):
    """The broken copy: headings allowed to end a page (the user-agent's avoid overridden too)."""
    built = P.print_css
    monkeypatch.setattr(P, "print_css", lambda header: built(header) + "\nh1, h2, h3, h4 { break-after: auto !important; }\n")
    assert _orphans_down_the_page(tmp_path) >= 1
