"""PlantUML `@startmindmap` diagrams: OrgMode stars, indented Markdown stars, or `+`/`-` marks.

Choices for cases the format leaves open:
- Depth is what PlantUML counts (indentation + marks - 1), but a node's parent is the nearest
  earlier node with a smaller depth, so any consistent indentation works, not only one tab or
  one space per level.
- Several top-level nodes (a multi-root map, drawn by PlantUML as stacked trees) hang under one
  root named by the title or the file name, with a warning.
- A main branch given with `-` is placed left, with `+` right, with `*` by the last `left side` /
  `right side` line (none: our layout decides). When any branch is placed left, unplaced ones
  go right, as in PlantUML.
- Lines PlantUML would reject inside a diagram are left out with a warning, not an error.
- `--sheet N` picks the N-th diagram of the file; a name picks `@startmindmap NAME`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..colors import parse_color
from ..errors import OutlineError
from ..model import PLACEHOLDER, Draft, Limits, Span, Tree, freeze, line_break, prune
from . import title_from_source
from .common import count_node, fold
from .spans import Style, is_plain, normalize, shortcode

_START = re.compile(r"@startmindmap\b\s*(?P<name>.*)", re.I)
_END = re.compile(r"@endmindmap\b", re.I)
_NODE = re.compile(
    r"(?P<indent>[ \t]*)(?P<marks>\*+|[+-]+)(?:\[(?P<color>#\w+)\])?(?P<boxless>_)?(?P<rest>.*)"
)
_MULTI_END = re.compile(r"(?P<text>.*);\s*(?:<<(?P<stereo>[^<>]+)>>)?\s*")
_SIDE = re.compile(r"(left|right|top|bottom)\s+side", re.I)
_HEADER = re.compile(r"(?:(?:left|right|center)\s+)?(header|footer)\b\s*(.*)", re.I)
_BLOCK_END = {"legend": re.compile(r"end\s*legend\b", re.I), "<style>": re.compile(r"</style>", re.I)}
_IGNORED = re.compile(
    r"(caption|scale|hide|show|mainframe|(top to bottom|left to right|right to left) direction)\b", re.I
)
# PlantUML's escapes: `~` before a markup character shows it as written (`~**b**` is "**b**"), `\~`
# is a tilde; `~` before anything else is itself, so `~~` stays creole's wave mark.
_ESCAPE = re.compile(r'~[-_"#\[\]*./<]|\\~')
_INLINE = re.compile(
    rf"(?P<escaped>{_ESCAPE.pattern})"
    r"|\[\[(?P<link>[^\[\]]*)\]\]"
    r"|<(?P<close>/)?(?P<tag>b|i|s|u|w|strike|del|strong|em|code|plain|color|size|back|font|sub|sup)"
    r"(?::[^<>]*|\s[^<>]*)?>"
    r"|<&(?P<icon>[\w-]+)(?:\{[^{}<>]*\})?>|<(?:#(?P<tint>\w+))?:(?P<emoji>[\w+-]+):>|<img[^<>]*>"
    r"|<U\+(?P<codepoint>[0-9A-F]{4,6})>|(?P<newline>(?-i:\\n)|%newline\(\))"  # `\N` is two characters
    r"|(?P<creole>\*\*|(?<!:)//|\"\"|--|__|~~)",
    re.I,
)
_TAG_STYLE = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "s": "strike", "u": "underline"}
_TAG_STYLE.update({"strike": "strike", "del": "strike", "code": "code", "plain": "code"})
# <w> waves and ~~ wave-underlines: drawn as an underline; <back:colour> paints behind the text.
_TAG_STYLE.update({"w": "underline", "back": "highlight"})
_CREOLE_STYLE = {
    "**": "bold",
    "//": "italic",
    '""': "code",
    "--": "strike",
    "__": "underline",
    "~~": "underline",
}
_MONOSPACED = re.compile(r"<font:\s*(?:monospaced|courier|mono)", re.I)
# bold, italic, code, strike, link: a run's formatting, as a tuple because runs are many.
_PLAIN: Style = (False, False, False, False, None)


@dataclass
class _Diagram:
    start: int  # 0-based index of the @startmindmap line
    end: int  # index of the @endmindmap line
    name: str


@dataclass
class _State:
    source: str
    limits: Limits
    title: str | None = None
    side: str | None = None
    warnings: list[str] = field(default_factory=list)
    roots: list[Draft] = field(default_factory=list)
    stack: list[tuple[int, Draft]] = field(default_factory=list)  # (depth, draft) still open
    count: int = 0


def _fail(message: str, source: str, line: int | None = None) -> OutlineError:
    return OutlineError(message, path=source, line=line)


def _diagrams(lines: list[str], source: str) -> list[_Diagram]:
    found: list[_Diagram] = []
    start: _Diagram | None = None
    for i, line in enumerate(lines):
        stripped = line.strip()
        match = _START.match(stripped)
        if match and start is None:
            start = _Diagram(i, -1, match.group("name").strip())
        elif _END.match(stripped) and start is not None:
            start.end = i
            found.append(start)
            start = None
    if start is not None:
        message = "@startmindmap is never closed: end the diagram with an @endmindmap line"
        raise _fail(message, source, start.start + 1)
    if not found:
        other = next((s.split()[0] for s in map(str.strip, lines) if s.lower().startswith("@start")), "")
        hint = f" (found {other}: only mind maps are read)" if other else ""
        raise _fail(f"no @startmindmap ... @endmindmap diagram{hint}", source)
    return found


def _pick(diagrams: list[_Diagram], sheet: str | None, source: str) -> _Diagram:
    if sheet is None:
        return diagrams[0]
    wanted = sheet.strip()
    if wanted.isdigit() and 1 <= int(wanted) <= len(diagrams):
        return diagrams[int(wanted) - 1]
    named = [d for d in diagrams if d.name and d.name == wanted]
    if named:
        return named[0]
    count = len(diagrams)
    names = ", ".join(repr(d.name) for d in diagrams if d.name)
    choices = f"1 to {count}" if count > 1 else "1"
    extra = f", or a name: {names}" if names else ""
    plural = "diagram" if count == 1 else "diagrams"
    raise _fail(
        f"no diagram {sheet!r}: the file has {count} mindmap {plural} (choose {choices}{extra})", source
    )


def _clean(text: str) -> str:
    return fold(text)


def _unescape(text: str) -> str:
    """Text inside `[[...]]`, where PlantUML reads escapes too (it unescapes the whole line first)."""
    return _ESCAPE.sub(lambda m: m.group()[-1], text)


def _creole(text: str) -> tuple[list[tuple[str, Style | Span]], list[str]]:
    """Formatted runs of a creole label, and the icons (`<&name>`) it names. `\\n` and
    `%newline()` are line breaks; `<:rocket:>` and `<#red:rocket:>` are emoji (the colour is
    kept: the emoji is drawn in its one-colour form where a font has one, text/measure.py),
    `<U+003B>` is the character; `<color:red>…</color>` colours its text."""
    tokens = list(_INLINE.finditer(text))
    pending: dict[str, int] = {}  # creole marker -> how many are still ahead
    for tok in tokens:
        if tok.group("creole"):
            pending[tok.group("creole")] = pending.get(tok.group("creole"), 0) + 1
    depth = {"bold": 0, "italic": 0, "code": 0, "strike": 0, "underline": 0, "highlight": 0}
    fonts: list[bool] = []  # open <font> tags: monospaced or not
    colours: list[str | None] = []  # open <color:…> tags (None: not a colour, the theme's is kept)
    open_marks: set[str] = set()
    pieces: list[tuple[str, Style | Span]] = []
    icons: list[str] = []
    at = 0

    def emit(chunk: str, link: str | None = None, color: str | None = None) -> None:
        color = color or next((c for c in reversed(colours) if c), None)
        code = depth["code"] > 0 or any(fonts)
        style = (depth["bold"] > 0, depth["italic"] > 0, code, depth["strike"] > 0, link)
        underline, highlight = depth["underline"] > 0, depth["highlight"] > 0
        marked = Span("", *style, underline=underline, highlight=highlight, color=color)
        pieces.append((chunk, marked if underline or highlight or color else style))

    for tok in tokens:
        emit(text[at : tok.start()])
        at = tok.end()
        mark, tag = tok.group("creole"), (tok.group("tag") or "").lower()
        if tok.group("escaped"):
            emit(tok.group("escaped")[-1])
        elif tok.group("link") is not None:
            target, _, label = _unescape(tok.group("link")).strip().partition(" ")
            target = re.sub(r"\{[^}]*\}", "", target)
            emit(label or target, target or None)
        elif tok.group("newline"):
            pieces.append(("", line_break()))
        elif tok.group("codepoint"):
            emit(_character(tok.group("codepoint")))
        elif tok.group("emoji"):
            emoji, tint = shortcode(tok.group("emoji")), _tint(tok.group("tint"))
            if emoji is None:  # an unknown name stays as written
                emit(tok.group())
            elif tint is None:
                emit(emoji)
            else:  # coloured: the text form (no U+FE0F, which asks for the colour picture)
                emit(emoji.replace("\ufe0f", ""), color=tint)
        elif tok.group("icon"):
            icons.append(tok.group("icon"))
        elif mark:
            pending[mark] -= 1
            if mark in open_marks or pending[mark] > 0:  # an unpaired marker is literal text
                open_marks ^= {mark}
                if mark in _CREOLE_STYLE:
                    depth[_CREOLE_STYLE[mark]] += 1 if mark in open_marks else -1
            else:
                emit(mark)
        elif tag == "color":  # <color:red>text</color>: the text in that colour (kept readable)
            colours = colours[:-1] if tok.group("close") else [*colours, _tint(_argument(tok.group()))]
        elif tag == "font":  # <font:monospaced> is code; other fonts only change the face
            fonts = fonts[:-1] if tok.group("close") else [*fonts, bool(_MONOSPACED.match(tok.group()))]
        elif tag in _TAG_STYLE:
            style = _TAG_STYLE[tag]
            depth[style] = max(0, depth[style] + (-1 if tok.group("close") else 1))
    emit(text[at:])
    return pieces, icons


def _argument(tag: str) -> str:
    """What follows a tag's name: `red` of `<color:red>` or `<color red>`."""
    return tag[1:-1].partition(":")[2].strip() if ":" in tag else tag[1:-1].partition(" ")[2].strip()


def _tint(name: str | None) -> str | None:
    """An emoji's colour as PlantUML writes it (`red`, `00ff00`, `#0` for black); None when
    there is none or it is not a colour (the emoji is then drawn in its own colours)."""
    if not name:
        return None
    if len(name) == 1 and name in "0123456789abcdefABCDEF":  # PlantUML's one-digit grey
        return "#" + name.lower() * 6
    return parse_color(name) or parse_color("#" + name)


def _character(hex_digits: str) -> str:
    code = int(hex_digits, 16)
    return chr(code) if code <= 0x10FFFF else ""


def _label(draft: Draft, raw: str) -> None:
    """Set a draft's text, spans, link, icon and class from a label as written."""
    raw = raw.rstrip()
    start = raw.rfind("<<")
    if raw.endswith(">>") and start >= 0 and "<" not in raw[start + 2 : -2] and raw[start + 2 : -2].strip():
        draft.attrs["class"] = _clean(raw[start + 2 : -2]).strip()
        raw = raw[:start]
    pieces, icons = _creole(raw)
    spans = normalize(pieces, _clean)
    draft.text = "".join(span.text for span in spans)
    draft.link = next((span.link for span in spans if span.link), None)
    draft.spans = [] if is_plain(spans) else spans
    if icons:
        draft.attrs["icon"] = ",".join(icons)


def _skip_block(lines: list[str], i: int, end: int, closer: re.Pattern[str], what: str, st: _State) -> int:
    """The index of the line closing a block opened on line index i."""
    for j in range(i + 1, end):
        if closer.match(lines[j].strip()):
            return j
    raise _fail(f"{what} opened here is never closed", st.source, i + 1)


def _skip_braces(lines: list[str], i: int, end: int, st: _State) -> int:
    """The index of the line closing a `skinparam ... {` block (braces may nest)."""
    depth = 0
    for j in range(i, end):
        depth += lines[j].count("{") - lines[j].count("}")
        if depth <= 0:
            return j
    raise _fail("skinparam block opened here is never closed with '}'", st.source, i + 1)


def _directive(lines: list[str], i: int, end: int, st: _State) -> int | None:
    """Handle a non-node line at index i; the index of its last line, or None if unknown."""
    stripped = lines[i].strip()
    low = stripped.lower()
    if low.startswith("/'"):
        return i if "'/" in stripped[2:] else _skip_block(lines, i, end, re.compile(r".*'/"), "comment", st)
    if low.startswith("'") or _IGNORED.match(low):
        return i
    if low.startswith("!"):
        if not low.startswith(("!theme", "!pragma")):
            st.warnings.append(f"line {i + 1}: preprocessor line not run: {_clean(stripped)[:60]}")
        return i
    if low.startswith("skinparam"):
        return _skip_braces(lines, i, end, st) if stripped.endswith("{") else i
    if low.startswith("<style>"):
        return i if "</style>" in low else _skip_block(lines, i, end, _BLOCK_END["<style>"], "<style>", st)
    if re.match(r"legend\b", low):
        return _skip_block(lines, i, end, _BLOCK_END["legend"], "legend", st)
    header = _HEADER.fullmatch(stripped)
    if header:
        kind = header.group(1).lower()
        closer = re.compile(rf"end\s*{kind}\b", re.I)
        return i if header.group(2) else _skip_block(lines, i, end, closer, kind, st)
    if re.match(r"title\b", low):
        rest = stripped[5:].strip()
        if rest:
            st.title = rest
            return i
        last = _skip_block(lines, i, end, re.compile(r"end\s*title\b", re.I), "title", st)
        st.title = " ".join(line.strip() for line in lines[i + 1 : last])
        return last
    side = _SIDE.fullmatch(stripped)
    if side:
        st.side = side.group(1).lower() if side.group(1).lower() in ("left", "right") else None
        return i
    return None


def _multiline(lines: list[str], i: int, end: int, first: str, st: _State) -> tuple[str, int]:
    """A `:text ... ;` label starting on line index i: its text (lines joined) and last index."""
    for j in range(i, end):
        match = _MULTI_END.fullmatch(first if j == i else lines[j])
        if match:
            parts = [first, *lines[i + 1 : j]] if j > i else []
            text = "\\n".join(p.strip() for p in [*parts, match.group("text")])  # its lines stay lines
            stereo = match.group("stereo")
            return text + (f" <<{stereo}>>" if stereo else ""), j
    message = "multi-line node opened with ':' is never closed by a line ending in ';'"
    raise _fail(message, st.source, i + 1)


def _add(draft: Draft, depth: int, st: _State) -> None:
    st.count = count_node(st.count, st.limits, st.source, draft.line)
    while st.stack and st.stack[-1][0] >= depth:
        st.stack.pop()
    (st.stack[-1][1].children if st.stack else st.roots).append(draft)
    st.stack.append((depth, draft))


def _node(lines: list[str], i: int, end: int, match: re.Match[str], st: _State) -> int:
    """Add the node starting on line index i; the index of its last line."""
    marks, rest = match.group("marks"), match.group("rest")
    last = i
    if rest.startswith(":"):
        rest, last = _multiline(lines, i, end, rest[1:], st)
    elif marks[0] != "*" and rest[:1] not in (" ", "\t", ""):
        return -1
    draft = Draft("", line=i + 1)
    _label(draft, rest)
    if match.group("boxless"):
        draft.attrs["shape"] = "plain"
    color = match.group("color")
    if color:
        value = parse_color(color) or parse_color(color[1:])
        if value:
            draft.attrs["fill"] = value
        else:
            st.warnings.append(f"line {i + 1}: colour {color!r} not recognised, left out")
    if "-" in marks:
        draft.side = "left"
    elif "+" in marks:
        draft.side = "right"
    else:
        draft.side = st.side
    depth = len(match.group("indent")) + len(marks) - 1
    _add(draft, depth, st)
    return last


def _read(lines: list[str], diagram: _Diagram, st: _State) -> None:
    i = diagram.start + 1
    while i < diagram.end:
        stripped = lines[i].strip()
        if not stripped:
            i += 1
            continue
        match = _NODE.fullmatch(lines[i])
        last = _node(lines, i, diagram.end, match, st) if match else -1
        if last < 0:
            found = _directive(lines, i, diagram.end, st)
            if found is None:
                st.warnings.append(f"line {i + 1}: not a mindmap line, left out: {_clean(stripped)[:60]}")
            last = i if found is None else found
        i = last + 1


def _prune(root: Draft) -> None:
    """model.prune, a name for an empty root, and sides kept only on main branches (a map's
    right side when some go left and the rest say nothing)."""
    prune(root)
    stack = list(root.children)
    while stack:
        draft = stack.pop()
        for child in draft.children:
            child.side = None
        stack.extend(draft.children)
    root.text, root.side = root.text or PLACEHOLDER, None
    if any(child.side == "left" for child in root.children):
        for child in root.children:
            child.side = child.side or "right"


def parse(text: str, *, source: str, limits: Limits, sheet: str | None = None) -> Tree:
    """Parse a PlantUML mindmap (LF line endings) into a Tree; `sheet` picks a diagram."""
    lines = text.removeprefix("\ufeff").split("\n")
    diagram = _pick(_diagrams(lines, source), sheet, source)
    st = _State(source, limits)
    _read(lines, diagram, st)
    if not st.roots:
        raise _fail(
            "the mindmap diagram has no nodes: start them with '* ', '+ ' or '- '", source, diagram.start + 1
        )
    title = "".join(span.text for span in normalize(_creole(st.title or "")[0], _clean)) or None
    if len(st.roots) == 1:
        root = st.roots[0]
    else:
        root = Draft(title or title_from_source(source), children=st.roots)
        st.warnings.append(f"{len(st.roots)} top-level nodes: drawn as branches of one root {root.text!r}")
    _prune(root)
    node = freeze(root, limits, path=source)
    return Tree(root=node, title=title or node.text, source=source, warnings=tuple(st.warnings))
