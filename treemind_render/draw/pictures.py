"""Pictures in topics: a local PNG, JPEG or SVG next to the outline, drawn inside its node.

The rules (SECURITY.md, "Pictures"): a picture is a file inside the outline's folder tree
(`PictureFolder.root`), named by a relative path, with no hidden file or folder on its way and
no symlink out of the root; at most `Limits.max_image` bytes; PNG, JPEG or SVG by its content.
Nothing is ever fetched: a URL is not a picture. The file is decoded (Pillow), bounded in
pixels, scaled down to what the node shows and encoded again, so the SVG carries clean PNG or
JPEG bytes of a size we chose as a data: URI. An SVG picture is sanitised (its elements and
attributes kept from a short list: no script, style sheet imports, links, `<use>`, `<image>`,
filters or foreign elements) and rasterised to PNG with a fetcher that refuses everything.

Anything else (a URL, a path out of the folder, too big, another type, a file that does not
decode) raises `Refused` with the reason; the pipeline then keeps the picture mark and alt
text and says why in a warning.
"""

from __future__ import annotations

import base64
import hashlib
import io
import math
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

MAX_WIDTH = 160.0  # points: the widest picture drawn in a node
MAX_HEIGHT = 120.0  # points: the tallest
PT_PER_PX = 0.75  # a picture's pixel is a CSS pixel, as markmap and browsers show it
DENSITY = 3.0  # pixels kept per point drawn: sharp in a PNG at --scale 2
MAX_PIXELS = 40_000_000  # decoded pixels of one picture file (checked in its header, before decoding)
MAX_SVG_ELEMENTS = 20_000
MAX_SVG_DEPTH = 64
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class Refused(Exception):
    """A picture that is not drawn; the message says why."""


@dataclass(frozen=True)
class PictureFolder:
    """Where an outline's pictures may come from. `base` is the folder a relative name starts
    from (the outline's), `root` the folder the picture must stay inside once symlinks are
    followed (the outline's own folder for `treemind render`, the repository for a fence),
    `archive` the outline itself when it is an XMind zip (for its `xap:` resources).

    The paths are left out of the repr: render options (and so output stamps) must not depend
    on where a checkout lives."""

    base: str = field(repr=False)
    root: str = field(repr=False)
    archive: str | None = field(default=None, repr=False)

    @classmethod
    def beside(cls, outline: str | Path) -> PictureFolder:
        """The pictures of an outline file: inside its own folder tree."""
        path = Path(outline).absolute()
        archive = str(path) if path.suffix.lower() == ".xmind" else None
        return cls(str(path.parent), str(path.parent), archive)


@dataclass(frozen=True)
class Picture:
    """A picture ready to draw: encoded bytes and the size it is drawn at, in points."""

    src: str
    mime: str  # image/png or image/jpeg
    data: bytes
    width: float
    height: float

    def uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def load(src: str, folder: PictureFolder | None, max_bytes: int) -> Picture:
    """The picture `src` names, checked and re-encoded; raises Refused(reason)."""
    data = read(src, folder, max_bytes)
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        return _bitmap(src, data)
    if _looks_like_svg(data):
        return _svg(src, data)
    kind = _kind(data)
    raise Refused(f"{kind}: only PNG, JPEG and SVG pictures are drawn")


def read(src: str, folder: PictureFolder | None, max_bytes: int) -> bytes:
    """The bytes of the file `src` names, if the rules allow it."""
    name = src.strip()
    if not name:
        raise Refused("no file named")
    scheme = _SCHEME.match(name)
    if scheme and len(scheme.group()) > 2:  # not a Windows drive letter either: refused below
        kind = scheme.group()[:-1].lower()
        if kind == "xap" and folder is not None and folder.archive:
            return _resource(name[4:], folder.archive, max_bytes)
        if kind in ("http", "https", "ftp", "ftps"):
            raise Refused("a remote picture is never fetched")
        raise Refused(f"a {kind}: address is not a local file")
    if folder is None:
        raise Refused("the outline has no folder (standard input or a string) to find it in")
    if name.startswith("//"):
        raise Refused("a remote picture is never fetched")
    parts = urlsplit(name)
    path = unquote(parts.path)
    if "\\" in path or "\0" in path or scheme:
        raise Refused("not a relative path")
    if path.startswith("/"):
        raise Refused("an absolute path is never read: name it relative to the outline")
    root = os.path.realpath(folder.root)  # the folders themselves are where the outline is: trusted
    wanted = os.path.normpath(os.path.join(os.path.realpath(folder.base), *PurePosixPath(path).parts))
    _check_inside(wanted, root, "outside the outline's folder")  # `..` out of it, before any look
    real = os.path.realpath(wanted)
    _check_inside(real, root, "a symlink that leaves the outline's folder")
    try:  # the resolved path, not followed again: a link swapped in meanwhile is not opened
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        raise Refused("no such file") from None
    except OSError as exc:
        raise Refused(f"cannot read it ({exc.strerror})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Refused("not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise Refused(f"larger than the limit of {max_bytes:,} bytes (raise it with --limit-image)")
    return data


def stamp_with_pictures(
    stamp: str, srcs: Iterable[str | None], folder: PictureFolder | None, max_bytes: int
) -> str:
    """`stamp` changed by the picture files an outline names, as the rules let them be read (a
    refused one counts by its reason), so an output goes stale when one of its pictures changes.
    An outline without pictures keeps its stamp."""
    names = dict.fromkeys(src for src in srcs if src)
    if not names:
        return stamp
    h = hashlib.sha256(stamp.encode("ascii"))
    for src in names:
        try:
            found = b"ok " + hashlib.sha256(read(src, folder, max_bytes)).hexdigest().encode("ascii")
        except Refused as exc:
            found = b"refused " + str(exc).encode("utf-8", "surrogatepass")
        h.update(b"\0" + src.encode("utf-8", "surrogatepass") + b"\0" + found)
    return h.hexdigest()


def may_name_pictures(data: bytes, name: str) -> bool:
    """Whether an input could name a picture at all (cheap, before parsing): Markdown images,
    HTML <img> (escaped in OPML, maybe \\u003c in JSON), Freeplane image nodes, any XMind zip."""
    if name.lower().endswith(".xmind") or data[:4] == b"PK\x03\x04":
        return True
    return any(mark in data for mark in (b"![", b"<img", b"&lt;img", b"u003cimg", b"ExternalObject"))


def _check_inside(path: str, root: str, reason: str) -> None:
    """`path` is `root` or below it, and nothing below `root` on its way is hidden."""
    try:
        relative = os.path.relpath(path, root)
    except ValueError:  # another drive
        raise Refused(reason) from None
    parts = Path(relative).parts
    if relative == "." or parts[0] == "..":
        raise Refused(reason)
    if any(p.startswith(".") for p in parts):
        raise Refused("in a hidden file or folder, which treemind never reads")


def _resource(member: str, archive: str, max_bytes: int) -> bytes:
    """A picture stored in the XMind zip the outline came from (`xap:resources/...`)."""
    import zipfile  # only XMind pictures need it: not on every render's start-up path

    name = member.lstrip("/")
    try:
        with zipfile.ZipFile(archive) as zipped:
            info = zipped.getinfo(name)
            if info.flag_bits & 0x1:
                raise Refused("an encrypted zip member")
            if info.file_size > max_bytes:
                raise Refused(f"larger than the limit of {max_bytes:,} bytes (raise it with --limit-image)")
            with zipped.open(info) as handle:
                data = handle.read(max_bytes + 1)
    except KeyError:
        raise Refused("no such resource in the .xmind file") from None
    except (OSError, zipfile.BadZipFile, NotImplementedError) as exc:
        raise Refused(f"cannot read it from the .xmind file ({exc})") from None
    if len(data) > max_bytes:
        raise Refused(f"larger than the limit of {max_bytes:,} bytes (raise it with --limit-image)")
    return data


def _kind(data: bytes) -> str:
    for magic, name in (
        (b"GIF8", "a GIF"),
        (b"RIFF", "a RIFF (WebP?) file"),
        (b"BM", "a BMP"),
        (b"%PDF", "a PDF"),
        (b"\x00\x00\x01\x00", "an icon"),
    ):
        if data.startswith(magic):
            return name
    return "not a picture treemind knows"


def drawn_size(width_px: float, height_px: float) -> tuple[float, float]:
    """Points a picture of this many (CSS) pixels is drawn at: its own size, capped."""
    w, h = width_px * PT_PER_PX, height_px * PT_PER_PX
    factor = min(1.0, MAX_WIDTH / w, MAX_HEIGHT / h)
    return round(max(1.0, w * factor), 2), round(max(1.0, h * factor), 2)


def _bitmap(src: str, data: bytes) -> Picture:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data), formats=["PNG", "JPEG"]) as opened:
            width, height = opened.size  # from the header, before anything is decoded
            if width < 1 or height < 1:
                raise Refused("a picture of no pixels")
            if width * height > MAX_PIXELS:
                raise Refused(f"{width:,} x {height:,} pixels, over the limit of {MAX_PIXELS:,}")
            kind = opened.format
            opened.load()  # a truncated or corrupt file fails here
            image = ImageOps.exif_transpose(opened) if kind == "JPEG" else opened.copy()
    except Refused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise Refused(f"the file does not decode ({exc})") from None
    w_pt, h_pt = drawn_size(*image.size)
    keep = (max(1, math.ceil(w_pt * DENSITY)), max(1, math.ceil(h_pt * DENSITY)))
    out = io.BytesIO()
    try:
        if keep[0] < image.size[0]:
            image = image.resize(keep, Image.Resampling.LANCZOS)
        if kind == "JPEG":
            image.convert("RGB").save(out, "JPEG", quality=90)
            return Picture(src, "image/jpeg", out.getvalue(), w_pt, h_pt)
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, "PNG")  # no text chunks, no metadata: pixels only
    except (OSError, ValueError) as exc:  # a mode Pillow cannot scale or write
        raise Refused(f"cannot encode it again ({exc})") from None
    return Picture(src, "image/png", out.getvalue(), w_pt, h_pt)


# --- SVG pictures --------------------------------------------------------------------------------

_SVG_NS = "http://www.w3.org/2000/svg"
# Elements that only draw shapes and paint; anything else (script, style sheets with imports,
# foreignObject, use, image, feImage, pattern, a, animate...) goes, with everything inside it.
_SVG_ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline",
    "polygon", "text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath", "mask",
    "symbol", "style",
}  # fmt: skip
_SVG_ATTRS = {
    "id", "class", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy",
    "width", "height", "points", "viewBox", "preserveAspectRatio", "transform", "fill",
    "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "opacity",
    "clip-path", "clip-rule", "mask", "offset", "stop-color", "stop-opacity", "gradientUnits",
    "gradientTransform", "spreadMethod", "clipPathUnits", "maskUnits", "maskContentUnits",
    "font-family", "font-size", "font-weight", "font-style", "text-anchor", "dx", "dy",
    "display", "visibility", "color", "style", "version", "dominant-baseline",
}  # fmt: skip
_LOCAL_URL = re.compile(r"url\(\s*#[A-Za-z0-9_.:-]+\s*\)")
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in)?\s*$", re.I)
_UNIT = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}


def _looks_like_svg(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and b"<svg" in data[:65536]


def _safe_css(text: str) -> bool:
    """CSS that can fetch nothing: no url() but #references, no @import or other at-rules,
    no escapes that could spell them."""
    lowered = text.lower()
    if "@" in text or "\\" in text or "expression" in lowered or "<" in text:
        return False
    return all(_LOCAL_URL.match(text, m.start()) for m in re.finditer(r"url\(", lowered))


def sanitise_svg(data: bytes) -> bytes:
    """The SVG with only drawing elements and attributes left (see _SVG_ELEMENTS); raises
    Refused when it is not a well-formed SVG, has a DTD, or is too big to draw."""
    import xml.etree.ElementTree as ET

    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True)
    except Exception as exc:  # defusedxml and expat raise several kinds
        raise Refused(f"not a well-formed SVG ({type(exc).__name__})") from None
    q = f"{{{_SVG_NS}}}"
    if root.tag != f"{q}svg":
        raise Refused("not an SVG document")
    count = 0
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        count += 1
        if count > MAX_SVG_ELEMENTS:
            raise Refused(f"an SVG of more than {MAX_SVG_ELEMENTS:,} elements")
        if depth > MAX_SVG_DEPTH:  # serialising and drawing recurse: bounded here
            raise Refused(f"an SVG nested more than {MAX_SVG_DEPTH} elements deep")
        for child in list(element):
            tag = child.tag if isinstance(child.tag, str) else ""
            name = tag[len(q) :] if tag.startswith(q) else None
            if name not in _SVG_ELEMENTS or (name == "style" and not _safe_css(child.text or "")):
                element.remove(child)
            else:
                stack.append((child, depth + 1))
        for key in list(element.attrib):
            value = element.attrib[key]
            if (
                key not in _SVG_ATTRS
                or ("url(" in value.lower() and not all(_local_urls(value)))
                or (key == "style" and not _safe_css(value))
            ):
                del element.attrib[key]
    ET.register_namespace("", _SVG_NS)
    return ET.tostring(root, encoding="utf-8")


def _local_urls(value: str) -> list[bool]:
    lowered = value.lower()
    return [bool(_LOCAL_URL.match(value, m.start())) for m in re.finditer(r"url\(", lowered)]


def _svg_size(data: bytes) -> tuple[float, float, str | None]:
    """(width, height) in CSS pixels from the root's width/height, else its viewBox; and the
    viewBox to draw with."""
    head = re.search(rb"<svg\b[^>]*>", data[:65536], re.S)
    text = head.group().decode("utf-8", "replace") if head else ""
    attrs = dict(re.findall(r'([A-Za-z:-]+)\s*=\s*["\']([^"\']*)["\']', text))
    box = attrs.get("viewBox")
    numbers = [float(n) for n in re.findall(r"-?[0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?", box or "")]
    view = numbers if len(numbers) == 4 and numbers[2] > 0 and numbers[3] > 0 else None

    def length(key: str) -> float | None:
        found = _LENGTH.match(attrs.get(key, ""))
        return float(found.group(1)) * _UNIT[(found.group(2) or "px").lower()] if found else None

    w, h = length("width"), length("height")
    if w and h:
        return w, h, box if view else f"0 0 {w:g} {h:g}"
    if view:
        vw, vh = view[2], view[3]
        if w:
            return w, w * vh / vw, box
        if h:
            return h * vw / vh, h, box
        return vw, vh, box
    return 96.0, 96.0, None


def _svg(src: str, data: bytes) -> Picture:
    clean = sanitise_svg(data)
    width, height, box = _svg_size(clean)
    if not (width > 0 and height > 0) or not math.isfinite(width * height):
        raise Refused("an SVG of no size")
    w_pt, h_pt = drawn_size(width, height)
    from cairosvg.parser import Tree
    from cairosvg.surface import PNGSurface

    def fetch_nothing(url: str, resource_type: str | None = None) -> bytes:
        raise Refused(f"the SVG refers to {url[:60]!r}; nothing is fetched")

    out = io.BytesIO()
    try:
        tree = Tree(bytestring=_with_view_box(clean, box), unsafe=False, url_fetcher=fetch_nothing)
        size = {
            "output_width": max(1, math.ceil(w_pt * DENSITY)),
            "output_height": max(1, math.ceil(h_pt * DENSITY)),
        }
        PNGSurface(tree, out, 96, **size).finish()
        png = out.getvalue()
    except Refused:
        raise
    except Exception as exc:  # cairosvg raises many kinds; all mean "could not draw"
        raise Refused(f"the SVG does not draw ({type(exc).__name__})") from None
    return Picture(src, "image/png", png, w_pt, h_pt)


def _with_view_box(svg: bytes, box: str | None) -> bytes:
    """An SVG with a viewBox (so it scales to the size asked for) and no size of its own."""
    if box is None or b"viewBox=" in svg[:4096]:
        return svg
    return re.sub(rb"<svg\b", b'<svg viewBox="' + box.encode() + b'"', svg, count=1)
