"""Folds, marks (task, note, link, +N) and cross-links: in the JSON geometry and in the SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import EXAMPLES, geometry
from geometry_checks import check_all

pytestmark = [pytest.mark.graphviz, pytest.mark.fonts]
SVG = "{http://www.w3.org/2000/svg}"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def by_text(doc: dict) -> dict[str, dict]:
    return {n["text"]: n for n in doc["nodes"]}


def test_max_depth_folds_and_counts_hidden_topics(cli, tmp_path):
    src = write(tmp_path / "m.md", "# R\n- a\n  - a1\n    - a11\n  - a2\n- b\n")
    doc = geometry(cli, src, "--max-depth", "1")
    nodes = by_text(doc)
    assert set(nodes) == {"R", "a", "b"}
    assert [(m["kind"], m["label"]) for m in nodes["a"]["markers"]] == [("fold", "+3")]
    assert nodes["b"]["markers"] == []  # nothing to hide


def test_outline_folds_and_unfold(cli, tmp_path):
    src = write(tmp_path / "m.md", "# R\n- a <!-- fold -->\n  - hidden\n- b\n")
    assert "hidden" not in by_text(geometry(cli, src))
    assert "hidden" in by_text(geometry(cli, src, "--unfold"))


def test_marks_sit_inside_their_node_after_the_text(cli, tmp_path):
    src = write(
        tmp_path / "m.md",
        "# R\n- [x] done item\n- [ ] open item\n- [linked](https://example.com/x)\n"
        "- with a note\n\n  The note text.\n",
    )
    doc = geometry(cli, src)
    nodes = by_text(doc)
    assert [m["kind"] for m in nodes["done item"]["markers"]] == ["done"]
    assert [m["kind"] for m in nodes["open item"]["markers"]] == ["todo"]
    assert [m["kind"] for m in nodes["linked"]["markers"]] == ["link"]
    assert [m["kind"] for m in nodes["with a note"]["markers"]] == ["note"]
    for node in doc["nodes"]:
        for m in node["markers"]:
            assert node["x"] <= m["x"] and m["x"] + m["w"] <= node["x"] + node["w"] + 0.5
            assert node["y"] <= m["y"] and m["y"] + m["h"] <= node["y"] + node["h"] + 0.5
    check_all(doc)


def test_note_is_the_tooltip_and_marks_are_not_topics(cli, tmp_path):
    src = write(tmp_path / "m.md", "# R\n- topic <!-- fold -->\n  - child\n- noted\n\n  Remember this.\n")
    out = tmp_path / "m.svg"
    assert cli(["render", src, "-o", out]).code == 0
    root = ET.parse(out).getroot()
    groups = list(root.iter(f"{SVG}g"))
    topics = [g for g in groups if "node" in g.get("class", "").split()]
    marks = [g for g in groups if "marker" in g.get("class", "").split()]
    assert len(topics) == 3  # R, topic, noted: the hidden child is not drawn
    assert sorted(g.get("class") for g in marks) == ["marker marker-fold", "marker marker-note"]
    noted = next(g for g in topics if g.find(f"{SVG}title").text.startswith("noted"))
    assert noted.find(f"{SVG}title").text == "noted\n\nRemember this."


FREEMIND = """<map version="1.0.1">
<node TEXT="Root" ID="ID_1">
<node TEXT="Left idea" POSITION="left" ID="ID_2">
<arrowlink DESTINATION="ID_3" MIDDLE_LABEL="depends on"/>
</node>
<node TEXT="Right idea" POSITION="right" ID="ID_3"/>
</node>
</map>
"""


def test_crosslinks_are_drawn_as_labelled_arrows(cli, tmp_path):
    src = write(tmp_path / "m.mm", FREEMIND)
    doc = geometry(cli, src)
    nodes = by_text(doc)
    assert nodes["Left idea"]["side"] == "left" and nodes["Right idea"]["side"] == "right"
    (link,) = doc["crosslinks"]
    assert (link["from"], link["to"], link["label"]) == (
        nodes["Left idea"]["id"],
        nodes["Right idea"]["id"],
        "depends on",
    )
    out = tmp_path / "m.svg"
    assert cli(["render", src, "-o", out]).code == 0
    svg = out.read_text(encoding="utf-8")
    assert 'class="edge crosslink"' in svg and "depends on" in svg and "stroke-dasharray" in svg


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_folded_at_depth_two_pass_geometry_checks(cli, example):
    doc = geometry(cli, example, "--max-depth", "2")
    assert max(n["depth"] for n in doc["nodes"]) <= 2
    assert any(m["kind"] == "fold" for n in doc["nodes"] for m in n["markers"])
    check_all(doc)


def test_markdown_cross_links_by_anchor_name(cli, tmp_path):
    src = write(
        tmp_path / "m.md",
        "# Plan\n- Design {#design}\n- Build {-> design: needs specs}\n- Ship {-> nowhere}\n",
    )
    result = cli(["render", src, "-f", "json", "-o", "-"])
    assert result.code == 0
    doc = __import__("json").loads(result.out)
    nodes = by_text(doc)
    assert set(nodes) == {"Plan", "Design", "Build", "Ship"}  # the markers are not label text
    (link,) = doc["crosslinks"]
    assert (link["from"], link["to"], link["label"]) == (
        nodes["Build"]["id"],
        nodes["Design"]["id"],
        "needs specs",
    )
    assert "cross-link to 'nowhere' dropped" in result.err
