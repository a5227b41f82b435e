"""The output folder under attack and accident: unsafe --out refused, concurrent builds,
swaps cut short by a kill, the folder's attributes, mount points and full disks."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from boardpack import output_folder
from boardpack.build import build_pack

from ..conftest import run_at_once

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux folders"),
]

OWNED = ("members-update.docx", "cabinet-briefing.docx", "pack.json", "charts")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def run(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "boardpack", *argv],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


# --- --out that would replace the inputs ---------------------------------------------


@pytest.fixture
def project(tmp_path: Path, templates_dir: Path, example_master: Path) -> Path:
    """A project folder as a council keeps it: inputs/, templates/ and a file of its own."""
    root = tmp_path / "project"
    (root / "inputs").mkdir(parents=True)
    shutil.copy(example_master, root / "inputs" / "master.xlsx")
    shutil.copytree(templates_dir, root / "templates")
    (root / "notes.txt").write_text("the officer's notes")
    return root


@pytest.mark.parametrize(
    ("out", "said"),
    [
        ("templates", "is the templates folder"),
        ("", "is the current folder"),
        (".", "is the current folder"),
        ("inputs", "is the folder holding the master workbook"),
        ("..", "is a folder holding the templates folder"),
        ("/", "is the root of the file system"),
    ],
    ids=["templates", "empty", "dot", "master-folder", "parent", "root"],
)
def test_an_out_that_would_replace_the_inputs_is_refused_before_any_work(
    out: str, said: str, project: Path
) -> None:
    before = snapshot(project)
    started = time.monotonic()
    done = run("build", "--out", out, cwd=project)
    assert done.returncode == 2, done.stderr
    assert said in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1  # one plain sentence, not a 2 MB message
    assert time.monotonic() - started < 30  # refused at once, nothing copied
    assert snapshot(project) == before
    check = run("check", cwd=project)
    assert check.returncode == 0, check.stdout


# --- two builds at once, and swaps cut short -----------------------------------------


def test_a_second_build_into_the_same_folder_waits_for_the_first(
    example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (out / "mine.txt").write_text("my own file")
    holder = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # a build is writing
    argv = ["build", "--master", str(example_master), "--templates", str(templates_dir)]
    argv += ["--out", str(out), "--no-cache"]
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "boardpack", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        time.sleep(8)
        assert child.poll() is None  # waiting, not writing
        assert not (out / "pack.json").exists()
    finally:
        os.close(holder)
    _, err = child.communicate(timeout=300)
    assert child.returncode == 0, err
    assert "another build is writing into" in err and "waiting for it to finish" in err
    assert (out / "pack.json").exists() and (out / "mine.txt").read_text() == "my own file"


def test_a_kill_between_the_two_renames_is_put_right_by_the_next_build(
    example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    build_pack(example_master, templates_dir, out, cache=False, workers=1)
    (out / "mine.txt").write_text("my own file")
    # as left by a kill after ``out`` was moved aside, before the new folder moved in
    previous = tmp_path / ".output.previous-abc123"
    os.replace(out, previous)
    (tmp_path / ".output.building-def456").mkdir()
    (tmp_path / ".output.building-def456" / "pack.json").write_text("{half")
    result = build_pack(example_master, templates_dir, out, cache=False, workers=1)
    assert (out / "mine.txt").read_text() == "my own file"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert any("put back" in note for note in result.notes)


def test_a_kill_during_the_tidying_up_leaves_nothing_behind_next_time(
    example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    build_pack(example_master, templates_dir, out, cache=False, workers=1)
    stale = tmp_path / ".output.previous-xyz"
    shutil.copytree(out, stale)
    build_pack(example_master, templates_dir, out, cache=False, workers=1)
    assert not stale.exists()


# --- the folder's owner, group, mode and extended attributes -------------------------


def test_the_output_folder_keeps_its_group_setgid_bit_and_extended_attributes(
    example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    out.mkdir()
    group = 4242 if os.geteuid() == 0 else os.getgid()
    os.chown(out, -1, group)
    os.chmod(out, 0o2775)
    try:
        os.setxattr(out, "user.council.owner", b"policy team")
    except OSError:
        pytest.skip("no user extended attributes on this file system")
    result = build_pack(example_master, templates_dir, out, cache=False, workers=1)
    info = out.stat()
    assert info.st_gid == group
    assert info.st_mode & 0o7777 == 0o2775
    assert os.getxattr(out, "user.council.owner") == b"policy team"
    assert (out / "pack.json").stat().st_gid == group  # new files inherit, as in out
    assert result.notes == []


def test_what_cannot_be_kept_is_said(
    example_master: Path, templates_dir: Path, tmp_path: Path, monkeypatch, cli
) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs a folder owned by another user")
    out = tmp_path / "output"
    out.mkdir()
    os.chown(out, 4343, 4242)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(output_folder.os, "chown", refuse)
    code, _, err = cli(
        "build", "--master", str(example_master), "--templates", str(templates_dir),
        "--out", str(out), "--no-cache",
    )  # fmt: skip
    assert code == 0
    assert "Note: could not keep the output folder's owner (uid 4343)" in err
    assert "Note: could not keep the output folder's group (gid 4242)" in err


# --- mount points and full disks -----------------------------------------------------


def test_an_output_folder_that_is_a_mount_point_works(
    mounted, example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    out = mounted(tmp_path / "output", "64m")
    (out / "mine.txt").write_text("my own file")
    for _ in range(2):  # a first build, and one replacing it
        done = run(
            "build", "--master", str(example_master), "--templates", str(templates_dir),
            "--out", str(out), "--no-cache",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    assert (out / "pack.json").exists() and (out / "mine.txt").read_text() == "my own file"
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_a_full_disk_says_so_and_changes_nothing(
    mounted, example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    out = mounted(tmp_path / "output", "64m")
    ok = run(
        "build", "--master", str(example_master), "--templates", str(templates_dir),
        "--out", str(out), "--no-cache",
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    before = snapshot(out)
    filler = out / "filler.bin"
    # fill the disk but for a few kilobytes; unbuffered, so that closing the file does
    # not try again to write what did not fit
    with filler.open("wb", buffering=0) as stream:
        try:
            while True:
                stream.write(b"\0" * 65536)
        except OSError:
            pass
    before["filler.bin"] = filler.read_bytes()
    done = run(
        "build", "--master", str(example_master), "--templates", str(templates_dir),
        "--out", str(out), "--no-cache", "--as-at", "2019-09-30",
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    assert "No space left on device" in done.stderr and "free some disk space" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(out) == before


def test_a_mount_point_swap_cut_short_is_put_back(
    mounted, example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    out = mounted(tmp_path / "output", "64m")
    build_pack(example_master, templates_dir, out, cache=False, workers=1)
    before = snapshot(out)
    # as left by a kill halfway through the swap: the old report moved aside, a new
    # pack.json moved in
    previous = out / ".boardpack-previous-abc"
    previous.mkdir()
    (previous / ".moved-in").write_text("pack.json\n")
    os.replace(out / "members-update.docx", previous / "members-update.docx")
    os.replace(out / "pack.json", previous / "pack.json")
    (out / "pack.json").write_text("{}")
    (out / ".boardpack-building-def").mkdir()
    assert output_folder.recover(out)
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_two_builds_at_once_into_one_folder_both_finish_and_keep_your_files(
    example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (out / "mine.txt").write_text("my own file")
    (out / "drafts").mkdir()
    (out / "drafts" / "cover.docx").write_bytes(b"my draft")
    argv = ["build", "--master", str(example_master), "--templates", str(templates_dir)]
    argv += ["--out", str(out), "--no-cache"]
    run_at_once(argv)
    assert (out / "mine.txt").read_text() == "my own file"
    assert (out / "drafts" / "cover.docx").read_bytes() == b"my draft"
    assert (out / "pack.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
