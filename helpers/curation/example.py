"""The invented second article: the curation steps that add it to a copy of the data.

**An invented example, not news.** The text (``tests/fixtures/invented_second_article.txt``)
was written by the project team for the tests and for notebook 07: the Republic
of Avaria, Lumen, Ilse Marrow and the Northern Courier do not exist, and its
publication month is invented too. It never goes into the real ``data/``.

The steps live here once, as data, and are run only through the public curator
tools of :mod:`helpers.curation.curate` (``register_source``, ``add_row``, ``annotate``):

1. :data:`REGISTRATION` — ``register_source(TEXT, DOCUMENT_ID, **REGISTRATION, data_dir=...)``
2. :data:`TOPIC` — ``add_row("topics", TOPIC, data_dir)``
3. :data:`ACTORS`, :data:`STATEMENT`, :data:`POSITION`, :data:`EVENT`, :data:`NOTE` —
   each an :class:`Annotation`, ``annotate(a.table, DOCUMENT_ID, a.evidence, a.fields, data_dir=...)``

:func:`add_invented_article` runs them in that order (the test fixture
``two_document_data`` uses it); notebook 07 makes the same calls one by one to
show each step, and ``tests/test_example.py`` checks that both give identical files.

>>> [a.table for a in ANNOTATIONS]
['actors', 'actors', 'actors', 'statements', 'country_positions', 'events', 'curator_notes']
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from helpers.curation.curate import add_row, annotate, register_source
from helpers.dataset.paths import default_data_dir, project_root

__all__ = [
    "ACTORS", "ANNOTATIONS", "DOCUMENT_ID", "EVENT", "NOTE", "POSITION", "REGISTRATION", "STATEMENT", "TEXT", "TOPIC",
    "Annotation", "add_invented_article",
]

TEXT = project_root() / "tests" / "fixtures" / "invented_second_article.txt"
DOCUMENT_ID = "invented_avaria"


class Annotation(NamedTuple):
    """One row to add with :func:`helpers.curation.curate.annotate`: its table, its evidence in the text, its other columns."""

    table: str
    evidence: str
    fields: dict[str, str]


REGISTRATION: dict[str, str] = {
    "title": "Avaria will not send troops to Lumen (invented example, not news)",
    "title_basis": "curator_assigned",
    "published": "2025-01",
    "date_precision": "month",
}

TOPIC: dict[str, str] = {
    "topic_id": "troops_to_lumen",
    "label": "Troops to Lumen (invented)",
    "description": "Invented example: sending soldiers to the fictional border region of Lumen.",
}

ACTORS: tuple[Annotation, ...] = (
    Annotation("actors", "The fictional Republic of Avaria",
               {"actor_id": "avaria", "name": "Avaria (invented)", "kind": "country", "role": "Invented country of the example text"}),
    Annotation("actors", "Avarian defence minister Ilse Marrow",
               {"actor_id": "ilse_marrow", "name": "Ilse Marrow (invented)", "kind": "person",
                "role": "Defence minister of Avaria (invented)"}),
    Annotation("actors", "the Northern Courier",
               {"actor_id": "northern_courier", "name": "Northern Courier (invented)", "kind": "media", "role": "Invented newspaper"}),
)

STATEMENT = Annotation("statements", "We will not send troops,", {
    "statement_id": "marrow_no_troops", "speaker_id": "ilse_marrow", "reported_via_id": "northern_courier",
    "mode": "direct_quote", "topic_id": "troops_to_lumen", "stance": "opposes",
    "summary": "Avaria's defence minister says Avaria will not send troops to Lumen.",
})

POSITION = Annotation("country_positions", "it would not send soldiers to the border region of Lumen", {
    "position_id": "avaria_troops_to_lumen", "actor_id": "avaria", "topic_id": "troops_to_lumen", "stance": "opposes",
    "basis": "stated", "statement_id": "marrow_no_troops", "summary": "Avaria says it will not send soldiers to Lumen.",
})

EVENT = Annotation("events", "training programmes for Lumen’s army would continue in March", {
    "event_id": "avaria_training_continues", "label": "Avarian training of Lumen's army to continue (invented)",
    "kind": "military", "date": "2025-03", "date_precision": "month", "date_basis": "inferred", "date_text": "in March",
})

NOTE = Annotation("curator_notes", "INVENTED EXAMPLE FOR TESTS AND THE TUTORIAL. NOT NEWS", {
    "note_id": "n_invented_example", "target_table": "documents", "target_id": DOCUMENT_ID, "kind": "source_metadata",
    "note": "An invented example written by the project team for tests and the tutorial, not news: no event, "
            "quotation or person in it is real, and its publication month is invented too.",
})

ANNOTATIONS: tuple[Annotation, ...] = (*ACTORS, STATEMENT, POSITION, EVENT, NOTE)


def add_invented_article(data_dir: str | Path) -> list[tuple[str, dict[str, str]]]:
    """Add the invented example article (not news) to the data folder ``data_dir``; return what was added.

    Registers :data:`TEXT` as :data:`DOCUMENT_ID`, adds :data:`TOPIC`, then
    annotates every entry of :data:`ANNOTATIONS` in order, through the public
    curator tools only. The result is a list of ``(table, row)`` pairs in the
    order written, starting with ``("documents", ...)``. Refuses the project's
    own ``data/``: the invented text belongs in a copy only.

    >>> import shutil, tempfile
    >>> copy = Path(tempfile.mkdtemp()) / "data"
    >>> _ = shutil.copytree(default_data_dir(), copy)
    >>> [(table, next(iter(row.values()))) for table, row in add_invented_article(copy)][:3]
    [('documents', 'invented_avaria'), ('topics', 'troops_to_lumen'), ('actors', 'avaria')]
    >>> shutil.rmtree(copy.parent)
    """
    data_dir = Path(data_dir)
    if data_dir.resolve() == default_data_dir().resolve():
        raise ValueError("the invented example never goes into the project's data/: add it to a copy")
    added = [("documents", register_source(TEXT, DOCUMENT_ID, **REGISTRATION, data_dir=data_dir))]
    added.append(("topics", add_row("topics", TOPIC, data_dir)))
    for step in ANNOTATIONS:
        added.append((step.table, annotate(step.table, DOCUMENT_ID, step.evidence, step.fields, data_dir=data_dir)))
    return added
