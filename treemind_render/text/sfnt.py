"""Character widths straight from a font file's cmap and hmtx tables (the empty-cache start-up).

fontTools maps characters to glyph *names*, which for a CFF font (Noto Sans CJK) means parsing
its whole charset: most of a first run's time with an empty cache. Widths need glyph ids only,
so the four small tables are read here with `struct`; fontTools stays the fallback for cmap
formats other than 4 and 12. `tests/test_sfnt.py` checks the result equals fontTools' on the
installed Noto fonts.
"""

from __future__ import annotations

import mmap
import struct
from array import array

# fontTools' getBestCmap order: (platform, encoding)
PREFERENCES = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))
Table = tuple[array, array, int, float]  # codepoints, advances (font units), units per em, extent


class Unsupported(Exception):
    """A font this reader does not handle (another cmap format, an odd file): use fontTools."""


def read(path: str, index: int = 0) -> Table:
    """Sorted codepoints with their advances, units per em, and (ascent - descent) / upm."""
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return _read(data, index)


def _read(data: mmap.mmap, index: int) -> Table:
    try:
        tables = _tables(data, index)
        upm = struct.unpack_from(">H", data, tables[b"head"] + 18)[0]
        ascent, descent = struct.unpack_from(">hh", data, tables[b"hhea"] + 4)
        metric_count = struct.unpack_from(">H", data, tables[b"hhea"] + 34)[0]
        glyph_count = struct.unpack_from(">H", data, tables[b"maxp"] + 4)[0]
        mapping = _cmap(data, tables[b"cmap"])
    except (KeyError, struct.error, IndexError) as exc:
        raise Unsupported(str(exc)) from None
    if upm <= 0 or metric_count <= 0:
        raise Unsupported("no units per em or no horizontal metrics")
    widths = array("H")
    widths.frombytes(data[tables[b"hmtx"] : tables[b"hmtx"] + 4 * metric_count])
    if struct.pack("=H", 1) != struct.pack(">H", 1):
        widths.byteswap()
    advances = widths[0::2]  # (advance, left side bearing) pairs
    last = advances[-1]  # glyphs past numberOfHMetrics share the last advance
    codepoints, widths_out = array("I"), array("I")
    for codepoint in sorted(mapping):
        glyph = mapping[codepoint]
        if glyph < glyph_count:
            codepoints.append(codepoint)
            widths_out.append(advances[glyph] if glyph < metric_count else last)
    return codepoints, widths_out, upm, (ascent - descent) / upm


def _tables(data: mmap.mmap, index: int) -> dict[bytes, int]:
    """Offsets of the font's tables by tag (in a .ttc, of font number `index`)."""
    offset = 0
    if data[:4] == b"ttcf":
        count = struct.unpack_from(">I", data, 8)[0]
        if not 0 <= index < count:
            raise Unsupported(f"no font {index} in the collection")
        offset = struct.unpack_from(">I", data, 12 + 4 * index)[0]
    count = struct.unpack_from(">H", data, offset + 4)[0]
    found: dict[bytes, int] = {}
    for i in range(count):
        tag, _, start, _ = struct.unpack_from(">4sIII", data, offset + 12 + 16 * i)
        found[tag] = start
    return found


def _cmap(data: mmap.mmap, start: int) -> dict[int, int]:
    """The preferred Unicode subtable as {codepoint: glyph id}."""
    count = struct.unpack_from(">H", data, start + 2)[0]
    subtables: dict[tuple[int, int], int] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, start + 4 + 8 * i)
        subtables.setdefault((platform, encoding), start + offset)
    for key in PREFERENCES:
        if key in subtables:
            at = subtables[key]
            kind = struct.unpack_from(">H", data, at)[0]
            if kind == 12:
                return _format12(data, at)
            if kind == 4:
                return _format4(data, at)
            raise Unsupported(f"cmap format {kind}")
    return {}


def _format12(data: mmap.mmap, at: int) -> dict[int, int]:
    groups = struct.unpack_from(">I", data, at + 12)[0]
    mapping: dict[int, int] = {}
    for i in range(groups):
        first, last, glyph = struct.unpack_from(">III", data, at + 16 + 12 * i)
        mapping.update(zip(range(first, last + 1), range(glyph, glyph + last - first + 1), strict=True))
    return mapping


def _format4(data: mmap.mmap, at: int) -> dict[int, int]:
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
    range_at = at + 16 + 6 * segments
    ranges = struct.unpack_from(f">{segments}H", data, range_at)
    mapping: dict[int, int] = {}
    for i in range(segments):
        first, last, delta, offset = starts[i], ends[i], deltas[i], ranges[i]
        if first == 0xFFFF:
            continue
        if offset == 0:
            mapping.update((c, (c + delta) & 0xFFFF) for c in range(first, last + 1))
            continue
        base = range_at + 2 * i + offset - 2 * first
        for c in range(first, last + 1):
            glyph = struct.unpack_from(">H", data, base + 2 * c)[0]
            mapping[c] = (glyph + delta) & 0xFFFF if glyph else 0
    return mapping
