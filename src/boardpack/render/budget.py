"""Limits on filling a template: time, memory, output size and arithmetic.

A template is code its author may get wrong: ``{{ 10**(10**9) }}``, nested
``range(100000)`` loops or ``'a'*10**11`` would run for hours or exhaust memory.
Filling therefore runs in a forked process with a memory limit and a wall-clock
limit, and the sandbox refuses powers and repetitions whose results would be huge.
A loop still running when time is up is named by its variables, so the check can
say which tag it was.
"""

from __future__ import annotations

import math
import operator
import os
import pickle
import resource
import select
import signal
import sys
import time
import types
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

#: wall-clock seconds for filling one template (``BOARDPACK_RENDER_SECONDS`` overrides)
RENDER_SECONDS = 60.0
#: memory a fill may use beyond what the process already has
RENDER_MEMORY = 2 * 1024**3
#: the largest filled document, in bytes (a template's own limit, as for the workbook)
MAX_OUTPUT_BYTES = 50 * 1024**2
#: the most digits a power may have, and the most items a repetition may make
MAX_DIGITS = 10_000
MAX_REPEAT = 1_000_000
#: seconds the filling process has, after its own alarm, to report before it is killed
_GRACE = 5.0


class BudgetExceeded(Exception):
    """Filling a template went beyond a limit; ``loops`` are the variables of the loops
    it was in when stopped (empty when not known)."""

    def __init__(self, message: str, loops: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.loops = loops


class FillFailed(Exception):
    """An exception raised while filling, carried back from the filling process."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message


def render_seconds() -> float:
    """The time limit for one fill: :data:`RENDER_SECONDS`, or the environment's."""
    text = os.environ.get("BOARDPACK_RENDER_SECONDS", "")
    try:
        seconds = float(text)
    except ValueError:
        return RENDER_SECONDS
    return seconds if math.isfinite(seconds) and seconds > 0 else RENDER_SECONDS


def guarded_binop(operation: str, left: object, right: object) -> object:
    """``left <operation> right`` for the sandbox, refusing results too large to make.

    Raises :class:`BudgetExceeded` naming the operation.
    """
    if operation == "**" and _whole(left) and _whole(right):
        base, exponent = abs(int(left)), int(right)  # type: ignore[call-overload]
        if exponent > 0 and base > 1 and exponent * math.log10(base) > MAX_DIGITS:
            raise BudgetExceeded(
                f"{_short(left)} ** {_short(right)} has more than {MAX_DIGITS:,} digits"
            )
    if operation == "*":
        for count, items in ((left, right), (right, left)):
            repeated = isinstance(items, str | bytes | list | tuple) and _whole(count)
            if repeated and int(count) * len(items) > MAX_REPEAT:  # type: ignore[call-overload,arg-type]
                raise BudgetExceeded(
                    f"{_short(left)} * {_short(right)} makes more than {MAX_REPEAT:,} items"
                )
    return _OPERATIONS[operation](left, right)


_OPERATIONS: dict[str, Callable[[object, object], object]] = {
    "**": operator.pow,
    "*": operator.mul,
}


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _short(value: object) -> str:
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**30 else "a huge number"
    return text if len(text) <= 30 else text[:27] + "..."


def within_budget(function: Callable[[], T], *, what: str) -> T:
    """``function()`` run within the time and memory limits, in a forked process.

    Raises :class:`BudgetExceeded` when it goes beyond them, and :class:`FillFailed`
    for any other exception it raised (its kind and message). Without ``fork`` it runs
    here, with only the time limit (where signals can be used).
    """
    return Budgeted(function, what=what).result()


class Budgeted(Generic[T]):
    """``function()`` started at once within the limits, in a forked process, while
    this one goes on; :meth:`result` waits for it (:func:`within_budget`, in two steps).

    Without ``fork`` it runs here when its result is asked for. :meth:`cancel` stops it.
    """

    def __init__(self, function: Callable[[], T], *, what: str) -> None:
        self._function, self._what = function, what
        self._seconds = render_seconds()
        self._child: int | None = None
        self._reader = -1
        if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
            return
        from boardpack.background import forking

        reader, writer = os.pipe()
        with forking():
            child = os.fork()
            if child == 0:  # pragma: no cover (runs in the child, which never returns)
                try:
                    os.close(reader)
                    _child(function, self._seconds, what, writer)
                finally:
                    os._exit(1)
        os.close(writer)
        self._child, self._reader = child, reader
        self._deadline = time.monotonic() + self._seconds + _GRACE

    def result(self) -> T:
        """The function's value; raises :class:`BudgetExceeded` or :class:`FillFailed`."""
        if self._child is None:
            return _here(self._function, self._seconds, self._what)
        try:
            data = _receive(self._reader, self._deadline - time.monotonic())
        finally:
            self.cancel()
        if data is None:
            stopped = f"filling {self._what} was stopped after {self._seconds:g} seconds"
            raise BudgetExceeded(stopped)
        if not data:
            raise BudgetExceeded(f"filling {self._what} ended without a result (out of memory)")
        kind, value = pickle.loads(data)
        if kind == "ok":
            return value  # type: ignore[no-any-return]
        if kind == "budget":
            raise BudgetExceeded(*value)
        raise FillFailed(*value)

    def cancel(self) -> None:
        """Stop the process if it still runs (its result is then lost)."""
        if self._child is not None and self._reader >= 0:
            os.close(self._reader)
            self._reader = -1
            _end(self._child)


def _child(function: Callable[[], object], seconds: float, what: str, writer: int) -> None:
    """Run ``function`` within the limits and send back what happened; never returns."""
    code = 0
    try:
        from boardpack.background import ignore_interrupt

        ignore_interrupt()
        _limit_memory()
        signal.signal(signal.SIGALRM, _alarm(seconds, what))
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            result: tuple[str, object] = ("ok", function())
        except BudgetExceeded as error:
            result = ("budget", (error.message, error.loops))
        except MemoryError:
            result = ("budget", (f"filling {what} needed more memory than allowed", ()))
        except RecursionError:
            result = ("error", ("RecursionError", "a macro or loop calls itself without end"))
        except Exception as error:
            result = ("error", (type(error).__name__, str(error)[:500]))
        signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            data = pickle.dumps(result)
        except Exception as error:
            data = pickle.dumps(("error", (type(error).__name__, str(error)[:500])))
        with os.fdopen(writer, "wb") as stream:
            stream.write(data)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _limit_memory() -> None:
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            pages = int(stream.read().split()[0])
        used = pages * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = used + RENDER_MEMORY
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        if soft == resource.RLIM_INFINITY or limit < soft:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError):  # no /proc: the time limit still holds
        pass


def _alarm(seconds: float, what: str) -> Callable[[int, types.FrameType | None], None]:
    def stop(number: int, frame: types.FrameType | None) -> None:
        raise BudgetExceeded(
            f"filling {what} was stopped after {seconds:g} seconds", _loop_variables(frame)
        )

    return stop


def _loop_variables(frame: types.FrameType | None) -> tuple[str, ...]:
    """The names of the template's variables in the frames being run (``l_1_i`` → ``i``)."""
    names: list[str] = []
    while frame is not None:
        if frame.f_code.co_filename == "<template>":
            for local in frame.f_locals:
                parts = local.split("_", 2)
                named = len(parts) == 3 and parts[0] == "l" and parts[1].isdigit()
                if named and parts[2] not in names:
                    names.append(parts[2])
        frame = frame.f_back
    return tuple(names)


def _receive(reader: int, seconds: float) -> bytes | None:
    """Everything the child sends (nothing if it died), or ``None`` if it has not finished
    within ``seconds``.

    A child asked for its result late may have finished long before, and be waiting to
    send the rest of it: it is given :data:`_GRACE` seconds for each part still to come.
    """
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    while True:
        ready, _, _ = select.select([reader], [], [], max(_GRACE, deadline - time.monotonic()))
        if not ready:
            return None
        chunk = os.read(reader, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _end(child: int) -> None:
    """Kill the child if it still runs, and reap it."""
    try:
        pid, _ = os.waitpid(child, os.WNOHANG)
        if pid == 0:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
    except ChildProcessError:
        pass


def _here(function: Callable[[], T], seconds: float, what: str) -> T:
    """``function()`` in this process, stopped by an alarm where signals can be used."""
    try:
        previous = signal.signal(signal.SIGALRM, _alarm(seconds, what))
    except (ValueError, AttributeError):  # not the main thread, or no alarms here
        return function()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return function()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
