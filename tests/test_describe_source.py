"""Every notebook says which data folder and package version it loaded (``Dataset.describe_source``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import load_dataset
from helpers.dataset.paths import default_data_dir, project_root


def test_the_projects_own_data_is_named_relative_to_the_notebooks_folder() -> None:
    dataset = load_dataset(project_root() / "data")  # the project's own, whatever --data-dir says
    line = dataset.describe_source(project_root() / "notebooks")
    assert line.startswith(f"Data loaded from ../data: package {dataset.descriptor['name']} version {dataset.version}, ")


def test_data_from_another_checkout_shows_its_absolute_path(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "checkout" / "data"
    shutil.copytree(default_data_dir(), other)
    line = load_dataset(other).describe_source(project_root() / "notebooks")
    assert f"Data loaded from {other.resolve().as_posix()}:" in line


def test_data_beside_the_checkout_is_not_shortened_to_a_relative_path(tmp_path: Path) -> None:
    checkout = tmp_path / "project"
    (checkout / "notebooks").mkdir(parents=True)
    (checkout / ".git").mkdir()
    beside = tmp_path / "other" / "data"
    shutil.copytree(default_data_dir(), beside)
    line = load_dataset(beside).describe_source(checkout / "notebooks")
    assert f"Data loaded from {beside.resolve().as_posix()}:" in line
    inside = checkout / "data"
    shutil.copytree(default_data_dir(), inside)
    assert load_dataset(inside).describe_source(checkout / "notebooks").startswith("Data loaded from ../data:")
