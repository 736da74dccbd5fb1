"""Finish Graphviz's SVG: accessible title and description, stable ids and classes, links."""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from typing import Any

from defusedxml.ElementTree import fromstring

from ..errors import RenderError
from ..model import Node, Placed, walk
from ..text.math import formula
from ..text.measure import Line
from .graphviz import run_colour
from .links import safe_link
from .record import DrawnNode

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)
_Q = f"{{{SVG_NS}}}"
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_TRANSLATE = re.compile(r"translate\(([-0-9.]+)[ ,]+([-0-9.]+)\)")


def outline_text(root: Node) -> str:
    """The outline as indented plain text, for <desc> and screen readers."""
    return "\n".join("  " * item.depth + item.node.text for item in walk(root))


def finish(
    svg: bytes,
    nodes: Sequence[DrawnNode],
    title: str,
    generic_family: str,
    stamp: str | None = None,
) -> bytes:
    """Rewrite Graphviz's SVG into our output contract; same input gives the same bytes."""
    try:
        root = fromstring(svg)
    except Exception as exc:  # defusedxml and expat raise several kinds
        raise RenderError(f"Graphviz did not write valid SVG ({type(exc).__name__})") from None
    if root.tag != f"{_Q}svg":
        raise RenderError(f"Graphviz wrote {root.tag.split('}')[-1]!r}, not SVG")
    root.set("role", "img")
    root.set("aria-labelledby", "map-title map-desc")
    title_el = ET.Element(f"{_Q}title", {"id": "map-title"})
    title_el.text = title
    desc_el = ET.Element(f"{_Q}desc", {"id": "map-desc"})
    desc_el.text = outline_text(nodes[0].item.node)
    root.insert(0, desc_el)
    if stamp:  # before the description, which holds the whole outline: found in the first bytes
        root.insert(0, ET.Element(f"{_Q}metadata", {"id": "treemind-source", "data-hash": stamp}))
    root.insert(0, title_el)
    by_id = {node.id: node for node in nodes}
    offset = _mark_background(root)
    if nodes:  # the root comes first
        box = nodes[0].box
        offset = _offset(root, (box.x + box.w / 2, box.y + box.h / 2), offset)
    for group in root.iter(f"{_Q}g"):
        _drop_graphviz_titles(group)
        drawn = by_id.get(group.get("id", ""))
        classes = group.get("class", "").split()
        if drawn is not None and "node" in classes:
            _finish_node(group, drawn.item)
            if group.find(f"{_Q}text") is None:  # Graphviz was handed no label text
                _run_texts(group, drawn)
            _merge_lines(group, list(drawn.lines), offset, drawn.block.lines)
            _text_marks(group, list(drawn.text_marks), offset)
            if drawn.picture is not None:
                _picture(group, drawn.picture, offset)
            if "shape-pill" in classes:
                _pill(group)
            elif "shape-cloud" in classes or "shape-bang" in classes:
                _outline(group, cloud if "shape-cloud" in classes else bang)
        elif "marker" in classes:  # drawn as Graphviz nodes, but not topics of the map
            group.set("class", " ".join(c for c in classes if c != "node"))
    for text in root.iter(f"{_Q}text"):
        family = text.get("font-family")
        if family:
            text.set("font-family", f"{family}, {generic_family}")
    _wrap_links(root, by_id)
    allow_only_our_markup(root)
    # written as UTF-8 straight into one buffer: a big map's SVG as one str (UCS-2 once it holds
    # CJK), then joined and encoded, was three more copies of it at the peak of memory
    out = io.BytesIO()
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    ET.ElementTree(root).write(out, encoding="utf-8")
    out.write(b"\n")
    return out.getvalue()


# What Graphviz and this module emit; anything else is removed before the SVG is written.
ALLOWED = {
    "svg", "g", "title", "desc", "metadata", "path", "polygon", "polyline", "ellipse", "rect",
    "text", "tspan", "a", "style", "defs", "image",
}  # fmt: skip
_HREFS = ("href", f"{{{XLINK_NS}}}href")
# The one thing an <image> may show: a picture of a topic, PNG or JPEG bytes inline (pictures.py)
PICTURE_URI = re.compile(r"data:image/(?:png|jpeg);base64,[A-Za-z0-9+/]+={0,2}")
_IMAGE_ATTRS = {"x", "y", "width", "height", "href", "class", "preserveAspectRatio"}


def allow_only_our_markup(root: ET.Element) -> bool:
    """The last pass over every SVG: only the elements we draw with, no event handlers, no
    `style=` attributes, no `url()` but a reference to an element of the same file, no
    `<style>` but treemind's own `@font-face` rules, no links but http(s), mailto and relative
    ones. User text can never become markup anyway (it is escaped at every step); this makes
    sure nothing else slips through either, whatever Graphviz wrote. Returns whether anything
    was removed (stamp.py: an output this pass would change is not treemind's)."""
    changed = False
    for parent in [root, *root.iter()]:
        unwanted = [child for child in parent if child.tag not in _PLAIN_TAGS and _unwanted(child)]
        for child in unwanted:
            parent.remove(child)
            changed = True
    for element in root.iter():
        for name, value in list(element.attrib.items()):
            kind = _ATTRIBUTE_KINDS.get(name)
            if kind is None:
                kind = _ATTRIBUTE_KINDS[name] = _attribute_kind(name)
            if (
                kind == "drop"
                or ("(" in value and _URL.search(value) and not _LOCAL_URL.fullmatch(value.strip()))
                or (kind == "link" and safe_link(value) is None and element.tag != f"{_Q}image")
            ):
                del element.attrib[name]
                changed = True
    return changed


_PLAIN_TAGS = {f"{_Q}{name}" for name in ALLOWED - {"style", "image"}}  # allowed whatever they hold
_ATTRIBUTE_KINDS: dict[str, str] = {}  # attribute name -> drop, link or keep (the pass meets few names)


def _unwanted(child: ET.Element) -> bool:
    """An element the last pass removes: not ours, or a <style> or <image> we did not write."""
    tag = child.tag if isinstance(child.tag, str) else ""
    name = tag[len(_Q) :] if tag.startswith(_Q) else None
    return (
        name not in ALLOWED
        or (name == "style" and not _our_css(child.text or ""))
        or (name == "image" and not _our_picture(child))
    )


def _attribute_kind(name: str) -> str:
    """Event handlers and `style=` are always dropped; links are checked by value."""
    local = name.split("}")[-1].lower()
    if local.startswith("on") or local == "style":
        return "drop"
    return "link" if name in _HREFS else "keep"


def _our_picture(image: ET.Element) -> bool:
    """An <image> as treemind draws a topic's picture: inline PNG or JPEG, nothing inside it,
    no attribute but its place, size and that data: URI."""
    return (
        len(image) == 0
        and set(image.attrib) <= _IMAGE_ATTRS
        and PICTURE_URI.fullmatch(image.get("href", "")) is not None
    )


_URL = re.compile(r"url\s*\(", re.I)
_LOCAL_URL = re.compile(r"url\(#[A-Za-z0-9_.:-]+\)")
_CSS_URL = re.compile(r"url\(", re.I)


def _our_css(css: str) -> bool:
    """Only what fontembed writes: @font-face rules whose fonts are data: URIs, and plain
    family rules. No @import, no other url(), no escapes that could spell either."""
    lowered = css.lower()
    if "@import" in lowered or "\\" in css or "expression" in lowered or "<" in css:
        return False
    return all(css[m.end() : m.end() + 10] == "data:font/" for m in _CSS_URL.finditer(css))


def _mark_background(root: ET.Element) -> tuple[float, float]:
    """Name the background polygon (for export); return the graph's translation.

    The graph's group is always `graph0`: a Graphviz that draws several graphs in one run
    (graphviz_backend.WarmGraphviz) names the later ones `page0,1_graph0`.
    """
    for group in root.iter(f"{_Q}g"):
        if group.get("class") == "graph":
            group.set("id", "graph0")
            first = group.find(f"{_Q}polygon")
            if first is not None:
                first.set("id", "background")
            found = _TRANSLATE.search(group.get("transform", ""))
            return (float(found.group(1)), float(found.group(2))) if found else (0.0, 0.0)
    return 0.0, 0.0


def _offset(
    root: ET.Element, centre: tuple[float, float], fallback: tuple[float, float]
) -> tuple[float, float]:
    """What to subtract from our canvas coordinates to get Graphviz's drawing coordinates,
    read off where Graphviz drew the root node (whose centre on our canvas is `centre`).

    Graphviz moves the drawing by the corner of its own bounding box, which grows past our
    canvas when a cross-link's curve bows outside it; the translation alone then put every
    label off its box (by 35-100 pt).
    """
    for group in root.iter(f"{_Q}g"):
        if group.get("id") == "n0":
            local = _shape_centre(group)
            if local is not None:
                return centre[0] - local[0], centre[1] - local[1]
    return fallback


def _shape_centre(group: ET.Element) -> tuple[float, float] | None:
    """The centre of a node's outline shape (path, polygon or ellipse) as Graphviz drew it."""
    for child in group:
        tag = child.tag[len(_Q) :] if isinstance(child.tag, str) else ""
        if tag == "ellipse":
            return float(child.get("cx", 0)), float(child.get("cy", 0))
        if tag in ("path", "polygon"):
            numbers = [float(v) for v in _NUMBER.findall(child.get("d") or child.get("points") or "")]
            xs, ys = numbers[0::2], numbers[1::2]
            if xs and ys:
                return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return None


def _merge_lines(
    group: ET.Element,
    anchors: list[tuple[str, float, float]],
    offset: tuple[float, float],
    measured: Sequence[Line] = (),
) -> None:
    """One <text> per wrapped line, its styled runs as <tspan>s, anchored where we measured.

    Graphviz places each run at its own estimate of the previous runs' width; letting the
    viewer flow the runs keeps spaces and spacing right in every renderer.
    """
    texts = group.findall(f"{_Q}text")
    lines: list[list[ET.Element]] = []
    for text in texts:
        if lines and lines[-1][0].get("y") == text.get("y"):
            lines[-1].append(text)
        else:
            lines.append([text])
    if len(lines) != len(anchors):
        return
    for number, (runs, (anchor, x, y)) in enumerate(zip(lines, anchors, strict=True)):
        first = runs[0]
        merged = ET.Element(
            f"{_Q}text",
            {
                "text-anchor": anchor,
                "x": f"{x - offset[0]:g}",
                "y": f"{y - offset[1]:g}",
                "font-family": first.get("font-family", ""),
                "font-size": first.get("font-size", ""),
                "fill": first.get("fill", "#000000"),
            },
        )
        for run in runs:
            span = ET.SubElement(merged, f"{_Q}tspan")
            for key in ("font-family", "font-weight", "font-style", "fill"):
                if run.get(key) and run.get(key) != merged.get(key):
                    span.set(key, str(run.get(key)))
            span.text = run.text
        index = list(group).index(first)
        for run in runs:
            group.remove(run)
        group.insert(index, merged)
        line = measured[number] if len(measured) == len(anchors) else None
        if line is not None and any(run.math for run in line.runs):
            for k, shape in enumerate(_with_formulas(merged, line, anchor, x - offset[0], y - offset[1])):
                group.insert(index + 1 + k, shape)


def _run_texts(group: ET.Element, drawn: DrawnNode) -> None:
    """One <text> per styled run, as Graphviz writes an HTML-like label's runs (font-size with
    two decimals, bold and italic as attributes, a second space in a row as U+00A0), for
    _merge_lines to join into lines: the pipeline leaves the text out of Graphviz's DOT."""
    style = drawn.style
    size = f"{style.font_size:.2f}"
    for number, line in enumerate(drawn.block.lines):
        for run in line.runs:
            attrs = {"font-family": run.family, "font-size": size}
            if run.bold:
                attrs["font-weight"] = "bold"
            if run.italic:
                attrs["font-style"] = "italic"
            attrs["fill"] = run_colour(run, style)
            text = ET.SubElement(group, f"{_Q}text", {"y": str(number), **attrs})
            text.text = _SECOND_SPACE.sub("\u00a0", run.text.replace("\u200b", ""))


_SECOND_SPACE = re.compile(r"(?<= ) ")
SPACE = 0.26  # em: the width of a space in the sans fonts (Noto Sans, DejaVu Sans)


def _with_formulas(text: ET.Element, line: Line, anchor: str, x: float, y: float) -> list[ET.Element]:
    """A line holding math: its runs as <tspan>s at the x we measured for each, and each
    formula as paths in a <g> at its place on the baseline (text/math.py)."""
    left = {"start": x, "middle": x - line.width / 2, "end": x - line.width}[anchor]
    colour = text.get("fill", "#000000")
    for child in list(text):
        text.remove(child)
    text.set("text-anchor", "start")
    shapes = []
    for run, width in zip(line.runs, line.widths, strict=True):
        typeset = formula(run.text, float(text.get("font-size") or 13)) if run.math else None
        if typeset is None:  # spaces at a tspan's ends are dropped by viewers: step over them
            size = float(text.get("font-size") or 13)
            lead = len(run.text) - len(run.text.lstrip(" "))
            span = ET.SubElement(text, f"{_Q}tspan", {"x": f"{left + lead * SPACE * size:g}"})
            if run.family and run.family != text.get("font-family", "").split(",")[0]:
                span.set("font-family", run.family)
            if run.bold:
                span.set("font-weight", "bold")
            if run.italic:
                span.set("font-style", "italic")
            span.text = run.text.strip(" ")
        else:
            shape = ET.Element(
                f"{_Q}g", {"class": "math", "fill": colour, "transform": f"translate({left:g} {y:g})"}
            )
            for d in typeset.paths:
                ET.SubElement(shape, f"{_Q}path", {"d": d})
            for rx, ry, rw, rh in typeset.rects:
                ET.SubElement(
                    shape,
                    f"{_Q}rect",
                    {"x": f"{rx:g}", "y": f"{ry:g}", "width": f"{rw:g}", "height": f"{rh:g}"},
                )
            shapes.append(shape)
        left += width
    return shapes


def _drop_graphviz_titles(group: ET.Element) -> None:
    """Graphviz titles name internal ids (n0_1, n0->n0_1); node titles are set afresh below."""
    for child in list(group):
        if child.tag == f"{_Q}title":
            group.remove(child)


HIGHLIGHT = "#ffe066"  # a highlighter yellow behind `==marked==` text, under the text


def _text_marks(group: ET.Element, marks: list[tuple[str, Any]], offset: tuple[float, float]) -> None:
    """Boxes behind the text (inline code in the text colour, faint; highlights) and strokes
    over it (strike-through, underline, in the text colour)."""
    texts = group.findall(f"{_Q}text")
    if not marks or not texts:
        return
    colour = texts[0].get("fill", "#000000")
    below = list(group).index(texts[0])
    for kind, box in marks:
        geometry = {
            "class": kind, "x": f"{box.x - offset[0]:g}", "y": f"{box.y - offset[1]:g}",
            "width": f"{box.w:g}", "height": f"{box.h:g}",
        }  # fmt: skip
        if kind == "code":
            rect = ET.Element(f"{_Q}rect", {**geometry, "rx": "2.5", "fill": colour, "fill-opacity": "0.1"})
        elif kind == "highlight":
            rect = ET.Element(f"{_Q}rect", {**geometry, "rx": "2", "fill": HIGHLIGHT, "fill-opacity": "0.9"})
        else:
            group.append(ET.Element(f"{_Q}rect", {**geometry, "fill": colour}))
            continue
        group.insert(below, rect)
        below += 1


def _picture(group: ET.Element, placed: tuple[Any, Any], offset: tuple[float, float]) -> None:
    """A topic's picture, inline, where its record placed it: above the text, over the shape."""
    picture, box = placed
    image = ET.Element(
        f"{_Q}image",
        {
            "class": "picture",
            "x": f"{box.x - offset[0]:g}",
            "y": f"{box.y - offset[1]:g}",
            "width": f"{box.w:g}",
            "height": f"{box.h:g}",
            "preserveAspectRatio": "none",
            "href": picture.uri(),
        },
    )
    texts = group.findall(f"{_Q}text")
    group.insert(list(group).index(texts[0]) if texts else len(group), image)


def _pill(group: ET.Element) -> None:
    """Graphviz rounds box corners by a fixed amount; a pill is rounded by half its height."""
    shape = group.find(f"{_Q}path")
    if shape is None:
        return
    numbers = [float(v) for v in _NUMBER.findall(shape.get("d", ""))]
    xs, ys = numbers[0::2], numbers[1::2]
    if not xs:
        return
    x, y, w, h = min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)
    attrs = {k: v for k, v in shape.attrib.items() if k != "d"}
    geometry = {"x": f"{x:g}", "y": f"{y:g}", "width": f"{w:g}", "height": f"{h:g}", "rx": f"{h / 2:g}"}
    rect = ET.Element(f"{_Q}rect", {**attrs, **geometry})
    group.insert(list(group).index(shape), rect)
    group.remove(shape)


def _box_of(path: ET.Element) -> tuple[float, float, float, float] | None:
    numbers = [float(v) for v in _NUMBER.findall(path.get("d", ""))]
    xs, ys = numbers[0::2], numbers[1::2]
    if not xs:
        return None
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def _outline(group: ET.Element, shape: Callable[[float, float, float, float], str]) -> None:
    """Replace the box Graphviz drew with `shape`'s outline of the same box (cloud, bang)."""
    path = group.find(f"{_Q}path")
    if path is None:
        path = group.find(f"{_Q}polygon")
    box = None if path is None else _box_of(path) if path.tag == f"{_Q}path" else _points_box(path)
    if path is None or box is None:
        return
    attrs = {k: v for k, v in path.attrib.items() if k not in ("d", "points")}
    outline = ET.Element(f"{_Q}path", {**attrs, "d": shape(*box)})
    group.insert(list(group).index(path), outline)
    group.remove(path)


def _points_box(polygon: ET.Element) -> tuple[float, float, float, float] | None:
    return _box_of(ET.Element("path", {"d": polygon.get("points", "")}))


def cloud(x: float, y: float, w: float, h: float) -> str:
    """A cloud filling the box: a ring of round bumps, as Mermaid draws its `)cloud(` nodes."""
    bumps_x, bumps_y = max(2, round(w / (h * 0.6))), 2
    cx, cy, rx, ry = x + w / 2, y + h / 2, w / 2, h / 2
    points = []
    n = 2 * (bumps_x + bumps_y)
    for i in range(n + 1):
        angle = 2 * math.pi * i / n
        points.append((cx + rx * 0.92 * math.cos(angle), cy + ry * 0.88 * math.sin(angle)))
    d = [f"M{points[0][0]:.2f},{points[0][1]:.2f}"]
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        mx, my = (ax + bx) / 2, (ay + by) / 2
        out = 1.45  # the bump bulges outward from the centre
        d.append(f"Q{cx + (mx - cx) * out:.2f},{cy + (my - cy) * out:.2f} {bx:.2f},{by:.2f}")
    return " ".join(d) + "Z"


def bang(x: float, y: float, w: float, h: float) -> str:
    """A starburst filling the box, as Mermaid draws its `))bang((` nodes."""
    cx, cy, rx, ry = x + w / 2, y + h / 2, w / 2, h / 2
    n = 2 * max(8, round(w / (h * 0.35)))
    d = []
    for i in range(n):
        angle = 2 * math.pi * i / n
        k = 1.0 if i % 2 == 0 else 0.78
        px, py = cx + rx * k * math.cos(angle), cy + ry * k * math.sin(angle)
        d.append(f"{'M' if i == 0 else 'L'}{px:.2f},{py:.2f}")
    return " ".join(d) + "Z"


def _finish_node(group: ET.Element, item: Placed) -> None:
    group.set("data-depth", str(item.depth))
    group.set("data-path", item.id[1:].replace("_", "."))
    title = ET.Element(f"{_Q}title")  # the tooltip: full text, then the note
    title.text = item.node.text + (f"\n\n{item.node.note}" if item.node.note else "")
    group.insert(0, title)


def _wrap_links(root: ET.Element, by_id: dict[str, DrawnNode]) -> None:
    for parent in list(root.iter(f"{_Q}g")):
        for i, child in enumerate(list(parent)):
            drawn = by_id.get(child.get("id", "")) if child.tag == f"{_Q}g" else None
            link = safe_link(drawn.item.node.link) if drawn else None
            if link is None:
                continue
            anchor = ET.Element(f"{_Q}a", {f"{{{XLINK_NS}}}href": link, "href": link})
            parent.remove(child)
            anchor.append(child)
            parent.insert(i, anchor)
