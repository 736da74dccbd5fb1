"""Shared shapes of every layout: points, curves, boxes, edges, the placed geometry, spacing."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

Point = tuple[float, float]
Size = tuple[float, float]
Curve = tuple[Point, Point, Point, Point]


@dataclass(frozen=True)
class Box:
    """A node's box, origin top-left of the canvas, in points."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Edge:
    parent: str
    child: str
    points: tuple[Point, ...]  # a piecewise cubic Bézier (3n+1 points), canvas coordinates
    lead: int = 0  # leading straight pieces the edge style keeps (dot_layout's column leads)


@dataclass(frozen=True)
class Link:
    """A drawn cross-link: an arrow from one node to another, outside the tree."""

    source: str
    target: str
    label: str | None
    points: tuple[Point, ...]
    family: str = "sans-serif"  # a family with glyphs for the whole label


@dataclass(frozen=True)
class Geometry:
    layout: str
    width: float
    height: float
    boxes: dict[str, Box]
    edges: tuple[Edge, ...]
    sides: dict[str, str]  # main branch id -> "left" / "right" (map layout)
    engine: str = "tidy"  # who placed the nodes (dot_layout.py for "dot")


@dataclass(frozen=True)
class Spacing:
    rank: Callable[[int], float]  # gap between a node at depth d and its children
    sibling: Callable[[int], float]  # gap between siblings at depth d
    margin: float


def line(a: Point, b: Point) -> Curve:
    """A straight segment as one cubic Bézier piece (every layout's edges are cubic pieces)."""
    dx, dy = (b[0] - a[0]) / 3, (b[1] - a[1]) / 3
    return (a, (a[0] + dx, a[1] + dy), (a[0] + 2 * dx, a[1] + 2 * dy), b)


def border(centre: Point, size: Size, towards: Point) -> Point:
    """Where the line from a box's centre towards a point leaves the box."""
    dx, dy = towards[0] - centre[0], towards[1] - centre[1]
    if dx == 0 and dy == 0:
        return centre
    scale = min(
        (size[0] / 2) / abs(dx) if dx else float("inf"),
        (size[1] / 2) / abs(dy) if dy else float("inf"),
    )
    return centre[0] + dx * scale, centre[1] + dy * scale


def unit(a: Point, b: Point) -> Point:
    d = math.dist(a, b) or 1.0
    return (b[0] - a[0]) / d, (b[1] - a[1]) / d
