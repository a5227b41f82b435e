"""Both documents of a second plan (tests/render/second_plan.py), reopened and read as a
councillor, a democratic services officer and a performance manager would."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Pt

from boardpack.render import TEMPLATE_NAMES
from boardpack.status import Chart, PackStatus

from . import second_plan
from .dump import text_dump
from .pages import (
    Page,
    headings_apart_from_their_tables,
    headings_ending_a_page,
    mostly_empty,
    pages,
    to_pdf,
)

MEMBERS, BRIEFING = TEMPLATE_NAMES


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[PackStatus, list[Chart], dict[str, bytes]]:
    return second_plan.build(tmp_path_factory.mktemp("riverside"))


@pytest.fixture(scope="module")
def members(built) -> str:
    return text_dump(built[2][MEMBERS])


@pytest.fixture(scope="module")
def briefing(built) -> str:
    return text_dump(built[2][BRIEFING])


def section(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


def open_doc(data: bytes) -> DocumentObject:
    return Document(io.BytesIO(data))


# ---------------------------------------------------------------- the committee report


def test_the_cover_carries_the_committee_fields(members):
    cover = members.split("# Purpose and summary")[0]
    for line in (
        "Report number: ASC/2020/14",
        "Meeting: Cabinet Member for Adult Social Care, 20 October 2020",
        "Report authorised by: Director of Adult Social Services",
        "Lead officer: Assistant Director, Adult Social Care",
        "Contact: Jo Smith, Head of Improvement, jo.smith@riverside.example, 01234 567890",
        "Wards affected: Northgate; Riverside",
        "Key decision: Yes",
        "Protective marking: OFFICIAL",
    ):
        assert f"\n{line}\n" in cover


def test_the_committee_sections_come_in_order_before_the_appendices(built):
    doc = open_doc(built[2][MEMBERS])
    top = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert top == [
        "Purpose and summary",
        "Recommendations",
        "Reasons for decision",
        "Alternative options considered",
        "Background",
        "Contribution to strategic outcomes",
        "Statutory officers' comments",
        "Equalities comments",
        "Use of appendices",
        "Background papers",
        "Appendix A: Progress against the action plan",
        "Appendix B: Acronyms",
    ]


def test_recommendations_are_numbered(built):
    doc = open_doc(built[2][MEMBERS])
    numbered = [p.text for p in doc.paragraphs if p.style.name == "List Number"]
    assert numbered == [
        "That the Cabinet Member notes the progress made.",
        "That the Cabinet Member agrees the revised date for the carers' strategy.",
    ]


def test_a_statutory_comment_left_out_shows_as_a_gap_never_as_invented_text(members):
    assert section(members, "## Finance\n", "## Legal") == (
        "The plan is delivered within the approved budget.\n"
    )
    assert section(members, "## Legal\n", "# Equalities") == "No comments received.\n"
    assert section(members, "# Equalities comments\n", "# Use of") == "No comments received.\n"


def test_background_papers_are_listed_under_section_100d(members):
    papers = section(members, "# Background papers\n", "# Appendix A")
    assert "Local Government Act 1972, section 100D" in papers
    assert "- Peer review report, March 2020\n- Improvement plan, April 2020\n" in papers


# ---------------------------------------------------------------- areas, owners, slippage


def test_each_area_gives_its_rating_in_words_under_its_heading(members):
    assert "## H. Hospital discharge\nOverall rating: Red (declined from Amber)." in members
    assert "## S. Safeguarding adults\nOverall rating: Green (unchanged)." in members
    assert "## Q. Quality of provider services\nOverall rating: Blue (improved from Green)." in (
        members
    )


def test_owners_are_printed_where_the_workbook_gives_them(members):
    assert "| S.1 | Review every safeguarding enquiry open longer than 28 days. / Owner: Head " in (
        members
    )
    row = next(line for line in members.splitlines() if line.startswith("| Q.1 |"))
    assert "Owner" not in row


def test_a_slipped_action_shows_its_revised_date_and_slippage_beside_the_original_target(
    members,
):
    assert (
        "| C.1 | Publish a carers' strategy written with carers and the carers' centre. / Owner: "
        "Commissioning Manager | March 2020 / Revised to 31 December 2020 (slipped 275 days) |"
        in members
    )


def test_exceptions_show_what_the_action_is_and_its_original_and_revised_dates(members):
    exceptions = section(members, "## Exceptions", "## Overdue")
    assert (
        "| C.1 | Amber [FFC000] | Publish a carers' strategy written with carers and the carers' "
        "centre. / Original date: 31 March 2020; revised date: 31 December 2020 |" in exceptions
    )
    assert "| H.1 | Red [C00000] | Reduce delayed transfers of care (DToC)" in exceptions


def test_the_members_update_lists_slipped_actions_and_those_due_before_the_meeting(members):
    listed = section(members, "## Overdue, slipped and due-soon actions\n", "# Appendix B")
    assert listed.splitlines()[0] == (
        "At 30 September 2020: 0 actions overdue, 1 slipped from its original date, and 1 due "
        "within 90 days, 1 of them before the meeting on 20 October 2020."
    )
    assert re.findall(r"^\| ([A-Z]\.\d) \|", listed, re.M) == ["C.1", "H.2"]
    assert "| Slipped 275 days from 31 March 2020 | Amber [FFC000] |" in listed
    assert "| Due before the meeting on 20 October 2020 | Green [00B050] |" in listed


def test_the_rag_key_keeps_the_plans_order(members):
    key = section(members, "## RAG rating key\n", "## Summary")
    assert re.findall(r"^\| (\w+) \(", key, re.M) == ["Red", "Amber", "Green", "Blue"]


# ---------------------------------------------------------------- measures and charts


def pictures(data: bytes) -> list[str]:
    return [pr.get("name") for pr in open_doc(data).element.body.iter(qn("wp:docPr"))]


def test_a_measure_with_one_figure_is_a_line_of_text_not_a_chart(built, members):
    charts = built[1]
    assert "measure-CA" not in [c.name for c in charts]
    assert (
        "- Carers assessed: latest 140 (30 September 2020); target 400 by 31 March 2021; "
        "status No target due yet." in members
    )


def test_a_measure_shared_by_two_areas_is_charted_once_under_the_first(built, members):
    assert pictures(built[2][MEMBERS]) == ["rag-by-period", "rag-by-area", "measure-E28"]
    safeguarding = section(members, "## S. Safeguarding", "## C. ")
    carers = section(members, "## C. Support for carers", "## H. ")
    assert "Chart: Enquiries completed within 28 days\n[image: Line chart" in safeguarding
    assert "- Enquiries completed within 28 days: see the chart under S. Safeguarding adults." in (
        carers
    )
    assert "[image:" not in carers


def test_every_chart_has_a_caption_naming_it_straight_above(built):
    doc = open_doc(built[2][MEMBERS])
    body = list(doc.element.body.iter(qn("w:p")))
    for index, p in enumerate(body):
        if p.find(f".//{qn('wp:docPr')}") is None:
            continue
        caption = "".join(t.text or "" for t in body[index - 1].iter(qn("w:t")))
        style = body[index - 1].find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        assert caption.startswith("Chart: ") and style is not None
        assert style.get(qn("w:val")) == "Caption"


# ---------------------------------------------------------------- the briefing


def test_the_briefing_recommends_to_the_one_member_the_meeting_is(built, briefing):
    doc = open_doc(built[2][BRIEFING])
    order = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert order[:3] == ["Purpose", "Recommendations", "Headline"]
    assert "# Recommendations\nTo Cabinet Member for Adult Social Care, 20 October 2020:\n" in (
        briefing
    )
    assert "Cabinet is" not in briefing


def test_the_briefing_headline_counts_slipped_and_names_what_is_red_and_what_declined(briefing):
    headline = section(briefing, "# Headline\n", "# Progress by area")
    assert headline.splitlines() == [
        "Of 7 actions in the plan, 2 are complete (Blue), 3 on track (Green) and 2 need attention "
        "(1 Amber, 1 Red). 0 are overdue and 1 has slipped from its original date.",
        "- Red: H.1 Reduce delayed transfers of care (DToC) to the national target.",
        "- Declined since 30 June 2020: C.1 from Green to Amber; H.1 from Amber to Red.",
    ]


def test_briefing_exceptions_say_what_the_action_is_why_and_the_recovery(briefing):
    exceptions = section(briefing, "# Exceptions\n", "# Key measures")
    assert (
        "| H.1 | Red [C00000] | Reduce delayed transfers of care (DToC) to the national target. "
        "| Care home closures cut the places people are discharged to. | Block-booked beds "
        "agreed with the NHS; review monthly. / Revised date: None set |" in exceptions
    )


def test_each_key_measure_is_judged_against_one_target_in_one_table(built, briefing):
    assert pictures(built[2][BRIEFING]) == []
    measures = section(briefing, "# Key measures\n", "# Actions overdue")
    assert (
        "| Enquiries completed within 28 days | 81% (30 September 2020) | 85% by 31 December "
        "2020 | No target due yet |" in measures
    )


def test_the_briefing_lists_what_is_due_before_the_meeting_and_what_slipped(briefing):
    listed = section(briefing, "# Actions overdue, slipped or due before the meeting\n", "# Acr")
    assert listed.splitlines()[0] == (
        "0 overdue, 1 slipped from its original date and 1 due before the meeting on "
        "20 October 2020."
    )
    assert re.findall(r"^\| ([A-Z]\.\d) \|", listed, re.M) == ["H.2", "C.1"]


def test_the_briefing_ends_with_the_acronyms_it_uses_and_no_others(built, briefing):
    doc = open_doc(built[2][BRIEFING])
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][-1] == "Acronyms"
    acronyms = briefing.split("# Acronyms\n")[1]
    assert re.findall(r"^\| (\w+) \|", acronyms, re.M) == ["DToC", "NHS"]


# ---------------------------------------------------------------- details


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_table_text_is_at_least_ten_points(built, name):
    doc = open_doc(built[2][name])
    for style in ("Table Text", "Table Heading"):
        size = doc.styles[style].font.size or doc.styles["Normal"].font.size
        assert size is not None and size >= Pt(10)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    assert paragraph.style.name in ("Table Text", "Table Heading")
                    for run in paragraph.runs:
                        assert run.font.size is None or run.font.size >= Pt(10)


def test_rating_conflicts_stay_out_of_the_members_text(members):
    assert "suggest" not in members


# ---------------------------------------------------------------- as LibreOffice lays it out


@pytest.fixture(scope="module")
def laid_out(built, tmp_path_factory) -> dict[str, tuple[Path, list[Page]]]:
    folder = tmp_path_factory.mktemp("riverside-pdf")
    found = {}
    for name, data in built[2].items():
        pdf = to_pdf(name, data, folder)
        found[name] = (pdf, pages(pdf))
    return found


@pytest.mark.libreoffice
def test_the_briefing_keeps_to_three_pages(laid_out):
    assert 1 <= len(laid_out[BRIEFING][1]) <= 3


@pytest.mark.libreoffice
def test_area_headings_share_a_page_with_their_tables_first_row(laid_out, members):
    headings = re.findall(r"^## ([A-Z]\. .{1,30})", members, re.M)
    assert len(headings) == 4
    assert headings_apart_from_their_tables(laid_out[MEMBERS][1], headings) == []


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_no_page_but_the_last_is_mostly_empty(laid_out, name):
    assert mostly_empty(laid_out[name][1]) == []


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_no_heading_ends_a_page(built, laid_out, name):
    headings = [h[:30] for h in re.findall(r"^#+ (.+)$", text_dump(built[2][name]), re.M)]
    assert headings_ending_a_page(laid_out[name][1], headings) == []


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_font_is_embedded_in_the_pdf(laid_out, name):
    import subprocess

    fonts = subprocess.run(
        ["pdffonts", str(laid_out[name][0])], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts
    # columns: name, type, encoding, emb, sub, uni, object ID
    assert all(line.split()[-5] == "yes" for line in fonts), fonts


# ---------------------------------------------------------------- for the author, not members


def test_a_progress_text_dated_before_the_meeting_is_a_warning_for_the_author(built, members):
    status = built[0]
    found = [p for p in status.problems if p.code == "dated-before-meeting"]

    assert [(p.sheet, p.cell) for p in found] == [("Updates", "D14")]
    assert "12 October 2020" in found[0].message
    assert "20 October 2020" in found[0].message
    assert "say whether it happened" not in members
