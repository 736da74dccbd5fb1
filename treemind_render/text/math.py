"""TeX math in labels (`$E = mc^2$`) as SVG paths, through ziamath: no browser, no LaTeX."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_D = re.compile(r"^[-0-9.,eE MLHVCSQTAZmlhvcsqtaz]+$")  # path data: numbers and commands only


@dataclass(frozen=True)
class Formula:
    """A typeset formula: its size in points and its outlines, baseline at y = 0, x from 0.

    `above` and `below` are how far its ink reaches over and under the baseline (a fraction's
    numerator, a sum's limits, a matrix's rows): the line that holds it grows to hold them.
    """

    width: float
    height: float
    paths: tuple[str, ...]  # SVG path data
    rects: tuple[tuple[float, float, float, float], ...]  # fraction bars and the like: x, y, w, h
    above: float = 0.0
    below: float = 0.0


@functools.lru_cache(maxsize=256)
def formula(tex: str, size: float) -> Formula | None:
    """`tex` typeset at `size` points, or None when ziamath is missing or cannot read it (the
    label then shows the TeX source in italics).

    ziamath loads its math font on first use (~0.5-1 s), so only maps with math pay for it.
    """
    try:
        import ziamath
    except ImportError:
        return None
    import logging  # only maps with math pay for these imports

    from defusedxml.ElementTree import fromstring

    ziamath.config.svg2 = False  # plain <path>s, not <symbol>/<use> (which our SVG does not allow)
    logging.getLogger("ziamath").setLevel(logging.ERROR)
    try:
        typeset = ziamath.Latex(tex, size=size)
        width, height = typeset.getsize()
        svg = typeset.svg()
    except Exception:  # ziamath raises many kinds on TeX it cannot read
        return None
    root = fromstring(svg)
    left = float((root.get("viewBox") or "0").split()[0])
    paths, rects = [], []
    for element in root.iter():
        tag = element.tag.split("}")[-1]
        if tag == "path" and _D.match(element.get("d", "")):
            paths.append(_shift(element.get("d", ""), -left))
        elif tag == "rect":
            x, y, w, h = (float(element.get(k, 0)) for k in ("x", "y", "width", "height"))
            rects.append((x - left, y, w, h))
    ys = [y for d in paths for y in _ys(d)] + [y for _, top, _, h in rects for y in (top, top + h)]
    above, below = (max(0.0, -min(ys)), max(0.0, max(ys))) if ys else (0.0, 0.0)
    return Formula(float(width), float(height), tuple(paths), tuple(rects), above, below)


def _ys(d: str) -> list[float]:
    """The y coordinates of path data made of absolute M/L/Q/C/Z commands (x then y); curve
    control points are counted too, so the extent is never less than the ink's."""
    numbers = [float(token) for token in d.replace(",", " ").split() if not token.isalpha()]
    return numbers[1::2]


def _shift(d: str, dx: float) -> str:
    """Path data moved right by `dx`: ziamath's absolute M/L/Q/C/Z commands, x then y."""
    if abs(dx) < 1e-6:
        return d
    out, numbers = [], 0
    for token in d.replace(",", " ").split():
        if token.isalpha():
            out.append(token)
            numbers = 0
            continue
        value = float(token) + (dx if numbers % 2 == 0 else 0.0)
        out.append(f"{value:.3f}".rstrip("0").rstrip("."))
        numbers += 1
    return " ".join(out)
