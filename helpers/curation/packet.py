"""A blind second coder's packet for one document: the units to code, never the first coder's answers.

The packet (a folder to hand over) holds the text, the codebook, one row per
unit (its table, span and words, under a neutral id ``u01``, ``u02``...), the
variables to code with the values each may take (read from the descriptor:
every column with an ``enum`` or a foreign key, ids and spans left out), an
answer sheet with one blank line per unit and variable, and the lists the
coder picks ids from: the codebook's reference tables (actors, topics) whole,
and a coded table such as the utterances reduced to what identifies a row (its
id and wording, not its topic, stance, response or summary). The map from neutral
ids to real rows is returned, to keep on the first coder's side; it is never
written into the packet.

>>> import tempfile
>>> from helpers.dataset.paths import default_data_dir
>>> out = Path(tempfile.mkdtemp()) / "packet"
>>> units = second_coder_packet(default_data_dir(), "000_212c296293ee434c", out, tables=("statements",))
>>> sorted(p.name for p in out.iterdir())
['CODEBOOK.md', 'actors.csv', 'answers.csv', 'text.txt', 'topics.csv', 'units.csv', 'utterances.csv', 'variables.csv']
>>> "stance" in (out / "variables.csv").read_text(encoding="utf-8"), "opposes" in (out / "units.csv").read_text(encoding="utf-8")
(True, False)
>>> (out / "utterances.csv").read_text(encoding="utf-8").splitlines()[0]
'utterance_id,audience,date,date_source,wording,wording_language,searched'
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Sequence
from pathlib import Path

from helpers.curation.corpus import reference_tables
from helpers.curation.rows import _resource, _rows, _source
from helpers.dataset.problems import SPAN_FIELDS, _resource_shape
from helpers.dataset.reading import _primary_key, _read_descriptor

__all__ = ["CODED_TEXT_COLUMNS", "judgement_variables", "second_coder_packet"]

#: Free-text columns that state a coder's reading of a row; left out of the lists a packet copies from coded tables.
CODED_TEXT_COLUMNS = ("summary", "note")


def judgement_variables(descriptor: dict, table: str) -> list[tuple[str, list[str] | str]]:
    """The columns a second coder codes for ``table``: ``(name, allowed values)`` for each enum or foreign-key column.

    A foreign key gives the name of the table whose ids it takes instead of a list of values.
    """
    resource = next(r for r in descriptor["resources"] if _resource_shape(r) is None and r["name"] == table)
    linked = {fk.get("fields"): fk.get("reference", {}).get("resource") or table for fk in resource["schema"].get("foreignKeys", [])}
    key = _primary_key(resource)
    out = []
    for f in resource["schema"]["fields"]:
        name = f["name"]
        if name in SPAN_FIELDS or name == key:
            continue
        enum = f.get("constraints", {}).get("enum")
        if isinstance(enum, list):
            out.append((name, [str(v) for v in enum]))
        elif name in linked:
            out.append((name, str(linked[name])))
    return out


def _write(path: Path, header: Sequence[str], rows: list[Sequence[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def second_coder_packet(data_dir: str | Path, document_id: str, out: str | Path, *, tables: Sequence[str] = ("statements",)) -> list[dict]:
    """Write the packet for ``document_id``'s rows of ``tables`` into the new folder ``out``; return the unit map.

    The unit map (``unit_id``, ``table``, ``row_id``) stays with the first coder: it is the only link from
    the packet's neutral ids to the coded rows.
    """
    data_dir, out = Path(data_dir), Path(out)
    out.mkdir(parents=True, exist_ok=False)
    descriptor = _read_descriptor(data_dir)
    (out / "text.txt").write_bytes(_source(data_dir, document_id).text.encode("utf-8"))
    if (data_dir / "CODEBOOK.md").is_file():
        shutil.copyfile(data_dir / "CODEBOOK.md", out / "CODEBOOK.md")
    units, unit_map, variables, answers = [], [], [], []
    referenced: set[str] = set()
    for table in tables:
        resource = _resource(data_dir, table, descriptor)
        key = _primary_key(resource)
        rows = sorted((r for r in _rows(data_dir, resource) if r.get("document_id") == document_id), key=lambda r: int(r["char_start"]))
        judged = judgement_variables(descriptor, table)
        for name, values in judged:
            if isinstance(values, list):
                variables.append([table, name, "|".join(values)])
            elif values == table:  # a row of the same table: answered with a unit id of this packet
                variables.append([table, name, "a unit_id of units.csv"])
            else:
                variables.append([table, name, f"an id of {values}.csv"])
                referenced.add(values)
        for row in rows:
            unit_id = f"u{len(units) + 1:02d}"
            units.append([unit_id, table, row["char_start"], row["char_end"], row["evidence"]])
            unit_map.append({"unit_id": unit_id, "table": table, "row_id": row.get(key or "", "")})
            answers += [[unit_id, name, "", ""] for name, _ in judged]
    reference = set(reference_tables(descriptor))
    for name in sorted(referenced - set(tables)):  # the lists a coder picks ids from (actors, topics, utterances)
        resource = _resource(data_dir, name, descriptor)
        if name in reference:  # the codebook's own lists: no judgement of any document
            shutil.copyfile(data_dir / resource["path"], out / f"{name}.csv")
            continue
        # a coded table (utterances: their topic, stance, response, summary): only what identifies a row, never its coding
        judged_here = {column for column, _ in judgement_variables(descriptor, name)} | set(CODED_TEXT_COLUMNS)
        keep = [f["name"] for f in resource["schema"]["fields"] if f["name"] not in judged_here or f["name"] == _primary_key(resource)]
        _write(out / f"{name}.csv", keep, [[r.get(c, "") for c in keep] for r in _rows(data_dir, resource)])
    _write(out / "units.csv", ["unit_id", "table", "char_start", "char_end", "evidence"], units)
    _write(out / "variables.csv", ["table", "variable", "allowed_values"], variables)
    _write(out / "answers.csv", ["unit_id", "variable", "value", "note"], answers)
    return unit_map
