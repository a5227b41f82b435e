"""One sheet of the master workbook read as a table: headers in row 1, one record a row.

``Table`` finds the contract's columns by header and reports missing, repeated and
merged columns; ``Row`` hands out clean values by column key and reports, with the
cell's address, every value that is missing or cannot be read. Both add to one
shared list of problems, so nothing stops at the first one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime

from boardpack.dates import as_date
from boardpack.problems import ERROR, WARNING, Note, Problem, Severity
from boardpack.workbook.cells import clean_text, control_name, is_clean, shown, value_text
from boardpack.workbook.limits import MAX_TEXT
from boardpack.workbook.schema import Match, SheetSpec, match_column, normalise_header
from boardpack.workbook.xlsx import Cell, ExcelError, Worksheet, column_letter, range_bounds

#: what every date message says is accepted: examples of ``boardpack.dates.DATE_FORMS``
DATE_EXPECTED = (
    "a date, day first (an Excel date, 31/10/2019, 2019-10-31, 31-Oct-2019, 31 October 2019 "
    "or Oct 2019)"
)


def header_text(value: object) -> str:
    """A header cell as text, with runs of spaces inside read as one."""
    text, _ = value_text(value)
    return " ".join(text.split())


def listed(items: list[str], limit: int = 10) -> str:
    """``1, 2, 3`` or ``1, 2, ... (12 in all)`` for a message."""
    if not items:
        return "none"
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f", ... ({len(items)} in all)"


def quoted(items: Sequence[str]) -> str:
    """``'a'``, ``'a' and 'b'``, ``'a', 'b' and 'c'``."""
    names = [f"'{item}'" for item in items]
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


#: columns new-master writes for people, never data: not listed as ignored
_OWN_COLUMNS = {"Report": frozenset({"help"})}


class Table:
    """The contract's columns of one sheet, found by their headers in row 1."""

    def __init__(
        self,
        spec: SheetSpec,
        sheet: Worksheet,
        problems: list[Problem],
        formulas: dict[str, str],
        merged: Sequence[str] = (),
        notes: list[Note] | None = None,
        skipped_rows: frozenset[int] = frozenset(),
    ) -> None:
        self.spec = spec
        self.sheet = sheet
        self.problems = problems
        self.notes: list[Note] = notes if notes is not None else []
        self.formulas = formulas
        #: rows that are not data (the totals rows of Excel tables)
        self.skipped_rows = skipped_rows
        #: column key → 1-based column number, for the contract's columns present
        self.columns: dict[str, int] = {}
        #: column key → column letter
        self.letters: dict[str, str] = {}
        #: merged ranges touching the contract's columns, as (rows, columns) bounds
        self.merged: list[tuple[int, int, int, int]] = []
        #: column key → [(cell, text)] of refs typed as numbers with decimals
        self.numeric_refs: dict[str, list[tuple[str, str]]] = {}
        headers = list(next(_stream(self.sheet.iter_rows(min_row=1, max_row=1)), ()))
        hidden = self._merged_headers(merged, headers)
        self.complete = self._find_columns(headers, hidden)
        self._find_merged(merged)

    @property
    def name(self) -> str:
        """The sheet's name as the contract spells it, used as the problems' place."""
        return self.spec.name

    def problem(self, severity: Severity, code: str, cell: str | None, message: str) -> None:
        self.problems.append(Problem(severity, code, self.name, cell, message))

    def note(self, code: str, cell: str | None, message: str) -> None:
        self.notes.append(Note(code, self.name, cell, message))

    def _find_columns(self, headers: list[Cell], hidden: set[int]) -> bool:
        """Match row 1 against the contract; False when a required column is missing.

        A header is read as a column when it is the column's name, a known alias or a
        near miss (``schema.match_column``); each header read under another name and
        each header not read at all gets a note. Two headers read as one column are
        an error naming both.
        """
        found: list[str] = []
        candidates: dict[str, list[tuple[Cell, str, Match]]] = {}
        own = _OWN_COLUMNS.get(self.spec.name, frozenset())
        for cell in headers:
            text = header_text(cell.value)
            if not normalise_header(text):
                continue
            found.append(text.rstrip("*").strip())
            match = match_column(self.spec, text)
            if match is not None:
                candidates.setdefault(match[0].key, []).append((cell, text, match[1]))
            elif cell.column not in hidden and normalise_header(text) not in own:
                self.note(
                    "ignored-column",
                    cell.coordinate,
                    f"ignored the column '{text}': it is not one of the columns the pack reads",
                )
        for column in self.spec.columns:
            matches = candidates.get(column.key)
            if not matches:
                continue
            exact = [m for m in matches if m[2] == "exact"]
            cell, text, how = (exact or matches)[0]
            if len(matches) > 1:
                others = [m for m in matches if m[0] is not cell]
                self.problem(
                    ERROR,
                    "duplicate-column",
                    others[0][0].coordinate,
                    f"expected one column read as '{column.header}', found "
                    + " and ".join(f"'{m[1]}' ({m[0].coordinate})" for m in matches)
                    + f"; {cell.coordinate} is read. Delete or rename the others.",
                )
            self.columns[column.key] = cell.column
            self.letters[column.key] = column_letter(cell.column)
            if how != "exact":
                self.note("read-as", cell.coordinate, f"read '{text}' as '{column.header}'")
        complete = True
        for column in self.spec.columns:
            if column.required and column.key not in self.columns:
                complete = False
                self.problem(
                    ERROR,
                    "missing-column",
                    None,
                    f"expected a column headed '{column.header}' in row 1, found "
                    + (f"the headers {listed(found)}" if found else "no headers"),
                )
        return complete

    def _merged_headers(self, refs: Sequence[str], headers: list[Cell]) -> set[int]:
        """Report each merged range in row 1, naming the headers it hides.

        Returns the columns under merged header cells, which are not listed as ignored.
        """
        hidden: set[int] = set()
        texts = {cell.column: header_text(cell.value) for cell in headers}
        for ref in sorted(refs, key=lambda r: range_bounds(r)[2]):
            row1, _, col1, col2 = range_bounds(ref)
            if row1 != 1 or col1 == col2:
                continue
            hidden.update(range(col1, col2 + 1))
            shown_text = texts.get(col1, "")
            matched = {
                m[0].key
                for column in range(col1, col2 + 1)
                if (m := match_column(self.spec, texts.get(column, ""))) is not None
            }
            words = normalise_header(shown_text)
            named = [
                c.header
                for c in self.spec.columns
                if c.key not in matched and c.key in words and c.key != words
            ]
            cells = [f"{column_letter(n)}1" for n in range(col1 + 1, col2 + 1)]
            hides = (
                f"the headers {quoted(named)}"
                if len(named) > 1
                else f"the header {quoted(named)}"
                if named
                else f"the header cell{'s' if len(cells) > 1 else ''} {listed(cells)}"
            )
            self.problem(
                ERROR,
                "merged-header",
                f"{column_letter(col1)}1",
                f"expected one header in each cell of row 1, found the merged cells {ref}"
                + (f" ('{shown_text}')" if shown_text else "")
                + f", which hide {hides}. Unmerge them (Home > Merge & Center) and give "
                "each column its own header.",
            )
        return hidden

    def _find_merged(self, refs: Sequence[str]) -> None:
        """Report merged ranges (``A2:B3``, from the sheet's XML) over the contract's columns."""
        numbers = sorted(self.columns.values())
        ranges = ((range_bounds(ref), ref) for ref in refs)
        for (row1, row2, col1, col2), ref in sorted(ranges, key=lambda r: (r[0][0], r[0][2])):
            if not any(col1 <= n <= col2 for n in numbers):
                continue
            if row1 == 1 and col1 != col2:
                continue  # a merged header, reported by _merged_headers
            self.merged.append((row1, row2, col1, col2))
            self.problem(
                ERROR,
                "merged-cells",
                f"{column_letter(col1)}{row1}",
                f"expected one value in each cell, found the merged cells {ref}. "
                "Unmerge them (Home > Merge & Center) and fill in each cell.",
            )

    def in_merge(self, row: int, column: int) -> bool:
        return any(r1 <= row <= r2 and c1 <= column <= c2 for r1, r2, c1, c2 in self.merged)

    def rows(self) -> Iterator[Row]:
        """Each row below the headers with a value in any of the contract's columns."""
        if not self.columns:
            return
        last = max(self.columns.values())
        indexes = [n - 1 for n in self.columns.values()]
        letters = list(self.letters.values())
        rows = _stream(self.sheet.iter_rows(min_row=2, max_col=last))
        for number, cells in enumerate(rows, start=2):
            if number in self.skipped_rows:
                continue
            if any(_filled(cells[i].value) for i in indexes) or (
                self.formulas and any(f"{letter}{number}" in self.formulas for letter in letters)
            ):
                yield Row(self, number, cells)

    def finish(self) -> None:
        """Report refs typed as numbers: one warning per column, at the first such cell."""
        for cells in self.numeric_refs.values():
            first, text = cells[0]
            more = f" and {len(cells) - 1} other cells" if len(cells) > 1 else ""
            self.problem(
                WARNING,
                "numeric-ref",
                first,
                f"expected refs typed as text, found the number {text} here{more}. A number "
                "loses trailing zeros (1.10 becomes 1.1): format the column as Text "
                "(Format Cells > Text, '@') and type the refs again.",
            )


class UnreadableSheet(Exception):
    """The spreadsheet library failed while streaming a sheet: the file is damaged."""


def _stream(rows: Iterator[tuple[Cell, ...]]) -> Iterator[tuple[Cell, ...]]:
    """The sheet's rows as read; a failure inside the library becomes :class:`UnreadableSheet`.

    Sheets are parsed while they are read, so damaged XML surfaces here rather than
    when the workbook is opened; only the library's own failures are converted.
    """
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # damaged or hostile XML: the file's fault, not a bug
            raise UnreadableSheet(str(exc)) from exc
        yield row


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _trimmed(value: object) -> str | None:
    """Text that needs only a trim, trimmed, as :meth:`Row.text` would give it the long
    way; ``None`` for anything else (empty, too long, hidden characters, not text)."""
    if type(value) is str and len(value) <= MAX_TEXT and is_clean(value):
        return value.strip() or None
    return None


class Row:
    """One record: values by column key, each problem reported with its cell."""

    def __init__(self, table: Table, number: int, cells: tuple[Cell, ...]) -> None:
        self.table = table
        self.number = number
        self._cells = cells
        #: False once any error has been reported on this row
        self.ok = True
        self._reported: set[tuple[str | None, str]] = set()

    def address(self, key: str) -> str | None:
        """``C14`` for the column's cell in this row; ``None`` for an absent column."""
        letter = self.table.letters.get(key)
        return f"{letter}{self.number}" if letter else None

    def addresses(self) -> dict[str, str]:
        """Column key → cell address, for the model's ``cells``."""
        return {key: f"{letter}{self.number}" for key, letter in self.table.letters.items()}

    def error(self, key: str | None, code: str, message: str) -> None:
        """Report an error at the column's cell (once per cell and code); drops the row."""
        self.ok = False
        self._report(ERROR, key, code, message)

    def warn(self, key: str, code: str, message: str) -> None:
        self._report(WARNING, key, code, message)

    def _report(self, severity: Severity, key: str | None, code: str, message: str) -> None:
        if (key, code) not in self._reported:
            self._reported.add((key, code))
            self.table.problem(severity, code, self.address(key) if key else None, message)

    def cell(self, key: str) -> Cell | None:
        column = self.table.columns.get(key)
        return self._cells[column - 1] if column else None

    def value(self, key: str) -> object:
        """The saved value; a formula saved without one, or an Excel error such as ``#REF!``,
        is reported and reads as empty."""
        column = self.table.columns.get(key)
        if not column:
            return None
        cell = self._cells[column - 1]
        if type(cell.value) is str:  # the usual case, and never an Excel error
            return cell.value
        formulas = self.table.formulas
        if cell.value is None and formulas and (address := self.address(key)) in formulas:
            formula = formulas[address]
            self.error(
                key,
                "formula-no-value",
                "expected a saved value, found a formula with no saved result"
                + (f" (={formula})" if formula else "")
                + ". Open the workbook in Excel and save it, so that the results are saved.",
            )
            return None
        if isinstance(cell.value, ExcelError):
            self.error(
                key,
                "excel-error",
                f"expected a value, found the Excel error {cell.value}, which a formula shows "
                "when it cannot be worked out. Correct the formula, or type the value instead.",
            )
            return None
        return cell.value

    def number_format(self, key: str) -> str:
        cell = self.cell(key)
        return str(cell.number_format) if cell is not None else "General"

    def is_empty(self, key: str, value: object, *, required: bool) -> bool:
        """True when the value is empty; reports it when the column is required."""
        if _filled(value):
            return False
        if not required:
            return True
        column = self.table.columns.get(key)
        if (
            self.address(key) not in self.table.formulas
            and (key, "excel-error") not in self._reported
            and not (column and self.table.in_merge(self.number, column))
        ):
            header = self.table.spec.column(key).header
            self.error(
                key, "missing-value", f"expected a value for '{header}', found an empty cell"
            )
        else:
            self.ok = False
        return True

    def text(self, key: str, *, required: bool = False) -> str:
        """Clean text: trimmed, one paragraph a line, hidden characters cleaned away."""
        value = self.value(key)
        if (text := _trimmed(value)) is not None:
            return text
        if self.is_empty(key, value, required=required):
            return ""
        return self._required(key, self._clean(key, value), required=required)

    def ident(self, key: str, *, required: bool = False, ref: bool = False) -> str:
        """An id or ref as text: numbers read as Excel shows them (1.0 → ``1``).

        With ``ref``, a number with decimals is noted for ``Table.finish`` to warn about.
        """
        value = self.value(key)
        if (text := _trimmed(value)) is not None:
            return text
        if self.is_empty(key, value, required=required):
            return ""
        text = self._required(key, self._clean(key, value), required=required)
        if ref and isinstance(value, float) and not value.is_integer():
            self.table.numeric_refs.setdefault(key, []).append((self.address(key) or "", text))
        return text

    def _required(self, key: str, text: str, *, required: bool) -> str:
        """``text``; an error when a required cell held only hidden characters and spaces."""
        if required and not text and (key, "text-too-long") not in self._reported:
            header = self.table.spec.column(key).header
            self.error(
                key,
                "missing-value",
                f"expected a value for '{header}', found only hidden characters and spaces",
            )
        return text

    def _clean(self, key: str, value: object) -> str:
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                self.error(
                    key,
                    "text-too-long",
                    f"expected at most {MAX_TEXT:,} characters in a cell (Excel's own limit), "
                    f"found {len(value):,}",
                )
                return ""
            text, hidden = clean_text(value)
        else:
            text, hidden = value_text(value, self.number_format(key))
        if hidden:
            self.warn(
                key,
                "control-characters",
                "expected plain text, found hidden characters ("
                + ", ".join(control_name(c) for c in hidden)
                + "); they were replaced by line breaks or removed",
            )
        return text

    def date(self, key: str, *, required: bool = False) -> date | None:
        """A real Excel date or a date typed as text; anything else is ``bad-date``."""
        value = self.value(key)
        if type(value) is datetime:  # an Excel date, the usual case
            return value.date()
        if self.is_empty(key, value, required=required):
            return None
        when = as_date(value.strip() if isinstance(value, str) else value)
        if when is None:
            self.error(key, "bad-date", f"expected {DATE_EXPECTED}, found {shown(value)}")
        return when
