"""The grammar of 指标值 (targets) and 实际完成值 (actuals): text → a comparable value.

A target reads as one of four kinds (docs/scoring.md §1):

- ``quantitative``: an operator, a number and a unit (``85%以上`` → ≥ 85 %);
- ``deadline``: a date to be done by (``12月底前`` → ≤ 12-31 of the fiscal year);
- ``boolean``: a yes/no answer (``是``, ``按时发放``);
- ``qualitative``: graded by hand (``平台持续运行``, ``显著提升``).

Parsing never raises: text that cannot be read becomes qualitative with the flag
``unparsed`` and the target review reports it. Flags (always sorted, no duplicates):

========================  ==============================================================
``approx``                the number was hedged (约, 近, 余, 多, 左右); read as written
``blank``                 nothing was written (None, NaN, empty or whitespace)
``budget-ref``            ``控制在预算内``: ≤ the project budget, value None until resolved
``date-invalid``          a date that does not exist (``2月30日``); read as unparsed
``multi-value``           several values in one text; the first one was used
``nature-ignored``        指标性质 ≥/≤/= given but the text has no value to compare
``nature-invalid``        指标性质 not one of ≥ ≤ = 定性; ignored
``op-from-level2``        no operator written: 成本指标 → ≤, every other 二级指标 → ≥
``op-from-nature``        the 指标性质 column set the operator (or, for 定性, the kind)
``range``                 a range (``90%-95%``): lower bound with ≥, upper bound with ≤
``same-as-target``        (actuals) the actual repeats the target's words: 达成年度指标
``unit-from-target``      (actuals) a bare number took its target's unit
``unit-inferred``         a bare 万 read as 万元 (成本指标, 经济效益指标 or a money word)
``unit-missing``          a number without a unit; it takes the unit of its actual
``unparsed``              could not be read: qualitative, graded by hand
``vague``                 qualitative wording without a measure (显著, 明显, 持续, 逐步 …)
``year-missing``          a deadline without a year and no fiscal year given; value None
``zero-target``           ``不发生``, ``零``, ``归零`` or a bare ``0起``: read as ≤ 0
========================  ==============================================================

Decisions where the spec is silent:

- ``平台持续运行`` has no measure and contains 持续, so it is qualitative + ``vague``
  (any of the vague words makes it ``vague`` rather than ``unparsed``).
- A bare number keeps the level-2 rule even for durations (``5天`` under 时效指标 is ≥);
  only a written 内/以内/不超过 makes it ≤. A bare zero (``0起``) is ≤ 0, never ≥ 0.
- ``X月前`` is read like ``X月底前`` (the end of month X), as written in practice.
- A 万 without 元 is money only under 成本指标/经济效益指标 or next to a money word
  (经费, 资金, 补贴 …); elsewhere it is a ×10000 scale on a number with no unit.
- Boolean targets carry op ``=``; deadlines ``<=``; qualitative None. Besides the exact
  words (是, 否, 有, 无, 按时, 及时, 足额, 按时发放 …), a sentence without numbers that
  ends in such a phrase (``村干部工资及考核奖按时、足额发放``) or asks 是否 is boolean True.
- 指标性质 ``定性`` makes any target qualitative; ≥/≤/= replace the operator of a
  quantitative target or a deadline and are ignored (flag) for boolean/qualitative text.
- In a sentence with several numbers, ordinals (第3), quarters, years (2022年) and the
  parts of a date are skipped; the first remaining number is used (flag ``multi-value``).
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

from jxreport.core.text import blank
from jxreport.grammar.units import UNIT_PATTERN, convert, resolve_unit

__all__ = [
    "GRADES",
    "KINDS",
    "OPS",
    "Actual",
    "Target",
    "canonical_level2",
    "compare_units",
    "parse_actual",
    "parse_target",
]

KINDS = ("quantitative", "deadline", "boolean", "qualitative")
OPS = (">=", "<=", ">", "<", "=")
GRADES = ("full", "partial", "none")  # Actual.grade: 达成 / 部分达成 / 未达成
COST = "成本指标"


@dataclass(frozen=True, slots=True)
class Target:
    """A parsed 指标值. ``value`` is a float, a date, a bool or None (see module doc)."""

    text: str
    kind: str
    op: str | None = None
    value: object = None
    unit: str | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Actual:
    """A parsed 实际完成值; ``grade`` is full/partial/none for the qualitative grades."""

    text: str
    kind: str
    value: object = None
    unit: str | None = None
    grade: str | None = None
    flags: tuple[str, ...] = ()


def _flags(*names: str) -> tuple[str, ...]:
    return tuple(sorted(set(n for n in names if n)))


# --------------------------------------------------------------------------- level 2

_LEVEL2 = (
    ("成本", COST),
    ("时效", "时效指标"),
    ("数量", "数量指标"),
    ("质量", "质量指标"),
    ("经济", "经济效益指标"),
    ("社会", "社会效益指标"),
    ("生态", "生态效益指标"),
    ("可持续", "可持续影响指标"),
    ("满意", "服务对象满意度指标"),
)


@lru_cache(maxsize=256)
def _canonical_level2(name: str) -> str | None:
    text = unicodedata.normalize("NFKC", name).strip()
    for key, canon in _LEVEL2:
        if key in text:
            return canon
    return text or None


def canonical_level2(level2) -> str | None:
    """The standard name of a 二级指标 (``服务对象满意度`` → ``服务对象满意度指标``)."""
    if not isinstance(level2, str):
        return None
    return _canonical_level2(level2)


# --------------------------------------------------------------------------- normalising

_CN_DIGITS = "零〇一二两三四五六七八九十"
_CN_CHARS = _CN_DIGITS + "百千万亿点"
_UNIT_RE = re.compile(UNIT_PATTERN)
_WS = re.compile(r"\s+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_STRIP = "。；;，,、!?:“”\"'‘’`·…"
_OP_SYMBOLS = (
    (">=", "≥"), ("=>", "≥"), ("≥=", "≥"), ("≧", "≥"), ("⩾", "≥"),
    ("<=", "≤"), ("=<", "≤"), ("≤=", "≤"), ("≦", "≤"), ("⩽", "≤"),
    ("==", "="), ("═", "="), ("(含)", ""), ("(包含)", ""),
)
_PERCENT_WORDS = re.compile(rf"(百|千)分之([{_CN_CHARS}]+|\d+(?:\.\d+)?)")
# A run of Chinese numerals followed by a unit, 季度, 号, 倍, an operator suffix or the end.
_CN_RUN = re.compile(
    rf"(?P<run>[{_CN_DIGITS}][{_CN_CHARS}]*)"
    rf"(?=(?P<next>{UNIT_PATTERN}|季度|号|倍|以上|以下|以内|之内|左右|及以上|$))"
)
# Characters after which a numeral standing alone (before an op suffix or the end) is a number.
_NUM_LEAD = set("于过到在为达是少多低高大小等至最约近共计有第≥≤><=")


@lru_cache(maxsize=4096)
def _cn_number(run: str) -> str | None:
    """A Chinese numeral run as digits, via cn2an; None when cn2an cannot read it."""
    try:
        value = cn2an.cn2an(run, "smart")
    except Exception:  # cn2an raises ValueError and worse on odd input
        return None
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return format(d.normalize(), "f")


def _cn_replace(m: re.Match) -> str:
    run, nxt = m.group("run"), m.group("next")
    s, start, end = m.string, m.start(), m.end()
    after = s[end + len(nxt): end + len(nxt) + 1]
    if run == "十" and nxt.startswith("分") and after and after not in "以之及或":
        return run  # 十分满意: "very", not ten points
    if nxt.startswith("次") and after == "性":
        return run  # 一次性: "one-off"
    standalone = not nxt or nxt in ("以上", "以下", "以内", "之内", "左右", "及以上")
    if standalone and start > 0 and s[start - 1] not in _NUM_LEAD and not s[start - 1].isascii():
        return run  # 统一, 唯一: a word, not a number
    digits = _cn_number(run.rstrip("点"))
    return run if digits is None else digits + run[len(run.rstrip("点")):]


def _percent_words(m: re.Match) -> str:
    num = m.group(2)
    digits = num if num[0].isdigit() else ("100" if num == "百" else _cn_number(num))
    if digits is None:
        return m.group(0)
    return digits + ("%" if m.group(1) == "百" else "‰")


@lru_cache(maxsize=1 << 16)
def _normalise(text: str) -> str:
    """Full-width → half-width, spaces out, operator symbols unified, numerals as digits."""
    s = unicodedata.normalize("NFKC", text)
    s = _WS.sub("", s)
    for old, new in _OP_SYMBOLS:
        s = s.replace(old, new)
    s = _THOUSANDS.sub("", s)
    s = s.strip(_STRIP)
    if any(c in _CN_CHARS for c in s):
        s = _PERCENT_WORDS.sub(_percent_words, s)
        s = _CN_RUN.sub(_cn_replace, s)
    return s


# --------------------------------------------------------------------------- booleans etc.

_TRUE_WORDS = frozenset(
    """是 有 按时 按期 及时 足额 按时发放 按期发放 及时发放 足额发放 按时足额发放 及时足额发放
    按时足额 及时足额 足额及时发放 按时完成 按期完成 及时完成 是的 y yes true √ ✓""".split()
)
_FALSE_WORDS = frozenset("否 无 不是 没有 n no false × ✗".split())
# Actuals only: words that report done / not done.
_ACTUAL_TRUE = frozenset("完成 已完成 全部完成 已发放 已按时发放 已足额发放 已按时完成 达标 已达标".split())
_ACTUAL_FALSE = frozenset("未完成 未按时 未按时完成 未按时发放 不及时 未及时 未足额 未足额发放 未达标".split())
_ZERO_ACTUAL = frozenset("无 没有 未发生 不发生 无发生".split())

# A yes/no phrase at the end of a sentence without numbers (村干部工资按时、足额发放),
# or a 是否 question (资金是否按时发放): the answer expected is 是.
_YES_PHRASE = re.compile(
    r"^\D*?(?:是否\D*|(?<![不未没])(?:按时|及时|足额|按期)(?:[、和及与]?(?:按时|及时|足额|按期))*"
    r"(?:发放|完成|到位|拨付|支付|兑现|办结)?)$"
)
_YES_WORDS = ("按时", "及时", "足额", "按期")
_YES_VERBS = ("发放", "完成", "到位", "拨付", "支付", "兑现", "办结")
_YES_JOINERS = "、和及与"
_DIGIT = re.compile(r"\d")


def _is_yes_phrase(s: str) -> bool:
    """`_YES_PHRASE.match(s)` in linear time (the regex backtracks: '按时' × 16,000 took 9 s).

    _YES_PHRASE stays as the definition; tests compare the two on every short string.
    """
    if _DIGIT.search(s):
        return False
    if "是否" in s:
        return True
    end = len(s)
    for verb in _YES_VERBS:
        if s.endswith(verb):
            end -= len(verb)
            break
    while any(s.endswith(w, 0, end) for w in _YES_WORDS):  # the words, read from the end
        end -= 2
        if end == 0 or s[end - 1] not in "不未没":
            return True  # a run of them may start here
        if s[end - 1] in _YES_JOINERS and any(s.endswith(w, 0, end - 1) for w in _YES_WORDS):
            end -= 1
    return False


_BUDGET_REF = re.compile(
    r"^(?:控制在|不超过?|不得超过|不超出|在)?(?:项目)?(?:年度)?预算(?:数|金额|资金|额度)?"
    r"(?:范围)?(?:以内|之内|内)(?:完成|执行|支出)?$|^不(?:得)?超(?:过|出)?(?:项目)?预算(?:数|金额)?$"
)
_ZERO_TEXT = re.compile(r"^(?:不发生|未发生|无发生|零发生|杜绝)\D*$|^\D*(?:归零|清零)$|^零\D{0,4}$")
_VAGUE = re.compile(
    "显著|明显|进一步|有效|逐步|不断|大幅|持续|稳步|较好|良好|较高|较大|逐年|积极|"
    "改善|提升|提高|增强|加强|好转|稳定|充分|一定"
)

# --------------------------------------------------------------------------- deadlines

_DATE_FULL = re.compile(r"(?P<y>\d{4})[年\-/.](?P<m>\d{1,2})[月\-/.](?P<d>\d{1,2})[日号]?")
_DATE_YM = re.compile(
    r"(?P<y>\d{4})(?:年(?P<m>\d{1,2})月(?:份)?(?:底|末)?(?![\d日号])|[-/](?P<m2>\d{1,2})(?![\d\-/]))"
)
_DATE_MD = re.compile(r"(?<![\d.个])(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]")
_DATE_M = re.compile(r"(?<![\d.个第])(?P<m>\d{1,2})月(?:份)?(?:底|末)?(?![\d日号])")
_DATE_HALF = re.compile(r"(?:(?P<y>\d{4})年(?:度)?)?(?P<h>上|下)半年(?:度)?|(?:(?P<y2>\d{4})年)?年中")
_DATE_QUARTER = re.compile(r"(?:(?P<y>\d{4})年(?:度)?)?第?(?P<q>[1-4])季度(?:末|底)?")
_DATE_YEAR_END = re.compile(
    r"(?P<y>\d{4})年(?:年|度)?(?:底|末|终|内|度内)|(?<![\d.])(?:本|当|全)?年度?(?:底|末|终|内)"
    r"|(?<![\d.])(?:本年度|当年|全年|本年)"
)
_DEADLINE_REST = re.compile(r"[\d%‰]|率")
_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def _month_end(y: int, m: int) -> _dt.date:
    nxt = _dt.date(y + 1, 1, 1) if m == 12 else _dt.date(y, m + 1, 1)
    return nxt - _dt.timedelta(days=1)


def _deadline_candidates(s: str):
    """(match, year-or-None, month, day-or-None) for each date pattern, most specific first."""
    m = _DATE_FULL.search(s)
    if m:
        yield m, int(m["y"]), int(m["m"]), int(m["d"])
    m = _DATE_YM.search(s)
    if m and 1900 <= int(m["y"]) <= 2100:
        yield m, int(m["y"]), int(m["m"] or m["m2"]), None
    m = _DATE_MD.search(s)
    if m:
        yield m, None, int(m["m"]), int(m["d"])
    m = _DATE_M.search(s)
    if m:
        yield m, None, int(m["m"]), None
    m = _DATE_QUARTER.search(s)
    if m:
        mm, dd = _QUARTER_END[int(m["q"])]
        yield m, (int(m["y"]) if m["y"] else None), mm, dd
    m = _DATE_HALF.search(s)
    if m:
        y = m["y"] or m["y2"]
        yield m, (int(y) if y else None), (12 if m["h"] == "下" else 6), None
    m = _DATE_YEAR_END.search(s)
    if m:
        yield m, (int(m["y"]) if m["y"] else None), 12, 31


def _read_deadline(s: str, year: int | None):
    """(date | None, flags) when ``s`` is a deadline, else None.

    It is a deadline only when the rest of the text holds no other number, percent or
    rate (so ``第三季度完成率100%`` stays quantitative).
    """
    for m, y, mo, d in _deadline_candidates(s):
        rest = s[: m.start()] + s[m.end():]
        if _DEADLINE_REST.search(rest):
            continue
        y = y if y is not None else year
        if y is None:
            return None, ("year-missing",)
        try:
            date = _dt.date(y, mo, d) if d is not None else _month_end(y, mo)
        except ValueError:
            return False, ("date-invalid", "unparsed")
        return date, ()
    return None


# --------------------------------------------------------------------------- quantities

_NUM = r"\d+(?:\.\d+)?"
_TOKEN = re.compile(
    rf"(?P<pre>约|近|大约)?(?P<num>{_NUM})(?P<approx>余|多)?(?P<unit>{UNIT_PATTERN})?"
)
_RANGE_SEP = re.compile(r"[-~—–至到]")
# Prefix operator words: (regex, op, strong). Weak words give way to a written suffix.
_PREFIX_OPS = (
    (r"≥|大于等于|大于或等于|高于或等于|不低于|不少于|不小于|不得低于|不得少于|不应低于|至少|最少|最低", ">=", True),
    (r"≤|小于等于|小于或等于|低于或等于|不超过|不高于|不多于|不大于|不得超过|不得高于|不超出|不应超过|最多|至多|最高", "<=", True),
    (r">|大于|高于|超过|多于", ">", True),
    (r"<|小于|低于|少于", "<", True),
    (r"=|等于", "=", True),
    (r"达到|达(?![成标])", ">=", False),
    (r"控制在|控制到|控制于|压缩在|压缩到", "<=", False),
)
_PREFIX_RE = re.compile("|".join(f"(?P<p{i}>{rx})" for i, (rx, _, _) in enumerate(_PREFIX_OPS)))
_SUFFIX_RE = re.compile(
    r"(?P<ge>及其以上|及以上|或以上|以上|之上)|(?P<le>及以下|或以下|以下|之下|以内|之内|内(?![容部涵业外]))"
)
_APPROX_SUFFIX = re.compile(r"左右")
_SEPARATORS = re.compile(r"[,;。、:]")
_MONEY_WORDS = re.compile(r"经费|资金|金额|费用|成本|投入|投资|补贴|补助|收入|工资|奖金|预算|支出|价格|单价")


def _tokens(s: str) -> list[re.Match]:
    """Number tokens that can be a target value (ordinals, years and date parts skipped)."""
    out = []
    for m in _TOKEN.finditer(s):
        start, end = m.start("num"), m.end("num")
        before, after = s[start - 1: start], s[end: end + 2]
        unit = m["unit"] or ""
        if before == "第" or after.startswith("季度") or after.startswith("号"):
            continue
        if unit == "年" and len(m["num"]) == 4:
            continue  # 2022年: a year
        if unit == "月" and (after.startswith("月底") or after.startswith("月末") or _DATE_MD.match(s, start)):
            continue
        if unit in ("日", "天") and before == "月":
            continue
        out.append(m)
    return out


def _find_op(s: str, tok: re.Match) -> tuple[str | None, bool]:
    """The operator written around ``tok``: (op, explicit).

    Prefix words are looked for from the last separator (，；、) before the number, so a
    clause does not borrow its neighbour's operator; a suffix must follow the unit at once.
    """
    window_start = 0
    for sep in _SEPARATORS.finditer(s, 0, tok.start()):
        window_start = sep.end()
    prefix = None
    for m in _PREFIX_RE.finditer(s, window_start, tok.start("num")):
        prefix = m
    suffix = _SUFFIX_RE.match(s, tok.end())
    suffix_op = None if suffix is None else (">=" if suffix["ge"] else "<=")
    if prefix is not None:
        i = int(prefix.lastgroup[1:])
        _, op, strong = _PREFIX_OPS[i]
        if strong or suffix_op is None:
            return op, True
    if suffix_op is not None:
        return suffix_op, True
    return None, False


def _token_value(tok: re.Match, money: bool) -> tuple[Decimal, str | None, tuple[str, ...]]:
    """(value, canonical unit, flags) of one number token."""
    raw_unit = tok["unit"]
    unit, mult = resolve_unit(raw_unit, money_context=money)
    flags: list[str] = []
    if raw_unit in ("万", "亿") and unit == "元":
        flags.append("unit-inferred")
    if unit is None:
        flags.append("unit-missing")
    if tok["pre"] or tok["approx"]:
        flags.append("approx")
    return Decimal(tok["num"]) * mult, unit, tuple(flags)


def _read_quantity(s: str, cat: str | None):
    """(op, value, unit, flags) for the first usable number of ``s``, or None."""
    toks = _tokens(s)
    if not toks:
        return None
    money = cat in (COST, "经济效益指标") or bool(_MONEY_WORDS.search(s))
    first = toks[0]
    flags: list[str] = []
    value, unit, f = _token_value(first, money)
    flags += f
    end = first.end()
    rng = None
    if len(toks) > 1 and _RANGE_SEP.fullmatch(s[end: toks[1].start()] or "x"):
        rng = toks[1]
        hi, hi_unit, _ = _token_value(rng, money)
        if unit is None and hi_unit is not None:
            unit = hi_unit
            _, mult = resolve_unit(rng["unit"], money_context=money)
            value = Decimal(first["num"]) * mult
            flags = [x for x in flags if x != "unit-missing"]
        flags.append("range")
        end = rng.end()
    rest = toks[2:] if rng is not None else toks[1:]
    if rest:
        flags.append("multi-value")
    op, explicit = _find_op(s, first)
    if not explicit and rng is not None:
        op, explicit = _find_op(s, rng)
    if _APPROX_SUFFIX.match(s, end):
        flags.append("approx")
    if rng is not None:
        if op is None:
            op = "<=" if cat == COST else ">="
        if op in ("<=", "<"):
            value = hi
    elif not explicit:
        if value == 0:
            op = "<="
            flags = [x for x in flags if x != "unit-missing"]  # nought of anything is nought
            flags.append("zero-target")
        else:
            op = "<=" if cat == COST else ">="
            flags.append("op-from-level2")
    return op, value, unit, tuple(flags)


# --------------------------------------------------------------------------- target

_NATURE = {
    "≥": ">=", ">=": ">=", "≧": ">=", "正向": ">=", "大于等于": ">=", ">": ">=",
    "≤": "<=", "<=": "<=", "≦": "<=", "反向": "<=", "小于等于": "<=", "<": "<=",
    "=": "=", "==": "=", "等于": "=",
    "定性": "qualitative",
}


def _nature_key(nature) -> str | None:
    """The 指标性质 column as '>=', '<=', '=', 'qualitative', '' (absent) or '?' (invalid)."""
    if blank(nature):
        return ""
    if not isinstance(nature, str):
        return "?"
    text = _WS.sub("", unicodedata.normalize("NFKC", nature))
    if not text:
        return ""
    return _NATURE.get(text, "?")


def _apply_nature(t: Target, nature: str) -> Target:
    if not nature:
        return t
    if nature == "?":
        return _with(t, flags=_flags(*t.flags, "nature-invalid"))
    if nature == "qualitative":
        return Target(t.text, "qualitative", None, None, None, ("op-from-nature",))
    if t.kind in ("quantitative", "deadline"):
        flags = [f for f in t.flags if f not in ("op-from-level2", "zero-target")]
        return _with(t, op=nature, flags=_flags(*flags, "op-from-nature"))
    return _with(t, flags=_flags(*t.flags, "nature-ignored"))


def _with(t, **changes):
    fields = {k: getattr(t, k) for k in t.__slots__}
    fields.update(changes)
    return type(t)(**fields)


def _qualitative(text: str, s: str) -> Target:
    return Target(text, "qualitative", None, None, None, ("vague",) if _VAGUE.search(s) else ("unparsed",))


def _parse_str(text: str, cat: str | None, year: int | None) -> Target:
    s = _normalise(text)
    if not s:
        return Target(text, "qualitative", None, None, None, ("blank", "unparsed"))
    flat = s.replace("、", "").lower()
    if flat in _TRUE_WORDS or flat in _FALSE_WORDS:
        return Target(text, "boolean", "=", flat in _TRUE_WORDS, None, ())
    if _is_yes_phrase(s):
        return Target(text, "boolean", "=", True, None, ())
    if _BUDGET_REF.match(s):
        return Target(text, "quantitative", "<=", None, "元", ("budget-ref",))
    if _ZERO_TEXT.match(s):
        return Target(text, "quantitative", "<=", 0.0, None, ("zero-target",))
    dl = _read_deadline(s, year)
    if dl is not None:
        date, flags = dl
        if date is False:
            return Target(text, "qualitative", None, None, None, flags)
        return Target(text, "deadline", "<=", date, None, flags)
    q = _read_quantity(s, cat)
    if q is not None and math.isfinite(float(q[1])):
        op, value, unit, flags = q
        return Target(text, "quantitative", op, float(value), unit, _flags(*flags))
    return _qualitative(text, s)


@lru_cache(maxsize=1 << 16)
def _parse_text_cached(text: str, cat: str | None, year: int | None, nature: str) -> Target:
    return _apply_nature(_parse_str(text, cat, year), nature)


def _year(year) -> int | None:
    if year is None or isinstance(year, bool):
        return None
    try:
        y = int(float(year)) if isinstance(year, (str, float, Decimal)) else int(year)
    except (TypeError, ValueError, OverflowError):
        return None
    return y if 1 <= y <= 9999 else None


def _number_target(x, cat: str | None) -> Target:
    value = float(x)
    text = str(x)
    if not math.isfinite(value):
        return Target(text, "qualitative", None, None, None, ("unparsed",))
    if value == 0:
        return Target(text, "quantitative", "<=", 0.0, None, ("zero-target",))
    op = "<=" if cat == COST else ">="
    return Target(text, "quantitative", op, value, None, ("op-from-level2", "unit-missing"))


def _parse_target(text, level2, year, nature) -> Target:
    cat = canonical_level2(level2)
    y = _year(year)
    nat = _nature_key(nature)
    if isinstance(text, str):
        return _parse_text_cached(text, cat, y, nat)
    if blank(text):
        return _apply_nature(Target("", "qualitative", None, None, None, ("blank", "unparsed")), nat)
    if isinstance(text, bool):
        return _apply_nature(Target(str(text), "boolean", "=", text, None, ()), nat)
    if isinstance(text, _dt.datetime):
        return _apply_nature(Target(text.isoformat(), "deadline", "<=", text.date(), None, ()), nat)
    if isinstance(text, _dt.date):
        return _apply_nature(Target(text.isoformat(), "deadline", "<=", text, None, ()), nat)
    if isinstance(text, (numbers.Real, Decimal)):
        return _apply_nature(_number_target(text, cat), nat)
    return _parse_text_cached(str(text), cat, y, nat)


def parse_target(text, level2=None, year=None, nature=None) -> Target:
    """Read a 指标值 under its 二级指标 (``level2``) for the fiscal ``year``.

    ``nature`` is the optional 指标性质 column (``≥``, ``≤``, ``=``, ``定性``): it wins
    over everything. Never raises; anything unreadable is qualitative + ``unparsed``.
    Text results are cached (a Target is immutable), so repeated 指标值 cost nothing.
    """
    try:
        return _parse_target(text, level2, year, nature)
    except Exception:  # the contract is "never raise": an unforeseen input is unparsed
        return Target(_safe_str(text), "qualitative", None, None, None, ("unparsed",))


def _safe_str(x) -> str:
    if isinstance(x, str):
        return x
    if blank(x):
        return ""
    try:
        return str(x)
    except Exception:
        return ""


# --------------------------------------------------------------------------- actual

_GRADE_NONE = re.compile(r"^(?:未达成|未能达成|没有达成|未达到)")
_GRADE_PARTIAL = re.compile(r"^(?:部分达成|基本达成|部分完成)")
_GRADE_FULL = re.compile(r"^(?:达成|已达成|全部达成|完全达成)(?:年度|预期)?(?:指标|目标)?(?:值)?$|^达成年度指标")


def _grade(s: str) -> str | None:
    if _GRADE_NONE.match(s):
        return "none"
    if _GRADE_PARTIAL.match(s):
        return "partial"
    if _GRADE_FULL.match(s):
        return "full"
    return None


# A number and a plain unit, nothing else (133.03万元, 572人, 98%): most 实际完成值 look so.
# _read_actual changes nothing in such a text and finds no grade, word, date or second
# number in it, so _plain_actual reads it directly, to the same Actual (tests/test_targets.py).
_PLAIN_ACTUAL = re.compile(r"([0-9]+(?:\.[0-9]+)?)(万元|元|人次|人|户|个|次|%|亩)")


def _plain_actual(text: str) -> Actual | None:
    """The Actual of a plain `number unit` text, None for any other text."""
    m = _PLAIN_ACTUAL.fullmatch(text)
    if m is None:
        return None
    unit, mult = resolve_unit(m[2])
    value = float(Decimal(m[1]) * mult)
    if not math.isfinite(value):
        return None
    return Actual(text, "quantitative", value, unit, None, ())


@lru_cache(maxsize=1 << 16)
def _parse_actual_str(text: str, year: int | None) -> Actual:
    a = _plain_actual(text)
    return a if a is not None else _read_actual(text, year)


def _read_actual(text: str, year: int | None) -> Actual:
    """The full reading of a 实际完成值 text: grades, yes/no words, dates, then numbers."""
    s = _normalise(text)
    if not s:
        return Actual(text, "qualitative", None, None, None, ("blank",))
    grade = _grade(s)
    if grade is not None:
        return Actual(text, "qualitative", None, None, grade, ())
    flat = s.replace("、", "").lower()
    if flat in _TRUE_WORDS or flat in _ACTUAL_TRUE:
        return Actual(text, "boolean", True, None, None, ())
    if flat in _FALSE_WORDS or flat in _ACTUAL_FALSE or flat in _ZERO_ACTUAL:
        return Actual(text, "boolean", False, None, None, ())
    dl = _read_deadline(s, year)
    if dl is not None:
        date, flags = dl
        if date is False:
            return Actual(text, "qualitative", None, None, None, flags)
        return Actual(text, "deadline", date, None, None, flags)
    toks = _tokens(s)
    if toks:
        value, unit, flags = _token_value(toks[0], bool(_MONEY_WORDS.search(s)))
        if not math.isfinite(float(value)):
            return Actual(text, "qualitative", None, None, None, ("unparsed",))
        more = ("multi-value",) if len(toks) > 1 else ()
        return Actual(text, "quantitative", float(value), unit, None, _flags(*flags, *more))
    return Actual(text, "qualitative", None, None, None, ("unparsed",))


def _parse_actual_raw(value, year) -> Actual:
    y = _year(year)
    if isinstance(value, str):
        return _parse_actual_str(value, y)
    if blank(value):
        return Actual("", "qualitative", None, None, None, ("blank",))
    if isinstance(value, bool):
        return Actual(str(value), "boolean", value, None, None, ())
    if isinstance(value, _dt.datetime):
        return Actual(value.isoformat(), "deadline", value.date(), None, None, ())
    if isinstance(value, _dt.date):
        return Actual(value.isoformat(), "deadline", value, None, None, ())
    if isinstance(value, (numbers.Real, Decimal)):
        v = float(value)
        if not math.isfinite(v):
            return Actual(str(value), "qualitative", None, None, None, ("unparsed",))
        return Actual(str(value), "quantitative", v, None, None, ("unit-missing",))
    return _parse_actual_str(str(value), y)


def _same_words(a: str, b: str) -> bool:
    return bool(a) and _normalise(a) == _normalise(b)


def _fit_to_target(a: Actual, t: Target) -> Actual:
    """Read an actual in the light of its target: bare numbers take its unit, etc."""
    if t.kind == "qualitative" and a.grade is None and _same_words(a.text, t.text):
        return _with(a, kind="qualitative", value=None, unit=None, grade="full",
                     flags=_flags("same-as-target"))
    if t.kind == "quantitative" and a.kind == "boolean" and a.value is False:
        if _normalise(a.text).lower() in _ZERO_ACTUAL:
            return Actual(a.text, "quantitative", 0.0, t.unit, None,
                          _flags("unit-from-target") if t.unit else ())
    if a.kind == "quantitative" and a.unit is None and t.unit is not None:
        flags = [f for f in a.flags if f != "unit-missing"]
        return _with(a, unit=t.unit, flags=_flags(*flags, "unit-from-target"))
    return a


def parse_actual(value, year=None, target: Target | None = None) -> Actual:
    """Read a 实际完成值 (text or an Excel cell); never raises.

    With ``target`` given, a bare number takes the target's unit (``unit-from-target``),
    ``无``/``未发生`` against a quantitative target reads as 0, and an actual that repeats
    a qualitative target's words is graded ``full`` (``same-as-target``).
    """
    try:
        a = _parse_actual_raw(value, year)
        if isinstance(target, Target):
            a = _fit_to_target(a, target)
        return a
    except Exception:  # the contract is "never raise"
        return Actual(_safe_str(value), "qualitative", None, None, None, ("unparsed",))


# --------------------------------------------------------------------------- comparing

def compare_units(target: Target, actual: Actual):
    """(target value, actual value) in one unit, or None when they cannot agree.

    Percent stays in percent, money in 元, counts as counts; 天 and 工作日 do not convert.
    A side without a unit takes the other side's. Deadlines compare as dates and yes/no
    as bools (same kind only); a target still waiting for its budget (value None) → None.
    """
    if not isinstance(target, Target) or not isinstance(actual, Actual):
        return None
    tv, av = target.value, actual.value
    if tv is None or av is None:
        return None
    if target.kind == "deadline" and actual.kind == "deadline":
        return tv, av
    if target.kind == "boolean" and actual.kind == "boolean":
        return tv, av
    if target.kind != "quantitative" or actual.kind != "quantitative":
        return None
    if target.unit is None or actual.unit is None:
        return float(tv), float(av)
    converted = convert(av, actual.unit, target.unit)
    if converted is None:
        return None
    return float(tv), converted
