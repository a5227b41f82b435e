"""A file built to hurt the machine is refused at the command line, clearly and harmlessly.

Each hostile file makes ``check`` and ``build`` exit with code 1 and a message that
names the file and what to do, never a traceback; ``build`` leaves the output folder
exactly as it was.
"""

from __future__ import annotations

import importlib.util
import json
import re
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from boardpack.build import build_pack
from boardpack.workbook import safety
from boardpack.workbook.reader import read_master
from boardpack.workbook.writer import write_master

from ..conftest import Cli

Files = dict[str, bytes]
MB = safety.MB
ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"

SMALL_PLAN: dict[str, list[dict[str, object]]] = {
    "Areas": [{"Area": "1", "Title": "Assessments"}],
    "Actions": [{"Ref": "1.1", "Area": "1", "Action": "Audit.", "Target": "By December 2019."}],
    "Updates": [{"Period": "2019-10-31", "Ref": "1.1", "RAG": "G", "Progress": "On track."}],
}
REPORT = [("Organisation", "Testshire Council"), ("Title", "Test plan")]


def oversized_file(path: Path) -> None:
    """A sparse file one byte over the size limit (no disk is used for the hole)."""
    with path.open("wb") as stream:
        stream.truncate(safety.MAX_FILE_BYTES + 1)


def zip_bomb(path: Path) -> None:
    """A workbook-shaped zip with a part that inflates 1000-fold."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", bytes(20 * MB))


def too_many_parts(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for number in range(safety.MAX_PARTS + 1):
            archive.writestr(f"xl/media/p{number}.bin", b"")


def too_many_rows(path: Path) -> None:
    write_master(path, SMALL_PLAN, report=REPORT)
    workbook = openpyxl.load_workbook(path)
    workbook["Updates"].cell(row=safety.MAX_ROWS + 1, column=4, value="stray")
    workbook.save(path)


def entity_expansion(path: Path) -> None:
    """A "billion laughs" document type in the Report sheet."""
    write_master(path, SMALL_PLAN, report=REPORT)
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    name = "xl/worksheets/sheet2.xml"
    parts[name] = laughs + parts[name].split(b"?>", 1)[-1].replace(b"Test plan", b"&lol3;")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)


HOSTILE_FILES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "file-too-large": (
        oversized_file,
        "file-too-large",
        "expected a workbook of at most 50 MB, found 50.1 MB. Remove unused sheets, "
        "pictures and rows, and save it again.",
    ),
    "zip-bomb": (
        zip_bomb,
        "file-too-large",
        "cannot be read safely: expected parts to compress at most 200:1, found "
        "'xl/sharedStrings.xml' compressed",
    ),
    "too-many-parts": (
        too_many_parts,
        "file-too-large",
        "cannot be read safely: expected at most 5,000 parts, found 5,001.",
    ),
    "too-many-rows": (
        too_many_rows,
        "too-many-rows",
        "the sheet 'Updates' is too large: expected at most 100,000 rows, found 100,001. "
        "Delete the unused rows below the data",
    ),
    "entity-expansion": (
        entity_expansion,
        "unsafe-workbook",
        "unsafe workbook: expected plain spreadsheet XML, found a document type or entity "
        "declaration (<!DOCTYPE or <!ENTITY) in 'xl/worksheets/sheet2.xml'.",
    ),
}


@pytest.fixture(scope="module")
def previous_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pack built from the example, to copy as the output folder a build must not touch."""
    folder = tmp_path_factory.mktemp("previous")
    build_pack(
        ROOT / "inputs" / "master.xlsx",
        TEMPLATES,
        folder / "output",
        cache_dir=folder / "cache",
        workers=1,
    )
    return folder / "output"


@pytest.fixture(params=HOSTILE_FILES, ids=HOSTILE_FILES.keys())
def hostile_file(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str, str]:
    make, code, message = HOSTILE_FILES[request.param]
    path = tmp_path / "master.xlsx"
    make(path)
    return path, code, f"{path}: {message}"


def test_check_refuses_the_file_with_exit_code_1_and_a_clear_message(
    hostile_file: tuple[Path, str, str], cli: Cli
) -> None:
    path, code, message = hostile_file

    exit_code, out, err = cli("check", "--master", str(path))
    json_code, json_out, _ = cli("check", "--json", "--master", str(path))

    assert exit_code == 1
    assert out == ""
    assert err.startswith(f"boardpack check: {message}")
    assert err.count(message) == 1
    assert json_code == 1
    assert [p["code"] for p in json.loads(json_out)["problems"]] == [code]


def test_build_refuses_the_file_and_leaves_the_output_folder_unchanged(
    hostile_file: tuple[Path, str, str],
    previous_pack: Path,
    tmp_path: Path,
    cli: Cli,
    files_of: Callable[[Path], Files],
) -> None:
    path, _, message = hostile_file
    out = tmp_path / "output"
    shutil.copytree(previous_pack, out)
    before = files_of(out)
    siblings = sorted(p.name for p in tmp_path.iterdir())

    exit_code, stdout, err = cli(
        "build", "--master", str(path), "--out", str(out), "--templates", str(TEMPLATES)
    )

    assert exit_code == 1
    assert message in err
    assert "Traceback" not in stdout + err
    assert files_of(out) == before
    # No staging folder is left behind; the cache beside the output may be made.
    after = sorted(p.name for p in tmp_path.iterdir() if p.name != ".boardpack-cache")
    assert after == siblings


# Attacks on the reader itself: each is refused quickly, with its place, and uses
# little memory. The command runs in a child process with a time limit and an
# address-space limit, so that a regression fails the test rather than the machine.

MEMORY_LIMIT = 2 * 1024 * MB
SECONDS = 60


def run_limited(*argv: str, cwd: Path | None = None) -> tuple[int, str, float]:
    """``boardpack ARGV`` in a child process limited in memory and time: (code, output, s)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "boardpack", *argv],
        capture_output=True,
        text=True,
        timeout=SECONDS,
        preexec_fn=limit,
        cwd=cwd,
    )
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


def change_part(path: Path, part: str, change: Callable[[bytes], bytes]) -> None:
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            target.writestr(name, change(data) if name == part else data)


def with_row_reference(path: Path, row: str, column: str = "A") -> Path:
    """The small plan with one more Updates row whose references are ``row`` and ``column``."""
    write_master(path, SMALL_PLAN, report=REPORT)
    part = safety.inspect_package(path).sheet_parts["Updates"]
    extra = f'<row r="{row}"><c r="{column}{row}" t="inlineStr"><is><t>x</t></is></c></row>'
    change_part(
        path, part, lambda xml: xml.replace(b"</sheetData>", extra.encode() + b"</sheetData>")
    )
    return path


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("+100000000000", "A"),
        ("1e12", "A"),
        ("\uff11\uff12", "A"),  # full-width digits
        ("1048577", "A"),
        ("5", "XFE"),
    ],
    ids=["signed", "exponent", "full-width", "past-last-row", "past-last-column"],
)
def test_a_row_or_cell_reference_no_program_writes_is_refused_quickly(
    tmp_path: Path, row: str, column: str
) -> None:
    master = with_row_reference(tmp_path / "master.xlsx", row, column)
    shown = f"{column}{row}" if row == "5" else row
    said = "the sheet 'Updates' cannot be read: expected row numbers from 1 to 1,048,576"

    for argv in (
        ("check", "--master", str(master)),
        ("check", "--master", str(master), "--json"),
        ("new-period", "2020-01-31", "--master", str(master)),
        ("explain", "1.1", "--master", str(master)),
        (
            "build",
            "--master",
            str(master),
            "--templates",
            str(TEMPLATES),
            "--out",
            str(tmp_path / "out"),
        ),
    ):
        code, output, seconds = run_limited(*argv)

        assert code == 1, output
        assert said in " ".join(output.split())
        assert f"found the reference '{shown}'" in output or "\\uff11" in output
        assert "Traceback" not in output
        assert seconds < 20
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["master.xlsx"]


_INLINE = re.compile(rb'(<c [^>]*?)t="inlineStr"><is><t>([^<]*)</t></is>')
_SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
_STRINGS_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def with_decoy_strings(path: Path) -> Path:
    """The small plan, its Report sheet's text moved into shared strings, and a decoy
    shared-strings part that only ``[Content_Types].xml`` names."""
    write_master(path, SMALL_PLAN, report=REPORT)
    part = safety.inspect_package(path).sheet_parts["Report"]
    strings: list[bytes] = []

    def shared(match: re.Match[bytes]) -> bytes:
        strings.append(match[2])
        return match[1] + b't="s"><v>' + str(len(strings) - 1).encode() + b"</v>"

    change_part(path, part, lambda xml: _INLINE.sub(shared, xml))
    items = b"".join(b"<si><t>" + text + b"</t></si>" for text in strings)
    decoys = b"".join(b"<si><t>DECOY</t></si>" for _ in strings)
    change_part(
        path,
        "xl/_rels/workbook.xml.rels",
        lambda xml: xml.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdStrings" Target="strings.xml" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
            b"</Relationships>",
        ),
    )
    change_part(
        path,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            b"</Types>",
            b'<Override PartName="/xl/decoy.xml" ContentType="' + _STRINGS_TYPE + b'"/></Types>',
        ),
    )
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/strings.xml", _SST + items + b"</sst>")
        archive.writestr("xl/decoy.xml", _SST + decoys + b"</sst>")
    return path


def test_shared_strings_are_found_through_the_relationships_not_the_content_types(
    tmp_path: Path,
) -> None:
    plan, problems = read_master(with_decoy_strings(tmp_path / "master.xlsx"))

    assert plan is not None
    assert (plan.report.organisation, plan.report.title) == ("Testshire Council", "Test plan")
    assert "DECOY" not in repr(plan)
    assert [p for p in problems if p.is_error] == []


def with_measure_value(path: Path, unit: str, value: object) -> Path:
    plan = dict(SMALL_PLAN)
    plan["Measures"] = [{"Measure": "M1", "Name": "Audits rated good", "Unit": unit}]
    plan["Measure values"] = [
        {"Measure": "M1", "Date": "2019-10-31", "Kind": "Actual", "Value": value}
    ]
    write_master(path, plan, report=REPORT)
    return path


@pytest.mark.parametrize(
    ("unit", "value", "said"),
    [
        ("%", 1_000_000, "expected a percentage between -1,000% and 1,000%, found 1e+06%"),
        ("%", -1_001, "expected a percentage between -1,000% and 1,000%, found -1,001%"),
        ("number", 1e12, "expected a figure between -1,000,000,000 and 1,000,000,000, found"),
        ("days", -2e9, "expected a figure between -1,000,000,000 and 1,000,000,000, found"),
    ],
    ids=["percent-million", "percent-below", "number-1e12", "days-negative"],
)
def test_an_absurd_measure_value_is_a_located_error_from_check(
    tmp_path: Path, unit: str, value: object, said: str
) -> None:
    master = with_measure_value(tmp_path / "master.xlsx", unit, value)

    code, output, seconds = run_limited("check", "--master", str(master), "--json")

    problems = json.loads(output)["problems"]
    assert code == 1
    assert [(p["code"], p["sheet"], p["cell"]) for p in problems] == [
        ("value-out-of-range", "Measure values", "D2")
    ]
    assert problems[0]["message"].startswith(said)
    assert seconds < 20


def test_a_value_that_is_not_finite_is_a_located_error(tmp_path: Path) -> None:
    master = with_measure_value(tmp_path / "master.xlsx", "number", 5)
    part = safety.inspect_package(master).sheet_parts["Measure values"]
    change_part(master, part, lambda xml: xml.replace(b"<v>5</v>", b"<v>1e999</v>"))

    plan, problems = read_master(master)

    assert [(p.code, p.sheet, p.cell) for p in problems] == [
        ("value-out-of-range", "Measure values", "D2")
    ]
    assert plan is not None and plan.measure_values == []


def test_a_plan_past_the_action_limit_is_refused_before_any_rule_runs(tmp_path: Path) -> None:
    from boardpack.workbook.limits import MAX_ACTIONS

    count = MAX_ACTIONS + 1
    plan: dict[str, list[dict[str, object]]] = {
        "Areas": [{"Area": "1", "Title": "Assessments"}],
        "Actions": [
            {"Ref": f"1.{n}", "Area": "1", "Action": "Audit.", "Target": "Ongoing."}
            for n in range(1, count + 1)
        ],
        "Updates": [{"Period": "2019-10-31", "Ref": "1.1", "RAG": "G", "Progress": "On track."}],
    }
    master = tmp_path / "master.xlsx"
    write_master(master, plan, report=REPORT)

    code, output, seconds = run_limited("check", "--master", str(master), "--json")

    problems = json.loads(output)["problems"]
    assert code == 1
    assert [(p["code"], p["sheet"]) for p in problems] == [("plan-too-large", "Actions")]
    assert problems[0]["message"].startswith(f"expected at most 5,000 actions, found {count:,}.")
    assert seconds < 30


def test_a_cell_longer_than_excel_allows_is_a_located_error(tmp_path: Path) -> None:
    master = tmp_path / "master.xlsx"
    write_master(master, SMALL_PLAN, report=REPORT)
    part = safety.inspect_package(master).sheet_parts["Actions"]
    change_part(master, part, lambda xml: xml.replace(b">Audit.<", b">" + b"x" * 40_000 + b"<"))

    _, problems = read_master(master)

    assert [(p.code, p.sheet, p.cell) for p in problems if p.is_error] == [
        ("text-too-long", "Actions", "C2")
    ]


def test_the_benchmark_plan_is_well_inside_every_limit(tmp_path: Path) -> None:
    from boardpack.workbook import limits

    spec = importlib.util.spec_from_file_location(
        "bench_synthetic", ROOT / "bench" / "synthetic.py"
    )
    assert spec is not None and spec.loader is not None
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    master = synthetic.write_large_plan(
        tmp_path / "large.xlsx", areas=50, actions_per_area=40, periods=8, measures=30
    )

    plan, problems = read_master(master)

    assert plan is not None
    assert [p for p in problems if p.code == "plan-too-large"] == []
    assert len(plan.areas) * 4 <= limits.MAX_AREAS
    assert len(plan.actions) * 2 <= limits.MAX_ACTIONS
    assert len({u.period for u in plan.updates}) * 4 <= limits.MAX_PERIODS
    assert len(plan.measures) * 4 <= limits.MAX_MEASURES
    assert len(plan.measure_values) * 4 <= limits.MAX_MEASURE_VALUES
