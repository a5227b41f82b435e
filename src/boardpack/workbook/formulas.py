"""Formula cells that were saved without a value.

A workbook written by a tool that does not calculate (a script, some converters)
keeps the formula but no result, and a reader sees an empty cell. Only worksheets
that hold a formula at all are parsed here, streaming, so the common case costs
nothing.
"""

from __future__ import annotations

import zipfile
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import iterparse

from boardpack.workbook.safety import local_name
from boardpack.workbook.xlsx import column_letter, split_coordinate


def _has_value(kind: str | None, children: dict[str, Element]) -> bool:
    """A saved result: a ``<v>`` with text, or an empty one for an empty text result.

    Tools that do not calculate write an empty ``<v>`` on a number cell; Excel writes
    an empty ``<v>`` only for a formula whose result is empty text (type ``str``).
    """
    if "is" in children:
        return True
    value = children.get("v")
    return value is not None and (bool(value.text) or kind in ("str", "inlineStr"))


def uncomputed_formulas(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Cells of one worksheet part with a formula and no saved value.

    Returns coordinate (``C14``) → the formula as written (``""`` for the cells that
    share another cell's formula).
    """
    found: dict[str, str] = {}
    row = column = 0
    with archive.open(part) as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            name = local_name(element.tag)
            if event == "start":
                if name == "row":
                    row = int(element.get("r") or row + 1)
                    column = 0
                continue
            if name == "c":
                reference = element.get("r")
                if reference:
                    row, column = split_coordinate(reference)
                else:
                    column += 1
                children = {local_name(child.tag): child for child in element}
                if "f" in children and not _has_value(element.get("t"), children):
                    coordinate = f"{column_letter(column)}{row}"
                    found[coordinate] = (children["f"].text or "").strip()
            elif name == "row":
                element.clear()
    return found
