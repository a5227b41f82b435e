"""Checks that a written document is sound before it is put in the output folder."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from boardpack.problems import InputError, Problem

_REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml", "_rels/.rels")


def validate_docx(path: Path) -> None:
    """Raise :class:`InputError` unless ``path`` is a whole .docx whose XML parts all parse.

    Each XML part is parsed strictly (no entity resolution, no recovery), as Word does.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    try:
        with zipfile.ZipFile(path) as package:
            bad = package.testzip()
            if bad is not None:
                raise _invalid(path, f"the part {bad} is corrupt")
            names = set(package.namelist())
            missing = [part for part in _REQUIRED_PARTS if part not in names]
            if missing:
                raise _invalid(path, f"expected the part {missing[0]}, found none")
            for name in sorted(names):
                if name.endswith((".xml", ".rels")):
                    try:
                        etree.fromstring(package.read(name), parser)
                    except etree.XMLSyntaxError as error:
                        why = f"the part {name} is not well-formed XML ({error})"
                        raise _invalid(path, why) from None
    except zipfile.BadZipFile as error:
        raise _invalid(path, f"it is not a valid zip package ({error})") from None


def _invalid(path: Path, why: str) -> InputError:
    message = f"{path.name} was generated but is not a valid Word document: {why}"
    return InputError(message, [Problem("error", "invalid-output", path.name, None, message)])
