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
