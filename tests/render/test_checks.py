"""check_templates finds broken templates and says where; render_documents refuses them."""

from __future__ import annotations

import dataclasses
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from boardpack.problems import InputError, Problem
from boardpack.render import TEMPLATE_NAMES, check_templates, render_documents
from boardpack.render.checks import template_tags
from boardpack.render.context import Summary
from boardpack.render.sample import solid_png

from .conftest import TEMPLATES, build_charts, build_status

MEMBERS, BRIEFING = TEMPLATE_NAMES


def at(text: str, name: str = MEMBERS, nth: int = 0) -> str:
    """The place of a tag in the committed template, as the checks name it."""
    return [t.place for t in template_tags(TEMPLATES / name) if t.text == text][nth]


def moved(place: str, by: int) -> str:
    """``paragraph 19`` moved by ``by`` paragraphs (after a paragraph was deleted)."""
    word, number = place.rsplit(" ", 1)
    return f"{word} {int(number) + by}"


def error(code: str, cell: str | None, message: str, name: str = MEMBERS) -> Problem:
    return Problem("error", code, name, cell, message)


def unknown_attribute(word: str, kind: str, meant: str) -> str:
    """The message for a misspelt field ``word`` of the context class ``kind``."""
    return (
        f"expected a variable the pack provides; found {word!r} "
        f"({kind} has no field {word!r}; did you mean {meant!r}?)"
    )


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    for name in TEMPLATE_NAMES:
        shutil.copyfile(TEMPLATES / name, tmp_path / name)
    return tmp_path


def edit(folder: Path, change: Callable[[DocumentObject], None], name: str = MEMBERS) -> None:
    path = folder / name
    doc = Document(str(path))
    change(doc)
    doc.save(str(path))


def paragraph_with(doc: DocumentObject, text: str):
    return next(p for p in doc.paragraphs if text in p.text)


def run_with(doc: DocumentObject, text: str):
    """The run holding ``text``, anywhere in the body (table cells included)."""
    for t in doc.element.body.iter(qn("w:t")):
        if t.text and text in t.text:
            return t
    raise AssertionError(f"no run holds {text!r}")


def retype(doc: DocumentObject, old: str, new: str) -> None:
    t = run_with(doc, old)
    t.text = t.text.replace(old, new)


def misspell(doc: DocumentObject) -> None:
    paragraph = paragraph_with(doc, "{{ summary.sentence }}")
    paragraph.runs[0].text = "{{ sumary.sentence }}"


def misspell_attribute(doc: DocumentObject) -> None:
    paragraph = paragraph_with(doc, "{{ summary.sentence }}")
    paragraph.runs[0].text = "{{ summary.sentense }}"


def split_tag(doc: DocumentObject) -> None:
    paragraph = paragraph_with(doc, "{{ summary.sentence }}")
    paragraph.runs[0].text = "{{ summary."
    paragraph.add_run("sentence }}").bold = True


def _remove_paragraph(doc: DocumentObject, text: str, after: str) -> None:
    """Remove the paragraph ``text`` that comes straight after one holding ``after``."""
    for p in doc.paragraphs:
        previous = p._p.getprevious()
        if p.text == text and previous is not None:
            before = "".join(t.text or "" for t in previous.iter(qn("w:t")))
            if after in before:
                p._p.getparent().remove(p._p)
                return
    raise AssertionError(f"no {text!r} after {after!r}")


def unclose_loop(doc: DocumentObject) -> None:
    _remove_paragraph(doc, "{%p endfor %}", "chart.image")


def unclose_loop_inside_if(doc: DocumentObject) -> None:
    """The purpose's ``{%p endfor %}`` deleted: its ``{%p endif %}`` is still there."""
    _remove_paragraph(doc, "{%p endfor %}", "{{ text }}")


def close_row_loop_with_endif(doc: DocumentObject) -> None:
    retype(doc, "{%tr endfor %}", "{%tr endif %}")


def misplace_tr(doc: DocumentObject) -> None:
    paragraph_with(doc, "{{ summary.sentence }}").runs[0].text = "{%tr for x in areas %}"


def crowd_p_tag(doc: DocumentObject) -> None:
    paragraph_with(doc, "{%p if changes.actions %}").runs[
        0
    ].text = "Table: {%p if changes.actions %}"


def merge_cells(doc: DocumentObject) -> None:
    cell = doc.tables[0].rows[0].cells[0]
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), "2")
    cell._tc.get_or_add_tcPr().append(span)


def test_the_committed_templates_have_no_problems():
    assert check_templates(TEMPLATES) == []


def after(text: str, place: str, name: str = MEMBERS) -> str:
    """The place of the first tag ``text`` in a paragraph after the paragraph ``place``."""
    number = int(place.rsplit(" ", 1)[1])
    return next(
        t.place
        for t in template_tags(TEMPLATES / name)
        if t.text == text
        and t.place.startswith("paragraph ")
        and int(t.place.rsplit(" ", 1)[1]) > number
    )


def _cases() -> list[tuple[Callable[[DocumentObject], None], list[Problem]]]:
    sentence = at("{{ summary.sentence }}")
    purpose = at("{%p for text in report.purpose %}")
    return [
        (
            misspell,
            [
                error(
                    "template-unknown-variable",
                    sentence,
                    "expected one of the pack's variables (areas, as_at, attention, briefing, "
                    "changes, conflicts, direction_note, due_soon, exceptions, glossary, headline, "
                    "headline_parts, key_chart, key_measures, measures, overdue, period, "
                    "previous_period, rag_key, report, slipped, summary); found 'sumary'",
                )
            ],
        ),
        (
            misspell_attribute,
            [
                error(
                    "template-unknown-variable",
                    sentence,
                    unknown_attribute("sentense", "Summary", "sentence"),
                )
            ],
        ),
        (
            split_tag,
            [
                error(
                    "template-split-tag",
                    sentence,
                    "expected the tag '{{ summary.sentence }}' in one piece of text with one "
                    "format; found it split across 2 differently formatted runs (delete it and "
                    "type it again in one go, or clear its formatting)",
                )
            ],
        ),
        (
            unclose_loop,
            [
                error(
                    "template-syntax",
                    at("{%p for chart in summary.charts %}"),
                    "expected '{%p endfor %}' to close '{%p for chart in summary.charts %}'; "
                    "found the end of the document",
                )
            ],
        ),
        (
            unclose_loop_inside_if,
            [
                error(
                    "template-syntax",
                    at("{%p for text in report.purpose %}"),
                    "expected '{%p endfor %}' to close '{%p for text in report.purpose %}' "
                    f"before '{{%p endif %}}' ({moved(after('{%p endif %}', purpose), -1)}); "
                    "found no '{%p endfor %}' between them",
                )
            ],
        ),
        (
            misplace_tr,
            [
                error(
                    "template-misplaced-tag",
                    sentence,
                    "expected '{%tr for x in areas %}' inside a table row (docxtpl replaces the "
                    "whole table row with it); found it outside one",
                ),
                error(
                    "template-syntax",
                    sentence,
                    "expected '{%tr endfor %}' to close '{%tr for x in areas %}'; found the end "
                    "of the document",
                ),
            ],
        ),
        (
            merge_cells,
            [
                error(
                    "template-merged-cells",
                    "table 1",
                    "expected no merged cells (screen readers cannot follow them); found merged "
                    "cells: split them in Word (Table Layout > Split Cells)",
                )
            ],
        ),
    ]


CASES = [
    "misspelt-variable",
    "misspelt-attribute",
    "split-tag",
    "unclosed-loop",
    "unclosed-loop-inside-if",
    "misplaced-tr",
    "merged-cells",
]


@pytest.mark.parametrize("case", range(len(CASES)), ids=CASES)
def test_a_broken_template_gives_exactly_its_located_errors(copy_dir, case):
    change, expected = _cases()[case]
    edit(copy_dir, change)
    assert check_templates(copy_dir) == expected


def test_a_row_loop_closed_by_the_wrong_end_tag_is_named_once_with_its_prefix(copy_dir):
    edit(copy_dir, close_row_loop_with_endif)
    problems = check_templates(copy_dir)
    assert problems == [
        error(
            "template-syntax",
            at("{%tr endfor %}"),
            "found '{%tr endif %}' with no open {% if %} block before it",
        ),
        error(
            "template-syntax",
            at("{%tr for k in rag_key %}"),
            "expected '{%tr endfor %}' to close '{%tr for k in rag_key %}'; found the end of "
            "the document",
        ),
    ]


def test_text_beside_a_paragraph_tag_is_named(copy_dir):
    edit(copy_dir, crowd_p_tag)
    assert check_templates(copy_dir) == [
        error(
            "template-misplaced-tag",
            at("{%p if changes.actions %}"),
            "expected '{%p if changes.actions %}' alone in its paragraph, because the whole "
            "paragraph is replaced; found other text too: 'Table:'",
        )
    ]


def test_a_missing_template_is_reported(copy_dir):
    (copy_dir / MEMBERS).unlink()
    problems = check_templates(copy_dir)
    assert [(p.code, p.sheet) for p in problems] == [("template-missing", MEMBERS)]


# ---------------------------------------------------------------- places in tables


def test_misspellings_inside_tables_name_their_table_row_and_column(copy_dir):
    """Repro tpl-f: every place read "table 0" when tables were keyed by lxml proxy ids."""

    def change(doc: DocumentObject) -> None:
        retype(doc, "{{ a.revised_due }}", "{{ a.revised_du }}")
        retype(doc, "{{ g.meaning }}", "{{ g.meening }}")

    edit(copy_dir, change)
    assert check_templates(copy_dir) == [
        error(
            "template-unknown-variable",
            "table 5, row 3, column 3",
            unknown_attribute("revised_du", "ActionContext", "revised_due"),
        ),
        error(
            "template-unknown-variable",
            "table 7, row 3, column 2",
            unknown_attribute("meening", "GlossaryTerm", "meaning"),
        ),
    ]
    assert at("{{ a.revised_due }}") == "table 5, row 3, column 3"
    assert at("{{ g.meaning }}") == "table 7, row 3, column 2"


# ---------------------------------------------------------------- every branch reached


@pytest.mark.parametrize(
    ("tag", "wrong", "place", "kind"),
    [
        (
            "Owner: {{ a.owner }}",
            "Owner: {{ a.ownr }}",
            "table 4, row 3, column 2",
            "ActionContext",
        ),
        (
            "{{ report.addressee }} is asked to note the progress set out in this report.",
            "{{ report.adressee }} is asked to note the progress set out in this report.",
            "paragraph 38",
            "ReportContext",
        ),
    ],
    ids=["owner", "no-recommendations"],
)
def test_a_misspelling_in_a_section_the_example_leaves_out_is_found(
    copy_dir, tag, wrong, place, kind
):
    """Repro tpl-g: a misspelling in a section the example leaves out (it gives no owners
    and has recommendations) is found all the same."""
    edit(copy_dir, lambda doc: retype(doc, tag, wrong))
    word, meant = (
        text.split("{{")[1].split("}}")[0].split(".")[-1].strip() for text in (wrong, tag)
    )
    assert check_templates(copy_dir) == [
        error(
            "template-unknown-variable",
            place,
            unknown_attribute(word, kind, meant),
        )
    ]


def _marker(name: str):
    return parse_xml(f"<w:p {nsdecls('w')}><w:r><w:t>{{{{ report.{name} }}}}</w:t></w:r></w:p>")


def _mark_every_branch(doc: DocumentObject) -> list[str]:
    """After each paragraph or row tag that opens a branch, a paragraph naming it."""
    markers: list[str] = []
    body = doc.element.body
    for p in list(body.iter(qn("w:p"))):
        text = "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
        words = text.split()
        if len(words) < 2 or words[0] not in ("{%p", "{%tr"):
            continue
        if words[1] not in ("if", "else", "elif", "for"):
            continue
        marker = f"reached_{len(markers)}"
        markers.append(marker)
        target = p
        if words[0] == "{%tr":
            # the repeated row is the next row: mark its first cell
            row = p.getparent().getparent().getnext()
            next(row.iter(qn("w:p"))).addprevious(_marker(marker))
        else:
            target.addnext(_marker(marker))
    return markers


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_the_sample_packs_reach_every_branch_of_the_templates(copy_dir, name):
    markers: list[str] = []

    def change(doc: DocumentObject) -> None:
        markers.extend(_mark_every_branch(doc))

    edit(copy_dir, change, name)
    found = {
        p.message.split("'")[1]
        for p in check_templates(copy_dir)
        if p.code == "template-unknown-variable"
    }
    assert len(markers) > 15
    assert sorted(set(markers) - found) == []


def test_a_real_render_that_fails_names_the_template_and_the_tag(copy_dir):
    """A branch no sample pack reaches (more than two areas) still fails located."""

    def change(doc: DocumentObject) -> None:
        paragraph_with(doc, "{{ summary.sentence }}").runs[
            0
        ].text = "{% if areas|length > 2 %}{{ report.titel }}{% endif %}{{ summary.sentence }}"

    edit(copy_dir, change)
    assert check_templates(copy_dir) == []
    with pytest.raises(InputError) as caught:
        render_documents(build_status(), build_charts(), copy_dir)
    assert caught.value.message == f"{MEMBERS} cannot be filled"
    assert caught.value.problems == [
        error(
            "template-unknown-variable",
            at("{{ summary.sentence }}"),
            unknown_attribute("titel", "ReportContext", "title"),
        )
    ]


# ---------------------------------------------------------------- headers and footers


def first_page(header_text: str, footer_text: str) -> Callable[[DocumentObject], None]:
    def change(doc: DocumentObject) -> None:
        section = doc.sections[0]
        section.different_first_page_header_footer = True
        section.first_page_header.paragraphs[0].text = header_text
        section.first_page_footer.paragraphs[0].text = footer_text

    return change


def test_first_page_header_and_footer_are_scanned_for_tags(copy_dir):
    """Repros tpl-i and tpl-j: tags in first-page parts were never read."""
    edit(copy_dir, first_page("{{ report.clasification }}", "{{ report.title"))
    assert check_templates(copy_dir) == [
        error(
            "template-split-tag",
            "first-page footer, paragraph 1",
            "expected every tag to open and close within one paragraph ({{ ... }} or "
            "{% ... %}); found an unmatched part in '{{ report.title'",
        )
    ]
    edit(copy_dir, first_page("{{ report.clasification }}", "{{ report.title }}"))
    assert check_templates(copy_dir) == [
        error(
            "template-unknown-variable",
            "first-page header, paragraph 1",
            unknown_attribute("clasification", "ReportContext", "classification"),
        )
    ]


def test_even_page_parts_are_scanned_too(copy_dir):
    def change(doc: DocumentObject) -> None:
        doc.settings.odd_and_even_pages_header_footer = True
        doc.sections[0].even_page_footer.paragraphs[0].text = "{{ report.titel }}"

    edit(copy_dir, change)
    assert check_templates(copy_dir) == [
        error(
            "template-unknown-variable",
            "even-page footer, paragraph 1",
            unknown_attribute("titel", "ReportContext", "title"),
        )
    ]


def test_a_first_page_without_marking_or_page_numbers_is_refused(copy_dir):
    """Repro tpl-h: "Different first page" ticked, the first page lost both."""
    edit(copy_dir, first_page("Council logo here", "{{ report.organisation }}"))
    assert check_templates(copy_dir) == [
        error(
            "template-inaccessible",
            "first-page header",
            "expected the protective marking 'OFFICIAL'; found 'Council logo here' "
            "(type {{ report.classification }} in it)",
        ),
        error(
            "template-inaccessible",
            "first-page footer",
            "expected the protective marking 'OFFICIAL'; found 'Council' "
            "(type {{ report.classification }} in it)",
        ),
        error(
            "template-inaccessible",
            "first-page footer",
            'expected the PAGE and NUMPAGES fields ("Page X of Y"); found no fields '
            "(copy the footer's line with Page X of Y from the default footer)",
        ),
    ]


def test_a_logo_without_alt_text_and_a_blank_marking_in_the_header_are_refused(copy_dir):
    """Repro tpl-l."""

    def change(doc: DocumentObject) -> None:
        header = doc.sections[0].header
        header.paragraphs[0].runs[0].text = ""
        header.add_paragraph().add_run().add_picture(io.BytesIO(solid_png(40, 20)))

    edit(copy_dir, change)
    assert check_templates(copy_dir) == [
        error(
            "template-image-alt-text",
            "header, paragraph 2",
            "expected alt text on every picture, or the picture marked as decorative (in Word: "
            "right-click the picture > View Alt Text); found the picture 'Picture 1' without",
        ),
        error(
            "template-inaccessible",
            "header",
            "expected the protective marking 'OFFICIAL'; found no text "
            "(type {{ report.classification }} in it)",
        ),
    ]


def test_a_skipped_heading_level_is_refused_where_it_is(copy_dir):
    """Repro tpl-m: the briefing's Purpose made a Heading 3, straight after the Title."""

    def change(doc: DocumentObject) -> None:
        paragraph_with(doc, "Purpose").style = doc.styles["Heading 3"]

    edit(copy_dir, change, BRIEFING)
    purpose = next(t.place for t in template_tags(TEMPLATES / BRIEFING) if "purpose" in t.text)
    assert check_templates(copy_dir) == [
        error(
            "template-heading-order",
            moved(purpose, -1),
            "expected at most a Heading 1 after Title (a heading level may not be skipped, so "
            "that the list of headings a screen reader gives makes sense); found Heading 3 "
            "'Purpose'",
            BRIEFING,
        )
    ]


# ---------------------------------------------------------------- personal data


def track_a_change(doc: DocumentObject) -> None:
    paragraph = paragraph_with(doc, "RAG rating key")
    inserted = parse_xml(
        f'<w:ins {nsdecls("w")} w:id="1" w:author="Jane Smith" w:date="2019-10-01T09:00:00Z">'
        "<w:r><w:t> (added)</w:t></w:r></w:ins>"
    )
    paragraph._p.append(inserted)


def comment_on_it(doc: DocumentObject) -> None:
    paragraph = paragraph_with(doc, "RAG rating key")
    doc.add_comment(paragraph.runs, text="Check this", author="Jane Smith", initials="JS")


def test_tracked_changes_are_refused_as_they_carry_their_authors(copy_dir):
    edit(copy_dir, track_a_change)
    problems = check_templates(copy_dir)
    place = problems[0].cell
    assert problems == [
        error(
            "template-tracked-changes",
            place,
            "expected no tracked changes (each carries its author's name into the published "
            "document); found 1: accept or reject all tracked changes in Word (Review > "
            "Accept > Accept All Changes, or Reject > Reject All Changes) and save the template",
        )
    ]
    doc = Document(str(copy_dir / MEMBERS))
    number = next(
        n
        for n, p in enumerate(
            (p for p in doc.element.body.iter(qn("w:p")) if p.getparent().tag == qn("w:body")),
            start=1,
        )
        if "RAG rating key" in "".join(t.text or "" for t in p.iter(qn("w:t")))
    )
    assert place == f"paragraph {number}"


def test_comments_are_refused_as_they_carry_their_authors(copy_dir):
    edit(copy_dir, comment_on_it)
    problems = check_templates(copy_dir)
    assert [(p.code, p.message) for p in problems] == [
        (
            "template-comments",
            "expected no comments (each carries its author's name into the published "
            "document); found 1: delete the comments in Word (Review > Delete > Delete All "
            "Comments in Document) and save the template",
        )
    ]
    assert problems[0].cell is not None and problems[0].cell.startswith("paragraph ")


@pytest.mark.parametrize("change", [misspell, unclose_loop, misplace_tr], ids=str)
def test_render_refuses_a_broken_template_with_problems_not_a_traceback(copy_dir, change):
    edit(copy_dir, change)
    with pytest.raises(InputError) as caught:
        render_documents(build_status(), build_charts(), copy_dir)
    assert caught.value.problems
    assert all(p.sheet == MEMBERS for p in caught.value.problems)


def test_render_reports_a_missing_template(tmp_path):
    with pytest.raises(InputError) as caught:
        render_documents(build_status(), build_charts(), tmp_path)
    assert {p.code for p in caught.value.problems} == {"template-missing"}


def test_a_misspelt_field_with_no_name_near_it_is_told_the_fields_there_are(copy_dir):
    edit(copy_dir, lambda doc: retype(doc, "{{ summary.sentence }}", "{{ summary.xyzzy }}"))
    fields = ", ".join(f.name for f in dataclasses.fields(Summary))
    assert check_templates(copy_dir) == [
        error(
            "template-unknown-variable",
            at("{{ summary.sentence }}"),
            "expected a variable the pack provides; found 'xyzzy' "
            f"(Summary has no field 'xyzzy'; its fields are {fields})",
        )
    ]
