"""`-f mm` (FreeMind 1.0 / Freeplane) and `-f xmind` (XMind 2020+): what they keep reads back the
same, for every fixture, example and corpus file."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from treemind_render.draw.links import safe_link
from treemind_render.model import Span, Tree, walk
from treemind_render.parsers import format_for_path, parse
from treemind_render.pipeline import convert

FIXTURES = sorted(
    p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file() and format_for_path(str(p)) is not None
)
CORPUS = sorted(p for p in (ROOT / "tests" / "corpus" / "files").rglob("*") if p.is_file())
SOURCES = FIXTURES + EXAMPLES + CORPUS
COLOURS = ("color", "fill", "text")


def _note(note: str | None, app: str) -> str | None:
    """A note as the app's file keeps it: XMind's plain notes without trailing spaces on a line;
    FreeMind's HTML notes as their lines' words (HTML folds runs of spaces and tabs), no blank lines."""
    if not note:
        return None
    if app == "xmind":
        return "\n".join(line.rstrip() for line in note.split("\n"))
    return "\n".join(" ".join(line.split()) for line in note.split("\n") if line.strip()) or None


def kept(tree: Tree, app: str) -> list[tuple]:
    """What the app's file keeps of each topic."""
    return [
        (
            p.id, p.node.text, _note(p.node.note, app), _link(p.node.link, app),
            p.node.folded and bool(p.node.children), tuple((k, v) for k, v in p.node.attrs if k in COLOURS),
            p.node.side if app == "mm" and p.depth == 1 else None, _formatting(p.node.spans, app),
        )
        for p in walk(tree.root)
    ]  # fmt: skip


MARKS = ("bold", "italic", "strike", "underline", "code")


def _formatting(spans: tuple[Span, ...], app: str) -> tuple:
    """The formatting the app's file keeps: FreeMind every run (bold, italic, strike, underline,
    code, safe links, line breaks); XMind, whose titles are plain, what covers the whole title."""
    if app == "xmind":
        inked = [s for s in spans if s.text.strip() and not s.br]
        return tuple(m for m in MARKS[:4] if inked and all(getattr(s, m) for s in inked))
    runs: list[tuple] = []
    for span in spans:
        run = ("\n",) if span.br else (*(getattr(span, m) for m in MARKS), safe_link(span.link))
        text = "" if span.br else span.text
        if runs and runs[-1][0] == run and not span.br:
            runs[-1] = (run, runs[-1][1] + text)
        else:
            runs.append((run, text))
    if all(run == (False,) * 5 + (None,) for run, _ in runs):
        return ()
    return tuple(runs)


def _link(link: str | None, app: str) -> str | None:
    """A page anchor (`#section`) is no link in a FreeMind map, where `#ID` names a node."""
    safe = safe_link(link)
    return None if app == "mm" and safe and safe.startswith("#") else safe


@pytest.mark.parametrize("app", ["mm", "xmind"])
@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_reading_our_export_back_gives_the_same_tree(path: Path, app: str) -> None:
    original = parse(path.read_bytes(), source=str(path))
    again = parse(convert(original, app), source=f"round-trip.{app}")
    assert kept(again, app) == kept(original, app)
    links = [(c.source, c.target, c.label) for c in again.crosslinks]
    assert links == [(c.source, c.target, c.label) for c in original.crosslinks]
    assert not [w for w in again.warnings if "dropped" in w or "not drawn" in w]


def test_the_xmind_workbook_has_the_files_and_keys_xmind_reads() -> None:
    tree = parse(
        b"# Trip {color=#c0392b}\n- Beach <!-- fold -->\n  - Sand\n- Site {#s}\n- Day {-> s: see}\n",
        source="t.md",
    )
    data = convert(tree, "xmind")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["content.json", "metadata.json", "manifest.json"]
        sheet = json.loads(archive.read("content.json"))[0]
    assert sheet["class"] == "sheet" and sheet["rootTopic"]["class"] == "topic"
    assert sheet["rootTopic"]["structureClass"] == "org.xmind.ui.map.unbalanced"
    assert sheet["relationships"] == [{"id": "rel-0", "end1Id": "n0_2", "end2Id": "n0_1", "title": "see"}]
    assert convert(tree, "xmind") == data  # same map, same bytes


def test_formatting_inside_a_label_reads_back_from_freemind_and_whole_title_formatting_from_xmind() -> None:
    tree = parse(
        b"# R\n- plain **bold** *it* [l](https://x.org) `c`<br>next ~~s~~\n- **all bold**\n", source="t.md"
    )
    mm = convert(tree, "mm").decode()
    assert "<p>plain <b>bold</b> <i>it</i> " in mm and "<code>c</code><br />next <s>s</s></p>" in mm
    again = parse(mm.encode(), source="t.mm")
    assert again.root.children[0].spans == tree.root.children[0].spans
    assert again.root.children[1].spans == tree.root.children[1].spans
    xmind = parse(convert(tree, "xmind"), source="t.xmind")
    assert xmind.root.children[1].spans == tree.root.children[1].spans  # the whole title bold
    assert xmind.root.children[0].spans == ()  # a part of a title has no formatting in XMind


def test_the_freemind_map_is_freemind_1_0() -> None:
    tree = parse(b"# R\n- a\n  > a note\n", source="t.md")
    root = ET.fromstring(convert(tree, "mm"))
    assert root.tag == "map" and root.get("version") == "1.0.1"
    note = root.find("node/node/richcontent")
    assert note is not None and note.get("TYPE") == "NOTE" and note.find("html/body/p").text == "a note"


@pytest.mark.parametrize("app", ["mm", "xmind"])
def test_from_the_command_line(cli, tmp_path: Path, app: str) -> None:
    src = tmp_path / "notes.md"
    src.write_text("# Notes\n- one\n- two\n")
    result = cli(["render", str(src), "-f", app])
    assert result.code == 0, result.err
    out = tmp_path / f"notes.{app}"
    assert [p.node.text for p in walk(parse(out.read_bytes(), source=str(out)).root)] == [
        "Notes",
        "one",
        "two",
    ]
