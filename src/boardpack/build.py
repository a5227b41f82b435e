"""The pipeline: read the master, apply the rules, draw charts, fill templates, write the pack.

Everything is gathered and validated first, then rendered in memory, then written to a
staging folder beside the output folder and swapped into place, so a failed build
leaves the output folder exactly as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from boardpack.model import Plan
from boardpack.problems import (
    BoardpackError,
    InputError,
    Problem,
    UsageError,
    count_line,
    has_errors,
    sorted_problems,
)
from boardpack.status import Chart, PackStatus

if TYPE_CHECKING:
    from boardpack.background import Background

DOCUMENT_STEMS = ("members-update", "cabinet-briefing")
CHARTS_DIR = "charts"
PACK_JSON = "pack.json"
CACHE_DIR_NAME = ".boardpack-cache"
#: The names the build owns in the output folder; anything else there is left alone.
OWNED_NAMES = frozenset(
    {CHARTS_DIR, PACK_JSON}
    | {f"{stem}.{suffix}" for stem in DOCUMENT_STEMS for suffix in ("docx", "pdf")}
)
#: the key of the master workbook in ``pack.json``'s inputs, whatever the file is called
MASTER_KEY = "master"


@dataclass
class BuildResult:
    """What a build wrote and what it found."""

    out_dir: Path
    status: PackStatus
    problems: list[Problem]
    files: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    stage_seconds: dict[str, float] = field(default_factory=dict)


class ProblemsFound(InputError):
    """The workbook or templates have problems that stop the command; all are listed."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_plan(
    master: Path, extra_problems: list[Problem] | None = None
) -> tuple[Plan, list[Problem]]:
    """Read the master; raise :class:`InputError` when no plan can be built from it.

    ``extra_problems`` (e.g. from template checks) are reported with the workbook's.
    """
    from boardpack.workbook.reader import read_master

    plan, problems = read_master(master)
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
    if pdf:
        from boardpack.pdf import require_soffice

        require_soffice()  # say so before any work, not after the documents are made
    if not cache:
        cache_dir = None
    elif cache_dir is None:
        cache_dir = out.resolve().parent / CACHE_DIR_NAME
    timer = _Timer()
    checking = _check_templates_meanwhile(templates, cache_dir)
    try:
        try:
            with timer.stage("read"):
                plan, problems = read_plan(master)
            with timer.stage("rules"):
                status, problems = apply_rules(plan, problems, master, as_at=as_at, strict=strict)
        except ProblemsFound as error:
            with timer.stage("read"):
                problems = error.problems + checking.result()
            raise _not_built(master, problems, strict) from error
        with timer.stage("charts"):
            charts = draw_charts(status, cache_dir=cache_dir, workers=workers)
        with timer.stage("read"):
            problems = sorted_problems(problems + checking.result())
        if has_errors(problems, strict=strict):
            raise _not_built(master, problems, strict)
        status.problems = problems
    finally:
        checking.close()
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
    from boardpack.render import check_templates

    if cache_dir is None:
        return check_templates(templates)
    record = _template_record(templates, cache_dir)
    remembered = _remembered(record)
    return remembered if remembered is not None else _check_and_remember(templates, record)


def _check_and_remember(templates: Path, record: Path) -> list[Problem]:
    """Check the templates and keep the result in ``record`` (if the cache can be written)."""
    from boardpack.render import check_templates

    problems = check_templates(templates)
    staged = record.with_suffix(f".{os.getpid()}.tmp")
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        staged.write_text(json.dumps([p.to_json() for p in problems]), encoding="utf-8")
        os.replace(staged, record)
    except OSError:  # the cache only saves time: a build never fails for want of it
        with contextlib.suppress(OSError):
            staged.unlink(missing_ok=True)
    return problems


def _template_record(templates: Path, cache_dir: Path) -> Path:
    """Where the check of these templates, by this rendering code, is remembered."""
    import boardpack.render
    from boardpack.render import TEMPLATE_NAMES

    key = hashlib.sha256()
    code = sorted(Path(boardpack.render.__file__).parent.glob("*.py"))
    for path in [*code, *(templates / name for name in TEMPLATE_NAMES)]:
        key.update(path.name.encode() + b"\0")
        key.update(path.read_bytes() if path.is_file() else b"missing")
    return cache_dir / f"templates-{key.hexdigest()}.json"


def _remembered(record: Path) -> list[Problem] | None:
    """The problems a record holds; ``None`` for no record, or a damaged one."""
    try:
        return [Problem(**item) for item in json.loads(record.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return None


def _check_templates_meanwhile(
    templates: Path, cache_dir: Path | None
) -> Background[list[Problem]]:
    """The templates' problems, checked in a forked process while the workbook is read,
    the rules applied and the charts drawn; they are joined before anything is filled.

    A remembered check is read at once instead (a process would cost more than it saves).
    """
    from boardpack.background import Background
    from boardpack.render import check_templates

    if cache_dir is None:
        return Background(lambda: check_templates(templates))
    record = _template_record(templates, cache_dir)
    remembered = _remembered(record)
    if remembered is not None:
        return Background.done(remembered)
    return Background(lambda: _check_and_remember(templates, record))


def _input_hashes(master: Path, templates: Path) -> dict[str, str]:
    from boardpack.render import TEMPLATE_NAMES

    hashes = {MASTER_KEY: sha256(master.read_bytes())}
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
    """Write every output into a staging folder, check it, then swap it into place.

    A file system failure (a full disk, a folder that cannot be written) becomes a
    :class:`OutputError` saying which folder and why; the output folder is unchanged.
    """
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = _staging_folder(out)
    except OSError as error:
        raise OutputError(out, error) from error
    try:
        files = _fill_staging(staging, status, charts, documents, master, templates, pdf=pdf)
        _swap_into_place(staging, out)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise OutputError(out, error) from error
        raise
    return files


class OutputError(BoardpackError):
    """The output folder could not be written; it was left as it was."""

    def __init__(self, out: Path, error: OSError) -> None:
        reason = error.strerror or str(error)
        where = f" ({error.filename})" if error.filename else ""
        super().__init__(
            f"Could not write the pack into {out}: {reason}{where}. Nothing in {out} was "
            "changed; free some disk space or choose another folder with --out, then try again."
        )


def _staging_folder(out: Path) -> Path:
    """A new, empty folder beside ``out``, with the permissions ``out`` has (or would get)."""
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    if out.is_dir():
        mode = out.stat().st_mode & 0o7777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o777 & ~umask
    os.chmod(staging, mode)
    return staging


def _fill_staging(
    staging: Path,
    status: PackStatus,
    charts: list[Chart],
    documents: Mapping[str, bytes],
    master: Path,
    templates: Path,
    *,
    pdf: bool,
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
    data = pack_json(status, charts=charts, files=files, inputs=_input_hashes(master, templates))
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
    """Raise :class:`InputError` unless ``path`` holds exactly ``content``.

    The documents were checked whole (package, XML, accessibility) when they were
    rendered; what is on disk must be those very bytes.
    """
    if path.read_bytes() != content:
        message = f"{path.name} was not written whole; nothing was changed. Try again."
        raise InputError(message, [Problem("error", "invalid-output", path.name, None, message)])


def _swap_into_place(staging: Path, out: Path) -> None:
    """Replace ``out`` with ``staging``, carrying over what the build does not own.

    Files of the user's own in ``out`` (and links, as links) are copied across
    first. Once the new folder is in place the build has succeeded: removing the
    old one afterwards is tidying up, which neither an error nor Ctrl-C can undo.
    """
    if out.exists() and not out.is_dir():
        raise UsageError(f"The output path is a file, not a folder: {out}")
    if not out.exists():
        os.replace(staging, out)
        return
    for entry in out.iterdir():
        if entry.name not in OWNED_NAMES:
            if entry.is_dir() and not entry.is_symlink():
                shutil.copytree(entry, staging / entry.name, symlinks=True)
            else:
                shutil.copy2(entry, staging / entry.name, follow_symlinks=False)
    previous = Path(tempfile.mkdtemp(prefix=f".{out.name}.previous-", dir=out.parent))
    previous.rmdir()
    os.replace(out, previous)
    try:
        os.replace(staging, out)
    except BaseException:
        os.replace(previous, out)
        raise
    _remove_quietly(previous)


def _remove_quietly(folder: Path) -> None:
    """Remove ``folder``, finishing even if Ctrl-C arrives meanwhile."""
    import signal

    try:
        handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals cannot be deferred here
        handler = None
    try:
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        if handler is not None:
            signal.signal(signal.SIGINT, handler)
