"""XMind workbooks (.xmind zips): content.json (XMind 2020 and later) or content.xml (XMind 8).

Choices for cases the format leaves open:
- content.json wins when both are there (XMind 2020 also writes a content.xml stub that only
  says the file needs a newer XMind).
- The first sheet is drawn unless `sheet` names another, by 1-based number or by title.
- The map's title is the sheet title, unless it is an editor default ("Sheet 1", "Map 1",
  "画布 1"...): then the root topic's title.
- The root topic's structure sets the layout where one matches (logic.right -> right,
  org-chart.down -> down, map -> map); the unbalanced map's "right-number" puts the first N
  main topics on the right and the rest on the left.
- Floating (detached) topics, summaries, boundaries and callouts are not drawn: each kind gets
  one warning. A topic's image is kept as a picture mark (attr `image`); an image-only topic is
  labelled with the image's file name.
"""

from __future__ import annotations

import io
import json
import lzma
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from ..colors import parse_color
from ..errors import LimitError, OutlineError
from ..model import Draft, Limits, Span, Tree, freeze, prune
from . import title_from_source
from .common import add_image, count_node, parse_xml_bytes
from .tree_data import clean_label, clean_note, crosslinks, too_deep

MAX_MEMBERS = 1_000
MAX_RATIO = 200
RATIO_FLOOR = 1 << 20  # smaller members cannot do harm however well they compress
CONTENT = "urn:xmind:xmap:xmlns:content:2.0"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XHTML_IMG = "{http://www.w3.org/1999/xhtml}img"
UNBALANCED = "org.xmind.ui.map.unbalanced"
# Style properties (XMind 2020 keys; XMind 8 styles.xml uses the same names with namespaces).
STYLE_KEYS = {"svg:fill": "fill", "fo:color": "text", "line-color": "color"}
XML_STYLE_KEYS = {
    "{http://www.w3.org/2000/svg}fill": "fill",
    "{http://www.w3.org/1999/XSL/Format}color": "text",
    "line-color": "color",
}
STRUCTURES = {
    "org.xmind.ui.map": "map",
    "org.xmind.ui.map.clockwise": "map",
    "org.xmind.ui.map.anticlockwise": "map",
    UNBALANCED: "map",
    "org.xmind.ui.logic.right": "right",
    "org.xmind.ui.logic.left": "left",
    "org.xmind.ui.tree.right": "right",
    "org.xmind.ui.tree.left": "left",
    "org.xmind.ui.org-chart.down": "down",
    "org.xmind.ui.org-chart.up": "up",
}
_DEFAULT_SHEET = re.compile(
    r"(sheet|map|canvas|画布|导图|畫布|工作表|シート|マップ|キャンバス|시트|맵|blatt|feuille|hoja|folha|foglio)"
    r"\s*\d*",
    re.IGNORECASE,
)
_ALPHA_HEX = re.compile(r"(#[0-9a-fA-F]{6})[fF]{2}")
# What zipfile and its decompressors raise for a damaged or unusual archive: a newer zip version or
# an unknown compression method is NotImplementedError, an encrypted member RuntimeError, a cut-off
# stream EOFError, a bad CRC or header BadZipFile.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


@dataclass
class _Topic:
    """One topic as either file format holds it."""

    title: str = ""
    id: str | None = None
    note: str | None = None
    link: str | None = None
    folded: bool = False
    markers: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    colors: dict[str, str] = field(default_factory=dict)  # attrs key -> raw value
    attached: list[Any] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # kinds of content not drawn, one per item
    right_number: int | None = None
    image: str | None = None  # the topic's picture (xap:resources/...), kept as a picture mark
    structure: str | None = None
    font: dict[str, bool] = field(default_factory=dict)  # whole-title bold/italic/strike/underline


# XMind titles are plain text; their formatting is the topic's: these style properties.
FONT_KEYS = (
    ("fo:font-weight", ("bold", "600", "700", "800", "900"), "bold"),
    ("fo:font-style", ("italic",), "italic"),
    ("fo:text-decoration", ("line-through",), "strike"),
    ("fo:text-decoration", ("underline",), "underline"),
)


@dataclass
class _Sheet:
    title: str
    root: Any
    relationships: list[tuple[str, str, str | None]]
    read: Callable[[Any], _Topic]


# --- the zip --------------------------------------------------------------------------------


def _open(data: bytes, source: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise OutlineError(
            f"not an XMind workbook: not a readable zip archive ({_one_line(exc)}); an .xmind file is"
            " the zip XMind saves",
            path=source,
        ) from None
    if len(archive.infolist()) > MAX_MEMBERS:
        raise LimitError(
            f"XMind workbook holds {len(archive.infolist()):,} files, more than {MAX_MEMBERS:,}:"
            " not a workbook XMind wrote",
            path=source,
        )
    return archive


def _member(archive: zipfile.ZipFile, name: str, source: str, limits: Limits) -> bytes | None:
    """A member's bytes, or None if absent; sizes and ratio are checked before reading."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.flag_bits & 0x1:
        raise OutlineError(
            "XMind workbook is encrypted (password protected): save a copy without a password",
            path=source,
        )
    if info.file_size > limits.max_bytes:
        raise LimitError(
            f"{name} in the workbook unpacks to {info.file_size:,} bytes, over the limit of"
            f" {limits.max_bytes:,} (raise it with --limit-size)",
            path=source,
        )
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise LimitError(
            f"{name} in the workbook is compressed more than {MAX_RATIO}:1 (a zip bomb?);"
            " refusing to unpack it",
            path=source,
        )
    try:
        with archive.open(info) as stream:
            raw = stream.read(limits.max_bytes + 1)
    except _ZIP_ERRORS as exc:
        raise OutlineError(
            f"XMind workbook is damaged: cannot unpack {name} ({_one_line(exc)})", path=source
        ) from None
    if len(raw) > limits.max_bytes:
        raise LimitError(
            f"{name} in the workbook is over the size limit (raise it with --limit-size)", path=source
        )
    return raw


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# --- content.json (XMind 2020+) -------------------------------------------------------------


def _json_sheets(raw: bytes, source: str) -> list[_Sheet]:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise OutlineError(
            "content.json in the workbook is not UTF-8 text (is the workbook password protected?)",
            path=source,
        ) from None
    except json.JSONDecodeError as exc:
        raise OutlineError(
            f"content.json in the workbook is not valid JSON (line {exc.lineno}, column {exc.colno}:"
            f" {exc.msg})",
            path=source,
        ) from None
    except RecursionError:
        raise LimitError("content.json in the workbook is nested too deep to read", path=source) from None
    except ValueError as exc:
        raise OutlineError(f"content.json in the workbook: {_one_line(exc)}", path=source) from None
    sheets = data if isinstance(data, list) else [data]
    out = []
    for sheet in sheets:
        if not isinstance(sheet, dict) or not isinstance(sheet.get("rootTopic"), dict):
            raise OutlineError(
                "content.json in the workbook has a sheet without a rootTopic: not an XMind workbook",
                path=source,
            )
        links = [
            (str(r.get("end1Id")), str(r.get("end2Id")), _text(r.get("title")))
            for r in _dicts(sheet.get("relationships"))
        ]
        out.append(_Sheet(_text(sheet.get("title")) or "", sheet["rootTopic"], links, _json_topic))
    return out


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _json_topic(raw: Any) -> _Topic:
    if not isinstance(raw, dict):
        return _Topic()
    children = _dict(raw.get("children"))
    plain = _dict(_dict(raw.get("notes")).get("plain"))
    style = _dict(_dict(raw.get("style")).get("properties"))
    topic = _Topic(
        title=_text(raw.get("title")) or "",
        id=_text(raw.get("id")),
        note=_text(plain.get("content")),
        link=_text(raw.get("href")),
        folded=raw.get("branch") == "folded",
        markers=[m["markerId"] for m in _dicts(raw.get("markers")) if isinstance(m.get("markerId"), str)],
        labels=[label for label in raw.get("labels") or [] if isinstance(label, str)],
        attached=list(children.get("attached") or []) if isinstance(children.get("attached"), list) else [],
        structure=_text(raw.get("structureClass")),
    )
    topic.colors = {attr: style[key] for key, attr in STYLE_KEYS.items() if isinstance(style.get(key), str)}
    topic.font = {
        mark: True
        for key, values, mark in FONT_KEYS
        if isinstance(style.get(key), str) and any(v in style[key].lower().split() for v in values)
    }
    for kind, items in (("floating topic", children.get("detached")), ("summary", children.get("summary"))):
        topic.dropped += [kind] * len(items) if isinstance(items, list) else []
    topic.dropped += ["callout"] * len(_dicts(children.get("callout")))
    topic.dropped += ["boundary"] * len(_dicts(raw.get("boundaries")))
    image = _dict(raw.get("image"))
    topic.image = (_text(image.get("src")) or "xap:image") if isinstance(raw.get("image"), dict) else None
    for ext in _dicts(raw.get("extensions")):
        if ext.get("provider") == UNBALANCED:
            for item in _dicts(ext.get("content")):
                if item.get("name") == "right-number":
                    topic.right_number = _number(item.get("content"))
    return topic


def _number(value: Any) -> int | None:
    text = str(value).strip() if isinstance(value, (str, int)) else ""
    return int(text) if text.isdigit() and len(text) < 6 else None


# --- content.xml (XMind 8) ------------------------------------------------------------------


def _xml_styles(raw: bytes | None, source: str) -> dict[str, dict[str, str]]:
    """XMind 8 styles.xml: style id -> {attrs key: raw colour}."""
    if raw is None:
        return {}
    styles: dict[str, dict[str, str]] = {}
    for element in parse_xml_bytes(raw, "styles.xml", source).iter():
        if element.tag.rpartition("}")[2] != "style" or not element.get("id"):
            continue
        props = next((c for c in element if c.tag.rpartition("}")[2] == "topic-properties"), None)
        if props is not None:
            found = {attr: props.get(key, "") for key, attr in XML_STYLE_KEYS.items() if props.get(key)}
            styles[element.get("id", "")] = found
    return styles


def _xml_sheets(raw: bytes, styles: dict[str, dict[str, str]], source: str) -> list[_Sheet]:
    root = parse_xml_bytes(raw, "content.xml", source)
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    if root.tag != f"{ns}xmap-content":
        raise OutlineError(
            f"content.xml in the workbook starts with <{root.tag.rpartition('}')[2]}>, not <xmap-content>:"
            " not an XMind workbook",
            path=source,
        )

    def read(element: Any) -> _Topic:
        return _xml_topic(element, ns, styles)

    sheets = []
    for sheet in root.findall(f"{ns}sheet"):
        topic = sheet.find(f"{ns}topic")
        if topic is None:
            raise OutlineError("content.xml in the workbook has a sheet without a topic", path=source)
        links = [
            (r.get("end1", ""), r.get("end2", ""), r.findtext(f"{ns}title"))
            for r in sheet.findall(f"{ns}relationships/{ns}relationship")
        ]
        sheets.append(_Sheet(sheet.findtext(f"{ns}title") or "", topic, links, read))
    return sheets


def _xml_topic(element: Element, ns: str, styles: dict[str, dict[str, str]]) -> _Topic:
    topic = _Topic(
        title=element.findtext(f"{ns}title") or "",
        id=element.get("id"),
        note=element.findtext(f"{ns}notes/{ns}plain"),
        link=element.get(XLINK_HREF),
        folded=element.get("branch") == "folded",
        markers=[m.get("marker-id", "") for m in element.findall(f"{ns}marker-refs/{ns}marker-ref")],
        labels=[label.text or "" for label in element.findall(f"{ns}labels/{ns}label")],
        colors=dict(styles.get(element.get("style-id", ""), {})),
        structure=element.get("structure-class"),
    )
    for group in element.findall(f"{ns}children/{ns}topics"):
        kind = group.get("type", "attached")
        items = group.findall(f"{ns}topic")
        if kind == "attached":
            topic.attached += items
        else:
            topic.dropped += [{"detached": "floating topic"}.get(kind, kind)] * len(items)
    topic.dropped += ["boundary"] * len(element.findall(f"{ns}boundaries/{ns}boundary"))
    images = element.findall(XHTML_IMG)
    if images:
        topic.image = images[0].get("{http://www.w3.org/1999/xhtml}src") or "xap:image"
    right = element.find(
        f"{ns}extensions/{ns}extension[@provider='{UNBALANCED}']/{ns}content/{ns}right-number"
    )
    topic.right_number = _number(right.text) if right is not None else None
    return topic


# --- sheet to tree --------------------------------------------------------------------------


def _sheets(archive: zipfile.ZipFile, source: str, limits: Limits) -> list[_Sheet]:
    for manifest in ("manifest.json", "META-INF/manifest.xml"):
        raw = _member(archive, manifest, source, limits)
        if raw is not None and b"encryption-data" in raw:
            raise OutlineError(
                "XMind workbook is password protected: save a copy without a password", path=source
            )
    content = _member(archive, "content.json", source, limits)
    if content is not None:
        sheets = _json_sheets(content, source)
    else:
        content = _member(archive, "content.xml", source, limits)
        if content is None:
            raise OutlineError(
                "not an XMind workbook: the zip holds neither content.json nor content.xml", path=source
            )
        styles = _xml_styles(_member(archive, "styles.xml", source, limits), source)
        sheets = _xml_sheets(content, styles, source)
    if not sheets:
        raise OutlineError("XMind workbook has no sheets: nothing to draw", path=source)
    return sheets


def _pick(sheets: list[_Sheet], wanted: str | None, source: str, warnings: list[str]) -> _Sheet:
    if wanted is None:
        if len(sheets) > 1:
            warnings.append(
                f"the workbook has {len(sheets)} sheets; drawing sheet 1 {sheets[0].title!r}"
                " (choose another with --sheet NUMBER or NAME)"
            )
        return sheets[0]
    key = wanted.strip()
    if key.isdigit() and 1 <= int(key) <= len(sheets):
        return sheets[int(key) - 1]
    for match in (lambda s: s.title == key, lambda s: s.title.casefold() == key.casefold()):
        found = next((s for s in sheets if match(s)), None)
        if found:
            return found
    listed = ", ".join(f"{i} {s.title!r}" for i, s in enumerate(sheets[:10], start=1))
    more = f" and {len(sheets) - 10} more" if len(sheets) > 10 else ""
    raise OutlineError(
        f"no sheet {wanted!r} in this workbook (sheets: {listed}{more}); give --sheet a number or a title",
        path=source,
    )


def _color(raw: str) -> str | None:
    return parse_color(_ALPHA_HEX.sub(r"\1", raw.strip()))


class _Builder:
    def __init__(self, sheet: _Sheet, source: str, limits: Limits) -> None:
        self.sheet, self.source, self.limits = sheet, source, limits
        self.ids: dict[str, Draft] = {}
        self.dropped: dict[str, int] = {}
        self.warnings: list[str] = []
        self.count = 0

    def build(self) -> tuple[Draft, _Topic]:
        """The sheet's drafts, built with an explicit stack; returns the root and its topic."""
        first = self.sheet.read(self.sheet.root)
        root = self.draft(first)
        stack = [(raw, root, 1) for raw in reversed(first.attached)]
        while stack:
            raw, parent, depth = stack.pop()
            if depth > self.limits.max_depth:  # fail before reading the rest of a deep file
                raise too_deep(depth, self.limits, self.source)
            topic = self.sheet.read(raw)
            parent.children.append(self.draft(topic))
            stack.extend((child, parent.children[-1], depth + 1) for child in reversed(topic.attached))
        if first.right_number is not None:
            for i, child in enumerate(root.children):
                child.side = "right" if i < first.right_number else "left"
        return root, first

    def draft(self, topic: _Topic) -> Draft:
        self.count = count_node(self.count, self.limits, self.source)
        draft = Draft(clean_label(topic.title), link=(topic.link or "").strip() or None, folded=topic.folded)
        if topic.font and draft.text:
            font: dict[str, Any] = dict(topic.font)
            draft.spans = [Span(draft.text, **font)]
        draft.note = clean_note(topic.note) if topic.note else None
        if topic.image:
            add_image(draft, [(topic.image.strip(), "")])
        for attr, values in (("markers", topic.markers), ("tags", topic.labels)):
            words = [w for w in (clean_label(v).replace(",", " ").strip() for v in values) if w]
            if words:
                draft.attrs[attr] = ",".join(words)
        for attr, raw in topic.colors.items():
            color = _color(raw)
            if color:
                draft.attrs[attr] = color
            elif raw.strip().lower() not in ("", "none", "transparent", "inherit"):
                self.warnings.append(f"topic '{draft.text}': colour {raw!r} not understood; dropped")
        for kind in topic.dropped:
            self.dropped[kind] = self.dropped.get(kind, 0) + 1
        if topic.id:
            self.ids.setdefault(topic.id, draft)
        return draft

    def links(self) -> list[tuple[Draft, Draft, str | None]]:
        pairs = []
        for end1, end2, title in self.sheet.relationships:
            a, b = self.ids.get(end1), self.ids.get(end2)
            label = clean_label(title or "") or None
            if a is None or b is None:
                named = f" {label!r}" if label else ""
                self.warnings.append(f"relationship{named} to a topic that is not drawn (floating?) dropped")
            else:
                pairs.append((a, b, label))
        return pairs

    def dropped_warnings(self) -> list[str]:
        plural = {"summary": "summaries", "boundary": "boundaries"}
        return [
            f"{n} {kind if n == 1 else plural.get(kind, kind + 's')} not drawn"
            for kind, n in sorted(self.dropped.items())
        ]


def parse(content: bytes, *, source: str, limits: Limits, sheet: str | None = None) -> Tree:
    """Parse .xmind bytes into a Tree of one sheet."""
    archive = _open(content, source)
    with archive:
        sheets = _sheets(archive, source, limits)
    warnings: list[str] = []
    chosen = _pick(sheets, sheet, source, warnings)
    builder = _Builder(chosen, source, limits)
    root, first = builder.build()
    sheet_title = clean_label(chosen.title)
    root.text = root.text or sheet_title or title_from_source(source)
    prune(root)
    pairs = builder.links()
    warnings += builder.warnings + builder.dropped_warnings()
    node = freeze(root, limits, path=source)
    links = crosslinks(root, pairs, warnings)
    layout = STRUCTURES.get(first.structure or "")
    if first.structure and layout is None:
        warnings.append(f"XMind structure {first.structure!r} has no match here; drawn as a map")
    title = sheet_title if sheet_title and not _DEFAULT_SHEET.fullmatch(sheet_title) else node.text
    return Tree(
        root=node,
        title=title,
        layout=layout,
        source=source,
        crosslinks=links,
        warnings=tuple(warnings),
    )
