"""Write the embedded example master workbook (``inputs/master.xlsx``) from its data.

Usage: ``python tools/build_example.py [OUTPUT]``. The example is kept as one CSV file
per sheet in ``examples/haringey-2019/`` (see the README there); the same data always
gives the same file, so the committed workbook changes only when the data does.

How a CSV cell becomes a workbook cell:

- in a column of the contract, a blank cell is left empty, a cell of the form
  ``2019-10-31`` is a date, and a number in a ``Value`` column (the Report's value or
  a measure's value) is a number; everything else is text, written as it stands;
- in a column the contract does not have (``Note``), every cell is text, a blank one
  an empty text.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from boardpack.workbook.schema import REPORT, SHEETS, SheetSpec, normalise_header
from boardpack.workbook.writer import ReportRow, master_bytes

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "examples" / "haringey-2019"
DEFAULT_OUTPUT = ROOT / "inputs" / "master.xlsx"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
#: Columns whose numbers are written as numbers (normalised headers).
_NUMBER_COLUMNS = frozenset({"value"})


def csv_name(sheet: str) -> str:
    """The file that holds a sheet: ``Measure values`` is ``measure-values.csv``."""
    return sheet.lower().replace(" ", "-") + ".csv"


def _cell(header: str, text: str, known: frozenset[str]) -> object:
    """The value written for one CSV cell (see the module docstring)."""
    key = normalise_header(header)
    text = text.replace("\r\n", "\n")  # a file saved with Windows line endings
    if key not in known:
        return text
    if not text:
        return None
    if _ISO_DATE.fullmatch(text):
        return date.fromisoformat(text)
    if key in _NUMBER_COLUMNS and _NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    return text


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        raise ValueError(f"{path} is empty: its first line must be the sheet's headers")
    header, body = rows[0], rows[1:]
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise ValueError(
                f"{path}, line {number}: expected {len(header)} cells, found {len(row)}"
            )
    return header, body


def _sheet_rows(
    spec: SheetSpec, header: Sequence[str], body: Sequence[Sequence[str]]
) -> list[dict[str, object]]:
    known = frozenset(c.key for c in spec.columns)
    return [
        {name: _cell(name, text, known) for name, text in zip(header, row, strict=True)}
        for row in body
    ]


def _report_rows(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[ReportRow]:
    if [normalise_header(h) for h in header] != ["field", "value", "note"]:
        raise ValueError(f"report.csv: expected the headers Field, Value, Note; found {header}")
    known = frozenset(c.key for c in REPORT.columns)
    return [(field, _cell("Value", value, known), note) for field, value, note in body]


def read_example(
    folder: Path = DEFAULT_DATA,
) -> tuple[dict[str, list[dict[str, object]]], list[ReportRow], dict[str, tuple[str, ...]]]:
    """The example's sheet rows, Report rows and extra columns, as the writer takes them."""
    data: dict[str, list[dict[str, object]]] = {}
    extra: dict[str, tuple[str, ...]] = {}
    report: list[ReportRow] = []
    for spec in SHEETS:
        path = folder / csv_name(spec.name)
        if not path.exists():
            continue
        header, body = _read_csv(path)
        if spec is REPORT:
            report = _report_rows(header, body)
            continue
        known = {c.key for c in spec.columns}
        added = tuple(h for h in header if normalise_header(h) not in known)
        if added:
            extra[spec.name] = added
        data[spec.name] = _sheet_rows(spec, header, body)
    return data, report, extra


def example_bytes(folder: Path = DEFAULT_DATA) -> bytes:
    """The example workbook's content, built from the CSV files in ``folder``."""
    data, report, extra = read_example(folder)
    return master_bytes(data, report=report, extra_columns=extra)


def build_example(output: Path = DEFAULT_OUTPUT, folder: Path = DEFAULT_DATA) -> Path:
    """Write the example workbook to ``output`` and return the path."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(example_bytes(folder))
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "output", nargs="?", type=Path, default=DEFAULT_OUTPUT, help="where to write the workbook"
    )
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="the folder of CSV files, one per sheet"
    )
    args = parser.parse_args(argv)
    print(f"Wrote {build_example(args.output, args.data)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
