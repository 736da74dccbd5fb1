"""Draw each SVG text run with one cairo call while cairosvg rasterises (same pixels, less work).

cairosvg draws text letter by letter: per character a `text_extents`, a `text_path` (a
glyph outline that is built and then thrown away) and a `show_text`, all through cffi. On a
300-node map that is most of the drawing time. For the runs our SVG holds (one x and y, no
dx/dy/rotate, no letter-spacing, no text on a path, no baseline shift, a plain fill), cairo's
toy text API puts the glyphs of a whole run exactly where the per-letter loop puts them (it
advances by the same glyph advances, no kerning either way), so one `show_text` per run gives
the same pixels. Anything else goes to cairosvg's own drawer.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_NUMBER = re.compile(r"\s*-?[0-9.]+(?:[eE][-+]?[0-9]+)?(?:px)?\s*")
_LOCK = threading.Lock()  # the drawer is swapped in cairosvg's module tables for one render
_PLAIN_STROKES = (None, "none", "transparent")


def _plain(node: Any) -> bool:
    """Whether a text node is one simple run this drawer reproduces exactly."""
    if not node.text or node.tag == "textPath":
        return False
    if any(key in node for key in ("dx", "dy", "rotate")):
        return False
    if node.get("letter-spacing") or node.get("display-anchor"):
        return False
    if node.get("dominant-baseline") or node.get("alignment-baseline"):
        return False
    if node.get("stroke") not in _PLAIN_STROKES or str(node.get("fill", "")).startswith("url("):
        return False
    if node.get_href() or node.parent.get_href():
        return False
    return all(key not in node or _NUMBER.fullmatch(node[key]) for key in ("x", "y"))


def make_drawer(original: Any, cairo: Any, size: Any) -> Any:
    """A drawer with cairosvg's `text(surface, node, draw_as_text)` signature."""

    def whole_run(surface: Any, node: Any, draw_as_text: bool = False) -> None:
        if not _plain(node):
            original(surface, node, draw_as_text)
            return
        context = surface.context
        family = (node.get("font-family") or "sans-serif").split(",")[0].strip("\"' ")
        slant = getattr(cairo, f"font_slant_{node.get('font-style')}".upper(), cairo.FONT_SLANT_NORMAL)
        weight = node.get("font-weight")
        if weight and weight.isdigit() and int(weight) >= 550:
            weight = "bold"
        weight = getattr(cairo, f"font_weight_{weight}".upper(), cairo.FONT_WEIGHT_NORMAL)
        context.select_font_face(family, slant, weight)
        context.set_font_size(surface.font_size)
        text = node.text
        x_bearing, _, width, _, x_advance, _ = context.text_extents(text)
        if "x" in node:
            surface.cursor_d_position[0] = 0
        if "y" in node:
            surface.cursor_d_position[1] = 0
        x = size(surface, node["x"], "x") if "x" in node else surface.cursor_position[0]
        y = size(surface, node["y"], "y") if "y" in node else surface.cursor_position[1]
        anchor = node.get("text-anchor")
        align = -(width / 2 + x_bearing) if anchor == "middle" else 0.0
        if anchor == "end":
            align = -(width + x_bearing)
        if draw_as_text and not text.isspace():
            context.save()
            context.move_to(x + surface.cursor_d_position[0] + align, y + surface.cursor_d_position[1])
            context.show_text(text)
            context.restore()
        surface.cursor_position = (x + x_advance, y)

    return whole_run


@contextmanager
def whole_runs() -> Iterator[None]:
    """Within the block, cairosvg draws plain text runs with `make_drawer`'s drawer."""
    import cairocffi
    from cairosvg import surface as surfaces
    from cairosvg.helpers import size

    with _LOCK:
        original = surfaces.text
        drawer = make_drawer(original, cairocffi, size)
        tags = {tag: fn for tag, fn in surfaces.TAGS.items() if fn is original}
        surfaces.TAGS.update(dict.fromkeys(tags, drawer))
        surfaces.text = drawer  # draw() compares a node's drawer with this name to fill text
        try:
            yield
        finally:
            surfaces.TAGS.update(tags)
            surfaces.text = original
