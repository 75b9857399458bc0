"""Who speaks for a state (codebook A8): an outlet or an expert is never filed or coded as its country (issue 22)."""

from __future__ import annotations

from helpers import load_dataset
from helpers.export import read_package, records
from helpers.export.plover import actor_code
from helpers.views.explore import facts_table


def test_the_explorer_files_no_outlet_or_expert_under_a_country() -> None:
    facts = facts_table(load_dataset()).set_index("fact_id")
    assert facts.loc["lemonde_report_revived_talks", "country_id"] is None  # Le Monde speaks for no state
    assert facts.loc["tenenbaum_post_ceasefire", "country_id"] is None  # an analyst neither
    assert facts.loc["peskov_refuted_report", "country_id"] == "russia"
    assert facts.loc["barrot_left_open_troops", "country_id"] == "france"


def test_no_export_codes_an_outlet_as_a_state() -> None:
    package = read_package()
    state_codes = {a["country_iso3"] for a in package.rows["actors"] if a["country_iso3"]}
    for record in records(package):
        for entity in record["actor"] + record["recipient"]:
            actor = next((a for a in package.rows["actors"] if a["actor_id"] == entity.get("actor_id")), None)
            if actor is not None and actor["kind"] == "media":
                assert entity["code"] not in state_codes, entity
    assert actor_code({"kind": "person", "country_iso3": "FRA", "speaks_for": ""}) == "FRAELI"
