"""Helpers for the geopolitical-analysis notebook suite.

The public names are imported lazily, so ``import helpers`` does no work and
``python -m helpers.validate`` runs its module only once. The validator's
function lives in its module: ``from helpers.validate import validate``.

>>> from helpers import load_dataset
>>> ds = load_dataset()
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "TABLES": "helpers.data",
    "Dataset": "helpers.data",
    "DatasetError": "helpers.data",
    "load_dataset": "helpers.data",
    "AmbiguousEvidence": "helpers.provenance",
    "EvidenceNotFound": "helpers.provenance",
    "find_span": "helpers.provenance",
    "read_source": "helpers.provenance",
    "CannotValidate": "helpers.validate",
    "Problem": "helpers.validate",
}

__all__ = [
    "TABLES",
    "AmbiguousEvidence",
    "CannotValidate",
    "Dataset",
    "DatasetError",
    "EvidenceNotFound",
    "Problem",
    "find_span",
    "load_dataset",
    "read_source",
]

if TYPE_CHECKING:
    from helpers.data import TABLES, Dataset, DatasetError, load_dataset
    from helpers.provenance import AmbiguousEvidence, EvidenceNotFound, find_span, read_source
    from helpers.validate import CannotValidate, Problem


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
