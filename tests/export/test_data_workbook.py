"""pack-data.xlsx, opened with openpyxl: sheets, frozen headers, filters, fills, real values."""

from __future__ import annotations

import hashlib
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from boardpack.charts.style import contrast_ratio
from boardpack.export.columns import MEANINGS, TABLES, UNDESCRIBED
from boardpack.model import DEFAULT_RAG_KEY

from .conftest import EXAMPLE_MASTER

RAG_FILLS = {entry.rag.word: entry.colour for entry in DEFAULT_RAG_KEY.values()}


@pytest.fixture(scope="module")
def book(exported: Path) -> Workbook:
    return load_workbook(exported / "pack-data.xlsx")


def header(sheet: Any) -> list[str]:
    return [cell.value for cell in sheet[1]]


def column(sheet: Any, name: str) -> list[Any]:
    index = header(sheet).index(name)
    return [row[index] for row in sheet.iter_rows(min_row=2)]


def test_the_tables_are_sheets_followed_by_about(book: Workbook) -> None:
    assert book.sheetnames == [*TABLES, "About"]


@pytest.mark.parametrize("name", list(TABLES))
def test_each_sheet_has_a_frozen_filtered_header_row(book: Workbook, name: str) -> None:
    sheet = book[name]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions
    assert sheet.auto_filter.ref.startswith("A1:")
    assert all(cell.font.bold for cell in sheet[1])
    assert sorted(header(sheet)) == sorted(MEANINGS[name])


@pytest.mark.parametrize("name", list(TABLES))
def test_sheets_hold_the_same_rows_as_the_csv_files(
    book: Workbook, exported: Path, name: str
) -> None:
    csv = pd.read_csv(exported / f"{name}.csv", dtype=str)
    assert book[name].max_row - 1 == len(csv)
    assert header(book[name]) == list(csv.columns)


def test_rag_cells_are_filled_in_their_colours_with_the_word_kept(book: Workbook) -> None:
    checked = 0
    for name, columns in (
        ("actions", ("rag", "previous_rag", "suggested_rag")),
        ("updates", ("rag",)),
        ("areas", ("rag", "previous_rag")),
    ):
        for cell in (c for col in columns for c in column(book[name], col)):
            if cell.value is None:
                continue
            fill = RAG_FILLS[cell.value]
            assert cell.fill.fill_type == "solid"
            assert cell.font.name == "Calibri"
            assert cell.fill.fgColor.rgb[-6:] == fill
            text = cell.font.color.rgb[-6:]
            assert contrast_ratio(f"#{text}", f"#{fill}") >= 4.5, (cell.coordinate, text, fill)
            checked += 1
    assert checked > 200


def test_dates_and_numbers_are_real_values_not_text(book: Workbook) -> None:
    actions = book["actions"]
    dues = [c for c in column(actions, "due") if c.value is not None]
    assert dues and all(isinstance(c.value, datetime) for c in dues)
    assert all(c.number_format == "YYYY-MM-DD" for c in dues)
    assert all(isinstance(c.value, bool) for c in column(actions, "overdue"))
    assert all(type(c.value) is int for c in column(actions, "days_overdue"))
    values = column(book["measure-values"], "value")
    assert all(isinstance(c.value, (int, float)) for c in values)
    periods = column(book["updates"], "period")
    dates = {c.value.date().isoformat() for c in periods}
    assert dates == {"2019-03-31", "2019-06-30", "2019-10-31"}


def test_refs_are_kept_as_text_so_1_10_is_not_1_1(book: Workbook) -> None:
    refs = [c.value for c in column(book["actions"], "ref")]
    assert "1.10" in refs and "1.1" in refs
    assert all(isinstance(ref, str) for ref in refs)


def test_no_cell_holds_a_formula(book: Workbook) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert not any(cell.data_type == "f" for cell in row), sheet.title


@pytest.mark.parametrize("name", list(TABLES))
def test_columns_are_wide_enough_to_read_and_no_wider_than_a_screen(
    book: Workbook, name: str
) -> None:
    sheet = book[name]
    for cell in sheet[1]:
        width = sheet.column_dimensions[cell.column_letter].width
        assert len(str(cell.value)) < width <= 60, (name, cell.value, width)


def test_about_names_the_master_by_its_sha256_and_the_as_at_date(book: Workbook) -> None:
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True) if row[0]}
    assert about["Master SHA-256"] == hashlib.sha256(EXAMPLE_MASTER.read_bytes()).hexdigest()
    assert about["As at"] == "2019-10-31"
    assert about["Master workbook"] == "master.xlsx"


def test_about_says_what_every_column_means(book: Workbook) -> None:
    rows = list(book["About"].iter_rows(values_only=True))
    heading = ("sheet", "column", "type", "meaning")
    start = next(i for i, row in enumerate(rows) if row[:4] == heading)
    described = {(r[0], r[1]): r[3] for r in rows[start + 1 :] if r[1]}
    for name in TABLES:
        for heading in header(book[name]):
            assert described[(name, heading)] not in (None, "", UNDESCRIBED), (name, heading)


def test_the_file_is_dated_from_the_as_at_date_not_the_clock(exported: Path) -> None:
    with zipfile.ZipFile(exported / "pack-data.xlsx") as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode()
    assert core.count("2019-10-31T00:00:00Z") == 2


def test_rag_by_area_and_period_pivots_to_the_packs_counts(
    exported: Path, pack: dict[str, Any]
) -> None:
    updates = pd.read_excel(
        exported / "pack-data.xlsx", sheet_name="updates", dtype={"ref": str, "area": str}
    )
    assert updates["period"].dtype == "datetime64[ns]"
    table = updates.pivot_table(
        index="period", columns="rag", values="ref", aggfunc="count", fill_value=0
    )
    for expected in pack["periods"]:
        row = table.loc[pd.Timestamp(expected["period"])]
        assert {word: int(row.get(word, 0)) for word in expected["counts"]} == expected["counts"]
    by_area = updates[updates["period"] == pd.Timestamp(pack["period"])].groupby("area")["rag"]
    for area in pack["areas"]:
        counts = by_area.value_counts()[area["area"]].to_dict()
        assert {w: counts.get(w, 0) for w in area["counts"]} == area["counts"]
