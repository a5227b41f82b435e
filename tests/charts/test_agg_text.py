"""The caching Agg renderer draws exactly the pixels of matplotlib's own Agg renderer."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from boardpack.charts import agg_text, chart_specs
from boardpack.charts.agg_text import CachingCanvasAgg, CachingRendererAgg
from boardpack.charts.draw import build_figure, house_style
from boardpack.status import PackStatus

from .test_draw import EDGE_CASES

StatusMaker = Callable[..., PackStatus]


@pytest.fixture(autouse=True)
def empty_stores() -> Iterator[None]:
    agg_text.forget()
    yield
    agg_text.forget()


def pixels(figure: Figure, canvas: type[FigureCanvasAgg]) -> np.ndarray:
    canvas(figure)
    figure.canvas.draw()
    return np.asarray(figure.canvas.buffer_rgba()).copy()  # type: ignore[attr-defined]


def assert_same_pixels(figure: Figure, name: str) -> None:
    """Drawn by matplotlib's renderer, by the caching one with its stores as they are,
    and by it again with every text in its stores."""
    with house_style():
        plain = pixels(figure, FigureCanvasAgg)
        first = pixels(figure, CachingCanvasAgg)
        again = pixels(figure, CachingCanvasAgg)
    assert np.array_equal(first, plain), name
    assert np.array_equal(again, plain), name


def test_the_example_charts_have_matplotlibs_pixels(haringey: PackStatus):
    for spec in chart_specs(haringey):
        assert_same_pixels(build_figure(spec), spec.name)


@pytest.mark.parametrize(
    "case", ["fifty-areas-twelve-periods", "twenty-periods", "huge-numbers", "key-measures-mixed"]
)
def test_edge_case_charts_have_matplotlibs_pixels(status_maker: StatusMaker, case: str):
    for spec in chart_specs(status_maker(**EDGE_CASES[case])):
        assert_same_pixels(build_figure(spec), f"{case}: {spec.name}")


def test_a_text_moved_by_a_fraction_of_a_pixel_is_drawn_afresh():
    """The same words at many sub-pixel places, turned, bold, large and small, in two
    colours, with and without smoothing: every glyph bitmap is right wherever it lands."""
    figure = Figure(figsize=(4, 3), dpi=200)
    for i in range(40):
        figure.text(
            0.02 + i * 0.0013,
            0.05 + i * 0.0213,
            "Amber 12,345 – ½ Wy",
            fontsize=6 + (i % 7),
            fontweight="bold" if i % 3 else "normal",
            rotation=(0, 90, 30, -45)[i % 4],
            color=("#B04E0F", "#1F4E79")[i % 2],
            antialiased=i % 5 != 0,
        )
    assert_same_pixels(figure, "texts at many places")


def test_math_and_multiline_text_draw_as_matplotlib_draws_them():
    figure = Figure(figsize=(3, 2), dpi=200)
    with mpl.rc_context({"text.parse_math": True}):
        figure.text(0.1, 0.6, r"$x^2 + \alpha$ and plain", fontsize=9, parse_math=True)
        figure.text(0.1, 0.2, "two\nlines", fontsize=9, linespacing=1.4)
        assert_same_pixels(figure, "math text")


def test_measured_sizes_are_matplotlibs():
    plain = RendererAgg(100, 100, 200)
    caching = CachingRendererAgg(100, 100, 200)
    with house_style():
        for text, size, weight in (
            ("Mar 2019", 8.5, "normal"),
            ("Amber", 11, "bold"),
            ("lp", 9, "normal"),
        ):
            prop = FontProperties(size=size, weight=weight)
            expected = plain.get_text_width_height_descent(text, prop, False)
            assert caching.get_text_width_height_descent(text, prop, False) == expected
            assert caching.get_text_width_height_descent(text, prop, False) == expected


def test_full_stores_are_emptied_and_the_pixels_stay_right(
    haringey: PackStatus, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(agg_text, "MAX_ENTRIES", 50)
    for spec in chart_specs(haringey)[:3]:
        assert_same_pixels(build_figure(spec), spec.name)
    assert all(
        len(store) <= 50 for store in (agg_text._METRICS, agg_text._LAYOUTS, agg_text._BITMAPS)
    )


def test_texts_with_a_language_and_font_features_draw_as_matplotlib_draws_them():
    figure = Figure(figsize=(3, 2), dpi=200)
    figure.text(0.1, 0.6, "fi office", fontsize=9, language=[("en", 0, 2), ("fr", 3, 9)])
    figure.text(0.1, 0.3, "fi office", fontsize=9, fontfeatures=["-liga"], language="en")
    assert_same_pixels(figure, "language and features")


def test_the_installed_matplotlib_draws_with_the_caching_renderer(haringey: PackStatus):
    assert agg_text.SUPPORTED
    figure = build_figure(chart_specs(haringey)[0])
    with house_style():
        assert isinstance(figure.canvas.get_renderer(), CachingRendererAgg)  # type: ignore[attr-defined]


def test_without_the_freetype_methods_it_draws_with_matplotlibs_renderer(
    haringey: PackStatus, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(agg_text, "SUPPORTED", False)
    spec = chart_specs(haringey)[0]
    figure = build_figure(spec)
    with house_style():
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        assert type(renderer) is RendererAgg
        drawn = pixels(figure, CachingCanvasAgg)
        plain = pixels(build_figure(spec), FigureCanvasAgg)
    assert np.array_equal(drawn, plain)


def test_fonts_are_read_from_memory_and_matplotlib_is_left_as_it_was(haringey: PackStatus):
    from matplotlib import font_manager, ft2font

    font_manager._get_font.cache_clear()  # as in a chart worker, just forked
    spec = chart_specs(haringey)[1]
    with house_style():
        from_memory = pixels(build_figure(spec), CachingCanvasAgg)
    assert font_manager.ft2font is ft2font
    assert any(path.endswith("DejaVuSans.ttf") for path in agg_text._FONT_FILES)
    assert all(not isinstance(font.fname, str) for font in agg_text._FONTS.values())
    font_manager._get_font.cache_clear()
    with house_style():
        from_files = pixels(build_figure(spec), FigureCanvasAgg)
    assert np.array_equal(from_memory, from_files)
