"""Where the project's data lives, found from the package, not the working directory."""

from __future__ import annotations

import os
from pathlib import Path

DESCRIPTOR_NAME = "datapackage.json"
#: An environment variable naming another data package to use as the default (``pytest --data-dir DIR`` sets it).
DATA_DIR_VAR = "GEOPOL_DATA_DIR"


def project_root() -> Path:
    """The repository root: the folder that holds ``helpers/`` and ``data/``."""
    return Path(__file__).resolve().parents[2]


def default_data_dir() -> Path:
    """The project's ``data/`` folder, whatever the current working directory (or the folder ``GEOPOL_DATA_DIR`` names).

    >>> (default_data_dir() / DESCRIPTOR_NAME).is_file()
    True
    """
    other = os.environ.get(DATA_DIR_VAR)
    return Path(other).resolve() if other else project_root() / "data"
