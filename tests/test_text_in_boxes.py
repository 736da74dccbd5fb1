"""The drawn SVG itself: every node's text (and every formula) lies inside that node's shape,
for every fixture x layout x theme; and a few PNG pixel checks of what cairo draws.

The JSON geometry can be right while the SVG is wrong (labels were once drawn ~100 pt off their
boxes when cross-links widened Graphviz's drawing), so this reads the SVG.
"""

from __future__ import annotations

import functools
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
    """Nodes with a line of text whose anchor or cap height falls outside the node's shape, or
    a formula whose ink leaves the shape or reaches into the line above or below it."""
    bad = []
    for group in ET.fromstring(svg).iter(f"{_Q}g"):
        if "node" not in group.get("class", "").split():
            continue
        box = _box(group)
        assert box is not None, group.get("id")
        x0, y0, x1, y1 = box
        lines = []
        for text in group.iter(f"{_Q}text"):
            x, y, size = float(text.get("x", 0)), float(text.get("y", 0)), float(text.get("font-size", 0))
            lines.append((y, size))
            inside = x0 - SLACK <= x <= x1 + SLACK and y0 - SLACK <= y - 0.7 * size and y <= y1 + SLACK
            if not inside:
                bad.append(f"{group.get('id')}: text at ({x}, {y}) outside {box}")
        bad += [f"{group.get('id')}: {problem}" for problem in _formulas_out_of_place(group, box, lines)]
    return bad


def _formulas_out_of_place(
    group: ET.Element, box: tuple[float, float, float, float], lines: list[tuple[float, float]]
) -> list[str]:
    """Each formula's ink (its paths' and rules' extent) must lie inside the shape and clear of
    the other lines: above the next line's capitals, below the previous line's descenders."""
    bad = []
    for shape in group.iter(f"{_Q}g"):
        if shape.get("class") != "math":
            continue
        found = _TRANSLATE.search(shape.get("transform", ""))
        assert found, shape.attrib
        dx, dy = float(found.group(1)), float(found.group(2))
        xs, ys = [], []
        for part in shape:
            if part.tag == f"{_Q}path":
                numbers = [float(v) for v in _NUMBER.findall(part.get("d", ""))]
                xs += numbers[0::2]
                ys += numbers[1::2]
            else:
                x, y, w, h = (float(part.get(k, 0)) for k in ("x", "y", "width", "height"))
                xs += [x, x + w]
                ys += [y, y + h]
        left, right, top, bottom = min(xs) + dx, max(xs) + dx, min(ys) + dy, max(ys) + dy
        x0, y0, x1, y1 = box
        if left < x0 - SLACK or right > x1 + SLACK or top < y0 - SLACK or bottom > y1 + SLACK:
            bad.append(f"formula ({left:.1f}, {top:.1f})-({right:.1f}, {bottom:.1f}) outside {box}")
        for y, size in lines:
            if y > dy + 0.5 and bottom > y - 0.7 * size:
                bad.append(f"formula reaching {bottom:.1f} overlaps the line below at {y}")
            elif y < dy - 0.5 and top < y + 0.2 * size:
                bad.append(f"formula reaching {top:.1f} overlaps the line above at {y}")
    return bad


_TRANSLATE = re.compile(r"translate\(([-0-9.]+)[ ,]+([-0-9.]+)\)")


@functools.cache
def _tree(source: Path):  # type: ignore[no-untyped-def]
    """Each outline is parsed once for all layouts and themes."""
    return parse(source.read_bytes(), source=str(source))


@pytest.mark.parametrize("theme", THEMES)
def test_every_fixture_and_layout_draws_text_inside_its_boxes(theme: str) -> None:
    """The full product, fixtures x layouts x themes (~2,800 SVG renders, ~45 CPU s in all:
    benchmarks/README.md), one theme a case."""
    failures = []
    for source in SOURCES:
        for layout in LAYOUTS:
            rendered = render(_tree(source), RenderOptions(theme=theme, layout=layout), _MEASURER, _GRAPHVIZ)
            failures += [f"{source.name} -l {layout}: {bad}" for bad in text_outside_boxes(rendered.svg)]
    assert not failures, "\n".join(failures[:20])


@pytest.mark.parametrize("layout", ["right", "down", "radial"])
def test_tall_formulas_make_their_line_taller(layout: str) -> None:
    """A fraction, a sum with limits, a matrix: their lines grow, so the formula touches
    neither the lines next to it nor the box's edge (the fixture is also in the sweep above)."""
    source = ROOT / "tests" / "fixtures" / "marks" / "tall-math.md"
    rendered = render(_tree(source), RenderOptions(layout=layout), _MEASURER, _GRAPHVIZ)
    assert rendered.svg.count(b'<g class="math"') == 6
    assert not text_outside_boxes(rendered.svg)
    heights = {node.item.node.text[:5]: node.block.rows for node in rendered.nodes}
    plain = heights["Inlin"][0][0]  # $mc^2$ fits a line of text: no taller than one
    assert plain == rendered.nodes[-1].block.line_height
    assert [h > plain for h, _ in heights["above"]] == [False, True, False]


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
