"""PLOVER-style JSONL event records, through the package's CAMEO/PLOVER crosswalk.

One JSON record per line, one per **utterance** (data 2.0: what was said once; its renderings, a
caption, a standfirst, another outlet's report, are listed in ``renderings``), with the field names of the
PLOVER manual's data-fields chapter (``id``, ``date``, ``enddate``, ``actor``,
``recipient``, ``event``, ``mode``, ``event_text``, ``text_info``,
``cite_info``, ``has_event``, ``comment``) plus ``cameo_code``.

- A statement whose ``response`` has a PLOVER category in the crosswalk table
  (``data/event_crosswalk.csv``) is an event: ``has_event`` true, ``actor`` its
  speaker, ``recipient`` the speaker of the statement it answers.
- Every other statement is listed with ``has_event`` false, ``event`` empty and
  the reason in ``comment`` (a response label with no counterpart, or no response
  at all: a stance on a topic is a comment, and PLOVER drops CAMEO's comment
  families 01 and 02). Nothing is forced into a code.
- The link itself, *this* statement answers *that* one, has no field in PLOVER
  (``recipient`` is an actor, ``link`` groups related events without direction or
  kind) nor in CAMEO: every record of a response carries it in
  ``not_expressible`` so it is listed, not lost.

Dates are PLOVER's ``YYYY-MM-DD``: a month-precise date becomes ``date`` (first
day) and ``enddate`` (last day), with ``date_precision`` kept; a statement with no
date has ``date`` null. ``cite_info.version`` is the dataset version. The article
text itself is not copied into ``text`` (the manual reserves it for providers with
the rights to the text); ``event_text`` holds the evidence quote.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers.dataset.dates import day_bounds
from helpers.export._package import RESPONSE_LINKS, Package, atomic_file

__all__ = ["NO_RESPONSE_REASON", "crosswalk", "records", "to_plover"]

CROSSWALK = "event_crosswalk"
PLOVER_CODEBOOK = "PLOVER manual DRAFT Version 2.0 (openeventdata/PLOVER), via the package's event_crosswalk table"
NO_RESPONSE_REASON = ("no response to another statement: a stance on a topic is a comment, and PLOVER drops CAMEO's comment "
                      "families 01 and 02 (PLOVER manual, 'CAMEO to PLOVER translation')")
LINK_REASON = ("PLOVER and CAMEO code an act between actors; neither has a field for the statement an act answers "
               "(recipient is an actor, link groups events without direction or kind)")


def crosswalk(package: Package) -> dict[str, dict[str, str]]:
    """The crosswalk table keyed by response label (empty when the package has none)."""
    return {row["response"]: row for row in package.rows.get(CROSSWALK, [])}


def _period(date: str, precision: str) -> tuple[str | None, str | None]:
    """First and last day of a date at its precision, as PLOVER's YYYY-MM-DD (``None`` when undated).

    >>> _period("2024-11", "month")
    ('2024-11-01', '2024-11-30')
    """
    return day_bounds(date, precision) if date else (None, None)


#: CAMEO sector codes appended to a country code for actors that do not speak for their state (CAMEO manual,
#: actor codebook: MED media, BUS business, ELI elites, e.g. experts and politicians out of office).
SECTOR = {"media": "MED", "organisation": "BUS", "person": "ELI", "anonymous_source": "ELI"}


def actor_code(actor: dict) -> str | None:
    """The CAMEO-style code of an actor: a state only through ``speaks_for`` (codebook A8), never through where it is from.

    A country is its ISO code; a government, official or spokesman of a state is that state's code with ``GOV``;
    an outlet, company, expert or would-be government is its country with its sector (``FRAMED`` for a French
    newspaper), so Le Monde is never coded as France. ``None`` without a country.

    >>> actor_code({"kind": "media", "country_iso3": "FRA", "speaks_for": ""})
    'FRAMED'
    >>> actor_code({"kind": "person", "country_iso3": "RUS", "speaks_for": "russia"})
    'RUSGOV'
    >>> actor_code({"kind": "country", "country_iso3": "FRA", "speaks_for": "france"})
    'FRA'
    """
    iso = actor.get("country_iso3") or ""
    if not iso:
        return None
    if actor.get("kind") in ("country", "country_group"):
        return iso
    if actor.get("speaks_for"):
        return iso + "GOV"
    return iso + SECTOR.get(actor.get("kind", ""), "")


def _entity(package: Package, actor_id: str) -> dict:
    actor = next((a for a in package.rows.get("actors", []) if a["actor_id"] == actor_id), None)
    if actor is None:
        return {"identifier_text": actor_id}
    out = {"code": actor_code(actor), "entity_text": actor.get("evidence") or actor.get("name"),
           "identifier_text": actor.get("name"), "actor_id": actor_id}
    return out


def _counted(rows: list[dict]) -> list[tuple[dict, list[dict]]]:
    """Each utterance's standing rendering (the one named like the utterance, else its first) with all its renderings, in file order."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row.get("utterance_id") or row["statement_id"], []).append(row)
    out = []
    for utterance, renderings in groups.items():
        standing = next((r for r in renderings if r["statement_id"] == utterance), renderings[0])
        out.append((standing, renderings))
    return out


def records(package: Package) -> list[dict]:
    """One PLOVER-style record per utterance (its standing rendering's coding, every rendering listed), in file order."""
    table = "statements"
    by_id = {row["statement_id"]: row for row in package.rows.get(table, [])}
    cw = crosswalk(package)
    documents = {d["document_id"]: d for d in package.rows.get("documents", [])}
    utterances = {u["utterance_id"]: u for u in package.rows.get("utterances", [])}
    out = []
    for row, renderings in _counted(package.rows.get(table, [])):
        response = row.get("response", "")
        entry = cw.get(response) if response else None
        date, enddate = _period(row.get("date", ""), row.get("date_precision", ""))
        doc = documents.get(row["document_id"], {})
        record: dict = {
            "id": row["statement_id"],
            "has_event": bool(entry and entry["plover_event"]),
            "date": date,
            "enddate": enddate,
            "date_precision": row.get("date_precision") or None,
            "actor": [_entity(package, row["speaker_id"])],
            "recipient": [],
            "event": [entry["plover_event"]] if entry and entry["plover_event"] else [],
            "mode": [entry["plover_mode"]] if entry and entry["plover_mode"] else [],
            "context": [],
            "cameo_code": (entry or {}).get("cameo_code") or None,
            "event_text": [row["evidence"]],
            "text_info": {"start": int(row["char_start"]), "end": int(row["char_end"])} if row.get("char_start") else {},
            "utterance_id": row.get("utterance_id") or row["statement_id"],
            "renderings": [{"statement_id": r["statement_id"], "document_id": r["document_id"], "evidence": r.get("evidence") or None,
                            "response": r.get("response") or None, "rendering_verb": r.get("rendering_verb") or None}
                           for r in renderings],
            # what the speaker said, on the best evidence (the record's event codes the standing rendering, as the text gives it)
            "as_said": {k: (utterances.get(row.get("utterance_id", ""), {}).get(k) or None)
                        for k in ("response", "stance", "wording", "wording_source")},
            "cite_info": {"corpus": package.name, "citation": package.citation(table, row["statement_id"]),
                          "title": doc.get("title"), "language": doc.get("language"),
                          "license": package.licence.get("name"), "codebook": PLOVER_CODEBOOK, "version": package.version,
                          "document_id": row["document_id"]},
        }
        for link_column, kind_column in RESPONSE_LINKS.items():
            answered = by_id.get(row.get(link_column, ""))
            if answered is not None:
                record["recipient"] = [_entity(package, answered["speaker_id"])]
                record["not_expressible"] = {"field": link_column, "statement_id": row[link_column],
                                             kind_column: row[kind_column], "why": LINK_REASON}
        if not response:
            record["comment"] = f"not an event: {NO_RESPONSE_REASON}"
        elif entry is None:
            record["comment"] = f"not an event: response {response!r} has no row in the {CROSSWALK} table"
        elif not entry["plover_event"]:
            record["comment"] = f"not an event: response {response!r} has no PLOVER counterpart ({entry['rationale']})"
        else:
            record["comment"] = f"{entry['mapping']}: {entry['rationale']}"
        out.append(record)
    return out


def to_plover(package: Package, out: str | Path) -> Path:
    """Export the utterances as PLOVER-style JSONL at ``out`` (one record per line, renderings listed)."""
    out = Path(out)
    lines = [json.dumps(r, ensure_ascii=False) for r in records(package)]
    atomic_file(out, "".join(line + "\n" for line in lines).encode("utf-8"))  # no record: an empty file, not one blank line
    return out
