"""The rendered documents, reopened and read as a reader and an auditor would."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from boardpack.render import TEMPLATE_NAMES, render_documents
from boardpack.render.accessibility import (
    MIN_CONTRAST,
    audit,
    cell_fill,
    contrast_ratio,
    text_colour_for,
)
from boardpack.render.package import validate
from boardpack.status import Chart, PackStatus

from .conftest import HOSTILE, TEMPLATES, build_charts, build_status
from .dump import text_dump

MEMBERS, BRIEFING = TEMPLATE_NAMES


def open_doc(data: bytes) -> DocumentObject:
    return Document(io.BytesIO(data))


def rows(doc: DocumentObject) -> list[list[tuple[str, str | None]]]:
    """Every table row as (cell text, cell fill) pairs."""
    found = []
    for table in doc.tables:
        for row in table.rows:
            found.append([(c.text.strip(), cell_fill(c._tc)) for c in row.cells])
    return found


def headings(doc: DocumentObject, level: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name == level]


def test_members_report_sections_come_in_the_order_of_the_contract(rendered):
    doc = open_doc(rendered[MEMBERS])
    assert headings(doc, "Title") == ["Children's Services Ofsted Action Plan: progress update"]
    assert headings(doc, "Heading 1") == [
        "Purpose and summary",
        "Recommendations",
        "Background",
        "Statutory officers' comments",
        "Equalities comments",
        "Use of appendices",
        "Appendix A: Progress against the action plan",
        "Appendix B: Acronyms",
    ]
    assert [h for h in headings(doc, "Heading 2") if not re.match(r"\d+\. ", h)] == [
        "Finance",
        "Legal",
        "RAG rating key",
        "Summary",
        "Changes since 30 June 2019",
        "Exceptions: Red and Amber actions",
        "Overdue, slipped and due-soon actions",
    ]


def test_members_report_has_a_heading_per_area_in_order(rendered, status: PackStatus):
    doc = open_doc(rendered[MEMBERS])
    expected = [f"{a.area.id}. {a.area.title}" for a in status.areas]
    found = [h for h in headings(doc, "Heading 2") if re.match(r"\d+\. ", h)]
    assert found == expected


def test_every_action_row_shows_its_rag_word_movement_and_fill(rendered, status):
    doc = open_doc(rendered[MEMBERS])
    key = status.plan.rag_key
    header = ["Ref", "Impact of actions", "Original target / timescales", "Progress", "RAG"]
    by_ref = {}
    for table in doc.tables:
        if [c.text for c in table.rows[0].cells] != header:
            continue
        for row in table.rows[1:]:
            by_ref[row.cells[0].text] = [(c.text.strip(), cell_fill(c._tc)) for c in row.cells]
    assert list(by_ref) == ["1.1", "1.2", "1.10", "2.1", "2.2", "3.1", "3.2"]
    for item in status.actions:
        text, fill = by_ref[item.ref][4]
        assert item.rag is not None
        assert text.startswith(item.rag.word) and text.endswith(item.movement)
        assert fill == key[item.rag].colour


def test_area_table_header_is_the_contract_header(rendered):
    doc = open_doc(rendered[MEMBERS])
    header = ["Ref", "Impact of actions", "Original target / timescales", "Progress", "RAG"]
    assert [[c for c, _ in r] for r in rows(doc)].count(header) == 3


def test_multi_paragraph_progress_stays_separate_paragraphs_in_its_cell(rendered):
    doc = open_doc(rendered[MEMBERS])
    cell = next(
        c for t in doc.tables for r in t.rows for c in r.cells if c.text.startswith("Suite of")
    )
    assert [p.text for p in cell.paragraphs] == [
        "Suite of assessment tools designed and available to practitioners.",
        "This will be further embedded through the launch of the Academy.",
    ]


def test_exceptions_list_every_red_and_amber_action_with_reason_and_recovery(rendered):
    text = text_dump(rendered[MEMBERS])
    section = text.split("# Exceptions")[1].split("# Overdue")[0]
    assert (
        "Red: 1; Amber: 1. Each is listed with what the action is, the reason, the recovery plan "
        "and its original and revised dates." in section
    )
    assert (
        "| 2.1 | Red [C00000] | Audits show improvement. / Original date: 30 April 2019; revised "
        "date: 31 January 2020 | Recruitment to the auditor posts" in section
    )
    assert "| Interim auditors appointed. / Monthly checks by the Director. |" in section
    assert "| 1.10 | Amber [FFC000] |" in section
    assert "| 1.1 |" not in section


def test_overdue_slipped_and_due_soon_actions_are_listed_overdue_first(rendered):
    text = text_dump(rendered[MEMBERS])
    section = text.split("## Overdue, slipped and due-soon actions")[1].split("# Appendix B")[0]
    assert section.splitlines()[1] == (
        "At 31 October 2019: 2 actions overdue, 2 slipped from their original date, and 3 due "
        "within 90 days, 0 of them before the meeting on 12 November 2019."
    )
    assert re.findall(r"^\| (\d+\.\d+) \|", section, re.M) == ["2.1", "2.2", "1.2", "1.10", "3.1"]
    assert (
        "| 30 April 2019 | 31 January 2020 | Overdue by 184 days; slipped 276 days from "
        "30 April 2019 | Red [C00000] |" in section
    )
    assert "| Slipped 184 days from 30 June 2019; due within 90 days | Amber [FFC000] |" in section


def test_changes_since_previous_period_list_moved_actions_with_direction(rendered):
    text = text_dump(rendered[MEMBERS])
    section = text.split("## Changes since 30 June 2019")[1].split("## 1. ")[0]
    assert (
        "| 2.1 | Audits show improvement. | Amber [FFC000] | Red [C00000] | ▼ declined |" in section
    )
    assert (
        "| 1.1 | Managers ensure the child's plan is current. | Green [00B050] | Blue [0070C0] "
        "| ▲ improved |" in section
    )
    assert "| 1.2 |" not in section


def test_briefing_headline_gives_the_numbers(rendered):
    doc = open_doc(rendered[BRIEFING])
    paragraphs = [p.text for p in doc.paragraphs]
    headline = paragraphs[paragraphs.index("Headline") + 1]
    assert headline == (
        "Of 7 actions in the plan, 2 are complete (Blue), 3 on track (Green) and 2 need "
        "attention (1 Amber, 1 Red). 2 are overdue and 2 have slipped from their original date."
    )


def test_briefing_headline_names_what_is_red_and_what_declined(rendered):
    doc = open_doc(rendered[BRIEFING])
    paragraphs = [p.text for p in doc.paragraphs]
    start = paragraphs.index("Headline")
    assert paragraphs[start + 2 : start + 4] == [
        "Red: 2.1 Audits show improvement.",
        "Declined since 30 June 2019: 1.10 from Green to Amber; 2.1 from Amber to Red.",
    ]


def test_briefing_area_table_shows_rag_and_direction_of_travel(rendered):
    text = text_dump(rendered[BRIEFING])
    assert "| 2. Child focussed plans | Red [C00000] | ▼ declined | Two late. |" in text
    assert (
        "| 3. Quality of case recording | Green [00B050] | ▲ improved | Actions: 1 Green, 1 Blue. |"
        in text
    )


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_document_passes_the_accessibility_audit(rendered, name):
    assert audit(open_doc(rendered[name])) == []


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_image_has_the_chart_alt_text_and_a_title(rendered, charts: list[Chart], name):
    doc = open_doc(rendered[name])
    alt = {c.alt_text: c.title for c in charts}
    pictures = list(doc.element.body.iter(qn("wp:docPr")))
    assert pictures or name == BRIEFING  # the briefing's key measures are a table only
    for pr in pictures:
        assert pr.get("descr") in alt
        assert pr.get("title") == alt[pr.get("descr")]


def test_members_report_places_summary_and_measure_charts(rendered, charts):
    doc = open_doc(rendered[MEMBERS])
    names = [pr.get("name") for pr in doc.element.body.iter(qn("wp:docPr"))]
    assert names == ["rag-by-period", "rag-by-area", "measure-M1"]


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_tables_repeat_their_header_row_and_merge_no_cells(rendered, name):
    doc = open_doc(rendered[name])
    assert doc.tables
    for table in doc.tables:
        first = table.rows[0]._tr
        assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        xml = table._tbl.xml
        assert "gridSpan" not in xml and "vMerge" not in xml


def shown_colour(doc: DocumentObject, paragraph: Paragraph, run: Run) -> str:
    """The colour a run shows in: its own, else its style's or paragraph style's (each
    following its base style), else the document default, else black (``auto``)."""
    if run.font.color.type is not None and run.font.color.rgb is not None:
        return str(run.font.color.rgb)
    for style in (run.style, paragraph.style):
        while style is not None:
            if style.font.color.type is not None and style.font.color.rgb is not None:
                return str(style.font.color.rgb)
            style = style.base_style
    default = doc.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:color')}"
    )
    value = default.get(qn("w:val")) if default is not None else "auto"
    return "000000" if value in (None, "auto") else value


def cells(doc: DocumentObject) -> list[_Cell]:
    """Every cell of every table, nested tables included."""
    found: list[_Cell] = []
    tables = list(doc.tables)
    while tables:
        table = tables.pop(0)
        for row in table.rows:
            for cell in row.cells:
                found.append(cell)
                tables.extend(cell.tables)
    return found


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_run_on_every_filled_cell_has_enough_contrast(rendered, name):
    doc = open_doc(rendered[name])
    checked = 0
    for cell in cells(doc):
        fill = cell_fill(cell._tc)
        if fill is None:
            continue
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                if not run.text.strip():
                    continue
                colour = shown_colour(doc, paragraph, run)
                ratio = contrast_ratio(colour, fill)
                assert ratio >= MIN_CONTRAST, (run.text, colour, fill, round(ratio, 2))
                checked += 1
    assert checked > 20


def test_the_audit_follows_inherited_colours(rendered):
    """Dark text from a style on a dark fill fails, though the run names no colour."""
    doc = open_doc(rendered[MEMBERS])
    style = doc.styles["Table Text"]
    style.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
    red = next(
        c for c in cells(doc) if cell_fill(c._tc) == "C00000" and c.text.strip().startswith("Red")
    )
    for run in red.paragraphs[0].runs:
        for colour in run._r.iter(qn("w:color")):
            colour.getparent().remove(colour)
    failures = [f for f in audit(doc) if "contrast" in f]
    assert failures and "is 1F3864 on C00000" in failures[0]


@pytest.mark.parametrize(
    ("fill", "text"),
    [
        ("C00000", "FFFFFF"),
        ("FFC000", "000000"),
        ("00B050", "000000"),
        ("0070C0", "FFFFFF"),
        ("1F3864", "FFFFFF"),
        ("FFFFFF", "000000"),
    ],
    ids=["red", "amber", "green", "blue", "header", "white"],
)
def test_text_colour_is_the_one_with_higher_contrast(fill, text):
    assert text_colour_for(fill) == text
    assert contrast_ratio(fill, text) >= MIN_CONTRAST


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_properties_come_from_the_pack_not_the_machine(rendered, name):
    doc = open_doc(rendered[name])
    props = doc.core_properties
    assert props.title.endswith("Children's Services Ofsted Action Plan: progress update")
    assert props.subject.startswith("Progress as at 31 October 2019")
    assert props.language == "en-GB"
    assert props.author == props.last_modified_by == "Haringey Council"
    assert props.created is not None and props.created.date().isoformat() == "2019-10-31"
    assert props.modified is not None and props.modified.date().isoformat() == "2019-10-31"
    assert props.comments == props.keywords == ""
    with __import__("zipfile").ZipFile(io.BytesIO(rendered[name])) as package:
        meta = (
            package.read("docProps/core.xml").decode() + package.read("docProps/app.xml").decode()
        )
        assert "docProps/thumbnail.jpeg" not in package.namelist()
    for leak in ("python-docx", "docxtpl", "/tmp", "/home", "root", "Word", "Application"):
        assert leak not in meta


HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"


def part_text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_header_and_footer_part_carries_the_marking_and_page_fields(rendered, name):
    doc = open_doc(rendered[name])
    parts = [
        p for p in doc.part.package.iter_parts() if p.content_type in (HEADER_TYPE, FOOTER_TYPE)
    ]
    assert parts
    for part in parts:
        root = etree.fromstring(part.blob)
        assert "OFFICIAL" in part_text(root), part.partname
        if part.content_type == FOOTER_TYPE:
            assert "progress update - Page" in part_text(root), part.partname
            fields = [i.text.strip() for i in root.iter(qn("w:instrText"))]
            assert fields == ["PAGE", "NUMPAGES"], part.partname
    even = doc.settings.odd_and_even_pages_header_footer
    for section in doc.sections:
        shown = [(section.header, section.footer)]
        if section.different_first_page_header_footer:
            shown.append((section.first_page_header, section.first_page_footer))
        if even:
            shown.append((section.even_page_header, section.even_page_footer))
        for header, footer in shown:
            # a page shows its section's own header, or else the one before it: never none
            assert "OFFICIAL" in part_text(header._element)
            assert "OFFICIAL" in part_text(footer._element)


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_no_template_tags_are_left_in_the_output(rendered, name):
    data = rendered[name]
    with __import__("zipfile").ZipFile(io.BytesIO(data)) as package:
        for part in package.namelist():
            if part.endswith(".xml"):
                text = package.read(part).decode()
                assert not re.search(r"\{\{|\{%|%\}|\}\}", text), part


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_workbook_text_prints_literally(render: Callable[[PackStatus], dict[str, bytes]], hostile):
    status = build_status(
        {"progress-1.2": f"Before {hostile} after", "reason-2.1": hostile, "outcome-1": hostile}
    )
    out = render(status)
    members = text_dump(out[MEMBERS])
    assert f"Before {hostile} after" in members
    assert f"- {hostile}" in members
    assert f"| {hostile} |" in members
    assert validate(out[MEMBERS]) == []
    assert audit(open_doc(out[MEMBERS]), literal_texts=(hostile,)) == []


def test_hostile_title_reaches_headers_footers_and_properties_literally(render):
    title = 'Plan <b>&amp;</b> {{ 7*7 }} "quoted"'
    out = render(build_status({"title": title}))
    doc = open_doc(out[MEMBERS])
    assert doc.core_properties.title == title
    assert headings(doc, "Title") == [title]
    footer = "".join(t.text or "" for t in doc.sections[0].footer._element.iter(qn("w:t")))
    assert title in footer


def test_two_renders_give_identical_bytes(status, charts, rendered):
    from boardpack.render import render_documents

    from .conftest import TEMPLATES

    again = render_documents(build_status(), charts, TEMPLATES)
    assert again == rendered


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_output_is_a_valid_package(rendered, name):
    assert validate(rendered[name]) == []


def test_unrated_action_prints_not_rated(render):
    status = build_status()
    item = status.action("2.2")
    assert item is not None
    item.rag = None
    item.update = None
    item.movement = "new"
    out = render(status)
    text = text_dump(out[MEMBERS])
    # the word says it is not rated, and no RAG colour suggests otherwise: the fill is white
    assert "| 2.2 | All staff aware of standards. | Completed. |  | Not rated ● new [FFFFFF] |" in (
        text
    )
    assert (
        "| 2.2 | All staff aware of standards. | No date | No date | Overdue by 30 days | Not rated"
        in (text)
    )


def test_ratings_that_differ_from_the_rules_stay_out_of_the_members_text(rendered, status):
    assert any("rag_conflict" in a.flags for a in status.actions)
    text = text_dump(rendered[MEMBERS])
    assert "suggest" not in text
    assert "Ratings checked" not in text


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_table_row_is_kept_whole_so_a_rag_word_stays_beside_its_colour(rendered, name):
    doc = open_doc(rendered[name])
    for table in doc.tables:
        for row in table.rows:
            tr_pr = row._tr.trPr
            assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None, row.cells[
                0
            ].text


# ---------------------------------------------------------------- the briefing's sections


def pictures(data: bytes) -> list[str]:
    return [pr.get("name") for pr in open_doc(data).element.body.iter(qn("wp:docPr"))]


def test_the_briefing_judges_each_key_measure_against_one_target_in_a_table_only(rendered):
    assert pictures(rendered[BRIEFING]) == []
    text = text_dump(rendered[BRIEFING])
    section = text.split("# Key measures")[1].split("# Actions overdue")[0]
    assert (
        "| Assessments rated good or better | 87% (31 October 2019) | 60% by 30 September 2019 "
        "| Met |" in section
    )
    assert "[image:" not in section
    assert "rag-by-period" in pictures(rendered[MEMBERS])


def test_with_no_measure_figures_the_briefing_says_so_and_shows_no_chart(status):
    quiet = build_status()
    for item in quiet.measures:
        item.latest = None
        item.status = "no_data"
    out = render_documents(quiet, build_charts(), TEMPLATES)
    assert pictures(out[BRIEFING]) == []
    section = text_dump(out[BRIEFING]).split("# Key measures")[1].split("# Actions overdue")[0]
    assert section.strip() == "No performance measure has actual figures yet."


def test_the_briefing_says_what_its_exceptions_table_lists(rendered):
    text = text_dump(rendered[BRIEFING])
    section = text.split("# Exceptions")[1].split("# Key measures")[0]
    assert section.splitlines()[1:4] == [
        "Red: 1; Amber: 1. Each is listed with what the action is, why it is off track and its "
        "recovery.",
        "| Ref [1F3864] | RAG [1F3864] | Action [1F3864] | Why off track [1F3864] | Recovery and "
        "revised date [1F3864] |",
        "| 2.1 | Red [C00000] | Audits show improvement. | Recruitment to the auditor posts has "
        "taken longer than planned. | Interim auditors appointed. Monthly checks by the Director. "
        "/ Revised date: 31 January 2020 |",
    ]


def test_the_briefings_due_column_prints_dates_not_the_word_due(rendered):
    text = text_dump(rendered[BRIEFING])
    section = text.split("# Actions overdue, slipped or due before the meeting")[1]
    assert (
        "| 2.1 | Audits show improvement. | Overdue by 184 days; slipped 276 days from "
        "30 April 2019 | Red [C00000] |" in section
    )
    assert (
        "| 1.10 | Refocused business support. | Slipped 184 days from 30 June 2019; due within "
        "90 days | Amber [FFC000] |" in section
    )


def test_the_line_after_the_key_measures_table_is_set_off_from_it(status):
    from boardpack.model import Measure
    from boardpack.status import MeasureStatus

    waiting = build_status()
    waiting.measures.append(
        MeasureStatus(Measure("M9", "Return home interviews"), [], None, None, None, "no_data")
    )
    doc = open_doc(render_documents(waiting, build_charts(), TEMPLATES)[BRIEFING])
    line = next(p for p in doc.paragraphs if "no actual figures yet" in p.text)
    previous = line._p.getprevious()
    assert previous is not None and previous.tag == qn("w:tbl")
    assert line.paragraph_format.space_before is not None
    assert line.paragraph_format.space_before.pt >= 6


# ---------------------------------------------------------------- the members' report


def test_outcomes_are_a_real_heading_under_each_area(rendered):
    doc = open_doc(rendered[MEMBERS])
    assert headings(doc, "Heading 3") == ["Outcomes"] * 3
    order = [
        p.style.name
        for p in doc.paragraphs
        if p.style is not None and p.style.name in ("Heading 2", "Heading 3")
    ]
    assert "Heading 3" not in order[: order.index("Heading 2") + 1]


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_no_empty_paragraph_is_used_as_a_spacer(rendered, name):
    doc = open_doc(rendered[name])
    empty = [
        n
        for n, p in enumerate(doc.paragraphs, start=1)
        if not p.text.strip()
        and p._p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None
        and next(p._p.iter(qn("w:drawing")), None) is None
    ]
    assert empty == []


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_a_filled_document_gives_its_filled_headers_and_footers_before_it_is_saved(
    status: PackStatus, name: str
):
    from boardpack.render.documents import fill_template, render_template
    from boardpack.render.layout import headers_footers

    charts = build_charts()
    filled = fill_template(TEMPLATES / name, status, charts, "Title")
    saved = Document(io.BytesIO(render_template(TEMPLATES / name, status, charts, "Title")))

    def texts(doc: DocumentObject) -> list[str]:
        return ["".join(p.element.itertext()) for p in headers_footers(doc)]

    assert texts(filled) == texts(saved)
    assert not any("{{" in text for text in texts(filled))
