"""The ``boardpack`` command: the only place that prints and chooses exit codes."""

from __future__ import annotations

import argparse
import gc
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import NoReturn, TextIO

from boardpack import __version__
from boardpack.problems import (
    ERROR,
    BoardpackError,
    Note,
    Problem,
    UsageError,
    count_line,
    format_problem_table,
    has_errors,
    sorted_problems,
)
from boardpack.terminal import printable

DEFAULT_MASTER = Path("inputs/master.xlsx")
DEFAULT_TEMPLATES = Path("templates")
DEFAULT_OUT = Path("output")
DEFAULT_DATA_OUT = Path("output/data")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date as YYYY-MM-DD (e.g. 2019-10-31), found {text!r}"
        ) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boardpack",
        description=(
            "Build the members' update report and cabinet briefing from the master workbook."
        ),
    )
    parser.add_argument("--version", action="version", version=f"boardpack {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser("build", help="build the pack into the output folder")
    build.add_argument("--master", type=Path, default=DEFAULT_MASTER, help="the master workbook")
    build.add_argument("--templates", type=Path, default=DEFAULT_TEMPLATES, help="Word templates")
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the output folder")
    build.add_argument("--as-at", type=_iso_date, help="judge the plan at this date (YYYY-MM-DD)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--pdf", action="store_true", help="also write PDFs (needs LibreOffice)")
    build.add_argument("--no-cache", action="store_true", help="redraw every chart")

    check = commands.add_parser("check", help="check the master workbook and templates")
    check.add_argument("--master", type=Path, default=DEFAULT_MASTER, help="the master workbook")
    check.add_argument(
        "--templates", type=Path, default=None, help="Word templates to check (default: templates/)"
    )
    check.add_argument("--as-at", type=_iso_date, help="judge the plan at this date (YYYY-MM-DD)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--json", action="store_true", help="print the derived data as JSON")

    explain = commands.add_parser("explain", help="explain how one action's status was reached")
    explain.add_argument("ref", help="the action's Ref, e.g. 1.3")
    explain.add_argument("--master", type=Path, default=DEFAULT_MASTER, help="the master workbook")
    explain.add_argument("--as-at", type=_iso_date, help="judge the plan at this date (YYYY-MM-DD)")

    new_master = commands.add_parser("new-master", help="write an empty master workbook")
    new_master.add_argument("path", type=Path, help="where to write it (.xlsx)")

    new_period = commands.add_parser(
        "new-period", help="start the next reporting period in the master workbook"
    )
    new_period.add_argument("date", type=_iso_date, help="the new period (YYYY-MM-DD)")
    new_period.add_argument("--master", type=Path, default=DEFAULT_MASTER, help="the master")

    export = commands.add_parser("export", help="write the data as CSV files and an Excel workbook")
    export.add_argument("--master", type=Path, default=DEFAULT_MASTER, help="the master workbook")
    export.add_argument("--out", type=Path, default=DEFAULT_DATA_OUT, help="the data folder")
    export.add_argument("--as-at", type=_iso_date, help="judge the plan at this date (YYYY-MM-DD)")
    export.add_argument("--strict", action="store_true", help="treat warnings as errors")

    diff = commands.add_parser("diff", help="compare two pack.json files")
    diff.add_argument("old", type=Path, help="the earlier pack.json")
    diff.add_argument("new", type=Path, help="the later pack.json")
    return parser


def _say(text: str, stream: TextIO | None = None) -> None:
    """Print ``text`` with control characters escaped, whatever a file held."""
    print(printable(text), file=stream or sys.stdout)


def _print_problems(problems: Sequence[Problem], stream: TextIO | None = None) -> None:
    table = format_problem_table(problems)
    if table:
        _say(table, stream)


class Stopped(KeyboardInterrupt):
    """A stop signal (SIGTERM, SIGHUP) received: the command ends as for Ctrl-C."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _stop(number: int, frame: object) -> None:
    raise Stopped(number)


def _stop_on_signals() -> dict[int, object]:
    """End the command on SIGTERM or SIGHUP as on Ctrl-C: quietly, changing nothing.

    Returns the handlers replaced, for :func:`main` to put back.
    """
    replaced: dict[int, object] = {}
    for number in (signal.SIGTERM, signal.SIGHUP):
        try:
            replaced[number] = signal.signal(number, _stop)
        except ValueError:  # not the main thread (main() called from a thread)
            break
    return replaced


def _require_master(path: Path) -> None:
    """Refuse a master that is missing, a folder, a lock file or not a workbook, saying why.

    The reader checks this too; ``check`` asks first, before it checks the templates.
    """
    from boardpack.workbook.safety import check_path

    check_path(path)


def _run_build(args: argparse.Namespace) -> int:
    from boardpack.charts.drawer import ChartDrawer

    drawer = ChartDrawer()  # imports matplotlib while this process imports the rest
    from boardpack.build import build_pack

    result = build_pack(
        args.master,
        args.templates,
        args.out,
        as_at=args.as_at,
        strict=args.strict,
        pdf=args.pdf,
        cache=not args.no_cache,
        on_wait=lambda message: _say(f"boardpack build: {message}", sys.stderr),
        drawer=drawer,
    )
    _print_problems(result.problems, sys.stderr)
    for note in result.notes:
        _say(f"Note: {note}", sys.stderr)
    status = result.status
    _say(
        f"Built the pack for {status.plan.report.title} as at {status.as_at.isoformat()} "
        f"into {args.out}/ ({count_line(result.problems)}):"
    )
    for name in sorted(result.files):
        if "/" not in name:
            _say(f"  {args.out}/{name}")
    charts = sum(1 for name in result.files if name.startswith("charts/"))
    _say(f"  {args.out}/charts/ ({charts} charts)")
    return 0


def _check_problems(args: argparse.Namespace) -> list[Problem]:
    templates = args.templates
    if templates is None:
        templates = DEFAULT_TEMPLATES if DEFAULT_TEMPLATES.is_dir() else None
    elif not templates.is_dir():
        raise UsageError(f"Templates folder not found: {templates}")
    if templates is None:
        return []
    from boardpack.render import check_templates

    return check_templates(templates)


def _run_check(args: argparse.Namespace) -> int:
    from boardpack.build import read_plan
    from boardpack.packjson import dumps_pack, pack_json, unreadable_pack_json
    from boardpack.rules import derive, has_as_at

    try:
        _require_master(args.master)
        plan, problems = read_plan(args.master, _check_problems(args))
    except BoardpackError as error:
        if not args.json:
            raise
        found = error.problems or [Problem(ERROR, "usage", None, None, error.message)]
        data = unreadable_pack_json(found)
        sys.stdout.write(dumps_pack(data))
        return error.exit_code
    status = derive(plan, args.as_at)
    problems = sorted_problems(problems + status.problems)
    failed = has_errors(problems, strict=args.strict)
    if args.json:
        status.problems = problems
        data = pack_json(status)
        sys.stdout.write(dumps_pack(data))
        return 1 if failed else 0
    _print_problems(problems)
    _print_notes(plan.notes)
    verdict = "FAILED" if failed else "OK"
    strict_note = " (--strict: warnings count as errors)" if args.strict and problems else ""
    dated = f"as at {status.as_at.isoformat()}" if has_as_at(status) else "no as-at date"
    _say(
        f"{verdict}: {args.master}, {dated}: "
        f"{_counted(len(plan.areas), 'area')}, {_counted(len(plan.actions), 'action')}; "
        f"{count_line(problems)}{strict_note}"
    )
    return 1 if failed else 0


def _print_notes(notes: Sequence[Note]) -> None:
    """How the workbook was read: names read as the contract's, and what was not read."""
    if not notes:
        return
    print(f"Read as, and not read ({len(notes)}):")
    for note in notes:
        print(f"  {note}")


def _counted(number: int, noun: str) -> str:
    """``1 area``, ``9 areas``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _run_explain(args: argparse.Namespace) -> int:
    """Explain one action whenever a plan can be read from the workbook, errors or not.

    The problems in the action's rows come first in the explanation; only a workbook
    from which no plan can be read at all stops the command.
    """
    from boardpack.build import read_plan
    from boardpack.rules import derive
    from boardpack.rules.explain import explain_action

    plan, problems = read_plan(args.master)
    status = derive(plan, args.as_at)
    status.problems = sorted_problems(problems + status.problems)
    if status.action(args.ref.strip()) is None:
        known = ", ".join(a.ref for a in status.actions[:12])
        more = ", ..." if len(status.actions) > 12 else ""
        raise UsageError(
            f"No action with Ref {args.ref!r} in {args.master}; refs are {known}{more}"
        )
    _say(explain_action(status, args.ref))
    return 0


def _run_new_master(args: argparse.Namespace) -> int:
    from boardpack.workbook.writer import new_master

    new_master(args.path)
    _say(f"Wrote an empty master workbook to {args.path}")
    return 0


def _run_new_period(args: argparse.Namespace) -> int:
    from boardpack.workbook.period import start_new_period

    result = start_new_period(args.master, args.date)
    _say(result.describe())
    return 0


def _run_export(args: argparse.Namespace) -> int:
    from boardpack.export import export_data

    _require_master(args.master)
    result = export_data(
        args.master,
        args.out,
        as_at=args.as_at,
        strict=args.strict,
        on_wait=lambda message: _say(f"boardpack export: {message}", sys.stderr),
    )
    _print_problems(result.problems, sys.stderr)
    for note in result.notes:
        _say(f"Note: {note}", sys.stderr)
    print(
        f"Exported the data as at {result.status.as_at.isoformat()} "
        f"into {args.out}/ ({count_line(result.problems)}):"
    )
    for name in result.files:
        print(f"  {args.out}/{name}")
    return 0


def _run_diff(args: argparse.Namespace) -> int:
    from boardpack.diff import diff_packs, format_diff, load_pack

    _say(format_diff(diff_packs(load_pack(args.old), load_pack(args.new))))
    return 0


_COMMANDS = {
    "build": _run_build,
    "check": _run_check,
    "explain": _run_explain,
    "new-master": _run_new_master,
    "new-period": _run_new_period,
    "diff": _run_diff,
    "export": _run_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 bad input, 2 used wrongly,
    3 the output could not be written; 128 + the signal's number when stopped)."""
    args = _parser().parse_args(argv)
    replaced = _stop_on_signals()
    try:
        return _COMMANDS[args.command](args)
    except BoardpackError as error:
        if error.problems and [p.message for p in error.problems] != [error.message]:
            _print_problems(error.problems, sys.stderr)
            print(file=sys.stderr)
        _say(f"boardpack {args.command}: {error.message}", sys.stderr)
        return error.exit_code
    except Stopped as stop:
        name = signal.Signals(stop.number).name
        _say(f"boardpack {args.command}: stopped by {name}; nothing was changed", sys.stderr)
        return 128 + stop.number
    except KeyboardInterrupt:
        _say(f"boardpack {args.command}: interrupted; nothing was changed", sys.stderr)
        return 130
    finally:
        for number, handler in replaced.items():
            signal.signal(number, handler)  # type: ignore[arg-type]


#: The collector's thresholds while a command runs (Python's are 700, 10, 10): a build
#: makes millions of objects that live as long as it does, and every collection of the
#: oldest generation walks them all; collecting less often saves a large plan's build
#: about a third of a second.
COMMAND_THRESHOLDS = (50_000, 50, 100)


@contextmanager
def collector_for_a_command() -> Iterator[None]:
    """The collector as one command in its own process wants it: run less often while
    the command works (:data:`COMMAND_THRESHOLDS`), and kept off what the command leaves
    once it ends, which the process frees as it exits (a fifth of a second for a large
    plan). Not for use where the process goes on to other work."""
    gc.set_threshold(*COMMAND_THRESHOLDS)
    try:
        yield
    finally:
        gc.freeze()


def run() -> NoReturn:
    """The ``boardpack`` command: :func:`main` in a process of its own, then exit."""
    with collector_for_a_command():
        code = main()
    sys.exit(code)
