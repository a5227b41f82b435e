"""Work done in a forked process while this one goes on, on systems that can fork.

A build has two cores' worth of work early on (checking the templates, reading the
workbook) that do not depend on each other. On Linux a forked process starts in
milliseconds with every module already imported, so the templates are checked in
one while the workbook is read here. Elsewhere, or for work that fails in the
child, the function simply runs here, so its result (or its exception) is the same.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.context import ForkContext

T = TypeVar("T")


def fork_context() -> ForkContext | None:
    """Linux's ``fork`` start method, whose children inherit what is imported; else ``None``."""
    if not sys.platform.startswith("linux"):
        return None
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


#: the signals that stop a command: Ctrl-C, and the system's SIGTERM and SIGHUP
STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP})


@contextmanager
def forking() -> Iterator[None]:
    """Hold the stop signals, and keep the collector off what exists, while children are
    forked; both are released in this process once it ends.

    A child starts with its parent's handlers, which raise. A stop signal that reached
    a child before it set its own (:func:`ignore_interrupt`) would raise in the child
    outside the code that ends it, and the child would go on running as a copy of this
    process. Held, the signal reaches the child only once it has set its own handlers.

    A child shares its parent's memory until either writes to it; a collection in the
    child would write to every object it walks. The objects that exist when it is forked
    are frozen (:func:`gc.freeze`) for the child's whole life, so its collections leave
    them alone (a large plan's build takes a sixth less memory).
    """
    gc.freeze()
    try:
        try:
            held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        except (AttributeError, ValueError, OSError):  # no signal masks here
            yield
            return
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
    finally:
        gc.unfreeze()


def ignore_interrupt() -> None:
    """For a child: leave Ctrl-C to the parent, which stops it; never print a traceback.

    A stop signal (SIGTERM, SIGHUP) ends the child at once and silently, as the system
    does by default, rather than raising in it the parent's way of stopping. Signals
    held while the child was forked (:func:`forking`) arrive after this.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def end_with_parent() -> None:
    """For a child: be killed as soon as the process that started it ends, however it
    ends (Linux's ``PR_SET_PDEATHSIG``), so that no worker outlives a build that was
    stopped or killed. Elsewhere it does nothing."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import os

    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


#: How much work a build waits for only at its end gives way (``nice``) to the work it
#: waits for first. The chart workers give way to the documents being filled: filling the
#: members' update is the longest single piece of a large plan's build, so it keeps a core
#: while the charts share what is left. The template check gives way to the chart drawer
#: and the fills: its result is wanted only once the charts are drawn, and the drawer's
#: start (importing matplotlib) is what a small plan's build waits for longest.
GIVE_WAY = 5


def _run_child(connection: Connection, function: Callable[[], object], give_way: int) -> None:
    ignore_interrupt()
    if give_way:
        os.nice(give_way)
    try:
        value = function()
    except BaseException:  # the parent runs it again itself, to raise it properly
        connection.send((False, None))
    else:
        connection.send((True, value))
    finally:
        connection.close()


class Background(Generic[T]):
    """``function()`` started in a forked process; :meth:`result` waits for its value.

    The value must pickle. Without ``fork`` (on this system, or ``fork=False``),
    ``function`` runs when the result is asked for. If the child fails or dies,
    ``function`` runs again here, so any exception is raised in this process with
    its own traceback. ``give_way`` lowers the child's priority (``nice``), for a job
    whose value is wanted only after other work.
    """

    def __init__(self, function: Callable[[], T], *, fork: bool = True, give_way: int = 0) -> None:
        self._function = function
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection: Connection | None = None
        context = fork_context() if fork else None
        if context is None:
            return
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_run_child, args=(sender, function, give_way), daemon=True)
        with forking():
            process.start()
        sender.close()
        self._process, self._connection = process, receiver

    @classmethod
    def done(cls, value: T) -> Background[T]:
        """A background job whose value is already known."""
        return cls(lambda: value, fork=False)

    def result(self) -> T:
        """The function's value, from the child when it managed, else computed here."""
        if self._process is None or self._connection is None:
            return self._function()
        try:
            ok, value = self._connection.recv()
        except (EOFError, OSError):
            ok, value = False, None
        finally:
            self.close()
        return value if ok else self._function()

    def close(self) -> None:
        """Stop the child if it is still running, and release it."""
        if self._process is None:
            return
        stop(self._process, self._connection)
        self._process = None


def stop(process: multiprocessing.process.BaseProcess, connection: Connection | None) -> None:
    """Stop a child process if it still runs, wait for it, and close its connection."""
    if process.is_alive():
        process.terminate()
    process.join()
    if connection is not None:
        connection.close()
