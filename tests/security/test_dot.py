"""Threat: DOT injection. User text that closes a quoted string or an HTML-like label and adds
Graphviz attributes (`image=`, `shapefile=`, `fontpath=`, `URL=`...), which make Graphviz read
local files into the picture or add links; Graphviz escape sequences (`\\N`, `\\G`, `\\L`)
that change a label; HTML-like label syntax (`<B>`, `<IMG SRC=...>`) in user text.

Guarantee: treemind writes the DOT itself; user text appears only inside HTML-like labels,
XML-escaped and with backslashes doubled. Every attribute and every label element treemind
emits is on a fixed list, which has none that reads a file or makes a link. Checked on hostile
labels, cross-link labels and every example and fixture outline.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest

pytestmark = pytest.mark.graphviz

ROOT = Path(__file__).resolve().parent.parent.parent
SVG_NS = "{http://www.w3.org/2000/svg}"

# Attributes Graphviz would use to read a file, fetch something or make a link.
DANGEROUS = {
    "image", "imagepath", "imagescale", "imagepos", "shapefile", "fontpath", "fontnames", "stylesheet",
    "url", "href", "labelurl", "headurl", "tailurl", "edgeurl", "labelhref", "headhref", "tailhref",
    "edgehref", "target", "tooltip", "labeltooltip", "headtooltip", "tailtooltip", "edgetooltip",
    "layers", "layerselect", "shape=epsf", "peripheries",
}  # fmt: skip
# Every attribute treemind emits (graph, node, edge, marker and cross-link statements).
ATTRIBUTES = {
    "bgcolor", "pad", "splines", "outputorder", "fixedsize", "margin", "penwidth", "arrowhead",
    "arrowtail", "pos", "width", "height", "shape", "style", "fillcolor", "label", "id", "class",
    "color", "dir", "arrowsize", "lp",
}  # fmt: skip
LABEL_TAGS = {"TABLE", "TR", "TD", "FONT", "B", "I", "S"}
LABEL_ATTRIBUTES = {
    "BORDER", "CELLBORDER", "CELLSPACING", "CELLPADDING", "FIXEDSIZE", "WIDTH", "HEIGHT", "ALIGN",
    "FACE", "POINT-SIZE", "COLOR",
}  # fmt: skip
SHAPES = {"box", "underline", "plaintext", "ellipse", "hexagon"}  # Graphviz shapes: no file

BREAKOUT = '"]; node [image="/etc/passwd" shapefile="/etc/passwd"]; a -> b [URL="javascript:x"] //'
HTML_LIKE = 'x >> ]; n0 [image="/etc/passwd"] <IMG SRC="/etc/passwd"/> <B>bold?</B> </FONT></TD></TR></TABLE>'
ESCAPES = "\\N \\G \\L \\E \\T \\H \\l \\r \\n \\\\ \\"


def split_labels(dot: str) -> tuple[str, list[str]]:
    """The DOT with each HTML-like label replaced by `<>`, and the labels' insides."""
    out, labels, i = [], [], 0
    while (start := dot.find("label=<", i)) >= 0:
        out.append(dot[i : start + 6])
        depth, j = 0, start + 6
        while True:
            depth += {"<": 1, ">": -1}.get(dot[j], 0)
            j += 1
            if depth == 0:
                break
        labels.append(dot[start + 7 : j - 1])
        out.append("<>")
        i = j
    out.append(dot[i:])
    return "".join(out), labels


def check_dot(dot: str) -> list[str]:
    """Every statement, attribute and label element is one treemind emits; returns the labels."""
    outside, labels = split_labels(dot)
    lines = [ln.strip() for ln in outside.strip().splitlines()]
    assert lines[0] == "digraph mindmap {" and lines[-1] == "}"
    for line in lines[1:-1]:
        if line.startswith("// treemind-source "):
            assert re.fullmatch(r"// treemind-source [0-9a-f]{64}", line), line
            continue
        found = re.fullmatch(r"(graph|node|edge|n[0-9_]+|m_n[0-9_]+|n[0-9_]+ -> n[0-9_]+) \[(.*)\]", line)
        assert found, line
        # attribute values: a quoted string without quotes inside, `<>` (a label), or a bare word
        rest = found.group(2)
        pairs = re.findall(r'([A-Za-z_]+)=("[^"]*"|<>|[^\s"]+)', rest)
        assert re.sub(r'([A-Za-z_]+)=("[^"]*"|<>|[^\s"]+)', "", rest).strip() == "", line
        for name, value in pairs:
            assert name in ATTRIBUTES, (name, line)
            assert name.lower() not in DANGEROUS
            if name == "shape":
                assert value.strip('"') in SHAPES, line
    for label in labels:
        for tag, attrs in re.findall(r"</?([A-Za-z-]+)([^<>]*)>", label):
            assert tag in LABEL_TAGS, (tag, label[:200])
            for attr in re.findall(r'([A-Za-z-]+)="[^"]*"', attrs):
                assert attr in LABEL_ATTRIBUTES, (attr, label[:200])
        text = re.sub(r"<[^<>]*>", "", label)
        assert "<" not in text and ">" not in text  # user text is escaped: it cannot close the label
    return labels


def label_texts(labels: list[str]) -> list[str]:
    """The user text of each label, as it is in the DOT (still escaped)."""
    return [re.sub(r"<[^<>]*>", "", label) for label in labels]


def render_dot(cli, src: Path) -> str:
    result = cli(["render", src, "-f", "dot", "-o", "-"])
    assert result.code == 0, result.err
    return result.out.decode("utf-8")


def render_svg(cli, src: Path) -> ET.Element:
    result = cli(["render", src, "-o", "-"])
    assert result.code == 0, result.err
    return ET.fromstring(result.out)


def drawn_lines(svg: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in svg.iter(f"{SVG_NS}text")]


# --- labels ------------------------------------------------------------------------------------


@pytest.mark.parametrize("ext", ["md", "txt", "json"])
@pytest.mark.parametrize("text", [BREAKOUT, HTML_LIKE], ids=["quote-breakout", "html-like"])
def test_label_cannot_leave_its_label(cli, tmp_path: Path, ext: str, text: str) -> None:
    src = tmp_path / f"m.{ext}"
    if ext == "json":
        src.write_text(json.dumps({"text": "root", "children": [{"text": text}]}))
    elif ext == "md":
        src.write_text(f"# root\n- {text}\n")  # Markdown reads `<IMG .../>` as inline HTML: kept as text
    else:
        src.write_text(f"root\n  {text}\n")
    dot = render_dot(cli, src)
    labels = check_dot(dot)
    # root and one topic, no extra node; in Markdown the inline <IMG/> is a picture mark (a
    # node of class "marker marker-image" holding a glyph), which is ours, not the user's
    topics = [line for line in dot.splitlines() if re.match(r"\s*n[0-9_]+ \[", line)]
    marks = [line for line in dot.splitlines() if re.match(r"\s*m_n[0-9_]+ \[", line)]
    assert len(topics) == 2 and len(labels) == 2 + len(marks)
    assert all('class="marker marker-' in line for line in marks)
    outside, _ = split_labels(dot)
    assert "passwd" not in outside and "javascript" not in outside and "IMG" not in outside
    escaped = label_texts(labels)[1]
    # a `<` the user typed is escaped or, where the format reads inline HTML (Markdown, JSON
    # labels written as HTML), a tag was read: never a raw `<` inside the label's text
    assert "&quot;" in escaped and "<" not in escaped and ">" not in escaped
    svg = render_svg(cli, src)
    assert " ".join(drawn_lines(svg)).find("passwd") >= 0  # drawn as text, not read


def test_html_like_markup_in_user_text_is_not_formatting(cli, tmp_path: Path) -> None:
    """`<B>` typed by the user is drawn as the characters `<B>`, styled like its plain sibling."""
    src = tmp_path / "m.txt"
    src.write_text("root\n  plain <B>not bold</B> <I>not italic</I>\n  control text\n")
    svg = render_svg(cli, src)
    nodes = {g.get("id"): g for g in svg.iter(f"{SVG_NS}g")}

    def styles(node: ET.Element) -> set[tuple[str | None, str | None]]:
        return {(el.get("font-weight"), el.get("font-style")) for el in node.iter(f"{SVG_NS}tspan")}

    text = " ".join("".join(t.itertext()) for t in nodes["n0_0"].iter(f"{SVG_NS}text"))  # wrapped lines
    assert text == "plain <B>not bold</B> <I>not italic</I>"
    assert styles(nodes["n0_0"]) == styles(nodes["n0_1"])  # one style, the theme's for the level
    assert len(styles(nodes["n0_0"])) == 1


def test_a_run_of_only_brackets_draws(cli, tmp_path: Path) -> None:
    """`[[label](url)]` splits into the runs `[`, the link and `]`; Graphviz 2.43 rejects an HTML
    label text that is only `]` (seen in a real README), so brackets are character references."""
    src = tmp_path / "m.md"
    src.write_text("# Demo\n- [Render](https://example.com/a) [[国内版](https://example.com/b)]\n- x ]] y\n")
    svg = render_svg(cli, src)
    nodes = {g.get("id"): g for g in svg.iter(f"{SVG_NS}g")}
    assert "".join(nodes["n0_0"].itertext()).endswith("Render [国内版]")
    assert "x ]] y" in "".join(nodes["n0_1"].itertext())


@pytest.mark.parametrize("ext", ["md", "txt"])
def test_graphviz_escapes_are_drawn_literally(cli, tmp_path: Path, ext: str) -> None:
    src = tmp_path / f"m.{ext}"
    src.write_text(f"# root\n- {ESCAPES}\n" if ext == "md" else f"root\n  {ESCAPES}\n")
    result = cli(["render", src, "-f", "json", "-o", "-"])
    assert result.code == 0, result.err
    expected = json.loads(result.out)["nodes"][1]["text"]  # what the parser made of the text
    assert "\\N" in expected and "\\G" in expected
    labels = check_dot(render_dot(cli, src))
    assert expected.replace("\\", "\\\\") in label_texts(labels)[1]  # every backslash doubled
    drawn = " ".join(drawn_lines(render_svg(cli, src)))
    assert expected in drawn, drawn  # not the node's name (\N), the graph's (\G) or a newline


# --- cross-link labels -------------------------------------------------------------------------


def _xmind_with_relationship(title: str) -> bytes:
    sheet = {
        "title": "S",
        "rootTopic": {
            "id": "r",
            "title": "root",
            "children": {"attached": [{"id": "a", "title": "a"}, {"id": "b", "title": "b"}]},
        },
        "relationships": [{"id": "x", "end1Id": "a", "end2Id": "b", "title": title}],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.json", json.dumps([sheet]))
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["mm", "xmind", "json"])
@pytest.mark.parametrize(
    "text", [BREAKOUT, HTML_LIKE, ESCAPES], ids=["quote-breakout", "html-like", "escapes"]
)
def test_crosslink_label_cannot_leave_its_label(cli, tmp_path: Path, fmt: str, text: str) -> None:
    src = tmp_path / f"m.{fmt}"
    if fmt == "mm":
        src.write_text(
            '<map version="1.0.1"><node TEXT="root"><node TEXT="a" ID="A">'
            f'<arrowlink DESTINATION="B" MIDDLE_LABEL={quoteattr(text)}/></node>'
            '<node TEXT="b" ID="B"/></node></map>'
        )
    elif fmt == "xmind":
        src.write_bytes(_xmind_with_relationship(text))
    else:
        doc = {
            "root": {"text": "root", "children": [{"text": "a", "id": "A"}, {"text": "b", "id": "B"}]},
            "links": [{"from": "A", "to": "B", "label": text}],
        }
        src.write_text(json.dumps(doc))
    dot = render_dot(cli, src)
    labels = check_dot(dot)
    assert len(labels) == 4, labels  # root, a, b and the cross-link's label
    assert re.search(r"n0_0 -> n0_1 \[.*class=\"crosslink\"", dot), "the cross-link was not drawn"
    svg = render_svg(cli, src)
    drawn = " ".join(drawn_lines(svg))
    expected = text.split()[0]
    assert expected in drawn


# --- every example and fixture -----------------------------------------------------------------


@pytest.mark.parametrize("folder", ["examples", "tests/fixtures"])
def test_no_file_reading_attribute_for_any_known_input(cli, tmp_path: Path, folder: str) -> None:
    out = tmp_path / "dot"
    result = cli(["render", ROOT / folder, "--include", "*", "--out-dir", out, "-f", "dot", "-q", "-j", "2"])
    assert result.code == 0, result.err
    dots = sorted(out.rglob("*.dot"))
    assert len(dots) >= 5
    for path in dots:
        dot = path.read_text("utf-8")
        check_dot(dot)
        lowered = split_labels(dot)[0].lower()
        for name in ("image=", "shapefile=", "fontpath=", "imagepath=", "url=", "href=", "stylesheet="):
            assert name not in lowered, (path, name)
