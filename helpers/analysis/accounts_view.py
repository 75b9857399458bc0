"""The 1.1 ``accounts`` table as a view of the 2.0 tables (comparisons, renderings, documents, actors, utterances).

Data 2.0 has no ``accounts`` table: another outlet's report is a rendering in an excerpt document,
and "how the article's rendering stands to it" is a row of ``comparisons``. Notebooks and users
who want the 1.1 shape get it here, one row per comparison plus one ``no_other_account`` row per
rendering of an utterance whose search found nothing.

>>> from helpers import load_dataset
>>> view = accounts_view(load_dataset())
>>> {"account_id", "statement_id", "relation", "outlet", "says", "quoted"} <= set(view.columns)
True
"""

from __future__ import annotations

import pandas as pd

__all__ = ["ACCOUNT_COLUMNS", "NO_ACCOUNT", "accounts_view", "is_excerpt", "main_documents"]

NO_ACCOUNT = "no_other_account"
#: The 1.1 columns, in the 1.1 order.
ACCOUNT_COLUMNS = ("account_id", "statement_id", "relation", "outlet", "outlet_nature", "relays", "directness", "url",
                   "language", "date", "date_precision", "says", "quoted", "supported_response", "supported_stance",
                   "searched", "note", "document_id", "evidence", "char_start", "char_end")


def is_excerpt(documents: pd.DataFrame) -> pd.Series:
    """Whether each document keeps only passages (``excerpt`` true); a package without the column has none."""
    if "excerpt" not in documents.columns:
        return pd.Series(False, index=documents.index)
    return documents["excerpt"].astype("boolean").fillna(False).astype(bool)


def main_documents(ds) -> list[str]:
    """The documents that are not excerpts (for the shipped package: the article), in file order."""
    docs = ds.documents
    return docs.loc[~is_excerpt(docs), "document_id"].astype(str).tolist()


def _text(value) -> object:
    return pd.NA if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def accounts_view(ds) -> pd.DataFrame:
    """One row per comparison (and per unsearched-for rendering), with the 1.1 ``accounts`` columns."""
    extra = getattr(ds, "extra", {})
    if "accounts" in extra:  # a 1.1 package
        return extra["accounts"]
    statements = ds.statements.set_index(ds.statements["statement_id"].astype(str))
    documents = ds.documents.set_index(ds.documents["document_id"].astype(str))
    names = dict(zip(ds.actors["actor_id"].astype(str), ds.actors["name"].astype(str), strict=True))
    natures = dict(zip(ds.actors["actor_id"].astype(str), ds.actors.get("outlet_nature", pd.Series(pd.NA, index=ds.actors.index)), strict=True))
    comparisons = extra.get("comparisons", pd.DataFrame(columns=["comparison_id", "statement_id", "other_statement_id", "relation", "note"]))
    utterances = getattr(ds, "utterances", None)
    if utterances is None or "search_result" not in utterances.columns:
        utterances = pd.DataFrame(columns=["utterance_id", "searched", "search_result", "note"])
    rows = []
    for cmp in comparisons.itertuples(index=False):
        article = statements.loc[str(cmp.statement_id)]
        other = statements.loc[str(cmp.other_statement_id)]
        doc = documents.loc[str(other["document_id"])]
        outlet = str(doc["outlet_id"]) if pd.notna(doc.get("outlet_id")) else ""
        relays = [names.get(str(doc[c]), str(doc[c])) for c in ("relays_actor_id", "relays_document_id") if pd.notna(doc.get(c))]
        rows.append({
            "account_id": cmp.comparison_id, "statement_id": cmp.statement_id, "relation": str(cmp.relation),
            "outlet": names.get(outlet, pd.NA), "outlet_nature": _text(natures.get(outlet)),
            "relays": "; ".join(relays) or pd.NA, "directness": _text(doc.get("directness")), "url": _text(doc.get("url")),
            "language": _text(doc.get("language")), "date": _text(doc.get("published")), "date_precision": _text(doc.get("date_precision")),
            "says": _text(other["summary"]), "quoted": _text(other["evidence"]),
            "supported_response": other["response"] if str(other["response"]) != str(article["response"]) else pd.NA,
            "supported_stance": other["stance"] if str(other["stance"]) != str(article["stance"]) else pd.NA,
            "searched": pd.NA, "note": _text(cmp.note),
            "document_id": article["document_id"], "evidence": article["evidence"],
            "char_start": article["char_start"], "char_end": article["char_end"],
        })
    main = set(main_documents(ds))
    for utt in utterances.itertuples(index=False):
        if str(getattr(utt, "search_result", "")) != NO_ACCOUNT:
            continue
        for sid, article in statements[statements["utterance_id"].astype(str) == str(utt.utterance_id)].iterrows():
            if str(article["document_id"]) not in main:
                continue
            rows.append({"account_id": f"acc_{sid}_none", "statement_id": sid, "relation": NO_ACCOUNT, "searched": _text(utt.searched),
                         "note": _text(utt.note), "document_id": article["document_id"], "evidence": article["evidence"],
                         "char_start": article["char_start"], "char_end": article["char_end"]})
    view = pd.DataFrame(rows, columns=list(ACCOUNT_COLUMNS))
    relations = ["same", "reworded", "stronger", "weaker", "different", "contradicted", NO_ACCOUNT]
    view["relation"] = pd.Categorical(view["relation"], categories=relations)
    if len(ds.actors) and "outlet_nature" in ds.actors.columns and isinstance(ds.actors["outlet_nature"].dtype, pd.CategoricalDtype):
        view["outlet_nature"] = pd.Categorical(view["outlet_nature"], categories=ds.actors["outlet_nature"].cat.categories)
    for column, source in (("supported_response", "response"), ("supported_stance", "stance")):
        view[column] = pd.Categorical(view[column], categories=ds.statements[source].cat.categories)
    for column in ("account_id", "statement_id", "outlet", "relays", "directness", "url", "language", "date", "date_precision",
                   "says", "quoted", "searched", "note", "document_id", "evidence"):
        view[column] = view[column].astype("string")
    for column in ("char_start", "char_end"):
        view[column] = view[column].astype("Int64")
    from helpers.dataset.dates import day_bounds

    bounds = [day_bounds(d, p) if pd.notna(d) else ("NaT", "NaT") for d, p in zip(view["date"], view["date_precision"], strict=True)]
    view["date_start"] = pd.to_datetime(pd.Series([b[0] for b in bounds], dtype=object).replace("NaT", None))
    view["date_end"] = pd.to_datetime(pd.Series([b[1] for b in bounds], dtype=object).replace("NaT", None))
    return view
