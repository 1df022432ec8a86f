"""Working days by China's official holiday calendar."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from jxreport.grammar.workdays import WorkdayRangeError, add_working_days, is_working_day, working_days_between

D = dt.date


def test_national_day_2022_per_library():
    # 2022-10-01..07 off; Saturday 10-08 and Sunday 10-09 were 调休 working days
    assert [d for d in chinese_calendar.get_workdays(D(2022, 10, 1), D(2022, 10, 10))] == [
        D(2022, 10, 8), D(2022, 10, 9), D(2022, 10, 10)
    ]
    assert working_days_between(D(2022, 9, 30), D(2022, 10, 10)) == 3
    assert working_days_between(D(2022, 9, 30), D(2022, 10, 7)) == 0
    assert is_working_day(D(2022, 10, 8)) and is_working_day(D(2022, 10, 9))
    assert not is_working_day(D(2022, 10, 3))


def test_add_working_days_across_the_holiday():
    assert add_working_days(D(2022, 9, 30), 1) == D(2022, 10, 8)
    assert add_working_days(D(2022, 9, 30), 3) == D(2022, 10, 10)
    assert add_working_days(D(2022, 10, 8), -1) == D(2022, 9, 30)
    assert add_working_days(D(2022, 10, 3), 0) == D(2022, 10, 3)


def test_between_is_after_start_up_to_end():
    assert working_days_between(D(2022, 12, 19), D(2022, 12, 19)) == 0
    assert working_days_between(D(2022, 12, 19), D(2022, 12, 20)) == 1  # Mon → Tue
    assert working_days_between(D(2022, 12, 16), D(2022, 12, 19)) == 1  # Fri → Mon
    assert working_days_between(D(2022, 12, 20), D(2022, 12, 19)) == -1


def test_across_years_and_datetimes():
    n = working_days_between(D(2021, 12, 30), dt.datetime(2022, 1, 5, 18, 0))
    expected = len([d for d in chinese_calendar.get_workdays(D(2021, 12, 31), D(2022, 1, 5))])
    assert n == expected
    assert add_working_days(D(2021, 12, 30), n) <= D(2022, 1, 5)


@pytest.mark.parametrize(
    "start,n", [(D(2022, 9, 30), 5), (D(2021, 12, 28), 10), (D(2022, 1, 3), -3), (D(2020, 1, 1), 300)]
)
def test_add_and_between_agree(start, n):
    end = add_working_days(start, n)
    assert is_working_day(end)
    if n > 0:
        assert working_days_between(start, end) == n
    else:
        assert len([d for d in chinese_calendar.get_workdays(end, start) if d != start]) == -n


def test_outside_the_calendar_raises_range_error():
    with pytest.raises(WorkdayRangeError):
        working_days_between(D(2022, 1, 1), D(2099, 1, 1))
    with pytest.raises(WorkdayRangeError):
        add_working_days(D(1990, 1, 1), 1)
    with pytest.raises(ValueError):  # WorkdayRangeError is a ValueError
        is_working_day(D(2099, 6, 1))


def test_rejects_non_dates():
    with pytest.raises(TypeError):
        working_days_between("2022-01-01", D(2022, 1, 2))
