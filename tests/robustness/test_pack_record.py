"""pack.json is the record of a build: it lists what ``check --json`` lists for the same input.

And ``build --no-cache`` draws every chart without reading or writing a cache.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from boardpack.cli import main
from boardpack.workbook.writer import write_master

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PLAN: dict[str, list[dict[str, object]]] = {
    "Areas": [{"Area": "1", "Title": "Assessments"}],
    "Actions": [
        {"Ref": "1.1", "Area": "1", "Action": "Audit\x0btool.", "Target": "By December 2019."}
    ],
    "Updates": [{"Period": "2019-10-31", "Ref": "1.1", "RAG": "G", "Progress": "On track."}],
}
REPORT = [("Organisation", "Testshire Council"), ("Title", "Test plan")]


def test_pack_json_records_every_problem_that_check_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    master = tmp_path / "master.xlsx"
    write_master(master, PLAN, report=REPORT)
    assert main(["check", "--master", str(master), "--templates", str(TEMPLATES), "--json"]) == 0
    checked = json.loads(capsys.readouterr().out)["problems"]
    assert "control-characters" in {p["code"] for p in checked}

    out = tmp_path / "out"
    main(["build", "--master", str(master), "--templates", str(TEMPLATES), "--out", str(out)])

    assert json.loads((out / "pack.json").read_text(encoding="utf-8"))["problems"] == checked


def test_build_with_no_cache_writes_no_chart_cache(tmp_path: Path) -> None:
    master = tmp_path / "master.xlsx"
    write_master(master, PLAN, report=REPORT)
    out = tmp_path / "out"

    code = main(
        ["build", "--master", str(master), "--templates", str(TEMPLATES), "--out", str(out),
         "--no-cache"]
    )  # fmt: skip

    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["master.xlsx", "out"]
