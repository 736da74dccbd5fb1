"""YAML for untrusted files: the safe loader, with aliases refused (no alias bombs)."""

from __future__ import annotations

from typing import Any

import yaml


class AliasError(yaml.YAMLError):
    """A YAML alias (*name) was found; `line` is 1-based."""

    def __init__(self, line: int) -> None:
        super().__init__(f"YAML aliases (*name) are not allowed (line {line})")
        self.line = line


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise AliasError(self.peek_event().start_mark.line + 1)
        return super().compose_node(parent, index)


def load(text: str) -> Any:
    """Parse YAML text with safe types only; raises yaml.YAMLError (AliasError for aliases)."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError:
        raise
    except (KeyError, AttributeError, TypeError, ValueError, OverflowError) as exc:
        # PyYAML's constructors fail this way on tagged nonsense such as `!!bool maybe`
        raise yaml.YAMLError(f"a value cannot be read: {type(exc).__name__} {exc}") from None


def error_line(exc: yaml.YAMLError) -> int | None:
    """The 1-based line a YAML error points at, when it has one."""
    if isinstance(exc, AliasError):
        return exc.line
    mark = getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else None
