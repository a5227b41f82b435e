"""Text widths in points without matplotlib: DejaVu Sans advance widths, for wrapping.

Chart specs wrap titles and labels to the room they will have, but building a spec
must not import matplotlib. These are the advance widths (in thousandths of an em,
rounded up) of the house font's common characters, read once from the DejaVu Sans
files matplotlib ships; a test checks them, and the estimate, against matplotlib.
"""

from __future__ import annotations

#: the characters with known widths; any other counts as :data:`UNKNOWN_EM` wide
CHARS = "".join(chr(code) for code in range(32, 127)) + (
    "£€–—‘’“”…•·°±×÷éèêëáàâäíìîïóòôöúùûüçñÉÈÀÇßœŒæ\u00a0"
)
REGULAR = (
    318,
    401,
    460,
    838,
    637,
    951,
    780,
    275,
    391,
    391,
    500,
    838,
    318,
    361,
    318,
    337,
    637,
    637,
    637,
    637,
    637,
    637,
    637,
    637,
    637,
    637,
    337,
    337,
    838,
    838,
    838,
    531,
    1000,
    685,
    687,
    699,
    771,
    632,
    576,
    775,
    752,
    295,
    295,
    656,
    558,
    863,
    749,
    788,
    604,
    788,
    695,
    635,
    611,
    732,
    685,
    989,
    686,
    611,
    686,
    391,
    337,
    391,
    838,
    500,
    500,
    613,
    635,
    550,
    635,
    616,
    353,
    635,
    634,
    278,
    278,
    580,
    278,
    975,
    634,
    612,
    635,
    635,
    412,
    521,
    393,
    634,
    592,
    818,
    592,
    592,
    525,
    637,
    337,
    637,
    838,
    637,
    637,
    500,
    1000,
    318,
    318,
    519,
    519,
    1000,
    590,
    318,
    500,
    838,
    838,
    838,
    616,
    616,
    616,
    616,
    613,
    613,
    613,
    613,
    278,
    278,
    278,
    278,
    612,
    612,
    612,
    612,
    634,
    634,
    634,
    634,
    550,
    634,
    632,
    632,
    685,
    699,
    630,
    1023,
    1070,
    982,
    318,
)
BOLD = (
    349,
    457,
    521,
    838,
    696,
    1002,
    873,
    307,
    458,
    458,
    523,
    838,
    380,
    416,
    380,
    366,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    400,
    400,
    838,
    838,
    838,
    581,
    1000,
    774,
    763,
    734,
    831,
    684,
    684,
    821,
    837,
    373,
    373,
    775,
    638,
    996,
    837,
    851,
    733,
    851,
    771,
    721,
    683,
    813,
    774,
    1104,
    771,
    725,
    726,
    458,
    366,
    458,
    838,
    500,
    500,
    675,
    716,
    593,
    716,
    679,
    436,
    716,
    712,
    343,
    343,
    666,
    343,
    1042,
    712,
    688,
    716,
    716,
    494,
    596,
    479,
    712,
    652,
    924,
    646,
    652,
    583,
    712,
    366,
    712,
    838,
    696,
    696,
    500,
    1000,
    380,
    380,
    658,
    658,
    1000,
    640,
    380,
    500,
    838,
    838,
    838,
    679,
    679,
    679,
    679,
    675,
    675,
    675,
    675,
    343,
    343,
    343,
    343,
    688,
    688,
    688,
    688,
    712,
    712,
    712,
    712,
    593,
    712,
    684,
    684,
    774,
    734,
    720,
    1095,
    1167,
    1048,
    349,
)
#: wider than any character above and than the box drawn for a missing glyph
UNKNOWN_EM = 1.2
#: hinting moves each glyph by at most half a pixel: 0.18 pt at 200 dpi
HINTING_PT = 0.25
SLACK_PT = 1.0

_WIDTHS = {
    False: dict(zip(CHARS, REGULAR, strict=True)),
    True: dict(zip(CHARS, BOLD, strict=True)),
}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An upper bound of the width in points of ``text`` (its widest line) at ``size``."""
    widths = _WIDTHS[bold]
    widest = 0.0
    for line in text.split("\n"):
        if not line:
            continue
        ems = sum(widths.get(c, UNKNOWN_EM * 1000) for c in line) / 1000
        widest = max(widest, ems * size + HINTING_PT * len(line) + SLACK_PT)
    return widest


def _fits(line: str, width: float, size: float, bold: bool, max_chars: int | None) -> bool:
    return text_width(line, size, bold) <= width and (max_chars is None or len(line) <= max_chars)


def _split_long(
    word: str, width: float, size: float, bold: bool, max_chars: int | None
) -> list[str]:
    """A word too long for a line, cut into pieces that fit."""
    pieces: list[str] = []
    piece = ""
    for char in word:
        if piece and not _fits(piece + char, width, size, bold, max_chars):
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece] if piece else pieces


def wrap_to_width(
    text: str,
    width: float,
    size: float,
    *,
    bold: bool = False,
    lines: int = 3,
    max_chars: int | None = None,
) -> str:
    """``text`` wrapped at spaces into at most ``lines`` lines that each fit ``width`` points
    (and ``max_chars`` characters) at ``size``; a longer text ends its last line in '…'.

    A word wider than a line is cut where it overflows.
    """
    wrapped: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if _fits(candidate, width, size, bold, max_chars):
            line = candidate
            continue
        if line:
            wrapped.append(line)
        pieces = _split_long(word, width, size, bold, max_chars)
        wrapped.extend(pieces[:-1])
        line = pieces[-1]
    if line:
        wrapped.append(line)
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    kept = wrapped[:lines]
    last = kept[-1]
    while last and not _fits(last.rstrip(" ,;:-") + "…", width, size, bold, max_chars):
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = last.rstrip(" ,;:-") + "…"
    return "\n".join(kept)


__all__ = ["text_width", "wrap_to_width"]
