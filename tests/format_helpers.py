"""Shared helpers for the per-format tests (tests/test_format_*.py): load fixtures and small
texts through `parsers.parse`, find nodes, and the checks that every format repeats."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from conftest import geometry, render_fails_cleanly
from geometry_checks import check_all

from treemind_render.errors import LimitError, OutlineError
from treemind_render.model import Limits, Node, Tree, count_nodes, walk
from treemind_render.parsers import parse

FIXTURES_ROOT = Path(__file__).resolve().parent / "fixtures"
PREFIX = "treemind: error: "

Parser = Callable[..., Tree]


def fixture_loader(fixtures: Path) -> Parser:
    """`load(name, source=None, sheet=None, **limits)`: parse the fixture `fixtures / name`, named
    by its file name unless `source` says otherwise ("-" to sniff the format)."""

    def load(name: str, source: str | None = None, sheet: str | None = None, **limits: int) -> Tree:
        data = (fixtures / name).read_bytes()
        return parse(data, source=source or Path(name).name, sheet=sheet, limits=Limits(**limits))

    return load


def text_parser(default_source: str) -> Parser:
    """`parse_text(body, source=default_source, sheet=None, **limits)`: parse a small text."""

    def parse_text(body: str, source: str = default_source, sheet: str | None = None, **limits: int) -> Tree:
        return parse(body.encode("utf-8"), source=source, sheet=sheet, limits=Limits(**limits))

    return parse_text


def node(tree: Tree, text: str) -> Node:
    """The first node (depth first) labelled `text`."""
    return next(p.node for p in walk(tree.root) if p.node.text == text)


def by_text(tree: Tree) -> dict[str, Node]:
    """Every node by its label (the last one wins)."""
    return {placed.node.text: placed.node for placed in walk(tree.root)}


def texts(item: Node) -> list[str]:
    """The labels of a node's children."""
    return [child.text for child in item.children]


def outline_error(parse_text: Parser, body: str, **kwargs: object) -> OutlineError:
    """The OutlineError that parsing `body` must raise."""
    with pytest.raises(OutlineError) as info:
        parse_text(body, **kwargs)
    return info.value


# --- checks every format repeats ---------------------------------------------------------------


def check_every_fixture_is_checked(fixtures: Path, counts: Mapping[str, int]) -> None:
    assert sorted(p.name for p in fixtures.iterdir()) == sorted(counts)


def load_both_ways(load: Parser, name: str, counts: Mapping[str, int] | None = None) -> tuple[Tree, Tree]:
    """The fixture read by its extension and sniffed as stdin; with `counts`, both hold that many
    nodes."""
    by_name, sniffed = load(name), load(name, source="-")
    if counts is not None:
        assert count_nodes(by_name.root) == counts[name] == count_nodes(sniffed.root)
    return by_name, sniffed


def check_node_and_depth_limits(parse_text: Parser, wide: str, deep: str) -> None:
    """`wide` holds more than 20 nodes; `deep` holds 7, each one level below the last."""
    with pytest.raises(LimitError, match="more than 20 nodes"):
        parse_text(wide, max_nodes=20)
    assert count_nodes(parse_text(deep, max_depth=6).root) == 7
    with pytest.raises(LimitError, match="nested 6 levels deep, over the limit of 5"):
        parse_text(deep, max_depth=5)


def render_fixture(cli, fixtures: Path, name: str, counts: Mapping[str, int], *args: str) -> dict:
    """The JSON geometry of the fixture `fixtures / name`: one box a node, and the geometry checks
    pass."""
    doc = geometry(cli, fixtures / name, *args)
    assert len(doc["nodes"]) == counts[name]
    check_all(doc)
    return doc


def render_stderr(cli, source: Path) -> str:
    """What a render of `source` to JSON on stdout writes on stderr (the warnings)."""
    return cli(["render", source, "-f", "json", "-o", "-"]).err


def render_fails(cli, src: Path, *args: str, after_src: str = ":") -> str:
    """A render to SRC.svg that must fail cleanly (see `render_fails_cleanly`), its one error line
    starting with `treemind: error: SRC` and then `after_src`."""
    line = render_fails_cleanly(cli, src, src.with_suffix(".svg"), *args)
    assert line.startswith(f"{PREFIX}{src}{after_src}"), line
    return line


def check_hostile_file_fails_cleanly(cli, tmp_path: Path, name: str, text: str, expected: str | None) -> None:
    """Write `text` to `tmp_path / name` (lone surrogates as the bytes they stand for), render it,
    and see it fail cleanly; with `expected`, the error line says it."""
    src = tmp_path / name
    src.write_bytes(text.encode("utf-8", "surrogateescape"))
    line = render_fails_cleanly(cli, src, tmp_path / "out.svg")
    if expected is not None:
        assert expected in line


# --- hostile XML -----------------------------------------------------------------------------------

DTD_REFUSED = "DOCTYPE and entity declarations are not allowed"


def entity_bomb(doctype: str, document: str, prolog: str = "") -> str:
    """A "billion laughs" DTD before `document`: `&i;` expands to 4,000,000,000 characters."""
    entities = "".join(
        f' <!ENTITY {b} "{("&" + a + ";") * 10}">\n' for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
    return f'{prolog}<!DOCTYPE {doctype} [\n <!ENTITY a "{"a" * 40}">\n{entities}]>\n{document}'


def external_entity(doctype: str, document: str, prolog: str = "") -> str:
    """A DTD declaring `&x;` as the contents of /etc/passwd, before `document`."""
    return f'{prolog}<!DOCTYPE {doctype} [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n{document}'
