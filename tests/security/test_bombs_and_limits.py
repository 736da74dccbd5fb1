"""Threat: exhausting the CI machine. Small files that expand (zip bombs, XML entity bombs, YAML
alias bombs), files that lie about their size, and outlines far too deep, wide, long or large,
so that treemind runs out of memory or time, crashes with a traceback, or floods the log.

Guarantee: every input is bounded before the expensive work: its size (--limit-size, 10 MB),
zip members (size, 200:1 ratio, 1,000 members, encrypted refused), XML (no DTD, no entities,
element and nesting caps), YAML (safe loader, no aliases), nodes (--limit-nodes, 20,000),
children of one topic (--limit-children, 5,000), depth (--limit-depth, 100), label length
(--limit-label, 2,000), PNG pixels (--limit-pixels, 100 million), Graphviz time (--timeout,
60 s). A file over a limit gets one error line naming the flag, quickly; an outline cannot raise
a limit.
"""

from __future__ import annotations

import io
import json
import struct
import time
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.graphviz

PREFIX = "treemind: error: "
QUICK = 30.0  # seconds: only a guard against a hang (a loaded CI machine took 11 s once)


def refused(cli, src: Path, *args: str, code: int = 1) -> str:
    """Run a render that must fail quickly with one error line and write nothing."""
    out = src.with_name(src.name + ".svg")
    start = time.monotonic()
    result = cli(["render", src, "-o", out, *args])
    elapsed = time.monotonic() - start
    assert elapsed < QUICK, f"took {elapsed:.1f} s"
    assert result.code == code, result.err
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{PREFIX}{src}"), result.err
    assert not out.exists()
    return lines[0]


def zipped(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# --- zip bombs (XMind) -------------------------------------------------------------------------


def test_zip_member_compressed_too_well_is_refused(cli, tmp_path: Path) -> None:
    bomb = zipped({"content.json": b"[" + b" " * 8_000_000 + b"]"})  # ~8 kB on disk
    assert len(bomb) < 50_000
    line = refused(cli, write(tmp_path / "bomb.xmind", bomb))
    assert "compressed more than 200:1" in line


def test_zip_member_over_the_size_limit_is_refused_before_unpacking(cli, tmp_path: Path) -> None:
    line = refused(cli, write(tmp_path / "big.xmind", zipped({"content.json": b"[" + b" " * 3000 + b"]"})),
                   "--limit-size", "2000")  # fmt: skip
    assert "--limit-size" in line


def test_zip_header_that_understates_the_size(cli, tmp_path: Path) -> None:
    """A member whose headers claim 100 bytes but whose data inflates to 8 MB."""
    data = bytearray(zipped({"content.json": b"[" + b" " * 8_000_000 + b"]"}))
    # patch the uncompressed size in the local header (offset 22) and the central directory (24)
    local = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 100)
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)
    line = refused(cli, write(tmp_path / "liar.xmind", bytes(data)))
    assert "damaged" in line or "not valid JSON" in line or "200:1" in line


def test_zip_with_too_many_members(cli, tmp_path: Path) -> None:
    members = {f"junk/{i}.txt": b"" for i in range(1_001)}
    members["content.json"] = b"[]"
    line = refused(cli, write(tmp_path / "many.xmind", zipped(members, zipfile.ZIP_STORED)))
    assert "1,000" in line


def test_encrypted_zip_member_is_refused(cli, tmp_path: Path) -> None:
    data = bytearray(zipped({"content.json": b'[{"rootTopic": {"title": "x"}}]'}, zipfile.ZIP_STORED))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # the general-purpose flags
        at = data.find(signature)
        data[at + offset] |= 0x1
    line = refused(cli, write(tmp_path / "locked.xmind", bytes(data)))
    assert "encrypted" in line or "password" in line


def test_not_a_zip_at_all(cli, tmp_path: Path) -> None:
    line = refused(cli, write(tmp_path / "fake.xmind", b"PK\x03\x04" + b"\x00" * 200))
    assert "zip" in line


# --- entity and alias bombs ----------------------------------------------------------------------

LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + "]>"
)


@pytest.mark.parametrize(
    "name, body",
    [
        ("laughs.opml", LAUGHS.format(root="opml") + '<opml><body><outline text="&i;"/></body></opml>'),
        ("laughs.mm", LAUGHS.format(root="map") + '<map><node TEXT="&i;"/></map>'),
        ("internal.mm", '<?xml version="1.0"?><!DOCTYPE map [<!ENTITY x "y">]><map><node TEXT="&x;"/></map>'),
    ],
    ids=lambda value: value if len(value) < 40 else "",
)
def test_xml_entity_bombs_are_refused(cli, tmp_path: Path, name: str, body: str) -> None:
    line = refused(cli, write(tmp_path / name, body))
    assert "DOCTYPE" in line or "entit" in line


def test_xmind_entity_bomb_is_refused(cli, tmp_path: Path) -> None:
    content = LAUGHS.format(root="xmap-content") + (
        '<xmap-content xmlns="urn:xmind:xmap:xmlns:content:2.0"><sheet><topic><title>&i;</title>'
        "</topic></sheet></xmap-content>"
    )
    line = refused(cli, write(tmp_path / "laughs.xmind", zipped({"content.xml": content.encode()})))
    assert "DTD" in line or "entit" in line


def test_yaml_alias_bomb_is_refused(cli, tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    line = refused(cli, write(tmp_path / "bomb.yaml", "\n".join(lines) + "\ntext: root\n"))
    assert "aliases" in line


@pytest.mark.parametrize(
    "body",
    [
        "text: !!python/object/apply:os.system ['true']\n",
        "text: !!python/name:os.system\n",
        "text: !custom x\n",
        "text: !!binary " + "A" * 40 + "\n",
    ],
    ids=["object-apply", "name", "custom-tag", "binary"],
)
def test_yaml_tags_never_build_objects(cli, tmp_path: Path, body: str) -> None:
    src = write(tmp_path / "tag.yaml", body)
    result = cli(["render", src, "-o", tmp_path / "tag.svg"])
    assert result.code in (0, 1) and "Traceback" not in result.err
    assert result.code == 1 or "!!" not in result.err


def test_yaml_huge_integer(cli, tmp_path: Path) -> None:
    src = write(tmp_path / "int.yaml", "text: root\nchildren: [" + "9" * 200_000 + "]\n")
    result = cli(["render", src, "-o", tmp_path / "int.svg"])
    assert result.code == 1 and "Traceback" not in result.err


@pytest.mark.parametrize(
    "name, body",
    [
        ("deep.json", "[" * 200_000 + "]" * 200_000),
        ("deep-objects.json", '{"a":' * 100_000 + "1" + "}" * 100_000),
        ("deep.yaml", "a:\n" + "".join("  " * i + "- \n" for i in range(1, 3000))),
        ("deep-flow.yaml", "[" * 50_000 + "]" * 50_000),
    ],
    ids=lambda value: value if len(value) < 40 else "",
)
def test_deep_data_is_refused_without_recursion_errors(cli, tmp_path: Path, name: str, body: str) -> None:
    line = refused(cli, write(tmp_path / name, body))
    assert "deep" in line or "nest" in line or "depth" in line


# --- size limits -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["m.md", "m.txt", "m.opml", "m.json", "m.xmind"])
def test_input_size_limit(cli, tmp_path: Path, name: str) -> None:
    body = "# r\n" + "".join(f"- item {i}\n" for i in range(200))
    data = zipped({"content.json": body.encode()}, zipfile.ZIP_STORED) if name.endswith(".xmind") else body
    line = refused(cli, write(tmp_path / name, data), "--limit-size", "500")
    assert "--limit-size" in line


def test_stdin_size_limit_reads_no_more_than_needed(cli, tmp_path: Path) -> None:
    result = cli(["render", "-", "--limit-size", "1000"], stdin=b"# r\n" + b"- x\n" * 100_000)
    assert result.code == 1
    assert result.err.startswith(f"{PREFIX}-: input is more than the limit of 1,000 bytes")


def test_png_pixel_limit_is_checked_before_drawing(cli, tmp_path: Path) -> None:
    src = write(tmp_path / "m.md", "# r\n- a\n- b\n")
    line = refused(cli, src, "-f", "png", "--scale", "20", "--limit-pixels", "1000000")
    assert "--limit-pixels" in line
    line = refused(cli, src, "-f", "png", "--width", "100000")  # the default limit: 100 megapixels
    assert "100,000,000 pixels" in line


def test_png_side_cairo_cannot_draw_is_refused_before_drawing(cli, tmp_path: Path) -> None:
    """Cairo draws at most 32,767 pixels on a side, whatever --limit-pixels allows: a tall map
    failed after its whole render with CAIRO_STATUS_INVALID_SIZE."""
    src = write(tmp_path / "m.md", "# r\n- a\n- b\n")
    line = refused(cli, src, "-f", "png", "--width", "40000", "--limit-pixels", str(10**10))
    assert "32,767 pixels on a side" in line and "--scale/--width" in line


# --- tree limits, with bounded time ------------------------------------------------------------


DEEP_PUML = "".join("*" * i + " n\n" for i in range(1, 999))
WIDE_OPML = '<opml><body><outline text="r">' + '<outline text="n"/>' * 6_000 + "</outline></body></opml>"


@pytest.mark.parametrize(
    "name, body, flag",
    [
        ("deep.txt", "".join(" " * i + "n\n" for i in range(1_500)), "--limit-depth"),
        ("deep.md", "# r\n" + "".join("  " * i + "- n\n" for i in range(400)), "--limit-depth"),
        ("deep-quote.md", "> " * 30_000 + "x\n", "--limit-depth"),
        ("deep.puml", f"@startmindmap\n{DEEP_PUML}@endmindmap\n", "--limit-depth"),
        ("deep.mm", "<map>" + "<node TEXT='x'>" * 5_000 + "</node>" * 5_000 + "</map>", "--limit-depth"),
        ("wide.txt", "r\n" + "  n\n" * 6_000, "--limit-children"),
        ("wide.opml", WIDE_OPML, "--limit-children"),
        ("many.txt", "r\n" + "".join(f"  b{i}\n" + "    leaf\n" * 120 for i in range(200)), "--limit-nodes"),
        ("long.txt", "r\n  " + "x" * 3_000_000 + "\n", "--limit-label"),
        ("long.md", "# r\n- " + "[" * 30_000 + "\n", "--limit-label"),
        ("long-emphasis.md", "# r\n- " + "*a " * 30_000 + "\n", "--limit-label"),
        ("long.mmd", "mindmap\n  root((" + "(" * 100_000 + "))\n", "--limit-label"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 40 else "",
)  # fmt: skip
def test_tree_limits(cli, tmp_path: Path, name: str, body: str, flag: str) -> None:
    line = refused(cli, write(tmp_path / name, body))
    assert flag in line


def test_deep_org_headlines(cli, tmp_path: Path) -> None:
    """org nests at most 14 levels: 15 stars or more is an inline task (text of its headline),
    so 3,000 levels of stars are no bomb; a lowered --limit-depth still refuses deep headlines."""
    body = "".join("*" * i + " h\n" for i in range(1, 3_000))
    src = write(tmp_path / "deep.org", body)
    result = cli(["render", src, "-f", "json", "-o", "-"])
    assert result.code == 0, result.err
    assert max(n["depth"] for n in json.loads(result.out)["nodes"]) == 13  # 14 headline levels
    assert "--limit-depth" in refused(cli, src, "--limit-depth", "10")


def test_limits_apply_to_every_input_of_a_batch(cli, tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "r\n  a\n")
    bad = write(tmp_path / "bad.txt", "".join(" " * i + "n\n" for i in range(200)))
    result = cli(["render", good, bad, "-j", "2"])
    assert result.code == 1
    errors = [ln for ln in result.err.splitlines() if ln.startswith(PREFIX)]
    assert len(errors) == 1 and errors[0].startswith(f"{PREFIX}{bad}:")
    assert (tmp_path / "good.svg").exists() and not (tmp_path / "bad.svg").exists()


@pytest.mark.parametrize(
    "front",
    [
        "limit-depth: 1000",
        "limits: {depth: 1000}",
        "limit_depth: 1000\nmax_depth: 1000",
    ],
)
def test_an_outline_cannot_raise_a_limit(cli, tmp_path: Path, front: str) -> None:
    body = f"---\n{front}\n---\n# r\n" + "".join("  " * i + "- n\n" for i in range(150))
    line = refused(cli, write(tmp_path / "m.md", body))
    assert "--limit-depth" in line


# --- the log -----------------------------------------------------------------------------------

N = 300
FLOODS = {
    "w.puml": "@startmindmap\n* r\n" + "** a\nnot a mindmap line\n" * N + "@endmindmap\n",
    "w.opml": '<opml version="2.0"><body><outline text="r">'
    + '<outline text="i" type="include" url="https://example.com/x.opml"/>' * N
    + "</outline></body></opml>",
    "w.mm": "<map><node TEXT='r'>" + "<node TEXT='x' COLOR='nope'/>" * N + "</node></map>",
    "w.json": json.dumps({"text": "r", "children": [{"text": "x", "color": "nope"}] * N}),
}


# parsers.parse() caps the warnings of every format (cap_warnings): 30 lines, then a count.
@pytest.mark.parametrize("name", sorted(FLOODS))
def test_warnings_cannot_flood_the_log(cli, tmp_path: Path, name: str) -> None:
    src = write(tmp_path / name, FLOODS[name])
    result = cli(["render", src, "-o", tmp_path / "w.svg"])
    assert result.code == 0, result.err[:500]
    lines = result.err.splitlines()
    assert 1 <= len(lines) <= 50, f"{len(lines)} lines of warnings"


# --- work bounded before the expensive parse (issue 15, item 7) ---------------------------------
# Inputs under the size limit that a parser once spent minutes and gigabytes on: nested emphasis,
# bracket runs, PlantUML creole on one long line; a table of emphasised cells. The slow shapes
# themselves, at 8 MB with a time and memory bound, are in benchmarks/slow_inputs.py.

LONG_LINES = {
    "emphasis.md": "# Map\n- " + "*_" * 30_000 + "\n",
    "brackets.md": "# Map\n- " + "[" * 60_000 + "\n",
    "creole.puml": "@startmindmap\n* " + "**//__" * 10_000 + "\n@endmindmap\n",
    "org.org": "* Map\n** " + "*/_+" * 15_000 + "\n",
    "text.txt": "Map\n  " + "x" * 60_000 + "\n",
}


@pytest.mark.parametrize("name", sorted(LONG_LINES))
def test_a_line_far_longer_than_any_label_is_refused_before_parsing(cli, tmp_path: Path, name: str) -> None:
    src = tmp_path / name
    src.write_text(LONG_LINES[name], encoding="utf-8")
    line = refused(cli, src)
    assert f"{src}:2:" in line and "--limit-label" in line, line


def test_markup_beyond_what_the_nodes_allow_is_refused_before_parsing(cli, tmp_path: Path) -> None:
    src = tmp_path / "table.md"
    row = "| " + " | ".join("*x*" for _ in range(20)) + " |\n"
    src.write_text("# Map\n- a\n\n  | h |\n  |---|\n" + "  " + row * 40, encoding="utf-8")
    line = refused(cli, src, "--limit-nodes", "100")
    assert "--limit-nodes" in line, line
    # the same file is fine under the default limits
    assert cli(["render", src, "-o", tmp_path / "ok.svg"]).code == 0
