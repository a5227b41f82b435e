"""Explanations come from the rules' records: one wording feeds explain, pack.json and warnings."""

from __future__ import annotations

import string
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from boardpack.model import Action, Plan, Rag, Update
from boardpack.packjson import pack_json
from boardpack.rules import derive
from boardpack.rules import wording as wording_module
from boardpack.rules.explain import explain_action
from boardpack.rules.wording import WORDING, DateStyle, Wording, explain_lines, rule_text
from boardpack.status import Decision, Fact, Reading
from boardpack.workbook.reader import read_master

MakePlan = Callable[..., Plan]
NOW = date(2019, 10, 31)


def _late_plan(make_plan: MakePlan) -> Plan:
    return make_plan(
        [Action("1.3", "1", "Audit tool.", "By April 2019.")],
        [Update(NOW, "1.3", Rag.GREEN, "On track")],
    )


def test_changing_a_rules_wording_in_one_place_changes_explain_and_pack_json(
    make_plan: MakePlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    status = derive(_late_plan(make_plan), NOW)
    before_explain = explain_action(status, "1.3")
    [before_json] = pack_json(status)["actions"]  # type: ignore[misc]
    assert "Overdue by 184 days: due 30 April 2019" in before_explain

    monkeypatch.setitem(
        WORDING, ("R1", "late"), Wording("Late by {days_overdue:days}", "it was due {due}")
    )

    after_explain = explain_action(status, "1.3")
    [after_json] = pack_json(status)["actions"]  # type: ignore[misc]
    assert "Late by 184 days: it was due 30 April 2019." in after_explain.splitlines()
    assert "Overdue by 184 days" not in after_explain
    assert before_json["rules"]["overdue"] != after_json["rules"]["overdue"]
    assert after_json["rules"]["overdue"] == "R1: late by 184 days; it was due 2019-04-30."


def test_a_rules_warning_is_its_wording_filled_from_the_record(
    make_plan: MakePlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed = Wording(
        WORDING[("R3", "long-late")].verdict,
        WORDING[("R3", "long-late")].why,
        "{ref} reported {rag}, rules say Red after {days_overdue:days}",
    )
    monkeypatch.setitem(WORDING, ("R3", "long-late"), changed)
    status = derive(_late_plan(make_plan), NOW)
    [conflict] = [p for p in status.problems if p.code == "rag-conflict"]
    assert conflict.message == "1.3 reported Green, rules say Red after 184 days"
    assert (conflict.sheet, conflict.cell) == ("Updates", "C2")


def test_every_decision_the_rules_make_has_a_wording(make_plan: MakePlan) -> None:
    plan = make_plan(
        [
            Action("1.1", "1", "a", "By April 2019."),
            Action("1.2", "1", "b", "Ongoing."),
            Action("1.3", "1", "c", ""),
            Action("1.4", "1", "d", "60% by Sept 2019, 85% by Dec 2019."),
            Action("1.5", "1", "e", "By November 2019."),
        ],
        [
            Update(date(2019, 6, 30), "1.1", Rag.AMBER, "Late", recovery="r"),
            Update(NOW, "1.1", Rag.RED, "Late"),
            Update(NOW, "1.2", Rag.BLUE, "Done"),
            Update(
                NOW, "1.4", Rag.AMBER, "Launch on 4 November 2019", revised_due=date(2020, 1, 31)
            ),
            Update(NOW, "1.5", Rag.GREEN, "p"),
        ],
        meeting_date=date(2019, 12, 10),
    )
    status = derive(plan, NOW)
    decisions = [d for item in status.actions for d in item.decisions]
    assert {d.rule for d in decisions} >= {"T1", "T3", "T4", "T5", "T6", "R1", "R2", "R3"}
    assert {d.rule for d in decisions} >= {"R4", "R5", "R8", "R9", "Updates", "Periods"}
    for decision in decisions:
        assert (decision.rule, decision.case) in WORDING
        assert rule_text(decision).startswith(f"{decision.rule}: ")


def test_the_record_names_the_cells_its_facts_came_from(make_plan: MakePlan) -> None:
    plan = make_plan(
        [Action("1.10", "1", "a", "By June 2019.")],
        [Update(NOW, "1.10", Rag.GREEN, "p", revised_due=date(2019, 12, 31))],
    )
    item = derive(plan, NOW).actions[0]
    slipped = item.decision("slipped")
    assert slipped is not None
    assert (slipped.rule, slipped.case) == ("R8", "slipped")
    assert slipped.facts["due"] == Fact(date(2019, 12, 31), "Updates!G2")
    assert slipped.facts["days_slipped"].value == 184
    assert item.decision("original_due") == Decision(
        "original_due",
        "T1",
        "original",
        {
            "ref": Fact("1.10", "Actions!A2"),
            "original_due": Fact(date(2019, 6, 30), "Actions!D2"),
            "source": Fact("the latest date in the target 'By June 2019.'"),
        },
        Reading("T2", "'June 2019' is June 2019, which ends on 30 June 2019"),
    )


def test_a_timescale_reading_is_formatted_with_its_own_rule() -> None:
    decision = Decision(
        "due",
        "T1",
        "dated",
        {"due": Fact(date(2019, 12, 31)), "source": Fact("the latest date in the target")},
        Reading("T8", "'Autumn term 2019' is the autumn term, which ends on 31 December 2019"),
    )
    assert explain_lines(decision) == [
        "Due 31 December 2019: the latest date in the target.",
        "T8: 'Autumn term 2019' is the autumn term, which ends on 31 December 2019.",
    ]
    assert rule_text(decision) == (
        "T1: due 2019-12-31; the latest date in the target. T8: 'Autumn term 2019' is the "
        "autumn term, which ends on 31 December 2019."
    )


def test_a_quiet_case_is_left_out_of_explain_but_kept_in_pack_json(make_plan: MakePlan) -> None:
    item = derive(_late_plan(make_plan), NOW).actions[0]
    slipped = item.decision("slipped")
    assert slipped is not None and slipped.case == "no-revision"
    assert explain_lines(slipped) == []
    assert rule_text(slipped) == "R8: not slipped; no revised due date is set."
    assert wording_module.wording(slipped).quiet


class _FormatterFill(string.Formatter):
    """The fill as ``str.format``'s own machinery does it, to hold the fast fill to."""

    def __init__(self, style: DateStyle) -> None:
        self.facts = wording_module._STYLES[style]

    def format_field(self, value: Any, format_spec: str) -> str:
        return self.facts.format_field(value, format_spec)


@pytest.mark.parametrize("style", ["iso", "long"])
def test_a_wording_is_filled_as_string_formatting_fills_it(
    example_master: Path, style: DateStyle
) -> None:
    plan, _ = read_master(example_master)
    assert plan is not None
    status = derive(plan, date(2019, 11, 15))
    decisions = [d for item in [*status.actions, *status.areas] for d in item.decisions]
    filled = 0
    for decision in decisions:
        words = WORDING[(decision.rule, decision.case)]
        for template in (words.verdict, words.why, words.warning):
            expected = _FormatterFill(style).format(template, **decision.facts)
            assert wording_module._fill(template, decision, style) == expected
            filled += 1
    assert filled > 1000


def test_a_wording_naming_a_fact_the_rule_did_not_record_fails_loudly() -> None:
    decision = Decision("overdue", "R1", "late", {"due": Fact(date(2019, 4, 30))})
    with pytest.raises(KeyError, match="days_overdue"):
        wording_module._fill("due {due}, {days_overdue:days} late", decision, "iso")
