"""The embedded master as people and other programs really leave it.

Each variant is made here from ``inputs/master.xlsx`` (with openpyxl, or by editing
its XML), then built. It either builds exactly the pack of the original (the derived
``pack.json`` and both documents' text), saying in ``check`` how it was read, or it
is refused with a message naming the very thing that changed. None gives other
documents without a word.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import etree
from openpyxl.worksheet.table import Table, TableStyleInfo

from boardpack.build import build_pack
from boardpack.problems import InputError

from ..conftest import EXAMPLE_MASTER, TEMPLATES, Cli
from ..robustness.conftest import document_text

pytestmark = pytest.mark.slow

DOCUMENTS = ("members-update.docx", "cabinet-briefing.docx")
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NAMESPACES = {
    MAIN: b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships"
    ),
    b"http://schemas.openxmlformats.org/drawingml/2006/main": (
        b"http://purl.oclc.org/ooxml/drawingml/main"
    ),
}


def derived(out: Path) -> dict[str, Any]:
    """``pack.json`` without the record of the input files' bytes and of how they were read."""
    data = json.loads((out / "pack.json").read_text(encoding="utf-8"))
    data.pop("inputs", None)
    data.pop("files", None)
    data.pop("notes", None)
    return dict(data)


def noted(out: Path) -> list[str]:
    """The notes of ``pack.json`` as ``check`` prints them (``Sheet!Cell: message``)."""
    notes = json.loads((out / "pack.json").read_text(encoding="utf-8"))["notes"]
    return [
        ": ".join(filter(None, ["!".join(filter(None, [n["sheet"], n["cell"]])), n["message"]]))
        for n in notes
    ]


def built(master: Path, out: Path, cache: Path) -> tuple[dict[str, Any], list[str]]:
    """The derived pack and both documents' text, built from ``master``."""
    build_pack(master, TEMPLATES, out, cache_dir=cache, workers=1)
    return derived(out), [document_text(out / name) for name in DOCUMENTS]


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], list[str]]:
    folder = tmp_path_factory.mktemp("original")
    return built(EXAMPLE_MASTER, folder / "out", folder / "cache")


def edited(folder: Path, edit: Callable[[Any], None]) -> Path:
    """The embedded master saved again by openpyxl after ``edit``."""
    book = openpyxl.load_workbook(EXAMPLE_MASTER)
    edit(book)
    path = folder / "master.xlsx"
    book.save(path)
    return path


def rewritten(folder: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """The embedded master with each part's bytes passed through ``change(name, data)``."""
    path = folder / "master.xlsx"
    with zipfile.ZipFile(EXAMPLE_MASTER) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            target.writestr(name, change(name, data))
    return path


def header(book: Any, sheet: str, old: str) -> Any:
    """The row-1 cell of ``sheet`` whose header is ``old`` (with or without its ``*``)."""
    return next(c for c in book[sheet][1] if str(c.value or "").rstrip("*") == old)


def rename_header(sheet: str, old: str, new: str) -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        header(book, sheet, old).value = new

    return edit


def rename_sheet(old: str, new: str) -> Callable[[Any], None]:
    def edit(book: Any) -> None:
        book[old].title = new

    return edit


def check_lines(cli: Cli, master: Path) -> tuple[int, list[str]]:
    code, out, _ = cli("check", "--master", str(master), "--templates", str(TEMPLATES))
    return code, [line.strip() for line in out.splitlines()]


RENAMES = [
    (rename_header("Updates", "Revised due", "Revised due date"),
     "Updates!G1: read 'Revised due date' as 'Revised due'"),
    (rename_header("Areas", "Outcomes", "Outcome"), "Areas!C1: read 'Outcome' as 'Outcomes'"),
    (rename_header("Actions", "Due", "Due date"), "Actions!E1: read 'Due date' as 'Due'"),
    (rename_header("Actions", "Owner", "Action owner"),
     "Actions!F1: read 'Action owner' as 'Owner'"),
    (rename_header("Actions", "Owner", "Owner(s)"), "Actions!F1: read 'Owner(s)' as 'Owner'"),
    (rename_header("Updates", "Progress", "progress *"),
     None),  # the contract's own name, in another case: nothing to say
    (rename_sheet("Measure values", "Measure_values"),
     "Measure_values: read the sheet 'Measure_values' as 'Measure values'"),
    (rename_sheet("Glossary", "Acronyms"), "Acronyms: read the sheet 'Acronyms' as 'Glossary'"),
    (rename_sheet("Glossary", "Abbreviations"),
     "Abbreviations: read the sheet 'Abbreviations' as 'Glossary'"),
    (rename_sheet("RAG", "RAG key"), "RAG key: read the sheet 'RAG key' as 'RAG'"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("edit", "said"),
    RENAMES,
    ids=[
        "revised-due-date",
        "outcome",
        "due-date",
        "action-owner",
        "owners",
        "case-and-star",
        "measure_values",
        "acronyms",
        "abbreviations",
        "rag-key",
    ],
)
def test_a_renamed_column_or_sheet_is_read_as_before_and_check_says_so(
    tmp_path: Path,
    cli: Cli,
    original: tuple[dict[str, Any], list[str]],
    edit: Callable[[Any], None],
    said: str | None,
) -> None:
    master = edited(tmp_path, edit)

    assert built(master, tmp_path / "out", tmp_path / "cache") == original
    code, lines = check_lines(cli, master)
    assert code == 0
    if said is not None:
        assert said in lines
        assert said in noted(tmp_path / "out")  # pack.json says so as check --json does
    assert not any(" as '" in line for line in lines if line != said)


def test_a_column_and_its_alias_both_present_is_an_error_naming_both(
    tmp_path: Path, cli: Cli
) -> None:
    def both(book: Any) -> None:
        book["Updates"].cell(row=1, column=9, value="Revised due date")

    code, out, _ = cli("check", "--master", str(edited(tmp_path, both)), "--json")

    assert code == 1
    assert {
        "severity": "error",
        "code": "duplicate-column",
        "sheet": "Updates",
        "cell": "I1",
        "message": "expected one column read as 'Revised due', found 'Revised due' (G1) and "
        "'Revised due date' (I1); G1 is read. Delete or rename the others.",
    } in json.loads(out)["problems"]


def test_check_lists_every_column_and_sheet_it_did_not_read(
    tmp_path: Path, cli: Cli, original: tuple[dict[str, Any], list[str]]
) -> None:
    def extras(book: Any) -> None:
        book["Updates"].cell(row=1, column=9, value="Comments")
        book.create_sheet("Budget")

    master = edited(tmp_path, extras)
    code, lines = check_lines(cli, master)
    _, out, _ = cli("check", "--master", str(master), "--json")
    notes = json.loads(out)["notes"]

    assert code == 0
    assert (
        "Updates!I1: ignored the column 'Comments': it is not one of the columns the pack reads"
        in lines
    )
    assert "Budget: ignored the sheet 'Budget': it is not one of the sheets the pack reads" in lines
    assert {
        "code": "ignored-sheet",
        "sheet": "Budget",
        "cell": None,
        "message": "ignored the sheet 'Budget': it is not one of the sheets the pack reads",
    } in notes
    assert {(n["code"], n["sheet"], n["cell"]) for n in notes} >= {
        ("ignored-column", "Updates", "I1"),
        ("ignored-column", "Updates", "H1"),
    }
    assert not any(line.startswith("Errors") for line in lines)
    assert [p["code"] for p in json.loads(out)["problems"]] == [
        p["code"] for p in original[0]["problems"]
    ]


def test_a_merged_header_is_an_error_naming_the_range_and_the_headers_it_hides(
    tmp_path: Path, cli: Cli
) -> None:
    def merge(book: Any) -> None:
        sheet = book["Updates"]
        sheet["E1"] = "Reason / Recovery"
        sheet["F1"] = None
        sheet.merge_cells("E1:F1")

    code, out, _ = cli("check", "--master", str(edited(tmp_path, merge)), "--json")

    assert code == 1
    assert {
        "severity": "error",
        "code": "merged-header",
        "sheet": "Updates",
        "cell": "E1",
        "message": "expected one header in each cell of row 1, found the merged cells E1:F1 "
        "('Reason / Recovery'), which hide the headers 'Reason' and 'Recovery'. Unmerge "
        "them (Home > Merge & Center) and give each column its own header.",
    } in json.loads(out)["problems"]


def strict(name: str, data: bytes) -> bytes:
    """A part as Excel's "Strict Open XML Spreadsheet" writes it: other namespaces, and
    dates as ISO text in ``t="d"`` cells."""
    if not name.endswith((".xml", ".rels")):
        return data
    for ordinary, strict_namespace in STRICT_NAMESPACES.items():
        data = data.replace(ordinary, strict_namespace)
    if name == "xl/workbook.xml":
        data = data.replace(b"<workbook ", b'<workbook conformance="strict" ', 1)
    if match := re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", name):
        data = _dates_as_iso(data, int(match[1]) - 1)
    return data


@functools.cache
def _date_cells(sheet: int) -> dict[str, str]:
    """Coordinate → ISO text of each date cell of the embedded master's sheet ``sheet``."""
    book = openpyxl.load_workbook(EXAMPLE_MASTER)
    return {
        cell.coordinate: cell.value.isoformat()
        for row in book.worksheets[sheet].iter_rows()
        for cell in row
        if cell.is_date and cell.value is not None
    }


def _dates_as_iso(data: bytes, sheet: int) -> bytes:
    """Each date cell of a worksheet part written as ISO text in a ``t="d"`` cell."""
    dates = _date_cells(sheet)
    if not dates:
        return data
    root = etree.fromstring(data)
    namespace = STRICT_NAMESPACES[MAIN].decode()
    for cell in root.iter(f"{{{namespace}}}c"):
        value = cell.find(f"{{{namespace}}}v")
        if (iso := dates.get(cell.get("r", ""))) and value is not None:
            cell.set("t", "d")
            value.text = iso
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def test_a_strict_open_xml_workbook_reads_exactly_as_its_ordinary_twin(
    tmp_path: Path, original: tuple[dict[str, Any], list[str]]
) -> None:
    master = rewritten(tmp_path, strict)
    with zipfile.ZipFile(master) as archive:
        assert b"purl.oclc.org" in archive.read("xl/worksheets/sheet6.xml")
        assert b'"http://schemas.openxmlformats.org/spreadsheetml' not in archive.read(
            "xl/workbook.xml"
        )

    assert built(master, tmp_path / "out", tmp_path / "cache") == original


def test_a_dimension_claiming_the_whole_grid_is_not_taken_for_the_sheets_size(
    tmp_path: Path, original: tuple[dict[str, Any], list[str]]
) -> None:
    def whole_grid(name: str, data: bytes) -> bytes:
        if not name.startswith("xl/worksheets/sheet"):
            return data
        data = re.sub(rb"<dimension [^>]*/>", b"", data)
        return data.replace(b"<sheetViews", b'<dimension ref="A1:XFD1048576"/><sheetViews', 1)

    master = rewritten(tmp_path, whole_grid)

    assert built(master, tmp_path / "out", tmp_path / "cache") == original


def test_the_totals_row_of_an_excel_table_is_not_data(
    tmp_path: Path, cli: Cli, original: tuple[dict[str, Any], list[str]]
) -> None:
    total_row = 0

    def table_with_totals(book: Any) -> None:
        nonlocal total_row
        sheet = book["Updates"]
        total_row = sheet.max_row + 1
        sheet.cell(row=total_row, column=1, value="Total")
        sheet.cell(row=total_row, column=2, value=sheet.max_row - 1)
        sheet.cell(row=total_row, column=3, value="n/a")
        sheet.cell(row=total_row, column=4, value="Count of updates")
        table = Table(displayName="Updates", ref=f"A1:H{total_row}", totalsRowCount=1)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2")
        sheet.add_table(table)

    master = edited(tmp_path, table_with_totals)

    assert built(master, tmp_path / "out", tmp_path / "cache") == original
    code, lines = check_lines(cli, master)
    assert code == 0
    assert (
        f"Updates!A{total_row}: did not read row {total_row}: it is the totals row of an "
        "Excel table" in lines
    )


@pytest.mark.parametrize(
    ("lock", "program"),
    [("~$master.xlsx", "Excel"), (".~lock.master.xlsx#", "LibreOffice")],
    ids=["excel", "libreoffice"],
)
def test_check_and_build_warn_when_the_workbook_is_open(
    tmp_path: Path,
    cli: Cli,
    original: tuple[dict[str, Any], list[str]],
    lock: str,
    program: str,
) -> None:
    master = tmp_path / "master.xlsx"
    shutil.copyfile(EXAMPLE_MASTER, master)
    (tmp_path / lock).write_bytes(b"")
    said = (
        f"the workbook is open in {program} (found its lock file {lock}); unsaved edits are "
        "not in this pack"
    )

    code, out, _ = cli("check", "--master", str(master), "--templates", str(TEMPLATES))
    assert code == 0
    assert said in " ".join(out.split())
    code, out, err = cli(
        "build", "--master", str(master), "--templates", str(TEMPLATES),
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert code == 0
    assert said in " ".join(err.split())
    pack, documents = (
        derived(tmp_path / "out"),
        [document_text(tmp_path / "out" / name) for name in DOCUMENTS],
    )
    expected = dict(original[0])
    assert [p["code"] for p in pack.pop("problems")] == ["workbook-open"] + [
        p["code"] for p in expected.pop("problems")
    ]
    assert (pack, documents) == (expected, original[1])


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("master.xls", b"\xd0\xcf\x11\xe0", "an old-style Excel 97-2003 workbook (.xls)"),
        ("master.ods", b"PK\x03\x04", "File > Save As and choose the file type 'Excel 2007-365"),
        ("master.csv", b"Ref,RAG\n", "a CSV file (.csv)"),
        ("~$master.xlsx", b"\x00", "this is an Excel lock file"),
        (".~lock.master.xlsx#", b",user,host,", "this is a LibreOffice lock file"),
        ("missing.xlsx", None, "does not exist"),
    ],
    ids=["xls", "ods", "csv", "excel-lock", "libreoffice-lock", "missing"],
)
def test_every_failure_of_check_json_is_json(
    tmp_path: Path, cli: Cli, name: str, content: bytes | None, said: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)

    code, out, _ = cli("check", "--master", str(path), "--json")

    data = json.loads(out)
    assert code in (1, 2)
    assert [p["severity"] for p in data["problems"]] == ["error"]
    assert said in data["problems"][0]["message"]
    assert data["notes"] == []


@pytest.mark.libreoffice
def test_a_libreoffice_calc_round_trip_builds_byte_identical_documents(
    tmp_path: Path,
) -> None:
    soffice = shutil.which("soffice")
    if soffice is None or not list(Path(soffice).resolve().parent.glob("libsclo.*")):
        pytest.skip("LibreOffice Calc is not installed (make system-deps installs it)")
    source = tmp_path / "in" / "master.xlsx"
    source.parent.mkdir()
    shutil.copyfile(EXAMPLE_MASTER, source)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "calc"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = tmp_path / "calc" / "master.xlsx"
    assert saved.read_bytes() != EXAMPLE_MASTER.read_bytes()

    build_pack(EXAMPLE_MASTER, TEMPLATES, tmp_path / "a", cache_dir=tmp_path / "c", workers=1)
    build_pack(saved, TEMPLATES, tmp_path / "b", cache_dir=tmp_path / "c", workers=1)

    for name in DOCUMENTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert derived(tmp_path / "a") == derived(tmp_path / "b")


def test_a_workbook_with_errors_from_a_variant_is_never_built(tmp_path: Path) -> None:
    def merge(book: Any) -> None:
        book["Updates"].merge_cells("E1:F1")

    with pytest.raises(InputError):
        build_pack(edited(tmp_path, merge), TEMPLATES, tmp_path / "out", workers=1)
    assert not (tmp_path / "out").exists()
