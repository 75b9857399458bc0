"""Dates at a precision: the days a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` value covers.

Kept free of pandas so that the command-line tools (the exports) start fast.

>>> day_bounds("2024-02", "month")
('2024-02-01', '2024-02-29')
"""

from __future__ import annotations

import calendar

__all__ = ["FIRST_DAY", "LAST_DAY", "day_bounds", "representable"]

#: The first and last whole days the loader can represent: ``date_start`` and ``date_end`` are pandas timestamps in
#: nanoseconds, which reach from 1677-09-21 00:12:43 to 2262-04-11 23:47:16 (a date outside would wrap silently);
#: the same whole days as the validator's column-wise check (issue 24).
FIRST_DAY, LAST_DAY = "1677-09-22", "2262-04-10"


def day_bounds(value: str, precision: str) -> tuple[str, str]:
    """First and last day (ISO) covered by a validated date at its precision."""
    if precision in ("day", "hour", "minute"):  # a time of day (YYYY-MM-DDTHH:MM+HH:MM) falls within its local day
        return value[:10], value[:10]
    year = int(value[:4])
    if precision == "year":
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    month = int(value[5:7])
    return f"{value[:7]}-01", f"{value[:7]}-{calendar.monthrange(year, month)[1]:02d}"


def representable(value: str, precision: str) -> bool:
    """Whether every day a validated date covers lies within :data:`FIRST_DAY` .. :data:`LAST_DAY`.

    >>> representable("2262-04-10", "day"), representable("2262-04", "month"), representable("0001", "year")
    (True, False, False)
    """
    start, end = day_bounds(value, precision)
    return FIRST_DAY <= start and end <= LAST_DAY
