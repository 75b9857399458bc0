"""Hostile and faulty inputs against the validator, the loader, the curator tools, the figures and the renderers.

Every case works on a private copy of ``data/`` in a sandbox that also holds a
folder *outside* the package (a CSV and a "secret" file the package may try to
reach). Each case asserts what it should: the exit status, the problem codes,
and, for every case alike, that

* nothing raised but the tools' own errors (no traceback),
* no socket was opened (every connect and DNS lookup is refused and recorded),
* nothing blocked (an alarm turns a hang into a failure after a few seconds),
* nothing outside the copy was read into the data or changed,
* a refused curator command left the copy byte for byte as it was, and a
  successful one left a package that still parses.

The kill, disk-full and concurrency cases run the curator tools in
subprocesses; disk-full uses a small tmpfs when the machine allows one (root
on Linux) and a fault-injecting write otherwise.

Run ``python -m tests.test_adversarial`` for the figures the issue asks for:
inputs tried, handled as they should be, crashes, data-loss cases.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import helpers.curation.curate as curate_module
import helpers.curation.journal as journal_module
import helpers.dataset.validate as validate_module
from helpers.dataset import problems
from helpers.dataset.load import Dataset, DatasetError, load_dataset
from helpers.dataset.paths import default_data_dir, project_root

DOC = "000_212c296293ee434c"

#: These tests break a copy of the shipped package (they name its rows): under --data-dir too.
pytestmark = pytest.mark.usefixtures("shipped_package")

SOURCE = f"sources/{DOC}.txt"
INVENTED = "Russia will send troops tomorrow"
HANG_SECONDS = 20  # far above any honest run here; a FIFO or a silent server would block forever


# --- the sandbox -------------------------------------------------------------------------------------------------------


@dataclass
class Sandbox:
    """A copy of data/ next to a folder outside it; ``outside`` holds what the package must never reach."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def outside(self) -> Path:
        return self.root / "outside"

    @classmethod
    def make(cls, root: Path) -> Sandbox:
        """A sandbox in ``root``, copying data/ into it."""
        shutil.copytree(default_data_dir(), root / "data")
        return cls.around(root / "data")

    @classmethod
    def around(cls, data_copy: Path) -> Sandbox:
        """A sandbox around an existing copy of data/ (the ``data_copy`` fixture): adds the outside folder next to it."""
        sb = cls(data_copy.parent)
        sb.outside.mkdir()
        shutil.copy(sb.data / "topics.csv", sb.outside / "outside.csv")
        (sb.outside / "secret.txt").write_bytes(b"SECRET outside the package: never to be read or copied\n")
        return sb


def snapshot(folder: Path) -> dict[str, str | bytes]:
    """Every entry under ``folder``: bytes of regular files, the kind of anything else (never opening FIFOs)."""
    out: dict[str, str | bytes] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out[rel] = f"symlink -> {os.readlink(p)}"
        elif p.is_fifo():
            out[rel] = "fifo"
        elif p.is_dir():
            out[rel] = "dir"
        else:
            out[rel] = p.read_bytes()
    return out


def read_table(data: Path, name: str) -> tuple[list[str], list[list[str]]]:
    with open(data / f"{name}.csv", encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    return table[0], table[1:]


def write_table(data: Path, name: str, header: list[str], records: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *records])
    (data / f"{name}.csv").write_bytes(buf.getvalue().encode("utf-8"))


def set_cell(data: Path, table: str, row: int, column: str, value: str) -> None:
    """Set ``column`` of data row ``row`` (0-based) of ``table``."""
    header, records = read_table(data, table)
    records[row][header.index(column)] = value
    write_table(data, table, header, records)


def row_index(data: Path, table: str, column: str, value: str) -> int:
    header, records = read_table(data, table)
    return next(i for i, r in enumerate(records) if r[header.index(column)] == value)


def edit_descriptor(data: Path, change: Callable[[dict], object]) -> None:
    path = data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=1, ensure_ascii=False), encoding="utf-8")


def resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


# --- the guards every case runs under ------------------------------------------------------------------------------------


class Hung(Exception):
    """The alarm fired: the code under test blocked."""


@dataclass
class Result:
    """What one case did, beyond its own expectations."""

    failures: list[str] = field(default_factory=list)
    crash: str | None = None
    data_lost: str | None = None
    network: list[str] = field(default_factory=list)
    hung: bool = False

    @property
    def ok(self) -> bool:
        return not (self.failures or self.crash or self.data_lost or self.network or self.hung)

    def expect(self, condition: bool, message: str) -> None:
        if not condition:
            self.failures.append(message)


@contextlib.contextmanager
def guarded(result: Result) -> Iterator[None]:
    """No network (recorded and refused), no hang (an alarm), no traceback (recorded as a crash)."""

    def refuse(kind: str) -> Callable[..., object]:
        def blocked(*args: object, **kwargs: object) -> object:
            result.network.append(f"{kind}{args[1:] if kind == 'connect' else args}")
            raise OSError(f"network access refused in this test: {kind}")
        return blocked

    saved = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection)
    socket.socket.connect = refuse("connect")  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse("connect")  # type: ignore[method-assign]
    socket.getaddrinfo = refuse("getaddrinfo")  # type: ignore[assignment]
    socket.create_connection = refuse("create_connection")  # type: ignore[assignment]

    def alarm(signum: int, frame: object) -> None:
        raise Hung

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    try:
        yield
    except Hung:
        result.hung = True
    except Exception as exc:  # anything but the tools' own exit is a crash
        result.crash = f"{type(exc).__name__}: {exc}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection = saved  # type: ignore[method-assign]


def run_main(main: Callable[[list[str]], int], argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse
            status = exc.code if isinstance(exc.code, int) else 2
    return status, out.getvalue(), err.getvalue()


# --- the cases ------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # the issue's numbered kind it feeds
    run: Callable[[Sandbox, Result], None]


CASES: list[Case] = []


def validator_case(name: str, kind: str, breaks: Callable[[Sandbox], object], codes: set[str] | None = None, status: int = 1,
                   strict_status: int | None = None) -> None:
    """The validator exits ``status`` reporting every code in ``codes``; the loader raises only DatasetError; nothing leaves the copy."""

    def run(sb: Sandbox, result: Result) -> None:
        breaks(sb)
        outside_before = snapshot(sb.outside)
        got, out, err = run_main(validate_module.main, [str(sb.data)])
        result.expect(got == status, f"exit {got}, expected {status}\n{out}{err}")
        if codes:
            reported = set(re.findall(r": \[([a-z0-9-]+)\] ", out + err))
            result.expect(codes <= reported, f"codes {sorted(codes - reported)} not reported; got {sorted(reported)}\n{out}{err}")
        if strict_status is not None:
            got_strict, _, _ = run_main(validate_module.main, [str(sb.data), "--strict"])
            result.expect(got_strict == strict_status, f"--strict exit {got_strict}, expected {strict_status}")
        try:
            ds = load_dataset(sb.data)
        except DatasetError as exc:
            result.expect(status != 0, f"loader refused valid data: {exc}")
            result.expect(all(isinstance(p, validate_module.Problem) for p in exc.problems), "DatasetError without problems")
        else:
            result.expect(status == 0 and isinstance(ds, Dataset), "loader accepted data the validator rejects")
            leaked = [doc for doc, text in ds.texts.items() if "SECRET" in text]
            result.expect(not leaked, f"text from outside the package loaded as {leaked}")
        result.expect(snapshot(sb.outside) == outside_before, "something outside the package changed")

    CASES.append(Case(name, kind, run))


def curator_case(name: str, kind: str, prepare: Callable[[Sandbox], object], argv: Callable[[Sandbox], list[str]], status: int,
                 fragment: str = "") -> None:
    """A curator command: refused (exit 1) leaving the copy byte for byte as it was, or done (exit 0) leaving a package that parses."""

    def run(sb: Sandbox, result: Result) -> None:
        prepare(sb)
        before, outside_before = snapshot(sb.data), snapshot(sb.outside)
        got, out, err = run_main(curate_module.main, ["--data", str(sb.data), *argv(sb)])
        result.expect(got == status, f"exit {got}, expected {status}\n{out}{err}")
        result.expect(fragment in err + out, f"{fragment!r} not in the output:\n{out}{err}")
        result.expect("Traceback" not in err, f"traceback:\n{err}")
        after = snapshot(sb.data)
        if got != 0 and after != before:
            changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            result.data_lost = f"a refused command changed {changed}"
        if got == 0:
            broken = [p for p in validate_module.validate(sb.data)
                      if p.code in ("malformed-csv", "row-length", "header-mismatch", "not-utf8", "control-character")]
            if broken:
                result.data_lost = f"a successful command left the package unparseable: {[str(p) for p in broken]}"
        if snapshot(sb.outside) != outside_before:
            result.data_lost = "a curator command changed a file outside the package"
        text = "".join(v.decode("utf-8", "replace") for k, v in after.items() if isinstance(v, bytes) and k.endswith(".csv"))
        result.expect("SECRET" not in text, "text from outside the package was copied into the dataset")

    CASES.append(Case(name, kind, run))


def set_span(sb: Sandbox, table: str, start: str | None = None, end: str | None = None, evidence: str | None = None, row: int = 0) -> None:
    header, records = read_table(sb.data, table)
    rows = [r for r in records if r[header.index("char_start")]]
    record = rows[row]
    if start is not None:
        record[header.index("char_start")] = start
    if end is not None:
        record[header.index("char_end")] = end
    if evidence is not None:
        record[header.index("evidence")] = evidence
    write_table(sb.data, table, header, records)


def span_of(sb: Sandbox, table: str, row: int = 0) -> tuple[str, str]:
    header, records = read_table(sb.data, table)
    record = [r for r in records if r[header.index("char_start")]][row]
    return record[header.index("char_start")], record[header.index("char_end")]


# 1. Invented evidence behind offsets int() accepts but no canonical integer is.
LENIENT_FORMS: dict[str, Callable[[str], str]] = {
    "plus_sign": lambda v: "+" + v,
    "leading_space": lambda v: " " + v,
    "trailing_space": lambda v: v + " ",
    "underscore": lambda v: v[0] + "_" + v[1:],
    "leading_zero": lambda v: "0" + v,
    "arabic_indic_digits": lambda v: v.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
    "fullwidth_digits": lambda v: v.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "devanagari_digits": lambda v: v.translate(str.maketrans("0123456789", "०१२३४५६७८९")),
    "tab_padding": lambda v: "\t" + v,
    "float_form": lambda v: v + ".0",
    "exponent": lambda v: v + "e0",
}
for form, rewrite in LENIENT_FORMS.items():
    for table, column in (("statements", "char_start"), ("country_positions", "char_end")):
        def breaks(sb: Sandbox, table: str = table, column: str = column, rewrite: Callable[[str], str] = rewrite) -> None:
            start, end = span_of(sb, table)
            value = rewrite(start if column == "char_start" else end)
            set_span(sb, table, **{"start" if column == "char_start" else "end": value}, evidence=INVENTED)

        validator_case(f"offset_{form}_{table}_{column}", "1", breaks, {"offset-not-canonical"})

validator_case("offset_plus_sign_real_evidence", "1",
               lambda sb: set_span(sb, "events", start="+" + span_of(sb, "events")[0]), {"offset-not-canonical", "span-unverifiable"})
validator_case("offset_minus_zero", "1", lambda sb: set_span(sb, "statements", start="-0", evidence=INVENTED), {"offset-not-canonical"})
validator_case("invented_evidence_canonical_offsets", "1", lambda sb: set_span(sb, "statements", evidence=INVENTED), {"span-mismatch"})
validator_case("char_length_plus_sign", "1", lambda sb: set_cell(sb.data, "documents", 0, "char_length", "+4211"), {"integer-not-canonical"})
validator_case("span_of_unknown_document", "1",
               lambda sb: set_cell(sb.data, "events", 0, "document_id", "no_such_document"), {"span-unverifiable"})


# 4. The validator never opens anything outside the package, never the network, never blocks.
def resource_path(name: str, value: object) -> Callable[[Sandbox], None]:
    return lambda sb: edit_descriptor(sb.data, lambda d: resource(d, name).update(path=value))


for label, value in {"http_url": "http://127.0.0.1:9/topics.csv", "https_url": "https://example.org/topics.csv",
                     "file_url": "file:///etc/passwd", "network_path": "//example.org/topics.csv", "absolute": "/etc/passwd",
                     "dotdot": "../outside/outside.csv", "dotdot_inside": "sources/../../outside/outside.csv",
                     "backslash_dotdot": "..\\outside\\outside.csv", "list_path": ["topics.csv"], "empty_path": ""}.items():
    validator_case(f"resource_path_{label}", "4", resource_path("topics", value), {"outside-package"})


def symlink_table_out(sb: Sandbox) -> None:
    (sb.data / "topics.csv").unlink()
    (sb.data / "topics.csv").symlink_to(sb.outside / "outside.csv")


def symlink_folder_out(sb: Sandbox) -> None:
    shutil.rmtree(sb.data / "sources")
    shutil.copytree(default_data_dir() / "sources", sb.outside / "sources")
    (sb.data / "sources").symlink_to(sb.outside / "sources")


def fifo_table(sb: Sandbox) -> None:
    (sb.data / "topics.csv").unlink()
    os.mkfifo(sb.data / "topics.csv")


def fifo_source(sb: Sandbox) -> None:
    (sb.data / SOURCE).unlink()
    os.mkfifo(sb.data / SOURCE)


def folder_table(sb: Sandbox) -> None:
    (sb.data / "topics.csv").unlink()
    (sb.data / "topics.csv").mkdir()


def source_symlink_out(sb: Sandbox) -> None:
    shutil.copy(sb.data / SOURCE, sb.outside / "copy.txt")
    (sb.data / SOURCE).unlink()
    (sb.data / SOURCE).symlink_to(sb.outside / "copy.txt")


validator_case("table_symlink_out_of_package", "4", symlink_table_out, {"outside-package"})
validator_case("sources_folder_symlink_out", "4", symlink_folder_out, {"outside-package"})
validator_case("source_symlink_out_of_package", "4", source_symlink_out, {"outside-package"})
validator_case("fifo_in_place_of_a_table", "4", fifo_table, {"not-a-regular-file"})
validator_case("fifo_in_place_of_a_source", "4", fifo_source, {"not-a-regular-file"})
validator_case("folder_in_place_of_a_table", "4", folder_table, {"not-a-regular-file"})
for label, value in {"absolute": "/etc/passwd", "url": "https://example.org/a.txt", "dotdot": "../outside/secret.txt",
                     "file_url": "file:///etc/passwd"}.items():
    validator_case(f"documents_path_{label}", "4", lambda sb, value=value: set_cell(sb.data, "documents", 0, "path", value),
                   {"outside-package"})
validator_case("schema_given_as_url", "4",
               lambda sb: edit_descriptor(sb.data, lambda d: resource(d, "topics").update(schema="https://example.org/schema.json")),
               {"descriptor-malformed"})
validator_case("dialect_given_as_url", "4",
               lambda sb: edit_descriptor(sb.data, lambda d: resource(d, "topics").update(dialect="https://example.org/dialect.json")),
               {"descriptor-malformed"})
validator_case("package_profile_url", "4", lambda sb: edit_descriptor(sb.data, lambda d: d.update(profile="https://example.org/p.json")),
               {"outside-package"})


def descriptor_fifo(sb: Sandbox) -> None:
    (sb.data / "datapackage.json").unlink()
    os.mkfifo(sb.data / "datapackage.json")


def descriptor_symlink_out(sb: Sandbox) -> None:
    shutil.move(sb.data / "datapackage.json", sb.outside / "datapackage.json")
    (sb.data / "datapackage.json").symlink_to(sb.outside / "datapackage.json")


validator_case("descriptor_is_a_fifo", "4", descriptor_fifo, {"cannot-run"}, status=2)
validator_case("descriptor_symlink_out", "4", descriptor_symlink_out, {"cannot-run"}, status=2)


# 6. Malformed descriptors: problem lines or exit 2, never a traceback.
def change_descriptor(change: Callable[[dict], object]) -> Callable[[Sandbox], None]:
    return lambda sb: edit_descriptor(sb.data, change)


def replace_resource(name: str, value: object) -> Callable[[dict], None]:
    def change(d: dict) -> None:
        d["resources"] = [value if r["name"] == name else r for r in d["resources"]]
    return change


def drop_key(name: str, key: str) -> Callable[[dict], None]:
    return lambda d: resource(d, name).pop(key)


def set_schema(name: str, key: str, value: object) -> Callable[[dict], None]:
    return lambda d: resource(d, name)["schema"].update({key: value})


def set_field(name: str, index: int, value: object) -> Callable[[dict], None]:
    return lambda d: resource(d, name)["schema"]["fields"].__setitem__(index, value)


for label, change in {
    "resource_is_a_string": replace_resource("topics", "topics"),
    "resource_is_a_number": replace_resource("topics", 7),
    "resource_is_null": replace_resource("topics", None),
    "resource_is_a_list": replace_resource("topics", ["topics.csv"]),
    "resource_without_name": drop_key("topics", "name"),
    "resource_without_schema": drop_key("topics", "schema"),
    "fields_is_an_object": set_schema("topics", "fields", {"name": "topic_id"}),
    "fields_is_a_string": set_schema("topics", "fields", "topic_id,label"),
    "fields_is_empty": set_schema("topics", "fields", []),
    "field_is_a_string": set_field("topics", 0, "topic_id"),
    "field_without_name": set_field("topics", 1, {"type": "string"}),
    "field_name_not_a_string": set_field("topics", 1, {"name": 5, "type": "string"}),
    "duplicate_field_name": set_field("topics", 1, {"name": "topic_id", "type": "string"}),
    "constraints_not_an_object": lambda d: resource(d, "topics")["schema"]["fields"][0].update(constraints=["required"]),
    "primary_key_unknown_field": set_schema("topics", "primaryKey", ["no_such_field"]),
    "primary_key_is_a_number": set_schema("topics", "primaryKey", 3),
    "foreign_keys_not_a_list": set_schema("statements", "foreignKeys", {"fields": "speaker_id"}),
    "foreign_key_without_reference": set_schema("statements", "foreignKeys", [{"fields": "speaker_id"}]),
    "duplicate_resource_name": lambda d: d["resources"].append(dict(resource(d, "topics"))),
    "vocabularies_not_an_object": lambda d: d.update(vocabularies=["stance"]),
    "description_not_a_string": lambda d: resource(d, "topics").update(description=["a", "list"]),
}.items():
    validator_case(f"descriptor_{label}", "6", change_descriptor(change), {"descriptor-malformed"})

validator_case("version_missing", "6", change_descriptor(lambda d: d.pop("version")), {"version-not-semantic"})
validator_case("version_two_parts", "6", change_descriptor(lambda d: d.update(version="1.0")), {"version-not-semantic"})
validator_case("version_a_number", "6", change_descriptor(lambda d: d.update(version=1)), {"version-not-semantic"})
validator_case("version_words", "6", change_descriptor(lambda d: d.update(version="first")), {"version-not-semantic"})


def raw_descriptor(content: bytes) -> Callable[[Sandbox], None]:
    return lambda sb: (sb.data / "datapackage.json").write_bytes(content)


def duplicate_keys(sb: Sandbox) -> None:
    path = sb.data / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    doubled = re.sub(r'("version": "[^"]*",)', r'\1 "version": "9.9.9",', text, count=1)
    assert doubled != text, "the descriptor has no version to duplicate"
    path.write_text(doubled, encoding="utf-8")


validator_case("descriptor_duplicate_keys", "6", duplicate_keys, {"cannot-run"}, status=2)
validator_case("descriptor_deeply_nested", "6", raw_descriptor(b'{"resources": [], "x": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"),
               {"cannot-run"}, status=2)
validator_case("descriptor_not_json", "6", raw_descriptor(b"resources: []"), {"cannot-run"}, status=2)
validator_case("descriptor_not_utf8", "6", raw_descriptor(b'{"resources": [], "title": "\xff"}'), {"cannot-run"}, status=2)
validator_case("descriptor_empty", "6", raw_descriptor(b""), {"cannot-run"}, status=2)
validator_case("descriptor_a_list", "6", raw_descriptor(b"[]"), {"cannot-run"}, status=2)
validator_case("descriptor_resources_not_a_list", "6", raw_descriptor(b'{"resources": {"topics": {}}}'), {"cannot-run"}, status=2)
validator_case("descriptor_without_resources_entries", "6", raw_descriptor(b'{"resources": [], "version": "1.0.0"}'), {"interface-missing"})


# 7. Rules nobody checked.
def statement_field(statement_id: str, column: str, value: str) -> Callable[[Sandbox], None]:
    return lambda sb: set_cell(sb.data, "statements", row_index(sb.data, "statements", "statement_id", statement_id), column, value)


def respond_cycle(*ids: str) -> Callable[[Sandbox], None]:
    def breaks(sb: Sandbox) -> None:
        for a, b in zip(ids, [*ids[1:], ids[0]], strict=True):
            statement_field(a, "responds_to_id", b)(sb)
            statement_field(a, "response", "denies")(sb)
    return breaks


validator_case("responds_to_cycle_of_two", "7", respond_cycle("peskov_refuted_report", "lemonde_report_revived_talks"), {"cycle"})
validator_case("responds_to_cycle_of_three", "7",
               respond_cycle("peskov_refuted_report", "peskov_no_unanimity", "lemonde_report_revived_talks"), {"cycle"})
for label, value in {"space": " ", "spaces_and_tab": " \t ", "nbsp": "\u00a0", "zero_width_space": "\u200b",
                     "word_joiner_and_bom": "\u2060\ufeff", "ideographic_space": "\u3000", "line_separator": "\u2028"}.items():
    validator_case(f"required_summary_blank_{label}", "7", lambda sb, value=value: set_cell(sb.data, "statements", 0, "summary", value),
                   {"blank-required"})
validator_case("required_topic_label_blank", "7", lambda sb: set_cell(sb.data, "topics", 0, "label", "\u200b\u200b"), {"blank-required"})
for label, value in {"nul": "before\x00after", "escape": "colour \x1b[31mred", "bell": "ring\x07", "c1_control": "next\x85line",
                     "carriage_return": "one\rtwo"}.items():
    # a lone carriage return written by the csv module is not quoted: the row breaks (the field notes' trap)
    validator_case(f"control_character_{label}", "7", lambda sb, value=value: set_cell(sb.data, "statements", 0, "summary", value),
                   {"row-length"} if "\r" in value else {"control-character"})
for label, value in {"rlo": "evil \u202etxt.exe", "rli": "name \u2067x\u2069", "lrm": "left\u200e"}.items():
    validator_case(f"bidi_{label}", "7", lambda sb, value=value: set_cell(sb.data, "actors", 0, "name", value), {"bidi-control"})


def two_documents_one_file(sb: Sandbox) -> None:
    header, records = read_table(sb.data, "documents")
    twin = list(records[0])
    twin[header.index("document_id")] = "twin_of_the_article"
    write_table(sb.data, "documents", header, [*records, twin])


validator_case("two_documents_on_one_file", "7", two_documents_one_file, {"duplicate-source"})
for label, value in {"equals": '=HYPERLINK("http://example.org","click")', "plus": "+1 call me", "at": "@SUM(A1:A2)",
                     "minus": "-2+3"}.items():
    validator_case(f"formula_prefix_{label}", "7", lambda sb, value=value: set_cell(sb.data, "statements", 0, "summary", value),
                   {"formula-prefix"}, status=0, strict_status=1)


# 3 and 10. CSV structure and messages.
def lone_cr_by_hand(sb: Sandbox) -> None:
    path = sb.data / "topics.csv"
    path.write_bytes(path.read_bytes().replace(b"Western troops in Ukraine", b"Western troops\rin Ukraine", 1))


def huge_field(sb: Sandbox) -> None:
    set_cell(sb.data, "topics", 0, "description", "x" * (problems.FIELD_SIZE_LIMIT + 10))


def nfd_evidence(sb: Sandbox) -> None:
    """Evidence typed in NFD where the source has NFC (``é`` as e + combining accent): it looks the same and is not."""
    import unicodedata

    text = (sb.data / SOURCE).read_bytes().decode("utf-8")
    start = text.index("é")
    evidence = text[start - 10 : start + 10]
    header, records = read_table(sb.data, "events")
    record = next(r for r in records if r[header.index("char_start")])
    record[header.index("char_start")], record[header.index("char_end")] = str(start - 10), str(start + 10)
    record[header.index("evidence")] = unicodedata.normalize("NFD", evidence)
    write_table(sb.data, "events", header, records)


def normalisation_is_named(sb: Sandbox, result: Result) -> None:
    nfd_evidence(sb)
    [problem] = [p for p in validate_module.validate(sb.data) if p.code == "span-mismatch"]
    result.expect("the text is NFC, the evidence is NFD" in problem.message, problem.message)


validator_case("lone_carriage_return_written_by_hand", "3", lone_cr_by_hand, {"row-length"})
validator_case("field_over_the_csv_limit", "10", huge_field, {"field-too-large"})
validator_case("evidence_in_other_normalisation", "10", nfd_evidence, {"span-mismatch"})
CASES.append(Case("normalisation_mismatch_names_each_form", "10", normalisation_is_named))


def unbalanced_quote(sb: Sandbox) -> None:
    path = sb.data / "topics.csv"
    path.write_bytes(path.read_bytes() + b'extra,"never closed,\n')


validator_case("unbalanced_quote", "3", unbalanced_quote, {"malformed-csv"})
validator_case("table_not_utf8", "3", lambda sb: (sb.data / "topics.csv").write_bytes((sb.data / "topics.csv").read_bytes() + b"x,\xff,y\n"),
               {"not-utf8"})


# 2, 3, 5, 10. The curator tools.
def nothing(sb: Sandbox) -> None:
    pass


def annotate_args(**fields: str) -> Callable[[Sandbox], list[str]]:
    base = {"event_id": "adversarial_event", "label": "An event", "kind": "military", "date": "2024-11-20", "date_precision": "day",
            "date_basis": "stated"}
    base.update(fields)
    sets = [f"--set={k}={v}" for k, v in base.items()]
    return lambda sb: ["annotate", "events", DOC, "Storm Shadow missiles", *sets]


def statement_args(**fields: str) -> Callable[[Sandbox], list[str]]:
    base = {"statement_id": "adversarial_statement", "speaker_id": "dmitry_peskov", "mode": "paraphrase", "topic_id": "troops_to_ukraine",
            "stance": "opposes", "summary": "A summary."}
    base.update(fields)
    return lambda sb: ["annotate", "statements", DOC, "no unanimity among Europeans", *[f"--set={k}={v}" for k, v in base.items()]]


def topic_args(**fields: str) -> Callable[[Sandbox], list[str]]:
    base = {"topic_id": "adversarial_topic", "label": "A topic", "description": "A description."}
    base.update(fields)
    return lambda sb: ["add", "topics", *[f"--set={k}={v}" for k, v in base.items()]]


curator_case("add_value_with_lone_cr", "3", nothing, topic_args(label="one\rtwo"), 1, "U+000D")
curator_case("add_value_with_nul", "3", nothing, topic_args(description="a\x00b"), 1, "U+0000")
curator_case("add_value_with_bidi_override", "3", nothing, topic_args(label="a\u202eb"), 1, "U+202E")
curator_case("update_value_with_lone_cr", "3", nothing, lambda sb: ["update", "topics", "troops_to_ukraine", "--set=label=a\rb"], 1, "U+000D")
curator_case("add_value_with_comma_quote_and_newline", "3", nothing, topic_args(description='He said, "no"\nand left.'), 0)
curator_case("add_value_with_crlf", "3", nothing, topic_args(description="One line.\r\nAnother line."), 0)
curator_case("annotate_unknown_speaker", "10", nothing, statement_args(speaker_id="no_such_actor"), 1, "no row 'no_such_actor' in actors")
curator_case("annotate_stance_outside_vocabulary", "10", nothing, statement_args(stance="maybe"), 1, "'maybe' is not one of")
curator_case("annotate_unknown_topic", "10", nothing, statement_args(topic_id="no_such_topic"), 1, "no row 'no_such_topic' in topics")
curator_case("annotate_impossible_date", "10", nothing, annotate_args(date="2024-02-30"), 1, "not a calendar date")
curator_case("annotate_date_not_at_its_precision", "10", nothing, annotate_args(date="2024-11"), 1, "not a date at precision 'day'")
curator_case("annotate_unknown_event_kind", "10", nothing, annotate_args(kind="rumour"), 1, "'rumour' is not one of")
curator_case("annotate_blank_required_text", "10", nothing, annotate_args(label="   "), 1, "missing required field")
curator_case("annotate_hand_set_offsets", "10", nothing, lambda sb: [*annotate_args()(sb), "--set=char_start=+655"], 1, "do not set them")
curator_case("add_duplicate_id", "10", nothing, topic_args(topic_id="troops_to_ukraine"), 1, "already has a row")
curator_case("locate_straight_apostrophe_suggests_curly", "10", nothing,
             lambda sb: ["locate", DOC, "despite Germany's opposition"], 1, "did you mean 'despite Germany’s opposition'")
curator_case("locate_straight_quotes_suggests_curly", "10", nothing, lambda sb: ["locate", DOC, '"hotheads"'], 1, "")


def new_text(sb: Sandbox, content: bytes = "An invented text about “nothing”.".encode()) -> Path:
    path = sb.root / "incoming.txt"
    path.write_bytes(content)
    return path


def register_args(source: Callable[[Sandbox], Path], **options: str) -> Callable[[Sandbox], list[str]]:
    base = {"--document-id": "incoming_doc", "--title": "Incoming", "--published": "2024-11-20", "--date-precision": "day"}
    base.update(options)
    return lambda sb: ["register", str(source(sb)), *[x for kv in base.items() for x in kv]]


curator_case("register_a_folder", "10", nothing, register_args(lambda sb: sb.outside), 1, "not a regular file")
curator_case("register_an_empty_file", "10", nothing, register_args(lambda sb: new_text(sb, b"")), 1, "empty")
curator_case("register_whitespace_only", "10", nothing, register_args(lambda sb: new_text(sb, b" \n\t\n")), 1, "empty")
curator_case("register_missing_file", "10", nothing, register_args(lambda sb: sb.root / "nope.txt"), 1, "no such file")
curator_case("register_not_utf8", "10", nothing, register_args(lambda sb: new_text(sb, "café".encode("latin-1"))), 1, "utf-8")
curator_case("register_impossible_date", "10", nothing, register_args(new_text, **{"--published": "2024-02-30"}), 1, "not a calendar date")
curator_case("register_date_not_at_precision", "10", nothing, register_args(new_text, **{"--published": "2024"}), 1, "precision 'day'")
curator_case("register_id_escaping_sources", "10", nothing, register_args(new_text, **{"--document-id": "../../escaped"}), 1, "pattern")
curator_case("register_title_with_lone_cr", "3", nothing, register_args(new_text, **{"--title": "a\rb"}), 1, "U+000D")
curator_case("register_valid_text", "10", nothing, register_args(new_text), 0, "registered incoming_doc")


def point_topics_outside(sb: Sandbox) -> None:
    edit_descriptor(sb.data, lambda d: resource(d, "topics").update(path="../outside/outside.csv"))


def documents_path(value: str) -> Callable[[Sandbox], None]:
    return lambda sb: set_cell(sb.data, "documents", 0, "path", value)


curator_case("add_to_a_table_outside_the_package", "5", point_topics_outside, topic_args(), 1, "stay inside")
curator_case("update_a_table_outside_the_package", "5", point_topics_outside,
             lambda sb: ["update", "topics", "troops_to_ukraine", "--set=label=x"], 1, "stay inside")
curator_case("add_to_a_table_symlinked_out", "5", symlink_table_out, topic_args(), 1, "outside the data folder")
curator_case("add_to_a_fifo_table", "4", fifo_table, topic_args(), 1, "FIFO")
curator_case("locate_in_etc_passwd", "5", documents_path("/etc/passwd"), lambda sb: ["locate", DOC, "root"], 1, "stay inside")
curator_case("annotate_from_etc_passwd", "5", documents_path("/etc/passwd"), statement_args(), 1, "stay inside")
curator_case("locate_in_a_file_outside", "5", documents_path("../outside/secret.txt"), lambda sb: ["locate", DOC, "SECRET"], 1, "stay inside")
curator_case("locate_through_a_symlinked_source", "5", source_symlink_out, lambda sb: ["locate", DOC, "Kremlin"], 1, "outside the data folder")
curator_case("locate_in_a_fifo_source", "4", fifo_source, lambda sb: ["locate", DOC, "Kremlin"], 1, "FIFO")
curator_case("locate_in_a_url_source", "5", documents_path("https://example.org/a.txt"), lambda sb: ["locate", DOC, "a"], 1, "URL")
curator_case("annotate_with_malformed_descriptor", "6",
             change_descriptor(replace_resource("events", "events")), annotate_args(), 1, "no table 'events'")
curator_case("add_with_descriptor_not_json", "6", raw_descriptor(b"{"), topic_args(), 1, "not readable as JSON")


# 2. Kills, full disks and concurrent writers.
def curate_proc(sb: Sandbox, *argv: str, prelude: str = "") -> subprocess.Popen[str]:
    code = f"import sys\n{prelude}\nfrom helpers.curation.curate import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.Popen([sys.executable, "-c", code, "--data", str(sb.data), *argv], cwd=project_root(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def inflate_statements(sb: Sandbox, copies: int) -> None:
    """Make statements.csv large (many copies of its rows, ids made unique) so a kill lands inside a write."""
    header, records = read_table(sb.data, "statements")
    key = header.index("statement_id")
    more = [[*r[:key], f"{r[key]}_copy{i}", *r[key + 1 :]] for i in range(copies) for r in records]
    write_table(sb.data, "statements", header, [*records, *more])


def table_is_whole(sb: Sandbox, name: str, expected_rows: set[int]) -> str | None:
    try:
        _, records = read_table(sb.data, name)
    except (csv.Error, UnicodeDecodeError) as exc:
        return f"{name} does not parse: {exc}"
    if len(records) not in expected_rows:
        return f"{name} has {len(records)} rows, expected one of {sorted(expected_rows)}"
    return None


KILL_MID_WRITE = """
import os, signal
import helpers.curation.curate as c
real = os.fsync
def killed(fd):
    os.kill(os.getpid(), signal.SIGKILL)   # the temporary file is written, not yet in place: die here
os.fsync = killed
"""


def kill_in_the_middle_of_update(sb: Sandbox, result: Result) -> None:
    inflate_statements(sb, 200)
    before = (sb.data / "statements.csv").read_bytes()
    proc = curate_proc(sb, "update", "statements", "peskov_refuted_report", "--set=stance=unclear", prelude=KILL_MID_WRITE)
    proc.communicate(timeout=60)
    result.expect(proc.returncode == -signal.SIGKILL, f"expected a kill, got exit {proc.returncode}")
    if (sb.data / "statements.csv").read_bytes() != before:
        result.data_lost = "statements.csv changed although the update was killed before its replace"
    # the next command cleans up the temporary file and works
    status, _, err = run_main(curate_module.main, ["--data", str(sb.data), "update", "statements", "peskov_refuted_report", "--set=stance=unclear"])
    result.expect(status == 0, err)
    leftovers = [p.name for p in sb.data.glob(".*curate-tmp")]
    result.expect(not leftovers, f"temporary files left: {leftovers}")


def kill_at_random_moments(sb: Sandbox, result: Result) -> None:
    inflate_statements(sb, 400)
    rows = len(read_table(sb.data, "statements")[1])
    for delay in (0.05, 0.15, 0.3, 0.5):
        proc = curate_proc(sb, "update", "statements", "peskov_refuted_report", "--set=stance=unclear")
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.communicate(timeout=delay)
        proc.kill()
        proc.communicate()
        lost = table_is_whole(sb, "statements", {rows})
        if lost:
            result.data_lost = f"after a kill at {delay} s: {lost}"
            return


def concurrent_adds_and_updates(sb: Sandbox, result: Result) -> None:
    inflate_statements(sb, 50)
    procs = []
    for i in range(10):
        procs.append(curate_proc(sb, "add", "topics", f"--set=topic_id=concurrent_{i}", "--set=label=Concurrent", "--set=description=D."))
        procs.append(curate_proc(sb, "update", "statements", "peskov_refuted_report", f"--set=summary=Summary {i}."))
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        result.expect(proc.returncode == 0, err)
    header, topics = read_table(sb.data, "topics")
    added = {r[0] for r in topics if r[0].startswith("concurrent_")}
    if len(added) != 10:
        result.data_lost = f"{10 - len(added)} of 10 concurrently added rows were lost"
    header, statements = read_table(sb.data, "statements")
    summary = statements[row_index(sb.data, "statements", "statement_id", "peskov_refuted_report")][header.index("summary")]
    result.expect(summary.startswith("Summary "), f"no update applied: {summary!r}")


def disk_fills_during_write(sb: Sandbox, result: Result, command: Callable[[Sandbox], list[str]]) -> None:
    """The disk fills while a table is written: a fault-injecting write (always) and a real full tmpfs (when the machine allows)."""
    before = snapshot(sb.data)
    real_write = journal_module._write_temporary

    def half_then_full(folder: Path, name: str, data: bytes) -> Path:
        tmp = real_write(folder, name, data[: len(data) // 2])  # half the bytes reach the disk ...
        tmp.unlink()
        raise OSError(28, "No space left on device")  # ... then it is full

    journal_module._write_temporary = half_then_full
    try:
        status, _, err = run_main(curate_module.main, ["--data", str(sb.data), *command(sb)])
    finally:
        journal_module._write_temporary = real_write
    result.expect(status == 1 and "No space left" in err, f"exit {status}: {err}")
    if snapshot(sb.data) != before:
        result.data_lost = "a write that failed for lack of space changed the data"
    with tmpfs(sb.root / "small") as mount:
        if mount is None:
            return
        small = Sandbox(mount)
        shutil.copytree(sb.data, small.data)
        argv = command(small)  # before the disk is full: a text to register is written next to the copy
        filler = mount / "filler"
        with open(filler, "wb", buffering=0) as f, contextlib.suppress(OSError):
            while True:
                f.write(b"\0" * 4096)
        before = snapshot(small.data)
        status, _, err = run_main(curate_module.main, ["--data", str(small.data), *argv])
        result.expect(status == 1, f"on a full disk: exit {status}: {err}")
        if snapshot(small.data) != before:
            result.data_lost = "a command on a full disk changed the data"


@contextlib.contextmanager
def tmpfs(where: Path) -> Iterator[Path | None]:
    """A 2 MB tmpfs at ``where`` when this machine lets us mount one (root on Linux), else None; always unmounted."""
    where.mkdir()
    mounted = False
    if sys.platform.startswith("linux") and os.geteuid() == 0 and shutil.which("mount"):
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)], capture_output=True).returncode == 0
    try:
        yield where if mounted else None
    finally:
        if mounted:
            subprocess.run(["umount", str(where)], check=True)


def read_only_folder(sb: Sandbox, result: Result) -> None:
    """register/add into a read-only data folder: a clear error, nothing written (a read-only tmpfs, as root ignores modes)."""
    with tmpfs(sb.root / "ro") as mount:
        if mount is None:
            os.chmod(sb.data, 0o555)
            target = sb
        else:
            target = Sandbox(mount)
            shutil.copytree(sb.data, target.data)
            subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        before = snapshot(target.data)
        try:
            for argv in (register_args(new_text)(sb), topic_args()(sb)):
                status, _, err = run_main(curate_module.main, ["--data", str(target.data), *argv])
                if os.geteuid() == 0 and mount is None:
                    continue  # root writes anyway: nothing to check without a read-only mount
                result.expect(status == 1 and "Traceback" not in err and "error:" in err, f"{argv[0]}: exit {status}: {err}")
            if snapshot(target.data) != before and not (os.geteuid() == 0 and mount is None):
                result.data_lost = "a command on a read-only folder changed it"
        finally:
            os.chmod(sb.data, 0o755)


for label, command in {"add": topic_args(), "update": lambda sb: ["update", "topics", "troops_to_ukraine", "--set=label=New"],
                       "annotate": annotate_args(), "register": register_args(new_text)}.items():
    CASES.append(Case(f"disk_full_during_{label}", "2", lambda sb, r, command=command: disk_fills_during_write(sb, r, command)))
CASES.append(Case("kill_in_the_middle_of_update", "2", kill_in_the_middle_of_update))
CASES.append(Case("kill_update_at_random_moments", "2", kill_at_random_moments))
CASES.append(Case("concurrent_adds_and_updates", "2", concurrent_adds_and_updates))
CASES.append(Case("register_into_a_read_only_folder", "10", read_only_folder))


# 8. Figures: data text is drawn as text.
def figures_with_dollars(sb: Sandbox, result: Result) -> None:
    import matplotlib
    from matplotlib.text import Text

    from helpers.views import plots

    matplotlib.use("Agg")
    evil = r"$\evil{x}$ and $5bn and $10bn"
    set_cell(sb.data, "topics", 0, "label", evil)
    set_cell(sb.data, "actors", row_index(sb.data, "actors", "actor_id", "dmitry_peskov"), "name", evil)
    set_cell(sb.data, "events", 0, "label", evil)
    ds = load_dataset(sb.data)
    for name, helper in plots.figure_helpers().items():
        fig = helper(ds)
        fig.savefig(io.BytesIO(), format="png")  # mathtext would raise here on \evil
        texts = [t for t in fig.findobj(Text) if "$" in t.get_text()]
        result.expect(all(not t.get_parse_math() for t in texts), f"{name}: a text with $ is parsed as maths")
        if name in ("statements_per_topic", "stance_heatmap", "timeline", "reporting_network"):
            result.expect(any("$" in t.get_text() for t in texts), f"{name}: the label with $ is not drawn")


CASES.append(Case("figures_draw_dollar_labels_as_text", "8", figures_with_dollars))


# 9. Renderers: context is bounded by the span, not by the text.
def renderer_context_is_bounded(sb: Sandbox, result: Result) -> None:
    from helpers.views import render

    text = "word " * 400_000  # 2 MB without one full stop
    html = render.evidence_in_context_html(text, 1_000_000, 1_000_004)
    result.expect(len(html) < 2 * render.CONTEXT_LIMIT + 100, f"context of {len(html)} characters for a 4-character span")
    result.expect(html.startswith("…") and html.endswith("…"), "a cut context is not marked")
    spans = [(i * 1000, i * 1000 + 10, f"t{i % 3}") for i in range(2000)]
    marked = render.highlight_html(text, spans)
    result.expect(marked.count("<mark") == 2000, "highlight_html merged or lost spans")


CASES.append(Case("renderer_context_bounded", "9", renderer_context_is_bounded))


# 11. A Python without frictionless cannot run the validator: exit 2, not half the checks.
def without_frictionless(sb: Sandbox, result: Result) -> None:
    code = "import sys; sys.modules['frictionless'] = None\nfrom helpers.dataset.validate import main\nsys.exit(main(sys.argv[1:]))"
    proc = subprocess.run([sys.executable, "-c", code, str(sb.data)], cwd=project_root(), capture_output=True, text=True, timeout=60)
    result.expect(proc.returncode == 2, f"exit {proc.returncode}: {proc.stderr}")
    result.expect("[cannot-run]" in proc.stderr and "frictionless" in proc.stderr and proc.stdout == "", proc.stderr)


CASES.append(Case("validator_without_frictionless", "11", without_frictionless))


# --- running them -------------------------------------------------------------------------------------------------------------


def run_case(case: Case, sb: Sandbox) -> Result:
    result = Result()
    with guarded(result):
        case.run(sb, result)
    return result


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_handled(case: Case, data_copy: Path) -> None:
    result = run_case(case, Sandbox.around(data_copy))
    assert result.ok, dataclasses.asdict(result)


def test_the_adversarial_run_covers_every_kind_of_the_issue() -> None:
    kinds = {c.kind for c in CASES}
    assert kinds >= {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}
    assert len({c.name for c in CASES}) == len(CASES)
    assert len(CASES) >= 118


def test_every_code_a_case_expects_is_documented() -> None:
    """The codes the validator prints are listed in ``CODES`` (docs/manual/curating.md sends readers to it)."""
    for code in ("offset-not-canonical", "span-mismatch", "outside-package", "cycle", "blank-required", "formula-prefix"):
        assert code in validate_module.CODES


def figures(results: dict[str, Result]) -> dict[str, int]:
    return {
        "inputs tried": len(results),
        "handled as they should be": sum(r.ok for r in results.values()),
        "crashes (traceback)": sum(r.crash is not None for r in results.values()),
        "hangs": sum(r.hung for r in results.values()),
        "network requests": sum(bool(r.network) for r in results.values()),
        "data-loss cases": sum(r.data_lost is not None for r in results.values()),
    }


if __name__ == "__main__":
    results = {}
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            results[case.name] = run_case(case, Sandbox.make(Path(tmp)))
        if not results[case.name].ok:
            print(f"FAILED {case.name}: {dataclasses.asdict(results[case.name])}", file=sys.stderr)
    for label, value in figures(results).items():
        print(f"{label}: {value}")
