"""A normalised text dump of a .docx, for golden files and review as a diff.

Headings are marked with ``#`` by level (``=`` for the title), table rows are
``' | '``-joined cells, images are ``[image: alt text]``; blank lines are dropped.
"""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from boardpack.render.accessibility import HEADING_LEVELS

_W_P, _W_TBL = qn("w:p"), qn("w:tbl")


def _paragraph_text(p: etree._Element) -> str:
    parts: list[str] = []
    for element in p.iter(qn("w:t"), qn("w:tab"), qn("wp:docPr")):
        if element.tag == qn("w:t"):
            parts.append(element.text or "")
        elif element.tag == qn("w:tab"):
            parts.append(" ")
        else:
            parts.append(f"[image: {element.get('descr', '')}]")
    return " ".join("".join(parts).split())


def _style_name(p: etree._Element, names: dict[str, str]) -> str:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return names.get(style.get(qn("w:val")), "") if style is not None else ""


def text_dump(data: bytes) -> str:
    """The reader's view of a document as plain text lines."""
    doc = Document(io.BytesIO(data))
    names = {s.style_id: s.name for s in doc.styles}
    lines: list[str] = []
    for block in doc.element.body.iterchildren(_W_P, _W_TBL):
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
        else:
            for row in block.iterchildren(qn("w:tr")):
                cells = [
                    " / ".join(t for t in (_paragraph_text(p) for p in tc.iter(_W_P)) if t)
                    for tc in row.iterchildren(qn("w:tc"))
                ]
                lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
