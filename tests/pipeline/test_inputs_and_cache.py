"""What a pack records and reuses can be trusted: inputs hashed as read, a chart cache
that only the user can write, each cached chart checked against its recorded hash."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from boardpack.build import build_pack
from boardpack.charts.pack import PlannedCharts
from boardpack.problems import InputError

pytestmark = pytest.mark.slow  # whole builds


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# --- the master saved while a build reads it -----------------------------------------


def test_a_master_saved_during_a_build_is_never_recorded_for_the_old_documents(
    example_master: Path, templates_dir: Path, tmp_path: Path, monkeypatch, cli
) -> None:
    out = tmp_path / "output"
    build_pack(example_master, templates_dir, out, cache=False, workers=1)
    before = snapshot(out)
    saved_later = example_master.read_bytes() + b""  # Excel saving again: a new file
    real_draw = PlannedCharts.finish

    def save_meanwhile(*args, **kwargs):
        replacement = example_master.with_name("saving.tmp")
        replacement.write_bytes(saved_later)
        os.replace(replacement, example_master)  # as Excel saves
        return real_draw(*args, **kwargs)

    monkeypatch.setattr(PlannedCharts, "finish", save_meanwhile)
    code, _, err = cli(
        "build", "--master", str(example_master), "--templates", str(templates_dir),
        "--out", str(out), "--no-cache",
    )  # fmt: skip
    assert code == 1
    assert "was saved while the pack was being built" in err and "nothing was built" in err
    assert snapshot(out) == before


def test_the_hashes_in_pack_json_are_of_the_bytes_read(
    example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "output"
    build_pack(example_master, templates_dir, out, cache=False, workers=1)
    inputs = json.loads((out / "pack.json").read_text())["inputs"]
    assert inputs["master"] == hashlib.sha256(example_master.read_bytes()).hexdigest()
    for name in ("members-update.docx", "cabinet-briefing.docx"):
        expected = hashlib.sha256((templates_dir / name).read_bytes()).hexdigest()
        assert inputs[f"templates/{name}"] == expected


def test_a_template_saved_during_a_build_stops_it(
    example_master: Path, templates_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(templates_dir, templates)
    real_draw = PlannedCharts.finish

    def save_meanwhile(*args, **kwargs):
        path = templates / "cabinet-briefing.docx"
        path.write_bytes(path.read_bytes())  # saved again in Word
        return real_draw(*args, **kwargs)

    monkeypatch.setattr(PlannedCharts, "finish", save_meanwhile)
    with pytest.raises(InputError, match=r"cabinet-briefing\.docx was saved while"):
        build_pack(example_master, templates, tmp_path / "out", cache=False, workers=1)
    assert not (tmp_path / "out").exists()


# --- the chart cache ------------------------------------------------------------------


def tampered(cache: Path) -> Path:
    """Swap one cached chart for another valid PNG, as someone with write access could."""
    pictures = sorted(cache.glob("*.png"))
    shutil.copyfile(pictures[1], pictures[0])
    return pictures[0]


def test_a_tampered_cached_chart_is_redrawn_and_reported(
    example_master: Path, templates_dir: Path, tmp_path: Path, cli
) -> None:
    clean = tmp_path / "clean"
    build_pack(example_master, templates_dir, clean, cache=False, workers=1)
    out = tmp_path / "output"
    cache = tmp_path / ".boardpack-cache"
    build_pack(example_master, templates_dir, out, workers=1)
    changed = tampered(cache)
    argv = ["build", "--master", str(example_master), "--templates", str(templates_dir)]
    code, _, err = cli(*argv, "--out", str(out))
    assert code == 0
    assert f"Note: the cached chart {changed} did not match the hash recorded" in err
    assert snapshot(out / "charts") == snapshot(clean / "charts")  # what is published is true
    code, _, err = cli(*argv, "--out", str(out))
    assert "did not match" not in err  # redrawn and replaced


@pytest.mark.parametrize("who", ["everyone", "group", "another-user"])
def test_a_chart_cache_others_can_write_is_not_used(
    who: str, example_master: Path, templates_dir: Path, tmp_path: Path, cli
) -> None:
    clean = tmp_path / "clean"
    build_pack(example_master, templates_dir, clean, cache=False, workers=1)
    out = tmp_path / "output"
    cache = tmp_path / ".boardpack-cache"
    build_pack(example_master, templates_dir, out, workers=1)
    assert cache.stat().st_mode & 0o777 == 0o700  # made for the user alone
    picture = sorted(cache.glob("*.png"))[0]
    tampered(cache)  # tampering that also rewrote the recorded hash
    picture.with_suffix(".sha256").write_text(hashlib.sha256(picture.read_bytes()).hexdigest())
    if who == "another-user":
        if os.geteuid() != 0:
            pytest.skip("needs root to give the folder away")
        os.chown(cache, 4343, -1)
    else:
        cache.chmod(0o777 if who == "everyone" else 0o770)
    argv = ["build", "--master", str(example_master), "--templates", str(templates_dir)]
    code, _, err = cli(*argv, "--out", str(out))
    assert code == 0
    assert f"Note: not using the chart cache {cache}" in err
    assert snapshot(out / "charts") == snapshot(clean / "charts")
