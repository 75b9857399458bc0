"""Hostile input, second round (issue 25): descriptor options, look-alike keys, dates, crashes, locks,
interrupted registers, exports, resources, disagreements and the validation cache.

Every case works on a private copy of ``data/`` and drives the project only through its public entry
points: the commands ``geopol-validate``, ``geopol-curate`` and ``geopol-export`` (their entry points,
run in this process or in a subprocess) and ``from helpers import load_dataset, DatasetError``; the
export formats are read back with the documented ``helpers.export`` readers. Problems are compared as
``(file, row, column, code)``, never by wording.

The ten classes of the issue, each with the issue's example and variants of our own:

1. descriptor options that change which rows or values are read
2. patterns and keys with a trailing line break
3. dates outside what the loader can represent
4. crashes: integers past Python's digit limit, lone surrogates, SQLite's reserved table names
5. a lock held forever
6. an interrupted ``register``
7. exports that touch what is not theirs, or break on their format's separators
8. resources: files the descriptor does not name; unbounded messages
9. the validator and the exporters disagreeing on what is valid
10. the validation cache poisoned by a race
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from helpers import DatasetError, load_dataset
from helpers.dataset.paths import default_data_dir

DOC = "000_212c296293ee434c"
SOURCE = f"sources/{DOC}.txt"
REPO = Path(__file__).resolve().parents[1]
FORMATS = ("w3c", "brat", "sqlite", "plover")


# --- the public entry points -------------------------------------------------------------------------------------------


def _entry_point(name: str) -> Callable[[list[str]], int]:
    [ep] = [e for e in entry_points(group="console_scripts") if e.name == name]
    return ep.load()


@dataclass
class Run:
    status: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def cli(name: str, *argv: str) -> Run:
    """Run ``geopol-<name>`` in this process, capturing its output; a traceback fails the test."""
    main = _entry_point(f"geopol-{name}")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(argv))
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 2
    run = Run(status, out.getvalue(), err.getvalue())
    assert_printable(run.text)
    return run


SUBPROCESS_MAIN = """
import sys
from importlib.metadata import entry_points
{prelude}
[ep] = [e for e in entry_points(group="console_scripts") if e.name == sys.argv[1]]
sys.exit(ep.load()(sys.argv[2:]))
"""


def cli_process(name: str, *argv: str, prelude: str = "", env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start ``geopol-<name>`` in a subprocess (``prelude`` runs first: fault injection at the OS level)."""
    code = SUBPROCESS_MAIN.format(prelude=prelude)
    return subprocess.Popen([sys.executable, "-c", code, f"geopol-{name}", *argv], cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})


_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def assert_printable(text: str) -> None:
    """Output a terminal shows as it is: encodable as UTF-8, no control character but the line feed and the tab, no bidi control."""
    text.encode("utf-8")  # a lone surrogate raises here, as it would when printed to a UTF-8 stream
    bad = sorted({c for c in text if (unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t") or c in _BIDI})
    assert not bad, f"unprintable characters in the output: {[f'U+{ord(c):04X}' for c in bad]}"


Where = tuple[str, int | None, str | None, str]  # (file relative to the data folder, row, column, code)
_LINE = re.compile(r"^(.*?): \[([a-z0-9-]+)\] ")


def problems(run: Run, data: Path) -> set[Where]:
    """The validator's problem lines as ``(file, row, column, code)``, files relative to ``data``."""
    found = set()
    for line in run.out.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        location, code = m.group(1), m.group(2)
        prefix = str(data) + "/"
        rel = location[len(prefix):] if location.startswith(prefix) else location
        file, _, rest = rel.partition(":")
        row = None
        if (r := re.match(r"(\d+)(?::|$)", rest)) is not None:
            row, rest = int(r.group(1)), rest[r.end():]
        found.add((file, row, rest or None, code))
    return found


def validate(data: Path, *extra: str) -> tuple[Run, set[Where]]:
    run = cli("validate", str(data), *extra)
    assert "Traceback" not in run.err
    return run, problems(run, data)


def loader_problems(data: Path) -> set[Where] | None:
    """None when the loader loads the package; else the (file, row, column, code) of its DatasetError."""
    try:
        load_dataset(data)
    except DatasetError as exc:
        assert_printable(str(exc))
        out = set()
        for p in exc.problems:
            rel = Path(p.file).relative_to(data).as_posix() if Path(p.file).is_relative_to(data) else p.file
            out.add((rel, p.row, p.column, p.code))
        return out
    return None


# --- editing a copy of the data ----------------------------------------------------------------------------------------


def read_table(data: Path, name: str) -> tuple[list[str], list[list[str]]]:
    with open(data / f"{name}.csv", encoding="utf-8", newline="") as f:
        header, *records = list(csv.reader(f))
    return header, records


def write_table(data: Path, name: str, header: list[str], records: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *records])
    (data / f"{name}.csv").write_bytes(buf.getvalue().encode("utf-8"))


def append_row(data: Path, table: str, values: dict[str, str]) -> int:
    """Append a row (unset columns empty); return its row number as the validator counts (header = 1)."""
    header, records = read_table(data, table)
    records.append([values.get(c, "") for c in header])
    write_table(data, table, header, records)
    return len(records) + 1


def set_cell(data: Path, table: str, key: str, value_of_key: str, column: str, value: str) -> int:
    """Set ``column`` in the row whose ``key`` is ``value_of_key``; return its row number."""
    header, records = read_table(data, table)
    i = next(i for i, r in enumerate(records) if r[header.index(key)] == value_of_key)
    records[i][header.index(column)] = value
    write_table(data, table, header, records)
    return i + 2


def edit_descriptor(data: Path, change: Callable[[dict], object]) -> None:
    path = data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    # ensure_ascii keeps lone surrogates as \\ud800 escapes: the file stays valid UTF-8 JSON
    path.write_text(json.dumps(descriptor, indent=1, ensure_ascii=True), encoding="utf-8")


def resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def resource_index(name: str) -> int:
    """Where the shipped descriptor lists a table (problems name a descriptor path such as resources[3].title)."""
    descriptor = json.loads((default_data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    return next(i for i, r in enumerate(descriptor["resources"]) if r["name"] == name)


def field_of(descriptor: dict, table: str, name: str) -> dict:
    return next(f for f in resource(descriptor, table)["schema"]["fields"] if f["name"] == name)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    out: dict[str, bytes | str] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        out[rel] = "dir" if p.is_dir() else ("fifo" if p.is_fifo() else p.read_bytes())
    return out


ALIEN = {"actor_id": "zz_alien", "name": "Alien", "kind": "alien", "country_iso3": "not-iso", "role": "visitor"}


# === 1. Descriptor options that change which rows or values are read ===================================================
#
# Every such option is refused by a rule ([descriptor-reading-option], located at the resource or field), and the
# project's own rules check vocabularies, patterns and required fields on the raw rows, so the row stays reported
# whatever the option did to frictionless's reading.

READING_OPTIONS: dict[str, tuple[Callable[[dict], object], str]] = {
    # the examples
    "comment_char": (lambda d: resource(d, "actors").update(dialect={"commentChar": "z"}), "actors"),
    "comment_rows": (lambda d: resource(d, "actors").update(dialect={"commentRows": [99]}), "actors"),
    "missing_values_hide_a_code": (lambda d: resource(d, "actors")["schema"].update(missingValues=["", "not-iso", "alien"]), "actors"),
    # our own
    "header_rows_swallow_a_row": (lambda d: resource(d, "actors").update(dialect={"headerRows": [1, 99]}), "actors"),
    "skip_initial_space": (lambda d: resource(d, "actors").update(dialect={"skipInitialSpace": True}), "actors"),
    "other_delimiter": (lambda d: resource(d, "actors").update(dialect={"delimiter": ";"}), "actors"),
    "field_missing_values": (lambda d: field_of(d, "actors", "kind").update(missingValues=["alien"]), "actors.kind"),
    "encoding_latin1": (lambda d: resource(d, "actors").update(encoding="latin-1"), "actors"),
    "format_tsv": (lambda d: resource(d, "actors").update(format="tsv"), "actors"),
    "compression": (lambda d: resource(d, "actors").update(compression="gz"), "actors"),
    "fields_match_subset": (lambda d: resource(d, "actors")["schema"].update(fieldsMatch="subset"), "actors"),
    "true_values": (lambda d: field_of(d, "actors", "kind").update(trueValues=["alien"]), "actors.kind"),
    # dataset 2.0: an actor's span columns moved to mentions.csv, the table whose number fields these options would reread
    "bare_number_off": (lambda d: field_of(d, "mentions", "char_start").update(bareNumber=False), "mentions.char_start"),
    "group_char": (lambda d: field_of(d, "mentions", "char_start").update(groupChar="z"), "mentions.char_start"),
}


@pytest.mark.parametrize("option", READING_OPTIONS, ids=list(READING_OPTIONS))
def test_descriptor_reading_options_are_refused_and_hide_no_row(option: str, data_copy: Path) -> None:
    change, where = READING_OPTIONS[option]
    row = append_row(data_copy, "actors", ALIEN)  # kind outside the vocabulary, country code breaking the pattern
    if option == "comment_rows":
        edit_descriptor(data_copy, lambda d: resource(d, "actors").update(dialect={"commentRows": [row]}))
    elif option == "header_rows_swallow_a_row":
        edit_descriptor(data_copy, lambda d: resource(d, "actors").update(dialect={"headerRows": [1, row]}))
    else:
        edit_descriptor(data_copy, change)
    run, found = validate(data_copy)
    assert run.status == 1
    assert ("datapackage.json", None, where, "descriptor-reading-option") in found, found
    # the row the option would hide is still reported, by the project's own check of the raw rows
    assert {("actors.csv", row, "kind", "constraint-error"), ("actors.csv", row, "country_iso3", "constraint-error")} <= found, found
    assert loader_problems(data_copy), "the loader loaded a package the validator rejects"


HARMLESS = {
    "dialect_restating_defaults": lambda d: resource(d, "topics").update(dialect={"delimiter": ",", "quoteChar": '"', "doubleQuote": True,
                                                                                  "header": True}),
    "missing_values_default": lambda d: resource(d, "topics")["schema"].update(missingValues=[""]),
    "encoding_utf8_upper": lambda d: resource(d, "topics").update(encoding="UTF-8"),
}


@pytest.mark.parametrize("option", HARMLESS, ids=list(HARMLESS))
def test_descriptor_options_restating_the_defaults_are_allowed(option: str, data_copy: Path) -> None:
    edit_descriptor(data_copy, HARMLESS[option])
    run, found = validate(data_copy)
    assert run.status == 0, found


# === 2. Patterns and keys with a trailing line break ====================================================================
#
# Patterns match the whole value (a final "\n" is not "the end"), so a look-alike key is a constraint error at
# its cell, and no export ever writes it.

TRAILING = {
    "topic_key_with_lf": ("topics", "topic_id", "troops_to_ukraine", "troops_to_ukraine\n"),
    "country_code_with_lf": ("actors", "country_iso3", None, "RUS\n"),
    "sha256_with_lf": ("documents", "sha256", None, None),
    "actor_key_with_lf": ("actors", "actor_id", "dmitry_peskov", "dmitry_peskov\n"),
}


def _trailing_case(data: Path, case: str) -> tuple[str, int, str]:
    table, column, _, value = TRAILING[case]
    if case == "topic_key_with_lf":
        row = append_row(data, "topics", {"topic_id": value, "label": "Look-alike", "description": "A duplicate key."})
    elif case == "actor_key_with_lf":
        row = append_row(data, "actors", {"actor_id": value, "name": "Look-alike", "kind": "person", "country_iso3": "RUS", "role": "x"})
    elif case == "country_code_with_lf":
        row = set_cell(data, "actors", "actor_id", "dmitry_peskov", column, value)
    else:
        header, records = read_table(data, "documents")
        records[0][header.index("sha256")] += "\n"
        write_table(data, "documents", header, records)
        row = 2
    return f"{table}.csv", row, column


@pytest.mark.parametrize("case", TRAILING, ids=list(TRAILING))
def test_a_trailing_line_break_never_passes_a_pattern_or_a_key(case: str, data_copy: Path) -> None:
    file, row, column = _trailing_case(data_copy, case)
    run, found = validate(data_copy)
    assert run.status == 1
    assert (file, row, column, "constraint-error") in found, found
    assert loader_problems(data_copy)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_export_writes_a_look_alike_key(fmt: str, data_copy: Path, tmp_path: Path) -> None:
    _trailing_case(data_copy, "topic_key_with_lf")
    out = tmp_path / f"out-{fmt}"
    run = cli("export", fmt, str(out), "--data", str(data_copy))
    assert run.status == 1 and not out.exists(), run.text


@pytest.mark.parametrize("value", ["troops_to_ukraine\n", "look_alike\n", "look_alike\r\n", "look_alike\u2028"])
def test_the_curator_refuses_a_key_with_a_trailing_line_break(value: str, data_copy: Path) -> None:
    before = snapshot(data_copy)
    run = cli("curate", "--data", str(data_copy), "add", "topics", f"--set=topic_id={value}", "--set=label=L", "--set=description=D.")
    assert run.status == 1 and "Traceback" not in run.err
    assert snapshot(data_copy) == before


# === 3. Dates outside what the loader can represent =====================================================================

OUT_OF_RANGE = {  # (date, precision): the and ours
    "day_after_the_last_nanosecond_day": ("2262-04-12", "day"),
    "year_one": ("0001", "year"),
    "month_of_year_9999": ("9999-12", "month"),
    "month_whose_end_overflows": ("2262-04", "month"),
    "year_before_the_first": ("1677", "year"),
    "day_before_the_first": ("1677-09-20", "day"),
}


def _event_with_date(data: Path, value: str, precision: str) -> int:
    header, records = read_table(data, "events")
    i = next(i for i, r in enumerate(records) if r[header.index("date_precision")] == "day")
    records[i][header.index("date")] = value
    records[i][header.index("date_precision")] = precision
    write_table(data, "events", header, records)
    return i + 2


@pytest.mark.parametrize("case", OUT_OF_RANGE, ids=list(OUT_OF_RANGE))
def test_the_loader_never_loads_a_wrapped_date(case: str, data_copy: Path) -> None:
    """Either the date is refused (a problem at its cell), or date_start/date_end are the right days: never a wrapped one."""
    value, precision = OUT_OF_RANGE[case]
    row = _event_with_date(data_copy, value, precision)
    try:
        ds = load_dataset(data_copy)
    except DatasetError as exc:
        located = {(Path(p.file).name, p.row, p.column) for p in exc.problems}
        assert ("events.csv", row, "date") in located, exc.problems
        assert_printable(str(exc))
    else:
        start = ds.events["date_start"].iloc[row - 2]
        assert str(start.year).zfill(4) == value[:4], f"{value} loaded as {start}"


@pytest.mark.parametrize("case", ["day_after_the_last_nanosecond_day", "year_one", "month_whose_end_overflows"])
def test_the_validator_refuses_a_date_the_loader_cannot_represent(case: str, data_copy: Path) -> None:
    value, precision = OUT_OF_RANGE[case]
    row = _event_with_date(data_copy, value, precision)
    run, found = validate(data_copy)
    assert run.status == 1
    assert ("events.csv", row, "date", "date-out-of-range") in found, found


@pytest.mark.parametrize("value", ["2262-04-12", "0001", "9999-12-31"])
def test_the_curator_refuses_a_date_the_loader_cannot_represent(value: str, data_copy: Path, tmp_path: Path) -> None:
    precision = {4: "year", 7: "month", 10: "day"}[len(value)]
    text = tmp_path / "incoming.txt"
    text.write_text("An invented text.", encoding="utf-8")
    before = snapshot(data_copy)
    run = cli("curate", "--data", str(data_copy), "register", str(text), "--document-id", "incoming", "--title", "T",
              "--published", value, "--date-precision", precision)
    assert run.status == 1, run.text
    run = cli("curate", "--data", str(data_copy), "update", "events", "churchill_armistice_day", f"--set=date={value}",
              f"--set=date_precision={precision}")
    assert run.status == 1, run.text
    assert snapshot(data_copy) == before


# === 4. Crashes: integers past the digit limit, lone surrogates, reserved SQLite names ==================================

HUGE = "1" * 4301


def _huge_integer(data: Path, case: str) -> tuple[str, int, str]:
    if case == "offset":
        return "statements.csv", set_cell(data, "statements", "statement_id", "peskov_refuted_report", "char_start", HUGE), "char_start"
    if case == "offset_end_five_thousand_digits":
        return "events.csv", set_cell(data, "events", "event_id", "churchill_armistice_day", "char_end", "9" * 5000), "char_end"
    return "documents.csv", set_cell(data, "documents", "document_id", DOC, "char_length", HUGE), "char_length"


@pytest.mark.parametrize("case", ["offset", "offset_end_five_thousand_digits", "char_length"])
def test_an_integer_past_the_digit_limit_is_a_problem_not_a_crash(case: str, data_copy: Path) -> None:
    file, row, column = _huge_integer(data_copy, case)
    run, found = validate(data_copy)
    assert run.status == 1, run.text
    assert any(f == file and r == row and c == column for f, r, c, _ in found), found
    assert loader_problems(data_copy)


def test_the_curator_survives_an_integer_past_the_digit_limit(data_copy: Path) -> None:
    before = snapshot(data_copy)
    run = cli("curate", "--data", str(data_copy), "locate", DOC, "Kremlin", f"--occurrence={HUGE}")
    assert run.status != 0 and "Traceback" not in run.err
    run = cli("curate", "--data", str(data_copy), "update", "statements", "peskov_refuted_report", f"--set=char_start={HUGE}")
    assert "Traceback" not in run.err
    if run.status == 0:  # accepted as typed (update recomputes nothing): the validator must then report it, not crash
        run, _ = validate(data_copy)
        assert run.status == 1
    else:
        assert snapshot(data_copy) == before


SURROGATES: dict[str, tuple[Callable[[dict], object], str]] = {
    # the example: a field name
    "field_name": (lambda d: resource(d, "topics")["schema"]["fields"][2].update(name="description\ud800"),
                   f"resources[{resource_index('topics')}].schema.fields[2].name"),
    # ours
    "resource_title": (lambda d: resource(d, "topics").update(title="Topics \udcff"), f"resources[{resource_index('topics')}].title"),
    "vocabulary_label": (lambda d: d["vocabularies"]["stance"].update({"opposes": "Against \ud83d"}), "vocabularies.stance.opposes"),
    "package_description": (lambda d: d.update(description="\udfff" + d["description"]), "description"),
}


@pytest.mark.parametrize("case", SURROGATES, ids=list(SURROGATES))
def test_a_lone_surrogate_in_the_descriptor_is_a_printable_problem(case: str, data_copy: Path) -> None:
    change, column = SURROGATES[case]
    edit_descriptor(data_copy, change)
    run, found = validate(data_copy)  # cli() checks that every line prints
    assert run.status == 1
    assert ("datapackage.json", None, column, "lone-surrogate") in found, found
    assert loader_problems(data_copy)  # str(DatasetError) is printable too


def test_a_field_name_cannot_forge_a_problem_line(data_copy: Path) -> None:
    forged = f"label\n{data_copy}/topics.csv:2:label: [forged-code] all is fine"
    edit_descriptor(data_copy, lambda d: resource(d, "topics")["schema"]["fields"][1].update(name=forged))
    run, found = validate(data_copy)
    assert run.status == 1
    assert not any(code == "forged-code" for *_, code in found), run.out
    assert ("datapackage.json", None, f"resources[{resource_index('topics')}].schema.fields[1].name", "control-character") in found, found


def test_a_data_folder_whose_name_is_not_utf8_prints(tmp_path: Path, data_copy: Path) -> None:
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/d\xffata"))
    shutil.copytree(data_copy, odd)
    set_cell(odd, "topics", "topic_id", "troops_to_ukraine", "label", "")
    run = cli("validate", str(odd))
    assert run.status == 1
    assert loader_problems(odd)


def _extra_resource(data: Path, name: str) -> None:
    shutil.copy(data / "topics.csv", data / f"{name.lower()}_extra.csv")

    def change(d: dict) -> None:
        extra = json.loads(json.dumps(resource(d, "topics")))
        extra.update(name=name, path=f"{name.lower()}_extra.csv")
        d["resources"].append(extra)

    edit_descriptor(data, change)


RESERVED = ["export_metadata", "source_texts", "sqlite_stat1", "SQLITE_MASTER", "Source_Texts", "Topics"]


@pytest.mark.parametrize("name", RESERVED)
def test_a_table_name_the_sqlite_export_reserves_is_a_problem(name: str, data_copy: Path, tmp_path: Path) -> None:
    _extra_resource(data_copy, name)
    run, found = validate(data_copy)
    assert run.status == 1
    assert ("datapackage.json", None, name, "reserved-name") in found, found
    out = tmp_path / "out.sqlite"
    run = cli("export", "sqlite", str(out), "--data", str(data_copy))
    assert run.status == 1 and not out.exists() and "Traceback" not in run.err


# === 5. A held lock: a bounded wait and a message naming the holder =====================================================

STOP_WHILE_WRITING = """
import os, signal
def _stopped(fd):
    os.kill(os.getpid(), signal.SIGSTOP)   # suspended (Ctrl-Z) with the lock held, in the middle of its write
os.fsync = _stopped
"""

FOREIGN_HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(600)
"""


@contextlib.contextmanager
def stopped_curate(data: Path) -> Iterator[subprocess.Popen[str]]:
    """A curate command suspended while it holds the folder lock; resumed and reaped afterwards."""
    proc = cli_process("curate", "--data", str(data), "update", "topics", "troops_to_ukraine", "--set=label=Held",
                       prelude=STOP_WHILE_WRITING)
    try:
        for _ in range(600):  # wait until it has stopped itself (no timing assertion: a bound on the wait)
            with open(f"/proc/{proc.pid}/stat") as f:
                if f.read().split(") ")[1].startswith("T"):
                    break
            time.sleep(0.05)
        yield proc
    finally:
        proc.kill()
        os.kill(proc.pid, signal.SIGCONT)
        proc.communicate(timeout=30)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_suspended_holder_gives_a_bounded_wait_naming_it(data_copy: Path) -> None:
    with stopped_curate(data_copy) as holder:
        before = snapshot(data_copy)
        waiter = cli_process("curate", "--data", str(data_copy), "--lock-timeout", "1", "add", "topics", "--set=topic_id=waiting",
                             "--set=label=L", "--set=description=D.")
        _, err = waiter.communicate(timeout=120)
        assert waiter.returncode == 1, err
        assert str(holder.pid) in err and "update" in err and "since" in err, err
        assert "Traceback" not in err
        assert_printable(err)
        after = snapshot(data_copy)
        assert {k: v for k, v in after.items() if not k.startswith(".")} == {k: v for k, v in before.items() if not k.startswith(".")}


def test_the_lock_wait_is_bounded_by_default_through_the_environment(data_copy: Path) -> None:
    with stopped_curate(data_copy) as holder:
        waiter = cli_process("curate", "--data", str(data_copy), "locate", DOC, "Storm Shadow", env={"GEOPOL_LOCK_TIMEOUT": "1"})
        _, err = waiter.communicate(timeout=120)
        # locate only reads: it never waits for the lock
        assert waiter.returncode == 0, err
        waiter = cli_process("curate", "--data", str(data_copy), "update", "topics", "troops_to_ukraine", "--set=label=Other",
                             env={"GEOPOL_LOCK_TIMEOUT": "1"})
        _, err = waiter.communicate(timeout=120)
        assert waiter.returncode == 1 and str(holder.pid) in err, err


def test_a_holder_that_is_not_a_curator_command_is_named_as_unknown(data_copy: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", FOREIGN_HOLDER, str(data_copy)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        run_ = cli_process("curate", "--data", str(data_copy), "--lock-timeout", "0.5", "add", "topics", "--set=topic_id=t2",
                           "--set=label=L", "--set=description=D.")
        _, err = run_.communicate(timeout=120)
        assert run_.returncode == 1 and "locked" in err and "Traceback" not in err, err
    finally:
        holder.kill()
        holder.communicate()


@pytest.mark.parametrize("record", [b"\xff\xfe garbage \x1b[31m", b"x" * 5_000_000, "fifo"])
def test_a_stale_or_hostile_holder_record_neither_blocks_nor_floods(record: bytes | str, data_copy: Path) -> None:
    """A record left by a killed command (or planted) is ignored when the lock is free, and never read unbounded."""
    path = data_copy / ".curate-lock"
    if record == "fifo":
        os.mkfifo(path)
    else:
        path.write_bytes(record)  # type: ignore[arg-type]
    run = cli("curate", "--data", str(data_copy), "--lock-timeout", "1", "add", "topics", "--set=topic_id=after_stale",
              "--set=label=L", "--set=description=D.")
    assert run.status == 0, run.text
    assert len(run.text) < 2000


# === 6. register is atomic as a whole ===================================================================================

KILL_AT_FSYNC = """
import os, signal
_calls = [0]
_real = os.fsync
def _fsync(fd):
    _calls[0] += 1
    if _calls[0] == {n}:
        os.kill(os.getpid(), signal.SIGKILL)
    return _real(fd)
os.fsync = _fsync
"""


def _register(data: Path, text: Path, doc: str = "incoming_doc") -> list[str]:
    return ["--data", str(data), "register", str(text), "--document-id", doc, "--title", "Incoming", "--published", "2024-11-20",
            "--date-precision", "day"]


@pytest.mark.parametrize("n", range(1, 8))
def test_an_interrupted_register_leaves_no_orphan_and_the_retry_works(n: int, data_copy: Path, tmp_path: Path) -> None:
    text = tmp_path / "incoming.txt"
    text.write_text("An invented text about “nothing”.", encoding="utf-8")
    proc = cli_process("curate", *_register(data_copy, text), prelude=KILL_AT_FSYNC.replace("{n}", str(n)))
    proc.communicate(timeout=120)
    # whatever the moment of the kill, the package is valid, and the same command completes it
    run, found = validate(data_copy)
    assert run.status == 0, found
    done = any(r[0] == "incoming_doc" for r in read_table(data_copy, "documents")[1])  # the kill came after the row was written
    retry = cli("curate", *_register(data_copy, text))
    registered = [r for r in read_table(data_copy, "documents")[1] if r[0] == "incoming_doc"]
    if done:
        assert retry.status == 1 and "already registered" in retry.err
    else:
        assert retry.status == 0, retry.text
    assert len(registered) == 1
    assert (data_copy / "sources" / "incoming_doc.txt").read_bytes() == text.read_bytes()
    run, found = validate(data_copy)
    assert run.status == 0, found
    assert not [p.name for p in data_copy.rglob("*") if p.name.endswith((".curate-tmp", ".curate-journal"))]


def test_a_retry_with_a_corrected_text_after_an_interrupted_register_works(data_copy: Path, tmp_path: Path) -> None:
    text = tmp_path / "incoming.txt"
    text.write_text("First draft.", encoding="utf-8")
    proc = cli_process("curate", *_register(data_copy, text), prelude=KILL_AT_FSYNC.replace("{n}", "4"))
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    text.write_text("The corrected text.", encoding="utf-8")
    retry = cli("curate", *_register(data_copy, text))
    assert retry.status == 0, retry.text
    assert (data_copy / "sources" / "incoming_doc.txt").read_text(encoding="utf-8") == "The corrected text."


def test_another_command_after_an_interrupted_register_clears_its_orphan(data_copy: Path, tmp_path: Path) -> None:
    text = tmp_path / "incoming.txt"
    text.write_text("An orphan to be.", encoding="utf-8")
    proc = cli_process("curate", *_register(data_copy, text), prelude=KILL_AT_FSYNC.replace("{n}", "4"))
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    run = cli("curate", "--data", str(data_copy), "add", "topics", "--set=topic_id=next_one", "--set=label=L", "--set=description=D.")
    assert run.status == 0, run.text
    assert not (data_copy / "sources" / "incoming_doc.txt").exists()


def test_register_never_deletes_a_file_it_did_not_create(data_copy: Path, tmp_path: Path) -> None:
    mine = data_copy / "sources" / "incoming_doc.txt"
    mine.write_bytes(b"A user's own file, not registered.")
    text = tmp_path / "incoming.txt"
    text.write_text("Another text.", encoding="utf-8")
    run = cli("curate", *_register(data_copy, text))
    assert run.status == 1 and "exists already" in run.err
    run = cli("curate", "--data", str(data_copy), "add", "topics", "--set=topic_id=next_one", "--set=label=L", "--set=description=D.")
    assert run.status == 0
    assert mine.read_bytes() == b"A user's own file, not registered."


# === 7. Exports touch only what is theirs, and carry their format's separators ==========================================

INSIDE = {
    "a_table_of_the_package": ("w3c", "statements.csv"),
    "a_new_file_in_the_data_folder": ("sqlite", "export.sqlite"),
    "the_sources_folder": ("brat", "sources"),
    "the_data_folder_itself": ("brat", "."),
    "a_new_folder_inside": ("brat", "brat_out"),
    "the_descriptor": ("plover", "datapackage.json"),
}


@pytest.mark.parametrize("case", INSIDE, ids=list(INSIDE))
def test_an_export_refuses_to_write_inside_the_data_folder(case: str, data_copy: Path) -> None:
    fmt, rel = INSIDE[case]
    before = snapshot(data_copy)
    run = cli("export", fmt, str(data_copy / rel), "--data", str(data_copy))
    assert run.status == 1 and "Traceback" not in run.err, run.text
    assert snapshot(data_copy) == before


def test_an_export_through_a_symlink_into_the_data_folder_is_refused(data_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "exports").symlink_to(data_copy)
    before = snapshot(data_copy)
    run = cli("export", "w3c", str(tmp_path / "exports" / "out.jsonld"), "--data", str(data_copy))
    assert run.status == 1, run.text
    assert snapshot(data_copy) == before


def test_an_export_of_the_default_data_through_a_relative_path_is_refused(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(data_copy / "sources")
    before = snapshot(data_copy)
    run = cli("export", "plover", "../events.jsonl", "--data", "..")
    assert run.status == 1, run.text
    assert snapshot(data_copy) == before


def test_a_brat_export_never_deletes_a_users_folder_beside_it(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    user = tmp_path / ".out.old"
    user.mkdir()
    (user / "notes.txt").write_text("mine", encoding="utf-8")
    assert cli("export", "brat", str(out), "--data", str(data_copy)).status == 0
    assert cli("export", "brat", str(out), "--data", str(data_copy)).status == 0  # replacing the earlier export
    assert (user / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_brat_export_never_replaces_an_earlier_export_holding_a_users_file(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("export", "brat", str(out), "--data", str(data_copy)).status == 0
    (out / "my_annotations.ann").write_text("T1\tThing 0 1\tx\n", encoding="utf-8")
    run = cli("export", "brat", str(out), "--data", str(data_copy))
    assert run.status == 1, run.text
    assert (out / "my_annotations.ann").exists()


SEPARATORS = {"tab": "\t", "line_separator": "\u2028", "paragraph_separator": "\u2029", "crlf": "\r\n", "tab_at_the_edge": "\t"}


def _document_with(data: Path, tmp_path: Path, separator: str, case: str) -> str:
    text = tmp_path / "incoming.txt"
    text.write_bytes(f"Before. alpha{separator}beta said it on 20 November 2024. After.".encode())
    assert cli("curate", *_register(data, text)).status == 0
    evidence = f"alpha{separator}beta" if case != "tab_at_the_edge" else f"alpha{separator}"
    run = cli("curate", "--data", str(data), "annotate", "events", "incoming_doc", evidence, "--set=event_id=separated",
              "--set=label=An event", "--set=kind=military", "--set=date=2024-11-20", "--set=date_precision=day",
              "--set=date_basis=stated", "--set=date_text=20 November 2024")
    assert run.status == 0, run.text
    return evidence


@pytest.mark.parametrize("case", SEPARATORS, ids=list(SEPARATORS))
def test_brat_carries_spans_holding_its_separators(case: str, data_copy: Path, tmp_path: Path) -> None:
    from helpers.export import read_brat, read_package

    evidence = _document_with(data_copy, tmp_path, SEPARATORS[case], case)
    out = tmp_path / "brat"
    run = cli("export", "brat", str(out), "--data", str(data_copy))
    assert run.status == 0, run.text
    ann = (out / "incoming_doc.ann").read_text(encoding="utf-8")
    for line in ann.split("\n")[:-1]:  # every line is one annotation with its fields, whatever the text held
        assert re.fullmatch(r"[TAR#]\d+\t[^\t]*(\t[^\t\r\n\u2028\u2029\x85\x0b\x0c\x1c-\x1e]*)?", line), repr(line)
    assert ann.splitlines() == ann.split("\n")[:-1]
    rows = read_brat(out, read_package(data_copy))
    [event] = [r for r in rows["events"] if r["event_id"] == "separated"]
    assert event["evidence"] == evidence


@pytest.mark.parametrize("fmt", ["w3c", "plover", "sqlite"])
def test_other_exports_carry_spans_holding_separators(fmt: str, data_copy: Path, tmp_path: Path) -> None:
    _document_with(data_copy, tmp_path, "\t\u2028", "tab")
    out = tmp_path / f"out.{fmt}"
    assert cli("export", fmt, str(out), "--data", str(data_copy)).status == 0


# === 8. Resources: only what the descriptor names is read; messages are bounded ========================================

UNDER_LIMIT = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from helpers import load_dataset
ds = load_dataset(sys.argv[1])
print(len(ds.texts))
"""


@pytest.mark.parametrize("where", ["sources/huge.txt", "huge.bin", "coding/huge.csv"])
def test_a_huge_file_the_descriptor_does_not_name_is_never_read(where: str, data_copy: Path) -> None:
    huge = data_copy / where
    with open(huge, "wb") as f:
        f.truncate(8 << 30)  # 8 GB, sparse: costs no disk, but reading it needs 8 GB of memory
    for _ in range(2):  # a cold load, then a warm one (the cache)
        proc = subprocess.run([sys.executable, "-c", UNDER_LIMIT, str(data_copy)], cwd=REPO, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
    run, _ = validate(data_copy)
    assert run.status == 0


def test_unnamed_fifos_and_links_in_the_folder_are_not_read(data_copy: Path, tmp_path: Path) -> None:
    os.mkfifo(data_copy / "sources" / "pipe.txt")
    (tmp_path / "secret.txt").write_text("SECRET", encoding="utf-8")
    (data_copy / "sources" / "link.txt").symlink_to(tmp_path / "secret.txt")
    ds = load_dataset(data_copy)
    assert not any("SECRET" in t for t in ds.texts.values())
    assert load_dataset(data_copy).version == ds.version


def _common_word_document(data: Path, tmp_path: Path, repeats: int) -> None:
    text = tmp_path / "common.txt"
    text.write_bytes(b"the cat " * repeats)
    assert cli("curate", *_register(data, text, "common_doc")).status == 0


@pytest.mark.parametrize("argv", [
    ["locate", "common_doc", "the"],
    ["locate", "common_doc", "t"],
    ["locate", "common_doc", "cat", "--occurrence", "2000001"],
    ["annotate", "events", "common_doc", "the cat", "--set=event_id=e"],
])
def test_locating_a_common_word_gives_a_bounded_message_with_the_count(argv: list[str], data_copy: Path, tmp_path: Path) -> None:
    _common_word_document(data_copy, tmp_path, 1_000_000)
    run = cli("curate", "--data", str(data_copy), *argv)
    assert run.status == 1
    assert len(run.err) < 2000, len(run.err)
    count = {"the": "1000000", "t": "2000000", "cat": "1000000", "the cat": "1000000"}[argv[3] if argv[0] == "annotate" else argv[2]]
    assert count in run.err.replace(",", "").replace("_", "").replace(" ", ""), run.err


def test_a_span_mismatch_in_a_large_corpus_gives_a_bounded_message(data_copy: Path, tmp_path: Path) -> None:
    _common_word_document(data_copy, tmp_path, 200_000)
    row = set_cell(data_copy, "events", "event_id", "churchill_armistice_day", "evidence", "the cat")
    run, found = validate(data_copy)
    assert ("events.csv", row, "evidence", "span-mismatch") in found
    assert max(len(line) for line in run.out.splitlines()) < 2000


# === 9. One notion of "valid": the validator and every exporter agree ===================================================

AGREEMENT: dict[str, Callable[[Path, Path], object]] = {
    "formula_prefix_warning": lambda d, t: set_cell(d, "statements", "statement_id", "peskov_refuted_report", "summary", "=1+1"),
    "package_title_lone_surrogate": lambda d, t: edit_descriptor(d, lambda x: x.update(title="Title \ud800")),
    "licence_name_lone_surrogate": lambda d, t: edit_descriptor(d, lambda x: x["licenses"][0].update(name="CC \udfff")),
    "reserved_sqlite_name": lambda d, t: _extra_resource(d, "sqlite_sequence"),
    "tab_in_a_span": lambda d, t: _document_with(d, t, "\t", "tab"),
    "vocabulary_label_with_a_space": lambda d, t: edit_descriptor(d, lambda x: _relabel(x, "mode", "paraphrase", "para phrase")),
    "id_with_a_colon_in_a_table_without_pattern": lambda d, t: _colon_id(d),
    "field_name_differing_in_case": lambda d, t: _case_twin_field(d),
}


def _relabel(descriptor: dict, vocabulary: str, old: str, new: str) -> None:
    """Rename a vocabulary label everywhere the descriptor lists it (the data keeps the old label, so rows break too)."""
    vocab = descriptor["vocabularies"][vocabulary]
    descriptor["vocabularies"][vocabulary] = {new if k == old else k: v for k, v in vocab.items()}
    for r in descriptor["resources"]:
        for f in r["schema"]["fields"]:
            enum = f.get("constraints", {}).get("enum")
            if enum and old in enum:
                f["constraints"]["enum"] = [new if v == old else v for v in enum]


def _colon_id(data: Path) -> None:
    def change(d: dict) -> None:
        field_of(d, "topics", "topic_id")["constraints"].pop("pattern")
    edit_descriptor(data, change)
    append_row(data, "topics", {"topic_id": "a:b c", "label": "L", "description": "D."})


def _case_twin_field(data: Path) -> None:
    def change(d: dict) -> None:
        resource(d, "topics")["schema"]["fields"].append({"name": "Label", "type": "string", "description": "A twin."})
    edit_descriptor(data, change)
    header, records = read_table(data, "topics")
    write_table(data, "topics", [*header, "Label"], [[*r, "x"] for r in records])


@pytest.mark.parametrize("case", AGREEMENT, ids=list(AGREEMENT))
def test_every_export_accepts_exactly_what_the_validator_accepts(case: str, data_copy: Path, tmp_path: Path) -> None:
    AGREEMENT[case](data_copy, tmp_path)
    run, found = validate(data_copy)
    assert run.status in (0, 1), run.text
    outcomes = {}
    for fmt in FORMATS:
        out = tmp_path / f"export-{fmt}"
        export = cli("export", fmt, str(out), "--data", str(data_copy))
        assert "Traceback" not in export.err
        outcomes[fmt] = export.status
    assert set(outcomes.values()) == {run.status}, (run.status, outcomes, sorted(found))
    if run.status == 1:
        assert loader_problems(data_copy)


def test_the_exports_report_the_warnings_they_accept(data_copy: Path, tmp_path: Path) -> None:
    set_cell(data_copy, "statements", "statement_id", "peskov_refuted_report", "summary", "=1+1")
    run = cli("export", "w3c", str(tmp_path / "a.jsonld"), "--data", str(data_copy))
    assert run.status == 0 and "formula-prefix" in run.err, run.text


# === 10. The validation cache keys the bytes that were validated ========================================================

SWAP_DURING_VALIDATION = """
import os, sys
target = sys.argv[1]
with open(sys.argv[2], "rb") as f:
    good = f.read()
with open(sys.argv[3], "rb") as f:
    bad = f.read()
stamp = os.stat(target).st_mtime_ns
state = {"opens": 0, "swapped": False, "busy": False}

def put(content):
    state["busy"] = True
    try:
        with open(target, "wb") as f:
            f.write(content)
        os.utime(target, ns=(stamp, stamp))   # same size, same modification time
    finally:
        state["busy"] = False

def hook(event, args):
    if event != "open" or state["busy"] or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path = os.fsdecode(args[0])
    if state["swapped"]:
        state["swapped"] = False
        put(bad)                               # the forged bytes are back before anyone compares stamps
    elif os.path.abspath(path) == os.path.abspath(target):
        state["opens"] += 1
        if state["opens"] == 2:                # the first read was hashed; the validator's own read gets valid bytes
            put(good)
            state["swapped"] = True

sys.addaudithook(hook)
from helpers import DatasetError, load_dataset
try:
    load_dataset(sys.argv[4])
    print("first: loaded")
except DatasetError:
    print("first: refused")
"""

AFTER_THE_RACE = """
import sys
from helpers import DatasetError, load_dataset
try:
    ds = load_dataset(sys.argv[1])
    print("second: loaded", "Kremlon" in "".join(ds.texts.values()))
except DatasetError as exc:
    print("second: refused")
"""

RACES = {
    "source_text": (SOURCE, b"Kremlin", b"Kremlon"),
    "table_vocabulary": ("statements.csv", b",opposes,", b",opposez,"),
    "descriptor_version": ("datapackage.json", b'"version": "', b'"version": "x'),
}


@pytest.mark.parametrize("case", RACES, ids=list(RACES))
def test_a_race_cannot_make_the_cache_vouch_for_bytes_nobody_validated(case: str, data_copy: Path, tmp_path: Path) -> None:
    rel, old, new = RACES[case]
    target = data_copy / rel
    good = target.read_bytes()
    if case == "descriptor_version":
        start = good.index(old) + len(old)  # the version's first character (1.1.0 or 2.0.0), same length
        bad = good[:start] + b"x" + good[start + 1:]
    else:
        bad = good.replace(old, new, 1)
    assert bad != good and len(bad) == len(good)
    target.write_bytes(bad)
    env = {**os.environ, "GEOPOL_NOTEBOOKS_CACHE_DIR": str(tmp_path / "cache")}
    (tmp_path / "good").write_bytes(good)
    (tmp_path / "bad").write_bytes(bad)
    first = subprocess.run([sys.executable, "-c", SWAP_DURING_VALIDATION, str(target), str(tmp_path / "good"), str(tmp_path / "bad"),
                            str(data_copy)],
                           cwd=REPO, capture_output=True, text=True, timeout=300, env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    assert target.read_bytes() == bad
    second = subprocess.run([sys.executable, "-c", AFTER_THE_RACE, str(data_copy)], cwd=REPO, capture_output=True, text=True,
                            timeout=300, env=env)
    assert second.stdout.strip() == "second: refused", (first.stdout, second.stdout, second.stderr[-2000:])
    run, _ = validate(data_copy)
    assert run.status == 1


def test_a_cached_load_returns_the_bytes_it_validated(data_copy: Path) -> None:
    first = load_dataset(data_copy)
    second = load_dataset(data_copy)  # from the cache
    # dataset 2.0: the article and every excerpt document, each its file's bytes
    paths = dict(zip(first.documents["document_id"].astype(str), first.documents["path"].astype(str), strict=True))
    assert DOC in first.texts and set(first.texts) == set(paths)
    assert second.texts == first.texts == {doc: (data_copy / paths[doc]).read_bytes().decode("utf-8") for doc in paths}
    assert second.statements.equals(first.statements)
