"""Writing cells with openpyxl safely: the one place that decides how a value lands in Excel.

Text from workbooks may begin with `=`, `+`, `-` or `@`; Excel would run it as a formula
(CSV/formula injection). Every writer in jxreport goes through `set_value`, which stores
such text as a string cell.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

FORMULA_START = ("=", "+", "-", "@")


def set_value(cell, value, number_format: str | None = None):
    """Write `value` into an openpyxl cell: numbers as numbers, risky text as text."""
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, str):
        cell.value = value
        if value.startswith(FORMULA_START):
            cell.data_type = "s"  # openpyxl would otherwise save it as a formula
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell
