"""Colours from the outline are kept when readable, else the text colour is adjusted to WCAG AA."""

from __future__ import annotations

from pathlib import Path

import pytest

from treemind_render.colors import AA, contrast, readable

SOURCE = "# Colours\n- Blue on blue {fill=#2e86de text=#4b70ff}\n- Fine {fill=#ffffff text=#1f2328}\n"


@pytest.mark.parametrize(
    ("text", "fill"),
    [("#4b70ff", "#2e86de"), ("#ffffff", "#ffcc00"), ("#777777", "#808080"), ("#000000", "#000000")],
)
def test_readable_reaches_aa_and_keeps_readable_colours(text: str, fill: str) -> None:
    fixed = readable(text, fill)
    assert contrast(fixed, fill) >= AA
    assert readable(fixed, fill) == fixed
    assert readable("#1f2328", "#ffffff") == "#1f2328"


def test_unreadable_input_colours_are_adjusted_with_a_warning(cli, tmp_path: Path) -> None:
    source = tmp_path / "c.md"
    source.write_text(SOURCE, encoding="utf-8")
    result = cli(["render", source, "-o", tmp_path / "c.svg"])
    assert result.code == 0
    assert (
        "line 2: 'Blue on blue': text #4b70ff on #2e86de has contrast 1.1:1, drawn in #0f1633" in result.err
    )
    assert "Fine" not in result.err
    svg = (tmp_path / "c.svg").read_text("utf-8")
    assert 'fill="#0f1633"' in svg and 'fill="#1f2328"' in svg


def test_strict_fails_on_unreadable_input_colours(cli, tmp_path: Path) -> None:
    source = tmp_path / "c.md"
    source.write_text(SOURCE, encoding="utf-8")
    result = cli(["render", source, "-o", tmp_path / "c.svg", "--strict"])
    assert result.code == 1 and "WCAG AA" in result.err and "--strict" in result.err
    assert not (tmp_path / "c.svg").exists()


def _xmind(title: str, properties: dict[str, str]) -> bytes:
    import io
    import json
    import zipfile

    root = {"id": "r", "title": "Map", "children": {"attached": [{"id": "a", "title": title,
            "style": {"properties": properties}}]}}  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.json", json.dumps([{"id": "s", "title": "Sheet", "rootTopic": root}]))
    return buffer.getvalue()


# Each input format's own way of colouring a topic, with the pairs issue 17 saw: #4b70ff text on
# a blue fill (1.1:1), and a yellow fill under the theme's white text (business, 1.5:1).
FORMATS = {
    "freemind": ("c.mm", '<map><node TEXT="Map"><node TEXT="Blue" COLOR="#4b70ff"'
                         ' BACKGROUND_COLOR="#2e86de"/></node></map>'),
    "xmind": ("c.xmind", _xmind("Blue", {"svg:fill": "#2e86de", "fo:color": "#4b70ff"})),
    "plantuml": ("c.puml", "@startmindmap\n* Map\n**[#ffcc00] Blue\n@endmindmap\n"),
    "markdown": ("c.md", "# Map\n- Blue {fill=#2e86de text=#4b70ff}\n"),
    "json": ("c.json", '{"text": "Map", "children": [{"text": "Blue",'
                       ' "style": {"fill": "#2e86de", "color": "#4b70ff"}}]}'),
    "yaml": ("c.yaml", "text: Map\nchildren:\n  - text: Blue\n"
                       "    style: {background: '#2e86de', textColor: '#4b70ff'}\n"),
}  # fmt: skip


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_s_unreadable_colours_are_made_readable(cli, tmp_path: Path, fmt: str) -> None:
    """Item 8 of issue 17 through each format's reader: the drawn pair reaches AA, a warning
    names the node, and --strict fails."""
    import re

    name, body = FORMATS[fmt]
    source = tmp_path / name
    source.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    result = cli(["render", source, "-o", tmp_path / "c.svg", "-t", "business", "--no-cache"])
    assert result.code == 0, result.err
    assert "'Blue'" in result.err and "WCAG AA" in result.err, result.err
    svg = (tmp_path / "c.svg").read_text("utf-8")
    group = svg[svg.index("<title>Blue</title>") :]
    fill = re.search(r'<(?:path|polygon|rect)[^>]*fill="(#[0-9a-f]{6})"', group)
    text = re.search(r'<text[^>]*fill="(#[0-9a-f]{6})"', group)
    assert fill and text
    assert contrast(text.group(1), fill.group(1)) >= AA, (text.group(1), fill.group(1))
    strict = cli(["render", source, "-o", tmp_path / "s.svg", "-t", "business", "--no-cache", "--strict"])
    assert strict.code == 1 and not (tmp_path / "s.svg").exists()
