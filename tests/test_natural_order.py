"""Action refs sort as people number them."""

from __future__ import annotations

import pytest

from boardpack.model import natural_key


def test_numbers_sort_by_value_not_by_character() -> None:
    refs = ["1.10", "2", "1.2", "10", "1.1a", "1.1"]
    assert sorted(refs, key=natural_key) == ["1.1", "1.1a", "1.2", "1.10", "2", "10"]


@pytest.mark.parametrize("ref", ["²", "1.²", "١٢", "x²3"])
def test_any_text_has_a_key_even_with_digits_that_are_not_numbers(ref: str) -> None:
    key = natural_key(ref)
    assert sorted([ref, "1.2"], key=natural_key)
    assert key == natural_key(ref)
