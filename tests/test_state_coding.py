"""Who speaks for a state (codebook A8): an outlet or an expert is never filed or coded as its country (issue 22)."""

from __future__ import annotations

import pytest

from helpers import load_dataset
from helpers.export import read_package, records
from helpers.export.plover import actor_code
from helpers.views.explore import facts_table


def test_the_explorer_files_no_outlet_or_expert_under_a_country() -> None:
    ds = load_dataset()
    facts = facts_table(ds)
    actors = ds.actors.set_index("actor_id")
    kind = facts["actor_id"].map(actors["kind"].astype(str))
    speaks_for = facts["actor_id"].map(actors["speaks_for"].astype("object").where(actors["speaks_for"].notna(), None))
    said = facts["kind"] == "statement"
    outlets = facts[said & (kind == "media")]
    assert outlets["country_id"].isna().all(), outlets["fact_id"].tolist()  # an outlet speaks for no state
    unbound = facts[said & ~kind.isin(["country", "country_group"]) & speaks_for.isna()]
    assert unbound["country_id"].isna().all(), unbound["fact_id"].tolist()  # an analyst neither
    bound = said & speaks_for.notna()
    assert (facts.loc[bound, "country_id"] == speaks_for[bound]).all()  # a spokesman is filed under his state
    lacking = [what for what, n in (("statement by an outlet", len(outlets)), ("statement by an actor speaking for no state", len(unbound)),
                                    ("statement by a spokesman of a state", int(bound.sum()))) if not n]
    if lacking:  # the checks above held on what there is; say which of them had nothing to check
        pytest.skip(f"the package has no {', no '.join(lacking)}")


def test_no_export_codes_an_outlet_as_a_state() -> None:
    package = read_package()
    state_codes = {a["country_iso3"] for a in package.rows["actors"] if a["country_iso3"]}
    for record in records(package):
        for entity in record["actor"] + record["recipient"]:
            actor = next((a for a in package.rows["actors"] if a["actor_id"] == entity.get("actor_id")), None)
            if actor is not None and actor["kind"] == "media":
                assert entity["code"] not in state_codes, entity
    assert actor_code({"kind": "person", "country_iso3": "FRA", "speaks_for": ""}) == "FRAELI"
