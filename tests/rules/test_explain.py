"""``explain_action`` puts an action's derived values into plain words, rule by rule."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest

from boardpack.model import Action, Area, Plan, Rag, Update
from boardpack.rules import derive
from boardpack.rules.explain import explain_action
from boardpack.status import PackStatus

MakePlan = Callable[..., Plan]
APRIL, JUNE, OCT = date(2019, 4, 30), date(2019, 6, 30), date(2019, 10, 31)
DEFAULT_RED = "90 days (the default; set 'Red after days overdue' in the Report sheet to change it)"
DEFAULT_SOON = "90 days (the default; set 'Due soon days' in the Report sheet to change it)"


@pytest.fixture
def status(make_plan: MakePlan) -> PackStatus:
    """Actions in Actions rows 2-8 and updates in Updates rows 2-9, as at 31 October 2019."""
    plan = make_plan(
        [
            Action("1.2", "1", "Practice standards are reviewed.", "Completed."),
            Action("1.3", "1", "Case file audit tool rolled out.", "By April 2019."),
            Action(
                "1.4",
                "1",
                "Assessments meet standards.",
                "At least 60% by Sept 2019. 85% by Dec 2019 and then working towards 100%.",
            ),
            Action("1.10", "1", "Business support refocused.", "By June 2019."),
            Action("2.1", "2", "Training on disability.", "Ongoing."),
            Action(
                "4.6", "4", "Challenge by IROs is routine.", "Quarterly report to QPN in Dec 2018."
            ),
            Action("5.1", "5", "Placements strategy.", "By March 2020."),
        ],
        [
            Update(JUNE, "1.3", Rag.AMBER, "Delayed", recovery="Extra staff"),
            Update(OCT, "1.2", Rag.BLUE, "Done"),
            Update(OCT, "1.3", Rag.GREEN, "On track"),
            Update(OCT, "4.6", Rag.GREEN, "Embedded"),
            Update(OCT, "1.4", Rag.GREEN, "Audits improving"),
            Update(
                OCT, "1.10", Rag.AMBER, "Late", recovery="Agency", revised_due=date(2019, 12, 31)
            ),
            Update(JUNE, "2.1", Rag.GREEN, "Planned"),
            Update(OCT, "5.1", Rag.RED, "Not started"),
        ],
        areas=[Area("1", "Assessments"), Area("2", "Training"), Area("4", "Permanence")],
        as_at=OCT,
        report_cells={"as at": "B4", "red after days overdue": "B14"},
    )
    return derive(plan)


def test_an_overdue_action_is_explained_in_full(status: PackStatus) -> None:
    assert explain_action(status, "1.3") == "\n".join(
        [
            "1.3 Case file audit tool rolled out.",
            "Area 1: Assessments",
            "Target: By April 2019.",
            "",
            "Problems in this action's rows:",
            "    warning rag-conflict: Updates!C4: 1.3 is reported Green but was due on "
            "2019-04-30 (184 days ago); suggested Red (R3: more than 90 days overdue, "
            "Report!B14)",
            "",
            "Judged as at 31 October 2019, the As at date in Report!B4.",
            "The current period is 31 October 2019 and the previous one 30 June 2019.",
            "",
            "Reported Green: the update for 31 October 2019 (Updates!C4).",
            "Due 30 April 2019: the latest date in the target 'By April 2019.'",
            "T2: 'April 2019' is April 2019, which ends on 30 April 2019.",
            "No recurrence: the target has no word such as 'ongoing' or 'quarterly'.",
            "No milestones: no percentage in the target is tied to a date.",
            "Overdue by 184 days: due 30 April 2019, before the as-at date 31 October 2019.",
            "Not due soon: it is overdue.",
            "Suggested Red: due 184 days before the as-at date 31 October 2019, more than the "
            "90 days set in Report!B14 ('Red after days overdue').",
            "Improved since the previous period: Amber at the previous period, 30 June 2019; "
            "Green now.",
            "Not stale: updated in the current period, 31 October 2019.",
            "Flags: rag_conflict",
        ]
    )


@pytest.mark.parametrize(
    ("ref", "sentence"),
    [
        pytest.param(
            "1.2",
            "No due date: the target 'Completed.' gives no date and no recurrence word; "
            "enter a date in Due (Actions!E2).",
            id="blue-without-a-date-is-asked-for-one",
        ),
        pytest.param(
            "1.2",
            "    warning no-due-date: Actions!D2: 1.2 has no due date: expected a date (such as "
            "'June 2019') or a recurrence word in the target, found 'Completed.'; enter a date "
            "in Due (Actions!E2)",
            id="blue-without-a-date-shows-its-warning",
        ),
        pytest.param("1.2", "Suggested Blue: a completed (Blue) action stays Blue.", id="blue"),
        pytest.param("1.2", "Not overdue: it is Blue (completed).", id="blue-not-overdue"),
        pytest.param(
            "1.4",
            "Milestones 60% by 30 September 2019 and 85% by 31 December 2019: percentages "
            "tied to dates in the target.",
            id="milestones",
        ),
        pytest.param(
            "1.4",
            "Due 31 December 2019: the latest date in the target 'At least 60% by Sept 2019. "
            "85% by Dec 2019 and then working towards 100%.' ('Dec 2019', of 2 dates).",
            id="latest-of-several-dates",
        ),
        pytest.param(
            "1.4",
            f"Due soon: due 31 December 2019, 61 days after the as-at date 31 October 2019, "
            f"within {DEFAULT_SOON}.",
            id="due-soon-with-the-default-window",
        ),
        pytest.param(
            "1.4",
            "Suggested Green, as reported: the action is not overdue.",
            id="not-overdue-keeps-the-reported-rag",
        ),
        pytest.param(
            "1.10",
            "Due 31 December 2019: the revised due date in the update (Updates!G7) replaces "
            "the original due date, 30 June 2019.",
            id="revised-due",
        ),
        pytest.param(
            "1.10",
            "Original due 30 June 2019: the latest date in the target 'By June 2019.'",
            id="original-due",
        ),
        pytest.param(
            "1.10",
            "Not overdue: due 31 December 2019, which is not before the as-at date "
            "31 October 2019.",
            id="not-yet-due",
        ),
        pytest.param(
            "2.1",
            "Stale: the latest update is for 30 June 2019, not the current period "
            "31 October 2019, so that update is reported again.",
            id="stale",
        ),
        pytest.param(
            "2.1",
            "Unchanged since the previous period: Green at the previous period, 30 June 2019; "
            "Green now.",
            id="unchanged-since-the-previous-period",
        ),
        pytest.param(
            "1.4",
            "New: there is no update on or before the previous period, 30 June 2019.",
            id="new-since-the-previous-period",
        ),
        pytest.param(
            "2.1",
            "No due date: the target 'Ongoing.' gives no date; 'Ongoing' means it recurs "
            "(ongoing).",
            id="ongoing-needs-no-due-date",
        ),
        pytest.param("4.6", "Recurs quarterly: the target says 'Quarterly'.", id="recurs"),
        pytest.param(
            "4.6",
            "Not overdue: it recurs (quarterly), and a recurring action is never overdue.",
            id="recurring-never-overdue",
        ),
        pytest.param(
            "5.1",
            "    error missing-exception: Updates!E9: 5.1 is reported Red for 2019-10-31 but its "
            "update has no Reason (Updates!E9) and no Recovery (Updates!F9); a Red action needs "
            "a Reason and a Recovery (R4)",
            id="red-without-reason-shows-its-error",
        ),
        pytest.param("5.1", "Reported Red: the update for 31 October 2019 (Updates!C9).", id="red"),
    ],
)
def test_each_derived_value_has_its_sentence(status: PackStatus, ref: str, sentence: str) -> None:
    assert sentence in explain_action(status, ref).splitlines()


@pytest.mark.parametrize("ref", ["1.2", "1.3", "1.4", "1.10", "2.1", "4.6", "5.1"])
def test_the_explanation_writes_dates_long(status: PackStatus, ref: str) -> None:
    lines = explain_action(status, ref).splitlines()
    explanation = [line for line in lines if not line.startswith("    ")]  # problems quote cells
    assert not [line for line in explanation if re.search(r"\d{4}-\d{2}-\d{2}", line)]


def test_only_the_actions_own_problems_are_listed(status: PackStatus) -> None:
    text = explain_action(status, "1.4")
    assert "Problems" not in text
    assert "warning" not in text and "error" not in text


def _late(make_plan: MakePlan, as_at: date, rag: Rag) -> list[str]:
    plan = make_plan(
        [Action("1.3", "1", "Audit tool.", "By April 2019.")],
        [Update(as_at, "1.3", rag, "p", reason="Staff", recovery="Agency")],
    )
    return explain_action(derive(plan, as_at), "1.3").splitlines()


@pytest.mark.parametrize(
    ("as_at", "rag", "overdue", "suggested"),
    [
        pytest.param(
            date(2019, 5, 1),
            Rag.GREEN,
            "Overdue by 1 day: due 30 April 2019, before the as-at date 1 May 2019.",
            f"Suggested Amber: due 1 day before the as-at date 1 May 2019, not more than "
            f"{DEFAULT_RED}, so at least Amber.",
            id="one-day",
        ),
        pytest.param(
            date(2019, 7, 29),
            Rag.GREEN,
            "Overdue by 90 days: due 30 April 2019, before the as-at date 29 July 2019.",
            f"Suggested Amber: due 90 days before the as-at date 29 July 2019, not more than "
            f"{DEFAULT_RED}, so at least Amber.",
            id="ninety-days-is-amber",
        ),
        pytest.param(
            date(2019, 7, 30),
            Rag.AMBER,
            "Overdue by 91 days: due 30 April 2019, before the as-at date 30 July 2019.",
            f"Suggested Red: due 91 days before the as-at date 30 July 2019, more than "
            f"{DEFAULT_RED}.",
            id="ninety-one-days-is-red",
        ),
        pytest.param(
            date(2019, 5, 10),
            Rag.RED,
            "Overdue by 10 days: due 30 April 2019, before the as-at date 10 May 2019.",
            f"Suggested Red, as reported: due 10 days before the as-at date 10 May 2019, not "
            f"more than {DEFAULT_RED}, so at least Amber, and a reported Red stays Red.",
            id="reported-red-stays-red",
        ),
    ],
)
def test_overdue_and_suggested_rag_with_the_default_settings(
    make_plan: MakePlan, as_at: date, rag: Rag, overdue: str, suggested: str
) -> None:
    lines = _late(make_plan, as_at, rag)
    assert overdue in lines
    assert suggested in lines


@pytest.mark.parametrize(
    ("as_at", "sentence"),
    [
        pytest.param(
            APRIL,
            f"Due soon: due 30 April 2019, on the as-at date, within {DEFAULT_SOON}.",
            id="on-the-as-at-date",
        ),
        pytest.param(
            date(2019, 4, 29),
            f"Due soon: due 30 April 2019, 1 day after the as-at date 29 April 2019, within "
            f"{DEFAULT_SOON}.",
            id="one-day-ahead",
        ),
        pytest.param(
            date(2019, 1, 29),
            f"Not due soon: due 30 April 2019, 91 days after the as-at date 29 January 2019, "
            f"beyond {DEFAULT_SOON}.",
            id="beyond-the-window",
        ),
    ],
)
def test_due_soon_names_the_window(make_plan: MakePlan, as_at: date, sentence: str) -> None:
    assert sentence in _late(make_plan, as_at, Rag.GREEN)


def test_a_setting_in_the_report_sheet_is_named_by_its_cell(make_plan: MakePlan) -> None:
    plan = make_plan(
        [Action("1.3", "1", "Audit tool.", "By April 2019.")],
        [Update(OCT, "1.3", Rag.GREEN, "p")],
        due_soon_days=30,
        report_cells={"due soon days": "B17"},
    )
    lines = explain_action(derive(plan, date(2019, 4, 1)), "1.3").splitlines()
    assert (
        "Due soon: due 30 April 2019, 29 days after the as-at date 1 April 2019, within the "
        "30 days set in Report!B17 ('Due soon days')."
    ) in lines


def test_as_at_from_the_option_and_no_previous_period(make_plan: MakePlan) -> None:
    plan = make_plan(
        [Action("1.3", "1", "Audit tool.", "By April 2019.")],
        [Update(OCT, "1.3", Rag.GREEN, "p")],
    )
    lines = explain_action(derive(plan, OCT, as_at_source="--as-at"), "1.3").splitlines()
    assert "Judged as at 31 October 2019, given by --as-at." in lines
    assert "The current period is 31 October 2019; there is no previous period." in lines
    assert "New: there is no previous period to compare with." in lines


def test_an_action_without_an_update(make_plan: MakePlan) -> None:
    plan = make_plan(
        [Action("1.3", "1", "Audit tool.", ""), Action("1.4", "1", "Other.", "Ongoing.")],
        [Update(OCT, "1.4", Rag.GREEN, "p")],
    )
    lines = explain_action(derive(plan, OCT), "1.3").splitlines()
    assert "Target: (empty)" in lines
    assert "No reported RAG: there is no update on or before 31 October 2019." in lines
    assert "No due date: the target is empty; enter a date in Due (Actions!E2)." in lines
    assert "No suggested RAG: there is no update to judge." in lines
    assert "New: there is no update." in lines
    assert "Not stale: there is no update to report." in lines


def test_movement_from_an_update_before_the_previous_period(make_plan: MakePlan) -> None:
    plan = make_plan(
        [Action("1.1", "1", "Audit.", "Ongoing."), Action("1.2", "1", "Other.", "Ongoing.")],
        [
            Update(date(2019, 3, 31), "1.1", Rag.GREEN, "p"),
            Update(OCT, "1.1", Rag.RED, "p", reason="Staff", recovery="Agency"),
            Update(JUNE, "1.2", Rag.GREEN, "p"),
        ],
    )
    lines = explain_action(derive(plan, OCT), "1.1").splitlines()
    assert (
        "Declined since the previous period: Green at the previous period, 30 June 2019 "
        "(the update for 31 March 2019); Red now."
    ) in lines


def test_unknown_ref(status: PackStatus) -> None:
    assert explain_action(status, "7.7") == "There is no action with Ref '7.7' in the plan."
