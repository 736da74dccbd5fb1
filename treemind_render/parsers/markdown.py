"""Markdown outlines: headings and list items become topics, other blocks become notes.

Choices for cases the format leaves open:
- Exactly one H1: it is the root. Otherwise the root is the frontmatter title or the file name.
- An item's label is its first paragraph; later paragraphs, code, tables and quotes are its note.
- An image (`![alt](src)`, or an inline `<img>`) is a picture mark (attr `image`) beside the
  label; an image-only heading or item is labelled with the alt text, else the file name.
- A heading or item with no text is dropped when nothing hangs under it (no children, no note);
  otherwise it is labelled "…" so what it holds is not lost.
- A line 1 of "---" opens frontmatter, which must be closed by "---" or "..." (else an error).
- ```` ```markmap ```` fences are part of the outline, in place, and markmap's options
  (`initialExpandLevel`, `colorFreezeLevel`, `maxWidth`) are honoured: see markmap.py.
- No headings and no list items is an error, unless the frontmatter has a title: then the map is
  that one topic, with the paragraphs as its note.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

from ..colors import COLOR_FORMS, parse_color
from ..errors import LimitError, OutlineError
from ..model import CrossLink, Draft, Limits, Span, Tree, draft_ids, fold_spans, freeze, line_break, prune
from . import markmap, title_from_source
from .common import CONTROL, add_image, fold, html_images
from .spans import emojize

# markdown-it recurses once or twice per block level, so the block nesting it may reach is capped
# well below Python's recursion limit, whatever --limit-depth says.
_BLOCK_NESTING_CAP = 300
# Labels never need deep inline nesting, and the inline parser recurses per nested "[".
_INLINE_NESTING = 20
# Lines that open a list item or heading (maybe inside quotes), for a cheap count before parsing.
_TOPIC_LINE = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)]|#{1,6})(?:[ \t]|$)", re.MULTILINE)
_TASK = re.compile(r"\[([ xX])\](?:\s+|$)")
# CommonMark's backslash escapes (any ASCII punctuation), to tell `\[x\]` or `\{color=red}` from markup.
_ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")
_STYLES = {"strong": "bold", "em": "italic", "s": "strike"}
# Raw HTML is off, so these few inline tags arrive as text (an escaped `\<br>` or `&lt;br&gt;` arrives
# split, as text_special, and stays text); `==marked==` inside one text run is a highlight.
_INLINE_MARKUP = re.compile(
    r"<br\s*/?>|<(/?)(u|ins|mark|s|del|strike|b|strong|i|em)>|==(?=\S)(.+?)(?<=\S)==", re.IGNORECASE
)
_TAG_STYLES = {"u": "underline", "ins": "underline", "mark": "highlight", "s": "strike", "del": "strike"}
_TAG_STYLES.update({"strike": "strike", "b": "bold", "strong": "bold", "i": "italic", "em": "italic"})


@dataclass
class _Item:
    """An open list item: its draft, and whether its label paragraph has been seen."""

    draft: Draft
    labelled: bool = False


def _split_frontmatter(text: str, source: str) -> tuple[dict[str, Any], str]:
    """Checked frontmatter values and the body, whose frontmatter lines are blanked so that
    markdown-it's line numbers count them."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, text
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), 0)
    if not end:
        message = "frontmatter opened by '---' on line 1 is never closed; end it with a '---' line"
        raise OutlineError(message, path=source, line=1)
    front = _check_front(_load_yaml("\n".join(lines[1:end]), source), lines[1:end], source)
    return front, "\n" * (end + 1) + "\n".join(lines[end + 1 :])


def _load_yaml(content: str, source: str) -> dict[str, Any]:
    import yaml  # only for a map with front matter: PyYAML is ~10 ms of a one-shot's start-up

    from .. import safe_yaml

    try:
        data = safe_yaml.load(content)
    except safe_yaml.AliasError as exc:
        raise OutlineError(f"frontmatter: {exc}", path=source, line=exc.line + 1) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1  # +1 for the opening '---', +1 for 1-based
        raise OutlineError(
            f"invalid YAML in frontmatter: {exc.problem or exc}", path=source, line=line
        ) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise OutlineError(f"invalid YAML in frontmatter: {exc}", path=source, line=1) from None
    if not isinstance(data, dict | None):
        kind = type(data).__name__
        message = f"frontmatter must be keys and values (like 'title: My map'), not a {kind}"
        raise OutlineError(message, path=source, line=2)
    return data or {}


def _check_front(data: dict[str, Any], lines: list[str], source: str) -> dict[str, Any]:
    """The known keys, type-checked; unknown keys are ignored."""

    def fail(key: str, wanted: str) -> OutlineError:
        found = next((i for i, s in enumerate(lines) if re.match(rf"{key}\s*:", s)), -1)
        got = type(data[key]).__name__
        return OutlineError(
            f"frontmatter key '{key}' must be {wanted}, not {got}", path=source, line=found + 2
        )

    data = dict(data)
    overrides = None
    if isinstance(data.get("theme"), dict):  # a per-map theme: keys over a built-in theme
        overrides = json.dumps(data.pop("theme"), sort_keys=True, default=str)
    markmap_options = markmap.read_options(data)
    for key in ("title", "theme", "layout"):
        if _is_scalar(data.get(key)):  # `title: 1984` or a date means the text as written
            data[key] = str(data[key])
        if data.get(key) is not None and not isinstance(data[key], str):
            raise fail(key, f'a string (quote it: {key}: "...")')
    for key in ("tags", "related"):
        value = data.get(key)
        if isinstance(value, str) or _is_scalar(value):
            value = data[key] = [str(value)]
        if isinstance(value, list) and all(_is_scalar(v) or isinstance(v, str) for v in value):
            value = data[key] = [str(v) for v in value]
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise fail(key, f"a list of strings (like {key}: [one, two])")
    known: dict[str, Any] = {key: data.get(key) or None for key in ("theme", "layout")}
    known.update({key: tuple(data.get(key) or ()) for key in ("tags", "related")})
    at = {k: i + 2 for k in ("theme", "layout") for i, s in enumerate(lines) if re.match(rf"{k}\s*:", s)}
    known["key_lines"] = tuple(sorted(at.items()))  # +1 for the opening '---', +1 for 1-based
    title = _clean(data.get("title") or "").strip() or None
    return {"title": title, "theme_overrides": overrides, "markmap": markmap_options, **known}


def _is_scalar(value: Any) -> bool:
    """Numbers and dates, which YAML reads from unquoted text (booleans are not taken)."""
    import datetime

    return isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool)


def _shallow_inline(state: StateCore) -> None:
    # Runs between the block and inline core rules: blocks may nest deep, inline need not.
    state.md.options["maxNesting"] = _INLINE_NESTING


def _check_size(body: str, source: str, limits: Limits) -> None:
    """Refuse inputs with far too many topics before markdown-it sees them: its tokens take
    about 2 KB per list item, so millions of tiny items would eat gigabytes before freeze()
    counts nodes. The count is approximate (code can hold look-alike lines), hence the slack."""
    count = len(_TOPIC_LINE.findall(body))
    if count > 2 * limits.max_nodes:
        raise LimitError(
            f"outline has about {count:,} list items and headings, far over the limit of"
            f" {limits.max_nodes:,} nodes (raise it with --limit-nodes)",
            path=source,
        )


def _tokenize(body: str, source: str, limits: Limits) -> list[Token]:
    """Block tokens; fails rather than let markdown-it silently drop over-deep content."""
    _check_size(body, source, limits)
    nesting = min(2 * limits.max_depth + 8, _BLOCK_NESTING_CAP)
    md = MarkdownIt("commonmark", {"html": False, "maxNesting": nesting})
    md.enable(["strikethrough", "table"])
    # `$x^2$` and `$$x$$` are math (as markmap reads them); `\$5` and `$5 or $10` stay dollars
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.disable("text_join")  # keeps escapes apart from text, so `\<br>` is not a break
    md.core.ruler.after("block", "treemind_shallow_inline", _shallow_inline)
    hint = "raise --limit-depth" if nesting < _BLOCK_NESTING_CAP else "the most this reader takes"
    message = f"Markdown lists or quotes are nested over {(nesting - 8) // 2} levels deep ({hint})"
    try:
        tokens = md.parse(body)
    except RecursionError:
        raise LimitError(message, path=source) from None
    for tok in tokens:
        # Past maxNesting markdown-it skips the rest of the container without a word.
        if tok.nesting == 1 and tok.level >= nesting - 1:
            raise LimitError(message, path=source, line=tok.map[0] + 1 if tok.map else None)
    return tokens


def _clean(text: str) -> str:
    return fold(text)


def _flat_text(tokens: list[Token]) -> str:
    """Plain text of inline tokens: image alt text included, formatting dropped."""
    out: list[str] = []
    stack = list(reversed(tokens))  # images hold their alt text as children
    while stack:
        tok = stack.pop()
        if tok.type in ("text", "text_special", "code_inline"):
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" " if tok.type == "softbreak" else "\n")
        elif tok.type in ("math_inline", "math_inline_double"):
            dollars = "$$" if tok.type.endswith("double") else "$"
            out.append(f"{dollars}{tok.content}{dollars}")
        elif tok.type == "image":
            stack.extend(reversed(tok.children or []))
    return "".join(out)


def _pieces(tokens: list[Token]) -> list[Span]:
    """Raw formatted runs of an inline token's children."""
    depth = dict.fromkeys([*_STYLES.values(), "underline", "highlight"], 0)
    links: list[str | None] = []
    out: list[Span] = []
    for tok in tokens:
        kind, _, edge = tok.type.rpartition("_")
        flags: dict[str, Any] = {style: n > 0 for style, n in depth.items()}  # Span's bool fields
        link = links[-1] if links else None
        if kind in _STYLES and edge in ("open", "close"):
            depth[_STYLES[kind]] += 1 if edge == "open" else -1
        elif tok.type == "link_open":
            links.append(str(tok.attrGet("href") or "") or None)
        elif tok.type == "link_close" and links:
            links.pop()
        elif tok.type == "hardbreak":  # two trailing spaces or a backslash at the line's end
            out.append(line_break())
        elif tok.type in ("math_inline", "math_inline_double"):
            out.append(Span(tok.content, math=True, link=link, **flags))
        elif tok.type == "text":
            out.extend(_text_markup(tok.content, depth, link))
        else:
            text = " " if tok.type == "softbreak" else _flat_text([tok])
            out.append(Span(text, code=tok.type == "code_inline", link=link, **flags))
    return out


def _text_markup(text: str, depth: dict[str, int], link: str | None) -> list[Span]:
    """A text run split at `<br>`, the inline tags `<u> <mark> <s> <b> <i>` (and their kin) and
    `==marked==`; `depth` carries open tags on to the following runs. `:rocket:` shortcodes
    become their emoji."""
    text = emojize(text)
    out: list[Span] = []
    start = 0
    flags: dict[str, Any]  # Span's bool fields
    for found in _INLINE_MARKUP.finditer(text):
        flags = {style: n > 0 for style, n in depth.items()}
        out.append(Span(text[start : found.start()], link=link, **flags))
        start = found.end()
        if found.group(3) is not None:
            out.append(Span(found.group(3), link=link, **{**flags, "highlight": True}))
        elif found.group(2):
            style = _TAG_STYLES[found.group(2).lower()]
            depth[style] = max(0, depth[style] + (-1 if found.group(1) else 1))
        else:
            out.append(line_break())
    flags = {style: n > 0 for style, n in depth.items()}
    out.append(Span(text[start:], link=link, **flags))
    return [span for span in out if span.text]


def _style(span: Span) -> Span:
    return replace(span, text="")


def _label(draft: Draft, inline: Token, task: bool = False) -> None:
    """Set a draft's text, spans, link (and task box) from an inline token."""
    images = _images(inline.children or [])
    pieces = [_without_html_images(piece) for piece in _pieces(inline.children or [])]
    source = _ESCAPED.sub("\0\0", inline.content)  # `\[x\] done` is text starting "[x]", no task
    if task and pieces and _style(pieces[0]) == Span("") and _TASK.match(source):
        match = _TASK.match(pieces[0].text)
        if match:
            draft.checked = match.group(1) != " "
            pieces[0] = Span(pieces[0].text[match.end() :])
    spans = _trailing_markup(draft, fold_spans(pieces, _clean), source)
    draft.text = "".join(span.text for span in spans)
    draft.link = next((span.link for span in spans if span.link), None)
    if draft.link is None and images:  # a linked picture, `[![](logo.png)](url)`: the node's link
        hrefs = (tok.attrs.get("href") for tok in inline.children or [] if tok.type == "link_open")
        draft.link = next((str(h) for h in hrefs if h), None)
    if len(spans) == 1 and _style(spans[0]) == Span("", link=spans[0].link):
        spans = [Span(spans[0].text)]  # a label that is one plain link: text plus the node's link
    plain = all(_style(span) == Span("") for span in spans)
    draft.spans = [] if plain else spans
    add_image(draft, images)  # a picture mark; an image-only item is labelled by its alt text or file


# Raw HTML is off, so an inline <img> (a README badge) and the <a> around it arrive as text.
_HTML_IMAGE = re.compile(r"<img\b[^<>]*>|</?a\b[^<>]*>", re.I)


def _images(tokens: list[Token]) -> list[tuple[str, str]]:
    """(src, alt) of the label's images: `![alt](src)` and inline `<img src alt>`."""
    found: list[tuple[str, str]] = []
    for tok in tokens:
        if tok.type == "image":
            found.append(
                (str(tok.attrGet("src") or "").strip(), _clean(_flat_text(tok.children or [])).strip())
            )
        elif tok.type == "text" and "<img" in tok.content.lower():
            found.extend(html_images(tok.content))
    return found


def _without_html_images(span: Span) -> Span:
    return replace(span, text=_HTML_IMAGE.sub("", span.text)) if "<" in span.text and not span.code else span


# `<!-- fold -->` (or markmap's `<!-- markmap: fold -->`) and `{color=#c0392b fill=... text=...}`
# at the end of a label; raw HTML is off, so both arrive as plain text.
_FOLD = re.compile(r"\s*<!--\s*(?:markmap:\s*)?fold\s*-->\s*$")
_VALUE = r"(?:[a-zA-Z]+\([^(){}=]*\)|[^\s{}=()]+)"  # #c0392b, darkgreen, rgb(1, 2, 3)
_ATTRS = re.compile(rf"\s*\{{((?:\s*(?:color|fill|text)={_VALUE})+)\s*\}}\s*$")
_PAIR = re.compile(rf"(color|fill|text)=({_VALUE})")
# `{#name}` names a topic; `{-> name}` or `{-> name: label}` draws a cross-link to it.
_ANCHOR = re.compile(r"\s*\{#([\w-]+)\}\s*$")
_ARROW = re.compile(r"\s*\{->\s*([\w-]+)(?:\s*:\s*([^{}]*?))?\s*\}\s*$")
_LINKS_KEY = "\0links"  # draft-only attrs, removed before the tree is frozen
_ANCHOR_KEY = "\0anchor"
_BAD_COLOR_KEY = "\0bad-color"


def _trailing_markup(draft: Draft, spans: list[Span], source: str) -> list[Span]:
    """Strip trailing fold comments, attribute blocks, anchors and arrows from the last plain span.

    Each must end `source` too, the label as written with its backslash escapes blanked out: markup
    written with an escape or an entity (`\\{color=red}`, `&lt;!-- fold -->`) is text, which is
    how `-f md` writes a label's own."""
    while spans and _style(spans[-1]) == Span(""):
        found = _markup_at_end(spans[-1].text, source)
        if found is None:
            break
        markup, source = found
        _apply_markup(draft, markup)
        last = spans[-1].text[: markup.start()]
        spans = spans[:-1] + ([replace(spans[-1], text=last.rstrip())] if last.strip() else [])
    return spans


def _markup_at_end(text: str, source: str) -> tuple[re.Match[str], str] | None:
    """The markup ending both the text and its source, and the source before it."""
    for pattern in (_FOLD, _ANCHOR, _ARROW, _ATTRS):
        markup = pattern.search(text)
        if markup:
            written = pattern.search(source)
            return (markup, source[: written.start()]) if written else None
    return None


def _apply_markup(draft: Draft, markup: re.Match[str]) -> None:
    if markup.re is _FOLD:
        draft.folded = True
    elif markup.re is _ANCHOR:
        draft.attrs[_ANCHOR_KEY] = markup.group(1)
    elif markup.re is _ARROW:
        label = (markup.group(2) or "").strip()
        previous = draft.attrs.get(_LINKS_KEY)
        draft.attrs[_LINKS_KEY] = f"{markup.group(1)}\t{label}" + (f"\n{previous}" if previous else "")
    else:
        for pair in _PAIR.finditer(markup.group(1)):
            key, value = pair.groups()
            color = parse_color(value)
            if color:
                draft.attrs[key] = color
            else:
                bad = draft.attrs.get(_BAD_COLOR_KEY)
                draft.attrs[_BAD_COLOR_KEY] = f"{bad}\n{key}={value}" if bad else f"{key}={value}"


def _add_note(draft: Draft, text: str) -> None:
    text = CONTROL.sub("", text)
    if text.strip():
        draft.note = f"{draft.note}\n\n{text}" if draft.note else text


def _block_text(tokens: list[Token]) -> str:
    """Plain text of a quote or table: one line per block, table cells joined by ' | '."""
    lines: list[str] = []
    row: list[str] | None = None
    for tok in tokens:
        if tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close" and row is not None:
            lines.append(" | ".join(row))
            row = None
        elif tok.type == "inline" and row is not None:
            row.append(_flat_text(tok.children or []).strip())
        elif tok.type == "inline":
            lines.append(_flat_text(tok.children or []).strip())
        elif tok.type in ("fence", "code_block"):
            lines.append(tok.content.rstrip("\n"))
    return "\n".join(line for line in lines if line)


class _Builder:
    """Walks the flat token stream once, keeping stacks of open headings and list items."""

    def __init__(self, tokens: list[Token], root: Draft, h1_is_root: bool) -> None:
        self.tokens = tokens
        self.root = root
        self.h1_is_root = h1_is_root
        self.headings: list[tuple[int, Draft]] = [(0, root)]
        self.items: list[_Item] = []

    def owner(self) -> Draft:
        return self.items[-1].draft if self.items else self.headings[-1][1]

    def run(self) -> None:
        i = 0
        while i < len(self.tokens):
            i = self.step(i)

    def step(self, i: int) -> int:
        """Handle the token at i; return the index of the next token to look at."""
        tok = self.tokens[i]
        if tok.type == "list_item_open":
            item = self.owner().add(Draft("", line=_line(tok)))
            self.items.append(_Item(item))
        elif tok.type == "list_item_close":
            self.items.pop()
        elif tok.type in ("heading_open", "paragraph_open"):
            return self.text_block(i)
        elif tok.type in ("fence", "code_block"):
            _add_note(self.owner(), tok.content.rstrip("\n"))
        elif tok.type in ("blockquote_open", "table_open"):
            end = i + 1
            while not (self.tokens[end].level == tok.level and self.tokens[end].nesting == -1):
                end += 1
            _add_note(self.owner(), _block_text(self.tokens[i : end + 1]))
            return end + 1
        return i + 1

    def text_block(self, i: int) -> int:
        """A heading or paragraph: a topic, an item's label, or a note."""
        tok, inline = self.tokens[i], self.tokens[i + 1]
        if self.items and not self.items[-1].labelled:
            self.items[-1].labelled = True
            _label(self.items[-1].draft, inline, task=True)
        elif tok.type == "heading_open" and not self.items:
            self.heading(tok, inline)
        else:
            _add_note(self.owner(), _flat_text(inline.children or []).strip())
        return i + 3

    def heading(self, tok: Token, inline: Token) -> None:
        level = int(tok.tag[1:])
        if level == 1 and self.h1_is_root:
            fallback = self.root.text
            _label(self.root, inline)
            self.root.text, self.root.line = self.root.text or fallback, _line(tok)
            self.headings = [(0, self.root)]
            return
        while self.headings[-1][0] >= level:
            self.headings.pop()
        draft = self.headings[-1][1].add(Draft("", line=_line(tok)))
        _label(draft, inline)
        self.headings.append((level, draft))


def _line(tok: Token) -> int | None:
    return tok.map[0] + 1 if tok.map else None


def parse(text: str, *, source: str, limits: Limits, sheet: str | None = None) -> Tree:
    """Parse Markdown text (LF line endings) into a Tree."""
    front, body = _split_frontmatter(text, source)
    title = front.pop("title", None)
    options = front.pop("markmap", {})
    body, fenced = markmap.splice(body, lambda content: _load_yaml(content, source))
    tokens = _tokenize(body, source, limits)
    h1_count = sum(1 for t in tokens if t.type == "heading_open" and t.tag == "h1" and t.level == 0)
    root = Draft(title or title_from_source(source))
    _Builder(tokens, root, h1_is_root=h1_count == 1).run()
    prune(root)
    if h1_count != 1 and not root.children and not title:
        raise OutlineError(
            "no headings or list items: nothing to draw; start topics with '# ' or '- ',"
            " or give the map a 'title' in frontmatter",
            path=source,
        )
    crosslinks, warnings = _crosslinks(root)
    option_warnings: list[str] = []
    for first, last, fence_options in fenced:
        markmap.fold_below(root, fence_options, option_warnings, range(first, last + 1))
    markmap.fold_below(root, options, option_warnings)
    merged: dict[str, Any] = {}
    for *_, fence_options in fenced:
        merged.update(fence_options)
    theme_keys = markmap.theme_keys({**merged, **options}, option_warnings)
    if theme_keys:  # under the frontmatter's own `theme:` mapping, which wins
        given = json.loads(front["theme_overrides"]) if front.get("theme_overrides") else {}
        front["theme_overrides"] = json.dumps({**theme_keys, **given}, sort_keys=True, default=str)
    warnings = _bad_colors(root) + warnings + tuple(option_warnings)
    node = freeze(root, limits, path=source)
    return Tree(
        root=node, title=title or node.text, source=source, crosslinks=crosslinks, warnings=warnings, **front
    )


def _bad_colors(root: Draft) -> tuple[str, ...]:
    """`{color=...}` values that are no colour: ignored, and said so (`--strict` fails on it)."""
    warnings, stack = [], [root]
    while stack:
        draft = stack.pop()
        stack.extend(reversed(draft.children))
        for pair in draft.attrs.pop(_BAD_COLOR_KEY, "").splitlines():
            warnings.append(f"line {draft.line}: {pair} is not {COLOR_FORMS}; ignored")
    return tuple(warnings)


def _crosslinks(root: Draft) -> tuple[tuple[CrossLink, ...], tuple[str, ...]]:
    """Resolve `{-> name}` arrows against `{#name}` anchors; both markers leave the drafts."""
    drafts, stack = [], [root]
    while stack:
        draft = stack.pop()
        drafts.append(draft)
        stack.extend(reversed(draft.children))
    anchors = {d.attrs.pop(_ANCHOR_KEY): d for d in drafts if _ANCHOR_KEY in d.attrs}
    if not any(_LINKS_KEY in d.attrs for d in drafts):
        return (), ()
    ids = draft_ids(root)
    links, warnings = [], []
    for draft in drafts:
        for entry in reversed(draft.attrs.pop(_LINKS_KEY, "").splitlines()):
            name, _, label = entry.partition("\t")
            target = anchors.get(name)
            if target is None or target is draft:
                warnings.append(
                    f"line {draft.line}: cross-link to '{name}' dropped (no topic has {{#{name}}})"
                )
                continue
            links.append(CrossLink(ids[id(draft)], ids[id(target)], label or None))
    return tuple(links), tuple(warnings)
