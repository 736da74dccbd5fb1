"""`--engine dot`: Graphviz `dot` orders and spaces the nodes, treemind draws them as usual.

The default engine is treemind's own tidy layout (layout/tidy.py), linear in the number of nodes.
With `dot`, Graphviz's layered layout decides where each node sits across the main axis
(rankdir LR for map/right/left, TB for down/up; `ordering=out` keeps outline order), which
packs some wide trees tighter at the price of time: dot grows much faster than linearly on
wide trees. Everything else is ours, so both engines give the same style:

- nodes of one depth form a column (a row for down/up), aligned on the side facing their
  parent, so every edge reaches its child across an empty gap;
- an edge leaves its parent's facing side, runs straight to the edge of the parent's column
  (the `lead`, which no other box can be on: dot keeps boxes of a rank apart), then curves
  to the child. The theme's straight/elbow edge styles reshape only the part after the lead.

A map's two sides are laid out separately and joined at the root, as the tidy engine does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from ..errors import RenderError, UsageError
from ..model import Placed
from . import DOT_LAYOUTS
from .geometry import Box, Edge, Geometry, Point, Spacing, line
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
    vertical = kind in ("down", "up")
    sides: dict[str, str] = {}
    if kind == "map":
        cross = {i: sizes[i][1] for i in sizes}
        main = {i: sizes[i][0] for i in sizes}
        block = Tidy(tree.children, tree.depth, main, cross, spacing).block
        right, left = split_sides(items, tree.children[tree.root], block)
        sides = {**{c: "right" for c in right}, **{c: "left" for c in left}}
        halves = [(right, 1), (left[::-1], -1)]
    else:
        halves = [(tree.children[tree.root], -1 if kind in ("left", "up") else 1)]
    placed: dict[str, Box] = {}
    leads: dict[str, float] = {}  # child -> where its edge's lead ends on the main axis
    for mains, direction in halves:
        boxes, ends = _half(tree, mains, sizes, spacing, vertical, direction, run, source)
        placed.update(boxes)
        leads.update(ends)
    boxes = _to_canvas(placed, spacing.margin)
    edges = tuple(
        _edge(boxes, it.parent, it.id, leads[it.id] + _shift(placed, boxes, vertical), underlined, vertical)
        for it in items
        if it.parent is not None
    )
    width = max(b.x + b.w for b in boxes.values()) + spacing.margin
    height = max(b.y + b.h for b in boxes.values()) + spacing.margin
    return Geometry(kind, width, height, boxes, edges, sides, engine="dot")


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
    vertical: bool,
    direction: int,
    run: Run,
    source: str | None,
) -> tuple[dict[str, Box], dict[str, float]]:
    """Boxes (root at main 0, centred on cross 0) and lead ends for the root and `mains`."""
    nodes = tree.below(mains)
    cross_of = _cross_positions(tree, nodes, sizes, spacing, vertical, run)
    missing = [n for n in nodes if n not in cross_of]
    if missing:
        raise RenderError(f"Graphviz dot gave no position for {len(missing)} nodes", path=source)
    main_len = {n: sizes[n][1] if vertical else sizes[n][0] for n in nodes}
    cross_len = {n: sizes[n][0] if vertical else sizes[n][1] for n in nodes}
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
        boxes[n] = (
            Box(cross, start, cross_len[n], main_len[n])
            if vertical
            else Box(start, cross, main_len[n], cross_len[n])
        )
        if d > 0:
            leads[n] = ends[d - 1] if direction > 0 else main_len[tree.root] - ends[d - 1]
    return boxes, leads


def _cross_positions(
    tree: _Tree,
    nodes: list[str],
    sizes: dict[str, tuple[float, float]],
    spacing: Spacing,
    vertical: bool,
    run: Run,
) -> dict[str, float]:
    """Each node's centre on the cross axis, in points, as dot places it."""
    inch = 72.0
    lines = [
        "digraph tree {",
        f"graph [rankdir={'TB' if vertical else 'LR'}, ordering=out, splines=false,"
        f" nodesep={spacing.sibling(1) / inch:.4f}, ranksep={spacing.rank(0) / inch:.4f}];",
        'node [shape=box, fixedsize=true, label=""];',
    ]
    for n in nodes:  # ids are generated by treemind (n0_1_2): safe as DOT identifiers
        w, h = sizes[n]
        lines.append(f"{n} [width={w / inch:.4f}, height={h / inch:.4f}];")
    lines.extend(f"{tree.parent[n]} -> {n};" for n in nodes[1:])
    lines.append("}")
    cross = _plain_positions(run("\n".join(lines) + "\n"), set(nodes), vertical)
    return {n: v * inch for n, v in cross.items()}


def _plain_positions(plain: str, nodes: set[str], vertical: bool) -> dict[str, float]:
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
            cross[parts[1]] = x if vertical else -y  # plain output has y growing upwards
    if len(cross) != len(nodes):
        raise RenderError("Graphviz 'dot -Tplain' did not place every node (is 'dot' on PATH Graphviz?)")
    return cross


def _to_canvas(placed: dict[str, Box], margin: float) -> dict[str, Box]:
    min_x = min(b.x for b in placed.values())
    min_y = min(b.y for b in placed.values())
    return {n: Box(b.x - min_x + margin, b.y - min_y + margin, b.w, b.h) for n, b in placed.items()}


def _shift(placed: dict[str, Box], boxes: dict[str, Box], vertical: bool) -> float:
    """How far _to_canvas moved everything along the main axis."""
    any_id = next(iter(placed))
    if vertical:
        return boxes[any_id].y - placed[any_id].y
    return boxes[any_id].x - placed[any_id].x


def _edge(
    boxes: dict[str, Box], parent: str, child: str, lead_end: float, underlined: set[str], vertical: bool
) -> Edge:
    """Parent's facing side -> straight lead to its column's edge -> S-curve to the child."""
    p, c = boxes[parent], boxes[child]
    if vertical:
        down = c.y >= p.y
        start: Point = (p.x + p.w / 2, p.y + p.h if down else p.y)
        end: Point = (c.x + c.w / 2, c.y if down else c.y + c.h)
        turn: Point = (start[0], lead_end)
        mid = (end[1] - turn[1]) / 2
        curve = (turn, (turn[0], turn[1] + mid), (end[0], end[1] - mid), end)
    else:
        rightwards = c.x >= p.x
        start_y = p.y + p.h if parent in underlined else p.y + p.h / 2
        end_y = c.y + c.h if child in underlined else c.y + c.h / 2
        start = (p.x + p.w if rightwards else p.x, start_y)
        end = (c.x if rightwards else c.x + c.w, end_y)
        turn = (lead_end, start_y)
        mid = (end[0] - turn[0]) / 2
        curve = (turn, (turn[0] + mid, turn[1]), (end[0] - mid, end[1]), end)
    if abs((turn[1] - start[1]) if vertical else (turn[0] - start[0])) < 0.01:
        return Edge(parent, child, curve)
    return Edge(parent, child, (*line(start, turn), *curve[1:]), lead=1)
