"""``boardpack export``: the pack's data as CSV files and ``pack-data.xlsx``, all or nothing.

The master is read and checked as for a build (the same problems, the same exit
codes); the files are made in memory, written to a staging folder beside the
output folder, checked, and swapped into place, so a failure leaves the output
folder as it was. ``data.json`` beside them records the master's SHA-256, the
as-at date, each file's SHA-256 and what every column means.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from boardpack import __version__
from boardpack.build import OutputError, ProblemsFound, load_status, sha256
from boardpack.dates import iso
from boardpack.export.columns import TABLES, TYPES, meaning
from boardpack.export.tables import Table, tables
from boardpack.export.text import csv_safe
from boardpack.export.workbook import workbook_bytes
from boardpack.packjson import dumps_pack
from boardpack.problems import InputError, Problem, UsageError
from boardpack.rules.periods import has_as_at
from boardpack.status import PackStatus

WORKBOOK = "pack-data.xlsx"
DATA_JSON = "data.json"
#: The names the export owns in its folder; anything else there is left alone.
OWNED_NAMES = frozenset({f"{name}.csv" for name in TABLES} | {WORKBOOK, DATA_JSON})
#: the date inside the workbook when the plan has no as-at date
UNDATED = date(1980, 1, 1)


@dataclass
class ExportResult:
    """What an export wrote and what it found."""

    out_dir: Path
    status: PackStatus
    problems: list[Problem]
    files: dict[str, str] = field(default_factory=dict)  # name -> sha256


def export_data(
    master: Path, out: Path, *, as_at: date | None = None, strict: bool = False
) -> ExportResult:
    """Read ``master``, apply the rules and write every data file into ``out``."""
    try:
        status, problems = load_status(master, as_at=as_at, strict=strict)
    except ProblemsFound as error:
        raise ProblemsFound(f"{error.message}; nothing was exported", error.problems) from error
    outputs = data_files(status, master.name, sha256(master.read_bytes()))
    _refuse_shared_folder(out, master)
    _write_all(out, outputs)
    return ExportResult(out, status, problems, {n: sha256(c) for n, c in outputs.items()})


def data_files(status: PackStatus, master_name: str, master_sha256: str) -> dict[str, bytes]:
    """Every file of the export, by name: the CSV files, the workbook and ``data.json``."""
    made = tables(status)
    outputs = {f"{table.name}.csv": csv_bytes(table) for table in made}
    colours = {rag.word: entry.colour for rag, entry in status.plan.rag_key.items()}
    dated = status.as_at if has_as_at(status) else UNDATED
    about = _about(status, master_name, master_sha256)
    outputs[WORKBOOK] = workbook_bytes(made, about, colours, dated=dated)
    record = {
        "as_at": iso(status.as_at) if has_as_at(status) else None,
        "as_at_source": status.as_at_source,
        "period": iso(status.period),
        "previous_period": iso(status.previous_period),
        "inputs": {"master": master_sha256},
        "files": {name: sha256(outputs[name]) for name in sorted(outputs)},
        "tables": {
            table.name: {
                "file": f"{table.name}.csv",
                "rows": len(table.frame),
                "row_is": TABLES[table.name],
                "columns": {
                    name: {"type": TYPES[kind], "meaning": meaning(table.name, name)}
                    for name, kind in table.kinds.items()
                },
            }
            for table in made
        },
    }
    outputs[DATA_JSON] = dumps_pack(record).encode("utf-8")
    return outputs


def csv_bytes(table: Table) -> bytes:
    """UTF-8 CSV (RFC 4180 line ends) with a header row, ISO dates, formula-like text defused."""
    frame = table.frame.copy()
    for name, kind in table.kinds.items():
        if kind in ("text", "list"):
            frame[name] = frame[name].map(csv_safe)
    text: str = frame.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\r\n")
    if not text.endswith("\r\n"):  # pandas ends a header-only file with a bare \n
        text = text.removesuffix("\n") + "\r\n"
    return text.encode("utf-8")


def _about(status: PackStatus, master_name: str, master_sha256: str) -> list[tuple[str, str]]:
    report = status.plan.report
    return [
        ("Organisation", report.organisation),
        ("Report", report.title),
        ("Master workbook", master_name),
        ("Master SHA-256", master_sha256),
        ("As at", status.as_at.isoformat() if has_as_at(status) else "none given"),
        ("As at taken from", status.as_at_source),
        ("Current period", iso(status.period) or "none"),
        ("Previous period", iso(status.previous_period) or "none"),
        ("Dates", "ISO 8601 (YYYY-MM-DD); RAG ratings are the full words Blue, Green, Amber, Red"),
        (
            "Text that looks like a formula",
            "Text starting with =, +, - or @ is kept as text here; in the CSV files it has "
            "an apostrophe in front so that no spreadsheet runs it",
        ),
        ("Made by", f"boardpack {__version__} (boardpack export)"),
    ]


def _refuse_shared_folder(out: Path, master: Path) -> None:
    """Refuse a data folder that holds the master or the current folder.

    The whole folder is replaced by the swap; it must be one of the export's own.
    """
    folder = out.resolve()
    for what, inside in (
        ("the master workbook", master.resolve()),
        ("the current folder", Path.cwd()),
    ):
        if inside == folder or inside.is_relative_to(folder):
            raise UsageError(
                f"The data folder {out} holds {what}; export into a folder of its own, "
                "such as output/data."
            )


def _write_all(out: Path, outputs: Mapping[str, bytes]) -> None:
    """Write ``outputs`` into a staging folder beside ``out``, check them, swap into place."""
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise UsageError(f"The output path is a file, not a folder: {out}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.exporting-", dir=out.parent))
    except OSError as error:
        raise OutputError(out, error) from error
    try:
        os.chmod(staging, out.stat().st_mode & 0o7777 if out.is_dir() else 0o777 & ~_umask())
        for name, content in outputs.items():
            (staging / name).write_bytes(content)
        for name, content in outputs.items():
            if (staging / name).read_bytes() != content:
                message = f"{name} was not written whole; nothing was changed. Try again."
                raise InputError(message, [Problem("error", "invalid-output", name, None, message)])
        _swap_into_place(staging, out)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise OutputError(out, error) from error
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _swap_into_place(staging: Path, out: Path) -> None:
    """Replace ``out`` with ``staging``, carrying over the files the export does not own."""
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
    try:  # the export has succeeded; tidying up finishes even if Ctrl-C comes meanwhile
        handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        handler = None
    try:
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        if handler is not None:
            signal.signal(signal.SIGINT, handler)
