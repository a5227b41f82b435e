"""The sheets and columns of the master workbook (contract v1).

One table that the reader, ``new-master`` and the example builder all follow, so
that what is written is always what is read.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header as written, whether it is required, and help."""

    header: str
    required: bool
    help: str
    width: int = 18

    @property
    def key(self) -> str:
        """The header as matched: lower case, trimmed, no trailing ``*``."""
        return normalise_header(self.header)


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
    """Headers match case-insensitively, ignoring surrounding spaces and a trailing ``*``."""
    return text.strip().rstrip("*").strip().lower()


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
        Column("Ref", True, "Unique action number, e.g. 1.10", 8),
        Column("Area", True, "The Area id this action belongs to", 8),
        Column("Action", True, "The impact of the action", 60),
        Column("Target", True, "Original target / timescales, word for word", 40),
        Column("Due", False, "A due date, when the Target text does not give one", 14),
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
