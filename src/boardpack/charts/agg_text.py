"""matplotlib's Agg renderer, remembering text measures, text layouts and glyph bitmaps.

Agg lays out and measures every text afresh on each figure, and rasterises it glyph
by glyph with FreeType (hinting each glyph each time). A pack draws the same digits,
months, statuses and labels in chart after chart, so this renderer keeps, for the
process:

- a text's width, height and descent, by font, size, resolution and text;
- a text's layout (its glyphs and their offsets), by the same and the layout options;
- a glyph's bitmap, by font, size, resolution, glyph, rotation and the glyph origin's
  fraction of a pixel (a 64th, FreeType's unit). FreeType rasterises an outline moved
  by whole pixels into the same bitmap moved by those pixels, so a bitmap is reused at
  any position with the same fraction.

It also gives ``Text`` each font's line ascent, descent and gap at a size, which
matplotlib otherwise reads from the font's tables for every text it lays out, and has
FreeType read each font file from a copy in memory rather than from the disk.

The pixels are those matplotlib's own renderer draws (a test compares them). The code
follows ``RendererAgg.draw_text``, ``get_text_width_height_descent`` and
``_draw_text_glyphs_and_boxes`` of the matplotlib version the chart key names; with a
matplotlib that lacks the FreeType methods it uses, the canvas draws with matplotlib's
own renderer instead.
"""

from __future__ import annotations

import io
import math
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib import font_manager, ft2font
from matplotlib.backends import backend_agg
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.font_manager import fontManager, get_font
from matplotlib.ft2font import FT2Font, RenderMode

# matplotlib's Agg backend has no type hints: its functions are called through these
_Agg: Any = RendererAgg
_hinting_flag: Any = backend_agg.get_hinting_flag
_RC: Any = mpl.rcParams

#: entries kept per store before it is emptied (a glyph bitmap is a few hundred bytes)
MAX_ENTRIES = 50_000

_Font = Any  # matplotlib.ft2font.FT2Font (its stubs do not cover the private methods)
_Glyph = tuple[_Font, float, int, float, float]  # font, size, glyph index, dx, dy
#: pixels (uint8 rows); left, and rows less top, less the origin's whole pixels
_Bitmap = tuple[Any, int, int]

_METRICS: dict[tuple[Any, ...], tuple[float, float, float]] = {}
_LAYOUTS: dict[tuple[Any, ...], tuple[_Glyph, ...]] = {}
_BITMAPS: dict[tuple[Any, ...], _Bitmap] = {}
_LINE_METRICS: dict[tuple[Any, ...], tuple[float, float, float] | None] = {}
_FONTS: dict[tuple[Any, ...], _Font] = {}
#: the settings matplotlib finds a font and makes its FreeType object by
_FONT_SETTINGS = (
    *(f"font.{key}" for key in ("family", "style", "variant", "weight", "stretch", "size")),
    *(f"font.{key}" for key in ("serif", "sans-serif", "cursive", "fantasy", "monospace")),
    "font.enable_last_resort",
    "text.kerning_factor",
)


def _hashable(value: Any) -> Any:
    """``value``, a list made a tuple, to be part of a key (a setting's list of font
    names; a text's list of font features, or of languages and where they apply)."""
    return tuple(value) if isinstance(value, list) else value


def _remember(store: dict[Any, Any], key: Any, value: Any) -> None:
    if len(store) >= MAX_ENTRIES:
        store.clear()
    store[key] = value


def forget() -> None:
    """Empty every store (for tests, and for a process that changes fonts)."""
    for store in (_METRICS, _LAYOUTS, _BITMAPS, _LINE_METRICS, _FONTS, _FONT_FILES):
        store.clear()


#: each font file's bytes, read once for the process
_FONT_FILES: dict[str, bytes] = {}


class _InMemory:
    """``matplotlib.ft2font`` as ``get_font`` uses it, but each ``FT2Font`` reads its file
    from a copy in memory (:data:`_FONT_FILES`). FreeType reads a font as it needs each
    glyph, and from a file that is a seek and a read of the disk each time: thousands of
    system calls in a process's first few charts."""

    def __getattr__(self, name: str) -> Any:
        return getattr(ft2font, name)

    @staticmethod
    def FT2Font(source: Any, *args: Any, **kwargs: Any) -> _Font:
        if isinstance(source, str | os.PathLike):
            path = os.fspath(source)
            data = _FONT_FILES.get(path)
            if data is None:
                with open(path, "rb") as file:
                    data = _FONT_FILES[path] = file.read()
            source = io.BytesIO(data)
        return FT2Font(source, *args, **kwargs)


@contextmanager
def _font_files_in_memory() -> Iterator[None]:
    """While matplotlib's ``get_font`` makes a font, it reads the files from memory."""
    manager: Any = font_manager
    manager.ft2font = _InMemory()
    try:
        yield
    finally:
        manager.ft2font = ft2font


class CachingRendererAgg(RendererAgg):
    """An Agg renderer whose plain text (not math, not TeX) is drawn from the stores."""

    def _font(self, prop: Any) -> _Font:
        """The font matplotlib draws ``prop`` with (found once for each set of font
        properties and font settings; its size is set only where it is used)."""
        key = (
            tuple(prop.get_family()),
            prop.get_style(),
            prop.get_variant(),
            prop.get_weight(),
            prop.get_stretch(),
            prop.get_size(),
            prop.get_file(),
            tuple(_hashable(_RC[name]) for name in _FONT_SETTINGS),
            threading.get_ident(),
        )
        font = _FONTS.get(key)
        if font is None:
            with _font_files_in_memory():
                font = get_font(fontManager._find_fonts_by_props(prop))
            _remember(_FONTS, key, font)
        return font

    def get_text_width_height_descent(
        self, s: str, prop: Any, ismath: Any
    ) -> tuple[float, float, float]:
        if ismath is not False:
            return _Agg.get_text_width_height_descent(self, s, prop, ismath)  # type: ignore[no-any-return]
        key = (self._font(prop), prop.get_size_in_points(), self.dpi, _hinting_flag(), s)
        found = _METRICS.get(key)
        if found is None:
            found = _Agg.get_text_width_height_descent(self, s, prop, ismath)
            _remember(_METRICS, key, found)
        return found

    def _get_font_height_metrics(
        self, prop: Any
    ) -> tuple[float | None, float | None, float | None]:
        """The first font's ascent, descent and line gap at the text's size, as
        ``Text._get_layout`` computes them when the renderer does not."""
        font = self._font(prop)
        size = prop.get_size_in_points()
        key = (font, size, self.dpi)
        if key not in _LINE_METRICS:
            found: tuple[float, float, float] | None = None
            for table_name, gap_key, ascent_key, descent_key in (
                ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                ("hhea", "lineGap", "ascent", "descent"),
            ):
                table = font.get_sfnt_table(table_name)
                if table is None:
                    continue
                units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
                scale = 1 / units_per_em * size * self.dpi / 72
                found = (
                    table[ascent_key] * scale,
                    -table[descent_key] * scale,
                    table[gap_key] * scale,
                )
                break
            _remember(_LINE_METRICS, key, found)
        found = _LINE_METRICS[key]
        return found if found is not None else (None, None, None)

    def draw_text(
        self,
        gc: Any,
        x: float,
        y: float,
        s: str,
        prop: Any,
        angle: float,
        ismath: Any = False,
        mtext: Any = None,
    ) -> None:
        if ismath:
            _Agg.draw_text(self, gc, x, y, s, prop, angle, ismath, mtext)
            return
        flags = _hinting_flag()
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        size = prop.get_size_in_points()
        font = self._font(prop)
        key = (font, size, self.dpi, flags, _hashable(features), _hashable(language), s)
        glyphs = _LAYOUTS.get(key)
        if glyphs is None:
            font = _Agg._prepare_font(self, prop)
            items = font._layout(s, flags=flags, features=features, language=language)
            glyphs = tuple((i.ft_object, size, i.glyph_index, i.x, i.y) for i in items)
            _remember(_LAYOUTS, key, glyphs)
        self._draw_glyphs(gc, x, y, angle, glyphs, flags)

    def _draw_glyphs(
        self, gc: Any, x: float, y: float, angle: float, glyphs: tuple[_Glyph, ...], flags: Any
    ) -> None:
        """``_draw_text_glyphs_and_boxes`` for unslanted, unstretched glyphs, no boxes."""
        cos = math.cos(math.radians(angle))
        sin = math.sin(math.radians(angle))
        antialiased = gc.get_antialiased()
        height = self.height
        whole_height = int(height)
        draw_image = self._renderer.draw_text_image
        dpi = self.dpi
        matrix: Any = None
        for font, size, index, dx, dy in glyphs:  # dy is upwards
            # the glyph's origin in FreeType's 64ths of a pixel, y upwards
            origin_x = round(0x40 * (x + dx * cos - dy * sin))
            origin_y = round(0x40 * (height - y + dx * sin + dy * cos))
            key = (font, size, dpi, index, angle, origin_x & 63, origin_y & 63, flags,
                   antialiased)  # fmt: skip
            bitmap = _BITMAPS.get(key)
            if bitmap is None:
                if matrix is None:
                    matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])
                              @ [[1, 0], [0, 1]]).round().astype(int)  # fmt: skip
                font.set_size(size, dpi)
                font._set_transform(matrix, [origin_x, origin_y])
                rendered = font._render_glyph(
                    index, flags, RenderMode.NORMAL if antialiased else RenderMode.MONO
                )
                buffer = np.array(rendered.buffer)
                if not antialiased:
                    buffer *= 0xFF
                # draw_text_image's y is downwards and the bitmap's bottom side
                bitmap = (
                    buffer,
                    rendered.left - (origin_x >> 6),
                    buffer.shape[0] - (rendered.top - (origin_y >> 6)),
                )
                _remember(_BITMAPS, key, bitmap)
            buffer, left, down = bitmap
            draw_image(buffer, left + (origin_x >> 6), whole_height + down - (origin_y >> 6), 0, gc)


#: whether this matplotlib has the FreeType methods the caching renderer calls
SUPPORTED = all(
    hasattr(FT2Font, name) for name in ("_layout", "_render_glyph", "_set_transform")
) and hasattr(RendererAgg, "_prepare_font")


class CachingCanvasAgg(FigureCanvasAgg):
    """An Agg canvas that draws with :class:`CachingRendererAgg` (where supported)."""

    def get_renderer(self) -> RendererAgg:
        width, height = self.get_width_height(physical=True)
        key = width, height, self.figure.dpi
        if self._lastKey != key:
            renderer: Any = CachingRendererAgg if SUPPORTED else RendererAgg
            self.renderer = renderer(width, height, self.figure.dpi)
            self._lastKey = key
        return self.renderer  # type: ignore[no-any-return]
