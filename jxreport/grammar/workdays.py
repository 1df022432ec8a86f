"""Working days (工作日) by China's official holiday calendar (the ``chinese_calendar`` package).

A target such as ``5个工作日内`` counts working days, not calendar days: weekends are off
except the 调休 Saturdays/Sundays, and public holidays are off. The package only knows the
years the State Council has published; outside them we raise :class:`WorkdayRangeError`
rather than guess.

No scoring step needs it yet: a 工作日 target is compared with an actual written in 工作日
(a count, units.py), and no sheet of the data format records the two dates (received,
finished) that a count of working days would come from. It is kept, tested, for the
计算口径 that will read such dates.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from functools import lru_cache

import chinese_calendar

__all__ = ["WorkdayRangeError", "add_working_days", "is_working_day", "working_days_between"]


class WorkdayRangeError(ValueError):
    """A date outside the years the holiday calendar covers."""


def _as_date(d) -> _dt.date:
    if isinstance(d, _dt.datetime):
        return d.date()
    if isinstance(d, _dt.date):
        return d
    raise TypeError(f"expected a date, got {type(d).__name__}")


@lru_cache(maxsize=64)
def _year_workdays(year: int) -> tuple[_dt.date, ...]:
    """All working days of one year, sorted; raises WorkdayRangeError for an unknown year."""
    try:
        return tuple(
            chinese_calendar.get_workdays(_dt.date(year, 1, 1), _dt.date(year, 12, 31))
        )
    except NotImplementedError as exc:
        raise WorkdayRangeError(f"节假日日历不包含 {year} 年（{exc}）") from exc


def is_working_day(d) -> bool:
    """True for a working day (including a 调休 weekend day)."""
    day = _as_date(d)
    days = _year_workdays(day.year)
    i = bisect.bisect_left(days, day)
    return i < len(days) and days[i] == day


def _rank(day: _dt.date, first_year: int) -> int:
    """Working days from 1 January of ``first_year`` up to and including ``day``."""
    total = sum(len(_year_workdays(y)) for y in range(first_year, day.year))
    return total + bisect.bisect_right(_year_workdays(day.year), day)


def working_days_between(start, end) -> int:
    """Working days after ``start`` up to and including ``end``.

    So a task received on ``start`` and finished on ``end`` took this many working days.
    With ``end`` before ``start`` the count is negative (working days after ``end`` up to
    and including ``start``, negated), so lateness and earliness read the same way.
    """
    a, b = _as_date(start), _as_date(end)
    if b < a:
        return -working_days_between(b, a)
    first = a.year
    return _rank(b, first) - _rank(a, first)


def add_working_days(start, n: int) -> _dt.date:
    """The n-th working day after ``start`` (n < 0: before it; n == 0: ``start`` itself)."""
    day = _as_date(start)
    n = int(n)
    if n == 0:
        return day
    step = 1 if n > 0 else -1
    left = abs(n)
    year = day.year
    while True:
        days = _year_workdays(year)
        if step > 0:
            i = bisect.bisect_right(days, day)
            avail = len(days) - i
            if left <= avail:
                return days[i + left - 1]
        else:
            i = bisect.bisect_left(days, day)
            avail = i
            if left <= avail:
                return days[i - left]
        left -= avail
        year += step
        # a sentinel just outside the new year, so that every one of its days counts
        day = _dt.date(year - 1, 12, 31) if step > 0 else _dt.date(year + 1, 1, 1)
