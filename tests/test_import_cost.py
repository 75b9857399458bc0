"""What a first load imports, in a fresh process as a notebook kernel has it (no timing here: see bench/).

A load whose content a full validation has already found valid needs none of
the validation machinery; a full validation needs frictionless and jsonschema,
but never the Lark grammars of ``rfc3987_syntax`` (jsonschema issue #1428).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.dataset import cache
from helpers.dataset.paths import project_root

#: Not needed to load data that the cache says was found valid.
NOT_ON_THE_CACHED_PATH = ("frictionless", "jsonschema", "referencing", "rfc3987_syntax", "lark", "petl",
                          "matplotlib", "ipywidgets", "IPython")
#: Not needed even by a full validation: they only serve format checks frictionless does not ask for.
NOT_ON_THE_FULL_PATH = ("rfc3987_syntax", "lark")

_PROBE = """
import json, sys
import helpers
ds = helpers.load_dataset(sys.argv[1])
print(json.dumps({"rows": len(ds.statements), "modules": sorted(sys.modules)}))
"""


def _first_load(data_dir: Path, cache_folder: Path) -> tuple[int, set[str]]:
    env = {**os.environ, cache.ENV_VAR: str(cache_folder)}
    out = subprocess.run([sys.executable, "-c", _PROBE, str(data_dir)], env=env, cwd=project_root(),
                         capture_output=True, text=True, timeout=120, check=True).stdout
    result = json.loads(out.splitlines()[-1])
    return result["rows"], set(result["modules"])


def _statements_in_csv(data_dir: Path) -> int:
    """How many statements the package has: the rows of its statements.csv (none in a new, empty corpus)."""
    with open(data_dir / "statements.csv", encoding="utf-8", newline="") as f:
        return len(list(csv.reader(f))) - 1


def _top_level(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.fixture
def private_cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_a_cached_first_load_imports_no_validation_machinery(data_copy: Path, private_cache: Path) -> None:
    statements = _statements_in_csv(data_copy)
    rows, cold = _first_load(data_copy, private_cache)
    assert rows == statements and "frictionless" in cold  # the first load validated in full ...
    rows, warm = _first_load(data_copy, private_cache)
    assert rows == statements
    assert _top_level(warm) & set(NOT_ON_THE_CACHED_PATH) == set()  # ... the second one needed none of it


def test_a_full_validation_compiles_no_uri_grammars(data_copy: Path, private_cache: Path) -> None:
    rows, modules = _first_load(data_copy, private_cache)
    assert rows == _statements_in_csv(data_copy) and {"frictionless", "jsonschema"} <= modules
    assert _top_level(modules) & set(NOT_ON_THE_FULL_PATH) == set()


def test_jsonschema_still_checks_iris_after_the_deferred_import() -> None:
    code = """
import sys
from helpers.dataset.frictionless_fast import import_frictionless
import_frictionless()
assert "lark" not in sys.modules
import jsonschema
checker = jsonschema.FormatChecker()
print(checker.conforms("http://example.org/\u00fcber", "iri"), checker.conforms("http://exa mple.org/", "iri"),
      "lark" in sys.modules, type(sys.modules["rfc3987_syntax"]).__name__, hasattr(sys.modules["rfc3987_syntax"], "__file__"))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=project_root(), capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split() == ["True", "False", "True", "module", "True"]
