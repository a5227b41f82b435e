"""What a published document carries: nothing personal or stale from the template, and
nothing that fails the accessibility audit (checked on every build)."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from lxml import etree

from boardpack.problems import InputError, Problem
from boardpack.render import TEMPLATE_NAMES, check_templates, render_documents
from boardpack.render.package import normalise, validate

from .conftest import HOSTILE, TEMPLATES, build_charts, build_status

MEMBERS, BRIEFING = TEMPLATE_NAMES
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CUSTOM = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="SetBy">'
    "<vt:lpwstr>jane.smith@council.gov.uk</vt:lpwstr></property>"
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="SourcePath">'
    "<vt:lpwstr>C:\\Users\\jsmith\\Documents\\template.docx</vt:lpwstr></property></Properties>"
)
PEOPLE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
    '<w15:person w15:author="Jane Smith"><w15:presenceInfo w15:providerId="AD" '
    'w15:userId="S::jane.smith@council.gov.uk::1234"/></w15:person></w15:people>'
)
SETTINGS_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/attachedTemplate" Target="file:///C:\\Users\\jsmith\\AppData\\Roaming\\'
    'Microsoft\\Templates\\Normal.dotm" TargetMode="External"/></Relationships>'
)
LEAKS = ("jane", "jsmith", "Jane Smith", "C:\\Users", "Normal.dotm")


def _rewrite(path: Path, change: Callable[[dict[str, bytes]], None]) -> None:
    with zipfile.ZipFile(path) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    change(entries)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries.items():
            target.writestr(name, data)


def _add(xml: bytes, before: bytes, addition: str) -> bytes:
    assert before in xml
    return xml.replace(before, addition.encode() + before, 1)


def saved_by_a_person(entries: dict[str, bytes]) -> None:
    """What Word leaves in a template an officer saved (repro tpl-k, and more)."""
    entries["docProps/custom.xml"] = CUSTOM.encode()
    entries["word/people.xml"] = PEOPLE.encode()
    entries["word/_rels/settings.xml.rels"] = SETTINGS_RELS.encode()
    entries["[Content_Types].xml"] = _add(
        entries["[Content_Types].xml"],
        b"</Types>",
        '<Override PartName="/docProps/custom.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.custom-properties+xml"/>'
        '<Override PartName="/word/people.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/>',
    )
    entries["_rels/.rels"] = _add(
        entries["_rels/.rels"],
        b"</Relationships>",
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/custom-properties" Target="docProps/custom.xml"/>',
    )
    entries["word/_rels/document.xml.rels"] = _add(
        entries["word/_rels/document.xml.rels"],
        b"</Relationships>",
        '<Relationship Id="rId98" Type="http://schemas.microsoft.com/office/2011/'
        'relationships/people" Target="people.xml"/>',
    )
    entries["word/settings.xml"] = re.sub(
        rb"(<w:defaultTabStop)",
        rb'<w:attachedTemplate r:id="rId1"/>\1',
        entries["word/settings.xml"],
    )
    entries["docProps/core.xml"] = _add(
        entries["docProps/core.xml"],
        b"</cp:coreProperties>",
        '<cp:lastPrinted xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties">2019-09-30T12:00:00Z</cp:lastPrinted>',
    )


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    for name in TEMPLATE_NAMES:
        shutil.copyfile(TEMPLATES / name, tmp_path / name)
    return tmp_path


def entries_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_a_template_saved_by_a_person_leaves_no_trace_of_them_in_the_output(copy_dir):
    for name in TEMPLATE_NAMES:
        _rewrite(copy_dir / name, saved_by_a_person)
    assert check_templates(copy_dir) == []
    out = render_documents(build_status(), build_charts(), copy_dir)
    for name in TEMPLATE_NAMES:
        entries = entries_of(out[name])
        assert "docProps/custom.xml" not in entries
        assert "word/people.xml" not in entries
        everything = b"".join(entries[n] for n in entries if not n.startswith("word/media/"))
        for leak in LEAKS:
            assert leak.encode() not in everything, (name, leak)
        for marker in (b"custom-properties", b"attachedTemplate", b"people", b"lastPrinted"):
            assert marker not in everything, (name, marker)
        assert validate(out[name]) == []


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_settings_are_british_and_carry_no_stale_state(rendered, name):
    entries = entries_of(rendered[name])
    settings = etree.fromstring(entries["word/settings.xml"])
    lang = settings.find(f"{{{W}}}themeFontLang")
    assert lang is not None and dict(lang.attrib) == {f"{{{W}}}val": "en-GB"}
    assert settings.find(f"{{{W}}}proofState") is None
    assert "word/stylesWithEffects.xml" not in entries
    assert b"stylesWithEffects" not in entries["[Content_Types].xml"]
    assert b"stylesWithEffects" not in entries["word/_rels/document.xml.rels"]
    for part, data in entries.items():
        if part.endswith((".xml", ".rels")):
            assert b"en-US" not in data and b"ja-JP" not in data, part


def test_the_committed_templates_are_clean_too():
    for name in TEMPLATE_NAMES:
        entries = entries_of((TEMPLATES / name).read_bytes())
        assert "word/stylesWithEffects.xml" not in entries
        assert b"proofState" not in entries["word/settings.xml"]
        assert normalise((TEMPLATES / name).read_bytes()) == (TEMPLATES / name).read_bytes()


def test_normalise_keeps_other_relationships_and_gives_the_same_bytes_twice(copy_dir):
    _rewrite(copy_dir / MEMBERS, saved_by_a_person)
    once = normalise((copy_dir / MEMBERS).read_bytes())
    assert normalise(once) == once
    doc = Document(io.BytesIO(once))
    assert doc.sections[0].header.paragraphs[0].text == "{{ report.classification }}"
    assert doc.settings.element.find(qn("w:defaultTabStop")) is not None


# ---------------------------------------------------------------- the audit on every build


def only_for_short_plans(doc: DocumentObject) -> None:
    """A Heading 1 shown only for plans of fewer than three areas, the headings after it
    made Heading 2: the samples (one and two areas) pass, a longer plan skips a level."""
    purpose = next(p for p in doc.paragraphs if p.text == "Purpose")
    purpose.style = doc.styles["Heading 2"]
    opening = purpose.insert_paragraph_before("{%p if areas|length < 3 %}")
    heading = purpose.insert_paragraph_before("A short plan", style="Heading 1")
    purpose.insert_paragraph_before("{%p endif %}")
    assert opening.text and heading.text


def test_a_filled_document_that_fails_the_audit_stops_the_render(copy_dir):
    path = copy_dir / BRIEFING
    doc = Document(str(path))
    only_for_short_plans(doc)
    doc.save(str(path))
    assert check_templates(copy_dir) == []
    with pytest.raises(InputError) as caught:
        render_documents(build_status(), build_charts(), copy_dir)
    assert caught.value.problems == [
        Problem(
            "error",
            "output-inaccessible",
            BRIEFING,
            "paragraph 8",
            "expected at most a Heading 1 after Title (no heading level skipped); found "
            "Heading 2 'Purpose'",
        )
    ]
    assert caught.value.message == (
        f"{BRIEFING} was filled but fails the accessibility audit: paragraph 8: expected at "
        "most a Heading 1 after Title (no heading level skipped); found Heading 2 'Purpose'"
    )


def test_a_build_with_an_inaccessible_result_writes_nothing(copy_dir, tmp_path):
    from boardpack.build import build_pack

    path = copy_dir / BRIEFING
    doc = Document(str(path))
    only_for_short_plans(doc)
    doc.save(str(path))
    master = Path(__file__).resolve().parents[2] / "inputs" / "master.xlsx"
    out = tmp_path / "out"
    with pytest.raises(InputError) as caught:
        build_pack(master, copy_dir, out, cache=False, workers=1)
    assert [p.code for p in caught.value.problems] == ["output-inaccessible"]
    assert not out.exists()


def test_validate_as_the_build_calls_it_runs_the_audit(rendered):
    doc = Document(io.BytesIO(rendered[MEMBERS]))
    doc.paragraphs[0].style = doc.styles["Heading 2"]
    footer = doc.sections[0].footer._element
    for instr in list(footer.iter(qn("w:instrText"))):
        instr.getparent().remove(instr)
    buffer = io.BytesIO()
    doc.save(buffer)
    failures = validate(buffer.getvalue())
    assert failures[0] == (
        "paragraph 1: expected at most a Title after the start of the document (no heading "
        "level skipped); found Heading 2 'Haringey Council'"
    )
    assert 'footer: expected the PAGE and NUMPAGES fields ("Page X of Y"); found no fields' in (
        failures
    )


def test_validate_without_the_workbook_texts_lets_tag_like_text_through(render):
    """The build's own check cannot tell typed text from a template's tag; rendering can."""
    out = render(build_status({"progress-1.2": HOSTILE[0], "title": HOSTILE[1]}))
    assert validate(out[MEMBERS]) == []
    assert validate(out[MEMBERS], literal_texts=()) == [
        "template tags left in the text: 'Haringey Council {% if x %} Meeting: Ca'",
        "footer: template tags left in the text: 'OFFICIAL {% if x %} - Page 1 of'",
    ]


def test_a_first_page_with_no_header_or_footer_of_its_own_fails_the_audit(rendered):
    """ "Different first page" ticked with no first-page parts: Word shows those pages bare."""
    doc = Document(io.BytesIO(rendered[BRIEFING]))
    sect_pr = doc.sections[0]._sectPr
    sect_pr.append(sect_pr.makeelement(qn("w:titlePg"), {}))
    buffer = io.BytesIO()
    doc.save(buffer)
    assert validate(buffer.getvalue()) == [
        "first-page header: missing, so those pages show no protective marking",
        "first-page footer: missing, so those pages show no protective marking or page numbers",
    ]


def test_a_later_sections_own_header_must_carry_the_marking_too(rendered):
    doc = Document(io.BytesIO(rendered[MEMBERS]))
    appendix = doc.add_section()
    appendix.header.is_linked_to_previous = False
    appendix.header.paragraphs[0].text = "Appendix"
    buffer = io.BytesIO()
    doc.save(buffer)
    assert validate(buffer.getvalue(), marking="OFFICIAL") == [
        "section 2 header: expected the protective marking 'OFFICIAL'; found 'Appendix'"
    ]


@pytest.mark.parametrize("part", ["word/document.xml", "customXml/item1.xml"])
def test_a_part_that_is_not_well_formed_xml_is_named(rendered, part):
    """Whether python-docx reads the part to open the document or never looks at it."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(rendered[MEMBERS])) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data[:-20] if info.filename == part else data)
    failures = validate(buffer.getvalue())
    assert len(failures) == 1
    assert failures[0].startswith(f"{part}: not well-formed XML: ")


def test_replacing_pictures_gives_the_package_the_new_pictures_would_have_made(rendered):
    from boardpack.render.package import _entries, _package, replace_media

    data = rendered[MEMBERS]
    entries = _entries(data)
    pictures = [name for name in entries if name.startswith("word/media/")]
    assert len(pictures) >= 2
    replaced = {entries[pictures[0]]: b"\x89PNG a new picture, longer than the one it replaces"}
    expected = dict(entries)
    expected[pictures[0]] = replaced[entries[pictures[0]]]
    result = replace_media(data, replaced)
    assert result == _package(expected)
    with zipfile.ZipFile(io.BytesIO(result)) as package:
        assert package.testzip() is None
        assert package.read(pictures[1]) == entries[pictures[1]]


def test_a_document_saved_once_compressed_is_the_package_python_docx_would_have_saved():
    from boardpack.render.package import saved

    doc = Document(str(TEMPLATES / MEMBERS))
    out = io.BytesIO()
    doc.save(out)
    assert saved(doc) == normalise(out.getvalue())
