"""Fill the Word templates with a pack: the only place that runs docxtpl.

Templates render in a sandboxed Jinja environment with autoescaping and strict
undefined variables: workbook text always prints as typed (``{{ x }}``, ``<``
and ``&`` included) and a misspelt variable in a template is an error, reported
as a :class:`Problem` rather than a traceback.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import fields, is_dataclass
from pathlib import Path
from types import CodeType
from typing import Any, ClassVar

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Cm, Emu
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, nodes, pass_environment
from jinja2 import Template as JinjaTemplate
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import missing
from lxml import etree
from markupsafe import Markup, escape

from boardpack.render import context as context_module
from boardpack.render.accessibility import make_accessible, set_properties
from boardpack.render.budget import guarded_binop
from boardpack.render.context import build_context, context_names, report_context, texts
from boardpack.render.layout import fit_images, keep_rows_whole
from boardpack.render.package import saved
from boardpack.status import Chart, PackStatus

MEMBERS = "members-update.docx"
BRIEFING = "cabinet-briefing.docx"
TEMPLATE_NAMES: tuple[str, str] = (MEMBERS, BRIEFING)

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


#: the fields of each class of the template context (``render/context.py``)
_CONTEXT_FIELDS: dict[type, frozenset[str]] = {
    cls: frozenset(f.name for f in fields(cls))
    for cls in vars(context_module).values()
    if isinstance(cls, type) and is_dataclass(cls) and cls.__module__ == context_module.__name__
}


class _Environment(SandboxedEnvironment):
    """The sandboxed environment, compiling each template source once per process.

    A build fills each template once for real and checks it against sample packs
    first; the XML is the same each time, so its compiled code is kept. The code
    depends only on the source and on what the compiler bakes in (autoescaping and
    ``finalize``), which is the key; undefined variables are handled at run time.
    """

    _compiled: ClassVar[dict[tuple[object, object, str], CodeType]] = {}
    #: every text printed so far that holds ``{{``, ``{%``, ``%}`` or ``}}``
    marked: set[str]
    _KEEP: ClassVar[int] = 16
    #: powers and repetitions are checked before they are computed (and never folded)
    intercepted_binops = frozenset({"**", "*"})

    def getattr(self, obj: Any, attribute: str) -> Any:
        # a field of the pack's own context is data, safe by construction: the sandbox's
        # checks (made for arbitrary objects) are spent only on everything else
        names = _CONTEXT_FIELDS.get(type(obj))
        if names is not None and attribute in names:
            return obj.__dict__[attribute]
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        return guarded_binop(operator, left, right)

    def from_string(
        self,
        source: str | nodes.Template,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[JinjaTemplate] | None = None,
    ) -> JinjaTemplate:
        if not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        key = (self.autoescape, self.finalize, source)
        code = self._compiled.get(key)
        if code is None:
            code = self.compile(source)
            if len(self._compiled) >= self._KEEP:
                self._compiled.pop(next(iter(self._compiled)))
            self._compiled[key] = code
        cls = template_class or self.template_class
        return cls.from_code(self, code, self.make_globals(globals), None)


def missing_message(name: object, owner: object, plain: str) -> str:
    """What a template asked for that the pack does not have, with the likeliest name it
    meant: ``ReportContext has no field 'titel'; did you mean 'title'?``.

    ``name`` and ``owner`` are what Jinja's undefined value knows (``owner`` is
    ``jinja2.utils.missing`` for a top-level name); ``plain`` is Jinja's own message.
    """
    if not isinstance(name, str):
        return plain
    if is_dataclass(owner) and not isinstance(owner, type):
        known = [f.name for f in fields(owner)]
        close = difflib.get_close_matches(name, known, n=1)
        tail = f"; did you mean {close[0]!r}?" if close else f"; its fields are {', '.join(known)}"
        return f"{type(owner).__name__} has no field {name!r}{tail}"
    if owner is missing:
        close = difflib.get_close_matches(name, context_names(), n=1)
        if close:
            return f"{plain}; did you mean {close[0]!r}?"
    return plain


class _Undefined(StrictUndefined):
    """Jinja's strict undefined value, saying what was meant (:func:`missing_message`)."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        return missing_message(
            self._undefined_name, self._undefined_obj, super()._undefined_message
        )


def environment() -> _Environment:
    """The Jinja environment every template renders in."""
    env = _Environment(autoescape=True, undefined=_Undefined, finalize=_printed)
    env.marked = set()
    return env


@pass_environment
def _printed(env: Environment, value: object) -> object:
    """What ``{{ value }}`` prints (:func:`literal`); a text holding a tag's marks is noted
    in the environment's ``marked``, so that the audit knows it for workbook text."""
    if isinstance(value, str) and isinstance(env, _Environment) and _TAG_MARK.search(value):
        env.marked.add(value)
    return literal(value)


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

    def map_headers_footers_xml(self, relKey: str, xml: bytes) -> None:
        super().map_headers_footers_xml(relKey, xml)
        # docxtpl points the relationship at the filled part, but python-docx's parts by
        # relationship (``related_parts``) still give the template's: make them agree
        rels = self.docx.part.rels
        rels._target_parts_by_rId[relKey] = rels[relKey].target_part


class ChartImage(InlineImage):  # type: ignore[misc]
    """A chart placed inline at the width it was drawn for, with its alt text (``descr``)
    and short title.

    Charts are drawn with their text in true points at ``chart.width_cm``, so they are
    placed at that width; :func:`boardpack.render.layout.fit_images` narrows one only
    when its section's text is narrower.
    """

    def __init__(self, tpl: DocxTemplate, chart: Chart) -> None:
        super().__init__(tpl, io.BytesIO(chart.png), width=Emu(int(Cm(chart.width_cm))))
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


_TAG_MARK = re.compile(r"\{\{|\{%|%\}|\}\}")


def literal_texts(status: PackStatus, charts: Sequence[Chart]) -> tuple[str, ...]:
    """The pack's texts that hold ``{{``, ``{%``, ``%}`` or ``}}``, as they print
    (:func:`marked_lines`)."""
    return marked_lines(
        text for text in texts(build_context(status, charts)) if _TAG_MARK.search(text)
    )


def marked_lines(texts: Iterable[str]) -> tuple[str, ...]:
    """The lines of ``texts`` that hold ``{{``, ``{%``, ``%}`` or ``}}``, as they print.

    Workbook text prints literally, so the audit must not take these for template tags
    left behind. Each is given line by line, as a line feed or tab prints as a break.
    """
    found: set[str] = set()
    for text in texts:
        for line in _LISTING.split(_CONTROL.sub("", text)):
            if _TAG_MARK.search(line):
                found.add(line)
    return tuple(sorted(found))


def marking(status: PackStatus) -> str:
    """The protective marking every header and footer shows, as it prints."""
    classification = report_context(status).classification
    return " ".join(_CONTROL.sub("", str(classification)).split())


def render_template(
    source: Path | bytes,
    status: PackStatus,
    charts: Sequence[Chart],
    title: str,
    env: SandboxedEnvironment | None = None,
) -> bytes:
    """One filled template as normalised .docx bytes; Jinja errors propagate.

    ``source`` is the template file, or its bytes as already read. ``env`` is the Jinja
    environment (default: :func:`environment`). The caller audits the result
    (:func:`boardpack.render.package.validate`).
    """
    return saved(fill_template(source, status, charts, title, env))


def fill_template(
    source: Path | bytes,
    status: PackStatus,
    charts: Sequence[Chart],
    title: str,
    env: SandboxedEnvironment | None = None,
) -> DocumentObject:
    """One template filled, made accessible and laid out, with its properties set: the
    document :func:`render_template` saves."""
    tpl = Template(str(source) if isinstance(source, Path) else io.BytesIO(source))
    tpl.init_docx()
    context = build_context(status, charts, image=lambda chart: ChartImage(tpl, chart))
    tpl.render(context.variables(), jinja_env=env or environment(), autoescape=True)
    doc: DocumentObject = tpl.docx
    make_accessible(doc)
    fit_images(doc)
    keep_rows_whole(doc)
    report = status.plan.report
    set_properties(
        doc,
        title=title,
        subject=f"Progress as at {context.as_at}: {report.title}",
        organisation=report.organisation,
        as_at=status.as_at,
    )
    return doc


def titles(status: PackStatus) -> dict[str, str]:
    """Each document's title property."""
    title = status.plan.report.title
    return {MEMBERS: title, BRIEFING: f"Cabinet member briefing: {title}"}
