"""CITATION.cff parses, is valid Citation File Format 1.2.0, and cites the package's current version."""

from __future__ import annotations

import json

import jsonschema
import yaml

from helpers.dataset.paths import project_root

SCHEMA = project_root() / "tests" / "fixtures" / "cff-schema-1.2.0.json"


def _citation() -> dict:
    return yaml.safe_load((project_root() / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_file_is_valid_cff_checked_offline() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema).validate(_citation())  # the schema has no remote $ref: nothing is fetched


def test_the_schema_catches_an_invalid_citation() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    broken = {k: v for k, v in _citation().items() if k != "authors"}
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(broken))
    assert any("authors" in e.message for e in errors)


def test_citation_has_the_version_of_the_data_package() -> None:
    """CITATION.cff cites the project's own data/ (the shipped package), whatever --data-dir says: another package has its own name and version."""
    descriptor = json.loads((project_root() / "data" / "datapackage.json").read_text(encoding="utf-8"))
    citation = _citation()
    assert str(citation["version"]) == descriptor["version"], "bump CITATION.cff's version with the data package's"
    assert citation["title"] == descriptor["title"]
    assert citation["license"] == descriptor["licenses"][0]["name"]
