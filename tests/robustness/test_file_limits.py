"""A file built to hurt the machine is refused at the command line, clearly and harmlessly.

Each hostile file makes ``check`` and ``build`` exit with code 1 and a message that
names the file and what to do, never a traceback; ``build`` leaves the output folder
exactly as it was.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from boardpack.build import build_pack
from boardpack.workbook import safety
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
