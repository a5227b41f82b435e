"""Drawing chart specs with matplotlib's Agg renderer, byte for byte the same on every run.

Only this module imports matplotlib. Figures are built with :class:`Figure` and an
Agg canvas directly (no pyplot, no global backend), inside an rc context that sets
every style value, so nothing leaks into or in from the caller's matplotlib state.
The figure is drawn at its print size (16 cm wide), so font sizes are true points.
"""

from __future__ import annotations

import dataclasses
import io
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from matplotlib import style as mpl_style
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator

from boardpack.charts import style
from boardpack.charts.alt_text import MONTH_ABBR
from boardpack.charts.specs import BarData, ChartSpec, LineData, PointData
from boardpack.dates import month_end

PT_PER_CM = 72 / 2.54
PAD = 8.0  # points of white space around the figure's edge


@contextmanager
def house_style() -> Iterator[None]:
    """matplotlib's defaults plus the house style, restored on exit.

    A character the font lacks (an emoji in an area title) prints as a box, silently.
    """
    rc: dict[str, Any] = dict(style.RC)
    with mpl_style.context(["default", rc]), warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)
        yield


def draw_chart(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes: fixed size and dpi, no software or time stamp in the file."""
    with house_style():
        figure = build_figure(spec)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=spec.dpi, metadata={"Software": None})
    return buffer.getvalue()


def build_figure(spec: ChartSpec) -> Figure:
    """The chart's matplotlib figure (with an Agg canvas), for drawing or inspecting."""
    with house_style():
        # a whole number of pixels, so that the size never depends on rounding
        width_px, height_px = pixels(spec.width_cm, spec.dpi), pixels(spec.height_cm, spec.dpi)
        figure = Figure(figsize=(width_px / spec.dpi, height_px / spec.dpi), dpi=spec.dpi)
        FigureCanvasAgg(figure)
        if spec.kind == "bars" and spec.bars is not None:
            _draw_bars(figure, spec, spec.bars)
        elif spec.kind == "line" and spec.line is not None:
            _draw_line(figure, spec, spec.line)
        else:
            raise ValueError(f"a chart spec of kind {spec.kind!r} needs its data, got none")
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
    """Width and height in points of ``text`` as the renderer will draw it."""
    probe = figure.text(0, 0, text, fontsize=size, fontweight=weight)
    box = probe.get_window_extent()
    probe.remove()
    scale = 72 / figure.dpi
    return float(box.width) * scale, float(box.height) * scale


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
        thickness = (0.75 if small else 0.62) if data.horizontal else 0.6
        self.layout = _BarLayout(
            font=style.SMALL_VALUE_SIZE if small else style.VALUE_SIZE,
            pad=0.1 if small else 0.22,
            thickness=thickness,
        )
        self.thickness_pt = thickness * across / max(len(data.categories), 1)
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
                    extra += sum(self.along(b.text) + _GAP for b in self.beyond(i, layout.inside))
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
    if data.horizontal:
        widest = max((_text_size(figure, c, tick_size)[0] for c in data.categories), default=0)
        frame.left = PAD + min(widest, frame.width * 0.45) + 6
        frame.bottom = PAD + axis_label + tick_size * 1.4 + 4
        return
    frame.left = PAD + axis_label + _text_size(figure, "000", tick_size)[0] + 6
    if data.rotate_labels:
        widest = max((_text_size(figure, c, tick_size)[0] for c in data.categories), default=0)
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
    axes.tick_params(axis="y" if data.horizontal else "x", length=0, labelsize=tick_size, pad=5)
    axes.tick_params(axis="x" if data.horizontal else "y", length=0, pad=4)
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
        for label in [] if beside else labeller.beyond(i, layout.inside):
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


def _annotate(
    axes: Axes,
    point: PointData,
    colour: str,
    above: bool,
    limits: tuple[float, float, float, float],
) -> None:
    x_low, x_high, y_low, y_high = limits
    x = _day(point.date)
    share = (x - x_low) / (x_high - x_low)
    ha = "left" if share < 0.12 else "right" if share > 0.88 else "center"
    room = (point.value - y_low) / (y_high - y_low)
    if above and room > 0.9:
        above = False
    elif not above and room < 0.1:
        above = True
    axes.annotate(
        point.label,
        (x, point.value),
        xytext=(0, 8 if above else -9),
        textcoords="offset points",
        ha=ha,
        va="bottom" if above else "top",
        fontsize=style.VALUE_SIZE,
        fontweight="bold",
        color=colour,
        bbox={"boxstyle": "square,pad=0.15", "facecolor": style.WHITE, "edgecolor": "none"},
        annotation_clip=False,
        zorder=6,
        gid="point-label",
    )


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


def _draw_line(figure: Figure, spec: ChartSpec, data: LineData) -> None:
    frame = _frame(figure)
    frame.top = _header(figure, frame, spec.title, data.note, _line_handles(data))
    tick_text = "100%" if data.unit == "%" else f"{data.y_max:,.0f}"
    frame.left = (
        PAD + style.LABEL_SIZE * 1.4 + 4 + _text_size(figure, tick_text, style.TICK_SIZE)[0] + 6
    )
    frame.bottom = PAD + style.TICK_SIZE * 1.4 + 6
    frame.right = PAD + 10
    axes = figure.add_axes(frame.rect())
    _plain_axes(axes)

    as_at = date.fromisoformat(data.as_at)
    days = [date.fromisoformat(p.date) for p in (*data.baselines, *data.actuals, *data.targets)]
    first, last = min([*days, as_at]), max([*days, as_at])
    span = (last - first).days
    pad = max(20.0, span * 0.07)
    x_low, x_high = _days(first) - pad, _days(last) + pad
    axes.set_xlim(x_low, x_high)
    axes.set_ylim(data.y_min, data.y_max)
    limits = (x_low, x_high, data.y_min, data.y_max)

    axes.axvline(
        _days(as_at), color=style.AS_AT_COLOUR, linestyle=(0, (4, 3)), linewidth=1.2,
        zorder=1, label="As-at date",
    )  # fmt: skip
    share = (_days(as_at) - x_low) / (x_high - x_low)
    axes.annotate(
        data.as_at_label,
        (_days(as_at), 0.0),
        xycoords=("data", "axes fraction"),
        xytext=(-4 if share > 0.5 else 4, 4),
        textcoords="offset points",
        ha="right" if share > 0.5 else "left",
        va="bottom",
        fontsize=style.VALUE_SIZE,
        color=style.AS_AT_COLOUR,
        gid="as-at-label",
    )
    if data.actuals:
        axes.plot(
            [_day(p.date) for p in data.actuals], [p.value for p in data.actuals],
            color=style.ACTUAL_COLOUR, linewidth=2, marker="o", markersize=6, zorder=4,
            label="Actual", gid="actual", clip_on=False,
        )  # fmt: skip
    if data.baselines:
        axes.plot(
            [_day(p.date) for p in data.baselines], [p.value for p in data.baselines],
            color=style.BASELINE_COLOUR, linestyle="none", marker="s", markersize=6, zorder=4,
            label="Baseline", gid="baseline", clip_on=False,
        )  # fmt: skip
    if data.targets:
        axes.plot(
            [_day(p.date) for p in data.targets], [p.value for p in data.targets],
            color=style.TARGET_COLOUR, linestyle="none", marker="D", markersize=6.5,
            markerfacecolor=style.WHITE, markeredgewidth=1.8, zorder=5, label="Target",
            gid="target", clip_on=False,
        )  # fmt: skip
    for point in data.actuals:
        _annotate(axes, point, style.ACTUAL_COLOUR, True, limits)
    for point in data.baselines:
        _annotate(axes, point, style.BASELINE_COLOUR, True, limits)
    for point in data.targets:
        _annotate(axes, point, style.TARGET_COLOUR, False, limits)

    ticks = _month_ticks(
        date.fromordinal(first.toordinal() - int(pad)),
        date.fromordinal(last.toordinal() + int(pad)),
    )
    axes.set_xticks(
        [_days(t) for t in ticks],
        labels=[f"{MONTH_ABBR[t.month]} {t.year}" for t in ticks],
    )
    if data.unit == "%":
        axes.yaxis.set_major_locator(MultipleLocator(20 if data.y_max - data.y_min <= 150 else 50))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}%"))
    else:
        axes.yaxis.set_major_locator(
            MaxNLocator(nbins=6, integer=data.y_max >= 5, steps=[1, 2, 2.5, 5, 10])
        )
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,g}"))
    axes.yaxis.grid(True, color=style.GRID, linewidth=0.6)
    axes.xaxis.grid(False)
    axes.tick_params(axis="y", length=0, pad=4)
    axes.tick_params(axis="x", length=3, pad=4)
    axes.set_ylabel(data.value_label)
