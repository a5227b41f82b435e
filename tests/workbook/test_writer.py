"""The formatted master workbook written by ``new-master`` and ``write_master``."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from boardpack.model import DEFAULT_RAG_KEY, Rag
from boardpack.problems import UsageError
from boardpack.workbook.schema import REPORT_FIELDS, SHEETS, SheetSpec
from boardpack.workbook.writer import (
    ABOUT_SHEET,
    DATE_FORMAT,
    FIXED_TIME,
    master_bytes,
    new_master,
    readable_font_colour,
    write_master,
)


@pytest.fixture(scope="module")
def empty_master(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("new") / "master.xlsx"
    new_master(path)
    return openpyxl.load_workbook(path)


def header_row(ws: Worksheet) -> list[str]:
    return [str(c.value) for c in ws[1] if c.value is not None]


def validations(ws: Worksheet) -> dict[str, str]:
    """Cell range → list formula of each drop-down on the sheet."""
    return {str(dv.sqref): str(dv.formula1) for dv in ws.data_validations.dataValidation}


@pytest.mark.parametrize("spec", SHEETS, ids=[s.name for s in SHEETS])
def test_new_master_has_every_sheet_and_header_of_the_schema(
    empty_master: openpyxl.Workbook, spec: SheetSpec
) -> None:
    expected = [c.header + ("*" if c.required else "") for c in spec.columns]
    assert header_row(empty_master[spec.name])[: len(expected)] == expected


@pytest.mark.parametrize("spec", SHEETS, ids=[s.name for s in SHEETS])
def test_headers_are_bold_filled_frozen_and_sized(
    empty_master: openpyxl.Workbook, spec: SheetSpec
) -> None:
    ws = empty_master[spec.name]
    assert ws.freeze_panes == "A2"
    for index, column in enumerate(spec.columns, start=1):
        cell = ws.cell(row=1, column=index)
        assert cell.font.bold
        assert cell.fill.fill_type == "solid"
        assert ws.column_dimensions[cell.column_letter].width == column.width


def test_about_sheet_comes_first_and_explains_every_sheet_and_column(
    empty_master: openpyxl.Workbook,
) -> None:
    assert empty_master.sheetnames[0] == ABOUT_SHEET
    text = [
        str(v) for row in empty_master[ABOUT_SHEET].iter_rows(values_only=True) for v in row if v
    ]
    for spec in SHEETS:
        assert spec.name in text
        assert spec.about in text
        for column in spec.columns:
            assert column.help in text, f"{spec.name}.{column.header} is not explained"


@pytest.mark.parametrize(
    ("sheet", "cells", "formula"),
    [
        ("Updates", "C2:C2000", '"B,G,A,R"'),
        ("Updates", "B2:B2000", "Actions!$A$2:$A$2000"),
        ("Actions", "B2:B2000", "Areas!$A$2:$A$500"),
        ("Measures", "C2:C2000", '"%,number,days"'),
        ("Measures", "D2:D2000", '"higher,lower"'),
        ("Measure values", "C2:C2000", '"Baseline,Actual,Target"'),
        ("Measure values", "A2:A2000", "Measures!$A$2:$A$500"),
        ("RAG", "A2:A2000", '"B,G,A,R"'),
    ],
    ids=["rag", "update-ref", "action-area", "unit", "better", "kind", "measure", "rag-code"],
)
def test_drop_downs_offer_the_contract_lists(
    empty_master: openpyxl.Workbook, sheet: str, cells: str, formula: str
) -> None:
    assert validations(empty_master[sheet]).get(cells) == formula


@pytest.mark.parametrize(
    ("sheet", "cells"), [("Updates", "C2:C2000"), ("RAG", "A2:B2000")], ids=["updates", "key"]
)
def test_rag_cells_are_filled_with_their_colour_for_codes_and_words(
    empty_master: openpyxl.Workbook, sheet: str, cells: str
) -> None:
    formatting = empty_master[sheet].conditional_formatting
    rules = [rule for entry in formatting for rule in entry.rules if str(entry.sqref) == cells]
    assert len(rules) == 4
    for rag in Rag:
        colour = DEFAULT_RAG_KEY[rag].colour
        rule = next(r for r in rules if f'"{rag.code}"' in r.formula[0])
        assert f'"{rag.name}"' in rule.formula[0]
        assert str(rule.dxf.fill.fgColor.rgb).endswith(colour)
        assert str(rule.dxf.font.color.rgb).endswith(readable_font_colour(colour))


def test_rag_sheet_holds_the_standard_key(empty_master: openpyxl.Workbook) -> None:
    rows = list(empty_master["RAG"].iter_rows(min_row=2, values_only=True))
    assert {row[0]: (row[1], row[2], row[3]) for row in rows} == {
        rag.code: (rag.word, entry.meaning, entry.colour) for rag, entry in DEFAULT_RAG_KEY.items()
    }


def test_report_sheet_lists_every_known_field_with_help(empty_master: openpyxl.Workbook) -> None:
    ws = empty_master["Report"]
    assert header_row(ws) == ["Field*", "Value*", "Help"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == [name for name, _, _ in REPORT_FIELDS]
    assert all(row[1] is None and row[2] for row in rows)


def test_other_data_sheets_are_empty(empty_master: openpyxl.Workbook) -> None:
    for name in ("Areas", "Actions", "Updates", "Measures", "Measure values", "Glossary"):
        assert empty_master[name].max_row == 1, name


@pytest.mark.parametrize(
    ("sheet", "column", "number_format"),
    [
        ("Actions", "A", "@"),
        ("Actions", "B", "@"),
        ("Areas", "A", "@"),
        ("Updates", "B", "@"),
        ("Updates", "A", DATE_FORMAT),
        ("Updates", "G", DATE_FORMAT),
        ("Actions", "E", DATE_FORMAT),
        ("Measure values", "B", DATE_FORMAT),
    ],
)
def test_empty_columns_carry_text_and_date_formats_for_typing(
    empty_master: openpyxl.Workbook, sheet: str, column: str, number_format: str
) -> None:
    assert empty_master[sheet].column_dimensions[column].number_format == number_format


def test_text_columns_wrap_and_align_to_the_top(empty_master: openpyxl.Workbook) -> None:
    alignment = empty_master["Updates"].column_dimensions["D"].alignment
    assert alignment.wrap_text and alignment.vertical == "top"


def test_properties_are_fixed_so_the_file_is_reproducible(
    empty_master: openpyxl.Workbook,
) -> None:
    assert empty_master.properties.creator == "boardpack"
    assert empty_master.properties.created == FIXED_TIME
    assert empty_master.properties.modified == FIXED_TIME
    assert master_bytes() == master_bytes()


def test_new_master_refuses_to_overwrite_a_file(tmp_path: Path) -> None:
    path = tmp_path / "master.xlsx"
    path.write_bytes(b"officer's work")
    with pytest.raises(UsageError, match="already exists"):
        new_master(path)
    assert path.read_bytes() == b"officer's work"


@pytest.mark.parametrize("name", ["master.xls", "master.csv", "master", "master.xlsm"])
def test_new_master_refuses_a_name_that_is_not_xlsx(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError, match=r"\.xlsx"):
        new_master(tmp_path / name)
    assert not (tmp_path / name).exists()


def test_new_master_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        new_master(tmp_path / "nowhere" / "master.xlsx")


def test_new_master_accepts_an_upper_case_suffix(tmp_path: Path) -> None:
    path = tmp_path / "MASTER.XLSX"
    new_master(path)
    assert openpyxl.load_workbook(path).sheetnames[1:] == [s.name for s in SHEETS]


def test_write_master_keeps_refs_as_text_dates_as_dates_and_adds_extra_columns(
    tmp_path: Path,
) -> None:
    path = tmp_path / "master.xlsx"
    write_master(
        path,
        {
            "Areas": [{"Area": "1", "Title": "Assessments", "Note": "added"}],
            "Updates": [
                {"Period": date(2019, 10, 31), "Ref": "1.10", "RAG": "A", "Progress": "=late"}
            ],
        },
        report=[
            ("Organisation", "Haringey Council", "from the plan"),
            ("As at", date(2019, 10, 31)),
        ],
        extra_columns={"Areas": ["Note"]},
    )
    wb = openpyxl.load_workbook(path)
    assert header_row(wb["Areas"]) == ["Area*", "Title*", "Outcomes", "Lead", "Summary", "Note"]
    assert wb["Areas"]["F2"].value == "added"
    updates = wb["Updates"]
    assert updates["B2"].value == "1.10"
    assert updates["B2"].number_format == "@"
    assert updates["A2"].value == datetime(2019, 10, 31)
    assert updates["A2"].number_format == DATE_FORMAT
    assert updates["D2"].value == "=late"
    assert updates["D2"].data_type == "s"
    report = wb["Report"]
    assert header_row(report) == ["Field*", "Value*", "Help", "Note"]
    assert [c.value for c in report[2]] == [
        "Organisation",
        "Haringey Council",
        "Required. e.g. Haringey Council",
        "from the plan",
    ]
    assert report["B3"].value == datetime(2019, 10, 31)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"Areas": [{"Area": "1", "Colour": "red"}]}, "Areas has no column 'Colour'"),
        ({"Sheet9": []}, "no sheet named Sheet9"),
    ],
    ids=["unknown-column", "unknown-sheet"],
)
def test_write_master_rejects_what_the_contract_does_not_have(
    tmp_path: Path, data: dict[str, list[dict[str, object]]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        write_master(tmp_path / "master.xlsx", data)


def test_a_custom_rag_colour_is_used_for_the_cell_colours(tmp_path: Path) -> None:
    path = tmp_path / "master.xlsx"
    rows: list[dict[str, object]] = [
        {"Code": "R", "Status": "Red", "Meaning": "Off track", "Colour": "ff0000"}
    ]
    write_master(path, {"RAG": rows})
    formatting = openpyxl.load_workbook(path)["Updates"].conditional_formatting
    red = next(r for e in formatting for r in e.rules if '"R"' in r.formula[0])
    assert str(red.dxf.fill.fgColor.rgb).endswith("FF0000")


@pytest.mark.parametrize(
    ("fill", "font"),
    [("C00000", "FFFFFF"), ("FFC000", "000000"), ("00B050", "000000"), ("0070C0", "FFFFFF")],
    ids=["red", "amber", "green", "blue"],
)
def test_font_colour_is_the_more_readable_of_black_and_white(fill: str, font: str) -> None:
    assert readable_font_colour(fill) == font
