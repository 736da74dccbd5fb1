"""The tidy tree (map, right, left): each subtree owns a band across the main axis."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Placed
from .geometry import Box, Edge, Geometry, Spacing


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
    sides: dict[str, str] = {}
    if kind == "map":
        right, left = split_sides(items, children[root], tidy.block)
        sides = {**{c: "right" for c in right}, **{c: "left" for c in left}}
        placed = tidy.place(root, right, 1) | tidy.place(root, left[::-1], -1)
    else:
        placed = tidy.place(root, children[root], -1 if kind == "left" else 1)
    boxes = _to_canvas(placed, sizes, spacing.margin)
    width = max(b.x + b.w for b in boxes.values()) + spacing.margin
    height = max(b.y + b.h for b in boxes.values()) + spacing.margin
    edges = tuple(
        _edge(boxes, it.parent, it.id, underlined, kind, sides.get(it.main) if it.main else None)
        for it in items
        if it.parent is not None
    )
    return Geometry(kind, width, height, boxes, edges, sides)


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
