"""The stamp names the output format, not the tool version: a release that draws the same keeps
every committed image current, and a change that draws differently must bump OUTPUT_FORMAT."""

from __future__ import annotations

import hashlib
import re

import pytest
from conftest import ROOT

import treemind_render
from treemind_render.draw import stamp

pytestmark = pytest.mark.graphviz

# OUTPUT_FORMAT -> SHA-256 of the DOT (every position, size, colour and label line treemind hands
# Graphviz) of an example in every layout and a Chinese one, with the Noto fonts of Debian 12.
FINGERPRINTS = {1: "7a0e8dec3c5a9f8af7d4ec1e834b92f03458666ef34e3775e84f0ee0a1fa6454"}
LAYOUTS = ("map", "right", "left", "down", "up", "radial", "timeline", "fishbone")
SAMPLES = [("launch-plan.md", layout) for layout in LAYOUTS] + [("学习计划.txt", "map")]


def drawings(cli) -> str:
    parts = []
    for name, layout in SAMPLES:
        result = cli(["render", ROOT / "examples" / name, "-l", layout, "-f", "dot", "-o", "-"])
        assert result.code == 0, result.err
        parts.append(re.sub(r"(?m)^// treemind-source .*\n", "", result.out.decode("utf-8")))
    return "".join(parts)


def test_a_drawing_change_comes_with_a_new_output_format(cli) -> None:
    fingerprint = hashlib.sha256(drawings(cli).encode()).hexdigest()
    assert FINGERPRINTS.get(stamp.OUTPUT_FORMAT) == fingerprint, (
        "treemind now draws the examples differently: if that is intended, bump OUTPUT_FORMAT in"
        f" draw/stamp.py and add {{{stamp.OUTPUT_FORMAT + 1}: {fingerprint!r}}} to FINGERPRINTS here"
        " (committed images then re-render once); if not, it is a regression"
    )


def test_a_new_version_that_draws_the_same_keeps_the_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    before = stamp.digest(b"# A\n- b\n", {"layout": "map"}, None)
    monkeypatch.setattr(treemind_render, "__version__", "99.0.0")
    assert stamp.digest(b"# A\n- b\n", {"layout": "map"}, None) == before
    monkeypatch.setattr(stamp, "OUTPUT_FORMAT", stamp.OUTPUT_FORMAT + 1)
    assert stamp.digest(b"# A\n- b\n", {"layout": "map"}, None) != before
