"""Real outline files from public repositories (tests/corpus): nothing lost, nothing invented,
no raw markup in a label. The topic counts in the manifest come from tests/corpus/count_topics.py,
a counter written from each format's own rules that shares no code with our parsers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from treemind_render.model import Node, count_nodes
from treemind_render.parsers import parse

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))

# Markup that a label must never show raw: (name, pattern).
RAW_MARKUP = [
    ("markdown bold", re.compile(r"\*\*\S")),
    (
        "HTML tag",
        re.compile(r"</?(?:b|i|u|s|em|strong|br|code|span|font|img|p|div|a|color|back|size|w)\b[^>]*>", re.I),
    ),
    ("HTML entity", re.compile(r"&(?:lt|gt|amp|quot|nbsp|#\d+|#x[0-9a-f]+);", re.I)),
    ("wiki/org link", re.compile(r"\[\[")),
    ("PlantUML coloured emoji", re.compile(r"<#\w+:[\w+-]+:>")),
    ("PlantUML emoji", re.compile(r"<:[\w+-]+:>")),
    ("PlantUML code point", re.compile(r"<U\+[0-9A-Fa-f]{4,6}>")),
]
# Marks issue 17 gives a meaning to (emoji shortcodes, math): checked here so they cannot stay
# raw unnoticed; the files that still show them are listed in MARKUP_FOR_ISSUE_17.
RAW_MARKUP_17 = [
    (
        "emoji shortcode",
        re.compile(
            r"(?<![\w:]):(?:heart|smile|rocket|star|warning|white_check_mark|x|tada|book|bulb):(?![\w:])"
        ),
    ),
    ("inline math", re.compile(r"(?<![\w$\\])\$[^$\s][^$]*\$(?![\w$])")),
]

# Known failures, by file; each entry says why. The test is strict: a listed file that passes
# fails the run, so the lists only ever shrink.
PARSE_KNOWN: dict[str, str] = {}
COUNT_KNOWN: dict[str, str] = {}
MARKUP_KNOWN: dict[str, str] = {}
MARKUP_FOR_ISSUE_17: dict[str, str] = {}


def _labels(node: Node):
    """The label text a reader sees as text: code spans show their content literally, on purpose."""
    if node.spans:
        yield from (span.text for span in node.spans if not span.code)
    else:
        yield node.text
    for child in node.children:
        yield from _labels(child)


def _cases(known: dict[str, str]) -> list:
    return [
        pytest.param(
            e,
            id=e["file"],
            marks=[pytest.mark.xfail(reason=known[e["file"]], strict=True)] if e["file"] in known else [],
        )
        for e in MANIFEST
    ]


def _parse(entry: dict):
    path = CORPUS / "files" / entry["file"]
    return parse(path.read_bytes(), source=str(path))


def test_manifest_is_complete() -> None:
    files = {str(p.relative_to(CORPUS / "files")) for p in (CORPUS / "files").rglob("*") if p.is_file()}
    assert files == {e["file"] for e in MANIFEST}
    assert len(MANIFEST) >= 80
    for entry in MANIFEST:
        assert {
            "repository",
            "path",
            "commit",
            "licence",
            "format",
            "topics",
            "roots",
            "expected_nodes",
        } <= entry.keys()


@pytest.mark.parametrize("entry", _cases({**PARSE_KNOWN, **COUNT_KNOWN}))
def test_every_topic_drawn_or_warned(entry: dict) -> None:
    tree = _parse(entry)
    drawn = count_nodes(tree.root)
    expected = entry["expected_nodes"]
    assert drawn <= expected, f"{drawn - expected} topic(s) invented (source has {expected})"
    if drawn < expected:
        assert tree.warnings, f"{expected - drawn} topic(s) lost without a warning"


@pytest.mark.parametrize("entry", _cases({**PARSE_KNOWN, **MARKUP_KNOWN}))
def test_no_raw_markup_in_labels(entry: dict) -> None:
    tree = _parse(entry)
    found = {(name, label) for label in _labels(tree.root) for name, rx in RAW_MARKUP if rx.search(label)}
    assert not found, sorted(found)[:5]


@pytest.mark.parametrize("entry", _cases({**PARSE_KNOWN, **MARKUP_FOR_ISSUE_17}))
def test_no_raw_marks_of_issue_17(entry: dict) -> None:
    tree = _parse(entry)
    found = {(name, label) for label in _labels(tree.root) for name, rx in RAW_MARKUP_17 if rx.search(label)}
    assert not found, sorted(found)[:5]


def _representatives() -> list[dict]:
    """One file per format: the one with the most topics up to 60 (a real, mid-sized map), else
    the smallest."""
    chosen: dict[str, dict] = {}
    for entry in sorted(
        MANIFEST,
        key=lambda e: (
            e["expected_nodes"] > 60,
            -e["expected_nodes"] if e["expected_nodes"] <= 60 else e["expected_nodes"],
        ),
    ):
        chosen.setdefault(entry["format"], entry)
    return [chosen[name] for name in sorted(chosen)]


@pytest.mark.graphviz
@pytest.mark.fonts
@pytest.mark.parametrize("layout", ["map", "right", "left", "down", "up", "radial"])
@pytest.mark.parametrize("entry", _representatives(), ids=lambda e: e["file"])
def test_a_real_file_of_every_format_draws_in_every_layout(cli, entry: dict, layout: str) -> None:
    result = cli(["render", str(CORPUS / "files" / entry["file"]), "-l", layout, "-f", "svg", "-o", "-"])
    assert result.code == 0, result.err
    drawn = result.out.count(b' data-path="')
    assert result.out.startswith(b"<?xml") and 0 < drawn <= entry["expected_nodes"]  # folds may hide some
