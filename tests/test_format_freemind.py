"""FreeMind / Freeplane input: fixtures through `parsers.parse` (by extension and by sniffing), one
render through the CLI with the geometry checks, and hostile files through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import geometry
from format_helpers import (
    DTD_REFUSED,
    FIXTURES_ROOT,
    check_every_fixture_is_checked,
    check_hostile_file_fails_cleanly,
    entity_bomb,
    external_entity,
    fixture_loader,
    load_both_ways,
    node,
    outline_error,
    render_fixture,
    render_stderr,
    text_parser,
    texts,
)

from treemind_render.errors import LimitError
from treemind_render.model import CrossLink, Span, count_nodes

FIXTURES = FIXTURES_ROOT / "freemind"
COUNTS = {"trip-freemind-0.9.mm": 14, "study-freeplane-1.9.mm": 16, "legacy-0.7.mm": 9}
load = fixture_loader(FIXTURES)
mm = text_parser("x.mm")


# --- fixtures --------------------------------------------------------------------------------


def test_every_fixture_is_checked() -> None:
    check_every_fixture_is_checked(FIXTURES, COUNTS)


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_fixture_by_extension_and_by_sniffing(name: str) -> None:
    by_name, sniffed = load_both_ways(load, name, COUNTS)
    assert by_name.root == sniffed.root
    assert (by_name.crosslinks, by_name.warnings) == (sniffed.crosslinks, sniffed.warnings)


def test_freemind_09_map() -> None:
    # No XML declaration, CRLF line endings, non-ASCII as numeric character references.
    tree = load("trip-freemind-0.9.mm")
    root = tree.root
    assert (tree.title, root.text, root.line) == ("旅行计划 Trip plan", "旅行计划 Trip plan", 3)
    assert texts(root) == ["京都 Kyoto", "予算 Budget", "持ち物 Packing"]
    assert [c.side for c in root.children] == ["right", "left", "left"]
    kyoto, budget, packing = root.children
    assert kyoto.folded and not budget.folded
    assert dict(kyoto.attrs) == {"color": "#ff6600", "icon": "idea", "text": "#0033ff"}
    assert texts(kyoto) == ["金閣寺 Kinkaku-ji", "伏見稲荷 Fushimi Inari", "Day trips"]
    assert kyoto.children[0].link == "https://www.shokoku-ji.jp/kinkakuji/"
    assert kyoto.children[1].note == "Go early: the gates are empty at 7:00.\nBring water & cash."
    assert kyoto.children[1].line == 14
    assert all(c.side is None for c in kyoto.children)  # POSITION counts on the root's children only
    assert dict(budget.attrs) == {"color": "#00cc33", "fill": "#ffff00", "text": "#0033ff"}
    assert budget.spans == (Span("予算 Budget", bold=True),)
    assert texts(packing) == ["Passport", "Power adapter"]  # the blank node is dropped
    assert dict(packing.children[0].attrs)["icon"] == "messagebox_warning,full-1"


def test_freemind_09_arrow_and_internal_link() -> None:
    tree = load("trip-freemind-0.9.mm")
    jr_pass = node(tree, "JR Pass")
    assert jr_pass.link is None
    assert tree.crosslinks == (CrossLink("n0_1_2", "n0_0", None),)
    assert tree.warnings == (
        "line 44: link to #ID_1001283740 inside the map dropped (not a URL)",
        "1 empty node dropped: no text, note, image or children (line 56)",
    )


def test_freeplane_19_map() -> None:
    tree = load("study-freeplane-1.9.mm")
    root = tree.root
    assert (root.text, root.line, root.spans) == (
        "日本語の勉強 Japanese study",
        4,
        (Span(root.text, bold=True),),
    )
    # Style definitions (stylenode, and the node inside one) are not topics.
    assert texts(root) == ["かな Kana", "漢字 Kanji (JLPT N5)", "文法 Grammar", "资源 Resources"]
    assert [c.side for c in root.children] == ["right", "right", "left", "left"]
    kana, kanji, grammar, resources = root.children
    assert dict(kana.attrs) == {"color": "#ff0000"}
    assert node(tree, "カタカナ").note == "46 basic characters,\nused for *loanwords*."
    assert kanji.line == 63
    assert dict(kanji.attrs) == {"color": "#0000ff", "fill": "#ffff99"}
    assert kanji.note == "About 100 characters\n\nLearn the radicals first.\n水 water\n火 fire"
    assert grammar.folded and dict(grammar.attrs) == {"color": "#00ff00", "text": "#7c0000"}
    # The empty first-group marker is dropped; the empty summary node keeps its child.
    assert texts(grammar) == ["は vs が", "て-form", "敬語 Keigo", "…"]
    assert texts(grammar.children[3]) == ["later"]
    assert grammar.children[0].link == "https://www.tofugu.com/japanese-grammar/wa-ga/"
    assert grammar.children[1].spans == (Span("て-form", italic=True),)
    assert grammar.children[2].attrs == ()  # attribute elements are not kept
    anki, genki = resources.children
    assert (anki.link, dict(anki.attrs)) == ("https://apps.ankiweb.net/", {"icon": "emoji-1F4DA"})
    assert genki.note == "Chapters 1-6\nbefore the trip"


def test_freeplane_19_crosslinks() -> None:
    tree = load("study-freeplane-1.9.mm")
    assert tree.crosslinks == (
        CrossLink("n0_2", "n0_0_0", "needs kana first"),
        CrossLink("n0_3_0", "n0_1", "drills"),
    )
    assert tree.warnings == (
        "line 119: group start marker (an empty node) left out",
        "line 136: arrow to ID_0000000 dropped (no such node)",
    )


def test_legacy_map() -> None:
    # A BOM, an XML declaration, tabs, lowercase `text`, HTML in TEXT and FreeMind 0.7 notes.
    tree = load("legacy-0.7.mm")
    assert tree.root.text == tree.title == "Garden 花园 & yard"
    assert dict(tree.root.attrs) == {"text": "#338800"}
    assert texts(tree.root) == ["Vegetables 野菜", "Flowers", "Tools"]
    vegetables = tree.root.children[0]
    assert (vegetables.side, vegetables.folded, vegetables.line) == ("right", True, 4)
    assert vegetables.children[0].note == "Stake them in May.\nWater every morning."
    assert vegetables.children[1].attrs == ()
    assert dict(node(tree, "Flowers").attrs) == {"color": "#996633", "fill": "#ffcc00"}
    assert texts(node(tree, "Flowers")) == ["Roses", "紫陽花 Hydrangea"]
    assert node(tree, "Rake").link == "file:///home/user/shed.txt"
    assert tree.warnings == ("line 11: text colour '#12345' dropped (use #rrggbb)",)


# --- smaller cases ---------------------------------------------------------------------------


def test_several_top_nodes_hang_under_the_file_name() -> None:
    tree = mm('<map version="1.0.1">\n<node TEXT="a"/>\n<node TEXT="b"/>\n</map>', source="maps/ideas.mm")
    assert (tree.root.text, tree.title) == ("ideas", "ideas")
    assert texts(tree.root) == ["a", "b"]


def test_rich_label_beats_empty_text_and_empty_root_takes_file_name_as_title() -> None:
    tree = mm(
        '<map><node TEXT=""><node TEXT=""><richcontent TYPE="NODE">'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head>'
        "<body><p>rich <b>label</b></p></body></html></richcontent></node></node></map>",
        source="notes/plan.mm",
    )
    assert (tree.root.text, tree.title) == ("…", "plan")
    assert texts(tree.root) == ["rich label"]


def test_self_arrow_and_arrow_to_dropped_node() -> None:
    tree = mm(
        '<map><node TEXT="r" ID="ID_1">\n<arrowlink DESTINATION="ID_1"/>\n'
        '<node TEXT="" ID="ID_2"/>\n<node TEXT="a"><arrowlink DESTINATION="ID_2"/></node>\n</node></map>'
    )
    assert tree.crosslinks == ()
    assert tree.warnings == (
        "1 empty node dropped: no text, note, image or children (line 3)",
        "line 2: arrow from a node to itself dropped",
        "line 4: arrow to ID_2 dropped (no such node)",
    )


@pytest.mark.parametrize(
    ("body", "message", "line"),
    [
        ("<html>\n<body/></html>", "not a FreeMind map: the root element is <html>, expected <map>", 1),
        ('<map version="1.0.1">\n</map>', "the map has no <node> with text: nothing to draw", 1),
        ('<map>\n<node TEXT="a">\n<node TEXT="b">\n</map>', "invalid XML: mismatched tag", 4),
        ('<map>\n<node TEXT="&nbsp;"/></map>', "invalid XML: undefined entity", 2),
    ],
)
def test_broken_files_say_what_and_where(body: str, message: str, line: int) -> None:
    error = outline_error(mm, body)
    assert error.message.startswith(message)
    assert (error.path, error.line) == ("x.mm", line)


def test_deep_rich_content_is_refused_without_recursion() -> None:
    body = '<map><node TEXT="a"><richcontent TYPE="NOTE">' + "<div>" * 5000 + "</div>" * 5000
    with pytest.raises(LimitError, match="nested more than 300 deep"):
        mm(body + "</richcontent></node></map>")


def test_depth_limit_matches_freeze() -> None:
    body = "<map>" + '<node TEXT="x">' * 6 + "</node>" * 6 + "</map>"
    assert count_nodes(mm(body, max_depth=5).root) == 6
    with pytest.raises(LimitError, match="nested 5 levels deep, over the limit of 4"):
        mm(body, max_depth=4)


# --- through the CLI -------------------------------------------------------------------------


@pytest.mark.graphviz
@pytest.mark.fonts
def test_renders_end_to_end(cli) -> None:
    source = FIXTURES / "study-freeplane-1.9.mm"
    # Folded branches are hidden unless --unfold.
    doc = render_fixture(cli, FIXTURES, "study-freeplane-1.9.mm", COUNTS, "--unfold")
    folded = geometry(cli, source)
    assert len(folded["nodes"]) < len(doc["nodes"])
    assert any(m["kind"] == "fold" for n in folded["nodes"] for m in n["markers"])
    assert folded["crosslinks"], "the fixture's arrowlinks are drawn"
    assert [n["side"] for n in doc["nodes"] if n["depth"] == 1] == ["right", "right", "left", "left"]
    assert "arrow to ID_0000000 dropped" in render_stderr(cli, source)


HOSTILE = {
    "malformed.mm": '<map version="0.9.0">\n<node TEXT="a" TEXT="b"/>\n</map>',
    "truncated.mm": (FIXTURES / "trip-freemind-0.9.mm").read_text(encoding="utf-8")[:600],
    "bomb.mm": entity_bomb("map", '<map version="0.9.0"><node TEXT="&i;"/></map>'),
    "external.mm": external_entity("map", '<map version="0.9.0"><node TEXT="&x;"/></map>'),
    "deep.mm": '<map version="0.9.0">' + '<node TEXT="x">' * 100_000 + "</node>" * 100_000 + "</map>",
}


HOSTILE_MESSAGES = {
    "bomb.mm": DTD_REFUSED,
    "external.mm": DTD_REFUSED,
    "deep.mm": "--limit-depth",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_fails_cleanly(cli, tmp_path: Path, name: str) -> None:
    check_hostile_file_fails_cleanly(cli, tmp_path, name, HOSTILE[name], HOSTILE_MESSAGES.get(name))


def test_image_only_nodes_and_empty_summary_and_group_markers_are_not_lost_unsaid() -> None:
    body = """<map version="freeplane 1.9.0"><node TEXT="Root">
<node TEXT="A"><hook NAME="FirstGroupNode"/></node>
<node><hook NAME="FirstGroupNode"/></node>
<node TEXT="B"/>
<node><hook NAME="SummaryNode"/></node>
<node><richcontent TYPE="NODE"><html><body><img src="pics/cat.png" alt="A cat"/></body></html>
</richcontent></node>
<node><richcontent TYPE="NODE"><html><body><p><img src="dog.jpg"/></p></body></html></richcontent></node>
<node/>
</node></map>"""
    tree = mm(body)
    assert [(c.text, dict(c.attrs).get("image")) for c in tree.root.children] == [
        ("A", None), ("B", None), ("A cat", "pics/cat.png"), ("dog.jpg", "dog.jpg"),
    ]  # fmt: skip
    assert tree.warnings == (
        "line 3: group start marker (an empty node) left out",
        "line 5: empty summary node (a bracket over siblings) left out",
        "1 empty node dropped: no text, note, image or children (line 9)",
    )
