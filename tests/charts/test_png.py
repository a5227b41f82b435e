"""PNG files written from RGBA pixels: the same pixels back, RGB, and nothing else."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from boardpack.charts.png import png_from_rgba


def opaque(height: int, width: int, seed: int = 1) -> np.ndarray:
    rgba = np.random.default_rng(seed).integers(0, 256, (height, width, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    return rgba


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    found, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + data), kind
        found.append((kind, data))
        at += 12 + length
    return found


@pytest.mark.parametrize(("height", "width"), [(1, 1), (7, 13), (787, 1260)])
def test_the_pixels_read_back_are_those_written_less_alpha(height: int, width: int):
    rgba = opaque(height, width)
    image = Image.open(io.BytesIO(png_from_rgba(rgba, 200)))
    assert image.mode == "RGB"
    assert image.size == (width, height)
    assert np.array_equal(np.asarray(image), rgba[..., :3])


def test_the_file_holds_only_header_resolution_pixels_and_end():
    png = png_from_rgba(opaque(5, 8), 200)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    found = chunks(png)
    assert [kind for kind, _ in found] == [b"IHDR", b"pHYs", b"IDAT", b"IEND"]
    assert found[0][1] == struct.pack(">IIBBBBB", 8, 5, 8, 2, 0, 0, 0)
    assert Image.open(io.BytesIO(png)).info["dpi"] == pytest.approx((200, 200), abs=0.01)


def test_the_same_pixels_give_the_same_bytes():
    assert png_from_rgba(opaque(40, 30), 200) == png_from_rgba(opaque(40, 30).copy(), 200)
    assert png_from_rgba(opaque(40, 30), 200) != png_from_rgba(opaque(40, 30, seed=2), 200)


def test_a_picture_without_alpha_is_refused():
    with pytest.raises(ValueError, match="RGBA"):
        png_from_rgba(np.zeros((4, 4, 3), dtype=np.uint8), 200)
