"""A document as LibreOffice lays it out: its PDF's pages, their text and how far down
each page the ink reaches (pdftotext and pdftoppm, from poppler)."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

#: A4's long and short sides and the 2 cm top and bottom margins of the templates, in cm
LONG_CM, SHORT_CM, MARGIN_CM = 29.7, 21.0, 2.0
#: a page whose text area is inked less than this far down is "mostly empty"
MOSTLY_EMPTY = 0.5
#: grey levels (0-255) darker than this count as ink
INK = 200


@dataclass(frozen=True)
class Page:
    number: int
    lines: list[str]  # non-blank lines of text, header and footer included
    used: float  # share of the text area's height above the lowest ink

    def has(self, text: str) -> bool:
        return any(text in line for line in self.lines)


def to_pdf(name: str, data: bytes, folder: Path) -> Path:
    """``data`` converted to PDF by LibreOffice in ``folder``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed for this test: apt-get install libreoffice"
    assert shutil.which("pdftoppm"), (
        "poppler is needed for this test: apt-get install poppler-utils"
    )
    source = folder / name
    source.write_bytes(data)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=300,
    )
    pdf = source.with_suffix(".pdf")
    assert pdf.is_file() and pdf.stat().st_size > 0
    return pdf


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    assert match, info.stdout
    return int(match.group(1))


def _used(png: Path) -> float:
    image = Image.open(png).convert("L")
    width, height = image.size
    page_cm = LONG_CM if height > width else SHORT_CM  # portrait or landscape
    top = round(height * MARGIN_CM / page_cm)
    bottom = round(height * (page_cm - MARGIN_CM) / page_cm)
    pixels = image.load()
    assert pixels is not None
    lowest = top
    for y in range(top, bottom):
        if any(int(pixels[x, y]) < INK for x in range(width)):  # type: ignore[arg-type]
            lowest = y
    return (lowest - top) / (bottom - top)


def pages(pdf: Path) -> list[Page]:
    """Every page's text lines and inked share, rendered at 30 dpi."""
    found = []
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(prefix)], check=True)
    images = sorted(
        pdf.parent.glob(f"{prefix.name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])
    )
    for number, png in enumerate(images, start=1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        found.append(Page(number, lines, _used(png)))
    return found


def mostly_empty(found: list[Page]) -> list[int]:
    """The pages, all but the last, whose text area is inked less than half way down."""
    return [p.number for p in found[:-1] if p.used < MOSTLY_EMPTY]


def headings_apart_from_their_tables(found: list[Page], headings: list[str]) -> list[str]:
    """The area headings whose page does not also show their table's header row
    (``Ref  Impact of actions``) below them."""
    apart = []
    for heading in headings:
        page = next((p for p in found if p.has(heading)), None)
        if page is None:
            apart.append(f"{heading} (not found)")
            continue
        start = next(i for i, line in enumerate(page.lines) if heading in line)
        if not any(re.match(r"Ref\s+Impact of actions", line) for line in page.lines[start:]):
            apart.append(f"{heading} (page {page.number})")
    return apart


def headings_ending_a_page(found: list[Page], headings: list[str]) -> list[str]:
    """The headings (given by their first words) that are the last text of a page, its
    header and footer aside: a heading must keep with what it introduces."""
    ending = []
    for page in found:
        body = [line for line in page.lines if line != "OFFICIAL" and " - Page " not in line]
        if body and any(body[-1].startswith(heading) for heading in headings):
            ending.append(f"{body[-1]} (page {page.number})")
    return ending
