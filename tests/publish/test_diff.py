"""``boardpack diff``: what changed between two packs; clear errors for files that are not packs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from boardpack.diff import (
    Direction,
    DueChange,
    MeasureChange,
    PackDiff,
    RagChange,
    diff_packs,
    format_diff,
    load_pack,
)
from boardpack.problems import BoardpackError, UsageError


def _pack(
    period: str,
    actions: list[tuple[str, str | None, str | None]],
    measures: Sequence[tuple[str, str]] = (),
) -> dict[str, object]:
    """A pack.json shape: actions as (ref, rag, due), measures as (id, status)."""
    return {
        "as_at": period,
        "period": period,
        "actions": [
            {"ref": ref, "area": ref.split(".")[0], "rag": rag, "due": due}
            for ref, rag, due in actions
        ],
        "measures": [
            {"measure": key, "name": f"Measure {key}", "status": status} for key, status in measures
        ],
    }


OLD = _pack(
    "2019-06-30",
    [("1.1", "Green", "2019-12-31"), ("1.2", "Amber", "2019-09-30"), ("2.1", "Green", None)],
    [("M1", "off_track"), ("M2", "met")],
)


@pytest.mark.parametrize(
    ("old_rag", "new_rag", "direction"),
    [
        pytest.param("Green", "Red", "declined", id="green-to-red"),
        pytest.param("Amber", "Blue", "improved", id="amber-to-blue"),
        pytest.param("Red", "Amber", "improved", id="red-to-amber"),
        pytest.param("Blue", "Green", "declined", id="blue-to-green"),
        pytest.param(None, "Green", "changed", id="first-rating"),
    ],
)
def test_a_re_rated_action_shows_old_new_and_direction(
    old_rag: str | None, new_rag: str, direction: Direction
) -> None:
    old = _pack("2019-06-30", [("1.1", old_rag, "2019-12-31")])
    new = _pack("2019-10-31", [("1.1", new_rag, "2019-12-31")])

    diff = diff_packs(old, new)

    assert diff.rerated == (RagChange("1.1", old_rag, new_rag, direction),)
    assert f"  1.1: {old_rag or 'no RAG'} -> {new_rag} ({direction})" in format_diff(diff)


@pytest.mark.parametrize(
    ("old_due", "new_due", "line"),
    [
        pytest.param(
            "2019-12-31",
            "2020-03-31",
            "  1.1: 31 December 2019 -> 31 March 2020 (later by 91 days)",
            id="later",
        ),
        pytest.param(
            "2019-12-31",
            "2019-12-30",
            "  1.1: 31 December 2019 -> 30 December 2019 (earlier by 1 day)",
            id="earlier",
        ),
        pytest.param(None, "2020-03-31", "  1.1: none -> 31 March 2020", id="date-set"),
    ],
)
def test_a_moved_due_date_shows_both_dates(old_due: str | None, new_due: str, line: str) -> None:
    old = _pack("2019-06-30", [("1.1", "Green", old_due)])
    new = _pack("2019-10-31", [("1.1", "Green", new_due)])

    diff = diff_packs(old, new)

    assert diff.due_moved == (DueChange("1.1", old_due, new_due),)
    assert diff.rerated == ()
    assert line in format_diff(diff).splitlines()


def test_added_and_removed_actions_are_listed_in_natural_ref_order() -> None:
    new = _pack(
        "2019-10-31",
        [("1.1", "Green", "2019-12-31"), ("1.10", "Green", None), ("1.9", "Amber", None)],
    )

    diff = diff_packs(OLD, new)

    assert diff.added == ("1.9", "1.10")
    assert diff.removed == ("1.2", "2.1")


def test_identical_packs_have_no_differences() -> None:
    diff = diff_packs(OLD, json.loads(json.dumps(OLD)))

    assert diff == PackDiff(old_period="2019-06-30", new_period="2019-06-30")
    assert not diff.actions_changed
    assert format_diff(diff) == (
        "Changes from 30 June 2019 to 30 June 2019:\nNo differences in actions."
    )


def test_measure_status_changes_are_reported() -> None:
    new = _pack(
        "2019-10-31",
        [("1.1", "Green", "2019-12-31"), ("1.2", "Amber", "2019-09-30"), ("2.1", "Green", None)],
        [("M1", "met"), ("M2", "met"), ("M3", "no_data")],
    )

    diff = diff_packs(OLD, new)

    assert diff.measures == (
        MeasureChange("M1", "Measure M1", "off_track", "met"),
        MeasureChange("M3", "Measure M3", None, "no_data"),
    )
    assert format_diff(diff) == (
        "Changes from 30 June 2019 to 31 October 2019:\n"
        "No differences in actions. Measures: 2 status changes.\n"
        "\n"
        "Measure status changes:\n"
        "  M1 (Measure M1): off track -> met\n"
        "  M3 (Measure M3): not in pack -> no data"
    )


def test_the_whole_report_reads_as_expected() -> None:
    new = _pack(
        "2019-10-31",
        [("1.1", "Red", "2020-03-31"), ("1.2", "Blue", "2019-09-30"), ("3.1", "Green", None)],
        [("M1", "off_track"), ("M2", "met")],
    )

    assert format_diff(diff_packs(OLD, new)) == (
        "Changes from 30 June 2019 to 31 October 2019:\n"
        "Actions: 1 added, 1 removed, 2 re-rated (1 improved, 1 declined), 1 due date moved.\n"
        "\n"
        "Added actions:\n"
        "  3.1\n"
        "\n"
        "Removed actions:\n"
        "  2.1\n"
        "\n"
        "Re-rated actions:\n"
        "  1.1: Green -> Red (declined)\n"
        "  1.2: Amber -> Blue (improved)\n"
        "\n"
        "Due dates moved:\n"
        "  1.1: 31 December 2019 -> 31 March 2020 (later by 91 days)"
    )


def test_an_action_without_a_ref_is_not_a_pack() -> None:
    broken = {"period": "2019-10-31", "actions": [{"rag": "Green"}]}

    with pytest.raises(
        BoardpackError, match="entry 1 of 'actions' should be an object with a 'ref'"
    ):
        diff_packs(OLD, broken)


def test_load_pack_reads_a_pack_file(tmp_path: Path) -> None:
    path = tmp_path / "pack.json"
    path.write_text(json.dumps(OLD), encoding="utf-8")

    assert load_pack(path) == OLD


def test_load_pack_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="Pack file not found") as caught:
        load_pack(tmp_path / "missing.json")

    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param('{"actions": [', "is not valid JSON (line 1, column 14", id="truncated"),
        pytest.param("[1, 2]", "expected a JSON object with an 'actions' list", id="a-list"),
        pytest.param(
            '{"period": "x"}', "expected a JSON object with an 'actions' list", id="no-actions"
        ),
        pytest.param("[" * 100_000, "it is nested too deeply", id="nested-too-deeply"),
    ],
)
def test_load_pack_of_a_file_that_is_not_a_pack_says_why(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "pack.json"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(BoardpackError) as caught:
        load_pack(path)

    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    assert caught.value.exit_code == 2


def test_load_pack_of_a_folder_names_the_file_it_wanted(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        load_pack(tmp_path)

    assert caught.value.message == (
        f"{tmp_path} is a folder: expected a pack.json file, such as {tmp_path}/pack.json"
    )
