"""Font resolution through fontconfig and real glyph metrics through fontTools."""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import struct
import subprocess
from array import array
from dataclasses import dataclass
from pathlib import Path

GENERIC = {"sans-serif", "serif", "monospace", "sans", "mono", "cursive", "fantasy"}


@dataclass(frozen=True)
class FontFile:
    family: str  # the family name fontconfig reports (what SVG viewers and Graphviz get)
    path: str
    index: int


@functools.lru_cache(maxsize=256)
def match(family: str, bold: bool = False, italic: bool = False) -> FontFile | None:
    """The font file fontconfig picks for a family, or None when the family is not installed.

    fontconfig always answers with *some* font; a named family only counts when the answer
    is that family, while a generic name (sans-serif) takes whatever it resolves to.
    """
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    pattern = family + (":weight=bold" if bold else "") + (":slant=italic" if italic else "")
    try:
        out = subprocess.run(
            [fc_match, "-f", "%{family}\t%{file}\t%{index}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.split("\t")
    if len(parts) != 3 or not parts[1]:
        return None
    names = [n.strip() for n in parts[0].split(",")]
    if family.lower() not in GENERIC and family.lower() not in (n.lower() for n in names):
        return None
    return FontFile(names[0], parts[1], int(parts[2] or 0))


class Metrics:
    """Advance widths (in em) and vertical extent of one font file.

    Reading a CJK font's tables takes a few hundred milliseconds, so the numbers are kept in
    a small binary cache file per font (plain arrays, no pickle), keyed by path, size and mtime.
    """

    def __init__(self, font: FontFile) -> None:
        cached = _read_cache(font)
        if cached is None:
            cached = _read_font(font)
            _write_cache(font, cached)
        codepoints, advances, upm, self.extent = cached
        pairs = zip(codepoints, advances, strict=True)
        self.advances: dict[int, float] = {cp: adv / upm for cp, adv in pairs}

    def covers(self, char: str) -> bool:
        return ord(char) in self.advances

    def width(self, text: str) -> float:
        """Width of `text` in em; unknown characters count as one em (never under-measure)."""
        return sum(self.advances.get(ord(c), 1.0) for c in text)


_Table = tuple[array, array, int, float]
_HEADER = struct.Struct("<4sIIf")  # magic, upm, count, extent


def _read_font(font: FontFile) -> _Table:
    from fontTools.ttLib import TTFont  # heavy: imported only on a cache miss

    tt = TTFont(font.path, fontNumber=font.index, lazy=True)
    try:
        upm = tt["head"].unitsPerEm
        cmap = tt.getBestCmap() or {}
        hmtx = tt["hmtx"].metrics
        pairs = sorted((cp, hmtx[name][0]) for cp, name in cmap.items() if name in hmtx)
        hhea = tt["hhea"]
        extent = (hhea.ascent - hhea.descent) / upm  # the line box cairo and Pango use
    finally:
        tt.close()
    return array("I", (p[0] for p in pairs)), array("I", (p[1] for p in pairs)), upm, extent


def _cache_file(font: FontFile) -> Path | None:
    try:
        stat = os.stat(font.path)
    except OSError:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    key = f"{font.path}|{font.index}|{stat.st_size}|{stat.st_mtime_ns}|1"
    return Path(base) / "treemind-render" / "fonts" / (hashlib.sha256(key.encode()).hexdigest()[:24] + ".bin")


def _read_cache(font: FontFile) -> _Table | None:
    path = _cache_file(font)
    try:
        data = path.read_bytes() if path else b""
        magic, upm, count, extent = _HEADER.unpack_from(data)
    except (OSError, struct.error):
        return None
    size = array("I").itemsize * count
    if magic != b"TMF1" or upm <= 0 or len(data) != _HEADER.size + 2 * size:
        return None
    codepoints, advances = array("I"), array("I")
    codepoints.frombytes(data[_HEADER.size : _HEADER.size + size])
    advances.frombytes(data[_HEADER.size + size :])
    return codepoints, advances, upm, extent


def _write_cache(font: FontFile, table: _Table) -> None:
    path = _cache_file(font)
    if path is None:
        return
    codepoints, advances, upm, extent = table
    data = _HEADER.pack(b"TMF1", upm, len(codepoints), extent) + codepoints.tobytes() + advances.tobytes()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home only costs speed


@functools.lru_cache(maxsize=64)
def metrics(font: FontFile) -> Metrics:
    return Metrics(font)
