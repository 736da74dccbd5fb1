"""`treemind themes --preview DIR`: a sample map per theme, and one overview sheet of them all."""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

from ..draw.raster import rasterise
from ..files import write_atomic
from ..parsers import parse
from ..pipeline import RenderOptions, render
from ..text.measure import Measurer

SAMPLE = Path(__file__).with_name("sample.md")
CELL_W, CELL_H, CAPTION = 640.0, 300.0, 28.0


def preview(names: list[str], folder: Path, columns: int = 2) -> list[Path]:
    """Write `<theme>.png` for each theme and `themes.png`, the overview; returns the paths."""
    tree = parse(SAMPLE.read_bytes(), source=str(SAMPLE))
    measurer = Measurer()
    written, cells = [], []
    for name in names:
        svg = render(tree, RenderOptions(theme=name), measurer).svg
        path = folder / f"{name}.png"
        write_atomic(path, rasterise(svg, "png", scale=1.5))
        written.append(path)
        cells.append((name, svg.decode("utf-8")))
    overview = folder / "themes.png"
    write_atomic(overview, rasterise(_sheet(cells, columns).encode("utf-8"), "png", scale=1.5))
    return [*written, overview]


def _sheet(cells: list[tuple[str, str]], columns: int) -> str:
    """One SVG with every theme's map scaled into a captioned cell."""
    rows = (len(cells) + columns - 1) // columns
    width, height = columns * CELL_W, rows * (CELL_H + CAPTION)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}pt" height="{height:g}pt" '
        f'viewBox="0 0 {width:g} {height:g}"><rect width="100%" height="100%" fill="#ffffff"/>'
    ]
    for i, (name, svg) in enumerate(cells):
        x, y = (i % columns) * CELL_W, (i // columns) * (CELL_H + CAPTION)
        inner = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
        inner = re.sub(r'\swidth="[^"]*pt"\s+height="[^"]*pt"', "", inner, count=1)
        inner = inner.replace(
            "<svg ",
            f'<svg x="{x + 8:g}" y="{y + CAPTION:g}" width="{CELL_W - 16:g}" '
            f'height="{CELL_H - 8:g}" preserveAspectRatio="xMidYMid meet" ',
            1,
        )
        parts.append(inner)
        parts.append(
            f'<text x="{x + 12:g}" y="{y + 20:g}" font-family="Noto Sans, DejaVu Sans, sans-serif" '
            f'font-size="15" font-weight="bold" fill="#333333">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
