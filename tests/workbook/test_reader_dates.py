"""Every date form the contract accepts, read from real cells."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

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
    ["10/31/2019", "2019-02-30", "Octember 2019", "31.10", "Q3 2019"],
    ids=["us-order", "no-such-day", "no-such-month", "no-year", "quarter"],
)
def test_text_that_is_not_a_date_is_a_bad_date(master: Any, typed: str) -> None:
    plan, problems = read_master(master.write(master.replace_cell("Updates", 2, 1, typed)))

    assert [(p.code, p.sheet, p.cell) for p in problems] == [("bad-date", "Updates", "A2")]
    assert problems[0].message.endswith(f"found '{typed}'")
    assert plan is not None and len(plan.updates) == 4
