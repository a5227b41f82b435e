"""``new-period``: one new Updates row per action, with nothing else in the workbook lost."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

from boardpack.dates import as_date
from boardpack.problems import BoardpackError, InputError, UsageError
from boardpack.workbook import period as period_module
from boardpack.workbook.period import start_new_period
from boardpack.workbook.reader import read_master
from boardpack.workbook.schema import normalise_header, normalise_sheet_name

NEW_PERIOD = date(2020, 1, 31)
STAMP = "20200201-090000"
REAL_MASTER = Path(__file__).resolve().parents[2] / "inputs" / "master.xlsx"

# Updates columns deliberately out of the contract's order, with a trailing '*'.
UPDATE_HEADERS = [
    "Ref*",
    "Period*",
    "RAG*",
    "Progress*",
    "Reason",
    "Recovery",
    "Revised due",
    "Note",
]
UPDATE_ROWS = [
    ["1.2", datetime(2019, 6, 30), "A", "Started", None, "Recruiting", None, "illustrative"],
    ["1.10", datetime(2019, 6, 30), "G", "Planned", None, None, None, None],
    [2.1, datetime(2019, 6, 30), "G", "On track", None, None, None, None],
    ["1.2", datetime(2019, 10, 31), "R", "Stalled", "No staff", "Agency cover", None, None],
    [2.1, datetime(2019, 10, 31), "B", "Done", None, None, datetime(2019, 9, 30), None],
]
LAST_ROW = len(UPDATE_ROWS) + 1


def _build_master(path: Path, *, as_at: date | None = None) -> Path:
    """A small master workbook with the formatting an officer's copy tends to have."""
    book = openpyxl.Workbook()
    report = book.active
    report.title = "Report"
    report.append(["Field*", "Value*"])
    report.append(["Organisation", "Haringey Council"])
    report.append(["Title", "Action plan update"])
    if as_at:
        report.append(["As at", as_at])

    areas = book.create_sheet("Areas")
    areas.append(["Area*", "Title*"])
    areas.append(["1", "Leadership"])
    areas.append(["2", "Practice"])

    actions = book.create_sheet(" actions ")  # found case-insensitively, spaces ignored
    actions.append(["Area*", "Ref*", "Action*", "Target*"])
    actions.append(["1", "1.10", "Audit", "Dec 2019"])
    actions.append(["1", "1.2", "Recruit", "March 2020"])
    actions.append([None, None, None, None])
    actions.append(["2", 2.1, "Train", "Sept 2019"])
    actions.append(["2", "2.2", "Review", "2020"])
    actions.column_dimensions["C"].width = 70

    updates = book.create_sheet("Updates")
    updates.append(UPDATE_HEADERS)
    for values in UPDATE_ROWS:
        updates.append(values)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for row in updates.iter_rows(min_row=2):
        for cell in row:
            cell.fill = fill
        row[1].number_format = "dd/mm/yyyy"
    updates.cell(LAST_ROW, 4).font = Font(italic=True)
    rag_list = DataValidation(type="list", formula1='"B,G,A,R"', allow_blank=False)
    rag_list.add(f"C2:C{LAST_ROW}")
    updates.add_data_validation(rag_list)
    updates.conditional_formatting.add(
        f"C2:C{LAST_ROW}",
        CellIsRule(operator="equal", formula=['"R"'], fill=PatternFill("solid", fgColor="C00000")),
    )
    updates.column_dimensions["D"].width = 60
    updates.freeze_panes = "A2"

    notes = book.create_sheet("Officer notes")
    notes["A1"] = "Remember to check the Red actions with the lead officer."
    notes.column_dimensions["A"].width = 90
    book.defined_names["RagCodes"] = DefinedName("RagCodes", attr_text="Updates!$C$2:$C$6")
    book.save(path)
    return path


@pytest.fixture
def master(tmp_path: Path) -> Path:
    return _build_master(tmp_path / "master.xlsx")


def _values(path: Path) -> dict[str, dict[str, object]]:
    """Every non-empty cell of every sheet: sheet → coordinate → value."""
    book = openpyxl.load_workbook(path)
    return {
        sheet.title: {
            cell.coordinate: cell.value
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        }
        for sheet in book.worksheets
    }


def _new_rows(path: Path) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path)["Updates"]
    return [list(row) for row in sheet.iter_rows(min_row=LAST_ROW + 1, values_only=True)]


def test_adds_one_row_per_action_in_natural_ref_order(master: Path) -> None:
    result = start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)

    rows = _new_rows(master)
    assert result.rows_added == 4
    assert [row[0] for row in rows] == ["1.2", "1.10", 2.1, "2.2"]
    assert all(row[1] == datetime(2020, 1, 31) for row in rows)
    assert result.previous_period == date(2019, 10, 31)
    assert result.period == NEW_PERIOD


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        pytest.param(
            0,
            ["R", "Stalled", "No staff", "Agency cover", None],
            id="latest-of-two-periods-with-exception-text",
        ),
        pytest.param(1, ["G", "Planned", None, None, None], id="latest-is-an-earlier-period"),
        pytest.param(2, ["B", "Done", None, None, datetime(2019, 9, 30)], id="revised-due"),
        pytest.param(3, [None, None, None, None, None], id="no-earlier-update"),
    ],
)
def test_new_rows_copy_each_actions_latest_update(
    master: Path, index: int, expected: list[object]
) -> None:
    start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)

    assert _new_rows(master)[index][2:7] == expected


def test_note_column_says_where_each_row_was_copied_from(master: Path) -> None:
    start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)

    assert [row[7] for row in _new_rows(master)] == [
        "Copied from 31 October 2019: update before publishing",
        "Copied from 30 June 2019: update before publishing",
        "Copied from 31 October 2019: update before publishing",
        "No earlier update: fill in before publishing",
    ]


def test_a_first_period_adds_rows_to_fill_in(master: Path) -> None:
    book = openpyxl.load_workbook(master)
    book["Updates"].delete_rows(2, len(UPDATE_ROWS))
    book.save(master)

    result = start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)

    assert result.previous_period is None
    assert "copied from" not in result.describe()
    sheet = openpyxl.load_workbook(master)["Updates"]
    rows = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows == [
        [ref, datetime(2020, 1, 31), None, None, None, None, None, note]
        for ref, note in [
            ("1.2", "No earlier update: fill in before publishing"),
            ("1.10", "No earlier update: fill in before publishing"),
            (2.1, "No earlier update: fill in before publishing"),
            ("2.2", "No earlier update: fill in before publishing"),
        ]
    ]
    assert sheet["B2"].number_format == "dd/mm/yyyy"


def test_keeps_every_existing_sheet_and_cell_value(master: Path, tmp_path: Path) -> None:
    original = shutil.copy(master, tmp_path / "original.xlsx")
    before = _values(Path(original))

    start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)

    after = _values(master)
    assert list(after) == list(before)
    for sheet, cells in before.items():
        assert {coord: after[sheet].get(coord) for coord in cells} == cells, sheet


def test_keeps_widths_frozen_panes_and_defined_names(master: Path) -> None:
    start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)

    book = openpyxl.load_workbook(master)
    assert book["Updates"].column_dimensions["D"].width == 60
    assert book[" actions "].column_dimensions["C"].width == 70
    assert book["Officer notes"].column_dimensions["A"].width == 90
    assert book["Updates"].freeze_panes == "A2"
    assert book.defined_names["RagCodes"].attr_text == "Updates!$C$2:$C$6"


def test_extends_validation_and_conditional_format_to_the_new_rows(master: Path) -> None:
    start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)

    sheet = openpyxl.load_workbook(master)["Updates"]
    new_rags = f"C{LAST_ROW + 1}:C{LAST_ROW + 4}"
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"B,G,A,R"'
    assert new_rags in validation.sqref
    assert "C2" in validation.sqref
    (block,) = list(sheet.conditional_formatting)
    assert new_rags in block.sqref
    assert [rule.formula for rule in block.rules] == [['"R"']]


def test_new_cells_take_the_style_of_the_last_row(master: Path) -> None:
    start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)

    sheet = openpyxl.load_workbook(master)["Updates"]
    for row in range(LAST_ROW + 1, LAST_ROW + 5):
        assert sheet.cell(row, 1).fill.fgColor.rgb == "00DDEBF7"
        assert sheet.cell(row, 2).number_format == "dd/mm/yyyy"
        assert sheet.cell(row, 4).font.italic is True


def test_carries_formulas_down_and_extends_an_excel_table(master: Path) -> None:
    book = openpyxl.load_workbook(master)
    sheet = book["Updates"]
    sheet["I1"] = "Progress length"
    for row in range(2, LAST_ROW + 1):
        sheet[f"I{row}"] = f"=LEN(D{row})"
    sheet.add_table(Table(displayName="UpdatesTable", ref=f"A1:I{LAST_ROW}"))
    book.save(master)

    start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)

    sheet = openpyxl.load_workbook(master)["Updates"]
    assert sheet[f"I{LAST_ROW + 1}"].value == f"=LEN(D{LAST_ROW + 1})"
    assert sheet[f"I{LAST_ROW + 4}"].value == f"=LEN(D{LAST_ROW + 4})"
    assert sheet.tables["UpdatesTable"].ref == f"A1:I{LAST_ROW + 4}"


def test_writes_an_exact_backup_of_the_original_first(master: Path) -> None:
    original = master.read_bytes()

    result = start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)

    assert result.backup == master.with_name(f"master.backup-{STAMP}.xlsx")
    assert result.backup.read_bytes() == original
    assert master.read_bytes() != original


def test_never_overwrites_an_earlier_backup(master: Path) -> None:
    first = start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)
    second = start_new_period(master, date(2020, 4, 30), backup_stamp=STAMP)

    assert second.backup == master.with_name(f"master.backup-{STAMP}-2.xlsx")
    assert first.backup.read_bytes() != second.backup.read_bytes()
    assert second.previous_period == NEW_PERIOD


@pytest.mark.parametrize(
    "new_period",
    [
        pytest.param(date(2019, 10, 31), id="same-as-latest"),
        pytest.param(date(2019, 6, 30), id="earlier"),
    ],
)
def test_refuses_a_date_not_after_the_latest_period(master: Path, new_period: date) -> None:
    original = master.read_bytes()

    with pytest.raises(InputError) as caught:
        start_new_period(master, new_period, backup_stamp=STAMP)

    assert str(caught.value) == (
        f"The new period {new_period.isoformat()} must be after the latest period in "
        "Updates, 2019-10-31; choose a later date."
    )
    assert caught.value.exit_code == 1
    assert master.read_bytes() == original
    assert sorted(p.name for p in master.parent.iterdir()) == ["master.xlsx"]


@pytest.mark.parametrize("missing", ["Updates", " actions "])
def test_refuses_a_workbook_without_actions_or_updates(master: Path, missing: str) -> None:
    book = openpyxl.load_workbook(master)
    del book[missing]
    book.save(master)

    with pytest.raises(InputError, match=f"has no {missing.strip().capitalize()} sheet"):
        start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)


def test_refuses_updates_without_a_required_column(master: Path) -> None:
    book = openpyxl.load_workbook(master)
    book["Updates"]["C1"] = "Status"
    book.save(master)

    with pytest.raises(
        InputError, match=re.escape("The Updates sheet has no RAG column in row 1.")
    ):
        start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)


def test_a_missing_workbook_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist: expected the master workbook") as caught:
        start_new_period(tmp_path / "nope.xlsx", NEW_PERIOD)

    assert caught.value.exit_code == 2


@pytest.mark.parametrize("lock", ["~$master.xlsx", ".~lock.master.xlsx#"])
def test_refuses_a_workbook_that_is_open_in_excel_or_libreoffice(master: Path, lock: str) -> None:
    (master.parent / lock).write_text("", encoding="utf-8")

    with pytest.raises(
        InputError, match=re.escape(f"looks open in Excel or LibreOffice (found {lock})")
    ):
        start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)


def test_a_file_that_is_not_a_workbook_gets_a_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "master.xlsx"
    fake.write_text("Ref,RAG\n1.1,G\n", encoding="utf-8")

    with pytest.raises(InputError, match="expected an Excel workbook \\(a zip package\\)"):
        start_new_period(fake, NEW_PERIOD, backup_stamp=STAMP)


def test_names_what_the_spreadsheet_library_cannot_keep(master: Path, tmp_path: Path) -> None:
    extension = (
        '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"/></extLst>'
    )
    rewritten = tmp_path / "rewritten.xlsx"
    with zipfile.ZipFile(master) as source, zipfile.ZipFile(rewritten, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet4.xml":
                data = data.replace(b"</worksheet>", extension.encode() + b"</worksheet>")
            target.writestr(item, data)
    shutil.move(rewritten, master)

    result = start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)

    assert result.warnings == (
        "master.xlsx: Data Validation extension is not supported and will be removed "
        "(the backup keeps the original)",
    )


def test_the_report_as_at_moves_to_the_new_period(tmp_path: Path) -> None:
    master = _build_master(tmp_path / "master.xlsx", as_at=date(2019, 10, 31))

    result = start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)

    assert result.changes == ("Report!B4 'As at' moved from 31 October 2019 to 31 January 2020.",)
    assert result.warnings == ()
    cell = openpyxl.load_workbook(master)["Report"]["B4"]
    assert cell.value == datetime(2020, 1, 31)
    assert "Report!B4 'As at' moved from 31 October 2019 to 31 January 2020." in (result.describe())
    plan, problems = read_master(master)
    assert plan is not None and plan.report.as_at == NEW_PERIOD
    assert [p for p in problems if p.sheet == "Report"] == []


def test_a_meeting_date_before_the_new_period_is_a_warning(tmp_path: Path) -> None:
    master = _build_master(tmp_path / "master.xlsx")
    book = openpyxl.load_workbook(master)
    book["Report"].append(["Meeting date", date(2019, 12, 10)])
    book.save(master)

    result = start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)

    assert result.warnings == (
        "Report!B4 'Meeting date' is 10 December 2019, before the new period; type the date "
        "of the meeting this pack is for.",
    )


def test_the_master_keeps_its_permissions(master: Path) -> None:
    master.chmod(0o664)
    start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)
    assert master.stat().st_mode & 0o777 == 0o664


def test_describe_tells_the_officer_what_happened(master: Path) -> None:
    result = start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)

    assert result.describe() == (
        f"Added 4 update rows for 31 January 2020 to {master} (copied from 31 October 2019).\n"
        f"The original is saved as {result.backup}.\n"
        "Update each new row's RAG and Progress before publishing, then run make."
    )


def test_a_failed_read_back_leaves_the_master_unchanged(
    master: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = master.read_bytes()
    counts = period_module._row_counts
    calls: list[int] = []

    def losing_a_row(book: openpyxl.Workbook) -> dict[str, int]:
        calls.append(1)
        found = counts(book)
        return {**found, "Areas": found["Areas"] - 1} if len(calls) > 1 else found

    monkeypatch.setattr(period_module, "_row_counts", losing_a_row)

    with pytest.raises(BoardpackError, match="Areas: 2 rows, expected 3"):
        start_new_period(master, NEW_PERIOD, backup_stamp=STAMP)

    assert master.read_bytes() == original
    # the master was not changed, so no backup of it is left either
    assert sorted(p.name for p in master.parent.iterdir()) == ["master.xlsx"]


def _sheet(book: openpyxl.Workbook, name: str) -> openpyxl.worksheet.worksheet.Worksheet:
    return next(s for s in book.worksheets if normalise_sheet_name(s.title) == name)


def _column(sheet: openpyxl.worksheet.worksheet.Worksheet, header: str) -> list[object]:
    headers = [normalise_header(str(c.value or "")) for c in sheet[1]]
    index = headers.index(header)
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_embedded_example_gets_a_new_period_with_nothing_lost(tmp_path: Path) -> None:
    master = Path(shutil.copy(REAL_MASTER, tmp_path / "master.xlsx"))
    before = _values(master)
    book = openpyxl.load_workbook(master)
    refs = {str(v).strip() for v in _column(_sheet(book, "actions"), "ref") if v not in (None, "")}
    periods = [as_date(v) for v in _column(_sheet(book, "updates"), "period")]
    latest = max(p for p in periods if p is not None)
    new_period = date(latest.year + 1, 3, 31)

    result = start_new_period(master, new_period, backup_stamp=STAMP)

    assert result.rows_added == len(refs)
    assert result.previous_period == latest
    assert result.changes == (
        f"Report!B5 'As at' moved from 31 October 2019 to {new_period.day} March "
        f"{new_period.year}.",
    )
    before["Report"]["B5"] = datetime(new_period.year, new_period.month, new_period.day)
    after = _values(master)
    assert list(after) == list(before)
    for sheet, cells in before.items():
        assert {coord: after[sheet].get(coord) for coord in cells} == cells, sheet
    new_book = openpyxl.load_workbook(master)
    new_periods = [as_date(v) for v in _column(_sheet(new_book, "updates"), "period")]
    assert new_periods.count(new_period) == len(refs)
    with pytest.raises(InputError, match="must be after the latest period"):
        start_new_period(master, new_period, backup_stamp=STAMP)
