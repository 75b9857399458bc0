"""Validator rules for the judgements laid on the spans (issue 9; decision rules in ``data/CODEBOOK.md``).

Each rule is a function ``rule(checked, paths) -> Iterable[Problem]`` that reads the rows
the validator has already read and yields :class:`~helpers.dataset.validate.Problem` objects with a
stable ``code`` and a ``severity``: ``"error"`` where the rule is certain, ``"warning"``
where it needs judgement (a warning is reported; it fails only under ``--strict``). The
rules are gathered, in order, in :data:`JUDGEMENT_RULES`, which the validator runs after its
own semantic checks.

A table the validator could not read is simply absent from ``checked.rows``; every rule
skips what it cannot see rather than guess.

>>> from helpers.dataset.validate import check_package
>>> [p for p in check_package().problems if p.code in CODES]
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import combinations

from helpers.dataset.problems import MAX_INT_DIGITS, CheckedPackage, Problem, Rule

__all__ = ["CODES", "JUDGEMENT_RULES", "sentence_spans"]

#: Every code these rules emit, with its severity.
CODES: dict[str, str] = {
    "utterance-counted-twice": "error",
    "response-counted-twice": "warning",
    "country-as-speaker": "error",
    "target-is-speaker": "error",
    "position-without-basis": "error",
    "position-from-anonymous-source": "error",
    "stated-position-from-another-speaker": "error",
    "inferred-position-not-from-own-words": "error",
    "group-position-from-outside-speaker": "warning",
    "pair-side-missing": "warning",
    "date-basis-without-expression": "error",
    "date-from-publication-metadata": "error",
    "outside-knowledge-uncited": "error",
    "outside-knowledge-kind": "warning",
    "coding-disagrees-with-data": "error",
    "coding-reason-missing": "error",
}

_ABBREVIATION = re.compile(r"(?:^|[^A-Za-z])[A-Z]$")  # a lone capital before a full stop: "U." and "S." in "U.S."


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of ``text`` as ``(start, end)`` offsets: split at a line break or at ``.``, ``!``, ``?``
    (with any closing quote) followed by white space, but not after an initial such as ``U.S.``.

    >>> t = "The U.S. said no. “Fine,” he said.\\nNext"
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['The U.S. said no.', '“Fine,” he said.', 'Next']
    """
    spans, start = [], 0
    for m in re.finditer(r"[.!?][”’\"']?(?=\s)|\n", text):
        if m.group() == "\n":
            end, nxt = m.start(), m.end()
        else:
            if m.group()[0] == "." and _ABBREVIATION.search(text[max(0, m.start() - 2):m.start()]):
                continue
            end, nxt = m.end(), m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = nxt
        while start < len(text) and text[start] in " \t":
            start += 1
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _shown(checked: CheckedPackage, paths: dict, name: str) -> str:
    return str(checked.data_dir / paths[name])


def _problem(checked: CheckedPackage, paths: dict, name: str, row_no: int | None, column: str | None, code: str, message: str) -> Problem:
    return Problem(_shown(checked, paths, name), row_no, column, message, code=code, severity=CODES[code])


def _rows(checked: CheckedPackage, paths: dict, *names: str) -> bool:
    return all(n in checked.rows and n in paths for n in names)


def _int(value: str) -> int | None:
    """ASCII digits as an int; None for anything else, or for more digits than an offset has (``int()`` raises past 4,300)."""
    return int(value) if value and len(value) <= MAX_INT_DIGITS and re.fullmatch(r"[0-9]+", value, re.ASCII) else None


class _Sentences:
    """Which sentences of its document a span touches (the texts are the validated sources)."""

    def __init__(self, checked: CheckedPackage):
        self._checked = checked
        self._cache: dict[str, list[tuple[int, int]]] = {}

    def text(self, document_id: str) -> str | None:
        source = self._checked.sources.get(document_id)
        return None if source is None else source.text

    def of(self, document_id: str, start: str, end: str) -> set[int]:
        text, a, b = self.text(document_id), _int(start), _int(end)
        if text is None or a is None or b is None:
            return set()
        if document_id not in self._cache:
            self._cache[document_id] = sentence_spans(text)
        return {i for i, (s, e) in enumerate(self._cache[document_id]) if s < b and a < e}

    def around(self, document_id: str, start: str, end: str) -> str:
        """The text of the sentences a span touches (the span itself if the sentences are unknown)."""
        text, touched = self.text(document_id), self.of(document_id, start, end)
        if text is None or not touched:
            return ""
        spans = self._cache[document_id]
        return text[spans[min(touched)][0]:spans[max(touched)][1]]


def _actors(checked: CheckedPackage) -> dict[str, dict[str, str]]:
    return {a["actor_id"]: a for a in checked.rows.get("actors", [])}


def _statements(checked: CheckedPackage) -> dict[str, tuple[int, dict[str, str]]]:
    out: dict[str, tuple[int, dict[str, str]]] = {}
    for row_no, row in enumerate(checked.rows.get("statements", []), start=2):
        out.setdefault(row["statement_id"], (row_no, row))
    return out


# --------------------------------------------------------------------------- statements

def _utterance(row: dict[str, str]) -> str:
    return row.get("utterance_id") or row["statement_id"]


def utterance_counted_twice(checked: CheckedPackage, paths: dict) -> Iterator[Problem]:
    """Renderings of two different utterances of one speaker in one document whose spans overlap: one utterance
    counted twice (U3). Reported on the later rendering. (1.1 also flagged two counted rows in one sentence with the
    same topic and stance; in 2.0 two claims of one sentence are two utterances (U1), as Barrot's "red lines".)"""
    if not _rows(checked, paths, "statements"):
        return
    # only one speaker's rows in one document can collide; each row's offsets are read once
    by_speaker: dict[tuple[str, str], list[tuple[int, dict[str, str], int, int]]] = {}
    for n, r in enumerate(checked.rows["statements"], start=2):
        start, end = _int(r["char_start"]), _int(r["char_end"])
        if start is not None and end is not None:  # a pair with an unreadable offset is never compared
            by_speaker.setdefault((r["document_id"], r["speaker_id"]), []).append((n, r, start, end))
    overlapping = [((n1, a), (n2, b)) for group in by_speaker.values() for (n1, a, a0, a1), (n2, b, b0, b1) in combinations(group, 2)
                   if a0 < b1 and b0 < a1 and _utterance(a) != _utterance(b)]
    for (n1, a), (n2, b) in sorted(overlapping, key=lambda p: (p[0][0], p[1][0])):
        (later_no, later), (first_no, first) = sorted([(n1, a), (n2, b)], key=lambda x: (_int(x[1]["char_start"]), x[0]))[::-1]
        why = "their spans overlap"
        yield _problem(checked, paths, "statements", later_no, "utterance_id", "utterance-counted-twice",
                       f"rendering {later['statement_id']!r} (utterance {_utterance(later)!r}) and {first['statement_id']!r} (row {first_no}, "
                       f"utterance {_utterance(first)!r}) may be one utterance of {later['speaker_id']!r} ({why}): if so, give both "
                       "the same utterance_id")


def response_counted_twice(checked: CheckedPackage, paths: dict) -> Iterator[Problem]:
    """One speaker's two utterances answering the same utterance with the same response, topic and stance in one document:
    probably one answer counted twice (a warning: two separate answers are possible)."""
    if not _rows(checked, paths, "statements"):
        return
    statements = _statements(checked)
    seen: dict[tuple, tuple[int, str]] = {}
    counted: set[tuple[str, str]] = set()
    for row_no, row in enumerate(checked.rows["statements"], start=2):
        if not row.get("responds_to_id") or (row["document_id"], _utterance(row)) in counted:
            continue
        counted.add((row["document_id"], _utterance(row)))
        answered = statements.get(row["responds_to_id"])
        target = _utterance(answered[1]) if answered is not None else row["responds_to_id"]
        key = (row["document_id"], row["speaker_id"], target, row["response"], row["topic_id"], row["stance"])
        if key in seen:
            first_no, first_id = seen[key]
            yield _problem(checked, paths, "statements", row_no, "utterance_id", "response-counted-twice",
                           f"rendering {row['statement_id']!r} and {first_id!r} (row {first_no}) render two utterances of {row['speaker_id']!r} "
                           f"answering {target!r} ({row['response']}, {row['topic_id']}, {row['stance']}): "
                           "if they render one answer, give them one utterance_id")
        else:
            seen[key] = (row_no, row["statement_id"])


def speaker_and_target(checked: CheckedPackage, paths: dict) -> Iterator[Problem]:
    """A country never speaks (codebook A4); a statement's target is someone other than its speaker (TG1)."""
    if not _rows(checked, paths, "statements"):
        return
    actors = _actors(checked)
    for row_no, row in enumerate(checked.rows["statements"], start=2):
        if actors.get(row["speaker_id"], {}).get("kind") == "country":
            yield _problem(checked, paths, "statements", row_no, "speaker_id", "country-as-speaker",
                           f"speaker {row['speaker_id']!r} is a country: code the government, institution or person that speaks")
        if row.get("target_id") and row["target_id"] == row["speaker_id"]:
            yield _problem(checked, paths, "statements", row_no, "target_id", "target-is-speaker",
                           f"statement {row['statement_id']!r} targets its own speaker {row['speaker_id']!r}")


# --------------------------------------------------------------------------- positions

def _speaks_for(speaker: dict[str, str], actor: dict[str, str]) -> bool | None:
    """Whether a statement's speaker can speak for a position's actor: False when certainly not (a newspaper,
    an anonymous source, a group, or a person or government of another country), None when the data cannot
    tell (an organisation, or a country code missing, as for an invented country)."""
    kind = speaker.get("kind")
    if kind in ("media", "anonymous_source", "country_group"):
        return False
    if kind not in ("person", "government", "country") or not speaker.get("country_iso3") or not actor.get("country_iso3"):
        return None
    return speaker["country_iso3"] == actor["country_iso3"]


def position_basis(checked: CheckedPackage, paths: dict) -> Iterator[Problem]:
    """What a country position may rest on (codebook §4): words, of the actor when stated or inferred,
    never an anonymous source; a position resting on nothing is reported."""
    if not _rows(checked, paths, "country_positions"):
        return
    actors, statements = _actors(checked), _statements(checked)
    noted = {n["target_id"] for n in checked.rows.get("curator_notes", []) if n.get("target_table") == "country_positions"}
    for row_no, row in enumerate(checked.rows["country_positions"], start=2):
        pid, basis, backing = row["position_id"], row["basis"], statements.get(row.get("statement_id") or "")
        if basis in ("stated", "reported") and not row.get("statement_id") and pid not in noted:
            yield _problem(checked, paths, "country_positions", row_no, "statement_id", "position-without-basis",
                           f"position {pid!r} is {basis} but names no statement and no curator note says where the text gives it")
        if backing is None:
            if basis == "inferred" and not row.get("statement_id"):
                yield _problem(checked, paths, "country_positions", row_no, "statement_id", "inferred-position-not-from-own-words",
                               f"position {pid!r} is inferred from no statement: a position is inferred only from the actor's own words, "
                               "never from an action or a place")
            continue
        speaker = actors.get(backing[1]["speaker_id"], {})
        actor = actors.get(row["actor_id"], {})
        if speaker.get("kind") == "anonymous_source":
            yield _problem(checked, paths, "country_positions", row_no, "statement_id", "position-from-anonymous-source",
                           f"position {pid!r} rests on {backing[1]['statement_id']!r}, the words of an anonymous source "
                           f"({backing[1]['speaker_id']!r}): they are that source's, not {row['actor_id']!r}'s position")
        own = _speaks_for(speaker, actor)
        if basis == "stated" and own is False:
            yield _problem(checked, paths, "country_positions", row_no, "basis", "stated-position-from-another-speaker",
                           f"position {pid!r} is 'stated' but its statement's speaker {backing[1]['speaker_id']!r} does not speak for "
                           f"{row['actor_id']!r}: use 'reported' for a third party's account")
        if basis == "inferred" and own is False:
            yield _problem(checked, paths, "country_positions", row_no, "basis", "inferred-position-not-from-own-words",
                           f"position {pid!r} is inferred from {backing[1]['statement_id']!r}, spoken by {backing[1]['speaker_id']!r}: "
                           f"a position is inferred only from {row['actor_id']!r}'s own words")
        if actor.get("kind") == "country_group" and basis != "stated":
            yield _problem(checked, paths, "country_positions", row_no, "actor_id", "group-position-from-outside-speaker",
                           f"position {pid!r} gives the group {row['actor_id']!r} a stance from {backing[1]['speaker_id']!r}'s "
                           "words: a speaker's description of a group is that speaker's claim")


def pair_side_missing(checked: CheckedPackage, paths: dict) -> Iterator[Problem]:
    """A statement that names two countries as 'A and B' and backs a position of one of them on a topic,
    while the other has no position on that topic at all: probably one side of the pair left out."""
    if not _rows(checked, paths, "country_positions", "statements", "actors"):
        return
    statements = _statements(checked)
    mentions: dict[str, list[dict[str, str]]] = {}  # data 2.0: where each actor is named (1.1: the actor's own span)
    for m in checked.rows.get("mentions", []):
        mentions.setdefault(m["actor_id"], []).append(m)
    forms: dict[str, set[str]] = {}
    for a in checked.rows["actors"]:
        if a.get("kind") != "country":
            continue
        names = {a["name"], a.get("evidence") or "", *(m.get("evidence") or "" for m in mentions.get(a["actor_id"], []))}
        written = re.search(r"written as ([^;.]*)", a.get("role") or "")
        if written:
            names |= {w.strip() for w in re.split(r",| and ", written.group(1))}
        forms[a["actor_id"]] = {n for n in names if n and n[0].isupper()}
    has = {(r["actor_id"], r["topic_id"]) for r in checked.rows["country_positions"]}
    documents: dict[str, set[str]] = {}  # an actor is named in the documents that mention it
    for a in checked.rows["actors"]:
        documents[a["actor_id"]] = {m["document_id"] for m in mentions.get(a["actor_id"], [])} or {a.get("document_id") or ""}
    in_document: dict[str, list[int]] = {}  # the countries that can be named in a document (its own, and those of no document)
    for index, other in enumerate(forms):
        for doc in documents.get(other, {""}):
            in_document.setdefault(doc, []).append(index)
    order = list(forms.items())
    patterns = {other: "|".join(re.escape(n) for n in sorted(names)) for other, names in order}  # built once, not per row
    for row_no, row in enumerate(checked.rows["country_positions"], start=2):
        backing = statements.get(row.get("statement_id") or "")
        if backing is None or row["actor_id"] not in forms:
            continue
        evidence, document = backing[1]["evidence"], backing[1]["document_id"]
        if " and " not in evidence:  # both patterns below need it
            continue
        candidates = sorted({*in_document.get(document, []), *in_document.get("", [])})
        for other, _names in (order[i] for i in candidates):
            if other == row["actor_id"] or (other, row["topic_id"]) in has:
                continue
            for mine in forms[row["actor_id"]]:
                pattern = patterns[other]
                if re.search(rf"(?:{re.escape(mine)}) and (?:{pattern})\b|(?:{pattern}) and (?:{re.escape(mine)})\b", evidence):
                    yield _problem(checked, paths, "country_positions", row_no, "actor_id", "pair-side-missing",
                                   f"statement {backing[1]['statement_id']!r} names {row['actor_id']!r} and {other!r} together, "
                                   f"but only {row['actor_id']!r} has a position on {row['topic_id']!r}")
                    break


# --------------------------------------------------------------------------- dates

def date_basis(checked: CheckedPackage, paths: dict) -> Iterator[Problem]:
    """A date is stated or inferred only from a date expression of the text (``date_text``, found in the
    sentence of the evidence); the publication metadata dates only the document (codebook §5)."""
    sentences = _Sentences(checked)
    for name in ("statements", "events"):
        if not _rows(checked, paths, name):
            continue
        for row_no, row in enumerate(checked.rows[name], start=2):
            basis = row.get("date_basis") or ""
            if basis == "provided_metadata":
                yield _problem(checked, paths, name, row_no, "date_basis", "date-from-publication-metadata",
                               "provided_metadata dates only the document: a row the text does not date carries no date, "
                               "or an outside-knowledge date with its source")
            if basis not in ("stated", "inferred"):
                continue
            expression = row.get("date_text") or ""
            around = sentences.around(row["document_id"], row["char_start"], row["char_end"]) or row.get("evidence", "")
            if not expression:
                yield _problem(checked, paths, name, row_no, "date_text", "date-basis-without-expression",
                               f"date_basis is {basis} but date_text is empty: which words of the text give the date?")
            elif expression not in around:
                yield _problem(checked, paths, name, row_no, "date_text", "date-basis-without-expression",
                               f"date_text {expression!r} does not occur in the sentence of the evidence")


# --------------------------------------------------------------------------- outside knowledge

def outside_knowledge(checked: CheckedPackage, paths: dict) -> Iterator[Problem]:
    """Every outside-knowledge fact cites its source in a column of its own (codebook N2, D2)."""
    notes = checked.rows.get("curator_notes", []) if "curator_notes" in paths else []
    sourced_targets = set()
    for row_no, row in enumerate(notes, start=2):
        says = "outside knowledge" in (row.get("note") or "").lower()
        if (row.get("kind") in ("outside_knowledge", "factual_error") or says) and not (row.get("source") or "").strip():
            yield _problem(checked, paths, "curator_notes", row_no, "source", "outside-knowledge-uncited",
                           f"note {row['note_id']!r} brings in outside knowledge but cites no source "
                           "(a URL or reference; or say plainly that none was found)")
        elif row.get("source"):
            sourced_targets.add((row.get("target_table"), row.get("target_id")))
        if says and row.get("kind") not in ("outside_knowledge", "factual_error"):
            yield _problem(checked, paths, "curator_notes", row_no, "kind", "outside-knowledge-kind",
                           f"note {row['note_id']!r} says 'outside knowledge' but its kind is {row.get('kind')!r}")
    for name, key in (("events", "event_id"), ("statements", "statement_id")):
        if not _rows(checked, paths, name):
            continue
        for row_no, row in enumerate(checked.rows[name], start=2):
            if row.get("date_basis") != "outside_knowledge":
                continue
            if "date_source" in row:
                if not row["date_source"].strip():
                    yield _problem(checked, paths, name, row_no, "date_source", "outside-knowledge-uncited",
                                   f"{row[key]!r} has an outside-knowledge date but no date_source")
            elif (name, row[key]) not in sourced_targets:
                yield _problem(checked, paths, name, row_no, "date_basis", "outside-knowledge-uncited",
                               f"{row[key]!r} has an outside-knowledge date and no curator note with a source explains it")


# --------------------------------------------------------------------------- codings

def codings_match_data(checked: CheckedPackage, paths: dict) -> Iterator[Problem]:
    """Every adjudication (where the two coders disagreed) is the label in the data, and carries its reason.

    Values both coders agreed on are not re-checked here: the double coding is the record of one version,
    and a later correction of an agreed label goes to the changelog (tests/test_codings.py checks that
    the released data equals every adjudicated value). A unit whose data row another check has already
    reported is left to that report.
    """
    if not _rows(checked, paths, "codings"):
        return
    keys = {"statements": "statement_id", "country_positions": "position_id", "events": "event_id", "weapons_systems": "system_id",
            "accounts": "account_id"}
    tables = {t: {r[k]: r for r in checked.rows.get(t, [])} for t, k in keys.items() if t in checked.rows}
    row_of = {(t, r[k]): n for t, k in keys.items() for n, r in enumerate(checked.rows.get(t, []), start=2)}
    reported = {(p.file, p.row) for p in checked.problems}
    coders: dict[tuple[str, str, str], dict[str, str]] = {}
    for row in checked.rows["codings"]:
        coders.setdefault((row["unit_table"], row["unit_id"], row["variable"]), {})[row["coder"]] = row["value"]
    for row_no, row in enumerate(checked.rows["codings"], start=2):
        if row["coder"] != "adjudicated" or row["unit_table"] not in tables:
            continue
        unit = tables[row["unit_table"]].get(row["unit_id"])
        variable, value = row["variable"], row["value"]
        data_row = row_of.get((row["unit_table"], row["unit_id"]))
        if data_row is not None and row["unit_table"] in paths and (_shown(checked, paths, row["unit_table"]), data_row) in reported:
            continue
        if variable == "exists":
            actual = "yes" if unit is not None else "no"
        elif unit is None:
            actual = ""
        elif variable not in unit:  # a variable coded on the unit but kept elsewhere (an account's supported response)
            continue
        else:
            actual = unit.get(variable, "")
        given = coders.get((row["unit_table"], row["unit_id"], variable), {})
        disagreed = given.get("curator", "") != given.get("second_coder", "")
        if disagreed and value != actual:
            yield _problem(checked, paths, "codings", row_no, "value", "coding-disagrees-with-data",
                           f"adjudicated {variable} of {row['unit_table']}/{row['unit_id']} is {value!r} but the data has {actual!r}")
        if disagreed and not (row.get("reason") or "").strip():
            yield _problem(checked, paths, "codings", row_no, "reason", "coding-reason-missing",
                           f"the coders disagree on {variable} of {row['unit_table']}/{row['unit_id']}: say why the adjudicated value holds")


#: The rules, in the order they run.
JUDGEMENT_RULES: tuple[Rule, ...] = (
    utterance_counted_twice,
    response_counted_twice,
    speaker_and_target,
    position_basis,
    pair_side_missing,
    date_basis,
    outside_knowledge,
    codings_match_data,
)
