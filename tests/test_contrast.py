"""One WCAG contrast definition serves the documents, the charts and the workbook."""

from __future__ import annotations

import pytest

from boardpack.charts.style import text_colour_on as chart_text_colour
from boardpack.contrast import (
    BLACK,
    MIN_CONTRAST,
    WHITE,
    contrast_ratio,
    relative_luminance,
    text_colour_on,
)
from boardpack.model import DEFAULT_RAG_KEY
from boardpack.render.accessibility import text_colour_for as document_text_colour
from boardpack.workbook.writer import readable_font_colour as workbook_text_colour


def test_black_on_white_is_21_to_1_in_either_order() -> None:
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21)
    assert contrast_ratio(WHITE, BLACK) == pytest.approx(21)
    assert contrast_ratio("C00000", "C00000") == pytest.approx(1)


@pytest.mark.parametrize(
    ("colour", "luminance"),
    [("000000", 0.0), ("FFFFFF", 1.0), ("0A0A0A", 0.003035), ("808080", 0.215861)],
)
def test_relative_luminance_follows_wcag(colour: str, luminance: float) -> None:
    assert relative_luminance(colour) == pytest.approx(luminance, abs=1e-6)


def test_a_leading_hash_and_lower_case_are_accepted() -> None:
    assert relative_luminance("#c00000") == relative_luminance("C00000")


@pytest.mark.parametrize("colour", ["C0000", "red", "GG0000", "#C000001"])
def test_a_colour_that_is_not_six_hex_digits_is_refused(colour: str) -> None:
    with pytest.raises(ValueError, match="six-digit hex colour"):
        relative_luminance(colour)


@pytest.mark.parametrize(
    ("fill", "text"), [("C00000", WHITE), ("FFC000", BLACK), ("00B050", BLACK), ("0070C0", WHITE)]
)
def test_text_on_each_standard_rag_fill_passes_aa(fill: str, text: str) -> None:
    assert text_colour_on(fill) == text
    assert contrast_ratio(fill, text) >= MIN_CONTRAST


@pytest.mark.parametrize("fill", [entry.colour for entry in DEFAULT_RAG_KEY.values()] + ["777777"])
def test_documents_charts_and_workbook_choose_the_same_text_colour(fill: str) -> None:
    chosen = text_colour_on(fill)
    assert document_text_colour(fill) == chosen
    assert workbook_text_colour(fill) == chosen
    assert chart_text_colour(fill) == f"#{chosen}"
