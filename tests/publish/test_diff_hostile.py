"""``boardpack diff`` on crafted pack.json files: no traceback, nothing steers the terminal.

Run as a user would, in a child process whose output is a pipe in strict UTF-8, as a
terminal that cannot show lone surrogates would be.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE = '{"period": "2019-09-30", "actions": [{"ref": "1.1", "rag": "G", "due": "2019-12-31"}]}'


def diff(tmp_path: Path, new_text: str) -> subprocess.CompletedProcess[str]:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(BASE, encoding="utf-8")
    new.write_text(new_text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "boardpack", "diff", str(old), str(new)],
        capture_output=True,
        timeout=60,
        env={
            **os.environ,
            "PYTHONIOENCODING": "utf-8:strict",
            "PYTHONPATH": os.pathsep.join(sys.path),
        },
    )


def pack(period: str, action: str) -> str:
    """A pack.json's text with one action; both are JSON text as given."""
    return '{"period": ' + period + ', "actions": [' + action + "]}"


def printed(done: subprocess.CompletedProcess[str]) -> str:
    return (done.stdout + done.stderr).decode("utf-8")  # type: ignore[operator,attr-defined]


@pytest.mark.parametrize(
    "ref",
    [
        "\\u001b[2J\\u001b[31mALL GREEN\\u001b[0m",  # clear the screen, colour the text
        "1.2\\rOK     ",  # a carriage return overwriting the line
        "1.2\\n  1.9",  # a line feed forging another line
        "\\u009b31m",  # the one-byte control sequence introducer
        "\\u202eSTUPOD",  # a right-to-left override
    ],
    ids=["ansi", "carriage-return", "line-feed", "csi", "bidi-override"],
)
def test_control_characters_from_a_pack_are_shown_escaped(ref: str, tmp_path: Path) -> None:
    done = diff(tmp_path, pack('"2019-12-31"', '{"ref": "' + ref + '", "rag": "R"}'))
    text = printed(done)
    assert done.returncode == 0, text
    assert "Traceback" not in text
    added = text.split("Added actions:\n")[1].split("\n")[0]
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c == "\u202e" for c in added)
    assert "\\" in added  # shown as an escape, so the officer sees something is odd


def test_a_lone_surrogate_is_shown_escaped(tmp_path: Path) -> None:
    done = diff(tmp_path, '{"period": "2019-12-31", "actions": [{"ref": "1.\\ud800", "rag": "R"}]}')
    assert done.returncode == 0, printed(done)
    assert "  1.\\ud800" in printed(done)


def test_a_5000_digit_number_is_handled(tmp_path: Path) -> None:
    number = "9" * 5000
    done = diff(tmp_path, pack(number, f'{{"ref": {number}, "rag": "R", "due": {number}}}'))
    text = printed(done)
    assert done.returncode == 0, text
    assert "Traceback" not in text
    assert number[:100] in text


@pytest.mark.parametrize(
    "value",
    ['{"a": [1, 2]}', "1e999", "-0.0", "true", "null", "NaN", "[[[[[]]]]]", '"\\u0000"'],
)
def test_any_json_value_as_a_ref_or_rag_gives_no_traceback(value: str, tmp_path: Path) -> None:
    done = diff(tmp_path, pack(value, f'{{"ref": {value}, "rag": {value}, "due": {value}}}'))
    text = printed(done)
    assert "Traceback" not in text
    assert done.returncode in (0, 1, 2)


def test_an_error_message_quoting_a_crafted_pack_is_escaped(tmp_path: Path) -> None:
    done = diff(tmp_path, '{"period": "x", "actions": [{"name": "\\u001b]0;pwned\\u0007"}]}')
    text = printed(done)
    assert done.returncode == 1 and "Traceback" not in text
    assert "\x1b" not in text and "\x07" not in text
