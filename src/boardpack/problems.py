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
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.cell or ""

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
