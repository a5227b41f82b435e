"""``pack_json`` / ``dumps_pack``: the JSON of ``check --json`` and ``pack.json``
(docs/outputs.md)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boardpack.model import (
    DEFAULT_RAG_KEY,
    Action,
    Area,
    Measure,
    MeasureValue,
    Plan,
    Rag,
    Report,
    Update,
)
from boardpack.packjson import Written, dumps_pack, pack_json, written_parts
from boardpack.problems import Note, Problem
from boardpack.rules import derive
from boardpack.status import Chart, PackStatus
from boardpack.workbook.reader import read_master

JUNE, OCT = date(2019, 6, 30), date(2019, 10, 31)


def _json(status: PackStatus, **extra: Any) -> Any:
    """The JSON as a reader of ``pack.json`` sees it (the text, parsed again)."""
    return json.loads(dumps_pack(pack_json(status, **extra)))


@pytest.fixture
def status() -> PackStatus:
    plan = Plan(
        source=Path("master.xlsx"),
        report=Report("Haringey Council", "Ofsted action plan", as_at=OCT),
        rag_key=dict(DEFAULT_RAG_KEY),
        areas=[Area("1", "Assessments – children’s needs")],
        actions=[
            Action("1.4", "1", "85% of assessments", "At least 60% by Sept 2019. 85% by Dec 2019."),
            Action("1.3", "1", "Audit tool", "By April 2019.", cells={"target": "D4"}),
        ],
        updates=[
            Update(JUNE, "1.3", Rag.GREEN, "p", cells={"rag": "C3"}),
            Update(OCT, "1.3", Rag.BLUE, "p", cells={"rag": "C14"}),
            Update(OCT, "1.4", Rag.GREEN, "p", cells={"rag": "C15"}),
        ],
        measures=[Measure("M1", "Good assessments", action_refs=["1.4"])],
        measure_values=[
            MeasureValue("M1", date(2019, 9, 30), "Target", 60),
            MeasureValue("M1", OCT, "Actual", 87),
            MeasureValue("M1", date(2019, 12, 31), "Target", 85),
        ],
    )
    return derive(plan)


def test_top_level_keys_in_the_contract_order(status: PackStatus) -> None:
    assert list(_json(status)) == [
        "as_at",
        "period",
        "previous_period",
        "problems",
        "summary",
        "areas",
        "actions",
        "measures",
        "as_at_source",
        "periods",
        "notes",
    ]


def test_dates_are_iso_and_rags_are_words(status: PackStatus) -> None:
    data = _json(status)
    assert (data["as_at"], data["period"], data["previous_period"]) == (
        "2019-10-31",
        "2019-10-31",
        "2019-06-30",
    )
    assert data["summary"] == {"Blue": 1, "Green": 1, "Amber": 0, "Red": 0}
    assert data["areas"] == [
        {
            "area": "1",
            "title": "Assessments – children’s needs",
            "rag": "Green",
            "previous_rag": "Green",
            "movement": "unchanged",
            "counts": {"Blue": 1, "Green": 1, "Amber": 0, "Red": 0},
            "actions": ["1.3", "1.4"],
            "rules": {
                "rag": "R6: Green; the worst rating among its rated actions (2 of 2).",
                "previous_rag": "R6: Green; the worst rating among its rated actions (1 of 2).",
                "movement": "R5: unchanged since the previous period; Green at the previous "
                "period, Green now, each rolled up by R6.",
            },
        }
    ]


def test_action_shape(status: PackStatus) -> None:
    actions = _json(status)["actions"]
    assert isinstance(actions, list)
    first = actions[0]
    assert list(first)[:15] == [
        "ref",
        "area",
        "rag",
        "previous_rag",
        "movement",
        "due",
        "original_due",
        "milestones",
        "recurrence",
        "overdue",
        "days_overdue",
        "due_soon",
        "stale",
        "suggested_rag",
        "flags",
    ]
    assert {k: first[k] for k in ("ref", "rag", "previous_rag", "movement", "due")} == {
        "ref": "1.3",
        "rag": "Blue",
        "previous_rag": "Green",
        "movement": "improved",
        "due": "2019-04-30",
    }
    assert (first["recurrence"], first["overdue"], first["days_overdue"]) == (None, False, 0)
    assert first["rules"]["due"] == (
        "T1: due 2019-04-30; the latest date in the target 'By April 2019.'"
        " T2: 'April 2019' is April 2019, which ends on 30 April 2019."
    )
    assert actions[1]["milestones"] == [
        {"date": "2019-09-30", "value": "60%"},
        {"date": "2019-12-31", "value": "85%"},
    ]


def test_measure_shape_with_whole_numbers(status: PackStatus) -> None:
    [measure] = _json(status)["measures"]
    assert measure == {
        "measure": "M1",
        "name": "Good assessments",
        "unit": "%",
        "better": "higher",
        "latest": {"date": "2019-10-31", "value": 87},
        "next_target": {"date": "2019-12-31", "value": 85},
        "judged_target": {"date": "2019-09-30", "value": 60},
        "status": "met",
    }


def test_periods_carry_counts(status: PackStatus) -> None:
    assert _json(status)["periods"] == [
        {"period": "2019-06-30", "counts": {"Blue": 0, "Green": 1, "Amber": 0, "Red": 0}},
        {"period": "2019-10-31", "counts": {"Blue": 1, "Green": 1, "Amber": 0, "Red": 0}},
    ]


def test_charts_files_and_inputs_when_given(status: PackStatus) -> None:
    chart = Chart("rag-by-area", "RAG by area", "Area 1: 1 Blue, 1 Green.", b"png", 15.0)
    data = _json(
        status,
        charts=[chart],
        files={"pack.docx": "bb", "charts/rag-by-area.png": "aa"},
        inputs={"master.xlsx": "cc"},
    )
    assert list(data)[-3:] == ["charts", "files", "inputs"]
    assert data["charts"] == [
        {
            "file": "charts/rag-by-area.png",
            "title": "RAG by area",
            "alt_text": "Area 1: 1 Blue, 1 Green.",
        }
    ]
    assert list(data["files"]) == ["charts/rag-by-area.png", "pack.docx"]
    assert data["inputs"] == {"master.xlsx": "cc"}


def test_problems_are_sorted_and_in_the_contract_shape(status: PackStatus) -> None:
    status.problems = [
        Problem("warning", "stale-update", "Updates", "A20", "later row"),
        Problem("error", "missing-exception", "Updates", "E3", "earlier row"),
    ]
    assert _json(status)["problems"] == [
        {
            "severity": "error",
            "code": "missing-exception",
            "sheet": "Updates",
            "cell": "E3",
            "message": "earlier row",
        },
        {
            "severity": "warning",
            "code": "stale-update",
            "sheet": "Updates",
            "cell": "A20",
            "message": "later row",
        },
    ]


def test_dumps_is_deterministic_text(status: PackStatus) -> None:
    text = dumps_pack(pack_json(status))
    assert text == dumps_pack(pack_json(status))
    assert text.endswith("}\n")
    assert "Assessments – children’s needs" in text  # not escaped
    assert text.startswith('{\n  "as_at": "2019-10-31",\n')
    assert json.loads(text)["actions"][0]["ref"] == "1.3"


def test_notes_say_how_the_workbook_was_read(status: PackStatus) -> None:
    notes = (
        Note("read-as", "Acronyms", None, "read the sheet 'Acronyms' as 'Glossary'"),
        Note("ignored-column", "Updates", "H1", "ignored the column 'Note'"),
    )
    status.plan = replace(status.plan, notes=notes)
    assert _json(status)["notes"] == [
        {
            "code": "read-as",
            "sheet": "Acronyms",
            "cell": None,
            "message": "read the sheet 'Acronyms' as 'Glossary'",
        },
        {
            "code": "ignored-column",
            "sheet": "Updates",
            "cell": "H1",
            "message": "ignored the column 'Note'",
        },
    ]


_JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),  # NaN and infinities too, as json writes them
    st.text(),
)
_JSON = st.recursive(
    _JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.text(max_size=5), inner, max_size=4),
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(data=st.dictionaries(st.text(max_size=5), _JSON, max_size=5))
def test_dumps_writes_the_very_text_json_writes(data: dict[str, Any]) -> None:
    assert dumps_pack(data) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    "data",
    [
        {"keys": {1: "a", None: "b", 2.5: "c", False: "d"}},
        {"a date": date(2019, 10, 31)},
    ],
    ids=["keys-that-are-not-text", "a-value-json-has-no-type-for"],
)
def test_dumps_leaves_what_it_does_not_write_to_json(data: dict[str, Any]) -> None:
    try:
        expected = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    except TypeError as exc:
        with pytest.raises(TypeError, match=str(exc)):
            dumps_pack(data)
    else:
        assert dumps_pack(data) == expected


def test_dumps_of_the_example_pack_is_the_text_json_writes(example_master: Path) -> None:
    plan, _ = read_master(example_master)
    assert plan is not None
    data = pack_json(derive(plan, OCT))
    assert dumps_pack(data) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def test_parts_written_ahead_give_the_very_text_of_the_parts_written_at_the_end(
    example_master: Path,
) -> None:
    plan, _ = read_master(example_master)
    assert plan is not None
    status = derive(plan, OCT)
    ahead = written_parts(status)
    assert all(isinstance(value, Written) for value in ahead.values())
    assert dumps_pack(pack_json(status, parts=ahead)) == dumps_pack(pack_json(status))


def test_a_part_written_ahead_is_written_by_json_as_its_value_when_json_writes() -> None:
    data = {"actions": Written([{"ref": "1.1"}], "unused"), "keys": {1: "a"}}
    assert dumps_pack(data) == (
        json.dumps({"actions": [{"ref": "1.1"}], "keys": {1: "a"}}, indent=2) + "\n"
    )
