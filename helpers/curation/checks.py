"""Single values checked when a curator command writes them: text that reads back as written, dates the loader can hold.

A value the validator would refuse is refused before anything is written, with a message naming the column.
"""

from __future__ import annotations

import re
from datetime import date

from helpers.dataset.dates import FIRST_DAY, LAST_DAY, representable
from helpers.dataset.rules.core import _BIDI, _control_characters

_DATE_PATTERNS = {"year": r"[0-9]{4}", "month": r"[0-9]{4}-[0-9]{2}", "day": r"[0-9]{4}-[0-9]{2}-[0-9]{2}"}


def _check_text(column: str, value: str) -> None:
    if re.search("[\ud800-\udfff]", value):
        raise ValueError(f"{column}: refusing a value that is not Unicode text (a lone surrogate: bytes of another encoding "
                         "on the command line?)")
    bad = sorted({*_control_characters(value), *(c for c in value if c in _BIDI)})
    if bad:
        raise ValueError(f"{column}: refusing control or bidirectional character(s) {', '.join(f'U+{ord(c):04X}' for c in bad)} "
                         "(a carriage return, a NUL?): the CSV must read back as written")


def _check_date(column: str, value: str, precision: str | None) -> None:
    if not value:
        return
    pattern = _DATE_PATTERNS.get(precision or "", r"[0-9]{4}(-[0-9]{2}){0,2}")
    if not re.fullmatch(pattern, value, re.ASCII):
        raise ValueError(f"{column}: {value!r} is not a date at precision {precision!r} (YYYY, YYYY-MM or YYYY-MM-DD)")
    parts = [int(p) for p in value.split("-")]
    try:
        date(*parts, *[1] * (3 - len(parts)))
    except ValueError:
        raise ValueError(f"{column}: {value!r} is not a calendar date") from None
    if not representable(value, {4: "year", 7: "month"}.get(len(value), "day")):
        raise ValueError(f"{column}: {value!r} lies outside the days the loader can represent ({FIRST_DAY} to {LAST_DAY})")
