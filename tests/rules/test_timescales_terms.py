"""T8 and T9: terms, seasons, academic years, approximate dates, and what recurs."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boardpack.model import Action, Plan, Rag, Update
from boardpack.packjson import dumps_pack, pack_json
from boardpack.rules import derive
from boardpack.rules.explain import explain_action
from boardpack.rules.timescales import read_timescale

MakePlan = Callable[..., Plan]
D = date
OCT = D(2019, 10, 31)

#: (what the words name, spellings, due date) for every form of T8
T8_FORMS: list[tuple[str, list[str], date]] = [
    (
        "autumn-term",
        [
            "Autumn term 2019",
            "autumn term, 2019",
            "by the end of the Autumn Term 2019.",
            "the 2019 autumn term",
            "Autumn 2019 term",
        ],
        D(2019, 12, 31),
    ),
    (
        "spring-term",
        ["Spring term 2020", "spring-term 2020", "Spring Term, 2020", "end of spring term 2020"],
        D(2020, 4, 30),
    ),
    (
        "summer-term",
        [
            "Summer term 2020",
            "by the end of the summer term 2020.",
            "Summer Term, 2020",
            "summer term of 2020",
            "the 2020 summer term",
        ],
        D(2020, 7, 31),
    ),
    (
        "autumn-term-of-an-academic-year",
        ["Autumn term 2019/20", "autumn term 2019-2020", "the 2019/20 autumn term"],
        D(2019, 12, 31),
    ),
    (
        "spring-term-of-an-academic-year",
        [
            "Spring term 2019/20",
            "spring term of the academic year 2019-20",
            "the 2019/20 spring term",
            "Spring term 2019/2020",
        ],
        D(2020, 4, 30),
    ),
    (
        "summer-term-of-an-academic-year",
        ["Summer term 2019/20", "2019-20 summer term", "summer term, academic year 2019/20"],
        D(2020, 7, 31),
    ),
    (
        "academic-year",
        [
            "academic year 2019/20",
            "End of academic year 2019/20",
            "end of the 2019-20 academic year",
            "Academic Year 2019-2020",
        ],
        D(2020, 8, 31),
    ),
    (
        "school-year",
        ["end of the school year 2019-20", "2019/2020 school year", "School year 2019/20."],
        D(2020, 8, 31),
    ),
    ("spring", ["Spring 2020", "spring, 2020", "by spring of 2020", "SPRING 2020"], D(2020, 5, 31)),
    ("summer", ["Summer 2020", "summer of 2020", "by the Summer, 2020"], D(2020, 8, 31)),
    ("autumn", ["Autumn 2019", "autumn of 2019", "in the autumn 2019."], D(2019, 11, 30)),
    (
        "winter-across-the-year-end",
        ["Winter 2019/20", "Winter 2019", "winter of 2019-20", "winter 2019/2020"],
        D(2020, 2, 29),
    ),
    ("winter-common-year", ["Winter 2018", "winter 2018/19", "Winter, 2018"], D(2019, 2, 28)),
]

#: ``early``, ``mid`` and ``late`` with a year: approximate
APPROXIMATE: list[tuple[str, list[str], date]] = [
    ("early", ["Early 2020", "early in 2020", "EARLY-2020", "by early 2020."], D(2020, 4, 30)),
    ("mid", ["Mid 2020", "mid-2020", "the middle of 2020", "Mid-2020."], D(2020, 8, 31)),
    ("late", ["Late 2019", "late in 2019", "late-2019"], D(2019, 12, 31)),
]

#: a part of a month stays the month's last day, with no flag
PART_OF_A_MONTH = [
    pytest.param("Mid-December 2019", D(2019, 12, 31), id="mid-december"),
    pytest.param("mid December 2019", D(2019, 12, 31), id="mid-december-spaced"),
    pytest.param("early Dec 2019", D(2019, 12, 31), id="early-dec"),
    pytest.param("late September 2019", D(2019, 9, 30), id="late-september"),
]

#: T2's reporting year is not an academic year: (text, year starts, due)
REPORTING_YEARS = [
    pytest.param("2019/20", 4, D(2020, 3, 31), id="range"),
    pytest.param("financial year 2019/20", 4, D(2020, 3, 31), id="financial"),
    pytest.param("by the end of 2019-20", 4, D(2020, 3, 31), id="end-of-range"),
    pytest.param("2019-20 financial year", 4, D(2020, 3, 31), id="financial-after"),
    pytest.param("financial year 2019/20", 1, D(2020, 12, 31), id="january-start"),
    pytest.param("2019/20", 9, D(2020, 8, 31), id="september-start"),
]


def _rows(table: list[tuple[str, list[str], date]]) -> list[object]:
    return [
        pytest.param(text, due, id=f"{name}:{text}")
        for name, spellings, due in table
        for text in spellings
    ]


@pytest.mark.parametrize(("text", "due"), _rows(T8_FORMS))
def test_t8_terms_years_and_seasons_end_when_the_period_is_over(text: str, due: date) -> None:
    timescale = read_timescale(text)
    assert timescale.due == due
    assert timescale.rule == "T8"
    assert not timescale.approximate
    assert timescale.recurrence is None


@pytest.mark.parametrize(("text", "due"), _rows(APPROXIMATE))
def test_t8_early_mid_late_in_a_year_is_approximate(text: str, due: date) -> None:
    timescale = read_timescale(text)
    assert (timescale.due, timescale.rule, timescale.approximate) == (due, "T8", True)


@pytest.mark.parametrize(("text", "due"), PART_OF_A_MONTH)
def test_a_part_of_a_month_is_the_months_last_day_and_not_approximate(text: str, due: date) -> None:
    timescale = read_timescale(text)
    assert (timescale.due, timescale.rule, timescale.approximate) == (due, "T2", False)


@pytest.mark.parametrize(("text", "year_starts", "due"), REPORTING_YEARS)
def test_a_year_range_without_academic_or_school_is_the_reporting_year(
    text: str, year_starts: int, due: date
) -> None:
    timescale = read_timescale(text, year_starts=year_starts)
    assert (timescale.due, timescale.rule) == (due, "T2")


@pytest.mark.parametrize(
    "text",
    ["Spring term 2019/21", "academic year 2019/21", "Winter 2019/18", "Summer 2019-2022"],
)
def test_a_range_whose_years_do_not_follow_each_other_gives_no_date(text: str) -> None:
    assert read_timescale(text).due is None


def test_an_academic_year_of_one_year_is_the_later_reading_and_approximate() -> None:
    timescale = read_timescale("academic year 2020")
    assert (timescale.due, timescale.approximate) == (D(2021, 8, 31), True)


def test_the_latest_date_wins_across_t2_and_t8() -> None:
    timescale = read_timescale("Pilot by Dec 2019; rolled out by the summer term 2020.")
    assert timescale.due == D(2020, 7, 31)
    assert timescale.dates_found == [
        ("Dec 2019", D(2019, 12, 31)),
        ("summer term 2020", D(2020, 7, 31)),
    ]


#: (recurrence, spellings) for every recurrence word of T9
T9_WORDS: list[tuple[str, list[str]]] = [
    (
        "fortnightly",
        [
            "Fortnightly",
            "fortnightly meetings",
            "every two weeks",
            "Every 2 weeks",
            "every fortnight",
        ],
    ),
    (
        "termly",
        ["Termly", "half-termly", "Half termly", "each term", "every half term", "once a term"],
    ),
    (
        "bi-monthly",
        [
            "Bi-monthly",
            "bimonthly",
            "bi monthly",
            "every two months",
            "every 2 months",
            "every other month",
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [pytest.param(t, r, id=f"{r}:{t}") for r, spellings in T9_WORDS for t in spellings],
)
def test_t9_recurrence_words(text: str, recurrence: str) -> None:
    timescale = read_timescale(text)
    assert timescale.recurrence == recurrence
    assert timescale.recurrence_rule == "T9"
    assert timescale.due is None


#: (text, recurrence, first due date): a start recurs from the date it names
STARTS = [
    pytest.param("From January 2020", "ongoing", D(2020, 1, 31), id="from"),
    pytest.param("from Jan 2020", "ongoing", D(2020, 1, 31), id="from-short-month"),
    pytest.param("Starting January 2020.", "ongoing", D(2020, 1, 31), id="starting"),
    pytest.param("January 2020 onwards", "ongoing", D(2020, 1, 31), id="onwards"),
    pytest.param("Jan 2020 onwards.", "ongoing", D(2020, 1, 31), id="onwards-short-month"),
    pytest.param("Jan 2020, and onward", "ongoing", D(2020, 1, 31), id="and-onward"),
    pytest.param("ongoing from April 2019", "ongoing", D(2019, 4, 30), id="ongoing-from"),
    pytest.param("On-going from April 2019.", "ongoing", D(2019, 4, 30), id="on-going-from"),
    pytest.param("BAU from 1 April 2019", "ongoing", D(2019, 4, 1), id="bau-from-a-day"),
    pytest.param("Quarterly from April 2019", "quarterly", D(2019, 4, 30), id="quarterly"),
    pytest.param(
        "Monthly performance report from Nov 2019", "monthly", D(2019, 11, 30), id="monthly"
    ),
    pytest.param(
        "Termly from the spring term 2020", "termly", D(2020, 4, 30), id="termly-from-a-term"
    ),
    pytest.param("every two weeks from 2 March 2020", "fortnightly", D(2020, 3, 2), id="fortnight"),
    pytest.param("Bi-monthly from the start of 2020", "bi-monthly", D(2020, 12, 31), id="bimonth"),
    pytest.param(
        "Dec 2018 completed and quarterly from April 2019.",
        "quarterly",
        D(2019, 4, 30),
        id="seed-2.4",
    ),
]


@pytest.mark.parametrize(("text", "recurrence", "due"), STARTS)
def test_t9_a_start_recurs_from_the_date_it_names(text: str, recurrence: str, due: date) -> None:
    timescale = read_timescale(text)
    assert (timescale.recurrence, timescale.due, timescale.rule) == (recurrence, due, "T9")


@pytest.mark.parametrize(
    ("text", "due"),
    [
        pytest.param("from April 2019 to June 2019", D(2019, 6, 30), id="from-to"),
        pytest.param("from 2019 to 2021", D(2021, 12, 31), id="from-year-to-year"),
        pytest.param("from Sept 2019 until Dec 2019", D(2019, 12, 31), id="from-until"),
        pytest.param("feedback from children by April 2019", D(2019, 4, 30), id="from-not-dated"),
        pytest.param(
            "Baseline from April 2019 audit; 60% by Dec 2019",
            D(2019, 12, 31),
            id="a-later-deadline-is-the-due-date",
        ),
    ],
)
def test_a_period_from_one_date_to_another_starts_nothing(text: str, due: date) -> None:
    timescale = read_timescale(text)
    assert (timescale.due, timescale.recurrence) == (due, None)


def test_bi_monthly_is_never_monthly() -> None:
    assert read_timescale("Bi-monthly report, monthly thereafter").recurrence == "bi-monthly"
    assert read_timescale("Monthly, then bi-monthly").recurrence == "monthly"


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        (
            "Spring term 2020",
            "T8: 'Spring term 2020' is the spring term of 2020, which ends by 30 April 2020",
        ),
        (
            "End of academic year 2019/20",
            "T8: 'academic year 2019/20' is the academic year 2019/20, which ends by "
            "31 August 2020",
        ),
        (
            "Winter 2019",
            "T8: 'Winter 2019' is the winter of 2019/20, which ends by 29 February 2020",
        ),
        (
            "Early 2020",
            "T8: 'Early 2020' is early 2020, an approximate date, read as 30 April 2020; "
            "enter an exact date in Due",
        ),
        ("By April 2019.", "T2: 'April 2019' is April 2019, which ends on 30 April 2019"),
        ("31/10/2019", "T2: '31/10/2019' is 31 October 2019"),
        (
            "Sept 2019 and Spring term 2020",
            "T8: 'Spring term 2020' is the spring term of 2020, which ends by 30 April 2020 "
            "(the latest of 2 dates)",
        ),
        (
            "Quarterly from April 2019",
            "T9: 'from April 2019' starts something that recurs (quarterly, as 'Quarterly' "
            "says) from April 2019; its first due date is 30 April 2019, and a recurring "
            "action is never overdue",
        ),
        (
            "From January 2020",
            "T9: 'From January 2020' starts something that recurs (ongoing: no word names a "
            "rhythm) from January 2020; its first due date is 31 January 2020, and a "
            "recurring action is never overdue",
        ),
        (
            "Fortnightly",
            "T9: the target 'Fortnightly' gives no date; 'Fortnightly' means it "
            "recurs (fortnightly)",
        ),
        (
            "Ongoing.",
            "T3: the target 'Ongoing.' gives no date; 'Ongoing' means it recurs (ongoing)",
        ),
        ("Completed.", "T5: the target 'Completed.' gives no date"),
    ],
)
def test_each_reading_names_its_rule_and_the_words_it_read(text: str, reading: str) -> None:
    found = read_timescale(text).reading
    assert found is not None
    assert f"{found.rule}: {found.text}" == reading


# The principle of T8: a due date is never earlier than the period its words name is over.
_TERMS = {"autumn": (9, 1), "spring": (1, 1), "summer": (4, 1)}


@st.composite
def period_phrases(draw: st.DrawFn) -> tuple[str, date]:
    """A phrase naming a period, and the first day of that period."""
    year = draw(st.integers(2000, 2090))
    span = f"{year}{draw(st.sampled_from(['/', '-', ' / ']))}" + draw(
        st.sampled_from([f"{(year + 1) % 100:02d}", str(year + 1)])
    )
    name = draw(st.sampled_from(["autumn", "spring", "summer"]))
    cased = draw(st.sampled_from([str.lower, str.title, str.upper]))
    lead = draw(st.sampled_from(["", "by ", "By the end of the ", "end of ", "in the "]))
    tail = draw(st.sampled_from(["", ".", ",", " for all schools."]))
    month, day = _TERMS[name]
    in_second = name != "autumn"
    choices = [
        (f"{name} term {year}", D(year, month, day)),
        (f"{name} term, {year}", D(year, month, day)),
        (f"{name} term {span}", D(year + in_second, month, day)),
        (f"the {span} {name} term", D(year + in_second, month, day)),
        (f"academic year {span}", D(year, 9, 1)),
        (f"{span} school year", D(year, 9, 1)),
        (f"{name} {year}", D(year, {"spring": 3, "summer": 6, "autumn": 9}[name], 1)),
        (f"winter {year}", D(year, 12, 1)),
        (f"winter {span}", D(year, 12, 1)),
        (f"early {year}", D(year, 1, 1)),
        (f"mid-{year}", D(year, 5, 1)),
        (f"late {year}", D(year, 9, 1)),
    ]
    phrase, starts = draw(st.sampled_from(choices))
    return lead + cased(phrase) + tail, starts


@settings(max_examples=500, deadline=None)
@given(phrase=period_phrases(), year_starts=st.integers(1, 12))
def test_a_due_date_is_never_before_the_period_its_words_name_is_over(
    phrase: tuple[str, date], year_starts: int
) -> None:
    text, starts = phrase
    timescale = read_timescale(text, year_starts=year_starts)
    assert timescale.due is not None, text
    # The period is over no earlier than its last month has begun: its due date is at
    # least two months after the period starts and never in its first month.
    assert timescale.due >= starts
    assert (timescale.due.year, timescale.due.month) > (starts.year, starts.month)
    assert timescale.rule == "T8"


def test_an_approximate_due_date_is_flagged_in_pack_json_with_a_coded_warning(
    make_plan: MakePlan,
) -> None:
    plan = make_plan(
        [Action("1.1", "1", "Review", "Early 2020"), Action("1.2", "1", "Audit", "Spring 2020")],
        [Update(OCT, "1.1", Rag.GREEN, "p"), Update(OCT, "1.2", Rag.GREEN, "p")],
        as_at=OCT,
    )
    status = derive(plan)
    data = json.loads(dumps_pack(pack_json(status)))
    first, second = data["actions"]
    assert (first["due"], first["flags"]) == ("2020-04-30", ["approximate"])
    assert second["flags"] == []
    [problem] = [p for p in status.problems if p.code == "approximate-date"]
    assert (problem.severity, problem.sheet, problem.cell) == ("warning", "Actions", "D2")
    assert "'Early 2020'" in problem.message and "Due (Actions!E2)" in problem.message


def test_a_due_cell_settles_an_approximate_target(make_plan: MakePlan) -> None:
    plan = make_plan(
        [Action("1.1", "1", "Review", "Early 2020", due=D(2020, 2, 14))],
        [Update(OCT, "1.1", Rag.GREEN, "p")],
        as_at=OCT,
    )
    status = derive(plan)
    item = status.actions[0]
    assert (item.due, item.flags, item.timescale.rule) == (D(2020, 2, 14), [], "T1")
    assert not [p for p in status.problems if p.code == "approximate-date"]


def test_a_start_is_never_overdue_and_explain_says_why(make_plan: MakePlan) -> None:
    plan = make_plan(
        [Action("1.1", "1", "Reviews", "Fortnightly from January 2019")],
        [Update(OCT, "1.1", Rag.GREEN, "p")],
        as_at=OCT,
    )
    status = derive(plan)
    item = status.actions[0]
    assert (item.due, item.overdue, item.timescale.recurrence) == (
        D(2019, 1, 31),
        False,
        "fortnightly",
    )
    data = json.loads(dumps_pack(pack_json(status)))
    assert data["actions"][0]["recurrence"] == "fortnightly"
    text = explain_action(status, "1.1")
    assert "Recurs fortnightly: the target says 'Fortnightly from January 2019'." in text
    assert "T9: 'from January 2019' starts something that recurs" in text
    assert "Not overdue: it recurs (fortnightly), and a recurring action is never overdue." in text


def test_explain_prints_the_t8_reading(make_plan: MakePlan) -> None:
    plan = make_plan(
        [Action("1.1", "1", "Review", "Spring term 2020")],
        [Update(OCT, "1.1", Rag.GREEN, "p")],
        as_at=OCT,
    )
    text = explain_action(derive(plan), "1.1")
    assert (
        "T8: 'Spring term 2020' is the spring term of 2020, which ends by 30 April 2020."
        in text.splitlines()
    )


def test_explain_prints_the_due_column_as_t1(make_plan: MakePlan) -> None:
    plan = make_plan(
        [Action("1.1", "1", "Review", "Spring term 2020", due=D(2020, 3, 20))],
        [Update(OCT, "1.1", Rag.GREEN, "p")],
        as_at=OCT,
    )
    text = explain_action(derive(plan), "1.1")
    assert "T1: the Due column (Actions!E2) gives the due date, 20 March 2020." in text
