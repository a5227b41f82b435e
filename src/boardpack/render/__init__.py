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

from boardpack.problems import ERROR, InputError, Problem
from boardpack.render.budget import MAX_OUTPUT_BYTES, BudgetExceeded, FillFailed, within_budget
from boardpack.render.checks import check_template, check_templates, render_problems
from boardpack.render.documents import (
    TEMPLATE_NAMES,
    literal_texts,
    marking,
    render_template,
    titles,
)
from boardpack.render.package import inspect
from boardpack.status import Chart, PackStatus

__all__ = ["TEMPLATE_NAMES", "check_templates", "render_documents"]


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
    templates_dir = Path(templates_dir)
    sources = sources or {}
    missing = [
        problem
        for name in TEMPLATE_NAMES
        if name not in sources and not (templates_dir / name).is_file()
        for problem in check_template(templates_dir / name)
    ]
    if missing:
        raise InputError("a template is missing", missing)
    names = titles(status)
    allowed = literal_texts(status, charts)
    marked = marking(status)
    documents: dict[str, bytes] = {}
    for name in TEMPLATE_NAMES:
        path = templates_dir / name
        source = sources.get(name)
        fill = partial(render_template, path if source is None else source)
        try:
            data = within_budget(partial(fill, status, charts, names[name]), what=name)
            if len(data) > MAX_OUTPUT_BYTES:
                raise BudgetExceeded(
                    f"the filled document is {len(data) / 1024**2:,.0f} MB, more than "
                    f"{MAX_OUTPUT_BYTES // 1024**2} MB"
                )
        except (TemplateError, ValueError, BudgetExceeded, FillFailed) as error:
            raise InputError(
                f"{name} cannot be filled", render_problems(path, error, source)
            ) from error
        failures = inspect(data, literal_texts=allowed, marking=marked)
        if failures:
            more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
            raise InputError(
                f"{name} was filled but fails the accessibility audit: {failures[0]}{more}",
                [Problem(ERROR, "output-inaccessible", name, f.place, f.message) for f in failures],
            )
        documents[name] = data
    return documents
