"""The output contract: SVG structure, byte-for-byte determinism, PNG/PDF/DOT/JSON, where files go."""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, geometry
from PIL import Image

pytestmark = pytest.mark.graphviz

SVG_NS = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LAUNCH = ROOT / "examples" / "launch-plan.md"
CHINESE = ROOT / "examples" / "新媒体运营.md"
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

OUTLINE = """\
# Trip **plan**

## Before
- Book [flights](https://example.com/f)
- Pack a very long list of things that certainly needs to wrap over more than one line of the box
  - passport
## During
- Visit & explore <old town>
## After
"""


@pytest.fixture
def outline(tmp_path: Path) -> Path:
    path = tmp_path / "trip.md"
    path.write_text(OUTLINE, encoding="utf-8")
    return path


def render_bytes(cli, src: Path, *args: str) -> bytes:
    result = cli(["render", src, "-o", "-", *args])
    assert result.code == 0, result.err
    return result.out


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(data)) as im:
        return im.size


# --- SVG -------------------------------------------------------------------------------------


def test_svg_contract(cli, outline: Path) -> None:
    svg = render_bytes(cli, outline, "-f", "svg")
    assert svg.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    svg.decode("utf-8")  # valid UTF-8
    assert b"<!--" not in svg
    assert b"graphviz" not in svg.lower()
    assert not re.search(rb"version \d", svg)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("role") == "img"
    # the title first; the stamp next, kept small and near the top so it is cheap to read
    title, stamp, desc = root[0], root[1], root[2]
    assert stamp.tag == f"{SVG_NS}metadata" and stamp.get("id") == "treemind-source"
    assert title.tag == f"{SVG_NS}title" and title.text == "Trip plan"
    assert desc.tag == f"{SVG_NS}desc"

    doc = geometry(cli, outline)
    nodes = doc["nodes"]
    assert [n["text"] for n in nodes] == [
        "Trip plan",
        "Before",
        "Book flights",
        "Pack a very long list of things that certainly needs to wrap over more than one line of the box",
        "passport",
        "During",
        "Visit & explore <old town>",
        "After",
    ]
    desc_lines = desc.text.split("\n")
    assert [line.strip() for line in desc_lines] == [n["text"] for n in nodes]
    assert [len(line) - len(line.lstrip()) for line in desc_lines] == [2 * n["depth"] for n in nodes]

    groups = [g for g in root.iter(f"{SVG_NS}g") if "node" in g.get("class", "").split()]
    assert [g.get("id") for g in groups] == [n["id"] for n in nodes]
    assert [n["id"] for n in nodes] == [
        "n0",
        "n0_0",
        "n0_0_0",
        "n0_0_1",
        "n0_0_1_0",
        "n0_1",
        "n0_1_0",
        "n0_2",
    ]
    for g, node in zip(groups, nodes, strict=True):
        branch = -1 if node["depth"] == 0 else int(node["id"].split("_")[1])
        classes = g.get("class").split()
        assert classes[:3] == ["node", f"depth-{node['depth']}", f"branch-{branch}"]
        assert g.get("data-depth") == str(node["depth"])
        assert g.get("data-path") == node["id"][1:].replace("_", ".")
        assert g[0].tag == f"{SVG_NS}title"
        assert g[0].text == node["text"]  # full text, even when wrapped
    wrapped = next(g for g in groups if g.get("id") == "n0_0_1")
    assert len(wrapped.findall(f"{SVG_NS}text")) == len(nodes[3]["lines"]) > 1
    # Graphviz's own titles (node names, "a->b") are gone; only the map's and the nodes' remain
    titles = [t.text for t in root.iter(f"{SVG_NS}title")]
    assert titles == ["Trip plan", *(n["text"] for n in nodes)]


def test_svg_is_utf8_not_entities(cli) -> None:
    svg = render_bytes(cli, CHINESE, "-f", "svg")
    assert '<title id="map-title">新媒体运营与营销</title>'.encode() in svg
    assert b"&#" not in svg


def test_svg_same_bytes_twice(cli, outline: Path) -> None:
    assert render_bytes(cli, outline, "-f", "svg") == render_bytes(cli, outline, "-f", "svg")


def test_png_same_bytes_twice(cli, outline: Path) -> None:
    assert render_bytes(cli, outline, "-f", "png") == render_bytes(cli, outline, "-f", "png")


def test_same_bytes_in_separate_processes(cli, tmp_path: Path) -> None:
    src = tmp_path / "in" / "launch-plan.md"
    src.parent.mkdir()
    shutil.copy(LAUNCH, src)
    procs = []
    for i, seed in enumerate(("1", "2")):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
        cmd = [
            sys.executable,
            "-m",
            "treemind_render",
            "render",
            str(src),
            "-f",
            "svg,png",
            "--out-dir",
            str(tmp_path / f"out{i}"),
        ]
        procs.append(subprocess.Popen(cmd, env=env, cwd=tmp_path, stderr=subprocess.PIPE))
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    for ext in ("svg", "png"):
        first = (tmp_path / "out0" / f"launch-plan.{ext}").read_bytes()
        assert first == (tmp_path / "out1" / f"launch-plan.{ext}").read_bytes()
    # and the same as in this process
    assert render_bytes(cli, src, "-f", "svg") == (tmp_path / "out0" / "launch-plan.svg").read_bytes()


# --- PNG / PDF -------------------------------------------------------------------------------


def test_png_scale_and_width(cli, outline: Path) -> None:
    doc = geometry(cli, outline)
    one = png_size(render_bytes(cli, outline, "-f", "png"))
    assert abs(one[0] - doc["width"] * 96 / 72) <= 1
    two = png_size(render_bytes(cli, outline, "-f", "png", "--scale", "2"))
    assert abs(two[0] - 2 * one[0]) <= 2
    assert abs(two[1] - 2 * one[1]) <= 2
    w500 = png_size(render_bytes(cli, outline, "-f", "png", "--width", "500"))
    assert w500[0] == 500
    assert abs(w500[1] - 500 * one[1] / one[0]) <= 2  # aspect ratio kept
    # --width overrides --scale
    assert png_size(render_bytes(cli, outline, "-f", "png", "--width", "500", "--scale", "3"))[0] == 500


def _corner(data: bytes) -> tuple[int, int, int, int]:
    with Image.open(io.BytesIO(data)) as im:
        return im.convert("RGBA").getpixel((0, 0))


def test_png_backgrounds(cli, outline: Path) -> None:
    assert _corner(render_bytes(cli, outline, "-f", "png")) == (255, 255, 255, 255)  # the theme's
    dark = render_bytes(cli, outline, "-f", "png", "-t", "dark")
    assert _corner(dark) == (0x1B, 0x1F, 0x27, 255)
    transparent = render_bytes(cli, outline, "-f", "png", "--background", "transparent")
    with Image.open(io.BytesIO(transparent)) as im:
        assert "A" in im.mode
        assert im.getpixel((0, 0))[3] == 0
    assert _corner(render_bytes(cli, outline, "-f", "png", "--background", "#ff0000")) == (255, 0, 0, 255)
    assert _corner(render_bytes(cli, outline, "-f", "png", "--background", "navy")) == (0, 0, 128, 255)


def test_bad_background_is_a_usage_error(cli, outline: Path) -> None:
    result = cli(["render", outline, "-f", "png", "--background", "#zzz"])
    assert result.code == 2
    assert result.err.startswith("treemind: error: ") and "'#zzz'" in result.err
    assert not outline.with_suffix(".png").exists()


def test_pdf(cli, outline: Path) -> None:
    """One page the size of the map (points), with the labels as real text in embedded fonts."""
    from pypdf import PdfReader

    pdf = render_bytes(cli, outline, "-f", "pdf")
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    doc = geometry(cli, outline)
    # cairosvg draws at 96 dpi and writes PDF points at 72 per inch: 0.75 pt per SVG pixel
    assert abs(float(page.mediabox.width) - doc["width"]) <= 2
    assert abs(float(page.mediabox.height) - doc["height"]) <= 2
    # Pango draws "fl" as a ligature glyph; the PDF carries "fl" as its /ActualText, which pypdf
    # does not read (it reads the glyph's own U+FB02): NFKC folds it back
    text = unicodedata.normalize("NFKC", page.extract_text())
    for node in doc["nodes"]:
        for word in node["text"].split()[:2]:
            assert word in text, (word, text)
    fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    assert fonts and all(embedded(f) for f in fonts), [f["/BaseFont"] for f in fonts]
    assert any("Noto" in str(f["/BaseFont"]) for f in fonts)  # the theme's font, not a fallback


def embedded(font) -> bool:
    """A PDF font whose glyphs travel with the file (simple font or Type0's descendant)."""
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font["/FontDescriptor"].get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


# --- DOT / JSON ------------------------------------------------------------------------------


def test_dot(cli, outline: Path) -> None:
    dot = render_bytes(cli, outline, "-f", "dot").decode("utf-8")
    assert dot.startswith("digraph")
    doc = geometry(cli, outline)
    height = doc["height"]
    for node in doc["nodes"]:
        found = re.search(rf'\n\s*{node["id"]} \[.*?\bpos="([-0-9.]+),([-0-9.]+)"', dot)
        assert found, node["id"]
        # neato -n2 positions: the box centre, y measured up from the bottom
        assert float(found.group(1)) == pytest.approx(node["x"] + node["w"] / 2, abs=0.02)
        assert float(found.group(2)) == pytest.approx(height - node["y"] - node["h"] / 2, abs=0.02)
    for edge in doc["edges"]:
        found = re.search(rf'{edge["from"]} -> {edge["to"]} \[.*?\bpos="([^"]+)"', dot)
        assert found
        assert len(found.group(1).split()) == len(edge["points"])


def test_json_keys(cli, outline: Path) -> None:
    doc = geometry(cli, outline)
    assert set(doc) == {
        "source_hash",
        "title",
        "layout",
        "engine",
        "theme",
        "width",
        "height",
        "nodes",
        "edges",
        "crosslinks",
    }
    assert (doc["title"], doc["layout"], doc["theme"]) == ("Trip plan", "map", "default")
    node_keys = {
        "id",
        "parent",
        "depth",
        "text",
        "lines",
        "font_family",
        "font_size",
        "x",
        "y",
        "w",
        "h",
        "side",
        "markers",
    }
    by_id = {}
    for node in doc["nodes"]:
        assert set(node) == node_keys
        assert all(isinstance(node[k], (int, float)) for k in ("font_size", "x", "y", "w", "h"))
        assert node["x"] >= 0 and node["x"] + node["w"] <= doc["width"]
        assert node["y"] >= 0 and node["y"] + node["h"] <= doc["height"]
        assert " ".join(node["lines"]).replace("  ", " ") == node["text"]
        by_id[node["id"]] = node
    assert by_id["n0"]["parent"] is None and by_id["n0"]["side"] is None
    assert by_id["n0_0_1_0"]["parent"] == "n0_0_1"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    schema = readme[readme.index("- **JSON**") : readme.index("- **DOT**")]
    documented = set(re.findall(r'"([a-z_]+)"', schema))
    every_key = set(doc) | node_keys | {"kind", "label", "from", "to", "points"}
    assert documented == every_key, documented ^ every_key  # the README lists every key, no more
    assert len(doc["edges"]) == len(doc["nodes"]) - 1
    for edge in doc["edges"]:
        assert set(edge) == {"from", "to", "points"}
        assert by_id[edge["to"]]["parent"] == edge["from"]
        assert len(edge["points"]) >= 4 and len(edge["points"]) % 3 == 1  # cubic Bézier
        assert all(len(p) == 2 for p in edge["points"])
    assert render_bytes(cli, outline, "-f", "json").decode("utf-8").endswith("}\n")


# --- where outputs go ------------------------------------------------------------------------


def test_stdin_to_stdout(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(["render", "-"], stdin=b"# T\n- a\n")
    assert result.code == 0
    assert result.err == ""
    assert result.out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert result.out.endswith(b"</svg>\n")
    root = ET.fromstring(result.out)  # one document, nothing else
    assert root.find(f"{SVG_NS}title").text == "T"
    assert list(tmp_path.iterdir()) == []


def test_stdin_png_to_stdout(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(["render", "-", "-f", "png"], stdin="根\n  枝\n".encode())
    assert result.code == 0, result.err
    assert list(tmp_path.iterdir()) == []
    width, height = png_size(result.out)  # a real PNG of a two-topic map: wider than tall
    assert 80 < width < 600 and 20 < height < width
    with Image.open(io.BytesIO(result.out)) as image:
        colours = image.convert("RGB").getcolors(1 << 20)
    assert colours and len(colours) > 20  # boxes, an edge and anti-aliased glyphs, not a blank


def test_default_output_beside_input(cli, tmp_path: Path) -> None:
    folder = tmp_path / "dir"
    folder.mkdir()
    (folder / "x.md").write_text("# X\n- a\n", encoding="utf-8")
    result = cli(["render", folder / "x.md"])
    assert result.code == 0, result.err
    assert result.out == b""
    assert sorted(p.name for p in folder.iterdir()) == ["x.md", "x.svg"]
    assert ET.fromstring((folder / "x.svg").read_bytes()).find(f"{SVG_NS}title").text == "X"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir"]


def test_output_format_follows_extension(cli, tmp_path: Path, outline: Path) -> None:
    for ext, magic in (("png", PNG_SIGNATURE), ("pdf", b"%PDF"), ("json", b"{"), ("dot", b"digraph")):
        out = tmp_path / f"o.{ext}"
        assert cli(["render", outline, "-o", out]).code == 0
        assert out.read_bytes().startswith(magic)


def test_out_dir_mirrors_folders(cli, tmp_path: Path) -> None:
    src = tmp_path / "notes"
    (src / "sub" / "deeper").mkdir(parents=True)
    (src / ".hidden").mkdir()
    (src / "a.md").write_text("# A\n- 1\n", encoding="utf-8")
    (src / "sub" / "b.txt").write_text("B\n  2\n", encoding="utf-8")
    (src / "sub" / "deeper" / "c.outline").write_text("C\n  3\n", encoding="utf-8")
    (src / ".hidden" / "h.md").write_text("# H\n- 4\n", encoding="utf-8")
    (src / "readme.rst").write_text("not an outline\n", encoding="utf-8")
    out = tmp_path / "build" / "maps"
    result = cli(["render", src, "--out-dir", out, "-f", "svg,png"])
    assert result.code == 0, result.err
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == [
        "a.png",
        "a.svg",
        "sub/b.png",
        "sub/b.svg",
        "sub/deeper/c.png",
        "sub/deeper/c.svg",
    ]
    assert (out / "sub" / "b.png").read_bytes().startswith(PNG_SIGNATURE)
    assert b"<title>2</title>" in (out / "sub" / "b.svg").read_bytes()
    assert not list(src.rglob("*.svg"))  # nothing beside the inputs


def test_verbose_names_each_file(cli, tmp_path: Path, outline: Path) -> None:
    out = tmp_path / "v"
    result = cli(["render", outline, "--out-dir", out, "-f", "svg,json", "-v"])
    assert result.code == 0
    assert result.err.splitlines() == [f"wrote {out / 'trip.svg'}", f"wrote {out / 'trip.json'}"]


# --- Chinese ---------------------------------------------------------------------------------


@pytest.mark.fonts
def test_chinese_example(cli, tmp_path: Path) -> None:
    out = tmp_path / "cn.png"
    result = cli(["render", CHINESE, "-o", out])
    assert result.code == 0, result.err
    assert "warning" not in result.err  # every glyph found
    width, height = png_size(out.read_bytes())
    doc = geometry(cli, CHINESE)
    assert abs(width - doc["width"] * 96 / 72) <= 1
    assert abs(height - doc["height"] * 96 / 72) <= 1
    cjk_nodes = [n for n in doc["nodes"] if CJK.search(n["text"])]
    assert len(cjk_nodes) == len(doc["nodes"]) > 40
    for node in cjk_nodes:
        assert "CJK" in node["font_family"], (node["text"], node["font_family"])
    # and the SVG names that family on the text
    svg = render_bytes(cli, CHINESE, "-f", "svg")
    families = {t.get("font-family") for t in ET.fromstring(svg).iter(f"{SVG_NS}text")}
    assert families and all("CJK" in f for f in families)


@pytest.mark.fonts
def test_latin_labels_keep_latin_font(cli, tmp_path: Path) -> None:
    src = tmp_path / "mix.md"
    src.write_text("# Plan\n- 中文标签\n- English only\n", encoding="utf-8")
    fonts = {n["text"]: n["font_family"] for n in geometry(cli, src)["nodes"]}
    assert "CJK" in fonts["中文标签"]
    assert "CJK" not in fonts["English only"]


# --- permissions -----------------------------------------------------------------------------


def test_written_files_have_normal_permissions(cli, tmp_path: Path, outline: Path) -> None:
    old = os.umask(0o022)
    try:
        out = tmp_path / "perm"
        result = cli(["render", outline, "--out-dir", out, "-f", "svg,png,pdf,dot,json"])
        assert result.code == 0, result.err
        beside = cli(["render", outline])
        assert beside.code == 0
    finally:
        os.umask(old)
    files = [*out.iterdir(), outline.with_suffix(".svg")]
    assert len(files) == 6
    for path in files:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o044 == 0o044, f"{path.name}: {oct(mode)}"
        assert mode == 0o644, f"{path.name}: {oct(mode)}"


@pytest.mark.graphviz
@pytest.mark.parametrize("layout", ["left", "map"])
def test_styled_lines_read_right_in_png_as_well(cli, tmp_path: Path, layout: str) -> None:
    """cairosvg anchors each <tspan> of an `end`/`middle` line on its own, which piled the runs
    of right-aligned labels (left side of a map) on top of each other in PNG and PDF: a line of
    several runs starts where we measured it to start, so every renderer agrees."""
    src = tmp_path / "runs.md"
    mains = "".join(f"## Branch {i}\n- Reach **5,000 active** users *by May* {i}\n" for i in range(4))
    src.write_text(f"# Root\n{mains}", encoding="utf-8")
    out = tmp_path / "runs.svg"
    assert cli(["render", src, "-l", layout, "-o", out]).code == 0
    ns = "{http://www.w3.org/2000/svg}"
    styled = 0
    for group in ET.parse(out).getroot().iter(f"{ns}g"):
        for text in group.findall(f"{ns}text"):
            if len(text.findall(f"{ns}tspan")) > 1:
                styled += 1
                assert text.get("text-anchor") == "start", ET.tostring(text)
    assert styled >= 4
