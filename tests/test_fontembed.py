"""Portable SVG (`--embed-fonts`): the SVG carries subsets of its fonts and looks the same in a
browser that has none of them: headless Chromium with fontconfig pointed at a Latin-only font
folder draws the Chinese labels, not boxes.

The browser tests use Debian's chromium through Playwright (no `playwright install`); they are
not skipped in CI, where sh scripts/setup.sh test installs chromium.
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from PIL import Image, ImageChops, ImageFilter

from treemind_render.draw.fontembed import embed_fonts
from treemind_render.draw.stamp import read_stamp

pytestmark = [pytest.mark.graphviz, pytest.mark.fonts]

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]  # fmt: skip
# Plain ideographs: no CJK punctuation, which a browser kerns with the installed font's features.
CHINESE = """\
# 学习计划
## 语言学习
- 每天背诵单词
- 阅读原版小说
## 编程练习
- **数据结构**
- 算法题目
## 运动健康
- 每周跑步三次
"""
FACE = re.compile(r'@font-face\{font-family:"(tm-[0-9a-f]{10})";font-weight:(\d+);font-style:(\w+);'
                  r'src:url\(data:font/(woff2?);base64,([A-Za-z0-9+/=]+)\)')  # fmt: skip


def render_svg(cli, source: Path, *args: str) -> bytes:
    result = cli(["render", source, "-f", "svg", "-o", "-", *args])
    assert result.code == 0, result.err
    return result.out


@pytest.fixture
def chinese(tmp_path: Path) -> Path:
    path = tmp_path / "学习计划.md"
    path.write_text(CHINESE, encoding="utf-8")
    return path


def drawn_text(svg: bytes) -> str:
    body = svg.decode("utf-8").split("</desc>", 1)[-1]
    texts = re.findall(r"<text\b[^>]*>(.*?)</text>", body, re.S)
    return re.sub(r"<[^>]+>", "", "".join(texts))


def test_svg_carries_subsets_of_its_fonts(cli, chinese: Path) -> None:
    from fontTools.ttLib import TTFont

    plain, svg = render_svg(cli, chinese), render_svg(cli, chinese, "--embed-fonts")
    faces = FACE.findall(svg.decode("utf-8"))
    assert {(w, s, flavor) for _, w, s, flavor, _ in faces} == {
        ("400", "normal", "woff2"),
        ("700", "normal", "woff2"),
    }
    covered: set[int] = set()
    for *_, data in faces:
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        covered |= set(font.getBestCmap())
        assert font["maxp"].numGlyphs < 100  # a subset, not the 65,000 glyphs of Noto Sans CJK
    assert {ord(c) for c in drawn_text(plain) if not c.isspace()} <= covered
    alias = faces[0][0]
    assert re.search(rf'\[font-family="Noto Sans CJK SC, sans-serif"\]\{{font-family:"{alias}"', svg.decode())
    unstamped = re.compile(rb' data-hash="[0-9a-f]{64}"')  # the stamp hashes the options too
    assert unstamped.sub(b"", embed_fonts(plain)) == unstamped.sub(b"", svg)  # same bytes every time
    assert render_svg(cli, chinese, "--embed-fonts") == svg


def test_png_and_stamps_do_not_change(cli, chinese: Path, tmp_path: Path) -> None:
    """cairosvg (PNG, PDF) keeps drawing with the installed fonts; the stamp stays readable."""
    out = tmp_path / "out"
    assert cli(["render", chinese, "-f", "svg,png", "--out-dir", out, "--embed-fonts"]).code == 0
    svg, png = out / "学习计划.svg", out / "学习计划.png"
    assert read_stamp("svg", svg) and b"@font-face" in svg.read_bytes()
    assert cli(["render", chinese, "-f", "svg,png", "--out-dir", out, "--embed-fonts", "--check"]).code == 0
    assert cli(["render", chinese, "-f", "svg,png", "--out-dir", out, "--check"]).code == 1
    plain = cli(["render", chinese, "-f", "png", "-o", "-"]).out
    with Image.open(png) as a, Image.open(io.BytesIO(plain)) as b:
        assert ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None


def test_a_typical_chinese_map_stays_small(cli, request: pytest.FixtureRequest) -> None:
    source = ROOT / "examples" / "新媒体运营.md"  # ~400 different characters, regular and bold
    plain, svg = render_svg(cli, source), render_svg(cli, source, "--embed-fonts")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"{source.name}: SVG {len(plain):,} bytes; with fonts embedded {len(svg):,} bytes"
        )
    assert len(svg) < 300_000


def test_svg_without_text_fonts_is_unchanged() -> None:
    svg = b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>\n'
    assert embed_fonts(svg) == svg


# --- in a browser without the fonts ---------------------------------------------------------


def _chromium() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("no chromium: install it with `apt-get install chromium` (sh scripts/setup.sh test does)")
    return found


def latin_only_fontconfig(folder: Path) -> Path:
    """A fonts.conf whose only font is a Latin one (DejaVu Sans when there): no CJK at all."""
    from fontTools.ttLib import TTFont

    fonts = folder / "fonts"
    fonts.mkdir(parents=True)
    found = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True)
    path = Path(found.stdout.strip())
    if path.suffix.lower() == ".ttf" and ord("中") not in (TTFont(path).getBestCmap() or {}):
        shutil.copy(path, fonts / path.name)
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{fonts}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>\n"
    )
    return conf


def screenshot(svg: Path, fontconfig: Path | None = None) -> Image.Image:
    """The SVG shown through <img> in a page, by a chromium started with this fontconfig."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: pip install -e '.[test]' (no `playwright install` needed)")
    page_file = svg.with_suffix(".html")
    page_file.write_text(f'<!doctype html><body style="margin:0;background:#fff"><img src="{svg.name}">')
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig)} if fontconfig else None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=ARGS, env=env)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.goto(page_file.as_uri())
            page.wait_for_function("document.images[0].complete && document.images[0].naturalWidth > 0")
            shot = _settled(page)
        finally:
            browser.close()
    return Image.open(io.BytesIO(shot)).convert("L")


def _settled(page: Any) -> bytes:
    """A screenshot once two in a row agree (web fonts inside an <img> load on their own time)."""
    shot = b""
    for _ in range(20):
        page.wait_for_timeout(150)
        previous, shot = shot, page.screenshot(clip=_clip(page))
        if shot == previous:
            break
    return shot


def _clip(page: Any) -> dict[str, float]:
    box = page.locator("img").bounding_box()
    return {"x": 0, "y": 0, "width": box["width"], "height": box["height"]}


def differing(a: Image.Image, b: Image.Image) -> float:
    """The share of pixels that differ, after a blur that evens out anti-aliasing and hinting
    (the system font is hinted, the subset is not) but not a box drawn instead of a glyph."""
    assert a.size == b.size
    blurred = [image.filter(ImageFilter.GaussianBlur(2)) for image in (a, b)]
    diff = ImageChops.difference(*blurred).point(lambda v: 255 if v > 48 else 0)
    return diff.histogram()[255] / (a.size[0] * a.size[1])


@pytest.fixture
def shots(cli, chinese: Path, tmp_path: Path) -> Iterator[dict[str, Image.Image]]:
    plain, portable = tmp_path / "plain.svg", tmp_path / "portable.svg"
    plain.write_bytes(render_svg(cli, chinese))
    portable.write_bytes(render_svg(cli, chinese, "--embed-fonts"))
    latin = latin_only_fontconfig(tmp_path / "latin")
    yield {
        "installed": screenshot(plain),
        "portable_without_cjk": screenshot(portable, latin),
        "plain_without_cjk": screenshot(plain, latin),
    }


@pytest.mark.browser
def test_chinese_shows_in_a_browser_without_cjk_fonts(shots: dict[str, Image.Image]) -> None:
    installed, portable, plain = shots["installed"], shots["portable_without_cjk"], shots["plain_without_cjk"]
    folder = Path(os.environ.get("TREEMIND_SCREENSHOTS") or ROOT / "build" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    for name, image in shots.items():
        image.save(folder / f"fontembed-{name}.png")
    assert differing(plain, installed) > 0.01  # without the fonts, the labels are boxes
    assert differing(portable, installed) < 0.002  # with them embedded, what the fonts draw
    assert differing(portable, plain) > 0.01


def test_a_font_that_cannot_be_subset_is_left_out_not_a_crash(cli, chinese: Path, monkeypatch) -> None:
    """A font file damaged after fontconfig indexed it: that face is not embedded (the viewer's
    own fonts draw the text), and the SVG is still written."""
    from treemind_render.draw import fontembed

    def damaged(*args: object) -> bytes:
        raise ValueError("unexpected end of 'cmap' table data")

    monkeypatch.setattr(fontembed, "_subset", damaged)
    svg = render_svg(cli, chinese, "--embed-fonts")
    assert not FACE.findall(svg.decode("utf-8"))
    assert "Noto Sans CJK SC" in svg.decode("utf-8")
