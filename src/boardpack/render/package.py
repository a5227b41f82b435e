"""Write a .docx package byte for byte the same every time, and check it.

A zip normally records the clock in every entry; here each entry gets the same
timestamp (1980-01-01), the same permissions and compression, in a fixed order
(``[Content_Types].xml`` first, as Word expects, then ``_rels/.rels``, then the
rest by name).

Whatever saved the template last leaves traces that a published document must not
carry: who saved it and where (custom properties, the attached template's path,
the people who commented or tracked changes), and stale settings from another
machine. :func:`normalise` removes them; :func:`validate` checks a finished document.
"""

from __future__ import annotations

import copy
import io
import posixpath
import struct
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.opc.pkgwriter import PackageWriter
from lxml import etree

from boardpack.render.accessibility import LANGUAGE, Finding, findings

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
APP_PROPERTIES_PART = "docProps/app.xml"
CORE_PROPERTIES_PART = "docProps/core.xml"
SETTINGS_PART = "word/settings.xml"
CONTENT_TYPES = "[Content_Types].xml"
#: Extended properties with nothing carried over from whatever last saved the template
#: (application name and version, page and word counts, company).
APP_PROPERTIES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/docPropsVTypes"><TotalTime>0</TotalTime><DocSecurity>0</DocSecurity>'
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    b"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
FIRST = (CONTENT_TYPES, "_rels/.rels")

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: Relationships dropped with the parts they point to, and why.
DROPPED_RELATIONSHIPS = {
    # user names, e-mail addresses, paths and sensitivity labels set by the machine
    f"{_OFFICE_RELS}/custom-properties": "custom properties",
    # the path of the template the document was made from (C:\Users\name\...)
    f"{_OFFICE_RELS}/attachedTemplate": "attached template",
    # the names of the people who commented or tracked changes
    "http://schemas.microsoft.com/office/2011/relationships/people": "people",
    # Word 2010's copy of the styles, with its own stale language; later Word ignores it
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects": "styles copy",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


def _order(name: str) -> tuple[int, str]:
    return (FIRST.index(name), "") if name in FIRST else (len(FIRST), name)


def _xml(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _source_part(rels_name: str) -> str:
    """``word/document.xml`` for ``word/_rels/document.xml.rels`` ('' for the package)."""
    folder, base = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")])


def _rels_of(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _target_part(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _drop_relationships(entries: dict[str, bytes]) -> set[str]:
    """Remove the :data:`DROPPED_RELATIONSHIPS` everywhere; the internal parts they named."""
    dropped: set[str] = set()
    for name in [n for n in entries if n.endswith(".rels")]:
        root = etree.fromstring(entries[name], _PARSER)
        gone = [r for r in root if r.get("Type") in DROPPED_RELATIONSHIPS]
        if not gone:
            continue
        for rel in gone:
            root.remove(rel)
            if rel.get("TargetMode") != "External":
                dropped.add(_target_part(_source_part(name), rel.get("Target") or ""))
        entries[name] = _xml(root)
    for part in dropped:
        entries.pop(part, None)
        entries.pop(_rels_of(part), None)
    if dropped and CONTENT_TYPES in entries:
        types = etree.fromstring(entries[CONTENT_TYPES], _PARSER)
        for override in types.findall(f"{{{_TYPES_NS}}}Override"):
            if (override.get("PartName") or "").lstrip("/") in dropped:
                types.remove(override)
        entries[CONTENT_TYPES] = _xml(types)
    return dropped


def _tidy_settings(data: bytes) -> bytes:
    """Settings without the attached template, the spelling state of another machine, and
    with the theme's fonts chosen for British English."""
    root = etree.fromstring(data, _PARSER)
    for tag in ("attachedTemplate", "proofState"):
        for element in root.findall(f"{{{_W_NS}}}{tag}"):
            root.remove(element)
    for lang in root.findall(f"{{{_W_NS}}}themeFontLang"):
        lang.set(f"{{{_W_NS}}}val", LANGUAGE)
        lang.attrib.pop(f"{{{_W_NS}}}eastAsia", None)
    return _xml(root)


def _tidy_core(data: bytes) -> bytes:
    """Core properties without the date the template was last printed."""
    root = etree.fromstring(data, _PARSER)
    for element in root.findall(f"{{{_CP_NS}}}lastPrinted"):
        root.remove(element)
    return _xml(root)


def normalise(data: bytes) -> bytes:
    """The same package with fixed entry timestamps, order and compression
    (:func:`normalised`)."""
    return normalised(_entries(data))


def saved(doc: DocumentObject) -> bytes:
    """``doc`` as python-docx would save it, :func:`normalised`: the same entries, but
    each compressed once, into the package as written, rather than once more on the way."""
    package = doc.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    writer = _EntryWriter()
    steps: Any = PackageWriter  # python-docx's own steps of ``save``, one by one
    steps._write_content_types_stream(writer, parts)
    steps._write_pkg_rels(writer, package.rels)
    steps._write_parts(writer, parts)
    return normalised(writer.entries)


class _EntryWriter:
    """What python-docx's package writer writes, kept by entry name instead of zipped."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def write(self, uri: PackURI, blob: bytes) -> None:
        self.entries[uri.membername] = blob


def normalised(entries: dict[str, bytes]) -> bytes:
    """The package of ``entries`` (name → bytes; changed in place) with fixed entry
    timestamps, order and compression.

    The extended properties are replaced by :data:`APP_PROPERTIES`, so that no
    application name or stale statistics from the template reach the output; custom
    properties, the attached template, the people part and Word 2010's styles copy are
    removed with their relationships and content types; settings lose the attached
    template and proofing state and take en-GB theme fonts; core properties lose
    ``lastPrinted``.
    """
    if APP_PROPERTIES_PART in entries:
        entries[APP_PROPERTIES_PART] = APP_PROPERTIES
    _drop_relationships(entries)
    if SETTINGS_PART in entries:
        entries[SETTINGS_PART] = _tidy_settings(entries[SETTINGS_PART])
    if CORE_PROPERTIES_PART in entries:
        entries[CORE_PROPERTIES_PART] = _tidy_core(entries[CORE_PROPERTIES_PART])
    return _package(entries)


def replace_media(data: bytes, replacements: Mapping[bytes, bytes]) -> bytes:
    """The normalised package with each picture (``word/media/``) whose bytes are a key of
    ``replacements`` replaced by its value; the rest stays byte for byte as it was.

    The package is what :func:`normalised` would make of the new entries, but only the
    pictures are written anew: every other entry is copied as it is stored, rather than
    inflated and compressed again.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info) if info.filename.startswith("word/media/") else None
            if content is not None and content in replacements:
                _write(target, info.filename, replacements[content])
            else:
                _copy(data, info, target)
    return out.getvalue()


def _write(target: zipfile.ZipFile, name: str, content: bytes) -> None:
    """One entry, with the fixed timestamp, permissions and compression of the package."""
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    # PNGs are compressed already; deflating them again only costs time.
    stored = name.startswith("word/media/") and name.endswith(".png")
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = 0o644 << 16
    target.writestr(info, content, compresslevel=6)


def _copy(data: bytes, info: zipfile.ZipInfo, target: zipfile.ZipFile) -> None:
    """The entry ``info`` of the package ``data`` into ``target`` as it is stored: its
    local header and compressed bytes, and its record in the directory."""
    start = info.header_offset
    name_length, extra_length = struct.unpack("<HH", data[start + 26 : start + 30])
    end = start + _LOCAL_HEADER + name_length + extra_length + info.compress_size
    copied = copy.copy(info)
    copied.header_offset = target.fp.tell()  # type: ignore[union-attr]
    target.fp.write(data[start:end])  # type: ignore[union-attr]
    target.filelist.append(copied)
    target.NameToInfo[copied.filename] = copied
    target.start_dir = target.fp.tell()  # type: ignore[union-attr]


#: the fixed part of a zip entry's local header (signature to extra field length)
_LOCAL_HEADER = 30


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return {info.filename: source.read(info) for info in source.infolist()}


def _package(entries: Mapping[str, bytes]) -> bytes:
    """The entries as a zip, in :func:`_order`, with fixed timestamps and compression."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in sorted(entries, key=_order):
            _write(target, name, entries[name])
    return out.getvalue()


def inspect(
    data: bytes, *, literal_texts: Sequence[str] | None = None, marking: str | None = None
) -> list[Finding]:
    """Everything wrong with a .docx package, each with its place (empty if fine).

    It must open, parse and reopen, and pass the accessibility audit
    (:func:`boardpack.render.accessibility.findings`). ``literal_texts`` are the
    workbook's texts that may hold ``{{`` or ``{%``; left ``None`` (the texts are not
    known), tags left in the text are not looked for. ``marking`` is the protective
    marking every header and footer must show; left ``None``, it is not looked for.
    """
    failures: list[Finding] = []
    try:
        doc: DocumentObject | None = Document(io.BytesIO(data))
        reopened = ""
    except Exception as error:  # any failure to reopen is reported, not raised
        doc, reopened = None, str(error)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            bad = package.testzip()
            if bad:
                failures.append(Finding(None, f"zip entry {bad} is corrupt"))
            parsed = _parsed(doc)  # python-docx has parsed these (and failed if one was bad)
            for name in package.namelist():
                if name.endswith((".xml", ".rels")) and name not in parsed:
                    try:
                        etree.fromstring(package.read(name), _STRICT)
                    except etree.XMLSyntaxError as error:
                        failures.append(Finding(name, f"not well-formed XML: {error}"))
    except zipfile.BadZipFile as error:
        return [Finding(None, f"not a zip package: {error}")]
    if failures:
        return failures
    if doc is None:
        return [Finding(None, f"python-docx cannot reopen it: {reopened}")]
    return findings(doc, literal_texts=literal_texts, marking=marking)


_STRICT = etree.XMLParser(resolve_entities=False, no_network=True)


def _parsed(doc: DocumentObject | None) -> set[str]:
    """The names of the package's entries that python-docx parsed as XML to open ``doc``."""
    if doc is None:
        return set()
    return {
        part.partname.lstrip("/")
        for part in doc.part.package.iter_parts()
        if isinstance(part, XmlPart)
    }


def validate(
    data: bytes, *, literal_texts: Sequence[str] | None = None, marking: str | None = None
) -> list[str]:
    """:func:`inspect` as sentences, each with its place in front (empty if fine)."""
    return [str(f) for f in inspect(data, literal_texts=literal_texts, marking=marking)]
