"""The outline model every parser produces: an immutable Tree of Nodes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from .errors import LimitError

PLACEHOLDER = "…"  # the label of a topic that has none but holds something
# What no output can carry: the control characters XML 1.0 forbids (C0 but tab, LF and CR),
# surrogates, and the noncharacters (U+FDD0-U+FDEF and the last two code points of every plane).
_NONCHARACTERS = r"\ufdd0-\ufdef" + "".join(
    f"\\U{plane << 16 | 0xFFFE:08x}\\U{plane << 16 | 0xFFFF:08x}" for plane in range(17)
)
_UNFIT = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff{_NONCHARACTERS}]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_WS = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """`text` without the characters no output can carry, for every string a parser hands on.

    A lone surrogate (only JSON and YAML escapes such as `\\ud800` make one) becomes U+FFFD, the
    replacement character, so the reader sees that something was there; an escaped surrogate pair
    becomes the character it stands for. Noncharacters (U+FFFE, U+FFFF, U+FDD0-U+FDEF, ...) and
    the C0 controls XML forbids are dropped: they have no glyph, UTF-8 output or Graphviz fail on
    them, and parsers already drop the other controls from labels. `freeze()` applies this to
    every node (label, spans, note, link, attrs) and `parsers.parse()` to the map-level text
    (title, tags, cross-link labels, warnings), so no parser has to remember it.

    >>> clean_text("a\\ud800b\\uffff")
    'a\\ufffdb'
    """
    if text.isprintable() or not _UNFIT.search(text):  # isprintable(): the fast common case
        return text
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return _UNFIT.sub("", text)


def clean_folded(text: str) -> str:
    """`clean_text` for a label parsers have folded to one line: a dropped character must not
    leave two spaces behind (`a \\uffff b` is `a b`)."""
    cleaned = clean_text(text)
    return cleaned if cleaned is text else " ".join(cleaned.split())


@dataclass(frozen=True)
class Span:
    """A run of label text with inline formatting.

    `math` runs hold TeX source (`E = mc^2`, without the dollars) that is drawn as math; a
    `br` run is an explicit line break (its text is "\\n"): `<br>`, a Markdown hard break,
    PlantUML's `\\n`. Parsers make one with `line_break()`. `color` (#rrggbb) is a colour the
    outline gives the run (PlantUML's `<#red:heavy_check_mark:>`): its emoji are drawn in their
    one-colour form, in that colour (text/measure.py).
    """

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    link: str | None = None
    underline: bool = False
    highlight: bool = False  # `==marked==`: drawn on a highlighter-coloured band
    math: bool = False
    br: bool = False
    color: str | None = None


def line_break() -> Span:
    """The span of an explicit line break inside a label."""
    return Span("\n", br=True)


def is_plain_span(span: Span) -> bool:
    """No formatting at all: the span reads the same as plain text."""
    return span == Span(span.text)


@dataclass(frozen=True)
class Node:
    """One topic of the map. `spans` is empty when the text carries no formatting."""

    text: str
    spans: tuple[Span, ...] = ()
    note: str | None = None
    link: str | None = None
    checked: bool | None = None
    attrs: tuple[tuple[str, str], ...] = ()
    folded: bool = False
    side: str | None = None  # "left" / "right": a placement hint from the input
    line: int | None = None  # 1-based source line, for messages
    children: tuple[Node, ...] = ()

    def runs(self) -> tuple[Span, ...]:
        """The label as spans; plain text is one unformatted span."""
        return self.spans or (Span(self.text),)


@dataclass(frozen=True)
class CrossLink:
    """An arrow between two nodes outside the tree structure (FreeMind arrowlink, XMind
    relationship); `source` and `target` are node ids as `walk()` gives them (`n0_1_2`)."""

    source: str
    target: str
    label: str | None = None


@dataclass(frozen=True)
class Tree:
    """A parsed outline: the root node plus map metadata.

    `warnings` are things the parser dropped or could not honour (shown to the user, not
    fatal). Node attrs use these keys, each value already validated by the parser:
    `color` (branch colour, #rrggbb), `fill` and `text` (colours), `shape` (a theme shape),
    `icon`, `markers` and `tags` (comma-separated), `todo` (a keyword such as TODO), `class`,
    `image` (a picture's src, drawn in the node under draw/pictures.py's rules, else a mark) and
    `image_caption` ("name": the label is only the picture's file name, not drawn with it).
    """

    root: Node
    title: str
    theme: str | None = None
    layout: str | None = None
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    source: str | None = None
    crosslinks: tuple[CrossLink, ...] = ()
    warnings: tuple[str, ...] = ()
    theme_overrides: str | None = None  # JSON of a per-map theme mapping from frontmatter
    key_lines: tuple[tuple[str, int], ...] = ()  # the line of each metadata key (frontmatter), for errors

    def line_of(self, key: str) -> int | None:
        return dict(self.key_lines).get(key)


@dataclass(frozen=True)
class Limits:
    """Bounds on one input; each has a CLI flag."""

    max_bytes: int = 10_000_000
    max_nodes: int = 20_000
    max_depth: int = 100
    max_label: int = 2_000
    max_pixels: int = 100_000_000
    timeout: float = 60.0
    max_children: int = 5_000
    max_image: int = 2_000_000  # bytes of one picture file drawn in a topic (draw/pictures.py)


@dataclass
class Draft:
    """A mutable node used while parsing; `freeze()` turns a draft tree into Nodes."""

    text: str
    spans: list[Span] = field(default_factory=list)
    note: str | None = None
    link: str | None = None
    checked: bool | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    folded: bool = False
    side: str | None = None
    line: int | None = None
    children: list[Draft] = field(default_factory=list)

    def add(self, child: Draft) -> Draft:
        self.children.append(child)
        return child


def prune(root: Draft) -> None:
    """Drop the topics below `root` that hold nothing (no text, note or children) and label the
    other untitled ones with PLACEHOLDER; children before parents, without recursion. The root
    itself is the parser's to name."""
    order: list[Draft] = []
    stack = [root]
    while stack:
        draft = stack.pop()
        order.append(draft)
        stack.extend(draft.children)
    for draft in reversed(order):
        draft.children = [c for c in draft.children if c.text or c.children or c.note]
        for child in draft.children:
            child.text = child.text or PLACEHOLDER


def freeze(root: Draft, limits: Limits | None = None, path: str | None = None) -> Node:
    """Build immutable Nodes bottom-up without recursion, enforcing node and depth limits.

    >>> freeze(Draft("root", children=[Draft("a")])).children[0].text
    'a'
    """
    limits = limits or Limits()
    order: list[tuple[Draft, int]] = []
    stack = [(root, 0)]
    while stack:
        draft, depth = stack.pop()
        if depth > limits.max_depth:
            raise LimitError(
                f"outline is nested {depth} levels deep, over the limit of {limits.max_depth}"
                " (raise it with --limit-depth)",
                path=path,
                line=draft.line,
            )
        if len(draft.children) > limits.max_children:
            raise LimitError(
                f"a topic has {len(draft.children):,} children, over the limit of {limits.max_children:,}"
                " (raise it with --limit-children)",
                path=path,
                line=draft.line,
            )
        order.append((draft, depth))
        if len(order) > limits.max_nodes:
            raise LimitError(
                f"outline has more than {limits.max_nodes} nodes (raise the limit with --limit-nodes)",
                path=path,
            )
        stack.extend((child, depth + 1) for child in draft.children)
    built: dict[int, Node] = {}
    for draft, _ in reversed(order):
        built[id(draft)] = _node(draft, tuple(built.pop(id(c)) for c in draft.children))
    return built[id(root)]


def _node(draft: Draft, children: tuple[Node, ...]) -> Node:
    """The Node of a draft, every string cleaned (`clean_text`); a label left with nothing is
    the placeholder, as parsers label a topic that has no text of its own. The plain text is one
    line: explicit line breaks live in the spans."""
    text = " ".join(draft.text.split()) if "\n" in draft.text else draft.text  # a line break's "\n"
    return Node(
        text=clean_folded(text) or (PLACEHOLDER if draft.text else ""),
        spans=_clean_spans(draft.spans),
        note=draft.note and (clean_text(draft.note) or None),
        link=draft.link and (clean_text(draft.link) or None),
        checked=draft.checked,
        attrs=_clean_attrs(draft.attrs),
        folded=draft.folded,
        side=draft.side,
        line=draft.line,
        children=children,
    )


def _clean_attrs(attrs: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Sorted by key, values cleaned; one that held nothing but unfit characters is dropped."""
    cleaned = ((key, value, clean_text(value)) for key, value in attrs.items())
    return tuple(sorted((key, clean) for key, value, clean in cleaned if clean or not value))


def _clean_spans(spans: list[Span]) -> tuple[Span, ...]:
    if not spans:
        return ()
    cleaned = [_clean_span(span) for span in spans]
    if all(new is old for new, old in zip(cleaned, spans, strict=True)):
        return tuple(spans)
    return tuple(fold_spans(cleaned, lambda text: _WS.sub(" ", text)))  # a dropped character's spaces


def _clean_span(span: Span) -> Span:
    text = clean_text(span.text)
    link = span.link and clean_text(span.link)
    return span if text is span.text and link is span.link else replace(span, text=text, link=link)


def fold_spans(pieces: Iterable[Span], clean: Callable[[str], str]) -> list[Span]:
    """Runs as a label holds them: each piece's text through `clean` (which makes whitespace
    single spaces), whitespace collapsed across runs, the ends stripped, runs formatted alike
    merged. A line break (`br`) drops the spaces on either side of it; breaks at the ends of the
    label are dropped."""
    out: list[Span] = []
    after_space = True  # drops leading whitespace
    for piece in pieces:
        if piece.br:
            _strip_last(out)
            if out:
                out.append(line_break())
            after_space = True
            continue
        text = clean(piece.text)
        text = text.lstrip(" ") if after_space else text
        if not text:
            continue
        after_space = text.endswith(" ")
        if out and not out[-1].br and replace(out[-1], text="") == replace(piece, text=""):
            out[-1] = replace(out[-1], text=out[-1].text + text)
        else:
            out.append(replace(piece, text=text))
    _strip_last(out)
    while out and out[-1].br:
        out.pop()
        _strip_last(out)
    return out


def _strip_last(out: list[Span]) -> None:
    """Trailing spaces off the last run (dropped when nothing else is left of it)."""
    while out and not out[-1].br and not out[-1].text.rstrip(" "):
        out.pop()  # a lone trailing space run
    if out and not out[-1].br:
        out[-1] = replace(out[-1], text=out[-1].text.rstrip(" "))


@dataclass(frozen=True)
class Placed:
    """A node seen in a pre-order walk: its stable id, parent id, depth and main branch."""

    id: str
    parent: str | None
    depth: int
    branch: int  # index of the main branch (child of the root) it belongs to; -1 for the root
    index: int  # position among its siblings
    node: Node
    main: str | None = None  # id of its main branch (itself at depth 1); None for the root


def walk(root: Node) -> Iterator[Placed]:
    """Pre-order walk, iterative, with ids derived from position (`n0`, `n0_2`, `n0_2_1`)."""
    stack: list[tuple[Node, str, str | None, int, int, int, str | None]]
    stack = [(root, "n0", None, 0, -1, 0, None)]
    while stack:
        node, nid, parent, depth, branch, index, main = stack.pop()
        yield Placed(nid, parent, depth, branch, index, node, main)
        for i in range(len(node.children) - 1, -1, -1):
            kid = f"{nid}_{i}"
            child_branch, child_main = (i, kid) if depth == 0 else (branch, main)
            stack.append((node.children[i], kid, nid, depth + 1, child_branch, i, child_main))


def draft_ids(root: Draft) -> dict[int, str]:
    """`id(draft) -> node id` for a draft tree, the ids `walk()` gives the frozen tree, so a
    parser can turn links between drafts into CrossLinks."""
    ids: dict[int, str] = {}
    stack = [(root, "n0")]
    while stack:
        draft, nid = stack.pop()
        ids[id(draft)] = nid
        stack.extend((child, f"{nid}_{i}") for i, child in enumerate(draft.children))
    return ids


def count_nodes(root: Node) -> int:
    return sum(1 for _ in walk(root))
