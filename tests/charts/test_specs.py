"""Chart specs: which charts a status gives, what they hold, and how they are keyed."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boardpack.charts import (
    AREA_CHART,
    KEY_MEASURES_CHART,
    PERIOD_CHART,
    ChartSpec,
    chart_specs,
    style,
)
from boardpack.charts.specs import (
    area_label,
    file_stem,
    renderer_versions,
    unique_names,
)
from boardpack.charts.style import contrast_ratio
from boardpack.charts.text_width import text_width
from boardpack.model import Area, Rag, RagKeyEntry
from boardpack.status import PackStatus

from .conftest import AUDITS, DAYS_TO_DECISION, MeasureCase

CONFTEST = Path(__file__).with_name("conftest.py")

StatusMaker = Callable[..., PackStatus]


def spec_named(specs: list[ChartSpec], name: str) -> ChartSpec:
    return next(s for s in specs if s.name == name)


def test_charts_come_in_order_period_area_then_measures_in_sheet_order(haringey: PackStatus):
    names = [s.name for s in chart_specs(haringey)]
    assert names == [
        PERIOD_CHART, AREA_CHART, KEY_MEASURES_CHART, "measure-M1", "measure-M2", "measure-M3",
    ]  # fmt: skip


def test_a_measure_without_data_points_has_no_chart(status_maker: StatusMaker):
    empty = MeasureCase("M9", "Nothing recorded yet")
    names = [s.name for s in chart_specs(status_maker(measures=[AUDITS, empty]))]
    assert names == [PERIOD_CHART, AREA_CHART, KEY_MEASURES_CHART, "measure-M1"]


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
    line = spec_named(chart_specs(status_maker(measures=[case])), "measure-X1").line
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
assert len(specs) == 6
keys = [s.key() for s in specs]  # the key names the renderer's version: from metadata only
print("matplotlib" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --- safe, unique file names -------------------------------------------------------------


def measures_with_ids(*ids: str) -> list[MeasureCase]:
    return [
        MeasureCase(i, f"Measure {i}", points=[(date(2019, 10, 31), "Actual", 40 + n)])
        for n, i in enumerate(ids)
    ]


def measure_names(status: PackStatus) -> list[str]:
    return [s.name for s in chart_specs(status) if s.measure_id is not None]


SAFE_STEM = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*$")


@pytest.mark.parametrize(
    ("measure_id", "name"),
    [
        ("M1", "measure-M1"),
        ("a/b", "measure-a-b"),
        ("/../../../escaped", "measure-escaped"),
        ("..\\..\\windows", "measure-windows"),
        (".hidden", "measure-hidden"),
        ("C:/x", "measure-C-x"),
        ("Mé 1", "measure-Me-1"),
        ("v1.2", "measure-v1.2"),
        ("M1.", "measure-M1"),
        ("/", "measure"),
        ("測定", "measure"),
    ],
)
def test_a_measure_id_becomes_a_safe_file_name(status_maker: StatusMaker, measure_id, name):
    assert measure_names(status_maker(measures=measures_with_ids(measure_id))) == [name]


def test_names_are_unique_ignoring_case_in_sheet_order(status_maker: StatusMaker):
    ids = ("M1", "m1", "M1-2", "a/b", "a-b", "A/B")
    names = measure_names(status_maker(measures=measures_with_ids(*ids)))
    assert names == [
        "measure-M1", "measure-m1-2", "measure-M1-2-2", "measure-a-b", "measure-a-b-2",
        "measure-A-B-3",
    ]  # fmt: skip
    assert measure_names(status_maker(measures=measures_with_ids(*ids))) == names


def test_a_long_id_gives_a_name_of_bounded_length(status_maker: StatusMaker):
    (name,) = measure_names(status_maker(measures=measures_with_ids("x" * 500)))
    assert name == "measure-" + "x" * 64


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=8))
def test_any_ids_give_safe_names_that_stay_in_the_folder_and_differ_ignoring_case(ids):
    names = unique_names(
        ["rag-by-period", "rag-by-area", *(f"measure-{file_stem(i)}" for i in ids)]
    )
    assert len({n.lower() for n in names}) == len(names)
    for name in names:
        assert SAFE_STEM.match(name) and not name.startswith(".")
        folder = Path("/pack/charts")
        assert (folder / f"{name}.png").resolve().parent == folder


# --- what a measure chart shows -----------------------------------------------------------


def test_values_after_the_as_at_date_are_left_out_but_targets_stay(status_maker: StatusMaker):
    case = MeasureCase(
        "M1", "Audits", state="off_track",
        points=[
            (date(2019, 1, 31), "Baseline", 35), (date(2019, 3, 31), "Actual", 52),
            (date(2019, 6, 30), "Target", 60), (date(2019, 9, 30), "Actual", 87),
            (date(2019, 9, 30), "Baseline", 50), (date(2019, 12, 31), "Target", 85),
        ],
    )  # fmt: skip
    spec = spec_named(
        chart_specs(status_maker(measures=[case], as_at=date(2019, 6, 30))), "measure-M1"
    )
    assert spec.line is not None
    assert [p.value for p in spec.line.actuals] == [52]
    assert [p.value for p in spec.line.baselines] == [35]
    assert [p.value for p in spec.line.targets] == [60, 85]
    assert "87%" not in spec.alt_text and "50%" not in spec.alt_text
    assert "Actual 52% (Mar 2019)." in spec.alt_text


def test_a_measure_with_only_later_actuals_has_no_chart_and_says_so_nowhere(
    status_maker: StatusMaker,
):
    late = MeasureCase("M9", "Later", points=[(date(2019, 10, 31), "Actual", 87)])
    specs = chart_specs(status_maker(measures=[AUDITS, late], as_at=date(2019, 6, 30)))
    assert "measure-M9" not in [s.name for s in specs]


def test_of_two_values_on_one_date_the_later_row_counts_as_in_the_rules(
    status_maker: StatusMaker,
):
    case = MeasureCase(
        "M1", "Audits",
        points=[(date(2019, 9, 30), "Actual", 70), (date(2019, 9, 30), "Actual", 75)],
    )  # fmt: skip
    status = status_maker(measures=[case])
    line = spec_named(chart_specs(status), "measure-M1").line
    assert line is not None
    assert [p.value for p in line.actuals] == [75]
    assert status.measures[0].latest is not None and status.measures[0].latest.value == 75


def monthly(count: int) -> MeasureCase:
    values = [40 + (m * 7) % 50 for m in range(count)]
    points = [
        (date(2017 + m // 12, m % 12 + 1, 28), "Actual", float(v)) for m, v in enumerate(values)
    ]
    points += [(date(2018, 12, 31), "Target", 60.0), (date(2019, 12, 31), "Target", 85.0)]
    return MeasureCase("D1", "Dense", points=points, state="met")


def test_a_dense_series_labels_the_first_latest_lowest_and_highest_actual_and_every_target(
    status_maker: StatusMaker,
):
    line = spec_named(chart_specs(status_maker(measures=[monthly(34)])), "measure-D1").line
    assert line is not None
    # 40, 47, ... 89 (the highest, 8th), ... 71 (the latest, 34th): the first is the lowest
    assert [p.value for p in line.actuals if p.labelled] == [40, 89, 71]
    assert all(p.labelled for p in line.targets)


def test_a_short_series_labels_every_actual(haringey: PackStatus):
    line = spec_named(chart_specs(haringey), "measure-M3").line
    assert line is not None
    assert all(p.labelled for p in (*line.actuals, *line.baselines, *line.targets))


def test_a_long_title_wraps_to_the_figure_width_in_at_most_three_lines(status_maker: StatusMaker):
    name = ("Assessments completed within forty-five working days " * 3)[:120]
    case = replace(AUDITS, name=name)
    spec = spec_named(chart_specs(status_maker(measures=[case])), "measure-M1")
    lines = spec.title.split("\n")
    room = style.WIDTH_PT - 2 * style.PAD_PT
    assert 2 <= len(lines) <= 3
    assert all(text_width(line, style.TITLE_SIZE, bold=True) <= room for line in lines)
    assert " ".join(lines) == " ".join(name.split())
    assert spec.height_cm == style.LINE_HEIGHT_CM + 0.5 * (len(lines) - 1)


# --- key measures against target ----------------------------------------------------------


def test_key_measures_come_after_the_rag_charts_one_row_per_percent_measure_with_an_actual(
    haringey: PackStatus,
):
    specs = chart_specs(haringey)
    assert [s.name for s in specs][:3] == [PERIOD_CHART, AREA_CHART, KEY_MEASURES_CHART]
    spec = specs[2]
    assert spec.kind == "bullets" and spec.bullets is not None
    assert spec.measure_id is None and spec.area_ids == ()
    rows = spec.bullets.rows
    # M3 is in days: left out of the common per-cent axis
    assert [r.measure_id for r in rows] == ["M1", "M2"]
    audits, interviews = rows
    assert (audits.actual, audits.actual_label) == (87, "87%")
    assert (audits.target, audits.target_label) == (85, "85% by Dec 2019")
    assert (audits.state, audits.state_label, audits.state_note) == (
        "met", "Target met", "(60% due Sep 2019)",
    )  # fmt: skip
    assert (interviews.actual, interviews.target, interviews.state_label) == (
        58, 75, "No target due yet",
    )  # fmt: skip
    assert (spec.bullets.x_min, spec.bullets.x_max) == (0, 100)
    assert spec.bullets.note.endswith("Measures in per cent only.")


def test_key_measures_alt_text_carries_every_number(haringey: PackStatus):
    spec = spec_named(chart_specs(haringey), KEY_MEASURES_CHART)
    assert spec.alt_text == (
        "Key measures against target, as at 31 Oct 2019. "
        "Audits of assessments rated good or better: 87% (Oct 2019) against a target of "
        "85% by Dec 2019; target met (60% due Sep 2019). "
        "Return home interviews offered within 72 hours of a child returning from a missing "
        "episode, as a share of all episodes reported to the service in the month: 58% "
        "(Sep 2019) against a target of 75% by Dec 2019; no target due yet. "
        "Not shown, as not in per cent: Average working days from referral to assessment "
        "decision."
    )


def test_key_measures_without_a_target_say_so(status_maker: StatusMaker):
    case = MeasureCase("K1", "Timeliness", points=[(date(2019, 10, 31), "Actual", 95)],
                       state="no_target")  # fmt: skip
    spec = spec_named(chart_specs(status_maker(measures=[case])), KEY_MEASURES_CHART)
    assert spec.bullets is not None
    (row,) = spec.bullets.rows
    assert (row.target, row.target_label, row.state_label) == (None, "", "No target set")
    assert spec.alt_text.endswith("Timeliness: 95% (Oct 2019); no target set.")


def test_no_key_measures_chart_without_a_percent_actual(status_maker: StatusMaker):
    only_days = [DAYS_TO_DECISION, MeasureCase("T1", "Targets only", points=[
        (date(2019, 12, 31), "Target", 60)])]  # fmt: skip
    names = [s.name for s in chart_specs(status_maker(measures=only_days))]
    assert KEY_MEASURES_CHART not in names


def test_key_measures_axis_stretches_past_100_when_a_value_does(status_maker: StatusMaker):
    case = MeasureCase("K1", "Over", points=[(date(2019, 10, 31), "Actual", 143)], state="met")
    spec = spec_named(chart_specs(status_maker(measures=[case])), KEY_MEASURES_CHART)
    assert spec.bullets is not None and spec.bullets.x_max == 150


# --- the cache key --------------------------------------------------------------------------


def test_key_includes_the_drawing_libraries_versions(
    haringey: PackStatus, monkeypatch: pytest.MonkeyPatch
):
    spec = chart_specs(haringey)[0]
    before = spec.key()
    monkeypatch.setattr("boardpack.charts.specs.renderer_versions", lambda: "matplotlib 9.9")
    assert spec.key() != before


def test_renderer_versions_name_the_installed_matplotlib_and_zlib():
    import zlib

    import matplotlib
    import PIL

    versions = renderer_versions()
    assert f"matplotlib {matplotlib.__version__}" in versions
    assert f"pillow {PIL.__version__}" in versions
    assert f"zlib {zlib.ZLIB_RUNTIME_VERSION}" in versions


def quarterly(count: int) -> list[tuple[date, tuple[int, int, int, int]]]:
    return [(date(2015 + q // 4, 3 * (q % 4) + 3, 28), (1, 1, 1, 1)) for q in range(count)]


@pytest.mark.parametrize(
    ("count", "last", "upright"),
    [
        (3, "28 Sep 2015\n(current)", False),
        (6, "28 Jun 2016\n(current)", False),
        (8, "28 Dec\n2016\n(current)", False),  # one line each would meet: wrapped
        (12, "28 Dec 2017\n(current)", True),  # wrapped would meet: upright, two lines
        (20, "28 Dec 2019 (current)", True),  # two upright lines would not fit across a bar
    ],
)
def test_period_labels_take_the_first_form_that_fits_every_bar(
    status_maker: StatusMaker, count, last, upright
):
    bars = spec_named(chart_specs(status_maker(periods=quarterly(count))), PERIOD_CHART).bars
    assert bars is not None
    assert (bars.categories[-1], bars.rotate_labels) == (last, upright)
    pitch = style.WIDTH_PT * 0.86 / count  # the plot is about 86% of the figure's width
    size = style.SMALL_TICK_SIZE if bars.small_labels else style.TICK_SIZE
    if not upright:
        widths = [text_width(c, size, bold=True) for c in bars.categories]
        assert all((a + b) / 2 <= pitch for a, b in itertools.pairwise(widths))
