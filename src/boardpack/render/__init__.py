"""The Word documents: fill the templates with a pack, and check the templates.

This package is the only code that knows docxtpl and python-docx.

- :func:`render_documents` returns each document's .docx bytes, byte-identical
  for the same pack and charts, each one audited for accessibility;
- :func:`check_templates` lists the problems of each template, with their place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path

from jinja2 import TemplateError

from boardpack.charts.specs import KEY_MEASURES_CHART
from boardpack.problems import ERROR, InputError, Problem
from boardpack.render.accessibility import Finding
from boardpack.render.budget import MAX_OUTPUT_BYTES, Budgeted, BudgetExceeded, FillFailed
from boardpack.render.checks import check_template, check_templates, render_problems
from boardpack.render.documents import (
    TEMPLATE_NAMES,
    environment,
    marked_lines,
    marking,
    render_template,
    titles,
)
from boardpack.render.package import inspect, replace_media
from boardpack.render.template_package import mentions
from boardpack.status import Chart, PackStatus

__all__ = [
    "TEMPLATE_NAMES",
    "Filling",
    "check_templates",
    "render_documents",
    "unused_charts",
]


#: The charts drawn only when a template names the field that places them (no shipped
#: template places the chart of key measures: the briefing gives them as a table).
OPTIONAL_CHARTS = {"key_chart": KEY_MEASURES_CHART}


def unused_charts(
    templates_dir: Path, sources: Mapping[str, bytes] | None = None
) -> frozenset[str]:
    """The charts of :data:`OPTIONAL_CHARTS` that neither template names, which a build
    need not draw. A template that cannot be read counts as naming them all."""
    texts: list[bytes] = []
    for name in TEMPLATE_NAMES:
        data = (sources or {}).get(name)
        if data is None:
            try:
                data = (templates_dir / name).read_bytes()
            except OSError:
                return frozenset()
        texts.append(data)
    return frozenset(
        chart
        for field, chart in OPTIONAL_CHARTS.items()
        if not any(mentions(data, field) for data in texts)
    )


def render_documents(
    status: PackStatus,
    charts: Sequence[Chart],
    templates_dir: Path,
    sources: Mapping[str, bytes] | None = None,
) -> dict[str, bytes]:
    """``{"members-update.docx": bytes, "cabinet-briefing.docx": bytes}``.

    Raises :class:`InputError` carrying located problems when a template is
    missing or cannot be filled (never a raw Jinja traceback: each fill runs within the
    limits of :mod:`boardpack.render.budget`), or when a filled
    document fails the accessibility audit (``output-inaccessible``), so that a build
    writes nothing it could not publish. ``sources`` maps a template's name to its
    bytes as already read: those bytes are filled, and the file is not opened again.
    """
    return Filling(status, charts, templates_dir, sources).finish(charts)


class Filling:
    """Both documents being filled and audited, each in its own limited process, while
    this process goes on (:func:`render_documents` in two steps).

    The documents may be filled with stand-ins for charts still being drawn, each a PNG of
    the chart's own size (:attr:`boardpack.charts.pack.PlannedCharts.stand_ins`):
    :meth:`finish` puts the drawn pictures in their place.
    """

    def __init__(
        self,
        status: PackStatus,
        charts: Sequence[Chart],
        templates_dir: Path,
        sources: Mapping[str, bytes] | None = None,
    ) -> None:
        self._status, self._charts = status, list(charts)
        self._templates, self._sources = Path(templates_dir), dict(sources or {})
        missing = [
            problem
            for name in TEMPLATE_NAMES
            if name not in self._sources and not (self._templates / name).is_file()
            for problem in check_template(self._templates / name)
        ]
        if missing:
            raise InputError("a template is missing", missing)
        names = titles(status)
        self._fills = {
            name: Budgeted(
                partial(_fill_and_audit, self._source(name), status, self._charts, names[name]),
                what=name,
            )
            for name in TEMPLATE_NAMES
        }

    def _source(self, name: str) -> Path | bytes:
        source = self._sources.get(name)
        return self._templates / name if source is None else source

    def finish(self, charts: Sequence[Chart]) -> dict[str, bytes]:
        """Each document's bytes, with the pictures of ``charts`` (the charts it was
        filled with, drawn) in place of their stand-ins."""
        replaced = {
            planned.png: drawn.png
            for planned, drawn in zip(self._charts, charts, strict=True)
            if planned.png != drawn.png
        }
        if len(set(replaced.values())) < len(replaced) or set(replaced.values()) & {
            chart.png for chart in self._charts
        }:
            # two charts drawn alike are one picture in a document filled with them both
            self.cancel()
            return render_documents(self._status, charts, self._templates, self._sources)
        documents: dict[str, bytes] = {}
        try:
            for name, fill in self._fills.items():
                documents[name] = self._finished(name, fill, replaced)
        finally:
            self.cancel()
        return documents

    def _finished(
        self, name: str, fill: Budgeted[tuple[bytes, list[Finding]]], replaced: dict[bytes, bytes]
    ) -> bytes:
        try:
            data, failures = fill.result()
            if replaced:
                data = replace_media(data, replaced)
            if len(data) > MAX_OUTPUT_BYTES:
                raise BudgetExceeded(
                    f"the filled document is {len(data) / 1024**2:,.0f} MB, more than "
                    f"{MAX_OUTPUT_BYTES // 1024**2} MB"
                )
        except (TemplateError, ValueError, BudgetExceeded, FillFailed) as error:
            raise InputError(
                f"{name} cannot be filled",
                render_problems(self._templates / name, error, self._sources.get(name)),
            ) from error
        if failures:
            more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
            raise InputError(
                f"{name} was filled but fails the accessibility audit: {failures[0]}{more}",
                [Problem(ERROR, "output-inaccessible", name, f.place, f.message) for f in failures],
            )
        return data

    def cancel(self) -> None:
        """Stop every fill still running."""
        for fill in self._fills.values():
            fill.cancel()


def _fill_and_audit(
    source: Path | bytes, status: PackStatus, charts: Sequence[Chart], title: str
) -> tuple[bytes, list[Finding]]:
    """One document filled, and what its audit found (run in the filling process).

    The workbook's texts that look like template tags are those the filling printed.
    """
    env = environment()
    data = render_template(source, status, charts, title, env=env)
    allowed = marked_lines(env.marked)
    return data, inspect(data, literal_texts=allowed, marking=marking(status))
