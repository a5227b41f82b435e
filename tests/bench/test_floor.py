"""The plain floor does the work it claims: every action a row, a RAG fill, the charts."""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from pathlib import Path
from types import ModuleType

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "inputs" / "master.xlsx"


def _floor() -> ModuleType:
    """``bench/floor.py``, loaded as ``make bench`` runs it: beside ``baseline.py``."""
    if str(ROOT / "bench") not in sys.path:
        sys.path.append(str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("bench_floor", ROOT / "bench" / "floor.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


floor = _floor()


def test_floor_writes_two_documents_with_a_filled_row_per_action(tmp_path: Path) -> None:
    floor.run_floor(EXAMPLE, 3, tmp_path)
    actions = floor._actions(floor.read_every_cell(EXAMPLE))
    assert len(actions) == 40
    for name in ("members-update.docx", "cabinet-briefing.docx"):
        with zipfile.ZipFile(tmp_path / name) as package:
            xml = package.read("word/document.xml").decode()
        assert xml.count("<w:tr") == 1 + len(actions)  # the header and one row per action
        assert xml.count("<w:shd ") == len(actions)
        assert 'w:fill="C00000"' in xml or 'w:fill="FFC000"' in xml


def test_floor_draws_the_number_of_charts_asked_at_150_dpi(tmp_path: Path) -> None:
    seconds = floor.run_floor(EXAMPLE, 3, tmp_path)
    assert set(seconds) == {"read", "charts", "render", "write"}
    pngs = sorted((tmp_path / "charts").glob("*.png"))
    assert len(pngs) == 3
    with Image.open(io.BytesIO(pngs[0].read_bytes())) as image:
        assert image.size == (round(6.3 * 150), round(3.0 * 150))


def test_the_floor_is_given_as_many_charts_as_the_pack_draws() -> None:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    run = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = run  # its dataclasses look their module up
    try:
        spec.loader.exec_module(run)
    finally:
        del sys.modules["bench_run"]
    # two RAG charts and the two measures with two figures or more; the other six are a
    # line of text in the documents, and the committed templates place no chart of key
    # measures, so a build draws no chart of them
    assert run.chart_count(EXAMPLE) == 4
