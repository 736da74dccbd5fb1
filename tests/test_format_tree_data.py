"""YAML and JSON trees (plain nodes, documents, jsMind, simple-mind-map, mind-elixir, shorthand)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import geometry
from format_helpers import (
    FIXTURES_ROOT,
    by_text,
    fixture_loader,
    load_both_ways,
    render_fails,
    text_parser,
    texts,
)
from geometry_checks import check_all

from treemind_render.errors import LimitError, OutlineError
from treemind_render.model import Tree, count_nodes
from treemind_render.parsers import parse

FIXTURES = FIXTURES_ROOT
load = fixture_loader(FIXTURES)
yaml_tree = text_parser("x.yaml")
json_text = text_parser("x.json")


def json_tree(data: object, **kwargs) -> Tree:
    return json_text(json.dumps(data, ensure_ascii=False), **kwargs)


def links(tree: Tree) -> list[tuple[str, str, str | None]]:
    return [(c.source, c.target, c.label) for c in tree.crosslinks]


# --- YAML fixtures ------------------------------------------------------------------------------


def test_yaml_document_form() -> None:
    tree = load("yaml/roadmap.yaml")
    nodes = by_text(tree)
    assert count_nodes(tree.root) == 14
    assert (tree.title, tree.theme, tree.layout, tree.tags) == (
        "Roadmap 2025",
        "pastel",
        "right",
        ("planning", "2025"),
    )
    assert tree.root.text == "Platform"
    assert tree.root.note == "Owned by the platform team.\nReviewed every quarter."
    assert texts(tree.root) == ["Q1 — Accounts", "Q2 — Billing 請求", "Q3 — Mobile", "…"]
    q1 = nodes["Q1 — Accounts"]
    assert q1.side == "left"
    # every CSS colour name is read (papayawhip too)
    assert dict(q1.attrs) == {
        "color": "#2e86de",
        "fill": "#ffefd5",
        "text": "#000080",
        "tags": "security,认证",
    }
    assert texts(q1) == ["Single sign-on", "Passkeys", "2024"]  # a number label, as written
    assert nodes["Passkeys"].link == "https://example.com/passkeys"
    assert dict(nodes["Passkeys"].attrs) == {"todo": "TODO"}
    q2 = nodes["Q2 — Billing 請求"]
    assert q2.folded and dict(q2.attrs) == {"markers": "priority-1"}
    assert texts(q2) == ["Invoices", "Refunds", "Tax rules"]  # the tab became a space
    assert not nodes["Q3 — Mobile"].folded and dict(nodes["Q3 — Mobile"].attrs) == {"icon": "phone"}
    assert (nodes["iOS"].checked, nodes["Android"].checked) == (True, False)
    assert texts(nodes["…"]) == ["Backlog triage"]  # the empty node without children is gone
    assert links(tree) == [("n0_0", "n0_1", "needs")]
    assert tree.warnings == ("cross-link to unknown id 'mobile-web' dropped",)


def test_yaml_with_bom_crlf_and_shorthand_children() -> None:
    data = (FIXTURES / "yaml/学习计划.yml").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    tree = load("yaml/学习计划.yml")
    nodes = by_text(tree)
    assert count_nodes(tree.root) == 11
    assert tree.title == tree.root.text == "学习计划 2025"
    assert texts(tree.root) == ["语言 Languages", "数学", "読書"]
    assert [c.side for c in tree.root.children] == ["right", "left", None]
    assert dict(nodes["语言 Languages"].attrs) == {"fill": "#fde2e4"}
    assert nodes["Español B1"].note == "每天 30 分钟\n週末は復習"
    assert nodes["数学"].folded
    assert texts(nodes["数学"]) == ["线性代数", "概率论"]
    assert texts(nodes["线性代数"]) == ["矩阵", "特征值"]
    assert texts(nodes["概率论"]) == ["贝叶斯"]
    assert tree.warnings == ()


def test_yaml_top_level_list_is_rooted_at_the_file_name() -> None:
    tree = load("yaml/reading-list.yaml")
    nodes = by_text(tree)
    assert count_nodes(tree.root) == 11
    assert tree.root.text == tree.title == "reading-list"
    assert texts(tree.root) == ["Fiction", "Non-fiction", "Someday"]  # the empty item is skipped
    assert texts(nodes["Fiction"]) == ["三体 (The Three-Body Problem)", "ノルウェイの森", "Dune"]
    assert dict(nodes["Dune"].attrs) == {"tags": "sci-fi,classic"}
    assert texts(nodes["Non-fiction"]) == ["Thinking, Fast and Slow", "…"]
    assert texts(nodes["…"]) == ["Atomic Habits", "Deep Work"]  # a list in a list
    assert nodes["Someday"].folded  # `yes` is YAML's true


def test_yaml_shorthand_mapping() -> None:
    tree = load("yaml/team.yaml")
    nodes = by_text(tree)
    assert count_nodes(tree.root) == 11
    assert tree.root.text == "Company"
    assert texts(tree.root) == ["Engineering", "Sales", "Support"]
    assert texts(nodes["Frontend"]) == ["Web", "移动端"]
    assert texts(nodes["Backend"]) == ["API", "Data"]
    assert nodes["Data"].note == "Warehouse and pipelines"
    assert texts(nodes["Sales"]) == ["営業チーム"]
    assert texts(nodes["Support"]) == []


# --- JSON fixtures -------------------------------------------------------------------------------


def test_plain_json_with_bom_crlf_and_tabs() -> None:
    data = (FIXTURES / "json/incident.json").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n\t" in data
    tree = load("json/incident.json")
    nodes = by_text(tree)
    assert count_nodes(tree.root) == 9
    assert tree.title == "Incident review 事故复盘"
    assert tree.layout == "down"  # a root node may name the layout
    assert texts(nodes["Timeline"]) == ["09:12 alert", "09:20 rollback"]
    assert nodes["Causes"].link == "https://status.example.com/incidents/42"
    assert dict(nodes["Config drift"].attrs) == {"color": "#dc143c", "fill": "#fff3f3", "markers": "flag-red"}
    assert nodes["Actions 対策"].folded
    assert dict(nodes["Alert on drift"].attrs) == {"todo": "DONE"} and nodes["Alert on drift"].checked


def test_jsmind_node_tree() -> None:
    tree = load("json/jsmind-tree.json")
    nodes = by_text(tree)
    assert count_nodes(tree.root) == 9
    assert tree.title == "Trip to Japan"  # jsMind meta.name
    assert tree.root.text == "Trip to Japan 日本旅行"
    assert [c.side for c in tree.root.children] == ["right", "left", "right"]
    assert [c.folded for c in tree.root.children] == [False, True, False]
    assert dict(nodes["Shibuya 渋谷"].attrs) == {"fill": "#ffcc00", "text": "#333333"}
    assert dict(nodes["Budget"].attrs) == {"color": "#e74c3c"}
    assert texts(nodes["Kyoto 京都"]) == ["Fushimi Inari", "金閣寺"]


def test_jsmind_node_array() -> None:
    tree = load("json/jsmind-array.json")
    assert count_nodes(tree.root) == 6
    assert tree.title == tree.root.text == "Reading club 読書会"  # "jsMind-demo-array" is a default name
    assert texts(tree.root) == ["Fiction", "Schedule"]
    assert texts(tree.root.children[0]) == ["村上春樹", "刘慈欣"]
    assert [c.side for c in tree.root.children] == ["right", "left"]
    assert tree.root.children[1].folded
    assert tree.warnings == ("1 jsMind node not connected to the root: dropped",)


def test_simple_mind_map() -> None:
    tree = load("json/simple-mind-map.json")
    nodes = by_text(tree)
    assert count_nodes(tree.root) == 8
    assert tree.root.text == "Website redesign"  # rich text: tags and &nbsp; gone
    assert tree.layout == "right"  # logicalStructure
    content = nodes["Content"]
    assert content.note == "Audit all pages"
    assert dict(content.attrs) == {
        "fill": "#e3f2fd",
        "text": "#0d47a1",  # simple-mind-map's `color` is the text colour
        "color": "#1976d2",
        "tags": "Q3,SEO",
        "icon": "priority_1",
    }
    assert nodes["Copy 文案"].link == "https://example.com/style-guide"
    assert nodes["Development"].folded
    assert links(tree) == [("n0_0", "n0_1", "hand-off")]
    assert tree.warnings == (
        "the editor's theme 'classic4' is not used; pick a theme with --theme",
        "cross-link to unknown id 'u-missing' dropped",
    )


def test_mind_elixir() -> None:
    tree = load("json/mind-elixir.json")
    nodes = by_text(tree)
    assert count_nodes(tree.root) == 6
    assert tree.title == "Mind Elixir 思维导图"
    assert dict(tree.root.attrs) == {"fill": "#00aaff", "text": "#ffffff"}
    assert [c.side for c in tree.root.children] == ["left", "right"]  # direction 0 and 1
    assert nodes["How to use"].folded and dict(nodes["How to use"].attrs) == {"color": "#ff7f50"}
    assert dict(nodes["npm i mind-elixir"].attrs) == {"text": "#c0392b"}
    assert dict(nodes["A mind map core"].attrs) == {"tags": "core", "icon": "😀"}
    assert nodes["No framework 依存なし"].link == "https://github.com/ssshooter/mind-elixir-core"
    assert links(tree) == [("n0_0_0", "n0_1_0", "leads to")]


# --- sniffing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "json/incident.json",
        "json/jsmind-tree.json",
        "json/jsmind-array.json",
        "json/simple-mind-map.json",
        "json/mind-elixir.json",
        "yaml/学习计划.yml",
    ],
)
def test_sniffed_like_by_extension(path: str) -> None:
    named, sniffed = load_both_ways(load, path)
    assert sniffed.root == named.root
    assert sniffed.crosslinks == named.crosslinks


# --- shapes, one at a time -----------------------------------------------------------------------


def test_label_keys_in_order_of_preference() -> None:
    tree = yaml_tree("name: N\ntopic: T\ntitle: Ti\nchildren: [{name: a}, {topic: b}, {title: c}]\n")
    assert tree.root.text == "Ti"
    assert texts(tree.root) == ["a", "b", "c"]


def test_labels_are_cleaned() -> None:
    tree = json_tree(
        {"text": "  two\n lines\u0007 ", "children": ["\t", {"text": ""}, {"text": None, "note": "n"}]}
    )
    assert tree.root.text == "two lines"
    assert texts(tree.root) == ["…"]  # empty nodes go, unless they hold a note
    assert tree.root.children[0].note == "n"


def test_one_item_list_is_the_root() -> None:
    assert yaml_tree("- text: Only\n  children: [a]\n").root.text == "Only"


def test_scalar_document_is_one_node() -> None:
    tree = yaml_tree("just a title\n")
    assert (tree.root.text, tree.root.children) == ("just a title", ())


def test_document_root_without_label_takes_the_title() -> None:
    tree = yaml_tree("title: Plan\nroot:\n  children: [a, b]\n")
    assert (tree.root.text, texts(tree.root)) == ("Plan", ["a", "b"])


def test_document_root_may_be_a_list() -> None:
    tree = yaml_tree("title: Plan\nroot: [a, b]\n", source="dir/plan.yaml")
    assert (tree.title, tree.root.text, texts(tree.root)) == ("Plan", "Plan", ["a", "b"])


def test_document_root_may_be_one_string_and_meta_alone_is_not_jsmind() -> None:
    tree = yaml_tree("meta: {author: me}\ntitle: Plan\nroot: Only topic\n")
    assert (tree.title, tree.root.text, tree.root.children) == ("Plan", "Only topic", ())


def test_simple_mind_map_node_without_wrapper() -> None:
    tree = json_tree({"data": {"text": "Root", "expand": False}, "children": [{"data": {"text": "A"}}]})
    assert (tree.root.text, tree.root.folded, texts(tree.root)) == ("Root", True, ["A"])


def test_simple_mind_map_layout_without_counterpart() -> None:
    tree = json_tree({"layout": "fishbone", "root": {"data": {"text": "R"}, "children": []}})
    assert tree.layout is None
    assert tree.warnings == ("simple-mind-map layout 'fishbone' has no match here; the default is used",)


def test_folded_spellings() -> None:
    tree = yaml_tree(
        "text: r\nchildren:\n- {text: a, folded: true}\n- {text: b, collapsed: true}\n"
        "- {text: c, expanded: false}\n- {text: d, expanded: true}\n- {text: e, folded: 1}\n"
    )
    assert [c.folded for c in tree.root.children] == [True, True, True, False, True]


def test_sides_and_bad_side() -> None:
    tree = json_tree(
        {
            "text": "r",
            "children": [
                {"text": "a", "side": "LEFT"},
                {"text": "b", "direction": -1},
                {"text": "c", "dir": "right"},
                {"text": "d", "side": "up"},
            ],
        }
    )
    assert [c.side for c in tree.root.children] == ["left", "left", "right", None]
    assert tree.warnings == ("node 'd': side 'up' is not left or right; ignored",)


def test_link_spellings_and_attrs() -> None:
    tree = yaml_tree(
        "text: r\nchildren:\n- {text: a, url: 'https://a.example'}\n- {text: b, hyperlink: 'mailto:x@y.z'}\n"
        "- {text: c, href: 'javascript:alert(1)', class: [risk, 'big, bold'], shape: pill}\n"
    )
    a, b, c = tree.root.children
    assert (a.link, b.link, c.link) == ("https://a.example", "mailto:x@y.z", "javascript:alert(1)")
    assert dict(c.attrs) == {"class": "risk,big  bold", "shape": "pill"}


def test_bad_colours_are_dropped_with_a_warning() -> None:
    tree = json_tree(
        {"text": "r", "style": {"color": "url(#x)", "fill": "none", "text": "#12345"}, "color": "red"}
    )
    assert dict(tree.root.attrs) == {"color": "#ff0000"}
    assert len(tree.warnings) == 2 and all("is not a colour" in w for w in tree.warnings)


def test_non_text_label_and_settings_warn() -> None:
    tree = yaml_tree("title: [a, b]\ntheme: {x: 1}\nroot:\n  text: {bad: label}\n  children: [c]\n")
    assert tree.root.text == "x" and texts(tree.root) == ["c"]  # no label, no valid title: the file
    assert "'title' must be text, not a list; ignored" in tree.warnings
    assert "a label must be text, not a mapping; shown as '…'" in tree.warnings


def test_duplicate_ids_and_self_links() -> None:
    tree = json_tree(
        {
            "root": {
                "text": "r",
                "id": "a",
                "children": [{"text": "x", "id": "a"}, {"text": "y", "id": "b"}],
            },
            "links": [{"from": "b", "to": "a"}, {"from": "b", "to": "b"}, "nonsense"],
        }
    )
    assert links(tree) == [("n0_1", "n0", None)]
    assert "id 'a' is used by two nodes; links to it go to the first" in tree.warnings
    assert "cross-link from 'y' to itself dropped" in tree.warnings
    assert "a link must be a mapping like {from: ID, to: ID}, not a str" in tree.warnings


def test_link_to_a_pruned_node_is_dropped() -> None:
    tree = json_tree(
        {
            "root": {"text": "r", "id": "r", "children": [{"id": "gone"}]},
            "links": [{"from": "r", "to": "gone"}],
        }
    )
    assert tree.crosslinks == ()
    assert any("an end is not drawn" in w for w in tree.warnings)


def test_warnings_are_capped() -> None:
    tree = json_tree({"text": "r", "children": [{"text": str(i), "side": "up"} for i in range(100)]})
    assert len(tree.warnings) == 31
    assert tree.warnings[-1] == "... and 70 more warnings like these"


def test_jsmind_freemind_format_is_refused() -> None:
    with pytest.raises(OutlineError, match="save its data as a .mm file"):
        json_tree({"meta": {"name": "x"}, "format": "freemind", "data": "<map/>"})


def test_jsmind_bad_data() -> None:
    with pytest.raises(OutlineError, match="expected format 'node_tree' with a data mapping"):
        json_tree({"meta": {}, "format": "node_tree", "data": [1]})


def test_nothing_to_draw() -> None:
    with pytest.raises(OutlineError, match="no topics found"):
        json_tree([{"note": None}, None])
    with pytest.raises(OutlineError, match="the YAML holds no value"):
        yaml_tree("# only a comment\n")


def test_node_and_depth_limits() -> None:
    with pytest.raises(LimitError, match="more than 10 nodes"):
        json_tree({"text": "r", "children": [str(i) for i in range(20)]}, max_nodes=10)
    deep: dict = {"text": "leaf"}
    for _ in range(150):
        deep = {"text": "x", "children": [deep]}
    with pytest.raises(LimitError, match="nested 101 levels deep, over the limit of 100"):
        json_tree(deep)


def test_yaml_deeper_than_the_reader_takes() -> None:
    # --limit-depth raised past what the recursive YAML composer can follow
    with pytest.raises(LimitError, match="YAML nesting too deep for the YAML reader"):
        yaml_tree("[" * 1500 + "]" * 1500, max_depth=5000)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("text: a\n  b: c\n", 2, "invalid YAML: mapping values are not allowed here"),
        ("a: &x [1]\nb: *x\n", 2, "YAML aliases (*name) are not allowed; write the value out again"),
        ("text: 'open\n", 2, "invalid YAML: found unexpected end of stream (while scanning a quoted scalar)"),
        ("text:\tPlan\n", 1, "invalid YAML: found character '\\t' that cannot start any token"),
        ("text: 2024-13-45\n", None, "invalid YAML value: month must be in 1..12"),
        ("text: !!bool maybe\n", None, "invalid YAML value: a scalar does not fit the type its tag"),
        ("text: !!timestamp soon\n", None, "invalid YAML value: a scalar does not fit the type its tag"),
        ("a: b\n---\nc: d\n", 2, "invalid YAML: expected a single document in the stream but found another"),
    ],
)
def test_yaml_errors(text: str, line: int | None, message: str) -> None:
    with pytest.raises(OutlineError) as info:
        yaml_tree(text)
    assert info.value.line == line
    assert info.value.message.startswith(message), info.value.message


@pytest.mark.parametrize(
    ("text", "line", "start"),
    [
        ('{"text": "a",\n "children": [}', 2, "invalid JSON at column 15: Expecting value"),
        ('{"text": "a"', 1, "invalid JSON at column 13: Expecting ',' delimiter"),
        ('{"text": 1' + "1" * 5000 + "}", None, "invalid JSON value: Exceeds the limit"),
    ],
)
def test_json_errors(text: str, line: int | None, start: str) -> None:
    with pytest.raises(OutlineError) as info:
        parse(text.encode(), source="x.json")
    assert info.value.line == line
    assert info.value.message.startswith(start)


# --- end to end and hostile, through the CLI ---------------------------------------------------------


@pytest.mark.graphviz
@pytest.mark.fonts
@pytest.mark.parametrize("path", ["yaml/roadmap.yaml", "json/simple-mind-map.json"])
def test_render_passes_geometry_checks(cli, path: str) -> None:
    doc = geometry(cli, FIXTURES / path)
    assert len(doc["nodes"]) >= 6
    check_all(doc)


ROADMAP = (FIXTURES / "yaml/roadmap.yaml").read_text("utf-8")
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)
HOSTILE = {
    "malformed.yaml": ("text: [a, b\nchildren: c\n", "invalid YAML"),
    "truncated.yaml": (ROADMAP[: ROADMAP.index("to: billing")], "invalid YAML"),
    "alias-bomb.yaml": (ALIAS_BOMB, "YAML aliases (*name) are not allowed"),
    # libyaml's own depth limit (PyYAML >= 6.0.4) may stop the pre-check first: both messages
    # say the nesting is too deep
    "deep-flow.yaml": ("[" * 100_000 + "]" * 100_000, "YAML nest"),
    "deep-block.yaml": ("- " * 100_000 + "x\n", "YAML nested over 208 levels"),
    "deep-map.yaml": ("{a: " * 100_000 + "1" + "}" * 100_000, "YAML nested over 208 levels"),
    "wide.yaml": ("[" + ", ".join(["a"] * 500_000) + "]", "YAML holds over 401,000 values"),
    "malformed.json": ('{"text": "a", children: []}', "invalid JSON at column 15"),
    "truncated.json": ((FIXTURES / "json/jsmind-tree.json").read_text("utf-8")[:400], "invalid JSON"),
    "deep.json": ("[" * 100_000 + "]" * 100_000, "JSON nesting too deep"),
    "deep-objects.json": ('{"children": [' * 100_000 + "]}" * 100_000, "JSON nesting too deep"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_inputs_fail_cleanly(cli, tmp_path: Path, name: str) -> None:
    text, expected = HOSTILE[name]
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    line = render_fails(cli, src)
    assert expected in line


def test_labels_written_as_html_are_plain_text() -> None:
    # My Mind (.mymind is JSON) keeps labels as HTML.
    from treemind_render.parsers import parse

    kids = b'[{"text": "<b>Rich</b> <i>text</i>"}, {"text": "a &gt; b"}, {"text": "x < y"}]'
    body = b'{"root": {"text": "My Mind<br>Features", "children": ' + kids + b"}}"
    tree = parse(body, source="x.json")
    assert [tree.root.text, *(c.text for c in tree.root.children)] == [
        "My Mind Features",
        "Rich text",
        "a > b",
        "x < y",
    ]
