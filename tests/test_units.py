"""Units: canonical names, aliases, money and conversions."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from jxreport.grammar.units import (
    COUNT_WORDS,
    DURATION_UNITS,
    UNIT_PATTERN,
    convert,
    is_count,
    is_duration,
    is_money,
    is_percent,
    normalize_unit,
    resolve_unit,
)


@pytest.mark.parametrize(
    "raw,unit",
    [("个工作日", "工作日"), ("工作日", "工作日"), ("万元", "元"), ("元", "元"), ("人/次", "人次"),
     ("人·次", "人次"), ("人次", "人次"), ("个月", "月"), ("日", "天"), ("个百分点", "百分点"),
     ("平米", "平方米"), ("千米", "公里"), (" 亩 ", "亩"), ("元/人/月", "元/人/月"),
     ("万元/亩", "元/亩"), ("%", "%"), ("万", None), ("", None), (None, None), ("台班", "台班")],
)
def test_normalize_unit(raw, unit):
    assert normalize_unit(raw) == unit


def test_resolve_unit_multipliers():
    assert resolve_unit("万元") == ("元", Decimal(10000))
    assert resolve_unit("亿元") == ("元", Decimal(100000000))
    assert resolve_unit("千元") == ("元", Decimal(1000))
    assert resolve_unit("万") == (None, Decimal(10000))
    assert resolve_unit("万", money_context=True) == ("元", Decimal(10000))
    assert resolve_unit("万人") == ("人", Decimal(10000))
    assert resolve_unit("万元/亩") == ("元/亩", Decimal(10000))
    assert resolve_unit("个") == ("个", Decimal(1))


@pytest.mark.parametrize(
    "word",
    "个 次 人 人次 户 亩 元 天 工作日 分 月 年 件 场 项 家 栋 平方米 公里 所 名 期 篇".split(),
)
def test_brief_count_words_are_units(word):
    assert normalize_unit(word) == word
    assert re.fullmatch(UNIT_PATTERN, word)
    assert word in COUNT_WORDS or word in DURATION_UNITS


def test_unit_kinds():
    assert is_money("元") and is_money("万元") and is_money("元/亩")
    assert not is_money("%") and not is_money(None)
    assert is_duration("天") and is_duration("个工作日") and is_duration("月") and not is_duration("次")
    assert is_percent("%") and is_percent("‰") and not is_percent("百分点")
    assert is_count("个") and is_count("人次") and not is_count("元") and not is_count("天")


def test_unit_pattern_takes_the_longest_spelling():
    assert re.match(UNIT_PATTERN, "个工作日内").group() == "个工作日"
    assert re.match(UNIT_PATTERN, "人/次以上").group() == "人/次"
    assert re.match(UNIT_PATTERN, "元/人/月").group() == "元/人/月"
    assert re.match(UNIT_PATTERN, "分钟").group() == "分钟"


@pytest.mark.parametrize(
    "value,src,dst,expected",
    [(10.5, "万元", "元", 105000.0), (95.3, "万元", "元", 953000.0), (953000, "元", "万元", 95.3),
     (3, "万", "元", 30000.0), (1.5, "亿元", "万元", 15000.0), (5, "‰", "%", 0.5), (98, "%", "%", 98.0),
     (48, "小时", "天", 2.0), (2, "周", "天", 14.0), (1, "年", "个月", 12.0), (3, "个", "次", 3.0),
     (3, "次", "场", 3.0), (3, "名", "人", 3.0), (3, "幢", "栋", 3.0), (2, "公里", "米", 2000.0),
     (1.2, "万元/亩", "元/亩", 12000.0), (7, None, None, 7.0), (Decimal("1.5"), "万元", "元", 15000.0)],
)
def test_convert(value, src, dst, expected):
    assert convert(value, src, dst) == expected


@pytest.mark.parametrize(
    "src,dst",
    [("天", "工作日"), ("工作日", "天"), ("人", "人次"), ("%", "元"), ("%", "百分点"), ("个", "亩"),
     ("个", "元"), ("月", "天"), ("元/亩", "元/人"), ("元", None), (None, "%"), ("亩", "户")],
)
def test_convert_refuses_what_cannot_agree(src, dst):
    assert convert(1, src, dst) is None


def test_convert_days_and_workdays_only_when_told():
    assert convert(5, "天", "工作日") is None
    assert convert(5, "天", "个工作日", workdays_as_days=True) == 5.0


@pytest.mark.parametrize("bad", [None, float("nan"), float("inf"), True, "abc"])
def test_convert_bad_values(bad):
    assert convert(bad, "元", "元") is None


def test_percent_spelled_as_word():
    """`≥100百分比` in published tables: 百分比 is %."""
    assert normalize_unit("百分比") == "%"
    assert convert(98, "百分比", "%") == 98.0
