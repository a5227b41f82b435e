"""What the rules derive from a plan: the facts the pack reports.

``boardpack.rules.derive`` builds a :class:`PackStatus`; charts, documents,
``check --json`` and ``pack.json`` read it. Each derived value keeps the sentence
that explains how it was reached (``explanations``), for ``boardpack explain``.
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


@dataclass
class Timescale:
    """What the Target text (or the Due column) says about when an action is due."""

    due: date | None
    source: str  # why: e.g. "the latest date in the target 'By April 2019.'"
    recurrence: Recurrence | None = None
    milestones: list[Milestone] = field(default_factory=list)
    dates_found: list[tuple[str, date]] = field(default_factory=list)  # (text, date)
    #: the rule that gave the due date (``T1`` the Due column, ``T2``, ``T8``, ``T9``), or
    #: that says why there is none (``T3``, ``T5``)
    rule: str = "T5"
    #: the rule and the words it read, in plain English: "T8: 'Spring term 2020' is ..."
    reading: str = ""
    words: str = ""  # the words of the due date as written, e.g. "Early 2020"
    approximate: bool = False  # T8: ``early``/``mid``/``late`` with a year
    recurrence_words: str = ""  # as written: "Fortnightly", "from January 2020"
    recurrence_rule: str = ""  # "T3" or "T9"


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
    flags: list[str] = field(default_factory=list)
    #: derived field name → plain-words explanation, for ``boardpack explain``
    explanations: dict[str, str] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return self.action.ref


@dataclass
class AreaStatus:
    """An area with its rolled-up RAG and counts."""

    area: Area
    rag: Rag | None
    counts: RagCounts
    actions: list[ActionStatus]


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
