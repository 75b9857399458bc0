"""Reading a package safely: the descriptor, its shape, every CSV strictly, frictionless's checks, the sources.

Nothing is opened before its path is known to be a regular file inside the data folder.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from helpers.dataset.paths import DESCRIPTOR_NAME
from helpers.dataset.problems import FIELD_SIZE_LIMIT, PUBLIC_COLUMNS, CannotValidate, CheckedPackage, Problem, _display, _resource_shape
from helpers.dataset.provenance import OutsidePackage, SourceText, read_contained

#: Reads one file the package names (a path relative to the data folder) and returns its bytes, raising
#: OutsidePackage as read_contained does. The validator reads through one, so that the loader can hand it the
#: very bytes it hashed (the validation cache keys exactly what was validated).
Reader = Callable[[str], bytes]


def disk_reader(data_dir: Path) -> Reader:
    """Read from the folder itself, each path checked to be a regular file inside it before it is opened."""
    return lambda rel: read_contained(data_dir, rel)


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [k for k, _ in pairs]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise ValueError(f"duplicate key(s) {', '.join(map(repr, dupes))} in one object: which one counts is undefined")
    return dict(pairs)


def _read_descriptor(data_dir: Path, read: Reader | None = None) -> dict:
    if not data_dir.is_dir():
        raise CannotValidate(data_dir, "no such data folder")
    path = data_dir / DESCRIPTOR_NAME
    try:
        raw = (read or disk_reader(data_dir))(DESCRIPTOR_NAME)
    except OutsidePackage as exc:
        raise CannotValidate(path, "descriptor not found" if exc.code == "file-not-found" else str(exc)) from exc
    try:
        descriptor = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicate_keys)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise CannotValidate(path, f"not readable as JSON ({exc})") from exc
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise CannotValidate(path, "not a data package (no 'resources' list)")
    return descriptor


def _field_names(resource: object) -> list[str]:
    """The field names of a resource, whatever its shape (non-strings skipped)."""
    schema = resource.get("schema") if isinstance(resource, dict) else None
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list):
        return []
    return [f["name"] for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)]


def _primary_key(resource: dict) -> str | None:
    key = resource.get("schema", {}).get("primaryKey")
    if isinstance(key, str):
        return key
    if isinstance(key, list) and key and isinstance(key[0], str):
        return key[0]
    return None


def _descriptor_problems(data_dir: Path, descriptor: dict) -> Iterable[Problem]:
    """The shape of the descriptor: resources, fields and names, before anything is read."""
    shown = _display(data_dir, DESCRIPTOR_NAME)
    seen: set[str] = set()
    for i, resource in enumerate(descriptor["resources"], start=1):
        why = _resource_shape(resource)
        name = resource.get("name") if isinstance(resource, dict) and isinstance(resource.get("name"), str) else f"resources[{i}]"
        if why:
            yield Problem(shown, None, name, why, "descriptor-malformed")
        elif name in seen:
            yield Problem(shown, None, name, f"resource {name!r} is declared twice", "descriptor-malformed")
        seen.add(name)
    for key in ("$schema", "profile"):
        if isinstance(descriptor.get(key), str) and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", descriptor[key]):
            yield Problem(shown, None, key, f"{key!r} names a URL: a package may not fetch anything", "outside-package")
    if "vocabularies" in descriptor and not (isinstance(descriptor["vocabularies"], dict)
                                           and all(isinstance(v, dict) for v in descriptor["vocabularies"].values())):
        yield Problem(shown, None, "vocabularies", "'vocabularies' must map names to objects of label: definition", "descriptor-malformed")


def _interface_problems(data_dir: Path, descriptor: dict) -> tuple[list[Problem], set[str]]:
    """Every public table and column is declared; return the problems and the tables missing a column.

    >>> problems, incomplete = _interface_problems(Path("d"), {"resources": [{"name": "topics", "schema": {"fields": [{"name": "label"}]}}]})
    >>> print(problems[0])
    d/datapackage.json:documents: [interface-missing] table documents is missing: it is part of the public interface
    >>> print(next(p for p in problems if p.column.startswith("topics")))
    d/datapackage.json:topics.topic_id: [interface-missing] column topic_id of table topics is missing: it is part of the public interface
    >>> sorted(incomplete)
    ['topics']
    """
    shown = _display(data_dir, DESCRIPTOR_NAME)
    declared: dict[str, set[str]] = {}
    for resource in descriptor["resources"]:
        if isinstance(resource, dict) and isinstance(resource.get("name"), str):
            declared[resource["name"]] = set(_field_names(resource))
    problems: list[Problem] = []
    incomplete: set[str] = set()
    for table, columns in PUBLIC_COLUMNS.items():
        if table not in declared:
            problems.append(Problem(shown, None, table, f"table {table} is missing: it is part of the public interface", "interface-missing"))
            continue
        for column in columns:
            if column not in declared[table]:
                problems.append(Problem(shown, None, f"{table}.{column}",
                                        f"column {column} of table {table} is missing: it is part of the public interface",
                                        "interface-missing"))
                incomplete.add(table)
    return problems, incomplete


# --- reading: the tables -----------------------------------------------------------------------------------------


def _read_csv(data_dir: Path, resource: dict, read: Reader | None = None) -> tuple[list[dict[str, str]] | None, list[Problem]]:
    """Read one CSV strictly; return its rows (None if unusable) and structural problems."""
    header, records, problems = _read_records(data_dir, resource, read)
    return (None if records is None else [dict(zip(header, record, strict=True)) for record in records]), problems


def _as_columns(header: list[str], records: list[list[str]]) -> dict[str, Sequence[str]]:
    """The records column by column, each a numpy array of the cells (the column-wise checks and the loader share them)."""
    import numpy as np  # imported here: the tools that only read descriptors do not need it

    if not records:
        return {name: np.empty(0, dtype=object) for name in header}
    table = np.empty((len(records), len(header)), dtype=object)
    table[:] = records  # every record is as long as the header (checked)
    return dict(zip(header, table.T.copy(), strict=True))  # each row of the transpose is one column, contiguous


def _read_records(data_dir: Path, resource: dict, read: Reader | None = None) -> tuple[list[str], list[list[str]] | None, list[Problem]]:
    """Read one CSV strictly; return its header, its records (None if unusable) and structural problems."""
    shown = _display(data_dir, resource["path"])
    try:
        raw = (read or disk_reader(data_dir))(resource["path"])
    except OutsidePackage as exc:
        return [], None, [Problem(shown, message=str(exc), code=exc.code)]
    problems: list[Problem] = []
    if not raw.strip():
        return [], None, [Problem(shown, message="file is empty (expected at least a header row)", code="empty-file")]
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(shown, 1, message="starts with a UTF-8 byte order mark (BOM); save as UTF-8 without BOM", code="bom"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], None, [Problem(shown, line, message=f"not valid UTF-8 at byte {exc.start}", code="not-utf8")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    previous_limit = csv.field_size_limit(FIELD_SIZE_LIMIT)
    try:
        table = list(reader)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            return [], None, [*problems, Problem(shown, reader.line_num, message=(
                f"a field is larger than the limit of {FIELD_SIZE_LIMIT} characters ({exc}); "
                "is a quote missing, or does a cell hold a whole document?"), code="field-too-large")]
        hint = "an unbalanced quote?" if "unexpected end of data" in str(exc) or "expected" in str(exc) else \
            "a line break or carriage return inside an unquoted field?" if "new-line" in str(exc) else "an unbalanced quote?"
        return [], None, [*problems, Problem(shown, reader.line_num, message=f"malformed CSV ({exc}); {hint}", code="malformed-csv")]
    finally:
        csv.field_size_limit(previous_limit)
    lone_cr = " (the file has a carriage return not followed by a line feed: a value holding one ends the row early)" \
        if re.search(r"\r(?!\n)", text) else ""
    header, records = table[0], table[1:]
    expected = _field_names(resource)
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        detail = []
        if missing:
            detail.append(f"missing column(s) {', '.join(missing)}")
        if extra:
            detail.append(f"unexpected column(s) {', '.join(extra)}")
        if not detail:
            detail.append(f"columns out of order or repeated; expected {', '.join(expected)}")
        problems.append(Problem(shown, 1, message="header does not match the schema: " + "; ".join(detail), code="header-mismatch"))
        return header, None, problems
    width = len(header)
    for i, record in enumerate(records, start=2):
        if len(record) != width:
            problems.append(Problem(shown, i, message=f"row has {len(record)} field(s), header has {width}{lone_cr}", code="row-length"))
    return header, (None if problems else records), problems


_PROSE = ("title", "description")


def _frictionless_descriptor(descriptor: dict) -> dict:
    """The descriptor frictionless needs: the same rules without per-resource and per-field prose.

    Frictionless copies and re-validates a resource's whole metadata for every
    foreign key and every field each time it opens a table, so titles and
    descriptions cost time on every validation while no data check reads
    them; ``required: false`` is the default and is dropped too. What the
    prose must be is checked by :func:`_dictionary_problems` instead. The
    package-level metadata (licenses, sources, version) is kept as it is.
    """
    from helpers.dataset.rules.reading import without_reading_options

    resources = []
    for resource in descriptor["resources"]:
        lean = {k: v for k, v in without_reading_options(resource).items() if k not in _PROSE}
        # the reading options are gone, so frictionless would sniff the delimiter, and a table whose text cells hold
        # many commas and quotes (2.0's comparisons.csv) sniffs wrong: state the csv default the rules allow
        if str(lean.get("path", "")).endswith(".csv"):
            lean["dialect"] = {"delimiter": ","}
        schema = resource.get("schema")
        if isinstance(schema, dict) and isinstance(schema.get("fields"), list):
            fields = []
            for f in schema["fields"]:
                if not isinstance(f, dict):
                    fields.append(f)
                    continue
                f = {k: v for k, v in f.items() if k not in _PROSE}
                constraints = f.get("constraints")
                if isinstance(constraints, dict) and constraints.get("required") is False:
                    f["constraints"] = {k: v for k, v in constraints.items() if k != "required"}
                fields.append(f)
            lean["schema"] = {**schema, "fields": fields}
        resources.append(lean)
    return {**descriptor, "resources": resources}


def _table_problems(checked: CheckedPackage) -> list[Problem]:
    """Types, constraints, primary and foreign keys of every table; the descriptor checked by frictionless.

    frictionless builds the package once, which validates the whole descriptor
    (it raises when it is invalid). The tables the validator read whole are then
    checked column by column (:mod:`helpers.dataset.columnwise`), with the same
    coded problems frictionless reports; a table that module does not take
    (another format, dialect or field type: :func:`helpers.dataset.columnwise.unsupported`)
    is validated by frictionless as before (:func:`_frictionless_problems`).
    Messages carry frictionless's ``[code]`` prefix, as :func:`_frictionless_problems` gives them.
    """
    from helpers.dataset import cache, columnwise
    from helpers.dataset.frictionless_fast import import_frictionless

    data_dir, descriptor = checked.data_dir, checked.descriptor
    shown_descriptor = _display(data_dir, DESCRIPTOR_NAME)
    lean = _frictionless_descriptor(descriptor)
    key = cache.descriptor_key(lean)
    if not cache.descriptor_accepted(key):  # a descriptor frictionless accepted before is not checked again (helpers.dataset.cache)
        frictionless = import_frictionless()  # imported here: slow to import, only validation needs it
        try:
            frictionless.Package(lean, basepath=str(data_dir))
        except frictionless.FrictionlessException as exc:
            reasons = [reason.message for reason in exc.reasons] or [exc.error.message]
            return [Problem(shown_descriptor, message=reason) for reason in reasons]
        cache.remember_descriptor(key)
    resources = checked.resources
    readable = set(checked.columns) - checked.broken
    # constraints the profile lets through but no reader can apply (frictionless raises on the first row): the descriptor's problem
    unreadable = columnwise.unreadable_constraints(descriptor, [name for name in resources if name not in checked.broken])
    if unreadable:
        return [Problem(shown_descriptor, None, where, f"[descriptor-invalid] {why}") for where, why in unreadable]
    mine = [name for name in resources if name in readable and columnwise.unsupported(resources[name], resources, readable) is None]
    found = columnwise.check_tables(descriptor, {name: checked.columns[name] for name in readable}, mine)
    problems = []
    for name in mine:
        shown = _display(data_dir, resources[name]["path"])
        problems += [Problem(shown, p.row, p.column, f"[{p.code}] {p.message}") for p in found[name]]
    rest = set(resources) - set(mine) - checked.broken
    if rest:
        with tempfile.TemporaryDirectory(prefix="geopol-validated-") as copy:
            # frictionless reads the bytes the validator read (checked.raw), never the folder again: a file
            # changed meanwhile cannot make it check other bytes than the rules did
            for resource in resources.values():
                rel = resource.get("path")
                if isinstance(rel, str) and rel in checked.raw:
                    target = Path(copy, rel)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(checked.raw[rel])
            problems += _frictionless_problems(Path(copy), descriptor, skip=set(resources) - rest, shown_dir=data_dir)
    return problems


def _frictionless_problems(data_dir: Path, descriptor: dict, skip: set[str], shown_dir: Path | None = None) -> list[Problem]:
    """Types, constraints, primary and foreign keys, checked by the frictionless library.

    Frictionless reads the tables from ``data_dir``; problems name them in ``shown_dir`` (default: the same folder).
    """
    shown_dir = data_dir if shown_dir is None else shown_dir
    from helpers.dataset.frictionless_fast import foreign_key_problems, import_frictionless, own_foreign_keys

    frictionless = import_frictionless()  # imported here: slow to import, only validation needs it

    problems: list[Problem] = []
    shown_descriptor = _display(shown_dir, DESCRIPTOR_NAME)
    try:
        # Building the package validates the whole descriptor once (it raises when it is invalid) ...
        package = frictionless.Package(_frictionless_descriptor(descriptor), basepath=str(data_dir))
    except frictionless.FrictionlessException as exc:
        reasons = [reason.message for reason in exc.reasons] or [exc.error.message]
        return [Problem(shown_descriptor, message=reason) for reason in reasons]
    paths = {r.get("name"): r.get("path", "") for r in descriptor["resources"]}
    # Foreign keys of plain strings are checked once per package, not by re-reading each referenced
    # table for every table that refers to it (see helpers.dataset.frictionless_fast); the rest stay here.
    own = own_foreign_keys(descriptor, skip)
    own_problems = foreign_key_problems(data_dir, descriptor, own) if own else {}
    if own_problems is None:
        own = {}
    # ... so validate the resources one by one, as Package.validate does when there are foreign
    # keys, without its second validation of the same descriptor; each resource still checks its
    # own metadata, and foreign keys are still looked up in the package.
    for resource in package.resources:
        if resource.name in skip:
            continue
        if own.get(resource.name):
            resource.schema.foreign_keys = [fk for i, fk in enumerate(resource.schema.foreign_keys) if i not in own[resource.name]]
        report = resource.validate()
        shown = _display(shown_dir, paths.get(resource.name, resource.name))
        for error in report.errors:
            problems.append(Problem(shown, message=error.message))
        rows: list[Problem] = []
        for task in report.tasks:
            for error in task.errors:
                d = error.to_descriptor()
                column = d.get("fieldName") or ", ".join(d.get("fieldNames", [])) or None
                value = f" value {d['cell']!r}:" if "cell" in d else ""
                rows.append(Problem(shown, d.get("rowNumber"), column, f"[{d['type']}]{value} {d.get('note') or d['message']}"))
        rows += [Problem(shown, row, column, message) for row, column, message in (own_problems or {}).get(resource.name, [])]
        problems += sorted(rows, key=lambda p: p.row or 0)  # stable: a row's own key problems follow its other ones, as in frictionless
    return problems


# --- reading: the sources ------------------------------------------------------------------------------------------


def _check_sources(data_dir: Path, docs: list[dict[str, str]], checked: CheckedPackage, read: Reader | None = None) -> None:
    """Read every registered source (inside the folder only), checking its hash and length against ``documents``."""
    shown = _display(data_dir, checked.resources.get("documents", {}).get("path", "documents.csv"))
    read = read or disk_reader(data_dir)
    for row_no, doc in enumerate(docs, start=2):
        rel = doc.get("path", "")
        try:
            raw = read(rel)
        except OutsidePackage as exc:
            message = f"source file not found: {_display(data_dir, rel)}" if exc.code == "file-not-found" else f"source {exc}"
            checked.problems.append(Problem(shown, row_no, "path", message, exc.code))
            continue
        try:
            source = SourceText.from_bytes(raw)
        except UnicodeDecodeError as exc:
            checked.problems.append(Problem(shown, row_no, "path", f"source is not valid UTF-8 ({exc.reason} at byte {exc.start})", "not-utf8"))
            continue
        if source.sha256 != doc.get("sha256"):
            hint = ""
            if "\r\n" in source.text:
                hint = " (the file has CRLF line endings: check git's autocrlf and .gitattributes)"
            checked.problems.append(
                Problem(shown, row_no, "sha256", f"source {rel} has SHA-256 {source.sha256}, expected {doc.get('sha256')}: the file changed{hint}",
                        "sha256-mismatch")
            )
        if str(source.char_length) != doc.get("char_length"):
            checked.problems.append(
                Problem(shown, row_no, "char_length", f"source {rel} has {source.char_length} characters, expected {doc.get('char_length')}",
                        "length-mismatch")
            )
        checked.sources.setdefault(doc.get("document_id", ""), source)


# --- the rules -------------------------------------------------------------------------------------------------------
#
# Each rule reads ``checked`` (descriptor, rows, sources) and yields problems; ``paths`` maps each table
# that was read to its file. Rules see only tables that were read whole (``checked.rows``), and each checks
# everything it can on its own: none skips a row because another rule is expected to report it.

#: A canonical decimal integer: ASCII digits, no sign but '-', no padding, no leading zero, no underscore.
