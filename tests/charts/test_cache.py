"""draw_charts: order, cache, parallel drawing, and no matplotlib when all is cached."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from boardpack.charts import chart_specs, draw_charts
from boardpack.charts.cache import ChartCache
from boardpack.status import PackStatus

from .conftest import AUDITS, DAYS_TO_DECISION, RETURN_INTERVIEWS

CONFTEST = Path(__file__).with_name("conftest.py")
StatusMaker = Callable[..., PackStatus]


def test_charts_carry_names_alt_text_width_and_areas(haringey: PackStatus):
    charts = draw_charts(haringey)
    assert [c.name for c in charts] == [
        "rag-by-period", "rag-by-area", "key-measures", "measure-M1", "measure-M2", "measure-M3",
    ]  # fmt: skip
    audits = charts[3]
    assert audits.measure_id == "M1" and audits.area_ids == ("1",)
    assert audits.filename == "measure-M1.png"
    assert audits.width_cm == 16.0
    assert "87%" in audits.alt_text
    assert charts[0].measure_id is None
    assert all(c.png.startswith(b"\x89PNG") for c in charts)


def test_cache_is_filled_with_one_png_per_key(haringey: PackStatus, tmp_path: Path):
    charts = draw_charts(haringey, cache_dir=tmp_path / "cache")
    keys = [s.key() for s in chart_specs(haringey)]
    files = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert files == sorted(f"{k}.{suffix}" for k in keys for suffix in ("png", "sha256"))
    for key, chart in zip(keys, charts, strict=True):
        assert (tmp_path / "cache" / f"{key}.png").read_bytes() == chart.png


def test_cached_charts_are_identical_to_drawn_ones(haringey: PackStatus, tmp_path: Path):
    drawn = draw_charts(haringey)
    draw_charts(haringey, cache_dir=tmp_path)
    cached = draw_charts(haringey, cache_dir=tmp_path)
    assert [c.png for c in cached] == [c.png for c in drawn]


def test_warm_cache_is_used_instead_of_drawing(
    haringey: PackStatus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    draw_charts(haringey, cache_dir=tmp_path)

    def refuse(spec: object) -> bytes:
        raise AssertionError("drew a chart that was cached")

    monkeypatch.setattr("boardpack.charts.pack.draw_chart", refuse)
    assert len(draw_charts(haringey, cache_dir=tmp_path)) == 6


def test_changed_measure_value_redraws_only_that_chart(status_maker: StatusMaker, tmp_path: Path):
    draw_charts(status_maker(), cache_dir=tmp_path)
    changed = replace(
        AUDITS, points=[p if p[1] != "Actual" else (p[0], p[1], 91.0) for p in AUDITS.points]
    )
    status = status_maker(measures=[changed, RETURN_INTERVIEWS, DAYS_TO_DECISION])
    charts = draw_charts(status, cache_dir=tmp_path)
    # the measure's chart and the key-measures chart, which shows its latest actual
    assert len(list(tmp_path.glob("*.png"))) == 8
    assert "91%" in charts[2].alt_text and "91%" in charts[3].alt_text


def test_a_damaged_cache_file_is_drawn_again(haringey: PackStatus, tmp_path: Path):
    first = draw_charts(haringey, cache_dir=tmp_path)
    key = chart_specs(haringey)[0].key()
    (tmp_path / f"{key}.png").write_bytes(b"not a png")
    again = draw_charts(haringey, cache_dir=tmp_path)
    assert again[0].png == first[0].png
    assert (tmp_path / f"{key}.png").read_bytes() == first[0].png


def test_cache_writes_leave_no_temporary_files(tmp_path: Path):
    cache = ChartCache(tmp_path / "new")
    cache.put("ab" * 32, b"\x89PNG\r\n\x1a\nrest")
    names = sorted(p.name for p in (tmp_path / "new").iterdir())
    assert names == [f"{'ab' * 32}.png", f"{'ab' * 32}.sha256"]
    assert cache.get("ab" * 32) == b"\x89PNG\r\n\x1a\nrest"
    assert cache.get("cd" * 32) is None


def test_cache_refuses_a_key_that_is_not_hex(tmp_path: Path):
    with pytest.raises(ValueError, match="lower-case hex"):
        ChartCache(tmp_path).path("../escape")


@pytest.mark.slow
def test_parallel_drawing_gives_the_same_bytes_in_the_same_order(haringey: PackStatus):
    serial = draw_charts(haringey)
    parallel = draw_charts(haringey, workers=2)
    assert [c.name for c in parallel] == [c.name for c in serial]
    assert [c.png for c in parallel] == [c.png for c in serial]


def run_child(code: str) -> str:
    prelude = f"""
import importlib.util, sys
spec = importlib.util.spec_from_file_location("chart_fixtures", {str(CONFTEST)!r})
fixtures = importlib.util.module_from_spec(spec)
sys.modules["chart_fixtures"] = fixtures
spec.loader.exec_module(fixtures)
"""
    result = subprocess.run(
        [sys.executable, "-c", prelude + code], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_full_cache_does_not_import_matplotlib(haringey: PackStatus, tmp_path: Path):
    expected = draw_charts(haringey, cache_dir=tmp_path)
    output = run_child(f"""
import boardpack.charts
charts = boardpack.charts.draw_charts(fixtures.make_status(), cache_dir={str(tmp_path)!r})
print(len(charts), "matplotlib" in sys.modules)
""")
    assert output == f"{len(expected)} False"


@pytest.mark.slow
def test_another_process_draws_identical_bytes(haringey: PackStatus, tmp_path: Path):
    here = draw_charts(haringey)
    run_child(f"""
from pathlib import Path
import boardpack.charts
for chart in boardpack.charts.draw_charts(fixtures.make_status()):
    Path({str(tmp_path)!r}, chart.filename).write_bytes(chart.png)
""")
    for chart in here:
        assert (tmp_path / chart.filename).read_bytes() == chart.png, chart.name


def test_a_cache_that_cannot_be_written_or_read_is_skipped(tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cache = ChartCache(blocker / "cache")
    cache.put("ab" * 32, b"\x89PNG\r\n\x1a\nrest")
    assert cache.get("ab" * 32) is None
