"""Trees loaded from YAML or JSON (dicts, lists, strings) turned into a Tree.

The shapes understood, decided from the top of the document:
- a node: `{text|title|topic|name: LABEL, children: [NODE...]}` plus `note`, `link` (`url`,
  `href`, `hyperlink`), `folded` (`collapsed: true`, `expanded: false`), `side` (`direction`,
  `dir`: left/right, or jsMind/mind-elixir numbers: 1 right, 0 or -1 left), `style`
  (`color` branch, `fill`/`background` fill, `text`/`fontColor` text colour; also allowed on the
  node itself), `tags`, `markers`, `icon`, `todo`, `class`, `shape`, `checked`, `id`, `image`
  (a picture: a file name, or mind-elixir's `{url, width, height}`; simple-mind-map's
  `data.image` and `imageTitle`), drawn in the node under the picture rules. A string
  in `children` is a leaf; a list in a list is a "…" node holding its items.
- a document: `{title, theme, layout, tags, related, links, root: NODE or [NODE...]}`; on a
  root node given alone, `theme` and `layout` are read too (`title` there is its label).
- a list of nodes: a root named after the file holds them (one item: that item is the root).
- jsMind `{meta, format: node_tree|node_array, data}`, simple-mind-map
  `{data: {text, note, hyperlink, expand, ...}, children}` (also inside `{root: ...}`) and
  mind-elixir `{nodeData: {topic, children, direction}, arrows}`; in the last two a bare
  `color` is the text colour, as those editors mean it.
- shorthand: a mapping with none of the keys above is `{LABEL: CHILDREN, ...}`, each key a
  node whose value is its children (a list, a mapping, or one leaf).
- cross-links: document `links`/`arrows` `[{from, to, label}]` between node ids, and
  simple-mind-map `associativeLineTargets`.
- a label written as HTML (My Mind's `text`: `<b>`, `<br>`, `&gt;`...) is made plain text.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..colors import parse_color
from ..errors import LimitError, OutlineError
from ..model import PLACEHOLDER, CrossLink, Draft, Limits, Tree, draft_ids, freeze, prune
from . import title_from_source
from .common import NOTE_CONTROL, add_image, count_node, fold, html_images, html_text

_TAG = re.compile(r"<[^<>]*>")
# A label written as HTML (My Mind's `text`, other editors' rich text): made plain text.
LOOKS_HTML = re.compile(
    r"</?(?:b|i|u|s|strike|del|em|strong|br|a|span|div|p|font|sub|sup|code|img)\b[^<>]*>"
    r"|&(?:lt|gt|amp|quot|apos|nbsp|#\d+|#x[0-9a-f]+);",
    re.I,
)
LABEL_KEYS = ("text", "title", "topic", "name")
LINK_KEYS = ("link", "url", "href", "hyperlink", "hyperLink")
ATTR_KEYS = {"tags": "tags", "tag": "tags", "markers": "markers", "icon": "icon", "icons": "icon"}
ATTR_KEYS |= {"todo": "todo", "class": "class", "shape": "shape"}
# Colour keys -> attrs key. On a node `text` is the label, so only a style mapping has it.
NODE_COLORS = {"fill": "fill", "background": "fill", "backgroundColor": "fill", "fillColor": "fill"}
NODE_COLORS |= {"background-color": "fill", "fontColor": "text", "textColor": "text"}
NODE_COLORS |= {"foreground-color": "text", "color": "color", "branchColor": "color"}
NODE_COLORS |= {"lineColor": "color", "leading-line-color": "color"}
STYLE_COLORS = NODE_COLORS | {"text": "text"}
# simple-mind-map and mind-elixir mean the text colour by a bare `color`.
TEXT_COLOR = {"color": "text"}
NODE_KEYS = frozenset(
    {*LABEL_KEYS, *LINK_KEYS, *ATTR_KEYS, *NODE_COLORS, "children", "note", "notes", "folded"}
    | {"collapsed", "expanded", "expand", "side", "direction", "dir", "style", "checked", "id"}
    | {"data", "nodeData", "root", "meta", "format"}
)
# simple-mind-map layouts that have a counterpart here.
SMM_LAYOUTS = {
    "mindMap": "map",
    "logicalStructure": "right",
    "logicalStructureLeft": "left",
    "organizationStructure": "down",
    "catalogOrganization": "down",
}


def clean_label(value: str) -> str:
    """One line of plain text: control characters dropped, whitespace runs made one space."""
    return fold(value).strip()


def clean_note(value: str) -> str | None:
    text = NOTE_CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return text or None


def _scalar_text(value: Any) -> str | None:
    """Text of a scalar as YAML/JSON read it (numbers and dates as written); None otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float, datetime.date)):
        return str(value)
    return None


def _image_of(value: Any, alt: Any = None) -> list[tuple[str, str]]:
    """(src, alt) of a node's picture: a string, or a mapping with `src`/`url`/`href` (and
    `alt`/`title`); nothing for anything else."""
    if isinstance(value, dict):
        alt = value.get("alt", value.get("title", alt))
        value = next((value[k] for k in ("src", "url", "href") if isinstance(value.get(k), str)), None)
    if not isinstance(value, str) or not value.strip():
        return []
    return [(value.strip(), fold(_scalar_text(alt) or "").strip())]


def _kind(value: Any) -> str:
    names = {"dict": "mapping", "list": "list", "NoneType": "null"}
    return names.get(type(value).__name__, type(value).__name__)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, int) and not isinstance(value, bool) and value != 0)


def _item_text(item: Any) -> str:
    """A tag, marker or icon: text, or a simple-mind-map `{text: ...}` tag; commas would split it."""
    if isinstance(item, dict):
        item = item.get("text")
    text = _scalar_text(item)
    return clean_label(text).replace(",", " ").strip() if text is not None else ""


def too_deep(depth: int, limits: Limits, source: str) -> LimitError:
    """The error `freeze()` gives, for parsers that meet the depth while building."""
    return LimitError(
        f"outline is nested {depth} levels deep, over the limit of {limits.max_depth}"
        " (raise it with --limit-depth)",
        path=source,
    )


def crosslinks(
    root: Draft, pairs: Iterable[tuple[Draft, Draft, str | None]], warnings: list[str]
) -> tuple[CrossLink, ...]:
    """CrossLinks between drafts that made it into the tree; the others become warnings.
    Call it after `freeze()` has checked the depth: ids grow with it."""
    ids = draft_ids(root)
    out: list[CrossLink] = []
    for a, b, label in pairs:
        named = f" {label!r}" if label else ""
        if a is b:
            warnings.append(f"cross-link{named} from '{a.text}' to itself dropped")
        elif id(a) in ids and id(b) in ids:
            out.append(CrossLink(ids[id(a)], ids[id(b)], label))
        else:
            warnings.append(f"cross-link{named} from '{a.text}' to '{b.text}' dropped: an end is not drawn")
    return tuple(out)


class _Builder:
    """Builds drafts from loaded data with an explicit stack; collects ids, links, warnings."""

    def __init__(self, source: str, limits: Limits, style_color_is_text: bool) -> None:
        self.source = source
        self.limits = limits
        self.style_colors = STYLE_COLORS | TEXT_COLOR if style_color_is_text else STYLE_COLORS
        self.warnings: list[str] = []
        self.ids: dict[str, Draft] = {}
        self.links: list[tuple[Draft, str, str | None]] = []  # (from, target id, label)
        self.count = 0

    def build(self, values: list[Any], parent: Draft) -> None:
        """Add the nodes `values` describe under `parent`, with their subtrees, depth first."""
        stack: list[tuple[Any, Draft, int]] = [(v, parent, 0) for v in reversed(values)]
        while stack:
            value, owner, depth = stack.pop()
            if depth > self.limits.max_depth:  # fail before building the rest of a deep file
                raise too_deep(depth, self.limits, self.source)
            for draft, children in self.make(value):
                owner.children.append(draft)
                self.count = count_node(self.count, self.limits, self.source)
                stack.extend((child, draft, depth + 1) for child in reversed(children))

    def make(self, value: Any) -> list[tuple[Draft, list[Any]]]:
        """The node(s) one value stands for, each with the values of its children."""
        text = _scalar_text(value)
        if text is not None:
            return [(self.labelled(text), [])]
        if isinstance(value, list):  # a list in a list: a placeholder holds the items
            return [(Draft(""), value)]
        if not isinstance(value, dict):
            return []  # null: an empty list item
        if isinstance(value.get("data"), dict) and not any(k in value for k in LABEL_KEYS):
            return [self.smm_node(value)]
        if any(isinstance(k, str) and k in NODE_KEYS for k in value):
            return [self.node(value)]
        return [(self.labelled(str(k)), _as_list(v)) for k, v in value.items()]

    def labelled(self, raw: Any) -> Draft:
        """A node of this label; a label written as HTML keeps its picture as a mark."""
        draft = Draft(self.label(raw))
        if isinstance(raw, str) and LOOKS_HTML.search(raw):
            add_image(draft, html_images(raw))
        return draft

    def node(self, value: dict[Any, Any]) -> tuple[Draft, list[Any]]:
        draft = self.labelled(next((value[k] for k in LABEL_KEYS if value.get(k) is not None), ""))
        self.set_note(draft, value.get("note", value.get("notes")))
        draft.link = _link(next((value[k] for k in LINK_KEYS if value.get(k)), None))
        folded = _truthy(value.get("folded")) or _truthy(value.get("collapsed"))
        draft.folded = folded or value.get("expanded") is False or value.get("expand") is False
        side = next((value[k] for k in ("side", "direction", "dir") if k in value), None)
        draft.side = self.side(draft, side)
        if isinstance(value.get("checked"), bool):
            draft.checked = value["checked"]
        self.attrs(draft, value)
        self.colors(draft, value, NODE_COLORS)
        if isinstance(value.get("style"), dict):
            self.colors(draft, value["style"], self.style_colors)
        self.remember(draft, value.get("id"))
        if "image" not in draft.attrs:  # its picture: `image: pic.png`, mind-elixir's {url, ...}
            add_image(draft, _image_of(value.get("image", value.get("img"))))
        return draft, _as_list(value.get("children"))

    def smm_node(self, value: dict[Any, Any]) -> tuple[Draft, list[Any]]:
        """A simple-mind-map node: everything but the children sits in `data`."""
        data = value["data"]
        label = data.get("text", "")
        if data.get("richText") and isinstance(label, str):
            label = html.unescape(_TAG.sub(" ", label))
        draft = Draft(self.label(label))
        self.set_note(draft, data.get("note"))
        draft.link = _link(data.get("hyperlink"))
        draft.folded = data.get("expand") is False
        draft.side = self.side(draft, data.get("dir"))
        self.attrs(draft, data)
        self.colors(draft, data, NODE_COLORS | TEXT_COLOR)
        self.remember(draft, data.get("uid"))
        add_image(draft, _image_of(data.get("image"), data.get("imageTitle")))
        targets, texts = data.get("associativeLineTargets"), data.get("associativeLineText")
        for target in targets if isinstance(targets, list) else ():
            label_text = texts.get(target) if isinstance(texts, dict) else texts
            self.links.append((draft, str(target), _scalar_text(label_text)))
        return draft, _as_list(value.get("children"))

    def label(self, value: Any) -> str:
        text = _scalar_text(value)
        if text is None:
            self.warnings.append(f"a label must be text, not a {_kind(value)}; shown as '{PLACEHOLDER}'")
            return ""
        return clean_label(html_text(text) if LOOKS_HTML.search(text) else text)

    def set_note(self, draft: Draft, value: Any) -> None:
        if isinstance(value, list):
            value = "\n".join(t for t in map(_scalar_text, value) if t is not None)
        text = _scalar_text(value)
        if text is not None:
            draft.note = clean_note(text)

    def side(self, draft: Draft, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, str) and value.strip().lower() in ("left", "right"):
            return value.strip().lower()
        if isinstance(value, int) and not isinstance(value, bool) and value in (-1, 0, 1):
            return "right" if value == 1 else "left"
        self.warnings.append(f"node '{draft.text}': side {value!r} is not left or right; ignored")
        return None

    def attrs(self, draft: Draft, value: dict[Any, Any]) -> None:
        for key, attr in ATTR_KEYS.items():
            items = value.get(key)
            if items is None or isinstance(items, dict):
                continue
            listed = items.split(",") if isinstance(items, str) else _as_list(items)
            words = [_item_text(item) for item in listed]
            joined = ",".join(w for w in words if w)
            if joined:
                draft.attrs[attr] = f"{draft.attrs[attr]},{joined}" if attr in draft.attrs else joined

    def colors(self, draft: Draft, value: dict[Any, Any], keys: dict[str, str]) -> None:
        for key, attr in keys.items():
            text = _scalar_text(value.get(key))
            if text is None:
                continue
            color = parse_color(text)
            if color:
                draft.attrs[attr] = color
            elif text.strip().lower() not in ("", "none", "transparent", "inherit"):
                self.warnings.append(
                    f"node '{draft.text}': {key} {text!r} is not a colour (use #rrggbb or a name); dropped"
                )

    def remember(self, draft: Draft, node_id: Any) -> None:
        key = _scalar_text(node_id)
        if key is None:
            return
        if key in self.ids:
            self.warnings.append(f"id {key!r} is used by two nodes; links to it go to the first")
        else:
            self.ids[key] = draft


def _link(value: Any) -> str | None:
    text = _scalar_text(value)
    return (text.strip() or None) if text is not None else None


@dataclass
class _Doc:
    """What the top of a document says: the root value(s) and the map's settings."""

    roots: list[Any]
    style_color_is_text: bool = False
    title: str | None = None
    theme: str | None = None
    layout: str | None = None
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    links: list[Any] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _document(data: Any, source: str) -> _Doc:
    if isinstance(data, list):
        return _Doc(data)
    if not isinstance(data, dict):
        return _Doc([data])
    if isinstance(data.get("nodeData"), dict):  # mind-elixir
        doc = _Doc([data["nodeData"]], style_color_is_text=True, links=_as_list(data.get("arrows")))
        _foreign_theme(doc, data.get("theme"))
        return doc
    if data.get("format") in ("node_tree", "node_array", "freemind") or (
        isinstance(data.get("meta"), dict) and "data" in data
    ):
        return _jsmind(data, source)
    root = data.get("root")
    if isinstance(root, (dict, list, str)):  # not mind-elixir's `root: true` on a node
        doc = _Doc(_as_list(root), links=_as_list(data.get("links")))
        _settings(doc, data, smm=isinstance(root, dict) and isinstance(root.get("data"), dict))
        doc.title = _setting_text(doc, data, "title")
        doc.tags = _setting_list(doc, data, "tags")
        doc.related = _setting_list(doc, data, "related")
        return doc
    doc = _Doc([data])
    _settings(doc, data, smm=False)  # a root node may carry the map's theme and layout
    return doc


def _settings(doc: _Doc, data: dict[Any, Any], smm: bool) -> None:
    layout = _setting_text(doc, data, "layout")
    if smm and layout is not None:
        doc.layout = SMM_LAYOUTS.get(layout)
        if doc.layout is None:
            doc.warnings.append(f"simple-mind-map layout {layout!r} has no match here; the default is used")
    else:
        doc.layout = layout
    if isinstance(data.get("theme"), dict):
        _foreign_theme(doc, data["theme"])
    else:
        doc.theme = _setting_text(doc, data, "theme")


def _foreign_theme(doc: _Doc, theme: Any) -> None:
    if isinstance(theme, dict):
        name = _scalar_text(theme.get("template") or theme.get("name")) or "custom"
        doc.warnings.append(f"the editor's theme {name!r} is not used; pick a theme with --theme")


def _setting_text(doc: _Doc, data: dict[Any, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    text = _scalar_text(value)
    if text is None:
        doc.warnings.append(f"'{key}' must be text, not a {_kind(value)}; ignored")
        return None
    return clean_label(text) or None


def _setting_list(doc: _Doc, data: dict[Any, Any], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    items = [_scalar_text(v) for v in _as_list(value)]
    if any(item is None for item in items):
        doc.warnings.append(f"'{key}' must be a list of text; ignored")
        return ()
    return tuple(t for t in (clean_label(i or "") for i in items) if t)


def _jsmind(data: dict[Any, Any], source: str) -> _Doc:
    fmt = data.get("format", "node_tree")
    body = data.get("data")
    if fmt == "freemind":
        raise OutlineError(
            "jsMind map in 'freemind' format: save its data as a .mm file and render that", path=source
        )
    if fmt == "node_array":
        doc = _Doc([])
        doc.roots = [_from_array(body, doc.warnings)]
    elif fmt == "node_tree" and isinstance(body, dict):
        doc = _Doc([body])
    else:
        raise OutlineError(
            f"jsMind map with format {fmt!r} and data of type {_kind(body)}: expected format"
            " 'node_tree' with a data mapping, or 'node_array' with a data list",
            path=source,
        )
    meta = data["meta"] if isinstance(data.get("meta"), dict) else {}
    name = clean_label(_scalar_text(meta.get("name")) or "")
    # The jsMind editor names every map "jsMind..." unless told otherwise: not a real title.
    doc.title = name if name and not name.lower().startswith("jsmind") else None
    return doc


def _from_array(items: Any, warnings: list[str]) -> dict[str, Any]:
    """jsMind's node_array (a flat list with parentid) as a node_tree root, without recursion."""
    nodes: dict[str, dict[str, Any]] = {}
    order: list[dict[str, Any]] = []
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict) and _scalar_text(item.get("id")) is not None:
            copy = {k: v for k, v in item.items() if k != "children"} | {"children": []}
            nodes.setdefault(str(_scalar_text(item["id"])), copy)
            order.append(copy)
    root = next((n for n in order if n.get("isroot")), None) or next(
        (n for n in order if n.get("parentid") is None), None
    )
    if root is None:
        return {}
    for node in order:
        parent = nodes.get(str(_scalar_text(node.get("parentid"))))
        if node is not root and parent is not None:
            parent["children"].append(node)
    reached, stack = 0, [root]
    while stack:
        reached += 1
        stack.extend(stack.pop()["children"])
    if reached < len(order):
        lost = len(order) - reached
        warnings.append(f"{lost} jsMind node{'' if lost == 1 else 's'} not connected to the root: dropped")
    return root


def build_tree(data: Any, *, source: str, limits: Limits) -> Tree:
    """The Tree that loaded YAML or JSON data describes (see the module docstring)."""
    doc = _document(data, source)
    builder = _Builder(source, limits, doc.style_color_is_text)
    holder = Draft("")
    builder.build(doc.roots, holder)
    unlabelled = {id(draft) for draft in holder.children if not draft.text}  # drafts compare by value
    prune(holder)
    if not holder.children:
        raise OutlineError(
            "no topics found: give each node a label under 'text', 'title', 'topic' or 'name'",
            path=source,
        )
    root = holder.children[0] if len(holder.children) == 1 else holder
    if root is holder or id(root) in unlabelled:  # a root without a label of its own
        root.text = doc.title or title_from_source(source)
    warnings = doc.warnings + builder.warnings
    pairs = _link_pairs(builder, doc.links, warnings)
    node = freeze(root, limits, path=source)  # first: ids of a very deep tree cost O(depth²)
    links = crosslinks(root, pairs, warnings)
    return Tree(
        root=node,
        title=doc.title or node.text,
        theme=doc.theme,
        layout=doc.layout,
        tags=doc.tags,
        related=doc.related,
        source=source,
        crosslinks=links,
        warnings=tuple(warnings),
    )


def _link_pairs(
    builder: _Builder, links: list[Any], warnings: list[str]
) -> list[tuple[Draft, Draft, str | None]]:
    """Links by id (document `links`/`arrows`, simple-mind-map lines) as pairs of drafts."""
    wanted: list[tuple[Draft | str, str, str | None]] = list(builder.links)
    for link in links:
        if isinstance(link, dict):
            label = next((_scalar_text(link[k]) for k in ("label", "text", "title") if k in link), None)
            wanted.append((str(_scalar_text(link.get("from"))), str(_scalar_text(link.get("to"))), label))
        else:
            warnings.append(f"a link must be a mapping like {{from: ID, to: ID}}, not a {_kind(link)}")
    pairs = []
    for start, end, label in wanted:
        a = start if isinstance(start, Draft) else builder.ids.get(start)
        b = builder.ids.get(end)
        if a is None or b is None:
            warnings.append(f"cross-link to unknown id {end if a else start!r} dropped")
        else:
            pairs.append((a, b, clean_label(label or "") or None))
    return pairs
