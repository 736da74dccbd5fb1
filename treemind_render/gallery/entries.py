"""The maps of a gallery: each input parsed once, with a safe unique file name from its title."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from .. import safe_yaml
from ..app.inputs import Source
from ..model import Tree, count_nodes
from ..parsers import format_for_path, sniff

SLUG_LIMIT = 60  # characters; 60 CJK characters are 180 bytes, well under 255 with a suffix
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")


@dataclass
class Entry:
    """One map of the gallery: where it came from, its tree, and its page's file name."""

    source: Source
    tree: Tree
    slug: str = ""
    order: float | None = None
    nodes: int = 0
    related: list[tuple[Entry, str]] = field(default_factory=list)  # (map, why), filled later

    @property
    def title(self) -> str:
        return self.tree.title

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.strip() for t in self.tree.tags if t.strip()))

    def keys(self) -> set[str]:
        """The names a `related:` entry may use for this map: file stem, path, title, slug."""
        names = {self.title, self.slug}
        if self.source.path is not None:
            names |= {self.source.path.stem, self.source.path.with_suffix("").as_posix()}
            if self.source.base is not None:
                names.add(self.source.path.relative_to(self.source.base).with_suffix("").as_posix())
        return {fold(n) for n in names if n}


def fold(text: str) -> str:
    """Text for comparing names: NFKC, case-folded, trimmed."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def make_entry(source: Source, tree: Tree, data: bytes) -> Entry:
    return Entry(source, tree, order=front_order(source.name, data), nodes=count_nodes(tree.root))


def front_order(name: str, data: bytes) -> float | None:
    """The `order` key of a Markdown file's frontmatter, when it is a number."""
    fmt = format_for_path(name) or sniff(data)
    if fmt != "markdown":
        return None
    text = data.decode("utf-8", "replace").lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), 0)
    try:
        front: Any = safe_yaml.load("\n".join(lines[1:end])) if end else None
    except yaml.YAMLError:
        return None
    value = front.get("order") if isinstance(front, dict) else None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    return float(value)


def slugify(title: str) -> str:
    """A file name from a title: letters and digits of any script, `-` for the rest.

    >>> slugify('Tools & <tricks> "quoted"!')
    'tools-tricks-quoted'
    >>> slugify("学习计划 2027")
    '学习计划-2027'
    """
    text = unicodedata.normalize("NFKC", title).casefold()
    text = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")
    text = text[:SLUG_LIMIT].strip("-_")
    if not text:
        return "map"
    return f"map-{text}" if text in _RESERVED else text


def assign_slugs(entries: list[Entry]) -> None:
    """Unique slugs, compared case-insensitively; clashes get -2, -3 in input path order."""
    taken: set[str] = set()
    for entry in sorted(entries, key=lambda e: e.source.name):
        base = slugify(entry.title)
        slug, n = base, 1
        while slug.casefold() in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug.casefold())
        entry.slug = slug


def sort_entries(entries: list[Entry]) -> list[Entry]:
    """Maps with a frontmatter `order` first, by it; then the rest by title."""
    return sorted(
        entries,
        key=lambda e: (e.order is None, e.order or 0.0, fold(e.title), e.slug),
    )


def lang_of(text: str) -> str:
    """A guess at the language tag for text, so browsers pick the right CJK glyph forms."""
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    return "zh" if _CJK.search(text) else "en"
