"""What the rules derive from a plan: the facts the pack reports.

``boardpack.rules.derive`` builds a :class:`PackStatus`; charts, documents,
``check --json`` and ``pack.json`` read it. Each derived value keeps the record of
why it was reached (a :class:`Decision`: the rule, which of its cases applied, and
the facts it used with the cells they came from); ``boardpack explain``,
``pack.json``'s ``rules`` and the rules' warnings only put that record into words
(``boardpack.rules.wording``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from boardpack.model import Action, Area, Measure, MeasureValue, Plan, Rag, Update
from boardpack.problems import Problem

Movement = Literal["improved", "declined", "unchanged", "new"]
Recurrence = Literal[
    "ongoing",
    "weekly",
    "fortnightly",
    "monthly",
    "bi-monthly",
    "quarterly",
    "termly",
    "six-monthly",
    "annually",
]
MeasureState = Literal["met", "off_track", "no_target", "no_data"]


@dataclass(frozen=True)
class Milestone:
    """A percentage target tied to a date in the Target text."""

    date: date
    value: str  # as written, e.g. "60%"


@dataclass(frozen=True)
class Reading:
    """How the timescale reader read a Target: its own rule id and a plain sentence."""

    rule: str  # e.g. "T8"
    text: str  # e.g. "'Autumn term 2019' is the autumn term, which ends on 31 December 2019"


@dataclass
class Timescale:
    """What the Target text (or the Due column) says about when an action is due."""

    due: date | None
    source: str  # why: e.g. "the latest date in the target 'By April 2019.'"
    recurrence: Recurrence | None = None
    milestones: list[Milestone] = field(default_factory=list)
    dates_found: list[tuple[str, date]] = field(default_factory=list)  # (text, date)
    reading: Reading | None = None  # the reader's own rule and sentence, when it gives one
    #: the rule that gave the due date (``T1`` the Due column, ``T2``, ``T8``, ``T9``), or
    #: that says why there is none (``T3``, ``T5``)
    rule: str = "T5"
    words: str = ""  # the words of the due date as written, e.g. "Early 2020"
    approximate: bool = False  # T8: ``early``/``mid``/``late`` with a year
    recurrence_words: str = ""  # as written: "Fortnightly", "from January 2020"
    recurrence_rule: str = ""  # "T3" or "T9"


#: a date named in a text, as written and as read: ``("4th Nov 2019", date(2019, 11, 4))``
NamedDate = tuple[str, date]
FactValue = date | int | str | Rag | tuple[Milestone, ...] | tuple[NamedDate, ...] | None


@dataclass(frozen=True)
class Fact:
    """One fact a rule used: its value and where it came from.

    ``cell`` is the place it was read (``Updates!G14``, ``Report!B16``), ``None``
    when it is worked out or a default; ``setting`` names the Report field of a
    setting (``Due soon days``), so that a default can say how to change it.
    """

    value: FactValue
    cell: str | None = None
    setting: str | None = None


@dataclass(frozen=True)
class Decision:
    """Why one rule decided one derived value: the record every explanation formats.

    ``name`` is the derived value (``overdue``), ``rule`` the rule's id (``R1``),
    ``case`` which of the rule's wordings applies (``late``); ``facts`` holds the
    facts it used, by name. ``reading`` carries the timescale reader's own rule and
    sentence when the value came from the Target text.
    """

    name: str
    rule: str
    case: str
    facts: dict[str, Fact] = field(default_factory=dict)
    reading: Reading | None = None


RagCounts = dict[str, int]  # {"Blue": n, "Green": n, "Amber": n, "Red": n}


def empty_counts() -> RagCounts:
    return {"Blue": 0, "Green": 0, "Amber": 0, "Red": 0}


@dataclass
class ActionStatus:
    """One action with its current update and everything the rules derive for it."""

    action: Action
    update: Update | None  # the update the pack reports (current, or latest earlier if stale)
    previous_update: Update | None
    rag: Rag | None
    previous_rag: Rag | None
    movement: Movement
    due: date | None  # judged due date (revised due when set)
    original_due: date | None
    timescale: Timescale
    overdue: bool
    days_overdue: int
    due_soon: bool
    stale: bool
    suggested_rag: Rag | None
    #: R8: the judged due date is later than the original due date
    slipped: bool = False
    days_slipped: int = 0  # due - original due when slipped, else 0
    #: not Blue, not overdue, due from as at up to the meeting date
    due_before_meeting: bool = False
    flags: list[str] = field(default_factory=list)
    #: why each derived value is what it is, in the order the rules decided them
    decisions: list[Decision] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return self.action.ref

    def decision(self, name: str) -> Decision | None:
        """The record of the derived value ``name`` (``overdue``), if the rules made one."""
        return next((d for d in self.decisions if d.name == name), None)


@dataclass
class AreaStatus:
    """An area with its rolled-up RAG and counts, now and at the previous period."""

    area: Area
    rag: Rag | None
    counts: RagCounts
    actions: list[ActionStatus]
    #: R6 applied to its actions' previous RAGs
    previous_rag: Rag | None = None
    #: R5 between ``previous_rag`` and ``rag``
    movement: Movement = "new"
    #: why ``rag``, ``previous_rag`` and ``movement`` are what they are
    decisions: list[Decision] = field(default_factory=list)


@dataclass
class MeasurePoint:
    date: date
    value: float


@dataclass
class MeasureStatus:
    """A measure judged against its targets at the as-at date."""

    measure: Measure
    values: list[MeasureValue]  # all its data points, by date
    latest: MeasurePoint | None
    next_target: MeasurePoint | None
    judged_target: MeasurePoint | None  # the last target due on or before as at
    status: MeasureState


@dataclass
class PeriodCounts:
    """RAG counts for one reporting period (for the trend chart)."""

    period: date
    counts: RagCounts


@dataclass
class PackStatus:
    """Everything the pack reports, derived from a plan at an as-at date."""

    plan: Plan
    as_at: date
    as_at_source: str  # "Report!B4", "--as-at" or "the latest update period"
    period: date | None
    previous_period: date | None
    periods: list[date]  # every update period on or before as at, oldest first
    problems: list[Problem]
    summary: RagCounts
    areas: list[AreaStatus]
    actions: list[ActionStatus]
    measures: list[MeasureStatus]
    period_counts: list[PeriodCounts]

    def action(self, ref: str) -> ActionStatus | None:
        return next((a for a in self.actions if a.ref == ref), None)


@dataclass(frozen=True)
class Chart:
    """A drawn chart, ready to be written to ``charts/`` and placed in a document.

    ``name`` is the file stem (``rag-by-period``, ``rag-by-area``, ``measure-M1``);
    ``alt_text`` states what the chart shows with its numbers.
    """

    name: str
    title: str
    alt_text: str
    png: bytes
    width_cm: float
    measure_id: str | None = None
    area_ids: tuple[str, ...] = ()

    @property
    def filename(self) -> str:
        return f"{self.name}.png"
