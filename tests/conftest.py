"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs every property test with the same examples, so a red run can be repeated.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_MASTER = ROOT / "inputs" / "master.xlsx"
TEMPLATES = ROOT / "templates"


@pytest.fixture
def example_master(tmp_path: Path) -> Path:
    """A private copy of the embedded example workbook."""
    copy = tmp_path / "master.xlsx"
    shutil.copyfile(EXAMPLE_MASTER, copy)
    return copy


@pytest.fixture
def templates_dir() -> Path:
    return TEMPLATES


#: runs the command line with its arguments; gives the exit code and what it printed
Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``boardpack`` in this process, as a user would type it."""
    from boardpack.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


#: mounts a small tmpfs (of the size given, such as "16m") on a folder, and gives it
Mount = Callable[[Path, str], Path]


@pytest.fixture
def mounted() -> Iterator[Mount]:
    """Mount a small tmpfs on a folder, unmounted after the test (skipped where that is
    not allowed)."""
    mounts: list[Path] = []

    def mount(folder: Path, size: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
        )
        if done.returncode != 0:
            pytest.skip("cannot mount a file system here")
        mounts.append(folder)
        return folder

    yield mount
    for folder in reversed(mounts):
        subprocess.run(["umount", "-l", str(folder)], check=False)


def run_at_once(argv: list[str], times: int = 2) -> None:
    """Run ``boardpack argv`` in ``times`` processes at once; each must succeed."""
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "boardpack", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        for _ in range(times)
    ]
    for child in children:
        _, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
