"""Executed notebook → one self-contained report page: no code, no noise, nothing from the network."""

from __future__ import annotations

import base64
import re

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from jxreport.outputs.export import clean_notebook, notebook_to_html

# A 1×1 PNG: enough to see that images are embedded, not linked.
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c"
    "6360f8cfc0f01f0005000201e5270de20000000049454e44ae426082")).decode()

EXTERNAL = re.compile(r"<(?:script|link|img)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)


def executed_notebook():
    """What papermill leaves behind after a report notebook with every kind of output ran."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = new_code_cell("project_code = 'X'", execution_count=1)
    params.metadata["tags"] = ["parameters"]
    noisy = new_code_cell("import secret_code_marker\nwarnings.warn('x')", execution_count=2, outputs=[
        new_output("stream", name="stdout", text="全年预算数 208.00 万元，预算执行率 98.26%。\n"),
        new_output("stream", name="stderr", text="/x.py:3: UserWarning: Warning text\n  warnings.warn('x')\n"),
        new_output("execute_result", data={"text/plain": "<Figure size 640x480 with 1 Axes>"}, execution_count=2),
    ])
    figure = new_code_cell("plt.show()", execution_count=3, outputs=[
        new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure size 640x480 with 1 Axes>"}),
        new_output("display_data", data={"text/plain": "<matplotlib.lines.Line2D object at 0x7f3a2c1b0d90>"}),
        new_output("execute_result", data={"text/plain": "[<matplotlib.lines.Line2D at 0x7f3a2c1b0d90>]"},
                   execution_count=3),
    ])
    table = new_code_cell("display(HTML(t))", execution_count=4, outputs=[
        new_output("display_data", data={
            "text/html": "<table><thead><tr><th>项目</th><th>得分</th></tr></thead>"
                         "<tbody><tr><td>社区&lt;网格&gt;管理</td><td class='num'>95.50</td></tr></tbody></table>",
            "text/plain": "<IPython.core.display.HTML object>"}),
    ])
    boom = new_code_cell("1/0", execution_count=5, outputs=[
        new_output("error", ename="ZeroDivisionError", evalue="division by zero",
                   traceback=["Traceback (most recent call last)", "ZeroDivisionError: division by zero"]),
    ])
    widget = new_code_cell("w", execution_count=6, outputs=[
        new_output("display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "abc"},
                                         "text/plain": "IntSlider(value=0)"}),
    ])
    hidden = new_code_cell("print('working cell')", execution_count=7, outputs=[
        new_output("stream", name="stdout", text="working cell output\n")])
    hidden.metadata["tags"] = ["remove-cell"]
    nb.cells = [params, new_markdown_cell("# 部门整体绩效自评报告\n\n一、基本情况"), noisy, figure, table, boom,
                widget, hidden]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


def test_report_page_has_the_content_and_nothing_else():
    html = notebook_to_html(executed_notebook(), title="高新区街道办事处 2022 年度<部门>报告", date="2023-03-31")
    # the content
    assert "部门整体绩效自评报告" in html and "一、基本情况" in html
    assert "全年预算数 208.00 万元，预算执行率 98.26%。" in html
    assert "社区&lt;网格&gt;管理" in html and "95.50" in html
    assert f"data:image/png;base64,{PNG}" in html
    # a page of its own: title escaped, phone viewport, the lean stylesheet inlined
    assert "<title>高新区街道办事处 2022 年度&lt;部门&gt;报告</title>" in html
    assert 'name="viewport"' in html
    assert "max-width: 54rem" in html and "overflow-x: auto" in html
    # no code, prompts, warnings, tracebacks or reprs
    for bad in ("secret_code_marker", "In&nbsp;[", "Out[", "Warning", "Traceback", "ZeroDivisionError",
                "<Figure", "&lt;Figure", "object at 0x", "Line2D", "IntSlider", "working cell"):
        assert bad not in html, bad
    # nothing from the network, and no scripts at all
    assert "<script" not in html
    assert not EXTERNAL.search(html)
    assert "require.js" not in html and "mathjax" not in html.lower()


def test_clean_notebook_keeps_stdout_and_leaves_the_original_alone():
    nb = executed_notebook()
    before = nbformat.writes(nb)
    clean = clean_notebook(nb)
    assert nbformat.writes(nb) == before
    kinds = [(o.output_type, o.get("name")) for c in clean.cells if c.cell_type == "code" for o in c.outputs]
    assert ("stream", "stdout") in kinds
    assert ("stream", "stderr") not in kinds and ("error", None) not in kinds
    assert "widgets" not in clean.metadata
    # gone: the remove-cell one, and code cells with nothing left to show (parameters, the error, the widget)
    assert [c.cell_type for c in clean.cells] == ["markdown", "code", "code", "code"]


def test_remove_output_tag_keeps_the_cell_but_not_its_output():
    nb = new_notebook()
    cell = new_code_cell("x", outputs=[new_output("stream", name="stdout", text="中间结果\n")])
    cell.metadata["tags"] = ["remove-output"]
    nb.cells = [cell, new_markdown_cell("正文")]
    html = notebook_to_html(nb, title="t")
    assert "中间结果" not in html and "正文" in html


def test_text_plain_display_that_is_not_a_repr_is_kept():
    nb = new_notebook()
    nb.cells = [new_code_cell("display(s)", outputs=[new_output("display_data", data={"text/plain": "说明文字"})])]
    assert "说明文字" in notebook_to_html(nb, title="t")
