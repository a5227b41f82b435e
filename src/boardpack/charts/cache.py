"""A folder of drawn charts named by their spec key: ``<key>.png``.

A key changes whenever anything drawn changes (data, labels, colours, size, style
version), so a file found under its key is always the right picture. Files are
written to a temporary name and moved into place, so a reader never sees half a file.
"""

from __future__ import annotations

import os
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


class ChartCache:
    """PNG files in ``directory``, one per chart key; the folder is made when first written."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path(self, key: str) -> Path:
        """Where the chart with this key is kept."""
        if not key or not all(c in "0123456789abcdef" for c in key):
            raise ValueError(f"a chart key must be lower-case hex digits, got {key!r}")
        return self.directory / f"{key}.png"

    def get(self, key: str) -> bytes | None:
        """The cached PNG, or ``None`` when it is missing or not a PNG file."""
        try:
            data = self.path(key).read_bytes()
        except OSError:  # not cached, or the cache folder cannot be read: draw it again
            return None
        return data if data.startswith(PNG_SIGNATURE) else None

    def put(self, key: str, png: bytes) -> None:
        """Store ``png`` under ``key`` atomically (temporary file, then ``os.replace``).

        A cache that cannot be written is skipped: it only saves time.
        """
        target = self.path(key)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(
                prefix=f".{key[:16]}-", suffix=".tmp", dir=self.directory
            )
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(png)
            os.replace(temporary, target)
        except OSError:  # a full disk, say: leave the chart uncached
            Path(temporary).unlink(missing_ok=True)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
