"""The Word documents: fill the templates with a pack, and check the templates.

This package is the only code that knows docxtpl and python-docx.

- :func:`render_documents` returns each document's .docx bytes, byte-identical
  for the same pack and charts;
- :func:`check_templates` lists the problems of each template, with their place.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jinja2 import TemplateError

from boardpack.problems import ERROR, InputError, Problem
from boardpack.render.checks import check_template, check_templates
from boardpack.render.documents import TEMPLATE_NAMES, render_all
from boardpack.status import Chart, PackStatus

__all__ = ["TEMPLATE_NAMES", "check_templates", "render_documents"]


def render_documents(
    status: PackStatus, charts: Sequence[Chart], templates_dir: Path
) -> dict[str, bytes]:
    """``{"members-update.docx": bytes, "cabinet-briefing.docx": bytes}``.

    Raises :class:`InputError` carrying located problems when a template is
    missing or cannot be filled (never a raw Jinja traceback).
    """
    templates_dir = Path(templates_dir)
    missing = [
        problem
        for name in TEMPLATE_NAMES
        if not (templates_dir / name).is_file()
        for problem in check_template(templates_dir / name)
    ]
    if missing:
        raise InputError("a template is missing", missing)
    try:
        return render_all(status, charts, templates_dir)
    except (TemplateError, ValueError) as error:
        problems = check_templates(templates_dir) or [
            Problem(
                ERROR, "template-render", None, None, f"a template could not be filled: {error}"
            )
        ]
        raise InputError("a template cannot be filled", problems) from error
