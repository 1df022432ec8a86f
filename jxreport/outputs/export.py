"""An executed notebook → one self-contained HTML page that reads like a report.

No code, no prompts, nothing from the network (no require.js, MathJax or widget scripts:
see templates/report.html.j2), images embedded as data URIs, and no warnings, tracebacks or
Python object reprs: those outputs are dropped before the page is rendered.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path

from jxreport.core.paths import TEMPLATES, template
from jxreport.sections.html import keep_figures

TEMPLATE = "report.html.j2"

# An output whose only text is a Python repr: `<Figure size 640x480 with 1 Axes>`,
# `<matplotlib.lines.Line2D at 0x7f…>`, `[<Axes: …>]`, `<IPython.core.display.HTML object>`.
_REPR = re.compile(r"^\s*\[?\s*<[^<>]*(?:\bat 0x[0-9a-fA-F]+|Figure size|\bobject\b|Axes\b)[^<>]*>"
                   r"(?:\s*,\s*<[^<>]*>)*\s*\]?\s*$", re.S)
_WIDGET = "application/vnd.jupyter.widget-view+json"
# Jupyter Book's cell tags, honoured so that a notebook can keep a working cell out of a report.
REMOVE_CELL = ("remove-cell", "remove_cell")
REMOVE_OUTPUT = ("remove-output", "remove_output")


def clean_notebook(nb):
    """A copy of `nb` keeping only what a reader should see.

    Dropped: stderr streams (warnings, log lines), error outputs (tracebacks), widget views,
    a cell's echoed last value when it is text only (a repr), other text-only outputs that
    are a Python repr (`<Figure size …>`, `<… object at 0x…>`), cells tagged remove-cell,
    outputs of cells tagged remove-output, code cells left with no output (so the page does
    not change with papermill's random cell ids), and the notebook's widget state (it would
    pull widget scripts).
    """
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    cells = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & set(REMOVE_CELL):
            continue
        if cell.cell_type == "code":
            if tags & set(REMOVE_OUTPUT):
                cell.outputs = []
            else:
                cell.outputs = [o for o in cell.outputs if _keep(o)]
            if not cell.outputs:
                continue  # shows nothing; papermill's injected cell has a fresh random id every run
        cells.append(cell)
    nb.cells = cells
    return nb


def _keep(output) -> bool:
    kind = output.get("output_type")
    if kind == "error":
        return False
    if kind == "stream":
        return output.get("name") == "stdout" and "Traceback" not in output.get("text", "")
    data = output.get("data", {})
    if _WIDGET in data:
        data.pop(_WIDGET)
        data.pop("text/plain", None)  # the widget's own repr
    shown = [m for m in data if m != "text/plain"]
    if not shown and kind == "execute_result":
        return False  # a cell's last value echoed as its repr (`12`, `'text'`, `<… at 0x…>`)
    if not shown:
        text = data.get("text/plain", "")
        text = "".join(text) if isinstance(text, list) else text
        return bool(text.strip()) and not _REPR.match(text)
    return True


@lru_cache(maxsize=1)
def _exporter():
    """One configured HTMLExporter per process (building one compiles the templates)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", template_file=TEMPLATE, extra_template_paths=[str(TEMPLATES)],
                        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                        embed_images=True)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """templates/report.css as is: its comments are part of the page."""
    return template("report.css")


def notebook_to_html(nb, *, title: str, date: str | None = None) -> str:
    """HTML text of a report page from an executed notebook (a node or a path).

    `title` becomes the page's <title>; `date` (ISO), when given, its dcterms.created, which
    WeasyPrint also writes into the PDF's metadata instead of the current time.
    """
    import nbformat

    if isinstance(nb, (str, Path)):
        nb = nbformat.read(str(nb), as_version=4)
    nb = clean_notebook(nb)
    resources = {"metadata": {"name": title}, "jxreport_css": stylesheet(), "jxreport_date": date}
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return keep_figures(body)  # a figure never parted from its unit at a line end
