"""Reading the Target text: due dates, recurrence and milestones (rules T1-T4, T7).

Officers write timescales in free text (``At least 60% by Sept 2019. 85% by Dec
2019``). :func:`read_timescale` finds every date in it, takes the latest as the
due date, notes any recurrence word and ties percentages to dates. It never
raises: text it cannot read gives ``due=None``.

Dates are found in this order, and the text a date uses is not read again:

1. ISO and UK numeric dates (``2019-10-31``, ``31/10/2019``, ``31/10/19``,
   ``31.03.2019``, ``31-03-2019``; always day first, and a dotted or dashed date
   needs a four-digit year so that ``4.3.12`` stays a paragraph number);
2. a day, month and year (``4th November 2019``, ``4 th November 2019``,
   ``4th Nov 19``);
3. a month, day and year (``November 4, 2019``, ``November 14 2019``);
4. a quarter (``Q3 2018/19``, ``quarter 3, 2018``): the last day of that quarter of
   the reporting year that starts in the (first) year named; ``Q5 2019`` and
   ``Q0 2019`` name no quarter and give no date;
5. a month and year (``Sept 2019``, ``March 19``, ``Mar-2019``, ``Sep-19``): the
   last day of the month;
6. a reporting-year range (``2019/20``, ``2019-20``): the last day of the period
   it names, i.e. 31 March 2020 with an April start (31 December 2020 with a
   January start);
7. a year alone from 2000 to 2099 (``2021``): 31 December, unless it is part of a
   longer number (``201917834``) or a percentage (``2021%``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

from boardpack.dates import MONTH_PATTERN, month_end, month_number
from boardpack.status import Milestone, Recurrence, Timescale

_FLAGS = re.IGNORECASE
_NOT_AFTER_DIGIT = r"(?<!\d)(?<!\d[.,/\-])"
_NOT_BEFORE_DIGIT = r"(?![\d%]|[.,/\-]\d)"
_MONTH = r"(?<![A-Za-z])(" + MONTH_PATTERN + r")"
_ORDINAL = r"(3[01]|[12]\d|0?[1-9])\s*(?:st|nd|rd|th)?"

_ISO = re.compile(_NOT_AFTER_DIGIT + r"(\d{4})-(\d{1,2})-(\d{1,2})" + _NOT_BEFORE_DIGIT)
#: day first, the same separator twice: ``31/10/2019``, ``31/10/19``, ``31.03.2019``, ``31-03-2019``
_UK = re.compile(
    _NOT_AFTER_DIGIT
    + r"(\d{1,2})(?:/(\d{1,2})/(\d{4}|\d{2})|([.\-])(\d{1,2})\4(\d{4}))"
    + _NOT_BEFORE_DIGIT
)
_DAY_MONTH_YEAR = re.compile(
    r"(?<!\d)"
    + _ORDINAL
    + r"\s+(?:of\s+)?"
    + _MONTH
    + r"\s*,?\s*(\d{4}|\d{2})"
    + _NOT_BEFORE_DIGIT,
    _FLAGS,
)
#: ``November 4, 2019`` and ``November 14 2019``; the year must follow the day directly
_MONTH_DAY_YEAR = re.compile(
    _MONTH + r"\s+" + _ORDINAL + r"(?:\s*,\s*|\s+)(\d{4})" + _NOT_BEFORE_DIGIT, _FLAGS
)
#: any one- or two-digit quarter number, so that ``Q5 2019`` is read (as no date) as a whole
_QUARTER = re.compile(
    r"\b(?:Q|quarter\s*)(\d{1,2})(?!\d)\s*,?\s*(?:of\s+)?(\d{4})"
    r"(?:\s*[/\-]\s*(?:\d{4}|\d{2}))?" + _NOT_BEFORE_DIGIT,
    _FLAGS,
)
_MONTH_YEAR = re.compile(_MONTH + r"(?:\s*,?\s*|-)(\d{4}|\d{2})" + _NOT_BEFORE_DIGIT, _FLAGS)
_YEAR_RANGE = re.compile(
    _NOT_AFTER_DIGIT + r"(20\d{2})\s*[/\-]\s*(\d{4}|\d{2})" + _NOT_BEFORE_DIGIT
)
_YEAR = re.compile(_NOT_AFTER_DIGIT + r"(20\d{2})" + r"(?!\s*%)" + _NOT_BEFORE_DIGIT)

_PERCENT = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*%")
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)|\n")
#: a percentage then, within a few words, "by" and a date: ``60% by Sept 2019``
_LINK_AFTER = re.compile(r"^(?:[^\d%;]*?\s)?by\s+(?:the\s+)?(?:end\s+of\s+)?$", _FLAGS)
_MAX_LINK_WORDS = 8
#: a date then a comma and a percentage: ``April 2019, 60% of audits``
_LINK_BEFORE = re.compile(r"^\s*[,:\-–]\s*(?:with\s+|at\s+least\s+)?$", _FLAGS)
_BASELINE = re.compile(r"\bbaseline\b", _FLAGS)

_RECURRENCE: tuple[tuple[str, Recurrence], ...] = (
    (
        r"(?:six|6)[\s-]?monthly|every\s+(?:6|six)\s+months|twice\s+(?:a|per|each)\s+year"
        r"|twice[\s-]yearly|half[\s-]yearly|bi[\s-]?annual(?:ly)?",
        "six-monthly",
    ),
    (r"on[\s-]?going|business[\s-]+as[\s-]+usual|BAU", "ongoing"),
    (r"weekly|every\s+week", "weekly"),
    (r"monthly|every\s+month", "monthly"),
    (r"quarterly|every\s+quarter", "quarterly"),
    (r"annually|annual|yearly|every\s+year", "annually"),
)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _safe_month_end(year: int, month: int) -> date | None:
    try:
        return month_end(year, month)
    except ValueError:
        return None


def _two_digit_year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def quarter_end(quarter: int, year: int, year_starts: int) -> date | None:
    """The last day of ``quarter`` (1-4) of the reporting year that starts in ``year``.

    With an April start, Q1 is April to June and Q4 of 2019 ends on 31 March 2020.
    """
    last_month = year_starts - 1 + 3 * quarter  # months counted from January of ``year``
    return _safe_month_end(year + (last_month - 1) // 12, (last_month - 1) % 12 + 1)


def reporting_year_end(first_year: int, year_starts: int) -> date | None:
    """The end of a reporting year written as a range such as ``2019/20``.

    The range ends in its second year: on the last day of the month before the
    year starts (31 March with an April start), or on 31 December with a January
    start.
    """
    if year_starts == 1:
        return _safe_month_end(first_year + 1, 12)
    return _safe_month_end(first_year + 1, year_starts - 1)


_Reader = Callable[["re.Match[str]", int], date | None]


def _iso(match: re.Match[str], _: int) -> date | None:
    return _safe_date(int(match[1]), int(match[2]), int(match[3]))


def _uk(match: re.Match[str], _: int) -> date | None:
    month, year = (match[2], match[3]) if match[2] else (match[5], match[6])
    return _safe_date(_two_digit_year(year), int(month), int(match[1]))


def _day_month_year(match: re.Match[str], _: int) -> date | None:
    month = month_number(match[2])
    return _safe_date(_two_digit_year(match[3]), month, int(match[1])) if month else None


def _month_day_year(match: re.Match[str], _: int) -> date | None:
    month = month_number(match[1])
    return _safe_date(int(match[3]), month, int(match[2])) if month else None


def _quarter(match: re.Match[str], year_starts: int) -> date | None:
    quarter = int(match[1])
    return quarter_end(quarter, int(match[2]), year_starts) if 1 <= quarter <= 4 else None


def _month_year(match: re.Match[str], _: int) -> date | None:
    month = month_number(match[1])
    if month is None:
        return None
    if len(match[2]) == 2 and match[1] == "may":
        return None  # "may 20 staff ...": the verb, not the month
    return _safe_month_end(_two_digit_year(match[2]), month)


def _year_range(match: re.Match[str], year_starts: int) -> date | None:
    first = int(match[1])
    second = _two_digit_year(match[2]) if len(match[2]) == 2 else int(match[2])
    if second == first + 1:
        return reporting_year_end(first, year_starts)
    return date(second, 12, 31) if first < second < 2100 else None  # "2019-2021"


def _year(match: re.Match[str], _: int) -> date | None:
    return date(int(match[1]), 12, 31)


_READERS: tuple[tuple[re.Pattern[str], _Reader], ...] = (
    (_ISO, _iso),
    (_UK, _uk),
    (_DAY_MONTH_YEAR, _day_month_year),
    (_MONTH_DAY_YEAR, _month_day_year),
    (_QUARTER, _quarter),
    (_MONTH_YEAR, _month_year),
    (_YEAR_RANGE, _year_range),
    (_YEAR, _year),
)


class _FoundDate:
    """A date found in the text, with where it was written."""

    __slots__ = ("end", "start", "text", "value")

    def __init__(self, start: int, end: int, text: str, value: date) -> None:
        self.start, self.end, self.text, self.value = start, end, text, value


def _find_dates(text: str, year_starts: int) -> list[_FoundDate]:
    """Every date in ``text``, in reading order; a character belongs to one date at most."""
    taken = [False] * len(text)
    found: list[_FoundDate] = []
    for pattern, reader in _READERS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            value = reader(match, year_starts)
            # An impossible date (31 February) is still a date-shaped text: keep
            # later, looser patterns from reading part of it as another date.
            taken[start:end] = [True] * (end - start)
            if value is not None:
                found.append(_FoundDate(start, end, match.group(0), value))
    return sorted(found, key=lambda d: d.start)


def find_recurrence(text: str) -> tuple[Recurrence, str] | None:
    """The meaning of the first recurrence word in the text and the word as written:
    ``("quarterly", "Quarterly")`` for ``Quarterly report``; ``None`` when there is none (T3)."""
    best: tuple[int, Recurrence, str] | None = None
    taken: list[tuple[int, int]] = []
    for pattern, recurrence in _RECURRENCE:
        for match in re.finditer(r"\b(?:" + pattern + r")\b", text, _FLAGS):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            if best is None or start < best[0]:
                best = (start, recurrence, match.group(0))
    return (best[1], best[2]) if best else None


def _sentences(text: str, dates: list[_FoundDate]) -> Iterator[tuple[int, int]]:
    """Spans of the sentences of ``text``: split at ``.``/``;`` before a space and at
    new lines, but not at the dot of a date (``Sep. 2019``)."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if any(d.start <= match.start() < d.end for d in dates):
            continue
        yield start, match.end()
        start = match.end()
    yield start, len(text)


def _milestones(text: str, dates: list[_FoundDate]) -> list[Milestone]:
    """Percentages tied to a date in the same sentence (T4).

    A percentage is tied to the date that follows it after ``by`` within a few
    words (``60% by Sept 2019``, ``95% of cases ... by April 2019``), or to the date
    just before it and a comma (``April 2019, 60% of audits``). A percentage after
    the word ``baseline`` is a starting point, not a target.
    """
    found: list[Milestone] = []
    for start, end in _sentences(text, dates):
        in_sentence = [d for d in dates if start <= d.start and d.end <= end]
        clause_start = start
        for match in _PERCENT.finditer(text, start, end):
            value = f"{match[1]}%"
            before = text[clause_start : match.start()]
            clause_start = match.end()
            if _BASELINE.search(before):
                continue
            tied = _date_after(text, match.end(), in_sentence) or _date_before(
                text, match.start(), in_sentence
            )
            if tied is not None:
                milestone = Milestone(tied.value, value)
                if milestone not in found:
                    found.append(milestone)
    return found


def _date_after(text: str, position: int, dates: list[_FoundDate]) -> _FoundDate | None:
    following = [d for d in dates if d.start >= position]
    if not following:
        return None
    nearest = following[0]
    between = text[position : nearest.start]
    if _PERCENT.search(between) or len(between.split()) > _MAX_LINK_WORDS + 1:
        return None
    return nearest if _LINK_AFTER.match(between) else None


def _date_before(text: str, position: int, dates: list[_FoundDate]) -> _FoundDate | None:
    preceding = [d for d in dates if d.end <= position]
    if not preceding:
        return None
    nearest = preceding[-1]
    return nearest if _LINK_BEFORE.match(text[nearest.end : position]) else None


def quoted(text: str) -> str:
    """Text in single quotes, on one line: ``'By April 2019.'``."""
    return "'" + " ".join(text.split()) + "'"


def read_timescale(target: str, *, year_starts: int = 4) -> Timescale:
    """What a Target text says about when an action is due (T1-T4, T7).

    ``due`` is the latest date in the text (``None`` when there is none);
    ``recurrence`` the first recurrence word's meaning; ``milestones`` the
    percentages tied to dates, in reading order; ``source`` says in words how the
    due date was reached. ``year_starts`` (1-12; anything else means April) is
    the first month of the reporting year, for quarters. Never raises.
    """
    if not isinstance(year_starts, int) or not 1 <= year_starts <= 12:
        year_starts = 4
    text = target if isinstance(target, str) else ""
    dates = _find_dates(text, year_starts)
    found = find_recurrence(text)
    recurrence = found[0] if found else None
    milestones = _milestones(text, dates)
    dates_found = [(d.text, d.value) for d in dates]
    if not text.strip():
        return Timescale(None, "the target is empty", recurrence, milestones, dates_found)
    if not dates:
        why = f"the target {quoted(text)} gives no date"
        if found:
            why += f"; '{found[1]}' means it recurs ({recurrence})"
        return Timescale(None, why, recurrence, milestones, dates_found)
    latest = max(dates, key=lambda d: d.value)
    why = f"the latest date in the target {quoted(text)}"
    if len(dates) > 1:
        why += f" ('{latest.text}', of {len(dates)} dates)"
    return Timescale(latest.value, why, recurrence, milestones, dates_found)
