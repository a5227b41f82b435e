"""WCAG 2.2 colour contrast: relative luminance, contrast ratio, black or white text on a fill.

The one definition used by the documents (text on filled table cells), the charts
(labels on bars) and the master workbook (RAG cells), so the three always agree.
Colours are six hex digits, with or without a leading ``#`` (``C00000``, ``#c00000``).
"""

from __future__ import annotations

import functools
import re

BLACK = "000000"
WHITE = "FFFFFF"
#: The smallest contrast ratio WCAG 2.2 AA accepts for normal text.
MIN_CONTRAST = 4.5

_HEX = re.compile(r"#?[0-9A-Fa-f]{6}")
#: WCAG 2.2's sRGB cut-off (WCAG 2.0 printed 0.03928; no 8-bit channel lies between them).
_LINEAR_CUT_OFF = 0.04045


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= _LINEAR_CUT_OFF else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a hex colour such as ``C00000``: 0 (black) to 1 (white)."""
    if not _HEX.fullmatch(colour):
        raise ValueError(f"expected a six-digit hex colour such as C00000, got {colour!r}")
    digits = colour.lstrip("#")
    red, green, blue = (_channel(int(digits[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two hex colours, from 1 to 21 (order does not matter)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@functools.lru_cache(maxsize=256)
def text_colour_on(fill: str) -> str:
    """:data:`BLACK` or :data:`WHITE`, whichever contrasts more with ``fill`` (black on a tie).

    The better of the two is always at least 4.58:1, so text in it passes AA on any fill.
    """
    return BLACK if contrast_ratio(fill, BLACK) >= contrast_ratio(fill, WHITE) else WHITE
