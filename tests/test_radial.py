"""The radial layout: rings per depth where they are compact, checked on real and generated outlines."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest
from conftest import EXAMPLES
from geometry_checks import check_all
from test_geometry import _r250, _shape, _wide

from treemind_render import api
from treemind_render.layout import radial

WORDS = [
    "plan",
    "data",
    "model",
    "review",
    "ship",
    "build",
    "user",
    "team",
    "risk",
    "学习",
    "计划",
    "运营",
    "内容",
]


def _outline(n: int, seed: int) -> str:
    rng = random.Random(seed)
    lines, depth = ["Random root"], 0
    for i in range(n - 1):
        depth = rng.randint(1, min(depth + 1, 6))
        lines.append("  " * depth + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5))) + f" {i}")
    return "\n".join(lines) + "\n"


def check_ring_order(doc: dict) -> None:
    """Every node's box centre is further from the root's centre than its parent's."""
    nodes = {n["id"]: n for n in doc["nodes"]}
    root = next(n for n in doc["nodes"] if n["parent"] is None)

    def reach(n: dict) -> float:
        return math.hypot(
            n["x"] + n["w"] / 2 - root["x"] - root["w"] / 2, n["y"] + n["h"] / 2 - root["y"] - root["h"] / 2
        )

    for n in doc["nodes"]:
        if n["parent"] is not None:
            assert reach(n) > reach(nodes[n["parent"]]), f"{n['id']} is no further out than its parent"


def _rings_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a ring design whatever its area (it still has to pass its own checks)."""
    monkeypatch.setattr(radial, "BUDGET", math.inf)


def test_ring_order_check_can_fail():
    root = {"id": "n0", "parent": None, "x": 0, "y": 0, "w": 40, "h": 20}
    kid = {"id": "n0_0", "parent": "n0", "x": 100, "y": 0, "w": 40, "h": 20}
    inner = {"id": "n0_0_0", "parent": "n0_0", "x": 50, "y": 0, "w": 20, "h": 20}
    with pytest.raises(AssertionError, match="no further out"):
        check_ring_order({"nodes": [root, kid, inner]})


CORPUS = Path(__file__).parent / "corpus" / "files"
RINGED = [
    EXAMPLES[0].parent / "新媒体运营.md",
    CORPUS / "plantuml" / "tmforum-ig1353-mindmap.puml",  # 81 nodes
    CORPUS / "opml" / "opml-spec-states.opml",  # 63 nodes, two lanes
]


@pytest.mark.parametrize("path", RINGED, ids=lambda p: p.name)
def test_real_maps_are_drawn_in_rings(path, monkeypatch):
    """A ring of main branches, a ring of topics, the rest as tails: chosen because it stays
    within the area budget; it passes every check."""
    kept = []
    clean = radial._clean
    monkeypatch.setattr(radial, "_clean", lambda g: kept.append(clean(g)) or kept[-1])
    doc = json.loads(api.render(path, "json", layout="radial"))
    two_sided = json.loads(api.render(path, "json", layout="map"))
    assert True in kept  # a ring design was chosen
    check_all(doc)
    check_ring_order(doc)
    assert _shape(doc)[0] <= 2 * _shape(two_sided)[0]


SWEEP = [("r250", _r250()), ("wide", _wide())] + [
    (f"random-{n}", _outline(n, n)) for n in (40, 120, 300, 500)
]


@pytest.mark.parametrize(("name", "text"), SWEEP, ids=[s[0] for s in SWEEP])
def test_radial_within_twice_the_area_of_map(name, text, monkeypatch):
    """The default radial passes every check and stays within 2x `map`'s area per node; the
    ring design forced on the same outline passes every check and keeps rings in order."""
    from_ = "text" if name.startswith("random") else None
    doc = json.loads(api.render(text, "json", layout="radial", from_=from_))
    two_sided = json.loads(api.render(text, "json", layout="map", from_=from_))
    check_all(doc)
    assert _shape(doc)[0] <= 2 * _shape(two_sided)[0], name
    if len(doc["nodes"]) > 300:  # (time: the forced rings are checked up to 300 nodes)
        return
    _rings_only(monkeypatch)
    forced = json.loads(api.render(text, "json", layout="radial", from_=from_))
    check_all(forced)
    check_ring_order(forced)
