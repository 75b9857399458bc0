"""Filtering and rendering behind the interactive explorer: plain functions, no widgets.

Statements and country positions are put in one *facts* table (one row per
fact, in article order), filtered by country or group, actor, topic, stance
and statement mode, and rendered as escaped HTML: a results table, a detail
view of one fact (its evidence highlighted in its sentence, speaker, outlet,
date, curator notes) and the stance matrix (:func:`helpers.analysis.stance_matrix`)
with the evidence behind a cell.

>>> from helpers import load_dataset
>>> ds = load_dataset()
>>> facts = facts_table(ds)
>>> russia = filter_facts(facts, Filters(country="russia", actor="dmitry_peskov"))
>>> sorted(set(russia["actor"]))
['Dmitry Peskov']
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

from helpers.analysis.counting import repeat_of
from helpers.analysis.tables import DOCUMENTS_COLUMN, document_ids, stance_matrix
from helpers.dataset.load import Dataset
from helpers.views.render import escape, evidence_in_context_html

__all__ = [
    "FACT_COLUMNS",
    "Filters",
    "cell_evidence",
    "cell_evidence_html",
    "citation",
    "detail_html",
    "fact_label",
    "facts_table",
    "filter_facts",
    "filter_options",
    "notes_for",
    "plural",
    "results_caption",
    "results_html",
    "stance_matrix_html",
]

FACT_COLUMNS = [
    "fact_id", "kind", "country_id", "country", "actor_id", "actor", "topic_id", "topic", "stance", "mode",
    "summary", "evidence", "document_id", "char_start", "char_end", "date", "date_precision", "date_basis",
    "reported_via_id", "reported_via", "response", "responds_to_id", "basis", "statement_id", "repeats_id",
]

# The table each kind of fact comes from, as a citation names it.
FACT_TABLES = {"statement": "statements", "position": "country_positions"}

# Kinds whose actor *is* a country or a group of countries.
_COUNTRY_KINDS = ("country", "country_group")


@dataclass(frozen=True)
class Filters:
    """What to keep; ``None`` means any value.

    ``country`` is the ``actor_id`` of a country or group (``"russia"``):
    statements by any actor of that country and the country's own positions.
    Setting ``mode`` keeps only statements (positions have no mode).
    ``hide_repeats`` leaves out statements that restate another one
    (``repeats_id`` set: a photo caption, a standfirst, "the Kremlin said").

    >>> Filters(topic="us_support").active()
    {'topic': 'us_support'}
    >>> Filters(hide_repeats=True).active()
    {'hide_repeats': True}
    """

    country: str | None = None
    actor: str | None = None
    topic: str | None = None
    stance: str | None = None
    mode: str | None = None
    hide_repeats: bool = False

    def active(self) -> dict[str, str | bool]:
        """The filters that are set, by name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in (None, False)}


def plural(n: int, word: str, words: str | None = None) -> str:
    """``n`` and the word, singular for exactly one.

    >>> plural(1, "fact"), plural(0, "fact"), plural(2, "repeat")
    ('1 fact', '0 facts', '2 repeats')
    """
    return f"{n} {word if n == 1 else (words or word + 's')}"


def _text(series: pd.Series) -> pd.Series:
    """A column as plain Python objects: strings, with ``None`` for missing values."""
    return series.astype("object").where(series.notna(), None)


def facts_table(ds: Dataset) -> pd.DataFrame:
    """Statements and country positions as one table of facts, in article order (document by document).

    ``country_id`` is the country actor a fact belongs to: for a statement, the
    country its speaker speaks for (``actors.speaks_for``, codebook A8: Peskov's
    words count for Russia; Le Monde's reports and an expert's analysis for no
    country), or the speaker itself when it is a country or a group; the actor
    for a position.

    >>> from helpers import load_dataset
    >>> facts = facts_table(load_dataset())
    >>> facts.loc[facts["fact_id"] == "peskov_refuted_report", ["kind", "country_id", "actor"]].values.tolist()
    [['statement', 'russia', 'Dmitry Peskov']]
    """
    actors = ds.actors.set_index("actor_id")
    names = _text(actors["name"]).to_dict()
    speaks_for = _text(actors["speaks_for"]) if "speaks_for" in actors else pd.Series(None, index=actors.index, dtype=object)
    own_country = {
        aid: (aid if kind in _COUNTRY_KINDS else state)
        for aid, kind, state in zip(actors.index, actors["kind"], speaks_for, strict=True)
    }
    topics = _text(ds.topics.set_index("topic_id")["label"]).to_dict()

    st = ds.statements
    statements = pd.DataFrame({
        "fact_id": _text(st["statement_id"]),
        "kind": "statement",
        "actor_id": _text(st["speaker_id"]),
        "mode": _text(st["mode"]),
        "date": _text(st["date"]),
        "date_precision": _text(st["date_precision"]),
        "date_basis": _text(st["date_basis"]),
        "reported_via_id": _text(st["reported_via_id"]),
        "response": _text(st["response"]),
        "responds_to_id": _text(st["responds_to_id"]),
        "basis": None,
        "statement_id": None,
        "repeats_id": _text(repeat_of(st)),  # 2.0: the utterance a non-counted rendering renders
    })
    cp = ds.country_positions
    positions = pd.DataFrame({
        "fact_id": _text(cp["position_id"]),
        "kind": "position",
        "actor_id": _text(cp["actor_id"]),
        "mode": None,
        "date": None,
        "date_precision": None,
        "date_basis": None,
        "reported_via_id": None,
        "response": None,
        "responds_to_id": None,
        "basis": _text(cp["basis"]),
        "statement_id": _text(cp["statement_id"]),
        "repeats_id": None,
    })
    for frame, source in ((statements, st), (positions, cp)):
        for col in ("topic_id", "stance", "summary", "evidence", "document_id"):
            frame[col] = _text(source[col]).to_numpy()
        for col in ("char_start", "char_end"):
            frame[col] = source[col].astype("object").where(source[col].notna(), None).to_numpy()
    facts = pd.concat([statements, positions], ignore_index=True)
    facts["country_id"] = facts["actor_id"].map(own_country)
    facts["country"] = facts["country_id"].map(names)
    facts["actor"] = facts["actor_id"].map(names)
    facts["topic"] = facts["topic_id"].map(topics)
    facts["reported_via"] = facts["reported_via_id"].map(names)
    order = facts["char_start"].map(lambda v: -1 if v is None else int(v))
    doc_rank = {str(d): i for i, d in enumerate(ds.documents["document_id"])}  # documents in file order, then article order
    in_doc = facts["document_id"].map(lambda d: doc_rank.get(d, -1) if d is not None else -1)
    facts = facts.assign(_doc=in_doc, _order=order).sort_values(["_doc", "_order", "kind"], kind="stable").drop(columns=["_doc", "_order"])
    return facts[FACT_COLUMNS].reset_index(drop=True).astype("object").where(lambda df: df.notna(), None)


def filter_facts(facts: pd.DataFrame, filters: Filters | None = None) -> pd.DataFrame:
    """The rows of :func:`facts_table` that match every filter that is set.

    >>> from helpers import load_dataset
    >>> facts = facts_table(load_dataset())
    >>> filter_facts(facts, Filters(country="germany", mode="direct_quote")).empty
    True
    >>> len(filter_facts(facts)) == len(facts)
    True
    """
    filters = filters or Filters()
    keep = pd.Series(True, index=facts.index)
    if filters.country is not None:
        keep &= facts["country_id"] == filters.country
    if filters.actor is not None:
        keep &= facts["actor_id"] == filters.actor
    if filters.topic is not None:
        keep &= facts["topic_id"] == filters.topic
    if filters.stance is not None:
        keep &= facts["stance"] == filters.stance
    if filters.mode is not None:
        keep &= facts["mode"] == filters.mode
    if filters.hide_repeats:
        keep &= facts["repeats_id"].isna()
    return facts[keep]


def filter_options(ds: Dataset, facts: pd.DataFrame | None = None) -> dict[str, list[tuple[str, str | None]]]:
    """``(label, value)`` choices for each filter, each list starting with ``("(any)", None)``.

    Only values that occur in some fact are offered; countries come before
    groups, vocabularies keep their defined order.

    >>> from helpers import load_dataset
    >>> opts = filter_options(load_dataset())
    >>> opts["country"][:3]
    [('(any)', None), ('Russia', 'russia'), ('United Kingdom', 'united_kingdom')]
    """
    facts = facts_table(ds) if facts is None else facts
    any_ = [("(any)", None)]
    actors = ds.actors
    used_countries = set(facts["country_id"].dropna())
    countries = [(str(name), str(aid)) for aid, name, kind in zip(actors["actor_id"], actors["name"], actors["kind"], strict=True)
                 if kind == "country" and aid in used_countries]
    groups = [(f"{name} (group)", str(aid)) for aid, name, kind in zip(actors["actor_id"], actors["name"], actors["kind"], strict=True)
              if kind == "country_group" and aid in used_countries]
    used_actors = set(facts["actor_id"].dropna())
    actor_opts = sorted(((str(name), str(aid)) for aid, name in zip(actors["actor_id"], actors["name"], strict=True) if aid in used_actors),
                        key=lambda pair: pair[0].casefold())
    used_topics = set(facts["topic_id"].dropna())
    topic_opts = [(str(label), str(tid)) for tid, label in zip(ds.topics["topic_id"], ds.topics["label"], strict=True) if tid in used_topics]
    used_stances, used_modes = set(facts["stance"].dropna()), set(facts["mode"].dropna())
    stance_opts = [(s, s) for s in ds.vocabulary("stance") if s in used_stances]
    mode_opts = [(m.replace("_", " "), m) for m in ds.vocabulary("mode") if m in used_modes]
    return {
        "country": any_ + countries + groups,
        "actor": any_ + actor_opts,
        "topic": any_ + topic_opts,
        "stance": any_ + stance_opts,
        "mode": any_ + mode_opts,
    }


def fact_label(row: pd.Series | dict, width: int = 70) -> str:
    """A one-line plain-text label for a fact (for a ``Select``; widgets show it as text, not HTML):
    kind marks, actor, topic, stance and mode when known, then the evidence, shortened to ``width``.

    >>> fact_label({"actor": "Dmitry Peskov", "evidence": "refuted the report", "kind": "statement"})
    'Dmitry Peskov: “refuted the report”'
    >>> fact_label({"actor": "Dmitry Peskov", "evidence": "did not correspond with reality", "kind": "statement",
    ...             "topic": "UK–France talks", "stance": "opposes", "mode": "phrase", "repeats_id": "x"})
    '[repeat] Dmitry Peskov · UK–France talks · opposes · phrase: “did not correspond with reality”'
    """
    evidence = " ".join(str(row["evidence"] or "").split())
    if len(evidence) > width:
        evidence = evidence[: width - 1].rstrip() + "…"
    prefix = "" if row["kind"] == "statement" else "[position] "
    if row.get("repeats_id"):
        prefix = "[repeat] " + prefix
    about = [str(v).replace("_", " ") for v in (row.get("topic"), row.get("stance"), row.get("mode")) if v]
    return f"{prefix}{' · '.join([str(row['actor']), *about])}: “{evidence}”"


_TABLE_STYLE = "border-collapse:collapse;font-size:0.9em"
_CELL_STYLE = "border-bottom:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top"


def results_caption(rows: pd.DataFrame, *, by_document: bool | None = None, hidden_repeats: int = 0) -> str:
    """One line saying what the results hold: facts, statements, positions, repeats, documents.

    Repeats shown are counted and marked; ``hidden_repeats`` says how many a filter left out.

    >>> from helpers import load_dataset
    >>> facts = facts_table(load_dataset())
    >>> results_caption(facts[facts["fact_id"] == "peskov_no_unanimity"])
    '1 fact: 1 statement, 0 positions'
    """
    n_st = int((rows["kind"] == "statement").sum())
    caption = f"{plural(len(rows), 'fact')}: {plural(n_st, 'statement')}, {plural(len(rows) - n_st, 'position')}"
    n_rep = int(rows["repeats_id"].notna().sum())
    if n_rep:
        caption += f" ({plural(n_rep, 'statement')} marked [repeat] restate{'s' if n_rep == 1 else ''} another)"
    if hidden_repeats:
        caption += f"; {plural(hidden_repeats, 'repeat')} hidden"
    docs = sorted({str(d) for d in rows["document_id"] if d is not None})
    if (len(docs) > 1) if by_document is None else by_document:
        caption += f", from {plural(len(docs), 'document')} ({', '.join(docs)})"
    return caption


def results_html(rows: pd.DataFrame, *, selected: str | None = None, by_document: bool | None = None) -> str:
    """The facts as an HTML table, every value escaped; the ``selected`` fact's row is bold,
    a statement that repeats another is marked in the "Repeats" column.

    With ``by_document`` (default: when the rows come from several documents)
    the caption names the documents and a last column each fact's document.

    >>> from helpers import load_dataset
    >>> results_html(facts_table(load_dataset()).head(0))
    '<p class="explorer-empty">No fact matches these filters.</p>'
    """
    if rows.empty:
        return '<p class="explorer-empty">No fact matches these filters.</p>'
    caption = results_caption(rows, by_document=by_document)
    heads = ["#", "Kind", "Speaker / actor", "Country", "Topic", "Stance", "Mode", "Evidence", "Repeats"]
    docs = sorted({str(d) for d in rows["document_id"] if d is not None})
    several = len(docs) > 1 if by_document is None else by_document
    if several:
        heads.append("Document")
    out = [f'<div style="line-height:1.4"><table class="explorer-results" style="{_TABLE_STYLE}">',
           f'<caption style="text-align:left">{escape(caption)}</caption>',
           "<thead><tr>" + "".join(f'<th style="{_CELL_STYLE}">{h}</th>' for h in heads) + "</tr></thead><tbody>"]
    for i, row in enumerate(rows.itertuples(index=False), start=1):
        highlight = "font-weight:bold;background:#fff8d0" if selected is not None and row.fact_id == selected else ""
        cells = [str(i), row.kind, row.actor, row.country, row.topic, row.stance, (row.mode or "").replace("_", " "), row.evidence,
                 f"[repeat] of {row.repeats_id}" if row.repeats_id else ""]
        if several:
            cells.append(row.document_id)
        out.append(f'<tr data-fact-id="{escape(row.fact_id)}" style="{highlight}">'
                   + "".join(f'<td style="{_CELL_STYLE}">{escape(c)}</td>' for c in cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def citation(ds: Dataset, fact: pd.Series | dict) -> str:
    """How to cite a fact, in the form the manual gives (docs/manual/data.md): table/id, document, characters, evidence, dataset version.

    The characters are Python ``str`` offsets, end exclusive, so anyone can check
    ``ds.text(document)[start:end] == evidence``.

    >>> from helpers import load_dataset
    >>> ds = load_dataset()
    >>> fact = facts_table(ds).set_index("fact_id", drop=False).loc["peskov_no_unanimity"]
    >>> citation(ds, fact) == (f'statements/`peskov_no_unanimity`, document `000_212c296293ee434c`, characters '
    ...     f'{fact["char_start"]}–{fact["char_end"]} ("{fact["evidence"]}"), dataset v{ds.version}.')
    True
    """
    table = FACT_TABLES[fact["kind"]]
    where = ""
    if fact["document_id"] is not None:
        where += f", document `{fact['document_id']}`"
    if fact["char_start"] is not None and not pd.isna(fact["char_start"]):
        where += f", characters {int(fact['char_start'])}–{int(fact['char_end'])}"
    quoted = f' ("{fact["evidence"]}")' if fact["evidence"] else ""
    return f"{table}/`{fact['fact_id']}`{where}{quoted}, dataset v{ds.version}."


def notes_for(ds: Dataset, fact: pd.Series | dict) -> pd.DataFrame:
    """Curator notes about a fact: on the fact itself, on a position's backing
    statement, on its speaker or actor, and notes whose evidence overlaps its
    evidence. Adds a column ``about`` saying why each note is shown.

    >>> from helpers import load_dataset
    >>> facts = facts_table(load_dataset())
    >>> fact = facts.set_index("fact_id", drop=False).loc["ambassador_directly_involved"]
    >>> "actor: Russian ambassador (unnamed)" in set(notes_for(load_dataset(), fact)["about"])
    True
    """
    notes = ds.curator_notes
    table = "statements" if fact["kind"] == "statement" else "country_positions"
    reasons: dict[str, str] = {}

    def add(mask: pd.Series, why: str) -> None:
        for note_id in notes.loc[mask.fillna(False).astype(bool), "note_id"]:
            reasons.setdefault(str(note_id), why)

    target_table, target_id = notes["target_table"].astype("object"), notes["target_id"].astype("object")
    add((target_table == table) & (target_id == fact["fact_id"]), f"this {fact['kind']}")
    if fact.get("statement_id"):
        add((target_table == "statements") & (target_id == fact["statement_id"]), f"backing statement {fact['statement_id']}")
    add((target_table == "actors") & (target_id == fact["actor_id"]), f"actor: {fact['actor']}")
    if fact.get("char_start") is not None and not pd.isna(fact.get("char_start")) and fact.get("document_id") is not None:
        overlap = ((notes["document_id"].astype("object") == fact["document_id"])
                   & (notes["char_start"] < fact["char_end"]) & (notes["char_end"] > fact["char_start"]))
        add(overlap, "overlapping text")
    picked = notes[notes["note_id"].astype("object").isin(list(reasons))]
    return picked.assign(about=picked["note_id"].astype("object").map(reasons))


def _fields_html(items: list[tuple[str, str]]) -> str:
    """A two-column table of field names and values; values are already-escaped HTML."""
    rows = "".join(f'<tr><th style="{_CELL_STYLE};width:8em">{escape(k)}</th><td style="{_CELL_STYLE}">{v or "—"}</td></tr>'
                   for k, v in items)
    return f'<table class="explorer-fields" style="{_TABLE_STYLE}"><tbody>{rows}</tbody></table>'


def _repeats_html(ds: Dataset, fact: pd.Series | dict) -> str:
    """What a statement repeats, or which statements repeat it, as escaped HTML."""
    if fact.get("repeats_id"):
        return (f"[repeat] renders utterance <code>{escape(fact['repeats_id'])}</code>; it is left out of counts "
                "so that the utterance counts once")
    repeats = repeat_of(ds.statements).astype("object")
    by = [str(i) for i in ds.statements.loc[(repeats == fact["fact_id"]).fillna(False).to_numpy(), "statement_id"]]
    if by:
        return "the canonical statement; restated by " + ", ".join(f"<code>{escape(i)}</code>" for i in by)
    return "none: no other statement restates it"


def tentative_html(ds: Dataset, table: str, *fields: str) -> str:
    """A marker for a label whose variable is tentative (alpha below 0.8 in the blind double coding), or ''.

    >>> from helpers import load_dataset
    >>> ds = load_dataset()
    >>> tentative_html(ds, "statements", "mode")
    ''
    """
    marks = [(f, ds.tentative(table, f)) for f in fields]
    marks = [(f, m) for f, m in marks if m]
    if not marks:
        return ""
    alphas = ", ".join(f"{f} α = {m['alpha']:.2f}" for f, m in marks)
    why = escape(f"Tentative label: {alphas} in the blind double coding (below 0.8; CODEBOOK.md §9)")
    return f' <span class="explorer-tentative" title="{why}" style="font-style:italic;color:#8a4b08">(tentative: {escape(alphas)})</span>'


def detail_html(ds: Dataset, fact: pd.Series | dict | None) -> str:
    """The detail view of one fact as escaped HTML: its evidence marked inside
    its sentence, who said it, through which outlet, when, what it repeats or
    what repeats it, its document and characters, how to cite it, and curator notes.

    >>> from helpers import load_dataset
    >>> ds = load_dataset()
    >>> fact = facts_table(ds).set_index("fact_id", drop=False).loc["peskov_refuted_report"]
    >>> "<mark>Kremlin spokesman Dmitry Peskov refuted the report</mark>" in detail_html(ds, fact)
    True
    >>> detail_html(ds, None)
    '<p class="explorer-empty">Select a fact to see its evidence.</p>'
    """
    if fact is None:
        return '<p class="explorer-empty">Select a fact to see its evidence.</p>'
    stance_defs = ds.vocabulary("stance")
    if fact["document_id"] is not None and fact["char_start"] is not None and not pd.isna(fact["char_start"]):
        quote = evidence_in_context_html(ds.text(fact["document_id"]), int(fact["char_start"]), int(fact["char_end"]))
    elif fact["evidence"] is None or pd.isna(fact["evidence"]):  # a rendering whose words an excerpt does not keep
        quote = '<p class="explorer-empty">The excerpt keeps no words of this rendering; its summary says what the page says.</p>'
    else:
        quote = escape(fact["evidence"])
    docs = ds.documents.set_index("document_id")
    if fact["document_id"] in docs.index:
        doc = docs.loc[fact["document_id"]]
        names = dict(zip(ds.actors["actor_id"].astype(str), ds.actors["name"].astype(str), strict=True))
        outlet_id = doc.get("outlet_id", doc.get("outlet"))
        outlet = escape(names.get(str(outlet_id), str(outlet_id))) if pd.notna(outlet_id) else "outlet not named in the text"
        source = f"{escape(doc['title'])} ({outlet}, {escape(doc['published'])})"
    else:
        source = ""
    stance = f'<span title="{escape(stance_defs.get(fact["stance"], ""))}">{escape(fact["stance"])}</span>'
    if fact["kind"] == "statement":
        date = escape(fact["date"]) if fact["date"] else "not stated"
        if fact["date"]:
            date += f" ({escape(fact['date_precision'])}, {escape(fact['date_basis'])})"
            date += tentative_html(ds, "statements", "date", "date_precision", "date_basis")
        items = [
            ("Speaker", escape(fact["actor"])),
            ("Reported via", escape(fact["reported_via"]) if fact["reported_via"] else "the article itself"),
            ("Date", date),
            ("Topic", escape(fact["topic"])),
            ("Stance", stance + tentative_html(ds, "statements", "stance")),
            ("Mode", escape((fact["mode"] or "").replace("_", " ")) + tentative_html(ds, "statements", "mode")),
        ]
        if fact["responds_to_id"]:
            items.append(("Responds to", f"{escape(fact['response'])} <code>{escape(fact['responds_to_id'])}</code>"))
    else:
        items = [
            ("Country", escape(fact["actor"])),
            ("Topic", escape(fact["topic"])),
            ("Stance", stance + tentative_html(ds, "country_positions", "stance")),
            ("Basis", escape(fact["basis"]) + tentative_html(ds, "country_positions", "basis")),
            ("Statement", f"<code>{escape(fact['statement_id'])}</code>" if fact["statement_id"] else ""),
        ]
    items += [("Summary", escape(fact["summary"])), ("Source", source)]
    if fact["kind"] == "statement":
        items.append(("Repeats", _repeats_html(ds, fact)))
    items += [
        ("Document", f"<code>{escape(fact['document_id'])}</code>" if fact["document_id"] else ""),
        ("Characters", f"{int(fact['char_start'])}–{int(fact['char_end'])} (end exclusive)"
         if fact["char_start"] is not None and not pd.isna(fact["char_start"]) else ""),
        ("Cite as", f'<span class="explorer-citation">{escape(citation(ds, fact))}</span>'),
    ]
    notes = notes_for(ds, fact)
    if notes.empty:
        notes_part = '<p class="explorer-notes">No curator note.</p>'
    else:
        lis = "".join(f"<li><b>{escape(n.kind)}</b> <i>({escape(n.about)})</i>: {escape(n.note)}</li>" for n in notes.itertuples())
        notes_part = f'<p style="margin-bottom:0">Curator notes:</p><ul class="explorer-notes">{lis}</ul>'
    title = f"{fact['kind'].capitalize()} <code>{escape(fact['fact_id'])}</code>"
    return (f'<div class="explorer-detail" style="line-height:1.4"><div style="font-weight:bold">{title}</div>'
            f'<blockquote class="explorer-evidence" style="border-left:3px solid #ccc;margin:0.4em 0;padding-left:0.6em">{quote}</blockquote>'
            f"{_fields_html(items)}{notes_part}</div>")


def cell_evidence(ds: Dataset, country: str, topic: str, facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The facts behind one cell of the stance matrix: the positions of
    ``country`` (actor id) on ``topic`` (topic id), then their backing statements.

    >>> from helpers import load_dataset
    >>> cell = cell_evidence(load_dataset(), "russia", "uk_france_talks")
    >>> cell[["kind", "fact_id"]].values.tolist()
    [['position', 'russia_uk_france_talks'], ['statement', 'kremlin_dismissed_claims']]
    """
    facts = facts_table(ds) if facts is None else facts
    positions = facts[(facts["kind"] == "position") & (facts["actor_id"] == country) & (facts["topic_id"] == topic)]
    backing = facts[(facts["kind"] == "statement") & facts["fact_id"].isin(set(positions["statement_id"].dropna()))]
    return pd.concat([positions, backing])


def cell_evidence_html(ds: Dataset, country: str | None, topic: str | None, facts: pd.DataFrame | None = None) -> str:
    """The drill-down of one stance-matrix cell as escaped HTML: each fact's detail view.

    >>> from helpers import load_dataset
    >>> html = cell_evidence_html(load_dataset(), "france", "peace_settlement")
    >>> "No position" in html
    True
    """
    if country is None or topic is None:
        return '<p class="explorer-empty">Choose a country and a topic.</p>'
    rows = cell_evidence(ds, country, topic, facts)
    if rows.empty:
        actor = ds.actors.loc[ds.actors["actor_id"] == country, "name"]
        topic_label = ds.topics.loc[ds.topics["topic_id"] == topic, "label"]
        who = escape(actor.iloc[0]) if len(actor) else escape(country)
        what = escape(topic_label.iloc[0]) if len(topic_label) else escape(topic)
        return f'<p class="explorer-empty">No position recorded for {who} on {what}.</p>'
    return '<hr style="margin:0.6em 0">'.join(detail_html(ds, row) for _, row in rows.iterrows())


def stance_matrix_html(ds: Dataset, *, selected: tuple[str | None, str | None] = (None, None)) -> str:
    """The stance matrix as an escaped HTML table; the ``(country, topic)`` ids in ``selected`` are outlined.

    One column per topic; when the positions come from several documents a
    caption names them (the ``documents`` column of
    :func:`helpers.analysis.stance_matrix` is not shown as a topic).

    >>> from helpers import load_dataset
    >>> "<td" in stance_matrix_html(load_dataset(), selected=("russia", "uk_france_talks"))
    True
    """
    grid = stance_matrix(ds.country_positions, ds.actors, ds.topics).drop(columns=DOCUMENTS_COLUMN, errors="ignore")
    docs = document_ids(ds.country_positions)
    # the grid's rows and columns by id (its order: actors' file order, topics' order): names and labels may repeat
    row_ids = [a for a in ds.actors["actor_id"] if a in set(ds.country_positions["actor_id"])]
    col_ids = [t for t in ds.topics["topic_id"] if t in set(ds.country_positions["topic_id"])]
    head = "".join(f'<th style="{_CELL_STYLE}">{escape(c)}</th>' for c in grid.columns)
    out = [f'<div style="line-height:1.4"><table class="explorer-matrix" style="{_TABLE_STYLE}">']
    if len(docs) > 1:  # the documents go in a caption, never in a column that would read as a topic
        caption = f"Positions from {len(docs)} documents ({', '.join(docs)})"
        out.append(f'<caption style="text-align:left">{escape(caption)}</caption>')
    out.append(f'<thead><tr><th style="{_CELL_STYLE}"></th>{head}</tr></thead><tbody>')
    for country_id, (country, row) in zip(row_ids, grid.iterrows(), strict=True):
        cells = []
        for topic_id, value in zip(col_ids, row.to_numpy(), strict=True):
            outline = "outline:2px solid #d33;" if (country_id, topic_id) == tuple(selected) else ""
            cells.append(f'<td style="{outline}{_CELL_STYLE}">{escape(value)}</td>')
        out.append(f'<tr><th style="{_CELL_STYLE}">{escape(country)}</th>{"".join(cells)}</tr>')
    out.append("</tbody></table>")
    tentative = tentative_html(ds, "country_positions", "stance", "basis")
    if tentative:  # every cell rests on these two labels: say once, under the matrix, that they are tentative
        out.append(f'<p class="explorer-tentative-note" style="margin:0.3em 0">Stances and bases are{tentative}.</p>')
    out.append("</div>")
    return "".join(out)
