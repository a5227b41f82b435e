"""Dates as officers type them: ISO, UK numeric, and words.

Used for date cells (``parse_date_text``); the timescale rules use the same month
names and month-end arithmetic when they search free text.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _number
        MONTHS[_name[:3].lower()] = _number
MONTHS["sept"] = 9

#: a month name, full or short (``Sept`` included), any case, with an optional dot
MONTH_PATTERN = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def month_number(name: str) -> int | None:
    """``Sept.`` → 9; ``None`` when the text is not a month name."""
    return MONTHS.get(name.strip().rstrip(".").lower())


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_UK = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_DAY_MONTH_YEAR = re.compile(
    r"^(\d{1,2})\s*(?:st|nd|rd|th)?\s+(" + MONTH_PATTERN + r")\s*,?\s*(\d{4})$", re.IGNORECASE
)
_MONTH_DAY_YEAR = re.compile(
    r"^(" + MONTH_PATTERN + r")\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(\d{4})$", re.IGNORECASE
)
_MONTH_YEAR = re.compile(r"^(" + MONTH_PATTERN + r")\s*,?\s*(\d{4}|\d{2})$", re.IGNORECASE)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def parse_date_text(text: str) -> date | None:
    """Read one date typed as text into a cell; ``None`` when it is not a date.

    Accepts ISO (``2019-10-31``), UK numeric (``31/10/2019``, never month first),
    ``31 October 2019`` / ``31st Oct 2019``, and ``Oct 2019`` (the last day of the
    month).
    """
    value = " ".join(text.split())
    if not value:
        return None
    if match := _ISO.match(value):
        return _safe_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _UK.match(value):
        return _safe_date(_full_year(match[3]), int(match[2]), int(match[1]))
    if match := _DAY_MONTH_YEAR.match(value):
        month = month_number(match[2])
        return _safe_date(int(match[3]), month, int(match[1])) if month else None
    if match := _MONTH_DAY_YEAR.match(value):
        month = month_number(match[1])
        return _safe_date(int(match[3]), month, int(match[2])) if month else None
    if match := _MONTH_YEAR.match(value):
        month = month_number(match[1])
        return month_end(_full_year(match[2]), month) if month else None
    return None


def as_date(value: object) -> date | None:
    """A cell value as a date: real Excel dates, or text in any accepted form."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date_text(value)
    return None


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def long_date(value: date) -> str:
    """``31 October 2019``: the form printed in the documents."""
    return f"{value.day} {calendar.month_name[value.month]} {value.year}"
