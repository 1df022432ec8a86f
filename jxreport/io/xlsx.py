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
    """Write `value` into an openpyxl cell: numbers as numbers, risky text as text, no control characters."""
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters: openpyxl refuses them
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


def save_reproducible(wb, path, when: dt.datetime) -> None:
    """Save `wb` so that the same content always gives the same bytes.

    openpyxl stamps the save time into docProps/core.xml and every zip entry; a manifest of
    sha256 sums (and an auditor comparing two runs) needs neither to move. Both are set to
    `when`, normally the report date.
    """
    import io
    import re
    import zipfile

    buf = io.BytesIO()
    wb.properties.created = when
    wb.save(buf)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, data)
