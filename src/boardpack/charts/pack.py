"""The pack's charts: specs from the status, PNGs from the cache or drawn afresh."""

from __future__ import annotations

import io
import multiprocessing
import os
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from boardpack.background import end_with_parent, fork_context, forking, ignore_interrupt
from boardpack.charts.cache import ChartCache, is_whole_png
from boardpack.charts.specs import MIN_FIGURES, ChartSpec, chart_specs, figures
from boardpack.status import Chart, PackStatus

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext
    from multiprocessing.pool import Pool

    from boardpack.charts.drawer import ChartDrawer


def draw_chart(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes; imports matplotlib on first use only."""
    from boardpack.charts import draw

    return draw.draw_chart(spec)


def pack_specs(status: PackStatus, leave_out: Collection[str] = ()) -> list[ChartSpec]:
    """The charts the documents use: every chart of :func:`chart_specs` but those of
    measures with fewer than :data:`MIN_FIGURES` figures, which the documents give as a
    line of text (a chart of one point shows no trend), and those named in ``leave_out``
    (which no template places)."""
    few = {item.measure.id for item in status.measures if figures(status, item) < MIN_FIGURES}
    return [
        spec
        for spec in chart_specs(status)
        if spec.measure_id not in few and spec.name not in leave_out
    ]


def draw_charts(
    status: PackStatus, *, cache_dir: Path | ChartCache | None = None, workers: int | None = 1
) -> list[Chart]:
    """Every chart of the pack (:func:`pack_specs`), in order: RAG by period, RAG by area,
    key measures, then the measures with at least two figures.

    With ``cache_dir``, a chart whose key has a whole PNG there is read instead of drawn
    (so matplotlib is not imported when every chart is cached) and new PNGs are stored;
    a damaged one is drawn again and replaced (a :class:`ChartCache` given here lists
    those in its ``rejected``).
    With ``workers`` > 1, missing charts are drawn in that many processes; with
    ``None``, in :func:`auto_workers` processes.
    """
    return PlannedCharts(status, cache_dir).draw(workers)


class PlannedCharts:
    """The pack's charts before they are drawn: the cached ones read, the rest to draw.

    Until :meth:`draw`, :attr:`stand_ins` gives each chart still to be drawn as a blank
    PNG of its very size and resolution, one per picture, so that documents can be
    filled while the charts are drawn and the pictures put in afterwards. The charts
    named in ``leave_out`` are not planned at all (:func:`pack_specs`).
    """

    def __init__(
        self,
        status: PackStatus,
        cache_dir: Path | ChartCache | None = None,
        leave_out: Collection[str] = (),
    ) -> None:
        self.specs = pack_specs(status, leave_out)
        if cache_dir is None or isinstance(cache_dir, ChartCache):
            self.cache = cache_dir
        else:
            self.cache = ChartCache(Path(cache_dir))
        self.keys = [spec.key() for spec in self.specs]
        self.pngs: dict[str, bytes] = {}
        self.missing: dict[str, ChartSpec] = {}
        self._workers = 1
        self._drawer: ChartDrawer | None = None
        for key, spec in zip(self.keys, self.specs, strict=True):
            if key in self.pngs or key in self.missing:
                continue
            cached = self.cache.get(key) if self.cache is not None else None
            if cached is not None and is_whole_png(cached):
                self.pngs[key] = cached
            else:
                self.missing[key] = spec

    @property
    def stand_ins(self) -> list[Chart]:
        """Every chart, with a blank stand-in PNG (:func:`stand_in`) where it is not drawn yet."""
        pngs = {**self.pngs, **{key: stand_in(spec, key) for key, spec in self.missing.items()}}
        return [to_chart(spec, pngs[key]) for key, spec in zip(self.keys, self.specs, strict=True)]

    def draw(self, workers: int | None = 1) -> list[Chart]:
        """Every chart, the missing ones drawn here (in ``workers`` processes; ``None``: as
        :func:`auto_workers` chooses) and stored in the cache."""
        self.start(workers)
        return self.finish()

    def start(self, workers: int | None = 1, drawer: ChartDrawer | None = None) -> None:
        """Start drawing the missing charts: by ``drawer`` if given (which has matplotlib
        imported already), else here when :meth:`finish` is called."""
        self._workers = auto_workers(len(self.missing)) if workers is None else workers
        self._drawer = drawer
        if drawer is not None:
            drawer.send(list(self.missing.values()), self._workers)

    def finish(self) -> list[Chart]:
        """Every chart, once the missing ones are drawn (and stored in the cache)."""
        if self._drawer is not None:
            drawn = self._drawer.receive()
        else:
            drawn = _draw_all(list(self.missing.values()), self._workers)
        for key, png in zip(self.missing, drawn, strict=True):
            self.pngs[key] = png
            if self.cache is not None:
                self.cache.put(key, png)
        self.missing = {}
        return [
            to_chart(spec, self.pngs[key]) for key, spec in zip(self.keys, self.specs, strict=True)
        ]


def stand_in(spec: ChartSpec, key: str) -> bytes:
    """A blank PNG of the chart's size and resolution, told apart from any other by ``key``.

    A document filled with it has the same markup as with the chart itself (the picture's
    size and resolution are all Word's markup takes from it).
    """
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("boardpack-stand-in", key)
    buffer = io.BytesIO()
    Image.new("1", spec.size_px).save(buffer, format="png", dpi=(spec.dpi, spec.dpi), pnginfo=info)
    return buffer.getvalue()


#: A spawned worker costs about a second of start-up (it imports matplotlib again), so
#: without ``fork`` a pool pays only for many charts on a machine with cores to spare.
POOL_MIN_CHARTS = 16
POOL_MIN_CORES = 4
MAX_WORKERS = 8


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def auto_workers(charts: int) -> int:
    """How many processes (this one included) to draw ``charts`` charts in.

    A forked worker starts in milliseconds, so with ``fork`` every core is used as
    soon as there are two charts; a spawned one only pays for many charts.
    """
    cores = usable_cores()
    if fork_context() is not None:
        return max(1, min(cores, charts, MAX_WORKERS))
    if charts < POOL_MIN_CHARTS or cores < POOL_MIN_CORES:
        return 1
    return min(cores, MAX_WORKERS)


def _draw_share(specs: Sequence[ChartSpec]) -> list[bytes]:
    """One process's share of the charts, in order."""
    return [draw_chart(spec) for spec in specs]


@contextmanager
def worker_pool(
    context: BaseContext, processes: int, initializer: Callable[[], None]
) -> Iterator[Pool]:
    """A pool of ``processes`` workers forked or spawned from ``context``: closed and
    joined once its work is done, and stopped at once on any failure or interrupt."""
    with forking():
        pool = context.Pool(processes, initializer=initializer)
    try:
        yield pool
    except BaseException:
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()


def _worker_starts() -> None:
    """A chart worker leaves stopping to the process that started it, and ends with it."""
    ignore_interrupt()
    end_with_parent()


def _draw_all(specs: Sequence[ChartSpec], workers: int) -> list[bytes]:
    """PNGs of ``specs`` in order, drawn in ``workers`` processes (this one included).

    The charts are dealt out in turn; this process draws the first share while the
    workers draw the rest. Any failure or interrupt stops the workers at once.
    """
    workers = min(workers, len(specs))
    if workers <= 1:
        return _draw_share(specs)
    from boardpack.charts import draw  # noqa: F401  (imported before forking: workers inherit it)

    context = fork_context() or multiprocessing.get_context("spawn")
    shares = [list(range(first, len(specs), workers)) for first in range(workers)]
    pngs: list[bytes] = [b""] * len(specs)
    with worker_pool(context, workers - 1, _worker_starts) as pool:
        pending = [
            pool.apply_async(_draw_share, ([specs[i] for i in share],)) for share in shares[1:]
        ]
        results = [_draw_share([specs[i] for i in shares[0]])]
        results.extend(job.get() for job in pending)
    for share, drawn in zip(shares, results, strict=True):
        for index, png in zip(share, drawn, strict=True):
            pngs[index] = png
    return pngs


def to_chart(spec: ChartSpec, png: bytes) -> Chart:
    """The drawn chart as the documents see it."""
    return Chart(
        name=spec.name,
        title=spec.title.replace("\n", " "),
        alt_text=spec.alt_text,
        png=png,
        width_cm=spec.width_cm,
        measure_id=spec.measure_id,
        area_ids=spec.area_ids,
    )
