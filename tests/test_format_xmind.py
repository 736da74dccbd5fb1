"""XMind workbooks (XMind 2020+ content.json and XMind 8 content.xml), through `parsers.parse`."""

from __future__ import annotations

import importlib.util
import io
import json
import random
import zipfile
from pathlib import Path

import pytest
from conftest import geometry
from format_helpers import FIXTURES_ROOT, PREFIX, by_text, fixture_loader, load_both_ways, render_fails, texts
from geometry_checks import check_all

from treemind_render.errors import LimitError, OutlineError
from treemind_render.model import Tree, count_nodes, walk
from treemind_render.parsers import parse

FIXTURES = FIXTURES_ROOT / "xmind"
load = fixture_loader(FIXTURES)


def ids(tree: Tree) -> dict[str, str]:
    return {placed.node.text: placed.id for placed in walk(tree.root)}


def workbook(members: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def content_json(root: dict, title: str = "Sheet 1", **sheet: object) -> str:
    return json.dumps([{"id": "s1", "class": "sheet", "title": title, "rootTopic": root, **sheet}])


# --- fixtures ---------------------------------------------------------------------------------


def test_fixtures_match_their_generator(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.HERE = tmp_path
    module.product_launch()
    module.org_chart()
    module.team_handbook()
    for fresh in sorted(tmp_path.glob("*.xmind")):
        with zipfile.ZipFile(fresh) as new, zipfile.ZipFile(FIXTURES / fresh.name) as old:
            assert new.namelist() == old.namelist()
            for name in new.namelist():
                assert new.read(name) == old.read(name), f"{fresh.name}:{name} is stale; rerun the script"


def test_xmind2020_workbook() -> None:
    tree = load("product-launch.xmind")
    nodes = by_text(tree)
    assert count_nodes(tree.root) == 13
    assert tree.root.text == "Product launch 产品发布"
    assert tree.title == "Product launch 产品发布"  # the sheet is called "画布 1", a default name
    assert tree.layout == "map"
    assert texts(tree.root) == ["Research 调研", "Design デザイン", "Build", "Launch 上线"]
    # right-number 2: the first two main topics go right, the others left
    assert [c.side for c in tree.root.children] == ["right", "right", "left", "left"]
    research = nodes["Research 调研"]
    assert research.note == "Interview 12 customers\nSummarise by March"
    assert dict(research.attrs) == {"markers": "priority-1", "tags": "Q1,team A"}
    assert nodes["Interviews 访谈"].link == "https://example.com/interviews"
    design = nodes["Design デザイン"]
    assert design.folded
    assert dict(design.attrs) == {"fill": "#ffe7a3", "text": "#1f2328", "color": "#e32c2d"}
    assert dict(nodes["Build"].attrs) == {"markers": "task-half,flag-red"}
    assert texts(nodes["Build"]) == ["API", "Web app"]  # the empty topic is skipped
    assert texts(nodes["Launch 上线"]) == ["…"] and texts(nodes["…"]) == ["Press kit"]
    # rgba() is not a colour we take; "none" is no colour; its picture is kept as a picture mark
    assert dict(nodes["Launch 上线"].attrs) == {"image": "xap:resources/4c1b.png"}
    assert "Parking lot" not in nodes and "MVP" not in nodes
    assert [(c.source, c.target, c.label) for c in tree.crosslinks] == [("n0_0", "n0_1", "informs")]
    warnings = "\n".join(tree.warnings)
    for expected in (
        "2 sheets",
        "1 floating topic not drawn",
        "1 summary not drawn",
        "1 boundary not drawn",
        "'rgba(0,0,0,0.5)'",
        "relationship to a topic that is not drawn",
    ):
        assert expected in warnings


def test_content_json_wins_over_the_xml_stub() -> None:
    with zipfile.ZipFile(FIXTURES / "product-launch.xmind") as archive:
        assert "content.xml" in archive.namelist()
    tree = load("product-launch.xmind")
    assert "Warning" not in tree.root.text


@pytest.mark.parametrize("sheet", ["2", "アイデア帳", " 2 "])
def test_second_sheet_by_number_or_title(sheet: str) -> None:
    tree = load("product-launch.xmind", sheet=sheet)
    assert count_nodes(tree.root) == 5
    assert tree.title == "アイデア帳"
    assert tree.root.text == "新しいアイデア"
    assert tree.layout == "right"
    assert by_text(tree)["読書リスト"].note == "毎月2冊"
    assert texts(by_text(tree)["旅行 travel"]) == ["京都", "札幌"]
    assert tree.warnings == ()


def test_sheet_title_matches_ignoring_case() -> None:
    assert load("team-handbook.xmind", sheet="handbook 2017").root.text == "Team handbook 中文手册"


@pytest.mark.parametrize("sheet", ["3", "0", "Ideas"])
def test_unknown_sheet_lists_the_sheets(sheet: str) -> None:
    with pytest.raises(OutlineError) as info:
        load("product-launch.xmind", sheet=sheet)
    assert info.value.message == (
        f"no sheet {sheet!r} in this workbook (sheets: 1 '画布 1', 2 'アイデア帳');"
        " give --sheet a number or a title"
    )


def test_org_chart_with_default_sheet_title() -> None:
    tree = load("org-chart.xmind")
    assert count_nodes(tree.root) == 6
    assert tree.title == "Company 公司"
    assert tree.layout == "down"
    assert texts(tree.root.children[0]) == ["Frontend", "Backend and data"]  # a two-line title
    assert [c.side for c in tree.root.children] == [None, None, None]
    assert tree.warnings == ()


def test_xmind8_workbook() -> None:
    tree = load("team-handbook.xmind")
    nodes = by_text(tree)
    assert count_nodes(tree.root) == 8
    assert tree.root.text == "Team handbook 中文手册"  # numeric character references
    assert tree.title == "Handbook 2017"
    assert texts(tree.root) == ["Onboarding", "Tools & access", "日本語チーム"]
    assert [c.side for c in tree.root.children] == ["right", "left", "left"]  # right-number 1
    onboarding = nodes["Onboarding"]
    assert onboarding.note == "First week:\tlaptop, accounts, buddy."
    assert dict(onboarding.attrs) == {
        "color": "#3c78d8",
        "fill": "#c9e7ff",
        "text": "#0b3d91",
        "markers": "priority-2,smiley-smile",
        "tags": "HR,必読",
    }
    assert nodes["Buddy 制度"].link == "https://wiki.example.com/buddy"
    assert nodes["Tools & access"].folded
    assert texts(nodes["Tools & access"]) == ["Git", "CI"]
    assert [(c.source, c.target, c.label) for c in tree.crosslinks] == [("n0_0", "n0_1", "then")]
    warnings = "\n".join(tree.warnings)
    assert "2 floating topics not drawn" in warnings and "image" not in warnings
    images = [dict(n.attrs)["image"] for n in nodes.values() if "image" in dict(n.attrs)]
    assert images == ["xap:attachments/team.png"]


def test_xmind8_second_sheet_with_default_title() -> None:
    tree = load("team-handbook.xmind", sheet="2")
    assert (count_nodes(tree.root), tree.title, tree.layout) == (1, "Sheet two root", None)


@pytest.mark.parametrize("name", ["product-launch.xmind", "org-chart.xmind", "team-handbook.xmind"])
def test_sniffed_from_stdin_like_by_extension(name: str) -> None:
    named, sniffed = load_both_ways(load, name)
    assert sniffed.root == named.root
    assert sniffed.crosslinks == named.crosslinks


def test_node_limit_is_enforced() -> None:
    with pytest.raises(LimitError):
        load("product-launch.xmind", max_nodes=5)


# --- shapes the fixtures do not cover --------------------------------------------------------------


def test_relationship_to_unknown_id_and_sheet_without_title() -> None:
    root = {"id": "r", "title": "", "children": {"attached": [{"id": "a", "title": "A"}]}}
    data = workbook(
        {
            "content.json": json.dumps(
                [{"rootTopic": root, "relationships": [{"end1Id": "a", "end2Id": "zz", "title": "x"}]}]
            )
        }
    )
    tree = parse(data, source="notes/plan.xmind")
    assert tree.root.text == "plan" and tree.title == "plan"
    assert tree.crosslinks == ()
    assert any("relationship 'x'" in w for w in tree.warnings)


def test_xml_without_namespace_and_unknown_structure() -> None:
    xml = (
        '<xmap-content version="2.0"><sheet><topic structure-class="org.xmind.ui.fishbone.leftHeaded">'
        "<title>Why?</title><children><topics type='attached'><topic><title>People</title></topic>"
        "</topics></children></topic><title>Causes</title></sheet></xmap-content>"
    )
    tree = parse(workbook({"content.xml": xml}), source="x.xmind")
    assert (tree.title, texts(tree.root), tree.layout) == ("Causes", ["People"], None)
    assert any("fishbone" in w for w in tree.warnings)


def test_colour_with_alpha_other_than_opaque_is_dropped() -> None:
    topic = {"id": "r", "title": "R", "style": {"properties": {"svg:fill": "#11223380", "fo:color": "#ABC"}}}
    tree = parse(workbook({"content.json": content_json(topic)}), source="x.xmind")
    assert dict(tree.root.attrs) == {"text": "#aabbcc"}
    assert any("#11223380" in w for w in tree.warnings)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (
            {"readme.txt": "hello"},
            "not an XMind workbook: the zip holds neither content.json nor content.xml",
        ),
        ({"content.json": "[]"}, "XMind workbook has no sheets: nothing to draw"),
        ({"content.json": '[{"title": "x"}]'}, "has a sheet without a rootTopic"),
        ({"content.json": "[{"}, "content.json in the workbook is not valid JSON (line 1, column 3"),
        ({"content.json": b"\xff\xfe\x00junk"}, "content.json in the workbook is not UTF-8 text"),
        ({"content.xml": "<map><node/></map>"}, "starts with <map>, not <xmap-content>"),
        ({"content.xml": "<xmap-content><sheet>"}, "content.xml in the workbook is not well-formed XML"),
        ({"content.xml": '<?xml version="1.0" encoding="bogus"?><x/>'}, "unknown encoding: bogus"),
        (
            {
                "manifest.json": '{"file-entries": {"content.json": {"encryption-data": {}}}}',
                "content.json": "x",
            },
            "password protected",
        ),
    ],
)
def test_broken_workbooks(members: dict, message: str) -> None:
    with pytest.raises(OutlineError) as info:
        parse(workbook(members), source="x.xmind")
    assert message in info.value.message
    assert "\n" not in info.value.message


# --- end to end and hostile, through the CLI ---------------------------------------------------------


@pytest.mark.graphviz
@pytest.mark.fonts
@pytest.mark.parametrize("args", [[], ["--sheet", "2"]])
def test_render_passes_geometry_checks(cli, args: list[str]) -> None:
    doc = geometry(cli, FIXTURES / "product-launch.xmind", *args)
    assert len(doc["nodes"]) == (11 if not args else 5)  # folded "Design" hides two
    check_all(doc)


def deep_json(levels: int) -> str:
    step = '{"title":"x","children":{"attached":['
    return '[{"title":"S","rootTopic":' + step * levels + '{"title":"leaf"}' + "]}}" * levels + "}]"


def deep_xml(levels: int) -> str:
    step = "<children><topics type='attached'><topic><title>x</title>"
    return (
        "<xmap-content xmlns='urn:xmind:xmap:xmlns:content:2.0'><sheet><topic><title>r</title>"
        + step * levels
        + "</topic></topics></children>" * levels
        + "</topic></sheet></xmap-content>"
    )


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    "<xmap-content><sheet><topic><title>&lol3;</title></topic></sheet></xmap-content>"
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
    "<xmap-content><sheet><topic><title>&ext;</title></topic></sheet></xmap-content>"
)


def zip_bomb() -> bytes:
    return workbook({"content.json": " " * 30_000_000})


def ratio_bomb() -> bytes:
    return workbook({"content.json": "[" + " " * 5_000_000 + "]"})


def truncated() -> bytes:
    data = (FIXTURES / "product-launch.xmind").read_bytes()
    return data[: len(data) // 2]


def corrupt() -> bytes:
    data = bytearray(workbook({"content.json": content_json({"title": "x" * 2000})}))
    start = data.index(b"content.json") + len(b"content.json")
    for i in range(start + 10, start + 60):
        data[i] ^= 0x5A
    return bytes(data)


def encrypted() -> bytes:
    """Set the "encrypted" flag bit in the local and central headers (zipfile will not write it)."""
    data = bytearray(workbook({"content.json": "[]"}))
    data[6] |= 0x1
    data[data.index(b"PK\x01\x02") + 8] |= 0x1
    return bytes(data)


def patched(at: dict[int, int], central: dict[int, int]) -> bytes:
    """A small workbook with header bytes replaced: `at` offsets in the local header, `central` in
    the central directory's."""
    data = bytearray(workbook({"content.json": content_json({"title": "x"})}))
    centre = data.index(b"PK\x01\x02")
    for offset, value in [*at.items(), *((centre + k, v) for k, v in central.items())]:
        data[offset] = value
    return bytes(data)


def many_members() -> bytes:
    return workbook({f"markers/{i}.png": b"" for i in range(1_001)}, zipfile.ZIP_STORED)


HOSTILE = {
    "not-a-zip": lambda: b"PK\x03\x04" + random.Random(7).randbytes(3000),
    "plain-text": lambda: b"Product launch\n  Research\n",
    "truncated": truncated,
    "corrupt-deflate": corrupt,
    "zip-bomb": zip_bomb,
    "ratio-bomb": ratio_bomb,
    "encrypted": encrypted,
    "many-members": many_members,
    "newer-zip-version": lambda: patched({}, {6: 64}),  # "version needed to extract" 6.4
    "unknown-compression": lambda: patched({8: 99}, {10: 99}),
    "bad-crc": lambda: patched({14: 0}, {16: 0}),
    "entity-bomb": lambda: workbook({"content.xml": BOMB}),
    "external-entity": lambda: workbook({"content.xml": EXTERNAL}),
    # stored, not deflated: they compress far past 200:1 and would be refused as bombs
    "deep-json": lambda: workbook({"content.json": deep_json(100_000)}, zipfile.ZIP_STORED),
    "deep-xml": lambda: workbook({"content.xml": deep_xml(100_000)}, zipfile.ZIP_STORED),
}
EXPECTED = {
    "not-a-zip": "not an XMind workbook: not a readable zip archive",
    "plain-text": "not an XMind workbook: not a readable zip archive",
    "truncated": "not an XMind workbook: not a readable zip archive",
    "corrupt-deflate": "XMind workbook is damaged: cannot unpack content.json",
    "zip-bomb": "content.json in the workbook unpacks to 30,000,000 bytes, over the limit of 10,000,000",
    "ratio-bomb": "content.json in the workbook is compressed more than 200:1",
    "encrypted": "XMind workbook is encrypted (password protected)",
    "many-members": "XMind workbook holds 1,001 files, more than 1,000",
    "newer-zip-version": "not a readable zip archive (zip file version 6.4)",
    "unknown-compression": "cannot unpack content.json (That compression method is not supported)",
    "bad-crc": "XMind workbook is damaged: cannot unpack content.json (Bad CRC-32",
    "entity-bomb": "content.xml in the workbook has a DTD, which is not allowed",
    "external-entity": "content.xml in the workbook has a DTD, which is not allowed",
    "deep-json": "content.json in the workbook is nested too deep to read",
    "deep-xml": "outline is nested 101 levels deep, over the limit of 100",
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_workbooks_fail_cleanly(cli, tmp_path: Path, case: str) -> None:
    src = tmp_path / f"{case}.xmind"
    src.write_bytes(HOSTILE[case]())
    line = render_fails(cli, src, after_src=": ")
    assert EXPECTED[case] in line


@pytest.mark.parametrize(
    "member", [("content.json", deep_json(150)), ("content.xml", deep_xml(150))], ids=["json", "xml"]
)
def test_nesting_past_the_depth_limit(cli, tmp_path: Path, member: tuple[str, str]) -> None:
    src = tmp_path / "deep.xmind"
    src.write_bytes(workbook(dict([member])))
    line = render_fails(cli, src, after_src=": ")
    assert line.endswith(
        "outline is nested 101 levels deep, over the limit of 100 (raise it with --limit-depth)"
    )


def test_unknown_sheet_through_cli(cli) -> None:
    src = FIXTURES / "org-chart.xmind"
    result = cli(["render", src, "-o", "-", "-f", "json", "--sheet", "Budget"])
    assert result.code == 1
    assert result.err.strip() == (
        f"{PREFIX}{src}: no sheet 'Budget' in this workbook (sheets: 1 'Sheet 1');"
        " give --sheet a number or a title"
    )
