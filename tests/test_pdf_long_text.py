"""Long cell text is printed whole, in pieces WeasyPrint measures one by one (issue 12, point 6).

WeasyPrint's min-content width of a table cell re-lays the rest of a text node at every break
opportunity: quadratic in the node's length. break_long_runs keeps every text node short.
Timings: benchmarks/bench_long_text.py.
"""

from __future__ import annotations

import re

from pypdf import PdfReader

from jxreport.outputs.pdf import RUN_CHUNK, break_long_runs, html_to_pdf

LONG = ("按时足额完成社区服务项目资金拨付，" * 200)[:3000]


def text_nodes(html: str) -> list[str]:
    html = re.sub(r"<(style|script|svg)\b.*?</\1>", "", html, flags=re.S)
    return [t for t in re.split(r"<[^>]*>", html) if t]


def test_every_text_node_is_short_and_nothing_else_changes():
    style = "<style>" + "td { color: red; } " * 20 + "</style>"
    svg = "<svg><text>" + "图" * 300 + "</text></svg>"
    html = f"<body>{style}{svg}<table><tr><td title=\"{'t' * 200}\">{LONG}&amp;{'x' * 100}&#x4e00;</td></tr></table></body>"
    out = break_long_runs(html)
    assert max(len(t) for t in text_nodes(out)) <= RUN_CHUNK * len("&#x4e00;")
    assert style in out and svg in out and f"title=\"{'t' * 200}\"" in out  # left alone
    assert out.replace("<wbr>", "") == html  # only break opportunities were added
    assert "&a<wbr>" not in out and "&#x4<wbr>" not in out  # entities whole
    assert break_long_runs("<p>短文本</p>") == "<p>短文本</p>"


def test_a_long_cell_is_printed_whole(tmp_path):
    html = f"<html><head></head><body><table><tr><td>指标</td><td>{LONG}</td></tr></table></body></html>"
    html_to_pdf(html, tmp_path / "x.pdf", header="测试")
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "x.pdf").pages)
    assert re.sub(r"\s|\u200b", "", text).count("按时足额完成社区服务项目资金拨付") == LONG.count("按时足额完成社区服务项目资金拨付")
