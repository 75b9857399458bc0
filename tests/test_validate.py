"""Bad input: each broken copy of the real data is reported by the CLI and the loader, located by file, row and column.

Every case breaks a private copy of ``data/`` (the ``data_copy`` fixture) and
checks, for the same folder:

* the command-line entry point of ``python -m helpers.dataset.validate`` (``main``, run
  in-process so the suite stays fast) exits 1 and prints one line per problem;
* ``load_dataset`` raises ``DatasetError`` whose ``.problems`` print as exactly
  those lines;
* one problem names the expected file, row and column with a specific message.

``test_cli_subprocess_*`` run the real ``python -m helpers.dataset.validate`` in a
subprocess for each exit status (0, 1, 2); they start together, since each
interpreter spends seconds importing frictionless and jsonschema.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import helpers.dataset.validate as validate_module
from helpers.dataset.load import DatasetError, load_dataset
from helpers.dataset.paths import default_data_dir, project_root
from tests._skips import rows_or_skip

Problem = validate_module.Problem
CannotValidate = validate_module.CannotValidate
#: Why a case skips on a package without the rows it would break (e.g. a new, empty corpus).
NOTHING_TO_BREAK = "nothing of that kind to break"



# --- editing a copy of the data ------------------------------------------------------------------


def read_table(data_dir: Path, name: str) -> tuple[list[str], list[list[str]]]:
    """Header and records of ``name``.csv, exactly as the csv module reads them."""
    with open(data_dir / f"{name}.csv", encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    return table[0], table[1:]


def write_table(data_dir: Path, name: str, header: list[str], records: list[list[str]]) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(records)
    (data_dir / f"{name}.csv").write_bytes(buf.getvalue().encode("utf-8"))


def set_cell(data_dir: Path, name: str, where: Callable[[dict[str, str]], bool], column: str, value: str, what: str | None = None) -> int:
    """Set ``column`` of the first row matching ``where``; return its row number (header = 1, as reported).

    Skips the test when no row matches: the package lacks ``what`` (by default, any row of ``name``).
    """
    header, records = read_table(data_dir, name)
    matching = [i for i, record in enumerate(records) if where(dict(zip(header, record, strict=True)))]
    [i, *_] = rows_or_skip(matching, what or f"row in {name}.csv", because=NOTHING_TO_BREAK)
    records[i][header.index(column)] = value
    write_table(data_dir, name, header, records)
    return i + 2


def first_row(_: dict[str, str]) -> bool:
    return True


def cell(data_dir: Path, name: str, row_number: int, column: str) -> str:
    header, records = read_table(data_dir, name)
    return records[row_number - 2][header.index(column)]


def source_file(data_dir: Path, where: Callable[[bytes], bool] = lambda _: True, what: str = "document") -> tuple[int, Path]:
    """The row number in documents.csv and the path of the first document whose source file's bytes match ``where``.

    Skips the test when there is none: the package lacks ``what``.
    """
    header, records = read_table(data_dir, "documents")
    matching = [(i + 2, data_dir / record[header.index("path")]) for i, record in enumerate(records)]
    return rows_or_skip([(row, path) for row, path in matching if where(path.read_bytes())], what, because=NOTHING_TO_BREAK)[0]


# --- the broken copies ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """The problem a broken copy must produce: file name, row (or None), column (or None), code, and a fragment its message keeps."""

    file: str
    row: int | None
    column: str | None
    code: str
    fragment: str


def dangling_foreign_key(d: Path) -> Expect:
    row = set_cell(d, "statements", first_row, "speaker_id", "no_such_actor", "statement")
    return Expect("statements.csv", row, "speaker_id", "foreign-key", 'for "speaker_id": values "no_such_actor" not found')


def duplicate_id(d: Path) -> Expect:
    header, records = read_table(d, "topics")
    records.append(list(records[0]))  # an exact duplicate row: nothing else changes
    write_table(d, "topics", header, records)
    return Expect("topics.csv", len(records) + 1, "topic_id", "unique-error", f"value {records[0][0]!r}: the same as in the row at position 2")


def unknown_enum_value(d: Path) -> Expect:
    row = set_cell(d, "statements", first_row, "stance", "maybe", "statement")
    return Expect("statements.csv", row, "stance", "constraint-error", "value 'maybe': constraint \"enum\"")


def non_integer_offset(d: Path) -> Expect:
    row = set_cell(d, "mentions", lambda r: r["char_start"] != "", "char_start", "12a", "mention with a span")
    return Expect("mentions.csv", row, "char_start", "type-error", "value '12a': type is \"integer/default\"")


def first_event_with_a_span(d: Path) -> tuple[int, int, int]:
    """Index in events.csv's records, char_start and char_end of the first event with a span (skips if there is none)."""
    header, records = read_table(d, "events")
    start, end = header.index("char_start"), header.index("char_end")
    spans = [(i, int(r[start]), int(r[end])) for i, r in enumerate(records) if r[start] and r[end]]
    return rows_or_skip(spans, "event with a span", because=NOTHING_TO_BREAK)[0]


def span_shifted_by_one(d: Path) -> Expect:
    i, start, end = first_event_with_a_span(d)
    header, records = read_table(d, "events")
    records[i][header.index("char_start")], records[i][header.index("char_end")] = str(start + 1), str(end + 1)
    write_table(d, "events", header, records)
    return Expect("events.csv", i + 2, "evidence", "span-mismatch", f"text[{start + 1}:{end + 1}] is")


def evidence_edited(d: Path) -> Expect:
    [row, *_] = rows_or_skip([i + 2 for i in range(len(read_table(d, "weapons_systems")[1]))], "weapons system", because=NOTHING_TO_BREAK)
    evidence = cell(d, "weapons_systems", row, "evidence")
    mid = len(evidence) // 2  # one character in the middle of the evidence changes: it occurs nowhere in the document
    edited = evidence[:mid] + ("#" if evidence[mid] != "#" else "%") + evidence[mid + 1 :]
    set_cell(d, "weapons_systems", first_row, "evidence", edited)
    return Expect("weapons_systems.csv", row, "evidence", "span-mismatch", "the evidence does not occur in the document")


def source_text_edited(d: Path) -> Expect:
    row, path = source_file(d, lambda raw: any(chr(b).isalpha() for b in raw if b < 128), "source file with an ASCII letter")
    raw = path.read_bytes()
    i = next(i for i, b in enumerate(raw) if b < 128 and chr(b).isalpha())
    path.write_bytes(raw[:i] + bytes([raw[i] ^ 0x20]) + raw[i + 1 :])  # one ASCII letter's case: same length, different bytes
    return Expect("documents.csv", row, "sha256", "sha256-mismatch", "the file changed")


def source_with_crlf(d: Path) -> Expect:
    row, path = source_file(d, lambda raw: b"\n" in raw, "source file with a line break")
    raw = path.read_bytes()
    assert b"\r" not in raw
    path.write_bytes(raw.replace(b"\n", b"\r\n"))
    return Expect("documents.csv", row, "sha256", "sha256-mismatch", "the file has CRLF line endings")


def source_with_crlf_length(d: Path) -> Expect:
    row, path = source_file(d, lambda raw: b"\n" in raw, "source file with a line break")
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b"\n", b"\r\n"))
    before, added = len(raw.decode("utf-8")), raw.count(b"\n")
    return Expect("documents.csv", row, "char_length", "length-mismatch", f"has {before + added} characters, expected {before}")


def missing_column(d: Path) -> Expect:
    header, records = read_table(d, "statements")
    i = header.index("stance")
    write_table(d, "statements", header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in records])
    return Expect("statements.csv", 1, None, "header-mismatch", "header does not match the schema: missing column(s) stance")


def empty_csv(d: Path) -> Expect:
    (d / "weapons_systems.csv").write_bytes(b"")
    return Expect("weapons_systems.csv", None, None, "empty-file", "file is empty")


def truncated_row_unbalanced_quote(d: Path) -> Expect:
    raw = (d / "country_positions.csv").read_bytes()
    rows_or_skip([raw.rfind(b',"')] if b',"' in raw else [], "quoted field in country_positions.csv", because=NOTHING_TO_BREAK)
    cut = raw.rfind(b',"') + 10  # inside the last quoted field: the quote never closes
    (d / "country_positions.csv").write_bytes(raw[:cut])
    return Expect("country_positions.csv", raw[:cut].count(b"\n") + 1, None, "malformed-csv",
                  "malformed CSV (unexpected end of data); an unbalanced quote?")


def utf8_bom(d: Path) -> Expect:
    path = d / "actors.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return Expect("actors.csv", 1, None, "bom", "starts with a UTF-8 byte order mark (BOM)")


def missing_source_file(d: Path) -> Expect:
    row, path = source_file(d, what="document")
    path.unlink()
    return Expect("documents.csv", row, "path", "file-not-found", f"source file not found: {path}")


def response_without_responds_to(d: Path) -> Expect:
    row = set_cell(d, "statements", lambda r: r["responds_to_id"] != "", "responds_to_id", "", "statement that responds to another")
    return Expect("statements.csv", row, "response", "response-incomplete", "response must be set exactly when responds_to_id is set")


def surface_form_not_in_evidence(d: Path) -> Expect:
    row = set_cell(d, "weapons_systems", first_row, "surface_form", "Patriot", "weapons system")
    return Expect("weapons_systems.csv", row, "surface_form", "surface-form", "surface form 'Patriot' does not occur in the evidence")


def curator_note_to_missing_row(d: Path) -> Expect:
    row = set_cell(d, "curator_notes", lambda r: r["target_table"] == "statements", "target_id", "no_such_statement", "curator note on a statement")
    return Expect("curator_notes.csv", row, "target_id", "dangling-target", "no row 'no_such_statement' in statements")


def date_not_matching_precision(d: Path) -> Expect:
    row = set_cell(d, "events", lambda r: r["date_precision"] == "day", "date_precision", "month", "event dated to the day")
    return Expect("events.csv", row, "date", "date-precision", "does not have precision 'month'")


def incomplete_span(d: Path) -> Expect:
    row = set_cell(d, "mentions", lambda r: r["char_end"] != "", "char_end", "", "mention with a span")
    return Expect("mentions.csv", row, "char_end", "span-incomplete", "span is incomplete: char_end empty while other span fields are set")


def short_row(d: Path) -> Expect:
    header, records = read_table(d, "topics")
    records[0] = records[0][:-1]  # one field too few, no quote anywhere near it
    write_table(d, "topics", header, records)
    return Expect("topics.csv", 2, None, "row-length", f"row has {len(header) - 1} field(s), header has {len(header)}")


def calendar_invalid_date(d: Path) -> Expect:
    row = set_cell(d, "events", lambda r: r["date_precision"] == "day", "date", "2024-02-30", "event dated to the day")  # passes the schema's pattern
    return Expect("events.csv", row, "date", "date-invalid", "'2024-02-30' is not a calendar date")


def edit_descriptor(d: Path, change: Callable[[dict], None]) -> None:
    path = d / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def enum_drifts_from_vocabulary(d: Path) -> Expect:
    edit_descriptor(d, lambda desc: desc["vocabularies"]["stance"].update(undecided="Added to the vocabulary but not to the enums."))
    return Expect("datapackage.json", None, "statements.stance", "vocabulary-mismatch", "differs from vocabulary 'stance'")


def statement_responds_to_itself(d: Path) -> Expect:
    header, records = read_table(d, "statements")
    key, responds = header.index("statement_id"), header.index("responds_to_id")
    # a statement that has a response: only the self-reference is wrong
    [i, *_] = rows_or_skip([i for i, r in enumerate(records) if r[responds]], "statement that responds to another", because=NOTHING_TO_BREAK)
    records[i][responds] = records[i][key]
    write_table(d, "statements", header, records)
    return Expect("statements.csv", i + 2, "responds_to_id", "cycle", "a statement cannot respond to itself")


def date_without_precision(d: Path) -> Expect:
    row = set_cell(d, "statements", lambda r: r["date"] != "", "date_precision", "", "dated statement")
    return Expect("statements.csv", row, "date", "date-incomplete", "date, date_precision and date_basis must be given together")


def date_without_basis(d: Path) -> Expect:
    row = set_cell(d, "statements", lambda r: r["date"] != "", "date_basis", "", "dated statement")
    return Expect("statements.csv", row, "date", "date-incomplete", "date, date_precision and date_basis must be given together")


def position_id_of_a_statement(d: Path) -> Expect:
    _, statements = read_table(d, "statements")
    statement_id = rows_or_skip(statements, "statement", because=NOTHING_TO_BREAK)[-1][0]  # the last: its row number is not the position's
    row = set_cell(d, "country_positions", lambda r: r["basis"] == "stated", "position_id", statement_id, "stated country position")
    return Expect("country_positions.csv", row, "position_id", "fact-id-collision",
                  f"position id {statement_id!r} is also the id of a statement (statements.csv row {len(statements) + 1}): "
                  "statement and position ids must be disjoint")


def table_missing_from_descriptor(d: Path) -> Expect:
    edit_descriptor(d, lambda desc: desc.update(resources=[r for r in desc["resources"] if r["name"] != "events"]))
    return Expect("datapackage.json", None, "events", "interface-missing", "table events is missing: it is part of the public interface")


def public_column_missing_from_descriptor_and_csv(d: Path) -> Expect:
    def drop(desc: dict) -> None:
        [statements] = [r for r in desc["resources"] if r["name"] == "statements"]
        statements["schema"]["fields"] = [f for f in statements["schema"]["fields"] if f["name"] != "response"]

    edit_descriptor(d, drop)  # the CSV agrees with its descriptor, so only the public interface can catch it
    header, records = read_table(d, "statements")
    i = header.index("response")
    write_table(d, "statements", header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in records])
    return Expect("datapackage.json", None, "statements.response", "interface-missing", "column response of table statements is missing")


BROKEN = {
    "dangling_foreign_key": dangling_foreign_key,
    "duplicate_id": duplicate_id,
    "unknown_enum_value": unknown_enum_value,
    "non_integer_offset": non_integer_offset,
    "span_shifted_by_one": span_shifted_by_one,
    "evidence_edited": evidence_edited,
    "source_text_edited": source_text_edited,
    "source_with_crlf_hash": source_with_crlf,
    "source_with_crlf_length": source_with_crlf_length,
    "missing_column": missing_column,
    "empty_csv": empty_csv,
    "truncated_row_unbalanced_quote": truncated_row_unbalanced_quote,
    "utf8_bom": utf8_bom,
    "missing_source_file": missing_source_file,
    "response_without_responds_to_id": response_without_responds_to,
    "surface_form_not_in_evidence": surface_form_not_in_evidence,
    "curator_note_to_missing_row": curator_note_to_missing_row,
    "date_not_matching_precision": date_not_matching_precision,
    "incomplete_span": incomplete_span,
    "short_row": short_row,
    "calendar_invalid_date": calendar_invalid_date,
    "enum_drifts_from_vocabulary": enum_drifts_from_vocabulary,
    "statement_responds_to_itself": statement_responds_to_itself,
    "date_without_precision": date_without_precision,
    "date_without_basis": date_without_basis,
    "position_id_of_a_statement": position_id_of_a_statement,
    "table_missing_from_descriptor": table_missing_from_descriptor,
    "public_column_missing_from_descriptor_and_csv": public_column_missing_from_descriptor_and_csv,
}


# --- running the validator --------------------------------------------------------------------------------


def run_cli(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Exit status and stdout lines of the CLI entry point, run in this process."""
    capsys.readouterr()
    status = validate_module.main([str(path)])
    return status, capsys.readouterr().out.splitlines()


def loader_problems(path: Path) -> list[Problem]:
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    return info.value.problems


def find(problems: list[Problem], expect: Expect) -> list[Problem]:
    return [
        p
        for p in problems
        if (Path(p.file).name, p.row, p.column, p.code) == (expect.file, expect.row, expect.column, expect.code) and expect.fragment in p.message
    ]


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_broken_copy_is_reported_by_cli_and_loader_with_file_row_and_column(
    case: str, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expect = BROKEN[case](data_copy)
    status, lines = run_cli(data_copy, capsys)
    problems = loader_problems(data_copy)

    assert status == 1
    assert lines == [str(p) for p in problems], "the CLI and the loader must report the same problems"
    matching = find(problems, expect)
    assert matching, f"no problem {expect} among:\n" + "\n".join(lines)
    where = f"{data_copy / expect.file}" + (f":{expect.row}" if expect.row else "") + (f":{expect.column}" if expect.column else "")
    assert any(line.startswith(where + ": ") for line in lines), f"no line starts with {where!r}"


def test_shifted_span_is_reported_with_row_and_where_the_evidence_really_is(data_copy: Path) -> None:
    i, start, end = first_event_with_a_span(data_copy)
    span_shifted_by_one(data_copy)
    [problem] = [p for p in loader_problems(data_copy) if Path(p.file).name == "events.csv"]
    assert (problem.row, problem.column) == (i + 2, "evidence")
    assert f"the evidence occurs at {start}:{end}" in problem.message


def test_every_problem_line_is_file_row_column_message(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dangling_foreign_key(data_copy)
    unknown_enum_value(data_copy)
    _, lines = run_cli(data_copy, capsys)
    assert sorted(lines) == [f"{data_copy / 'statements.csv'}:2:speaker_id: [foreign-key] for \"speaker_id\": values \"no_such_actor\" not found "
                     f"in the lookup table \"actors\" as \"actor_id\"",
                     f"{data_copy / 'statements.csv'}:2:stance: [constraint-error] value 'maybe': constraint \"enum\" is "
                     f"\"['supports', 'opposes', 'conditional', 'open', 'reserved', 'neutral', 'unclear']\""]


def test_every_problem_is_reported_not_just_the_first(data_copy: Path) -> None:
    cases = [dangling_foreign_key, evidence_edited, surface_form_not_in_evidence, curator_note_to_missing_row]
    expects = [case(data_copy) for case in cases]
    problems = loader_problems(data_copy)
    for expect in expects:
        assert find(problems, expect), expect


def test_every_missing_public_table_is_reported(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keep = {"documents", "actors", "mentions", "topics", "utterances", "statements", "weapons_systems"}
    edit_descriptor(data_copy, lambda desc: desc.update(resources=[r for r in desc["resources"] if r["name"] in keep]))
    status, lines = run_cli(data_copy, capsys)
    assert status == 1
    descriptor = data_copy / "datapackage.json"
    assert [line for line in lines if line.startswith(f"{descriptor}:")] == [
        f"{descriptor}:{name}: [interface-missing] table {name} is missing: it is part of the public interface"
        for name in ("country_positions", "events", "curator_notes", "claims", "claim_statements", "expected_voices", "framing_terms",
                     "event_links")
    ]


def test_an_event_may_share_its_id_with_a_statement_but_a_position_may_not(data_copy: Path) -> None:
    _, statements = read_table(data_copy, "statements")
    _, notes = read_table(data_copy, "curator_notes")
    noted = {(n[1], n[2]) for n in notes}  # (target_table, target_id): renaming a noted row would orphan its note
    _, links = read_table(data_copy, "event_links")
    noted |= {("events", event) for link in links for event in link[1:3]}  # nor may a linked event be renamed
    statement_id = rows_or_skip(statements, "statement", because=NOTHING_TO_BREAK)[0][0]
    set_cell(data_copy, "events", lambda r: ("events", r["event_id"]) not in noted, "event_id", statement_id, "event without a note or link")
    assert validate_module.validate(data_copy) == []
    row = set_cell(data_copy, "country_positions", lambda r: ("country_positions", r["position_id"]) not in noted, "position_id", statement_id,
                   "country position without a note")
    [problem] = validate_module.validate(data_copy)
    assert (Path(problem.file).name, problem.row, problem.column) == ("country_positions.csv", row, "position_id")


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('"type": "integer"', '"type": "integr"', 'field type "integr" is not supported'),
        ('"minimum": 1\n', '"minimum": 1, "maxLength": "x"\n', "'x' is not of type 'integer' at property 'constraints/maxLength'"),
        ('"minimum": 1\n', '"minimum": 1, "pattern": 5\n', "5 is not of type 'string'"),
    ],
    ids=["unknown_type", "constraint_of_wrong_type", "pattern_not_a_string"],
)
def test_invalid_descriptor_reports_the_reason(old: str, new: str, reason: str, data_copy: Path) -> None:
    path = data_copy / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = loader_problems(data_copy)
    assert any(Path(p.file).name == "datapackage.json" and reason in p.message for p in problems), problems


def test_field_without_description_is_reported(data_copy: Path) -> None:
    path = data_copy / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    marker = '"description": "Short label for tables and figures.",'
    assert marker in text
    path.write_text(text.replace(marker, ""), encoding="utf-8")
    problems = loader_problems(data_copy)
    assert [str(p) for p in problems] == [f"{path}:topics.label: [no-description] no description (the data dictionary needs one)"]


@pytest.mark.parametrize("remove", ["folder", "descriptor"])
def test_missing_folder_or_descriptor_cannot_run(remove: str, data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if remove == "folder":
        shutil.rmtree(data_copy)
        missing = data_copy
    else:
        missing = data_copy / "datapackage.json"
        missing.unlink()
    capsys.readouterr()
    assert validate_module.main([str(data_copy)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(missing) in captured.err
    with pytest.raises(DatasetError, match=str(missing)) as excinfo:
        load_dataset(data_copy)
    assert [p.file for p in excinfo.value.problems] == [str(missing)]
    assert isinstance(excinfo.value.__cause__, CannotValidate)


def test_real_data_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(default_data_dir(), capsys) == (0, [])
    assert validate_module.validate() == []


# --- the real command, in subprocesses ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Expect | None, subprocess.CompletedProcess[str]]]:
    """``python -m helpers.dataset.validate DIR`` for the real data, a broken copy, no folder and no descriptor, run concurrently.

    The broken copy is of the shipped article, whatever --data-dir says: its first statement is the input the exit status 1 needs
    (a new, empty corpus has none); the other runs take the package under test.
    """
    base = tmp_path_factory.mktemp("cli")
    dirs: dict[str, tuple[Path, Expect | None]] = {"valid": (default_data_dir(), None)}
    broken = shutil.copytree(project_root() / "data", base / "broken")
    dirs["invalid"] = (broken, dangling_foreign_key(broken))
    dirs["no_folder"] = (base / "does_not_exist", None)
    no_descriptor = shutil.copytree(default_data_dir(), base / "no_descriptor")
    (no_descriptor / "datapackage.json").unlink()
    dirs["no_descriptor"] = (no_descriptor, None)
    procs = {
        name: subprocess.Popen([sys.executable, "-m", "helpers.dataset.validate", str(path)], cwd=base, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for name, (path, _) in dirs.items()
    }
    results = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        results[name] = (*dirs[name], subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return results


def test_cli_subprocess_real_data_exits_0_with_empty_stdout(cli_runs: dict) -> None:
    _, _, proc = cli_runs["valid"]
    assert (proc.returncode, proc.stdout) == (0, "")


def test_cli_subprocess_broken_copy_exits_1_with_the_loaders_problems(cli_runs: dict) -> None:
    path, expect, proc = cli_runs["invalid"]
    assert proc.returncode == 1
    problems = loader_problems(path)
    assert proc.stdout.splitlines() == [str(p) for p in problems]
    assert proc.stdout.startswith(f"{path / expect.file}:{expect.row}:{expect.column}: ")
    assert "1 problem(s) found" in proc.stderr


@pytest.mark.parametrize("name", ["no_folder", "no_descriptor"])
def test_cli_subprocess_cannot_run_exits_2(name: str, cli_runs: dict) -> None:
    path, _, proc = cli_runs[name]
    assert (proc.returncode, proc.stdout) == (2, "")
    assert "error:" in proc.stderr and str(path) in proc.stderr
