"""How the story is told: sourcing, absent voices, framing, prominence and the chain of events.

The measures a researcher or a media-literacy class runs on a contested news story, each a
small pure function of the :class:`~helpers.dataset.load.Dataset` returning a DataFrame in a fixed
order. They read the tables of issue 14 (``claims``, ``claim_statements``,
``expected_voices``, ``framing_terms``, ``event_links``; rules in
``data/CODEBOOK.md §12``) together with the statements, and every count of
statements goes through :func:`helpers.analysis.counted_statements` (codebook rule U3:
one row per utterance).

Characters are the length of a row's evidence (its span), a rough measure of the space a
claim gets; rows are the number of counted statements. Both are given: a short named quote
and a long unattributed paraphrase weigh differently in each.

>>> from helpers import load_dataset
>>> ds = load_dataset()
>>> publication_window(ds).loc[0, "earliest"] <= publication_window(ds).loc[0, "latest"]
True
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis.counting import counted_mask
from helpers.analysis.tables import ARTICLE_ACTOR, actor_names, counted_statements, event_order
from helpers.dataset.load import Dataset
from helpers.dataset.spans import sentence_bounds

__all__ = [
    "FRAMING_FAMILY",
    "SIDES",
    "VOICE_ROLES",
    "absent_voices",
    "baseline_position",
    "chain_of_events",
    "claim_sourcing",
    "document_baselines",
    "framing_by_family",
    "framing_summary",
    "framing_table",
    "framing_verbs",
    "opening",
    "prominence",
    "publication_window",
    "second_hand",
    "sourcing_ladder",
    "sourcing_overall",
    "sourcing_readings",
    "telling_order",
    "voice_presence",
    "voice_roles",
    "voice_summary",
]

#: The two sides of the contested claim, by how a statement bears on it (``claim_relation``).
SIDES = {"asserts": "the report", "corroborates": "the report", "contests": "the denial"}
_SUPPORT = ("asserts", "corroborates", "qualifies")


def _vocabulary(ds: Dataset, name: str) -> list[str]:
    return list(ds.vocabulary(name))


def _claim_labels(ds: Dataset) -> dict[str, str]:
    return dict(zip(ds.claims["claim_id"].astype(str), ds.claims["label"].astype(str), strict=True))


def claim_sourcing(ds: Dataset) -> pd.DataFrame:
    """One row per (claim, counted statement): how the statement bears on the claim and how its sentence sources it.

    Claims in file order, statements in text order within a claim; ``characters`` is the
    length of the statement's evidence. Only counted statements appear (U3).
    """
    counted = counted_statements(ds.statements).set_index("statement_id")
    names = actor_names(ds.actors)
    labels = _claim_labels(ds)
    rank = {c: i for i, c in enumerate(labels)}
    links = ds.claim_statements[ds.claim_statements["statement_id"].isin(counted.index)]
    rows = []
    for claim, sid, relation, sourcing in zip(links["claim_id"], links["statement_id"], links["relation"], links["sourcing"], strict=True):
        st = counted.loc[sid]
        rows.append({"claim_id": str(claim), "claim": labels[str(claim)], "statement_id": str(sid),
                     "speaker": names.get(str(st["speaker_id"]), str(st["speaker_id"])), "relation": str(relation),
                     "sourcing": str(sourcing), "characters": len(str(st["evidence"])), "_rank": rank[str(claim)],
                     "_start": int(st["char_start"])})
    columns = ["claim_id", "claim", "statement_id", "speaker", "relation", "sourcing", "characters", "_rank", "_start"]
    # a package with no claim links (a new corpus) gets the empty table, with its columns
    table = pd.DataFrame(rows, columns=columns).sort_values(["_rank", "_start"], kind="stable").drop(columns=["_rank", "_start"])
    return table.reset_index(drop=True)


def sourcing_ladder(ds: Dataset, weight: str = "characters") -> pd.DataFrame:
    """Per claim, how its support is sourced: one column per rung of the ``sourcing`` vocabulary.

    Support is what asserts, corroborates or qualifies the claim; what contests it is
    summed in the last column, ``contested``. ``weight`` is ``"characters"`` (evidence
    length) or ``"rows"`` (counted statements). ``best rung`` is the most checkable
    sourcing the claim's support has (the vocabulary runs from named on the record down
    to the article's own voice). Rows in the claims' file order.
    """
    if weight not in ("characters", "rows"):
        raise ValueError(f"weight must be 'characters' or 'rows', not {weight!r}")
    table = claim_sourcing(ds)
    rungs = _vocabulary(ds, "sourcing")
    value = table["characters"] if weight == "characters" else pd.Series(1, index=table.index)
    support = table["relation"].isin(_SUPPORT)
    # grouped by claim_id, labelled after: in a corpus, claims of different documents may share a label
    wide = (value[support].groupby([table.loc[support, "claim_id"], table.loc[support, "sourcing"]]).sum()
            .unstack(fill_value=0).reindex(columns=rungs, fill_value=0))
    labels = _claim_labels(ds)
    claims = list(labels)
    wide = wide.reindex(claims, fill_value=0).astype(int)
    wide["contested"] = value[~support].groupby(table.loc[~support, "claim_id"]).sum().reindex(claims, fill_value=0).astype(int)
    wide["best rung"] = [next((r for r in rungs if row[r] > 0), "") for _, row in wide.iterrows()]
    wide.index = pd.Index([labels[c] for c in claims], name="claim")
    wide.columns.name = f"sourcing ({weight})"
    return wide


def sourcing_overall(ds: Dataset) -> pd.DataFrame:
    """Counted statements and their characters per rung of the sourcing ladder, with shares.

    Each counted statement is taken once, at the sourcing its sentence gives it (the
    codebook makes it the same for every claim it bears on). A counted statement that
    bears on no claim appears as ``(no claim)``.
    """
    counted = counted_statements(ds.statements)
    by_statement = dict(zip(ds.claim_statements["statement_id"].astype(str), ds.claim_statements["sourcing"].astype(str), strict=True))
    rung = [by_statement.get(str(s), "(no claim)") for s in counted["statement_id"]]
    chars = counted["evidence"].astype(str).str.len()
    order = [r for r in [*_vocabulary(ds, "sourcing"), "(no claim)"] if r in rung]
    table = pd.DataFrame({"sourcing": rung, "characters": chars.to_numpy()}).groupby("sourcing", sort=False).agg(
        statements=("characters", "size"), characters=("characters", "sum")).reindex(order)
    table["share of statements"] = (table["statements"] / table["statements"].sum()).round(2)
    table["share of characters"] = (table["characters"] / table["characters"].sum()).round(2)
    return table


def second_hand(ds: Dataset) -> pd.DataFrame:
    """How many counted statements reach the reader through another outlet, by rows and by characters.

    A statement is second-hand when its speaker is an outlet other than the article
    (Le Monde's own claims) or when it comes through an intermediary
    (``reported_via_id``: a source quoted by Le Monde or the Wall Street Journal).

    >>> from helpers import load_dataset
    >>> table = second_hand(load_dataset())
    >>> int(table.loc["second-hand", "statements"]) > 0
    True
    """
    counted = counted_statements(ds.statements)
    kinds = dict(zip(ds.actors["actor_id"].astype(str), ds.actors["kind"].astype(str), strict=True))
    outlet = [kinds.get(str(s)) == "media" and str(s) != ARTICLE_ACTOR for s in counted["speaker_id"]]
    via = counted["reported_via_id"].notna().to_numpy()
    flag = pd.Series([a or b for a, b in zip(outlet, via, strict=True)], index=counted.index)
    chars = counted["evidence"].astype(str).str.len()
    table = pd.DataFrame({"statements": [int(flag.sum()), int((~flag).sum())], "characters": [int(chars[flag].sum()), int(chars[~flag].sum())]},
                         index=pd.Index(["second-hand", "first-hand in this text"], name="reaches the reader"))
    table["share of statements"] = (table["statements"] / table["statements"].sum()).round(2)
    table["share of characters"] = (table["characters"] / table["characters"].sum()).round(2)
    return table


def absent_voices(ds: Dataset) -> pd.DataFrame:
    """Who the story implicates, why they would be expected to speak, and how (or whether) they are heard.

    Ordered from the least heard (``absent``) to the most (``answers``), then file order.
    """
    presences = _vocabulary(ds, "voice_presence")
    quiet_first = {p: i for i, p in enumerate(reversed(presences))}
    labels = _claim_labels(ds)
    ev = ds.expected_voices
    table = pd.DataFrame({
        "voice": ev["name"].astype(str).to_numpy(),
        "implicated in": [labels[str(c)] for c in ev["claim_id"]],
        "presence": ev["presence"].astype(str).to_numpy(),
        "how": ev["how"].astype(str).to_numpy(),
        "reason expected": ev["reason"].astype(str).to_numpy(),
    })
    order = sorted(range(len(table)), key=lambda i: (quiet_first[table["presence"].iloc[i]], i))
    return table.iloc[order].reset_index(drop=True)


def voice_summary(ds: Dataset) -> pd.Series:
    """How many expected voices have each presence, in vocabulary order (zeros kept)."""
    counts = ds.expected_voices["presence"].astype(str).value_counts()
    return counts.reindex(_vocabulary(ds, "voice_presence"), fill_value=0).rename("voices")


def framing_table(ds: Dataset) -> pd.DataFrame:
    """Every framing term in text order: its kind, whose word it is, and whether the article adopts it."""
    names = actor_names(ds.actors)
    ft = ds.framing_terms.sort_values("char_start", kind="stable")
    return pd.DataFrame({
        "term": ft["term"].astype(str).to_numpy(),
        "kind": ft["kind"].astype(str).to_numpy(),
        "whose word": ["the article" if s == ARTICLE_ACTOR else names.get(str(s), str(s)) for s in ft["speaker_id"]],
        "use": ft["use"].astype(str).to_numpy(),
        "effect": ft["effect"].astype(str).to_numpy(),
    })


def framing_summary(ds: Dataset) -> pd.DataFrame:
    """Framing terms by kind (rows) and use (columns), vocabulary order, with totals."""
    ft = ds.framing_terms
    table = pd.crosstab(ft["kind"].astype(str), ft["use"].astype(str))
    table = table.reindex(index=[k for k in _vocabulary(ds, "framing_kind") if k in table.index],
                          columns=_vocabulary(ds, "framing_use"), fill_value=0)
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum(axis=0)
    return table


def _sides(ds: Dataset, claim_id: str) -> pd.DataFrame:
    """Every statement row (repeats included) of the claim's document bearing on ``claim_id`` for or against, with its side, in text order."""
    links = ds.claim_statements[(ds.claim_statements["claim_id"] == claim_id) & ds.claim_statements["relation"].isin(list(SIDES))]
    side_of = {str(s): SIDES[str(r)] for s, r in zip(links["statement_id"], links["relation"], strict=True)}
    claim_doc = ds.claims.loc[ds.claims["claim_id"] == claim_id, "document_id"]
    st = ds.statements[ds.statements["document_id"].isin(claim_doc.astype(str))]  # a claim belongs to one document
    utterance_of = dict(zip(ds.statements["statement_id"].astype(str), ds.statements["utterance_id"].astype(str), strict=True))
    side_of = {utterance_of.get(s, s): side for s, side in side_of.items()}
    counted_id = st["utterance_id"].astype(str).tolist()
    keep = pd.Series([c in side_of for c in counted_id], index=st.index, dtype=bool)  # a mask (an empty list would select columns)
    rows = st[keep].assign(side=[side_of[c] for c, k in zip(counted_id, keep, strict=True) if k],
                           counted=counted_mask(st)[keep.to_numpy()].to_numpy())
    return rows.sort_values("char_start", kind="stable").reset_index(drop=True)


def prominence(ds: Dataset, claim_id: str = "talks_revived") -> pd.DataFrame:
    """For the contested claim, what each side gets: where it is first heard, how often, in how many characters.

    Sides come from ``claim_statements`` (asserts or corroborates: the report; contests:
    the denial). Repeats (captions, standfirsts, quoted fragments) count here, because
    prominence is what the reader meets, not how many utterances there were. ``before the
    other side`` is the characters of the side's rows that end before the other side's
    first row begins.
    """
    rows = _sides(ds, claim_id)
    out = []
    for side in dict.fromkeys(rows["side"]):
        mine, other = rows[rows["side"] == side], rows[rows["side"] != side]
        other_first = int(other["char_start"].min()) if len(other) else None
        before = mine if other_first is None else mine[mine["char_end"] <= other_first]
        out.append({"side": side, "first heard at (character)": int(mine["char_start"].min()),
                    "renderings": len(mine), "utterances": int(mine["counted"].sum()),
                    "characters": int((mine["char_end"] - mine["char_start"]).sum()),
                    "renderings before the other side": len(before),
                    "characters before the other side": int((before["char_end"] - before["char_start"]).sum())})
    columns = ["side", "first heard at (character)", "renderings", "utterances", "characters",
               "renderings before the other side", "characters before the other side"]
    return pd.DataFrame(out, columns=columns).sort_values("first heard at (character)").reset_index(drop=True)


def opening(ds: Dataset, claim_id: str = "talks_revived", document_id: str | None = None, paragraphs: int = 4) -> pd.DataFrame:
    """What the reader meets first: the opening paragraphs (lines) of the text and which side of the claim each carries.

    A paragraph is a line of the source. A line that a curator note of kind
    ``not_article_text`` covers is a ``caption`` before the body and ``not article text`` after it; a one-sentence line before the first
    line of several sentences is an ``opening line`` (headline or standfirst); the rest is ``body``.
    """
    doc = document_id or str(ds.documents["document_id"].iloc[0])
    text = ds.text(doc)
    rows = _sides(ds, claim_id)
    rows = rows[rows["document_id"] == doc]
    furniture = ds.curator_notes[(ds.curator_notes["kind"] == "not_article_text") & (ds.curator_notes["document_id"] == doc)]
    out, start, in_body = [], 0, False
    for number, line in enumerate(text.split("\n")[:paragraphs], start=1):
        end = start + len(line)
        inside = rows[(rows["char_start"] >= start) & (rows["char_end"] <= end)]
        caption = bool(((furniture["char_start"] <= start) & (furniture["char_end"] >= end)).any())
        in_body = in_body or (not caption and len(sentence_bounds(line)) > 1)
        part = ("not article text" if in_body else "caption") if caption else ("body" if in_body else "opening line")
        out.append({"paragraph": number, "part": part,
                    "sides heard": ", ".join(dict.fromkeys(inside["side"])) or "(neither)",
                    "statements": ", ".join(inside["statement_id"].astype(str)), "text": line})
        start = end + 1
    return pd.DataFrame(out)


def chain_of_events(ds: Dataset) -> pd.DataFrame:
    """The before/after links in story order, with each event's dates and the basis of the link."""
    ev = ds.events.set_index("event_id")
    position = {e: i for i, e in enumerate(event_order(ds.events, ds.event_links))}
    links = ds.event_links
    table = pd.DataFrame({
        "before": links["before_id"].astype(str).to_numpy(),
        "before dated": [f"{ev.loc[b, 'date']} ({ev.loc[b, 'date_basis']})" for b in links["before_id"]],
        "after": links["after_id"].astype(str).to_numpy(),
        "after dated": [f"{ev.loc[a, 'date']} ({ev.loc[a, 'date_basis']})" for a in links["after_id"]],
        "basis": links["basis"].astype(str).to_numpy(),
        "why": links["note"].astype(str).to_numpy(),
    })
    order = sorted(range(len(table)), key=lambda i: (position[table["before"].iloc[i]], position[table["after"].iloc[i]]))
    return table.iloc[order].reset_index(drop=True)


def _windows(ds: Dataset) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """Each event's earliest and latest day once the links are applied (an event is no earlier than what precedes it)."""
    ev = ds.events
    window = {str(e): (pd.Timestamp(s), pd.Timestamp(t)) for e, s, t in zip(ev["event_id"], ev["date_start"], ev["date_end"], strict=True)}
    links = list(zip(ds.event_links["before_id"].astype(str), ds.event_links["after_id"].astype(str), strict=True))
    for _ in range(len(window)):  # enough passes for any chain without a cycle
        changed = False
        for before, after in links:
            (b0, b1), (a0, a1) = window[before], window[after]
            new_a0, new_b1 = max(a0, b0), min(b1, a1)
            if (new_a0, new_b1) != (a0, b1):
                window[after], window[before] = (new_a0, window[after][1]), (window[before][0], new_b1)
                changed = True
        if not changed:
            break
    return window


def publication_window(ds: Dataset) -> pd.DataFrame:
    """What the events a text reports let us say about when it was published, per document.

    A text cannot be published before the latest event it reports has happened: the
    earliest day is the latest *earliest day* among its events (after the links are
    applied), and ``bound by`` names that event. The latest day is the end of the
    publication date the metadata gives. ``basis`` says where the bounding event's date
    comes from: an outside-knowledge date makes the bound outside knowledge too. Documents
    that report no event (the excerpts of data 2.0) are left out.
    """
    window = _windows(ds)
    basis = dict(zip(ds.events["event_id"].astype(str), ds.events["date_basis"].astype(str), strict=True))
    rows = []
    for doc in ds.documents.itertuples(index=False):
        reported = [str(e) for e, d in zip(ds.events["event_id"], ds.events["document_id"], strict=True)
                    if pd.notna(d) and str(d) == doc.document_id]
        if not reported:  # an excerpt reports no dated event of its own: nothing to bound
            continue
        bound = max(reported, key=lambda e: window[e][0])
        rows.append({"document_id": doc.document_id, "metadata": f"{doc.published} ({doc.date_precision})",
                     "earliest": window[bound][0].strftime("%Y-%m-%d"), "latest": pd.Timestamp(doc.date_end).strftime("%Y-%m-%d"),
                     "bound by": bound, "basis": basis[bound]})
    # no document reports an event (a new corpus, excerpts only): the empty table, with its columns
    return pd.DataFrame(rows, columns=["document_id", "metadata", "earliest", "latest", "bound by", "basis"])


# --- Baselines across the corpus (issue 21): the same measures per document, so the article has peers --------------------

_QUOTED_MODES = ("direct_quote", "phrase")


def document_baselines(ds: Dataset, reply: tuple[str, ...] | None = None, report: str | None = None) -> pd.DataFrame:
    """Sourcing, framing and prominence of the Kremlin's reply, computed per document that renders it.

    One row per document rendering the reply's utterances (default: Peskov's reply and his remarks on
    capitals and "hotheads"), the article among them, in time order (:func:`relays.document_times`).

    *Sourcing*: ``reply utterances`` (counted once each, :func:`~helpers.analysis.counting.count_utterances`),
    ``reply renderings`` (rows: what the reader meets), ``quoted share`` (renderings that quote the speaker's
    words, a direct quote or a quoted phrase), ``named speaker share`` (renderings whose speaker is a person,
    Peskov, rather than "the Kremlin" or "Russia"), ``source credited`` (the page names the agency or outlet it
    relays, in its own words). *Framing*: ``reply as denial`` and ``reply as doubt`` (the reply utterance
    counted once when any rendering gives it so), ``denial renderings`` (rows), ``verbs for the reply``
    and ``verbs for the report`` (the rendering verbs, in text order). *Prominence*: ``first heard`` (the
    reply or the report: whichever the document renders first), ``reply on first line`` (a rendering of
    the reply starts on the text's first line: the headline where the excerpt keeps it), ``reply share of
    characters`` (the reply's renderings against the reply's and the report's together).
    Excerpts keep only headline, lead and passages: shares are of what is kept, not of whole pages.
    """
    from helpers.analysis import relays
    from helpers.analysis.counting import count_utterances

    reply = reply or (relays.REPLY, relays.HOTHEADS)
    report = report or relays.LEMONDE
    kinds = dict(zip(ds.actors["actor_id"].astype(str), ds.actors["kind"].astype(str), strict=True))
    r = relays.reply_renderings(ds, (*reply, report))
    credited = relays.relay_edges(ds).set_index("document_id")["credited"].to_dict()
    rows = []
    for doc, g in r.groupby("document_id", sort=False):
        mine = g[g["utterance_id"].isin(reply)]
        if mine.empty:
            continue
        theirs = g[g["utterance_id"] == report]
        main = mine[mine["utterance_id"] == reply[0]]
        as_denial = count_utterances(main[main["rendered as"] == "denial"])
        as_doubt = count_utterances(main[main["rendered as"] == "doubt"])
        chars_mine = int(mine["words"].str.len().sum())
        chars_all = chars_mine + int(theirs["words"].str.len().sum())
        first = g.iloc[0]
        rows.append({
            "document_id": doc, "outlet": first["label"], "family": first["family"], "language": first["language"],
            "reply utterances": count_utterances(mine), "reply renderings": len(mine),
            "quoted share": round(float(mine["mode"].isin(_QUOTED_MODES).mean()), 2),
            "named speaker share": round(float((mine["speaker_id"].map(kinds) == "person").mean()), 2),
            "source credited": bool(credited.get(doc, False)),
            "reply as denial": as_denial, "reply as doubt": as_doubt,
            "denial renderings": int((mine["rendered as"] == "denial").sum()),
            "verbs for the reply": ", ".join(dict.fromkeys(v for v in mine["verb"] if v)),
            "verbs for the report": ", ".join(dict.fromkeys(v for v in theirs["verb"] if v)),
            "first heard": "the reply" if first["utterance_id"] in reply else "the report",
            "reply on first line": bool((mine["line"] == 1).any()),
            "reply share of characters": round(chars_mine / chars_all, 2) if chars_all else 0.0,
        })
    return pd.DataFrame(rows)


def baseline_position(ds: Dataset, document_id: str = "000_212c296293ee434c") -> pd.DataFrame:
    """Where one document (default: the article) stands among its peers on each numeric or yes/no baseline.

    One row per measure of :func:`document_baselines`: the document's value, the peers' lowest, median and
    highest, and how many of the peers are at or above the document's value (``peers at or above``, of
    ``peers``). Yes/no measures count as 1/0.
    """
    table = document_baselines(ds)
    if document_id not in set(table["document_id"]):
        raise KeyError(f"document {document_id!r} does not render the reply")
    numeric = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c]) or pd.api.types.is_bool_dtype(table[c])]
    mine = table[table["document_id"] == document_id].iloc[0]
    peers = table[table["document_id"] != document_id]
    rows = []
    for c in numeric:
        values = peers[c].astype(float)
        me = float(mine[c])
        rows.append({"measure": c, "this document": me, "peers' lowest": float(values.min()), "peers' median": float(values.median()),
                     "peers' highest": float(values.max()), "peers at or above": int((values >= me).sum()), "peers": len(values)})
    return pd.DataFrame(rows)

# --- Voices from the parties a claim implicates (codebook V0-V2) ------------------------------------------------

#: The roles a claim gives a party (codebook V0), in the order the rule applies them.
VOICE_ROLES = ("accused", "acting", "affected")


def _on_record(ds: Dataset) -> tuple[pd.DataFrame, dict[str, str]]:
    """The counted statements with the sourcing their sentence gives them (C5), and each actor's kind."""
    counted = counted_statements(ds.statements)
    sourcing = dict(zip(ds.claim_statements["statement_id"].astype(str), ds.claim_statements["sourcing"].astype(str), strict=True))
    counted = counted.assign(sourcing=[sourcing.get(str(s), "") for s in counted["statement_id"]])
    kinds = dict(zip(ds.actors["actor_id"].astype(str), ds.actors["kind"].astype(str), strict=True))
    return counted, kinds


def _mentioned(ds: Dataset) -> set[str]:
    """The actors the documents name: the actors' own spans (1.x) or the mentions table (2.0)."""
    mentions = ds.tables.get("mentions")
    if mentions is not None and len(mentions):
        return set(mentions["actor_id"].astype(str))
    if "char_start" in ds.actors:
        return set(ds.actors.loc[ds.actors["char_start"].notna(), "actor_id"].astype(str))
    return set(ds.actors["actor_id"].astype(str))


def voice_presence(ds: Dataset) -> pd.DataFrame:
    """Each expected voice's presence, derived from the statements by rule V2, beside the presence coded.

    The candidates (``expected_voices``: one row per claim and implicated party) come from the claims
    (V0), never from who is quoted; this function only asks how each candidate is heard. A party speaks
    through the actors in ``heard_through`` (and its own ``actor_id``). ``answers``: a counted statement of
    a non-anonymous speaker for the party, sourced ``named`` (on record in its own sentence), bears on the
    claim; ``speaks_elsewhere``: such a statement exists, on other claims only; ``unnamed_only``: only
    anonymous sources for the party speak; ``spoken_for``: the party's actor is named in the text, never
    heard; ``absent``: the claim implicates it, the text never names it. ``agrees`` compares with the coded
    presence. Rows in file order.
    """
    counted, kinds = _on_record(ds)
    links = ds.claim_statements
    bears = {(str(c), str(s)) for c, s in zip(links["claim_id"], links["statement_id"], strict=True)}
    named = _mentioned(ds)
    ev = ds.expected_voices
    through_col = ev["heard_through"] if "heard_through" in ev else pd.Series(pd.NA, index=ev.index)
    rows = []
    for voice, claim, actor, through, coded in zip(ev["voice_id"], ev["claim_id"], ev["actor_id"], through_col, ev["presence"], strict=True):
        speakers = {a for a in ([] if pd.isna(through) else str(through).split(";")) if a}
        if pd.notna(actor):
            speakers.add(str(actor))
        own = counted[counted["speaker_id"].astype(str).isin(speakers)]
        anonymous = own["speaker_id"].astype(str).map(kinds).eq("anonymous_source")
        # on record: sourced ``named`` on a claim, or bearing on no claim at all (no C5 rung to lower it)
        record = own[~anonymous & own["sourcing"].isin(["named", ""])]
        on_claim = [s for s in record["statement_id"].astype(str) if (str(claim), s) in bears]
        if on_claim:
            derived, why = "answers", ", ".join(on_claim)
        elif len(record):
            derived, why = "speaks_elsewhere", ", ".join(record["statement_id"].astype(str))
        elif anonymous.any():
            derived, why = "unnamed_only", ", ".join(own.loc[anonymous, "statement_id"].astype(str))
        elif pd.notna(actor) and str(actor) in named:
            derived, why = "spoken_for", f"{actor} is named, never heard"
        else:
            derived, why = "absent", "never named in the text"
        rows.append({"voice_id": str(voice), "claim_id": str(claim), "presence": derived, "because": why,
                     "coded": str(coded), "agrees": derived == str(coded)})
    return pd.DataFrame(rows, columns=["voice_id", "claim_id", "presence", "because", "coded", "agrees"])


def voice_roles(ds: Dataset) -> pd.DataFrame:
    """Claims (rows) x presence (columns): how many implicated parties each claim leaves at each level of being heard.

    Built from the candidate list (V0) and the derived presence (V2), so that a voice the text never names
    counts as ``absent`` here even though no quotation points at it. Vocabulary order, zeros kept.
    """
    derived = voice_presence(ds)
    labels = _claim_labels(ds)
    # counted by claim_id, labelled after: in a corpus, claims of different documents may share a label
    table = pd.crosstab(derived["claim_id"], derived["presence"])
    claims = [c for c in labels if c in set(derived["claim_id"])]
    table = table.reindex(index=claims, columns=_vocabulary(ds, "voice_presence"), fill_value=0)
    table.index = pd.Index([labels[c] for c in claims], name="claim")
    table.columns.name = "parties by presence"
    return table


# --- Framing in two families (codebook F2) -------------------------------------------------------------------

#: Which family each framing kind belongs to: the text's own judgement, or how it sources a claim. Never summed together.
FRAMING_FAMILY = {"loaded": "judgement", "evaluative": "judgement", "scare_quote": "judgement", "error": "judgement",
                  "attribution_verb": "sourcing", "hedge": "sourcing"}
_THIS_TEXT_ONLY = "this text alone (no comparison documents coded for framing)"


def framing_by_family(ds: Dataset, document_id: str | None = None) -> pd.DataFrame:
    """Framing terms per family and kind (rows) and use (columns): judgement words apart from hedges and attribution verbs.

    ``adopted judgement`` in the last column is what the text itself says in loaded, evaluative or
    distancing words (kinds of the judgement family with use ``adopted`` or ``distanced``); hedges and
    attribution verbs are not in it. ``compared with`` says what the counts can be read against: until
    other documents carry framing terms, this text alone.
    """
    ft = ds.framing_terms
    if document_id is not None:
        ft = ft[ft["document_id"] == document_id]
    kinds = [k for k in _vocabulary(ds, "framing_kind") if k in set(ft["kind"].astype(str))]
    uses = _vocabulary(ds, "framing_use")
    table = pd.crosstab(ft["kind"].astype(str), ft["use"].astype(str)).reindex(index=kinds, columns=uses, fill_value=0)
    table["total"] = table.sum(axis=1)
    family = [FRAMING_FAMILY.get(k, "other") for k in table.index]
    table["adopted judgement"] = [int(row["adopted"] + row["distanced"]) if f == "judgement" else 0
                                  for f, (_, row) in zip(family, table.iterrows(), strict=True)]
    table.index = pd.MultiIndex.from_arrays([family, list(table.index)], names=["family", "kind"])
    table = table.sort_index(level="family", sort_remaining=False, kind="stable")
    documents = ds.framing_terms["document_id"].astype(str).nunique()
    table["compared with"] = _THIS_TEXT_ONLY if documents < 2 else f"{documents} documents"
    return table


def framing_verbs(ds: Dataset, document_id: str | None = None) -> pd.DataFrame:
    """Every attribution verb with the speaker it introduces and the side of the contested claim that speaker is on.

    One row per verb occurrence, text order: ``verb``, ``introduces`` (the speaker of the statement it
    colours), ``side`` (the report, the denial, or neither, from ``claim_statements`` on the contested
    claims, those some statement contests: asserts/corroborates → the report, contests → the denial),
    ``statement_id``. The verbs a text uses for one side can then be read against the verbs it uses for the other.
    """
    ft = ds.framing_terms[ds.framing_terms["kind"] == "attribution_verb"]
    if document_id is not None:
        ft = ft[ft["document_id"] == document_id]
    names = actor_names(ds.actors)
    st = ds.statements.set_index("statement_id")
    repeats = ds.statements.get("utterance_id", ds.statements.get("repeats_id", ds.statements["statement_id"]))
    counted_of = {str(s): (str(r) if pd.notna(r) else str(s)) for s, r in zip(ds.statements["statement_id"], repeats, strict=True)}
    links = ds.claim_statements
    contested = set(links.loc[links["relation"].astype(str) == "contests", "claim_id"].astype(str))  # not one claim's id: any package's
    talks = links[links["claim_id"].astype(str).isin(contested)]
    side_of = {str(s): SIDES.get(str(r), "neither") for s, r in zip(talks["statement_id"], talks["relation"], strict=True)}
    rows = []
    for term, sid, start in zip(ft["term"], ft["statement_id"], ft["char_start"], strict=True):
        known = pd.notna(sid) and sid in st.index
        speaker = names.get(str(st.loc[sid, "speaker_id"]), str(st.loc[sid, "speaker_id"])) if known else "(the report as such)"
        side = side_of.get(counted_of.get(str(sid), str(sid)), "neither") if pd.notna(sid) else "the report"
        rows.append({"verb": str(term), "introduces": speaker, "side": side, "statement_id": "" if pd.isna(sid) else str(sid), "_start": int(start)})
    columns = ["verb", "introduces", "side", "statement_id", "_start"]  # an empty package: no verb, the same columns
    return pd.DataFrame(rows, columns=columns).sort_values("_start", kind="stable").drop(columns="_start").reset_index(drop=True)


# --- Two readings of the sourcing ladder, and the order of telling (notebook 10, issue 22) --------------------

def _attributed_rung(sourcing: str, speaker_kind: str, speaker: str) -> str:
    """The rung a statement reaches when its speaker is read by the attribution rules (S1-S3) rather than its sentence (C5)."""
    if sourcing != "unattributed" or speaker == ARTICLE_ACTOR:
        return sourcing
    return {"media": "outlet_report", "anonymous_source": "unnamed"}.get(speaker_kind, "named")


def sourcing_readings(ds: Dataset) -> pd.DataFrame:
    """Counted statements per rung under two readings: each sentence alone (C5), and with the speaker the codebook gives it.

    The ladder of C5 rates a sentence by what a reader can check *in that sentence*, so "reportedly"
    inside a paragraph that began "According to Le Monde" is unattributed. The attribution rules (S1-S3)
    give most such sentences a speaker (Le Monde, Tenenbaum, Trump). Both readings, side by side, with
    statements and shares of characters; a number quoted from the ladder should say which reading it is.
    """
    counted, kinds = _on_record(ds)
    speakers = counted["speaker_id"].astype(str)
    sentence = counted["sourcing"].replace("", "(no claim)")
    attributed = [_attributed_rung(s, kinds.get(p, ""), p) if s != "(no claim)" else s for s, p in zip(sentence, speakers, strict=True)]
    chars = counted["evidence"].astype(str).str.len().to_numpy()
    order = [r for r in [*_vocabulary(ds, "sourcing"), "(no claim)"] if r in set(sentence) | set(attributed)]
    out = {}
    for name, rungs in (("its own sentence (C5)", list(sentence)), ("the codebook's attribution (S1-S3)", attributed)):
        frame = pd.DataFrame({"rung": rungs, "characters": chars}).groupby("rung").agg(statements=("characters", "size"),
                                                                                       characters=("characters", "sum"))
        frame = frame.reindex(order, fill_value=0)
        frame["share of characters"] = (frame["characters"] / frame["characters"].sum()).round(2)
        out[name] = frame[["statements", "share of characters"]]
    table = pd.concat(out, axis=1)
    table.index.name = "rung"
    return table


def telling_order(ds: Dataset, document_id: str | None = None) -> pd.DataFrame:
    """Each event where the text first tells it, against its place in time: the order of telling is not the order of events.

    Columns: ``event``, ``told at (character)``, ``told`` (rank in the text), ``happened`` (rank in
    :func:`helpers.analysis.event_order`: dates, then links), ``moved`` (told minus happened). Rows in
    the order of telling.
    """
    ev = ds.events if document_id is None else ds.events[ds.events["document_id"] == document_id]
    time_rank = {e: i for i, e in enumerate(e for e in event_order(ds.events, ds.event_links) if e in set(ev["event_id"]))}
    told = ev.sort_values("char_start", kind="stable")
    table = pd.DataFrame({"event": told["label"].astype(str).to_numpy(), "told at (character)": told["char_start"].astype(int).to_numpy(),
                          "told": range(1, len(told) + 1), "happened": [time_rank[str(e)] + 1 for e in told["event_id"]]})
    table["moved"] = table["told"] - table["happened"]
    return table
