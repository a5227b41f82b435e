"""``new-period`` loses nothing: text, saved formula results, rich text, links, and
read-only or full places are all handled as a careful save would."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from boardpack.workbook.period import start_new_period
from boardpack.workbook.reader import read_master
from boardpack.workbook.writer import write_master

NEW_PERIOD = date(2020, 1, 31)
REPORT = [("Organisation", "Testshire Council"), ("Title", "Test plan"), ("As at", "2019-10-31")]
PLAN: dict[str, list[dict[str, object]]] = {
    "Areas": [{"Area": "1", "Title": "Assessments", "Outcomes": "- Good plans"}],
    "Actions": [
        {"Ref": "1.1", "Area": "1", "Action": "Audit tool rolled out.", "Target": "Ongoing."},
        {"Ref": "1.2", "Area": "1", "Action": "Training.", "Target": "By December 2019."},
    ],
    "Updates": [
        {"Period": "2019-10-31", "Ref": "1.1", "RAG": "G", "Progress": "=SUM(A1) was typed"},
        {"Period": "2019-10-31", "Ref": "1.2", "RAG": "G", "Progress": "On track."},
    ],
}


def column(sheet, header: str) -> int:
    for cell in sheet[1]:
        if str(cell.value or "").rstrip("*").strip().lower() == header.lower():
            return int(cell.column)
    raise AssertionError(header)


@pytest.fixture
def master(tmp_path: Path) -> Path:
    """A plan whose 1.1 progress starts with '=' (text), is partly bold, and whose
    Areas sheet has a formula with its saved result, as Excel leaves it."""
    path = tmp_path / "plan" / "master.xlsx"
    path.parent.mkdir()
    write_master(path, PLAN, report=REPORT)
    book = openpyxl.load_workbook(path, rich_text=True)
    updates = book["Updates"]
    progress = updates.cell(2, column(updates, "Progress"))
    progress.value = "=SUM(A1) was typed"
    progress.data_type = "s"  # text, as Excel stores a cell typed with a leading '
    bold = updates.cell(3, column(updates, "Progress"))
    bold.value = CellRichText([TextBlock(InlineFont(b=True), "Behind"), " but recovering"])
    book["Areas"]["H2"] = "=LEN(B2)"
    book.save(path)
    _with_saved_result(path, "=LEN(B2)", "11")
    return path


def _with_saved_result(path: Path, formula: str, value: str) -> None:
    """Give ``formula`` the saved result ``value``, as Excel would have saved it."""
    with zipfile.ZipFile(path) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    for name, data in entries.items():
        if name.startswith("xl/worksheets/") and f"<f>{formula[1:]}</f>".encode() in data:
            entries[name] = re.sub(
                rb"<f>" + re.escape(formula[1:].encode()) + rb"</f>(<v\s*/>|<v></v>)?",
                b"<f>" + formula[1:].encode() + b"</f><v>" + value.encode() + b"</v>",
                data,
            )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries.items():
            target.writestr(name, data)


def test_copied_text_starting_with_equals_stays_text(master: Path) -> None:
    start_new_period(master, NEW_PERIOD, backup_stamp="s")
    updates = openpyxl.load_workbook(master)["Updates"]
    copied = updates.cell(4, column(updates, "Progress"))
    assert copied.value == "=SUM(A1) was typed" and copied.data_type == "s"
    plan, problems = read_master(master)
    assert plan is not None
    assert not [p for p in problems if p.is_error]


def test_formulas_keep_their_saved_results(master: Path) -> None:
    start_new_period(master, NEW_PERIOD, backup_stamp="s")
    assert openpyxl.load_workbook(master, data_only=True)["Areas"]["H2"].value == 11
    assert openpyxl.load_workbook(master)["Areas"]["H2"].value == "=LEN(B2)"


def test_rich_text_is_kept_and_copied(master: Path) -> None:
    start_new_period(master, NEW_PERIOD, backup_stamp="s")
    updates = openpyxl.load_workbook(master, rich_text=True)["Updates"]
    for row in (3, 5):  # the original row and its copy for the new period
        value = updates.cell(row, column(updates, "Progress")).value
        assert isinstance(value, CellRichText), row
        assert value[0].font.b and value[0].text == "Behind"


def test_a_symlinked_master_is_updated_behind_the_link(master: Path, tmp_path: Path) -> None:
    link = tmp_path / "shortcut.xlsx"
    link.symlink_to(master)
    result = start_new_period(link, NEW_PERIOD, backup_stamp="s")
    assert link.is_symlink() and link.resolve() == master
    assert openpyxl.load_workbook(master)["Updates"].max_row == 5
    assert result.backup.parent == master.parent and result.backup.exists()


def test_a_hard_linked_master_stays_one_file(master: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-name.xlsx"
    os.link(master, other)
    start_new_period(master, NEW_PERIOD, backup_stamp="s")
    assert os.path.samefile(master, other)
    assert openpyxl.load_workbook(other)["Updates"].max_row == 5


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "boardpack", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


def test_a_read_only_master_is_left_alone(master: Path) -> None:
    before = master.read_bytes()
    master.chmod(0o444)
    done = run("new-period", "2020-01-31", "--master", str(master))
    assert done.returncode == 1
    assert done.stderr == (
        f"boardpack new-period: {master} is read-only, so it was not changed. Make it "
        "writable (in File Explorer: Properties, clear Read-only) or copy it, and run again.\n"
    )
    assert master.read_bytes() == before
    assert [p.name for p in master.parent.iterdir()] == ["master.xlsx"]


def test_a_read_only_folder_is_a_plain_message(master: Path) -> None:
    before = master.read_bytes()
    master.parent.chmod(0o555)
    try:
        done = run("new-period", "2020-01-31", "--master", str(master))
    finally:
        master.parent.chmod(0o755)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"The folder {master.parent} is read-only" in done.stderr
    assert master.read_bytes() == before
    assert [p.name for p in master.parent.iterdir()] == ["master.xlsx"]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[], Path]]:
    folder = tmp_path / "disk"
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    yield lambda: folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_is_a_plain_message_with_no_partial_backup(
    master: Path, small_disk: Callable[[], Path]
) -> None:
    disk = small_disk()
    on_disk = disk / "master.xlsx"
    on_disk.write_bytes(master.read_bytes())
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    # leave room for half a backup, so the backup itself is cut short by the full disk
    (disk / "filler.bin").write_bytes(b"\0" * (free - on_disk.stat().st_size // 2))
    before = on_disk.read_bytes()
    done = run("new-period", "2020-01-31", "--master", str(on_disk))
    assert done.returncode == 1, done.stderr
    assert "No space left on device" in done.stderr and "Traceback" not in done.stderr
    assert "no backup was left" in done.stderr
    assert on_disk.read_bytes() == before
    assert sorted(p.name for p in disk.iterdir()) == ["filler.bin", "master.xlsx"]
