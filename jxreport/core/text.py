"""What counts as a blank cell, decided once for every stage.

A workbook cell reaches the code as None (openpyxl), NaN (pandas), pandas' NA/NaT
(nullable and date columns) or text that is only spaces (a cell someone "cleared" with the
space bar, full-width spaces included). A person reading the sheet sees all of them as
empty, so every check, score and report treats them alike.
"""

from __future__ import annotations

from decimal import Decimal

# pandas' missing-value singletons, matched by type name so that this stage needs no pandas.
_NA_TYPES = frozenset({"NAType", "NaTType"})


def blank(value) -> bool:
    """True for None, NaN (float, numpy, Decimal), pandas NA/NaT and whitespace-only text."""
    if value is None:
        return True
    cls = value.__class__
    if cls is str:
        return not value.strip()
    if cls is float:
        return value != value  # NaN
    if cls is int or cls is bool:
        return False
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Decimal):
        return value.is_nan()
    if cls.__name__ in _NA_TYPES:
        return True
    try:
        return bool(value != value)  # only NaN differs from itself (float, numpy scalars, NaT)
    except (TypeError, ValueError, ArithmeticError):
        return False


def blanks(values) -> list[bool]:
    """`blank` of each cell of a column: text, None and floats are decided inline (a column
    of 100,000 cells costs no function call per cell); anything else goes through `blank`."""
    return [v is None or (not v.strip() if v.__class__ is str else
                          (v != v if v.__class__ is float else v.__class__ is not int and blank(v)))
            for v in values]


def text_or_none(value) -> str | None:
    """The cell as stripped text, None when it is blank."""
    return None if blank(value) else str(value).strip()


def texts(values) -> list[str | None]:
    """`text_or_none` of each cell of a column, in one pass: text is stripped once, and
    whitespace-only text is the empty string that becomes None; other cells go through `blank`."""
    return [(v.strip() or None) if v.__class__ is str else (None if v is None or blank(v) else str(v).strip())
            for v in values]


def none_if_blank(values) -> list:
    """A column with each blank cell as None and every other cell as it is."""
    return [None if b else v for v, b in zip(values, blanks(values))]
