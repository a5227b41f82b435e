"""Write a master workbook that is easy to edit in Excel: ``new-master`` and the example.

The sheets and columns come from :mod:`boardpack.workbook.schema`, so what is written
is always what the reader reads. Formatting helps the officer who types into it:
frozen bold headers, widths, wrapped text, date and text formats, drop-down lists,
coloured RAG cells and an ``About`` sheet that explains every column. The output is
byte-for-byte the same for the same input.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from boardpack.contrast import text_colour_on
from boardpack.model import (
    DEFAULT_RAG_KEY,
    MEASURE_BETTER,
    MEASURE_KINDS,
    MEASURE_UNITS,
    RAG_DISPLAY_ORDER,
    Rag,
)
from boardpack.problems import UsageError
from boardpack.workbook import schema
from boardpack.workbook.schema import SHEETS, Column, SheetSpec, normalise_header

#: The timestamp written into the workbook's properties and zip entries.
FIXED_TIME = datetime(2019, 1, 1)

ABOUT_SHEET = "About"
DATE_FORMAT = "dd/mm/yyyy"
TEXT_FORMAT = "@"
HEADER_FILL = "D9E1F2"
EXTRA_COLUMN_WIDTH = 40
#: Rows that carry drop-downs and colour rules, for data typed later.
EDIT_ROWS = 2000
#: How far down the lookup lists (Areas, Actions, Measures) are read by the drop-downs.
LOOKUP_ROWS = {"Areas": 500, "Actions": 2000, "Measures": 500}

ReportRow = tuple[str, object] | tuple[str, object, str]
SheetRows = Mapping[str, Sequence[Mapping[str, object]]]

_DATE_COLUMNS: dict[str, frozenset[str]] = {
    "Actions": frozenset({"due"}),
    "Updates": frozenset({"period", "revised due"}),
    "Measure values": frozenset({"date"}),
}
#: Ids typed as text, so that ``1.10`` stays ``1.10`` and not the number 1.1.
_TEXT_COLUMNS: dict[str, frozenset[str]] = {
    "RAG": frozenset({"code", "colour"}),
    "Areas": frozenset({"area"}),
    "Actions": frozenset({"ref", "area"}),
    "Updates": frozenset({"ref"}),
    "Measures": frozenset({"measure", "actions"}),
    "Measure values": frozenset({"measure"}),
    "Glossary": frozenset({"term"}),
}
_NUMBER_COLUMNS: dict[str, frozenset[str]] = {"Measure values": frozenset({"value"})}
#: what Excel saves as an ``_xHHHH_`` escape: characters XML cannot hold, a carriage
#: return (which XML would read as a line feed) and the ``_`` of text that looks like one
_EXCEL_ESCAPED = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def excel_text(text: str) -> str:
    """Text as Excel stores it in a cell: ``_x000B_`` for a vertical tab, and so on.

    Reading the cell back gives the text as typed (see ``cells.clean_text``).
    """
    return _EXCEL_ESCAPED.sub(lambda match: f"_x{ord(match[0]):04X}_", text)


@dataclass(frozen=True)
class _Choice:
    """A drop-down: the cells it applies to and where its values come from."""

    sheet: str
    column: str
    formula: str
    strict: bool


def _list_formula(values: Sequence[str]) -> str:
    return '"' + ",".join(values) + '"'


def _lookup_formula(sheet: str, column: str) -> str:
    letter = _letter(_spec(sheet), column)
    last = LOOKUP_ROWS[sheet]
    return f"{_sheet_ref(sheet)}!${letter}$2:${letter}${last}"


def _choices() -> tuple[_Choice, ...]:
    return (
        _Choice("RAG", "code", _list_formula([r.code for r in RAG_DISPLAY_ORDER]), True),
        _Choice("Actions", "area", _lookup_formula("Areas", "area"), False),
        _Choice("Updates", "ref", _lookup_formula("Actions", "ref"), False),
        # Words (Green, Red ...) are accepted too, so a typed word only warns.
        _Choice("Updates", "rag", _list_formula([r.code for r in RAG_DISPLAY_ORDER]), False),
        _Choice("Measures", "unit", _list_formula(MEASURE_UNITS), True),
        _Choice("Measures", "better", _list_formula(MEASURE_BETTER), True),
        _Choice("Measure values", "measure", _lookup_formula("Measures", "measure"), False),
        _Choice("Measure values", "kind", _list_formula(MEASURE_KINDS), True),
    )


def _spec(name: str) -> SheetSpec:
    return next(s for s in SHEETS if s.name == name)


def _letter(spec: SheetSpec, key: str) -> str:
    index = next(i for i, c in enumerate(spec.columns) if c.key == key)
    return str(get_column_letter(index + 1))


def _sheet_ref(name: str) -> str:
    """A sheet name as written in a formula: quoted only when it needs to be."""
    return name if name.replace("_", "").isalnum() else "'" + name.replace("'", "''") + "'"


def _header_text(column: Column) -> str:
    return f"{column.header}*" if column.required else column.header


def readable_font_colour(fill: str) -> str:
    """``000000`` or ``FFFFFF``, whichever reads better on the six-digit hex ``fill``."""
    return text_colour_on(fill)


def _rag_colours(rows: Sequence[Mapping[str, object]]) -> dict[Rag, str]:
    """Colours of the RAG key being written, falling back to the standard key."""
    colours = {rag: entry.colour for rag, entry in DEFAULT_RAG_KEY.items()}
    for row in rows:
        values = {normalise_header(k): v for k, v in row.items()}
        rag = Rag.parse(str(values.get("code") or values.get("status") or ""))
        colour = str(values.get("colour") or "").strip().lstrip("#").upper()
        if rag is not None and len(colour) == 6 and all(c in "0123456789ABCDEF" for c in colour):
            colours[rag] = colour
    return colours


def _default_rag_rows() -> list[dict[str, object]]:
    return [
        {
            "Code": rag.code,
            "Status": rag.word,
            "Meaning": DEFAULT_RAG_KEY[rag].meaning,
            "Colour": DEFAULT_RAG_KEY[rag].colour,
        }
        for rag in DEFAULT_RAG_KEY  # the plan's own order: Red, Amber, Green, Blue
    ]


def _default_report() -> list[ReportRow]:
    return [(name, None) for name, _required, _help in schema.REPORT_FIELDS]


def _column_kind(sheet: str, column: Column) -> str:
    """``date``, ``id`` (text format), ``number``, ``text`` (wrapped) or ``short`` (a code)."""
    key = column.key
    if key in _DATE_COLUMNS.get(sheet, frozenset()):
        return "date"
    if key in _TEXT_COLUMNS.get(sheet, frozenset()):
        return "id"
    if key in _NUMBER_COLUMNS.get(sheet, frozenset()):
        return "number"
    return "text" if column.width >= 20 else "short"


def _set_value(ws: Worksheet, row: int, col: int, value: object, kind: str) -> None:
    """Write one cell with the format of its column kind."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, datetime | date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str):
        cell.value = excel_text(value)
        if value.startswith("="):
            cell.data_type = "s"  # text that looks like a formula stays text
        if kind == "id":
            cell.number_format = TEXT_FORMAT
    elif value is not None:
        cell.value = value
    cell.alignment = Alignment(vertical="top", wrap_text=kind == "text")


def _style_columns(ws: Worksheet, sheet: str, columns: Sequence[Column]) -> None:
    """Header row, widths and the formats that cells typed later inherit."""
    bold = Font(bold=True)
    fill = PatternFill(
        fill_type="solid", start_color=f"FF{HEADER_FILL}", end_color=f"FF{HEADER_FILL}"
    )
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(row=1, column=index, value=_header_text(column))
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        if column.help:
            required = "Required. " if column.required else ""
            cell.comment = Comment(f"{required}{column.help}", "boardpack", 90, 240)
        dimension = ws.column_dimensions[letter]
        dimension.width = column.width
        kind = _column_kind(sheet, column)
        dimension.alignment = Alignment(vertical="top", wrap_text=kind == "text")
        if kind == "date":
            dimension.number_format = DATE_FORMAT
        elif kind == "id":
            dimension.number_format = TEXT_FORMAT
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _columns_for(spec: SheetSpec, extra: Sequence[str]) -> list[Column]:
    known = {c.key for c in spec.columns}
    added = [
        Column(name, False, "", EXTRA_COLUMN_WIDTH)
        for name in extra
        if normalise_header(name) not in known
    ]
    return [*spec.columns, *added]


def _write_rows(
    ws: Worksheet, spec: SheetSpec, columns: Sequence[Column], rows: Sequence[Mapping[str, object]]
) -> None:
    positions = {c.key: i for i, c in enumerate(columns, start=1)}
    for row_number, row in enumerate(rows, start=2):
        for header, value in row.items():
            key = normalise_header(header)
            if key not in positions:
                expected = ", ".join(c.header for c in columns)
                raise ValueError(
                    f"{spec.name} has no column {header!r}; expected one of {expected}"
                )
            kind = _column_kind(spec.name, columns[positions[key] - 1])
            _set_value(ws, row_number, positions[key], value, kind)


def _write_report(ws: Worksheet, rows: Sequence[ReportRow]) -> None:
    """The Report sheet: Field, Value, a Help column and, when any row has one, a Note."""
    helps = {name.lower(): (required, text) for name, required, text in schema.REPORT_FIELDS}
    has_note = any(len(row) > 2 for row in rows)
    columns = [
        *schema.REPORT.columns,
        Column("Help", False, "What the field is for (not read)", 60),
    ]
    if has_note:
        columns.append(Column("Note", False, "", EXTRA_COLUMN_WIDTH))
    _style_columns(ws, schema.REPORT.name, columns)
    ws.column_dimensions["C"].alignment = Alignment(vertical="top", wrap_text=True)
    for row_number, row in enumerate(rows, start=2):
        name, value = row[0], row[1]
        _set_value(ws, row_number, 1, name, "text")
        _set_value(ws, row_number, 2, value, "text")
        required, text = helps.get(name.strip().lower(), (False, ""))
        if text:
            _set_value(ws, row_number, 3, ("Required. " if required else "") + text, "text")
            ws.cell(row=row_number, column=3).font = Font(italic=True, color="595959")
        if len(row) > 2:
            _set_value(ws, row_number, 4, row[2], "text")


def _add_choices(wb: Workbook) -> None:
    for choice in _choices():
        ws = wb[choice.sheet]
        spec = _spec(choice.sheet)
        letter = _letter(spec, choice.column)
        column = spec.column(choice.column)
        validation = DataValidation(
            type="list",
            formula1=choice.formula,
            allow_blank=True,
            showInputMessage=True,
            showErrorMessage=True,
            errorStyle="stop" if choice.strict else "warning",
            promptTitle=column.header[:32],
            prompt=column.help[:255],
            errorTitle=f"{column.header} not in the list"[:32],
            error=f"Expected one of the listed values: {column.help}"[:255],
        )
        validation.add(f"{letter}2:{letter}{EDIT_ROWS}")
        ws.add_data_validation(validation)


def _add_rag_colours(wb: Workbook, colours: Mapping[Rag, str]) -> None:
    """Fill RAG cells (codes or words, any case) with their colour."""
    targets = (
        ("Updates", _letter(schema.UPDATES, "rag"), _letter(schema.UPDATES, "rag")),
        ("RAG", _letter(schema.RAG, "code"), _letter(schema.RAG, "status")),
    )
    for sheet, key_letter, last_letter in targets:
        ws = wb[sheet]
        cells = f"{key_letter}2:{last_letter}{EDIT_ROWS}"
        for rag in RAG_DISPLAY_ORDER:
            colour = colours[rag]
            text = f"UPPER(TRIM(${key_letter}2))"
            formula = f'OR({text}="{rag.code}",{text}="{rag.name}")'
            rule = FormulaRule(
                formula=[formula],
                fill=PatternFill(
                    fill_type="solid", start_color=f"FF{colour}", end_color=f"FF{colour}"
                ),
                font=Font(bold=True, color=f"FF{readable_font_colour(colour)}"),
                stopIfTrue=True,
            )
            ws.conditional_formatting.add(cells, rule)


def _about_rows() -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    for spec in SHEETS:
        status = "required sheet" if spec.required else "optional sheet"
        rows.append((spec.name, "", status, spec.about))
        for column in spec.columns:
            rows.append(("", column.header, "yes" if column.required else "", column.help))
        if spec is schema.REPORT:
            for name, required, text in schema.REPORT_FIELDS:
                rows.append(("", f"Field: {name}", "yes" if required else "", text))
    return rows


_ABOUT_NOTES = (
    "This workbook holds the action plan. The board pack (report and briefing) is built from it.",
    "Each sheet has its column headings in row 1; a * marks a column that must be filled in.",
    "Type one row per item below the headings. Blank rows are skipped.",
    "Columns may be moved. Extra columns (e.g. Note) are allowed and are not read.",
    "Dates: type 31/10/2019 (day first), 2019-10-31, 31-Oct-2019, 31 October 2019 or Oct 2019.",
    "Target: a date, a term (Spring term 2020), a school year (academic year 2019/20) or a "
    "season (Summer 2020); "
    "recurring: ongoing, weekly, fortnightly, monthly, bi-monthly, quarterly, termly, "
    "six-monthly, annually, or from a date onwards.",
    "Inside a cell, press Alt+Enter to start a new line; each line is a new paragraph.",
    "Drop-down lists offer RAG codes, Area ids, action Refs and measure settings.",
    "RAG: B = Blue (completed), G = Green, A = Amber, R = Red (needs Reason and Recovery).",
    "Report: the fields from Report number down make the members' update a committee report "
    "(cover, reasons, options, officers' comments, background papers).",
    "This About sheet is not read when the pack is built; you may delete it.",
)


def _write_about(ws: Worksheet) -> None:
    ws.cell(row=1, column=1, value="About this workbook").font = Font(bold=True, size=14)
    for offset, note in enumerate(_ABOUT_NOTES, start=2):
        ws.cell(row=offset, column=1, value=note)
    header_row = len(_ABOUT_NOTES) + 3
    columns = (
        Column("Sheet", False, "", 18),
        Column("Column", False, "", 26),
        Column("Required", False, "", 14),
        Column("What to type", False, "", 90),
    )
    fill = PatternFill(fill_type="solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = fill
        ws.column_dimensions[get_column_letter(index)].width = column.width
    for row_number, values in enumerate(_about_rows(), start=header_row + 1):
        for index, value in enumerate(values, start=1):
            if value:
                _set_value(ws, row_number, index, value, "text")
        if values[0]:
            for index in range(1, 5):
                ws.cell(row=row_number, column=index).font = Font(bold=True)
    ws.freeze_panes = f"A{header_row + 1}"


def _deterministic_zip(content: bytes) -> bytes:
    """The same archive with every entry stamped with :data:`FIXED_TIME`."""
    out = io.BytesIO()
    stamp = FIXED_TIME.timetuple()[:6]
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def build_master(
    data: SheetRows | None = None,
    *,
    report: Sequence[ReportRow] | None = None,
    extra_columns: Mapping[str, Sequence[str]] | None = None,
) -> Workbook:
    """The formatted master workbook as an openpyxl ``Workbook`` (see :func:`write_master`)."""
    data = data or {}
    extra_columns = extra_columns or {}
    names = {s.name for s in SHEETS}
    unknown = sorted((set(data) | set(extra_columns)) - names)
    if unknown:
        raise ValueError(f"no sheet named {', '.join(unknown)}; expected one of {sorted(names)}")
    wb = Workbook()
    about = wb.active
    assert about is not None
    about.title = ABOUT_SHEET
    _write_about(about)
    rag_rows = list(data.get(schema.RAG.name) or _default_rag_rows())
    for spec in SHEETS:
        ws = wb.create_sheet(spec.name)
        if spec is schema.REPORT:
            _write_report(ws, list(report) if report is not None else _default_report())
            continue
        columns = _columns_for(spec, extra_columns.get(spec.name, ()))
        _style_columns(ws, spec.name, columns)
        rows = rag_rows if spec is schema.RAG else data.get(spec.name, ())
        _write_rows(ws, spec, columns, rows)
        last = get_column_letter(len(columns))
        ws.auto_filter.ref = f"A1:{last}{max(len(rows), 1) + 1}"
    _add_choices(wb)
    _add_rag_colours(wb, _rag_colours(rag_rows))
    wb.active = 0
    wb.properties.creator = "boardpack"
    wb.properties.lastModifiedBy = "boardpack"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.title = "Action plan master workbook"
    return wb


def master_bytes(
    data: SheetRows | None = None,
    *,
    report: Sequence[ReportRow] | None = None,
    extra_columns: Mapping[str, Sequence[str]] | None = None,
) -> bytes:
    """The ``.xlsx`` file content; the same input always gives the same bytes."""
    wb = build_master(data, report=report, extra_columns=extra_columns)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()
    return _deterministic_zip(buffer.getvalue())


def write_master(
    path: Path,
    data: SheetRows | None = None,
    *,
    report: Sequence[ReportRow] | None = None,
    extra_columns: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Write a formatted master workbook to ``path``, replacing any file there.

    ``data`` maps a sheet name to its rows; each row maps a column header (without
    ``*``) to a value: text, a number or a date. With no data the sheets are empty,
    except ``RAG``, which holds the standard key. ``report`` gives the Report rows as
    ``(field, value)`` or ``(field, value, note)``; by default every known field with
    an empty value. ``extra_columns`` adds columns (such as ``Note``) after a sheet's
    own columns (Report gets a Note column from three-item rows instead). Raises
    ``ValueError`` for a sheet or column the contract does not have.
    """
    content = master_bytes(data, report=report, extra_columns=extra_columns)
    path.write_bytes(content)


def new_master(path: Path) -> None:
    """Write an empty master workbook for ``boardpack new-master PATH``.

    Raises :class:`UsageError` when ``path`` does not end in ``.xlsx``, when a file is
    already there (it is never overwritten) or when its folder does not exist.
    """
    if path.suffix.lower() != ".xlsx":
        raise UsageError(
            f"A master workbook must be an .xlsx file, got {path.name!r}; "
            f"try {path.with_suffix('.xlsx').name!r}"
        )
    if path.exists():
        raise UsageError(
            f"{path} already exists; new-master never overwrites a file. "
            "Choose another name or move the existing file first."
        )
    if not path.parent.is_dir():
        raise UsageError(f"Cannot write {path}: the folder {path.parent} does not exist")
    content = master_bytes()
    try:
        with path.open("xb") as handle:
            handle.write(content)
    except FileExistsError as error:
        raise UsageError(f"{path} already exists; new-master never overwrites a file.") from error
