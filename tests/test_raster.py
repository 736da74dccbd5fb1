"""PNG/PDF draw what stock cairosvg draws outside the text; text is shaped by Pango (emoji
sequences, Arabic, Hebrew, Devanagari) and colour emoji stay in colour."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter

from treemind_render.draw import png_encode
from treemind_render.draw.raster import rasterise

ROOT = Path(__file__).resolve().parent.parent


def stock_png(svg: bytes, scale: float) -> Image.Image:
    """cairosvg as it comes: its letter-by-letter text and cairo's own PNG writer."""
    from cairosvg.parser import Tree
    from cairosvg.surface import PNGSurface

    out = io.BytesIO()
    PNGSurface(Tree(bytestring=svg, unsafe=False), out, 96, scale=scale).finish()
    return Image.open(out).convert("RGBA")


def same_pixels(ours: bytes, reference: Image.Image) -> None:
    with Image.open(io.BytesIO(ours)) as image:
        assert image.size == reference.size
        difference = ImageChops.difference(image.convert("RGBA"), reference)
    # every channel: an RGBA image's own getbbox() looks at alpha only, blind to colour changes
    boxes = [channel.getbbox() for channel in difference.split()]
    assert boxes == [None] * 4, f"pixels differ from stock cairosvg inside {boxes}"


_TEXT = re.compile(rb"<text\b.*?</text>", re.S)


def ink(image: Image.Image, blank: Image.Image) -> Image.Image:
    """A mask of where `image` differs from `blank` (the same picture without its text)."""
    difference = ImageChops.difference(image.convert("RGB"), blank.convert("RGB")).convert("L")
    return difference.point(lambda v: 255 if v > 60 else 0)


@pytest.mark.graphviz
@pytest.mark.fonts
@pytest.mark.parametrize(
    ("source", "args", "scale"),
    [
        ("examples/launch-plan.md", [], 1.0),  # bold roots, underlined topics, links
        ("examples/新媒体运营.md", ["-l", "left"], 0.6),  # CJK, right-aligned runs, odd scale
        ("examples/launch-plan.md", ["-l", "radial"], 1.0),
    ],
)
def test_png_equals_stock_cairosvg_outside_the_text(
    cli, tmp_path: Path, source: str, args: list[str], scale: float
):
    """Without its text, the map's PNG equals stock cairosvg's pixel for pixel (dropped
    non-drawing elements, the PNG writer); the text is shaped by Pango, so its pixels differ
    from cairosvg's letter-by-letter text, but it lands in the same places (the anchors)."""
    svg_path = tmp_path / "map.svg"
    assert cli(["render", ROOT / source, "-o", svg_path, *args]).code == 0
    svg = svg_path.read_bytes()
    bare = _TEXT.sub(b"", svg)
    assert bare != svg
    same_pixels(rasterise(bare, "png", scale=scale), stock_png(bare, scale))
    blank = stock_png(bare, scale)
    with Image.open(io.BytesIO(rasterise(svg, "png", scale=scale))) as ours:
        ours_ink = ink(ours, blank).filter(ImageFilter.MaxFilter(5))
    stock_ink = ink(stock_png(svg, scale), blank).filter(ImageFilter.MaxFilter(5))
    both = ImageChops.logical_and(ours_ink.convert("1"), stock_ink.convert("1")).histogram()[-1]
    either = ImageChops.logical_or(ours_ink.convert("1"), stock_ink.convert("1")).histogram()[-1]
    assert either > 1000 and both / either > 0.8, both / either


SHAPES = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120pt" height="60pt" viewBox="0 0 120 60">'
    b'<rect x="10" y="10" width="50" height="30" fill="#2ea7e0" fill-opacity="0.5"/>'
    b'<text x="20" y="30" font-family="Noto Sans" font-size="12" rotate="0 20">rot</text>'
    b'<text x="60" y="50" font-family="Noto Sans" font-size="12" letter-spacing="2">wide</text>'
    b"</svg>"
)


@pytest.mark.fonts
def test_see_through_pixels_and_other_text_match_stock():
    """Half-transparent pixels are unpremultiplied as cairo does (a few: here; many: cairo's own
    writer); text with rotate or letter-spacing goes to cairosvg's own drawer."""
    same_pixels(rasterise(SHAPES, "png", scale=2), stock_png(SHAPES, 2))
    opaque = SHAPES.replace(
        b'viewBox="0 0 120 60">', b'viewBox="0 0 120 60"><rect width="120" height="60" fill="#fff"/>'
    )
    ours = rasterise(opaque, "png", scale=1.5)
    with Image.open(io.BytesIO(ours)) as image:
        assert image.mode == "RGB"  # every pixel opaque: no alpha channel written
    same_pixels(ours, stock_png(opaque, 1.5))


def test_encoder_hands_mostly_transparent_pictures_to_cairo():
    import cairocffi

    image = cairocffi.ImageSurface(cairocffi.FORMAT_ARGB32, 50, 20)
    assert png_encode.encode(image) is None


EMOJI_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200pt" height="60pt" viewBox="0 0 200 60">'
    '<rect width="200" height="60" fill="#ffffff"/>'
    '<text x="10" y="40" font-family="Noto Sans" font-size="24" fill="#000000">Go '
    '<tspan font-family="Noto Color Emoji">🚀</tspan></text></svg>'
).encode()


def coloured_share(image: Image.Image) -> float:
    """Share of pixels that are clearly coloured (not grey): a black glyph or tofu box has none."""
    rgb = image.convert("RGB")
    counts = rgb.getcolors(rgb.width * rgb.height) or []
    coloured = sum(n for n, p in counts if max(p) - min(p) > 80)
    return coloured / (rgb.width * rgb.height)


@pytest.mark.fonts
def test_colour_emoji_in_png():
    """The run the SVG gives to Noto Color Emoji is drawn from its colour bitmaps."""
    png = rasterise(EMOJI_SVG, "png", scale=2)
    with Image.open(io.BytesIO(png)) as image:
        assert coloured_share(image) > 0.005  # the rocket: ~1.4% of this picture
    plain = rasterise(EMOJI_SVG.replace("🚀".encode(), b"go"), "png", scale=2)
    with Image.open(io.BytesIO(plain)) as image:
        assert coloured_share(image) == 0  # the same label without the emoji: no colour at all


@pytest.mark.fonts
def test_colour_emoji_in_pdf():
    """In PDF, colour glyphs are placed as images (a monochrome font would have none)."""
    pdf = rasterise(EMOJI_SVG, "pdf")
    assert b"/Subtype /Image" in pdf
    plain = rasterise(EMOJI_SVG.replace("🚀".encode(), b"go"), "pdf")
    assert b"/Subtype /Image" not in plain


@pytest.mark.graphviz
@pytest.mark.fonts
def test_colour_emoji_through_the_cli(cli, tmp_path: Path):
    """The user's path: an outline with emoji, rendered to PNG and PDF, keeps them in colour
    (the SVG's per-run fonts name Noto Color Emoji; Pango draws its bitmaps). The reference is
    the same SVG with the emoji taken out: same boxes, no emoji."""
    src = tmp_path / "emoji.md"
    src.write_text("# Launch 🚀 plan\n## Done ✅\n", encoding="utf-8")
    svg, png, pdf = (tmp_path / f"emoji.{fmt}" for fmt in ("svg", "png", "pdf"))
    for out in (svg, png, pdf):
        assert cli(["render", src, "-o", out, "--no-cache"]).code == 0
    assert b"Noto Color Emoji" in svg.read_bytes()
    grey = rasterise(svg.read_bytes().replace("🚀".encode(), b"").replace("✅".encode(), b""), "png")
    with Image.open(png) as with_emoji, Image.open(io.BytesIO(grey)) as without:
        assert with_emoji.size == without.size
        changed = ImageChops.difference(with_emoji.convert("RGB"), without.convert("RGB")).convert("L")
        mask = changed.point(lambda v: 255 if v > 40 else 0)
        only = Image.composite(with_emoji.convert("RGB"), Image.new("RGB", mask.size, "white"), mask)
        assert coloured_share(only) * only.width * only.height > 150  # the emoji's own pixels
    assert b"/Subtype /Image" in pdf.read_bytes()


# --- draw/paint.py: our SVG painted straight onto cairo -----------------------------------------


def through_cairosvg(svg: bytes, fmt: str = "png", scale: float = 1.0) -> bytes:
    """The fallback path: cairosvg walks the SVG, Pango draws its text."""
    from treemind_render.draw import raster

    return raster._through_cairosvg(raster._drawn_only(svg), fmt, scale, None, None)


def painted(svg: bytes, fmt: str = "png", scale: float = 1.0) -> bytes:
    from treemind_render.draw import raster

    data = raster._painted(raster._drawn_only(svg), fmt, scale, None, None)
    assert data is not None, "paint.py handed this SVG to cairosvg"
    return data


@pytest.mark.graphviz
@pytest.mark.fonts
@pytest.mark.parametrize(
    ("source", "args", "scale"),
    [
        ("examples/launch-plan.md", ["-t", "business"], 1.0),  # links, code chips, marks
        ("examples/新媒体运营.md", ["-l", "down"], 0.6),  # CJK, odd scale
        ("tests/fixtures/crosslinks/bow.mm", ["-l", "down"], 1.0),  # dashed cross-links
        ("tests/corpus/files/mermaid/ashish2-01.mmd", ["-l", "radial"], 1.0),  # ellipses, clouds
    ],
)
def test_painter_draws_what_cairosvg_draws(cli, tmp_path: Path, source: str, args: list[str], scale: float):
    """paint.py and cairosvg (both with Pango text) give the very same pixels on real maps."""
    svg_path = tmp_path / "map.svg"
    assert cli(["render", ROOT / source, "-o", svg_path, *args]).code == 0
    svg = svg_path.read_bytes()
    same_pixels(
        painted(svg, scale=scale), Image.open(io.BytesIO(through_cairosvg(svg, scale=scale))).convert("RGBA")
    )


@pytest.mark.graphviz
@pytest.mark.fonts
def test_painter_draws_topic_pictures_as_cairosvg(cli, tmp_path: Path):
    """A topic's local picture (inlined as a data: URI by the pipeline) is painted, not handed
    to cairosvg, on the same pixels."""
    photo = Image.new("RGB", (120, 60), "#336699")
    photo.paste((250, 200, 0), (0, 0, 60, 30))
    (tmp_path / "img").mkdir()
    photo.save(tmp_path / "img" / "photo.jpg")
    src = tmp_path / "trip.md"
    src.write_text("# Trip\n- ![The beach](img/photo.jpg)\n  - Swim\n- Day 2\n", encoding="utf-8")
    assert cli(["render", src, "-o", tmp_path / "trip.svg"]).code == 0
    svg = (tmp_path / "trip.svg").read_bytes()
    assert b"<image " in svg
    same_pixels(painted(svg), Image.open(io.BytesIO(through_cairosvg(svg))).convert("RGBA"))


PICTURES = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="150pt"'
    ' height="75pt" viewBox="0 0 200 100"><rect width="200" height="100" fill="#fff"/>'
    '<g transform="translate(10 5) scale(1.5)" opacity="0.8"><ellipse cx="20" cy="20" rx="15" ry="8"'
    ' fill="#c92a42" stroke="#000" stroke-width="2" stroke-dasharray="3,2"/>'
    '<polyline points="0,40 30,50 60,40" fill="none" stroke="#1971c2" stroke-width="3"/>'
    '<path d="M70,10 Q90,0 110,10 T150,10 L150,40 H70 Z" fill="#2ea7e0" fill-opacity="0.5"/></g>'
    '<image x="120" y="50" width="70" height="40" xlink:href="data:image/png;base64,{png}"/>'
    '<image x="10" y="60" width="40" height="40" preserveAspectRatio="xMinYMin meet"'
    ' href="data:image/jpeg;base64,{jpeg}"/></svg>'
)


def picture(fmt: str) -> str:
    image = Image.new("RGB", (30, 20), "#336699")
    image.paste((250, 200, 0), (0, 0, 15, 10))
    out = io.BytesIO()
    image.save(out, fmt)
    return base64.b64encode(out.getvalue()).decode()


def test_painter_draws_shapes_and_pictures_as_cairosvg():
    """Transforms, group opacity, dashes, quadratic and shorthand curves, PNG and JPEG data:
    URIs (another developer's pictures inside nodes) and their aspect ratio: same pixels."""
    svg = PICTURES.format(png=picture("png"), jpeg=picture("jpeg")).encode()
    for scale in (1.0, 2.0):
        same_pixels(painted(svg, scale=scale), stock_png(svg, scale))


def test_painter_hands_the_unknown_to_cairosvg():
    """An SVG outside the subset (a gradient, a CSS rule, an SVG picture) is drawn by cairosvg,
    as it was before the painter, and still looks as cairosvg draws it."""
    from treemind_render.draw import raster

    defs = b'<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>'
    gradient = SHAPES.replace(b'<rect x="10"', defs + b'<rect x="10"')
    styled = SHAPES.replace(b'<rect x="10"', b'<style>rect{fill:red}</style><rect x="10"')
    nested = PICTURES.replace("data:image/png;base64,{png}", "data:image/svg+xml;base64,{svg}").format(
        svg=base64.b64encode(EMOJI_SVG).decode(), jpeg=picture("jpeg")
    )
    for svg in (gradient, styled, nested.encode()):
        assert raster._painted(raster._drawn_only(svg), "png", 1.0, None, None) is None
        assert rasterise(svg, "png") == through_cairosvg(svg)


def test_painter_never_fetches():
    from treemind_render.errors import RenderError

    for href in ("file:///etc/passwd", "https://example.org/a.png", "a.png"):
        svg = PICTURES.replace("data:image/png;base64,{png}", href).format(jpeg=picture("jpeg")).encode()
        with pytest.raises(RenderError, match="never fetches"):
            rasterise(svg, "png")


@pytest.mark.fonts
def test_painted_pdf_is_deterministic_and_stamped():
    first = rasterise(EMOJI_SVG, "pdf", stamp="abc123")
    assert first == rasterise(EMOJI_SVG, "pdf", stamp="abc123")
    assert b"treemind-source abc123" in first and b"20000101000000Z)" in first


def pdf_links(pdf: bytes) -> list[str]:
    import pypdf

    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    return [str(a.get_object()["/A"]["/URI"]) for a in page.get("/Annots") or []]


LINKED = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="150pt" height="75pt" viewBox="0 0 200 100">'
    '<a href="{href}"><rect x="10" y="10" width="80" height="30" fill="#1971c2"/></a></svg>'
)


def test_pdf_links_are_clickable():
    """A topic's link (an <a> round its group) becomes a link annotation over it in the PDF;
    a link svg.py's rules would refuse, or a relative one, does not."""
    assert pdf_links(rasterise(LINKED.format(href="https://example.org/a?b='c'").encode(), "pdf")) == [
        "https://example.org/a?b='c'"
    ]
    assert pdf_links(rasterise(LINKED.format(href="mailto:me@example.org").encode(), "pdf")) == [
        "mailto:me@example.org"
    ]
    for refused in ("javascript:alert(1)", "docs/a.md", "//evil.example/x"):
        assert pdf_links(rasterise(LINKED.format(href=refused).encode(), "pdf")) == []
    assert rasterise(LINKED.format(href="https://example.org").encode(), "png") == rasterise(
        LINKED.format(href="docs/a.md").encode(), "png"
    )
