"""What the command line prints when something is wrong: once, plainly, without a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from ..conftest import Cli


def without_updates(path: Path) -> Path:
    """The workbook at ``path`` with its Updates sheet deleted."""
    book = openpyxl.load_workbook(path)
    del book["Updates"]
    book.save(path)
    return path


def test_a_file_that_is_not_a_workbook_is_said_once(cli: Cli, tmp_path: Path) -> None:
    csv = tmp_path / "master.xlsx"
    csv.write_text("Ref,Area\n1.1,1\n")
    code, out, err = cli("check", "--master", str(csv))
    assert code == 1
    assert out == ""
    assert err == (
        f"boardpack check: {csv}: expected an Excel workbook (a zip package), found plain text. "
        "If it is a CSV or text file renamed to .xlsx, open it in Excel and save it as an Excel "
        "Workbook (.xlsx).\n"
    )


def test_check_json_on_an_unreadable_workbook_prints_its_problems_as_json(
    cli: Cli, tmp_path: Path
) -> None:
    empty = tmp_path / "master.xlsx"
    empty.write_bytes(b"")
    code, out, _ = cli("check", "--json", "--master", str(empty))
    data = json.loads(out)
    assert code == 1
    assert [p["code"] for p in data["problems"]] == ["empty-file"]
    assert data["as_at"] is None
    assert data["areas"] == [] and data["actions"] == [] and data["measures"] == []


def test_check_json_on_a_workbook_missing_a_sheet_prints_its_problems_as_json(
    cli: Cli, write_workbook
) -> None:
    path = without_updates(write_workbook())
    code, out, _ = cli("check", "--json", "--master", str(path))
    data = json.loads(out)
    assert code == 1
    assert [(p["code"], p["sheet"]) for p in data["problems"]] == [("missing-sheet", "Updates")]


def test_a_failed_check_names_the_counts_without_saying_nothing_was_built(
    cli: Cli, write_workbook
) -> None:
    path = without_updates(write_workbook())
    code, _, err = cli("check", "--master", str(path))
    assert code == 1
    assert err.splitlines()[-1] == f"boardpack check: {path}: 1 error"


def test_a_failed_build_blames_the_template_not_the_workbook(
    cli: Cli, example_master: Path, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "members-update.docx").write_text("not a Word file")
    (templates / "cabinet-briefing.docx").write_bytes(
        (Path(__file__).resolve().parents[2] / "templates" / "cabinet-briefing.docx").read_bytes()
    )
    out = tmp_path / "out"
    code, _, err = cli(
        "build",
        "--master",
        str(example_master),
        "--templates",
        str(templates),
        "--out",
        str(out),
        "--no-cache",
    )
    assert code == 1
    last = err.splitlines()[-1]
    assert last.startswith("boardpack build: ")
    assert last.endswith("members-update.docx: 1 error; nothing was built")
    # the example's only problems are warnings (R9 on its progress texts), never an error
    assert "error" not in last.split("members-update.docx")[0]
    assert not out.exists()


def test_a_build_into_a_folder_below_a_file_is_a_clear_error(
    cli: Cli, example_master: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    code, out, err = cli("build", "--master", str(example_master), "--out", str(blocker / "out"))
    assert code == 3  # the output, not the workbook
    assert "Traceback" not in out + err
    assert err.startswith(f"boardpack build: Could not write the pack into {blocker / 'out'}")


def test_counts_are_singular_for_one(cli: Cli, write_workbook) -> None:
    path = write_workbook(
        Areas=[{"Area": "1", "Title": "Leadership"}],
        Actions=[{"Ref": "1.1", "Area": "1", "Action": "Set up a board", "Target": "June 2019"}],
        Updates=[{"Period": "2019-06-30", "Ref": "1.1", "RAG": "B", "Progress": "Done"}],
    )
    _, out, _ = cli("check", "--master", str(path))
    assert ": 1 area, 1 action;" in out


def test_an_update_row_with_an_error_is_reported_once_not_again_as_stale(
    cli: Cli, write_workbook
) -> None:
    path = write_workbook(
        Updates=[
            {"Period": "2019-06-30", "Ref": "1.2", "RAG": "G", "Progress": "Planned."},
            {"Period": "2019-10-31", "Ref": "1.1", "RAG": "B", "Progress": "Completed."},
            {"Period": "2019-10-31", "Ref": "1.2", "RAG": "Purple", "Progress": "On track."},
        ]
    )
    code, out, _ = cli("check", "--json", "--master", str(path))
    assert code == 1
    assert [(p["code"], p["cell"]) for p in json.loads(out)["problems"]] == [("bad-rag", "C4")]
