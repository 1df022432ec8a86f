"""The stylesheets are package files (templates/*.css), embedded whole in every page."""

from __future__ import annotations

from importlib.resources import files

import pytest

from jxreport.outputs import index_page, pdf
from jxreport.sections import annual, monitoring
from jxreport.sections.html import stylesheet

SHEETS = ["sections-annual.css", "sections-monitoring.css", "index.css", "print.css"]


@pytest.mark.parametrize("name", SHEETS)
def test_sheets_are_package_data_and_embed_without_imports_or_comments(name):
    assert (files("jxreport") / "templates" / name).is_file()
    css = stylesheet(name)
    assert "@import" not in css and "/*" not in css  # a self-contained page makes no request
    assert css.count("{") == css.count("}")


def test_shared_rules_are_written_once_and_reach_both_reports():
    table_rule = ".jx table{border-collapse:collapse;"
    for name in ("sections-annual.css", "sections-monitoring.css"):
        raw = (files("jxreport") / "templates" / name).read_text(encoding="utf-8")
        assert table_rule not in raw and '@import "sections-tables.css";' in raw
    assert table_rule in annual.STYLE and table_rule in monitoring.STYLE
    assert ".jx figcaption{" in annual.STYLE and ".jx figcaption{" in monitoring.STYLE
    assert ".jx .dot{" in monitoring.STYLE and ".jx .dot{" not in annual.STYLE
    assert annual.STYLE.startswith("<style>\n.jx table{") and annual.STYLE.endswith("}\n</style>")


def test_pages_embed_their_sheets():
    assert index_page._CSS == stylesheet("index.css")
    css = pdf.print_css("某单位 2022 年度")
    assert css.index("@page") < css.index("thead { display: table-header-group; }")
    assert css.endswith(stylesheet("print.css"))
