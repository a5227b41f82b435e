"""The template variables built from a pack."""

from __future__ import annotations

from boardpack.model import Measure
from boardpack.render.context import build_context
from boardpack.status import MeasureStatus

from .conftest import build_status


def test_the_briefing_lists_measures_with_figures_and_names_those_without() -> None:
    status = build_status()
    waiting = Measure("M9", "Return home interviews taken up")
    status.measures.append(MeasureStatus(waiting, [], None, None, None, "no_data"))

    key = build_context(status, [])["key_measures"]

    assert [m["id"] for m in key["measures"]] == [status.measures[0].measure.id]
    assert key["sentence"] == (
        "1 measure has no actual figures yet: Return home interviews taken up."
    )


def test_every_measure_with_figures_leaves_no_sentence() -> None:
    key = build_context(build_status(), [])["key_measures"]

    assert len(key["measures"]) == 1
    assert key["sentence"] == ""
