"""Interactive explorers built from ipywidgets on top of :mod:`helpers.views.explore`.

Callbacks only set widget values (an ``HTML`` widget's value, a ``Select``'s
options); they never print or clear output, so nbval and JupyterLab agree.
Each explorer keeps its own state; nothing happens at import time.

>>> from helpers import load_dataset
>>> ex = explorer(load_dataset())
>>> ex.country.value = "russia"
>>> labels = [label for label, _ in ex.choice.options]
>>> any("Dmitry Peskov" in label for label in labels) and not any("Emmanuel Macron" in label for label in labels)
True
"""

from __future__ import annotations

import dataclasses

import ipywidgets as widgets
import pandas as pd
from traitlets import observe

from helpers.dataset.load import Dataset
from helpers.views.explore import (
    Filters,
    cell_evidence_html,
    citation,
    detail_html,
    fact_label,
    facts_table,
    filter_facts,
    filter_options,
    plural,
    results_caption,
    stance_matrix_html,
)
from helpers.views.render import escape

__all__ = ["CSS_PREFIX", "Explorer", "FilterDropdown", "StanceDrilldown", "explorer", "stance_drilldown"]

# Every control carries a CSS class ``geo-<name>`` so a browser test can find it.
CSS_PREFIX = "geo-"


class FilterDropdown(widgets.Dropdown):
    """A ``Dropdown`` whose "(any)" choice (value ``None``) stays shown as "(any)".

    A plain ``Dropdown`` maps the value ``None`` to "no selection", so the box
    goes blank even right after the user picked "(any)"; here ``None`` selects
    the option whose value is ``None``.

    >>> d = FilterDropdown(options=[("(any)", None), ("Russia", "russia")], index=0)
    >>> d.value = "russia"; d.value = None
    >>> d.label, d.index
    ('(any)', 0)
    """

    @observe("value")
    def _propagate_value(self, change: dict) -> None:
        if change["new"] is None and None in self._options_values:
            index = self._options_values.index(None)
            if self.index != index:
                self.index = index
            return
        super()._propagate_value(change)


def _dropdown(name: str, description: str, options: list[tuple[str, str | None]]) -> FilterDropdown:
    control = FilterDropdown(options=options, index=0, description=description, layout=widgets.Layout(width="28em"))
    control.add_class(f"{CSS_PREFIX}{name}")
    return control


class Explorer(widgets.VBox):
    """Filters, the list of matching facts (pick one there) and the chosen fact's detail and citation.

    Controls: ``country``, ``actor``, ``topic``, ``stance``, ``mode``
    (``Dropdown``, value ``None`` = "(any)"), ``show_repeats`` (``Checkbox``,
    off: statements that restate another are hidden), ``choice`` (``Select``:
    one line per matching fact, the only place to pick one); outputs:
    ``results`` (``HTML``: what the list holds), ``detail`` (``HTML``) and
    ``citation`` (``Textarea``: the chosen fact's citation, to select and copy).
    ``rows`` is the current result as a DataFrame. ``facts``, if given, is
    ``facts_table(ds)`` built beforehand (it is not rebuilt).
    """

    def __init__(self, ds: Dataset, facts: pd.DataFrame | None = None):
        self._ds = ds
        self._facts = facts_table(ds) if facts is None else facts
        self._by_id = self._facts.set_index("fact_id", drop=False)
        opts = filter_options(ds, self._facts)
        self.country = _dropdown("country", "Country", opts["country"])
        self.actor = _dropdown("actor", "Actor", opts["actor"])
        self.topic = _dropdown("topic", "Topic", opts["topic"])
        self.stance = _dropdown("stance", "Stance", opts["stance"])
        self.mode = _dropdown("mode", "Mode", opts["mode"])
        self.show_repeats = widgets.Checkbox(value=False, description="Show repeats (captions, standfirst, restatements)",
                                             indent=False, layout=widgets.Layout(width="28em"))
        self.show_repeats.add_class(f"{CSS_PREFIX}show-repeats")
        self.results = widgets.HTML()
        self.results.add_class(f"{CSS_PREFIX}results")
        self.choice = widgets.Select(options=[], rows=10, layout=widgets.Layout(width="100%"))
        self.choice.add_class(f"{CSS_PREFIX}choice")
        self.detail = widgets.HTML()
        self.detail.add_class(f"{CSS_PREFIX}detail")
        self.citation = widgets.Textarea(value="", description="Cite as", rows=3, layout=widgets.Layout(width="100%"))
        self.citation.add_class(f"{CSS_PREFIX}citation")
        self.rows: pd.DataFrame = self._facts.iloc[0:0]
        self._refreshing = False
        filters = widgets.VBox([self.country, self.actor, self.topic, self.stance, self.mode, self.show_repeats])
        super().__init__([filters, self.results, self.choice, self.detail, self.citation])
        self.add_class(f"{CSS_PREFIX}explorer")
        for control in (*self.filter_controls, self.show_repeats):
            control.observe(self._on_filter, names="value")
        self.choice.observe(self._on_choice, names="value")
        self.refresh()

    @property
    def filter_controls(self) -> tuple[widgets.Dropdown, ...]:
        """The filter dropdowns, in display order."""
        return (self.country, self.actor, self.topic, self.stance, self.mode)

    @property
    def filters(self) -> Filters:
        """The filters the controls currently set."""
        return Filters(country=self.country.value, actor=self.actor.value, topic=self.topic.value,
                       stance=self.stance.value, mode=self.mode.value, hide_repeats=not self.show_repeats.value)

    def refresh(self) -> None:
        """Recompute the results from the controls; select the first result that repeats nothing and show it."""
        filters = self.filters
        matching = filter_facts(self._facts, dataclasses.replace(filters, hide_repeats=False))
        self.rows = filter_facts(matching, Filters(hide_repeats=filters.hide_repeats))
        hidden = len(matching) - len(self.rows)
        if self.rows.empty:
            self.results.value = '<p class="explorer-empty">No fact matches these filters.</p>'
        else:
            caption = results_caption(self.rows, by_document=len(self._ds.documents) > 1, hidden_repeats=hidden)
            hint = " Tick <i>Show repeats</i> to list them." if hidden else ""
            self.results.value = (f'<p class="explorer-caption" style="margin:0.3em 0">{escape(caption)}.{hint} '
                                  "Pick a fact in the list to see its evidence and citation.</p>")
        self._refreshing = True
        try:
            options = [(f"{i}. {fact_label(row)}", row["fact_id"]) for i, (_, row) in enumerate(self.rows.iterrows(), start=1)]
            self.choice.options = options
            canonical = [i for i, rep in enumerate(self.rows["repeats_id"]) if rep is None]
            # after an empty result the Select would keep no selection; start on a fact that repeats nothing
            self.choice.index = (canonical[0] if canonical else 0) if options else None
        finally:
            self._refreshing = False
        self._show(self.choice.value)

    def _show(self, fact_id: str | None) -> None:
        fact = None if fact_id is None else self._by_id.loc[fact_id]
        self.detail.value = detail_html(self._ds, fact)
        self.citation.value = "" if fact is None else citation(self._ds, fact)

    def _on_filter(self, change: dict) -> None:
        self.refresh()

    def _on_choice(self, change: dict) -> None:
        if not self._refreshing:
            self._show(change["new"])

    def __repr__(self) -> str:
        # The text/plain fallback that nbval compares: deterministic, no model ids.
        return f"Explorer({plural(len(self._facts), 'fact')}; filters {self.filters.active()}; {len(self.rows)} shown)"


class StanceDrilldown(widgets.VBox):
    """The stance matrix with a country and a topic control; shows the evidence behind the chosen cell.

    Controls: ``country`` and ``topic`` (``Dropdown`` of ids); outputs:
    ``matrix`` (the table, chosen cell outlined) and ``evidence`` (``HTML``).
    ``facts``, if given, is ``facts_table(ds)`` built beforehand.
    """

    def __init__(self, ds: Dataset, facts: pd.DataFrame | None = None):
        self._ds = ds
        self._facts = facts_table(ds) if facts is None else facts
        positions = ds.country_positions
        names = dict(zip(ds.actors["actor_id"], ds.actors["name"], strict=True))
        countries = [(str(names[a]), str(a)) for a in ds.actors["actor_id"] if a in set(positions["actor_id"])]
        topics = [(str(label), str(t)) for t, label in zip(ds.topics["topic_id"], ds.topics["label"], strict=True)
                  if t in set(positions["topic_id"])]
        self.country = _dropdown("cell-country", "Country", [("(choose)", None), *countries])
        self.topic = _dropdown("cell-topic", "Topic", [("(choose)", None), *topics])
        self.matrix = widgets.HTML(stance_matrix_html(ds))
        self.matrix.add_class(f"{CSS_PREFIX}matrix")
        self.evidence = widgets.HTML(cell_evidence_html(ds, None, None, self._facts))
        self.evidence.add_class(f"{CSS_PREFIX}cell-evidence")
        super().__init__([self.matrix, widgets.HBox([self.country, self.topic]), self.evidence])
        self.add_class(f"{CSS_PREFIX}drilldown")
        self.country.observe(self._on_change, names="value")
        self.topic.observe(self._on_change, names="value")

    def _on_change(self, change: dict) -> None:
        cell = (self.country.value, self.topic.value)
        self.matrix.value = stance_matrix_html(self._ds, selected=cell)
        self.evidence.value = cell_evidence_html(self._ds, *cell, facts=self._facts)

    def __repr__(self) -> str:
        return f"StanceDrilldown(cell={(self.country.value, self.topic.value)})"


def explorer(ds: Dataset, facts: pd.DataFrame | None = None) -> Explorer:
    """A new explorer of ``ds``'s statements and country positions (see :class:`Explorer`).

    Pass ``facts=facts_table(ds)`` when you have built it already.

    >>> from helpers import load_dataset
    >>> ex = explorer(load_dataset())
    >>> ex.country.value = "france"
    >>> ex.actor.value = "emmanuel_macron"
    >>> ex.choice.options[0][1], "<mark>he refused to rule out sending troops to Ukraine</mark>" in ex.detail.value
    ('macron_refused_rule_out_troops', True)
    >>> ex.citation.value.startswith("statements/`macron_refused_rule_out_troops`, document `000_212c296293ee434c`")
    True
    """
    return Explorer(ds, facts)


def stance_drilldown(ds: Dataset, facts: pd.DataFrame | None = None) -> StanceDrilldown:
    """A new stance-matrix drill-down of ``ds`` (see :class:`StanceDrilldown`).

    Pass ``facts=facts_table(ds)`` when you have built it already.

    >>> from helpers import load_dataset
    >>> cell = stance_drilldown(load_dataset())
    >>> cell.country.value, cell.topic.value = "russia", "uk_france_talks"
    >>> "The Kremlin has dismissed claims" in cell.evidence.value
    True
    """
    return StanceDrilldown(ds, facts)
