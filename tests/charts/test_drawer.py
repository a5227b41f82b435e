"""The chart drawer: a process that imports matplotlib while the build reads, then draws."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from boardpack.charts import draw_chart
from boardpack.charts.drawer import ChartDrawer
from boardpack.charts.pack import pack_specs
from boardpack.status import PackStatus


def _children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _gone(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat[stat.rindex(")") + 2] == "Z"


def test_the_drawer_draws_what_this_process_would(haringey: PackStatus) -> None:
    specs = pack_specs(haringey)[:4]
    drawer = ChartDrawer()
    drawer.send(specs, workers=2)
    assert drawer.receive() == [draw_chart(spec) for spec in specs]


def test_a_failure_in_the_drawer_is_raised_here(
    haringey: PackStatus, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(spec: object) -> bytes:
        raise ValueError("no chart today")

    monkeypatch.setattr("boardpack.charts.pack.draw_chart", broken)
    drawer = ChartDrawer()  # forked with the broken drawing
    drawer.send(pack_specs(haringey)[:2], workers=1)
    with pytest.raises(ValueError, match="no chart today"):
        drawer.receive()


def test_a_drawer_sent_nothing_draws_nothing_and_is_stopped() -> None:
    before = _children_of(os.getpid())
    drawer = ChartDrawer()
    (drawing,) = _children_of(os.getpid()) - before
    drawer.send([], workers=2)
    assert drawer.receive() == []
    assert _gone(drawing)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_drawer_stopped_while_drawing_leaves_no_process_behind(haringey: PackStatus) -> None:
    before = _children_of(os.getpid())
    drawer = ChartDrawer()
    drawer.send(pack_specs(haringey) * 4, workers=3)
    (drawing,) = _children_of(os.getpid()) - before
    deadline = time.monotonic() + 20
    while len(_children_of(drawing)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)  # until its workers are drawing too
    workers = _children_of(drawing)
    assert len(workers) == 3
    drawer.close()
    deadline = time.monotonic() + 10
    while not all(_gone(pid) for pid in {drawing, *workers}) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(_gone(pid) for pid in {drawing, *workers})


def test_a_drawer_left_open_does_not_hold_up_the_end_of_the_process(tmp_path: Path) -> None:
    """A drawer that was sent charts and never asked for them is stopped at exit, rather
    than waited for while it waits to send PNGs no one reads."""
    master = Path(__file__).resolve().parents[2] / "inputs" / "master.xlsx"
    code = (
        "from pathlib import Path\n"
        "from boardpack.build import apply_rules, read_plan\n"
        "from boardpack.charts.drawer import ChartDrawer\n"
        "from boardpack.charts.pack import pack_specs\n"
        f"master = Path({str(master)!r})\n"
        "plan, problems = read_plan(master)\n"
        "status, _ = apply_rules(plan, problems, master)\n"
        "drawer = ChartDrawer()\n"
        "drawer.send(pack_specs(status), workers=2)\n"
    )
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 60


def test_a_build_refused_before_any_work_stops_the_drawer_it_was_given(tmp_path: Path) -> None:
    from boardpack.build import build_pack
    from boardpack.problems import UsageError

    drawer = ChartDrawer()
    process = drawer._process
    assert process is not None and process.is_alive()
    master = Path(__file__).resolve().parents[2] / "inputs" / "master.xlsx"
    templates = master.parent.parent / "templates"
    with pytest.raises(UsageError):
        build_pack(master, templates, Path("/"), cache=False, drawer=drawer)
    assert not process.is_alive()


def test_the_build_command_starts_its_drawer_before_it_imports_the_build() -> None:
    script = (
        "import sys\n"
        "import boardpack.charts.drawer as drawer\n"
        "started = drawer.ChartDrawer.__init__\n"
        "def noting(self):\n"
        "    print('build imported' if 'boardpack.build' in sys.modules else 'not yet')\n"
        "    started(self)\n"
        "drawer.ChartDrawer.__init__ = noting\n"
        "from boardpack.cli import main\n"
        "main(['build', '--out', '/'])\n"
    )
    assert _python(script).splitlines()[0] == "not yet"


def test_the_drawer_imports_matplotlib_without_its_property_tables() -> None:
    script = (
        "import matplotlib.artist as artist\n"
        "tables = artist.kwdoc\n"
        "from boardpack.charts.drawer import import_for_drawing\n"
        "import_for_drawing()\n"
        "from matplotlib.lines import Line2D\n"
        "print(artist.kwdoc is tables, 'antialiased' in (Line2D.set.__doc__ or ''))\n"
    )
    assert _python(script).split() == ["True", "False"]  # and it draws alike (test above)


def _python(script: str) -> str:
    """What ``script`` prints, run by a Python process of its own."""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout, result.stderr
    return result.stdout
