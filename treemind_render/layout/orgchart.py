"""Org charts (`down`, `up`): main branches side by side, each one's topics as an indented column.

Laying every level side by side makes a 40-node chart thousands of points wide and a few rows
tall; a column per main branch keeps the chart about as wide as it is tall.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Placed
from .geometry import Box, Curve, Edge, Geometry, Point, Spacing


def org_chart(
    order: list[str],
    children: dict[str, list[str]],
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    rank_gap: float,
    column_gap: float,
    row_gap: float,
) -> tuple[dict[str, tuple[float, float]], list[tuple[str, str, Curve]]]:
    """Top-left corners (root at the top) and edges of a `down` chart; `order` is pre-order."""
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
    row_w = sum(col_w[m] for m in mains) + column_gap * max(len(mains) - 1, 0)
    root_w, root_h = sizes[root]
    pos = {root: (max(0.0, (row_w - root_w) / 2), 0.0)}
    x, top = max(0.0, (root_w - row_w) / 2), root_h + rank_gap
    stack: list[str] = []
    for main in mains:
        pos[main] = (x, top)
        x += col_w[main] + column_gap
        stack.append(main)
    while stack:  # columns: each child indented under its parent, stacked downwards
        node = stack.pop()
        nx, ny = pos[node]
        y = ny + sizes[node][1] + row_gap
        for kid in children[node]:
            pos[kid] = (nx + indent, y)
            y += col_h[kid] + row_gap
            stack.append(kid)
    return pos, _edges(order, children, sizes, underlined, pos, indent)


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
