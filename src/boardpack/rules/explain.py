"""``boardpack explain REF``: one action's derived status in plain words, rule by rule.

Each sentence starts with what was derived (``Due 30 April 2019``, ``Suggested
Red``) and says why after a colon, with dates written long and every setting named
by its cell (``Report!B16``) or as the default.
"""

from __future__ import annotations

import re
from datetime import date

from boardpack.dates import long_date
from boardpack.model import Rag, Report
from boardpack.problems import Problem, sorted_problems
from boardpack.rules.periods import AS_AT_OPTION, has_as_at
from boardpack.rules.rag import (
    ACTIONS_SHEET,
    UPDATES_SHEET,
    cell_place,
    days,
    sentence,
    setting_cell,
)
from boardpack.status import ActionStatus, PackStatus

_INDENT = "    "
_ROW = re.compile(r"^[A-Z]+(\d+)$")
RED_AFTER = ("red after days overdue", "Red after days overdue")
DUE_SOON = ("due soon days", "Due soon days")


def _when(value: date | None) -> str:
    """``31 October 2019``, or ``none``."""
    return long_date(value) if value is not None else "none"


def _setting(report: Report, setting: tuple[str, str], value: int) -> str:
    """``the 90 days set in Report!B16 ('Red after days overdue')``, or the default said so."""
    key, name = setting
    cell = setting_cell(report, key)
    if cell:
        return f"the {days(value)} set in {cell} ('{name}')"
    return f"{days(value)} (the default; set '{name}' in the Report sheet to change it)"


def _rows(cells: dict[str, str], row: int) -> set[int]:
    found = {int(m[1]) for cell in cells.values() if (m := _ROW.match(cell))}
    return found | ({row} if row else set())


def _related_problems(status: PackStatus, item: ActionStatus) -> list[Problem]:
    """The problems in the action's row of Actions or in one of its rows of Updates."""
    rows = {ACTIONS_SHEET: _rows(item.action.cells, item.action.row), UPDATES_SHEET: set()}
    for update in status.plan.updates:
        if update.ref == item.ref:
            rows[UPDATES_SHEET] |= _rows(update.cells, update.row)
    for reported in (item.update, item.previous_update):
        if reported is not None:
            rows[UPDATES_SHEET] |= _rows(reported.cells, reported.row)

    def in_rows(problem: Problem) -> bool:
        match = _ROW.match(problem.cell or "")
        return match is not None and int(match[1]) in rows.get(problem.sheet or "", set())

    return sorted_problems(p for p in status.problems if in_rows(p))


def _as_at_source(source: str) -> str:
    """``the As at date in Report!B5``, ``given by --as-at``, ``the latest update period``."""
    if source.startswith("Report!"):
        return f"the As at date in {source}"
    if source == AS_AT_OPTION:
        return f"given by {AS_AT_OPTION}"
    return source


def _judged(status: PackStatus) -> list[str]:
    """When the action is judged: the as-at date and the periods."""
    if not has_as_at(status):
        return [
            "Judged with no as-at date: the plan has no As at date and no updates, so nothing "
            "is overdue or due soon."
        ]
    lines = [f"Judged as at {_when(status.as_at)}, {_as_at_source(status.as_at_source)}."]
    if status.period is None:
        lines.append("There is no update period on or before the as-at date.")
    elif status.previous_period is None:
        lines.append(f"The current period is {_when(status.period)}; there is no previous period.")
    else:
        lines.append(
            f"The current period is {_when(status.period)} and the previous one "
            f"{_when(status.previous_period)}."
        )
    return lines


def _reported(status: PackStatus, item: ActionStatus) -> str:
    update = item.update
    if update is None:
        when = f" on or before {_when(status.as_at)}" if has_as_at(status) else ""
        return f"No reported RAG: there is no update{when}."
    place = cell_place(UPDATES_SHEET, update.cells, "rag")
    return f"Reported {update.rag.word}: the update for {_when(update.period)} ({place})."


def _due(item: ActionStatus) -> list[str]:
    """T1, T3, T5, T6."""
    action, update, timescale = item.action, item.update, item.timescale
    if update is not None and update.revised_due is not None:
        place = cell_place(UPDATES_SHEET, update.cells, "revised due")
        return [
            f"Due {_when(item.due)}: the revised due date in the update ({place}) replaces "
            f"the original due date, {_when(item.original_due)}.",
            sentence(f"Original due {_when(item.original_due)}: {timescale.source}"),
        ]
    if item.due is not None:
        return [sentence(f"Due {_when(item.due)}: {timescale.source}")]
    if timescale.recurrence is not None:
        return [sentence(f"No due date: {timescale.source}")]
    enter = f"enter a date in Due ({cell_place(ACTIONS_SHEET, action.cells, 'due')})"
    if not action.target.strip():
        return [f"No due date: the target is empty; {enter}."]
    return [f"No due date: {timescale.source} and no recurrence word; {enter}."]


def _recurrence(item: ActionStatus) -> str:
    """T3, T9."""
    timescale = item.timescale
    if timescale.recurrence is None:
        return "No recurrence: the target has no word such as 'ongoing' or 'quarterly'."
    return f"Recurs {timescale.recurrence}: the target says '{timescale.recurrence_words}'."


def _milestones(item: ActionStatus) -> str:
    """T4."""
    milestones = item.timescale.milestones
    if not milestones:
        return "No milestones: no percentage in the target is tied to a date."
    parts = [f"{m.value} by {_when(m.date)}" for m in milestones]
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return f"Milestones {listed}: percentages tied to dates in the target."


def _overdue(status: PackStatus, item: ActionStatus) -> str:
    """R1."""
    as_at = _when(status.as_at)
    if item.timescale.recurrence is not None:
        return (
            f"Not overdue: it recurs ({item.timescale.recurrence}), and a recurring action is "
            "never overdue."
        )
    if item.rag is Rag.BLUE:
        return "Not overdue: it is Blue (completed)."
    if item.due is None:
        return "Not overdue: there is no due date."
    if not has_as_at(status):
        return "Not overdue: there is no as-at date to judge against."
    if not item.overdue:
        return f"Not overdue: due {_when(item.due)}, which is not before the as-at date {as_at}."
    return (
        f"Overdue by {days(item.days_overdue)}: due {_when(item.due)}, before the as-at "
        f"date {as_at}."
    )


def _due_soon(status: PackStatus, item: ActionStatus) -> str:
    """R2."""
    verdict = "Due soon" if item.due_soon else "Not due soon"
    if item.rag is Rag.BLUE:
        return f"{verdict}: it is Blue (completed)."
    if item.overdue:
        return f"{verdict}: it is overdue."
    if item.due is None:
        return f"{verdict}: there is no due date."
    if not has_as_at(status):
        return f"{verdict}: there is no as-at date to judge against."
    as_at = _when(status.as_at)
    ahead = (item.due - status.as_at).days
    if ahead < 0:
        return f"{verdict}: due {_when(item.due)}, before the as-at date {as_at}."
    report = status.plan.report
    window = _setting(report, DUE_SOON, report.due_soon_days)
    when = "on the as-at date" if ahead == 0 else f"{days(ahead)} after the as-at date {as_at}"
    relation = "within" if item.due_soon else "beyond"
    return f"{verdict}: due {_when(item.due)}, {when}, {relation} {window}."


def _suggested(status: PackStatus, item: ActionStatus) -> str:
    """R3."""
    rag, suggested = item.rag, item.suggested_rag
    if rag is None or suggested is None:
        return "No suggested RAG: there is no update to judge."
    if rag is Rag.BLUE:
        return "Suggested Blue: a completed (Blue) action stays Blue."
    label = f"Suggested {suggested.word}" + (", as reported" if suggested is rag else "")
    if not item.overdue:
        return f"{label}: the action is not overdue."
    report = status.plan.report
    limit = _setting(report, RED_AFTER, report.red_after_days)
    late = f"due {days(item.days_overdue)} before the as-at date {_when(status.as_at)}"
    if item.days_overdue > report.red_after_days:
        return f"{label}: {late}, more than {limit}."
    kept = ", and a reported Red stays Red" if rag is Rag.RED else ""
    return f"{label}: {late}, not more than {limit}, so at least Amber{kept}."


def _movement(status: PackStatus, item: ActionStatus) -> str:
    """R5."""
    rag, previous, previous_update = item.rag, item.previous_rag, item.previous_update
    if rag is None:
        return "New: there is no update."
    if status.previous_period is None:
        return "New: there is no previous period to compare with."
    period = _when(status.previous_period)
    if previous is None or previous_update is None:
        return f"New: there is no update on or before the previous period, {period}."
    earlier = (
        f" (the update for {_when(previous_update.period)})"
        if previous_update.period != status.previous_period
        else ""
    )
    then = f"{previous.word} at the previous period, {period}{earlier}"
    return f"{item.movement.capitalize()} since the previous period: {then}; {rag.word} now."


def _stale(status: PackStatus, item: ActionStatus) -> str:
    update = item.update
    if update is None:
        return "Not stale: there is no update to report."
    if not item.stale:
        return f"Not stale: updated in the current period, {_when(status.period)}."
    return (
        f"Stale: the latest update is for {_when(update.period)}, not the current period "
        f"{_when(status.period)}, so that update is reported again."
    )


def explain_action(status: PackStatus, ref: str) -> str:
    """How each of one action's derived values was reached, one sentence each.

    Several lines of text: the action, its area and target; the problems found in
    its rows of Actions and Updates, if any; when it is judged; then one sentence
    per derived value (reported RAG, due date, recurrence, milestones, overdue, due
    soon, suggested RAG, movement, stale) and its flags. An unknown ref gives one
    sentence saying so.
    """
    item = status.action(ref.strip())
    if item is None:
        return f"There is no action with Ref {ref!r} in the plan."
    action = item.action
    area = status.plan.area(action.area)
    target = " ".join(action.target.split())
    lines = [
        f"{action.ref} {' '.join(action.text.split())}",
        f"Area {action.area}: {area.title}" if area else f"Area {action.area}",
        f"Target: {target or '(empty)'}",
    ]
    problems = _related_problems(status, item)
    if problems:
        lines += ["", "Problems in this action's rows:"]
        lines += [f"{_INDENT}{p.severity} {p.code}: {p}" for p in problems]
    lines += ["", *_judged(status), ""]
    lines += [_reported(status, item), *_due(item)]
    if item.timescale.reading:
        lines.append(sentence(item.timescale.reading))
    lines += [_recurrence(item), _milestones(item)]
    lines += [_overdue(status, item), _due_soon(status, item), _suggested(status, item)]
    lines += [_movement(status, item), _stale(status, item)]
    if item.flags:
        lines.append(f"Flags: {', '.join(item.flags)}")
    return "\n".join(lines)
