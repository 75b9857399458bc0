"""Render the data dictionary (Markdown) from ``datapackage.json``.

The descriptor is the single source of truth; ``data/DICTIONARY.md`` is this
module's output, and a test fails when the committed copy is out of date::

    python -m helpers.maintenance.datadict > data/DICTIONARY.md
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from helpers.dataset.paths import DESCRIPTOR_NAME, default_data_dir

__all__ = ["render_dictionary"]


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _constraints(field: dict) -> str:
    c = field.get("constraints", {})
    parts = ["required" if c.get("required") else "optional"]
    if c.get("unique"):
        parts.append("unique")
    if "enum" in c:
        parts.append("one of " + ", ".join(f"`{v}`" for v in c["enum"]))
    if "pattern" in c:
        parts.append(f"pattern `{c['pattern']}`")
    if "minimum" in c:
        parts.append(f"≥ {c['minimum']}")
    return "; ".join(parts)


def render_dictionary(descriptor: dict) -> str:
    """Markdown describing every table, field and controlled vocabulary.

    >>> md = render_dictionary({"title": "T", "version": "1", "resources": [], "vocabularies": {}})
    >>> md.splitlines()[0]
    '# Data dictionary: T (version 1)'
    """
    lines = [
        f"# Data dictionary: {descriptor.get('title', '')} (version {descriptor.get('version', '')})",
        "",
        "Generated from `datapackage.json` by `python -m helpers.maintenance.datadict`; do not edit by hand.",
        "",
        _cell(descriptor.get("description", "")),
        "",
    ]
    for resource in descriptor["resources"]:
        schema = resource.get("schema", {})
        lines += [f"## `{resource['name']}` ({resource.get('path', '')})", "", _cell(resource.get("description", "")), ""]
        lines.append(f"Primary key: `{', '.join(schema.get('primaryKey', []))}`.")
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            lines.append(f"Foreign key: `{fk['fields']}` → `{ref['resource'] or resource['name']}.{ref['fields']}`.")
        lines += ["", "| field | type | constraints | description |", "|---|---|---|---|"]
        for field in schema.get("fields", []):
            lines.append(f"| `{field['name']}` | {field.get('type', 'any')} | {_cell(_constraints(field))} | {_cell(field.get('description', ''))} |")
        lines.append("")
    vocabularies = descriptor.get("vocabularies", {})
    if vocabularies:
        lines += ["## Controlled vocabularies", ""]
        for name, labels in vocabularies.items():
            lines += [f"### `{name}`", "", "| label | definition |", "|---|---|"]
            lines += [f"| `{label}` | {_cell(definition)} |" for label, definition in labels.items()]
            lines.append("")
    return "\n".join(lines)


def main() -> int:
    path = (Path(sys.argv[1]) if len(sys.argv) > 1 else default_data_dir()) / DESCRIPTOR_NAME
    sys.stdout.write(render_dictionary(json.loads(path.read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
