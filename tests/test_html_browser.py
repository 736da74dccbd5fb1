"""The interactive map (`-f html`), `-t auto` and `treemind serve` in a real headless chromium.

Like the gallery's browser tests: Debian's chromium driven by Playwright, nothing skipped.
Screenshots go to $TREEMIND_SCREENSHOTS (default build/screenshots/).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_gallery_browser import ARGS, _chromium, screenshots

from treemind_render.app.cli import main

pytestmark = [pytest.mark.browser, pytest.mark.graphviz]

OUTLINE = """# Coffee 咖啡
## Beans
- Arabica
- Robusta
- Liberica
- Excelsa
## Brewing
- Pour-over 手冲
- Espresso
## Origins
- Ethiopia
- Colombia
"""
VIEWBOX = "() => document.querySelector('#tm-view svg').getAttribute('viewBox').split(' ').map(Number)"
CSP_WATCH = "document.addEventListener('securitypolicyviolation', e => (window.__csp = window.__csp || [])" \
    ".push(e.violatedDirective + ' ' + e.blockedURI))"  # fmt: skip
# WCAG contrast of every label on what is behind it: its box's fill, else the map's background.
CONTRAST = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const lum = c => {
    const v = rgb(c).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const solid = el => {
    const f = getComputedStyle(el).fill;
    return f && f !== 'none' && f !== 'transparent' && !/, 0\\)$/.test(f) ? f : null;
  };
  const page = getComputedStyle(document.querySelector('#background')).fill;
  const out = [];
  for (const g of document.querySelectorAll('g.node')) {
    const shape = [...g.children].find(c => ['path', 'polygon', 'rect', 'ellipse'].includes(c.tagName) &&
      !c.classList.contains('tm-halo') && !c.classList.contains('code') && solid(c));
    const back = shape ? solid(shape) : page;
    for (const t of g.querySelectorAll('text, tspan')) {
      out.push([g.id, ratio(getComputedStyle(t).fill, back)]);
    }
  }
  return [page, out];
}"""


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html")
    (folder / "coffee.md").write_text(OUTLINE, "utf-8")
    out = {"html": folder / "coffee.html", "svg": folder / "coffee.svg", "md": folder / "coffee.md"}
    assert (
        main(["render", str(folder / "coffee.md"), "-l", "right", "-f", "html", "-o", str(out["html"]), "-q"])
        == 0
    )
    assert main(["render", str(folder / "coffee.md"), "-t", "auto", "-o", str(out["svg"]), "-q"]) == 0
    (folder / "img.html").write_text('<!doctype html><body style="margin:0"><img src="coffee.svg">', "utf-8")
    out["img"] = folder / "img.html"
    return out


@pytest.fixture(scope="module")
def browser(files: dict[str, Path]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=_chromium(), args=ARGS)
        yield chromium
        chromium.close()


class Page:
    """A page with its console errors, CSP violations and every request that is not local."""

    def __init__(self, browser: Any, url: str, **context: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1100, "height": 700}, **context)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.add_init_script(CSP_WATCH)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        local = ("file:", "data:", "http://127.0.0.1:")
        self.page.on("request", lambda r: None if r.url.startswith(local) else self.requests.append(r.url))
        self.page.goto(url, wait_until="load")

    def clean(self) -> None:
        assert self.errors == [] and self.requests == []
        assert self.page.evaluate("window.__csp || []") == []

    def node(self, text: str) -> Any:
        return self.page.locator(f"#tm-view g.node[aria-label='{text}']")

    def box(self, text: str) -> dict[str, float]:
        return self.page.evaluate(
            "t => { const b = document.querySelector(`#tm-view g.node[aria-label='${t}']`).getBBox();"
            " return {y: b.y, bottom: b.y + b.height}; }",
            text,
        )

    def __enter__(self) -> Page:
        return self

    def __exit__(self, *exc: object) -> None:
        self.context.close()


def test_fold_closes_the_gap_search_finds_chinese_zoom_and_fit(browser: Any, files: dict[str, Path]) -> None:
    with Page(browser, files["html"].as_uri()) as v:
        page = v.page
        assert v.node("Arabica").count() == 1
        gap_open = v.box("Brewing")["y"] - v.box("Beans")["bottom"]
        height_open = page.evaluate("() => document.querySelector('#tm-view svg').getBBox().height")
        v.page.screenshot(path=str(screenshots() / "html-map-open.png"))
        v.node("Beans").press("Enter")  # keyboard folds; a click does the same
        page.wait_for_function("() => !document.querySelector(\"g.node[aria-label='Arabica']\")")
        assert v.node("Beans").get_attribute("aria-expanded") == "false"
        assert page.locator("#tm-view g.node").count() == 12 - 4  # the four beans are gone
        gap_folded = v.box("Brewing")["y"] - v.box("Beans")["bottom"]
        assert gap_folded < 30 < gap_open  # the branch's room is gone, not just its topics
        assert page.evaluate("() => document.querySelector('#tm-view svg').getBBox().height") < height_open
        v.page.screenshot(path=str(screenshots() / "html-map-folded.png"))
        v.node("Beans").click()
        page.wait_for_function("() => !!document.querySelector(\"g.node[aria-label='Arabica']\")")

        page.fill("#tm-search", "手冲")
        assert page.text_content("#tm-count") == "1 of 1"
        assert page.locator("#tm-view g.node.tm-hit").get_attribute("aria-label") == "Pour-over 手冲"
        assert page.locator(".tm-outline .tm-hit").inner_text() == "Pour-over 手冲"
        page.fill("#tm-search", "")

        page.click("#tm-fit")
        fitted = page.evaluate(VIEWBOX)
        page.click("#tm-in")
        assert page.evaluate(VIEWBOX)[2] == pytest.approx(fitted[2] / 1.25, rel=1e-3)
        page.mouse.move(500, 400)
        page.mouse.wheel(0, 400)  # wheel down zooms out around the pointer
        assert page.evaluate(VIEWBOX)[2] > fitted[2] / 1.25
        page.click("#tm-actual")  # 1 pt of the map = 4/3 CSS px
        view_width = page.evaluate("document.getElementById('tm-view').clientWidth")
        assert page.evaluate(VIEWBOX)[2] == pytest.approx(view_width * 0.75, rel=1e-3)
        page.click("#tm-fit")
        assert page.evaluate(VIEWBOX) == pytest.approx(fitted, rel=1e-3)
        v.clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_labels_pass_wcag_aa_in_both_schemes(browser: Any, files: dict[str, Path], scheme: str) -> None:
    with Page(browser, files["html"].as_uri(), color_scheme=scheme) as v:
        background, ratios = v.page.evaluate(CONTRAST)
        assert (background == "rgb(17, 20, 24)") == (scheme == "dark"), background
        assert ratios and min(r for _, r in ratios) >= 4.5, sorted(ratios, key=lambda r: r[1])[:3]
        if scheme == "light":  # the page's own toggle forces the dark scheme over the system's
            v.page.click("#tm-scheme")
            v.page.click("#tm-scheme")
            forced, ratios = v.page.evaluate(CONTRAST)
            assert forced == "rgb(17, 20, 24)" and min(r for _, r in ratios) >= 4.5
        v.clean()


def test_auto_svg_in_img_follows_the_colour_scheme(browser: Any, files: dict[str, Path]) -> None:
    corners = {}
    for scheme in ("light", "dark"):
        with Page(browser, files["img"].as_uri(), color_scheme=scheme) as v:
            v.page.wait_for_function(
                "() => document.images[0].complete && document.images[0].naturalWidth > 0"
            )
            shot = screenshots() / f"auto-svg-{scheme}.png"
            v.page.screenshot(path=str(shot))
            corners[scheme] = _pixel(shot, 3, 3)
            v.clean()
    assert corners["light"] == (255, 255, 255)
    assert corners["dark"] == (17, 20, 24)


def _pixel(png: Path, x: int, y: int) -> tuple[int, int, int]:
    from PIL import Image

    with Image.open(png) as image:
        return tuple(image.convert("RGB").getpixel((x, y)))  # type: ignore[return-value]


def test_serve_redraws_on_save_keeps_the_last_map_on_error_and_binds_loopback(
    browser: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "coffee.md").write_text(OUTLINE, "utf-8")
    (folder / "tea.md").write_text("# Tea\n- Green\n- Black\n", "utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "treemind_render", "serve", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        line = server.stdout.readline() if server.stdout else ""
        url = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert url, line
        assert _listening(int(url.group(1))) == {"127.0.0.1"}
        rebound = urllib.request.Request(url.group(0), headers={"Host": "rebound.example"})
        with pytest.raises(urllib.error.HTTPError) as refused:  # DNS rebinding gets nothing
            urllib.request.urlopen(rebound, timeout=10)
        assert refused.value.code == 403
        with Page(browser, url.group(0) + "m/coffee.md/") as v:
            page = v.page
            page.wait_for_selector("#tm-view g.node[aria-label='Arabica']")
            time.sleep(0.3)  # the event stream is open
            start = time.monotonic()
            (folder / "coffee.md").write_text(OUTLINE.replace("Arabica", "Arabica 阿拉比卡"), "utf-8")
            page.wait_for_selector("#tm-view g.node[aria-label='Arabica 阿拉比卡']", timeout=2000)
            assert time.monotonic() - start < 2.0
            (folder / "coffee.md").write_text("---\ntitle: [open\n---\n# Coffee\n", "utf-8")
            page.wait_for_selector("#tm-status.tm-error", timeout=2000)
            assert re.search(r"coffee\.md:2: ", page.text_content("#tm-status") or "")
            assert v.node("Arabica 阿拉比卡").count() == 1  # the last good map stays
            (folder / "coffee.md").write_text(OUTLINE, "utf-8")
            page.wait_for_selector("#tm-view g.node[aria-label='Arabica']", timeout=2000)
            assert page.is_hidden("#tm-status")
            v.clean()
    finally:
        server.terminate()
        server.wait(timeout=10)


def _listening(port: int) -> set[str]:
    """The local addresses a TCP port listens on, from /proc/net/tcp{,6} (Linux)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                if len(address) == 8:
                    found.add(".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)))
                else:
                    found.add("ipv6:" + address)
    return found
