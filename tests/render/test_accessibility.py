"""Making a document accessible and auditing it, on small documents built in place: only
the cells that need it are changed, and the audit reads text paragraph by paragraph only
where a tag could be."""

from __future__ import annotations

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell

from boardpack.render import accessibility
from boardpack.render.accessibility import cell_fill, findings, make_accessible

from .conftest import build_charts


def fill(cell_tc, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), colour)
    cell_tc.get_or_add_tcPr().append(shading)


def table_of(doc: DocumentObject, texts: list[list[str]]) -> Table:
    table = doc.add_table(rows=len(texts), cols=len(texts[0]))
    for row, row_texts in zip(table.rows, texts, strict=True):
        for cell, text in zip(row.cells, row_texts, strict=True):
            cell.text = text
    return table


def run_colours(cell_tc) -> list[str | None]:
    return [
        (
            colour.get(qn("w:val"))
            if (colour := r.find(f"{qn('w:rPr')}/{qn('w:color')}")) is not None
            else None
        )
        for r in cell_tc.iter(qn("w:r"))
    ]


def tag_findings(doc: DocumentObject, literal_texts: tuple[str, ...] = ()) -> list[str]:
    return [f.message for f in findings(doc, literal_texts=literal_texts) if f.kind == "tags"]


def test_cell_properties_out_of_order_are_put_in_schema_order():
    doc = Document()
    table = table_of(doc, [["Ref", "Green"]])
    tc = table.rows[0].cells[1]._tc
    tc_pr = tc.get_or_add_tcPr()
    fill(tc, "00B050")
    tc_pr.append(OxmlElement("w:vAlign"))
    tc_pr.insert(0, tc_pr[-1])  # vAlign first, before the width and the fill
    make_accessible(doc)
    assert [child.tag for child in tc_pr] == [qn("w:tcW"), qn("w:shd"), qn("w:vAlign")]


def test_an_empty_cell_gets_a_paragraph_styled_as_its_neighbours():
    doc = Document()
    table = table_of(doc, [["Ref", "Text"]])
    table.rows[0].cells[1].paragraphs[0].style = doc.styles["Title"]
    empty = table.rows[0].cells[0]._tc
    for p in empty.findall(qn("w:p")):
        empty.remove(p)
    make_accessible(doc)
    added = empty.findall(qn("w:p"))
    assert len(added) == 1
    assert added[0].find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "Title"


def dark_cell_holding_a_table(doc: DocumentObject) -> tuple[_Cell, Table]:
    """A dark cell holding a table of a light-filled cell ("Light") and a plain one
    ("Plain")."""
    outer = table_of(doc, [["Outer"]])
    outer_cell = outer.rows[0].cells[0]
    fill(outer_cell._tc, "1F3864")
    inner = outer_cell.add_table(rows=1, cols=2)
    inner.rows[0].cells[0].text = "Light"
    inner.rows[0].cells[1].text = "Plain"
    fill(inner.rows[0].cells[0]._tc, "FFC000")
    return outer_cell, inner


def test_a_filled_cell_in_a_table_within_a_filled_cell_keeps_its_own_text_colour():
    doc = Document()
    outer_cell, inner = dark_cell_holding_a_table(doc)
    make_accessible(doc)
    assert run_colours(inner.rows[0].cells[0]._tc) == ["000000"]
    assert run_colours(inner.rows[0].cells[1]._tc) == ["FFFFFF"]  # the outer fill's
    assert run_colours(outer_cell.paragraphs[0]._p) == ["FFFFFF"]


def test_poor_contrast_in_a_nested_table_is_reported_once_for_the_nested_table():
    doc = Document()
    outer = table_of(doc, [["Outer"]])
    inner = outer.rows[0].cells[0].add_table(rows=1, cols=1)
    inner.rows[0].cells[0].text = "Red"
    fill(inner.rows[0].cells[0]._tc, "C00000")
    contrast = [f for f in findings(doc) if f.kind == "contrast"]
    assert [f.place for f in contrast] == ["table 2"]
    assert "is 000000 on C00000" in contrast[0].message
    assert cell_fill(inner.rows[0].cells[0]._tc) == "C00000"


def test_text_on_a_nested_cells_own_fill_is_judged_on_that_fill_not_the_outer_one():
    doc = Document()
    _, inner = dark_cell_holding_a_table(doc)
    make_accessible(doc)
    assert [f for f in findings(doc) if f.kind == "contrast"] == []
    # black text on the outer dark fill, in the nested cell without a fill, is caught
    for run in inner.rows[0].cells[1]._tc.iter(qn("w:r")):
        run.find(f"{qn('w:rPr')}/{qn('w:color')}").set(qn("w:val"), "000000")
    contrast = [f for f in findings(doc) if f.kind == "contrast"]
    assert [(f.place, "'Plain' is 000000 on 1F3864" in f.message) for f in contrast] == [
        ("table 1", True)
    ]


def test_a_tag_left_in_the_text_is_found_with_its_place():
    doc = Document()
    doc.add_paragraph("Progress as at {{ as_at }} for members.")
    assert tag_findings(doc) == [
        "template tags left in the text: 'Progress as at {{ as_at }} for member'"
    ]


def test_a_tag_split_across_runs_is_found():
    doc = Document()
    paragraph = doc.add_paragraph("Progress {")
    paragraph.add_run("% if late %} late")
    assert len(tag_findings(doc)) == 1


def test_a_tag_that_appears_once_workbook_text_is_taken_out_is_found():
    doc = Document()
    doc.add_paragraph("Plan x{{y ends")
    assert tag_findings(doc, ("x{{y",)) == []
    doc.add_paragraph("Plan {x{{y{ ends")
    assert tag_findings(doc, ("x{{y",)) == [
        "template tags left in the text: 'Plan  ends Plan {{ ends'"
    ]


def test_braces_that_make_no_tag_are_not_taken_for_one():
    doc = Document()
    doc.add_paragraph("Scores {1, 2} and } { apart")
    doc.add_paragraph("{")
    doc.add_paragraph("{ on the next line")
    assert tag_findings(doc) == []


def test_text_without_a_brace_is_not_read_paragraph_by_paragraph(monkeypatch):
    doc = Document()
    for n in range(20):
        doc.add_paragraph(f"Paragraph {n} of plain progress, 100% on track.")

    def unread(element):
        raise AssertionError("read paragraph by paragraph")

    monkeypatch.setattr(accessibility, "_text", unread)
    assert tag_findings(doc) == []
    doc.add_paragraph("A {{ tag }}")
    with pytest.raises(AssertionError, match="paragraph by paragraph"):
        tag_findings(doc)


def test_a_picture_without_alt_text_is_reported_before_the_tables(tmp_path):
    png = tmp_path / "chart.png"
    png.write_bytes(build_charts()[0].png)
    doc = Document()
    table = table_of(doc, [["Red"]])
    fill(table.rows[0].cells[0]._tc, "C00000")
    doc.add_paragraph().add_run().add_picture(str(png))
    doc_pr = next(doc.element.body.iter(qn("wp:docPr")))
    doc_pr.attrib.pop("descr", None)
    kinds = [(f.kind, f.place) for f in findings(doc) if f.kind in ("image", "table", "contrast")]
    assert kinds == [
        ("image", None),
        ("table", "table 1"),
        ("contrast", "table 1"),
    ]
    doc_pr.set("descr", "Bar chart of RAG ratings by area")
    assert not [f for f in findings(doc) if f.kind == "image"]
