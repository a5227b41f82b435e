"""The export's folder is handled as the build's: locked, put right after a kill, its
attributes kept; and a master saved mid-export is never recorded for the old data."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

import boardpack.export.files
from boardpack.export import OWNED_NAMES, export_data
from boardpack.problems import InputError

from ..conftest import Cli, Mount, run_at_once
from .conftest import EXAMPLE_MASTER

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux folders")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def master(tmp_path: Path) -> Path:
    path = tmp_path / "inputs" / "master.xlsx"
    path.parent.mkdir()
    shutil.copyfile(EXAMPLE_MASTER, path)
    return path


def test_a_kill_between_the_two_renames_is_put_right_by_the_next_export(
    master: Path, tmp_path: Path
) -> None:
    out = tmp_path / "data"
    export_data(master, out)
    (out / "licence.txt").write_text("OGL v3")
    # as left by a kill after ``data`` was moved aside, before the new folder moved in
    os.replace(out, tmp_path / ".data.previous-abc123")
    (tmp_path / ".data.building-def456").mkdir()
    (tmp_path / ".data.building-def456" / "actions.csv").write_text("ref,half")
    result = export_data(master, out)
    assert (out / "licence.txt").read_text() == "OGL v3"
    assert (out / "actions.csv").read_text().startswith("ref,")
    assert hidden(tmp_path) == []
    assert any("put back" in note for note in result.notes)


def test_the_notes_of_a_recovery_are_shown_by_the_command(
    cli: Cli, master: Path, tmp_path: Path
) -> None:
    out = tmp_path / "data"
    export_data(master, out)
    os.replace(out, tmp_path / ".data.previous-abc123")
    code, _, err = cli("export", "--master", str(master), "--out", str(out))
    assert code == 0, err
    assert "Note: put back" in err and (out / "data.json").exists()


def test_two_exports_at_once_into_one_folder_both_finish_and_keep_your_files(
    master: Path, tmp_path: Path
) -> None:
    out = tmp_path / "data"
    out.mkdir()
    (out / "licence.txt").write_text("OGL v3")
    (out / "notes").mkdir()
    (out / "notes" / "method.md").write_text("how we count")
    argv = ["export", "--master", str(master), "--out", str(out)]
    run_at_once(argv)
    assert (out / "licence.txt").read_text() == "OGL v3"
    assert (out / "notes" / "method.md").read_text() == "how we count"
    assert {p.name for p in out.iterdir()} >= OWNED_NAMES
    assert hidden(tmp_path) == []


def test_the_data_folder_keeps_its_group_setgid_bit_and_extended_attributes(
    master: Path, tmp_path: Path
) -> None:
    out = tmp_path / "data"
    out.mkdir()
    group = 4242 if os.geteuid() == 0 else os.getgid()
    os.chown(out, -1, group)
    os.chmod(out, 0o2775)
    try:
        os.setxattr(out, "user.council.owner", b"open data team")
    except OSError:
        pytest.skip("no user extended attributes on this file system")
    result = export_data(master, out)
    info = out.stat()
    assert info.st_gid == group
    assert info.st_mode & 0o7777 == 0o2775
    assert os.getxattr(out, "user.council.owner") == b"open data team"
    assert (out / "data.json").stat().st_gid == group  # new files inherit, as in out
    assert result.notes == []


def test_a_master_saved_during_an_export_stops_it_and_changes_nothing(
    cli: Cli, master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "data"
    export_data(master, out)
    before = snapshot(out)
    real = boardpack.export.files.data_files

    def save_meanwhile(*args: object, **kwargs: object) -> dict[str, bytes]:
        replacement = master.with_name("saving.tmp")
        replacement.write_bytes(master.read_bytes())
        os.replace(replacement, master)  # as Excel saves: a new file with the same name
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(boardpack.export.files, "data_files", save_meanwhile)
    code, _, err = cli("export", "--master", str(master), "--out", str(out))
    assert code == InputError.exit_code
    assert "was saved while the data was being exported" in err
    assert "nothing was exported" in err and "Traceback" not in err
    assert snapshot(out) == before
    assert hidden(tmp_path) == []


def test_data_json_records_the_hash_of_the_bytes_read(master: Path, tmp_path: Path) -> None:
    export_data(master, tmp_path / "data")
    record = json.loads((tmp_path / "data" / "data.json").read_text())
    assert record["inputs"]["master"] == hashlib.sha256(master.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("out", "said"),
    [("inputs", "is the folder holding the master workbook"), ("/", "is the root")],
)
def test_an_out_that_would_replace_the_master_is_refused_before_any_work(
    cli: Cli, master: Path, tmp_path: Path, out: str, said: str
) -> None:
    before = snapshot(tmp_path)
    code, _, err = cli(
        "export", "--master", str(master), "--out", out.replace("inputs", str(master.parent))
    )
    assert code == 2 and said in err and "Traceback" not in err
    assert snapshot(tmp_path) == before


def test_a_data_folder_above_the_current_folder_is_refused(
    cli: Cli, master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "data" / "work"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    code, _, err = cli("export", "--master", str(master), "--out", str(tmp_path / "data"))
    assert code == 2 and "a folder holding the current folder" in err
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["work"]


def test_a_data_folder_that_is_a_mount_point_works(
    mounted: Mount, master: Path, tmp_path: Path
) -> None:
    out = mounted(tmp_path / "data", "16m")
    (out / "licence.txt").write_text("OGL v3")
    for as_at in (None, date(2019, 9, 30)):  # a first export, and one replacing it
        export_data(master, out, as_at=as_at)
    record = json.loads((out / "data.json").read_text())
    assert record["as_at"] == "2019-09-30"
    assert (out / "licence.txt").read_text() == "OGL v3"
    assert hidden(out) == []
