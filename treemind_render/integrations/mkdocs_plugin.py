"""MkDocs plugin `treemind`: ```mindmap fences in the docs become inline SVG maps at build time.

```yaml
plugins:
  - treemind:
      theme: default      # for fences that name no theme
      layout: map
      embed_fonts: true   # each SVG carries subsets of its fonts
```

It adds the Python-Markdown extension (markdown_ext.py), tells it which page is being built
(`src=` paths are relative to the page and must stay inside the project), and, when
pymdownx.superfences is configured, registers `mindmap` as its custom fence too, so fences
nested in admonitions and tabs are drawn as well. A bad fence is a warning naming the page and
line (so `mkdocs build --strict` fails) and the page shows the error in place of the map.
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
from .fences import find_root, options_from
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
            theme=self.config.theme or "",
            layout=self.config.layout or "",
            embed_fonts=self.config.embed_fonts,
            fail_on_error=False,
        )
        project = Path(config.config_file_path or config.docs_dir)
        self.extension.root = find_root(project if project.is_file() else project / "mkdocs.yml")
        self.extension.log = logging.getLogger("mkdocs.plugins.treemind")
        config.markdown_extensions.append(self.extension)
        if SUPERFENCES in config.markdown_extensions:
            _add_custom_fence(config.mdx_configs.setdefault(SUPERFENCES, {}))
        return config

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Any) -> str:
        if self.extension is not None:
            self.extension.page = Path(page.file.abs_src_path or page.file.src_path)
        return markdown


def _add_custom_fence(settings: dict[str, Any]) -> None:
    fences = settings.setdefault("custom_fences", [])
    if not any(f.get("name") == "mindmap" for f in fences):
        fences.append(
            {"name": "mindmap", "class": "mindmap", "format": fence_format, "validator": fence_validator}
        )
