"""``boardpack check --json`` end to end on workbooks whose date cells hold any text."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boardpack.cli import main

from ..workbook.conftest import GOOD, write_workbook

DATE_LIKE = st.lists(
    st.sampled_from(
        [
            "2019-10-31",
            "31/10/2019",
            "31/10/19",
            "31.03.2019",
            "31-03-2019",
            "29/02/2019",
            "31-13-2019",
            "0000-00-00",
            "9999-12-31",
            "Q3 2018/19",
            "Q5 2019",
            "quarter 3, 2018",
            "Sept 2019",
            "March 19",
            "Mar-19",
            "November 14 2019",
            "4th Nov 19",
            "By April 2019.",
            "60% by Dec 2019",
            "Ongoing",
            "2021%",
            "201917834",
            "tbc",
            "=1+1",
            " ",
            "\n",
            ", ",
            "by ",
        ]
    ),
    max_size=5,
).map(" ".join)
#: text openpyxl can store: no surrogates, and of the control characters only tab and new line
ANY_TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n"), max_size=40
)
TEXT = DATE_LIKE | ANY_TEXT
ACTION_ROWS = len(GOOD["Actions"]) - 1
UPDATE_ROWS = len(GOOD["Updates"]) - 1
# column positions in GOOD: Actions Target, Due; Updates Period, Revised due
TARGET, DUE, PERIOD, REVISED_DUE = 3, 4, 0, 6
#: (sheet, column, data row from 1, text): one cell of GOOD written over
EDITS = st.lists(
    st.tuples(st.just("Actions"), st.sampled_from([TARGET, DUE]), st.integers(1, ACTION_ROWS), TEXT)
    | st.tuples(
        st.just("Updates"),
        st.sampled_from([PERIOD, REVISED_DUE]),
        st.integers(1, UPDATE_ROWS),
        TEXT,
    ),
    min_size=1,
    max_size=4,
)
Edit = tuple[str, int, int, str]


def _sheets(edits: list[Edit]) -> dict[str, list[list[object]]]:
    """GOOD with the edited cells written over it."""
    sheets: dict[str, list[list[object]]] = {
        name: [list(row) for row in rows] for name, rows in GOOD.items()
    }
    for sheet, column, row, text in edits:
        sheets[sheet][row][column] = text
    return sheets


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS)
def test_check_json_never_raises_and_prints_json_or_a_message(edits: list[Edit]) -> None:
    out, err = io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory() as folder:
        master = write_workbook(Path(folder) / "master.xlsx", _sheets(edits))
        # run where there is no templates/ folder, so only the workbook is checked
        with (
            contextlib.chdir(folder),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            code = main(["check", "--master", str(master), "--json"])
    printed, message = out.getvalue(), err.getvalue()
    assert "Traceback" not in printed + message
    if printed:
        data = json.loads(printed)
        errors = [p for p in data["problems"] if p["severity"] == "error"]
        assert code == (1 if errors else 0)
    else:
        assert code in (1, 2)
        assert message.startswith("boardpack check: ")
