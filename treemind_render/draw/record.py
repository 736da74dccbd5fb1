"""One record per drawn node: what every stage decided about it, handed to the drawing stage."""

from __future__ import annotations

from dataclasses import dataclass

from ..layout.geometry import Box
from ..model import Placed
from ..style.themes import Style
from ..text.measure import TextBlock
from .markers import Marker
from .pictures import Picture

Anchor = tuple[str, float, float]  # SVG text-anchor, x and baseline y of one wrapped line (canvas)


@dataclass(frozen=True)
class DrawnNode:
    """A topic as drawn: its place in the tree, style, wrapped text, marks and box on the canvas."""

    item: Placed
    style: Style
    block: TextBlock
    box: Box
    side: str | None = None  # "left" / "right" on a two-sided map, None elsewhere
    marks: tuple[tuple[Marker, Box], ...] = ()  # each mark with the box it is drawn in
    lines: tuple[Anchor, ...] = ()  # one anchor per line of `block`
    # drawn with the text: "code" and "highlight" boxes behind it, "strike" and "underline" strokes
    text_marks: tuple[tuple[str, Box], ...] = ()
    picture: tuple[Picture, Box] | None = None  # a picture drawn in the node, above its text

    @property
    def id(self) -> str:
        return self.item.id
