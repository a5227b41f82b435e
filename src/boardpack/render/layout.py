"""Where things sit on the page: sections, their headers and footers, and what fits.

A Word document is a run of sections, each ending at a ``w:sectPr`` that gives its
page size and margins and names its headers and footers (default, first page, even
pages). This module reads that layout without changing the document, and makes two
adjustments after a template is filled:

- :func:`fit_images` shrinks a picture wider than the text of its section (or its
  table cell), keeping its shape;
- :func:`keep_rows_whole` leaves ``w:cantSplit`` only on table rows short enough to
  move whole to the next page without leaving most of a page empty.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from lxml import etree

EMU_PER_TWIP = 635
TWIPS_PER_POINT = 20
#: A4 portrait with 2 cm margins, for a section that gives no size
_DEFAULT_PAGE = (11906, 16838, 1134, 1134, 1134, 1134)  # width, height, left, right, top, bottom
#: default left and right cell margins of a Word table (0.19 cm)
CELL_MARGIN_TWIPS = 108
#: a row taller than this share of the page's text height may break across pages: kept
#: whole, it may not fit, and it would drag the heading kept with it to the next page and
#: leave most of a page empty (the row's first part keeps its RAG word beside its colour)
ROW_SHARE_OF_PAGE = 1 / 3
#: average width of a character of Arial text, as a share of the font size
AVERAGE_CHAR_EM = 0.52
#: share of a line that word wrapping leaves unused, on average
WRAP_WASTE = 0.1

_P, _TBL, _TR, _TC, _SECTPR = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sectPr")
_VAL, _W, _TYPE, _ID = qn("w:val"), qn("w:w"), qn("w:type"), qn("r:id")
_T, _EXTENT = qn("w:t"), qn("wp:extent")
_P_STYLE = f"{qn('w:pPr')}/{qn('w:pStyle')}"
_GRID_SPAN = f"{qn('w:tcPr')}/{qn('w:gridSpan')}"
_CELL_WIDTH = f"{qn('w:tcPr')}/{qn('w:tcW')}"
_PPR, _PSTYLE, _TCPR, _TRPR = qn("w:pPr"), qn("w:pStyle"), qn("w:tcPr"), qn("w:trPr")
_GRID_SPAN_TAG, _TCW, _CANT_SPLIT_TAG = qn("w:gridSpan"), qn("w:tcW"), qn("w:cantSplit")

USES = ("default", "first", "even")
_USE_WORDS = {"default": "", "first": "first-page ", "even": "even-page "}


def _twips(element: etree._Element | None, attribute: str, default: int) -> int:
    return _value_twips(element.get(qn(attribute)) if element is not None else None, default)


def _value_twips(value: str | None, default: int) -> int:
    try:
        return abs(int(float(value))) if value is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Section:
    """One section: its ``w:sectPr`` (``None`` if the document has none), blocks and page."""

    number: int
    sect_pr: etree._Element | None
    blocks: tuple[etree._Element, ...]
    page_width: int  # twips
    page_height: int
    left: int
    right: int
    top: int
    bottom: int

    @property
    def text_width(self) -> int:
        """Twips between the left and right margins."""
        return max(self.page_width - self.left - self.right, 0)

    @property
    def text_height(self) -> int:
        """Twips between the top and bottom margins."""
        return max(self.page_height - self.top - self.bottom, 0)

    @property
    def landscape(self) -> bool:
        return self.page_width > self.page_height


def _section(number: int, sect_pr: etree._Element | None, blocks: list[etree._Element]) -> Section:
    size = sect_pr.find(qn("w:pgSz")) if sect_pr is not None else None
    margins = sect_pr.find(qn("w:pgMar")) if sect_pr is not None else None
    width, height, left, right, top, bottom = _DEFAULT_PAGE
    return Section(
        number,
        sect_pr,
        tuple(blocks),
        _twips(size, "w:w", width),
        _twips(size, "w:h", height),
        _twips(margins, "w:left", left),
        _twips(margins, "w:right", right),
        _twips(margins, "w:top", top),
        _twips(margins, "w:bottom", bottom),
    )


def sections(body: etree._Element) -> list[Section]:
    """The body's sections in order, each with the blocks (paragraphs, tables) it holds.

    A section ends with the paragraph whose properties hold a ``w:sectPr``, or at the
    body's own last ``w:sectPr``.
    """
    found: list[Section] = []
    pending: list[etree._Element] = []
    for child in body:
        if child.tag == _SECTPR:
            found.append(_section(len(found) + 1, child, pending))
            pending = []
            continue
        pending.append(child)
        sect_pr = child.find(f"{qn('w:pPr')}/{_SECTPR}") if child.tag == _P else None
        if sect_pr is not None:
            found.append(_section(len(found) + 1, sect_pr, pending))
            pending = []
    if pending or not found:
        found.append(_section(len(found) + 1, None, pending))
    return found


# ---------------------------------------------------------------- headers and footers


@dataclass(frozen=True)
class HeaderFooter:
    """A header or footer that some pages show, or ``element`` ``None`` when they show none."""

    kind: str  # "header" or "footer"
    use: str  # "default", "first" or "even"
    section: int
    element: etree._Element | None  # w:hdr or w:ftr
    partname: str | None
    label: str  # "header", "first-page footer", "section 2 even-page header"


def _label(kind: str, use: str, section: int) -> str:
    """``header``, ``first-page footer``; ``section 2 header`` for a later section's own."""
    where = f"section {section} " if section > 1 else ""
    return f"{where}{_USE_WORDS[use]}{kind}"


def _reference(sect_pr: etree._Element | None, kind: str, use: str) -> str | None:
    if sect_pr is None:
        return None
    for ref in sect_pr.iterchildren(qn(f"w:{kind}Reference")):
        if (ref.get(_TYPE) or "default") == use:
            return str(ref.get(_ID) or "") or None
    return None


def _on(element: etree._Element | None) -> bool:
    """True for a present on/off property (``<w:titlePg/>``) not switched off."""
    if element is None:
        return False
    return (element.get(_VAL) or "true").lower() not in ("false", "0", "off")


def _even_pages_differ(doc: DocumentObject) -> bool:
    part = next(
        (p for p in doc.part.package.iter_parts() if p.partname == "/word/settings.xml"), None
    )
    element = getattr(part, "element", None)
    return element is not None and _on(element.find(qn("w:evenAndOddHeaders")))


def headers_footers(doc: DocumentObject) -> list[HeaderFooter]:
    """Every header and footer that pages show, section by section, each part once.

    A section shows its default header and footer, its first-page ones when "Different
    first page" is ticked (``w:titlePg``) and its even-page ones when "Different odd and
    even pages" is (``w:evenAndOddHeaders``). A section without its own inherits the
    previous section's; the first section without one shows none (``element`` is
    ``None``).
    """
    body_sections = sections(doc.element.body)
    even = _even_pages_differ(doc)
    related = doc.part.related_parts
    found: list[HeaderFooter] = []
    seen: set[tuple[str, str | None]] = set()
    for kind in ("header", "footer"):
        inherited: dict[str, str | None] = {use: None for use in USES}
        for section in body_sections:
            sect_pr = section.sect_pr
            uses = ["default"]
            if sect_pr is not None and _on(sect_pr.find(qn("w:titlePg"))):
                uses.append("first")
            if even:
                uses.append("even")
            for use in USES:
                rid = _reference(sect_pr, kind, use)
                if rid is not None:
                    inherited[use] = rid
            for use in uses:
                rid = inherited[use]
                part = related.get(rid) if rid else None
                partname = str(part.partname) if part is not None else None
                key = (kind, partname) if partname else (f"{kind}-{use}-{section.number}", None)
                if key in seen:
                    continue
                seen.add(key)
                found.append(
                    HeaderFooter(
                        kind,
                        use,
                        section.number,
                        getattr(part, "element", None),
                        partname,
                        _label(kind, use, section.number),
                    )
                )
    return found


def header_footer_parts(doc: DocumentObject) -> list[HeaderFooter]:
    """Every header and footer part the document holds, shown or not (docxtpl fills
    them all), labelled by the first section and use that name it."""
    body_sections = sections(doc.element.body)
    found: list[HeaderFooter] = []
    seen: set[str] = set()
    for kind in ("header", "footer"):
        for section in body_sections:
            for use in USES:
                rid = _reference(section.sect_pr, kind, use)
                part = doc.part.related_parts.get(rid) if rid else None
                if part is None or str(part.partname) in seen:
                    continue
                seen.add(str(part.partname))
                found.append(
                    HeaderFooter(
                        kind,
                        use,
                        section.number,
                        part.element,
                        str(part.partname),
                        _label(kind, use, section.number),
                    )
                )
    reltypes = {
        "header": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header",
        "footer": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer",
    }
    for rel in doc.part.rels.values():
        found_kind = next((k for k, t in reltypes.items() if rel.reltype == t), None)
        if found_kind is None or rel.is_external or str(rel.target_part.partname) in seen:
            continue
        seen.add(str(rel.target_part.partname))
        name = str(rel.target_part.partname).rsplit("/", 1)[-1]
        found.append(
            HeaderFooter(
                found_kind,
                "unused",
                0,
                rel.target_part.element,
                str(rel.target_part.partname),
                name,
            )
        )
    return found


# ---------------------------------------------------------------- pictures


def _cell_width(tc: etree._Element) -> int | None:
    width = tc.find(_CELL_WIDTH)
    if width is None or (width.get(_TYPE) or "dxa") != "dxa":
        return None
    value = _twips(width, "w:w", 0)
    return value - 2 * CELL_MARGIN_TWIPS if value > 2 * CELL_MARGIN_TWIPS else None


def _ancestor(element: etree._Element, tag: str) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _drawings(section: Section) -> Iterator[etree._Element]:
    for block in section.blocks:
        yield from block.iter(qn("wp:inline"), qn("wp:anchor"))


def fit_images(doc: DocumentObject) -> None:
    """Shrink every picture wider than its section's text (or its cell), keeping its shape."""
    for section in sections(doc.element.body):
        for drawing in _drawings(section):
            limit = section.text_width
            tc = _ancestor(drawing, _TC)
            if tc is not None:
                limit = min(limit, _cell_width(tc) or limit)
            limit_emu = limit * EMU_PER_TWIP
            extent = drawing.find(qn("wp:extent"))
            if extent is None or limit_emu <= 0:
                continue
            cx, cy = int(extent.get("cx", "0")), int(extent.get("cy", "0"))
            if cx <= limit_emu:
                continue
            new_cy = round(cy * limit_emu / cx)
            for ext in (extent, *drawing.iter(qn("a:ext"))):
                if ext.get("cx") == str(cx):
                    ext.set("cx", str(limit_emu))
                    ext.set("cy", str(new_cy))


# ---------------------------------------------------------------- rows kept whole


@dataclass(frozen=True)
class _TextStyle:
    size: float  # points
    line: float  # line height as a multiple of the single line
    before: float  # points
    after: float


class _Styles:
    """Font size and paragraph spacing of each paragraph style, following ``basedOn``."""

    def __init__(self, doc: DocumentObject) -> None:
        root = doc.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in root.iterchildren(qn("w:style"))}
        self.default_id = next(
            (
                style_id
                for style_id, style in self.by_id.items()
                if style.get(_TYPE) == "paragraph"
                and (style.get(qn("w:default")) or "").lower() in ("1", "true", "on")
            ),
            None,
        )
        self.defaults = root.find(qn("w:docDefaults"))
        self.cache: dict[str | None, _TextStyle] = {}

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        chain: list[etree._Element] = []
        current = self.by_id.get(style_id or self.default_id or "")
        while current is not None and current not in chain:
            chain.append(current)
            based = current.find(qn("w:basedOn"))
            current = self.by_id.get(based.get(_VAL)) if based is not None else None
        if self.defaults is not None:
            chain.append(self.defaults)
        return chain

    def _first(self, chain: list[etree._Element], path: str, attribute: str) -> str | None:
        for element in chain:
            for found in element.iterfind(path):
                value = found.get(qn(attribute))
                if value is not None:
                    return str(value)
        return None

    def of(self, style_id: str | None) -> _TextStyle:
        if style_id not in self.cache:
            chain = self._chain(style_id)
            size = self._first(chain, f".//{qn('w:rPr')}/{qn('w:sz')}", "w:val")
            line = self._first(chain, f".//{qn('w:pPr')}/{qn('w:spacing')}", "w:line")
            rule = self._first(chain, f".//{qn('w:pPr')}/{qn('w:spacing')}", "w:lineRule")
            before = self._first(chain, f".//{qn('w:pPr')}/{qn('w:spacing')}", "w:before")
            after = self._first(chain, f".//{qn('w:pPr')}/{qn('w:spacing')}", "w:after")
            points = float(size) / 2 if size else 11.0
            multiple = float(line) / 240 if line and (rule or "auto") == "auto" else 1.0
            self.cache[style_id] = _TextStyle(
                points,
                multiple,
                float(before or 0) / TWIPS_PER_POINT,
                float(after or 0) / TWIPS_PER_POINT,
            )
        return self.cache[style_id]


def _paragraph_style(p: etree._Element) -> str | None:
    # properties opening with the style (as Word and docxtpl write them) are read without
    # a path search; anything else gives the first ``w:pPr/w:pStyle`` as a search finds it
    first = p[0] if len(p) else None
    if first is not None and first.tag == _PPR and len(first) and first[0].tag == _PSTYLE:
        opening: str | None = first[0].get(_VAL)
        return opening
    style = p.find(_P_STYLE)
    return style.get(_VAL) if style is not None else None


def _column_widths(tbl: etree._Element) -> list[int]:
    return [_twips(col, "w:w", 0) for col in tbl.iterfind(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")]


def _span_and_width(tc: etree._Element) -> tuple[int, int | None]:
    """The grid columns a cell spans (``w:gridSpan``) and its own text width, as
    :func:`_cell_width` gives it, read in one pass over the cell's properties."""
    span: etree._Element | None = None
    width: etree._Element | None = None
    for tc_pr in tc.iterchildren(_TCPR):
        for child in tc_pr:
            if child.tag == _GRID_SPAN_TAG:
                span = child if span is None else span
            elif child.tag == _TCW:
                width = child if width is None else width
    return _span_and_width_of(span, width)


def _span_and_width_of(
    span: etree._Element | None, width: etree._Element | None
) -> tuple[int, int | None]:
    """:func:`_span_and_width` from the cell's ``w:gridSpan`` and ``w:tcW``."""
    count = int(span.get(_VAL, "1")) if span is not None else 1
    if width is None or (width.get(_TYPE) or "dxa") != "dxa":
        return count, None
    value = _value_twips(width.get(_W), 0)
    return count, value - 2 * CELL_MARGIN_TWIPS if value > 2 * CELL_MARGIN_TWIPS else None


#: what could put a table's rows, cells, paragraphs, texts or pictures anywhere but in
#: the one before (a nested table, a content control, custom XML, a tracked change, a text
#: box, an equation), or a cell's width or a paragraph's style anywhere but in their own
#: properties: a table holding none of these is plain, and read in one walk
_UNPLAIN = (
    *(qn(f"w:{t}") for t in ("tbl", "txbxContent", "sdt", "customXml")),
    *(qn(f"w:{t}") for t in ("ins", "del", "moveFrom", "moveTo", "tcPrChange", "pPrChange")),
    qn("m:oMath"),
    qn("m:oMathPara"),
)


_UNPLAIN_TAGS = frozenset(_UNPLAIN)
#: what :meth:`RowEstimates._walk` reads of a table
_WALKED = (_TR, _TC, _TCW, _GRID_SPAN_TAG, _P, _PSTYLE, _T, _EXTENT)


def _kept_whole(tr: etree._Element) -> etree._Element | None:
    """The row's ``w:trPr/w:cantSplit`` (the first, as a path search finds it), or ``None``."""
    for tr_pr in tr.iterchildren(_TRPR):
        for keep in tr_pr.iterchildren(_CANT_SPLIT_TAG):
            return keep
    return None


def _picture_points(extent: etree._Element) -> float:
    return int(extent.get("cy", "0")) / EMU_PER_TWIP / TWIPS_PER_POINT


class RowEstimates:
    """What a document's row heights are estimated from, each part worked out once: a
    style's size and spacing once per style, a paragraph's height once per distinct style,
    text length and width (rows repeat the same texts column by column), and a plain
    table's rows in one walk over it."""

    def __init__(self, doc: DocumentObject) -> None:
        self.styles = _Styles(doc)
        self.heights: dict[tuple[str | None, int, int], float] = {}
        self._body = doc.element.body
        self._pictures: dict[etree._Element, list[float]] | None = None

    @property
    def pictures(self) -> dict[etree._Element, list[float]]:
        """Points of each picture under a paragraph (a text box's too), in document order,
        found in one pass over the body when first asked for."""
        if self._pictures is None:
            self._pictures = {}
            for extent in self._body.iter(_EXTENT):
                points = _picture_points(extent)
                parent = extent.getparent()
                while parent is not None:
                    if parent.tag == _P:
                        self._pictures.setdefault(parent, []).append(points)
                    parent = parent.getparent()
        return self._pictures

    def paragraph(self, style_id: str | None, length: int, width: int) -> float:
        """Points a paragraph of ``length`` characters takes at ``width`` twips of text,
        its spacing included but not its pictures."""
        key = (style_id, length, width)
        height = self.heights.get(key)
        if height is None:
            style = self.styles.of(style_id)
            per_line = max(width / TWIPS_PER_POINT / (AVERAGE_CHAR_EM * style.size), 1.0)
            lines = max(1, math.ceil(length / (per_line * (1 - WRAP_WASTE))))
            height = lines * style.size * 1.15 * style.line + style.before + style.after
            self.heights[key] = height
        return height

    def cell(self, tc: etree._Element, width: int) -> float:
        """Points a cell's paragraphs and pictures take, at ``width`` twips of text."""
        height = 0.0
        pictures = self.pictures
        for p in tc.iter(_P):
            length = 0
            for t in p.iter(_T):
                length += len(t.text or "")
            height += self.paragraph(_paragraph_style(p), length, width)
            if pictures:
                for points in pictures.get(p, ()):
                    height += points
        return height

    def kept_rows(
        self, tbl: etree._Element, widths: list[int]
    ) -> list[tuple[etree._Element, float]]:
        """Each row of ``tbl`` kept whole, as its ``w:cantSplit`` and :func:`row_height`.

        A plain table (see :data:`_UNPLAIN`) is read in one walk over its rows, cells,
        paragraphs, texts and pictures; any other row by row.
        """
        walked = self._walk(tbl, widths)
        if walked is not None:
            return walked
        found: list[tuple[etree._Element, float]] = []
        for tr in tbl.iterchildren(_TR):
            keep = _kept_whole(tr)
            if keep is not None and _on(keep):
                found.append((keep, row_height(tr, widths, self)))
        return found

    def _walk(
        self, tbl: etree._Element, widths: list[int]
    ) -> list[tuple[etree._Element, float]] | None:
        """:meth:`kept_rows` of a plain table, its elements read as they come: a cell's
        properties, then its paragraphs' styles, texts and pictures (added up as
        :meth:`cell` and :func:`row_height` add them, in the same order); ``None`` as soon
        as the table shows it is not plain."""
        found: list[tuple[etree._Element, float]] = []
        keep: etree._Element | None = None  # of the row being read, if it is kept whole
        tc: etree._Element | None = None  # the cell being read
        span: etree._Element | None = None
        own: etree._Element | None = None  # the cell's w:tcW
        paragraphs: list[tuple[str | None, int, list[float]]] = []
        p: etree._Element | None = None  # the paragraph being read, its style and length
        style: str | None = None
        pictures: list[float] = []
        styled = False
        length = 0
        tallest = 0.0
        column = 0
        for element in tbl.iterdescendants(*_WALKED, *_UNPLAIN):
            tag = element.tag
            if tag == _T:
                if p is not None:
                    length += len(element.text or "")
                continue
            if tag == _PSTYLE:
                if p is not None and not styled:
                    style, styled = element.get(_VAL), True
                continue
            if tag == _EXTENT:
                if p is not None:
                    pictures.append(_picture_points(element))
                continue
            if p is not None:
                paragraphs.append((style, length, pictures))
                p = None
            if tag == _P:
                if tc is not None and element.getparent() is tc:
                    p, style, styled, length, pictures = element, None, False, 0, []
            elif tag == _TCW:
                own = element if own is None else own
            elif tag == _GRID_SPAN_TAG:
                span = element if span is None else span
            elif tag in _UNPLAIN_TAGS:
                return None
            else:
                if tc is not None:
                    cell, column = self._cell_read(span, own, paragraphs, widths, column)
                    tallest = max(tallest, cell)
                    tc = None
                if tag == _TC:
                    if keep is not None:
                        tc, span, own, paragraphs = element, None, None, []
                    continue
                if keep is not None:
                    found.append((keep, tallest))
                kept = _kept_whole(element)
                keep = kept if kept is not None and _on(kept) else None
                tallest, column = 0.0, 0
        if p is not None:
            paragraphs.append((style, length, pictures))
        if tc is not None:
            cell, column = self._cell_read(span, own, paragraphs, widths, column)
            tallest = max(tallest, cell)
        if keep is not None:
            found.append((keep, tallest))
        return found

    def _cell_read(
        self,
        span: etree._Element | None,
        own: etree._Element | None,
        paragraphs: list[tuple[str | None, int, list[float]]],
        widths: list[int],
        column: int,
    ) -> tuple[float, int]:
        """A cell's height from what :meth:`_walk` read of it, and the next cell's column."""
        count, width = _span_and_width_of(span, own)
        grid = width or sum(widths[column : column + count]) - 2 * CELL_MARGIN_TWIPS
        width = max(grid, TWIPS_PER_POINT * 20)
        height = 0.0
        heights = self.heights
        for style, length, pictures in paragraphs:
            known = heights.get((style, length, width))
            height += self.paragraph(style, length, width) if known is None else known
            for points in pictures:
                height += points
        return height, column + count


def row_height(tr: etree._Element, widths: list[int], estimates: RowEstimates) -> float:
    """An estimate, in points, of how tall a table row is once its text wraps."""
    tallest = 0.0
    column = 0
    for tc in tr.iterchildren(_TC):
        count, own = _span_and_width(tc)
        width = own or sum(widths[column : column + count]) - 2 * CELL_MARGIN_TWIPS
        column += count
        tallest = max(tallest, estimates.cell(tc, max(width, TWIPS_PER_POINT * 20)))
    return tallest


def keep_rows_whole(doc: DocumentObject) -> None:
    """Keep ``w:cantSplit`` only on rows that fit in a third of their page's text height.

    Word never breaks an unsplittable row across pages and hides what does not fit on
    one, and a tall unsplittable row leaves the foot of a page empty, so a tall row is
    allowed to break instead.
    """
    estimates = RowEstimates(doc)
    for section in sections(doc.element.body):
        limit = section.text_height / TWIPS_PER_POINT * ROW_SHARE_OF_PAGE
        for block in section.blocks:
            for tbl in block.iter(_TBL):
                for keep, height in estimates.kept_rows(tbl, _column_widths(tbl)):
                    if height > limit:
                        keep.getparent().remove(keep)
