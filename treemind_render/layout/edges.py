"""Edge shapes after placement: the theme's edge style (curved, straight, elbow) and cross-link curves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .geometry import Box, Edge, Geometry, Point, border, line


def reshape_edges(geometry: Geometry, styles: dict[str, str]) -> Geometry:
    """Edges as the theme draws them: `curved`/`tapered` stay Béziers; `straight` becomes a
    line; `elbow` a right-angled connector with rounded corners (several cubic pieces)."""
    vertical = geometry.layout in ("down", "up")
    edges = []
    for edge in geometry.edges:
        style = styles.get(edge.child, "curved")
        lead, shaped = edge.points[: 3 * edge.lead], edge.points[3 * edge.lead :]
        start, *_, end = shaped
        if style == "straight":
            shaped = line(start, end)
        elif style == "elbow" and len(shaped) == 4 and shaped[1] != shaped[2]:
            shaped = _elbow(start, end, vertical)
        edges.append(Edge(edge.parent, edge.child, (*lead, *shaped), edge.lead))
    return replace(geometry, edges=tuple(edges))


def _elbow(start: Point, end: Point, vertical: bool) -> tuple[Point, ...]:
    """Out along the main axis to half way, across, then on to the child; corners rounded."""
    if vertical:  # swap axes, build, swap back
        flipped = _elbow((start[1], start[0]), (end[1], end[0]), False)
        return tuple((y, x) for x, y in flipped)
    (x0, y0), (x3, y3) = start, end
    mx = (x0 + x3) / 2
    sx = 1 if x3 >= x0 else -1
    sy = 1 if y3 >= y0 else -1
    r = min(6.0, abs(y3 - y0) / 2, abs(x3 - x0) / 2)
    if r < 0.5:
        return line(start, end)
    b, c = (mx - sx * r, y0), (mx, y0 + sy * r)
    d, e = (mx, y3 - sy * r), (mx + sx * r, y3)
    corner1 = (b, (mx, y0), (mx, y0), c)
    corner2 = (d, (mx, y3), (mx, y3), e)
    return (*line(start, b), *corner1[1:], *line(c, d)[1:], *corner2[1:], *line(e, end)[1:])


BOWS = (0.25, -0.25, 0.5, -0.5, 0.8, -0.8, 1.2, -1.2, 1.8, -1.8)  # sideways reach / length


def crosslink_curve(a: Box, b: Box, others: Sequence[Box] = ()) -> tuple[Point, ...]:
    """A curve from box `a` to box `b` (each end on its box's border), bowed to one side so it
    reads as an annotation rather than a branch. With `others` (every other box), the bow is
    the gentlest of a few on either side that passes through none of them; if every one does,
    the one that crosses the fewest."""
    ca, cb = (a.x + a.w / 2, a.y + a.h / 2), (b.x + b.w / 2, b.y + b.h / 2)
    best: tuple[int, tuple[Point, ...]] | None = None
    for bow in BOWS if others else BOWS[:1]:
        curve = _bowed(a, b, ca, cb, bow)
        hits = _hits(curve, others) if others else 0
        if best is None or hits < best[0]:
            best = (hits, curve)
        if hits == 0:
            break
    assert best is not None
    return best[1]


def _bowed(a: Box, b: Box, ca: Point, cb: Point, bow: float) -> tuple[Point, ...]:
    """Leave and arrive leaning to the bow's side, so the ends clear the neighbours too."""
    dx, dy = cb[0] - ca[0], cb[1] - ca[1]
    nx, ny = -dy * bow, dx * bow
    c1 = (ca[0] + dx / 3 + nx, ca[1] + dy / 3 + ny)
    c2 = (ca[0] + 2 * dx / 3 + nx, ca[1] + 2 * dy / 3 + ny)
    start, end = border(ca, (a.w, a.h), c1), border(cb, (b.w, b.h), c2)
    dx, dy = end[0] - start[0], end[1] - start[1]
    nx, ny = -dy * bow, dx * bow
    return (
        start,
        (start[0] + dx / 3 + nx, start[1] + dy / 3 + ny),
        (start[0] + 2 * dx / 3 + nx, start[1] + 2 * dy / 3 + ny),
        end,
    )


def _hits(curve: tuple[Point, ...], boxes: Sequence[Box], steps: int = 32) -> int:
    """How many of the boxes the curve passes through."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    pts = []
    for i in range(1, steps):
        t = i / steps
        k0, k1, k2, k3 = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
        pts.append((k0 * x0 + k1 * x1 + k2 * x2 + k3 * x3, k0 * y0 + k1 * y1 + k2 * y2 + k3 * y3))
    lo_x, hi_x = min(p[0] for p in pts), max(p[0] for p in pts)
    lo_y, hi_y = min(p[1] for p in pts), max(p[1] for p in pts)
    count = 0
    for box in boxes:
        if box.x > hi_x or box.x + box.w < lo_x or box.y > hi_y or box.y + box.h < lo_y:
            continue
        if any(box.x - 2 < x < box.x + box.w + 2 and box.y - 2 < y < box.y + box.h + 2 for x, y in pts):
            count += 1
    return count
