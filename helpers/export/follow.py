"""Follow one fact through every export: the pieces of each format that carry a given row.

Used by ``notebooks/09_exports.ipynb`` and ``docs/manual/exports.md``, "Cite a fact".

>>> from helpers.export import read_package
>>> cite_everywhere(read_package(), "statements", "peskov_no_unanimity")["sqlite"]
"SELECT * FROM statements WHERE statement_id = 'peskov_no_unanimity'"
"""

from __future__ import annotations

from pathlib import Path

from helpers.export._package import Package
from helpers.export.brat import entity_type

__all__ = ["brat_lines", "cite_everywhere", "w3c_items"]


def w3c_items(doc: dict, package: Package, table: str, row_ids: list[str]) -> list[dict]:
    """The annotations of these rows in a W3C export, and the replies they make."""
    wanted = {package.iri(table, i) for i in row_ids}
    return [a for a in doc["first"]["items"] if a["id"] in wanted or a["id"].rsplit(":", 1)[0] in wanted]


def brat_lines(folder: str | Path, package: Package, table: str, row_ids: list[str]) -> list[str]:
    """The lines of a brat export about these rows: their text-bound annotations, attributes, notes and the relations they start."""
    out: list[str] = []
    docs = {r["document_id"] for r in package.rows[table] if package.row_id(table, r) in row_ids}
    for doc in sorted(docs):
        lines = (Path(folder) / f"{doc}.ann").read_text(encoding="utf-8").splitlines()
        notes = {line.split("\t")[1].split(" ")[1]: line.split("\t")[2].split(" | ")[0] for line in lines if line.startswith("#")}
        tids = {tid for tid, ref in notes.items() if ref in {f"{table}/{i}" for i in row_ids}}
        for line in lines:
            ident, body = line.split("\t")[:2]
            subject = body.split(" ")[1].removeprefix("Arg1:") if " " in body else ""
            if ident in tids or subject in tids:
                out.append(line)
    return out


def cite_everywhere(package: Package, table: str, row_id: str) -> dict[str, str]:
    """How to find (and cite) one row in each export, with the dataset version."""
    row = next(r for r in package.rows[table] if package.row_id(table, r) == row_id)
    span = f"document {row['document_id']}, characters {row['char_start']}–{row['char_end']}" if row.get("char_start") else ""
    return {
        "csv": f"{table}/{row_id}, {span}, dataset v{package.version}",
        "w3c": f"annotation {package.iri(table, row_id)} (collection version {package.version})",
        "brat": f"{row.get('document_id', '')}.ann, the {entity_type(table)} whose AnnotatorNotes begin '{table}/{row_id}' "
                f"(export.json: version {package.version})",
        "sqlite": f"SELECT * FROM {table} WHERE {package.primary_key(table)[0]} = '{row_id}'",
        "plover": f"record id {row_id} (cite_info.version {package.version})" if table == "statements" else "not a statement: no record",
    }
