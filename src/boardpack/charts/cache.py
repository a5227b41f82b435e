"""A folder of drawn charts named by their spec key: ``<key>.png``.

A key changes whenever anything drawn changes (data, labels, colours, size, style
version), so a file found under its key is always the right picture. Files are
written to a temporary name and moved into place, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


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
        except FileNotFoundError:
            return None
        return data if data.startswith(PNG_SIGNATURE) else None

    def put(self, key: str, png: bytes) -> None:
        """Store ``png`` under ``key`` atomically (temporary file, then ``os.replace``)."""
        target = self.path(key)
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{key[:16]}-", suffix=".tmp", dir=self.directory
        )
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(png)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
