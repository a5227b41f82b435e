"""Stream the cells of an ``.xlsx`` workbook as saved: values, number formats, places.

A directorate's master can hold tens of thousands of update rows, and officers
rebuild often, so worksheets are parsed here with lxml, one row at a time, rather
than through a spreadsheet library's cell objects. A cell reads as openpyxl reads it
in read-only mode with saved values: shared and inline strings, numbers (``int``
unless written with a point or exponent), booleans, error codes such as ``#N/A``
(as :class:`ExcelError` text),
ISO dates, and numbers in a date format as datetimes counted from the workbook's
1900 or 1904 epoch. Formulas are ignored; their saved results are the values.

The package was checked before it gets here (``safety``); the parser still loads
no DTD, expands no entity and never reaches the network.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import BinaryIO

from defusedxml import DTDForbidden
from lxml import etree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
#: the same namespace in a workbook saved as "Strict Open XML Spreadsheet"
STRICT_MAIN = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"


class Tags:
    """The element names of one namespace: ordinary (transitional) or strict."""

    def __init__(self, namespace: str) -> None:
        self.row, self.cell, self.value = f"{namespace}row", f"{namespace}c", f"{namespace}v"
        self.inline, self.text, self.run = f"{namespace}is", f"{namespace}t", f"{namespace}r"
        self.item, self.namespace = f"{namespace}si", namespace

    @classmethod
    def of(cls, root: etree._Element) -> Tags:
        """The tags of the namespace ``root`` is in (strict or ordinary)."""
        return _STRICT_TAGS if str(root.tag).startswith(STRICT_MAIN) else _TAGS


_TAGS = Tags(MAIN)
_STRICT_TAGS = Tags(STRICT_MAIN)

#: Excel's built-in number formats by id (ECMA-376 part 1, 18.8.30), as openpyxl names them
BUILTIN_FORMATS = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)',
    8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)",
    38: "#,##0_);[Red](#,##0)",
    39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}

#: quoted text and bracketed locale or colour codes, which never make a format a date
_NOT_DATE_PARTS = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_CODE = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_COORDINATE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)$")

WINDOWS_EPOCH = datetime(1899, 12, 30)
MAC_EPOCH = datetime(1904, 1, 1)
_SECONDS_PER_DAY = 86400


class ExcelError(str):
    """An error value saved in a cell, such as ``#REF!`` or ``#N/A``: text, marked as an error."""

    __slots__ = ()


class Cell:
    """One cell as saved: its value, its number format and its place."""

    __slots__ = ("column", "number_format", "row", "value")

    def __init__(self, value: object, number_format: str, row: int, column: int) -> None:
        self.value = value
        self.number_format = number_format
        self.row = row
        self.column = column

    @property
    def coordinate(self) -> str:
        """``C14``."""
        return f"{column_letter(self.column)}{self.row}"


#: what a cell missing from the sheet's XML reads as
EMPTY = Cell(None, "General", 0, 0)


def column_letter(number: int) -> str:
    """``1`` → ``A``, ``28`` → ``AB``."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """``A`` → ``1``, ``AB`` → ``28`` (any case)."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def split_coordinate(coordinate: str) -> tuple[int, int]:
    """``C14`` → ``(14, 3)``: row and column; ``ValueError`` for anything else."""
    match = _COORDINATE.match(coordinate)
    if not match:
        raise ValueError(f"expected a cell reference such as C14, found {coordinate!r}")
    return int(match[2]), column_number(match[1])


def range_bounds(reference: str) -> tuple[int, int, int, int]:
    """``A2:B3`` (or ``A2``) → ``(first row, last row, first column, last column)``."""
    first, _, last = reference.partition(":")
    row1, col1 = split_coordinate(first)
    row2, col2 = split_coordinate(last) if last else (row1, col1)
    return min(row1, row2), max(row1, row2), min(col1, col2), max(col1, col2)


def is_date_format(code: str | None) -> bool:
    """True when a number format shows a number as a date or time."""
    if code is None:
        return False
    return _DATE_CODE.search(_NOT_DATE_PARTS.sub("", code.split(";")[0])) is not None


def is_duration_format(code: str | None) -> bool:
    """True for elapsed-time formats such as ``[h]:mm:ss``."""
    return code is not None and _DURATION.search(code.split(";")[0]) is not None


def from_serial(value: float, epoch: datetime, *, duration: bool = False) -> object:
    """An Excel serial number as the datetime (or time, or duration) it shows."""
    if duration:
        elapsed = timedelta(days=value)
        if elapsed.microseconds:
            elapsed = timedelta(
                seconds=elapsed.total_seconds() // 1,
                microseconds=round(elapsed.microseconds, -3),
            )
        return elapsed
    day, fraction = divmod(value, 1)
    clock = timedelta(milliseconds=round(fraction * _SECONDS_PER_DAY * 1000))
    if 0 <= value < 1 and clock.days == 0:
        seconds = clock.seconds
        return time(seconds // 3600, seconds // 60 % 60, seconds % 60, clock.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1  # Excel's 1900 calendar counts a 29 February 1900 that never was
    return epoch + timedelta(days=day) + clock


def _number(text: str) -> int | float:
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


def _iso_datetime(text: str) -> datetime | time | None:
    """A ``t="d"`` cell: an ISO 8601 date, time or both."""
    text = text.strip()
    if not text:
        return None
    if "-" not in text[:5]:
        return time.fromisoformat(text.rstrip("Z"))
    return datetime.fromisoformat(text.rstrip("Z")).replace(tzinfo=None)


_SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def _refuse_dtd(tree: etree._ElementTree) -> None:
    """Raise ``DTDForbidden`` for a part with a document type, which Excel never writes."""
    if tree.docinfo.doctype:
        raise DTDForbidden(tree.docinfo.root_name, tree.docinfo.system_url, tree.docinfo.public_id)


def _parse(data: bytes) -> etree._Element:
    root = etree.fromstring(data, etree.XMLParser(**_SAFE))
    _refuse_dtd(root.getroottree())
    return root


def _stream(source: object, tag: str) -> Iterator[etree._Element]:
    """Each ``tag`` element of an XML stream once it is complete, then cleared away."""
    events = etree.iterparse(source, tag=tag, **_SAFE)
    checked = False
    for _, element in events:
        if not checked:
            _refuse_dtd(element.getroottree())
            checked = True
        yield element
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    if not checked and events.root is not None:
        _refuse_dtd(events.root.getroottree())


def _child(element: etree._Element, tag: str) -> etree._Element | None:
    """The first child named ``tag``, or ``None``.

    Used rather than ``find`` in the per-cell code: lxml's ``find`` and ``findtext`` go
    through its path engine, written in Python, and cost more than iterating in C.
    """
    for child in element.iterchildren(tag):
        return child
    return None


def _child_text(element: etree._Element, tag: str) -> str | None:
    """``findtext(tag)``: the first ``tag`` child's text (``""`` when empty), or ``None``."""
    for child in element.iterchildren(tag):
        return child.text or ""
    return None


def _plain_text(element: etree._Element, tags: Tags = _TAGS) -> str:
    """A string item's text: its own ``<t>`` and its runs' ``<t>``, no phonetic guides."""
    if len(element) == 1:
        first = element[0]
        if first.tag == tags.text:
            return first.text or ""
    pieces = []
    for child in element:
        if child.tag == tags.text:
            pieces.append(child.text or "")
        elif child.tag == tags.run:
            text = _child_text(child, tags.text)
            if text is not None:
                pieces.append(text)
    return "".join(pieces)


class Styles:
    """Each cell style's number format, and which styles show dates or durations."""

    def __init__(self, formats: list[str]) -> None:
        self.formats = formats
        self.dates = frozenset(i for i, code in enumerate(formats) if is_date_format(code))
        self.durations = frozenset(i for i, code in enumerate(formats) if is_duration_format(code))

    @classmethod
    def read(cls, archive: zipfile.ZipFile, part: str | None) -> Styles:
        """The styles part's cell formats (``cellXfs``); Excel's default without one."""
        if part is None:
            return cls(["General"])
        root = _parse(archive.read(part))
        namespace = Tags.of(root).namespace
        custom = {
            number.get("numFmtId", ""): number.get("formatCode", "")
            for number in root.iter(f"{namespace}numFmt")
        }
        formats = []
        for cell_formats in root.iter(f"{namespace}cellXfs"):
            for xf in cell_formats.iter(f"{namespace}xf"):
                ident = xf.get("numFmtId", "0")
                code = custom.get(ident)
                if code is None:
                    code = BUILTIN_FORMATS.get(int(ident), "General") if ident.isdigit() else ""
                formats.append(code or "General")
        return cls(formats or ["General"])

    def format_of(self, style: int) -> str:
        return self.formats[style] if 0 <= style < len(self.formats) else "General"


class Worksheet:
    """One worksheet, streamed from its XML part each time its rows are read."""

    def __init__(self, book: Workbook, title: str, part: str) -> None:
        self.book = book
        self.title = title
        self.part = part

    def iter_rows(
        self, min_row: int = 1, max_row: int | None = None, max_col: int | None = None
    ) -> Iterator[tuple[Cell, ...]]:
        """Rows ``min_row`` to ``max_row`` (default: the last), one tuple of cells each.

        Rows missing from the XML come as empty rows; each row holds ``max_col`` cells
        (default: up to its last cell), missing cells read as :data:`EMPTY`.
        """
        empty = (EMPTY,) * max_col if max_col else ()
        counter = min_row
        number = 0
        for number, cells in self._parsed_rows():
            if max_row is not None and number > max_row:
                break
            while counter < number:
                counter += 1
                yield empty
            if counter == number:
                counter += 1
                yield self._row(cells, max_col)
        if max_row is not None and max_row < number:
            while counter <= max_row:
                counter += 1
                yield empty

    @staticmethod
    def _row(cells: list[Cell], max_col: int | None) -> tuple[Cell, ...]:
        if not cells and not max_col:
            return ()
        width = max_col or cells[-1].column
        row = [EMPTY] * width
        for cell in cells:
            if 1 <= cell.column <= width:
                row[cell.column - 1] = cell
        return tuple(row)

    def _parsed_rows(self) -> Iterator[tuple[int, list[Cell]]]:
        """``(row number, cells)`` for each ``<row>`` of the part, in document order.

        Strings and plain numbers, nearly every cell of a plan, take the short way
        (written out here rather than called, as it runs once per cell); every other
        kind goes through :func:`_value`.
        """
        book = self.book
        styles, strings, epoch, tags = book.styles, book.shared_strings, book.epoch, book.tags
        row_tag, cell_tag, value_tag, inline_tag = tags.row, tags.cell, tags.value, tags.inline
        formats, dates = styles.formats, styles.dates
        last_style = len(formats) - 1
        dated: dict[tuple[str, int], object] = {}
        number = 0
        with book.archive.open(self.part) as stream:
            for element in _stream(stream, row_tag):
                written = element.get("r")
                number = _row_number(written) if written else number + 1
                cells: list[Cell] = []
                column = 0
                for c in element.iterchildren(cell_tag):
                    reference = c.get("r")
                    column = _column_of(reference) if reference else column + 1
                    written_style = c.get("s")
                    style = int(written_style) if written_style else 0
                    kind = c.get("t")
                    value: object
                    if kind == "s":
                        index = _child_text(c, value_tag)
                        value = strings[int(index)] if index else None
                    elif kind == "inlineStr":
                        inline = c[0] if len(c) else None  # ``<is>`` is the only child
                        if inline is not None and inline.tag != inline_tag:
                            inline = _child(c, inline_tag)
                        value = _plain_text(inline, tags) if inline is not None else None
                    elif kind is None or kind == "n":
                        text = _child_text(c, value_tag)
                        if not text:
                            value = None
                        elif style not in dates:
                            value = _number(text)
                        elif (text, style) in dated:
                            value = dated[text, style]
                        else:  # a plan repeats its few dates in every row: each is read once
                            value = _value(c, styles, strings, epoch, style, tags)
                            dated[text, style] = value
                    else:
                        value = _value(c, styles, strings, epoch, style, tags)
                    number_format = formats[style] if 0 <= style <= last_style else "General"
                    cells.append(Cell(value, number_format, number, column))
                yield number, cells


_DIGITS = "0123456789"
#: column letters → number, filled as references are met
_COLUMNS: dict[str, int] = {}


def _column_of(reference: str) -> int:
    """The column of a cell reference such as ``C14``."""
    letters = reference.rstrip(_DIGITS)
    column = _COLUMNS.get(letters) if letters != reference else None
    if column is None:
        column = split_coordinate(reference)[1]
        _COLUMNS[letters] = column
    return column


def _row_number(written: str) -> int:
    """A row's ``r``: plain ASCII digits from 1 to 1,048,576, as every program writes it."""
    if not (written.isascii() and written.isdigit() and 0 < len(written) <= 7):
        raise ValueError(f"{written[:40]!r} is not a row number")
    number = int(written)
    if number > _LAST_ROW:
        raise ValueError(f"{written} is beyond the last row of a sheet")
    return number


_LAST_ROW = 1_048_576


def _value(
    c: etree._Element,
    styles: Styles,
    strings: list[str],
    epoch: datetime,
    style: int,
    tags: Tags = _TAGS,
) -> object:
    """The saved value of one ``<c>`` element."""
    kind = c.get("t", "n")
    if kind == "inlineStr":
        inline = _child(c, tags.inline)
        return _plain_text(inline, tags) if inline is not None else None
    value = _child_text(c, tags.value) or None
    if value is None:
        return None
    if kind == "n":
        number = _number(value)
        if style in styles.dates:
            try:
                return from_serial(number, epoch, duration=style in styles.durations)
            except (OverflowError, ValueError):
                return ExcelError("#VALUE!")  # a date format on a number no calendar holds
        return number
    if kind == "s":
        return strings[int(value)]
    if kind == "b":
        return bool(int(value))
    if kind == "d":
        return _iso_datetime(value)
    if kind == "e":
        return ExcelError(value)
    return value  # "str": a formula's text result


class Workbook:
    """An open workbook: its worksheets in order, read on demand. Close it after use.

    The parts are those the workbook's relationships name (see ``safety``); a
    workbook saved as Strict Open XML reads exactly as its ordinary twin.
    """

    def __init__(
        self,
        source: Path | BinaryIO,
        workbook_part: str,
        sheet_parts: dict[str, str],
        shared_strings_part: str | None,
        styles_part: str | None,
    ) -> None:
        self.archive = zipfile.ZipFile(source)
        try:
            root = _parse(self.archive.read(workbook_part))
            self.tags = Tags.of(root)
            self.styles = Styles.read(self.archive, styles_part)
            self.shared_strings = self._read_shared_strings(shared_strings_part)
            self.epoch = MAC_EPOCH if self._uses_1904(root) else WINDOWS_EPOCH
        except BaseException:
            self.archive.close()
            raise
        self.worksheets = [Worksheet(self, title, part) for title, part in sheet_parts.items()]

    def close(self) -> None:
        self.archive.close()

    def _read_shared_strings(self, part: str | None) -> list[str]:
        """Every shared string, in order (``_x005F_`` read as openpyxl reads it)."""
        if part is None:
            return []
        with self.archive.open(part) as stream:
            first = _stream(stream, self.tags.item)
            strings = [_plain_text(item, self.tags).replace("x005F_", "") for item in first]
        return strings

    def _uses_1904(self, root: etree._Element) -> bool:
        """True when the workbook counts dates from 1904 (as Excel for Mac once did)."""
        properties = root.find(f"{self.tags.namespace}workbookPr")
        flag = properties.get("date1904", "") if properties is not None else ""
        return flag.lower() in ("1", "true")
