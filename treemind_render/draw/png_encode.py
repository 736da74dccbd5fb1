"""PNG bytes of a cairo image surface, written faster than cairo's own writer, same pixels.

cairo's `write_to_png` hands libpng the ARGB32 buffer with libpng's defaults (zlib level 6,
every row filter tried): on a large, mostly flat map that took as long as drawing it. Here
rows go to zlib at level 1 with no filter, in bands (memory stays small), as 8-bit RGB when
every pixel is opaque (the usual case: the map's background polygon) and as RGBA otherwise.
The decoded pixels equal what cairo's writer stores (`tests/test_raster.py` compares them).
"""

from __future__ import annotations

import re
import struct
import sys
import zlib
from typing import Any

LEVEL = 1  # zlib level: see docs/decisions/0004-png.md for sizes and times of 1, 3 and 6
BAND_ROWS = 256
# More pixels than this share with partial transparency (a transparent background): cairo's
# writer, which unpremultiplies in C, is quicker than fixing them one by one here.
MAX_SEE_THROUGH = 0.02
_SEE_THROUGH = re.compile(rb"[^\xff]")


def encode(image: Any, level: int = LEVEL) -> bytes | None:
    """PNG of a cairocffi ARGB32 ImageSurface; None when cairo's own writer is the better choice."""
    if sys.byteorder != "little":
        return None
    image.flush()
    width, height, stride = image.get_width(), image.get_height(), image.get_stride()
    buffer = memoryview(image.get_data()).cast("B")
    see_through = _count_see_through(buffer, width, height, stride)
    if see_through > MAX_SEE_THROUGH * width * height:
        return None
    channels = 3 if see_through == 0 else 4
    packer = zlib.compressobj(level)
    parts = [_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2 if channels == 3 else 6, 0, 0, 0))]
    body = []
    for top in range(0, height, BAND_ROWS):
        rows = min(BAND_ROWS, height - top)
        band = bytes(buffer[top * stride : (top + rows) * stride])
        body.append(packer.compress(_band(band, width, rows, stride, channels)))
    body.append(packer.flush())
    parts.append(_chunk(b"IDAT", b"".join(body)))
    parts.append(_chunk(b"IEND", b""))
    return b"\x89PNG\r\n\x1a\n" + b"".join(parts)


def _count_see_through(buffer: memoryview, width: int, height: int, stride: int) -> int:
    """Pixels whose alpha is not 255 (cairo's ARGB32 is native-endian: alpha is byte 3 of 4 on
    little-endian machines, which is all cairocffi's wheels and Debian's supported ports)."""
    count = 0
    for top in range(0, height, BAND_ROWS):
        rows = min(BAND_ROWS, height - top)
        band = bytes(buffer[top * stride : (top + rows) * stride])
        for row in range(rows):
            alpha = band[row * stride + 3 : row * stride + width * 4 : 4]
            if alpha.count(255) != width:
                count += width - alpha.count(255)
    return count


def _band(band: bytes, width: int, rows: int, stride: int, channels: int) -> bytes:
    """Filter-type-0 PNG rows (RGB or unpremultiplied RGBA) from premultiplied BGRA rows."""
    out = bytearray((width * channels + 1) * rows)
    line = width * channels + 1
    for row in range(rows):
        pixels = band[row * stride : row * stride + width * 4]
        start = row * line + 1
        end = start + width * channels
        out[start + 0 : end : channels] = pixels[2::4]
        out[start + 1 : end : channels] = pixels[1::4]
        out[start + 2 : end : channels] = pixels[0::4]
        if channels == 4:
            alpha = pixels[3::4]
            out[start + 3 : end : 4] = alpha
            for hit in _SEE_THROUGH.finditer(alpha):
                _unpremultiply(out, start + hit.start() * 4, hit.group()[0])
    return bytes(out)


def _unpremultiply(out: bytearray, at: int, alpha: int) -> None:
    """cairo's formula (cairo-png.c): c * 255 + alpha / 2, divided by alpha; 0 when clear."""
    for i in range(at, at + 3):
        out[i] = (out[i] * 255 + alpha // 2) // alpha if alpha else 0


def _chunk(tag: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))
