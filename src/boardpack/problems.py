"""Problems found in a master workbook or a template, and the errors that carry them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

ERROR: Severity = "error"
WARNING: Severity = "warning"

_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def place(sheet: str | None, cell: str | None) -> str:
    """``Sheet!Cell``, ``Sheet`` or an empty string."""
    if sheet and cell:
        return f"{sheet}!{cell}"
    return sheet or cell or ""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, tied to where it is.

    ``sheet`` and ``cell`` may be ``None`` when the problem concerns a whole file or
    sheet. ``message`` says what was expected and what was found, without the place;
    ``str(problem)`` puts the place in front (``Updates!C14: ...``).
    """

    severity: Severity
    code: str
    sheet: str | None
    cell: str | None
    message: str

    @property
    def place(self) -> str:
        """``Sheet!Cell``, ``Sheet`` or an empty string."""
        return place(self.sheet, self.cell)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def sort_key(self) -> tuple[str, int, str, str]:
        """Order by sheet, then row, then column, then message."""
        row, column = 0, ""
        if self.cell:
            match = _CELL.match(self.cell)
            if match:
                column, row = match.group(1), int(match.group(2))
        return (self.sheet or "", row, f"{len(column):02d}{column}", self.message)

    def to_json(self) -> dict[str, str | None]:
        return {
            "severity": self.severity,
            "code": self.code,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
        }

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


@dataclass(frozen=True)
class Note:
    """Information about how the workbook was read: not a problem, never stops a build.

    A header or sheet read under another name (``read-as``), and every header, sheet
    or row that was not read (``ignored-column``, ``ignored-sheet``, ``totals-row``),
    so that an officer sees what the pack does not contain.
    """

    code: str
    sheet: str | None
    cell: str | None
    message: str

    @property
    def place(self) -> str:
        """``Sheet!Cell``, ``Sheet`` or an empty string."""
        return place(self.sheet, self.cell)

    def to_json(self) -> dict[str, str | None]:
        return {"code": self.code, "sheet": self.sheet, "cell": self.cell, "message": self.message}

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in reading order (sheet, row, column), duplicates removed."""
    return sorted(set(problems), key=Problem.sort_key)


def has_errors(problems: Iterable[Problem], *, strict: bool = False) -> bool:
    """True when any problem stops the build (any problem at all under ``strict``)."""
    return any(p.is_error or strict for p in problems)


class BoardpackError(Exception):
    """A user's mistake that stops a command; the CLI shows it without a traceback.

    ``exit_code`` follows the contract: 1 for a bad workbook or template, 2 for a
    command used wrongly (a missing file, a bad option).
    """

    exit_code = 1

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = sorted_problems(problems)


class UsageError(BoardpackError):
    """The command was used wrongly: a missing file, a bad option value."""

    exit_code = 2


class InputError(BoardpackError):
    """The workbook or a template cannot be used; ``problems`` says why."""

    exit_code = 1


def count_line(problems: Iterable[Problem]) -> str:
    """``2 errors, 1 warning`` (or ``no problems``)."""
    items = list(problems)
    errors = sum(p.is_error for p in items)
    warnings = len(items) - errors
    if not items:
        return "no problems"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


def format_problem_table(problems: Iterable[Problem], *, width: int = 100) -> str:
    """Problems as a readable text table, errors first, each group in sheet and row order."""
    import textwrap

    items = sorted_problems(problems)
    if not items:
        return ""
    place_width = max(12, *(len(p.place or "-") for p in items))
    place_width = min(place_width, 34)
    code_width = min(24, max(len(p.code) for p in items))
    indent = place_width + code_width + 4
    message_width = max(30, width - indent)
    lines: list[str] = []
    for severity, heading in ((ERROR, "Errors"), (WARNING, "Warnings")):
        group = [p for p in items if p.severity == severity]
        if not group:
            continue
        if lines:
            lines.append("")
        lines.append(f"{heading} ({len(group)}):")
        for problem in group:
            wrapped = textwrap.wrap(problem.message, message_width) or [""]
            place = problem.place or "-"
            lines.append(f"  {place:<{place_width}} {problem.code:<{code_width}} {wrapped[0]}")
            lines.extend(" " * indent + line for line in wrapped[1:])
    return "\n".join(lines)
