"""OPML input: fixtures through `parsers.parse` (by extension and by sniffing), one render through
the CLI with the geometry checks, and hostile files through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
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
from treemind_render.model import walk

FIXTURES = FIXTURES_ROOT / "opml"
COUNTS = {"product-launch.opml": 16, "workflowy.opml": 13, "omnioutliner.opml": 13, "feedly.opml": 10}
load = fixture_loader(FIXTURES)
opml = text_parser("x.opml")


# --- fixtures --------------------------------------------------------------------------------


def test_every_fixture_is_checked() -> None:
    check_every_fixture_is_checked(FIXTURES, COUNTS)


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_fixture_by_extension_and_by_sniffing(name: str) -> None:
    by_name, sniffed = load_both_ways(load, name, COUNTS)
    assert by_name.root.children == sniffed.root.children
    assert by_name.warnings == sniffed.warnings
    assert by_name.crosslinks == ()


def test_product_launch_single_outline_is_root() -> None:
    # BOM, CRLF line endings and tab indentation; head/title is the map title.
    tree = load("product-launch.opml")
    assert (tree.title, tree.root.text, tree.root.line) == ("Launch plan 2027", "Product launch 产品发布", 19)
    assert texts(tree.root) == ["Research 市场调研", "Messaging", "Channels 渠道", "Launch day 発売日"]
    assert texts(tree.root.children[0]) == [
        "Competitor pricing table",
        "用户访谈 (12 interviews)",
        "Survey results",
    ]
    interviews = node(tree, "用户访谈 (12 interviews)")
    assert interviews.note == "Recruited from the beta list.\nNotes are in the shared drive."
    assert interviews.line == 22
    assert node(tree, "Survey results").link == "https://example.com/survey-2027.html"
    assert node(tree, "Newsletter").link == "https://example.com/newsletter"
    assert texts(tree.root.children[1])[0] == 'Tagline: "Think in trees"'
    assert texts(tree.root.children[3]) == ["上线 checklist", "Retrospective"]
    assert dict(node(tree, "Channels 渠道").attrs) == {"tags": "marketing,launch/2027"}
    assert not any(p.node.folded for p in walk(tree.root))  # expansionState is ignored


def test_product_launch_includes_are_not_fetched() -> None:
    tree = load("product-launch.opml")
    press = node(tree, "Press kit")
    assert (press.children, press.link) == ((), "http://example.com/press-kit.opml")
    assert node(tree, "Regional copy").children == ()
    assert tree.warnings == (
        "line 27: OPML include not fetched: http://example.com/press-kit.opml",
        "line 28: OPML link not fetched: http://example.com/regional.opml",
    )


def test_workflowy_export() -> None:
    tree = load("workflowy.opml")
    assert (tree.title, tree.root.text, tree.root.line) == ("workflowy", "workflowy", None)
    assert load("workflowy.opml", source="-").root.text == "Mind map"
    assert texts(tree.root) == ["Weekly review 週次レビュー", "Reading list 読書", "#ideas for the blog"]
    weekly = tree.root.children[0]
    assert texts(weekly) == ["Inbox zero", "Pay invoices", "Plan next week 来週の計画"]
    assert weekly.children[0].note == "Email, Slack and the paper tray."
    assert [c.checked for c in weekly.children] == [None, True, None]
    assert texts(weekly.children[2]) == ["Dentist on Tuesday", "Book trip to 京都"]
    assert node(tree, "Book trip to 京都").note == "Shinkansen from Tokyo\nHotel near the station"
    reading = tree.root.children[1]  # the empty outline is dropped
    assert texts(reading) == ["Thinking in Systems", "三体 (The Three-Body Problem)", "An essay & notes"]
    assert reading.children[0].checked is True
    assert all(not p.node.spans for p in walk(tree.root))  # HTML in text becomes plain text


def test_omnioutliner_status_and_title_root() -> None:
    tree = load("omnioutliner.opml")
    assert tree.title == tree.root.text == "Thesis outline 论文大纲"
    assert texts(tree.root) == ["Introduction", "Related work", "Method 方法", "Conclusion"]
    assert [c.checked for c in tree.root.children] == [True, None, False, False]
    motivation = node(tree, "Motivation")
    assert motivation.checked is True
    assert motivation.note == "Why do people outline before they write?\n\nStart from the survey."
    assert node(tree, "研究问题").checked is False
    assert texts(node(tree, "Outliners")) == ["OmniOutliner", "Dynalist"]


def test_feedly_subscriptions() -> None:
    tree = load("feedly.opml")
    assert tree.root.text == "Feedly subscriptions"
    assert texts(tree.root) == ["Tech", "日本語", "中文"]
    assert node(tree, "Hacker News").link == "https://news.ycombinator.com/"  # htmlUrl before xmlUrl
    hatena = node(tree, "はてなブックマーク")  # title only, no text attribute
    assert (hatena.link, hatena.line) == ("https://b.hatena.ne.jp/hotentry.rss", 15)
    assert node(tree, "少数派").link == "https://sspai.com"
    assert tree.warnings == ()


# --- smaller cases ---------------------------------------------------------------------------


def test_empty_outline_with_children_is_labelled_and_include_without_text_shows_url() -> None:
    tree = opml(
        '<opml version="2.0"><body><outline text="">'
        '<outline type="include" url="https://example.com/a.opml"/><outline text=" "/>'
        "</outline></body></opml>"
    )
    assert tree.root.text == "…"
    assert texts(tree.root) == ["https://example.com/a.opml"]
    assert tree.warnings == (
        "line 1: OPML include not fetched: https://example.com/a.opml",
        "1 empty outline dropped: no text, note, image or children (line 1)",
    )


def test_title_used_for_several_tops_and_plain_link_not_warned() -> None:
    tree = opml(
        "<opml><head><title>Bookmarks &amp; more</title></head><body>\n"
        '<outline text="A" type="link" url="https://example.com/"/>\n<outline text="B"/>\n'
        "</body></opml>"
    )
    assert tree.root.text == tree.title == "Bookmarks & more"
    assert texts(tree.root) == ["A", "B"]
    assert tree.root.children[1].line == 3
    assert tree.warnings == ()


@pytest.mark.parametrize(
    ("body", "message", "line"),
    [
        ("<outlines/>", "not an OPML file: the root element is <outlines>, expected <opml>", 1),
        ("<opml>\n<head/>\n</opml>", "OPML file has no <body>: nothing to draw", 1),
        ("<opml>\n<body>\n</body></opml>", "OPML <body> has no <outline> with text: nothing to draw", 2),
        ('<opml><body>\n<outline text="a">\n</outlin></body></opml>', "invalid XML: mismatched tag", 3),
        ('<opml><body>\n<outline text="a"/>', "invalid XML: no element found", 2),
    ],
)
def test_broken_files_say_what_and_where(body: str, message: str, line: int) -> None:
    error = outline_error(opml, body)
    assert error.message.startswith(message)
    assert (error.path, error.line) == ("x.opml", line)


@pytest.mark.parametrize(
    ("count", "message"),
    [(30, "outline has more than 20 nodes"), (50, "over 40 <outline> elements, far over the limit of 20")],
)
def test_node_limit(count: int, message: str) -> None:
    body = "<opml><body>" + '<outline text="x"/>' * count + "</body></opml>"
    with pytest.raises(LimitError, match=message):
        opml(body, max_nodes=20)


# --- through the CLI -------------------------------------------------------------------------


@pytest.mark.graphviz
@pytest.mark.fonts
def test_renders_end_to_end(cli) -> None:
    doc = render_fixture(cli, FIXTURES, "product-launch.opml", COUNTS)
    assert doc["nodes"][0]["text"] == "Product launch 产品发布"
    warnings = render_stderr(cli, FIXTURES / "product-launch.opml")
    assert "OPML include not fetched: http://example.com/press-kit.opml" in warnings


XML_DECL = '<?xml version="1.0"?>\n'
HOSTILE = {
    "malformed.opml": '<opml version="2.0"><body><outline text="a" <outline/></body></opml>',
    "truncated.opml": (FIXTURES / "omnioutliner.opml").read_text(encoding="utf-8")[:400],
    "bomb.opml": entity_bomb("opml", '<opml><body><outline text="&i;"/></body></opml>', XML_DECL),
    "external.opml": external_entity(
        "opml", '<opml><body><outline text="&x;"/></body></opml>', prolog=XML_DECL
    ),
    "deep.opml": "<opml><body>" + '<outline text="x">' * 100_000 + "</outline>" * 100_000 + "</body></opml>",
}


HOSTILE_MESSAGES = {
    "bomb.opml": DTD_REFUSED,
    "external.opml": DTD_REFUSED,
    "deep.opml": "--limit-depth",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_fails_cleanly(cli, tmp_path: Path, name: str) -> None:
    check_hostile_file_fails_cleanly(cli, tmp_path, name, HOSTILE[name], HOSTILE_MESSAGES.get(name))


def test_images_are_kept_as_a_picture_mark_and_alt_text_and_empty_outlines_are_warned() -> None:
    body = (
        '<opml version="2.0"><head/><body><outline text="Trip">'
        '<outline text="&lt;img src=&quot;photos/beach.png&quot; alt=&quot;The beach&quot;&gt;"/>'
        '<outline text="&lt;img src=&quot;https://example.com/a/sunset.jpg?w=2&quot;&gt;"/>'
        '<outline text="Day 2 &lt;img src=&quot;x.png&quot;&gt;"/>'
        '<outline text=""/></outline></body></opml>'
    )
    tree = opml(body)
    kids = tree.root.children
    assert [(k.text, dict(k.attrs).get("image")) for k in kids] == [
        ("The beach", "photos/beach.png"),
        ("sunset.jpg", "https://example.com/a/sunset.jpg?w=2"),
        ("Day 2", "x.png"),
    ]
    assert tree.warnings == ("1 empty outline dropped: no text, note, image or children (line 1)",)
