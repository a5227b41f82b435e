"""The rendered documents, reopened and read as a reader and an auditor would."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn

from boardpack.model import Rag
from boardpack.render import TEMPLATE_NAMES
from boardpack.render.accessibility import (
    MIN_CONTRAST,
    audit,
    cell_fill,
    contrast_ratio,
    text_colour_for,
)
from boardpack.render.dump import text_dump
from boardpack.render.package import validate
from boardpack.status import Chart, PackStatus

from .conftest import HOSTILE, build_status

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
        "Introduction",
        "RAG rating key",
        "Summary",
        "Progress against each area for improvement",
        "Exceptions: Red and Amber actions",
        "Overdue and due-soon actions",
        "Acronyms",
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
    assert "| 2.1 | Red | Audits show improvement. | Recruitment to the auditor posts" in section
    assert "Interim auditors appointed. / Monthly checks by the Director. | 31 January 2020 |" in (
        section
    )
    assert "| 1.10 | Amber |" in section
    assert "| 1.1 |" not in section


def test_overdue_and_due_soon_tables_list_the_right_actions(rendered):
    text = text_dump(rendered[MEMBERS])
    overdue = text.split("## Overdue actions")[1].split("## Due in")[0]
    soon = text.split("## Due in the next 90 days")[1].split("## Ratings checked")[0]
    assert re.findall(r"^\| (\d+\.\d+) \|", overdue, re.M) == ["2.1", "2.2"]
    assert "184 days" in overdue
    assert re.findall(r"^\| (\d+\.\d+) \|", soon, re.M) == ["1.2", "1.10", "3.1"]


def test_changes_since_previous_period_list_moved_actions_with_direction(rendered):
    text = text_dump(rendered[MEMBERS])
    section = text.split("## Changes since 30 June 2019")[1].split("# Progress against")[0]
    assert "| 2.1 | Audits show improvement. | Amber | Red | ▼ declined |" in section
    assert (
        "| 1.1 | Managers ensure the child's plan is current. | Green | Blue | ▲ improved |"
        in section
    )
    assert "| 1.2 |" not in section


def test_briefing_headline_gives_the_numbers(rendered):
    doc = open_doc(rendered[BRIEFING])
    paragraphs = [p.text for p in doc.paragraphs]
    headline = paragraphs[paragraphs.index("Headline") + 1]
    assert headline == (
        "Of 7 actions in the plan, 2 are complete (Blue), 3 on track (Green) and 2 need "
        "attention (1 Amber, 1 Red)."
    )


def test_briefing_area_table_shows_rag_and_direction_of_travel(rendered):
    text = text_dump(rendered[BRIEFING])
    assert "| 2. Child focussed plans | Red | ▼ declined | Two late. |" in text
    assert "| 3. Quality of case recording | Green | ▲ improved | Actions: 1 Blue, 1 Green. |" in (
        text
    )


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_document_passes_the_accessibility_audit(rendered, name):
    assert audit(open_doc(rendered[name])) == []


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_image_has_the_chart_alt_text_and_a_title(rendered, charts: list[Chart], name):
    doc = open_doc(rendered[name])
    alt = {c.alt_text: c.title for c in charts}
    pictures = list(doc.element.body.iter(qn("wp:docPr")))
    assert pictures
    for pr in pictures:
        assert pr.get("descr") in alt
        assert pr.get("title") == alt[pr.get("descr")]


def test_members_report_places_summary_and_measure_charts(rendered, charts):
    doc = open_doc(rendered[MEMBERS])
    names = [pr.get("name") for pr in doc.element.body.iter(qn("wp:docPr"))]
    assert names == ["rag-by-area", "rag-by-period", "measure-M1"]


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_tables_repeat_their_header_row_and_merge_no_cells(rendered, name):
    doc = open_doc(rendered[name])
    assert doc.tables
    for table in doc.tables:
        first = table.rows[0]._tr
        assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        xml = table._tbl.xml
        assert "gridSpan" not in xml and "vMerge" not in xml


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_text_on_every_filled_cell_has_enough_contrast(rendered, name):
    doc = open_doc(rendered[name])
    checked = 0
    for tc in doc.element.body.iter(qn("w:tc")):
        fill = cell_fill(tc)
        if fill is None:
            continue
        for colour in tc.iter(qn("w:color")):
            assert contrast_ratio(colour.get(qn("w:val")), fill) >= MIN_CONTRAST
            checked += 1
    assert checked > 10


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


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_header_and_footer_carries_the_marking_and_page_fields(rendered, name):
    doc = open_doc(rendered[name])
    for section in doc.sections:
        assert "OFFICIAL" in section.header._element.xml
        footer = section.footer._element
        texts = "".join(t.text or "" for t in footer.iter(qn("w:t")))
        assert "OFFICIAL" in texts and "progress update - Page" in texts
        fields = [i.text.strip() for i in footer.iter(qn("w:instrText"))]
        assert fields == ["PAGE", "NUMPAGES"]


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
    assert "| 2.2 | All staff aware of standards. | Completed. |  | Not rated ● new |" in text_dump(
        out[MEMBERS]
    )
    assert Rag.RED.word == "Red"


def test_ratings_that_differ_from_the_rules_are_listed_for_the_author(rendered):
    text = text_dump(rendered[MEMBERS])
    section = text.split("## Ratings checked against timescales")[1].split("# Acronyms")[0]
    assert "1 reported rating differs from the rating the timescale rules suggest" in section
    assert re.findall(r"^\| (\d+\.\d+) \|", section, re.M) == ["2.2"]
    assert "| Green | Amber |" in section


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_table_row_is_kept_whole_so_a_rag_word_stays_beside_its_colour(rendered, name):
    doc = open_doc(rendered[name])
    for table in doc.tables:
        for row in table.rows:
            tr_pr = row._tr.trPr
            assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None, row.cells[
                0
            ].text
