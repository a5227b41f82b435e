"""``boardpack export``: the pack's data as CSV files and ``pack-data.xlsx``, all or nothing.

The master is read and checked as for a build (the same problems, the same exit
codes); the files are made in memory, written to a staging folder, checked, and
swapped into place as a build's are (:mod:`boardpack.output_folder`: locked,
recovered after a kill, the folder's attributes kept, mount points handled), so a
failure leaves the output folder as it was. ``data.json`` beside them records the
master's SHA-256 (of the bytes read), the as-at date, each file's SHA-256 and what
every column means.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from boardpack import __version__, output_folder
from boardpack.build import ProblemsFound, load_status
from boardpack.dates import iso
from boardpack.export.columns import TABLES, TYPES, meaning
from boardpack.export.tables import Table, tables
from boardpack.export.text import csv_safe
from boardpack.export.workbook import workbook_bytes
from boardpack.inputs import MASTER_KEY, Inputs, sha256
from boardpack.output_folder import refuse_unsafe
from boardpack.packjson import dumps_pack
from boardpack.problems import Problem, UsageError
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
    notes: list[str] = field(default_factory=list)  # what the user should know, not problems


def export_data(
    master: Path,
    out: Path,
    *,
    as_at: date | None = None,
    strict: bool = False,
    on_wait: Callable[[str], None] | None = None,
) -> ExportResult:
    """Read ``master``, apply the rules and write every data file into ``out``.

    An ``out`` whose replacement would lose the master or the current folder is
    refused before any work. The master is hashed from the bytes read, and a master
    saved meanwhile stops the export (:class:`boardpack.inputs.Inputs`). ``on_wait``
    is told when another build or export into the same folder must finish first.
    """
    refuse_unsafe(out, master, command="export")
    inputs = Inputs.read({MASTER_KEY: master}, "export")
    try:
        status, problems = load_status(master, as_at=as_at, strict=strict)
    except ProblemsFound as error:
        raise ProblemsFound(f"{error.message}; nothing was exported", error.problems) from error
    outputs = data_files(status, master.name, inputs.hashes[MASTER_KEY])
    inputs.check_unchanged()
    notes = _write_all(out, outputs, on_wait)
    files = {name: sha256(content) for name, content in outputs.items()}
    return ExportResult(out, status, problems, files, notes)


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


def _write_all(
    out: Path, outputs: Mapping[str, bytes], on_wait: Callable[[str], None] | None
) -> list[str]:
    """Write ``outputs`` into a staging folder, check them, swap them into place.

    As for a build (:mod:`boardpack.output_folder`): the folder is locked, a swap cut
    short by a kill is put right first, the folder's owner, group, mode and extended
    attributes are kept, and a folder that is a mount point has its files swapped one
    by one. Returns what the user should know (as sentences); on any failure the
    folder is left as it was.
    """
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise UsageError(f"The output path is a file, not a folder: {out}")
    notes: list[str] = []

    def fill(staging: Path) -> None:
        for name, content in outputs.items():
            (staging / name).write_bytes(content)
        for name, content in outputs.items():
            if (staging / name).read_bytes() != content:
                raise OSError(errno.EIO, "a file read back different from what was written", name)

    output_folder.write_all(out, fill, OWNED_NAMES, notes, on_wait)
    return notes
