"""The validation cache: skipped only for content a full validation found valid, never trusted otherwise.

Every test points the cache at its own folder (the ``cache_folder`` fixture)
and counts full validations by wrapping ``check_package`` as the loader calls it.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

import helpers.dataset.load as data_module
from helpers.dataset import cache
from helpers.dataset.load import DatasetError, load_dataset
from helpers.dataset.paths import project_root

#: These tests break a copy of the shipped package (they name its rows): under --data-dir too.
pytestmark = pytest.mark.usefixtures("shipped_package")

SOURCE = "sources/000_212c296293ee434c.txt"


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "user_cache"
    monkeypatch.setenv(cache.ENV_VAR, str(folder))
    return folder / "validation"


@pytest.fixture
def full_checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders fully validated by the loader, in order."""
    calls: list[Path] = []
    real = data_module.check_package

    def counting(data_dir, **options):
        calls.append(Path(data_dir))
        return real(data_dir, **options)

    monkeypatch.setattr(data_module, "check_package", counting)
    return calls


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*")) if folder.is_dir() else []


def _replace_once(path: Path, old: bytes, new: bytes) -> None:
    raw = path.read_bytes()
    assert raw.count(old) >= 1, f"{old!r} not in {path}"
    path.write_bytes(raw.replace(old, new, 1))


def test_second_load_of_unchanged_data_reuses_the_validation(data_copy: Path, cache_folder: Path, full_checks: list[Path]) -> None:
    first = load_dataset(data_copy)
    second = load_dataset(data_copy)
    assert full_checks == [data_copy]
    assert len(_entries(cache_folder)) == 1
    for name, frame in first.tables.items():
        pd.testing.assert_frame_equal(second.tables[name], frame, obj=name)
    assert second.texts == first.texts
    assert second.descriptor == first.descriptor


def test_validate_always_checks_in_full_after_a_cached_load(data_copy: Path, cache_folder: Path, full_checks: list[Path]) -> None:
    load_dataset(data_copy)
    load_dataset(data_copy, validate="always")
    assert len(full_checks) == 2


def test_an_unknown_validate_mode_is_refused(data_copy: Path, cache_folder: Path) -> None:
    with pytest.raises(ValueError, match="validate must be"):
        load_dataset(data_copy, validate="never")  # type: ignore[arg-type]


# One byte in each kind of file the package reads, changed so that the data becomes invalid,
# and where the problem must then be reported.
BREAKS = {
    "descriptor": ("datapackage.json", b'"name": "stance"', b'"name": "stancE"', "utterances.csv"),  # 2.0: utterances come first
    "table": ("statements.csv", b",supports,", b",supportz,", "statements.csv"),
    "source": (SOURCE, b"Peskov", b"Peskow", "documents.csv"),
}


@pytest.mark.parametrize("kind", BREAKS)
def test_a_changed_byte_in_each_kind_of_file_is_caught_after_a_cached_load(
    kind: str, data_copy: Path, cache_folder: Path, full_checks: list[Path]
) -> None:
    rel, old, new, reported_in = BREAKS[kind]
    load_dataset(data_copy)
    _replace_once(data_copy / rel, old, new)
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy)
    assert len(full_checks) == 2
    assert any(Path(p.file).name == reported_in for p in caught.value.problems), caught.value.problems
    assert len(_entries(cache_folder)) == 1  # the broken content was not recorded


# One byte changed in a way the validator accepts: still a full validation, then a load.
VALID_CHANGES = {
    "descriptor": ("datapackage.json", b'"version": "2.0.0"', b'"version": "2.0.1"'),
    "table": ("statements.csv", b"Le Monde reports that", b"Le Monde Reports that"),
}


@pytest.mark.parametrize("kind", VALID_CHANGES)
def test_a_changed_byte_that_keeps_the_data_valid_still_validates_in_full(
    kind: str, data_copy: Path, cache_folder: Path, full_checks: list[Path]
) -> None:
    rel, old, new = VALID_CHANGES[kind]
    load_dataset(data_copy)
    _replace_once(data_copy / rel, old, new)
    load_dataset(data_copy)
    assert len(full_checks) == 2
    assert len(_entries(cache_folder)) == 2


def test_a_new_modification_time_alone_keeps_the_entry(data_copy: Path, cache_folder: Path, full_checks: list[Path]) -> None:
    load_dataset(data_copy)
    for path in data_copy.rglob("*"):
        os.utime(path, ns=(1, 1))
    load_dataset(data_copy)
    assert len(full_checks) == 1


def test_a_file_the_package_does_not_name_is_not_part_of_the_key_and_a_missing_one_validates_in_full(
    data_copy: Path, cache_folder: Path, full_checks: list[Path]
) -> None:
    load_dataset(data_copy)
    (data_copy / "sources" / "notes.txt").write_text("a file nobody refers to", encoding="utf-8")
    load_dataset(data_copy)  # never read: not part of the package (issue 25)
    assert len(full_checks) == 1
    (data_copy / SOURCE).unlink()
    with pytest.raises(DatasetError, match="source file not found"):
        load_dataset(data_copy)
    assert len(full_checks) == 2


def test_a_new_validator_or_library_version_validates_in_full(
    data_copy: Path, cache_folder: Path, full_checks: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_dataset(data_copy)
    monkeypatch.setattr(cache, "validator_version", lambda: "edited validator")
    load_dataset(data_copy)
    monkeypatch.setattr(cache, "library_versions", lambda: ["frictionless-99.0.0.dist-info"])
    load_dataset(data_copy)
    assert len(full_checks) == 3


def test_the_validator_version_changes_with_any_helpers_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache.validator_version()
    fake = tmp_path / "helpers"
    shutil.copytree(Path(cache.__file__).parents[1], fake, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "__file__", str(fake / "dataset" / "cache.py"))
    assert cache.validator_version() == before
    with open(fake / "views" / "render.py", "ab") as f:  # a module of another subpackage counts too
        f.write(b"\n# one more line\n")
    assert cache.validator_version() != before


def test_invalid_data_is_never_cached(data_copy: Path, cache_folder: Path, full_checks: list[Path]) -> None:
    _replace_once(data_copy / "statements.csv", b",supports,", b",supportz,")
    for _ in range(2):
        with pytest.raises(DatasetError):
            load_dataset(data_copy)
    assert len(full_checks) == 2
    assert _entries(cache_folder) == []


CORRUPTIONS = {
    "corrupt": lambda e: b"{not json",
    "not-an-object": lambda e: b"[]",
    "foreign-key": lambda e: json.dumps({**e, "key": "another key"}).encode(),
    "foreign-format": lambda e: json.dumps({**e, "format": 999}).encode(),
    "bad-warnings": lambda e: json.dumps({**e, "warnings": "none"}).encode(),
    "warning-of-another-shape": lambda e: json.dumps({**e, "warnings": [{"file": "x", "bogus": 1}]}).encode(),
    "no-row-counts": lambda e: json.dumps({k: v for k, v in e.items() if k != "rows"}).encode(),
    "other-row-counts": lambda e: json.dumps({**e, "rows": {**e["rows"], "statements": e["rows"]["statements"] + 1}}).encode(),
}


@pytest.mark.parametrize("kind", CORRUPTIONS)
def test_a_corrupt_or_foreign_entry_is_ignored(kind: str, data_copy: Path, cache_folder: Path, full_checks: list[Path]) -> None:
    load_dataset(data_copy)
    (entry,) = _entries(cache_folder)
    entry.write_bytes(CORRUPTIONS[kind](json.loads(entry.read_bytes())))
    ds = load_dataset(data_copy)
    assert len(full_checks) == 2
    assert len(ds.statements) > 0
    assert json.loads(entry.read_bytes())["key"] == entry.stem  # rewritten by the full validation


def test_an_empty_setting_turns_the_cache_off(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full_checks: list[Path]) -> None:
    monkeypatch.setenv(cache.ENV_VAR, "")
    load_dataset(data_copy)
    load_dataset(data_copy)
    assert len(full_checks) == 2


def test_an_unwritable_cache_folder_does_not_stop_a_load(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.ENV_VAR, str(blocker))
    assert len(load_dataset(data_copy).statements) > 0


@dataclass(frozen=True)
class _Finding:
    file: str
    row: int | None = None
    column: str | None = None
    message: str = ""
    severity: str = "error"


def test_only_warnings_are_recorded_and_they_come_back_with_the_folder_path(data_copy: Path, cache_folder: Path) -> None:
    snap = cache.snapshot(data_copy)
    assert snap is not None
    error = _Finding(str(data_copy / "actors.csv"), 3, "kind", "bad", severity="error")
    unknown = _Finding(str(data_copy / "actors.csv"), 3, "kind", "bad", severity="notice")
    rows = {"actors": 3}
    assert not cache.store(snap, [error], rows)
    assert not cache.store(snap, [unknown], rows)
    assert not cache.store(snap, [_Finding(str(data_copy / "x"), severity="warning"), error], rows)
    assert cache.lookup(snap) is None
    warning = _Finding(str(data_copy / "actors.csv"), 3, "kind", "looks odd", severity="warning")
    assert cache.store(snap, [warning], rows)
    entry = cache.lookup(snap)
    assert entry is not None
    assert entry.warnings == [{"file": "actors.csv", "row": 3, "column": "kind", "message": "looks odd", "severity": "warning"}]
    assert entry.rows == rows


def test_concurrent_first_loads_all_succeed_and_leave_one_whole_entry(data_copy: Path, cache_folder: Path) -> None:
    code = "import sys; from helpers import load_dataset; sys.exit(0 if len(load_dataset(sys.argv[1]).statements) else 1)"
    env = {**os.environ, cache.ENV_VAR: str(cache_folder.parent)}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(data_copy)], env=env, cwd=project_root()) for _ in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    (entry,) = _entries(cache_folder)  # no temporary files left behind
    assert json.loads(entry.read_bytes())["key"] == entry.stem


def test_the_cache_lives_outside_the_repository_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV_VAR)
    folder = cache.cache_dir()
    assert folder is not None
    assert project_root() not in folder.resolve().parents


def test_a_file_changed_during_validation_is_validated_in_full_next_time(
    data_copy: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry recorded vouches for the bytes that were validated, never for those written meanwhile."""
    real = data_module.check_package

    def editing_meanwhile(data_dir, **options):
        checked = real(data_dir, **options)
        with open(Path(data_dir) / "statements.csv", "ab") as f:
            f.write(b"half,a,row\n")  # another program writes while the check runs
        return checked

    monkeypatch.setattr(data_module, "check_package", editing_meanwhile)
    load_dataset(data_copy)
    assert len(_entries(cache_folder)) == 1  # for the bytes the validator read: they were valid
    monkeypatch.setattr(data_module, "check_package", real)
    with pytest.raises(DatasetError, match="row has 3 field"):
        load_dataset(data_copy)


HOSTILE = ["plain", "", " leading and trailing ", "comma, inside", 'a "quoted" word', '"', "line\nbreak", "crlf\r\ninside",
           "NA", "null", "NaN", "None", "#not a comment", "00123", "1e5", "+655", "\u00e9t\u00e9 \u201ccurly\u201d", "tab\there", "'single'",
           "trailing backslash\\", "   "]


def test_the_loader_reads_validated_csv_exactly_as_the_csv_module_does(tmp_path: Path) -> None:
    path = tmp_path / "hostile.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["a", "b", "c"])
        for i, value in enumerate(HOSTILE):
            writer.writerow([value, HOSTILE[-1 - i], str(i)])
    with open(path, encoding="utf-8", newline="") as f:
        header, *records = csv.reader(f, strict=True)
    expected = {name: [r[i] for r in records] for i, name in enumerate(header)}
    read = data_module._read_table(path.read_bytes())
    assert {name: list(values) for name, values in read.items()} == expected


@pytest.mark.parametrize("kind", ["fifo", "symlink"])
def test_a_fifo_or_a_link_the_package_does_not_name_is_never_read(data_copy: Path, tmp_path: Path, kind: str) -> None:
    """A FIFO would block a read and a link could lead out of the folder: what the package does not name is never opened."""
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    if kind == "fifo":
        os.mkfifo(data_copy / "stray")
    else:
        (data_copy / "stray").symlink_to(outside)
    snap = cache.snapshot(data_copy)
    assert snap is not None and "stray" not in snap.files
    before = outside.stat().st_atime_ns
    assert load_dataset(data_copy).statements.shape[0] > 0  # returns (no hang); the stray entry is not part of the package
    assert outside.stat().st_atime_ns == before


def test_a_cached_load_gives_each_source_the_hash_of_its_bytes(data_copy: Path, cache_folder: Path, full_checks: list[Path]) -> None:
    import hashlib

    load_dataset(data_copy)
    snap = cache.snapshot(data_copy)
    assert snap is not None and cache.lookup(snap) is not None
    checked, _ = data_module._checked_from_snapshot(snap, cache.lookup(snap))
    paths = dict(zip(load_dataset(data_copy).documents["document_id"], load_dataset(data_copy).documents["path"], strict=True))
    assert checked.sources and checked.sources.keys() == paths.keys()
    for doc_id, source in checked.sources.items():
        raw = (data_copy / paths[doc_id]).read_bytes()
        assert source.sha256 == hashlib.sha256(raw).hexdigest() and source.text == raw.decode("utf-8")
