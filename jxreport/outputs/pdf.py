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
from functools import lru_cache
from pathlib import Path

from jxreport.core.exceptions import MissingDependencyError
from jxreport.core.fonts import FAMILY, font_face_css

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
    """`text` as a CSS string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


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
body {{ font-size: 10.5pt; line-height: 1.6; }}
main {{ max-width: none; margin: 0; padding: 0; }}
tr, img, svg, figure {{ break-inside: avoid; page-break-inside: avoid; }}
thead {{ display: table-header-group; }}
h1, h2, h3, h4 {{ break-after: avoid; page-break-after: avoid; }}
.jp-OutputArea-output, .jp-MarkdownOutput, .table-wrap {{ overflow: visible; }}
table {{ max-width: 100%; font-size: 9pt; }}
a {{ color: inherit; text-decoration: none; }}
"""


def html_to_pdf(html: str, pdf_path, *, header: str, base_url=None) -> Path:
    """Render report HTML to an A4 PDF at `pdf_path`.

    The print stylesheet goes into the document's own <head> (after the page's stylesheet)
    so that it wins the cascade; the saved HTML file is not changed.
    """
    weasyprint = _weasyprint()
    style = f"<style>\n{print_css(header)}</style>\n"
    at = html.find("</head>")
    doc = html[:at] + style + html[at:] if at >= 0 else style + html
    pdf_path = Path(pdf_path)
    weasyprint.HTML(string=doc, base_url=str(base_url) if base_url else None).write_pdf(
        str(pdf_path), font_config=font_config())
    return pdf_path
