"""Mermaid `mindmap` diagrams: indentation gives the hierarchy, brackets give the shape.

Choices for cases the format leaves open:
- A second top-level node is an error naming its line, as Mermaid refuses it ("there can be only
  one root"): a file that draws here then draws on GitHub too.
- A line's parent is the nearest earlier node indented less; a tab counts as one column, as
  Mermaid counts it.
- A node without brackets gets no shape (the theme decides); Mermaid draws it borderless.
  Bracketed shapes are drawn as theirs (square -> box, rounded, circle, bang, cloud, hexagon)
  and the Mermaid name is kept as a class too (`mermaid-cloud`).
- `%%` starts a comment on a line of its own, after a node's brackets, or in bracketless text.
- `::icon(...)` and `:::classes` decorate the node just before them, whatever their indentation;
  `:::classes` at the end of a node's own line is taken too.
- A shape's label may run over several lines, quoted (`"..."`, a markdown string "`...`") or
  not (`root[` / `The root` / `]`), as Mermaid's lexer reads it. In a markdown string a newline
  (or `<br>`) is a line break, as Mermaid draws it; in other labels line breaks become spaces.
- After a quoted label, any of Mermaid's closers ends the shape (`("`...`"]`), as in Mermaid.
  A label in backticks without quotes (`[`**a** b`]`) is a markdown string too.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from markdown_it import MarkdownIt

from .. import safe_yaml
from ..errors import OutlineError
from ..model import PLACEHOLDER, Draft, Limits, Span, Tree, freeze, line_break, prune
from .common import count_node, fold
from .spans import Style, is_plain, normalize

# opener -> (closer, Mermaid's name, our shape); two-character openers are tried first.
_SHAPES = {
    "((": ("))", "circle", "circle"),
    "))": ("((", "bang", "bang"),
    "{{": ("}}", "hexagon", "hexagon"),
    "(": (")", "rounded", "rounded"),
    ")": ("(", "cloud", "cloud"),
    "[": ("]", "square", "box"),
}
# Mermaid ends a shape at whichever of these comes first, whatever opened it.
_ANY_CLOSER = re.compile(r"\)\)|\(\(|\}\}|[)\](]")
_MAX_SPAN = 50  # lines one shape label may run over; past that the bracket is taken as unclosed
_OPENER = re.compile(r"\(\(|\)\)|\{\{|[()\[]")
_SPACES = re.compile(r"\s*")
_BARE_CLASS = re.compile(r"\s:::")
_ICON = re.compile(r"::icon\((?P<icon>[^)]*)\)\s*(?:%%.*)?")
_BR = re.compile(r"<br\s*/?>", re.I)
_STYLES = {"strong": "bold", "em": "italic"}
_md: MarkdownIt | None = None  # built on first use
# bold, italic, code, strike, link: a run's formatting, as a tuple because runs are many.
_PLAIN: Style = (False, False, False, False, None)


def _fail(message: str, source: str, line: int | None) -> OutlineError:
    return OutlineError(message, path=source, line=line)


def _frontmatter(lines: list[str], start: int, source: str) -> tuple[str | None, int]:
    """The title of frontmatter opening at `start` (a '---' line) and the index after it."""
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == "---"), 0)
    if not end:
        message = "frontmatter opened by '---' is never closed; end it with a '---' line"
        raise _fail(message, source, start + 1)
    try:
        data: Any = safe_yaml.load("\n".join(lines[start + 1 : end]))
    except (yaml.YAMLError, RecursionError) as exc:
        where = safe_yaml.error_line(exc) if isinstance(exc, yaml.YAMLError) else None
        problem = getattr(exc, "problem", None) or exc
        message = f"invalid YAML in frontmatter: {problem}"
        if isinstance(exc, safe_yaml.AliasError):
            message = "frontmatter: YAML aliases (*name) are not allowed; write the value out"
        raise _fail(message, source, start + 1 + (where or 1)) from None
    if not isinstance(data, dict | None):
        message = f"frontmatter must be keys and values (like 'title: My map'), not a {type(data).__name__}"
        raise _fail(message, source, start + 2)
    title = (data or {}).get("title")
    if title is not None and not isinstance(title, (str, int, float)):
        raise _fail("frontmatter 'title' must be text", source, start + 2)
    text = _clean(str(title)).strip() if title is not None else ""
    return text or None, end + 1


def _header(lines: list[str], source: str) -> tuple[str | None, int]:
    """Frontmatter title and the index of the line after `mindmap`; anything else is an error."""
    title, i = None, 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and lines[i].strip() == "---":
        title, i = _frontmatter(lines, i, source)
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped.lower() == "mindmap":
            return title, i + 1
        if stripped.startswith("%%{") and "}%%" not in stripped:
            i = _directive_end(lines, i, source)
        elif stripped and not stripped.startswith("%%"):
            shown = stripped if len(stripped) <= 40 else stripped[:40] + "…"
            message = (
                f"expected 'mindmap' but found {shown!r}: this reader takes Mermaid mindmap diagrams"
                " only (frontmatter, %% comments and %%{init}%% directives may come before it)"
            )
            raise _fail(message, source, i + 1)
        i += 1
    raise _fail("no 'mindmap' line: this reader takes Mermaid mindmap diagrams only", source, None)


def _directive_end(lines: list[str], start: int, source: str) -> int:
    """The index of the line closing a `%%{ ... }%%` directive that spans lines."""
    for i in range(start + 1, len(lines)):
        if "}%%" in lines[i]:
            return i
    raise _fail("directive opened by '%%{' is never closed with '}%%'", source, start + 1)


def _clean(text: str) -> str:
    return fold(_BR.sub(" ", text))


def _markdown(text: str) -> list[tuple[str, Style | Span]]:
    """Bold and italic runs of a markdown string, as Mermaid reads them: its newlines and `<br>`s
    are line breaks."""
    global _md
    if _md is None:
        _md = MarkdownIt("zero", {"maxNesting": 20}).enable(["emphasis", "newline"])
    tokens = _md.parseInline(_BR.sub("\n", text))
    depth = {"bold": 0, "italic": 0}
    pieces: list[tuple[str, Style | Span]] = []
    for tok in (tokens[0].children or []) if tokens else []:
        kind, _, edge = tok.type.rpartition("_")
        if kind in _STYLES and edge in ("open", "close"):
            depth[_STYLES[kind]] += 1 if edge == "open" else -1
        elif tok.type in ("softbreak", "hardbreak"):
            pieces.append(("", line_break()))
        else:
            pieces.append((tok.content, (depth["bold"] > 0, depth["italic"] > 0, False, False, None)))
    return pieces


def _set_label(draft: Draft, text: str, markdown: bool) -> None:
    spans = normalize(_markdown(text) if markdown else [(text, _PLAIN)], _clean)
    draft.text = "".join(span.text for span in spans)
    draft.spans = [] if is_plain(spans) else spans


def _add_classes(draft: Draft, classes: str) -> None:
    names = [name for name in _clean(classes).split(" ") if name]
    if names:
        old = draft.attrs.get("class")
        draft.attrs["class"] = ",".join(([old] if old else []) + names)


def _quoted(inner: str, number: int, source: str) -> tuple[str, str, bool] | None:
    """(label, text after the closing quote, markdown?) of a quoted label, None if unquoted."""
    body = inner.lstrip()
    if not body.startswith('"'):
        return None
    markdown = body.startswith('"`')
    quote = '`"' if markdown else '"'
    start = 2 if markdown else 1
    end = body.find(quote, start)
    if end < 0:
        kind = "markdown string" if markdown else "quoted label"
        raise _fail(f"{kind} is never closed with {quote!r}", source, number)
    return body[start:end], body[end + len(quote) :], markdown


def _opener(content: str) -> re.Match[str] | None:
    """The bracket opening a node's shape; None for bracketless text (maybe with a comment)."""
    match = _OPENER.search(content)
    comment = content.find("%%")
    return None if match is None or 0 <= comment < match.start() else match


def _tail(text: str, pos: int) -> str | None:
    """The classes after a node's closing bracket at `pos` ('' if none), or None if other text
    follows: a tail is blank, a `%%` comment, or `:::classes` (up to a comment)."""
    spaces = _SPACES.match(text, pos)
    pos = spaces.end() if spaces else pos
    if pos == len(text) or text.startswith("%%", pos):
        return ""
    if text.startswith(":::", pos):
        return text[pos + 3 :].split("%%", 1)[0]
    return None


def _node(content: str, number: int, source: str) -> Draft:
    """A node from a line's content (indentation and own-line comments already gone)."""
    match = _opener(content)
    if match is None:
        text = content.split("%%", 1)[0]
        bare = _BARE_CLASS.search(text)
        draft = Draft("", line=number)
        _set_label(draft, text[: bare.start()] if bare else text, markdown=False)
        if bare:
            _add_classes(draft, text[bare.end() :])
        return draft
    opener = match.group()
    closer, name, shape = _SHAPES[opener]
    inner = content[match.end() :]
    quoted = _quoted(inner, number, source)
    if quoted:
        label, rest, markdown = quoted
        rest = rest.lstrip()
        end = _ANY_CLOSER.match(rest)
        tail = _tail(rest, end.end()) if end else None
    else:
        label, markdown, tail = "", False, None
        for found in re.finditer(re.escape(closer), inner):
            tail = _tail(inner, found.end())
            if tail is not None:
                label = inner[: found.start()]
                break
        ticked = label.strip()
        if len(ticked) > 1 and ticked[0] == ticked[-1] == "`":  # `[`**a** b`]`: Mermaid reads markdown
            label, markdown = ticked[1:-1], True
    if tail is None:
        message = f"node shape opened by {opener!r} is not closed by {closer!r} at the end of the line"
        raise _fail(message, source, number)
    draft = Draft("", line=number, attrs={"shape": shape, "class": f"mermaid-{name}"})
    _set_label(draft, label, markdown)
    if not draft.text:  # `id[]`: Mermaid shows nothing; the id is the better label
        _set_label(draft, content[: match.start()], markdown=False)
    _add_classes(draft, tail)
    return draft


def _statement(lines: list[str], i: int, source: str) -> tuple[str, int]:
    """The content of the statement starting at line index i (a quoted label may span lines)
    and the index of its last line."""
    content = lines[i].strip()
    match = _opener(content)
    if match is None or content.startswith("::"):
        return content, i
    body = content[match.end() :].lstrip()
    quote = '`"' if body.startswith('"`') else '"' if body.startswith('"') else None
    if quote is None:
        closer = _SHAPES[match.group()][0]
        if closer in body:
            return content, i
        for j in range(i + 1, min(len(lines), i + 1 + _MAX_SPAN)):
            if closer in lines[j]:
                return "\n".join([content, *(line.strip() for line in lines[i + 1 : j + 1])]), j
        return content, i  # unclosed: _node names the line
    if body.find(quote, len(quote)) >= 0:
        return content, i
    for j in range(i + 1, len(lines)):
        if quote in lines[j]:
            return "\n".join([content, *lines[i + 1 : j + 1]]), j
    return content, i  # unclosed: _quoted names the line


def _decorate(last: Draft | None, content: str, number: int, source: str) -> None:
    """Apply an `::icon(...)` or `:::classes` line to the node before it."""
    if last is None:
        raise _fail(f"{content.split('(')[0]!r} comes before any node to decorate", source, number)
    icon = _ICON.fullmatch(content)
    if icon:
        value = _clean(icon.group("icon")).strip()
        if value:
            last.attrs["icon"] = value
    else:
        _add_classes(last, content[3:].split("%%", 1)[0])


class _Tree:
    """The nodes read so far: the root and a stack of (indent, draft) still open."""

    def __init__(self, source: str, limits: Limits) -> None:
        self.source, self.limits = source, limits
        self.root: Draft | None = None
        self.last: Draft | None = None
        self.stack: list[tuple[int, Draft]] = []
        self.count = 0

    def add(self, draft: Draft, indent: int, content: str) -> None:
        self.count = count_node(self.count, self.limits, self.source, draft.line)
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        if self.root is None:
            self.root = draft
        elif not self.stack:
            shown = content.split("\n", 1)[0][:40]
            message = (
                f"a second top-level node {shown!r}: a Mermaid mindmap has one root"
                f" ({self.root.text!r} on line {self.root.line}); indent this line more than the root"
            )
            raise _fail(message, self.source, draft.line)
        else:
            self.stack[-1][1].add(draft)
        self.stack.append((indent, draft))
        self.last = draft


def _build(lines: list[str], start: int, source: str, limits: Limits) -> Draft:
    """The root node, with the tree built from the lines after `mindmap`."""
    tree = _Tree(source, limits)
    i = start
    while i < len(lines):
        line, number = lines[i], i + 1
        stripped = line.strip()
        if stripped.startswith("%%{") and "}%%" not in stripped:
            i = _directive_end(lines, i, source) + 1
            continue
        if not stripped or stripped.startswith("%%"):
            i += 1
            continue
        content, i = _statement(lines, i, source)
        i += 1
        if content.startswith(":::") or _ICON.fullmatch(content):
            _decorate(tree.last, content, number, source)
        else:
            tree.add(_node(content, number, source), len(line) - len(line.lstrip()), content)
    if tree.root is None:
        raise _fail("no nodes after 'mindmap': nothing to draw", source, start)
    return tree.root


def parse(text: str, *, source: str, limits: Limits, sheet: str | None = None) -> Tree:
    """Parse a Mermaid mindmap (LF line endings) into a Tree."""
    lines = text.removeprefix("\ufeff").split("\n")
    title, start = _header(lines, source)
    root = _build(lines, start, source, limits)
    prune(root)
    root.text = root.text or PLACEHOLDER
    node = freeze(root, limits, path=source)
    return Tree(root=node, title=title or node.text, source=source)
