"""One SVG for light and dark pages: AA-contrast light colours, dark ones in a media query.

`-t auto` (and every HTML map) runs the finished SVG through `both_schemes()`. The light colours
stay in the attributes (so a viewer without CSS still draws the map) after text that misses
WCAG AA on its backdrop is moved towards black or white. Each element also gets classes naming
its dark colours (`df-1b2430` = fill #1b2430 in the dark scheme); one `<style>` defines them
inside `@media (prefers-color-scheme: dark)`, which browsers apply to an SVG in `<img>` too.
A page can force a scheme: `scheme-dark` / `scheme-light` on <html> (the HTML map's toggle), or
MkDocs Material's `data-md-color-scheme="slate"` / `"default"` (its palette toggle).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache

from ..colors import contrast, parse_color

SVG_NS = "http://www.w3.org/2000/svg"
_Q = f"{{{SVG_NS}}}"
AUTO = "auto"  # the theme option that asks for this: `-t auto`
DARK_BACKGROUND = "#111418"  # the gallery's dark page
LIGHT_BACKGROUND = "#ffffff"
TEXT_AA = 4.5  # WCAG 2.1 AA for normal text; we hold every label to it
GRAPHIC_AA = 3.0  # WCAG 2.1 SC 1.4.11: lines and shapes that carry meaning
DARK_TEXT = 7.0  # light-on-dark text is aimed higher: the minimum reads dim on a dark page
SHAPES = ("path", "polygon", "rect", "ellipse", "polyline")
_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")


def mix(a: str, b: str, t: float) -> str:
    """`a` moved a fraction `t` of the way to `b`."""
    pa = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    pb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(pa, pb, strict=True))


@lru_cache(maxsize=4096)
def readable(color: str, backdrop: str, ratio: float) -> str:
    """`color` if it reaches `ratio` on `backdrop`, else the least change towards black or white
    that does (whichever gets there first)."""
    if contrast(color, backdrop) >= ratio:
        return color
    for step in range(1, 21):
        for end in ("#000000", "#ffffff"):
            candidate = mix(color, end, step / 20)
            if contrast(candidate, backdrop) >= ratio:
                return candidate
    return "#000000" if contrast("#000000", backdrop) > contrast("#ffffff", backdrop) else "#ffffff"


def _solid(value: str | None) -> str | None:
    return parse_color(value) if value and value not in ("none", "transparent") else None


class _Painter:
    """Light and dark colours for one map, element by element."""

    def __init__(self, light_bg: str) -> None:
        self.light_bg = light_bg
        self.rules: dict[str, str] = {}  # class -> declaration

    def dark_class(self, prop: str, color: str) -> str:
        name = f"d{prop[0]}-{color[1:]}"
        self.rules[name] = f"{prop}:{color}"
        return name

    def surface(self, fill: str) -> str:
        """A box fill in the dark scheme: light boxes become dark ones of the same tint,
        coloured boxes keep their colour (they read on both)."""
        if contrast(fill, "#000000") > 12:  # pale: a white or tinted card
            return mix(fill, DARK_BACKGROUND, 0.86)
        return fill

    def paint(self, element: ET.Element, prop: str, light: str, dark: str) -> None:
        element.set(prop, light)
        classes = element.get("class", "").split()
        element.set("class", " ".join([*classes, self.dark_class(prop, dark)]))


def both_schemes(svg: bytes) -> bytes:
    """The finished SVG with AA light colours and a dark scheme behind a media query."""
    from defusedxml.ElementTree import fromstring

    root = fromstring(svg)
    background = root.find(f".//{_Q}polygon[@id='background']")
    light_bg = _solid(background.get("fill")) if background is not None else None
    light_bg = light_bg or LIGHT_BACKGROUND
    painter = _Painter(light_bg)
    if background is not None:
        painter.paint(background, "fill", light_bg, DARK_BACKGROUND)
    for group in root.iter(f"{_Q}g"):
        classes = group.get("class", "").split()
        if "node" in classes or "marker" in classes:
            _node(group, painter)
        elif "edge" in classes or "crosslink" in classes:
            _lines(group, painter)
    style = ET.Element(f"{_Q}style", {"id": "schemes"})
    style.text = scheme_css(painter.rules)
    root.append(style)  # after the drawing: <title> stays the first child
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


# Where the dark colours apply. By the system's scheme: an SVG on its own (in <img> too) and a
# page that does not choose for itself (our HTML map's toggle; MkDocs Material, whose body always
# names its palette's scheme); always: a page that chose dark (the toggle, Material's `slate`).
BY_SYSTEM = ("svg:root ", "html:not(.scheme-light) body:not([data-md-color-scheme]) ")
FORCED = ("html.scheme-dark ", "[data-md-color-scheme=slate] ")


def scheme_css(rules: dict[str, str]) -> str:
    """The dark scheme's style sheet for `{class: declaration}`."""

    def sheet(prefixes: tuple[str, ...]) -> str:
        return "".join(
            ",".join(f"{p}.{name}" for p in prefixes) + f"{{{decl}}}" for name, decl in sorted(rules.items())
        )

    return f"@media (prefers-color-scheme:dark){{{sheet(BY_SYSTEM)}}}{sheet(FORCED)}"


def _node(group: ET.Element, painter: _Painter) -> None:
    """A topic (or a marker): its box, then its text against that box."""
    box_light = box_dark = None
    for shape in group:
        if shape.tag.removeprefix(_Q) not in SHAPES or "code" in shape.get("class", "").split():
            continue
        fill = _solid(shape.get("fill"))
        if fill and box_light is None:
            box_light, box_dark = fill, painter.surface(fill)
            painter.paint(shape, "fill", box_light, box_dark)
        stroke = _solid(shape.get("stroke"))
        if stroke:
            on_light, on_dark = box_light or painter.light_bg, box_dark or DARK_BACKGROUND
            if box_light is None:  # an underline or outline: a line that carries the branch colour
                light = readable(stroke, on_light, GRAPHIC_AA)
                painter.paint(shape, "stroke", light, readable(stroke, on_dark, GRAPHIC_AA))
            else:
                painter.paint(shape, "stroke", stroke, painter.surface(stroke))
    on_light, on_dark = box_light or painter.light_bg, box_dark or DARK_BACKGROUND
    dark_ratio = DARK_TEXT if box_dark is None else TEXT_AA
    for element in group.iter():
        tag = element.tag.removeprefix(_Q) if isinstance(element.tag, str) else ""
        fill = _solid(element.get("fill"))
        if fill is None:
            continue
        if tag in ("text", "tspan"):
            painter.paint(
                element, "fill", readable(fill, on_light, TEXT_AA), readable(fill, on_dark, dark_ratio)
            )
        elif (
            "code" in element.get("class", "").split()
        ):  # the faint box behind inline code: the text's colour
            painter.paint(element, "fill", fill, readable(fill, on_dark, TEXT_AA))


def _lines(group: ET.Element, painter: _Painter) -> None:
    """Edges and cross-links: lines (and tapered shapes) that must stand out from the page."""
    for element in group.iter():
        text = element.tag in (f"{_Q}text", f"{_Q}tspan")
        for prop in ("stroke", "fill"):
            color = _solid(element.get(prop))
            if color:
                ratio = TEXT_AA if text else GRAPHIC_AA
                light = readable(color, painter.light_bg, ratio)
                painter.paint(element, prop, light, readable(color, DARK_BACKGROUND, ratio))
