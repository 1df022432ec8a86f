"""HTML → A4 PDF: the CJK font embedded, running header, page numbers, table headers on every page."""

from __future__ import annotations

import builtins
import ctypes.util

import pytest
from pypdf import PdfReader

from jxreport.outputs import pdf
from jxreport.core.exceptions import MissingDependencyError

A4 = (595.28, 841.89)  # points


def embedded_fonts(reader: PdfReader) -> set[str]:
    """BaseFont of every font whose program is embedded in the PDF (FontFile, FontFile2 or FontFile3)."""
    names = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            for f in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
                desc = f.get("/FontDescriptor")
                if desc is not None and any(k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(f["/BaseFont"]))
    return names


def is_noto_cjk(name: str) -> bool:
    """WeasyPrint writes the family as e.g. ABCDEF+Noto-Sans-CJK-SC."""
    return "NotoSansCJK" in name.replace("-", "").replace(" ", "")


def page_html(rows: int) -> str:
    body = "".join(f"<tr><td>JX-{i:02d}</td><td>社区网格化管理第{i}项</td><td class='num'>{i}.00</td></tr>"
                   for i in range(rows))
    return ("<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
            "<meta name='dcterms.created' content='2023-03-31'><title>测试报告</title></head><body><main>"
            "<h1>部门整体绩效自评报告</h1><p>全年预算数 208.00 万元，全年执行数 204.37 万元，预算执行率 98.26%。</p>"
            f"<table><thead><tr><th>项目编码</th><th>表头项目名称</th><th>得分</th></tr></thead><tbody>{body}</tbody>"
            "</table></main></body></html>")


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    pdf.html_to_pdf(page_html(120), path, header=pdf.running_header("高新区街道办事处", 2022, "部门整体绩效自评报告"))
    return PdfReader(str(path))


def test_pages_are_a4_with_header_and_page_numbers(long_pdf):
    n = len(long_pdf.pages)
    assert n >= 2  # 120 rows do not fit on one page
    for i, page in enumerate(long_pdf.pages, 1):
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == A4
        text = page.extract_text()
        assert "高新区街道办事处 2022 年度 · 部门整体绩效自评报告" in text
        assert f"第 {i} 页 / 共 {n} 页" in text


def test_table_header_repeats_on_every_page(long_pdf):
    for page in long_pdf.pages:
        assert "表头项目名称" in page.extract_text()


def test_cjk_font_is_embedded_and_text_extractable(long_pdf):
    fonts = embedded_fonts(long_pdf)
    assert fonts and all(is_noto_cjk(f) for f in fonts), fonts
    text = long_pdf.pages[0].extract_text()
    assert "全年预算数 208.00 万元，全年执行数 204.37 万元，预算执行率 98.26%。" in text


def test_pdf_date_is_the_report_date_not_today(long_pdf):
    assert str(long_pdf.metadata["/CreationDate"]).startswith("D:20230331")
    assert long_pdf.metadata["/Title"] == "测试报告"


def test_header_text_is_quoted_for_css():
    css = pdf.print_css('单位"名" \\ 2022')
    assert 'content: "单位\\000022名\\000022 \\00005c 2022"' in css  # " and \\ as six-digit escapes
    assert "size: A4" in css and 'counter(page) " 页 / 共 " counter(pages)' in css
    assert "break-inside: avoid" in css and "table-header-group" in css


def test_harfbuzz_subset_detection_follows_the_system(monkeypatch):
    assert pdf.harfbuzz_subset_available() == (ctypes.util.find_library("harfbuzz-subset") is not None)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    assert pdf.harfbuzz_subset_available() is False
    assert "libharfbuzz-subset0" in pdf.HARFBUZZ_WARNING


def test_missing_pango_names_the_debian_packages(monkeypatch):
    real_import = builtins.__import__

    def no_pango(name, *args, **kw):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kw)

    pdf._weasyprint.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_pango)
    try:
        with pytest.raises(MissingDependencyError) as info:
            pdf.html_to_pdf("<p>x</p>", "/nonexistent/x.pdf", header="h")
    finally:
        monkeypatch.undo()
        pdf._weasyprint.cache_clear()
    msg = str(info.value)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "libharfbuzz-subset0"):
        assert package in msg
    assert info.value.exit_code == 3
