"""Write a .docx package byte for byte the same every time, and check it opens.

A zip normally records the clock in every entry; here each entry gets the same
timestamp (1980-01-01), the same permissions and compression, in a fixed order
(``[Content_Types].xml`` first, as Word expects, then ``_rels/.rels``, then the
rest by name).
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from lxml import etree

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
APP_PROPERTIES_PART = "docProps/app.xml"
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
FIRST = ("[Content_Types].xml", "_rels/.rels")


def _order(name: str) -> tuple[int, str]:
    return (FIRST.index(name), "") if name in FIRST else (len(FIRST), name)


def normalise(data: bytes) -> bytes:
    """The same package with fixed entry timestamps, order and compression.

    The extended properties are replaced by :data:`APP_PROPERTIES`, so that no
    application name or stale statistics from the template reach the output.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    if APP_PROPERTIES_PART in entries:
        entries[APP_PROPERTIES_PART] = APP_PROPERTIES
    with zipfile.ZipFile(out, "w") as target:
        for name in sorted(entries, key=_order):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            # PNGs are compressed already; deflating them again only costs time.
            stored = name.startswith("word/media/") and name.endswith(".png")
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()


def validate(data: bytes) -> list[str]:
    """What is wrong with a .docx package: it must open, parse and reopen (empty if fine)."""
    failures: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            bad = package.testzip()
            if bad:
                failures.append(f"zip entry {bad} is corrupt")
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            for name in package.namelist():
                if name.endswith((".xml", ".rels")):
                    try:
                        etree.fromstring(package.read(name), parser)
                    except etree.XMLSyntaxError as error:
                        failures.append(f"{name} is not well-formed XML: {error}")
    except zipfile.BadZipFile as error:
        return [f"not a zip package: {error}"]
    if not failures:
        try:
            Document(io.BytesIO(data))
        except Exception as error:  # any failure to reopen is reported, not raised
            failures.append(f"python-docx cannot reopen it: {error}")
    return failures
