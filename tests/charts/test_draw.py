"""Drawn charts: what the figures hold, and PNGs that are identical on every render."""

from __future__ import annotations

import struct
from collections.abc import Callable
from datetime import date

import matplotlib as mpl
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.text import Text

from boardpack.charts import AREA_CHART, PERIOD_CHART, ChartSpec, chart_specs
from boardpack.charts.draw import build_figure, draw_chart
from boardpack.status import PackStatus

from .conftest import HARINGEY_PERIODS, MeasureCase

StatusMaker = Callable[..., PackStatus]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def spec_named(status: PackStatus, name: str) -> ChartSpec:
    return next(s for s in chart_specs(status) if s.name == name)


def only_axes(figure: Figure) -> Axes:
    assert len(figure.axes) == 1
    return figure.axes[0]


def bar_containers(axes: Axes) -> dict[str, BarContainer]:
    return {c.get_label(): c for c in axes.containers if isinstance(c, BarContainer)}


def texts(axes: Axes, gid: str) -> list[Text]:
    return [t for t in axes.texts if t.get_gid() == gid]


def png_chunks(png: bytes) -> list[bytes]:
    assert png.startswith(PNG_SIGNATURE)
    chunks, at = [], len(PNG_SIGNATURE)
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        chunks.append(png[at + 4 : at + 8])
        at += 12 + length
    return chunks


def png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


# --- the period chart ------------------------------------------------------------------


def test_period_bars_stack_each_status_with_its_colour_and_hatch(haringey: PackStatus):
    axes = only_axes(build_figure(spec_named(haringey, PERIOD_CHART)))
    bars = bar_containers(axes)
    assert list(bars) == ["Blue", "Green", "Amber", "Red"]
    assert [p.get_height() for p in bars["Blue"].patches] == [10, 16, 23]
    assert [p.get_height() for p in bars["Red"].patches] == [2, 2, 2]
    assert [p.get_y() for p in bars["Green"].patches] == [10, 16, 23]
    expected = {"Blue": "#0070c0", "Green": "#00b050", "Amber": "#ffc000", "Red": "#c00000"}
    for status, container in bars.items():
        assert {to_hex(p.get_facecolor()) for p in container.patches} == {expected[status]}
    hatches = {status: c.patches[0].get_hatch() for status, c in bars.items()}
    assert len(set(hatches.values())) == 4


def test_period_value_labels_cover_every_nonzero_count(haringey: PackStatus):
    axes = only_axes(build_figure(spec_named(haringey, PERIOD_CHART)))
    labels = sorted(t.get_text() for t in texts(axes, "value-label"))
    # numbers inside segments, or '<n> <Status>' beside the bar when they do not fit
    numbers = sorted(int(text.split()[0]) for text in labels)
    assert numbers == sorted([10, 38, 6, 2, 16, 34, 4, 2, 23, 26, 5, 2])
    assert [t.get_text() for t in texts(axes, "total-label")] == ["56", "56", "56"]


def test_zero_segments_have_no_label(status_maker: StatusMaker):
    status = status_maker(periods=[(date(2019, 3, 31), (0, 12, 0, 3))])
    axes = only_axes(build_figure(spec_named(status, PERIOD_CHART)))
    numbers = sorted(int(t.get_text().split()[0]) for t in texts(axes, "value-label"))
    assert numbers == [3, 12]


def test_label_text_colour_is_the_specs_contrasting_colour(haringey: PackStatus):
    axes = only_axes(build_figure(spec_named(haringey, PERIOD_CHART)))
    colours = {t.get_text(): to_hex(t.get_color()) for t in texts(axes, "value-label")}
    assert colours["10"] == "#ffffff"  # on Blue
    assert colours["38"] == "#000000"  # on Green


def test_current_period_label_is_bold(haringey: PackStatus):
    axes = only_axes(build_figure(spec_named(haringey, PERIOD_CHART)))
    ticks = axes.get_xticklabels()
    assert [t.get_text() for t in ticks] == ["31 Mar 2019", "30 Jun 2019", "31 Oct 2019\n(current)"]
    assert [t.get_fontweight() for t in ticks] == ["normal", "normal", "bold"]


def test_bar_charts_have_a_legend_naming_each_status(haringey: PackStatus):
    figure = build_figure(spec_named(haringey, PERIOD_CHART))
    assert [t.get_text() for t in figure.legends[0].get_texts()] == [
        "Blue", "Green", "Amber", "Red",
    ]  # fmt: skip


def test_no_chart_junk_top_and_right_spines_hidden_grid_on_value_axis_only(
    haringey: PackStatus,
):
    axes = only_axes(build_figure(spec_named(haringey, PERIOD_CHART)))
    assert not axes.spines["top"].get_visible()
    assert not axes.spines["right"].get_visible()
    assert any(line.get_visible() for line in axes.yaxis.get_gridlines())
    assert not any(line.get_visible() for line in axes.xaxis.get_gridlines())


# --- the area chart --------------------------------------------------------------------


def test_area_bars_run_across_one_per_area_first_area_on_top(haringey: PackStatus):
    axes = only_axes(build_figure(spec_named(haringey, AREA_CHART)))
    bars = bar_containers(axes)
    assert [p.get_width() for p in bars["Blue"].patches] == [5, 3, 2, 4, 1, 3, 2, 1, 2]
    assert [p.get_x() for p in bars["Red"].patches][3] == 9
    bottom, top = axes.get_ylim()
    assert bottom > top  # inverted: area 1 at the top
    labels = [t.get_text() for t in axes.get_yticklabels()]
    assert labels[0].startswith("1. Assessments of children's needs")
    assert labels[8] == "9. Pathways to private fostering"


def test_area_labels_are_not_cut_off(haringey: PackStatus):
    figure = build_figure(spec_named(haringey, AREA_CHART))
    figure.canvas.draw()
    width = figure.bbox.width
    for text in only_axes(figure).get_yticklabels():
        box = text.get_window_extent()
        assert box.x0 >= 0 and box.x1 <= width


def test_fifty_areas_draw_with_every_bar_and_total(status_maker: StatusMaker):
    areas = [
        (str(n), f"Area {n} title " * 5, (n % 3, n % 5 + 1, n % 2, n % 4)) for n in range(1, 51)
    ]
    axes = only_axes(build_figure(spec_named(status_maker(areas=areas), AREA_CHART)))
    assert len(bar_containers(axes)["Green"].patches) == 50
    totals = [int(t.get_text()) for t in texts(axes, "total-label")]
    assert totals == [n % 3 + n % 5 + 1 + n % 2 + n % 4 for n in range(1, 51)]


# --- measure charts --------------------------------------------------------------------


def line_named(axes: Axes, gid: str):
    return next(line for line in axes.lines if line.get_gid() == gid)


def test_measure_chart_plots_actuals_baselines_and_targets(haringey: PackStatus):
    axes = only_axes(build_figure(spec_named(haringey, "measure-M1")))
    epoch = date(1970, 1, 1)

    def day(value: date) -> float:
        return float((value - epoch).days)

    actual = line_named(axes, "actual")
    assert list(actual.get_xdata()) == [day(date(2019, 10, 31))]
    assert list(actual.get_ydata()) == [87]
    assert list(line_named(axes, "baseline").get_ydata()) == [47, 35]
    targets = line_named(axes, "target")
    assert list(targets.get_ydata()) == [60, 85]
    assert list(targets.get_xdata()) == [day(date(2019, 9, 30)), day(date(2019, 12, 31))]
    assert targets.get_marker() != actual.get_marker()
    assert targets.get_linestyle() == "None"
    assert axes.get_ylim() == (0, 100)
    as_at = next(line for line in axes.lines if line.get_label() == "As-at date")
    assert list(as_at.get_xdata()) == [day(date(2019, 10, 31))] * 2


def test_measure_chart_labels_points_and_states_direction(haringey: PackStatus):
    figure = build_figure(spec_named(haringey, "measure-M1"))
    axes = only_axes(figure)
    labels = [t.get_text() for t in texts(axes, "point-label")]
    assert labels == ["87%", "47%", "35%", "60% by Sep 2019", "85% by Dec 2019"]
    figure_texts = [t.get_text() for t in figure.texts]
    assert "Higher is better. As at 31 Oct 2019: target met." in figure_texts
    assert axes.get_ylabel() == "Per cent (%)"
    assert [t.get_text() for t in figure.legends[0].get_texts()] == [
        "Actual", "Baseline", "Target", "As-at date",
    ]  # fmt: skip


def test_days_measure_axis_names_the_unit(haringey: PackStatus):
    axes = only_axes(build_figure(spec_named(haringey, "measure-M3")))
    assert axes.get_ylabel() == "Days"
    assert axes.get_ylim() == (0, 50)


def test_every_text_uses_dejavu_sans(haringey: PackStatus):
    figure = build_figure(spec_named(haringey, "measure-M1"))
    for text in figure.findobj(Text):
        assert text.get_fontname() == "DejaVu Sans"


# --- edge cases ------------------------------------------------------------------------

EDGE_CASES = {
    "one-period": {"periods": [HARINGEY_PERIODS[-1]]},
    "zero-actions": {
        "areas": [("1", "Only area", (0, 0, 0, 0))],
        "periods": [(date(2019, 10, 31), (0, 0, 0, 0))],
    },
    "no-areas-no-periods": {"areas": [], "periods": []},
    "single-point-measure": {
        "measures": [MeasureCase("S1", "One point", points=[(date(2019, 10, 31), "Actual", 42.5)])]
    },
    "only-targets": {
        "measures": [
            MeasureCase(
                "T1",
                "Targets only",
                unit="number",
                points=[(date(2019, 12, 31), "Target", 120), (date(2020, 3, 31), "Target", 150)],
            )
        ]
    },
    "number-unit": {
        "measures": [
            MeasureCase(
                "N1",
                "Children in care",
                unit="number",
                points=[(date(2018, 3, 31), "Baseline", 1250), (date(2019, 6, 30), "Actual", 1388)],
            )
        ]
    },
    "fifty-areas-twelve-periods": {
        "areas": [(str(n), "A long area title " * 4, (n % 3, 2, n % 2, 0)) for n in range(1, 51)],
        "periods": [
            (date(2017 + q // 4, 3 * (q % 4) + 3, 28), (q, 200, 30, 10)) for q in range(12)
        ],
    },
    "twenty-periods": {
        "periods": [(date(2018 + q // 12, q % 12 + 1, 28), (q, 50, 5, 1)) for q in range(20)],
    },
}


@pytest.mark.parametrize("case", EDGE_CASES, ids=list(EDGE_CASES))
def test_edge_cases_draw_a_png_of_the_specified_size(status_maker: StatusMaker, case: str):
    status = status_maker(**EDGE_CASES[case])
    for spec in chart_specs(status):
        png = draw_chart(spec)
        width, height = png_size(png)
        assert width == round(spec.width_cm / 2.54 * spec.dpi)
        assert height == round(spec.height_cm / 2.54 * spec.dpi)


def test_no_periods_shows_a_message_instead_of_bars(status_maker: StatusMaker):
    axes = only_axes(build_figure(spec_named(status_maker(periods=[]), PERIOD_CHART)))
    assert not bar_containers(axes)
    assert [t.get_text() for t in axes.texts] == ["No progress updates have been recorded."]


# --- byte-stable output ----------------------------------------------------------------


def test_two_renders_give_identical_bytes(haringey: PackStatus):
    for spec in chart_specs(haringey):
        assert draw_chart(spec) == draw_chart(spec), spec.name


def test_png_has_no_software_or_time_chunks(haringey: PackStatus):
    png = draw_chart(spec_named(haringey, "measure-M1"))
    chunks = png_chunks(png)
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND"
    assert not {b"tEXt", b"iTXt", b"zTXt", b"tIME"} & set(chunks)
    assert b"Software" not in png and b"matplotlib" not in png


def test_printed_size_is_16_cm_at_200_dpi(haringey: PackStatus):
    assert png_size(draw_chart(spec_named(haringey, PERIOD_CHART))) == (1260, 787)


def test_drawing_leaves_global_matplotlib_settings_alone(haringey: PackStatus):
    with mpl.rc_context({"font.family": "serif", "hatch.linewidth": 3.0}):
        before = dict(mpl.rcParams)
        png = draw_chart(spec_named(haringey, AREA_CHART))
        assert dict(mpl.rcParams) == before
    assert png == draw_chart(spec_named(haringey, AREA_CHART))
