"""The printed money figures: one 万元 factor, half-up cents, one way to write 万元."""

from __future__ import annotations

from decimal import Decimal

from jxreport.core.rounding import WAN, fmt_money, fmt_pct, fmt_wan, q2, yuan_to_wan
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


def test_money_and_percent_round_half_up_from_every_input_type():
    """Decimal, str, int and float inputs print alike (scoring passes Decimals, sheets floats)."""
    for x in (Decimal("2.675"), "2.675", 2.675):
        assert fmt_money(x) == "2.68"
    assert fmt_money(Decimal("-2.675")) == "-2.68"  # half away from zero, as 四舍五入
    assert fmt_money(1234567) == "1,234,567.00"
    assert fmt_money(Decimal("1234.5"), 0) == "1,235"
    assert fmt_pct(Decimal("0.98255")) == "98.26%"
    assert fmt_pct(0.98255) == "98.26%"
    assert fmt_pct(Decimal("0.98255"), 1) == "98.3%"
    assert q2(Decimal("0.005")) == Decimal("0.01") and q2(1) == Decimal("1.00")
