"""YAML for untrusted files: the safe loader, with aliases refused (no alias bombs)."""

from __future__ import annotations

from typing import Any

import yaml


class AliasError(yaml.YAMLError):
    """A YAML alias (*name) was found; `line` is 1-based."""

    def __init__(self, line: int) -> None:
        super().__init__(f"YAML aliases (*name) are not allowed (line {line})")
        self.line = line


class ValueProblem(yaml.YAMLError):
    """A scalar YAML cannot turn into the type it names (`2024-13-45`, `!!bool maybe`)."""

    def __str__(self) -> str:
        return f"value: {self.args[0]}"


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
    except (ValueError, OverflowError) as exc:  # a bad date, an integer of too many digits
        raise ValueProblem(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    except (KeyError, AttributeError, TypeError, IndexError):  # PyYAML on `!!bool maybe`
        raise ValueProblem("a scalar does not fit the type its tag (like !!bool) asks for") from None


def error_line(exc: yaml.YAMLError) -> int | None:
    """The 1-based line a YAML error points at, when it has one."""
    if isinstance(exc, AliasError):
        return exc.line
    mark = getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else None
