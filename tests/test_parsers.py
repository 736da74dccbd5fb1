"""Markdown and indented-text parsers, driven through `parsers.parse` (bytes in, Tree out)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treemind_render.errors import LimitError, OutlineError, TreemindError
from treemind_render.model import Limits, Node, Span, Tree, count_nodes, walk
from treemind_render.parsers import parse


def md(text: str, source: str = "x.md", **limits: int) -> Tree:
    return parse(text.encode("utf-8"), source=source, limits=Limits(**limits))


def txt(text: str, source: str = "x.txt") -> Tree:
    return parse(text.encode("utf-8"), source=source)


def texts(node: Node) -> list[str]:
    return [child.text for child in node.children]


# --- Markdown: structure ---------------------------------------------------------------------


def test_single_h1_is_root_and_other_content_hangs_under_it() -> None:
    tree = md("Intro text.\n\n# Plan\n\n## Goals\n\n- ship\n\n## Risks\n")
    root = tree.root
    assert (root.text, root.line, tree.title) == ("Plan", 3, "Plan")
    assert texts(root) == ["Goals", "Risks"]
    assert texts(root.children[0]) == ["ship"]
    assert root.children[0].children[0].line == 7
    assert root.note == "Intro text."


def test_no_h1_uses_file_name_as_root() -> None:
    tree = md("## A\n\n- one\n\n## B\n", source="docs/My plan.md")
    assert tree.root.text == "My plan"
    assert tree.title == "My plan"
    assert texts(tree.root) == ["A", "B"]
    assert tree.root.line is None


def test_two_h1s_become_children_of_the_title_root() -> None:
    tree = md("---\ntitle: Year\n---\n# Q1\n## Jan\n# Q2\n")
    assert tree.root.text == "Year"
    assert texts(tree.root) == ["Q1", "Q2"]
    assert texts(tree.root.children[0]) == ["Jan"]
    assert [c.line for c in tree.root.children] == [4, 6]


def test_headings_skip_levels_and_pop_back() -> None:
    tree = md("# R\n### deep\n## mid\n#### d4\n## next\n")
    assert texts(tree.root) == ["deep", "mid", "next"]
    assert texts(tree.root.children[1]) == ["d4"]


def test_heading_list_items_and_subheadings_keep_document_order() -> None:
    tree = md("# R\n## H\n- first\n- second\n### Sub\n- under sub\n")
    heading = tree.root.children[0]
    assert texts(heading) == ["first", "second", "Sub"]
    assert texts(heading.children[2]) == ["under sub"]


def test_nested_lists_nest_under_their_item() -> None:
    tree = md("- a\n  - b\n    1. c\n    2. d\n  - e\n- f\n")
    a, f = tree.root.children
    assert (a.text, f.text) == ("a", "f")
    assert texts(a) == ["b", "e"]
    assert texts(a.children[0]) == ["c", "d"]
    assert [n.line for n in a.children[0].children] == [3, 4]


def test_lists_only_give_file_name_root() -> None:
    tree = md("- one\n- two\n", source="-")
    assert tree.root.text == "Mind map"
    assert texts(tree.root) == ["one", "two"]


# --- Markdown: labels ------------------------------------------------------------------------


def test_inline_formatting_becomes_spans() -> None:
    tree = md("- a **b** *c* `d` ~~e~~ [f](https://f.example/) ![g](g.png)\n")
    item = tree.root.children[0]
    assert item.text == "a b c d e f g"
    assert item.spans == (
        Span("a "),
        Span("b", bold=True),
        Span(" "),
        Span("c", italic=True),
        Span(" "),
        Span("d", code=True),
        Span(" "),
        Span("e", strike=True),
        Span(" "),
        Span("f", link="https://f.example/"),
        Span(" g"),
    )
    assert item.link == "https://f.example/"


def test_nested_formatting_and_whole_item_link() -> None:
    item = md("- [**bold link**](http://x.example)\n").root.children[0]
    assert item.spans == (Span("bold link", bold=True, link="http://x.example"),)
    assert item.link == "http://x.example"


def test_plain_text_has_no_spans_and_whitespace_collapses() -> None:
    tree = md("- plain   words\n  wrapped\tline\n- a\u0007b\n")
    first, second = tree.root.children
    assert (first.text, first.spans, first.link) == ("plain words wrapped line", (), None)
    assert second.text == "ab"


def test_task_items_set_checked() -> None:
    tree = md("- [ ] todo\n- [x] done\n- [X] **also** done\n- plain\n")
    assert [(n.text, n.checked) for n in tree.root.children] == [
        ("todo", False),
        ("done", True),
        ("also done", True),
        ("plain", None),
    ]
    assert tree.root.children[2].spans == (Span("also", bold=True), Span(" done"))


def test_chinese_text() -> None:
    tree = md("# 项目计划\n\n## 目标\n\n- 提高**效率**\n")
    assert tree.root.text == "项目计划"
    item = tree.root.children[0].children[0]
    assert item.text == "提高效率"
    assert item.spans == (Span("提高"), Span("效率", bold=True))


# --- Markdown: notes -------------------------------------------------------------------------


def test_code_table_paragraph_and_quote_become_notes() -> None:
    text = (
        "# R\n\nAbout R.\n\n## Data\n\n| k | v |\n|---|---|\n| a | 1 |\n\n> quoted\n\n"
        "- item\n\n  more about item\n\n  ```sh\n  make  all\n  ```\n"
    )
    tree = md(text)
    data = tree.root.children[0]
    assert tree.root.note == "About R."
    assert data.note == "k | v\na | 1\n\nquoted"
    item = data.children[0]
    assert (item.text, item.note) == ("item", "more about item\n\nmake  all")


def test_quoted_heading_is_a_note_and_empty_heading_gets_placeholder() -> None:
    tree = md("# R\n\n> # Quoted\n> words\n\n##\n\n- under empty\n\n##\n")
    assert tree.root.note == "Quoted\nwords"
    assert texts(tree.root) == ["…"]
    assert texts(tree.root.children[0]) == ["under empty"]


def test_empty_items_are_dropped_or_get_placeholder() -> None:
    tree = md("- a\n-\n- \n  - child\n- [ ]\n")
    assert texts(tree.root) == ["a", "…"]
    assert texts(tree.root.children[1]) == ["child"]


def test_item_with_only_code_keeps_it_as_note() -> None:
    item = md("- ```\n  x = 1\n  ```\n").root.children[0]
    assert (item.text, item.note) == ("…", "x = 1")


# --- Markdown: frontmatter -------------------------------------------------------------------


def test_frontmatter_fields() -> None:
    text = (
        "---\ntitle: Launch\ntheme: dark\nlayout: right\ntags: [a, b]\nrelated:\n  - other\n"
        "unknown: 3\n---\n# Root\n- x\n"
    )
    tree = md(text)
    assert (tree.title, tree.theme, tree.layout) == ("Launch", "dark", "right")
    assert (tree.tags, tree.related) == (("a", "b"), ("other",))
    assert tree.root.text == "Root"
    assert tree.root.line == 10
    assert tree.root.children[0].line == 11


def test_frontmatter_title_alone_is_a_one_topic_map() -> None:
    tree = md("---\ntitle: Just this\n---\nSome words.\n")
    assert (tree.root.text, tree.root.note, tree.root.children) == ("Just this", "Some words.", ())


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\ntitle: ok\ntags: [a, b\n---\n- x\n", 3, "invalid YAML"),
        ("---\ntitle: ok\ntags: {a: 1}\n---\n- x\n", 3, "'tags' must be a list of strings"),
        ("---\ntitle: ok\nrelated: [[1], 2]\n---\n- x\n", 3, "'related'"),
        ("---\ntheme: [x]\n---\n- x\n", 2, "'theme' must be a string"),
        ("---\n- a\n- b\n---\n- x\n", 2, "must be keys and values"),
        ("---\ntitle: never closed\n# A\n", 1, "never closed"),
    ],
)
def test_bad_frontmatter_is_an_error_with_line(text: str, line: int, words: str) -> None:
    with pytest.raises(OutlineError) as info:
        md(text)
    assert info.value.line == line
    assert words in info.value.message
    assert info.value.path == "x.md"


# --- decoding, through parse -----------------------------------------------------------------


def test_crlf_and_bom_input() -> None:
    data = b"\xef\xbb\xbf# Root\r\n\r\n- a\r\n  - b\r\n"
    tree = parse(data, source="x.md")
    assert tree.root.text == "Root"
    assert texts(tree.root) == ["a"]
    assert tree.root.children[0].children[0].line == 4
    tree = parse(b"\xef\xbb\xbfone\r\n\ttwo\r\n", source="x.txt")
    assert (tree.root.text, texts(tree.root)) == ("one", ["two"])


def test_invalid_utf8_reports_line_and_column() -> None:
    with pytest.raises(OutlineError) as info:
        parse(b"# ok\n- ab\xffc\n", source="x.md")
    assert (info.value.line, info.value.column) == (2, 5)


@pytest.mark.parametrize("source", ["x.md", "x.txt"])
def test_empty_input_is_an_error(source: str) -> None:
    with pytest.raises(OutlineError, match="empty"):
        parse(b" \n\n", source=source)


def test_paragraphs_only_is_an_error() -> None:
    with pytest.raises(OutlineError, match="no headings or list items"):
        md("Just a paragraph.\n\nAnd another.\n")


# --- indented text ---------------------------------------------------------------------------


def test_text_with_tabs() -> None:
    tree = txt("Root\n\tA\n\t\tA1\n\tB\n")
    assert (tree.root.text, tree.title, tree.root.line) == ("Root", "Root", 1)
    assert texts(tree.root) == ["A", "B"]
    assert texts(tree.root.children[0]) == ["A1"]
    assert tree.root.children[1].line == 4


def test_text_with_spaces_markers_and_blank_lines() -> None:
    tree = txt("Root\n  - a\n\n      1. deep\n    2) b1\n  * c\n  +   d  e\n  -5 degrees\n  -\n")
    assert texts(tree.root) == ["a", "c", "d e", "-5 degrees", "-"]
    assert texts(tree.root.children[0]) == ["deep", "b1"]
    assert [n.line for n in tree.root.children[0].children] == [4, 5]


def test_text_several_top_lines_get_file_name_root() -> None:
    tree = txt("one\n  sub\ntwo\n", source="notes/ideas.txt")
    assert (tree.root.text, tree.title) == ("ideas", "ideas")
    assert texts(tree.root) == ["one", "two"]
    assert texts(tree.root.children[0]) == ["sub"]


def test_text_mixed_tabs_and_spaces_is_an_error() -> None:
    with pytest.raises(OutlineError) as info:
        txt("Root\n\ta\n\tb\n  c\n")
    assert info.value.line == 4
    assert "line 4 is indented with spaces but line 2 uses tabs" in info.value.message


def test_text_spaces_then_a_tab_on_one_line_is_an_error() -> None:
    with pytest.raises(OutlineError, match="both tabs and spaces") as info:
        txt("Root\n  \ta\n")
    assert info.value.line == 2


def test_text_spaces_after_leading_tabs_are_not_the_level() -> None:
    """VimOutliner files write body text as tabs, then a space: valid files, read by tabs
    (rsaarelm/otlbook's test outlines were refused before)."""
    tree = txt("Root\n\tChild\n\t\t spaced body\n\tOther\n", source="x.otl")
    assert texts(tree.root) == ["Child", "Other"]
    assert texts(tree.root.children[0]) == ["spaced body"]


def test_text_chinese() -> None:
    tree = txt("计划\n  目标\n")
    assert (tree.root.text, texts(tree.root)) == ("计划", ["目标"])


# --- limits ----------------------------------------------------------------------------------


def test_text_2000_deep_is_a_limit_error_fast() -> None:
    data = "".join(" " * i + f"n{i}\n" for i in range(2000))
    start = time.perf_counter()
    with pytest.raises(LimitError, match="nested"):
        txt(data)
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("marker", ["- ", "1. "])
def test_markdown_2000_deep_list_is_a_limit_error_fast(marker: str) -> None:
    data = "".join(" " * i * len(marker) + f"{marker}n{i}\n" for i in range(2000))
    start = time.perf_counter()
    with pytest.raises(LimitError, match="nested"):
        md(data)
    assert time.perf_counter() - start < 10


def test_markdown_deep_quotes_and_one_line_lists_are_limit_errors() -> None:
    with pytest.raises(LimitError):
        md("# R\n\n" + "> " * 3000 + "x\n")
    with pytest.raises(LimitError):
        md("- " * 2000 + "x\n")


def test_markdown_just_under_the_depth_limit_is_fine() -> None:
    data = "".join("  " * i + f"- n{i}\n" for i in range(20))
    tree = md(data, max_depth=20)
    assert count_nodes(tree.root) == 21
    with pytest.raises(LimitError):
        md(data, max_depth=19)


def test_deep_brackets_do_not_recurse() -> None:
    tree = md("- " + "[" * 5000 + "\n")
    assert tree.root.children[0].text == "[" * 5000


@pytest.mark.parametrize(("source", "line"), [("x.md", "- item\n"), ("x.txt", "item\n")])
def test_30000_flat_items_is_a_limit_error(source: str, line: str) -> None:
    # one root with 30,000 children: the children limit (5,000) or the node limit, whichever trips first
    with pytest.raises(LimitError, match="more than 20000 nodes|30,000 children"):
        parse((line * 30_000).encode(), source=source)


def test_millions_of_markdown_items_are_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """markdown-it never sees them (its tokens would take ~2 GB): checked by what runs, not by a
    wall-clock limit, which a loaded CI machine can miss."""
    from treemind_render.parsers import markdown

    def tokenizer(*args: object, **kwargs: object) -> None:
        raise AssertionError("markdown-it was started on a million-item outline")

    monkeypatch.setattr(markdown, "MarkdownIt", tokenizer)
    with pytest.raises(LimitError, match="about 1,000,000 list items"):
        parse(b"- x\n" * 1_000_000, source="x.md")


# --- any input: a Tree or a TreemindError, never a crash -------------------------------------

_PIECES = [
    "#",
    "# ",
    "-",
    "- ",
    "* ",
    "1. ",
    "> ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "```",
    "|",
    "---",
    "[x] ",
    "[",
    "](u)",
    "**",
    "*",
    "_",
    "~~",
    "`",
    "a",
    "字",
    "\x01",
    "<b>",
    "![",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=60).map("".join),
    st.sampled_from(["x.md", "x.txt"]),
)
def test_any_input_parses_or_fails_cleanly(text: str, source: str) -> None:
    try:
        tree = parse(text.encode("utf-8"), source=source, limits=Limits(max_depth=8))
    except TreemindError:
        return
    for placed in walk(tree.root):
        node = placed.node
        assert node.text and node.text == node.text.strip()
        assert "\n" not in node.text and "\x01" not in node.text
        assert not node.spans or "".join(s.text for s in node.spans) == node.text


def test_frontmatter_numbers_and_dates_read_as_written():
    data = b"---\ntitle: 1984\ntags: 2024\nrelated: [2023-01-05, notes]\n---\n- a\n"
    tree = parse(data, source="x.md")
    assert tree.title == "1984"
    assert tree.tags == ("2024",)
    assert tree.related == ("2023-01-05", "notes")
