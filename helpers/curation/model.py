"""The curator tools' part for the tables of data 2.0: an actor's mention, a rendering's utterance.

Called by :func:`helpers.curation.curate.annotate`, which passes itself as ``tools`` (no import circle); every
write goes through its locked, atomic path.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

__all__ = ["annotate_actor", "annotate_rendering", "columns_of", "resource_names"]


def resource_names(descriptor: dict) -> set[str]:
    return {r.get("name") for r in descriptor.get("resources", []) if isinstance(r, dict)}


def annotate_actor(tools: ModuleType, data_dir: Path, descriptor: dict, resource: dict, fields: dict[str, str],
                   span: dict[str, str]) -> dict[str, str]:
    """Data 2.0: an actor has no span; append the actor, then its mention (actor, document, span) in ``mentions``."""
    row = tools._append_row(data_dir, "actors", fields, descriptor, resource)
    mentions = tools._resource(data_dir, "mentions", descriptor)
    mention_id = f"{row['actor_id']}_in_{span['document_id']}"
    taken = {r.get("mention_id") for r in tools._rows(data_dir, mentions)}
    n = 2
    while mention_id in taken:
        mention_id, n = f"{row['actor_id']}_in_{span['document_id']}_{n}", n + 1
    tools._append_row(data_dir, "mentions", {"mention_id": mention_id, "actor_id": row["actor_id"], **span}, descriptor, mentions)
    return row


def annotate_rendering(tools: ModuleType, data_dir: Path, descriptor: dict, resource: dict, fields: dict[str, str]) -> dict[str, str]:
    """Data 2.0: a statement row is a rendering of an utterance. Without ``utterance_id`` (or with one not yet
    in ``utterances``) the utterance is created first from the rendering's own fields (its wording: the evidence,
    ``rendered_only``); if the rendering is then refused, the utterance is taken back."""
    utterances = tools._resource(data_dir, "utterances", descriptor)
    utterance_id = fields.get("utterance_id") or fields.get("statement_id", "")
    fields["utterance_id"] = utterance_id
    existing = {r.get("utterance_id") for r in tools._rows(data_dir, utterances)}
    if utterance_id in existing:
        return tools._append_row(data_dir, "statements", fields, descriptor, resource)
    language = next((d.get("language", "") for d in tools._documents(data_dir) if d.get("document_id") == fields["document_id"]), "")
    answered = next((r for r in tools._rows(data_dir, resource) if r.get("statement_id") == fields.get("responds_to_id")), {})
    utterance = {
        "utterance_id": utterance_id, "speaker_id": fields.get("speaker_id", ""), "date": fields.get("date", ""),
        "date_precision": fields.get("date_precision", ""), "date_basis": fields.get("date_basis", ""),
        "wording": fields.get("evidence", ""), "wording_language": language, "wording_source": "rendered_only",
        "wording_document_id": fields["document_id"], "topic_id": fields.get("topic_id", ""), "stance": fields.get("stance", ""),
        "response": fields.get("response", ""), "responds_to_utterance_id": answered.get("utterance_id", ""),
        "target_id": fields.get("target_id", ""), "summary": fields.get("summary", ""),
    }
    path = data_dir / utterances["path"]
    before = path.read_bytes()
    tools._append_row(data_dir, "utterances", {k: v for k, v in utterance.items() if k in columns_of(utterances)}, descriptor, utterances)
    try:
        return tools._append_row(data_dir, "statements", fields, descriptor, resource)
    except BaseException:
        with tools._locked(data_dir):
            tools._replace_atomically(path, before)
        raise


def columns_of(resource: dict) -> list[str]:
    return [f["name"] for f in resource["schema"]["fields"]]
