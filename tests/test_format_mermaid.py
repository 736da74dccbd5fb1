"""Mermaid mindmap input: fixtures through `parsers.parse` (by extension and by sniffing), one
render through the CLI with the geometry checks, and hostile files through the CLI."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import HANG_GUARD
from format_helpers import (
    FIXTURES_ROOT,
    check_every_fixture_is_checked,
    check_hostile_file_fails_cleanly,
    check_node_and_depth_limits,
    fixture_loader,
    load_both_ways,
    node,
    outline_error,
    render_fixture,
    text_parser,
    texts,
)

from treemind_render.errors import OutlineError
from treemind_render.model import Span, count_nodes, line_break, walk

FIXTURES = FIXTURES_ROOT / "mermaid"
COUNTS = {"product_launch.mmd": 21, "study_plan.mermaid": 12, "roadmap_zh_ja.mmd": 9}
load = fixture_loader(FIXTURES)
mmd = text_parser("x.mmd")


# --- fixtures --------------------------------------------------------------------------------


def test_every_fixture_is_checked() -> None:
    check_every_fixture_is_checked(FIXTURES, COUNTS)


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_fixture_by_extension_and_by_sniffing(name: str) -> None:
    by_name, sniffed = load_both_ways(load, name, COUNTS)
    assert by_name.root == sniffed.root
    assert by_name.title == sniffed.title
    assert by_name.warnings == ()


def test_product_launch() -> None:
    tree = load("product_launch.mmd")
    root = tree.root
    assert (tree.title, root.text, root.line) == ("Product launch", "Product launch", 2)
    assert dict(root.attrs) == {"shape": "circle", "class": "mermaid-circle"}
    assert texts(root) == ["Research", "Build", "Marketing", "Support"]
    assert texts(node(tree, "Competitor review")) == ["Pricing pages", "Feature matrix"]
    assert texts(node(tree, "Social")) == ["LinkedIn", "Mastodon"]
    assert node(tree, "Mastodon").line == 19
    assert all(p.node.attrs == () for p in walk(root) if p.depth > 0)  # plain text: no shape


def test_study_plan_frontmatter_shapes_icons_classes_and_markdown() -> None:
    # CRLF line endings, YAML frontmatter, an init directive and a comment before `mindmap`.
    tree = load("study_plan.mermaid")
    root = tree.root
    assert tree.title == "Study plan 2025"
    assert (root.text, root.line) == ("Study plan", 11)
    assert root.spans == (Span("Study", bold=True), Span(" plan"))
    assert texts(root) == ["Mathematics", "Exams", "Reading list three books per term", "Rest", "Habits"]
    maths, exams, reading, rest, habits = root.children
    assert dict(maths.attrs) == {"shape": "box", "class": "mermaid-square", "icon": "fa fa-square-root-alt"}
    assert texts(maths) == ["Linear algebra", "Probability"]
    assert dict(maths.children[1].attrs) == {"shape": "rounded", "class": "mermaid-rounded,hard"}
    assert dict(exams.attrs) == {"shape": "bang", "class": "mermaid-bang"}
    assert [dict(c.attrs)["class"] for c in exams.children] == ["mermaid-hexagon", "mermaid-cloud"]
    assert texts(exams) == ["Mock exam in May", "Revision week"]
    # A markdown string over two lines, with <br/>: both are line breaks, as Mermaid draws them.
    assert reading.line == 20
    assert reading.spans == (
        Span("Reading list"),
        line_break(),
        Span("three", italic=True),
        Span(" books"),
        line_break(),
        Span("per term"),
    )
    assert dict(rest.attrs) == {"shape": "circle", "class": "mermaid-circle", "icon": "mdi mdi-sleep"}
    assert (habits.line, texts(habits)) == (24, ["Daily 30 minutes", "Flashcards"])


def test_roadmap_bom_tabs_chinese_japanese() -> None:
    tree = load("roadmap_zh_ja.mmd")
    root = tree.root
    assert (tree.title, root.line) == ("产品路线图", 2)
    assert texts(root) == ["第一季度", "第二季度", "第三季度"]
    assert texts(root.children[1]) == ["ベータ版リリース", "フィードバック収集"]
    assert dict(node(tree, "正式发布").attrs) == {"class": "milestone"}


# --- smaller cases ---------------------------------------------------------------------------


def test_parent_is_nearest_line_indented_less() -> None:
    # Mermaid's "unclear indentation" example: C is indented less than B but more than A.
    tree = mmd("mindmap\n    Root\n        A\n            B\n          C\n      D\n")
    assert texts(tree.root) == ["A", "D"]
    assert texts(tree.root.children[0]) == ["B", "C"]


def test_each_shape_and_the_label_inside() -> None:
    body = "mindmap\n r\n  a[square]\n  b(rounded)\n  c((circle))\n  d))bang((\n  e)cloud(\n  f{{hex}}\n"
    tree = mmd(body)
    shapes = [(c.text, dict(c.attrs)["shape"], dict(c.attrs)["class"]) for c in tree.root.children]
    assert shapes == [
        ("square", "box", "mermaid-square"),
        ("rounded", "rounded", "mermaid-rounded"),
        ("circle", "circle", "mermaid-circle"),
        ("bang", "bang", "mermaid-bang"),
        ("cloud", "cloud", "mermaid-cloud"),
        ("hex", "hexagon", "mermaid-hexagon"),
    ]


def test_labels_with_brackets_quotes_comments_and_breaks() -> None:
    body = (
        "mindmap\n root\n"
        '  a["text with (parens) and ] bracket"]\n'
        "  b[50%% done] %% a trailing comment (with parens)\n"
        "  plain text %% comment\n"
        "  c[first<br>second<BR/>third]\n"
        "  d[]\n"
        "  Topic :::urgent\n"
        "  e(x) :::big\n"
    )
    tree = mmd(body)
    assert texts(tree.root) == [
        "text with (parens) and ] bracket",
        "50%% done",
        "plain text",
        "first second third",
        "d",
        "Topic",
        "x",
    ]
    assert dict(tree.root.children[5].attrs) == {"class": "urgent"}
    assert dict(tree.root.children[6].attrs)["class"] == "mermaid-rounded,big"


def test_markdown_bold_italic_nested() -> None:
    tree = mmd('mindmap\n r["`**bold *both*** and _it_`"]\n')
    assert tree.root.text == "bold both and it"
    assert tree.root.spans == (
        Span("bold ", bold=True),
        Span("both", bold=True, italic=True),
        Span(" and "),
        Span("it", italic=True),
    )


def test_decorations_go_to_the_previous_node_whatever_the_indent() -> None:
    tree = mmd("mindmap\n r\n  a\n    b\n::icon(fa fa-star)\n        :::one  two\n  c\n")
    b = tree.root.children[0].children[0]
    assert dict(b.attrs) == {"icon": "fa fa-star", "class": "one,two"}
    assert texts(tree.root) == ["a", "c"]


def test_multiline_directive_and_frontmatter_without_title() -> None:
    body = '---\nconfig:\n  theme: dark\n---\n%%{\n  init: {"theme": "dark"}\n}%%\nMindMap\n  only root\n'
    tree = mmd(body, source="maps/Ideas.mmd")
    assert (tree.title, tree.root.text, count_nodes(tree.root)) == ("only root", "only root", 1)


@pytest.mark.parametrize(
    ("body", "message", "line"),
    [
        ("mindmap\n  a\n    b\n  c\n", "a second top-level node 'c': a Mermaid mindmap has one root", 4),
        ("mindmap\n    a\n  b\n", "a second top-level node 'b'", 3),
        ("graph TD\n  A-->B\n", "expected 'mindmap' but found 'graph TD'", 1),
        ("%% hi\n\nflowchart LR\nmindmap\n a\n", "expected 'mindmap' but found 'flowchart LR'", 3),
        ("just text\n", "expected 'mindmap' but found 'just text'", 1),
        ("mindmap\n\n%% nothing\n", "no nodes after 'mindmap'", 1),
        ("mindmap\n  a[never closed\n", "node shape opened by '[' is not closed by ']'", 2),
        ("mindmap\n  a((circle) x\n", "node shape opened by '((' is not closed by '))'", 2),
        ('mindmap\n  r\n   a["`open\n  and on\n', "markdown string is never closed", 3),
        ('mindmap\n  r\n  a["quoted" tail]\n', "node shape opened by '[' is not closed", 3),
        ("mindmap\n::icon(fa fa-x)\n  a\n", "'::icon' comes before any node", 2),
        ("---\ntitle: x\n", "frontmatter opened by '---' is never closed", 1),
        ("---\ntitle: [x\n---\nmindmap\n a\n", "invalid YAML in frontmatter", 2),
        ("---\n- a\n---\nmindmap\n a\n", "frontmatter must be keys and values", 2),
        ("---\na: &x [1]\nb: *x\n---\nmindmap\n a\n", "YAML aliases (*name) are not allowed", 3),
        ("%%{init: {\n mindmap\n", "directive opened by '%%{' is never closed", 1),
    ],
)
def test_broken_files_say_what_and_where(body: str, message: str, line: int) -> None:
    error = outline_error(mmd, body)
    assert message in error.message
    assert (error.path, error.line) == ("x.mmd", line)


def test_no_mindmap_line_at_all() -> None:
    with pytest.raises(OutlineError, match="no 'mindmap' line"):
        mmd("%% only a comment\n")


def test_node_and_depth_limits() -> None:
    flat = "mindmap\n r\n" + "  x\n" * 30
    deep = "mindmap\n" + "".join(" " * i + "x\n" for i in range(7))
    check_node_and_depth_limits(mmd, flat, deep)


LONG = 10**7  # a label limit that lets these lines past parsers/bounds.py to the parser itself


def test_long_hostile_lines_are_fast() -> None:
    start = time.monotonic()
    with pytest.raises(OutlineError):
        mmd("mindmap\n root[" + "] x" * 300_000 + "\n", max_label=LONG)
    assert mmd("mindmap\n root" + " " * 1_000_000 + "x :::a\n", max_label=LONG).root.text == "root x"
    assert time.monotonic() - start < HANG_GUARD / 2


# --- through the CLI -------------------------------------------------------------------------


@pytest.mark.graphviz
@pytest.mark.fonts
def test_renders_end_to_end(cli) -> None:
    render_fixture(cli, FIXTURES, "study_plan.mermaid", COUNTS)


@pytest.mark.graphviz
@pytest.mark.fonts
@pytest.mark.parametrize("theme", ["default", "dark", "ink"])
def test_every_mermaid_shape_is_drawn_as_its_shape(cli, tmp_path: Path, theme: str) -> None:
    src = tmp_path / "shapes.mmd"
    src.write_text("mindmap\n r((root))\n  a[sq]\n  b(ro)\n  c((ci))\n  d))ba((\n  e)cl(\n  f{{hx}}\n")
    result = cli(["render", str(src), "-t", theme, "-o", "-"])
    assert result.code == 0, result.err
    svg = ET.fromstring(result.out)
    groups = {g.get("data-path"): g for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("data-path")}
    shapes = {
        path: next(c for c in g.get("class", "").split() if c.startswith("shape-"))
        for path, g in groups.items()
    }
    assert shapes == {
        "0": "shape-circle", "0.0": "shape-box", "0.1": "shape-rounded", "0.2": "shape-circle",
        "0.3": "shape-bang", "0.4": "shape-cloud", "0.5": "shape-hexagon",
    }  # fmt: skip
    drawn = {
        path: [tag for c in g if (tag := c.tag.split("}")[1]) in ("path", "polygon", "ellipse", "rect")]
        for path, g in groups.items()
    }
    assert drawn["0.2"] == ["ellipse"] and drawn["0.5"] == ["polygon"]
    for bumpy in ("0.3", "0.4"):  # redrawn as an outline of many points, not Graphviz's box
        outline = next(c for c in groups[bumpy] if c.tag.endswith("path"))
        assert outline.get("d", "").count(" ") > 10


HOSTILE = {
    "malformed.mmd": "mindmap\n  root((open\n    child\n",
    "two_roots.mmd": "mindmap\n  first\n  second\n",
    "truncated.mmd": (FIXTURES / "study_plan.mermaid").read_text(encoding="utf-8")[:60],
    "not_mindmap.mmd": "sequenceDiagram\n  Alice->>Bob: hi\n",
    "alias_bomb.mmd": (
        "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n"
            for a, b in zip("abcdefg", "bcdefgh", strict=True)
        )
        + "title: *h\n---\nmindmap\n  root\n"
    ),
    # As deep as fits under the 10 MB input limit with one space per level.
    "deep.mmd": "mindmap\n" + "".join(" " * i + "x\n" for i in range(4000)),
}


HOSTILE_MESSAGES = {
    "alias_bomb.mmd": "YAML aliases (*name) are not allowed",
    "deep.mmd": "--limit-depth",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_fails_cleanly(cli, tmp_path: Path, name: str) -> None:
    check_hostile_file_fails_cleanly(cli, tmp_path, name, HOSTILE[name], HOSTILE_MESSAGES.get(name))


def test_shape_labels_over_several_lines_as_mermaids_lexer_reads_them() -> None:
    # From mermaid's own rendering tests (cypress/integration/rendering/mindmap).
    assert mmd("mindmap\n    root[\n      The root\n    ]\n").root.text == "The root"
    circle = mmd("mindmap\n    root((\n      The root\n    ))\n").root
    assert (circle.text, dict(circle.attrs)["shape"]) == ("The root", "circle")
    ticked = mmd("mindmap\n    id1[`**Start** with\n    a second line`]\n      id2[`a *b*`]\n").root
    assert ticked.text == "Start with a second line"
    assert [s.text for s in ticked.spans if s.bold] == ["Start"]
    assert [s.text for s in ticked.children[0].spans if s.italic] == ["b"]


def test_a_quoted_label_ends_at_any_closer_as_in_mermaid() -> None:
    tree = mmd('mindmap\n    id1("`**Root**`"]\n      id2["`A *b*`"]\n')
    assert (tree.root.text, dict(tree.root.attrs)["shape"]) == ("Root", "rounded")
    assert tree.root.children[0].text == "A b"


def test_a_shape_left_open_is_still_an_error_naming_its_line() -> None:
    with pytest.raises(OutlineError) as err:
        mmd("mindmap\n  root\n    a[never closed\n    b\n")
    assert err.value.line == 3
