"""Text survives the trip through a workbook: written as Excel saves it, read as typed.

Excel stores characters that XML cannot hold as ``_xHHHH_`` escapes, and the ``_``
of text that looks like an escape as ``_x005F_``. The writer does the same, and
the reader undoes it, so any text an officer can type reads back exactly, cleaned
only as documented.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boardpack.workbook.cells import clean_text
from boardpack.workbook.reader import read_master
from boardpack.workbook.writer import excel_text, write_master

PLAN: dict[str, list[dict[str, object]]] = {
    "Areas": [{"Area": "1", "Title": "Assessments"}],
    "Actions": [{"Ref": "1.1", "Area": "1", "Action": "x", "Target": "By December 2019."}],
    "Updates": [{"Period": "2019-10-31", "Ref": "1.1", "RAG": "G", "Progress": "On track."}],
}
REPORT = [("Organisation", "Testshire Council"), ("Title", "Test plan")]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("plain", "plain"),
        ("a\x0bb", "a_x000B_b"),
        ("bell\x07", "bell_x0007_"),
        ("line\r\nbreak", "line_x000D_\nbreak"),
        ("tab\tand\nfeed", "tab\tand\nfeed"),
        ("_x000B_", "_x005F_x000B_"),
        ("_x005F_", "_x005F_x005F_"),
        ("_x00_ and _xZZZZ_", "_x00_ and _xZZZZ_"),
        ("\ufffe\uffff", "_xFFFE__xFFFF_"),
    ],
    ids=[
        "plain", "vertical-tab", "bell", "windows-line-break", "tab-and-line-feed",
        "typed-escape", "typed-underscore-escape", "not-escapes", "non-characters",
    ],
)  # fmt: skip
def test_text_is_stored_as_excel_stores_it(typed: str, stored: str) -> None:
    assert excel_text(typed) == stored


@pytest.mark.parametrize(
    ("stored", "text", "hidden"),
    [
        ("_x005F_x000B_", "_x000B_", []),
        ("a_x005F_b", "a_b", []),
        ("Train_x000B_staff", "Train\nstaff", ["\x0b"]),
        ("one_x000D_\ntwo", "one\ntwo", []),
        ("one_x000D_two", "one\ntwo", []),
        ("odd_xFFFF_", "odd", ["\uffff"]),
        ("keep _x0041_ as typed", "keep _x0041_ as typed", []),
    ],
    ids=[
        "escaped-escape", "escaped-underscore", "vertical-tab", "windows-line-break",
        "carriage-return", "non-character", "other-escapes-kept",
    ],
)  # fmt: skip
def test_excel_escapes_read_back_as_typed(stored: str, text: str, hidden: list[str]) -> None:
    assert clean_text(stored) == (text, hidden)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("escapes")


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(typed=st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60))
def test_any_text_reads_back_cleaned_with_a_warning_only_for_hidden_characters(
    typed: str, folder: Path, lines_of_cell: Callable[[str], list[str]]
) -> None:
    path = folder / "master.xlsx"
    plan = {**PLAN, "Actions": [{**PLAN["Actions"][0], "Action": typed}]}
    write_master(path, plan, report=REPORT)

    read, problems = read_master(path)

    expected = "\n".join(lines_of_cell(typed))
    warned = [p.cell for p in problems if p.code == "control-characters"]
    if not expected:
        assert read is not None and read.actions == []
        assert [(p.code, p.cell) for p in problems if p.is_error] == [("missing-value", "C2")]
        return
    assert read is not None
    assert read.actions[0].text == expected
    hidden = any((c < " " and c not in "\t\n\r") or "\x7f" <= c <= "\x9f" for c in typed)
    assert warned == (["C2"] if hidden or "\ufffe" in typed or "\uffff" in typed else [])


@pytest.mark.parametrize(
    ("sheet", "column", "cell"),
    [("Actions", "Action", "C2"), ("Actions", "Ref", "A2"), ("Areas", "Title", "B2")],
    ids=["action-text", "ref", "area-title"],
)
def test_a_required_cell_of_only_hidden_characters_is_missing(
    sheet: str, column: str, cell: str, tmp_path: Path
) -> None:
    path = tmp_path / "master.xlsx"
    plan = {**PLAN, sheet: [{**PLAN[sheet][0], column: " \x0b\x07 \r\n "}]}
    write_master(path, plan, report=REPORT)

    _, problems = read_master(path)

    errors = [(p.code, p.sheet, p.cell, p.message) for p in problems if p.is_error]
    assert errors[0] == (
        "missing-value",
        sheet,
        cell,
        f"expected a value for '{column}', found only hidden characters and spaces",
    )
