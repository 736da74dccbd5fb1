"""Indented plain-text outlines (TreeMind's outline view): one topic per line.

A line's parent is the nearest earlier line indented less. Indentation is tabs or spaces, never
both in one file; spaces after leading tabs are part of the line, not its level (VimOutliner
writes body text so). A leading list marker (`- `, `* `, `+ `, `1. `, `1) `) is dropped, unless the
marker is all the line holds: then the line is kept as written.
"""

from __future__ import annotations

import re

from ..errors import OutlineError
from ..model import Draft, Limits, Tree, freeze
from . import title_from_source
from .common import count_node, fold

_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])\s+")
_STYLE_NAMES = {"\t": "tabs", " ": "spaces"}


def _label(content: str) -> str:
    """The topic text of a line's content: marker dropped, whitespace collapsed."""
    label = fold(content).strip()
    match = _MARKER.match(label + " ")
    if match and match.end() <= len(label):
        label = label[match.end() :]
    return label


class _Indent:
    """Remembers the first indented line's style and rejects lines indented the other way."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.style: str | None = None
        self.first = 0

    def check(self, indent: str, number: int) -> None:
        if not indent:
            return
        if indent.strip(indent[0]):
            raise OutlineError(
                f"line {number} is indented with both tabs and spaces; use one or the other",
                path=self.source,
                line=number,
            )
        if self.style is None:
            self.style, self.first = indent[0], number
        elif indent[0] != self.style:
            raise OutlineError(
                f"line {number} is indented with {_STYLE_NAMES[indent[0]]} but line {self.first}"
                f" uses {_STYLE_NAMES[self.style]}; use one or the other",
                path=self.source,
                line=number,
            )


def _tops(text: str, source: str, limits: Limits) -> list[Draft]:
    """The top-level topics, each holding its subtree; O(n) with a stack of open lines."""
    tops: list[Draft] = []
    stack: list[tuple[int, Draft]] = []  # (indent width, draft) of the lines still open
    indents = _Indent(source)
    count = 0
    for number, line in enumerate(text.split("\n"), start=1):
        # Only spaces and tabs indent; other whitespace (form feeds...) is left to _label.
        content = line.lstrip(" \t")
        label = _label(content)
        if not label:
            continue
        indent = line[: len(line) - len(content)]
        if indent.startswith("\t"):  # tabs then spaces (VimOutliner body text): the tabs are the level
            indent = indent[: len(indent) - len(indent.lstrip("\t"))]
        indents.check(indent, number)
        count = count_node(count, limits, source, number)
        while stack and stack[-1][0] >= len(indent):
            stack.pop()
        draft = Draft(label, line=number)
        (stack[-1][1].children if stack else tops).append(draft)
        stack.append((len(indent), draft))
    return tops


def parse(text: str, *, source: str, limits: Limits, sheet: str | None = None) -> Tree:
    """Parse indented text (LF line endings) into a Tree."""
    tops = _tops(text.removeprefix("\ufeff"), source, limits)
    if not tops:
        raise OutlineError("empty outline: nothing to draw", path=source)
    root = tops[0] if len(tops) == 1 else Draft(title_from_source(source), children=tops)
    return Tree(root=freeze(root, limits, path=source), title=root.text, source=source)
