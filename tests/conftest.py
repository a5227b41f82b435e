"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
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
