"""The committed data dictionary is generated from the descriptor and kept current."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.dataset.paths import default_data_dir, project_root
from helpers.maintenance.datadict import render_dictionary


def _descriptor(data: Path | None = None) -> dict:
    return json.loads(((data or default_data_dir()) / "datapackage.json").read_text(encoding="utf-8"))


def test_committed_dictionary_matches_the_descriptor() -> None:
    shipped = project_root() / "data"  # the dictionary committed with the shipped package, whatever --data-dir says
    committed = (shipped / "DICTIONARY.md").read_text(encoding="utf-8")
    assert committed == render_dictionary(_descriptor(shipped)), "run: python -m helpers.maintenance.datadict > data/DICTIONARY.md"


def test_dictionary_lists_every_field_and_vocabulary_label() -> None:
    descriptor = _descriptor()
    md = render_dictionary(descriptor)
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in md
    for labels in descriptor["vocabularies"].values():
        for label, definition in labels.items():
            assert f"| `{label}` | {definition} |" in md


def test_every_field_has_a_description() -> None:
    for resource in _descriptor()["resources"]:
        for field in resource["schema"]["fields"]:
            assert field.get("description", "").strip(), f"{resource['name']}.{field['name']} has no description"
