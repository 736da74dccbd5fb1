"""What several parsers share: safe XML reading, label and note cleaning, the node limit.

One home for each, so a fix reaches every format: XML is read with defusedxml (no DTD, no
entities, no external references), control characters are dropped the same way everywhere,
and "more than N nodes" is one message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import Element as XMLElement
from xml.etree.ElementTree import ParseError
from xml.parsers import expat

import defusedxml
import defusedxml.ElementTree as DefusedET
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ..errors import LimitError, OutlineError
from ..model import Draft, Limits, Span, fold_spans, line_break
from ..model import prune as prune_below

WS = re.compile(r"\s+")
# Control characters that `\s` does not already turn into a space (labels: whitespace folds).
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# In a note, where line breaks stay, vertical tab and form feed go too.
NOTE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_HTML_WS = re.compile(r"[ \t\n\r\f]+")
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


def fold(text: str) -> str:
    """A label's text on one line: control characters dropped, whitespace runs one space."""
    return WS.sub(" ", CONTROL.sub("", text))


def too_many_nodes(limits: Limits, source: str, line: int | None = None) -> LimitError:
    """The error for an outline over --limit-nodes; parsers raise it as soon as they count one
    node too many, rather than build millions of drafts first."""
    return LimitError(
        f"outline has more than {limits.max_nodes} nodes (raise the limit with --limit-nodes)",
        path=source,
        line=line,
    )


def count_node(count: int, limits: Limits, source: str, line: int | None = None) -> int:
    """`count` + 1, raising `too_many_nodes` when that is over the limit."""
    count += 1
    if count > limits.max_nodes:
        raise too_many_nodes(limits, source, line)
    return count


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


# Inline XHTML tags of FreeMind/Freeplane rich content and the mark each gives its text.
_MARKS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "s": "strike", "strike": "strike",
    "del": "strike", "u": "underline", "ins": "underline", "code": "code", "tt": "code", "kbd": "code",
}  # fmt: skip
_CSS_MARKS = (
    (re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.I), "bold"),
    (re.compile(r"font-style\s*:\s*italic", re.I), "italic"),
    (re.compile(r"text-decoration[a-z-]*\s*:[^;]*line-through", re.I), "strike"),
    (re.compile(r"text-decoration[a-z-]*\s*:[^;]*underline", re.I), "underline"),
)


def element_spans(element: Element) -> list[Span]:
    """The formatted runs of an XHTML element tree (FreeMind rich content), as a label holds
    them: b/strong, i/em, s/strike/del, u/ins, code/tt/kbd, `style` font weight, style and
    decoration, `<a href>` links; `<br>` and paragraph ends are line breaks. Iterative."""
    pieces: list[Span] = []
    stack: list[tuple[Element | str | None, Span]] = [(element, Span(""))]
    while stack:
        item, style = stack.pop()
        if item is None:  # the end of a block element
            pieces.append(line_break())
        elif isinstance(item, str):
            pieces.append(replace(style, text=item))
        elif item.tag in _HIDDEN:
            continue
        elif item.tag == "br":
            pieces.append(line_break())
        else:
            marks = {_MARKS[item.tag]} if item.tag in _MARKS else set()
            css = item.attrib.get("style", "")
            marks.update(mark for pattern, mark in _CSS_MARKS if pattern.search(css))
            on: dict[str, Any] = {m: True for m in marks}
            inner = replace(style, **on)
            if item.tag == "a" and item.attrib.get("href", "").strip():
                inner = replace(inner, link=item.attrib["href"].strip())
            if item.tag in _BLOCK:
                pieces.append(line_break())
                stack.append((None, style))
            stack.extend((child, inner) for child in reversed(item.content))
    spans = fold_spans(pieces, lambda text: fold(text.replace("\xa0", " ")))
    return [span for k, span in enumerate(spans) if not (span.br and k and spans[k - 1].br)]


def clean_label(text: str) -> str:
    return fold(text).strip()


def clean_note(text: str) -> str | None:
    text = CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.split("\n"))).strip()
    return text or None


def shown(value: str, limit: int = 120) -> str:
    """A value quoted in a warning: one line, bounded."""
    value = clean_label(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def prune(
    tops: list[Draft],
    warnings: list[str] | None = None,
    what: str = "topic",
    explained: frozenset[int] = frozenset(),
) -> list[Draft]:
    """model.prune for a list of top-level topics: those holding something, untitled ones "…".

    With `warnings`, the topics dropped for holding nothing (no text, note, image or children)
    are named there by line, so nothing leaves the map unsaid; drafts whose id() is in
    `explained` have had a warning of their own."""
    holder = Draft("", children=tops)
    before = _drafts(holder) if warnings is not None else []
    prune_below(holder)
    if warnings is not None:
        kept = {id(d) for d in _drafts(holder)}
        lines = sorted(d.line or 0 for d in before if id(d) not in kept and id(d) not in explained)
        if lines:
            shown_lines = ", ".join(str(n) for n in lines[:8] if n) + (" ..." if len(lines) > 8 else "")
            plural = "s" if len(lines) > 1 else ""
            at = f" (line{plural} {shown_lines})" if shown_lines else ""
            warnings.append(
                f"{len(lines)} empty {what}{plural} dropped: no text, note, image or children{at}"
            )
    return holder.children


def _drafts(root: Draft) -> list[Draft]:
    out, stack = [], list(root.children)
    while stack:
        draft = stack.pop()
        out.append(draft)
        stack.extend(draft.children)
    return out


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            values = {k: (v or "") for k, v in attrs}
            self.found.append((values.get("src", "").strip(), fold(values.get("alt", "")).strip()))


def html_images(markup: str) -> list[tuple[str, str]]:
    """(src, alt) of every <img> in an HTML string."""
    if "<" not in markup:
        return []
    reader = _Images()
    reader.feed(markup)
    reader.close()
    return reader.found


def element_images(element: Element) -> list[tuple[str, str]]:
    """(src, alt) of every <img> in an XHTML element tree (FreeMind rich content)."""
    found, stack = [], [element]
    while stack:
        item = stack.pop()
        if item.tag == "img":
            found.append((item.attrib.get("src", "").strip(), fold(item.attrib.get("alt", "")).strip()))
        stack.extend(reversed([c for c in item.content if isinstance(c, Element)]))
    return found


def add_image(draft: Draft, images: list[tuple[str, str]]) -> None:
    """Keep a topic's picture as what the map can show: the `image` attr (drawn as a picture
    mark) and, when the topic has no text of its own, the alt text or the file name as its
    label, so an image-only topic is not lost."""
    src, alt = next(((s, a) for s, a in images if s or a), ("", ""))
    if not (src or alt):
        return
    if src:
        draft.attrs["image"] = src
    if not draft.text:
        name = src.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        draft.text = alt or clean_label(name) or "image"
        if not alt:  # a caption made up here: a drawn picture needs none (pipeline.py)
            draft.attrs["image_caption"] = "name"


def parse_xml_bytes(raw: bytes, name: str, source: str) -> XMLElement:
    """An XML member of a zip (XMind 8's content.xml...) as an ElementTree, read safely; every
    failure is an OutlineError naming the member."""
    try:
        root: XMLElement = DefusedET.fromstring(
            raw, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DTDForbidden:
        raise OutlineError(f"{name} in the workbook has a DTD, which is not allowed", path=source) from None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise OutlineError(
            f"{name} in the workbook declares entities, which are not allowed", path=source
        ) from None
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        message = _one_line(exc).split(":")[0]
        raise OutlineError(
            f"{name} in the workbook is not well-formed XML ({message} at line {line}, column {column + 1})",
            path=source,
        ) from None
    except defusedxml.DefusedXmlException as exc:
        raise OutlineError(f"{name} in the workbook: {_one_line(exc)}", path=source) from None
    except (LookupError, ValueError) as exc:  # an unknown encoding in the XML declaration
        raise OutlineError(f"{name} in the workbook cannot be read: {_one_line(exc)}", path=source) from None
    return root


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
