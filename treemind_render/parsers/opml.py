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
"""

from __future__ import annotations

from ..errors import OutlineError
from ..model import PLACEHOLDER, Draft, Limits, Tree, freeze
from . import title_from_source
from .common import (
    Element,
    add_image,
    clean_label,
    clean_note,
    html_images,
    html_text,
    prune,
    read_xml,
    shown,
)

# --- OPML ---------------------------------------------------------------------------------------


def _label(outline: Element) -> str:
    raw = outline.attrib.get("text") or outline.attrib.get("title") or ""
    return clean_label(html_text(raw) if "<" in raw or "&" in raw else raw)


def _draft(outline: Element, warnings: list[str]) -> Draft:
    attrib = outline.attrib
    draft = Draft(_label(outline), note=clean_note(attrib.get("_note", "")), line=outline.line)
    add_image(draft, html_images(attrib.get("text") or attrib.get("title") or ""))
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
    return prune(tops, warnings, "outline")


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
