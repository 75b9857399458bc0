"""The locked environment: read ``requirements-lock.txt``, check it against ``pyproject.toml``, derive from it.

``./suite lock`` writes the lock with ``uv pip compile`` (every package pinned, with hashes,
for every platform and Python >= 3.11) and then derives ``environment.yml`` from it with
this module, so conda and Binder install the same versions. From the shell::

    python -m helpers.maintenance.envlock check          # exit 1 and one line per disagreement with pyproject.toml
    python -m helpers.maintenance.envlock environment    # print the environment.yml that the lock implies
    python -m helpers.maintenance.envlock compare        # what the installed environment has that the lock does not
    python -m helpers.maintenance.envlock unlocked       # installed distributions the lock does not name (one per line)

>>> canonical("Jupyter_Server")
'jupyter-server'
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.version import Version

from helpers.dataset.paths import project_root

__all__ = ["LOCK_EXTRAS", "LOCK_NAME", "Pin", "canonical", "disagreements", "environment_yml", "main", "read_lock"]

LOCK_NAME = "requirements-lock.txt"
LOCK_EXTRAS = ("test", "dev", "docs")  # the extras the lock covers; ./suite lock passes the same
LOCK_PYTHON = "3.11"  # the Python the committed outputs were made with (./suite lock --python-version)
PROJECT = "geopol-notebooks"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?\s*$")
_VIA_ONE = re.compile(r"^#\s+via\s+(\S+)")
_VIA_MANY = re.compile(r"^#\s+(\S+)")
# Installed in every venv by python -m venv and pip itself; never pinned by the lock.
_TOOLING = {"pip", "setuptools", "wheel"}


def canonical(name: str) -> str:
    """PEP 503 normalised name."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Pin:
    """One ``name==version ; marker`` entry of the lock, with the packages that need it (``via``)."""

    name: str
    version: str
    marker: str | None
    via: tuple[str, ...]
    hashes: int

    def applies(self, environment: dict[str, str] | None = None) -> bool:
        return self.marker is None or Marker(self.marker).evaluate(environment)

    def line(self) -> str:
        return f"{self.name}=={self.version}" + (f" ; {self.marker}" if self.marker else "")


def read_lock(path: Path) -> list[Pin]:
    """Every pin of a ``uv pip compile --generate-hashes`` file, in file order.

    >>> pins = read_lock(project_root() / LOCK_NAME)
    >>> all(p.hashes for p in pins) and any(p.name == "pandas" for p in pins)
    True
    """
    pins: list[Pin] = []
    current: dict | None = None
    in_via = False

    def flush() -> None:
        if current is not None:
            pins.append(Pin(current["name"], current["version"], current["marker"], tuple(current["via"]), current["hashes"]))

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if not raw[0].isspace() and not line.startswith("#"):
            match = _PIN.match(line)
            if not match:
                raise ValueError(f"{path.name}: not a pinned requirement: {line!r}")
            flush()
            current = {"name": canonical(match.group(1)), "version": match.group(2), "marker": match.group(3), "via": [], "hashes": 0}
            in_via = False
        elif current is not None and line.startswith("--hash="):
            current["hashes"] += 1
        elif current is not None and line.startswith("#"):
            one = _VIA_ONE.match(line)
            if one and line.strip() != "# via":
                current["via"].append(one.group(1))
            elif line.strip() == "# via":
                in_via = True
            elif in_via and (many := _VIA_MANY.match(line)):
                current["via"].append(many.group(1))
    flush()
    return pins


def declared(pyproject: Path, extras: Sequence[str] = LOCK_EXTRAS) -> list[Requirement]:
    """``[project].dependencies`` plus the given extras, as parsed requirements."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    optional = project.get("optional-dependencies", {})
    return [Requirement(r) for r in [*project.get("dependencies", []), *(r for extra in extras for r in optional.get(extra, []))]]


def disagreements(pyproject: Path, lock: Path) -> list[str]:
    """Ways in which the lock does not match ``pyproject.toml``, one readable line each (empty when it does).

    Every declared requirement must be locked at a version inside its range, every pin the lock
    says the project needs directly must still be declared, every pin must carry hashes, and
    every package a pin is needed by must itself be in the lock (nothing left over from a
    removed dependency).
    """
    pins = read_lock(lock)
    by_name: dict[str, list[Pin]] = {}
    for pin in pins:
        by_name.setdefault(pin.name, []).append(pin)
    problems = []
    wanted = declared(pyproject)
    wanted_names = {canonical(r.name) for r in wanted}
    for req in wanted:
        name = canonical(req.name)
        if name not in by_name:
            problems.append(f"{name}: declared in pyproject.toml ({req.specifier or 'any version'}) but not in {lock.name}")
            continue
        for pin in by_name[name]:
            if not req.specifier.contains(Version(pin.version), prereleases=True):
                problems.append(f"{name}: {lock.name} pins {pin.version}, outside pyproject.toml's {req.specifier}")
    for pin in pins:
        if pin.hashes == 0:
            problems.append(f"{pin.name}: pinned without a hash in {lock.name}")
        for parent in pin.via:
            parent = canonical(parent)
            if parent == PROJECT:
                if pin.name not in wanted_names:
                    problems.append(f"{pin.name}: {lock.name} has it for the project, but pyproject.toml no longer declares it")
            elif parent not in by_name:
                problems.append(f"{pin.name}: {lock.name} has it for {parent}, which the lock does not contain")
    return problems


def environment_yml(pins: Iterable[Pin], python: str = LOCK_PYTHON) -> str:
    """The conda / Binder environment the lock implies: the locked Python and every pin, installed by pip."""
    lines = [
        "# Generated from requirements-lock.txt by `./suite lock`; do not edit by hand.",
        "# conda / mamba / Binder: the same Python and the same package versions as the lock",
        "# (pip wheels from PyPI inside a conda Python; conda does not check the lock's hashes).",
        "name: geopol-notebooks",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={python}",
        "  - pip",
        "  - pip:",
    ]
    lines += [f'      - "{pin.line()}"' for pin in pins]
    lines.append("      - -e .")
    return "\n".join(lines) + "\n"


def installed() -> dict[str, str]:
    """Distributions installed in this interpreter's environment: canonical name -> version."""
    return {canonical(d.metadata["Name"]): d.version for d in metadata.distributions() if d.metadata["Name"]}


def compare(pins: Iterable[Pin], present: dict[str, str]) -> list[str]:
    """How an installed environment differs from the lock (for this interpreter's platform), one line each.

    >>> compare([Pin("pandas", "3.1.0", None, (), 2)], {"pandas": "3.2.0", "geopol-notebooks": "1.0.0"})
    ['pandas: lock 3.1.0, installed 3.2.0']
    """
    wanted = {p.name: p.version for p in pins if p.applies()}
    lines = []
    for name in sorted(set(wanted) | set(present)):
        if name in _TOOLING or name == PROJECT:
            continue
        if name not in present:
            lines.append(f"{name}: lock {wanted[name]}, not installed")
        elif name not in wanted:
            lines.append(f"{name}: not in the lock, installed {present[name]}")
        elif wanted[name] != present[name]:
            lines.append(f"{name}: lock {wanted[name]}, installed {present[name]}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.maintenance.envlock", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["check", "environment", "compare", "unlocked"])
    parser.add_argument("--lock", type=Path, default=project_root() / LOCK_NAME)
    parser.add_argument("--pyproject", type=Path, default=project_root() / "pyproject.toml")
    args = parser.parse_args(argv)
    if args.command == "check":
        problems = disagreements(args.pyproject, args.lock)
        for line in problems:
            print(line)
        if problems:
            print("The lock is stale: run ./suite lock", file=sys.stderr)
        return 1 if problems else 0
    pins = read_lock(args.lock)
    if args.command == "environment":
        sys.stdout.write(environment_yml(pins))
    elif args.command == "compare":
        lines = compare(pins, installed())
        print("\n".join(lines) if lines else "The installed environment matches the lock.")
    else:
        locked = {p.name for p in pins}
        print("\n".join(sorted(n for n in installed() if n not in locked and n not in _TOOLING and n != PROJECT)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
