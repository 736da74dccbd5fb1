"""Every example and generated trees, in every layout and theme, pass the geometry checks."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from conftest import EXAMPLES, geometry
from geometry_checks import check_all
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from treemind_render.layout import DOT_LAYOUTS, LAYOUTS
from treemind_render.style.themes import builtin_names

THEMES = [t for t in builtin_names() if t != "base"]
pytestmark = [pytest.mark.graphviz, pytest.mark.fonts]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_pass_geometry_checks(cli, example, layout, theme):
    doc = geometry(cli, example, "-l", layout, "-t", theme)
    assert doc["layout"] == layout and doc["theme"] == theme
    assert len(doc["nodes"]) >= 20
    check_all(doc)


WORDS = [
    "plan",
    "launch",
    "研究",
    "方法",
    "運用",
    "data",
    "review",
    "新媒体运营",
    "a",
    "x" * 30,
    "supercalifragilistic",
    "（括号）",
    "，。",
    "KPI",
    "ROI",
    "2027",
]
label = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(" ".join)


@st.composite
def outlines(draw) -> str:
    """Indented text: each line at most one level deeper than the previous one."""
    count = draw(st.integers(min_value=1, max_value=400))
    lines, depth = [draw(label)], 0
    for _ in range(count - 1):
        depth = draw(st.integers(min_value=1, max_value=min(depth + 1, 12)))
        lines.append("  " * depth + draw(label))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("theme", ["default", "business"])  # underlines and boxes
@pytest.mark.parametrize("layout", DOT_LAYOUTS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_the_dot_engine_passes_the_same_checks(cli, example, layout, theme):
    doc = geometry(cli, example, "-l", layout, "-t", theme, "--engine", "dot")
    assert doc["layout"] == layout
    check_all(doc)


@pytest.mark.parametrize("layout", ["map", "right", "down"])
@pytest.mark.parametrize("engine", ["tidy", "dot"])
@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=outlines())
def test_generated_trees_pass_geometry_checks(cli, engine, layout, text):
    doc = geometry(cli, "-", "--from", "text", "-l", layout, "--engine", engine, stdin=text.encode())
    assert len(doc["nodes"]) == len(text.splitlines())
    check_all(doc)


_NUM = re.compile(r"-?[0-9.]+")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_svg_draws_boxes_where_the_json_says(cli, tmp_path, layout):
    example = EXAMPLES[0]
    doc = geometry(cli, example, "-l", layout)
    out = tmp_path / "map.svg"
    assert cli(["render", example, "-l", layout, "-o", out]).code == 0
    root = ET.parse(out).getroot()
    ns = {"s": "http://www.w3.org/2000/svg"}
    graph = root.find("s:g", ns)
    tx, ty = (float(v) for v in _NUM.findall(graph.get("transform").split("translate")[1]))
    for node in doc["nodes"]:
        group = root.find(f".//s:g[@id='{node['id']}']", ns)
        shape = (
            group.find("s:polygon", ns)
            if group.find("s:polygon", ns) is not None
            else group.find("s:path", ns)
        )
        coords = [float(v) for v in _NUM.findall(shape.get("points") or shape.get("d"))]
        xs, ys = [v + tx for v in coords[0::2]], [v + ty for v in coords[1::2]]
        assert min(xs) == pytest.approx(node["x"], abs=1.0)
        assert max(xs) == pytest.approx(node["x"] + node["w"], abs=1.0)
        assert min(ys) == pytest.approx(node["y"], abs=1.0)
        assert max(ys) == pytest.approx(node["y"] + node["h"], abs=1.0)


def _doc(nodes, edges=(), layout="right"):
    base = {"lines": [], "font_family": "DejaVu Sans", "font_size": 10, "text": "", "side": None}
    return {
        "layout": layout,
        "width": 500,
        "height": 500,
        "nodes": [{**base, **n} for n in nodes],
        "edges": list(edges),
    }


def test_the_checks_catch_broken_geometry():
    """The checks above are only worth something if they fail on bad geometry."""
    from geometry_checks import (
        check_edges_avoid_boxes,
        check_edges_leave_facing_side,
        check_inside_canvas,
        check_no_edge_crossings,
        check_no_overlap,
        check_sibling_order,
        check_text_fits,
    )

    a = {"id": "n0_0", "parent": "n0", "x": 10, "y": 10, "w": 50, "h": 20}
    b = {"id": "n0_1", "parent": "n0", "x": 40, "y": 5, "w": 50, "h": 20}
    with pytest.raises(AssertionError, match="overlaps"):
        check_no_overlap(_doc([a, b]))
    parent = {"id": "n0", "parent": None, "x": 0, "y": 0, "w": 5, "h": 5}
    check_sibling_order(_doc([parent, a, {**b, "x": 10, "y": 40}]))  # one column, top to bottom
    with pytest.raises(AssertionError, match="out of order"):
        check_sibling_order(_doc([parent, a, {**b, "x": 10, "y": -30}]))
    with pytest.raises(AssertionError):
        check_inside_canvas(_doc([{**a, "x": 480}]))
    crossing = [
        {"from": "n1", "to": "n2", "points": [[0, 0], [30, 0], [70, 100], [100, 100]]},
        {"from": "n3", "to": "n4", "points": [[0, 100], [30, 100], [70, 0], [100, 0]]},
    ]
    with pytest.raises(AssertionError, match="crosses"):
        check_no_edge_crossings(_doc([], crossing))
    font = "Noto Sans"
    tight = {
        **a,
        "text": "a long label",
        "lines": ["a long label"],
        "font_family": font,
        "font_size": 13,
        "w": 30,
    }
    with pytest.raises(AssertionError, match="pt box"):
        check_text_fits(_doc([tight]))
    lost = {**a, "text": "two words", "lines": ["two"], "font_family": font, "w": 200}
    with pytest.raises(AssertionError):
        check_text_fits(_doc([lost]))  # a wrapped line went missing
    root = {"id": "n0", "parent": None, "x": 100, "y": 100, "w": 40, "h": 20}
    kid = {"id": "n0_0", "parent": "n0", "x": 200, "y": 100, "w": 40, "h": 20}
    wrong_side = {"from": "n0", "to": "n0_0", "points": [[100, 110], [150, 110], [150, 110], [200, 110]]}
    with pytest.raises(AssertionError):
        check_edges_leave_facing_side(_doc([root, kid], [wrong_side]))
    between = {"id": "n0_1", "parent": "n0", "x": 160, "y": 100, "w": 20, "h": 20}
    through = {"from": "n0", "to": "n0_0", "points": [[140, 110], [160, 110], [180, 110], [200, 110]]}
    check_edges_leave_facing_side(_doc([root, kid], [through]))  # a good edge passes ...
    with pytest.raises(AssertionError, match="crosses n0_1"):
        check_edges_avoid_boxes(_doc([root, kid, between], [through]))  # ... until a box is in its way


def test_radial_map_of_300_nodes_has_no_overlaps(cli):
    import random

    rng = random.Random(300)
    lines, depth = ["Three hundred"], 0
    for i in range(299):
        depth = rng.randint(1, min(depth + 1, 6))
        lines.append("  " * depth + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))) + f" {i}")
    doc = geometry(cli, "-", "--from", "text", "-l", "radial", stdin=("\n".join(lines) + "\n").encode())
    assert len(doc["nodes"]) == 300
    check_all(doc)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_wide_and_deep_tree_passes_geometry_checks(cli, layout):
    """30 children under one node, and a branch 12 levels deep, Chinese and English."""
    lines = ["Wide and deep 宽与深"]
    lines += [f"  child {i} 子节点 {'long label ' * (i % 4)}" for i in range(30)]
    lines += ["  " * (d + 1) + f"level {d} 第{d}层" for d in range(12)]
    doc = geometry(cli, "-", "--from", "text", "-l", layout, stdin=("\n".join(lines) + "\n").encode())
    assert len(doc["nodes"]) == 43 and max(n["depth"] for n in doc["nodes"]) == 12
    check_all(doc)


def _r250() -> str:
    """Issue 19's outline: 12 main branches, 266 nodes, leaves under most topics."""
    import random

    rng = random.Random(1)
    lines = ["# Root topic"]
    for i in range(12):
        lines.append(f"## Main branch {i}")
        for j in range(rng.randint(3, 8)):
            lines.append(f"- topic {i}.{j} with some words")
            lines += [f"  - leaf {i}.{j}.{k} detail" for k in range(rng.randint(0, 5))]
    return "\n".join(lines) + "\n"


def _wide() -> str:
    """60 main branches with a sentence each: a glossary."""
    terms = [f"## Term {i}\n- a definition of term {i} that is a sentence long" for i in range(60)]
    return "\n".join(["# Glossary", *terms]) + "\n"


def _shape(doc: dict) -> tuple[float, float, float]:
    """(area per node in pt², aspect ratio as long side over short side, share of the canvas
    that boxes cover)."""
    w, h = doc["width"], doc["height"]
    covered = sum(n["w"] * n["h"] for n in doc["nodes"]) / (w * h)
    return w * h / len(doc["nodes"]), max(w / h, h / w), covered


@pytest.mark.parametrize("layout", ["map", "down", "up", "radial", "timeline", "fishbone"])
def test_wide_maps_wrap_within_one_to_three(cli, layout):
    """60 main branches: one row (or spine) of them would be 30-60 times as wide as tall."""
    doc = geometry(cli, "-", "-l", layout, stdin=_wide().encode())
    check_all(doc)
    _, aspect, covered = _shape(doc)
    assert aspect <= 3.0 and covered >= 0.15, (layout, doc["width"], doc["height"], covered)


def test_radial_is_as_compact_as_map(cli):
    """Radial used to take 22 times the area per node of `map` on this outline."""
    radial = geometry(cli, "-", "-l", "radial", stdin=_r250().encode())
    two_sided = geometry(cli, "-", "-l", "map", stdin=_r250().encode())
    check_all(radial)
    assert _shape(radial)[0] <= 2 * _shape(two_sided)[0]
    assert _shape(radial)[2] >= 0.15  # boxes cover 24% of the canvas (the old rings: 1%)


@pytest.mark.parametrize("layout", ["map", "radial"])
def test_a_lone_main_branch_goes_right(cli, layout):
    doc = geometry(cli, "-", "-l", layout, stdin=b"# Root\n## Only child\n- a\n- b\n")
    assert [n["side"] for n in doc["nodes"] if n["depth"] == 1] == ["right"]
