"""Write the embedded example master workbook (``inputs/master.xlsx``).

Usage: ``python tools/build_example.py [OUTPUT]``. The same data always gives the
same file, so the committed workbook changes only when the example data does.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from boardpack.workbook.example_plan import EXTRA_COLUMNS, example_data, example_report
from boardpack.workbook.writer import write_master

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "inputs" / "master.xlsx"


def build_example(output: Path = DEFAULT_OUTPUT) -> Path:
    """Write the example workbook to ``output`` and return the path."""
    output.parent.mkdir(parents=True, exist_ok=True)
    write_master(output, example_data(), report=example_report(), extra_columns=EXTRA_COLUMNS)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "output", nargs="?", type=Path, default=DEFAULT_OUTPUT, help="where to write the workbook"
    )
    args = parser.parse_args(argv)
    print(f"Wrote {build_example(args.output)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
