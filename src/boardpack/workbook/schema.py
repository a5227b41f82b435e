"""The sheets and columns of the master workbook (``docs/workbook.md``).

One table that the reader, ``new-master`` and the example builder all follow, so
that what is written is always what is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

#: how a cell is read: ``text`` (cleaned, one paragraph a line), ``id`` (an id as Excel
#: shows it, ``1.0`` as ``1``), ``ref`` (an id whose decimals matter, ``1.10``) or ``date``
ColumnKind = Literal["text", "id", "ref", "date"]


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header as written, whether it is required, and help.

    ``kind`` says how its cells are read and ``attribute`` names the model field they
    fill (by default the header in lower case, spaces as ``_``), so that a sheet read
    column by column (``Actions``) needs nothing but this entry and the model's field.
    """

    header: str
    required: bool
    help: str
    width: int = 18
    kind: ColumnKind = "text"
    attribute: str = ""

    @property
    def key(self) -> str:
        """The header as matched: lower case, trimmed, no trailing ``*``."""
        return normalise_header(self.header)

    @property
    def field(self) -> str:
        """The model field the column fills."""
        return self.attribute or self.key.replace(" ", "_")


@dataclass(frozen=True)
class SheetSpec:
    """One sheet: its name, whether it is required, its columns and what it is for."""

    name: str
    required: bool
    columns: tuple[Column, ...]
    about: str

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def normalise_header(text: str) -> str:
    """Headers match case-insensitively, ignoring spaces around and a trailing ``*``.

    Runs of spaces inside (``Revised  due``) count as one.
    """
    return " ".join(text.split()).rstrip("*").strip().lower()


def normalise_sheet_name(text: str) -> str:
    """Sheet names match case-insensitively, ignoring surrounding spaces."""
    return text.strip().lower()


REPORT = SheetSpec(
    "Report",
    True,
    (
        Column("Field", True, "The name of a setting, e.g. Title", 24),
        Column("Value", True, "Its value", 90),
    ),
    "Settings and the text around the tables: one row per field (Organisation and "
    "Title are required).",
)

RAG = SheetSpec(
    "RAG",
    False,
    (
        Column("Code", True, "B, G, A or R", 8),
        Column("Status", True, "Blue, Green, Amber or Red", 12),
        Column("Meaning", True, "What the status means, as printed in the key", 70),
        Column("Colour", False, "Six-digit hex colour, e.g. C00000", 12),
    ),
    "The RAG key printed in the documents. Codes and statuses are fixed; you may "
    "edit the meanings and colours. Delete the sheet to use the standard key.",
)

AREAS = SheetSpec(
    "Areas",
    True,
    (
        Column("Area", True, "Short unique id, e.g. 1", 8),
        Column("Title", True, "The area for improvement", 50),
        Column("Outcomes", False, "One outcome per line (Alt+Enter)", 70),
        Column("Lead", False, "Who leads the area", 20),
        Column("Summary", False, "One headline sentence for the cabinet briefing", 50),
    ),
    "One row per area for improvement.",
)

ACTIONS = SheetSpec(
    "Actions",
    True,
    (
        Column("Ref", True, "Unique action number, e.g. 1.10", 8, "ref"),
        Column("Area", True, "The Area id this action belongs to", 8, "id"),
        Column("Action", True, "The impact of the action", 60, attribute="text"),
        Column("Target", True, "Original target / timescales, word for word", 40),
        Column("Due", False, "A due date, when the Target text does not give one", 14, "date"),
        Column("Owner", False, "Who owns the action", 20),
    ),
    "One row per action. The due date is read from the Target text unless Due is set.",
)

UPDATES = SheetSpec(
    "Updates",
    True,
    (
        Column("Period", True, "The date the update describes, e.g. 31/10/2019", 14),
        Column("Ref", True, "The action's Ref", 8),
        Column("RAG", True, "B, G, A or R", 8),
        Column("Progress", True, "Progress this period", 60),
        Column("Reason", False, "Why it is Red or Amber", 40),
        Column("Recovery", False, "What is being done to get back on track", 40),
        Column("Revised due", False, "A revised due date, if agreed", 14),
    ),
    "One row per action per reporting period. A Red rating needs Reason and Recovery.",
)

MEASURES = SheetSpec(
    "Measures",
    False,
    (
        Column("Measure", True, "Short unique id, e.g. M1", 10),
        Column("Name", True, "What is measured", 50),
        Column("Unit", False, "%, number or days (default %)", 10),
        Column("Better", False, "higher or lower (default higher)", 10),
        Column("Actions", False, "Refs this measure evidences, comma separated", 16),
        Column("Description", False, "How it is measured", 50),
    ),
    "One row per performance measure.",
)

MEASURE_VALUES = SheetSpec(
    "Measure values",
    False,
    (
        Column("Measure", True, "The measure's id", 10),
        Column("Date", True, "The date of the figure", 14),
        Column("Kind", True, "Baseline, Actual or Target", 10),
        Column("Value", True, "The figure, e.g. 47 or 47%", 10),
        Column("Note", False, "Where the figure comes from", 50),
    ),
    "One row per data point of a measure.",
)

GLOSSARY = SheetSpec(
    "Glossary",
    False,
    (
        Column("Term", True, "The acronym or term", 12),
        Column("Meaning", True, "What it stands for", 60),
    ),
    "Acronyms and terms printed in the members' report.",
)

SHEETS: tuple[SheetSpec, ...] = (
    REPORT,
    RAG,
    AREAS,
    ACTIONS,
    UPDATES,
    MEASURES,
    MEASURE_VALUES,
    GLOSSARY,
)

#: Known fields of the Report sheet, in the order new-master writes them, with help.
REPORT_FIELDS: tuple[tuple[str, bool, str], ...] = (
    ("Organisation", True, "e.g. Haringey Council"),
    ("Title", True, "The report title"),
    ("As at", False, "The date the rules judge against (default: the latest update period)"),
    ("Meeting", False, "The meeting the pack is for, e.g. Cabinet"),
    ("Meeting date", False, "The date of the meeting"),
    ("Service", False, "e.g. Children's Services"),
    ("Lead officer", False, "Name and role"),
    ("Cabinet member", False, "Name and portfolio"),
    ("Classification", False, "Protective marking for header and footer (default OFFICIAL)"),
    ("Introduction", False, "The report's opening text; paragraphs separated by Alt+Enter"),
    ("Purpose", False, "The briefing's purpose paragraph"),
    ("Recommendations", False, "One recommendation per line"),
    ("Year starts", False, "First month of the reporting year (default April)"),
    ("Red after days overdue", False, "Days past due after which the suggested RAG is Red (90)"),
    ("Due soon days", False, "Window for the due-soon list, in days (90)"),
    ("Report number", False, "The agenda item or report reference printed on the cover"),
    ("Report authorised by", False, "Name and post of the director who signs off the report"),
    ("Contact", False, "The lead officer's name, e-mail and telephone"),
    ("Wards", False, "Wards affected (default All)"),
    ("Key decision", False, "Yes or No (default No)"),
    ("Reasons for decision", False, "Why members are asked to agree the recommendations"),
    ("Alternative options", False, "Options considered and rejected"),
    ("Strategic outcomes", False, "How the plan contributes to the council's strategic outcomes"),
    ("Finance comments", False, "The chief finance officer's comments"),
    ("Legal comments", False, "The monitoring officer's or head of legal's comments"),
    ("Equalities comments", False, "The equalities comments"),
    (
        "Background papers",
        False,
        "Papers relied on (Local Government Act 1972, s.100D), one per line",
    ),
)


# Names people give the contract's columns and sheets. A header or sheet name that
# is one of these, or that is the contract's name once case, spaces, punctuation, a
# plural "s" and a trailing "date" are ignored (``loose_key``), is read as that
# column or sheet, and ``check`` says so.

#: sheet name → column header → other headers read as it
COLUMN_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "Report": {"Field": ("Setting", "Item"), "Value": ("Setting value", "Text")},
    "RAG": {
        "Code": ("RAG", "RAG code", "Letter"),
        "Status": ("RAG status", "Rating", "Colour name"),
        "Meaning": ("Description", "Definition", "Key"),
        "Colour": ("Color", "Hex", "Hex colour", "Colour code"),
    },
    "Areas": {
        "Area": ("Area id", "Area no", "Area number", "Area ref"),
        "Title": ("Area title", "Area for improvement", "Area name"),
        "Outcomes": ("Expected outcomes", "Outcomes expected"),
        "Lead": ("Lead officer", "Area lead", "Owner"),
        "Summary": ("Headline", "Area summary"),
    },
    "Actions": {
        "Ref": ("Action ref", "Action no", "Action number", "Reference", "Ref no"),
        "Area": ("Area id", "Area no", "Area number", "Area ref"),
        "Action": (
            "Impact of actions",
            "Impact of action",
            "Action description",
            "Description",
        ),
        "Target": (
            "Original target",
            "Timescale",
            "Timescales",
            "Target timescales",
            "Target / timescales",
            "Original target / timescales",
        ),
        "Due": ("Deadline", "Target date", "Due by"),
        "Owner": (
            "Action owner",
            "Owner(s)",
            "Lead officer",
            "Responsible officer",
            "Responsible",
            "Lead",
        ),
    },
    "Updates": {
        "Period": ("Period ending", "Reporting period", "Quarter ending", "Update period"),
        "Ref": ("Action ref", "Action no", "Action number", "Reference", "Ref no"),
        "RAG": ("RAG status", "RAG rating", "Rating"),
        "Progress": ("Progress update", "Update", "Commentary", "Progress to date"),
        "Reason": ("Reason for rating", "Reason for delay", "Exception", "Reasons"),
        "Recovery": ("Recovery action", "Recovery actions", "Recovery plan", "Mitigation"),
        "Revised due": (
            "Revised date",
            "Revised target date",
            "Revised deadline",
            "New due date",
            "Revised target",
        ),
    },
    "Measures": {
        "Measure": ("Measure id", "Measure ref", "Indicator id", "KPI"),
        "Name": ("Measure name", "Indicator", "Title"),
        "Unit": ("Units", "Unit of measure"),
        "Better": ("Polarity", "Good is", "Direction", "Higher or lower"),
        "Actions": ("Refs", "Action refs", "Related actions", "Linked actions"),
        "Description": ("Definition", "Notes"),
    },
    "Measure values": {
        "Measure": ("Measure id", "Measure ref", "Indicator id", "KPI"),
        "Date": ("As at", "Period", "Period ending"),
        "Kind": ("Type", "Value type"),
        "Value": ("Figure", "Result", "Amount"),
        "Note": ("Source", "Comment", "Comments"),
    },
    "Glossary": {
        "Term": ("Acronym", "Abbreviation", "Acronyms", "Abbreviations"),
        "Meaning": ("Definition", "Stands for", "Description", "Full name"),
    },
}

#: sheet name → other names read as it
SHEET_ALIASES: dict[str, tuple[str, ...]] = {
    "Report": ("Settings", "Report settings", "Cover"),
    "RAG": ("RAG key", "Key", "RAG ratings", "RAG status key"),
    "Areas": ("Areas for improvement", "Improvement areas"),
    "Actions": ("Action plan", "Actions list"),
    "Updates": ("Progress", "Progress updates", "Update log"),
    "Measures": ("Performance measures", "Indicators", "KPIs"),
    "Measure values": ("Measure data", "Measures data", "Performance data", "Figures"),
    "Glossary": ("Acronyms", "Abbreviations", "Glossary of terms", "Terms"),
}

#: how a name was matched: the contract's own name, a listed alias, or a near miss
Match = Literal["exact", "alias", "near"]

_NOT_WORD = re.compile(r"[\W_]+")


def loose_key(text: str) -> str:
    """A name without case, spaces, punctuation, a plural ``s`` and a trailing ``date``.

    ``Revised due dates`` and ``revised-due`` both give ``reviseddue``; ``Owner(s)``
    gives ``owner``. A name that would become empty keeps its ``s`` or ``date``.
    """
    key = _NOT_WORD.sub("", text.lower())
    if key.endswith("s") and len(key) > 1:
        key = key[:-1]
    if key.endswith("date") and len(key) > 4:
        key = key[:-4]
    return key


def match_column(spec: SheetSpec, text: str) -> tuple[Column, Match] | None:
    """The contract column a header names, and how; ``None`` for any other header."""
    key = normalise_header(text)
    if not key:
        return None
    for column in spec.columns:
        if column.key == key:
            return column, "exact"
    aliases = COLUMN_ALIASES.get(spec.name, {})
    for column in spec.columns:
        if key in (normalise_header(alias) for alias in aliases.get(column.header, ())):
            return column, "alias"
    loose = loose_key(text)
    for column in spec.columns:
        if loose and loose == loose_key(column.header):
            return column, "near"
    return None


def match_sheet(title: str) -> tuple[SheetSpec, Match] | None:
    """The contract sheet a sheet name names, and how; ``None`` for any other sheet."""
    name = normalise_sheet_name(title)
    for spec in SHEETS:
        if normalise_sheet_name(spec.name) == name:
            return spec, "exact"
    for spec in SHEETS:
        if name in (normalise_sheet_name(alias) for alias in SHEET_ALIASES.get(spec.name, ())):
            return spec, "alias"
    loose = loose_key(title)
    for spec in SHEETS:
        if loose and loose == loose_key(spec.name):
            return spec, "near"
    return None
