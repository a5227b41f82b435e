"""Property: any text, valid dates and RAGs in a workbook give a whole pack or located errors.

Workbooks are generated with arbitrary text (control characters included; surrogates
excluded, since Excel cannot store them) in every text cell, written as Excel would
save them, and built. The build either raises :class:`InputError` whose every problem
has a code and a message, or writes two documents that reopen and print every cell's
text after the documented cleaning (trimmed, hidden characters removed, one paragraph
a line).

CI runs a fixed, repeatable set of examples: set ``CI`` in the environment (or
``BOARDPACK_HYPOTHESIS=ci``) to load the derandomized profile.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from boardpack.build import BuildResult, build_pack
from boardpack.model import MEASURE_BETTER, MEASURE_KINDS, MEASURE_UNITS, Rag
from boardpack.problems import InputError
from boardpack.render.context import build_context
from boardpack.workbook.cells import lines_of
from boardpack.workbook.writer import write_master

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MEMBERS = "members-update.docx"
BRIEFING = "cabinet-briefing.docx"

_BASE = {
    "max_examples": 60,
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("boardpack-robustness-ci", derandomize=True, database=None, **_BASE)
settings.register_profile("boardpack-robustness", **_BASE)
PROFILE = settings.get_profile(
    "boardpack-robustness-ci"
    if os.environ.get("CI") or os.environ.get("BOARDPACK_HYPOTHESIS") == "ci"
    else "boardpack-robustness"
)

HOSTILE = [
    "{{ 7*7 }}",
    "{% for x in y %}",
    "{%tr %}",
    "}} {#",
    "<w:p>&amp;",
    "_x000B_",
    "_x005F_x000D_",
    "a\r\nb",
    "\x0b",
    "مرحبا",
    "👨‍👩‍👧 🇬🇧",
    "e\u0301",
    "=1+1",
    "#N/A",
    "- bullet",
]
CHARACTERS = st.characters(exclude_categories=("Cs",))
TEXT = st.one_of(
    st.text(CHARACTERS, max_size=40),
    st.sampled_from(HOSTILE),
    st.lists(st.text(CHARACTERS, max_size=15) | st.sampled_from(HOSTILE), max_size=3).map(
        "\n".join
    ),
)
#: text with something to print in it, around any text
VISIBLE = st.tuples(TEXT, st.sampled_from(["Done", "تم", "👍", "{{ x }}", "x"]), TEXT).map("".join)
#: a required cell (blank ones come from ids, to keep most workbooks buildable)
REQUIRED = VISIBLE
#: ids and refs: plain, or any text (which may clash with another or be blank)
IDS = st.one_of(st.sampled_from(["1", "2", "A", "1.10", "٣", "x y"]), VISIBLE, TEXT)
DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
RAGS = st.sampled_from(["B", "G", "A", "R", "Blue", "green", "AMBER", " r "])
OPTIONAL_DATE = st.none() | DATES


@dataclass
class Workbook:
    """What was typed into each sheet, by column header."""

    report: list[tuple[str, object]]
    sheets: dict[str, list[dict[str, object]]] = field(default_factory=dict)

    def rows(self, sheet: str) -> list[dict[str, object]]:
        return self.sheets.get(sheet, [])


def _tagger(draw: st.DrawFn) -> Callable[[st.SearchStrategy[str]], str]:
    """Draws text marked ``⟦n⟧`` at both ends, n unique in the workbook.

    A short line such as ``x`` would be found anywhere in a document; a marked one is
    found only where that very cell was printed. Optional cells stay blank at times.
    """
    numbers = itertools.count(1)

    def tagged(strategy: st.SearchStrategy[str], *, optional: bool = False) -> str:
        text = draw(strategy)
        if optional and not draw(st.booleans()):
            return text
        number = next(numbers)
        return f"⟦{number}⟧{text}⟦{number}⟧"

    return tagged


@st.composite
def workbooks(draw: st.DrawFn) -> Workbook:
    tagged = _tagger(draw)
    report_fields = [
        "Organisation", "Title", "Meeting", "Lead officer", "Cabinet member",
        "Classification", "Introduction", "Purpose", "Recommendations", "Service",
    ]  # fmt: skip
    report: list[tuple[str, object]] = [
        (
            name,
            tagged(REQUIRED) if name in ("Organisation", "Title") else tagged(TEXT, optional=True),
        )
        for name in report_fields
    ]
    report += [("As at", draw(OPTIONAL_DATE)), ("Meeting date", draw(OPTIONAL_DATE))]
    book = Workbook(report)
    area_ids = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    book.sheets["Areas"] = [
        {
            "Area": area,
            "Title": tagged(REQUIRED),
            "Outcomes": tagged(TEXT, optional=True),
            "Lead": draw(TEXT),
            "Summary": tagged(TEXT, optional=True),
        }
        for area in area_ids
    ]
    actions: list[dict[str, object]] = []
    for area in area_ids:
        for number in range(1, draw(st.integers(1, 3)) + 1):
            ref = draw(IDS) if draw(st.integers(0, 3)) == 0 else f"{area}.{number}"
            actions.append(
                {
                    "Ref": ref,
                    "Area": area,
                    "Action": tagged(REQUIRED),
                    "Target": tagged(REQUIRED),
                    "Due": draw(OPTIONAL_DATE),
                    "Owner": draw(TEXT),
                }
            )
    book.sheets["Actions"] = actions
    periods = draw(st.lists(DATES, min_size=1, max_size=2, unique=True))
    book.sheets["Updates"] = [
        {
            "Period": period,
            "Ref": action["Ref"],
            "RAG": draw(RAGS),
            "Progress": tagged(REQUIRED),
            "Reason": tagged(REQUIRED),
            "Recovery": tagged(REQUIRED),
            "Revised due": draw(OPTIONAL_DATE),
        }
        for action in actions
        for period in draw(st.lists(st.sampled_from(periods), min_size=1, unique=True))
    ]
    book.sheets["Glossary"] = [
        {"Term": tagged(REQUIRED), "Meaning": tagged(REQUIRED)}
        for _ in range(draw(st.integers(0, 2)))
    ]
    if draw(st.booleans()):
        book.sheets["Measures"] = [
            {
                "Measure": "M1",
                "Name": draw(REQUIRED),
                "Unit": draw(st.sampled_from(MEASURE_UNITS)),
                "Better": draw(st.sampled_from(MEASURE_BETTER)),
                "Actions": actions[0]["Ref"],
                "Description": draw(TEXT),
            }
        ]
        book.sheets["Measure values"] = [
            {
                "Measure": "M1",
                "Date": draw(DATES),
                "Kind": draw(st.sampled_from(MEASURE_KINDS)),
                "Value": draw(st.integers(0, 100)),
                "Note": draw(TEXT),
            }
            for _ in range(draw(st.integers(1, 3)))
        ]
    return book


@pytest.fixture(scope="module")
def chart_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("chart-cache")


def build(book: Workbook, folder: Path, cache: Path) -> BuildResult:
    master = folder / "master.xlsx"
    write_master(master, book.sheets, report=book.report)
    return build_pack(master, TEMPLATES, folder / "out", cache_dir=cache, workers=1)


class Expect:
    """The lines each document must print, from what was typed."""

    def __init__(self, clean: Callable[[str], list[str]]) -> None:
        self.clean = clean
        self.lines: dict[str, list[tuple[str, str]]] = {MEMBERS: [], BRIEFING: []}

    def add(self, where: str, label: str, typed: object, *, bullets: bool = False) -> None:
        lines = self.clean(str(typed or ""))
        if bullets:
            lines = lines_of("\n".join(lines))
        for document in (MEMBERS, BRIEFING) if where == "both" else (where,):
            self.lines[document] += [(label, line) for line in lines]


def expected_lines(
    book: Workbook, result: BuildResult, clean: Callable[[str], list[str]]
) -> Expect:
    expect = Expect(clean)
    fields: dict[str, Any] = {name: value for name, value in book.report}
    for name in ("Organisation", "Title", "Lead officer", "Cabinet member", "Meeting"):
        expect.add("both", name, fields[name])
    expect.add(MEMBERS, "Introduction", fields["Introduction"])
    expect.add(BRIEFING, "Purpose", fields["Purpose"])
    expect.add(BRIEFING, "Recommendations", fields["Recommendations"], bullets=True)
    if clean(str(fields["Classification"])):
        expect.add("both", "Classification", fields["Classification"])
    for area in book.rows("Areas"):
        expect.add("both", "Area title", area["Title"])
        expect.add(MEMBERS, "Outcomes", area["Outcomes"], bullets=True)
        summary = " ".join(clean(str(area["Summary"])))
        expect.add(BRIEFING, "Area summary", summary)
    for action in book.rows("Actions"):
        expect.add(MEMBERS, "Action", action["Action"])
        expect.add(MEMBERS, "Target", action["Target"])
    typed_updates = {
        (row["Period"], "\n".join(clean(str(row["Ref"])))): row for row in book.rows("Updates")
    }
    # the briefing lists its first exceptions, Red first, and leaves the rest to the report
    in_briefing = {a.ref for a in build_context(result.status, []).briefing.exceptions.actions}
    for item in result.status.actions:
        if item.update is None:
            continue
        row = typed_updates[(item.update.period, item.ref)]
        expect.add(MEMBERS, f"Progress of {item.ref}", row["Progress"])
        if item.rag in (Rag.RED, Rag.AMBER):
            expect.add(MEMBERS, f"Reason of {item.ref}", row["Reason"])
            where = "both" if item.ref in in_briefing else MEMBERS
            expect.add(where, f"Recovery of {item.ref}", row["Recovery"])
    for entry in book.rows("Glossary"):
        expect.add(MEMBERS, "Glossary term", entry["Term"])
        expect.add(MEMBERS, "Glossary meaning", entry["Meaning"])
    return expect


@pytest.mark.slow
@settings(PROFILE)
@given(book=workbooks())
def test_any_workbook_builds_a_whole_pack_or_fails_with_located_problems(
    book: Workbook,
    chart_cache: Path,
    text_of: Callable[[Path], str],
    lines_of_cell: Callable[[str], list[str]],
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        try:
            result = build(book, folder, chart_cache)
        except InputError as error:
            note(f"InputError: {error.message}")
            event("refused: " + ", ".join(sorted({p.code for p in error.problems if p.is_error})))
            assert error.problems
            for problem in error.problems:
                assert problem.code and problem.message, problem
            assert not (folder / "out").exists()
            return

        event("built")
        expect = expected_lines(book, result, lines_of_cell)
        for document, lines in expect.lines.items():
            path = folder / "out" / document
            docx.Document(str(path))
            printed = text_of(path)
            missing = [(label, line) for label, line in lines if line not in printed]
            assert missing == [], document
