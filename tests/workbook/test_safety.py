"""Files that are not a usable workbook fail fast, with a message naming the file."""

from __future__ import annotations

import posixpath
import random
import re
import string
import struct
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from boardpack.problems import InputError, UsageError
from boardpack.workbook import reader, safety
from boardpack.workbook.reader import read_master

SHEET = "xl/worksheets/sheet1.xml"
DOCTYPE = b'<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY lol "lol">]>\n'


def rewrite(path: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """Copy the zip at ``path`` in place with one part's bytes changed."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            target.writestr(info.filename, change(data) if info.filename == part else data)
    return path


def declare_sizes(path: Path, sizes: dict[str, tuple[int, int]]) -> Path:
    """Patch the zip directory so parts declare (compressed, uncompressed) sizes they lack."""
    data = bytearray(path.read_bytes())
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) >= 0:
        name_length = struct.unpack_from("<H", data, start + 28)[0]
        name = data[start + 46 : start + 46 + name_length].decode()
        if name in sizes:
            struct.pack_into("<II", data, start + 20, *sizes[name])
        start += 46
    path.write_bytes(bytes(data))
    return path


def refuse_to_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the workbook is opened for reading its cells."""

    def load(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(reader, "Workbook", load)


def read_error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        read_master(path)
    assert [p.message for p in caught.value.problems] == [caught.value.message]
    return caught.value


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.xlsx"

    with pytest.raises(UsageError) as caught:
        read_master(path)

    assert caught.value.exit_code == 2
    assert caught.value.message == (
        f"{path} does not exist: expected the master workbook (.xlsx). Check the path, or "
        "create an empty one with 'boardpack new-master PATH'."
    )


def test_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "master.xlsx"
    folder.mkdir()

    with pytest.raises(UsageError) as caught:
        read_master(folder)

    assert caught.value.message == (
        f"{folder} is a folder: expected the master workbook file (.xlsx)."
    )


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "master.xlsx"
    path.write_bytes(b"")

    error = read_error(path)

    assert error.exit_code == 1
    assert error.problems[0].code == "empty-file"
    assert error.message == (
        f"{path}: expected an Excel workbook, found an empty file (0 bytes). Save the "
        "workbook again from Excel, or create one with 'boardpack new-master PATH'."
    )


def test_a_csv_renamed_to_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "master.xlsx"
    path.write_text("Ref,Area,Action\n1.1,1,Set up board\n", encoding="utf-8")

    error = read_error(path)

    assert error.problems[0].code == "not-a-workbook"
    assert error.message == (
        f"{path}: expected an Excel workbook (a zip package), found plain text. If it is a "
        "CSV or text file renamed to .xlsx, open it in Excel and save it as an Excel "
        "Workbook (.xlsx)."
    )


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("master.xls", "an old-style Excel 97-2003 workbook (.xls)"),
        ("master.CSV", "a CSV file (.csv)"),
        ("master.xlsb", "an Excel binary workbook (.xlsb)"),
    ],
    ids=["xls", "csv-upper-case", "xlsb"],
)
def test_other_spreadsheet_formats_are_refused_by_extension(
    tmp_path: Path, name: str, found: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"anything")

    error = read_error(path)

    assert error.problems[0].code == "wrong-file-type"
    assert error.message == (
        f"{path}: expected an Excel workbook (.xlsx), found {found}. Open it in Excel and "
        "save it as an Excel Workbook (.xlsx)."
    )


def test_an_ods_file_is_refused_with_the_libreoffice_way_to_save_it(tmp_path: Path) -> None:
    path = tmp_path / "master.ods"
    path.write_bytes(b"anything")

    error = read_error(path)

    assert error.problems[0].code == "wrong-file-type"
    assert error.message == (
        f"{path}: expected an Excel workbook (.xlsx), found an OpenDocument spreadsheet "
        "(.ods). In LibreOffice Calc use File > Save As and choose the file type "
        "'Excel 2007-365 (.xlsx)'; in Excel, open it and save it as an Excel Workbook (.xlsx)."
    )


def test_an_unknown_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "master.txt"
    path.write_bytes(b"anything")

    error = read_error(path)

    assert error.message == (
        f"{path}: expected an Excel workbook (.xlsx or .xlsm), found the extension '.txt'. "
        "Open it in Excel and save it as an Excel Workbook (.xlsx)."
    )


def test_an_old_xls_or_encrypted_workbook_says_both_and_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "master.xlsx"
    path.write_bytes(safety.OLE_SIGNATURE + bytes(504))

    error = read_error(path)

    assert error.problems[0].code == "old-or-protected"
    assert error.message == (
        f"{path}: expected an .xlsx workbook, found an old-style Excel 97-2003 (.xls) file "
        "or a password-protected workbook (both are stored this way). Open it in Excel and "
        "save it as an Excel Workbook (.xlsx) without a password (File > Info > Protect "
        "Workbook > Encrypt with Password: clear the password)."
    )


def test_an_excel_lock_file_is_refused(tmp_path: Path, master: Any) -> None:
    path = tmp_path / "~$master.xlsx"
    path.write_bytes(b"\x0bAnn Graham" + bytes(154))

    error = read_error(path)

    assert error.problems[0].code == "lock-file"
    assert error.message == (
        f"{path}: this is an Excel lock file, which Excel keeps beside a workbook while it "
        "is open, not the workbook itself. Use the workbook whose name does not start with "
        "'~$'."
    )


def test_a_zip_bomb_fails_on_its_declared_size_without_inflating(
    master: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = declare_sizes(master.write(), {SHEET: (2_000, 4_000_000_000)})
    refuse_to_load(monkeypatch)

    def no_inflating(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a part was inflated")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflating)

    error = read_error(path)

    assert error.problems[0].code == "file-too-large"
    assert error.message == (
        f"{path}: cannot be read safely: expected each part to unpack to at most 100 MB, "
        f"found '{SHEET}' declaring 3,815 MB. The file may be damaged or built to exhaust "
        "memory; save the workbook again from Excel."
    )


def test_a_zip_bomb_fails_on_its_compression_ratio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "master.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", bytes(20 * safety.MB))
    refuse_to_load(monkeypatch)

    error = read_error(path)

    assert error.problems[0].code == "file-too-large"
    assert "expected parts to compress at most 200:1, found 'xl/sharedStrings.xml' " in (
        error.message
    )


def test_parts_too_large_in_all_are_refused(master: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    sizes = {name: (1_000_000, 90_000_000) for name in (SHEET, "xl/styles.xml", "xl/workbook.xml")}
    path = declare_sizes(master.write(), sizes)
    refuse_to_load(monkeypatch)

    error = read_error(path)

    assert "expected the parts to unpack to at most 250 MB in all, found 258 MB" in (error.message)


@pytest.mark.parametrize(
    "part",
    [SHEET, "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels"],
    ids=["worksheet", "workbook", "workbook-relationships", "package-relationships"],
)
def test_xml_with_entity_declarations_is_an_unsafe_workbook(
    master: Any, monkeypatch: pytest.MonkeyPatch, part: str
) -> None:
    path = rewrite(master.write(), part, lambda xml: DOCTYPE + xml.split(b"?>", 1)[-1])
    refuse_to_load(monkeypatch)

    error = read_error(path)

    assert error.problems[0].code == "unsafe-workbook"
    assert error.message == (
        f"{path}: unsafe workbook: expected plain spreadsheet XML, found a document type or "
        f"entity declaration (<!DOCTYPE or <!ENTITY) in '{part}'. Excel never writes these; "
        "the file may have been tampered with. Rebuild it from a trusted copy or with "
        "'boardpack new-master PATH'."
    )


def test_an_entity_declared_far_into_any_part_is_an_unsafe_workbook(
    master: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    padding = b"<!--" + b" " * 70_000 + b"-->"
    path = rewrite(
        master.write(), "xl/styles.xml", lambda xml: padding + DOCTYPE + xml.split(b"?>", 1)[-1]
    )
    refuse_to_load(monkeypatch)

    error = read_error(path)

    assert error.problems[0].code == "unsafe-workbook"
    assert "in 'xl/styles.xml'" in error.message


@pytest.mark.parametrize("offset", [-9, -4, 0, 3, 70_000])
def test_an_entity_declared_anywhere_in_a_large_worksheet_is_an_unsafe_workbook(
    master: Any, monkeypatch: pytest.MonkeyPatch, offset: int
) -> None:
    """The declaration starts ``offset`` bytes from the end of the first megabyte read,
    after text that does not compress (as a bomb would)."""

    def declare(xml: bytes) -> bytes:
        head, tail = xml.split(b"<sheetData>", 1)
        head += b"<sheetData>"
        letters = random.Random(0).choices(string.ascii_letters, k=safety.MB + offset - len(head))
        return head + "".join(letters).encode() + b'<!ENTITY lol "lol">' + tail

    path = rewrite(master.write(), SHEET, declare)
    refuse_to_load(monkeypatch)

    error = read_error(path)

    assert error.problems[0].code == "unsafe-workbook"
    assert f"in '{SHEET}'" in error.message


def test_each_worksheet_is_inflated_once_for_its_checks_and_its_scan(
    master: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = master.write()
    opened: Counter[str] = Counter()
    open_part = zipfile.ZipFile.open

    def counting(archive: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        opened[name if isinstance(name, str) else name.filename] += 1
        return open_part(archive, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counting)

    package = safety.inspect_package(path)

    assert len(package.sheet_parts) == len(master.good)
    assert {opened[part] for part in package.sheet_parts.values()} == {1}


def test_a_declaration_in_a_later_part_is_refused_before_an_earlier_sheet_is_judged(
    master: Any,
) -> None:
    """The parts are checked in name order before any sheet's rows are judged, and a
    scan that cannot finish (a row number too long to count) waits its turn."""
    path = rewrite(
        master.write(),
        SHEET,
        lambda xml: xml.replace(
            b"</sheetData>", b'<row r="' + b"7" * 5_000 + b'"><c><v>1</v></c></row></sheetData>'
        ),
    )
    later = "xl/worksheets/sheet2.xml"
    rewrite(path, later, lambda xml: DOCTYPE + xml.split(b"?>", 1)[-1])

    error = read_error(path)

    assert error.problems[0].code == "unsafe-workbook"
    assert f"in '{later}'" in error.message


def rename_sheet_part(path: Path, name: str) -> Path:
    """Copy the zip at ``path`` in place with ``SHEET`` stored as ``name``, which the
    workbook's relationships then point to."""
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    rels = "xl/_rels/workbook.xml.rels"
    old, new = posixpath.basename(SHEET).encode(), posixpath.basename(name).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts:
            if part == rels:
                data = data.replace(b"/" + old, b"/" + new)
            target.writestr(name if part == SHEET else part, data)
    return path


@pytest.mark.parametrize(
    ("change", "code", "said"),
    [
        (lambda xml: xml, None, None),
        (
            lambda xml: DOCTYPE + xml.split(b"?>", 1)[-1],
            "unsafe-workbook",
            "(<!DOCTYPE or <!ENTITY) in 'xl/worksheets/sheet1.bin'",
        ),
        (
            lambda xml: xml.replace(
                b"</sheetData>", b'<row r="7"><c r="A0"><v>1</v></c></row></sheetData>'
            ),
            "bad-reference",
            "found the reference 'A0' in its XML",
        ),
    ],
    ids=["plain", "declaration", "bad-reference"],
)
def test_a_worksheet_part_not_named_xml_is_checked_and_scanned_like_the_others(
    master: Any, change: Callable[[bytes], bytes], code: str | None, said: str | None
) -> None:
    path = rename_sheet_part(rewrite(master.write(), SHEET, change), "xl/worksheets/sheet1.bin")

    if code is None:
        plan, problems = read_master(path)
        assert plan is not None and plan.report.organisation == "Haringey Council"
        assert [p for p in problems if p.is_error] == []
        return
    error = read_error(path)
    assert error.problems[0].code == code
    assert said is not None and said in error.message


PREFIXED = b'<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '


@pytest.mark.parametrize(
    ("row", "code", "said"),
    [
        (
            b'<x:row r="7"><x:c r="XFE7"><x:v>1</x:v></x:c></x:row>',
            "bad-reference",
            "found the reference 'XFE7' in its XML",
        ),
        (
            b'<x:row r="100001"><x:c r="A100001"><x:v>1</x:v></x:c></x:row>',
            "too-many-rows",
            "expected at most 100,000 rows, found 100,001",
        ),
        (b"<x:row/>" * (100_001 - 6), "too-many-rows", "found 100,001"),
    ],
    ids=["bad-reference", "far-row", "row-tags"],
)
def test_rows_written_with_a_namespace_prefix_are_judged_like_plain_ones(
    master: Any, monkeypatch: pytest.MonkeyPatch, row: bytes, code: str, said: str
) -> None:
    def prefixed(xml: bytes) -> bytes:
        xml = xml.replace(b"<worksheet ", PREFIXED, 1)
        return xml.replace(b"</sheetData>", row + b"</sheetData>")

    path = rewrite(master.write(), SHEET, prefixed)
    refuse_to_load(monkeypatch)

    error = read_error(path)

    assert error.problems[0].code == code
    assert error.problems[0].sheet == "Report"
    assert said in error.message


@pytest.mark.parametrize("part", [SHEET, "xl/styles.xml"], ids=["worksheet", "styles"])
def test_xml_not_in_utf8_is_refused_before_it_is_read(
    master: Any, monkeypatch: pytest.MonkeyPatch, part: str
) -> None:
    def utf16(xml: bytes) -> bytes:
        text = xml.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
        return text.encode("utf-16")

    path = rewrite(master.write(), part, utf16)
    refuse_to_load(monkeypatch)

    error = read_error(path)

    assert error.problems[0].code == "unreadable-workbook"
    assert error.message == (
        f"{path}: expected XML in UTF-8, as Excel saves it, found another encoding (UTF-16 or "
        f"UTF-32) in '{part}'. Open the workbook in Excel and save it again."
    )


def test_entities_missed_by_the_scan_are_still_refused_when_loading(
    master: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = rewrite(master.write(), SHEET, lambda xml: DOCTYPE + xml.split(b"?>", 1)[-1])
    monkeypatch.setattr(safety, "_DOCTYPE", re.compile(rb"(?!)"))  # a scan that sees nothing

    error = read_error(path)

    assert error.problems[0].code == "unsafe-workbook"
    assert "in a worksheet" in error.message


def test_a_sheet_with_too_many_rows_is_refused(master: Any) -> None:
    def far_row(workbook: Any) -> None:
        workbook["Glossary"].cell(row=100_001, column=1, value="stray")

    path = master.write(edit=far_row)

    error = read_error(path)

    assert error.problems[0].code == "too-many-rows"
    assert error.problems[0].sheet == "Glossary"
    assert error.message == (
        f"{path}: the sheet 'Glossary' is too large: expected at most 100,000 rows, found "
        "100,001. Delete the unused rows below the data (select them, right-click, Delete) "
        "and save the workbook."
    )


def test_a_dimension_declaring_the_whole_grid_does_not_make_a_sheet_too_large(
    master: Any,
) -> None:
    path = rewrite(
        master.write(), SHEET, lambda xml: xml.replace(b'ref="A1:B6"', b'ref="A1:XFD1048576"')
    )

    plan, problems = read_master(path)

    assert plan is not None
    assert [p for p in problems if p.is_error] == []


def test_rows_are_counted_when_a_sheet_declares_no_dimension(
    master: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def far_row(xml: bytes) -> bytes:
        xml = xml.replace(b'<dimension ref="A1:B6"/>', b"")
        return xml.replace(
            b"</sheetData>", b'<row r="250000"><c r="A250000"><v>1</v></c></row></sheetData>'
        )

    path = rewrite(master.write(), SHEET, far_row)
    refuse_to_load(monkeypatch)

    error = read_error(path)

    assert "found 250,000" in error.message


def test_a_zip_that_is_not_a_workbook_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "master.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")

    error = read_error(path)

    assert error.problems[0].code == "unreadable-workbook"
    assert error.message == (
        f"{path}: cannot be read as an Excel workbook (\"no '_rels/.rels' part\"). Check that "
        "it opens in Excel, then save it again as an Excel Workbook (.xlsx)."
    )


def test_a_damaged_worksheet_cannot_be_read(master: Any) -> None:
    path = rewrite(master.write(), SHEET, lambda xml: xml[: len(xml) // 2])

    error = read_error(path)

    assert error.problems[0].code == "unreadable-workbook"
    assert error.message.startswith(f"{path}: cannot be read as an Excel workbook (")


def test_a_truncated_file_is_not_a_workbook(master: Any) -> None:
    path = master.write()
    path.write_bytes(path.read_bytes()[:3000])

    error = read_error(path)

    assert error.problems[0].code == "not-a-workbook"
    assert "found data that is not a workbook." in error.message
