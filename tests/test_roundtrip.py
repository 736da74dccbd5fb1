"""Conversion out: `-f md` of any input reads back as the same tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from treemind_render.draw.links import safe_link
from treemind_render.model import Node, walk
from treemind_render.parsers import format_for_path, parse

FIXTURES = sorted(
    p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file() and format_for_path(str(p)) is not None
)


def shape(node: Node) -> list[tuple]:
    """What Markdown can carry: text, formatting, note, link, task state, fold, colours."""
    return [
        (
            p.id, p.node.text, p.node.spans, p.node.note, safe_link(p.node.link), p.node.checked,
            p.node.folded, tuple((k, v) for k, v in p.node.attrs if k in ("color", "fill", "text")),
        )
        for p in walk(node)
    ]  # fmt: skip


@pytest.mark.parametrize("path", FIXTURES + EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_markdown_round_trip(cli, path: Path):
    original = parse(path.read_bytes(), source=str(path))
    result = cli(["render", path, "-f", "md", "-o", "-"])
    assert result.code == 0, result.err
    again = parse(result.out, source="round-trip.md")
    assert again.title == original.title
    assert again.tags == original.tags
    assert [(c.source, c.target, c.label) for c in again.crosslinks] == [
        (c.source, c.target, c.label) for c in original.crosslinks
    ]
    for before, after in zip(shape(original.root), shape(again.root), strict=True):
        assert after == before


def test_opml_round_trip_keeps_labels_notes_and_links(cli):
    path = EXAMPLES[0]
    original = parse(path.read_bytes(), source=str(path))
    result = cli(["render", path, "-f", "opml", "-o", "-"])
    assert result.code == 0, result.err
    again = parse(result.out, source="x.opml")
    assert [(p.node.text, p.node.note) for p in walk(again.root)] == [
        (p.node.text, p.node.note) for p in walk(original.root)
    ]


def test_fixtures_cover_every_format():
    assert {format_for_path(str(p)) for p in FIXTURES} >= {
        "opml",
        "freemind",
        "xmind",
        "yaml",
        "json",
        "mermaid",
        "plantuml",
        "org",
    }
    names = [str(p.relative_to(ROOT)) for p in FIXTURES]
    assert len(set(names)) == len(names) and names == sorted(names)  # stable, unique test ids
