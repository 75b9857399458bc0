"""The 2.0 descriptor built from a 1.1 one (the schema half of :mod:`helpers.maintenance.migrate`)."""

from __future__ import annotations

import copy
from collections import OrderedDict

__all__ = ["DATE", "ID", "VOCABULARY_ADDITIONS", "descriptor_2_0", "old_fields"]

ID = "^[a-z0-9][a-z0-9_]*$"
DATE = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9](\\+|-)[0-9]{2}:[0-9]{2})?)?)?$"


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


