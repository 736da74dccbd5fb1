"""The gallery in a real headless browser: Debian's chromium, driven by Playwright.

Pages load from file:// (and once from a local HTTP server, as a static host serves them) with
no console errors, every image decodes, the filter box and the tag chips narrow the grid.
Screenshots of the gallery of examples/ go to $TREEMIND_SCREENSHOTS (default
build/screenshots/; CI keeps them as artifacts, docs/images/ holds the README's copies).

Nothing here is skipped: without Playwright or chromium these tests fail with the install
command; deselect them with `-m "not browser"` on a machine that lacks them.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_gallery import GROUPS, LABELS, build_site

from treemind_render.app.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]  # fmt: skip
ALL_DECODED = "() => [...document.images].every(i => i.complete)"
WIDTHS = "() => [...document.images].map(i => [i.getAttribute('src'), i.naturalWidth])"
VISIBLE_CARDS = "() => [...document.querySelectorAll('.card')].filter(c => c.offsetParent !== null).length"

pytestmark = [pytest.mark.browser, pytest.mark.graphviz]


def _chromium() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("no chromium: install it with `apt-get install chromium` (sh scripts/setup.sh test does)")
    return found


@pytest.fixture(scope="module")
def browser(site: Path, examples_site: Path) -> Iterator[Any]:
    """One chromium for the module, started after the sites are built (their worker processes
    are forked, which is best done before Playwright starts its own threads)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: pip install -e '.[test]' (no `playwright install` needed)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=_chromium(), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("gallery"))


@pytest.fixture(scope="module")
def examples_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("examples") / "site"
    assert main(["gallery", str(ROOT / "examples"), "-o", str(site), "-q", "-j", "2"]) == 0
    return site


def screenshots() -> Path:
    folder = Path(os.environ.get("TREEMIND_SCREENSHOTS") or ROOT / "build" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Visit:
    """A page opened in a fresh context, with every console error and page error kept."""

    def __init__(self, browser: Any, url: str, **context: Any) -> None:
        self.context = browser.new_context(**{"viewport": {"width": 1280, "height": 860}, **context})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        self.open(url)

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="load")
        self.page.wait_for_function(ALL_DECODED)

    def check_images(self) -> int:
        widths = self.page.evaluate(WIDTHS)
        assert widths and all(w > 0 for _, w in widths), widths
        return len(widths)

    def __enter__(self) -> Visit:
        return self

    def __exit__(self, *exc: object) -> None:
        self.context.close()


def test_index_loads_clean_and_the_filter_and_chips_narrow_the_grid(browser: Any, site: Path) -> None:
    with Visit(browser, (site / "index.html").as_uri()) as v:
        page = v.page
        assert v.check_images() == 6
        assert page.evaluate(VISIBLE_CARDS) == 6
        assert page.is_visible("#filter")  # shown by the script; hidden without it
        page.fill("#filter", "bonsai")
        assert page.evaluate(VISIBLE_CARDS) == 1
        page.fill("#filter", "京都")
        assert page.evaluate(VISIBLE_CARDS) == 1
        page.fill("#filter", "nothing like this")
        assert page.evaluate(VISIBLE_CARDS) == 0 and page.is_visible("#empty")
        page.fill("#filter", "")
        page.click(".chip[data-tag='travel']")
        assert page.evaluate(VISIBLE_CARDS) == 3
        assert page.text_content("#count") == "3 of 6 maps"
        page.fill("#filter", "packing")
        assert page.evaluate(VISIBLE_CARDS) == 1
        page.fill("#filter", "")
        page.click(".chip[data-tag='']")
        assert page.evaluate(VISIBLE_CARDS) == 6
        assert v.errors == []


def test_index_without_script_shows_every_card(browser: Any, site: Path) -> None:
    with Visit(browser, (site / "index.html").as_uri(), java_script_enabled=False) as v:
        assert v.page.locator(".card").count() == 6
        assert not v.page.is_visible("#filter")


def test_map_pages_show_outline_and_link_their_group(browser: Any, site: Path) -> None:
    index = (site / "index.html").as_uri()
    with Visit(browser, index) as v:
        page = v.page
        for title, labels in LABELS.items():
            v.open(index)
            page.get_by_role("link", name=title, exact=True).click()
            page.wait_for_load_state("load")
            page.wait_for_function(ALL_DECODED)
            assert page.text_content("h1") == title
            assert v.check_images() >= 2  # the related thumbnails
            assert page.frame_locator("iframe.map").locator("#tm-view g.node").count() >= len(labels)
            outline = page.inner_text(".outline")
            assert all(label in outline for label in labels), (title, outline)
            related = page.locator(".strip .name").all_inner_texts()
            group = next(g for g in GROUPS.values() if title in g)
            assert set(related[:2]) == set(group) - {title}
        related_link = page.locator(".strip a").first
        name = related_link.locator(".name").inner_text()
        related_link.click()
        page.wait_for_load_state("load")
        assert page.text_content("h1") == name
        page.locator(".facts a.tag").first.click()  # a map's tag opens the index filtered by it
        page.wait_for_load_state("load")
        assert page.evaluate(VISIBLE_CARDS) == 3
        assert page.get_attribute(".chip[aria-pressed=true]", "data-tag") in GROUPS
        assert v.errors == []


def test_the_map_page_frames_the_interactive_map_which_folds(browser: Any, site: Path) -> None:
    page_url = (site / "maps" / "packing-list.html").as_uri()
    with Visit(browser, page_url) as v:
        frame = v.page.frame_locator("iframe.map")
        before = frame.locator("#tm-view g.node").count()
        frame.locator("#tm-view g.node[aria-expanded=true]").first.press("Enter")
        frame.locator("#tm-view g.node[aria-expanded=false]").wait_for()
        assert frame.locator("#tm-view g.node").count() < before
        assert v.errors == []
    with Visit(browser, page_url, java_script_enabled=False) as v:  # the map is there without script
        assert v.page.frame_locator("iframe.map").locator("#tm-view g.node").count() == before


def test_dark_visitors_get_the_dark_style(browser: Any, site: Path) -> None:
    with Visit(browser, (site / "index.html").as_uri(), color_scheme="dark") as v:
        background = v.page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(17, 20, 24)"
        assert v.errors == []


def test_served_by_a_static_host(browser: Any, site: Path) -> None:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        with Visit(browser, f"{base}/index.html") as v:
            v.check_images()
            v.open(f"{base}/maps/budget-travel-script-alert-x-script-tips.html")
            v.check_images()
            assert "<script>" in v.page.text_content("h1")  # shown as text, never run
            assert v.errors == []  # the favicon too: a missing one is a 404 in the console
    finally:
        server.shutdown()
        thread.join()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


def test_examples_gallery_in_the_browser_with_screenshots(browser: Any, examples_site: Path) -> None:
    out = screenshots()
    with Visit(browser, (examples_site / "index.html").as_uri()) as v:
        count = v.check_images()
        v.page.screenshot(path=str(out / "gallery-index.png"))
        title = v.page.locator(".card h2").first.inner_text()
        v.page.fill("#filter", title)
        assert 1 <= v.page.evaluate(VISIBLE_CARDS) < max(count, 2)
        v.page.fill("#filter", "")
        v.page.get_by_role("link", name="Product launch plan", exact=True).click()
        v.page.wait_for_load_state("load")
        v.page.wait_for_function(ALL_DECODED)
        v.check_images()
        v.page.screenshot(path=str(out / "gallery-map.png"))
        assert v.errors == []
