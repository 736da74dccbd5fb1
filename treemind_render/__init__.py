"""treemind-render: outlines in, designed mind-map images out."""

from __future__ import annotations

__version__ = "0.1.0"
