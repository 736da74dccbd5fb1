"""Every script: per-run font fallback, grapheme clusters, line breaking, the missing-glyph warning."""

from __future__ import annotations

import html
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest

from treemind_render.model import Span
from treemind_render.style.themes import load_theme
from treemind_render.text import scripts
from treemind_render.text.fonts import match, metrics
from treemind_render.text.measure import Measurer

SCRIPTS = Path(__file__).parent / "fixtures" / "scripts"
FIXTURES = sorted(SCRIPTS.glob("*.md"))
STYLE = load_theme("default").style(2, "#1971c2", {})
_TSPAN = re.compile(r"<tspan([^>]*)>([^<]*)</tspan>")
_FAMILY = re.compile(r'font-family="([^",]+)')

pytestmark = pytest.mark.fonts


def wrapped(text: str, width: float, **style: object) -> list[str]:
    block = Measurer().block((Span(text),), replace(STYLE, max_width=width, padding=(0, 0), **style))
    return [line.text for line in block.lines]


@pytest.mark.parametrize("source", FIXTURES, ids=lambda p: p.stem)
def test_every_script_renders_without_tofu_in_svg(cli, tmp_path: Path, source: Path) -> None:
    """No warning, and every run of text is drawn in a font that has each of its glyphs."""
    result = cli(["render", source, "-o", tmp_path / "out.svg"])
    assert result.code == 0 and "warning" not in result.err, result.err
    svg = (tmp_path / "out.svg").read_text("utf-8")
    checked = 0
    for text in re.findall(r"<text[^>]*>.*?</text>", svg, re.S):
        outer = _FAMILY.search(text)
        for attrs, chars in _TSPAN.findall(text):
            family = (_FAMILY.search(attrs) or outer).group(1)  # type: ignore[union-attr]
            font = match(family)
            assert font is not None, family
            needed = [c for c in scripts.drawn(chars) if not c.isspace() and c not in "\u200d\ufe0f"]
            assert all(metrics(font).covers(c) for c in needed), (family, chars)
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize("source", FIXTURES, ids=lambda p: p.stem)
def test_every_script_renders_without_tofu_in_pdf(cli, tmp_path: Path, source: Path) -> None:
    """The PDF embeds the very fonts the SVG names (colour emoji are drawn as images, one per
    emoji sequence), and every character of the labels comes back out of its text (a missing
    glyph would not): the text of a glyph, or the /ActualText of a cluster Pango reordered."""
    pypdf = pytest.importorskip("pypdf")
    assert cli(["render", source, "-f", "svg,pdf", "--out-dir", tmp_path]).code == 0
    svg = (tmp_path / f"{source.stem}.svg").read_text("utf-8")
    reader = pypdf.PdfReader(io.BytesIO((tmp_path / f"{source.stem}.pdf").read_bytes()))
    page = reader.pages[0]
    embedded = {str(f.get_object().get("/BaseFont", "/Type3")) for f in page["/Resources"]["/Font"].values()}
    for family in set(_FAMILY.findall(svg)) - {"sans-serif", "Noto Color Emoji"}:
        assert any(family.replace(" ", "").lower() in font.lower() for font in embedded), (family, embedded)
    content = page.get_contents().get_data()
    if "Noto Color Emoji" in svg:
        emoji = re.findall(r'font-family="Noto Color Emoji"[^>]*>([^<]*)<', svg)
        assert content.count(b" Do") == len(emoji) > 0  # one image per sequence, not per part
    else:
        labels = html.unescape("".join(re.findall(r"<title>([^<]*)</title>", svg)))
        spans = re.findall(rb"/ActualText <([0-9a-f]+)>", content)
        actual = "".join(bytes.fromhex(h.decode()).decode("utf-16-be") for h in spans)
        extracted = page.extract_text() + actual
        assert {c for c in labels if not c.isspace()} <= set(extracted)


def test_emoji_sequences_are_one_cluster_each() -> None:
    text = "👨‍👩‍👧‍👦👍🏽🇯🇵1️⃣🏳️‍🌈"
    assert scripts.clusters(text) == ["👨‍👩‍👧‍👦", "👍🏽", "🇯🇵", "1️⃣", "🏳️‍🌈"]
    assert all(scripts.is_emoji(c) for c in scripts.clusters(text))


def test_wrapping_never_splits_an_emoji_sequence_or_a_combining_mark() -> None:
    text = "👨‍👩‍👧‍👦👍🏽🇯🇵1️⃣ e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301"
    for width in (10, 20, 30, 45):
        lines = wrapped(text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for line in lines:
            assert not line.startswith(("\u200d", "\U0001f3fd", "\u0301", "\ufe0f", "\u20e3"))
            assert scripts.clusters(line) == [c for c in scripts.clusters(line)]


def test_emoji_runs_get_an_emoji_font_and_the_rest_the_theme_font() -> None:
    block = Measurer().block((Span("Ship 📦 now"),), STYLE)
    families = [run.family for run in block.lines[0].runs]
    assert families[0] == "Noto Sans" and "Emoji" in families[1] and families[2] == "Noto Sans"


def test_thai_breaks_between_words() -> None:
    pytest.importorskip("icu4py")
    words = {"ภาษา", "ไทย", "เป็น", "ที่", "สวยงาม"}
    lines = wrapped("ภาษาไทยเป็นภาษาที่สวยงาม", 70)
    assert len(lines) > 1
    for line in lines:
        rest = line
        while rest:  # each line is whole words
            word = next((w for w in sorted(words, key=len, reverse=True) if rest.startswith(w)), None)
            assert word is not None, (line, lines)
            rest = rest[len(word) :]


def test_latin_letters_stay_with_the_cjk_word_they_make() -> None:
    for width in range(32, 80, 4):  # from the width that holds the word: a wider one is broken anyway
        lines = wrapped("买一件T恤", width)
        assert not any(line.startswith("恤") for line in lines), lines
        lines = wrapped("目标2024年", width + 12)
        assert not any(line.startswith("年") for line in lines), lines


def test_root_titles_break_into_balanced_lines() -> None:
    style = replace(load_theme("default").style(0, "#1971c2", {}), max_width=80, padding=(0, 0))
    block = Measurer().block((Span("思维导图思维导图"),), style, balance=True)
    assert [line.text for line in block.lines] == ["思维导图", "思维导图"]
    block = Measurer().block((Span("思维导图"),), replace(style, max_width=70), balance=True)
    assert [line.text for line in block.lines] == ["思维", "导图"]


def test_explicit_breaks_start_new_lines() -> None:
    from treemind_render.model import line_break

    block = Measurer().block((Span("one"), line_break(), Span("two", bold=True)), STYLE)
    assert [line.text for line in block.lines] == ["one", "two"]


def test_missing_glyph_warning_names_script_and_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scripts, "_installed", lambda package: False)
    message = scripts.missing_message("ภ🚀中")
    assert "'ภ' (Thai: install fonts-noto-core)" in message
    assert "(Emoji: install fonts-noto-color-emoji)" in message
    assert "'中' (Han: install fonts-noto-cjk)" in message
    monkeypatch.setattr(scripts, "_installed", lambda package: True)
    assert "fonts-noto-core is installed but does not cover them" in scripts.missing_message("ภ")


def test_the_issue_reproduction_renders_without_a_warning(cli, tmp_path: Path) -> None:
    source = tmp_path / "e.md"
    source.write_text(
        "# Plan 🚀\n- Ship 📦 now\n- 学习 🎓\n- ภาษาไทย\n- `代码 code`\n- ~~dropped~~ kept\n- E = $mc^2$\n"
    )
    result = cli(["render", source, "-f", "svg,json", "--out-dir", tmp_path / "out"])
    assert result.code == 0 and result.err == "", result.err
    svg = (tmp_path / "out" / "e.svg").read_text("utf-8")
    assert 'font-family="Noto Color Emoji"' in svg and "Noto Sans Thai" in svg
    assert 'class="strike"' in svg and "text-decoration" not in svg
