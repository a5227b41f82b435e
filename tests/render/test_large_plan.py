"""The briefing of a large plan (fifty areas, many exceptions, measures and overdue
actions) keeps to three pages: every list shows its most important rows."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from boardpack.render import TEMPLATE_NAMES, render_documents
from boardpack.rules.derive import derive
from boardpack.workbook.reader import read_master

from .conftest import TEMPLATES
from .dump import text_dump
from .pages import mostly_empty, pages, to_pdf

BENCH = Path(__file__).resolve().parents[2] / "bench" / "synthetic.py"
MEMBERS, BRIEFING = TEMPLATE_NAMES


def _synthetic() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_synthetic", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def briefing(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("large")
    path = _synthetic().write_large_plan(
        folder / "large.xlsx", areas=50, actions_per_area=4, periods=3, measures=30
    )
    plan, problems = read_master(path)
    assert plan is not None, problems
    return render_documents(derive(plan), [], TEMPLATES)[BRIEFING]


def test_a_fifty_area_briefing_caps_its_area_table_and_says_where_the_rest_are(briefing):
    text = text_dump(briefing)
    areas = text.split("# Progress by area")[1].split("# Exceptions")[0]
    assert (
        sum(1 for line in areas.splitlines() if line.startswith("| ") and "[1F3864]" not in line)
        == 9
    )
    assert "The other 41 areas are set out in the members' update report." in areas


@pytest.mark.libreoffice
def test_a_fifty_area_briefing_keeps_to_three_pages(briefing, tmp_path):
    found = pages(to_pdf(BRIEFING, briefing, tmp_path))
    assert len(found) <= 3
    assert mostly_empty(found) == []
