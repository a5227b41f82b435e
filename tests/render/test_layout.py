"""What fits on the page: charts at the width they were drawn for, rows kept whole only
when they can be."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from boardpack.render import TEMPLATE_NAMES, render_documents
from boardpack.render.layout import RowEstimates, row_height, sections

from .conftest import CHART_CM, TEMPLATES, build_charts, build_status

MEMBERS, BRIEFING = TEMPLATE_NAMES


def extents(data: bytes) -> dict[str, tuple[int, int]]:
    doc = Document(io.BytesIO(data))
    found = {}
    for inline in doc.element.body.iter(qn("wp:inline")):
        name = inline.find(qn("wp:docPr")).get("name")
        extent = inline.find(qn("wp:extent"))
        found[name] = (int(extent.get("cx")), int(extent.get("cy")))
    return found


def test_charts_are_placed_at_the_width_they_were_drawn_for(rendered):
    """Drawn 16 cm wide with text in true points, so placed at 16 cm (not 14 or 11)."""
    placed = extents(rendered[MEMBERS])
    assert placed
    for cx, _ in placed.values():
        assert cx == int(Cm(CHART_CM))


def test_a_chart_wider_than_the_text_is_narrowed_to_it_keeping_its_shape():
    wide = [replace(c, width_cm=40.0) for c in build_charts()]
    out = render_documents(build_status(), wide, TEMPLATES)
    usual = render_documents(build_status(), build_charts(), TEMPLATES)
    for name in TEMPLATE_NAMES:
        drawn = extents(usual[name])
        doc = Document(io.BytesIO(out[name]))
        placed = 0
        for section in sections(doc.element.body):
            for block in section.blocks:
                for inline in block.iter(qn("wp:inline")):
                    chart = inline.find(qn("wp:docPr")).get("name")
                    extent = inline.find(qn("wp:extent"))
                    cx, cy = int(extent.get("cx")), int(extent.get("cy"))
                    assert cx == section.text_width * 635
                    assert cy / cx == pytest.approx(drawn[chart][1] / drawn[chart][0], rel=1e-3)
                    placed += 1
        assert placed == len(drawn)


def cant_split(data: bytes) -> dict[str, bool]:
    """Each action row of the area tables (by ref): is it kept whole?"""
    doc = Document(io.BytesIO(data))
    header = ["Ref", "Impact of actions", "Original target / timescales", "Progress", "RAG"]
    found = {}
    for table in doc.tables:
        if [c.text for c in table.rows[0].cells] != header:
            continue
        for row in table.rows[1:]:
            tr_pr = row._tr.trPr
            kept = tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None
            found[row.cells[0].text] = kept
    return found


def test_a_row_taller_than_a_page_may_break_and_the_others_stay_whole(render):
    """Word hides what an unsplittable row cannot fit on one page."""
    progress = "\n".join(f"Paragraph {n} of the progress update." for n in range(1, 41))
    out = render(build_status({"progress-1.2": progress}))
    kept = cant_split(out[MEMBERS])
    assert kept.pop("1.2") is False
    assert kept and all(kept.values())
    doc = Document(io.BytesIO(out[MEMBERS]))
    cell = next(c for t in doc.tables for r in t.rows for c in r.cells if "Paragraph 40" in c.text)
    assert len(cell.paragraphs) == 40


def test_a_long_row_that_still_fits_stays_whole(render):
    progress = "\n".join(f"Paragraph {n} of the progress update." for n in range(1, 9))
    kept = cant_split(render(build_status({"progress-1.2": progress}))[MEMBERS])
    assert all(kept.values())


def estimated_table(texts: list[list[str]], style: str | None = None):
    """A document with one table of ``texts`` (row by row), its estimates and widths."""
    doc = Document()
    table = doc.add_table(rows=len(texts), cols=len(texts[0]))
    for row, row_texts in zip(table.rows, texts, strict=True):
        for cell, text in zip(row.cells, row_texts, strict=True):
            cell.text = text
            if style:
                cell.paragraphs[0].style = doc.styles[style]
    widths = [int(col.get(qn("w:w"))) for col in table._tbl.iter(qn("w:gridCol"))]
    return doc, table, RowEstimates(doc), widths


def test_rows_with_the_same_texts_get_the_same_estimate_worked_out_once():
    text = "Terms of reference agreed with partners and reviewed every quarter. " * 3
    _, table, estimates, widths = estimated_table([[text, "Green"], [text, "Green"]])
    first = row_height(table.rows[0]._tr, widths, estimates)
    worked_out = dict(estimates.heights)
    assert len(worked_out) == 2  # one per distinct (style, length, width)
    assert row_height(table.rows[1]._tr, widths, estimates) == first
    assert estimates.heights == worked_out


def test_a_narrower_cell_or_a_larger_style_gets_its_own_estimate():
    text = "Terms of reference agreed with partners and reviewed every quarter. " * 3
    _, table, estimates, widths = estimated_table([[text, "Green"]])
    usual = row_height(table.rows[0]._tr, widths, estimates)
    table.rows[0].cells[0].width = Cm(3)
    narrower = row_height(table.rows[0]._tr, widths, estimates)
    assert narrower > usual
    assert len(estimates.heights) == 3  # the narrower text is worked out anew
    _, titled, title_estimates, _ = estimated_table([[text, "Green"]], style="Title")
    assert row_height(titled.rows[0]._tr, widths, title_estimates) > usual


def test_a_style_given_after_other_paragraph_properties_is_still_read():
    text = "Terms of reference agreed with partners and reviewed every quarter. " * 3
    _, plain, plain_estimates, widths = estimated_table([[text]], style="Title")
    _, table, estimates, _ = estimated_table([[text]], style="Title")
    p_pr = table.rows[0].cells[0].paragraphs[0]._p.pPr
    p_pr.insert(0, OxmlElement("w:keepNext"))  # out of schema order, as a hand edit leaves it
    assert p_pr[0].tag == qn("w:keepNext")
    assert row_height(table.rows[0]._tr, widths, estimates) == row_height(
        plain.rows[0]._tr, widths, plain_estimates
    )


def test_a_picture_in_a_cell_adds_its_height_to_the_row(tmp_path):
    png = tmp_path / "chart.png"
    png.write_bytes(build_charts()[0].png)
    doc, table, _, widths = estimated_table([["Ref", "Text"]])
    before = row_height(table.rows[0]._tr, widths, RowEstimates(doc))
    table.rows[0].cells[1].paragraphs[0].add_run().add_picture(str(png), height=Cm(5))
    after = row_height(table.rows[0]._tr, widths, RowEstimates(doc))
    assert after == pytest.approx(before + Cm(5).pt, abs=0.1)


def keep_whole(row, on: bool = True) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    keep = OxmlElement("w:cantSplit")
    if not on:
        keep.set(qn("w:val"), "0")
    tr_pr.append(keep)


def row_by_row(table, widths, estimates) -> list[float]:
    """What each row kept whole measures, asked of :func:`row_height` row by row."""
    return [
        row_height(row._tr, widths, estimates)
        for row in table.rows
        if (keep := row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}")) is not None
        and keep.get(qn("w:val")) != "0"
    ]


def varied_table(tmp_path):
    """A table with a spanned cell, a cell without a width, several paragraphs of several
    styles, a picture, a row not kept whole and one switched off."""
    text = "Terms of reference agreed with partners and reviewed every quarter. "
    doc, table, _, widths = estimated_table(
        [["1.1", text * 2, "Green"], ["1.2", text, "Red"], ["1.3", text * 4, ""], ["", "", ""]]
    )
    rows = table.rows
    keep_whole(rows[0])
    keep_whole(rows[1])
    keep_whole(rows[2], on=False)
    keep_whole(rows[3])
    rows[1].cells[1].merge(rows[1].cells[2])
    rows[0].cells[1].width = Cm(3)  # narrower than its grid column
    rows[0].cells[1].add_paragraph(text * 3, style=doc.styles["Title"])
    rows[0].cells[1].add_paragraph("Owner: HoS CiC")
    tc_pr = rows[3].cells[0]._tc.tcPr
    tc_pr.remove(tc_pr.find(qn("w:tcW")))
    png = tmp_path / "chart.png"
    png.write_bytes(build_charts()[0].png)
    rows[3].cells[2].paragraphs[0].add_run().add_picture(str(png), height=Cm(4))
    return doc, table, widths


def test_a_plain_table_read_in_one_walk_measures_each_row_as_row_by_row(tmp_path):
    doc, table, widths = varied_table(tmp_path)
    estimates = RowEstimates(doc)
    walked = estimates.kept_rows(table._tbl, widths)
    assert estimates._walk(table._tbl, widths) == walked  # read in one walk, not row by row
    assert [height for _, height in walked] == row_by_row(table, widths, estimates)
    assert len(walked) == 3
    assert walked[0][0] is table.rows[0]._tr.trPr.find(qn("w:cantSplit"))


def test_a_table_with_a_table_in_a_cell_is_measured_row_by_row(tmp_path):
    plain_doc, plain_table, widths = varied_table(tmp_path)
    plain = [height for _, height in RowEstimates(plain_doc).kept_rows(plain_table._tbl, widths)]
    doc, table, widths = varied_table(tmp_path)
    inner = table.rows[1].cells[0].add_table(rows=2, cols=1)
    inner.rows[1].cells[0].text = "Milestones agreed with the board. " * 20
    estimates = RowEstimates(doc)
    heights = [height for _, height in estimates.kept_rows(table._tbl, widths)]
    assert estimates._walk(table._tbl, widths) is None
    assert heights == row_by_row(table, widths, estimates)
    assert heights[1] > plain[1]  # the inner table's paragraphs count in its cell
    assert heights[0] == plain[0]
