"""Font resolution through fontconfig and real glyph metrics through fontTools."""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass

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
    """Advance widths (in em) and vertical extent of one font file."""

    def __init__(self, font: FontFile) -> None:
        from fontTools.ttLib import TTFont  # heavy: imported only when text is measured

        tt = TTFont(font.path, fontNumber=font.index, lazy=True)
        upm = tt["head"].unitsPerEm
        cmap = tt.getBestCmap() or {}
        hmtx = tt["hmtx"].metrics
        self.advances: dict[int, float] = {
            cp: hmtx[name][0] / upm for cp, name in cmap.items() if name in hmtx
        }
        hhea = tt["hhea"]
        self.extent = (hhea.ascent - hhea.descent) / upm  # line box, as cairo and Pango use
        tt.close()

    def covers(self, char: str) -> bool:
        return ord(char) in self.advances

    def width(self, text: str) -> float:
        """Width of `text` in em; unknown characters count as one em (never under-measure)."""
        return sum(self.advances.get(ord(c), 1.0) for c in text)


@functools.lru_cache(maxsize=64)
def metrics(font: FontFile) -> Metrics:
    return Metrics(font)
