"""Big maps always export (with the default size a PNG over the pixel limit is drawn smaller),
and keep a readable shape: generated outlines of every shape pass the geometry checks within
aspect bounds."""

from __future__ import annotations

import functools
import importlib.util
import struct
from pathlib import Path

import pytest
from conftest import geometry
from geometry_checks import (
    check_edges_avoid_boxes,
    check_edges_leave_facing_side,
    check_inside_canvas,
    check_no_edge_crossings,
    check_no_overlap,
    check_sibling_order,
)

pytestmark = [pytest.mark.graphviz, pytest.mark.fonts]

OUTLINE = "# A map\n" + "".join(f"## Branch {i}\n- topic {i} with a few words\n" for i in range(8))


def _png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


def test_a_png_over_the_limit_is_scaled_to_fit_with_a_warning(cli, tmp_path):
    src = tmp_path / "m.md"
    src.write_text(OUTLINE)
    result = cli(["render", src, "-f", "svg,png", "--limit-pixels", "40000"])
    assert result.code == 0, result.err
    assert "treemind: warning:" in result.err and "drawn at scale 0." in result.err
    wide, high = _png_size((tmp_path / "m.png").read_bytes())
    assert wide * high <= 40_000 and wide > 20
    assert (tmp_path / "m.svg").exists()


@pytest.mark.parametrize("option", [["--scale", "1"], ["--width", "800"]])
def test_an_explicit_size_keeps_the_strict_error(cli, tmp_path, option):
    src = tmp_path / "m.md"
    src.write_text(OUTLINE)
    result = cli(["render", src, "-f", "png", "--limit-pixels", "40000", *option])
    assert result.code == 1
    assert "over the limit of 40,000 pixels" in result.err
    assert not (tmp_path / "m.png").exists()


def test_a_png_under_the_limit_is_drawn_at_scale_one_without_a_warning(cli, tmp_path):
    src = tmp_path / "m.md"
    src.write_text(OUTLINE)
    result = cli(["render", src, "-f", "png"])
    assert result.code == 0 and "warning" not in result.err


# --- big maps keep their shape: long sibling lists flow into columns (decision 0008) ---

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bigmaps", ROOT / "benchmarks" / "bigmaps.py")
assert _spec is not None and _spec.loader is not None
bigmaps = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bigmaps)  # the outline shapes benchmarks/bigmaps.py measures


@functools.cache
def _outline(tmp: Path, shape: str, nodes: int) -> Path:
    text = bigmaps.OUTLINES[shape](nodes)
    path = tmp / f"{shape}-{nodes}.{'md' if text.startswith('#') else 'txt'}"
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def outlines(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("big")
    return lambda shape, nodes: _outline(tmp, shape, nodes)


def _bounded(doc: dict, tall: float, wide: float) -> None:
    """Every geometry check but text fitting (which measures each line: slow at this size),
    and the canvas no taller than 1 : `tall` nor wider than `wide` : 1."""
    check_no_overlap(doc)
    check_inside_canvas(doc)
    check_sibling_order(doc)
    check_edges_leave_facing_side(doc)
    check_edges_avoid_boxes(doc)
    check_no_edge_crossings(doc)
    aspect = doc["width"] / doc["height"]
    assert 1 / tall <= aspect <= wide, f"{doc['width']:.0f} x {doc['height']:.0f}"


SHAPES = [  # shape, layout, (taller than 1 : x, wider than x : 1) never
    ("tree", "map", (2.5, 3)),
    ("flat", "left", (2.5, 3)),
    ("fan", "right", (2.5, 3)),
    ("random", "map", (2.5, 3)),
    ("long", "right", (2.5, 3)),
    ("deep", "map", (2.5, 4)),  # 30-40 levels deep: wide by its depth, which columns cannot fold
]


@pytest.mark.parametrize(("shape", "layout", "bounds"), SHAPES, ids=[f"{s}-{lay}" for s, lay, _ in SHAPES])
def test_a_1000_node_outline_keeps_its_shape(cli, outlines, shape, layout, bounds):
    doc = geometry(cli, outlines(shape, 1000), "-l", layout)
    _bounded(doc, *bounds)
    if shape == "deep":
        assert max(n["id"].count("_") for n in doc["nodes"]) >= 30
    if shape in ("tree", "flat", "fan", "long"):  # long lists: some in later columns, from the parent's top
        nodes = {n["id"]: n for n in doc["nodes"]}
        assert any(abs(e["points"][0][1] - nodes[e["from"]]["y"]) < 0.5 for e in doc["edges"])


def test_a_5000_node_map_keeps_its_shape(cli, outlines):
    doc = geometry(cli, outlines("tree", 5000), "-l", "map")
    assert len(doc["nodes"]) >= 5000
    check_no_overlap(doc)
    check_inside_canvas(doc)
    check_sibling_order(doc)
    assert 1 / 2.5 <= doc["width"] / doc["height"] <= 3


def test_a_small_map_does_not_flow(cli, tmp_path):
    """Columns only for maps that would be too tall: issue 19's r250.md (1 : 2.1) keeps one."""
    src = tmp_path / "r250.md"
    src.write_text(bigmaps.tree(266))
    doc = geometry(cli, src, "-l", "map")
    nodes = {n["id"]: n for n in doc["nodes"]}
    assert all(abs(e["points"][0][1] - nodes[e["from"]]["y"]) >= 0.5 for e in doc["edges"])


@pytest.mark.parametrize("layout", ["right", "left"])
def test_twelve_main_branches_or_more_stay_within_three_to_one(cli, tmp_path, layout):
    """Issue 19's rule: with 12+ main branches every layout stays within 1 : 3 ... 3 : 1."""
    for mains in (12, 60):
        src = tmp_path / f"wide{mains}.md"
        terms = [f"## Term {i}\n- a definition of term {i} that is a sentence long" for i in range(mains)]
        src.write_text("\n".join(["# Glossary", *terms]) + "\n")
        doc = geometry(cli, src, "-l", layout)
        _bounded(doc, 3, 3)


@pytest.mark.slow
def test_a_3000_node_png_with_default_options_succeeds(cli, outlines, tmp_path):
    out = tmp_path / "big.png"
    result = cli(["render", outlines("tree", 3000), "-o", out])
    assert result.code == 0, result.err
    wide, high = _png_size(out.read_bytes())
    assert wide * high <= 100_000_000
    assert high * 4 >= wide and wide * 4 >= high  # no worse than 1 : 4 either way
    assert "warning" not in result.err or "drawn at scale" in result.err
