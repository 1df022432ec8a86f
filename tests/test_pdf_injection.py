"""Rendering fetches nothing: hostile text in names cannot leave its CSS string or pull files into a PDF.

The payloads are what a hostile (or careless) workbook can hold. The PDFs must embed no file,
and the renderer's fetcher must never be asked for anything but data: URIs, the bundled font
and the package's templates.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import year_builder
from pypdf import PdfReader

from jxreport.core import schema as S
from jxreport.outputs import pdf

ROOT = Path(__file__).resolve().parents[1]
PAYLOADS = (
    '界</style><link rel=attachment href=file:///etc/passwd><h1>INJECTED</h1>',
    'url(file:///etc/passwd)',
    '@import "file:///etc/passwd";',
    '引号" \' 反斜杠\\ 换行\n} @page { @top-left { content: url(file:///etc/passwd) } }',
)


def attachments(path: Path) -> list[str]:
    """Names of embedded files and file-attachment annotations in a PDF."""
    reader = PdfReader(str(path))
    found = list(reader.attachments)
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            if annot.get_object().get("/Subtype") == "/FileAttachment":
                found.append(str(annot.get_object().get("/Contents")))
    raw = path.read_bytes()
    if b"/EmbeddedFile" in raw or b"/FileAttachment" in raw:
        found.append("raw")
    return found


@pytest.fixture
def spy(monkeypatch):
    """Every fetcher html_to_pdf makes, to read what it was asked for."""
    made = []
    real = pdf.url_fetcher

    def recording():
        f = real()
        made.append(f)
        return f

    monkeypatch.setattr(pdf, "url_fetcher", recording)
    return made


def asked(fetchers) -> list[str]:
    return [u for f in fetchers for u in f.asked]


def page(body: str, head: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>t</title>{head}</head>"
            f"<body><main>{body}<p>正文</p></main></body></html>")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_running_header_stays_text(tmp_path, spy, payload):
    out = pdf.html_to_pdf(page("<h1>报告</h1>"), tmp_path / "r.pdf", header=pdf.running_header(payload, 2022, payload))
    assert attachments(out) == []
    text = PdfReader(str(out)).pages[0].extract_text()
    squeeze = lambda x: re.sub(r"\s+", "", x)  # noqa: E731
    assert squeeze(payload) in squeeze(text)  # the whole payload shown as the header's text
    assert text.count("INJECTED") == 2 * payload.count("INJECTED") and "正文" in text  # nothing else
    assert all(pdf.is_allowed(u) for u in asked(spy)), asked(spy)
    assert not any("passwd" in u for u in asked(spy))


def test_css_string_escapes_everything_that_could_end_it():
    s = pdf._css_string('</style>"\'\\\n@import url(x);{}')
    inner = s[1:-1]
    assert s.startswith('"') and s.endswith('"')
    for bad in ("<", ">", "/", '"', "'", "\n", "(", ")", ";", "@", "{", "}"):
        assert bad not in inner, bad
    assert re.fullmatch(r'(\\[0-9a-f]{6}|[A-Za-z ]|style|import|url|x)*', inner)
    assert pdf._css_string("高新区街道办事处 2022 年度 · 项目（一）") == '"高新区街道办事处 2022 年度 · 项目（一）"'


def test_the_fetcher_refuses_local_files_and_the_web(tmp_path, spy):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0", encoding="utf-8")
    html = page(f"<link rel=attachment href='{secret.as_uri()}'><link rel=attachment href=file:///etc/passwd>"
                "<img src='file:///etc/passwd'><img src='http://127.0.0.1:9/x.png'><img src='secret.txt'>"
                "<a rel=attachment href='https://example.invalid/x'>x</a>",
                head="<style>@import 'file:///etc/passwd'; body { background: url(file:///etc/passwd) }</style>"
                     "<link rel=stylesheet href='secret.txt'>")
    out = pdf.html_to_pdf(html, tmp_path / "r.pdf", header="页眉", base_url=tmp_path)
    assert attachments(out) == []
    (f,) = spy
    assert f.refused and set(f.refused) == {u for u in f.asked if not pdf.is_allowed(u)}
    assert any("passwd" in u for u in f.refused) and any(u.endswith("secret.txt") for u in f.refused)
    assert "root:x" not in "".join(p.extract_text() for p in PdfReader(str(out)).pages)


def test_only_the_font_templates_and_data_are_allowed(tmp_path):
    from jxreport.core.fonts import font_path

    assert pdf.is_allowed(font_path().as_uri())
    assert pdf.is_allowed((pdf.TEMPLATES / "report.css").as_uri())
    assert pdf.is_allowed("data:image/png;base64,AAAA")
    for url in ("file:///etc/passwd", (pdf.TEMPLATES / ".." / ".." / "pyproject.toml").as_uri(),
                "file://host/etc/passwd", "http://127.0.0.1/", "https://example.com/a.css", "ftp://x/y",
                (tmp_path / "x.otf").as_uri(), "FILE:///etc/passwd"):
        assert not pdf.is_allowed(url), url


def hostile_year(folder: Path) -> Path:
    """The small year with a payload in every text field that reaches a report."""
    t = year_builder.tables()
    hostile = "项目" + PAYLOADS[0] + PAYLOADS[1] + PAYLOADS[2]
    for row in t[S.UNIT.name]:
        if row["项目"] != "年度":  # 单位名称, 主管部门, the department's goals …
            row["内容"] = str(row["内容"]) + PAYLOADS[0]
    for row in t[S.PROJECTS.name]:
        row["项目名称"] = hostile
        row["主要用途"] = "用途" + PAYLOADS[2]
        row["绩效目标"] = "目标1 " + PAYLOADS[0] + PAYLOADS[1]
    for row in t[S.INDICATORS.name]:
        row["三级指标"] += PAYLOADS[1]
    for row in t[S.RESULTS.name]:
        row["三级指标"] += PAYLOADS[1]
    for row in t[S.PAYMENTS.name]:
        row["摘要"] = PAYLOADS[0]
    return year_builder.write(folder, t)


@pytest.mark.skipif(not (ROOT / "notebooks" / "project_report.ipynb").is_file(), reason="no report notebooks")
def test_real_reports_of_a_hostile_year_embed_and_fetch_nothing(tmp_path, spy):
    from jxreport.pipeline.run import run_reports

    hostile_year(tmp_path / "data" / "2022")
    params = tmp_path / "params" / "2022.yaml"
    params.parent.mkdir()
    dept = "街道" + PAYLOADS[0] + PAYLOADS[2]
    params.write_text(f"department: {json.dumps(dept, ensure_ascii=False)}\ndata: data/2022\nrules: mof-2020\n"
                      "report_date: 2023-03-31\nformats: [html, pdf]\n", encoding="utf-8")
    summary = run_reports(params, workers=1, progress=False)
    pdfs = sorted(summary.output_dir.glob("*/*.pdf"))
    assert len(pdfs) == 4  # the department report and the one project, 报送稿 and 审核底稿 each
    for p in pdfs:
        assert attachments(p) == [], p
        text = "".join(pg.extract_text() for pg in PdfReader(str(p)).pages)
        assert "root:x" not in text
    for h in summary.output_dir.glob("*/*.html"):
        html = h.read_text(encoding="utf-8")
        assert "<link rel=attachment" not in html and "<h1>INJECTED" not in html, h
    urls = asked(spy)
    assert len(spy) == 4 and all(pdf.is_allowed(u) for u in urls), [u for u in urls if not pdf.is_allowed(u)]
