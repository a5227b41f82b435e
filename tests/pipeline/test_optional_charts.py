"""A chart no template places is not drawn; a template that places it gets it."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

from docx import Document

from boardpack.build import build_pack
from boardpack.charts.specs import KEY_MEASURES_CHART
from boardpack.render import TEMPLATE_NAMES, unused_charts
from boardpack.render.template_package import mentions

MEMBERS = TEMPLATE_NAMES[0]
KEY_FILE = f"charts/{KEY_MEASURES_CHART}.png"


def _with_key_chart(templates_dir: Path, folder: Path) -> Path:
    """The committed templates, the members' update placing the key measures chart, its
    field name split across two runs as Word often saves it."""
    for name in TEMPLATE_NAMES:
        shutil.copyfile(templates_dir / name, folder / name)
    doc = Document(str(folder / MEMBERS))
    paragraph = doc.add_paragraph()
    paragraph.add_run("{% if key")
    paragraph.add_run("_chart %}{{ key_chart.image }}{% endif %}")
    doc.save(str(folder / MEMBERS))
    return folder


def _pictures(document: Path) -> int:
    with zipfile.ZipFile(document) as package:
        return sum(1 for name in package.namelist() if name.startswith("word/media/"))


def test_the_committed_templates_leave_out_the_key_measures_chart(templates_dir: Path) -> None:
    assert unused_charts(templates_dir) == {KEY_MEASURES_CHART}


def test_a_chart_no_template_places_is_neither_drawn_nor_listed(
    example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build_pack(example_master, templates_dir, out, cache=False)
    assert not (out / KEY_FILE).exists()
    pack = json.loads((out / "pack.json").read_text())
    assert KEY_FILE not in json.dumps(pack)
    assert {c["file"] for c in pack["charts"]} == {
        f"charts/{p.name}" for p in (out / "charts").iterdir()
    }


def test_a_template_that_places_the_key_measures_chart_gets_it_drawn(
    example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    templates = _with_key_chart(templates_dir, tmp_path)
    assert unused_charts(templates) == frozenset()
    plain, placed = tmp_path / "plain", tmp_path / "placed"
    build_pack(example_master, templates_dir, plain, cache=False)
    build_pack(example_master, templates, placed, cache=False)
    assert (placed / KEY_FILE).exists()
    assert _pictures(placed / MEMBERS) == _pictures(plain / MEMBERS) + 1


def test_a_name_is_found_across_runs_and_an_unreadable_package_counts_as_naming_it(
    templates_dir: Path, tmp_path: Path
) -> None:
    members = (_with_key_chart(templates_dir, tmp_path) / MEMBERS).read_bytes()
    assert mentions(members, "key_chart")
    assert not mentions((templates_dir / MEMBERS).read_bytes(), "key_chart")
    assert mentions(b"not a zip", "key_chart")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", b"<w:t>nothing</w:t>")
    assert not mentions(buffer.getvalue(), "key_chart")
