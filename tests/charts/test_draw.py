"""Drawn charts: what the figures hold, and PNGs that are identical on every render."""

from __future__ import annotations

import io
import struct
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.font_manager import findfont
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image

from boardpack.charts import (
    AREA_CHART,
    KEY_MEASURES_CHART,
    PERIOD_CHART,
    ChartSpec,
    chart_specs,
    style,
)
from boardpack.charts.draw import build_figure, draw_chart, house_style, tick_labels
from boardpack.status import PackStatus

from .conftest import AUDITS, HARINGEY_PERIODS, MeasureCase

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


# --- geometry: where the drawn texts are ------------------------------------------------


def drawn_texts(figure: Figure) -> list[Text]:
    """Every text the figure draws: titles, notes, legends, labels, ticks, annotations."""
    found: list[Text] = list(figure.texts)
    for legend in figure.legends:
        found += legend.get_texts()
    for axes in figure.axes:
        found += [*axes.texts, axes.xaxis.label, axes.yaxis.label, axes.title]
        for axis in (axes.xaxis, axes.yaxis):
            low, high = sorted(axis.get_view_interval())
            slack = (high - low) * 1e-9
            # a locator's ticks beyond the view are laid out but never drawn
            found += [
                tick.label1 for tick in axis.get_major_ticks()
                if low - slack <= tick.get_loc() <= high + slack
            ]  # fmt: skip
    return [t for t in found if t.get_visible() and t.get_text().strip()]


def text_boxes(spec: ChartSpec) -> tuple[Figure, list[tuple[Text, Bbox]]]:
    """The spec's figure, laid out in the house style, and each drawn text's box in pixels
    (a label's white box included)."""
    with house_style():
        figure = build_figure(spec)
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        boxes = []
        for text in drawn_texts(figure):
            box = text.get_window_extent(renderer)
            patch = text.get_bbox_patch()
            if patch is not None:
                box = Bbox.union([box, patch.get_window_extent(renderer)])
            boxes.append((text, box))
    return figure, boxes


def intersect(a: Bbox, b: Bbox, slack: float = 0.5) -> bool:
    return (
        a.x0 < b.x1 - slack and b.x0 < a.x1 - slack and a.y0 < b.y1 - slack and b.y0 < a.y1 - slack
    )


@dataclass
class Layout:
    """What a drawn chart's texts do wrong: leave the figure, overlap, or print too small."""

    outside: list[str]
    overlapping: list[tuple[str, str]]
    smallest: float


def layout(spec: ChartSpec) -> Layout:
    figure, boxes = text_boxes(spec)
    width, height = figure.bbox.width, figure.bbox.height
    return Layout(
        outside=[
            t.get_text()
            for t, b in boxes
            if b.x0 < -0.5 or b.y0 < -0.5 or b.x1 > width + 0.5 or b.y1 > height + 0.5
        ],
        overlapping=[
            (a.get_text(), b.get_text())
            for i, (a, box_a) in enumerate(boxes)
            for b, box_b in boxes[i + 1 :]
            if intersect(box_a, box_b)
        ],
        smallest=min(float(t.get_fontsize()) for t, _ in boxes),
    )


def assert_legible(spec: ChartSpec) -> None:
    """Every text inside the figure, no two overlapping, none under 8 pt."""
    found = layout(spec)
    assert found.outside == [], spec.name
    assert found.overlapping == [], spec.name
    assert found.smallest >= style.MIN_TEXT_SIZE, spec.name


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


def font_files(spec: ChartSpec) -> set[str]:
    """The font file each drawn text resolves to in the house style, with no fallback."""
    with house_style():
        figure = build_figure(spec)
        figure.canvas.draw()
        return {
            Path(findfont(t.get_fontproperties(), fallback_to_default=False)).name
            for t in drawn_texts(figure)
        }


def test_every_text_is_set_in_dejavu_sans(haringey: PackStatus):
    for spec in chart_specs(haringey):
        assert font_files(spec) == {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"}, spec.name


def test_the_font_check_fails_when_the_house_font_is_missing(
    haringey: PackStatus, monkeypatch: pytest.MonkeyPatch
):
    # matplotlib would silently fall back to DejaVu Sans: the check must not
    monkeypatch.setitem(style.RC, "font.sans-serif", ["No Such Council Font"])
    with pytest.raises(ValueError, match=r"No Such Council Font|Failed to find font"):
        font_files(spec_named(haringey, "measure-M1"))


# --- edge cases ------------------------------------------------------------------------

#: 120 characters, in one long sentence
LONG_TITLE = (
    "Percentage of child and family assessments completed within forty-five working days "
    "of referral, by each team and month."
)
assert len(LONG_TITLE) == 120


def dense(count: int) -> MeasureCase:
    """An actual every month for ``count`` months, in a saw-tooth, and two targets."""
    points = [
        (date(2017 + m // 12, m % 12 + 1, 28), "Actual", float(40 + (m * 7) % 50))
        for m in range(count)
    ]
    points += [(date(2018, 12, 31), "Target", 60.0), (date(2019, 12, 31), "Target", 85.0)]
    return MeasureCase("D1", "Audits rated good", points=points, state="met")


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
    "dense-36-points": {"measures": [dense(36)]},
    "monthly-12-points": {
        "measures": [
            MeasureCase(
                "Y1", "Assessments completed on time", state="met",
                points=[
                    *((date(2018 + (10 + m) // 12, (10 + m) % 12 + 1, 28), "Actual", v)
                      for m, v in enumerate([61, 63, 60, 66, 68, 70, 69, 72, 74, 75, 78, 80])),
                    (date(2019, 3, 31), "Target", 65), (date(2019, 12, 31), "Target", 85),
                ],
            )
        ]
    },
    "huge-numbers": {
        "measures": [
            MeasureCase(
                "H1", "Huge number", unit="number", state="no_target",
                points=[(date(2019, 3, 31), "Actual", 1e9), (date(2019, 10, 31), "Actual", 2.5e9),
                        (date(2019, 12, 31), "Target", 3e9)],
            ),
            MeasureCase(
                "H2", "Spend on agency social workers (£)", unit="number", better="lower",
                state="no_target",
                points=[(date(2019, 3, 31), "Actual", 1_450_000),
                        (date(2019, 10, 31), "Actual", 1_210_000),
                        (date(2020, 3, 31), "Target", 900_000)],
            ),
        ]
    },
    "tiny-negative-and-over-100": {
        "measures": [
            MeasureCase("F1", "Tiny fractions", unit="number", state="no_target",
                        points=[(date(2019, 3, 31), "Actual", 0.013),
                                (date(2019, 10, 31), "Actual", 0.021)]),
            MeasureCase("F2", "Negative days", unit="days", better="lower", state="no_target",
                        points=[(date(2019, 3, 31), "Actual", -5),
                                (date(2019, 10, 31), "Actual", -12),
                                (date(2019, 12, 31), "Target", 0)]),
            MeasureCase("F3", "Percent over 100", state="no_target",
                        points=[(date(2019, 3, 31), "Actual", 150),
                                (date(2019, 10, 31), "Actual", 250),
                                (date(2019, 12, 31), "Target", 100)]),
            MeasureCase("F4", "Percent negative", state="no_target",
                        points=[(date(2019, 3, 31), "Actual", -20),
                                (date(2019, 10, 31), "Actual", 30)]),
        ]
    },
    "low-point-at-the-as-at-date": {
        "measures": [
            MeasureCase("L1", "Falling", state="off_track",
                        points=[(date(2019, 3, 31), "Actual", 40),
                                (date(2019, 6, 30), "Target", 50),
                                (date(2019, 10, 31), "Actual", 2)]),
        ]
    },
    "long-title-and-caps-areas": {
        "areas": [
            ("1", "SAFEGUARDING ADOLESCENTS AT RISK OF EXPLOITATION AND GOING MISSING FROM HOME",
             (1, 1, 1, 0)),
            ("2", "Supercalifragilisticexpialidociousnessandantidisestablishmentarianism 🚸",
             (0, 0, 0, 1)),
        ],
        "periods": [(date(2019, 10, 31), (1, 1, 1, 1))],
        "measures": [replace(AUDITS, name=LONG_TITLE)],
    },
    "key-measures-mixed": {
        "measures": [
            AUDITS,
            MeasureCase("K2", "Timeliness of assessment", state="no_target",
                        points=[(date(2019, 10, 31), "Actual", 95)]),
            MeasureCase("K3", "Re-referrals within 12 months", better="lower", state="off_track",
                        points=[(date(2019, 3, 31), "Actual", 22),
                                (date(2019, 9, 30), "Target", 15),
                                (date(2019, 10, 31), "Actual", 18)]),
            MeasureCase("K4", "Cases with a plan", state="met",
                        points=[(date(2019, 10, 31), "Actual", 4),
                                (date(2019, 9, 30), "Target", 3)]),
            MeasureCase("K5", "Days to decision", unit="days", state="no_target",
                        points=[(date(2019, 10, 31), "Actual", 21)]),
        ]
    },
    "awkward-ids": {
        "measures": [
            MeasureCase(i, f"Measure {i}", points=[(date(2019, 10, 31), "Actual", 40 + n)],
                        state="no_target")
            for n, i in enumerate(["M1", "m1", "a/b", "/../../../escaped", ".hidden"])
        ]
    },
}  # fmt: skip


@pytest.mark.parametrize("case", EDGE_CASES, ids=list(EDGE_CASES))
def test_edge_cases_draw_a_png_of_the_specified_size(status_maker: StatusMaker, case: str):
    status = status_maker(**EDGE_CASES[case])
    for spec in chart_specs(status):
        png = draw_chart(spec)
        width, height = png_size(png)
        assert width == round(spec.width_cm / 2.54 * spec.dpi)
        assert height == round(spec.height_cm / 2.54 * spec.dpi)


@pytest.mark.parametrize("case", EDGE_CASES, ids=list(EDGE_CASES))
def test_edge_cases_keep_every_text_inside_the_figure_and_apart(
    status_maker: StatusMaker, case: str
):
    for spec in chart_specs(status_maker(**EDGE_CASES[case])):
        assert_legible(spec)


def test_the_example_charts_keep_every_text_inside_and_apart(haringey: PackStatus):
    for spec in chart_specs(haringey):
        assert_legible(spec)


def point_labels(spec: ChartSpec) -> list[tuple[Text, Bbox]]:
    _, boxes = text_boxes(spec)
    return [(t, b) for t, b in boxes if t.get_gid() == "point-label"]


def test_a_dense_series_labels_the_latest_actual_and_no_two_labels_meet(
    status_maker: StatusMaker,
):
    spec = spec_named(status_maker(measures=[dense(36)]), "measure-D1")
    labels = point_labels(spec)
    texts = [t.get_text() for t, _ in labels]
    # the first (and lowest), the highest and the latest up to as at (Oct 2019), the targets
    assert texts == ["40%", "89%", "71%", "60% by Dec 2018", "85% by Dec 2019"]
    boxes = [b for _, b in labels]
    assert not any(intersect(a, b, 0) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_markers_are_drawn_above_the_labels(status_maker: StatusMaker):
    axes = only_axes(build_figure(spec_named(status_maker(measures=[dense(36)]), "measure-D1")))
    label_order = max(t.get_zorder() for t in texts(axes, "point-label"))
    for gid in ("actual-markers", "target"):
        assert line_named(axes, gid).get_zorder() > label_order
    assert line_named(axes, "actual").get_zorder() < label_order  # the line stays beneath


def test_a_120_character_title_is_never_cut_off(status_maker: StatusMaker):
    spec = spec_named(status_maker(measures=[replace(AUDITS, name=LONG_TITLE)]), "measure-M1")
    assert layout(spec).outside == []
    figure, boxes = text_boxes(spec)
    (title,) = [b for t, b in boxes if t.get_text() == spec.title]
    assert title.x1 <= figure.bbox.width - style.PAD_PT * figure.dpi / 72 + 0.5


def test_the_as_at_label_sits_above_the_plot_clear_of_every_point_label(
    status_maker: StatusMaker,
):
    status = status_maker(**EDGE_CASES["low-point-at-the-as-at-date"])
    spec = spec_named(status, "measure-L1")
    figure, boxes = text_boxes(spec)
    (as_at,) = [b for t, b in boxes if t.get_gid() == "as-at-label"]
    plot = only_axes(figure).get_window_extent()
    assert as_at.y0 >= plot.y1
    assert not any(intersect(as_at, b) for t, b in boxes if t.get_gid() == "point-label")
    assert "2%" in [t.get_text() for t, _ in boxes]


def y_ticks(spec: ChartSpec) -> list[str]:
    return [t.get_text() for t in only_axes(build_figure(spec)).get_yticklabels()]


def test_large_values_get_readable_grouped_ticks(status_maker: StatusMaker):
    status = status_maker(**EDGE_CASES["huge-numbers"])
    assert y_ticks(spec_named(status, "measure-H1")) == ["0", "1bn", "2bn", "3bn", "4bn", "5bn"]
    assert y_ticks(spec_named(status, "measure-H2")) == ["0", "0.5m", "1.0m", "1.5m", "2.0m"]
    for spec in chart_specs(status):
        assert not any("e+" in tick for tick in y_ticks(spec)) if spec.line else True


def test_small_values_keep_their_axis_label_inside_the_figure(status_maker: StatusMaker):
    status = status_maker(**EDGE_CASES["tiny-negative-and-over-100"])
    spec = spec_named(status, "measure-F1")
    assert y_ticks(spec) == ["0", "0.005", "0.010", "0.015", "0.020", "0.025"]
    figure, boxes = text_boxes(spec)
    (label,) = [b for t, b in boxes if t.get_text() == "Number"]
    assert label.x0 >= 0
    ticks = [b for t, b in boxes if t in only_axes(figure).get_yticklabels()]
    assert all(not intersect(label, b) for b in ticks)


@pytest.mark.parametrize(
    ("ticks", "percent", "expected"),
    [
        ([0, 20, 40], True, ["0%", "20%", "40%"]),
        ([-20, 0, 20], True, ["-20%", "0%", "20%"]),
        ([0, 2500, 5000, 7500], False, ["0", "2,500", "5,000", "7,500"]),
        ([0, 2.5, 5, 7.5], False, ["0", "2.5", "5.0", "7.5"]),
        ([0, 1e6, 2e6], False, ["0", "1m", "2m"]),
        ([0, 0.005, 0.015000000000000001], False, ["0", "0.005", "0.015"]),
        ([-20, -10, 0], False, ["-20", "-10", "0"]),
    ],
)
def test_tick_labels_share_one_style(ticks, percent, expected):
    assert tick_labels(ticks, percent) == expected


# --- the key-measures chart ------------------------------------------------------------


def test_key_measures_draw_a_bar_per_actual_and_a_marker_per_target(haringey: PackStatus):
    spec = spec_named(haringey, KEY_MEASURES_CHART)
    axes = only_axes(build_figure(spec))
    (bars,) = [c for c in axes.containers if isinstance(c, BarContainer)]
    assert [p.get_width() for p in bars.patches] == [87, 58]
    assert [p.get_x() for p in bars.patches] == [0, 0]
    target = line_named(axes, "target")
    assert list(target.get_xdata()) == [85, 75] and list(target.get_ydata()) == [0, 1]
    assert target.get_marker() == "D"
    assert axes.get_xlim() == (0, 100)
    assert spec.bullets is not None
    assert [t.get_text() for t in axes.get_yticklabels()] == [r.label for r in spec.bullets.rows]
    assert [t.get_text() for t in texts(axes, "actual-label")] == ["87%", "58%"]
    assert [t.get_text() for t in texts(axes, "target-label")] == [
        "85% by Dec 2019", "75% by Dec 2019",
    ]  # fmt: skip
    # the judgement in words, so that colour is never the only signal
    assert [t.get_text() for t in texts(axes, "state-label")] == [
        "Target met", "No target due yet",
    ]  # fmt: skip
    assert [t.get_text() for t in texts(axes, "state-note")] == ["(60% due Sep 2019)"]
    figure = axes.figure
    assert [t.get_text() for t in figure.legends[0].get_texts()] == ["Latest actual", "Target"]


def test_an_actual_label_never_sits_under_its_target_marker(status_maker: StatusMaker):
    close = [
        MeasureCase(f"C{n}", f"Close {n}", state="met",
                    points=[(date(2019, 10, 31), "Actual", a), (date(2019, 9, 30), "Target", t)])
        for n, (a, t) in enumerate([(87, 85), (18, 15), (4, 3), (50, 49), (95, 100), (0, 2)])
    ]  # fmt: skip
    spec = spec_named(status_maker(measures=close), KEY_MEASURES_CHART)
    with house_style():
        figure = build_figure(spec)
        figure.canvas.draw()
        axes = only_axes(figure)
        marker = line_named(axes, "target")
        points = axes.transData.transform(np.column_stack([marker.get_xdata(), marker.get_ydata()]))
        half = (marker.get_markersize() / 2 + 1) * figure.dpi / 72
        for label, (x, y) in zip(texts(axes, "actual-label"), points, strict=True):
            box = label.get_window_extent()
            assert not intersect(box, Bbox.from_extents(x - half, y - half, x + half, y + half), 0)
    assert_legible(spec)


# --- PNG files -----------------------------------------------------------------------------


def test_pngs_are_rgb_and_identical_to_the_drawn_canvas(haringey: PackStatus):
    for spec in chart_specs(haringey)[:3]:
        png = draw_chart(spec)
        assert png[25] == 2  # IHDR colour type: RGB, no alpha
        with house_style():
            figure = build_figure(spec)
            figure.canvas.draw()
            rgba = np.asarray(figure.canvas.buffer_rgba())  # type: ignore[attr-defined]
        assert (rgba[..., 3] == 255).all()  # the picture was opaque: nothing lost
        image = np.asarray(Image.open(io.BytesIO(png)))
        assert image.shape == (*rgba.shape[:2], 3)
        assert (image == rgba[..., :3]).all(), spec.name
        dpi = Image.open(io.BytesIO(png)).info["dpi"]
        assert dpi == pytest.approx((style.DPI, style.DPI), abs=0.01)


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


def test_nested_house_style_keeps_the_style_until_the_outer_one_ends():
    with mpl.rc_context({"font.family": "serif"}):
        with house_style():
            with house_style():
                assert mpl.rcParams["font.family"] == ["sans-serif"]
            assert mpl.rcParams["font.family"] == ["sans-serif"]
        assert mpl.rcParams["font.family"] == ["serif"]


def test_remembered_text_sizes_are_those_measured_afresh(haringey: PackStatus):
    from boardpack.charts import draw

    figure = build_figure(spec_named(haringey, PERIOD_CHART))
    with house_style():
        for text, size, weight in (("Blue", 8.5, "bold"), ("31 Oct 2019", 8.5, "normal")):
            remembered = draw._text_size(figure, text, size, weight)
            draw._TEXT_SIZES.clear()
            assert draw._text_size(figure, text, size, weight) == remembered


def test_drawing_leaves_the_garbage_collector_as_it_found_it(haringey: PackStatus):
    import gc

    spec = spec_named(haringey, PERIOD_CHART)
    assert gc.isenabled()
    draw_chart(spec)
    assert gc.isenabled()
    gc.disable()
    try:
        draw_chart(spec)
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- a measure chart's figure used again ------------------------------------------------


def fresh_png(spec: ChartSpec) -> bytes:
    """The chart drawn on a figure of its own."""
    from boardpack.charts.draw import png_bytes

    with house_style():
        return png_bytes(build_figure(spec), spec.dpi)


def test_a_measure_chart_drawn_after_others_is_the_one_drawn_on_a_new_figure(
    status_maker: StatusMaker, haringey: PackStatus
):
    specs = [s for s in chart_specs(haringey) if s.kind == "line"]
    for case in ("twenty-periods", "huge-numbers", "only-targets", "number-unit",
                 "low-point-at-the-as-at-date", "long-title-and-caps-areas"):  # fmt: skip
        specs += [s for s in chart_specs(status_maker(**EDGE_CASES[case])) if s.kind == "line"]
    assert len(specs) > 8
    expected = {id(spec): fresh_png(spec) for spec in specs}
    for order in (specs, specs[::-1], specs[::2] + specs[1::2]):
        for spec in order:
            assert draw_chart(spec) == expected[id(spec)], spec.name


def test_a_chart_that_fails_leaves_nothing_for_the_next(
    haringey: PackStatus, monkeypatch: pytest.MonkeyPatch
):
    from boardpack.charts import draw

    first, second = [s for s in chart_specs(haringey) if s.kind == "line"][:2]
    expected = fresh_png(second)
    draw_chart(first)

    def half_drawn(figure: Figure, spec: ChartSpec, data: object) -> None:
        figure.text(0.5, 0.5, "left behind")
        raise RuntimeError("drawing failed")

    with monkeypatch.context() as patched:
        patched.setattr(draw, "_draw_line", half_drawn)
        with pytest.raises(RuntimeError):
            draw_chart(first)
    assert draw_chart(second) == expected
