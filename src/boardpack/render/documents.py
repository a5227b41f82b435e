"""Fill the Word templates with a pack: the only place that runs docxtpl.

Templates render in a sandboxed Jinja environment with autoescaping and strict
undefined variables: workbook text always prints as typed (``{{ x }}``, ``<``
and ``&`` included) and a misspelt variable in a template is an error, reported
as a :class:`Problem` rather than a traceback.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

from docx.oxml.ns import qn
from docx.shared import Cm, Emu
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from markupsafe import Markup, escape

from boardpack.render.accessibility import make_accessible, set_properties
from boardpack.render.context import build_context
from boardpack.render.package import normalise
from boardpack.status import Chart, PackStatus

MEMBERS = "members-update.docx"
BRIEFING = "cabinet-briefing.docx"
TEMPLATE_NAMES: tuple[str, str] = (MEMBERS, BRIEFING)
#: widest a chart is printed, so that a chart and its text share a page
MAX_CHART_CM = {MEMBERS: 14.0, BRIEFING: 11.0}

# Characters XML 1.0 forbids, and \a \f \v which docxtpl would turn into breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def literal(value: object) -> object:
    """Workbook text as it must appear: escaped for XML and safe from docxtpl's markers.

    docxtpl turns ``{_{`` into ``{{`` after rendering; writing the underscore as
    a character reference keeps text such as ``{_{`` exactly as typed.
    """
    if isinstance(value, str) and not hasattr(value, "__html__"):
        text = str(escape(_CONTROL.sub("", value)))
        return Markup(text.replace("{_", "{&#95;").replace("_}", "&#95;}"))
    return value


def environment() -> SandboxedEnvironment:
    """The Jinja environment every template renders in."""
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, finalize=literal)


#: what docxtpl's listing pass turns into Word tabs, paragraphs and breaks
_LISTING = re.compile("[\t\a\n\f]")


class Template(DocxTemplate):  # type: ignore[misc]
    """docxtpl's template, skipping its listing pass over XML that has nothing for it.

    The pass rewrites every paragraph, run and text of the filled XML to turn tabs,
    ``\\a``, line feeds and form feeds into Word markup; without any of them it
    returns the XML unchanged, so the whole walk is skipped.
    """

    def resolve_listing(self, xml: str) -> str:
        if _LISTING.search(xml) is None:
            return xml
        return str(super().resolve_listing(xml))


class ChartImage(InlineImage):  # type: ignore[misc]
    """A chart placed inline, with its alt text (``descr``) and short title."""

    def __init__(self, tpl: DocxTemplate, chart: Chart, max_width: Emu) -> None:
        width = min(int(Cm(chart.width_cm)), int(max_width))
        super().__init__(tpl, io.BytesIO(chart.png), width=Emu(width))
        self.chart = chart

    def _insert_image(self) -> str:
        part = self.tpl.current_rendering_part
        inline = part.new_pic_inline(self.image_descriptor, self.width, self.height)
        doc_pr = inline.find(qn("wp:docPr"))
        doc_pr.set("name", self.chart.name)
        doc_pr.set("descr", self.chart.alt_text)
        doc_pr.set("title", self.chart.title)
        # compact, unlike ``inline.xml``: a line feed in the XML would wake the listing pass
        drawing = etree.tostring(inline, encoding="unicode")
        return (
            f"</w:t></w:r><w:r><w:drawing>{drawing}</w:drawing></w:r>"
            '<w:r><w:t xml:space="preserve">'
        )


def _text_width(tpl: DocxTemplate) -> Emu:
    section = tpl.docx.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    return Emu(int(width))


def render_template(path: Path, status: PackStatus, charts: Sequence[Chart], title: str) -> bytes:
    """One filled template as normalised .docx bytes; Jinja errors propagate.

    The caller validates the package (:func:`boardpack.render.package.validate`)
    once it is written.
    """
    tpl = Template(str(path))
    tpl.init_docx()
    width = Emu(min(int(_text_width(tpl)), int(Cm(MAX_CHART_CM.get(path.name, 14.0)))))
    context = build_context(status, charts, image=lambda chart: ChartImage(tpl, chart, width))
    tpl.render(context, jinja_env=environment(), autoescape=True)
    doc = tpl.docx
    make_accessible(doc)
    report = status.plan.report
    set_properties(
        doc,
        title=title,
        subject=f"Progress as at {context['as_at']}: {report.title}",
        organisation=report.organisation,
        as_at=status.as_at,
    )
    out = io.BytesIO()
    tpl.save(out)
    return normalise(out.getvalue())


def titles(status: PackStatus) -> dict[str, str]:
    """Each document's title property."""
    title = status.plan.report.title
    return {MEMBERS: title, BRIEFING: f"Cabinet member briefing: {title}"}


def render_all(
    status: PackStatus, charts: Sequence[Chart], templates_dir: Path
) -> dict[str, bytes]:
    """Both documents; errors propagate for ``render_documents`` to report."""
    names = titles(status)
    return {
        name: render_template(templates_dir / name, status, charts, names[name])
        for name in TEMPLATE_NAMES
    }
