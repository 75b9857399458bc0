"""What every exporter reads: the validated package, described from its own descriptor.

Exporters never hard-code tables or columns. They ask this module which
resources carry spans (``document_id``, ``evidence``, ``char_start``,
``char_end``), which columns are controlled vocabularies (an ``enum``), which
are links (``foreignKeys``), and what the primary key is, so that a new table
or column in a later dataset version is exported without a code change.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from helpers.dataset.problems import SPAN_FIELDS, CannotValidate
from helpers.dataset.validate import check_package

__all__ = [
    "IRI_SCHEME", "Link", "NonBMPWarning", "Package", "atomic_directory", "atomic_file", "non_bmp_documents", "read_package",
    "warn_outside_bmp",
]

#: Prefix of every identifier the exports mint: ``urn:geopol:<package name>:<table>:<id>``.
#: ``geopol`` is this project's own, unregistered URN namespace.
IRI_SCHEME = "urn:geopol"

#: Link columns whose link has a kind, given by another column of the same row.
RESPONSE_LINKS = {"responds_to_id": "response"}


@dataclass(frozen=True)
class Link:
    """A column whose value is the id of a row of ``table`` (``None``: the table is named by ``table_column``)."""

    column: str
    table: str | None
    table_column: str | None = None


@dataclass(frozen=True)
class Package:
    """The validated data package as raw strings, exactly as the CSVs hold them."""

    data_dir: Path
    descriptor: dict
    rows: dict[str, list[dict[str, str]]]
    texts: dict[str, str]
    #: the validator's warnings (a formula prefix, ...): an export accepts what the validator accepts, and reports them
    warnings: tuple = ()

    # ---- package metadata -------------------------------------------------------------------
    @property
    def name(self) -> str:
        return str(self.descriptor.get("name", "dataset"))

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))

    @property
    def title(self) -> str:
        return str(self.descriptor.get("title", self.name))

    @property
    def licence(self) -> dict:
        licences = self.descriptor.get("licenses") or [{}]
        return dict(licences[0])

    def metadata(self, fmt: str) -> dict:
        """What every export says about itself: the dataset, its version and licence, and how to cite it."""
        return {
            "dataset": self.name,
            "title": self.title,
            "version": self.version,
            "licence": self.licence.get("name", ""),
            "licence_url": self.licence.get("path", ""),
            "format": fmt,
            "citation": self.citation(),
            "documents": sorted(self.texts),
        }

    def citation(self, table: str | None = None, row_id: str | None = None) -> str:
        """A citation of the dataset, or of one row of it, with the version.

        >>> p = Package(Path("."), {"name": "d", "title": "T", "version": "1.1.0"}, {}, {})
        >>> p.citation("statements", "x")
        'T (dataset d, version 1.1.0), statements/x'
        """
        base = f"{self.title} (dataset {self.name}, version {self.version})"
        return f"{base}, {table}/{row_id}" if table else base

    # ---- descriptor lookups -----------------------------------------------------------------
    @cached_property
    def resources(self) -> dict[str, dict]:
        return {r["name"]: r for r in self.descriptor["resources"]}

    def fields(self, table: str) -> list[dict]:
        return list(self.resources[table]["schema"]["fields"])

    def columns(self, table: str) -> list[str]:
        return [f["name"] for f in self.fields(table)]

    def primary_key(self, table: str) -> list[str]:
        key = self.resources[table]["schema"].get("primaryKey", [])
        return [key] if isinstance(key, str) else list(key)

    def row_id(self, table: str, row: dict[str, str]) -> str:
        """The row's primary key as one string (parts of a composite key joined by '+')."""
        return "+".join(row[c] for c in self.primary_key(table))

    def enums(self, table: str) -> dict[str, list[str]]:
        """Controlled-vocabulary columns and their labels, in schema order."""
        return {f["name"]: list(f["constraints"]["enum"]) for f in self.fields(table) if f.get("constraints", {}).get("enum")}

    def links(self, table: str) -> list[Link]:
        """Link columns: every single-column foreign key (``document_id`` excepted) and a ``target_table``/``target_id`` pair."""
        out: list[Link] = []
        for fk in self.resources[table]["schema"].get("foreignKeys", []):
            fields = fk["fields"] if isinstance(fk["fields"], str) else (fk["fields"][0] if len(fk["fields"]) == 1 else None)
            if fields is None or fields == "document_id":
                continue
            out.append(Link(fields, fk["reference"].get("resource") or table))
        cols = self.columns(table)
        if "target_table" in cols and "target_id" in cols and all(link.column != "target_id" for link in out):
            out.append(Link("target_id", None, "target_table"))
        return out

    def has_spans(self, table: str) -> bool:
        return set(SPAN_FIELDS) <= set(self.columns(table)) and bool(self.primary_key(table))

    @property
    def span_tables(self) -> list[str]:
        """Tables whose rows point at characters of a source, in the package's order."""
        return [name for name in self.resources if self.has_spans(name)]

    def link_target(self, table: str, link: Link, row: dict[str, str]) -> str | None:
        """The table a link of this row points into (``None`` when the link is empty)."""
        if not row.get(link.column):
            return None
        return link.table if link.table is not None else row[link.table_column or ""]

    def text_columns(self, table: str) -> list[str]:
        """Columns that are neither spans, key, vocabulary nor link: free text, dates and numbers."""
        skip = set(SPAN_FIELDS) | set(self.primary_key(table)) | set(self.enums(table))
        skip |= {link.column for link in self.links(table)} | {link.table_column for link in self.links(table) if link.table_column}
        skip |= set(RESPONSE_LINKS.values())
        return [c for c in self.columns(table) if c not in skip]

    def iri(self, table: str, row_id: str) -> str:
        """The identifier minted for a row.

        >>> Package(Path("."), {"name": "d"}, {}, {}).iri("statements", "x")
        'urn:geopol:d:statements:x'
        """
        return f"{IRI_SCHEME}:{self.name}:{table}:{row_id}"

    def parse_iri(self, iri: str) -> tuple[str, str, str]:
        """``(table, id, suffix)`` of an identifier minted by :meth:`iri` (suffix '' when none).

        >>> Package(Path("."), {"name": "d"}, {}, {}).parse_iri("urn:geopol:d:statements:x:response")
        ('statements', 'x', 'response')
        """
        prefix = f"{IRI_SCHEME}:{self.name}:"
        if not iri.startswith(prefix):
            raise ValueError(f"not an identifier of dataset {self.name}: {iri!r}")
        table, row_id, *rest = iri[len(prefix):].split(":")
        return table, row_id, ":".join(rest)

    def spans(self, table: str) -> Iterator[tuple[dict[str, str], str, int, int]]:
        """``(row, document_id, start, end)`` of every row of a span table that has a span."""
        for row in self.rows.get(table, []):
            if row["document_id"] and row["char_start"] and row["char_end"]:
                yield row, row["document_id"], int(row["char_start"]), int(row["char_end"])


class NonBMPWarning(UserWarning):
    """A source has characters outside the Basic Multilingual Plane: UTF-16 tools will shift offsets after them."""


def non_bmp_documents(package: Package) -> dict[str, int]:
    """Documents with characters outside the Basic Multilingual Plane (U+10000 and above), and how many."""
    counts = {doc: sum(1 for ch in text if ord(ch) > 0xFFFF) for doc, text in sorted(package.texts.items())}
    return {doc: n for doc, n in counts.items() if n}


def warn_outside_bmp(package: Package, what: str) -> None:
    """Warn once per document with such characters: the export counts code points, UTF-16 tools do not."""
    for doc, n in non_bmp_documents(package).items():
        warnings.warn(f"document {doc} has {n} character(s) outside the Basic Multilingual Plane: tools that count UTF-16 "
                      f"units (Hypothesis, INCEpTION) will misplace {what} after them by one per character",
                      NonBMPWarning, stacklevel=3)


def read_package(data_dir: str | Path | None = None) -> Package:
    """Validate the package at ``data_dir`` (default: the project's ``data/``) and return it for export.

    Raises :class:`helpers.dataset.load.DatasetError` listing every error: invalid data is never exported. The
    validator's notion of valid is the exporters' too: its warnings do not stop an export (they are kept in
    ``Package.warnings``), and what a format cannot carry is a validator error
    (:mod:`helpers.dataset.rules.exportable`), never a refusal of one exporter alone.
    """
    try:
        checked = check_package(data_dir)
    except CannotValidate as exc:
        from helpers.dataset.load import DatasetError  # imported only on failure: it brings pandas, which an export does not need

        raise DatasetError([exc.problem]) from exc
    if checked.errors:
        from helpers.dataset.load import DatasetError

        raise DatasetError(checked.errors)
    texts = {doc_id: src.text for doc_id, src in checked.sources.items()}
    return Package(checked.data_dir, checked.descriptor, checked.rows, texts, tuple(checked.warnings))


class InsideDataFolder(ValueError):
    """An export was asked to write into the data folder it exports (or over it): refused, nothing written."""


def _real(path: Path) -> Path:
    """Where ``path`` really is: its folder with every link followed, then its own name (and that followed too, if a link)."""
    path = Path(os.path.abspath(path))
    real = Path(os.path.realpath(path.parent)) / path.name
    return Path(os.path.realpath(real)) if real.is_symlink() else real


def refuse_inside(out: Path, data_dir: Path) -> None:
    """Refuse an output inside the data folder, the folder itself, or a folder holding it (links followed).

    An export never writes where the package lives: a typo like ``export w3c data/statements.csv`` would
    replace a table, and a folder export over ``data/`` would replace the package.
    """
    target, data = _real(out), Path(os.path.realpath(data_dir))
    if target == data or data in target.parents or target in data.parents:
        raise InsideDataFolder(f"refusing to write {out}: it is inside the data folder {data_dir} (or holds it); "
                               "write exports elsewhere, e.g. build/")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, so no reader sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; give it the permissions a plain open() would
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


MARKER = "export.json"


def _earlier_export(path: Path, names: set[str]) -> bool:
    """Whether ``path`` holds only what an export writes: :data:`MARKER` and files of the names an export of it writes.

    Those names are the ones this export writes, or the ones the earlier export's marker lists (its documents).
    """
    try:
        marker = json.loads((path / MARKER).read_bytes())
        documents = marker.get("documents", []) if isinstance(marker, dict) else []
        listed = {MARKER, "annotation.conf"} | {f"{d}{ext}" for d in documents if isinstance(d, str) for ext in (".txt", ".ann")}
    except (OSError, ValueError):
        return False
    entries = list(path.iterdir())
    return all(p.is_file() and not p.is_symlink() and (p.name in names or p.name in listed) for p in entries)


def atomic_directory(path: Path, files: dict[str, bytes]) -> None:
    """Write a folder of files at once: build it beside ``path``, then swap it in.

    An existing ``path`` is replaced only when it is empty or an earlier export holding nothing but what an
    export writes (its :data:`MARKER` and its files); a folder with anything else (a user's own file) is
    refused, so an export never deletes what it did not create. The old folder is moved aside under a fresh
    name of our own (never a fixed one a user's folder might have) before it is removed.
    """
    path = Path(path)
    if path.is_symlink() or (path.exists() and (not path.is_dir() or (any(path.iterdir()) and not _earlier_export(path, set(files))))):
        raise FileExistsError(f"{path} exists and is not an earlier export (no {MARKER}, or files an export did not write); "
                              "choose another folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".export-tmp", dir=path.parent))
    old = None
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        for name, data in files.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp / name).write_bytes(data)
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old-export", dir=path.parent))  # ours: a fresh, empty name
            os.rename(path, old)  # replaces the empty folder we just made
        os.rename(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not path.exists():
            os.rename(old, path)  # put the earlier export back
            old = None
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def dumps(obj: object) -> bytes:
    """JSON as the exports write it: UTF-8, keys in insertion order, two-space indent, final newline."""
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
