"""Hardening: the last SVG pass, the rasteriser that fetches nothing, limits and --strict."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring

from treemind_render.draw.raster import rasterise
from treemind_render.draw.svg import allow_only_our_markup
from treemind_render.errors import RenderError

HOSTILE_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
  width="100pt" height="50pt" onload="alert(1)">
<script>alert(2)</script>
<g id="n0" class="node" onclick="alert(3)">
  <a xlink:href="javascript:alert(4)" href="javascript:alert(5)"><text>x</text></a>
  <a xlink:href="https://example.com/ok"><text>y</text></a>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">z</div></foreignObject>
  <image xlink:href="file:///etc/passwd" width="10" height="10"/>
  <use xlink:href="#n0"/>
</g>
</svg>"""


def test_last_pass_keeps_only_our_markup():
    root = fromstring(HOSTILE_SVG)
    allow_only_our_markup(root)
    out = ET.tostring(root, encoding="unicode")
    for bad in ("<script", "foreignObject", "<image", ":use", "onload", "onclick", "javascript:", "passwd"):
        assert bad not in out, bad
    assert 'href="https://example.com/ok"' in out and ">x</" in out and ">y</" in out


def test_rasteriser_fetches_nothing(tmp_path: Path):
    """An <image> naming a real, readable PNG file is refused: the file is never opened."""
    from PIL import Image

    secret = tmp_path / "secret.png"
    Image.new("RGB", (40, 40), (255, 0, 0)).save(secret)  # a valid, bright red picture
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="30pt" height="30pt" viewBox="0 0 30 30"><rect width="30" height="30" fill="#ffffff"/>'
        f'<image xlink:href="file://{secret}" x="0" y="0" width="30" height="30"/></svg>'
    ).encode()
    try:
        png = rasterise(svg, "png")
    except RenderError as exc:
        assert "never fetches" in str(exc) or "cannot convert" in str(exc)
        return
    with Image.open(io.BytesIO(png)) as image:
        colours = {c for _, c in image.convert("RGB").getcolors(1 << 16)}
    assert (255, 0, 0) not in colours, "the rasteriser read and drew a local file"
    assert colours == {(255, 255, 255)}


def test_too_many_children_is_a_clear_error(cli, tmp_path: Path):
    src = tmp_path / "wide.txt"
    src.write_text("root\n" + "".join(f"  item {i}\n" for i in range(40)), encoding="utf-8")
    result = cli(["render", src, "--limit-children", "30", "-o", tmp_path / "w.svg"])
    assert result.code == 1
    assert (
        result.err.startswith(f"treemind: error: {src}:1: a topic has 40 children")
        and "--limit-children" in result.err
    )
    assert not (tmp_path / "w.svg").exists()


def test_strict_fails_an_input_with_warnings(cli, tmp_path: Path):
    src = tmp_path / "m.opml"
    src.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>T</title></head><body>'
        '<outline text="root"><outline text="more" type="include" url="https://example.com/x.opml"/>'
        "</outline></body></opml>",
        encoding="utf-8",
    )
    assert cli(["render", src, "-o", tmp_path / "a.svg"]).code == 0  # a warning only
    result = cli(["render", src, "--strict", "-o", tmp_path / "b.svg"])
    assert result.code == 1 and "--strict" in result.err and "not fetched" in result.err
    assert not (tmp_path / "b.svg").exists()


@pytest.mark.parametrize("example", sorted((Path(__file__).parent.parent / "examples").glob("*.md")))
def test_examples_render_without_any_warning(cli, tmp_path: Path, example: Path):
    result = cli(["render", example, "--strict", "-o", tmp_path / "x.svg"])
    assert result.code == 0 and result.err == "", result.err
