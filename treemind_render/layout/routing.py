"""Cross-link routing: a path through the free space between the boxes, found on a grid, pulled
tight, smoothed into a curve and checked against the boxes again (docs/decisions/0010-links.md)."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence

from .geometry import Box, Point, border, line

PAD = 2.0  # the finished curve keeps this far from every box but its two ends
CLEAR = 8.0  # the route aims to keep this far (boxes are inflated by it on the grid)
RING = 48.0  # the grid reaches this far outside the canvas, so a route can go round the map
MAX_CELLS = 40_000  # grid cells at most: the cell grows with the canvas
HARD = 1000.0  # cost of a cell on a box: a route crosses one only when there is no other way
SOFT = 6.0  # extra cost of a cell closer than CLEAR to a box (a narrow gap)
EDGE = 1.0  # extra cost of a cell a tree edge runs through: routes keep to open space
OUTSIDE = 0.5  # extra cost outside the canvas: round the map only when it is shorter
WEIGHT = 2.0  # weighted A*: longer grid paths (pulled tight after), far fewer cells visited
FLAT = 0.25  # a curve is tested as straight pieces at most this far from it
ROUNDS = (1.0, 0.6, 0.3)  # smoothing tensions tried before rounded corners, then straight pieces

Curve = tuple[Point, ...]


class Router:
    """One grid for a map's boxes and tree edges; `route(a, b)` for each cross-link."""

    def __init__(
        self, boxes: dict[str, Box], edges: Iterable[Sequence[Point]], width: float, height: float
    ) -> None:
        self.boxes, self.edges, self.width, self.height = boxes, edges, width, height
        self.x0, self.y0 = -RING, -RING
        span_w, span_h = width + 2 * RING, height + 2 * RING
        self.cell = max(6.0, math.sqrt(span_w * span_h / MAX_CELLS))
        self.nx, self.ny = int(span_w / self.cell) + 1, int(span_h / self.cell) + 1
        self.buckets: dict[int, list[Box]] = {}  # cell -> boxes (grown by CLEAR) overlapping it
        for box in boxes.values():
            for idx in self._cells(box, CLEAR, whole=False):
                self.buckets.setdefault(idx, []).append(box)
        self._base: list[float] | None = None  # made when the first link needs routing

    def _grid(self) -> list[float]:
        """Each cell's cost. A cell is "on" a box when its centre is: cells coarser than the gaps
        between boxes still reach every box, and exact tests (_clear, hits) keep the curve off
        the boxes."""
        if self._base is not None:
            return self._base
        nx, ny, c = self.nx, self.ny, self.cell
        self.hard = bytearray(nx * ny)  # boxes (grown by PAD) holding the cell's centre
        self.soft = bytearray(nx * ny)  # boxes grown by CLEAR holding it
        for box in self.boxes.values():
            for idx in self._cells(box, PAD):
                self.hard[idx] = min(255, self.hard[idx] + 1)
            for idx in self._cells(box, CLEAR):
                self.soft[idx] = min(255, self.soft[idx] + 1)
        base = [1.0 + OUTSIDE] * (nx * ny)
        cols = [ix for ix in range(nx) if 0 <= self.x0 + (ix + 0.5) * c <= self.width]
        for iy in range(ny):
            if cols and 0 <= self.y0 + (iy + 0.5) * c <= self.height:
                base[iy * nx + cols[0] : iy * nx + cols[-1] + 1] = [1.0] * len(cols)
        on_edges: set[int] = set()
        for points in self.edges:
            flat = flatten(points, 1.0)
            for p, q in zip(flat, flat[1:], strict=False):
                on_edges.update(self._walk(p, q))
        for idx in on_edges:
            base[idx] += EDGE
        for idx in set(self.buckets):  # every cell near a box is in a bucket
            base[idx] += HARD if self.hard[idx] else SOFT if self.soft[idx] else 0.0
        self._base = base
        return base

    # -- grid ---------------------------------------------------------------------------------

    def _span(self, box: Box, grow: float, whole: bool = True) -> tuple[int, int, int, int]:
        """The cells whose centre is on the box grown by `grow` (whole=True), or that overlap it;
        a box smaller than a cell holds at least the cell its centre is on."""
        c, half = self.cell, (0.5 if whole else 0.0)
        x0, x1 = (box.x - grow - self.x0) / c - half, (box.x + box.w + grow - self.x0) / c - half
        y0, y1 = (box.y - grow - self.y0) / c - half, (box.y + box.h + grow - self.y0) / c - half
        ix0, ix1 = (math.ceil(x0), math.floor(x1)) if whole else (math.floor(x0), math.floor(x1))
        iy0, iy1 = (math.ceil(y0), math.floor(y1)) if whole else (math.floor(y0), math.floor(y1))
        if ix0 > ix1:
            ix0 = ix1 = int((box.x + box.w / 2 - self.x0) / c)
        if iy0 > iy1:
            iy0 = iy1 = int((box.y + box.h / 2 - self.y0) / c)
        return max(0, ix0), max(0, iy0), min(self.nx - 1, ix1), min(self.ny - 1, iy1)

    def _cells(self, box: Box, grow: float, whole: bool = True) -> Iterable[int]:
        ix0, iy0, ix1, iy1 = self._span(box, grow, whole)
        for iy in range(iy0, iy1 + 1):
            yield from range(iy * self.nx + ix0, iy * self.nx + ix1 + 1)

    def _index(self, x: float, y: float) -> int | None:
        ix, iy = int((x - self.x0) // self.cell), int((y - self.y0) // self.cell)
        if 0 <= ix < self.nx and 0 <= iy < self.ny:
            return iy * self.nx + ix
        return None

    def _centre(self, idx: int) -> Point:
        iy, ix = divmod(idx, self.nx)
        return self.x0 + (ix + 0.5) * self.cell, self.y0 + (iy + 0.5) * self.cell

    def _costs(self, ends: Sequence[Box]) -> list[float]:
        """The grid's costs with the link's own two boxes taken off it."""
        cost = self._grid()[:]
        own_hard: dict[int, int] = {}
        own_soft: dict[int, int] = {}
        for box in ends:  # the cells of the two ends: costs as if those boxes were not there
            for idx in self._cells(box, PAD):
                own_hard[idx] = own_hard.get(idx, 0) + 1
            for idx in self._cells(box, CLEAR):
                own_soft[idx] = own_soft.get(idx, 0) + 1
        for idx, mine in own_soft.items():
            hard = self.hard[idx] > own_hard.get(idx, 0)
            soft = self.soft[idx] > mine
            cost[idx] -= HARD if self.hard[idx] else SOFT if self.soft[idx] else 0.0
            cost[idx] += HARD if hard else SOFT if soft else 0.0
        return cost

    # -- search -------------------------------------------------------------------------------

    def route(self, a: Box, b: Box) -> tuple[Curve, int]:
        """A curve from `a`'s border to `b`'s and the number of other boxes it passes through
        (0 unless the boxes leave no way between them)."""
        cost = self._costs((a, b))
        cells = self._search(cost, a, b)
        corners = self._pull(self._path(cells, a, b), a, b)
        best: tuple[int, Curve] | None = None
        for curve in _candidates(corners):
            hits = self.hits(curve, a, b)
            if best is None or hits < best[0]:
                best = (hits, curve)
            if hits == 0:
                break
        assert best is not None
        return best[1], best[0]

    def _search(self, cost: list[float], a: Box, b: Box) -> list[int]:
        """Weighted A* from the cells on `a` to a cell on `b` (8 neighbours)."""
        nx, ny = self.nx, self.ny
        gx0, gy0, gx1, gy1 = self._span(b, 0.0)
        goal = set(self._cells(b, 0.0))
        dist = [math.inf] * (nx * ny)
        came = [-1] * (nx * ny)
        heap: list[tuple[float, float, int]] = []
        for idx in self._cells(a, 0.0):
            dist[idx] = 0.0
            heap.append((0.0, 0.0, idx))
        heapq.heapify(heap)
        diag = math.sqrt(2)
        steps: tuple[tuple[int, int, float], ...] = ((1, 0, 1.0), (-1, 0, 1.0), (0, 1, 1.0), (0, -1, 1.0))
        steps += ((1, 1, diag), (1, -1, diag), (-1, 1, diag), (-1, -1, diag))
        while heap:
            _, g, idx = heapq.heappop(heap)
            if g > dist[idx]:
                continue
            if idx in goal:
                out = []
                while idx != -1 and dist[idx] > 0:
                    out.append(idx)
                    idx = came[idx]
                out.append(idx)
                return out[::-1]
            iy, ix = divmod(idx, nx)
            for dx, dy, step in steps:
                jx, jy = ix + dx, iy + dy
                if not (0 <= jx < nx and 0 <= jy < ny):
                    continue
                j = jy * nx + jx
                if dx and dy and (cost[iy * nx + jx] >= HARD or cost[jy * nx + ix] >= HARD):
                    continue  # no cutting a corner of a box
                ng = g + step * cost[j]
                if ng < dist[j]:
                    dist[j] = ng
                    came[j] = idx
                    hx = gx0 - jx if jx < gx0 else jx - gx1 if jx > gx1 else 0
                    hy = gy0 - jy if jy < gy0 else jy - gy1 if jy > gy1 else 0
                    h = max(hx, hy) + (diag - 1) * min(hx, hy)
                    heapq.heappush(heap, (ng + WEIGHT * h, ng, j))
        return []  # not reached: every cell can be crossed at a cost

    def _path(self, cells: list[int], a: Box, b: Box) -> list[Point]:
        """The cell centres between `a` and `b`, from where the path leaves `a` to where it
        arrives on `b`."""
        points = [_centre(a), *(self._centre(i) for i in cells), _centre(b)]
        m = next((k for k in range(1, len(points)) if not _inside(points[k], a)), len(points) - 1)
        e = next((k for k in range(m, len(points)) if _inside(points[k], b)), len(points) - 1)
        leave, arrive = _cut(points[m - 1], points[m], a), _cut(points[e - 1], points[e], b)
        start = leave[1] if leave else border(_centre(a), (a.w, a.h), points[m])
        end = arrive[0] if arrive else border(_centre(b), (b.w, b.h), points[e - 1])
        return [start, *points[m:e], end]

    def _pull(self, path: list[Point], a: Box, b: Box) -> list[Point]:
        """The path pulled tight: from each kept corner on to a far point still in sight (found
        by doubling the reach, then halving back), twice over. The two ends slide along the
        borders of `a` and `b` when that brings more in sight."""
        for _ in range(2):
            room = [self._room(p, a, b) for p in path]
            out, i, last = [path[0]], 0, len(path) - 1
            while i < last:
                seen, reach, ends = None, 1, None
                while i + reach <= last and (seg := self._clear(path, room, i, i + reach, a, b)):
                    seen, ends, reach = i + reach, seg, reach * 2
                if seen is None or ends is None:  # nothing in sight: on to the next point
                    out.append(path[i + 1])
                    i += 1
                    continue
                blind = min(last + 1, i + reach)
                while blind - seen > 1:  # seen is in sight, blind is not (or past the end)
                    mid = (seen + blind) // 2
                    seg = self._clear(path, room, i, mid, a, b)
                    if seg:
                        seen, ends = mid, seg
                    else:
                        blind = mid
                if i == 0:
                    out[0] = ends[0]
                out.append(ends[1])
                i = seen
            if len(out) == len(path) and out == path:
                break
            path = out
        return path

    def _room(self, p: Point, a: Box, b: Box) -> float:
        """How far p is from the nearest box but a and b, up to CLEAR."""
        idx = self._index(*p)
        room = CLEAR
        for box in self.buckets.get(idx, ()) if idx is not None else ():
            if box is not a and box is not b:
                dx = max(box.x - p[0], 0.0, p[0] - box.x - box.w)
                dy = max(box.y - p[1], 0.0, p[1] - box.y - box.h)
                room = min(room, math.hypot(dx, dy))
        return room

    def _clear(
        self, path: list[Point], room: list[float], i: int, j: int, a: Box, b: Box
    ) -> tuple[Point, Point] | None:
        """The straight line from path[i] to path[j] (an end on `a` or `b` slid along its
        border to face the other) if it keeps as far from every other box as its ends are (up
        to CLEAR, at least PAD) and stays off `a` and `b` but where it leaves or arrives."""
        p, q = path[i], path[j]
        if i == 0:
            p = border(_centre(a), (a.w, a.h), q)
        if j == len(path) - 1:
            q = border(_centre(b), (b.w, b.h), p)
        if _meets(p, q, a) or _meets(p, q, b):
            return None
        grow = max(PAD + 0.5, min(room[i], room[j]) - 0.5)
        x0, x1, y0, y1 = min(p[0], q[0]), max(p[0], q[0]), min(p[1], q[1]), max(p[1], q[1])
        seen: set[int] = set()
        for idx in self._walk(p, q):
            for box in self.buckets.get(idx, ()):
                if id(box) in seen or box is a or box is b:
                    continue
                seen.add(id(box))
                if box.x - grow > x1 or box.x + box.w + grow < x0 or box.y - grow > y1:
                    continue
                if box.y + box.h + grow < y0:
                    continue
                if _meets(p, q, Box(box.x - grow, box.y - grow, box.w + 2 * grow, box.h + 2 * grow)):
                    return None
        return p, q

    def _walk(self, p: Point, q: Point) -> list[int]:
        """Every grid cell the segment from p to q passes through (Amanatides and Woo's walk)."""
        c, nx, ny = self.cell, self.nx, self.ny
        x, y = (p[0] - self.x0) / c, (p[1] - self.y0) / c
        dx, dy = (q[0] - self.x0) / c - x, (q[1] - self.y0) / c - y
        ix, iy = math.floor(x), math.floor(y)
        steps = abs(math.floor(x + dx) - ix) + abs(math.floor(y + dy) - iy)
        sx, sy = (1 if dx > 0 else -1), (1 if dy > 0 else -1)
        tdx = abs(1 / dx) if dx else math.inf
        tdy = abs(1 / dy) if dy else math.inf
        tx = ((ix + 1 - x) if dx > 0 else (x - ix)) * tdx if dx else math.inf
        ty = ((iy + 1 - y) if dy > 0 else (y - iy)) * tdy if dy else math.inf
        out = []
        for _ in range(steps + 1):
            if 0 <= ix < nx and 0 <= iy < ny:
                out.append(iy * nx + ix)
            if tx < ty:
                tx += tdx
                ix += sx
            else:
                ty += tdy
                iy += sy
        return out

    # -- checks -------------------------------------------------------------------------------

    def hits(self, curve: Curve, a: Box | None = None, b: Box | None = None) -> int:
        """How many boxes (grown by PAD) the curve passes through, besides `a` and `b`: the curve
        is cut into straight pieces within FLAT of it, each tested exactly."""
        grow = PAD + FLAT
        hit: set[int] = set()
        points = flatten(curve)
        for p, q in zip(points, points[1:], strict=False):
            x0, x1, y0, y1 = min(p[0], q[0]), max(p[0], q[0]), min(p[1], q[1]), max(p[1], q[1])
            for idx in self._walk(p, q):
                for box in self.buckets.get(idx, ()):
                    if box is a or box is b or id(box) in hit:
                        continue
                    if box.x - grow > x1 or box.x + box.w + grow < x0 or box.y - grow > y1:
                        continue
                    if box.y + box.h + grow < y0:
                        continue
                    if _meets(p, q, Box(box.x - grow, box.y - grow, box.w + 2 * grow, box.h + 2 * grow)):
                        hit.add(id(box))
        return len(hit)


def _candidates(corners: list[Point]) -> Iterable[Curve]:
    """The corners smoothed with less and less tension, then with rounded corners, then straight."""
    if len(corners) == 2:
        yield line(corners[0], corners[1])
        return
    for tension in ROUNDS:
        yield _smooth(corners, tension)
    for radius in (24.0, 10.0, 4.0):
        yield _rounded(corners, radius)
    pieces: list[Point] = [corners[0]]
    for p, q in zip(corners, corners[1:], strict=False):
        pieces.extend(line(p, q)[1:])
    yield tuple(pieces)


def _smooth(corners: list[Point], tension: float) -> Curve:
    """A cubic piece between each two corners; at a corner the curve runs along the bisector of
    its two sides, reaching a third of each side out (times `tension`)."""
    tangents = []
    for k, p in enumerate(corners):
        before = _unit(corners[k - 1], p) if k > 0 else None
        after = _unit(p, corners[k + 1]) if k < len(corners) - 1 else None
        if before and after:
            tx, ty = before[0] + after[0], before[1] + after[1]
            n = math.hypot(tx, ty) or 1.0
            tangents.append((tx / n, ty / n))
        else:
            tangents.append(before or after or (1.0, 0.0))
    out: list[Point] = [corners[0]]
    for k in range(len(corners) - 1):
        p, q = corners[k], corners[k + 1]
        reach = math.dist(p, q) / 3 * tension
        (tx, ty), (ux, uy) = tangents[k], tangents[k + 1]
        out += [(p[0] + tx * reach, p[1] + ty * reach), (q[0] - ux * reach, q[1] - uy * reach), q]
    return tuple(out)


def _rounded(corners: list[Point], radius: float) -> Curve:
    """Straight pieces between the corners, each corner cut by a curve `radius` from it."""
    out: list[Point] = [corners[0]]
    for k in range(1, len(corners) - 1):
        prev, p, nxt = corners[k - 1], corners[k], corners[k + 1]
        r = min(radius, math.dist(prev, p) / 2, math.dist(p, nxt) / 2)
        (ux, uy), (vx, vy) = _unit(p, prev) or (0.0, 0.0), _unit(p, nxt) or (0.0, 0.0)
        cut_in, cut_out = (p[0] + ux * r, p[1] + uy * r), (p[0] + vx * r, p[1] + vy * r)
        out += line(out[-1], cut_in)[1:]
        inner = ((p[0] * 2 + cut_in[0]) / 3, (p[1] * 2 + cut_in[1]) / 3)
        outer = ((p[0] * 2 + cut_out[0]) / 3, (p[1] * 2 + cut_out[1]) / 3)
        out += [inner, outer, cut_out]
    out += line(out[-1], corners[-1])[1:]
    return tuple(out)


def _unit(p: Point, q: Point) -> Point | None:
    d = math.dist(p, q)
    return ((q[0] - p[0]) / d, (q[1] - p[1]) / d) if d > 1e-9 else None


def _inside(p: Point, box: Box) -> bool:
    return box.x <= p[0] <= box.x + box.w and box.y <= p[1] <= box.y + box.h


def _centre(box: Box) -> Point:
    return box.x + box.w / 2, box.y + box.h / 2


def _meets(p: Point, q: Point, box: Box) -> bool:
    """Whether the segment p-q passes through the box's inside (half a point in from its border)."""
    cut = _cut(p, q, Box(box.x + 0.5, box.y + 0.5, box.w - 1, box.h - 1))
    return cut is not None and cut[0] != cut[1]


def touches(p: Point, q: Point, box: Box, inset: float) -> bool:
    """Whether the segment p-q reaches the box shrunk by `inset` on every side (touching counts)."""
    return _cut(p, q, Box(box.x + inset, box.y + inset, box.w - 2 * inset, box.h - 2 * inset)) is not None


def _cut(p: Point, q: Point, box: Box) -> tuple[Point, Point] | None:
    """Where the segment p-q enters and leaves the box, or None (Liang-Barsky clipping)."""
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    x0, y0, x1, y1 = box.x, box.y, box.x + box.w, box.y + box.h
    for along, room in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if along == 0:
            if room < 0:
                return None
            continue
        t = room / along
        if along < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return (p[0] + dx * t0, p[1] + dy * t0), (p[0] + dx * t1, p[1] + dy * t1)


def flatten(points: Sequence[Point], tol: float = FLAT) -> list[Point]:
    """A piecewise cubic Bézier as a polyline that stays within `tol` of it (halving each piece
    until its control points lie that close to its chord)."""
    out = [points[0]]
    for i in range(0, len(points) - 3, 3):
        stack = [tuple(points[i : i + 4])]
        while stack:
            p0, p1, p2, p3 = stack.pop()
            dx, dy = p3[0] - p0[0], p3[1] - p0[1]
            n = math.hypot(dx, dy)
            if n > 1e-9:
                d = max(abs((p[0] - p0[0]) * dy - (p[1] - p0[1]) * dx) / n for p in (p1, p2))
            else:
                d = max(math.dist(p0, p1), math.dist(p0, p2))
            if d <= tol or len(out) > 100_000:
                out.append(p3)
                continue
            m01, m12, m23 = _mid(p0, p1), _mid(p1, p2), _mid(p2, p3)
            m012, m123 = _mid(m01, m12), _mid(m12, m23)
            m = _mid(m012, m123)
            stack.append((m, m123, m23, p3))
            stack.append((p0, m01, m012, m))
    return out


def _mid(p: Point, q: Point) -> Point:
    return (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
