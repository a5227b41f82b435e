"""The pack's charts: what each shows (specs), how it is drawn, and a cache of PNGs.

Importing this package does not import matplotlib; only drawing a chart does.
"""

from boardpack.charts.pack import draw_chart, draw_charts, to_chart
from boardpack.charts.specs import (
    AREA_CHART,
    KEY_MEASURES_CHART,
    PERIOD_CHART,
    ChartSpec,
    chart_specs,
)
from boardpack.charts.style import STYLE_VERSION

__all__ = [
    "AREA_CHART",
    "KEY_MEASURES_CHART",
    "PERIOD_CHART",
    "STYLE_VERSION",
    "ChartSpec",
    "chart_specs",
    "draw_chart",
    "draw_charts",
    "to_chart",
]
