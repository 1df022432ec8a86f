"""Units of 绩效指标值: the one place that knows their names, aliases and conversions.

A unit is kept as a short canonical Chinese name (``"%"``, ``"元"``, ``"工作日"``,
``"人次"`` …). Spellings with a scale prefix (``万元``, ``万人``, ``千元``) resolve to the
canonical unit *and* a multiplier, so money is always held in 元 and counts in units of
one. Compound units such as ``元/亩`` or ``元/人/月`` keep their denominators.

天 and 工作日 are different units: converting one into the other needs the holiday
calendar (see ``workdays.py``), so :func:`convert` refuses unless told otherwise.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from jxreport.core.rounding import WAN

__all__ = [
    "COUNT_WORDS",
    "DURATION_UNITS",
    "MONEY_UNITS",
    "PERCENT_UNITS",
    "UNIT_PATTERN",
    "convert",
    "is_count",
    "is_duration",
    "is_money",
    "is_percent",
    "normalize_unit",
    "resolve_unit",
]

ONE = Decimal(1)

#: Words that count things (a quantity in units of one). Durations and money are separate.
COUNT_WORDS: frozenset[str] = frozenset(
    """个 次 人 人次 户 亩 件 场 项 家 栋 幢 平方米 公里 米 所 名 期 篇 台 套 处 条 座 辆
    本 份 批 批次 张 册 部 间 株 棵 吨 公顷 只 头 起 例 宗 单 片 块 盏 根 口 眼 课时 学时
    节 班 组 队 支 校 村 趟 轮 类 种 分 元""".split()
)

#: Money: held in 元 after scaling (万元 → 元 × 10000).
MONEY_UNITS: frozenset[str] = frozenset({"元"})

#: Durations. 天 and 工作日 never convert into each other by default.
DURATION_UNITS: frozenset[str] = frozenset({"分钟", "小时", "天", "工作日", "周", "月", "年"})

#: Percent-like units (convertible between themselves).
PERCENT_UNITS: frozenset[str] = frozenset({"%", "‰"})

# Spelling → (canonical unit or None, multiplier). None means "a bare scale": 万 alone.
_ALIASES: dict[str, tuple[str | None, Decimal]] = {
    "%": ("%", ONE),
    "百分比": ("%", ONE),  # `≥100百分比` in published tables
    "‰": ("‰", ONE),
    "百分点": ("百分点", ONE),
    "个百分点": ("百分点", ONE),
    "元": ("元", ONE),
    "块钱": ("元", ONE),
    "千元": ("元", Decimal(1000)),
    "万元": ("元", WAN),
    "亿元": ("元", Decimal(100000000)),
    "万": (None, WAN),
    "亿": (None, Decimal(100000000)),
    "天": ("天", ONE),
    "日": ("天", ONE),
    "个自然日": ("天", ONE),
    "自然日": ("天", ONE),
    "工作日": ("工作日", ONE),
    "个工作日": ("工作日", ONE),
    "小时": ("小时", ONE),
    "个小时": ("小时", ONE),
    "分钟": ("分钟", ONE),
    "周": ("周", ONE),
    "个周": ("周", ONE),
    "星期": ("周", ONE),
    "个星期": ("周", ONE),
    "月": ("月", ONE),
    "个月": ("月", ONE),
    "年": ("年", ONE),
    "人次": ("人次", ONE),
    "人/次": ("人次", ONE),
    "人·次": ("人次", ONE),
    "人.次": ("人次", ONE),
    "平方米": ("平方米", ONE),
    "平米": ("平方米", ONE),
    "m2": ("平方米", ONE),
    "万平方米": ("平方米", WAN),
    "千米": ("公里", ONE),
    "km": ("公里", ONE),
    "万亩": ("亩", WAN),
    "万人": ("人", WAN),
    "万人次": ("人次", WAN),
    "万户": ("户", WAN),
    "万册": ("册", WAN),
    "万株": ("株", WAN),
    "万吨": ("吨", WAN),
    "万件": ("件", WAN),
}
for _w in COUNT_WORDS:
    _ALIASES.setdefault(_w, (_w, ONE))

# Conversion factors into a base unit per family: value_in_base = value × factor.
_FAMILY: dict[str, tuple[str, Decimal]] = {
    "%": ("percent", ONE),
    "‰": ("percent", Decimal("0.1")),
    "元": ("money", ONE),
    "分钟": ("time", ONE),
    "小时": ("time", Decimal(60)),
    "天": ("time", Decimal(1440)),
    "周": ("time", Decimal(10080)),
    "月": ("months", ONE),
    "年": ("months", Decimal(12)),
    "公里": ("length", Decimal(1000)),
    "米": ("length", ONE),
    "公顷": ("area-ha", ONE),
}

# Count words that are measures (an amount, not a number of things): 个 does not stand for them.
_MEASURES: frozenset[str] = frozenset({"元", "分", "亩", "平方米", "公里", "米", "吨", "公顷"})

# Count words that name the same kind of thing (a count in one is a count in the other).
# 个 is the generic classifier and agrees with every count word that is not a measure.
_SAME_COUNT: tuple[frozenset[str], ...] = (
    frozenset({"次", "场", "期", "轮", "趟", "批次"}),
    frozenset({"人", "名"}),
    frozenset({"栋", "幢", "座"}),
    frozenset({"棵", "株"}),
)

_SPELLINGS = sorted(_ALIASES, key=len, reverse=True)
_ATOM = "|".join(re.escape(s) for s in _SPELLINGS)
#: Regex source matching one unit spelling, optionally with /denominators (元/人/月).
UNIT_PATTERN: str = rf"(?:{_ATOM})(?:/(?:{_ATOM}))*"
_UNIT_FULL = re.compile(rf"^(?:{UNIT_PATTERN})$")


@lru_cache(maxsize=1024)
def resolve_unit(raw: str | None, money_context: bool = False) -> tuple[str | None, Decimal]:
    """A spelling → (canonical unit, multiplier); an unknown spelling is kept as written.

    ``万`` alone is a scale, not a unit: in a money context (成本指标, a target in 元)
    it means 万元, otherwise it gives (None, 10000).
    """
    if raw is None:
        return None, ONE
    text = raw.strip()
    if not text:
        return None, ONE
    if text in _ALIASES:
        unit, mult = _ALIASES[text]
        if unit is None and money_context:
            return "元", mult
        return unit, mult
    if "/" in text and _UNIT_FULL.match(text):
        head, *rest = text.split("/")
        unit, mult = resolve_unit(head, money_context)
        denoms = [resolve_unit(r)[0] or r for r in rest]
        return "/".join([unit or head, *denoms]), mult
    return text, ONE


def normalize_unit(raw: str | None) -> str | None:
    """The canonical name of a unit spelling (``个工作日`` → ``工作日``, ``万元`` → ``元``)."""
    return resolve_unit(raw)[0]


def is_money(unit: str | None) -> bool:
    """Money, including a rate of money per something (元/亩)."""
    u = normalize_unit(unit)
    return u is not None and u.split("/")[0] in MONEY_UNITS


def is_duration(unit: str | None) -> bool:
    return normalize_unit(unit) in DURATION_UNITS


def is_percent(unit: str | None) -> bool:
    return normalize_unit(unit) in PERCENT_UNITS


def is_count(unit: str | None) -> bool:
    u = normalize_unit(unit)
    return u in COUNT_WORDS and u not in MONEY_UNITS


def _factor(unit: str) -> tuple[str, Decimal] | None:
    head, _, tail = unit.partition("/")
    fam = _FAMILY.get(head)
    if fam is None:
        return None
    return (fam[0] + "/" + tail if tail else fam[0]), fam[1]


def _same_count(a: str, b: str) -> bool:
    """Two count words that count the same things (个 agrees with any count word)."""
    if a in _MEASURES or b in _MEASURES or a not in COUNT_WORDS or b not in COUNT_WORDS:
        return False
    if "个" in (a, b):
        return True
    return any(a in g and b in g for g in _SAME_COUNT)


def convert(
    value: float | int | Decimal | None,
    from_unit: str | None,
    to_unit: str | None,
    *,
    workdays_as_days: bool = False,
) -> float | None:
    """``value`` in ``from_unit`` expressed in ``to_unit``, or None when they cannot agree.

    Spellings are resolved first, so ``convert(10.5, "万元", "元") == 105000.0``.
    Counts stay counts: 个 (the generic classifier) agrees with any count word that is
    not a measure (元, 分, 亩, 吨 …), and a
    few synonyms agree (次/场/期/轮, 人/名, 栋/幢/座, 棵/株); 人 and 人次 do not.
    天 and 工作日 convert 1 : 1 only with ``workdays_as_days=True`` (the caller's rule);
    otherwise they are different units. Two missing units agree; one missing does not.
    """
    if value is None or isinstance(value, bool):
        return None
    try:
        dv = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else str(value))
    except (ArithmeticError, ValueError):
        return None
    if not dv.is_finite():
        return None
    fu, fm = resolve_unit(from_unit, money_context=is_money(to_unit))
    tu, tm = resolve_unit(to_unit, money_context=is_money(from_unit))
    dv = dv * fm / tm
    if fu == tu:
        return float(dv)
    if fu is None or tu is None:
        return None
    if workdays_as_days and {fu, tu} == {"天", "工作日"}:
        return float(dv)
    if _same_count(fu, tu):
        return float(dv)
    ff, tf = _factor(fu), _factor(tu)
    if ff is None or tf is None or ff[0] != tf[0]:
        return None
    return float(dv * ff[1] / tf[1])
