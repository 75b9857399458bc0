"""Voices found from the claims (codebook V0-V2) and framing kept in two families (F2): issue 22."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from helpers import load_dataset
from helpers.analysis import story
from helpers.dataset.load import Dataset
from tests._skips import rows_or_skip


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset()


def _speakers_for(voice: pd.Series) -> set[str]:
    """The actors a voice is heard through (``heard_through``) and its own actor."""
    through = voice["heard_through"]
    speakers = set() if pd.isna(through) else {a for a in str(through).split(";") if a}
    return speakers | ({str(voice["actor_id"])} if pd.notna(voice["actor_id"]) else set())


def test_every_claim_has_implicated_parties_in_a_role(ds: Dataset) -> None:
    ev = ds.expected_voices
    assert set(ds.claims["claim_id"]) == set(ev["claim_id"])
    assert set(ev["role"]) <= set(story.VOICE_ROLES)
    assert ev["role"].notna().all()


def test_every_actor_a_voice_is_heard_through_is_in_the_package(ds: Dataset) -> None:
    """heard_through is a list of actor ids that no foreign key declares: a dangling id would silence that voice."""
    actors = set(ds.actors["actor_id"].astype(str))
    dangling = {str(row["voice_id"]): sorted(_speakers_for(row) - actors) for _, row in ds.expected_voices.iterrows() if _speakers_for(row) - actors}
    assert not dangling, dangling


def test_coded_presence_is_the_presence_the_statements_give(ds: Dataset) -> None:
    derived = story.voice_presence(ds)
    assert list(derived["voice_id"]) == list(ds.expected_voices["voice_id"].astype(str))
    wrong = derived[~derived["agrees"]]
    assert wrong.empty, wrong.to_string()


def test_candidates_do_not_depend_on_who_is_quoted(ds: Dataset) -> None:
    """Silence every speaker for a party the text hears: it stays a candidate voice of its claim, and is no longer heard."""
    derived = story.voice_presence(ds).set_index("voice_id")
    mentions = ds.tables.get("mentions")
    named = set(mentions["actor_id"].astype(str)) if mentions is not None else set(ds.actors["actor_id"].astype(str))
    heard = [row for _, row in ds.expected_voices.iterrows()
             if derived.loc[str(row["voice_id"]), "presence"] == "answers" and str(row["actor_id"]) in named]
    if not heard:
        pytest.skip("no expected voice of the package answers its claim with its actor named in the text")
    voice = heard[0]
    quiet = ds.statements[~ds.statements["speaker_id"].astype(str).isin(_speakers_for(voice))]
    without = story.voice_presence(dataclasses.replace(ds, statements=quiet)).set_index("voice_id")
    assert str(voice["voice_id"]) in without.index
    assert without.loc[str(voice["voice_id"]), "presence"] == "spoken_for"


def test_a_party_the_text_never_names_is_found_absent(ds: Dataset) -> None:
    first = rows_or_skip(ds.expected_voices, "expected voices").iloc[[0]]
    claim = str(first["claim_id"].iloc[0])
    row = [c for c in ds.claims["claim_id"].astype(str) if c in set(ds.expected_voices["claim_id"])].index(claim)  # rows: claims in file order
    before = story.voice_roles(ds)
    assert before.index[row] == ds.claims.set_index("claim_id").loc[claim, "label"]
    extra = first.assign(voice_id=f"{claim}__nobody", actor_id=pd.NA, heard_through=pd.NA, name="A party with no actor")
    more = dataclasses.replace(ds, expected_voices=pd.concat([ds.expected_voices, extra], ignore_index=True))
    derived = story.voice_presence(more).set_index("voice_id")
    assert derived.loc[f"{claim}__nobody", "presence"] == "absent"
    after = story.voice_roles(more)
    added = after["absent"].to_numpy() - before["absent"].to_numpy()
    assert added[row] == 1 and added.sum() == 1  # that claim's row, and no other claim's (labels may repeat in a corpus)


def test_judgement_and_sourcing_families_are_never_summed(ds: Dataset) -> None:
    rows_or_skip(ds.framing_terms, "framing terms: no family to keep apart")
    table = story.framing_by_family(ds)
    families = set(table.index.get_level_values("family"))
    assert families == {"judgement", "sourcing"}
    sourcing = table.xs("sourcing", level="family")
    assert sourcing["adopted judgement"].sum() == 0  # hedges and attribution verbs never count as adopted framing
    judgement = table.xs("judgement", level="family")
    ft = ds.framing_terms
    expected = ft[ft["kind"].map(story.FRAMING_FAMILY).eq("judgement") & ft["use"].isin(["adopted", "distanced"])]
    assert judgement["adopted judgement"].sum() == len(expected)
    documents = ft["document_id"].astype(str).nunique()
    alone = "this text alone (no comparison documents coded for framing)"
    assert set(table["compared with"]) == {alone if documents < 2 else f"{documents} documents"}
    one = story.framing_by_family(ds, document_id=str(ft["document_id"].iloc[0]))  # one document's terms, still read against the package
    assert one["total"].sum() == int((ft["document_id"] == ft["document_id"].iloc[0]).sum())


def test_every_attribution_verb_is_listed_with_its_side(ds: Dataset) -> None:
    verbs = story.framing_verbs(ds)
    ft = ds.framing_terms
    attribution = ft[ft["kind"] == "attribution_verb"]
    assert len(verbs) == len(attribution)
    assert sorted(verbs["verb"]) == sorted(attribution["term"].astype(str))  # the neutral verbs are counted too
    assert set(verbs["side"]) <= {"the report", "the denial", "neither"}
    # The side is what claim_statements gives the statement the verb colours (or the utterance it renders) on a contested claim.
    links = ds.claim_statements
    contested = set(links.loc[links["relation"] == "contests", "claim_id"])
    if not contested:
        pytest.skip("no statement of the package contests a claim: no sides to tell apart")
    side_of = {str(s): story.SIDES.get(str(r), "neither") for c, s, r in links[["claim_id", "statement_id", "relation"]].itertuples(index=False)
               if c in contested}
    st = ds.statements
    utterance = {str(s): str(u) for s, u in zip(st["statement_id"], st["utterance_id"], strict=True) if pd.notna(u)}
    coloured = verbs.loc[verbs["statement_id"] != "", ["statement_id", "side"]]
    on_a_side = [sid for sid in coloured["statement_id"] if utterance.get(sid, sid) in side_of]
    if not on_a_side:
        pytest.skip("no attribution verb of the package colours a statement on a contested claim")
    for sid, side in coloured.itertuples(index=False):
        assert side == side_of.get(utterance.get(sid, sid), "neither"), sid


def test_the_two_sourcing_readings_count_the_same_statements(ds: Dataset) -> None:
    table = story.sourcing_readings(ds)
    sentence = table["its own sentence (C5)"]["statements"]
    attributed = table["the codebook's attribution (S1-S3)"]["statements"]
    assert sentence.sum() == attributed.sum()
    assert attributed.get("article_voice", 0) == sentence.get("article_voice", 0)  # the article's own claims stay its own
    if "unattributed" not in sentence.index:
        pytest.skip("the package has no statement unattributed in its own sentence (C5): nothing for S1-S3 to attribute")
    assert attributed["unattributed"] < sentence["unattributed"]  # the attribution rules give those sentences a speaker
    assert attributed["article_voice"] == sentence["article_voice"]  # the article's own claims stay its own


def test_telling_order_is_a_permutation_of_the_events(ds: Dataset) -> None:
    table = story.telling_order(ds)
    assert sorted(table["told"]) == sorted(table["happened"]) == list(range(1, len(ds.events) + 1))
    assert list(table["told at (character)"]) == sorted(table["told at (character)"])


def test_framing_verbs_of_a_package_without_attribution_verbs_are_an_empty_table_with_the_columns(ds: Dataset) -> None:
    """A new corpus has no framing terms yet: the notebook's verb table is empty, not a KeyError."""
    none = dataclasses.replace(ds, framing_terms=ds.framing_terms.iloc[0:0])
    verbs = story.framing_verbs(none)
    assert verbs.empty and list(verbs.columns) == ["verb", "introduces", "side", "statement_id"]
