"""Work in a forked process gives what the same work gives here, failures included."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from boardpack import background
from boardpack.background import Background, fork_context

forks = pytest.mark.skipif(fork_context() is None, reason="only where processes fork")


@forks
def test_the_value_comes_from_another_process() -> None:
    here = os.getpid()
    assert Background(os.getpid).result() != here


def test_a_known_value_needs_no_process() -> None:
    job = Background.done([1, 2])
    assert job.result() == [1, 2]


@forks
def test_a_function_that_fails_in_the_child_raises_here_with_its_own_error() -> None:
    calls: list[int] = []

    def failing() -> None:
        calls.append(os.getpid())
        raise ValueError("bad template")

    with pytest.raises(ValueError, match="bad template"):
        Background(failing).result()
    assert calls == [os.getpid()]  # the child's attempt is not seen here; this one raised


@forks
def test_a_child_that_dies_is_replaced_by_the_work_done_here() -> None:
    here = os.getpid()

    def dies_in_the_child() -> int:
        if os.getpid() != here:
            os._exit(3)
        return 7

    assert Background(dies_in_the_child).result() == 7


@forks
def test_closing_stops_a_child_still_working() -> None:
    import time

    job = Background(lambda: time.sleep(60))
    started = time.monotonic()
    job.close()
    assert time.monotonic() - started < 10


def test_without_fork_the_function_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(background, "fork_context", lambda: None)
    assert Background(os.getpid).result() == os.getpid()


_STOPPED_AT_ONCE = """
import os, signal
from boardpack.background import Background

def stop(number, frame):
    raise KeyboardInterrupt

signal.signal(signal.SIGTERM, stop)
parent = os.getpid()
for _ in range(200):
    try:
        job = Background(lambda: 1)
        job._process.terminate()  # as a build refused at once stops its checker
        job.close()
    except KeyboardInterrupt:
        pass
    if os.getpid() != parent:
        print("a child ran on as a copy of its parent", flush=True)
        os._exit(0)
print("done", flush=True)
"""


@forks
def test_a_child_stopped_as_soon_as_it_is_forked_never_runs_on_as_its_parent() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _STOPPED_AT_ONCE], capture_output=True, text=True, timeout=120
    )

    assert done.stdout == "done\n"
    assert "Traceback" not in done.stderr


def test_a_job_that_gives_way_runs_at_a_lower_priority_and_this_process_does_not() -> None:
    mine = os.nice(0)
    job = Background(lambda: os.nice(0), give_way=5)
    assert job.result() == mine + 5
    assert os.nice(0) == mine


def test_a_job_that_gives_way_and_fails_is_run_here_at_this_process_priority() -> None:
    mine = os.nice(0)

    def niceness_then_fail_in_the_child() -> int:
        if os.nice(0) != mine:
            raise RuntimeError("in the child")
        return os.nice(0)

    assert Background(niceness_then_fail_in_the_child, give_way=5).result() == mine
