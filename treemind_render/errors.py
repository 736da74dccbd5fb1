"""Exceptions raised by the library; the CLI turns them into one-line messages and exit codes."""

from __future__ import annotations

from collections.abc import Iterable


class TreemindError(Exception):
    """Base class: every error the library raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def located(self) -> str:
        """`PATH:LINE: message`, with whatever location is known (on each line of a message
        that lists several problems)."""
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return "\n".join(where + line for line in self.message.splitlines() or [""])


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """` (did you mean 'right'?)` when `value` is close to one of `choices`, else ''."""
    import difflib

    close = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class OutlineError(TreemindError):
    """The input outline cannot be read (syntax, encoding, structure)."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message, path=path, line=line)
        self.column = column


class LimitError(TreemindError):
    """An input goes over a configured limit (size, nodes, depth, time)."""


class ThemeError(TreemindError):
    """A theme cannot be found, parsed or validated: a usage error."""

    exit_code = 2


class UsageError(TreemindError):
    """The options given do not make sense together."""

    exit_code = 2


class RenderError(TreemindError):
    """Graphviz or the rasteriser failed, or is missing."""
