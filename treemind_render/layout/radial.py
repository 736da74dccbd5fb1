"""Radial layout: the root in the centre, each subtree in its own wedge, one ring per depth.

Rings are spaced so boxes of neighbouring rings cannot meet. Wedges are shared by what each
subtree needs around its ring (its boxes' widths over the ring's radius), so wide labels get
room and small subtrees do not waste it. If the placed boxes still touch, every ring moves out
and the check runs again, up to a bounded number of rounds: boxes do not overlap on the
outlines tests/test_geometry.py checks (examples, generated trees, 300 nodes), but the bound
means that is tested, not proven.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..model import Placed
from .geometry import Box, Edge, Geometry, Point, Size, Spacing, border, unit


def radial(
    order: list[str],
    children: dict[str, list[str]],
    depth: dict[str, int],
    sizes: dict[str, Size],
    rank_gap: float,
    sibling_gap: float,
) -> dict[str, Point]:
    """Centre point of every node (root at 0, 0); `order` is the pre-order walk."""
    deepest = max(depth.values())
    half = [
        max((math.hypot(*sizes[n]) / 2 for n in order if depth[n] == d), default=0.0)
        for d in range(deepest + 1)
    ]
    radius = [0.0]
    for d in range(1, deepest + 1):
        radius.append(radius[-1] + half[d - 1] + half[d] + rank_gap)
    need = _needs(order, children, depth, sizes, radius, sibling_gap)
    total = sum(need[k] for k in children[order[0]])
    if total > 2 * math.pi:  # not enough room around: every ring moves out
        radius = [r * total / (2 * math.pi) for r in radius]
        need = _needs(order, children, depth, sizes, radius, sibling_gap)
    angle = _angles(order, children, need)
    for _ in range(60):
        centres = {
            n: (radius[depth[n]] * math.cos(angle[n]), radius[depth[n]] * math.sin(angle[n])) for n in order
        }
        if not _overlapping(centres, sizes, sibling_gap / 2):
            return centres
        radius = [r * 1.15 for r in radius]
    return centres


def _needs(
    order: list[str],
    children: dict[str, list[str]],
    depth: dict[str, int],
    sizes: dict[str, Size],
    radius: list[float],
    gap: float,
) -> dict[str, float]:
    """Angle each subtree needs: its own box across its ring, or what its children need."""
    need: dict[str, float] = {}
    for node in reversed(order):
        r = radius[depth[node]] or 1.0
        own = (sum(sizes[node]) / 2 + gap) / r  # between a box's width and height: it turns
        need[node] = max(own, sum(need[k] for k in children[node]))
    return need


def _angles(order: list[str], children: dict[str, list[str]], need: dict[str, float]) -> dict[str, float]:
    """Each child gets a share of its parent's wedge by need; clockwise from the top."""
    angle = {order[0]: -math.pi / 2}
    wedge = {order[0]: (-math.pi / 2, 3 * math.pi / 2)}
    for node in order:
        start, end = wedge[node]
        span = end - start
        total = sum(need[k] for k in children[node]) or 1.0
        for kid in children[node]:
            share = span * need[kid] / total
            wedge[kid] = (start, start + share)
            angle[kid] = start + share / 2
            start += share
    return angle


def _overlapping(centres: dict[str, Point], sizes: dict[str, Size], gap: float) -> bool:
    """Any two boxes closer than `gap`? A sweep over x keeps this near-linear."""
    boxes = sorted(
        (
            x - sizes[n][0] / 2 - gap,
            x + sizes[n][0] / 2 + gap,
            y - sizes[n][1] / 2 - gap,
            y + sizes[n][1] / 2 + gap,
        )
        for n, (x, y) in centres.items()
    )
    for i, (_, x1, y0, y1) in enumerate(boxes):
        for a0, _, b0, b1 in boxes[i + 1 :]:
            if a0 >= x1:
                break
            if b0 < y1 and y0 < b1:
                return True
    return False


def radial_geometry(
    items: Sequence[Placed],
    children: dict[str, list[str]],
    depth: dict[str, int],
    sizes: dict[str, tuple[float, float]],
    spacing: Spacing,
) -> Geometry:
    order = [it.id for it in items]
    centres = radial(order, children, depth, sizes, spacing.rank(1), spacing.sibling(1))
    min_x = min(x - sizes[n][0] / 2 for n, (x, _) in centres.items())
    min_y = min(y - sizes[n][1] / 2 for n, (_, y) in centres.items())
    shift = (spacing.margin - min_x, spacing.margin - min_y)
    centres = {n: (x + shift[0], y + shift[1]) for n, (x, y) in centres.items()}
    boxes = {n: Box(x - sizes[n][0] / 2, y - sizes[n][1] / 2, *sizes[n]) for n, (x, y) in centres.items()}
    centre = centres[items[0].id]
    edges = []
    for it in items:
        if it.parent is not None:  # arrive along the child's own ray: clear of its neighbours
            start = border(centres[it.parent], sizes[it.parent], centres[it.id])
            end = border(centres[it.id], sizes[it.id], centre)
            length = math.dist(start, end) / 3
            ux, uy = unit(centre, centres[it.id])
            c2 = (end[0] - ux * length, end[1] - uy * length)
            c1 = (start[0] + (c2[0] - start[0]) / 2, start[1] + (c2[1] - start[1]) / 2)
            edges.append(Edge(it.parent, it.id, (start, c1, c2, end)))
    width = max(b.x + b.w for b in boxes.values()) + spacing.margin
    height = max(b.y + b.h for b in boxes.values()) + spacing.margin
    return Geometry("radial", width, height, boxes, tuple(edges), {})
