"""The input files as first read: each one's SHA-256, and proof it was not saved since.

A command hashes the master (and templates) once, from the very bytes it reads, and
checks before writing that no input was saved meanwhile; so the hashes it records
are always those of the version its outputs were made from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from boardpack.problems import InputError, Problem

#: the key of the master workbook in the recorded inputs, whatever the file is called
MASTER_KEY = "master"

Command = Literal["build", "export"]

#: what was being made, what it is called, and what a command stopped by a save did not do
_DOING: dict[Command, tuple[str, str, str]] = {
    "build": ("the pack was being built", "the pack", "nothing was built. Run the build again."),
    "export": (
        "the data was being exported",
        "the export",
        "nothing was exported. Run the export again.",
    ),
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Fingerprint:
    """What identifies one version of a file: any save changes its change time."""

    device: int
    inode: int
    size: int
    modified: int
    changed: int

    @classmethod
    def of(cls, path: Path) -> Fingerprint:
        info = path.stat()
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


@dataclass(frozen=True)
class Inputs:
    """Each input read once: its bytes and their SHA-256 (by key), its fingerprint (by path).

    The command parses exactly these bytes, so the recorded hashes are of the bytes
    the outputs were made from. A file saved while it is read gets a new fingerprint
    and stops the command; :meth:`check_unchanged` also refuses a file saved later,
    so nothing is ever made from a file already replaced.
    """

    hashes: dict[str, str]
    fingerprints: dict[Path, Fingerprint]
    command: Command = "build"
    contents: dict[str, bytes] = field(default_factory=dict)  # key -> the bytes read

    @property
    def templates(self) -> dict[str, bytes]:
        """Each template's name -> its bytes as read."""
        prefix = "templates/"
        return {k[len(prefix) :]: v for k, v in self.contents.items() if k.startswith(prefix)}

    @classmethod
    def read(cls, files: Mapping[str, Path], command: Command = "build") -> Inputs:
        """Hash each of ``files`` (key → path); a missing or unreadable one is skipped.

        The reader or the template check says what is wrong with a skipped file, or
        with one past the size a workbook may have.
        """
        from boardpack.workbook.safety import MAX_FILE_BYTES

        hashes: dict[str, str] = {}
        fingerprints: dict[Path, Fingerprint] = {}
        contents: dict[str, bytes] = {}
        for key, path in files.items():
            try:
                fingerprint = Fingerprint.of(path)
                if fingerprint.size > MAX_FILE_BYTES:
                    continue
                data = path.read_bytes()
            except OSError:
                continue
            if Fingerprint.of(path) != fingerprint:
                raise changed(path, command)
            hashes[key], fingerprints[path], contents[key] = sha256(data), fingerprint, data
        return cls(hashes, fingerprints, command, contents)

    def check_unchanged(self) -> None:
        """Raise :class:`InputError` if any input was saved since it was first read."""
        for path, fingerprint in self.fingerprints.items():
            try:
                now: Fingerprint | None = Fingerprint.of(path)
            except OSError:
                now = None
            if now != fingerprint:
                raise changed(path, self.command)


def changed(path: Path, command: Command = "build") -> InputError:
    """The error for an input saved while ``command`` was reading it."""
    doing, made, undone = _DOING[command]
    message = (
        f"{path} was saved while {doing}, so {made} could not say which version it "
        f"came from; {undone}"
    )
    return InputError(message, [Problem("error", "input-changed", path.name, None, message)])
