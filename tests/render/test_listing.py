"""Skipping docxtpl's listing pass never changes what it would have written."""

from __future__ import annotations

import pytest
from docxtpl import DocxTemplate

from boardpack.render.documents import Template

PARAGRAPH = (
    '<w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>{}</w:t></w:r></w:p>'
)


@pytest.mark.parametrize(
    "text",
    ["plain words", "a\ttab", "two\nlines", "bell\a here", "page\fbreak", "<&amp;>"],
    ids=["plain", "tab", "line-feed", "bell", "form-feed", "escaped"],
)
def test_the_listing_pass_gives_docxtpls_result(text: str):
    xml = PARAGRAPH.format(text) * 3
    expected = DocxTemplate("unopened.docx").resolve_listing(xml)
    assert Template("unopened.docx").resolve_listing(xml) == expected


def test_xml_without_listing_characters_is_returned_as_it_is():
    xml = PARAGRAPH.format("nothing to turn into Word markup")
    assert Template("unopened.docx").resolve_listing(xml) is xml
