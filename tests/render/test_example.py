"""The embedded example (inputs/master.xlsx) rendered end to end: golden text and PDF pages.

After a deliberate change, ``make golden`` regenerates the golden dumps (it runs
``test_example_matches_its_golden_text_dump`` with ``BOARDPACK_UPDATE_GOLDEN=1``);
review the diff of ``tests/render/golden/`` before committing it.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from boardpack.render import TEMPLATE_NAMES, render_documents
from boardpack.render.accessibility import audit

from .conftest import TEMPLATES
from .dump import text_dump

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
MAX_BRIEFING_PAGES = 3
#: the members' report of the example, as LibreOffice lays it out (22 pages), give or take
#: one for another version's line breaking: a page more or less than this is a change to
#: review (a chart or table that no longer fits, or space left empty)
MEMBERS_PAGES = (19, 21)


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


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    assert match, info.stdout
    return int(match.group(1))


@pytest.mark.libreoffice
def test_example_converts_to_pdf_and_the_briefing_fits_three_pages(example, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed for this test: apt-get install libreoffice"
    assert shutil.which("pdfinfo"), "pdfinfo is needed for this test: apt-get install poppler-utils"
    profile = tmp_path / "profile"
    pages = {}
    for name, data in example.items():
        source = tmp_path / name
        source.write_bytes(data)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(source),
            ],
            capture_output=True,
            check=True,
            timeout=300,
        )
        pdf = source.with_suffix(".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 0
        pages[name] = _pages(pdf)
    assert 2 <= pages["cabinet-briefing.docx"] <= MAX_BRIEFING_PAGES
    assert MEMBERS_PAGES[0] <= pages["members-update.docx"] <= MEMBERS_PAGES[1]
