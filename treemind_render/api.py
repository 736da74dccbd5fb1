"""The Python API: outline in, map out. `render()` gives bytes, `mindmap()` a `Map` to keep.

>>> import treemind_render as tm
>>> tm.render("# Plan\\n- Design\\n- Ship")[:5]
b'<?xml'
>>> m = tm.mindmap("# Plan\\n- Design\\n- Ship", layout="right")
>>> [n["text"] for n in m.json()["nodes"]]
['Plan', 'Design', 'Ship']
"""

from __future__ import annotations

import json as _json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import UsageError
from .files import write_atomic
from .model import Limits, Tree
from .parsers import FORMATS as INPUT_FORMATS
from .parsers import format_for_path
from .parsers import parse as _parse
from .pipeline import DRAWN, FORMATS, ExportOptions, Rendered, RenderOptions, convert, format_for, output
from .pipeline import render as _render

Source = str | bytes | Path | Tree


def parse(source: str | bytes | Path, from_: str | None = None, *, limits: Limits | None = None) -> Tree:
    """An outline as a `Tree`. A `str` is outline text, `bytes` a file's content, a `Path` a file.

    `from_` names the input format (see `formats()["input"]`); without it the format follows the
    file's extension, then the content.

    >>> parse("# Plan\\n- Design").root.children[0].text
    'Design'
    """
    limits = limits or Limits()
    name = "-"
    if isinstance(source, Path):
        name = str(source)
        from_ = from_ or format_for_path(name)
        data = source.read_bytes()
    elif isinstance(source, str):
        data = source.encode("utf-8")
    else:
        data = source
    if from_ is not None and from_ not in INPUT_FORMATS:
        raise UsageError(f"unknown input format {from_!r} (choose from: {', '.join(INPUT_FORMATS)})")
    return _parse(data, source=name, fmt=from_, limits=limits)


@dataclass(frozen=True)
class Map:
    """A drawn map. Jupyter shows it inline; `.svg`, `.png()`, `.pdf()`, `.json()`, `.save()`."""

    rendered: Rendered = field(repr=False)

    @property
    def tree(self) -> Tree:
        return self.rendered.tree

    @property
    def svg(self) -> bytes:
        return self.rendered.svg

    def png(
        self, *, scale: float | None = None, width: int | None = None, background: str | None = None
    ) -> bytes:
        """PNG bytes; options given here win over the ones the map was drawn with."""
        return output(self.rendered, "png", self._export(scale, width, background))

    def pdf(
        self, *, scale: float | None = None, width: int | None = None, background: str | None = None
    ) -> bytes:
        return output(self.rendered, "pdf", self._export(scale, width, background))

    def json(self) -> dict[str, Any]:
        """The tree and its geometry (the `-f json` document) as a dict."""
        data: dict[str, Any] = _json.loads(output(self.rendered, "json"))
        return data

    def to(self, format: str) -> bytes:
        """The bytes of any output format (`formats()["output"]`)."""
        return output(self.rendered, format)

    def save(self, path: str | Path, format: str | None = None) -> Path:
        """Write the map; the format follows the file's extension unless `format` is given.
        The file is written atomically: never half-written."""
        path = Path(path)
        fmt = format or format_for(path)
        if fmt is None:
            raise UsageError(
                f"cannot tell the format of {path.name!r} (give format=, one of: {', '.join(FORMATS)})"
            )
        write_atomic(path, self.to(fmt))
        return path

    def _repr_svg_(self) -> str:
        return self.svg.decode("utf-8")

    def _export(self, scale: float | None, width: int | None, background: str | None) -> ExportOptions:
        e = self.rendered.options.export
        return ExportOptions(
            e.scale if scale is None else scale,
            e.width if width is None else width,
            e.background if background is None else background,
        )


def mindmap(
    source: Source,
    *,
    theme: str | None = None,
    layout: str | None = None,
    from_: str | None = None,
    max_depth: int | None = None,
    unfold: bool = False,
    engine: str = "tidy",
    embed_fonts: bool = False,
    scale: float = 1.0,
    width: int | None = None,
    background: str | None = None,
    limits: Limits | None = None,
) -> Map:
    """Parse (unless given a `Tree`), lay out and draw a map, with the same options as the CLI.

    `theme` is a built-in name or a theme file's path; `layout` one of `formats()["layout"]`.
    `scale`, `width` and `background` are kept with the map for its PNG and PDF.
    """
    options = _options(
        theme, layout, max_depth, unfold, engine, embed_fonts, scale, width, background, limits
    )
    return Map(_render(_tree(source, from_, options.limits), _beside(options, source)))


def render(
    source: Source,
    format: str = "svg",
    *,
    theme: str | None = None,
    layout: str | None = None,
    from_: str | None = None,
    max_depth: int | None = None,
    unfold: bool = False,
    engine: str = "tidy",
    embed_fonts: bool = False,
    scale: float = 1.0,
    width: int | None = None,
    background: str | None = None,
    limits: Limits | None = None,
) -> bytes:
    """The bytes of one output format (svg, png, pdf, json, dot, md, opml) of an outline.

    >>> render("# a\\n- b", "json")[:1]
    b'{'
    """
    if format not in FORMATS:
        raise UsageError(f"unknown output format {format!r} (choose from: {', '.join(FORMATS)})")
    options = _options(
        theme, layout, max_depth, unfold, engine, embed_fonts, scale, width, background, limits
    )
    tree = _tree(source, from_, options.limits)
    if format in ("md", "opml"):
        return convert(tree, format)
    return output(_render(tree, _beside(options, source), draw=format in DRAWN), format)


def themes() -> list[str]:
    """The built-in theme names."""
    from .style.themes import builtin_names

    return [name for name in builtin_names() if name != "base"]


def formats() -> dict[str, list[str]]:
    """What can be read (`input`, and the file `extensions` that name them), written
    (`output`), and laid out (`layout`)."""
    from .layout import LAYOUTS

    extensions = [ext for fmt in INPUT_FORMATS.values() for ext in fmt.extensions]
    return {
        "input": list(INPUT_FORMATS),
        "extensions": extensions,
        "output": list(FORMATS),
        "layout": list(LAYOUTS),
    }


def _tree(source: Source, from_: str | None, limits: Limits) -> Tree:
    return source if isinstance(source, Tree) else parse(source, from_, limits=limits)


def _beside(options: RenderOptions, source: Source) -> RenderOptions:
    """A file's pictures are drawn from its own folder tree (draw/pictures.py); text has none."""
    if isinstance(source, Path):
        from .draw.pictures import PictureFolder

        return replace(options, pictures=PictureFolder.beside(source))
    return options


def _options(
    theme: str | None,
    layout: str | None,
    max_depth: int | None,
    unfold: bool,
    engine: str,
    embed_fonts: bool,
    scale: float,
    width: int | None,
    background: str | None,
    limits: Limits | None,
) -> RenderOptions:
    base = RenderOptions(theme=theme, layout=layout, max_depth=max_depth, unfold=unfold, engine=engine)
    return replace(
        base,
        limits=limits or Limits(),
        export=ExportOptions(scale, width, background),
        embed_fonts=embed_fonts,
    )
