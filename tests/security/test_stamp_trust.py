"""Threat: a pull request swapping a committed image for a forged one that CI still calls current.
`--check`, `embed --check` and the render cache compare source stamps; a stamp copied into a
hand-written SVG (beside a `<script>`, or inside an XML comment) must not make it current.

Guarantee: a stamp counts only where treemind writes it (the SVG's `<metadata id=
"treemind-source">` as a child of the root; a PNG's last chunk before IEND; the PDF's Keywords;
the DOT's first comment; the JSON's top-level `source_hash`), and an SVG that treemind's last SVG
pass would change (script, foreign elements, handlers, links, styles) is never current: `--check`
reports it stale, a render replaces it. `--check --verify` re-renders and compares bytes, so a
forged image that carries a valid stamp and only treemind's own markup is caught too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.graphviz

OUTLINE = "# Plan\n- design\n- build\n"
STAMP = re.compile(r'<metadata id="treemind-source" data-hash="[0-9a-f]{64}"\s*/>')


@pytest.fixture
def rendered(cli, tmp_path: Path) -> tuple[Path, Path, str]:
    src = tmp_path / "plan.md"
    src.write_text(OUTLINE, encoding="utf-8")
    out = tmp_path / "plan.svg"
    assert cli(["render", src, "-o", out]).code == 0
    text = out.read_text(encoding="utf-8")
    found = STAMP.search(text)
    assert found, text[:400]
    return src, out, found.group()


def forgeries(good: str, stamp: str) -> dict[str, str]:
    script = good.replace("</svg>", "<script>alert(document.domain)</script></svg>")
    hand = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
        f"<!-- {stamp} --><text>forged</text><script>alert(1)</script></svg>\n"
    )
    nested = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
        f"<g>{stamp}</g><text>forged</text></svg>\n"
    )
    handler = good.replace("<g ", '<g onload="alert(1)" ', 1)
    return {"script": script, "comment": hand, "nested": nested, "handler": handler}


@pytest.mark.parametrize("kind", ["script", "comment", "nested", "handler"])
def test_check_does_not_trust_a_copied_stamp(cli, rendered, kind: str) -> None:
    src, out, stamp = rendered
    out.write_text(forgeries(out.read_text(encoding="utf-8"), stamp)[kind], encoding="utf-8")
    result = cli(["render", src, "-o", out, "--check"])
    assert result.code == 1, result.err
    assert f"stale: {out}" in result.err


@pytest.mark.parametrize("kind", ["script", "comment"])
def test_render_replaces_a_forged_output_instead_of_skipping_it(cli, rendered, kind: str) -> None:
    src, out, stamp = rendered
    out.write_text(forgeries(out.read_text(encoding="utf-8"), stamp)[kind], encoding="utf-8")
    result = cli(["render", src, "-o", out])
    assert result.code == 0, result.err
    data = out.read_text(encoding="utf-8")
    assert "<script" not in data and "forged" not in data


def test_check_verify_catches_a_forgery_with_only_our_markup(cli, rendered) -> None:
    src, out, _ = rendered
    forged = out.read_text(encoding="utf-8").replace(">design<", ">pay here: evil.example<")
    out.write_text(forged, encoding="utf-8")
    assert cli(["render", src, "-o", out, "--check"]).code == 0  # the stamp alone: documented
    result = cli(["render", src, "-o", out, "--check", "--verify"])
    assert result.code == 1, result.err
    assert f"stale: {out}" in result.err
    assert out.read_text(encoding="utf-8") == forged  # a check writes nothing


def test_check_verify_passes_a_fresh_render(cli, rendered, tmp_path: Path) -> None:
    src, out, _ = rendered
    png = tmp_path / "plan.png"
    assert cli(["render", src, "-o", png]).code == 0
    for target in (out, png):
        result = cli(["render", src, "-o", target, "--check", "--verify"])
        assert result.code == 0, result.err


def test_embed_check_does_not_trust_a_copied_stamp(cli, tmp_path: Path) -> None:
    doc = tmp_path / "page.md"
    doc.write_text(f"# Page\n\n```mindmap\n{OUTLINE}```\n", encoding="utf-8")
    assert cli(["embed", doc, "--no-embed-fonts"]).code == 0
    image = tmp_path / "assets" / "plan.svg"
    good = image.read_text(encoding="utf-8")
    stamp = STAMP.search(good)
    assert stamp
    image.write_text(forgeries(good, stamp.group())["comment"], encoding="utf-8")
    result = cli(["embed", doc, "--check", "--no-embed-fonts"])
    assert result.code == 1, result.err
    assert "out of date" in result.err
