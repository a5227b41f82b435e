"""Which cell texts are clean but for a trim, and so skip the cleaning."""

from __future__ import annotations

import pytest

from boardpack.workbook.cells import clean_text, is_clean

#: what makes text more than a trim away from clean, besides Excel's ``_x`` escapes
HIDDEN = {*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0xFFFE, 0xFFFF}


@pytest.mark.parametrize("around", ["ab{}cd", "é{}", "{}", "{}ü and ASCII"])
def test_text_is_clean_unless_it_holds_a_hidden_character(around: str) -> None:
    characters = [*range(0x00, 0x300), 0x2028, 0x2029, 0x3000, 0xA0, 0xFFFE, 0xFFFF]
    for code in characters:
        text = around.format(chr(code))

        assert is_clean(text) is (code not in HIDDEN), f"U+{code:04X} in {text!r}"


@pytest.mark.parametrize("text", ["a_x000B_b", "_x", "é_x005F_", "plain_text"])
def test_text_with_an_escape_is_cleaned_the_long_way(text: str) -> None:
    assert is_clean(text) is ("_x" not in text)
    if is_clean(text):
        assert clean_text(text) == (text.strip(), [])
