"""R1-R6 and T5/T6 through ``derive``, at their boundaries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from boardpack.model import Action, Area, Plan, Rag, Update
from boardpack.problems import Problem
from boardpack.rules import derive
from boardpack.rules import rag as rag_module
from boardpack.rules.wording import rule_texts
from boardpack.status import ActionStatus, Timescale

MakePlan = Callable[..., Plan]
DUE = date(2019, 4, 30)  # "By April 2019."
NOW = date(2019, 10, 31)


def _action(ref: str, target: str = "By April 2019.", area: str = "1", **kw: object) -> Action:
    return Action(ref, area, f"Action {ref}", target, **kw)  # type: ignore[arg-type]


def _one(
    make_plan: MakePlan,
    rag: Rag,
    *,
    as_at: date,
    target: str = "By April 2019.",
    period: date | None = None,
    **report: object,
) -> tuple[ActionStatus, list[Problem]]:
    """Judge one action with one update (for ``period``, default as at) at ``as_at``."""
    plan = make_plan(
        [_action("1.1", target)],
        [Update(period or as_at, "1.1", rag, "Progress", reason="r", recovery="r")],
        **report,
    )
    status = derive(plan, as_at)
    return status.actions[0], status.problems


def _codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


# R1 overdue ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_at", "overdue", "days"),
    [
        pytest.param(DUE - timedelta(days=1), False, 0, id="day-before-due"),
        pytest.param(DUE, False, 0, id="due-on-the-as-at-date"),
        pytest.param(DUE + timedelta(days=1), True, 1, id="day-after-due"),
        pytest.param(NOW, True, 184, id="six-months-late"),
    ],
)
def test_overdue_when_due_before_as_at(
    make_plan: MakePlan, as_at: date, overdue: bool, days: int
) -> None:
    item, _ = _one(make_plan, Rag.GREEN, as_at=as_at)
    assert (item.overdue, item.days_overdue) == (overdue, days)


@pytest.mark.parametrize(
    ("rag", "target"),
    [
        pytest.param(Rag.BLUE, "By April 2019.", id="blue"),
        pytest.param(Rag.GREEN, "Dec 2018 completed and quarterly from April 2019.", id="recurs"),
        pytest.param(Rag.GREEN, "Ongoing.", id="ongoing"),
    ],
)
def test_blue_and_recurring_actions_are_never_overdue(
    make_plan: MakePlan, rag: Rag, target: str
) -> None:
    item, _ = _one(make_plan, rag, as_at=NOW, target=target)
    assert not item.overdue
    assert item.days_overdue == 0


# R2 due soon -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_before_due", "due_soon"),
    [
        pytest.param(0, True, id="due-on-the-as-at-date"),
        pytest.param(90, True, id="window-edge"),
        pytest.param(91, False, id="just-beyond-window"),
        pytest.param(-1, False, id="overdue-is-not-due-soon"),
    ],
)
def test_due_soon_within_the_window(
    make_plan: MakePlan, days_before_due: int, due_soon: bool
) -> None:
    item, _ = _one(make_plan, Rag.GREEN, as_at=DUE - timedelta(days=days_before_due))
    assert item.due_soon is due_soon


def test_due_soon_window_comes_from_the_report(make_plan: MakePlan) -> None:
    item, _ = _one(make_plan, Rag.GREEN, as_at=DUE - timedelta(days=31), due_soon_days=30)
    assert not item.due_soon
    item, _ = _one(make_plan, Rag.GREEN, as_at=DUE - timedelta(days=30), due_soon_days=30)
    assert item.due_soon


def test_blue_is_never_due_soon(make_plan: MakePlan) -> None:
    item, _ = _one(make_plan, Rag.BLUE, as_at=DUE)
    assert not item.due_soon


# R3 suggested RAG ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rag", "days_overdue", "suggested"),
    [
        pytest.param(Rag.GREEN, 0, Rag.GREEN, id="green-on-time"),
        pytest.param(Rag.GREEN, 1, Rag.AMBER, id="green-one-day-late"),
        pytest.param(Rag.GREEN, 90, Rag.AMBER, id="green-exactly-90-days-is-amber"),
        pytest.param(Rag.GREEN, 91, Rag.RED, id="green-91-days-is-red"),
        pytest.param(Rag.AMBER, 90, Rag.AMBER, id="amber-90-days-stays-amber"),
        pytest.param(Rag.AMBER, 91, Rag.RED, id="amber-91-days-is-red"),
        pytest.param(Rag.RED, 10, Rag.RED, id="red-stays-red"),
        pytest.param(Rag.BLUE, 400, Rag.BLUE, id="blue-stays-blue"),
    ],
)
def test_suggested_rag(make_plan: MakePlan, rag: Rag, days_overdue: int, suggested: Rag) -> None:
    item, problems = _one(make_plan, rag, as_at=DUE + timedelta(days=days_overdue))
    assert item.suggested_rag is suggested
    assert item.rag is rag  # the reported RAG is never changed
    conflict = suggested is not rag
    assert ("rag_conflict" in item.flags) is conflict
    assert ("rag-conflict" in _codes(problems)) is conflict


def test_red_threshold_comes_from_the_report(make_plan: MakePlan) -> None:
    item, _ = _one(make_plan, Rag.GREEN, as_at=DUE + timedelta(days=31), red_after_days=30)
    assert item.suggested_rag is Rag.RED


def test_rag_conflict_warning_names_the_rule_and_the_rag_cell(make_plan: MakePlan) -> None:
    plan = make_plan(
        [_action("1.3")],
        [Update(NOW, "1.3", Rag.GREEN, "On track")],
        report_cells={"red after days overdue": "B14"},
    )
    [problem] = derive(plan, NOW).problems
    assert (problem.severity, problem.code, problem.sheet, problem.cell) == (
        "warning",
        "rag-conflict",
        "Updates",
        "C2",
    )
    assert problem.message == (
        "1.3 is reported Green but was due on 2019-04-30 (184 days ago); "
        "suggested Red (R3: more than 90 days overdue, Report!B14)"
    )


# R4 exception reporting ---------------------------------------------------------------


def _exception_problems(make_plan: MakePlan, rag: Rag, reason: str, recovery: str) -> list[Problem]:
    plan = make_plan(
        [_action("1.1", "Ongoing.")],
        [Update(NOW, "1.1", rag, "Progress", reason=reason, recovery=recovery)],
    )
    return [p for p in derive(plan, NOW).problems if p.code == "missing-exception"]


def test_red_without_reason_and_recovery_is_an_error_naming_both_cells(
    make_plan: MakePlan,
) -> None:
    [problem] = _exception_problems(make_plan, Rag.RED, "", "  ")
    assert (problem.severity, problem.sheet, problem.cell) == ("error", "Updates", "E2")
    assert "no Reason (Updates!E2) and no Recovery (Updates!F2)" in problem.message


def test_red_without_recovery_names_the_recovery_cell(make_plan: MakePlan) -> None:
    [problem] = _exception_problems(make_plan, Rag.RED, "Staffing", "")
    assert (problem.severity, problem.cell) == ("error", "F2")
    assert "Reason" not in problem.message.split(";")[0]


def test_amber_without_recovery_is_a_warning(make_plan: MakePlan) -> None:
    [problem] = _exception_problems(make_plan, Rag.AMBER, "", "")
    assert (problem.severity, problem.cell) == ("warning", "F2")


@pytest.mark.parametrize(
    ("rag", "reason", "recovery"),
    [
        pytest.param(Rag.RED, "Staffing", "Agency cover", id="red-with-both"),
        pytest.param(Rag.AMBER, "", "Agency cover", id="amber-with-recovery"),
        pytest.param(Rag.GREEN, "", "", id="green"),
        pytest.param(Rag.BLUE, "", "", id="blue"),
    ],
)
def test_no_exception_problem(make_plan: MakePlan, rag: Rag, reason: str, recovery: str) -> None:
    assert _exception_problems(make_plan, rag, reason, recovery) == []


# R5 movement ---------------------------------------------------------------------------

JUNE = date(2019, 6, 30)


@pytest.mark.parametrize(
    ("before", "now", "movement"),
    [
        pytest.param(Rag.AMBER, Rag.GREEN, "improved", id="amber-to-green"),
        pytest.param(Rag.GREEN, Rag.BLUE, "improved", id="green-to-blue"),
        pytest.param(Rag.GREEN, Rag.RED, "declined", id="green-to-red"),
        pytest.param(Rag.AMBER, Rag.AMBER, "unchanged", id="amber-to-amber"),
        pytest.param(None, Rag.GREEN, "new", id="no-earlier-update"),
    ],
)
def test_movement_since_the_previous_period(
    make_plan: MakePlan, before: Rag | None, now: Rag, movement: str
) -> None:
    updates = [Update(NOW, "1.1", now, "p", reason="r", recovery="r")]
    if before is not None:
        updates.append(Update(JUNE, "1.1", before, "p", reason="r", recovery="r"))
    other = Update(JUNE, "1.2", Rag.GREEN, "p")  # makes June the previous period
    plan = make_plan([_action("1.1", "Ongoing."), _action("1.2", "Ongoing.")], [*updates, other])
    item = derive(plan, NOW).actions[0]
    assert item.movement == movement
    assert item.previous_rag is before


def test_movement_is_new_when_there_is_no_previous_period(make_plan: MakePlan) -> None:
    plan = make_plan([_action("1.1", "Ongoing.")], [Update(NOW, "1.1", Rag.GREEN, "p")])
    status = derive(plan, NOW)
    assert status.previous_period is None
    assert status.actions[0].movement == "new"
    assert "no previous period" in rule_texts(status.actions[0])["movement"]


# R6 area roll-up ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rags", "area_rag"),
    [
        pytest.param([Rag.BLUE, Rag.BLUE], Rag.BLUE, id="all-blue"),
        pytest.param([Rag.BLUE, Rag.GREEN], Rag.GREEN, id="blue-and-green"),
        pytest.param([Rag.GREEN, Rag.AMBER, Rag.BLUE], Rag.AMBER, id="worst-is-amber"),
        pytest.param([Rag.RED, Rag.AMBER, Rag.BLUE], Rag.RED, id="worst-is-red"),
        pytest.param([Rag.BLUE, None], None, id="blue-and-no-update-is-not-blue"),
        pytest.param([], None, id="no-actions"),
    ],
)
def test_area_rag_is_the_worst_and_blue_only_when_all_blue(
    make_plan: MakePlan, rags: list[Rag | None], area_rag: Rag | None
) -> None:
    refs = [f"1.{i}" for i in range(1, len(rags) + 1)]
    updates = [
        Update(NOW, ref, rag, "p", reason="r", recovery="r")
        for ref, rag in zip(refs, rags, strict=True)
        if rag is not None
    ]
    plan = make_plan([_action(ref, "Ongoing.") for ref in refs], updates, areas=[Area("1", "One")])
    [area] = derive(plan, NOW).areas
    assert area.rag is area_rag
    assert sum(area.counts.values()) == len(updates)


def test_counts_per_area_and_for_the_plan(make_plan: MakePlan) -> None:
    plan = make_plan(
        [_action("1.1", "Ongoing."), _action("1.2", "Ongoing."), _action("2.1", "Ongoing.", "2")],
        [
            Update(NOW, "1.1", Rag.GREEN, "p"),
            Update(NOW, "1.2", Rag.BLUE, "p"),
            Update(NOW, "2.1", Rag.GREEN, "p"),
        ],
        areas=[Area("1", "One"), Area("2", "Two")],
    )
    status = derive(plan, NOW)
    assert [a.counts for a in status.areas] == [
        {"Blue": 1, "Green": 1, "Amber": 0, "Red": 0},
        {"Blue": 0, "Green": 1, "Amber": 0, "Red": 0},
    ]
    assert status.summary == {"Blue": 1, "Green": 2, "Amber": 0, "Red": 0}


# T5 / T6 -------------------------------------------------------------------------------


def test_no_due_date_warning_names_the_target_cell(make_plan: MakePlan) -> None:
    plan = make_plan(
        [_action("5.1", "In line with targets set in the strategy.")],
        [Update(NOW, "5.1", Rag.GREEN, "p")],
    )
    status = derive(plan, NOW)
    [problem] = status.problems
    assert (problem.severity, problem.code, problem.sheet, problem.cell) == (
        "warning",
        "no-due-date",
        "Actions",
        "D2",
    )
    assert "enter a date in Due (Actions!E2)" in problem.message
    assert status.actions[0].due is None
    assert status.actions[0].flags == ["no_due_date"]


def test_blue_action_whose_target_gives_no_date_is_asked_for_a_due_date(
    make_plan: MakePlan,
) -> None:
    plan = make_plan([_action("1.2", "Completed.")], [Update(NOW, "1.2", Rag.BLUE, "p")])
    status = derive(plan, NOW)
    [problem] = status.problems
    assert (problem.severity, problem.code, problem.sheet, problem.cell) == (
        "warning",
        "no-due-date",
        "Actions",
        "D2",
    )
    assert problem.message == (
        "1.2 has no due date: expected a date (such as 'June 2019') or a recurrence word in "
        "the target, found 'Completed.'; enter a date in Due (Actions!E2)"
    )
    item = status.actions[0]
    assert (item.due, item.flags, item.overdue, item.suggested_rag) == (
        None,
        ["no_due_date"],
        False,
        Rag.BLUE,
    )


def test_blue_action_with_a_due_column_gets_no_no_due_date_warning(make_plan: MakePlan) -> None:
    plan = make_plan(
        [_action("1.2", "Completed.", due=date(2019, 3, 31))],
        [Update(NOW, "1.2", Rag.BLUE, "p")],
    )
    assert derive(plan, NOW).problems == []


def test_green_action_whose_target_says_completed_is_asked_for_a_due_date(
    make_plan: MakePlan,
) -> None:
    plan = make_plan([_action("1.2", "Completed.")], [Update(NOW, "1.2", Rag.GREEN, "p")])
    assert [p.code for p in derive(plan, NOW).problems] == ["no-due-date"]


def test_recurring_action_without_a_date_gets_no_warning(make_plan: MakePlan) -> None:
    plan = make_plan([_action("4.1", "Ongoing.")], [Update(NOW, "4.1", Rag.GREEN, "p")])
    assert derive(plan, NOW).problems == []


def test_due_column_overrides_the_target(make_plan: MakePlan) -> None:
    plan = make_plan(
        [_action("5.1", "In line with the strategy.", due=date(2019, 12, 31))],
        [Update(NOW, "5.1", Rag.GREEN, "p")],
    )
    status = derive(plan, NOW)
    assert status.problems == []
    assert status.actions[0].due == date(2019, 12, 31)
    assert rule_texts(status.actions[0])["due"] == (
        "T1: due 2019-12-31; the Due column (Actions!E2)."
    )


def test_revised_due_replaces_the_due_date_and_keeps_the_original(make_plan: MakePlan) -> None:
    plan = make_plan(
        [_action("1.10", "By June 2019.")],
        [Update(NOW, "1.10", Rag.GREEN, "p", revised_due=date(2019, 12, 31))],
    )
    item = derive(plan, NOW).actions[0]
    assert (item.due, item.original_due) == (date(2019, 12, 31), date(2019, 6, 30))
    assert not item.overdue
    assert item.due_soon
    assert rule_texts(item)["due"].startswith("T6: due 2019-12-31; the revised due date")


def test_explanations_cover_every_derived_value(make_plan: MakePlan) -> None:
    item, _ = _one(make_plan, Rag.GREEN, as_at=NOW)
    expected = {"rag", "due", "recurrence", "milestones", "overdue", "due_soon"}
    expected |= {"suggested_rag", "movement", "stale"}
    assert expected <= set(rule_texts(item))
    assert rule_texts(item)["due"] == (
        "T1: due 2019-04-30; the latest date in the target 'By April 2019.'"
        " T2: 'April 2019' is April 2019, which ends on 30 April 2019."
    )


def test_each_distinct_target_is_read_once_in_a_plan(
    make_plan: MakePlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    real = rag_module.read_timescale

    def counted(target: str, *, year_starts: int = 4) -> Timescale:
        read.append(target)
        return real(target, year_starts=year_starts)

    monkeypatch.setattr(rag_module, "read_timescale", counted)
    targets = ["By April 2019.", "Ongoing.", "By April 2019.", "By April 2019.", "Ongoing."]
    plan = make_plan(
        [Action(f"1.{n}", "1", "a", target) for n, target in enumerate(targets, 1)],
        [Update(NOW, f"1.{n}", Rag.GREEN, "On track") for n in range(1, 6)],
    )
    status = derive(plan, NOW)
    assert sorted(read) == ["By April 2019.", "Ongoing."]
    assert [a.overdue for a in status.actions] == [True, False, True, True, False]


def test_a_fact_is_shared_only_by_values_of_one_type() -> None:
    assert rag_module._plain_fact(int, 1) is rag_module._plain_fact(int, 1)
    assert rag_module._plain_fact(bool, True).value is True
    assert rag_module._plain_fact(int, 1).value is not True
    assert rag_module._plain_fact(Rag, Rag.GREEN).value is Rag.GREEN
