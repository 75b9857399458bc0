"""``geopol-curate new-corpus DIR --name NAME``: a data package of one's own, with this one's codebook and no documents.

The new package has its own name, version 0.1.0 and an empty ``sources/``;
every table of the model is there with its header and no rows, except the
*reference tables*, which are copied whole because they are part of the
codebook rather than of one corpus: a table whose rows name no document and
refer to no other table (a reference to its own rows, as an actor's ``speaks_for``, stays inside it;
in the 2.0 data model: the actors, so speakers and
outlets are reused rather than typed again, the topics and the event
crosswalk). A research log (:data:`RESEARCH_LOGS`: the searches made for this
corpus) is not the codebook: it starts empty. The descriptor keeps every schema and vocabulary; CODEBOOK.md and
DICTIONARY.md are copied. The result is valid and loads.

>>> import tempfile
>>> target = Path(tempfile.mkdtemp()) / "my_corpus"
>>> report = new_corpus(target, "my-corpus")
>>> report["documents"], report["version"], "topics" in report["copied"], "actors" in report["copied"], "searches" in report["copied"]
(0, '0.1.0', True, True, False)
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from helpers.curation.journal import Refused
from helpers.dataset.paths import DESCRIPTOR_NAME, default_data_dir
from helpers.dataset.problems import _resource_shape
from helpers.dataset.reading import _read_descriptor

__all__ = ["CODEBOOK_FILES", "RESEARCH_LOGS", "new_corpus", "reference_tables"]

#: Tables that record the research done for one corpus (what was searched, when, what it returned): never copied.
RESEARCH_LOGS = ("searches",)

#: Files of the data folder copied into a new corpus (when present).
CODEBOOK_FILES = ("CODEBOOK.md", "DICTIONARY.md")
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def reference_tables(descriptor: dict) -> list[str]:
    """Tables whose rows name no document and refer to no other table (their own rows aside): the codebook's own tables (not a research log)."""
    out = []
    for resource in descriptor["resources"]:
        if _resource_shape(resource) is not None or resource["name"] in RESEARCH_LOGS:
            continue
        names = [f["name"] for f in resource["schema"]["fields"]]
        others = [fk for fk in resource["schema"].get("foreignKeys") or []
                  if fk.get("reference", {}).get("resource") not in ("", resource["name"])]  # a self-reference stays inside
        links = others or any(n.endswith("_table") for n in names)
        if "document_id" not in names and not links:
            out.append(resource["name"])
    return out


def new_corpus(target: str | Path, name: str, *, data_dir: str | Path | None = None, title: str | None = None) -> dict:
    """Create the package ``target`` (a new or empty folder) named ``name``; return what it holds.

    Refused with a code: ``bad-name`` (a package name is lower case letters,
    digits, ``.``, ``_`` and ``-``), ``target-not-empty`` (nothing is ever
    overwritten).
    """
    source = Path(data_dir) if data_dir is not None else default_data_dir()
    target = Path(target)
    if not _NAME.fullmatch(name):
        raise Refused("bad-name", f"package name {name!r}: use lower case letters, digits, '.', '_' and '-' (e.g. 'my-articles')")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise Refused("target-not-empty", f"{target} exists and is not an empty folder: a new corpus never overwrites anything")
    descriptor = _read_descriptor(source)
    keep = set(reference_tables(descriptor))
    new = {key: value for key, value in descriptor.items() if key not in ("sources", "resources")}
    new.update(name=name, version="0.1.0", title=title or name,
               description=f"A corpus of its own, started from the codebook of {descriptor.get('name')} "
                           f"{descriptor.get('version')} (no documents yet).")
    new["resources"] = descriptor["resources"]
    staging = target.with_name(f".{target.name}.new")
    if staging.exists():
        shutil.rmtree(staging)
    (staging / "sources").mkdir(parents=True)
    copied = []
    for resource in descriptor["resources"]:
        path = Path(resource["path"])
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        text = (source / path).read_bytes().decode("utf-8")
        if resource["name"] in keep:
            copied.append(resource["name"])
            (staging / path).write_bytes(text.encode("utf-8"))
        else:
            header = text.split("\n", 1)[0]
            (staging / path).write_bytes((header + "\n").encode("utf-8"))
    (staging / DESCRIPTOR_NAME).write_text(json.dumps(new, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for name_ in CODEBOOK_FILES:
        if (source / name_).is_file():
            shutil.copy2(source / name_, staging / name_)
    (staging / "CHANGELOG.md").write_text(
        f"# Changelog\n\n## 0.1.0\n\nStarted with `geopol-curate new-corpus` from the codebook of {descriptor.get('name')} "
        f"{descriptor.get('version')}: every table's schema and every vocabulary; the reference tables "
        f"{', '.join(copied) or '(none)'} copied whole; no documents.\n", encoding="utf-8")
    if target.exists():
        target.rmdir()
    staging.rename(target)
    return {"path": str(target), "name": name, "version": "0.1.0", "documents": 0, "copied": copied,
            "tables": [r["name"] for r in descriptor["resources"]]}
