"""A sheet read under an alias or near-miss name is named as the workbook names it in
every problem and note placed on it, the rules' problems as well as the reader's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from boardpack.build import read_plan
from boardpack.rules import derive
from boardpack.workbook.reader import read_master

from ..conftest import Cli
from .conftest import Master


def renamed(old: str, new: str) -> Any:
    def edit(book: Any) -> None:
        book[old].title = new

    return edit


def red_without_reason(master: Master, title: str) -> Path:
    """``GOOD`` with the Red update of 2.1 (Updates row 5) left without a Reason."""
    return master.write(Master.replace_cell("Updates", 5, 5, None), edit=renamed("Updates", title))


def places(problems: Any) -> list[str]:
    return [problem.place for problem in problems]


def test_a_rules_problem_names_the_updates_sheet_as_the_workbook_calls_it(
    master: Master,
) -> None:
    plan, problems = read_plan(red_without_reason(master, "Progress"))
    status = derive(plan)
    missing = [p for p in status.problems if p.code == "missing-exception"]
    assert places(missing) == ["Progress!E5"]
    assert not any((p.sheet or "") == "Updates" for p in [*problems, *status.problems])


def test_a_near_miss_name_is_kept_too(master: Master) -> None:
    plan, _ = read_plan(red_without_reason(master, "update"))
    missing = [p for p in derive(plan).problems if p.code == "missing-exception"]
    assert places(missing) == ["update!E5"]


def test_the_readers_problems_and_notes_name_the_sheet_as_the_workbook_calls_it(
    master: Master,
) -> None:
    glossary = [["Term", "Meaning", "Source"], ["DCS", "Director"], [None, "Nothing to define"]]
    path = master.write({"Glossary": glossary}, edit=renamed("Glossary", "Acronyms"))
    plan, problems = read_master(path)
    assert plan is not None
    assert [p.place for p in problems if p.sheet] == ["Acronyms!A3"]
    assert "Acronyms!C1" in [note.place for note in plan.notes]  # the ignored column
    assert not any(note.sheet == "Glossary" for note in plan.notes)


def test_check_and_explain_name_the_real_sheet(cli: Cli, master: Master) -> None:
    path = red_without_reason(master, "Progress")
    code, out, _ = cli("check", "--master", str(path), "--json")
    assert code == 1
    found = json.loads(out)["problems"]
    assert {(p["sheet"], p["cell"]) for p in found if p["code"] == "missing-exception"} == {
        ("Progress", "E5")
    }
    code, out, _ = cli("explain", "2.1", "--master", str(path))
    assert code == 0
    assert "Progress!E5" in out
