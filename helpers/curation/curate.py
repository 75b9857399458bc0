"""Curator tools: register a source text, locate evidence in it, annotate facts.

From the shell (``--data DIR`` before the command works on another data folder)::

    python -m helpers.curation.curate locate 000_212c296293ee434c "Storm Shadow"
    python -m helpers.curation.curate locate 000_212c296293ee434c "Ukraine" --occurrence 3
    python -m helpers.curation.curate register path/to/text.txt --document-id my_doc \\
        --title "..." --published 2024-11 --date-precision month
    python -m helpers.curation.curate annotate statements my_doc "We will not send troops," \\
        --set statement_id=my_statement --set speaker_id=... --set mode=direct_quote ...
    python -m helpers.curation.curate add topics --set topic_id=my_topic --set label=... --set description=...
    python -m helpers.curation.curate update statements my_statement --set stance=opposes

``locate`` prints the span as ``char_start<TAB>char_end`` and exits 1 with a
clear message when the text is not found (suggesting a near match, e.g. with
curly quotes), or occurs more than once and no ``--occurrence`` was given.
``register`` copies the file byte for byte into ``sources/``, computes its
SHA-256 and length and appends its ``documents`` row; it refuses a document id
that breaks the schema's pattern for ``documents.document_id`` (so the file
always lands inside ``sources/``). ``annotate`` appends one row to a table with
a span, computing ``char_start`` and ``char_end`` from the evidence as
``locate`` does; ``add`` appends a row to a table without a span (``topics``);
``update`` changes fields of an existing row as typed, recomputing no span
(run the validator afterwards).

What the schema already says is checked when a value is written: required
fields, ``enum`` vocabularies, ``pattern``, integers, calendar dates at their
precision, and foreign keys (an unknown ``speaker_id`` is refused). Text with a
NUL, a carriage return or another control character, or a bidirectional
control character, is refused too, so the CSV always reads back as written.

How writes stay safe:

* **Contained.** Every path comes from the descriptor or ``documents.path`` and
  is checked to be a regular file inside the data folder before it is opened
  (:func:`helpers.dataset.provenance.contained_path`): no ``..``, no absolute path, no
  URL, no symlink out.
* **Atomic.** A table is never changed in place: the new content goes to a
  temporary file in the same folder, is flushed and fsynced, and replaces the
  table with ``os.replace``. A kill or a full disk leaves the old table whole.
  ``register`` is atomic as a whole: it journals the source file it creates,
  links it into place only if no file has that name, and removes it again if
  the ``documents`` row cannot be written; after a kill, the next command
  removes it (:mod:`helpers.curation.recovery`).
* **Serialised.** Each command holds an exclusive lock on the data folder
  (``flock``), and reads the tables it changes only under the lock, so two
  commands run at once are applied one after the other and nothing is lost.
  A command waits at most ``--lock-timeout`` seconds (30 by default), then
  names the holder and changes nothing (:mod:`helpers.curation.lock`).
* **Checked.** The bytes to be written are parsed back before they replace
  the table; if they would not read back as the intended rows, nothing is
  written.

Every writer keeps the CSV format: UTF-8, ``\\n`` line endings, the csv
module's minimal quoting, existing rows untouched (``update`` rewrites only
its row, and refuses a file that the csv module would not write back byte for
byte).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import stat
import sys
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from helpers.curation.checks import _check_date, _check_text
from helpers.curation.lock import hold, lock_command, lock_timeout
from helpers.curation.recovery import TMP_SUFFIX as _TMP_SUFFIX
from helpers.curation.recovery import journal_of, recover_registers, remove_stale_temporaries
from helpers.dataset.paths import default_data_dir
from helpers.dataset.printable import printable
from helpers.dataset.problems import SPAN_FIELDS, CannotValidate, _resource_shape
from helpers.dataset.provenance import (
    AmbiguousEvidence,
    EvidenceNotFound,
    OutsidePackage,
    SourceText,
    contained_path,
    find_span,
    read_contained,
)
from helpers.dataset.reading import _primary_key, _read_descriptor

__all__ = ["SPAN_FIELDS", "add_row", "annotate", "locate", "main", "parse_assignments", "register_source", "update_row"]

#: The pattern of ``documents.document_id`` when the descriptor gives none (the project's id pattern).
DEFAULT_ID_PATTERN = "^[a-z0-9][a-z0-9_]*$"



# --- safe reading and writing -----------------------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    """Hold the exclusive lock on the data folder (:mod:`helpers.curation.lock`: a bounded wait naming the holder).

    Under it, first clear what a killed command left: its temporary files, and a register it did not finish.
    """
    with hold(data_dir):
        remove_stale_temporaries(data_dir)
        recover_registers(data_dir, lambda: {row.get("path", "") for row in _documents(data_dir)})
        yield


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temporary(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to a new temporary file in ``folder``, flushed and fsynced; remove it if anything fails."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=_TMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _replace_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once: readers see the old file or the new one, never a part."""
    tmp = _write_temporary(path.parent, path.name, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _create_exclusively(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data`` whole, failing with ``FileExistsError`` if it exists (never overwriting)."""
    tmp = _write_temporary(path.parent, path.name, data)
    try:
        os.link(tmp, path)  # atomic, and refuses an existing name
    except FileExistsError:
        raise FileExistsError(f"{path} exists already") from None
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def _serialise(records: list[list[str]], *, final_newline: bool) -> str:
    r"""``records`` as the curator tools write CSV: ``\n`` line endings, minimal quoting.

    >>> _serialise([["a", "b"], ["1", "x, y"]], final_newline=False)
    'a,b\n1,"x, y"'
    """
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(records)
    out = buf.getvalue()
    return out if final_newline else out[:-1]  # keep a file without a final newline as it was


def _parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def _checked_bytes(text: str, records: list[list[str]], path: Path) -> bytes:
    """``text`` encoded, after making sure it parses back as exactly ``records`` (else nothing is written)."""
    try:
        if _parse(text) == records:
            return text.encode("utf-8")
    except csv.Error:
        pass
    raise ValueError(f"refusing to write {path}: the result would not read back as the intended rows (a value with a line break "
                     "or control character?); nothing was written")


# --- the package ----------------------------------------------------------------------------------------------------------


def _data_dir(data_dir: str | Path | None) -> Path:
    return Path(data_dir) if data_dir is not None else default_data_dir()


def _descriptor(data_dir: Path) -> dict:
    try:
        return _read_descriptor(data_dir)
    except CannotValidate as exc:
        raise ValueError(str(exc)) from exc


def _resource(data_dir: Path, table: str, descriptor: dict | None = None) -> dict:
    descriptor = _descriptor(data_dir) if descriptor is None else descriptor
    for resource in descriptor["resources"]:
        if isinstance(resource, dict) and resource.get("name") == table:
            why = _resource_shape(resource)
            if why:
                raise ValueError(f"table {table} is malformed in the descriptor: {why}")
            contained_path(data_dir, resource.get("path"))  # inside the folder, a regular file: before anything reads it
            return resource
    names = ", ".join(r["name"] for r in descriptor["resources"] if isinstance(r, dict) and isinstance(r.get("name"), str))
    raise KeyError(f"no table {table!r} in the descriptor (tables: {names})")


def _table_text(data_dir: Path, resource: dict) -> str:
    return read_contained(data_dir, resource["path"]).decode("utf-8")


def _records(data_dir: Path, resource: dict) -> list[list[str]]:
    records = _parse(_table_text(data_dir, resource))
    if not records:
        raise ValueError(f"{data_dir / resource['path']} is empty: no header, no rows")
    return records


def _rows(data_dir: Path, resource: dict) -> list[dict[str, str]]:
    header, *records = _records(data_dir, resource)
    return [dict(zip(header, r, strict=False)) for r in records]


def _documents(data_dir: Path) -> list[dict[str, str]]:
    return _rows(data_dir, _resource(data_dir, "documents"))


def _source(data_dir: Path, document_id: str) -> SourceText:
    for doc in _documents(data_dir):
        if doc.get("document_id") == document_id:
            return SourceText.from_bytes(read_contained(data_dir, doc.get("path", "")))
    raise KeyError(f"no document {document_id!r} in {data_dir / 'documents.csv'}")


# --- checking values against the schema at write time ----------------------------------------------------------------------

def _foreign_values(data_dir: Path, descriptor: dict, table: str, resource: dict, rows: list[dict[str, str]]) -> dict[str, tuple[str, set[str]]]:
    """For each single-column foreign key of ``resource``: the referenced table and the values it allows."""
    out: dict[str, tuple[str, set[str]]] = {}
    for fk in resource["schema"].get("foreignKeys", []):
        fields, ref = fk.get("fields"), fk.get("reference", {})
        ref_fields = ref.get("fields")
        if not isinstance(fields, str) or not isinstance(ref_fields, str):
            continue
        ref_table = ref.get("resource") or table
        ref_rows = rows if ref_table == table else _rows(data_dir, _resource(data_dir, ref_table, descriptor))
        out[fields] = (ref_table, {r.get(ref_fields, "") for r in ref_rows})
    return out


def _check_row(data_dir: Path, descriptor: dict, table: str, resource: dict, row: dict[str, str], others: list[dict[str, str]]) -> None:
    """Refuse a row that breaks what the schema says: required, enum, pattern, integer, dates, foreign keys, text."""
    fields = resource["schema"]["fields"]
    missing = [f["name"] for f in fields if f.get("constraints", {}).get("required") and not row.get(f["name"], "").strip()]
    if missing:
        raise ValueError(f"missing required field(s) for {table}: {', '.join(missing)} (give them with --set field=value)")
    for f in fields:
        name, value, constraints = f["name"], row.get(f["name"], ""), f.get("constraints", {})
        if not value:
            continue
        _check_text(name, value)
        enum = constraints.get("enum")
        if isinstance(enum, list) and value not in enum:
            raise ValueError(f"{name}: {value!r} is not one of {', '.join(map(str, enum))}")
        pattern = constraints.get("pattern")
        if isinstance(pattern, str) and not re.fullmatch(pattern, value):
            raise ValueError(f"{name}: {value!r} does not match the pattern {pattern}")
        if f.get("type") == "integer" and not re.fullmatch(r"0|-?[1-9][0-9]*", value, re.ASCII):
            raise ValueError(f"{name}: {value!r} is not a canonical decimal integer")
    if "date" in row:
        _check_date("date", row["date"], row.get("date_precision"))
    if table == "documents":
        _check_date("published", row.get("published", ""), row.get("date_precision"))
    everything = [*others, row]
    for column, (ref_table, allowed) in _foreign_values(data_dir, descriptor, table, resource, everything).items():
        value = row.get(column, "")
        if value and value not in allowed:
            raise ValueError(f"{column}: no row {value!r} in {ref_table} (add it first, or check the spelling)")
    for key in [k for k in [_primary_key(resource)] if k]:
        if any(existing.get(key) == row.get(key) for existing in others):
            raise ValueError(f"{table} already has a row with {key} {row[key]!r}: ids must be unique across documents")


# --- the commands ------------------------------------------------------------------------------------------------------------


def locate(document_id: str, evidence: str, occurrence: int | None = None, data_dir: str | Path | None = None) -> tuple[int, int]:
    """The ``(char_start, char_end)`` of ``evidence`` in a registered document.

    When the evidence is not found, the message suggests a near match that
    differs only in quotation marks, apostrophes, dashes, case or Unicode
    normalisation.

    >>> locate("000_212c296293ee434c", "Storm Shadow")
    (2735, 2747)
    """
    text = _source(_data_dir(data_dir), document_id).text
    try:
        return find_span(text, evidence, occurrence)
    except EvidenceNotFound as exc:
        near = _near_match(text, evidence)
        if near is None or occurrence is not None:
            raise
        raise EvidenceNotFound(f"{exc}; did you mean {near!r}, as the text writes it? (quotes, apostrophes, dashes or case differ)") from None


_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"',
                       "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\u00a0": " "})


def _near_match(text: str, evidence: str) -> str | None:
    """The text's own spelling of ``evidence`` when they differ only in quotes, dashes, spaces, case or normalisation.

    >>> _near_match("despite Germany’s opposition", "despite Germany's opposition")
    'despite Germany’s opposition'
    """
    folded_text = text.translate(_FOLD)  # one character for one: offsets still match the text
    for needle in (evidence.translate(_FOLD), unicodedata.normalize("NFC", evidence).translate(_FOLD)):
        i = folded_text.find(needle)
        if i >= 0:
            return text[i : i + len(needle)]
    lowered = folded_text.lower()
    needle = unicodedata.normalize("NFC", evidence).translate(_FOLD).lower()
    if len(lowered) == len(text) and (i := lowered.find(needle)) >= 0:
        return text[i : i + len(needle)]
    return None


def register_source(
    source: str | Path,
    document_id: str,
    *,
    title: str,
    published: str,
    date_precision: str,
    published_basis: str = "provided_metadata",
    title_basis: str = "as_published",
    outlet: str = "",
    language: str = "en",
    document_kind: str = "news_article",
    url: str = "",
    accessed: str = "",
    excerpt: bool = False,
    relays_document_id: str = "",
    relays_actor_id: str = "",
    relay_basis: str = "",
    directness: str = "",
    data_dir: str | Path | None = None,
) -> dict[str, str]:
    """Copy a text into ``sources/`` and append its ``documents`` row; return the row.

    ``outlet`` is the publishing outlet's ``actor_id`` (``documents.outlet_id``; empty when the text
    does not name it); the other keywords fill the self-describing columns of data 2.0 (``url`` needs
    ``accessed``; ``excerpt`` when only passages are kept; what it relays, and how that is known).

    Refuses an id already registered or a file already present, so nothing
    is overwritten; refuses a folder, an empty file and text that is not
    UTF-8 (it is never converted). On any failure nothing is left behind.
    """
    data_dir = _data_dir(data_dir)
    descriptor = _descriptor(data_dir)
    resource = _resource(data_dir, "documents", descriptor)
    id_field = next((f for f in resource["schema"]["fields"] if f.get("name") == "document_id"), {})
    pattern = id_field.get("constraints", {}).get("pattern") or DEFAULT_ID_PATTERN
    if not re.fullmatch(pattern, document_id):
        raise ValueError(f"document id {document_id!r} does not match the pattern {pattern} of documents.document_id")
    source = Path(source)
    try:
        mode = os.stat(source).st_mode
    except FileNotFoundError:
        raise FileNotFoundError(f"no such file: {source}") from None
    if not stat.S_ISREG(mode):
        raise ValueError(f"{source} is not a regular file (a folder, a FIFO?): give the text file to register")
    raw = source.read_bytes()
    if not raw.strip():
        raise ValueError(f"{source} is empty: there is no text to register")
    text = SourceText.from_bytes(raw)  # strict UTF-8: raises on anything else; the bytes hashed are the bytes written
    sources = data_dir / "sources"
    target = sources / f"{document_id}.txt"
    if target.resolve().parent != sources.resolve() or not sources.resolve().is_relative_to(data_dir.resolve()):
        raise ValueError(f"document id {document_id!r} would put the source outside {sources}")
    row = {
        "document_id": document_id,
        "title": title,
        "title_basis": title_basis,
        "outlet_id": outlet,
        "document_kind": document_kind,
        "directness": directness,
        "url": url,
        "accessed": accessed,
        "excerpt": "true" if excerpt else "false",
        "relays_document_id": relays_document_id,
        "relays_actor_id": relays_actor_id,
        "relay_basis": relay_basis,
        "published": published,
        "date_precision": date_precision,
        "published_basis": published_basis,
        "path": f"sources/{target.name}",
        "sha256": text.sha256,
        "char_length": str(text.char_length),
        "language": language,
    }
    with _locked(data_dir):
        records = _records(data_dir, resource)
        header = records[0]
        others = [dict(zip(header, r, strict=False)) for r in records[1:]]
        if any(d.get("document_id") == document_id for d in others):
            raise ValueError(f"document {document_id!r} is already registered")
        if target.exists() or target.is_symlink():
            raise FileExistsError(f"{target} exists already")
        full = {name: row.get(name, "") for name in header}
        _check_row(data_dir, descriptor, "documents", resource, full, others)
        new_text = _appended(data_dir, resource, records, full)
        sources.mkdir(exist_ok=True)
        # Atomic as a whole: a journal first says which file this command creates; a kill at any later moment leaves
        # either the file and its row, or a journal by which the next command removes the file (recovery.recover_registers).
        journal = journal_of(target)
        _create_exclusively(journal, json.dumps({"path": row["path"], "sha256": text.sha256}).encode())
        try:
            _create_exclusively(target, raw)
            try:
                _replace_atomically(data_dir / resource["path"], new_text)
            except BaseException:  # leave no orphan file behind
                target.unlink(missing_ok=True)
                raise
        finally:
            journal.unlink(missing_ok=True)
    return row


def _appended(data_dir: Path, resource: dict, records: list[list[str]], row: Mapping[str, str]) -> bytes:
    """The table's bytes with one row appended: earlier bytes untouched, checked to read back."""
    original = _table_text(data_dir, resource)
    header = records[0]
    line = _serialise([[str(row.get(name, "")) for name in header]], final_newline=True)
    glue = "" if original.endswith("\n") or not original else "\n"  # a hand-edited file without a final newline
    return _checked_bytes(original + glue + line, [*records, [str(row.get(name, "")) for name in header]], data_dir / resource["path"])


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    """``["field=value", ...]`` as a dict; the value may contain ``=`` and may be empty.

    >>> parse_assignments(["stance=opposes", "summary=a=b", "target_id="])
    {'stance': 'opposes', 'summary': 'a=b', 'target_id': ''}
    """
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ValueError(f"expected field=value, got {item!r}")
        if name in out:
            raise ValueError(f"field {name!r} given twice")
        out[name] = value
    return out


def _append_row(data_dir: Path, table: str, fields: Mapping[str, str], descriptor: dict, resource: dict) -> dict[str, str]:
    """Under the lock: re-read the table, check the new row against its schema and rows, append it atomically."""
    with _locked(data_dir):
        records = _records(data_dir, resource)
        header = records[0]
        unknown = [name for name in fields if name not in header]
        if unknown:
            raise ValueError(f"no column {', '.join(map(repr, unknown))} in {table} (columns: {', '.join(header)})")
        row = {name: str(fields.get(name, "")) for name in header}
        others = [dict(zip(header, r, strict=False)) for r in records[1:]]
        _check_row(data_dir, descriptor, table, resource, row, others)
        _replace_atomically(data_dir / resource["path"], _appended(data_dir, resource, records, row))
    return row


def add_row(table: str, fields: Mapping[str, str], data_dir: str | Path | None = None) -> dict[str, str]:
    """Append one row to ``table`` (e.g. a topic) and return it; refuses a duplicate id or a value the schema forbids.

    For a row tied to a document's text use :func:`annotate`, which computes the span.
    """
    data_dir = _data_dir(data_dir)
    descriptor = _descriptor(data_dir)
    resource = _resource(data_dir, table, descriptor)
    span_required = any(f["name"] == "evidence" and f.get("constraints", {}).get("required") for f in resource["schema"]["fields"])
    if span_required or any(fields.get(name) for name in SPAN_FIELDS):
        raise ValueError(f"use annotate for a row with a span ({', '.join(SPAN_FIELDS)}): it computes the offsets")
    return _append_row(data_dir, table, fields, descriptor, resource)


def annotate(
    table: str,
    document_id: str,
    evidence: str,
    fields: Mapping[str, str] | None = None,
    *,
    occurrence: int | None = None,
    data_dir: str | Path | None = None,
) -> dict[str, str]:
    """Append one row to ``table`` with its span computed from ``evidence``; return the row.

    ``fields`` sets the other columns (ids, labels, vocabulary values);
    ``char_start`` and ``char_end`` come from :func:`locate`, so they always
    match the text. Raises ``EvidenceNotFound`` or ``AmbiguousEvidence`` (give
    ``occurrence``, counting from 1) like ``locate``, and ``ValueError`` for an
    unknown or missing field, a value the schema forbids (an unknown
    ``speaker_id``, a stance outside the vocabulary) or an id the table already
    has. Nothing is written unless every check passes.

    >>> import shutil, tempfile
    >>> copy = Path(tempfile.mkdtemp()) / "data"
    >>> _ = shutil.copytree(default_data_dir(), copy)
    >>> row = annotate("weapons_systems", "000_212c296293ee434c", "Storm Shadow missiles",
    ...                {"system_id": "storm_shadow_2", "name": "Storm Shadow", "surface_form": "Storm Shadow",
    ...                 "category": "cruise_missile", "supplier_text": "Britain’s", "status_in_article": "used"},
    ...                data_dir=copy)
    >>> row["char_start"], row["char_end"]
    ('2735', '2756')
    >>> shutil.rmtree(copy.parent)
    """
    data_dir = _data_dir(data_dir)
    fields = dict(fields or {})
    given = [name for name in SPAN_FIELDS if name in fields]
    if given:
        raise ValueError(f"{', '.join(given)} come from the document and the evidence: do not set them")
    descriptor = _descriptor(data_dir)
    resource = _resource(data_dir, table, descriptor)
    columns = [f["name"] for f in resource["schema"]["fields"]]
    start, end = locate(document_id, evidence, occurrence, data_dir)
    span = {"document_id": document_id, "evidence": evidence, "char_start": str(start), "char_end": str(end)}
    from helpers.curation.model import annotate_actor, annotate_rendering, resource_names  # the 2.0 tables

    if table == "actors" and not set(SPAN_FIELDS) <= set(columns) and "mentions" in resource_names(descriptor):
        return annotate_actor(sys.modules[__name__], data_dir, descriptor, resource, fields, span)
    if not set(SPAN_FIELDS) <= set(columns):
        raise ValueError(f"table {table} has no span ({', '.join(SPAN_FIELDS)}): use add instead")
    fields.update(span)
    if table == "statements" and "utterance_id" in columns and "utterances" in resource_names(descriptor):
        return annotate_rendering(sys.modules[__name__], data_dir, descriptor, resource, fields)
    return _append_row(data_dir, table, fields, descriptor, resource)


def update_row(table: str, row_id: str, fields: Mapping[str, str], data_dir: str | Path | None = None) -> dict[str, str]:
    """Set fields of the row whose primary key is ``row_id``, exactly as given; return the new row.

    No span is recomputed or checked against the text (a hand correction):
    run the validator afterwards. Values are checked against the schema as
    for :func:`add_row`. The file is written back in the csv module's format,
    as every curator tool writes it, so only that row changes: a file the csv
    module would not write back byte for byte (CRLF line endings, other
    quoting, a hand edit) is refused with ``ValueError`` and left as it was.
    """
    data_dir = _data_dir(data_dir)
    descriptor = _descriptor(data_dir)
    resource = _resource(data_dir, table, descriptor)
    path = data_dir / resource["path"]
    key = _primary_key(resource)
    with _locked(data_dir):
        original = _table_text(data_dir, resource)
        table_rows = _records(data_dir, resource)
        if _serialise(table_rows, final_newline=original.endswith("\n")) != original:
            raise ValueError(f"{path} is not in the csv module's format (CRLF line endings, other quoting or a hand edit?): "
                             "rewriting it would change other rows too; write it back in that format first, or edit the row by hand")
        header = table_rows[0]
        unknown = [name for name in fields if name not in header]
        if unknown:
            raise ValueError(f"no column {', '.join(map(repr, unknown))} in {table} (columns: {', '.join(header)})")
        matches = [i for i, record in enumerate(table_rows[1:], start=1) if key in header and record[header.index(key)] == row_id]
        if len(matches) != 1:
            raise KeyError(f"{len(matches) or 'no'} row(s) with {key} {row_id!r} in {table}")
        record = list(table_rows[matches[0]])
        for name, value in fields.items():
            record[header.index(name)] = str(value)
        row = dict(zip(header, record, strict=True))
        others = [dict(zip(header, r, strict=False)) for i, r in enumerate(table_rows[1:], start=1) if i != matches[0]]
        _check_row(data_dir, descriptor, table, resource, row, others)
        new_records = [*table_rows[: matches[0]], record, *table_rows[matches[0] + 1 :]]
        text = _serialise(new_records, final_newline=original.endswith("\n"))
        _replace_atomically(path, _checked_bytes(text, new_records, path))
    return row


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.curation.curate", description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="data folder (default: the project's data/)")
    parser.add_argument("--lock-timeout", type=float, default=None, metavar="SECONDS",
                        help="how long a writing command waits for another one holding the folder lock "
                             f"(default: ${'{'}GEOPOL_LOCK_TIMEOUT{'}'} or 30)")
    sub = parser.add_subparsers(dest="command", required=True)
    loc = sub.add_parser("locate", help="print the span of a piece of evidence")
    loc.add_argument("document_id")
    loc.add_argument("evidence")
    loc.add_argument("--occurrence", type=int, help="which occurrence, counting from 1")
    reg = sub.add_parser("register", help="add a source text and its documents row")
    reg.add_argument("source")
    reg.add_argument("--document-id", required=True)
    reg.add_argument("--title", required=True)
    reg.add_argument("--title-basis", default="as_published", choices=["as_published", "curator_assigned"])
    reg.add_argument("--outlet", default="", help="the outlet's actor_id (documents.outlet_id)")
    reg.add_argument("--kind", default="news_article", help="documents.document_kind")
    reg.add_argument("--url", default="")
    reg.add_argument("--accessed", default="", help="YYYY-MM-DD: the day the text was read (required with --url)")
    reg.add_argument("--excerpt", action="store_true", help="only passages of the text are kept")
    reg.add_argument("--relays-document", default="", help="documents.relays_document_id")
    reg.add_argument("--relays-actor", default="", help="documents.relays_actor_id")
    reg.add_argument("--relay-basis", default="")
    reg.add_argument("--published", required=True, help="YYYY, YYYY-MM or YYYY-MM-DD")
    reg.add_argument("--date-precision", required=True, choices=["year", "month", "day", "hour", "minute"])
    reg.add_argument("--published-basis", default="provided_metadata",
                     choices=["stated", "inferred", "outside_knowledge", "provided_metadata"])
    reg.add_argument("--language", default="en")
    ann = sub.add_parser("annotate", help="append a row to a table, its span computed from the evidence")
    ann.add_argument("table")
    ann.add_argument("document_id")
    ann.add_argument("evidence")
    ann.add_argument("--occurrence", type=int, help="which occurrence, counting from 1")
    ann.add_argument("--set", dest="assignments", action="append", default=[], metavar="FIELD=VALUE", help="a column's value (repeat)")
    add = sub.add_parser("add", help="append a row without a span (e.g. a topic)")
    add.add_argument("table")
    add.add_argument("--set", dest="assignments", action="append", default=[], metavar="FIELD=VALUE", help="a column's value (repeat)")
    upd = sub.add_parser("update", help="set fields of an existing row, as typed (then validate)")
    upd.add_argument("table")
    upd.add_argument("row_id")
    upd.add_argument("--set", dest="assignments", action="append", default=[], metavar="FIELD=VALUE", help="a column's value (repeat)")
    args = parser.parse_args(argv)
    shown_argv = sys.argv[1:] if argv is None else list(argv)
    tokens = [lock_timeout.set(args.lock_timeout), lock_command.set(" ".join(["geopol-curate", *shown_argv]))]
    try:
        return _run(args)
    finally:
        lock_command.reset(tokens[1])
        lock_timeout.reset(tokens[0])


def _run(args: object) -> int:
    try:
        if args.command == "locate":
            start, end = locate(args.document_id, args.evidence, args.occurrence, args.data)
            print(f"{start}\t{end}")
        elif args.command == "annotate":
            row = annotate(args.table, args.document_id, args.evidence, parse_assignments(args.assignments),
                           occurrence=args.occurrence, data_dir=args.data)
            print(printable(f"added to {args.table}: {next(iter(row.values()))} at {row['char_start']}:{row['char_end']}"))
        elif args.command == "add":
            row = add_row(args.table, parse_assignments(args.assignments), args.data)
            print(printable(f"added to {args.table}: {next(iter(row.values()))}"))
        elif args.command == "update":
            update_row(args.table, args.row_id, parse_assignments(args.assignments), args.data)
            print(printable(f"updated {args.table}: {args.row_id}"))
        else:
            row = register_source(
                args.source, args.document_id, title=args.title, title_basis=args.title_basis, outlet=args.outlet,
                published=args.published, date_precision=args.date_precision,
                published_basis=args.published_basis, language=args.language, document_kind=args.kind, url=args.url,
                accessed=args.accessed, excerpt=args.excerpt, relays_document_id=args.relays_document,
                relays_actor_id=args.relays_actor, relay_basis=args.relay_basis, data_dir=args.data,
            )
            print(printable(f"registered {row['document_id']}: {row['path']} sha256={row['sha256']} chars={row['char_length']}"))
    except (EvidenceNotFound, AmbiguousEvidence, KeyError, ValueError, OutsidePackage, csv.Error) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc  # str(KeyError) would add quotes
        print(printable(f"error: {message}"), file=sys.stderr)
        return 1
    except OSError as exc:  # a read-only folder, a full disk, a missing file: nothing was changed
        where = f" ({exc.filename})" if exc.filename else ""
        print(printable(f"error: {exc.strerror or exc}{where}; nothing was changed"), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
