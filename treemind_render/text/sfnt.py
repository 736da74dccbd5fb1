"""Character widths looked up in a font file's own cmap and hmtx tables, one character at a time.

A map needs the widths of a few hundred characters; a CJK font maps 44,000. Reading whole
tables (fontTools, or a decoded copy kept on disk) cost most of a first run with an empty
cache, so `Face` maps the file and answers each character from the tables as they lie there:
a binary search in the preferred Unicode cmap subtable (formats 4 and 12), then one read in
hmtx. Opening a face reads the table directory and the subtable's index (~2,000 segments for
a CJK font): empty cache or not, a render then costs the same. Other cmap formats and odd
files raise Unsupported; fonts.py then reads the font with fontTools. `tests/test_sfnt.py`
checks every answer equals fontTools' on the installed Noto fonts.
"""

from __future__ import annotations

import bisect
import mmap
import struct
import sys
from array import array

# fontTools' getBestCmap order: (platform, encoding)
PREFERENCES = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))
_U16 = struct.Struct(">H")


class Unsupported(Exception):
    """A font this reader does not handle (another cmap format, an odd file): use fontTools."""


class Face:
    """One font of a file (a .ttc holds several): advances in font units, looked up lazily."""

    def __init__(self, path: str, index: int = 0) -> None:
        with open(path, "rb") as handle:
            self._data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            self._open(index)
        except (KeyError, struct.error, IndexError, ValueError) as exc:
            self._data.close()
            raise Unsupported(str(exc)) from None

    def _open(self, index: int) -> None:
        data = self._data
        tables = _tables(data, index)
        self.upm = _U16.unpack_from(data, tables[b"head"] + 18)[0]
        ascent, descent = struct.unpack_from(">hh", data, tables[b"hhea"] + 4)
        self._metric_count = _U16.unpack_from(data, tables[b"hhea"] + 34)[0]
        self._glyph_count = _U16.unpack_from(data, tables[b"maxp"] + 4)[0]
        if self.upm <= 0 or self._metric_count <= 0:
            raise Unsupported("no units per em or no horizontal metrics")
        self.extent = (ascent - descent) / self.upm
        self._hmtx = tables[b"hmtx"]
        _U16.unpack_from(data, self._hmtx + 4 * self._metric_count - 4)  # the table is all there
        self._glyph = self._cmap(tables[b"cmap"])

    def advance(self, codepoint: int) -> int | None:
        """The advance width in font units, or None when the font maps no glyph to it."""
        glyph = self._glyph(codepoint)
        if glyph is None or glyph >= self._glyph_count:
            return None
        at = self._hmtx + 4 * min(glyph, self._metric_count - 1)  # the last advance repeats
        return int(_U16.unpack_from(self._data, at)[0])

    def _cmap(self, start: int):  # type: ignore[no-untyped-def]
        """The glyph look-up of the preferred Unicode subtable."""
        data = self._data
        count = _U16.unpack_from(data, start + 2)[0]
        subtables: dict[tuple[int, int], int] = {}
        for i in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", data, start + 4 + 8 * i)
            subtables.setdefault((platform, encoding), start + offset)
        for key in PREFERENCES:
            if key in subtables:
                at = subtables[key]
                kind = _U16.unpack_from(data, at)[0]
                if kind == 12:
                    return self._format12(at)
                if kind == 4:
                    return self._format4(at)
                raise Unsupported(f"cmap format {kind}")
        return lambda codepoint: None

    def _format12(self, at: int):  # type: ignore[no-untyped-def]
        """Groups of consecutive codepoints on consecutive glyphs."""
        count = struct.unpack_from(">I", self._data, at + 12)[0]
        groups = _array("I", self._data, at + 16, 3 * count)
        firsts, lasts, glyphs = groups[0::3], groups[1::3], groups[2::3]

        def glyph(codepoint: int) -> int | None:
            i = bisect.bisect_left(lasts, codepoint)
            if i < count and firsts[i] <= codepoint:
                return int(glyphs[i] + codepoint - firsts[i])
            return None

        return glyph

    def _format4(self, at: int):  # type: ignore[no-untyped-def]
        """Segments of the Basic Multilingual Plane, each by a delta or a glyph array."""
        data = self._data
        segments = _U16.unpack_from(data, at + 6)[0] // 2
        ends = _array("H", data, at + 14, segments)
        starts = _array("H", data, at + 16 + 2 * segments, segments)
        deltas = _array("h", data, at + 16 + 4 * segments, segments)
        range_at = at + 16 + 6 * segments
        ranges = _array("H", data, range_at, segments)

        def glyph(codepoint: int) -> int | None:
            i = bisect.bisect_left(ends, codepoint)
            if i >= segments or not starts[i] <= codepoint or starts[i] == 0xFFFF:
                return None
            if ranges[i] == 0:
                return (codepoint + deltas[i]) & 0xFFFF
            found = _U16.unpack_from(data, range_at + 2 * i + ranges[i] + 2 * (codepoint - starts[i]))[0]
            return (found + deltas[i]) & 0xFFFF if found else 0

        return glyph


def _array(kind: str, data: mmap.mmap, at: int, count: int) -> array:
    """`count` big-endian numbers of `kind` ("H", "h", "I") at offset `at`."""
    values = array(kind)
    values.frombytes(data[at : at + values.itemsize * count])
    if len(values) != count:
        raise Unsupported("a table runs past the end of the file")
    if sys.byteorder == "little":
        values.byteswap()
    return values


def _tables(data: mmap.mmap, index: int) -> dict[bytes, int]:
    """Offsets of the font's tables by tag (in a .ttc, of font number `index`)."""
    offset = 0
    if data[:4] == b"ttcf":
        count = struct.unpack_from(">I", data, 8)[0]
        if not 0 <= index < count:
            raise Unsupported(f"no font {index} in the collection")
        offset = struct.unpack_from(">I", data, 12 + 4 * index)[0]
    count = _U16.unpack_from(data, offset + 4)[0]
    found: dict[bytes, int] = {}
    for i in range(count):
        tag, _, start, _ = struct.unpack_from(">4sIII", data, offset + 12 + 16 * i)
        found[tag] = start
    return found
