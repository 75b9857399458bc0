"""Curator tools: register or import a source text, locate evidence in it, annotate, add, update, remove; undo.

From the shell (``geopol-curate`` or ``python -m helpers.curation.curate``; ``--data DIR`` before the
command works on another data folder; every write takes ``--dry-run``)::

    geopol-curate locate 000_212c296293ee434c "Storm Shadow"
    geopol-curate locate 000_212c296293ee434c "Ukraine" --occurrence 3
    geopol-curate register path/to/text.txt --document-id my_doc \\
        --title "..." --published 2024-11 --date-precision month
    geopol-curate import saved_page.html --url URL --outlet ACTOR --accessed 2026-12-04 [--excerpt]
    geopol-curate annotate statements my_doc "We will not send troops," \\
        --set statement_id=my_statement --set speaker_id=... --set mode=direct_quote ...
    geopol-curate add topics --set topic_id=my_topic --set label=... --set description=...
    geopol-curate update statements my_statement --set stance=opposes
    geopol-curate remove statements my_statement [--cascade]
    geopol-curate undo | history
    geopol-curate new-corpus DIR --name NAME

``locate`` prints the span as ``char_start<TAB>char_end`` and exits 1 with a
clear message when the text is not found (suggesting a near match, e.g. with
curly quotes), or occurs more than once and no ``--occurrence`` was given.
``register`` copies the file byte for byte into ``sources/``, computes its
SHA-256 and length and appends its ``documents`` row; it refuses a document id
that breaks the schema's pattern for ``documents.document_id`` (so the file
always lands inside ``sources/``). ``import`` (:mod:`helpers.curation.importer`)
does the same for a saved web page's main text or a ``.txt`` file, with where it
came from. ``annotate`` appends one row to a table with a span, computing
``char_start`` and ``char_end`` from the evidence as ``locate`` does; ``add``
appends a row to a table without a span (``topics``); ``update`` changes fields
of an existing row as typed, recomputing no span (run the validator
afterwards). ``remove`` (:mod:`helpers.curation.removal`) and ``undo``
(:mod:`helpers.curation.journal`) take rows and writes back; ``new-corpus``
(:mod:`helpers.curation.corpus`) starts a package of one's own.

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
* **Whole.** A write is computed in full first, then handed to
  :func:`helpers.curation.writes.apply`: the journal records what each file held,
  each file is replaced atomically (a temporary file, fsynced, ``os.replace``),
  and a write of several files (a source and its row, a cascade) interrupted
  half-way is rolled back by the next command. A source file is never overwritten.
* **Serialised.** Each command holds an exclusive lock on the data folder
  (``flock``), and reads the tables it changes only under the lock, so two
  commands run at once are applied one after the other and nothing is lost.
  A command waits at most ``--lock-timeout`` seconds (30 by default), then
  names the holder and changes nothing (:mod:`helpers.curation.lock`).
* **Checked.** The bytes to be written are parsed back before they replace
  the table; if they would not read back as the intended rows, nothing is
  written. ``--dry-run`` shows the validator's verdict on the package as it would be, and exits 1 when the
  change would cause an error (0 when it leaves no new one).

Every writer keeps the CSV format: UTF-8, ``\\n`` line endings, the csv
module's minimal quoting, existing rows untouched (``update`` rewrites only
its row, and refuses a file that the csv module would not write back byte for
byte).
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import stat
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from helpers.curation.journal import locked
from helpers.curation.lock import lock_command, lock_timeout
from helpers.curation.rows import (
    DEFAULT_ID_PATTERN,
    _appended,
    _check_row,
    _checked_bytes,
    _data_dir,
    _descriptor,
    _near_match,
    _records,
    _resource,
    _serialise,
    _source,
    _table_text,
)
from helpers.curation.writes import Draft, _append_row, apply
from helpers.dataset.printable import printable
from helpers.dataset.problems import SPAN_FIELDS, CannotValidate
from helpers.dataset.provenance import AmbiguousEvidence, EvidenceNotFound, OutsidePackage, SourceText, find_span
from helpers.dataset.reading import _primary_key

__all__ = ["SPAN_FIELDS", "Draft", "add_row", "annotate", "locate", "main", "parse_assignments", "register_source", "update_row"]


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
    dry_run: bool = False,
) -> dict[str, str]:
    """Copy a text into ``sources/`` and append its ``documents`` row; return the row (with ``dry_run``: judged, not written).

    ``outlet`` is the publishing outlet's ``actor_id`` (``documents.outlet_id``; empty when the text
    does not name it); the other keywords fill the self-describing columns of data 2.0 (``url`` needs
    ``accessed``; ``excerpt`` when only passages are kept; what it relays, and how that is known).
    A package without those columns (an older one) gets ``outlet`` and ignores the rest.

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
        "outlet": outlet,
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
    with locked(data_dir):
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
        rel = f"sources/{target.name}"
        # one journalled write: the file and its row land together or not at all (no orphan file)
        draft = apply(data_dir, f"register {source.name} as {document_id}", {rel: raw, resource["path"]: new_text}, full,
                      dry_run=dry_run, create=(rel,))
    return draft


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


def add_row(table: str, fields: Mapping[str, str], data_dir: str | Path | None = None, *, dry_run: bool = False) -> dict[str, str]:
    """Append one row to ``table`` (e.g. a topic) and return it; refuses a duplicate id or a value the schema forbids.

    For a row tied to a document's text use :func:`annotate`, which computes the span.
    """
    data_dir = _data_dir(data_dir)
    descriptor = _descriptor(data_dir)
    resource = _resource(data_dir, table, descriptor)
    span_required = any(f["name"] == "evidence" and f.get("constraints", {}).get("required") for f in resource["schema"]["fields"])
    if span_required or any(fields.get(name) for name in SPAN_FIELDS):
        raise ValueError(f"use annotate for a row with a span ({', '.join(SPAN_FIELDS)}): it computes the offsets")
    return _append_row(data_dir, table, fields, descriptor, resource, dry_run=dry_run)


def annotate(
    table: str,
    document_id: str,
    evidence: str,
    fields: Mapping[str, str] | None = None,
    *,
    occurrence: int | None = None,
    data_dir: str | Path | None = None,
    dry_run: bool = False,
) -> dict[str, str]:
    """Append one row to ``table`` with its span computed from ``evidence``; return the row (``dry_run``: judged only).

    ``fields`` sets the other columns (ids, labels, vocabulary values);
    ``char_start`` and ``char_end`` come from :func:`locate`, so they always
    match the text. Raises ``EvidenceNotFound`` or ``AmbiguousEvidence`` (give
    ``occurrence``, counting from 1) like ``locate``, and ``ValueError`` for an
    unknown or missing field, a value the schema forbids (an unknown
    ``speaker_id``, a stance outside the vocabulary) or an id the table already
    has. Nothing is written unless every check passes.

    >>> import shutil, tempfile
    >>> from helpers.dataset.paths import default_data_dir
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
    from helpers.curation.model import annotate_actor, annotate_rendering, resource_names  # the 2.0 tables

    if table == "actors" and not set(SPAN_FIELDS) <= set(columns) and "mentions" in resource_names(descriptor):
        start, end = locate(document_id, evidence, occurrence, data_dir)
        span = {"document_id": document_id, "evidence": evidence, "char_start": str(start), "char_end": str(end)}
        return annotate_actor(data_dir, descriptor, resource, fields, span, dry_run=dry_run)
    if not set(SPAN_FIELDS) <= set(columns):
        raise ValueError(f"table {table} has no span ({', '.join(SPAN_FIELDS)}): use add instead")
    start, end = locate(document_id, evidence, occurrence, data_dir)
    fields.update(document_id=document_id, evidence=evidence, char_start=str(start), char_end=str(end))
    if table == "statements" and "utterance_id" in columns and "utterances" in resource_names(descriptor):
        return annotate_rendering(data_dir, descriptor, resource, fields, dry_run=dry_run)
    return _append_row(data_dir, table, fields, descriptor, resource, dry_run=dry_run,
                       command=f"annotate {table} {fields.get(_primary_key(resource) or '', '')} at {start}:{end}")


def update_row(table: str, row_id: str, fields: Mapping[str, str], data_dir: str | Path | None = None, *,
               dry_run: bool = False) -> dict[str, str]:
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
    with locked(data_dir):
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
        data = _checked_bytes(text, new_records, path)
        return apply(data_dir, f"update {table} {row_id} ({', '.join(fields)})", {resource["path"]: data}, row, dry_run=dry_run)


def _print_draft(table: str, row: Mapping, verdict) -> None:
    """What a dry run would write, then the validator's verdict on the package as it would be."""
    print(f"dry run: nothing written. The row for {table}:")
    for name, value in row.items():
        if value != "":
            print(printable(f"  {name}: {value}"))
    print("\n".join(printable(line) for line in str(verdict).splitlines()))


def _sets(p) -> None:
    p.add_argument("--set", dest="assignments", action="append", default=[], metavar="FIELD=VALUE", help="a column's value (repeat)")


def _dry(p) -> None:
    p.add_argument("--dry-run", action="store_true", help="print the row and the validator's verdict on the package as it would be; write nothing")


def main(argv: Sequence[str] | None = None) -> int:
    """``geopol-curate``: exit 0 done (or judged, with ``--dry-run``), 1 refused or failed (nothing changed).

    A :class:`~helpers.dataset.problems.CannotValidate` that reaches here (``new-corpus`` on a source package whose
    ``datapackage.json`` cannot be read) is one ``error: ...: [cannot-run] ...`` line and exit 2, as the validator's own CLI;
    the row commands report the same line with exit 1 (they turn it into a refusal).
    """
    import argparse

    parser = argparse.ArgumentParser(prog="geopol-curate", description=__doc__.splitlines()[0])
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
    _dry(reg)
    imp = sub.add_parser("import", help="import a saved web page (its main text) or a .txt file as a new document, with where it came from")
    imp.add_argument("file")
    imp.add_argument("--url", required=True, help="where the text was read")
    imp.add_argument("--outlet", required=True, help="the outlet's actor_id (add the actor first)")
    imp.add_argument("--accessed", required=True, help="when it was read: YYYY-MM-DD")
    imp.add_argument("--excerpt", action="store_true", help="only passages of the text are kept")
    imp.add_argument("--title", help="default: the page's own title")
    imp.add_argument("--published", help="ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM+HH:MM); default: the page's own date")
    imp.add_argument("--language", help="BCP 47; default: the page's lang attribute")
    imp.add_argument("--document-id", help="default: NNN_ and the start of the text's SHA-256")
    _sets(imp)
    _dry(imp)
    ann = sub.add_parser("annotate", help="append a row to a table, its span computed from the evidence")
    ann.add_argument("table")
    ann.add_argument("document_id")
    ann.add_argument("evidence")
    ann.add_argument("--occurrence", type=int, help="which occurrence, counting from 1")
    _sets(ann)
    _dry(ann)
    add = sub.add_parser("add", help="append a row without a span (e.g. a topic)")
    add.add_argument("table")
    _sets(add)
    _dry(add)
    upd = sub.add_parser("update", help="set fields of an existing row, as typed (then validate)")
    upd.add_argument("table")
    upd.add_argument("row_id")
    _sets(upd)
    _dry(upd)
    rem = sub.add_parser("remove", help="remove a row; refused while other rows refer to it, unless --cascade")
    rem.add_argument("table")
    rem.add_argument("row_id", help="its primary key (a composite key's values joined with ':')")
    rem.add_argument("--cascade", action="store_true", help="remove the rows that refer to it too (transitively)")
    _dry(rem)
    und = sub.add_parser("undo", help="take back the last write (from the journal in DATA/.journal/)")
    und.add_argument("--dry-run", action="store_true", help="say what would be undone; change nothing")
    sub.add_parser("history", help="list the writes that undo can take back, newest first")
    new = sub.add_parser("new-corpus", help="start a package of one's own: this one's codebook and vocabularies, no documents")
    new.add_argument("target")
    new.add_argument("--name", required=True, help="the package's name (lower case, digits, '.', '_', '-')")
    args = parser.parse_args(argv)
    shown_argv = sys.argv[1:] if argv is None else list(argv)
    tokens = [lock_timeout.set(args.lock_timeout), lock_command.set(" ".join(["geopol-curate", *shown_argv]))]
    try:
        return _run(args)
    finally:
        lock_command.reset(tokens[1])
        lock_timeout.reset(tokens[0])


def _run(args: object) -> int:
    from helpers.curation.corpus import new_corpus
    from helpers.curation.importer import import_source
    from helpers.curation.journal import history, undo
    from helpers.curation.removal import remove_row

    dry = getattr(args, "dry_run", False)
    try:
        if args.command == "locate":
            start, end = locate(args.document_id, args.evidence, args.occurrence, args.data)
            print(f"{start}\t{end}")
            return 0
        if args.command == "undo":
            done = undo(_data_dir(args.data), dry_run=dry)
            print(printable(f"{'would undo' if dry else 'undone'}: {done['command']} ({', '.join(done['files'])})"))
            return 0
        if args.command == "history":
            for item in history(_data_dir(args.data)):
                print(f"{item['entry']}\t{printable(item['command'])}")
            return 0
        if args.command == "new-corpus":
            made = new_corpus(args.target, args.name, data_dir=args.data)
            print(f"new corpus {made['name']} {made['version']} in {made['path']}: {len(made['tables'])} tables, no documents; "
                  f"copied whole: {', '.join(made['copied']) or 'none'}")
            return 0
        table = {"register": "documents", "import": "documents"}.get(args.command, getattr(args, "table", ""))
        if args.command == "annotate":
            row = annotate(args.table, args.document_id, args.evidence, parse_assignments(args.assignments),
                           occurrence=args.occurrence, data_dir=args.data, dry_run=dry)
            done = f"added to {args.table}: {next(iter(row.values()))} at {row['char_start']}:{row['char_end']}"
        elif args.command == "add":
            row = add_row(args.table, parse_assignments(args.assignments), args.data, dry_run=dry)
            done = f"added to {args.table}: {next(iter(row.values()))}"
        elif args.command == "update":
            row = update_row(args.table, args.row_id, parse_assignments(args.assignments), args.data, dry_run=dry)
            done = f"updated {args.table}: {args.row_id}"
        elif args.command == "remove":
            row = remove_row(args.table, args.row_id, cascade=args.cascade, data_dir=args.data, dry_run=dry)
            done = "removed: " + ", ".join(f"{t} {k}" for t, k in row["removed"])
        elif args.command == "import":
            row = import_source(args.file, url=args.url, outlet=args.outlet, accessed=args.accessed, excerpt=args.excerpt, title=args.title,
                                published=args.published, language=args.language, document_id=args.document_id,
                                fields=parse_assignments(args.assignments), data_dir=args.data, dry_run=dry)
            done = f"imported {row['document_id']}: {row['path']} sha256={row['sha256']} chars={row['char_length']}"
        else:
            row = register_source(
                args.source, args.document_id, title=args.title, title_basis=args.title_basis, outlet=args.outlet,
                published=args.published, date_precision=args.date_precision,
                published_basis=args.published_basis, language=args.language, document_kind=args.kind, url=args.url,
                accessed=args.accessed, excerpt=args.excerpt, relays_document_id=args.relays_document,
                relays_actor_id=args.relays_actor, relay_basis=args.relay_basis, data_dir=args.data, dry_run=dry,
            )
            done = f"registered {row['document_id']}: {row['path']} sha256={row['sha256']} chars={row['char_length']}"
        if dry:
            _print_draft(table, {"removed": ", ".join(f"{t} {k}" for t, k in row["removed"])} if args.command == "remove" else row,
                         row.verdict)
            return 1 if any(p.is_error for p in row.verdict.new) else 0  # like the widget's Write: refused when it adds an error
        else:
            print(printable(done))
    except (EvidenceNotFound, AmbiguousEvidence, KeyError, ValueError, OutsidePackage, csv.Error) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc  # str(KeyError) would add quotes
        print(printable(f"error: {message}"), file=sys.stderr)
        return 1
    except CannotValidate as exc:  # the package itself is unreadable (its descriptor, say): as the validator's CLI, one line and 2
        print(printable(f"error: {exc}"), file=sys.stderr)
        return 2
    except BrokenPipeError:  # whoever read the output went away (`history | head`) after the command did its work: say nothing false
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so that the exit's flush does not fail again
        return 1
    except OSError as exc:  # a read-only folder, a full disk, a missing file: nothing was changed
        where = f" ({exc.filename})" if exc.filename else ""
        print(printable(f"error: {exc.strerror or exc}{where}; nothing was changed"), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
