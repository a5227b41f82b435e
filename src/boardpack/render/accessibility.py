"""Make a rendered document accessible, and audit one (WCAG 2.2 AA as Word documents).

``make_accessible`` runs on every rendered document, whatever an officer did to
the template: each table's first row repeats as a header, text on a filled cell
gets black or white (whichever contrasts more with the fill), the language is
en-GB and the properties carry the title and subject but nothing from the
machine. ``audit`` lists what a reader or an auditor would object to; the tests
and ``check_templates`` use it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import date, datetime

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

MIN_CONTRAST = 4.5
BLACK = "000000"
WHITE = "FFFFFF"
LANGUAGE = "en-GB"
HEADING_LEVELS = {"Title": 0, **{f"Heading {n}": n for n in range(1, 10)}}
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")
_TAG = re.compile(r"\{\{|\{%|%\}|\}\}")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a six-digit hex colour such as ``C00000``."""
    if not _HEX.match(colour):
        raise ValueError(f"expected a six-digit hex colour such as C00000, got {colour!r}")
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two hex colours, from 1 to 21."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@functools.lru_cache(maxsize=256)
def text_colour_for(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill``."""
    return BLACK if contrast_ratio(fill, BLACK) >= contrast_ratio(fill, WHITE) else WHITE


_SHADING = f"{qn('w:tcPr')}/{qn('w:shd')}"
_FILL = qn("w:fill")
_TCPR, _TC, _P, _TBL, _RUN = qn("w:tcPr"), qn("w:tc"), qn("w:p"), qn("w:tbl"), qn("w:r")


def cell_fill(tc: etree._Element) -> str | None:
    """The fill colour of a table cell (``w:shd/@w:fill``), or ``None``."""
    shd = tc.find(_SHADING)
    fill = shd.get(_FILL) if shd is not None else None
    return fill.upper() if fill and _HEX.match(fill) else None


def _set_run_colour(run: etree._Element, colour: str) -> None:
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run.insert(0, rpr)
    for old in rpr.findall(qn("w:color")):
        rpr.remove(old)
    element = OxmlElement("w:color")
    element.set(qn("w:val"), colour)
    # w:color sits after fonts, bold, italic... and before size in CT_RPr order
    following = [qn(t) for t in ("w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs")]
    anchor = next((child for child in rpr if child.tag in following), None)
    if anchor is not None:
        anchor.addprevious(element)
    else:
        following_late = [qn(t) for t in ("w:highlight", "w:u", "w:lang", "w:rtl", "w:vertAlign")]
        late = next((child for child in rpr if child.tag in following_late), None)
        if late is not None:
            late.addprevious(element)
        else:
            rpr.append(element)


def _tables(doc: DocumentObject) -> Iterator[etree._Element]:
    yield from doc.element.body.iter(qn("w:tbl"))


def _repeat_first_row(tbl: etree._Element) -> None:
    row = tbl.find(qn("w:tr"))
    if row is None:
        return
    trpr = row.find(qn("w:trPr"))
    if trpr is None:
        trpr = OxmlElement("w:trPr")
        tbl_pr_ex = row.find(qn("w:tblPrEx"))
        if tbl_pr_ex is not None:
            tbl_pr_ex.addnext(trpr)
        else:
            row.insert(0, trpr)
    if trpr.find(qn("w:tblHeader")) is None:
        trpr.append(OxmlElement("w:tblHeader"))


def _set_language(doc: DocumentObject) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


#: the longest text a core property (title, subject, author) may hold
MAX_PROPERTY_CHARS = 255


def property_text(text: str) -> str:
    """``text`` on one line, cut to :data:`MAX_PROPERTY_CHARS` with an ellipsis if longer."""
    line = " ".join(text.split())
    if len(line) <= MAX_PROPERTY_CHARS:
        return line
    return line[: MAX_PROPERTY_CHARS - 1].rstrip() + "…"


def set_properties(
    doc: DocumentObject, *, title: str, subject: str, organisation: str, as_at: date
) -> None:
    """Core properties from the pack only: nothing from the machine or the clock.

    Texts longer than a property holds are cut (see :func:`property_text`).
    """
    props = doc.core_properties
    stamp = datetime(as_at.year, as_at.month, as_at.day)
    props.title = property_text(title)
    props.subject = property_text(subject)
    props.author = property_text(organisation)
    props.last_modified_by = property_text(organisation)
    props.language = LANGUAGE
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.version = ""
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp


_TCPR_ORDER = [
    qn(f"w:{t}")
    for t in (
        "cnfStyle",
        "tcW",
        "gridSpan",
        "hMerge",
        "vMerge",
        "tcBorders",
        "shd",
        "noWrap",
        "tcMar",
        "textDirection",
        "tcFitText",
        "vAlign",
        "hideMark",
        "headers",
        "cellIns",
        "cellDel",
        "cellMerge",
        "tcPrChange",
    )
]


_TCPR_RANK = {tag: rank for rank, tag in enumerate(_TCPR_ORDER)}


def _tidy_cell(tc: etree._Element) -> None:
    """Cell properties in schema order, and at least one paragraph in every cell."""
    tcpr = tc.find(_TCPR)
    if tcpr is not None and len(tcpr) > 1:
        for child in sorted(tcpr, key=lambda e: _TCPR_RANK.get(e.tag, 99)):
            tcpr.append(child)
    if tc.find(_P) is None and tc.find(_TBL) is None:
        tc.append(OxmlElement("w:p"))


def make_accessible(doc: DocumentObject) -> None:
    """Repeat header rows, fix text contrast on filled cells and set the language."""
    for tbl in _tables(doc):
        _repeat_first_row(tbl)
        for tc in tbl.iter(_TC):
            _tidy_cell(tc)
            fill = cell_fill(tc)
            if fill is None:
                continue
            colour = text_colour_for(fill)
            for run in tc.iter(_RUN):
                _set_run_colour(run, colour)
    _set_language(doc)


# ---------------------------------------------------------------- audit


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def _run_colour(run: etree._Element) -> str | None:
    colour = run.find(f"{qn('w:rPr')}/{qn('w:color')}")
    value = colour.get(qn("w:val")) if colour is not None else None
    return value.upper() if value and _HEX.match(value) else None


def audit(doc: DocumentObject, *, literal_texts: tuple[str, ...] = ()) -> list[str]:
    """Every accessibility failure found in a rendered document (empty when it passes).

    ``literal_texts`` are workbook texts allowed to contain ``{{`` or ``{%``.
    """
    failures: list[str] = []
    last = -1
    for number, paragraph in enumerate(doc.paragraphs, start=1):
        level = HEADING_LEVELS.get(paragraph.style.name if paragraph.style else "")
        if level is None:
            continue
        if not paragraph.text.strip():
            failures.append(f"paragraph {number}: empty {paragraph.style.name}")  # type: ignore[union-attr]
        if level > last + 1:
            failures.append(
                f"paragraph {number}: heading level {level} follows level {last} "
                f"({paragraph.text!r})"
            )
        last = level
    for doc_pr in doc.element.body.iter(qn("wp:docPr")):
        if not (doc_pr.get("descr") or "").strip():
            failures.append(f"image {doc_pr.get('name')!r} has no alt text")
    for index, tbl in enumerate(_tables(doc), start=1):
        row = tbl.find(qn("w:tr"))
        if row is None or row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None:
            failures.append(f"table {index}: first row is not marked to repeat as a header")
        for tag in ("w:gridSpan", "w:vMerge", "w:hMerge"):
            if next(tbl.iter(qn(tag)), None) is not None:
                failures.append(f"table {index}: has merged cells ({tag})")
        for tc in tbl.iter(_TC):
            fill = cell_fill(tc)
            if fill is None:
                continue
            for run in tc.iter(_RUN):
                if not _text(run).strip():
                    continue
                colour = _run_colour(run) or BLACK
                ratio = contrast_ratio(colour, fill)
                if ratio < MIN_CONTRAST:
                    failures.append(
                        f"table {index}: text {_text(run)!r} is {colour} on {fill} "
                        f"(contrast {ratio:.2f}, needs {MIN_CONTRAST})"
                    )
    props = doc.core_properties
    if not props.title:
        failures.append("no title in the document properties")
    if not props.subject:
        failures.append("no subject in the document properties")
    if props.language != LANGUAGE:
        failures.append(f"language property is {props.language!r}, expected {LANGUAGE!r}")
    lang = doc.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    if lang is None or lang.get(qn("w:val")) != LANGUAGE:
        failures.append("the default language in styles is not en-GB")
    text = "\n".join(_text(p) for p in doc.element.body.iter(qn("w:p")))
    for allowed in literal_texts:
        text = text.replace(allowed, "")
    if _TAG.search(text):
        failures.append(f"template tags left in the text: {_TAG.search(text)!r}")
    return failures
