"""Convert a data package of version 1.1 into the 2.0 model (utterances and renderings).

    python -m helpers.maintenance.migrate OLD_DIR NEW_DIR

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


from helpers.maintenance.migrate_schema import VOCABULARY_ADDITIONS, descriptor_2_0  # noqa: E402

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

    parser = argparse.ArgumentParser(prog="python -m helpers.maintenance.migrate", description=__doc__.splitlines()[0])
    parser.add_argument("old_dir", help="a data package of version 1.1 (its folder)")
    parser.add_argument("new_dir", help="an empty or missing folder for the 2.0 package")
    parser.add_argument("--accessed", default="", help="the day the accounts' pages were read (YYYY-MM-DD), for documents.accessed")
    args = parser.parse_args(argv)
    counts = migrate(args.old_dir, args.new_dir, accessed=args.accessed)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
