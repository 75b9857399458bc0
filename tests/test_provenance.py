"""find_span and read_source: exact offsets, exact bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from helpers.dataset.provenance import AmbiguousEvidence, EvidenceNotFound, SourceText, find_span, read_source, sha256_of


def test_find_span_of_a_unique_string() -> None:
    text = "Kremlin spokesman Dmitry Peskov said"
    start, end = find_span(text, "Dmitry Peskov")
    assert (start, end) == (18, 31) and text[start:end] == "Dmitry Peskov"


@pytest.mark.parametrize(("occurrence", "expected"), [(1, (0, 3)), (2, (8, 11)), (3, (16, 19))])
def test_find_span_returns_the_nth_occurrence(occurrence: int, expected: tuple[int, int]) -> None:
    assert find_span("cat and cat and cat", "cat", occurrence=occurrence) == expected


def test_find_span_counts_overlapping_occurrences() -> None:
    assert find_span("aaa", "aa", occurrence=2) == (1, 3)


def test_repeated_evidence_without_occurrence_is_ambiguous_and_lists_where() -> None:
    with pytest.raises(AmbiguousEvidence, match=r"occurs 3 times \(at 0, 8, 16\); give an occurrence from 1 to 3"):
        find_span("cat and cat and cat", "cat")


def test_missing_evidence_is_not_found() -> None:
    with pytest.raises(EvidenceNotFound, match="evidence not found in text: 'dog'"):
        find_span("cat and cat", "dog")


@pytest.mark.parametrize("occurrence", [0, 3, -1])
def test_occurrence_out_of_range_is_not_found(occurrence: int) -> None:
    with pytest.raises(EvidenceNotFound, match=f"occurrence {occurrence} requested but evidence occurs 2 time"):
        find_span("cat and cat", "cat", occurrence=occurrence)


def test_empty_evidence_is_rejected() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        find_span("anything", "")


def test_offsets_are_str_indices_not_bytes() -> None:
    text = "Britain’s Storm Shadow — “quoted”"
    start, end = find_span(text, "“quoted”")
    assert text[start:end] == "“quoted”"
    assert start == 25 and len(text[:start].encode("utf-8")) == 29  # a byte offset would be 29


def test_read_source_keeps_crlf_and_hashes_the_bytes(tmp_path: Path) -> None:
    raw = "line one\r\nline “two”\r\nno final newline".encode()
    path = tmp_path / "crlf.txt"
    path.write_bytes(raw)
    src = read_source(path)
    assert src.text == raw.decode("utf-8") and "\r\n" in src.text
    assert src.char_length == len(raw.decode("utf-8"))
    assert src.sha256 == hashlib.sha256(raw).hexdigest() == sha256_of(path)
    assert find_span(src.text, "line “two”") == (10, 20)


def test_read_source_keeps_a_lone_cr(tmp_path: Path) -> None:
    path = tmp_path / "cr.txt"
    path.write_bytes(b"a\rb")
    assert read_source(path).text == "a\rb"


def test_read_source_rejects_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("café".encode("latin-1"))
    with pytest.raises(UnicodeDecodeError):
        read_source(path)


def test_read_source_of_a_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_source(tmp_path / "nope.txt")


def test_source_text_keeps_a_bom_as_a_character() -> None:
    src = SourceText.from_bytes(b"\xef\xbb\xbfabc")
    assert src.text == "\ufeffabc" and src.char_length == 4
