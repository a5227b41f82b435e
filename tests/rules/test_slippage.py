"""R8 slippage, the due-before-the-meeting list and the area's direction of travel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from boardpack.model import Action, Area, Plan, Rag, Update
from boardpack.packjson import pack_json
from boardpack.rules import derive
from boardpack.rules.explain import explain_action
from boardpack.rules.wording import rule_texts

MakePlan = Callable[..., Plan]
JUNE, NOW = date(2019, 6, 30), date(2019, 10, 31)
MEETING = date(2019, 12, 10)


def _action(ref: str, target: str = "By June 2019.", area: str = "1") -> Action:
    return Action(ref, area, f"Action {ref}", target)


# R8 slippage -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("revised", "slipped", "days"),
    [
        pytest.param(date(2019, 12, 31), True, 184, id="revised-later"),
        pytest.param(date(2019, 7, 1), True, 1, id="one-day-later"),
        pytest.param(date(2019, 6, 30), False, 0, id="revised-to-the-same-day"),
        pytest.param(date(2019, 5, 31), False, 0, id="brought-forward"),
        pytest.param(None, False, 0, id="no-revised-date"),
    ],
)
def test_slipped_when_the_revised_due_date_is_later_than_the_original(
    make_plan: MakePlan, revised: date | None, slipped: bool, days: int
) -> None:
    plan = make_plan([_action("1.10")], [Update(NOW, "1.10", Rag.GREEN, "p", revised_due=revised)])
    item = derive(plan, NOW).actions[0]
    assert (item.slipped, item.days_slipped) == (slipped, days)
    assert rule_texts(item)["slipped"].startswith("R8: " + ("slipped" if slipped else "not"))


def test_a_slipped_action_is_not_overdue_while_its_revised_date_is_ahead(
    make_plan: MakePlan,
) -> None:
    plan = make_plan(
        [_action("1.10")],
        [Update(NOW, "1.10", Rag.AMBER, "p", recovery="r", revised_due=date(2019, 12, 31))],
    )
    item = derive(plan, NOW).actions[0]
    assert item.slipped and not item.overdue
    assert item.original_due == date(2019, 6, 30)


def test_a_slipped_action_whose_revised_date_has_passed_is_also_overdue(
    make_plan: MakePlan,
) -> None:
    plan = make_plan(
        [_action("1.10")],
        [Update(NOW, "1.10", Rag.AMBER, "p", recovery="r", revised_due=date(2019, 9, 30))],
    )
    item = derive(plan, NOW).actions[0]
    assert (item.slipped, item.days_slipped, item.overdue, item.days_overdue) == (
        True,
        92,
        True,
        31,
    )


def test_slippage_is_in_the_json(make_plan: MakePlan) -> None:
    plan = make_plan(
        [_action("1.10")], [Update(NOW, "1.10", Rag.GREEN, "p", revised_due=date(2019, 12, 31))]
    )
    [action] = pack_json(derive(plan, NOW))["actions"]  # type: ignore[misc]
    assert (action["slipped"], action["days_slipped"]) == (True, 184)
    assert action["rules"]["slipped"].startswith("R8: slipped by 184 days")


# due before the meeting -------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "rag", "meeting", "expected"),
    [
        pytest.param("By November 2019.", Rag.GREEN, MEETING, True, id="due-before-meeting"),
        pytest.param("By 10 December 2019.", Rag.GREEN, MEETING, True, id="due-on-meeting-day"),
        pytest.param("By 31 October 2019.", Rag.GREEN, MEETING, True, id="due-on-as-at"),
        pytest.param("By 11 December 2019.", Rag.GREEN, MEETING, False, id="due-after-meeting"),
        pytest.param("By June 2019.", Rag.GREEN, MEETING, False, id="overdue"),
        pytest.param("By November 2019.", Rag.BLUE, MEETING, False, id="blue"),
        pytest.param("By November 2019.", Rag.GREEN, None, False, id="no-meeting-date"),
        pytest.param("Ongoing.", Rag.GREEN, MEETING, False, id="no-due-date"),
    ],
)
def test_due_before_the_meeting(
    make_plan: MakePlan, target: str, rag: Rag, meeting: date | None, expected: bool
) -> None:
    plan = make_plan([_action("1.1", target)], [Update(NOW, "1.1", rag, "p")], meeting_date=meeting)
    item = derive(plan, NOW).actions[0]
    assert item.due_before_meeting is expected
    assert rule_texts(item)["due_before_meeting"].startswith("R2: ")
    [action] = pack_json(derive(plan, NOW))["actions"]  # type: ignore[misc]
    assert action["due_before_meeting"] is expected


def test_due_before_a_meeting_beyond_the_due_soon_window(make_plan: MakePlan) -> None:
    plan = make_plan(
        [_action("1.1", "By 30 November 2019.")],
        [Update(NOW, "1.1", Rag.GREEN, "p")],
        meeting_date=MEETING,
        due_soon_days=14,
    )
    item = derive(plan, NOW).actions[0]
    assert (item.due_soon, item.due_before_meeting) == (False, True)


# area direction of travel (R5 over the R6 roll-up) ---------------------------------------


@pytest.mark.parametrize(
    ("before", "now", "previous_rag", "movement"),
    [
        pytest.param([Rag.GREEN, Rag.GREEN], [Rag.GREEN, Rag.RED], Rag.GREEN, "declined", id="d"),
        pytest.param([Rag.AMBER, Rag.GREEN], [Rag.GREEN, Rag.BLUE], Rag.AMBER, "improved", id="i"),
        pytest.param([Rag.AMBER, Rag.BLUE], [Rag.GREEN, Rag.AMBER], Rag.AMBER, "unchanged", id="u"),
        pytest.param([None, None], [Rag.GREEN, Rag.AMBER], None, "new", id="new"),
    ],
)
def test_area_previous_rag_and_movement(
    make_plan: MakePlan,
    before: list[Rag | None],
    now: list[Rag],
    previous_rag: Rag | None,
    movement: str,
) -> None:
    refs = ["1.1", "1.2"]
    updates = [
        Update(NOW, ref, rag, "p", reason="r", recovery="r")
        for ref, rag in zip(refs, now, strict=True)
    ]
    updates += [
        Update(JUNE, ref, rag, "p", reason="r", recovery="r")
        for ref, rag in zip(refs, before, strict=True)
        if rag is not None
    ]
    other = [_action("2.1", "Ongoing.", "2")]
    updates.append(Update(JUNE, "2.1", Rag.GREEN, "p"))  # makes June the previous period
    plan = make_plan(
        [*(_action(ref, "Ongoing.") for ref in refs), *other],
        updates,
        areas=[Area("1", "One"), Area("2", "Two")],
    )
    area = derive(plan, NOW).areas[0]
    assert (area.previous_rag, area.movement) == (previous_rag, movement)
    data = pack_json(derive(plan, NOW))["areas"][0]  # type: ignore[index]
    expected_word = previous_rag.word if previous_rag is not None else None
    assert (data["previous_rag"], data["movement"]) == (expected_word, movement)


def test_explain_gives_the_original_and_revised_dates_and_the_slippage(
    make_plan: MakePlan,
) -> None:
    plan = make_plan(
        [_action("1.10")],
        [Update(NOW, "1.10", Rag.AMBER, "p", recovery="r", revised_due=date(2019, 12, 31))],
        meeting_date=MEETING,
    )
    lines = explain_action(derive(plan, NOW), "1.10").splitlines()
    assert (
        "Slipped by 184 days: the revised due date 31 December 2019 (Updates!G2) is later "
        "than the original due date 30 June 2019."
    ) in lines
    assert (
        "Not due before the meeting: due 31 December 2019, after the meeting on 10 December 2019."
    ) in lines


def test_explain_says_when_an_action_is_due_before_the_meeting(make_plan: MakePlan) -> None:
    plan = make_plan(
        [_action("1.1", "By November 2019.")],
        [Update(NOW, "1.1", Rag.GREEN, "p")],
        meeting_date=MEETING,
    )
    lines = explain_action(derive(plan, NOW), "1.1").splitlines()
    assert (
        "Due before the meeting: due 30 November 2019, on or after the as-at date "
        "31 October 2019 and on or before the meeting on 10 December 2019."
    ) in lines
    assert not [line for line in lines if line.startswith(("Slipped", "Not slipped"))]


def test_an_areas_rating_and_movement_carry_their_rules(make_plan: MakePlan) -> None:
    plan = make_plan(
        [_action("1.1", "Ongoing."), _action("1.2", "Ongoing."), _action("2.1", "Ongoing.", "2")],
        [
            Update(JUNE, "1.1", Rag.GREEN, "p"),
            Update(JUNE, "2.1", Rag.GREEN, "p"),
            Update(NOW, "1.1", Rag.RED, "p", reason="r", recovery="r"),
            Update(NOW, "1.2", Rag.BLUE, "p"),
        ],
        areas=[Area("1", "One"), Area("2", "Two")],
    )
    one, two = derive(plan, NOW).areas
    assert rule_texts(one) == {
        "rag": "R6: Red; the worst rating among its rated actions (2 of 2).",
        "previous_rag": "R6: Green; the worst rating among its rated actions (1 of 2).",
        "movement": "R5: declined since the previous period; Green at the previous period, "
        "Red now, each rolled up by R6.",
    }
    assert rule_texts(two)["rag"] == "R6: Green; the worst rating among its rated actions (1 of 1)."
