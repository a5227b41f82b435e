"""The largest plan the pipeline accepts, far beyond any council's, and the check of it.

A plan past these limits is refused with one message per limit before any rule,
chart or document is worked on, so that a pasted-in block of rows or a wrong sheet
cannot exhaust the machine. A plan of 50 areas, 2,000 actions, 8 periods and 30
measures (``bench/synthetic.py``) is well inside them.
"""

from __future__ import annotations

from collections.abc import Sized

from boardpack.problems import ERROR, Problem

MAX_AREAS = 200
MAX_ACTIONS = 5_000
MAX_PERIODS = 60
MAX_MEASURES = 200
MAX_MEASURE_VALUES = 10_000
#: Excel's own limit on the characters in one cell
MAX_TEXT = 32_767
#: the largest figure a measure may hold, and the largest percentage
MAX_FIGURE = 1e9
MAX_PERCENT = 1_000

#: sheet → (what is counted, limit)
LIMITS: dict[str, tuple[str, int]] = {
    "Areas": ("areas", MAX_AREAS),
    "Actions": ("actions", MAX_ACTIONS),
    "Updates": ("reporting periods", MAX_PERIODS),
    "Measures": ("measures", MAX_MEASURES),
    "Measure values": ("measure values", MAX_MEASURE_VALUES),
}


def over_limits(counted: dict[str, Sized]) -> list[Problem]:
    """An error for each sheet whose items (sheet → the items read) pass their limit."""
    problems = []
    for sheet, items in counted.items():
        what, limit = LIMITS[sheet]
        if len(items) > limit:
            problems.append(
                Problem(
                    ERROR,
                    "plan-too-large",
                    sheet,
                    None,
                    f"expected at most {limit:,} {what}, found {len(items):,}. A plan this "
                    "large is most likely a mistake (rows pasted twice, or the wrong sheet); "
                    "nothing is built from it.",
                )
            )
    return problems
