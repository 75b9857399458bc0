"""Where the project's data lives, found from the package, not the working directory."""

from __future__ import annotations

from pathlib import Path

DESCRIPTOR_NAME = "datapackage.json"


def project_root() -> Path:
    """The repository root: the folder that holds ``helpers/`` and ``data/``."""
    return Path(__file__).resolve().parents[2]


def default_data_dir() -> Path:
    """The project's ``data/`` folder, whatever the current working directory.

    >>> (default_data_dir() / DESCRIPTOR_NAME).is_file()
    True
    """
    return project_root() / "data"
