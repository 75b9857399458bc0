"""Tables and measures the notebooks argue from: small pure functions over the dataset's tables.

Each function takes the DataFrames it needs (``ds.statements``, ``ds.actors``,
...) and returns a new DataFrame or a small value; nothing is cached and
nothing is modified in place. Rows come out in a fixed order (the file order
of the tables, or an explicit sort) so that notebook outputs are stable.

Any number of documents: when the rows a table is built from come from more
than one document, a table with one row per fact gains a first column
``document_id``, and a table that counts or groups facts gains a last column
``documents`` listing the documents each row draws on. A single-document
table is unchanged.

>>> import pandas as pd
>>> actors = pd.DataFrame({"actor_id": ["a"], "name": ["Ann"]})
>>> actor_names(actors)
{'a': 'Ann'}
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping

import pandas as pd

from helpers.analysis.counting import counted_renderings, repeat_of

__all__ = [
    "ANONYMOUS_KIND",
    "ARTICLE_ACTOR",
    "DOCUMENTS_COLUMN",
    "FACT_TABLES",
    "actor_names",
    "anonymous_reliance",
    "attribution_chains",
    "conflicting_topics",
    "counted_statements",
    "curator_flags",
    "document_ids",
    "event_order",
    "field_description",
    "mode_summary",
    "notes_text",
    "position_evidence",
    "reporting_edges",
    "second_hand_positions",
    "stance_matrix",
    "statement_table",
    "timeline_table",
    "weapon_families",
    "weapons_table",
]

ANONYMOUS_KIND = "anonymous_source"
DOCUMENTS_COLUMN = "documents"  # the column a grouped table gains when its rows come from several documents
ARTICLE_ACTOR = "this_article"
# The tables whose rows are facts drawn from a text (actor mentions and curator notes are annotations, not facts).
FACT_TABLES = ("statements", "country_positions", "events", "weapons_systems")
_ARTICLE_LABEL = "the article itself"

# How each rendering mode relates to the speaker's own words.
_MODE_GROUP = {
    "direct_quote": "speaker's own words (quoted)",
    "phrase": "speaker's own words (quoted)",
    "scare_quote": "quotation marks, no speaker named",
    "paraphrase": "article's words (paraphrase)",
    "authorial": "article's own claim",
}


def actor_names(actors: pd.DataFrame) -> dict[str, str]:
    """Map each ``actor_id`` to its display name, in file order.

    >>> actor_names(pd.DataFrame({"actor_id": ["x", "y"], "name": ["X", "Y"]}))
    {'x': 'X', 'y': 'Y'}
    """
    return dict(zip(actors["actor_id"], actors["name"], strict=True))


def _name(names: Mapping[str, str], actor_id: object, missing: str = "") -> str:
    return missing if pd.isna(actor_id) else names.get(str(actor_id), str(actor_id))


def document_ids(*frames: pd.DataFrame) -> list[str]:
    """The documents the rows of ``frames`` come from, sorted (frames without ``document_id`` add none).

    >>> document_ids(pd.DataFrame({"document_id": ["b", "a", pd.NA, "b"]}), pd.DataFrame({"x": [1]}))
    ['a', 'b']
    """
    ids: set[str] = set()
    for df in frames:
        if "document_id" in df.columns:
            ids.update(str(d) for d in df["document_id"].dropna())
    return sorted(ids)


def _with_document_column(table: pd.DataFrame, source: pd.DataFrame) -> pd.DataFrame:
    """``table`` (one row per row of ``source``, same order) with ``document_id`` first when ``source`` spans several documents."""
    if len(document_ids(source)) > 1:
        table = table.copy()
        table.insert(0, "document_id", ["" if pd.isna(d) else str(d) for d in source["document_id"]])
    return table


def _documents_of(frame: pd.DataFrame) -> str:
    """The documents of some rows as one cell: ``'a, b'``."""
    return ", ".join(document_ids(frame))


def statement_table(statements: pd.DataFrame, actors: pd.DataFrame, topics: pd.DataFrame) -> pd.DataFrame:
    """Who said what, on which topic, with what stance: one row per statement, names instead of ids.

    >>> st = pd.DataFrame({"statement_id": ["s1"], "speaker_id": ["a"], "reported_via_id": [pd.NA],
    ...                    "topic_id": ["t"], "stance": ["opposes"], "mode": ["phrase"], "evidence": ["no"]})
    >>> statement_table(st, pd.DataFrame({"actor_id": ["a"], "name": ["Ann"]}),
    ...                 pd.DataFrame({"topic_id": ["t"], "label": ["Tea"]})).iloc[0].tolist()
    ['s1', 'Ann', 'Tea', 'opposes', 'phrase', '', 'no']
    """
    names = actor_names(actors)
    labels = dict(zip(topics["topic_id"], topics["label"], strict=True))
    table = pd.DataFrame(
        {
            "statement_id": statements["statement_id"].astype(str),
            "speaker": [_name(names, a) for a in statements["speaker_id"]],
            "topic": [labels.get(str(t), str(t)) for t in statements["topic_id"]],
            "stance": statements["stance"].astype(str),
            "mode": statements["mode"].astype(str),
            "reported_via": [_name(names, a) for a in statements["reported_via_id"]],
            "evidence": statements["evidence"].astype(str),
        }
    ).reset_index(drop=True)
    if "utterance_id" in statements.columns:  # a caption, standfirst or other outlet's rendering of a counted utterance
        table.insert(6, "repeats", ["" if pd.isna(r) else str(r) for r in repeat_of(statements)])
    return _with_document_column(table, statements)


def counted_statements(statements: pd.DataFrame) -> pd.DataFrame:
    """The renderings that count under the codebook's rule U3: one row per utterance.

    A caption, a standfirst, a quoted fragment and another outlet's report render an utterance
    already counted; one rendering stands for each utterance (:func:`helpers.analysis.counting.counted_mask`).
    Every count of statements in the notebooks goes through this function or
    :func:`helpers.analysis.counting.count_utterances`.

    >>> st = pd.DataFrame({"statement_id": ["a", "b", "c"], "utterance_id": ["a", "a", "c"]})
    >>> counted_statements(st)["statement_id"].tolist()
    ['a', 'c']
    """
    return counted_renderings(statements)


def mode_summary(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements per rendering mode, with what the mode means for whose words they are.

    Modes are listed in vocabulary order when the column is categorical.

    >>> mode_summary(pd.DataFrame({"mode": ["phrase", "paraphrase", "phrase"]})).values.tolist()
    [['phrase', "speaker's own words (quoted)", 2, 0.67], ['paraphrase', "article's words (paraphrase)", 1, 0.33]]
    """
    counts = statements["mode"].value_counts(sort=False)
    if not isinstance(statements["mode"].dtype, pd.CategoricalDtype):
        counts = counts.reindex(pd.unique(statements["mode"]))
    counts = counts[counts > 0]
    table = pd.DataFrame(
        {
            "mode": [str(m) for m in counts.index],
            "words": [_MODE_GROUP.get(str(m), str(m)) for m in counts.index],
            "statements": counts.to_numpy(dtype=int),
            "share": (counts.to_numpy(dtype=float) / len(statements)).round(2),
        }
    )
    if len(document_ids(statements)) > 1:
        modes = statements["mode"].astype(str)
        table[DOCUMENTS_COLUMN] = [_documents_of(statements[modes == m]) for m in table["mode"]]
    return table


def attribution_chains(statements: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """The path each statement takes to the reader: speaker → intermediary → the article.

    ``hops`` counts the links between the speaker and the article (1 when the
    article reports the speaker directly, 2 through an outlet). ``anonymous``
    is true when the speaker is an anonymous source.

    >>> actors = pd.DataFrame({"actor_id": ["src", "lm"], "name": ["A source", "Le Monde"],
    ...                        "kind": ["anonymous_source", "media"]})
    >>> st = pd.DataFrame({"statement_id": ["s1"], "speaker_id": ["src"], "reported_via_id": ["lm"]})
    >>> attribution_chains(st, actors).loc[0, "chain"]
    'A source → Le Monde → the article itself'
    """
    names = actor_names(actors)
    kinds = dict(zip(actors["actor_id"], actors["kind"].astype(str), strict=True))
    rows = []
    for sid, speaker, via in zip(statements["statement_id"], statements["speaker_id"], statements["reported_via_id"], strict=True):
        links = [_name(names, speaker)] if speaker != ARTICLE_ACTOR else []
        if not pd.isna(via):
            links.append(_name(names, via))
        links.append(_ARTICLE_LABEL)
        rows.append(
            {
                "statement_id": str(sid),
                "chain": " → ".join(links),
                "hops": len(links) - 1,
                "anonymous": kinds.get(str(speaker)) == ANONYMOUS_KIND,
            }
        )
    return _with_document_column(pd.DataFrame(rows, columns=["statement_id", "chain", "hops", "anonymous"]), statements)


def reporting_edges(statements: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Who reaches the reader through whom: statements per (speaker, channel) pair.

    The channel is the intermediary (``reported_via_id``) or, when there is
    none, the article itself. Rows keep the order in which speakers first
    appear in ``statements``.

    >>> actors = pd.DataFrame({"actor_id": ["p", "lm"], "name": ["Peskov", "Le Monde"], "kind": ["person", "media"]})
    >>> st = pd.DataFrame({"speaker_id": ["p", "p", "lm"], "reported_via_id": [pd.NA, pd.NA, pd.NA]})
    >>> reporting_edges(st, actors)[["speaker", "channel", "statements"]].values.tolist()
    [['Peskov', 'the article itself', 2], ['Le Monde', 'the article itself', 1]]
    """
    names = actor_names(actors)
    kinds = dict(zip(actors["actor_id"], actors["kind"].astype(str), strict=True))
    counts: dict[tuple[str, str], int] = {}
    docs: dict[tuple[str, str], set[str]] = {}
    doc_column = statements["document_id"] if "document_id" in statements.columns else pd.Series(pd.NA, index=statements.index)
    for speaker, via, doc in zip(statements["speaker_id"], statements["reported_via_id"], doc_column, strict=True):
        key = (str(speaker), "" if pd.isna(via) else str(via))
        counts[key] = counts.get(key, 0) + 1
        docs.setdefault(key, set()).update([] if pd.isna(doc) else [str(doc)])
    table = pd.DataFrame(
        [
            {
                "speaker": _name(names, speaker),
                "channel": _name(names, via) if via else _ARTICLE_LABEL,
                "statements": n,
                "speaker_kind": kinds.get(speaker, ""),
            }
            for (speaker, via), n in counts.items()
        ],
        columns=["speaker", "channel", "statements", "speaker_kind"],
    )
    if len(document_ids(statements)) > 1:
        table[DOCUMENTS_COLUMN] = [", ".join(sorted(docs[key])) for key in counts]
    return table


def anonymous_reliance(statements: pd.DataFrame, actors: pd.DataFrame, positions: pd.DataFrame) -> pd.DataFrame:
    """How much rests on anonymous sources: statements, and country positions backed by them.

    >>> actors = pd.DataFrame({"actor_id": ["src", "p"], "name": ["S", "P"], "kind": ["anonymous_source", "person"]})
    >>> st = pd.DataFrame({"statement_id": ["s1", "s2"], "speaker_id": ["src", "p"]})
    >>> pos = pd.DataFrame({"position_id": ["x"], "statement_id": ["s1"]})
    >>> anonymous_reliance(st, actors, pos).values.tolist()
    [['statements', 2, 1, 0.5], ['country positions', 1, 1, 1.0]]
    """
    kinds = dict(zip(actors["actor_id"], actors["kind"].astype(str), strict=True))
    anonymous = {str(s) for s, sp in zip(statements["statement_id"], statements["speaker_id"], strict=True) if kinds.get(str(sp)) == ANONYMOUS_KIND}
    backed = [not pd.isna(s) and str(s) in anonymous for s in positions["statement_id"]]
    rows = [("statements", len(statements), len(anonymous)), ("country positions", len(positions), sum(backed))]
    table = pd.DataFrame(
        [(what, total, n, round(n / total, 2) if total else 0.0) for what, total, n in rows],
        columns=["rows", "total", "resting on an anonymous source", "share"],
    )
    if len(document_ids(statements, positions)) > 1:
        table[DOCUMENTS_COLUMN] = [_documents_of(statements), _documents_of(positions)]
    return table


def stance_matrix(positions: pd.DataFrame, actors: pd.DataFrame, topics: pd.DataFrame) -> pd.DataFrame:
    """Country × topic table of stances; empty string where the text gives no position.

    Rows follow the actors' file order, columns the topics' order; only
    countries and topics with at least one position appear. Two different
    stances in one cell are joined with ' / '. When the positions come from
    several documents, a last column ``documents`` lists each country's.
    Without positions (a new corpus) it is empty, 0 × 0, its axes named and typed as ever.

    >>> actors = pd.DataFrame({"actor_id": ["fr", "de"], "name": ["France", "Germany"]})
    >>> topics = pd.DataFrame({"topic_id": ["t1", "t2"], "label": ["T1", "T2"]})
    >>> pos = pd.DataFrame({"actor_id": ["de", "fr"], "topic_id": ["t1", "t2"], "stance": ["opposes", "open"]})
    >>> stance_matrix(pos, actors, topics).values.tolist()
    [['', 'open'], ['opposes', '']]
    """
    names = actor_names(actors)
    row_ids = [a for a in actors["actor_id"] if a in set(positions["actor_id"])]
    col_ids = [t for t in topics["topic_id"] if t in set(positions["topic_id"])]
    labels = dict(zip(topics["topic_id"], topics["label"], strict=True))
    cells: dict[tuple[str, str], list[str]] = {}
    for actor, topic, stance in zip(positions["actor_id"], positions["topic_id"], positions["stance"], strict=True):
        found = cells.setdefault((actor, topic), [])
        if str(stance) not in found:
            found.append(str(stance))
    data = [[" / ".join(cells.get((a, t), [])) for t in col_ids] for a in row_ids]
    matrix = pd.DataFrame(
        data,
        index=pd.Index([names[a] for a in row_ids], name="country", dtype="str"),  # str even when empty (else object): one layout
        columns=pd.Index([labels[t] for t in col_ids], name="topic", dtype="str"),
    )
    if len(document_ids(positions)) > 1:
        matrix[DOCUMENTS_COLUMN] = [_documents_of(positions[positions["actor_id"] == a]) for a in row_ids]
    return matrix


def position_evidence(positions: pd.DataFrame, actors: pd.DataFrame, topics: pd.DataFrame) -> pd.DataFrame:
    """Every cell of the stance matrix with the basis and the exact words behind it.

    Sorted like the matrix: by country (file order), then topic (file order).

    >>> actors = pd.DataFrame({"actor_id": ["fr"], "name": ["France"]})
    >>> topics = pd.DataFrame({"topic_id": ["t1"], "label": ["T1"]})
    >>> pos = pd.DataFrame({"actor_id": ["fr"], "topic_id": ["t1"], "stance": ["open"], "basis": ["stated"],
    ...                     "evidence": ["we will see"]})
    >>> position_evidence(pos, actors, topics).iloc[0].tolist()
    ['France', 'T1', 'open', 'stated', 'we will see']
    """
    names = actor_names(actors)
    actor_rank = {a: i for i, a in enumerate(actors["actor_id"])}
    topic_rank = {t: i for i, t in enumerate(topics["topic_id"])}
    labels = dict(zip(topics["topic_id"], topics["label"], strict=True))
    order = sorted(range(len(positions)), key=lambda i: (actor_rank[positions["actor_id"].iloc[i]], topic_rank[positions["topic_id"].iloc[i]], i))
    picked = positions.iloc[order]
    table = pd.DataFrame(
        {
            "country": [names[a] for a in picked["actor_id"]],
            "topic": [labels[t] for t in picked["topic_id"]],
            "stance": picked["stance"].astype(str).to_numpy(),
            "basis": picked["basis"].astype(str).to_numpy(),
            "evidence": picked["evidence"].astype(str).to_numpy(),
        }
    ).reset_index(drop=True)
    return _with_document_column(table, picked)


def conflicting_topics(positions: pd.DataFrame, actors: pd.DataFrame, topics: pd.DataFrame) -> pd.DataFrame:
    """Topics on which at least one country supports and another opposes, with who is on each side.

    ``open``, ``conditional`` and ``reserved`` count as neither side.

    >>> actors = pd.DataFrame({"actor_id": ["a", "b"], "name": ["A", "B"]})
    >>> topics = pd.DataFrame({"topic_id": ["t"], "label": ["T"]})
    >>> pos = pd.DataFrame({"actor_id": ["a", "b"], "topic_id": ["t", "t"], "stance": ["supports", "opposes"]})
    >>> conflicting_topics(pos, actors, topics).values.tolist()
    [['T', 'A', 'B']]
    """
    names = actor_names(actors)
    rows = []
    for topic_id, label in zip(topics["topic_id"], topics["label"], strict=True):
        here = positions[positions["topic_id"] == topic_id]
        stance = here["stance"].astype(str)
        taking = {side: set(here.loc[stance == side, "actor_id"].dropna()) for side in ("supports", "opposes")}
        sides = {side: [names[a] for a in actors["actor_id"] if a in taking[side]] for side in ("supports", "opposes")}  # the actors' order
        if sides["supports"] and sides["opposes"]:
            taking_sides = here[here["stance"].astype(str).isin(["supports", "opposes"])]
            rows.append((label, ", ".join(sides["supports"]), ", ".join(sides["opposes"]), _documents_of(taking_sides)))
    table = pd.DataFrame(rows, columns=["topic", "supports", "opposes", DOCUMENTS_COLUMN])
    return table if len(document_ids(positions)) > 1 else table.drop(columns=DOCUMENTS_COLUMN)


def second_hand_positions(positions: pd.DataFrame, actors: pd.DataFrame, topics: pd.DataFrame) -> pd.DataFrame:
    """Positions the country does not state itself: reported by a third party or inferred by the curator.

    >>> actors = pd.DataFrame({"actor_id": ["a"], "name": ["A"]})
    >>> topics = pd.DataFrame({"topic_id": ["t"], "label": ["T"]})
    >>> pos = pd.DataFrame({"actor_id": ["a", "a"], "topic_id": ["t", "t"], "stance": ["open", "open"],
    ...                     "basis": ["stated", "reported"], "evidence": ["x", "y"]})
    >>> second_hand_positions(pos, actors, topics)["evidence"].tolist()
    ['y']
    """
    table = position_evidence(positions, actors, topics)
    return table[table["basis"] != "stated"].reset_index(drop=True)


def weapons_table(weapons: pd.DataFrame, notes: pd.DataFrame) -> pd.DataFrame:
    """Every weapons system: category, supplier as written, status, and how many curator notes flag it.

    >>> w = pd.DataFrame({"system_id": ["x"], "name": ["X"], "surface_form": ["ex"], "category": ["air_defence"],
    ...                   "supplier_iso3": [pd.NA], "supplier_text": ["Western"], "status_in_article": ["maintained"]})
    >>> n = pd.DataFrame({"target_table": ["weapons_systems"], "target_id": ["x"], "kind": ["outside_knowledge"]})
    >>> weapons_table(w, n).iloc[0].tolist()
    ['X', 'ex', 'air_defence', '', 'Western', 'maintained', 'outside_knowledge']
    """
    flags = curator_flags(notes, "weapons_systems")
    by_target: dict[str, list[str]] = {}
    for target, kind in zip(flags["target_id"], flags["kind"], strict=True):
        by_target.setdefault(str(target), []).append(str(kind))
    table = pd.DataFrame(
        {
            "system": weapons["name"].astype(str).to_numpy(),
            "as written": weapons["surface_form"].astype(str).to_numpy(),
            "category": weapons["category"].astype(str).to_numpy(),
            "supplier (ISO3)": ["" if pd.isna(v) else str(v) for v in weapons["supplier_iso3"]],
            "supplier as written": weapons["supplier_text"].astype(str).to_numpy(),
            "status in article": weapons["status_in_article"].astype(str).to_numpy(),
            "curator flags": [", ".join(by_target.get(str(s), [])) for s in weapons["system_id"]],
        }
    )
    return _with_document_column(table, weapons)


def weapon_families(weapons: pd.DataFrame) -> pd.DataFrame:
    """Weapons systems grouped into families: two rows are one family when either's name is among the other's aliases.

    The article may name one weapon twice under national names (Storm Shadow and
    SCALP); counting rows would count it twice. One row per family, in the file
    order of its first system, with the names as the article writes them.

    >>> w = pd.DataFrame({"system_id": ["a", "b", "c"], "name": ["Storm Shadow", "SCALP", "Patriot"],
    ...                   "aliases": ["SCALP-EG", "Storm Shadow (British)", "MIM-104"], "surface_form": ["Storm Shadow", "Scalp", "Patriot"],
    ...                   "category": ["cruise_missile", "cruise_missile", "air_defence"]})
    >>> weapon_families(w).values.tolist()
    [['Storm Shadow / SCALP', 'Storm Shadow, Scalp', 'cruise_missile', 2], ['Patriot', 'Patriot', 'air_defence', 1]]
    """
    names = [str(n) for n in weapons["name"]]
    aliases = ["" if pd.isna(a) else str(a).casefold() for a in weapons["aliases"]]
    family = list(range(len(names)))

    def root(i: int) -> int:
        while family[i] != i:
            i = family[i]
        return i

    for i, j in ((i, j) for i in range(len(names)) for j in range(len(names)) if i != j):
        if names[i].casefold() in aliases[j]:
            family[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(names)):
        groups.setdefault(root(i), []).append(i)
    rows = [(" / ".join(names[i] for i in members), ", ".join(str(weapons["surface_form"].iloc[i]) for i in members),
             " / ".join(dict.fromkeys(str(weapons["category"].iloc[i]) for i in members)), len(members))
            for members in sorted(groups.values())]
    return pd.DataFrame(rows, columns=["family", "as written", "category", "rows"])


def curator_flags(notes: pd.DataFrame, table: str, kinds: Iterable[str] | None = None, ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The curator notes about rows of one table (optionally only some kinds, or some row ids), in file order.

    >>> n = pd.DataFrame({"target_table": ["events", "actors"], "target_id": ["e", "a"], "kind": ["ambiguity", "ambiguity"]})
    >>> curator_flags(n, "events")["target_id"].tolist()
    ['e']
    """
    keep = notes["target_table"].astype(str) == table
    if kinds is not None:
        keep &= notes["kind"].astype(str).isin(list(kinds))
    if ids is not None:
        keep &= notes["target_id"].astype(str).isin([str(i) for i in ids])
    return notes[keep].reset_index(drop=True)


def notes_text(notes: pd.DataFrame, width: int = 110) -> str:
    """Curator notes as readable text, each in full: ``target (kind): note``, wrapped.

    >>> n = pd.DataFrame({"target_id": ["e"], "kind": ["ambiguity"], "note": ["Two readings."]})
    >>> print(notes_text(n))
    e (ambiguity): Two readings.
    """
    blocks = []
    for target, kind, note in zip(notes["target_id"], notes["kind"], notes["note"], strict=True):
        blocks.append(textwrap.fill(f"{target} ({kind}): {note}", width=width, subsequent_indent="    "))
    return "\n".join(blocks)


def timeline_table(events: pd.DataFrame, links: pd.DataFrame | None = None) -> pd.DataFrame:
    """Events in time order with the span their date covers at its precision.

    Sorted by :func:`event_order`: the first day covered, then the last, then
    file order, except where ``links`` (``ds.event_links``) say which came
    first; ``days`` is the length of the span (1 for a day, 28 to 31 for a month).

    >>> ev = pd.DataFrame({"event_id": ["b", "a"], "label": ["B", "A"], "date": ["2024-02", "2024-02-03"],
    ...                    "date_precision": ["month", "day"], "date_basis": ["inferred", "stated"],
    ...                    "date_start": pd.to_datetime(["2024-02-01", "2024-02-03"]),
    ...                    "date_end": pd.to_datetime(["2024-02-29", "2024-02-03"])})
    >>> timeline_table(ev)[["event_id", "days"]].values.tolist()
    [['b', 29], ['a', 1]]
    """
    position = {e: i for i, e in enumerate(event_order(events, links))}
    table = events.iloc[sorted(range(len(events)), key=lambda i: position[str(events["event_id"].iloc[i])])]
    out = pd.DataFrame(
        {
            "event_id": table["event_id"].astype(str).to_numpy(),
            "label": table["label"].astype(str).to_numpy(),
            "date": table["date"].astype(str).to_numpy(),
            "precision": table["date_precision"].astype(str).to_numpy(),
            "basis": table["date_basis"].astype(str).to_numpy(),
            "first day": table["date_start"].dt.strftime("%Y-%m-%d").to_numpy(),
            "last day": table["date_end"].dt.strftime("%Y-%m-%d").to_numpy(),
            "days": ((table["date_end"] - table["date_start"]).dt.days + 1).to_numpy(dtype=int),
        }
    )
    return _with_document_column(out, table)


def event_order(events: pd.DataFrame, links: pd.DataFrame | None = None) -> list[str]:
    """Event ids in story order: by date, and where dates tie or overlap, by what the links say came first.

    ``links`` has ``before_id`` and ``after_id`` (``ds.event_links``). Among the
    events whose predecessors are all placed, the one with the earliest first
    day comes next (then the earliest last day, then file order), so a link
    never places an event above one it follows, and a tie is never broken by
    the alphabet. Links to unknown events are ignored; a cycle (which the
    validator reports) falls back to date order for the events in it.

    >>> ev = pd.DataFrame({"event_id": ["denial", "report", "visit"],
    ...                    "date_start": pd.to_datetime(["2024-11-25", "2024-11-01", "2024-11-11"]),
    ...                    "date_end": pd.to_datetime(["2024-11-25", "2024-11-30", "2024-11-11"])})
    >>> event_order(ev)
    ['report', 'visit', 'denial']
    >>> event_order(ev, pd.DataFrame({"before_id": ["visit"], "after_id": ["report"]}))
    ['visit', 'report', 'denial']
    """
    ids = [str(e) for e in events["event_id"]]
    key = {e: (s, t, i) for i, (e, s, t) in enumerate(zip(ids, events["date_start"], events["date_end"], strict=True))}
    preds: dict[str, set[str]] = {e: set() for e in ids}
    if links is not None:
        for before, after in zip(links["before_id"].astype(str), links["after_id"].astype(str), strict=True):
            if before in preds and after in preds and before != after:
                preds[after].add(before)
    order: list[str] = []
    left = set(ids)
    while left:
        ready = [e for e in left if not (preds[e] & left)] or list(left)  # a cycle: fall back to dates
        nxt = min(ready, key=lambda e: key[e])
        order.append(nxt)
        left.remove(nxt)
    return order


def field_description(descriptor: Mapping, table: str, field: str) -> str:
    """The data package's description of one column (``descriptor`` is ``ds.descriptor``).

    >>> d = {"resources": [{"name": "t", "schema": {"fields": [{"name": "f", "description": "What f is."}]}}]}
    >>> field_description(d, "t", "f")
    'What f is.'
    """
    for resource in descriptor["resources"]:
        if resource["name"] == table:
            for f in resource["schema"]["fields"]:
                if f["name"] == field:
                    return str(f.get("description", ""))
    raise KeyError(f"no field {field!r} in table {table!r}")
