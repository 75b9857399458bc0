"""Load the dataset: one call, validated, with proper dtypes.

>>> ds = load_dataset()
>>> ds.statements["stance"].dtype.name
'category'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.dates import day_bounds as _day_bounds
from helpers.validate import TABLES, CannotValidate, CheckedPackage, Problem, check_package

__all__ = ["TABLES", "Dataset", "DatasetError", "load_dataset"]


class DatasetError(ValueError):
    """The data failed validation; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:20])
        more = f"\n  ... and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the dataset:\n{shown}{more}")


@dataclass(frozen=True)
class Dataset:
    """The tables of the data package as DataFrames, plus the source texts.

    Row order is file order; the index is a plain ``RangeIndex``.
    """

    documents: pd.DataFrame
    actors: pd.DataFrame
    topics: pd.DataFrame
    statements: pd.DataFrame
    weapons_systems: pd.DataFrame
    country_positions: pd.DataFrame
    events: pd.DataFrame
    curator_notes: pd.DataFrame
    texts: dict[str, str]
    descriptor: dict
    data_dir: Path

    @property
    def version(self) -> str:
        """The data package's version, to cite with any fact."""
        return str(self.descriptor.get("version", ""))

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """All tables by name, in the package's order."""
        return {name: getattr(self, name) for name in TABLES}

    def vocabulary(self, name: str) -> dict[str, str]:
        """Labels and definitions of a controlled vocabulary, e.g. ``'stance'``."""
        return dict(self.descriptor["vocabularies"][name])

    def text(self, document_id: str) -> str:
        """The exact text of a source document."""
        return self.texts[document_id]

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(df)}" for name, df in self.tables.items())
        return f"Dataset(version={self.version!r}, {sizes})"


def _column(values: list[str], spec: dict) -> pd.api.extensions.ExtensionArray:
    """Convert one column of validated strings to its dtype; empty means missing."""
    enum = spec.get("constraints", {}).get("enum")
    if spec.get("type") == "integer":
        mask = np.array([v == "" for v in values], dtype=bool)
        ints = np.array([0 if v == "" else int(v) for v in values], dtype="int64")
        return pd.arrays.IntegerArray(ints, mask)
    if enum is not None:
        # validated: every non-empty value is in the enum (a KeyError here would be a bug, never a silent NaN)
        code = {label: i for i, label in enumerate(enum)}
        codes = np.array([-1 if v == "" else code[v] for v in values], dtype="int64")
        return pd.Categorical.from_codes(codes, categories=enum)
    return pd.array([None if v == "" else v for v in values], dtype="string")


def _period_bounds(dates: pd.Series, precisions: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last day covered by each (date, precision) pair: a month is a span."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    starts, ends = [], []
    for value, precision in zip(dates.tolist(), precisions.tolist(), strict=True):
        if value is pd.NA or value is None:
            starts.append("NaT")
            ends.append("NaT")
            continue
        key = (value, precision)
        if key not in seen:
            seen[key] = _day_bounds(value, precision)
        start, end = seen[key]
        starts.append(start)
        ends.append(end)

    def as_series(days: list[str]) -> pd.Series:
        return pd.Series(np.array(days, dtype="datetime64[D]").astype("datetime64[ns]"), index=dates.index)

    return as_series(starts), as_series(ends)


def _frame(rows: list[dict[str, str]], resource: dict) -> pd.DataFrame:
    fields = resource["schema"]["fields"]
    df = pd.DataFrame({f["name"]: _column([r[f["name"]] for r in rows], f) for f in fields})
    if df.empty:
        df = df.reset_index(drop=True)
    date_col, precision_col = ("published", "date_precision") if resource["name"] == "documents" else ("date", "date_precision")
    if date_col in df and precision_col in df:
        df["date_start"], df["date_end"] = _period_bounds(df[date_col], df[precision_col])
    return df


def _to_dataset(checked: CheckedPackage) -> Dataset:
    resources = {r["name"]: r for r in checked.descriptor["resources"]}
    frames = {name: _frame(checked.rows[name], resources[name]) for name in TABLES}
    texts = {doc_id: src.text for doc_id, src in checked.sources.items()}
    return Dataset(**frames, texts=texts, descriptor=checked.descriptor, data_dir=checked.data_dir)


def load_dataset(path: str | Path | None = None) -> Dataset:
    """Validate and load the data package at ``path`` (default: the project's ``data/``).

    Raises :class:`DatasetError` listing every problem if the data is invalid,
    or the one reason it cannot be read (no folder, no descriptor).
    Columns keep the package's order; controlled vocabularies are categoricals
    (categories in the schema's order), offsets are nullable ``Int64``, other
    text is ``string``. Tables with a date gain two derived columns,
    ``date_start`` and ``date_end``: the first and last day the date covers at
    its precision.

    >>> load_dataset().statements.shape[0] > 0
    True
    """
    try:
        checked = check_package(path)
    except CannotValidate as exc:  # one exception type for callers, whatever went wrong
        raise DatasetError([exc.problem]) from exc
    if checked.problems:
        raise DatasetError(checked.problems)
    return _to_dataset(checked)
