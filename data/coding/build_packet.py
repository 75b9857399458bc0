"""Build the blind second coder's packet (issue 9) and the unit map that stays in the repo.

    .venv/bin/python data/coding/build_packet.py /work/blind/packet

Writes, in the packet folder (outside the repository): the source text, CODEBOOK.md,
INSTRUCTIONS.md (a copy of second_coder_instructions.md), units.csv (neutral unit ids
u001…, the unit's span and what defines it, never a label or a real id), actors.csv (ids,
names and defining spans), topics.csv, variables.csv (what to code per table, with the
allowed values) and an empty answers_template.csv. Writes data/coding/units.csv: the map
from neutral unit ids to real ids, which the packet never contains.

Position units include the candidate positions that version 1.0.0 coded and 1.1.0 removed
(read from rejected_positions.csv), so that the rule "may a position be coded at all" is
measured too: the coder answers `exists` yes or no for every candidate.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
DOC = "000_212c296293ee434c"

# The words that name the actor of each position candidate (what defines the unit with its topic and span).
MENTIONS = {
    "russia_troops": "Kremlin spokesman Dmitry Peskov", "russia_uk_france_talks": "The Kremlin",
    "russia_long_range_strikes": "Moscow’s ambassador", "uk_uk_france_talks": "Britain", "uk_troops": "Britain",
    "uk_private_contractors": "Britain", "france_troops": "French Foreign Minister Jean-Noël Barrot",
    "france_uk_france_talks": "France", "france_long_range_strikes": "France",
    "france_private_contractors": "Défense Conseil International (DCI), a state-controlled French entity",
    "germany_troops": "Germany", "us_private_contractors": "U.S. policy", "trump_team_peace_settlement": "Trump’s proposed “peace plan”",
    "ukraine_security_guarantees": "Ukrainian President Volodymyr Zelensky",
    "uk_european_defence": "A British military source", "uk_long_range_strikes": "Britain’s Storm Shadow missiles",
    "us_us_support": "A Trump team official", "us_troops": "A Trump team official",
    "us_long_range_strikes": "U.S.-supplied atomic missiles", "ukraine_long_range_strikes": "Ukraine ramps up",
    "europeans_troops": "many European capitals", "poland_training": "in Poland", "france_training": "France provides such training",
}

VARIABLES = {
    "statement": ["speaker_id", "reported_via_id", "responds_to", "response", "repeats", "mode", "topic_id", "stance", "target_id",
                  "date", "date_precision", "date_basis"],
    "position": ["exists", "actor_id", "stance", "basis", "statement"],
    "event": ["kind", "date", "date_precision", "date_basis"],
    "weapons_system": ["category", "supplier_iso3", "status_in_article"],
}
TABLE = {"statement": "statements", "position": "country_positions", "event": "events", "weapons_system": "weapons_systems"}
# The data column each coded variable is compared with (unit references are mapped back to real ids).
COLUMN = {"responds_to": "responds_to_id", "repeats": "utterance_id", "statement": "statement_id"}  # 2.0: repeats_id became utterance_id


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows({h: r.get(h, "") for h in header} for r in rows)


def units() -> list[dict[str, str]]:
    """Every unit, in text order within its table, with its neutral id."""
    out: list[dict[str, str]] = []
    statements = sorted(_read(DATA / "statements.csv"), key=lambda r: (int(r["char_start"]), int(r["char_end"])))
    for r in statements:
        out.append({"unit_table": "statement", "real_id": r["statement_id"], "char_start": r["char_start"], "char_end": r["char_end"],
                    "evidence": r["evidence"]})
    positions = _read(DATA / "country_positions.csv") + _read(HERE / "rejected_positions.csv")
    for r in sorted(positions, key=lambda r: (int(r["char_start"]), r["topic_id"], MENTIONS[r["position_id"]])):
        out.append({"unit_table": "position", "real_id": r["position_id"], "char_start": r["char_start"], "char_end": r["char_end"],
                    "evidence": r["evidence"], "actor_mention": MENTIONS[r["position_id"]], "topic_id": r["topic_id"]})
    for r in sorted(_read(DATA / "events.csv"), key=lambda r: int(r["char_start"])):
        out.append({"unit_table": "event", "real_id": r["event_id"], "char_start": r["char_start"], "char_end": r["char_end"],
                    "evidence": r["evidence"], "label": r["label"]})
    for r in sorted(_read(DATA / "weapons_systems.csv"), key=lambda r: int(r["char_start"])):
        out.append({"unit_table": "weapons_system", "real_id": r["system_id"], "char_start": r["char_start"], "char_end": r["char_end"],
                    "evidence": r["evidence"], "surface_form": r["surface_form"]})
    for i, u in enumerate(out, start=1):
        u["unit_id"] = f"u{i:03d}"
    return out


def variables(descriptor: dict) -> list[dict[str, str]]:
    vocab = descriptor["vocabularies"]
    topics = [r["topic_id"] for r in _read(DATA / "topics.csv")]
    kinds = next(f for r in descriptor["resources"] if r["name"] == "events" for f in r["schema"]["fields"] if f["name"] == "kind")
    weapons = {f["name"]: f for r in descriptor["resources"] if r["name"] == "weapons_systems" for f in r["schema"]["fields"]}
    actor = "an actor_id from actors.csv, or empty for none"
    unit = "a statement unit id (u…) from units.csv, or empty for none"
    iso = "an ISO date at its precision (YYYY, YYYY-MM or YYYY-MM-DD)"
    date = iso + ", or empty when the codebook gives the unit no date"
    allowed = {
        ("statement", "speaker_id"): "an actor_id from actors.csv (required)",
        ("statement", "reported_via_id"): actor, ("statement", "responds_to"): unit,
        ("statement", "response"): " | ".join(vocab["response"]) + " (empty exactly when responds_to is empty)",
        ("statement", "repeats"): unit + " (the counted row; empty when this row is the one that counts)",
        ("statement", "mode"): " | ".join(vocab["mode"]), ("statement", "topic_id"): " | ".join(topics),
        ("statement", "stance"): " | ".join(vocab["stance"]), ("statement", "target_id"): actor,
        ("statement", "date"): date, ("statement", "date_precision"): " | ".join(vocab["date_precision"]) + " (empty when no date)",
        ("statement", "date_basis"): " | ".join(vocab["date_basis"]) + " (empty when no date)",
        ("position", "exists"): "yes | no (does the codebook allow this position at all? if no, leave the other variables empty)",
        ("position", "actor_id"): "an actor_id from actors.csv: whose position it is",
        ("position", "stance"): " | ".join(vocab["stance"]), ("position", "basis"): " | ".join(vocab["basis"]),
        ("position", "statement"): unit + " (the statement whose words carry the position)",
        ("event", "kind"): " | ".join(kinds["constraints"]["enum"]), ("event", "date"): iso + " (required)",
        ("event", "date_precision"): " | ".join(vocab["date_precision"]), ("event", "date_basis"): " | ".join(vocab["date_basis"]),
        ("weapons_system", "category"): " | ".join(weapons["category"]["constraints"]["enum"]),
        ("weapons_system", "supplier_iso3"): "an ISO 3166-1 alpha-3 code (e.g. USA, GBR, FRA), or empty when the text names no supplier",
        ("weapons_system", "status_in_article"): " | ".join(weapons["status_in_article"]["constraints"]["enum"]),
    }
    return [{"table": t, "variable": v, "allowed_values": allowed[(t, v)]} for t, vs in VARIABLES.items() for v in vs]


def build(packet: Path) -> None:
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    packet.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DATA / "sources" / f"{DOC}.txt", packet / f"{DOC}.txt")
    shutil.copyfile(DATA / "CODEBOOK.md", packet / "CODEBOOK.md")
    shutil.copyfile(HERE / "second_coder_instructions.md", packet / "INSTRUCTIONS.md")
    shutil.copyfile(DATA / "topics.csv", packet / "topics.csv")
    table = units()
    _write(HERE / "units.csv", ["unit_id", "unit_table", "real_id", "char_start", "char_end", "actor_mention", "topic_id", "label",
                                "surface_form", "evidence"], table)
    _write(packet / "units.csv", ["unit_id", "table", "char_start", "char_end", "actor_mention", "topic_id", "label", "surface_form",
                                  "evidence"], [{**u, "table": u["unit_table"]} for u in table])
    actors = _read(DATA / "actors.csv")
    _write(packet / "actors.csv", ["actor_id", "name", "kind", "country_iso3", "char_start", "char_end", "evidence"], actors)
    _write(packet / "variables.csv", ["table", "variable", "allowed_values"], variables(descriptor))
    vocab_rows = [{"vocabulary": name, "value": value, "definition": text}
                  for name, terms in descriptor["vocabularies"].items() for value, text in terms.items()]
    _write(packet / "vocabularies.csv", ["vocabulary", "value", "definition"], vocab_rows)
    _write(packet / "answers_template.csv", ["unit_id", "variable", "value", "note"],
           [{"unit_id": u["unit_id"], "variable": v} for u in table for v in VARIABLES[u["unit_table"]]])


if __name__ == "__main__":
    build(Path(sys.argv[1]))
