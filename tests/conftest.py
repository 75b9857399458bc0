"""Shared fixtures and options for the test suite."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from helpers.curation.example import add_invented_article
from helpers.dataset.cache import ENV_VAR
from helpers.dataset.paths import DATA_DIR_VAR, default_data_dir, project_root

_CACHE_KEY = pytest.StashKey[tuple[str, "str | None"]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regenerate-baselines",
        action="store_true",
        default=False,
        help="write the figure baselines in tests/baseline/ instead of comparing against them",
    )
    parser.addoption(
        "--data-dir",
        default=None,
        help="run the data-independent tests on another valid data package (default: the project's data/); "
             "tests/test_shipped_article.py, which is about the shipped article, is skipped then",
    )


#: Modules about the shipped article; skipped under --data-dir. test_shipped_article.py holds the facts; the others compare
#: the committed notebooks and figure baselines, which are outputs of the shipped data.
SHIPPED_ONLY = ("test_shipped_article.py", "test_notebooks.py", "test_figures.py", "test_prose_numbers.py", "test_codings.py")


def shipped_data() -> bool:
    """Whether this run tests the project's own data/ (no --data-dir given)."""
    return os.environ.get(DATA_DIR_VAR) in (None, "")


def pytest_configure(config: pytest.Config) -> None:
    """Validation cache entries go to a private folder for this run, never the user's cache or the repository."""
    folder = tempfile.mkdtemp(prefix="geopol_test_cache_")
    config.stash[_CACHE_KEY] = (folder, os.environ.get(ENV_VAR))
    os.environ[ENV_VAR] = folder
    data_dir = config.getoption("--data-dir")
    if data_dir:  # every load_dataset() and default_data_dir() of this run reads that package
        os.environ[DATA_DIR_VAR] = str(Path(data_dir).resolve())


def pytest_unconfigure(config: pytest.Config) -> None:
    folder, previous = config.stash.get(_CACHE_KEY, (None, None))
    if folder is None:
        return
    shutil.rmtree(folder, ignore_errors=True)
    if config.getoption("--data-dir"):
        os.environ.pop(DATA_DIR_VAR, None)
    if previous is None:
        os.environ.pop(ENV_VAR, None)
    else:
        os.environ[ENV_VAR] = previous


# `./suite test-min` sets this: the lowest versions pyproject.toml allows, outside the lock.
MINIMUM_VERSIONS = os.environ.get("GEOPOL_MINIMUM_VERSIONS") == "1"
LOCK_ONLY_REASON = ("compares exact rendering (figure pixels, the browser's page), which belongs to the locked environment "
                    "(requirements-lock.txt): ./suite test-min checks behaviour at the lowest allowed versions only")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """At the minimum versions, tests marked ``lock_only`` skip with the reason; in CI (REQUIRE_BROWSER=1) a browser test must run."""
    if not shipped_data():
        reason = "about the shipped article; --data-dir runs the data-independent tests only"
        for item in items:
            if item.path.name in SHIPPED_ONLY or item.path.parent.name != "tests":  # doctests quote the shipped data
                item.add_marker(pytest.mark.skip(reason=reason))
    if MINIMUM_VERSIONS:
        for item in items:
            if item.get_closest_marker("lock_only"):
                item.add_marker(pytest.mark.skip(reason=LOCK_ONLY_REASON))
        return
    if os.environ.get("REQUIRE_BROWSER") != "1":
        return
    for item in items:
        if item.get_closest_marker("browser"):
            item.user_properties.append(("require_browser", True))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and ("require_browser", True) in item.user_properties:
        report.outcome = "failed"
        report.longrepr = f"browser test skipped but REQUIRE_BROWSER=1: {report.longrepr}"


@pytest.fixture(scope="session")
def dataset():
    """The project's dataset, loaded once. Read it; never change it."""
    from helpers import load_dataset

    return load_dataset()


@pytest.fixture(scope="session")
def shipped_dataset():
    """The shipped article's dataset (the project's own data/), whatever --data-dir says. Read it; never change it.

    For tests of the tools that name the shipped article's rows as their input (like a fixture file); tests of what
    must hold in any package use ``dataset``.
    """
    from helpers import load_dataset

    return load_dataset(project_root() / "data")


@pytest.fixture(scope="session")
def new_corpus_ds(tmp_path_factory: pytest.TempPathFactory):
    """What ``geopol-curate new-corpus`` gives a researcher (every table, no documents), started from the shipped data/ whatever
    --data-dir says, loaded once. Read it; never change it."""
    from helpers import load_dataset
    from helpers.curation.corpus import new_corpus

    target = tmp_path_factory.mktemp("new_corpus") / "data"
    new_corpus(target, "new-test-corpus", data_dir=project_root() / "data")
    return load_dataset(target)


@pytest.fixture
def shipped_package(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project's own data/ as the default package for this test, whatever --data-dir says (subprocesses inherit it).

    For tests of the tools that use the shipped article as their fixture (they name its rows): they test the code, not
    the package under --data-dir, so they run there too. Request it before ``data_copy``
    (``pytestmark = pytest.mark.usefixtures("shipped_package")``).
    """
    shipped = project_root() / "data"
    monkeypatch.setenv(DATA_DIR_VAR, str(shipped))
    return shipped


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the project's data/ folder that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


@pytest.fixture(scope="session")
def two_document_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped data/ plus the invented second article (helpers/curation/example.py), built once with the curator
    tools, whatever --data-dir says: a fixture whose rows the multi-document tests name. Read it; never change it."""
    target = tmp_path_factory.mktemp("two_documents") / "data"
    shutil.copytree(project_root() / "data", target)
    add_invented_article(target)
    return target


@pytest.fixture
def two_document_copy(two_document_data: Path, tmp_path: Path) -> Path:
    """A private copy of the two-document dataset that a test may break."""
    return Path(shutil.copytree(two_document_data, tmp_path / "data"))


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under --data-dir, the modules about the shipped article are not even imported (test_codings reads data/coding/)."""
    if config.getoption("--data-dir") and collection_path.name in SHIPPED_ONLY:
        return True
    return None
