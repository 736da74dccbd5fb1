"""Radial layout: the main branches in a ring round the root, each one a tidy block facing it.

The main branches go round the root clockwise from the top in outline order: down the right
(first ones) and back up the left, split where the two sides weigh the same, as in `map`. Each
main branch's subtree is a tidy block growing away from the root (rightwards on the right,
leftwards on the left), so children are further out than their parent and a block's own edges
cannot cross. Where `map` stands the blocks in two straight columns, here each block's anchor
(the middle of the main branch's side facing the root) sits on an ellipse round the root: the
further a block is above or below the root, the nearer it comes to the vertical through the
root's centre, so the main branches ring the root and the spokes stay short.

Why no spoke crosses a block: on one side, above the root, a block further up has its anchor
no further out than a block nearer the root's level. A spoke is the straight segment from the
root's centre (drawn from its border) to its anchor; it stays below every band further up and,
being no further out than its own anchor, left of every block nearer the root's level. The
same holds below the root and, mirrored, on the left. docs/decisions/0007-radial.md records
why blocks on a ring and not one ring per depth.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..model import Placed
from .geometry import Box, Edge, Geometry, Point, Spacing
from .tidy import Tidy, _edge, _to_canvas, split_sides


def radial_geometry(
    items: Sequence[Placed],
    children: dict[str, list[str]],
    depth: dict[str, int],
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    spacing: Spacing,
) -> Geometry:
    root = items[0].id
    tidy = Tidy(
        children, depth, {i: s[0] for i, s in sizes.items()}, {i: s[1] for i, s in sizes.items()}, spacing
    )
    right, left = split_sides(items, children[root], tidy.block)
    sides = {**{c: "right" for c in right}, **{c: "left" for c in left}}
    placed = tidy.place(root, right, 1) | tidy.place(root, left[::-1], -1)
    rw, rh = sizes[root]
    # (x, y) with the root's centre at 0, 0
    raw = {n: (x - rw / 2, y) for n, (x, y) in placed.items()}
    main_of = {it.id: it.main for it in items if it.main}
    bands: dict[str, tuple[float, float]] = {}
    for node, main in main_of.items():
        y0, y1 = raw[node][1], raw[node][1] + sizes[node][1]
        lo, hi = bands.get(main, (y0, y1))
        bands[main] = (min(lo, y0), max(hi, y1))
    gap = max(spacing.sibling(1), 8.0)
    reach = max((max(abs(a), abs(b)) for a, b in bands.values()), default=1.0) + gap
    near = rw / 2 + spacing.rank(0)  # where `map` puts every anchor
    shift: dict[str, float] = {}
    for band_of, (y0, y1) in bands.items():
        off = 0.0 if y0 < rh / 2 + gap and y1 > -rh / 2 - gap else min(abs(y0), abs(y1))
        x = max(gap / 2, near * math.sqrt(max(0.0, 1 - (off / reach) ** 2)))
        shift[band_of] = x - near
    boxes_raw = {}
    for node, (x, y) in raw.items():
        owner = main_of.get(node)
        if owner is None:
            boxes_raw[node] = (x, y)
        elif sides[owner] == "right":
            boxes_raw[node] = (x + shift[owner], y)
        else:
            boxes_raw[node] = (x - shift[owner], y)
    boxes = _to_canvas(boxes_raw, sizes, spacing.margin)
    edges = []
    for it in items:
        if it.parent is None:
            continue
        if it.parent == root:
            edges.append(Edge(root, it.id, _spoke(boxes[root], boxes[it.id], sides[it.id] == "right")))
        else:
            edges.append(_edge(boxes, it.parent, it.id, underlined, "map", sides[it.main or it.id]))
    width = max(b.x + b.w for b in boxes.values()) + spacing.margin
    height = max(b.y + b.h for b in boxes.values()) + spacing.margin
    return Geometry("radial", width, height, boxes, tuple(edges), sides)


def _spoke(r: Box, c: Box, rightwards: bool) -> tuple[Point, ...]:
    """A straight line from the root's border to the middle of the main branch's near side
    (its control points together, so an `elbow` theme keeps it straight)."""
    end = (c.x if rightwards else c.x + c.w, c.y + c.h / 2)
    centre = (r.x + r.w / 2, r.y + r.h / 2)
    dx, dy = end[0] - centre[0], end[1] - centre[1]
    k = min(r.w / 2 / abs(dx) if dx else math.inf, r.h / 2 / abs(dy) if dy else math.inf)
    start = (centre[0] + dx * k, centre[1] + dy * k)
    mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    return (start, mid, mid, end)
