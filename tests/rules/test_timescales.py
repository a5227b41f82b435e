"""T1-T4, T7: reading the Target text, tested on every target in the 2019 seed plan."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boardpack.rules.timescales import _READERS, dates_in, quarter_end, read_timescale
from boardpack.status import Milestone

D = date

# Every Target text of the seed plan (shared/seed), word for word, with what it means
# under an April year start: (ref, target, due, recurrence, milestones).
SEED_TARGETS: list[tuple[str, str, date | None, str | None, list[tuple[date, str]]]] = [
    ("1.1", "On-going and in line with the child's requirements.", None, "ongoing", []),
    ("1.2", "Completed.", None, None, []),
    ("1.3", "Completed.", None, None, []),
    (
        "1.4",
        "At least 60% by Sept 2019. 85% by Dec 2019 and then working towards 100%.",
        D(2019, 12, 31),
        None,
        [(D(2019, 9, 30), "60%"), (D(2019, 12, 31), "85%")],
    ),
    ("1.5", "April 2019.", D(2019, 4, 30), None, []),
    ("1.6", "April 2019.", D(2019, 4, 30), None, []),
    ("1.7", "Sept 2019.", D(2019, 9, 30), None, []),
    (
        "1.8",
        "April 2019, 60% of audits demonstrate good assessment and 85% by December 2019. "
        "85% of cases audited will include evaluation and feedback from children, their "
        "families and trusted professionals.",
        D(2019, 12, 31),
        None,
        [(D(2019, 4, 30), "60%"), (D(2019, 12, 31), "85%")],
    ),
    ("1.9", "By March 2019.", D(2019, 3, 31), None, []),
    ("1.10", "By June 2019.", D(2019, 6, 30), None, []),
    (
        "2.1",
        "Inhouse briefing sessions through to June 2019.\n"
        "Externally commissioned sessions by July 2019.",
        D(2019, 7, 31),
        None,
        [],
    ),
    ("2.2", "Externally commissioned sessions by June 2019.", D(2019, 6, 30), None, []),
    ("2.3", "Completed.", None, None, []),
    (
        "2.4",
        "Dec 2018 completed and quarterly from April 2019.",
        D(2019, 4, 30),
        "quarterly",
        [],
    ),
    ("2.5", "Completed. A review planned for end of March 2019.", D(2019, 3, 31), None, []),
    ("2.6", "Completed.", None, None, []),
    (
        "3.1",
        "New supervision policy implemented October 2018. 95% of cases to receive management "
        "oversight/supervision by April 2019.",
        D(2019, 4, 30),
        None,
        [(D(2019, 4, 30), "95%")],
    ),
    (
        "3.2",
        "New supervision policy implemented October 2018. Managers are increasing the rate of "
        "supervision and management oversight. 95% of cases to receive management "
        "oversight/supervision by April 2019.",
        D(2019, 4, 30),
        None,
        [(D(2019, 4, 30), "95%")],
    ),
    (
        "3.3",
        "By April 2019. Baseline 38% of audits had good quality of supervision in February "
        "2019 Targets 50% by April 2019 and 80% by Sept 2019.",
        D(2019, 9, 30),
        None,
        [(D(2019, 4, 30), "50%"), (D(2019, 9, 30), "80%")],
    ),
    ("4.1", "Ongoing.", None, "ongoing", []),
    ("4.2", "Ongoing.", None, "ongoing", []),
    (
        "4.3",
        "All cases that require a decision through panel – target is 100% by June 2019.",
        D(2019, 6, 30),
        None,
        [(D(2019, 6, 30), "100%")],
    ),
    ("4.4", "By June 2019.", D(2019, 6, 30), None, []),
    ("4.5", "Terms of reference to be agreed by April 2019.", D(2019, 4, 30), None, []),
    (
        "4.6",
        "Quarterly report to QPN in Dec 2018; will be quarterly thereafter.",
        D(2018, 12, 31),
        "quarterly",
        [],
    ),
    ("5.1", "In line with targets set in the strategy.", None, None, []),
    (
        "5.2",
        "In accordance with plans for development across London – aim is currently 2021 for "
        "agreements to be in place.",
        D(2021, 12, 31),
        None,
        [],
    ),
    ("5.3", "Ongoing and in line with each young person's needs.", None, "ongoing", []),
    (
        "6.1",
        "Quality Assurance Practice Framework and Guidance completed and launched in "
        "December 2018.",
        D(2018, 12, 31),
        None,
        [],
    ),
    ("6.2", "Ongoing.", None, "ongoing", []),
    ("6.3", "Ongoing.", None, "ongoing", []),
    (
        "6.4",
        "Practice weeks completed September 2018 and February 2019. Continue in line with "
        "practice week schedules.",
        D(2019, 2, 28),
        None,
        [],
    ),
    ("7.1", "By April 2019.", D(2019, 4, 30), None, []),
    ("7.2", "By May 2019.", D(2019, 5, 31), None, []),
    ("8.1", "Ongoing.", None, "ongoing", []),
    (
        "8.2",
        "First report in new format produced in March 19 for the period October 18 to "
        "December 2018, and then quarterly.",
        D(2019, 3, 31),
        "quarterly",
        [],
    ),
    ("9.1", "Ongoing.", None, "ongoing", []),
    ("9.2", "June 2019", D(2019, 6, 30), None, []),
    ("9.3", "By March 2019.", D(2019, 3, 31), None, []),
    ("9.3 (second)", "By March 2019.", D(2019, 3, 31), None, []),
]


SEED_PLAN = (
    Path(__file__).resolve().parents[1] / "data" / "haringey-ofsted-action-plan-update-2019.txt"
)
_SEED_ROW = re.compile(r"^(\d+\.\d+) ")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)


def _cell_text(cell: str) -> str:
    """A table cell of the seed as typed: its ``<p>`` paragraphs one to a line."""
    paragraphs = _PARAGRAPH.findall(cell)
    return "\n".join(p.strip() for p in paragraphs) if paragraphs else cell.strip()


def seed_targets(text: str) -> list[tuple[str, str]]:
    """(ref, Target) for each action row of the seed plan, in order.

    Action rows are tab-separated ``action, target, progress`` cells whose action
    starts with its ref; a row that a page break split continues on a line without
    a ref, and its target part (if any) joins the row's target. A repeated ref is
    named ``9.3 (second)``.
    """
    rows: list[list[str]] = []
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) < 2 or cells[0].startswith("Impact of actions"):
            continue
        first = _cell_text(cells[0])
        target = _cell_text(cells[1])
        if match := _SEED_ROW.match(first):
            rows.append([match[1], target])
        elif rows and target:
            rows[-1][1] += " " + target
    seen: set[str] = set()
    found = []
    for ref, target in rows:
        found.append((f"{ref} (second)" if ref in seen else ref, target))
        seen.add(ref)
    return found


def test_the_seed_table_is_every_target_of_the_seed_plan_word_for_word() -> None:
    from_seed = seed_targets(SEED_PLAN.read_text(encoding="utf-8"))
    assert len(from_seed) == 40
    assert [(row[0], row[1]) for row in SEED_TARGETS] == from_seed


@pytest.mark.parametrize(
    ("target", "due", "recurrence", "milestones"),
    [pytest.param(*row[1:], id=row[0]) for row in SEED_TARGETS],
)
def test_seed_target_gives_due_recurrence_and_milestones(
    target: str, due: date | None, recurrence: str | None, milestones: list[tuple[date, str]]
) -> None:
    timescale = read_timescale(target, year_starts=4)
    assert timescale.due == due
    assert timescale.recurrence == recurrence
    assert timescale.milestones == [Milestone(d, v) for d, v in milestones]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        pytest.param("4th November 2019", D(2019, 11, 4), id="ordinal-day"),
        pytest.param("launched on the 4 th November 2019", D(2019, 11, 4), id="spaced-ordinal"),
        pytest.param("4 November, 2019", D(2019, 11, 4), id="comma-before-year"),
        pytest.param("November 4, 2019", D(2019, 11, 4), id="month-day-year"),
        pytest.param("29 February 2020", D(2020, 2, 29), id="leap-day"),
        pytest.param("February 2020", D(2020, 2, 29), id="leap-february-month-end"),
        pytest.param("February 2019", D(2019, 2, 28), id="common-february-month-end"),
        pytest.param("29 February 2019", None, id="no-such-leap-day"),
        pytest.param("April 2019", D(2019, 4, 30), id="month-year"),
        pytest.param("Sept 2019", D(2019, 9, 30), id="sept"),
        pytest.param("Sep. 2019", D(2019, 9, 30), id="abbreviation-with-dot"),
        pytest.param("SEPTEMBER 2019", D(2019, 9, 30), id="upper-case"),
        pytest.param("march 19", D(2019, 3, 31), id="two-digit-year"),
        pytest.param("October 18", D(2018, 10, 31), id="two-digit-year-18"),
        pytest.param("end of March 2019", D(2019, 3, 31), id="end-of-month"),
        pytest.param("Dec 2018", D(2018, 12, 31), id="dec"),
        pytest.param("December 2019", D(2019, 12, 31), id="underlined-in-seed"),
        pytest.param("31/10/2019", D(2019, 10, 31), id="uk-numeric"),
        pytest.param("2019-10-31", D(2019, 10, 31), id="iso"),
        pytest.param("aim is currently 2021", D(2021, 12, 31), id="year-alone"),
        pytest.param("pre-2020", D(2020, 12, 31), id="year-after-hyphen"),
        pytest.param("mid-2020", D(2020, 8, 31), id="mid-year-is-t8-approximate"),
        pytest.param("Sept 2019 then 2020", D(2020, 12, 31), id="year-alone-is-latest"),
        pytest.param("reference 201917834", None, id="part-of-longer-number"),
        pytest.param("a rise of 2021%", None, id="percentage"),
        pytest.param("a rise of 2021 %", None, id="percentage-with-space"),
        pytest.param("in 1999", None, id="year-before-2000"),
        pytest.param("in 2100", None, id="year-after-2099"),
        pytest.param("BAU measures in 2019/20", D(2020, 3, 31), id="reporting-year-range"),
        pytest.param("2019-20", D(2020, 3, 31), id="reporting-year-range-hyphen"),
        pytest.param("from 2019 to 2021", D(2021, 12, 31), id="two-years"),
        pytest.param("no date at all", None, id="no-date"),
        pytest.param("", None, id="empty"),
        pytest.param("   \n ", None, id="blank"),
        pytest.param("Completed.", None, id="completed"),
    ],
)
def test_date_forms_in_free_text(text: str, due: date | None) -> None:
    assert read_timescale(text).due == due


@pytest.mark.parametrize(
    ("text", "due"),
    [
        pytest.param("November 14 2019", D(2019, 11, 14), id="month-day-year-without-comma"),
        pytest.param("March 19 2020", D(2020, 3, 19), id="month-day-year-not-march-2019"),
        pytest.param("November 4th 2019", D(2019, 11, 4), id="month-ordinal-year"),
        pytest.param("by June 30th, 2019", D(2019, 6, 30), id="month-ordinal-comma-year"),
        pytest.param("Mar-2019", D(2019, 3, 31), id="short-month-dash-year"),
        pytest.param("March-2019", D(2019, 3, 31), id="month-dash-year"),
        pytest.param("Mar-19", D(2019, 3, 31), id="short-month-dash-two-digit-year"),
        pytest.param("Sep-19", D(2019, 9, 30), id="sep-dash-two-digit-year"),
        pytest.param("4th Nov 19", D(2019, 11, 4), id="day-month-two-digit-year"),
        pytest.param("31.03.2019", D(2019, 3, 31), id="uk-dotted"),
        pytest.param("31-03-2019", D(2019, 3, 31), id="uk-dashed"),
        pytest.param("by 1.4.2020.", D(2020, 4, 1), id="uk-dotted-day-first-at-sentence-end"),
        pytest.param("31/10/19", D(2019, 10, 31), id="uk-slashed-two-digit-year"),
        pytest.param("31-02-2019", None, id="uk-dashed-impossible-day"),
        pytest.param("see paragraph 4.3.12", None, id="dotted-section-number-is-no-date"),
        pytest.param("Q5 2019", None, id="no-fifth-quarter"),
        pytest.param("Q0 2019", None, id="no-quarter-nought"),
        pytest.param("quarter 5, 2019/20", None, id="no-fifth-quarter-of-a-range"),
        pytest.param("Q5 2019 or Sept 2019", D(2019, 9, 30), id="bad-quarter-beside-a-date"),
        pytest.param("March 19", D(2019, 3, 31), id="month-two-digit-year-alone"),
        pytest.param("in March 19 for October 18", D(2019, 3, 31), id="two-month-years"),
        pytest.param("reference 201917834", None, id="longer-number-still-no-year"),
        pytest.param("a rise of 2021%", None, id="percentage-still-no-year"),
    ],
)
def test_more_date_forms_in_free_text(text: str, due: date | None) -> None:
    assert read_timescale(text).due == due


@pytest.mark.parametrize(
    ("text", "year_starts", "due"),
    [
        pytest.param("Q3 2018/19", 4, D(2018, 12, 31), id="april-q3-range"),
        pytest.param("quarter 3, 2018", 4, D(2018, 12, 31), id="april-quarter-3-year"),
        pytest.param("Q4 2019/20", 4, D(2020, 3, 31), id="april-q4-ends-in-march"),
        pytest.param("Q1 2019", 4, D(2019, 6, 30), id="april-q1"),
        pytest.param("Q2 2020", 1, D(2020, 6, 30), id="january-q2"),
        pytest.param("Q4 2019", 1, D(2019, 12, 31), id="january-q4"),
        pytest.param("quarter 1, 2020", 1, D(2020, 3, 31), id="january-quarter-1"),
        pytest.param("Q1 2019/20", 9, D(2019, 11, 30), id="september-q1"),
        pytest.param("Q4 2019/20", 9, D(2020, 8, 31), id="september-q4"),
        pytest.param("2019/20", 1, D(2020, 12, 31), id="january-range-ends-in-second-year"),
        pytest.param("Q3 2018/19", 13, D(2018, 12, 31), id="bad-start-means-april"),
    ],
)
def test_quarters_count_from_the_year_start(text: str, year_starts: int, due: date) -> None:
    assert read_timescale(text, year_starts=year_starts).due == due


def test_quarter_end_of_a_year_out_of_range_is_none() -> None:
    assert quarter_end(4, 9999, 4) is None


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [
        ("On-going", "ongoing"),
        ("ongoing", "ongoing"),
        ("on going", "ongoing"),
        ("business as usual", "ongoing"),
        ("part of BAU", "ongoing"),
        ("weekly reports", "weekly"),
        ("Monthly audits", "monthly"),
        ("quarterly thereafter", "quarterly"),
        ("six-monthly review", "six-monthly"),
        ("every 6 months", "six-monthly"),
        ("twice a year", "six-monthly"),
        ("twice yearly", "six-monthly"),
        ("reviewed annually", "annually"),
        ("an annual review", "annually"),
        ("yearly", "annually"),
        ("every year", "annually"),
        ("6-monthly review", "six-monthly"),
        ("6 monthly", "six-monthly"),
        ("business-as-usual", "ongoing"),
        ("Business-as-Usual", "ongoing"),
        ("reviewed bi-annually", "six-monthly"),
        ("biannually", "six-monthly"),
        ("a bi-annual report", "six-monthly"),
        ("Biannual", "six-monthly"),
        ("quarterly, then annually", "quarterly"),
        ("Completed.", None),
        ("the bauhaus", None),
    ],
)
def test_recurrence_words(text: str, recurrence: str | None) -> None:
    assert read_timescale(text).recurrence == recurrence


@pytest.mark.parametrize(
    ("text", "milestones"),
    [
        pytest.param("At least 60% by Sept 2019", [(D(2019, 9, 30), "60%")], id="by"),
        pytest.param(
            "April 2019, 60% of audits", [(D(2019, 4, 30), "60%")], id="date-comma-percent"
        ),
        pytest.param(
            "50% by April 2019 and 80% by Sept 2019",
            [(D(2019, 4, 30), "50%"), (D(2019, 9, 30), "80%")],
            id="two-in-one-sentence",
        ),
        pytest.param("Baseline 38% by April 2019", [], id="baseline-is-not-a-target"),
        pytest.param("working towards 100%", [], id="no-date"),
        pytest.param("April 2019. 60% of audits", [], id="date-in-another-sentence"),
        pytest.param("60% of audits were good in April 2019", [], id="not-tied-by-in"),
        pytest.param("12.5% by Sep. 2019", [(D(2019, 9, 30), "12.5%")], id="decimal-and-dot"),
    ],
)
def test_milestones_tie_percentages_to_dates(text: str, milestones: list[tuple[date, str]]) -> None:
    assert read_timescale(text).milestones == [Milestone(d, v) for d, v in milestones]


def test_source_names_the_latest_date_in_the_target() -> None:
    assert (
        read_timescale("By April 2019.").source == "the latest date in the target 'By April 2019.'"
    )


def test_source_says_which_of_several_dates_is_latest() -> None:
    source = read_timescale("Sept 2019 and Dec 2019").source
    assert "'Dec 2019', of 2 dates" in source


def test_dates_found_keep_the_text_as_written() -> None:
    found = read_timescale("produced in March 19 for October 18").dates_found
    assert found == [("March 19", D(2019, 3, 31)), ("October 18", D(2018, 10, 31))]


_FRAGMENTS = st.sampled_from(
    [
        "Q",
        "Q3 ",
        "quarter ",
        "2018",
        "/19",
        "20",
        "19",
        "%",
        "by ",
        "Sept",
        "Sep.",
        "May ",
        "29 ",
        "February ",
        "th ",
        ", ",
        ". ",
        "\n",
        "baseline ",
        "ongoing",
        "-",
        "/",
        "0",
        "9999",
        "0000",
        "31 ",
        "end of ",
        "twice a year",
        "12.5",
    ]
)


@settings(max_examples=300, deadline=None)
@given(text=st.text(), year_starts=st.integers(min_value=-3, max_value=15))
def test_arbitrary_text_never_raises(text: str, year_starts: int) -> None:
    timescale = read_timescale(text, year_starts=year_starts)
    assert timescale.due is None or timescale.due == max(d for _, d in timescale.dates_found)


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.one_of(_FRAGMENTS, st.text(max_size=3)), max_size=12).map("".join),
    year_starts=st.integers(min_value=1, max_value=12),
)
def test_date_like_text_never_raises(text: str, year_starts: int) -> None:
    timescale = read_timescale(text, year_starts=year_starts)
    assert all(m.date in [d for _, d in timescale.dates_found] for m in timescale.milestones)


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.one_of(_FRAGMENTS, st.text(max_size=3)), max_size=12).map("".join),
    year_starts=st.integers(min_value=1, max_value=12),
)
def test_a_date_pattern_never_matches_text_without_its_hint(text: str, year_starts: int) -> None:
    for pattern, hint, _, _ in _READERS:
        for match in pattern.finditer(text):
            assert hint is None or hint.search(match[0].casefold()), (pattern.pattern, match[0])


@pytest.mark.parametrize(
    "text",
    [
        "Launches on 4th November 2019 and ſep 2019; review 20/11/19, 01.12.19.",
        "Placements 96% practice target; 12.5% by the end of the year.",
        "Q3 2019/20, spring term 2020 and mid-2021",
        "",
    ],
)
def test_dates_in_a_text_are_the_dates_its_reading_finds(text: str) -> None:
    assert dates_in(text, year_starts=1) == read_timescale(text, year_starts=1).dates_found
