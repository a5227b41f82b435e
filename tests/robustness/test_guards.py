"""The small guards the hardening rests on: printable text and bounded template arithmetic."""

from __future__ import annotations

import os
import time

import pytest

from boardpack.render.budget import Budgeted, BudgetExceeded, guarded_binop, within_budget
from boardpack.terminal import one_line, printable


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("over\rwritten", "over\\rwritten"),
        ("\x9b2J", "\\x9b2J"),
        ("a\ud800b", "a\\ud800b"),
        ("\u202eevil", "\\u202eevil"),
        ("two\nlines\tand a tab", "two\nlines\tand a tab"),
        ("Café – 10% ✓", "Café – 10% ✓"),
    ],
)
def test_printable_escapes_controls_and_keeps_ordinary_text(text: str, shown: str) -> None:
    assert printable(text) == shown
    printable(text).encode("utf-8")  # always printable in strict UTF-8


def test_one_line_escapes_line_feeds_too() -> None:
    assert one_line("1.2\n  1.9\t") == "1.2\\n  1.9\\t"


@pytest.mark.parametrize(
    ("operation", "left", "right"),
    [
        ("**", 10, 10**9),
        ("**", -7, 10**6),
        ("*", "a", 10**11),
        ("*", 10**7, [0]),
        ("*", 2, "x" * 600_000),
    ],
)
def test_huge_powers_and_repetitions_are_refused_before_they_are_made(
    operation: str, left: object, right: object
) -> None:
    with pytest.raises(BudgetExceeded, match="more than"):
        guarded_binop(operation, left, right)


@pytest.mark.parametrize(
    ("operation", "left", "right", "result"),
    [
        ("**", 2, 10, 1024),
        ("**", 1, 10**12, 1),
        ("**", 2.0, 0.5, 2.0**0.5),
        ("*", "ab", 3, "ababab"),
        ("*", 6, 7, 42),
    ],
)
def test_ordinary_arithmetic_is_unchanged(
    operation: str, left: object, right: object, result: object
) -> None:
    assert guarded_binop(operation, left, right) == result


def test_a_fill_that_runs_past_its_time_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOARDPACK_RENDER_SECONDS", "1")

    def forever() -> None:
        while True:
            pass

    with pytest.raises(BudgetExceeded, match="stopped after 1 seconds"):
        within_budget(forever, what="a test")


def test_a_fill_that_wants_too_much_memory_is_stopped() -> None:
    with pytest.raises(BudgetExceeded, match="memory"):
        within_budget(lambda: bytearray(8 * 1024**3), what="a test")


def test_a_fill_returns_its_value() -> None:
    assert within_budget(lambda: b"document", what="a test") == b"document"


def test_a_fill_asked_for_its_result_after_its_time_limit_still_gives_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A document filled while the charts are drawn is collected when they are done,
    however long that took: it finished in time, and waits to send its result."""
    monkeypatch.setenv("BOARDPACK_RENDER_SECONDS", "0.2")
    monkeypatch.setattr("boardpack.render.budget._GRACE", 0.3)
    fill = Budgeted(lambda: b"x" * (8 << 20), what="late")
    time.sleep(1.0)
    assert fill.result() == b"x" * (8 << 20)


def test_a_fill_that_is_cancelled_is_stopped_and_reaped() -> None:
    fill = Budgeted(lambda: time.sleep(30), what="cancelled")
    child = fill._child
    assert child is not None
    fill.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)
