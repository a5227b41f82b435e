"""Hostile text typed into the master workbook prints literally, end to end.

Each string is written into a workbook (as Excel would save it), built into a pack
and read back from the documents: markup is escaped, template code is printed and
never run, hidden characters are cleaned with a warning naming the cell, and every
document reopens in python-docx and in LibreOffice.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from boardpack import pdf
from boardpack.build import BuildResult, build_pack
from boardpack.render.context import BRIEF_REASON, BRIEF_SUMMARY, shorten
from boardpack.workbook.writer import write_master

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MEMBERS = "members-update.docx"
BRIEFING = "cabinet-briefing.docx"

LONG_CELL = ("Twenty thousand characters of progress, word after word. " * 400)[:20_000]

HOSTILE = {
    "ampersand": "Children & families",
    "angle-brackets": "<b>bold</b> <w:p/> a < b > c",
    "quotes": "He said \"don't\" and 'won't'",
    "xml-entities": "&amp; &lt; &#x41; &nbsp;",
    "jinja-expression": "{{ 7*7 }}",
    "jinja-loop": "{% for x in y %}{{ x }}{% endfor %}",
    "docxtpl-row-tag": "{%tr %} and {%p if x %} and {{r x }}",
    "closing-braces": "}} %} #}",
    "jinja-comment": "{# hidden #} shown",
    "docxtpl-escapes": "{_{ x }_} {_% y %_}",
    "excel-escape-typed": "_x000B_ and _x0041_ and _x005F_",
    "vertical-tab": "before\x0bafter",
    "windows-line-breaks": "first line\r\nsecond line\r\n\r\nthird line",
    "arabic": "تحسين الخدمات للأطفال",
    "hebrew": "שיפור השירותים לילדים",
    "mixed-direction": "Area مرحبا 12 שלום end",
    "emoji": "Done 👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 🇬🇧",
    "combining-characters": "Cafe\u0301 n\u0303 Z\u0335\u0321a\u0336\u0327l\u0338\u0322g\u0337o",
    "long-cell": LONG_CELL,
}

#: strings whose cells must carry a control-characters warning
HIDDEN = {"vertical-tab"}


def hostile_workbook(path: Path, text: str, progress: str | None = None) -> None:
    """A two-action plan with ``text`` in every text cell that the documents print.

    ``progress``, when given, is the text of the first action's progress instead.
    """
    report = [
        ("Organisation", f"Org {text}"),
        ("Title", f"Title {text}"),
        ("As at", "2019-10-31"),
        ("Lead officer", f"Lead {text}"),
        ("Introduction", f"Intro {text}"),
        ("Purpose", f"Purpose {text}"),
        ("Recommendations", f"Recommend {text}"),
    ]
    data: dict[str, list[dict[str, object]]] = {
        "Areas": [
            {
                "Area": "1",
                "Title": f"Area {text}",
                "Outcomes": f"- Outcome {text}\n- Timely plans",
                "Summary": f"Summary {text}",
            }
        ],
        "Actions": [
            {"Ref": "1.1", "Area": "1", "Action": f"Action {text}", "Target": f"Target {text}"},
            {"Ref": "1.2", "Area": "1", "Action": "Training.", "Target": "By December 2019."},
        ],
        "Updates": [
            {
                "Period": "2019-10-31",
                "Ref": "1.1",
                "RAG": "R",
                "Progress": f"Progress {text if progress is None else progress}",
                "Reason": f"Reason {text}",
                "Recovery": f"Recovery {text}",
            },
            {"Period": "2019-10-31", "Ref": "1.2", "RAG": "G", "Progress": "On track."},
        ],
        "Glossary": [{"Term": f"Term {text}", "Meaning": f"Meaning {text}"}],
    }
    write_master(path, data, report=report)


#: (document, cell text prefixes printed in it)
PRINTED = {
    MEMBERS: (
        "Org",
        "Title",
        "Lead",
        "Intro",
        "Area",
        "Outcome",
        "Action",
        "Target",
        "Progress",
        "Reason",
        "Recovery",
        "Term",
        "Meaning",
    ),
    BRIEFING: ("Org", "Title", "Lead", "Purpose", "Recommend", "Area", "Summary", "Recovery"),
}

#: the briefing's texts cut to a length (the members' update prints them whole)
BRIEF = {"Summary": BRIEF_SUMMARY, "Recovery": BRIEF_REASON}

#: every cell holding the hostile text, as ``Sheet!Cell``
CELLS = (
    "Report!B2", "Report!B3", "Report!B5", "Report!B6", "Report!B7", "Report!B8",
    "Areas!B2", "Areas!C2", "Areas!E2", "Actions!C2", "Actions!D2",
    "Updates!D2", "Updates!E2", "Updates!F2", "Glossary!A2", "Glossary!B2",
)  # fmt: skip


def build(
    tmp_path: Path, templates: Path, text: str, cache: Path, progress: str | None = None
) -> BuildResult:
    master = tmp_path / "master.xlsx"
    hostile_workbook(master, text, progress)
    return build_pack(master, templates, tmp_path / "out", cache_dir=cache, workers=1)


@pytest.fixture(scope="module")
def chart_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("chart-cache")


@pytest.fixture(scope="module", params=HOSTILE, ids=HOSTILE.keys())
def hostile_pack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, chart_cache: Path
) -> tuple[str, BuildResult]:
    """One pack built from a workbook with a hostile string in every cell."""
    text = HOSTILE[request.param]
    folder = tmp_path_factory.mktemp(request.param)
    return text, build(folder, TEMPLATES, text, chart_cache)


def test_hostile_text_in_every_cell_prints_literally(
    hostile_pack: tuple[str, BuildResult],
    text_of: Callable[[Path], str],
    lines_of_cell: Callable[[str], list[str]],
) -> None:
    text, result = hostile_pack

    for name, prefixes in PRINTED.items():
        printed = text_of(result.out_dir / name)
        for prefix in prefixes:
            lines = lines_of_cell(f"{prefix} {text}")
            joined = " ".join(lines)
            if name == "cabinet-briefing.docx" and prefix in BRIEF and len(joined) > BRIEF[prefix]:
                # the briefing keeps to three pages: a long text is cut at a word boundary
                assert shorten(joined, BRIEF[prefix]) in printed, (name, prefix, joined[:80])
                continue
            for line in lines:
                assert line in printed, (name, prefix, line[:80])
    assert [p for p in result.problems if p.is_error] == []


def test_hidden_characters_warn_naming_every_cell_and_nothing_else_does(
    hostile_pack: tuple[str, BuildResult],
) -> None:
    text, result = hostile_pack

    warned = sorted(p.place for p in result.problems if p.code == "control-characters")
    expected = sorted(CELLS) if text in (HOSTILE[k] for k in HIDDEN) else []
    assert warned == expected
    if expected:
        message = next(p.message for p in result.problems if p.code == "control-characters")
        assert "vertical tab (U+000B)" in message


@pytest.mark.parametrize(
    "code", ["{{ 7*7 }}", "{{ 6*7 }}{% if true %}", "{{ report.title }}"], ids=["49", "42", "var"]
)
def test_template_code_typed_in_a_cell_is_never_evaluated(
    code: str,
    tmp_path: Path,
    templates_dir: Path,
    chart_cache: Path,
    text_of: Callable[[Path], str],
) -> None:
    build(tmp_path, templates_dir, code, chart_cache)

    for name in (MEMBERS, BRIEFING):
        printed = text_of(tmp_path / "out" / name)
        assert f"Org {code}" in printed
        assert "Org 49" not in printed and "Org 42" not in printed
        assert f"Org Title {code}" not in printed


def test_a_vertical_tab_starts_a_new_paragraph(
    tmp_path: Path, templates_dir: Path, chart_cache: Path, text_of: Callable[[Path], str]
) -> None:
    build(tmp_path, templates_dir, "before\x0bafter", chart_cache)

    paragraphs = text_of(tmp_path / "out" / MEMBERS).split("\n")
    assert "Progress before" in paragraphs
    assert "after" in paragraphs
    assert not any("\x0b" in p for p in paragraphs)


def _pages(path: Path) -> int:
    program = shutil.which("pdfinfo")
    assert program, "pdfinfo (poppler-utils) is required for this test"
    info = subprocess.run([program, str(path)], capture_output=True, text=True, check=True)
    return int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
    )


def _pdf_text(path: Path) -> str:
    program = shutil.which("pdftotext")
    assert program, "pdftotext (poppler-utils) is required for this test"
    return subprocess.run(
        [program, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.slow
@pytest.mark.libreoffice
def test_libreoffice_opens_both_documents_with_every_hostile_text(
    tmp_path: Path, templates_dir: Path, chart_cache: Path
) -> None:
    assert pdf.find_soffice(), "LibreOffice (soffice) is required for this test"
    short = "\n".join(text for key, text in HOSTILE.items() if key != "long-cell")
    build(tmp_path, templates_dir, short, chart_cache, progress=f"{short}\n{LONG_CELL}")

    for name in (MEMBERS, BRIEFING):
        converted = pdf.convert_to_pdf(tmp_path / "out" / name, tmp_path / "pdf")
        assert _pages(converted) > 0, name
        text = " ".join(_pdf_text(converted).split())
        assert "Org Children & families" in text, name
        assert "{{ 7*7 }}" in text and "{% for x in y %}" in text, name


def test_a_title_longer_than_a_document_property_holds_is_cut_not_fatal(
    tmp_path: Path, templates_dir: Path, chart_cache: Path, text_of: Callable[[Path], str]
) -> None:
    result = build(tmp_path, templates_dir, LONG_CELL, chart_cache)

    for name in (MEMBERS, BRIEFING):
        properties = docx.Document(str(result.out_dir / name)).core_properties
        for value in (properties.title, properties.subject, properties.author):
            assert len(value) <= 255 and value.endswith("…"), name
        assert f"Title {LONG_CELL}" in text_of(result.out_dir / name)


def test_characters_the_chart_font_lacks_raise_no_warnings(
    tmp_path: Path, templates_dir: Path, recwarn: pytest.WarningsRecorder
) -> None:
    build(tmp_path, templates_dir, HOSTILE["emoji"], tmp_path / "fresh-cache")

    assert [str(w.message) for w in recwarn] == []
