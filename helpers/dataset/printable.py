r"""Messages that print whatever the data holds.

A problem line quotes names and values from the data: a lone surrogate (from a
``\ud800`` escape in the JSON, or a file name that is not UTF-8) makes ``print``
raise on a UTF-8 stream; a line feed in a field name could forge a second problem
line; an escape sequence could recolour the terminal; a bidirectional control
could make a line display differently from what it says. :func:`printable`
escapes all of them, so every message is one honest line.

>>> printable("name\ud800 and \udcff, a\nb\x1b[31m, \u202e")
'name\\ud800 and \\xff, a\\nb\\x1b[31m, \\u202e'
>>> printable("Kremlin’s «reply» — 1\t2")
'Kremlin’s «reply» — 1\\t2'
"""

from __future__ import annotations

import re

__all__ = ["printable"]

# C0 and C1 controls (tab and line feed included: a message is one line), surrogates, bidirectional controls,
# and the line and paragraph separators some terminals and every str.splitlines() treat as line breaks.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code == 0x0A:
        return "\\n"
    if code == 0x09:
        return "\\t"
    if code == 0x0D:
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """``str(text)`` with every character that would not print as itself, on one line, escaped."""
    return _UNPRINTABLE.sub(_escape, str(text))
