"""``pack-data.xlsx``: the tables as sheets, made for Excel users, the same bytes every time.

Each sheet has a frozen header row with filters, real dates and numbers, columns
wide enough to read, and RAG cells filled in the plan's colours with the word kept
(in black or white, whichever contrasts more). No cell holds a formula. The
``About`` sheet says where the data came from and what every column means.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime

import pandas as pd
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from boardpack.charts.style import text_colour_on
from boardpack.export.columns import TABLES, TYPES, meaning
from boardpack.export.tables import Kind, Table
from boardpack.export.text import looks_like_formula
from boardpack.workbook.writer import excel_text

ABOUT_SHEET = "About"
DATE_FORMAT = "YYYY-MM-DD"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
#: widths in characters: dates and flags need little room, long text is capped
MIN_WIDTH, MAX_WIDTH = 8, 60
_WIDTHS: dict[Kind, int] = {"date": 12, "bool": 9}
#: the workbook's own font: a font given only a colour or weight would fall back to another
FONT = {"name": "Calibri", "size": 11}
_HEADER_FONT = Font(**FONT, bold=True)
_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def workbook_bytes(
    tables: Sequence[Table],
    about: Sequence[tuple[str, str]],
    rag_colours: Mapping[str, str],
    *,
    dated: date,
) -> bytes:
    """The workbook: one sheet per table, then ``About``; dated ``dated`` inside the file.

    ``about`` is the (item, value) lines at the top of the About sheet; ``rag_colours``
    maps each RAG word to its fill, six hex digits.
    """
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for table in tables:
            table.frame.to_excel(writer, sheet_name=table.name, index=False, na_rep="")
            _dress(writer.sheets[table.name], table, rag_colours)
        _about(writer.book.create_sheet(ABOUT_SHEET), tables, about)
        stamp = datetime(dated.year, dated.month, dated.day)
        writer.book.properties.creator = "boardpack"
        writer.book.properties.created = stamp
    return _fixed(buffer.getvalue(), stamp)


def _dress(sheet: Worksheet, table: Table, rag_colours: Mapping[str, str]) -> None:
    """Header frozen and filtered, RAG fills, text kept as text, widths to fit."""
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    fills = {
        word: (PatternFill("solid", fgColor=colour), Font(**FONT, color=text_colour_on(colour)[1:]))
        for word, colour in rag_colours.items()
    }
    for index, name in enumerate(table.frame.columns, start=1):
        kind = table.kinds[name]
        header = sheet.cell(row=1, column=index)
        header.font = _HEADER_FONT
        header.alignment = Alignment(horizontal="left", vertical="top")
        for row in range(2, sheet.max_row + 1):
            cell = sheet.cell(row=row, column=index)
            _keep_text(cell)
            if kind == "date" and cell.value is not None:
                # set here: pandas' openpyxl writer does not pass its date formats on
                cell.number_format = DATE_FORMAT
            if kind == "rag" and cell.value in fills:
                cell.fill, cell.font = fills[str(cell.value)]
        width = _WIDTHS.get(kind) or _text_width(name, table.frame[name])
        sheet.column_dimensions[get_column_letter(index)].width = max(len(name) + 2, width)


def _keep_text(cell: Cell) -> None:
    """Store a string as the very text (never a formula, even when it starts like one).

    Characters Excel would read as an escape (``_x0041_``) are escaped in turn.
    """
    if isinstance(cell.value, str):
        cell.value = excel_text(cell.value)
        if looks_like_formula(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def _text_width(name: str, values: pd.Series) -> int:
    """Wide enough for the longest first line of text in the column, within limits."""
    lengths = [len(str(v).split("\n", 1)[0]) for v in values if v is not None and v == v]
    return max(MIN_WIDTH, min(MAX_WIDTH, max([len(name), *lengths]) + 2))


def _about(sheet: Worksheet, tables: Sequence[Table], about: Sequence[tuple[str, str]]) -> None:
    """Where the data came from, then a table of every sheet's columns and their meanings."""
    sheet.append(["About this data"])
    sheet["A1"].font = Font(name=FONT["name"], bold=True, size=14)
    for item, value in about:
        sheet.append([item, value])
    sheet.append([])
    sheet.append(["sheet", "column", "type", "meaning"])
    header = sheet.max_row
    for cell in sheet[header]:
        cell.font = _HEADER_FONT
    for table in tables:
        what = TABLES[table.name]
        sheet.append([table.name, "", "", what[0].upper() + what[1:] + "."])
        for name, kind in table.kinds.items():
            sheet.append([table.name, name, TYPES[kind], meaning(table.name, name)])
    for row in sheet.iter_rows():
        for cell in row:
            _keep_text(cell)
    sheet.freeze_panes = f"A{header + 1}"
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 10
    sheet.column_dimensions["D"].width = 100


def _fixed(data: bytes, stamp: datetime) -> bytes:
    """The same package with every entry dated 1980-01-01 and the document dated ``stamp``."""
    moment = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = _CORE_TIMES.sub(rb"\g<1>" + moment + rb"\g<3>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content, compresslevel=6)
    return out.getvalue()
