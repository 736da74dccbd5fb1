"""`-f html` pages, `-t auto` SVGs and `render --watch`, without a browser (tests/test_html_browser.py
drives the pages in chromium)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import EXAMPLES

from treemind_render.colors import contrast

pytestmark = pytest.mark.graphviz
Q = "{http://www.w3.org/2000/svg}"


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_html_page_is_self_contained_under_a_strict_csp(cli, tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    result = cli(["render", EXAMPLES[0], "-o", out])  # the format follows the suffix
    assert result.code == 0, result.err
    page = out.read_text("utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy
    csp = policy.group(1).replace("&#x27;", "'")
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    script = re.search(r"<script>(.*?)</script>", page, re.S)
    assert style and script
    assert f"style-src {_sha(style.group(1))};" in csp and f"script-src {_sha(script.group(1))};" in csp
    assert csp.startswith("default-src 'none';") and "connect-src 'none'" in csp and "unsafe" not in csp
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)  # nothing to fetch
    data = json.loads(
        re.search(r'<script type="application/json" id="tm-data">(.*?)</script>', page, re.S).group(1)
    )
    assert "" in data["frames"] and 1 < data["count"] <= 16
    assert all(k == "" or set(k.split(",")) <= set(data["nodes"]) for k in data["frames"])
    one = next(k for k in data["frames"] if k and "," not in k)  # a single fold: its topics are gone
    hidden = [n for n in data["nodes"] if n.startswith(one + "_")]
    assert hidden and not any(f'id="{n}"' in data["frames"][one] for n in hidden)


def _colours(svg: bytes) -> tuple[dict[str, str], ET.Element]:
    root = ET.fromstring(svg)
    style = root.find(f"{Q}style[@id='schemes']")
    assert style is not None and "@media (prefers-color-scheme:dark)" in (style.text or "")
    return dict(
        re.findall(r"\.(d[fs]-[0-9a-f]{6})\{(?:fill|stroke):(#[0-9a-f]{6})\}", style.text or "")
    ), root


def _fill(element: ET.Element, rules: dict[str, str], dark: bool) -> str | None:
    if dark:
        return next((rules[c] for c in element.get("class", "").split() if c.startswith("df-")), None)
    value = element.get("fill")
    return value if value and value.startswith("#") else None


@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_auto_svg_labels_pass_aa_in_both_schemes(cli, source: Path) -> None:
    result = cli(["render", source, "-t", "auto", "-o", "-"])
    assert result.code == 0, result.err
    rules, root = _colours(result.out)
    background = root.find(f".//{Q}polygon[@id='background']")
    for dark in (False, True):
        page = _fill(background, rules, dark)
        assert page == ("#111418" if dark else "#ffffff")
        for group in root.iter(f"{Q}g"):
            if "node" not in group.get("class", "").split():
                continue
            shapes = [e for e in group if e.tag.removeprefix(Q) in ("path", "polygon", "rect", "ellipse")]
            back = next(
                (
                    f
                    for e in shapes
                    if "code" not in e.get("class", "").split() and (f := _fill(e, rules, dark))
                ),
                page,
            )
            for text in group.iter(f"{Q}text"):
                ratio = contrast(_fill(text, rules, dark) or "#000000", back)
                assert ratio >= 4.5, (source.name, group.get("id"), dark, ratio)


def test_render_watch_redraws_on_save_and_keeps_the_output_on_error(tmp_path: Path) -> None:
    source, out = tmp_path / "notes.md", tmp_path / "notes.svg"
    source.write_text("# Notes\n- one\n", "utf-8")
    watcher = subprocess.Popen(
        [sys.executable, "-m", "treemind_render", "render", str(source), "-o", str(out), "--watch"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert _wait(lambda: out.exists() and b"one" in out.read_bytes())
        source.write_text("# Notes\n- one\n- two\n", "utf-8")
        assert _wait(lambda: b"two" in out.read_bytes())
        source.write_text("---\ntitle: [open\n---\n# Notes\n", "utf-8")
        time.sleep(1.0)
        assert b"two" in out.read_bytes()  # a broken save leaves the last good output
        source.write_text("# Notes\n- three\n", "utf-8")
        assert _wait(lambda: b"three" in out.read_bytes())
    finally:
        watcher.terminate()
        _, err = watcher.communicate(timeout=10)
    assert re.search(r"treemind: error: .*notes\.md:2: invalid YAML", err), err
    assert "Traceback" not in err


def _wait(condition, timeout: float = 20.0) -> bool:  # noqa: ANN001 - a hang guard, not a timing
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False
