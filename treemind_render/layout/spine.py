"""Spine layouts: a timeline (main branches in order along a horizontal spine, alternately
above and below it) and a fishbone (the root as the head, main branches as slanted ribs)."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Placed
from .geometry import Box, Curve, Edge, Geometry, Point, Spacing, line
from .orgchart import org_chart


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
    return (*line(start, before), *corner[1:], *line(after, end)[1:])


SLANT = 0.45  # a fishbone rib moves this far towards the head per point it rises
INDENT = 18.0


def fishbone(
    order: list[str],
    children: dict[str, list[str]],
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    rank_gap: float,
    column_gap: float,
    row_gap: float,
) -> tuple[dict[str, Point], list[tuple[str, str, tuple[Point, ...]]], dict[str, str]]:
    """A cause-and-effect diagram: the root is the head at the right of a spine; main branches
    are ribs, alternately above and below, in pairs from the tail; each rib carries its
    topics as columns hung to its left, nearest the main branch first."""
    root, mains = order[0], children[order[0]]
    pos: dict[str, Point] = {}
    edges: list[tuple[str, str, tuple[Point, ...]]] = []
    ribs = [_rib(m, children, sizes, underlined, row_gap, i % 2 == 0) for i, m in enumerate(mains)]
    sides = {m: "above" if i % 2 == 0 else "below" for i, m in enumerate(mains)}
    reach = {"above": float("-inf"), "below": float("-inf")}
    feet: list[float] = []
    for i in range(0, len(ribs), 2):  # a pair of ribs shares its top x: they meet the spine together
        pair = ribs[i : i + 2]
        x0 = max([0.0] + [reach[sides[mains[i + k]]] - rib.low + column_gap for k, rib in enumerate(pair)])
        for k, rib in enumerate(pair):
            main = mains[i + k]
            reach[sides[main]] = x0 + rib.high
            feet.append(x0 + rib.foot)
            pos.update({n: (x + x0, y) for n, (x, y) in rib.pos.items()})
            edges.extend((p, c, tuple((x + x0, y) for x, y in pts)) for p, c, pts in rib.edges)
    root_w, root_h = sizes[root]
    head = max(feet + list(reach.values()) + [0.0]) + rank_gap
    pos[root] = (head, -root_h / 2)
    for i, main in enumerate(mains):
        (mx, my), (mw, mh) = pos[main], sizes[main]
        top = (mx + mw / 2, my + mh if sides[main] == "above" else my)
        foot = (feet[i], 0.0)
        edges.append((root, main, (*line((head, 0.0), foot), *line(foot, top)[1:])))
    return pos, edges, sides


class _Rib:
    """One main branch drawn as a rib, at rib-top x = 0; `low`/`high` its x extent."""

    def __init__(self) -> None:
        self.pos: dict[str, Point] = {}
        self.edges: list[tuple[str, str, tuple[Point, ...]]] = []
        self.low = self.high = self.foot = 0.0


def _rib(
    main: str,
    children: dict[str, list[str]],
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    gap: float,
    above: bool,
) -> _Rib:
    rib = _Rib()
    blocks = [_column(kid, children, sizes, underlined) for kid in children[main]]
    length = sum(b[2] for b in blocks) + gap * (len(blocks) + 1) + 12.0  # spine to main
    sign = -1.0 if above else 1.0
    mw, mh = sizes[main]
    rib.pos[main] = (-mw / 2, -length - mh if above else length)
    start = (0.0, sign * length)  # the rib's top, under (or over) the main branch

    def rib_x(y: float) -> float:  # the rib slants towards the head as it nears the spine
        return SLANT * (length - abs(y))

    cursor = length - gap
    for kid, (rel, curves, height, width) in zip(children[main], blocks, strict=True):
        far, near = cursor, cursor - height  # distances from the spine of the block's two ends
        right = rib_x(far) - gap
        top = -far if above else near
        for node, (x, y) in rel.items():
            rib.pos[node] = (right - width + x, top + y)
        rib.edges.extend((p, c, tuple((right - width + x, top + y) for x, y in pts)) for p, c, pts in curves)
        kx, ky = rib.pos[kid]
        kw, kh = sizes[kid]
        end_y = ky + kh if kid in underlined else ky + kh / 2
        joint = (rib_x(abs(end_y)), end_y)
        rib.edges.append((main, kid, (*line(start, joint), *line(joint, (kx + kw, end_y))[1:])))
        cursor = near - gap
    rib.foot = rib_x(0.0)
    xs = [x for x, _ in rib.pos.values()]
    rib.low = min(xs)
    rib.high = max([x + sizes[n][0] for n, (x, _) in rib.pos.items()] + [rib.foot])
    return rib


def _column(
    top: str, children: dict[str, list[str]], sizes: dict[str, tuple[float, float]], underlined: set[str]
) -> tuple[dict[str, Point], list[tuple[str, str, tuple[Point, ...]]], float, float]:
    """A topic and its descendants as an indented column: positions, edges, height, width."""
    order, stack = [], [top]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(children[node]))
    height = {n: sizes[n][1] for n in order}
    for node in reversed(order):
        height[node] = sizes[node][1] + sum(6.0 + height[k] for k in children[node])
    pos: dict[str, Point] = {top: (0.0, 0.0)}
    edges: list[tuple[str, str, tuple[Point, ...]]] = []
    for node in order:
        (px, py), (pw, ph) = pos[node], sizes[node]
        y = py + ph + 6.0
        for kid in children[node]:
            pos[kid] = (px + INDENT, y)
            kw, kh = sizes[kid]
            start = (px + min(INDENT / 2, pw / 2), py + ph)
            end = (px + INDENT, y + kh if kid in underlined else y + kh / 2)
            corner = (start[0], end[1])
            edges.append((node, kid, (start, corner, corner, end)))
            y += height[kid] + 6.0
    width = max(x + sizes[n][0] for n, (x, _) in pos.items())
    return pos, edges, height[top], width


def spine_geometry(
    items: Sequence[Placed],
    children: dict[str, list[str]],
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    spacing: Spacing,
    kind: str,
) -> Geometry:
    gaps = (spacing.rank(0), max(spacing.sibling(1), 24.0), max(spacing.sibling(2), 6.0))
    build = timeline if kind == "timeline" else fishbone
    pos, curves, sides = build([it.id for it in items], children, sizes, underlined, *gaps)
    min_x = min(x for x, _ in pos.values())
    min_y = min(y for _, y in pos.values())
    dx, dy = spacing.margin - min_x, spacing.margin - min_y
    boxes = {n: Box(x + dx, y + dy, *sizes[n]) for n, (x, y) in pos.items()}
    edges = tuple(Edge(p, k, tuple((x + dx, y + dy) for x, y in pts)) for p, k, pts in curves)
    width = max(b.x + b.w for b in boxes.values()) + spacing.margin
    height = max(b.y + b.h for b in boxes.values()) + spacing.margin
    return Geometry(kind, width, height, boxes, edges, sides)
