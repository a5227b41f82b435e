"""Reading the Target text: due dates, recurrence and milestones (rules T1-T4, T7-T9).

Officers write timescales in free text (``At least 60% by Sept 2019. 85% by Dec
2019``, ``Spring term 2020``, ``Fortnightly from January 2020``).
:func:`read_timescale` finds every date in it, takes the latest as the due date,
notes any recurrence word and ties percentages to dates. It never raises: text
it cannot read gives ``due=None``.

Dates are found in this order, and the text a date uses is not read again:

1. the date forms of a date cell (``boardpack.dates.DATE_FORMS``, the one date
   grammar): ISO and UK numeric (``2019-10-31``, ``2019/10/31``, ``31/10/2019``,
   ``31.10.19``; always day first, and a dotted date with a two-digit year needs
   a two-digit day and month so that ``4.3.12`` stays a paragraph number), a day,
   month and year (``4th November 2019``, ``31-Oct-19``), a month, day and year
   (``November 4, 2019``) (T2);
2. a quarter (``Q3 2018/19``, ``quarter 3, 2018``): the last day of that quarter of
   the reporting year that starts in the (first) year named; ``Q5 2019`` and
   ``Q0 2019`` name no quarter and give no date (T2);
3. a school term (``Spring term 2020``, ``the 2019/20 summer term``), an academic
   or school year (``academic year 2019/20``), a season (``Winter 2019/20``), and
   ``early``, ``mid`` or ``late`` with a year, which is approximate (T8);
4. a month and year (``Sept 2019``, ``March 19``, ``Mar-2019``, ``Sep-19``): the
   last day of the month (T2, a date-cell form);
5. a reporting-year range (``2019/20``, ``2019-20``): the last day of the period
   it names, i.e. 31 March 2020 with an April start (31 December 2020 with a
   January start) (T2);
6. a year alone from 2000 to 2099 (``2021``): 31 December, unless it is part of a
   longer number (``201917834``) or a percentage (``2021%``) (T2).

A date after ``from`` or before ``onwards`` starts something that recurs (T9).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from boardpack.dates import DATE_FORMS, MONTH_NAMES, MONTHS, long_date, month_end, read_date_match
from boardpack.status import Milestone, NamedDate, Reading, Recurrence, Timescale

_FLAGS = re.IGNORECASE
_NOT_AFTER_DIGIT = r"(?<!\d)(?<!\d[.,/\-])"
_NOT_BEFORE_DIGIT = r"(?![\d%]|[.,/\-]\d)"
_NOT_AFTER_LETTER = r"(?<![A-Za-z])"

#: a year, or an academic or reporting year written as a range: 2020, 2019/20, 2019-2020
_YEARS = r"(?P<first>20\d{2})(?:\s*[/\-]\s*(?P<second>20\d{2}|\d{2}))?" + _NOT_BEFORE_DIGIT

#: any one- or two-digit quarter number, so that ``Q5 2019`` is read (as no date) as a whole
_QUARTER = re.compile(
    r"\b(?:Q|quarter\s*)(\d{1,2})(?!\d)\s*,?\s*(?:of\s+)?(\d{4})"
    r"(?:\s*[/\-]\s*(?:\d{4}|\d{2}))?" + _NOT_BEFORE_DIGIT,
    _FLAGS,
)
_ACADEMIC = r"(?:(?P<kind>academic|school)\s+year\s+)"
_TERM_FIRST = re.compile(
    _NOT_AFTER_LETTER
    + r"(?P<term>autumn|spring|summer)[\s\-]+term\b\s*,?\s*(?:of\s+)?(?:the\s+)?"
    + _ACADEMIC
    + r"?"
    + _YEARS,
    _FLAGS,
)
_TERM_LAST = re.compile(
    _NOT_AFTER_DIGIT
    + _YEARS
    + r"\s+(?:(?:academic|school)\s+year(?:'s|\s*,)?\s+)?"
    + r"(?P<term>autumn|spring|summer)[\s\-]+term\b",
    _FLAGS,
)
#: ``Autumn 2019 term``
_TERM_AROUND_YEAR = re.compile(
    _NOT_AFTER_LETTER + r"(?P<term>autumn|spring|summer)\s+" + _YEARS + r"\s+term\b", _FLAGS
)
_ACADEMIC_FIRST = re.compile(
    r"\b(?P<kind>academic|school)\s+year\b\s*,?\s*(?:of\s+)?" + _YEARS, _FLAGS
)
_ACADEMIC_LAST = re.compile(
    _NOT_AFTER_DIGIT + _YEARS + r"\s+(?P<kind>academic|school)\s+year\b", _FLAGS
)
_SEASON = re.compile(
    _NOT_AFTER_LETTER + r"(?P<season>spring|summer|autumn|winter)\b\s*,?\s*(?:of\s+)?" + _YEARS,
    _FLAGS,
)
#: ``early 2020``, ``mid-2020``, ``late in 2019``; not ``Mid-December 2019`` nor a range
_PART_OF_YEAR = re.compile(
    _NOT_AFTER_LETTER
    + r"(?P<part>early|mid|middle\s+of|late)(?:\s*-\s*|\s+)(?:in\s+|of\s+)?(?:the\s+year\s+)?"
    + r"(?P<year>20\d{2})(?!\s*[/\-]\s*\d)"
    + _NOT_BEFORE_DIGIT,
    _FLAGS,
)
_YEAR_RANGE = re.compile(
    _NOT_AFTER_DIGIT + r"(20\d{2})\s*[/\-]\s*(\d{4}|\d{2})" + _NOT_BEFORE_DIGIT
)
_YEAR = re.compile(_NOT_AFTER_DIGIT + r"(20\d{2})" + r"(?!\s*%)" + _NOT_BEFORE_DIGIT)

_DIGIT = re.compile(r"\d")
_PERCENT = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*%")
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)|\n")
#: a percentage then, within a few words, "by" and a date: ``60% by Sept 2019``
_LINK_AFTER = re.compile(r"^(?:[^\d%;]*?\s)?by\s+(?:the\s+)?(?:end\s+of\s+)?$", _FLAGS)
_MAX_LINK_WORDS = 8
#: a date then a comma and a percentage: ``April 2019, 60% of audits``
_LINK_BEFORE = re.compile(r"^\s*[,:\-–]\s*(?:with\s+|at\s+least\s+)?$", _FLAGS)
_BASELINE = re.compile(r"\bbaseline\b", _FLAGS)

#: T9: the words before a date that start something: ``from January 2020``
_START_BEFORE = re.compile(
    r"\b(?:from|starting(?:\s+(?:in|from))?|commencing)\s+(?:the\s+)?"
    r"(?:(?:start|beginning)\s+of\s+(?:the\s+)?)?$",
    _FLAGS,
)
#: T9: the words after a date that start something: ``January 2020 onwards``
_START_AFTER = re.compile(r"\s*,?\s*(?:and\s+)?on[\s-]?wards?\b", _FLAGS)
#: ``from April 2019 to June 2019`` is a period, not a start
_RANGE_BETWEEN = re.compile(
    r"^\s*(?:-|–|—|to|until|till|through|thru)\s*(?:the\s+)?(?:end\s+of\s+)?$", _FLAGS
)

#: recurrence words, the rule that names them, and what they mean; earlier rows win
#: where two overlap (``bi-monthly`` is not ``monthly``)
_RECURRENCE: tuple[tuple[str, str, Recurrence], ...] = (
    (
        r"(?:six|6)[\s-]?monthly|every\s+(?:6|six)\s+months|twice\s+(?:a|per|each)\s+year"
        r"|twice[\s-]yearly|half[\s-]yearly|bi[\s-]?annual(?:ly)?",
        "T3",
        "six-monthly",
    ),
    (r"bi[\s-]?monthly|every\s+(?:2|two|other)\s+months?", "T9", "bi-monthly"),
    (r"fortnightly|every\s+(?:2|two)\s+weeks|every\s+fortnight", "T9", "fortnightly"),
    (
        r"(?:half[\s-]?)?termly|(?:each|every|per|once\s+a)\s+(?:half[\s-]?)?term",
        "T9",
        "termly",
    ),
    (r"on[\s-]?going|business[\s-]+as[\s-]+usual|BAU", "T3", "ongoing"),
    (r"weekly|every\s+week", "T3", "weekly"),
    (r"monthly|every\s+month", "T3", "monthly"),
    (r"quarterly|every\s+quarter", "T3", "quarterly"),
    (r"annually|annual|yearly|every\s+year", "T3", "annually"),
)

_RECURRENCE_WORDS = tuple(
    (re.compile(r"\b(?:" + pattern + r")\b", _FLAGS), rule, recurrence)
    for pattern, rule, recurrence in _RECURRENCE
)

#: T8: the month and day each school term and season ends by, and whether in an
#: academic year (2019/20) it falls in the first calendar year (autumn) or the second
_TERM_ENDS = {"autumn": (12, 31, False), "spring": (4, 30, True), "summer": (7, 31, True)}
_SEASON_ENDS = {"spring": (5, 31), "summer": (8, 31), "autumn": (11, 30)}
_PART_ENDS = {"early": (4, 30), "mid": (8, 31), "late": (12, 31)}


@dataclass(frozen=True)
class _Reading:
    """What one date in the text means: the date, and the period it names in words
    (``the spring term of 2020``; empty for a single day)."""

    value: date
    period: str = ""
    approximate: bool = False


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


def _academic_years(match: re.Match[str]) -> tuple[int, int | None] | None:
    """(first year, second year) of ``2019/20`` or ``2019-2020``; (2020, None) for a
    single year; ``None`` when the two years do not follow each other."""
    first = int(match["first"])
    if match["second"] is None:
        return first, None
    second = int(match["second"]) if len(match["second"]) == 4 else 2000 + int(match["second"])
    return (first, second) if second == first + 1 else None


def _span(first: int, second: int) -> str:
    return f"{first}/{second % 100:02d}"


_MONTH_NAMES = MONTH_NAMES
_Reader = Callable[["re.Match[str]", int], _Reading | None]


def _date_form(match: re.Match[str], _: int) -> _Reading | None:
    value = read_date_match(match)
    if value is None:
        return None
    month = "" if match.groupdict().get("day") else f"{_MONTH_NAMES[value.month]} {value.year}"
    return _Reading(value, month)


def _quarter(match: re.Match[str], year_starts: int) -> _Reading | None:
    quarter = int(match[1])
    value = quarter_end(quarter, int(match[2]), year_starts) if 1 <= quarter <= 4 else None
    if value is None:
        return None
    return _Reading(value, f"quarter {quarter} of the reporting year that starts in {match[2]}")


def _term(match: re.Match[str], _: int) -> _Reading | None:
    years = _academic_years(match)
    if years is None:
        return None
    first, second = years
    name = match["term"].lower()
    month, day, in_second = _TERM_ENDS[name]
    if second is None:
        value, period = _safe_date(first, month, day), f"the {name} term of {first}"
    else:
        year = second if in_second else first
        value = _safe_date(year, month, day)
        period = f"the {name} term of the academic year {_span(first, second)}"
    return _Reading(value, period) if value else None


def _academic_year(match: re.Match[str], _: int) -> _Reading | None:
    years = _academic_years(match)
    if years is None:
        return None
    first, second = years
    kind = match["kind"].lower()
    if second is None:  # "academic year 2020": 2019/20 or 2020/21? the later, flagged
        value = _safe_date(first + 1, 8, 31)
        period = f"the {kind} year {_span(first, first + 1)} (the one that starts in {first})"
        return _Reading(value, period, approximate=True) if value else None
    value = _safe_date(second, 8, 31)
    return _Reading(value, f"the {kind} year {_span(first, second)}") if value else None


def _season(match: re.Match[str], _: int) -> _Reading | None:
    years = _academic_years(match)
    if years is None:
        return None
    first, second = years
    name = match["season"].lower()
    if name == "winter":  # December to February, across the year end
        value = _safe_month_end(first + 1, 2)
        return _Reading(value, f"the winter of {_span(first, first + 1)}") if value else None
    year = second if second is not None and name != "autumn" else first
    month, day = _SEASON_ENDS[name]
    value = _safe_date(year, month, day)
    return _Reading(value, f"the {name} of {year}") if value else None


def _part_of_year(match: re.Match[str], _: int) -> _Reading | None:
    part = match["part"].lower()
    part = "mid" if part.startswith("mid") else part
    month, day = _PART_ENDS[part]
    year = int(match["year"])
    return _Reading(date(year, month, day), f"{part} {year}", approximate=True)


def _year_range(match: re.Match[str], year_starts: int) -> _Reading | None:
    first = int(match[1])
    second = 2000 + int(match[2]) if len(match[2]) == 2 else int(match[2])
    if second == first + 1:
        value = reporting_year_end(first, year_starts)
        return _Reading(value, f"the reporting year {_span(first, second)}") if value else None
    if first < second < 2100:  # "2019-2021"
        return _Reading(date(second, 12, 31), f"the years {first} to {second}")
    return None


def _year(match: re.Match[str], _: int) -> _Reading | None:
    return _Reading(date(int(match[1]), 12, 31), f"the year {match[1]}")


def _date_form_pattern(pattern: str, starts_with_word: bool) -> re.Pattern[str]:
    lead = _NOT_AFTER_LETTER if starts_with_word else _NOT_AFTER_DIGIT
    return re.compile(lead + "(?:" + pattern + ")" + _NOT_BEFORE_DIGIT, _FLAGS)


#: Hints: text that every match of a pattern contains, searched for in the text
#: case-folded. A text without a pattern's hint is not searched with the pattern, so a
#: long text with no date (most Progress) costs a few quick searches, not every
#: pattern. ``None``: the pattern always runs.
_FULL_YEAR = re.compile(r"20\d\d")
_FOUR_DIGITS = re.compile(r"\d{4}")
#: every month name starts with one of these (case-folding turns "ſ" into "s", as
#: the case-blind patterns read it); a case-blind search for them would be slower
_MONTH_NAME = re.compile("|".join(sorted({name[:3] for name in MONTHS})))
_FORM_HINTS = {
    "ISO": _FOUR_DIGITS,
    "UK numeric with slashes": re.compile(r"\d/\d"),
    "UK numeric with dots or dashes": _FOUR_DIGITS,
    "UK numeric with dots or dashes and a two-digit year": re.compile(r"\d\d[.\-]\d\d"),
    "day, month name and year": _MONTH_NAME,
    "month name, day and year": _MONTH_NAME,
    "month name and year (the month's last day)": _MONTH_NAME,
}
_Hinted = tuple[re.Pattern[str], re.Pattern[str] | None, str, _Reader]
_MONTH_YEAR = "month name and year (the month's last day)"
_EXACT_FORMS: tuple[_Hinted, ...] = tuple(
    (_date_form_pattern(f.pattern, f.starts_with_word), _FORM_HINTS.get(f.name), "T2", _date_form)
    for f in DATE_FORMS
    if f.name != _MONTH_YEAR
)
_MONTH_YEAR_FORMS: tuple[_Hinted, ...] = tuple(
    (_date_form_pattern(f.pattern, f.starts_with_word), _FORM_HINTS.get(f.name), "T2", _date_form)
    for f in DATE_FORMS
    if f.name == _MONTH_YEAR
)

#: every date pattern in the order it is tried, with its hint, its rule and its reader
_READERS: tuple[_Hinted, ...] = (
    *_EXACT_FORMS,
    (_QUARTER, _FOUR_DIGITS, "T2", _quarter),
    (_TERM_FIRST, _FULL_YEAR, "T8", _term),
    (_TERM_LAST, _FULL_YEAR, "T8", _term),
    (_TERM_AROUND_YEAR, _FULL_YEAR, "T8", _term),
    (_ACADEMIC_FIRST, _FULL_YEAR, "T8", _academic_year),
    (_ACADEMIC_LAST, _FULL_YEAR, "T8", _academic_year),
    (_SEASON, _FULL_YEAR, "T8", _season),
    (_PART_OF_YEAR, _FULL_YEAR, "T8", _part_of_year),
    *_MONTH_YEAR_FORMS,
    (_YEAR_RANGE, _FULL_YEAR, "T2", _year_range),
    (_YEAR, _FULL_YEAR, "T2", _year),
)


@dataclass(frozen=True)
class _FoundDate:
    """A date found in the text, with where it was written and the rule that read it."""

    start: int
    end: int
    text: str
    rule: str
    reading: _Reading

    @property
    def value(self) -> date:
        return self.reading.value

    def meaning(self) -> str:
        """``'Spring term 2020' is the spring term of 2020, which ends by 30 April 2020``."""
        said, when = quoted(self.text), long_date(self.value)
        period = self.reading.period
        if self.reading.approximate:
            return f"{said} is {period}, an approximate date, read as {when}"
        if not period:
            return f"{said} is {when}"
        ends = "ends by" if self.rule == "T8" else "ends on"
        return f"{said} is {period}, which {ends} {when}"


def _find_dates(text: str, year_starts: int) -> list[_FoundDate]:
    """Every date in ``text``, in reading order; a character belongs to one date at most."""
    found: list[_FoundDate] = []
    if not _DIGIT.search(text):  # every date has a digit
        return found
    taken = [False] * len(text)
    folded = text.casefold()
    hinted: dict[re.Pattern[str], bool] = {}
    for pattern, hint, rule, reader in _READERS:
        if hint is not None:
            if hint not in hinted:
                hinted[hint] = hint.search(folded) is not None
            if not hinted[hint]:
                continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            reading = reader(match, year_starts)
            # An impossible date (31 February) is still a date-shaped text: keep
            # later, looser patterns from reading part of it as another date.
            taken[start:end] = [True] * (end - start)
            if reading is not None:
                found.append(_FoundDate(start, end, match.group(0), rule, reading))
    return sorted(found, key=lambda d: d.start)


def _find_recurrence(text: str) -> tuple[Recurrence, str, str] | None:
    """The first recurrence word: its meaning, the word as written and its rule."""
    best: tuple[int, Recurrence, str, str] | None = None
    taken: list[tuple[int, int]] = []
    for pattern, rule, recurrence in _RECURRENCE_WORDS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            if best is None or start < best[0]:
                best = (start, recurrence, match.group(0), rule)
    return (best[1], best[2], best[3]) if best else None


def find_recurrence(text: str) -> tuple[Recurrence, str] | None:
    """The meaning of the first recurrence word in the text and the word as written:
    ``("quarterly", "Quarterly")`` for ``Quarterly report``; ``None`` when there is none
    (T3, T9)."""
    found = _find_recurrence(text)
    return (found[0], found[1]) if found else None


def _start(text: str, dates: list[_FoundDate]) -> tuple[_FoundDate, str] | None:
    """T9: the earliest date the text starts something from (``from January 2020``,
    ``January 2020 onwards``), with the words that say so; a period ``from April
    2019 to June 2019`` starts nothing."""
    starts: list[tuple[_FoundDate, str]] = []
    for index, found in enumerate(dates):
        before = _START_BEFORE.search(text, 0, found.start)
        after = _START_AFTER.match(text, found.end)
        following = dates[index + 1] if index + 1 < len(dates) else None
        if following and _RANGE_BETWEEN.match(text[found.end : following.start]):
            continue
        if before:
            starts.append((found, text[before.start() : found.end]))
        elif after:
            starts.append((found, text[found.start : after.end()]))
    return min(starts, key=lambda s: s[0].value) if starts else None


def _recurring_start(
    text: str, dates: list[_FoundDate], rhythm: bool
) -> tuple[_FoundDate, str] | None:
    """T9's start, when it makes the action recur: with a recurrence word, or when no
    later date is a deadline (``Baseline from April 2019; 60% by Dec 2019`` is due in
    December, not ongoing)."""
    start = _start(text, dates)
    if start is None or rhythm:
        return start
    return start if start[0].value >= max(d.value for d in dates) else None


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


def _year_start(year_starts: object) -> int:
    """The first month of the reporting year: 1-12, anything else April."""
    return year_starts if isinstance(year_starts, int) and 1 <= year_starts <= 12 else 4


def dates_in(text: str, *, year_starts: int = 4) -> list[NamedDate]:
    """Every date ``text`` names, as written and as read, in reading order: the
    ``dates_found`` of :func:`read_timescale`, without reading the rest."""
    found = _find_dates(text if isinstance(text, str) else "", _year_start(year_starts))
    return [(d.text, d.value) for d in found]


def read_timescale(target: str, *, year_starts: int = 4) -> Timescale:
    """What a Target text says about when an action is due (T1-T4, T7-T9).

    ``due`` is the latest date in the text (``None`` when there is none), or the
    date a recurring action starts from (T9); ``recurrence`` the first recurrence
    word's meaning, or ``ongoing`` for a start with none; ``milestones`` the
    percentages tied to dates, in reading order; ``source`` says in words how the
    due date was reached, and ``rule`` and ``reading`` which rule read which words.
    ``approximate`` is set when the due date is ``early``/``mid``/``late`` in a
    year (T8). ``year_starts`` (1-12; anything else means April) is the first month
    of the reporting year, for quarters. Never raises.
    """
    text = target if isinstance(target, str) else ""
    dates = _find_dates(text, _year_start(year_starts))
    word = _find_recurrence(text)
    recurrence: Recurrence | None = word[0] if word else None
    recurrence_words, recurrence_rule = (word[1], word[2]) if word else ("", "")
    milestones = _milestones(text, dates)
    dates_found = [(d.text, d.value) for d in dates]
    start = _recurring_start(text, dates, word is not None)
    if start is not None:
        found, said = start
        recurrence = recurrence or "ongoing"
        recurrence_words = f"{recurrence_words} {said}".strip() if word else said
        recurrence_rule = "T9"
        rhythm = (
            f"({recurrence}, as '{word[1]}' says)" if word else "(ongoing: no word names a rhythm)"
        )
        approximate = ", an approximate date" if found.reading.approximate else ""
        reading = Reading(
            "T9",
            f"{quoted(said)} starts something that recurs {rhythm} from "
            f"{found.reading.period or long_date(found.value)}; its first due date is "
            f"{long_date(found.value)}{approximate}, and a recurring action is never overdue",
        )
        why = f"the start of what recurs in the target {quoted(text)} ({quoted(said)})"
        return Timescale(
            found.value,
            why,
            recurrence,
            milestones,
            dates_found,
            rule="T9",
            reading=reading,
            words=found.text,
            approximate=found.reading.approximate,
            recurrence_words=recurrence_words,
            recurrence_rule=recurrence_rule,
        )
    if not text.strip():
        return Timescale(None, "the target is empty", recurrence, milestones, dates_found)
    if not dates:
        why = f"the target {quoted(text)} gives no date"
        rule = "T5"
        if word:
            why += f"; '{word[1]}' means it recurs ({recurrence})"
            rule = recurrence_rule
        return Timescale(
            None,
            why,
            recurrence,
            milestones,
            dates_found,
            rule=rule,
            reading=Reading(rule, why),
            recurrence_words=recurrence_words,
            recurrence_rule=recurrence_rule,
        )
    latest = max(dates, key=lambda d: d.value)
    why = f"the latest date in the target {quoted(text)}"
    of_several = ""
    if len(dates) > 1:
        why += f" ('{latest.text}', of {len(dates)} dates)"
        of_several = f" (the latest of {len(dates)} dates)"
    meaning = latest.meaning()
    said = f"{meaning}{of_several}"
    if latest.reading.approximate:
        said += "; enter an exact date in Due"
    reading = Reading(latest.rule, said)
    return Timescale(
        latest.value,
        why,
        recurrence,
        milestones,
        dates_found,
        rule=latest.rule,
        reading=reading,
        words=latest.text,
        approximate=latest.reading.approximate,
        recurrence_words=recurrence_words,
        recurrence_rule=recurrence_rule,
    )
