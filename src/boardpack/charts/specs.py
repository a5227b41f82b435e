"""What each chart shows, as plain data: cheap to build and never imports matplotlib.

A :class:`ChartSpec` holds everything needed to draw one chart (labels, numbers,
colours, title, alt text, size) as JSON-able values; its :meth:`ChartSpec.key`
names the picture, so a cache can skip drawing charts whose data has not changed.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import json
import math
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from typing import Literal

from boardpack.charts import style
from boardpack.charts.alt_text import (
    STATE_WORDS,
    KeyMeasureFacts,
    bar_alt_text,
    format_value,
    key_measures_alt_text,
    measure_alt_text,
    month_date,
    short_date,
)
from boardpack.charts.text_width import text_width, wrap_to_width
from boardpack.model import DEFAULT_RAG_KEY, RAG_DISPLAY_ORDER, Area, MeasureValue, Plan
from boardpack.status import MeasureStatus, PackStatus, RagCounts

ChartKind = Literal["bars", "line", "bullets"]

PERIOD_CHART = "rag-by-period"
AREA_CHART = "rag-by-area"
KEY_MEASURES_CHART = "key-measures"
#: the charts of the whole plan that the documents place together, in this order
SUMMARY_CHARTS = (PERIOD_CHART, AREA_CHART)

#: Area charts with more areas than this get one-line labels and tighter rows.
MANY_AREAS = 14
_AREA_LABEL_WIDTH = 36  # characters per line of an area label
_AREA_ROW_CM = 0.85  # two-line labels
_AREA_ROW_MIN_CM = 0.38
_AREA_PLOT_MAX_CM = 19.0
_AREA_FRAME_CM = 3.2  # title, legend and axis around the rows
#: the title runs from one padded edge of the figure to the other
_TITLE_WIDTH_PT = style.WIDTH_PT - 2 * style.PAD_PT
_AREA_LABEL_WIDTH_PT = style.WIDTH_PT * 0.45  # the widest the area chart's labels may be
#: a measure chart labels every actual up to this many, else only the ones that matter
_ALL_ACTUAL_LABELS = 6
#: figures (baselines and actuals) a measure needs before the documents show it as a
#: chart; with fewer it is a line of text, and its chart is not drawn for the pack
MIN_FIGURES = 2
_STEM_LENGTH = 64  # characters of a measure id kept in its chart's file name
_NAME_LENGTH = 100  # characters of any chart's name, before a "-2" suffix
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
    labelled: bool = True  # whether the chart prints the label beside the point


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
class BulletRow:
    """One measure of the key-measures chart: its latest actual against its target."""

    measure_id: str
    label: str  # the measure's name, wrapped with "\n"
    actual: float
    actual_label: str  # "87%"
    target: float | None
    target_label: str  # "85% by Dec 2019", or "" without a target
    state: str  # "met", "off_track" or "no_target"
    state_label: str  # "Target met"
    state_note: str = ""  # "(60% due Sep 2019)": the target judged, when not the one drawn


@dataclass(frozen=True)
class BulletData:
    """Rows of latest actuals against targets, on one common axis."""

    unit: str
    value_label: str
    x_min: float
    x_max: float
    rows: tuple[BulletRow, ...]
    note: str


@dataclass(frozen=True)
class ChartSpec:
    """Everything needed to draw one chart; ``bars``, ``line`` or ``bullets`` is set, as
    ``kind`` says. ``name`` is a safe file stem (see :func:`safe_name`)."""

    name: str
    kind: ChartKind
    title: str
    alt_text: str
    width_cm: float
    height_cm: float
    dpi: int = style.DPI
    bars: BarData | None = None
    line: LineData | None = None
    bullets: BulletData | None = None
    measure_id: str | None = None
    area_ids: tuple[str, ...] = ()

    @property
    def size_px(self) -> tuple[int, int]:
        """The picture's width and height in pixels."""
        return pixels(self.width_cm, self.dpi), pixels(self.height_cm, self.dpi)

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
        """SHA-256 (hex) of the canonical JSON, the style version and the drawing
        libraries' versions: the picture's name."""
        payload = f"{style.STYLE_VERSION}\n{renderer_versions()}\n{self.to_json()}".encode()
        return hashlib.sha256(payload).hexdigest()


def pixels(cm: float, dpi: int) -> int:
    """The number of pixels ``cm`` centimetres take at ``dpi``."""
    return round(cm / 2.54 * dpi)


@functools.cache
def renderer_versions() -> str:
    """``matplotlib 3.11.2; pillow 11.3.0; zlib 1.2.13``: what draws and encodes the
    pictures.

    Read from the installed packages' metadata, so that keying a chart never imports
    matplotlib (a build whose charts are all cached must not). matplotlib rasterises
    text with FreeType, and its wheels build the FreeType release pinned by that
    matplotlib version into the wheel, so matplotlib's version also names FreeType's;
    Python's zlib compresses the PNG. A matplotlib built from source against a
    system FreeType could change glyphs without changing version: after upgrading
    such a FreeType, delete the chart cache.
    """
    parts = []
    for package in ("matplotlib", "pillow"):
        try:
            parts.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package} missing")
    parts.append(f"zlib {zlib.ZLIB_RUNTIME_VERSION}")
    return "; ".join(parts)


def figures(status: PackStatus, measure_status: MeasureStatus) -> int:
    """How many figures (baselines and actuals) a measure has up to the as-at date."""
    return sum(1 for v in measure_points(status, measure_status) if v.kind != "Target")


def chart_specs(status: PackStatus) -> list[ChartSpec]:
    """The pack's charts in order: RAG by period, RAG by area, key measures against
    target (when a measure in per cent has an actual), then each measure with data.

    Measures keep sheet order; a measure with no data points up to the as-at date
    (targets count whatever their date) has no chart. Every name is a safe file stem,
    unique ignoring case.
    """
    specs = [period_spec(status), area_spec(status)]
    key_measures = key_measures_spec(status)
    if key_measures is not None:
        specs.append(key_measures)
    for measure_status in status.measures:
        spec = measure_spec(status, measure_status)
        if spec is not None:
            specs.append(spec)
    names = unique_names(spec.name for spec in specs)
    return [
        spec if spec.name == name else dataclasses.replace(spec, name=name)
        for spec, name in zip(specs, names, strict=True)
    ]


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_stem(text: str, length: int = _STEM_LENGTH) -> str:
    """``M1`` → ``M1``, ``a/b`` → ``a-b``, ``/../x`` → ``x``, ``Mé 1`` → ``Me-1``.

    ASCII letters, digits, ``.``, ``_`` and ``-`` only (accents dropped, any other run
    of characters a ``-``), no leading or trailing ``.`` or ``-``, at most ``length``
    characters; ``""`` when nothing is left.
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("-", plain).strip(".-")
    return stem[:length].rstrip(".-")


def safe_name(name: str, fallback: str = "chart") -> str:
    """``name`` as a file stem that stays in the charts folder on any file system."""
    return file_stem(name, _NAME_LENGTH) or fallback


def unique_names(names: Iterable[str]) -> list[str]:
    """Safe names, the second and later of a name equal ignoring case suffixed ``-2``,
    ``-3``, ... in order, so that the same plan always gives the same names."""
    taken: set[str] = set()
    unique = []
    for name in names:
        base = safe_name(name)
        candidate, count = base, 1
        while candidate.lower() in taken:
            count += 1
            candidate = f"{base}-{count}"
        taken.add(candidate.lower())
        unique.append(candidate)
    return unique


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


#: roughly the period chart's plot width: the figure less its value axis and padding
_BAR_PLOT_WIDTH_PT = (
    style.WIDTH_PT
    - 2 * style.PAD_PT
    - style.LABEL_SIZE * 1.4
    - 14
    - text_width("000", style.TICK_SIZE)
)


def period_categories(
    periods: Sequence[date], highlight: int | None
) -> tuple[tuple[str, ...], bool, bool]:
    """The period chart's axis labels, whether they are small, and whether turned upright.

    ``31 Mar 2019`` on one line for up to 8 periods, wrapped after the month for up to
    14, else turned to read upwards; a form is used only when no two neighbouring
    labels (the current one in bold) would meet, else the next one is.
    """
    count = len(periods)
    small = count > _ONE_LINE_PERIODS
    size = style.SMALL_TICK_SIZE if small else style.TICK_SIZE
    pitch = _BAR_PLOT_WIDTH_PT / max(count, 1)
    room = pitch - 4

    def labels(wrapped: bool, upright: bool) -> tuple[str, ...]:
        # an upright label takes a second line only where two lines fit across a bar
        beside = upright and room < 2 * size * 1.25
        found = []
        for i, period in enumerate(periods):
            day_month, year = short_date(period).rsplit(" ", 1)
            text = f"{day_month}\n{year}" if wrapped else f"{day_month} {year}"
            if i == highlight:
                text += " (current)" if beside else "\n(current)"
            found.append(text)
        return tuple(found)

    def fit(found: tuple[str, ...]) -> bool:
        """Whether neighbouring labels, each centred under its bar, stay apart, and the
        last stays inside the figure's right edge."""
        widths = [text_width(c, size, i == highlight) for i, c in enumerate(found)]
        apart = all((a + b) / 2 <= room for a, b in itertools.pairwise(widths))
        return apart and (not widths or widths[-1] / 2 <= pitch / 2 + style.PAD_PT)

    if count <= _ONE_LINE_PERIODS and fit(one_line := labels(False, False)):
        return one_line, small, False
    if count <= _WRAPPED_PERIODS and fit(wrapped := labels(True, False)):
        return wrapped, small, False
    return labels(False, True), small, True


def period_spec(status: PackStatus) -> ChartSpec:
    """Stacked bars of RAG counts per reporting period, the current period marked."""
    periods = [pc.period for pc in status.period_counts]
    series = _series(status.plan, [pc.counts for pc in status.period_counts])
    highlight = periods.index(status.period) if status.period in periods else None
    categories, small, upright = period_categories(periods, highlight)
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
            small_labels=small,
            rotate_labels=upright,
        ),
    )


def area_label(area: Area, lines: int, size: float = style.TICK_SIZE) -> str:
    """``1. Assessments of children's needs…``: number and short title for an axis, in
    lines of at most 36 characters that fit the chart's label column at ``size``."""
    title = " ".join(area.title.split())
    text = f"{area.id}. {title}" if title else area.id
    return wrap_to_width(text, _AREA_LABEL_WIDTH_PT, size, lines=lines, max_chars=_AREA_LABEL_WIDTH)


def area_spec(status: PackStatus) -> ChartSpec:
    """Horizontal stacked bars, one per area, split by RAG status.

    Up to :data:`MANY_AREAS` areas get two-line labels; more get one-line labels and
    tighter rows, the chart growing in height up to an A4 page.
    """
    areas = status.areas
    many = len(areas) > MANY_AREAS
    series = _series(status.plan, [a.counts for a in areas])
    size = style.SMALL_TICK_SIZE if many else style.TICK_SIZE
    categories = tuple(area_label(a.area, 1 if many else 2, size) for a in areas)
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


def measure_points(status: PackStatus, measure_status: MeasureStatus) -> list[MeasureValue]:
    """The values a measure chart shows, as the rules count them at the as-at date.

    Actuals and baselines dated after as at are left out (the rules judge only actuals
    up to then; targets count whatever their date). Of two values with the same date
    and kind, the later row counts, as in the rules. In date order, then kind.
    """
    kept: dict[tuple[date, str], MeasureValue] = {}
    for value in measure_status.values:  # by date, rows in sheet order
        if value.kind != "Target" and value.date > status.as_at:
            continue
        kept[(value.date, value.kind)] = value
    return sorted(kept.values(), key=lambda v: (v.date, v.kind))


def labelled_actuals(values: Sequence[float]) -> set[int]:
    """Which actuals a chart labels: all of a short series, else the first, the latest,
    the lowest and the highest (the first of equal values)."""
    count = len(values)
    if count <= _ALL_ACTUAL_LABELS:
        return set(range(count))
    low = min(range(count), key=lambda i: (values[i], i))
    high = max(range(count), key=lambda i: (values[i], -i))
    return {0, count - 1, low, high}


def measure_spec(status: PackStatus, measure_status: MeasureStatus) -> ChartSpec | None:
    """A measure's baselines, actuals and targets over time; ``None`` when it has no data."""
    measure = measure_status.measure
    values = measure_points(status, measure_status)
    if not values:
        return None
    unit = measure.unit
    by_kind: dict[str, list[tuple[date, float]]] = {"Baseline": [], "Actual": [], "Target": []}
    for value in values:
        by_kind.setdefault(value.kind, []).append((value.date, float(value.value)))
    shown_actuals = labelled_actuals([number for _, number in by_kind["Actual"]])

    def points(kind: str, by: bool) -> tuple[PointData, ...]:
        return tuple(
            PointData(
                date=when.isoformat(),
                value=number,
                label=f"{format_value(number, unit)}" + (f" by {month_date(when)}" if by else ""),
                labelled=kind != "Actual" or i in shown_actuals,
            )
            for i, (when, number) in enumerate(by_kind[kind])
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
    title = wrap_to_width(
        measure.name or measure.id, _TITLE_WIDTH_PT, style.TITLE_SIZE, bold=True, lines=3
    )
    stem = file_stem(measure.id)
    return ChartSpec(
        name=f"measure-{stem}" if stem else "measure",
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


# --- key measures against target --------------------------------------------------------

#: the key-measures chart's columns: measure names on the left, judgements on the right
KEY_NAME_WIDTH_PT = style.WIDTH_PT * 0.34
KEY_STATE_SIZE = style.VALUE_SIZE
KEY_NOTE_SIZE = style.MIN_TEXT_SIZE
_KEY_ROW_CM = 1.1
_KEY_ROW_MIN_CM = 0.95
_KEY_PLOT_MAX_CM = 19.0
_KEY_FRAME_CM = 3.7  # title, note, legend and axis around the rows


def _judgement(measure_status: MeasureStatus) -> tuple[str, str]:
    """The state in words (``target met``) and the target judged, when it is not the one
    drawn (``60% due Sep 2019``)."""
    next_target, judged = measure_status.next_target, measure_status.judged_target
    if measure_status.status == "no_target" and next_target is None:
        return "no target set", ""
    words = STATE_WORDS.get(measure_status.status, measure_status.status)
    if judged is None or (next_target is not None and judged == next_target):
        return words, ""
    unit = measure_status.measure.unit
    return words, f"{format_value(judged.value, unit)} due {month_date(judged.date)}"


def key_measures_spec(status: PackStatus) -> ChartSpec | None:
    """Each measure in per cent with an actual: its latest actual against its next
    target (else its last), with the judgement in words; ``None`` when there is none.

    Measures in other units (days, numbers) are left out, since one axis cannot show
    them fairly; the alt text names them. Rows keep sheet order.
    """
    rows: list[BulletRow] = []
    facts: list[KeyMeasureFacts] = []
    left_out: list[str] = []
    for measure_status in status.measures:
        measure, latest = measure_status.measure, measure_status.latest
        if latest is None or measure_status.status == "no_data":  # as the briefing's table
            continue
        name = " ".join((measure.name or measure.id).split())
        if measure.unit != "%":
            left_out.append(name)
            continue
        target = measure_status.next_target
        words, judged = _judgement(measure_status)
        target_label = (
            f"{format_value(target.value, '%')} by {month_date(target.date)}" if target else ""
        )
        rows.append(
            BulletRow(
                measure_id=measure.id,
                label=wrap_to_width(name, KEY_NAME_WIDTH_PT, style.TICK_SIZE, lines=2),
                actual=float(latest.value),
                actual_label=format_value(latest.value, "%"),
                target=float(target.value) if target else None,
                target_label=target_label,
                state=measure_status.status,
                state_label=words[:1].upper() + words[1:],
                state_note=f"({judged})" if judged else "",
            )
        )
        facts.append(
            KeyMeasureFacts(
                name=name,
                actual=f"{format_value(latest.value, '%')} ({month_date(latest.date)})",
                target=target_label,
                judgement=f"{words} ({judged})" if judged else words,
            )
        )
    if not rows:
        return None
    numbers = [r.actual for r in rows] + [r.target for r in rows if r.target is not None]
    x_max = max(100.0, float(math.ceil(max(numbers) / 10) * 10))
    x_min = min(0.0, float(math.floor(min(numbers) / 10) * 10))
    row_cm = max(_KEY_ROW_MIN_CM, min(_KEY_ROW_CM, _KEY_PLOT_MAX_CM / len(rows)))
    note = f"Latest actual and target (the next, else the last), as at {short_date(status.as_at)}."
    if left_out:
        note += " Measures in per cent only."
    return ChartSpec(
        name=KEY_MEASURES_CHART,
        kind="bullets",
        title="Key measures against target",
        alt_text=key_measures_alt_text(status.as_at, facts, left_out),
        width_cm=style.WIDTH_CM,
        height_cm=round(len(rows) * row_cm + _KEY_FRAME_CM, 2),
        bullets=BulletData(
            unit="%",
            value_label=_axis_label("%"),
            x_min=x_min,
            x_max=x_max,
            rows=tuple(rows),
            note=note,
        ),
    )


__all__ = [
    "AREA_CHART",
    "KEY_MEASURES_CHART",
    "PERIOD_CHART",
    "SUMMARY_CHARTS",
    "BarData",
    "BulletData",
    "BulletRow",
    "ChartSpec",
    "LineData",
    "PointData",
    "StatusSeries",
    "chart_specs",
]
