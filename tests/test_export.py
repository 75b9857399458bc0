"""W3C Web Annotation and brat exports: round trips, JSON-LD expansion offline, the denial link, the CLI."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

import pytest
from pyld import jsonld

from helpers.curation.curate import annotate, register_source
from helpers.dataset.paths import default_data_dir, project_root
from helpers.export import FORMATS, NonBMPWarning, export, main, read_brat, read_package, read_w3c
from helpers.export._package import Package
from helpers.export.brat import annotation_conf, entity_type
from helpers.export.w3c import ANNO_CONTEXT_URL, collection, offline_document_loader, utf16_offset
from tests._skips import rows_or_skip

DATASETS = ["data", "two_documents"]
OFFLINE = {"documentLoader": offline_document_loader}


@pytest.fixture(scope="module", params=DATASETS)
def package(request: pytest.FixtureRequest) -> Package:
    if request.param == "data":
        return read_package()
    return read_package(request.getfixturevalue("two_document_data"))


@pytest.fixture(scope="module")
def article() -> Package:
    return read_package()


@pytest.fixture(scope="module")
def shipped_article() -> Package:
    """The shipped article's package whatever --data-dir says: the manual quotes its rows."""
    return read_package(project_root() / "data")


def span_rows(package: Package, table: str, columns: list[str] | None = None) -> list[dict[str, str]]:
    """The package's rows that carry a span, restricted to ``columns`` (all when None)."""
    rows = [row for row, *_ in package.spans(table)]
    return [{c: row[c] for c in (columns or package.columns(table))} for row in rows]


# ---- W3C -------------------------------------------------------------------------------------

def test_w3c_round_trip_gives_every_row_of_every_span_table_unchanged(package: Package) -> None:
    doc = json.loads(json.dumps(collection(package)))  # as a file would hold it
    back = read_w3c(doc, package)
    assert set(back) == set(package.span_tables) and {"statements", "curator_notes"} <= set(back)
    for table in package.span_tables:
        got = [{c: r[c] for c in package.columns(table)} for r in back[table]]
        assert got == span_rows(package, table), table


def test_w3c_file_holds_the_collection_one_annotation_per_line(article: Package, tmp_path: Path) -> None:
    from helpers.export.w3c import to_w3c

    text = to_w3c(article, tmp_path / "a.jsonld").read_text(encoding="utf-8")
    doc = collection(article)
    assert json.loads(text) == doc
    lines = [line for line in text.splitlines() if line.lstrip().startswith('{"id": "urn:geopol:')]
    assert len(lines) == doc["total"] == len(doc["first"]["items"])


def test_w3c_survives_json_ld_expansion_and_compaction_offline(package: Package) -> None:
    doc = collection(package)
    expanded = jsonld.expand(doc, OFFLINE)
    compacted = jsonld.compact(expanded, doc["@context"], OFFLINE)
    back = read_w3c(compacted, package)  # nothing our reader needs was dropped by the JSON-LD processor
    for table in package.span_tables:
        got = [{c: r[c] for c in package.columns(table)} for r in back[table]]
        assert got == span_rows(package, table), table


def test_expanded_annotations_carry_both_selectors_in_oa_terms(article: Package) -> None:
    doc = collection(article)
    rows_or_skip(doc["first"]["items"], "span to annotate (no document)")
    expanded = jsonld.expand(doc, OFFLINE)
    oa = "http://www.w3.org/ns/oa#"
    items = expanded[0]["http://www.w3.org/ns/activitystreams#first"][0]["http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    assert len(items) == len(doc["first"]["items"])
    text_of = {article.iri("documents", d): text for d, text in article.texts.items()}
    for item in items:  # each annotation of a span, in its own document's text; a reply targets another annotation
        assert item["@type"] == [oa + "Annotation"], item["@id"]
        target = item[oa + "hasTarget"][0]
        if item[oa + "motivatedBy"] == [{"@id": oa + "replying"}]:
            assert set(target) == {"@id"}, item["@id"]
            continue
        selectors = target[oa + "hasSelector"]
        kinds = {s["@type"][0] for s in selectors}
        assert kinds == {oa + "TextQuoteSelector", oa + "TextPositionSelector"}, item["@id"]
        position = next(s for s in selectors if s["@type"] == [oa + "TextPositionSelector"])
        quote = next(s for s in selectors if s["@type"] == [oa + "TextQuoteSelector"])
        start, end = position[oa + "start"][0]["@value"], position[oa + "end"][0]["@value"]
        text = text_of[target[oa + "hasSource"][0]["@id"]]
        assert text[int(start):int(end)] == quote[oa + "exact"][0]["@value"], item["@id"]
    assert items[0][oa + "hasBody"][0]["urn:geopol:vocab:field"][0]["@value"]  # our own term is defined, not dropped


def test_the_json_ld_processor_is_never_allowed_to_fetch() -> None:
    with pytest.raises(ValueError, match="refusing to fetch"):
        offline_document_loader("https://example.org/other-context.jsonld")
    doc = {"@context": "https://example.org/other-context.jsonld", "id": "urn:x", "type": "Annotation"}
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(doc, OFFLINE)


def test_shipped_w3c_context_is_the_recorded_copy() -> None:
    path = project_root() / "helpers" / "export" / "vendor" / "anno.jsonld"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest in (path.parent / "README.md").read_text(encoding="utf-8")
    assert offline_document_loader(ANNO_CONTEXT_URL)["document"]["@context"]["TextPositionSelector"] == "oa:TextPositionSelector"


def test_each_response_is_a_reply_whose_target_is_the_answered_statements_annotation(package: Package) -> None:
    doc = collection(package)
    items = {a["id"]: a for a in doc["first"]["items"]}
    answered = [r for r in package.rows["statements"] if r["responds_to_id"]]
    if not answered:
        pytest.skip("the package has no statement that responds to another: no reply to export")
    for row in answered:
        statement = package.iri("statements", row["statement_id"])
        target = package.iri("statements", row["responds_to_id"])
        reply = items[f"{statement}:response"]
        assert reply["motivation"] == "replying", row["statement_id"]
        assert reply["target"] == target and target in items, row["statement_id"]
        assert {"type": "TextualBody", "purpose": "classifying", "field": "response", "value": row["response"]} in reply["body"]
        assert any(b.get("source") == statement and b["purpose"] == "replying" for b in reply["body"]), row["statement_id"]
        assert items[statement]["target"]["selector"][0]["exact"] == row["evidence"], row["statement_id"]


def test_every_reply_targets_an_annotation_of_the_export(package: Package) -> None:
    doc = collection(package)
    ids = {a["id"] for a in doc["first"]["items"]}
    replies = [a for a in doc["first"]["items"] if a["motivation"] == "replying"]
    answered = [r for r in package.rows["statements"] if r["responds_to_id"]]
    # one reply per answering statement and none other (a package without responses exports no reply)
    assert sorted(r["id"] for r in replies) == sorted(f"{package.iri('statements', r['statement_id'])}:response" for r in answered)
    assert all(r["target"] in ids for r in replies)


def test_attribution_is_kept_as_a_link_to_the_reporting_actor(package: Package) -> None:
    doc = collection(package)
    items = {a["id"]: a for a in doc["first"]["items"]}
    reported = [r for r in package.rows["statements"] if r["reported_via_id"]]
    if not reported:
        pytest.skip("the package has no statement reported via another actor: no attribution to export")
    for row in reported:
        ann = items[package.iri("statements", row["statement_id"])]
        links = {b["field"]: b["source"] for b in ann["body"] if b["type"] == "SpecificResource"}
        assert links["reported_via_id"] == package.iri("actors", row["reported_via_id"]), row["statement_id"]
    # data 2.0: an actor has no span; where it is named is a mention, itself an annotation
    reporters = {r["reported_via_id"] for r in reported}
    named = [m for m in package.rows["mentions"] if m["actor_id"] in reporters]
    if not named:
        pytest.skip("no reporting actor of the package is named in a mention")
    for mention in named:
        ann = items[package.iri("mentions", mention["mention_id"])]
        assert ann["target"]["selector"][0]["exact"] == mention["evidence"], mention["mention_id"]
        assert {"type": "SpecificResource", "purpose": "linking", "field": "actor_id",
                "source": package.iri("actors", mention["actor_id"])} in ann["body"], mention["mention_id"]


def test_w3c_metadata_names_the_dataset_version(article: Package) -> None:
    doc = collection(article)
    assert doc["version"] == article.descriptor["version"] and article.descriptor["version"] in doc["citation"]


def test_text_outside_the_bmp_warns_and_offsets_stay_code_points(tmp_path: Path, data_copy: Path) -> None:
    source = tmp_path / "emoji.txt"
    source.write_bytes("An invented test text \U0001F600 then: we deny the report.".encode())
    register_source(source, "emoji_doc", title="Invented non-BMP example", title_basis="curator_assigned",
                    published="2025-01", date_precision="month", data_dir=data_copy)
    rows = read_package(data_copy).rows  # any person of the package speaks on any of its topics (a new corpus has both)
    speaker = rows_or_skip([a["actor_id"] for a in rows["actors"] if a["kind"] == "person"], "person among its actors: no speaker")[0]
    topic = rows_or_skip([t["topic_id"] for t in rows["topics"]], "topic")[0]
    annotate("statements", "emoji_doc", "we deny the report", {
        "statement_id": "emoji_denial", "speaker_id": speaker, "mode": "paraphrase", "topic_id": topic,
        "stance": "opposes", "summary": "Invented example statement after a non-BMP character."}, data_dir=data_copy)
    package = read_package(data_copy)
    with pytest.warns(NonBMPWarning, match="emoji_doc"):
        doc = collection(package)
    ann = next(a for a in doc["first"]["items"] if a["id"].endswith(":emoji_denial"))
    position = ann["target"]["selector"][1]
    text = package.texts["emoji_doc"]
    assert text[position["start"]:position["end"]] == "we deny the report"
    assert utf16_offset(text, position["start"]) == position["start"] + 1  # what Hypothesis or INCEpTION would count
    from helpers.export.brat import to_brat

    with pytest.warns(NonBMPWarning, match="the .ann offsets"):
        to_brat(package, tmp_path / "brat")


def test_a_bmp_only_dataset_exports_without_warning(article: Package) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", NonBMPWarning)
        collection(article)


# ---- brat ------------------------------------------------------------------------------------

def brat_columns(package: Package, table: str) -> list[str]:
    """What brat carries: id, span, vocabulary labels and links."""
    keep = set(package.primary_key(table)) | {"document_id", "evidence", "char_start", "char_end"} | set(package.enums(table))
    for link in package.links(table):
        keep |= {link.column} | ({link.table_column} if link.table_column else set())
    return [c for c in package.columns(table) if c in keep]


def test_brat_round_trip_gives_spans_labels_and_links_unchanged(package: Package, tmp_path: Path) -> None:
    from helpers.export.brat import to_brat

    out = to_brat(package, tmp_path / "brat")
    back = read_brat(out, package)
    for table in package.span_tables:
        columns = brat_columns(package, table)
        assert {"responds_to_id", "reported_via_id", "stance", "mode", "response"} <= set(brat_columns(package, "statements"))
        got = [{c: r[c] for c in columns} for r in back[table]]
        assert got == span_rows(package, table, columns), table


def test_brat_folder_has_one_text_and_annotation_file_per_document(package: Package, tmp_path: Path) -> None:
    from helpers.export.brat import to_brat

    out = to_brat(package, tmp_path / "brat")
    for doc, text in package.texts.items():
        assert (out / f"{doc}.txt").read_bytes() == text.encode("utf-8")
        assert (out / f"{doc}.ann").is_file()
    assert (out / "annotation.conf").is_file()
    assert json.loads((out / "export.json").read_text(encoding="utf-8"))["version"] == package.version


def test_every_brat_type_attribute_and_relation_is_declared_in_annotation_conf(package: Package, tmp_path: Path) -> None:
    from helpers.export.brat import to_brat

    out = to_brat(package, tmp_path / "brat")
    conf = annotation_conf(package)
    sections: dict[str, dict[str, str]] = {}
    current = ""
    for line in conf.splitlines():
        if line.startswith("["):
            current = line.strip("[]")
            sections[current] = {}
        elif line and not line.startswith("#"):
            name, _, rest = line.partition("\t")
            sections[current][name] = rest
    def allowed(spec: str, key: str) -> list[str]:
        return next(part.split(":", 1)[1] for part in spec.split(", ") if part.startswith(key + ":")).split("|")

    for ann in out.glob("*.ann"):
        lines = [line.split("\t") for line in ann.read_text(encoding="utf-8").splitlines()]
        types = {parts[0]: parts[1].split(" ")[0] for parts in lines if parts[0].startswith("T")}
        for ident, body, *_ in lines:
            kind = body.split(" ")[0]
            if ident.startswith("T"):
                assert kind in sections["entities"], body
            elif ident.startswith("A"):
                _, tid, value = body.split(" ")
                spec = sections["attributes"][kind]
                assert types[tid] in allowed(spec, "Arg") and value in allowed(spec, "Value"), body
            elif ident.startswith("R"):
                _, arg1, arg2 = body.split(" ")
                spec = sections["relations"][kind]
                assert types[arg1.removeprefix("Arg1:")] in allowed(spec, "Arg1"), body
                assert types[arg2.removeprefix("Arg2:")] in allowed(spec, "Arg2"), body


def test_a_span_across_a_line_break_becomes_brat_fragments(article: Package, tmp_path: Path) -> None:
    from helpers.export.brat import to_brat

    out = to_brat(article, tmp_path / "brat")
    note = rows_or_skip([r for r in article.rows["curator_notes"] if "\n" in r["evidence"]], "curator note across a line break")[0]
    lines = (out / f"{note['document_id']}.ann").read_text(encoding="utf-8").splitlines()
    tid = next(line.split("\t")[1].split(" ")[1] for line in lines if line.startswith("#") and f"curator_notes/{note['note_id']} " in line)
    where = next(line.split("\t")[1] for line in lines if line.startswith(f"{tid}\t"))
    assert where.startswith(entity_type("curator_notes")) and ";" in where
    assert int(where.split(" ", 1)[1].split(" ")[0]) == int(note["char_start"])


def test_brat_refuses_to_replace_a_folder_that_is_not_an_export(article: Package, tmp_path: Path) -> None:
    from helpers.export.brat import to_brat

    precious = tmp_path / "mine"
    precious.mkdir()
    (precious / "thesis.tex").write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError):
        to_brat(article, precious)
    assert (precious / "thesis.tex").read_text(encoding="utf-8") == "keep me"
    to_brat(article, tmp_path / "again")
    # a document the earlier export held (its export.json lists it) and the data no longer has: its files were the export's
    marker = json.loads((tmp_path / "again" / "export.json").read_text(encoding="utf-8"))
    marker["documents"].append("stale")
    (tmp_path / "again" / "export.json").write_text(json.dumps(marker), encoding="utf-8")
    (tmp_path / "again" / "stale.ann").write_text("", encoding="utf-8")
    to_brat(article, tmp_path / "again")  # an earlier export is replaced whole
    assert not (tmp_path / "again" / "stale.ann").exists() and (tmp_path / "again" / "annotation.conf").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again", "mine"]  # no temporary folder left behind


def test_links_within_a_document_are_brat_relations_not_notes(package: Package, tmp_path: Path) -> None:
    from helpers.export.brat import to_brat

    out = to_brat(package, tmp_path / "brat")
    for doc in package.texts:
        lines = [line.split("\t") for line in (out / f"{doc}.ann").read_text(encoding="utf-8").splitlines()]
        tids = {parts[2].split(" | ")[0]: parts[1].split(" ")[1] for parts in lines if parts[0].startswith("#")}
        relations = {tuple(parts[1].split(" ")) for parts in lines if parts[0].startswith("R")}
        for row in package.rows["statements"]:
            if row["document_id"] == doc and row["responds_to_id"] in {r["statement_id"] for r in package.rows["statements"]
                                                                      if r["document_id"] == doc}:
                source, target = tids[f"statements/{row['statement_id']}"], tids[f"statements/{row['responds_to_id']}"]
                assert ("responds_to", f"Arg1:{source}", f"Arg2:{target}") in relations
        notes = [parts[2] for parts in lines if parts[0].startswith("#")]
        in_document = {r["statement_id"] for r in package.rows["statements"] if r["document_id"] == doc}
        # a link into another document (data 2.0: an excerpt's rendering answers the article's) stays a note
        assert not any(f"responds_to_id={target}" in n for n in notes for target in in_document)


# ---- command line ----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", list(FORMATS))
def test_command_line_writes_each_format(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"out.{fmt}"
    assert main([fmt, str(out), "--data", str(default_data_dir())]) == 0
    assert out.exists() and capsys.readouterr().out.strip() == str(out)


def _break_a_label(data: Path) -> str:
    """Misspell the vocabulary label of the first row of the first table that has rows and a vocabulary column; return its file."""
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        enums = [f["name"] for f in resource["schema"]["fields"] if f.get("constraints", {}).get("enum")]
        path = data / resource["path"]
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            header, rows = list(reader.fieldnames or []), list(reader)
        column = next((c for c in enums if rows and rows[0][c]), None)
        if column is None:
            continue
        rows[0][column] += "-misspelt"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        return Path(resource["path"]).name
    pytest.skip("the package has no row with a vocabulary label to misspell")


def test_invalid_data_is_never_exported(data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = _break_a_label(data_copy)
    out = tmp_path / "out.jsonld"
    assert main(["w3c", str(out), "--data", str(data_copy)]) == 1
    assert not out.exists()
    assert broken in capsys.readouterr().err


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["pdf", str(tmp_path / "x")])
    assert exc.value.code == 2
    with pytest.raises(ValueError, match="unknown format"):
        export("pdf", tmp_path / "x")


def test_console_scripts_point_at_the_command_line_entry_points() -> None:
    import importlib

    scripts = tomllib.loads((project_root() / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert set(scripts) == {"geopol-validate", "geopol-curate", "geopol-export"}
    for target in scripts.values():
        module, func = target.split(":")
        assert callable(getattr(importlib.import_module(module), func))


def test_python_dash_m_runs_the_export(tmp_path: Path) -> None:
    out = tmp_path / "d.sqlite"
    done = subprocess.run([sys.executable, "-m", "helpers.export", "sqlite", str(out)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 0


def test_the_manuals_cite_a_fact_matches_the_current_exports(shipped_article: Package, tmp_path: Path) -> None:
    from helpers.export.brat import to_brat
    from helpers.export.plover import records

    page = (project_root() / "docs" / "manual" / "exports.md").read_text(encoding="utf-8")
    section = page.split("\n## Cite a fact", 1)[1].split("\n## ", 1)[0]
    row = next(r for r in shipped_article.rows["statements"] if r["statement_id"] == "peskov_refuted_report")
    assert f"characters {row['char_start']}–{row['char_end']}" in section and f"dataset v{shipped_article.version}" in section
    ann = (to_brat(shipped_article, tmp_path / "brat") / f"{row['document_id']}.ann").read_text(encoding="utf-8").splitlines()
    quoted = [q for q in section.split("`") if "\t" in q]
    assert len(quoted) == 3 and all(q in ann for q in quoted), "update the brat lines in docs/manual/exports.md, 'Cite a fact'"
    record = next(r for r in records(shipped_article) if r["id"] == row["statement_id"])
    assert f'"text_info": {json.dumps(record["text_info"])}' in section
    assert f'"cameo_code": "{record["cameo_code"]}"' in section and f'"event": {json.dumps(record["event"])}' in section


def test_a_response_to_another_document_survives_both_round_trips(two_document_copy: Path, tmp_path: Path) -> None:
    from helpers.export.brat import to_brat

    annotate("actors", "invented_avaria", "The fictional Republic of Avaria", {  # a country does not speak (codebook A2): its government does
        "actor_id": "avaria_government", "name": "Government of Avaria (invented)", "kind": "government", "country_iso3": "",
        "role": "Invented government of the example text"}, data_dir=two_document_copy)
    annotate("statements", "invented_avaria", "said on Monday that it would not send soldiers", {
        "statement_id": "avaria_answers_le_monde", "speaker_id": "avaria_government", "responds_to_id": "lemonde_report_revived_talks",
        "response": "disputes", "mode": "paraphrase", "topic_id": "troops_to_lumen", "stance": "opposes",
        "summary": "Invented test statement answering a statement of another document."}, data_dir=two_document_copy)
    package = read_package(two_document_copy)
    doc = collection(package)
    reply = next(a for a in doc["first"]["items"] if a["id"].endswith(":avaria_answers_le_monde:response"))
    assert reply["target"] == package.iri("statements", "lemonde_report_revived_talks")
    back_w3c = read_w3c(doc, package)["statements"]
    back_brat = read_brat(to_brat(package, tmp_path / "brat"), package)["statements"]
    columns = brat_columns(package, "statements")
    assert back_w3c == span_rows(package, "statements")
    assert [{c: r[c] for c in columns} for r in back_brat] == span_rows(package, "statements", columns)
    ann = (tmp_path / "brat" / "invented_avaria.ann").read_text(encoding="utf-8")
    assert "links: responds_to_id=lemonde_report_revived_talks" in ann  # brat cannot draw it across documents: kept in the note


def test_command_line_warns_about_text_outside_the_bmp(tmp_path: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "emoji.txt"
    source.write_bytes("Invented test text \U0001F600 for the warning.".encode())
    register_source(source, "emoji_doc", title="Invented non-BMP example", title_basis="curator_assigned",
                    published="2025-01", date_precision="month", data_dir=data_copy)
    assert main(["w3c", str(tmp_path / "out.jsonld"), "--data", str(data_copy)]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "emoji_doc" in err and "Basic Multilingual Plane" in err
