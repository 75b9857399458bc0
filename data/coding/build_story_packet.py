"""Build the blind second coder's packet for the story tables and the accounts' stance and response (issue 22).

    python data/coding/build_story_packet.py /work/staging/packets/22

Writes, in the packet folder (outside the repository), only what a blind coder may see: the source
text, CODEBOOK.md, INSTRUCTIONS.md (story_second_coder_instructions.md), sentences.csv (s01…: the
text cut into sentences, with spans), actors.csv, topics.csv, vocabularies.csv, statements.csv (the
released statements as units st01…, with the double-coded speaker, intermediary and mode, never a
story label), events.csv (ev01…, label, kind and date), claims.csv (c01…: the proposition and its
role, never its span), units.csv (every unit to code, with what defines it), variables.csv and two
answer files: answers_template.csv (one empty row per unit and variable) and voices_template.csv
(free rows: the voices are found by the coder, rule V0). The first coding is never in the packet.

Writes data/coding/story_units.csv: the map from neutral ids to real ids, which stays in the repo.

Units:
- ``claim`` (c01…): `first_met`, the sentence where the reader first meets the proposition (C2).
- ``sourcing`` (one per counted statement): `sourcing` (C5).
- ``claim_statement`` (every counted statement x every claim): `relation` (C4; empty = no bearing).
- ``framing`` (f001…): candidate words, the curator's terms mixed with every attribution verb and other
  candidates from the text: `is_term`, `kind`, `use`, `speaker_id`, `statement` (F1-F4).
- ``event_pair`` (every unordered pair of events): `order` and `basis`, from the text's words or a
  response only (E1 `text`, `response`).
- ``account`` (every account row that found an account): `response`, `stance` the account supports (§11).
"""

from __future__ import annotations

import csv
import itertools
import json
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
DOC = "000_212c296293ee434c"

VARIABLES = {
    "claim": ["first_met"],
    "sourcing": ["sourcing"],
    "claim_statement": ["relation"],
    "framing": ["is_term", "kind", "use", "speaker_id", "statement"],
    "event_pair": ["order", "basis"],
    "account": ["response", "stance"],
}

# Candidate framing words that are not in framing_terms.csv when the packet is built (found in the text by
# these phrases, first occurrence after the offset given): every attribution verb and other words a coder
# could take for framing. Mixed with the curator's terms so that the candidate list does not reveal them.
DECOYS = [
    ("said", 0), ("Credit", 0), ("stating", 0), ("remarked", 0), ("According to", 0), ("reignited", 0),
    ("raised concerns", 0), ("highlighted", 0), ("refused to rule out", 0), ("despite", 0), ("marking", 0),
    ("told", 1200), ("stressed", 0), ("left open", 0), ("aligning with", 0), ("no decision has been made", 0),
    ("reported", 1722), ("state-controlled", 0), ("no agreement has been finalized", 0), ("announced", 0),
    ("permitting", 0), ("ramps up", 0), ("prompting", 0), ("more reserved", 0), ("no public reports", 0),
    ("called for", 0), ("precondition", 0), ("suggests", 0), ("told", 3000), ("gun barrel", 0),
    ("suggested", 3300), ("aggression", 0), ("hedgehog", 0), ("tripwire", 0), ("scaling back", 0),
    ("poised", 0), ("faced resistance", 0),
]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows({h: r.get(h, "") for h in header} for r in rows)


def text() -> str:
    with (DATA / "sources" / f"{DOC}.txt").open(encoding="utf-8", newline="") as f:
        return f.read()


def sentences(source: str) -> list[dict[str, str]]:
    """The text cut into sentences: at line ends, and after . ? ! (or a closing quote after one) before a capital."""
    out, start = [], 0
    cuts = [m.end() for m in re.finditer(r"\n", source)] + [m.end() for m in re.finditer(r"[.?!][”’]?(?= [A-Z“‘])", source)]
    for cut in [*sorted(set(cuts)), len(source)]:
        piece = source[start:cut]
        lead = len(piece) - len(piece.lstrip())
        body = piece.strip()
        if body:
            a = start + lead
            out.append({"char_start": a, "char_end": a + len(body), "text": body})
        start = cut
    for i, s in enumerate(out, start=1):
        s["sentence_id"] = f"s{i:02d}"
    return out


def sentence_of(sents: list[dict], offset: int) -> str:
    return next(s["sentence_id"] for s in sents if s["char_start"] <= offset < s["char_end"])


def units(source: str) -> dict[str, list[dict]]:
    """Every unit with its neutral id and its real key; deterministic (text order)."""
    statements = sorted(_read(DATA / "statements.csv"), key=lambda r: (int(r["char_start"]), int(r["char_end"])))
    st = {r["statement_id"]: f"st{i:02d}" for i, r in enumerate(statements, start=1)}
    counted = [r for r in statements if not r.get("repeats_id")]
    claims = _read(DATA / "claims.csv")
    claims.sort(key=lambda r: r["label"])  # not by span: the span is under test (C2)
    cl = {r["claim_id"]: f"c{i:02d}" for i, r in enumerate(claims, start=1)}
    events = sorted(_read(DATA / "events.csv"), key=lambda r: (r["date"], r["event_id"]))
    ev = {r["event_id"]: f"ev{i:02d}" for i, r in enumerate(events, start=1)}

    out: dict[str, list[dict]] = {k: [] for k in VARIABLES}
    for r in claims:
        out["claim"].append({"unit_id": cl[r["claim_id"]], "real_id": r["claim_id"]})
    for r in counted:
        out["sourcing"].append({"unit_id": f"so_{st[r['statement_id']]}", "real_id": r["statement_id"], "statement": st[r["statement_id"]]})
    n = 0
    for r in counted:
        for c in claims:
            n += 1
            out["claim_statement"].append({"unit_id": f"cs{n:03d}", "real_id": f"{c['claim_id']}|{r['statement_id']}",
                                           "statement": st[r["statement_id"]], "claim": cl[c["claim_id"]]})
    cands = []
    for r in _read(DATA / "framing_terms.csv"):
        # the term's own words inside its evidence (the evidence span is the curator's and would mark the unit)
        a = int(r["char_start"]) + r["evidence"].index(r["term"])
        cands.append({"real_id": r["term_id"], "char_start": a, "char_end": a + len(r["term"])})
    taken = {(c["char_start"], c["char_end"]) for c in cands}
    for phrase, after in DECOYS:
        a = source.index(phrase, after)
        if (a, a + len(phrase)) in taken:
            continue
        # a decoy inside a curator term's span would point at it; skip it
        if any(c["char_start"] <= a < c["char_end"] for c in cands):
            continue
        taken.add((a, a + len(phrase)))
        cands.append({"real_id": "", "char_start": a, "char_end": a + len(phrase)})
    cands.sort(key=lambda c: (c["char_start"], c["char_end"]))
    for i, c in enumerate(cands, start=1):
        c["unit_id"] = f"f{i:03d}"
        c["words"] = source[c["char_start"]:c["char_end"]]
        c["real_id"] = c["real_id"] or f"candidate_{c['char_start']}_{c['char_end']}"
    out["framing"] = cands
    for i, (a, b) in enumerate(itertools.combinations(events, 2), start=1):
        out["event_pair"].append({"unit_id": f"ep{i:03d}", "real_id": f"{a['event_id']}|{b['event_id']}", "first": ev[a["event_id"]],
                                  "second": ev[b["event_id"]]})
    accounts = [r for r in _read(DATA / "accounts.csv") if r["relation"] != "no_other_account"]
    for i, r in enumerate(accounts, start=1):
        out["account"].append({"unit_id": f"a{i:02d}", "real_id": r["account_id"], "statement": st[r["statement_id"]], "row": r})
    out["_maps"] = [{"st": st, "cl": cl, "ev": ev, "statements": statements, "claims": claims, "events": events}]
    return out


def build(packet: Path) -> None:
    source = text()
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    packet.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DATA / "sources" / f"{DOC}.txt", packet / f"{DOC}.txt")
    shutil.copyfile(DATA / "CODEBOOK.md", packet / "CODEBOOK.md")
    shutil.copyfile(HERE / "story_second_coder_instructions.md", packet / "INSTRUCTIONS.md")
    shutil.copyfile(DATA / "topics.csv", packet / "topics.csv")
    sents = sentences(source)
    _write(packet / "sentences.csv", ["sentence_id", "char_start", "char_end", "text"], sents)
    u = units(source)
    maps = u.pop("_maps")[0]
    st, cl, ev = maps["st"], maps["cl"], maps["ev"]
    _write(packet / "actors.csv", ["actor_id", "name", "kind", "country_iso3"], _read(DATA / "actors.csv"))
    vocab_rows = [{"vocabulary": name, "value": value, "definition": t}
                  for name, terms in descriptor["vocabularies"].items() for value, t in terms.items()]
    _write(packet / "vocabularies.csv", ["vocabulary", "value", "definition"], vocab_rows)
    srows = [{"statement": st[r["statement_id"]], "counted": "no" if r.get("repeats_id") else "yes",
              "repeats": st[r["repeats_id"]] if r.get("repeats_id") else "", "speaker_id": r["speaker_id"],
              "reported_via_id": r["reported_via_id"], "responds_to": st[r["responds_to_id"]] if r["responds_to_id"] else "",
              "mode": r["mode"], "topic_id": r["topic_id"], "sentence": sentence_of(sents, int(r["char_start"])),
              "char_start": r["char_start"], "char_end": r["char_end"], "evidence": r["evidence"]} for r in maps["statements"]]
    _write(packet / "statements.csv", list(srows[0]), srows)
    _write(packet / "events.csv", ["event", "label", "kind", "date", "date_precision"],
           [{"event": ev[r["event_id"]], **r} for r in maps["events"]])
    _write(packet / "claims.csv", ["claim", "label", "role_in_story"], [{"claim": cl[r["claim_id"]], **r} for r in maps["claims"]])

    rows = []
    for x in u["claim"]:
        rows.append({"unit_id": x["unit_id"], "table": "claim", "claim": x["unit_id"]})
    for x in u["sourcing"]:
        rows.append({"unit_id": x["unit_id"], "table": "sourcing", "statement": x["statement"]})
    for x in u["claim_statement"]:
        rows.append({"unit_id": x["unit_id"], "table": "claim_statement", "statement": x["statement"], "claim": x["claim"]})
    for x in u["framing"]:
        rows.append({"unit_id": x["unit_id"], "table": "framing", "char_start": x["char_start"], "char_end": x["char_end"],
                     "words": x["words"], "sentence": sentence_of(sents, x["char_start"])})
    for x in u["event_pair"]:
        rows.append({"unit_id": x["unit_id"], "table": "event_pair", "event_1": x["first"], "event_2": x["second"]})
    for x in u["account"]:
        r = x["row"]
        rows.append({"unit_id": x["unit_id"], "table": "account", "statement": x["statement"], "outlet": r["outlet"],
                     "relays": r["relays"], "directness": r["directness"], "language": r["language"], "date": r["date"],
                     "account_says": r["says"], "account_words_quoted": r["quoted"]})
    header = ["unit_id", "table", "claim", "statement", "char_start", "char_end", "words", "sentence", "event_1", "event_2", "outlet",
              "relays", "directness", "language", "date", "account_says", "account_words_quoted"]
    _write(packet / "units.csv", header, rows)
    _write(HERE / "story_units.csv", ["unit_id", "unit_table", "real_id"],
           [{"unit_id": x["unit_id"], "unit_table": t, "real_id": x["real_id"]} for t, xs in u.items() for x in xs])
    vocab = descriptor["vocabularies"]
    actor = "an actor_id from actors.csv"
    allowed = {
        ("claim", "first_met"): "a sentence_id from sentences.csv (C2: where the reader first meets the proposition, in any rendering)",
        ("sourcing", "sourcing"): " | ".join(vocab["sourcing"]),
        ("claim_statement", "relation"): " | ".join(vocab["claim_relation"]) + " | empty (the statement does not bear on the claim)",
        ("framing", "is_term"): "yes | no (F1)",
        ("framing", "kind"): " | ".join(vocab["framing_kind"]) + " (empty when is_term = no)",
        ("framing", "use"): " | ".join(vocab["framing_use"]) + " (empty when is_term = no)",
        ("framing", "speaker_id"): actor + " (whose word it is, F3; this_article outside quotation marks; empty when is_term = no)",
        ("framing", "statement"): "a statement unit (st..) the term colours, or empty (F3)",
        ("event_pair", "order"): "event_1_first | event_2_first | none (from the text's words or a response only; not from dates)",
        ("event_pair", "basis"): "text | response (E1; empty when order = none)",
        ("account", "response"): " | ".join(vocab["response"]) + " | empty: the response this account supports for the speaker",
        ("account", "stance"): " | ".join(vocab["stance"]) + ": the stance this account supports for the speaker",
    }
    _write(packet / "variables.csv", ["table", "variable", "allowed_values"],
           [{"table": t, "variable": v, "allowed_values": allowed[(t, v)]} for t, vs in VARIABLES.items() for v in vs])
    _write(packet / "answers_template.csv", ["unit_id", "variable", "value", "note"],
           [{"unit_id": r["unit_id"], "variable": v} for r in rows for v in VARIABLES[r["table"]]])
    _write(packet / "voices_template.csv", ["claim", "party", "role", "presence", "note"], [])
    _write(packet / "framing_extra_template.csv", ["char_start", "char_end", "words", "kind", "use", "speaker_id", "statement", "note"], [])


if __name__ == "__main__":
    build(Path(sys.argv[1]))
