"""R7: measures judged against the last target due on or before as at."""

from __future__ import annotations

from datetime import date

import pytest

from boardpack.model import Measure, MeasureValue
from boardpack.rules.measures import judge_measure
from boardpack.status import MeasurePoint

AS_AT = date(2019, 10, 31)


def _values(*rows: tuple[str, int, int, float]) -> list[MeasureValue]:
    return [MeasureValue("M1", date(2019, m, d), kind, v) for kind, m, d, v in rows]


AUDITS = _values(
    ("Baseline", 1, 31, 35),
    ("Target", 9, 30, 60),
    ("Actual", 10, 31, 87),
    ("Target", 12, 31, 85),
    ("Actual", 11, 30, 20),  # after as at: ignored
)


def test_latest_actual_and_next_target() -> None:
    status = judge_measure(Measure("M1", "Good audits"), AUDITS, AS_AT)
    assert status.latest == MeasurePoint(AS_AT, 87)
    assert status.next_target == MeasurePoint(date(2019, 12, 31), 85)
    assert status.judged_target == MeasurePoint(date(2019, 9, 30), 60)
    assert status.status == "met"
    assert [v.date for v in status.values] == sorted(v.date for v in AUDITS)


def test_next_target_is_the_last_target_when_none_is_ahead() -> None:
    status = judge_measure(Measure("M1", "x"), AUDITS, date(2020, 3, 31))
    assert status.next_target == MeasurePoint(date(2019, 12, 31), 85)
    assert status.latest == MeasurePoint(date(2019, 11, 30), 20)
    assert status.status == "off_track"


def test_target_due_on_the_as_at_date_is_both_judged_and_next() -> None:
    values = _values(("Target", 10, 31, 50), ("Actual", 10, 31, 50))
    status = judge_measure(Measure("M1", "x"), values, AS_AT)
    assert status.judged_target == status.next_target == MeasurePoint(AS_AT, 50)
    assert status.status == "met"


@pytest.mark.parametrize(
    ("better", "actual", "state"),
    [
        ("higher", 60, "met"),
        ("higher", 59.5, "off_track"),
        ("lower", 60, "met"),
        ("lower", 61, "off_track"),
        ("Lower", 40, "met"),
    ],
)
def test_met_or_off_track_in_the_better_direction(better: str, actual: float, state: str) -> None:
    values = _values(("Target", 9, 30, 60), ("Actual", 10, 1, actual))
    assert judge_measure(Measure("M1", "x", better=better), values, AS_AT).status == state


def test_no_target_due_yet() -> None:
    values = _values(("Actual", 10, 1, 50), ("Target", 12, 31, 60))
    assert judge_measure(Measure("M1", "x"), values, AS_AT).status == "no_target"


def test_no_actual_is_no_data() -> None:
    values = _values(("Baseline", 1, 1, 50), ("Target", 9, 30, 60))
    status = judge_measure(Measure("M1", "x"), values, AS_AT)
    assert (status.status, status.latest) == ("no_data", None)


def test_no_values_at_all() -> None:
    status = judge_measure(Measure("M1", "x"), [], AS_AT)
    assert (status.status, status.latest, status.next_target) == ("no_data", None, None)
