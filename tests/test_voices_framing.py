"""Voices found from the claims (codebook V0-V2) and framing kept in two families (F2): issue 22."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from helpers import load_dataset
from helpers.analysis import story
from helpers.dataset.load import Dataset


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset()


def test_every_claim_has_implicated_parties_in_a_role(ds: Dataset) -> None:
    ev = ds.expected_voices
    assert set(ds.claims["claim_id"]) == set(ev["claim_id"])
    assert set(ev["role"]) <= set(story.VOICE_ROLES)
    assert ev.loc[ev["claim_id"] == "uk_directly_involved", ["actor_id", "role"]].values.tolist() == [["united_kingdom", "accused"]]


def test_coded_presence_is_the_presence_the_statements_give(ds: Dataset) -> None:
    derived = story.voice_presence(ds)
    wrong = derived[~derived["agrees"]]
    assert wrong.empty, wrong.to_string()
    assert derived.set_index("voice_id").loc["talks_revived__russia", "presence"] == "answers"
    assert derived.set_index("voice_id").loc["talks_revived__united_kingdom", "presence"] == "unnamed_only"


def test_candidates_do_not_depend_on_who_is_quoted(ds: Dataset) -> None:
    """Silence every speaker for Russia: Russia stays a candidate voice of the talks, and is no longer heard."""
    quiet = ds.statements[~ds.statements["speaker_id"].isin(["dmitry_peskov", "kremlin", "russian_ambassador"])]
    without = dataclasses.replace(ds, statements=quiet)
    derived = story.voice_presence(without).set_index("voice_id")
    assert "talks_revived__russia" in derived.index
    assert derived.loc["talks_revived__russia", "presence"] == "spoken_for"


def test_a_party_the_text_never_names_is_found_absent(ds: Dataset) -> None:
    extra = ds.expected_voices.iloc[[0]].assign(voice_id="talks_revived__nobody", actor_id=pd.NA, heard_through=pd.NA, name="A party with no actor")
    more = dataclasses.replace(ds, expected_voices=pd.concat([ds.expected_voices, extra], ignore_index=True))
    derived = story.voice_presence(more).set_index("voice_id")
    assert derived.loc["talks_revived__nobody", "presence"] == "absent"
    table = story.voice_roles(more)
    assert table.loc[ds.claims.set_index("claim_id").loc["talks_revived", "label"], "absent"] == 1


def test_judgement_and_sourcing_families_are_never_summed(ds: Dataset) -> None:
    table = story.framing_by_family(ds)
    families = set(table.index.get_level_values("family"))
    assert families == {"judgement", "sourcing"}
    sourcing = table.xs("sourcing", level="family")
    assert sourcing["adopted judgement"].sum() == 0  # hedges and attribution verbs never count as adopted framing
    judgement = table.xs("judgement", level="family")
    ft = ds.framing_terms
    expected = ft[ft["kind"].map(story.FRAMING_FAMILY).eq("judgement") & ft["use"].isin(["adopted", "distanced"])]
    assert judgement["adopted judgement"].sum() == len(expected)
    assert set(table["compared with"]) == {"this text alone (no comparison documents coded for framing)"}


def test_every_attribution_verb_is_listed_with_its_side(ds: Dataset) -> None:
    verbs = story.framing_verbs(ds)
    assert len(verbs) == int((ds.framing_terms["kind"] == "attribution_verb").sum())
    row = verbs[verbs["verb"] == "claim"].iloc[0]
    assert row["introduces"] == "Russian ambassador (unnamed)" and row["side"] == "neither"
    assert set(verbs.loc[verbs["verb"].isin(["refuted", "refutes", "dismissed"]), "side"]) == {"the denial"}
    assert "said" in set(verbs["verb"]) and "told" in set(verbs["verb"])  # the neutral verbs are counted too


def test_the_two_sourcing_readings_count_the_same_statements(ds: Dataset) -> None:
    table = story.sourcing_readings(ds)
    sentence = table["its own sentence (C5)"]["statements"]
    attributed = table["the codebook's attribution (S1-S3)"]["statements"]
    assert sentence.sum() == attributed.sum()
    assert attributed["unattributed"] < sentence["unattributed"]  # the attribution rules give those sentences a speaker
    assert attributed["article_voice"] == sentence["article_voice"]  # the article's own claims stay its own


def test_telling_order_is_a_permutation_of_the_events(ds: Dataset) -> None:
    table = story.telling_order(ds)
    assert sorted(table["told"]) == sorted(table["happened"]) == list(range(1, len(ds.events) + 1))
    assert list(table["told at (character)"]) == sorted(table["told at (character)"])
