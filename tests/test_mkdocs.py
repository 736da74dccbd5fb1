"""Mind maps in Markdown tooling: the Python-Markdown extension, the superfences custom fence, and
the MkDocs plugin, with the minimal mkdocs.yml that docs/embed.md documents."""

from __future__ import annotations

import html as htmllib
import os
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from conftest import ROOT

from treemind_render.errors import OutlineError

pytestmark = pytest.mark.graphviz

PAGE = """\
# Home

```mindmap theme=dark
# Launch plan
- Goals
- Timeline
```

!!! note "Nested in an admonition, options unquoted"
    ```mindmap layout=right
    学习计划
      语言学习
      编程练习
    ```

=== "In a tab"

    ```mindmap theme=mono layout=down
    # Tabbed
    - one
    ```

=== "Another tab"

    Text.

- In a list item

    ```mindmap layout=left
    # Listed
    - item
    ```

```mindmap src=maps/plan.txt
```

```python
print("mindmap")
```
"""


def documented_config(first: str = "site_name: My docs") -> str:
    """A mkdocs.yml shown in docs/embed.md (the minimal one; the Material one)."""
    blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "docs" / "embed.md").read_text(encoding="utf-8"), re.S)
    return next(b for b in blocks if b.startswith(first))


def make_site(folder: Path, page: str = PAGE, config: str = "site_name: My docs") -> Path:
    (folder / ".git").mkdir()
    (folder / "docs" / "maps").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(documented_config(config), encoding="utf-8")
    (folder / "docs" / "index.md").write_text(page, encoding="utf-8")
    (folder / "docs" / "maps" / "plan.txt").write_text("Plan\n  Design\n  Build\n", encoding="utf-8")
    return folder


def mkdocs_build(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],  # not -q: it hides the warnings --strict counts
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def maps_in(html: str) -> list[str]:
    return re.findall(r'<div class="treemind-map"><svg[^>]*>\s*<title id="[^"]*">([^<]*)', html)


@pytest.mark.parametrize("config", ["site_name: My docs", "site_name: My Material docs"])
def test_mkdocs_site_shows_the_maps(tmp_path: Path, config: str) -> None:
    """Both documented mkdocs.yml (MkDocs' theme; Material with tabs), fences nested in an
    admonition, a content tab and a list item, with unquoted options."""
    site = make_site(tmp_path, config=config)
    built = mkdocs_build(site, "--strict")
    assert built.returncode == 0, built.stderr
    html = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert maps_in(html) == ["Launch plan", "学习计划", "Tabbed", "Listed", "Plan"]
    assert "language-mindmap" not in html and "```mindmap" not in html  # none left as code or text
    assert html.count("@font-face") >= 3  # portable SVG by default
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", html))  # highlighting splits the code into spans
    assert 'print("mindmap")' in text  # an ordinary code block stays one
    ids = re.findall(r'\bid="(tm[0-9a-f]{8}-[^"]+)"', html)
    assert ids and len(ids) == len(set(ids))  # five maps, no id twice on the page
    if "Material" in config:
        assert html.count('class="tabbed-set') == 1 and 'class="admonition note"' in html
        assert "[data-md-color-scheme=slate] .df-" in html  # slate palette: maps follow its toggle


def test_a_bad_fence_warns_with_page_and_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, "# Home\n\ntext\n\n```mindmap colour=red\nA\n```\n")
    strict = mkdocs_build(site, "--strict")
    assert strict.returncode != 0
    assert "index.md:5: mindmap fence: unknown option 'colour'" in strict.stderr
    assert mkdocs_build(site).returncode == 0
    html = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert 'class="treemind-error">index.md:5: mindmap fence: unknown option' in html  # docs-relative
    assert str(tmp_path) not in html


def test_a_fence_left_undrawn_fails_a_strict_build(tmp_path: Path) -> None:
    """A fence inside raw HTML is not a fence to CommonMark: md_in_html shows it as code, and
    the build says so instead of publishing the outline as code."""
    page = "# Home\n\n<div markdown>\n```mindmap theme=dark\n# Hidden\n- a\n```\n</div>\n"
    site = make_site(tmp_path, page)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  - md_in_html\n", encoding="utf-8")
    strict = mkdocs_build(site, "--strict")
    assert strict.returncode != 0
    assert "treemind: index.md: a mindmap fence was not drawn" in strict.stderr, strict.stderr


def test_markdown_extension() -> None:
    text = "Intro\n\n```mindmap\n# Trip\n- Before\n- After\n```\n\n```mindmap theme=mono\nA\n```\n"
    html = markdown.markdown(
        text, extensions=["treemind"], extension_configs={"treemind": {"embed_fonts": False}}
    )
    assert html.startswith("<p>Intro</p>")
    assert len(re.findall(r'<div class="treemind-map"><svg', html)) == 2
    assert "@font-face" not in html
    with pytest.raises(OutlineError, match="unknown layout 'sideways'"):
        markdown.markdown("```mindmap layout=sideways\nA\n```\n", extensions=["treemind"])


def test_markdown_extension_with_superfences_and_tabs() -> None:
    """The documented Python-Markdown set-up: treemind before superfences; nested, unquoted."""
    text = (
        "!!! note\n    ```mindmap layout=right\n    # Noted\n    - a\n    ```\n\n"
        '=== "Tab"\n\n    ```mindmap theme=dark\n    # Tabbed\n    - b\n    ```\n\n'
        '```python\nprint("```mindmap")\n```\n'
    )
    extensions = ["treemind", "admonition", "pymdownx.superfences", "pymdownx.tabbed"]
    html = markdown.markdown(
        text, extensions=extensions, extension_configs={"treemind": {"embed_fonts": False}}
    )
    assert re.findall(r'<div class="treemind-map"><svg[^>]*>\s*<title id="[^"]*">([^<]*)', html) == [
        "Noted",
        "Tabbed",
    ]
    assert 'class="admonition note"' in html and 'class="tabbed-set' in html


def test_superfences_custom_fence() -> None:
    """The custom fence of earlier versions (quoted options only) still works."""
    from pymdownx.superfences import SuperFencesException

    from treemind_render.integrations.markdown_ext import fence_format, fence_validator

    fence = {"name": "mindmap", "class": "mindmap", "format": fence_format, "validator": fence_validator}
    configs = {"pymdownx.superfences": {"custom_fences": [fence]}}
    text = '```mindmap theme="dark" unfold\n# Plan\n- a\n```\n'
    html = markdown.markdown(text, extensions=["pymdownx.superfences"], extension_configs=configs)
    assert '<div class="treemind-map"><svg' in html and "Plan" in html
    with pytest.raises(SuperFencesException, match="unknown option 'colour'"):
        markdown.markdown('```mindmap colour="red"\nA\n```\n', extensions=["pymdownx.superfences"],
                          extension_configs=configs)  # fmt: skip


@pytest.mark.browser
def test_the_maps_are_drawn_in_a_browser(tmp_path: Path) -> None:
    from test_fontembed import ARGS, _chromium

    site = make_site(tmp_path, config="site_name: My Material docs")
    assert mkdocs_build(site).returncode == 0
    from playwright.sync_api import sync_playwright

    # the last map names no theme (the first one asks for dark)
    background = (
        "() => getComputedStyle([...document.querySelectorAll('.treemind-map [id$=-background]')].pop()).fill"
    )
    scheme = "s => document.body.setAttribute('data-md-color-scheme', s)"  # what Material's toggle does

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            # the MkDocs theme links highlight.js from a CDN: nothing leaves this machine
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())  # fmt: skip
            page.goto((site / "site" / "index.html").as_uri())
            boxes = [svg.bounding_box() for svg in page.locator(".treemind-map svg").all()]
            inked = page.locator(".treemind-map svg").first.screenshot()
            fills = []
            for name in ("slate", "default"):
                page.evaluate(scheme, name)
                fills.append(page.evaluate(background))
        finally:
            browser.close()
    assert len(boxes) == 5 and all(b and b["width"] > 150 and b["height"] > 50 for b in boxes)
    assert len(inked) > 2000  # a drawn map, not an empty box
    assert fills == ["rgb(17, 20, 24)", "rgb(255, 255, 255)"]  # the maps follow Material's toggle


def test_fence_pictures_are_drawn_and_a_refused_one_fails_a_strict_build(tmp_path: Path) -> None:
    from PIL import Image

    page = "# Home\n\n```mindmap\n# Trip\n- ![beach](img/p.png)\n- ![web](https://example.com/x.png)\n```\n"
    site = make_site(tmp_path, page)
    (site / "docs" / "img").mkdir()
    Image.new("RGB", (30, 20), (255, 0, 0)).save(site / "docs" / "img" / "p.png")
    strict = mkdocs_build(site, "--strict")
    assert strict.returncode != 0
    assert "index.md:3: mindmap fence: line 3: picture 'https://example.com/x.png' not drawn" in strict.stderr
    assert mkdocs_build(site).returncode == 0
    html = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert html.count("<image ") == 1 and 'href="data:image/png;base64,' in html
