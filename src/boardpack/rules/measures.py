"""R7: each measure judged at as at against the last target due by then."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from boardpack.model import Measure, MeasureValue
from boardpack.status import MeasurePoint, MeasureState, MeasureStatus


def _point(value: MeasureValue | None) -> MeasurePoint | None:
    return MeasurePoint(value.date, value.value) if value else None


def _is(value: MeasureValue, kind: str) -> bool:
    return value.kind.strip().lower() == kind


def meets(actual: float, target: float, better: str) -> bool:
    """Whether an actual meets a target in the measure's ``Better`` direction."""
    return actual <= target if better.strip().lower() == "lower" else actual >= target


def judge_measure(measure: Measure, values: Iterable[MeasureValue], as_at: date) -> MeasureStatus:
    """The latest Actual on or before as at, the next Target on or after it (else the
    last Target), and the status: ``met`` or ``off_track`` against the last Target
    due on or before as at, ``no_target`` when there is none, ``no_data`` when there
    is no Actual.

    Of two values with the same date and kind, the later row counts.
    """
    ordered = sorted(values, key=lambda v: v.date)
    actuals = [v for v in ordered if _is(v, "actual") and v.date <= as_at]
    targets = [v for v in ordered if _is(v, "target")]
    latest = actuals[-1] if actuals else None
    upcoming = [t for t in targets if t.date >= as_at]
    next_target: MeasureValue | None
    if upcoming:
        next_target = [t for t in upcoming if t.date == upcoming[0].date][-1]
    else:
        next_target = targets[-1] if targets else None
    due_targets = [t for t in targets if t.date <= as_at]
    judged = due_targets[-1] if due_targets else None
    status: MeasureState
    if latest is None:
        status = "no_data"
    elif judged is None:
        status = "no_target"
    elif meets(latest.value, judged.value, measure.better):
        status = "met"
    else:
        status = "off_track"
    return MeasureStatus(
        measure=measure,
        values=ordered,
        latest=_point(latest),
        next_target=_point(next_target),
        judged_target=_point(judged),
        status=status,
    )
