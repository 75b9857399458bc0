"""The curator tools' part for the tables of data 2.0: an actor's mention, a rendering's utterance.

Called by :func:`helpers.curation.curate.annotate`; every write goes through its locked, journalled path
(:func:`helpers.curation.writes.apply`), and ``dry_run`` writes nothing.
"""

from __future__ import annotations

from pathlib import Path

from helpers.curation.journal import history, locked, undo
from helpers.curation.rows import _appended, _documents, _records, _resource, _rows
from helpers.curation.writes import Draft, _append_row, verdict

__all__ = ["annotate_actor", "annotate_rendering", "columns_of", "resource_names"]


def resource_names(descriptor: dict) -> set[str]:
    return {r.get("name") for r in descriptor.get("resources", []) if isinstance(r, dict)}


def annotate_actor(data_dir: Path, descriptor: dict, resource: dict, fields: dict[str, str], span: dict[str, str], *,
                   dry_run: bool = False) -> dict[str, str]:
    """Data 2.0: an actor has no span; append the actor, then its mention (actor, document, span) in ``mentions``.

    With ``dry_run`` only the actor row is judged (its mention follows from it and the span, which was located)."""
    row = _append_row(data_dir, "actors", fields, descriptor, resource, dry_run=dry_run)
    if dry_run:
        return row
    mentions = _resource(data_dir, "mentions", descriptor)
    mention_id = f"{row['actor_id']}_in_{span['document_id']}"
    taken = {r.get("mention_id") for r in _rows(data_dir, mentions)}
    n = 2
    while mention_id in taken:
        mention_id, n = f"{row['actor_id']}_in_{span['document_id']}_{n}", n + 1
    _append_row(data_dir, "mentions", {"mention_id": mention_id, "actor_id": row["actor_id"], **span}, descriptor, mentions,
                command=f"annotate mentions {mention_id} at {span['char_start']}:{span['char_end']}")
    return row


def annotate_rendering(data_dir: Path, descriptor: dict, resource: dict, fields: dict[str, str], *,
                       dry_run: bool = False) -> dict[str, str]:
    """Data 2.0: a statement row is a rendering of an utterance. Without ``utterance_id`` (or with one not yet
    in ``utterances``) the utterance is created first from the rendering's own fields (its wording: the evidence,
    ``rendered_only``); if the rendering is then refused, the utterance is taken back."""
    utterances = _resource(data_dir, "utterances", descriptor)
    utterance_id = fields.get("utterance_id") or fields.get("statement_id", "")
    fields["utterance_id"] = utterance_id
    existing = {r.get("utterance_id") for r in _rows(data_dir, utterances)}
    command = f"annotate statements {fields.get('statement_id', '')} at {fields.get('char_start')}:{fields.get('char_end')}"
    if utterance_id in existing:
        return _append_row(data_dir, "statements", fields, descriptor, resource, dry_run=dry_run, command=command)
    language = next((d.get("language", "") for d in _documents(data_dir) if d.get("document_id") == fields["document_id"]), "")
    answered = next((r for r in _rows(data_dir, resource) if r.get("statement_id") == fields.get("responds_to_id")), {})
    utterance = {
        "utterance_id": utterance_id, "speaker_id": fields.get("speaker_id", ""), "date": fields.get("date", ""),
        "date_precision": fields.get("date_precision", ""), "date_basis": fields.get("date_basis", ""),
        "wording": fields.get("evidence", ""), "wording_language": language, "wording_source": "rendered_only",
        "wording_document_id": fields["document_id"], "topic_id": fields.get("topic_id", ""), "stance": fields.get("stance", ""),
        "response": fields.get("response", ""), "responds_to_utterance_id": answered.get("utterance_id", ""),
        "target_id": fields.get("target_id", ""), "summary": fields.get("summary", ""),
    }
    utterance = {k: v for k, v in utterance.items() if k in columns_of(utterances)}
    if dry_run:  # judge the package with both rows, write nothing
        utterance_row = _append_row(data_dir, "utterances", utterance, descriptor, utterances, dry_run=True)
        with locked(data_dir):
            records = _records(data_dir, resource)
            row = {name: str(fields.get(name, "")) for name in records[0]}
            changes = {utterances["path"]: _appended(data_dir, utterances, _records(data_dir, utterances), utterance_row),
                       resource["path"]: _appended(data_dir, resource, records, row)}
            return Draft(row, verdict(data_dir, changes))
    _append_row(data_dir, "utterances", utterance, descriptor, utterances, command=f"add utterances {utterance_id} (for a rendering)")
    try:
        return _append_row(data_dir, "statements", fields, descriptor, resource, command=command)
    except BaseException:  # the rendering was refused: take the utterance back (the journal's newest entry, if still ours)
        with locked(data_dir):
            done = history(data_dir)
            if done and done[0]["command"] == f"add utterances {utterance_id} (for a rendering)":
                undo(data_dir, _locked=True)
        raise


def columns_of(resource: dict) -> list[str]:
    return [f["name"] for f in resource["schema"]["fields"]]
