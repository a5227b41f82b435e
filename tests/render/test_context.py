"""The template variables built from a pack."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from boardpack.model import Measure, Rag
from boardpack.render.context import (
    AREA_ROWS,
    ATTENTION_ROWS,
    BRIEFING_ROWS,
    _briefing_areas,
    build_context,
    share,
    shorten,
)
from boardpack.render.sample import quiet_status
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
        f"Red: 1; Amber: 13. The first {BRIEFING_ROWS}, Red first, are listed with what the "
        "action is, why it is off track and its recovery. The other "
        f"{14 - BRIEFING_ROWS} exceptions are set out in the members' update report."
    )
    attention = briefing["attention"]
    assert len(attention["actions"]) == ATTENTION_ROWS
    assert all(a["position"].startswith("Overdue by") for a in attention["actions"])
    assert attention["sentence"] == (
        "5 overdue, 6 slipped from their original date and 1 due before the meeting on "
        f"10 December 2019. The other {11 - ATTENTION_ROWS} actions are set out in the members' "
        "update report."
    )


def test_the_briefing_lists_what_is_due_before_the_meeting_first_then_what_slipped():
    briefing = build_context(_example_with_ambers(0), [])["briefing"]

    assert len(briefing["exceptions"]["actions"]) == BRIEFING_ROWS
    assert [a["ref"] for a in briefing["attention"]["actions"]] == ["2.5", "1.10", "4.4", "7.2"]
    assert briefing["attention"]["sentence"] == (
        "0 overdue, 6 slipped from their original date and 1 due before the meeting on "
        "10 December 2019. The other 2 actions are set out in the members' update report."
    )


def test_a_plan_of_fifty_areas_shows_the_areas_most_in_need_of_attention_in_plan_order():
    areas = [
        {"id": str(n), "word": word, "direction": {"word": "unchanged"}}
        for n, word in enumerate(["Green"] * 45 + ["Amber", "Red", "Blue", "Amber", "Red"], 1)
    ]
    shown = _briefing_areas(areas)

    assert len(shown["areas"]) == AREA_ROWS
    assert {a["id"] for a in shown["areas"]} >= {"46", "47", "49", "50"}
    assert [int(a["id"]) for a in shown["areas"]] == sorted(int(a["id"]) for a in shown["areas"])
    assert "The other 41 areas are set out in the members' update report." in shown["sentence"]


@pytest.mark.parametrize(
    ("count", "total", "printed"),
    [(5, 40, "13%"), (7, 40, "18%"), (1, 8, "13%"), (1, 3, "33%"), (2, 3, "67%"), (0, 0, "0%")],
)
def test_shares_round_half_up(count, total, printed):
    assert share(count, total) == printed


def test_text_is_shortened_at_a_word_boundary():
    text = "Adopt the pan-London approach to commissioning placements for children in care"
    assert shorten(text, 30) == "Adopt the pan-London approach…"
    assert shorten("Short enough.", 30) == "Short enough."
    assert shorten("Unbreakablewordthatgoesonandon", 10) == "Unbreakabl…"


def test_the_rag_key_keeps_the_workbook_order_and_defaults_to_red_amber_green_blue():
    status = build_status()
    context = build_context(status, [])
    assert [k["word"] for k in context["rag_key"]] == ["Red", "Amber", "Green", "Blue"]
    assert [c["word"] for c in context["summary"]["counts"]] == ["Red", "Amber", "Green", "Blue"]
    status.plan.rag_key = {rag: status.plan.rag_key[rag] for rag in reversed(Rag)}
    assert [k["word"] for k in build_context(status, [])["rag_key"]] == [
        "Blue",
        "Green",
        "Amber",
        "Red",
    ]


def test_statutory_comments_left_out_are_empty_so_the_template_shows_the_gap():
    report = build_context(quiet_status(), [])["report"]
    assert report["finance_comments"] == []
    assert report["legal_comments"] == []
    assert report["equalities_comments"] == []
    assert report["wards"] == "All"
    assert report["key_decision"] == "No"
    assert report["addressee"] == "The meeting"


def test_recommendations_are_addressed_to_the_meeting_the_workbook_names():
    status = quiet_status()
    status.plan.report.meeting = "Cabinet Member for Children"
    report = build_context(status, [])["report"]
    assert report["addressee"] == "Cabinet Member for Children"
    assert report["recommend_to"] == "Cabinet Member for Children"
