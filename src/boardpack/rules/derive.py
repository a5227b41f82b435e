"""The rules applied to a whole plan: :func:`derive` builds the :class:`PackStatus`."""

from __future__ import annotations

from datetime import date

from boardpack.dates import long_date
from boardpack.model import MeasureValue, Plan, Update, natural_key
from boardpack.problems import ERROR, WARNING, Problem
from boardpack.rules.measures import judge_measure
from boardpack.rules.periods import (
    NO_AS_AT,
    choose_as_at,
    counts_by_period,
    update_periods,
    updates_by_ref,
)
from boardpack.rules.rag import Settings, TargetReadings, area_status, judge_action, rag_counts
from boardpack.status import ActionStatus, PackStatus


def derive(plan: Plan, as_at: date | None = None, *, as_at_source: str | None = None) -> PackStatus:
    """Apply the timescale and RAG rules to a plan at an as-at date.

    ``as_at`` (from ``--as-at``) wins over the Report sheet's ``As at``, which wins
    over the latest update period. With none of these, ``problems`` holds a
    ``no-as-at`` error, ``as_at`` is the placeholder :data:`NO_AS_AT` and
    ``as_at_source`` is ``"no as-at date"``; nothing is overdue or due soon. ``problems``
    holds only what the rules find (the reader's problems are merged by the caller),
    placed on the sheets as the workbook names them (``plan.placed``). Never raises.
    """
    problems: list[Problem] = []
    chosen, source = choose_as_at(plan, as_at, as_at_source)
    if chosen is None:
        problems.append(_no_as_at(plan))
    else:
        problems.extend(_updates_after(plan, chosen, source))
    judged_at = chosen if chosen is not None else NO_AS_AT
    periods = update_periods(plan.updates, judged_at)
    period = periods[-1] if periods else None
    previous_period = periods[-2] if len(periods) > 1 else None
    settings = Settings.from_report(plan.report, chosen, period, previous_period, source)
    history = updates_by_ref(plan.updates, judged_at)
    readings = TargetReadings(settings.year_starts)

    actions: list[ActionStatus] = []
    for action in sorted(plan.actions, key=lambda a: natural_key(a.ref)):
        status, found = judge_action(action, history.get(action.ref, []), settings, readings)
        actions.append(status)
        if action.ref in plan.left_out_updates:
            # an update row of this action has an error, reported by the reader; what the
            # rules make of the rows left would only repeat it in other words
            found = [problem for problem in found if problem.is_error]
        problems.extend(found)

    by_area: dict[str, list[ActionStatus]] = {}
    for status in actions:
        by_area.setdefault(status.action.area, []).append(status)
    areas = [area_status(area, by_area.get(area.id, [])) for area in plan.areas]

    values_by_measure: dict[str, list[MeasureValue]] = {}
    for value in plan.measure_values:
        values_by_measure.setdefault(value.measure, []).append(value)
    measures = [judge_measure(m, values_by_measure.get(m.id, []), judged_at) for m in plan.measures]

    return PackStatus(
        plan=plan,
        as_at=judged_at,
        as_at_source=source,
        period=period,
        previous_period=previous_period,
        periods=periods,
        problems=plan.placed(problems),
        summary=rag_counts(a.rag for a in actions),
        areas=areas,
        actions=actions,
        measures=measures,
        period_counts=counts_by_period([a.ref for a in actions], history, periods),
    )


def _no_as_at(plan: Plan) -> Problem:
    """The error for a plan with no As at date and no update to take one from."""
    return Problem(
        ERROR,
        "no-as-at",
        "Report",
        plan.report.cells.get("as at") or None,
        "expected an As at date in the Report sheet (or --as-at, or at least one row in "
        "Updates to take the latest period from); found no As at date and no updates, so "
        "the pack cannot be dated",
    )


def _updates_after(plan: Plan, as_at: date, source: str) -> list[Problem]:
    """A warning for each period of updates dated after as at, which the pack leaves out.

    After ``new-period`` an As at left behind would silently rebuild last quarter's pack.
    """
    later: dict[date, list[Update]] = {}
    for update in plan.updates:
        if update.period > as_at:
            later.setdefault(update.period, []).append(update)
    problems = []
    for period in sorted(later):
        rows = later[period]
        count = f"{len(rows)} update{'s' if len(rows) != 1 else ''}"
        problems.append(
            Problem(
                WARNING,
                "update-after-as-at",
                "Updates",
                rows[0].cells.get("period"),
                f"expected updates on or before the as-at date {long_date(as_at)} ({source}), "
                f"found {count} for {long_date(period)}, which this pack leaves out; move "
                "the as-at date on to include them",
            )
        )
    return problems
