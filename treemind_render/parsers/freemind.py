"""FreeMind and Freeplane maps (`.mm`): each `node` element under `map` is a topic.

Choices for cases the format leaves open:
- The label is `TEXT` (lowercase `text` in old files; FreeMind 0.7's `<html>` in TEXT made plain),
  else the NODE rich content as plain text, else Freeplane's `LOCALIZED_TEXT` key.
- The note is the DETAILS rich content, then the NOTE one, joined by a blank line. HTML is made
  plain; Freeplane's plain-text notes (`<text>`, markdown included) are kept as written.
- `COLOR` is the text colour, `BACKGROUND_COLOR` the fill, `edge COLOR` the branch colour; a
  `font` with BOLD/ITALIC/STRIKETHROUGH formats the whole label; icons go to attrs["icon"].
- `arrowlink`s are cross-links labelled MIDDLE_LABEL, else SOURCE_LABEL, else TARGET_LABEL;
  arrows to a missing node or to their own node are dropped with a warning, as are `#ID_...`
  links (links inside the map) and colours that are not #rrggbb.
- A picture (Freeplane's `ExternalObject` hook, an `<img>` in rich content) is attr `image`.
- Ignored: `attribute`s, clouds, other hooks (map styles, formulas), style references. Only
  `node` children of `node`s are topics, so Freeplane's `stylenode`s never are.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..colors import parse_color
from ..errors import OutlineError
from ..model import PLACEHOLDER, CrossLink, Draft, Limits, Span, Tree, draft_ids, freeze
from . import title_from_source
from .common import (
    Element,
    add_image,
    clean_label,
    clean_note,
    element_images,
    element_spans,
    element_text,
    html_images,
    html_text,
    prune,
    read_xml,
    shown,
)
from .spans import is_plain

_SIDES = {"left": "left", "top_or_left": "left", "right": "right", "bottom_or_right": "right"}
_NOTE_HOOK = "accessories/plugins/NodeNote.properties"  # FreeMind 0.7 notes
_COLOR_KEYS = {"text": "text", "fill": "background", "color": "edge"}


@dataclass
class _Arrow:
    source: Draft
    target: str
    label: str | None
    line: int


def _rich_text(rich: Element) -> str:
    """Text of a richcontent element: XHTML made plain, or Freeplane's plain `<text>`."""
    html = rich.child("html")
    if html is not None:
        return element_text(html)
    plain = rich.child("text")
    return plain.text() if plain is not None else rich.text()


def _true(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


class _Reader:
    """Turns `node` elements into drafts, collecting ids, arrows and warnings."""

    def __init__(self) -> None:
        self.by_id: dict[str, Draft] = {}
        self.arrows: list[_Arrow] = []
        self.warnings: list[str] = []
        self.explained: set[int] = set()  # ids of drafts whose dropping has a warning already

    def node(self, element: Element, placed: bool) -> Draft:
        """A draft for one node (children not included); `placed`: POSITION counts here."""
        attrib = element.attrib
        draft = Draft("", line=element.line, folded=_true(attrib.get("FOLDED")))
        if placed:
            draft.side = _SIDES.get(attrib.get("POSITION", "").strip().lower())
        self.link(draft, attrib.get("LINK", ""), element.line)
        self.color(draft, "text", attrib.get("COLOR"), element.line)
        self.color(draft, "fill", attrib.get("BACKGROUND_COLOR"), element.line)
        rich_label, style, images, rich_spans = self.parts(draft, element)
        label = attrib.get("TEXT", attrib.get("text")) or ""
        if label.lstrip()[:5].lower() == "<html":  # FreeMind 0.7 kept HTML in TEXT
            images = images or html_images(label)
            label = html_text(label)
        draft.text = clean_label(label or rich_label or attrib.get("LOCALIZED_TEXT", ""))
        add_image(draft, images)
        self.structure(draft, element)
        if not label and rich_label and not is_plain(rich_spans):  # formatting inside the label
            draft.text = "".join(span.text for span in rich_spans)
            flags: dict[str, Any] = {k: True for k in ("bold", "italic", "strike") if getattr(style, k)}
            draft.spans = [replace(span, **flags) if not span.br else span for span in rich_spans]
        elif draft.text and style != Span(""):
            draft.spans = [replace(style, text=draft.text)]
        node_id = attrib.get("ID", "").strip()
        if node_id:
            self.by_id.setdefault(node_id, draft)
        return draft

    def structure(self, draft: Draft, element: Element) -> None:
        """Freeplane's summary and group markers: an empty one is a bracket drawn around
        siblings, which this map does not draw; say so rather than drop it unsaid."""
        if draft.text or any(isinstance(c, Element) and c.tag == "node" for c in element.content):
            return
        hooks = {h.attrib.get("NAME", "") for h in element.children("hook")}
        if "SummaryNode" in hooks:
            self.warnings.append(
                f"line {element.line}: empty summary node (a bracket over siblings) left out"
            )
            self.explained.add(id(draft))
        elif "FirstGroupNode" in hooks:
            self.warnings.append(f"line {element.line}: group start marker (an empty node) left out")
            self.explained.add(id(draft))

    def parts(self, draft: Draft, element: Element) -> tuple[str, Span, list[tuple[str, str]], list[Span]]:
        """Apply a node's child elements (notes, edge, icons, arrows) to its draft; return its
        rich-content label, its font style, the images of its rich content and its runs."""
        notes: dict[str, list[str]] = {"DETAILS": [], "NOTE": []}
        icons: list[str] = []
        images: list[tuple[str, str]] = []
        rich_label, style = "", Span("")
        rich_spans: list[Span] = []
        for child in element.content:
            if not isinstance(child, Element):
                continue
            kind = child.attrib.get("TYPE", "").strip().upper()
            if child.tag == "richcontent" and kind == "NODE":
                if not rich_label:
                    rich_label = _rich_text(child)
                    html = child.child("html")
                    rich_spans = element_spans(html) if html is not None else []
                images.extend(element_images(child))
            elif child.tag == "richcontent" and kind in notes:
                notes[kind].append(_rich_text(child))
            elif child.tag == "hook" and child.attrib.get("NAME") == "ExternalObject":
                images.append((child.attrib.get("URI", "").strip(), ""))  # Freeplane's image node
            elif child.tag == "hook" and child.attrib.get("NAME") == _NOTE_HOOK:
                notes["NOTE"].append("\n".join(t.text() for t in child.children("text")))
            elif child.tag == "edge":
                self.color(draft, "color", child.attrib.get("COLOR"), child.line)
            elif child.tag == "icon" and clean_label(child.attrib.get("BUILTIN", "")):
                icons.append(clean_label(child.attrib["BUILTIN"]).replace(",", " "))
            elif child.tag == "arrowlink":
                self.arrow(draft, child)
            elif child.tag == "font":
                style = _font_style(child)
        draft.note = clean_note("\n\n".join(n for n in notes["DETAILS"] + notes["NOTE"] if n.strip()))
        if icons:
            draft.attrs["icon"] = ",".join(icons)
        return rich_label, style, images, rich_spans

    def link(self, draft: Draft, link: str, line: int) -> None:
        link = link.strip()
        if link.startswith("#"):
            self.warnings.append(f"line {line}: link to {shown(link)} inside the map dropped (not a URL)")
        elif link:
            draft.link = link

    def color(self, draft: Draft, key: str, value: str | None, line: int) -> None:
        if value is None or not value.strip():
            return
        color = parse_color(value)
        if color is None:
            what = _COLOR_KEYS[key]
            self.warnings.append(f"line {line}: {what} colour {shown(value)!r} dropped (use #rrggbb)")
        else:
            draft.attrs[key] = color

    def arrow(self, draft: Draft, element: Element) -> None:
        attrib = element.attrib
        target = attrib.get("DESTINATION", "").strip()
        labels = (clean_label(attrib.get(k, "")) for k in ("MIDDLE_LABEL", "SOURCE_LABEL", "TARGET_LABEL"))
        label = next((text for text in labels if text), None)
        if target:
            self.arrows.append(_Arrow(draft, target, label, element.line))

    def crosslinks(self, root: Draft) -> tuple[CrossLink, ...]:
        """The arrows between nodes of the finished tree; the others dropped with a warning."""
        ids = draft_ids(root)
        links: list[CrossLink] = []
        for arrow in self.arrows:
            target = self.by_id.get(arrow.target)
            if target is arrow.source:
                self.warnings.append(f"line {arrow.line}: arrow from a node to itself dropped")
            elif target is None or id(target) not in ids or id(arrow.source) not in ids:
                message = f"line {arrow.line}: arrow to {shown(arrow.target)} dropped (no such node)"
                self.warnings.append(message)
            else:
                links.append(CrossLink(ids[id(arrow.source)], ids[id(target)], arrow.label))
        return tuple(links)


def _font_style(font: Element) -> Span:
    """The formatting of a `font` element, which applies to the whole label."""
    bold, italic, strike = (_true(font.attrib.get(k)) for k in ("BOLD", "ITALIC", "STRIKETHROUGH"))
    return Span("", bold=bold, italic=italic, strike=strike)


def _tops(doc: Element, reader: _Reader) -> list[Draft]:
    """Drafts for the map's top-level nodes with their subtrees; iterative, document order."""
    tops: list[Draft] = []
    stack = [(element, tops, 0) for element in reversed(list(doc.children("node")))]
    while stack:
        element, siblings, depth = stack.pop()
        draft = reader.node(element, placed=depth == 1)
        siblings.append(draft)
        children = reversed(list(element.children("node")))
        stack.extend((child, draft.children, depth + 1) for child in children)
    return prune(tops, reader.warnings, "node", frozenset(reader.explained))


def parse(text: str, *, source: str, limits: Limits, sheet: str | None = None) -> Tree:
    """Parse a FreeMind / Freeplane map (decoded XML text) into a Tree."""
    doc = read_xml(text, source, limits, node_tag="node")
    if doc.tag != "map":
        message = f"not a FreeMind map: the root element is <{doc.tag}>, expected <map>"
        raise OutlineError(message, path=source, line=doc.line)
    reader = _Reader()
    tops = _tops(doc, reader)
    if not tops:
        raise OutlineError("the map has no <node> with text: nothing to draw", path=source, line=doc.line)
    root = tops[0] if len(tops) == 1 else Draft(title_from_source(source), children=tops)
    node = freeze(root, limits, path=source)
    crosslinks = reader.crosslinks(root)
    return Tree(
        root=node,
        title=node.text if node.text != PLACEHOLDER else title_from_source(source),
        source=source,
        crosslinks=crosslinks,
        warnings=tuple(reader.warnings),
    )
