"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
import shutil
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
