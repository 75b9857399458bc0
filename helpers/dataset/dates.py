"""Dates at a precision: the days a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` value covers.

Kept free of pandas so that the command-line tools (the exports) start fast.

>>> day_bounds("2024-02", "month")
('2024-02-01', '2024-02-29')
"""

from __future__ import annotations

import calendar

__all__ = ["day_bounds"]


def day_bounds(value: str, precision: str) -> tuple[str, str]:
    """First and last day (ISO) covered by a validated date at its precision."""
    if precision == "day":
        return value, value
    year = int(value[:4])
    if precision == "year":
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    month = int(value[5:7])
    return f"{value[:7]}-01", f"{value[:7]}-{calendar.monthrange(year, month)[1]:02d}"
