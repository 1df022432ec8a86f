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


# A figure and the unit after it (10.00 分, 94.98 万元, 4,829 元/人/月, 99.67%): a line must not
# break between them. Not after a Latin letter, digit, "-" or an entity (JX-03, &#x27;).
_UNITS = ("个百分点|百分点|万元|亿元|元|分|%|‰|人次|人|户|个月|个|份|次|项|条|家|所|间|套|台|辆|处|亩|公顷|"
          "平方米|立方米|公里|千米|米|吨|天|日|小时|月|年度|年|岁|批|场|期|篇|件|张|本|册|座|村|网格")
_FIGURE = re.compile(r"(?<![A-Za-z0-9_.,&#;-])\d[\d,]*(?:\.\d+)?[ \u00a0]?(?:" + _UNITS + r")(?:/(?:" + _UNITS + r"))*")
# Text between tags; what is inside these elements, and the tags themselves, are left alone.
FIGURE_CLASS = "fig"  # report.css: .fig { white-space: nowrap }
# <pre> is a cell's printed output, shown as printed; the report's prose is the sections' HTML.
_SKIP_OR_TAG = re.compile(r"<(style|script|svg|textarea|title|pre)\b.*?</\1\s*>|<span class=\"" + FIGURE_CLASS
                          + r"\">[^<]*</span>|<!--.*?-->|<[^>]*>", re.DOTALL | re.IGNORECASE)


def keep_figures(html: str) -> str:
    """`html` with each figure and its unit in a no-wrap span, so that 10.00 分 or 94.98 万元
    never ends one line and starts the next (WeasyPrint and browsers honour white-space: nowrap).

    Applied once to a whole page (outputs.export), so every sentence, table cell and note of
    every section is covered, while the sections' own HTML stays as they wrote it. Only text
    between tags changes; tags, attributes, styles, scripts and printed (<pre>) output are left
    as they are, and a page passed twice is unchanged the second time.
    """
    out, pos = [], 0
    for m in _SKIP_OR_TAG.finditer(html):
        out.append(_FIGURE.sub(_wrap, html[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_FIGURE.sub(_wrap, html[pos:]))
    return "".join(out)


def _wrap(m: re.Match) -> str:
    return f'<span class="{FIGURE_CLASS}">{m.group(0)}</span>'


def kept(text: str) -> str:
    """Escaped text in an inline block: a line breaks before or after it, inside it only if it
    cannot fit a line alone (a unit name, 2022年度, 财预〔2020〕10号, 94.98 万元)."""
    return f'<span class="kw">{e(text)}</span>'


# Words a header may break before (全年 / 执行数, 全年预计 / 完成值); a header never breaks elsewhere.
_HEADER_WORDS = ("完成值", "可能性", "指标值", "执行数", "预算数", "进度", "偏差", "预警", "得分")
_HEADER_SPLIT = re.compile(r"(（[^）]*）)|(?<=[^（\s]{2})(?=" + "|".join(_HEADER_WORDS) + ")")


def header_words(label: str) -> str:
    """A table header that wraps only between its words: 全年 / 执行数 / （万元）, never 全年执 / 行数."""
    pieces = [x for x in _HEADER_SPLIT.split(label) if x]
    return "<wbr>".join(f'<span class="nw">{e(x)}</span>' for x in pieces)


def key_line(text: str) -> str:
    """The boxed key figures; its items (separated by 　) break only between them: 95.03 分 stays whole."""
    return f'<section class="jx"><p class="key">{"<wbr>　".join(kept(x) for x in text.split("　") if x)}</p></section>'


def title_block(style: str, h1, meta: list[str]) -> str:
    """A report's title: its stylesheet, the <h1> and one line of facts (unit, dates, rules).

    `h1` is the title, or its parts (unit, year, name, kind of report) to break only between."""
    parts = [h1] if isinstance(h1, str) else list(h1)
    title = "<wbr>".join(kept(x) for x in parts if x)
    return (f'{style}<section class="jx"><h1>{title}</h1>'
            f'<p class="meta">{"<wbr>　".join(kept(m) for m in meta)}</p></section>')


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


__all__ = ["date", "e", "header_words", "items", "keep_figures", "kept", "key_line", "multiline", "p", "section", "td", "title_block", "tr"]


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
