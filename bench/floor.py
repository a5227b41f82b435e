"""The plain floor: the least library work a pack of the same size could be made with.

Reads every cell of the master with openpyxl (read-only), draws as many simple
matplotlib bar charts as the pack has (6.3 x 3 in at 150 dpi, a title and four bars,
saved as PNG), and renders two docxtpl documents, each with a ``{%tr for %}`` table
over every action whose last cell is filled with its RAG colour (``cellbg``). No
validation, no rules, no house style, no accessibility work.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

# the reading, table header and stage timing are the baseline's own
from baseline import HEADERS, Rows, _day, _Stages, _text, read_every_cell

WIDTH_IN, HEIGHT_IN, DPI = 6.3, 3.0, 150
RAG_FILL = {"B": "0070C0", "G": "00B050", "A": "FFC000", "R": "C00000"}


def draw_charts(count: int) -> list[bytes]:
    """``count`` PNGs, each a new figure: a title and four bars."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    pngs = []
    for n in range(count):
        figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        axes.bar(["Blue", "Green", "Amber", "Red"], [n % 5 + 1, 4, 3, 2])
        axes.set_title(f"Chart {n + 1}")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI)
        pngs.append(buffer.getvalue())
    return pngs


def _template() -> io.BytesIO:
    """A docxtpl template: a title and a looped action table with a RAG-filled cell."""
    from docx import Document

    document = Document()
    document.add_heading("{{ title }}", 0)
    table = document.add_table(rows=4, cols=len(HEADERS))
    for cell, header in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = header
    table.rows[1].cells[0].text = "{%tr for a in actions %}"
    fields = ("ref", "text", "target", "progress")
    for cell, name in zip(table.rows[2].cells, fields, strict=False):
        cell.text = "{{ a." + name + " }}"
    table.rows[2].cells[4].text = "{% cellbg a.fill %}{{ a.rag }}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def _actions(sheets: dict[str, Rows]) -> list[dict[str, str]]:
    """Every action with its latest progress and RAG."""
    latest: dict[str, tuple[date, str, str]] = {}
    for row in sheets["updates"][1:]:
        if row[0] is not None:
            ref, period = _text(row[1]), _day(row[0])
            if ref not in latest or latest[ref][0] < period:
                latest[ref] = (period, _text(row[3]), _text(row[2]))
    actions = []
    for r in sheets["actions"][1:]:
        if r[0] is None:
            continue
        _, progress, rag = latest.get(_text(r[0]), (None, "", ""))
        actions.append(
            {
                "ref": _text(r[0]),
                "text": _text(r[2]),
                "target": _text(r[3]),
                "progress": progress,
                "rag": rag,
                "fill": RAG_FILL.get(rag[:1].upper(), "FFFFFF"),
            }
        )
    return actions


def render_documents(sheets: dict[str, Rows]) -> dict[str, bytes]:
    """Two documents, every action a table row with its latest progress and RAG."""
    from docxtpl import DocxTemplate

    actions = _actions(sheets)
    documents = {}
    for name in ("members-update.docx", "cabinet-briefing.docx"):
        template = DocxTemplate(_template())
        template.render({"title": "Improvement plan", "actions": actions}, autoescape=True)
        buffer = io.BytesIO()
        template.save(buffer)
        documents[name] = buffer.getvalue()
    return documents


def run_floor(master: Path, charts: int, tmpdir: Path) -> dict[str, float]:
    """Do the plain work for ``master`` and ``charts`` charts into ``tmpdir``; seconds per stage."""
    stages = _Stages()
    with stages.stage("read"):
        sheets = read_every_cell(master)
    with stages.stage("charts"):
        pngs = draw_charts(charts)
    with stages.stage("render"):
        documents = render_documents(sheets)
    with stages.stage("write"):
        (tmpdir / "charts").mkdir(parents=True, exist_ok=True)
        for n, png in enumerate(pngs):
            (tmpdir / "charts" / f"chart-{n}.png").write_bytes(png)
        for name, data in documents.items():
            (tmpdir / name).write_bytes(data)
    return stages.seconds


if __name__ == "__main__":
    import json
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        seconds = run_floor(Path(sys.argv[1]), int(sys.argv[2]), Path(folder))
        print(json.dumps(seconds, indent=1))
