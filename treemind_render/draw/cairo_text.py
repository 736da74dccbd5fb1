"""Text for PNG and PDF: each SVG text chunk laid out and drawn by Pango (0006-text-runs.md).

Pango (libpango/libpangocairo, which Graphviz already brings) shapes with HarfBuzz, orders
with the Unicode bidi algorithm and draws colour emoji through cairo, so an emoji ZWJ
sequence, flag or keycap is one glyph, Arabic is joined and right to left, Hebrew right to
left and Devanagari conjuncts are formed. A text chunk (a run of `<tspan>`s that continue one
another, SVG's "text chunk") is one Pango layout with one attribute per tspan, so bidi works
across the runs, as in a browser, and each run keeps the font family the SVG names.

The binding is a small cffi declaration of the Pango calls used here (ABI mode: nothing to
compile). pangocffi/pangocairocffi offer the same calls but cost ~0.3 CPU s to import
(they parse their whole C declarations at import time), as much again as cairocffi.

Placement matches the SVG: the chunk's advance width (not its ink) is what `text-anchor`
aligns at the chunk's x, the baseline sits at y, glyph positions are not rounded and font
metrics are not hinted, so runs are as wide as text/measure.py measured them.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

_CDEF = """
typedef struct _cairo cairo_t;
typedef struct _cairo_font_options cairo_font_options_t;
typedef struct _PangoLayout PangoLayout;
typedef struct _PangoLayoutLine PangoLayoutLine;
typedef struct _PangoContext PangoContext;
typedef struct _PangoFontDescription PangoFontDescription;
typedef struct _PangoAttrList PangoAttrList;
typedef struct { const void *klass; unsigned int start_index; unsigned int end_index; } PangoAttribute;
typedef struct { int x; int y; int width; int height; } PangoRectangle;
PangoLayout *pango_cairo_create_layout(cairo_t *cr);
void pango_cairo_update_layout(cairo_t *cr, PangoLayout *layout);
void pango_cairo_show_layout_line(cairo_t *cr, PangoLayoutLine *line);
void pango_cairo_context_set_font_options(PangoContext *context, const cairo_font_options_t *options);
PangoContext *pango_layout_get_context(PangoLayout *layout);
void pango_context_set_round_glyph_positions(PangoContext *context, int round_positions);
void pango_context_set_base_dir(PangoContext *context, int direction);
void pango_layout_context_changed(PangoLayout *layout);
void pango_layout_set_auto_dir(PangoLayout *layout, int auto_dir);
void pango_layout_set_text(PangoLayout *layout, const char *text, int length);
void pango_layout_set_attributes(PangoLayout *layout, PangoAttrList *attrs);
void pango_layout_set_font_description(PangoLayout *layout, const PangoFontDescription *desc);
PangoLayoutLine *pango_layout_get_line_readonly(PangoLayout *layout, int line);
void pango_layout_line_get_extents(PangoLayoutLine *line, PangoRectangle *ink, PangoRectangle *logical);
int pango_layout_get_unknown_glyphs_count(PangoLayout *layout);
PangoFontDescription *pango_font_description_new(void);
void pango_font_description_set_family(PangoFontDescription *desc, const char *family);
void pango_font_description_set_weight(PangoFontDescription *desc, int weight);
void pango_font_description_set_style(PangoFontDescription *desc, int style);
void pango_font_description_set_absolute_size(PangoFontDescription *desc, double size);
void pango_font_description_free(PangoFontDescription *desc);
PangoAttrList *pango_attr_list_new(void);
void pango_attr_list_unref(PangoAttrList *list);
void pango_attr_list_insert(PangoAttrList *list, PangoAttribute *attr);
PangoAttribute *pango_attr_font_desc_new(const PangoFontDescription *desc);
PangoAttribute *pango_attr_foreground_new(unsigned short red, unsigned short green, unsigned short blue);
PangoAttribute *pango_attr_foreground_alpha_new(unsigned short alpha);
void g_object_unref(void *object);
"""
SCALE = 1024  # PANGO_SCALE: Pango units per device unit
_STYLES = {"oblique": 1, "italic": 2}  # PangoStyle; anything else is normal (0)
_WEIGHTS = {"normal": 400, "bold": 700, "bolder": 700, "lighter": 300}


class PangoMissing(RuntimeError):
    """libpangocairo is not installed (Debian: libpangocairo-1.0-0, which Graphviz needs too)."""


@functools.cache
def pango() -> tuple[Any, Any]:
    """(ffi, lib) for libpangocairo, whose handle also finds libpango's and GObject's calls."""
    import cffi

    ffi = cffi.FFI()
    ffi.cdef(_CDEF)
    for name in ("libpangocairo-1.0.so.0", "libpangocairo-1.0.dylib", "pangocairo-1.0"):
        try:
            return ffi, ffi.dlopen(name)
        except OSError:
            continue
    raise PangoMissing("PNG and PDF need Pango's cairo library (Debian: libpangocairo-1.0-0)")


@dataclass(frozen=True)
class Run:
    """A piece of a chunk in one font: a `<tspan>` (or the text directly inside `<text>`)."""

    text: str
    family: str  # the SVG's font-family list, as written ("Noto Sans, sans-serif")
    weight: str | None = None  # font-weight: normal, bold, 100..900
    style: str | None = None  # font-style: normal, italic, oblique
    colour: tuple[float, float, float, float] | None = None  # RGBA 0..1 when not the chunk's


def weight_of(value: str | None) -> int:
    if value and value.strip().isdigit():
        return max(100, min(1000, int(value)))
    return _WEIGHTS.get((value or "normal").strip(), 400)


def family_list(value: str | None) -> str:
    """A CSS font-family list as Pango reads it: names without quotes, comma-separated."""
    names = [n.strip().strip("\"'").strip() for n in (value or "sans-serif").split(",")]
    return ",".join(n for n in names if n) or "sans-serif"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_BREAK = re.compile(r"[\n\r\x85\u2028\u2029]")  # one chunk is one line: a break is a space


def _address(pointer: Any) -> int:
    """A cairocffi pointer as a number another cffi instance can cast."""
    import cairocffi

    return int(cairocffi.ffi.cast("uintptr_t", pointer))


class TextPainter:
    """Draws text chunks on one cairo context (cairocffi) with one reused Pango layout."""

    def __init__(self, context: Any) -> None:
        import cairocffi

        self.ffi, self.lib = pango()
        self.context = context
        self.cr = self.ffi.cast("cairo_t *", _address(context._pointer))
        lib = self.lib
        self.layout = self.ffi.gc(lib.pango_cairo_create_layout(self.cr), lib.g_object_unref)
        pctx = lib.pango_layout_get_context(self.layout)
        lib.pango_context_set_round_glyph_positions(pctx, 0)  # positions as measured, not rounded
        lib.pango_context_set_base_dir(pctx, 0)  # LTR, as SVG's default `direction`
        lib.pango_layout_set_auto_dir(self.layout, 0)
        options = cairocffi.FontOptions()
        options.set_hint_metrics(cairocffi.HINT_METRICS_OFF)  # advances as the font says
        self._options = options  # kept alive: Pango copies it, but only when merged
        lib.pango_cairo_context_set_font_options(
            pctx,
            self.ffi.cast("cairo_font_options_t *", _address(options._pointer)),
        )
        lib.pango_layout_context_changed(self.layout)
        self._fonts: dict[tuple[str, int, int, float], Any] = {}
        self._logical = self.ffi.new("PangoRectangle *")
        self.unknown_glyphs = 0  # tofu Pango drew (a glyph no font had): tests read it

    def _font(self, run: Run, size: float) -> Any:
        key = (run.family, weight_of(run.weight), _STYLES.get((run.style or "").strip(), 0), size)
        desc = self._fonts.get(key)
        if desc is None:
            lib = self.lib
            desc = self.ffi.gc(lib.pango_font_description_new(), lib.pango_font_description_free)
            lib.pango_font_description_set_family(desc, family_list(key[0]).encode())
            lib.pango_font_description_set_weight(desc, key[1])
            lib.pango_font_description_set_style(desc, key[2])
            lib.pango_font_description_set_absolute_size(desc, size * SCALE)
            self._fonts[key] = desc
        return desc

    def measure(self, runs: Sequence[Run], size: float) -> float:
        """The advance width of a chunk, in user units."""
        return self._lay_out(runs, size)[1] if runs else 0.0

    def chunk(self, runs: Sequence[Run], size: float, x: float, y: float, anchor: str | None) -> float:
        """Draw runs as one chunk with its baseline at y, anchored at x; the advance width.

        The cairo context's current source is the colour of runs without their own.
        """
        if not any(run.text for run in runs):
            return 0.0
        line, width, left = self._lay_out(runs, size)
        shift = width / 2 if anchor == "middle" else width if anchor == "end" else 0.0
        self.context.move_to(x - shift - left, y)
        self.lib.pango_cairo_show_layout_line(self.cr, line)
        self.context.new_path()
        return width

    def _lay_out(self, runs: Sequence[Run], size: float) -> tuple[Any, float, float]:
        ffi, lib, layout = self.ffi, self.lib, self.layout
        lib.pango_cairo_update_layout(self.cr, layout)  # the current transformation (hinting)
        pieces = [_CONTROL.sub("", _BREAK.sub(" ", run.text)).encode("utf-8") for run in runs]
        text = b"".join(pieces)
        lib.pango_layout_set_font_description(layout, self._font(runs[0], size))
        attrs = ffi.NULL
        if len(runs) > 1 or runs[0].colour is not None:
            attrs = lib.pango_attr_list_new()
            start = 0
            for run, piece in zip(runs, pieces, strict=True):
                end = start + len(piece)
                if piece:
                    found = [lib.pango_attr_font_desc_new(self._font(run, size))]
                    if run.colour is not None:
                        r, g, b, a = (round(max(0.0, min(1.0, c)) * 65535) for c in run.colour)
                        found += [
                            lib.pango_attr_foreground_new(r, g, b),
                            lib.pango_attr_foreground_alpha_new(a),
                        ]
                    for attr in found:
                        attr.start_index, attr.end_index = start, end
                        lib.pango_attr_list_insert(attrs, attr)
                start = end
        lib.pango_layout_set_attributes(layout, attrs)
        if attrs != ffi.NULL:
            lib.pango_attr_list_unref(attrs)  # the layout keeps its own reference
        lib.pango_layout_set_text(layout, text, len(text))
        self.unknown_glyphs += lib.pango_layout_get_unknown_glyphs_count(layout)
        line = lib.pango_layout_get_line_readonly(layout, 0)
        lib.pango_layout_line_get_extents(line, ffi.NULL, self._logical)
        return line, self._logical.width / SCALE, self._logical.x / SCALE


# --- cairosvg's text drawer, swapped for Pango while we rasterise an SVG through cairosvg ------

_LOCK = threading.Lock()  # the drawer is swapped in cairosvg's module tables for one render
_NUMBER = re.compile(r"\s*-?[0-9.]+(?:[eE][-+]?[0-9]+)?(?:px)?\s*")
_PLAIN_STROKES = (None, "none", "transparent")
_DRAWN = "treemind-drawn-with-its-text"  # set on a <tspan> its <text> has drawn
_UNPLAIN = (
    "dx",
    "dy",
    "rotate",
    "letter-spacing",
    "display-anchor",
    "dominant-baseline",
    "alignment-baseline",
)


def _plain(node: Any) -> bool:
    """A node whose text this drawer places as cairosvg would (no per-glyph positions, no
    text on a path, no baseline shifts, no stroke or gradient)."""
    if node.tag == "textPath" or node.get_href() or any(node.get(key) for key in _UNPLAIN):
        return False
    if node.get("stroke") not in _PLAIN_STROKES or str(node.get("fill", "")).startswith("url("):
        return False
    return all(key not in node or _NUMBER.fullmatch(node[key]) for key in ("x", "y"))


def _run(node: Any, text: str, colour: tuple[float, float, float, float] | None = None) -> Run:
    return Run(
        text, family_list(node.get("font-family")), node.get("font-weight"), node.get("font-style"), colour
    )


Chunk = tuple[float | None, float | None, str | None, list[Run]]


def svg_chunks(surface: Any, node: Any, size: Any, color: Any) -> list[Chunk] | None:
    """A cairosvg <text> node as chunks (x, y, anchor, runs), or None when it is not plain."""
    if node.tag != "text" or not _plain(node):
        return None
    x = size(surface, node["x"], "x") if "x" in node else None
    y = size(surface, node["y"], "y") if "y" in node else None
    anchor = node.get("text-anchor")
    chunks: list[Chunk] = [(x, y, anchor, [_run(node, node.text)] if node.text else [])]
    for child in node.children:
        if child.tag != "tspan" or child.children or not _plain(child):
            return None
        if child.get("font-size") != node.get("font-size") or ("y" in child and "x" not in child):
            return None
        colour = None
        if child.get("fill") != node.get("fill") or "fill-opacity" in child or "opacity" in child:
            alpha = float(child.get("fill-opacity", 1)) * float(child.get("opacity", 1))
            colour = color(child.get("fill", "black"), alpha)
        if "x" in child:
            cy = size(surface, child["y"], "y") if "y" in child else chunks[-1][1]
            chunks.append((size(surface, child["x"], "x"), cy, child.get("text-anchor"), []))
        if child.text:
            chunks[-1][3].append(_run(child, child.text, colour))
    return chunks


def draw_chunks(
    painter: TextPainter, chunks: Sequence[Chunk], font_size: float, pen: tuple[float, float]
) -> None:
    """Draw chunks in order; one without x or y continues where the previous one ended."""
    pen_x, pen_y = pen
    for x, y, anchor, runs in chunks:
        start_x = pen_x if x is None else x
        pen_y = pen_y if y is None else y
        if not runs:
            pen_x = start_x
            continue
        width = painter.chunk(runs, font_size, start_x, pen_y, anchor if x is not None else None)
        shift = (
            width / 2
            if anchor == "middle" and x is not None
            else width
            if anchor == "end" and x is not None
            else 0
        )
        pen_x = start_x - shift + width


def make_drawer(original: Any) -> Any:
    """A drawer with cairosvg's `text(surface, node, draw_as_text)` signature."""
    from cairosvg.colors import color
    from cairosvg.helpers import size

    def pango_text(surface: Any, node: Any, draw_as_text: bool = False) -> None:
        if node.get(_DRAWN):
            return
        chunks = svg_chunks(surface, node, size, color)
        if chunks is None:
            original(surface, node, draw_as_text)
            return
        for child in node.children:
            child[_DRAWN] = "1"
        if not draw_as_text:
            return
        painter = getattr(surface, "_treemind_text", None)
        if painter is None or painter.context is not surface.context:
            painter = TextPainter(surface.context)
            surface._treemind_text = painter
        draw_chunks(painter, chunks, surface.font_size, tuple(surface.cursor_position))

    return pango_text


@contextmanager
def pango_text() -> Iterator[None]:
    """Within the block, cairosvg draws plain <text> elements through Pango."""
    from cairosvg import surface as surfaces

    with _LOCK:
        original = surfaces.text
        drawer = make_drawer(original)
        tags = {tag: fn for tag, fn in surfaces.TAGS.items() if fn is original}
        surfaces.TAGS.update(dict.fromkeys(tags, drawer))
        surfaces.text = drawer  # draw() compares a node's drawer with this name to fill text
        try:
            yield
        finally:
            surfaces.TAGS.update(tags)
            surfaces.text = original
