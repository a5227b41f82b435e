"""check_templates finds broken templates and says where; render_documents refuses them."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from boardpack.problems import InputError
from boardpack.render import TEMPLATE_NAMES, check_templates, render_documents

from .conftest import TEMPLATES, build_charts, build_status

MEMBERS = TEMPLATE_NAMES[0]


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    for name in TEMPLATE_NAMES:
        shutil.copyfile(TEMPLATES / name, tmp_path / name)
    return tmp_path


def edit(folder: Path, change: Callable[[DocumentObject], None]) -> None:
    path = folder / MEMBERS
    doc = Document(str(path))
    change(doc)
    doc.save(str(path))


def paragraph_with(doc: DocumentObject, text: str):
    return next(p for p in doc.paragraphs if text in p.text)


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


def unclose_loop(doc: DocumentObject) -> None:
    paragraph = paragraph_with(doc, "{%p for chart in summary.charts %}")
    after = [p for p in doc.paragraphs if p.text == "{%p endfor %}"]
    closing = next(
        p
        for p in after
        if p._p.getprevious() is not None
        and "chart.image" in "".join(t.text or "" for t in p._p.getprevious().iter(qn("w:t")))
    )
    closing._p.getparent().remove(closing._p)
    assert paragraph is not None


def misplace_tr(doc: DocumentObject) -> None:
    paragraph_with(doc, "{{ summary.sentence }}").runs[0].text = "{%tr for x in areas %}"


def merge_cells(doc: DocumentObject) -> None:
    cell = doc.tables[0].rows[0].cells[0]
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), "2")
    cell._tc.get_or_add_tcPr().append(span)


def test_the_committed_templates_have_no_problems():
    assert check_templates(TEMPLATES) == []


@pytest.mark.parametrize(
    ("change", "code", "cell", "words"),
    [
        (misspell, "template-unknown-variable", "paragraph 23", "'sumary'"),
        (misspell_attribute, "template-unknown-variable", "paragraph 23", "'sentense'"),
        (split_tag, "template-split-tag", "paragraph 23", "split across 2"),
        (unclose_loop, "template-syntax", "paragraph 25", "expected '{%p endfor %}'"),
        (misplace_tr, "template-misplaced-tag", "paragraph 23", "inside a table row"),
        (merge_cells, "template-merged-cells", "table 1", "no merged cells"),
    ],
    ids=[
        "misspelt-variable",
        "misspelt-attribute",
        "split-tag",
        "unclosed-loop",
        "misplaced-tr",
        "merged-cells",
    ],
)
def test_a_broken_template_gives_a_located_error(copy_dir, change, code, cell, words):
    edit(copy_dir, change)
    problems = check_templates(copy_dir)
    assert [(p.severity, p.code, p.sheet) for p in problems][:1] == [("error", code, MEMBERS)]
    assert problems[0].cell == cell
    assert words in problems[0].message


def test_a_missing_template_is_reported(copy_dir):
    (copy_dir / MEMBERS).unlink()
    problems = check_templates(copy_dir)
    assert [(p.code, p.sheet) for p in problems] == [("template-missing", MEMBERS)]


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
