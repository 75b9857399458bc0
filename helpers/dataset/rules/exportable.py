"""One notion of "valid" for the validator and every exporter (issue 25, class 9).

Every exporter (``geopol-export w3c|brat|sqlite|plover``) exports only a package the
validator finds free of errors, and accepts its warnings (they concern spreadsheets
opening the CSVs, which no export is). So what an export format cannot carry must be a
validator error, found here, never a refusal (or a crash) of one exporter alone:

* ``reserved-name``: a table named like one the SQLite export adds (``source_texts``,
  ``export_metadata``) or like SQLite's own (``sqlite_*``), or two tables, or two
  columns of one table, whose names differ only in case (SQLite names ignore case);
* ``not-exportable``: a vocabulary label holding a space, a line break or one of
  ``| , = ;`` (a brat attribute value is one token), or a key value holding a space,
  a line break, ``:``, ``+`` or ``|`` (brat notes and the exports' identifiers
  ``urn:geopol:<name>:<table>:<id>`` are split on them).

The exporters run the validator (``check_package``), so they run these rules too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from helpers.dataset.paths import DESCRIPTOR_NAME
from helpers.dataset.printable import printable
from helpers.dataset.problems import CheckedPackage, Problem, Rule, _display, _table_rows

__all__ = ["CODES", "EXPORT_RULES", "RESERVED_TABLES", "rule_exportable_names", "rule_exportable_values"]

CODES = {
    "reserved-name": "a table or column name an export cannot use: a table the SQLite export adds or SQLite reserves, "
                     "or two names differing only in case",
    "not-exportable": "a vocabulary label or key value holding a character an export format uses as a separator",
}

#: Tables the SQLite export adds beside the package's own.
RESERVED_TABLES = ("source_texts", "export_metadata")
_LABEL_SEPARATORS = re.compile(r"[\s|,=;]")
_KEY_SEPARATORS = re.compile(r"[\s:+|]")


def rule_exportable_names(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Table and column names every export can use (SQLite: its reserved tables, and names compared without case)."""
    shown = _display(checked.data_dir, DESCRIPTOR_NAME)
    tables: dict[str, str] = {}
    for name, resource in checked.resources.items():
        folded = name.casefold()
        if folded in RESERVED_TABLES or folded.startswith("sqlite_"):
            yield Problem(shown, None, printable(name), f"table name {printable(repr(name))} is reserved: the SQLite export adds "
                                                       f"{' and '.join(RESERVED_TABLES)}, and SQLite keeps names starting "
                                                       "with sqlite_; rename the table", "reserved-name")
        elif folded in tables:
            yield Problem(shown, None, printable(name), f"table names {printable(repr(tables[folded]))} and {printable(repr(name))} "
                                                       "differ only in case: SQLite would see one table", "reserved-name")
        tables.setdefault(folded, name)
        columns: dict[str, str] = {}
        for f in resource["schema"]["fields"]:
            folded_column = f["name"].casefold()
            if folded_column in columns:
                yield Problem(shown, None, printable(f"{name}.{f['name']}"),
                              f"column names {printable(repr(columns[folded_column]))} and {printable(repr(f['name']))} differ only "
                              "in case: SQLite would see one column", "reserved-name")
            columns.setdefault(folded_column, f["name"])


def rule_exportable_values(checked: CheckedPackage, paths: dict[str, str]) -> Iterable[Problem]:
    """Vocabulary labels and key values hold none of the separators of the export formats."""
    shown = _display(checked.data_dir, DESCRIPTOR_NAME)
    for name, resource in checked.resources.items():
        for f in resource["schema"]["fields"]:
            enum = f.get("constraints", {}).get("enum")
            for label in enum if isinstance(enum, list) else []:
                if not isinstance(label, str) or not label or _LABEL_SEPARATORS.search(label):
                    yield Problem(shown, None, printable(f"{name}.{f['name']}"),
                                  f"label {printable(repr(label))} is empty or holds a space, a line break or one of | , = ;: "
                                  "a brat attribute value is one token", "not-exportable")
        key = resource["schema"].get("primaryKey")
        columns = [key] if isinstance(key, str) else [k for k in key if isinstance(k, str)] if isinstance(key, list) else []
        for _, shown_table, row_no, row in _table_rows(checked, paths, name):
            for column in columns:
                value = row.get(column, "")
                if _KEY_SEPARATORS.search(value):
                    yield Problem(shown_table, row_no, column, f"key {printable(repr(value[:80]))} holds a space, a line break, ':', "
                                                               "'+' or '|': the exports' identifiers and brat notes are split on them",
                                  "not-exportable")


EXPORT_RULES: tuple[Rule, ...] = (rule_exportable_names, rule_exportable_values)
