"""Analysis: the tables and measures the notebooks argue from (counts, coverage, the story, accounts, reliability).

May import :mod:`helpers.dataset` only; never the views. ``from helpers import analysis`` gives the
tables and coverage functions by name; ``story``, ``accounts`` and ``reliability`` are its modules.
"""

from helpers.analysis.coverage import *  # noqa: F403
from helpers.analysis.coverage import __all__ as _coverage
from helpers.analysis.tables import *  # noqa: F403
from helpers.analysis.tables import __all__ as _tables

__all__ = [*_tables, *_coverage]
