"""Plain typed objects for what officers type into the master workbook.

The reader (``boardpack.workbook``) builds these; the rules, charts and documents
read them. Nothing here knows about Excel or Word. Every object keeps the cells it
came from (``cells``: field name → cell address such as ``C14``) so that rules can
name the place of a problem.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from boardpack.problems import Note, Problem


class Rag(enum.IntEnum):
    """A BRAG rating, ordered from worst to best: Red < Amber < Green < Blue.

    Values start at 1 so that every rating, Red included, is true in a condition.
    """

    RED = 1
    AMBER = 2
    GREEN = 3
    BLUE = 4

    @property
    def word(self) -> str:
        """``Red``, ``Amber``, ``Green`` or ``Blue``."""
        return _RAG_WORDS[self]

    @property
    def code(self) -> str:
        """``R``, ``A``, ``G`` or ``B``."""
        return self.name[0]

    @classmethod
    def parse(cls, text: str) -> Rag | None:
        """Read ``B``/``G``/``A``/``R`` or ``Blue``/``Green``/``Amber``/``Red`` in any case."""
        return _RAG_SPELLINGS.get(text.strip().upper())


_RAG_WORDS = {rag: rag.name.capitalize() for rag in Rag}
#: every spelling :meth:`Rag.parse` reads, upper-cased
_RAG_SPELLINGS = {spelling: rag for rag in Rag for spelling in (rag.name[0], rag.name)}


#: Display order used in keys, tables and charts (the order of the seed's key).
RAG_DISPLAY_ORDER: tuple[Rag, ...] = (Rag.BLUE, Rag.GREEN, Rag.AMBER, Rag.RED)


@dataclass(frozen=True)
class RagKeyEntry:
    """One row of the RAG key: the fixed status, its editable meaning and colour."""

    rag: Rag
    meaning: str
    colour: str  # six hex digits, upper case, no '#'


DEFAULT_RAG_KEY: dict[Rag, RagKeyEntry] = {
    Rag.RED: RagKeyEntry(Rag.RED, "Not on track - exceptional reporting required", "C00000"),
    Rag.AMBER: RagKeyEntry(
        Rag.AMBER,
        "Concern in progressing actions; taking action to resolve and get back on track",
        "FFC000",
    ),
    Rag.GREEN: RagKeyEntry(Rag.GREEN, "On line to be completed within agreed timescales", "00B050"),
    Rag.BLUE: RagKeyEntry(
        Rag.BLUE,
        "Achieved/completed (includes actions that are completed and will be ongoing)",
        "0070C0",
    ),
}


@dataclass
class Report:
    """The ``Report`` sheet: settings and the text around the tables."""

    organisation: str
    title: str
    as_at: date | None = None
    meeting: str = ""
    meeting_date: date | None = None
    service: str = ""
    lead_officer: str = ""
    cabinet_member: str = ""
    classification: str = "OFFICIAL"
    introduction: str = ""
    purpose: str = ""
    recommendations: list[str] = field(default_factory=list)
    year_starts: int = 4  # month number of the first month of the reporting year
    red_after_days: int = 90
    due_soon_days: int = 90
    # the committee report's fields
    report_number: str = ""
    report_authorised_by: str = ""
    contact: str = ""
    wards: str = "All"
    key_decision: bool = False
    reasons_for_decision: str = ""
    alternative_options: str = ""
    strategic_outcomes: str = ""
    finance_comments: str = ""
    legal_comments: str = ""
    equalities_comments: str = ""
    background_papers: list[str] = field(default_factory=list)  # one paper per line
    #: every field as typed (after trimming), by its name as written in column A
    fields: dict[str, str] = field(default_factory=dict)
    #: normalised field name (lower case) → address of its Value cell, e.g. ``B12``
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class Area:
    """One area for improvement."""

    id: str
    title: str
    outcomes: list[str] = field(default_factory=list)
    lead: str = ""
    summary: str = ""
    row: int = 0
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class Action:
    """One numbered action of the plan."""

    ref: str
    area: str
    text: str
    target: str
    due: date | None = None
    owner: str = ""
    row: int = 0
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class Update:
    """One action's progress update for one reporting period."""

    period: date
    ref: str
    rag: Rag
    progress: str
    reason: str = ""
    recovery: str = ""
    revised_due: date | None = None
    row: int = 0
    cells: dict[str, str] = field(default_factory=dict)


MEASURE_UNITS = ("%", "number", "days")
MEASURE_BETTER = ("higher", "lower")
MEASURE_KINDS = ("Baseline", "Actual", "Target")


@dataclass
class Measure:
    """A performance measure that evidences one or more actions."""

    id: str
    name: str
    unit: str = "%"
    better: str = "higher"
    action_refs: list[str] = field(default_factory=list)
    description: str = ""
    row: int = 0
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class MeasureValue:
    """One data point of a measure: a baseline, an actual or a target."""

    measure: str
    date: date
    kind: str  # one of MEASURE_KINDS
    value: float
    note: str = ""
    row: int = 0
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class GlossaryEntry:
    """An acronym or term printed in the members' report."""

    term: str
    meaning: str


@dataclass
class Plan:
    """Everything read from one master workbook.

    Lists keep workbook order, except ``actions``, which the reader sorts by
    natural ref order (``1.2`` before ``1.10``).
    """

    source: Path
    report: Report
    rag_key: dict[Rag, RagKeyEntry]
    areas: list[Area]
    actions: list[Action]
    updates: list[Update]
    measures: list[Measure] = field(default_factory=list)
    measure_values: list[MeasureValue] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    #: refs of Updates rows the reader left out for an error (already reported)
    left_out_updates: frozenset[str] = frozenset()
    #: how the workbook was read: names read as the contract's, what was not read
    notes: tuple[Note, ...] = ()
    #: the contract's sheet name -> the sheet's name in the workbook, where they differ
    sheet_titles: Mapping[str, str] = field(default_factory=dict)

    def placed(self, problems: Iterable[Problem]) -> list[Problem]:
        """``problems`` placed on the sheets as the workbook names them (see ``on_sheets``)."""
        return on_sheets(problems, self.sheet_titles)

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def action(self, ref: str) -> Action | None:
        return next((a for a in self.actions if a.ref == ref), None)


Placed = TypeVar("Placed", Problem, Note)


def on_sheets(items: Iterable[Placed], titles: Mapping[str, str]) -> list[Placed]:
    """Problems or notes placed on a sheet read under another name, renamed to the
    workbook's own name for it (``Acronyms!B3``, not ``Glossary!B3``).

    ``titles`` maps the contract's sheet name to the workbook's; the reader and the
    rules place problems by the contract's name, and this is the one place they are
    renamed.
    """
    return [
        replace(item, sheet=titles[item.sheet])
        if item.sheet is not None and item.sheet in titles
        else item
        for item in items
    ]


@functools.lru_cache(maxsize=65536)
def natural_key(ref: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts ``1.2`` before ``1.10`` and ``2`` before ``10``."""
    parts = _NUMBERS.split(ref.strip().lower())
    return tuple((0, int(p)) if p.isdecimal() else (1, p) for p in parts if p != "")


_NUMBERS = re.compile(r"(\d+)")
