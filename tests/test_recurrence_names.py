"""Every recurrence the rules can give is named where officers look for it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import openpyxl
import pytest

from boardpack.rules.timescales import read_timescale
from boardpack.status import Recurrence
from boardpack.workbook.writer import ABOUT_SHEET

ROOT = Path(__file__).resolve().parents[1]
NAMES = get_args(Recurrence)


def _about_text() -> str:
    book = openpyxl.load_workbook(ROOT / "inputs" / "master.xlsx")
    sheet = book[ABOUT_SHEET]
    return " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)


@pytest.mark.parametrize("name", NAMES)
def test_the_about_sheet_names_every_recurrence(name: str) -> None:
    assert re.search(rf"\b{re.escape(name)}\b", _about_text())


@pytest.mark.parametrize("name", NAMES)
def test_the_readme_names_every_recurrence(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How boardpack judges the plan")[1].split("\n## ")[0]
    assert f"*{name}*" in section


@pytest.mark.parametrize("name", NAMES)
def test_each_recurrence_name_is_what_its_own_word_gives(name: str) -> None:
    assert read_timescale(f"{name.capitalize()} review").recurrence == name
