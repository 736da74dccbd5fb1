"""Label text: choose a font that covers every glyph, measure it, wrap it (CJK-aware)."""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass, replace

from ..model import Span, fold_spans
from ..style.themes import Style
from .fonts import FontFile, Metrics, covering, match, metrics
from .math import formula
from .scripts import clusters, drawn, has_sa, is_emoji, word_breaks

LINE_SPACING = 1.4  # line box height as a multiple of the font size
FORMULA_GAP = 0.15  # em between a tall formula's ink and the next line (or the box's padding)
# Closing punctuation never starts a line; opening punctuation never ends one.
CLOSING = set(
    "，。、；：？！）」』】〕〉》〗〙〛”’．,.;:?!)]}%‰·・ー々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
OPENING = set("（「『【〔〈《〖〘〚“‘([{")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b\u2028\u2029]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Run:
    """Text of one style drawn in one font (`family`): a label is split into runs wherever
    either changes, so each run can be drawn by a font that has its glyphs."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    family: str = ""
    underline: bool = False
    highlight: bool = False
    math: bool = False
    color: str | None = None  # the outline's colour for this run (Span.color), drawn as its fill


@dataclass(frozen=True)
class Line:
    """One wrapped line. `above`/`below`: how far a formula on it reaches over and under the
    baseline (0 for text alone), which makes the line taller (TextBlock.rows)."""

    runs: tuple[Run, ...]
    widths: tuple[float, ...]  # one per run
    above: float = 0.0
    below: float = 0.0

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
        return sum(height for height, _ in self.rows)

    @property
    def rows(self) -> tuple[tuple[float, float], ...]:
        """Per line: the height of its line box and the baseline's distance from the box's top.

        A line of text is `line_height` high, its baseline 0.35 em below the middle (about
        half the height of capitals). A line with a tall formula (a fraction, a sum with limits,
        a matrix) grows upwards and downwards to hold the formula's ink and a gap of
        FORMULA_GAP em, so it overlaps neither the lines next to it nor the box's edge.
        Heights are whole points, like Graphviz's table rows.
        """
        text_above = self.line_height / 2 + 0.35 * self.size
        out = []
        for line in self.lines:
            if not (line.above or line.below):
                out.append((self.line_height, text_above))
                continue
            gap = FORMULA_GAP * self.size
            above = max(text_above, line.above + gap)
            below = max(self.line_height - text_above, line.below + gap)
            out.append((float(math.ceil(above + below - 1e-6)), above))
        return tuple(out)


def is_wide(char: str) -> bool:
    """Characters between which a line may break: CJK ideographs, kana, hangul, fullwidth."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def clean(text: str) -> str:
    """Label text as drawn: no control characters, whitespace runs folded to one space."""
    return _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()


Cell = tuple[str, int, float]  # a grapheme cluster, the index of its run, its width


class Measurer:
    """Measures and wraps labels; remembers characters no installed font could draw."""

    def __init__(self) -> None:
        self.missing: set[str] = set()
        self._choice: dict[tuple[tuple[str, ...], frozenset[str]], FontFile | None] = {}
        self._face: dict[tuple[tuple[str, ...], str, bool], FontFile | None] = {}

    def block(self, spans: tuple[Span, ...], style: Style, balance: bool = False) -> TextBlock:
        """The label wrapped to the style's width; `balance` evens out its lines (root titles)."""
        spans = _clean_spans(spans)
        chars = "".join(s.text for s in spans if not s.br) or " "
        font = self.choose(style.font_family, chars)
        limit = style.max_width - 2 * style.padding[1]
        lines: list[Line] = []
        for paragraph in _paragraphs(spans):
            runs: list[Run] = []
            widths: list[list[float]] = []
            for span in paragraph:
                for run, cells in self._runs(span, style, font):
                    runs.append(run)
                    widths.append(cells)
            lines.extend(wrap(runs, widths, limit, balance) if runs else [Line((Run(" "),), (0.0,))])
        lines = [_formula_room(line, style.font_size) for line in lines] or [Line((Run(" "),), (0.0,))]
        return TextBlock(
            tuple(lines),
            font.family if font else "sans-serif",
            style.font_size,
            math.ceil(style.font_size * LINE_SPACING),
        )

    def choose(self, families: tuple[str, ...], text: str) -> FontFile | None:
        """The first family whose font has a glyph for every character of `text`.

        Kana or hangul move a theme's Japanese or Korean families ahead, so Japanese labels
        get Japanese glyph forms rather than the Chinese ones of a font that also covers kana.
        """
        key = (families, frozenset(text))  # most labels of a map share their few dozen characters
        if key not in self._choice:
            needed = frozenset(c for c in key[1] if not c.isspace() and c not in _INVISIBLE)
            self._choice[key] = self._first_covering(_prefer_script(families, needed), needed)
        return self._choice[key]

    def _first_covering(self, families: tuple[str, ...], needed: frozenset[str]) -> FontFile | None:
        first: FontFile | None = None
        for family in families:
            font = match(family)
            if font is None:
                continue
            first = first or font
            covers = metrics(font).covers
            if all(covers(c) for c in needed):
                return font
        return first

    def face(self, families: tuple[str, ...], cluster: str, tint: bool = False) -> FontFile | None:
        """The font one grapheme cluster is drawn with: emoji from an emoji font, anything else
        from the first of `families` that has all its glyphs, else from the font fontconfig
        finds for it (fonts.covering); None when no installed font has them.

        `tint`: the cluster is drawn in a colour of the outline's, so an emoji takes its
        one-colour (text) form from a font without colour glyphs when one has it (✔ ☀ ❤ in
        DejaVu Sans); an emoji that exists only as a colour picture keeps its own colours.
        """
        key = (families, cluster, tint)
        if key not in self._face:
            needed = drawn(cluster)
            found = None
            if tint:
                found = _first_with(families, needed) or _usable(covering(needed, mono=True), needed)
            if found is None and is_emoji(cluster):
                found = _usable(covering(needed, emoji=True), needed)
            self._face[key] = found or _first_with(families, needed) or _usable(covering(needed), needed)
        return self._face[key]

    def width(self, text: str, font: FontFile | None, size: float) -> float:
        """Width of plain text in one font, in points (one em per character without a font)."""
        return metrics(font).width(text) * size if font else len(text) * size

    def _runs(self, span: Span, style: Style, font: FontFile | None) -> list[tuple[Run, list[float]]]:
        """A span as runs of one font each, with the width of each grapheme cluster."""
        families = style.mono_family if span.code else style.font_family
        base = Run(
            span.text,
            span.bold or style.bold,
            span.italic or style.italic or span.math,
            span.code,
            span.strike,
            "",
            span.underline,
            span.highlight,
            span.math,
            span.color,
        )
        pieces = clusters(span.text)
        typeset = formula(span.text, style.font_size) if span.math else None
        if typeset is not None:  # drawn as paths (draw/svg.py): one unbreakable cell of its width
            run = replace(base, italic=False, family=font.family if font else "sans-serif")
            return [(run, [typeset.width] + [0.0] * (len(pieces) - 1))]
        plain = font if not span.code else self.choose(families, span.text)
        if plain is not None and not any(map(is_emoji, pieces)) and self._covers(plain, span.text):
            faces: list[FontFile | None] = [plain] * len(pieces)  # the common case: one font has it all
        else:
            tint = span.color is not None
            faces = [None if c.isspace() else self.face(families, c, tint) for c in pieces]
            _spaces_join_neighbours(pieces, faces, plain)
        # An emoji with no one-colour form keeps its colour picture: its run gets no colour.
        coloured = [
            span.color is not None and not (is_emoji(c) and f == self.face(families, c))
            for c, f in zip(pieces, faces, strict=True)
        ]
        out: list[tuple[Run, list[float]]] = []
        for (face, tinted), group in itertools.groupby(
            zip(pieces, faces, coloured, strict=True), key=lambda p: (p[1], p[2])
        ):
            text = "".join(c for c, _, _ in group)
            if face is None:
                self.missing.update(c for c in text if not c.isspace() and c not in _INVISIBLE)
            face = face or font
            family = face.family if face else "sans-serif"
            run = replace(base, text=text, family=family, color=span.color if tinted else None)
            out.append((run, self._widths(run, style, face)))
        return out

    def _covers(self, font: FontFile, text: str) -> bool:
        covers = metrics(font).covers
        return all(covers(c) for c in text if not c.isspace() and c not in _INVISIBLE)

    def _widths(self, run: Run, style: Style, face: FontFile | None) -> list[float]:
        """One width per grapheme cluster: its characters' advances (marks and joiners add
        nothing a font does not give them)."""
        pieces = clusters(run.text)
        if face is None:
            return [style.font_size] * len(pieces)
        m: Metrics = metrics(face)
        scale = style.font_size
        if run.bold:
            bold = match(face.family, bold=True)
            if bold is not None and bold.family == face.family and bold.path != face.path:
                m = metrics(bold)
            else:
                scale *= 1.06  # synthetic bold is drawn slightly wider
        if is_emoji(run.text[0]) or len(pieces) != len(run.text):
            return [_cluster_width(m, c) * scale for c in pieces]
        advance = m.advance  # one character per piece: its advance, one em where the font has none
        return [(1.0 if (em := advance(ord(c))) is None else em) * scale for c in pieces]


_INVISIBLE = set("\u200b\u200c\u200d\ufe0e\ufe0f")


def _formula_room(line: Line, size: float) -> Line:
    """The line with the reach of its formulas over and under the baseline."""
    if not any(run.math for run in line.runs):
        return line
    found = [f for f in (formula(run.text, size) for run in line.runs if run.math) if f is not None]
    if not found:  # TeX ziamath cannot read: drawn as its source, in italics
        return line
    return replace(line, above=max(f.above for f in found), below=max(f.below for f in found))


def _spaces_join_neighbours(
    pieces: list[str], faces: list[FontFile | None], default: FontFile | None
) -> None:
    """A space takes the font of the text before it, so it makes no run of its own; after an
    emoji (whose font's space is a wide blank) it takes the label's font."""
    last = default
    for k, piece in enumerate(pieces):
        if piece.isspace():
            faces[k] = last
        elif faces[k] is not None:
            last = default if is_emoji(piece) else faces[k]


def _cluster_width(m: Metrics, cluster: str) -> float:
    """An emoji sequence is one glyph as wide as its first picture; other clusters add up."""
    if is_emoji(cluster):
        return m.advance(ord(cluster[0])) or 1.0
    return sum(m.advance(ord(c)) or 0.0 for c in cluster) or m.width(cluster[0])


def _first_with(families: tuple[str, ...], needed: str) -> FontFile | None:
    for family in _prefer_script(families, frozenset(needed)):
        font = match(family)
        if font is not None and all(metrics(font).covers(c) for c in needed):
            return font
    return None


def _usable(font: FontFile | None, needed: str) -> FontFile | None:
    return font if font is not None and all(metrics(font).covers(c) for c in needed) else None


def _paragraphs(spans: tuple[Span, ...]) -> list[list[Span]]:
    """The spans between explicit line breaks."""
    out: list[list[Span]] = [[]]
    for span in spans:
        if span.br:
            out.append([])
        else:
            out[-1].append(span)
    return out


def _prefer_script(families: tuple[str, ...], chars: frozenset[str]) -> tuple[str, ...]:
    if any("\u3040" <= c <= "\u30ff" for c in chars):
        tag = " JP"
    elif any("\uac00" <= c <= "\ud7af" or "\u1100" <= c <= "\u11ff" for c in chars):
        tag = " KR"
    else:
        return families
    return tuple(sorted(families, key=lambda f: tag not in f.upper()))


def _clean_spans(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Fold whitespace inside and across spans, and trim the label's two ends and its breaks."""
    return tuple(fold_spans(spans, lambda text: _SPACE.sub(" ", _CONTROL.sub(" ", text))))


def wrap(runs: list[Run], widths: list[list[float]], max_width: float, balance: bool = False) -> list[Line]:
    """Greedy line filling over break opportunities; overlong words are broken between grapheme
    clusters. `widths` holds one width per cluster of each run. With `balance`, the lines are
    made as even as they can be without adding a line ("思维 / 导图", not "思维导 / 图")."""
    text = "".join(run.text for run in runs)
    if text and text.strip() == text and sum(map(sum, widths)) <= max_width:
        return [Line(tuple(runs), tuple(map(sum, widths)))]  # most labels fit on one line as they are
    cells = [
        (c, i, w) for i, run in enumerate(runs) for c, w in zip(clusters(run.text), widths[i], strict=True)
    ]
    atoms = _atoms(cells, text, {i for i, run in enumerate(runs) if run.math})
    lines = _fill(atoms, max_width)
    if balance and len(lines) > 1:
        lines = _balanced(atoms, max_width, len(lines))
    return [_line(cells_, runs) for cells_ in lines]


def _balanced(atoms: list[list[Cell]], max_width: float, count: int) -> list[list[Cell]]:
    """The narrowest filling (to a point) that still takes `count` lines."""
    low, high = max(sum(w for _, _, w in atom) for atom in atoms) / 2, max_width
    best = _fill(atoms, high)
    while high - low > 1:
        middle = (low + high) / 2
        trial = _fill(atoms, middle)
        if len(trial) <= count:
            best, high = trial, middle
        else:
            low = middle
    return best


def _fill(atoms: list[list[Cell]], max_width: float) -> list[list[Cell]]:
    lines: list[list[Cell]] = []
    current: list[Cell] = []
    width = 0.0
    for atom in atoms:
        atom_width = sum(w for _, _, w in atom)
        trimmed = _rstrip(atom)
        if current and width + sum(w for _, _, w in trimmed) > max_width:
            lines.append(current)
            current, width = [], 0.0
            atom = _lstrip(atom)
            atom_width = sum(w for _, _, w in atom)
        if not current and atom_width > max_width:
            for cell in atom:  # one word wider than the line: break it between clusters
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
    return lines


def _no_orphan(lines: list[list[Cell]]) -> None:
    """A lone CJK character on the last line ("研究方 / 法") takes one more from the line above."""
    if len(lines) < 2 or len(lines[-1]) != 1 or not is_wide(lines[-1][0][0][0]):
        return
    above = lines[-2]
    if len(above) >= 2 and is_wide(above[-1][0][0]) and _can_break(above[-2][0], above[-1][0]):
        lines[-1].insert(0, above.pop())


def _atoms(cells: list[Cell], text: str, math: set[int] = frozenset()) -> list[list[Cell]]:  # type: ignore[assignment]
    """Split into unbreakable pieces; a piece keeps its trailing spaces. Thai, Lao, Khmer and
    Myanmar break at the word boundaries ICU finds (scripts.word_breaks); a formula (a run in
    `math`) is never broken."""
    words = word_breaks(text) if has_sa(text) else set()
    atoms: list[list[Cell]] = []
    offset = 0
    for k, cell in enumerate(cells):
        inside = cell[1] in math and cells[k - 1][1] == cell[1]
        if atoms and (inside or not (_can_break(cells[k - 1][0], cell[0]) or (words and offset in words))):
            atoms[-1].append(cell)
        else:
            atoms.append([cell])
        offset += len(cell[0])
    return atoms


def _can_break(before: str, after: str) -> bool:
    """Between two grapheme clusters: CJK breaks between any two characters (but not before
    closing or after opening punctuation), others at spaces; a Latin letter or digit before
    CJK stays with it, as they make one word ("T恤", "2024年", "X光")."""
    last, first = before[-1], after[0]
    if first in CLOSING or last in OPENING or first.isspace():
        return False
    if last.isspace():
        return True
    wide_after = is_wide(first)
    if wide_after and last.isascii() and last.isalnum():
        return False
    return wide_after or is_wide(last)


def _rstrip(cells: list[Cell]) -> list[Cell]:
    end = len(cells)
    while end and cells[end - 1][0].isspace():
        end -= 1
    return cells[:end]


def _lstrip(cells: list[Cell]) -> list[Cell]:
    start = 0
    while start < len(cells) and cells[start][0].isspace():
        start += 1
    return cells[start:]


def _line(cells: list[Cell], runs: list[Run]) -> Line:
    """One line's cells, merged back into one run per stretch of the same source run."""
    merged: list[Run] = []
    widths: list[float] = []
    for index, group in itertools.groupby(cells, key=lambda cell: cell[1]):
        stretch = list(group)
        merged.append(replace(runs[index], text="".join(c for c, _, _ in stretch)))
        widths.append(sum(w for _, _, w in stretch))
    return Line(tuple(merged), tuple(widths))
