"""Radial layout: a ring per depth round the root where that is compact, else tidy blocks on a ring.

Rings (docs/decisions/0007-radial.md): depths 1..K each sit on their own ring, an ellipse
x²/r² + y²/(kr)² = 1 round the root's centre (k >= 1: taller than wide suits upright labels);
turns are polar angles clockwise from 12 o'clock. A node at depth K carries the rest of its
subtree as a tail growing away from the root: a tidy block to the side, or an indented column
up or down, whichever is narrower across its ray. The leaves of this cut tree (depth-K nodes
and shallower leaves) take turns in outline order, each as much turn as its rectangle needs
across the ray at its ring (so a wedge is as wide as its subtree's labels need); a parent
sits in the middle of its children's turns. Each ring's radius is the smallest that keeps it
clear of everything inside it and its neighbours apart, and the ring holding the leaves just
goes round: rings are as far apart as each depth needs. With two lanes, every second slot of
the outermost ring sits further out, just clear of the two beside it, which leave a corridor
for its link. Links between rings leave and arrive along the rays (d3's radial link), so
children are further out than their parent and links keep their order. Every (K, k, lanes)
is tried; the ring design kept is the smallest whose canvas is at most BUDGET times the
two-sided map's and that passes `_clean` (no overlap, no edge through a box, no two edges
meeting).

Compact (`_compact`, also above RING_LIMIT nodes): the main branches go round the root
clockwise from the top in outline order, split between right and left as in `map`, each one's
subtree a tidy block growing away from the root with its anchor on an ellipse round the root;
a spoke cannot cross a block, since on one side a block further up has its anchor no further
out than a block nearer the root's level.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Placed
from .geometry import Box, Edge, Geometry, Point, Spacing, border
from .routing import touches
from .tidy import Tidy, _edge, _to_canvas, split_sides, tidy_geometry

TAU = 2 * math.pi
RING_LIMIT = 600  # nodes: above this the map is always the compact design (linear time)
BUDGET = 1.4  # rings are kept while their canvas is at most this times `map`'s (from radial's sizes)
STRETCH = (1.0, 1.4)  # rings tried as ellipses this much taller than wide


def radial_geometry(
    items: Sequence[Placed],
    children: dict[str, list[str]],
    depth: dict[str, int],
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    spacing: Spacing,
) -> Geometry:
    order = [it.id for it in items]
    compact = _compact(items, children, depth, sizes, underlined, spacing)
    deepest = max(depth.values())
    if deepest < 1 or len(order) > RING_LIMIT:
        return compact
    tidy = Tidy(
        children, depth, {i: s[0] for i, s in sizes.items()}, {i: s[1] for i, s in sizes.items()}, spacing
    )
    two_sided = tidy_geometry(items, children, depth, sizes, underlined, "map", spacing)
    budget = BUDGET * two_sided.width * two_sided.height
    tried = []
    # one ring and tails is what the compact design does better, unless the map is one level deep
    for depth_k in range(min(deepest, 3), 0 if deepest == 1 else 1, -1):
        for k in STRETCH:
            for lanes in (1, 2):
                placed = rings(order, children, depth, sizes, spacing, tidy, depth_k, k, lanes)
                geometry = _ring_geometry(items, placed, sizes, underlined, spacing)
                tried.append((geometry.width * geometry.height, -depth_k, k, geometry))
    tried.sort(key=lambda x: (x[0], x[1]))
    fits = [t for t in tried if t[0] <= budget]
    # the smallest: more rings or a second lane only where they pay (their links are longer)
    for _, _, _, geometry in fits:
        if _clean(geometry):
            return geometry
    return compact


def _ring_geometry(
    items: Sequence[Placed],
    placed: Rings,
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    spacing: Spacing,
) -> Geometry:
    root = items[0].id
    boxes, (dx, dy) = _shift(placed.boxes, spacing.margin)
    sides = {
        it.id: ("right" if math.sin(placed.turn[it.id]) >= 0 else "left") for it in items if it.depth == 1
    }
    edges = []
    tail_of: dict[str, str] = {}  # a tail's nodes -> the side its ring node grows to
    for it in items:
        if it.parent is None:
            continue
        if it.depth <= placed.depth_k:
            if it.parent == root:
                edges.append(Edge(root, it.id, _ring_spoke(boxes[root], boxes[it.id])))
            else:
                turn_out = placed.via.get(it.id)
                if turn_out is not None:
                    turn_out = (turn_out[0] + dx, turn_out[1] + dy)
                edges.append(Edge(it.parent, it.id, _link(boxes, boxes[root], it.parent, it.id, turn_out), 2))
            if it.id in placed.tail_side:
                tail_of[it.id] = placed.tail_side[it.id]
        else:
            way = tail_of[it.id] = tail_of[it.parent]
            if way in ("right", "left"):
                edges.append(_edge(boxes, it.parent, it.id, underlined, "map", way))
            else:
                edges.append(Edge(it.parent, it.id, _trunk(boxes[it.parent], boxes[it.id], way)))
    width = max(b.x + b.w for b in boxes.values()) + spacing.margin
    height = max(b.y + b.h for b in boxes.values()) + spacing.margin
    return Geometry("radial", width, height, boxes, tuple(edges), sides)


def _clean(geometry: Geometry) -> bool:
    """Every child is further from the root's centre than its parent, no two boxes overlap,
    no edge passes through a box it does not join, no two edges that share no node meet:
    checked on the placed rings (edges sampled as polylines), since the ring construction
    avoids these by its margins rather than by proof."""
    centre = {n: (b.x + b.w / 2, b.y + b.h / 2) for n, b in geometry.boxes.items()}
    root = next(iter(geometry.boxes))
    for edge in geometry.edges:  # children further out than their parent
        if edge.parent != root:
            reach = math.dist(centre[root], centre[edge.child]), math.dist(centre[root], centre[edge.parent])
            if reach[0] <= reach[1]:
                return False
    cell = 96.0
    grid: dict[tuple[int, int], list[int]] = {}
    boxes = list(geometry.boxes.items())
    index = {n: i for i, (n, _) in enumerate(boxes)}

    def cells(x0: float, y0: float, x1: float, y1: float) -> list[tuple[int, int]]:
        return [
            (i, j)
            for i in range(int(x0 // cell), int(x1 // cell) + 1)
            for j in range(int(y0 // cell), int(y1 // cell) + 1)
        ]

    for i, (_, b) in enumerate(boxes):
        for c in cells(b.x, b.y, b.x + b.w, b.y + b.h):
            for j in grid.get(c, ()):
                o = boxes[j][1]
                if (
                    b.x < o.x + o.w - 0.5
                    and o.x < b.x + b.w - 0.5
                    and b.y < o.y + o.h - 0.5
                    and o.y < b.y + b.h - 0.5
                ):
                    return False
            grid.setdefault(c, []).append(i)
    segments: dict[tuple[int, int], list[tuple[int, Point, Point]]] = {}
    ends = []
    for e, edge in enumerate(geometry.edges):
        ends.append((index[edge.parent], index[edge.child]))
        curve = _sample(edge.points)
        for u, v in zip(curve, curve[1:], strict=False):
            for c in cells(min(u[0], v[0]), min(u[1], v[1]), max(u[0], v[0]), max(u[1], v[1])):
                for j in grid.get(c, ()):
                    if j in ends[e]:
                        continue
                    if touches(u, v, boxes[j][1], 1.0):
                        return False
                for f, p, q in segments.get(c, ()):
                    if f != e and not set(ends[f]) & set(ends[e]) and _seg_cross(u, v, p, q):
                        return False
                segments.setdefault(c, []).append((e, u, v))
    return True


def _sample(points: tuple[Point, ...], steps: int = 10) -> list[Point]:
    out = [points[0]]
    for k in range(0, len(points) - 1, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[k : k + 4]
        for i in range(1, steps + 1):
            t = i / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
            out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return out


def _seg_cross(p: Point, q: Point, r: Point, s: Point) -> bool:
    def orient(a: Point, b: Point, c: Point) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    o1, o2, o3, o4 = orient(p, q, r), orient(p, q, s), orient(r, s, p), orient(r, s, q)
    return (o1 * o2 <= 0 and o3 * o4 <= 0) and not (o1 == o2 == o3 == o4 == 0)


def _trunk(p: Box, c: Box, way: str) -> tuple[Point, ...]:
    """In a column tail: out of the parent's top (`up`) or bottom (`down`) near its inner
    corner, then round into the child's near side."""
    left = way.endswith("left")
    reach = min(p.w / 2, max(4.0, (c.x - p.x if not left else p.x + p.w - c.x - c.w) / 2))
    sx = p.x + p.w - reach if left else p.x + reach
    sy = p.y if way.startswith("up") else p.y + p.h
    end = (c.x + c.w if left else c.x, c.y + c.h / 2)
    corner = (sx, end[1])
    return ((sx, sy), corner, corner, end)


def _shift(boxes: dict[str, Box], margin: float) -> tuple[dict[str, Box], Point]:
    dx = margin - min(b.x for b in boxes.values())
    dy = margin - min(b.y for b in boxes.values())
    return {n: Box(b.x + dx, b.y + dy, b.w, b.h) for n, b in boxes.items()}, (dx, dy)


def _ring_spoke(r: Box, c: Box) -> tuple[Point, ...]:
    """A straight line from the root's border to the main branch's, on the line between centres
    (its control points together, so an `elbow` theme keeps it straight)."""
    rc, cc = (r.x + r.w / 2, r.y + r.h / 2), (c.x + c.w / 2, c.y + c.h / 2)
    start, end = border(rc, (r.w, r.h), cc), border(cc, (c.w, c.h), rc)
    mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    return (start, mid, mid, end)


def _link(boxes: dict[str, Box], r: Box, parent: str, child: str, via: Point | None) -> tuple[Point, ...]:
    """From the parent's border to the child's, leaving and arriving along the rays from the
    root's centre (d3's radial link), so links between two rings keep their order. The last
    stretch runs straight along the child's ray (from `via` for an outer-lane child, between
    two inner slots); the curve before it is the edge's lead, which every edge style keeps."""
    o = (r.x + r.w / 2, r.y + r.h / 2)
    p, c = boxes[parent], boxes[child]
    pc = (p.x + p.w / 2, p.y + p.h / 2)
    cc = (c.x + c.w / 2, c.y + c.h / 2)
    end = border(cc, (c.w, c.h), o)
    re = math.dist(o, end) or 1.0
    ue = ((end[0] - o[0]) / re, (end[1] - o[1]) / re)
    start = border(pc, (p.w, p.h), via or end)
    rs = math.dist(o, start) or 1.0
    us = ((start[0] - o[0]) / rs, (start[1] - o[1]) / rs)
    if via is None:
        via = (end[0] - ue[0] * min(6.0, (re - rs) / 4), end[1] - ue[1] * min(6.0, (re - rs) / 4))
    rv = math.dist(o, via)
    reach = max(0.0, (rv - rs) / 2)
    c1 = (start[0] + us[0] * reach, start[1] + us[1] * reach)
    c2 = (via[0] - ue[0] * reach, via[1] - ue[1] * reach)
    mid = ((via[0] + end[0]) / 2, (via[1] + end[1]) / 2)
    return (*_halves(start, c1, c2, via), mid, mid, end)


def _halves(a: Point, b: Point, c: Point, d: Point) -> tuple[Point, ...]:
    """One cubic as two (de Casteljau at t = 1/2): the same curve in two pieces."""

    def mid(p: Point, q: Point) -> Point:
        return ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)

    ab, bc, cd = mid(a, b), mid(b, c), mid(c, d)
    abc, bcd = mid(ab, bc), mid(bc, cd)
    m = mid(abc, bcd)
    return (a, ab, abc, m, bcd, cd, d)


@dataclass
class Rings:
    boxes: dict[str, Box]  # root-centred coordinates
    turn: dict[str, float]  # ring nodes: clockwise turn from 12 o'clock
    tail_side: dict[str, str]  # depth-K nodes with a tail: "right"/"left"
    k: float
    depth_k: int
    radius: list[float]
    via: dict[str, Point]  # outer-lane slots: the point their link turns out along their ray


def rings(
    order: Sequence[str],
    children: dict[str, list[str]],
    depth: dict[str, int],
    sizes: dict[str, tuple[float, float]],
    spacing: Spacing,
    tidy: Tidy,
    depth_k: int,
    k: float,
    lanes: int = 1,
) -> Rings:
    """Rings 1..depth_k round the root (ellipses x = r sin t, y = -k r cos t); a node at depth_k
    carries its subtree as a tidy tail growing away from the root."""
    root = order[0]
    ring_nodes = [n for n in order[1:] if depth[n] <= depth_k]
    parent_of = {c: p for p in order for c in children[p]}
    slots = [n for n in ring_nodes if depth[n] == depth_k or not children[n]]
    # a slot's rectangle (w, h) and where each of its boxes sits in it, per way of growing
    indent = max(16.0, spacing.rank(depth_k) * 0.6)
    row_gap = max(spacing.sibling(depth_k + 1), 6.0)
    rect: dict[str, dict[str, tuple[float, float, dict[str, Point]]]] = {}
    for n in ring_nodes:
        if depth[n] == depth_k and children[n]:
            rect[n] = {}
            for flat, direction in (("right", 1), ("left", -1)):
                rect[n][flat] = _fit(tidy.place(n, children[n], direction), sizes)
                for vertical in ("up", "down"):
                    column = _column(n, children, sizes, indent, row_gap, vertical, flat)
                    rect[n][f"{vertical}-{flat}"] = _fit(column, sizes)
        else:
            one = (sizes[n][0], sizes[n][1], {n: (0.0, 0.0)})
            rect[n] = {"right": one, "left": one}
    gap_t = {d: max(spacing.sibling(d), 8.0) for d in range(1, depth_k + 1)}
    gap_r = {d: max(spacing.rank(d - 1) * 0.6, 12.0) for d in range(1, depth_k + 1)}
    corridor = 2 * gap_t[depth_k]  # between two inner slots, for the link to the outer one
    # with two lanes, every other slot of the outermost ring sits further out (lane 1)
    lane = {n: 0 for n in ring_nodes}
    own: dict[str, float] = {}  # the radius of each outer-lane slot
    if lanes > 1:  # the second of each pair goes out
        last = [x for x in slots if depth[x] == depth_k]
        for i in range(0, len(last) - 1, 2):
            lane[last[i + 1]] = 1
            own[last[i + 1]] = 0.0
    rw, rh = sizes[root]
    root_out = math.hypot(rw / 2, rh / 2 / k)
    radius = [0.0] * (depth_k + 1)
    floor = [0.0] * (depth_k + 1)
    leaves_under: dict[str, int] = {}
    for n in reversed(ring_nodes):
        kids = [c for c in children[n] if depth[c] <= depth_k]
        leaves_under[n] = 1 if n in slots else sum(leaves_under[c] for c in kids)
    total = len(slots)
    turn: dict[str, float] = {}
    acc = 0.0
    for s in slots:
        turn[s] = (acc + 0.5) / total * TAU
        acc += 1
    by_ring: dict[int, list[str]] = {d: [] for d in range(1, depth_k + 1)}
    for n in ring_nodes:
        by_ring[depth[n]].append(n)

    def centre_turns() -> None:
        for n in reversed(ring_nodes):
            kids = [c for c in children[n] if depth[c] <= depth_k]
            if kids and n not in slots:
                turn[n] = (turn[kids[0]] + turn[kids[-1]]) / 2

    def tangent(t: float) -> tuple[float, float, float]:
        """Across the ray at polar turn t (x, y), and how far out the ring of radius 1 is there."""
        return math.cos(t), math.sin(t), 1 / math.sqrt(math.sin(t) ** 2 + (math.cos(t) / k) ** 2)

    def side(n: str) -> str:
        """How n's slot grows: its side, or a column up or down when that is narrower along the ring."""
        t = turn[n]
        flat = "right" if math.sin(t) >= 0 else "left"
        if len(rect[n]) == 2:
            return flat
        column = ("up-" if math.cos(t) > 0 else "down-") + flat
        tx, ty, scale = tangent(t)
        extent = {o: abs(rect[n][o][0] * tx) + abs(rect[n][o][1] * ty) for o in (flat, column)}
        if extent[flat] > extent[column]:
            return column
        # a block to the side near 12 or 6 o'clock can bring a child nearer the root than its
        # parent; a column never does (it grows up above the root, down below it)
        w, h, at = rect[n][flat]
        ux, uy = math.sin(t), -math.cos(t)
        reach = min(
            w / 2 / abs(ux) if abs(ux) > 1e-9 else math.inf, h / 2 / abs(uy) if abs(uy) > 1e-9 else math.inf
        )
        r = (own.get(n) or radius[depth[n]] or 1.0) * scale + reach
        x0, y0 = ux * r - w / 2, uy * r - h / 2

        def far(m: str) -> float:
            return math.hypot(x0 + at[m][0] + sizes[m][0] / 2, y0 + at[m][1] + sizes[m][1] / 2)

        tail = [m for m in at if m != n]
        return flat if all(far(m) > far(parent_of[m]) for m in tail) else column

    # per ring node, for the current turns: its way of growing, and (ray x, ray y, how far
    # out the ring of radius 1 is on the ray, from the anchor to the rectangle's centre, w, h)
    way: dict[str, str] = {}
    ray: dict[str, tuple[float, float, float, float, float, float]] = {}

    def settle() -> None:
        for n in ring_nodes:
            t = turn[n]
            way[n] = side(n)
            ux, uy = math.sin(t), -math.cos(t)
            w, h, _ = rect[n][way[n]]
            reach = min(
                w / 2 / abs(ux) if abs(ux) > 1e-9 else math.inf,
                h / 2 / abs(uy) if abs(uy) > 1e-9 else math.inf,
            )
            ray[n] = (ux, uy, tangent(t)[2], reach, w, h)

    def anchor(n: str, r: float) -> Point:
        ux, uy, scale, _, _, _ = ray[n]
        return ux * r * scale, uy * r * scale

    def place(n: str, r: float) -> tuple[float, float, float, float]:
        """The slot rectangle (x0, y0, x1, y1) of ring node n at radius r."""
        ux, uy, scale, reach, w, h = ray[n]
        cx, cy = ux * (r * scale + reach), uy * (r * scale + reach)
        return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)

    def q_in(b: tuple[float, float, float, float]) -> float:
        x0, y0, x1, y1 = b
        nx = 0.0 if x0 <= 0 <= x1 else min(abs(x0), abs(x1))
        ny = 0.0 if y0 <= 0 <= y1 else min(abs(y0), abs(y1))
        return math.hypot(nx, ny / k)

    def q_out(b: tuple[float, float, float, float]) -> float:
        x0, y0, x1, y1 = b
        return math.hypot(max(abs(x0), abs(x1)), max(abs(y0), abs(y1)) / k)

    def overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float], g: float) -> bool:
        return a[0] < b[2] + g and b[0] < a[2] + g and a[1] < b[3] + g and b[1] < a[3] + g

    def set_radii(final: bool) -> None:
        """Inside out: each ring at its floor, clear of everything inside it; with `final`,
        also grown until no two neighbours on it overlap."""
        out = root_out
        for d in range(1, depth_k + 1):
            group = [n for n in by_ring[d] if lane[n] == 0]
            r = max(out + gap_r[d], radius[d - 1] + 1.0, floor[d])
            for _ in range(4):
                deficit = max(out + gap_r[d] - q_in(place(n, r)) for n in group)
                if deficit <= 0.5:
                    break
                r += deficit
            for _ in range(60 if final else 0):
                boxes = [place(n, r) for n in group]
                if len(boxes) < 2 or not any(
                    overlap(a, b, gap_t[d]) for a, b in zip(boxes, boxes[1:] + boxes[:1], strict=True)
                ):
                    break
                r *= 1.04
            radius[d] = r
            out = max(out, max(q_out(place(n, r)) for n in group))
        if not own:
            return
        # an outer-lane slot: just clear of the slots beside it (each ring slot is clear of
        # everything inside the ring already)
        ring = [n for n in slots if depth[n] == depth_k]
        for i, n in enumerate(ring):
            if not lane[n]:
                continue
            beside = [
                place(m, radius[depth_k]) for m in (ring[i - 1], ring[(i + 1) % len(ring)]) if not lane[m]
            ]
            clear = max([q_out(b) for b in beside] + [radius[depth_k]]) + gap_r[depth_k]
            r = clear
            for _ in range(4):
                deficit = clear - q_in(place(n, r))
                if deficit <= 0.5:
                    break
                r += deficit
            own[n] = r
        outer_ring = [n for n in ring if lane[n]]
        for _ in range(60 if final else 0):
            boxes = [place(n, own[n]) for n in outer_ring]
            tight = [
                (a, b)
                for (a, ba), (b, bb) in zip(
                    zip(outer_ring, boxes, strict=True),
                    list(zip(outer_ring, boxes, strict=True))[1:]
                    + list(zip(outer_ring, boxes, strict=True))[:1],
                    strict=True,
                )
                if a != b and overlap(ba, bb, gap_t[depth_k])
            ]
            if not tight:
                break
            for a, b in tight:
                own[a] *= 1.04
                own[b] *= 1.04

    slot_rings = {depth[s] for s in slots}
    for _ in range(8):
        centre_turns()
        settle()
        set_radii(False)
        # the angular room each slot needs on its ring at this radius
        half = []  # half the turn each slot needs (an inner one: with half the corridor)
        for s in slots:
            t, r = turn[s], own.get(s) or radius[depth[s]]
            tx, ty, speed = tangent(t)
            w, h, _ = rect[s][way[s]]
            extent = abs(w * tx) + abs(h * ty) + gap_t[depth[s]]
            half.append(extent / 2 / (r * speed))
        seps = []  # from each slot to the next, the last to the first
        for i, s in enumerate(slots):
            j = (i + 1) % len(slots)
            a, b = s, slots[j]
            if lane[a] == lane[b]:
                seps.append(half[i] + half[j])
            else:
                inner, outer_i = (i, j) if lane[a] == 0 else (j, i)
                r_in = radius[depth[slots[inner]]]
                speed = tangent(turn[slots[inner]])[2]
                seps.append(max(half[inner] + corridor / 2 / (r_in * speed), half[outer_i]))
        total_need = sum(seps)
        for d in slot_rings:  # the rings holding slots just go round
            floor[d] = radius[d] * total_need / TAU
        spread = TAU / total_need
        acc = seps[-1] / 2 * spread
        for i, s in enumerate(slots):
            if i:
                acc += seps[i - 1] * spread
            turn[s] = acc
    centre_turns()
    settle()
    set_radii(True)
    boxes: dict[str, Box] = {root: Box(-rw / 2, -rh / 2, rw, rh)}
    tail_side: dict[str, str] = {}
    via: dict[str, Point] = {}  # where a link to an outer slot turns out along its ray
    ring = [n for n in slots if depth[n] == depth_k]
    for i, n in enumerate(ring):
        if lane[n]:  # inside the slots beside it
            beside = [ring[i - 1], ring[(i + 1) % len(ring)]]
            inside = min([q_in(place(m, radius[depth_k])) for m in beside if not lane[m]] + [radius[depth_k]])
            via[n] = anchor(n, inside - gap_r[depth_k] / 2)
    for n in ring_nodes:
        x0, y0, _, _ = place(n, own.get(n) or radius[depth[n]])
        if depth[n] == depth_k and children[n]:
            tail_side[n] = way[n]
        for m, (px, py) in rect[n][way[n]][2].items():
            boxes[m] = Box(x0 + px, y0 + py, *sizes[m])
    return Rings(boxes, turn, tail_side, k, depth_k, radius, via)


def _fit(
    placed: dict[str, Point], sizes: dict[str, tuple[float, float]]
) -> tuple[float, float, dict[str, Point]]:
    """The bounding rectangle of placed boxes and each box's corner in it."""
    x0 = min(x for x, _ in placed.values())
    y0 = min(y for _, y in placed.values())
    x1 = max(x + sizes[m][0] for m, (x, _) in placed.items())
    y1 = max(y + sizes[m][1] for m, (_, y) in placed.items())
    return x1 - x0, y1 - y0, {m: (x - x0, y - y0) for m, (x, y) in placed.items()}


def _column(
    node: str,
    children: dict[str, list[str]],
    sizes: dict[str, tuple[float, float]],
    indent: float,
    gap: float,
    way: str,
    side: str,
) -> dict[str, Point]:
    """A subtree as an indented column (`down`: the node on top, its children below it; `up`:
    the children above it, still first to last from the top); on the left it is mirrored."""
    height: dict[str, float] = {}
    width: dict[str, float] = {}
    stack, post = [node], []
    while stack:
        m = stack.pop()
        post.append(m)
        stack.extend(children[m])
    for m in reversed(post):
        kids = children[m]
        height[m] = sizes[m][1] + sum(gap + height[c] for c in kids)
        width[m] = max([sizes[m][0]] + [indent + width[c] for c in kids])
    out: dict[str, Point] = {}
    todo = [(node, 0.0, 0.0)]
    while todo:
        m, x, y = todo.pop()
        w, h = sizes[m]
        mx = -x - w if side == "left" else x
        if way == "down":
            out[m] = (mx, y)
            cy = y + h + gap
        else:
            out[m] = (mx, y + height[m] - h)
            cy = y
        for c in children[m]:
            todo.append((c, x + indent, cy))
            cy += height[c] + gap
    return out


def _compact(
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
