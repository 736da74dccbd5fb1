"""Source stamps: a hash of (input, options, theme files, output format) recorded in each output.

`--check` and the cache compare stamps, not bytes, so a different Graphviz or cairo version
that draws slightly different bytes does not make every image look stale.
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
OUTPUT_FORMAT = 1

STAMPED = ("svg", "png", "pdf", "json", "dot", "html")  # outline formats (md, opml) are compared as bytes
_SVG = re.compile(rb'<metadata id="treemind-source" data-hash="([0-9a-f]{64})"')
_JSON = re.compile(rb'"source_hash": "([0-9a-f]{64})"')
_DOT = re.compile(rb"^// treemind-source ([0-9a-f]{64})", re.M)
_PDF = re.compile(rb"treemind-source ([0-9a-f]{64})")
_HTML = re.compile(rb'<meta name="treemind-source" content="([0-9a-f]{64})">')
_PNG_KEY = b"treemind-source"


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
    body = b"tEXt" + _PNG_KEY + b"\0" + stamp.encode()
    chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", binascii.crc32(body))
    return png[:-12] + chunk + png[-12:]


def read_stamp(fmt: str, path: Path) -> str | None:
    """The stamp recorded in an output file, or None when there is none (or no file)."""
    if not path.is_file():  # missing, or a FIFO or device that a read would block on
        return None
    try:
        with path.open("rb") as handle:
            # a PDF's Info dict sits before its xref table; an SVG's stamp after its <title>
            size = 65536 if fmt in ("pdf", "svg") else 4096
            if fmt in ("png", "pdf"):
                handle.seek(0, 2)
                handle.seek(max(0, handle.tell() - size))
            data = handle.read(size)
    except OSError:
        return None
    if fmt == "png":
        marker = b"tEXt" + _PNG_KEY + b"\0"
        at = data.rfind(marker)
        return data[at + len(marker) : at + len(marker) + 64].decode() if at >= 0 else None
    pattern = {"svg": _SVG, "json": _JSON, "dot": _DOT, "pdf": _PDF, "html": _HTML}.get(fmt)
    found = pattern.search(data) if pattern else None
    return found.group(1).decode() if found else None
