"""The benchmark's made-up plan is a valid master workbook, the same for the same seed."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import openpyxl

from boardpack.model import Rag
from boardpack.workbook.reader import read_master

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _synthetic() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_synthetic", BENCH / "synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


synthetic = _synthetic()


def _values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book}
    finally:
        book.close()


def test_small_plan_reads_without_errors_and_has_every_row(tmp_path: Path) -> None:
    path = synthetic.write_large_plan(
        tmp_path / "plan.xlsx", areas=3, actions_per_area=4, periods=5, measures=2
    )
    plan, problems = read_master(path)
    assert plan is not None
    assert [p for p in problems if p.is_error] == []
    assert len(plan.areas) == 3
    assert [a.ref for a in plan.actions[:5]] == ["1.1", "1.2", "1.3", "1.4", "2.1"]
    assert len(plan.updates) == 3 * 4 * 5
    assert len(plan.measures) == 2
    assert len(plan.measure_values) == 2 * (1 + 5 + 2)
    assert len(plan.glossary) > 0


def test_red_and_amber_updates_have_reason_and_recovery(tmp_path: Path) -> None:
    path = synthetic.write_large_plan(tmp_path / "plan.xlsx", areas=10, actions_per_area=10)
    plan, _ = read_master(path)
    assert plan is not None
    exceptions = [u for u in plan.updates if u.rag in (Rag.RED, Rag.AMBER)]
    assert {u.rag for u in plan.updates} == set(Rag)
    assert exceptions
    assert all(u.reason and u.recovery for u in exceptions)


def test_texts_have_the_real_plans_lengths(tmp_path: Path) -> None:
    path = synthetic.write_large_plan(tmp_path / "plan.xlsx", areas=5, actions_per_area=20)
    plan, _ = read_master(path)
    assert plan is not None
    action_mean = sum(len(a.text) for a in plan.actions) / len(plan.actions)
    progress_mean = sum(len(u.progress) for u in plan.updates) / len(plan.updates)
    assert 170 <= action_mean <= 230
    assert 210 <= progress_mean <= 290


def test_same_seed_gives_the_same_cells_and_another_seed_does_not(tmp_path: Path) -> None:
    def write(name: str, seed: int) -> dict[str, list[tuple[object, ...]]]:
        path = synthetic.write_large_plan(
            tmp_path / name, areas=2, actions_per_area=3, periods=3, measures=2, seed=seed
        )
        return _values(path)

    first = write("a.xlsx", 7)
    assert write("b.xlsx", 7) == first
    assert write("c.xlsx", 8) != first


def test_quarter_ends_cross_the_year() -> None:
    from datetime import date

    assert synthetic.quarter_ends(4, date(2019, 9, 30)) == [
        date(2019, 9, 30),
        date(2019, 12, 31),
        date(2020, 3, 31),
        date(2020, 6, 30),
    ]
