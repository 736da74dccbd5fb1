"""Layout: place sized boxes as a tree and route the edges.

`layout()` picks the placement for a layout name: the tidy tree (map, right, left), the org
chart (down, up), the radial rings, or a spine (timeline, fishbone). `dot_engine` is the
alternative placement by Graphviz `dot`; `edges` reshapes edges to the theme's style.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import UsageError
from ..model import Placed
from .geometry import Box, Edge, Geometry, Link, Point, Spacing
from .orgchart import org_chart_geometry
from .radial import radial_geometry
from .spine import spine_geometry
from .tidy import tidy_geometry

LAYOUTS = ("map", "right", "left", "down", "up", "radial", "timeline", "fishbone")
DOT_LAYOUTS = ("map", "right", "left", "down", "up")  # what --engine dot can lay out

__all__ = ["DOT_LAYOUTS", "LAYOUTS", "Box", "Edge", "Geometry", "Link", "Point", "Spacing", "layout"]


def layout(
    items: Sequence[Placed],
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    kind: str,
    spacing: Spacing,
) -> Geometry:
    """Place every node; `items` is the pre-order walk, `underlined` the ids drawn as underlines."""
    if kind not in LAYOUTS:
        raise UsageError(f"unknown layout {kind!r} (choose from: {', '.join(LAYOUTS)})")
    children: dict[str, list[str]] = {it.id: [] for it in items}
    depth = {it.id: it.depth for it in items}
    for it in items:
        if it.parent is not None:
            children[it.parent].append(it.id)
    if kind in ("down", "up"):
        return org_chart_geometry(items, children, sizes, underlined, kind, spacing)
    if kind == "radial":
        return radial_geometry(items, children, depth, sizes, underlined, spacing)
    if kind in ("timeline", "fishbone"):
        return spine_geometry(items, children, sizes, underlined, spacing, kind)
    return tidy_geometry(items, children, depth, sizes, underlined, kind, spacing)
