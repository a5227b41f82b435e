"""Documents filled while their charts are drawn: with stand-ins, then the pictures put in."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from boardpack.build import apply_rules, read_plan
from boardpack.charts.pack import PlannedCharts
from boardpack.render import TEMPLATE_NAMES, Filling, render_documents
from boardpack.status import Chart, PackStatus

from .conftest import TEMPLATES

MASTER = Path(__file__).resolve().parents[2] / "inputs" / "master.xlsx"
MEMBERS = TEMPLATE_NAMES[0]


@pytest.fixture(scope="module")
def example() -> tuple[PackStatus, list[Chart], list[Chart]]:
    plan, problems = read_plan(MASTER)
    status, _ = apply_rules(plan, problems, MASTER)
    planned = PlannedCharts(status)
    stand_ins = planned.stand_ins
    return status, stand_ins, planned.draw()


def pictures(document: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(document)) as package:
        return [package.read(n) for n in package.namelist() if n.startswith("word/media/")]


def test_documents_filled_while_the_charts_are_drawn_are_those_filled_with_the_charts(example):
    status, stand_ins, charts = example
    assert Filling(status, stand_ins, TEMPLATES).finish(charts) == render_documents(
        status, charts, TEMPLATES
    )


def test_a_stand_in_has_its_charts_size_and_resolution_and_nothing_else_in_common(example):
    _, stand_ins, charts = example
    assert len({c.png for c in stand_ins}) == len(stand_ins)
    for stand_in, chart in zip(stand_ins, charts, strict=True):
        assert stand_in.png != chart.png
        with (
            Image.open(io.BytesIO(stand_in.png)) as blank,
            Image.open(io.BytesIO(chart.png)) as drawn,
        ):
            assert blank.size == drawn.size
            assert blank.info["dpi"] == drawn.info["dpi"]


def test_two_charts_drawn_alike_are_one_picture_as_when_filled_with_the_charts(example):
    status, stand_ins, charts = example
    alike = list(charts)
    alike[-1] = dataclasses.replace(alike[-1], png=alike[-2].png)
    documents = Filling(status, stand_ins, TEMPLATES).finish(alike)
    assert documents == render_documents(status, alike, TEMPLATES)
    assert len(pictures(documents[MEMBERS])) == len(set(pictures(documents[MEMBERS])))


def test_no_stand_in_is_left_in_a_finished_document(example):
    status, stand_ins, charts = example
    documents = Filling(status, stand_ins, TEMPLATES).finish(charts)
    placed = set(pictures(documents[MEMBERS]))
    assert placed and placed <= {c.png for c in charts}
