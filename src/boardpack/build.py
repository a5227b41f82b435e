"""The pipeline: read the master, apply the rules, draw charts, fill templates, write the pack.

Everything is gathered and validated first, then rendered in memory, then written to a
staging folder beside the output folder and swapped into place, so a failed build
leaves the output folder exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from boardpack.model import Plan
from boardpack.problems import InputError, Problem, UsageError, has_errors, sorted_problems
from boardpack.status import Chart, PackStatus

#: Names the build owns in the output folder; anything else there is left alone.
DOCUMENT_STEMS = ("members-update", "cabinet-briefing")
CHARTS_DIR = "charts"
PACK_JSON = "pack.json"
CACHE_DIR_NAME = ".boardpack-cache"


@dataclass
class BuildResult:
    """What a build wrote and what it found."""

    out_dir: Path
    status: PackStatus
    problems: list[Problem]
    files: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    stage_seconds: dict[str, float] = field(default_factory=dict)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_status(
    master: Path,
    *,
    as_at: date | None = None,
    strict: bool = False,
    extra_problems: list[Problem] | None = None,
) -> tuple[PackStatus, list[Problem]]:
    """Read the master and apply the rules; raise :class:`InputError` with every problem on failure.

    ``extra_problems`` (e.g. from template checks) are reported together with the
    workbook's, so the user sees everything at once.
    """
    plan, problems = read_plan(master, extra_problems)
    return apply_rules(plan, problems, master, as_at=as_at, strict=strict)


def read_plan(
    master: Path, extra_problems: list[Problem] | None = None
) -> tuple[Plan, list[Problem]]:
    """Read the master; raise :class:`InputError` when no plan can be built from it."""
    from boardpack.workbook.reader import read_master

    plan, problems = read_master(master)
    problems = list(problems) + list(extra_problems or [])
    if plan is None:
        raise InputError(_failure_message(master, problems), problems)
    return plan, problems


def apply_rules(
    plan: Plan,
    problems: list[Problem],
    master: Path,
    *,
    as_at: date | None = None,
    strict: bool = False,
) -> tuple[PackStatus, list[Problem]]:
    """Derive the pack; raise :class:`InputError` when any problem stops the build."""
    from boardpack.rules import derive

    status = derive(plan, as_at, as_at_source="--as-at" if as_at else None)
    problems = sorted_problems(problems + status.problems)
    if has_errors(problems, strict=strict):
        raise InputError(_failure_message(master, problems, strict=strict), problems)
    status.problems = problems
    return status, problems


def _failure_message(master: Path, problems: list[Problem], *, strict: bool = False) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if strict and not errors:
        return f"{master}: {warnings} warning(s), which --strict treats as errors"
    return f"{master}: {errors} error(s) and {warnings} warning(s); nothing was built"


class _Timer:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


def build_pack(
    master: Path,
    templates: Path,
    out: Path,
    *,
    as_at: date | None = None,
    strict: bool = False,
    pdf: bool = False,
    cache: bool = True,
    cache_dir: Path | None = None,
    workers: int | None = None,
) -> BuildResult:
    """Build the whole pack into ``out``, all or nothing.

    With ``cache``, drawn charts are kept by content in ``cache_dir`` (default:
    ``.boardpack-cache`` beside ``out``) and reused; ``workers`` draws charts in
    parallel (default: chosen by :func:`boardpack.charts.draw_charts`).
    """
    from boardpack.charts import draw_charts
    from boardpack.render import render_documents

    if not templates.is_dir():
        raise UsageError(f"Templates folder not found: {templates}")
    if not cache:
        cache_dir = None
    elif cache_dir is None:
        cache_dir = out.resolve().parent / CACHE_DIR_NAME
    timer = _Timer()
    with timer.stage("read"):
        plan, problems = read_plan(master, template_problems(templates, cache_dir))
    with timer.stage("rules"):
        status, problems = apply_rules(plan, problems, master, as_at=as_at, strict=strict)
    with timer.stage("charts"):
        charts = draw_charts(status, cache_dir=cache_dir, workers=workers)
    with timer.stage("render"):
        documents = render_documents(status, charts, templates)
    with timer.stage("write"):
        files = _write_pack(out, status, charts, documents, master, templates, pdf=pdf)
    return BuildResult(out, status, problems, files, timer.seconds)


def template_problems(templates: Path, cache_dir: Path | None = None) -> list[Problem]:
    """The templates' problems, remembered in ``cache_dir`` while the templates are unchanged.

    Checking trial-renders both templates; the result depends only on the template
    files and on the rendering code, so both are part of the cache key.
    """
    import boardpack.render
    from boardpack.render import TEMPLATE_NAMES, check_templates

    if cache_dir is None:
        return check_templates(templates)
    key = hashlib.sha256()
    code = sorted(Path(boardpack.render.__file__).parent.glob("*.py"))
    for path in [*code, *(templates / name for name in TEMPLATE_NAMES)]:
        key.update(path.name.encode() + b"\0")
        key.update(path.read_bytes() if path.is_file() else b"missing")
    record = cache_dir / f"templates-{key.hexdigest()}.json"
    if record.is_file():
        try:
            return [Problem(**item) for item in json.loads(record.read_text(encoding="utf-8"))]
        except (ValueError, TypeError):
            pass  # a damaged record is checked again and rewritten
    problems = check_templates(templates)
    cache_dir.mkdir(parents=True, exist_ok=True)
    staged = record.with_suffix(f".{os.getpid()}.tmp")
    staged.write_text(json.dumps([p.to_json() for p in problems]), encoding="utf-8")
    os.replace(staged, record)
    return problems


def _input_hashes(master: Path, templates: Path) -> dict[str, str]:
    from boardpack.render import TEMPLATE_NAMES

    hashes = {master.name: sha256(master.read_bytes())}
    for name in TEMPLATE_NAMES:
        hashes[f"templates/{name}"] = sha256((templates / name).read_bytes())
    return hashes


def _write_pack(
    out: Path,
    status: PackStatus,
    charts: list[Chart],
    documents: Mapping[str, bytes],
    master: Path,
    templates: Path,
    *,
    pdf: bool,
) -> dict[str, str]:
    """Write every output into a staging folder, check it, then swap it into place."""
    from boardpack.packjson import dumps_pack, pack_json
    from boardpack.render.package import validate

    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        outputs: dict[str, bytes] = dict(documents)
        for chart in charts:
            outputs[f"{CHARTS_DIR}/{chart.filename}"] = chart.png
        for name, content in outputs.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        for name in documents:
            _check_document(staging / name, validate)
        if pdf:
            from boardpack.pdf import convert_to_pdf

            for name in documents:
                pdf_path = convert_to_pdf(staging / name, staging)
                outputs[pdf_path.name] = pdf_path.read_bytes()
        files = {name: sha256(content) for name, content in sorted(outputs.items())}
        data = pack_json(
            status, charts=charts, files=files, inputs=_input_hashes(master, templates)
        )
        (staging / PACK_JSON).write_text(dumps_pack(data), encoding="utf-8")
        files[PACK_JSON] = sha256((staging / PACK_JSON).read_bytes())
        _swap_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return files


def _check_document(path: Path, validate: Callable[[bytes], list[str]]) -> None:
    """Raise :class:`InputError` unless the document as written on disk is sound."""
    failures = validate(path.read_bytes())
    if failures:
        message = f"{path.name} was generated but is not a valid Word document: {failures[0]}"
        raise InputError(message, [Problem("error", "invalid-output", path.name, None, message)])


def _is_owned(name: str) -> bool:
    """True for the files and folders a build writes (and so replaces)."""
    stem = name.split(".", 1)[0]
    return name in (CHARTS_DIR, PACK_JSON) or stem in DOCUMENT_STEMS


def _swap_into_place(staging: Path, out: Path) -> None:
    """Replace ``out`` with ``staging``, carrying over files the build does not own."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"The output path is a file, not a folder: {out}")
    if out.exists():
        for entry in out.iterdir():
            if not _is_owned(entry.name):
                copy = shutil.copytree if entry.is_dir() else shutil.copy2
                copy(entry, staging / entry.name)
        previous = Path(tempfile.mkdtemp(prefix=f".{out.name}.previous-", dir=out.parent))
        previous.rmdir()
        os.replace(out, previous)
        try:
            os.replace(staging, out)
        except BaseException:
            os.replace(previous, out)
            raise
        shutil.rmtree(previous, ignore_errors=True)
    else:
        os.replace(staging, out)
