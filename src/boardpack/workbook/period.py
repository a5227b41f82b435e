"""Start the next reporting period in the master workbook (``boardpack new-period``).

Adds one ``Updates`` row per action for the new period, pre-filled from that
action's latest update, so officers edit what changed rather than retyping the
plan. Everything else in the workbook is kept as it is.
"""

from __future__ import annotations

import io
import os
import tempfile
import warnings
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.formatting.formatting import ConditionalFormatting, ConditionalFormattingList
from openpyxl.formula.translate import Translator
from openpyxl.styles.numbers import is_date_format
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.worksheet import Worksheet

from boardpack.dates import as_date, long_date
from boardpack.model import natural_key
from boardpack.problems import ERROR, InputError, Problem
from boardpack.workbook.in_place import (
    NotSaved,
    backup_copy,
    failed,
    put_in_place,
    real_file,
    restore_cached_values,
)
from boardpack.workbook.safety import check_path, inspect_package, unreadable
from boardpack.workbook.schema import (
    ACTIONS,
    REPORT,
    UPDATES,
    SheetSpec,
    match_column,
    match_sheet,
    normalise_header,
)

#: Updates columns carried into the new period from each action's latest update.
COPIED_COLUMNS = ("rag", "progress", "reason", "recovery", "revised due")

#: Number format for the new Period cells when the last row's is not a date format.
PERIOD_FORMAT = "dd/mm/yyyy"


@dataclass(frozen=True)
class NewPeriodResult:
    """What ``start_new_period`` did.

    ``previous_period`` is the latest period before the new one (``None`` when the
    workbook had no updates); ``warnings`` are things the officer should still fix.
    """

    path: Path
    backup: Path
    period: date
    rows_added: int
    previous_period: date | None
    changes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def describe(self) -> str:
        """The lines the CLI prints after a successful run."""
        copied = f" (copied from {long_date(self.previous_period)})" if self.previous_period else ""
        lines = [
            f"Added {self.rows_added} update rows for {long_date(self.period)} "
            f"to {self.path}{copied}.",
            *self.changes,
            f"The original is saved as {self.backup}.",
            "Update each new row's RAG and Progress before publishing, then run make.",
        ]
        lines.extend(f"Warning: {warning}" for warning in self.warnings)
        return "\n".join(lines)


@dataclass(frozen=True)
class _Table:
    """A sheet and its header map: normalised header → column number."""

    sheet: Worksheet
    columns: dict[str, int]

    @property
    def title(self) -> str:
        return str(self.sheet.title)


def start_new_period(
    master: Path, period: date, *, backup_stamp: str | None = None
) -> NewPeriodResult:
    """Append an ``Updates`` row for ``period`` for every action of ``master``.

    Each new row copies the action's latest ``RAG``, ``Progress``, ``Reason``,
    ``Recovery`` and ``Revised due``. ``Reason`` and ``Recovery`` are copied
    because they belong to the copied rating: a Red action without them is an
    error (rule R4) and the workbook would stop building, and blank cells would
    hide the last agreed recovery plan from the officer who must review it. A
    ``Note`` column, if present, marks every new row "Copied from <period>:
    update before publishing". An action with no earlier update gets a row with
    only its ref, to be filled in. Rows follow natural ref order; each new cell
    takes the style of the last existing row, and data validations, conditional
    formats, tables and filters covering that row are extended to the new rows.

    A timestamped copy of the original is written beside it first
    (``master.backup-YYYYMMDD-HHMMSS.xlsx``; ``backup_stamp`` replaces the
    stamp). The result is saved to a temporary file in the same folder and
    re-read: every sheet must still load with at least as many rows, and
    ``Updates`` exactly one more per action; only then does it replace the
    master (keeping its permissions), so a failed check leaves the master
    untouched. A Report ``As at`` before ``period`` moves to ``period`` (it is
    the date the pack is judged at), and a ``Meeting date`` before it is a
    warning. Anything the spreadsheet library cannot keep (shapes, some Excel
    2010 extensions) is named in ``warnings``; the backup still has it.

    Raises ``UsageError`` for a missing file and ``InputError`` for a workbook
    that cannot be used or a ``period`` not after the latest existing one.
    """
    _check_master_path(master)
    real = real_file(master)
    original = real.read_bytes()
    keep_vba = master.suffix.lower() == ".xlsm"
    book, not_kept = _open(master, keep_vba=keep_vba, data=original)
    actions = _table(book, ACTIONS, ("ref",))
    updates = _table(book, UPDATES, ("period", "ref", "rag", "progress"))

    latest, previous_period = _latest_updates(updates)
    if previous_period is not None and period <= previous_period:
        raise InputError(
            f"The new period {period.isoformat()} must be after the latest period in "
            f"{updates.title}, {previous_period.isoformat()}; choose a later date."
        )
    refs = _action_refs(actions)
    if not refs:
        raise InputError(f"{master}: the {actions.title} sheet has no actions to update.")

    before = _row_counts(book)
    template_row = _last_data_row(updates.sheet)
    first_new = template_row + 1
    for row, (ref_value, ref_text) in enumerate(refs, start=first_new):
        _write_row(updates, row, template_row, period, ref_value)
        if ref_text in latest:
            source_period, source_row = latest[ref_text]
            _copy_values(updates, source_row, row)
            note = f"Copied from {long_date(source_period)}: update before publishing"
        else:
            note = "No earlier update: fill in before publishing"
        _set_text(updates, row, "note", note)
    last_new = first_new + len(refs) - 1
    if template_row > 1:
        _extend_formatting(updates.sheet, template_row, last_new)
    changes, date_warnings = _report_dates(book, period)

    expected = dict(before)
    expected[updates.title] = before[updates.title] + len(refs)
    backup = _save_checked(
        book, master, real, original, expected, keep_vba=keep_vba, stamp=backup_stamp
    )
    return NewPeriodResult(
        path=master,
        backup=backup,
        period=period,
        rows_added=len(refs),
        previous_period=previous_period,
        changes=tuple(changes),
        warnings=(
            *(f"{master.name}: {message} (the backup keeps the original)" for message in not_kept),
            *date_warnings,
        ),
    )


def _check_master_path(master: Path) -> None:
    """The reader's checks of the file itself, and no lock file saying it is open."""
    check_path(master)
    inspect_package(master)
    for lock in (master.parent / f"~${master.name}", master.parent / f".~lock.{master.name}#"):
        if lock.exists():
            raise InputError(
                f"{master} looks open in Excel or LibreOffice (found {lock.name}); "
                "close it and run again, so that your changes and the new rows do not "
                "overwrite each other."
            )


def _open(path: Path, *, keep_vba: bool, data: bytes | None = None) -> tuple[Workbook, list[str]]:
    """The workbook (read from ``data`` when given), formulas and rich text kept, and
    what the spreadsheet library said it cannot keep."""
    source = io.BytesIO(data) if data is not None else path
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            book = openpyxl.load_workbook(source, keep_vba=keep_vba, rich_text=True)
    # A damaged package can make the spreadsheet library raise almost anything.
    except Exception as error:
        raise unreadable(path, error) from error
    return book, sorted({str(warning.message) for warning in caught})


def _find_sheet(book: Workbook, name: str) -> Worksheet | None:
    """The sheet read as ``name``, as the reader finds it (its name, an alias, a near miss)."""
    found = [
        (s, m[1]) for s in book.worksheets if (m := match_sheet(s.title)) and m[0].name == name
    ]
    return next((s for s, how in found if how == "exact"), found[0][0] if found else None)


def _table(book: Workbook, spec: SheetSpec, required: Iterable[str]) -> _Table:
    """The sheet of ``spec`` with its header map; ``InputError`` if it or a column is missing."""
    sheet = _find_sheet(book, spec.name)
    if sheet is None:
        raise InputError(
            f"The workbook has no {spec.name} sheet; new-period needs the "
            f"{ACTIONS.name} and {UPDATES.name} sheets.",
            [Problem(ERROR, "missing-sheet", spec.name, None, f"expected a {spec.name} sheet")],
        )
    columns = _headers(sheet, spec)
    missing = [spec.column(key).header for key in required if key not in columns]
    if missing:
        problems = [
            Problem(ERROR, "missing-column", sheet.title, None, f"expected a column '{header}'")
            for header in missing
        ]
        raise InputError(
            f"The {sheet.title} sheet has no {', '.join(missing)} column in row 1.", problems
        )
    return _Table(sheet, columns)


def _headers(sheet: Worksheet, spec: SheetSpec) -> dict[str, int]:
    """Row 1 as column key → column number, matched as the reader matches headers
    (other headers, such as ``Note``, by their own name)."""
    columns: dict[str, int] = {}
    for cell in sheet[1]:
        if isinstance(cell.value, str) and cell.value.strip():
            match = match_column(spec, cell.value)
            columns.setdefault(match[0].key if match else normalise_header(cell.value), cell.column)
    return columns


def _text(value: object) -> str:
    """A cell value as trimmed text; whole numbers typed as numbers lose their ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _latest_updates(updates: _Table) -> tuple[dict[str, tuple[date, int]], date | None]:
    """Each ref's latest update as (period, row), and the latest period of all."""
    period_col, ref_col = updates.columns["period"], updates.columns["ref"]
    latest: dict[str, tuple[date, int]] = {}
    for row in range(2, updates.sheet.max_row + 1):
        period = as_date(updates.sheet.cell(row, period_col).value)
        ref = _text(updates.sheet.cell(row, ref_col).value)
        if period is None or not ref:
            continue
        if ref not in latest or period >= latest[ref][0]:
            latest[ref] = (period, row)
    newest = max((period for period, _ in latest.values()), default=None)
    return latest, newest


def _action_refs(actions: _Table) -> list[tuple[object, str]]:
    """Each action's ref cell value and text, once each, in natural ref order."""
    column = actions.columns["ref"]
    seen: dict[str, object] = {}
    for row in range(2, actions.sheet.max_row + 1):
        value = actions.sheet.cell(row, column).value
        text = _text(value)
        if text and text not in seen:
            seen[text] = value.strip() if isinstance(value, str) else value
    return [(seen[text], text) for text in sorted(seen, key=natural_key)]


def _last_data_row(sheet: Worksheet) -> int:
    """The last row holding any value (1 when only the headers are there)."""
    for row in range(sheet.max_row, 1, -1):
        if any(cell.value not in (None, "") for cell in sheet[row]):
            return row
    return 1


def _row_counts(book: Workbook) -> dict[str, int]:
    """Rows holding any value, per sheet."""
    return {
        sheet.title: sum(
            any(value not in (None, "") for value in row)
            for row in sheet.iter_rows(values_only=True)
        )
        for sheet in book.worksheets
    }


def _write_row(updates: _Table, row: int, template_row: int, period: date, ref: object) -> None:
    """Style a new row like ``template_row``, carry its formulas down, set Period and Ref."""
    sheet = updates.sheet
    if template_row > 1:
        for template in sheet[template_row]:
            cell = sheet.cell(row, template.column)
            cell._style = copy(template._style)
            if template.data_type == "f" and isinstance(template.value, str):
                cell.value = Translator(
                    template.value, origin=template.coordinate
                ).translate_formula(cell.coordinate)
    period_cell = sheet.cell(row, updates.columns["period"])
    if not is_date_format(period_cell.number_format):
        period_cell.number_format = PERIOD_FORMAT
    period_cell.value = period
    sheet.cell(row, updates.columns["ref"]).value = ref


def _copy_values(updates: _Table, source_row: int, row: int) -> None:
    """Copy each cell as it is: text (even text starting with ``=``) stays text, rich
    text keeps its formatting, and a formula is carried down as ``_write_row`` does."""
    for key in COPIED_COLUMNS:
        column = updates.columns.get(key)
        if column is None:
            continue
        source = updates.sheet.cell(source_row, column)
        target = updates.sheet.cell(row, column)
        if source.data_type == "f" and isinstance(source.value, str):
            target.value = Translator(source.value, origin=source.coordinate).translate_formula(
                target.coordinate
            )
            continue
        target.value = source.value
        if source.data_type == "s":
            target.data_type = "s"  # assigning "=..." would make it a formula


def _set_text(updates: _Table, row: int, key: str, text: str) -> None:
    column = updates.columns.get(key)
    if column is not None:
        updates.sheet.cell(row, column).value = text


def _extended(ranges: MultiCellRange, template_row: int, last_row: int) -> MultiCellRange:
    """``ranges`` with every range that covers ``template_row`` reaching down to ``last_row``."""
    result = MultiCellRange()
    for cell_range in ranges:
        grown = copy(cell_range)
        if cell_range.min_row <= template_row <= cell_range.max_row < last_row:
            grown.expand(down=last_row - cell_range.max_row)
        result.add(grown)
    return result


def _extend_formatting(sheet: Worksheet, template_row: int, last_row: int) -> None:
    """Extend validations, conditional formats, tables and the filter to the new rows."""
    for validation in sheet.data_validations.dataValidation:
        validation.sqref = _extended(validation.sqref, template_row, last_row)
    old_formats = sheet.conditional_formatting
    formats = ConditionalFormattingList()
    for block in old_formats:
        grown = ConditionalFormatting(
            sqref=_extended(block.sqref, template_row, last_row), pivot=block.pivot
        )
        for rule in block.rules:
            formats.add(grown, rule)
    formats.max_priority = old_formats.max_priority
    sheet.conditional_formatting = formats
    for table in sheet.tables.values():
        table.ref = str(_extended(MultiCellRange(table.ref), template_row, last_row))
        if table.autoFilter is not None:
            table.autoFilter.ref = table.ref
    if sheet.auto_filter.ref:
        sheet.auto_filter.ref = str(
            _extended(MultiCellRange(sheet.auto_filter.ref), template_row, last_row)
        )


def _save_checked(
    book: Workbook,
    master: Path,
    real: Path,
    original: bytes,
    expected: dict[str, int],
    *,
    keep_vba: bool,
    stamp: str | None,
) -> Path:
    """Save to a temporary file beside the real file, give its formulas back their saved
    results, prove it reads back with ``expected`` rows, write the backup, then put it in
    place (:mod:`boardpack.workbook.in_place`); the backup's path.

    Any failure leaves the workbook as it was and no backup.
    """
    temporary: Path | None = None
    backup: Path | None = None
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{real.stem}-", suffix=real.suffix, dir=real.parent
        )
        os.close(handle)
        temporary = Path(name)
        saved = io.BytesIO()  # in memory first: a full disk then fails one plain write
        book.save(saved)
        with temporary.open("wb") as stream:
            stream.write(saved.getbuffer())
        restore_cached_values(original, temporary)
        found = _row_counts(_open(temporary, keep_vba=keep_vba)[0])
        wrong = [
            f"{sheet}: {found.get(sheet, 0)} rows, expected {rows}"
            for sheet, rows in expected.items()
            if found.get(sheet, 0) != rows
        ]
        if wrong:
            raise NotSaved(
                f"The new workbook did not read back as expected ({'; '.join(wrong)}); "
                f"{master} was not changed."
            )
        backup = backup_copy(real, original, stamp)
        put_in_place(temporary, real)
    except BaseException as error:
        if backup is not None:
            backup.unlink(missing_ok=True)
        if isinstance(error, PermissionError):
            raise NotSaved(
                f"Cannot replace {master} ({error.strerror}); close it in Excel and run again."
            ) from error
        if isinstance(error, OSError):
            raise failed(master, error) from error
        raise
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    return backup


def _report_dates(book: Workbook, period: date) -> tuple[list[str], list[str]]:
    """Move the Report's ``As at`` to the new period; flag a ``Meeting date`` left behind.

    Returns (what was changed, warnings). An ``As at`` before the new period would
    make the pack ignore every new row, so it moves with the period; a blank one
    is left blank (the latest period is used). The next meeting's date is for the
    officer to type: a date before the new period is only pointed out.
    """
    sheet = _find_sheet(book, REPORT.name)
    columns = _headers(sheet, REPORT) if sheet is not None else {}
    if sheet is None or "field" not in columns or "value" not in columns:
        return [], []
    changes: list[str] = []
    warnings: list[str] = []
    for row in range(2, sheet.max_row + 1):
        field = normalise_header(_text(sheet.cell(row, columns["field"]).value))
        value_cell = sheet.cell(row, columns["value"])
        when = as_date(value_cell.value)
        place = f"{sheet.title}!{value_cell.coordinate}"
        if field == "as at" and when is not None and when < period:
            value_cell.value = datetime(period.year, period.month, period.day)
            if not is_date_format(value_cell.number_format):
                value_cell.number_format = PERIOD_FORMAT
            changes.append(f"{place} 'As at' moved from {long_date(when)} to {long_date(period)}.")
        elif field == "meeting date" and when is not None and when < period:
            warnings.append(
                f"{place} 'Meeting date' is {long_date(when)}, before the new period; "
                "type the date of the meeting this pack is for."
            )
    return changes, warnings
