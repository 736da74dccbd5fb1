"""Edge shapes after placement: the theme's edge style (curved, straight, elbow) and cross-link curves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .geometry import Box, Edge, Geometry, Point, border, line
from .routing import Router


def reshape_edges(geometry: Geometry, styles: dict[str, str]) -> Geometry:
    """Edges as the theme draws them: `curved`/`tapered` stay Béziers; `straight` becomes a
    line; `elbow` a right-angled connector with rounded corners (several cubic pieces)."""
    vertical = geometry.layout in ("down", "up")
    edges = []
    checker: Router | None = None
    for edge in geometry.edges:
        style = styles.get(edge.child, "curved")
        lead, shaped = edge.points[: 3 * edge.lead], edge.points[3 * edge.lead :]
        start, *_, end = shaped
        if style == "straight":
            straight = line(start, end)
            if geometry.engine == "dot" and not edge.lead:  # dot_engine checked only the curve
                checker = checker or Router(geometry.boxes, (), geometry.width, geometry.height)
                ends = geometry.boxes[edge.parent], geometry.boxes[edge.child]
                shaped = shaped if checker.hits(straight, *ends) else straight
            else:
                shaped = straight
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


BOWS = (0.25, -0.25, 0.5, -0.5)  # sideways reach / length of the bows tried before routing


def crosslink_curves(
    geometry: Geometry, pairs: Sequence[tuple[str, str]]
) -> list[tuple[tuple[Point, ...], int]]:
    """A curve for each (source, target) pair, from the source's border to the target's, and
    how many other boxes it passes through (0 unless no way round them exists).

    A link reads as an annotation, so it first tries a gentle bow to either side; when every
    bow runs into another box it is routed round them (layout/routing.py)."""
    if not pairs:
        return []
    router = Router(geometry.boxes, (e.points for e in geometry.edges), geometry.width, geometry.height)
    out = []
    for source, target in pairs:
        a, b = geometry.boxes[source], geometry.boxes[target]
        bowed = next((c for c in (_bowed(a, b, bow) for bow in BOWS) if router.hits(c, a, b) == 0), None)
        out.append((bowed, 0) if bowed else router.route(a, b))
    return out


def _bowed(a: Box, b: Box, bow: float) -> tuple[Point, ...]:
    """Leave and arrive leaning to the bow's side, so the ends clear the neighbours too."""
    ca, cb = (a.x + a.w / 2, a.y + a.h / 2), (b.x + b.w / 2, b.y + b.h / 2)
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
