"""One date grammar: every form a date cell accepts reads the same in a Target text."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boardpack.dates import DATE_FORMS, parse_date_text
from boardpack.rules.timescales import read_timescale
from boardpack.workbook.reader import read_master

D = date
OCT_31 = D(2019, 10, 31)

#: (form, spellings, date): several spellings of each form the contract lists
CELL_FORMS: list[tuple[str, list[str], date]] = [
    ("iso", ["2019-10-31", "2019/10/31", "2019-10-31 00:00:00", "2019-10-31T00:00:00"], OCT_31),
    ("iso-short-parts", ["2020-4-1", "2020/4/1", "2020/04/01"], D(2020, 4, 1)),
    ("uk-slashes", ["31/10/2019", "31/10/19", " 31/10/2019 "], OCT_31),
    ("uk-never-us", ["1/10/2019", "01/10/2019", "1/10/19"], D(2019, 10, 1)),
    ("uk-dots-dashes", ["31.10.2019", "31-10-2019", "31.10.19", "31-10-19"], OCT_31),
    ("uk-dots-leading-zeros", ["01.04.20", "1.4.2020", "01-04-2020"], D(2020, 4, 1)),
    (
        "excel-display",
        ["31-Oct-2019", "31-Oct-19", "31-oct-19", "31-OCT-2019"],
        OCT_31,
    ),
    ("excel-month", ["Oct-19", "oct-19", "Oct-2019", "October-2019"], OCT_31),
    ("excel-month-march", ["Mar-19", "MAR-19", "Mar-2019", "March 19"], D(2019, 3, 31)),
    (
        "day-month-year",
        ["31 October 2019", "31st Oct 2019", "31 Oct 19", "31 oct. 2019", "31st of October 2019"],
        OCT_31,
    ),
    ("month-day-year", ["October 31, 2019", "Oct 31st 2019", "October 31 2019"], OCT_31),
    ("month-year-is-month-end", ["Oct 2019", "October 2019", "OCTOBER 2019", "Oct, 2019"], OCT_31),
    ("sept", ["Sept 2019", "Sep. 2019", "sept 19", "30 Sept 2019"], D(2019, 9, 30)),
    ("leap-february", ["Feb 2020", "February 2020", "Feb-20", "29/02/2020"], D(2020, 2, 29)),
    (
        "midnight-time",
        ["31/10/2019 00:00", "31/10/2019 00:00:00", "31-Oct-2019 00:00", "31.10.19 0:00"],
        OCT_31,
    ),
]

REFUSED = [
    pytest.param("10/31/2019", id="us-month-first"),
    pytest.param("2019-02-30", id="no-such-day"),
    pytest.param("31.10", id="no-year"),
    pytest.param("31/10", id="no-year-slashes"),
    pytest.param("Q3 2019", id="quarter-is-target-only"),
    pytest.param("4.3.12", id="paragraph-number"),
    pytest.param("Octember 2019", id="no-such-month"),
    pytest.param("31/10/2019 13:45", id="a-time-that-is-not-midnight"),
    pytest.param("2019", id="a-year-alone-is-target-only"),
    pytest.param("31/02/2019", id="impossible-uk-date"),
]

_SPELLINGS = [
    pytest.param(spelling, expected, id=f"{form}:{spelling.strip()}")
    for form, spellings, expected in CELL_FORMS
    for spelling in spellings
]


@pytest.mark.parametrize(("typed", "expected"), _SPELLINGS)
def test_a_date_cell_reads_every_form_as_the_date_it_means(typed: str, expected: date) -> None:
    assert parse_date_text(typed) == expected


@pytest.mark.parametrize(("typed", "expected"), _SPELLINGS)
def test_the_target_reader_finds_each_cell_form_whole_and_identically(
    typed: str, expected: date
) -> None:
    timescale = read_timescale(typed)
    assert timescale.due == expected
    assert timescale.dates_found == [(typed.strip(), expected)]
    assert timescale.rule == "T2"


@pytest.mark.parametrize(("typed", "expected"), _SPELLINGS)
def test_each_cell_form_reads_the_same_inside_a_target_sentence(typed: str, expected: date) -> None:
    assert read_timescale(f"Audit complete by {typed.strip()}. Then review.").due == expected


@pytest.mark.parametrize("typed", REFUSED)
def test_ambiguous_or_us_text_is_no_date_cell(typed: str) -> None:
    assert parse_date_text(typed) is None


@pytest.mark.parametrize(
    "typed",
    ["10/31/2019", "2019-02-30", "4.3.12", "31/02/2019", "31.10"],
)
def test_text_a_cell_refuses_as_a_date_gives_no_date_in_a_target(typed: str) -> None:
    assert read_timescale(typed).due is None


def test_a_numbered_phase_before_a_month_is_no_day() -> None:
    assert read_timescale("Phase 2 - March 2020").due == D(2020, 3, 31)


def test_every_cell_form_has_a_tested_spelling() -> None:
    tested = [s for _, spellings, _ in CELL_FORMS for s in spellings]
    for form in DATE_FORMS:
        pattern = re.compile(form.pattern, re.IGNORECASE)
        assert any(pattern.fullmatch(" ".join(s.split())) for s in tested), form.name


def _month_name(month: int, style: int) -> str:
    full = calendar.month_name[month]
    return [full, full[:3], full.upper(), full[:3].lower() + "."][style]


@st.composite
def typed_dates(draw: st.DrawFn) -> tuple[str, date]:
    """A date written in one of the cell forms, with the date it means."""
    day = draw(st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)))
    year2, year4 = f"{day.year % 100:02d}", str(day.year)
    year = draw(st.sampled_from([year2, year4]))
    name = _month_name(day.month, draw(st.integers(0, 3)))
    month_end = D(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    midnight = draw(st.sampled_from(["", " 00:00", " 00:00:00"]))
    forms = [
        (f"{day.year}-{day.month:02d}-{day.day:02d}{midnight}", day),
        (f"{day.year}/{day.month}/{day.day}{midnight}", day),
        (f"{day.day}/{day.month}/{year}{midnight}", day),
        (f"{day.day:02d}/{day.month:02d}/{year}{midnight}", day),
        (f"{day.day}.{day.month}.{year4}{midnight}", day),
        (f"{day.day:02d}.{day.month:02d}.{year2}{midnight}", day),
        (f"{day.day:02d}-{day.month:02d}-{year}{midnight}", day),
        (f"{day.day} {name} {year}{midnight}", day),
        (f"{day.day}-{name}-{year}{midnight}", day),
        (f"{name} {day.day}, {year4}", day),
        (f"{name} {year}", month_end),
        (f"{name}-{year}", month_end),
    ]
    return draw(st.sampled_from(forms))


@settings(max_examples=400, deadline=None)
@given(typed=typed_dates())
def test_any_cell_form_of_any_date_reads_the_same_in_a_cell_and_a_target(
    typed: tuple[str, date],
) -> None:
    text, expected = typed
    # "may 20" is the verb, in a cell as in a target
    expected_cell = None if re.fullmatch(r"may[ -]\d\d", text) else expected
    assert parse_date_text(text) == expected_cell
    assert read_timescale(text).due == expected_cell


_PART = st.sampled_from(
    [
        "31",
        "1",
        "01",
        "10",
        "12",
        "19",
        "20",
        "2019",
        "2020",
        "Oct",
        "October",
        "Sept.",
        "may",
        "31st",
        "Q3",
        "0",
    ]
)
_SEPARATOR = st.sampled_from(["", " ", "/", ".", "-", ", ", " - ", "  ", " of "])
#: three parts and two separators, optionally a time: near-dates and dates alike
_DATE_LIKE = st.tuples(
    _PART,
    _SEPARATOR,
    _PART,
    _SEPARATOR,
    st.sampled_from(["", *["2019", "19", "2020"]]),
    st.sampled_from(["", " 00:00", "T00:00:00", " 12:00"]),
).map("".join)


@settings(max_examples=600, deadline=None)
@given(text=st.one_of(_DATE_LIKE, typed_dates().map(lambda typed: typed[0])))
def test_whatever_a_cell_accepts_the_target_reader_finds_identically(text: str) -> None:
    cell = parse_date_text(text)
    if cell is not None:
        timescale = read_timescale(text)
        assert timescale.due == cell
        assert [found for _, found in timescale.dates_found] == [cell]


def test_every_spelling_reads_the_same_in_due_cells_and_targets_of_one_workbook(
    master: Any,
) -> None:
    spellings = [(s, expected) for _, group, expected in CELL_FORMS for s in group]
    actions = master.rows("Actions") + [
        [f"9.{n}", "2", "Check dates", typed, typed, None]
        for n, (typed, _) in enumerate(spellings, start=1)
    ]

    plan, problems = read_master(master.write({"Actions": actions}))

    assert [p.code for p in problems if p.severity == "error"] == []
    assert plan is not None
    read = {a.ref: (a.due, read_timescale(a.target).due) for a in plan.actions if a.area == "2"}
    read.pop("2.1")
    assert read == {f"9.{n}": (d, d) for n, (_, d) in enumerate(spellings, start=1)}
