"""How the comparative corpus of issue 21 was brought into the package (kept for provenance; run once).

    python data/coding/build_corpus_21.py RESEARCH_DIR [DATA_DIR]

RESEARCH_DIR holds the researcher's excerpts (``excerpts/<key>.txt``, copied character for character
from the stored pages on 2026-12-04) and ``documents.csv``. Every write goes through the curator tools
(``helpers.curate``): ``register`` for a new excerpt document (the file copied byte for byte, its hash
and length computed), ``add`` for actors and curator notes, ``annotate`` for each rendering (its span
computed from the evidence), ``locate`` + ``update`` to re-locate the rows of an excerpt document that the
fuller excerpt replaces (an excerpt document of the same URL made from a 1.1 ``accounts`` row is extended,
never duplicated). Two schema additions are made here, as data: the documents column ``published_time``
and the table ``searches`` (the search for the Russian original; ``data/searches.csv``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))
import corpus_21 as corpus  # noqa: E402

from helpers.curation import curate  # noqa: E402

TIME_FIELD = {
    "name": "published_time",
    "type": "string",
    "description": "The clock time of publication, HH:MM, as the page (or the record named in the document's curator note) gives it, "
                   "with its UTC offset (+HH:MM) only when that is known; no offset when the page shows no time zone (none is "
                   "invented). Empty when no time is known. 'published' holds the day.",
    "constraints": {"required": False, "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]((\\+|-)[0-9]{2}:[0-9]{2})?$"},
}

SEARCHES_RESOURCE = {
    "name": "searches",
    "title": "Searches",
    "description": "The searches made for a wording that the package does not hold (issue 21: the Russian original of Peskov's reply "
                   "of 25 November 2024, an agency report or a transcript): one row per query, with where it was run, what it "
                   "sought and what came back. A 'not found' in the package says where it looked.",
    "path": "searches.csv",
    "format": "csv",
    "mediatype": "text/csv",
    "encoding": "utf-8",
    "dialect": {"delimiter": ","},
    "schema": {
        "fields": [
            {"name": "search_id", "type": "string", "description": "Identifier of the query (s01, s02, … in the order run).",
             "constraints": {"required": True, "unique": True, "pattern": "^[a-z0-9][a-z0-9_]*$"}},
            {"name": "searched_on", "type": "string", "description": "The day the query was run (YYYY-MM-DD).",
             "constraints": {"required": True, "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"}},
            {"name": "tool", "type": "string",
             "description": "Where it was run: a corpus of stored public pages (pages, docs, code, issues), an exact-string search "
                            "(find_string) or the reading of one stored file (read_file).",
             "constraints": {"required": True, "enum": ["pages", "docs", "code", "issues", "find_string", "read_file"]}},
            {"name": "language", "type": "string", "description": "Language of the query (BCP 47).",
             "constraints": {"required": True, "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"}},
            {"name": "sought", "type": "string",
             "description": "What the query looked for: the Russian original (agency report or transcript), another rendering of "
                            "the reply, the Le Monde report, or an outlet's page.",
             "constraints": {"required": True, "enum": ["russian_original", "reply_rendering", "lemonde_report", "outlet_page"]}},
            {"name": "query", "type": "string", "description": "The query as run.", "constraints": {"required": True}},
            {"name": "returned", "type": "string", "description": "What came back, as the researcher recorded it.",
             "constraints": {"required": True}},
            {"name": "returned_corpus_page", "type": "boolean",
             "description": "true when the query returned a page now in the corpus (or the record it cites); false when nothing "
                            "relevant came back. No query returned the Russian original.",
             "constraints": {"required": True}},
        ],
        "primaryKey": ["search_id"],
    },
}

#: Queries aimed at the Russian original (the researcher's summary, searches.md section 1).
_AIMED_AT_ORIGINAL = {2, 3, 7, 12, 13, 14, 15, 21, 22, 30, 34, 40, 41, 46, 58, 59, 60, 61, 63, 75, 76, 80, 16, 29, 33, 38, 42, 78,
                      8, 19, 24, 25, 31, 49, 57, 62, 69, 70, 64, 65, 66}
_FRENCH, _PORTUGUESE = {18, 27, 32, 35, 44, 45, 52, 55, 74, 77}, {50, 54}
_OUTLET_WORDS = ("LBC", "lbc.co.uk", "Telegraph", "Rubryka", "rubryka", "nouvelles-dujour", "euromedia24", "prophecyupdate",
                 "mosaic.news", "IFP News", "RBC-Ukraine", "news.az", "tass.com", "tass.ru", "Moscow Times", "Коммерсантъ", "Интерфакс",
                 "РИА", "RT ")
#: Queries whose hits were all outside the corpus although the log names a page (a listing, an unrelated copy).
_NOT_IN_CORPUS = {1, 15, 19, 25, 51, 66}


def searches(log: Path) -> list[dict[str, str]]:
    """The table of every query run (searches.md section 4) as rows of ``searches.csv``."""
    rows = []
    for line in log.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| (\d+) \| (.*?) \| (.*) \| (.*?) \|$", line)
        if not m:
            continue
        n, tool, query, returned = int(m.group(1)), m.group(2).strip(), m.group(3).strip(), m.group(4).strip()
        tool = "find_string" if tool.startswith("find_string") else tool
        language = ("uk" if re.search("[єіїґЄІЇ]", query) else "ru" if re.search("[а-яА-Я]", query) else
                    "fr" if n in _FRENCH else "pt" if n in _PORTUGUESE else "en")
        if n in _AIMED_AT_ORIGINAL:
            sought = "russian_original"
        elif any(w in query for w in _OUTLET_WORDS):
            sought = "outlet_page"
        elif "e Monde" in query and not re.search("Peskov|Kremlin|Песков|Кремл|Пєсков", query):
            sought = "lemonde_report"
        else:
            sought = "reply_rendering"
        nothing = re.match(r"(?i)^(nothing|no |0 hits|unrelated|headline .* not returned|nouvelles-dujour page not returned|"
                           r"euromedia24 headline not returned)", returned)
        rows.append({"search_id": f"s{n:02d}", "searched_on": corpus.ACCESSED, "tool": tool, "language": language, "sought": sought,
                     "query": query, "returned": returned,
                     "returned_corpus_page": "false" if nothing or n in _NOT_IN_CORPUS else "true"})
    return rows


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _add_column(data: Path) -> None:
    """documents.published_time: the schema field after 'published', the column in documents.csv (empty for every row)."""
    descriptor_path = data / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    fields = next(r for r in descriptor["resources"] if r["name"] == "documents")["schema"]["fields"]
    if any(f["name"] == "published_time" for f in fields):
        return
    fields.insert(next(i for i, f in enumerate(fields) if f["name"] == "published") + 1, TIME_FIELD)
    if not any(r["name"] == "searches" for r in descriptor["resources"]):
        descriptor["resources"].append(SEARCHES_RESOURCE)
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    path = data / "documents.csv"
    with path.open(encoding="utf-8", newline="") as f:
        records = list(csv.reader(f))
    at = records[0].index("published") + 1
    for i, r in enumerate(records):
        r.insert(at, "published_time" if i == 0 else "")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(records)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def _register(source: Path, doc: str, columns: dict[str, str], data: Path) -> None:
    """``curate register``: the bytes copied unchanged, hash and length computed from them, the 2.0 columns set."""
    curate.register_source(
        source, doc, title=columns["title"], title_basis=columns["title_basis"], published=columns["published"],
        date_precision=columns["date_precision"], published_basis=columns["published_basis"], outlet=columns["outlet_id"],
        language=columns["language"], document_kind=columns["document_kind"], url=columns["url"], accessed=columns["accessed"],
        excerpt=True, relays_document_id=columns["relays_document_id"], relays_actor_id=columns["relays_actor_id"],
        relay_basis=columns["relay_basis"], directness=columns["directness"], data_dir=data)


def main(research: Path, data: Path) -> int:
    staged = {r["doc_key"]: r for r in _read(research / "documents.csv")}
    _add_column(data)
    known_actors = {r["actor_id"] for r in _read(data / "actors.csv")}
    for actor_id, name, kind, role, nature in corpus.ACTORS:
        if actor_id not in known_actors:
            curate.add_row("actors", {"actor_id": actor_id, "name": name, "kind": kind, "role": role, "outlet_nature": nature}, data)
    for actor_id, (country, nature) in corpus.ACTOR_FACTS.items():
        curate.update_row("actors", actor_id, {"country_iso3": country, "outlet_nature": nature}, data)
    documents = {r["document_id"]: r for r in _read(data / "documents.csv")}
    for spec in corpus.DOCUMENTS:
        doc, source = spec["document_id"], research / "excerpts" / f"{spec['key']}.txt"
        columns = {k: spec[k] for k in ("title", "title_basis", "outlet_id", "document_kind", "directness", "url", "language",
                                        "relays_document_id", "relays_actor_id", "relay_basis") if k in spec}
        columns.update(published=spec["published"], date_precision=spec["date_precision"], published_basis=spec["published_basis"],
                       published_time=spec["published_time"], accessed=corpus.ACCESSED, excerpt="true")
        if spec["new"]:
            if doc not in documents:
                _register(source, doc, columns, data)
        else:
            # The fuller excerpt replaces the one made from the accounts row: same URL, same document.
            raw = source.read_bytes()
            target = data / documents[doc]["path"]
            target.write_bytes(raw)
            text = raw.decode("utf-8")
            columns.update(sha256=hashlib.sha256(raw).hexdigest(), char_length=str(len(text)))
            for table, key in (("statements", "statement_id"), ("mentions", "mention_id"), ("curator_notes", "note_id")):
                for row in _read(data / f"{table}.csv"):
                    if row.get("document_id") != doc or not row.get("evidence"):
                        continue
                    evidence = corpus.EVIDENCE_FIXES.get(row[key], row["evidence"])
                    start, end = curate.locate(doc, evidence, data_dir=data)
                    curate.update_row(table, row[key], {"evidence": evidence, "char_start": str(start), "char_end": str(end)}, data)
        curate.update_row("documents", doc, columns, data)
        note = staged[spec["key"]]
        curate.add_row("curator_notes", {
            "note_id": f"n21_{doc}", "target_table": "documents", "target_id": doc,
            "kind": "outside_knowledge" if "outside knowledge" in note["notes"] + note["published_basis"] else "source_metadata",
            "note": f"Publication: {note['published_basis']}. Relay: {note['relay_basis']}. {note['notes']}",
            "source": f"{spec.get('url') or note['url']} (stored copy read {corpus.ACCESSED})"}, data)
    for sid, verb in corpus.VERBS_OF_EXISTING.items():
        curate.update_row("statements", sid, {"rendering_verb": verb}, data)
    for row in sorted(corpus.RENDERINGS, key=lambda r: r["utterance_id"] != corpus.LEMONDE):  # an answered rendering first
        fields = {k: v for k, v in row.items() if k not in {"document_id", "evidence", "occurrence"}}
        curate.annotate("statements", row["document_id"], row["evidence"], fields, occurrence=row["occurrence"], data_dir=data)
    for sid, values in corpus.ADJUDICATED.items():  # after the blind second coding (adjudication_21.csv)
        curate.update_row("statements", sid, values, data)
    curate.update_row("documents", corpus.ARTICLE, corpus.ARTICLE_RELAY, data)
    curate.update_row("utterances", corpus.REPLY, {"note": corpus.REPLY_NOTE}, data)
    rows = searches(research / "searches.md")
    with (data / "searches.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} searches; {len(corpus.DOCUMENTS)} documents, {len(corpus.RENDERINGS)} renderings, {len(corpus.ACTORS)} actors")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(Path(args[0]), Path(args[1]) if len(args) > 1 else HERE.parent))
