"""Thumbnails: each map fitted into a fixed box, drawn at twice its CSS size for high-DPI.

A thumbnail carries a stamp derived from its map SVG's stamp, so it is redrawn only when the
map changed (or when the thumbnail's own size or look changes: see VERSION).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..draw.raster import rasterise
from ..draw.stamp import read_stamp
from ..errors import TreemindError
from ..files import write_atomic

WIDTH, HEIGHT = 320, 200  # CSS pixels; the PNG is twice that
SCALE = 2
PAD = 8
VERSION = "thumb-1"
_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([0-9.]+)pt"\s+height="([0-9.]+)pt"', re.S)
_BACKGROUND = re.compile(r'<polygon[^>]*?fill="(#[0-9a-fA-F]{3,8})"[^>]*?id="background"')


def map_size(svg: str) -> tuple[float, float]:
    """The map's size in CSS pixels (its SVG gives points)."""
    found = _SIZE.search(svg[:4000])
    if not found:
        return (WIDTH * 2.0, HEIGHT * 2.0)
    return float(found.group(1)) * 4 / 3, float(found.group(2)) * 4 / 3


def background(svg: str) -> str:
    found = _BACKGROUND.search(svg)
    return found.group(1) if found else "#ffffff"


def thumbnail_svg(svg: str) -> str:
    """The map nested in a WIDTH x HEIGHT box, centred, on the map's own background colour."""
    inner = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    inner = re.sub(r'\swidth="[^"]*pt"\s+height="[^"]*pt"', "", inner, count=1)
    inner = inner.replace(
        "<svg ",
        f'<svg x="{PAD}" y="{PAD}" width="{WIDTH - 2 * PAD}" height="{HEIGHT - 2 * PAD}" '
        'preserveAspectRatio="xMidYMid meet" ',
        1,
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}"><rect width="{WIDTH}" height="{HEIGHT}" '
        f'fill="{background(svg)}"/>{inner}</svg>'
    )


def thumb_stamp(map_stamp: str) -> str:
    return hashlib.sha256(f"{VERSION} {WIDTH}x{HEIGHT}@{SCALE} {map_stamp}".encode()).hexdigest()


def make_thumbnail(
    svg_path: str, png_path: str, use_cache: bool = True, site: str | None = None
) -> str | None:
    """Write the thumbnail of one map SVG (inside `site`, see files.write_atomic); returns an
    error message, or None when done.

    Module-level and with plain arguments, so a process pool can run it.
    """
    svg_file, png_file = Path(svg_path), Path(png_path)
    try:
        svg = svg_file.read_text("utf-8")
    except OSError as exc:
        return f"{svg_path}: cannot read: {exc.strerror}"
    source = read_stamp("svg", svg_file)
    stamp = thumb_stamp(source) if source else None
    if use_cache and stamp and read_stamp("png", png_file) == stamp:
        return None
    try:
        png = rasterise(thumbnail_svg(svg).encode("utf-8"), "png", scale=SCALE, stamp=stamp)
    except TreemindError as exc:
        return f"{svg_path}: thumbnail: {exc.message}"
    try:
        write_atomic(png_file, png, Path(site) if site else None)
    except TreemindError as exc:
        return exc.message
    return None
