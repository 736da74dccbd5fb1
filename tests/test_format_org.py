"""org-mode input: fixtures through `parsers.parse` (by extension and by sniffing), one render
through the CLI with the geometry checks, and hostile files through the CLI."""

from __future__ import annotations

import time
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

from treemind_render.model import Span, count_nodes, walk

FIXTURES = FIXTURES_ROOT / "org"
COUNTS = {"website_redesign.org": 12, "reading_notes_zh_ja.org": 8, "personal_gtd.org": 13}
load = fixture_loader(FIXTURES)
org = text_parser("x.org")


# --- fixtures --------------------------------------------------------------------------------


def test_every_fixture_is_checked() -> None:
    check_every_fixture_is_checked(FIXTURES, COUNTS)


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_fixture_by_extension_and_by_sniffing(name: str) -> None:
    by_name, sniffed = load_both_ways(load, name, COUNTS)
    # Only the file-name root differs: stdin has no file name.
    assert by_name.root.children == sniffed.root.children
    assert by_name.warnings == sniffed.warnings


def test_website_redesign_keywords_tags_drawers_blocks() -> None:
    tree = load("website_redesign.org")
    root = tree.root
    assert (tree.title, root.text, root.line, tree.tags) == (
        "Website redesign",
        "Website redesign",
        None,
        ("web", "q3"),
    )
    assert root.note == "Kick-off notes live in the shared drive."
    assert texts(root) == ["Discovery", "Design", "Build"]  # the COMMENT subtree is left out
    assert tree.warnings == ("line 39: COMMENT subtree left out, as org export does",)
    discovery, design, build = root.children
    assert (dict(discovery.attrs), discovery.note, discovery.line) == ({"tags": "research"}, None, 9)
    interviews = discovery.children[0]
    assert (interviews.text, interviews.checked, dict(interviews.attrs)) == (
        "Stakeholder interviews",
        True,
        {"todo": "DONE"},
    )
    # The CLOSED line and the LOGBOOK drawer are not note text; the link shows its description.
    assert interviews.note == "Eight interviews; summary in the interview notes."
    heatmap = node(tree, "Heatmap study")
    assert (heatmap.checked, dict(heatmap.attrs)) == (True, {"todo": "CANCELLED", "tags": "tools"})
    assert design.folded and not discovery.folded
    wireframes, colours, library = design.children
    assert wireframes.text == "Wireframes for home and pricing pages"
    assert wireframes.spans == (
        Span("Wireframes for "),
        Span("home", bold=True),
        Span(" and "),
        Span("pricing", italic=True),
        Span(" pages"),
    )
    assert (wireframes.checked, dict(wireframes.attrs)) == (False, {"todo": "NEXT", "markers": "priority-A"})
    assert wireframes.note is None  # DEADLINE line skipped
    assert dict(colours.attrs) == {"todo": "WAITING", "markers": "priority-B", "tags": "blocked,design"}
    assert colours.text == "Brand colours from marketing"
    assert library.spans == (Span("Component library in "), Span("Figma", code=True))
    hugo, redirects = build.children
    assert (hugo.text, hugo.link, hugo.line) == ("Migrate to Hugo", "https://gohugo.io", 30)
    assert hugo.spans == (Span("Migrate to "), Span("Hugo", link="https://gohugo.io"))
    assert hugo.note == "* this star line is code, not a headline\nhugo new site redesign"
    assert texts(hugo) == []
    assert redirects.spans == (
        Span("Redirect map "),
        Span("old URLs", strike=True),
        Span(" "),
        Span("301", code=True),
    )
    assert redirects.note is None  # comment blocks are dropped


def test_reading_notes_single_root_bom_crlf_chinese_japanese() -> None:
    tree = load("reading_notes_zh_ja.org")
    root = tree.root
    assert (tree.title, root.text, root.line) == ("读书笔记", "读书笔记", 2)
    assert root.note == "阅读 2025 年的书单。"
    assert texts(root) == ["《三体》", "『ノルウェイの森』", "《活着》"]
    assert dict(root.children[0].attrs) == {"tags": "科幻"}
    assert dict(root.children[1].attrs) == {"tags": "小説"}
    assert (node(tree, "写书评").checked, node(tree, "已读完").checked) == (False, True)
    assert texts(root.children[1]) == ["第一章の感想"]


def test_personal_gtd_several_top_headlines_take_the_file_name() -> None:
    tree = load("personal_gtd.org", source="notes/personal_gtd.org")
    root = tree.root
    assert (tree.title, root.text, root.note) == ("personal_gtd", "personal_gtd", None)
    assert texts(root) == ["Inbox", "Projects", "Someday"]
    # Tab-indented body text is dedented.
    assert root.children[0].note == "Captured from the phone.\nSecond line of the note."
    assert node(tree, "Buy fresh bread").spans == (Span("Buy "), Span("fresh", italic=True), Span(" bread"))
    assert dict(node(tree, "Cable tidy").attrs) == {"markers": "priority-C"}
    assert node(tree, "Cable tidy").checked is None
    assert texts(node(tree, "Garden")) == ["Order seeds", "Build raised bed"]


# --- smaller cases ---------------------------------------------------------------------------


def test_levels_are_relative_and_may_skip() -> None:
    tree = org("* A\n*** deep\n** mid\n**** d4\n** next\n* B\n")
    assert texts(tree.root) == ["A", "B"]
    assert texts(tree.root.children[0]) == ["deep", "mid", "next"]
    assert texts(tree.root.children[0].children[1]) == ["d4"]


def test_headlines_before_the_first_level_1_stay_under_the_root() -> None:
    tree = org("#+TITLE: T\n** early\n* A\n** a1\n")
    assert (tree.root.text, texts(tree.root)) == ("T", ["early", "A"])


def test_todo_keyword_rules() -> None:
    tree = org(
        "#+SEQ_TODO: DRAFT REVIEW\n#+TYP_TODO: Fred Sara | Done\n"
        "* r\n** DRAFT one\n** REVIEW two\n** Sara three\n** Done four\n** TODOS not a keyword\n"
        "** TODO\n** DONE\n*** under an empty done headline\n"
    )
    got = [(c.text, c.checked, dict(c.attrs).get("todo")) for c in tree.root.children]
    assert got == [
        ("one", False, "DRAFT"),
        ("two", True, "REVIEW"),  # no '|': the last keyword is the done state
        ("three", False, "Sara"),
        ("four", True, "Done"),
        ("TODOS not a keyword", None, None),
        ("…", True, "DONE"),
    ]


def test_links_priority_tags_and_emphasis_edges() -> None:
    tree = org(
        "* [[https://a.example][first]] and [[https://b.example]] :x:y_z:@home:\n"
        "* [#1] 2*3*4 and a/b/c and *unclosed\n* not:a:tag:\n* *a /b/ c* =x*y= d\n"
    )
    first, maths, colon, nested = tree.root.children
    assert (first.text, first.link, dict(first.attrs)) == (
        "first and https://b.example",
        "https://a.example",
        {"tags": "x,y_z,@home"},
    )
    assert (maths.text, maths.spans, dict(maths.attrs)) == (
        "2*3*4 and a/b/c and *unclosed",
        (),
        {"markers": "priority-1"},
    )
    assert (colon.text, colon.attrs) == ("not:a:tag:", ())
    assert nested.spans == (
        Span("a ", bold=True),
        Span("b", bold=True, italic=True),
        Span(" c", bold=True),
        Span(" "),
        Span("x*y", code=True),
        Span(" d"),
    )


def test_blocks_drawers_and_keywords_in_bodies() -> None:
    tree = org(
        "* A\n  :PROPERTIES:\n  :VISIBILITY: children\n  :END:\n  text one\n"
        "  #+begin_quote\n    quoted\n  #+end_quote\n  # a comment\n  #+CAPTION: skipped\n"
        "  :NOT_A_DRAWER:\n  #+BEGIN_EXAMPLE\n** not closed, so a headline follows\n"
        "#+BEGIN: clocktable :scope file\n| table |\n#+END:\n"
    )
    a = tree.root
    assert not a.folded
    assert a.note == "text one\n  quoted\n:NOT_A_DRAWER:\n#+BEGIN_EXAMPLE"  # dedented as a whole
    assert texts(a) == ["not closed, so a headline follows"]
    assert a.children[0].note == "| table |"


def test_drawer_without_end_before_the_next_headline_is_text() -> None:
    tree = org("* A\n:LOGBOOK:\nlost?\n* B\n:END:\n")
    assert tree.root.children[0].note == ":LOGBOOK:\nlost?"
    assert tree.root.children[1].note == ":END:"


def test_include_and_setupfile_are_not_fetched() -> None:
    tree = org('#+INCLUDE: "/etc/passwd" src\n#+SETUPFILE: https://example.com/x.setup\n* A\n')
    assert count_nodes(tree.root) == 1
    assert tree.warnings == (
        'line 1: #+INCLUDE not fetched: "/etc/passwd" src',
        "line 2: #+SETUPFILE not fetched: https://example.com/x.setup",
    )


def test_empty_headlines_dropped_or_placeholder() -> None:
    tree = org("* r\n** :tag:\n** \n*** kept\n**    \n    with a note\n")
    assert texts(tree.root) == ["…", "…"]
    assert texts(tree.root.children[0]) == ["kept"]
    assert tree.root.children[1].note == "with a note"


@pytest.mark.parametrize(
    "body",
    ["just a paragraph\n", "#+TITLE: Only a title\n", "*bold* is not a headline\n", " * indented\n"],
)
def test_no_headlines_is_an_error_naming_the_file(body: str) -> None:
    error = outline_error(org, body, source="notes/plan.org")
    assert error.message.startswith("no headlines: nothing to draw")
    assert (error.path, error.line) == ("notes/plan.org", None)


def test_node_and_depth_limits() -> None:
    deep = "".join("*" * i + " x\n" for i in range(1, 8))
    check_node_and_depth_limits(org, "* r\n" + "** x\n" * 30, deep)


LONG = 10**7  # a label limit that lets these lines past parsers/bounds.py to the parser itself


def test_hostile_repetition_is_linear() -> None:
    start = time.monotonic()
    assert count_nodes(org("#+BEGIN_SRC\n" * 100_000 + "* a\n").root) == 1
    assert count_nodes(org(":A:\n" * 100_000 + "* a\n").root) == 1
    assert count_nodes(org("* a\n" + "#+END_SRC\n" * 100_000).root) == 1
    assert org("* x" + " :a:a" * 100_000 + "\n", max_label=LONG).root.text.startswith("x :a:a")
    assert len(org("* " + "*a " * 100_000 + "\n", max_label=LONG).root.text) == 299_999
    assert time.monotonic() - start < HANG_GUARD / 2


# --- through the CLI -------------------------------------------------------------------------


@pytest.mark.graphviz
@pytest.mark.fonts
def test_renders_end_to_end(cli) -> None:
    render_fixture(cli, FIXTURES, "reading_notes_zh_ja.org", COUNTS)


HOSTILE = {
    "no_headlines.org": "#+TITLE: Notes\n\nSome text but *no* headline.\n",
    # Cut inside the preamble, before the first headline.
    "truncated.org": (FIXTURES / "website_redesign.org").read_text(encoding="utf-8")[:150],
    "invalid_utf8.org": "* caf\udce9\n",
    "wide.org": "* r\n" + "** x\n" * 25_000,
}


HOSTILE_MESSAGES = {
    "no_headlines.org": "no headlines",
    "truncated.org": "no headlines",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_fails_cleanly(cli, tmp_path: Path, name: str) -> None:
    check_hostile_file_fails_cleanly(cli, tmp_path, name, HOSTILE[name], HOSTILE_MESSAGES.get(name))


def test_truncated_inside_a_block_is_still_read() -> None:
    # org has no closing syntax to miss: an unclosed block is a plain line, as in Emacs.
    text = (FIXTURES / "website_redesign.org").read_text(encoding="utf-8")
    tree = org(text[: text.index("hugo new site")])
    assert count_nodes(tree.root) == 12
    assert node(tree, "Migrate to Hugo").note == "#+BEGIN_SRC shell"
    assert texts(tree.root) == ["Discovery", "Design", "Build", "this star line is code, not a headline"]


def test_inline_tasks_are_text_of_their_headline_not_topics() -> None:
    # org-inlinetask: 15 or more stars; the END line closes it. Nothing of it is invented as a topic.
    stars = "*" * 15
    body = f"* Plan\n** Step\nSome text.\n{stars} TODO Check the numbers\nThey look off.\n{stars} END\n"
    body += "More text.\n** Next\n"
    tree = org(body)
    assert texts(tree.root) == ["Step", "Next"]
    step = tree.root.children[0]
    assert step.note == "Some text.\nTODO Check the numbers\nThey look off.\nMore text."
    lone = org(f"* Plan\n{stars} A one-line task\n** Next\n")
    assert texts(lone.root) == ["Next"] and lone.root.note == "A one-line task"


def test_star_runs_past_fourteen_are_inline_tasks_so_org_is_never_deeper_than_14() -> None:
    # What used to be the deep hostile file (one more star per line, as many as fit in 10 MB):
    # from 15 stars on every line is an inline task, so the map stops at 14 levels, in linear time.
    start = time.monotonic()
    tree = org("".join("*" * i + " x\n" for i in range(1, 4000)))
    assert max(p.depth for p in walk(tree.root)) == 13 and count_nodes(tree.root) == 14
    assert time.monotonic() - start < HANG_GUARD / 2


def test_export_snippets_show_their_value() -> None:
    tree = org("* Misc title @@html:<b>with an inline html export</b>@@ and @@latex:x@@\n")
    assert tree.root.text == "Misc title with an inline html export and x"
