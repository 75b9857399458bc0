"""The core rules: offsets, spans, dates, responses, cycles, ids, text cells, vocabularies, the dictionary.

Each is ``rule(checked, paths) -> Iterable[Problem]``; :data:`CORE_RULES` lists them in the order
their problems are reported.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date

from helpers.dataset.paths import DESCRIPTOR_NAME
from helpers.dataset.problems import (
    _CANONICAL_INT,
    _DATE_LENGTH,
    MAX_INT_DIGITS,
    SPAN_FIELDS,
    CannotValidate,
    CheckedPackage,
    Problem,
    Rule,
    _as_int,
    _display,
    _fields_of_type,
    _shorten,
    _table_rows,
)
from helpers.dataset.provenance import DataFolder, OutsidePackage, SourceText
from helpers.dataset.reading import _PROSE, _primary_key, _table_problems

#: A column of canonical integers or empty cells, one per line: the usual integer column passes in one scan.
_CANONICAL_LINES = re.compile(r"(?:0|-?[1-9][0-9]*)?(?:\n(?:0|-?[1-9][0-9]*)?)*", re.ASCII)


def _canonical_column(cells: Sequence[str]) -> bool:
    """Whether every cell is empty or a canonical decimal integer (no cell may hold a line break: counted first)."""
    joined = "\n".join(cells)
    return joined.count("\n") == max(len(cells) - 1, 0) and _CANONICAL_LINES.fullmatch(joined) is not None


def rule_integers_canonical(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Integer cells are canonical decimal integers: ``+655``, `` 655``, ``6_55``, ``0655`` or ``٦٥٥`` are refused."""
    for table in checked.rows:
        columns = [f["name"] for f in _fields_of_type(checked, table, "integer")]
        if table in checked.columns:  # skip the columns whose cells are all canonical (one scan each)
            columns = [c for c in columns if not _canonical_column(checked.columns[table][c])]
        if not columns:
            continue
        for _, shown, row_no, row in _table_rows(checked, paths, table):
            for column in columns:
                value = row.get(column, "")
                if value and _CANONICAL_INT.fullmatch(value) is None:
                    code = "offset-not-canonical" if column in ("char_start", "char_end") else "integer-not-canonical"
                    if len(value) > MAX_INT_DIGITS and value.isascii() and value.isdigit():
                        yield Problem(shown, row_no, column, f"{value[:20]!r}... has {len(value)} digits, more than the {MAX_INT_DIGITS} "
                                                             "any integer of the package may have", code)
                        continue
                    yield Problem(shown, row_no, column, f"{value[:80]!r} is not a canonical decimal integer (write it as ASCII digits "
                                                         "without sign, padding, underscores or leading zeros)", code)


def _normalisation(value: str) -> str:
    forms = [form for form in ("NFC", "NFD") if unicodedata.is_normalized(form, value)]
    return " and ".join(forms) if forms else "neither NFC nor NFD"


def rule_spans(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Every span is complete, ordered, inside its document and equal to its evidence.

    A span whose offsets read as integers and whose characters equal its evidence passes at once; any other row
    is looked at in full (:func:`_check_span`), which finds what is wrong with it.
    """
    texts = {document_id: source.text for document_id, source in checked.sources.items()}
    for _table, shown, row_no, row in _table_rows(checked, paths):
        if "evidence" not in row:
            continue
        evidence, text = row["evidence"], texts.get(row.get("document_id", ""))
        if evidence and text is not None and row.get("document_id"):
            start, end = _as_int(row.get("char_start", "")), _as_int(row.get("char_end", ""))
            if start is not None and end is not None and 0 <= start < end <= len(text) and text[start:end] == evidence:
                continue
        yield from _check_span(shown, row_no, row, checked.sources)


def _check_span(shown: str, row_no: int, row: dict[str, str], sources: dict[str, SourceText]) -> Iterable[Problem]:
    present = [bool(row.get(f, "")) for f in SPAN_FIELDS]
    if not any(present[1:]):  # a row of a document without a span (a rendering an excerpt does not keep): rule_spans has nothing to check
        return
    if not all(present):
        missing = [f for f, p in zip(SPAN_FIELDS, present, strict=True) if not p]
        yield Problem(shown, row_no, missing[0], f"span is incomplete: {', '.join(missing)} empty while other span fields are set",
                      "span-incomplete")
        return
    start, end = _as_int(row["char_start"]), _as_int(row["char_end"])
    source = sources.get(row["document_id"])
    if start is None or end is None:
        bad = "char_start" if start is None else "char_end"
        why = f"has more than {MAX_INT_DIGITS} digits" if _CANONICAL_INT.fullmatch(row[bad]) else "is not a canonical decimal integer"
        yield Problem(shown, row_no, bad, f"the span cannot be checked: {bad} {_shorten(row[bad])} {why}", "span-unverifiable")
        return
    if source is None:
        yield Problem(shown, row_no, "document_id", f"the span cannot be checked: no readable source for document {row['document_id']!r}",
                      "span-unverifiable")
        return
    if start >= end:
        yield Problem(shown, row_no, "char_end", f"char_start ({start}) must be less than char_end ({end})", "span-order")
        return
    evidence = row["evidence"]
    if start < 0 or end > source.char_length:
        elsewhere = _other_documents(row["document_id"], evidence, start, end, sources)
        yield Problem(shown, row_no, "char_end",
                      f"span {start}:{end} lies outside document {row['document_id']} (length {source.char_length}){elsewhere}", "span-outside")
        return
    actual = source.text[start:end]
    if actual != evidence:
        if unicodedata.normalize("NFC", actual) == unicodedata.normalize("NFC", evidence):
            yield Problem(shown, row_no, "evidence",
                          f"text[{start}:{end}] looks the same as the evidence but differs in Unicode normalisation: the text is "
                          f"{_normalisation(actual)}, the evidence is {_normalisation(evidence)}; copy the evidence from the source "
                          f"(code points of the text: {' '.join(f'U+{ord(c):04X}' for c in actual[:12])}...)", "span-mismatch")
            return
        found = source.text.find(evidence)
        where = f"; the evidence occurs at {found}:{found + len(evidence)}" if found >= 0 else "; the evidence does not occur in the document"
        elsewhere = _other_documents(row["document_id"], evidence, start, end, sources)
        yield Problem(shown, row_no, "evidence", f"text[{start}:{end}] is {actual!r}, not the evidence {evidence!r}{where}{elsewhere}",
                      "span-mismatch")


def _other_documents(document_id: str, evidence: str, start: int, end: int, sources: dict[str, SourceText]) -> str:
    """A hint for a span that does not match its own document: does it belong to another one?

    >>> srcs = {"a": SourceText.from_bytes(b"one cat"), "b": SourceText.from_bytes(b"two dogs")}
    >>> _other_documents("a", "dogs", 4, 8, srcs)
    '; the span belongs to another document: text[4:8] of document b is the evidence (is document_id wrong?)'
    >>> _other_documents("a", "two", 0, 2, srcs)
    '; the evidence occurs in another document: b at 0:3'
    >>> _other_documents("a", "bird", 0, 4, srcs)
    ''
    """
    others = [(doc, src) for doc, src in sources.items() if doc != document_id]
    exact = [doc for doc, src in others if src.text[start:end] == evidence]
    if exact:
        return (f"; the span belongs to another document: text[{start}:{end}] of document {', '.join(exact)} "
                "is the evidence (is document_id wrong?)")
    occurs = [f"{doc} at {i}:{i + len(evidence)}" for doc, src in others if (i := src.text.find(evidence)) >= 0]
    return f"; the evidence occurs in another document: {'; '.join(occurs)}" if occurs else ""


def _check_date(shown: str, row_no: int, value: str, precision: str, column: str) -> Iterable[Problem]:
    if not value:
        return
    want = _DATE_LENGTH.get(precision)
    if want is not None and len(value) != want:
        yield Problem(shown, row_no, column, f"date {value!r} does not have precision {precision!r}", "date-precision")
        return
    if not re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}(T([01][0-9]|2[0-3]):[0-5][0-9][+-][0-9]{2}:[0-9]{2})?", value, re.ASCII):
        yield Problem(shown, row_no, column, f"{value!r} is not a date written YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+HH:MM",
                      "date-invalid")
        return
    parts = [int(p) for p in value[:10].split("-")]
    try:
        date(*parts, *[1] * (3 - len(parts)))
    except ValueError:
        yield Problem(shown, row_no, column, f"{value!r} is not a calendar date", "date-invalid")


def rule_dates(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Dates have their stated precision and exist in the calendar; date, precision and basis come together."""
    for table, shown, row_no, row in _table_rows(checked, paths):
        if "date" in row and "date_precision" in row:
            yield from _check_date(shown, row_no, row["date"], row["date_precision"], "date")
            if bool(row["date"]) != bool(row["date_precision"]) or bool(row["date"]) != bool(row.get("date_basis", row["date"])):
                yield Problem(shown, row_no, "date", "date, date_precision and date_basis must be given together", "date-incomplete")
        if table == "documents":
            yield from _check_date(shown, row_no, row["published"], row["date_precision"], "published")


def rule_responses(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """A response comes with the statement it answers, and only then."""
    for _, shown, row_no, row in _table_rows(checked, paths, "statements"):
        if bool(row["responds_to_id"]) != bool(row["response"]):
            yield Problem(shown, row_no, "response", "response must be set exactly when responds_to_id is set", "response-incomplete")


def rule_reference_cycles(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Following ``responds_to_id`` from a statement never leads back to it (in one document or across documents).

    Each statement on a cycle is reported once per column, so a long cycle names all its rows.
    """
    rows = checked.rows.get("statements", [])
    shown = _display(checked.data_dir, paths.get("statements", "statements.csv"))
    for column, verb in (("responds_to_id", "respond to"),):
        if not rows or column not in rows[0]:
            continue
        target = {row["statement_id"]: row[column] for row in rows if row[column]}
        for row_no, row in enumerate(rows, start=2):
            start = row["statement_id"]
            if target.get(start) == start:
                yield Problem(shown, row_no, column, f"a statement cannot {verb} itself", "cycle")
                continue
            chain, seen, current = [start], {start}, target.get(start)
            while current is not None and current not in seen:
                chain.append(current)
                seen.add(current)
                current = target.get(current)
            if current == start:
                yield Problem(shown, row_no, column, f"{column} forms a cycle: {' -> '.join([*chain, start])}", "cycle")


def rule_surface_forms(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """A weapon's surface form is a part of its evidence."""
    for _, shown, row_no, row in _table_rows(checked, paths, "weapons_systems"):
        if row["surface_form"] not in row["evidence"]:
            yield Problem(shown, row_no, "surface_form", f"surface form {row['surface_form']!r} does not occur in the evidence", "surface-form")


def rule_note_targets(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """A curator note points at an existing row of its target table."""
    ids = {name: {row[key] for row in checked.rows[name]} for name, key in _primary_keys(checked).items() if name in checked.rows}
    for _, shown, row_no, row in _table_rows(checked, paths, "curator_notes"):
        target_ids = ids.get(row["target_table"])
        if target_ids is not None and row["target_id"] not in target_ids:
            yield Problem(shown, row_no, "target_id", f"no row {row['target_id']!r} in {row['target_table']}", "dangling-target")


def _primary_keys(checked: CheckedPackage) -> dict[str, str]:
    return {name: key for name, r in checked.resources.items() if (key := _primary_key(r))}


def rule_cross_document(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Ids one document reuses from another in the same table; position backings that point into another document.

    A response (``responds_to_id``) may answer a statement of another document: one
    article can answer another; renderings of one utterance may sit in many documents.
    A position rests on a statement of its own document.
    """
    rows = checked.rows
    for name, key in _primary_keys(checked).items():
        table = rows.get(name, [])
        if not table or "document_id" not in table[0]:
            continue
        shown = _display(checked.data_dir, paths[name])
        first: dict[str, tuple[int, str]] = {}
        for row_no, row in enumerate(table, start=2):
            rid, doc = row[key], row["document_id"]
            if rid in first and first[rid][1] != doc:
                seen_row, seen_doc = first[rid]
                yield Problem(shown, row_no, key, f"id {rid!r} is reused across documents: row {seen_row} uses it for document "
                                                  f"{seen_doc or '(none)'}, this row for document {doc or '(none)'}; "
                                                  "an id must be unique within its table, across all documents", "id-reused-across-documents")
            first.setdefault(rid, (row_no, doc))
    statement_doc: dict[str, str] = {}
    for row in rows.get("statements", []):
        statement_doc.setdefault(row["statement_id"], row["document_id"])
    references = {"country_positions": ("statement_id", "a position rests on a statement of its own document")}
    for name, (column, rule) in references.items():
        if name not in rows or name not in paths:
            continue
        shown = _display(checked.data_dir, paths[name])
        for row_no, row in enumerate(rows[name], start=2):
            target = row.get(column, "")
            other = statement_doc.get(target)
            if target and other is not None and other != row["document_id"]:
                yield Problem(shown, row_no, column, f"{column} {target!r} is a statement of document {other}, "
                                                     f"not of this row's document {row['document_id']}: {rule}", "cross-document-reference")


def rule_fact_ids(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Statement ids and country position ids are disjoint: the explorer lists both kinds of fact together, keyed by id.

    Only these two tables are compared: an event may carry the id of the statement that reports it.
    """
    rows = checked.rows
    if "statements" not in rows or "country_positions" not in rows:
        return
    statement_rows: dict[str, int] = {}
    for row_no, row in enumerate(rows["statements"], start=2):
        statement_rows.setdefault(row["statement_id"], row_no)
    shown = _display(checked.data_dir, paths["country_positions"])
    for row_no, row in enumerate(rows["country_positions"], start=2):
        seen = statement_rows.get(row["position_id"])
        if seen is not None:
            yield Problem(shown, row_no, "position_id",
                          f"position id {row['position_id']!r} is also the id of a statement ({paths['statements']} row {seen}): "
                          "statement and position ids must be disjoint, as the explorer lists both kinds of fact together by id",
                          "fact-id-collision")


def rule_inferred_positions(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Every country position inferred by the curator has a curator note saying why."""
    if "country_positions" not in checked.rows or "curator_notes" not in checked.rows:
        return
    explained = {n["target_id"] for n in checked.rows["curator_notes"] if n["target_table"] == "country_positions"}
    for _, shown, row_no, row in _table_rows(checked, paths, "country_positions"):
        if row["basis"] == "inferred" and row["position_id"] not in explained:
            yield Problem(shown, row_no, "basis", f"position {row['position_id']!r} is inferred but no curator note explains it: "
                                                  f"add a curator_notes row with target_table country_positions, target_id {row['position_id']}",
                          "inferred-without-note")


def rule_duplicate_sources(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Two documents never share one source file (their offsets and hashes would be one text's)."""
    first: dict[str, tuple[int, str]] = {}
    folder = DataFolder(checked.data_dir)
    for _, shown, row_no, row in _table_rows(checked, paths, "documents"):
        try:
            real = folder.real_location(row.get("path", ""))
        except OutsidePackage:
            continue  # reported with its own code when the source was read
        if real in first:
            seen_row, seen_doc = first[real]
            yield Problem(shown, row_no, "path", f"document {row['document_id']!r} uses the same source file as document {seen_doc!r} "
                                                 f"(row {seen_row}): register each text once, under one id", "duplicate-source")
        else:
            first[real] = (row_no, row["document_id"])


def _invisible(c: str) -> bool:
    """Whether no one can see ``c``: a required text made only of such characters is blank.

    >>> [_invisible(c) for c in " \u00a0\u200b\u2060\ufeffa"]
    [True, True, True, True, True, False]
    """
    return c.isspace() or unicodedata.category(c) in ("Cf", "Zs", "Zl", "Zp", "Cc")


_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _control_characters(value: str) -> list[str]:
    r"""Control characters a text must not hold: C0 and C1 controls, except tab, line feed and a CR of a CRLF.

    >>> _control_characters("a\tb\r\nc")
    []
    >>> _control_characters("a\x00b\rc")
    ['\x00', '\r']
    """
    return sorted(set(_CONTROL.findall(value)))


# C0 and C1 controls but tab, line feed and carriage return; and a carriage return not followed by a line feed
# (the csv module would not quote it). One compiled pattern: the rule reads every text cell of the package.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_BIDI_RE = re.compile("[" + "".join(sorted(_BIDI)) + "]")
_SUSPECT = re.compile(_CONTROL.pattern + "|" + _BIDI_RE.pattern)  # one scan per cell finds whether either rule has anything to say

#: One character class holding every character the two rules below look for (one class scans several times faster than
#: an alternation): a column with none of them is not looked at cell by cell.
_SUSPECT_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\r" + "".join(sorted(_BIDI)) + "]")
_FORMULA_AT_START = re.compile("\x00[" + re.escape("".join(_FORMULA_START)) + "]")
#: A cell starting with none of these characters (all visible) may be blank: only such cells are looked at one by one.
_MAYBE_INVISIBLE_AT_START = re.compile("\x00(?![!-~\u00c0-\u024f\u0370-\u04ff])")


def rule_text_cells(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Text cells: required ones are not blank or invisible; none holds a NUL, a control or a bidi character.

    Also warns about a cell starting with ``=``, ``+``, ``-`` or ``@``: a spreadsheet opening the CSV may run it as a formula.

    Column by column: one regular-expression scan of a whole column (its cells joined) finds whether any cell
    needs a closer look, so a clean column costs one pass in C.
    """
    # the columns when the validator kept them (a second process may run this before the rows are built), else the rows
    for table in checked.columns or checked.rows:
        rows, columns = checked.rows.get(table, []), checked.columns.get(table)
        if not (len(next(iter(columns.values()), ())) if columns is not None else len(rows)):
            continue
        fields = _fields_of_type(checked, table, "string")
        required = {f["name"] for f in fields if f.get("constraints", {}).get("required")}
        shown = _display(checked.data_dir, paths.get(table, table))
        found: list[tuple[int, int, Problem]] = []
        for position, column in enumerate(f["name"] for f in fields):
            values = checked.columns[table][column] if table in checked.columns else [row.get(column, "") for row in rows]
            suspect = bool(_SUSPECT_CHAR.search("\t".join(values)))  # a tab is neither a control the rule reports nor a bidi mark
            starts = "\x00" + "\x00".join(values)  # every cell starts after a NUL (a NUL inside a cell only adds a false alarm)
            formula = bool(_FORMULA_AT_START.search(starts))
            blank = column in required and bool(_MAYBE_INVISIBLE_AT_START.search(starts))
            if not (suspect or formula or blank):
                continue
            for i, value in enumerate(values):
                if not value:
                    continue
                row_no = i + 2
                if blank and all(_invisible(c) for c in value):
                    names = ", ".join(sorted({unicodedata.name(c, f"U+{ord(c):04X}") for c in value}))
                    found.append((row_no, position, Problem(shown, row_no, column, "required text is blank: it holds only invisible "
                                                                                   f"characters ({names})", "blank-required")))
                if suspect and _SUSPECT.search(value):
                    controls, bidi = _control_characters(value), sorted(set(_BIDI_RE.findall(value)))
                    if controls:
                        found.append((row_no, position, Problem(shown, row_no, column, "text contains control character(s) "
                                                                f"{', '.join(f'U+{ord(c):04X}' for c in controls)} (a NUL or a stray carriage "
                                                                "return?)", "control-character")))
                    if bidi:
                        found.append((row_no, position, Problem(shown, row_no, column, "text contains bidirectional control character(s) "
                                                                f"{', '.join(f'U+{ord(c):04X}' for c in bidi)}, which can make it display "
                                                                "differently from what it holds", "bidi-control")))
                if formula and value.startswith(_FORMULA_START):
                    found.append((row_no, position, Problem(shown, row_no, column, f"text starts with {value[0]!r}: a spreadsheet opening "
                                                            "this CSV may run it as a formula; rephrase, or open the file as text",
                                                            "formula-prefix", "warning")))
        found.sort(key=lambda p: (p[0], p[1]))  # row by row, columns in schema order, as the rule always listed them
        yield from (p for _, _, p in found)


def rule_version(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """The package has a semantic version (cited with every fact)."""
    version = checked.descriptor.get("version")
    if not isinstance(version, str) or not re.fullmatch(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?", version,
                                                        re.ASCII):
        yield Problem(_display(checked.data_dir, DESCRIPTOR_NAME), None, "version",
                      f"version {version!r} is not a semantic version MAJOR.MINOR.PATCH (e.g. '1.0.0'): facts are cited with it",
                      "version-not-semantic")


def rule_vocabularies(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """A field that says it uses a vocabulary has exactly that vocabulary as its enum."""
    vocabularies = checked.descriptor.get("vocabularies", {})
    if not isinstance(vocabularies, dict):
        return
    shown = _display(checked.data_dir, DESCRIPTOR_NAME)
    for name, resource in checked.resources.items():
        for f in resource["schema"]["fields"]:
            description = f.get("description")
            match = re.search(r"One of the '(\w+)' vocabulary", description) if isinstance(description, str) else None
            if not match:
                continue
            vocab = vocabularies.get(match.group(1))
            enum = f.get("constraints", {}).get("enum")
            if not isinstance(vocab, dict):
                yield Problem(shown, None, f"{name}.{f['name']}", f"vocabulary {match.group(1)!r} is not defined", "vocabulary-mismatch")
            elif list(vocab) != enum:
                yield Problem(shown, None, f"{name}.{f['name']}", f"enum {enum} differs from vocabulary {match.group(1)!r} {list(vocab)}",
                              "vocabulary-mismatch")


def rule_dictionary(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Every resource and field carries a human description (the data dictionary), as a string."""
    shown = _display(checked.data_dir, DESCRIPTOR_NAME)
    for name, resource in checked.resources.items():
        items = [(name, resource)]
        items += [(f"{name}.{f['name']}", f) for f in resource["schema"]["fields"]]
        for where, item in items:
            for key in _PROSE:
                if key in item and not isinstance(item[key], str):
                    yield Problem(shown, None, where, f"{key} must be a string, not {type(item[key]).__name__}", "descriptor-malformed")
            if not isinstance(item.get("description"), str) or not item["description"].strip():
                yield Problem(shown, None, where, "no description (the data dictionary needs one)", "no-description")


_BRACKETED = re.compile(r"\[([a-z0-9-]+)\]\s*(.*)", re.DOTALL)


def rule_frictionless(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Types, constraints, primary and foreign keys (column by column, or by frictionless); only when every path is contained.

    Frictionless opens the files the descriptor names, so it runs only when
    each was checked to be a regular file inside the folder; otherwise those
    problems are already reported and the package is invalid anyway.
    """
    if not checked.contained:
        return
    try:
        problems = _table_problems(checked)
    except ImportError as exc:
        raise CannotValidate(checked.data_dir, f"the frictionless library cannot be imported ({exc}): install the project "
                                               "(pip install -e .) or run ./suite validate") from exc
    for problem in problems:
        match = _BRACKETED.fullmatch(problem.message)
        if match:  # frictionless's own error type becomes the code
            yield dataclasses.replace(problem, message=match.group(2), code=match.group(1))
        else:
            is_descriptor = problem.file == _display(checked.data_dir, DESCRIPTOR_NAME)
            yield dataclasses.replace(problem, code="descriptor-invalid" if is_descriptor else "frictionless")


#: The core rules, in the order their problems are listed.
CORE_RULES: tuple[Rule, ...] = (
    rule_version,
    rule_vocabularies,
    rule_dictionary,
    rule_frictionless,
    rule_integers_canonical,
    rule_spans,
    rule_dates,
    rule_responses,
    rule_reference_cycles,
    rule_surface_forms,
    rule_note_targets,
    rule_cross_document,
    rule_fact_ids,
    rule_inferred_positions,
    rule_duplicate_sources,
    rule_text_cells,
)



