"""Small marks drawn at the end of a label: task box, picture, note, link, the +N of a fold."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Node
from ..text.measure import Measurer
from .links import safe_link

SIZE = 10.0  # marker font size, points
HEIGHT = 16.0
GAP = 3.0
FAMILIES = ("Noto Sans", "DejaVu Sans", "Noto Sans Symbols2", "Noto Sans CJK SC", "sans-serif")
# image: the topic holds a picture that is not drawn (draw/pictures.py says why); its alt text is the label
GLYPHS = {"done": "\u2611", "todo": "\u2610", "note": "\u00b6", "link": "\u2197", "image": "\U0001f5bc"}


@dataclass(frozen=True)
class Marker:
    kind: str  # done, todo, image, note, link, fold
    label: str
    family: str
    width: float


def markers_for(node: Node, hidden: int, measurer: Measurer, picture: bool = False) -> tuple[Marker, ...]:
    """The marks a node shows, in drawing order; `picture`: its picture is drawn, not marked."""
    kinds = []
    if node.checked is not None:
        kinds.append(("done" if node.checked else "todo", GLYPHS["done" if node.checked else "todo"]))
    if dict(node.attrs).get("image") and not picture:
        kinds.append(("image", GLYPHS["image"]))
    if node.note:
        kinds.append(("note", GLYPHS["note"]))
    if safe_link(node.link):
        kinds.append(("link", GLYPHS["link"]))
    if hidden:
        kinds.append(("fold", f"+{hidden}"))
    marks = []
    for kind, label in kinds:
        font = measurer.choose(FAMILIES, label)
        family = font.family if font else "sans-serif"
        width = measurer.width(label, font, SIZE) + (10 if kind == "fold" else 2)
        marks.append(Marker(kind, label, family, max(width, HEIGHT if kind == "fold" else 0)))
    return tuple(marks)


def extra_width(marks: tuple[Marker, ...]) -> float:
    """Room the marks take at the end of a box (with a gap before each)."""
    return sum(m.width + GAP for m in marks) + (GAP if marks else 0)
