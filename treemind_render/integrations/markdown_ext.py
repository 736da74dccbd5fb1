"""Python-Markdown: ```mindmap fences become inline SVG mind maps at build time.

Two ways in, with the same options as `treemind embed` (see fences.py):

- the extension: `markdown.markdown(text, extensions=["treemind"])`, configured with
  `theme`, `layout` (defaults for fences that name none), `embed_fonts` (default true),
  `base_dir` (what `src=` paths are relative to and must stay inside; default: the current
  folder) and `fail_on_error` (default true: a bad fence raises; false: a warning is logged
  and the error is shown in the page);
- a pymdown-extensions superfences custom fence, `fence_format` with `fence_validator`.

The SVG's ids are prefixed per map, so several maps can share one HTML page.
"""

from __future__ import annotations

import hashlib
import html
import logging
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from defusedxml.ElementTree import fromstring
from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from ..draw.stamp import digest
from ..draw.svg import XLINK_NS
from ..errors import TreemindError
from ..pipeline import render
from .fences import FenceOptions, find_fences, load_fence, options_from, parse_info

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
        self.log = logging.getLogger(__name__)
        self._cache: dict[str, str] = {}

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.registerExtension(self)
        md.preprocessors.register(_FencePreprocessor(md, self), "treemind_mindmap", 27)
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
            self.log.warning("treemind: %s", exc.located())
            return f'<pre class="treemind-error">{html.escape(exc.located())}</pre>'

    def _draw(self, body: str, options: FenceOptions, doc: Path, line: int) -> str:
        root = self.root or Path(self.getConfig("base_dir")).resolve()
        loaded = load_fence(body, options, doc, line, root)
        render_options = loaded.render_options(embed_fonts=bool(self.getConfig("embed_fonts")))
        settings = {"options": render_options, "from": loaded.input_format, "title": loaded.tree.title}
        key = digest(loaded.data, settings, loaded.theme)
        if key not in self._cache:  # `mkdocs serve` rebuilds every page on each change
            self._cache[key] = inline_svg(render(loaded.tree, render_options).svg)
        return self._cache[key]


class _FencePreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: TreemindExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        ext = self.extension
        where = str(ext.document())
        try:
            fences = find_fences("\n".join(lines), where)
        except TreemindError as exc:
            if ext.getConfig("fail_on_error"):
                raise
            ext.log.warning("treemind: %s", exc.located())
            return lines
        for fence in reversed(fences):
            placeholder = self.md.htmlStash.store(ext.inline(fence.body, fence.info, fence.line))
            blank = fence.prefix.rstrip()
            lines[fence.start : fence.end] = [blank, fence.prefix + placeholder, blank]
        return lines


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
