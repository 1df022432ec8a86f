"""The HTML building blocks every report section is made of (cells, rows, paragraphs, dates).

One place for them so that the project, department and monitoring reports escape text and
write cells the same way. Each takes text that is already HTML where it says so; `e` escapes
workbook text, so nothing read from a workbook reaches a page unescaped.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from functools import lru_cache

from jxreport.core.paths import template

_IMPORT = re.compile(r'^@import "([\w.-]+\.css)";$')


def e(x) -> str:
    """Escape workbook text (None → empty)."""
    return "" if x is None else html.escape(str(x))


def multiline(text) -> str:
    """Workbook text with its line breaks kept."""
    return "<br>".join(e(line.strip()) for line in str(text or "").splitlines() if line.strip())


def td(content: str = "", *, num=False, cls: str = "", colspan=1, rowspan=1, th=False) -> str:
    """A cell; `content` must already be HTML (escape before)."""
    tag = "th" if th else "td"
    classes = " ".join(c for c in ("num" if num else "", cls) if c)
    attrs = f' class="{classes}"' if classes else ""
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    return f"<{tag}{attrs}>{content}</{tag}>"


def tr(cells: list[str], cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f"<tr{c}>{''.join(cells)}</tr>"


def section(title: str, body: str, level: int = 2, cls: str = "") -> str:
    c = f"jx {cls}" if cls else "jx"
    return f'<section class="{c}"><h{level}>{e(title)}</h{level}>{body}</section>'


def p(text: str, cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f"<p{c}>{e(text)}</p>"


def items(entries: list[str], ordered=True) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{e(i)}</li>" for i in entries) + f"</{tag}>"


def title_block(style: str, h1: str, meta: list[str]) -> str:
    """A report's title: its stylesheet, the <h1> and one line of facts (unit, dates, rules)."""
    return (f'{style}<section class="jx"><h1>{e(h1)}</h1>'
            f'<p class="meta">{"　".join(e(m) for m in meta)}</p></section>')


def date(d) -> str:
    """2023-03-31 → 2023年3月31日; text that is not an ISO date is returned as it is."""
    if d is None:
        return ""
    if isinstance(d, str):
        try:
            d = dt.date.fromisoformat(d.strip())
        except ValueError:
            return d
    return f"{d.year}年{d.month}月{d.day}日"


__all__ = ["date", "e", "items", "multiline", "p", "section", "td", "title_block", "tr"]


@lru_cache(maxsize=None)
def stylesheet(name: str) -> str:
    """A stylesheet in templates/ as a page embeds it.

    A line `@import "base.css";` is replaced by that file, so the stylesheets share their
    common rules while every page stays self-contained (no request to make). Whole-line
    comments are for whoever edits the file and are left out of the page.
    """
    out = []
    for line in template(name).splitlines(keepends=True):
        stripped = line.strip()
        m = _IMPORT.match(stripped)
        if m:
            out.append(stylesheet(m[1]))
        elif not (stripped.startswith("/*") and stripped.endswith("*/")):
            out.append(line)
    return "".join(out)
