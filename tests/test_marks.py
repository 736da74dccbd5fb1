"""Inline marks in labels: strike, underline, highlight, math and explicit line breaks."""

from __future__ import annotations

import re

import pytest

from treemind_render.draw.writers import to_markdown
from treemind_render.model import Span, line_break
from treemind_render.parsers import parse
from treemind_render.parsers.spans import normalize


def labels(body: str) -> list[tuple[Span, ...]]:
    return [child.runs() for child in parse(body.encode(), source="t.md").root.children]


def marked(spans: tuple[Span, ...], **flag: bool) -> list[str]:
    return [s.text for s in spans if all(getattr(s, k) == v for k, v in flag.items())]


@pytest.mark.parametrize(
    "body",
    ["- one<br>two", "- one<br/>two", "- one <BR /> two", "- one  \n  two", "- one\\\n  two"],
)
def test_markdown_line_breaks_become_break_spans(body: str) -> None:
    (spans,) = labels(body)
    assert [s.text for s in spans] == ["one", "\n", "two"]
    assert spans[1] == line_break()


def test_node_text_stays_one_line_for_the_outline_and_json() -> None:
    node = parse(b"- one<br>two", source="t.md").root.children[0]
    assert node.text == "one two"


def test_escaped_break_tags_stay_text() -> None:
    (spans,) = labels("- a \\<br> b &lt;br&gt; c")
    assert "".join(s.text for s in spans) == "a <br> b <br> c"
    assert not any(s.br for s in spans)


def test_breaks_at_the_ends_of_a_label_are_dropped() -> None:
    (spans,) = labels("- <br>one<br><br>")
    assert spans == (Span("one"),)


def test_highlight_underline_strike_tags() -> None:
    (spans,) = labels("- a ==hi== <u>under</u> <ins>ins</ins> <mark>m</mark> <del>d</del> ~~s~~")
    assert marked(spans, highlight=True) == ["hi", "m"]
    assert marked(spans, underline=True) == ["under", "ins"]
    assert marked(spans, strike=True) == ["d", "s"]


def test_lone_equals_signs_are_text() -> None:
    (spans,) = labels("- a == b and c ==d")
    assert spans == (Span("a == b and c ==d"),)


def test_math_spans_and_dollars_that_are_not_math() -> None:
    (math, money, escaped) = labels("- E = $mc^2$ and $$\\frac{a}{b}$$\n- $5 or $10\n- cost \\$5 and \\$6")
    assert marked(math, math=True) == ["mc^2", "\\frac{a}{b}"]
    assert money == (Span("$5 or $10"),) and escaped == (Span("cost $5 and $6"),)


def test_marks_write_back_to_markdown_and_read_the_same() -> None:
    body = "# M\n- a ==hi== <u>u</u> ~~s~~ $x^2$<br>next\n- cost \\$5 = 4 + 1\n"
    tree = parse(body.encode(), source="t.md")
    again = parse(to_markdown(tree).encode(), source="t.md")
    assert [c.spans for c in again.root.children] == [c.spans for c in tree.root.children]
    assert [c.text for c in again.root.children] == [c.text for c in tree.root.children]


def test_normalize_takes_span_styles_and_breaks_for_other_parsers() -> None:
    spans = normalize(
        [
            ("one ", (False, False, False, False, None)),
            ("", line_break()),
            (" two", Span("", underline=True)),
        ],
        lambda t: " ".join(t.split(" ")),
    )
    assert spans == [Span("one"), line_break(), Span("two", underline=True)]


def runs_of(body: str, source: str) -> list[list[tuple[str, bool, bool]]]:
    tree = parse(body.encode(), source=source)
    return [[(s.text, s.underline, s.br) for s in child.runs()] for child in tree.root.children]


def test_plantuml_line_breaks_underline_emoji_and_code_points() -> None:
    body = (
        "@startmindmap\n* Root\n** one\\ntwo\n** <u>under</u> and __also__\n"
        "** <#red:heavy_check_mark:> done <U+003B> <:rocket:> <:nosuch:>\n@endmindmap\n"
    )
    breaks, under, emoji = runs_of(body, "t.puml")
    assert breaks == [("one", False, False), ("\n", False, True), ("two", False, False)]
    assert [text for text, underline, _ in under if underline] == ["under", "also"]
    assert [text for text, _, _ in emoji] == ["✔", " done ; 🚀 <:nosuch:>"]


@pytest.mark.parametrize(
    ("written", "text", "color"),
    [
        ("<#red:heavy_check_mark:>", "✔", "#ff0000"),  # the text form: no U+FE0F
        ("<#00AA00:sunny:>", "☀", "#00aa00"),
        ("<#0:sunglasses:>", "😎", "#000000"),  # PlantUML's "without colour": one-digit grey
        ("<:heavy_check_mark:>", "✔️", None),  # no colour: the emoji as it comes
        ("<#nosuchcolour:rocket:>", "🚀", None),  # not a colour: drawn in its own
        ("<#red:nosuchemoji:>", "<#red:nosuchemoji:>", None),  # not an emoji: text as written
    ],
)
def test_plantuml_emoji_keep_their_colour(written: str, text: str, color: str | None) -> None:
    tree = parse(f"@startmindmap\n* Root\n** {written} x\n@endmindmap\n".encode(), source="t.puml")
    first = tree.root.children[0].runs()[0]
    assert (first.text.split(" ")[0], first.color) == (text, color)


def test_mermaid_markdown_strings_keep_their_line_breaks() -> None:
    body = 'mindmap\n  root((Root))\n    a["`one\n    two`"]\n    b["`x<br>y`"]\n'
    one, two = runs_of(body, "t.mmd")
    assert [text for text, _, _ in one] == ["one", "\n", "two"]
    assert [text for text, _, _ in two] == ["x", "\n", "y"]


def test_markdown_shortcodes_become_emoji_outside_code() -> None:
    (label, code) = labels("- Ship :rocket: :+1: :nosuch: at 10:30:45\n- `:rocket:`")
    assert "".join(s.text for s in label) == "Ship 🚀 👍 :nosuch: at 10:30:45"
    assert code[0].text == ":rocket:"


def test_math_is_drawn_as_paths_and_never_broken(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("ziamath")
    from treemind_render.pipeline import RenderOptions, render

    body = (
        "# Physics $E = mc^2$\n- Ratio $$\\frac{a}{b} + \\sqrt{x}$$ and more words to wrap\n"
        "- Bad $\\frac{$ x\n"
    )
    rendered = render(parse(body.encode(), source="m.md"), RenderOptions(layout="right"))
    svg = rendered.svg.decode()
    drawn_text = "".join(re.findall(r"<text[^>]*>.*?</text>", svg))
    assert svg.count('<g class="math"') == 2 and "mc^2" not in drawn_text
    assert "\\frac{" in drawn_text  # unreadable TeX stays as its source, in italics
    ratio = rendered.nodes[1].block
    math_runs = [run for line in ratio.lines for run in line.runs if run.math]
    assert [run.text for run in math_runs] == ["\\frac{a}{b} + \\sqrt{x}"]  # one piece, on one line


BREAKS = {  # each syntax of issue 17's item 5, one label broken into "alpha" / "omega"
    "md <br>": ("b.md", "# Map\n- alpha<br>omega\n"),
    "md <br/>": ("b.md", "# Map\n- alpha<br/>omega\n"),
    "md two spaces": ("b.md", "# Map\n- alpha  \n  omega\n"),
    "md backslash": ("b.md", "# Map\n- alpha\\\n  omega\n"),
    "plantuml \\n": ("b.puml", "@startmindmap\n* Map\n** alpha\\nomega\n@endmindmap\n"),
    "mermaid string": ("b.mmd", 'mindmap\n  root((Map))\n    a["`alpha\n    omega`"]\n'),
}


@pytest.mark.graphviz
@pytest.mark.fonts
@pytest.mark.parametrize("syntax", sorted(BREAKS))
def test_line_breaks_are_two_lines_in_svg_and_pdf(cli, tmp_path, syntax: str) -> None:  # type: ignore[no-untyped-def]
    """The words after a break start a new line in the SVG and in the PDF (read back with
    pypdf: "omega" lies below "alpha", at the same left edge when the label is left-aligned)."""
    pypdf = pytest.importorskip("pypdf")
    name, body = BREAKS[syntax]
    source = tmp_path / name
    source.write_text(body, encoding="utf-8")
    for fmt in ("svg", "pdf"):
        assert cli(["render", source, "-o", tmp_path / f"b.{fmt}", "-l", "right", "--no-cache"]).code == 0
    svg = (tmp_path / "b.svg").read_text("utf-8")
    lines = re.findall(r'<text[^>]* y="([-0-9.]+)"[^>]*>(?:<tspan[^>]*>)?(alpha|omega)<', svg)
    assert [word for _, word in lines] == ["alpha", "omega"] and float(lines[1][0]) > float(lines[0][0])
    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size):  # type: ignore[no-untyped-def]
        for word in ("alpha", "omega"):
            if word in text:  # the page's y (growing upwards) of the text matrix under cairo's flip
                found[word] = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]

    pypdf.PdfReader(tmp_path / "b.pdf").pages[0].extract_text(visitor_text=visit)
    assert set(found) == {"alpha", "omega"} and found["omega"] < found["alpha"] - 5, found


@pytest.mark.graphviz
@pytest.mark.fonts
def test_a_line_break_is_a_second_row_of_ink_in_the_png(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """PNG pixels: the broken label's box holds two bands of text rows, the unbroken one one."""
    image = pytest.importorskip("PIL.Image")

    def bands(body: str) -> int:
        """Runs of inked pixel rows inside the child's box (found from the JSON geometry)."""
        import json

        (tmp_path / "b.md").write_text(body, encoding="utf-8")
        args = ["render", tmp_path / "b.md", "-f", "png,json", "--out-dir", tmp_path, "-l", "right"]
        assert cli([*args, "-t", "mono", "--no-cache"]).code == 0
        child = json.loads((tmp_path / "b.json").read_text("utf-8"))["nodes"][1]
        px = 96 / 72  # cairo draws at 96 dpi
        with image.open(tmp_path / "b.png") as picture:
            grey = picture.convert("L")
        x0, y0 = round(child["x"] * px) + 6, round(child["y"] * px) + 6
        x1, y1 = round((child["x"] + child["w"]) * px) - 6, round((child["y"] + child["h"]) * px) - 6
        pixels = grey.load()
        inked = [any(pixels[x, y] < 100 for x in range(x0, x1)) for y in range(y0, y1)]
        return sum(1 for k, row in enumerate(inked) if row and (k == 0 or not inked[k - 1]))

    assert bands("# M\n- alpha<br>omega\n") == bands("# M\n- alpha omega\n") + 1


def test_shortcodes_come_from_the_maintained_table_and_github_images_stay_text() -> None:
    """Names are the emoji package's (CLDR names and GitHub's aliases, gitmoji's too); GitHub's
    own pictures that are no Unicode emoji (:shipit:, :octocat:) stay as written."""
    (spans,) = labels("- :white_check_mark: :tada: :bug: :sparkles: :construction: :+1: :shipit: :octocat:")
    assert "".join(s.text for s in spans) == "✅ 🎉 🐛 ✨ 🚧 👍 :shipit: :octocat:"
