"""OPML 2.0 outlines: each `outline` element is a topic, its `text` attribute the label.

Choices for cases the format leaves open:
- Exactly one top-level outline: it is the root. Otherwise the root is head/title (else the file
  name) with the outlines as its children.
- `text` may hold entity-encoded HTML (`&lt;b&gt;bold&lt;/b&gt;`): tags are stripped and
  entities decoded, so the label is plain text. `_note` is plain text, never parsed as HTML.
- `type="include"`, and `type="link"` to an `.opml` file, are never fetched: the outline stays as
  it is, with a warning. `url`, else `htmlUrl`, else `xmlUrl` is the link.
- `_status="checked"`/`"unchecked"` (OmniOutliner) and `_complete="true"` (WorkFlowy) are the
  task box; `category` becomes tags; head/expansionState is ignored, so nothing is folded.

The XML helpers here (`read_xml`, `html_text`, `prune`...) are shared with `freemind.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ..errors import LimitError, OutlineError
from ..model import PLACEHOLDER, Draft, Limits, Tree, freeze
from ..model import prune as prune_below
from . import title_from_source

_WS = re.compile(r"\s+")
_HTML_WS = re.compile(r"[ \t\n\r\f]+")
# Control characters that `\s` does not already turn into a space.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_BLOCK = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption"}
    | {"figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main"}
    | {"nav", "ol", "p", "pre", "section", "table", "tr", "ul"}
)
_HIDDEN = frozenset({"head", "script", "style", "template"})
_TRUNCATED = {
    expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS],
    expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN],
}


@dataclass(eq=False, slots=True)
class Element:
    """An XML element with its start line; `content` holds child elements and text in order."""

    tag: str  # local name, namespace dropped
    attrib: dict[str, str]
    line: int
    content: list[Element | str] = field(default_factory=list)

    def children(self, tag: str) -> Iterator[Element]:
        return (c for c in self.content if isinstance(c, Element) and c.tag == tag)

    def child(self, tag: str) -> Element | None:
        return next(self.children(tag), None)

    def text(self) -> str:
        """The character data directly inside the element."""
        return "".join(c for c in self.content if isinstance(c, str))


class _Builder:
    """An expat target building Elements, refusing far too many or too deeply nested ones."""

    def __init__(self, source: str, limits: Limits, node_tag: str) -> None:
        self.source, self.limits, self.node_tag = source, limits, node_tag
        self.max_elements = max(100_000, 25 * limits.max_nodes)
        self.max_nesting = limits.max_depth + 200
        self.stack: list[Element] = []
        self.root: Element | None = None
        self.parser: Any = None  # the expat parser, for line numbers
        self.elements = self.nodes = self.open_nodes = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        line = self.parser.CurrentLineNumber
        element = Element(tag.rpartition("}")[2], attrib, line)
        self.elements += 1
        if element.tag == self.node_tag:
            self.nodes += 1
            self.open_nodes += 1
            self._check_nodes(line)
        if self.elements > self.max_elements:
            message = f"the XML has more than {self.max_elements:,} elements (raise --limit-nodes)"
            raise LimitError(message, path=self.source, line=line)
        if len(self.stack) >= self.max_nesting:
            message = f"XML elements are nested more than {self.max_nesting:,} deep (raise --limit-depth)"
            raise LimitError(message, path=self.source, line=line)
        if self.stack:
            self.stack[-1].content.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def _check_nodes(self, line: int) -> None:
        limits, tag = self.limits, self.node_tag
        if self.open_nodes > limits.max_depth + 2:
            raise LimitError(
                f"<{tag}> elements are nested more than {limits.max_depth + 2} deep; the limit is"
                f" {limits.max_depth} levels (raise it with --limit-depth)",
                path=self.source,
                line=line,
            )
        if self.nodes > 2 * limits.max_nodes:
            raise LimitError(
                f"the file has over {2 * limits.max_nodes:,} <{tag}> elements, far over the limit of"
                f" {limits.max_nodes:,} nodes (raise it with --limit-nodes)",
                path=self.source,
                line=line,
            )

    def end(self, tag: str) -> None:
        if self.stack.pop().tag == self.node_tag:
            self.open_nodes -= 1

    def data(self, text: str) -> None:
        if self.stack:
            content = self.stack[-1].content
            if content and isinstance(content[-1], str):
                content[-1] += text
            else:
                content.append(text)

    def close(self) -> Element | None:
        return self.root


def read_xml(text: str, source: str, limits: Limits, node_tag: str) -> Element:
    """Parse XML safely (no DTD, no entities, no external references) into Elements."""
    builder = _Builder(source, limits, node_tag)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.parser = parser.parser
    try:
        parser.feed(text)
        root = parser.close()
    except ParseError as exc:
        line, column = exc.position
        hint = "is the file complete?" if exc.code in _TRUNCATED else "the file must be well-formed XML"
        message = f"invalid XML: {expat.ErrorString(exc.code)} at column {column + 1}; {hint}"
        raise OutlineError(message, path=source, line=line, column=column + 1) from None
    except DefusedXmlException:
        raise OutlineError(
            "XML DOCTYPE and entity declarations are not allowed (they can expand to huge text or"
            " read other files); remove the <!DOCTYPE ...> block",
            path=source,
            line=builder.parser.CurrentLineNumber,
        ) from None
    if root is None:  # pragma: no cover - expat reports "no element found" first
        raise OutlineError("no XML element found: nothing to draw", path=source)
    return root


class _TextSink:
    """Plain text from HTML events: block elements break lines, whitespace collapses."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.hidden = 0

    def start(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def end(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def data(self, text: str) -> None:
        if not self.hidden:
            self.parts.append(_HTML_WS.sub(" ", text))

    def text(self) -> str:
        lines = (line.replace("\xa0", " ").strip(" ") for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


class _HTMLText(HTMLParser):
    def __init__(self, sink: _TextSink) -> None:
        super().__init__(convert_charrefs=True)
        self.sink = sink

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.sink.start(tag)

    def handle_endtag(self, tag: str) -> None:
        self.sink.end(tag)

    def handle_data(self, data: str) -> None:
        self.sink.data(data)


def html_text(markup: str) -> str:
    """Plain text of an HTML string: tags stripped, entities decoded, blocks on their own lines.

    >>> html_text("<p>a <b>bold</b> &amp; more</p><p>next</p>")
    'a bold & more\\nnext'
    """
    sink = _TextSink()
    reader = _HTMLText(sink)
    reader.feed(markup)
    reader.close()
    return sink.text()


def element_text(element: Element) -> str:
    """Plain text of an XHTML element tree (FreeMind rich content); iterative."""
    sink = _TextSink()
    stack: list[Element | str | tuple[str]] = [element]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            sink.data(item)
        elif isinstance(item, tuple):
            sink.end(item[0])
        else:
            sink.start(item.tag)
            stack.append((item.tag,))
            stack.extend(reversed(item.content))
    return sink.text()


def clean_label(text: str) -> str:
    return _WS.sub(" ", _CONTROL.sub("", text)).strip()


def clean_note(text: str) -> str | None:
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.split("\n"))).strip()
    return text or None


def shown(value: str, limit: int = 120) -> str:
    """A value quoted in a warning: one line, bounded."""
    value = clean_label(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def prune(tops: list[Draft]) -> list[Draft]:
    """model.prune for a list of top-level topics: those holding something, untitled ones "…"."""
    holder = Draft("", children=tops)
    prune_below(holder)
    return holder.children


# --- OPML ---------------------------------------------------------------------------------------


def _label(outline: Element) -> str:
    raw = outline.attrib.get("text") or outline.attrib.get("title") or ""
    return clean_label(html_text(raw) if "<" in raw or "&" in raw else raw)


def _draft(outline: Element, warnings: list[str]) -> Draft:
    attrib = outline.attrib
    draft = Draft(_label(outline), note=clean_note(attrib.get("_note", "")), line=outline.line)
    link = next((attrib[k].strip() for k in ("url", "htmlUrl", "xmlUrl") if attrib.get(k, "").strip()), None)
    draft.link = link
    kind = attrib.get("type", "").strip().lower()
    if kind == "include" or (kind == "link" and (link or "").lower().split("?")[0].endswith(".opml")):
        warnings.append(f"line {outline.line}: OPML {kind} not fetched: {shown(link or '(no url)')}")
        draft.text = draft.text or clean_label(link or "")
    status = attrib.get("_status", "").strip().lower()
    if status in ("checked", "unchecked"):
        draft.checked = status == "checked"
    if attrib.get("_complete", "").strip().lower() == "true":
        draft.checked = True
    tags = [t.strip().lstrip("/") for t in attrib.get("category", "").split(",")]
    if any(tags):
        draft.attrs["tags"] = ",".join(clean_label(t) for t in tags if t)
    return draft


def _outlines(body: Element, warnings: list[str]) -> list[Draft]:
    """Drafts for the body's outlines, depth first, in document order; iterative."""
    tops: list[Draft] = []
    stack: list[tuple[Element, list[Draft]]] = [(o, tops) for o in reversed(list(body.children("outline")))]
    while stack:
        outline, siblings = stack.pop()
        draft = _draft(outline, warnings)
        siblings.append(draft)
        stack.extend((o, draft.children) for o in reversed(list(outline.children("outline"))))
    return prune(tops)


def parse(text: str, *, source: str, limits: Limits, sheet: str | None = None) -> Tree:
    """Parse OPML (decoded XML text) into a Tree."""
    doc = read_xml(text, source, limits, node_tag="outline")
    if doc.tag != "opml":
        message = f"not an OPML file: the root element is <{doc.tag}>, expected <opml>"
        raise OutlineError(message, path=source, line=doc.line)
    head, body = doc.child("head"), doc.child("body")
    title_el = head.child("title") if head is not None else None
    title = clean_label(title_el.text()) if title_el is not None else ""
    if body is None:
        raise OutlineError("OPML file has no <body>: nothing to draw", path=source, line=doc.line)
    warnings: list[str] = []
    tops = _outlines(body, warnings)
    if not tops:
        message = "OPML <body> has no <outline> with text: nothing to draw"
        raise OutlineError(message, path=source, line=body.line)
    root = tops[0] if len(tops) == 1 else Draft(title or title_from_source(source), children=tops)
    node = freeze(root, limits, path=source)
    title = title or (node.text if node.text != PLACEHOLDER else title_from_source(source))
    return Tree(root=node, title=title, source=source, warnings=tuple(warnings))
