"""JSON trees: plain `{text, children}` nodes, jsMind, simple-mind-map and mind-elixir files.

The shapes and the choices made for them are described in `tree_data`.
"""

from __future__ import annotations

import json

from ..errors import LimitError, OutlineError
from ..model import Limits, Tree
from .tree_data import build_tree


def parse(text: str, *, source: str, limits: Limits, sheet: str | None = None) -> Tree:
    """Parse JSON text into a Tree."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OutlineError(
            f"invalid JSON at column {exc.colno}: {exc.msg}; check the quotes, commas and brackets there",
            path=source,
            line=exc.lineno,
            column=exc.colno,
        ) from None
    except RecursionError:
        raise LimitError(
            "JSON nesting too deep to read: arrays and objects nest far deeper than a tree within"
            f" the depth limit of {limits.max_depth} needs",
            path=source,
        ) from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise OutlineError(f"invalid JSON value: {exc}", path=source) from None
    return build_tree(data, source=source, limits=limits)
