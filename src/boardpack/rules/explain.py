"""``boardpack explain REF``: one action's derived status in plain words, rule by rule."""

from __future__ import annotations

from boardpack.problems import Problem, sorted_problems
from boardpack.rules.rag import ACTIONS_SHEET, UPDATES_SHEET, day_text, rag_word
from boardpack.status import ActionStatus, PackStatus

_INDENT = "    "


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _related_problems(status: PackStatus, item: ActionStatus) -> list[Problem]:
    """The problems whose cell belongs to the action's row or to the update it reports."""
    places = {(ACTIONS_SHEET, cell) for cell in item.action.cells.values()}
    if item.update is not None:
        places |= {(UPDATES_SHEET, cell) for cell in item.update.cells.values()}
    return sorted_problems(p for p in status.problems if (p.sheet, p.cell) in places)


def _lines(item: ActionStatus) -> list[tuple[str, str, str]]:
    """(label, value, explanation key) for each derived value, in reading order."""
    milestones = ", ".join(f"{m.value} by {m.date}" for m in item.timescale.milestones)
    overdue = f"yes, by {item.days_overdue} days" if item.overdue else "no"
    rows = [
        ("Reported RAG", rag_word(item.rag), "rag"),
        ("Due date", day_text(item.due), "due"),
    ]
    if item.due != item.original_due:
        rows.append(("Original due date", day_text(item.original_due), "original_due"))
    rows += [
        ("Recurrence", item.timescale.recurrence or "none", "recurrence"),
        ("Milestones", milestones or "none", "milestones"),
        ("Overdue", overdue, "overdue"),
        ("Due soon", _yes_no(item.due_soon), "due_soon"),
        ("Suggested RAG", rag_word(item.suggested_rag), "suggested_rag"),
        ("Movement", item.movement, "movement"),
        ("Stale", _yes_no(item.stale), "stale"),
    ]
    return rows


def explain_action(status: PackStatus, ref: str) -> str:
    """How each of one action's derived values was reached, one rule per line.

    Several lines of text: the action, the as-at date and periods, then each
    derived value with the sentence naming the rule that produced it, then the
    problems found at the action's cells. An unknown ref gives one sentence saying so.
    """
    item = status.action(ref.strip())
    if item is None:
        return f"There is no action with Ref {ref!r} in the plan."
    action = item.action
    area = status.plan.area(action.area)
    previous = (
        f", previous period {day_text(status.previous_period)}" if status.previous_period else ""
    )
    lines = [
        f"{action.ref} {' '.join(action.text.split())}",
        f"Area {action.area}: {area.title}" if area else f"Area {action.area}",
        f"Target: {' '.join(action.target.split()) or '(empty)'}",
        f"Judged as at {status.as_at.isoformat()} ({status.as_at_source}); "
        f"current period {day_text(status.period)}{previous}.",
        "",
    ]
    for label, value, key in _lines(item):
        lines.append(f"{label}: {value}")
        if key in item.explanations:
            lines.append(f"{_INDENT}{item.explanations[key]}")
    if item.flags:
        lines.append(f"Flags: {', '.join(item.flags)}")
    problems = _related_problems(status, item)
    if problems:
        lines += ["", "Problems:"]
        lines += [f"{_INDENT}{p.severity} {p.code}: {p}" for p in problems]
    return "\n".join(lines)
