"""The printed money figures: one 万元 factor, half-up cents, one way to write 万元."""

from __future__ import annotations

from decimal import Decimal

from jxreport.core.rounding import WAN, fmt_money, fmt_wan, yuan_to_wan
from jxreport.grammar.units import convert


def test_money_rounds_half_up_with_separators():
    assert fmt_money(1100) == "1,100.00"
    assert fmt_money(0.125) == "0.13"  # half up, not half to even (0.12)
    assert fmt_money(2.675) == "2.68"  # the float 2.675 is 2.67499…; its repr is rounded


def test_wan_sentence_form():
    assert fmt_wan(Decimal("1234.565")) == "1,234.57 万元"


def test_yuan_to_wan_is_exact_and_shared_with_the_unit_grammar():
    assert WAN == Decimal(10000)
    assert yuan_to_wan(123456) == Decimal("12.3456")
    assert convert(Decimal(3), "万元", "元") == Decimal(30000)
