"""PlantUML's `<#colour:emoji:>`: an emoji with a one-colour (text) form is drawn in that
colour in SVG, PNG and PDF; one that exists only as a colour picture keeps its own colours."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.graphviz, pytest.mark.fonts]

SOURCE = (
    "@startmindmap\n* Status\n** Tests <#red:heavy_check_mark:> pass\n** Ship <#blue:rocket:>\n@endmindmap\n"
)


def _render(cli, tmp_path: Path, fmt: str, *args: str) -> tuple[bytes, str]:
    src = tmp_path / "status.puml"
    src.write_text(SOURCE, encoding="utf-8")
    out = tmp_path / f"status.{fmt}"
    result = cli(["render", src, "-o", out, "-t", "mono", "--no-cache", *args])
    assert result.code == 0, result.err
    return out.read_bytes(), result.err


def test_svg_draws_the_check_mark_in_its_colour_from_a_one_colour_font(cli, tmp_path: Path) -> None:
    svg, err = _render(cli, tmp_path, "svg")
    tint = re.search(rb"<tspan([^>]*)>\xe2\x9c\x94</tspan>", svg)  # U+2714, without U+FE0F
    assert tint is not None, svg
    assert b'fill="#ff0000"' in tint.group(1) and b"Color Emoji" not in tint.group(1)
    rocket = re.search(rb"<tspan([^>]*)>\xf0\x9f\x9a\x80</tspan>", svg)
    assert rocket is not None and b"Noto Color Emoji" in rocket.group(1)
    assert b"fill=" not in rocket.group(1)  # a colour picture keeps its colours
    assert err == ""  # red on mono's white box is readable (4.0:1 >= 3:1 for symbols)


def test_png_and_pdf_draw_it_red(cli, tmp_path: Path) -> None:
    image = pytest.importorskip("PIL.Image")
    png, _ = _render(cli, tmp_path, "png", "--scale", "2")
    with image.open(io.BytesIO(png)) as picture:
        data = picture.convert("RGB").tobytes()
    red = sum(1 for k in range(0, len(data), 3) if data[k] > 200 and data[k + 1] < 60 and data[k + 2] < 60)
    assert red > 40  # the check mark's strokes; mono draws nothing else red
    pdf, _ = _render(cli, tmp_path, "pdf")
    pypdf = pytest.importorskip("pypdf")
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert re.search(rb"(^|\s)1 0 0 rg", page.get_contents().get_data())  # filled in pure red


def test_an_unreadable_colour_is_adjusted_with_a_warning(cli, tmp_path: Path) -> None:
    src = tmp_path / "red.puml"
    src.write_text("@startmindmap\n*[#e74c3c] Box <#red:heavy_check_mark:>\n@endmindmap\n", encoding="utf-8")
    result = cli(["render", src, "-o", tmp_path / "red.svg", "--no-cache"])
    assert result.code == 0
    assert "#ff0000 on #e74c3c has contrast 1.0:1, drawn in #" in result.err
    strict = cli(["render", src, "-o", tmp_path / "strict.svg", "--no-cache", "--strict"])
    assert strict.code == 1 and not (tmp_path / "strict.svg").exists()


def test_creole_color_tags_colour_their_text_readably(cli, tmp_path: Path) -> None:
    """`<color:red>…</color>` (PlantUML creole) colours its text; text needs 4.5:1 (WCAG AA),
    so red on the dark root box is lightened, with a warning; a readable colour is kept as
    written; an unknown colour keeps the theme's; a tinted emoji inside keeps its own colour
    and the symbols' 3:1."""
    src = tmp_path / "c.puml"
    src.write_text(
        "@startmindmap\n* Root <color:red>red <#ffd700:heavy_check_mark:></color>\n"
        "**[#ffffff] <color:#006400>green</color> <color:nosuch>plain</color>\n@endmindmap\n",
        encoding="utf-8",
    )
    result = cli(["render", src, "-o", tmp_path / "c.svg", "--no-cache"])
    assert result.code == 0
    svg = (tmp_path / "c.svg").read_text("utf-8")
    assert "'Root red ✔': #ff0000 on #1f2a44 has contrast 3.6:1, drawn in #" in result.err
    assert result.err.count("has contrast") == 1, result.err  # gold on navy and dark green on white read
    assert re.search(r'<tspan[^>]*fill="#ffd700"[^>]*>✔</tspan>', svg)
    assert re.search(r'fill="#006400"[^>]*>(<tspan[^>]*>)?green</tspan>', svg)  # on <text> or <tspan>
    plain = re.search(r"<tspan([^>]*)> plain</tspan>", svg)
    assert plain is not None and "#006400" not in plain.group(1)
