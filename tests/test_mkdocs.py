"""Mind maps in Markdown tooling: the Python-Markdown extension, the superfences custom fence, and
the MkDocs plugin, with the minimal mkdocs.yml that docs/embed.md documents."""

from __future__ import annotations

import html as htmllib
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

!!! note "Nested in an admonition"
    ```mindmap layout="right"
    学习计划
      语言学习
      编程练习
    ```

```mindmap src=maps/plan.txt
```

```python
print("mindmap")
```
"""


def documented_config() -> str:
    """The minimal mkdocs.yml shown in docs/embed.md."""
    blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "docs" / "embed.md").read_text(encoding="utf-8"), re.S)
    return next(b for b in blocks if b.startswith("site_name:"))


def make_site(folder: Path, page: str = PAGE) -> Path:
    (folder / ".git").mkdir()
    (folder / "docs" / "maps").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(documented_config(), encoding="utf-8")
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
    )


def maps_in(html: str) -> list[str]:
    return re.findall(r'<div class="treemind-map"><svg[^>]*>\s*<title id="[^"]*">([^<]*)', html)


def test_mkdocs_site_shows_the_maps(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    built = mkdocs_build(site, "--strict")
    assert built.returncode == 0, built.stderr
    html = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert maps_in(html) == ["Launch plan", "学习计划", "Plan"]
    assert html.count("@font-face") >= 3  # portable SVG by default
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", html))  # highlighting splits the code into spans
    assert 'print("mindmap")' in text  # an ordinary code block stays one
    ids = re.findall(r'\bid="(tm[0-9a-f]{8}-[^"]+)"', html)
    assert ids and len(ids) == len(set(ids))  # three maps, no id twice on the page


def test_a_bad_fence_warns_with_page_and_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, "# Home\n\ntext\n\n```mindmap colour=red\nA\n```\n")
    strict = mkdocs_build(site, "--strict")
    assert strict.returncode != 0
    assert "index.md:5: mindmap fence: unknown option 'colour'" in strict.stderr
    assert mkdocs_build(site).returncode == 0
    html = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert 'class="treemind-error"' in html and "unknown option" in html


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


def test_superfences_custom_fence() -> None:
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

    site = make_site(tmp_path)
    assert mkdocs_build(site).returncode == 0
    from playwright.sync_api import sync_playwright

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
        finally:
            browser.close()
    assert len(boxes) == 3 and all(b and b["width"] > 150 and b["height"] > 50 for b in boxes)
    assert len(inked) > 2000  # a drawn map, not an empty box
