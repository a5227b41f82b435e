"""Build the two Word templates in ``templates/`` with python-docx.

    python tools/make_templates.py [TEMPLATES_DIR]

The committed ``.docx`` files are the source that officers edit in Word (fonts,
wording, logo, layout); this script only makes the first version and can rebuild
it. Each template holds named styles (Title, Heading 1/2, Normal, List Bullet,
List Number, Table Text, Table Heading, Table Grid, Caption, Chart), an A4 page, a header with the
protective marking and a footer with the marking, the title and "Page X of Y", and
docxtpl tags for every section. The variables are described in
``boardpack.render.context``.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import cast

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.document import DocumentPart
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from boardpack.render.package import normalise

FONT = "Arial"
DARK_BLUE = RGBColor(0x1F, 0x38, 0x64)
HEADER_FILL = "1F3864"
THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"


# ---------------------------------------------------------------- styles and page


def _strip_theme_fonts(doc: DocumentObject) -> None:
    """Make every style use the named font instead of the theme's fonts."""
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        fonts.set(qn("w:ascii"), FONT)
        fonts.set(qn("w:hAnsi"), FONT)
        fonts.set(qn("w:cs"), FONT)
    defaults = styles.find(qn("w:docDefaults"))
    assert defaults is not None
    for lang in defaults.iter(qn("w:lang")):
        lang.set(qn("w:val"), "en-GB")
        lang.set(qn("w:eastAsia"), "en-GB")
        lang.set(qn("w:bidi"), "ar-SA")
    for colour in styles.iter(qn("w:color")):
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            colour.attrib.pop(qn(attr), None)


def _set_styles(doc: DocumentObject) -> None:
    _strip_theme_fonts(doc)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    # LibreOffice lets a heading end a page when the paragraph after it moves whole to
    # keep two lines together; without widow control it keeps the heading's promise.
    normal.paragraph_format.widow_control = False

    title = styles["Title"]
    title.font.size = Pt(20)
    title.font.bold = True
    title.font.color.rgb = DARK_BLUE
    title.paragraph_format.space_after = Pt(12)

    for name, size, before in (("Heading 1", 16, 14), ("Heading 2", 13, 10), ("Heading 3", 11, 6)):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = DARK_BLUE
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True

    for name in ("List Bullet", "List Number"):
        styles[name].paragraph_format.space_after = Pt(3)

    cell_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    cell_text.base_style = normal
    cell_text.font.size = Pt(10)
    cell_text.paragraph_format.space_before = Pt(2)
    cell_text.paragraph_format.space_after = Pt(2)
    cell_text.paragraph_format.line_spacing = 1.0

    heading = styles.add_style("Table Heading", WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = cell_text
    heading.font.bold = True
    heading.paragraph_format.keep_with_next = True

    captions = styles["Caption"]
    captions.font.size = Pt(10)
    captions.font.bold = True
    captions.font.italic = False
    captions.font.color.rgb = DARK_BLUE
    captions.paragraph_format.space_before = Pt(8)
    captions.paragraph_format.space_after = Pt(0)
    captions.paragraph_format.keep_with_next = True

    chart = styles.add_style("Chart", WD_STYLE_TYPE.PARAGRAPH)
    chart.base_style = normal
    chart.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    chart.paragraph_format.space_before = Pt(8)
    chart.paragraph_format.space_after = Pt(8)
    chart.paragraph_format.line_spacing = 1.0

    details = styles.add_style("Title Details", WD_STYLE_TYPE.PARAGRAPH)
    details.base_style = normal
    details.paragraph_format.space_after = Pt(2)

    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(9)


def _page(doc: DocumentObject, *, landscape: bool) -> None:
    _shape(doc.sections[0], landscape=landscape)


def _shape(section: Section, *, landscape: bool) -> None:
    """An A4 page, portrait or landscape, with 2 cm margins."""
    short, long = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = long, short
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = short, long
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = Cm(2.0)
    section.bottom_margin = Cm(2.0)
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update on display."""

    def run_with(child: BaseOxmlElement) -> None:
        run = paragraph.add_run()
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _header_footer(doc: DocumentObject, footer_title: str) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run("{{ report.classification }}").bold = True

    footer = section.footer
    marking = footer.paragraphs[0]
    marking.style = doc.styles["Footer"]
    marking.alignment = WD_ALIGN_PARAGRAPH.CENTER
    marking.add_run("{{ report.classification }}").bold = True
    line = footer.add_paragraph(style="Footer")
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line.add_run(footer_title + " - Page ")
    _field(line, "PAGE")
    line.add_run(" of ")
    _field(line, "NUMPAGES")


def _clean_properties(doc: DocumentObject, title: str) -> None:
    props = doc.core_properties
    props.author = ""
    props.last_modified_by = ""
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.subject = ""
    props.title = title
    props.language = "en-GB"
    props.revision = 1
    props.created = datetime(2019, 1, 1)
    props.modified = datetime(2019, 1, 1)
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == THUMBNAIL:
            del package.rels[rid]


def new_document(*, landscape: bool, footer_title: str, title: str) -> DocumentObject:
    """An empty document with the council paper's styles, page and header/footer."""
    doc = Document()
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    _set_styles(doc)
    _page(doc, landscape=landscape)
    _header_footer(doc, footer_title)
    _clean_properties(doc, title)
    return doc


# ---------------------------------------------------------------- building blocks


def para(doc: DocumentObject | _Cell, text: str, style: str = "Normal") -> Paragraph:
    return doc.add_paragraph(text, style=style)


def tag(doc: DocumentObject | _Cell, text: str) -> Paragraph:
    """A paragraph holding only a ``{%p ... %}`` tag (removed when rendered)."""
    return doc.add_paragraph(text)


def labelled(doc: DocumentObject, label: str, value: str) -> Paragraph:
    paragraph = doc.add_paragraph(style="Title Details")
    paragraph.add_run(label).bold = True
    paragraph.add_run(value)
    return paragraph


def paragraphs(doc: DocumentObject | _Cell, expression: str, style: str = "Normal") -> None:
    """Print a list of paragraphs, one Word paragraph each."""
    tag(doc, f"{{%p for text in {expression} %}}")
    para(doc, "{{ text }}", style)
    tag(doc, "{%p endfor %}")


def _shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.insert(0, cant_split)


def _set_cell(cell: _Cell, lines: Sequence[str], style: str) -> None:
    """Fill a cell: each line a paragraph; ``{%p`` lines stay tags."""
    first = cell.paragraphs[0]
    for index, line in enumerate(lines):
        paragraph = first if index == 0 else cell.add_paragraph()
        paragraph.style = cast(DocumentPart, cell.part).document.styles[style]
        paragraph.add_run(line)


def table(
    doc: DocumentObject,
    headers: Sequence[str],
    widths_cm: Sequence[float],
    loop: str,
    cells: Sequence[Sequence[str]],
) -> Table:
    """A table: a repeating header row, then one row per item of ``loop``.

    ``cells`` gives each column's lines for the data row; ``loop`` is the
    ``for`` clause (``a in area.actions``) or empty for a single fixed row.
    """
    rows = 2 + (2 if loop else 0)
    result: Table = doc.add_table(rows=rows, cols=len(headers))
    result.style = doc.styles["Table Grid"]
    result.alignment = WD_TABLE_ALIGNMENT.CENTER
    result.autofit = False
    for column, width in zip(result.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    for cell, text in zip(result.rows[0].cells, headers, strict=True):
        _set_cell(cell, [text], "Table Heading")
        _shade(cell, HEADER_FILL)
        for run in cell.paragraphs[0].runs:
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    _repeat_header(result)
    data = 1
    if loop:
        _set_cell(result.rows[1].cells[0], [f"{{%tr for {loop} %}}"], "Table Text")
        _set_cell(result.rows[3].cells[0], ["{%tr endfor %}"], "Table Text")
        data = 2
    for cell, lines in zip(result.rows[data].cells, cells, strict=True):
        _set_cell(cell, lines, "Table Text")
    # A row kept whole shows its RAG word beside its colour on every page.
    result.rows[data]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return result


def multi(expression: str) -> list[str]:
    """Cell lines printing a list of paragraphs."""
    return [f"{{%p for text in {expression} %}}", "{{ text }}", "{%p endfor %}"]


def rag_cell(prefix: str, label: str = "label") -> list[str]:
    """A cell filled with the RAG colour and holding its words."""
    return [f"{{% cellbg {prefix}.colour %}}{{{{ {prefix}.{label} }}}}"]


def image(doc: DocumentObject, expression: str) -> None:
    """A chart, centred, with space above and below (no empty paragraphs as spacers)."""
    doc.add_paragraph(expression, style="Chart")


def lead_in(doc: DocumentObject, text: str) -> Paragraph:
    """A sentence that introduces the table after it, kept on the same page as the table."""
    paragraph = para(doc, text)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def after_table(doc: DocumentObject, text: str) -> Paragraph:
    """A paragraph straight after a table, set off from it by space above."""
    paragraph = para(doc, text)
    paragraph.paragraph_format.space_before = Pt(8)
    return paragraph


def title_block(doc: DocumentObject, title: str) -> None:
    para(doc, "{{ report.organisation }}", "Title Details").runs[0].bold = True
    para(doc, title, "Title")
    labelled(doc, "Meeting: ", "{{ report.meeting_line }}")
    tag(doc, "{%p if report.lead_officer %}")
    labelled(doc, "Lead officer: ", "{{ report.lead_officer }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if report.cabinet_member %}")
    labelled(doc, "Cabinet member: ", "{{ report.cabinet_member }}")
    tag(doc, "{%p endif %}")
    labelled(doc, "Progress as at: ", "{{ as_at }}")
    labelled(doc, "Protective marking: ", "{{ report.classification }}")


# ---------------------------------------------------------------- the documents

PORTRAIT_WIDTH = 17.0


def cover_block(doc: DocumentObject) -> None:
    """The committee report's cover: who it is for, who signed it off, whom to ask."""
    para(doc, "{{ report.organisation }}", "Title Details").runs[0].bold = True
    para(doc, "{{ report.title }}", "Title")
    tag(doc, "{%p if report.report_number %}")
    labelled(doc, "Report number: ", "{{ report.report_number }}")
    tag(doc, "{%p endif %}")
    labelled(doc, "Meeting: ", "{{ report.meeting_line }}")
    tag(doc, "{%p if report.authorised_by %}")
    labelled(doc, "Report authorised by: ", "{{ report.authorised_by }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if report.lead_officer %}")
    labelled(doc, "Lead officer: ", "{{ report.lead_officer }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if report.contact %}")
    labelled(doc, "Contact: ", "{{ report.contact_line }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if report.cabinet_member %}")
    labelled(doc, "Cabinet member: ", "{{ report.cabinet_member }}")
    tag(doc, "{%p endif %}")
    labelled(doc, "Wards affected: ", "{{ report.wards }}")
    labelled(doc, "Key decision: ", "{{ report.key_decision }}")
    labelled(doc, "Progress as at: ", "{{ as_at }}")
    labelled(doc, "Protective marking: ", "{{ report.classification }}")


def optional_section(doc: DocumentObject, heading: str, expression: str) -> None:
    """A heading and its paragraphs, left out when the workbook leaves the field out."""
    tag(doc, f"{{%p if {expression} %}}")
    para(doc, heading, "Heading 1")
    paragraphs(doc, expression)
    tag(doc, "{%p endif %}")


def comments(doc: DocumentObject, heading: str, expression: str, style: str) -> None:
    """A statutory comment: its paragraphs, or a visible gap when none was received."""
    para(doc, heading, style)
    tag(doc, f"{{%p if {expression} %}}")
    paragraphs(doc, expression)
    tag(doc, "{%p else %}")
    para(doc, "No comments received.")
    tag(doc, "{%p endif %}")


def caption(doc: DocumentObject, text: str) -> Paragraph:
    """A chart's caption naming what it shows, kept on the page of the chart below it."""
    paragraph = para(doc, text, "Caption")
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def keep_with_table(paragraph: Paragraph) -> Paragraph:
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def area_sections(doc: DocumentObject) -> None:
    """One section per area: heading, rating in words, outcomes, the action table, and
    its measures (charts once in the document, other measures as lines)."""
    tag(doc, "{%p for area in areas %}")
    para(doc, "{{ area.heading }}", "Heading 2")
    lead_in(doc, "{{ area.rating }}")
    tag(doc, "{%p if area.outcomes %}")
    para(doc, "Outcomes", "Heading 3")
    tag(doc, "{%p for outcome in area.outcomes %}")
    keep_with_table(para(doc, "{{ outcome }}", "List Bullet"))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    table(
        doc,
        ["Ref", "Impact of actions", "Original target / timescales", "Progress", "RAG"],
        [1.0, 4.4, 4.2, 5.2, 2.2],
        "a in area.actions",
        [
            ["{{ a.ref }}"],
            [*multi("a.text"), "{%p if a.owner %}", "Owner: {{ a.owner }}", "{%p endif %}"],
            [*multi("a.target"), "{%p if a.slipped %}", "{{ a.revised }}", "{%p endif %}"],
            multi("a.progress"),
            rag_cell("a", "label"),
        ],
    )
    tag(doc, "{%p if area.measure_lines %}")
    after_table(doc, "Performance measures for this area:").paragraph_format.keep_with_next = True
    tag(doc, "{%p for line in area.measure_lines %}")
    para(doc, "{{ line }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for chart in area.charts %}")
    caption(doc, "{{ chart.caption }}")
    image(doc, "{{ chart.image }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")


def members_update() -> DocumentObject:
    """The members' update as a committee report: cover, purpose, recommendations and
    the other committee sections, then the progress in Appendix A and the acronyms in
    Appendix B. Portrait throughout, so that the text flows without part-empty pages."""
    doc = new_document(
        landscape=False, footer_title="{{ report.title }}", title="Members' update report"
    )
    cover_block(doc)

    para(doc, "Purpose and summary", "Heading 1")
    tag(doc, "{%p if report.purpose %}")
    paragraphs(doc, "report.purpose")
    tag(doc, "{%p else %}")
    para(doc, "This report updates members on progress against the action plan.")
    tag(doc, "{%p endif %}")
    para(doc, "{{ headline_parts.numbers }}")

    para(doc, "Recommendations", "Heading 1")
    tag(doc, "{%p if report.recommendations %}")
    tag(doc, "{%p for text in report.recommendations %}")
    para(doc, "{{ text }}", "List Number")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "{{ report.addressee }} is asked to note the progress set out in this report.")
    tag(doc, "{%p endif %}")

    optional_section(doc, "Reasons for decision", "report.reasons")
    optional_section(doc, "Alternative options considered", "report.alternatives")

    para(doc, "Background", "Heading 1")
    tag(doc, "{%p if report.introduction %}")
    paragraphs(doc, "report.introduction")
    tag(doc, "{%p else %}")
    para(doc, "This report updates members on progress against the action plan.")
    tag(doc, "{%p endif %}")

    optional_section(doc, "Contribution to strategic outcomes", "report.strategic_outcomes")

    para(doc, "Statutory officers' comments", "Heading 1")
    comments(doc, "Finance", "report.finance_comments", "Heading 2")
    comments(doc, "Legal", "report.legal_comments", "Heading 2")
    comments(doc, "Equalities comments", "report.equalities_comments", "Heading 1")

    para(doc, "Use of appendices", "Heading 1")
    para(
        doc,
        "Appendix A: progress against the action plan as at {{ as_at }}: the RAG rating key, "
        "a summary, progress area by area, exceptions, and actions overdue, slipped or due soon.",
        "List Bullet",
    )
    tag(doc, "{%p if glossary %}")
    para(doc, "Appendix B: acronyms.", "List Bullet")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if report.background_papers %}")
    para(doc, "Background papers", "Heading 1")
    lead_in(
        doc,
        "The following papers were relied on in writing this report (Local Government Act "
        "1972, section 100D):",
    )
    tag(doc, "{%p for text in report.background_papers %}")
    para(doc, "{{ text }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    para(doc, "Appendix A: Progress against the action plan", "Heading 1")
    para(doc, "RAG rating key", "Heading 2")
    lead_in(
        doc,
        "Every action is rated for progress. The colour of a rating is always shown with its name.",
    )
    table(
        doc,
        ["Rating", "Meaning"],
        [3.0, PORTRAIT_WIDTH - 3.0],
        "k in rag_key",
        [rag_cell("k", "label"), ["{{ k.meaning }}"]],
    )

    para(doc, "Summary", "Heading 2")
    lead_in(doc, "{{ summary.sentence }}")
    table(
        doc,
        ["Rating", "Actions", "Share of actions"],
        [4.0, 3.0, 4.0],
        "c in summary.counts",
        [rag_cell("c", "word"), ["{{ c.count }}"], ["{{ c.share }}"]],
    )
    tag(doc, "{%p for chart in summary.charts %}")
    caption(doc, "{{ chart.caption }}")
    image(doc, "{{ chart.image }}")
    tag(doc, "{%p endfor %}")

    para(doc, "{{ changes.heading }}", "Heading 2")
    lead_in(doc, "{{ changes.sentence }}")
    tag(doc, "{%p if changes.actions %}")
    table(
        doc,
        ["Ref", "Impact of actions", "Previous rating", "Current rating", "Change"],
        [1.0, 10.1, 2.0, 2.0, 1.9],
        "a in changes.actions",
        [
            ["{{ a.ref }}"],
            ["{{ a.brief }}"],
            rag_cell("a.previous", "word"),
            rag_cell("a", "word"),
            ["{{ a.arrow }} {{ a.movement }}"],
        ],
    )
    tag(doc, "{%p endif %}")

    area_sections(doc)

    para(doc, "Exceptions: Red and Amber actions", "Heading 2")
    lead_in(
        doc,
        "{{ exceptions.sentence }}{% if exceptions.actions %} Each is listed with what the "
        "action is, the reason, the recovery plan and its original and revised dates."
        "{% endif %}",
    )
    tag(doc, "{%p if exceptions.actions %}")
    table(
        doc,
        ["Ref", "RAG", "Action and dates", "Reason", "Recovery"],
        [1.1, 1.7, 4.2, 5.0, 5.0],
        "a in exceptions.actions",
        [
            ["{{ a.ref }}"],
            rag_cell("a", "word"),
            [
                "{{ a.short }}",
                "Original date: {{ a.original_due }}; revised date: {{ a.revised_due }}",
            ],
            multi("a.reason"),
            multi("a.recovery"),
        ],
    )
    tag(doc, "{%p endif %}")

    para(doc, "Overdue, slipped and due-soon actions", "Heading 2")
    lead_in(doc, "{{ attention.sentence }}")
    tag(doc, "{%p if attention.actions %}")
    table(
        doc,
        ["Ref", "Action", "Original date", "Due", "Position", "RAG"],
        [1.1, 6.0, 2.4, 2.4, 3.5, 1.6],
        "a in attention.actions",
        [
            ["{{ a.ref }}"],
            ["{{ a.short }}", "{%p if a.owner %}", "Owner: {{ a.owner }}", "{%p endif %}"],
            ["{{ a.original_due }}"],
            ["{{ a.due }}"],
            ["{{ a.position }}"],
            rag_cell("a", "word"),
        ],
    )
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if glossary %}")
    para(doc, "Appendix B: Acronyms", "Heading 1")
    table(
        doc,
        ["Term", "Meaning"],
        [3.0, PORTRAIT_WIDTH - 3.0],
        "g in glossary",
        [["{{ g.term }}"], ["{{ g.meaning }}"]],
    )
    tag(doc, "{%p endif %}")
    return doc


def cabinet_briefing() -> DocumentObject:
    """The cabinet member's briefing (portrait, two to three pages): recommendations
    first, then the headline, areas, exceptions, key measures, what is due, acronyms."""
    doc = new_document(
        landscape=False,
        footer_title="Cabinet member briefing: {{ report.title }}",
        title="Cabinet member briefing",
    )
    title_block(doc, "Cabinet member briefing: {{ report.title }}")

    para(doc, "Purpose", "Heading 1")
    tag(doc, "{%p if report.purpose %}")
    paragraphs(doc, "report.purpose")
    tag(doc, "{%p else %}")
    para(doc, "To brief {{ report.addressee }} on progress against the action plan.")
    tag(doc, "{%p endif %}")

    para(doc, "Recommendations", "Heading 1")
    tag(doc, "{%p if report.recommendations %}")
    lead_in(doc, "To {{ report.recommend_to }}:")
    tag(doc, "{%p for text in report.recommendations %}")
    para(doc, "{{ text }}", "List Number")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "{{ report.addressee }} is asked to note the progress set out in this briefing.")
    tag(doc, "{%p endif %}")

    para(doc, "Headline", "Heading 1")
    para(doc, "{{ headline_parts.numbers }}")
    tag(doc, "{%p for text in headline_parts.points %}")
    para(doc, "{{ text }}", "List Bullet")
    tag(doc, "{%p endfor %}")

    para(doc, "Progress by area", "Heading 1")
    lead_in(doc, "{{ direction_note }} {{ briefing.areas.sentence }}")
    table(
        doc,
        ["Area", "RAG", "Direction of travel", "Summary"],
        [6.0, 1.6, 2.2, 7.2],
        "area in briefing.areas.areas",
        [
            ["{{ area.heading }}"],
            rag_cell("area", "word"),
            ["{{ area.direction.arrow }} {{ area.direction.word }}"],
            ["{{ area.summary_short }}"],
        ],
    )

    para(doc, "Exceptions", "Heading 1")
    lead_in(doc, "{{ briefing.exceptions.sentence }}")
    tag(doc, "{%p if briefing.exceptions.actions %}")
    table(
        doc,
        ["Ref", "RAG", "Action", "Why off track", "Recovery and revised date"],
        [1.1, 1.6, 4.0, 5.1, 5.2],
        "a in briefing.exceptions.actions",
        [
            ["{{ a.ref }}"],
            rag_cell("a", "word"),
            ["{{ a.short }}"],
            ["{{ a.reason_short }}"],
            ["{{ a.recovery_short }}", "Revised date: {{ a.revised_due }}"],
        ],
    )
    tag(doc, "{%p endif %}")

    para(doc, "Key measures", "Heading 1")
    tag(doc, "{%p if key_measures.measures %}")
    table(
        doc,
        ["Measure", "Latest", "Target judged against", "Status"],
        [7.0, 3.6, 3.6, 2.8],
        "m in key_measures.measures",
        [
            ["{{ m.name }}"],
            ["{{ m.latest }}"],
            ["{{ m.target }}"],
            ["{{ m.status_word }}"],
        ],
    )
    tag(doc, "{%p if key_measures.sentence %}")
    after_table(doc, "{{ key_measures.sentence }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    para(doc, "No performance measure has actual figures yet.")
    tag(doc, "{%p endif %}")

    para(doc, "Actions overdue, slipped or due before the meeting", "Heading 1")
    lead_in(doc, "{{ briefing.attention.sentence }}")
    tag(doc, "{%p if briefing.attention.actions %}")
    table(
        doc,
        ["Ref", "Action", "Position", "RAG"],
        [1.1, 8.4, 5.8, 1.7],
        "a in briefing.attention.actions",
        [
            ["{{ a.ref }}"],
            ["{{ a.short }}"],
            ["{{ a.position }}"],
            rag_cell("a", "word"),
        ],
    )
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if briefing.glossary %}")
    para(doc, "Acronyms", "Heading 1")
    table(
        doc,
        ["Term", "Meaning"],
        [3.0, PORTRAIT_WIDTH - 3.0],
        "g in briefing.glossary",
        [["{{ g.term }}"], ["{{ g.meaning }}"]],
    )
    tag(doc, "{%p endif %}")
    return doc


def main(argv: Sequence[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "templates"
    out.mkdir(parents=True, exist_ok=True)
    for name, doc in (
        ("members-update.docx", members_update()),
        ("cabinet-briefing.docx", cabinet_briefing()),
    ):
        buffer = io.BytesIO()
        doc.save(buffer)
        (out / name).write_bytes(normalise(buffer.getvalue()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
