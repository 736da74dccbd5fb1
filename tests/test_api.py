"""The Python API (README "Python", docs/api.md), used as a library user would."""

from __future__ import annotations

import doctest
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

import treemind_render as tm
import treemind_render.api

OUTLINE = "# Plan\n- Design\n  - Sketch\n- Ship\n"


def png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        return image.size


def test_the_docstring_examples_run() -> None:
    failures, tried = doctest.testmod(treemind_render.api)
    assert tried >= 4 and failures == 0


def test_render_gives_the_bytes_of_each_format() -> None:
    svg = tm.render(OUTLINE)
    assert svg.startswith(b"<?xml") and b"<svg" in svg and b">Sketch<" in svg
    doc = json.loads(tm.render(OUTLINE, "json"))
    assert [n["text"] for n in doc["nodes"]] == ["Plan", "Design", "Sketch", "Ship"]
    assert tm.render(OUTLINE, "pdf").startswith(b"%PDF")
    assert b"digraph" in tm.render(OUTLINE, "dot")
    assert "# Plan" in tm.render(OUTLINE, "md").decode().splitlines()


@pytest.mark.graphviz
def test_export_options_reach_the_png() -> None:
    """scale/width/background given to render() are never dropped (they once were)."""
    one, two = png_size(tm.render(OUTLINE, "png")), png_size(tm.render(OUTLINE, "png", scale=2))
    assert two == (one[0] * 2, one[1] * 2) or abs(two[0] - 2 * one[0]) <= 1
    assert png_size(tm.render(OUTLINE, "png", width=300))[0] == 300
    with Image.open(io.BytesIO(tm.render(OUTLINE, "png", background="transparent"))) as image:
        assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0


def test_a_map_keeps_its_options_and_shows_in_jupyter(tmp_path: Path) -> None:
    m = tm.mindmap(OUTLINE, layout="right", scale=2)
    assert m._repr_svg_().startswith("<?xml") and "Sketch" in m._repr_svg_()
    base = png_size(tm.mindmap(OUTLINE, layout="right").png())
    assert png_size(m.png()) == (base[0] * 2, base[1] * 2) or abs(png_size(m.png())[0] - 2 * base[0]) <= 1
    assert png_size(m.png(scale=1)) == base
    assert m.json()["layout"] == "right"
    saved = m.save(tmp_path / "plan.pdf")
    assert saved.read_bytes().startswith(b"%PDF")
    with pytest.raises(tm.UsageError, match="cannot tell the format"):
        m.save(tmp_path / "plan.jpg")
    assert not (tmp_path / "plan.jpg").exists()


def test_parse_reads_text_files_and_named_formats(tmp_path: Path) -> None:
    path = tmp_path / "plan.opml"
    path.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>T</title></head>'
        '<body><outline text="Root"><outline text="Kid"/></outline></body></opml>'
    )
    tree = tm.parse(path)
    assert tree.root.text == "Root" and [c.text for c in tree.root.children] == ["Kid"]
    assert tm.parse("root\n  kid\n", from_="text").root.children[0].text == "kid"
    assert isinstance(tm.parse(OUTLINE), tm.Tree)
    assert tm.render(tree, "json").startswith(b"{")  # a parsed tree renders as it is


def test_errors_are_the_library_errors() -> None:
    with pytest.raises(tm.UsageError, match="unknown output format 'gif'"):
        tm.render(OUTLINE, "gif")
    with pytest.raises(tm.UsageError, match="unknown input format"):
        tm.parse(OUTLINE, from_="docx")
    with pytest.raises(tm.ThemeError):
        tm.render(OUTLINE, theme="no-such-theme")
    with pytest.raises(tm.OutlineError) as caught:
        tm.parse("<opml><body><outline", from_="opml")
    assert isinstance(caught.value, tm.TreemindError)


def test_listings() -> None:
    assert "default" in tm.themes() and "base" not in tm.themes()
    assert {"input", "extensions", "output", "layout"} == set(tm.formats())
    assert ".md" in tm.formats()["extensions"] and ".opml" in tm.formats()["extensions"]
    assert "radial" in tm.formats()["layout"] and "mermaid" in tm.formats()["input"]
    assert set(tm.__all__) <= set(dir(tm))


def test_json_and_dot_need_no_graphviz(tmp_path: Path) -> None:
    """`-f json` and `-f dot` lay the map out without drawing it: Graphviz may be absent."""
    src = tmp_path / "plan.md"
    src.write_text(OUTLINE)
    bindir = Path(sys.executable).parent
    env = {**os.environ, "PATH": str(bindir), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for fmt in ("json", "dot", "md", "opml"):
        done = subprocess.run(
            [sys.executable, "-m", "treemind_render", "render", str(src), "-f", fmt, "-o", "-"],
            capture_output=True,
            env=env,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert b"Design" in done.stdout
    svg = subprocess.run(
        [sys.executable, "-m", "treemind_render", "render", str(src), "-o", str(tmp_path / "p.svg")],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert svg.returncode == 1 and b"Graphviz 'neato' not found" in svg.stderr  # the check can fail


def test_the_api_document_examples_run() -> None:
    """docs/api.md's examples are doctests: the reference cannot drift from the code."""
    doc = Path(__file__).resolve().parent.parent / "docs" / "api.md"
    failures, tried = doctest.testfile(str(doc), module_relative=False)
    assert tried >= 8 and failures == 0


def test_the_dask_example_uses_only_the_public_api(tmp_path: Path) -> None:
    """examples/dask_render.py imports nothing but `treemind_render`, and it works."""
    import ast

    example = Path(__file__).resolve().parent.parent / "examples" / "dask_render.py"
    imported = set()
    for node in ast.walk(ast.parse(example.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert {name for name in imported if name.startswith("treemind")} == {"treemind_render"}
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "team").mkdir(parents=True)
    (src / "a.md").write_text(OUTLINE, encoding="utf-8")
    (src / "team" / "b.txt").write_text("Root\n  kid\n", encoding="utf-8")
    (src / "team" / "broken.opml").write_text("<opml><body><outline", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(example), str(src), str(out), "-f", "svg,png", "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 1, done.stderr  # one input is broken ...
    assert "broken.opml" in done.stderr and "2 done, 1 failed" in done.stderr
    made = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert made == ["a.png", "a.svg", "team/b.png", "team/b.svg"]  # ... the others render
    assert (out / "a.svg").read_bytes() == tm.render(Path(src / "a.md"))
