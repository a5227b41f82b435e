"""Alternative text for the charts: what each one shows, with all of its numbers.

Screen-reader users get the same facts as sighted readers, so every count and every
data point is stated. Texts aim to stay under :data:`ALT_TEXT_TARGET` characters by
switching to a compact form when the plain one is too long; the numbers stay.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

ALT_TEXT_TARGET = 600

#: English month abbreviations, whatever the machine's locale.
MONTH_ABBR = (
    "",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)

UNIT_WORDS = {"%": "%", "number": "number", "days": "days"}
STATE_WORDS = {
    "met": "target met",
    "off_track": "target missed",
    "no_target": "no target due yet",
    "no_data": "no actual yet",
}


def format_value(value: float, unit: str) -> str:
    """``47.0`` → ``47%`` (for ``%``), ``1,420`` (number), ``12 days``, ``1 day`` (days).

    Two decimal places at most, but at least two significant digits below 0.1, so that
    0.013 stays ``0.013`` rather than ``0.01``.
    """
    magnitude = abs(value)
    decimals = 2
    if 0 < magnitude < 0.1:
        decimals = min(9, 1 - math.floor(math.log10(magnitude)))
    rounded = round(value, decimals)
    if rounded == int(rounded):
        text = f"{int(rounded):,}"
    else:
        text = f"{rounded:,.{decimals}f}".rstrip("0")
    if unit == "%":
        return f"{text}%"
    if unit == "days":
        return f"{text} day" if abs(rounded) == 1 else f"{text} days"
    return text


def short_date(value: date) -> str:
    """``31 Mar 2019``."""
    return f"{value.day} {MONTH_ABBR[value.month]} {value.year}"


def month_date(value: date) -> str:
    """``Oct 2018`` for a month's last day, else ``15 Oct 2018``."""
    if value.day == calendar.monthrange(value.year, value.month)[1]:
        return f"{MONTH_ABBR[value.month]} {value.year}"
    return short_date(value)


def bar_alt_text(
    intro: str,
    rows: Sequence[tuple[str, Sequence[int]]],
    statuses: Sequence[str],
    empty: str,
    short_names: tuple[str, Sequence[str]] | None = None,
) -> str:
    """A stacked bar chart's text: every category with its count per status.

    ``rows`` pairs a category name with its counts in ``statuses`` order. The plain
    form reads ``31 Mar 2019: 10 Blue, 25 Green, 5 Amber, 0 Red.``; when that is
    longer than the target, the compact form reads ``Counts as Blue/Green/Amber/Red:
    31 Mar 2019 10/25/5/0; ...``. ``short_names`` (what they are, and one per row)
    shortens the compact form further: ``Counts by area number as ...: 1 5/4/1/0``.
    """
    if not rows:
        return f"{intro} {empty}"
    plain = " ".join(
        f"{name}: "
        + ", ".join(f"{count} {status}" for status, count in zip(statuses, counts, strict=True))
        + "."
        for name, counts in rows
    )
    text = f"{intro} {plain}"
    if len(text) <= ALT_TEXT_TARGET:
        return text
    what, names = ("", [name for name, _ in rows]) if short_names is None else short_names
    compact = "; ".join(
        f"{name} {'/'.join(str(c) for c in counts)}"
        for name, (_, counts) in zip(names, rows, strict=True)
    )
    by = f" by {what}" if what else ""
    return f"{intro} Counts{by} as {'/'.join(statuses)}: {compact}."


def _points(
    singular: str, plural: str, points: Sequence[tuple[date, float]], unit: str, by: bool
) -> str:
    if not points:
        return ""
    parts = [
        f"{format_value(value, unit)} by {month_date(when)}"
        if by
        else f"{format_value(value, unit)} ({month_date(when)})"
        for when, value in points
    ]
    return f"{singular if len(points) == 1 else plural} {', '.join(parts)}."


def measure_alt_text(
    name: str,
    unit: str,
    better: str,
    baselines: Sequence[tuple[date, float]],
    actuals: Sequence[tuple[date, float]],
    targets: Sequence[tuple[date, float]],
    as_at: date,
    state: str,
) -> str:
    """A measure chart's text: name, unit, direction, every point, and the judgement.

    ``Line chart of Audits rated good (%), higher is better. Baselines 47% (Oct 2018),
    35% (Jan 2019). Actual 87% (Oct 2019). Targets 60% by Sep 2019, 85% by Dec 2019.
    As at 31 Oct 2019: target met.``
    """
    kind = "Line chart" if len(actuals) > 1 else "Chart"
    parts = [f"{kind} of {name} ({UNIT_WORDS.get(unit, unit)}), {better} is better."]
    parts.append(_points("Baseline", "Baselines", baselines, unit, by=False))
    # the judgement below already says so when there is no actual
    no_actual = "" if state == "no_data" else "No actual yet."
    parts.append(_points("Actual", "Actuals", actuals, unit, by=False) or no_actual)
    parts.append(_points("Target", "Targets", targets, unit, by=True))
    parts.append(f"As at {short_date(as_at)}: {STATE_WORDS.get(state, state)}.")
    return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class KeyMeasureFacts:
    """What the key-measures chart says of one measure, in words."""

    name: str
    actual: str  # "87% (Oct 2019)"
    target: str  # "85% by Dec 2019", or "" when the measure has no target
    judgement: str  # "target met", "target met (60% by Sep 2019)"


def key_measures_alt_text(
    as_at: date, rows: Sequence[KeyMeasureFacts], left_out: Sequence[str]
) -> str:
    """The key-measures chart's text: each measure's latest actual, target and judgement.

    ``Key measures against target, as at 31 Oct 2019. Audits rated good: 87% (Oct 2019)
    against a target of 85% by Dec 2019; target met.`` ``left_out`` names the measures
    with an actual that the chart does not show (they are not in per cent).
    """
    parts = [f"Key measures against target, as at {short_date(as_at)}."]
    for row in rows:
        against = f" against a target of {row.target}" if row.target else ""
        parts.append(f"{row.name}: {row.actual}{against}; {row.judgement}.")
    if left_out:
        parts.append(f"Not shown, as not in per cent: {'; '.join(left_out)}.")
    return " ".join(parts)
