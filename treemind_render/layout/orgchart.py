"""Org charts (`down`, `up`): main branches side by side, each one's topics as an indented column.

Laying every level side by side makes a 40-node chart thousands of points wide and a few rows
tall; a column per main branch keeps the chart about as wide as it is tall. When there are so
many main branches that one row of columns would still be more than 2.5 times as wide as it is
tall, the columns wrap into rows (outline order: left to right, then the next row), with as
many rows as bring the chart nearest 3 : 2. A later row's main branches hang from a rail in
the gap above their row, fed by a trunk that runs down the chart's left edge from the root.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..model import Placed
from .geometry import Box, Curve, Edge, Geometry, Point, Spacing, line


def org_chart(
    order: list[str],
    children: dict[str, list[str]],
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    rank_gap: float,
    column_gap: float,
    row_gap: float,
    wrap: bool = False,
) -> tuple[dict[str, tuple[float, float]], list[tuple[str, str, tuple[Point, ...]]]]:
    """Top-left corners (root at the top) and edges of a `down` chart; `order` is pre-order.
    With `wrap`, a wide chart's columns wrap into rows."""
    root = order[0]
    indent = max(16.0, rank_gap * 0.6)
    col_w: dict[str, float] = {}
    col_h: dict[str, float] = {}
    for node in reversed(order[1:]):
        w, h = sizes[node]
        kids = children[node]
        col_w[node] = max([w] + [indent + col_w[k] for k in kids])
        col_h[node] = h + sum(row_gap + col_h[k] for k in kids)
    mains = children[root]
    rows = _rows(mains, col_w, col_h, sizes[root], rank_gap, column_gap) if wrap else [mains]
    trunk = column_gap if len(rows) > 1 else 0.0  # room on the left for the trunk to later rows
    row_w = max(_width(row, col_w, column_gap) for row in rows)
    first_w = _width(rows[0], col_w, column_gap)
    root_w, root_h = sizes[root]
    pos = {root: (trunk + max(0.0, (first_w - root_w) / 2), 0.0)}
    top = root_h + rank_gap
    stack: list[str] = []
    row_of: dict[str, int] = {}
    rails: list[float] = []
    for r, row in enumerate(rows):
        x = trunk + max(0.0, (root_w - row_w) / 2)
        rails.append(top - rank_gap / 2)
        for main in row:
            pos[main] = (x, top)
            x += col_w[main] + column_gap
            stack.append(main)
            row_of[main] = r
        top += max((col_h[m] for m in row), default=0.0) + rank_gap
    while stack:  # columns: each child indented under its parent, stacked downwards
        node = stack.pop()
        nx, ny = pos[node]
        y = ny + sizes[node][1] + row_gap
        for kid in children[node]:
            pos[kid] = (nx + indent, y)
            y += col_h[kid] + row_gap
            stack.append(kid)
    edges: list[tuple[str, str, tuple[Point, ...]]] = list(
        _edges(order, children, sizes, underlined, pos, indent)
    )
    if len(rows) > 1:
        rw, rh = sizes[root]
        rx, ry = pos[root]
        for i, (parent, kid, _) in enumerate(edges):
            if parent == root and row_of[kid]:
                (cx, cy), cw = pos[kid], sizes[kid][0]
                corners = [(rx, ry + rh / 2), (0.0, ry + rh / 2), (0.0, rails[row_of[kid]])]
                corners += [(cx + cw / 2, rails[row_of[kid]]), (cx + cw / 2, cy)]
                edges[i] = (parent, kid, rounded(corners))
    return pos, edges


def _width(row: list[str], col_w: dict[str, float], gap: float) -> float:
    return sum(col_w[m] for m in row) + gap * max(len(row) - 1, 0)


def _rows(
    mains: list[str],
    col_w: dict[str, float],
    col_h: dict[str, float],
    root: tuple[float, float],
    rank_gap: float,
    gap: float,
) -> list[list[str]]:
    """Main branches in rows, outline order kept: one row unless that is over 2.5 : 1, else
    the number of rows whose chart is nearest 3 : 2."""

    def shape(rows: list[list[str]]) -> float:
        width = max(max(_width(r, col_w, gap) for r in rows), root[0]) + (gap if len(rows) > 1 else 0.0)
        height = root[1] + sum(rank_gap + max(col_h[m] for m in r) for r in rows)
        return width / max(height, 1.0)

    one = [mains]
    if len(mains) < 4 or shape(one) <= 2.5:
        return one
    total = _width(mains, col_w, gap)
    best, best_score = one, abs(math.log(shape(one) / 1.5))
    for k in range(2, len(mains) + 1):
        limit, used = total / k, 0.0
        rows: list[list[str]] = []
        current: list[str] = []
        for m in mains:
            if current and used + gap + col_w[m] > limit:
                rows.append(current)
                current, used = [], 0.0
            used += (gap if current else 0.0) + col_w[m]
            current.append(m)
        rows.append(current)
        score = abs(math.log(shape(rows) / 1.5))
        if score < best_score:
            best, best_score = rows, score
        if shape(rows) < 1.5 / 3:  # narrower from here on
            break
    return best


def rounded(corners: list[Point], radius: float = 6.0) -> tuple[Point, ...]:
    """An orthogonal path through `corners` as cubic pieces, each corner rounded."""
    out: list[Point] = [corners[0]]
    for i in range(1, len(corners) - 1):
        (ax, ay), (bx, by), (cx, cy) = corners[i - 1], corners[i], corners[i + 1]
        r = min(radius, math.dist((ax, ay), (bx, by)) / 2, math.dist((bx, by), (cx, cy)) / 2)
        into = _towards((bx, by), (ax, ay), r)
        away = _towards((bx, by), (cx, cy), r)
        out.extend(line(out[-1], into)[1:])
        out.extend(((bx, by), (bx, by), away))
    out.extend(line(out[-1], corners[-1])[1:])
    return tuple(out)


def _towards(a: Point, b: Point, d: float) -> Point:
    length = math.dist(a, b) or 1.0
    return a[0] + (b[0] - a[0]) * d / length, a[1] + (b[1] - a[1]) * d / length


def _edges(
    order: list[str],
    children: dict[str, list[str]],
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    pos: dict[str, tuple[float, float]],
    indent: float,
) -> list[tuple[str, str, Curve]]:
    root = order[0]
    edges: list[tuple[str, str, Curve]] = []
    for parent in order:
        (px, py), (pw, ph) = pos[parent], sizes[parent]
        for kid in children[parent]:
            (cx, cy), (cw, ch) = pos[kid], sizes[kid]
            if parent == root:  # from the root's bottom centre down to the branch's top centre
                start, end = (px + pw / 2, py + ph), (cx + cw / 2, cy)
                mid = (end[1] - start[1]) / 2
                curve: Curve = (start, (start[0], start[1] + mid), (end[0], end[1] - mid), end)
            else:  # down the column's trunk, then into the child's left side: a rounded elbow
                start = (px + min(indent / 2, pw / 2), py + ph)
                end = (cx, cy + ch if kid in underlined else cy + ch / 2)
                corner = (start[0], end[1])
                curve = (start, corner, corner, end)
            edges.append((parent, kid, curve))
    return edges


def org_chart_geometry(
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
        wrap=True,
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
    edges = tuple(  # a routed edge keeps its path; the theme's edge style shapes its last piece
        Edge(parent, kid, tuple(canvas(p) for p in points), (len(points) - 1) // 3 - 1)
        for parent, kid, points in curves
    )
    width = max(b.x + b.w for b in boxes.values()) + spacing.margin
    return Geometry(kind, width, height + 2 * spacing.margin, boxes, edges, {})
