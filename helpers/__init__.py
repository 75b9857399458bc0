"""Helpers for the geopolitical-analysis notebook suite.

>>> from helpers import load_dataset
>>> ds = load_dataset()
"""

from helpers.data import TABLES, Dataset, DatasetError, load_dataset
from helpers.provenance import AmbiguousEvidence, EvidenceNotFound, find_span, read_source
from helpers.validate import CannotValidate, Problem, validate

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
    "validate",
]
