"""Timeline: the main branches in order along one horizontal spine, alternately above and below
it, each with its topics as an indented column growing away from the spine."""

from __future__ import annotations

from .orgchart import Curve, Point, org_chart


def timeline(
    order: list[str],
    children: dict[str, list[str]],
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    rank_gap: float,
    column_gap: float,
    row_gap: float,
) -> tuple[dict[str, Point], list[tuple[str, str, tuple[Point, ...]]], dict[str, str]]:
    """Top-left corners (the spine at y = 0), edges, and each main branch's side."""
    pos, curves = org_chart(order, children, sizes, underlined, rank_gap, column_gap, row_gap)
    root, mains = order[0], children[order[0]]
    main_of = {m: m for m in mains}
    for node in order:
        for kid in children[node]:
            if node != root:
                main_of[kid] = main_of[node]
    width = {m: 0.0 for m in mains}
    for node, m in main_of.items():
        width[m] = max(width[m], pos[node][0] + sizes[node][0] - pos[m][0])
    tick = max(20.0, rank_gap / 2)
    root_w, root_h = sizes[root]
    out: dict[str, Point] = {root: (0.0, -root_h / 2)}
    sides: dict[str, str] = {}
    shift: dict[str, tuple[float, float, bool]] = {}  # main -> (dx, top, above)
    cursor = {"above": root_w + rank_gap, "below": root_w + rank_gap}
    last = float("-inf")
    for i, main in enumerate(mains):
        side = "above" if i % 2 == 0 else "below"
        x = max(cursor[side], last + 2 * tick)  # ticks on the spine stay in outline order
        sides[main], last = side, x
        shift[main] = (x - pos[main][0], pos[main][1], side == "above")
        cursor[side] = x + width[main] + column_gap
    for node, main in main_of.items():
        dx, top, above = shift[main]
        x, y = pos[node]
        out[node] = (x + dx, -tick - (y - top) - sizes[node][1] if above else tick + (y - top))

    def moved(point: Point, main: str) -> Point:
        dx, top, above = shift[main]
        return point[0] + dx, -tick - (point[1] - top) if above else tick + (point[1] - top)

    edges: list[tuple[str, str, tuple[Point, ...]]] = []
    for parent, kid, curve in curves:
        if parent == root:
            edges.append((parent, kid, _spine_edge(out, sizes, kid, tick, root_w, sides[kid] == "above")))
        else:
            edges.append((parent, kid, tuple(moved(p, main_of[kid]) for p in curve)))
    return out, edges, sides


def _spine_edge(
    pos: dict[str, Point],
    sizes: dict[str, tuple[float, float]],
    main: str,
    tick: float,
    root_w: float,
    above: bool,
) -> tuple[Point, ...]:
    """Along the spine from the root, then a rounded turn up (or down) into the branch."""
    x = pos[main][0] + min(16.0, sizes[main][0] / 2)
    sign = -1.0 if above else 1.0
    r = min(6.0, tick / 2)
    start, end = (root_w, 0.0), (x, sign * tick)
    before, after = (x - r, 0.0), (x, sign * r)
    corner: Curve = (before, (x, 0.0), (x, 0.0), after)
    return (*_line(start, before), *corner[1:], *_line(after, end)[1:])


def _line(a: Point, b: Point) -> tuple[Point, ...]:
    dx, dy = (b[0] - a[0]) / 3, (b[1] - a[1]) / 3
    return (a, (a[0] + dx, a[1] + dy), (a[0] + 2 * dx, a[1] + 2 * dy), b)
