"""Fixtures for whole-pipeline tests: small workbooks written with the project's writer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from boardpack.workbook.writer import write_master

REPORT = [
    ("Organisation", "Testshire Council"),
    ("Title", "Test plan: progress update"),
    ("As at", "2019-10-31"),
]


def small_plan(**changes: Any) -> dict[str, list[dict[str, object]]]:
    """Rows of a two-action plan that builds cleanly; ``changes`` replace whole sheets."""
    data: dict[str, list[dict[str, object]]] = {
        "Areas": [{"Area": "1", "Title": "Assessments", "Outcomes": "- Good plans\n- Timely"}],
        "Actions": [
            {"Ref": "1.1", "Area": "1", "Action": "Audit tool rolled out.", "Target": "Ongoing."},
            {"Ref": "1.2", "Area": "1", "Action": "Training.", "Target": "By December 2019."},
        ],
        "Updates": [
            {"Period": "2019-10-31", "Ref": "1.1", "RAG": "B", "Progress": "Completed."},
            {"Period": "2019-10-31", "Ref": "1.2", "RAG": "G", "Progress": "On track."},
        ],
    }
    data.update(changes)
    return data


WriteWorkbook = Callable[..., Path]


@pytest.fixture
def write_workbook(tmp_path: Path) -> WriteWorkbook:
    """Write a master workbook into tmp_path; keyword arguments replace sheets of the small plan."""

    def write(
        name: str = "plan.xlsx",
        report: list[tuple[str, object]] | None = None,
        **sheets: list[dict[str, object]],
    ) -> Path:
        path = tmp_path / name
        write_master(path, small_plan(**sheets), report=report or REPORT)
        return path

    return write
