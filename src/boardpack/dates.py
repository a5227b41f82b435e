"""Dates as officers type them: one grammar for date cells and for Target text.

:data:`DATE_FORMS` is the grammar. :func:`parse_date_text` reads a date cell typed
as text by matching the whole cell against it; the timescale rules find the same
forms inside free text (``rules/timescales.py``) and read each with
:func:`read_date_match`, so a cell and a Target never disagree about a date.
Every form is day first (``31/10/2019``), never US month first.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

#: English month names by number (``MONTH_NAMES[1] == "January"``): the documents are
#: in English whatever the machine's locale, which ``calendar.month_name`` follows
MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES):
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


_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])\s*(?:st|nd|rd|th)?"
_MON = r"(?P<mon>" + MONTH_PATTERN + r")"
#: a time that says nothing: ``00:00``, ``00:00:00``, ``T00:00:00``
_MIDNIGHT = r"(?:(?:\s+|T)0?0:00(?::00(?:\.0+)?)?)?"


@dataclass(frozen=True)
class DateForm:
    """One way of writing a date: its name, an example and its pattern.

    The pattern's named groups are ``year`` (four digits, or two meaning 20YY), the
    month as ``month`` (digits) or ``mon`` (a name), and ``day`` (absent for a month
    and year, which means the month's last day). ``starts_with_word`` says whether
    the form begins with a month name rather than a digit.
    """

    name: str
    example: str
    pattern: str
    starts_with_word: bool = False


#: every form a date cell accepts, most specific first
DATE_FORMS: tuple[DateForm, ...] = (
    DateForm(
        "ISO",
        "2019-10-31, 2019/10/31",
        r"(?P<year>\d{4})(?P<sep>[-/])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})" + _MIDNIGHT,
    ),
    DateForm(
        "UK numeric with slashes",
        "31/10/2019, 31/10/19",
        r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4}|\d{2})" + _MIDNIGHT,
    ),
    DateForm(
        "UK numeric with dots or dashes",
        "31.10.2019, 1.4.2020, 31-10-2019",
        r"(?P<day>\d{1,2})(?P<sep>[.\-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})" + _MIDNIGHT,
    ),
    # A two-digit year with dots needs two-digit day and month, so that a paragraph
    # number such as 4.3.12 is never a date.
    DateForm(
        "UK numeric with dots or dashes and a two-digit year",
        "31.10.19, 01-04-20",
        r"(?P<day>\d{2})(?P<sep>[.\-])(?P<month>\d{2})(?P=sep)(?P<year>\d{2})" + _MIDNIGHT,
    ),
    DateForm(
        "day, month name and year",
        "31 October 2019, 31st Oct 2019, 31 Oct 19, 31-Oct-2019, 31-Oct-19",
        _DAY + r"(?:\s+(?:of\s+)?|-)" + _MON + r"(?:\s*,?\s*|-)(?P<year>\d{4}|\d{2})" + _MIDNIGHT,
    ),
    DateForm(
        "month name, day and year",
        "October 31, 2019, October 31st 2019",
        _MON + r"\s+" + _DAY + r"(?:\s*,\s*|\s+)(?P<year>\d{4})" + _MIDNIGHT,
        starts_with_word=True,
    ),
    DateForm(
        "month name and year (the month's last day)",
        "Oct 2019, October 2019, Oct-19, Sept 19",
        _MON + r"(?:\s*,?\s*|-)(?P<year>\d{4}|\d{2})",
        starts_with_word=True,
    ),
)

_WHOLE_CELL = tuple(re.compile(form.pattern, re.IGNORECASE) for form in DATE_FORMS)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def full_year(text: str) -> int:
    """``19`` → 2019; ``2019`` → 2019."""
    return 2000 + int(text) if len(text) == 2 else int(text)


def read_date_match(match: re.Match[str]) -> date | None:
    """The date a match of a :data:`DATE_FORMS` pattern names; ``None`` for an impossible
    date (``31/02/2019``) and for ``may 20`` (the verb, not the month)."""
    groups = match.groupdict()
    name = groups.get("mon")
    month = month_number(name) if name else int(groups["month"])
    if not month:
        return None
    year = full_year(groups["year"])
    day = groups.get("day")
    if day is None:
        if name == "may" and len(groups["year"]) == 2:
            return None  # "we may 20 ...": the verb
        try:
            return month_end(year, month)
        except ValueError:
            return None
    return _safe_date(year, month, int(day))


def parse_date_text(text: str) -> date | None:
    """Read one date typed as text into a cell; ``None`` when it is not a date.

    The whole cell must be one of :data:`DATE_FORMS`: ISO (``2019-10-31``,
    ``2019/10/31``), UK numeric (``31/10/2019``, ``31.10.19``; never month first),
    Excel's display forms (``31-Oct-2019``, ``Oct-19``), words (``31 October
    2019``, ``31 Oct 19``, ``Oct 2019`` = the month's last day), any of them with a
    midnight time (``31/10/2019 00:00``).
    """
    value = " ".join(text.split())
    for pattern in _WHOLE_CELL:
        if match := pattern.fullmatch(value):
            return read_date_match(match)
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
    return f"{value.day} {MONTH_NAMES[value.month]} {value.year}"
