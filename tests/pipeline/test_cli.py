"""The command line: what a user sees and the exit codes of docs/outputs.md."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from boardpack.cli import main

from ..conftest import Cli


def test_check_on_the_example_reports_nine_areas_and_forty_actions(
    cli: Cli, example_master: Path
) -> None:
    code, out, _ = cli("check", "--master", str(example_master))
    assert code == 0
    assert "9 areas, 40 actions" in out


def test_check_json_gives_every_action_its_derived_fields(cli: Cli, example_master: Path) -> None:
    code, out, _ = cli("check", "--master", str(example_master), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["as_at"] == "2019-10-31"
    assert data["previous_period"] == "2019-06-30"
    assert len(data["areas"]) == 9
    assert len(data["actions"]) == 40
    assert not [p for p in data["problems"] if p["severity"] == "error"]
    for action in data["actions"]:
        for key in (
            "ref",
            "area",
            "rag",
            "previous_rag",
            "movement",
            "due",
            "original_due",
            "milestones",
            "recurrence",
            "overdue",
            "days_overdue",
            "due_soon",
            "stale",
            "suggested_rag",
            "flags",
        ):
            assert key in action, (action["ref"], key)


def test_a_missing_master_is_a_usage_error_with_exit_code_2(cli: Cli, tmp_path: Path) -> None:
    code, out, err = cli("check", "--master", str(tmp_path / "nope.xlsx"))
    assert code == 2
    path = tmp_path / "nope.xlsx"
    assert err == (
        f"boardpack check: {path} does not exist: expected the master workbook (.xlsx). "
        "Check the path, or create an empty one with 'boardpack new-master PATH'.\n"
    )
    assert out == ""


def test_a_bad_option_is_exit_code_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--as-at", "31/10/2019"])
    assert exit_info.value.code == 2
    assert "expected a date as YYYY-MM-DD" in capsys.readouterr().err


def test_a_broken_cell_is_reported_with_its_place_and_exit_code_1(cli: Cli, write_workbook) -> None:
    master = write_workbook(
        Updates=[
            {"Period": "2019-10-31", "Ref": "1.1", "RAG": "Purple", "Progress": "Done."},
            {"Period": "2019-10-31", "Ref": "1.2", "RAG": "G", "Progress": "On track."},
        ]
    )
    code, out, err = cli("check", "--master", str(master))
    assert code == 1
    assert "Updates!C2" in out
    assert "Purple" in out
    assert "bad-rag" in out
    assert "Traceback" not in out + err


def test_every_problem_is_reported_together(cli: Cli, write_workbook) -> None:
    master = write_workbook(
        Actions=[
            {"Ref": "1.1", "Area": "7", "Action": "Audit.", "Target": "Ongoing."},
            {"Ref": "1.2", "Area": "1", "Action": "Training.", "Target": "By December 2019."},
        ],
        Updates=[
            {"Period": "2019-10-31", "Ref": "1.1", "RAG": "B", "Progress": "Completed."},
            {"Period": "2019-10-31", "Ref": "1.2", "RAG": "X", "Progress": "On track."},
        ],
    )
    code, out, _ = cli("check", "--master", str(master))
    assert code == 1
    assert "Actions!B2" in out and "unknown-area" in out
    assert "Updates!C3" in out and "bad-rag" in out


def test_strict_turns_warnings_into_a_failure(cli: Cli, write_workbook) -> None:
    master = write_workbook(
        Actions=[
            {"Ref": "1.1", "Area": "1", "Action": "Audit tool.", "Target": "By April 2019."},
            {"Ref": "1.2", "Area": "1", "Action": "Training.", "Target": "By December 2019."},
        ],
        Updates=[
            {"Period": "2019-10-31", "Ref": "1.1", "RAG": "G", "Progress": "Nearly there."},
            {"Period": "2019-10-31", "Ref": "1.2", "RAG": "G", "Progress": "On track."},
        ],
    )
    relaxed, _, _ = cli("check", "--master", str(master))
    strict, out, _ = cli("check", "--master", str(master), "--strict")
    assert relaxed == 0
    assert strict == 1
    assert "--strict" in out
    assert "rag-conflict" in out


def test_explain_names_the_rule_behind_an_overdue_action(cli: Cli, example_master: Path) -> None:
    code, out, _ = cli("explain", "1.4", "--master", str(example_master), "--as-at", "2020-07-31")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith("1.4 ")
    assert "Judged as at 31 July 2020, given by --as-at." in lines
    assert (
        "Due 31 December 2019: the latest date in the target 'At least 60% by Sept 2019. "
        "85% by Dec 2019 and then working towards 100%.' ('Dec 2019', of 2 dates)."
    ) in lines
    assert "Overdue by 213 days: due 31 December 2019, before the as-at date 31 July 2020." in lines
    assert (
        "Suggested Red: due 213 days before the as-at date 31 July 2020, more than the 90 days "
        "set in Report!B16 ('Red after days overdue')."
    ) in lines


def test_explain_still_explains_an_action_whose_rows_have_an_error(
    cli: Cli, write_workbook
) -> None:
    master = write_workbook(
        Updates=[
            {"Period": "2019-10-31", "Ref": "1.1", "RAG": "B", "Progress": "Completed."},
            {"Period": "2019-10-31", "Ref": "1.2", "RAG": "R", "Progress": "Not started."},
        ]
    )
    checked, _, _ = cli("check", "--master", str(master))
    code, out, err = cli("explain", "1.2", "--master", str(master))
    lines = out.splitlines()
    assert checked == 1  # the workbook has an error, so check fails and no pack is built
    assert code == 0
    assert lines[:3] == ["1.2 Training.", "Area 1: Assessments", "Target: By December 2019."]
    assert lines[4] == "Problems in this action's rows:"
    assert lines[5].startswith("    error missing-exception: Updates!E3: 1.2 is reported Red")
    assert "Reported Red: the update for 31 October 2019 (Updates!C3)." in lines
    assert "Due 31 December 2019: the latest date in the target 'By December 2019.'" in lines
    assert "Suggested Red, as reported: the action is not overdue." in lines
    assert "Traceback" not in out + err


def test_explain_stops_only_when_no_plan_can_be_read(cli: Cli, tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "empty.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.save(path)
    code, out, err = cli("explain", "1.1", "--master", str(path))
    assert code == 1
    assert out == ""
    assert "boardpack explain:" in err
    assert "Traceback" not in out + err


def test_explain_an_unknown_ref_is_a_usage_error(cli: Cli, example_master: Path) -> None:
    code, _, err = cli("explain", "99.9", "--master", str(example_master))
    assert code == 2
    assert "99.9" in err


def test_new_master_writes_a_workbook_that_check_reads_and_refuses_to_overwrite(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "new.xlsx"
    code, _, _ = cli("new-master", str(path))
    assert code == 0 and path.exists()
    checked, out, _ = cli("check", "--master", str(path), "--json")
    assert checked == 1  # empty: it names what must be filled in, and nothing else
    assert [(p["code"], p["cell"]) for p in json.loads(out)["problems"]] == [
        ("missing-field", "B2"),
        ("missing-field", "B3"),
        ("no-as-at", "B4"),
    ]
    again, _, err = cli("new-master", str(path))
    assert again == 2
    assert "already exists" in err


def test_a_new_master_filled_in_by_hand_builds(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    cli("new-master", str(path))
    book = openpyxl.load_workbook(path)
    values = {"Organisation": "Testshire Council", "Title": "Improvement plan update"}
    for field, value in book["Report"].iter_rows(min_row=2, max_col=2):
        if field.value in values:
            value.value = values[field.value]
    book["Areas"].append(["1", "Leadership", "- Stronger oversight"])
    book["Actions"].append(["1.1", "1", "Set up an improvement board.", "By June 2019."])
    book["Updates"].append([datetime(2019, 10, 31), "1.1", "B", "The board meets monthly."])
    book.save(path)

    checked, _, _ = cli("check", "--master", str(path))
    code, out, err = cli(
        "build", "--master", str(path), "--out", str(tmp_path / "out"), "--no-cache"
    )

    assert (checked, code) == (0, 0), err
    assert "Built the pack for Improvement plan update as at 2019-10-31" in out
    assert (tmp_path / "out" / "members-update.docx").is_file()


def test_build_writes_the_pack_and_lists_it(
    cli: Cli, example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    code, out, _ = cli(
        "build",
        "--master",
        str(example_master),
        "--templates",
        str(templates_dir),
        "--out",
        str(out_dir),
    )
    assert code == 0
    assert "members-update.docx" in out and "cabinet-briefing.docx" in out
    assert (out_dir / "pack.json").exists()


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "boardpack", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("boardpack ")


def test_a_command_collects_garbage_less_often_and_leaves_its_objects_to_the_exit() -> None:
    code = (
        "import gc\n"
        "from boardpack.cli import COMMAND_THRESHOLDS, collector_for_a_command\n"
        "with collector_for_a_command():\n"
        "    assert gc.get_threshold() == COMMAND_THRESHOLDS\n"
        "    assert gc.get_freeze_count() == 0\n"
        "assert gc.get_freeze_count() > 0\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
