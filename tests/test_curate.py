"""The curator tools: ``python -m helpers.curation.curate locate``, ``register`` and ``update``."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import helpers.curation.journal as journal_module
import helpers.dataset.validate as validate_module
from helpers.curation.curate import register_source, update_row
from helpers.dataset.paths import default_data_dir, project_root
from helpers.dataset.provenance import find_span

DOC = "000_212c296293ee434c"

#: These tests use the shipped article as their fixture (they name its rows): under --data-dir too.
pytestmark = pytest.mark.usefixtures("shipped_package")


def curate(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "helpers.curation.curate", *args], capture_output=True, text=True,
                          cwd=cwd or project_root(), timeout=60)


def article() -> str:
    return (default_data_dir() / "sources" / f"{DOC}.txt").read_bytes().decode("utf-8")


def documents(data_dir: Path) -> list[dict[str, str]]:
    with open(data_dir / "documents.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- locate ----------------------------------------------------------------------------------------------------


def test_locate_prints_the_span_of_unique_evidence(tmp_path: Path) -> None:
    proc = curate("locate", DOC, "Storm Shadow", cwd=tmp_path)
    start, end = find_span(article(), "Storm Shadow")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"{start}\t{end}\n", "")
    assert article()[start:end] == "Storm Shadow"


def test_locate_with_occurrence_picks_the_nth() -> None:
    text = article()
    second = text.find("Ukraine", text.find("Ukraine") + 1)
    proc = curate("locate", DOC, "Ukraine", "--occurrence", "2")
    assert (proc.returncode, proc.stdout) == (0, f"{second}\t{second + len('Ukraine')}\n")


def test_locate_not_found_exits_1_with_a_clear_message() -> None:
    proc = curate("locate", DOC, "Patriot battery")
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == "error: evidence not found in text: 'Patriot battery'\n"


def test_locate_ambiguous_without_occurrence_exits_1_listing_the_occurrences() -> None:
    text = article()
    starts = [i for i in range(len(text)) if text.startswith("Ukraine", i)]
    assert len(starts) > 1
    proc = curate("locate", DOC, "Ukraine")
    assert (proc.returncode, proc.stdout) == (1, "")
    shown = ", ".join(map(str, starts[:10])) + (", ..." if len(starts) > 10 else "")  # the first ten: a message stays short
    assert f"occurs {len(starts)} times (at {shown})" in proc.stderr
    assert f"give an occurrence from 1 to {len(starts)}" in proc.stderr


def test_locate_unknown_document_exits_1_naming_it() -> None:
    proc = curate("locate", "no_such_doc", "Ukraine")
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: no document 'no_such_doc' in ")


# --- register -------------------------------------------------------------------------------------------------------


@pytest.fixture
def new_source(tmp_path: Path) -> tuple[Path, bytes]:
    raw = "A second text.\r\nIt says “no comment”, and Britain’s view.\r\nNo final newline".encode()
    path = tmp_path / "incoming.txt"
    path.write_bytes(raw)
    return path, raw


def register(data_dir: Path, source: Path, document_id: str = "second_doc") -> subprocess.CompletedProcess[str]:
    return curate("--data", str(data_dir), "register", str(source), "--document-id", document_id,
                  "--title", "A second text", "--published", "2024-11-20", "--date-precision", "day")


def test_register_copies_bytes_exactly_and_appends_a_documents_row(data_copy: Path, new_source: tuple[Path, bytes]) -> None:
    source, raw = new_source
    before = (data_copy / "documents.csv").read_bytes()
    proc = register(data_copy, source)
    assert proc.returncode == 0, proc.stderr
    target = data_copy / "sources" / "second_doc.txt"
    assert target.read_bytes() == raw
    after = (data_copy / "documents.csv").read_bytes()
    assert after.startswith(before), "existing rows must not change"
    rows = documents(data_copy)
    assert len(rows) == before.count(b"\n")  # header + old rows + one new row
    row = rows[-1]
    assert row["document_id"] == "second_doc" and row["path"] == "sources/second_doc.txt"
    assert row["sha256"] == hashlib.sha256(raw).hexdigest()
    assert row["char_length"] == str(len(raw.decode("utf-8")))
    assert (row["published"], row["date_precision"], row["title"]) == ("2024-11-20", "day", "A second text")
    assert f"sha256={row['sha256']}" in proc.stdout


def test_registered_copy_still_validates(data_copy: Path, new_source: tuple[Path, bytes], capsys: pytest.CaptureFixture[str]) -> None:
    assert register(data_copy, new_source[0]).returncode == 0
    capsys.readouterr()
    assert validate_module.main([str(data_copy)]) == 0
    assert capsys.readouterr().out == ""


def test_register_refuses_a_duplicate_id_and_changes_nothing(data_copy: Path, new_source: tuple[Path, bytes]) -> None:
    before = (data_copy / "documents.csv").read_bytes()
    proc = register(data_copy, new_source[0], document_id=DOC)
    assert proc.returncode == 1
    assert proc.stderr == f"error: document '{DOC}' is already registered\n"
    assert (data_copy / "documents.csv").read_bytes() == before


def test_register_refuses_to_overwrite_a_source_file(data_copy: Path, new_source: tuple[Path, bytes]) -> None:
    (data_copy / "sources" / "second_doc.txt").write_bytes(b"already here")
    before = (data_copy / "documents.csv").read_bytes()
    proc = register(data_copy, new_source[0])
    assert proc.returncode == 1 and "exists already" in proc.stderr
    assert (data_copy / "sources" / "second_doc.txt").read_bytes() == b"already here"
    assert (data_copy / "documents.csv").read_bytes() == before


def test_register_refuses_text_that_is_not_utf8(data_copy: Path, tmp_path: Path) -> None:
    source = tmp_path / "latin1.txt"
    source.write_bytes("café".encode("latin-1"))
    proc = register(data_copy, source)
    assert proc.returncode == 1 and "utf-8" in proc.stderr.lower()
    assert not (data_copy / "sources" / "second_doc.txt").exists()


def test_register_starts_a_new_line_when_documents_csv_lacks_a_final_newline(data_copy: Path, new_source: tuple[Path, bytes]) -> None:
    path = data_copy / "documents.csv"
    old = path.read_bytes()
    path.write_bytes(old.rstrip(b"\n"))
    assert register(data_copy, new_source[0]).returncode == 0
    rows = documents(data_copy)
    assert [r["document_id"] for r in rows][-2:] == [documents(default_data_dir())[-1]["document_id"], "second_doc"]
    assert rows[-2] == documents(default_data_dir())[-1]


def test_register_refuses_an_id_that_escapes_the_data_folder_and_writes_nothing(data_copy: Path, new_source: tuple[Path, bytes]) -> None:
    outside = data_copy.parent  # sources/../../escaped.txt would land here
    before_outside = sorted(p.name for p in outside.iterdir())
    before_sources = sorted(p.name for p in (data_copy / "sources").iterdir())
    before = (data_copy / "documents.csv").read_bytes()
    proc = register(data_copy, new_source[0], document_id="../../escaped")
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == "error: document id '../../escaped' does not match the pattern ^[a-z0-9][a-z0-9_]*$ of documents.document_id\n"
    assert not (outside / "escaped.txt").exists()
    assert sorted(p.name for p in outside.iterdir()) == before_outside
    assert sorted(p.name for p in (data_copy / "sources").iterdir()) == before_sources
    assert (data_copy / "documents.csv").read_bytes() == before


def test_register_keeps_the_source_inside_sources_even_when_the_schema_pattern_is_loose(
    data_copy: Path, new_source: tuple[Path, bytes]
) -> None:
    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    [field] = [f for r in descriptor["resources"] if r["name"] == "documents" for f in r["schema"]["fields"] if f["name"] == "document_id"]
    field["constraints"]["pattern"] = "^.+$"
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    before = (data_copy / "documents.csv").read_bytes()
    with pytest.raises(ValueError, match="would put the source outside"):
        register_source(new_source[0], "../../escaped", title="t", published="2024", date_precision="year", data_dir=data_copy)
    assert not (data_copy.parent / "escaped.txt").exists()
    assert (data_copy / "documents.csv").read_bytes() == before


def test_register_leaves_no_orphan_file_when_the_row_cannot_be_written(
    data_copy: Path, new_source: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (data_copy / "documents.csv").read_bytes()
    real_write = journal_module._write_temporary

    def disk_fills_on_documents(folder: Path, name: str, data: bytes) -> Path:
        if name == "documents.csv":  # the source file was written; the disk fills up before the row is
            raise OSError(28, "No space left on device")
        return real_write(folder, name, data)

    monkeypatch.setattr(journal_module, "_write_temporary", disk_fills_on_documents)
    with pytest.raises(OSError, match="No space left"):
        register_source(new_source[0], "second_doc", title="t", published="2024", date_precision="year", data_dir=data_copy)
    assert not (data_copy / "sources" / "second_doc.txt").exists()
    assert (data_copy / "documents.csv").read_bytes() == before
    shipped = sorted(p.name for p in (default_data_dir() / "sources").iterdir())
    assert sorted(p.name for p in (data_copy / "sources").iterdir()) == shipped  # no temporary file either


# --- update -----------------------------------------------------------------------------------------------------------


def csv_ids(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return [record[0] for record in list(csv.reader(f))[1:]]


def test_update_changes_the_bytes_of_that_row_only(data_copy: Path) -> None:
    path = data_copy / "statements.csv"
    before = path.read_bytes().split(b"\n")
    statement_id = csv_ids(path)[2]
    row = update_row("statements", statement_id, {"stance": "unclear"}, data_copy)
    after = path.read_bytes().split(b"\n")
    assert (row["statement_id"], row["stance"]) == (statement_id, "unclear")
    assert [i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new] == [3]  # line 0 is the header


def crlf_line_endings(raw: bytes) -> bytes:
    return raw.replace(b"\n", b"\r\n")


def needless_quotes(raw: bytes) -> bytes:
    assert raw.startswith(b"topic_id,")
    return b'"topic_id"' + raw[len(b"topic_id") :]  # the same values, quoted where the csv module would not quote


@pytest.mark.parametrize("reformat", [crlf_line_endings, needless_quotes], ids=["crlf_line_endings", "needless_quotes"])
def test_update_refuses_a_file_it_could_not_write_back_byte_for_byte(reformat: Callable[[bytes], bytes], data_copy: Path) -> None:
    path = data_copy / "topics.csv"
    raw = reformat(path.read_bytes())
    path.write_bytes(raw)
    topic_id = csv_ids(path)[0]
    with pytest.raises(ValueError, match="not in the csv module's format"):
        update_row("topics", topic_id, {"label": "Changed"}, data_copy)
    assert path.read_bytes() == raw
    proc = curate("--data", str(data_copy), "update", "topics", topic_id, "--set", "label=Changed")
    assert (proc.returncode, proc.stdout) == (1, "")
    assert "rewriting it would change other rows too" in proc.stderr
    assert path.read_bytes() == raw
