"""The template variables built from a pack."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from boardpack.model import Measure, Rag
from boardpack.render import context as context_module
from boardpack.render.context import (
    AREA_ROWS,
    ATTENTION_ROWS,
    BRIEFING_ROWS,
    _briefing_areas,
    build_context,
    context_names,
    share,
    shorten,
    texts,
)
from boardpack.render.documents import MEMBERS, environment, literal_texts
from boardpack.render.sample import quiet_status
from boardpack.rules import derive
from boardpack.status import MeasureStatus, PackStatus
from boardpack.workbook.reader import read_master

from .conftest import build_status
from .dump import text_dump

EXAMPLE = Path(__file__).resolve().parents[2] / "inputs" / "master.xlsx"


def test_the_briefing_lists_measures_with_figures_and_names_those_without() -> None:
    status = build_status()
    waiting = Measure("M9", "Return home interviews taken up")
    status.measures.append(MeasureStatus(waiting, [], None, None, None, "no_data"))

    key = build_context(status, []).key_measures

    assert [m.id for m in key.measures] == [status.measures[0].measure.id]
    assert key.sentence == ("1 measure has no actual figures yet: Return home interviews taken up.")


def test_every_measure_with_figures_leaves_no_sentence() -> None:
    key = build_context(build_status(), []).key_measures

    assert len(key.measures) == 1
    assert key.sentence == ""


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
    briefing = build_context(_example_with_ambers(6), []).briefing

    listed = briefing.exceptions.actions
    assert len(listed) == BRIEFING_ROWS
    assert [a.word for a in listed] == ["Red"] + ["Amber"] * (BRIEFING_ROWS - 1)
    assert briefing.exceptions.sentence == (
        f"Red: 1; Amber: 13. The first {BRIEFING_ROWS}, Red first, are listed with what the "
        "action is, why it is off track and its recovery. The other "
        f"{14 - BRIEFING_ROWS} exceptions are set out in the members' update report."
    )
    attention = briefing.attention
    assert len(attention.actions) == ATTENTION_ROWS
    assert all(a.position.startswith("Overdue by") for a in attention.actions)
    assert attention.sentence == (
        "5 overdue, 6 slipped from their original date and 1 due before the meeting on "
        f"10 December 2019. The other {11 - ATTENTION_ROWS} actions are set out in the members' "
        "update report."
    )


def test_the_briefing_lists_what_is_due_before_the_meeting_first_then_what_slipped():
    briefing = build_context(_example_with_ambers(0), []).briefing

    assert len(briefing.exceptions.actions) == BRIEFING_ROWS
    assert [a.ref for a in briefing.attention.actions] == ["2.5", "1.10", "4.4", "7.2"]
    assert briefing.attention.sentence == (
        "0 overdue, 6 slipped from their original date and 1 due before the meeting on "
        "10 December 2019. The other 2 actions are set out in the members' update report."
    )


def test_a_plan_of_fifty_areas_shows_the_areas_most_in_need_of_attention_in_plan_order():
    areas = [
        SimpleNamespace(id=str(n), word=word, direction=SimpleNamespace(word="unchanged"))
        for n, word in enumerate(["Green"] * 45 + ["Amber", "Red", "Blue", "Amber", "Red"], 1)
    ]
    shown = _briefing_areas(areas)

    assert len(shown.areas) == AREA_ROWS
    assert {a.id for a in shown.areas} >= {"46", "47", "49", "50"}
    assert [int(a.id) for a in shown.areas] == sorted(int(a.id) for a in shown.areas)
    assert "The other 41 areas are set out in the members' update report." in shown.sentence


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
    assert [k.word for k in context.rag_key] == ["Red", "Amber", "Green", "Blue"]
    assert [c.word for c in context.summary.counts] == ["Red", "Amber", "Green", "Blue"]
    status.plan.rag_key = {rag: status.plan.rag_key[rag] for rag in reversed(Rag)}
    assert [k.word for k in build_context(status, []).rag_key] == [
        "Blue",
        "Green",
        "Amber",
        "Red",
    ]


def test_statutory_comments_left_out_are_empty_so_the_template_shows_the_gap():
    report = build_context(quiet_status(), []).report
    assert report.finance_comments == []
    assert report.legal_comments == []
    assert report.equalities_comments == []
    assert report.wards == "All"
    assert report.key_decision == "No"
    assert report.addressee == "The meeting"


def test_recommendations_are_addressed_to_the_meeting_the_workbook_names():
    status = quiet_status()
    status.plan.report.meeting = "Cabinet Member for Children"
    report = build_context(status, []).report
    assert report.addressee == "Cabinet Member for Children"
    assert report.recommend_to == "Cabinet Member for Children"


HOSTILE_TEXT = "{{ x }} <b> & {% if y %}"


def test_workbook_text_in_the_typed_context_is_raw_and_prints_literally(render):
    """The context holds text as typed; the template environment escapes it as it
    prints, so a field holding template tags and XML prints exactly as typed."""
    status = build_status({"title": HOSTILE_TEXT, "progress-1.2": HOSTILE_TEXT})
    context = build_context(status, [])
    assert context.report.title == HOSTILE_TEXT
    action = next(a for a in context.areas[0].actions if a.ref == "1.2")
    assert action.progress == [HOSTILE_TEXT]

    tag = "{{ report.title }}|{% for p in areas[0].actions[1].progress %}{{ p }}{% endfor %}"
    printed = environment().from_string(tag).render(context.variables())
    assert printed == "{{ x }} &lt;b&gt; &amp; {% if y %}|{{ x }} &lt;b&gt; &amp; {% if y %}"

    members = text_dump(render(status)[MEMBERS])
    assert f"{HOSTILE_TEXT}" in members
    assert "{% if y %}" in members


def test_the_audit_knows_workbook_text_found_anywhere_in_the_typed_context():
    status = build_status({"reason-2.1": HOSTILE_TEXT, "outcome-1": "Plain {{ y }}"})
    assert literal_texts(status, []) == ("Plain {{ y }}", HOSTILE_TEXT)
    assert HOSTILE_TEXT in list(texts(build_context(status, [])))


def test_the_template_names_are_the_context_fields():
    context = build_context(build_status(), [])
    assert list(context.variables()) == context_names()
    assert {"report", "areas", "exceptions", "briefing", "headline_parts"} <= set(context_names())


def _context_classes() -> list[ast.ClassDef]:
    tree = ast.parse(Path(context_module.__file__).read_text(encoding="utf-8"))
    return [
        node
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        and not node.name.startswith("_")
        and any(ast.unparse(d).startswith("dataclass") for d in node.decorator_list)
    ]


def test_every_field_a_template_sees_is_documented_where_it_is_declared():
    classes = _context_classes()
    assert len(classes) > 15
    undocumented = []
    for cls in classes:
        assert ast.get_docstring(cls), cls.name
        body = cls.body
        for index, node in enumerate(body):
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                after = body[index + 1] if index + 1 < len(body) else None
                documented = (
                    isinstance(after, ast.Expr)
                    and isinstance(after.value, ast.Constant)
                    and isinstance(after.value.value, str)
                )
                if not documented:
                    undocumented.append(f"{cls.name}.{node.target.id}")
    assert undocumented == []
