"""`--engine tidy|dot`: the same boxes and style, placed by treemind or by Graphviz dot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, geometry
from geometry_checks import check_all

pytestmark = pytest.mark.graphviz


def test_tidy_is_the_default_and_json_says_which_engine(cli) -> None:
    assert geometry(cli, EXAMPLES[0])["engine"] == "tidy"
    assert geometry(cli, EXAMPLES[0], "--engine", "dot")["engine"] == "dot"


@pytest.mark.parametrize("layout", ["map", "down"])
def test_both_engines_draw_the_same_boxes(cli, layout: str) -> None:
    """Only the positions differ: sizes, wrapping and fonts come from the same stages."""
    tidy, dot = (geometry(cli, EXAMPLES[0], "-l", layout, "--engine", e) for e in ("tidy", "dot"))
    for doc in (tidy, dot):
        doc["shapes"] = {n["id"]: (n["w"], n["h"], n["lines"], n["font_family"]) for n in doc["nodes"]}
        doc["pairs"] = sorted((e["from"], e["to"]) for e in doc["edges"])
    assert tidy["shapes"] == dot["shapes"]
    assert tidy["pairs"] == dot["pairs"]


def test_a_layout_dot_cannot_place_is_a_usage_error(cli, tmp_path: Path) -> None:
    result = cli(["render", EXAMPLES[0], "-l", "radial", "--engine", "dot", "-o", tmp_path / "r.svg"])
    assert result.code == 2
    assert "--engine" in result.err and "radial" in result.err
    assert not (tmp_path / "r.svg").exists()


def test_an_outline_asking_for_such_a_layout_fails_that_input_only(cli, tmp_path: Path) -> None:
    bad, good = tmp_path / "bad.md", tmp_path / "good.md"
    bad.write_text("---\nlayout: timeline\n---\n# Plan\n## Q1\n## Q2\n", encoding="utf-8")
    good.write_text("# Plan\n## Q1\n## Q2\n", encoding="utf-8")
    result = cli(["render", bad, good, "--engine", "dot", "--out-dir", tmp_path / "out"])
    assert result.code == 1
    assert f"{bad}: --engine dot lays out" in result.err
    assert (tmp_path / "out" / "good.svg").exists() and not (tmp_path / "out" / "bad.svg").exists()


def test_a_wide_node_with_dot(cli, tmp_path: Path) -> None:
    src = tmp_path / "wide.txt"
    src.write_text("Root\n" + "".join(f"  child {i}\n" for i in range(300)), encoding="utf-8")
    doc = json.loads(cli(["render", src, "--engine", "dot", "-f", "json", "-o", "-"]).out)
    assert len(doc["nodes"]) == 301
    check_all(doc)


def _shape(doc: dict) -> tuple[float, float]:
    """Area per node (pt²) and aspect ratio (width / height)."""
    return doc["width"] * doc["height"] / len(doc["nodes"]), doc["width"] / doc["height"]


WIDE = "# Glossary\n" + "".join(
    f"## Term {i}\n- a definition of term {i} that is a sentence long\n" for i in range(30)
)


@pytest.mark.parametrize("layout", ["down", "up"])
@pytest.mark.parametrize("outline", ["新媒体运营.md", "launch-plan.md", "wide"])
def test_dot_down_is_about_as_compact_as_tidy_down(cli, tmp_path: Path, layout: str, outline: str) -> None:
    """dot's own top-to-bottom ranks put every depth in one row (a 52-node map was 4,869 x 435
    pt); the dot engine keeps the org chart's rows of main branches and dot's columns below."""
    if outline == "wide":
        src = tmp_path / "wide.md"
        src.write_text(WIDE, encoding="utf-8")
    else:
        src = next(p for p in EXAMPLES if p.name == outline)
    tidy, dot = (geometry(cli, src, "-l", layout, "--engine", e) for e in ("tidy", "dot"))
    (tidy_area, _), (dot_area, aspect) = _shape(tidy), _shape(dot)
    assert dot_area <= 2 * tidy_area, (dot_area, tidy_area)
    assert 1 / 3 <= aspect <= 3, aspect
    check_all(dot)


def test_dot_edges_leave_underlines_where_the_text_ends() -> None:
    """An underlined parent's edge curves from the underline's end; a straight run on along the
    underline (it reads as the underline overrunning the text) is left only where a longer
    neighbour in the column is in the way."""
    from treemind_render.parsers import parse
    from treemind_render.pipeline import RenderOptions, render

    runs = edges = 0
    for example in EXAMPLES:
        tree = parse(example.read_bytes(), source=str(example))
        for layout in ("map", "right"):
            rendered = render(tree, RenderOptions(layout=layout, engine="dot"), draw=False)
            underlined = {n.item.id for n in rendered.nodes if n.style.shape == "underline"}
            for edge in rendered.geometry.edges:
                if edge.parent in underlined:
                    edges += 1
                    box = rendered.geometry.boxes[edge.parent]
                    (x, y), end = edge.points[0], edge.points[-1]
                    assert (
                        abs(y - (box.y + box.h)) < 0.01
                        and abs(x - (box.x + box.w if end[0] > x else box.x)) < 0.01
                    )
                    runs += edge.lead
    assert edges >= 100
    assert runs <= 0.15 * edges, (runs, edges)  # it was every one of them
