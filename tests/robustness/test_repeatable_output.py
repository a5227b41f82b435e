"""The same input gives the same bytes: whatever the clock, the time zone or the chart cache.

Zip entries record time to two seconds, so builds are separated by more than that;
the chart cache is cold, warm, absent, or damaged, and every file of the pack
(documents, charts, pack.json) must come out byte for byte the same.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

import pytest

from boardpack.build import build_pack
from boardpack.charts.cache import PNG_SIGNATURE, is_whole_png
from boardpack.charts.pack import PlannedCharts
from boardpack.status import PackStatus

Files = dict[str, bytes]
#: longer than the two-second resolution of a zip entry's time
GAP_SECONDS = 2.1


@pytest.fixture
def time_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Switch the process's local time zone for the rest of the test."""

    def switch(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield switch
    monkeypatch.undo()
    time.tzset()


def without_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every build draw its charts afresh, reading and writing no cache."""
    plan = PlannedCharts.__init__

    def uncached(
        self: PlannedCharts,
        status: PackStatus,
        cache_dir: object = None,
        leave_out: Collection[str] = (),
    ) -> None:
        plan(self, status, None, leave_out)

    monkeypatch.setattr(PlannedCharts, "__init__", uncached)


@pytest.mark.slow
def test_builds_at_different_times_zones_and_cache_states_are_byte_identical(
    example_master: Path,
    templates_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    time_zone: Callable[[str], None],
    files_of: Callable[[Path], Files],
) -> None:
    cache = tmp_path / "cache"

    time_zone("UTC")
    build_pack(example_master, templates_dir, tmp_path / "cold", cache_dir=cache, workers=1)
    cached = sorted(p.name for p in cache.iterdir())
    time.sleep(GAP_SECONDS)
    time_zone("Pacific/Kiritimati")
    build_pack(example_master, templates_dir, tmp_path / "warm", cache_dir=cache, workers=2)
    time.sleep(GAP_SECONDS)
    time_zone("America/St_Johns")
    with monkeypatch.context() as patch:
        without_cache(patch)
        build_pack(example_master, templates_dir, tmp_path / "none", cache_dir=cache, workers=4)

    cold = files_of(tmp_path / "cold")
    assert sorted(p.name for p in cache.iterdir()) == cached
    assert {"members-update.docx", "cabinet-briefing.docx", "pack.json"} <= set(cold)
    assert any(name.startswith("charts/") for name in cold)
    assert files_of(tmp_path / "warm") == cold
    assert files_of(tmp_path / "none") == cold


@pytest.mark.slow
def test_rebuilding_into_the_same_folder_later_changes_no_byte(
    example_master: Path,
    templates_dir: Path,
    tmp_path: Path,
    files_of: Callable[[Path], Files],
) -> None:
    out = tmp_path / "output"
    build_pack(example_master, templates_dir, out, cache_dir=tmp_path / "cache", workers=1)
    first = files_of(out)
    stamps = {path: path.stat().st_mtime_ns for path in out.rglob("*")}
    time.sleep(GAP_SECONDS)

    build_pack(example_master, templates_dir, out, cache_dir=tmp_path / "cache", workers=1)

    assert files_of(out) == first
    assert any(path.stat().st_mtime_ns != stamp for path, stamp in stamps.items())


def tiny_png() -> bytes:
    """A whole one-pixel grey PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + chunk(b"IEND", b"")
    )


def _damage(png: bytes, how: str) -> bytes:
    if how == "truncated":
        return png[: len(png) // 2]
    if how == "not-a-png":
        return b"GIF89a" + png[6:]
    return b""


@pytest.mark.parametrize("how", ["truncated", "not-a-png", "empty"])
def test_a_damaged_chart_in_the_cache_is_drawn_again_not_copied(
    how: str,
    example_master: Path,
    templates_dir: Path,
    tmp_path: Path,
    files_of: Callable[[Path], Files],
) -> None:
    cache = tmp_path / "cache"
    build_pack(example_master, templates_dir, tmp_path / "first", cache_dir=cache, workers=1)
    for path in cache.glob("*.png"):
        path.write_bytes(_damage(path.read_bytes(), how))

    build_pack(example_master, templates_dir, tmp_path / "again", cache_dir=cache, workers=1)

    assert files_of(tmp_path / "again") == files_of(tmp_path / "first")
    assert all(is_whole_png(p.read_bytes()) for p in cache.glob("*.png"))


@pytest.mark.parametrize(
    ("how", "whole"),
    [("whole", True), ("truncated", False), ("bit-flipped", False), ("trailing", False)],
    ids=["whole", "truncated", "bit-flipped", "trailing-bytes"],
)
def test_only_a_whole_intact_png_counts_as_a_cached_chart(how: str, whole: bool) -> None:
    png = tiny_png()
    if how == "truncated":
        png = png[:-20]
    elif how == "bit-flipped":
        png = png[:20] + bytes([png[20] ^ 1]) + png[21:]
    elif how == "trailing":
        png += b"junk"

    assert is_whole_png(png) is whole


def test_the_pack_does_not_depend_on_the_working_folder(
    example_master: Path,
    templates_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files_of: Callable[[Path], Files],
) -> None:
    build_pack(example_master, templates_dir, tmp_path / "a", cache_dir=tmp_path / "c", workers=1)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("USER", "someone-else")
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")

    build_pack(
        Path(os.path.relpath(example_master, elsewhere)),
        templates_dir,
        Path("b"),
        cache_dir=tmp_path / "c",
        workers=1,
    )

    assert files_of(elsewhere / "b") == files_of(tmp_path / "a")


@pytest.mark.slow
@pytest.mark.parametrize("clock", ["2031-06-01 12:00:00", "1999-12-31 23:59:59"])
def test_a_build_years_away_gives_the_same_bytes_pdfs_included(
    clock: str, example_master: Path, templates_dir: Path, tmp_path: Path, files_of
) -> None:
    """The whole process runs under libfaketime, so every clock it reads says ``clock``."""
    faketime = shutil.which("faketime")
    assert faketime, "faketime (Debian package faketime) is needed; .ci/run installs it"
    runs = {}
    for name, prefix in (("now", []), ("then", [faketime, clock])):
        out = tmp_path / name
        subprocess.run(
            [*prefix, sys.executable, "-m", "boardpack", "build", "--master", str(example_master),
             "--templates", str(templates_dir), "--out", str(out), "--no-cache", "--pdf"],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )  # fmt: skip
        runs[name] = files_of(out)
    assert sorted(runs["then"]) == sorted(runs["now"])
    for name, content in runs["now"].items():
        assert runs["then"][name] == content, name
