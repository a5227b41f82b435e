"""Cell values as officers type them, turned into clean text, ids and numbers.

Pure functions with no knowledge of sheets or problems: the table reader calls them
and reports what they find.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time

from boardpack.dates import long_date

#: Excel's escape for a character XML cannot hold, e.g. ``_x000B_`` for a vertical tab;
#: ``_x005F_`` is an underscore, written before ``x0041_`` and the like typed as text
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: any character that makes text more than a trim away from clean (an escape ``_x`` too:
#: looked for apart, as one pattern with both takes twice as long)
_SPECIAL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"\r\n|\r|\v|\f|\u2028|\u2029")
#: control characters, and the two non-characters XML cannot hold
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
#: characters that start a bulleted line when text is pasted from Word or typed by hand
#: (a hyphen or star directly before a digit is a sign or a footnote, not a bullet)
_BULLET = re.compile(r"^(?:[–—•·◦▪▫‣⁃●○■□►▶➢➤✓✔\uf0a7\uf0b7\uf0d8\uf076\uf0fc]|[-*>](?!\d))+\s*")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")
#: number formats with a fixed count of decimals, e.g. ``0.00`` or ``#,##0.0``
_FIXED_DECIMALS = re.compile(r"^[#,]*0(?:\.(0+))?$")

_CONTROL_NAMES = {
    "\t": "tab",
    "\n": "line feed",
    "\r": "carriage return",
    "\x07": "bell",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x00": "null",
    "\x1b": "escape",
    "\x7f": "delete",
}


def control_name(char: str) -> str:
    """``vertical tab (U+000B)``: how a hidden character is named in a message."""
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "") or "control character"
    return f"{name.lower()} (U+{ord(char):04X})"


def _unescape_controls(text: str, found: list[str]) -> str:
    """Decode Excel's ``_xHHHH_`` escapes of control characters and underscores.

    Each hidden character decoded is noted, except an underscore and a carriage
    return, which is a line break like any other.
    """

    def decode(match: re.Match[str]) -> str:
        char = chr(int(match[1], 16))
        if char in "_\r":
            return char
        if _CONTROL.match(char) or char in "\n\t":
            found.append(char)
            return char
        return match[0]

    return _ESCAPE.sub(decode, text)


def is_clean(text: str) -> bool:
    """True when ``text`` is clean but for a trim: no line break, escape or control character."""
    if text.isascii():  # the usual case: every ASCII character but those is printable
        return text.isprintable() and "_x" not in text
    return "_x" not in text and not _SPECIAL.search(text)


def clean_text(text: str) -> tuple[str, list[str]]:
    """Trim a text cell and turn its line breaks into ``\\n``-separated paragraphs.

    Returns the clean text and the hidden characters that were cleaned away (escapes
    such as ``_x000B_`` and control characters such as a vertical tab), for a warning.
    Windows line breaks (``\\r\\n``, also when saved as ``_x000D_`` before a line
    feed) and a lone ``\\r`` are ordinary line breaks and are not reported. Empty
    lines are dropped and each line is trimmed, so every line is one paragraph.
    """
    if is_clean(text):
        return text.strip(), []
    found: list[str] = []
    if "_x" in text:
        text = _unescape_controls(text, found)
    found.extend(char for char in _CONTROL.findall(text) if char not in "\r\n")
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROL.sub("", text).replace("\t", " ")
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line), list(dict.fromkeys(found))


def lines_of(text: str) -> list[str]:
    """One item per line with any leading bullet (``-``, ``•``, ``*`` ...) dropped."""
    items = (_BULLET.sub("", line).strip() for line in text.split("\n"))
    return [item for item in items if item]


def is_percent_format(number_format: str) -> bool:
    """True for number formats that show a percentage, e.g. ``0%`` or ``0.0%``."""
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)


def number_text(value: float, number_format: str = "General") -> str:
    """A number as Excel shows it: ``1.1``, ``1.10`` under format ``0.00``, ``1`` for 1.0."""
    match = _FIXED_DECIMALS.match(number_format.strip())
    if match and match[1]:
        return f"{value:.{len(match[1])}f}"
    if float(value).is_integer():
        return str(int(value))
    return format(value, ".15g")


def value_text(value: object, number_format: str = "General") -> tuple[str, list[str]]:
    """Any cell value as clean text, with the hidden characters cleaned away.

    Dates read as ``31 October 2019``, numbers as Excel shows them, empty cells as ``""``.
    """
    if value is None:
        return "", []
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), []
    if isinstance(value, int | float):
        return number_text(value, number_format), []
    if isinstance(value, datetime):
        return long_date(value.date()), []
    if isinstance(value, date):
        return long_date(value), []
    if isinstance(value, time):
        return value.isoformat(), []
    return clean_text(str(value))


def parse_number(text: str) -> tuple[float, bool] | None:
    """``47`` → (47, False); ``47%`` → (47, True); ``1,234.5`` → (1234.5, False).

    ``None`` when the text is not a number.
    """
    value = text.strip()
    percent = value.endswith("%")
    if percent:
        value = value[:-1].strip()
    if not value or not _PLAIN_NUMBER.match(value) or value in {"+", "-", "."}:
        return None
    try:
        return float(value.replace(",", "")), percent
    except ValueError:
        return None


def whole_number(value: object) -> int | None:
    """A whole number from an integer cell, an integral float or digits typed as text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        parsed = parse_number(text)
        if parsed and not parsed[1] and parsed[0].is_integer():
            return int(parsed[0])
    return None


def shown(value: object) -> str:
    """A found value quoted for a message: ``'Purple'``, ``the number 43769``, ``TRUE``."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return f"the number {number_text(value)}"
    if isinstance(value, datetime):
        return f"the date {value.date().isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)
