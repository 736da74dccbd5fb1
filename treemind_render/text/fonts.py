"""Font resolution through fontconfig and real glyph metrics through fontTools."""

from __future__ import annotations

import bisect
import functools
import os
import shutil
import struct
import subprocess
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import diskcache
from . import sfnt

GENERIC = {"sans-serif", "serif", "monospace", "sans", "mono", "cursive", "fantasy", "emoji"}


@dataclass(frozen=True)
class FontFile:
    family: str  # the family name fontconfig reports (what SVG viewers and Graphviz get)
    path: str
    index: int


@functools.lru_cache(maxsize=256)
def match(family: str, bold: bool = False, italic: bool = False) -> FontFile | None:
    """The font file fontconfig picks for a family, or None when the family is not installed.

    fontconfig always answers with *some* font; a named family only counts when the answer
    is that family, while a generic name (sans-serif) takes whatever it resolves to. Each
    `fc-match` run costs ~8 ms, a third of a small render, so answers are kept on disk for
    as long as fontconfig's set-up (fingerprint()) has not changed.
    """
    pattern = family + (":weight=bold" if bold else "") + (":slant=italic" if italic else "")
    return _remembered(family, pattern)


@functools.lru_cache(maxsize=1024)
def covering(chars: str, bold: bool = False, emoji: bool = False, mono: bool = False) -> FontFile | None:
    """The font fontconfig itself would take for `chars` (a sans-serif with glyphs for all of
    them, as `fc-match 'sans-serif:charset=...'` answers), or None when none is installed.

    This is the fallback after a theme's own families: nothing is hard-coded, so whatever the
    machine has for Thai, Devanagari or emoji is found. The answer may still miss some of the
    characters (fontconfig then gives its closest font); callers check coverage themselves.
    `mono` asks for a font without colour glyphs (an emoji's one-colour form, drawn in a colour
    of the outline's). Answers are kept on disk like match()'s.
    """
    charset = " ".join(f"{ord(c):x}" for c in sorted(set(chars)))
    family = "emoji" if emoji else "sans-serif"  # fontconfig's own name for its emoji fonts
    pattern = family + (":weight=bold" if bold else "") + f":charset={charset}"
    return _remembered(family, pattern + (":color=false" if mono else ""))


def _remembered(family: str, pattern: str) -> FontFile | None:
    """fontconfig's answer for a pattern, from the disk cache while its set-up is unchanged."""
    key = f"{pattern}|{fingerprint()}"
    cached = diskcache.read_json("fontconfig", key)
    if isinstance(cached, dict) and "font" in cached:
        font = _font_from(cached["font"])
        if font is None or os.path.exists(font.path):
            return font
    font = _fc_match(family, pattern)
    if fingerprint():  # without fc-match there is nothing to remember
        diskcache.write_json("fontconfig", key, {"font": font and [font.family, font.path, font.index]})
    return font


def _font_from(value: object) -> FontFile | None:
    if isinstance(value, list) and len(value) == 3:
        family, path, index = value
        if isinstance(family, str) and isinstance(path, str) and isinstance(index, int):
            return FontFile(family, path, index)
    return None


_FORMAT = "%{family}\t%{file}\t%{index}"


def _fc_match(family: str, pattern: str) -> FontFile | None:
    """What `fc-match -f FORMAT PATTERN` prints, asked of libfontconfig in this process (one
    `fc-match` run cost ~8 ms, a third of it loading fontconfig's set-up again); the program
    itself where the library cannot be loaded."""
    library = _fontconfig()
    if library is not None:
        out = _ask_library(library, pattern)
    else:
        fc_match = shutil.which("fc-match")
        if fc_match is None:
            return None
        try:
            out = subprocess.run(
                [fc_match, "-f", _FORMAT, pattern], capture_output=True, text=True, timeout=10, check=False
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


_LIBRARIES = ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll")


@functools.lru_cache(maxsize=1)
def _fontconfig():  # type: ignore[no-untyped-def]
    """libfontconfig through ctypes, its functions typed; None when it cannot be loaded."""
    import ctypes

    for name in _LIBRARIES:
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        pointer = ctypes.c_void_p
        for function, result, args in (
            ("FcNameParse", pointer, [ctypes.c_char_p]),
            ("FcConfigSubstitute", ctypes.c_int, [pointer, pointer, ctypes.c_int]),
            ("FcDefaultSubstitute", None, [pointer]),
            ("FcFontMatch", pointer, [pointer, pointer, ctypes.POINTER(ctypes.c_int)]),
            ("FcPatternFormat", pointer, [pointer, ctypes.c_char_p]),
            ("FcStrFree", None, [pointer]),
            ("FcPatternDestroy", None, [pointer]),
        ):
            getattr(lib, function).restype = result
            getattr(lib, function).argtypes = args
        return lib
    return None


def _ask_library(lib, pattern: str) -> str:  # type: ignore[no-untyped-def]
    """fc-match's own steps: parse the pattern, substitute, match, format the best font."""
    import ctypes

    parsed = lib.FcNameParse(pattern.encode("utf-8"))
    if not parsed:
        return ""
    try:
        lib.FcConfigSubstitute(None, parsed, 0)  # FcMatchPattern
        lib.FcDefaultSubstitute(parsed)
        result = ctypes.c_int(0)
        font = lib.FcFontMatch(None, parsed, ctypes.byref(result))
    finally:
        lib.FcPatternDestroy(parsed)
    if not font:
        return ""
    try:
        text = lib.FcPatternFormat(font, _FORMAT.encode())
        if not text:
            return ""
        try:
            return str(ctypes.string_at(text).decode("utf-8", "replace"))
        finally:
            lib.FcStrFree(text)
    finally:
        lib.FcPatternDestroy(font)


_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")
_CONFIG = ("/etc/fonts", "/etc/fonts/conf.d", "/var/cache/fontconfig", "~/.cache/fontconfig")


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    """What fontconfig's answers depend on: its binary, configuration, caches and font folders.

    Installing a font (apt runs fc-cache) or editing the configuration changes a folder's
    modification time, so remembered answers are asked again. Empty when there is no fc-match.
    """
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return ""
    parts = [fc_match, os.environ.get("FONTCONFIG_FILE", ""), os.environ.get("FONTCONFIG_PATH", "")]
    for folder in (*_FONT_DIRS, *_CONFIG):
        try:
            parts.append(str(os.stat(os.path.expanduser(folder)).st_mtime_ns))
        except OSError:
            parts.append("-")
    return "|".join(parts)


class Metrics:
    """Advance widths (in em) and vertical extent of one font file.

    Looked up character by character in the file's own tables (sfnt.py), so an empty cache
    costs nothing here. A font sfnt.py cannot read is read whole by fontTools, which takes a
    few hundred milliseconds for a CJK font: those numbers are kept in a small binary cache
    file per font (plain arrays, no pickle), keyed by path, size and mtime.
    """

    def __init__(self, font: FontFile) -> None:
        self._units: Callable[[int], int | None]
        try:
            face = sfnt.Face(font.path, font.index)
        except (sfnt.Unsupported, OSError, ValueError):
            cached = _read_cache(font)
            if cached is None:
                try:
                    cached = _read_font_fonttools(font)
                except Exception:  # noqa: BLE001 - fontTools raises many kinds for a broken file
                    cached = _UNREADABLE  # covers nothing: fallback looks further, not a crash
                else:
                    _write_cache(font, cached)
            codepoints, advances, upm, self.extent = cached
            self._units = functools.partial(_in_table, codepoints, advances)
        else:
            upm, self.extent, self._units = face.upm, face.extent, face.advance
        self._upm = upm
        self._seen: dict[int, float | None] = {}

    def advance(self, codepoint: int) -> float | None:
        """The advance width in em, or None when the font has no glyph for it."""
        try:
            return self._seen[codepoint]
        except KeyError:
            units = self._units(codepoint)
            em = self._seen[codepoint] = None if units is None else units / self._upm
            return em

    def covers(self, char: str) -> bool:
        return self.advance(ord(char)) is not None

    def width(self, text: str) -> float:
        """Width of `text` in em; unknown characters count as one em (never under-measure)."""
        return sum(1.0 if (em := self.advance(ord(c))) is None else em for c in text)


_Table = tuple[array, array, int, float]
# A font file neither sfnt.py nor fontTools can read (truncated, corrupted after fontconfig
# indexed it): no glyphs, so its characters are measured and drawn as missing, and warned about.
_UNREADABLE: _Table = (array("I"), array("I"), 1000, 1.2)
_HEADER = struct.Struct("<4sIIf")  # magic, upm, count, extent


def _in_table(codepoints: array, advances: array, codepoint: int) -> int | None:
    """A codepoint's advance from sorted (codepoints, advances) arrays, or None."""
    i = bisect.bisect_left(codepoints, codepoint)
    return int(advances[i]) if i < len(codepoints) and codepoints[i] == codepoint else None


def _read_font_fonttools(font: FontFile) -> _Table:
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
    return diskcache.entry("fonts", f"{font.path}|{font.index}|{stat.st_size}|{stat.st_mtime_ns}", ".bin")


def _read_cache(font: FontFile) -> _Table | None:
    path = _cache_file(font)
    try:
        data = (diskcache.read(path) if path else None) or b""
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
    if path is not None:
        codepoints, advances, upm, extent = table
        header = _HEADER.pack(b"TMF1", upm, len(codepoints), extent)
        diskcache.write(path, header + codepoints.tobytes() + advances.tobytes())


@functools.lru_cache(maxsize=64)
def metrics(font: FontFile) -> Metrics:
    return Metrics(font)
