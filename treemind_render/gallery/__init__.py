"""A static site of maps: an index of cards, a page per map with its outline and related maps,
thumbnails and a contact sheet. `build()` is what `treemind gallery` runs."""

from __future__ import annotations

from .build import Gallery, GalleryOptions, build
from .related import DEFAULT_COUNT

__all__ = ["DEFAULT_COUNT", "Gallery", "GalleryOptions", "build"]
