"""The as-at date, the reporting periods, and which update each action reports.

The current period is the latest ``Updates.Period`` on or before as at; the
previous period is the one before it. Updates after as at are ignored.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date

from boardpack.model import Plan, Update
from boardpack.status import PackStatus, PeriodCounts, empty_counts

AS_AT_OPTION = "--as-at"
AS_AT_LATEST_PERIOD = "the latest update period"
#: ``PackStatus.as_at_source`` when there is no as-at date at all (a ``no-as-at`` error)
AS_AT_NONE = "no as-at date"
#: ``PackStatus.as_at`` when there is no as-at date: a placeholder never to be printed
NO_AS_AT = date.min


def choose_as_at(
    plan: Plan, as_at: date | None, as_at_source: str | None
) -> tuple[date | None, str]:
    """The date the rules judge against and where it came from.

    The argument (``--as-at``) wins, then the Report sheet's ``As at``, then the
    latest update period. ``None`` when there is none of these.
    """
    if as_at is not None:
        return as_at, as_at_source or AS_AT_OPTION
    if plan.report.as_at is not None:
        cell = plan.report.cells.get("as at")
        return plan.report.as_at, f"Report!{cell}" if cell else "the Report sheet's As at"
    periods = [u.period for u in plan.updates]
    if periods:
        return max(periods), AS_AT_LATEST_PERIOD
    return None, AS_AT_NONE


def has_as_at(status: PackStatus) -> bool:
    """False when the plan gave no as-at date: ``status.as_at`` is then only :data:`NO_AS_AT`."""
    return status.as_at_source != AS_AT_NONE


def update_periods(updates: Iterable[Update], as_at: date) -> list[date]:
    """Every distinct update period on or before ``as_at``, oldest first."""
    return sorted({u.period for u in updates if u.period <= as_at})


def updates_by_ref(updates: Iterable[Update], as_at: date) -> dict[str, list[Update]]:
    """Each ref's updates on or before ``as_at``, oldest period first.

    When a ref has two updates for one period (an error the reader reports), the
    first row counts.
    """
    history: dict[str, dict[date, Update]] = {}
    for update in updates:
        if update.period <= as_at:
            history.setdefault(update.ref, {}).setdefault(update.period, update)
    return {ref: [by_period[p] for p in sorted(by_period)] for ref, by_period in history.items()}


def latest_update(history: Sequence[Update], on_or_before: date | None) -> Update | None:
    """The latest of a ref's updates (oldest first) on or before a date."""
    if on_or_before is None:
        return None
    found = None
    for update in history:
        if update.period > on_or_before:
            break
        found = update
    return found


def counts_by_period(
    refs: Iterable[str], history: dict[str, list[Update]], periods: Iterable[date]
) -> list[PeriodCounts]:
    """For each period, the counts by RAG of each action's latest update on or before it.

    ``history`` holds each ref's updates oldest first (:func:`updates_by_ref`), so the
    latest one on or before a period is found by bisection.
    """
    periods = list(periods)
    counts = [empty_counts() for _ in periods]
    for ref in refs:
        updates = history.get(ref, [])
        dates = [update.period for update in updates]
        for index, period in enumerate(periods):
            before = bisect_right(dates, period)
            if before:
                counts[index][updates[before - 1].rag.word] += 1
    return [PeriodCounts(period, count) for period, count in zip(periods, counts, strict=True)]
