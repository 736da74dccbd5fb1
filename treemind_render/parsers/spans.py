"""Shared by parsers with inline formatting: turn styled pieces into the model's Spans."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Span

# (bold, italic, code, strike, link)
Style = tuple[bool, bool, bool, bool, str | None]


def normalize(pieces: list[tuple[str, Style]], clean: Callable[[str], str]) -> list[Span]:
    """Collapse whitespace across runs, strip the ends, merge runs formatted alike."""
    texts: list[list[str]] = []
    styles: list[Style] = []
    after_space = True  # drops leading whitespace
    for raw, style in pieces:
        text = clean(raw)
        text = text.lstrip(" ") if after_space else text
        if not text:
            continue
        after_space = text.endswith(" ")
        if styles and styles[-1] == style:
            texts[-1].append(text)
        else:
            texts.append([text])
            styles.append(style)
    runs = ["".join(parts) for parts in texts]
    while runs and not runs[-1].strip(" "):
        runs.pop()
        styles.pop()
    if runs:
        runs[-1] = runs[-1].rstrip(" ")
    return [
        Span(text, bold=b, italic=i, code=c, strike=s, link=k)
        for text, (b, i, c, s, k) in zip(runs, styles, strict=True)
    ]


def is_plain(spans: list[Span]) -> bool:
    return all(not (s.bold or s.italic or s.code or s.strike or s.link) for s in spans)
