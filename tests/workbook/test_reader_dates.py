"""Every date form the contract accepts, read from real cells."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from boardpack.rules.timescales import read_timescale
from boardpack.workbook.reader import read_master

DATE_FORMS = [
    pytest.param(datetime(2019, 10, 31), date(2019, 10, 31), id="excel-date"),
    pytest.param(date(2019, 10, 31), date(2019, 10, 31), id="excel-date-only"),
    pytest.param("2019-10-31", date(2019, 10, 31), id="iso"),
    pytest.param("31/10/2019", date(2019, 10, 31), id="uk-numeric"),
    pytest.param("1/10/2019", date(2019, 10, 1), id="uk-numeric-never-us"),
    pytest.param(" 31/10/2019 ", date(2019, 10, 31), id="spaces-around"),
    pytest.param("31 October 2019", date(2019, 10, 31), id="day-month-year"),
    pytest.param("31st Oct 2019", date(2019, 10, 31), id="ordinal-short-month"),
    pytest.param("Oct 2019", date(2019, 10, 31), id="month-year-is-month-end"),
    pytest.param("september 2019", date(2019, 9, 30), id="month-year-any-case"),
    pytest.param("Feb 2020", date(2020, 2, 29), id="month-end-leap-year"),
    pytest.param("31-Oct-2019", date(2019, 10, 31), id="excel-display-day-month-year"),
    pytest.param("31-Oct-19", date(2019, 10, 31), id="excel-display-two-digit-year"),
    pytest.param("31 Oct 19", date(2019, 10, 31), id="words-two-digit-year"),
    pytest.param("Oct-19", date(2019, 10, 31), id="excel-display-month"),
    pytest.param("Mar-19", date(2019, 3, 31), id="excel-display-march"),
    pytest.param("2019/10/31", date(2019, 10, 31), id="iso-slashes"),
    pytest.param("31/10/2019 00:00", date(2019, 10, 31), id="midnight-time"),
    pytest.param("31.10.19", date(2019, 10, 31), id="uk-dots-two-digit-year"),
    pytest.param("31.10.2019", date(2019, 10, 31), id="uk-dots"),
]


@pytest.mark.parametrize(("typed", "expected"), DATE_FORMS)
def test_update_period_reads_every_date_form(master: Any, typed: object, expected: date) -> None:
    plan, problems = read_master(master.write(master.replace_cell("Updates", 2, 1, typed)))

    assert problems == []
    assert plan is not None
    assert plan.updates[0].period == expected


@pytest.mark.parametrize(("typed", "expected"), DATE_FORMS)
def test_due_and_revised_due_read_every_date_form(
    master: Any, typed: object, expected: date
) -> None:
    overrides = {
        **master.replace_cell("Actions", 2, 5, typed),
        **master.replace_cell("Updates", 2, 7, typed),
    }

    plan, problems = read_master(master.write(overrides))

    assert problems == []
    assert plan is not None
    action = plan.action("1.10")
    assert action is not None and action.due == expected
    assert plan.updates[0].revised_due == expected


@pytest.mark.parametrize(
    "typed",
    ["10/31/2019", "2019-02-30", "Octember 2019", "31.10", "Q3 2019", "4.3.12", "31/10/2019 9:30"],
    ids=[
        "us-order",
        "no-such-day",
        "no-such-month",
        "no-year",
        "quarter",
        "paragraph-number",
        "not-midnight",
    ],
)
def test_text_that_is_not_a_date_is_a_bad_date(master: Any, typed: str) -> None:
    plan, problems = read_master(master.write(master.replace_cell("Updates", 2, 1, typed)))

    assert [(p.code, p.sheet, p.cell) for p in problems] == [("bad-date", "Updates", "A2")]
    assert problems[0].message.endswith(f"found '{typed}'")
    assert plan is not None and len(plan.updates) == 4


@pytest.mark.parametrize(("typed", "expected"), DATE_FORMS)
def test_as_at_meeting_date_and_measure_dates_read_every_date_form(
    master: Any, typed: object, expected: date
) -> None:
    report = [list(row) for row in master.report_rows]
    report[3][1] = typed  # As at
    report[5][1] = typed  # Meeting date
    overrides = {"Report": report, **master.replace_cell("Measure values", 2, 2, typed)}

    plan, problems = read_master(master.write(overrides))

    assert problems == []
    assert plan is not None
    assert plan.report.as_at == expected
    assert plan.report.meeting_date == expected
    assert plan.measure_values[0].date == expected


@pytest.mark.parametrize(
    ("typed", "expected"), [p for p in DATE_FORMS if isinstance(p.values[0], str)]
)
def test_a_due_cell_and_a_target_read_the_same_text_as_the_same_date(
    master: Any, typed: str, expected: date
) -> None:
    overrides = {
        "Actions": [
            *master.rows("Actions")[:2],
            ["1.2", "1", "Train staff", typed, typed, None],
            *master.rows("Actions")[3:],
        ]
    }

    plan, problems = read_master(master.write(overrides))

    assert problems == []
    assert plan is not None
    action = plan.action("1.2")
    assert action is not None and action.due == expected
    assert read_timescale(action.target).due == expected
