"""Deprecated import path, kept so existing mkdocs.yml files keep working.

Use `treemind_render.integrations.markdown_ext` (superfences `format`/`validator`) or the
extension name `treemind`; this alias goes away in 1.0.
"""

from .integrations.markdown_ext import TreemindExtension, fence_format, fence_validator, makeExtension

__all__ = ["TreemindExtension", "fence_format", "fence_validator", "makeExtension"]
