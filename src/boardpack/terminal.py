"""Text made safe to print: nothing read from a file may steer the terminal.

Escape sequences (ANSI colours, cursor moves, title changes), carriage returns that
overwrite a line, and other control characters are shown as Python-style escapes
(``\\x1b``, ``\\r``); so are lone surrogates, which no terminal encoding can print.
"""

from __future__ import annotations

import re

#: C0 and C1 controls and DEL, bidirectional overrides and isolates, and lone surrogates
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_WITH_LINES = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\r": "\\r", "\n": "\\n", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character escaped except line feeds and tabs."""
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """``text`` with line feeds and tabs escaped too: a value that must stay on its line."""
    return _UNSAFE_WITH_LINES.sub(_escape, text)
