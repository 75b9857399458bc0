"""Curator tools: register a source text and locate evidence in it.

From the shell::

    python -m helpers.curate locate 000_212c296293ee434c "Storm Shadow"
    python -m helpers.curate locate 000_212c296293ee434c "Ukraine" --occurrence 3
    python -m helpers.curate register path/to/text.txt --document-id my_doc \\
        --title "..." --published 2024-11 --date-precision month

``locate`` prints the span as ``char_start<TAB>char_end`` and exits 1 with a
clear message when the text is not found, or occurs more than once and no
``--occurrence`` was given. ``register`` copies the file byte for byte into
``sources/``, computes its SHA-256 and length and appends its ``documents`` row.
"""

from __future__ import annotations

import csv
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from helpers.paths import default_data_dir
from helpers.provenance import AmbiguousEvidence, EvidenceNotFound, find_span, read_source

__all__ = ["locate", "main", "register_source"]


def _documents(data_dir: Path) -> list[dict[str, str]]:
    with open(data_dir / "documents.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def locate(document_id: str, evidence: str, occurrence: int | None = None, data_dir: str | Path | None = None) -> tuple[int, int]:
    """The ``(char_start, char_end)`` of ``evidence`` in a registered document.

    >>> locate("000_212c296293ee434c", "Storm Shadow")
    (2735, 2747)
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    for doc in _documents(data_dir):
        if doc["document_id"] == document_id:
            return find_span(read_source(data_dir / doc["path"]).text, evidence, occurrence)
    raise KeyError(f"no document {document_id!r} in {data_dir / 'documents.csv'}")


def register_source(
    source: str | Path,
    document_id: str,
    *,
    title: str,
    published: str,
    date_precision: str,
    published_basis: str = "provided_metadata",
    title_basis: str = "as_published",
    outlet: str = "",
    language: str = "en",
    data_dir: str | Path | None = None,
) -> dict[str, str]:
    """Copy a text into ``sources/`` and append its ``documents`` row; return the row.

    Refuses an id already registered or a file already present, so nothing
    is overwritten. The text must be UTF-8 (it is never converted).
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    docs = _documents(data_dir)
    if any(d["document_id"] == document_id for d in docs):
        raise ValueError(f"document {document_id!r} is already registered")
    text = read_source(source)  # strict UTF-8: raises on anything else
    target = data_dir / "sources" / f"{document_id}.txt"
    if target.exists():
        raise FileExistsError(f"{target} exists already")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    row = {
        "document_id": document_id,
        "title": title,
        "title_basis": title_basis,
        "outlet": outlet,
        "published": published,
        "date_precision": date_precision,
        "published_basis": published_basis,
        "path": f"sources/{target.name}",
        "sha256": text.sha256,
        "char_length": str(text.char_length),
        "language": language,
    }
    with open(data_dir / "documents.csv", encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    ends_with_newline = (data_dir / "documents.csv").read_bytes().endswith(b"\n")
    with open(data_dir / "documents.csv", "a", encoding="utf-8", newline="") as f:
        if not ends_with_newline:  # a hand-edited file without a final newline: never glue the new row onto the last one
            f.write("\n")
        csv.DictWriter(f, fieldnames=header, lineterminator="\n").writerow(row)
    return row


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.curate", description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="data folder (default: the project's data/)")
    sub = parser.add_subparsers(dest="command", required=True)
    loc = sub.add_parser("locate", help="print the span of a piece of evidence")
    loc.add_argument("document_id")
    loc.add_argument("evidence")
    loc.add_argument("--occurrence", type=int, help="which occurrence, counting from 1")
    reg = sub.add_parser("register", help="add a source text and its documents row")
    reg.add_argument("source")
    reg.add_argument("--document-id", required=True)
    reg.add_argument("--title", required=True)
    reg.add_argument("--title-basis", default="as_published", choices=["as_published", "curator_assigned"])
    reg.add_argument("--outlet", default="")
    reg.add_argument("--published", required=True, help="YYYY, YYYY-MM or YYYY-MM-DD")
    reg.add_argument("--date-precision", required=True, choices=["year", "month", "day"])
    reg.add_argument("--published-basis", default="provided_metadata",
                     choices=["stated", "inferred", "outside_knowledge", "provided_metadata"])
    reg.add_argument("--language", default="en")
    args = parser.parse_args(argv)
    try:
        if args.command == "locate":
            start, end = locate(args.document_id, args.evidence, args.occurrence, args.data)
            print(f"{start}\t{end}")
        else:
            row = register_source(
                args.source, args.document_id, title=args.title, title_basis=args.title_basis, outlet=args.outlet,
                published=args.published, date_precision=args.date_precision,
                published_basis=args.published_basis, language=args.language, data_dir=args.data,
            )
            print(f"registered {row['document_id']}: {row['path']} sha256={row['sha256']} chars={row['char_length']}")
    except (EvidenceNotFound, AmbiguousEvidence, KeyError, ValueError, FileExistsError, FileNotFoundError,
            UnicodeDecodeError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc  # str(KeyError) would add quotes
        print(f"error: {message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
