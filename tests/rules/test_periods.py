"""As at, the current and previous periods, stale updates and counts per period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from boardpack.build import apply_rules
from boardpack.model import Action, Area, Plan, Rag, Update
from boardpack.problems import InputError
from boardpack.rules import NO_AS_AT, derive, has_as_at
from boardpack.rules.explain import explain_action
from boardpack.rules.wording import rule_texts

MakePlan = Callable[..., Plan]
MARCH, JUNE, OCT = date(2019, 3, 31), date(2019, 6, 30), date(2019, 10, 31)


def _action(ref: str, area: str = "1") -> Action:
    return Action(ref, area, f"Action {ref}", "Ongoing.")


def _plan(make_plan: MakePlan, **report: object) -> Plan:
    return make_plan(
        [_action("1.1"), _action("1.2")],
        [
            Update(MARCH, "1.1", Rag.AMBER, "p", recovery="r"),
            Update(JUNE, "1.1", Rag.GREEN, "p"),
            Update(OCT, "1.1", Rag.BLUE, "p"),
            Update(MARCH, "1.2", Rag.GREEN, "p"),
        ],
        **report,
    )


def test_as_at_defaults_to_the_latest_update_period(make_plan: MakePlan) -> None:
    status = derive(_plan(make_plan))
    assert (status.as_at, status.as_at_source) == (OCT, "the latest update period")
    assert (status.period, status.previous_period) == (OCT, JUNE)
    assert status.periods == [MARCH, JUNE, OCT]


def test_report_as_at_wins_over_the_latest_period(make_plan: MakePlan) -> None:
    plan = _plan(make_plan, as_at=date(2019, 7, 15), report_cells={"as at": "B4"})
    status = derive(plan)
    assert (status.as_at, status.as_at_source) == (date(2019, 7, 15), "Report!B4")
    assert (status.period, status.previous_period) == (JUNE, MARCH)


def test_argument_wins_over_the_report(make_plan: MakePlan) -> None:
    plan = _plan(make_plan, as_at=date(2019, 7, 15), report_cells={"as at": "B4"})
    status = derive(plan, MARCH, as_at_source="--as-at")
    assert (status.as_at, status.as_at_source) == (MARCH, "--as-at")
    assert (status.period, status.previous_period) == (MARCH, None)


def test_updates_after_as_at_are_ignored(make_plan: MakePlan) -> None:
    status = derive(_plan(make_plan), date(2019, 7, 1))
    item = status.action("1.1")
    assert item is not None and item.update is not None
    assert (item.rag, item.update.period) == (Rag.GREEN, JUNE)
    assert OCT not in status.periods


def test_updates_after_as_at_are_named_in_one_warning_per_period(make_plan: MakePlan) -> None:
    status = derive(_plan(make_plan), date(2019, 5, 1), as_at_source="--as-at")
    later = [p for p in status.problems if p.code == "update-after-as-at"]
    assert [(p.severity, p.sheet, p.cell, p.message) for p in later] == [
        (
            "warning",
            "Updates",
            "A3",
            "expected updates on or before the as-at date 1 May 2019 (--as-at), found 1 update "
            "for 30 June 2019, which this pack leaves out; move the as-at date on to include them",
        ),
        (
            "warning",
            "Updates",
            "A4",
            "expected updates on or before the as-at date 1 May 2019 (--as-at), found 1 update "
            "for 31 October 2019, which this pack leaves out; move the as-at date on to include "
            "them",
        ),
    ]


def test_no_update_is_after_the_latest_period_as_at(make_plan: MakePlan) -> None:
    status = derive(_plan(make_plan))
    assert [p for p in status.problems if p.code == "update-after-as-at"] == []


def test_progress_copied_unchanged_from_the_previous_period_is_a_warning(
    make_plan: MakePlan,
) -> None:
    plan = make_plan(
        [_action("1.1"), _action("1.2"), _action("1.3")],
        [
            Update(JUNE, "1.1", Rag.GREEN, "Training booked."),
            Update(OCT, "1.1", Rag.GREEN, "Training booked. "),
            Update(JUNE, "1.2", Rag.GREEN, "Audit planned."),
            Update(OCT, "1.2", Rag.GREEN, "Audit done; report due."),
            Update(JUNE, "1.3", Rag.BLUE, "Completed."),
            Update(OCT, "1.3", Rag.BLUE, "Completed."),
        ],
    )
    status = derive(plan)
    unchanged = [p for p in status.problems if p.code == "progress-unchanged"]
    assert [(p.severity, p.sheet, p.cell, p.message) for p in unchanged] == [
        (
            "warning",
            "Updates",
            "D3",
            "1.1's progress for 2019-10-31 is word for word its progress for 2019-06-30; "
            "expected this period's progress: update it, or say that nothing has changed and why",
        )
    ]


def test_stale_update_is_reported_again_with_a_warning(make_plan: MakePlan) -> None:
    status = derive(_plan(make_plan), OCT)
    item = status.action("1.2")
    assert item is not None
    assert (item.stale, item.rag, item.flags) == (True, Rag.GREEN, ["stale"])
    [problem] = [p for p in status.problems if p.code == "stale-update"]
    assert (problem.severity, problem.sheet, problem.cell) == ("warning", "Updates", "A5")
    assert "no update for the current period 2019-10-31" in problem.message
    # its state at the previous period is the same update, so it has not moved
    assert item.movement == "unchanged"


def test_action_with_no_update_gets_a_warning(make_plan: MakePlan) -> None:
    plan = make_plan([_action("1.1"), _action("1.2")], [Update(OCT, "1.1", Rag.GREEN, "p")])
    status = derive(plan)
    item = status.action("1.2")
    assert item is not None
    assert (item.rag, item.movement, item.suggested_rag, item.flags) == (
        None,
        "new",
        None,
        ["no_update"],
    )
    [problem] = status.problems
    assert (problem.code, problem.sheet, problem.cell) == ("no-update", "Actions", "A3")


def test_counts_by_period_use_each_actions_latest_update(make_plan: MakePlan) -> None:
    status = derive(_plan(make_plan))
    assert [(c.period, c.counts) for c in status.period_counts] == [
        (MARCH, {"Blue": 0, "Green": 1, "Amber": 1, "Red": 0}),
        (JUNE, {"Blue": 0, "Green": 2, "Amber": 0, "Red": 0}),
        (OCT, {"Blue": 1, "Green": 1, "Amber": 0, "Red": 0}),
    ]


def test_actions_in_natural_ref_order_and_areas_in_workbook_order(make_plan: MakePlan) -> None:
    refs = ["2.1", "1.10", "1.2", "1.1"]
    plan = make_plan(
        [_action(ref, ref.split(".")[0]) for ref in refs],
        [Update(OCT, ref, Rag.GREEN, "p") for ref in refs],
        areas=[Area("2", "Two"), Area("1", "One")],
    )
    status = derive(plan)
    assert [a.ref for a in status.actions] == ["1.1", "1.2", "1.10", "2.1"]
    assert [a.area.id for a in status.areas] == ["2", "1"]
    assert [a.ref for a in status.areas[1].actions] == ["1.1", "1.2", "1.10"]


NO_AS_AT_MESSAGE = (
    "expected an As at date in the Report sheet (or --as-at, or at least one row in "
    "Updates to take the latest period from); found no As at date and no updates, so "
    "the pack cannot be dated"
)


@pytest.mark.parametrize(
    ("report_cells", "cell"),
    [
        pytest.param({"as at": "B5"}, "B5", id="empty-as-at-cell"),
        pytest.param({}, None, id="no-as-at-row"),
    ],
)
def test_plan_without_updates_or_as_at_is_an_error_and_is_never_dated(
    make_plan: MakePlan, report_cells: dict[str, str], cell: str | None
) -> None:
    action = Action("1.1", "1", "Action 1.1", "By April 2019.")
    status = derive(make_plan([action], [], report_cells=report_cells))
    [error] = [p for p in status.problems if p.is_error]
    assert (error.code, error.sheet, error.cell, error.message) == (
        "no-as-at",
        "Report",
        cell,
        NO_AS_AT_MESSAGE,
    )
    assert (status.as_at, status.as_at_source, has_as_at(status)) == (
        NO_AS_AT,
        "no as-at date",
        False,
    )
    assert (status.period, status.periods) == (None, [])
    [item] = status.actions
    assert (item.overdue, item.due_soon) == (False, False)
    words = [p.message for p in status.problems] + list(rule_texts(item).values())
    words.append(explain_action(status, "1.1"))
    assert not [text for text in words if "0001" in text or str(NO_AS_AT) in text]


def test_plan_without_an_as_at_date_builds_no_pack(make_plan: MakePlan) -> None:
    with pytest.raises(InputError) as failure:
        apply_rules(make_plan([_action("1.1")], []), [], Path("master.xlsx"))
    assert "no-as-at" in [p.code for p in failure.value.problems]


def test_a_plan_with_an_as_at_date_has_one(make_plan: MakePlan) -> None:
    assert has_as_at(derive(_plan(make_plan)))
