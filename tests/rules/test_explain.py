"""``explain_action`` puts an action's derived values into plain words, rule by rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from boardpack.model import Action, Area, Plan, Rag, Update
from boardpack.rules import derive
from boardpack.rules.explain import explain_action
from boardpack.status import PackStatus

MakePlan = Callable[..., Plan]
JUNE, OCT = date(2019, 6, 30), date(2019, 10, 31)


@pytest.fixture
def status(make_plan: MakePlan) -> PackStatus:
    plan = make_plan(
        [
            Action("1.2", "1", "Practice standards are reviewed.", "Completed."),
            Action("1.3", "1", "Case file audit tool rolled out.", "By April 2019."),
            Action(
                "4.6", "4", "Challenge by IROs is routine.", "Quarterly report to QPN in Dec 2018."
            ),
        ],
        [
            Update(JUNE, "1.3", Rag.AMBER, "Delayed", recovery="Extra staff"),
            Update(OCT, "1.2", Rag.BLUE, "Done"),
            Update(OCT, "1.3", Rag.GREEN, "On track"),
            Update(OCT, "4.6", Rag.GREEN, "Embedded"),
        ],
        areas=[Area("1", "Assessments"), Area("4", "Permanence")],
        as_at=OCT,
        report_cells={"as at": "B4", "red after days overdue": "B14"},
    )
    return derive(plan)


def test_overdue_action(status: PackStatus) -> None:
    text = explain_action(status, "1.3")
    lines = text.splitlines()
    assert lines[0] == "1.3 Case file audit tool rolled out."
    assert "Area 1: Assessments" in lines
    assert (
        "Judged as at 2019-10-31 (Report!B4); "
        "current period 2019-10-31, previous period 2019-06-30."
    ) in lines
    assert "Due date: 2019-04-30" in lines
    assert "    T1: the latest date in the target 'By April 2019.'" in lines
    assert "Overdue: yes, by 184 days" in lines
    assert "Suggested RAG: Red" in lines
    assert (
        "    R3: Red; more than 90 days overdue (184; Red after days overdue, Report!B14)." in lines
    )
    assert "Movement: improved" in lines
    assert "Flags: rag_conflict" in lines
    assert any(
        line.startswith("    warning rag-conflict: Updates!C4: 1.3 is reported Green")
        for line in lines
    )


def test_recurring_action(status: PackStatus) -> None:
    lines = explain_action(status, "4.6").splitlines()
    assert "Recurrence: quarterly" in lines
    assert "Overdue: no" in lines
    assert "    R1: not overdue; recurring (quarterly) actions are never overdue." in lines
    assert "Problems:" not in lines


def test_blue_action_with_a_completed_target(status: PackStatus) -> None:
    lines = explain_action(status, "1.2").splitlines()
    assert "Reported RAG: Blue" in lines
    assert "Due date: none" in lines
    assert (
        "    T5: no due date; the target 'Completed.' gives no date, and none is needed "
        "because the action is Blue (completed)."
    ) in lines
    assert "    R3: Blue stays Blue." in lines


def test_unknown_ref(status: PackStatus) -> None:
    assert explain_action(status, "7.7") == "There is no action with Ref '7.7' in the plan."
