"""The export keeps the pack's promises: repeatable bytes, all or nothing, located errors."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from boardpack.build import OutputError
from boardpack.export import OWNED_NAMES, export_data

from ..conftest import Cli
from .conftest import EXAMPLE_MASTER, ROOT

WritePlan = Callable[..., Path]


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_two_exports_are_byte_identical(tmp_path: Path) -> None:
    export_data(EXAMPLE_MASTER, tmp_path / "first")
    export_data(EXAMPLE_MASTER, tmp_path / "second")
    first, second = contents(tmp_path / "first"), contents(tmp_path / "second")
    assert set(first) == set(OWNED_NAMES)
    assert first == second
    export_data(EXAMPLE_MASTER, tmp_path / "first")
    assert contents(tmp_path / "first") == second


def test_data_json_records_each_files_and_the_masters_sha256(tmp_path: Path) -> None:
    result = export_data(EXAMPLE_MASTER, tmp_path / "data")
    record = json.loads((tmp_path / "data" / "data.json").read_text(encoding="utf-8"))
    assert record["inputs"]["master"] == hashlib.sha256(EXAMPLE_MASTER.read_bytes()).hexdigest()
    assert record["as_at"] == "2019-10-31"
    assert set(record["files"]) == OWNED_NAMES - {"data.json"}
    for name, digest in record["files"].items():
        assert hashlib.sha256((tmp_path / "data" / name).read_bytes()).hexdigest() == digest
    assert (
        result.files["data.json"]
        == hashlib.sha256((tmp_path / "data" / "data.json").read_bytes()).hexdigest()
    )
    assert record["tables"]["actions"]["rows"] == 40
    assert record["tables"]["actions"]["columns"]["due"]["type"] == "date"


def test_the_command_lists_what_it_wrote(cli: Cli, tmp_path: Path) -> None:
    code, out, err = cli("export", "--master", str(EXAMPLE_MASTER), "--out", str(tmp_path / "d"))
    assert code == 0, err
    assert "as at 2019-10-31" in out
    for name in OWNED_NAMES:
        assert f"{tmp_path / 'd'}/{name}" in out


def test_bad_input_gets_located_errors_exit_1_and_changes_nothing(
    cli: Cli, write_plan: WritePlan, tmp_path: Path
) -> None:
    out = tmp_path / "data"
    export_data(write_plan("good.xlsx"), out)
    (out / "notes.txt").write_text("mine")
    before = contents(out)
    updates = [{"Period": "2019-10-31", "Ref": "1.1", "RAG": "Purple", "Progress": "Done."}]
    bad = write_plan("bad.xlsx", Updates=updates)
    code, _, err = cli("export", "--master", str(bad), "--out", str(out))
    assert code == 1
    assert "Updates!C2" in err and "Purple" in err
    assert "nothing was exported" in err
    assert "Traceback" not in err
    assert contents(out) == before
    assert [p.name for p in tmp_path.iterdir() if "exporting" in p.name] == []


def test_check_reports_the_same_problem(cli: Cli, write_plan: WritePlan) -> None:
    updates = [{"Period": "2019-10-31", "Ref": "1.1", "RAG": "Purple", "Progress": "Done."}]
    bad = write_plan("bad.xlsx", Updates=updates)
    check_code, check_out, _ = cli("check", "--master", str(bad))
    export_code, _, export_err = cli("export", "--master", str(bad), "--out", "unused")
    assert check_code == export_code == 1
    located = [line.strip() for line in check_out.splitlines() if "Updates!" in line]
    assert located and all(line in export_err for line in located)


def test_warnings_are_shown_and_strict_makes_them_stop_the_export(
    cli: Cli, write_plan: WritePlan, tmp_path: Path
) -> None:
    actions = [{"Ref": "1.1", "Area": "1", "Action": "Audit.", "Target": "By April 2019."}]
    updates = [{"Period": "2019-10-31", "Ref": "1.1", "RAG": "G", "Progress": "Going."}]
    plan = write_plan(Actions=actions, Updates=updates)
    code, out, err = cli("export", "--master", str(plan), "--out", str(tmp_path / "a"))
    assert code == 0 and "warning" in out
    assert "rag-conflict" in err or "rag_conflict" in err
    code, _, err = cli("export", "--master", str(plan), "--out", str(tmp_path / "b"), "--strict")
    assert code == 1 and not (tmp_path / "b").exists()


def test_a_missing_master_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("export", "--master", str(tmp_path / "nope.xlsx"), "--out", str(tmp_path))
    assert code == 2
    assert "nope.xlsx does not exist" in err


def test_an_output_path_that_is_a_file_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    code, _, err = cli("export", "--master", str(EXAMPLE_MASTER), "--out", str(tmp_path / "file"))
    assert code == 2 and "is a file" in err
    assert (tmp_path / "file").read_text() == "x"


@pytest.mark.parametrize("where", ["master's folder", "current folder", "parent"])
def test_a_folder_holding_the_master_or_the_current_folder_is_refused(
    cli: Cli, write_plan: WritePlan, tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = write_plan()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    out = {"master's folder": plan.parent, "current folder": Path("."), "parent": tmp_path}[where]
    before = sorted(p.name for p in tmp_path.iterdir())
    code, _, err = cli("export", "--master", str(plan), "--out", str(out))
    assert code == 2 and "a folder of its own" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert list(work.iterdir()) == []


def test_a_full_disk_leaves_the_folder_as_it_was(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "data"
    export_data(EXAMPLE_MASTER, out)
    before = contents(out)
    real = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        if self.name == "pack-data.xlsx":
            raise OSError(28, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    code, _, err = cli("export", "--master", str(EXAMPLE_MASTER), "--out", str(out))
    assert code == OutputError.exit_code
    assert "No space left on device" in err and "Nothing in" in err
    assert contents(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_an_export_replaces_its_own_files_and_keeps_the_users(
    write_plan: WritePlan, tmp_path: Path
) -> None:
    out = tmp_path / "data"
    out.mkdir()
    (out / "actions.csv").write_text("old")
    (out / "licence.txt").write_text("OGL v3")
    export_data(write_plan(), out)
    assert (out / "licence.txt").read_text() == "OGL v3"
    assert (out / "actions.csv").read_text().startswith("ref,")


FORMULAS = {
    "action": '=HYPERLINK("http://example.invalid","click")',
    "target": "-2+3 by April 2020.",
    "progress": "@SUM(1+1)",
    "reason": "+44 0000 000000",
}


def test_text_that_looks_like_a_formula_is_never_run(write_plan: WritePlan, tmp_path: Path) -> None:
    actions = [
        {"Ref": "1.1", "Area": "1", "Action": FORMULAS["action"], "Target": FORMULAS["target"]}
    ]
    updates = [
        {
            "Period": "2019-10-31",
            "Ref": "1.1",
            "RAG": "A",
            "Progress": FORMULAS["progress"],
            "Reason": FORMULAS["reason"],
            "Recovery": "Plan.",
        }
    ]
    out = tmp_path / "data"
    export_data(write_plan(Actions=actions, Updates=updates), out)
    action = pd.read_csv(out / "actions.csv", dtype=str).iloc[0]
    update = pd.read_csv(out / "updates.csv", dtype=str).iloc[0]
    assert action["action"] == "'" + FORMULAS["action"]
    assert action["target"] == "'" + FORMULAS["target"]
    assert update["progress"] == "'" + FORMULAS["progress"]
    assert update["reason"] == "'" + FORMULAS["reason"]
    book = load_workbook(out / "pack-data.xlsx")
    cells = {c.value: c for row in book.worksheets[0].iter_rows() for c in row}
    cells |= {c.value: c for row in book["updates"].iter_rows() for c in row}
    for text in FORMULAS.values():
        assert cells[text].data_type == "s", text
        assert cells[text].quotePrefix, text


def test_an_ordinary_build_does_not_import_pandas(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from boardpack.cli import main\n"
        f"code = main(['build', '--master', {str(EXAMPLE_MASTER)!r},"
        f" '--templates', {str(ROOT / 'templates')!r}, '--out', {str(tmp_path / 'out')!r},"
        " '--no-cache'])\n"
        "assert code == 0, code\n"
        "print('pandas' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300
    )
    assert done.stdout.strip().splitlines()[-1] == "False"
    assert (tmp_path / "out" / "pack.json").is_file()


def test_a_new_plain_field_of_the_rules_becomes_a_column() -> None:
    from dataclasses import dataclass

    from boardpack.export.tables import plain_columns
    from boardpack.status import ActionStatus

    @dataclass
    class Extended(ActionStatus):
        escalated: bool = False

    before = [c.name for c in plain_columns(ActionStatus)]
    after = [(c.name, c.kind) for c in plain_columns(Extended)]
    assert after[-1] == ("escalated", "bool")
    assert [name for name, _ in after[:-1]] == before


HOSTILE = "Plan 😀 <b>&amp; {{ x }} «quoted», \"both\" kinds, 'single' and a comma"


def test_text_comes_back_exactly_as_typed(write_plan: WritePlan, tmp_path: Path) -> None:
    actions = [{"Ref": "1.1", "Area": "1", "Action": HOSTILE, "Target": "Ongoing."}]
    updates = [{"Period": "2019-10-31", "Ref": "1.1", "RAG": "G", "Progress": "Line one\nLine two"}]
    out = tmp_path / "data"
    export_data(write_plan(Actions=actions, Updates=updates), out)
    assert pd.read_csv(out / "actions.csv", dtype=str).loc[0, "action"] == HOSTILE
    assert pd.read_csv(out / "updates.csv", dtype=str).loc[0, "progress"] == "Line one\nLine two"
    book = load_workbook(out / "pack-data.xlsx")
    assert book["actions"]["D2"].value == HOSTILE
    assert book["updates"]["E2"].value == "Line one\nLine two"


def test_a_plan_with_no_updates_or_measures_gives_header_only_tables(
    write_plan: WritePlan, tmp_path: Path
) -> None:
    out = tmp_path / "data"
    result = export_data(write_plan(Updates=[]), out, as_at=date(2019, 10, 31))
    assert [p.code for p in result.problems] == ["no-update", "no-update"]
    for name in ("updates", "measures", "measure-values"):
        raw = (out / f"{name}.csv").read_bytes()
        assert raw.count(b"\r\n") == 1 and raw.endswith(b"\r\n"), name
        assert len(pd.read_csv(out / f"{name}.csv")) == 0
    assert len(pd.read_csv(out / "actions.csv")) == 2
    book = load_workbook(out / "pack-data.xlsx")
    assert book["updates"].max_row == 1 and book["updates"].auto_filter.ref.startswith("A1:")


@pytest.mark.slow
@pytest.mark.parametrize("clock", ["2031-06-01 12:00:00", "1999-12-31 23:59:59"])
def test_an_export_years_away_and_in_another_time_zone_gives_the_same_bytes(
    clock: str, tmp_path: Path
) -> None:
    faketime = shutil.which("faketime")
    assert faketime, "faketime (Debian package faketime) is needed; .ci/run installs it"
    runs = {}
    for name, prefix, zone in (("now", [], "UTC"), ("then", [faketime, clock], "Asia/Tokyo")):
        subprocess.run(
            [*prefix, sys.executable, "-m", "boardpack", "export", "--master",
             str(EXAMPLE_MASTER), "--out", str(tmp_path / name)],
            check=True,
            capture_output=True,
            env={**os.environ, "TZ": zone, "PYTHONPATH": os.pathsep.join(sys.path)},
        )  # fmt: skip
        runs[name] = contents(tmp_path / name)
    assert runs["then"] == runs["now"]
