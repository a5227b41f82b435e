"""Small plans built directly from model objects, with cell addresses filled in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from boardpack.model import (
    DEFAULT_RAG_KEY,
    Action,
    Area,
    Measure,
    MeasureValue,
    Plan,
    Report,
    Update,
)

ACTION_COLUMNS = {"ref": "A", "area": "B", "action": "C", "target": "D", "due": "E", "owner": "F"}
UPDATE_COLUMNS = {
    "period": "A",
    "ref": "B",
    "rag": "C",
    "progress": "D",
    "reason": "E",
    "recovery": "F",
    "revised due": "G",
}


def build_plan(
    actions: Sequence[Action],
    updates: Sequence[Update] = (),
    *,
    areas: Sequence[Area] | None = None,
    measures: Sequence[Measure] = (),
    measure_values: Sequence[MeasureValue] = (),
    report_cells: dict[str, str] | None = None,
    **report: Any,
) -> Plan:
    """A plan whose actions sit in Actions rows 2, 3 ... and updates in Updates rows 2, 3 ...

    Cells are filled as the reader would (``Updates!C5`` is the RAG of the fourth update).
    """
    placed_actions = [
        a if a.cells else replace(a, row=i, cells={k: f"{c}{i}" for k, c in ACTION_COLUMNS.items()})
        for i, a in enumerate(actions, start=2)
    ]
    placed_updates = [
        u if u.cells else replace(u, row=i, cells={k: f"{c}{i}" for k, c in UPDATE_COLUMNS.items()})
        for i, u in enumerate(updates, start=2)
    ]
    if areas is None:
        ids = dict.fromkeys(a.area for a in actions)
        areas = [Area(area_id, f"Area {area_id}") for area_id in ids]
    return Plan(
        source=Path("master.xlsx"),
        report=Report("Haringey Council", "Action plan", cells=report_cells or {}, **report),
        rag_key=dict(DEFAULT_RAG_KEY),
        areas=list(areas),
        actions=placed_actions,
        updates=placed_updates,
        measures=list(measures),
        measure_values=list(measure_values),
    )


@pytest.fixture
def make_plan() -> Callable[..., Plan]:
    return build_plan
