"""YAML trees: plain `{text, children}` nodes and the editor shapes `tree_data` describes.

Loaded with the safe loader (no aliases). The pure-Python loader is slow and recursive, so
libyaml's event stream (when PyYAML has it) is read first to refuse files nested or sized far
past the limits within a second, with the line where it happens.
"""

from __future__ import annotations

from typing import Any

import yaml

from .. import safe_yaml
from ..errors import LimitError, OutlineError
from ..model import Limits, Tree
from .tree_data import build_tree

# YAML levels per tree level: a node mapping and its children list, plus a few at the top.
_LEVELS_PER_DEPTH = 2
_TOP_LEVELS = 8
# Values (scalars and collections) a node may need on average: label, note, tags, style...
_VALUES_PER_NODE = 20


def _first_line(text: str) -> str:
    return " ".join(text.split())


def _precheck(text: str, source: str, limits: Limits) -> None:
    """Depth and size from libyaml's events, stopping as soon as a limit is passed."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return
    max_nesting = _LEVELS_PER_DEPTH * limits.max_depth + _TOP_LEVELS
    max_values = _VALUES_PER_NODE * limits.max_nodes + 1000
    depth = values = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > max_nesting:
                    raise LimitError(
                        f"YAML nested over {max_nesting} levels: deeper than a tree within the depth"
                        f" limit of {limits.max_depth} needs (raise it with --limit-depth)",
                        path=source,
                        line=event.start_mark.line + 1 if event.start_mark else None,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                values += 1
                if values > max_values:
                    raise LimitError(
                        f"YAML holds over {max_values:,} values, far more than {limits.max_nodes:,} nodes"
                        " need (raise the limit with --limit-nodes)",
                        path=source,
                        line=event.start_mark.line + 1 if event.start_mark else None,
                    )
    except yaml.YAMLError:
        return  # the loader below reports it, in its own words


def _load(text: str, source: str) -> Any:
    try:
        return safe_yaml.load(text)
    except safe_yaml.AliasError as exc:
        raise OutlineError(
            "YAML aliases (*name) are not allowed; write the value out again", path=source, line=exc.line
        ) from None
    except safe_yaml.ValueProblem as exc:
        raise OutlineError(f"invalid YAML value: {exc.args[0]}", path=source) from None
    except yaml.MarkedYAMLError as exc:
        problem, context = exc.problem or "", exc.context or ""
        if problem.startswith("but "):  # "expected a single document ... but found another"
            problem, context = f"{context} {problem}", ""
        problem = _first_line(f"{problem} ({context})" if context else problem)
        raise OutlineError(
            f"invalid YAML: {problem or _first_line(str(exc))}", path=source, line=safe_yaml.error_line(exc)
        ) from None
    except yaml.YAMLError as exc:
        raise OutlineError(f"invalid YAML: {_first_line(str(exc))}", path=source) from None
    except RecursionError:
        raise LimitError("YAML nesting too deep for the YAML reader", path=source) from None
    except (ValueError, OverflowError) as exc:  # a bad date, or an integer of too many digits
        raise OutlineError(f"invalid YAML value: {_first_line(str(exc))}", path=source) from None
    except (TypeError, KeyError, AttributeError, IndexError):  # PyYAML on `!!bool x`, `!!timestamp x`
        raise OutlineError(
            "invalid YAML value: a scalar does not fit the type its tag (like !!bool) asks for", path=source
        ) from None


def parse(text: str, *, source: str, limits: Limits, sheet: str | None = None) -> Tree:
    """Parse YAML text into a Tree."""
    _precheck(text, source, limits)
    data = _load(text, source)
    if data is None:
        raise OutlineError("empty outline: the YAML holds no value (only comments?)", path=source)
    return build_tree(data, source=source, limits=limits)
