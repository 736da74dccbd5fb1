"""```mindmap fences in Markdown: finding them, their options, and the outline each one holds.

Shared by `treemind embed` (embed.py), the Python-Markdown extension and the MkDocs plugin.
Fences are found with markdown-it (CommonMark), so a fence inside another code block, an
indented code block or an HTML block is not one; fences in lists and quotes are.
"""

from __future__ import annotations

import difflib
import re
import shlex
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..draw.pictures import PictureFolder, stamp_with_pictures
from ..errors import OutlineError, TreemindError
from ..model import Limits, Tree, walk
from ..parsers import FORMATS as INPUT_FORMATS
from ..parsers import format_for_path, parse, sniff
from ..pipeline import AUTO, RenderOptions

LANGUAGE = "mindmap"
OPTIONS = ("theme", "layout", "src", "from", "sheet", "fold", "unfold", "name", "alt")
_TRUE, _FALSE = ("", "true", "yes", "on", "1", "unfold"), ("false", "no", "off", "0")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_BARE = re.compile(r"^[ \t>]*")


@dataclass(frozen=True)
class FenceOptions:
    """What the info string says: `mindmap theme=dark layout=right src=maps/plan.opml ...`."""

    theme: str | None = None  # a built-in theme, or a .yaml file (relative to the document)
    layout: str | None = None
    src: str | None = None  # the outline is this file (relative to the document), not the body
    input_format: str | None = None  # from=: the outline's format; else by extension or content
    sheet: str | None = None
    fold: int | None = None  # fold every node at this depth (like --max-depth)
    unfold: bool = False
    name: str | None = None  # the image's name; default: from the map's title
    alt: str | None = None  # the image's alt text; default: the map's title


@dataclass(frozen=True)
class Fence:
    start: int  # index of the opening line (0-based)
    end: int  # index of the line after the closing fence
    info: str
    body: str  # the fence's content, without list or quote prefixes
    prefix: str  # what a line added after the fence starts with, to stay in the same list or quote

    @property
    def line(self) -> int:
        return self.start + 1


@dataclass(frozen=True)
class Loaded:
    """A fence's outline, read and parsed."""

    data: bytes
    tree: Tree
    input_format: str
    theme: str | None  # a built-in name, or the theme file's path
    options: FenceOptions
    # pictures in topics: named relative to the outline (the document, or the src= file), and
    # held to the same rules as src=: inside the repository, nothing hidden (draw/pictures.py)
    pictures: PictureFolder | None = None

    def stamped(self, stamp: str) -> str:
        """`stamp` changed by the bytes of the pictures this outline names (draw/pictures.py)."""
        srcs = (dict(p.node.attrs).get("image") for p in walk(self.tree.root))
        return stamp_with_pictures(stamp, srcs, self.pictures, Limits().max_image)

    def render_options(self, embed_fonts: bool = False) -> RenderOptions:
        o = self.options
        return RenderOptions(
            theme=self.theme,
            layout=o.layout,
            max_depth=o.fold,
            unfold=o.unfold,
            embed_fonts=embed_fonts,
            pictures=self.pictures,
        )


def find_fences(text: str, where: str) -> list[Fence]:
    """Every ```mindmap (or ~~~mindmap) fence, in document order; an unclosed one is an error."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    lines = _NEWLINE.split(text)
    fences = []
    for token in MarkdownIt("commonmark").use(front_matter_plugin).parse(text):
        if token.type != "fence" or not token.map or token.info.split()[:1] != [LANGUAGE]:
            continue
        start, end = token.map
        closing = _BARE.sub("", lines[end - 1]).rstrip() if end - 1 > start else ""
        if len(closing) < len(token.markup) or set(closing) != {token.markup[0]}:
            raise OutlineError("this mindmap fence is never closed", path=where, line=start + 1)
        opening = lines[start]
        prefix = re.sub(r"[^ \t>]", " ", opening[: opening.find(token.markup)])
        fences.append(Fence(start, end, token.info.strip(), token.content, prefix))
    return fences


def parse_info(
    info: str, where: str, line: int | None = None, base: FenceOptions = FenceOptions()
) -> FenceOptions | None:
    """The options of a `mindmap` info string (None for any other fence); values may be quoted."""
    words = info.split(None, 1)
    if not words or words[0] != LANGUAGE:
        return None
    try:
        tokens = shlex.split(words[1]) if len(words) > 1 else []
    except ValueError as exc:
        raise OutlineError(f"mindmap fence options: {exc}", path=where, line=line) from None
    values: dict[str, str | None] = {}
    for token in tokens:
        key, eq, value = token.partition("=")
        values[key] = value if eq else None
    return options_from(values, where, line, base)


def options_from(
    values: Mapping[str, str | None], where: str, line: int | None = None, base: FenceOptions = FenceOptions()
) -> FenceOptions:
    """Checked options; `None` is a key given without a value (only `unfold` may be)."""
    from ..layout import LAYOUTS
    from ..style.themes import builtin_names

    def fail(message: str) -> OutlineError:
        return OutlineError(f"mindmap fence: {message}", path=where, line=line)

    checked: dict[str, object] = {}
    for key, value in values.items():
        if key not in OPTIONS:
            close = difflib.get_close_matches(key, OPTIONS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise fail(f"unknown option {key!r}{hint}; the options are: {', '.join(OPTIONS)}")
        if key == "unfold":
            if (value or "").lower() not in _TRUE + _FALSE:
                raise fail(f"unfold={value!r}: use unfold, unfold=true or unfold=false")
            checked["unfold"] = (value or "").lower() in _TRUE
            continue
        if not value:
            raise fail(f"option {key!r} needs a value: {key}=VALUE")
        if key == "fold":
            if not value.isdigit():
                raise fail(f"fold={value!r}: expected a depth, a whole number like 2")
            checked["fold"] = int(value)
        elif key == "theme" and not value.endswith((".yaml", ".yml")):
            names = [n for n in builtin_names() if n != "base"] + [AUTO]
            if value not in names:
                raise fail(f"unknown theme {value!r} (choose from: {', '.join(names)}, or a .yaml file)")
        elif key == "layout" and value not in LAYOUTS:
            raise fail(f"unknown layout {value!r} (choose from: {', '.join(LAYOUTS)})")
        elif key == "from" and value not in INPUT_FORMATS:
            raise fail(f"unknown input format {value!r} (choose from: {', '.join(INPUT_FORMATS)})")
        checked.setdefault("input_format" if key == "from" else key, value)
    return replace(base, **checked)  # type: ignore[arg-type]


def load_fence(body: str, options: FenceOptions, doc: Path, line: int, root: Path) -> Loaded:
    """Read and parse a fence's outline: its body, or the file `src=` names (inside `root`).

    Errors in the body are reported at their line in the document.
    """
    theme = options.theme
    if theme and theme.endswith((".yaml", ".yml")):
        theme = str(_inside_path(theme, doc, line, root, "theme"))
        _check_theme_chain(options.theme or "", theme, doc, line, root)
    if options.src:
        if body.strip():
            raise OutlineError(
                "a fence with src= takes its outline from that file: leave it empty", path=str(doc), line=line
            )
        path = _inside_path(options.src, doc, line, root, "src")
        if path.stat().st_size > Limits().max_bytes:
            raise OutlineError(f"{options.src}: larger than the input limit", path=str(doc), line=line)
        data, source = path.read_bytes(), str(path)
        fmt = options.input_format or format_for_path(source) or sniff(data)
        archive = str(path) if fmt == "xmind" else None
        pictures = PictureFolder(str(path.parent.absolute()), str(root.absolute()), archive)
    else:
        data, source = body.encode("utf-8"), str(doc)
        fmt = options.input_format or sniff(data)
        pictures = PictureFolder(str(doc.parent.absolute()), str(root.absolute()))
    try:
        tree = parse(data, source=source, fmt=fmt, sheet=options.sheet)
    except TreemindError as exc:
        if not options.src:  # body line 1 is the line after the opening fence
            exc.line = line + exc.line if exc.line else line
        raise
    return Loaded(data, tree, fmt, theme, options, pictures)


def _inside_path(value: str, doc: Path, line: int, root: Path, key: str) -> Path:
    path = doc.parent / value
    if Path(value).is_absolute() or not inside(path, root):
        raise OutlineError(f"{key}={value!r} is outside the repository ({root})", path=str(doc), line=line)
    if not visible(path, root):
        raise OutlineError(
            f"{key}={value!r} is in .git or another hidden file or folder of the repository,"
            " which treemind never reads for a fence",
            path=str(doc),
            line=line,
        )
    if not path.is_file():
        raise OutlineError(f"{key}={value!r}: no such file", path=str(doc), line=line)
    return path


def _check_theme_chain(value: str, theme: str, doc: Path, line: int, root: Path) -> None:
    """Every theme file the fence's theme `extends`, however far up, is in the repository too
    (checked before it is read, so an error tells nothing of a file outside)."""
    from ..style.themes import theme_files

    for path in theme_files(theme):
        if not (inside(path, root) and visible(path, root)):
            raise OutlineError(
                f"theme={value!r} extends {str(path)!r}, which is outside the repository ({root})"
                " or hidden in it",
                path=str(doc),
                line=line,
            )


def find_root(path: Path) -> Path:
    """The repository a file is in (the nearest folder with `.git`), else the file's folder."""
    folder = path.resolve().parent
    return next((f for f in (folder, *folder.parents) if (f / ".git").exists()), folder)


def inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def visible(path: Path, root: Path) -> bool:
    """No part of `path` below `root`, symlinks resolved, is hidden (`.git`, `.env`, `.ssh`...)."""
    resolved, top = path.resolve(), root.resolve()
    return resolved.is_relative_to(top) and not any(
        p.startswith(".") for p in resolved.relative_to(top).parts
    )


def slug(title: str) -> str:
    """A file name from a title: `Launch plan` -> `launch-plan`; CJK letters are kept."""
    text = re.sub(r"\W+", "-", unicodedata.normalize("NFKC", title).lower()).strip("-_")
    return text[:60].rstrip("-_") or "mindmap"
