"""The drawn SVG itself: every node's text lies inside that node's shape, for every fixture,
layout and theme; and a few PNG pixel checks of what cairo draws.

The JSON geometry can be right while the SVG is wrong (labels were once drawn ~100 pt off their
boxes when cross-links widened Graphviz's drawing), so this reads the SVG.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from treemind_render.draw.graphviz import WarmGraphviz
from treemind_render.layout import LAYOUTS
from treemind_render.parsers import parse
from treemind_render.pipeline import ExportOptions, RenderOptions, output, render
from treemind_render.style.themes import builtin_names
from treemind_render.text.measure import Measurer

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    p
    for folder in (ROOT / "examples", ROOT / "tests" / "fixtures")
    for p in folder.rglob("*")
    if p.is_file() and p.suffix not in (".py", ".json") or p.parent.name == "json"
)
THEMES = [name for name in builtin_names() if name != "base"]
_Q = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
SLACK = 1.0  # points

pytestmark = [pytest.mark.graphviz, pytest.mark.fonts]
_MEASURER = Measurer()
_GRAPHVIZ = WarmGraphviz()


def _box(group: ET.Element) -> tuple[float, float, float, float] | None:
    """The node's outline (path, polygon, ellipse or pill rect) as x0, y0, x1, y1."""
    for child in group:
        tag = child.tag.replace(_Q, "")
        if tag == "ellipse":
            cx, cy, rx, ry = (float(child.get(k, 0)) for k in ("cx", "cy", "rx", "ry"))
            return cx - rx, cy - ry, cx + rx, cy + ry
        if tag == "rect" and child.get("class") is None:
            x, y, w, h = (float(child.get(k, 0)) for k in ("x", "y", "width", "height"))
            return x, y, x + w, y + h
        if tag in ("path", "polygon"):
            numbers = [float(v) for v in _NUMBER.findall(child.get("d") or child.get("points") or "")]
            return min(numbers[0::2]), min(numbers[1::2]), max(numbers[0::2]), max(numbers[1::2])
    return None


def text_outside_boxes(svg: bytes) -> list[str]:
    """Nodes with a line of text whose anchor or cap height falls outside the node's shape."""
    bad = []
    for group in ET.fromstring(svg).iter(f"{_Q}g"):
        if "node" not in group.get("class", "").split():
            continue
        box = _box(group)
        assert box is not None, group.get("id")
        x0, y0, x1, y1 = box
        for text in group.iter(f"{_Q}text"):
            x, y, size = float(text.get("x", 0)), float(text.get("y", 0)), float(text.get("font-size", 0))
            inside = x0 - SLACK <= x <= x1 + SLACK and y0 - SLACK <= y - 0.7 * size and y <= y1 + SLACK
            if not inside:
                bad.append(f"{group.get('id')}: text at ({x}, {y}) outside {box}")
    return bad


def _cases() -> list[tuple[Path, str, str]]:
    """Every fixture in every layout; the themes rotate over them so that every theme meets every
    layout and most fixtures, in one pass that stays fast (~1,000 renders would not)."""
    cases = []
    for i, source in enumerate(SOURCES):
        for j, layout in enumerate(LAYOUTS):
            cases.append((source, layout, THEMES[(i + j) % len(THEMES)]))
    return cases


def test_every_fixture_layout_and_theme_draws_text_inside_its_boxes() -> None:
    failures = []
    for source, layout, theme in _cases():
        tree = parse(source.read_bytes(), source=str(source))
        rendered = render(tree, RenderOptions(theme=theme, layout=layout), _MEASURER, _GRAPHVIZ)
        failures += [
            f"{source.name} -l {layout} -t {theme}: {bad}" for bad in text_outside_boxes(rendered.svg)
        ]
    assert not failures, "\n".join(failures[:20])


@pytest.mark.parametrize("layout", ["down", "up", "timeline", "fishbone", "map"])
def test_crosslinks_that_bow_outside_the_canvas_keep_labels_in_boxes(layout: str) -> None:
    source = ROOT / "tests" / "fixtures" / "crosslinks" / "bow.mm"
    tree = parse(source.read_bytes(), source=str(source))
    rendered = render(tree, RenderOptions(layout=layout), _MEASURER, _GRAPHVIZ)
    assert rendered.tree.crosslinks and not text_outside_boxes(rendered.svg)


def _png(body: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    image = pytest.importorskip("PIL.Image")
    tree = parse(body.encode(), source="t.md")
    rendered = render(tree, RenderOptions(theme="mono", layout="right"), _MEASURER, _GRAPHVIZ)
    return image.open(io.BytesIO(output(rendered, "png", ExportOptions(scale=2)))).convert("L")


def _changed_rows(a, b) -> list[int]:  # type: ignore[no-untyped-def]
    """Rows where the two pictures differ in over 150 pixels."""
    assert a.size == b.size
    pa, pb = a.load(), b.load()
    width, height = a.size
    return [y for y in range(height) if sum(abs(pa[x, y] - pb[x, y]) > 80 for x in range(width)) > 150]


@pytest.mark.parametrize("mark", ["~~", "<u>"])
def test_png_draws_strike_and_underline_as_lines(tmp_path: Path, mark: str) -> None:
    """A struck (or underlined) label differs from its plain twin by a long straight line, in
    the PNG: cairosvg ignores text-decoration, so the line is drawn as a shape."""
    closing = mark.replace("<", "</")
    plain = _png("# root\n- kept\n  - xxxxxxxxxxxxxxxxxxxx\n", tmp_path)
    marked = _png(f"# root\n- kept\n  - {mark}xxxxxxxxxxxxxxxxxxxx{closing}\n", tmp_path)
    rows = _changed_rows(plain, marked)
    assert rows, "no line across the text in the PNG"
    assert max(rows) - min(rows) <= 6, rows  # one stroke, not moved text
