"""Text widths without matplotlib: the table matches the font, and the estimate is safe."""

from __future__ import annotations

import random
from pathlib import Path

import matplotlib as mpl
import pytest
from matplotlib import ft2font
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from boardpack.charts import style
from boardpack.charts.draw import house_style
from boardpack.charts.text_width import BOLD, CHARS, REGULAR, text_width, wrap_to_width

FONTS = Path(mpl.get_data_path()) / "fonts" / "ttf"
SIZES = [style.MIN_TEXT_SIZE, style.TICK_SIZE, style.NOTE_SIZE, style.TITLE_SIZE]


@pytest.mark.parametrize(
    ("file", "table"), [("DejaVuSans.ttf", REGULAR), ("DejaVuSans-Bold.ttf", BOLD)]
)
def test_the_width_table_is_the_house_fonts_advance_widths(file, table):
    font = ft2font.FT2Font(str(FONTS / file))
    font.set_size(1000, 72)
    for char, width in zip(CHARS, table, strict=True):
        glyph = font.load_char(ord(char), flags=ft2font.LoadFlags.NO_HINTING)
        advance = glyph.horiAdvance / 64  # thousandths of an em, at 1000 pt
        assert advance <= width < advance + 1, char


def measured(figure: Figure, text: str, size: float, bold: bool) -> float:
    probe = figure.text(0, 0, text, fontsize=size, fontweight="bold" if bold else "normal")
    width = probe.get_window_extent().width * 72 / figure.dpi
    probe.remove()
    return float(width)


def strings(count: int) -> list[str]:
    """Seeded random strings: every known character, narrow ones, capitals, words."""
    rng = random.Random(20191031)
    pools = [CHARS, "il.,:;'!|ijtf ", "ABCDEFGHIJKLMNOPQRSTUVWXYZ WM", "etaoin shrdlu "]
    found = []
    for _ in range(count):
        pool = rng.choice(pools)
        found.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 90))).strip() or "x")
    return found


def test_the_estimate_is_never_narrower_than_the_drawn_text():
    with house_style():
        figure = Figure(figsize=(6.3, 4), dpi=style.DPI)
        FigureCanvasAgg(figure)
        for n, text in enumerate(strings(400)):
            size, bold = SIZES[n % len(SIZES)], n % 2 == 0
            assert text_width(text, size, bold) >= measured(figure, text, size, bold), text


def test_unknown_characters_count_wide():
    assert text_width("🚸", 10) >= text_width("W", 10)
    assert text_width("測定測定", 10, bold=True) > text_width("MMMM", 10, bold=True)


@pytest.mark.parametrize("bold", [False, True])
def test_wrapped_lines_fit_the_width_and_keep_every_word(bold):
    text = " ".join(["Assessments", "audited", "as", "good", "or", "better"] * 8)
    wrapped = wrap_to_width(text, 200, 11, bold=bold, lines=20)
    assert wrapped.split() == text.split()
    assert all(text_width(line, 11, bold) <= 200 for line in wrapped.split("\n"))


def test_a_text_longer_than_its_lines_ends_in_an_ellipsis_that_fits():
    wrapped = wrap_to_width("word " * 100, 150, 11, bold=True, lines=2)
    lines = wrapped.split("\n")
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(text_width(line, 11, True) <= 150 for line in lines)


def test_a_word_wider_than_a_line_is_cut():
    wrapped = wrap_to_width("Supercalifragilisticexpialidocious" * 3, 100, 11, lines=9)
    assert "".join(wrapped.split("\n")) == "Supercalifragilisticexpialidocious" * 3
    assert all(text_width(line, 11) <= 100 for line in wrapped.split("\n"))


def test_max_chars_limits_a_line_as_well():
    wrapped = wrap_to_width("aa bb cc dd ee ff", 500, 8, lines=9, max_chars=5)
    assert wrapped == "aa bb\ncc dd\nee ff"
