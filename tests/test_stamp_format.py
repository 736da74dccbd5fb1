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

# OUTPUT_FORMAT -> (SHA-256 of the DOT, the version it was recorded at). The DOT is every position,
# size, colour and label line treemind hands Graphviz, of an example in every layout and a Chinese
# one, with the Noto fonts of Debian 12.
FINGERPRINTS = {
    1: ("7ad93798596187dc1dbf8d2bd25dfefe14466fdece191682cdc340a7ee50cd59", "0.1.0"),
    # 2026-12-06: radial, wrapped layouts, per-run fonts, marks as shapes, Mermaid shapes, pictures
    2: ("8b1f0904c61a925503022362b36ef15f6097260e3bc519732b598d9d6626b00a", "0.1.0"),
    # 2026-12-06 (second session): radial rings, columns for tall maps, routed cross-links, the
    # dot engine's down/up, shaped PNG/PDF text, pictures in topics, tall formulas, text in svg.py
    3: ("c70871981672ea36d00b6b21b263c5d5a77c2979fa5a2586cd09fb0f45e16cb3", "0.1.0"),
}
LAYOUTS = ("map", "right", "left", "down", "up", "radial", "timeline", "fishbone")
SAMPLES = [("launch-plan.md", layout) for layout in LAYOUTS] + [("学习计划.txt", "map")]


def drawings(cli) -> str:
    parts = []
    for name, layout in SAMPLES:
        result = cli(["render", ROOT / "examples" / name, "-l", layout, "-f", "dot", "-o", "-"])
        assert result.code == 0, result.err
        parts.append(re.sub(r"(?m)^// treemind-source .*\n", "", result.out.decode("utf-8")))
    return "".join(parts)


def test_a_release_that_draws_differently_has_a_new_output_format(cli) -> None:
    """Between releases drawings change freely (several changes may share one bump); a release
    whose drawings differ from the recorded ones must bump OUTPUT_FORMAT and record them."""
    fingerprint = hashlib.sha256(drawings(cli).encode()).hexdigest()
    recorded, version = FINGERPRINTS.get(stamp.OUTPUT_FORMAT, ("", ""))
    if fingerprint == recorded:
        return
    advice = (
        f"bump OUTPUT_FORMAT in draw/stamp.py and record {{{stamp.OUTPUT_FORMAT + 1}: ({fingerprint!r},"
        f" {treemind_render.__version__!r})}} in FINGERPRINTS here (committed images then re-render once)"
    )
    if treemind_render.__version__ == version:
        pytest.skip(f"the drawings changed since OUTPUT_FORMAT {stamp.OUTPUT_FORMAT} was recorded: before the"
                    f" next release, {advice}")  # fmt: skip
    pytest.fail(f"release {treemind_render.__version__} draws differently from OUTPUT_FORMAT"
                f" {stamp.OUTPUT_FORMAT}: {advice}")  # fmt: skip


def test_a_new_version_that_draws_the_same_keeps_the_stamp(monkeypatch: pytest.MonkeyPatch) -> None:
    before = stamp.digest(b"# A\n- b\n", {"layout": "map"}, None)
    monkeypatch.setattr(treemind_render, "__version__", "99.0.0")
    assert stamp.digest(b"# A\n- b\n", {"layout": "map"}, None) == before
    monkeypatch.setattr(stamp, "OUTPUT_FORMAT", stamp.OUTPUT_FORMAT + 1)
    assert stamp.digest(b"# A\n- b\n", {"layout": "map"}, None) != before
