"""CSS colours wherever treemind takes a colour: outline attributes, themes, --background."""

from __future__ import annotations

from pathlib import Path

import pytest

from treemind_render.colors import parse_color

pytestmark = pytest.mark.graphviz


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("#C0392B", "#c0392b"),
        ("#abc", "#aabbcc"),
        ("darkgreen", "#006400"),
        ("RebeccaPurple", "#663399"),
        ("rgb(1,2,3)", "#010203"),
        ("rgb(1 2 3)", "#010203"),
        ("rgb(100%, 0%, 0%)", "#ff0000"),
        ("hsl(120, 50%, 50%)", "#40bf40"),
        ("hwb(240 0% 0%)", "#0000ff"),
        ("#ff000080", None),  # transparency: not drawable as a fill here
        ("transparent", None),
        ("currentcolor", None),
        ("lab(50% 40 59.5)", None),
        ("nope", None),
        ("#12", None),
    ],
)
def test_every_css_colour_form(value: str, expected: str | None) -> None:
    assert parse_color(value) == expected


def test_outline_colours_in_any_css_form_are_drawn_and_a_bad_one_warns(cli, tmp_path: Path) -> None:
    src = tmp_path / "map.md"
    src.write_text(
        "# Map\n- A {color=rgb(1, 2, 3)}\n- B {color=darkgreen}\n"
        "- C {fill=rebeccapurple}\n- D {color=nope}\n",
        encoding="utf-8",
    )
    result = cli(["render", src, "-o", "-"])
    assert result.code == 0, result.err
    svg = result.out.decode()
    assert "#010203" in svg and "#006400" in svg and "#663399" in svg
    assert result.err.strip() == (
        f"treemind: warning: {src}: line 5: color=nope is not a CSS colour: a name like darkgreen, #rgb,"
        " #rrggbb, rgb(), hsl() or hwb(); ignored"
    )
    strict = cli(["render", src, "--strict", "-o", tmp_path / "map.svg"])
    assert strict.code == 1 and "color=nope is not a CSS colour" in strict.err
    assert not (tmp_path / "map.svg").exists()


def test_a_theme_palette_and_the_background_take_css_names(cli, tmp_path: Path) -> None:
    theme = tmp_path / "t.yaml"
    theme.write_text('extends: default\npalette: [rebeccapurple, "hsl(200, 80%, 30%)"]\n', encoding="utf-8")
    src = tmp_path / "map.md"
    src.write_text("# Map\n- A\n- B\n", encoding="utf-8")
    result = cli(["render", src, "-t", theme, "-o", "-"])
    assert result.code == 0, result.err
    assert "#663399" in result.out.decode()
    png = cli(["render", src, "--background", "rgb(250, 240, 230)", "-o", tmp_path / "map.png"])
    assert png.code == 0, png.err
