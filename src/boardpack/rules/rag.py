"""The RAG rules for one action (T1, T3-T6, R1-R5, R8, R9) and the area roll-up (R6).

Each rule decides one derived value and records why, as a
:class:`~boardpack.status.Decision`: its rule id, which of its cases applied and
the facts it used with their cells. The words are in ``rules/wording.py`` only;
a rule's warning is its decision put into words there. A new rule is one
function here plus its wording. The reported RAG is never changed: a different
suggestion is a ``rag-conflict`` warning.

T5 holds for every action, Blue (completed) ones included: a Target such as
``Completed.`` gives no date, so without a ``Due`` date it gets a ``no-due-date``
warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property, lru_cache
from typing import cast

from boardpack.dates import long_date
from boardpack.model import Action, Area, Rag, Report, Update
from boardpack.problems import ERROR, WARNING, Problem, Severity
from boardpack.rules.periods import latest_update
from boardpack.rules.timescales import dates_in, read_timescale
from boardpack.rules.wording import warning_text
from boardpack.status import (
    ActionStatus,
    AreaStatus,
    Decision,
    Fact,
    FactValue,
    Movement,
    RagCounts,
    Reading,
    Timescale,
    empty_counts,
)

ACTIONS_SHEET = "Actions"
UPDATES_SHEET = "Updates"

#: the flags an action may carry, in the order they are listed
FLAG_NO_UPDATE = "no_update"
FLAG_STALE = "stale"
FLAG_NO_DUE_DATE = "no_due_date"
FLAG_RAG_CONFLICT = "rag_conflict"
FLAG_MISSING_EXCEPTION = "missing_exception"
FLAG_APPROXIMATE = "approximate"
FLAGS = (
    FLAG_NO_UPDATE,
    FLAG_STALE,
    FLAG_NO_DUE_DATE,
    FLAG_RAG_CONFLICT,
    FLAG_MISSING_EXCEPTION,
    FLAG_APPROXIMATE,
)


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
    red_after_cell: str | None  # "Report!B14", or None when the default applies
    due_soon_cell: str | None
    meeting_date: date | None = None
    meeting_cell: str | None = None
    as_at_cell: str | None = None  # "Report!B4" when the as-at date was read there

    # The settings as facts, made once for every action's decisions (a Fact never changes).

    @cached_property
    def as_at_fact(self) -> Fact:
        return Fact(self.as_at, self.as_at_cell)

    @cached_property
    def meeting_fact(self) -> Fact:
        return Fact(self.meeting_date, self.meeting_cell)

    @cached_property
    def due_soon_fact(self) -> Fact:
        return Fact(self.due_soon_days, self.due_soon_cell, "Due soon days")

    @cached_property
    def red_after_fact(self) -> Fact:
        return Fact(self.red_after_days, self.red_after_cell, "Red after days overdue")

    @classmethod
    def from_report(
        cls,
        report: Report,
        as_at: date | None,
        period: date | None,
        previous_period: date | None,
        as_at_source: str = "",
    ) -> Settings:
        year_starts = report.year_starts if 1 <= report.year_starts <= 12 else 4
        return cls(
            as_at,
            period,
            previous_period,
            year_starts,
            report.red_after_days,
            report.due_soon_days,
            setting_cell(report, "red after days overdue"),
            setting_cell(report, "due soon days"),
            report.meeting_date,
            setting_cell(report, "meeting date"),
            as_at_source if as_at_source.startswith("Report!") else None,
        )


def setting_cell(report: Report, field: str) -> str | None:
    """``Report!B16`` for a Report field (``red after days overdue``), or ``None`` when
    the sheet has no row for it and the default applies."""
    cell = report.cells.get(field)
    return f"Report!{cell}" if cell else None


@lru_cache(maxsize=4096)
def _plain_fact(kind: type, value: FactValue) -> Fact:
    """A fact with no cell, made once for each value of each type (``True`` is not ``1``).

    A plan repeats its dates, numbers and RAGs in every action's decisions; a fact
    never changes, so one object serves them all, and the rules leave far fewer for
    the garbage collector to walk.
    """
    return Fact(value)


def cell_place(sheet: str, cells: dict[str, str], key: str) -> str:
    """``Updates!E14``, or the column's name when the cell is not known."""
    cell = cells.get(key)
    return f"{sheet}!{cell}" if cell else f"the {key.capitalize()} column"


class TargetReadings:
    """Each distinct Target text read once (T1-T4, T7-T9) for the actions of one plan.

    A reading depends only on the text and the year start, and many actions share a
    target (``Ongoing.``, ``By March 2020.``); they share its :class:`Timescale`, which
    nothing changes once it is read.
    """

    def __init__(self, year_starts: int) -> None:
        self.year_starts = year_starts
        self._readings: dict[str, Timescale] = {}

    def read(self, target: str) -> Timescale:
        """The reading of ``target``, made the first time it is asked for."""
        timescale = self._readings.get(target)
        if timescale is None:
            timescale = read_timescale(target, year_starts=self.year_starts)
            self._readings[target] = timescale
        return timescale


def timescale_of(
    action: Action, year_starts: int, readings: TargetReadings | None = None
) -> Timescale:
    """The action's timescale: the Target text read by T1-T4, with ``Due`` winning (T1)."""
    if readings is None or readings.year_starts != year_starts:
        readings = TargetReadings(year_starts)
    timescale = readings.read(action.target)
    if action.due is None:
        return timescale
    source = f"the Due column ({cell_place(ACTIONS_SHEET, action.cells, 'due')})"
    reading = Reading("T1", f"{source} gives the due date, {long_date(action.due)}")
    return replace(
        timescale,
        due=action.due,
        source=source,
        reading=reading,
        rule="T1",
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
    """Applies the rules to one action, recording each decision and the problems it raises."""

    def __init__(
        self,
        action: Action,
        history: Sequence[Update],
        settings: Settings,
        readings: TargetReadings | None = None,
    ) -> None:
        self.action = action
        self.settings = settings
        self.readings = readings
        self._ref = Fact(action.ref, cell_place(ACTIONS_SHEET, action.cells, "ref"))
        self.update = latest_update(history, settings.period)
        self.previous_update = latest_update(history, settings.previous_period)
        self.rag = self.update.rag if self.update is not None else None
        self._rag_fact = Fact(self.rag, self._updates_cell("rag"))
        self.decisions: list[Decision] = []
        self.flags: list[str] = []
        self.problems: list[Problem] = []

    def judge(self) -> ActionStatus:
        timescale = timescale_of(self.action, self.settings.year_starts, self.readings)
        self._reported()
        due = self._due(timescale)
        self._recurrence(timescale)
        self._milestones(timescale)
        overdue, days_overdue = self._overdue(timescale, due)
        slipped, days_slipped = self._slipped(due, timescale.due)
        due_soon = self._due_soon(due, overdue)
        before_meeting = self._before_meeting(due, overdue)
        suggested = self._suggested(due, overdue, days_overdue)
        previous_rag = self.previous_update.rag if self.previous_update is not None else None
        moved = self._movement(previous_rag)
        stale = self._stale()
        self._exceptions()
        if not stale:
            self._unchanged_progress()
        self._dated_before_meeting()
        return ActionStatus(
            action=self.action,
            update=self.update,
            previous_update=self.previous_update,
            rag=self.rag,
            previous_rag=previous_rag,
            movement=moved,
            due=due,
            original_due=timescale.due,
            timescale=timescale,
            overdue=overdue,
            days_overdue=days_overdue,
            due_soon=due_soon,
            stale=stale,
            suggested_rag=suggested,
            slipped=slipped,
            days_slipped=days_slipped,
            due_before_meeting=before_meeting,
            flags=[flag for flag in FLAGS if flag in self.flags],
            decisions=self.decisions,
        )

    # recording ----------------------------------------------------------------------

    def _decide(
        self,
        name: str,
        rule: str,
        case: str,
        facts: Mapping[str, Fact | FactValue] | None = None,
        *,
        reading: Reading | None = None,
        **more: Fact | FactValue,
    ) -> Decision:
        """Record why the rule ``rule`` decided ``name`` (its wording is ``(rule, case)``)
        and the facts it used (``facts`` and ``more``; the action's ref always)."""
        recorded = {"ref": self._ref}
        for given in (facts, more):  # a fact in ``more`` wins, as in {**facts, **more}
            if given:
                for key, value in given.items():
                    if not isinstance(value, Fact):  # (mypy takes type[tuple] for unhashable)
                        value = _plain_fact(cast(type, type(value)), value)
                    recorded[key] = value
        decision = Decision(name, rule, case, recorded, reading)
        self.decisions.append(decision)
        return decision

    def _raise(
        self,
        decision: Decision,
        code: str,
        sheet: str,
        cell: str | None,
        severity: Severity = WARNING,
    ) -> None:
        """The problem a decision raises, in the words of its rule."""
        self.problems.append(Problem(severity, code, sheet, cell, warning_text(decision)))

    def _updates_cell(self, key: str) -> str | None:
        return cell_place(UPDATES_SHEET, self.update.cells, key) if self.update else None

    def _as_at(self) -> Fact:
        return self.settings.as_at_fact

    def _rag(self) -> Fact:
        return self._rag_fact

    # the rules ----------------------------------------------------------------------

    def _reported(self) -> None:
        """The reported RAG: the current update's, or the latest earlier one."""
        update, as_at = self.update, self.settings.as_at
        if update is not None:
            self._decide("rag", "Updates", "reported", rag=self._rag(), period=update.period)
            return
        self.flags.append(FLAG_NO_UPDATE)
        case = "no-update" if as_at is not None else "no-update-no-as-at"
        decision = self._decide("rag", "Updates", case, as_at=self._as_at())
        self._raise(decision, "no-update", ACTIONS_SHEET, self.action.cells.get("ref"))

    def _stale(self) -> bool:
        """An update that is not for the current period is reported again, marked stale."""
        update, period = self.update, self.settings.period
        if update is None:
            self._decide("stale", "Periods", "no-update")
            return False
        if update.period == period:
            self._decide("stale", "Periods", "current", period=period)
            return False
        self.flags.append(FLAG_STALE)
        decision = self._decide(
            "stale",
            "Periods",
            "stale",
            period=period,
            update_period=Fact(update.period, self._updates_cell("period")),
            rag=self._rag(),
        )
        self._raise(decision, "stale-update", UPDATES_SHEET, update.cells.get("period"))
        return True

    def _due(self, timescale: Timescale) -> date | None:
        """T1 (the latest date, or Due), T6 (a revised due date), T3 and T5 (no date)."""
        action, update = self.action, self.update
        target_cell = cell_place(ACTIONS_SHEET, action.cells, "target")
        source_cell = cell_place(ACTIONS_SHEET, action.cells, "due" if action.due else "target")
        original = Fact(timescale.due, source_cell)
        if update is not None and update.revised_due is not None:
            revised = Fact(update.revised_due, self._updates_cell("revised due"))
            self._decide("due", "T6", "revised", due=revised, original_due=original)
            self._decide(
                "original_due",
                "T1",
                "original",
                reading=timescale.reading,
                original_due=original,
                source=timescale.source,
            )
            return update.revised_due
        if timescale.due is not None:
            self._decide(
                "due",
                "T1",
                "dated",
                reading=timescale.reading,
                due=original,
                source=timescale.source,
            )
            if timescale.approximate:
                self._approximate(timescale, target_cell)
            return timescale.due
        if timescale.recurrence is not None:
            self._decide("due", "T3", "no-date", reading=timescale.reading, source=timescale.source)
            return None
        self.flags.append(FLAG_NO_DUE_DATE)
        decision = self._decide(
            "due",
            "T5",
            "empty-target" if not action.target.strip() else "no-date",
            reading=timescale.reading,
            source=timescale.source,
            target=Fact(action.target, target_cell),
            due_column=Fact(None, cell_place(ACTIONS_SHEET, action.cells, "due")),
        )
        self._raise(decision, "no-due-date", ACTIONS_SHEET, action.cells.get("target"))
        return None

    def _approximate(self, timescale: Timescale, target_cell: str) -> None:
        """T8: ``Early 2020`` and the like give a date, flagged and warned about."""
        self.flags.append(FLAG_APPROXIMATE)
        decision = self._decide(
            "approximate",
            "T8",
            "approximate",
            due=Fact(timescale.due, target_cell),
            words=timescale.words,
            due_column=Fact(None, cell_place(ACTIONS_SHEET, self.action.cells, "due")),
        )
        self._raise(decision, "approximate-date", ACTIONS_SHEET, self.action.cells.get("target"))

    def _recurrence(self, timescale: Timescale) -> None:
        """T3 and T9: a recurrence word, or a start, in the target."""
        if timescale.recurrence is None:
            self._decide("recurrence", "T3", "none")
        else:
            rule = timescale.recurrence_rule or "T3"
            word = timescale.recurrence_words
            self._decide("recurrence", rule, "recurs", recurrence=timescale.recurrence, word=word)

    def _milestones(self, timescale: Timescale) -> None:
        """T4: percentages tied to dates."""
        if not timescale.milestones:
            self._decide("milestones", "T4", "none")
        else:
            self._decide("milestones", "T4", "milestones", milestones=tuple(timescale.milestones))

    def _overdue(self, timescale: Timescale, due: date | None) -> tuple[bool, int]:
        """R1: not Blue, not recurring, due before as at."""
        as_at = self.settings.as_at
        if timescale.recurrence is not None:
            case = "recurring"
        elif self.rag is Rag.BLUE:
            case = "blue"
        elif due is None:
            case = "no-due"
        elif as_at is None:
            case = "no-as-at"
        elif due >= as_at:
            case = "not-yet"
        else:
            late = (as_at - due).days
            self._decide("overdue", "R1", "late", due=due, as_at=self._as_at(), days_overdue=late)
            return True, late
        self._decide(
            "overdue",
            "R1",
            case,
            due=due,
            as_at=self._as_at(),
            recurrence=timescale.recurrence,
            rag=self._rag(),
        )
        return False, 0

    def _slipped(self, due: date | None, original_due: date | None) -> tuple[bool, int]:
        """R8: a revised due date later than the original due date."""
        update = self.update
        revised = update is not None and update.revised_due is not None
        facts: dict[str, Fact | FactValue] = {
            "due": Fact(due, self._updates_cell("revised due") if revised else None),
            "original_due": original_due,
        }
        if not revised:
            case = "no-revision"
        elif due is None or original_due is None:
            case = "no-original"
        elif due <= original_due:
            case = "not-later"
        else:
            late = (due - original_due).days
            self._decide("slipped", "R8", "slipped", facts, days_slipped=late)
            return True, late
        self._decide("slipped", "R8", case, facts)
        return False, 0

    def _due_soon(self, due: date | None, overdue: bool) -> bool:
        """R2: not Blue, not overdue, due within the window after as at."""
        s = self.settings
        facts: dict[str, Fact | FactValue] = {
            "due": due,
            "as_at": self._as_at(),
            "window": s.due_soon_fact,
        }
        soon = False
        if (not_ahead := self._not_ahead(due, overdue)) is not None:
            case = not_ahead
        else:
            assert due is not None and s.as_at is not None  # _not_ahead ruled out None
            ahead = (due - s.as_at).days
            soon = ahead <= s.due_soon_days
            case = ("today" if ahead == 0 else "within") if soon else "beyond"
            facts["ahead"] = ahead
        self._decide("due_soon", "R2", case, facts)
        return soon

    def _not_ahead(self, due: date | None, overdue: bool) -> str | None:
        """R2's reasons an action is not ahead of as at (Blue, overdue, no due date, no
        as-at date, due before it), as the case of its wording; ``None`` when it is."""
        as_at = self.settings.as_at
        if self.rag is Rag.BLUE:
            return "blue"
        if overdue:
            return "overdue"
        if due is None:
            return "no-due"
        if as_at is None:
            return "no-as-at"
        if due < as_at:
            return "past"
        return None

    def _before_meeting(self, due: date | None, overdue: bool) -> bool:
        """Due before the meeting: not Blue, not overdue, due from as at up to the meeting."""
        s = self.settings
        facts: dict[str, Fact | FactValue] = {
            "due": due,
            "as_at": self._as_at(),
            "meeting_date": s.meeting_fact,
        }
        if s.meeting_date is None:
            case = "none"
        elif (not_ahead := self._not_ahead(due, overdue)) is not None:
            case = not_ahead
        elif due is not None and due > s.meeting_date:
            case = "after"
        else:
            self._decide("due_before_meeting", "R2", "meeting-before", facts)
            return True
        self._decide("due_before_meeting", "R2", "meeting-" + case, facts)
        return False

    def _suggested(self, due: date | None, overdue: bool, days_overdue: int) -> Rag | None:
        """R3, with the rag-conflict warning."""
        s, rag = self.settings, self.rag
        suggested = suggested_rag(rag, overdue, days_overdue, s.red_after_days)
        if rag is None or suggested is None or self.update is None:
            case = "no-update"
        elif rag is Rag.BLUE:
            case = "blue"
        elif not overdue:
            case = "not-overdue"
        elif days_overdue > s.red_after_days:
            case = "long-late-as-reported" if rag is Rag.RED else "long-late"
        elif rag is Rag.RED:
            case = "late-red-stays"
        else:
            case = "late-as-reported" if rag is Rag.AMBER else "late"
        decision = self._decide(
            "suggested_rag",
            "R3",
            case,
            rag=self._rag(),
            suggested=suggested,
            due=due,
            as_at=self._as_at(),
            days_overdue=days_overdue,
            red_after=s.red_after_fact,
        )
        if suggested != rag and self.update is not None:
            self.flags.append(FLAG_RAG_CONFLICT)
            self._raise(decision, "rag-conflict", UPDATES_SHEET, self.update.cells.get("rag"))
        return suggested

    def _movement(self, previous_rag: Rag | None) -> Movement:
        """R5."""
        s, result, previous = self.settings, movement(self.rag, previous_rag), self.previous_update
        if self.rag is None:
            case = "no-update"
        elif s.previous_period is None:
            case = "no-previous-period"
        elif previous_rag is None or previous is None:
            case = "no-previous-update"
        elif previous.period != s.previous_period:
            case = "compared-earlier"
        else:
            case = "compared"
        self._decide(
            "movement",
            "R5",
            case,
            movement=result,
            rag=self._rag(),
            previous_rag=Fact(
                previous_rag, cell_place(UPDATES_SHEET, previous.cells, "rag") if previous else None
            ),
            previous_period=s.previous_period,
            previous_update_period=previous.period if previous else None,
        )
        return result

    def _exceptions(self) -> None:
        """R4: a Red action needs Reason and Recovery; an Amber one needs Recovery."""
        update = self.update
        if update is None or self.rag not in (Rag.RED, Rag.AMBER):
            return
        needed = ("reason", "recovery") if self.rag is Rag.RED else ("recovery",)
        missing = [key for key in needed if not getattr(update, key).strip()]
        if not missing:
            return
        if self.rag is Rag.AMBER:
            case, severity = "amber-no-recovery", WARNING
        else:
            case = "red-no-" + "-or-".join(missing)
            severity = ERROR
            self.flags.append(FLAG_MISSING_EXCEPTION)
        decision = self._decide(
            "exception",
            "R4",
            case,
            rag=self._rag(),
            period=update.period,
            reason=Fact(update.reason, self._updates_cell("reason")),
            recovery=Fact(update.recovery, self._updates_cell("recovery")),
        )
        cell = update.cells.get(missing[0])
        self._raise(decision, "missing-exception", UPDATES_SHEET, cell, severity)

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
        decision = self._decide(
            "progress",
            "Updates",
            "progress-unchanged",
            period=Fact(update.period, self._updates_cell("progress")),
            previous_period=Fact(
                previous.period, cell_place(UPDATES_SHEET, previous.cells, "progress")
            ),
        )
        self._raise(decision, "progress-unchanged", UPDATES_SHEET, update.cells.get("progress"))

    def _dated_before_meeting(self) -> None:
        """R9: a Progress or Recovery text naming a date after as at, up to the meeting."""
        s, update = self.settings, self.update
        if update is None or s.as_at is None or s.meeting_date is None:
            return
        if s.meeting_date <= s.as_at:
            return
        for key in ("progress", "recovery"):
            found = dates_in(getattr(update, key), year_starts=s.year_starts)
            named = tuple(
                dict.fromkeys(
                    (" ".join(text.split()), value)
                    for text, value in found
                    if s.as_at < value <= s.meeting_date
                )
            )
            if not named:
                continue
            decision = self._decide(
                f"{key}_dated",
                "R9",
                key,
                dates=Fact(named, self._updates_cell(key)),
                as_at=self._as_at(),
                meeting_date=s.meeting_fact,
            )
            self._raise(decision, "dated-before-meeting", UPDATES_SHEET, update.cells.get(key))


def judge_action(
    action: Action,
    history: Sequence[Update],
    settings: Settings,
    readings: TargetReadings | None = None,
) -> tuple[ActionStatus, list[Problem]]:
    """One action's status at as at (T1, T5, T6, R1-R5) and the problems the rules find.

    ``history`` holds the action's updates on or before as at, oldest first;
    ``readings``, shared by the actions of one plan, reads each distinct target once.
    """
    judge = _ActionJudge(action, history, settings, readings)
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


def area_status(area: Area, members: Sequence[ActionStatus]) -> AreaStatus:
    """R6 and R5 for an area: its RAG now and at the previous period, and the movement.

    The previous RAG rolls up the actions' previous RAGs by the same rule (R6); an
    area none of whose actions had an earlier rating is ``new``.
    """
    rags = [a.rag for a in members]
    rag = area_rag(rags)
    previous = area_rag([a.previous_rag for a in members])
    moved = movement(rag, previous)
    decisions = [
        _roll_up("rag", rags, rag),
        _roll_up("previous_rag", [a.previous_rag for a in members], previous),
        Decision(
            "movement",
            "R5",
            "area-new" if rag is None or previous is None else "area-compared",
            {"movement": Fact(moved), "rag": Fact(rag), "previous_rag": Fact(previous)},
        ),
    ]
    return AreaStatus(area, rag, rag_counts(rags), list(members), previous, moved, decisions)


def _roll_up(name: str, rags: Sequence[Rag | None], result: Rag | None) -> Decision:
    """The record of one R6 roll-up: which case applied and how many actions it read."""
    rated = [r for r in rags if r is not None]
    if not rated:
        case = "none-rated"
    elif result is None:
        case = "blue-not-all-rated"
    elif result is Rag.BLUE:
        case = "all-blue"
    else:
        case = "worst"
    facts = {"rag": Fact(result), "rated": Fact(len(rated)), "actions": Fact(len(rags))}
    return Decision(name, "R6", case, facts)
