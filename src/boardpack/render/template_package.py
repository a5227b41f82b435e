"""What a template's package may hold: the workbook's size limits, and nothing that
reaches outside the document or runs code.

Refused, each with its place: a package too large, with too many parts or inflating
too far; an external relationship (a remote or ``file:`` picture, frame, sub-document
or OLE link; a hyperlink may only be ``http:``, ``https:`` or ``mailto:``); a field
that fetches or runs something when the paper is opened (``INCLUDEPICTURE``,
``INCLUDETEXT``, ``LINK``, ``DDE``, ``DDEAUTO``, ``IMPORT``, ``EMBED``); OLE objects,
ActiveX controls and VBA macros. The template's own attached-template link is not
refused: it is removed from every document made (``package.normalise``).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib

from lxml import etree

from boardpack.problems import ERROR, Problem
from boardpack.workbook.safety import (
    MAX_FILE_BYTES,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    MB,
)

_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_HYPERLINK = "/hyperlink"
_ATTACHED_TEMPLATE = "/attachedTemplate"
_SAFE_LINK = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)
#: fields that fetch a file or a picture, link or run another program when opened
FETCHING_FIELDS = frozenset(
    {"INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDE", "DDEAUTO", "IMPORT", "EMBED"}
)
#: parts that hold code or other programs' objects
_CODE_PART = re.compile(
    r"(?:^|/)(?:vbaProject\.bin|vbaData\.xml|embeddings/|activeX/)", re.IGNORECASE
)
_CODE_TYPE = re.compile(r"vbaProject|vbaData|oleObject|activeX|macroEnabled", re.IGNORECASE)
_ADVICE = "remove it in Word and save the template as a .docx (Word Document)"


def _refused(template: str, code: str, place: str | None, message: str) -> Problem:
    return Problem(ERROR, code, template, place, message)


def package_problems(template: str, data: bytes) -> list[Problem]:
    """Everything a template's package holds that a template may not (empty if fine)."""
    if len(data) > MAX_FILE_BYTES:
        return [
            _refused(
                template,
                "template-too-large",
                None,
                f"expected a template of at most {MAX_FILE_BYTES // MB} MB, found "
                f"{len(data) / MB:,.1f} MB",
            )
        ]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return []  # not a package at all: opening it says so
    with archive:
        too_large = _size_problems(template, archive)
        if too_large:
            return too_large
        problems: list[Problem] = []
        names = set(archive.namelist())
        for name in sorted(names):
            if _CODE_PART.search(name):
                problems.append(_code_part(template, name))
        problems.extend(_content_type_problems(template, archive, names))
        for name in sorted(n for n in names if n.endswith(".rels")):
            problems.extend(_relationship_problems(template, archive, name, names))
        for name in sorted(n for n in names if n.startswith("word/") and n.endswith(".xml")):
            problems.extend(_field_problems(template, name, _parse(archive, name)))
    return problems


#: Word's markup between the letters of a text (a name split across runs is whole again
#: once it is taken out)
_MARKUP = re.compile(rb"<[^>]*>")


def mentions(data: bytes, name: str) -> bool:
    """Whether the text of any XML part of a template's package holds ``name``, wherever
    Word split it across runs; ``True`` also when the package cannot be read or is beyond
    the limits (:func:`package_problems` then says why), so nothing it uses is left out."""
    needle = name.encode()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if len(data) > MAX_FILE_BYTES or _size_problems("", archive):
                return True
            return any(
                needle in _MARKUP.sub(b"", archive.read(info))
                for info in archive.infolist()
                if info.filename.endswith(".xml")
            )
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, zlib.error):
        return True


def _size_problems(template: str, archive: zipfile.ZipFile) -> list[Problem]:
    """The workbook's limits on parts: how many, how large, how far each inflates."""
    infos = archive.infolist()

    def refused(found: str) -> list[Problem]:
        return [
            _refused(
                template,
                "template-too-large",
                None,
                f"cannot be read safely: {found}. The file may be damaged or built to "
                "exhaust memory; save the template again from Word",
            )
        ]

    if len(infos) > MAX_PARTS:
        return refused(f"expected at most {MAX_PARTS:,} parts, found {len(infos):,}")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES:
            return refused(
                f"expected each part to unpack to at most {MAX_PART_BYTES // MB} MB, found "
                f"'{info.filename}' declaring {info.file_size / MB:,.0f} MB"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MB and ratio > MAX_RATIO:
            return refused(
                f"expected parts to compress at most {MAX_RATIO}:1, found "
                f"'{info.filename}' compressed {ratio:,.0f}:1"
            )
    if total > MAX_TOTAL_BYTES:
        return refused(
            f"expected the parts to unpack to at most {MAX_TOTAL_BYTES // MB} MB in all, "
            f"found {total / MB:,.0f} MB"
        )
    return []


def _parse(archive: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        return etree.fromstring(archive.read(name), _SAFE)
    except (etree.XMLSyntaxError, ValueError, KeyError, zipfile.BadZipFile):
        return None  # a damaged part: opening the template says so


def _code_part(template: str, name: str) -> Problem:
    return _refused(
        template,
        "template-code",
        name,
        "expected no macros, ActiveX controls or embedded objects (Word would run or "
        f"open them from the published paper); found the part {name}: {_ADVICE}",
    )


def _content_type_problems(
    template: str, archive: zipfile.ZipFile, names: set[str]
) -> list[Problem]:
    root = _parse(archive, "[Content_Types].xml") if "[Content_Types].xml" in names else None
    if root is None:
        return []
    problems = []
    for override in root.iter(f"{_TYPES_NS}Override"):
        part = (override.get("PartName") or "").lstrip("/")
        if _CODE_TYPE.search(override.get("ContentType") or "") and not _CODE_PART.search(part):
            problems.append(_code_part(template, part))
    return problems


def _relationship_problems(
    template: str, archive: zipfile.ZipFile, rels: str, names: set[str]
) -> list[Problem]:
    root = _parse(archive, rels)
    if root is None:
        return []
    folder, base = posixpath.split(rels)
    source = posixpath.join(posixpath.dirname(folder), base[: -len(".rels")])
    problems = []
    for relationship in root.iter(f"{_RELS_NS}Relationship"):
        kind = relationship.get("Type") or ""
        target = relationship.get("Target") or ""
        if relationship.get("TargetMode") != "External" or kind.endswith(_ATTACHED_TEMPLATE):
            continue
        if kind.endswith(_HYPERLINK) and _SAFE_LINK.match(target.strip()):
            continue
        rid = relationship.get("Id") or ""
        where = _where_used(archive, source, rid) if source in names else None
        what = "a hyperlink" if kind.endswith(_HYPERLINK) else f"a linked {kind.rsplit('/', 1)[-1]}"
        shown = target if len(target) <= 80 else target[:77] + "..."
        problems.append(
            _refused(
                template,
                "template-external-link",
                where or f"{source}, relationship {rid}",
                "expected everything in the template to be inside it (Word fetches a "
                "linked picture, file or share when the paper is opened, and a hyperlink "
                "may only be http:, https: or mailto:); found "
                f"{what} to {shown!r}: {_ADVICE}, inserting any picture rather than "
                "linking to it",
            )
        )
    return problems


def _where_used(archive: zipfile.ZipFile, part: str, rid: str) -> str | None:
    """``word/document.xml, paragraph 4``: the first paragraph naming relationship ``rid``."""
    root = _parse(archive, part)
    if root is None or not rid:
        return None
    for number, paragraph in enumerate(root.iter(f"{_W}p"), start=1):
        for element in paragraph.iter():
            if rid in element.attrib.values():
                return f"{part}, paragraph {number}"
    return None


def _field_codes(paragraph: etree._Element) -> list[str]:
    """Each field's code in a paragraph: simple fields, and complex ones (a code may be
    typed over several runs, between the field's begin and separate marks)."""
    codes = [e.get(f"{_W}instr") or "" for e in paragraph.iter(f"{_W}fldSimple")]
    current: list[str] | None = None
    for element in paragraph.iter(f"{_W}fldChar", f"{_W}instrText"):
        if element.tag == f"{_W}instrText":
            (current if current is not None else codes).append(element.text or "")
        elif element.get(f"{_W}fldCharType") == "begin":
            current = []
            codes.append("")
        elif current is not None:
            codes[-1] = "".join(current)
            current = None
    if current is not None:
        codes[-1] = "".join(current)
    return codes


def _field_problems(template: str, part: str, root: etree._Element | None) -> list[Problem]:
    """Fields that fetch or run something, at the paragraph holding each."""
    if root is None:
        return []
    problems = []
    for number, paragraph in enumerate(root.iter(f"{_W}p"), start=1):
        for code in _field_codes(paragraph):
            words = code.split()
            if words and words[0].upper() in FETCHING_FIELDS:
                problems.append(
                    _refused(
                        template,
                        "template-fetching-field",
                        f"{part}, paragraph {number}",
                        "expected no field that fetches or runs something when the paper "
                        f"is opened; found the field {words[0].upper()} "
                        f"({' '.join(words)[:80]!r}): select it in Word, press Ctrl+Shift+F9 "
                        "to make it plain text or a picture, and save the template",
                    )
                )
    return problems
