"""Change a workbook file in place with the care of a save: nothing lost on the way.

The file changed is the real one behind any symbolic link; one with other hard links
is rewritten in place so every name still shows it. A read-only file or folder is
refused before anything is written; a full disk or any other failure leaves the
workbook as it was and no partial backup. The spreadsheet library drops the saved
result of every formula, so :func:`restore_cached_values` puts them back from the
original, for the cells whose formulas it kept.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import posixpath
import shutil
import signal
import stat
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from lxml import etree

from boardpack.problems import BoardpackError

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class NotSaved(BoardpackError):
    """The workbook could not be changed; it is as it was, with no backup left behind."""


def real_file(master: Path) -> Path:
    """The file behind ``master`` (links followed), refused if it or its folder is read-only.

    The mode bits are read, not only the access the system grants, so a file marked
    read-only is left alone even for an administrator.
    """
    real = master.resolve()
    folder = real.parent
    if not real.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(
        real, os.W_OK
    ):
        raise NotSaved(
            f"{master} is read-only, so it was not changed. Make it writable (in File "
            "Explorer: Properties, clear Read-only) or copy it, and run again."
        )
    if not folder.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(
        folder, os.W_OK
    ):
        raise NotSaved(
            f"The folder {folder} is read-only, so {master} was not changed (a backup and "
            "the new workbook are written beside it first). Make the folder writable, or "
            "copy the workbook to one that is, and run again."
        )
    return real


def failed(master: Path, error: OSError) -> NotSaved:
    """The plain message for a failure to write beside ``master``."""
    reason = error.strerror or str(error)
    advice = "free some disk space" if error.errno in _FULL else "check the folder"
    return NotSaved(
        f"Could not write beside {master}: {reason}. {master} was not changed and no "
        f"backup was left; {advice} and run again."
    )


def backup_copy(real: Path, original: bytes, stamp: str | None) -> Path:
    """Write ``original`` to ``<stem>.backup-<stamp><suffix>`` beside ``real``, whole or
    not at all (a temporary name first), never overwriting another backup."""
    stamp = stamp or datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = real.with_name(f"{real.stem}.backup-{stamp}{real.suffix}")
    number = 1
    while backup.exists():
        number += 1
        backup = real.with_name(f"{real.stem}.backup-{stamp}-{number}{real.suffix}")
    handle, name = tempfile.mkstemp(prefix=f".{real.stem}-backup-", dir=real.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(original)
            stream.flush()
            os.fsync(stream.fileno())
        shutil.copystat(real, name)
        os.replace(name, backup)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return backup


def put_in_place(temporary: Path, real: Path) -> None:
    """Make ``real`` hold what ``temporary`` holds.

    A file with one name is replaced at once (``os.replace``), keeping its mode and,
    where allowed, its owner and group. A file with other hard links is rewritten in
    place, so that every name still shows it. Ctrl-C or a stop signal waits until it is
    done.
    """
    deferred = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, deferred)  # a stop waits till done
    try:
        _put_in_place(temporary, real)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _put_in_place(temporary: Path, real: Path) -> None:
    info = real.stat()
    if info.st_nlink > 1:
        data = temporary.read_bytes()
        with real.open("r+b") as stream:
            stream.write(data)
            stream.truncate()
            stream.flush()
            os.fsync(stream.fileno())
        temporary.unlink()
        return
    shutil.copymode(real, temporary)
    with contextlib.suppress(OSError):
        os.chown(temporary, info.st_uid, info.st_gid)
    os.replace(temporary, real)


def restore_cached_values(original: bytes, saved: Path) -> None:
    """Give each formula in ``saved`` the result ``original`` had saved for it.

    Cells are matched by sheet name and cell reference, and only where both files hold
    a formula there; other cells (the new rows) are left for the spreadsheet to compute.
    """
    with zipfile.ZipFile(io.BytesIO(original)) as source:
        old_sheets = _sheet_parts(source)
        values = {
            title: _cached_values(etree.fromstring(source.read(part), _PARSER))
            for title, part in old_sheets.items()
        }
    data = saved.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as result:
        new_sheets = _sheet_parts(result)
        changed: dict[str, bytes] = {}
        for title, part in new_sheets.items():
            if values.get(title):
                root = etree.fromstring(result.read(part), _PARSER)
                if _fill_values(root, values[title]):
                    changed[part] = etree.tostring(
                        root, xml_declaration=True, encoding="UTF-8", standalone=True
                    )
        if not changed:
            return
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in result.infolist():
                content = changed.get(info.filename, result.read(info))
                target.writestr(info, content, compress_type=info.compress_type)
    saved.write_bytes(out.getvalue())


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → worksheet part, found through the workbook's relationships."""
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), _PARSER)
    targets = {
        rel.get("Id"): posixpath.normpath(posixpath.join("xl", rel.get("Target") or ""))
        if not (rel.get("Target") or "").startswith("/")
        else (rel.get("Target") or "").lstrip("/")
        for rel in rels.iter(f"{_RELS}Relationship")
    }
    book = etree.fromstring(archive.read("xl/workbook.xml"), _PARSER)
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_DOC_RELS}id"))
        if target and target in archive.namelist():
            parts[sheet.get("name") or ""] = target
    return parts


def _cached_values(root: etree._Element) -> dict[str, tuple[str | None, str]]:
    """Cell reference → (type, saved result) of each formula cell with a saved result."""
    found = {}
    for cell in root.iter(f"{_MAIN}c"):
        formula, value = cell.find(f"{_MAIN}f"), cell.find(f"{_MAIN}v")
        if formula is not None and value is not None and value.text:
            found[cell.get("r") or ""] = (cell.get("t"), value.text)
    return found


def _fill_values(root: etree._Element, values: dict[str, tuple[str | None, str]]) -> bool:
    changed = False
    for cell in root.iter(f"{_MAIN}c"):
        known = values.get(cell.get("r") or "")
        formula = cell.find(f"{_MAIN}f")
        if known is None or formula is None:
            continue
        kind, text = known
        value = cell.find(f"{_MAIN}v")
        if value is None:
            value = etree.SubElement(cell, f"{_MAIN}v")
        value.text = text
        if kind is None:
            cell.attrib.pop("t", None)
        else:
            cell.set("t", kind)
        changed = True
    return changed
