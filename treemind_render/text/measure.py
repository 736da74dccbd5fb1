"""Label text: choose a font that covers every glyph, measure it, wrap it (CJK-aware)."""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass, replace

from ..model import Span
from ..style.themes import Style
from .fonts import FontFile, Metrics, match, metrics

LINE_SPACING = 1.4  # line box height as a multiple of the font size
# Closing punctuation never starts a line; opening punctuation never ends one.
CLOSING = set(
    "，。、；：？！）」』】〕〉》〗〙〛”’．,.;:?!)]}%‰·・ー々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
OPENING = set("（「『【〔〈《〖〘〚“‘([{")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b\u2028\u2029]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    family: str = ""


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    widths: tuple[float, ...]  # one per run

    @property
    def width(self) -> float:
        return sum(self.widths)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class TextBlock:
    """A wrapped label: lines of styled runs, the family chosen, and the size it takes."""

    lines: tuple[Line, ...]
    family: str
    size: float
    line_height: float

    @property
    def width(self) -> float:
        return max((line.width for line in self.lines), default=0.0)

    @property
    def height(self) -> float:
        return self.line_height * len(self.lines)


def is_wide(char: str) -> bool:
    """Characters between which a line may break: CJK ideographs, kana, hangul, fullwidth."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def clean(text: str) -> str:
    """Label text as drawn: no control characters, whitespace runs folded to one space."""
    return _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()


class Measurer:
    """Measures and wraps labels; remembers characters no installed font could draw."""

    def __init__(self) -> None:
        self.missing: set[str] = set()
        self._choice: dict[tuple[tuple[str, ...], frozenset[str]], FontFile | None] = {}

    def block(self, spans: tuple[Span, ...], style: Style) -> TextBlock:
        spans = _clean_spans(spans)
        chars = "".join(s.text for s in spans) or " "
        font = self.choose(style.font_family, chars)
        mono = self.choose(style.mono_family, "".join(s.text for s in spans if s.code) or "x")
        runs = [self._run(s, style, font, mono) for s in spans] or [Run(" ")]
        size = style.font_size
        widths = [self._widths(run, style, font, mono) for run in runs]
        lines = _wrap(runs, widths, style.max_width - 2 * style.padding[1])
        return TextBlock(
            tuple(lines), font.family if font else "sans-serif", size, math.ceil(size * LINE_SPACING)
        )

    def choose(self, families: tuple[str, ...], text: str) -> FontFile | None:
        """The first family whose font has a glyph for every character of `text`.

        Kana or hangul move a theme's Japanese or Korean families ahead, so Japanese labels
        get Japanese glyph forms rather than the Chinese ones of a font that also covers kana.
        """
        key = (families, frozenset(text))  # most labels of a map share their few dozen characters
        if key not in self._choice:
            needed = frozenset(c for c in key[1] if not c.isspace())
            self._choice[key] = self._first_covering(_prefer_script(families, needed), needed)
        return self._choice[key]

    def _first_covering(self, families: tuple[str, ...], needed: frozenset[str]) -> FontFile | None:
        first: FontFile | None = None
        for family in families:
            font = match(family)
            if font is None:
                continue
            first = first or font
            if all(metrics(font).covers(c) for c in needed):
                return font
        if first is not None:
            self.missing |= {c for c in needed if not metrics(first).covers(c)}
        return first

    def width(self, text: str, font: FontFile | None, size: float) -> float:
        """Width of plain text in one font, in points (one em per character without a font)."""
        return metrics(font).width(text) * size if font else len(text) * size

    def _run(self, span: Span, style: Style, font: FontFile | None, mono: FontFile | None) -> Run:
        face = mono if span.code and mono and self._covers(mono, span.text) else font
        return Run(
            span.text,
            span.bold or style.bold,
            span.italic or style.italic,
            span.code,
            span.strike,
            face.family if face else "sans-serif",
        )

    def _covers(self, font: FontFile, text: str) -> bool:
        return all(metrics(font).covers(c) for c in text if not c.isspace())

    def _widths(self, run: Run, style: Style, font: FontFile | None, mono: FontFile | None) -> list[float]:
        face = mono if run.code and mono and run.family == mono.family else font
        if face is None:
            return [style.font_size] * len(run.text)
        m: Metrics = metrics(face)
        scale = style.font_size
        if run.bold:
            bold = match(face.family, bold=True)
            if bold is not None and bold.family == face.family and bold.path != face.path:
                m = metrics(bold)
            else:
                scale *= 1.06  # synthetic bold is drawn slightly wider
        return [m.width(c) * scale for c in run.text]


def _prefer_script(families: tuple[str, ...], chars: frozenset[str]) -> tuple[str, ...]:
    if any("\u3040" <= c <= "\u30ff" for c in chars):
        tag = " JP"
    elif any("\uac00" <= c <= "\ud7af" or "\u1100" <= c <= "\u11ff" for c in chars):
        tag = " KR"
    else:
        return families
    return tuple(sorted(families, key=lambda f: tag not in f.upper()))


def _clean_spans(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Fold whitespace inside and across spans, and trim the label's two ends."""
    out: list[Span] = []
    for span in spans:
        text = _SPACE.sub(" ", _CONTROL.sub(" ", span.text))
        if out and out[-1].text.endswith(" "):
            text = text.lstrip(" ")
        if not out:
            text = text.lstrip(" ")
        if text:
            out.append(Span(**{**span.__dict__, "text": text}))
    while out and out[-1].text.endswith(" "):
        last = out.pop()
        if last.text.rstrip(" "):
            out.append(Span(**{**last.__dict__, "text": last.text.rstrip(" ")}))
    return tuple(out)


def _wrap(runs: list[Run], widths: list[list[float]], max_width: float) -> list[Line]:
    """Greedy line filling over break opportunities; overlong words are broken by character."""
    text = "".join(run.text for run in runs)
    if text and text.strip() == text and sum(map(sum, widths)) <= max_width:
        return [Line(tuple(runs), tuple(map(sum, widths)))]  # most labels fit on one line as they are
    cells = [(c, i, w) for i, run in enumerate(runs) for c, w in zip(run.text, widths[i], strict=True)]
    lines: list[list[tuple[str, int, float]]] = []
    current: list[tuple[str, int, float]] = []
    width = 0.0
    for atom in _atoms(cells):
        atom_width = sum(w for _, _, w in atom)
        trimmed = _rstrip(atom)
        if current and width + sum(w for _, _, w in trimmed) > max_width:
            lines.append(current)
            current, width = [], 0.0
            atom = _lstrip(atom)
            atom_width = sum(w for _, _, w in atom)
        if not current and atom_width > max_width:
            for cell in atom:  # one word wider than the line: break it between characters
                if current and width + cell[2] > max_width:
                    lines.append(current)
                    current, width = [], 0.0
                current.append(cell)
                width += cell[2]
            continue
        current.extend(atom)
        width += atom_width
    if current:
        lines.append(current)
    lines = [_rstrip(cells_) for cells_ in lines if _rstrip(cells_)]
    _no_orphan(lines)
    return [_line(cells_, runs) for cells_ in lines]


def _no_orphan(lines: list[list[tuple[str, int, float]]]) -> None:
    """A lone CJK character on the last line ("研究方 / 法") takes one more from the line above."""
    if len(lines) < 2 or len(lines[-1]) != 1 or not is_wide(lines[-1][0][0]):
        return
    above = lines[-2]
    if len(above) >= 2 and is_wide(above[-1][0]) and _can_break(above[-2][0], above[-1][0]):
        lines[-1].insert(0, above.pop())


def _atoms(cells: list[tuple[str, int, float]]) -> list[list[tuple[str, int, float]]]:
    """Split into unbreakable pieces; a piece keeps its trailing spaces."""
    atoms: list[list[tuple[str, int, float]]] = []
    for k, cell in enumerate(cells):
        if atoms and not _can_break(cells[k - 1][0], cell[0]):
            atoms[-1].append(cell)
        else:
            atoms.append([cell])
    return atoms


def _can_break(before: str, after: str) -> bool:
    if after in CLOSING or before in OPENING or after.isspace():
        return False
    return before.isspace() or is_wide(before) or is_wide(after)


def _rstrip(cells: list[tuple[str, int, float]]) -> list[tuple[str, int, float]]:
    end = len(cells)
    while end and cells[end - 1][0].isspace():
        end -= 1
    return cells[:end]


def _lstrip(cells: list[tuple[str, int, float]]) -> list[tuple[str, int, float]]:
    start = 0
    while start < len(cells) and cells[start][0].isspace():
        start += 1
    return cells[start:]


def _line(cells: list[tuple[str, int, float]], runs: list[Run]) -> Line:
    """One line's cells, merged back into one run per stretch of the same source run."""
    merged: list[Run] = []
    widths: list[float] = []
    for index, group in itertools.groupby(cells, key=lambda cell: cell[1]):
        stretch = list(group)
        merged.append(replace(runs[index], text="".join(c for c, _, _ in stretch)))
        widths.append(sum(w for _, _, w in stretch))
    return Line(tuple(merged), tuple(widths))
