"""The streaming cell reader reads every cell as openpyxl does, value and number format."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from boardpack.workbook.safety import inspect_package
from boardpack.workbook.xlsx import (
    Workbook,
    column_letter,
    column_number,
    from_serial,
    is_date_format,
    range_bounds,
    split_coordinate,
)

ROOT = Path(__file__).resolve().parents[2]
SHEET = "xl/worksheets/sheet1.xml"


def ours(path: Path) -> dict[str, list[list[tuple[object, str]]]]:
    """Every row of every sheet as (value, number format) pairs, read by ``xlsx``."""
    package = inspect_package(path)
    book = Workbook(
        path,
        package.workbook_part,
        package.sheet_parts,
        package.shared_strings_part,
        package.styles_part,
    )
    try:
        return {
            sheet.title: [[(c.value, c.number_format) for c in row] for row in sheet.iter_rows()]
            for sheet in book.worksheets
        }
    finally:
        book.close()


def theirs(path: Path) -> dict[str, list[list[tuple[object, str]]]]:
    """The same, read by openpyxl in read-only mode with saved values."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        result = {}
        for sheet in book.worksheets:
            sheet.reset_dimensions()
            result[sheet.title] = [
                [(c.value, c.number_format if c.value is not None else "General") for c in row]
                for row in sheet.iter_rows()
            ]
        return result
    finally:
        book.close()


def assert_same_cells(path: Path) -> None:
    mine, reference = ours(path), theirs(path)
    assert list(mine) == list(reference)
    for title in reference:
        assert len(mine[title]) == len(reference[title]), title
        for number, (row, expected) in enumerate(
            zip(mine[title], reference[title], strict=True), start=1
        ):
            values = [(v, f if v is not None else "General") for v, f in row]
            assert values == expected, f"{title} row {number}"


def write(path: Path, rows: list[list[object]], edit: Any = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(row)
    if edit:
        edit(book)
    book.save(path)
    return path


def rewrite(path: Path, part: str, change: Any) -> Path:
    """The workbook with one part's XML changed."""
    with zipfile.ZipFile(path) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    entries[part] = change(entries[part])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries.items():
            target.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def test_the_embedded_example_reads_as_openpyxl_reads_it():
    assert_same_cells(ROOT / "inputs" / "master.xlsx")


def test_every_kind_of_value_and_format_reads_as_openpyxl_reads_it(tmp_path: Path):
    def formats(book: Any) -> None:
        sheet = book["Data"]
        for cell, code in (
            ("A3", "0%"),
            ("B3", "0.00"),
            ("C3", "dd/mm/yyyy"),
            ("D3", "[h]:mm:ss"),
            ("E3", 'd "days"'),
            ("F3", '"Week" 0'),
            ("G3", "[$-809]dd mmmm yyyy;@"),
            ("H3", "[Red]0.0"),
        ):
            sheet[cell].number_format = code
        sheet["A4"] = CellRichText(["plain ", TextBlock(InlineFont(b=True), "bold"), " end"])
        sheet["B4"] = "=1+1"
        sheet.merge_cells("C4:D4")

    rows: list[list[object]] = [
        ["Text", "Int", "Float", "Date", "Datetime", "Time", "Bool", "Empty"],
        ["a\nb", 7, 1.10, date(2019, 10, 31), datetime(2019, 1, 2, 3, 4, 5), time(9, 30), True],
        [0.47, 1.1, 43769, 1.5, 12, 3, 45000, 2.25],
        [],
        [None, None, None, "after a blank row", None, "  spaced  ", False, "_x000B_"],
    ]
    assert_same_cells(write(tmp_path / "kinds.xlsx", rows, formats))


def test_a_workbook_dated_from_1904_reads_its_dates_as_openpyxl_does(tmp_path: Path):
    def mac(book: Any) -> None:
        book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904

    path = write(tmp_path / "mac.xlsx", [["When"], [date(2019, 10, 31)]], mac)
    assert_same_cells(path)
    assert ours(path)["Data"][1][0][0] == datetime(2019, 10, 31)


def test_inline_strings_error_codes_and_iso_dates_read_as_openpyxl_reads_them(tmp_path: Path):
    path = write(tmp_path / "raw.xlsx", [["x"], ["placeholder"]])

    def cells(xml: bytes) -> bytes:
        return re.sub(
            rb"<row r=\"2\".*?</row>",
            b'<row r="2"><c r="A2" t="inlineStr"><is><t>inline</t><r><t> run</t></r>'
            b'<rPh sb="0" eb="1"><t>guide</t></rPh></is></c><c r="C2" t="e"><v>#N/A</v></c>'
            b'<c r="D2" t="d"><v>2019-10-31T00:00:00</v></c><c r="E2" t="str"><v>text</v></c>'
            b'<c r="F2" t="b"><v>0</v></c><c r="G2"><v>1E3</v></c></row>'
            b'<row><c><v>5</v></c><c t="str"><v>no refs</v></c></row>'
            b'<row r="7"><c r="B7"><v></v></c></row>',
            xml,
            flags=re.DOTALL,
        )

    assert_same_cells(rewrite(path, SHEET, cells))
    row = ours(path)["Data"][1]
    assert [value for value, _ in row] == [
        "inline run",
        None,
        "#N/A",
        datetime(2019, 10, 31),
        "text",
        False,
        1000.0,
    ]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.none(),
                st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
                st.integers(min_value=-(10**12), max_value=10**12),
                st.floats(allow_nan=False, allow_infinity=False, width=32),
                st.booleans(),
                st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31)),
            ),
            max_size=8,
        ),
        max_size=12,
    )
)
def test_arbitrary_cells_read_as_openpyxl_reads_them(tmp_path: Path, rows: list[list[object]]):
    assert_same_cells(write(tmp_path / "any.xlsx", rows))


def test_rows_are_padded_to_the_asked_width_and_gaps_come_as_empty_rows(tmp_path: Path):
    path = write(tmp_path / "gaps.xlsx", [["a", "b", "c"], [], [], ["x"]])
    package = inspect_package(path)
    book = Workbook(
        path,
        package.workbook_part,
        package.sheet_parts,
        package.shared_strings_part,
        package.styles_part,
    )
    try:
        (sheet,) = book.worksheets
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_col=3)]
        header = [c.coordinate for c in next(sheet.iter_rows(max_row=1))]
    finally:
        book.close()
    assert rows == [[None, None, None], [None, None, None], ["x", None, None]]
    assert header == ["A1", "B1", "C1"]


@pytest.mark.parametrize(
    ("letters", "number"), [("A", 1), ("Z", 26), ("AA", 27), ("AZ", 52), ("XFD", 16384)]
)
def test_column_letters_and_numbers_convert_both_ways(letters: str, number: int):
    assert column_number(letters) == number
    assert column_letter(number) == letters


def test_cell_references_and_ranges_are_read_as_rows_and_columns():
    assert split_coordinate("C14") == (14, 3)
    assert split_coordinate("$AB$2") == (2, 28)
    assert range_bounds("B3:A2") == (2, 3, 1, 2)
    assert range_bounds("D4") == (4, 4, 4, 4)
    with pytest.raises(ValueError, match="expected a cell reference such as C14, found 'C'"):
        split_coordinate("C")


@pytest.mark.parametrize(
    ("code", "is_date"),
    [
        ("General", False),
        ("0%", False),
        ("dd/mm/yyyy", True),
        ("[$-809]dd mmmm yyyy;@", True),
        ('"Week" 0', False),
        ("[Red]0.0", False),
        ("h:mm", True),
        ("0.00_);[Red](0.00)", False),
    ],
)
def test_date_formats_are_told_from_number_formats(code: str, is_date: bool):
    assert is_date_format(code) is is_date


def test_serial_numbers_count_from_the_epoch_with_excels_1900_leap_day():
    windows = datetime(1899, 12, 30)
    assert from_serial(43769, windows) == datetime(2019, 10, 31)
    assert from_serial(59, windows) == datetime(1900, 2, 28)
    assert from_serial(61, windows) == datetime(1900, 3, 1)
    assert from_serial(0.5, windows) == time(12, 0)
    assert from_serial(1.5, windows, duration=True) == timedelta(days=1, hours=12)
