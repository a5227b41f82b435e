"""``boardpack explain REF``: one action's derived status in plain words, rule by rule.

The sentences are the rules' own records (``ActionStatus.decisions``) in the words
of ``rules/wording.py``: each starts with what was derived (``Due 30 April 2019``,
``Suggested Red``) and says why after a colon, with dates written long and every
setting named by its cell (``Report!B16``) or as the default. This module adds only
the heading, the action's problems and when it is judged.
"""

from __future__ import annotations

import re
from datetime import date

from boardpack.dates import long_date
from boardpack.problems import Problem, sorted_problems
from boardpack.rules.periods import AS_AT_OPTION, has_as_at
from boardpack.rules.rag import ACTIONS_SHEET, UPDATES_SHEET
from boardpack.rules.wording import explain_lines
from boardpack.status import ActionStatus, PackStatus

_INDENT = "    "
_ROW = re.compile(r"^[A-Z]+(\d+)$")


def _when(value: date | None) -> str:
    """``31 October 2019``, or ``none``."""
    return long_date(value) if value is not None else "none"


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

    titles = status.plan.sheet_titles
    placed = {titles.get(sheet, sheet): found for sheet, found in rows.items()}

    def in_rows(problem: Problem) -> bool:
        match = _ROW.match(problem.cell or "")
        return match is not None and int(match[1]) in placed.get(problem.sheet or "", set())

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


def explain_action(status: PackStatus, ref: str) -> str:
    """How each of one action's derived values was reached, one sentence each.

    Several lines of text: the action, its area and target; the problems found in
    its rows of Actions and Updates, if any; when it is judged; then the rules'
    record of each derived value in words (reported RAG, due date, recurrence,
    milestones, overdue, slippage, due soon, due before the meeting, suggested RAG,
    movement, stale, and any exception report, unchanged progress or dated text) and
    its flags. An unknown ref gives one sentence saying so.
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
    for decision in item.decisions:
        lines += explain_lines(decision)
    if item.flags:
        lines.append(f"Flags: {', '.join(item.flags)}")
    return "\n".join(lines)
