"""Helpers for the geopolitical-analysis notebook suite.

The public names are imported lazily, so ``import helpers`` does no work and
``python -m helpers.dataset.validate`` runs its module only once. The validator's
function lives in its module: ``from helpers.dataset.validate import validate``.

>>> from helpers import load_dataset
>>> ds = load_dataset()
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "TABLES": "helpers.dataset.load",
    "Dataset": "helpers.dataset.load",
    "DatasetError": "helpers.dataset.load",
    "load_dataset": "helpers.dataset.load",
    "AmbiguousEvidence": "helpers.dataset.provenance",
    "EvidenceNotFound": "helpers.dataset.provenance",
    "find_span": "helpers.dataset.provenance",
    "read_source": "helpers.dataset.provenance",
    "CannotValidate": "helpers.dataset.problems",
    "Problem": "helpers.dataset.problems",
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
    from helpers.dataset.load import TABLES, Dataset, DatasetError, load_dataset
    from helpers.dataset.problems import CannotValidate, Problem
    from helpers.dataset.provenance import AmbiguousEvidence, EvidenceNotFound, find_span, read_source


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
