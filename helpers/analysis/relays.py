"""How the Kremlin's reply travelled: the comparative corpus as renderings, relays and times (issue 21).

Every function is a pure function of the dataset (``documents``, ``statements``, ``actors``) and
returns a DataFrame in a fixed order. Counts of what was said go through
:func:`helpers.analysis.counting.count_utterances` (codebook U3): a document that renders the reply
five times counts it once.

*How a document renders the reply* is read from its renderings' ``response`` (codebook Q2): ``denies``
is a **denial** (the report is false, "not in line with reality"), ``disputes`` is **doubt** (not known
how far it corresponds to reality), no response is **neither** (a headline that makes the reply a
warning). A document whose renderings give both says ``both`` (mosaic.news: "dismissed" in its lead,
"we do not know to what extent" in its quotation).

*Source family* of a document, from the relay columns and the actors (no reading of the renderings):
``Russian state source`` when the page's outlet, or the source it relays, is a Russian state agency
or outlet (``outlet_nature`` state_controlled, ``country_iso3`` RUS) or a state-media aggregator; ``Le Monde``
for Le Monde's own text; ``relays Le Monde`` for a page that relays Le Monde; otherwise
``no source credited``, split by language (``English``, ``other language``). A document that relays
another document of the corpus takes that document's family (the article takes its English-language
copy's).

>>> import pandas as pd
>>> as_rendered(pd.Series(["denies", "disputes", None]))
['denial', 'doubt', 'neither']
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from helpers.analysis.counting import count_utterances

__all__ = [
    "ARTICLE",
    "FAMILIES",
    "HOTHEADS",
    "LEMONDE",
    "REPLY",
    "as_rendered",
    "document_times",
    "family_summary",
    "outlet_table",
    "relay_edges",
    "relay_tree",
    "reply_by_document",
    "reply_renderings",
    "searches_summary",
    "shifts",
    "source_family",
]

ARTICLE = "000_212c296293ee434c"
REPLY = "peskov_refuted_report"  # "we do not know to what extent these reports correspond to reality"
HOTHEADS = "peskov_no_unanimity"  # capitals, counter-arguments, no unanimity, "some hotheads appear"
LEMONDE = "lemonde_report_revived_talks"
FAMILIES = ("Russian state source", "no source credited (other language)", "no source credited (English)", "Le Monde",
            "relays Le Monde")
_RENDERED = {"denies": "denial", "disputes": "doubt"}
_QUOTES = ("'", "‘", "“", "«", '"')


def as_rendered(responses: pd.Series) -> list[str]:
    """``denial`` / ``doubt`` / ``neither`` for each rendering's response (codebook Q2)."""
    return [_RENDERED.get(r, "neither") if isinstance(r, str) else "neither" for r in responses]


def _s(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA else str(value)


def _actors(ds) -> dict[str, dict[str, str]]:
    return {_s(a["actor_id"]): {k: _s(v) for k, v in a.items()} for a in ds.actors.to_dict("records")}


def _documents(ds) -> dict[str, dict[str, str]]:
    return {_s(d["document_id"]): {k: _s(v) for k, v in d.items()} for d in ds.documents.to_dict("records")}


def _outlet_name(doc: dict[str, str], actors: dict[str, dict[str, str]]) -> str:
    if doc["document_id"] == ARTICLE:
        return "the article"
    return actors.get(doc.get("outlet_id", ""), {}).get("name", "") or doc["document_id"]


def _labels(ds) -> dict[str, str]:
    """A short label per document: its outlet's name before any parenthesis, with the page's number where one outlet has several."""
    actors, docs = _actors(ds), _documents(ds)
    names = {d: _outlet_name(row, actors).split(" (")[0] for d, row in docs.items()}
    shared = {n for n in names.values() if list(names.values()).count(n) > 1}
    return {d: f"{n} {(docs[d].get('url', '').rstrip('/').rsplit('/', 1)[-1].split('.')[0] or d)}" if n in shared else n
            for d, n in names.items()}


def source_family(ds) -> pd.Series:
    """Each document's source family (see the module's note), indexed by document id, in file order."""
    actors, docs = _actors(ds), _documents(ds)

    def russian(actor_id: str) -> bool:
        a = actors.get(actor_id, {})
        nature = a.get("outlet_nature", "")
        return nature == "state_media_aggregator" or (nature == "state_controlled" and a.get("country_iso3") == "RUS")

    def family(doc_id: str, seen: tuple[str, ...] = ()) -> str:
        d = docs[doc_id]
        parent = d.get("relays_document_id", "")
        if parent and parent in docs and parent not in seen:
            return family(parent, (*seen, doc_id))
        if d.get("outlet_id") == "le_monde":
            return "Le Monde"
        if russian(d.get("outlet_id", "")) or russian(d.get("relays_actor_id", "")):
            return "Russian state source"
        if d.get("relays_actor_id") == "le_monde":
            return "relays Le Monde"
        english = d.get("language", "").split("-")[0] == "en"
        return f"no source credited ({'English' if english else 'other language'})"

    return pd.Series({d: family(d) for d in docs}, name="family")


def _time(doc: dict[str, str]) -> tuple[pd.Timestamp | None, str]:
    """A sortable time of publication and what it rests on: UTC when the offset is known, else the clock time shown."""
    day, clock = doc.get("published", ""), doc.get("published_time", "")
    if not day or doc.get("date_precision") != "day":
        return None, "no day" if not day else f"{doc.get('date_precision')} only"
    if not clock:
        return pd.Timestamp(day), "day only"
    hhmm, offset = clock[:5], clock[5:]
    if offset:
        return (pd.Timestamp(f"{day}T{hhmm}{offset}").tz_convert("UTC").tz_localize(None),
                "UTC (offset known)" if doc.get("published_basis") != "inferred" else "UTC (inferred)")
    return pd.Timestamp(f"{day}T{hhmm}"), "clock shown, no time zone"


def document_times(ds) -> pd.DataFrame:
    """Every excerpt document and the article with its time of publication as far as the data gives it, earliest first.

    ``label`` is a short name for figures (the outlet, with the page's number where one outlet has several).
    ``time`` is a naive timestamp: UTC where the offset is known, the page's own clock where it shows no
    time zone (``time basis`` says which; the two are not strictly comparable), midnight of the day where
    only the day is known, empty where no day is known. Undated documents come last, in file order.
    """
    actors, family, labels = _actors(ds), source_family(ds), _labels(ds)
    rows = []
    for i, (doc_id, d) in enumerate(_documents(ds).items()):
        when, basis = _time(d)
        rows.append({"document_id": doc_id, "outlet": _outlet_name(d, actors), "label": labels[doc_id], "language": d.get("language", ""),
                     "family": family[doc_id], "published": d.get("published", ""), "published_time": d.get("published_time", ""),
                     "published_basis": d.get("published_basis", ""), "time": when, "time basis": basis, "_order": i})
    table = pd.DataFrame(rows)
    table["_dated"] = table["time"].notna()
    table = table.sort_values(["_dated", "time", "_order"], ascending=[False, True, True], kind="stable")
    return table.drop(columns=["_order", "_dated"]).reset_index(drop=True)


def reply_renderings(ds, utterances: Sequence[str] = (REPLY,)) -> pd.DataFrame:
    """Every rendering of the given utterances (default: the reply) with its document's outlet, family, language and time.

    ``rendered as`` is denial / doubt / neither (codebook Q2); ``line`` is the line of the document's text the
    rendering starts in (1 = the first line: the headline where the excerpt keeps it). Documents in
    :func:`document_times` order, renderings in text order.
    """
    times = document_times(ds).set_index("document_id")
    st = ds.statements[ds.statements["utterance_id"].astype(str).isin(list(utterances))].copy()
    st["char_start"] = pd.to_numeric(st["char_start"], errors="coerce")
    lines = []
    for doc, start in zip(st["document_id"].astype(str), st["char_start"], strict=True):
        lines.append(ds.text(doc)[: int(start)].count("\n") + 1 if pd.notna(start) else pd.NA)
    out = pd.DataFrame({
        "document_id": st["document_id"].astype(str).to_numpy(),
        "outlet": [times.loc[d, "outlet"] for d in st["document_id"].astype(str)],
        "label": [times.loc[d, "label"] for d in st["document_id"].astype(str)],
        "family": [times.loc[d, "family"] for d in st["document_id"].astype(str)],
        "language": [times.loc[d, "language"] for d in st["document_id"].astype(str)],
        "statement_id": st["statement_id"].astype(str).to_numpy(),
        "utterance_id": st["utterance_id"].astype(str).to_numpy(),
        "speaker_id": st["speaker_id"].map(_s).to_numpy(),
        "mode": st["mode"].map(_s).to_numpy(),
        "verb": st["rendering_verb"].map(_s).to_numpy(),
        "response": st["response"].map(_s).to_numpy(),
        "rendered as": as_rendered(st["response"].map(lambda r: _s(r) or None)),
        "relation": st["relation"].map(_s).to_numpy(),
        "line": lines,
        "char_start": st["char_start"].to_numpy(),
        "words": st["evidence"].map(_s).to_numpy(),
    })
    order = {d: i for i, d in enumerate(times.index)}
    out["_doc"] = out["document_id"].map(order)
    return out.sort_values(["_doc", "char_start"], kind="stable").drop(columns="_doc").reset_index(drop=True)


def reply_by_document(ds, utterance: str = REPLY) -> pd.DataFrame:
    """Per document that renders ``utterance``: how (denial, doubt, both, neither), with which verbs, where first.

    ``utterances as denial`` / ``as doubt`` count the utterance once per document whatever the number of
    renderings (the counting helper); ``renderings`` gives the rows. ``first rendered as`` is what the
    reader meets first (the earliest rendering in the text). Documents in time order.
    """
    r = reply_renderings(ds, (utterance,))
    rows = []
    for doc, g in r.groupby("document_id", sort=False):
        by = count_utterances(g, by="rendered as")
        denial, doubt = int(by.get("denial", 0)), int(by.get("doubt", 0))
        how = "both" if denial and doubt else "denial" if denial else "doubt" if doubt else "neither"
        first = g.iloc[0]
        rows.append({"document_id": doc, "outlet": first["label"], "family": first["family"], "language": first["language"],
                     "renders the reply as": how, "utterances as denial": denial, "utterances as doubt": doubt,
                     "renderings": len(g), "verbs": ", ".join(dict.fromkeys(v for v in g["verb"] if v)),
                     "first rendered as": first["rendered as"], "first words": first["words"]})
    return pd.DataFrame(rows)


def family_summary(ds, utterance: str = REPLY) -> pd.DataFrame:
    """Per source family: the documents that render the reply, and how many render it as denial, doubt, both or neither.

    Each document counts once (its renderings are one utterance, counted by the counting helper in
    :func:`reply_by_document`). Families in :data:`FAMILIES` order.
    """
    by_doc = reply_by_document(ds, utterance)
    table = pd.crosstab(by_doc["family"], by_doc["renders the reply as"])
    table = table.reindex(index=[f for f in FAMILIES if f in table.index],
                          columns=["denial", "both", "doubt", "neither"], fill_value=0).astype(int)
    table.insert(0, "documents", table.sum(axis=1))
    table.columns.name = "renders the reply as"
    return table


def outlet_table(ds, utterance: str = REPLY) -> pd.DataFrame:
    """The per-outlet table of how the reply was rendered: time, family, how, verbs, and the closest words to the reply.

    ``quoted words`` are the rendering the document quotes (a direct quote or a quoted phrase), else its first rendering.
    """
    times = document_times(ds).set_index("document_id")
    by_doc = reply_by_document(ds, utterance)
    r = reply_renderings(ds, (utterance,))
    quoted = {}
    for doc, g in r.groupby("document_id", sort=False):
        q = g[g["mode"].isin(["direct_quote", "phrase"])]
        quoted[doc] = (q.iloc[0] if len(q) else g.iloc[0])["words"]
    when = []
    for doc in by_doc["document_id"]:
        t, basis = times.loc[doc, "time"], times.loc[doc, "time basis"]
        when.append("" if pd.isna(t) else f"{t:%Y-%m-%d}" if basis == "day only" else f"{t:%Y-%m-%d}, {t:%H:%M} ({basis})")
    return pd.DataFrame({
        "outlet": by_doc["outlet"], "document_id": by_doc["document_id"], "language": by_doc["language"],
        "family": by_doc["family"], "published": when, "renders the reply as": by_doc["renders the reply as"],
        "verbs": by_doc["verbs"], "quoted words": [quoted[d] for d in by_doc["document_id"]],
    })


def relay_edges(ds) -> pd.DataFrame:
    """Who relays whom: one row per document with a relay, the relayed node (a document or an agency) and the basis.

    ``credited`` is true when the basis gives the page's own words naming the source (it starts with a
    quotation mark), false when the relay is inferred (identical wording, a shared translation).
    """
    actors, docs = _actors(ds), _documents(ds)
    rows = []
    for doc_id, d in docs.items():
        parent_doc, parent_actor = d.get("relays_document_id", ""), d.get("relays_actor_id", "")
        if not (parent_doc or parent_actor):
            continue
        parent = parent_doc or parent_actor
        label = _outlet_name(docs[parent_doc], actors) if parent_doc in docs else actors.get(parent_actor, {}).get("name", parent_actor)
        basis = d.get("relay_basis", "")
        rows.append({"document_id": doc_id, "outlet": _outlet_name(d, actors), "relays": parent, "relays (name)": label,
                     "relays a document": bool(parent_doc), "credited": basis.startswith(_QUOTES), "basis": basis})
    return pd.DataFrame(rows, columns=["document_id", "outlet", "relays", "relays (name)", "relays a document", "credited", "basis"])


def relay_tree(ds, utterances: Sequence[str] = (REPLY, HOTHEADS, LEMONDE)) -> pd.DataFrame:
    """The relay forest of the documents that render ``utterances``: one row per node, parents before children.

    A root is an agency or outlet relayed (TASS, RIA Novosti, Le Monde) or a document that names no source;
    ``depth`` counts hops from the root. Each document node says how it renders the reply (or ``(report only)``).
    """
    actors, docs, labels = _actors(ds), _documents(ds), _labels(ds)
    rendering = ds.statements[ds.statements["utterance_id"].astype(str).isin(list(utterances))]["document_id"].astype(str)
    keep = list(dict.fromkeys(d for d in docs if d in set(rendering)))
    how = reply_by_document(ds).set_index("document_id")["renders the reply as"].to_dict()
    hotheads = set(ds.statements.loc[ds.statements["utterance_id"].astype(str) == HOTHEADS, "document_id"].astype(str))
    for d in keep:
        how.setdefault(d, "(hotheads remarks only)" if d in hotheads else "(report only)")
    parent_of = {d: docs[d].get("relays_document_id") or docs[d].get("relays_actor_id") or "" for d in keep}
    nodes: dict[str, dict] = {}

    def add(node: str) -> None:
        if node in nodes or not node:
            return
        parent = parent_of.get(node, "")
        if node in docs and parent and parent in docs:
            parent_of.setdefault(parent, docs[parent].get("relays_document_id") or docs[parent].get("relays_actor_id") or "")
        add(parent)
        depth = nodes[parent]["depth"] + 1 if parent else 0
        if node in docs:
            label, kind, rendered = labels[node], "document", how.get(node, "")
        else:
            label, kind, rendered = actors.get(node, {}).get("name", node), "source not in the corpus", ""
        nodes[node] = {"node": node, "label": label, "kind": kind, "parent": parent, "depth": depth, "renders the reply as": rendered}

    for d in keep:
        add(d)
    table = pd.DataFrame(list(nodes.values()))
    roots = list(dict.fromkeys(n for n in table["node"] if not nodes[n]["parent"]))

    def walk(node: str) -> list[str]:
        children = [n for n in table["node"] if nodes[n]["parent"] == node]
        return [node, *[x for c in children for x in walk(c)]]

    order = [n for root in roots for n in walk(root)]
    return table.set_index("node").loc[order].reset_index()


def shifts(ds) -> pd.DataFrame:
    """Where doubt becomes denial: inside a document (a denial in its headline or lead above a quotation that is doubt),
    and along a relay link (the relayed document renders doubt, the relaying one denial).

    One row per place found, with the words on each side.
    """
    r = reply_renderings(ds)
    rows = []
    for doc, g in r.groupby("document_id", sort=False):
        denial, doubt = g[g["rendered as"] == "denial"], g[g["rendered as"] == "doubt"]
        if len(denial) and len(doubt):
            rows.append({"where": "inside a document", "document_id": doc, "outlet": g.iloc[0]["outlet"],
                         "doubt": doubt.iloc[0]["words"], "denial": denial.iloc[0]["words"],
                         "how": f"denial ('{denial.iloc[0]['verb']}', line {denial.iloc[0]['line']}) over doubt "
                                f"('{doubt.iloc[0]['verb']}', line {doubt.iloc[0]['line']})"})
    how = reply_by_document(ds).set_index("document_id")
    edges = relay_edges(ds)
    for _, e in edges[edges["relays a document"]].iterrows():
        child, parent = e["document_id"], e["relays"]
        if child in how.index and parent in how.index and how.loc[parent, "renders the reply as"] == "doubt" \
                and how.loc[child, "renders the reply as"] in ("denial", "both"):
            rows.append({"where": "along a relay", "document_id": child, "outlet": e["outlet"],
                         "doubt": how.loc[parent, "first words"], "denial": how.loc[child, "first words"],
                         "how": f"relays {parent} ({e['basis'][:60]})"})
    return pd.DataFrame(rows, columns=["where", "document_id", "outlet", "doubt", "denial", "how"])


def searches_summary(ds) -> pd.DataFrame:
    """The searches made (``searches``): queries per thing sought and language, and how many returned a page of the corpus."""
    s = ds.searches
    found = s["returned_corpus_page"].map(lambda v: str(v).lower() in ("true", "1"))
    table = (s.assign(found=found).groupby(["sought", "language"], sort=True)
             .agg(queries=("search_id", "size"), **{"returned a corpus page": ("found", "sum")}))
    return table.astype(int).reset_index()
