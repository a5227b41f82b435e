"""What each chart shows, as plain data: cheap to build and never imports matplotlib.

A :class:`ChartSpec` holds everything needed to draw one chart (labels, numbers,
colours, title, alt text, size) as JSON-able values; its :meth:`ChartSpec.key`
names the picture, so a cache can skip drawing charts whose data has not changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import textwrap
from dataclasses import dataclass
from datetime import date
from typing import Literal

from boardpack.charts import style
from boardpack.charts.alt_text import (
    STATE_WORDS,
    bar_alt_text,
    format_value,
    measure_alt_text,
    month_date,
    short_date,
)
from boardpack.model import DEFAULT_RAG_KEY, RAG_DISPLAY_ORDER, Area, Plan
from boardpack.status import MeasureStatus, PackStatus, RagCounts

ChartKind = Literal["bars", "line"]

PERIOD_CHART = "rag-by-period"
AREA_CHART = "rag-by-area"

#: Area charts with more areas than this get one-line labels and tighter rows.
MANY_AREAS = 14
_AREA_LABEL_WIDTH = 36  # characters per line of an area label
_AREA_ROW_CM = 0.85  # two-line labels
_AREA_ROW_MIN_CM = 0.38
_AREA_PLOT_MAX_CM = 19.0
_AREA_FRAME_CM = 3.2  # title, legend and axis around the rows
_TITLE_WIDTH = 70
_ONE_LINE_PERIODS = 8  # more periods than this get two-line labels
_WRAPPED_PERIODS = 14  # more than this get labels turned on their side


@dataclass(frozen=True)
class StatusSeries:
    """One status's counts across a bar chart's categories, with how it is drawn."""

    status: str  # "Blue"
    colour: str  # "#0070C0"
    text_colour: str  # black or white, whichever contrasts more with colour
    hatch_colour: str
    hatch: str  # matplotlib hatch pattern
    values: tuple[int, ...]


@dataclass(frozen=True)
class BarData:
    """A stacked bar chart: categories, one series per status, and the marked category."""

    categories: tuple[str, ...]  # axis labels, wrapped with "\n"
    series: tuple[StatusSeries, ...]
    horizontal: bool
    value_label: str
    highlight: int | None = None  # index of the category drawn in bold
    empty_message: str = ""
    small_labels: bool = False  # smaller tick and value labels, for crowded charts
    rotate_labels: bool = False  # category labels turned to read upwards


@dataclass(frozen=True)
class PointData:
    """One point of a measure chart."""

    date: str  # ISO date
    value: float
    label: str  # "47%", "60% by Sep 2019"


@dataclass(frozen=True)
class LineData:
    """A measure over time: baselines, actuals and targets, and the as-at date."""

    unit: str
    better: str
    value_label: str  # axis label, naming the unit
    y_min: float
    y_max: float
    baselines: tuple[PointData, ...]
    actuals: tuple[PointData, ...]
    targets: tuple[PointData, ...]
    as_at: str  # ISO date
    as_at_label: str
    note: str  # direction and judgement, printed under the title


@dataclass(frozen=True)
class ChartSpec:
    """Everything needed to draw one chart; ``bars`` or ``line`` is set, as ``kind`` says."""

    name: str
    kind: ChartKind
    title: str
    alt_text: str
    width_cm: float
    height_cm: float
    dpi: int = style.DPI
    bars: BarData | None = None
    line: LineData | None = None
    measure_id: str | None = None
    area_ids: tuple[str, ...] = ()

    def to_json(self) -> str:
        """Canonical JSON: sorted keys, no spaces, so equal specs give equal text."""
        return json.dumps(
            dataclasses.asdict(self),
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            allow_nan=False,
        )

    def key(self) -> str:
        """SHA-256 (hex) of the canonical JSON and the style version: the picture's name."""
        payload = f"{style.STYLE_VERSION}\n{self.to_json()}".encode()
        return hashlib.sha256(payload).hexdigest()


def chart_specs(status: PackStatus) -> list[ChartSpec]:
    """The pack's charts in order: RAG by period, RAG by area, then each measure with data.

    Measures keep sheet order; a measure with no data points has no chart.
    """
    specs = [period_spec(status), area_spec(status)]
    for measure_status in status.measures:
        spec = measure_spec(status, measure_status)
        if spec is not None:
            specs.append(spec)
    return specs


def _series(plan: Plan, columns: list[RagCounts]) -> tuple[StatusSeries, ...]:
    series = []
    for rag in RAG_DISPLAY_ORDER:
        entry = plan.rag_key.get(rag) or DEFAULT_RAG_KEY[rag]
        colour = style.hex_colour(entry.colour)
        series.append(
            StatusSeries(
                status=rag.word,
                colour=colour,
                text_colour=style.text_colour_on(colour),
                hatch_colour=style.hatch_colour_on(colour),
                hatch=style.RAG_HATCH[rag],
                values=tuple(int(counts.get(rag.word, 0)) for counts in columns),
            )
        )
    return tuple(series)


def _statuses() -> list[str]:
    return [rag.word for rag in RAG_DISPLAY_ORDER]


def _rows(names: list[str], series: tuple[StatusSeries, ...]) -> list[tuple[str, list[int]]]:
    return [(name, [s.values[i] for s in series]) for i, name in enumerate(names)]


def period_spec(status: PackStatus) -> ChartSpec:
    """Stacked bars of RAG counts per reporting period, the current period marked."""
    periods = [pc.period for pc in status.period_counts]
    series = _series(status.plan, [pc.counts for pc in status.period_counts])
    highlight = periods.index(status.period) if status.period in periods else None
    categories = tuple(
        period_label(p, len(periods)) + ("\n(current)" if i == highlight else "")
        for i, p in enumerate(periods)
    )
    if len(periods) > _WRAPPED_PERIODS:
        categories = tuple(c.replace("\n", " ") for c in categories)
    names = [
        short_date(p) + (" (current period)" if i == highlight else "")
        for i, p in enumerate(periods)
    ]
    empty = "No progress updates have been recorded."
    return ChartSpec(
        name=PERIOD_CHART,
        kind="bars",
        title="Actions by RAG status at each reporting period",
        alt_text=bar_alt_text(
            "Stacked bar chart of action status by reporting period.",
            _rows(names, series),
            _statuses(),
            empty,
        ),
        width_cm=style.WIDTH_CM,
        height_cm=style.BAR_HEIGHT_CM,
        bars=BarData(
            categories=categories,
            series=series,
            horizontal=False,
            value_label="Number of actions",
            highlight=highlight,
            empty_message=empty if not periods else "",
            small_labels=len(periods) > _ONE_LINE_PERIODS,
            rotate_labels=len(periods) > _WRAPPED_PERIODS,
        ),
    )


def period_label(period: date, count: int) -> str:
    """``31 Mar 2019``, wrapped after the month when there are many periods to fit."""
    text = short_date(period)
    if _ONE_LINE_PERIODS < count <= _WRAPPED_PERIODS:
        return text.rsplit(" ", 1)[0] + "\n" + text.rsplit(" ", 1)[1]
    return text


def shorten(text: str, width: int, lines: int) -> str:
    """Wrap ``text`` to at most ``lines`` lines of ``width`` characters, ending in '…' if cut."""
    words = " ".join(text.split())
    wrapped = textwrap.wrap(words, width=width, break_long_words=True)
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    kept = wrapped[:lines]
    last = kept[-1]
    while len(last) + 1 > width and " " in last:
        last = last.rsplit(" ", 1)[0]
    if len(last) + 1 > width:
        last = last[: width - 1]
    kept[-1] = last.rstrip(" ,;:-") + "…"
    return "\n".join(kept)


def area_label(area: Area, lines: int) -> str:
    """``1. Assessments of children's needs…``: number and short title for an axis."""
    title = " ".join(area.title.split())
    text = f"{area.id}. {title}" if title else area.id
    return shorten(text, _AREA_LABEL_WIDTH, lines)


def area_spec(status: PackStatus) -> ChartSpec:
    """Horizontal stacked bars, one per area, split by RAG status.

    Up to :data:`MANY_AREAS` areas get two-line labels; more get one-line labels and
    tighter rows, the chart growing in height up to an A4 page.
    """
    areas = status.areas
    many = len(areas) > MANY_AREAS
    series = _series(status.plan, [a.counts for a in areas])
    categories = tuple(area_label(a.area, 1 if many else 2) for a in areas)
    row_cm = _AREA_ROW_CM if not many else max(_AREA_ROW_MIN_CM, min(0.6, 19.0 / len(areas)))
    plot_cm = min(_AREA_PLOT_MAX_CM, max(len(areas), 3) * row_cm)
    empty = "The plan has no areas."
    return ChartSpec(
        name=AREA_CHART,
        kind="bars",
        title="Actions by RAG status in each area",
        alt_text=bar_alt_text(
            "Horizontal stacked bar chart of action status by area.",
            _rows([f"Area {a.area.id}" for a in areas], series),
            _statuses(),
            empty,
            short_names=("area number", [a.area.id for a in areas]),
        ),
        width_cm=style.WIDTH_CM,
        height_cm=round(plot_cm + _AREA_FRAME_CM, 2),
        bars=BarData(
            categories=categories,
            series=series,
            horizontal=True,
            value_label="Number of actions",
            empty_message=empty if not areas else "",
            small_labels=many,
        ),
        area_ids=tuple(a.area.id for a in areas),
    )


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ that is at least ``value``."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if step * power >= value:
            return step * power
    return 10.0 * power


def _axis_label(unit: str) -> str:
    return {"%": "Per cent (%)", "number": "Number", "days": "Days"}.get(unit, unit)


def measure_spec(status: PackStatus, measure_status: MeasureStatus) -> ChartSpec | None:
    """A measure's baselines, actuals and targets over time; ``None`` when it has no data."""
    measure = measure_status.measure
    values = sorted(measure_status.values, key=lambda v: (v.date, v.kind, v.value))
    if not values:
        return None
    unit = measure.unit
    by_kind: dict[str, list[tuple[date, float]]] = {"Baseline": [], "Actual": [], "Target": []}
    for value in values:
        by_kind.setdefault(value.kind, []).append((value.date, float(value.value)))

    def points(kind: str, by: bool) -> tuple[PointData, ...]:
        return tuple(
            PointData(
                date=when.isoformat(),
                value=number,
                label=f"{format_value(number, unit)}" + (f" by {month_date(when)}" if by else ""),
            )
            for when, number in by_kind[kind]
        )

    numbers = [v for points_ in by_kind.values() for _, v in points_]
    low = min(0.0, min(numbers))
    high = max(numbers)
    if unit == "%":
        y_max = 100.0 if high <= 100 else float(math.ceil(high / 10) * 10)
    else:
        y_max = _nice_ceiling(high * 1.15)
    y_min = 0.0 if low >= 0 else -_nice_ceiling(-low * 1.15)

    state = STATE_WORDS.get(measure_status.status, measure_status.status)
    better = "Higher" if measure.better == "higher" else "Lower"
    note = f"{better} is better. As at {short_date(status.as_at)}: {state}."
    area_ids: list[str] = []
    for ref in measure.action_refs:
        action = status.plan.action(ref)
        if action is not None and action.area not in area_ids:
            area_ids.append(action.area)
    title = shorten(measure.name or measure.id, _TITLE_WIDTH, 3)
    return ChartSpec(
        name=f"measure-{measure.id}",
        kind="line",
        title=title,
        alt_text=measure_alt_text(
            measure.name or measure.id,
            unit,
            measure.better,
            by_kind["Baseline"],
            by_kind["Actual"],
            by_kind["Target"],
            status.as_at,
            measure_status.status,
        ),
        width_cm=style.WIDTH_CM,
        height_cm=style.LINE_HEIGHT_CM + 0.5 * title.count("\n"),
        line=LineData(
            unit=unit,
            better=measure.better,
            value_label=_axis_label(unit),
            y_min=y_min,
            y_max=y_max,
            baselines=points("Baseline", by=False),
            actuals=points("Actual", by=False),
            targets=points("Target", by=True),
            as_at=status.as_at.isoformat(),
            as_at_label=f"As at {short_date(status.as_at)}",
            note=note,
        ),
        measure_id=measure.id,
        area_ids=tuple(area_ids),
    )


__all__ = [
    "AREA_CHART",
    "PERIOD_CHART",
    "BarData",
    "ChartSpec",
    "LineData",
    "PointData",
    "StatusSeries",
    "chart_specs",
]
