"""Each input is read once: the bytes hashed into pack.json are the bytes parsed.

The build's refusal of a file saved meanwhile is switched off here, to show that the
documents and pack.json agree even without it.
"""

from __future__ import annotations

import builtins
import hashlib
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from docx import Document

import boardpack.template_cache
import boardpack.workbook.reader
from boardpack import inputs
from boardpack.build import build_pack
from boardpack.render import TEMPLATE_NAMES

from .conftest import REPORT, WriteWorkbook

pytestmark = pytest.mark.slow  # whole builds


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def titled(write_workbook: WriteWorkbook, name: str, title: str) -> Path:
    report = [(key, title if key == "Title" else value) for key, value in REPORT]
    return write_workbook(name, report=report)


def outputs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.fixture
def no_second_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a build finish although an input was replaced after it was read."""
    monkeypatch.setattr(inputs.Inputs, "check_unchanged", lambda self: None)


@pytest.mark.usefixtures("no_second_check")
def test_a_master_replaced_after_it_is_read_is_not_parsed(
    write_workbook: WriteWorkbook, templates_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    master = titled(write_workbook, "plan.xlsx", "First version")
    second = titled(write_workbook, "second.xlsx", "Second version")
    first_bytes = master.read_bytes()
    build_pack(master, templates_dir, tmp_path / "clean", cache=False, workers=1)
    real_read = boardpack.workbook.reader.read_master

    def replaced_on_entry(*args, **kwargs):
        os.replace(second, master)  # saved again, after the build read it
        return real_read(*args, **kwargs)

    monkeypatch.setattr(boardpack.workbook.reader, "read_master", replaced_on_entry)
    out = tmp_path / "output"
    build_pack(master, templates_dir, out, cache=False, workers=1)

    assert master.read_bytes() != first_bytes  # the file on disk is the second version
    written = outputs(out)
    assert written == outputs(tmp_path / "clean")  # every document and pack.json
    members = Document(io.BytesIO(written["members-update.docx"]))
    assert members.core_properties.title == "First version"
    pack = json.loads(written["pack.json"])
    assert pack["inputs"]["master"] == sha256(first_bytes)
    assert "Second version" not in written["pack.json"].decode()


@pytest.mark.usefixtures("no_second_check")
def test_a_template_replaced_after_it_is_read_is_not_filled(
    example_master: Path, templates_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(templates_dir, templates)
    members = templates / "members-update.docx"
    first_bytes = members.read_bytes()
    build_pack(example_master, templates, tmp_path / "clean", cache=False, workers=1)
    real_check = boardpack.template_cache.check_templates_meanwhile

    def replaced_on_entry(*args, **kwargs):
        # another valid template, saved over this one after the build read it
        shutil.copyfile(templates / "cabinet-briefing.docx", members)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(boardpack.template_cache, "check_templates_meanwhile", replaced_on_entry)
    out = tmp_path / "output"
    build_pack(example_master, templates, out, cache=False, workers=1)

    assert members.read_bytes() != first_bytes
    written = outputs(out)
    assert written == outputs(tmp_path / "clean")
    pack = json.loads(written["pack.json"])
    assert pack["inputs"]["templates/members-update.docx"] == sha256(first_bytes)


def test_a_build_opens_the_master_and_each_template_once(
    example_master: Path, templates_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    watched = {example_master.resolve(), *((templates_dir / n).resolve() for n in TEMPLATE_NAMES)}
    opened: list[Path] = []
    real_open, real_os_open = builtins.open, os.open

    def note(file: object) -> None:
        if isinstance(file, (str, os.PathLike)) and Path(file).resolve() in watched:
            opened.append(Path(file).resolve())

    def counting_open(file, *args, **kwargs):
        note(file)
        return real_open(file, *args, **kwargs)

    def counting_os_open(file, *args, **kwargs):
        note(file)
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(io, "open", counting_open)
    monkeypatch.setattr(os, "open", counting_os_open)
    build_pack(example_master, templates_dir, tmp_path / "output", cache=False, workers=1)
    monkeypatch.undo()

    assert sorted(opened) == sorted(watched)
