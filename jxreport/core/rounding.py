"""Half-up (四舍五入) rounding and the printed forms of money, rates and scores.

Python's round() rounds half to even and floats cannot hold 11.125 reliably, so every
figure a person reads goes through Decimal with ROUND_HALF_UP here, and nowhere else.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
_HUNDRED = Decimal(100)
WAN = Decimal(10000)  # 1 万元 = 10,000 元: the budget sheets count in 万元, the payment records in 元


def dec(x) -> Decimal:
    """A Decimal from an int, float, str or Decimal; floats go through their shortest repr."""
    if x.__class__ is Decimal or isinstance(x, Decimal):  # the class test first: most calls pass a Decimal
        return x
    if x is None:
        return Decimal(0)
    if isinstance(x, float):
        if x != x:  # NaN: an absent figure counts as nothing
            return Decimal(0)
        return Decimal(repr(float(x)))  # float(): numpy.float64's repr is "np.float64(…)"
    return Decimal(str(x))


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(7)}


def q(x, places: int = 2) -> Decimal:
    """Round half up to `places` decimals."""
    quantum = _QUANTA[places] if places in _QUANTA else Decimal(1).scaleb(-places)
    return dec(x).quantize(quantum, rounding=ROUND_HALF_UP)


def q2(x) -> Decimal:
    """Round half up to cents: one call, as scoring does it for every one of 100,000 indicators."""
    return (x if x.__class__ is Decimal else dec(x)).quantize(CENT, ROUND_HALF_UP)


def pct(rate, places: int = 2) -> Decimal:
    """A fraction (0.9826) as a percentage rounded half up (98.26)."""
    return q(dec(rate) * _HUNDRED, places)


def fmt_money(x, places: int = 2) -> str:
    """万元 or 元 with thousands separators: 1,100.00."""
    if places == 2:  # scoring prints some 50,000 amounts to cents: q2 skips q()'s general path
        return f"{q2(x):,.2f}"
    return f"{q(x, places):,.{places}f}"


def fmt_wan(x) -> str:
    """An amount in 万元 as a sentence prints it: 1,100.00 万元."""
    return f"{fmt_money(x)} 万元"


def fmt_pct(rate, places: int = 2) -> str:
    """A fraction printed as a percentage: 0.98256 -> 98.26%."""
    if places == 2:
        return f"{q2(dec(rate) * _HUNDRED):.2f}%"
    return f"{pct(rate, places):.{places}f}%"


def fmt_score(x) -> str:
    return f"{q2(x):.2f}"


def yuan_to_wan(x) -> Decimal:
    """元 to 万元, unrounded."""
    return dec(x) / WAN
