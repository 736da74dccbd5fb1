"""Layouts: place sized boxes as a tidy tree (map, right, left, down, up) and route edges."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .errors import UsageError
from .model import Placed
from .orgchart import line, org_chart
from .radial import border, radial
from .spine import fishbone, timeline

LAYOUTS = ("map", "right", "left", "down", "up", "radial", "timeline", "fishbone")
Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    """A node's box, origin top-left of the canvas, in points."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Edge:
    parent: str
    child: str
    points: tuple[Point, ...]  # a piecewise cubic Bézier (3n+1 points), canvas coordinates
    lead: int = 0  # leading straight pieces the edge style keeps (dot_layout's column leads)


@dataclass(frozen=True)
class Link:
    """A drawn cross-link: an arrow from one node to another, outside the tree."""

    source: str
    target: str
    label: str | None
    points: tuple[Point, ...]
    family: str = "sans-serif"  # a family with glyphs for the whole label


@dataclass(frozen=True)
class Geometry:
    layout: str
    width: float
    height: float
    boxes: dict[str, Box]
    edges: tuple[Edge, ...]
    sides: dict[str, str]  # main branch id -> "left" / "right" (map layout)
    engine: str = "tidy"  # who placed the nodes (dot_layout.py for "dot")


@dataclass(frozen=True)
class Spacing:
    rank: Callable[[int], float]  # gap between a node at depth d and its children
    sibling: Callable[[int], float]  # gap between siblings at depth d
    margin: float


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
    root = items[0].id
    if kind in ("down", "up"):
        return _org_chart(items, children, sizes, underlined, kind, spacing)
    if kind == "radial":
        return _radial(items, children, depth, sizes, spacing)
    if kind in ("timeline", "fishbone"):
        return _spine(items, children, sizes, underlined, spacing, kind)
    vertical = False
    # main axis: away from the parent; cross axis: along which siblings stack
    main_size = {i: sizes[i][1] if vertical else sizes[i][0] for i in sizes}
    cross_size = {i: sizes[i][0] if vertical else sizes[i][1] for i in sizes}
    tidy = Tidy(children, depth, main_size, cross_size, spacing)
    sides: dict[str, str] = {}
    if kind == "map":
        right, left = split_sides(items, children[root], tidy.block)
        sides = {**{c: "right" for c in right}, **{c: "left" for c in left}}
        placed = tidy.place(root, right, 1) | tidy.place(root, left[::-1], -1)
    else:
        placed = tidy.place(root, children[root], -1 if kind in ("left", "up") else 1)
    boxes = _to_canvas(placed, sizes, vertical, spacing.margin)
    width = max(b.x + b.w for b in boxes.values()) + spacing.margin
    height = max(b.y + b.h for b in boxes.values()) + spacing.margin
    edges = tuple(
        _edge(boxes, it.parent, it.id, underlined, kind, sides.get(_main_branch(it.id)))
        for it in items
        if it.parent is not None
    )
    return Geometry(kind, width, height, boxes, edges, sides)


def _org_chart(
    items: Sequence[Placed],
    children: dict[str, list[str]],
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    kind: str,
    spacing: Spacing,
) -> Geometry:
    order = [it.id for it in items]
    pos, curves = org_chart(
        order,
        children,
        sizes,
        underlined,
        rank_gap=spacing.rank(0),
        column_gap=max(spacing.sibling(1), 24.0),
        row_gap=max(spacing.sibling(2), 6.0),
    )
    height = max(y + sizes[n][1] for n, (_, y) in pos.items())
    flip = kind == "up"  # an `up` chart is the `down` chart upside down

    def canvas(point: Point) -> Point:
        x, y = point
        return x + spacing.margin, (height - y if flip else y) + spacing.margin

    boxes = {}
    for node, (x, y) in pos.items():
        w, h = sizes[node]
        top = height - y - h if flip else y
        boxes[node] = Box(x + spacing.margin, top + spacing.margin, w, h)
    edges = tuple(
        Edge(parent, kid, (canvas(a), canvas(b), canvas(c), canvas(d)))
        for parent, kid, (a, b, c, d) in curves
    )
    width = max(b.x + b.w for b in boxes.values()) + spacing.margin
    return Geometry(kind, width, height + 2 * spacing.margin, boxes, edges, {})


def _radial(
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
            ux, uy = _unit(centre, centres[it.id])
            c2 = (end[0] - ux * length, end[1] - uy * length)
            c1 = (start[0] + (c2[0] - start[0]) / 2, start[1] + (c2[1] - start[1]) / 2)
            edges.append(Edge(it.parent, it.id, (start, c1, c2, end)))
    width = max(b.x + b.w for b in boxes.values()) + spacing.margin
    height = max(b.y + b.h for b in boxes.values()) + spacing.margin
    return Geometry("radial", width, height, boxes, tuple(edges), {})


def _spine(
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


def _unit(a: Point, b: Point) -> Point:
    d = math.dist(a, b) or 1.0
    return (b[0] - a[0]) / d, (b[1] - a[1]) / d


def _main_branch(node_id: str) -> str:
    return "_".join(node_id.split("_")[:2])


def split_sides(
    items: Sequence[Placed], mains: list[str], block: dict[str, float]
) -> tuple[list[str], list[str]]:
    """Main branches for the right and the left side: hints from the input first, then balance.

    Unhinted branches keep outline order: the first ones go right (top to bottom), the rest
    left (bottom to top, so reading runs clockwise), split where the two sides' heights are
    closest.
    """
    hint = {it.id: it.node.side for it in items if it.depth == 1}
    fixed_right = [m for m in mains if hint.get(m) == "right"]
    fixed_left = [m for m in mains if hint.get(m) == "left"]
    free = [m for m in mains if hint.get(m) not in ("left", "right")]
    base_r = sum(block[m] for m in fixed_right)
    base_l = sum(block[m] for m in fixed_left)
    best_k, best_diff = 0, float("inf")
    total = sum(block[m] for m in free)
    running = 0.0
    for k in range(len(free) + 1):
        if k:
            running += block[free[k - 1]]
        diff = abs((base_r + running) - (base_l + total - running))
        if diff < best_diff - 1e-9:
            best_k, best_diff = k, diff
    if not fixed_left and not fixed_right and len(free) >= 2:
        best_k = max(best_k, 1)
    right = [m for m in mains if m in fixed_right or m in free[:best_k]]
    left = [m for m in mains if m in fixed_left or m in free[best_k:]]
    return right, left


class Tidy:
    """Block layout: each subtree owns a band on the cross axis; parents centre on children."""

    def __init__(
        self,
        children: dict[str, list[str]],
        depth: dict[str, int],
        main_size: dict[str, float],
        cross_size: dict[str, float],
        spacing: Spacing,
    ) -> None:
        self.children, self.depth = children, depth
        self.main_size, self.cross_size = main_size, cross_size
        self.spacing = spacing
        self.block: dict[str, float] = {}
        order = list(depth)  # pre-order; reversed gives children before parents
        for node in reversed(order):
            self.block[node] = max(cross_size[node], self._span(children[node]))

    def _span(self, kids: list[str]) -> float:
        if not kids:
            return 0.0
        gap = self.spacing.sibling(self.depth[kids[0]])
        return sum(self.block[k] for k in kids) + gap * (len(kids) - 1)

    def place(self, root: str, kids: list[str], direction: int) -> dict[str, tuple[float, float]]:
        """(main start, cross start) per node; the root sits at main 0, centred on cross 0."""
        span = self._span(kids)
        root_main = 0.0  # both sides of a map grow from the same root box
        out = {root: (root_main, -self.cross_size[root] / 2)}
        stack = [(root, kids, -span / 2)]
        while stack:
            parent, group, cross = stack.pop()
            p_main = out[parent][0]
            gap = self.spacing.rank(self.depth[parent])
            for kid in group:
                if direction > 0:
                    main = p_main + self.main_size[parent] + gap
                else:
                    main = p_main - gap - self.main_size[kid]
                block = self.block[kid]
                out[kid] = (main, cross + (block - self.cross_size[kid]) / 2)
                grand = self.children[kid]
                stack.append((kid, grand, cross + (block - self._span(grand)) / 2))
                cross += block + self.spacing.sibling(self.depth[kid])
        return out


def _to_canvas(
    placed: dict[str, tuple[float, float]],
    sizes: dict[str, tuple[float, float]],
    vertical: bool,
    margin: float,
) -> dict[str, Box]:
    """(main, cross) starts to boxes, shifted so the drawing starts at the margin."""
    raw = {n: ((c, m) if vertical else (m, c)) for n, (m, c) in placed.items()}
    min_x = min(x for x, _ in raw.values())
    min_y = min(y for _, y in raw.values())
    return {
        n: Box(x - min_x + margin, y - min_y + margin, sizes[n][0], sizes[n][1]) for n, (x, y) in raw.items()
    }


def _edge(
    boxes: dict[str, Box],
    parent: str,
    child: str,
    underlined: set[str],
    kind: str,
    side: str | None,
) -> Edge:
    """A Bézier from the parent's side facing the child to the child's near side."""
    p, c = boxes[parent], boxes[child]
    if kind in ("down", "up"):
        down = kind == "down"
        start = (p.x + p.w / 2, p.y + p.h if down else p.y)
        end = (c.x + c.w / 2, c.y if down else c.y + c.h)
        mid = (end[1] - start[1]) / 2
        return Edge(parent, child, (start, (start[0], start[1] + mid), (end[0], end[1] - mid), end))
    rightwards = side == "right" or (side is None and kind != "left")
    if side is None and kind == "map":
        rightwards = c.x >= p.x
    start_y = p.y + p.h if parent in underlined else p.y + p.h / 2
    end_y = c.y + c.h if child in underlined else c.y + c.h / 2
    start = (p.x + p.w if rightwards else p.x, start_y)
    end = (c.x if rightwards else c.x + c.w, end_y)
    mid = (end[0] - start[0]) / 2
    return Edge(parent, child, (start, (start[0] + mid, start[1]), (end[0] - mid, end[1]), end))


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


def crosslink_curve(a: Box, b: Box) -> tuple[Point, ...]:
    """A curve from box `a` to box `b` (each end on its box's border), bowed to one side so it
    reads as an annotation rather than a branch."""
    ca, cb = (a.x + a.w / 2, a.y + a.h / 2), (b.x + b.w / 2, b.y + b.h / 2)
    start, end = _border(a, ca, cb), _border(b, cb, ca)
    dx, dy = end[0] - start[0], end[1] - start[1]
    bow = 0.25  # the curve's sideways reach, as a share of its length
    nx, ny = -dy * bow, dx * bow
    return (
        start,
        (start[0] + dx / 3 + nx, start[1] + dy / 3 + ny),
        (start[0] + 2 * dx / 3 + nx, start[1] + 2 * dy / 3 + ny),
        end,
    )


def _border(box: Box, centre: Point, towards: Point) -> Point:
    """Where the line from the box's centre towards a point leaves the box."""
    dx, dy = towards[0] - centre[0], towards[1] - centre[1]
    if dx == 0 and dy == 0:
        return centre
    scale = min(
        (box.w / 2) / abs(dx) if dx else float("inf"),
        (box.h / 2) / abs(dy) if dy else float("inf"),
    )
    return centre[0] + dx * scale, centre[1] + dy * scale
