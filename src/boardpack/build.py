"""The pipeline: read the master, apply the rules, draw charts, fill templates, write the pack.

Everything is gathered and validated first, then rendered in memory, then written to a
staging folder beside the output folder and swapped into place, so a failed build
leaves the output folder exactly as it was.
"""

from __future__ import annotations

import errno
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from boardpack.inputs import MASTER_KEY, Inputs, sha256
from boardpack.model import Plan
from boardpack.output_folder import OutputError
from boardpack.packjson import JsonDict, written_parts
from boardpack.problems import (
    InputError,
    Problem,
    UsageError,
    count_line,
    has_errors,
    sorted_problems,
)
from boardpack.status import Chart, PackStatus

if TYPE_CHECKING:
    from boardpack.charts.drawer import ChartDrawer
    from boardpack.charts.pack import PlannedCharts
    from boardpack.render import Filling

__all__ = ["BuildResult", "OutputError", "ProblemsFound", "build_pack"]

DOCUMENT_STEMS = ("members-update", "cabinet-briefing")
CHARTS_DIR = "charts"
PACK_JSON = "pack.json"
CACHE_DIR_NAME = ".boardpack-cache"
#: The names the build owns in the output folder; anything else there is left alone.
OWNED_NAMES = frozenset(
    {CHARTS_DIR, PACK_JSON}
    | {f"{stem}.{suffix}" for stem in DOCUMENT_STEMS for suffix in ("docx", "pdf")}
)


@dataclass
class BuildResult:
    """What a build wrote and what it found."""

    out_dir: Path
    status: PackStatus
    problems: list[Problem]
    files: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    stage_seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the user should know, not problems


class ProblemsFound(InputError):
    """The workbook or templates have problems that stop the command; all are listed."""


def load_status(
    master: Path, *, as_at: date | None = None, strict: bool = False
) -> tuple[PackStatus, list[Problem]]:
    """Read the master and apply the rules; raise :class:`InputError` with every problem."""
    plan, problems = read_plan(master)
    return apply_rules(plan, problems, master, as_at=as_at, strict=strict)


def read_plan(
    master: Path, extra_problems: list[Problem] | None = None, data: bytes | None = None
) -> tuple[Plan, list[Problem]]:
    """Read the master; raise :class:`InputError` when no plan can be built from it.

    ``extra_problems`` (e.g. from template checks) are reported with the workbook's;
    ``data`` is the master's bytes when they were already read.
    """
    from boardpack.workbook.reader import read_master

    plan, problems = read_master(master, data)
    problems = list(problems) + list(extra_problems or [])
    if plan is None:
        raise ProblemsFound(_failure_message(master, problems), problems)
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

    status = derive(plan, as_at)
    problems = sorted_problems(problems + status.problems)
    if has_errors(problems, strict=strict):
        raise ProblemsFound(_failure_message(master, problems, strict=strict), problems)
    status.problems = problems
    return status, problems


def _failure_message(master: Path, problems: list[Problem], *, strict: bool = False) -> str:
    """``inputs/master.xlsx: 2 errors, 1 warning; members-update.docx: 1 error``.

    Each file with problems is named with its own counts, so a broken template is
    not blamed on the workbook. Template problems carry the template's file name
    as their sheet.
    """
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        sheet = problem.sheet or ""
        source = sheet if sheet.lower().endswith(".docx") else str(master)
        by_file.setdefault(source, []).append(problem)
    named = [str(master)] if str(master) in by_file else []
    named += sorted(name for name in by_file if name != str(master))
    message = "; ".join(f"{name}: {count_line(by_file[name])}" for name in named)
    if strict and not any(p.is_error for p in problems):
        message += " (--strict treats warnings as errors)"
    return message


def _not_built(master: Path, problems: list[Problem], strict: bool) -> ProblemsFound:
    """The error for problems that stop a build, every one of them listed."""
    message = _failure_message(master, problems, strict=strict)
    return ProblemsFound(f"{message}; nothing was built", problems)


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
    on_wait: Callable[[str], None] | None = None,
    drawer: ChartDrawer | None = None,
) -> BuildResult:
    """Build the whole pack into ``out``, all or nothing.

    An ``out`` whose replacement would lose the inputs is refused before any work
    (:func:`boardpack.output_folder.refuse_unsafe`). With ``cache``, drawn charts are
    kept by content in ``cache_dir`` (default: ``.boardpack-cache`` beside ``out``) and
    reused, if only the user can write there; ``workers`` draws charts in parallel
    (default: chosen by :func:`boardpack.charts.draw_charts`). ``on_wait`` is told when
    another build into the same folder must finish first. ``drawer`` is a chart drawer
    the caller started before its own imports, so that matplotlib is imported meanwhile
    (default: one is started here); the build stops it.
    """
    from boardpack.charts.drawer import ChartDrawer

    drawer = drawer if drawer is not None else ChartDrawer()
    try:
        return _build(
            master,
            templates,
            out,
            drawer,
            as_at=as_at,
            strict=strict,
            pdf=pdf,
            cache=cache,
            cache_dir=cache_dir,
            workers=workers,
            on_wait=on_wait,
        )
    finally:
        drawer.close()


def _build(
    master: Path,
    templates: Path,
    out: Path,
    drawer: ChartDrawer,
    *,
    as_at: date | None,
    strict: bool,
    pdf: bool,
    cache: bool,
    cache_dir: Path | None,
    workers: int | None,
    on_wait: Callable[[str], None] | None,
) -> BuildResult:
    """:func:`build_pack` with its chart drawer started."""
    from boardpack.charts.cache import ChartCache, trusted_cache_dir
    from boardpack.charts.pack import PlannedCharts
    from boardpack.output_folder import refuse_unsafe
    from boardpack.render import render_documents, unused_charts
    from boardpack.template_cache import check_templates_meanwhile

    refuse_unsafe(out, master, templates)
    if not templates.is_dir():
        raise UsageError(f"Templates folder not found: {templates}")
    if pdf:
        from boardpack.pdf import require_soffice

        require_soffice()  # say so before any work, not after the documents are made
    notes: list[str] = []
    if not cache:
        cache_dir = None
    else:
        cache_dir, refused = trusted_cache_dir(cache_dir or out.resolve().parent / CACHE_DIR_NAME)
        notes.extend(refused)
    inputs = Inputs.read(_input_files(master, templates), "build")
    timer = _Timer()
    checking = check_templates_meanwhile(templates, cache_dir, inputs.templates)
    try:
        try:
            with timer.stage("read"):
                plan, problems = read_plan(master, data=inputs.contents.get(MASTER_KEY))
            with timer.stage("rules"):
                status, problems = apply_rules(plan, problems, master, as_at=as_at, strict=strict)
        except ProblemsFound as error:
            with timer.stage("read"):
                problems = error.problems + checking.result()
            raise _not_built(master, problems, strict) from error
        chart_cache = ChartCache(cache_dir) if cache_dir is not None else None
        with timer.stage("charts"):
            leave_out = unused_charts(templates, inputs.templates)
            planned = PlannedCharts(status, chart_cache, leave_out)
            planned.start(workers, drawer)
        filling = _fill_meanwhile(status, planned, templates, inputs.templates)
        try:
            with timer.stage("charts"):
                parts = written_parts(status)  # while the charts and documents are made
                charts = planned.finish()
            if chart_cache is not None:
                notes.extend(chart_cache.rejected)
            with timer.stage("read"):
                problems = sorted_problems(problems + checking.result())
            if has_errors(problems, strict=strict):
                raise _not_built(master, problems, strict)
            status.problems = problems
            with timer.stage("render"):
                documents = (
                    filling.finish(charts)
                    if filling is not None
                    else render_documents(status, charts, templates, inputs.templates)
                )
        finally:
            if filling is not None:
                filling.cancel()
    finally:
        checking.close()
        drawer.close()  # before the pack is written: its processes are done with
    inputs.check_unchanged()
    with timer.stage("write"):
        files = _write_pack(
            out,
            status,
            charts,
            documents,
            inputs.hashes,
            pdf=pdf,
            notes=notes,
            on_wait=on_wait,
            parts=parts,
        )
    return BuildResult(out, status, problems, files, timer.seconds, notes)


def _fill_meanwhile(
    status: PackStatus, planned: PlannedCharts, templates: Path, sources: Mapping[str, bytes]
) -> Filling | None:
    """The documents, started filling with stand-ins for the charts still to draw, so that
    both are made at once; ``None`` when every chart is cached already or a template is
    missing (the template check then says so before anything is filled)."""
    from boardpack.render import Filling

    if not planned.missing:
        return None
    try:
        return Filling(status, planned.stand_ins, templates, sources)
    except InputError:  # a template is missing
        return None


def _input_files(master: Path, templates: Path) -> dict[str, Path]:
    """The files a build reads, by their key in ``pack.json``'s inputs."""
    from boardpack.render import TEMPLATE_NAMES

    files = {MASTER_KEY: master}
    files.update({f"templates/{name}": templates / name for name in TEMPLATE_NAMES})
    return files


def _write_pack(
    out: Path,
    status: PackStatus,
    charts: list[Chart],
    documents: Mapping[str, bytes],
    inputs: dict[str, str],
    *,
    pdf: bool,
    notes: list[str],
    on_wait: Callable[[str], None] | None,
    parts: JsonDict | None = None,
) -> dict[str, str]:
    """Write every output into a staging folder, check it, then swap it into place
    (:func:`boardpack.output_folder.write_all`); the name → SHA-256 of each. ``parts``
    are the status's :func:`boardpack.packjson.written_parts`, when worked out already."""
    from boardpack.output_folder import write_all

    def fill(staging: Path) -> dict[str, str]:
        return _fill_staging(staging, status, charts, documents, inputs, pdf=pdf, parts=parts)

    return write_all(out, fill, OWNED_NAMES, notes, on_wait)


def _fill_staging(
    staging: Path,
    status: PackStatus,
    charts: list[Chart],
    documents: Mapping[str, bytes],
    inputs: dict[str, str],
    *,
    pdf: bool,
    parts: JsonDict | None = None,
) -> dict[str, str]:
    """Write and check every output in ``staging``; the name → SHA-256 of each."""
    from boardpack.packjson import dumps_pack, pack_json

    outputs: dict[str, bytes] = dict(documents)
    for chart in charts:
        outputs[f"{CHARTS_DIR}/{chart.filename}"] = chart.png
    for name, content in outputs.items():
        target = _inside(staging, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    for name, content in outputs.items():
        _check_written(staging / name, content)
    if pdf:
        from boardpack.pdf import convert_to_pdf

        for name in documents:
            pdf_path = convert_to_pdf(staging / name, staging, when=status.as_at)
            outputs[pdf_path.name] = pdf_path.read_bytes()
    files = {name: sha256(content) for name, content in sorted(outputs.items())}
    data = pack_json(status, charts=charts, files=files, inputs=inputs, parts=parts)
    (staging / PACK_JSON).write_text(dumps_pack(data), encoding="utf-8")
    files[PACK_JSON] = sha256((staging / PACK_JSON).read_bytes())
    return files


def _inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing any name that would lead outside ``folder``."""
    target = (folder / name).resolve()
    if not target.is_relative_to(folder.resolve()) or target == folder.resolve():
        raise ValueError(f"an output name must stay inside the pack, found {name!r}")
    return target


def _check_written(path: Path, content: bytes) -> None:
    """Raise :class:`OSError` unless ``path`` holds exactly ``content``.

    The documents were checked whole (package, XML, accessibility) when they were
    rendered; what is on disk must be those very bytes.
    """
    if path.read_bytes() != content:
        raise OSError(errno.EIO, "a file read back different from what was written", path.name)
