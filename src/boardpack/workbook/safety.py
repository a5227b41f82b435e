"""Checks that a file is a workbook worth opening, before any spreadsheet library sees it.

Everything here works on the file name, its first bytes and the zip directory, and
streams worksheet XML without building it, so that a wrong, damaged or hostile file
(a CSV renamed ``.xlsx``, an encrypted workbook, a zip bomb, XML entity tricks, a
million-row sheet) fails fast with a message that names the file and what to do.
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from boardpack.problems import ERROR, WARNING, InputError, Problem, UsageError
from boardpack.workbook.xlsx import range_bounds

MB = 1024 * 1024
MAX_FILE_BYTES = 50 * MB
MAX_PART_BYTES = 100 * MB
MAX_TOTAL_BYTES = 250 * MB
#: deflate rarely packs real sheet XML better than about 30:1; bombs reach 1000:1
MAX_RATIO = 200
MAX_PARTS = 5_000
MAX_ROWS = 100_000

#: what a damaged zip or XML part raises while it is read
READ_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ValueError,
    SyntaxError,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
)

#: what the XML parsers raise for a DTD, an entity or an external reference
UNSAFE_XML: tuple[type[Exception], ...] = (DefusedXmlException,)

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_OTHER_FORMATS = {
    ".xls": "an old-style Excel 97-2003 workbook (.xls)",
    ".xlsb": "an Excel binary workbook (.xlsb)",
    ".csv": "a CSV file (.csv)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
}
_SAVE_AS = "Open it in Excel and save it as an Excel Workbook (.xlsx)"
#: what to do, by extension, when it is not the Excel advice
_ADVICE = {
    ".ods": "In LibreOffice Calc use File > Save As and choose the file type "
    "'Excel 2007-365 (.xlsx)'; in Excel, open it and save it as an Excel Workbook (.xlsx)",
}

_CHUNK = 1024 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
#: a row number (1 to 1048576) and a column (A to XFD) as Excel writes them: ASCII
#: digits and letters, no sign, no exponent, no leading zero
_ROW_OK = (
    rb"(?:[1-9][0-9]{0,5}|10[0-3][0-9]{4}|104[0-7][0-9]{3}|1048[0-4][0-9]{2}"
    rb"|10485[0-6][0-9]|104857[0-6])"
)
_COLUMN_OK = rb"(?:[A-Za-z]{1,2}|[A-Wa-w][A-Za-z]{2}|[Xx][A-Ea-e][A-Za-z]|[Xx][Ff][A-Da-d])"
MAX_SHEET_ROWS = 1_048_576


@dataclass(frozen=True)
class _TagPatterns:
    """What the worksheet scan looks for, each pattern starting at its tag's ``<``."""

    row: re.Pattern[bytes]
    #: a row number or cell reference that no spreadsheet program writes
    bad_row: re.Pattern[bytes]
    bad_cell: re.Pattern[bytes]
    #: the row number of each cell that holds something (not written as ``<c .../>``)
    filled_cell_row: re.Pattern[bytes]
    formula: re.Pattern[bytes]
    merge: re.Pattern[bytes]

    @classmethod
    def after(cls, opening: bytes) -> _TagPatterns:
        """The patterns for tags that begin with ``opening`` (a pattern itself)."""
        return cls(
            re.compile(opening + rb"row(?=[\s>/])"),
            re.compile(opening + rb'row\s[^>]*?\br="(?!' + _ROW_OK + rb'")([^"]*)"'),
            re.compile(opening + rb'c\s[^>]*?\br="(?!' + _COLUMN_OK + _ROW_OK + rb'")([^"]*)"'),
            re.compile(opening + rb'c\s[^>]*?\br="[A-Za-z]+([0-9]+)"[^>]*(?<!/)>'),
            re.compile(opening + rb"f[\s>/]"),
            re.compile(opening + rb'mergeCell\b[^>]*?\bref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"'),
        )


#: the tags with or without a namespace prefix (``<x:row``), as XML allows
_ANY_TAGS = _TagPatterns.after(rb"<(?:\w+:)?")
#: the same for text with no prefixed tag of these names, as programs write worksheets:
#: each pattern then begins with plain text (``<row``), which the regex engine finds
#: far faster than it tries every ``<``, and matches exactly where its twin above does
_PLAIN_TAGS = _TagPatterns.after(rb"<")
#: where a prefixed tag of those names could be: any ``:`` before one of the names
_PREFIXED = re.compile(rb":(?:row[\s>/]|c\s|f[\s>/]|mergeCell)")
_WORKSHEET_TYPE = "/worksheet"
_OFFICE_DOCUMENT_TYPE = "/officeDocument"
_SHARED_STRINGS_TYPE = "/sharedStrings"
_STYLES_TYPE = "/styles"
_TABLE_TYPE = "/table"


@dataclass(frozen=True)
class Package:
    """What the zip directory says about a workbook that passed every check."""

    #: sheet title → zip part of its worksheet XML, in workbook order
    sheet_parts: dict[str, str]
    #: worksheet parts that hold at least one formula
    formula_parts: frozenset[str]
    #: sheet title → its merged ranges (``A2:B3``), read from the sheet's XML
    merged: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the zip part of the workbook itself (``xl/workbook.xml``)
    workbook_part: str = "xl/workbook.xml"
    #: the shared strings and styles parts, found through the workbook's relationships
    shared_strings_part: str | None = None
    styles_part: str | None = None
    #: sheet title → the rows that are the totals rows of its Excel tables
    totals: dict[str, frozenset[int]] = field(default_factory=dict)


def input_error(path: Path, code: str, message: str, sheet: str | None = None) -> InputError:
    """An error about the whole file: the message names the file and says what to do."""
    text = f"{path}: {message}"
    return InputError(text, [Problem(ERROR, code, sheet, None, text)])


def check_path(path: Path) -> None:
    """Refuse a missing path, a folder, an Excel lock file and non-workbook extensions.

    Raises ``UsageError`` for a path that is not a file, ``InputError`` otherwise.
    """
    if not path.exists():
        raise UsageError(
            f"{path} does not exist: expected the master workbook (.xlsx). Check the "
            "path, or create an empty one with 'boardpack new-master PATH'."
        )
    if not path.is_file():
        raise UsageError(f"{path} is a folder: expected the master workbook file (.xlsx).")
    if path.name.startswith("~$"):
        raise input_error(
            path,
            "lock-file",
            "this is an Excel lock file, which Excel keeps beside a workbook while it is "
            "open, not the workbook itself. Use the workbook whose name does not start "
            "with '~$'.",
        )
    if path.name.startswith(".~lock.") and path.name.endswith("#"):
        raise input_error(
            path,
            "lock-file",
            "this is a LibreOffice lock file, which LibreOffice keeps beside a workbook "
            "while it is open, not the workbook itself. Use the workbook named between "
            "'.~lock.' and '#'.",
        )
    suffix = path.suffix.lower()
    if suffix in _OTHER_FORMATS:
        raise input_error(
            path,
            "wrong-file-type",
            f"expected an Excel workbook (.xlsx), found {_OTHER_FORMATS[suffix]}. "
            f"{_ADVICE.get(suffix, _SAVE_AS)}.",
        )
    if suffix not in WORKBOOK_SUFFIXES:
        found = f"the extension '{path.suffix}'" if path.suffix else "no extension"
        raise input_error(
            path,
            "wrong-file-type",
            f"expected an Excel workbook (.xlsx or .xlsm), found {found}. {_SAVE_AS}.",
        )


def lock_files(path: Path) -> list[tuple[Path, str]]:
    """The lock files beside the workbook that show it is open, with the program's name.

    Excel writes ``~$`` before the name (before all but its first two characters
    when the name is long); LibreOffice writes ``.~lock.NAME#``.
    """
    names = [
        (f"~${path.name}", "Excel"),
        (f"~${path.name[2:]}", "Excel"),
        (f".~lock.{path.name}#", "LibreOffice"),
    ]
    found: list[tuple[Path, str]] = []
    for name, program in dict(names).items():
        lock = path.with_name(name)
        if lock != path and lock.is_file() and all(lock != seen for seen, _ in found):
            found.append((lock, program))
    return found


def open_elsewhere(path: Path) -> Problem | None:
    """A warning when a lock file beside the workbook shows it is open in a program."""
    locks = lock_files(path)
    if not locks:
        return None
    lock, program = locks[0]
    return Problem(
        WARNING,
        "workbook-open",
        None,
        None,
        f"{path}: the workbook is open in {program} (found its lock file {lock.name}); "
        f"unsaved edits are not in this pack. Save and close it in {program}, then run "
        "again.",
    )


def inspect_package(path: Path, data: bytes | None = None) -> Package:
    """Check the file's size, signature and zip directory, and stream its worksheets.

    Nothing is inflated beyond the limits: declared sizes are checked first (Python's
    zip reader never returns more than a part declares). ``data`` is the file's bytes
    when they were already read (``path`` then only names the file). Raises ``InputError``.
    """
    size = path.stat().st_size if data is None else len(data)
    if size == 0:
        raise input_error(
            path,
            "empty-file",
            "expected an Excel workbook, found an empty file (0 bytes). Save the workbook "
            "again from Excel, or create one with 'boardpack new-master PATH'.",
        )
    if size > MAX_FILE_BYTES:
        raise input_error(
            path,
            "file-too-large",
            f"expected a workbook of at most {MAX_FILE_BYTES // MB} MB, found "
            f"{math.ceil(size / MB * 10) / 10:.1f} MB. Remove unused sheets, pictures and rows, "
            "and save it again.",
        )
    if data is None:
        with path.open("rb") as stream:
            head = stream.read(512)
    else:
        head = data[:512]
    if head.startswith(OLE_SIGNATURE):
        raise input_error(
            path,
            "old-or-protected",
            "expected an .xlsx workbook, found an old-style Excel 97-2003 (.xls) file or a "
            "password-protected workbook (both are stored this way). Open it in Excel and "
            "save it as an Excel Workbook (.xlsx) without a password (File > Info > "
            "Protect Workbook > Encrypt with Password: clear the password).",
        )
    if not zipfile.is_zipfile(source(path, data)):
        raise input_error(
            path,
            "not-a-workbook",
            f"expected an Excel workbook (a zip package), found {_describe(head)}. If it is "
            f"a CSV or text file renamed to .xlsx, {_SAVE_AS[0].lower()}{_SAVE_AS[1:]}.",
        )
    try:
        with zipfile.ZipFile(source(path, data)) as archive:
            _check_directory(path, archive)
            return _read_package(path, archive)
    except UNSAFE_XML as exc:
        raise unsafe(path, "one of its XML parts") from exc
    except READ_ERRORS as exc:
        raise unreadable(path, exc) from exc


def source(path: Path, data: bytes | None) -> Path | io.BytesIO:
    """What to open as the zip package: the bytes already read, else the file itself."""
    return path if data is None else io.BytesIO(data)


def unreadable(path: Path, exc: BaseException) -> InputError:
    """The catch-all for a file that passed the checks but still cannot be opened."""
    lines = str(exc).strip().splitlines()
    detail = lines[0] if lines else type(exc).__name__
    return input_error(
        path,
        "unreadable-workbook",
        f"cannot be read as an Excel workbook ({detail[:200]}). Check that it opens in "
        f"Excel, then save it again as an Excel Workbook (.xlsx).",
    )


def unsafe(path: Path, where: str) -> InputError:
    """An XML part with a document type or entity declaration, which Excel never writes."""
    return input_error(
        path,
        "unsafe-workbook",
        f"unsafe workbook: expected plain spreadsheet XML, found a document type or entity "
        f"declaration (<!DOCTYPE or <!ENTITY) in {where}. Excel never writes these; the file "
        f"may have been tampered with. Rebuild it from a trusted copy or with "
        f"'boardpack new-master PATH'.",
    )


def too_many_rows(path: Path, sheet: str, rows: int) -> InputError:
    return input_error(
        path,
        "too-many-rows",
        f"the sheet '{sheet}' is too large: expected at most {MAX_ROWS:,} rows, found "
        f"{rows:,}. Delete the unused rows below the data (select them, right-click, "
        f"Delete) and save the workbook.",
        sheet,
    )


def _describe(head: bytes) -> str:
    """What the first bytes of a non-zip file look like, for the message."""
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "data that is not a workbook"
    if text.lstrip().lower().startswith(("<!doctype html", "<html")):
        return "a web page (HTML)"
    if text.lstrip().startswith("<"):
        return "an XML file"
    return "plain text"


def _check_directory(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse parts whose declared sizes or compression ratio could exhaust memory."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise _too_big(path, f"expected at most {MAX_PARTS:,} parts, found {len(infos):,}")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES:
            raise _too_big(
                path,
                f"expected each part to unpack to at most {MAX_PART_BYTES // MB} MB, found "
                f"'{info.filename}' declaring {info.file_size / MB:,.0f} MB",
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MB and ratio > MAX_RATIO:
            raise _too_big(
                path,
                f"expected parts to compress at most {MAX_RATIO}:1, found '{info.filename}' "
                f"compressed {ratio:,.0f}:1",
            )
    if total > MAX_TOTAL_BYTES:
        raise _too_big(
            path,
            f"expected the parts to unpack to at most {MAX_TOTAL_BYTES // MB} MB in all, "
            f"found {total / MB:,.0f} MB",
        )


def _too_big(path: Path, found: str) -> InputError:
    return input_error(
        path,
        "file-too-large",
        f"cannot be read safely: {found}. The file may be damaged or built to exhaust "
        f"memory; save the workbook again from Excel.",
    )


def _read_package(path: Path, archive: zipfile.ZipFile) -> Package:
    """Find the parts through the relationships, refuse DTDs, oversized sheets and bad
    references, and note formula sheets, merged cells and table totals rows.

    Every XML part is checked in name order and the first one found wrong is refused.
    The parts that name the worksheets are checked first, each before it is parsed, so
    that each worksheet is read once, for its checks and its scan together.
    """
    names = set(archive.namelist())
    xml_parts = sorted(name for name in names if name.endswith(_XML_SUFFIXES))
    checks = _PartChecks(path, archive, frozenset(xml_parts))
    try:
        early: _Parts | None = _parts(archive, names, checks.require)
    except Exception:  # found again below once every part is checked, to say why
        early = None
    sheet_parts = set(early.sheets.values()) if early else set()
    for name in xml_parts:
        if name in sheet_parts:
            checks.worksheet(name)
        if (problem := checks.problem(name)) is not None:
            raise problem
    parts = early or _parts(archive, names)
    formula_parts = set()
    merged: dict[str, tuple[str, ...]] = {}
    totals: dict[str, frozenset[int]] = {}
    for title, part in parts.sheets.items():
        scan = checks.worksheet(part)
        if (problem := checks.problem(part)) is not None:  # a worksheet not named .xml
            raise problem
        if scan.failure is not None:
            raise scan.failure
        if scan.bad_reference:
            raise bad_reference(path, title, scan.bad_reference)
        if scan.rows > MAX_ROWS:
            raise too_many_rows(path, title, scan.rows)
        if scan.has_formula:
            formula_parts.add(part)
        merged[title] = tuple(scan.merged)
        if rows := _totals_rows(archive, names, part):
            totals[title] = rows
    return Package(
        parts.sheets,
        frozenset(formula_parts),
        merged,
        parts.workbook,
        parts.shared_strings,
        parts.styles,
        totals,
    )


def bad_reference(path: Path, sheet: str, reference: bytes) -> InputError:
    """A row number or cell reference no spreadsheet program writes."""
    shown = reference[:40].decode("utf-8", "replace").encode("ascii", "backslashreplace")
    return input_error(
        path,
        "bad-reference",
        f"the sheet '{sheet}' cannot be read: expected row numbers from 1 to "
        f"{MAX_SHEET_ROWS:,} and cell references such as C14 within A1:XFD{MAX_SHEET_ROWS}, "
        f"in plain digits and letters, found the reference '{shown.decode('ascii')}' in its "
        "XML. The file was not saved by a spreadsheet program, or it is damaged; open it "
        "in Excel and save it again, or rebuild it from a trusted copy.",
        sheet,
    )


class _Unchecked(Exception):
    """A part about to be parsed failed its checks (the refusal is made in name order)."""


class _PartChecks:
    """The checks of a package's parts, each part read once, and its worksheets' scans."""

    def __init__(self, path: Path, archive: zipfile.ZipFile, xml_parts: frozenset[str]) -> None:
        self.path = path
        self.archive = archive
        self.xml_parts = xml_parts
        self.problems: dict[str, InputError | None] = {}
        self.scans: dict[str, _SheetScan] = {}

    def problem(self, name: str) -> InputError | None:
        """Why an XML part is refused (not UTF-8, a DTD or entity), or ``None``."""
        if name not in self.problems:
            self.problems[name] = _xml_problem(self.path, self.archive, name)
        return self.problems[name]

    def require(self, name: str) -> None:
        """Raise ``_Unchecked`` unless the part may be parsed (as every non-XML part may)."""
        if name in self.xml_parts and self.problem(name) is not None:
            raise _Unchecked(name)

    def worksheet(self, name: str) -> _SheetScan:
        """A worksheet's scan, its part checked (``problem``) during the same read."""
        if name not in self.scans:
            problem, self.scans[name] = _scan_worksheet(self.path, self.archive, name)
            self.problems.setdefault(name, problem)
        return self.scans[name]


def _xml_problem(path: Path, archive: zipfile.ZipFile, name: str) -> InputError | None:
    """Why an XML part is refused: not in UTF-8, or declaring a document type or entity.

    Read in chunks that overlap by the length of the pattern, so that a declaration
    split between two chunks is still found.
    """
    tail = b""
    with archive.open(name) as stream:
        chunk = stream.read(_CHUNK)
        if not _is_utf8_xml(chunk[:4]):
            return _not_utf8(path, name)
        while chunk:
            if _DOCTYPE.search(tail + chunk):
                return unsafe(path, f"'{name}'")
            tail = chunk[-16:]
            chunk = stream.read(_CHUNK)
    return None


def _not_utf8(path: Path, name: str) -> InputError:
    return input_error(
        path,
        "unreadable-workbook",
        f"expected XML in UTF-8, as Excel saves it, found another encoding (UTF-16 "
        f"or UTF-32) in '{name}'. Open the workbook in Excel and save it again.",
    )


def _is_utf8_xml(head: bytes) -> bool:
    """False for a UTF-16 or UTF-32 part, which byte-wise checks could not read."""
    return not head.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in head


def _any(name: str) -> None:
    """The guard that lets every part through (the parts were checked already)."""


def _xml(archive: zipfile.ZipFile, name: str, guard: Callable[[str], None] = _any) -> Element:
    """A part parsed, once ``guard`` (which raises to refuse it) has let it through."""
    guard(name)
    return fromstring(archive.read(name))  # type: ignore[no-any-return]


def local_name(tag: str) -> str:
    """An XML tag without its namespace: ``{...main}row`` → ``row``."""
    return tag.rsplit("}", 1)[-1]


def _attribute(element: Element, name: str) -> str:
    """An attribute by its local name, whatever its namespace."""
    return next((v for k, v in element.attrib.items() if local_name(k) == name), "")


def _relationships(
    archive: zipfile.ZipFile, names: set[str], part: str, guard: Callable[[str], None] = _any
) -> Iterator[Element]:
    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{base}.rels")
    if rels not in names:
        raise KeyError(f"no '{rels}' part")
    yield from (e for e in _xml(archive, rels, guard) if local_name(e.tag) == "Relationship")


def _target(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


@dataclass(frozen=True)
class _Parts:
    """The parts a workbook's relationships name, as Excel finds them."""

    workbook: str
    sheets: dict[str, str]
    shared_strings: str | None
    styles: str | None


def _parts(
    archive: zipfile.ZipFile, names: set[str], guard: Callable[[str], None] = _any
) -> _Parts:
    """The workbook part, its sheets (title → part), shared strings and styles.

    Everything is found through the package's and the workbook's relationships, never
    through ``[Content_Types].xml``, so a part that Excel would not read is not read.
    ``guard`` is given each part before it is parsed, and raises to refuse it.
    """
    workbook = next(
        (
            _target("", rel.get("Target", ""))
            for rel in _relationships(archive, names, "", guard)
            if rel.get("Type", "").endswith(_OFFICE_DOCUMENT_TYPE)
        ),
        "",
    )
    root = _xml(archive, workbook, guard) if workbook in names else None
    if root is None or local_name(root.tag) != "workbook":
        raise KeyError("it holds no workbook part")
    targets: dict[str, str] = {}
    by_type: dict[str, str] = {}
    for rel in _relationships(archive, names, workbook, guard):
        if rel.get("TargetMode", "") == "External":
            continue
        kind, target = rel.get("Type", ""), _target(workbook, rel.get("Target", ""))
        if kind.endswith(_WORKSHEET_TYPE):
            targets[rel.get("Id", "")] = target
        for wanted in (_SHARED_STRINGS_TYPE, _STYLES_TYPE):
            if kind.endswith(wanted) and target in names:
                by_type.setdefault(wanted, target)
    sheets: dict[str, str] = {}
    for element in root.iter():
        if local_name(element.tag) == "sheet":
            part = targets.get(_attribute(element, "id"))
            if part in names:
                sheets[element.get("name", "")] = part
    return _Parts(workbook, sheets, by_type.get(_SHARED_STRINGS_TYPE), by_type.get(_STYLES_TYPE))


def _totals_rows(archive: zipfile.ZipFile, names: set[str], sheet: str) -> frozenset[int]:
    """The rows of a sheet that are the totals rows of its Excel tables (``totalsRowCount``)."""
    folder, base = posixpath.split(sheet)
    if posixpath.join(folder, "_rels", f"{base}.rels") not in names:
        return frozenset()
    rows: set[int] = set()
    for rel in _relationships(archive, names, sheet):
        target = _target(sheet, rel.get("Target", ""))
        if not rel.get("Type", "").endswith(_TABLE_TYPE) or target not in names:
            continue
        table = _xml(archive, target)
        count = table.get("totalsRowCount", "0")
        if not count.isdigit() or int(count) == 0:
            continue
        try:
            _, last, _, _ = range_bounds(table.get("ref", ""))
        except ValueError:
            continue
        rows.update(range(max(1, last - int(count) + 1), last + 1))
    return frozenset(rows)


@dataclass
class _SheetScan:
    """What streaming one worksheet's XML found.

    ``rows`` counts from the cells present, never from the sheet's own size record
    (its ``dimension``), which some programs write as the whole grid.
    """

    rows: int = 0
    row_tags: int = 0
    has_formula: bool = False
    merged: list[str] = field(default_factory=list)
    #: the first row number or cell reference that no spreadsheet program writes
    bad_reference: bytes = b""
    #: what stopped the scan, raised once the checks of every part have passed
    failure: Exception | None = None

    def feed(self, text: bytes) -> None:
        if self.failure is not None:
            return
        try:
            self._feed(text, _ANY_TAGS if _PREFIXED.search(text) else _PLAIN_TAGS)
        except Exception as exc:  # raised in its turn, by ``_read_package``
            self.failure = exc

    def _feed(self, text: bytes, tags: _TagPatterns) -> None:
        self.row_tags += len(tags.row.findall(text))
        if not self.bad_reference and (
            bad := tags.bad_row.search(text) or tags.bad_cell.search(text)
        ):
            self.bad_reference = bad[1]
        if rows := tags.filled_cell_row.findall(text):
            self.rows = max(self.rows, max(map(int, rows)))
        if not self.has_formula:
            self.has_formula = bool(tags.formula.search(text))
        self.merged.extend(ref.decode("ascii") for ref in tags.merge.findall(text))


def _scan_worksheet(
    path: Path, archive: zipfile.ZipFile, part: str
) -> tuple[InputError | None, _SheetScan]:
    """Stream one worksheet's XML once: the checks of every XML part (``_xml_problem``),
    then its rows, formulas and merged ranges.

    The buffer is cut at its last ``<`` so that no tag, and no declaration, is split
    between two pieces. The scan stops at the first refusal.
    """
    scan = _SheetScan()
    carry = b""
    with archive.open(part) as stream:
        chunk = stream.read(_CHUNK)
        if not _is_utf8_xml(chunk[:4]):
            return _not_utf8(path, part), scan
        while chunk:
            buffer = carry + chunk
            cut = buffer.rfind(b"<")
            if cut <= 0 or len(buffer) - cut > _CHUNK:
                cut = len(buffer)
            piece, carry = buffer[:cut], buffer[cut:]
            if _DOCTYPE.search(piece):
                return unsafe(path, f"'{part}'"), scan
            scan.feed(piece)
            chunk = stream.read(_CHUNK)
    if _DOCTYPE.search(carry):
        return unsafe(path, f"'{part}'"), scan
    scan.feed(carry)
    scan.rows = max(scan.rows, scan.row_tags)
    return None, scan
