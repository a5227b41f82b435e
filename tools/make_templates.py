"""Build the two Word templates in ``templates/`` with python-docx.

    python tools/make_templates.py [TEMPLATES_DIR]

The committed ``.docx`` files are the source that officers edit in Word (fonts,
wording, logo, layout); this script only makes the first version and can rebuild
it. Each template holds named styles (Title, Heading 1/2, Normal, List Bullet,
List Number, Table Text, Table Heading, Table Grid), an A4 page, a header with the
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
from docx.enum.section import WD_ORIENT, WD_SECTION
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
    normal.paragraph_format.line_spacing = 1.15

    title = styles["Title"]
    title.font.size = Pt(20)
    title.font.bold = True
    title.font.color.rgb = DARK_BLUE
    title.paragraph_format.space_after = Pt(12)

    for name, size, before in (("Heading 1", 16, 18), ("Heading 2", 13, 12), ("Heading 3", 11, 10)):
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


def section_break(doc: DocumentObject, *, landscape: bool) -> None:
    """Start a new page in a new section, portrait or landscape.

    The new section shows the same header and footer (it has none of its own, so it
    inherits them); the paragraph that carries the break is made as small as it can be.
    """
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _shape(section, landscape=landscape)
    carrier = doc.paragraphs[-1]
    carrier.paragraph_format.space_before = Pt(0)
    carrier.paragraph_format.space_after = Pt(0)
    carrier.paragraph_format.line_spacing = Pt(1)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    ppr = carrier._p.get_or_add_pPr()
    ppr.insert(ppr.index(ppr.find(qn("w:sectPr"))), mark)


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

LANDSCAPE_WIDTH = 25.7
PORTRAIT_WIDTH = 17.0


def members_update() -> DocumentObject:
    """The members' progress update report: portrait for the narrative, landscape for
    the wide action tables of the areas."""
    doc = new_document(
        landscape=False, footer_title="{{ report.title }}", title="Members' update report"
    )
    title_block(doc, "{{ report.title }}")

    para(doc, "Introduction", "Heading 1")
    tag(doc, "{%p if report.introduction %}")
    paragraphs(doc, "report.introduction")
    tag(doc, "{%p else %}")
    para(doc, "This report updates members on progress against the action plan.")
    tag(doc, "{%p endif %}")

    para(doc, "RAG rating key", "Heading 1")
    lead_in(
        doc,
        "Every action is rated for progress. The colour of a rating is always shown with its name.",
    )
    table(
        doc,
        ["Rating", "Meaning"],
        [4.0, PORTRAIT_WIDTH - 4.0],
        "k in rag_key",
        [rag_cell("k", "label"), ["{{ k.meaning }}"]],
    )

    para(doc, "Summary", "Heading 1")
    lead_in(doc, "{{ summary.sentence }}")
    table(
        doc,
        ["Rating", "Actions", "Share of actions"],
        [4.0, 3.0, 4.0],
        "c in summary.counts",
        [rag_cell("c", "word"), ["{{ c.count }}"], ["{{ c.share }}"]],
    )
    tag(doc, "{%p for chart in summary.charts %}")
    para(doc, "{{ chart.title }}", "Heading 2")
    image(doc, "{{ chart.image }}")
    tag(doc, "{%p endfor %}")

    para(doc, "{{ changes.heading }}", "Heading 2")
    lead_in(doc, "{{ changes.sentence }}")
    tag(doc, "{%p if changes.actions %}")
    table(
        doc,
        ["Ref", "Impact of actions", "Previous rating", "Current rating", "Change"],
        [1.2, 8.5, 2.4, 2.4, 2.5],
        "a in changes.actions",
        [
            ["{{ a.ref }}"],
            ["{{ a.summary }}"],
            rag_cell("a.previous", "word"),
            rag_cell("a", "word"),
            ["{{ a.arrow }} {{ a.movement }}"],
        ],
    )
    tag(doc, "{%p endif %}")

    section_break(doc, landscape=True)
    para(doc, "Progress against each area for improvement", "Heading 1")
    tag(doc, "{%p for area in areas %}")
    para(doc, "{{ area.heading }}", "Heading 2")
    tag(doc, "{%p if area.outcomes %}")
    para(doc, "Outcomes", "Heading 3")
    tag(doc, "{%p for outcome in area.outcomes %}")
    para(doc, "{{ outcome }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    table(
        doc,
        ["Ref", "Impact of actions", "Original target / timescales", "Progress", "RAG"],
        [1.5, 8.6, 5.2, 7.4, 3.0],
        "a in area.actions",
        [
            ["{{ a.ref }}"],
            multi("a.text"),
            multi("a.target"),
            multi("a.progress"),
            rag_cell("a", "label"),
        ],
    )
    tag(doc, "{%p for chart in area.charts %}")
    image(doc, "{{ chart.image }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    section_break(doc, landscape=False)
    para(doc, "Exceptions: Red and Amber actions", "Heading 1")
    lead_in(
        doc,
        "{{ exceptions.sentence }}{% if exceptions.actions %} Each is listed with its reason, "
        "recovery plan and revised date.{% endif %}",
    )
    tag(doc, "{%p if exceptions.actions %}")
    table(
        doc,
        ["Ref", "RAG", "Impact of actions", "Reason", "Recovery", "Revised date"],
        [1.1, 1.7, 3.9, 3.9, 3.9, 2.5],
        "a in exceptions.actions",
        [
            ["{{ a.ref }}"],
            rag_cell("a", "word"),
            multi("a.text"),
            multi("a.reason"),
            multi("a.recovery"),
            ["{{ a.revised_due }}"],
        ],
    )
    tag(doc, "{%p endif %}")

    para(doc, "Overdue and due-soon actions", "Heading 1")
    para(doc, "Overdue actions", "Heading 2")
    lead_in(doc, "{{ overdue.sentence }}")
    tag(doc, "{%p if overdue.actions %}")
    table(
        doc,
        ["Ref", "Impact of actions", "Original target / timescales", "Due", "Overdue", "RAG"],
        [1.1, 5.4, 4.1, 2.5, 2.1, 1.8],
        "a in overdue.actions",
        [
            ["{{ a.ref }}"],
            ["{{ a.summary }}"],
            multi("a.target"),
            ["{{ a.due }}"],
            ["{{ a.days_overdue_words }}"],
            rag_cell("a", "word"),
        ],
    )
    tag(doc, "{%p endif %}")
    para(doc, "{{ due_soon.heading }}", "Heading 2")
    lead_in(doc, "{{ due_soon.sentence }}")
    tag(doc, "{%p if due_soon.actions %}")
    table(
        doc,
        ["Ref", "Impact of actions", "Original target / timescales", "Due", "RAG"],
        [1.1, 6.6, 4.9, 2.6, 1.8],
        "a in due_soon.actions",
        [
            ["{{ a.ref }}"],
            ["{{ a.summary }}"],
            multi("a.target"),
            ["{{ a.due }}"],
            rag_cell("a", "word"),
        ],
    )
    tag(doc, "{%p endif %}")
    para(doc, "Ratings checked against timescales", "Heading 2")
    lead_in(doc, "{{ conflicts.sentence }}")
    tag(doc, "{%p if conflicts.actions %}")
    table(
        doc,
        ["Ref", "Impact of actions", "Reported RAG", "Suggested RAG", "Why"],
        [1.1, 6.2, 2.2, 2.4, 5.1],
        "a in conflicts.actions",
        [
            ["{{ a.ref }}"],
            ["{{ a.summary }}"],
            rag_cell("a", "word"),
            rag_cell("a.suggested", "word"),
            ["{{ a.why }}"],
        ],
    )
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if glossary %}")
    para(doc, "Acronyms", "Heading 1")
    table(
        doc,
        ["Term", "Meaning"],
        [4.0, 12.0],
        "g in glossary",
        [["{{ g.term }}"], ["{{ g.meaning }}"]],
    )
    tag(doc, "{%p endif %}")
    return doc


def cabinet_briefing() -> DocumentObject:
    """The cabinet member's briefing (portrait, two to three pages)."""
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
    para(doc, "To brief the cabinet member on progress against the action plan.")
    tag(doc, "{%p endif %}")

    para(doc, "Headline", "Heading 1")
    para(doc, "{{ headline }}")

    para(doc, "Progress by area", "Heading 1")
    lead_in(doc, "{{ direction_note }}")
    table(
        doc,
        ["Area", "RAG", "Direction of travel", "Summary"],
        [6.0, 1.7, 2.6, 6.7],
        "area in areas",
        [
            ["{{ area.heading }}"],
            rag_cell("area", "word"),
            ["{{ area.direction.arrow }} {{ area.direction.word }}"],
            ["{{ area.summary_text }}"],
        ],
    )

    para(doc, "Exceptions", "Heading 1")
    lead_in(doc, "{{ briefing.exceptions.sentence }}")
    tag(doc, "{%p if briefing.exceptions.actions %}")
    table(
        doc,
        ["Ref", "RAG", "Recovery", "Revised date"],
        [1.2, 1.8, 11.0, 3.0],
        "a in briefing.exceptions.actions",
        [
            ["{{ a.ref }}"],
            rag_cell("a", "word"),
            multi("a.recovery"),
            ["{{ a.revised_due }}"],
        ],
    )
    tag(doc, "{%p endif %}")

    para(doc, "Key measures", "Heading 1")
    tag(doc, "{%p if key_measures.measures %}")
    table(
        doc,
        ["Measure", "Latest", "Target", "Status"],
        [7.0, 3.4, 3.4, 3.2],
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
    tag(doc, "{%p if key_chart %}")
    image(doc, "{{ key_chart.image }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    para(doc, "No performance measure has actual figures yet.")
    tag(doc, "{%p endif %}")

    para(doc, "Actions overdue or due soon", "Heading 1")
    lead_in(doc, "{{ briefing.attention.sentence }}")
    tag(doc, "{%p if briefing.attention.actions %}")
    table(
        doc,
        ["Ref", "Impact of actions", "RAG", "Due"],
        [1.2, 10.8, 1.8, 3.2],
        "a in briefing.attention.actions",
        [
            ["{{ a.ref }}"],
            ["{{ a.summary }}"],
            rag_cell("a", "word"),
            ["{{ a.timing }}"],
        ],
    )
    tag(doc, "{%p endif %}")

    para(doc, "Recommendations", "Heading 1")
    tag(doc, "{%p if report.recommendations %}")
    tag(doc, "{%p for text in report.recommendations %}")
    para(doc, "{{ text }}", "List Number")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "The cabinet member is asked to note the progress set out in this briefing.")
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
