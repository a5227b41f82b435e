"""read_master on workbooks with mistakes: each problem, its place and its words.

Each case builds a workbook from the ``master`` fixture (``GOOD`` with one mistake)
and lists every problem the reader must report, word for word, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from boardpack.model import Rag
from boardpack.problems import ERROR, WARNING, Problem
from boardpack.workbook.reader import read_master

DATE_FORMS = (
    "a date, day first (an Excel date, 31/10/2019, 2019-10-31, 31-Oct-2019, 31 October 2019 "
    "or Oct 2019)"
)
RAG_EXPECTED = "a RAG code (B, G, A or R, or Blue/Green/Amber/Red)"


def error(code: str, sheet: str, cell: str | None, message: str) -> Problem:
    return Problem(ERROR, code, sheet, cell, message)


def warning(code: str, sheet: str, cell: str | None, message: str) -> Problem:
    return Problem(WARNING, code, sheet, cell, message)


def merge(sheet: str, cells: str) -> Callable[[Any], None]:
    return lambda workbook: workbook[sheet].merge_cells(cells)


Build = Callable[[Any], Path]

CASES = [
    pytest.param(
        lambda m: m.write(m.replace_cell("Actions", 3, 3, None)),
        [
            error(
                "missing-value",
                "Actions",
                "C3",
                "expected a value for 'Action', found an empty cell",
            )
        ],
        id="missing-value",
    ),
    pytest.param(
        lambda m: m.write({"Report": [r for r in m.report_rows if r[0] != "Organisation"]}),
        [
            error(
                "missing-field",
                "Report",
                None,
                "expected a value for the field 'Organisation', found no row with that Field",
            )
        ],
        id="missing-field-row",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Report", 3, 2, "  ")),
        [
            error(
                "missing-field",
                "Report",
                "B3",
                "expected a value for the field 'Title', found an empty cell",
            )
        ],
        id="missing-field-blank",
    ),
    pytest.param(
        lambda m: m.write(m.with_row("Report", ["title", "Another"])),
        [
            error(
                "duplicate-field",
                "Report",
                "A7",
                "expected each field once, found 'title' again (first value in B3); "
                "this row is left out",
            )
        ],
        id="duplicate-field",
    ),
    pytest.param(
        lambda m: m.write(m.with_row("Report", [None, "orphan"])),
        [
            error(
                "missing-value",
                "Report",
                "A7",
                "expected a value for 'Field', found an empty cell beside a value",
            )
        ],
        id="report-value-without-field",
    ),
    pytest.param(
        lambda m: m.write(m.with_row("Report", ["As at", "31/13/2019"])),
        [
            error(
                "duplicate-field",
                "Report",
                "A7",
                "expected each field once, found 'As at' again (first value in B4); "
                "this row is left out",
            )
        ],
        id="duplicate-field-not-read",
    ),
    pytest.param(
        lambda m: m.write(m.with_row("Measure values", ["M1", "30/11/2019", "Actual", 0.47])),
        [
            warning(
                "small-percentage",
                "Measure values",
                "D5",
                "expected a percentage such as 47 or 47%, found 0.47, which is read as 0.47%; if "
                "you meant 47%, type 47 or format the cell as a percentage",
            )
        ],
        id="small-percentage",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Report", 4, 2, "last Tuesday")),
        [error("bad-date", "Report", "B4", f"expected {DATE_FORMS}, found 'last Tuesday'")],
        id="bad-as-at",
    ),
    pytest.param(
        lambda m: m.write(m.with_row("Report", ["Year starts", "Aprl"])),
        [
            error(
                "bad-value",
                "Report",
                "B7",
                "expected a month name (e.g. April) or a number from 1 to 12, found 'Aprl'",
            )
        ],
        id="year-starts-word",
    ),
    pytest.param(
        lambda m: m.write(m.with_row("Report", ["Year starts", 13])),
        [
            error(
                "bad-value",
                "Report",
                "B7",
                "expected a month name (e.g. April) or a number from 1 to 12, found the number 13",
            )
        ],
        id="year-starts-13",
    ),
    pytest.param(
        lambda m: m.write(m.with_row("Report", ["Red after days overdue", -5])),
        [
            error(
                "bad-value",
                "Report",
                "B7",
                "expected a whole number of days (0 or more), found the number -5",
            )
        ],
        id="red-after-negative",
    ),
    pytest.param(
        lambda m: m.write(m.with_row("Report", ["Due soon days", "ninety"])),
        [
            error(
                "bad-value",
                "Report",
                "B7",
                "expected a whole number of days (0 or more), found 'ninety'",
            )
        ],
        id="due-soon-word",
    ),
    pytest.param(
        lambda m: m.write(m.with_row("Report", ["Due soon days", 7.5])),
        [
            error(
                "bad-value",
                "Report",
                "B7",
                "expected a whole number of days (0 or more), found the number 7.5",
            )
        ],
        id="due-soon-fraction",
    ),
    pytest.param(
        lambda m: m.write(m.with_row("Actions", ["1.2", "1", "Again", "Soon", None, None])),
        [
            error(
                "duplicate-ref",
                "Actions",
                "A6",
                "expected each Ref once, found '1.2' again (first in A3); this row is left out",
            )
        ],
        id="duplicate-ref",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Actions", 3, 2, "10")),
        [
            error(
                "unknown-area",
                "Actions",
                "B3",
                "expected an Area id from the Areas sheet (1, 2), found '10'",
            )
        ],
        id="unknown-area",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Actions", 3, 5, "soon")),
        [error("bad-date", "Actions", "E3", f"expected {DATE_FORMS}, found 'soon'")],
        id="bad-due",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Actions", 3, 5, 43769)),
        [error("bad-date", "Actions", "E3", f"expected {DATE_FORMS}, found the number 43769")],
        id="due-as-serial-number",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Updates", 3, 2, "9.9")),
        [
            error(
                "unknown-ref",
                "Updates",
                "B3",
                "expected a Ref from the Actions sheet (1.1, 1.2, 1.10, 2.1), found '9.9'",
            )
        ],
        id="unknown-ref",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Updates", 3, 3, "Purple")),
        [error("bad-rag", "Updates", "C3", f"expected {RAG_EXPECTED}, found 'Purple'")],
        id="bad-rag",
    ),
    pytest.param(
        lambda m: m.write(m.with_row("Updates", [date(2019, 10, 31), "1.2", "G", "Again"])),
        [
            error(
                "duplicate-update",
                "Updates",
                "B7",
                "expected one update for each Ref and Period, found a second update for '1.2' "
                "in the period 2019-10-31 (first in B3); this row is left out",
            )
        ],
        id="duplicate-update",
    ),
    pytest.param(
        lambda m: m.write(m.with_row("Updates", ["Oct 2019", "1.2", "G", "Same period"])),
        [
            error(
                "duplicate-update",
                "Updates",
                "B7",
                "expected one update for each Ref and Period, found a second update for '1.2' "
                "in the period 2019-10-31 (first in B3); this row is left out",
            )
        ],
        id="duplicate-update-period-as-text",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Updates", 3, 1, "31/13/2019")),
        [error("bad-date", "Updates", "A3", f"expected {DATE_FORMS}, found '31/13/2019'")],
        id="bad-period",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Updates", 5, 7, "when possible")),
        [error("bad-date", "Updates", "G5", f"expected {DATE_FORMS}, found 'when possible'")],
        id="bad-revised-due",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Measures", 2, 5, "1.1, 9.9; 8")),
        [
            error(
                "unknown-ref",
                "Measures",
                "E2",
                "expected Refs from the Actions sheet (1.1, 1.2, 1.10, 2.1), found '9.9', '8'",
            )
        ],
        id="measure-unknown-ref",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Measures", 2, 3, "kg")),
        [error("bad-value", "Measures", "C2", "expected a unit of %, number or days, found 'kg'")],
        id="bad-unit",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Measures", 2, 4, "more")),
        [error("bad-value", "Measures", "D2", "expected higher or lower, found 'more'")],
        id="bad-better",
    ),
    pytest.param(
        lambda m: m.write(m.with_row("Measures", ["M1", "Again"])),
        [
            error(
                "duplicate-measure",
                "Measures",
                "A4",
                "expected each Measure id once, found 'M1' again (first in A2); "
                "this row is left out",
            )
        ],
        id="duplicate-measure",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Measure values", 2, 1, "M9")),
        [
            error(
                "unknown-measure",
                "Measure values",
                "A2",
                "expected a Measure id from the Measures sheet (M1, M2), found 'M9'",
            )
        ],
        id="unknown-measure",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Measure values", 2, 3, "Forecast")),
        [
            error(
                "bad-kind",
                "Measure values",
                "C2",
                "expected Baseline, Actual or Target, found 'Forecast'",
            )
        ],
        id="bad-kind",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Measure values", 2, 4, "lots")),
        [
            error(
                "bad-value",
                "Measure values",
                "D2",
                "expected a number, e.g. 47 or 47%, found 'lots'",
            )
        ],
        id="bad-value",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Measure values", 4, 4, "20%")),
        [
            error(
                "bad-value",
                "Measure values",
                "D4",
                "expected a plain number without % (the measure's unit is days), found '20%'",
            )
        ],
        id="percent-for-days-measure",
    ),
    pytest.param(
        lambda m: m.write(
            m.replace_cell("Measure values", 4, 4, 0.2),
            edit=lambda wb: setattr(wb["Measure values"]["D4"], "number_format", "0%"),
        ),
        [
            error(
                "bad-value",
                "Measure values",
                "D4",
                "expected a plain number without % (the measure's unit is days), "
                "found the percentage 20%",
            )
        ],
        id="percent-format-for-days-measure",
    ),
    pytest.param(
        lambda m: m.write(m.with_row("Glossary", ["DCS", "Again"])),
        [
            warning(
                "duplicate-term",
                "Glossary",
                "A3",
                "expected each term once, found 'DCS' again (first in A2)",
            )
        ],
        id="duplicate-term",
    ),
    pytest.param(
        lambda m: m.write({"Glossary": [["Term", "Meaning", "term"], ["DCS", "x", "y"]]}),
        [
            error(
                "duplicate-column",
                "Glossary",
                "C1",
                "expected one column read as 'Term', found 'Term' (A1) and 'term' (C1); "
                "A1 is read. Delete or rename the others.",
            )
        ],
        id="duplicate-column",
    ),
    pytest.param(
        lambda m: m.write({"glossary ": [["Term", "Meaning"]]}),
        [
            error(
                "duplicate-sheet",
                "Glossary",
                None,
                "expected one sheet read as 'Glossary', found 'Glossary' and 'glossary '; "
                "'Glossary' is read. Delete or rename the others.",
            )
        ],
        id="duplicate-sheet",
    ),
    pytest.param(
        lambda m: m.write(m.with_row("Areas", [1.0, "Again"])),
        [
            error(
                "duplicate-area",
                "Areas",
                "A4",
                "expected each Area id once, found '1' again (first in A2); this row is left out",
            )
        ],
        id="duplicate-area",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Updates", 3, 4, "=A1&B1")),
        [
            error(
                "formula-no-value",
                "Updates",
                "D3",
                "expected a saved value, found a formula with no saved result (=A1&B1). "
                "Open the workbook in Excel and save it, so that the results are saved.",
            )
        ],
        id="formula-no-value",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Updates", 3, 6, "=D3")),
        [
            error(
                "formula-no-value",
                "Updates",
                "F3",
                "expected a saved value, found a formula with no saved result (=D3). "
                "Open the workbook in Excel and save it, so that the results are saved.",
            )
        ],
        id="formula-no-value-optional-column",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Updates", 3, 4, "#REF!")),
        [
            error(
                "excel-error",
                "Updates",
                "D3",
                "expected a value, found the Excel error #REF!, which a formula shows when it "
                "cannot be worked out. Correct the formula, or type the value instead.",
            )
        ],
        id="excel-error",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Updates", 3, 3, "#N/A")),
        [
            error(
                "excel-error",
                "Updates",
                "C3",
                "expected a value, found the Excel error #N/A, which a formula shows when it "
                "cannot be worked out. Correct the formula, or type the value instead.",
            )
        ],
        id="excel-error-in-a-rag-cell",
    ),
    pytest.param(
        lambda m: m.write(edit=merge("Actions", "C3:C4")),
        [
            error(
                "merged-cells",
                "Actions",
                "C3",
                "expected one value in each cell, found the merged cells C3:C4. "
                "Unmerge them (Home > Merge & Center) and fill in each cell.",
            )
        ],
        id="merged-cells",
    ),
    pytest.param(
        lambda m: m.write(
            m.replace_cell("Actions", 3, 3, "Train_x000B_staff_x000C_now_x0007_ _x000D_\nok")
        ),
        [
            warning(
                "control-characters",
                "Actions",
                "C3",
                "expected plain text, found hidden characters (vertical tab (U+000B), "
                "form feed (U+000C), bell (U+0007)); they were replaced by line breaks or removed",
            )
        ],
        id="control-characters",
    ),
    pytest.param(
        lambda m: m.write(m.replace_cell("Actions", 4, 1, 1.1)),
        [
            warning(
                "numeric-ref",
                "Actions",
                "A4",
                "expected refs typed as text, found the number 1.1 here. A number loses "
                "trailing zeros (1.10 becomes 1.1): format the column as Text (Format Cells > "
                "Text, '@') and type the refs again.",
            )
        ],
        id="numeric-ref",
    ),
]


@pytest.mark.parametrize(("build", "expected"), CASES)
def test_each_mistake_is_reported_with_its_place_and_words(
    master: Any, build: Build, expected: list[Problem]
) -> None:
    plan, problems = read_master(build(master))

    assert problems == expected
    assert plan is not None


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        pytest.param(
            lambda m: m.write({"Updates": None}),
            error(
                "missing-sheet",
                "Updates",
                None,
                "expected a sheet named 'Updates', found the sheets Report, Areas, Actions, "
                "Measures, Measure values, Glossary",
            ),
            id="missing-sheet",
        ),
        pytest.param(
            lambda m: m.write({"Updates": [r[:3] + r[4:] for r in m.rows("Updates")]}),
            error(
                "missing-column",
                "Updates",
                None,
                "expected a column headed 'Progress' in row 1, found the headers Period, Ref, "
                "RAG, Reason, Recovery, Revised due",
            ),
            id="missing-column",
        ),
        pytest.param(
            lambda m: m.write({"Report": [["Field", "Amount"], ["Organisation", "x"]]}),
            error(
                "missing-column",
                "Report",
                None,
                "expected a column headed 'Value' in row 1, found the headers Field, Amount",
            ),
            id="missing-report-column",
        ),
        pytest.param(
            lambda m: m.write({"Glossary": [["Term", "Meaning"][:1], ["DCS"]]}),
            error(
                "missing-column",
                "Glossary",
                None,
                "expected a column headed 'Meaning' in row 1, found the headers Term",
            ),
            id="missing-optional-sheet-column",
        ),
    ],
)
def test_a_missing_sheet_or_column_gives_no_plan(
    master: Any, build: Build, expected: Problem
) -> None:
    plan, problems = read_master(build(master))

    assert plan is None
    assert problems == [expected]


def test_a_sheet_without_headers_misses_every_required_column(master: Any) -> None:
    plan, problems = read_master(master.write({"Areas": []}))

    assert plan is None
    assert [(p.code, p.sheet, p.cell) for p in problems] == [("missing-column", "Areas", None)] * 2
    assert problems[1].message == "expected a column headed 'Title' in row 1, found no headers"


def test_every_problem_is_collected_across_sheets(master: Any) -> None:
    broken = {
        **master.replace_cell("Actions", 3, 2, "10"),
        **master.replace_cell("Updates", 3, 3, "Purple"),
        **master.replace_cell("Measure values", 2, 3, "Forecast"),
    }

    plan, problems = read_master(master.write(broken, edit=merge("Areas", "D2:E2")))

    assert [(p.severity, p.code, p.sheet, p.cell) for p in problems] == [
        ("error", "merged-cells", "Areas", "D2"),
        ("error", "unknown-area", "Actions", "B3"),
        ("error", "bad-rag", "Updates", "C3"),
        ("error", "bad-kind", "Measure values", "C2"),
    ]
    assert plan is not None


def test_missing_sheet_does_not_hide_problems_in_other_sheets(master: Any) -> None:
    path = master.write({"Areas": None, **master.replace_cell("Updates", 3, 3, "Purple")})

    plan, problems = read_master(path)

    assert plan is None
    assert [(p.code, p.sheet) for p in problems] == [
        ("missing-sheet", "Areas"),
        ("bad-rag", "Updates"),
    ]


def test_rows_with_errors_are_left_out_and_the_rest_kept(master: Any) -> None:
    path = master.write(master.replace_cell("Actions", 3, 2, "10"))

    plan, problems = read_master(path)

    assert plan is not None
    assert [a.ref for a in plan.actions] == ["1.1", "1.10", "2.1"]
    # its updates are left out quietly: the action's own error already says why
    assert [u.ref for u in plan.updates] == ["1.1", "1.10", "2.1", "1.1"]
    assert [p.code for p in problems] == ["unknown-area"]


def test_numeric_refs_that_collide_are_duplicates_naming_both_cells(master: Any) -> None:
    rows = [
        master.rows("Actions")[0],
        [1.1, "1", "First", "June 2019"],
        [1.10, "1", "Tenth", "March 2020"],
        [1.2, "1", "Second", "October 2019"],
        ["2.1", "2", "Other", "Ongoing"],
    ]

    _, problems = read_master(master.write({"Actions": rows}))

    assert problems[:2] == [
        error(
            "duplicate-ref",
            "Actions",
            "A3",
            "expected each Ref once, found '1.1' again (first in A2); this row is left out",
        ),
        warning(
            "numeric-ref",
            "Actions",
            "A2",
            "expected refs typed as text, found the number 1.1 here and 2 other cells. A "
            "number loses trailing zeros (1.10 becomes 1.1): format the column as Text "
            "(Format Cells > Text, '@') and type the refs again.",
        ),
    ]


def test_rag_sheet_codes_statuses_and_colours_are_checked(master: Any) -> None:
    rag = [
        ["Code", "Status", "Meaning", "Colour"],
        ["B", "Blue", "Done", "blue"],
        ["A", "Red", "Late", None],
        ["X", "Purple", "Odd", None],
        ["G", "Green", "On track", None],
        ["G", "Green", "Again", None],
    ]

    plan, problems = read_master(master.write({"RAG": rag}))

    assert problems == [
        error(
            "bad-colour",
            "RAG",
            "D2",
            "expected a six-digit hex colour such as C00000 or #C00000, found 'blue'",
        ),
        error("bad-rag", "RAG", "B3", "expected the status Amber for the code A, found 'Red'"),
        error("bad-rag", "RAG", "A4", f"expected {RAG_EXPECTED}, found 'X'"),
        error("bad-rag", "RAG", "B4", f"expected {RAG_EXPECTED}, found 'Purple'"),
        error(
            "duplicate-rag",
            "RAG",
            "A6",
            "expected each RAG status once, found 'Green' again (first in A5); "
            "this row is left out",
        ),
        warning(
            "missing-rag",
            "RAG",
            None,
            "expected a row for each of Blue, Green, Amber and Red, found none for Red; "
            "the standard meaning and colour are used",
        ),
    ]
    assert plan is not None
    assert plan.rag_key[Rag.RED].meaning.startswith("Not on track")  # the standard meaning
    assert list(plan.rag_key) == [Rag.GREEN, Rag.RED, Rag.AMBER, Rag.BLUE]  # read, then left out


def test_merged_cells_do_not_also_report_the_empty_cells_they_cover(master: Any) -> None:
    _, problems = read_master(master.write(edit=merge("Updates", "D2:D4")))

    assert [(p.code, p.cell) for p in problems] == [("merged-cells", "D2")]


def test_measure_values_need_a_measures_sheet(master: Any) -> None:
    _, problems = read_master(master.write({"Measures": None}))

    assert [(p.code, p.sheet, p.cell) for p in problems] == [
        ("unknown-measure", "Measure values", "A2"),
        ("unknown-measure", "Measure values", "A3"),
        ("unknown-measure", "Measure values", "A4"),
    ]


def test_each_date_form_a_bad_date_message_shows_reads_as_that_date() -> None:
    from boardpack.dates import parse_date_text
    from boardpack.workbook.table import DATE_EXPECTED

    assert DATE_EXPECTED == DATE_FORMS and "\n" not in DATE_EXPECTED
    shown = DATE_EXPECTED.split("(an Excel date, ")[1].rstrip(")").replace(" or ", ", ")
    examples = shown.split(", ")
    assert len(examples) == 5
    for example in examples:
        assert parse_date_text(example) == date(2019, 10, 31), example
