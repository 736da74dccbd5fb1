"""Bounds on the parse work an input may cost, checked on the decoded text before any parser runs.

The size limit alone does not bound the work: an 8 MB line of nested emphasis (`*_*_*_...`)
kept markdown-it busy for 146 s and 3.7 GB, bracket runs 104 s, a big table of emphasised cells
51 s / 2.6 GB, PlantUML creole 15 s / 1.6 GB (issue 15). Those costs grow with the length of a
line and with the amount of inline markup, so both are bounded here, from the limits the user
already sets: no label may be longer than --limit-label, so no line of a line-based format needs
to be much longer; no outline has more than --limit-nodes nodes, so it needs only so much markup.
benchmarks/slow_inputs.py measures the slow shapes at 8 MB against a time and memory bound.
"""

from __future__ import annotations

import re

from ..errors import LimitError
from ..model import Limits

# Formats read line by line; XML, JSON, YAML and zips are often one long line and have their own
# bounds (element counts, nesting, safe loaders).
LINE_FORMATS = ("markdown", "text", "mermaid", "plantuml", "org")
LINE_SLACK = 4  # a line may hold a label plus its markup, link target, colour and marks
LINE_FLOOR = 2_000
_NESTING = " \t>-+*"
# Characters that start inline markup in Markdown: emphasis, links, code, tables, strikethrough,
# autolinks. markdown-it's inline pass costs ~25 us per such character (benchmarks/slow_inputs.py).
_MARKUP = "*_[]`|~<"
INDENT_PER_LEVEL = 4  # "1. " items take three columns, "10. " four; "- " takes two
INDENT_SLACK = 40  # code blocks and continuation lines inside the deepest item
MARKUP_PER_NODE = 3  # 60,000 by default: ~4 s of markdown-it at worst (benchmarks/slow_inputs.py)


def max_line(limits: Limits) -> int:
    return max(LINE_FLOOR, LINE_SLACK * limits.max_label)


def check_work(text: str, fmt: str, source: str, limits: Limits) -> None:
    """Refuse text whose parse would cost far more than its limits allow, naming the flag."""
    if fmt in LINE_FORMATS:
        _check_lines(text, source, limits)
    if fmt == "markdown":
        _check_markup(text, source, limits)
        _check_indent(text, source, limits)


def _check_lines(text: str, source: str, limits: Limits) -> None:
    longest = max_line(limits)
    if len(text) <= longest:
        return
    start = 0
    for number, line_end in enumerate(_ends(text), start=1):
        # leading indentation and container marks (`> > - `) are nesting: the depth limit's
        if line_end - start > longest and len(text[start:line_end].lstrip(_NESTING)) > longest:
            raise LimitError(
                f"line is {line_end - start:,} characters long; a line may hold at most {longest:,}"
                f" ({LINE_SLACK} x the label limit: raise it with --limit-label)",
                path=source,
                line=number,
            )
        start = line_end + 1


def _ends(text: str):  # type: ignore[no-untyped-def]
    """Offsets of each line's end (its newline, or the end of the text)."""
    at = text.find("\n")
    while at >= 0:
        yield at
        at = text.find("\n", at + 1)
    yield len(text)


def _check_markup(text: str, source: str, limits: Limits) -> None:
    budget = MARKUP_PER_NODE * limits.max_nodes
    if len(text) <= budget:
        return
    count = sum(text.count(char) for char in _MARKUP)
    if count > budget:
        raise LimitError(
            f"the outline holds {count:,} Markdown markup characters (* _ [ ] ` | ~ <), more than"
            f" {MARKUP_PER_NODE} for each of the {limits.max_nodes:,} nodes it may have"
            " (raise it with --limit-nodes)",
            path=source,
        )


def _check_indent(text: str, source: str, limits: Limits) -> None:
    """Each Markdown list level indents its items by two columns at least, so a line indented
    far past twice the depth limit cannot be a list that fits: it only costs markdown-it time
    (8 MB of ever deeper items took 68 s)."""
    deepest = INDENT_PER_LEVEL * limits.max_depth + INDENT_SLACK
    fewest = deepest // 4 + 1  # characters: a tab is four columns
    for found in re.finditer(rf"^([ \t]{{{fewest},}})", text, re.M):
        indent = found.group(1).expandtabs(4)
        if len(indent) > deepest:
            raise LimitError(
                f"line is indented {len(indent):,} columns: lists or quotes nested over"
                f" {limits.max_depth} levels deep (raise it with --limit-depth)",
                path=source,
                line=text.count("\n", 0, found.start()) + 1,
            )
