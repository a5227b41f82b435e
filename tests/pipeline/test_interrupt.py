"""Ctrl-C during a real build: the old pack stays, nothing is left behind, no traceback."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups, /proc"),
]

#: Runs the CLI with one stage made to wait, after writing a marker file, for the signal.
CHILD = """
import sys, time, pathlib
import boardpack.build as build
import boardpack.charts.pack as charts

marker, stage, *argv = sys.argv[1:]

def wait(*args, **kwargs):
    pathlib.Path(marker).write_text("waiting")
    time.sleep(120)

if stage == "charts":
    charts._draw_share = charts.draw_chart = wait  # wherever and however charts are drawn
elif stage == "writing":
    build._check_written = wait
from boardpack.cli import main
sys.exit(main(argv))
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def still_running(marker: Path) -> list[int]:
    """Processes whose command line names ``marker``: the build and any chart worker."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(marker).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def build_waiting_at(
    stage: str, master: Path, templates: Path, out: Path, marker: Path
) -> subprocess.Popen[str]:
    """A build of ``master`` into ``out``, in a session of its own, once it has reached
    ``stage`` and waits there (its marker is written)."""
    argv = ["build", "--master", str(master), "--templates", str(templates)]
    argv += ["--out", str(out), "--no-cache"]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(marker), stage, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    for _ in range(600):
        if marker.exists() or child.poll() is not None:
            break
        time.sleep(0.05)
    if not marker.exists():
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        pytest.fail(f"the build never reached {stage}: {child.communicate()}")
    return child


def assert_nothing_left_running(marker: Path) -> None:
    """Neither the build nor any of its workers is still running."""
    for _ in range(100):
        if not still_running(marker):
            break
        time.sleep(0.05)
    assert still_running(marker) == []


@pytest.mark.parametrize("stage", ["charts", "writing"])
def test_ctrl_c_leaves_the_previous_pack_exactly_as_it_was(
    stage: str, example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (out / "members-update.docx").write_bytes(b"last quarter's report")
    (out / "notes.txt").write_text("the officer's own file")
    before = snapshot(out)
    marker = tmp_path / f"{stage}.marker"
    child = build_waiting_at(stage, example_master, templates_dir, out, marker)
    try:
        os.killpg(child.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
        _, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)

    assert child.returncode == 130
    assert err == "boardpack build: interrupted; nothing was changed\n"
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert_nothing_left_running(marker)
    shutil.rmtree(out)


@pytest.mark.parametrize("whole_group", [True, False], ids=["process-group", "build-only"])
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_stop_signal_while_charts_are_drawn_ends_the_build_as_ctrl_c_does(
    number: signal.Signals,
    whole_group: bool,
    example_master: Path,
    templates_dir: Path,
    tmp_path: Path,
) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (out / "members-update.docx").write_bytes(b"last quarter's report")
    before = snapshot(out)
    marker = tmp_path / "charts.marker"
    child = build_waiting_at("charts", example_master, templates_dir, out, marker)
    try:
        time.sleep(0.5)  # every worker is drawing too
        if whole_group:
            os.killpg(child.pid, number)  # a hang-up, or ``kill`` of the job
        else:
            os.kill(child.pid, number)  # a service manager stopping the build
        _, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)

    assert child.returncode == 128 + number
    assert err == f"boardpack build: stopped by {number.name}; nothing was changed\n"
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert_nothing_left_running(marker)


def test_a_build_killed_outright_while_charts_are_drawn_leaves_no_chart_process(
    example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    """SIGKILL cannot be handled: the chart processes end with the build all the same."""
    marker = tmp_path / "charts.marker"
    out = tmp_path / "output"
    child = build_waiting_at("charts", example_master, templates_dir, out, marker)
    try:
        time.sleep(0.5)  # every worker is drawing too
        assert len(still_running(marker)) > 1
        os.kill(child.pid, signal.SIGKILL)
        child.communicate(timeout=60)
        assert_nothing_left_running(marker)
    finally:
        for pid in still_running(marker):
            os.kill(pid, signal.SIGKILL)
