"""Paint our own SVG straight onto a cairo surface (PNG, PDF): no cairosvg walk (0004-png.md).

draw/svg.py writes a small, known SVG: groups with transforms, paths (M L C Q Z), polygons,
polylines, ellipses, rects, text with tspans, links, data: images. cairosvg spends about a
millisecond of Python per element on it (state save/restore, attribute inheritance, CSS
matching); here each element is a few cairo calls, made in the order and with the state
cairosvg uses (miter limit 4, fill then stroke, group opacity), so shapes land on the same
pixels. Text goes through cairo_text's Pango painter.

Anything outside that subset raises `Unsupported`, and the caller hands the whole SVG to
cairosvg instead. Nothing is ever fetched: an image must be a data: URI.
"""

from __future__ import annotations

import base64
import io
import math
import re
import urllib.parse
from collections.abc import Callable
from typing import Any

from ..colors import parse_color
from ..errors import RenderError
from .cairo_text import Chunk, Run, TextPainter, draw_chunks, family_list
from .links import safe_link

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
PX_PER_PT = 96 / 72


class Unsupported(Exception):
    """The SVG uses something this painter does not draw: cairosvg draws it instead."""


# Presentation attributes this painter reads; they inherit as in cairosvg (all but these)
_NOT_INHERITED = frozenset(
    (
        "id",
        "class",
        "transform",
        "opacity",
        "x",
        "y",
        "width",
        "height",
        "d",
        "points",
        "cx",
        "cy",
        "rx",
        "ry",
    )
)
_KNOWN = frozenset(
    (
        "fill",
        "stroke",
        "stroke-width",
        "fill-opacity",
        "stroke-opacity",
        "fill-rule",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
        "href",
        XLINK_HREF,
        "{http://www.w3.org/1999/xlink}title",
        "role",
        "aria-labelledby",
        "aria-label",
        "target",
        "title",
        "preserveAspectRatio",
        "viewBox",
        "version",
        "xmlns",
        XML_SPACE,
        "style",
    )
    + tuple(_NOT_INHERITED)
)
_SKIPPED = frozenset(("title", "desc", "metadata"))
_NUMBER = re.compile(r"[-+]?(?:[0-9]*\.[0-9]+|[0-9]+\.?)(?:[eE][-+]?[0-9]+)?")
_PATH_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtZz]|[-+]?(?:[0-9]*\.[0-9]+|[0-9]+\.?)(?:[eE][-+]?[0-9]+)?")
_TRANSFORM = re.compile(r"\s*(matrix|translate|scale|rotate)\s*\(([^)]*)\)\s*,?")
_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_LENGTH = re.compile(r"\s*([-+]?(?:[0-9]*\.[0-9]+|[0-9]+\.?)(?:[eE][-+]?[0-9]+)?)\s*(px|pt)?\s*")
_WHITE = re.compile(r" +")
_ABSOLUTE = re.compile(r"(?i)(https?://|mailto:)")


def number(value: str | None, default: float = 0.0) -> float:
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        found = _LENGTH.fullmatch(value)
        if not found:
            raise Unsupported(f"length {value!r}") from None
        return float(found.group(1)) * (PX_PER_PT if found.group(2) == "pt" else 1)


def colour(value: str | None, opacity: float) -> tuple[float, float, float, float] | None:
    """RGBA of a paint, None for none/transparent."""
    if value is None:
        return None
    value = value.strip()
    found = _HEX.fullmatch(value)
    if found:
        digits = found.group(1)
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        r, g, b = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
        return (r, g, b, opacity)
    lowered = value.lower()
    if lowered in ("none", "transparent"):
        return None
    if lowered.startswith("url("):
        raise Unsupported("paint server")
    opaque = parse_color(lowered)  # CSS names and forms, without loading cairosvg
    if opaque is not None:
        r, g, b = (int(opaque[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return (r, g, b, opacity)
    from cairosvg.colors import color  # the rest (rgba() and such), as cairosvg reads them

    rgba = color(lowered, opacity)
    return None if rgba[3] == 0 else rgba


def data_uri(href: str) -> bytes:
    """The bytes of a data: URI; any other reference is refused (nothing is ever fetched)."""
    if not href.startswith("data:") or "," not in href:
        raise RenderError(f"the SVG refers to {href[:80]!r}; treemind never fetches files or URLs")
    head, _, payload = href[5:].partition(",")
    if head.endswith(";base64"):
        return base64.b64decode(payload + "=" * (-len(payload) % 4))
    return urllib.parse.unquote_to_bytes(payload)


class Painter:
    """Walks a parsed SVG and paints it on a cairocffi context."""

    def __init__(self, context: Any) -> None:
        import cairocffi

        self.cairo = cairocffi
        self.context = context
        self.text = TextPainter(context)
        self.pdf = isinstance(context.get_target(), cairocffi.PDFSurface)
        self.tags: dict[str, Callable[[Any, dict[str, str]], None]] = {
            "g": self.group,
            "a": self.link,
            "path": self.path,
            "polygon": self.polygon,
            "polyline": self.polyline,
            "ellipse": self.ellipse,
            "circle": self.circle,
            "rect": self.rect,
            "line": self.line,
            "text": self.text_element,
            "image": self.image,
        }

    # --- structure ------------------------------------------------------------------------

    def element(self, el: Any, inherited: dict[str, str]) -> None:
        tag = el.tag[len(SVG) :] if el.tag.startswith(SVG) else el.tag
        if tag in _SKIPPED:
            return
        drawer = self.tags.get(tag)
        if drawer is None or not isinstance(el.tag, str):
            raise Unsupported(f"<{tag}>")
        attrs = el.attrib
        unknown = [k for k in attrs if k not in _KNOWN and not k.startswith(("data-", "aria-"))]
        if unknown or ("style" in attrs and attrs["style"].strip()):
            raise Unsupported(f"<{tag}> {unknown or 'style'}")
        if attrs.get("display") == "none":
            return
        state = {**inherited, **{k: v for k, v in attrs.items() if k not in _NOT_INHERITED}}
        context = self.context
        context.save()
        transform = attrs.get("transform")
        if transform:
            self.transform(transform)
        opacity = number(attrs.get("opacity"), 1.0)
        grouped = opacity < 1 and len(el) > 0
        if grouped:
            context.push_group()
        elif opacity < 1:
            state["fill-opacity"] = str(number(state.get("fill-opacity"), 1.0) * opacity)
            state["stroke-opacity"] = str(number(state.get("stroke-opacity"), 1.0) * opacity)
        drawer(el, state)
        if grouped:
            context.pop_group_to_source()
            context.paint_with_alpha(opacity)
        context.restore()

    def group(self, el: Any, state: dict[str, str]) -> None:
        for child in el:
            self.element(child, state)

    def link(self, el: Any, state: dict[str, str]) -> None:
        """A group; in a PDF also a clickable link (http, https, mailto: what svg.py let through,
        checked again) over what it draws. cairosvg made no links."""
        href = safe_link(el.get("href") or el.get(XLINK_HREF))
        if not self.pdf or href is None or not _ABSOLUTE.match(href):
            self.group(el, state)
            return
        quoted = href.replace("\\", "\\\\").replace("'", "\\'")
        self.context.tag_begin(self.cairo.TAG_LINK, f"uri='{quoted}'")
        self.group(el, state)
        self.context.tag_end(self.cairo.TAG_LINK)

    def transform(self, value: str) -> None:
        context = self.context
        at = 0
        for found in _TRANSFORM.finditer(value):
            if found.start() != at:
                raise Unsupported(f"transform {value!r}")
            at = found.end()
            kind, args = found.group(1), [float(n) for n in _NUMBER.findall(found.group(2))]
            if kind == "translate" and len(args) in (1, 2):
                context.translate(args[0], args[1] if len(args) == 2 else 0)
            elif kind == "scale" and len(args) in (1, 2):
                context.scale(args[0], args[1] if len(args) == 2 else args[0])
            elif kind == "rotate" and len(args) == 1:
                context.rotate(math.radians(args[0]))
            elif kind == "matrix" and len(args) == 6:
                context.transform(self.cairo.Matrix(*args))
            else:
                raise Unsupported(f"transform {value!r}")
        if at != len(value.rstrip()):
            raise Unsupported(f"transform {value!r}")

    # --- shapes ---------------------------------------------------------------------------

    def fill_and_stroke(self, state: dict[str, str]) -> None:
        """cairosvg's order: fill (default black), then stroke (default none)."""
        context = self.context
        fill = colour(state.get("fill", "black"), number(state.get("fill-opacity"), 1.0))
        stroke = colour(state.get("stroke"), number(state.get("stroke-opacity"), 1.0))
        width = number(state.get("stroke-width"), 1.0)
        if fill is not None:
            context.set_source_rgba(*fill)
            if state.get("fill-rule") == "evenodd":
                context.set_fill_rule(self.cairo.FILL_RULE_EVEN_ODD)
            context.fill_preserve()
            context.set_fill_rule(self.cairo.FILL_RULE_WINDING)
        if stroke is not None and width > 0:
            context.set_source_rgba(*stroke)
            context.set_line_width(width)
            context.set_miter_limit(number(state.get("stroke-miterlimit"), 4.0))
            cap = state.get("stroke-linecap")
            if cap in ("round", "square"):
                context.set_line_cap(
                    self.cairo.LINE_CAP_ROUND if cap == "round" else self.cairo.LINE_CAP_SQUARE
                )
            join = state.get("stroke-linejoin")
            if join in ("round", "bevel"):
                context.set_line_join(
                    self.cairo.LINE_JOIN_ROUND if join == "round" else self.cairo.LINE_JOIN_BEVEL
                )
            dash = state.get("stroke-dasharray", "").strip()
            dashes = [number(d) for d in re.split(r"[\s,]+", dash) if d] if dash not in ("", "none") else []
            if dashes and sum(dashes):
                context.set_dash(dashes, number(state.get("stroke-dashoffset")))
            context.stroke()
        context.new_path()

    def path(self, el: Any, state: dict[str, str]) -> None:
        trace_path(self.context, el.get("d", ""))
        self.fill_and_stroke(state)

    def polyline(self, el: Any, state: dict[str, str], close: bool = False) -> None:
        values = [float(n) for n in _NUMBER.findall(el.get("points", ""))]
        if len(values) >= 2:
            context = self.context
            context.move_to(values[0], values[1])
            for i in range(2, len(values) - 1, 2):
                context.line_to(values[i], values[i + 1])
            if close:
                context.close_path()
        self.fill_and_stroke(state)

    def polygon(self, el: Any, state: dict[str, str]) -> None:
        self.polyline(el, state, close=True)

    def line(self, el: Any, state: dict[str, str]) -> None:
        self.context.move_to(number(el.get("x1")), number(el.get("y1")))
        self.context.line_to(number(el.get("x2")), number(el.get("y2")))
        self.fill_and_stroke(state)

    def ellipse(self, el: Any, state: dict[str, str]) -> None:
        rx, ry = number(el.get("rx")), number(el.get("ry"))
        if rx and ry:  # as cairosvg: a circle arc in a y-scaled space
            cx, cy = number(el.get("cx")), number(el.get("cy"))
            context = self.context
            context.new_sub_path()
            context.save()
            context.scale(1, ry / rx)
            context.arc(cx, cy / (ry / rx), rx, 0, 2 * math.pi)
            context.close_path()
            context.restore()
        self.fill_and_stroke(state)

    def circle(self, el: Any, state: dict[str, str]) -> None:
        r = number(el.get("r"))
        if r:
            self.context.new_sub_path()
            self.context.arc(number(el.get("cx")), number(el.get("cy")), r, 0, 2 * math.pi)
            self.context.close_path()
        self.fill_and_stroke(state)

    def rect(self, el: Any, state: dict[str, str]) -> None:
        x, y = number(el.get("x")), number(el.get("y"))
        width, height = number(el.get("width")), number(el.get("height"))
        if width == 0 or height == 0:
            return
        rx_value, ry_value = el.get("rx"), el.get("ry")
        rx = number(rx_value if rx_value is not None else ry_value)
        ry = number(ry_value if ry_value is not None else rx_value)
        context = self.context
        if rx == 0 or ry == 0:
            context.rectangle(x, y, width, height)
        else:  # cairosvg's rounded rectangle, curve for curve
            rx, ry = min(rx, width / 2), min(ry, height / 2)
            c1, c2 = ARC_TO_BEZIER * rx, ARC_TO_BEZIER * ry
            context.new_path()
            context.move_to(x + rx, y)
            context.rel_line_to(width - 2 * rx, 0)
            context.rel_curve_to(c1, 0, rx, c2, rx, ry)
            context.rel_line_to(0, height - 2 * ry)
            context.rel_curve_to(0, c2, c1 - rx, ry, -rx, ry)
            context.rel_line_to(-width + 2 * rx, 0)
            context.rel_curve_to(-c1, 0, -rx, -c2, -rx, -ry)
            context.rel_line_to(0, -height + 2 * ry)
            context.rel_curve_to(0, -c2, rx - c1, -ry, rx, -ry)
            context.close_path()
        self.fill_and_stroke(state)

    # --- text -----------------------------------------------------------------------------

    def text_element(self, el: Any, state: dict[str, str]) -> None:
        size = number(state.get("font-size"), 16.0)
        fill = colour(state.get("fill", "black"), number(state.get("fill-opacity"), 1.0))
        if state.get("stroke") not in (None, "none", "transparent"):
            raise Unsupported("stroked text")
        preserve = state.get(XML_SPACE) == "preserve"
        x = number(el.get("x")) if el.get("x") is not None else None
        y = number(el.get("y")) if el.get("y") is not None else None
        for key in ("x", "y"):
            if el.get(key) is not None and len(_NUMBER.findall(el.get(key))) != 1:
                raise Unsupported("per-glyph positions")
        first = _white(el.text, preserve)
        trailing = first.endswith(" ")
        chunks: list[Chunk] = [(x, y, state.get("text-anchor"), [])]
        if first:
            chunks[0][3].append(_run(first, state, None))
        for child in el:
            tag = (
                child.tag[len(SVG) :]
                if isinstance(child.tag, str) and child.tag.startswith(SVG)
                else child.tag
            )
            if tag != "tspan" or len(child) or any(k not in _TSPAN for k in child.attrib):
                raise Unsupported("text content")
            child_state = {**state, **{k: v for k, v in child.attrib.items() if k not in ("x", "y")}}
            if child_state.get("font-size") != state.get("font-size"):
                raise Unsupported("font-size on a tspan")
            own = None
            if child_state.get("fill") != state.get("fill") or "fill-opacity" in child.attrib:
                own = colour(child_state.get("fill", "black"), number(child_state.get("fill-opacity"), 1.0))
                own = own or (0.0, 0.0, 0.0, 0.0)
            if child.get("x") is not None:
                cx = number(child.get("x"))
                cy = number(child.get("y")) if child.get("y") is not None else chunks[-1][1]
                chunks.append((cx, cy, child_state.get("text-anchor"), []))
            elif child.get("y") is not None:
                raise Unsupported("tspan with y only")
            text = _white(child.text, preserve)
            if trailing and not preserve:
                text = text.lstrip(" ")
            if text:
                trailing = text.endswith(" ")
                chunks[-1][3].append(_run(text, child_state, own))
            if child.tail:
                tail = _white(child.tail, preserve)
                if trailing and not preserve:
                    tail = tail.lstrip(" ")
                if tail:
                    trailing = tail.endswith(" ")
                    chunks[-1][3].append(_run(tail, state, None))
        if len(el) == 0 and not preserve and chunks[0][3]:
            last = chunks[0][3][-1]
            chunks[0][3][-1] = Run(last.text.rstrip(" "), last.family, last.weight, last.style, last.colour)
        if fill is None and not any(run.colour for chunk in chunks for run in chunk[3]):
            return
        self.context.set_source_rgba(*(fill or (0.0, 0.0, 0.0, 0.0)))
        draw_chunks(self.text, chunks, size, (0.0, 0.0))

    # --- images ---------------------------------------------------------------------------

    def image(self, el: Any, state: dict[str, str]) -> None:
        href = el.get(XLINK_HREF) or el.get("href") or ""
        data = data_uri(href)
        if len(data) < 5:
            return
        x, y = number(el.get("x")), number(el.get("y"))
        width, height = number(el.get("width")), number(el.get("height"))
        context = self.context
        if data.startswith((b"<svg ", b"<?xml", b"<!DOC", b"\x1f\x8b")) or b"<svg" in data:
            raise Unsupported("an SVG picture")  # cairosvg draws nested SVG trees
        if data.startswith(b"\x89PNG"):
            picture = self.cairo.ImageSurface.create_from_png(io.BytesIO(data))
        else:
            from PIL import Image, ImageOps  # cairosvg's own way for JPEG and the rest

            png = io.BytesIO()
            with Image.open(io.BytesIO(data)) as opened:
                converted = ImageOps.exif_transpose(opened)
                if converted.mode == "CMYK":
                    converted = converted.convert("RGB")
                converted.save(png, "PNG")
            png.seek(0)
            picture = self.cairo.ImageSurface.create_from_png(png)
        pattern = self.cairo.SurfacePattern(picture)
        pattern.set_filter(self.cairo.FILTER_GOOD)
        natural_w, natural_h = picture.get_width(), picture.get_height()
        width, height = width or natural_w, height or natural_h
        scale_x, scale_y, shift_x, shift_y = fit(
            el.get("preserveAspectRatio"), width, height, natural_w, natural_h
        )
        if not (
            shift_x == 0 and shift_y == 0 and width == scale_x * natural_w and height == scale_y * natural_h
        ):
            context.rectangle(x, y, width, height)
            context.clip()
        context.save()
        context.translate(x, y)
        context.scale(scale_x, scale_y)
        context.translate(shift_x, shift_y)
        context.set_source(pattern)
        context.paint()
        context.restore()


ARC_TO_BEZIER = 4 * (2**0.5 - 1) / 3
_TSPAN = frozenset(
    ("font-family", "font-weight", "font-style", "fill", "fill-opacity", "x", "y", "text-anchor")
)


def _white(text: str | None, preserve: bool) -> str:
    """cairosvg's (and SVG 1.1's) white-space handling of text content."""
    if not text:
        return ""
    if preserve:
        return re.sub("[\n\r\t]", " ", text)
    return _WHITE.sub(" ", text.replace("\n", "").replace("\r", "").replace("\t", " "))


def _run(text: str, state: dict[str, str], own: tuple[float, float, float, float] | None) -> Run:
    return Run(
        text, family_list(state.get("font-family")), state.get("font-weight"), state.get("font-style"), own
    )


def fit(
    aspect: str | None, width: float, height: float, natural_w: float, natural_h: float
) -> tuple[float, ...]:
    """cairosvg's preserve_ratio for an image: (scale x, scale y, translate x, translate y)."""
    scale_x = width / natural_w if natural_w > 0 else 1
    scale_y = height / natural_h if natural_h > 0 else 1
    words = (aspect or "xMidYMid").split()
    align = words[0]
    if align == "none":
        return scale_x, scale_y, 0.0, 0.0
    scale = max(scale_x, scale_y) if len(words) > 1 and words[1] == "slice" else min(scale_x, scale_y)
    x_pos, y_pos = align[1:4].lower(), align[5:].lower()
    shift_x = {"mid": (width / scale - natural_w) / 2, "max": width / scale - natural_w}.get(x_pos, 0.0)
    shift_y = {"mid": (height / scale - natural_h) / 2, "max": height / scale - natural_h}.get(y_pos, 0.0)
    return scale, scale, shift_x, shift_y


def trace_path(context: Any, d: str) -> None:
    """An SVG path's outline on the context (every command but arcs; arcs are Unsupported)."""
    tokens = _PATH_TOKEN.findall(d)
    if "".join(tokens).replace(" ", "") == "" and d.strip():
        raise Unsupported("path data")
    x = y = start_x = start_y = 0.0
    control: tuple[float, float] | None = None  # last cubic/quadratic control, for S/T
    command = ""
    i = 0
    count = len(tokens)

    def take(n: int) -> list[float]:
        nonlocal i
        if i + n > count:
            raise Unsupported("path data")
        values = [float(t) for t in tokens[i : i + n]]
        i += n
        return values

    if not context.has_current_point():
        context.move_to(0, 0)
    while i < count:
        token = tokens[i]
        if token.isalpha():
            command = token
            i += 1
            if command in "Zz":
                context.close_path()
                x, y = start_x, start_y
                control = None
                continue
        elif not command or command in "Zz":
            raise Unsupported("path data")
        relative = command.islower()
        kind = command.upper()
        ox, oy = (x, y) if relative else (0.0, 0.0)
        if kind == "M":
            dx, dy = take(2)
            x, y = ox + dx, oy + dy
            context.move_to(x, y)
            start_x, start_y = x, y
            command = "l" if relative else "L"  # further pairs are lines
            control = None
        elif kind == "L":
            dx, dy = take(2)
            x, y = ox + dx, oy + dy
            context.line_to(x, y)
            control = None
        elif kind == "H":
            (v,) = take(1)
            x = ox + v
            context.line_to(x, y)
            control = None
        elif kind == "V":
            (v,) = take(1)
            y = oy + v
            context.line_to(x, y)
            control = None
        elif kind == "C":
            x1, y1, x2, y2, x3, y3 = take(6)
            context.curve_to(ox + x1, oy + y1, ox + x2, oy + y2, ox + x3, oy + y3)
            control = (ox + x2, oy + y2)
            x, y = ox + x3, oy + y3
        elif kind == "S":
            x2, y2, x3, y3 = take(4)
            x1, y1 = (2 * x - control[0], 2 * y - control[1]) if control else (x, y)
            context.curve_to(x1, y1, ox + x2, oy + y2, ox + x3, oy + y3)
            control = (ox + x2, oy + y2)
            x, y = ox + x3, oy + y3
        elif kind in "QT":
            if kind == "Q":
                qx, qy, x3, y3 = take(4)
                qx, qy = ox + qx, oy + qy
            else:
                x3, y3 = take(2)
                qx, qy = (2 * x - control[0], 2 * y - control[1]) if control else (x, y)
            x3, y3 = ox + x3, oy + y3
            # cairosvg's quadratic_points: the exact cubic of a quadratic
            context.curve_to(
                qx * 2 / 3 + x / 3, qy * 2 / 3 + y / 3, qx * 2 / 3 + x3 / 3, qy * 2 / 3 + y3 / 3, x3, y3
            )
            control = (qx, qy)
            x, y = x3, y3
        else:
            raise Unsupported(f"path command {command!r}")


def paint_svg(root: Any, context: Any) -> None:
    """Paint a parsed SVG's children on a context already set to its viewBox."""
    painter = Painter(context)
    context.set_miter_limit(4)
    state = {k: v for k, v in root.attrib.items() if k not in _NOT_INHERITED}
    for child in root:
        painter.element(child, state)


def size_of(root: Any) -> tuple[float, float, tuple[float, float, float, float]]:
    """(width px, height px, viewBox) of the root <svg>, as cairosvg reads them."""
    if root.tag != f"{SVG}svg":
        raise Unsupported("not an SVG root")
    width, height = number(root.get("width")), number(root.get("height"))
    box = root.get("viewBox")
    values = [float(n) for n in _NUMBER.findall(box)] if box else [0.0, 0.0, width, height]
    if len(values) != 4 or not width or not height or values[2] <= 0 or values[3] <= 0:
        raise Unsupported("size")
    if (root.get("preserveAspectRatio") or "xMidYMid").split()[0] != "xMidYMid":
        raise Unsupported("preserveAspectRatio")
    return width, height, (values[0], values[1], values[2], values[3])


def set_view(context: Any, width: float, height: float, view: tuple[float, float, float, float]) -> None:
    """cairosvg's set_context_size for a root with a viewBox (xMidYMid meet, clipped)."""
    scale = min(width / view[2], height / view[3])
    shift_x = (width / scale - view[2]) / 2
    shift_y = (height / scale - view[3]) / 2
    context.translate(-view[0] * scale, -view[1] * scale)
    context.rectangle(view[0] * scale, view[1] * scale, width, height)
    context.clip()
    context.scale(scale, scale)
    context.translate(shift_x, shift_y)
