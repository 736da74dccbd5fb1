"""Checks on a map's JSON geometry that every layout must pass."""

from __future__ import annotations

import math

from treemind_render.text.fonts import match, metrics

EPS = 0.5


def boxes_overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] + a["w"] > b["x"] + EPS
        and b["x"] + b["w"] > a["x"] + EPS
        and a["y"] + a["h"] > b["y"] + EPS
        and b["y"] + b["h"] > a["y"] + EPS
    )


def check_no_overlap(doc: dict) -> None:
    nodes = sorted(doc["nodes"], key=lambda n: n["x"])
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            if b["x"] >= a["x"] + a["w"]:
                break
            assert not boxes_overlap(a, b), f"{a['id']} {a['text']!r} overlaps {b['id']} {b['text']!r}"


def check_inside_canvas(doc: dict) -> None:
    for n in doc["nodes"]:
        assert n["x"] >= 0 and n["y"] >= 0, n
        assert n["x"] + n["w"] <= doc["width"] + EPS and n["y"] + n["h"] <= doc["height"] + EPS, n


def check_text_fits(doc: dict) -> None:
    """Each wrapped line, measured with the node's own font (regular face), fits its box."""
    for n in doc["nodes"]:
        font = match(n["font_family"])
        assert font is not None, f"font {n['font_family']!r} of {n['id']} is not installed"
        m = metrics(font)
        for line in n["lines"]:
            width = m.width(line) * n["font_size"]
            assert width <= n["w"] + EPS, f"{n['id']}: {line!r} is {width:.1f} pt in a {n['w']} pt box"
        assert len(n["lines"]) * n["font_size"] <= n["h"] + EPS, n
        assert " ".join(n["lines"]).replace(" ", "") == n["text"].replace(" ", ""), n


def check_sibling_order(doc: dict) -> None:
    """Siblings keep outline order: top to bottom (left side of a map: bottom to top for the
    main branches, clockwise; a radial map's main branches clockwise round the root), or left
    to right in down/up layouts."""
    layout = doc["layout"]
    nodes = {n["id"]: n for n in doc["nodes"]}
    by_parent: dict[str, list[dict]] = {}
    for n in doc["nodes"]:
        if n["parent"] is not None:
            by_parent.setdefault(n["parent"], []).append(n)
    for parent, kids in by_parent.items():
        kids.sort(key=lambda n: int(n["id"].rsplit("_", 1)[1]))
        if layout == "radial":  # round the root clockwise (main branches from the top), or
            # top to bottom in a tail that grows out of a ring
            root = next(n for n in doc["nodes"] if n["parent"] is None)
            cx, cy = root["x"] + root["w"] / 2, root["y"] + root["h"] / 2

            def turn(x: float, y: float, cx: float = cx, cy: float = cy) -> float:
                return (math.atan2(y - cy, x - cx) + math.pi / 2) % (2 * math.pi)  # from 12 o'clock

            centres = [turn(k["x"] + k["w"] / 2, k["y"] + k["h"] / 2) for k in kids]
            if parent == "n0":  # (the compact design's blocks: their sides facing the root)
                near = [turn(k["x"] + (k["side"] != "right") * k["w"], k["y"] + k["h"] / 2) for k in kids]
                assert centres == sorted(centres) or near == sorted(near), (
                    f"children of {parent} out of order"
                )
                continue
            p = nodes[parent]
            base = turn(p["x"] + p["w"] / 2, p["y"] + p["h"] / 2)
            relative = [(t - base + math.pi) % (2 * math.pi) for t in centres]
            tops = [k["y"] for k in kids]
            assert relative == sorted(relative) or tops == sorted(tops), f"children of {parent} out of order"
            continue
        if layout == "fishbone":  # ribs in pairs from the tail along each spine, spines top to
            # bottom; a rib's topics (and everything under them) read top to bottom
            if parent == "n0":  # the rib tops (box centres) move right
                edges = {e["to"]: e for e in doc["edges"] if e["from"] == "n0"}
                keys = [(spine_y(edges[k["id"]]), k["x"] + k["w"] / 2) for k in kids]
            else:
                keys = [k["y"] for k in kids]
            assert keys == sorted(keys), f"children of {parent} out of order"
            continue
        if layout == "timeline":  # along each spine left to right, spines top to bottom;
            # every column reads top to bottom, its main branch first
            if parent == "n0":
                edges = {e["to"]: e for e in doc["edges"] if e["from"] == "n0"}
                keys = [(spine_y(edges[k["id"]]), k["x"]) for k in kids]
            else:
                keys = [k["y"] for k in kids]
            assert keys == sorted(keys), f"children of {parent} out of order"
            continue
        if layout in ("down", "up"):
            # main branches side by side (rows from the root out when they wrap); below them,
            # columns (an `up` chart is flipped)
            if parent == "n0":
                row = [round(k["y"]) if layout == "down" else -round(k["y"] + k["h"]) for k in kids]
                keys = list(zip(row, [k["x"] for k in kids], strict=True))
            else:
                keys = [k["y"] for k in kids]
            expected = sorted(keys, reverse=layout == "up" and parent != "n0")
            assert keys == expected, f"children of {parent} out of order"
            continue
        # map, right, left: top to bottom (a map's left main branches bottom to top); a long
        # list flowed into columns reads column by column from the parent outwards
        p = next(n for n in doc["nodes"] if n["id"] == parent)
        for side in ("right", "left"):
            group = [k for k in kids if (k["x"] >= p["x"] + p["w"]) == (side == "right")]
            near = [round(k["x"] if side == "right" else -(k["x"] + k["w"])) for k in group]
            if doc.get("engine") == "dot":  # ranks centre their nodes: no columns
                near = [0] * len(group)
            up = layout == "map" and parent == "n0" and side == "left"
            keys = [(x, -k["y"] if up else k["y"]) for x, k in zip(near, group, strict=True)]
            assert keys == sorted(keys), f"children of {parent} out of order"


def check_edges_leave_facing_side(doc: dict) -> None:
    nodes = {n["id"]: n for n in doc["nodes"]}
    for e in doc["edges"]:
        p, c = nodes[e["from"]], nodes[e["to"]]
        (sx, sy), (ex, ey) = e["points"][0], e["points"][-1]
        if doc["layout"] == "radial":  # from border to border
            assert _on_border(p, sx, sy) and _on_border(c, ex, ey), e
            continue
        if doc["layout"] == "fishbone":
            above = c["side"] == "above"
            if p["parent"] is None:  # from the head's tail side along the spine, up the rib
                assert abs(sx - p["x"]) < EPS and abs(ey - (c["y"] + c["h"] if above else c["y"])) < EPS, e
            elif p["parent"] == "n0":  # down the rib, then into the topic's side nearest the rib
                assert abs(sy - (p["y"] + p["h"] if above else p["y"])) < EPS, e
                assert abs(ex - (c["x"] + c["w"])) < EPS, e
            else:
                assert abs(sy - (p["y"] + p["h"])) < EPS and abs(ex - c["x"]) < EPS, e
            continue
        if doc["layout"] == "timeline":
            if p["parent"] is None:  # from the root's right side (or bottom, to a later spine)
                on_right = abs(sx - (p["x"] + p["w"])) < EPS
                assert on_right or abs(sy - (p["y"] + p["h"])) < EPS, e
                above = c["side"] == "above"  # into the column's left side, or its top from below
                assert abs(ex - c["x"]) < EPS if above else abs(ey - c["y"]) < EPS, e
            else:  # down a column's trunk into the child's left side
                assert abs(sy - (p["y"] + p["h"])) < EPS, e
                assert abs(ex - c["x"]) < EPS, e
            continue
        deeper = p["parent"] not in (None, "n0")  # --engine dot: dot's columns below a branch
        if doc["layout"] in ("down", "up") and not (deeper and doc.get("engine") == "dot"):
            down = doc["layout"] == "down"
            if p["parent"] is None and abs(sx - p["x"]) < EPS:  # to a later row: down the trunk
                assert abs(ey - (c["y"] if down else c["y"] + c["h"])) < EPS, e
                continue
            assert abs(sy - (p["y"] + p["h"] if down else p["y"])) < EPS, e
            if p["parent"] is None:  # into the child's near side
                assert abs(ey - (c["y"] if down else c["y"] + c["h"])) < EPS, e
            else:  # down a column's trunk into the child's left side
                assert abs(ex - c["x"]) < EPS, e
            continue
        rightwards = c["x"] > p["x"]
        if abs(sy - p["y"]) < EPS and p["x"] < sx < p["x"] + p["w"]:  # to a later column: from the top
            assert abs(ex - (c["x"] if rightwards else c["x"] + c["w"])) < EPS, e
            continue
        assert abs(sx - (p["x"] + p["w"] if rightwards else p["x"])) < EPS, e
        assert abs(ex - (c["x"] if rightwards else c["x"] + c["w"])) < EPS, e


def spine_y(edge: dict) -> float:
    """The y of an edge's longest horizontal run: the spine a main branch hangs from."""
    pts = edge["points"]
    runs = [(abs(b[0] - a[0]), a[1]) for a, b in zip(pts, pts[1:], strict=False) if abs(b[1] - a[1]) < EPS]
    return round(max(runs)[1]) if runs else 0.0


def _on_border(box: dict, x: float, y: float) -> bool:
    within_x = box["x"] - EPS <= x <= box["x"] + box["w"] + EPS
    inside = within_x and box["y"] - EPS <= y <= box["y"] + box["h"] + EPS
    edges = (abs(x - box["x"]), abs(x - box["x"] - box["w"]), abs(y - box["y"]), abs(y - box["y"] - box["h"]))
    return inside and min(edges) < EPS


def _bezier(points: list[list[float]], steps: int = 12) -> list[tuple[float, float]]:
    """Sample a piecewise cubic Bézier (3n+1 points)."""
    out = [tuple(points[0])]
    for k in range(0, len(points) - 1, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[k : k + 4]
        for i in range(1, steps + 1):
            t = i / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
            out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return out


def _cross(p, q, r, s) -> bool:
    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return 0 if abs(v) < 1e-9 else (1 if v > 0 else -1)

    def within(a, b, c):  # c on segment ab, given the three are collinear
        return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(a[1], b[1])

    o1, o2, o3, o4 = orient(p, q, r), orient(p, q, s), orient(r, s, p), orient(r, s, q)
    if o1 * o2 < 0 and o3 * o4 < 0:
        return True
    # touching counts too: edges that share no node should not even meet
    return (
        (o1 == 0 and within(p, q, r))
        or (o2 == 0 and within(p, q, s))
        or (o3 == 0 and within(r, s, p))
        or (o4 == 0 and within(r, s, q))
    )


CELL = 48.0  # the grid the crossing checks bucket segments and boxes into


def _cells(x0: float, y0: float, x1: float, y1: float):
    for i in range(int(min(x0, x1) // CELL), int(max(x0, x1) // CELL) + 1):
        for j in range(int(min(y0, y1) // CELL), int(max(y0, y1) // CELL) + 1):
            yield i, j


def check_no_edge_crossings(doc: dict) -> None:
    """No two edges cross (edges that share a node may touch at it). Segments are bucketed
    into a grid, and in each cell by the edge's parent (siblings share it, so they are never
    compared: a thousand edges along one rail stay cheap), so a 5,000-node map takes seconds."""
    grid: dict[tuple[int, int], dict[str, list[tuple[int, tuple, tuple]]]] = {}
    edges = doc["edges"]
    for n, e in enumerate(edges):
        pts = _bezier(e["points"])
        for a, b in zip(pts, pts[1:], strict=False):
            for cell in _cells(a[0], a[1], b[0], b[1]):
                grid.setdefault(cell, {}).setdefault(e["from"], []).append((n, a, b))
    for families in grid.values():
        if len(families) < 2:
            continue
        groups = list(families.values())
        for i, group in enumerate(groups):
            for other in groups[i + 1 :]:
                for n1, p, q in group:
                    e1 = edges[n1]
                    for n2, r, t in other:
                        e2 = edges[n2]
                        if e1["to"] == e2["from"] or e2["to"] == e1["from"] or e1["to"] == e2["to"]:
                            continue
                        if _cross(p, q, r, t):
                            raise AssertionError(f"{e1} crosses {e2}")


def check_edges_avoid_boxes(doc: dict) -> None:
    """No edge passes through the box of a node other than the two it joins."""
    grid: dict[tuple[int, int], list[dict]] = {}
    for n in doc["nodes"]:
        for cell in _cells(n["x"], n["y"], n["x"] + n["w"], n["y"] + n["h"]):
            grid.setdefault(cell, []).append(n)
    for e in doc["edges"]:
        for px, py in _bezier(e["points"]):
            for n in grid.get((int(px // CELL), int(py // CELL)), ()):
                if n["id"] in (e["from"], e["to"]):
                    continue
                x0, y0, x1, y1 = n["x"] + 1, n["y"] + 1, n["x"] + n["w"] - 1, n["y"] + n["h"] - 1
                assert not (x0 < px < x1 and y0 < py < y1), f"edge {e['from']}->{e['to']} crosses {n['id']}"


def sample_curve(points, step: float = 1.0) -> list[tuple[float, float]]:
    """Points about `step` apart along a piecewise cubic Bézier (3n+1 points)."""
    out = [tuple(points[0])]
    for k in range(0, len(points) - 1, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[k : k + 4]
        length = math.dist((x0, y0), (x1, y1)) + math.dist((x1, y1), (x2, y2)) + math.dist((x2, y2), (x3, y3))
        steps = max(4, int(length / step) + 1)
        for i in range(1, steps + 1):
            t = i / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
            out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return out


def boxes_entered(points, boxes: dict[str, tuple[float, float, float, float]], ends: set[str]) -> list[str]:
    """The boxes (x0, y0, x1, y1, by id) but `ends` that the curve enters (more than EPS deep)."""
    grid: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for x, y in sample_curve(points):
        grid.setdefault((int(x // 32), int(y // 32)), []).append((x, y))
    out = []
    for name, (x0, y0, x1, y1) in boxes.items():
        if name in ends:
            continue
        near = (
            p
            for gx in range(int(x0 // 32), int(x1 // 32) + 1)
            for gy in range(int(y0 // 32), int(y1 // 32) + 1)
            for p in grid.get((gx, gy), ())
        )
        if any(x0 + EPS < x < x1 - EPS and y0 + EPS < y < y1 - EPS for x, y in near):
            out.append(name)
    return out


def check_crosslinks_avoid_boxes(doc: dict) -> None:
    """A cross-link runs from its source's border to its target's and through no other box."""
    nodes = {n["id"]: n for n in doc["nodes"]}
    boxes = {i: (n["x"], n["y"], n["x"] + n["w"], n["y"] + n["h"]) for i, n in nodes.items()}
    for link in doc.get("crosslinks", ()):
        (sx, sy), (tx, ty) = link["points"][0], link["points"][-1]
        assert _on_border(nodes[link["from"]], sx, sy), (
            f"cross-link {link['from']}->{link['to']} starts off its box"
        )
        assert _on_border(nodes[link["to"]], tx, ty), (
            f"cross-link {link['from']}->{link['to']} ends off its box"
        )
        entered = boxes_entered(link["points"], boxes, {link["from"], link["to"]})
        assert not entered, f"cross-link {link['from']}->{link['to']} passes through {entered}"


def check_all(doc: dict) -> None:
    check_no_overlap(doc)
    check_inside_canvas(doc)
    check_text_fits(doc)
    check_sibling_order(doc)
    check_edges_leave_facing_side(doc)
    check_no_edge_crossings(doc)
    check_edges_avoid_boxes(doc)
    check_crosslinks_avoid_boxes(doc)
