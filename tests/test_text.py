"""Wrapping and font choice: CJK line-breaking rules, long words, fonts that cover every glyph."""

from __future__ import annotations

from dataclasses import replace

import pytest

from treemind_render.model import Span
from treemind_render.style.themes import load_theme
from treemind_render.text.measure import CLOSING, OPENING, Measurer

pytestmark = pytest.mark.fonts
STYLE = load_theme("default").style(2, "#1971c2", {})


def wrap(text: str, width: float = 120) -> list[str]:
    style = replace(STYLE, max_width=width + 2 * STYLE.padding[1])
    return [line.text for line in Measurer().block((Span(text),), style).lines]


def test_chinese_breaks_between_characters_and_keeps_every_character():
    text = "新媒体运营和新媒体营销仅一字之差经常被混为一谈虽然二者存在相似之处"
    lines = wrap(text, 100)
    assert len(lines) > 2 and "".join(lines) == text


@pytest.mark.parametrize("width", [60, 80, 100, 130, 160])
def test_punctuation_rules_hold_at_every_width(width):
    text = (
        "“新媒体运营”和“新媒体营销”仅一字之差，经常被混为一谈。虽然二者（存在）相似之处，但也有着明显的区别！"
    )
    lines = wrap(text, width)
    assert "".join(lines) == text
    for line in lines[1:]:
        assert line[0] not in CLOSING, lines  # never a closing mark at a line start
    for line in lines[:-1]:
        assert line[-1] not in OPENING, lines  # never an opening mark at a line end


def test_latin_breaks_at_spaces_and_breaks_a_word_wider_than_the_line():
    lines = wrap("plan the launch with care", 70)
    assert len(lines) > 1 and " ".join(lines) == "plan the launch with care"  # whole words only
    long_word = "supercalifragilisticexpialidocious" * 2
    lines = wrap(long_word, 80)
    assert len(lines) > 1 and "".join(lines) == long_word


def test_no_lone_cjk_character_on_the_last_line():
    lines = wrap("Research methods 研究方法", 150)
    assert len(lines[-1]) > 1, lines


def test_every_label_gets_a_font_with_all_its_glyphs():
    measurer = Measurer()
    for text, expected in (
        ("Plain English", "Noto Sans"),
        ("中文 and English", "CJK"),
        ("カタカナ", "CJK JP"),
    ):
        block = measurer.block((Span(text),), STYLE)
        assert expected in block.family, (text, block.family)
    assert not measurer.missing


def test_characters_no_theme_family_has_come_from_fontconfig():
    measurer = Measurer()
    style = replace(STYLE, font_family=("DejaVu Sans",))
    block = measurer.block((Span("中文 ok"),), style)
    assert not measurer.missing
    assert "CJK" in block.lines[0].runs[0].family and block.lines[0].runs[-1].family == "DejaVu Sans"


def test_missing_glyphs_are_reported_once():
    measurer = Measurer()
    measurer.block((Span("a\u0378\u0379"),), STYLE)  # unassigned code points: no font has them
    assert measurer.missing == {"\u0378", "\u0379"}
