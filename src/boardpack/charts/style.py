"""House style of the pack's charts: sizes, colours, hatches and matplotlib settings.

Plain values only, so that building chart specs never imports matplotlib. Change
:data:`STYLE_VERSION` whenever a change here or in ``draw.py`` changes the pictures,
so that cached PNGs are drawn again.
"""

from __future__ import annotations

from boardpack import contrast
from boardpack.contrast import contrast_ratio as contrast_ratio
from boardpack.model import Rag

#: Part of every chart key: bump it when the drawing code or house style changes.
STYLE_VERSION = "boardpack-charts-5"

FONT_FAMILY = "DejaVu Sans"
DPI = 200
#: The width every chart is drawn at, and must be printed at: font sizes below are true
#: points only when a document places the picture at this width, unscaled (an A4 page
#: with 2.5 cm margins leaves 16 cm; both templates' text is wider).
WIDTH_CM = 16.0
PT_PER_CM = 72 / 2.54
WIDTH_PT = WIDTH_CM * PT_PER_CM
PAD_PT = 8.0  # white space around the figure's edge
BAR_HEIGHT_CM = 10.0
LINE_HEIGHT_CM = 7.5

#: No text in a chart is smaller than this, at print size.
MIN_TEXT_SIZE = 8.0
TITLE_SIZE = 11.0
NOTE_SIZE = 9.0
LABEL_SIZE = 9.0
TICK_SIZE = 8.5
VALUE_SIZE = 8.5
SMALL_VALUE_SIZE = MIN_TEXT_SIZE
SMALL_TICK_SIZE = MIN_TEXT_SIZE

TEXT = "#1A1A1A"
MUTED = "#404040"
GRID = "#D9D9D9"
BLACK = "#000000"
WHITE = "#FFFFFF"

#: The measure charts' marks: shape and colour both differ, and the legend names them.
ACTUAL_COLOUR = "#1F4E79"
BASELINE_COLOUR = "#595959"
TARGET_COLOUR = "#B04E0F"
AS_AT_COLOUR = "#404040"

#: One hatch per status, so that statuses differ in greyscale print as well as colour.
RAG_HATCH: dict[Rag, str] = {
    Rag.BLUE: "",
    Rag.GREEN: "//",
    Rag.AMBER: "..",
    Rag.RED: "xx",
}

#: matplotlib settings applied (inside an rc context) to every drawing.
RC: dict[str, object] = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY],
    "mathtext.fontset": "dejavusans",
    "text.parse_math": False,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "axes.edgecolor": MUTED,
    "axes.linewidth": 0.8,
    "axes.titlesize": TITLE_SIZE,
    "axes.labelsize": LABEL_SIZE,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": TEXT,
    "ytick.labelcolor": TEXT,
    "xtick.labelsize": TICK_SIZE,
    "ytick.labelsize": TICK_SIZE,
    "legend.fontsize": LABEL_SIZE,
    "legend.frameon": False,
    "hatch.linewidth": 0.6,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "savefig.facecolor": WHITE,
    "figure.facecolor": WHITE,
    "axes.facecolor": WHITE,
    "svg.hashsalt": STYLE_VERSION,
    "path.simplify": False,
    "agg.path.chunksize": 0,
}


def hex_colour(code: str) -> str:
    """``0070c0`` or ``#0070C0`` → ``#0070C0``."""
    digits = code.strip().lstrip("#").upper()
    if len(digits) != 6 or any(c not in "0123456789ABCDEF" for c in digits):
        raise ValueError(f"a colour must be six hex digits, got {code!r}")
    return f"#{digits}"


def text_colour_on(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (always at least 4.58:1)."""
    return BLACK if contrast.text_colour_on(fill) == contrast.BLACK else WHITE


def hatch_colour_on(fill: str) -> str:
    """A hatch colour a little lighter or darker than ``fill``: visible, not loud."""
    towards = text_colour_on(fill)
    mix = 0.35
    digits = hex_colour(fill)[1:]
    target = hex_colour(towards)[1:]
    parts = []
    for i in (0, 2, 4):
        value = int(digits[i : i + 2], 16) * (1 - mix) + int(target[i : i + 2], 16) * mix
        parts.append(f"{round(value):02X}")
    return "#" + "".join(parts)
