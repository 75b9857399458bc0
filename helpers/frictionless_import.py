"""Import frictionless without compiling some 35 grammars that validation never uses.

frictionless validates descriptors with ``jsonschema``. Importing
``jsonschema`` imports its format checkers, and with the
``jsonschema[format-nongpl]`` extra that the Jupyter stack installs, that
means ``rfc3987_syntax``, which builds its Lark parsers when it is imported:
1 to 2 seconds on a small machine, on every first load in a fresh kernel
(jsonschema issue #1428). frictionless never asks for those format checks
(it passes no format checker), so the work is wasted.

:func:`import_frictionless` imports ``jsonschema`` with a stand-in for
``rfc3987_syntax`` whose ``is_valid_syntax`` imports the real library the
first time it is called, and removes the stand-in from ``sys.modules`` right
after. Nothing changes in what jsonschema checks: its ``iri`` and
``iri-reference`` format checks still run the real library, only later;
anyone importing ``rfc3987_syntax`` afterwards gets the real module.

Why not another way: the GPL ``rfc3987`` (which jsonschema prefers) cannot be
a dependency of an MIT project; the lazy fork ``rfc3987-syntax2`` (MIT, kept
under the python-jsonschema organisation) has another module name, and
jsonschema 4.26 does not import it (PR #1521 was closed), so installing it
changes nothing; removing ``rfc3987-syntax`` would break the Jupyter server
that asks for it; hiding it would silently turn off two format checks for
every other user of jsonschema in the same kernel.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

__all__ = ["import_frictionless"]

_SLOW = "rfc3987_syntax"


def _deferred_is_valid_syntax(*args: Any, **kwargs: Any) -> Any:
    """``rfc3987_syntax.is_valid_syntax``, imported on first use."""
    return importlib.import_module(_SLOW).is_valid_syntax(*args, **kwargs)


def _import_jsonschema_lazily() -> None:
    if "jsonschema" in sys.modules or _SLOW in sys.modules or importlib.util.find_spec(_SLOW) is None:
        return  # already paid for, or nothing to defer
    stand_in = types.ModuleType(_SLOW, "Stand-in while jsonschema imports; see helpers.frictionless_import.")
    stand_in.is_valid_syntax = _deferred_is_valid_syntax  # type: ignore[attr-defined]
    sys.modules[_SLOW] = stand_in
    try:
        import jsonschema  # noqa: F401  (binds the deferred function in jsonschema._format)
    finally:
        if sys.modules.get(_SLOW) is stand_in:
            del sys.modules[_SLOW]


def import_frictionless() -> types.ModuleType:
    """The ``frictionless`` module, with ``jsonschema`` imported first as described above."""
    _import_jsonschema_lazily()
    import frictionless

    return frictionless
