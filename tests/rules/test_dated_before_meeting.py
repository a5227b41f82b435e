"""R9: progress and recovery texts that name a date members will read after it has passed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from boardpack.model import Action, Plan, Rag, Update
from boardpack.problems import Problem
from boardpack.rules import derive
from boardpack.rules.explain import explain_action

MakePlan = Callable[..., Plan]
NOW, MEETING = date(2019, 10, 31), date(2019, 12, 10)


def _dated(
    make_plan: MakePlan,
    progress: str,
    recovery: str = "",
    *,
    meeting: date | None = MEETING,
    rag: Rag = Rag.AMBER,
) -> list[Problem]:
    plan = make_plan(
        [Action("2.5", "2", "Quality assurance framework.", "By March 2020.")],
        [Update(NOW, "2.5", rag, progress, reason="r", recovery=recovery or "Agency staff")],
        meeting_date=meeting,
    )
    return [p for p in derive(plan, NOW).problems if p.code == "dated-before-meeting"]


def test_progress_naming_a_date_between_as_at_and_the_meeting_is_warned(
    make_plan: MakePlan,
) -> None:
    [problem] = _dated(make_plan, "The framework launches on 4th November 2019.")
    assert (problem.severity, problem.sheet, problem.cell) == ("warning", "Updates", "D2")
    assert problem.message == (
        "2.5's progress names '4th November 2019' (4 November 2019), after the as-at date "
        "(31 October 2019) and before the meeting (10 December 2019); say whether it happened"
    )


def test_a_date_written_as_the_documents_write_it_is_named_once(make_plan: MakePlan) -> None:
    [problem] = _dated(make_plan, "Launches on 4 November 2019.")
    assert problem.message.startswith("2.5's progress names 4 November 2019, after")


def test_recovery_text_is_read_too(make_plan: MakePlan) -> None:
    [problem] = _dated(make_plan, "Delayed.", "Panel meets on 20/11/2019 to agree it.")
    assert (problem.cell, problem.message[:48]) == (
        "F2",
        "2.5's recovery names '20/11/2019' (20 November 2",
    )


def test_every_date_in_the_window_is_named_in_one_warning(make_plan: MakePlan) -> None:
    [problem] = _dated(make_plan, "Training on 4 November 2019 and a review in November 2019.")
    assert "names 4 November 2019 and 'November 2019' (30 November 2019)," in problem.message


@pytest.mark.parametrize(
    ("progress", "meeting"),
    [
        pytest.param("Launched on 31 October 2019.", MEETING, id="on-the-as-at-date"),
        pytest.param("Launched on 1 October 2019.", MEETING, id="before-as-at"),
        pytest.param("Launches on 11 December 2019.", MEETING, id="after-the-meeting"),
        pytest.param("Launches on 4 November 2019.", None, id="no-meeting-date"),
        pytest.param("Launches on 4 November 2019.", date(2019, 10, 31), id="meeting-on-as-at"),
        pytest.param("85% of audits are good; target 2019.", MEETING, id="a-year-alone-is-later"),
    ],
)
def test_no_warning_outside_the_window(
    make_plan: MakePlan, progress: str, meeting: date | None
) -> None:
    assert _dated(make_plan, progress, meeting=meeting) == []


def test_a_date_on_the_meeting_day_is_warned(make_plan: MakePlan) -> None:
    assert len(_dated(make_plan, "Goes to the board on 10 December 2019.")) == 1


def test_blue_actions_are_read_too(make_plan: MakePlan) -> None:
    assert len(_dated(make_plan, "Completed; launch on 4 November 2019.", rag=Rag.BLUE)) == 1


def test_explain_says_which_text_names_which_date(make_plan: MakePlan) -> None:
    plan = make_plan(
        [Action("2.5", "2", "Quality assurance framework.", "By March 2020.")],
        [Update(NOW, "2.5", Rag.GREEN, "Launches on 4 November 2019.")],
        meeting_date=MEETING,
    )
    lines = explain_action(derive(plan, NOW), "2.5").splitlines()
    assert (
        "Progress names 4 November 2019: after the as-at date 31 October 2019 and on or before "
        "the meeting on 10 December 2019; say whether it happened."
    ) in lines
    assert any(line.startswith("    warning dated-before-meeting: Updates!D2: ") for line in lines)
