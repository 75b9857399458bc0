"""The PLOVER export and the CAMEO/PLOVER crosswalk it reads."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from helpers.curation.corpus import new_corpus
from helpers.dataset.paths import project_root
from helpers.export import crosswalk, read_package, records
from helpers.export._package import Package
from helpers.export.plover import NO_RESPONSE_REASON, to_plover
from tests._skips import rows_or_skip

PLOVER_CATEGORIES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
                     "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


@pytest.fixture(scope="module")
def article() -> Package:
    return read_package()


@pytest.fixture(scope="module")
def new_corpus_package(tmp_path_factory: pytest.TempPathFactory) -> Package:
    """What ``geopol-curate new-corpus`` gives a researcher (every table, no documents), whatever --data-dir says."""
    target = tmp_path_factory.mktemp("new_corpus") / "data"
    new_corpus(target, "plover-test-corpus", data_dir=project_root() / "data")
    return read_package(target)


def test_crosswalk_covers_every_response_label_and_cites_its_sources(article: Package) -> None:
    table = crosswalk(article)
    assert list(table) == list(article.descriptor["vocabularies"]["response"])
    for label, row in table.items():
        assert row["sources"].strip() and row["rationale"].strip(), label
        if row["mapping"] == "none":
            assert not row["cameo_code"] and not row["plover_event"], label  # no counterpart is said, never forced
        else:
            assert row["cameo_code"] and row["plover_event"] in PLOVER_CATEGORIES, label


def test_a_denial_is_cameo_016_and_plover_reject(article: Package) -> None:
    row = crosswalk(article)["denies"]
    assert (row["cameo_code"], row["plover_event"], row["mapping"]) == ("016", "REJECT", "documented_choice")
    assert "PLOVER" in row["sources"] and "CAMEO" in row["sources"]


def test_a_response_with_a_counterpart_is_an_event_against_the_answered_speaker(article: Package) -> None:
    statements = {s["statement_id"]: s for s in article.rows["statements"]}
    table = crosswalk(article)
    answering = [r for r in records(article) if statements[r["id"]]["responds_to_id"] in statements
                 and table.get(statements[r["id"]]["response"], {}).get("plover_event")]
    if not answering:
        pytest.skip("the package has no response with a PLOVER counterpart to a statement it holds")
    for record in answering:  # the counted row of each such utterance
        row = statements[record["id"]]
        entry = table[row["response"]]
        assert record["has_event"] is True and record["event"] == [entry["plover_event"]], record["id"]
        assert record["cameo_code"] == (entry["cameo_code"] or None), record["id"]
        assert record["actor"][0]["actor_id"] == row["speaker_id"], record["id"]
        assert record["recipient"][0]["actor_id"] == statements[row["responds_to_id"]]["speaker_id"], record["id"]
        assert (row["date"] == "") == (record["date"] is None), record["id"]  # no date is made up
        assert record["not_expressible"]["statement_id"] == row["responds_to_id"], record["id"]
        assert record["not_expressible"]["response"] == row["response"], record["id"]
        assert record["cite_info"]["version"] == article.version
        text = article.texts[record["cite_info"]["document_id"]]
        assert text[record["text_info"]["start"]:record["text_info"]["end"]] == record["event_text"][0] == row["evidence"]


def test_statements_without_counterpart_are_listed_not_coded(article: Package) -> None:
    out = records(article)
    statements = {s["statement_id"]: s for s in article.rows["statements"]}
    utterances = list(dict.fromkeys(s["utterance_id"] for s in article.rows["statements"]))
    assert [r["utterance_id"] for r in out] == utterances  # one record per utterance (data 2.0), in file order
    assert sorted(x["statement_id"] for r in out for x in r["renderings"]) == sorted(statements)  # every rendering listed once
    no_response = [r for r in out if not statements[r["id"]]["response"]]  # none in a package without statements
    assert all(not r["has_event"] and r["event"] == [] and NO_RESPONSE_REASON in r["comment"] for r in no_response)
    assert all(("not_expressible" in r) == bool(statements[r["id"]]["responds_to_id"]) for r in out)


def test_a_response_label_missing_from_the_crosswalk_is_listed_not_coded(data_copy: Path) -> None:
    before = read_package(data_copy)
    statements, table = {s["statement_id"]: s for s in before.rows["statements"]}, crosswalk(before)
    coded = rows_or_skip([r for r in records(before) if table.get(statements[r["id"]]["response"], {}).get("plover_event")],
                         "utterance whose response the crosswalk codes as an event")
    utterance, label = coded[0]["utterance_id"], statements[coded[0]["id"]]["response"]
    assert coded[0]["has_event"] is True
    path = data_copy / "event_crosswalk.csv"
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fieldnames, rows = list(reader.fieldnames or []), [r for r in reader if r["response"] != label]
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    out = records(read_package(data_copy))
    record = next(r for r in out if r["utterance_id"] == utterance)
    assert record["has_event"] is False and record["event"] == []
    assert "no row in the event_crosswalk table" in record["comment"]


def test_jsonl_has_one_record_per_line(article: Package, tmp_path: Path) -> None:
    out = to_plover(article, tmp_path / "events.jsonl")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len({s["utterance_id"] for s in article.rows["statements"]})
    assert [json.loads(line) for line in lines] == records(article)


def test_a_package_without_statements_exports_an_empty_jsonl(new_corpus_package: Package, tmp_path: Path) -> None:
    assert records(new_corpus_package) == []
    out = to_plover(new_corpus_package, tmp_path / "events.jsonl")
    assert out.read_bytes() == b""  # no record: no line at all, not one blank line a JSONL reader would choke on
