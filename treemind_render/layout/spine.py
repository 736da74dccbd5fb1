"""Spine layouts: a timeline (main branches in order along a horizontal spine, alternately
above and below it) and a fishbone (the root as the head, main branches as slanted ribs)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from ..model import Placed
from .geometry import Box, Edge, Geometry, Point, Spacing, line
from .orgchart import org_chart, rounded


def timeline(
    order: list[str],
    children: dict[str, list[str]],
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    rank_gap: float,
    column_gap: float,
    row_gap: float,
) -> tuple[dict[str, Point], list[tuple[str, str, tuple[Point, ...]]], dict[str, str]]:
    """Top-left corners (the first spine at y = 0), edges, and each main branch's side.

    Every column reads top to bottom, its main branch at the top, above the spine as below it.
    When one spine would be more than 2.5 times as wide as the map is tall, the main branches
    wrap onto more spines, one under the other (outline order: along a spine, then the next);
    a later spine starts under the root, fed by a trunk down from the root's bottom."""
    pos, curves = org_chart(order, children, sizes, underlined, rank_gap, column_gap, row_gap)
    root, mains = order[0], children[order[0]]
    main_of = {m: m for m in mains}
    for node in order:
        for kid in children[node]:
            if node != root:
                main_of[kid] = main_of[node]
    width = {m: 0.0 for m in mains}
    depth = {m: 0.0 for m in mains}
    for node, m in main_of.items():
        width[m] = max(width[m], pos[node][0] + sizes[node][0] - pos[m][0])
        depth[m] = max(depth[m], pos[node][1] + sizes[node][1] - pos[m][1])
    tick = max(20.0, rank_gap / 2)
    root_w, root_h = sizes[root]
    sides = {m: "above" if i % 2 == 0 else "below" for i, m in enumerate(mains)}

    def strip(row: list[str]) -> tuple[dict[str, float], float, float, float]:
        """x of each main branch along its spine, the spine's length, reach above and below."""
        cursor = {"above": root_w + rank_gap, "below": root_w + rank_gap}
        last, xs = float("-inf"), {}
        for main in row:
            side = sides[main]
            x = max(cursor[side], last + 2 * tick)  # ticks on the spine stay in outline order
            xs[main], last = x, x
            cursor[side] = x + width[main] + column_gap
        up = max([depth[m] for m in row if sides[m] == "above"] + [root_h / 2 - tick])
        down = max([depth[m] for m in row if sides[m] == "below"] + [root_h / 2 - tick])
        return xs, max(cursor.values()), up + tick, down + tick

    rows = _wrap(mains, strip, rank_gap)
    out: dict[str, Point] = {root: (0.0, -root_h / 2)}
    spine, shift = 0.0, {}
    edges: list[tuple[str, str, tuple[Point, ...]]] = []
    for r, row in enumerate(rows):
        xs, _, up, down = strip(row)
        if r:
            spine += up
        for main in row:
            top = spine - tick - depth[main] if sides[main] == "above" else spine + tick
            shift[main] = (xs[main] - pos[main][0], top - pos[main][1])
            x, y = xs[main], top
            w, h = sizes[main]
            # from the root's right side along the first spine, or down from its bottom to a later one
            start = [(root_w, 0.0)] if r == 0 else [(root_w / 2, root_h / 2), (root_w / 2, spine)]
            if sides[main] == "below":  # along the spine, then down into the branch's top
                turn = x + min(16.0, w / 2)
                path = [*start, (turn, spine), (turn, y)]
            else:  # along the spine, up beside the column, then into the branch's left side
                turn = x - min(tick, column_gap) / 2
                path = [*start, (turn, spine), (turn, y + h / 2), (x, y + h / 2)]
            edges.append((root, main, rounded(path, min(6.0, tick / 2))))
        spine += down + rank_gap
    for node, main in main_of.items():
        dx, dy = shift[main]
        out[node] = (pos[node][0] + dx, pos[node][1] + dy)
    for parent, kid, curve in curves:
        if parent != root:
            dx, dy = shift[main_of[kid]]
            edges.append((parent, kid, tuple((x + dx, y + dy) for x, y in curve)))
    return out, edges, sides


Strip = Callable[[list[str]], tuple[dict[str, float], float, float, float]]


def _wrap(mains: list[str], strip: Strip, rank_gap: float) -> list[list[str]]:
    """Main branches on one spine unless that is over 2.5 : 1; else the number of spines
    whose map is nearest 3 : 2 (each spine filled up to an equal share of the length)."""

    def shape(rows: list[list[str]]) -> float:
        strips = [strip(row) for row in rows]
        width = max(s[1] for s in strips)
        height = sum(s[2] + s[3] for s in strips) + rank_gap * (len(rows) - 1)
        return width / max(height, 1.0)

    one = [mains]
    if len(mains) < 4 or shape(one) <= 2.5:
        return one
    xs, total, _, _ = strip(mains)
    ends = [xs[m] for m in mains[1:]] + [total]  # where each branch's stretch of one spine ends
    best, best_score = one, abs(math.log(shape(one) / 1.5))
    for k in range(2, len(mains) // 2 + 1):
        limit, first = total / k, 0.0
        rows: list[list[str]] = []
        current: list[str] = []
        for m, end in zip(mains, ends, strict=True):
            if len(current) >= 2 and end - first > limit:
                rows.append(current)
                current = []
            if not current:
                first = xs[m]
            current.append(m)
        rows.append(current)
        aspect = shape(rows)
        if abs(math.log(aspect / 1.5)) < best_score:
            best, best_score = rows, abs(math.log(aspect / 1.5))
        if aspect < 0.5:
            break
    return best


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
    are ribs, alternately above and below, in pairs from the tail; each rib carries its topics
    as columns hung to its left, in outline order from top to bottom.

    When one spine would be more than 2.5 times as wide as the map is tall, the ribs wrap onto
    more spines, one under the other, each running into the head: the later ones by a trunk
    down from the head's tail side (outline order: along a spine, then the next)."""
    root, mains = order[0], children[order[0]]
    ribs = {m: _rib(m, children, sizes, underlined, row_gap, i % 2 == 0) for i, m in enumerate(mains)}
    sides = {m: "above" if i % 2 == 0 else "below" for i, m in enumerate(mains)}
    root_w, root_h = sizes[root]

    def strip(row: list[str]) -> tuple[dict[str, float], float, float, float]:
        """Each rib's x along its spine, the spine's length, reach above and below."""
        reach = {"above": float("-inf"), "below": float("-inf")}
        xs, far = {}, 0.0
        for i in range(0, len(row), 2):  # a pair of ribs shares its top x: they meet the spine together
            pair = row[i : i + 2]  # sides alternate, so a pair is one above and one below
            x0 = max([0.0] + [reach[sides[m]] - ribs[m].low + column_gap for m in pair])
            for m in pair:
                reach[sides[m]] = x0 + ribs[m].high
                xs[m] = x0
                far = max(far, x0 + ribs[m].foot, x0 + ribs[m].high)
        up = max(
            [-min(y for _, y in ribs[m].pos.values()) for m in row if sides[m] == "above"] + [root_h / 2]
        )
        down = max(
            [max(y + sizes[n][1] for n, (_, y) in ribs[m].pos.items()) for m in row if sides[m] == "below"]
            + [root_h / 2]
        )
        return xs, far, up, down

    rows = _wrap(mains, strip, rank_gap)
    head = max(strip(row)[1] for row in rows) + rank_gap
    pos: dict[str, Point] = {root: (head, -root_h / 2)}
    edges: list[tuple[str, str, tuple[Point, ...]]] = []
    spine = 0.0
    for r, row in enumerate(rows):
        xs, _, up, down = strip(row)
        if r:
            spine += up
        for main in row:
            rib, x0 = ribs[main], xs[main]
            pos.update({n: (x + x0, y + spine) for n, (x, y) in rib.pos.items()})
            edges.extend((p, c, tuple((x + x0, y + spine) for x, y in pts)) for p, c, pts in rib.edges)
            (mx, my), (mw, mh) = pos[main], sizes[main]
            top = (mx + mw / 2, my + mh if sides[main] == "above" else my)
            foot = (x0 + rib.foot, spine)
            along: tuple[Point, ...] = line((head, 0.0), foot)
            if r:
                turn = head - rank_gap / 2
                along = rounded([(head, 0.0), (turn, 0.0), (turn, spine), foot])
            mid = ((foot[0] + top[0]) / 2, (foot[1] + top[1]) / 2)  # a straight rib: controls
            edges.append((root, main, (*along, mid, mid, top)))  # together, so `elbow` keeps it
        spine += down + rank_gap
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

    cursor = length - gap  # from the main branch's end towards the spine
    stack = list(zip(children[main], blocks, strict=True))
    if not above:  # below the spine the topics still read top to bottom: the last one is furthest
        stack.reverse()
    for kid, (rel, curves, height, width) in stack:
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
    # the root's edges share the spines (and the trunk to later ones): routed, so the edge style
    # shapes only their last piece, and drawn as even lines, so each main branch's shows
    root = items[0].id
    edges = tuple(
        Edge(p, k, tuple((x + dx, y + dy) for x, y in pts), (len(pts) - 1) // 3 - 1 if p == root else 0)
        for p, k, pts in curves
    )
    width = max(b.x + b.w for b in boxes.values()) + spacing.margin
    height = max(b.y + b.h for b in boxes.values()) + spacing.margin
    return Geometry(kind, width, height, boxes, edges, sides)
