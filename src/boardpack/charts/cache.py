"""A folder of drawn charts named by their spec key: ``<key>.png``.

A key changes whenever anything drawn changes (data, labels, colours, size, style
version), so a file found under its key is always the right picture. Beside each
picture ``<key>.sha256`` records the SHA-256 of the PNG as drawn; a picture that no
longer matches it is not used but drawn again, and reported. Files are written to a
temporary name and moved into place, so a reader never sees half a file.

A cache is used only where no one but the user can write (:func:`trusted_cache_dir`):
pictures from it are published.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
import zlib
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def is_whole_png(data: bytes) -> bool:
    """True for a PNG file whose chunks are all there, intact, and end with ``IEND``."""
    if not data.startswith(PNG_SIGNATURE):
        return False
    position = len(PNG_SIGNATURE)
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        end = position + 12 + length
        body = data[position + 4 : end - 4]
        if end > len(data) or zlib.crc32(body) != int.from_bytes(data[end - 4 : end], "big"):
            return False
        if body[:4] == b"IEND":
            return end == len(data)
        position = end
    return False


def trusted_cache_dir(directory: Path) -> tuple[Path | None, list[str]]:
    """``directory`` if only this user can write to it, or if it is missing (it is made
    for this user alone when first written), else ``None``.

    The second value says why a cache is not used: a folder that another user owns, or
    that its group or everyone may write to, or a link, could hold pictures that were
    never drawn from the workbook.
    """
    try:
        info = directory.lstat()
    except FileNotFoundError:
        return directory, []
    except OSError as error:
        return None, [f"not using the chart cache {directory}: {error.strerror or error}"]
    why = ""
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        why = "it is not a folder of its own (a link or a file)"
    elif info.st_uid != os.geteuid():
        why = f"it belongs to another user (uid {info.st_uid})"
    elif info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        why = (
            f"others can write to it (mode {stat.S_IMODE(info.st_mode):04o}); "
            f"make it yours alone with: chmod go-w {directory}"
        )
    if why:
        return None, [f"not using the chart cache {directory}: {why}; every chart was drawn"]
    return directory, []


class ChartCache:
    """PNG files in ``directory``, one per chart key; the folder is made when first written.

    ``rejected`` lists, as sentences, the pictures found not to match their recorded
    hash (each is drawn again and replaced).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.rejected: list[str] = []

    def path(self, key: str) -> Path:
        """Where the chart with this key is kept."""
        if not key or not all(c in "0123456789abcdef" for c in key):
            raise ValueError(f"a chart key must be lower-case hex digits, got {key!r}")
        return self.directory / f"{key}.png"

    def get(self, key: str) -> bytes | None:
        """The cached PNG, or ``None`` when it is missing, has no recorded hash, or is not
        the picture whose hash was recorded when it was drawn (then it is reported)."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except OSError:  # not cached, or the cache folder cannot be read: draw it again
            return None
        try:
            recorded = path.with_suffix(".sha256").read_text(encoding="ascii").strip()
        except (OSError, ValueError):  # drawn before hashes were recorded: draw it again
            return None
        if hashlib.sha256(data).hexdigest() != recorded:
            self.rejected.append(
                f"the cached chart {path} did not match the hash recorded when it was "
                "drawn; it was drawn again"
            )
            return None
        return data

    def put(self, key: str, png: bytes) -> None:
        """Store ``png`` and its SHA-256 under ``key`` atomically (temporary files, then
        ``os.replace``; the picture first, so a hash never names a missing picture).

        A cache that cannot be written is skipped: it only saves time.
        """
        target = self.path(key)
        self._write(key, target, png)
        self._write(key, target.with_suffix(".sha256"), hashlib.sha256(png).hexdigest().encode())

    def _write(self, key: str, target: Path, data: bytes) -> None:
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(
                prefix=f".{key[:16]}-", suffix=".tmp", dir=self.directory
            )
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, target)
        except OSError:  # a full disk, say: leave the chart uncached
            Path(temporary).unlink(missing_ok=True)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
