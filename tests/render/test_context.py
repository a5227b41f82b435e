"""The template variables built from a pack."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from boardpack.model import Measure, Rag
from boardpack.render.context import ATTENTION_ROWS, BRIEFING_ROWS, build_context
from boardpack.rules import derive
from boardpack.status import MeasureStatus, PackStatus
from boardpack.workbook.reader import read_master

from .conftest import build_status

EXAMPLE = Path(__file__).resolve().parents[2] / "inputs" / "master.xlsx"


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


def _example_with_ambers(count: int) -> PackStatus:
    """The embedded example with ``count`` more of its current updates rated Amber."""
    plan, _ = read_master(EXAMPLE)
    assert plan is not None
    latest = max(u.period for u in plan.updates)
    blue = [u for u in plan.updates if u.period == latest and u.rag is Rag.BLUE][:count]
    plan.updates = [
        replace(u, rag=Rag.AMBER, recovery="Recovery agreed.") if u in blue else u
        for u in plan.updates
    ]
    return derive(plan)


def test_a_briefing_list_longer_than_a_page_shows_its_first_rows_and_says_where_the_rest_are():
    briefing = build_context(_example_with_ambers(6), [])["briefing"]

    listed = briefing["exceptions"]["actions"]
    assert len(listed) == BRIEFING_ROWS
    assert [a["word"] for a in listed] == ["Red"] + ["Amber"] * (BRIEFING_ROWS - 1)
    assert briefing["exceptions"]["sentence"] == (
        f"Red: 1; Amber: 13. The first {BRIEFING_ROWS}, Red first, are listed with their recovery "
        f"plan and revised date; the other {14 - BRIEFING_ROWS} are set out in the members' "
        "update report."
    )
    attention = briefing["attention"]
    assert len(attention["actions"]) == ATTENTION_ROWS
    assert all("overdue by" in a["timing"] for a in attention["actions"])
    assert attention["sentence"] == (
        "5 overdue and 5 due within 90 days of 31 October 2019. The first 5, overdue first, are "
        "listed; the other 5 are in the members' update report."
    )


def test_a_short_briefing_list_is_shown_whole():
    briefing = build_context(_example_with_ambers(0), [])["briefing"]

    assert len(briefing["exceptions"]["actions"]) == 8
    assert briefing["exceptions"]["sentence"] == (
        "Red: 1; Amber: 7. Each is listed with its recovery plan and revised date."
    )
    assert (
        briefing["attention"]["sentence"]
        == "0 overdue and 4 due within 90 days of 31 October 2019."
    )
