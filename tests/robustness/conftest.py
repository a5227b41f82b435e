"""Helpers for the end-to-end robustness tests: workbooks in, document text out."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

#: the documented cleaning of a text cell (docs/workbook.md, ``cells.clean_text``):
#: these start a new paragraph ...
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\u2028\u2029]")
#: ... and these hidden characters are removed
_HIDDEN = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def cleaned_lines(typed: str) -> list[str]:
    """What a cell typed as ``typed`` must print as: one trimmed paragraph a line."""
    text = _HIDDEN.sub("", _LINE_BREAKS.sub("\n", typed)).replace("\t", " ")
    return [line.strip() for line in text.split("\n") if line.strip()]


def document_text(path: Path) -> str:
    """Every paragraph of a .docx (body, tables, headers, footers), one a line."""
    document = docx.Document(str(path))
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    return "\n".join(Paragraph(p, None).text for part in parts for p in part.iter(qn("w:p")))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session")
def text_of() -> Callable[[Path], str]:
    return document_text


@pytest.fixture(scope="session")
def lines_of_cell() -> Callable[[str], list[str]]:
    return cleaned_lines


@pytest.fixture(scope="session")
def files_of() -> Callable[[Path], dict[str, bytes]]:
    return snapshot
