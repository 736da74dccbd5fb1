"""markmap's ways into a Markdown outline: ```` ```markmap ```` fences and `markmap:` options.

markmap (markmap.js.org) draws a Markdown outline as a mind map; READMEs and docs keep their
maps in ```` ```markmap ```` fences, with the map's options in the fence's own frontmatter
(`markmap: {colorFreezeLevel: 2}`, or hexo-markmap's `options:`) or in the file's. Here a
fence's content is part of the outline, in place: its headings sit under the section the fence
is in (a `#` in a fence under a `##` heading is a `###`, at most `######`), so the page's
later sections stay the map's siblings. The options that have a counterpart are honoured:

- `initialExpandLevel: N` folds every topic N or more levels below the root that has children
  (markmap shows N levels; 0 is taken as 1: the root is never folded);
- `colorFreezeLevel: N` (N >= 1) is the theme's `color_freeze_level`;
- `maxWidth: PX` (> 0) caps every level's wrap width.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Draft

_HEADING = re.compile(r"(?P<indent> {0,3})(?P<marks>#{1,6})(?=[ \t]|$)")
_FENCE = re.compile(r"(?P<indent>[ \t]{0,3})(?P<marks>`{3,}|~{3,})[ \t]*(?P<info>[^\s`]*)[^`]*$")
OPTION_KEYS = ("initialExpandLevel", "colorFreezeLevel", "maxWidth")


Fenced = tuple[int, int, dict[str, Any]]  # first and last 1-based line of a fence, its options


def splice(body: str, load_yaml: Any) -> tuple[str, list[Fenced]]:
    """`body` with every markmap fence opened up (fence and frontmatter lines blanked, so line
    numbers stay), and each fence's lines with the markmap options of its frontmatter."""
    lines = body.split("\n")
    fenced: list[Fenced] = []
    section = 0  # level of the last heading outside fences
    i = 0
    while i < len(lines):
        opened = _FENCE.match(lines[i])
        if not opened:
            heading = _HEADING.match(lines[i])
            section = len(heading.group("marks")) if heading else section
            i += 1
            continue
        marks, indent = opened.group("marks"), len(opened.group("indent"))
        close = next((j for j in range(i + 1, len(lines)) if _closes(lines[j], marks)), len(lines))
        if opened.group("info").lower() != "markmap":
            i = close + 1
            continue
        lines[i] = ""
        if close < len(lines):
            lines[close] = ""
        content = range(i + 1, close)
        inner: str | None = None  # the marks of a code fence inside the map
        for j in content:
            lines[j] = lines[j][min(indent, len(lines[j]) - len(lines[j].lstrip(" "))) :]
            fence = _FENCE.match(lines[j])
            if inner is not None:
                inner = None if _closes(lines[j], inner) else inner
            elif fence:
                inner = fence.group("marks")
            elif section:
                lines[j] = _shift(lines[j], section)
        first = next((j for j in content if lines[j].strip()), None)
        if first is not None and lines[first].strip() == "---":
            end = next((j for j in range(first + 1, close) if lines[j].strip() in ("---", "...")), None)
            if end is not None:
                fenced.append((i + 1, close + 1, read_options(load_yaml("\n".join(lines[first + 1 : end])))))
                for j in range(first, end + 1):
                    lines[j] = ""
        i = close + 1
    return "\n".join(lines), fenced


def _shift(line: str, levels: int) -> str:
    """A heading line `levels` deeper (at most `######`); any other line as it is."""
    heading = _HEADING.match(line)
    if not heading:
        return line
    marks = "#" * min(6, len(heading.group("marks")) + levels)
    return heading.group("indent") + marks + line[heading.end() :]


def _closes(line: str, marks: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(marks[0] * len(marks)) and not stripped.strip(marks[0])


def read_options(front: Any) -> dict[str, Any]:
    """The markmap options of a frontmatter mapping: under `markmap:` (markmap), `options:`
    (hexo-markmap) or at the top (a fence's own frontmatter)."""
    if not isinstance(front, dict):
        return {}
    found: dict[str, Any] = {}
    for holder in (front, front.get("options"), front.get("markmap")):
        if isinstance(holder, dict):
            found.update({k: holder[k] for k in OPTION_KEYS if k in holder})
    return found


def theme_keys(options: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    """Theme keys for the options that are theme settings here."""
    keys: dict[str, Any] = {}
    freeze = _number(options, "colorFreezeLevel", warnings)
    if freeze is not None and freeze >= 1:
        keys["color_freeze_level"] = min(int(freeze), 20)
    width = _number(options, "maxWidth", warnings)
    if width is not None and width > 0:
        keys["max_width"] = max(20, min(float(width), 5000))
    return keys


def fold_below(root: Draft, options: dict[str, Any], warnings: list[str], lines: range | None = None) -> None:
    """Fold what markmap's `initialExpandLevel` leaves folded: in the whole map, or in the
    topics of the fence on `lines` (levels counted from that fence's own top topic)."""
    level = _number(options, "initialExpandLevel", warnings)
    if level is None or level < 0:  # markmap's -1: everything open
        return
    placed, stack = [], [(root, 0)]
    while stack:
        draft, depth = stack.pop()
        if lines is None or (draft.line is not None and draft.line in lines):
            placed.append((draft, depth))
        stack.extend((child, depth + 1) for child in draft.children)
    base = min((depth for _, depth in placed), default=0) if lines is not None else 0
    for draft, depth in placed:
        if depth - base >= max(1, int(level)) and draft.children:
            draft.folded = True


def _number(options: dict[str, Any], key: str, warnings: list[str]) -> float | None:
    value = options.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        warnings.append(f"markmap option {key}: {value!r} is not a number; ignored")
        return None
    return float(value)
