"""Hardening: the last SVG pass, the rasteriser that fetches nothing, limits and --strict."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring

from treemind_render.errors import RenderError
from treemind_render.export import rasterise
from treemind_render.svg import allow_only_our_markup

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
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="20pt" height="20pt"><image xlink:href="file://{secret}" width="10" height="10"/></svg>'
    ).encode()
    try:
        png = rasterise(svg, "png")
    except RenderError as exc:
        assert "never fetches" in str(exc) or "cannot convert" in str(exc)
    else:
        assert png.startswith(b"\x89PNG")  # drawn without the image: nothing was read


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
