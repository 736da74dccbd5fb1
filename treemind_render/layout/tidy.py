"""The tidy tree (map, right, left): each subtree owns a band across the main axis.

A map more than 2.5 times as tall as it is wide flows its long sibling lists into columns
(decision 0008): every list taller than a limit is cut, in outline order, into columns side
by side that read from the parent outwards, each top to bottom (a map's left main branches:
bottom to top, as without columns). The limit is the one whose whole map comes nearest
3 : 2. A later column's topics hang from a trunk in the gap before their column, fed by a
rail across the top of the parent's band that leaves the parent from its top.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Placed
from .geometry import Box, Edge, Geometry, Point, Spacing
from .orgchart import rounded

WRAP = 2.5  # a map taller than this many times its width flows its long sibling lists into columns
TARGET = 1.5  # ... into the columns whose map is nearest this width : height
RAIL = 16.0  # the band above a list's columns where the rail to its later columns runs
Halves = list[tuple[list[str], int]]  # the root's main branches per side (outline order), direction


def tidy_geometry(
    items: Sequence[Placed],
    children: dict[str, list[str]],
    depth: dict[str, int],
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    kind: str,
    spacing: Spacing,
) -> Geometry:
    """A logic chart (`right`, `left`) or a two-sided map (`map`) of the pre-order walk `items`."""
    root = items[0].id
    # main axis (x): away from the parent; cross axis (y): along which siblings stack
    main_size = {i: s[0] for i, s in sizes.items()}
    cross_size = {i: s[1] for i, s in sizes.items()}
    tidy = Tidy(children, depth, main_size, cross_size, spacing)
    halves: Halves = [(children[root], -1 if kind == "left" else 1)]
    if kind == "map":
        right, left = split_sides(items, children[root], tidy.block)
        halves = [(right, 1), (left, -1)]
    flow = Flow(tidy.block, tidy.reach)
    width, height = tidy.root_extent(root, halves, kind, math.inf, flow)
    if children[root] and height > WRAP * width:  # too tall: long sibling lists flow into columns
        flow = tidy.best_flow(items, root, kind, halves)
    halves = flow.halves or halves
    sides = {}
    if kind == "map":
        sides = {**{c: "right" for c in halves[0][0]}, **{c: "left" for c in halves[1][0]}}
    placed: dict[str, tuple[float, float]] = {}
    routes: dict[str, Route] = {}
    for group, direction in halves:
        placed |= tidy.place(
            root, group[::-1] if kind == "map" and direction < 0 else group, direction, flow, routes
        )
    boxes, shift = _to_canvas_shift(placed, sizes, spacing.margin, routes)
    width = max(b.x + b.w for b in boxes.values()) + spacing.margin
    height = max(b.y + b.h for b in boxes.values()) + spacing.margin
    edges = [
        _routed(boxes, it.parent, it.id, underlined, routes[it.id], shift)
        if it.id in routes
        else _edge(boxes, it.parent, it.id, underlined, kind, sides.get(it.main) if it.main else None)
        for it in items
        if it.parent is not None
    ]
    return Geometry(kind, width, height, boxes, tuple(edges), sides)


@dataclass(frozen=True)
class Route:
    """How an edge reaches a later column: up from the parent's top at `exit` (main axis) to
    the rail at `rail` (cross axis), along it to the trunk at `trunk` (main axis), then to the
    topic; main/cross coordinates before the canvas shift."""

    exit: float
    top: float
    rail: float
    trunk: float


@dataclass
class Flow:
    """Sibling lists flowed into columns: every node's band and reach, and the columns."""

    block: dict[str, float]  # band across the main axis
    reach: dict[str, float]  # extent along the main axis from the node's near side
    columns: dict[str, list[list[str]]] = field(default_factory=dict)  # lists of 2+ columns
    halves: Halves = field(default_factory=list)  # the root's sides, once flowed
    root_columns: dict[int, list[list[str]]] = field(default_factory=dict)  # per direction


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
    if not fixed_left and not fixed_right and free:  # the first (or a lone) main branch goes right
        best_k = max(best_k, 1)
    to_right = set(fixed_right) | set(free[:best_k])  # sets: 1,500 main branches were quadratic
    right = [m for m in mains if m in to_right]
    left = [m for m in mains if m not in to_right]
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
        self.rank_gap = functools.cache(spacing.rank)  # per depth: the theme's lookup is slow
        self.sibling_gap = functools.cache(spacing.sibling)
        self.block: dict[str, float] = {}
        self.reach: dict[str, float] = {}  # the subtree's extent along the main axis
        self.order = list(depth)  # pre-order; reversed gives children before parents
        for node in reversed(self.order):
            kids = children[node]
            self.block[node] = max(cross_size[node], self._span(kids, self.block))
            self.reach[node] = main_size[node] + (
                self.rank_gap(depth[node]) + max(self.reach[k] for k in kids) if kids else 0.0
            )

    def _span(self, kids: list[str], block: dict[str, float]) -> float:
        if not kids:
            return 0.0
        gap = self.sibling_gap(self.depth[kids[0]])
        return sum(block[k] for k in kids) + gap * (len(kids) - 1)

    def columns(
        self,
        kids: list[str],
        parent_depth: int,
        limit: float,
        block: dict[str, float],
        reach: dict[str, float],
    ) -> tuple[list[list[str]], float, float]:
        """`kids` in columns about `limit` tall (as many as the list needs; outline order, each
        filled to the nearest of an equal share): the columns, their height (with the rail's
        band) and their width."""
        gap = self.sibling_gap(parent_depth + 1)
        total = sum(block[k] for k in kids) + gap * (len(kids) - 1)
        if total <= limit or len(kids) < 2:
            return [kids], total, max(reach[k] for k in kids)
        rank = self.rank_gap(parent_depth)
        share = total / math.ceil(total / limit)
        cols: list[list[str]] = [[]]
        used = tall = width = wide = 0.0
        for k in kids:
            if cols[-1] and used + gap + block[k] - share > share - used:  # nearer the share without it
                tall, width = max(tall, used), width + wide + rank
                cols.append([])
                used = wide = 0.0
            used += (gap if cols[-1] else 0.0) + block[k]
            wide = max(wide, reach[k])
            cols[-1].append(k)
        tall, width = max(tall, used), width + wide
        return cols, (RAIL + tall if len(cols) > 1 else tall), width

    def flowed(self, limit: float, big: list[str]) -> Flow:
        """Every sibling list under the nodes `big` (pre-order: those whose plain band is
        taller than `limit`, the only ones that can change) flowed under `limit`."""
        flow = Flow(_Over(self.block), _Over(self.reach))  # only the changed ones copied
        block, reach = flow.block, flow.reach
        for node in reversed(big):
            cols, tall, wide = self.columns(self.children[node], self.depth[node], limit, block, reach)
            if len(cols) > 1:
                flow.columns[node] = cols
            block[node] = max(self.cross_size[node], tall)
            reach[node] = self.main_size[node] + self.rank_gap(self.depth[node]) + wide
        return flow

    def root_extent(
        self, root: str, halves: Halves, kind: str, limit: float, flow: Flow
    ) -> tuple[float, float]:
        """Flow the root's sides under `limit` (into `flow`): the map's width and height."""
        width, height = self.main_size[root], self.cross_size[root]
        for group, direction in halves:
            if not group:
                continue
            cols, tall, wide = self.columns(group, self.depth[root], limit, flow.block, flow.reach)
            if len(cols) > 1:
                if kind == "map" and direction < 0:  # each left column reads bottom to top
                    cols = [col[::-1] for col in cols]
                flow.root_columns[direction] = cols
            width += self.rank_gap(self.depth[root]) + wide
            height = max(height, tall)
        return width, height

    def best_flow(self, items: Sequence[Placed], root: str, kind: str, halves: Halves) -> Flow:
        """The column limit whose map comes nearest TARGET width : height (bisection: a lower
        limit makes a wider map); a map's sides are balanced by area, since columns trade
        height for width."""
        index = {n: i for i, n in enumerate(self.order)}
        inner = sorted(
            (n for n in self.order if self.children[n] and n != root), key=lambda n: -self.block[n]
        )
        lo = max(self.cross_size.values())
        hi = max(self.block[root], lo)
        best, best_score = Flow(self.block, self.reach, halves=halves), math.inf
        for _ in range(16):
            if hi <= lo * 1.02 or best_score < 0.05:
                break
            limit = math.sqrt(lo * hi)
            big = inner[: bisect.bisect_left(inner, -limit, key=lambda n: -self.block[n])]
            flow = self.flowed(limit, sorted(big, key=index.__getitem__))
            flow.halves = halves
            if kind == "map":
                gap, rank = self.sibling_gap(1), self.rank_gap(0)
                area = {m: (flow.block[m] + gap) * (flow.reach[m] + rank) for m in self.children[root]}
                right, left = split_sides(items, self.children[root], area)
                flow.halves = [(right, 1), (left, -1)]
            width, height = self.root_extent(root, flow.halves, kind, limit, flow)
            aspect = width / max(height, 1.0)
            score = abs(math.log(aspect / TARGET))
            if score < best_score:
                best, best_score = flow, score
            if aspect < TARGET:  # still too tall: a lower limit
                hi = limit
            else:
                lo = limit
        best.block, best.reach = {**self.block, **best.block}, {**self.reach, **best.reach}
        return best

    def place(
        self,
        root: str,
        kids: list[str],
        direction: int,
        flow: Flow | None = None,
        routes: dict[str, Route] | None = None,
    ) -> dict[str, tuple[float, float]]:
        """(main start, cross start) per node; the root sits at main 0, centred on cross 0.
        With a `flow`, lists flowed into columns are placed as columns, and `routes` gains the
        way to each topic in a later column."""
        flow = flow or Flow(self.block, self.reach)
        routes = routes if routes is not None else {}
        block = flow.block
        out = {root: (0.0, -self.cross_size[root] / 2)}  # both sides of a map grow from the same root box
        root_cols = flow.root_columns.get(direction)
        if root_cols is None:
            top = -self._span(kids, block) / 2
        else:  # the root centred on its tallest column
            top = -max(self._span(c, block) for c in root_cols) / 2 - RAIL
        stack = [(root, root_cols or [kids], top)]
        main_size, cross_size, children, depth = self.main_size, self.cross_size, self.children, self.depth
        columns, span = flow.columns, self._span
        while stack:
            parent, cols, top = stack.pop()
            if not cols[0]:
                continue
            p_main, p_cross = out[parent]
            gap = self.rank_gap(depth[parent])
            sibling = self.sibling_gap(depth[cols[0][0]])
            size = main_size[parent]
            near = p_main + size + gap if direction > 0 else p_main - gap  # the column's near side
            late = len(cols) > 1
            cross0 = top + RAIL if late else top
            for j, col in enumerate(cols):
                cross = cross0
                for kid in col:
                    main = near if direction > 0 else near - main_size[kid]
                    kid_block = block[kid]
                    grand = columns.get(kid)
                    if grand is None:
                        out[kid] = (main, cross + (kid_block - cross_size[kid]) / 2)
                        grand_kids = children[kid]
                        if grand_kids:
                            stack.append(
                                (kid, [grand_kids], cross + (kid_block - span(grand_kids, block)) / 2)
                            )
                    else:  # centred on its tallest column, under the rail
                        tall = max(span(c, block) for c in grand)
                        offset = min(
                            max(0.0, RAIL + (tall - cross_size[kid]) / 2),
                            kid_block - cross_size[kid],
                        )
                        out[kid] = (main, cross + offset)
                        stack.append((kid, grand, cross))
                    if j:
                        inset = min(12.0, size / 4)
                        routes[kid] = Route(
                            exit=p_main + size - inset if direction > 0 else p_main + inset,
                            top=p_cross,
                            rail=top + RAIL / 2,
                            trunk=near - direction * gap / 2,
                        )
                    cross += kid_block + sibling
                if late:
                    wide = max(flow.reach[k] for k in col)
                    near += direction * (wide + gap)
        return out


def _to_canvas(
    placed: dict[str, tuple[float, float]],
    sizes: dict[str, tuple[float, float]],
    margin: float,
) -> dict[str, Box]:
    """(main, cross) starts to boxes, shifted so the drawing starts at the margin."""
    min_x = min(m for m, _ in placed.values())
    min_y = min(c for _, c in placed.values())
    return {n: Box(m - min_x + margin, c - min_y + margin, *sizes[n]) for n, (m, c) in placed.items()}


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
    rightwards = side == "right" or (side is None and kind != "left")
    if side is None and kind == "map":
        rightwards = c.x >= p.x
    start_y = p.y + p.h if parent in underlined else p.y + p.h / 2
    end_y = c.y + c.h if child in underlined else c.y + c.h / 2
    start = (p.x + p.w if rightwards else p.x, start_y)
    end = (c.x if rightwards else c.x + c.w, end_y)
    mid = (end[0] - start[0]) / 2
    return Edge(parent, child, (start, (start[0] + mid, start[1]), (end[0] - mid, end[1]), end))


def _to_canvas_shift(
    placed: dict[str, tuple[float, float]],
    sizes: dict[str, tuple[float, float]],
    margin: float,
    routes: dict[str, Route],
) -> tuple[dict[str, Box], Point]:
    """Like _to_canvas, keeping the rails inside the margin too; the boxes and the shift."""
    min_x = min(m for m, _ in placed.values())
    min_y = min([c for _, c in placed.values()] + [r.rail for r in routes.values()])
    boxes = {n: Box(m - min_x + margin, c - min_y + margin, *sizes[n]) for n, (m, c) in placed.items()}
    return boxes, (margin - min_x, margin - min_y)


def _routed(
    boxes: dict[str, Box], parent: str, child: str, underlined: set[str], route: Route, shift: Point
) -> Edge:
    """Up from the parent's top to the rail, along it to the trunk, down (or up) the trunk
    and into the topic's near side; corners rounded. Only the last piece takes the edge style."""
    c = boxes[child]
    dx, dy = shift
    rightwards = route.trunk + dx < c.x
    end = (c.x if rightwards else c.x + c.w, c.y + c.h if child in underlined else c.y + c.h / 2)
    exit_x, rail, trunk = route.exit + dx, route.rail + dy, route.trunk + dx
    corners = [(exit_x, boxes[parent].y), (exit_x, rail), (trunk, rail), (trunk, end[1]), end]
    points = rounded(corners)
    return Edge(parent, child, points, (len(points) - 1) // 3 - 1)


class _Over(dict[str, float]):
    """A node's changed value, else the plain one underneath (no copy of the whole map)."""

    def __init__(self, under: dict[str, float]) -> None:
        super().__init__()
        self.under = under

    def __missing__(self, key: str) -> float:
        return self.under[key]
