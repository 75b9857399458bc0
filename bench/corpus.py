"""Build a synthetic corpus: N copies of the data package (the article and its comparative corpus) with unique ids.

Used by ``bench/bench_load.py`` and reusable from tests::

    from bench.corpus import build_corpus
    build_corpus(tmp_path / "corpus", copies=10)

Each copy ``k`` gets every identifier suffixed with ``_c{k}`` (primary keys,
foreign keys, curator notes' ``target_id`` and each id of an expected voice's
``heard_through``), its own document id and its own
copy of the source file (identical bytes, so the SHA-256 and offsets still hold).
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from helpers.dataset.paths import DESCRIPTOR_NAME, default_data_dir

__all__ = ["build_corpus", "id_columns"]


def id_columns(resource: dict) -> set[str]:
    """Columns of a resource that hold identifiers: its primary key, foreign keys and note targets."""
    schema = resource.get("schema", {})
    cols = set(schema.get("primaryKey", []))
    for fk in schema.get("foreignKeys", []):
        fields = fk["fields"]
        cols.update([fields] if isinstance(fields, str) else fields)
    if resource["name"] == "curator_notes":
        cols.add("target_id")
    return cols


#: Columns that hold several identifiers separated by ';' (no foreign key can declare them): each is suffixed.
ID_LIST_COLUMNS = {"expected_voices": {"heard_through"}}


def _keyed_by_vocabulary(resource: dict) -> bool:
    """A table whose primary key is a vocabulary label (an ``enum``), not an identifier."""
    schema = resource.get("schema", {})
    key = schema.get("primaryKey", [])
    fields = {f["name"]: f for f in schema.get("fields", [])}
    return len(key) == 1 and "enum" in fields.get(key[0], {}).get("constraints", {})


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    return table[0], table[1:]


def build_corpus(target: str | Path, copies: int, source: str | Path | None = None) -> Path:
    """Write ``copies`` copies of the data package at ``source`` (default: the project's data/) into ``target``.

    Returns ``target``, a data folder that ``load_dataset`` and ``python -m helpers.dataset.validate`` accept.
    """
    if copies < 1:
        raise ValueError("copies must be at least 1")
    source = Path(source) if source is not None else default_data_dir()
    target = Path(target)
    (target / "sources").mkdir(parents=True, exist_ok=False)
    descriptor = json.loads((source / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    # the double coding (codings) is a study of the one article's labels: it is not copied with the article
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "codings"]
    (target / DESCRIPTOR_NAME).write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for resource in descriptor["resources"]:
        header, records = _read(source / resource["path"])
        if _keyed_by_vocabulary(resource):  # a reference table (event_crosswalk): one copy serves every document
            shutil.copyfile(source / resource["path"], target / resource["path"])
            continue
        positions = [i for i, name in enumerate(header) if name in id_columns(resource)]
        lists = [i for i, name in enumerate(header) if name in ID_LIST_COLUMNS.get(resource["name"], set())]
        path_col = header.index("path") if resource["name"] == "documents" else None
        with open(target / resource["path"], "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(header)
            for k in range(copies):
                suffix = f"_c{k}"
                for record in records:
                    row = list(record)
                    for i in positions:
                        if row[i]:
                            row[i] += suffix
                    for i in lists:
                        if row[i]:
                            row[i] = ";".join(part + suffix for part in row[i].split(";"))
                    if path_col is not None:
                        src = source / record[path_col]
                        rel = f"sources/{src.stem}{suffix}{src.suffix}"
                        shutil.copyfile(src, target / rel)
                        row[path_col] = rel
                    writer.writerow(row)
    return target
