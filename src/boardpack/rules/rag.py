"""The RAG rules for one action (T1, T5, T6, R1-R5) and the area roll-up (R6).

Each derived value comes with the sentence that says which rule produced it
(``ActionStatus.explanations``), and every problem names its cell. The reported
RAG is never changed: a different suggestion is a ``rag-conflict`` warning.

T5 holds for every action, Blue (completed) ones included: a Target such as
``Completed.`` gives no date, so without a ``Due`` date it gets a ``no-due-date``
warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from boardpack.dates import long_date
from boardpack.model import Action, Rag, Report, Update
from boardpack.problems import ERROR, WARNING, Problem
from boardpack.rules.periods import latest_update
from boardpack.rules.timescales import quoted, read_timescale
from boardpack.status import ActionStatus, Movement, RagCounts, Timescale, empty_counts

ACTIONS_SHEET = "Actions"
UPDATES_SHEET = "Updates"

#: the flags an action may carry, in the order they are listed
FLAG_NO_UPDATE = "no_update"
FLAG_STALE = "stale"
FLAG_NO_DUE_DATE = "no_due_date"
FLAG_RAG_CONFLICT = "rag_conflict"
FLAG_MISSING_EXCEPTION = "missing_exception"
FLAG_APPROXIMATE = "approximate"


@dataclass(frozen=True)
class Settings:
    """What the RAG rules judge against: the dates and the Report sheet's settings.

    ``as_at`` is ``None`` when the plan gives no as-at date: then nothing is
    overdue or due soon, and no sentence names a date for it.
    """

    as_at: date | None
    period: date | None
    previous_period: date | None
    year_starts: int
    red_after_days: int
    due_soon_days: int
    red_after_place: str  # "Report!B14", or "the default" when the field is not set
    due_soon_place: str

    @classmethod
    def from_report(
        cls, report: Report, as_at: date | None, period: date | None, previous_period: date | None
    ) -> Settings:
        def place(field: str) -> str:
            return setting_cell(report, field) or "the default"

        year_starts = report.year_starts if 1 <= report.year_starts <= 12 else 4
        return cls(
            as_at,
            period,
            previous_period,
            year_starts,
            report.red_after_days,
            report.due_soon_days,
            place("red after days overdue"),
            place("due soon days"),
        )


def setting_cell(report: Report, field: str) -> str | None:
    """``Report!B16`` for a Report field (``red after days overdue``), or ``None`` when
    the sheet has no row for it and the default applies."""
    cell = report.cells.get(field)
    return f"Report!{cell}" if cell else None


def cell_place(sheet: str, cells: dict[str, str], key: str) -> str:
    """``Updates!E14``, or the column's name when the cell is not known."""
    cell = cells.get(key)
    return f"{sheet}!{cell}" if cell else f"the {key.capitalize()} column"


def days(n: int) -> str:
    """``1 day``, ``184 days``."""
    return f"{n} day" if n == 1 else f"{n} days"


def _on_or_before(as_at: date | None) -> str:
    """`` on or before 2019-10-31``, or nothing when there is no as-at date."""
    return f" on or before {as_at}" if as_at is not None else ""


def day_text(value: date | None) -> str:
    """``2019-10-31``, or ``none``."""
    return value.isoformat() if value is not None else "none"


def rag_word(rag: Rag | None) -> str:
    """``Red`` ... ``Blue``, or ``none`` (``Rag.RED`` is 0, so never test a RAG for truth)."""
    return rag.word if rag is not None else "none"


def sentence(text: str) -> str:
    """End a sentence with a full stop, unless it ends with a quotation or one already."""
    return text if text.endswith(("'", ".")) else text + "."


def timescale_of(action: Action, year_starts: int) -> Timescale:
    """The action's timescale: the Target text read by T1-T4, T8, T9, with ``Due`` winning (T1)."""
    timescale = read_timescale(action.target, year_starts=year_starts)
    if action.due is None:
        return timescale
    source = f"the Due column ({cell_place(ACTIONS_SHEET, action.cells, 'due')})"
    reading = f"T1: {source} gives the due date, {long_date(action.due)}"
    return replace(
        timescale,
        due=action.due,
        source=source,
        rule="T1",
        reading=reading,
        words="",
        approximate=False,
    )


def movement(rag: Rag | None, previous: Rag | None) -> Movement:
    """R5: the direction of travel, ordering Red < Amber < Green < Blue."""
    if rag is None or previous is None:
        return "new"
    if rag > previous:
        return "improved"
    if rag < previous:
        return "declined"
    return "unchanged"


def suggested_rag(rag: Rag | None, overdue: bool, days_overdue: int, red_after: int) -> Rag | None:
    """R3: Blue stays Blue; long overdue is Red; overdue is at least Amber; else as reported."""
    if rag is None or rag is Rag.BLUE or not overdue:
        return rag
    if days_overdue > red_after:
        return Rag.RED
    return min(rag, Rag.AMBER)


class _ActionJudge:
    """Works out one action's status, collecting explanations and problems as it goes."""

    def __init__(self, action: Action, history: Sequence[Update], settings: Settings) -> None:
        self.action = action
        self.settings = settings
        self.update = latest_update(history, settings.period)
        self.previous_update = latest_update(history, settings.previous_period)
        self.rag = self.update.rag if self.update is not None else None
        self.explanations: dict[str, str] = {}
        self.flags: list[str] = []
        self.problems: list[Problem] = []

    def judge(self) -> ActionStatus:
        s = self.settings
        timescale = timescale_of(self.action, s.year_starts)
        stale = self._stale()
        due = self._due(timescale)
        overdue, days_overdue = self._overdue(timescale, due)
        due_soon = self._due_soon(due, overdue)
        suggested = self._suggested(due, overdue, days_overdue)
        previous_rag = self.previous_update.rag if self.previous_update is not None else None
        self._exceptions()
        if not stale:
            self._unchanged_progress()
        return ActionStatus(
            action=self.action,
            update=self.update,
            previous_update=self.previous_update,
            rag=self.rag,
            previous_rag=previous_rag,
            movement=self._movement(previous_rag),
            due=due,
            original_due=timescale.due,
            timescale=timescale,
            overdue=overdue,
            days_overdue=days_overdue,
            due_soon=due_soon,
            stale=stale,
            suggested_rag=suggested,
            flags=self.flags,
            explanations=self.explanations,
        )

    def _warn(self, code: str, sheet: str, cell: str | None, message: str) -> None:
        self.problems.append(Problem(WARNING, code, sheet, cell, message))

    def _stale(self) -> bool:
        ref, s, update = self.action.ref, self.settings, self.update
        if update is None:
            self.flags.append(FLAG_NO_UPDATE)
            when = _on_or_before(s.as_at)
            self.explanations["rag"] = f"Periods: {ref} has no update{when}."
            self.explanations["stale"] = "Periods: not stale; there is no update to report."
            self._warn(
                "no-update",
                ACTIONS_SHEET,
                self.action.cells.get("ref"),
                f"{ref} has no update{when}; expected a row in Updates with its progress and RAG",
            )
            return False
        self.explanations["rag"] = (
            f"Updates: reported {update.rag.word} in the update for {update.period} "
            f"({cell_place(UPDATES_SHEET, update.cells, 'rag')})."
        )
        if update.period == s.period:
            self.explanations["stale"] = (
                f"Periods: not stale; updated in the current period {s.period}."
            )
            return False
        self.flags.append(FLAG_STALE)
        self.explanations["stale"] = (
            f"Periods: stale; the latest update is for {update.period}, not the current "
            f"period {s.period}, so that update is reported again."
        )
        self._warn(
            "stale-update",
            UPDATES_SHEET,
            update.cells.get("period"),
            f"{ref} has no update for the current period {s.period}; expected one, found only "
            f"the update for {update.period} (reported {update.rag.word}), which is reported again",
        )
        return True

    def _due(self, timescale: Timescale) -> date | None:
        action, update = self.action, self.update
        recurrence = timescale.recurrence
        if recurrence is None:
            why = "T3: no recurrence word in the target."
        elif timescale.recurrence_rule == "T3":
            why = f"T3: recurs ({recurrence}), from the recurrence word in the target."
        else:
            why = f"T9: recurs ({recurrence}), from '{timescale.recurrence_words}' in the target."
        self.explanations["recurrence"] = why
        self.explanations["milestones"] = _milestones_sentence(timescale)
        if update is not None and update.revised_due is not None:
            self.explanations["due"] = (
                f"T6: the revised due date {update.revised_due} in the current update "
                f"({cell_place(UPDATES_SHEET, update.cells, 'revised due')}) replaces the original "
                f"due date {day_text(timescale.due)}."
            )
            self.explanations["original_due"] = sentence(f"T1: {timescale.source}")
            return update.revised_due
        if timescale.due is not None:
            rule = "T9" if timescale.rule == "T9" else "T1"
            self.explanations["due"] = sentence(f"{rule}: {timescale.source}")
            if timescale.approximate:
                self._approximate(timescale.words, timescale.due)
            return timescale.due
        due_cell = cell_place(ACTIONS_SHEET, action.cells, "due")
        if recurrence is not None:
            self.explanations["due"] = sentence(f"T3: no due date; {timescale.source}")
        else:
            self.explanations["due"] = (
                f"T5: no due date; {timescale.source} and no recurrence word; "
                f"enter a date in Due ({due_cell})."
            )
            self.flags.append(FLAG_NO_DUE_DATE)
            self._warn(
                "no-due-date",
                ACTIONS_SHEET,
                action.cells.get("target"),
                f"{action.ref} has no due date: expected a date (such as 'June 2019') or a "
                f"recurrence word in the target, found {quoted(action.target)}; "
                f"enter a date in Due ({due_cell})",
            )
        return None

    def _approximate(self, words: str, due: date) -> None:
        """T8: ``Early 2020`` and the like give a date, flagged and warned about."""
        action = self.action
        self.flags.append(FLAG_APPROXIMATE)
        self._warn(
            "approximate-date",
            ACTIONS_SHEET,
            action.cells.get("target"),
            f"{action.ref} has only an approximate due date: expected an exact date, found "
            f"'{words}' in the target, read as {long_date(due)}; "
            f"enter a date in Due ({cell_place(ACTIONS_SHEET, action.cells, 'due')})",
        )

    def _overdue(self, timescale: Timescale, due: date | None) -> tuple[bool, int]:
        """R1."""
        as_at = self.settings.as_at
        if timescale.recurrence is not None:
            why = f"not overdue; recurring ({timescale.recurrence}) actions are never overdue."
        elif self.rag is Rag.BLUE:
            why = "not overdue; the action is Blue (completed)."
        elif due is None:
            why = "not overdue; there is no due date."
        elif as_at is None:
            why = "not overdue; there is no as-at date to judge against."
        elif due >= as_at:
            why = f"not overdue; due on {due}, not before as at {as_at}."
        else:
            late = (as_at - due).days
            self.explanations["overdue"] = (
                f"R1: overdue by {days(late)}; due on {due}, before as at {as_at}, and not Blue."
            )
            return True, late
        self.explanations["overdue"] = f"R1: {why}"
        return False, 0

    def _due_soon(self, due: date | None, overdue: bool) -> bool:
        """R2."""
        s = self.settings
        window = f"the {s.due_soon_days}-day window (Due soon days, {s.due_soon_place})"
        soon = False
        if self.rag is Rag.BLUE:
            why = "not due soon; the action is Blue (completed)."
        elif overdue:
            why = "not due soon; it is overdue."
        elif due is None:
            why = "not due soon; there is no due date."
        elif s.as_at is None:
            why = "not due soon; there is no as-at date to judge against."
        elif due < s.as_at:
            why = f"not due soon; due on {due}, before as at {s.as_at}."
        else:
            ahead = (due - s.as_at).days
            soon = ahead <= s.due_soon_days
            verdict = "due soon" if soon else "not due soon"
            relation = "within" if soon else "beyond"
            why = f"{verdict}; due on {due}, {days(ahead)} after as at, {relation} {window}."
        self.explanations["due_soon"] = f"R2: {why}"
        return soon

    def _suggested(self, due: date | None, overdue: bool, days_overdue: int) -> Rag | None:
        """R3, with the rag-conflict warning."""
        s, rag = self.settings, self.rag
        suggested = suggested_rag(rag, overdue, days_overdue, s.red_after_days)
        if rag is None:
            why = "no suggestion; there is no update."
        elif rag is Rag.BLUE:
            why = "Blue stays Blue."
        elif not overdue:
            why = f"{rag.word}, as reported; the action is not overdue."
        elif suggested is Rag.RED and days_overdue > s.red_after_days:
            why = (
                f"Red; more than {s.red_after_days} days overdue ({days_overdue}; "
                f"Red after days overdue, {s.red_after_place})."
            )
        else:
            verdict = f"{rag.word}, as reported" if suggested == rag else rag_word(suggested)
            why = (
                f"{verdict}; overdue by {days(days_overdue)}, at most {s.red_after_days}, "
                "which needs at least Amber."
            )
        self.explanations["suggested_rag"] = f"R3: {why}"
        if suggested == rag or rag is None or self.update is None:
            return suggested
        self.flags.append(FLAG_RAG_CONFLICT)
        if days_overdue > s.red_after_days:
            rule = f"R3: more than {s.red_after_days} days overdue, {s.red_after_place}"
        else:
            rule = f"R3: overdue by at most {s.red_after_days} days, so at least Amber"
        self._warn(
            "rag-conflict",
            UPDATES_SHEET,
            self.update.cells.get("rag"),
            f"{self.action.ref} is reported {rag.word} but was due on {due} "
            f"({days(days_overdue)} ago); suggested {rag_word(suggested)} ({rule})",
        )
        return suggested

    def _exceptions(self) -> None:
        """R4: a Red action needs Reason and Recovery; an Amber one needs Recovery."""
        update, ref = self.update, self.action.ref
        if update is None or self.rag not in (Rag.RED, Rag.AMBER):
            return
        needed = ("reason", "recovery") if self.rag is Rag.RED else ("recovery",)
        missing = [key for key in needed if not getattr(update, key).strip()]
        if not missing:
            return
        places = " and ".join(
            f"no {key.capitalize()} ({cell_place(UPDATES_SHEET, update.cells, key)})"
            for key in missing
        )
        if self.rag is Rag.RED:
            self.flags.append(FLAG_MISSING_EXCEPTION)
            expected = "a Red action needs a Reason and a Recovery (R4)"
            severity = ERROR
        else:
            expected = "an Amber action should say its Recovery (R4)"
            severity = WARNING
        first = update.cells.get(missing[0])
        self.problems.append(
            Problem(
                severity,
                "missing-exception",
                UPDATES_SHEET,
                first,
                f"{ref} is reported {update.rag.word} for {update.period} but its update has "
                f"{places}; {expected}",
            )
        )

    def _unchanged_progress(self) -> None:
        """Progress copied word for word from the previous period, as new-period leaves it.

        A Blue action may rightly say the same thing each quarter; any other action's
        members expect to hear what happened since the last report.
        """
        update, previous = self.update, self.previous_update
        if update is None or previous is None or update is previous or self.rag is Rag.BLUE:
            return
        if update.progress.strip() != previous.progress.strip():
            return
        self._warn(
            "progress-unchanged",
            UPDATES_SHEET,
            update.cells.get("progress"),
            f"{self.action.ref}'s progress for {update.period} is word for word its progress "
            f"for {previous.period}; expected this period's progress: update it, or say "
            "that nothing has changed and why",
        )

    def _movement(self, previous_rag: Rag | None) -> Movement:
        """R5."""
        s, result = self.settings, movement(self.rag, previous_rag)
        if self.rag is None:
            why = "new; there is no update."
        elif s.previous_period is None:
            why = "new; there is no previous period."
        elif previous_rag is None or self.previous_update is None:
            why = f"new; no update on or before the previous period {s.previous_period}."
        else:
            why = (
                f"{result}; {previous_rag.word} at the previous period {s.previous_period} "
                f"(update for {self.previous_update.period}), {self.rag.word} now."
            )
        self.explanations["movement"] = f"R5: {why}"
        return result


def _milestones_sentence(timescale: Timescale) -> str:
    if not timescale.milestones:
        return "T4: no percentage in the target is tied to a date."
    parts = [f"{m.value} by {m.date}" for m in timescale.milestones]
    return "T4: " + ", ".join(parts) + ", from percentages tied to dates in the target."


def judge_action(
    action: Action, history: Sequence[Update], settings: Settings
) -> tuple[ActionStatus, list[Problem]]:
    """One action's status at as at (T1, T5, T6, R1-R5) and the problems the rules find.

    ``history`` holds the action's updates on or before as at, oldest first.
    """
    judge = _ActionJudge(action, history, settings)
    return judge.judge(), judge.problems


def rag_counts(rags: Iterable[Rag | None]) -> RagCounts:
    """How many of each RAG (actions without a RAG are not counted)."""
    counts = empty_counts()
    for rag in rags:
        if rag is not None:
            counts[rag.word] += 1
    return counts


def area_rag(rags: Sequence[Rag | None]) -> Rag | None:
    """R6: the worst RAG among the actions; Blue only when every action is Blue.

    ``None`` when no action has a RAG, or when the rated ones are all Blue but
    some action has no update (it is not known to be complete).
    """
    rated = [r for r in rags if r is not None]
    if not rated:
        return None
    worst = min(rated)
    if worst is Rag.BLUE and len(rated) < len(rags):
        return None
    return worst
