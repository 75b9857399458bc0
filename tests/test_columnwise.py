"""The column-wise checks report what frictionless reports: the same (file, row, column, code), input for input.

Both paths run on every bad input here and on every input of the adversarial
module (``test_adversarial.CASES``, replayed with both paths compared wherever
the validator checks tables). The only differences allowed are the deliberate
ones :mod:`helpers.dataset.columnwise` lists: patterns matched in full, integers
beyond 64 bits and dates beyond the loader's timestamps.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

import helpers.dataset.rules.core as core
from helpers.dataset import columnwise, reading
from helpers.dataset import validate as validate_module
from helpers.dataset.load import DatasetError, load_dataset

#: These tests break a copy of the shipped package (they name its rows): under --data-dir too.
pytestmark = pytest.mark.usefixtures("shipped_package")


def _adversarial_module() -> ModuleType:
    """The adversarial test module, for its inputs (the tests are imported by path: no package, no sys.path entry)."""
    spec = importlib.util.spec_from_file_location("adversarial_inputs", Path(__file__).with_name("test_adversarial.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


adversarial = _adversarial_module()
Key = tuple[str, int | None, str | None, str]
_CODE = re.compile(r"\[([a-z0-9-]+)\]")
OURS_ONLY = {"integer-out-of-range", "date-out-of-range"}  # the loader's limits, which frictionless does not know


# --- both paths ---------------------------------------------------------------------------------------------------------


def _key(problem: validate_module.Problem) -> Key:
    match = _CODE.match(problem.message)
    return Path(problem.file).name, problem.row, problem.column, match.group(1) if match else "frictionless"


def _frictionless_would_pass(checked: validate_module.CheckedPackage, key: Key) -> bool:
    """A pattern problem frictionless misses by design: its ``^…$`` with ``re.match`` accepts what a full match refuses."""
    name, row, column, code = key
    resource = next(r for r in checked.resources.values() if Path(r["path"]).name == name)
    field = next(f for f in resource["schema"]["fields"] if f["name"] == column)
    pattern = field.get("constraints", {}).get("pattern")
    if code != "constraint-error" or pattern is None or row is None:
        return False
    value = checked.columns[resource["name"]][column][row - 2]
    return re.match(f"^{pattern}$", value) is not None and re.fullmatch(pattern, value) is None


def compare(checked: validate_module.CheckedPackage) -> tuple[list[Key], list[Key]] | None:
    """What only the column-wise path reports (beyond its deliberate differences), and what only frictionless reports.

    None when frictionless itself cannot run on this input (it raises on a pattern that does not compile).
    """
    ours = [_key(p) for p in reading._table_problems(checked)]
    try:
        theirs = [_key(p) for p in reading._frictionless_problems(checked.data_dir, checked.descriptor, skip=checked.broken)]
    except Exception:  # frictionless raising is what the column-wise path turns into a problem line
        return None
    only_ours = [k for k in ours if k not in theirs and k[3] not in OURS_ONLY and not _frictionless_would_pass(checked, k)]
    only_theirs = [k for k in theirs if k not in ours]
    return only_ours, only_theirs


def both_paths(data_dir: Path) -> tuple[list[Key], list[Key], list[Key]]:
    """The column-wise problems, and what only each path reports, for the tables of ``data_dir``."""
    checked = validate_module.check_package(data_dir, rules=[])
    assert checked.contained
    compared = compare(checked)
    assert compared is not None
    return [_key(p) for p in reading._table_problems(checked)], *compared


# --- bad inputs -----------------------------------------------------------------------------------------------------------


def _table(data: Path, name: str) -> tuple[list[str], list[list[str]]]:
    with open(data / f"{name}.csv", encoding="utf-8", newline="") as f:
        header, *records = list(csv.reader(f))
    return header, records


def _write(data: Path, name: str, header: list[str], records: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *records])
    (data / f"{name}.csv").write_bytes(buf.getvalue().encode("utf-8"))


def cells(table: str, *edits: tuple[int, str, str]) -> Callable[[Path], None]:
    """Set (data row index, column, value) cells of a table."""
    def change(data: Path) -> None:
        header, records = _table(data, table)
        for row, column, value in edits:
            records[row][header.index(column)] = value
        _write(data, table, header, records)
    return change


def rows(table: str, change_rows: Callable[[list[str], list[list[str]]], list[list[str]]]) -> Callable[[Path], None]:
    def change(data: Path) -> None:
        header, records = _table(data, table)
        _write(data, table, header, change_rows(header, records))
    return change


def descriptor(change_descriptor: Callable[[dict], None]) -> Callable[[Path], None]:
    def change(data: Path) -> None:
        path = data / "datapackage.json"
        d = json.loads(path.read_text(encoding="utf-8"))
        change_descriptor(d)
        path.write_text(json.dumps(d, indent=1, ensure_ascii=False), encoding="utf-8")
    return change


def _resource(d: dict, name: str) -> dict:
    return next(r for r in d["resources"] if r["name"] == name)


def _field(d: dict, table: str, name: str) -> dict:
    return next(f for f in _resource(d, table)["schema"]["fields"] if f["name"] == name)


def _blank_row(header: list[str], records: list[list[str]]) -> list[list[str]]:
    return [*records[:3], [""] * len(header), *records[3:]]


def _duplicate(index: int) -> Callable[[list[str], list[list[str]]], list[list[str]]]:
    return lambda header, records: [*records, list(records[index]), list(records[index])]


def _many_bad(header: list[str], records: list[list[str]]) -> list[list[str]]:
    bad = [list(records[0]) for _ in range(1200)]
    for i, row in enumerate(bad):
        row[header.index("statement_id")] = f"s_many_{i}"
        row[header.index("stance")] = "sideways"
        row[header.index("char_start")] = "x"
    return [*records, *bad]


BAD_INPUTS: dict[str, list[Callable[[Path], None]]] = {
    "enum, pattern, required": [cells("actors", (0, "kind", "persn"), (1, "actor_id", "Not An Id"), (2, "name", ""))],
    "integer forms int() takes or refuses": [
        cells("statements", (0, "char_start", "+5"), (1, "char_start", " 7 "), (2, "char_start", "1_0"), (3, "char_start", "٦٥"),
              (4, "char_start", "1e3"), (5, "char_start", "5.0"), (6, "char_end", "x"), (7, "char_end", "-1"), (8, "char_end", "1\n2"))],
    "minimum and type in one row": [cells("statements", (0, "char_start", "-3"), (0, "char_end", "abc"), (0, "stance", "nope"))],
    "unique and primary key": [rows("topics", _duplicate(0)), rows("statements", _duplicate(2))],
    "primary key all missing": [cells("events", (1, "event_id", ""))],
    "blank row": [rows("topics", _blank_row)],
    "foreign keys, self-references too": [
        cells("statements", (0, "speaker_id", "nobody"), (1, "responds_to_id", "no_statement"), (2, "topic_id", "no_topic"),
              (3, "document_id", "no_document")),
        cells("country_positions", (0, "statement_id", "no_statement"), (1, "actor_id", "")),
        cells("claim_statements", (0, "statement_id", "no_statement"))],
    "a referenced key that is itself broken": [cells("topics", (0, "topic_id", "Bad Topic"))],
    "missing values of the schema": [descriptor(lambda d: _resource(d, "actors")["schema"].__setitem__("missingValues", ["", "n/a"])),
                                     cells("actors", (0, "kind", "n/a"), (1, "role", "n/a"))],
    "lengths": [descriptor(lambda d: _field(d, "topics", "label")["constraints"].update(minLength=5, maxLength=12))],
    "integer enum and bounds": [descriptor(lambda d: _field(d, "statements", "char_start")["constraints"].update(enum=[0, "12"],
                                                                                                                maximum="100"))],
    "boolean forms frictionless reads or refuses": [
        cells("documents", (0, "excerpt", "TRUE"), (1, "excerpt", "yes"), (2, "excerpt", " true"), (3, "excerpt", "0"), (4, "excerpt", ""))],
    "boolean enum": [descriptor(lambda d: _field(d, "documents", "excerpt")["constraints"].__setitem__("enum", ["true"])),
                     cells("documents", (0, "excerpt", "false"), (1, "excerpt", "1"))],
    "more problems than frictionless's limit": [rows("statements", _many_bad)],
    "a field type the column-wise path leaves to frictionless": [
        descriptor(lambda d: _field(d, "topics", "description").__setitem__("type", "number")),
        cells("topics", (0, "description", "12.5"))],
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_both_paths_report_the_same_problems(name: str, data_copy: Path) -> None:
    for change in BAD_INPUTS[name]:
        change(data_copy)
    ours, only_ours, only_theirs = both_paths(data_copy)
    assert ours, "the bad input was not noticed at all"
    assert (only_ours, only_theirs) == ([], [])


def test_the_limit_of_problems_per_table_is_frictionless_s(data_copy: Path) -> None:
    rows("statements", _many_bad)(data_copy)
    ours, _, _ = both_paths(data_copy)
    assert sum(k[0] == "statements.csv" for k in ours) == columnwise.LIMIT_ERRORS


def test_valid_data_has_no_problems_either_way(data_copy: Path) -> None:
    assert both_paths(data_copy) == ([], [], [])


# --- the adversarial module's inputs, with both paths compared -------------------------------------------------------


@pytest.mark.parametrize("case", adversarial.CASES, ids=[c.name for c in adversarial.CASES])
def test_adversarial_inputs_get_the_same_table_problems(case: object, data_copy: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    differences: list[tuple[list[Key], list[Key]]] = []
    real = reading._table_problems

    def both(checked: validate_module.CheckedPackage) -> list[validate_module.Problem]:
        compared = compare(checked)
        if compared is not None and compared != ([], []):
            differences.append(compared)
        return real(checked)

    monkeypatch.setattr(core, "_table_problems", both)
    monkeypatch.setenv(validate_module.PROCESSES_ENV, "1")  # the comparison runs in this process
    adversarial.run_case(case, adversarial.Sandbox.around(data_copy))
    assert differences == []


# --- where the column-wise path differs on purpose (issue 25) ----------------------------------------------------------


def _problem_keys(data: Path) -> set[tuple[str, int | None, str | None, str]]:
    return {(Path(p.file).name, p.row, p.column, p.code) for p in validate_module.validate(data)}


@pytest.mark.parametrize("value", ["troops_to_ukraine\n", "russia\n", "a|b"])
def test_a_pattern_must_match_the_whole_value(value: str, data_copy: Path) -> None:
    cells("statements", (0, "topic_id", value))(data_copy)
    keys = _problem_keys(data_copy)
    assert ("statements.csv", 2, "topic_id", "constraint-error") in keys


def test_a_key_with_a_trailing_line_break_is_not_the_key(data_copy: Path) -> None:
    header, records = _table(data_copy, "topics")
    look_alike = list(records[0])
    look_alike[0] += "\n"
    _write(data_copy, "topics", header, [*records, look_alike])
    keys = _problem_keys(data_copy)
    assert ("topics.csv", len(records) + 2, "topic_id", "constraint-error") in keys


def _unlinked_event(data: Path) -> tuple[int, str]:
    """The row index and id of an event no event link orders, so that any in-range date of it loads."""
    header, records = _table(data, "events")
    link_header, links = _table(data, "event_links") if (data / "event_links.csv").exists() else ([], [])
    linked = {link[link_header.index(c)] for link in links for c in ("before_id", "after_id")}
    return next((i, r[header.index("event_id")]) for i, r in enumerate(records) if r[header.index("event_id")] not in linked)


@pytest.mark.parametrize(("value", "precision", "outside"), [
    ("2262-04-12", "day", True), ("0001", "year", True), ("9999", "year", True), ("1677-09-21", "day", True),
    ("2262", "year", True), ("1677", "year", True), ("2262-04", "month", True),
    ("2262-04-10", "day", False), ("1677-09-22", "day", False), ("2024-11", "month", False),
])
def test_dates_beyond_the_loader_s_timestamps_are_a_problem(value: str, precision: str, outside: bool, data_copy: Path) -> None:
    row, event_id = _unlinked_event(data_copy)
    cells("events", (row, "date", value), (row, "date_precision", precision))(data_copy)
    keys = _problem_keys(data_copy)
    assert (("events.csv", row + 2, "date", "date-out-of-range") in keys) is outside
    if not outside:
        ds = load_dataset(data_copy, validate="always")
        assert str(ds.events.set_index("event_id").at[event_id, "date_start"].date()).startswith(value[:4])


def test_no_date_wraps_round_when_loaded(data_copy: Path) -> None:
    cells("events", (0, "date", "2262-04-12"), (0, "date_precision", "day"))(data_copy)
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_copy, validate="always")
    assert ("date-out-of-range", "date") in {(p.code, p.column) for p in caught.value.problems}


@pytest.mark.parametrize("digits", [20, 4301, 10_000])
def test_an_offset_of_any_length_is_a_problem_line_never_a_crash(digits: int, data_copy: Path) -> None:
    cells("statements", (0, "char_start", "9" * digits))(data_copy)
    _header, records = _table(data_copy, "mentions")
    if records:
        cells("mentions", (0, "char_end", "9" * digits))(data_copy)
    keys = _problem_keys(data_copy)
    # past Python's 4,300 digits it is not an integer at all (frictionless says so too); below, one the loader cannot hold
    code = "type-error" if digits > 4300 else "integer-out-of-range"
    assert ("statements.csv", 2, "char_start", code) in keys
    assert all(len(str(p)) < 2000 for p in validate_module.validate(data_copy))  # the value is not printed whole
    with pytest.raises(DatasetError):
        load_dataset(data_copy, validate="always")


@pytest.mark.parametrize(("constraint", "value"), [("pattern", "(["), ("minimum", "abc"), ("maximum", 1.5)])
def test_a_constraint_no_reader_can_apply_is_a_problem_of_the_descriptor(constraint: str, value: object, data_copy: Path) -> None:
    field = ("actors", "actor_id") if constraint == "pattern" else ("statements", "char_start")
    descriptor(lambda d: _field(d, *field)["constraints"].__setitem__(constraint, value))(data_copy)
    keys = _problem_keys(data_copy)
    assert ("datapackage.json", None, f"{field[0]}.{field[1]}", "descriptor-invalid") in keys


# --- the second process ------------------------------------------------------------------------------------------------


def _corpus_with_problems(tmp_path: Path) -> Path:
    from bench.corpus import build_corpus

    data = build_corpus(tmp_path / "corpus", copies=2)
    cells("statements", (0, "stance", "nope"), (3, "speaker_id", "nobody"), (5, "evidence", "\x00x"))(data)
    cells("topics", (1, "label", "=1+1"))(data)
    return data


def test_the_second_process_finds_what_one_process_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _corpus_with_problems(tmp_path)
    monkeypatch.setattr(validate_module, "PARALLEL_ROWS", 0)
    forks = []
    real_fork = validate_module._in_forked_process
    monkeypatch.setattr(validate_module, "_in_forked_process", lambda work: forks.append(1) or real_fork(work))
    two = validate_module.validate(data)
    assert forks == [1]
    monkeypatch.setenv(validate_module.PROCESSES_ENV, "1")
    one = validate_module.validate(data)
    assert forks == [1]
    assert two == one
    assert {p.code for p in one} >= {"constraint-error", "foreign-key", "control-character", "formula-prefix"}


def test_a_second_process_that_gives_nothing_back_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _corpus_with_problems(tmp_path)
    monkeypatch.setenv(validate_module.PROCESSES_ENV, "1")
    one = validate_module.validate(data)
    monkeypatch.delenv(validate_module.PROCESSES_ENV)
    monkeypatch.setattr(validate_module, "PARALLEL_ROWS", 0)
    monkeypatch.setattr(validate_module, "_in_forked_process", lambda work: (lambda: None))
    assert validate_module.validate(data) == one


def test_an_error_in_the_second_process_is_raised_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wait = validate_module._in_forked_process(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        wait()
    assert validate_module._in_forked_process(lambda: {"a": [1, 2]})() == {"a": [1, 2]}


# --- the descriptor, checked by frictionless once per content --------------------------------------------------------


def test_a_descriptor_frictionless_accepted_is_not_checked_again_and_a_rejected_one_always_is(
        data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import helpers.dataset.frictionless_fast as fast
    from helpers.dataset.cache import ENV_VAR

    monkeypatch.setenv(ENV_VAR, str(tmp_path / "cache"))
    calls: list[int] = []
    real = fast.import_frictionless
    monkeypatch.setattr(fast, "import_frictionless", lambda: calls.append(1) or real())
    assert validate_module.validate(data_copy) == []
    cells("topics", (0, "label", "Another label"))(data_copy)  # a table changes, the descriptor does not
    assert validate_module.validate(data_copy) == []
    assert calls == [1]
    descriptor(lambda d: _field(d, "topics", "label").__setitem__("type", "no-such-type"))(data_copy)
    for _ in range(2):
        assert "descriptor-invalid" in {p.code for p in validate_module.validate(data_copy)}
    assert calls == [1, 1, 1]


# --- the raw rows' constraints, compared column-wise -------------------------------------------------------------------

_HOSTILE_CELLS = ["", "a", "abc", "a_b", "A", "abc\n", " abc", "0", "7", "07", "-3", "+3", "655", "99999999999999999999999",
                  "٣", "x" * 300, "é", "\u202eabc", "a;b", "a;;b", "true"]
_CHECKS = [  # (kind, required, enum, pattern, minLength, maxLength, minimum, maximum), as rule_raw_constraints builds them
    ("string", False, None, None, None, None, None, None),
    ("string", True, None, None, None, None, None, None),
    ("string", True, {"a", "abc", "7"}, None, None, None, None, None),
    ("string", False, None, re.compile("^[a-z0-9][a-z0-9_]*$"), None, None, None, None),
    ("string", True, None, re.compile("^[a-z0-9_]+(;[a-z0-9_]+)*$"), 2, 5, None, None),
    ("string", False, {"abc", "a_b"}, re.compile("a|b"), 0, 200, None, None),
    ("integer", True, None, None, None, None, 0, None),
    ("integer", False, {"0", "7"}, None, None, None, 1, 10),
    ("integer", False, None, re.compile("^[0-9]{2,4}$"), None, 3, -5, 700),
    ("boolean", True, {"true", "false"}, None, None, None, None, None),
]


@pytest.mark.parametrize("check", _CHECKS, ids=lambda c: "-".join(str(x) for x in c[:2]))
def test_the_raw_constraints_fail_column_wise_exactly_the_cells_a_reason_is_found_for(check: tuple) -> None:
    import numpy as np

    from helpers.dataset.rules.reading import _failing, _why

    cells = np.array(_HOSTILE_CELLS, dtype=object)
    expected = [_why(value, *check) is not None for value in _HOSTILE_CELLS]
    assert _failing(cells, *check).tolist() == expected
    assert any(expected) or check[1:] == _CHECKS[0][1:]  # every check but the empty one fails some cell here


def test_a_pattern_is_matched_once_per_column_and_the_answer_is_not_kept_past_the_column(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import numpy as np

    column = np.array(["a_b", "B", "", "c\n"], dtype=object)
    first = columnwise.full_matches(column, "^[a-z0-9][a-z0-9_]*$")
    assert first.tolist() == [True, False, False, False]
    assert columnwise.full_matches(column, re.compile("^[a-z0-9][a-z0-9_]*$")) is first  # the second check reuses it
    assert columnwise.full_matches(column, "^[A-Z]$").tolist() == [False, True, False, False]  # another pattern: its own answer
    assert columnwise.full_matches(column.copy(), "^[a-z0-9][a-z0-9_]*$") is not first  # another array: matched again
    with pytest.raises(ValueError):
        first[0] = False  # shared, so read-only
    kept = len(columnwise._MATCHED)
    del column
    gc.collect()
    assert len(columnwise._MATCHED) < kept


def test_reading_a_package_pauses_the_cycle_collector_and_restores_it(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    seen: list[bool] = []
    real = validate_module._run_rules
    monkeypatch.setattr(validate_module, "_run_rules", lambda *a, **k: seen.append(gc.isenabled()) or real(*a, **k))
    assert gc.isenabled()
    load_dataset(data_copy, validate="always")
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        validate_module.validate(data_copy)
        assert not gc.isenabled()  # left off by whoever turned it off
    finally:
        gc.enable()
