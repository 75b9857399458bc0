"""W3C Web Annotation (JSON-LD): one annotation per span-bearing row, responses as replies.

The export is one ``AnnotationCollection`` whose single ``AnnotationPage``
lists, for every row of every table with a span (statements, actors,
positions, events, weapons systems, curator notes, and any table a later
version adds):

- ``target``: the document (``source``) with a ``TextQuoteSelector``
  (``exact``, 32 characters of ``prefix`` and ``suffix``) and a
  ``TextPositionSelector`` (``start``, ``end``);
- ``body``: one ``TextualBody`` per vocabulary label (purpose
  ``classifying``) and per free-text column (purpose ``describing``), and one
  ``SpecificResource`` per link (purpose ``linking``, e.g. ``reported_via_id``,
  ``repeats_id``, ``speaker_id``), each naming its column in ``field``;
- a statement that answers another (``responds_to_id``) gets a second
  annotation, motivation ``replying``, whose ``target`` is the annotation of
  the statement it answers and whose bodies are the answering statement and
  the kind of response (``denies``, ``disputes``, ...): the denial-of-a-report
  link survives in any Web Annotation tool.

**Offsets.** ``TextPositionSelector`` counts Unicode code points, as the
Web Annotation Data Model specifies and as this project's offsets do. Some
consumers count UTF-16 code units instead (Hypothesis, INCEpTION, anything
built on JavaScript strings): a character outside the Basic Multilingual Plane
(U+10000 and above: many emoji, some CJK, mathematical letters) is one code
point but two UTF-16 units, so every position after it is off by one per such
character in those tools. The ``TextQuoteSelector`` is unaffected and lets them
re-anchor. The exporter warns (:class:`NonBMPWarning`) when a source has such
characters; :func:`utf16_offset` converts an offset.

Identifiers are ``urn:geopol:<dataset>:<table>:<id>``; the terms the Web
Annotation context lacks (``field``, ``version``, ``citation``) are defined in
a second, inline context, so a JSON-LD processor loses nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from helpers.export._package import RESPONSE_LINKS, Link, NonBMPWarning, Package, atomic_file, dumps, warn_outside_bmp

__all__ = [
    "ANNO_CONTEXT_URL",
    "LOCAL_CONTEXT",
    "NonBMPWarning",
    "anno_context",
    "annotations",
    "offline_document_loader",
    "read_w3c",
    "to_w3c",
    "utf16_offset",
]

ANNO_CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"
_VENDORED = Path(__file__).with_name("vendor") / "anno.jsonld"
QUOTE_CONTEXT = 32  # characters of prefix and suffix, as Hypothesis stores them

LOCAL_CONTEXT = {
    "gp": "urn:geopol:vocab:",
    "field": "gp:field",
    "version": "schema:version",
    "citation": "schema:citation",
}


def anno_context() -> dict:
    """The W3C Web Annotation JSON-LD context, read from the copy shipped in the package (never fetched)."""
    return json.loads(_VENDORED.read_text(encoding="utf-8"))


def offline_document_loader(url: str, options: dict | None = None) -> dict:
    """A pyld document loader that serves the shipped W3C context and refuses every other URL.

    >>> offline_document_loader(ANNO_CONTEXT_URL)["documentUrl"]
    'http://www.w3.org/ns/anno.jsonld'
    """
    if url.rstrip("/") in {ANNO_CONTEXT_URL, ANNO_CONTEXT_URL.replace("http:", "https:")}:
        return {"contextUrl": None, "documentUrl": ANNO_CONTEXT_URL, "document": anno_context()}
    raise ValueError(f"refusing to fetch {url!r}: only the shipped W3C annotation context is available offline")


def utf16_offset(text: str, index: int) -> int:
    """The UTF-16 code-unit offset of code-point offset ``index`` (what Hypothesis and INCEpTION count).

    >>> utf16_offset("a\\U0001F600b", 2)
    3
    """
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


def _target(package: Package, doc: str, start: int, end: int) -> dict:
    text = package.texts[doc]
    return {
        "source": package.iri("documents", doc),
        "selector": [
            {"type": "TextQuoteSelector", "exact": text[start:end],
             "prefix": text[max(0, start - QUOTE_CONTEXT):start], "suffix": text[end:end + QUOTE_CONTEXT]},
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }


@dataclass(frozen=True)
class _Plan:
    """What each column of a table becomes, worked out once per table rather than per row."""

    columns: list[str]
    enums: dict[str, list[str]]
    links: dict[str, Link]
    text_columns: set[str]

    @classmethod
    def of(cls, package: Package, table: str) -> _Plan:
        return cls(package.columns(table), package.enums(table), {link.column: link for link in package.links(table)},
                   set(package.text_columns(table)))


def _bodies(package: Package, table: str, row: dict[str, str], plan: _Plan) -> list[dict]:
    bodies: list[dict] = []
    enums, links, text_columns = plan.enums, plan.links, plan.text_columns
    for column in plan.columns:
        value = row[column]
        if not value or column in RESPONSE_LINKS or column in RESPONSE_LINKS.values():
            continue
        if column in links:
            target_table = package.link_target(table, links[column], row)
            bodies.append({"type": "SpecificResource", "purpose": "linking", "field": column,
                           "source": package.iri(target_table or "", value)})
        elif column in enums:
            bodies.append({"type": "TextualBody", "purpose": "classifying", "field": column, "value": value})
        elif column in text_columns:
            bodies.append({"type": "TextualBody", "purpose": "describing", "field": column, "value": value})
    return bodies


def annotations(package: Package) -> list[dict]:
    """Every annotation of the export, in table order then row order (each reply right after its statement)."""
    out: list[dict] = []
    for table in package.span_tables:
        motivation = "commenting" if "note" in package.columns(table) else "classifying"
        plan = _Plan.of(package, table)
        for row, doc, start, end in package.spans(table):
            row_id = package.row_id(table, row)
            iri = package.iri(table, row_id)
            out.append({"id": iri, "type": "Annotation", "motivation": motivation,
                        "body": _bodies(package, table, row, plan), "target": _target(package, doc, start, end)})
            for link_column, kind_column in RESPONSE_LINKS.items():
                if row.get(link_column):
                    out.append({
                        "id": f"{iri}:{kind_column}", "type": "Annotation", "motivation": "replying",
                        "body": [{"type": "SpecificResource", "purpose": "replying", "field": link_column, "source": iri},
                                 {"type": "TextualBody", "purpose": "classifying", "field": kind_column, "value": row[kind_column]}],
                        "target": package.iri(table, row[link_column]),
                    })
    return out


def collection(package: Package) -> dict:
    """The whole export as one JSON-LD document."""
    warn_outside_bmp(package, "TextPositionSelector offsets; the TextQuoteSelector still anchors")
    items = annotations(package)
    meta = package.metadata("w3c")
    return {
        "@context": [ANNO_CONTEXT_URL, LOCAL_CONTEXT],
        "id": f"urn:geopol:{package.name}:annotations",
        "type": "AnnotationCollection",
        "label": package.title,
        "version": package.version,
        "citation": meta["citation"],
        "rights": meta["licence_url"],
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def to_w3c(package: Package, out: str | Path) -> Path:
    """Export the package as one W3C Web Annotation JSON-LD file at ``out``."""
    out = Path(out)
    atomic_file(out, _layout(collection(package)))
    return out


def _layout(doc: dict) -> bytes:
    """The collection indented, each annotation on one line: readable, greppable, and written by the fast C encoder.

    >>> print(_layout({"first": {"items": [{"id": "a"}, {"id": "b"}]}}).decode())
    {
      "first": {
        "items": [
          {"id": "a"},
          {"id": "b"}
        ]
      }
    }
    <BLANKLINE>
    """
    items = doc["first"]["items"]
    marker = "@@geopol-export-items@@"
    skeleton = dumps({**doc, "first": {**doc["first"], "items": [marker]}}).decode("utf-8")
    line = next(line for line in skeleton.splitlines() if marker in line)
    indent = line[: len(line) - len(line.lstrip())]
    body = f",\n{indent}".join(json.dumps(a, ensure_ascii=False, separators=(", ", ": ")) for a in items)
    return skeleton.replace(json.dumps(marker), body, 1).encode("utf-8")


# ---- reading back ----------------------------------------------------------------------------

def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _id_of(package: Package, node: object) -> tuple[str, str, str]:
    iri = node if isinstance(node, str) else node.get("id", node.get("source"))  # type: ignore[union-attr]
    return package.parse_iri(str(iri))


def read_w3c(doc: dict, package: Package) -> dict[str, list[dict[str, str]]]:
    """Rebuild the rows of every span table from an export (as written, or compacted again by a JSON-LD processor).

    ``package`` supplies the column names of each table; every value comes from the export.
    Columns the export does not carry stay ``""``.
    """
    items = _as_list(doc["first"]["items"])
    rows: dict[str, dict[str, dict[str, str]]] = {t: {} for t in package.span_tables}
    replies = []
    for ann in items:
        motivation = _as_list(ann.get("motivation"))
        if "replying" in motivation:
            replies.append(ann)
            continue
        table, row_id, _ = package.parse_iri(ann["id"])
        row = dict.fromkeys(package.columns(table), "")
        row.update(zip(package.primary_key(table), row_id.split("+"), strict=True))
        target = _as_list(ann["target"])[0]
        row["document_id"] = package.parse_iri(target["source"])[1]
        for selector in _as_list(target["selector"]):
            if selector["type"] == "TextQuoteSelector":
                row["evidence"] = selector["exact"]
            elif selector["type"] == "TextPositionSelector":
                row["char_start"], row["char_end"] = str(int(selector["start"])), str(int(selector["end"]))
        for body in _as_list(ann.get("body")):
            if body["type"] == "SpecificResource":
                row[body["field"]] = _id_of(package, body["source"])[1]
            else:
                row[body["field"]] = body["value"]
        rows[table][row_id] = row
    for ann in replies:
        table, answered, _ = _id_of(package, _as_list(ann["target"])[0])
        for body in _as_list(ann["body"]):
            if body["type"] == "SpecificResource":
                _, answering, _ = _id_of(package, body["source"])
                link_column = body["field"]
        kind = next(b for b in _as_list(ann["body"]) if b["type"] == "TextualBody")
        rows[table][answering][link_column] = answered
        rows[table][answering][kind["field"]] = kind["value"]
    return {table: list(by_id.values()) for table, by_id in rows.items()}
