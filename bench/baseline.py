"""The floor: only the library work a pack of the same size cannot avoid.

Reads every cell of the master with openpyxl, draws as many matplotlib charts as the
pack has (RAG by period, RAG by area, one per measure) at the pack's size and
resolution, and fills two docxtpl documents whose tables hold every action, the
first with every chart in it. No validation, no rules, no styling beyond that.
"""

from __future__ import annotations

import io
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

CM = 1 / 2.54
DPI = 200
EPOCH = date(1970, 1, 1)  # matplotlib's day zero
RAG_COLOURS = (
    ("B", "#0070C0", ""),
    ("G", "#00B050", "//"),
    ("A", "#FFC000", ".."),
    ("R", "#C00000", "xx"),
)
HEADERS = ("Ref", "Impact of actions", "Original target / timescales", "Progress", "RAG")

Rows = list[tuple[Any, ...]]


class _Stages:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


def read_every_cell(master: Path) -> dict[str, Rows]:
    """Every row of every sheet, as values, keyed by lower-case sheet name."""
    from openpyxl import load_workbook

    book = load_workbook(master, read_only=True, data_only=True)
    try:
        return {ws.title.strip().lower(): list(ws.iter_rows(values_only=True)) for ws in book}
    finally:
        book.close()


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _day(value: object) -> date:
    return value.date() if isinstance(value, datetime) else date.fromisoformat(_text(value))


def _stacked_bars(
    title: str, labels: list[str], counts: list[Counter[str]], *, horizontal: bool
) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height = min(22.0, 3.2 + 0.4 * len(labels)) if horizontal else 9.0
    figure = Figure(figsize=(16 * CM, max(9.0, height) * CM), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    base = [0] * len(labels)
    for code, colour, hatch in RAG_COLOURS:
        values = [c[code] for c in counts]
        draw = axes.barh if horizontal else axes.bar
        bars = draw(positions, values, 0.7, base, color=colour, hatch=hatch, label=code)
        axes.bar_label(bars, labels=[str(v) if v else "" for v in values], label_type="center")
        base = [b + v for b, v in zip(base, values, strict=True)]
    if horizontal:
        axes.set_yticks(positions, labels, fontsize=7)
        axes.invert_yaxis()
    else:
        axes.set_xticks(positions, labels, fontsize=8)
    axes.set_title(title)
    axes.legend(ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.08), frameon=False)
    axes.grid(axis="x" if horizontal else "y", color="#D9D9D9")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _line(title: str, points: dict[str, list[tuple[date, float]]]) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(16 * CM, 9 * CM), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    styles = {
        "Actual": ("o-", "#1F4E79"),
        "Baseline": ("s--", "#595959"),
        "Target": ("D", "#C00000"),
    }
    for kind, series in sorted(points.items()):
        marker, colour = styles.get(kind, ("o", "#000000"))
        xs = [float((d - EPOCH).days) for d, _ in series]
        ys = [v for _, v in series]
        axes.plot(xs, ys, marker, color=colour, label=kind)
        for x, y in zip(xs, ys, strict=True):
            axes.annotate(f"{y:g}", (x, y), textcoords="offset points", xytext=(0, 6), fontsize=7)
    axes.set_title(title, fontsize=10)
    axes.grid(color="#D9D9D9")
    axes.legend(frameon=False)
    axes.xaxis_date()
    figure.autofmt_xdate()
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def draw_charts(sheets: dict[str, Rows]) -> dict[str, bytes]:
    """RAG by period, RAG by area and one line chart per measure, as PNG bytes."""
    updates = sheets["updates"][1:]
    area_of = {_text(r[0]): _text(r[1]) for r in sheets["actions"][1:] if r[0] is not None}
    by_period: defaultdict[date, Counter[str]] = defaultdict(Counter)
    latest: dict[str, tuple[date, str]] = {}
    for row in updates:
        if row[0] is None:
            continue
        period, ref, rag = _day(row[0]), _text(row[1]), _text(row[2])[:1].upper()
        by_period[period][rag] += 1
        if ref not in latest or latest[ref][0] < period:
            latest[ref] = (period, rag)
    by_area: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for ref, (_, rag) in latest.items():
        by_area[area_of.get(ref, "")][rag] += 1
    periods = sorted(by_period)
    areas = [_text(r[0]) for r in sheets["areas"][1:] if r[0] is not None]
    charts = {
        "rag-by-period": _stacked_bars(
            "Actions by RAG status",
            [p.isoformat() for p in periods],
            [by_period[p] for p in periods],
            horizontal=False,
        ),
        "rag-by-area": _stacked_bars(
            "Actions by area", areas, [by_area[a] for a in areas], horizontal=True
        ),
    }
    values: defaultdict[str, defaultdict[str, list[tuple[date, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in sheets.get("measure values", [])[1:]:
        if row[0] is not None:
            values[_text(row[0])][_text(row[2])].append((_day(row[1]), float(row[3])))
    for row in sheets.get("measures", [])[1:]:
        if row[0] is not None:
            charts[f"measure-{_text(row[0])}"] = _line(_text(row[1]), values[_text(row[0])])
    return charts


def _template(*, with_charts: bool) -> io.BytesIO:
    """A minimal docxtpl template: a title, optionally the charts, and a looped action table."""
    from docx import Document

    document = Document()
    document.add_heading("{{ title }}", 0)
    document.add_paragraph("{{ introduction }}")
    if with_charts:
        document.add_paragraph("{%p for chart in charts %}")
        document.add_paragraph("{{ chart }}")
        document.add_paragraph("{%p endfor %}")
    table = document.add_table(rows=4, cols=len(HEADERS))
    for cell, header in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = header
    table.rows[1].cells[0].text = "{%tr for a in actions %}"
    fields = ("ref", "text", "target", "progress", "rag")
    for cell, name in zip(table.rows[2].cells, fields, strict=True):
        cell.text = "{{ a." + name + " }}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def render_documents(sheets: dict[str, Rows], charts: dict[str, bytes]) -> dict[str, bytes]:
    """Both documents, every action a table row with its latest progress and RAG."""
    from docx.shared import Cm
    from docxtpl import DocxTemplate, InlineImage

    latest: dict[str, tuple[date, str, str]] = {}
    for row in sheets["updates"][1:]:
        if row[0] is not None:
            ref, period = _text(row[1]), _day(row[0])
            if ref not in latest or latest[ref][0] < period:
                latest[ref] = (period, _text(row[3]), _text(row[2]))
    actions = [
        {
            "ref": _text(r[0]),
            "text": _text(r[2]),
            "target": _text(r[3]),
            "progress": latest.get(_text(r[0]), (None, "", ""))[1],
            "rag": latest.get(_text(r[0]), (None, "", ""))[2],
        }
        for r in sheets["actions"][1:]
        if r[0] is not None
    ]
    documents = {}
    for name, with_charts in (("members-update.docx", True), ("cabinet-briefing.docx", False)):
        template = DocxTemplate(_template(with_charts=with_charts))
        context: dict[str, Any] = {
            "title": "Improvement plan: progress update",
            "introduction": "Progress against every action.",
            "actions": actions,
        }
        if with_charts:
            context["charts"] = [
                InlineImage(template, io.BytesIO(png), width=Cm(16)) for png in charts.values()
            ]
        template.render(context, autoescape=True)
        buffer = io.BytesIO()
        template.save(buffer)
        documents[name] = buffer.getvalue()
    return documents


def run_baseline(master: Path, tmpdir: Path) -> dict[str, float]:
    """Do the bare library work for ``master``, writing into ``tmpdir``; seconds per stage."""
    stages = _Stages()
    with stages.stage("read"):
        sheets = read_every_cell(master)
    with stages.stage("charts"):
        charts = draw_charts(sheets)
    with stages.stage("render"):
        documents = render_documents(sheets, charts)
    with stages.stage("write"):
        (tmpdir / "charts").mkdir(parents=True, exist_ok=True)
        for name, png in charts.items():
            (tmpdir / "charts" / f"{name}.png").write_bytes(png)
        for name, data in documents.items():
            (tmpdir / name).write_bytes(data)
    return stages.seconds


if __name__ == "__main__":
    import json
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        print(json.dumps(run_baseline(Path(sys.argv[1]), Path(folder)), indent=1))
