"""PlantUML mindmap input: fixtures through `parsers.parse` (by extension and by sniffing), one
render through the CLI with the geometry checks, and hostile files through the CLI."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import HANG_GUARD, geometry
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
    render_stderr,
    text_parser,
    texts,
)

from treemind_render.errors import OutlineError
from treemind_render.model import Span, Tree, count_nodes, walk

FIXTURES = FIXTURES_ROOT / "plantuml"
COUNTS = {
    "linux_distros.puml": 14,
    "operating_systems.plantuml": 14,
    "study_zh_ja.pu": 9,
    "two_diagrams.puml": 3,
}
load = fixture_loader(FIXTURES)
puml = text_parser("x.puml")


def diagram(lines: str, **kwargs) -> Tree:
    return puml(f"@startmindmap\n{lines}\n@endmindmap\n", **kwargs)


# --- fixtures --------------------------------------------------------------------------------


def test_every_fixture_is_checked() -> None:
    check_every_fixture_is_checked(FIXTURES, COUNTS)


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_fixture_by_extension_and_by_sniffing(name: str) -> None:
    by_name, sniffed = load_both_ways(load, name, COUNTS)
    assert by_name.root == sniffed.root
    assert (by_name.title, by_name.warnings) == (sniffed.title, sniffed.warnings)


def test_linux_distros_orgmode_with_styles_comments_and_legend() -> None:
    tree = load("linux_distros.puml")
    root = tree.root
    assert tree.warnings == ()
    assert (tree.title, root.text, root.line) == ("Linux distributions", "Linux", 17)
    assert dict(root.attrs) == {"fill": "#ffa500"}  # [#Orange]
    assert texts(root) == ["Debian", "Red Hat", "Arch", "Gentoo"]  # Slackware is in a /' comment '/
    debian = root.children[0]
    assert dict(debian.attrs) == {"fill": "#ffbbcc", "class": "debian"}
    assert texts(debian) == ["Ubuntu", "Raspberry Pi OS", "Raspmbc => OSMC"]
    assert texts(debian.children[0]) == ["Linux Mint", "Kubuntu", "Lubuntu"]
    assert debian.children[2].spans == (Span("Raspmbc", strike=True), Span(" => OSMC"))
    arch = node(tree, "Arch")
    assert (dict(arch.attrs), texts(arch), arch.line) == ({"shape": "plain"}, ["Manjaro"], 32)
    assert dict(arch.children[0].attrs) == {"shape": "plain"}
    assert all(c.side is None for c in root.children)  # no `-`, no `left side`: our layout decides


def test_operating_systems_arithmetic_sides_crlf() -> None:
    tree = load("operating_systems.plantuml")
    root = tree.root
    assert (tree.title, root.text, root.line) == ("OS", "OS", 5)  # header block skipped
    assert texts(root) == [
        "Ubuntu",
        "LMDE",
        "SolydXK",
        "SteamOS",
        "Windows 95",
        "Windows 98",
        "Windows NT",
        "macOS and iOS",
    ]
    assert [c.side for c in root.children] == ["right"] * 4 + ["left"] * 4
    assert all(p.node.side is None for p in walk(root) if p.depth != 1)
    assert texts(node(tree, "Windows NT")) == ["Windows 8", "Windows 10"]
    mac = root.children[-1]
    assert mac.spans == (Span("macOS", bold=True), Span(" and "), Span("iOS", italic=True))
    docs = mac.children[0]
    assert (docs.text, docs.link) == ("see Apple docs", "https://developer.apple.com")
    assert docs.spans == (Span("see "), Span("Apple docs", link="https://developer.apple.com"))
    # PlantUML's `#lightblue` is the CSS colour name, read as CSS reads it
    assert node(tree, "SteamOS").attrs == (("fill", "#add8e6"),)
    assert tree.warnings == ()


def test_markdown_syntax_tabs_bom_chinese_japanese_multiline_and_left_side() -> None:
    tree = load("study_zh_ja.pu")
    root = tree.root
    assert (tree.title, root.line) == ("学习计划", 2)
    assert texts(root) == ["语言", "技能", "阅读 每周一本书", "休息"]
    assert texts(root.children[0]) == ["日本語", "中文"]
    assert [c.side for c in root.children] == ["right", "right", "left", "left"]
    reading, rest = root.children[2:]
    assert reading.line == 10
    assert dict(rest.attrs) == {"shape": "plain"}


def test_two_diagrams_pick_by_number_or_name() -> None:
    first = load("two_diagrams.puml")
    assert (first.title, texts(first.root)) == ("Morning", ["Coffee", "Email"])
    for sheet in ("2", "evening"):
        second = load("two_diagrams.puml", sheet=sheet)
        assert (second.title, second.root.text, second.root.line) == ("Evening routine", "Evening", 11)
        assert texts(second.root) == ["Dinner", "Reading", "Walk", "Sleep"]
        assert [c.side for c in second.root.children] == ["right", "right", "right", "left"]
        assert count_nodes(second.root) == 7


@pytest.mark.parametrize("sheet", ["3", "0", "night"])
def test_unknown_diagram_names_how_many_there_are(sheet: str) -> None:
    with pytest.raises(OutlineError) as info:
        load("two_diagrams.puml", source="two.puml", sheet=sheet)
    assert info.value.message == (
        f"no diagram {sheet!r}: the file has 2 mindmap diagrams"
        " (choose 1 to 2, or a name: 'first', 'evening')"
    )
    assert info.value.path == "two.puml"
    with pytest.raises(OutlineError, match=r"the file has 1 mindmap diagram \(choose 1\)$"):
        diagram("* a", sheet="2")


# --- smaller cases ---------------------------------------------------------------------------


def test_indentation_by_spaces_is_relative() -> None:
    tree = diagram("* r\n  * a\n    * a1\n  * b\n      * b1\n    * b2")
    assert texts(tree.root) == ["a", "b"]
    assert texts(tree.root.children[1]) == ["b1", "b2"]


def test_several_roots_hang_under_the_title() -> None:
    tree = diagram("title Two trees\n* one\n** a\n* two\n** b", source="maps/multi.puml")
    assert (tree.root.text, texts(tree.root)) == ("Two trees", ["one", "two"])
    assert tree.warnings == ("2 top-level nodes: drawn as branches of one root 'Two trees'",)
    untitled = diagram("* one\n* two", source="maps/multi.puml")
    assert (untitled.root.text, untitled.title) == ("multi", "multi")


def test_multiline_title_stereotype_icons_and_creole() -> None:
    tree = diagram(
        "title\n  Big <b>plan</b>\nend title\n"
        '* <&star> root <<core>>\n** ""mono"" and --gone-- and __under__\n'
        "**:first line\n  second line\\nthird;\n*** :not multiline\n"
        "** a -- b\n**[#00ff00]_ <color:red>green</color> <size:20>big</size>\n"
        "**[#zzz] bad colour\n**[#F0F] short hex"
    )
    assert tree.title == "Big plan"
    root = tree.root
    assert dict(root.attrs) == {"icon": "star", "class": "core"}
    assert root.text == "root"
    assert root.children[0].spans == (
        Span("mono", code=True),
        Span(" and "),
        Span("gone", strike=True),
        Span(" and "),
        Span("under", underline=True),
    )
    assert root.children[1].text == "first line second line third"
    assert texts(root.children[1]) == [":not multiline"]
    assert root.children[2].text == "a -- b"  # an unpaired marker is text
    assert (root.children[3].text, dict(root.children[3].attrs)) == (
        "green big",
        {"fill": "#00ff00", "shape": "plain"},
    )
    assert root.children[4].attrs == ()
    assert dict(root.children[5].attrs) == {"fill": "#ff00ff"}
    assert tree.warnings == ("line 12: colour '#zzz' not recognised, left out",)


def test_ignored_lines_and_warnings() -> None:
    tree = diagram(
        "!include https://example.com/evil.puml\n!theme cerulean\nskinparam a {\n  b {\n    c d\n  }\n}\n"
        "<style>\nnode { x }\n</style>\nlegend\n* not a node\nend legend\ncenter header\n* x\nendheader\n"
        "caption c\nscale 2\ntop to bottom direction\n' comment\n/' one-line '/\n* root\n"
        "** child\nsomething odd\n-text needs a space\nbottom side\n** last"
    )
    assert count_nodes(tree.root) == 3
    assert texts(tree.root) == ["child", "last"]
    assert tree.warnings == (
        "line 2: preprocessor line not run: !include https://example.com/evil.puml",
        "line 25: not a mindmap line, left out: something odd",
        "line 26: not a mindmap line, left out: -text needs a space",
    )


def test_empty_labels_are_dropped_or_get_a_placeholder() -> None:
    tree = diagram("* r\n**\n*** kept\n** \n** b")
    assert texts(tree.root) == ["…", "b"]
    assert texts(tree.root.children[0]) == ["kept"]


@pytest.mark.parametrize(
    ("body", "message", "line"),
    [
        ("@startmindmap\n* a\n", "@startmindmap is never closed", 1),
        ("@startuml\nA -> B\n@enduml\n", "no @startmindmap ... @endmindmap diagram (found @startuml", None),
        ("* a\n** b\n", "no @startmindmap ... @endmindmap diagram", None),
        ("@startmindmap\ntitle x\n@endmindmap\n", "the mindmap diagram has no nodes", 1),
        ("@startmindmap\n* a\n**:open\nnever closed\n@endmindmap\n", "multi-line node opened with ':'", 3),
        ("@startmindmap\n* a\nlegend\n@endmindmap\n", "legend opened here is never closed", 3),
        ("@startmindmap\n* a\nskinparam x {\n@endmindmap\n", "skinparam block opened here", 3),
        ("@startmindmap\n/' open\n* a\n@endmindmap\n", "comment opened here is never closed", 2),
    ],
)
def test_broken_files_say_what_and_where(body: str, message: str, line: int | None) -> None:
    error = outline_error(puml, body)
    assert error.message.startswith(message)
    assert (error.path, error.line) == ("x.puml", line)


def test_node_and_depth_limits() -> None:
    deep = "".join("*" * i + " x\n" for i in range(1, 8))
    check_node_and_depth_limits(diagram, "* r\n" + "** x\n" * 30, deep)


LONG = 10**7  # a label limit that lets these lines past parsers/bounds.py to the parser itself


def test_long_hostile_lines_are_fast() -> None:
    start = time.monotonic()
    label = "[[" * 200_000 + "<b:" * 200_000 + "<&x" * 100_000 + " " * 500_000 + "<<x"
    assert diagram("* " + label, max_label=LONG).root.text.startswith("[[[[")
    with pytest.raises(OutlineError):
        puml("@startmindmap\n* a\n**:" + "x\n" * 200_000 + "@endmindmap\n")
    assert time.monotonic() - start < HANG_GUARD / 2


# --- through the CLI -------------------------------------------------------------------------


@pytest.mark.graphviz
@pytest.mark.fonts
def test_renders_end_to_end(cli) -> None:
    doc = render_fixture(cli, FIXTURES, "operating_systems.plantuml", COUNTS)
    assert [n["side"] for n in doc["nodes"] if n["depth"] == 1] == ["right"] * 4 + ["left"] * 4
    assert "warning" not in render_stderr(cli, FIXTURES / "operating_systems.plantuml")


@pytest.mark.graphviz
@pytest.mark.fonts
def test_sheet_option_through_the_cli(cli, tmp_path: Path) -> None:
    doc = geometry(cli, FIXTURES / "two_diagrams.puml", "--sheet", "2")
    assert len(doc["nodes"]) == 7
    out = tmp_path / "out.svg"
    result = cli(["render", FIXTURES / "two_diagrams.puml", "--sheet", "5", "-o", out])
    assert result.code == 1 and not out.exists()
    assert "the file has 2 mindmap diagrams" in result.err


HOSTILE = {
    "malformed.puml": "@startmindmap\n* root\n**:never\nclosed\n@endmindmap\n",
    "truncated.puml": (FIXTURES / "linux_distros.puml").read_text(encoding="utf-8")[:400],
    "not_mindmap.puml": "@startuml\nAlice -> Bob: hi\n@enduml\n",
    "empty_diagram.puml": "@startmindmap\n' nothing here\n@endmindmap\n",
    # As deep as fits under the 10 MB input limit with one star per level.
    "deep.puml": "@startmindmap\n" + "".join("*" * i + " x\n" for i in range(1, 4000)) + "@endmindmap\n",
}


HOSTILE_MESSAGES = {"deep.puml": "--limit-depth"}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_fails_cleanly(cli, tmp_path: Path, name: str) -> None:
    check_hostile_file_fails_cleanly(cli, tmp_path, name, HOSTILE[name], HOSTILE_MESSAGES.get(name))


def test_creole_people_use_in_mind_maps_reaches_the_label() -> None:
    tree = puml(
        "@startmindmap\n* r\n"
        "** <w>waved</w> and ~~wave~~ and <back:orange>behind</back> and <font:monospaced>mono</font>"
        " <color:red>red</color> <size:20>big</size>\n"
        "**:line one\nline two;\n"
        "@endmindmap\n"
    )
    marks, multi = tree.root.children
    assert marks.text == "waved and wave and behind and mono red big"
    kinds = {s.text: (s.underline, s.highlight, s.code) for s in marks.spans}
    assert kinds["waved"] == kinds["wave"] == (True, False, False)
    assert kinds["behind"] == (False, True, False) and kinds["mono"] == (False, False, True)
    assert [s.br for s in multi.spans] == [False, True, False]  # a multi-line node keeps its lines


def test_only_a_lowercase_backslash_n_breaks_a_line() -> None:
    """PlantUML's line break is `\\n`; `\\N` is two characters of the label (the fuzzer found
    the case-insensitive match turning it into a break)."""
    root = diagram("* Root\\nnext\n** keep \\N as written").root
    assert any(span.br for span in root.spans)
    assert root.children[0].text == "keep \\N as written"
    assert not any(span.br for span in root.children[0].spans)
