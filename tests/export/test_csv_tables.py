"""The CSV files, read back with pandas as an analyst would, agree with pack.json."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from boardpack.export.columns import MEANINGS

RAG_WORDS = {"Blue", "Green", "Amber", "Red"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TEXT_IDS = {"ref": str, "area": str, "measure": str}


def read(folder: Path, name: str, dates: list[str]) -> pd.DataFrame:
    """A CSV file as pandas reads it, identifiers kept as text and dates parsed."""
    return pd.read_csv(folder / name, dtype=TEXT_IDS, parse_dates=dates, encoding="utf-8")


def iso_or_none(value: Any) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def text_or_none(value: Any) -> str | None:
    return None if pd.isna(value) else str(value)


ACTION_DATES = ["update_period", "due", "original_due", "revised_due"]


def test_actions_has_one_row_per_action_with_every_derived_field(
    exported: Path, pack: dict[str, Any]
) -> None:
    actions = read(exported, "actions.csv", ACTION_DATES)
    assert len(actions) == 40
    assert list(actions["ref"]) == [a["ref"] for a in pack["actions"]]
    for column in ("area", "action", "target", "owner", "due", "original_due", "revised_due"):
        assert column in actions.columns
    for column in ("slipped", "days_slipped", "overdue", "days_overdue", "due_soon"):
        assert column in actions.columns
    for column in ("recurrence", "rag", "suggested_rag", "movement", "flags"):
        assert column in actions.columns


def test_actions_columns_have_the_types_an_analyst_needs(exported: Path) -> None:
    actions = read(exported, "actions.csv", ACTION_DATES)
    for column in ACTION_DATES:
        assert actions[column].dtype == "datetime64[ns]", column
    for column in ("overdue", "due_soon", "stale", "slipped", "due_before_meeting"):
        assert actions[column].dtype == bool, column
    for column in ("days_overdue", "days_slipped"):
        assert actions[column].dtype == "int64", column


def test_actions_derived_fields_match_pack_json(exported: Path, pack: dict[str, Any]) -> None:
    actions = read(exported, "actions.csv", ACTION_DATES).set_index("ref")
    for expected in pack["actions"]:
        row = actions.loc[expected["ref"]]
        assert row["area"] == expected["area"]
        for field in ("due", "original_due"):
            assert iso_or_none(row[field]) == expected[field], (expected["ref"], field)
        assert iso_or_none(row["update_period"]) == expected["update_period"]
        for field in ("rag", "previous_rag", "suggested_rag", "movement", "recurrence"):
            assert text_or_none(row[field]) == expected[field], (expected["ref"], field)
        for field in ("overdue", "due_soon", "stale", "slipped", "due_before_meeting"):
            assert bool(row[field]) is expected[field], (expected["ref"], field)
        for field in ("days_overdue", "days_slipped"):
            assert int(row[field]) == expected[field], (expected["ref"], field)
        assert (text_or_none(row["flags"]) or "") == "; ".join(expected["flags"])


def test_slipped_actions_show_original_and_revised_due(exported: Path) -> None:
    actions = read(exported, "actions.csv", ACTION_DATES)
    slipped = actions[actions["slipped"]]
    assert len(slipped) > 0
    for _, row in slipped.iterrows():
        assert row["revised_due"] == row["due"]
        assert (row["due"] - row["original_due"]).days == row["days_slipped"]


def test_updates_has_one_row_per_action_per_period(exported: Path, pack: dict[str, Any]) -> None:
    updates = read(exported, "updates.csv", ["period", "revised_due"])
    periods = [p["period"] for p in pack["periods"]]
    assert len(periods) == 3
    assert len(updates) == 40 * len(periods)
    pairs = {(iso_or_none(p), r) for p, r in zip(updates["period"], updates["ref"], strict=True)}
    assert pairs == {(p, a["ref"]) for p in periods for a in pack["actions"]}
    assert list(updates.columns) == [
        "period",
        "ref",
        "area",
        "rag",
        "progress",
        "reason",
        "recovery",
        "revised_due",
    ]
    assert updates["period"].dtype == "datetime64[ns]"


def test_current_updates_agree_with_the_actions_reported_rag(
    exported: Path, pack: dict[str, Any]
) -> None:
    updates = read(exported, "updates.csv", ["period", "revised_due"])
    current = updates[updates["period"] == pd.Timestamp(pack["period"])].set_index("ref")
    for action in pack["actions"]:
        assert current.loc[action["ref"], "rag"] == action["rag"]


def test_areas_carry_rag_counts_and_movement(exported: Path, pack: dict[str, Any]) -> None:
    areas = read(exported, "areas.csv", [])
    assert len(areas) == len(pack["areas"]) == 9
    for expected, (_, row) in zip(pack["areas"], areas.iterrows(), strict=True):
        assert row["area"] == expected["area"]
        assert row["rag"] == expected["rag"]
        assert row["previous_rag"] == expected["previous_rag"]
        assert row["movement"] == expected["movement"]
        for word, count in expected["counts"].items():
            assert row[word.lower()] == count
        assert row["actions"] == len(expected["actions"])
    assert areas["blue"].dtype == "int64"


def test_measures_carry_latest_judged_and_next_target(exported: Path, pack: dict[str, Any]) -> None:
    dates = ["latest_date", "judged_target_date", "next_target_date"]
    measures = read(exported, "measures.csv", dates)
    assert len(measures) == len(pack["measures"])
    for expected, (_, row) in zip(pack["measures"], measures.iterrows(), strict=True):
        assert row["measure"] == expected["measure"]
        assert row["status"] == expected["status"]
        for point in ("latest", "judged_target", "next_target"):
            if expected[point] is None:
                assert pd.isna(row[f"{point}_date"]) and pd.isna(row[f"{point}_value"])
            else:
                assert iso_or_none(row[f"{point}_date"]) == expected[point]["date"]
                assert row[f"{point}_value"] == expected[point]["value"]
    assert measures["latest_value"].dtype == "float64"


def test_measure_values_list_every_figure_with_kind_and_date(exported: Path) -> None:
    from boardpack.build import read_plan

    from .conftest import EXAMPLE_MASTER

    plan, _ = read_plan(EXAMPLE_MASTER)
    values = read(exported, "measure-values.csv", ["date"])
    assert len(values) == len(plan.measure_values) == 17
    assert set(values["kind"]) == {"Baseline", "Actual", "Target"}
    assert values["date"].dtype == "datetime64[ns]"
    assert values["value"].dtype == "float64"


@pytest.mark.parametrize("name", sorted(MEANINGS))
def test_csv_is_utf8_with_a_header_row_iso_dates_and_rag_words(exported: Path, name: str) -> None:
    raw = (exported / f"{name}.csv").read_bytes()
    text = raw.decode("utf-8")
    assert not text.startswith("\ufeff")
    header = text.split("\r\n", 1)[0]
    assert sorted(header.split(",")) == sorted(MEANINGS[name])
    types = json.loads((exported / "data.json").read_text())["tables"][name]["columns"]
    frame = pd.read_csv(exported / f"{name}.csv", dtype=str, keep_default_na=False)
    for column in frame.columns:
        if types[column]["type"] == "date":
            assert all(ISO_DATE.match(v) for v in frame[column] if v), column
        if column.endswith("rag"):
            assert set(frame[column]) <= RAG_WORDS | {""}, column
