"""``make bench``: time the whole build against the bare libraries, small and large plans.

Every run is a fresh ``python`` process, so start-up and imports are counted as a
user meets them. For the embedded example and a large made-up plan it prints the
median wall time of cold builds (a fresh chart cache each time) and of the baseline
(``bench/baseline.py``: only the openpyxl, matplotlib and docxtpl work) and of the
plain floor (``bench/floor.py``: simple charts, plain tables), the time
per stage, the peak memory, and their ratio; then the warm rebuild after one
Progress cell changes, and the time per action at two plan sizes.

    python bench/run.py [--quick] [--check]

``--quick`` runs each case fewer times; ``--check`` exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "master.xlsx"
TEMPLATES = ROOT / "templates"
#: Plans of 10, 30 and 50 areas of 40 actions; the largest is the "large plan".
GROWTH_AREAS = (10, 30, 50)
ACTIONS_PER_AREA = 40
STAGES = ("read", "rules", "charts", "render", "write")

#: The goals of docs/performance.md.
MAX_RATIO = 1.0
MAX_PEAK_MB = 500.0
MAX_WARM_SHARE = 0.5
#: How often the memory of a running case is sampled.
SAMPLE_SECONDS = 0.05
#: The cost of an added action may grow by this factor across the sizes and still be linear.
MAX_GROWTH = 1.25


class BenchError(Exception):
    """A benchmark run failed; the message holds the end of its error output."""


@dataclass
class Run:
    """One process as seen from outside: wall and CPU seconds, its stages, its memory.

    ``peak_mb`` is the process's own peak resident memory; ``tree_mb`` the largest
    total memory of it and the processes it started (chart workers, fills), each
    counting its proportional share of pages they hold in common (:func:`_tree_mb`),
    sampled every few hundredths of a second (0 where ``/proc`` is not available).
    """

    wall: float
    cpu: float
    stages: dict[str, float]
    peak_mb: float
    tree_mb: float = 0.0
    actions: int = 0

    @property
    def startup(self) -> float:
        """Seconds outside the stages: interpreter start, imports, exit."""
        return max(0.0, self.wall - sum(self.stages.values()))

    @property
    def memory_mb(self) -> float:
        """The most memory in use at once, as far as it was seen."""
        return max(self.peak_mb, self.tree_mb)


@dataclass
class Runs:
    """Repeated runs of one case, summarised by medians."""

    runs: list[Run] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)

    @property
    def memory_mb(self) -> float:
        return max(r.memory_mb for r in self.runs)

    @property
    def actions(self) -> int:
        return max(r.actions for r in self.runs)

    def stage(self, name: str) -> float:
        return statistics.median(r.stages.get(name, 0.0) for r in self.runs)

    @property
    def startup(self) -> float:
        return statistics.median(r.startup for r in self.runs)

    @property
    def least_cpu(self) -> float:
        """The least CPU time of the runs: load only ever adds time."""
        return min(r.cpu for r in self.runs)

    @property
    def in_process(self) -> float:
        return statistics.median(sum(r.stages.values()) for r in self.runs)


# --- in the child process -------------------------------------------------------------


def _peak_mb() -> float:
    """This process's peak resident memory in MB (Linux counts in kB, macOS in bytes)."""
    kilobytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kilobytes / 1024 if sys.platform != "darwin" else kilobytes / 1024 / 1024


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _child(mode: str, args: Sequence[str]) -> dict[str, object]:
    """Run one build or baseline and describe it as JSON-able data."""
    if mode == "build":  # as the ``boardpack build`` command does
        from boardpack.charts.drawer import ChartDrawer

        drawer = ChartDrawer()
        from boardpack.build import build_pack

        master, templates, out, cache = (Path(a) for a in args)
        result = build_pack(master, templates, out, cache_dir=cache, drawer=drawer)
        return {"stages": result.stage_seconds, "actions": len(result.status.actions)}
    if mode == "baseline":
        sys.path.insert(0, str(Path(__file__).parent))
        from baseline import run_baseline

        master, folder = (Path(a) for a in args)
        return {"stages": run_baseline(master, folder)}
    if mode == "floor":
        sys.path.insert(0, str(Path(__file__).parent))
        from floor import run_floor

        master, charts, folder = Path(args[0]), int(args[1]), Path(args[2])
        return {"stages": run_floor(master, charts, folder)}
    raise BenchError(f"unknown child mode {mode!r}")


# --- in the parent --------------------------------------------------------------------


def _tree_mb(root: int) -> float:
    """Memory of ``root`` and its descendants now, in MB, read from ``/proc``.

    Each process counts its proportional set size (``Pss`` in ``smaps_rollup``): a page a
    forked process still shares with its parent counts once among them, not once in each
    (its resident size counts it in each). Where ``smaps_rollup`` is missing, the resident
    size is taken.
    """
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended while being read
            continue
        parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(_process_kb(pid) for pid in tree) / 1024


def _process_kb(pid: int) -> int:
    """The proportional set size of the process in kB (its resident size where the system
    does not tell), or 0 if it has ended."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * (os.sysconf("SC_PAGE_SIZE") // 1024)


def run_child(mode: str, *args: Path) -> Run:
    """Run one case in a fresh interpreter and time it from outside.

    CPU time is the child's and its own children's (the chart workers), user and system.
    """
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode, *map(str, args)]
    sample = Path("/proc/self/stat").exists()
    tree_mb = 0.0
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        cpu = _cpu_of_children()
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True, cwd=ROOT)
        while child.poll() is None:
            if sample:
                tree_mb = max(tree_mb, _tree_mb(child.pid))
            time.sleep(SAMPLE_SECONDS)
        wall = time.perf_counter() - start
        cpu = _cpu_of_children() - cpu
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if child.returncode != 0:
        tail = "\n".join(stderr.strip().splitlines()[-6:])
        raise BenchError(f"{mode} {' '.join(map(str, args))} failed:\n{tail}")
    data = json.loads(stdout.strip().splitlines()[-1])
    return Run(wall, cpu, data["stages"], data["peak_mb"], tree_mb, data.get("actions", 0))


def chart_count(master: Path) -> int:
    """How many charts the pack of ``master`` has (those a build draws: a measure with
    fewer than two figures is a line of text instead, and a chart no template places is
    not drawn): the floor draws as many."""
    from boardpack.build import apply_rules, read_plan
    from boardpack.charts.pack import pack_specs
    from boardpack.render import unused_charts

    plan, problems = read_plan(master)
    status, _ = apply_rules(plan, problems, master)
    return len(pack_specs(status, unused_charts(TEMPLATES)))


Case = tuple[str, Path]


def rounds(cases: dict[str, Case], repeat: int, work: Path) -> dict[str, Runs]:
    """Run every case (name -> ``build``, ``baseline`` or ``floor`` of a master) ``repeat`` times.

    Builds are cold: a new output folder and an empty chart cache each time. The cases
    take turns in a rotating order, so that a change in the machine's load falls on
    all of them alike rather than on whichever happens to run last.
    """
    runs = {name: Runs() for name in cases}
    charts = {master: chart_count(master) for mode, master in cases.values() if mode == "floor"}
    names = list(cases)
    for n in range(repeat):
        for name in names[n % len(names) :] + names[: n % len(names)]:
            mode, master = cases[name]
            folder = Path(tempfile.mkdtemp(prefix="run-", dir=work))
            if mode == "build":
                run = run_child(mode, master, TEMPLATES, folder / "out", folder / "cache")
            elif mode == "floor":
                run = run_child(mode, master, Path(str(charts[master])), folder)
            else:
                run = run_child(mode, master, folder)
            runs[name].runs.append(run)
            shutil.rmtree(folder)
    return runs


def edited_copies(master: Path, work: Path) -> tuple[Path, Path]:
    """Two copies of ``master`` saved by openpyxl: as it is, and with one Progress cell changed.

    Both go through the same writer, so the only difference the build sees is the edit
    (the last update's progress gains a sentence).
    """
    from openpyxl import load_workbook

    same, edited = work / "same.xlsx", work / "edited.xlsx"
    book = load_workbook(master)
    book.save(same)
    sheet = next(ws for ws in book if ws.title.strip().lower() == "updates")
    headers = [str(c.value or "").strip().rstrip("*").strip().lower() for c in sheet[1]]
    column = headers.index("progress") + 1
    row = max(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column).value)
    cell = sheet.cell(row, column)
    cell.value = f"{cell.value} Reviewed again at the board."
    book.save(edited)
    return same, edited


def warm_rebuilds(master: Path, repeat: int, work: Path) -> tuple[Runs, Runs]:
    """Cold build, then a rebuild after one Progress edit with the same cache and output."""
    same, edited = edited_copies(master, work)
    cold, warm = Runs(), Runs()
    for n in range(repeat):
        folder = Path(tempfile.mkdtemp(prefix=f"warm-{n}-", dir=work))
        out, cache = folder / "out", folder / "cache"
        cold.runs.append(run_child("build", same, TEMPLATES, out, cache))
        warm.runs.append(run_child("build", edited, TEMPLATES, out, cache))
        shutil.rmtree(folder)
    return cold, warm


# --- the report -----------------------------------------------------------------------


@dataclass
class Report:
    """Prints as it goes and keeps each goal's verdict for the summary."""

    goals: list[tuple[str, bool]] = field(default_factory=list)

    def add(self, line: str = "") -> None:
        print(line, flush=True)

    def goal(self, name: str, ok: bool) -> str:
        self.goals.append((name, ok))
        return "met" if ok else "NOT MET"

    @property
    def missed(self) -> list[str]:
        return [name for name, ok in self.goals if not ok]


def _stage_table(report: Report, rows: Sequence[tuple[str, Runs]]) -> None:
    names = list(STAGES)
    names += sorted({s for _, runs in rows for r in runs.runs for s in r.stages} - set(names))
    report.add(
        f"  {'median seconds':<24}{'wall':>7}{'CPU':>7}{'startup':>9}"
        + "".join(f"{s:>8}" for s in names)
        + f"{'peak MB':>9}{'all MB':>8}"
    )
    for label, runs in rows:
        cells = [
            f"{runs.stage(s):>8.2f}" if any(s in r.stages for r in runs.runs) else f"{'-':>8}"
            for s in names
        ]
        report.add(
            f"  {label:<24}{runs.wall:>7.2f}{runs.cpu:>7.2f}{runs.startup:>9.2f}"
            + "".join(cells)
            + f"{runs.peak_mb:>9.0f}{runs.memory_mb:>8.0f}"
        )


def compare(
    report: Report, label: str, build: Runs, base: Runs, floor: Runs, memory_goal: bool
) -> None:
    """Print one size: stages of all three, both cold ratios and the memory against the goals."""
    report.add(f"{label}: {build.actions} actions; {len(build.runs)} run(s) of each, taking turns")
    _stage_table(
        report, [("boardpack build (cold)", build), ("baseline", base), ("plain floor", floor)]
    )
    for name, reference in (("baseline", base), ("plain floor", floor)):
        ratio = build.wall / reference.wall
        verdict = report.goal(f"{label}: build / {name}", ratio <= MAX_RATIO)
        report.add(
            f"  build / {name} = {ratio:.2f} wall, {build.cpu / reference.cpu:.2f} CPU  "
            f"(goal: wall <= {MAX_RATIO:.1f}, {verdict})"
        )
    if memory_goal:
        most = build.memory_mb
        report.add(
            f"  peak memory of the build = {most:.0f} MB, the process and its chart workers "
            f"together  (goal < {MAX_PEAK_MB:.0f} MB: "
            f"{report.goal(f'{label}: peak memory', most < MAX_PEAK_MB)})"
        )
    report.add()


def warm_report(report: Report, cold: Runs, warm: Runs) -> None:
    share = warm.wall / cold.wall
    report.add(
        "Warm rebuild at the example's size: one Progress cell edited, same chart cache "
        "and output folder"
    )
    _stage_table(report, [("cold build", cold), ("warm rebuild", warm)])
    report.add(
        f"  warm / cold = {share:.2f} wall, {warm.in_process / cold.in_process:.2f} in-process "
        f"stages  (goal: wall <= {MAX_WARM_SHARE:.1f}, "
        f"{report.goal('warm rebuild / cold build', share <= MAX_WARM_SHARE)})"
    )
    report.add()


def growth_report(report: Report, sizes: Sequence[tuple[str, Runs]]) -> None:
    """Milliseconds per action at each size, and the CPU cost of each added action.

    Every size has the same charts (they depend on the measures and periods, not the
    actions), so their cost cancels out between sizes; the fixed costs (imports, template
    checks) make the smallest plan's time per action the highest, so growth is judged on
    the cost of the actions added between sizes. CPU time is used, as the documents are
    filled while the charts are drawn: in wall time a small plan's filling hides behind
    the charts and a large one's does not. Each size's least CPU time is taken (a busy
    machine only ever adds time).
    """
    report.add("Growth with the number of actions (cold builds; 8 quarters and 30 measures each)")
    report.add(
        f"  {'plan':<10}{'actions':>8}{'wall s':>8}{'CPU s':>8}{'ms/action':>11}"
        f"{'least CPU':>11}{'CPU ms/added action':>21}"
    )
    added: list[float] = []
    previous: tuple[int, float] | None = None
    for label, runs in sizes:
        least = runs.least_cpu
        extra = ""
        if previous is not None:
            added.append(1000 * (least - previous[1]) / (runs.actions - previous[0]))
            extra = f"{added[-1]:>21.2f}"
        previous = (runs.actions, least)
        report.add(
            f"  {label:<10}{runs.actions:>8}{runs.wall:>8.2f}{runs.cpu:>8.2f}"
            f"{1000 * runs.wall / runs.actions:>11.2f}{least:>9.2f} s{extra}"
        )
    growth = added[-1] / added[0]
    report.add(
        f"  CPU ms per added action, last step / first step = {growth:.2f}  "
        f"(goal: linear, <= {MAX_GROWTH}: {report.goal('linear growth', growth <= MAX_GROWTH)})"
    )
    report.add()


def step(what: str) -> None:
    """Say what is running, on stderr so that the report stays clean."""
    print(f"... {what}", file=sys.stderr, flush=True)


def run_all(report: Report, work: Path, repeat_example: int, repeat_large: int) -> None:
    """Every case, printed as it finishes."""
    sys.path.insert(0, str(Path(__file__).parent))
    from synthetic import write_large_plan

    plans = {
        areas: write_large_plan(
            work / f"plan-{areas}.xlsx", areas=areas, actions_per_area=ACTIONS_PER_AREA
        )
        for areas in GROWTH_AREAS
    }
    largest = max(GROWTH_AREAS)
    report.add(f"boardpack benchmark: every run a fresh {Path(sys.executable).name} process")
    report.add(
        "  (stage 'read' reads the workbook and waits for the template check; 'rules' applies "
        "the rules)"
    )
    report.add()

    step(f"example: {repeat_example} cold builds, baselines and floors")
    example = rounds(
        {
            "build": ("build", EXAMPLE),
            "baseline": ("baseline", EXAMPLE),
            "floor": ("floor", EXAMPLE),
        },
        repeat_example,
        work,
    )
    compare(
        report,
        "Example (inputs/master.xlsx)",
        example["build"],
        example["baseline"],
        example["floor"],
        False,
    )

    step(
        f"large plan: {repeat_large} rounds of cold builds of each size, "
        "the large baseline and floor"
    )
    cases = {f"build {a}": ("build", plans[a]) for a in GROWTH_AREAS}
    cases["baseline"] = ("baseline", plans[largest])
    cases["floor"] = ("floor", plans[largest])
    sized = rounds(cases, repeat_large, work)
    compare(
        report,
        f"Large plan ({largest} areas x {ACTIONS_PER_AREA} actions, 8 quarters, 30 measures)",
        sized[f"build {largest}"],
        sized["baseline"],
        sized["floor"],
        True,
    )

    step(f"warm rebuild: {repeat_example} cold and warm pairs")
    warm_report(report, *warm_rebuilds(EXAMPLE, repeat_example, work))

    growth_report(
        report, [(f"{a} x {ACTIONS_PER_AREA}", sized[f"build {a}"]) for a in GROWTH_AREAS]
    )


def _load() -> str:
    """The 1, 5 and 15 minute load averages, where the system tells."""
    try:
        return " ".join(f"{n:.2f}" for n in os.getloadavg())
    except OSError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the build against the bare libraries.")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is not met")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        mode, args = options.child[0], options.child[1:]
        if mode != "build":
            data = _child(mode, args)
        else:  # in a process of its own, as the boardpack command runs it
            from boardpack.cli import collector_for_a_command

            with collector_for_a_command():
                data = _child(mode, args)
        data["peak_mb"] = _peak_mb()
        print(json.dumps(data))
        return 0

    repeat_example, repeat_large = (2, 1) if options.quick else (5, 3)
    report = Report()
    report.add(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {_load()}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="boardpack-bench-") as folder:
        try:
            run_all(report, Path(folder), repeat_example, repeat_large)
        except BenchError as error:
            report.add(f"FAILED: {error}")
            return 1
    report.add(
        "Goals: " + "; ".join(f"{name} {'met' if ok else 'NOT MET'}" for name, ok in report.goals)
    )
    report.add(f"The benchmark took {time.perf_counter() - started:.0f} s; load average {_load()}.")
    return 1 if options.check and report.missed else 0


if __name__ == "__main__":
    sys.exit(main())
