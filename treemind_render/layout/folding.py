"""Visibility: which topics are drawn, and how many each folded topic hides."""

from __future__ import annotations

from ..model import Placed


def fold(items: tuple[Placed, ...], max_depth: int | None, unfold: bool) -> tuple[set[str], dict[str, int]]:
    """Which nodes are drawn, and for each folded node how many descendants it hides.

    A node folds when the outline says so (unless `unfold`) or when it sits at `max_depth`.
    """
    descendants: dict[str, int] = {it.id: 0 for it in items}
    for it in reversed(items):  # children come after parents in pre-order
        if it.parent is not None:
            descendants[it.parent] += descendants[it.id] + 1
    shown: set[str] = set()
    hidden: dict[str, int] = {}
    closed: set[str] = set()
    for it in items:
        if it.parent is not None and (it.parent in closed or it.parent not in shown):
            continue
        shown.add(it.id)
        folds = (it.node.folded and not unfold) or (max_depth is not None and it.depth >= max_depth)
        if folds and descendants[it.id]:
            closed.add(it.id)
            hidden[it.id] = descendants[it.id]
    return shown, hidden
