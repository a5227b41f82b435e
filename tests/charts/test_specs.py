"""Chart specs: which charts a status gives, what they hold, and how they are keyed."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from boardpack.charts import AREA_CHART, PERIOD_CHART, ChartSpec, chart_specs
from boardpack.charts.specs import area_label, shorten
from boardpack.charts.style import contrast_ratio
from boardpack.model import Area, Rag, RagKeyEntry
from boardpack.status import PackStatus

from .conftest import AUDITS, MeasureCase

CONFTEST = Path(__file__).with_name("conftest.py")

StatusMaker = Callable[..., PackStatus]


def spec_named(specs: list[ChartSpec], name: str) -> ChartSpec:
    return next(s for s in specs if s.name == name)


def test_charts_come_in_order_period_area_then_measures_in_sheet_order(haringey: PackStatus):
    names = [s.name for s in chart_specs(haringey)]
    assert names == [PERIOD_CHART, AREA_CHART, "measure-M1", "measure-M2", "measure-M3"]


def test_a_measure_without_data_points_has_no_chart(status_maker: StatusMaker):
    empty = MeasureCase("M9", "Nothing recorded yet")
    names = [s.name for s in chart_specs(status_maker(measures=[AUDITS, empty]))]
    assert names == [PERIOD_CHART, AREA_CHART, "measure-M1"]


def test_spec_is_plain_json_that_round_trips(haringey: PackStatus):
    for spec in chart_specs(haringey):
        data = json.loads(spec.to_json())
        assert data["name"] == spec.name
        assert data["alt_text"] == spec.alt_text


def test_same_status_gives_same_keys(status_maker: StatusMaker):
    first = [s.key() for s in chart_specs(status_maker())]
    second = [s.key() for s in chart_specs(status_maker())]
    assert first == second
    assert len(set(first)) == len(first)
    assert all(len(k) == 64 for k in first)


def test_changed_measure_value_changes_only_that_charts_key(status_maker: StatusMaker):
    before = {s.name: s.key() for s in chart_specs(status_maker())}
    changed = replace(
        AUDITS, points=[p if p[1] != "Actual" else (p[0], p[1], 88.0) for p in AUDITS.points]
    )
    after = {s.name: s.key() for s in chart_specs(status_maker(measures=[changed]))}
    assert after["measure-M1"] != before["measure-M1"]
    assert after[PERIOD_CHART] == before[PERIOD_CHART]
    assert after[AREA_CHART] == before[AREA_CHART]


def test_key_includes_style_version(haringey: PackStatus, monkeypatch: pytest.MonkeyPatch):
    spec = chart_specs(haringey)[0]
    before = spec.key()
    monkeypatch.setattr("boardpack.charts.style.STYLE_VERSION", "another-style")
    assert spec.key() != before


def test_period_chart_holds_counts_in_display_order(haringey: PackStatus):
    bars = spec_named(chart_specs(haringey), PERIOD_CHART).bars
    assert bars is not None
    assert [s.status for s in bars.series] == ["Blue", "Green", "Amber", "Red"]
    assert [s.values for s in bars.series] == [(10, 16, 23), (38, 34, 26), (6, 4, 5), (2, 2, 2)]
    assert bars.categories == ("31 Mar 2019", "30 Jun 2019", "31 Oct 2019\n(current)")
    assert bars.highlight == 2
    assert not bars.horizontal


def test_area_chart_has_one_horizontal_bar_per_area(haringey: PackStatus):
    spec = spec_named(chart_specs(haringey), AREA_CHART)
    assert spec.bars is not None
    assert spec.bars.horizontal
    assert len(spec.bars.categories) == 9
    assert spec.bars.categories[8] == "9. Pathways to private fostering"
    assert [s.values[3] for s in spec.bars.series] == [4, 4, 1, 1]
    assert spec.area_ids == tuple(str(n) for n in range(1, 10))


def test_colours_come_from_the_plans_rag_key(status_maker: StatusMaker):
    status = status_maker()
    status.plan.rag_key[Rag.AMBER] = RagKeyEntry(Rag.AMBER, "Concern", "ff9900")
    bars = spec_named(chart_specs(status), AREA_CHART).bars
    assert bars is not None
    colours = {s.status: s.colour for s in bars.series}
    assert colours == {"Blue": "#0070C0", "Green": "#00B050", "Amber": "#FF9900", "Red": "#C00000"}


@pytest.mark.parametrize(
    "fill", ["#0070C0", "#00B050", "#FFC000", "#C00000", "#777777", "#FFFFFF", "#000000"]
)
def test_value_text_contrasts_at_least_4_5_to_1_with_its_fill(status_maker: StatusMaker, fill):
    status = status_maker()
    status.plan.rag_key[Rag.GREEN] = RagKeyEntry(Rag.GREEN, "On track", fill.lstrip("#"))
    bars = spec_named(chart_specs(status), PERIOD_CHART).bars
    assert bars is not None
    green = next(s for s in bars.series if s.status == "Green")
    assert contrast_ratio(green.text_colour, green.colour) >= 4.5


def test_each_status_has_its_own_hatch_so_print_in_grey_still_tells_them_apart(
    haringey: PackStatus,
):
    bars = spec_named(chart_specs(haringey), PERIOD_CHART).bars
    assert bars is not None
    hatches = [s.hatch for s in bars.series]
    assert len(set(hatches)) == 4


def test_measure_spec_holds_points_targets_and_as_at(haringey: PackStatus):
    spec = spec_named(chart_specs(haringey), "measure-M1")
    line = spec.line
    assert line is not None
    assert [(p.date, p.value) for p in line.baselines] == [("2018-10-31", 47), ("2019-01-31", 35)]
    assert [(p.date, p.value, p.label) for p in line.actuals] == [("2019-10-31", 87, "87%")]
    assert [p.label for p in line.targets] == ["60% by Sep 2019", "85% by Dec 2019"]
    assert (line.y_min, line.y_max) == (0, 100)
    assert line.as_at == "2019-10-31"
    assert line.note == "Higher is better. As at 31 Oct 2019: target met."
    assert spec.measure_id == "M1"


def test_measure_area_ids_are_the_areas_of_its_actions(haringey: PackStatus):
    specs = chart_specs(haringey)
    assert spec_named(specs, "measure-M1").area_ids == ("1",)
    assert spec_named(specs, "measure-M3").area_ids == ("1", "3")


def test_measure_with_unknown_action_refs_has_no_areas(status_maker: StatusMaker):
    stray = replace(AUDITS, action_refs=["99.1"])
    assert spec_named(chart_specs(status_maker(measures=[stray])), "measure-M1").area_ids == ()


@pytest.mark.parametrize(
    ("unit", "values", "y_max", "axis"),
    [
        ("%", [47, 87], 100, "Per cent (%)"),
        ("%", [47, 112], 120, "Per cent (%)"),
        ("number", [1250, 1420], 2000, "Number"),
        ("days", [38, 24], 50, "Days"),
        ("number", [0], 1, "Number"),
    ],
    ids=["percent", "percent-over-100", "number", "days", "all-zero"],
)
def test_value_axis_fits_the_unit(status_maker: StatusMaker, unit, values, y_max, axis):
    case = MeasureCase(
        "X1", "A measure", unit=unit,
        points=[(date(2019, m + 1, 28), "Actual", v) for m, v in enumerate(values)],
    )  # fmt: skip
    line = chart_specs(status_maker(measures=[case]))[2].line
    assert line is not None
    assert (line.y_min, line.y_max, line.value_label) == (0, y_max, axis)


def test_fifty_areas_get_one_line_labels_and_a_taller_chart_that_fits_a4(
    status_maker: StatusMaker,
):
    areas = [(str(n), "A long title " * 8, (1, 2, 0, 0)) for n in range(1, 51)]
    spec = spec_named(chart_specs(status_maker(areas=areas)), AREA_CHART)
    assert spec.bars is not None
    assert spec.bars.small_labels
    assert all("\n" not in c for c in spec.bars.categories)
    nine = spec_named(chart_specs(status_maker()), AREA_CHART)
    assert nine.height_cm < spec.height_cm <= 24.7  # A4 less 2.5 cm margins


@pytest.mark.parametrize(
    ("text", "width", "lines", "expected"),
    [
        ("Pathways to private fostering", 36, 2, "Pathways to private fostering"),
        (
            "The strategic partnership response to criminally exploited children",
            36,
            2,
            "The strategic partnership response\nto criminally exploited children",
        ),
        (
            "Assessments of children's needs when their circumstances change, in order to "
            "inform plans",
            36,
            2,
            "Assessments of children's needs when\ntheir circumstances change, in…",
        ),
        ("Supercalifragilisticexpialidocious", 10, 1, "Supercali…"),
    ],
    ids=["short", "wraps", "truncates", "long-word"],
)
def test_shorten_wraps_then_truncates_with_an_ellipsis(text, width, lines, expected):
    result = shorten(text, width, lines)
    assert result == expected
    assert all(len(line) <= width for line in result.split("\n"))


def test_area_label_is_number_and_title():
    assert area_label(Area(id="5", title="Placement  sufficiency"), 2) == "5. Placement sufficiency"
    assert area_label(Area(id="5", title=""), 2) == "5"


def test_zero_actions_and_no_periods_still_give_both_rag_charts(status_maker: StatusMaker):
    specs = chart_specs(status_maker(areas=[], periods=[], measures=[]))
    assert [s.name for s in specs] == [PERIOD_CHART, AREA_CHART]
    assert all(s.bars is not None and s.bars.empty_message for s in specs)


def test_building_specs_does_not_import_matplotlib():
    code = f"""
import importlib.util, sys
spec = importlib.util.spec_from_file_location("chart_fixtures", {str(CONFTEST)!r})
module = importlib.util.module_from_spec(spec)
sys.modules["chart_fixtures"] = module
spec.loader.exec_module(module)
from boardpack.charts import chart_specs
specs = chart_specs(module.make_status())
assert len(specs) == 5
print("matplotlib" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
