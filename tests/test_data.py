"""The loader: one call, every table, proper dtypes, nothing dropped, reordered or coerced, exact spans."""

from __future__ import annotations

import calendar
import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.dataset.load import TABLES, Dataset, DatasetError, load_dataset
from helpers.dataset.paths import default_data_dir
from tests._skips import rows_or_skip

SPAN_COLUMNS = ("document_id", "evidence", "char_start", "char_end")


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="module")
def descriptor() -> dict:
    return json.loads((default_data_dir() / "datapackage.json").read_text(encoding="utf-8"))


def raw_table(data_dir: Path, name: str) -> tuple[list[str], list[list[str]]]:
    """Header and records as the csv module reads them, no interpretation."""
    with open(data_dir / f"{name}.csv", encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    return table[0], table[1:]


def resources(descriptor: dict) -> dict[str, dict]:
    """The fact tables (``ds.tables``); the others (codings, accounts, ...) are in ``ds.extra`` and checked in their own tests."""
    return {r["name"]: r for r in descriptor["resources"] if r["name"] in TABLES}


def test_one_call_returns_every_table_of_the_package(ds: Dataset, descriptor: dict) -> None:
    assert list(ds.tables) == list(resources(descriptor)) == list(TABLES)
    names = [r["name"] for r in descriptor["resources"]]
    assert [n for n in names if n in TABLES] == list(TABLES)  # the fact tables in the package's order
    assert list(ds.extra) == [n for n in names if n not in TABLES]  # every other table (codings, accounts, crosswalk...) in ds.extra
    for name, df in ds.tables.items():
        assert isinstance(df, pd.DataFrame) and len(df) == len(raw_table(default_data_dir(), name)[1]), name  # every row of its CSV
        assert isinstance(df.index, pd.RangeIndex) and df.index.start == 0, name


def test_columns_have_the_schemas_dtypes(ds: Dataset, descriptor: dict) -> None:
    for name, resource in resources(descriptor).items():
        if name not in TABLES:
            continue
        df = ds.tables[name]
        fields = resource["schema"]["fields"]
        assert list(df.columns[: len(fields)]) == [f["name"] for f in fields], name
        for f in fields:
            dtype = df[f["name"]].dtype
            where = f"{name}.{f['name']}"
            enum = f.get("constraints", {}).get("enum")
            if enum is not None:
                assert isinstance(dtype, pd.CategoricalDtype), where
                assert list(dtype.categories) == enum and not dtype.ordered, where
            elif f["type"] == "integer":
                assert dtype == pd.Int64Dtype(), where
            elif f["type"] == "boolean":
                assert dtype == pd.BooleanDtype(), where
            else:
                assert dtype == pd.StringDtype(na_value=pd.NA), where


def test_tables_are_the_public_interface(descriptor: dict) -> None:
    from helpers.dataset.validate import PUBLIC_COLUMNS

    assert TABLES == tuple(PUBLIC_COLUMNS)
    for name in TABLES:
        fields = [f["name"] for f in resources(descriptor)[name]["schema"]["fields"]]
        assert set(PUBLIC_COLUMNS[name]) <= set(fields), name


@pytest.mark.parametrize("table", TABLES)
def test_a_table_missing_from_the_descriptor_raises_dataset_error_not_key_error(table: str, data_copy: Path) -> None:
    path = data_copy / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    desc["resources"] = [r for r in desc["resources"] if r["name"] != table]
    path.write_text(json.dumps(desc, indent=2, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_dataset(data_copy)
    expected = f"{path}:{table}: [interface-missing] table {table} is missing: it is part of the public interface"
    assert expected in [str(p) for p in info.value.problems]


def test_stance_categories_are_the_shared_vocabulary(ds: Dataset) -> None:
    stance = list(ds.vocabulary("stance"))
    assert list(ds.statements["stance"].cat.categories) == stance
    assert list(ds.country_positions["stance"].cat.categories) == stance


def test_tables_with_dates_gain_datetime_bounds(ds: Dataset) -> None:
    dated = {name for name, df in ds.tables.items() if "date_precision" in df}
    assert dated == {"documents", "utterances", "statements", "events"}
    for name in dated:
        df = ds.tables[name]
        assert df["date_start"].dtype == "datetime64[ns]" and df["date_end"].dtype == "datetime64[ns]", name
    undated = set(ds.tables) - dated
    assert not any("date_start" in ds.tables[name] for name in undated)


def test_every_date_spans_its_precision(ds: Dataset) -> None:
    rows = [
        (name, *row)
        for name, column in (("documents", "published"), ("statements", "date"), ("events", "date"))
        for row in zip(ds.tables[name][column], ds.tables[name]["date_precision"], ds.tables[name]["date_start"], ds.tables[name]["date_end"],
                       strict=True)
    ]
    for name, value, _, start, end in rows:
        if pd.isna(value):
            assert pd.isna(start) and pd.isna(end), (name, start, end)
    dated = rows_or_skip([row for row in rows if not pd.isna(row[1])], "dated document, statement or event")
    for name, value, precision, start, end in dated:
        year = int(value[:4])
        if precision == "year":
            expected = (pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31))
        elif precision == "month":
            month = int(value[5:7])
            expected = (pd.Timestamp(year, month, 1), pd.Timestamp(year, month, calendar.monthrange(year, month)[1]))
        else:
            expected = (pd.Timestamp(value), pd.Timestamp(value))
        assert (start, end) == expected, (name, value, precision)


def test_a_month_is_a_span_from_first_to_last_day(shipped_package: Path, data_copy: Path) -> None:
    """The loader's date bounds, on three events of the shipped article redated (its input, whatever --data-dir says)."""
    header, records = raw_table(data_copy, "events")
    col = {c: header.index(c) for c in ("date", "date_precision")}
    records[0][col["date"]], records[0][col["date_precision"]] = "2023-02", "month"
    records[1][col["date"]], records[1][col["date_precision"]] = "2024-02", "month"
    records[2][col["date"]], records[2][col["date_precision"]] = "2024", "year"
    with open(data_copy / "events.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *records])
    events = load_dataset(data_copy).events
    assert events.loc[0, ["date_start", "date_end"]].tolist() == [pd.Timestamp("2023-02-01"), pd.Timestamp("2023-02-28")]
    assert events.loc[1, ["date_start", "date_end"]].tolist() == [pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-29")]
    assert events.loc[2, ["date_start", "date_end"]].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31")]


def test_nothing_dropped_reordered_deduplicated_or_coerced(ds: Dataset, descriptor: dict) -> None:
    for name, resource in resources(descriptor).items():
        if name not in TABLES:
            continue
        header, records = raw_table(default_data_dir(), name)
        df = ds.tables[name]
        assert len(df) == len(records), name
        key = resource["schema"]["primaryKey"][0]
        assert df[key].tolist() == [r[header.index(key)] for r in records], f"{name}: ids reordered"
        for column in header:
            loaded = df[column].tolist()
            raw = [r[header.index(column)] for r in records]
            categorical = isinstance(df[column].dtype, pd.CategoricalDtype)  # pandas marks a missing category as NaN
            for value, text in zip(loaded, raw, strict=True):
                if text == "":
                    assert pd.isna(value) if categorical else value is pd.NA, (name, column, value)
                elif isinstance(value, bool):  # a boolean field: frictionless' true and false values
                    assert value == (text in ("true", "True", "TRUE", "1")), (name, column, value, text)
                else:
                    assert not pd.isna(value) and str(value) == text, (name, column, value, text)


def test_empty_cells_become_na_and_nothing_else(data_copy: Path) -> None:
    header, records = raw_table(data_copy, "actors")
    optional = [c for c in ("country_iso3", "outlet_nature") if c in header]
    row = list(records[0])
    row[header.index("actor_id")] = "blank_actor"
    for c in optional:
        row[header.index(c)] = ""
    records.append(row)
    with open(data_copy / "actors.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *records])
    actors = load_dataset(data_copy).actors
    last = actors.iloc[-1]
    assert last["actor_id"] == "blank_actor"
    assert all(last[c] is pd.NA for c in optional)
    assert last["name"] == row[header.index("name")] and last["kind"] == row[header.index("kind")]
    assert load_dataset(data_copy).mentions["char_start"].dtype == pd.Int64Dtype()


def test_loads_from_any_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ds = load_dataset()
    assert ds.data_dir == default_data_dir()
    assert {name: len(df) for name, df in ds.tables.items()} == {name: len(raw_table(default_data_dir(), name)[1]) for name in TABLES}


def test_loads_a_copy_given_by_path(data_copy: Path) -> None:
    assert load_dataset(data_copy).data_dir == data_copy
    assert load_dataset(str(data_copy)).data_dir == data_copy


def test_every_span_is_its_evidence(ds: Dataset) -> None:
    checked = 0
    for name, df in ds.tables.items():
        if not set(SPAN_COLUMNS) <= set(df.columns):
            continue
        for row in df[list(SPAN_COLUMNS)].itertuples(index=False):
            if row.document_id is pd.NA or row.char_start is pd.NA:  # 2.0: a rendering an excerpt does not keep has no span
                assert row.evidence is pd.NA and row.char_start is pd.NA and row.char_end is pd.NA, name
                continue
            assert ds.text(row.document_id)[row.char_start : row.char_end] == row.evidence, (name, row)
            checked += 1
    assert checked >= int(ds.statements["char_start"].notna().sum())


def test_texts_are_the_exact_source_files(ds: Dataset) -> None:
    for doc in ds.documents.itertuples(index=False):
        raw = (default_data_dir() / doc.path).read_bytes()
        assert ds.text(doc.document_id) == raw.decode("utf-8")
        assert len(ds.text(doc.document_id)) == doc.char_length


def test_version_is_the_packages_version(ds: Dataset, descriptor: dict) -> None:
    assert ds.version == descriptor["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", ds.version)
    assert ds.version in repr(ds)


def test_every_quoted_passage_is_covered_by_a_statement(ds: Dataset) -> None:
    """Every “...” and ‘...’ pair in every text (and a ‘ left open) lies inside some statement's span."""
    for doc_id in ds.documents["document_id"]:
        text = ds.text(doc_id)
        spans = ds.statements.loc[ds.statements["document_id"] == doc_id, ["char_start", "char_end"]]
        spans = list(spans.itertuples(index=False, name=None))
        # a quotation holds no other opening mark: a page's stray “ (opened twice, closed once) starts a new quotation
        quotes = [(m.start() + 1, m.end() - 1) for m in re.finditer(r"“[^”“\n]*”|‘[^’‘\n]*’", text)]
        # an opening single quote never closed on its line: the quoted words run to the end of the sentence
        for m in re.finditer(r"‘[^’\n]*$", text, flags=re.MULTILINE):
            sentence = re.match(r"[^.!?\n]*[.!?]?", text[m.start() + 1 :])
            quotes.append((m.start() + 1, m.start() + 1 + len(sentence.group().rstrip(".!?"))))
        assert len(quotes) >= text.count("“") + text.count("‘") - 1, "a quotation mark was not matched"
        uncovered = [text[a:b] for a, b in quotes if not any(s <= a and b <= e for s, e in spans)]
        assert not uncovered, f"quoted passages without a statement in {doc_id}: {uncovered}"


def test_rows_with_identical_content_are_both_kept_in_file_order(data_copy: Path) -> None:
    header, records = raw_table(data_copy, "topics")
    twin = list(records[0])
    twin[header.index("topic_id")] = "a_twin_topic"
    records.insert(1, twin)  # same label and description as row 0, a new id, placed second
    with open(data_copy / "topics.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *records])
    topics = load_dataset(data_copy).topics
    assert topics["topic_id"].tolist() == [r[0] for r in records]
    assert topics.iloc[0, 1:].tolist() == topics.iloc[1, 1:].tolist()


def _corpus_module():
    """``bench/corpus.py``, loaded by path (``bench`` is not an installed package)."""
    import importlib.util

    from helpers.dataset.paths import project_root

    spec = importlib.util.spec_from_file_location("bench_corpus", project_root() / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_loader_handles_a_corpus_of_several_documents(tmp_path: Path, ds: Dataset) -> None:
    corpus = _corpus_module().build_corpus(tmp_path / "corpus", copies=3)
    big = load_dataset(corpus)
    for name, df in big.tables.items():
        assert len(df) == 3 * len(ds.tables[name]), name
    assert big.documents["document_id"].is_unique and len(big.texts) == 3 * len(ds.texts)
    for row in big.statements.dropna(subset=["char_start"]).itertuples(index=False):
        assert big.text(row.document_id)[row.char_start : row.char_end] == row.evidence


def test_every_table_of_the_package_is_loaded_and_an_attribute(dataset) -> None:
    names = [r["name"] for r in dataset.descriptor["resources"]]
    assert list(dataset.all_tables) == [n for n in names if n in dataset.tables] + [n for n in names if n not in dataset.tables]
    for name in names:
        assert getattr(dataset, name) is dataset.all_tables[name]
    with pytest.raises(AttributeError, match="no table"):
        dataset.no_such_table  # noqa: B018


def test_primary_key_comes_from_the_descriptor(dataset) -> None:
    assert dataset.primary_key("statements") == "statement_id"
    with pytest.raises(KeyError):
        dataset.primary_key("nothing")
