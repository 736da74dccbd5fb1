"""Python-Markdown: ```mindmap fences become inline SVG mind maps at build time.

Two ways in, with the same options as `treemind embed` (see fences.py):

- the extension: `markdown.markdown(text, extensions=["treemind"])`, configured with
  `theme`, `layout` (defaults for fences that name none), `embed_fonts` (default true),
  `base_dir` (what `src=` paths are relative to and must stay inside; default: the current
  folder) and `fail_on_error` (default true: a bad fence raises; false: a warning is logged
  and the error is shown in the page);
- a pymdown-extensions superfences custom fence, `fence_format` with `fence_validator` (quoted
  options only: superfences does not recognise `mindmap theme=dark` as a fence).

The extension finds fences before superfences or fenced_code does, also in the bodies of
admonitions, details and content tabs (which CommonMark reads as paragraphs or code), and warns
about a `mindmap` fence that is left undrawn in the HTML (so `mkdocs build --strict` fails).

The SVG's ids are prefixed per map, so several maps can share one HTML page.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

from defusedxml.ElementTree import fromstring
from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from ..draw.stamp import digest
from ..draw.svg import XLINK_NS
from ..errors import TreemindError
from ..pipeline import render
from .fences import Fence, FenceOptions, find_fences, load_fence, options_from, parse_info

_XLINK_HREF = f"{{{XLINK_NS}}}href"


class TreemindExtension(Extension):
    """Renders ```mindmap fences to inline SVG."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "theme": ["", "Theme for fences that name none (a built-in name)."],
            "layout": ["", "Layout for fences that name none."],
            "embed_fonts": [True, "Embed subsets of the fonts in each SVG."],
            "base_dir": [".", "Folder that src= paths are relative to and must stay inside."],
            "fail_on_error": [True, "Raise on a bad fence; false: log a warning, show the error."],
        }
        super().__init__(**kwargs)
        self.page: Path | None = None  # the MkDocs plugin sets the page being converted
        self.root: Path | None = None  # and the project folder
        self.docs_dir: Path | None = None  # messages name pages relative to this (MkDocs' docs_dir)
        self.log = logging.getLogger(__name__)
        self._cache: dict[str, str] = {}

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.registerExtension(self)
        md.preprocessors.register(_FencePreprocessor(md, self), "treemind_mindmap", 27)
        md.postprocessors.register(_Leftovers(md, self), "treemind_leftovers", 1)
        md.treemind = self  # found there by fence_format

    def defaults(self) -> FenceOptions:
        values = {key: self.getConfig(key) or None for key in ("theme", "layout")}
        return options_from({k: v for k, v in values.items() if v}, "treemind extension config")

    def document(self) -> Path:
        """The page being converted (for messages, relative paths and a fallback title)."""
        return self.page or Path(self.getConfig("base_dir")).resolve() / "Mind map.md"

    def inline(self, body: str, options: FenceOptions | str, line: int) -> str:
        """A fence's map (options, or its info string) as an HTML block; a bad fence raises,
        or is shown and logged."""
        doc = self.document()
        try:
            if isinstance(options, str):
                options = parse_info(options, str(doc), line, self.defaults()) or FenceOptions()
            return self._draw(body, options, doc, line)
        except TreemindError as exc:
            if self.getConfig("fail_on_error"):
                raise
            message = self.shown(exc.located())
            self.log.warning("treemind: %s", message)
            return f'<pre class="treemind-error">{html.escape(message)}</pre>'

    def shown(self, message: str) -> str:
        """A message with the pages' folder left out: `index.md:3: ...`, not the build path."""
        if self.docs_dir is None:
            return message
        for folder in {str(self.docs_dir), str(self.docs_dir.resolve())}:
            message = message.replace(folder.rstrip(os.sep) + os.sep, "")
        return message

    def _draw(self, body: str, options: FenceOptions, doc: Path, line: int) -> str:
        root = self.root or Path(self.getConfig("base_dir")).resolve()
        loaded = load_fence(body, options, doc, line, root)
        render_options = loaded.render_options(embed_fonts=bool(self.getConfig("embed_fonts")))
        settings = {"options": render_options, "from": loaded.input_format, "title": loaded.tree.title}
        key = loaded.stamped(digest(loaded.data, settings, loaded.theme))
        if key not in self._cache:  # `mkdocs serve` rebuilds every page on each change
            rendered = render(loaded.tree, render_options)
            for note in rendered.warnings:  # a picture not drawn: `mkdocs build --strict` fails
                if "picture" in note:
                    self.log.warning("treemind: %s", self.shown(f"{doc}:{line}: mindmap fence: {note}"))
            self._cache[key] = inline_svg(rendered.svg)
        return self._cache[key]


class _FencePreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: TreemindExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        ext = self.extension
        where = str(ext.document())
        try:
            fences = nested_fences(lines, where)
        except TreemindError as exc:
            if ext.getConfig("fail_on_error"):
                raise
            ext.log.warning("treemind: %s", ext.shown(exc.located()))
            return lines
        for fence in reversed(fences):
            placeholder = self.md.htmlStash.store(ext.inline(fence.body, fence.info, fence.line))
            blank = fence.prefix.rstrip()
            lines[fence.start : fence.end] = [blank, fence.prefix + placeholder, blank]
        return lines


# What a mindmap fence that no one drew looks like in the HTML: code of language mindmap, or its
# opening line as text; code blocks of other languages (a page showing the syntax) are fine.
_OTHER_CODE = re.compile(
    r"<pre\b[^>]*>\s*<code\b[^>]*class=\"[^\"]*language-(?!mindmap\b)[^>]*>.*?</pre>", re.S
)
_LEFTOVER = re.compile(
    r"language-mindmap\b|class=\"mindmap\"|^[ \t]*(?:<p>)?(?:```+|~~~+)[ \t]*mindmap\b", re.M
)


class _Leftovers(Postprocessor):
    """Warns about a mindmap fence left undrawn (in a block treemind does not read), so that
    `mkdocs build --strict` fails instead of publishing the outline as code or as a list."""

    def __init__(self, md: Markdown, extension: TreemindExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        if _LEFTOVER.search(_OTHER_CODE.sub("", text)):
            where = self.extension.shown(str(self.extension.document()))
            self.extension.log.warning(
                "treemind: %s: a mindmap fence was not drawn: it is inside a block that treemind does"
                " not read (it reads fences at the top level, in lists and quotes, and in admonitions,"
                " details and content tabs)",
                where,
            )
        return text


# Python-Markdown blocks whose body is indented by 4 (admonition, details, content tab):
# CommonMark reads such a body as a paragraph or indented code, so find_fences misses its fences.
_CONTAINER = re.compile(r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?|===\+?)[ \t]+\S")


def nested_fences(lines: list[str], where: str, offset: int = 0) -> list[Fence]:
    """find_fences, and the fences in the bodies of admonitions, details and tabs (at any depth)."""
    fences = [
        replace(f, start=f.start + offset, end=f.end + offset) for f in find_fences("\n".join(lines), where)
    ]
    taken = {range(f.start, f.end) for f in fences}
    at = 0
    while at < len(lines):
        opener = _CONTAINER.match(lines[at])
        if not opener or any(at + offset in r for r in taken):
            at += 1
            continue
        indent = len(opener["indent"].expandtabs(4)) + 4
        end = at + 1
        while end < len(lines) and (not lines[end].strip() or _width(lines[end]) >= indent):
            end += 1
        while end > at + 1 and not lines[end - 1].strip():
            end -= 1
        body = [line.expandtabs(4)[indent:] for line in lines[at + 1 : end]]
        pad = " " * indent
        inner = nested_fences(body, where, offset + at + 1)
        fences = [f for f in fences if not (at + offset < f.start < end + offset)]
        fences += [replace(f, prefix=pad + f.prefix) for f in inner]
        at = end
    return sorted(fences, key=lambda f: f.start)


def _width(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def inline_svg(svg: bytes) -> str:
    """An SVG as an HTML block: no XML declaration, ids prefixed, scaled to the page width."""
    root = fromstring(svg)
    prefix = "tm" + hashlib.sha256(svg).hexdigest()[:8] + "-"
    for element in root.iter():
        if element.get("id"):
            element.set("id", prefix + str(element.get("id")))
        refs = element.get("aria-labelledby")
        if refs:
            element.set("aria-labelledby", " ".join(prefix + ref for ref in refs.split()))
        for key in ("href", _XLINK_HREF):
            value = element.get(key)
            if value and value.startswith("#"):
                element.set(key, "#" + prefix + value[1:])
    root.set("style", "max-width:100%;height:auto")
    return f'<div class="treemind-map">{ET.tostring(root, encoding="unicode")}</div>'


def fence_validator(
    language: str, inputs: dict[str, str], options: dict[str, Any], attrs: dict[str, Any], md: Markdown
) -> bool:
    """superfences validator: check the options (`theme="dark"`); a bad one stops the build."""
    ext = getattr(md, "treemind", None)
    base = ext.defaults() if isinstance(ext, TreemindExtension) else FenceOptions()
    try:
        options["treemind"] = options_from(inputs, "mindmap fence", None, base)
    except TreemindError as exc:
        from pymdownx.superfences import SuperFencesException

        raise SuperFencesException(exc.located()) from exc
    return True


def fence_format(
    source: str, language: str, class_name: str, options: dict[str, Any], md: Markdown, **kwargs: Any
) -> str:
    """superfences formatter: the fence's map as inline SVG."""
    ext = getattr(md, "treemind", None)
    if not isinstance(ext, TreemindExtension):
        ext = TreemindExtension()
    return ext.inline(source, options.get("treemind") or ext.defaults(), 0)


def makeExtension(**kwargs: Any) -> TreemindExtension:  # noqa: N802 (Python-Markdown's name)
    return TreemindExtension(**kwargs)
