"""Building the pack: all or nothing, repeatable, and recorded in pack.json."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from boardpack import build as build_module
from boardpack.build import build_pack
from boardpack.problems import InputError


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by relative path, with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(parent: Path) -> list[str]:
    return sorted(
        p.name for p in parent.iterdir() if ".building-" in p.name or ".previous-" in p.name
    )


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded example built once for the module: ``output/`` and its chart ``cache/``."""
    root = Path(__file__).resolve().parents[2]
    folder = tmp_path_factory.mktemp("built")
    master = folder / "master.xlsx"
    shutil.copyfile(root / "inputs" / "master.xlsx", master)
    out = folder / "output"
    out.mkdir()
    (out / ".gitkeep").write_bytes(b"")
    build_pack(master, root / "templates", out, cache_dir=folder / "cache", workers=1)
    return folder


@pytest.fixture
def built(built_once: Path, tmp_path: Path) -> Path:
    """A private copy of the example's built output folder, with its chart cache beside it."""
    shutil.copytree(built_once / "cache", tmp_path / "cache", symlinks=True)
    return Path(shutil.copytree(built_once / "output", tmp_path / "output", symlinks=True))


def test_a_build_writes_both_documents_charts_and_pack_json(built: Path) -> None:
    names = snapshot(built)
    assert "members-update.docx" in names
    assert "cabinet-briefing.docx" in names
    assert "charts/rag-by-period.png" in names
    assert "charts/rag-by-area.png" in names
    assert "pack.json" in names


def test_pack_json_records_the_sha256_of_every_output_and_input(
    built: Path, example_master: Path, templates_dir: Path
) -> None:
    files = snapshot(built)
    data = json.loads(files["pack.json"])
    for name, content in files.items():
        if name in ("pack.json", ".gitkeep"):
            continue
        assert data["files"][name] == hashlib.sha256(content).hexdigest(), name
    assert data["inputs"] == {
        "master": hashlib.sha256(example_master.read_bytes()).hexdigest(),
        **{
            f"templates/{name}": hashlib.sha256((templates_dir / name).read_bytes()).hexdigest()
            for name in ("cabinet-briefing.docx", "members-update.docx")
        },
    }


def test_a_copy_of_the_master_under_another_name_gives_the_same_pack_json(
    built: Path, example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    renamed = tmp_path / "master.backup-20191031-120000.xlsx"
    shutil.copy(example_master, renamed)
    again = tmp_path / "again"
    build_pack(renamed, templates_dir, again, cache_dir=tmp_path / "cache", workers=1)
    assert (again / "pack.json").read_bytes() == (built / "pack.json").read_bytes()


def test_files_of_the_users_own_are_kept_whatever_they_are_called(
    built: Path, example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    own = {
        "members-update.final-approved.docx": b"signed off",
        "cabinet-briefing.comments.txt": b"notes",
        "pack.json.bak": b"{}",
    }
    for name, content in own.items():
        (built / name).write_bytes(content)
    (built / "linked").symlink_to(tmp_path / "elsewhere")
    build_pack(example_master, templates_dir, built, cache_dir=tmp_path / "cache", workers=1)
    for name, content in own.items():
        assert (built / name).read_bytes() == content, name
    assert (built / "linked").is_symlink()
    assert (built / "linked").readlink() == tmp_path / "elsewhere"


def test_a_build_keeps_the_output_folders_permissions(
    built: Path, example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    built.chmod(0o755)
    build_pack(example_master, templates_dir, built, cache_dir=tmp_path / "cache", workers=1)
    assert built.stat().st_mode & 0o777 == 0o755
    fresh = tmp_path / "fresh"
    build_pack(example_master, templates_dir, fresh, cache_dir=tmp_path / "cache", workers=1)
    assert fresh.stat().st_mode & 0o077 != 0  # others may read it, as with any new folder


def test_a_full_disk_is_a_clear_error_and_changes_nothing(
    built: Path, example_master: Path, templates_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    before = snapshot(built)
    real_write = Path.write_bytes

    def full(path: Path, data: bytes) -> int:
        if path.suffix == ".png":
            raise OSError(28, "No space left on device", str(path))
        return real_write(path, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(build_module.OutputError) as caught:
        build_pack(example_master, templates_dir, built, cache=False, workers=1)
    assert caught.value.message.startswith(
        f"Could not write the pack into {built.resolve()}: No space left on device ("
    )
    assert caught.value.message.endswith(
        f"Nothing in {built.resolve()} was changed; free some disk space or choose another "
        "folder with --out, then try again."
    )
    assert snapshot(built) == before
    assert leftovers(tmp_path) == []


def test_an_output_folder_inside_a_file_is_a_clear_error(
    example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(build_module.OutputError, match="Could not write the pack into"):
        build_pack(example_master, templates_dir, blocker / "out", cache=False, workers=1)


def test_files_the_build_does_not_own_are_kept(built: Path) -> None:
    assert (built / ".gitkeep").exists()


def test_two_builds_of_the_same_input_are_byte_identical(
    built: Path, example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    second = tmp_path / "second"
    build_pack(example_master, templates_dir, second, cache=False, workers=2)
    first_files = {k: v for k, v in snapshot(built).items() if k != ".gitkeep"}
    assert snapshot(second) == first_files


def test_a_workbook_error_changes_nothing_in_the_output_folder(
    built: Path, write_workbook, templates_dir: Path, tmp_path: Path
) -> None:
    before = snapshot(built)
    bad = write_workbook(
        Updates=[{"Period": "2019-10-31", "Ref": "1.1", "RAG": "Purple", "Progress": "x"}]
    )
    with pytest.raises(InputError) as failure:
        build_pack(bad, templates_dir, built, cache_dir=tmp_path / "cache")
    assert any(p.code == "bad-rag" for p in failure.value.problems)
    assert snapshot(built) == before
    assert leftovers(built.parent) == []


@pytest.mark.parametrize("stage", ["draw_charts", "render_documents", "pack_json", "interrupt"])
def test_a_failure_at_any_stage_leaves_the_output_folder_as_it_was(
    stage: str,
    built: Path,
    example_master: Path,
    templates_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = snapshot(built)

    def fail(*args: object, **kwargs: object) -> None:
        if stage == "interrupt":
            raise KeyboardInterrupt
        raise RuntimeError(f"{stage} failed")

    if stage == "draw_charts":
        monkeypatch.setattr("boardpack.charts.pack.PlannedCharts.finish", fail)
    elif stage == "render_documents":
        monkeypatch.setattr("boardpack.render.Filling.finish", fail)
    elif stage == "pack_json":
        monkeypatch.setattr("boardpack.packjson.pack_json", fail)
    else:
        monkeypatch.setattr("boardpack.output_folder.swap_into_place", fail)
    with pytest.raises((RuntimeError, KeyboardInterrupt)):
        build_pack(example_master, templates_dir, built, cache_dir=tmp_path / "cache")
    assert snapshot(built) == before
    assert leftovers(built.parent) == []


def test_a_document_written_short_is_never_put_in_place(
    built: Path,
    example_master: Path,
    templates_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = snapshot(built)
    real_write = Path.write_bytes

    def short(path: Path, data: bytes) -> int:
        return real_write(path, data[: len(data) // 2] if path.suffix == ".docx" else data)

    monkeypatch.setattr(Path, "write_bytes", short)
    with pytest.raises(build_module.OutputError) as caught:
        build_pack(example_master, templates_dir, built, cache_dir=tmp_path / "cache")
    assert caught.value.exit_code == 3
    assert caught.value.message.startswith(
        f"Could not write the pack into {built.resolve()}: a file read back different from "
        "what was written (members-update.docx). Nothing"
    )
    assert snapshot(built) == before
    assert leftovers(built.parent) == []


def test_a_build_into_a_new_folder_creates_it(
    example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "fresh" / "pack"
    result = build_pack(example_master, templates_dir, out, cache_dir=tmp_path / "cache")
    assert (out / "members-update.docx").exists()
    assert set(result.stage_seconds) == {"read", "rules", "charts", "render", "write"}


def test_a_broken_template_stops_the_build_before_anything_is_written(
    built: Path, example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    from docx import Document

    broken = tmp_path / "templates"
    shutil.copytree(templates_dir, broken)
    document = Document(str(broken / "members-update.docx"))
    paragraph = next(
        p
        for p in document.paragraphs
        if "{{ report.introduction" in p.text or "{%p for text in report.introduction" in p.text
    )
    paragraph.runs[0].text = paragraph.runs[0].text.replace("introduction", "intro")
    document.save(str(broken / "members-update.docx"))
    before = snapshot(built)
    with pytest.raises(InputError) as failure:
        build_pack(example_master, broken, built, cache_dir=tmp_path / "cache")
    problems = [p for p in failure.value.problems if p.is_error]
    assert [p.code for p in problems] == ["template-unknown-variable"]
    assert problems[0].sheet == "members-update.docx"
    assert "intro" in problems[0].message
    assert snapshot(built) == before


@pytest.mark.libreoffice
def test_build_with_pdf_writes_tagged_pdfs_and_records_them(
    example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = build_pack(example_master, templates_dir, out, pdf=True, cache_dir=tmp_path / "c")
    for stem in ("members-update", "cabinet-briefing"):
        pdf = out / f"{stem}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF")
        assert result.files[f"{stem}.pdf"] == hashlib.sha256(pdf.read_bytes()).hexdigest()


def test_build_with_pdf_but_no_libreoffice_fails_clearly_and_changes_nothing(
    built: Path,
    example_master: Path,
    templates_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from boardpack.problems import BoardpackError

    monkeypatch.setattr("boardpack.pdf.find_soffice", lambda: None)
    before = snapshot(built)
    with pytest.raises(BoardpackError, match="LibreOffice is not installed") as failure:
        build_pack(example_master, templates_dir, built, pdf=True, cache_dir=tmp_path / "c")
    assert failure.value.exit_code == 1
    assert snapshot(built) == before
    assert leftovers(built.parent) == []


def test_template_checks_are_remembered_until_a_template_changes(
    templates_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from boardpack import render
    from boardpack.template_cache import template_problems

    calls: list[Path] = []
    real_check = render.check_templates

    def counting_check(folder: Path) -> list[object]:
        calls.append(folder)
        return real_check(folder)

    monkeypatch.setattr(render, "check_templates", counting_check)
    templates = tmp_path / "templates"
    shutil.copytree(templates_dir, templates)
    cache = tmp_path / "cache"

    assert template_problems(templates, cache) == []
    assert template_problems(templates, cache) == []
    assert len(calls) == 1

    (templates / "cabinet-briefing.docx").write_bytes(b"not a template")
    problems = template_problems(templates, cache)
    assert len(calls) == 2
    assert [p.sheet for p in problems] == ["cabinet-briefing.docx"]


def _broken_templates(templates_dir: Path, folder: Path) -> Path:
    """A copy of the templates with the members' report replaced by a file Word cannot open."""
    folder.mkdir()
    shutil.copy(templates_dir / "cabinet-briefing.docx", folder)
    (folder / "members-update.docx").write_text("not a Word file")
    return folder


def test_template_and_workbook_problems_are_reported_together(
    write_workbook, templates_dir: Path, tmp_path: Path
) -> None:
    master = write_workbook(
        Updates=[{"Period": "2019-10-31", "Ref": "1.1", "RAG": "Purple", "Progress": "x"}]
    )
    templates = _broken_templates(templates_dir, tmp_path / "templates")
    with pytest.raises(InputError) as caught:
        build_pack(master, templates, tmp_path / "out", cache=False, workers=1)
    assert sorted(p.code for p in caught.value.problems if p.is_error) == [
        "bad-rag",
        "template-unreadable",
    ]
    assert caught.value.message == (
        f"{master}: 1 error, 1 warning; members-update.docx: 1 error; nothing was built"
    )
    assert not (tmp_path / "out").exists()


def test_a_broken_template_stops_a_build_of_a_sound_workbook_after_its_charts(
    example_master: Path, templates_dir: Path, tmp_path: Path
) -> None:
    templates = _broken_templates(templates_dir, tmp_path / "templates")
    with pytest.raises(InputError) as caught:
        build_pack(example_master, templates, tmp_path / "out", cache=False, workers=1)
    assert [p.code for p in caught.value.problems if p.is_error] == ["template-unreadable"]
    blamed = caught.value.message.split("members-update.docx")[0]
    assert caught.value.message.endswith("members-update.docx: 1 error; nothing was built")
    assert "error" not in blamed  # the workbook has only warnings (R9 on the example's text)
    assert not (tmp_path / "out").exists()


def test_the_template_check_during_a_build_gives_way_to_the_build(
    monkeypatch: pytest.MonkeyPatch, templates_dir: Path
) -> None:
    import os

    from boardpack import template_cache
    from boardpack.background import GIVE_WAY
    from boardpack.problems import Problem

    def niceness(templates: Path, sources: object) -> list[Problem]:
        return [Problem("warning", "niceness", "", None, str(os.nice(0)))]

    monkeypatch.setattr(template_cache, "_check", niceness)
    checking = template_cache.check_templates_meanwhile(templates_dir, None)
    [found] = checking.result()
    assert int(found.message) == os.nice(0) + GIVE_WAY
