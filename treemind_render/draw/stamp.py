"""Source stamps: a hash of (input, options, theme files, output format) recorded in each output.

`--check` and the cache compare stamps, not bytes, so a different Graphviz or cairo version
that draws slightly different bytes does not make every image look stale. The committed files
are not trusted (a pull request can replace any of them), so a stamp counts only where treemind
writes it, and an SVG that the last SVG pass (svg.allow_only_our_markup) would change has none:
a copied stamp beside a `<script>` or in a comment makes nothing current. `--check --verify`
re-renders and compares bytes, for what a stamp cannot prove (the pixels of a PNG).
"""

from __future__ import annotations

import binascii
import hashlib
import json
import re
import struct
from collections.abc import Mapping
from pathlib import Path

from ..style.themes import load_theme, themes_dir
from .schemes import AUTO

# What the drawings look like, as a number: bump it when treemind draws an outline differently
# (layout, shapes, SVG structure), at the latest in the release that ships it, and only then.
# Images stamped with another number are stale; a release that draws the same leaves every
# committed image current. tests/test_stamp_format.py keeps the fingerprint of the drawings this
# number stands for and fails a release that draws differently under the same number.
OUTPUT_FORMAT = 3

STAMPED = ("svg", "png", "pdf", "json", "dot", "html")  # outline formats (md, opml) are compared as bytes
_HASH = re.compile(r"[0-9a-f]{64}")
_DOT = re.compile(rb"\A[^\n]*\n// treemind-source ([0-9a-f]{64})\n")
_PDF = re.compile(rb"/Keywords \(treemind-source ([0-9a-f]{64})\)")
# PDF actions that run or open something: treemind's PDFs (cairo's) have none of these
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|OpenAction|AA|Launch|EmbeddedFile|RichMedia|XFA|SubmitForm)\b")
_JSON = re.compile(rb'\A\{\s*"source_hash": "([0-9a-f]{64})",')
_HTML = re.compile(rb'<meta name="treemind-source" content="([0-9a-f]{64})">')
_PNG_KEY = b"treemind-source"
MAX_READ = 256 * 2**20  # bytes of an output read to find its stamp; a larger file is never current


def digest(data: bytes, settings: Mapping[str, object], theme_file: str | None) -> str:
    """The stamp of one input rendered with these settings."""
    h = hashlib.sha256()
    h.update(f"treemind-render output format {OUTPUT_FORMAT}\n".encode())
    h.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for path in sorted(themes_dir().glob("*.yaml")):  # an outline may name any built-in theme
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    if (
        theme_file and theme_file != AUTO
    ):  # the merged theme, so a change anywhere in its `extends` chain counts
        h.update(json.dumps(load_theme(theme_file).data, sort_keys=True, default=str).encode())
    h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


def add_png_stamp(png: bytes, stamp: str) -> bytes:
    """Insert a tEXt chunk just before IEND (the last 12 bytes of a PNG)."""
    return png[:-12] + _png_chunk(stamp) + png[-12:]


def _png_chunk(stamp: str) -> bytes:
    body = b"tEXt" + _PNG_KEY + b"\0" + stamp.encode()
    return struct.pack(">I", len(body) - 4) + body + struct.pack(">I", binascii.crc32(body))


def read_stamp(fmt: str, path: Path) -> str | None:
    """The stamp recorded in an output file where treemind records it, or None (no stamp, no
    file, a stamp anywhere else, or an SVG with markup treemind never writes)."""
    if fmt not in STAMPED or not path.is_file():  # missing, or a FIFO or device that would block
        return None
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_READ + 1)
    except OSError:
        return None
    if len(data) > MAX_READ:
        return None
    readers = {
        "svg": _svg_stamp,
        "png": _png_stamp,
        "pdf": _pdf_stamp,
        "json": _json_stamp,
        "dot": _dot_stamp,
    }
    found = readers.get(fmt, _html_stamp)(data)
    return found if found and _HASH.fullmatch(found) else None


def _svg_stamp(data: bytes) -> str | None:
    """The `data-hash` of the root's `<metadata id="treemind-source">`, if the file is an SVG
    that the last SVG pass leaves as it is."""
    from defusedxml.ElementTree import fromstring

    from .svg import SVG_NS, allow_only_our_markup

    try:
        root = fromstring(data)  # comments are dropped: a stamp in one is no stamp
    except Exception:  # defusedxml and expat raise several kinds; all mean "not ours"
        return None
    if root.tag != f"{{{SVG_NS}}}svg":
        return None
    marks = [
        child.get("data-hash")
        for child in root
        if child.tag == f"{{{SVG_NS}}}metadata" and child.get("id") == "treemind-source"
    ]
    if len(marks) != 1 or allow_only_our_markup(root):
        return None
    return marks[0]


def _png_stamp(data: bytes) -> str | None:
    """The tEXt chunk add_png_stamp puts just before IEND, and nowhere else."""
    size = len(_png_chunk("0" * 64))
    if len(data) < size + 12 or data[-12:] != b"\x00\x00\x00\x00IEND\xaeB`\x82":
        return None
    stamp = data[-12 - size + 8 + len(_PNG_KEY) + 1 : -12 - 4].decode("ascii", "replace")
    return stamp if data[-12 - size : -12] == _png_chunk(stamp) else None


def _pdf_stamp(data: bytes) -> str | None:
    if _PDF_ACTIVE.search(data):
        return None
    found = _PDF.findall(data[-65536:])
    return found[-1].decode() if len(found) == 1 else None


def _json_stamp(data: bytes) -> str | None:
    """The `source_hash` treemind writes as the document's first key (never parsed whole: an
    outline named like an output may be nested far too deep for json.loads)."""
    found = _JSON.match(data)
    return found.group(1).decode() if found else None


def _html_stamp(data: bytes) -> str | None:
    """The one `<meta name="treemind-source">`, in the page's <head> (draw/html.py). A page runs
    its own script, so only --verify shows that the rest is treemind's."""
    head = data[: data.find(b"</head>")] if b"</head>" in data else b""
    found = _HTML.findall(head)
    return found[0].decode() if len(found) == 1 and data.count(b'name="treemind-source"') == 1 else None


def _dot_stamp(data: bytes) -> str | None:
    found = _DOT.match(data)
    return found.group(1).decode() if found else None
