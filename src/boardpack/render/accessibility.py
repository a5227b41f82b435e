"""Make a rendered document accessible, and audit one (WCAG 2.2 AA as Word documents).

``make_accessible`` runs on every rendered document, whatever an officer did to
the template: each table's first row repeats as a header, text on a filled cell
gets black or white (whichever contrasts more with the fill), the language is
en-GB and the properties carry the title and subject but nothing from the
machine. ``audit`` lists what a reader or an auditor would object to; the tests
``check_templates`` and every build use it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser
from docx.styles import BabelFish
from lxml import etree

from boardpack.contrast import BLACK as BLACK
from boardpack.contrast import MIN_CONTRAST as MIN_CONTRAST
from boardpack.contrast import WHITE as WHITE
from boardpack.contrast import contrast_ratio as contrast_ratio
from boardpack.contrast import text_colour_on as text_colour_for
from boardpack.render.layout import headers_footers

LANGUAGE = "en-GB"
HEADING_LEVELS = {"Title": 0, **{f"Heading {n}": n for n in range(1, 10)}}


def level_name(level: int) -> str:
    """``Title`` for level 0, else ``Heading N``."""
    return "Title" if level == 0 else f"Heading {level}"


_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")
_TAG = re.compile(r"\{\{|\{%|%\}|\}\}")


_SHD, _FILL = qn("w:shd"), qn("w:fill")
_TCPR, _TC, _P, _TBL, _RUN = qn("w:tcPr"), qn("w:tc"), qn("w:p"), qn("w:tbl"), qn("w:r")
_T, _RSTYLE, _DOC_PR = qn("w:t"), qn("w:rStyle"), qn("wp:docPr")
_P_STYLE = f"{qn('w:pPr')}/{qn('w:pStyle')}"
_W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
#: the cells of a table (its nested tables' too) that may have a fill: only these have a
#: ``w:tcPr/w:shd`` for :func:`cell_fill` to read, found in one pass in C
_FILLED_CELLS = etree.XPath(".//w:tc[w:tcPr/w:shd]", namespaces=_W)
#: the cells :func:`make_accessible` may change: those with a fill, those with no
#: paragraph (or table) and those whose first properties hold more than one thing to order
_CELLS_TO_TIDY = etree.XPath(
    ".//w:tc[w:tcPr/w:shd or not(w:p or w:tbl) or w:tcPr[1]/node()[2]]", namespaces=_W
)


def _table_of(tc: etree._Element) -> etree._Element | None:
    """The table a cell is a cell of (its nearest ``w:tbl``)."""
    return next(tc.iterancestors(_TBL), None)


def _shown_on(run: etree._Element, cell: etree._Element) -> etree._Element:
    """The cell whose fill ``run`` shows on, within ``cell``: the nearest cell around it
    with a fill of its own (a cell without one shows the fill of the cell it sits in)."""
    for ancestor in run.iterancestors(_TC):
        if ancestor is cell or cell_fill(ancestor) is not None:
            return ancestor
    return cell


def cell_fill(tc: etree._Element) -> str | None:
    """The fill colour of a table cell (``w:shd/@w:fill``), or ``None``."""
    for tcpr in tc.iterchildren(_TCPR):  # the first w:tcPr/w:shd, without a path search
        for shd in tcpr.iterchildren(_SHD):
            fill = shd.get(_FILL)
            return fill.upper() if fill and _HEX.match(fill) else None
    return None


#: in CT_RPr order, w:color sits after fonts, bold, italic... and before these
_AFTER_COLOUR = frozenset(
    qn(t) for t in ("w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs")
)
#: ... or, where none of those is there, before these
_AFTER_COLOUR_LATE = frozenset(
    qn(t) for t in ("w:highlight", "w:u", "w:lang", "w:rtl", "w:vertAlign")
)
_RPR, _COLOR, _VAL = qn("w:rPr"), qn("w:color"), qn("w:val")


def _element(tag: str) -> etree._Element:
    """A new element of ``tag`` (a ``w:`` name in Clark notation) as ``OxmlElement`` makes
    it, without reading a prefixed name on every call."""
    return oxml_parser.makeelement(tag, nsmap=_W)


def _set_run_colour(run: etree._Element, colour: str) -> None:
    rpr = next(run.iterchildren(_RPR), None)
    if rpr is None:
        rpr = _element(_RPR)
        run.insert(0, rpr)
    for old in list(rpr.iterchildren(_COLOR)):
        rpr.remove(old)
    element = _element(_COLOR)
    element.set(_VAL, colour)
    anchor = next((child for child in rpr if child.tag in _AFTER_COLOUR), None)
    if anchor is None:
        anchor = next((child for child in rpr if child.tag in _AFTER_COLOUR_LATE), None)
    if anchor is not None:
        anchor.addprevious(element)
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
    """Cell properties in schema order, and at least one paragraph in every cell (styled
    as the first paragraph of a neighbouring cell, so an empty cell keeps the table's text
    size)."""
    tcpr = next(tc.iterchildren(_TCPR), None)
    if tcpr is not None and len(tcpr) > 1:
        children = list(tcpr)
        ordered = sorted(children, key=lambda e: _TCPR_RANK.get(e.tag, 99))
        if ordered != children:
            for child in ordered:
                tcpr.append(child)
    if next(tc.iterchildren(_P, _TBL), None) is None:
        paragraph = OxmlElement("w:p")
        row = tc.getparent()
        style = next(
            (
                found
                for cell in (row.iterchildren(_TC) if row is not None else ())
                if (found := cell.find(f"{_P}/{qn('w:pPr')}/{qn('w:pStyle')}")) is not None
            ),
            None,
        )
        if style is not None:
            properties = OxmlElement("w:pPr")
            properties.append(copy.deepcopy(style))
            paragraph.append(properties)
        tc.append(paragraph)


def make_accessible(doc: DocumentObject) -> None:
    """Repeat header rows, fix text contrast on filled cells and set the language.

    Only the cells that need it are visited (:data:`_CELLS_TO_TIDY`): the others have
    properties in order, a paragraph and no fill already.
    """
    colours: dict[str, str] = {}
    for tbl in _tables(doc):
        _repeat_first_row(tbl)
        for tc in _CELLS_TO_TIDY(tbl):
            _tidy_cell(tc)
            fill = cell_fill(tc)
            if fill is None:
                continue
            colour = colours.get(fill) or colours.setdefault(fill, text_colour_for(fill))
            for run in tc.iter(_RUN):
                _set_run_colour(run, colour)
    _set_language(doc)


# ---------------------------------------------------------------- audit

#: the fields a footer's "Page X of Y" needs
PAGE_FIELDS = ("PAGE", "NUMPAGES")
_DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"


@dataclass(frozen=True)
class Finding:
    """One accessibility failure and where it is (``None`` for the whole document)."""

    place: str | None  # "paragraph 12", "table 3", "first-page header"
    message: str
    #: what kind of failure: heading, image, table, contrast, properties, tags, marking,
    #: page-numbers
    kind: str = ""

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


def _text(element: etree._Element) -> str:
    return "".join([t.text or "" for t in element.iter(_T)])


class _Colours:
    """The colour a run's text shows in: its own, else its character style's, else its
    paragraph style's (each following ``basedOn``), else the document default, else black."""

    def __init__(self, doc: DocumentObject) -> None:
        root = doc.styles.element
        self.styles = {s.get(qn("w:styleId")): s for s in root.iterchildren(qn("w:style"))}
        default = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.default = _colour_of(default) or BLACK
        self.normal = next(
            (
                sid
                for sid, style in self.styles.items()
                if style.get(qn("w:type")) == "paragraph"
                and (style.get(qn("w:default")) or "") in ("1", "true", "on")
            ),
            None,
        )

    def _style(self, style_id: str | None) -> str | None:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                return None
            colour = _colour_of(style.find(qn("w:rPr")))
            if colour:
                return colour
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return None

    def of(self, run: etree._Element) -> str:
        rpr = next(run.iterchildren(_RPR), None)
        own = _colour_of(rpr)
        if own:
            return own
        if rpr is not None:
            rstyle = rpr.find(_RSTYLE)
            if rstyle is not None:
                colour = self._style(rstyle.get(_VAL))
                if colour:
                    return colour
        paragraph = run.getparent()
        while paragraph is not None and paragraph.tag != _P:
            paragraph = paragraph.getparent()
        pstyle = paragraph.find(_P_STYLE) if paragraph is not None else None
        style_id = pstyle.get(_VAL) if pstyle is not None else self.normal
        return self._style(style_id) or self.default


def _colour_of(rpr: etree._Element | None) -> str | None:
    """The six-digit colour of run properties; ``None`` for none or ``auto``."""
    colour = next(rpr.iterchildren(_COLOR), None) if rpr is not None else None
    value = colour.get(_VAL) if colour is not None else None
    return value.upper() if value and _HEX.match(value) else None


def text_colour(doc: DocumentObject, run: etree._Element) -> str:
    """The colour ``run``'s text shows in, following styles (black for ``auto``)."""
    return _Colours(doc).of(run)


def _has_alt_text(doc_pr: etree._Element) -> bool:
    """Alt text, or Word's "Mark as decorative" (which a screen reader skips)."""
    if (doc_pr.get("descr") or "").strip():
        return True
    mark = next(doc_pr.iter(_DECORATIVE), None)
    return mark is not None and mark.get("val") in ("1", "true")


def field_names(element: etree._Element) -> list[str]:
    """The fields of a part in order (``PAGE``, ``NUMPAGES``), simple or complex."""
    names: list[str] = []
    for node in element.iter(qn("w:instrText"), qn("w:fldSimple")):
        instruction = node.text if node.tag == qn("w:instrText") else node.get(qn("w:instr"))
        words = (instruction or "").split()
        if words:
            names.append(words[0].upper())
    return names


def _without(text: str, literal_texts: Sequence[str]) -> str:
    for allowed in sorted(literal_texts, key=len, reverse=True):
        if allowed:
            text = text.replace(allowed, "")
    return text


def _tags_left(
    place: str | None, root: etree._Element, literal_texts: Sequence[str]
) -> list[Finding]:
    """The first template tag left in the text of ``root``'s paragraphs (each read whole,
    with ``literal_texts`` taken out), as a finding at ``place``.

    Every tag holds a brace, so text without any (all of it read at once, in C) has none:
    only text with a brace is read paragraph by paragraph.
    """
    everything = etree.tostring(root, method="text", encoding="unicode", with_tail=False)
    if "{" not in everything and "}" not in everything:
        return []
    text = _without("\n".join(_text(p) for p in root.iter(_P)), literal_texts)
    match = _TAG.search(text)
    if match is None:
        return []
    snippet = text[max(match.start() - 20, 0) : match.end() + 20].replace("\n", " ")
    return [Finding(place, f"template tags left in the text: {snippet.strip()!r}", "tags")]


def _compact(text: str) -> str:
    return "".join(text.split())


def _header_footer_findings(
    doc: DocumentObject, literal_texts: Sequence[str] | None, marking: str | None
) -> list[Finding]:
    found: list[Finding] = []
    for part in headers_footers(doc):
        if part.element is None:
            shows = "protective marking" + (" or page numbers" if part.kind == "footer" else "")
            found.append(Finding(part.label, f"missing, so those pages show no {shows}", "missing"))
            continue
        text = _text(part.element)
        if marking and _compact(marking) not in _compact(text):
            found.append(
                Finding(
                    part.label,
                    f"expected the protective marking {marking!r}; found "
                    + (repr(" ".join(text.split())[:80]) if text.strip() else "no text"),
                    "marking",
                )
            )
        if part.kind == "footer":
            fields = field_names(part.element)
            if any(name not in fields for name in PAGE_FIELDS):
                found.append(
                    Finding(
                        part.label,
                        'expected the PAGE and NUMPAGES fields ("Page X of Y"); found '
                        + (", ".join(fields) if fields else "no fields"),
                        "page-numbers",
                    )
                )
        for doc_pr in part.element.iter(qn("wp:docPr")):
            if not _has_alt_text(doc_pr):
                found.append(
                    Finding(part.label, f"image {doc_pr.get('name')!r} has no alt text", "image")
                )
        if literal_texts is not None:
            found += _tags_left(part.label, part.element, literal_texts)
    return found


def _paragraph_style_names(doc: DocumentObject) -> Callable[[etree._Element], str]:
    """A function giving a ``w:p``'s style name as Word shows it (``Heading 1``).

    The names are read once from the styles part: python-docx looks a paragraph's
    style up among all the styles on every call.
    """
    names: dict[str, str] = {}
    default = "Normal"
    for style in doc.styles.element.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) != "paragraph":
            continue
        name = style.find(qn("w:name"))
        ident = style.get(qn("w:styleId")) or ""
        shown = BabelFish.internal2ui(name.get(qn("w:val")) if name is not None else ident)
        names[ident] = shown
        if style.get(qn("w:default")) in ("1", "true"):
            default = shown

    def style_of(p: etree._Element) -> str:
        ident = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if ident is None:
            return default
        return names.get(ident.get(qn("w:val")) or "", default)

    return style_of


_MERGES = ("w:gridSpan", "w:vMerge", "w:hMerge")


def _merged(tbl: etree._Element) -> set[str]:
    """Which of the :data:`_MERGES` a table holds (in its nested tables too), in one pass."""
    wanted = [qn(tag) for tag in _MERGES]
    found: set[str] = set()
    for element in tbl.iter(*wanted):
        found.add(element.tag)
        if len(found) == len(wanted):
            break
    return found


def findings(
    doc: DocumentObject,
    *,
    literal_texts: Sequence[str] | None = (),
    marking: str | None = None,
) -> list[Finding]:
    """Every accessibility failure found in a rendered document (empty when it passes).

    Headings, pictures, tables, contrast, properties and language of the body, and every
    header and footer that pages show (default, first page, even pages): each has the
    protective ``marking`` (when given), footers the PAGE and NUMPAGES fields, pictures
    alt text. ``literal_texts`` are workbook texts allowed to contain ``{{`` or ``{%``;
    ``None`` leaves tags in the text unchecked, for when those texts are not known.
    """
    found: list[Finding] = []
    colours = _Colours(doc)
    ratios: dict[tuple[str, str], float] = {}
    style_of = _paragraph_style_names(doc)
    last = -1
    for number, paragraph in enumerate(doc.paragraphs, start=1):
        style = style_of(paragraph._p)
        level = HEADING_LEVELS.get(style)
        if level is None:
            continue
        place = f"paragraph {number}"
        if not paragraph.text.strip():
            found.append(Finding(place, f"empty {style}", "heading"))
        if level > last + 1:
            found.append(
                Finding(
                    place,
                    f"expected at most a {level_name(last + 1)} after "
                    f"{level_name(last) if last >= 0 else 'the start of the document'} (no "
                    f"heading level skipped); found {level_name(level)} {paragraph.text!r}",
                    "heading",
                )
            )
        last = level
    tables: list[etree._Element] = []
    for element in doc.element.body.iter(_TBL, _DOC_PR):  # both in one pass
        if element.tag == _TBL:
            tables.append(element)
        elif not _has_alt_text(element):
            found.append(Finding(None, f"image {element.get('name')!r} has no alt text", "image"))
    for index, tbl in enumerate(tables, start=1):
        place = f"table {index}"
        row = tbl.find(qn("w:tr"))
        if row is None or row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None:
            found.append(Finding(place, "first row is not marked to repeat as a header", "table"))
        merged = _merged(tbl)
        for tag in _MERGES:
            if qn(tag) in merged:
                found.append(Finding(place, f"has merged cells ({tag})", "table"))
        for tc in _FILLED_CELLS(tbl):
            fill = cell_fill(tc)
            if fill is None or _table_of(tc) is not tbl:  # a nested table's: judged there
                continue
            nested = next(tc.iter(_TBL), None) is not None
            for run in tc.iter(_RUN):
                if nested and _shown_on(run, tc) is not tc:  # on a nested cell's own fill
                    continue
                text = _text(run)
                if not text.strip():
                    continue
                colour = colours.of(run)
                ratio = ratios.get((colour, fill))
                if ratio is None:
                    ratio = ratios.setdefault((colour, fill), contrast_ratio(colour, fill))
                if ratio < MIN_CONTRAST:
                    found.append(
                        Finding(
                            place,
                            f"text {text!r} is {colour} on {fill} "
                            f"(contrast {ratio:.2f}, needs {MIN_CONTRAST})",
                            "contrast",
                        )
                    )
    props = doc.core_properties
    if not props.title:
        found.append(Finding(None, "no title in the document properties", "properties"))
    if not props.subject:
        found.append(Finding(None, "no subject in the document properties", "properties"))
    if props.language != LANGUAGE:
        found.append(
            Finding(
                None,
                f"language property is {props.language!r}, expected {LANGUAGE!r}",
                "properties",
            )
        )
    lang = doc.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    if lang is None or lang.get(qn("w:val")) != LANGUAGE:
        found.append(Finding(None, "the default language in styles is not en-GB", "properties"))
    if literal_texts is not None:
        found += _tags_left(None, doc.element.body, literal_texts)
    found += _header_footer_findings(doc, literal_texts, marking)
    return found


def audit(
    doc: DocumentObject,
    *,
    literal_texts: Sequence[str] | None = (),
    marking: str | None = None,
) -> list[str]:
    """:func:`findings` as sentences, each with its place in front."""
    return [str(f) for f in findings(doc, literal_texts=literal_texts, marking=marking)]
