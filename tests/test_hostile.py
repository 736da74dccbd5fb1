"""Hostile and broken inputs: clean one-line errors, no partial files, no hangs, no injection."""

from __future__ import annotations

import random
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytestmark = pytest.mark.graphviz

PREFIX = "treemind: error: "
HANG_GUARD = 20.0  # seconds; a guard against hangs, not a benchmark
HOSTILE = '"]; node [image="/etc/passwd"] <script>alert(1)</script> [x](javascript:alert(1))'
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def error_line(result) -> str:
    """The one stderr line of a failed run; no traceback, nothing else."""
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith(PREFIX), lines[0]
    return lines[0]


def leftovers(folder: Path) -> list[Path]:
    """Temporary files a failed write could leave behind."""
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".")]


def fail(cli, tmp_path: Path, args: list, code: int, outputs: list[Path]) -> str:
    """Run a command that must fail: exit code, one error line, no outputs, no temp files."""
    start = time.monotonic()
    result = cli(args)
    elapsed = time.monotonic() - start
    assert result.code == code, result.err
    assert elapsed < HANG_GUARD
    line = error_line(result)
    for out in outputs:
        assert not out.exists(), f"{out} was written by a failed render"
    assert leftovers(tmp_path) == []
    assert result.out == b""
    return line


def write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- unreadable inputs ---------------------------------------------------------------------


def test_empty_file(cli, tmp_path: Path) -> None:
    src = write(tmp_path / "empty.md", b"")
    line = fail(cli, tmp_path, ["render", src], 1, [tmp_path / "empty.svg"])
    assert line == f"{PREFIX}{src}: empty outline: nothing to draw"


@pytest.mark.parametrize("name", ["blank.txt", "blank.md"])
def test_whitespace_only(cli, tmp_path: Path, name: str) -> None:
    src = write(tmp_path / name, "  \n\t\n   \r\n \n")
    out = tmp_path / "out.svg"
    line = fail(cli, tmp_path, ["render", src, "-o", out], 1, [out])
    assert line.startswith(f"{PREFIX}{src}: ")
    assert "empty outline" in line


def test_binary_junk(cli, tmp_path: Path) -> None:
    junk = random.Random(1234).randbytes(4000)
    data = b"junk " + junk[:1000] + b"\x00" + junk[1000:]
    src = write(tmp_path / "junk.md", data)
    nul_line = data.count(b"\n", 0, data.index(b"\x00")) + 1
    line = fail(cli, tmp_path, ["render", src], 1, [tmp_path / "junk.svg"])
    assert line.startswith(f"{PREFIX}{src}:{nul_line}: ")
    assert "binary" in line


@pytest.mark.parametrize("name", ["bad.md", "bad.txt"])
def test_invalid_utf8_names_line_and_column(cli, tmp_path: Path, name: str) -> None:
    src = write(tmp_path / name, b"# ok\n- fine\n- bad \xff\xfe here\n")
    out = tmp_path / "bad.png"
    line = fail(cli, tmp_path, ["render", src, "-o", out], 1, [out])
    assert line.startswith(f"{PREFIX}{src}:3: ")
    assert "UTF-8" in line
    assert "column 7" in line


def test_deep_indented_text(cli, tmp_path: Path) -> None:
    src = write(tmp_path / "deep.txt", "".join("\t" * i + f"level {i}\n" for i in range(2000)))
    line = fail(cli, tmp_path, ["render", src], 1, [tmp_path / "deep.svg"])
    assert line.startswith(f"{PREFIX}{src}:102: ")  # the first line past depth 100
    assert "limit of 100" in line
    assert "--limit-depth" in line


def test_deep_markdown_list(cli, tmp_path: Path) -> None:
    src = write(tmp_path / "deep.md", "# R\n" + "".join("  " * i + f"- level {i}\n" for i in range(2000)))
    line = fail(cli, tmp_path, ["render", src], 1, [tmp_path / "deep.svg"])
    assert re.match(rf"{re.escape(PREFIX + str(src))}:\d+: ", line), line
    assert "100 levels" in line
    assert "--limit-depth" in line


def test_deep_outline_renders_when_limit_raised_just_enough(cli, tmp_path: Path) -> None:
    src = write(tmp_path / "d.txt", "".join("  " * i + f"n{i}\n" for i in range(12)))
    assert cli(["render", src, "--limit-depth", "10"]).code == 1
    assert not (tmp_path / "d.svg").exists()
    result = cli(["render", src, "--limit-depth", "11"])
    assert result.code == 0, result.err
    assert (tmp_path / "d.svg").read_bytes().startswith(b"<?xml")


@pytest.mark.parametrize("name", ["flat.txt", "flat.md"])
def test_thirty_thousand_items(cli, tmp_path: Path, name: str) -> None:
    marker = "  " if name.endswith(".txt") else "- "
    head = "root\n" if name.endswith(".txt") else "# root\n"
    src = write(tmp_path / name, head + "".join(f"{marker}item {i}\n" for i in range(30_000)))
    line = fail(cli, tmp_path, ["render", src, "-f", "png"], 1, [tmp_path / "flat.png"])
    assert line.startswith(f"{PREFIX}{src}")
    # one topic with 30,000 children: over the children limit (5,000) before the node limit
    nodes = ("20000 nodes" in line or "20,000 nodes" in line) and "--limit-nodes" in line
    children = "30,000 children" in line and "--limit-children" in line
    assert nodes or children, line


def test_label_over_limit(cli, tmp_path: Path) -> None:
    src = write(tmp_path / "long.md", "# r\n- short\n- " + "x" * 2001 + "\n")
    line = fail(cli, tmp_path, ["render", src], 1, [tmp_path / "long.svg"])
    assert line.startswith(f"{PREFIX}{src}:3: ")
    assert "2,001 characters" in line
    assert "--limit-label" in line


def test_label_limit_flag(cli, tmp_path: Path) -> None:
    src = write(tmp_path / "l.txt", "root\n  " + "y" * 60 + "\n")
    fail(cli, tmp_path, ["render", src, "--limit-label", "50"], 1, [tmp_path / "l.svg"])
    result = cli(["render", src, "--limit-label", "60"])
    assert result.code == 0, result.err
    assert (tmp_path / "l.svg").exists()


def test_input_over_size_limit(cli, tmp_path: Path) -> None:
    src = write(tmp_path / "big.md", "# r\n" + "".join(f"- item {i}\n" for i in range(30)))
    line = fail(cli, tmp_path, ["render", src, "--limit-size", "100"], 1, [tmp_path / "big.svg"])
    assert line.startswith(f"{PREFIX}{src}: ")
    assert "limit of 100" in line
    assert "--limit-size" in line


def test_input_over_size_limit_does_not_misstate_the_size(cli, tmp_path: Path) -> None:
    src = write(tmp_path / "big.md", "# r\n" + "".join(f"- item {i}\n" for i in range(30)))
    size = src.stat().st_size
    line = error_line(cli(["render", src, "--limit-size", "100"]))
    assert f"{size:,} bytes" in line or "more than" in line, line


# --- usage errors ----------------------------------------------------------------------------


def test_no_such_input(cli, tmp_path: Path) -> None:
    missing = tmp_path / "nope.md"
    line = fail(cli, tmp_path, ["render", missing], 2, [tmp_path / "nope.svg"])
    assert line == f"{PREFIX}no such input: {missing}"


def test_unknown_layout(cli, tmp_path: Path) -> None:
    src = write(tmp_path / "a.md", "# a\n- b\n")
    line = fail(cli, tmp_path, ["render", src, "-l", "diagonal"], 2, [tmp_path / "a.svg"])
    assert "diagonal" in line
    assert "right" in line  # names the choices


def test_unknown_format(cli, tmp_path: Path) -> None:
    src = write(tmp_path / "a.md", "# a\n- b\n")
    line = fail(cli, tmp_path, ["render", src, "-f", "svg,gif"], 2, [tmp_path / "a.svg", tmp_path / "a.gif"])
    assert "'gif'" in line
    assert "png" in line


def test_output_with_two_inputs(cli, tmp_path: Path) -> None:
    a = write(tmp_path / "a.md", "# a\n- b\n")
    b = write(tmp_path / "b.md", "# b\n- c\n")
    out = tmp_path / "both.svg"
    line = fail(cli, tmp_path, ["render", a, b, "-o", out], 2, [out, tmp_path / "a.svg", tmp_path / "b.svg"])
    assert "-o/--output" in line
    assert "--out-dir" in line


def test_two_inputs_writing_one_output(cli, tmp_path: Path) -> None:
    write(tmp_path / "a.md", "# a\n- b\n")
    write(tmp_path / "a.txt", "a\n  b\n")
    line = fail(cli, tmp_path, ["render", tmp_path], 2, [tmp_path / "a.svg"])
    assert "would both write" in line
    assert str(tmp_path / "a.svg") in line


def test_output_onto_its_own_input_is_refused(cli, tmp_path: Path) -> None:
    src = write(tmp_path / "self.md", "# a\n- b\n")
    result = cli(["render", src, "-o", src])
    assert src.read_bytes() == b"# a\n- b\n"
    assert result.code == 2
    assert "overwrite its own input" in error_line(result)


def test_failed_format_writes_no_format(cli, tmp_path: Path) -> None:
    """All outputs of an input are made in memory first: a PNG over the pixel limit means no SVG either."""
    src = write(tmp_path / "m.md", "# a\n- b\n")
    line = fail(
        cli,
        tmp_path,
        ["render", src, "-f", "svg,png", "--scale", "1", "--limit-pixels", "1000"],  # explicit: strict
        1,
        [tmp_path / "m.svg", tmp_path / "m.png"],
    )
    assert line.startswith(f"{PREFIX}{src}: ")
    assert "--limit-pixels" in line


def test_failed_render_keeps_the_previous_output(cli, tmp_path: Path) -> None:
    src = write(tmp_path / "m.md", "# a\n- b\n")
    assert cli(["render", src]).code == 0
    before = (tmp_path / "m.svg").read_bytes()
    write(src, b"# a\n- \xff\n")
    assert cli(["render", src]).code == 1
    assert (tmp_path / "m.svg").read_bytes() == before
    assert leftovers(tmp_path) == []


# --- batches -------------------------------------------------------------------------------


def test_batch_with_broken_middle_file(cli, tmp_path: Path) -> None:
    a = write(tmp_path / "a.md", "# A\n- one\n")
    b = write(tmp_path / "b.md", b"# B\n- two\n- \xff\n")
    c = write(tmp_path / "c.txt", "C\n  three\n")
    result = cli(["render", a, b, c])
    assert result.code == 1
    assert "Traceback" not in result.err
    errors = [ln for ln in result.err.splitlines() if ln.startswith(PREFIX)]
    assert len(errors) == 1, result.err
    assert errors[0].startswith(f"{PREFIX}{b}:3: ")
    assert "2 rendered, 1 failed (3 inputs" in result.err  # the batch summary
    for good, label in ((tmp_path / "a.svg", "one"), (tmp_path / "c.svg", "three")):
        svg = good.read_bytes()
        assert f"<title>{label}</title>".encode() in svg
    assert not (tmp_path / "b.svg").exists()
    assert leftovers(tmp_path) == []


# --- injection -------------------------------------------------------------------------------


def svg_text(svg: bytes) -> str:
    return "".join(ET.fromstring(svg).itertext())


def visible_text(svg: bytes) -> str:
    """The text drawn on the canvas: <text> elements only (not <title>/<desc>)."""
    root = ET.fromstring(svg)
    return "\n".join("".join(t.itertext()) for t in root.iter(f"{SVG_NS}text"))


@pytest.mark.parametrize(
    "name, body",
    [
        ("h.md", f"# Root\n\n- {HOSTILE}\n- safe\n"),
        ("h.txt", f"Root\n  {HOSTILE}\n  safe\n"),
    ],
)
def test_hostile_label_stays_text(cli, tmp_path: Path, name: str, body: str) -> None:
    src = write(tmp_path / name, body)
    out = tmp_path / "h.svg"
    result = cli(["render", src, "-o", out])
    assert result.code == 0, result.err
    svg = out.read_bytes()
    raw = svg.decode("utf-8")
    assert "<script" not in raw
    assert "<image" not in raw
    assert not re.search(r"\son[a-z]+=", raw)
    root = ET.fromstring(svg)
    for el in root.iter():
        assert el.tag.split("}")[-1] not in ("script", "image", "a", "foreignObject")
        for key, value in el.attrib.items():
            assert not key.split("}")[-1].lower().startswith("on"), key
            assert "javascript:" not in value.lower(), (key, value)
            assert "passwd" not in value, (key, value)
    text = svg_text(svg)
    assert "<script>alert(1)</script>" in text
    assert 'node [image="/etc/passwd"]' in text
    # the label is drawn on the canvas too, not only named in <title>
    drawn = visible_text(svg).replace("\n", " ")
    assert "<script>alert(1)</script>" in drawn
    assert "[x](javascript:alert(1))" in drawn
    node_titles = [
        g.find(f"{SVG_NS}title").text for g in root.iter(f"{SVG_NS}g") if "node" in g.get("class", "").split()
    ]
    assert node_titles == ["Root", HOSTILE, "safe"]


@pytest.mark.parametrize(
    "name, body",
    [
        ("h.md", f"# Root\n\n- {HOSTILE}\n"),
        ("h.txt", f"Root\n  {HOSTILE}\n"),
    ],
)
def test_hostile_label_in_dot_is_only_an_escaped_label(cli, tmp_path: Path, name: str, body: str) -> None:
    src = write(tmp_path / name, body)
    result = cli(["render", src, "-f", "dot", "-o", "-"])
    assert result.code == 0, result.err
    dot = result.out.decode("utf-8")
    assert 'image="/etc/passwd"' not in dot
    assert "image=&quot;/etc/passwd&quot;" in dot
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dot
    outside = re.sub(r"label=<<TABLE.*?</TABLE>>", "label=<>", dot)
    assert outside.count("label=<>") == 2
    for word in ("image", "passwd", "script", "javascript"):
        assert word not in outside
    # the user's "]; cannot close the attribute list: every statement is one node or edge
    statements = [
        s.strip() for s in outside.strip().splitlines()[1:-1] if not s.startswith("// treemind-source ")
    ]
    assert all(re.fullmatch(r"(graph|node|edge|n[0-9_]+|n[0-9_]+ -> n[0-9_]+) \[.*\]", s) for s in statements)


@pytest.mark.parametrize(
    "name, body",
    [
        ("b.md", "# r\n- a\\N b\\G c\\L \\n\n"),
        ("b.txt", "r\n  a\\N b\\G c\\L \\n\n"),
    ],
)
def test_backslash_label_kept_in_text_and_title(cli, tmp_path: Path, name: str, body: str) -> None:
    src = write(tmp_path / name, body)
    out = tmp_path / "b.svg"
    assert cli(["render", src, "-o", out]).code == 0
    root = ET.fromstring(out.read_bytes())
    titles = [
        g.find(f"{SVG_NS}title").text for g in root.iter(f"{SVG_NS}g") if "node" in g.get("class", "").split()
    ]
    assert titles == ["r", "a\\N b\\G c\\L \\n"]
    assert "a\\N b\\G c\\L \\n" in root.find(f"{SVG_NS}desc").text


@pytest.mark.parametrize(
    "name, body",
    [
        ("b.md", "# r\n- a\\N b\\G c\\L \\n\n"),
        ("b.txt", "r\n  a\\N b\\G c\\L \\n\n"),
    ],
)
def test_backslash_label_drawn_literally(cli, tmp_path: Path, name: str, body: str) -> None:
    src = write(tmp_path / name, body)
    out = tmp_path / "b.svg"
    assert cli(["render", src, "-o", out]).code == 0
    drawn = visible_text(out.read_bytes())
    assert "a\\N b\\G c\\L \\n" in drawn.replace("\n", " "), drawn


@pytest.mark.parametrize("theme", ["/etc/passwd", "../x.yaml"])
def test_frontmatter_cannot_name_a_theme_file(cli, tmp_path: Path, theme: str) -> None:
    # ../x.yaml exists and is a valid theme: an outline still may not point at it
    write(tmp_path / "x.yaml", "extends: default\nbackground: '#000000'\n")
    (tmp_path / "sub").mkdir()
    src = write(tmp_path / "sub" / "m.md", f"---\ntheme: {theme}\n---\n# r\n- a\n")
    # a problem of that input (exit 1), not of the command line
    line = fail(cli, tmp_path, ["render", src], 1, [tmp_path / "sub" / "m.svg"])
    assert line.startswith(f"{PREFIX}{src}:2: ")  # the frontmatter line that names it
    assert f"theme {theme!r}" in line
    assert "not a built-in theme" in line
    assert "default" in line


def test_frontmatter_theme_file_in_a_batch_fails_that_input_only(cli, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.md", "---\ntheme: /etc/passwd\n---\n# r\n- a\n")
    good = write(tmp_path / "good.md", "---\ntheme: dark\n---\n# r\n- a\n")
    result = cli(["render", bad, good])
    assert result.code == 1
    errors = [ln for ln in result.err.splitlines() if ln.startswith(PREFIX)]
    assert len(errors) == 1 and errors[0].startswith(f"{PREFIX}{bad}:2: "), result.err
    assert not (tmp_path / "bad.svg").exists()
    assert b'fill="#1b1f27"' in (tmp_path / "good.svg").read_bytes()  # dark background


# --- links ---------------------------------------------------------------------------------


def test_links_only_safe_schemes(cli, tmp_path: Path) -> None:
    src = write(
        tmp_path / "l.md",
        "\n".join(
            [
                "# Links",
                "- [x](javascript:alert(1))",
                "- [y](https://example.com)",
                "- [z](JaVaScRiPt:alert(2))",
                "- [w](java&#09;script:alert(3))",
                "- [v](vbscript:msgbox(1))",
                "- [u](data:text/html,<script>alert(4)</script>)",
                "- [f](file:///etc/passwd)",
                "- [m](mailto:a@example.com)",
                "- [r](notes/other.md)",
            ]
        )
        + "\n",
    )
    out = tmp_path / "l.svg"
    result = cli(["render", src, "-o", out])
    assert result.code == 0, result.err
    svg = out.read_bytes()
    root = ET.fromstring(svg)
    anchors = list(root.iter(f"{SVG_NS}a"))
    hrefs = {}
    for a in anchors:
        assert a.get("href") == a.get(XLINK_HREF)
        (title,) = [g.find(f"{SVG_NS}title").text for g in a.iter(f"{SVG_NS}g")]
        hrefs[title] = a.get("href")
    assert hrefs == {"y": "https://example.com", "m": "mailto:a@example.com", "r": "notes/other.md"}
    raw = svg.decode("utf-8").lower()
    for bad in ('href="javascript', 'href="vbscript', 'href="data:', 'href="file:', "<script"):
        assert bad not in raw
