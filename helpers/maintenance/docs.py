"""Build the documentation site (Sphinx, MyST-NB, the book theme) into ``build/docs/``.

From the shell (or through ``./suite docs``)::

    python -m helpers.maintenance.docs             # build/docs/, rebuilding only what changed
    python -m helpers.maintenance.docs --fresh     # from scratch
    python -m helpers.maintenance.docs --out DIR   # somewhere else

The configuration is ``docs/conf.py``; the source folder is the repository root, so the
notebooks, ``README.md``, ``CONTRIBUTING.md`` and ``data/*.md`` are pages under their own paths.
Notebooks are shown with their committed outputs and never executed. Every Sphinx warning is an
error (``-W --keep-going``): a broken link or anchor fails the build, naming file and line.
Sphinx runs in a child process, so autodoc's imports stay out of the caller's.

>>> [p.name for p in site_pages(project_root() / "no-such-folder")]
[]
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from helpers.dataset.paths import project_root

__all__ = ["BUILD_DIR", "build", "main", "site_pages", "sphinx_command"]

BUILD_DIR = Path("build") / "docs"
_NOT_PAGES = ("_static", "_modules", "_downloads", "_sources", "_images")


def sphinx_command(out: Path, *, root: Path | None = None, doctrees: Path | None = None, fresh: bool = False,
                   strict: bool = True, quiet: bool = True) -> list[str]:
    """The ``sphinx-build`` command line (as ``python -m sphinx``) that builds the site into ``out``.

    >>> cmd = sphinx_command(Path("/tmp/site"), root=Path("/repo"))
    >>> cmd[3:9], cmd[-4:]
    (['-b', 'html', '-c', '/repo/docs', '-d', '/tmp/site.doctrees'], ['/repo', '/tmp/site', '-W', '--keep-going'])
    """
    root = root if root is not None else project_root()
    doctrees = doctrees if doctrees is not None else out.with_name(out.name + ".doctrees")
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(root / "docs"), "-d", str(doctrees)]
    if fresh:
        cmd.append("-E")
    if quiet:
        cmd.append("-q")
    cmd += [str(root), str(out)]
    if strict:
        cmd += ["-W", "--keep-going"]
    return cmd


def build(out: Path | None = None, *, root: Path | None = None, fresh: bool = False, strict: bool = True,
          quiet: bool = True, capture: bool = False) -> subprocess.CompletedProcess:
    """Build the site into ``out`` (default ``build/docs/`` of the repository); the finished process.

    The doctrees (Sphinx's cache, for incremental builds) go beside ``out``, never into it.
    """
    root = root if root is not None else project_root()
    out = out if out is not None else root / BUILD_DIR
    return subprocess.run(sphinx_command(out, root=root, fresh=fresh, strict=strict, quiet=quiet), cwd=root,
                          capture_output=capture, text=True, check=False)


def site_pages(out: Path) -> list[Path]:
    """The HTML pages of a built site: documents, not the theme's assets or the highlighted sources."""
    if not out.is_dir():
        return []
    return sorted(p for p in out.rglob("*.html") if not set(p.relative_to(out).parts[:-1]) & set(_NOT_PAGES))


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m helpers.maintenance.docs [--out DIR] [--fresh]``: build the site; the exit status is Sphinx's."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m helpers.maintenance.docs", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help=f"output folder (default: {BUILD_DIR})")
    parser.add_argument("--fresh", action="store_true", help="rebuild every page, not only what changed")
    parser.add_argument("--verbose", action="store_true", help="print Sphinx's progress")
    args = parser.parse_args(argv)
    out = (args.out if args.out is not None else project_root() / BUILD_DIR).resolve()
    started = time.perf_counter()
    done = build(out, fresh=args.fresh, quiet=not args.verbose)
    if done.returncode != 0:
        print(f"error: the documentation build failed (exit {done.returncode}); the warnings above name file and line",
              file=sys.stderr)
        return done.returncode
    print(f"built {len(site_pages(out))} pages in {time.perf_counter() - started:.1f} s: open {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
