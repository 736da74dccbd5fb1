"""Shared by parsers with inline formatting: turn styled pieces into the model's Spans."""

from __future__ import annotations

import functools
import re
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


_SHORTCODE = re.compile(r":([a-z0-9_+\-]+):", re.IGNORECASE)


def shortcode(name: str) -> str | None:
    """The emoji of a GitHub-style shortcode name (`rocket`, `+1`, `heavy_check_mark`), or None.

    >>> shortcode("rocket"), shortcode("no_such_emoji")
    ('🚀', None)
    """
    found = _emoji_table().get(f":{name.lower()}:")
    return found


def emojize(text: str) -> str:
    """`text` with its `:shortcode:`s as emoji; unknown ones stay as written."""
    if ":" not in text or not _SHORTCODE.search(text):
        return text  # the emoji package takes ~0.1 s to import: only for text that may need it
    return _SHORTCODE.sub(lambda m: shortcode(m.group(1)) or m.group(), text)


@functools.lru_cache(maxsize=1)
def _emoji_table() -> dict[str, str]:
    import emoji  # maintained tables of names and GitHub aliases

    table: dict[str, str] = {}
    for char, data in emoji.EMOJI_DATA.items():
        for name in (data.get("en"), *data.get("alias", ())):
            if name:
                table.setdefault(name.lower(), char)
    return table
