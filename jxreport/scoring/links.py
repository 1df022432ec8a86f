"""Which 发放台账 类别 a 测算明细 line pays: the one rule behind 发放率, 成本分析 and A303–A307/A320–A324.

The 台账类别 column, when filled, lists the 类别 (separated by 、); when blank, a 类别 that the
line's name contains is linked (网格员补贴 ↔ 网格员). scoring.costs adds what happens when
this finds several candidates (a 提示, never a guess).
"""

from __future__ import annotations

import re

from jxreport.core.text import blank

_SPLIT = re.compile(r"[、,，;；\s]+")


def categories_of(cell) -> tuple[str, ...]:
    """The 类别 named in a 台账类别 cell (separated by 、 , ；)."""
    if blank(cell):
        return ()
    return tuple(dict.fromkeys(c for c in _SPLIT.split(str(cell).strip()) if c))


def line_names_category(name, explicit, category: str) -> bool:
    """Does a 测算明细 line pay 类别 `category`: listed in 台账类别, or (blank) contained in its name."""
    listed = categories_of(explicit)
    if listed:
        return category in listed
    return isinstance(name, str) and bool(category) and category in name
