"""MkDocs plugin `treemind`: ```mindmap fences in the docs become inline SVG maps at build time.

```yaml
plugins:
  - treemind:
      theme: default      # for fences that name no theme (Material with a slate palette: auto)
      layout: map
      embed_fonts: true   # each SVG carries subsets of its fonts
```

It adds the Python-Markdown extension (markdown_ext.py), which draws fences nested in lists,
admonitions, details and tabs with quoted or unquoted options, and tells it which page is being
built (`src=` paths are relative to the page and must stay inside the project). A bad fence, or
a fence left undrawn, is a warning naming the page (relative to docs_dir) and line, so
`mkdocs build --strict` fails; the page shows the error in place of the map. With
pymdownx.superfences configured, `mindmap` is also its custom fence (a fence that only
superfences finds, in raw HTML with md_in_html, is drawn too).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page

from ..errors import TreemindError
from .fences import AUTO, find_root, options_from
from .markdown_ext import TreemindExtension, fence_format, fence_validator

SUPERFENCES = "pymdownx.superfences"


class TreemindConfig(base.Config):
    theme = c.Optional(c.Type(str))
    layout = c.Optional(c.Type(str))
    embed_fonts = c.Type(bool, default=True)


class TreemindPlugin(BasePlugin[TreemindConfig]):
    extension: TreemindExtension | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        chosen = {"theme": self.config.theme, "layout": self.config.layout}
        try:
            options_from({k: v for k, v in chosen.items() if v}, "mkdocs.yml: plugins: treemind")
        except TreemindError as exc:
            raise PluginError(exc.located()) from None
        self.extension = TreemindExtension(
            theme=self.config.theme or (AUTO if _has_dark_palette(config) else ""),
            layout=self.config.layout or "",
            embed_fonts=self.config.embed_fonts,
            fail_on_error=False,
        )
        project = Path(config.config_file_path or config.docs_dir)
        self.extension.root = find_root(project if project.is_file() else project / "mkdocs.yml")
        self.extension.log = logging.getLogger("mkdocs.plugins.treemind")
        self.extension.docs_dir = Path(config.docs_dir)
        config.markdown_extensions.append(self.extension)
        if SUPERFENCES in config.markdown_extensions:
            _add_custom_fence(config.mdx_configs.setdefault(SUPERFENCES, {}))
        return config

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Any) -> str:
        if self.extension is not None:
            self.extension.page = Path(page.file.abs_src_path or page.file.src_path)
        return markdown


def _has_dark_palette(config: MkDocsConfig) -> bool:
    """Material for MkDocs with a `slate` palette: the site has a dark mode, so maps follow its
    toggle (`-t auto`; the SVG's dark rules key on Material's `data-md-color-scheme`)."""
    theme = config.theme
    if getattr(theme, "name", None) != "material":
        return False
    palette = theme.get("palette") or []
    return any(
        isinstance(p, dict) and p.get("scheme") == "slate"
        for p in (palette if isinstance(palette, list) else [palette])
    )


def _add_custom_fence(settings: dict[str, Any]) -> None:
    fences = settings.setdefault("custom_fences", [])
    if not any(f.get("name") == "mindmap" for f in fences):
        fences.append(
            {"name": "mindmap", "class": "mindmap", "format": fence_format, "validator": fence_validator}
        )
