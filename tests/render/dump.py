"""A normalised text dump of a .docx, for golden files and review as a diff.

Every header and footer that pages show comes first, one line per paragraph, as
``[first-page header] OFFICIAL``. In the body, headings are marked with ``#`` by level
(``=`` for the title), table rows are ``' | '``-joined cells, a filled cell ends with
its fill (``Red [C00000]``), images are ``[image: alt text]``, fields are
``{PAGE}``, and a section break is ``--- section N ends: landscape ---``; blank lines
are dropped.
"""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from boardpack.render.accessibility import HEADING_LEVELS, cell_fill
from boardpack.render.layout import headers_footers, sections

_W_P, _W_TBL = qn("w:p"), qn("w:tbl")
_T, _TAB, _DOCPR = qn("w:t"), qn("w:tab"), qn("wp:docPr")
_FLDCHAR, _INSTR, _SIMPLE = qn("w:fldChar"), qn("w:instrText"), qn("w:fldSimple")


def _inside(element: etree._Element, tag: str, stop: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _paragraph_text(p: etree._Element) -> str:
    """The text a reader sees, with each field as ``{NAME}`` instead of its last result."""
    parts: list[str] = []
    instruction: list[str] | None = None  # collecting a field's instruction
    in_result = False
    for element in p.iter(_T, _TAB, _DOCPR, _FLDCHAR, _INSTR, _SIMPLE):
        if element.tag != _SIMPLE and _inside(element, _SIMPLE, p):
            continue
        if element.tag == _FLDCHAR:
            kind = element.get(qn("w:fldCharType"))
            if kind == "begin":
                instruction, in_result = [], False
            elif kind == "separate" and instruction is not None:
                words = "".join(instruction).split()
                parts.append(f"{{{words[0].upper() if words else 'FIELD'}}}")
                instruction, in_result = None, True
            elif kind == "end":
                instruction, in_result = None, False
        elif element.tag == _INSTR:
            if instruction is not None:
                instruction.append(element.text or "")
        elif element.tag == _SIMPLE:
            words = (element.get(qn("w:instr")) or "").split()
            parts.append(f"{{{words[0].upper() if words else 'FIELD'}}}")
        elif in_result or instruction is not None:
            continue
        elif element.tag == _T:
            parts.append(element.text or "")
        elif element.tag == _TAB:
            parts.append(" ")
        else:
            parts.append(f"[image: {element.get('descr', '')}]")
    return " ".join("".join(parts).split())


def _style_name(p: etree._Element, names: dict[str, str]) -> str:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return names.get(style.get(qn("w:val")), "") if style is not None else ""


def _cell(tc: etree._Element) -> str:
    text = " / ".join(t for t in (_paragraph_text(p) for p in tc.iter(_W_P)) if t)
    fill = cell_fill(tc)
    return f"{text} [{fill}]" if fill else text


def text_dump(data: bytes) -> str:
    """The reader's view of a document as plain text lines, headers and footers first."""
    doc = Document(io.BytesIO(data))
    names = {s.style_id: s.name for s in doc.styles}
    lines: list[str] = []
    for part in headers_footers(doc):
        if part.element is None:
            lines.append(f"[{part.label}] (none)")
            continue
        for p in part.element.iter(_W_P):
            text = _paragraph_text(p)
            if text:
                lines.append(f"[{part.label}] {text}")
    body_sections = sections(doc.element.body)
    for section in body_sections:
        for block in section.blocks:
            if block.tag == _W_P:
                text = _paragraph_text(block)
                if not text:
                    continue
                style = _style_name(block, names)
                level = HEADING_LEVELS.get(style)
                if level == 0:
                    lines.append(f"= {text}")
                elif level:
                    lines.append(f"{'#' * level} {text}")
                elif style.startswith("List"):
                    lines.append(f"- {text}")
                else:
                    lines.append(text)
            elif block.tag == _W_TBL:
                for row in block.iterchildren(qn("w:tr")):
                    cells = [_cell(tc) for tc in row.iterchildren(qn("w:tc"))]
                    lines.append("| " + " | ".join(cells) + " |")
        if len(body_sections) > 1 and section is not body_sections[-1]:
            shape = "landscape" if section.landscape else "portrait"
            lines.append(f"--- section {section.number} ends: {shape} ---")
    return "\n".join(lines) + "\n"
