"""`--engine dot`: Graphviz `dot` orders and spaces the nodes, treemind draws them as usual.

The default engine is treemind's own tidy layout (layout/tidy.py), linear in the number of nodes.
With `dot`, Graphviz's layered layout (rankdir LR, `ordering=out` keeps outline order) decides
where each node sits across the main axis, which packs some wide trees tighter at the price of
time: dot grows much faster than linearly on wide trees. Everything else is ours, so both
engines give the same style:

- nodes of one depth form a column, aligned on the side facing their parent, so every edge
  reaches its child across an empty gap;
- an edge leaves its parent's facing side, runs straight to the edge of the parent's column
  (the `lead`, which no other box can be on: dot keeps boxes of a rank apart), then curves
  to the child. The theme's straight/elbow edge styles reshape only the part after the lead.
  Under an underlined parent the lead would read as the underline running on past the text,
  so such an edge curves from the underline's end when that curve meets no box and no edge.

A map's two sides are laid out separately and joined at the root, as the tidy engine does.
`down`/`up` are the tidy org chart's frame (main branches in rows under the root, wrapped
when wide) with each main branch's topics in dot's columns below it: dot's own top-to-bottom
ranks put every depth in one row, 4,869 x 435 pt for a 52-node map.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from ..errors import RenderError, UsageError
from ..model import Placed
from . import DOT_LAYOUTS
from .geometry import Box, Edge, Geometry, Point, Spacing, line
from .orgchart import _rows, rounded
from .routing import Router, flatten
from .tidy import Tidy, split_sides

Run = Callable[[str], str]  # DOT source in, `dot -Tplain` text out


def dot_layout(
    items: Sequence[Placed],
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    kind: str,
    spacing: Spacing,
    run: Run,
    source: str | None = None,
) -> Geometry:
    """Place every node with Graphviz `dot`; `run` gives dot's `-Tplain` answer for a graph."""
    if kind not in DOT_LAYOUTS:
        raise UsageError(
            f"--engine dot lays out {', '.join(DOT_LAYOUTS)}; the {kind} layout has its own geometry"
            " (use --engine tidy)",
            path=source,
        )
    tree = _Tree(items)
    if kind in ("down", "up"):
        return _org_chart(tree, sizes, underlined, kind, spacing, run, source)
    sides: dict[str, str] = {}
    if kind == "map":
        cross = {i: sizes[i][1] for i in sizes}
        main = {i: sizes[i][0] for i in sizes}
        block = Tidy(tree.children, tree.depth, main, cross, spacing).block
        right, left = split_sides(items, tree.children[tree.root], block)
        sides = {**{c: "right" for c in right}, **{c: "left" for c in left}}
        halves = [(right, 1), (left[::-1], -1)]
    else:
        halves = [(tree.children[tree.root], -1 if kind == "left" else 1)]
    placed: dict[str, Box] = {}
    leads: dict[str, float] = {}  # child -> where its edge's lead ends on the main axis
    for mains, direction in halves:
        boxes, ends = _half(tree, mains, sizes, spacing, direction, run, source)
        placed.update(boxes)
        leads.update(ends)
    boxes = _to_canvas(placed, spacing.margin)
    width = max(b.x + b.w for b in boxes.values()) + spacing.margin
    height = max(b.y + b.h for b in boxes.values()) + spacing.margin
    edges = [
        _edge(boxes, it.parent, it.id, leads[it.id] + _shift(placed, boxes), underlined)
        for it in items
        if it.parent is not None
    ]
    edges = _without_underline_leads(edges, boxes, underlined, width, height)
    return Geometry(kind, width, height, boxes, tuple(edges), sides, engine="dot")


class _Tree:
    def __init__(self, items: Sequence[Placed]) -> None:
        self.root = items[0].id
        self.depth = {it.id: it.depth for it in items}
        self.parent = {it.id: it.parent for it in items}
        self.children: dict[str, list[str]] = {it.id: [] for it in items}
        for it in items:
            if it.parent is not None:
                self.children[it.parent].append(it.id)

    def below(self, mains: list[str]) -> list[str]:
        """The root, then each main branch's subtree in pre-order (in the order of `mains`)."""
        out, stack = [self.root], list(reversed(mains))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(self.children[node]))
        return out


def _half(
    tree: _Tree,
    mains: list[str],
    sizes: dict[str, tuple[float, float]],
    spacing: Spacing,
    direction: int,
    run: Run,
    source: str | None,
) -> tuple[dict[str, Box], dict[str, float]]:
    """Boxes (root at main 0, centred on cross 0) and lead ends for the root and `mains`."""
    nodes = tree.below(mains)
    cross_of = _cross_positions(tree, nodes, sizes, spacing, run)
    missing = [n for n in nodes if n not in cross_of]
    if missing:
        raise RenderError(f"Graphviz dot gave no position for {len(missing)} nodes", path=source)
    main_len = {n: sizes[n][0] for n in nodes}
    cross_len = {n: sizes[n][1] for n in nodes}
    # columns: depth d starts where depth d-1's widest box ends, plus that depth's rank gap
    starts, ends = [0.0], []
    deepest = max(tree.depth[n] for n in nodes)
    for d in range(deepest + 1):
        widest = max(main_len[n] for n in nodes if tree.depth[n] == d)
        ends.append(starts[d] + widest)
        starts.append(ends[d] + spacing.rank(d))
    boxes: dict[str, Box] = {}
    leads: dict[str, float] = {}
    root_cross = cross_of[tree.root]
    for n in nodes:
        d = tree.depth[n]
        start = starts[d] if direction > 0 else -(starts[d] + main_len[n]) + main_len[tree.root]
        if d == 0:
            start = 0.0
        # whole points, as the tidy engine's: Graphviz then puts every run of a line on one baseline
        cross = float(round(cross_of[n] - root_cross - cross_len[n] / 2))
        boxes[n] = Box(start, cross, main_len[n], cross_len[n])
        if d > 0:
            leads[n] = ends[d - 1] if direction > 0 else main_len[tree.root] - ends[d - 1]
    return boxes, leads


def _cross_positions(
    tree: _Tree,
    nodes: list[str],
    sizes: dict[str, tuple[float, float]],
    spacing: Spacing,
    run: Run,
) -> dict[str, float]:
    """Each node's centre on the cross axis, in points, as dot places it."""
    inch = 72.0
    lines = [
        "digraph tree {",
        "graph [rankdir=LR, ordering=out, splines=false,"
        f" nodesep={spacing.sibling(1) / inch:.4f}, ranksep={spacing.rank(0) / inch:.4f}];",
        'node [shape=box, fixedsize=true, label=""];',
    ]
    nodes_set = set(nodes)
    for n in nodes:  # ids are generated by treemind (n0_1_2): safe as DOT identifiers
        w, h = sizes[n]
        lines.append(f"{n} [width={w / inch:.4f}, height={h / inch:.4f}];")
    lines.extend(f"{tree.parent[n]} -> {n};" for n in nodes if tree.parent[n] in nodes_set)
    lines.append("}")
    cross = _plain_positions(run("\n".join(lines) + "\n"), set(nodes))
    return {n: v * inch for n, v in cross.items()}


def _plain_positions(plain: str, nodes: set[str]) -> dict[str, float]:
    """Each node's cross-axis position (inches) from `dot -Tplain`; output that is not that
    (another program on PATH, a broken build) fails the map, never as an internal error."""
    cross: dict[str, float] = {}
    for row in plain.splitlines():
        parts = row.split()
        if len(parts) >= 4 and parts[0] == "node" and parts[1] in nodes:
            try:
                x, y = float(parts[2]), float(parts[3])
            except ValueError:
                x = y = math.nan
            if not (math.isfinite(x) and math.isfinite(y)):
                raise RenderError(
                    f"Graphviz 'dot -Tplain' wrote a position treemind cannot read: {row[:80]!r}"
                )
            cross[parts[1]] = -y  # plain output has y growing upwards
    if len(cross) != len(nodes):
        raise RenderError("Graphviz 'dot -Tplain' did not place every node (is 'dot' on PATH Graphviz?)")
    return cross


def _to_canvas(placed: dict[str, Box], margin: float) -> dict[str, Box]:
    min_x = min(b.x for b in placed.values())
    min_y = min(b.y for b in placed.values())
    return {n: Box(b.x - min_x + margin, b.y - min_y + margin, b.w, b.h) for n, b in placed.items()}


def _shift(placed: dict[str, Box], boxes: dict[str, Box]) -> float:
    """How far _to_canvas moved everything along the main axis."""
    any_id = next(iter(placed))
    return boxes[any_id].x - placed[any_id].x


def _edge(boxes: dict[str, Box], parent: str, child: str, lead_end: float, underlined: set[str]) -> Edge:
    """Parent's facing side -> straight lead to its column's edge -> S-curve to the child."""
    p, c = boxes[parent], boxes[child]
    rightwards = c.x >= p.x
    start_y = p.y + p.h if parent in underlined else p.y + p.h / 2
    end_y = c.y + c.h if child in underlined else c.y + c.h / 2
    start: Point = (p.x + p.w if rightwards else p.x, start_y)
    end: Point = (c.x if rightwards else c.x + c.w, end_y)
    turn: Point = (lead_end, start_y)
    mid = (end[0] - turn[0]) / 2
    curve = (turn, (turn[0] + mid, turn[1]), (end[0] - mid, end[1]), end)
    if abs(turn[0] - start[0]) < 0.01:
        return Edge(parent, child, curve)
    return Edge(parent, child, (*line(start, turn), *curve[1:]), lead=1)


def _without_underline_leads(
    edges: list[Edge], boxes: dict[str, Box], underlined: set[str], width: float, height: float
) -> list[Edge]:
    """An underlined parent's lead reads as its underline running on past the text: such an
    edge curves straight from the underline's end instead, when a curve that passes through
    no other box and crosses no other edge exists (edges.reshape_edges keeps it a curve where
    a `straight` theme's line would cross a box)."""
    checker = Router(boxes, (), width, height)  # its exact box test; no grid is built
    index = _EdgeIndex(edges)
    for i, edge in enumerate(edges):
        if not edge.lead or edge.parent not in underlined:
            continue
        p, c = boxes[edge.parent], boxes[edge.child]
        start, lead_end, end = edge.points[0], edge.points[3][0], edge.points[-1]
        # the S-curve, then ones that keep level with the parent longer, across its column
        for bend in ((start[0] + end[0]) / 2, (lead_end + end[0]) / 2, end[0]):
            direct = (start, (bend, start[1]), (start[0] + end[0] - bend, end[1]), end)
            if checker.hits(direct, p, c) == 0 and not index.crosses(direct, edge):
                index.replace(i, Edge(edge.parent, edge.child, direct))
                break
    return index.edges


class _EdgeIndex:
    """Edges as straight pieces in square buckets, to test a new curve against them."""

    CELL = 48.0

    def __init__(self, edges: list[Edge]) -> None:
        self.edges = list(edges)
        self.buckets: dict[tuple[int, int], list[tuple[int, Point, Point]]] = {}
        for i in range(len(self.edges)):
            self._file(i, add=True)

    def _pieces(self, points: Sequence[Point]) -> list[tuple[Point, Point]]:
        flat = flatten(points, 0.5)
        return list(zip(flat, flat[1:], strict=False))

    def _keys(self, p: Point, q: Point) -> list[tuple[int, int]]:
        c = self.CELL
        xs = range(int(min(p[0], q[0]) // c), int(max(p[0], q[0]) // c) + 1)
        ys = range(int(min(p[1], q[1]) // c), int(max(p[1], q[1]) // c) + 1)
        return [(x, y) for x in xs for y in ys]

    def _file(self, i: int, add: bool) -> None:
        for p, q in self._pieces(self.edges[i].points):
            for key in self._keys(p, q):
                if add:
                    self.buckets.setdefault(key, []).append((i, p, q))
                else:
                    self.buckets[key] = [entry for entry in self.buckets[key] if entry[0] != i]

    def replace(self, i: int, edge: Edge) -> None:
        self._file(i, add=False)
        self.edges[i] = edge
        self._file(i, add=True)

    def crosses(self, curve: Sequence[Point], edge: Edge) -> bool:
        """Whether the curve meets an edge that shares no node with `edge`."""
        ends = {edge.parent, edge.child}
        for p, q in self._pieces(curve):
            for key in self._keys(p, q):
                for j, r, t in self.buckets.get(key, ()):
                    other = self.edges[j]
                    if other.parent in ends or other.child in ends:
                        continue
                    if _meet(p, q, r, t):
                        return True
        return False


def _meet(p: Point, q: Point, r: Point, t: Point) -> bool:
    """Whether two segments cross or touch."""

    def side(a: Point, b: Point, c: Point) -> int:
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return 0 if abs(v) < 1e-9 else (1 if v > 0 else -1)

    def within(a: Point, b: Point, c: Point) -> bool:
        return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(a[1], b[1])

    s1, s2, s3, s4 = side(p, q, r), side(p, q, t), side(r, t, p), side(r, t, q)
    if s1 * s2 < 0 and s3 * s4 < 0:
        return True
    return (
        (s1 == 0 and within(p, q, r))
        or (s2 == 0 and within(p, q, t))
        or (s3 == 0 and within(r, t, p))
        or (s4 == 0 and within(r, t, q))
    )


def _org_chart(
    tree: _Tree,
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    kind: str,
    spacing: Spacing,
    run: Run,
    source: str | None,
) -> Geometry:
    """`down`/`up`: the main branches side by side under the root, wrapping into rows as the
    tidy org chart does (layout/orgchart.py); below each main branch its topics in dot's
    left-to-right columns, one dot run for all of them (each branch is a component). Every
    depth in one row, dot's own `down`, made a 52-node map 4,869 x 435 pt."""
    root, mains = tree.root, tree.children[tree.root]
    rank_gap, column_gap = spacing.rank(0), max(spacing.sibling(1), 24.0)
    row_gap, indent = max(spacing.sibling(2), 6.0), max(16.0, spacing.rank(0) * 0.6)
    below = tree.below(mains)[1:]  # every main branch roots one component of the dot graph
    cross = _cross_positions(tree, below, sizes, spacing, run) if below else {}
    if len(cross) != len(below):
        raise RenderError(f"Graphviz dot gave no position for {len(below) - len(cross)} nodes", path=source)
    blocks = {m: _block(tree, m, cross, sizes, spacing, indent, row_gap) for m in mains}
    col_w = {m: max(b.x + b.w for b in blocks[m][0].values()) for m in mains}
    col_h = {m: max(b.y + b.h for b in blocks[m][0].values()) for m in mains}
    rows = _rows(mains, col_w, col_h, sizes[root], rank_gap, column_gap) if mains else [[]]
    trunk = column_gap if len(rows) > 1 else 0.0
    row_w = max(sum(col_w[m] for m in row) + column_gap * max(len(row) - 1, 0) for row in rows)
    first_w = sum(col_w[m] for m in rows[0]) + column_gap * max(len(rows[0]) - 1, 0)
    rw, rh = sizes[root]
    placed = {root: Box(trunk + max(0.0, (first_w - rw) / 2), 0.0, rw, rh)}
    leads: dict[str, float] = {}
    rails: dict[str, float] = {}
    top = rh + rank_gap
    for row in rows:
        x = trunk + max(0.0, (rw - row_w) / 2)
        for m in row:
            boxes, ends = blocks[m]
            placed.update({n: Box(b.x + x, b.y + top, b.w, b.h) for n, b in boxes.items()})
            leads.update({n: e + x for n, e in ends.items()})
            rails[m] = top - rank_gap / 2
            x += col_w[m] + column_gap
        top += max((col_h[m] for m in row), default=0.0) + rank_gap
    height = max(b.y + b.h for b in placed.values())
    flip = kind == "up"
    margin = spacing.margin
    boxes = {
        n: Box(b.x + margin, (height - b.y - b.h if flip else b.y) + margin, b.w, b.h)
        for n, b in placed.items()
    }
    width = max(b.x + b.w for b in boxes.values()) + margin
    first_row = set(rows[0])
    edges = []
    for n in below:
        parent = tree.parent[n]
        assert parent is not None
        p, c = boxes[parent], boxes[n]
        if parent == root and n not in first_row:  # along the trunk and a rail to a later row
            corners = [(p.x, p.y + p.h / 2), (margin, p.y + p.h / 2)]
            rail = (height - rails[n] if flip else rails[n]) + margin
            corners += [(margin, rail), (c.x + c.w / 2, rail), (c.x + c.w / 2, c.y + c.h if flip else c.y)]
            pts = rounded(corners)
            edges.append(Edge(parent, n, pts, (len(pts) - 1) // 3 - 1))
        elif parent == root:  # the root's bottom (top) centre to the branch's top (bottom) centre
            start = (p.x + p.w / 2, p.y if flip else p.y + p.h)
            end = (c.x + c.w / 2, c.y + c.h if flip else c.y)
            mid = (end[1] - start[1]) / 2
            edges.append(Edge(parent, n, (start, (start[0], start[1] + mid), (end[0], end[1] - mid), end)))
        elif tree.parent[parent] == root:  # down (up) the branch's trunk into the topic's left side
            start = (p.x + min(indent / 2, p.w / 2), p.y if flip else p.y + p.h)
            end = (c.x, c.y + c.h if n in underlined else c.y + c.h / 2)
            corner = (start[0], end[1])
            edges.append(Edge(parent, n, (start, corner, corner, end)))
        else:
            edges.append(_edge(boxes, parent, n, leads[n] + margin, underlined))
    edges = _without_underline_leads(edges, boxes, underlined, width, height + 2 * margin)
    return Geometry(kind, width, height + 2 * margin, boxes, tuple(edges), {}, engine="dot")


def _block(
    tree: _Tree,
    main: str,
    cross: dict[str, float],
    sizes: dict[str, tuple[float, float]],
    spacing: Spacing,
    indent: float,
    row_gap: float,
) -> tuple[dict[str, Box], dict[str, float]]:
    """A main branch at the top left (0, 0) and its topics below it in dot's columns, the
    first column indented under it; and where each deeper edge's lead ends (x)."""
    nodes = _subtree(tree, main)
    mw, mh = sizes[main]
    boxes = {main: Box(0.0, 0.0, mw, mh)}
    if len(nodes) == 1:
        return boxes, {}
    base = tree.depth[main]
    topics = nodes[1:]
    starts, ends = {1: indent}, {}
    deepest = max(tree.depth[n] for n in topics) - base
    for r in range(1, deepest + 1):
        ends[r] = starts[r] + max(sizes[n][0] for n in topics if tree.depth[n] - base == r)
        starts[r + 1] = ends[r] + spacing.rank(base + r)
    top = min(cross[n] - sizes[n][1] / 2 for n in topics)
    leads = {}
    for n in topics:
        r = tree.depth[n] - base
        w, h = sizes[n]
        # whole points, as the tidy engine's: Graphviz then puts every run of a line on one baseline
        boxes[n] = Box(starts[r], float(round(cross[n] - h / 2 - top + mh + row_gap)), w, h)
        if r > 1:
            leads[n] = ends[r - 1]
    return boxes, leads


def _subtree(tree: _Tree, top: str) -> list[str]:
    out, stack = [], [top]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(tree.children[node]))
    return out
