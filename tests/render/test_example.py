"""The embedded example (inputs/master.xlsx) rendered end to end: golden text and PDF pages.

After a deliberate change, ``make golden`` regenerates the golden dumps (it runs
``test_example_matches_its_golden_text_dump`` with ``BOARDPACK_UPDATE_GOLDEN=1``);
review the diff of ``tests/render/golden/`` before committing it.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from docx import Document

from boardpack.render import TEMPLATE_NAMES, render_documents
from boardpack.render.accessibility import audit

from .conftest import TEMPLATES
from .dump import text_dump
from .pages import (
    Page,
    headings_apart_from_their_tables,
    headings_ending_a_page,
    mostly_empty,
    pages,
    to_pdf,
)

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
MEMBERS, BRIEFING = TEMPLATE_NAMES
MAX_BRIEFING_PAGES = 3
#: the example's members' update, committee sections included, as LibreOffice lays it out
MAX_MEMBERS_PAGES = 16


@pytest.fixture(scope="module")
def example() -> dict[str, bytes]:
    from boardpack.charts import draw_charts
    from boardpack.rules.derive import derive
    from boardpack.workbook.reader import read_master

    plan, problems = read_master(ROOT / "inputs" / "master.xlsx")
    assert plan is not None, problems
    status = derive(plan)
    return render_documents(status, draw_charts(status), TEMPLATES)


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_example_matches_its_golden_text_dump(example, name):
    golden = GOLDEN / name.replace(".docx", ".txt")
    dump = text_dump(example[name])
    if os.environ.get("BOARDPACK_UPDATE_GOLDEN") == "1":
        golden.write_text(dump, encoding="utf-8")
    assert dump == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_example_passes_the_accessibility_audit(example, name):
    assert audit(Document(io.BytesIO(example[name]))) == []


def test_example_members_report_has_all_nine_areas(example):
    dump = text_dump(example[TEMPLATE_NAMES[0]])
    areas = re.findall(r"^## (\d+)\. ", dump, re.M)
    assert areas == [str(n) for n in range(1, 10)]


@pytest.fixture(scope="module")
def example_pages(example, tmp_path_factory) -> dict[str, list[Page]]:
    folder = tmp_path_factory.mktemp("example-pdf")
    return {name: pages(to_pdf(name, data, folder)) for name, data in example.items()}


@pytest.mark.libreoffice
def test_example_members_report_fits_sixteen_pages_and_the_briefing_three(example_pages):
    assert len(example_pages[MEMBERS]) <= MAX_MEMBERS_PAGES
    assert 2 <= len(example_pages[BRIEFING]) <= MAX_BRIEFING_PAGES


@pytest.mark.libreoffice
def test_example_area_headings_share_a_page_with_their_tables_first_row(example, example_pages):
    headings = re.findall(r"^## (\d+\. .{1,30})", text_dump(example[MEMBERS]), re.M)
    assert len(headings) == 9
    assert headings_apart_from_their_tables(example_pages[MEMBERS], headings) == []


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_example_has_no_mostly_empty_page_but_the_last(example_pages, name):
    assert mostly_empty(example_pages[name]) == []


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_example_has_no_heading_at_the_foot_of_a_page(example, example_pages, name):
    headings = [h[:30] for h in re.findall(r"^#+ (.+)$", text_dump(example[name]), re.M)]
    assert headings_ending_a_page(example_pages[name], headings) == []
