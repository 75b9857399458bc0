"""Load the dataset: one call, validated, with proper dtypes.

>>> ds = load_dataset()
>>> ds.statements["stance"].dtype.name
'category'
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from helpers.dataset import cache
from helpers.dataset.columnwise import timestamp_columns
from helpers.dataset.dates import FIRST_DAY as _FIRST_DAY
from helpers.dataset.dates import LAST_DAY as _LAST_DAY
from helpers.dataset.dates import day_bounds as _day_bounds
from helpers.dataset.dates import representable as _representable
from helpers.dataset.paths import DESCRIPTOR_NAME, default_data_dir
from helpers.dataset.problems import TABLES, CannotValidate, CheckedPackage, Problem
from helpers.dataset.validate import check_package, cycle_collection_paused

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
    # how the story is told (issue 14); empty by default so a Dataset built by hand needs only the tables above
    claims: pd.DataFrame = field(default_factory=pd.DataFrame)
    claim_statements: pd.DataFrame = field(default_factory=pd.DataFrame)
    expected_voices: pd.DataFrame = field(default_factory=pd.DataFrame)
    framing_terms: pd.DataFrame = field(default_factory=pd.DataFrame)
    event_links: pd.DataFrame = field(default_factory=pd.DataFrame)
    # dataset 2.0 (issue 20): what was said once, and where each actor is named
    utterances: pd.DataFrame = field(default_factory=pd.DataFrame)
    mentions: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: The package's other tables (codings, comparisons, ...) by name; each is also an attribute: ``ds.codings``.
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: problems of severity "warning" (e.g. a cell a spreadsheet would run as a formula): reported, not fatal
    warnings: tuple[Problem, ...] = ()

    def __getattr__(self, name: str) -> pd.DataFrame:
        extra = self.__dict__.get("extra", {})
        if name in extra:
            return extra[name]
        raise AttributeError(f"the dataset has no table or attribute {name!r}")

    @property
    def version(self) -> str:
        """The data package's version, to cite with any fact."""
        return str(self.descriptor.get("version", ""))

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The fact tables (:data:`TABLES`) by name, in the package's order."""
        return {name: getattr(self, name) for name in TABLES}

    @property
    def all_tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the package by name: the fact tables, then the others in the descriptor's order."""
        return {**self.tables, **self.extra}

    def tentative(self, table: str, field: str) -> dict | None:
        """The ``tentative`` marker of a field (alpha, units, reason, action), or None when its labels proved reliable.

        A judgement variable whose Krippendorff's alpha fell below 0.8 in the blind double coding
        carries this marker in the descriptor (CODEBOOK.md §9).
        """
        for resource in self.descriptor["resources"]:
            if resource["name"] == table:
                for spec in resource["schema"]["fields"]:
                    if spec["name"] == field:
                        return spec.get("tentative")
        return None

    def primary_key(self, table: str) -> str:
        """The (single) primary-key column of a table, from the descriptor, e.g. ``'statement_id'``."""
        for resource in self.descriptor["resources"]:
            if resource["name"] == table:
                key = resource["schema"]["primaryKey"]
                return key if isinstance(key, str) else key[0]
        raise KeyError(f"no table {table!r} in the package")

    def vocabulary(self, name: str) -> dict[str, str]:
        """Labels and definitions of a controlled vocabulary, e.g. ``'stance'``."""
        return dict(self.descriptor["vocabularies"][name])

    def text(self, document_id: str) -> str:
        """The exact text of a source document."""
        return self.texts[document_id]

    def describe_source(self, relative_to: str | Path | None = None) -> str:
        """Which data folder this dataset was loaded from, and which package and version it holds: one line to print.

        The folder is shown relative to ``relative_to`` (default: the working directory, which in
        Jupyter is the notebook's folder), so a notebook in ``notebooks/`` that loaded its own
        checkout's data prints ``../data``; data from anywhere else (another checkout, through an
        editable install) shows its absolute path and cannot pass unnoticed.

        >>> from helpers.dataset.paths import project_root
        >>> print(load_dataset().describe_source(project_root() / "notebooks"))  # doctest: +ELLIPSIS
        Data loaded from ../data: package kremlin-denial-troops-ukraine version ..., ... document(s).
        """
        base = (Path(relative_to) if relative_to is not None else Path.cwd()).resolve()
        data = self.data_dir.resolve()
        home = _checkout_of(base)
        where = Path(os.path.relpath(data, base)) if data.is_relative_to(home) else data
        return (f"Data loaded from {where.as_posix()}: package {self.descriptor.get('name', '(no name)')} version {self.version}, "
                f"{len(self.documents)} document(s).")

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(df)}" for name, df in self.all_tables.items())
        return f"Dataset(version={self.version!r}, {sizes})"


def _checkout_of(folder: Path) -> Path:
    """The checkout (a folder holding ``.git`` or ``helpers/``) that contains ``folder``; ``folder`` itself if none does."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists() or (candidate / "helpers" / "__init__.py").is_file():
            return candidate
    return folder


def _column(values: Sequence[str], spec: dict) -> pd.api.extensions.ExtensionArray:
    """Convert one column of validated strings to its dtype; empty means missing."""
    cells = np.empty(len(values), dtype=object)
    cells[:] = values
    empty = cells == ""
    enum = spec.get("constraints", {}).get("enum")
    if spec.get("type") == "boolean":  # validated: frictionless' default true and false values
        truth = np.isin(cells, ["true", "True", "TRUE", "1"])
        return pd.arrays.BooleanArray(truth, empty)
    if spec.get("type") == "integer":
        ints = np.zeros(len(cells), dtype="int64")
        ints[~empty] = cells[~empty].astype(np.int64)  # int() of each value, as before
        return pd.arrays.IntegerArray(ints, empty)
    if enum is not None:
        codes = pd.Index(enum).get_indexer(cells)
        if ((codes == -1) != empty).any():  # validated: every non-empty value is in the enum; anything else is a bug, never a silent NaN
            raise KeyError(f"values outside the enum of {spec.get('name')}: {sorted(set(cells[(codes == -1) & ~empty]))[:5]}")
        return pd.Categorical.from_codes(codes, categories=enum)
    cells[empty] = None
    return pd.array(cells, dtype="string")


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


def _unrepresentable_dates(checked: CheckedPackage, columns: Columns) -> list[Problem]:
    """Dates (validated) whose first or last day lies outside what ``date_start``/``date_end`` can hold."""
    problems = []
    for name, resource in checked.resources.items():
        date_col = "published" if name == "documents" else "date"
        table = columns.get(name, {})
        if date_col not in table or "date_precision" not in table:
            continue
        for i, (value, precision) in enumerate(zip(table[date_col], table["date_precision"], strict=True)):
            if value and precision in ("year", "month", "day") and not _representable(value, precision):
                problems.append(Problem(str(checked.data_dir / resource["path"]), i + 2, date_col,
                                        f"{value!r} lies outside the days the loader can represent ({_FIRST_DAY} to {_LAST_DAY})",
                                        "date-out-of-range"))
    return problems


def _frame(columns: dict[str, Sequence[str]], resource: dict) -> pd.DataFrame:
    fields = resource["schema"]["fields"]
    # a table without rows has no columns to read (its header is checked by the validator)
    df = pd.DataFrame({f["name"]: _column(columns[f["name"]] if columns else [], f) for f in fields})
    if df.empty:
        df = df.reset_index(drop=True)
    pair = timestamp_columns(resource)  # the validator checks these dates fit in nanosecond timestamps (date-out-of-range)
    if pair is not None and pair[0] in df and pair[1] in df:
        df["date_start"], df["date_end"] = _period_bounds(df[pair[0]], df[pair[1]])
    return df


Columns = dict[str, dict[str, Sequence[str]]]  # table -> column -> values as read from the CSV


def _columns_of(checked: CheckedPackage) -> Columns:
    """The validator's rows, column by column (it keeps them so)."""
    if checked.columns.keys() >= checked.rows.keys():
        return {name: checked.columns[name] if checked.rows[name] else {} for name in checked.rows}
    return {name: {column: [row[column] for row in rows] for column in (rows[0] if rows else ())}
            for name, rows in checked.rows.items()}


def _to_dataset(checked: CheckedPackage, columns: Columns) -> Dataset:
    resources = checked.resources
    frames = {name: _frame(columns[name], resources[name]) for name in TABLES}
    extra = {name: _frame(columns[name], resource) for name, resource in resources.items() if name not in frames and name in columns}
    texts = {doc_id: src.text for doc_id, src in checked.sources.items()}
    return Dataset(**frames, texts=texts, descriptor=checked.descriptor, data_dir=checked.data_dir, extra=extra,
                   warnings=tuple(checked.warnings))


def _read_table(raw: bytes) -> dict[str, np.ndarray]:
    """A validated CSV file's columns as arrays of strings, read by pandas' C parser with no conversion at all.

    Only used on content a full validation read with the csv module, where the
    two agree (tests/test_cache.py compares them on hostile text); the loader
    also checks the row counts against the validator's.
    """
    df = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    return {name: df[name].to_numpy(dtype=object) for name in df.columns}


def _checked_from_snapshot(snap: cache.Snapshot, entry: cache.Entry) -> tuple[CheckedPackage, Columns]:
    """What a full validation of this exact content read, rebuilt from the bytes the cache key was computed from.

    Only called for content that a full validation found valid, so the files
    parse as the validator parsed them (UTF-8, no BOM, a header matching the
    schema, every row as long as the header). Raises ValueError if a table's
    row count differs from the validator's.
    """
    descriptor = json.loads(snap.text(DESCRIPTOR_NAME))
    checked = CheckedPackage(data_dir=snap.data_dir, descriptor=descriptor)
    columns: Columns = {}
    for resource in descriptor["resources"]:
        table = _read_table(snap.files[resource["path"]])
        rows = len(next(iter(table.values()))) if table else 0
        if [f["name"] for f in resource["schema"]["fields"]] != list(table) or rows != entry.rows.get(resource["name"]):
            raise ValueError(f"{resource['path']} does not read as the validator read it")
        columns[resource["name"]] = table
    documents = columns["documents"]
    for doc_id, rel in zip(documents["document_id"], documents["path"], strict=True):
        checked.sources[doc_id] = snap.source(rel)
    checked.problems = [Problem(**{**w, "file": str(snap.data_dir / w["file"])}) for w in entry.warnings]
    return checked, columns


def _validated(data_dir: Path, validate: str) -> tuple[CheckedPackage, Columns]:
    """The package checked in full, or, when ``validate="auto"``, as a cache entry says a full check found it.

    Every file the package names is read once (:func:`cache.snapshot`); the validator checks those bytes, the key
    is computed from them, and the tables are typed from them: what is stored as valid is what was validated.
    """
    snap = cache.snapshot(data_dir)
    if validate == "auto" and snap is not None:
        entry = cache.lookup(snap)
        if entry is not None:
            try:
                return _checked_from_snapshot(snap, entry)
            except (KeyError, TypeError, ValueError, pd.errors.ParserError):  # an entry that does not fit this content: check in full
                pass
    try:
        checked = check_package(data_dir, read=None if snap is None else snap.read)
    except CannotValidate as exc:  # one exception type for callers, whatever went wrong
        raise DatasetError([exc.problem]) from exc
    if snap is not None and snap.complete:
        cache.store(snap, checked.problems, {name: len(rows) for name, rows in checked.rows.items()})  # refuses anything but warnings
    return checked, _columns_of(checked)


def load_dataset(path: str | Path | None = None, *, validate: Literal["auto", "always"] = "auto") -> Dataset:
    """Validate and load the data package at ``path`` (default: the project's ``data/``).

    Raises :class:`DatasetError` listing every error if the data is invalid,
    or the one reason it cannot be read (no folder, no descriptor); it raises
    nothing else, whatever the files hold. Warnings do not stop the load: they
    are kept in ``Dataset.warnings``.
    Columns keep the package's order; controlled vocabularies are categoricals
    (categories in the schema's order), offsets are nullable ``Int64``, other
    text is ``string``. Tables with a date gain two derived columns,
    ``date_start`` and ``date_end``: the first and last day the date covers at
    its precision.

    Validation is cached by content (see :mod:`helpers.dataset.cache`): when every file
    the package names (and only those are read), the validator's code and the libraries it uses are exactly
    as they were when a full validation found the package valid, that outcome
    is reused and the tables are parsed from the same bytes that were hashed
    and validated. ``validate="always"`` checks in full regardless.
    A date whose days pandas' nanosecond timestamps cannot hold (before
    1677-09-22 or after 2262-04-10) is refused (``date-out-of-range``), never loaded wrapped.

    >>> load_dataset().statements.shape[0] > 0
    True
    """
    if validate not in ("auto", "always"):
        raise ValueError(f"validate must be 'auto' or 'always', not {validate!r}")
    where = Path(path) if path is not None else default_data_dir()
    with cycle_collection_paused():  # see there: the collector's passes cost much and find nothing while tables are read
        return _load(where, validate)


def _load(where: Path, validate: Literal["auto", "always"]) -> Dataset:
    try:
        checked, columns = _validated(where, validate)
    except DatasetError:
        raise
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError, MemoryError) as exc:
        # A case the validator does not foresee is a bug to fix there; callers still get the loader's one exception.
        raise DatasetError([Problem(str(where), message=f"the data cannot be read: {type(exc).__name__}: {exc}", code="cannot-run")]) from exc
    if checked.errors:
        raise DatasetError(checked.errors)
    unrepresentable = _unrepresentable_dates(checked, columns)
    if unrepresentable:  # fail-safe: numpy would wrap them silently into another century
        raise DatasetError(unrepresentable)
    try:
        return _to_dataset(checked, columns)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise DatasetError([Problem(str(checked.data_dir), message=f"validated data could not be typed: {type(exc).__name__}: {exc}",
                                    code="cannot-run")]) from exc
