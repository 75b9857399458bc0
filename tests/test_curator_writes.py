"""The curator's writes as a whole: journalled and undoable, judged before they are made (dry run), removable with their
referrers, imported from a saved page, and a new corpus of one's own."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import load_dataset
from helpers.curation.corpus import new_corpus
from helpers.curation.curate import add_row, annotate, register_source, update_row
from helpers.curation.curate import main as curate_main
from helpers.curation.importer import PROVENANCE_COLUMNS, import_source
from helpers.curation.journal import JOURNAL, Refused, history, locked, undo
from helpers.curation.removal import remove_row
from helpers.dataset.paths import project_root
from helpers.dataset.validate import validate

DOC = "000_212c296293ee434c"

#: These tests use the shipped article as their fixture (they name its rows): under --data-dir too.
pytestmark = pytest.mark.usefixtures("shipped_package")
PAGE = project_root() / "tests" / "fixtures" / "invented_saved_page.html"
TOPIC = {"topic_id": "journal_topic", "label": "A topic", "description": "A description."}


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a data folder but the journal, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and JOURNAL not in p.relative_to(folder).parts}


def ids(folder: Path, table: str) -> list[str]:
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as f:
        return [r[0] for r in list(csv.reader(f))[1:]]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "helpers.curation.curate", *args], capture_output=True, text=True, cwd=project_root(), timeout=120)


def with_provenance_columns(data_dir: Path) -> Path:
    """Declare the 2.0 provenance columns of ``documents`` (url, outlet_id, accessed, excerpt) where the package lacks them."""
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    documents = next(r for r in descriptor["resources"] if r["name"] == "documents")
    names = [f["name"] for f in documents["schema"]["fields"]]
    added = {
        "url": {"name": "url", "type": "string", "description": "Where the text was read."},
        "outlet_id": {"name": "outlet_id", "type": "string", "description": "The outlet (an actor)."},
        "accessed": {"name": "accessed", "type": "string", "description": "When it was read.",
                     "constraints": {"pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}},
        "excerpt": {"name": "excerpt", "type": "boolean", "description": "Only passages are kept."},
    }
    missing = [c for c in PROVENANCE_COLUMNS.values() if c not in names]
    if not missing:
        return data_dir
    documents["schema"]["fields"] += [added[c] for c in missing]
    if "outlet_id" in missing:
        documents["schema"].setdefault("foreignKeys", []).append({"fields": "outlet_id", "reference": {"resource": "actors", "fields": "actor_id"}})
    (data_dir / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with open(data_dir / "documents.csv", encoding="utf-8", newline="") as f:
        records = list(csv.reader(f))
    records[0] += missing
    for r in records[1:]:
        r += ["false" if c == "excerpt" else "" for c in missing]
    with open(data_dir / "documents.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(records)
    return data_dir


def kind(data_dir: Path) -> dict[str, str]:
    """Other columns a package requires of a document: ``document_kind`` in the 2.0 data model, nothing in 1.x."""
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    documents = next(r for r in descriptor["resources"] if r["name"] == "documents")
    return {"document_kind": "news_article"} if any(f["name"] == "document_kind" for f in documents["schema"]["fields"]) else {}


# --- the journal and undo --------------------------------------------------------------------------------------------------


def test_every_kind_of_write_is_undone_in_reverse_order_back_to_the_same_bytes(data_copy: Path, tmp_path: Path) -> None:
    original = files(data_copy)
    text = tmp_path / "second.txt"
    text.write_text("A second text, with Ukraine in it.", encoding="utf-8")
    register_source(text, "second_doc", title="t", published="2024", date_precision="year", data_dir=data_copy)
    add_row("topics", TOPIC, data_copy)
    annotate("curator_notes", "second_doc", "Ukraine", {"note_id": "n_second", "target_table": "documents", "target_id": "second_doc",
                                                        "kind": "source_metadata", "note": "A note."}, data_dir=data_copy)
    update_row("topics", "journal_topic", {"label": "Another label"}, data_copy)
    assert [h["command"].split()[0] for h in history(data_copy)] == ["update", "annotate", "add", "register"]
    for expected in ("update", "annotate", "add", "register"):
        assert undo(data_copy)["command"].split()[0] == expected
    assert files(data_copy) == original
    with pytest.raises(Refused) as nothing:
        undo(data_copy)
    assert nothing.value.code == "nothing-to-undo"


def test_undo_refuses_when_a_file_changed_after_the_write(data_copy: Path) -> None:
    add_row("topics", TOPIC, data_copy)
    with open(data_copy / "topics.csv", "a", encoding="utf-8") as f:  # a hand edit after the tool's write
        f.write("hand_topic,Hand,By hand.\n")
    edited = files(data_copy)
    with pytest.raises(Refused) as conflict:
        undo(data_copy)
    assert (conflict.value.code, conflict.value.problem.file) == ("undo-conflict", "topics.csv")
    assert files(data_copy) == edited


KILLED_MID_WRITE = """
import os, sys
from pathlib import Path
import helpers.curation.journal as journal
data = Path(sys.argv[1])
real, calls = journal._put, []
def dies_after_the_first_file(path, data_):
    calls.append(path)
    if len(calls) == 2:
        os._exit(9)  # killed between the two files of one write: no clean-up runs
    real(path, data_)
journal._put = dies_after_the_first_file
with journal.locked(data):
    journal.commit(data, "two files", {"topics.csv": (data / "topics.csv").read_bytes() + b"x,y,z\\n", "events.csv": b"broken"})
"""


def test_a_write_killed_between_its_files_is_rolled_back_by_the_next_command(data_copy: Path) -> None:
    original = files(data_copy)
    proc = subprocess.run([sys.executable, "-c", KILLED_MID_WRITE, str(data_copy)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 9, proc.stderr
    assert files(data_copy)["topics.csv"] != original["topics.csv"]  # half done: the first file changed
    with locked(data_copy):  # the next command takes the lock first
        pass
    assert files(data_copy) == original
    assert history(data_copy) == []


def test_the_journal_is_ignored_by_git_and_by_the_validator(data_copy: Path) -> None:
    add_row("topics", TOPIC, data_copy)
    assert (data_copy / JOURNAL).is_dir()
    assert validate(data_copy) == []
    ignored = subprocess.run(["git", "check-ignore", "-q", "data/.journal/000001/manifest.json"], cwd=project_root())
    assert ignored.returncode == 0


# --- dry run ---------------------------------------------------------------------------------------------------------------


def test_a_dry_run_returns_the_row_and_the_verdict_and_writes_nothing(data_copy: Path) -> None:
    before = files(data_copy)
    draft = annotate("statements", DOC, "Storm Shadow", {"statement_id": "dry_statement", "speaker_id": "dmitry_peskov",
                                                        "mode": "phrase", "topic_id": "us_support", "stance": "unclear",
                                                        "summary": "A dry run."}, data_dir=data_copy, dry_run=True)
    assert (draft["char_start"], draft["char_end"], draft.written) == ("2735", "2747", False)
    assert draft.verdict.valid, str(draft.verdict)
    assert files(data_copy) == before and not (data_copy / JOURNAL).exists()


def test_a_dry_run_reports_what_the_validator_would_say_of_the_change(data_copy: Path) -> None:
    before = files(data_copy)
    # a span shifted by hand: the row's own checks pass, only the validator sees the mismatch
    draft = update_row("statements", "peskov_refuted_report", {"char_start": "1"}, data_copy, dry_run=True)
    new = [(p.file, p.row, p.column, p.code) for p in draft.verdict.new]
    row_no = ids(data_copy, "statements").index("peskov_refuted_report") + 2  # the header is row 1
    assert ("statements.csv", row_no, "evidence", "span-mismatch") in new, new
    assert not draft.verdict.valid
    assert files(data_copy) == before


def test_dry_run_on_the_command_line_prints_the_row_and_the_verdict(data_copy: Path) -> None:
    before = files(data_copy)
    proc = cli("--data", str(data_copy), "add", "topics", *[f"--set={k}={v}" for k, v in TOPIC.items()], "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "journal_topic" in proc.stdout and "the package would be valid" in proc.stdout
    assert files(data_copy) == before


# --- remove ----------------------------------------------------------------------------------------------------------------


def test_remove_refuses_a_row_others_refer_to_naming_them(data_copy: Path) -> None:
    before = files(data_copy)
    with pytest.raises(Refused) as refused:
        remove_row("actors", "dmitry_peskov", data_dir=data_copy)
    assert refused.value.code == "still-referenced"
    assert "statements peskov_refuted_report" in str(refused.value)
    assert files(data_copy) == before


def test_remove_with_cascade_takes_the_referring_rows_and_undo_brings_all_back(data_copy: Path) -> None:
    before = files(data_copy)
    removed = remove_row("statements", "lemonde_sensitive_discussions", cascade=True, data_dir=data_copy)["removed"]
    # data 2.0: the accounts of 1.x are comparisons
    assert ("framing_terms", "sensitive_discussions") in removed and ("comparisons", "acc_lemonde_sensitive_copy") in removed
    assert "lemonde_sensitive_discussions" not in ids(data_copy, "statements")
    assert "sensitive_discussions" not in ids(data_copy, "framing_terms")
    undo(data_copy)
    assert files(data_copy) == before


def test_remove_of_an_unreferenced_row_changes_only_that_line(data_copy: Path) -> None:
    add_row("topics", TOPIC, data_copy)
    before = (data_copy / "topics.csv").read_bytes()
    remove_row("topics", "journal_topic", data_dir=data_copy)
    after = (data_copy / "topics.csv").read_bytes()
    assert before.replace(b"journal_topic,A topic,A description.\n", b"") == after
    assert validate(data_copy) == []


def test_remove_on_the_command_line_exits_1_with_the_code(data_copy: Path) -> None:
    proc = cli("--data", str(data_copy), "remove", "actors", "dmitry_peskov")
    assert proc.returncode == 1
    assert "[still-referenced]" in proc.stderr and "--cascade" in proc.stderr


def test_undo_on_the_command_line_takes_back_the_last_write(data_copy: Path) -> None:
    before = files(data_copy)
    assert cli("--data", str(data_copy), "add", "topics", *[f"--set={k}={v}" for k, v in TOPIC.items()]).returncode == 0
    proc = cli("--data", str(data_copy), "undo")
    assert (proc.returncode, files(data_copy)) == (0, before), proc.stderr
    assert "add topics journal_topic" in proc.stdout
    again = cli("--data", str(data_copy), "undo")
    assert again.returncode == 1 and "[nothing-to-undo]" in again.stderr


# --- import ----------------------------------------------------------------------------------------------------------------


def test_import_of_a_saved_page_stores_its_main_text_and_registers_where_it_came_from(data_copy: Path) -> None:
    with_provenance_columns(data_copy)
    row = import_source(PAGE, url="https://example.org/avaria", outlet="le_monde", accessed="2025-01-15", excerpt=False,
                        fields=kind(data_copy), data_dir=data_copy)
    stored = (data_copy / row["path"]).read_bytes().decode("utf-8")
    assert stored.startswith("Avaria says training") and "Cookies" not in stored and "Sign in" not in stored
    assert "“Training goes on, troops do not,”" in stored and "📰" in stored
    assert (row["url"], row["outlet_id"], row["accessed"], row["excerpt"]) == ("https://example.org/avaria", "le_monde", "2025-01-15", "false")
    assert (row["published"], row["date_precision"], row["language"]) == ("2025-01-14", "day", "en")
    assert row["char_length"] == str(len(stored))
    assert validate(data_copy) == []
    assert load_dataset(data_copy).text(row["document_id"]) == stored


def test_import_of_a_text_file_takes_it_as_is_and_undo_removes_file_and_row(data_copy: Path, tmp_path: Path) -> None:
    with_provenance_columns(data_copy)
    before = files(data_copy)
    text = tmp_path / "excerpt.txt"
    text.write_bytes("“Quoted,” he said.\n\nSecond paragraph 😀.".encode())
    row = import_source(text, url="https://example.org/x", outlet="le_monde", accessed="2025-01-15", excerpt=True, title="An excerpt",
                        published="2024-11-25", language="en", fields=kind(data_copy), data_dir=data_copy)
    assert (data_copy / row["path"]).read_bytes() == text.read_bytes()
    assert row["excerpt"] == "true"
    undo(data_copy)
    assert files(data_copy) == before


def test_import_refuses_a_package_without_the_provenance_columns(data_copy: Path) -> None:
    documents = json.loads((data_copy / "datapackage.json").read_text())["resources"][0]
    if {"url", "accessed"} <= {f["name"] for f in documents["schema"]["fields"]}:
        pytest.skip("this package declares the 2.0 provenance columns")
    before = files(data_copy)
    with pytest.raises(Refused) as refused:
        import_source(PAGE, url="https://example.org/a", outlet="le_monde", accessed="2025-01-15", fields=kind(data_copy), data_dir=data_copy)
    assert refused.value.code == "not-in-schema"
    assert files(data_copy) == before


def test_import_refuses_the_same_text_twice_and_an_unknown_outlet(data_copy: Path, tmp_path: Path) -> None:
    with_provenance_columns(data_copy)
    import_source(PAGE, url="https://example.org/a", outlet="le_monde", accessed="2025-01-15", fields=kind(data_copy), data_dir=data_copy)
    before = files(data_copy)
    with pytest.raises(Refused) as twice:
        import_source(PAGE, url="https://example.org/b", outlet="le_monde", accessed="2025-01-15", fields=kind(data_copy), data_dir=data_copy)
    other = tmp_path / "other.txt"
    other.write_text("Another text.", encoding="utf-8")
    with pytest.raises(Refused) as outlet:
        import_source(other, url="https://example.org/c", outlet="no_such_outlet", accessed="2025-01-15", title="Other",
                      published="2025", language="en", fields=kind(data_copy), data_dir=data_copy)
    assert (twice.value.code, outlet.value.code) == ("duplicate-source", "schema")
    assert "outlet_id: no row 'no_such_outlet' in actors" in str(outlet.value)
    assert files(data_copy) == before


def test_an_interrupted_import_leaves_no_orphan_source_file(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import helpers.curation.journal as journal

    with_provenance_columns(data_copy)
    before = files(data_copy)
    real = journal._write_temporary

    def disk_full_on_documents(folder: Path, name: str, data: bytes) -> Path:
        if name == "documents.csv":
            raise OSError(28, "No space left on device")
        return real(folder, name, data)

    monkeypatch.setattr(journal, "_write_temporary", disk_full_on_documents)
    with pytest.raises(OSError, match="No space left"):
        import_source(PAGE, url="https://example.org/a", outlet="le_monde", accessed="2025-01-15", fields=kind(data_copy), data_dir=data_copy)
    assert files(data_copy) == before
    assert not (data_copy / JOURNAL).exists()


def test_import_on_the_command_line_with_dry_run_writes_nothing(data_copy: Path) -> None:
    with_provenance_columns(data_copy)
    before = files(data_copy)
    proc = cli("--data", str(data_copy), "import", str(PAGE), "--url", "https://example.org/a", "--outlet", "le_monde",
               "--accessed", "2025-01-15", *[f"--set={k}={v}" for k, v in kind(data_copy).items()], "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "the package would be valid" in proc.stdout
    assert files(data_copy) == before


# --- a corpus of one's own ---------------------------------------------------------------------------------------------------


def test_new_corpus_is_valid_loads_and_has_its_name_version_and_codebook(tmp_path: Path, data_copy: Path) -> None:
    target = tmp_path / "mine"
    proc = cli("--data", str(data_copy), "new-corpus", str(target), "--name", "my-corpus")
    assert proc.returncode == 0, proc.stderr
    descriptor = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    original = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    assert (descriptor["name"], descriptor["version"]) == ("my-corpus", "0.1.0")
    assert descriptor["vocabularies"] == original["vocabularies"]
    assert [r["schema"] for r in descriptor["resources"]] == [r["schema"] for r in original["resources"]]
    assert (target / "CODEBOOK.md").read_bytes() == (data_copy / "CODEBOOK.md").read_bytes()
    assert list((target / "sources").iterdir()) == []
    assert validate(target) == []
    ds = load_dataset(target)
    assert (len(ds.documents), len(ds.statements), ds.version) == (0, 0, "0.1.0")


def test_new_corpus_from_a_package_whose_descriptor_is_not_json_exits_2_with_one_coded_line(
        tmp_path: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data_copy / "datapackage.json").write_text("{", encoding="utf-8")
    target = tmp_path / "mine"
    status = curate_main(["--data", str(data_copy), "new-corpus", str(target), "--name", "my-corpus"])
    out, err = capsys.readouterr()
    assert status == 2
    assert (out, err.count("\n")) == ("", 1), err
    assert err.startswith("error: ") and "datapackage.json: [cannot-run] not readable as JSON" in err
    assert "Traceback" not in err
    assert not target.exists()


def test_new_corpus_never_writes_into_a_folder_that_holds_something(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(Refused) as refused:
        new_corpus(target, "busy")
    assert refused.value.code == "target-not-empty"
    assert os.listdir(target) == ["notes.txt"]


def test_the_validation_cache_key_ignores_the_journal_but_not_the_data(data_copy: Path) -> None:
    from helpers.dataset import cache

    add_row("topics", TOPIC, data_copy)
    key = cache.snapshot(data_copy).key
    (data_copy / JOURNAL / "000001" / "extra").write_bytes(b"journal only")
    assert cache.snapshot(data_copy).key == key
    update_row("topics", "journal_topic", {"label": "Changed"}, data_copy)
    assert cache.snapshot(data_copy).key != key


def test_import_sets_other_declared_columns_and_refuses_undeclared_ones(data_copy: Path) -> None:
    with_provenance_columns(data_copy)
    before = files(data_copy)
    proc = cli("--data", str(data_copy), "import", str(PAGE), "--url", "https://example.org/a", "--outlet", "le_monde",
               "--accessed", "2025-01-15", "--set", "no_such_column=x")
    assert proc.returncode == 1 and "[not-in-schema]" in proc.stderr and "no_such_column" in proc.stderr
    assert files(data_copy) == before
    row = import_source(PAGE, url="https://example.org/a", outlet="le_monde", accessed="2025-01-15",
                        fields={"published_basis": "stated", **kind(data_copy)},
                        data_dir=data_copy)
    assert row["published_basis"] == "stated"


@pytest.mark.parametrize(("value", "precision", "ok"), [
    ("2024-11-25T18:07+00:00", "minute", True), ("2024-11-25T18:07", "minute", True), ("2024-11-25T24:07+00:00", "minute", False),
    ("2024-11-25T18", "hour", True), ("2024-11-25", "minute", False), ("2024-02-30", "day", False),
])
def test_a_publication_time_is_checked_at_its_precision(value: str, precision: str, ok: bool) -> None:
    from helpers.curation.rows import _check_date

    if ok:
        _check_date("published", value, precision)
    else:
        with pytest.raises(ValueError):
            _check_date("published", value, precision)


# --- what a write leaves: permissions, refusals that name their place, a blind packet ------------------------------------------


def test_a_write_keeps_the_tables_permissions_and_a_new_source_file_gets_the_umasks(data_copy: Path, tmp_path: Path) -> None:
    with_provenance_columns(data_copy)
    os.chmod(data_copy / "topics.csv", 0o640)
    text = tmp_path / "excerpt.txt"
    text.write_bytes("“Quoted,” he said.".encode())
    previous = os.umask(0o022)
    try:
        add_row("topics", TOPIC, data_copy)
        row = import_source(text, url="https://example.org/x", outlet="le_monde", accessed="2025-01-15", title="An excerpt",
                            published="2024-11-25", language="en", fields=kind(data_copy), data_dir=data_copy)
    finally:
        os.umask(previous)
    assert (data_copy / "topics.csv").stat().st_mode & 0o777 == 0o640
    assert (data_copy / row["path"]).stat().st_mode & 0o777 == 0o644
    assert (data_copy / "documents.csv").stat().st_mode & 0o777 == (data_copy / "actors.csv").stat().st_mode & 0o777


def test_remove_refusal_names_the_file_row_and_key_column_of_the_row_asked_for(data_copy: Path) -> None:
    with open(data_copy / "actors.csv", encoding="utf-8", newline="") as f:
        row_number = next(i for i, r in enumerate(csv.reader(f), start=1) if r[0] == "dmitry_peskov")
    with pytest.raises(Refused) as refused:
        remove_row("actors", "dmitry_peskov", data_dir=data_copy)
    problem = refused.value.problem
    assert (problem.file, problem.row, problem.column, problem.code) == ("actors.csv", row_number, "actor_id", "still-referenced")
    with pytest.raises(Refused) as missing:
        remove_row("actors", "nobody_at_all", data_dir=data_copy)
    assert (missing.value.problem.file, missing.value.problem.column, missing.value.code) == ("actors.csv", "actor_id", "row-not-found")


def test_new_corpus_copies_the_codebooks_lists_but_starts_the_search_log_empty(tmp_path: Path, data_copy: Path) -> None:
    report = new_corpus(tmp_path / "mine", "mine", data_dir=data_copy)
    assert "topics" in report["copied"] and "searches" not in report["copied"]
    assert (tmp_path / "mine" / "searches.csv").read_bytes() == (data_copy / "searches.csv").read_bytes().split(b"\n", 1)[0] + b"\n"
    assert (tmp_path / "mine" / "topics.csv").read_bytes() == (data_copy / "topics.csv").read_bytes()


def test_new_corpus_copies_the_actors_though_they_point_at_each_other_but_no_table_that_points_elsewhere(
        tmp_path: Path, data_copy: Path) -> None:
    report = new_corpus(tmp_path / "mine", "mine", data_dir=data_copy)
    assert "actors" in report["copied"]  # speaks_for refers to the actors themselves
    assert (tmp_path / "mine" / "actors.csv").read_bytes() == (data_copy / "actors.csv").read_bytes()
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    pointing_elsewhere = {r["name"] for r in descriptor["resources"]
                          if any(fk["reference"]["resource"] not in ("", r["name"]) for fk in r["schema"].get("foreignKeys", []))}
    assert pointing_elsewhere and not pointing_elsewhere & set(report["copied"])


def test_the_second_coders_packet_lists_utterances_without_the_first_coders_coding_of_them(data_copy: Path, tmp_path: Path) -> None:
    from helpers.curation.packet import CODED_TEXT_COLUMNS, judgement_variables, second_coder_packet

    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    unit_map = second_coder_packet(data_copy, DOC, tmp_path / "packet")
    assert unit_map
    with open(tmp_path / "packet" / "utterances.csv", encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    coded = {name for name, _ in judgement_variables(descriptor, "utterances")} | set(CODED_TEXT_COLUMNS)
    assert {"utterance_id", "wording"} <= set(header) and not coded & set(header)
    assert rows
    with open(tmp_path / "packet" / "answers.csv", encoding="utf-8", newline="") as f:
        assert {r["value"] for r in csv.DictReader(f)} == {""}


def test_a_write_whose_output_reader_went_away_is_not_reported_as_nothing_changed(data_copy: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `geopol-curate ... | head -0`: every print meets a closed pipe
    try:
        proc = subprocess.run([sys.executable, "-m", "helpers.curation.curate", "--data", str(data_copy), "add", "topics",
                               *[f"--set={k}={v}" for k, v in TOPIC.items()]],
                              stdout=write_end, stderr=subprocess.PIPE, text=True, cwd=project_root(), timeout=120)
    finally:
        os.close(write_end)
    assert "journal_topic" in ids(data_copy, "topics")
    assert "nothing was changed" not in proc.stderr and "Traceback" not in proc.stderr
    assert history(data_copy)[0]["command"] == "add topics journal_topic"


def test_history_names_an_annotated_rendering_and_its_span_as_annotate(data_copy: Path) -> None:
    annotate("statements", DOC, "Storm Shadow", {"statement_id": "history_statement", "speaker_id": "dmitry_peskov",
                                                 "mode": "phrase", "topic_id": "us_support", "stance": "unclear",
                                                 "summary": "A rendering."}, data_dir=data_copy)
    assert history(data_copy)[0]["command"] == "annotate statements history_statement at 2735:2747"


def test_a_dry_run_on_the_command_line_exits_1_when_the_change_would_cause_an_error(data_copy: Path) -> None:
    before = files(data_copy)
    proc = cli("--data", str(data_copy), "annotate", "statements", DOC, "Storm Shadow", "--set=statement_id=dry_denial",
               "--set=speaker_id=dmitry_peskov", "--set=mode=phrase", "--set=topic_id=us_support", "--set=stance=unclear",
               "--set=summary=A denial of nothing.", "--set=response=denies", "--dry-run")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "new: statements.csv:" in proc.stdout and "[response-incomplete]" in proc.stdout
    assert files(data_copy) == before
