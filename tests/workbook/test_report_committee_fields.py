"""The Report sheet's committee-report fields: read typed, kept by name, documented."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from boardpack.workbook.reader import read_master
from boardpack.workbook.writer import new_master

COMMITTEE_ROWS: list[list[object]] = [
    ["Report number", "CAB/2019/42"],
    ["Report authorised by", "Ann Graham, Director of Children's Services"],
    ["Contact", "Jo Bloggs, jo.bloggs@example.gov.uk, 020 8489 0000"],
    ["Wards", "Noel Park; Tottenham Green"],
    ["Key decision", " yes "],
    ["Reasons for decision", "Members oversee the plan."],
    ["Alternative options", "None: the plan is statutory."],
    ["Strategic outcomes", "Best start in life."],
    ["Finance comments", "No financial implications."],
    ["Legal comments", "The Council must act on the inspection."],
    ["Equalities comments", "The plan serves vulnerable children."],
    ["Background papers", "Ofsted report, January 2019\n- Action plan, March 2019"],
]


def test_committee_fields_are_read_typed(master) -> None:
    plan, problems = read_master(master.write({"Report": [*master.report_rows, *COMMITTEE_ROWS]}))

    assert problems == []
    assert plan is not None
    report = plan.report
    assert report.report_number == "CAB/2019/42"
    assert report.report_authorised_by == "Ann Graham, Director of Children's Services"
    assert report.contact.startswith("Jo Bloggs")
    assert report.wards == "Noel Park; Tottenham Green"
    assert report.key_decision is True
    assert report.reasons_for_decision == "Members oversee the plan."
    assert report.alternative_options == "None: the plan is statutory."
    assert report.strategic_outcomes == "Best start in life."
    assert report.finance_comments == "No financial implications."
    assert report.legal_comments == "The Council must act on the inspection."
    assert report.equalities_comments == "The plan serves vulnerable children."
    assert report.background_papers == ["Ofsted report, January 2019", "Action plan, March 2019"]


def test_committee_fields_stay_available_by_name(master) -> None:
    plan, _ = read_master(master.write({"Report": [*master.report_rows, *COMMITTEE_ROWS]}))

    assert plan is not None
    assert plan.report.fields["Report number"] == "CAB/2019/42"
    assert plan.report.fields["Key decision"] == "yes"


def test_wards_default_to_all_and_key_decision_to_no(master) -> None:
    rows = [*master.report_rows, ["Wards", None], ["Key decision", None]]
    plan, problems = read_master(master.write({"Report": rows}))

    assert problems == []
    assert plan is not None
    assert (plan.report.wards, plan.report.key_decision) == ("All", False)
    assert plan.report.background_papers == []


@pytest.mark.parametrize("typed", ["No", "NO", "no"])
def test_key_decision_no_in_any_case(master, typed: str) -> None:
    plan, problems = read_master(master.write(master.with_row("Report", ["Key decision", typed])))

    assert problems == []
    assert plan is not None and plan.report.key_decision is False


def test_key_decision_other_than_yes_or_no_is_an_error_naming_the_cell(master) -> None:
    rows = [*master.report_rows, ["Key decision", "Maybe"]]
    _, problems = read_master(master.write({"Report": rows}))

    [problem] = problems
    assert (problem.severity, problem.code, problem.sheet) == ("error", "bad-value", "Report")
    assert problem.cell == f"B{len(rows)}"
    assert "expected Yes or No for 'Key decision'" in problem.message
    assert "'Maybe'" in problem.message


def test_new_master_about_sheet_documents_every_committee_field(tmp_path: Path) -> None:
    path = tmp_path / "master.xlsx"
    new_master(path)
    about = openpyxl.load_workbook(path)["About"]
    documented = {
        str(row[1]): str(row[3])
        for row in about.iter_rows(values_only=True)
        if isinstance(row[1], str) and row[1].startswith("Field: ")
    }
    for name, _ in COMMITTEE_ROWS:
        assert documented.get(f"Field: {name}"), name
    assert "default All" in documented["Field: Wards"]
    assert "Yes or No" in documented["Field: Key decision"]
    assert "one per line" in documented["Field: Background papers"]
