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
