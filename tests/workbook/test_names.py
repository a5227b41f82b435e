"""Headers and sheet names are read by their name, a known alias or a near miss."""

from __future__ import annotations

import pytest

from boardpack.workbook.schema import (
    ACTIONS,
    AREAS,
    MEASURE_VALUES,
    SHEETS,
    UPDATES,
    SheetSpec,
    loose_key,
    match_column,
    match_sheet,
    normalise_header,
)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Revised due date", "reviseddue"),
        ("Revised due dates", "reviseddue"),
        ("revised-due", "reviseddue"),
        ("Owner(s)", "owner"),
        ("Measure_values", "measurevalue"),
        ("Date", "date"),
        ("s", "s"),
    ],
)
def test_a_loose_key_ignores_case_spaces_punctuation_a_plural_and_a_trailing_date(
    text: str, key: str
) -> None:
    assert loose_key(text) == key


def test_inner_spaces_and_a_trailing_star_do_not_change_a_header() -> None:
    assert normalise_header("  Revised   due * ") == "revised due"


@pytest.mark.parametrize(
    ("spec", "text", "header", "how"),
    [
        (UPDATES, "Revised due", "Revised due", "exact"),
        (UPDATES, "REVISED  DUE*", "Revised due", "exact"),
        (UPDATES, "Revised due date", "Revised due", "near"),
        (UPDATES, "Revised date", "Revised due", "alias"),
        (UPDATES, "RAG status", "RAG", "alias"),
        (AREAS, "Outcome", "Outcomes", "near"),
        (ACTIONS, "Due date", "Due", "near"),
        (ACTIONS, "Action owner", "Owner", "alias"),
        (ACTIONS, "Owner(s)", "Owner", "alias"),
        (ACTIONS, "Lead officer", "Owner", "alias"),
        (MEASURE_VALUES, "Dates", "Date", "near"),
        (MEASURE_VALUES, "Notes", "Note", "near"),
    ],
)
def test_a_header_is_read_by_name_alias_or_near_miss(
    spec: SheetSpec, text: str, header: str, how: str
) -> None:
    match = match_column(spec, text)

    assert match is not None
    assert (match[0].header, match[1]) == (header, how)


@pytest.mark.parametrize("text", ["Note", "Comments", "", "*", "Due date"])
def test_any_other_header_on_updates_is_not_read(text: str) -> None:
    assert match_column(UPDATES, text) is None


@pytest.mark.parametrize(
    ("title", "name", "how"),
    [
        (" glossary ", "Glossary", "exact"),
        ("Acronyms", "Glossary", "alias"),
        ("Abbreviations", "Glossary", "alias"),
        ("RAG key", "RAG", "alias"),
        ("Measure_values", "Measure values", "near"),
        ("Update", "Updates", "near"),
    ],
)
def test_a_sheet_is_read_by_name_alias_or_near_miss(title: str, name: str, how: str) -> None:
    match = match_sheet(title)

    assert match is not None
    assert (match[0].name, match[1]) == (name, how)


@pytest.mark.parametrize("title", ["About", "Budget", "Sheet1"])
def test_any_other_sheet_is_not_read(title: str) -> None:
    assert match_sheet(title) is None


@pytest.mark.parametrize("spec", SHEETS, ids=[spec.name for spec in SHEETS])
def test_no_two_columns_of_a_sheet_share_a_name_alias_or_near_miss(spec: SheetSpec) -> None:
    for column in spec.columns:
        match = match_column(spec, column.header)
        assert match is not None and match[0] is column
