"""Skips shared by the test modules that must hold on any package, including a new, empty corpus (``--data-dir``)."""

from __future__ import annotations

from collections.abc import Sized
from typing import TypeVar

import pytest

RowsT = TypeVar("RowsT", bound=Sized)


def rows_or_skip(rows: RowsT, what: str, because: str | None = None) -> RowsT:
    """``rows`` (a DataFrame, a list, anything with a length) when there are any; otherwise skip the test.

    The skip names what the package under test lacks (``what``), then ``because``, the consequence, when given:
    ``rows_or_skip([], "statement", because="nothing of that kind to break")`` skips with
    "the package has no statement: nothing of that kind to break".
    """
    __tracebackhide__ = True  # the skip is reported at the line of the test (or helper) that called this
    if len(rows) == 0:
        pytest.skip(f"the package has no {what}" + (f": {because}" if because else ""))
    return rows
