"""Shared by parsers with inline formatting: turn styled pieces into the model's Spans."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ..model import Span, fold_spans, is_plain_span

# (bold, italic, code, strike, link): a run's formatting, as a tuple because runs are many.
Style = tuple[bool, bool, bool, bool, str | None]


def normalize(pieces: Sequence[tuple[str, Style | Span]], clean: Callable[[str], str]) -> list[Span]:
    """Collapse whitespace across runs, strip the ends, merge runs formatted alike.

    A piece's style is the 5-tuple above or a Span whose text is ignored, for the marks the
    tuple has no place for (underline, highlight, math) and for line breaks (`line_break()`).
    """
    return fold_spans((_span(text, style) for text, style in pieces), clean)


def _span(text: str, style: Style | Span) -> Span:
    if isinstance(style, Span):
        return style if style.br else replace(style, text=text)
    bold, italic, code, strike, link = style
    return Span(text, bold=bold, italic=italic, code=code, strike=strike, link=link)


def is_plain(spans: list[Span]) -> bool:
    return all(is_plain_span(s) for s in spans)
