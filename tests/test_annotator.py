"""The annotation widget's logic without a browser: offsets from JavaScript, typed passages, fields from the descriptor,
preview, write, edit, remove and undo through the curator tools."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.curation.annotator import Annotator, index_to_utf16, utf16_to_index
from helpers.curation.curate import register_source
from helpers.curation.journal import JOURNAL
from helpers.views.annotation import NEW_ROW, annotation_widget

DOC = "000_212c296293ee434c"
ASTRAL = "A “quoted” word, then 😀 an emoji, then “Ukraine” again; Ukraine."

#: These tests use the shipped article as their fixture (they name its rows): under --data-dir too.
pytestmark = pytest.mark.usefixtures("shipped_package")


def js_offset(text: str, index: int) -> int:
    """What the browser reports for a Python index: the UTF-16 length of the text before it (independent of the code under test)."""
    return len(text[:index].encode("utf-16-le")) // 2


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and JOURNAL not in p.relative_to(folder).parts}


@pytest.fixture
def astral_copy(data_copy: Path, tmp_path: Path) -> Path:
    """A copy of the data with a second document holding curly quotes and a character outside the BMP."""
    text = tmp_path / "astral.txt"
    text.write_text(ASTRAL, encoding="utf-8")
    register_source(text, "astral_doc", title="Astral", published="2024", date_precision="year", data_dir=data_copy)
    return data_copy


# --- offsets ----------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["“quoted”", "😀 an emoji", "“Ukraine”", "Ukraine."])
def test_browser_offsets_after_an_astral_character_map_to_the_same_words(word: str) -> None:
    start = ASTRAL.index(word)
    end = start + len(word)
    assert (utf16_to_index(ASTRAL, js_offset(ASTRAL, start)), utf16_to_index(ASTRAL, js_offset(ASTRAL, end))) == (start, end)
    assert (index_to_utf16(ASTRAL, start), index_to_utf16(ASTRAL, end)) == (js_offset(ASTRAL, start), js_offset(ASTRAL, end))


def test_an_offset_inside_a_surrogate_pair_is_refused() -> None:
    inside = js_offset(ASTRAL, ASTRAL.index("😀")) + 1
    with pytest.raises(ValueError, match="surrogate pair"):
        utf16_to_index(ASTRAL, inside)


def test_a_selection_in_the_article_with_curly_quotes_gives_the_evidence(data_copy: Path) -> None:
    a = Annotator(data_copy, DOC)
    words = "“You and I are the only two people"
    text = a.text
    if words not in text:
        words = text[text.index("“"): text.index("“") + 20]
    start = text.index(words)
    assert a.from_browser(js_offset(text, start), js_offset(text, start + len(words))) == (start, start + len(words))


# --- typing a passage ----------------------------------------------------------------------------------------------------------


def test_typed_words_that_occur_twice_list_both_and_a_pick_gives_the_span(astral_copy: Path) -> None:
    a = Annotator(astral_copy, "astral_doc")
    found = a.find("Ukraine")
    first, second = ASTRAL.index("Ukraine"), ASTRAL.rindex("Ukraine")
    assert (found.span, found.occurrences) == (None, [first, second])
    assert a.find("Ukraine", 2).span == (second, second + len("Ukraine"))


def test_typed_words_with_straight_quotes_suggest_the_texts_curly_ones(astral_copy: Path) -> None:
    found = Annotator(astral_copy, "astral_doc").find('"quoted"')
    assert found.span is None and "“quoted”" in found.message


# --- fields from the descriptor --------------------------------------------------------------------------------------------------


def test_fields_come_from_the_descriptor_enums_and_foreign_keys(data_copy: Path) -> None:
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    statements = next(r for r in descriptor["resources"] if r["name"] == "statements")
    fields = {f.name: f for f in Annotator(data_copy, DOC).fields("statements")}
    assert set(fields) == {f["name"] for f in statements["schema"]["fields"]} - {"document_id", "evidence", "char_start", "char_end"}
    stance = next(f for f in statements["schema"]["fields"] if f["name"] == "stance")
    assert [v for _, v in fields["stance"].choices] == stance["constraints"]["enum"]
    actors = [line.split(",")[0] for line in (data_copy / "actors.csv").read_text(encoding="utf-8").splitlines()[1:]]
    assert [v for _, v in fields["speaker_id"].choices] == actors
    assert fields["statement_id"].required and fields["statement_id"].choices is None


def test_a_field_added_to_the_descriptor_appears_in_the_form(data_copy: Path) -> None:
    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    topics = next(r for r in descriptor["resources"] if r["name"] == "topics")
    topics["schema"]["fields"].append({"name": "colour", "type": "string", "description": "x", "constraints": {"enum": ["red", "blue"]}})
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    fields = {f.name: f for f in Annotator(data_copy, DOC).fields("topics")}
    assert fields["colour"].choices == [("red", "red"), ("blue", "blue")]


# --- the widget, driven as the browser would ------------------------------------------------------------------------------------

STATEMENT = {"statement_id": "widget_statement", "speaker_id": "dmitry_peskov", "mode": "phrase", "topic_id": "us_support",
             "stance": "unclear", "summary": "Coded in the widget."}


def select(widget, start: int, end: int) -> None:
    text = widget.annotator.text
    widget.view.selection = {"start": js_offset(text, start), "end": js_offset(text, end), "text": text[start:end], "n": 1}


def fill(widget, values: dict[str, str]) -> None:
    for name, value in values.items():
        widget.controls[name].value = value


def test_select_preview_write_edit_remove_and_undo_in_the_widget(astral_copy: Path) -> None:
    w = annotation_widget(astral_copy, "astral_doc")
    start = ASTRAL.rindex("Ukraine")
    select(w, start, start + len("Ukraine."))
    assert w.span == (start, start + len("Ukraine."))
    w.table.value = "statements"
    fill(w, STATEMENT)
    before = files(astral_copy)
    assert w.write_button.disabled  # not before a preview
    draft = w.do_preview()
    assert draft.verdict.valid and "geo-annot-valid" in w.preview.value
    assert files(astral_copy) == before  # a preview writes nothing
    assert not w.write_button.disabled
    row = w.do_write()
    assert (row["evidence"], row["char_start"], row["char_end"]) == ("Ukraine.", str(start), str(start + len("Ukraine.")))
    assert any(m["id"] == "statements/widget_statement" for m in w.view.marks)
    assert w.view.marks[-1]["start"] == js_offset(ASTRAL, start)
    # edit: the row is chosen, a field changed, previewed, written
    w.row.value = "widget_statement"
    w.controls["stance"].value = "opposes"
    w.do_preview()
    w.do_write()
    assert next(r for r in w.annotator.rows("statements") if r["statement_id"] == "widget_statement")["stance"] == "opposes"
    # remove, then undo the removal
    w.row.value = "widget_statement"
    w.do_remove()
    assert "widget_statement" not in [r["statement_id"] for r in w.annotator.rows("statements")]
    assert not any(m["id"] == "statements/widget_statement" for m in w.view.marks)
    w.do_undo()
    assert "widget_statement" in [r["statement_id"] for r in w.annotator.rows("statements")]


def test_write_is_refused_when_the_row_changed_after_its_preview(data_copy: Path) -> None:
    w = annotation_widget(data_copy, DOC)
    w.find.value = "Storm Shadow"
    w.table.value = "statements"
    fill(w, STATEMENT)
    w.do_preview()
    w.controls["stance"].value = "supports"
    before = files(data_copy)
    assert w.write_button.disabled
    assert w.do_write() is None and "Preview first" in w.message.value
    assert files(data_copy) == before


def test_a_row_the_schema_refuses_is_shown_refused_in_the_widget_and_not_written(data_copy: Path) -> None:
    w = annotation_widget(data_copy, DOC)
    w.find.value = "Storm Shadow"
    w.table.value = "statements"
    fill(w, {**STATEMENT, "statement_id": "peskov_refuted_report"})  # an id in use
    before = files(data_copy)
    assert w.do_preview() is None
    assert "Refused" in w.message.value and "already has a row" in w.message.value
    assert files(data_copy) == before


def test_clicking_a_highlighted_span_opens_its_row_for_editing(data_copy: Path) -> None:
    w = annotation_widget(data_copy, DOC)
    w.view.clicked = {"rows": ["statements/peskov_refuted_report"], "n": 1}
    assert (w.table.value, w.row.value) == ("statements", "peskov_refuted_report")
    assert w.controls["speaker_id"].value == "dmitry_peskov"
    assert w.row.value != NEW_ROW


def test_removing_a_referenced_row_in_the_widget_is_refused_with_the_reason(data_copy: Path) -> None:
    w = annotation_widget(data_copy, DOC)
    w.view.clicked = {"rows": ["statements/peskov_refuted_report"], "n": 1}
    before = files(data_copy)
    w.do_remove()
    assert "still-referenced" in w.message.value
    assert files(data_copy) == before
