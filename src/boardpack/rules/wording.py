"""The words of every rule: one entry per rule and case, formatted from its record.

A rule decides and records why (:class:`~boardpack.status.Decision`); this module
alone says it in words. ``boardpack explain`` prints :func:`explain_lines` (dates
written long), ``pack.json``'s ``rules`` holds :func:`rule_text` (ISO dates, led by
the rule id) and a rule's warning is :func:`warning_text`. Changing a sentence here
changes it everywhere.

In a wording, ``{name}`` is the fact ``name`` (a date, a RAG word, a number, a
text), ``{name.cell}`` the cell it came from, and a format names a form:
``{n:days}`` (``1 day``, ``184 days``), ``{text:quoted}`` (``'By April 2019.'``),
``{n:setting}`` (the setting and where it is set, or that it is the default),
``{n:place}`` (the setting's cell, or ``the default``), ``{word:cap}``
(capitalised).
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from boardpack.dates import long_date
from boardpack.model import Rag
from boardpack.rules.timescales import quoted
from boardpack.status import ActionStatus, AreaStatus, Decision, Fact, Milestone

DateStyle = Literal["iso", "long"]
_RAG_WORDS = frozenset(rag.word for rag in Rag)


@dataclass(frozen=True)
class Wording:
    """How one case of one rule reads: ``verdict`` (what was decided) and ``why``.

    ``warning`` is the message of the problem the case raises, if it raises one,
    with dates in ``warning_dates`` form. A ``quiet`` case (nothing to say, such as
    no revised date) is left out of ``explain``.
    """

    verdict: str
    why: str
    warning: str = ""
    warning_dates: DateStyle = "iso"
    quiet: bool = False  # left out of ``explain`` (``pack.json`` still has it)


W = Wording

#: (rule id, case) → its wording. A new rule is one function in ``rag.py`` and its rows here.
WORDING: dict[tuple[str, str], Wording] = {
    # the reported RAG, from the Updates sheet
    ("Updates", "reported"): W("Reported {rag}", "the update for {period} ({rag.cell})"),
    ("Updates", "no-update"): W(
        "No reported RAG",
        "there is no update on or before {as_at}",
        "{ref} has no update on or before {as_at}; expected a row in Updates with its "
        "progress and RAG",
    ),
    ("Updates", "no-update-no-as-at"): W(
        "No reported RAG",
        "there is no update",
        "{ref} has no update; expected a row in Updates with its progress and RAG",
    ),
    ("Updates", "progress-unchanged"): W(
        "Progress unchanged",
        "the progress for {period} is word for word the progress for {previous_period}",
        "{ref}'s progress for {period} is word for word its progress for {previous_period}; "
        "expected this period's progress: update it, or say that nothing has changed and why",
    ),
    # stale: the latest update is not for the current period
    ("Periods", "no-update"): W("Not stale", "there is no update to report"),
    ("Periods", "current"): W("Not stale", "updated in the current period, {period}"),
    ("Periods", "stale"): W(
        "Stale",
        "the latest update is for {update_period}, not the current period {period}, so that "
        "update is reported again",
        "{ref} has no update for the current period {period}; expected one, found only the "
        "update for {update_period} (reported {rag}), which is reported again",
    ),
    # T1, T3, T5, T6: the due date
    ("T1", "dated"): W("Due {due}", "{source}"),
    ("T1", "original"): W("Original due {original_due}", "{source}"),
    ("T6", "revised"): W(
        "Due {due}",
        "the revised due date in the update ({due.cell}) replaces the original due date, "
        "{original_due}",
    ),
    ("T3", "no-date"): W("No due date", "{source}"),
    ("T5", "empty-target"): W(
        "No due date",
        "the target is empty; enter a date in Due ({due_column.cell})",
        "{ref} has no due date: expected a date (such as 'June 2019') or a recurrence word "
        "in the target, found {target:quoted}; enter a date in Due ({due_column.cell})",
    ),
    ("T5", "no-date"): W(
        "No due date",
        "{source} and no recurrence word; enter a date in Due ({due_column.cell})",
        "{ref} has no due date: expected a date (such as 'June 2019') or a recurrence word "
        "in the target, found {target:quoted}; enter a date in Due ({due_column.cell})",
    ),
    ("T3", "recurs"): W("Recurs {recurrence}", "the target says '{word}'."),
    ("T9", "recurs"): W("Recurs {recurrence}", "the target says '{word}'."),
    ("T8", "approximate"): W(
        "Due date approximate",
        "'{words}' names only part of a year, read as {due}; enter an exact date in Due "
        "({due_column.cell})",
        "{ref} has only an approximate due date: expected an exact date, found '{words}' in "
        "the target, read as {due}; enter a date in Due ({due_column.cell})",
        "long",
    ),
    ("T3", "none"): W("No recurrence", "the target has no word such as 'ongoing' or 'quarterly'."),
    ("T4", "milestones"): W("Milestones {milestones}", "percentages tied to dates in the target"),
    ("T4", "none"): W("No milestones", "no percentage in the target is tied to a date"),
    # R1 overdue
    ("R1", "recurring"): W(
        "Not overdue", "it recurs ({recurrence}), and a recurring action is never overdue"
    ),
    ("R1", "blue"): W("Not overdue", "it is Blue (completed)"),
    ("R1", "no-due"): W("Not overdue", "there is no due date"),
    ("R1", "no-as-at"): W("Not overdue", "there is no as-at date to judge against"),
    ("R1", "not-yet"): W("Not overdue", "due {due}, which is not before the as-at date {as_at}"),
    ("R1", "late"): W("Overdue by {days_overdue:days}", "due {due}, before the as-at date {as_at}"),
    # R2 due soon
    ("R2", "blue"): W("Not due soon", "it is Blue (completed)"),
    ("R2", "overdue"): W("Not due soon", "it is overdue"),
    ("R2", "no-due"): W("Not due soon", "there is no due date"),
    ("R2", "no-as-at"): W("Not due soon", "there is no as-at date to judge against"),
    ("R2", "past"): W("Not due soon", "due {due}, before the as-at date {as_at}"),
    ("R2", "today"): W("Due soon", "due {due}, on the as-at date, within {window:setting}"),
    ("R2", "within"): W(
        "Due soon",
        "due {due}, {ahead:days} after the as-at date {as_at}, within {window:setting}",
    ),
    ("R2", "beyond"): W(
        "Not due soon",
        "due {due}, {ahead:days} after the as-at date {as_at}, beyond {window:setting}",
    ),
    # due before the meeting (the due-soon list reaches to the meeting date)
    ("R2", "meeting-blue"): W("Not due before the meeting", "it is Blue (completed)"),
    ("R2", "meeting-overdue"): W("Not due before the meeting", "it is overdue"),
    ("R2", "meeting-no-due"): W("Not due before the meeting", "there is no due date"),
    ("R2", "meeting-no-as-at"): W(
        "Not due before the meeting", "there is no as-at date to judge against"
    ),
    ("R2", "meeting-none"): W(
        "Not due before the meeting",
        "there is no meeting date (Meeting date, Report sheet)",
        quiet=True,
    ),
    ("R2", "meeting-past"): W(
        "Not due before the meeting", "due {due}, before the as-at date {as_at}"
    ),
    ("R2", "meeting-after"): W(
        "Not due before the meeting", "due {due}, after the meeting on {meeting_date}"
    ),
    ("R2", "meeting-before"): W(
        "Due before the meeting",
        "due {due}, on or after the as-at date {as_at} and on or before the meeting on "
        "{meeting_date}",
    ),
    # R8 slippage
    ("R8", "no-revision"): W("Not slipped", "no revised due date is set", quiet=True),
    ("R8", "no-original"): W("Not slipped", "there is no original due date to compare with"),
    ("R8", "not-later"): W(
        "Not slipped", "due {due}, not later than the original due date {original_due}"
    ),
    ("R8", "slipped"): W(
        "Slipped by {days_slipped:days}",
        "the revised due date {due} ({due.cell}) is later than the original due date "
        "{original_due}",
    ),
    # R3 suggested RAG
    ("R3", "no-update"): W("No suggested RAG", "there is no update to judge"),
    ("R3", "blue"): W("Suggested Blue", "a completed (Blue) action stays Blue"),
    ("R3", "not-overdue"): W("Suggested {suggested}, as reported", "the action is not overdue"),
    ("R3", "long-late"): W(
        "Suggested Red",
        "due {days_overdue:days} before the as-at date {as_at}, more than {red_after:setting}",
        "{ref} is reported {rag} but was due on {due} ({days_overdue:days} ago); suggested "
        "Red (R3: more than {red_after} days overdue, {red_after:place})",
    ),
    ("R3", "long-late-as-reported"): W(
        "Suggested Red, as reported",
        "due {days_overdue:days} before the as-at date {as_at}, more than {red_after:setting}",
    ),
    ("R3", "late"): W(
        "Suggested Amber",
        "due {days_overdue:days} before the as-at date {as_at}, not more than "
        "{red_after:setting}, so at least Amber",
        "{ref} is reported {rag} but was due on {due} ({days_overdue:days} ago); suggested "
        "Amber (R3: overdue by at most {red_after} days, so at least Amber)",
    ),
    ("R3", "late-as-reported"): W(
        "Suggested Amber, as reported",
        "due {days_overdue:days} before the as-at date {as_at}, not more than "
        "{red_after:setting}, so at least Amber",
    ),
    ("R3", "late-red-stays"): W(
        "Suggested Red, as reported",
        "due {days_overdue:days} before the as-at date {as_at}, not more than "
        "{red_after:setting}, so at least Amber, and a reported Red stays Red",
    ),
    # R4 exception reporting
    ("R4", "red-no-reason-or-recovery"): W(
        "Exception report incomplete",
        "no Reason ({reason.cell}) and no Recovery ({recovery.cell}); a Red action needs both",
        "{ref} is reported Red for {period} but its update has no Reason ({reason.cell}) and "
        "no Recovery ({recovery.cell}); a Red action needs a Reason and a Recovery (R4)",
    ),
    ("R4", "red-no-reason"): W(
        "Exception report incomplete",
        "no Reason ({reason.cell}); a Red action needs a Reason and a Recovery",
        "{ref} is reported Red for {period} but its update has no Reason ({reason.cell}); "
        "a Red action needs a Reason and a Recovery (R4)",
    ),
    ("R4", "red-no-recovery"): W(
        "Exception report incomplete",
        "no Recovery ({recovery.cell}); a Red action needs a Reason and a Recovery",
        "{ref} is reported Red for {period} but its update has no Recovery "
        "({recovery.cell}); a Red action needs a Reason and a Recovery (R4)",
    ),
    ("R4", "amber-no-recovery"): W(
        "Exception report incomplete",
        "no Recovery ({recovery.cell}); an Amber action should say its Recovery",
        "{ref} is reported Amber for {period} but its update has no Recovery "
        "({recovery.cell}); an Amber action should say its Recovery (R4)",
    ),
    # R5 movement
    ("R5", "no-update"): W("New", "there is no update"),
    ("R5", "no-previous-period"): W("New", "there is no previous period to compare with"),
    ("R5", "no-previous-update"): W(
        "New", "there is no update on or before the previous period, {previous_period}"
    ),
    ("R5", "compared"): W(
        "{movement:cap} since the previous period",
        "{previous_rag} at the previous period, {previous_period}; {rag} now",
    ),
    ("R5", "compared-earlier"): W(
        "{movement:cap} since the previous period",
        "{previous_rag} at the previous period, {previous_period} (the update for "
        "{previous_update_period}); {rag} now",
    ),
    ("R5", "area-new"): W("New", "the area has no rating now or at the previous period"),
    ("R5", "area-compared"): W(
        "{movement:cap} since the previous period",
        "{previous_rag} at the previous period, {rag} now, each rolled up by R6",
    ),
    # R6 area roll-up (of the current ratings, or of the previous ones)
    ("R6", "none-rated"): W("No rating", "none of its actions has a rating ({actions} actions)"),
    ("R6", "blue-not-all-rated"): W(
        "No rating",
        "its rated actions are all Blue, but only {rated} of its {actions} actions are rated, "
        "so it is not known to be complete",
    ),
    ("R6", "all-blue"): W("Blue", "all its actions are Blue ({actions} of {actions})"),
    ("R6", "worst"): W("{rag}", "the worst rating among its rated actions ({rated} of {actions})"),
    # R9 dated before the meeting
    ("R9", "progress"): W(
        "Progress names {dates}",
        "after the as-at date {as_at} and on or before the meeting on {meeting_date}; "
        "say whether it happened",
        "{ref}'s progress names {dates}, after the as-at date ({as_at}) and before the "
        "meeting ({meeting_date}); say whether it happened",
        "long",
    ),
    ("R9", "recovery"): W(
        "Recovery names {dates}",
        "after the as-at date {as_at} and on or before the meeting on {meeting_date}; "
        "say whether it happened",
        "{ref}'s recovery names {dates}, after the as-at date ({as_at}) and before the "
        "meeting ({meeting_date}); say whether it happened",
        "long",
    ),
}


def days(n: int) -> str:
    """``1 day``, ``184 days``."""
    return f"{n} day" if n == 1 else f"{n} days"


def sentence(text: str) -> str:
    """End a sentence with a full stop, unless it ends with a quotation or one already."""
    return text if text.endswith(("'", ".")) else text + "."


def _date(value: date, style: DateStyle) -> str:
    return long_date(value) if style == "long" else value.isoformat()


def _listed(parts: Sequence[str], style: DateStyle) -> str:
    """``a``, ``a and b``, ``a, b and c`` in explanations; ``a, b, c`` in pack.json."""
    if style == "iso" or len(parts) < 2:
        return ", ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


class _Facts:
    """Formats a wording's fields from a decision's facts, with dates in one style."""

    def __init__(self, style: DateStyle) -> None:
        self.style = style

    def format_field(self, value: Any, format_spec: str) -> str:
        if not isinstance(value, Fact) and not format_spec:  # a fact's cell, most often
            return self.render(value)
        fact = value if isinstance(value, Fact) else Fact(value)
        if format_spec == "days":
            return days(int(fact.value))  # type: ignore[arg-type]
        if format_spec == "quoted":
            return quoted(str(fact.value))
        if format_spec == "cap":
            text = self.render(fact.value)
            return text[:1].upper() + text[1:]
        if format_spec == "place":
            return fact.cell or "the default"
        if format_spec == "setting":
            return self._setting(fact)
        return self.render(fact.value)

    def _setting(self, fact: Fact) -> str:
        amount = days(int(fact.value))  # type: ignore[arg-type]
        if fact.cell:
            return f"the {amount} set in {fact.cell} ('{fact.setting}')"
        return f"{amount} (the default; set '{fact.setting}' in the Report sheet to change it)"

    def render(self, value: object) -> str:
        if value is None:
            return "none"
        if isinstance(value, Rag):
            return value.word
        if isinstance(value, date):
            return _date(value, self.style)
        if isinstance(value, tuple):
            return _listed([self._item(item) for item in value], self.style)
        return str(value)

    def _item(self, item: object) -> str:
        if isinstance(item, Milestone):
            return f"{item.value} by {_date(item.date, self.style)}"
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], date):
            written, value = str(item[0]), item[1]
            shown = _date(value, self.style)
            same = " ".join(written.split()).lower() == long_date(value).lower()
            return shown if same else f"'{' '.join(written.split())}' ({shown})"
        return self.render(item)


def wording(decision: Decision) -> Wording:
    """The wording of the decision's rule and case."""
    return WORDING[(decision.rule, decision.case)]


_STYLES = {"iso": _Facts("iso"), "long": _Facts("long")}

#: one literal text and the field after it: the fact's name, the attributes read from it
#: (``cell`` in ``{due.cell}``) and the format; no field after the last literal
_Part = tuple[str, str | None, tuple[str, ...], str]
_PARTS: dict[str, tuple[_Part, ...]] = {}


def _parts(template: str) -> tuple[_Part, ...]:
    """A wording cut into its parts once (``str.format``'s grammar), for every fill."""
    parts = _PARTS.get(template)
    if parts is None:
        found: list[_Part] = []
        for literal, field, spec, conversion in string.Formatter().parse(template):
            if field is None:
                found.append((literal, None, (), ""))
            elif conversion or "[" in field or "{" in (spec or ""):
                raise ValueError(f"{{{field}}}: a wording names a fact, its .cell and a form")
            else:
                name, *attributes = field.split(".")
                found.append((literal, name, tuple(attributes), spec or ""))
        parts = _PARTS[template] = tuple(found)  # the wordings are a fixed set
    return parts


def _fill(template: str, decision: Decision, style: DateStyle) -> str:
    """The wording with each ``{fact}``, ``{fact.cell}`` and ``{fact:form}`` filled in,
    as ``string.Formatter`` would, without its per-field machinery."""
    facts, words = decision.facts, _STYLES[style]
    pieces: list[str] = []
    for literal, name, attributes, spec in _parts(template):
        pieces.append(literal)
        if name is None:
            continue
        if name not in facts:
            raise KeyError(f"the wording names the fact {name!r}, which the rule did not record")
        value: Any = facts[name]
        for attribute in attributes:
            value = getattr(value, attribute)
        pieces.append(words.format_field(value, spec))
    return "".join(pieces)


def explain_lines(decision: Decision) -> list[str]:
    """``Overdue by 184 days: due 30 April 2019, before the as-at date 31 October 2019.``

    Followed, when the timescale reader gave one, by its own reading of the target.
    """
    words = wording(decision)
    if words.quiet:
        return []
    verdict = _fill(words.verdict, decision, "long")
    lines = [sentence(f"{verdict}: {_fill(words.why, decision, 'long')}")]
    if decision.reading is not None:
        lines.append(sentence(f"{decision.reading.rule}: {decision.reading.text}"))
    return lines


def rule_text(decision: Decision) -> str:
    """``R1: overdue by 184 days; due 2019-04-30, before the as-at date 2019-10-31.``"""
    words = wording(decision)
    verdict = _fill(words.verdict, decision, "iso")
    if verdict.partition(" ")[0] not in _RAG_WORDS:  # "overdue by ...", but "Green"
        verdict = verdict[:1].lower() + verdict[1:]
    text = f"{decision.rule}: {verdict}; {_fill(words.why, decision, 'iso')}"
    if decision.reading is not None and decision.reading.rule != decision.rule:
        text = f"{sentence(text)} {decision.reading.rule}: {decision.reading.text}"
    return sentence(text)


def warning_text(decision: Decision) -> str:
    """The message of the problem the decision raises (its case must have a warning)."""
    words = wording(decision)
    return _fill(words.warning, decision, words.warning_dates)


def rule_texts(item: ActionStatus | AreaStatus) -> dict[str, str]:
    """Derived value → its rule text, for ``pack.json``'s ``rules`` of an action or area."""
    return {d.name: rule_text(d) for d in item.decisions}
