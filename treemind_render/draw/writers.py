"""Conversion out: the model written as a Markdown or OPML outline (`-f md`, `-f opml`) or as a
mind-map app's file (`-f mm` for FreeMind/Freeplane, `-f xmind` for XMind 2020+)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import Any

from ..model import CrossLink, Node, Placed, Span, Tree, walk
from .links import safe_link

# `{` too: a label's own `{color=red}`, `{#id}` or `{-> id}` must not read back as markup.
_MD_ALWAYS = re.compile(r"([\\`*_\[\]<>~|&{$=])")
_MD_LINE_START = re.compile(r"^([#+\-=]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """Text that Markdown reads back as exactly `text`."""
    text = _MD_ALWAYS.sub(r"\\\1", text)
    return _MD_LINE_START.sub(r"\\\1", text)


def _md_link(url: str | None) -> str | None:
    """A link destination Markdown reads back as exactly the safe URL, and never as markup."""
    safe = safe_link(url)
    if safe is None:
        return None
    # `&` as an entity (Markdown decodes it back), and nothing that could end the destination
    safe = safe.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("\\", "%5C")
    return f"<{safe}>"


def _md_span(span: Span) -> str:
    if span.br:
        return "<br>"
    text = md_escape(span.text)
    if span.math:
        text = f"${span.text}$"
    elif span.code:
        ticks = "`" * (max((len(m) for m in re.findall(r"`+", span.text)), default=0) + 1)
        pad = " " if span.text.startswith("`") or span.text.endswith("`") else ""
        text = f"{ticks}{pad}{span.text}{pad}{ticks}"
    stripped = text.strip()
    if stripped and not span.code:  # emphasis markers must hug the text
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        marks = (span.highlight, "==", "=="), (span.underline, "<u>", "</u>"), (span.strike, "~~", "~~")
        for flag, opener, closer in (*marks, (span.italic, "*", "*"), (span.bold, "**", "**")):
            if flag:
                stripped = f"{opener}{stripped}{closer}"
        text = lead + stripped + trail
    link = _md_link(span.link)
    if link:
        text = f"[{text}]({link})"
    return text


def _md_label(node: Node) -> str:
    if node.spans:
        label = "".join(_md_span(s) for s in node.spans)
    else:
        label = md_escape(node.text)
        link = _md_link(node.link)
        if link:  # unsafe schemes (javascript:, file:, ...) are never written
            label = f"[{label}]({link})"
    if node.checked is not None:
        label = ("[x] " if node.checked else "[ ] ") + label
    colors = " ".join(f"{k}={v}" for k, v in node.attrs if k in ("color", "fill", "text"))
    if colors:
        label += f" {{{colors}}}"
    if node.folded:
        label += " <!-- fold -->"
    return label


def _md_note(note: str, indent: str) -> list[str]:
    fence = "`" * max(3, max((len(m) + 1 for m in re.findall(r"`{3,}", note)), default=3))
    return [
        "",
        f"{indent}{fence}text",
        *(f"{indent}{line}" if line else "" for line in note.split("\n")),
        f"{indent}{fence}",
        "",
    ]


def to_markdown(tree: Tree) -> str:
    """A single-H1 Markdown outline with nested lists; notes as fenced blocks under items."""
    lines = ["---", f"title: {_yaml_str(tree.title)}"]
    if tree.theme_overrides:  # JSON is YAML: the per-map theme mapping, on one escaped line
        lines.append(f"theme: {json.dumps(json.loads(tree.theme_overrides), ensure_ascii=True)}")
    for key in ("theme", "layout"):
        if getattr(tree, key):
            lines.append(f"{key}: {_yaml_str(getattr(tree, key))}")
    for key in ("tags", "related"):
        values = getattr(tree, key)
        if values:
            lines.append(f"{key}: [{', '.join(_yaml_str(v) for v in values)}]")
    lines.append("---")
    for item in walk(tree.root):
        indent = "  " * max(item.depth - 1, 0)
        head = "\n# " if item.depth == 0 else f"{indent}- "
        lines.append(head + _md_label(item.node) + _md_links(item.id, tree.crosslinks))
        if item.node.note:
            lines += _md_note(item.node.note, "" if item.depth == 0 else indent + "  ")
        if item.depth == 0:
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_links(node_id: str, links: tuple[CrossLink, ...]) -> str:
    """`{#id}` on cross-link targets, `{-> id: label}` on their sources."""

    def label(c: CrossLink) -> str:
        return ": " + md_escape(c.label.replace("{", "(").replace("}", ")")) if c.label else ""

    marks = [f" {{-> {c.target}{label(c)}}}" for c in links if c.source == node_id]
    if any(c.target == node_id for c in links):
        marks.append(f" {{#{node_id}}}")
    return "".join(marks)


def _yaml_str(value: str) -> str:
    """A one-line double-quoted YAML string that reads back as `value`: every character that
    could end the line or the frontmatter (line breaks, NEL, U+2028/9) or that YAML refuses
    is escaped, so no value can end the frontmatter early."""
    return '"' + _YAML_UNSAFE.sub(_yaml_escape, value) + '"'


_YAML_UNSAFE = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]')


def _yaml_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in '\\"':
        return "\\" + char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def to_opml(tree: Tree) -> str:
    """An OPML 2.0 document; notes as `_note`, links as `url`."""
    root = ET.Element("opml", {"version": "2.0"})
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = tree.title
    body = ET.SubElement(root, "body")
    stack = [(tree.root, body)]
    while stack:
        node, parent = stack.pop()
        attrs = {"text": node.text}
        if node.note:
            attrs["_note"] = node.note
        if safe_link(node.link):
            attrs["url"] = str(safe_link(node.link))
        element = ET.SubElement(parent, "outline", attrs)
        stack.extend((child, element) for child in reversed(node.children))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# --- mind-map apps: FreeMind 1.0 (.mm) and XMind 2020+ (.xmind) --------------------------------

# XMind's structure class for each of our layouts (what its own "Structure" menu calls them).
_XMIND_STRUCTURES = {
    "map": "org.xmind.ui.map.unbalanced",
    "right": "org.xmind.ui.logic.right",
    "left": "org.xmind.ui.logic.left",
    "down": "org.xmind.ui.org-chart.down",
    "up": "org.xmind.ui.org-chart.up",
    "radial": "org.xmind.ui.map.clockwise",
}


def _attrs(node: Node) -> dict[str, str]:
    return dict(node.attrs)


def _mm_note(note: str) -> ET.Element:
    """A FreeMind 1.0 note: XHTML, one paragraph per line (FreeMind reads no plain-text notes)."""
    rich = ET.Element("richcontent", {"TYPE": "NOTE"})
    html = ET.SubElement(rich, "html")
    ET.SubElement(html, "head")
    body = ET.SubElement(html, "body")
    for line in note.split("\n"):
        if line.strip():
            ET.SubElement(body, "p").text = line
    return rich


_MM_TAGS = (("bold", "b"), ("italic", "i"), ("strike", "s"), ("underline", "u"), ("code", "code"))


def _mm_label(spans: tuple[Span, ...]) -> ET.Element:
    """A label with formatting inside it as FreeMind 1.0 rich content (XHTML, as FreeMind and
    Freeplane write it): b, i, s, u, code, a href, br (a formula as its TeX text, a highlight
    as plain text)."""
    rich = ET.Element("richcontent", {"TYPE": "NODE"})
    html = ET.SubElement(rich, "html")
    ET.SubElement(html, "head")
    paragraph = ET.SubElement(ET.SubElement(html, "body"), "p")
    last: ET.Element | None = None  # the element whose tail takes the next text

    def add_text(text: str) -> None:
        if last is None:
            paragraph.text = (paragraph.text or "") + text
        else:
            last.tail = (last.tail or "") + text

    for span in spans:
        if span.br:
            last = ET.SubElement(paragraph, "br")
            continue
        text = span.text
        tags = [tag for mark, tag in _MM_TAGS if getattr(span, mark)]
        link = safe_link(span.link)
        if link:
            tags.insert(0, "a")
        if not tags:
            add_text(text)
            continue
        outer = inner = ET.Element(tags[0], {"href": link} if tags[0] == "a" and link else {})
        for tag in tags[1:]:
            inner = ET.SubElement(inner, tag)
        inner.text = text
        paragraph.append(outer)
        last = outer
    return rich


def _keep_rich_text(root: ET.Element) -> None:
    """ET.indent would put line breaks and spaces into a rich label's runs (between two
    formatted runs that touch, a space): indent everything else, then give them back."""
    saved = [
        (element, element.text, element.tail)
        for rich in root.iter("richcontent")
        if rich.get("TYPE") == "NODE"
        for paragraph in rich.iter("p")
        for element in paragraph.iter()
    ]
    ET.indent(root, space="  ")
    for element, text, tail in saved:
        element.text = text
        if element.tag != "p":
            element.tail = tail


def to_freemind(tree: Tree) -> str:
    """A FreeMind 1.0 map (also read by Freeplane): text, notes, links, folds, colours, the side
    of each main branch, whole-label bold/italic/strike (a `font`), formatting inside a label
    (rich content), icons and cross-links (arrowlinks)."""
    root_el = ET.Element("map", {"version": "1.0.1"})
    arrows: dict[str, list[CrossLink]] = {}
    for link in tree.crosslinks:
        arrows.setdefault(link.source, []).append(link)
    elements: dict[str, ET.Element] = {}
    for placed in walk(tree.root):
        node, attrs = placed.node, _attrs(placed.node)
        parent = elements[placed.parent] if placed.parent else root_el
        values = {"ID": f"ID_{placed.id}", "TEXT": node.text}
        spans = [s for s in node.spans if s.text.strip()]
        flags = {k: all(getattr(s, k) for s in spans) for k in ("bold", "italic", "strike")} if spans else {}
        off: dict[str, Any] = {k: False for k, v in flags.items() if v}
        uniform = [replace(s, text="", **off) for s in spans]
        rich = any(u != Span("") for u in uniform) or any(s.br for s in node.spans)
        if rich:  # formatting inside the label: FreeMind keeps it as the node's HTML
            del values["TEXT"]
            flags = {}
        if node.folded and node.children:
            values["FOLDED"] = "true"
        url = safe_link(node.link)
        if url and not url.startswith("#"):  # in a FreeMind map '#ID' means one of its nodes
            values["LINK"] = url
        if "text" in attrs:
            values["COLOR"] = attrs["text"]
        if "fill" in attrs:
            values["BACKGROUND_COLOR"] = attrs["fill"]
        if placed.depth == 1 and node.side:
            values["POSITION"] = node.side
        element = elements[placed.id] = ET.SubElement(parent, "node", values)
        if "color" in attrs:
            ET.SubElement(element, "edge", {"COLOR": attrs["color"]})
        if rich:
            element.append(_mm_label(node.spans))
        if any(flags.values()):
            font = {"NAME": "SansSerif", "SIZE": "12"}
            font.update(
                {{"strike": "STRIKETHROUGH"}.get(k, k.upper()): "true" for k, v in flags.items() if v}
            )
            ET.SubElement(element, "font", font)
        for icon in filter(None, attrs.get("icon", "").split(",")):
            ET.SubElement(element, "icon", {"BUILTIN": icon})
        if node.note:
            element.append(_mm_note(node.note))
        for link in arrows.get(placed.id, []):
            arrow = {"DESTINATION": f"ID_{link.target}"}
            if link.label:
                arrow["MIDDLE_LABEL"] = link.label
            ET.SubElement(element, "arrowlink", arrow)
    _keep_rich_text(root_el)
    return ET.tostring(root_el, encoding="unicode") + "\n"


def _xmind_topic(placed: Placed) -> dict[str, Any]:
    node, attrs = placed.node, _attrs(placed.node)
    topic: dict[str, Any] = {"id": placed.id, "class": "topic", "title": node.text}
    if node.note:
        topic["notes"] = {"plain": {"content": node.note}}
    if safe_link(node.link):
        topic["href"] = safe_link(node.link)
    if node.folded and node.children:
        topic["branch"] = "folded"
    keys = (("svg:fill", "fill"), ("fo:color", "text"), ("line-color", "color"))
    style = {key: attrs[attr] for key, attr in keys if attr in attrs}
    style.update(_xmind_font(node))
    if style:
        topic["style"] = {"id": f"style-{placed.id}", "properties": style}
    markers = [m for m in attrs.get("markers", "").split(",") if m]
    if markers:
        topic["markers"] = [{"markerId": m} for m in markers]
    labels = [t for t in attrs.get("tags", "").split(",") if t]
    if labels:
        topic["labels"] = labels
    return topic


def _xmind_font(node: Node) -> dict[str, str]:
    """Formatting that covers the whole title, as XMind's topic style keeps it (an XMind title
    is plain text: formatting of a part of it has no place in the file)."""
    spans = [s for s in node.spans if s.text.strip() and not s.br]
    if not spans:
        return {}
    every = {k for k in ("bold", "italic", "strike", "underline") if all(getattr(s, k) for s in spans)}
    style = {}
    if "bold" in every:
        style["fo:font-weight"] = "bold"
    if "italic" in every:
        style["fo:font-style"] = "italic"
    decoration = " ".join(
        v for k, v in (("underline", "underline"), ("strike", "line-through")) if k in every
    )
    if decoration:
        style["fo:text-decoration"] = decoration
    return style


def to_xmind(tree: Tree, layout: str | None = None) -> bytes:
    """An XMind 2020+ workbook (a zip of content.json, metadata.json and manifest.json, as XMind
    writes them): one sheet; titles, notes, links, folds, colours, markers, labels, the layout
    as the root's structure, the side of main branches, and cross-links as relationships."""
    import io
    import json
    import zipfile

    topics: dict[str, dict[str, Any]] = {}
    root: dict[str, Any] = {}
    for placed in walk(tree.root):
        topic = topics[placed.id] = _xmind_topic(placed)
        if placed.parent is None:
            root = topic
        else:
            children = topics[placed.parent].setdefault("children", {}).setdefault("attached", [])
            children.append(topic)
    root["structureClass"] = _XMIND_STRUCTURES.get(layout or tree.layout or "map", _XMIND_STRUCTURES["map"])
    sides = [child.side for child in tree.root.children]
    first_left = sides.index("left") if "left" in sides else -1
    if first_left >= 0 and set(sides[:first_left]) <= {"right"} and set(sides[first_left:]) == {"left"}:
        content = [{"name": "right-number", "content": str(first_left)}]  # XMind: the first N go right
        root["extensions"] = [{"provider": "org.xmind.ui.map.unbalanced", "content": content}]
    relationships = [
        {
            "id": f"rel-{i}",
            "end1Id": link.source,
            "end2Id": link.target,
            **({"title": link.label} if link.label else {}),
        }
        for i, link in enumerate(tree.crosslinks)
    ]
    sheet: dict[str, Any] = {"id": "sheet-1", "class": "sheet", "title": tree.title, "rootTopic": root}
    if relationships:
        sheet["relationships"] = relationships
    files = {
        "content.json": json.dumps([sheet], ensure_ascii=False, indent=1),
        "metadata.json": json.dumps({"creator": {"name": "treemind-render"}}),
        "manifest.json": json.dumps({"file-entries": {"content.json": {}, "metadata.json": {}}}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # same map, same bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return buffer.getvalue()
