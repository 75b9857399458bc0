"""Export the dataset to the formats researchers' own tools read, with every span, label and link.

May import :mod:`helpers.dataset` and :mod:`helpers.analysis`; nothing but teaching imports it.

From the shell (``geopol-export`` is the same command once the package is installed)::

    python -m helpers.export w3c     annotations.jsonld   # W3C Web Annotation (JSON-LD)
    python -m helpers.export brat    brat/                # brat / INCEpTION standoff folder
    python -m helpers.export sqlite  dataset.sqlite       # one SQLite database
    python -m helpers.export plover  events.jsonl         # PLOVER-style event records
    python -m helpers.export w3c out.jsonld --data path/to/data

From Python, one function per format, each validating the package first
(invalid data is never exported) and returning the path written:

>>> from helpers.export import export_sqlite
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     export_sqlite(pathlib.Path(tmp) / "d.sqlite").name
'd.sqlite'

Every export names the dataset version: the W3C collection's ``version``, the
brat folder's ``export.json``, the SQLite ``export_metadata`` table and each
PLOVER record's ``cite_info.version``.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from helpers.dataset.printable import printable
from helpers.export._package import InsideDataFolder, NonBMPWarning, Package, read_package, refuse_inside
from helpers.export.brat import read_brat, to_brat
from helpers.export.follow import brat_lines, cite_everywhere, w3c_items
from helpers.export.plover import crosswalk, records, to_plover
from helpers.export.sqlite import to_sqlite
from helpers.export.w3c import read_w3c, to_w3c

__all__ = [
    "FORMATS",
    "InsideDataFolder",
    "NonBMPWarning",
    "Package",
    "brat_lines",
    "cite_everywhere",
    "crosswalk",
    "export",
    "export_brat",
    "export_plover",
    "export_sqlite",
    "export_w3c",
    "main",
    "read_brat",
    "read_package",
    "read_w3c",
    "records",
    "w3c_items",
]

#: Format name -> (writer, what OUT is, who uses it).
FORMATS: dict[str, tuple[Callable[[Package, Path], Path], str, str]] = {
    "w3c": (to_w3c, "a .jsonld file", "Web Annotation tools and linked-data users (Hypothesis, Recogito, INCEpTION's W3C import)"),
    "brat": (to_brat, "a folder", "brat and INCEpTION (brat import): annotators who re-read or extend the spans"),
    "sqlite": (to_sqlite, "a .sqlite file", "SQL users, Datasette, sqlite3: joins across tables with the keys declared"),
    "plover": (to_plover, "a .jsonl file", "event-data pipelines (PLOVER, and CAMEO through cameo_code)"),
}


def export(fmt: str, out: str | Path, data_dir: str | Path | None = None) -> Path:
    """Validate the package at ``data_dir`` and write it to ``out`` in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    package = read_package(data_dir)
    refuse_inside(Path(out), package.data_dir)
    return FORMATS[fmt][0](package, Path(out))


def export_w3c(out: str | Path, data_dir: str | Path | None = None) -> Path:
    """W3C Web Annotation JSON-LD (see :mod:`helpers.export.w3c`)."""
    return export("w3c", out, data_dir)


def export_brat(out: str | Path, data_dir: str | Path | None = None) -> Path:
    """brat standoff folder (see :mod:`helpers.export.brat`)."""
    return export("brat", out, data_dir)


def export_sqlite(out: str | Path, data_dir: str | Path | None = None) -> Path:
    """SQLite database (see :mod:`helpers.export.sqlite`)."""
    return export("sqlite", out, data_dir)


def export_plover(out: str | Path, data_dir: str | Path | None = None) -> Path:
    """PLOVER-style JSONL (see :mod:`helpers.export.plover`)."""
    return export("plover", out, data_dir)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: 0 written, 1 invalid data or unwritable output, 2 usage error."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.export", description=(__doc__ or "").splitlines()[0],
                                     epilog="formats: " + "; ".join(f"{k} -> {v[1]}: {v[2]}" for k, v in FORMATS.items()))
    parser.add_argument("format", choices=list(FORMATS), help="the output format")
    parser.add_argument("out", type=Path, help="where to write it (a file, or a folder for brat)")
    parser.add_argument("--data", type=Path, default=None, help="the data package folder (default: the project's data/)")
    args = parser.parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", NonBMPWarning)
        try:
            package = read_package(args.data)
            refuse_inside(args.out, package.data_dir)
            path = FORMATS[args.format][0](package, args.out)
        except ValueError as exc:  # DatasetError (invalid data) is a ValueError; importing it would bring pandas
            lines = f"error: nothing was written: {exc}".split("\n")  # a DatasetError lists its problems, each already one line
            print("\n".join(printable(line) for line in lines), file=sys.stderr)
            return 1
        except OSError as exc:
            print(printable(f"error: {exc}"), file=sys.stderr)
            return 1
    for problem in package.warnings:  # the validator's warnings: accepted, as the validator accepts them, and shown
        print(f"warning: {problem}", file=sys.stderr)
    for w in caught:
        print(printable(f"warning: {w.message}"), file=sys.stderr)
    print(printable(path))
    return 0
