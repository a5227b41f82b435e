"""The pack's charts: specs from the status, PNGs from the cache or drawn afresh."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from boardpack.charts.cache import ChartCache, is_whole_png
from boardpack.charts.specs import ChartSpec, chart_specs
from boardpack.status import Chart, PackStatus


def draw_chart(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes; imports matplotlib on first use only."""
    from boardpack.charts import draw

    return draw.draw_chart(spec)


def draw_charts(
    status: PackStatus, *, cache_dir: Path | None = None, workers: int | None = 1
) -> list[Chart]:
    """Every chart of the pack, in order: RAG by period, RAG by area, then the measures.

    With ``cache_dir``, a chart whose key has a whole PNG there is read instead of drawn
    (so matplotlib is not imported when every chart is cached) and new PNGs are stored;
    a damaged one is drawn again and replaced.
    With ``workers`` > 1, missing charts are drawn in that many processes; with
    ``None``, in :func:`auto_workers` processes.
    """
    specs = chart_specs(status)
    cache = ChartCache(cache_dir) if cache_dir is not None else None
    keys = [spec.key() for spec in specs]
    pngs: dict[str, bytes] = {}
    missing: dict[str, ChartSpec] = {}
    for key, spec in zip(keys, specs, strict=True):
        if key in pngs or key in missing:
            continue
        cached = cache.get(key) if cache is not None else None
        if cached is not None and is_whole_png(cached):
            pngs[key] = cached
        else:
            missing[key] = spec
    if workers is None:
        workers = auto_workers(len(missing))
    drawn = _draw_all(list(missing.values()), workers)
    for key, png in zip(missing, drawn, strict=True):
        pngs[key] = png
        if cache is not None:
            cache.put(key, png)
    return [to_chart(spec, pngs[key]) for key, spec in zip(keys, specs, strict=True)]


#: A worker process costs about a second of start-up (it imports matplotlib), so a
#: pool pays only for many charts on a machine with cores to spare.
POOL_MIN_CHARTS = 16
POOL_MIN_CORES = 4


def auto_workers(charts: int) -> int:
    """How many processes to draw ``charts`` charts in: 1 unless a pool clearly pays."""
    cores = os.cpu_count() or 1
    if charts < POOL_MIN_CHARTS or cores < POOL_MIN_CORES:
        return 1
    return min(cores, 8)


def _draw_all(specs: Sequence[ChartSpec], workers: int) -> list[bytes]:
    if workers <= 1 or len(specs) <= 1:
        return [draw_chart(spec) for spec in specs]
    from boardpack.charts import draw

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(specs)), mp_context=context) as pool:
        return list(pool.map(draw.draw_chart, specs))


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
