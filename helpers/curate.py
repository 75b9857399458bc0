"""Curator tools: register a source text, locate evidence in it, annotate facts.

From the shell (``--data DIR`` before the command works on another data folder)::

    python -m helpers.curate locate 000_212c296293ee434c "Storm Shadow"
    python -m helpers.curate locate 000_212c296293ee434c "Ukraine" --occurrence 3
    python -m helpers.curate register path/to/text.txt --document-id my_doc \\
        --title "..." --published 2024-11 --date-precision month
    python -m helpers.curate annotate statements my_doc "We will not send troops," \\
        --set statement_id=my_statement --set speaker_id=... --set mode=direct_quote ...
    python -m helpers.curate add topics --set topic_id=my_topic --set label=... --set description=...
    python -m helpers.curate update statements my_statement --set stance=opposes

``locate`` prints the span as ``char_start<TAB>char_end`` and exits 1 with a
clear message when the text is not found, or occurs more than once and no
``--occurrence`` was given. ``register`` copies the file byte for byte into
``sources/``, computes its SHA-256 and length and appends its ``documents`` row;
it refuses a document id that breaks the schema's pattern for
``documents.document_id`` (so the file always lands inside ``sources/``), and
leaves nothing behind when it fails.
``annotate`` appends one row to a table with a span, computing ``char_start``
and ``char_end`` from the evidence as ``locate`` does; ``add`` appends a row to
a table without a span (``topics``); ``update`` changes fields of an existing
row as typed, recomputing nothing (run the validator afterwards). Every
writer keeps the CSV format: UTF-8, ``\\n`` line endings, the csv module's
minimal quoting, existing rows untouched (``update`` rewrites only its row, and
refuses a file that the csv module would not write back byte for byte).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from helpers.paths import DESCRIPTOR_NAME, default_data_dir
from helpers.provenance import AmbiguousEvidence, EvidenceNotFound, SourceText, find_span, read_source
from helpers.validate import SPAN_FIELDS

__all__ = ["SPAN_FIELDS", "add_row", "annotate", "locate", "main", "parse_assignments", "register_source", "update_row"]

#: The pattern of ``documents.document_id`` when the descriptor gives none (the project's id pattern).
DEFAULT_ID_PATTERN = "^[a-z0-9][a-z0-9_]*$"


def _documents(data_dir: Path) -> list[dict[str, str]]:
    return _rows(data_dir / "documents.csv")


def locate(document_id: str, evidence: str, occurrence: int | None = None, data_dir: str | Path | None = None) -> tuple[int, int]:
    """The ``(char_start, char_end)`` of ``evidence`` in a registered document.

    >>> locate("000_212c296293ee434c", "Storm Shadow")
    (2735, 2747)
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    for doc in _documents(data_dir):
        if doc["document_id"] == document_id:
            return find_span(read_source(data_dir / doc["path"]).text, evidence, occurrence)
    raise KeyError(f"no document {document_id!r} in {data_dir / 'documents.csv'}")


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
    data_dir: str | Path | None = None,
) -> dict[str, str]:
    """Copy a text into ``sources/`` and append its ``documents`` row; return the row.

    Refuses an id already registered or a file already present, so nothing
    is overwritten. The text must be UTF-8 (it is never converted).
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    id_field = next((f for f in _resource(data_dir, "documents").get("schema", {}).get("fields", []) if f.get("name") == "document_id"), {})
    pattern = id_field.get("constraints", {}).get("pattern") or DEFAULT_ID_PATTERN
    if not re.fullmatch(pattern, document_id):
        raise ValueError(f"document id {document_id!r} does not match the pattern {pattern} of documents.document_id")
    docs = _documents(data_dir)
    if any(d["document_id"] == document_id for d in docs):
        raise ValueError(f"document {document_id!r} is already registered")
    raw = Path(source).read_bytes()
    text = SourceText.from_bytes(raw)  # strict UTF-8: raises on anything else; the bytes hashed are the bytes written
    sources = data_dir / "sources"
    target = sources / f"{document_id}.txt"
    if target.resolve().parent != sources.resolve():  # never write outside sources/, whatever the id
        raise ValueError(f"document id {document_id!r} would put the source outside {sources}")
    if target.exists():
        raise FileExistsError(f"{target} exists already")
    row = {
        "document_id": document_id,
        "title": title,
        "title_basis": title_basis,
        "outlet": outlet,
        "published": published,
        "date_precision": date_precision,
        "published_basis": published_basis,
        "path": f"sources/{target.name}",
        "sha256": text.sha256,
        "char_length": str(text.char_length),
        "language": language,
    }
    documents_csv = data_dir / "documents.csv"
    before = documents_csv.read_bytes()
    sources.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as f:  # exclusive: never overwrite a file that appeared meanwhile
        f.write(raw)
    try:
        _append(documents_csv, row)
    except BaseException:  # leave no orphan file and no half-written row behind
        target.unlink(missing_ok=True)
        documents_csv.write_bytes(before)
        raise
    return row


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def _append(path: Path, row: Mapping[str, str]) -> None:
    """Append one row in the file's own column order: UTF-8, ``\\n``, minimal quoting; earlier bytes untouched."""
    header = _header(path)
    ends_with_newline = path.read_bytes().endswith(b"\n")
    with open(path, "a", encoding="utf-8", newline="") as f:
        if not ends_with_newline:  # a hand-edited file without a final newline: never glue the new row onto the last one
            f.write("\n")
        csv.DictWriter(f, fieldnames=header, lineterminator="\n").writerow(row)


def _resource(data_dir: Path, table: str) -> dict:
    descriptor = json.loads((data_dir / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource.get("name") == table:
            return resource
    names = ", ".join(r.get("name", "?") for r in descriptor["resources"])
    raise KeyError(f"no table {table!r} in {DESCRIPTOR_NAME} (tables: {names})")


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


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


def _new_row(data_dir: Path, table: str, fields: Mapping[str, str]) -> tuple[Path, dict, dict[str, str]]:
    """Check ``fields`` against the table's schema and its rows; return the file, resource and full row."""
    resource = _resource(data_dir, table)
    path = data_dir / resource["path"]
    header = _header(path)
    unknown = [name for name in fields if name not in header]
    if unknown:
        raise ValueError(f"no column {', '.join(map(repr, unknown))} in {table} (columns: {', '.join(header)})")
    row = {name: str(fields.get(name, "")) for name in header}
    schema = resource.get("schema", {})
    missing = [f["name"] for f in schema.get("fields", []) if f.get("constraints", {}).get("required") and not row.get(f["name"])]
    if missing:
        raise ValueError(f"missing required field(s) for {table}: {', '.join(missing)} (give them with --set field=value)")
    for key in schema.get("primaryKey", []):
        if any(existing.get(key) == row[key] for existing in _rows(path)):
            raise ValueError(f"{table} already has a row with {key} {row[key]!r}: ids must be unique across documents")
    return path, resource, row


def add_row(table: str, fields: Mapping[str, str], data_dir: str | Path | None = None) -> dict[str, str]:
    """Append one row to ``table`` (e.g. a topic) and return it; refuses a duplicate id or a missing required field.

    For a row tied to a document's text use :func:`annotate`, which computes the span.
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    span_required = any(f["name"] == "evidence" and f.get("constraints", {}).get("required")
                         for f in _resource(data_dir, table).get("schema", {}).get("fields", []))
    if span_required or any(fields.get(name) for name in SPAN_FIELDS):
        raise ValueError(f"use annotate for a row with a span ({', '.join(SPAN_FIELDS)}): it computes the offsets")
    path, _, row = _new_row(data_dir, table, fields)
    _append(path, row)
    return row


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
    unknown or missing field or an id the table already has. Nothing is
    written unless every check passes.

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
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    fields = dict(fields or {})
    given = [name for name in SPAN_FIELDS if name in fields]
    if given:
        raise ValueError(f"{', '.join(given)} come from the document and the evidence: do not set them")
    resource = _resource(data_dir, table)
    columns = [f["name"] for f in resource.get("schema", {}).get("fields", [])]
    if not set(SPAN_FIELDS) <= set(columns):
        raise ValueError(f"table {table} has no span ({', '.join(SPAN_FIELDS)}): use add instead")
    start, end = locate(document_id, evidence, occurrence, data_dir)
    fields.update(document_id=document_id, evidence=evidence, char_start=str(start), char_end=str(end))
    path, _, row = _new_row(data_dir, table, fields)
    _append(path, row)
    return row


def update_row(table: str, row_id: str, fields: Mapping[str, str], data_dir: str | Path | None = None) -> dict[str, str]:
    """Set fields of the row whose primary key is ``row_id``, exactly as given; return the new row.

    Nothing is recomputed or checked against the text (a hand correction):
    run the validator afterwards. The file is written back in the csv
    module's format, as every curator tool writes it, so only that row changes:
    a file the csv module would not write back byte for byte (CRLF line
    endings, other quoting, a hand edit) is refused with ``ValueError`` and
    left as it was.
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    resource = _resource(data_dir, table)
    path = data_dir / resource["path"]
    key = resource.get("schema", {}).get("primaryKey", [None])[0]
    original = path.read_bytes().decode("utf-8")
    table_rows = list(csv.reader(io.StringIO(original, newline="")))
    if not table_rows:
        raise ValueError(f"{path} is empty: no header, no rows")
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
    record = table_rows[matches[0]]
    for name, value in fields.items():
        record[header.index(name)] = str(value)
    path.write_bytes(_serialise(table_rows, final_newline=original.endswith("\n")).encode("utf-8"))
    return dict(zip(header, record, strict=True))


def _serialise(records: list[list[str]], *, final_newline: bool) -> str:
    r"""``records`` as the curator tools write CSV: ``\n`` line endings, minimal quoting.

    >>> _serialise([["a", "b"], ["1", "x, y"]], final_newline=False)
    'a,b\n1,"x, y"'
    """
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(records)
    out = buf.getvalue()
    return out if final_newline else out[:-1]  # keep a file without a final newline as it was


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.curate", description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="data folder (default: the project's data/)")
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
    reg.add_argument("--outlet", default="")
    reg.add_argument("--published", required=True, help="YYYY, YYYY-MM or YYYY-MM-DD")
    reg.add_argument("--date-precision", required=True, choices=["year", "month", "day"])
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
    try:
        if args.command == "locate":
            start, end = locate(args.document_id, args.evidence, args.occurrence, args.data)
            print(f"{start}\t{end}")
        elif args.command == "annotate":
            row = annotate(args.table, args.document_id, args.evidence, parse_assignments(args.assignments),
                           occurrence=args.occurrence, data_dir=args.data)
            print(f"added to {args.table}: {next(iter(row.values()))} at {row['char_start']}:{row['char_end']}")
        elif args.command == "add":
            row = add_row(args.table, parse_assignments(args.assignments), args.data)
            print(f"added to {args.table}: {next(iter(row.values()))}")
        elif args.command == "update":
            update_row(args.table, args.row_id, parse_assignments(args.assignments), args.data)
            print(f"updated {args.table}: {args.row_id}")
        else:
            row = register_source(
                args.source, args.document_id, title=args.title, title_basis=args.title_basis, outlet=args.outlet,
                published=args.published, date_precision=args.date_precision,
                published_basis=args.published_basis, language=args.language, data_dir=args.data,
            )
            print(f"registered {row['document_id']}: {row['path']} sha256={row['sha256']} chars={row['char_length']}")
    except (EvidenceNotFound, AmbiguousEvidence, KeyError, ValueError, FileExistsError, FileNotFoundError,
            UnicodeDecodeError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc  # str(KeyError) would add quotes
        print(f"error: {message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
