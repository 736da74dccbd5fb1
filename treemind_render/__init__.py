"""treemind-render: outlines in, designed mind-map images out.

The public API (README "Python", docs/api.md):

- `render(source, format="svg", *, theme=None, layout=None, ...) -> bytes`
- `mindmap(source, ...) -> Map`: a drawn map that Jupyter shows inline, with `.svg`, `.png()`,
  `.pdf()`, `.json()`, `.save(path)`
- `parse(text_or_path, from_=None) -> Tree`; the model types `Tree`, `Node`, `Limits`
- the errors: `TreemindError` and its kinds
- `themes()`, `formats()`

Names are loaded on first use, so `treemind --version` and a one-shot SVG render pay only
for what they touch.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "LimitError",
    "Limits",
    "Map",
    "Node",
    "OutlineError",
    "RenderError",
    "ThemeError",
    "Tree",
    "TreemindError",
    "UsageError",
    "__version__",
    "mindmap",
    "formats",
    "parse",
    "render",
    "themes",
]

_HOMES = {
    "Map": "api",
    "mindmap": "api",
    "formats": "api",
    "parse": "api",
    "render": "api",
    "themes": "api",
    "Limits": "model",
    "Node": "model",
    "Tree": "model",
    "LimitError": "errors",
    "OutlineError": "errors",
    "RenderError": "errors",
    "ThemeError": "errors",
    "TreemindError": "errors",
    "UsageError": "errors",
}

if TYPE_CHECKING:
    from .api import Map, formats, mindmap, parse, render, themes
    from .errors import LimitError, OutlineError, RenderError, ThemeError, TreemindError, UsageError
    from .model import Limits, Node, Tree


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'treemind_render' has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
