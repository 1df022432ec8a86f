"""One meaning of a blank cell for every stage (jxreport.core.text)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from jxreport.core.text import blank, blanks, text_or_none, texts

BLANK = [None, float("nan"), np.float64("nan"), np.float32("nan"), Decimal("NaN"), pd.NA, pd.NaT,
         "", " ", "\u3000", "\t\n", np.str_("  ")]
FILLED = [0, 0.0, False, True, Decimal(0), "0", " x ", "无", dt.date(2022, 1, 1), np.int64(0),
          np.float64(1.5), pd.Timestamp("2022-01-01"), math.inf]


@pytest.mark.parametrize("value", BLANK, ids=repr)
def test_blank_cells(value):
    assert blank(value)


@pytest.mark.parametrize("value", FILLED, ids=repr)
def test_filled_cells(value):
    assert not blank(value)


def test_column_form_agrees_with_the_cell_form():
    values = BLANK + FILLED
    assert blanks(values) == [True] * len(BLANK) + [False] * len(FILLED)


def test_column_texts_agree_with_the_cell_form():
    values = BLANK + FILLED + ["  资金 ", "\u3000x\u3000", np.str_(" y ")]
    assert texts(values) == [text_or_none(v) for v in values]


def test_text_is_stripped_and_blank_is_none():
    assert text_or_none("  资金 ") == "资金"
    assert text_or_none("\u3000") is None
    assert text_or_none(float("nan")) is None
    assert text_or_none(12) == "12"
    assert texts([" a", None, " ", 3, pd.NA]) == ["a", None, None, "3", None]


def test_column_with_blanks_as_none_keeps_other_cells():
    from jxreport.core.text import none_if_blank

    assert none_if_blank([float("nan"), " ", 0, "≥", pd.NA, 2.5]) == [None, None, 0, "≥", None, 2.5]
