"""SVG to PNG and PDF: paint.py draws our SVG on cairo, cairosvg what it does not know (0004-png.md)."""

from __future__ import annotations

import io
import re
from typing import Any

from ..colors import parse_color
from ..errors import LimitError, RenderError, UsageError
from ..files import deferred_interrupt
from ..model import Limits
from .stamp import add_png_stamp

PX_PER_PT = 96 / 72  # cairosvg draws at 96 dpi
_SIZE = re.compile(rb'<svg[^>]*?width="([0-9.]+)pt"[^>]*?height="([0-9.]+)pt"', re.S)


def rasterise(
    svg: bytes,
    fmt: str,
    scale: float = 1.0,
    width: int | None = None,
    background: str | None = None,
    limits: Limits | None = None,
    stamp: str | None = None,
) -> bytes:
    """PNG or PDF bytes of a finished SVG; `background` is a colour or "transparent".

    `stamp` (see stamp.py) goes into a PNG tEXt chunk or the PDF's keywords. PDFs get a fixed
    creation date, so the same SVG always gives the same PDF bytes.
    """
    if scale <= 0 or (width is not None and width <= 0):
        raise UsageError("--scale and --width must be positive")
    svg = _with_background(svg, background)
    if fmt == "png":
        _check_pixels(svg, scale, width, limits or Limits())
    drawn = _drawn_only(svg)
    try:
        # cairo hands its bytes to Python through cffi callbacks, where a Ctrl-C would become a
        # printed "From cffi callback" traceback and a broken image: it waits for cairo instead
        with deferred_interrupt():
            data = _painted(drawn, fmt, scale, width, stamp)
            if data is None:  # outside paint.py's subset: cairosvg draws it
                data = _through_cairosvg(drawn, fmt, scale, width, stamp)
            if fmt == "png" and stamp:
                return add_png_stamp(data, stamp)
            return data
    except RenderError:
        raise
    except Exception as exc:  # cairo and cairosvg raise many kinds; all mean "could not draw"
        raise RenderError(f"cannot convert to {fmt.upper()}: {exc}") from None


PDF_DATE = "2000-01-01T00:00:00Z"  # a fixed creation date: the same SVG gives the same PDF bytes


def _painted(svg: bytes, fmt: str, scale: float, width: int | None, stamp: str | None) -> bytes | None:
    """PNG/PDF bytes drawn by paint.py, or None when the SVG is outside its subset."""
    import cairocffi
    from defusedxml.ElementTree import fromstring

    from . import paint, png_encode

    try:
        root = fromstring(svg)
        w_px, h_px, view = paint.size_of(root)
    except paint.Unsupported:
        return None
    out_w, out_h = (width, h_px * width / w_px) if width else (w_px * scale, h_px * scale)
    out = io.BytesIO()
    if fmt == "png":
        surface = cairocffi.ImageSurface(cairocffi.FORMAT_ARGB32, int(round(out_w)), int(round(out_h)))
        context = cairocffi.Context(surface)
    else:
        surface = cairocffi.PDFSurface(out, out_w / PX_PER_PT, out_h / PX_PER_PT)
        _pdf_metadata(surface, stamp)
        context = cairocffi.Context(surface)
        context.scale(1 / PX_PER_PT, 1 / PX_PER_PT)
    paint.set_view(context, out_w, out_h, view)
    try:
        paint.paint_svg(root, context)
    except paint.Unsupported:
        surface.finish()
        return None
    if fmt == "png":
        data = png_encode.encode(surface)
        if data is None:
            surface.write_to_png(out)
            data = out.getvalue()
        surface.finish()
        return data
    surface.finish()
    return out.getvalue()


def _through_cairosvg(svg: bytes, fmt: str, scale: float, width: int | None, stamp: str | None) -> bytes:
    from cairosvg.parser import Tree
    from cairosvg.surface import PDFSurface, PNGSurface

    from . import png_encode
    from .cairo_text import pango_text

    out = io.BytesIO()
    tree = Tree(bytestring=svg, unsafe=False, url_fetcher=_refuse)
    size = {"scale": scale if width is None else 1, "output_width": width}
    with pango_text():
        if fmt == "png":
            surface = PNGSurface(tree, None, 96, **size)  # draws; written below
            data = png_encode.encode(surface.cairo)
            if data is None:
                surface.cairo.write_to_png(out)
                data = out.getvalue()
            surface.finish()
            return data
        surface = PDFSurface(tree, out, 96, **size)
    _pdf_metadata(surface.cairo, stamp)
    surface.finish()
    return out.getvalue()


def _pdf_metadata(surface: Any, stamp: str | None) -> None:
    """A fixed creation date (the same SVG gives the same PDF bytes) and the stamp."""
    import cairocffi

    surface.set_metadata(cairocffi.PDF_METADATA_CREATE_DATE, PDF_DATE)
    if stamp:
        surface.set_metadata(cairocffi.PDF_METADATA_KEYWORDS, f"treemind-source {stamp}")


# Elements that put no paint on the page: titles and the description (the whole outline),
# the stamp, and the node boxes Graphviz draws fully transparent around underline/plain
# topics. cairosvg would still parse and visit each (a third of a big map's elements).
_NOT_DRAWN = re.compile(
    rb"<title[^>]*>[^<]*</title>|<desc[^>]*>[^<]*</desc>|<metadata[^>]*/>"
    rb'|<polygon fill="transparent" stroke="transparent"[^>]*/>'
)


def _drawn_only(svg: bytes) -> bytes:
    """The SVG without elements that draw nothing (same pixels, less for cairosvg to walk)."""
    return _NOT_DRAWN.sub(b"", svg)


def _refuse(url: str, resource_type: str | None = None) -> bytes:
    """cairosvg's URL fetcher: inline data: URIs only (the gallery's thumbnails); never a file
    or a network URL."""
    if url.startswith("data:"):
        from cairosvg.url import fetch

        data: bytes = fetch(url, resource_type)
        return data
    raise RenderError(f"the SVG refers to {url[:80]!r}; treemind never fetches files or URLs")


def _with_background(svg: bytes, background: str | None) -> bytes:
    """Repaint (or remove, for "transparent") the background polygon marked by svg.finish."""
    if background is None:
        return svg
    marker = b'id="background"'
    if background == "transparent":
        return re.sub(rb'<polygon[^>]*id="background"[^>]*/>', b"", svg, count=1)
    color = parse_color(background)
    if color is None:
        raise UsageError(f"--background {background!r} is not a colour (use #rrggbb, a name, or transparent)")
    pattern = re.compile(rb'<polygon([^>]*?)fill="[^"]*"([^>]*' + marker + rb")")
    return pattern.sub(
        lambda m: b"<polygon" + m.group(1) + b'fill="' + color.encode() + b'"' + m.group(2), svg, count=1
    )


CAIRO_MAX_SIDE = 32_767  # pixels on a side of an image surface (CAIRO_STATUS_INVALID_SIZE past it)


def _check_pixels(svg: bytes, scale: float, width: int | None, limits: Limits) -> None:
    found = _SIZE.search(svg[:4000])
    if not found:
        return
    w_px = float(found.group(1)) * PX_PER_PT
    h_px = float(found.group(2)) * PX_PER_PT
    factor = (width / w_px) if width else scale
    wide, high = int(w_px * factor), int(h_px * factor)
    if wide * high > limits.max_pixels:
        raise LimitError(
            f"PNG would be {wide:,} x {high:,} pixels, over the limit of"
            f" {limits.max_pixels:,} pixels (lower --scale/--width or raise --limit-pixels)"
        )
    if max(wide, high) > CAIRO_MAX_SIDE:  # cairo's own limit: no flag can raise it
        raise LimitError(
            f"PNG would be {wide:,} x {high:,} pixels; cairo draws at most {CAIRO_MAX_SIDE:,} pixels"
            " on a side (lower --scale/--width, or use SVG or PDF)"
        )
