"""A report page (HTML) → an A4 PDF with WeasyPrint, in Noto Sans CJK SC embedded from PyPI.

The print stylesheet adds what paper needs: A4 margins, a running header with the
department and year, 第 N 页 / 共 M 页 at the foot, table rows and figures that never break
across pages, and table headers repeated on every page. The font comes from the mplfonts
wheel (fonts.py), so no system font package is needed; WeasyPrint embeds a subset of it.

WeasyPrint needs Pango (a system library). Without libharfbuzz-subset it still works but
subsets the 16 MB CJK font with fontTools, which takes seconds per PDF instead of a fraction.
"""

from __future__ import annotations

import ctypes.util
import mimetypes
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from jxreport.core.exceptions import MissingDependencyError
from jxreport.core.fonts import FAMILY, font_face_css, font_path
from jxreport.core.paths import TEMPLATES
from jxreport.sections.html import stylesheet

DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0"
HARFBUZZ_WARNING = ("注意：系统缺少 libharfbuzz-subset（Debian/Ubuntu 软件包 libharfbuzz-subset0），"
                    "WeasyPrint 改用 fontTools 截取中文字体子集，每份 PDF 要慢好几秒。"
                    "安装方法：sudo apt-get install libharfbuzz-subset0")


def harfbuzz_subset_available() -> bool:
    """Whether the system has libharfbuzz-subset, which WeasyPrint uses for fast font subsetting."""
    return ctypes.util.find_library("harfbuzz-subset") is not None


@lru_cache(maxsize=1)
def _weasyprint():
    """Import WeasyPrint, turning a missing Pango into a message that says what to install."""
    try:
        import weasyprint
    except OSError as exc:
        raise MissingDependencyError(
            f"无法生成 PDF：WeasyPrint 找不到 Pango 等系统库（{exc}）。"
            f"Debian/Ubuntu 上请安装：sudo apt-get install {DEBIAN_PACKAGES}；"
            "或以 --formats html 只生成网页。") from None
    except ImportError:
        raise MissingDependencyError("无法生成 PDF：缺少 weasyprint，请运行 pip install weasyprint。") from None
    return weasyprint


@lru_cache(maxsize=1)
def font_config():
    """The process's one FontConfiguration: it caches the loaded fonts between PDFs."""
    from weasyprint.text.fonts import FontConfiguration

    _weasyprint()
    return FontConfiguration()


def _css_string(text: str) -> str:
    """`text` as a CSS string literal that nothing in it can end: not the string, nor the <style>.

    Letters, digits (CJK included) and a few harmless marks stay as they are; every other
    character (quotes, backslash, < > / for `</style>`, ( ) ; @ { } for url() and @import,
    line breaks and control characters) becomes a six-digit CSS escape, which needs no
    terminating space. Control characters become a space.
    """
    out = []
    for ch in str(text):
        if ch.isalnum() or ch in _CSS_PLAIN:
            out.append(ch)
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:
            out.append(" ")
        else:
            out.append(f"\\{ord(ch):06x}")
    return '"' + "".join(out) + '"'


_CSS_PLAIN = frozenset(" ·-_.,，。、（）《》：；“”‘’【】—…%+")


def running_header(department: str, year: int, title: str | None = None) -> str:
    """The line at the top of every page: 高新区街道办事处 2022 年度 · 部门整体绩效自评报告."""
    head = f"{department} {year} 年度"
    return f"{head} · {title}" if title else head


def print_css(header: str) -> str:
    """The print stylesheet: A4, running header, page numbers, CJK font, unbroken rows."""
    return font_face_css() + f"""
@page {{
  size: A4;
  margin: 22mm 18mm 20mm 18mm;
  @top-center {{ content: {_css_string(header)}; font-family: "{FAMILY}"; font-size: 9pt; color: #57606a; }}
  @bottom-center {{ content: "第 " counter(page) " 页 / 共 " counter(pages) " 页";
                    font-family: "{FAMILY}"; font-size: 9pt; color: #57606a; }}
}}
html, body, body * {{ font-family: "{FAMILY}", sans-serif !important; }}
""" + stylesheet("print.css")


def allowed_file(url: str) -> Path | None:
    """The local file a file: URL names when rendering may read it (the bundled font, the
    package's templates), else None."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    try:
        path = Path(url2pathname(unquote(parts.path))).resolve()
    except (OSError, ValueError):
        return None
    try:
        font = font_path().resolve()
    except MissingDependencyError:  # no font package: nothing of it to serve
        font = None
    if path == font or (path.is_relative_to(TEMPLATES.resolve()) and path.is_file()):
        return path
    return None


def is_allowed(url: str) -> bool:
    """Whether the PDF renderer may fetch `url`: data: URIs and the run's own files only."""
    return url[:5].lower() == "data:" or allowed_file(url) is not None


@lru_cache(maxsize=1)
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        """Serves data: URIs, the bundled font and the templates; refuses the rest (file:, http …)."""

        def __init__(self):
            super().__init__(allowed_protocols=("data", "file"))
            self.asked: list[str] = []  # every URL asked for, to show what a document wanted
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            self.asked.append(url)
            if url[:5].lower() == "data:":
                return super().fetch(url, headers)
            path = allowed_file(url)
            if path is None:
                self.refused.append(url)
                raise ValueError(f"报告不读取外部资源：{url[:200]}")
            return URLFetcherResponse(url, body=path.read_bytes(),
                                      headers={"Content-Type": mimetypes.guess_type(path.name)[0]
                                               or "application/octet-stream"})

    return LocalOnlyFetcher


def url_fetcher():
    """A fresh fetcher for one document; `asked` lists what it was asked for, `refused` what it refused."""
    return _fetcher_class()()


# A run of text longer than this gets a <wbr> every RUN_CHUNK characters (see break_long_runs).
RUN_CHUNK = 64
_SKIP_OR_TAG = re.compile(r"<(style|script|svg|textarea|title)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>",
                          re.DOTALL | re.IGNORECASE)
_CHAR_OR_ENTITY = re.compile(r"&#?\w+;|.", re.DOTALL)


def break_long_runs(html: str, every: int = RUN_CHUNK) -> str:
    """`html` with a <wbr> every `every` characters inside text runs longer than that.

    WeasyPrint measures a table cell's min-content width by splitting its text at every break
    opportunity, laying out the whole rest of the text node each time: quadratic in the node's
    length (a 4,000-character CJK cell took 20 s). A <wbr> ends the text node, so each piece is
    measured on its own and the cost is linear. It adds a break opportunity only, nothing visible;
    style, script, svg and tags are left alone, and entities are never cut.
    """
    out, pos = [], 0
    for m in _SKIP_OR_TAG.finditer(html):
        out.append(_chunk_text(html[pos:m.start()], every))
        out.append(m.group(0))
        pos = m.end()
    out.append(_chunk_text(html[pos:], every))
    return "".join(out)


def _chunk_text(text: str, every: int) -> str:
    if len(text) <= every:
        return text
    units = _CHAR_OR_ENTITY.findall(text)
    return "<wbr>".join("".join(units[i:i + every]) for i in range(0, len(units), every))


def html_to_pdf(html: str, pdf_path, *, header: str, base_url=None) -> Path:
    """Render report HTML to an A4 PDF at `pdf_path`.

    The print stylesheet goes into the document's own <head> (after the page's stylesheet)
    so that it wins the cascade; the saved HTML file is not changed. Nothing outside the
    run's own resources is fetched (url_fetcher): a report's text can never pull a local
    file or a web page into the PDF.
    """
    weasyprint = _weasyprint()
    style = f"<style>\n{print_css(header)}</style>\n"
    at = html.find("</head>")
    doc = html[:at] + style + break_long_runs(html[at:]) if at >= 0 else style + break_long_runs(html)
    pdf_path = Path(pdf_path)
    weasyprint.HTML(string=doc, base_url=str(base_url) if base_url else None,
                    url_fetcher=url_fetcher()).write_pdf(str(pdf_path), font_config=font_config())
    return pdf_path
