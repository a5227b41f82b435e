"""read_master on good workbooks: what officers type becomes the right model objects."""

from __future__ import annotations

from datetime import date

import pytest

from boardpack.model import DEFAULT_RAG_KEY, Rag, RagKeyEntry
from boardpack.workbook.reader import read_master


def test_good_workbook_reads_without_problems(master) -> None:
    plan, problems = read_master(master.write())

    assert problems == []
    assert plan is not None
    assert plan.report.organisation == "Haringey Council"
    assert plan.report.as_at == date(2019, 10, 31)
    assert plan.report.meeting_date == date(2019, 11, 12)
    assert [a.id for a in plan.areas] == ["1", "2"]
    assert [u.rag for u in plan.updates] == [Rag.BLUE, Rag.GREEN, Rag.AMBER, Rag.RED, Rag.GREEN]
    assert plan.updates[3].revised_due == date(2019, 12, 31)
    assert [g.term for g in plan.glossary] == ["DCS"]


def test_actions_are_sorted_in_natural_ref_order(master) -> None:
    plan, _ = read_master(master.write())

    assert plan is not None
    assert [a.ref for a in plan.actions] == ["1.1", "1.2", "1.10", "2.1"]


def test_models_keep_their_row_and_cell_addresses(master) -> None:
    plan, _ = read_master(master.write())

    assert plan is not None
    action = plan.action("1.10")
    assert action is not None
    assert (action.row, action.cells["ref"], action.cells["target"]) == (2, "A2", "D2")
    assert plan.updates[0].cells["revised due"] == "G2"


def test_area_ids_typed_as_numbers_read_as_text(master) -> None:
    path = master.write(master.replace_cell("Areas", 3, 1, 2.0))

    plan, problems = read_master(path)

    assert problems == []
    assert plan is not None
    assert [a.id for a in plan.areas] == ["1", "2"]
    assert plan.action("1.1") is not None and plan.action("1.1").area == "1"  # typed as 1


def test_outcomes_are_one_a_line_with_bullets_dropped(master) -> None:
    text = "- Stronger oversight\r\n• Better data\n* Fewer delays\n\n  ▪ Clear plans  \n-5% drift"
    plan, _ = read_master(master.write(master.replace_cell("Areas", 2, 3, text)))

    assert plan is not None
    assert plan.areas[0].outcomes == [
        "Stronger oversight",
        "Better data",
        "Fewer delays",
        "Clear plans",
        "-5% drift",
    ]


def test_line_breaks_become_paragraphs_and_text_is_trimmed(master) -> None:
    path = master.write(
        master.replace_cell("Updates", 2, 4, "  First line \r\nSecond\n\n\nThird\r  ")
    )

    plan, problems = read_master(path)

    assert problems == []
    assert plan is not None
    assert plan.updates[0].progress == "First line\nSecond\nThird"


def test_blank_rows_are_skipped(master) -> None:
    rows = [
        *master.good["Actions"][:2],
        [None] * 6,
        ["  ", None, "", None, None, None],
        *master.good["Actions"][2:],
    ]
    plan, problems = read_master(master.write({"Actions": rows}))

    assert problems == []
    assert plan is not None
    assert [a.row for a in plan.actions] == [6, 5, 2, 7]


def test_sheets_are_found_whatever_their_case_and_surrounding_spaces(
    master,
) -> None:
    renamed = {
        "Actions": None,
        "Updates": None,
        "ACTIONS": master.rows("Actions"),
        " updates ": master.rows("Updates"),
    }

    plan, problems = read_master(master.write(renamed))

    assert problems == []
    assert plan is not None
    assert len(plan.updates) == 5


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(["Ref*", "Area*", "Action*", "Target*", "Due", "Owner"], id="stars"),
        pytest.param([" ref ", "AREA", "action *", "Target", "due", "owner"], id="case-spaces"),
        pytest.param(["Ref", "Area", "Action", "Target", "Due", "Owner", "Notes"], id="extra"),
    ],
)
def test_headers_match_ignoring_case_spaces_and_a_trailing_star(master, headers: list[str]) -> None:
    rows = [
        headers,
        *(list(r) + ["ignored"] * (len(headers) - 6) for r in master.good["Actions"][1:]),
    ]

    plan, problems = read_master(master.write({"Actions": rows}))

    assert problems == []
    assert plan is not None
    assert plan.action("1.2") is not None and plan.action("1.2").owner == "Principal SW"


def test_columns_may_come_in_any_order(master) -> None:
    order = [5, 3, 0, 2, 1, 4]
    rows = [[row[i] for i in order] for row in master.good["Actions"]]

    plan, problems = read_master(master.write({"Actions": rows}))

    assert problems == []
    assert plan is not None
    action = plan.action("1.2")
    assert action is not None
    assert (action.area, action.target, action.due) == ("1", "October 2019", date(2019, 10, 31))
    assert action.cells["ref"] == "C3"


def test_a_ref_typed_as_a_number_uses_the_cells_displayed_decimals(
    master,
) -> None:
    def two_decimals(workbook: object) -> None:
        workbook["Actions"]["A2"].number_format = "0.00"  # type: ignore[index]

    plan, problems = read_master(
        master.write(master.replace_cell("Actions", 2, 1, 1.1), edit=two_decimals)
    )

    assert plan is not None
    assert [a.ref for a in plan.actions] == ["1.1", "1.2", "1.10", "2.1"]
    assert [p.code for p in problems] == ["numeric-ref"]


def test_report_fields_are_read_with_their_cells(master) -> None:
    rows = [
        *master.report_rows,
        ["Classification", None],
        ["Introduction", "First paragraph.\nSecond paragraph."],
        ["Recommendations", "1. Note the progress\n- Agree the next steps"],
        ["Year starts", "january"],
        ["Red after days overdue", 60],
        ["Due soon days", "30"],
        ["  Lead officer* ", "Ann Graham, Director"],
        ["Ward", "All wards"],
    ]
    plan, problems = read_master(master.write({"Report": rows}))

    assert problems == []
    assert plan is not None
    report = plan.report
    assert report.classification == "OFFICIAL"
    assert report.introduction == "First paragraph.\nSecond paragraph."
    assert report.recommendations == ["1. Note the progress", "Agree the next steps"]
    assert (report.year_starts, report.red_after_days, report.due_soon_days) == (1, 60, 30)
    assert report.lead_officer == "Ann Graham, Director"
    assert report.fields["Ward"] == "All wards"
    assert report.fields["As at"] == "31 October 2019"
    assert report.cells["as at"] == "B4"
    assert report.cells["lead officer"] == "B13"


@pytest.mark.parametrize(
    ("typed", "month"),
    [("April", 4), ("Sept", 9), (10, 10), ("3", 3), (1.0, 1)],
    ids=["name", "short-name", "number", "number-as-text", "float"],
)
def test_year_starts_accepts_month_names_and_numbers(master, typed: object, month: int) -> None:
    plan, problems = read_master(master.write(master.with_row("Report", ["Year starts", typed])))

    assert problems == []
    assert plan is not None and plan.report.year_starts == month


def test_missing_rag_sheet_gives_the_default_key(master) -> None:
    plan, _ = read_master(master.write())

    assert plan is not None
    assert plan.rag_key == DEFAULT_RAG_KEY


def test_rag_sheet_meanings_and_colours_are_editable(master) -> None:
    rag = [
        ["Code", "Status", "Meaning", "Colour"],
        ["B", "Blue", "Done", "#1f4e79"],
        ["g", "GREEN", "On track", None],
        ["A", "Amber", "At risk", "ffc000"],
        ["R", "Red", "Off track", "FF0000"],
    ]
    plan, problems = read_master(master.write({"RAG": rag}))

    assert problems == []
    assert plan is not None
    assert list(plan.rag_key) == [Rag.BLUE, Rag.GREEN, Rag.AMBER, Rag.RED]  # the sheet's order
    assert plan.rag_key[Rag.BLUE] == RagKeyEntry(Rag.BLUE, "Done", "1F4E79")
    assert plan.rag_key[Rag.GREEN] == RagKeyEntry(Rag.GREEN, "On track", "00B050")
    assert plan.rag_key[Rag.AMBER].colour == "FFC000"


def test_measures_read_units_directions_and_refs(master) -> None:
    plan, _ = read_master(master.write())

    assert plan is not None
    first, second = plan.measures
    assert (first.unit, first.better, first.action_refs) == ("%", "higher", ["1.10", "1.2"])
    assert (second.unit, second.better, second.action_refs) == ("days", "lower", ["2.1"])


def test_measure_defaults_are_percent_and_higher(master) -> None:
    rows = [
        master.good["Measures"][0],
        ["M1", "Audits", None, None, None, None],
        master.good["Measures"][2],
    ]

    plan, problems = read_master(master.write({"Measures": rows}))

    assert problems == []
    assert plan is not None
    assert (plan.measures[0].unit, plan.measures[0].better) == ("%", "higher")
    assert plan.measures[0].action_refs == []


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (47, "General", 47.0),
        ("47", "General", 47.0),
        ("47%", "General", 47.0),
        (" 47.5 % ", "General", 47.5),
        (0.47, "0%", 47.0),
        (0.57, "0.0%", 57.0),
    ],
    ids=["number", "text", "percent-text", "spaces", "percent-format", "no-float-noise"],
)
def test_percentage_measure_values_all_mean_the_same_figure(
    master, value: object, number_format: str, expected: float
) -> None:
    def fmt(workbook: object) -> None:
        workbook["Measure values"]["D3"].number_format = number_format  # type: ignore[index]

    path = master.write(master.replace_cell("Measure values", 3, 4, value), edit=fmt)

    plan, problems = read_master(path)

    assert problems == []
    assert plan is not None
    assert plan.measure_values[1].value == expected


def test_measure_value_kinds_are_read_in_any_case(master) -> None:
    plan, _ = read_master(master.write())

    assert plan is not None
    assert [v.kind for v in plan.measure_values] == ["Baseline", "Actual", "Target"]


def test_xlsm_workbooks_are_read(master) -> None:
    plan, problems = read_master(master.write(name="master.xlsm"))

    assert problems == []
    assert plan is not None and len(plan.actions) == 4


@pytest.mark.slow
def test_a_large_plan_reads_whole(master) -> None:
    refs = [f"{area}.{n}" for area in range(1, 21) for n in range(1, 101)]
    areas = [["Area", "Title"], *([i, f"Area {i}"] for i in range(1, 21))]
    actions = [
        ["Ref", "Area", "Action", "Target"],
        *([ref, ref.split(".")[0], "Do the thing", "By October 2019"] for ref in refs),
    ]
    periods = [date(2018 + month // 12, month % 12 + 1, 28) for month in range(0, 24, 3)]
    updates = [
        ["Period", "Ref", "RAG", "Progress"],
        *([period, ref, "G", "Going well"] for period in periods for ref in refs),
    ]
    path = master.write(
        {"Areas": areas, "Actions": actions, "Updates": updates, "Measures": None}
        | {"Measure values": None}
    )

    plan, problems = read_master(path)

    assert problems == []
    assert plan is not None
    assert (len(plan.actions), len(plan.updates)) == (2_000, 16_000)
    assert plan.actions[-1].ref == "20.100"


def test_a_sheet_whose_stated_size_undercounts_its_rows_is_read_whole(master, tmp_path) -> None:
    import re
    import zipfile

    written = master.write()
    with zipfile.ZipFile(written) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    expected, _ = read_master(written)
    assert expected is not None and len(expected.updates) > 1
    # Some tools write a dimension that covers only the header row.
    for name, data in parts.items():
        if name.startswith("xl/worksheets/sheet"):
            parts[name] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B1"', data)
    undercounted = tmp_path / "undercounted.xlsx"
    with zipfile.ZipFile(undercounted, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)

    plan, problems = read_master(undercounted)

    assert problems == []
    assert plan is not None
    assert len(plan.updates) == len(expected.updates)
    assert [a.ref for a in plan.actions] == [a.ref for a in expected.actions]


def test_a_rag_status_the_sheet_leaves_out_follows_the_sheets_own_order(master) -> None:
    rag = [
        ["Code", "Status", "Meaning", "Colour"],
        ["G", "Green", "On track", None],
        ["R", "Red", "Off track", None],
        ["B", "Blue", "Done", None],
    ]
    plan, _ = read_master(master.write({"RAG": rag}))

    assert plan is not None
    assert list(plan.rag_key) == [Rag.GREEN, Rag.RED, Rag.BLUE, Rag.AMBER]
    assert plan.rag_key[Rag.AMBER] == DEFAULT_RAG_KEY[Rag.AMBER]
