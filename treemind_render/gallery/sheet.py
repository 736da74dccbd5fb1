"""The contact sheet (`gallery.png`): a grid of thumbnails with titles, for READMEs.

Composed as one SVG whose cells embed the thumbnail PNGs as data URIs (cairosvg reads data
URIs even in its safe mode), then drawn by cairosvg like every other raster output.
"""

from __future__ import annotations

import base64
import math
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..draw.raster import rasterise
from ..text.measure import Measurer
from .entries import Entry
from .thumbs import HEIGHT, SCALE, WIDTH

MAX_CELLS = 48  # a README picture, not an archive: the first 48 maps in gallery order
GAP, CAPTION, MARGIN = 16, 44, 20
FAMILIES = ("Noto Sans", "Noto Sans CJK SC", "DejaVu Sans")
TITLE_SIZE, NOTE_SIZE = 14.0, 11.0
INK, MUTED, PAPER, LINE = "#1f2933", "#5f6b7a", "#f6f7f9", "#d9dee5"


def columns_for(count: int) -> int:
    return max(1, min(4, math.ceil(math.sqrt(count))))


def sheet_svg(cells: list[tuple[Entry, bytes]], measurer: Measurer | None = None) -> str:
    """The SVG of the sheet; `cells` are (map, thumbnail PNG bytes) in gallery order."""
    measurer = measurer or Measurer()
    cells = cells[:MAX_CELLS]
    cols = columns_for(len(cells))
    rows = max(1, math.ceil(len(cells) / cols))
    cell_w, cell_h = WIDTH, HEIGHT + CAPTION
    width = 2 * MARGIN + cols * cell_w + (cols - 1) * GAP
    height = 2 * MARGIN + rows * cell_h + (rows - 1) * GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<rect width="{width}" height="{height}" fill="{PAPER}"/>'
    ]
    for i, (entry, png) in enumerate(cells):
        x = MARGIN + (i % cols) * (cell_w + GAP)
        y = MARGIN + (i // cols) * (cell_h + GAP)
        data = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        parts.append(
            f'<rect x="{x - 0.5}" y="{y - 0.5}" width="{cell_w + 1}" height="{cell_h + 1}" rx="6" '
            f'fill="#ffffff" stroke="{LINE}"/>'
            f'<image x="{x}" y="{y}" width="{WIDTH}" height="{HEIGHT}" xlink:href={quoteattr(data)}/>'
            f'<line x1="{x}" y1="{y + HEIGHT}" x2="{x + cell_w}" y2="{y + HEIGHT}" stroke="{LINE}"/>'
        )
        title = _fit(measurer, entry.title, TITLE_SIZE, cell_w - 20)
        note = f"{entry.nodes} topics" + (" · " + ", ".join(entry.tags) if entry.tags else "")
        note = _fit(measurer, note, NOTE_SIZE, cell_w - 20)
        parts.append(_text(measurer, title, x + 10, y + HEIGHT + 19, TITLE_SIZE, INK, bold=True))
        parts.append(_text(measurer, note, x + 10, y + HEIGHT + 36, NOTE_SIZE, MUTED))
    parts.append("</svg>")
    return "".join(parts)


def _text(
    measurer: Measurer, text: str, x: float, y: float, size: float, fill: str, bold: bool = False
) -> str:
    font = measurer.choose(FAMILIES, text)
    family = font.family if font else "sans-serif"
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x}" y="{y}" font-family={quoteattr(family)} font-size="{size}"{weight} '
        f'fill="{fill}">{escape(text)}</text>'
    )


def _fit(measurer: Measurer, text: str, size: float, width: float) -> str:
    """The text, cut with an ellipsis to fit `width` (a bold title is ~5% wider: leave room)."""
    text = " ".join(text.split())
    font = measurer.choose(FAMILIES, text)
    limit = width * 0.94
    if measurer.width(text, font, size) <= limit:
        return text
    while text and measurer.width(text + "…", font, size) > limit:
        text = text[:-1]
    return text.rstrip() + "…"


def contact_sheet(cells: list[tuple[Entry, Path]], measurer: Measurer | None = None) -> bytes:
    """PNG bytes of the sheet; cells are (map, thumbnail path)."""
    loaded = [(entry, path.read_bytes()) for entry, path in cells]
    return rasterise(sheet_svg(loaded, measurer).encode("utf-8"), "png", scale=SCALE)
