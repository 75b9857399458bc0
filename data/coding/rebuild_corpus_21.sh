#!/bin/sh
# Re-apply the corpus of issue 21 on top of the model branch's data (after `git merge model` when data conflict).
# Restores the tables the corpus build changes to BRANCH's version, removes the corpus's new texts, runs the build.
set -e
BRANCH=${1:-model}
RESEARCH=${2:-/work/staging/corpus}
cd "$(git rev-parse --show-toplevel)"
for f in actors.csv curator_notes.csv datapackage.json documents.csv statements.csv utterances.csv; do
  git checkout "$BRANCH" -- "data/$f"
done
for d in ex_belnovosti ex_eiffel_post ex_euromedia24 ex_expressdigest_com ex_ifp_news ex_parti_des_travailleurs_78 ex_pravda_network; do
  git checkout "$BRANCH" -- "data/sources/$d.txt"
done
.venv/bin/python - <<'PY'
import sys
sys.path.insert(0, "data/coding")
import corpus_21
from pathlib import Path
for d in corpus_21.DOCUMENTS:
    if d["new"]:
        Path(f"data/sources/{d['document_id']}.txt").unlink(missing_ok=True)
PY
.venv/bin/python data/coding/build_corpus_21.py "$RESEARCH" data
git checkout "$BRANCH" -- data/codings.csv
.venv/bin/python data/coding/integrate_21.py /work/staging/packets/21/coder2/answers.csv
.venv/bin/python -m helpers.maintenance.datadict > data/DICTIONARY.md
