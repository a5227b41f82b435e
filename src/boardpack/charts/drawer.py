"""A process that gets ready to draw charts while the build reads the workbook.

Importing matplotlib costs about a third of a second, and a build can only say which
charts to draw once it has read the workbook and applied the rules. So a build starts a
:class:`ChartDrawer` first: a forked process that imports matplotlib while the build
reads, then draws the charts it is sent (in as many processes as it is told, forked
from it with matplotlib imported) and sends their PNGs back. Where processes cannot
fork, or the drawer fails, the charts are drawn in this process, so that any error is
raised here with its own traceback.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from boardpack.background import (
    GIVE_WAY,
    end_with_parent,
    fork_context,
    forking,
    ignore_interrupt,
    stop,
)

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from boardpack.charts.specs import ChartSpec


class ChartDrawer:
    """A forked process, started at once, that imports matplotlib and then draws the
    charts of one :meth:`send`; :meth:`receive` gives their PNGs."""

    def __init__(self) -> None:
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None
        self._sent: tuple[list[ChartSpec], int] | None = None
        context = fork_context()
        if context is None:
            return
        here, there = context.Pipe(duplex=True)
        # not a daemon, which may not start processes of its own; it ends when this
        # process closes it, or finds the connection closed
        process = context.Process(target=_serve, args=(there,))
        with forking():
            process.start()
        there.close()
        self._process, self._connection = process, here
        # stopped however this process goes on: a drawer left running would be waited
        # for at exit, while it waits to send charts no one reads
        weakref.finalize(self, stop, process, here)

    def send(self, specs: Sequence[ChartSpec], workers: int) -> None:
        """Start drawing ``specs`` in ``workers`` processes; once only."""
        self._sent = (list(specs), workers)
        if not specs:  # every chart was in the cache
            self.close()
        elif self._connection is not None:
            try:
                self._connection.send(self._sent)
            except OSError:  # the drawer has gone: the charts are drawn here
                self.close()

    def receive(self) -> list[bytes]:
        """The PNGs of the charts sent, in order, drawn by the drawer or, failing it, here."""
        from boardpack.charts.pack import _draw_all

        if self._sent is None:
            raise RuntimeError("no charts were sent to draw")
        specs, workers = self._sent
        if not specs:
            return []
        if self._connection is not None:
            try:
                ok, pngs = self._connection.recv()
            except (EOFError, OSError):
                ok, pngs = False, None
            finally:
                self.close()
            if ok:
                return list(pngs)
        return _draw_all(specs, workers)

    def close(self) -> None:
        """Stop the drawer, and the processes drawing for it, if they still run."""
        if self._process is not None and self._connection is not None:
            stop(self._process, self._connection)
        self._process, self._connection = None, None


def _serve(connection: Connection) -> None:
    """In the drawer: import matplotlib, then draw what is sent (or nothing) and reply."""
    ignore_interrupt()
    end_with_parent()  # and its workers end with it (``_draw_all``)
    try:
        import_for_drawing()
        try:
            specs, workers = connection.recv()
        except EOFError:  # the build needed no charts drawn
            return
        try:
            connection.send((True, _draw_giving_way(specs, workers)))
        except Exception:  # the build draws them itself, to raise the error there
            connection.send((False, None))
    finally:
        connection.close()


def import_for_drawing() -> None:
    """Import matplotlib and the chart code, without the tables of settable properties
    matplotlib writes into the docstring of each artist class's ``set`` as it makes the
    class (a fifth of the import): a process that only draws charts never reads them."""
    import matplotlib.artist

    tables = matplotlib.artist.kwdoc
    matplotlib.artist.kwdoc = lambda artist: ""
    try:
        from boardpack.charts import draw  # noqa: F401  (what this process is for)
    finally:
        matplotlib.artist.kwdoc = tables


def _draw_giving_way(specs: Sequence[ChartSpec], workers: int) -> list[bytes]:
    """The PNGs of ``specs`` in order, drawn by ``workers`` processes that take the next
    chart as each finishes one and run at a lower priority
    (:data:`boardpack.background.GIVE_WAY`)."""
    from boardpack.charts.pack import draw_chart, worker_pool

    context = fork_context()
    if context is None or workers <= 1 or len(specs) <= 1:
        return [draw_chart(spec) for spec in specs]
    with worker_pool(context, min(workers, len(specs)), _worker_starts) as pool:
        return list(pool.imap(draw_chart, specs, chunksize=1))


def _worker_starts() -> None:
    """A chart worker of the drawer: it gives way, and ends with the drawer."""
    ignore_interrupt()
    end_with_parent()
    os.nice(GIVE_WAY)
