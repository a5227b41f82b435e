"""Tiny master workbooks written with openpyxl for the reader's tests.

``GOOD`` is a minimal valid workbook as sheet → rows (row 1 holds the headers). The
``master`` fixture writes it with some sheets replaced or removed, and lets a test
touch the openpyxl workbook (number formats, merges, formulas) before it is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

Rows = Sequence[Sequence[object]]

REPORT_ROWS: list[list[object]] = [
    ["Field", "Value"],
    ["Organisation", "Haringey Council"],
    ["Title", "Children's Services Ofsted Action Plan: progress update"],
    ["As at", date(2019, 10, 31)],
    ["Meeting", "Cabinet"],
    ["Meeting date", "12/11/2019"],
]

GOOD: dict[str, Rows] = {
    "Report": REPORT_ROWS,
    "Areas": [
        ["Area", "Title", "Outcomes", "Lead", "Summary"],
        [1, "Leadership", "- Stronger oversight\n• Better data", "DCS", "On track"],
        [2, "Practice", None, None, None],
    ],
    "Actions": [
        ["Ref", "Area", "Action", "Target", "Due", "Owner"],
        ["1.10", "1", "Audit cases", "By March 2020", None, "Head of QA"],
        ["1.2", "1", "Train staff", "October 2019", date(2019, 10, 31), "Principal SW"],
        ["1.1", 1, "Set up board", "June 2019", None, None],
        ["2.1", "2", "Review plans", "Ongoing", None, None],
    ],
    "Updates": [
        ["Period", "Ref", "RAG", "Progress", "Reason", "Recovery", "Revised due"],
        [date(2019, 10, 31), "1.1", "B", "Board in place", None, None, None],
        [date(2019, 10, 31), "1.2", "green", "Half trained", None, None, None],
        [date(2019, 10, 31), "1.10", "Amber", "Audits late", "Staffing", "Agency staff", None],
        [date(2019, 10, 31), "2.1", "R", "Not started", "No lead", "Lead appointed", "Dec 2019"],
        [date(2019, 6, 30), "1.1", "G", "Board planned", None, None, None],
    ],
    "Measures": [
        ["Measure", "Name", "Unit", "Better", "Actions", "Description"],
        ["M1", "Audits rated good", "%", "higher", "1.10, 1.2", "Monthly audit"],
        ["M2", "Days to assessment", "days", "lower", "2.1", None],
    ],
    "Measure values": [
        ["Measure", "Date", "Kind", "Value", "Note"],
        ["M1", date(2019, 3, 31), "Baseline", 40, None],
        ["M1", "31/10/2019", "actual", "47%", "October audit"],
        ["M2", date(2019, 10, 31), "Target", 20, None],
    ],
    "Glossary": [
        ["Term", "Meaning"],
        ["DCS", "Director of Children's Services"],
    ],
}


def write_workbook(
    path: Path, sheets: Mapping[str, Rows], edit: Callable[[Any], None] | None = None
) -> Path:
    """Write sheet → rows to ``path`` (row 1 = headers), then apply ``edit``, then save."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    if edit:
        edit(workbook)
    workbook.save(path)
    return path


class Master:
    """Writes ``GOOD`` into a temporary folder, with changes, for one test."""

    good = GOOD
    report_rows = REPORT_ROWS

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def write(
        self,
        overrides: Mapping[str, Rows | None] | None = None,
        *,
        edit: Callable[[Any], None] | None = None,
        name: str = "master.xlsx",
    ) -> Path:
        """``GOOD`` with sheets replaced (``overrides``) or removed (``None``), then ``edit``."""
        sheets: dict[str, Rows] = dict(GOOD)
        for sheet, rows in (overrides or {}).items():
            if rows is None:
                sheets.pop(sheet, None)
            else:
                sheets[sheet] = rows
        return write_workbook(self.folder / name, sheets, edit)

    @staticmethod
    def rows(sheet: str) -> list[list[object]]:
        """A copy of ``GOOD``'s rows of one sheet, headers first."""
        return [list(row) for row in GOOD[sheet]]

    @classmethod
    def with_row(cls, sheet: str, row: Sequence[object]) -> dict[str, Rows]:
        """``GOOD``'s sheet with one more row at the end (its number is len + 1)."""
        return {sheet: [*cls.rows(sheet), list(row)]}

    @classmethod
    def replace_cell(cls, sheet: str, row: int, column: int, value: object) -> dict[str, Rows]:
        """``GOOD``'s sheet with one cell changed (row and column counted from 1)."""
        rows = cls.rows(sheet)
        rows[row - 1][column - 1] = value
        return {sheet: rows}


@pytest.fixture
def master(tmp_path: Path) -> Master:
    return Master(tmp_path)
