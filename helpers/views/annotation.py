"""The annotation widget for JupyterLab: select a passage, code a row, see the verdict, write it, edit or remove it.

The text is drawn by a small anywidget (:class:`SourceView`) whose JavaScript
ships inline as an ES module: no CDN, nothing fetched, it works offline. It
only shows the text with the existing spans highlighted and reports what the
mouse selects (UTF-16 offsets, converted to Python's code points here) or
which highlighted span was clicked. Every decision is taken in Python by
:class:`helpers.curation.annotator.Annotator`, which pytest drives without a browser.

Callbacks set widget values only (no ``print``), so nbval and JupyterLab agree.

>>> from helpers.dataset.paths import default_data_dir
>>> w = annotation_widget(default_data_dir())
>>> w.find.value = "Storm Shadow"
>>> w.span, w.passage.value.count("Storm Shadow") > 0
((2735, 2747), True)
"""

from __future__ import annotations

import html
from pathlib import Path

import anywidget
import ipywidgets as widgets
import traitlets

from helpers.curation.annotator import Annotator, index_to_utf16
from helpers.curation.journal import Refused
from helpers.dataset.provenance import AmbiguousEvidence, EvidenceNotFound

__all__ = ["AnnotationWidget", "SourceView", "annotation_widget"]

CSS_PREFIX = "geo-annot-"
NEW_ROW = "(new row)"

_ESM = r"""
function offsetIn(box, node, offset) {
  const range = document.createRange();
  range.setStart(box, 0);
  range.setEnd(node, offset);
  return range.toString().length;  // UTF-16 units, as JavaScript counts
}

function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "geo-annot-text";
  box.style.cssText = "white-space: pre-wrap; line-height: 1.65; max-height: 30em; overflow-y: auto; border: 1px solid #bbb;"
    + " padding: 0.6em 0.8em; font-family: Georgia, 'Times New Roman', serif; font-size: 1.02em; user-select: text; cursor: text;";
  el.appendChild(box);

  function draw() {
    const text = model.get("text"), marks = model.get("marks"), cur = model.get("current") || {};
    const cuts = new Set([0, text.length]);
    for (const m of marks) { cuts.add(m.start); cuts.add(m.end); }
    const hasCur = cur.end > cur.start;
    if (hasCur) { cuts.add(cur.start); cuts.add(cur.end); }
    const points = [...cuts].filter(p => p >= 0 && p <= text.length).sort((a, b) => a - b);
    box.replaceChildren();
    for (let i = 0; i < points.length - 1; i++) {
      const a = points[i], b = points[i + 1];
      const piece = text.slice(a, b);
      const over = marks.filter(m => m.start <= a && m.end >= b);
      const inCur = hasCur && cur.start <= a && cur.end >= b;
      if (!over.length && !inCur) { box.appendChild(document.createTextNode(piece)); continue; }
      const span = document.createElement("mark");
      span.textContent = piece;
      span.dataset.rows = over.map(m => m.id).join(" ");
      span.title = over.map(m => m.title).join("\n");
      const depth = Math.min(over.length, 3);
      span.style.background = inCur ? "#bfdbfe" : ["", "#fef3c7", "#fde68a", "#fbbf24"][depth];
      span.style.color = "inherit";
      span.style.padding = "0";
      span.className = [over.length ? "geo-annot-mark" : "", inCur ? "geo-annot-current" : ""].join(" ").trim();
      if (inCur) span.style.outline = "1px solid #2563eb";
      if (over.length) span.style.cursor = "pointer";
      box.appendChild(span);
    }
  }

  box.addEventListener("mouseup", () => {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const r = sel.getRangeAt(0);
    if (!box.contains(r.startContainer) || !box.contains(r.endContainer)) return;
    const start = offsetIn(box, r.startContainer, r.startOffset), end = offsetIn(box, r.endContainer, r.endOffset);
    const n = (model.get("selection").n || 0) + 1;
    model.set("selection", { start, end, text: r.toString(), n });
    model.save_changes();
  });

  box.addEventListener("click", (event) => {
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed) return;
    const mark = event.target.closest("mark.geo-annot-mark");
    if (!mark || !mark.dataset.rows) return;
    const n = (model.get("clicked").n || 0) + 1;
    model.set("clicked", { rows: mark.dataset.rows.split(" "), n });
    model.save_changes();
  });

  model.on("change:text", draw);
  model.on("change:marks", draw);
  model.on("change:current", draw);
  draw();
}

export default { render };
"""


class SourceView(anywidget.AnyWidget):
    """The text with its highlighted spans. Offsets in ``marks``, ``current`` and ``selection`` are UTF-16 units (JavaScript's).

    ``selection`` (set by the browser): ``{"start", "end", "text", "n"}``; ``clicked``: ``{"rows": ["table/id", ...], "n"}``.
    """

    _esm = _ESM
    text = traitlets.Unicode("").tag(sync=True)
    marks = traitlets.List([]).tag(sync=True)
    current = traitlets.Dict({}).tag(sync=True)
    selection = traitlets.Dict({}).tag(sync=True)
    clicked = traitlets.Dict({}).tag(sync=True)

    def __repr__(self) -> str:
        return f"SourceView({len(self.text)} UTF-16 units, {len(self.marks)} marks)"


def _button(name: str, label: str, style: str = "") -> widgets.Button:
    b = widgets.Button(description=label, button_style=style, layout=widgets.Layout(width="auto"))
    b.add_class(f"{CSS_PREFIX}{name}")
    return b


def _row_html(row: dict[str, str]) -> str:
    cells = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
                    for k, v in row.items() if v != "")
    return f"<table class='geo-annot-row'>{cells}</table>"


class AnnotationWidget(widgets.VBox):
    """The source text, a way to choose a passage, a form from the descriptor, a preview and the write buttons.

    Parts (each has the CSS class ``geo-annot-<name>`` for the browser test):
    ``view`` (:class:`SourceView`), ``find`` (type the words instead of
    selecting them) and ``occurrence`` (shown when they occur more than once),
    ``passage`` (the chosen words and offsets), ``table``, ``row`` (a new row or
    an existing one of this document, to edit or remove), ``form`` (one control
    per column), ``preview_button``, ``write_button``, ``remove_button``,
    ``cascade``, ``undo_button``, ``preview`` (the row and the validator's verdict)
    and ``message``.
    """

    def __init__(self, annotator: Annotator):
        self.annotator = annotator
        self.span: tuple[int, int] | None = None
        self._previewed: tuple | None = None
        self.view = SourceView()
        self.view.add_class(f"{CSS_PREFIX}view")
        self.find = widgets.Text(description="Or type", placeholder="the words, as the text writes them",
                                 continuous_update=False, layout=widgets.Layout(width="40em"))
        self.find.add_class(f"{CSS_PREFIX}find")
        self.occurrence = widgets.Dropdown(options=[], description="Occurrence", layout=widgets.Layout(width="40em", display="none"))
        self.occurrence.add_class(f"{CSS_PREFIX}occurrence")
        self.passage = widgets.HTML("<i>Select words in the text (or type them) to code a row.</i>")
        self.passage.add_class(f"{CSS_PREFIX}passage")
        self.table = widgets.Dropdown(options=annotator.writable_tables(), description="Table", layout=widgets.Layout(width="28em"))
        self.table.add_class(f"{CSS_PREFIX}table")
        self.row = widgets.Dropdown(options=[(NEW_ROW, NEW_ROW)], description="Row", layout=widgets.Layout(width="40em"))
        self.row.add_class(f"{CSS_PREFIX}row")
        self.form = widgets.VBox()
        self.form.add_class(f"{CSS_PREFIX}form")
        self.controls: dict[str, widgets.ValueWidget] = {}
        self.preview_button = _button("preview-button", "Preview", "info")
        self.write_button = _button("write-button", "Write", "success")
        self.write_button.disabled = True
        self.remove_button = _button("remove-button", "Remove row", "danger")
        self.cascade = widgets.Checkbox(value=False, description="and the rows that refer to it", indent=False,
                                        layout=widgets.Layout(width="auto"))
        self.cascade.add_class(f"{CSS_PREFIX}cascade")
        self.undo_button = _button("undo-button", "Undo last write", "warning")
        self.preview = widgets.HTML()
        self.preview.add_class(f"{CSS_PREFIX}preview")
        self.message = widgets.HTML()
        self.message.add_class(f"{CSS_PREFIX}message")
        buttons = widgets.HBox([self.preview_button, self.write_button, self.remove_button, self.cascade, self.undo_button])
        super().__init__([self.view, self.find, self.occurrence, self.passage, self.table, self.row, self.form, buttons,
                          self.preview, self.message])
        self.add_class(f"{CSS_PREFIX}widget")
        self.view.observe(self._on_selection, names="selection")
        self.view.observe(self._on_clicked, names="clicked")
        self.find.observe(self._on_find, names="value")
        self.occurrence.observe(self._on_occurrence, names="value")
        self.table.observe(self._on_table, names="value")
        self.row.observe(self._on_row, names="value")
        self.preview_button.on_click(lambda _: self.do_preview())
        self.write_button.on_click(lambda _: self.do_write())
        self.remove_button.on_click(lambda _: self.do_remove())
        self.undo_button.on_click(lambda _: self.do_undo())
        self.view.text = annotator.text
        self.refresh()

    # --- state shown --------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Redraw the highlights and the list of rows from the package as it is now."""
        text = self.annotator.text
        self.view.marks = [{"start": index_to_utf16(text, m.start), "end": index_to_utf16(text, m.end), "id": f"{m.table}/{m.row_id}",
                            "title": f"{m.table} {m.row_id}: {m.label}"} for m in self.annotator.marks()]
        self._build_form()
        self._list_rows()

    def _set_span(self, span: tuple[int, int] | None, how: str = "") -> None:
        self.span = span
        self._invalidate()
        text = self.annotator.text
        if span is None:
            self.view.current = {}
            self.passage.value = "<i>No passage chosen.</i>"
            return
        start, end = span
        self.view.current = {"start": index_to_utf16(text, start), "end": index_to_utf16(text, end)}
        occurrence = self.annotator.occurrence(start, end)
        which = "" if occurrence is None else f", occurrence {occurrence}"
        self.passage.value = (f"<b>Passage</b> ({how}characters {start}–{end}{which}): "
                              f"<mark class='geo-annot-evidence'>{html.escape(text[start:end])}</mark>")

    def _build_form(self) -> None:
        table = self.table.value
        previous = {name: c.value for name, c in self.controls.items()}
        self.controls = {}
        children = []
        for f in self.annotator.fields(table):
            label = f"{f.name}{' *' if f.required else ''}"
            if f.choices is not None and f.kind in ("enum", "foreign"):
                options = [("", ""), *f.choices]
                control = widgets.Dropdown(options=options, value="", description=label, layout=widgets.Layout(width="40em"))
            else:
                control = widgets.Text(value="", description=label, layout=widgets.Layout(width="40em"))
            control.style = {"description_width": "12em"}
            control.tooltip = f.description
            control.add_class(f"{CSS_PREFIX}field-{f.name}")
            if f.name == "document_id":
                control.value = self.annotator.document_id
                control.disabled = table in self.annotator.span_tables()
            elif previous.get(f.name) not in (None, "") and (f.choices is None or previous[f.name] in [v for _, v in f.choices]):
                control.value = previous[f.name]
            control.observe(lambda _: self._invalidate(), names="value")
            self.controls[f.name] = control
            children.append(control)
        self.form.children = children

    def _list_rows(self) -> None:
        table = self.table.value
        key = self.annotator.key(table)
        rows = self.annotator.rows(table)
        if table in self.annotator.span_tables():
            rows = [r for r in rows if r.get("document_id") == self.annotator.document_id]
        options = [(NEW_ROW, NEW_ROW), *[(f"{r[key]} — {self.annotator.label(table, r)}", r[key]) for r in rows]]
        keep = self.row.value if self.row.value in [value for _, value in options] else NEW_ROW
        self.row.options = options
        self.row.value = keep

    def values(self) -> dict[str, str]:
        """The form's values, by column."""
        return {name: str(c.value or "") for name, c in self.controls.items()}

    def _invalidate(self) -> None:
        self._previewed = None
        self.write_button.disabled = True

    def _state(self) -> tuple:
        return (self.table.value, self.row.value, self.span, tuple(sorted(self.values().items())))

    # --- events ---------------------------------------------------------------------------------------------------------

    def _on_selection(self, change: dict) -> None:
        sel = change["new"] or {}
        if "start" not in sel:
            return
        try:
            span = self.annotator.from_browser(int(sel["start"]), int(sel["end"]))
        except ValueError as exc:
            self.message.value = f"<span class='geo-annot-error'>{html.escape(str(exc))}</span>"
            return
        self._set_span(span, "selected, ")
        self.message.value = ""

    def _on_clicked(self, change: dict) -> None:
        rows = (change["new"] or {}).get("rows") or []
        if not rows:
            return
        table, _, row_id = rows[-1].partition("/")
        self.table.value = table
        self.row.value = row_id

    def _on_find(self, change: dict) -> None:
        found = self.annotator.find(change["new"])
        self.occurrence.layout.display = "none"
        self.occurrence.options = []
        if found.span is not None:
            self._set_span(found.span, "typed, ")
            self.message.value = html.escape(found.message)
        elif found.occurrences:
            text = self.annotator.text
            n = len(change["new"])
            self.occurrence.options = [(f"{i}. …{text[max(0, s - 30):s]}[{text[s:s + n]}]{text[s + n:s + n + 30]}…", i)
                                       for i, s in enumerate(found.occurrences, start=1)]
            self.occurrence.value = None
            self.occurrence.layout.display = ""
            self._set_span(None)
            self.message.value = f"<span class='geo-annot-ambiguous'>{html.escape(found.message)}</span>"
        else:
            self._set_span(None)
            self.message.value = f"<span class='geo-annot-error'>{html.escape(found.message)}</span>"

    def _on_occurrence(self, change: dict) -> None:
        if change["new"] is None:
            return
        found = self.annotator.find(self.find.value, change["new"])
        if found.span is not None:
            self._set_span(found.span, "typed, ")
            self.message.value = html.escape(found.message)

    def _on_table(self, change: dict) -> None:
        self._build_form()
        self._list_rows()
        self._invalidate()

    def _on_row(self, change: dict) -> None:
        row_id = change["new"]
        self._invalidate()
        if row_id in (None, NEW_ROW):
            return
        table = self.table.value
        row = next((r for r in self.annotator.rows(table) if r.get(self.annotator.key(table)) == row_id), None)
        if row is None:
            return
        for name, control in self.controls.items():
            value = row.get(name, "")
            if isinstance(control, widgets.Dropdown) and value not in [v for _, v in control.options]:
                control.options = [*control.options, (value, value)]
            control.value = value
        if row.get("char_start", "").isdigit() and row.get("char_end", "").isdigit():
            self._set_span((int(row["char_start"]), int(row["char_end"])), f"{table} {row_id}, ")
        self.message.value = f"Editing {html.escape(table)} <b>{html.escape(row_id)}</b>: change fields and Preview, or Remove it."

    # --- actions (the buttons) ------------------------------------------------------------------------------------------

    def _editing(self) -> str | None:
        return None if self.row.value in (None, NEW_ROW) else self.row.value

    def do_preview(self):
        """The row as it would be written and the validator's verdict; enables Write when the change adds no error."""
        try:
            if self._editing():
                draft = self.annotator.edit(self.table.value, self._editing(), self.values(), self.span)
            else:
                draft = self.annotator.draft(self.table.value, self.values(), self.span)
        except (ValueError, KeyError, EvidenceNotFound, AmbiguousEvidence) as exc:
            self._invalidate()
            self._refused(exc)
            return None
        caused = [p for p in draft.verdict.new if p.is_error]
        verdict = ("<p class='geo-annot-valid'>✔ The validator accepts the package with this row.</p>" if draft.verdict.valid else
                   f"<p class='geo-annot-invalid'>✘ {len(draft.verdict.errors)} problem(s), {len(caused)} caused by this row:</p><ul>"
                   + "".join(f"<li>{html.escape(str(p))}</li>" for p in draft.verdict.errors[:12]) + "</ul>")
        self.preview.value = _row_html(draft) + verdict
        self._previewed = self._state()
        self.write_button.disabled = bool(caused)
        self.message.value = "Previewed: nothing written yet." + (" Write is off until the problems this row causes are fixed." if caused else "")
        return draft

    def do_write(self):
        """Write the previewed row (or the edit) through the curator tools: locked, atomic, journalled."""
        if self._previewed != self._state():
            self.message.value = "<span class='geo-annot-error'>Preview first: the row changed since the last preview.</span>"
            self.write_button.disabled = True
            return None
        editing = self._editing()
        try:
            if editing:
                row = self.annotator.edit(self.table.value, editing, self.values(), self.span, write=True)
            else:
                row = self.annotator.draft(self.table.value, self.values(), self.span, write=True)
        except (ValueError, KeyError, EvidenceNotFound, AmbiguousEvidence) as exc:
            self._refused(exc)
            return None
        key = self.annotator.key(self.table.value)
        self._invalidate()
        self.refresh()
        self.row.value = row[key]
        self.message.value = (f"<span class='geo-annot-written'>Written: {html.escape(self.table.value)} "
                              f"<b>{html.escape(row[key])}</b>{' (changed)' if editing else ''}. Undo takes it back.</span>")
        return row

    def do_remove(self):
        """Remove the chosen row (with ``cascade``, the rows referring to it too); refused, with the reason, otherwise."""
        row_id = self._editing()
        if row_id is None:
            self.message.value = "<span class='geo-annot-error'>Choose the row to remove (in the Row list, or click its highlight).</span>"
            return None
        table = self.table.value
        try:
            removed = self.annotator.remove(table, row_id, cascade=self.cascade.value, write=True)
        except (ValueError, KeyError) as exc:
            self._refused(exc)
            return None
        self.row.value = NEW_ROW
        self.refresh()
        self._set_span(None)
        self.preview.value = ""
        gone = ", ".join(f"{t} {k}" for t, k in removed.get("removed", [])) if isinstance(removed, dict) else row_id
        self.message.value = f"<span class='geo-annot-removed'>Removed: {html.escape(gone)}. Undo brings it back.</span>"
        return removed

    def do_undo(self):
        """Take back the newest write to this data folder."""
        try:
            done = self.annotator.undo()
        except Refused as exc:
            self._refused(exc)
            return None
        self.row.value = NEW_ROW
        self.refresh()
        self._invalidate()
        self.message.value = f"<span class='geo-annot-undone'>Undone: {html.escape(done['command'])}.</span>"
        return done

    def _refused(self, exc: Exception) -> None:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        self.message.value = f"<span class='geo-annot-error'>Refused: {html.escape(str(message))}</span>"

    def __repr__(self) -> str:
        return (f"AnnotationWidget(document {self.annotator.document_id}, {len(self.annotator.marks())} spans, "
                f"table {self.table.value})")


def annotation_widget(data_dir: str | Path, document_id: str | None = None) -> AnnotationWidget:
    """The annotation widget on ``document_id`` (default: the first) of the data folder ``data_dir``.

    Work on a copy of the data (``geopol-curate new-corpus``, or a copy of
    ``data/``): every write goes to ``data_dir`` at once, journalled.
    """
    return AnnotationWidget(Annotator(data_dir, document_id))
