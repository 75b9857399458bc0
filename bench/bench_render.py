"""Benchmark: the HTML renderers on a large source, against a floor measured in the same run.

A 50 MB source (the article repeated) and 36 evidence rows spread through it:

* ``evidence_html`` for the 36 rows (each row's sentence in context), the call behind the
  notebooks' evidence lists and the explorer's detail view;
* ``highlight_html`` of the whole text with the 36 spans marked;
* the floor: ``html.escape`` of the whole text once, which any rendering of the whole text
  must at least do.

Each figure is the first call in this process (what a user waits for) and the best of three.
The context renderer should not depend on the text's length (a few ms), and ``highlight_html``
should stay within a small multiple of the floor.

    .venv/bin/python bench/bench_render.py
    .venv/bin/python bench/bench_render.py --megabytes 10
"""

from __future__ import annotations

import argparse
import html
import time

import pandas as pd


def timed(call) -> tuple[float, float]:
    """Seconds for the first call and the best of three."""
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples[0], min(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=50)
    args = parser.parse_args()

    from helpers import load_dataset
    from helpers.views.render import escape, evidence_html, highlight_html

    escape("warm-up")  # imports pandas once, as a notebook has already done
    ds = load_dataset()
    article = ds.text(str(ds.documents["document_id"].iloc[0]))
    copies = args.megabytes * 1_000_000 // len(article) + 1
    text = article * copies
    rows = ds.statements.head(36)
    step = len(article) * (copies // 36)
    frame = pd.DataFrame({
        "label": rows["statement_id"].astype(str),
        "document_id": "big",
        "char_start": [int(s) + i * step for i, s in enumerate(rows["char_start"])],
        "char_end": [int(e) + i * step for i, e in enumerate(rows["char_end"])],
    })
    spans = [(s, e, t) for s, e, t in zip(frame["char_start"], frame["char_end"], frame["label"], strict=True)]

    floor = timed(lambda: html.escape(text))
    context = timed(lambda: evidence_html(frame, {"big": text}, "label"))
    highlight = timed(lambda: highlight_html(text, spans))
    print(f"source: {len(text) / 1e6:.1f} M characters, {len(frame)} rows")
    print(f"floor (html.escape of the whole text): first {floor[0] * 1000:.0f} ms, best {floor[1] * 1000:.0f} ms")
    print(f"evidence_html, {len(frame)} rows: first {context[0] * 1000:.1f} ms, best {context[1] * 1000:.1f} ms")
    print(f"highlight_html, whole text: first {highlight[0] * 1000:.0f} ms, best {highlight[1] * 1000:.0f} ms "
          f"({highlight[1] / floor[1]:.1f} x the floor)")


if __name__ == "__main__":
    main()
