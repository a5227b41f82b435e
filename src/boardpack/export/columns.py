"""What each exported table and column means, for the ``About`` sheet and ``data.json``.

Plain text only (no pandas), so the meanings can be read and tested on their own.
A column the rules gain later is exported at once, with :data:`UNDESCRIBED` as its
meaning until it is described here.
"""

from __future__ import annotations

#: The tables, in the order they are written: file stem → what one row is.
TABLES: dict[str, str] = {
    "actions": "one row per action, with everything the rules derive for it at the as-at date",
    "updates": "one row per action per reporting period up to the as-at date",
    "areas": "one row per area for improvement",
    "measures": "one row per performance measure, judged at the as-at date",
    "measure-values": "one row per figure of a measure: a baseline, an actual or a target",
}

#: How each kind of column is written, in words (and as Table Schema type names).
TYPES: dict[str, str] = {
    "text": "string",
    "rag": "string",
    "list": "string",
    "date": "date",
    "bool": "boolean",
    "int": "integer",
    "number": "number",
}

UNDESCRIBED = "Derived by the rules; `boardpack explain REF` says how for one action."

_RAG = "Blue, Green, Amber or Red"

MEANINGS: dict[str, dict[str, str]] = {
    "actions": {
        "ref": "The action's number, as in the plan (e.g. 1.3).",
        "area": "The number of the area for improvement the action belongs to.",
        "area_title": "The title of that area.",
        "action": "What will be done, as written in the plan.",
        "target": "The original target and timescale, as written in the plan.",
        "owner": "Who is responsible for the action, as written in the master workbook.",
        "update_period": "The reporting period of the update the pack reports (ISO date).",
        "rag": f"The RAG reported in that update: {_RAG}.",
        "previous_rag": f"The RAG reported at the previous reporting period: {_RAG}.",
        "movement": "improved, declined, unchanged or new, since the previous period.",
        "due": "The date the action is judged against: the revised due date when one is set.",
        "original_due": "The due date the original target (or the Due column) gives.",
        "revised_due": "The revised due date given in the update, if any.",
        "recurrence": "ongoing, weekly, monthly, quarterly, six-monthly or annually, for "
        "actions that recur; empty otherwise.",
        "milestones": "Percentage milestones in the target, as 'date value' pairs "
        "separated by '; '.",
        "overdue": "True when the due date is before the as-at date, the action does not "
        "recur and it is not Blue.",
        "days_overdue": "Days from the due date to the as-at date when overdue, else 0.",
        "due_soon": "True when the action is not Blue and falls due within the due-soon "
        "window after the as-at date.",
        "stale": "True when the action has no update for the current period.",
        "suggested_rag": f"The RAG the rules suggest from the dates: {_RAG}.",
        "slipped": "True when the due date is later than the original due date.",
        "days_slipped": "Days between the original and the revised due date when slipped, else 0.",
        "due_before_meeting": "True when the action is not Blue, not overdue, and falls due "
        "between the as-at date and the meeting date.",
        "flags": "What the rules noticed (rag_conflict, stale, no_update, no_due_date, "
        "missing_exception), separated by '; '.",
    },
    "updates": {
        "period": "The reporting period the update is for (ISO date).",
        "ref": "The action's number.",
        "area": "The number of the action's area.",
        "rag": f"The RAG reported: {_RAG}.",
        "progress": "The progress update, as written.",
        "reason": "Why the action is Amber or Red, as written.",
        "recovery": "What is being done to bring it back on track, as written.",
        "revised_due": "A revised due date agreed in this update (ISO date), if any.",
    },
    "areas": {
        "area": "The area's number.",
        "title": "The area for improvement.",
        "rag": f"The area's RAG, rolled up from its actions: {_RAG}.",
        "previous_rag": f"The area's RAG at the previous reporting period: {_RAG}.",
        "movement": "improved, declined, unchanged or new, since the previous period.",
        "actions": "How many actions the area has.",
        "blue": "How many of its actions are Blue (completed).",
        "green": "How many of its actions are Green (on track).",
        "amber": "How many of its actions are Amber (some concern).",
        "red": "How many of its actions are Red (not on track).",
    },
    "measures": {
        "measure": "The measure's identifier (e.g. M1).",
        "name": "What is measured.",
        "unit": "%, number or days.",
        "better": "higher or lower: which direction is better.",
        "action_refs": "The actions the measure evidences, separated by '; '.",
        "description": "How the measure is defined, as written.",
        "latest_date": "The date of the latest actual figure.",
        "latest_value": "The latest actual figure.",
        "next_target_date": "The date of the next target on or after the as-at date (else the "
        "last target).",
        "next_target_value": "That target's value.",
        "judged_target_date": "The date of the last target due on or before the as-at date.",
        "judged_target_value": "That target's value, which the latest figure is judged against.",
        "status": "met, off_track, no_target or no_data.",
    },
    "measure-values": {
        "measure": "The measure's identifier.",
        "date": "The date of the figure (ISO date).",
        "kind": "Baseline, Actual or Target.",
        "value": "The figure, as a number.",
        "note": "A note on the figure, as written.",
    },
}


def meaning(table: str, column: str) -> str:
    """What ``column`` of ``table`` means (:data:`UNDESCRIBED` for one not yet described)."""
    return MEANINGS.get(table, {}).get(column, UNDESCRIBED)
