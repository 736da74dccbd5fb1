"""Conversion out: the model written back as a Markdown or OPML outline (`-f md`, `-f opml`)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..model import CrossLink, Node, Span, Tree, walk
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
    if tree.theme_overrides:  # JSON is YAML: the per-map theme mapping as it was given
        lines.append(f"theme: {tree.theme_overrides}")
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
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


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
