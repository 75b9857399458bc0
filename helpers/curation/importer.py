"""``geopol-curate import``: a text saved from a web page, or a plain-text file, registered with where it came from.

A saved HTML page goes through trafilatura, which keeps the main text and
drops the navigation, adverts and footer; it is handed the page as a string,
so nothing is fetched. A ``.txt`` file is taken exactly as it is (UTF-8). The
text is stored under ``sources/`` (never to be edited: a file of that name is
never overwritten), hashed, measured in characters, and its ``documents`` row
appended; the two are one journalled write (:mod:`helpers.curation.journal`), so an
interrupted import leaves neither the file nor the row, and ``undo`` takes both
back.

The columns come from the package's own descriptor. The provenance columns of
the 2.0 data model (``url``, ``outlet_id``, ``accessed``, ``excerpt``) are
written only when the ``documents`` table declares them; on a package without
them the import is refused with the code ``not-in-schema`` (use ``register``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

from helpers.curation.journal import Refused, locked
from helpers.curation.rows import _appended, _check_row, _data_dir, _descriptor, _records, _resource
from helpers.curation.writes import Draft, apply
from helpers.dataset.provenance import SourceText

__all__ = ["HTML_SUFFIXES", "PROVENANCE_COLUMNS", "extract_text", "import_source", "precision_of"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
#: Options of the import and the ``documents`` column each one fills (2.0 data model).
PROVENANCE_COLUMNS = {"url": "url", "outlet": "outlet_id", "accessed": "accessed", "excerpt": "excerpt"}
_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}(:[0-9]{2})?([+-][0-9]{2}:[0-9]{2}|Z)?)?)?)?", re.ASCII)


def precision_of(published: str) -> str:
    """The date precision an ISO 8601 text shows.

    >>> [precision_of(d) for d in ("2024", "2024-11", "2024-11-25", "2024-11-25T14", "2024-11-25T14:05+03:00")]
    ['year', 'month', 'day', 'hour', 'minute']
    """
    if not _DATE.fullmatch(published):
        raise Refused("bad-date", f"published {published!r} is not YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+HH:MM")
    if "T" in published:
        return "minute" if ":" in published.split("T", 1)[1][:3] else "hour"
    return {4: "year", 7: "month", 10: "day"}[len(published)]


def extract_text(raw: bytes, suffix: str) -> tuple[str, dict[str, str]]:
    """The text to store and what the page says of itself (``title``, ``date``, ``language``), from a file's bytes.

    >>> page = (b"<html lang='en'><head><title>Kremlin reply</title></head><body><nav>Home | World</nav>"
    ...         b"<article><p>" + b"The Kremlin said on Monday that there was no unanimity among Europeans. " * 3 + b"</p></article>"
    ...         b"<footer>Cookies</footer></body></html>")
    >>> text, meta = extract_text(page, ".html")
    >>> text.startswith("The Kremlin said"), "Cookies" in text, meta["title"], meta["language"]
    (True, False, 'Kremlin reply', 'en')
    """
    if suffix.lower() not in HTML_SUFFIXES:
        try:
            return SourceText.from_bytes(raw).text, {}
        except UnicodeDecodeError as exc:
            raise Refused("not-utf8", f"the text file is not UTF-8 (byte {exc.start}); save it as UTF-8 first (it is never converted)") from None
    import trafilatura  # only an HTML import needs it

    html = raw.decode("utf-8", errors="replace")
    text = trafilatura.extract(html, include_comments=False, include_tables=False, with_metadata=False)
    if not text or not text.strip():
        raise Refused("no-main-text", "trafilatura found no main text in the page: save the article's page itself, or paste the "
                                     "text into a .txt file and import that")
    meta: dict[str, str] = {}
    found = trafilatura.extract_metadata(html)
    if found is not None:
        meta.update({k: v for k, v in (("title", found.title), ("date", found.date)) if isinstance(v, str) and v})
    lang = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)", html[:5000], re.IGNORECASE)
    if lang:
        meta["language"] = lang.group(1)
    return text, meta


def _boolean(field: dict, value: bool) -> str:
    values = field.get("trueValues" if value else "falseValues")
    return values[0] if isinstance(values, list) and values else ("true" if value else "false")


def import_source(
    file: str | Path,
    *,
    url: str,
    outlet: str,
    accessed: str,
    excerpt: bool = False,
    title: str | None = None,
    published: str | None = None,
    language: str | None = None,
    document_id: str | None = None,
    title_basis: str | None = None,
    published_basis: str | None = None,
    fields: Mapping[str, str] | None = None,
    data_dir: str | Path | None = None,
    dry_run: bool = False,
) -> Draft:
    """Import ``file`` (a saved page, or a ``.txt`` taken as is) as a new document; return its ``documents`` row.

    ``title`` and ``published`` default to what a page says of itself
    (``as_published`` / ``provided_metadata``); ``document_id`` defaults to
    ``NNN_`` and the first 16 hex digits of the text's SHA-256, as the first
    article's. ``fields`` sets any other column the package declares (``--set`` on the command line), e.g. a
    ``document_kind`` the schema requires. Refused, with a code: ``not-in-schema`` (the descriptor lacks a
    provenance column), ``duplicate-source`` (the same text is registered),
    ``no-main-text``, ``not-utf8``, ``bad-date``, ``missing-metadata``; values
    are checked against the schema as every write is.
    """
    data_dir = _data_dir(data_dir)
    descriptor = _descriptor(data_dir)
    resource = _resource(data_dir, "documents", descriptor)
    fields_of = {f["name"]: f for f in resource["schema"]["fields"]}
    missing = [column for column in PROVENANCE_COLUMNS.values() if column not in fields_of]
    if missing:
        raise Refused("not-in-schema", f"the documents table of this package has no column {', '.join(missing)} (data model "
                                       f"{descriptor.get('version', '?')}): import records where a text came from only in a "
                                       "package that declares them; use register for a text without them", file=resource["path"])
    file = Path(file)
    if not file.is_file():
        raise Refused("file-not-found", f"no such file: {file}")
    raw = file.read_bytes()
    text, meta = extract_text(raw, file.suffix)
    if not text.strip():
        raise Refused("empty-text", f"{file} holds no text")
    data = text.encode("utf-8")
    source = SourceText.from_bytes(data)
    title = title or meta.get("title")
    published = published or meta.get("date")
    language = language or meta.get("language")
    required = {name for name, f in fields_of.items() if f.get("constraints", {}).get("required")}
    lacking = [f"--{name}" for name, value in (("title", title), ("published", published), ("language", language))
               if not value and name in required]
    if lacking:
        raise Refused("missing-metadata", f"the file does not say its {', '.join(n[2:] for n in lacking)}: give {' '.join(lacking)}")
    precision = precision_of(published) if published else ""
    extra = dict(fields or {})
    unknown = [name for name in extra if name not in fields_of]
    if unknown:
        raise Refused("not-in-schema", f"no column {', '.join(unknown)} in documents (columns: {', '.join(fields_of)})", file=resource["path"])
    with locked(data_dir):
        records = _records(data_dir, resource)
        header, others = records[0], [dict(zip(records[0], r, strict=False)) for r in records[1:]]
        same = [d.get("document_id") for d in others if d.get("sha256") == source.sha256]
        if same:
            raise Refused("duplicate-source", f"this text is registered already, as document {same[0]}", file=resource["path"])
        if document_id is None:
            document_id = f"{len(others):03d}_{hashlib.sha256(data).hexdigest()[:16]}"
        rel = f"sources/{document_id}.txt"
        row = {
            "document_id": document_id, "title": title, "title_basis": title_basis or "as_published",
            "published": published or "", "date_precision": precision,
            "published_basis": (published_basis or "provided_metadata") if published else "", "language": language,
            "path": rel, "sha256": source.sha256, "char_length": str(source.char_length),
            "url": url, "outlet_id": outlet, "accessed": accessed, "excerpt": _boolean(fields_of["excerpt"], excerpt),
            **extra,
        }
        full = {name: row.get(name, "") for name in header}
        try:
            _check_row(data_dir, descriptor, "documents", resource, full, others)
        except ValueError as exc:
            raise Refused("schema", str(exc), file=resource["path"]) from None
        if (data_dir / rel).exists() or (data_dir / rel).is_symlink():
            raise Refused("file-exists", f"{data_dir / rel} exists already: it is never overwritten", file=rel)
        table = _appended(data_dir, resource, records, full)
        changes = {rel: data, resource["path"]: table}
        return apply(data_dir, f"import {file.name} as {document_id}", changes, full, dry_run=dry_run, create=(rel,))
