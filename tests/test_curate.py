"""The curator CLI: ``python -m helpers.curate locate`` and ``register``."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

import helpers.validate as validate_module
from helpers.paths import default_data_dir, project_root
from helpers.provenance import find_span

DOC = "000_212c296293ee434c"


def curate(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "helpers.curate", *args], capture_output=True, text=True, cwd=cwd or project_root(), timeout=60)


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
    assert f"occurs {len(starts)} times (at {', '.join(map(str, starts))})" in proc.stderr
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
