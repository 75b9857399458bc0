"""Build the blind second coder's packet for the renderings of the Kremlin's reply (issue 21).

    python data/coding/build_packet_21.py PACKET_DIR [--texts DIR]

The units are every rendering, in an excerpt document of the comparative corpus, of the two
utterances of Peskov's reply of 25 November 2024 (``corpus_21.REPLY_UTTERANCES``): the article's
own renderings were double-coded for 1.1 and are not in it. Variables: ``speaker_id``, ``stance``,
``response`` (whose ``denies`` / ``disputes`` is the doubt-or-denial of the rendering) and
``rendering_verb`` for every unit; ``relation`` too for the renderings of the reply itself
(``peskov_refuted_report``), against its best wording.

Writes, in PACKET_DIR (outside the repository; it holds only what a blind coder may see):
``texts/<document_id>.txt`` (the excerpt texts, byte for byte), ``documents.csv`` (outlet, language),
``units.csv`` (neutral ids u01…, the document, the span and its exact passage, which remark it
renders, the variables to code), ``actors.csv`` and ``values.csv`` (what may be answered),
``CODEBOOK_SECTIONS.md`` (the codebook's sections that apply, copied from ``data/CODEBOOK.md``),
``INSTRUCTIONS.md`` and an empty ``answers_template.csv``. Writes, in the repository, the unit
map ``data/coding/units_21.csv`` (neutral ids to statement ids) and the first coding frozen as it
stood when the packet was built (``data/coding/curator_labels_21.csv``); neither goes into the packet.
Texts come from ``data/sources/`` once registered, else from ``--texts`` (the research folder).
"""

from __future__ import annotations

import csv
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
sys.path.insert(0, str(HERE))
import corpus_21 as corpus  # noqa: E402

VARIABLES = ["speaker_id", "stance", "response", "rendering_verb", "relation"]
ONLY_FOR_REPLY = {"relation"}
REMARKS = {
    corpus.REPLY: ("A", "Peskov's answer about whether the Le Monde report is true (how far it corresponds to reality)"),
    corpus.HOTHEADS: ("B", "Peskov's remarks that such ideas were heard in European capitals and met counter-arguments, "
                           "that Europeans are not unanimous, and that some 'hotheads' appear"),
}
SPEAKERS = [
    ("dmitry_peskov", "Dmitry Peskov, Kremlin spokesman (also 'the Kremlin spokesman', 'the press secretary', 'the Kremlin's representative')"),
    ("kremlin", "The Kremlin (the Russian presidency); also a country or capital made to speak ('Russia says', 'Moscow refutes'), codebook A4"),
    ("tass", "TASS, the Russian state news agency"),
    ("le_monde", "Le Monde"),
]
VALUES = {
    "stance": ["supports", "opposes", "conditional", "open", "reserved", "neutral", "unclear"],
    "response": ["denies", "disputes", "qualifies", "confirms", "(empty: the passage is not rendered as an answer to the report)"],
    "relation": ["same", "reworded", "weaker", "stronger", "different", "(empty: only for the passage that is the best wording)"],
    "rendering_verb": ["the verb of saying the page uses for this passage, lower case as written, without auxiliary "
                       "(e.g. 'said', 'déclaré', 'according to'); empty when the passage has none"],
    "speaker_id": [s for s, _ in SPEAKERS],
}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def first_coding() -> list[dict[str, str]]:
    """The curator's renderings to code: the plan's new rows and the extended documents' existing rows, in page order."""
    docs = [d["document_id"] for d in corpus.DOCUMENTS]
    planned = {r["statement_id"]: dict(r) for r in corpus.RENDERINGS}
    existing = {r["statement_id"]: r for r in _read(DATA / "statements.csv") if r["document_id"] in docs}
    for sid, row in existing.items():
        row = dict(row)
        row["evidence"] = corpus.EVIDENCE_FIXES.get(sid, row["evidence"])
        row["rendering_verb"] = corpus.VERBS_OF_EXISTING.get(sid, row["rendering_verb"])
        planned.setdefault(sid, row)
    rows = [r for r in planned.values() if r["utterance_id"] in REMARKS and r["document_id"] in docs]
    return rows


def _text(document_id: str, texts: Path | None) -> str:
    if texts is None:
        path = DATA / "sources" / f"{document_id}.txt"
    else:
        path = texts / f"{next(d['key'] for d in corpus.DOCUMENTS if d['document_id'] == document_id)}.txt"
    with path.open(encoding="utf-8", newline="") as f:
        return f.read()


def _section(codebook: str, start: str, end: str) -> str:
    i = codebook.index(start)
    return codebook[i: codebook.index(end, i)].rstrip() + "\n"


def codebook_sections() -> str:
    cb = (DATA / "CODEBOOK.md").read_text(encoding="utf-8")
    parts = [
        "# Codebook sections for this coding\n\nCopied from the project's codebook (`data/CODEBOOK.md`). Examples quote the "
        "article the codebook was written on; your passages come from other pages.\n",
        "## 1. Units (U1 to U3b)\n\n" + _section(cb, "**U1.", "**U4."),
        _section(cb, "## 2. Actors", "\n---"),
        _section(cb, "### 3.1 `speaker_id`", "### 3.2"),
        _section(cb, "### 3.3 `responds_to_id` and `response`", "### 3.4"),
        _section(cb, "### 3.7 `stance`", "### 3.8"),
        "## 11. Other outlets' renderings (the rules for `relation`)\n\n" + _section(cb, "### The relation of the article", "### What the accounts support"),
        _section(cb, "### What the accounts support", "### Second coding and adjudication"),
    ]
    return "\n".join(parts)


INSTRUCTIONS = """# Blind second coding: how each page renders the Kremlin's reply of 25 November 2024

On 25 November 2024 the Kremlin spokesman Dmitry Peskov answered reporters' questions about a Le
Monde report that Britain and France had revived discussions on sending troops or private
contractors to Ukraine. The folder `texts/` holds short excerpts (headline, lead and the passages
that render his answer) of {ndocs} web pages in English, French, Portuguese and other languages;
`documents.csv` names each page's outlet and language.

Each row of `units.csv` is one **passage** of one page (`document`, `char_start`, `char_end`: Python
string offsets into the text, and `passage`: the exact characters) that renders one of two remarks:

- **A**: {remark_a}.
- **B**: {remark_b}.

The best wording available of remark A is the French passage of unit **{best_unit}** (a page that
credits the Russian agency TASS): « {best_wording} ». No Russian original or transcript was found.

## What to code (one row of `answers_template.csv` per unit and variable)

Read the passage in its sentence and page. For every unit:

1. `speaker_id`: whom the page names as making the claim of this passage (codebook S1, A4);
   one of the ids in `actors.csv`.
2. `stance`: the stance the page ascribes to the speaker toward the proposition the passage is about
   (that the talks are taking place, or sending troops or contractors to Ukraine; codebook ST1, ST2).
3. `response`: how the page renders the passage as an answer to the Le Monde report (codebook Q1, Q2).
   This is the **doubt or denial** of the rendering: `denies` when the page has the speaker call the
   report false or not in line with reality (a denial); `disputes` when he doubts it or argues against
   its substance without calling it false (doubt); `qualifies` or `confirms` as in Q2; **empty** when
   the page does not present the passage as an answer to the report.
4. `rendering_verb`: the verb of saying the page uses for this passage (it may stand outside the
   passage, in its sentence), lower case, as written but without its auxiliary or subject pronoun:
   "dismissed" for "has dismissed", "déclaré" for "a déclaré", "ajouté" for "a-t-il ajouté";
   a locution as written ("according to", "fait état"); empty when there is none (codebook U3a).

For the units of remark A only (the template lists `relation` for them):

5. `relation`: how this passage compares with the best wording of remark A (codebook U3b and §11,
   its table and rules of thumb): `same`, `reworded`, `weaker`, `stronger`, `different`. Leave it
   empty for unit {best_unit} itself.

Write your answer in `value` and, where you hesitated, a short `note` (the rule you applied, a doubt,
a passage you think is mis-cut). Keep every row; an empty `value` is an answer ("none").
Save the file as `coder2/answers.csv` and then create an empty file `coder2/DONE`.

## What not to do
- Do not open the project's repository, its `data/` tables, notebooks, git history, or any other
  file outside this folder: they contain the first coding.
- Do not look the pages or this dataset up anywhere.
- Do not change the texts, the unit ids or the spans.
"""


def main(argv: list[str]) -> int:
    packet = Path(argv[0])
    texts = Path(argv[argv.index("--texts") + 1]) if "--texts" in argv else None
    rows = first_coding()
    doc_order = [d["document_id"] for d in corpus.DOCUMENTS]
    text_of = {d: _text(d, texts) for d in doc_order if any(r["document_id"] == d for r in rows)}
    for r in rows:  # the span is computed from the evidence, as the curator tools do
        t = text_of[r["document_id"]]
        start = t.index(r["evidence"])
        if t.count(r["evidence"]) != 1:
            raise SystemExit(f"{r['statement_id']}: evidence occurs {t.count(r['evidence'])} times")
        r["_start"], r["_end"] = start, start + len(r["evidence"])
    rows.sort(key=lambda r: (doc_order.index(r["document_id"]), r["_start"]))
    units, answers, frozen = [], [], []
    best = next(r for r in rows if r["statement_id"] == "peskov_correspond_tass_r")
    for n, r in enumerate(rows, start=1):
        uid = f"u{n:02d}"
        r["_unit"] = uid
        letter, _ = REMARKS[r["utterance_id"]]
        variables = [v for v in VARIABLES if v not in ONLY_FOR_REPLY or r["utterance_id"] == corpus.REPLY]
        units.append({"unit_id": uid, "document": r["document_id"], "char_start": r["_start"], "char_end": r["_end"],
                      "passage": r["evidence"], "remark": letter, "variables": " ".join(variables)})
        for v in variables:
            answers.append({"unit_id": uid, "variable": v, "value": "", "note": ""})
            frozen.append({"unit_table": "statements", "unit_id": r["statement_id"], "variable": v, "value": r.get(v, "")})
    if packet.exists():
        shutil.rmtree(packet)
    (packet / "texts").mkdir(parents=True)
    (packet / "coder2").mkdir()
    for d, t in text_of.items():
        with (packet / "texts" / f"{d}.txt").open("w", encoding="utf-8", newline="") as f:
            f.write(t)
    outlets = {a["actor_id"]: a["name"] for a in _read(DATA / "actors.csv")}
    outlets.update({a[0]: a[1] for a in corpus.ACTORS})
    langs = {r["document_id"]: r["language"] for r in _read(DATA / "documents.csv")}
    doc_rows = []
    for d in text_of:
        spec = next(x for x in corpus.DOCUMENTS if x["document_id"] == d)
        doc_rows.append({"document": d, "outlet": outlets.get(spec.get("outlet_id") or "", "") or _existing_outlet(d, outlets),
                         "language": spec.get("language") or langs.get(d, "")})
    _write(packet / "documents.csv", ["document", "outlet", "language"], doc_rows)
    _write(packet / "units.csv", ["unit_id", "document", "char_start", "char_end", "passage", "remark", "variables"], units)
    _write(packet / "answers_template.csv", ["unit_id", "variable", "value", "note"], answers)
    _write(packet / "actors.csv", ["actor_id", "who"], [{"actor_id": a, "who": w} for a, w in SPEAKERS])
    _write(packet / "values.csv", ["variable", "allowed"], [{"variable": v, "allowed": " | ".join(vals)} for v, vals in VALUES.items()])
    (packet / "CODEBOOK_SECTIONS.md").write_text(codebook_sections(), encoding="utf-8")
    (packet / "INSTRUCTIONS.md").write_text(INSTRUCTIONS.format(
        ndocs=len(text_of), remark_a=REMARKS[corpus.REPLY][1], remark_b=REMARKS[corpus.HOTHEADS][1], best_unit=best["_unit"],
        best_wording=re.sub(r"\s+", " ", "dans quelle mesure ces informations correspondent à la réalité")), encoding="utf-8")
    _write(HERE / "units_21.csv", ["unit_id", "statement_id", "document_id", "char_start", "char_end", "variables"],
           [{"unit_id": r["_unit"], "statement_id": r["statement_id"], "document_id": r["document_id"], "char_start": r["_start"],
             "char_end": r["_end"], "variables": u["variables"]} for r, u in zip(rows, units, strict=True)])
    _write(HERE / "curator_labels_21.csv", ["unit_table", "unit_id", "variable", "value"], frozen)
    print(f"{len(units)} units, {len(answers)} (unit, variable) pairs, {len(text_of)} texts in {packet}")
    return 0


def _existing_outlet(document_id: str, outlets: dict[str, str]) -> str:
    row = next((r for r in _read(DATA / "documents.csv") if r["document_id"] == document_id), {})
    return outlets.get(row.get("outlet_id", ""), "")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
