"""Reading, checking and serialising a package's tables for the curator tools (no writing: see :mod:`helpers.curation.journal`).

Every curator command reads a table's records with the csv module, checks a
new row against what the schema says (required, enum, pattern, integer, dates,
foreign keys, text without control characters) and serialises the table back
in the one format every writer keeps: UTF-8, ``\\n`` line endings, the csv
module's minimal quoting, the bytes parsed back before they are used.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from helpers.curation.checks import _check_date, _check_text
from helpers.dataset.paths import default_data_dir
from helpers.dataset.problems import CannotValidate, _resource_shape
from helpers.dataset.provenance import SourceText, contained_path, read_contained
from helpers.dataset.reading import _read_descriptor

#: The pattern of ``documents.document_id`` when the descriptor gives none (the project's id pattern).
DEFAULT_ID_PATTERN = "^[a-z0-9][a-z0-9_]*$"


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
    declared = resource["schema"].get("primaryKey")
    keys = [declared] if isinstance(declared, str) else [k for k in declared or [] if isinstance(k, str)]
    if keys and any(all(existing.get(k) == row.get(k) for k in keys) for existing in others):
        shown = ", ".join(f"{k} {row.get(k)!r}" for k in keys)  # a composite key is unique as a whole
        raise ValueError(f"{table} already has a row with {shown}: ids must be unique across documents")


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


def _appended(data_dir: Path, resource: dict, records: list[list[str]], row: Mapping[str, str]) -> bytes:
    """The table's bytes with one row appended: earlier bytes untouched, checked to read back."""
    original = _table_text(data_dir, resource)
    header = records[0]
    line = _serialise([[str(row.get(name, "")) for name in header]], final_newline=True)
    glue = "" if original.endswith("\n") or not original else "\n"  # a hand-edited file without a final newline
    return _checked_bytes(original + glue + line, [*records, [str(row.get(name, "")) for name in header]], data_dir / resource["path"])


