"""Drawing chart specs with matplotlib's Agg renderer, byte for byte the same on every run.

Only this module and the renderer it draws with (:mod:`boardpack.charts.agg_text`)
import matplotlib. Figures are built with :class:`Figure` and an Agg canvas directly
(no pyplot, no global backend), inside an rc context that sets every style value, so
nothing leaks into or in from the caller's matplotlib state.
The figure is drawn at its print size (16 cm wide), so font sizes are true points
when a document places the picture 16 cm wide.
"""

from __future__ import annotations

import dataclasses
import gc
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from matplotlib import style as mpl_style
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.path import Path
from matplotlib.ticker import MaxNLocator, MultipleLocator
from matplotlib.transforms import Bbox

from boardpack.charts import style
from boardpack.charts.agg_text import CachingCanvasAgg
from boardpack.charts.alt_text import MONTH_ABBR
from boardpack.charts.png import png_from_rgba
from boardpack.charts.specs import (
    KEY_NOTE_SIZE,
    KEY_STATE_SIZE,
    BarData,
    BulletData,
    BulletRow,
    ChartSpec,
    LineData,
    PointData,
)
from boardpack.dates import month_end

PT_PER_CM = style.PT_PER_CM
PAD = style.PAD_PT  # points of white space around the figure's edge


@contextmanager
def house_style() -> Iterator[None]:
    """matplotlib's defaults plus the house style, restored on exit.

    A character the font lacks (an emoji in an area title) prints as a box, silently.
    """
    global _in_house_style
    if _in_house_style:  # already inside: the settings are in place
        yield
        return
    rc: dict[str, Any] = dict(style.RC)
    with mpl_style.context(["default", rc]), warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)
        _in_house_style = True
        try:
            yield
        finally:
            _in_house_style = False


_in_house_style = False


def draw_chart(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes: fixed size and dpi, no software or time stamp in the file.

    The picture is opaque, so it is stored as RGB, the same pixels as RGBA less the
    alpha channel: about a tenth smaller, and a PDF made from the document carries no
    alpha mask for it.
    """
    with house_style(), _without_cycle_collection():
        if spec.kind != "line" or spec.line is None:
            return png_bytes(build_figure(spec), spec.dpi)
        key = (pixels(spec.width_cm, spec.dpi), pixels(spec.height_cm, spec.dpi), spec.dpi)
        figure = _LINE_FIGURES.pop(key, None)
        figure = _new_figure(spec) if figure is None else _cleared(figure)
        _draw_line(figure, spec, spec.line)
        png = png_bytes(figure, spec.dpi)
        # kept only once drawn whole: a chart that failed leaves nothing behind
        _LINE_FIGURES[key] = figure
        return png


#: A measure chart's figure, by size and resolution, for the next measure chart: making
#: an axes and its ticks is about a quarter of a chart's time. Each chart clears away
#: the previous one's texts, legend and marks, and sets its own position, limits, ticks
#: and labels, so it is drawn exactly as on a new figure (a test compares the two).
_LINE_FIGURES: dict[tuple[int, int, int], Figure] = {}


def _cleared(figure: Figure) -> Figure:
    """``figure`` without the texts, legends and marks a measure chart adds to it."""
    for legend in list(figure.legends):
        legend.remove()
    for text in list(figure.texts):
        text.remove()
    for axes in figure.axes:
        for artist in [*axes.lines, *axes.texts, *axes.patches, *axes.collections,
                       *axes.images, *axes.tables, *axes.artists]:  # fmt: skip
            artist.remove()
        axes.dataLim.set(Bbox.null())
        axes.ignore_existing_data_limits = True
    return figure


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while one chart is drawn.

    A chart makes some 180,000 objects, which would set off many collections, each
    walking every object the build holds; about a tenth of a chart's time. The
    figure's own cycles are freed by the first collection after it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def png_bytes(figure: Figure, dpi: int) -> bytes:
    """The drawn figure as an RGB PNG, with only its size and resolution.

    The figure and axes are opaque white, so every pixel's alpha is 255: dropping the
    channel gives the pixels that pasting the image on white would.
    """
    figure.canvas.draw()
    return png_from_rgba(figure.canvas.buffer_rgba(), dpi)  # type: ignore[attr-defined]


def build_figure(spec: ChartSpec) -> Figure:
    """The chart's matplotlib figure (with an Agg canvas), for drawing or inspecting."""
    with house_style():
        figure = _new_figure(spec)
        if spec.kind == "bars" and spec.bars is not None:
            _draw_bars(figure, spec, spec.bars)
        elif spec.kind == "line" and spec.line is not None:
            _draw_line(figure, spec, spec.line)
        elif spec.kind == "bullets" and spec.bullets is not None:
            _draw_bullets(figure, spec, spec.bullets)
        else:
            raise ValueError(f"a chart spec of kind {spec.kind!r} needs its data, got none")
    return figure


def _new_figure(spec: ChartSpec) -> Figure:
    # a whole number of pixels, so that the size never depends on rounding
    width_px, height_px = pixels(spec.width_cm, spec.dpi), pixels(spec.height_cm, spec.dpi)
    figure = Figure(figsize=(width_px / spec.dpi, height_px / spec.dpi), dpi=spec.dpi)
    CachingCanvasAgg(figure)
    return figure


def pixels(cm: float, dpi: int) -> int:
    """The number of pixels ``cm`` centimetres take at ``dpi``."""
    return round(cm / 2.54 * dpi)


@dataclass
class _Frame:
    """The figure's size in points and the axes' margins within it."""

    width: float
    height: float
    left: float = 0.0
    right: float = 0.0
    top: float = 0.0
    bottom: float = 0.0

    def rect(self) -> tuple[float, float, float, float]:
        return (
            self.left / self.width,
            self.bottom / self.height,
            (self.width - self.left - self.right) / self.width,
            (self.height - self.top - self.bottom) / self.height,
        )

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom


def _frame(figure: Figure) -> _Frame:
    width, height = figure.get_size_inches()
    return _Frame(width=float(width) * 72, height=float(height) * 72)


def _text_size(
    figure: Figure, text: str, size: float, weight: str = "normal"
) -> tuple[float, float]:
    """Width and height in points of ``text`` as the renderer will draw it.

    Remembered for the process by text, size, weight and resolution: the house style
    fixes every other property a plain text's extent depends on.
    """
    key = (text, size, weight, figure.dpi)
    if key not in _TEXT_SIZES:
        probe = figure.text(0, 0, text, fontsize=size, fontweight=weight)
        box = probe.get_window_extent()
        probe.remove()
        scale = 72 / figure.dpi
        _TEXT_SIZES[key] = (float(box.width) * scale, float(box.height) * scale)
    return _TEXT_SIZES[key]


_TEXT_SIZES: dict[tuple[str, float, str, float], tuple[float, float]] = {}


def _header(
    figure: Figure, frame: _Frame, title: str, note: str, handles: Sequence[Artist]
) -> float:
    """Title, note and legend at the top left; returns the height they take, in points."""
    y = frame.height - PAD
    x = PAD / frame.width
    figure.text(
        x,
        y / frame.height,
        title,
        ha="left",
        va="top",
        fontsize=style.TITLE_SIZE,
        fontweight="bold",
        linespacing=1.2,
    )
    y -= _text_size(figure, title, style.TITLE_SIZE, "bold")[1] + 4
    if note:
        figure.text(
            x, y / frame.height, note, ha="left", va="top", fontsize=style.NOTE_SIZE,
            color=style.MUTED,
        )  # fmt: skip
        y -= _text_size(figure, note, style.NOTE_SIZE)[1] + 4
    if handles:
        figure.legend(
            handles=list(handles),
            loc="upper left",
            bbox_to_anchor=(x, y / frame.height),
            ncol=len(handles),
            borderaxespad=0,
            borderpad=0,
            handlelength=1.8,
            handleheight=1.2,
            handletextpad=0.5,
            columnspacing=1.6,
        )
        y -= style.LABEL_SIZE * 1.6
    return frame.height - y + 10


def _plain_axes(axes: Axes) -> None:
    axes.spines["top"].set_visible(False)
    axes.spines["right"].set_visible(False)
    axes.set_axisbelow(True)


# --- stacked bars -----------------------------------------------------------------------

_GAP = 4.0  # points between a bar's end and the labels beyond it
_EDGE = 0.8  # points of white edge around each bar segment


def _bar_handles(data: BarData) -> list[Artist]:
    handles: list[Artist] = []
    for series in data.series:
        patch = Patch(
            facecolor=series.colour,
            edgecolor=style.WHITE,
            linewidth=0.6,
            hatch=series.hatch or None,
            label=series.status,
        )
        patch.set_hatchcolor(series.hatch_colour)
        handles.append(patch)
    return handles


@dataclass(frozen=True)
class _Label:
    """A value label: its text, colours and size in points (width, height)."""

    text: str
    colour: str
    fill: str
    width: float
    height: float


@dataclass
class _BarLayout:
    """How one bar chart is drawn at its scale: value-axis limit and every label's place."""

    font: float
    pad: float  # bbox pad, as a fraction of the font size
    thickness: float  # bar thickness, in category units
    limit: float = 1.0  # value-axis maximum
    inside: list[list[bool]] = dataclasses.field(default_factory=list)  # [series][category]


class _BarLabeller:
    """Measures value labels and decides which fit inside their segments."""

    def __init__(self, figure: Figure, data: BarData, frame: _Frame) -> None:
        self.figure = figure
        self.data = data
        self.horizontal = data.horizontal
        self.length = frame.plot_width if data.horizontal else frame.plot_height
        across = frame.plot_height if data.horizontal else frame.plot_width
        small = data.small_labels
        # crowded vertical bars are thicker, so that more counts fit inside them
        thickness = (0.75 if small else 0.62) if data.horizontal else (0.72 if small else 0.6)
        self.layout = _BarLayout(
            font=style.SMALL_VALUE_SIZE if small else style.VALUE_SIZE,
            pad=0.1 if small else 0.22,
            thickness=thickness,
        )
        self.pitch_pt = across / max(len(data.categories), 1)
        self.thickness_pt = thickness * self.pitch_pt
        #: room beside a vertical bar for labels that do not fit inside it
        self.side_pt = (1 - thickness) * across / max(len(data.categories), 1) - _GAP
        self._sizes: dict[str, tuple[float, float]] = {}

    def size(self, text: str) -> tuple[float, float]:
        """Width and height in points of a label with its box."""
        if text not in self._sizes:
            width, height = _text_size(self.figure, text, self.layout.font, "bold")
            pad = 2 * self.layout.pad * self.layout.font
            self._sizes[text] = (width + pad, height + pad)
        return self._sizes[text]

    def along(self, text: str) -> float:
        """A label's length along the value axis, in points."""
        width, height = self.size(text)
        return width if self.horizontal else height

    def fits(self, value: int, per_unit: float) -> bool:
        """Whether ``value``'s label fits inside its segment at this scale."""
        width, height = self.size(str(value))
        if self.horizontal:
            # digits have no descenders: their cap height must fit the bar's thickness
            return value * per_unit >= width + 1 and self.thickness_pt >= self.layout.font * 0.8
        return value * per_unit >= height + 1 and self.thickness_pt >= width

    def beside(self, inside: list[list[bool]]) -> bool:
        """Whether a vertical chart has room beside each bar for its outside labels."""
        if self.horizontal:
            return False
        widths = [b.width for i in range(len(self.data.categories)) for b in self.beyond(i, inside)]
        return max(widths, default=0.0) <= self.side_pt

    def crowded(self, inside: list[list[bool]]) -> bool:
        """Whether a vertical chart's outside labels, stacked above each bar, would run
        into the next bar's: then they are left out (the alt text keeps every count)."""
        if self.horizontal or self.beside(inside):
            return False
        widths = [b.width for i in range(len(self.data.categories)) for b in self.beyond(i, inside)]
        return max(widths, default=0.0) > self.pitch_pt - _GAP

    def shown_beyond(self, i: int, inside: list[list[bool]]) -> list[_Label]:
        """The labels printed beyond bar ``i``'s end: none on a crowded chart."""
        return [] if self.crowded(inside) else self.beyond(i, inside)

    def beyond(self, i: int, inside: list[list[bool]]) -> list[_Label]:
        """Labels of category ``i`` placed beyond the bar's end: '2 Red' in a red box."""
        labels = []
        for series, fits in zip(self.data.series, inside, strict=True):
            value = series.values[i]
            if value > 0 and not fits[i]:
                text = f"{value} {series.status}"
                width, height = self.size(text)
                labels.append(_Label(text, series.text_colour, series.colour, width, height))
        return labels

    def plan(self, totals: list[int]) -> _BarLayout:
        """Choose the value-axis limit so that each bar, its outside labels and total fit."""
        layout = self.layout
        limit = max(max(totals, default=0), 1) * 1.02
        for _ in range(8):
            per_unit = self.length / limit
            layout.inside = [
                [self.fits(v, per_unit) for v in series.values] for series in self.data.series
            ]
            needed = 1.0
            beside = self.beside(layout.inside)
            for i, total in enumerate(totals):
                extra = _GAP + self.along(str(total))
                if not beside:
                    shown = self.shown_beyond(i, layout.inside)
                    extra += sum(self.along(b.text) + _GAP for b in shown)
                extra = min(extra, self.length * 0.6)
                needed = max(needed, total / (1 - extra / self.length))
            if needed <= limit:
                break
            limit = needed
        layout.limit = limit
        return layout


def _value_label(
    axes: Axes,
    x: float,
    y: float,
    label: _Label,
    layout: _BarLayout,
    align: str,
    segment: Rectangle | None = None,
) -> None:
    """A number in a box of its segment's colour; inside a segment, clipped to it."""
    text = axes.text(
        x,
        y,
        label.text,
        ha="center" if align == "centre" else "left",
        va="center",
        fontsize=layout.font,
        fontweight="bold",
        color=label.colour,
        bbox={
            "boxstyle": f"square,pad={layout.pad}",
            "facecolor": label.fill,
            "edgecolor": "none",
        },
        clip_on=segment is not None,
        zorder=4,
        gid="value-label",
    )
    if segment is not None:
        # inside the segment's white edge, so that the box never shows past the bar
        inset = axes.transData.inverted().transform([(0, 0), (1, 1)])
        step_x, step_y = abs(inset[1][0] - inset[0][0]), abs(inset[1][1] - inset[0][1])
        edge = _EDGE * axes.figure.dpi / 72
        x0, y0 = segment.get_x() + edge * step_x, segment.get_y() + edge * step_y
        width = segment.get_width() - 2 * edge * step_x
        height = segment.get_height() - 2 * edge * step_y
        text.set_clip_path(Rectangle((x0, y0), width, height, transform=axes.transData))


def _labels_beside(
    axes: Axes, i: int, labeller: _BarLabeller, layout: _BarLayout, per_unit: float
) -> None:
    """Labels too big for their segments, to the right of the bar, level with them."""
    centres = []
    start = 0
    for series, fits in zip(labeller.data.series, layout.inside, strict=True):
        value = series.values[i]
        if value > 0 and not fits[i]:
            centres.append(start + value / 2)
        start += value
    previous = -1e9
    for centre, label in zip(centres, labeller.beyond(i, layout.inside), strict=True):
        y = max(centre, previous + (label.height + 1) / per_unit)
        previous = y
        x = i + layout.thickness / 2 + (_GAP / 2) / (labeller.thickness_pt / layout.thickness)
        _value_label(axes, x, y, label, layout, "start")


def _bar_margins(figure: Figure, frame: _Frame, data: BarData, tick_size: float) -> None:
    axis_label = style.LABEL_SIZE * 1.4 + 4
    frame.right = PAD + 4
    sizes = [
        _text_size(figure, c, tick_size, "bold" if i == data.highlight else "normal")
        for i, c in enumerate(data.categories)
    ]
    widest = max((width for width, _ in sizes), default=0)
    if data.horizontal:
        frame.left = PAD + min(widest, frame.width * 0.45) + 6
        frame.bottom = PAD + axis_label + tick_size * 1.4 + 4
        return
    frame.left = PAD + axis_label + _text_size(figure, "000", tick_size)[0] + 6
    if data.rotate_labels:
        frame.bottom = PAD + widest + 8
    else:
        lines = max((c.count("\n") + 1 for c in data.categories), default=1)
        frame.bottom = PAD + lines * tick_size * 1.3 + 6


def _draw_bars(figure: Figure, spec: ChartSpec, data: BarData) -> None:
    frame = _frame(figure)
    frame.top = _header(figure, frame, spec.title, "", _bar_handles(data))
    tick_size = style.SMALL_TICK_SIZE if data.small_labels else style.TICK_SIZE
    _bar_margins(figure, frame, data, tick_size)
    axes = figure.add_axes(frame.rect())
    _plain_axes(axes)

    count = len(data.categories)
    if count == 0:
        axes.text(
            0.5, 0.5, data.empty_message, transform=axes.transAxes, ha="center", va="center",
            fontsize=style.LABEL_SIZE, color=style.MUTED,
        )  # fmt: skip
        axes.set_xticks([])
        axes.set_yticks([])
        return

    totals = [sum(s.values[i] for s in data.series) for i in range(count)]
    labeller = _BarLabeller(figure, data, frame)
    layout = labeller.plan(totals)
    positions = list(range(count))
    base = [0] * count
    segments: list[list[Rectangle]] = []
    for series in data.series:
        style_kwargs: dict[str, Any] = {
            "color": series.colour,
            "edgecolor": style.WHITE,
            "linewidth": _EDGE,
            "hatch": series.hatch or None,
            "label": series.status,
        }
        if data.horizontal:
            bars = axes.barh(
                positions, list(series.values), left=base, height=layout.thickness,
                **style_kwargs,
            )  # fmt: skip
        else:
            bars = axes.bar(
                positions, list(series.values), bottom=base, width=layout.thickness,
                **style_kwargs,
            )  # fmt: skip
        for patch in bars.patches:
            patch.set_hatchcolor(series.hatch_colour)
        segments.append(list(bars.patches))
        base = [b + v for b, v in zip(base, series.values, strict=True)]

    value_axis = axes.xaxis if data.horizontal else axes.yaxis
    value_axis.set_major_locator(MaxNLocator(integer=True, nbins=8, steps=[1, 2, 5, 10]))
    value_axis.grid(True, color=style.GRID, linewidth=0.6)
    (axes.yaxis if data.horizontal else axes.xaxis).grid(False)
    # ticks of no length draw nothing: they are left out rather than drawn as nothing
    category_off = {"left": False} if data.horizontal else {"bottom": False}
    value_off = {"bottom": False} if data.horizontal else {"left": False}
    axes.tick_params(
        axis="y" if data.horizontal else "x", length=0, labelsize=tick_size, pad=5,
        **category_off,
    )  # fmt: skip
    axes.tick_params(axis="x" if data.horizontal else "y", length=0, pad=4, **value_off)
    if data.horizontal:
        axes.set_xlim(0, layout.limit)
        axes.set_ylim(count - 0.5, -0.5)
        axes.set_yticks(positions, labels=list(data.categories))
        axes.set_xlabel(data.value_label)
        axes.spines["bottom"].set_visible(False)
        labels = axes.get_yticklabels()
    else:
        axes.set_ylim(0, layout.limit)
        axes.set_xlim(-0.5, count - 0.5)
        axes.set_xticks(
            positions, labels=list(data.categories), rotation=90 if data.rotate_labels else 0
        )
        axes.set_ylabel(data.value_label)
        labels = axes.get_xticklabels()
    if data.highlight is not None:
        labels[data.highlight].set_fontweight("bold")

    per_unit = labeller.length / layout.limit
    beside = labeller.beside(layout.inside)

    def at(along: float, i: int) -> tuple[float, float]:
        return (along, i) if data.horizontal else (i, along)

    for i in positions:
        start = 0
        for series, fits, patches in zip(data.series, layout.inside, segments, strict=True):
            value = series.values[i]
            if value > 0 and fits[i]:
                label = _Label(str(value), series.text_colour, series.colour, 0, 0)
                centre = at(start + value / 2, i)
                _value_label(axes, *centre, label, layout, "centre", patches[i])
            start += value
        cursor = totals[i] + _GAP / per_unit
        if beside:
            _labels_beside(axes, i, labeller, layout, per_unit)
        for label in [] if beside else labeller.shown_beyond(i, layout.inside):
            length = labeller.along(label.text) / per_unit
            if data.horizontal:
                _value_label(axes, *at(cursor, i), label, layout, "start")
            else:
                _value_label(axes, *at(cursor + length / 2, i), label, layout, "centre")
            cursor += length + _GAP / per_unit
        axes.text(
            *at(cursor, i), str(totals[i]),
            ha="left" if data.horizontal else "center",
            va="center" if data.horizontal else "bottom",
            fontsize=layout.font, color=style.TEXT, gid="total-label",
        )  # fmt: skip


# --- measure over time --------------------------------------------------------------------


_EPOCH = date(1970, 1, 1)


def _days(value: date) -> float:
    """A date as days since 1970-01-01: the measure charts' x axis."""
    return float((value - _EPOCH).days)


def _day(iso: str) -> float:
    return _days(date.fromisoformat(iso))


def _month_ticks(first: date, last: date) -> list[date]:
    """Month ends from ``first`` to ``last``: every month over a short span, else quarter
    ends, half-year ends or year ends, at most 8 ticks."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = 1 if months <= 7 else next((s for s in (3, 6, 12, 24, 60) if months / s <= 8), 120)
    ticks = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        if month % step == 0 or (step > 12 and month == 12 and year % (step // 12) == 0):
            end = month_end(year, month)
            if first <= end <= last:
                ticks.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ticks


# --- measure over time: labels ----------------------------------------------------------

_LABEL_PAD = 0.15  # a point label's white box, as a fraction of its font size
_LABEL_GAP = 6.0  # points between a point's centre and its label's box
_LABEL_CLEAR = 1.0  # points kept clear between two labels
_AS_AT_LIFT = 5.0  # points between the axes' top and the as-at label
_AS_AT_ROOM = style.VALUE_SIZE * 1.25 + _AS_AT_LIFT + 2  # header room for that label
_MARKER_SIZE = {"actual": 6.0, "baseline": 6.0, "target": 6.5}
_MARKER_ZORDER = 7  # above the labels, so that a label never hides a point

#: where a label may go, relative to its point: (dx, dy) in points and its alignment
_Place = tuple[float, float, str, str]


def _places(above: bool, height: float) -> list[_Place]:
    """A label's possible places, the preferred first: on its preferred side (centred,
    then ending or starting at the point), the other side, beside, then one line further."""
    near, far = _LABEL_GAP, _LABEL_GAP + height + 2 * _LABEL_CLEAR

    def row(dy: float) -> list[_Place]:
        va = "bottom" if dy > 0 else "top"
        return [(0.0, dy, "center", va), (3.0, dy, "right", va), (-3.0, dy, "left", va)]

    side: list[_Place] = [(near + 2, 0.0, "left", "center"), (-near - 2, 0.0, "right", "center")]
    sign = 1 if above else -1
    return [*row(sign * near), *row(-sign * near), *side, *row(sign * far), *row(-sign * far)]


def _footprint(
    anchor: tuple[float, float], place: _Place, size: tuple[float, float], pad: float
) -> Bbox:
    """The box (in points) a label with its white pad covers at ``place``."""
    dx, dy, ha, va = place
    width, height = size
    x0 = anchor[0] + dx - {"center": width / 2, "left": 0.0, "right": width}[ha]
    y0 = anchor[1] + dy - {"bottom": 0.0, "top": height, "center": height / 2}[va]
    return Bbox.from_extents(x0 - pad, y0 - pad, x0 + width + pad, y0 + height + pad)


def _overlaps(box: Bbox, others: Sequence[Bbox], clear: float = 0.0) -> bool:
    return any(
        box.x0 < o.x1 + clear and o.x0 < box.x1 + clear and box.y0 < o.y1 + clear
        and o.y0 < box.y1 + clear
        for o in others
    )  # fmt: skip


@dataclass
class _PointLabel:
    point: PointData
    kind: str  # "actual", "baseline" or "target"
    colour: str
    above: bool  # the preferred side
    priority: int
    order: int  # drawing order
    place: _Place | None = None


def _label_priorities(data: LineData) -> list[_PointLabel]:
    """The labels to print, most important first: the latest actual, the next target,
    the other targets, the first, highest and lowest actuals, the rest, the baselines."""
    labels: list[_PointLabel] = []
    actuals = data.actuals
    values = [p.value for p in actuals]
    ranks: dict[int, int] = {}
    if actuals:
        ranks[len(actuals) - 1] = 0
        ranks.setdefault(0, 3)
        ranks.setdefault(max(range(len(values)), key=lambda i: (values[i], -i)), 4)
        ranks.setdefault(min(range(len(values)), key=lambda i: (values[i], i)), 5)
    for i, point in enumerate(actuals):
        if point.labelled:
            labels.append(
                _PointLabel(
                    point, "actual", style.ACTUAL_COLOUR, True, ranks.get(i, 6), len(labels)
                )
            )
    for point in data.baselines:
        if point.labelled:
            labels.append(
                _PointLabel(point, "baseline", style.BASELINE_COLOUR, True, 7, len(labels))
            )
    ahead = [i for i, p in enumerate(data.targets) if p.date >= data.as_at]
    next_target = ahead[0] if ahead else len(data.targets) - 1
    for i, point in enumerate(data.targets):
        if point.labelled:
            rank = 1 if i == next_target else 2
            labels.append(
                _PointLabel(point, "target", style.TARGET_COLOUR, False, rank, len(labels))
            )
    return sorted(labels, key=lambda label: (label.priority, label.order))


def _place_labels(
    figure: Figure, axes: Axes, data: LineData, labels: Sequence[_PointLabel], taken: list[Bbox]
) -> None:
    """Give each label, in priority order, the first place where it stays inside the
    axes and clear of every label already placed, and preferably of every marker, then
    of the actuals' line; a label with no such place is left out (the alt text keeps
    its number)."""
    scale = 72 / figure.dpi
    box = axes.get_window_extent()
    inside = Bbox.from_extents(
        box.x0 * scale, box.y0 * scale + 1, figure.bbox.width * scale - PAD / 2, box.y1 * scale
    )
    to_points = axes.transData

    def at(point: PointData) -> tuple[float, float]:
        x, y = to_points.transform((_day(point.date), point.value))
        return float(x) * scale, float(y) * scale

    markers = []
    for kind, points in (("actual", data.actuals), ("baseline", data.baselines),
                         ("target", data.targets)):  # fmt: skip
        half = _MARKER_SIZE[kind] / 2 + 0.5
        for point in points:
            x, y = at(point)
            markers.append(Bbox.from_extents(x - half, y - half, x + half, y + half))
    line = Path([at(p) for p in data.actuals]) if len(data.actuals) > 1 else None

    def cost(footprint: Bbox) -> int:
        """0 for a clear place; 1 when it hides part of the actuals' line; 2 a marker."""
        if _overlaps(footprint, markers):
            return 2
        return 1 if line is not None and line.intersects_bbox(footprint, filled=False) else 0

    pad = _LABEL_PAD * style.VALUE_SIZE
    for label in labels:
        size = _text_size(figure, label.point.label, style.VALUE_SIZE, "bold")
        anchor = at(label.point)
        best: tuple[int, _Place, Bbox] | None = None
        for place in _places(label.above, size[1]):
            footprint = _footprint(anchor, place, size, pad)
            if not inside.containsx(footprint.x0) or not inside.containsx(footprint.x1):
                continue
            if not inside.containsy(footprint.y0) or not inside.containsy(footprint.y1):
                continue
            if _overlaps(footprint, taken, _LABEL_CLEAR):
                continue
            found = cost(footprint)
            if best is None or found < best[0]:
                best = (found, place, footprint)
            if found == 0:
                break
        if best is not None:
            label.place = best[1]
            taken.append(best[2])


def _draw_point_labels(axes: Axes, labels: Sequence[_PointLabel]) -> None:
    for label in sorted(labels, key=lambda lab: lab.order):
        if label.place is None:
            continue
        dx, dy, ha, va = label.place
        axes.annotate(
            label.point.label,
            (_day(label.point.date), label.point.value),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=style.VALUE_SIZE,
            fontweight="bold",
            color=label.colour,
            bbox={"boxstyle": f"square,pad={_LABEL_PAD}", "facecolor": style.WHITE,
                  "edgecolor": "none"},
            annotation_clip=False,
            zorder=6,
            gid="point-label",
        )  # fmt: skip


# --- value axes -------------------------------------------------------------------------


def tick_labels(ticks: Sequence[float], percent: bool = False) -> list[str]:
    """Tick labels in one style for a whole axis, never in e-notation: ``0%``, ``20%``;
    ``0``, ``2,500``, ``5,000``; ``0``, ``0.5m``, ``1.0m``; ``0``, ``1bn``; ``0.005``."""
    top = max((abs(t) for t in ticks), default=0.0)
    scale, suffix = (1e9, "bn") if top >= 1e9 else (1e6, "m") if top >= 1e6 else (1.0, "")
    if percent:
        scale, suffix = 1.0, "%"
    scaled = [t / scale for t in ticks]
    span = max((abs(v) for v in scaled), default=1.0) or 1.0
    decimals = next(
        (d for d in range(10) if all(abs(v - round(v, d)) <= span * 1e-9 for v in scaled)), 9
    )
    labels = []
    for value in scaled:
        rounded = round(value, decimals)
        labels.append(
            "0" + ("%" if percent else "") if rounded == 0 else f"{rounded:,.{decimals}f}{suffix}"
        )
    return labels


def value_ticks(data: LineData) -> list[float]:
    """The value axis's ticks, within its limits."""
    if data.unit == "%":
        locator: MaxNLocator | MultipleLocator = MultipleLocator(
            20 if data.y_max - data.y_min <= 150 else 50
        )
    else:
        locator = MaxNLocator(nbins=6, integer=data.y_max >= 5, steps=[1, 2, 2.5, 5, 10])
    slack = (data.y_max - data.y_min) * 1e-9
    ticks = locator.tick_values(data.y_min, data.y_max)
    return [float(t) for t in ticks if data.y_min - slack <= t <= data.y_max + slack]


# --- measure over time --------------------------------------------------------------------


def _line_handles(data: LineData) -> list[Artist]:
    handles: list[Artist] = []
    if data.actuals:
        handles.append(
            Line2D([], [], color=style.ACTUAL_COLOUR, linewidth=2, marker="o", markersize=6,
                   label="Actual")
        )  # fmt: skip
    if data.baselines:
        handles.append(
            Line2D([], [], color=style.BASELINE_COLOUR, linestyle="none", marker="s",
                   markersize=6, label="Baseline")
        )  # fmt: skip
    if data.targets:
        handles.append(
            Line2D([], [], color=style.TARGET_COLOUR, linestyle="none", marker="D",
                   markersize=6.5, markerfacecolor=style.WHITE, markeredgewidth=1.8,
                   label="Target")
        )  # fmt: skip
    handles.append(
        Line2D([], [], color=style.AS_AT_COLOUR, linestyle=(0, (4, 3)), linewidth=1.2,
               label="As-at date")
    )  # fmt: skip
    return handles


def _date_ticks(figure: Figure, axes: Axes, first: date, last: date) -> None:
    """Month-end ticks whose labels stay inside the figure and right of the value axis."""
    scale = 72 / figure.dpi
    box = axes.get_window_extent()
    low, high = box.x0 * scale - 2, figure.bbox.width * scale - PAD / 2
    positions, labels = [], []
    for tick in _month_ticks(first, last):
        text = f"{MONTH_ABBR[tick.month]} {tick.year}"
        half = _text_size(figure, text, style.TICK_SIZE)[0] / 2
        x = float(axes.transData.transform((_days(tick), 0))[0]) * scale
        if low <= x - half and x + half <= high:
            positions.append(_days(tick))
            labels.append(text)
    axes.set_xticks(positions, labels=labels)


def _line_axes(figure: Figure, rect: tuple[float, float, float, float]) -> Axes:
    """The measure chart's axes at ``rect``: the figure's own when it is reused."""
    if figure.axes:
        axes = figure.axes[0]
        axes.set_position(rect)
        return axes
    axes = figure.add_axes(rect)
    _plain_axes(axes)
    # before any tick is made, so that each is made so rather than changed afterwards
    axes.yaxis.grid(True, color=style.GRID, linewidth=0.6)
    axes.xaxis.grid(False)
    axes.tick_params(axis="y", length=0, pad=4, left=False)  # no length: not drawn at all
    axes.tick_params(axis="x", length=3, pad=4)
    return axes


def _draw_line(figure: Figure, spec: ChartSpec, data: LineData) -> None:
    frame = _frame(figure)
    frame.top = _header(figure, frame, spec.title, data.note, _line_handles(data)) + _AS_AT_ROOM
    ticks = value_ticks(data)
    labels = tick_labels(ticks, percent=data.unit == "%")
    widest = max((_text_size(figure, label, style.TICK_SIZE)[0] for label in labels), default=0)
    frame.left = PAD + style.LABEL_SIZE * 1.4 + 4 + widest + 6
    frame.bottom = PAD + style.TICK_SIZE * 1.4 + 6
    frame.right = PAD + 10
    axes = _line_axes(figure, frame.rect())

    as_at = date.fromisoformat(data.as_at)
    days = [date.fromisoformat(p.date) for p in (*data.baselines, *data.actuals, *data.targets)]
    first, last = min([*days, as_at]), max([*days, as_at])
    span = (last - first).days
    pad = max(20.0, span * 0.07)
    x_low, x_high = _days(first) - pad, _days(last) + pad
    axes.set_xlim(x_low, x_high)
    axes.set_ylim(data.y_min, data.y_max)
    axes.set_yticks(ticks, labels=labels)

    # up into the room above the plot, to meet its label there
    reach = 1 + (_AS_AT_LIFT + style.VALUE_SIZE * 0.6) / frame.plot_height
    axes.axvline(
        _days(as_at), ymax=reach, color=style.AS_AT_COLOUR, linestyle=(0, (4, 3)),
        linewidth=1.2, zorder=1, label="As-at date", clip_on=False,
    )  # fmt: skip
    # above the plot, where no point or label can be
    share = (_days(as_at) - x_low) / (x_high - x_low)
    right = share > 0.5
    as_at_label = axes.annotate(
        data.as_at_label,
        (_days(as_at), 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(-4 if right else 4, _AS_AT_LIFT),
        textcoords="offset points",
        ha="right" if right else "left",
        va="bottom",
        fontsize=style.VALUE_SIZE,
        color=style.AS_AT_COLOUR,
        annotation_clip=False,
        gid="as-at-label",
    )
    if data.actuals:
        xs, ys = [_day(p.date) for p in data.actuals], [p.value for p in data.actuals]
        axes.plot(
            xs, ys, color=style.ACTUAL_COLOUR, linewidth=2, marker="o", markersize=6, zorder=4,
            label="Actual", gid="actual", clip_on=False,
        )  # fmt: skip
        # the markers again, above the labels (the line stays under them)
        axes.plot(
            xs, ys, color=style.ACTUAL_COLOUR, linestyle="none", marker="o", markersize=6,
            zorder=_MARKER_ZORDER, gid="actual-markers", clip_on=False,
        )  # fmt: skip
    if data.baselines:
        axes.plot(
            [_day(p.date) for p in data.baselines], [p.value for p in data.baselines],
            color=style.BASELINE_COLOUR, linestyle="none", marker="s", markersize=6,
            zorder=_MARKER_ZORDER, label="Baseline", gid="baseline", clip_on=False,
        )  # fmt: skip
    if data.targets:
        axes.plot(
            [_day(p.date) for p in data.targets], [p.value for p in data.targets],
            color=style.TARGET_COLOUR, linestyle="none", marker="D", markersize=6.5,
            markerfacecolor=style.WHITE, markeredgewidth=1.8, zorder=_MARKER_ZORDER,
            label="Target", gid="target", clip_on=False,
        )  # fmt: skip
    scale = 72 / figure.dpi
    as_at_box = as_at_label.get_window_extent()
    taken = [Bbox.from_extents(*(float(v) * scale for v in as_at_box.extents))]
    point_labels = _label_priorities(data)
    _place_labels(figure, axes, data, point_labels, taken)
    _draw_point_labels(axes, point_labels)

    _date_ticks(
        figure,
        axes,
        date.fromordinal(first.toordinal() - int(pad)),
        date.fromordinal(last.toordinal() + int(pad)),
    )
    axes.set_ylabel(data.value_label)


# --- key measures against target ----------------------------------------------------------

_BULLET_PT = 11.0  # thickness of an actual's bar
_TARGET_MARKER = 7.5
_STATE_GAP = 12.0  # points between the plot and the judgement column


def _bullet_handles() -> list[Artist]:
    return [
        Patch(facecolor=style.ACTUAL_COLOUR, edgecolor="none", label="Latest actual"),
        Line2D([], [], color=style.TARGET_COLOUR, linestyle="none", marker="D",
               markersize=_TARGET_MARKER, markerfacecolor=style.WHITE, markeredgewidth=1.8,
               label="Target"),
    ]  # fmt: skip


def _actual_label_place(
    row: BulletRow, data: BulletData, per_unit: float, width: float
) -> tuple[float, str, str]:
    """Where an actual's label goes (x in data units, alignment, colour): inside the end
    of its bar, else just beyond it, and never under the target's marker."""
    zero = -data.x_min * per_unit  # points from the plot's left edge
    end = (row.actual - data.x_min) * per_unit
    half = _TARGET_MARKER / 2 + 1
    mark = (row.target - data.x_min) * per_unit if row.target is not None else None

    def clear(left: float, right: float) -> bool:
        return mark is None or not (mark - half - 2 < right and left < mark + half + 2)

    right = end - 4
    if mark is not None and not clear(right - width, right):
        right = min(right, mark - half - 3)
    if row.actual > 0 and right - width >= zero + 3:
        return right / per_unit + data.x_min, "right", style.WHITE
    left = max(end, zero) + 4
    if mark is not None and not clear(left, left + width):
        left = mark + half + 3
    return left / per_unit + data.x_min, "left", style.ACTUAL_COLOUR


def _draw_bullets(figure: Figure, spec: ChartSpec, data: BulletData) -> None:
    frame = _frame(figure)
    frame.top = _header(figure, frame, spec.title, data.note, _bullet_handles())
    rows = data.rows
    names = [_text_size(figure, row.label, style.TICK_SIZE)[0] for row in rows]
    states = [_text_size(figure, row.state_label, KEY_STATE_SIZE, "bold")[0] for row in rows]
    states += [
        _text_size(figure, row.state_note, KEY_NOTE_SIZE)[0] for row in rows if row.state_note
    ]
    frame.left = PAD + max(names, default=0) + 8
    frame.right = PAD + _STATE_GAP + max(states, default=0)
    frame.bottom = PAD + style.LABEL_SIZE * 1.4 + 4 + style.TICK_SIZE * 1.4 + 4
    axes = figure.add_axes(frame.rect())
    _plain_axes(axes)
    axes.spines["bottom"].set_visible(False)
    count = max(len(rows), 1)
    axes.set_xlim(data.x_min, data.x_max)
    axes.set_ylim(count - 0.5, -0.5)
    step = 20 if data.x_max - data.x_min <= 150 else 50
    ticks = [float(t) for t in MultipleLocator(step).tick_values(data.x_min, data.x_max)
             if data.x_min <= t <= data.x_max]  # fmt: skip
    axes.xaxis.grid(True, color=style.GRID, linewidth=0.6)
    axes.yaxis.grid(False)
    axes.tick_params(axis="x", length=0, pad=4, bottom=False)
    axes.tick_params(axis="y", length=0, pad=8, left=False)
    axes.set_xticks(ticks, labels=tick_labels(ticks, percent=True))
    axes.set_xlabel(data.value_label)
    positions = list(range(len(rows)))
    axes.set_yticks(positions, labels=[row.label for row in rows])

    pitch = frame.plot_height / count  # points per row
    thickness = min(_BULLET_PT, pitch * 0.4)
    per_unit = frame.plot_width / (data.x_max - data.x_min)  # points per percentage point
    axes.barh(
        positions, [row.actual for row in rows], left=0, height=thickness / pitch,
        color=style.ACTUAL_COLOUR, edgecolor="none", zorder=3, label="Latest actual",
        gid="actual-bar",
    )  # fmt: skip
    for i, row in enumerate(rows):
        width = _text_size(figure, row.actual_label, style.VALUE_SIZE, "bold")[0]
        x, ha, colour = _actual_label_place(row, data, per_unit, width)
        axes.annotate(
            row.actual_label, (x, i), xytext=(0, 0), textcoords="offset points", ha=ha,
            va="center", fontsize=style.VALUE_SIZE, fontweight="bold", color=colour, zorder=6,
            annotation_clip=False, gid="actual-label",
        )  # fmt: skip
        if row.target is not None:
            mark = (row.target - data.x_min) * per_unit
            label_width = _text_size(figure, row.target_label, KEY_NOTE_SIZE)[0]
            ha, dx = "center", 0.0
            if mark + label_width / 2 > frame.plot_width:
                ha, dx = "right", 4.0
            elif mark - label_width / 2 < 0:
                ha, dx = "left", -4.0
            axes.annotate(
                row.target_label, (row.target, i), xytext=(dx, thickness / 2 + 2),
                textcoords="offset points", ha=ha, va="bottom", fontsize=KEY_NOTE_SIZE,
                color=style.TARGET_COLOUR, annotation_clip=False, gid="target-label",
            )  # fmt: skip
        state: dict[str, Any] = {
            "xycoords": ("axes fraction", "data"),
            "textcoords": "offset points",
            "ha": "left",
            "annotation_clip": False,
        }
        axes.annotate(
            row.state_label, (1.0, i), xytext=(_STATE_GAP, 1 if row.state_note else 0),
            va="bottom" if row.state_note else "center", fontsize=KEY_STATE_SIZE,
            fontweight="bold", color=style.TEXT, gid="state-label", **state,
        )  # fmt: skip
        if row.state_note:
            axes.annotate(
                row.state_note, (1.0, i), xytext=(_STATE_GAP, -1), va="top",
                fontsize=KEY_NOTE_SIZE, color=style.MUTED, gid="state-note", **state,
            )  # fmt: skip
    targets = [(row.target, i) for i, row in enumerate(rows) if row.target is not None]
    if targets:
        axes.plot(
            [t for t, _ in targets], [i for _, i in targets], color=style.TARGET_COLOUR,
            linestyle="none", marker="D", markersize=_TARGET_MARKER,
            markerfacecolor=style.WHITE, markeredgewidth=1.8, zorder=_MARKER_ZORDER,
            label="Target", gid="target", clip_on=False,
        )  # fmt: skip
