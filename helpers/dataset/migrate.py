"""Convert a data package of version 1.1 into the 2.0 model (utterances and renderings).

    python -m helpers.dataset.migrate OLD_DIR NEW_DIR

The conversion is mechanical and loses nothing (rules in docs/data-model.md):

- every 1.1 statement with an empty ``repeats_id`` becomes an utterance whose id is the statement's id;
  every statement becomes a rendering (``statements.utterance_id`` = its ``repeats_id`` or its own id);
- actors' spans become ``mentions`` rows;
- the ``accounts`` table becomes excerpt documents (one per page address, holding only the passages the
  rows quote), renderings in them, one ``comparisons`` row per account (same id and relation), and
  ``utterances.searched`` for the ``no_other_account`` rows; their codings are re-keyed;
- ``documents`` gain the self-describing columns.

Judgements the 1.1 data did not hold (``rendering_verb``; a rendering's ``relation`` to the utterance's
best wording where no comparison gives it) are left empty or derived by the rules written below, and
should be reviewed by the curator. Only the standard library is used, so a 1.1 user can run it anywhere.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import re
import shutil
import sys
import unicodedata
from collections import OrderedDict
from pathlib import Path

__all__ = ["DESCRIPTOR_2_0_CHANGES", "main", "migrate"]

ID = "^[a-z0-9][a-z0-9_]*$"
DATE = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9](\\+|-)[0-9]{2}:[0-9]{2})?)?)?$"
EXCERPT_SEPARATOR = "\n[…]\n"

#: Strength of a comparison label, for deriving one rendering's relation to another through a third.
_STRENGTH = {"weaker": -1, "same": 0, "reworded": 0, "stronger": 1}
#: 1.1 account directness, most direct first (the "primary account" rule of the 1.1 codebook).
_DIRECTNESS = ["transcript", "own_reporting", "copy", "relay"]
#: News agencies (actor ids): a relay of one of them gives the utterance an agency wording.
AGENCIES = {"tass", "afp", "anadolu_agency", "reuters", "ria_novosti", "interfax"}

DESCRIPTOR_2_0_CHANGES = "see docs/migrating-to-2.0.md"


# --- reading and writing ------------------------------------------------------------------------------------------


def read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), [dict(row) for row in reader]


def write_table(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({f: row.get(f, "") for f in fields})
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\(.*?\)", "", text)
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_") or "x"


# --- the descriptor -----------------------------------------------------------------------------------------------


def _field(
    name: str, description: str, *, required: bool = False, pattern: str | None = None, enum: list[str] | None = None, type_: str = "string", **extra
) -> dict:
    constraints: dict = {"required": required}
    if pattern:
        constraints["pattern"] = pattern
    if enum:
        constraints["enum"] = enum
    field = {"name": name, "type": type_, "description": description, "constraints": constraints}
    field["constraints"].update(extra)
    return field


def _vocab_desc(text: str, vocabulary: str) -> str:
    return f"{text} One of the '{vocabulary}' vocabulary (definitions in the package's 'vocabularies')."


def _fk(field: str, resource: str, target: str) -> dict:
    return {"fields": field, "reference": {"resource": resource, "fields": target}}


def _resource(name: str, title: str, description: str, fields: list[dict], key: list[str], fks: list[dict]) -> dict:
    return {
        "name": name,
        "title": title,
        "description": description,
        "path": f"{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ","},
        "schema": {"fields": fields, "primaryKey": key, "foreignKeys": fks, "missingValues": [""]},
    }


VOCABULARY_ADDITIONS = {
    "document_kind": {
        "news_article": "A news outlet's own article.",
        "agency_report": "A news agency's report (its wire text).",
        "broadcast_report": "A broadcaster's report (on air or on its website).",
        "aggregator_copy": "A page that republishes, rewrites or machine-translates another outlet's text.",
        "blog_copy": "A blog post (personal, party or organisational) that copies or retells another text.",
        "transcript": "A transcript of the words themselves (official or broadcast).",
        "other": "Anything else; the title or a curator note says what.",
    },
    "wording_source": {
        "transcript": "The wording comes from a transcript or recording of the words.",
        "original_text": "The speaker's own published text (e.g. the newspaper's own report), or a copy of it.",
        "agency": "A news agency's report of the words (or a relay that names the agency).",
        "outlet_report": "Another outlet's own report of the words.",
        "rendered_only": "Only renderings are known: the wording is the best rendering in the corpus.",
    },
    "rendering_relation": {
        "same": "The rendering gives the same words (or a literal translation of them) with the same meaning as the utterance's best wording.",
        "reworded": "Other words; the same meaning, strength and attribution as the best wording.",
        "weaker": "The rendering drops or softens part of the best wording that bears on the story.",
        "stronger": "The rendering says more than the best wording supports: firmer, more certain, more hostile, or attributed higher (e.g. doubt rendered as denial).",  # noqa: E501
        "different": "The rendering changes what is asserted (another claim, subject or image), not only its strength.",
    },
}


def descriptor_2_0(old: dict) -> dict:
    """The 2.0 descriptor built from a 1.1 one (other resources and their fields are kept as they are)."""
    new = copy.deepcopy(old)
    new["version"] = "2.0.0"
    resources = OrderedDict((r["name"], r) for r in new["resources"])
    vocab = new.setdefault("vocabularies", {})
    for name, values in VOCABULARY_ADDITIONS.items():
        vocab[name] = values
    vocab["published_precision"] = {
        **vocab.get("date_precision", {}),
        "hour": "Known to the hour (with its UTC offset).",
        "minute": "Known to the minute (with its UTC offset).",
    }
    if "account_relation" in vocab:
        relation = dict(vocab.pop("account_relation"))
        relation.pop("no_other_account", None)
        vocab["comparison_relation"] = {
            k: v.replace("The account", "The other rendering")
            .replace("the account", "the other rendering")
            .replace("The article's rendering", "The rendering")
            .replace("the article's", "the rendering's")
            for k, v in relation.items()
        }
    if "account_directness" in vocab:
        vocab["directness"] = vocab.pop("account_directness")
    vocab.setdefault("search_result", {})["no_other_account"] = (
        "No other rendering of the utterance was found; 'searched' lists the queries and where."
    )
    precisions = list(vocab.get("date_precision", {}))
    published_precisions = list(vocab["published_precision"])
    date_bases = list(vocab.get("date_basis", {}))

    docs = _resource(
        "documents",
        "Documents",
        "One row per text: the article and every other outlet's excerpt, describing itself (outlet, address, dates, language, what it relays), with the hash and length that pin its bytes.",  # noqa: E501
        [
            _field("document_id", "Identifier of the document (the file name without extension).", required=True, pattern=ID, unique=True),
            _field("title", "Title of the document; see title_basis for where it comes from.", required=True),
            _field(
                "title_basis",
                "as_published = the outlet's own headline; curator_assigned = written by the curator.",
                required=True,
                enum=["as_published", "curator_assigned"],
            ),
            _field("outlet_id", "The outlet that published it (actors.actor_id); empty when the text does not name it.", pattern=ID),
            _field(
                "document_kind",
                _vocab_desc("What kind of text it is.", "document_kind"),
                required=True,
                enum=list(VOCABULARY_ADDITIONS["document_kind"]),
            ),
            _field(
                "directness",
                _vocab_desc("How close the text is to the words it renders; empty when not assessed.", "directness"),
                enum=list(vocab.get("directness", {})) or None,
            ),
            _field("url", "The address the text was read at, exactly as stored; may be empty for the shipped article.", pattern="^https?://\\S+$"),
            _field(
                "published",
                "Publication date at its precision: YYYY, YYYY-MM, YYYY-MM-DD, or YYYY-MM-DDTHH:MM with a +HH:MM offset; empty when neither the page nor its address gives one.",  # noqa: E501
                pattern=DATE,
            ),
            _field(
                "date_precision",
                _vocab_desc("Precision of 'published'; set exactly when 'published' is.", "published_precision"),
                enum=published_precisions,
            ),
            _field(
                "published_basis",
                _vocab_desc("Where the publication date comes from; set exactly when 'published' is.", "date_basis"),
                enum=date_bases,
            ),
            _field(
                "accessed",
                "The day the text was read (YYYY-MM-DD); required when url is set.",
                pattern="^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
            ),
            _field("language", "Language of the text (BCP 47, e.g. en, fr, ru).", required=True, pattern="^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
            _field(
                "excerpt",
                "true when only passages of the text are kept (headline, lead, the passages that render coded utterances).",
                required=True,
                type_="boolean",
            ),
            _field("relays_document_id", "The document in this corpus whose text this one relays or copies (documents.document_id).", pattern=ID),
            _field("relays_actor_id", "The outlet or agency relayed, when its own text is not in the corpus (actors.actor_id).", pattern=ID),
            _field("relay_basis", "How the relay is known (an attribution line, identical wording, ...); required when a relays_* column is set."),
            _field("path", "Path of the source text, relative to datapackage.json.", required=True, pattern="^sources/[^/]+$"),
            _field("sha256", "SHA-256 of the source file's bytes; a changed file is caught.", required=True, pattern="^[0-9a-f]{64}$"),
            _field("char_length", "Length of the decoded text in characters (Python len).", required=True, type_="integer", minimum=1),
        ],
        ["document_id"],
        [_fk("outlet_id", "actors", "actor_id"), _fk("relays_document_id", "", "document_id"), _fk("relays_actor_id", "actors", "actor_id")],
    )
    resources["documents"] = docs

    actors = resources["actors"]
    actors["description"] = (
        "Every person, anonymous source, organisation, outlet, government, country and group of countries the documents name or the corpus relays; where each is named is in mentions."  # noqa: E501
    )
    actor_fields = [f for f in actors["schema"]["fields"] if f["name"] not in {"document_id", "evidence", "char_start", "char_end"}]
    if not any(f["name"] == "outlet_nature" for f in actor_fields):
        actor_fields.append(
            _field(
                "outlet_nature",
                _vocab_desc(
                    "For an outlet: what kind of outlet it is (it bears on how much its renderings can carry); empty otherwise.", "outlet_nature"
                ),
                enum=list(vocab.get("outlet_nature", {})) or None,
            )
        )
    actors["schema"]["fields"] = actor_fields
    actors["schema"]["foreignKeys"] = [fk for fk in actors["schema"].get("foreignKeys", []) if fk["fields"] != "document_id"]

    span_fields = [f for f in old_fields(old, "statements") if f["name"] in {"evidence", "char_start", "char_end"}]
    mentions = _resource(
        "mentions",
        "Mentions",
        "An actor named in a document, with the exact span of one mention.",
        [
            _field("mention_id", "Identifier of the mention.", required=True, pattern=ID, unique=True),
            _field("actor_id", "The actor named (actors.actor_id).", required=True, pattern=ID),
            _field("document_id", "The document it is named in.", required=True, pattern=ID),
            *copy.deepcopy(span_fields),
        ],
        ["mention_id"],
        [_fk("actor_id", "actors", "actor_id"), _fk("document_id", "documents", "document_id")],
    )

    st_old = {f["name"]: f for f in old_fields(old, "statements")}
    stance = st_old["stance"]["constraints"]["enum"]
    response = st_old["response"]["constraints"]["enum"]
    utterances = _resource(
        "utterances",
        "Utterances",
        "What was said once: by whom, to whom, when, its best available wording and the stance and response the speaker took. Every rendering in statements names its utterance.",  # noqa: E501
        [
            _field(
                "utterance_id",
                "Identifier of the utterance (for data migrated from 1.1: the id of the statement that counted it).",
                required=True,
                pattern=ID,
                unique=True,
            ),
            _field("speaker_id", "Who said it (actors.actor_id).", required=True, pattern=ID),
            _field("audience", "To whom it was said (e.g. 'reporters', 'Le Monde'); empty when unknown."),
            _field("date", "When it was said, at its precision (YYYY, YYYY-MM, YYYY-MM-DD); empty when unknown.", pattern=DATE),
            _field("date_precision", _vocab_desc("Precision of 'date'; set exactly when 'date' is.", "date_precision"), enum=precisions),
            _field("date_basis", _vocab_desc("Where the date comes from; set exactly when 'date' is.", "date_basis"), enum=date_bases),
            _field("date_source", "The source of an outside-knowledge date (a document id or an address)."),
            _field("wording", "The best wording available (see wording_source).", required=True),
            _field("wording_language", "Language of the wording (BCP 47).", required=True, pattern="^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
            _field(
                "wording_source",
                _vocab_desc("Where the wording comes from.", "wording_source"),
                required=True,
                enum=list(VOCABULARY_ADDITIONS["wording_source"]),
            ),
            _field("wording_document_id", "The document the wording is taken from (documents.document_id), when it is in the corpus.", pattern=ID),
            _field("topic_id", "The topic of its main claim (topics.topic_id).", required=True, pattern=ID),
            _field("stance", _vocab_desc("The stance as the speaker took it, on the best evidence; empty = unknown.", "stance"), enum=stance),
            _field(
                "response",
                _vocab_desc("How the speaker answered responds_to_utterance_id; empty = not an answer or unknown.", "response"),
                enum=response,
            ),
            _field("responds_to_utterance_id", "The utterance this one answers (utterances.utterance_id); may be in another document.", pattern=ID),
            _field("target_id", "The actor the claim is about or aimed at (actors.actor_id).", pattern=ID),
            _field("summary", "The curator's one-line summary of what was said.", required=True),
            _field("searched", "Where other renderings were searched for, when none was found (queries and where)."),
            _field(
                "search_result",
                _vocab_desc("no_other_account when the search found no other rendering; empty otherwise.", "search_result"),
                enum=["no_other_account"],
            ),
            _field("note", "The curator's comment."),
        ],
        ["utterance_id"],
        [
            _fk("speaker_id", "actors", "actor_id"),
            _fk("wording_document_id", "documents", "document_id"),
            _fk("topic_id", "topics", "topic_id"),
            _fk("responds_to_utterance_id", "", "utterance_id"),
            _fk("target_id", "actors", "actor_id"),
        ],
    )

    statements = resources["statements"]
    statements["title"] = "Statements (renderings)"
    statements["description"] = (
        "A rendering: one utterance as one document renders it, with its span, mode and the renderer's framing (verb, ascribed stance and response, relation to the utterance's best wording)."  # noqa: E501
    )
    fields = []
    for f in statements["schema"]["fields"]:
        name = f["name"]
        if name == "repeats_id":
            continue
        if name in {"evidence", "char_start", "char_end"}:
            f = copy.deepcopy(f)
            f["constraints"]["required"] = False
            f["description"] += " Empty only in an excerpt document that does not keep the rendering's words."
        if name == "stance":
            f = copy.deepcopy(f)
            f["description"] = _vocab_desc("The stance as this document ascribes it to the speaker.", "stance")
        if name == "response":
            f = copy.deepcopy(f)
            f["description"] = _vocab_desc(
                "How this document says the speaker answered responds_to_id; set exactly when responds_to_id is.", "response"
            )
        if name == "responds_to_id":
            f = copy.deepcopy(f)
            f["description"] = "The rendering this one answers (statements.statement_id); may be in another document."
        fields.append(f)
        if name == "document_id":
            fields.append(_field("utterance_id", "The utterance this row renders (utterances.utterance_id).", required=True, pattern=ID))
        if name == "mode":
            fields.append(
                _field(
                    "rendering_verb",
                    "The verb the document uses to render it (e.g. 'denied', 'said', 'refuted'), lower case, as written; empty when none.",
                )
            )
            fields.append(
                _field(
                    "relation",
                    _vocab_desc(
                        "How this rendering compares with the utterance's best wording; empty for the rendering that is the best wording itself.",
                        "rendering_relation",
                    ),
                    enum=list(VOCABULARY_ADDITIONS["rendering_relation"]),
                )
            )
    statements["schema"]["fields"] = fields
    statements["schema"]["foreignKeys"] = [fk for fk in statements["schema"]["foreignKeys"] if fk["fields"] != "repeats_id"]
    statements["schema"]["foreignKeys"].insert(1, _fk("utterance_id", "utterances", "utterance_id"))

    relation_enum = list(vocab.get("comparison_relation", {})) or ["same", "reworded", "stronger", "weaker", "different", "contradicted"]
    comparisons = _resource(
        "comparisons",
        "Comparisons",
        "How one rendering stands to another rendering of the same utterance (in 1.1: the accounts' relation of the article's rendering to each other outlet's), double-coded.",  # noqa: E501
        [
            _field(
                "comparison_id", "Identifier of the comparison (for data migrated from 1.1: the account id).", required=True, pattern=ID, unique=True
            ),
            _field("statement_id", "The rendering judged (statements.statement_id; in 1.1 the article's).", required=True, pattern=ID),
            _field(
                "other_statement_id",
                "The rendering it is compared with (statements.statement_id; in 1.1 the other outlet's).",
                required=True,
                pattern=ID,
            ),
            _field(
                "relation",
                _vocab_desc(
                    "How statement_id's rendering stands to other_statement_id's (rules in the codebook, 'Comparisons').", "comparison_relation"
                ),
                required=True,
                enum=relation_enum,
            ),
            _field("note", "The curator's comment: what the difference is, caveats about the outlet."),
        ],
        ["comparison_id"],
        [_fk("statement_id", "statements", "statement_id"), _fk("other_statement_id", "statements", "statement_id")],
    )

    codings = resources.get("codings")
    if codings:
        for f in codings["schema"]["fields"]:
            if f["name"] == "unit_table" and "enum" in f.get("constraints", {}):
                f["constraints"]["enum"] = [t for t in f["constraints"]["enum"] if t != "accounts"] + ["comparisons", "utterances"]
                f["description"] = f["description"].replace("accounts", "comparisons, utterances")

    order = []
    for name, res in resources.items():
        if name == "accounts":
            continue
        order.append(res)
        if name == "documents":
            order.append(resources["actors"]) if "actors" in resources else None
            order.append(mentions)
        if name == "topics":
            order.append(utterances)
        if name == "statements":
            order.append(comparisons)
    seen, out = set(), []
    for res in order:
        if res["name"] not in seen:
            seen.add(res["name"])
            out.append(res)
    if "utterances" not in seen:
        out.append(utterances)
    new["resources"] = out
    return new


def old_fields(descriptor: dict, name: str) -> list[dict]:
    return next(r for r in descriptor["resources"] if r["name"] == name)["schema"]["fields"]


# --- rows ---------------------------------------------------------------------------------------------------------


def _compare_through(x: str, y: str) -> str:
    """Rendering A stands to B as x, and to C as y: how C stands to B (weaker/reworded/stronger), else different."""
    if x in _STRENGTH and y in _STRENGTH:
        diff = _STRENGTH[x] - _STRENGTH[y]
        return "reworded" if diff == 0 else ("stronger" if diff > 0 else "weaker")
    return "different"


def migrate(old_dir: str | Path, new_dir: str | Path, *, accessed: str = "") -> dict[str, int]:
    """Write the 2.0 package converted from the 1.1 package in ``old_dir`` into ``new_dir``; return counts."""
    old, new = Path(old_dir), Path(new_dir)
    if new.exists() and any(new.iterdir()):
        raise FileExistsError(f"{new} is not empty")
    shutil.copytree(old, new, dirs_exist_ok=True)
    descriptor = json.loads((old / "datapackage.json").read_text(encoding="utf-8"))
    new_descriptor = descriptor_2_0(descriptor)
    fields_of = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in new_descriptor["resources"]}

    _, documents = read_table(old / "documents.csv")
    _, actors = read_table(old / "actors.csv")
    _, statements = read_table(old / "statements.csv")
    accounts = read_table(old / "accounts.csv")[1] if (old / "accounts.csv").exists() else []
    codings_fields, codings = read_table(old / "codings.csv") if (old / "codings.csv").exists() else ([], [])

    actor_ids = {a["actor_id"] for a in actors}
    # documents: the 1.1 free-text outlet becomes an actor when one of that name exists
    by_name = {a["name"].lower(): a["actor_id"] for a in actors}
    for d in documents:
        outlet = d.pop("outlet", "")
        d["outlet_id"] = by_name.get(outlet.lower(), "") if outlet else ""
        d.setdefault("document_kind", "news_article")
        d.setdefault("excerpt", "false")
        for f in ("url", "accessed", "relays_document_id", "relays_actor_id", "relay_basis", "directness"):
            d.setdefault(f, "")

    # mentions from the actors' spans
    mentions = []
    for a in actors:
        if a.get("document_id"):
            mentions.append(
                {
                    "mention_id": f"{a['actor_id']}_in_{a['document_id'][:3]}",
                    "actor_id": a["actor_id"],
                    "document_id": a["document_id"],
                    "evidence": a.get("evidence", ""),
                    "char_start": a.get("char_start", ""),
                    "char_end": a.get("char_end", ""),
                }
            )
        for f in ("document_id", "evidence", "char_start", "char_end"):
            a.pop(f, None)
        a.setdefault("outlet_nature", "")

    # utterances and renderings of the 1.1 statements
    by_id = {s["statement_id"]: s for s in statements}
    for s in statements:
        s["utterance_id"] = s.pop("repeats_id", "") or s["statement_id"]
        s.setdefault("rendering_verb", "")
        s.setdefault("relation", "")
    counted = [s for s in statements if s["utterance_id"] == s["statement_id"]]
    article_doc = {d["document_id"]: d for d in documents}
    utterances = OrderedDict()
    for s in counted:
        doc = article_doc.get(s["document_id"], {})
        utterances[s["statement_id"]] = {
            "utterance_id": s["statement_id"],
            "speaker_id": s["speaker_id"],
            "audience": "",
            "date": s.get("date", ""),
            "date_precision": s.get("date_precision", ""),
            "date_basis": s.get("date_basis", ""),
            "date_source": "",
            "wording": s["evidence"],
            "wording_language": doc.get("language", ""),
            "wording_source": "rendered_only",
            "wording_document_id": s["document_id"],
            "topic_id": s["topic_id"],
            "stance": s["stance"],
            "response": s["response"],
            "responds_to_utterance_id": by_id[s["responds_to_id"]]["utterance_id"] if s.get("responds_to_id") in by_id else "",
            "target_id": s.get("target_id", ""),
            "summary": s["summary"],
            "searched": "",
            "search_result": "",
            "note": "",
        }

    # accounts → excerpt documents, renderings, comparisons
    comparisons, new_renderings, excerpt_passages = [], [], OrderedDict()
    rendering_of: dict[tuple, dict] = {}
    pages = OrderedDict()
    for acc in accounts:
        if acc["relation"] == "no_other_account":
            utt = utterances.get(by_id[acc["statement_id"]]["utterance_id"])
            if utt is not None:
                searched = acc.get("searched", "")
                if searched and searched not in utt["searched"]:
                    utt["searched"] = "; ".join(x for x in (utt["searched"], searched) if x)
                utt["search_result"] = "no_other_account"
                if acc.get("note"):
                    utt["note"] = "; ".join(x for x in (utt["note"], acc["note"]) if x)
            continue
        pages.setdefault(acc["url"], []).append(acc)
    outlet_ids: dict[str, str] = {}
    for url, rows in pages.items():
        first = rows[0]
        outlet_name = first["outlet"]
        outlet_id = outlet_ids.get(outlet_name) or _outlet_actor(outlet_name, first.get("outlet_nature", ""), actors, actor_ids)
        outlet_ids[outlet_name] = outlet_id
        doc_id = f"ex_{outlet_id}"[:60]
        passages = []
        for acc in rows:
            if acc.get("quoted") and acc["quoted"] not in passages:
                passages.append(acc["quoted"])
        text = EXCERPT_SEPARATOR.join(passages) if passages else f"[No passage kept: see the renderings' summaries. Page: {url}]"
        excerpt_passages[doc_id] = text
        relays = [r.strip() for r in first.get("relays", "").split(";") if r.strip()]
        relays_actor = (
            _outlet_actor(relays[0], "", actors, actor_ids, "Outlet or agency whose report a document of the corpus relays") if relays else ""
        )
        documents.append(
            {
                "document_id": doc_id,
                "title": f"{outlet_name}: excerpt of the page at {url}",
                "title_basis": "curator_assigned",
                "outlet_id": outlet_id,
                "document_kind": _document_kind(first),
                "directness": first.get("directness", ""),
                "url": url,
                "published": first.get("date", ""),
                "date_precision": first.get("date_precision", ""),
                "published_basis": "provided_metadata" if first.get("date") else "",
                "accessed": accessed,
                "language": first.get("language", ""),
                "excerpt": "true",
                "relays_document_id": "",
                "relays_actor_id": relays_actor,
                "relay_basis": (
                    f"the page names {' and '.join(relays)} as its source{'s' if len(relays) > 1 else ''}"
                    f"{' (the first is recorded in relays_actor_id)' if len(relays) > 1 else ''}"
                    if relays
                    else ""
                ),
                "path": f"sources/{doc_id}.txt",
                "sha256": "",
                "char_length": "",
            }
        )
        for acc in rows:
            article = by_id[acc["statement_id"]]
            utt_id = article["utterance_id"]
            key = (doc_id, utt_id, acc["quoted"]) if acc.get("quoted") else (doc_id, acc["statement_id"])
            rendering = rendering_of.get(key)
            if rendering is None:
                start = text.find(acc["quoted"]) if acc.get("quoted") else -1
                rendering = {
                    "statement_id": f"{acc['account_id'].removeprefix('acc_')}_r",
                    "document_id": doc_id,
                    "utterance_id": utt_id,
                    "speaker_id": utterances[utt_id]["speaker_id"],
                    "reported_via_id": "",
                    "responds_to_id": article.get("responds_to_id", ""),
                    "response": acc.get("supported_response") or article.get("response", ""),
                    "mode": "direct_quote" if acc.get("quoted") and article["mode"] in {"direct_quote", "phrase"} else "paraphrase",
                    "rendering_verb": "",
                    "relation": "",
                    "topic_id": article["topic_id"],
                    "stance": acc.get("supported_stance") or article["stance"],
                    "target_id": article.get("target_id", ""),
                    "date": "",
                    "date_precision": "",
                    "date_basis": "",
                    "date_text": "",
                    "summary": acc.get("says", ""),
                    "evidence": acc.get("quoted", ""),
                    "char_start": str(start) if start >= 0 else "",
                    "char_end": str(start + len(acc["quoted"])) if start >= 0 else "",
                    "_account": acc,
                }
                if not rendering["responds_to_id"]:
                    rendering["response"] = ""
                rendering_of[key] = rendering
                new_renderings.append(rendering)
            comparisons.append(
                {
                    "comparison_id": acc["account_id"],
                    "statement_id": acc["statement_id"],
                    "other_statement_id": rendering["statement_id"],
                    "relation": acc["relation"],
                    "note": acc.get("note", ""),
                }
            )

    # the best wording of each utterance: the 1.1 primary account, else the counted rendering
    renderings_by_utt: dict[str, list[dict]] = {}
    for r in statements + new_renderings:
        renderings_by_utt.setdefault(r["utterance_id"], []).append(r)
    compared = {(c["statement_id"], c["other_statement_id"]): c["relation"] for c in comparisons}
    doc_by_id = {d["document_id"]: d for d in documents}
    for utt_id, utt in utterances.items():
        outside = [r for r in renderings_by_utt.get(utt_id, []) if "_account" in r]
        own_voice = any(
            r["statement_id"] == utt_id and r["speaker_id"] == (doc_by_id.get(r["document_id"], {}).get("outlet_id") or "this_article")
            for r in renderings_by_utt.get(utt_id, [])
        )
        if outside and not own_voice:

            def rank(r, utt_id=utt_id):
                acc = r["_account"]
                d = acc.get("directness", "relay")
                on_counted = compared.get((utt_id, r["statement_id"]))
                return (
                    _DIRECTNESS.index(d) if d in _DIRECTNESS else 9,
                    0 if acc.get("date") else 1,
                    acc.get("date") or "9999",
                    0 if on_counted in {"same", "reworded"} else 1 if on_counted else 2,
                )

            best = sorted(outside, key=rank)[0]
            acc = best["_account"]
            doc = doc_by_id[best["document_id"]]
            source = {"transcript": "transcript", "own_reporting": "outlet_report", "copy": "original_text"}.get(acc.get("directness", ""), "")
            if not source:
                source = "agency" if doc.get("relays_actor_id") in AGENCIES else "outlet_report"
            utt.update(
                wording=best["evidence"] or best["summary"],
                wording_language=doc["language"],
                wording_source=source,
                wording_document_id=best["document_id"],
                stance=best["stance"],
                response=best["response"] if utt["response"] else "",
            )
            if not best["evidence"]:
                utt["note"] = "; ".join(
                    x for x in (utt["note"], "wording: the curator's summary of the best rendering (its page's words were not kept)") if x
                )
        else:
            best = next(r for r in renderings_by_utt[utt_id] if r["statement_id"] == utt_id)
            if own_voice:
                utt["wording_source"] = "original_text"
        # relation of every rendering to the best one
        best_id = best["statement_id"]
        for r in renderings_by_utt[utt_id]:
            if r is best:
                r["relation"] = ""
                continue
            if (r["statement_id"], best_id) in compared:
                r["relation"] = _clip(compared[(r["statement_id"], best_id)])
        for r in renderings_by_utt[utt_id]:
            if r is best or r["relation"] or "_account" in r:
                continue
            values = [
                compared[(r["statement_id"], o["statement_id"])]
                for o in renderings_by_utt[utt_id]
                if (r["statement_id"], o["statement_id"]) in compared
            ]
            if values:
                r["relation"] = _clip(values[0])
            elif "_account" not in best:
                r["relation"] = (
                    "same" if r["mode"] in {"phrase", "scare_quote"} and r["evidence"].strip("“”\"'. ") in best["evidence"] else "reworded"
                )
        for r in renderings_by_utt[utt_id]:
            if r is best or "_account" not in r:
                continue
            via = [
                (a, compared[(a["statement_id"], r["statement_id"])])
                for a in renderings_by_utt[utt_id]
                if (a["statement_id"], r["statement_id"]) in compared and (a.get("relation") or a is best)
            ]
            if via:
                article, y = via[0]
                r["relation"] = _clip(_compare_through(article["relation"] or "same", y))
            else:
                r["relation"] = "reworded"

    # write
    for r in new_renderings:
        r.pop("_account", None)
    sources = new / "sources"
    sources.mkdir(exist_ok=True)
    for doc_id, text in excerpt_passages.items():
        data = text.encode("utf-8")
        (sources / f"{doc_id}.txt").write_bytes(data)
        doc = doc_by_id[doc_id]
        doc["sha256"] = hashlib.sha256(data).hexdigest()
        doc["char_length"] = str(len(text))
    if (new / "accounts.csv").exists():
        (new / "accounts.csv").unlink()
    recoded = []
    for c in codings:
        if c["unit_table"] == "accounts":
            acc = next((a for a in accounts if a["account_id"] == c["unit_id"]), None)
            if acc is not None and acc["relation"] == "no_other_account" and c["value"] == "no_other_account":
                c = dict(c, unit_table="utterances", unit_id=by_id[acc["statement_id"]]["utterance_id"], variable="search_result")
                if any(x["unit_table"] == "utterances" and x["unit_id"] == c["unit_id"] and x["coder"] == c["coder"] for x in recoded):
                    continue
            else:
                c = dict(c, unit_table="comparisons")
        elif c["unit_table"] == "statements" and c["variable"] == "repeats_id":
            c = dict(c, variable="utterance_id", value=c["value"] or c["unit_id"])
        recoded.append(c)
    write_table(new / "documents.csv", fields_of["documents"], documents)
    write_table(new / "actors.csv", fields_of["actors"], actors)
    write_table(new / "mentions.csv", fields_of["mentions"], mentions)
    write_table(new / "utterances.csv", fields_of["utterances"], list(utterances.values()))
    write_table(new / "statements.csv", fields_of["statements"], statements + new_renderings)
    write_table(new / "comparisons.csv", fields_of["comparisons"], comparisons)
    if codings_fields:
        write_table(new / "codings.csv", codings_fields, recoded)
    descriptor_text = json.dumps(new_descriptor, ensure_ascii=False, indent=2) + "\n"
    (new / "datapackage.json").write_text(descriptor_text, encoding="utf-8")
    return {
        "renderings": len(statements) + len(new_renderings),
        "utterances": len(utterances),
        "documents": len(documents),
        "comparisons": len(comparisons),
        "mentions": len(mentions),
    }


def _clip(relation: str) -> str:
    return relation if relation in VOCABULARY_ADDITIONS["rendering_relation"] else "different"


def _document_kind(account: dict) -> str:
    nature, directness = account.get("outlet_nature", ""), account.get("directness", "")
    if nature == "blog":
        return "blog_copy"
    if nature in {"aggregator", "state_media_aggregator"} or directness == "copy":
        return "aggregator_copy"
    if directness == "transcript":
        return "transcript"
    return "news_article"


def _outlet_actor(name: str, nature: str, actors: list[dict], actor_ids: set[str], role: str = "Outlet of a rendering in the corpus") -> str:
    """The actor id of an outlet named ``name``, adding an actor when none has that name."""
    clean = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    for a in actors:
        if a["name"].lower() in {name.lower(), clean.lower()} or a["actor_id"] == slug(clean):
            if nature and not a.get("outlet_nature"):
                a["outlet_nature"] = nature
            return a["actor_id"]
    actor_id = slug(clean)
    while actor_id in actor_ids:
        actor_id += "_outlet"
    actor_ids.add(actor_id)
    actors.append({"actor_id": actor_id, "name": name, "kind": "media", "country_iso3": "", "role": role, "outlet_nature": nature})
    return actor_id


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.dataset.migrate", description=__doc__.splitlines()[0])
    parser.add_argument("old_dir", help="a data package of version 1.1 (its folder)")
    parser.add_argument("new_dir", help="an empty or missing folder for the 2.0 package")
    parser.add_argument("--accessed", default="", help="the day the accounts' pages were read (YYYY-MM-DD), for documents.accessed")
    args = parser.parse_args(argv)
    counts = migrate(args.old_dir, args.new_dir, accessed=args.accessed)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
