"""brat standoff: ``<document>.txt``, ``<document>.ann`` and one ``annotation.conf``, for brat and INCEpTION.

Per row with a span, in the row's document:

- a text-bound annotation ``T<n>`` whose type is the table's singular
  (``Statement``, ``Actor``, ``Country_position``, ``Event``,
  ``Weapons_system``, ``Curator_note``, ...); a span that crosses a line break
  is written as fragments (``start end;start end``), as brat requires;
- an attribute ``A<n>`` per vocabulary column (``stance``, ``mode``,
  ``response``, ``kind``, ...) and per link to a table without spans
  (``topic_id``);
- a relation ``R<n>`` per link to a row with a span in the same document,
  named after its column (``responds_to``, ``reported_via``, ``repeats``,
  ``speaker``, ``target``; a curator note's ``about``);
- an ``AnnotatorNotes`` comment: ``<table>/<id>``, then ``links:`` with any
  link brat cannot draw (its target has no span, or is in another document),
  then the curator's note or the row's summary.

Offsets are code points of the ``.txt`` file, which is the source byte for
byte (UTF-8), as brat counts them. INCEpTION, like other Java tools, counts
UTF-16 units: after a character outside the Basic Multilingual Plane its
offsets would be one higher per such character, so the exporter warns
(:class:`~helpers.export._package.NonBMPWarning`) when a source has one.
"""

from __future__ import annotations

import re
from pathlib import Path

from helpers.export._package import MARKER, Package, atomic_directory, dumps, warn_outside_bmp

__all__ = ["entity_type", "read_brat", "to_brat"]

_FREE_TEXT = ("note", "summary", "label", "name")


def entity_type(table: str) -> str:
    """The brat type of a table's rows.

    >>> entity_type("country_positions"), entity_type("weapons_systems"), entity_type("actors")
    ('Country_position', 'Weapons_system', 'Actor')
    """
    singular = table[:-1] if table.endswith("s") else table
    return singular[:1].upper() + singular[1:]


def relation_type(column: str) -> str:
    """``responds_to_id`` → ``responds_to``; the polymorphic ``target_id`` of a note → ``about`` (see :func:`_relation_names`)."""
    return column[:-3] if column.endswith("_id") else column


def _relation_names(package: Package, table: str) -> dict[str, str]:
    return {link.column: ("about" if link.table is None else relation_type(link.column)) for link in package.links(table)}


def _attribute_names(package: Package) -> dict[tuple[str, str], str]:
    """``(table, column)`` → attribute name: the column, or ``<Type>_<column>`` where tables disagree on its labels."""
    labels: dict[str, set[tuple[str, ...]]] = {}
    for table in package.span_tables:
        for column, values in _attribute_values(package, table).items():
            labels.setdefault(column, set()).add(tuple(values))
    names = {}
    for table in package.span_tables:
        for column in _attribute_values(package, table):
            names[(table, column)] = column if len(labels[column]) == 1 else f"{entity_type(table)}_{column}"
    return names


def _attribute_values(package: Package, table: str) -> dict[str, list[str]]:
    """Attribute columns of a table and their possible values: vocabularies, and links to tables without spans."""
    values = dict(package.enums(table))
    for link in package.links(table):
        if link.table is not None and not package.has_spans(link.table):
            key = package.primary_key(link.table)[0]
            values[link.column] = sorted({r[key] for r in package.rows.get(link.table, [])})
    return values


#: What a text-bound annotation's text may not hold: the .ann line's own separators (a tab, and every line break
#: str.splitlines knows, U+2028 and U+2029 included). A span holding them is written as fragments around them.
_SEPARATORS = re.compile("[\t\n\x0b\x0c\r\x1c\x1d\x1e\x85\u2028\u2029]+")


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    r"""Split a span at tabs and line breaks (brat text-bound annotations cannot contain one), as brat writes such spans.

    >>> _fragments("a\tb\u2028c\r\nd", 0, 8)
    [(0, 1), (2, 3), (4, 5), (7, 8)]
    """
    frags, i = [], start
    for m in _SEPARATORS.finditer(text[start:end]):
        if start + m.start() > i:
            frags.append((i, start + m.start()))
        i = start + m.end()
    if end > i:
        frags.append((i, end))
    return frags


def _one_line(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def annotation_conf(package: Package) -> str:
    entities = [entity_type(t) for t in package.span_tables]
    relations: dict[str, tuple[list[str], list[str]]] = {}
    attributes: dict[str, tuple[list[str], list[str]]] = {}
    names = _attribute_names(package)
    for table in package.span_tables:
        for link in package.links(table):
            name = _relation_names(package, table)[link.column]
            if link.table is None:  # a note's target may be a row of any table with spans
                targets = [entity_type(t) for t in package.span_tables]
            else:
                targets = [entity_type(link.table)] if package.has_spans(link.table) else []
            if not targets:
                continue
            arg1, arg2 = relations.setdefault(name, ([], []))
            arg1.append(entity_type(table)) if entity_type(table) not in arg1 else None
            arg2.extend(t for t in targets if t not in arg2)
        for column, values in _attribute_values(package, table).items():
            args, vals = attributes.setdefault(names[(table, column)], ([], []))
            args.append(entity_type(table))
            vals.extend(v for v in values if v not in vals)
    lines = ["# brat annotation configuration generated by python -m helpers.export brat", "", "[entities]", *entities,
             "", "[relations]"]
    lines += [f"{name}\tArg1:{'|'.join(a1)}, Arg2:{'|'.join(a2)}" for name, (a1, a2) in relations.items()]
    lines += ["<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "", "[events]", "", "[attributes]"]
    lines += [f"{name}\tArg:{'|'.join(args)}, Value:{'|'.join(vals)}" for name, (args, vals) in attributes.items()]
    return "\n".join(lines) + "\n"


def documents(package: Package) -> dict[str, str]:
    """The ``.ann`` text of every document."""
    ids: dict[tuple[str, str], tuple[str, str]] = {}  # (table, row id) -> (document, T id)
    ann: dict[str, list[str]] = {doc: [] for doc in sorted(package.texts)}
    counters = {doc: {"T": 0, "A": 0, "R": 0, "#": 0} for doc in ann}

    def next_id(doc: str, kind: str) -> str:
        counters[doc][kind] += 1
        return f"{kind}{counters[doc][kind]}"

    for table in package.span_tables:
        for row, doc, start, end in package.spans(table):
            tid = next_id(doc, "T")
            ids[(table, package.row_id(table, row))] = (doc, tid)
            frags = _fragments(package.texts[doc], start, end)
            if not frags:  # only separators: the validator refuses such evidence as blank, so never reached on valid data
                raise ValueError(f"{table}/{package.row_id(table, row)}: its span holds only tabs or line breaks, which brat cannot mark")
            where = ";".join(f"{s} {e}" for s, e in frags)
            shown = " ".join(package.texts[doc][s:e] for s, e in frags)
            ann[doc].append(f"{tid}\t{entity_type(table)} {where}\t{shown}")
    names = _attribute_names(package)
    for table in package.span_tables:
        relations = _relation_names(package, table)
        attr_columns = _attribute_values(package, table)
        drawn = [link for link in package.links(table) if link.column not in attr_columns]  # links brat can draw as relations
        for row, doc, _, _ in package.spans(table):
            row_id = package.row_id(table, row)
            tid = ids[(table, row_id)][1]
            for column in attr_columns:
                if row[column]:
                    ann[doc].append(f"{next_id(doc, 'A')}\t{names[(table, column)]} {tid} {row[column]}")
            unlinked = []
            for link in drawn:
                target_table = package.link_target(table, link, row)
                if target_table is None:
                    continue
                target = ids.get((target_table, row[link.column]))
                if target is not None and target[0] == doc:
                    ann[doc].append(f"{next_id(doc, 'R')}\t{relations[link.column]} Arg1:{tid} Arg2:{target[1]}")
                else:
                    unlinked.append(f"{link.column}={row[link.column]}")
            frags = _fragments(package.texts[doc], int(row["char_start"]), int(row["char_end"]))
            if (frags[0][0], frags[-1][1]) != (int(row["char_start"]), int(row["char_end"])):
                # the span starts or ends with a tab or line break, which no fragment can hold: keep its exact offsets here
                unlinked += [f"char_start={row['char_start']}", f"char_end={row['char_end']}"]
            free = next((row[c] for c in _FREE_TEXT if row.get(c)), "")
            note = f"{table}/{row_id} | links: {' '.join(unlinked) or '-'} | {_one_line(free)}"
            ann[doc].append(f"{next_id(doc, '#')}\tAnnotatorNotes {tid}\t{note}")
    return {doc: "\n".join(lines) + "\n" if lines else "" for doc, lines in ann.items()}


def to_brat(package: Package, out: str | Path) -> Path:
    """Export the package as a brat collection in folder ``out``: per document ``.txt`` and ``.ann``, one ``annotation.conf``."""
    warn_outside_bmp(package, "the .ann offsets")
    files: dict[str, bytes] = {"annotation.conf": annotation_conf(package).encode("utf-8"),
                               MARKER: dumps(package.metadata("brat"))}
    for doc, text in documents(package).items():
        files[f"{doc}.txt"] = package.texts[doc].encode("utf-8")
        files[f"{doc}.ann"] = text.encode("utf-8")
    out = Path(out)
    atomic_directory(out, files)
    return out


# ---- reading back ----------------------------------------------------------------------------

def read_brat(folder: str | Path, package: Package) -> dict[str, list[dict[str, str]]]:
    """Rebuild the rows of every span table from a brat export: ids, spans, vocabulary labels and links.

    ``package`` supplies the tables' column names and the type and attribute names;
    every value comes from the files. Free-text columns are not carried by brat and stay ``""``.
    """
    folder = Path(folder)
    table_of = {entity_type(t): t for t in package.span_tables}
    attr_of = {name: (table, column) for (table, column), name in _attribute_names(package).items()}
    out: dict[str, list[dict[str, str]]] = {t: [] for t in package.span_tables}
    for ann_path in sorted(folder.glob("*.ann")):
        doc = ann_path.stem
        text = (folder / f"{doc}.txt").read_bytes().decode("utf-8")
        spans: dict[str, tuple[str, int, int]] = {}
        rows: dict[str, dict[str, str]] = {}
        lines = [line.split("\t") for line in ann_path.read_text(encoding="utf-8").splitlines() if line]
        for parts in lines:
            if parts[0].startswith("T"):
                kind, where = parts[1].split(" ", 1)
                frags = [tuple(map(int, f.split())) for f in where.split(";")]
                if parts[2] != " ".join(text[s:e] for s, e in frags):
                    raise ValueError(f"{ann_path}: {parts[0]} text does not match the .txt at {where}")
                spans[parts[0]] = (table_of[kind], frags[0][0], frags[-1][1])
        for parts in lines:
            if parts[0].startswith("#"):
                tid = parts[1].split(" ")[1]
                ref, links, _ = parts[2].split(" | ", 2)
                table, row_id = ref.split("/", 1)
                _, start, end = spans[tid]
                row = dict.fromkeys(package.columns(table), "")
                row.update(zip(package.primary_key(table), row_id.split("+"), strict=True))
                row.update(document_id=doc, evidence=text[start:end], char_start=str(start), char_end=str(end))
                for pair in links.removeprefix("links: ").split():
                    if pair != "-":
                        column, value = pair.split("=", 1)
                        row[column] = value
                row["evidence"] = text[int(row["char_start"]):int(row["char_end"])]  # the exact span, when the note gives it
                rows[tid] = row
        ids = {tid: package.row_id(spans[tid][0], row) for tid, row in rows.items()}
        for parts in lines:
            if parts[0].startswith("A"):
                name, tid, value = parts[1].split(" ")
                rows[tid][attr_of[name][1]] = value
            elif parts[0].startswith("R"):
                name, arg1, arg2 = parts[1].split(" ")
                source, target = arg1.removeprefix("Arg1:"), arg2.removeprefix("Arg2:")
                table = spans[source][0]
                column = next(c for c, n in _relation_names(package, table).items() if n == name)
                rows[source][column] = ids[target]
                link = next(link for link in package.links(table) if link.column == column)
                if link.table_column:
                    rows[source][link.table_column] = spans[target][0]
        for tid, row in rows.items():
            out[spans[tid][0]].append(row)
    order = {t: {package.row_id(t, r): i for i, r in enumerate(package.rows.get(t, []))} for t in out}
    return {t: sorted(rows, key=lambda r, t=t: order[t].get(package.row_id(t, r), len(order[t]))) for t, rows in out.items()}

