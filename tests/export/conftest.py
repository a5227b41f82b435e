"""Fixtures for the data export: the example exported once, and its pack.json to check against."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from boardpack.build import load_status
from boardpack.export import export_data
from boardpack.packjson import pack_json
from boardpack.workbook.writer import write_master

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_MASTER = ROOT / "inputs" / "master.xlsx"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example master exported into a fresh folder (shared by a module's tests)."""
    folder = tmp_path_factory.mktemp("export")
    master = folder / "master.xlsx"
    shutil.copyfile(EXAMPLE_MASTER, master)
    export_data(master, folder / "data")
    return folder / "data"


@pytest.fixture(scope="module")
def pack() -> dict[str, Any]:
    """The example's derived data as ``check --json`` and ``pack.json`` give it."""
    status, _ = load_status(EXAMPLE_MASTER)
    data: dict[str, Any] = json.loads(json.dumps(pack_json(status)))
    return data


REPORT = [
    ("Organisation", "Testshire Council"),
    ("Title", "Test plan: progress update"),
    ("As at", "2019-10-31"),
]


def small_plan(**changes: list[dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    """Rows of a two-action plan over two periods; ``changes`` replace whole sheets."""
    data: dict[str, list[dict[str, object]]] = {
        "Areas": [{"Area": "1", "Title": "Assessments"}],
        "Actions": [
            {"Ref": "1.1", "Area": "1", "Action": "Audit tool rolled out.", "Target": "Ongoing."},
            {"Ref": "1.2", "Area": "1", "Action": "Training.", "Target": "By December 2019."},
        ],
        "Updates": [
            {"Period": "2019-06-30", "Ref": "1.1", "RAG": "G", "Progress": "Started."},
            {"Period": "2019-06-30", "Ref": "1.2", "RAG": "G", "Progress": "Planned."},
            {"Period": "2019-10-31", "Ref": "1.1", "RAG": "B", "Progress": "Completed."},
            {"Period": "2019-10-31", "Ref": "1.2", "RAG": "G", "Progress": "On track."},
        ],
    }
    data.update(changes)
    return data


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[..., Path]:
    """Write a small master workbook; keyword arguments replace its sheets."""

    def write(name: str = "plan.xlsx", **sheets: list[dict[str, object]]) -> Path:
        path = tmp_path / name
        write_master(path, small_plan(**sheets), report=REPORT)
        return path

    return write
