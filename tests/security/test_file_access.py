"""Threat: reading local files, or fetching anything. An outline committed by an outsider names a
file on the CI machine (an XML external entity, an XInclude, an OPML include, a FreeMind or
XMind attachment or image, an org `#+INCLUDE`, a PlantUML `!include`, a theme path in the
frontmatter, a `src=` in a Markdown fence) hoping its content ends up in a published image.

Guarantee: rendering reads the input file and nothing it names. XML is parsed with DTDs,
entities and external references refused; includes and attachments are never followed (a
warning says so); an outline may pick a built-in theme only; `src=` and `theme=` of a fence must
stay inside the repository, symlinks resolved; the rasteriser fetches nothing but data: URIs.

Each case uses a secret file with a marker, checks that the marker is in no output, and, with a
Python audit hook, that the secret file was never even opened and no socket was used.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from PIL import Image

from treemind_render.draw.raster import rasterise
from treemind_render.errors import RenderError

pytestmark = pytest.mark.graphviz

MARKER = "S3CRET-7f3a-MARKER"
OUTPUTS = "svg,json,dot,md,opml"
SECRET_COLOR = (0x12, 0x34, 0x56)

# --- watching what the process opens -----------------------------------------------------------

_watch: dict[str, list] = {}


def _hook(event: str, args: tuple) -> None:
    if not _watch:
        return
    if event == "open" and args and isinstance(args[0], (str, bytes, Path)):
        path = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
        _watch["opened"].append(path)
    elif event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
        _watch["network"].append((event, args[:2]))


sys.addaudithook(_hook)  # hooks cannot be removed; it does nothing outside `watching()`


@contextmanager
def watching() -> Iterator[dict[str, list]]:
    """Record the files this process opens and any network use, inside the block."""
    seen: dict[str, list] = {"opened": [], "network": []}
    _watch.update(seen)
    try:
        yield seen  # the lists stay readable after the block
    finally:
        _watch.clear()


@pytest.fixture
def secrets(tmp_path: Path) -> Path:
    """A folder of files nobody may read: text, an outline, a theme and a PNG, each marked."""
    folder = tmp_path / "secrets"
    folder.mkdir()
    (folder / "data.txt").write_text(f"{MARKER}\n", encoding="utf-8")
    (folder / "inc.opml").write_text(
        f'<opml version="2.0"><body><outline text="{MARKER}"/></body></opml>', encoding="utf-8"
    )
    (folder / "inc.md").write_text(f"# {MARKER}\n- {MARKER}\n", encoding="utf-8")
    (folder / "theme.yaml").write_text("extends: default\nbackground: '#123456'\n", encoding="utf-8")
    Image.new("RGB", (8, 8), SECRET_COLOR).save(folder / "img.png")
    return folder


def render_all(cli, src: Path, out: Path, *extra: str):
    """Render every text output of `src`; return the result, whatever was written, and the
    paths this process opened."""
    with watching() as seen:
        result = cli(["render", src, "-f", OUTPUTS, "--out-dir", out, *extra])
    opened, network = seen["opened"], seen["network"]
    written = b"".join(p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()) if out.exists() else b""
    return result, written, opened, network


def assert_untouched(secrets: Path, result, written: bytes, opened: list[str], network: list) -> None:
    assert "Traceback" not in result.err
    for blob in (written, result.out, result.err.encode()):
        assert MARKER.encode() not in blob
    assert b"#123456" not in written.lower()
    touched = [p for p in opened if Path(p).resolve().is_relative_to(secrets.resolve())]
    assert touched == [], f"opened {touched}"
    assert network == []


def xmind(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


XMIND_NS = (
    'xmlns="urn:xmind:xmap:xmlns:content:2.0" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml" xmlns:xi="http://www.w3.org/2001/XInclude"'
)


def hostile_inputs(secrets: Path) -> dict[str, str | bytes]:
    """Outlines that each name the secret files in every way their format allows."""
    data, opml, md, png = (secrets / n for n in ("data.txt", "inc.opml", "inc.md", "img.png"))
    return {
        "entity.opml": (
            f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY s SYSTEM "file://{data}">]>'
            '<opml version="2.0"><body><outline text="&s;"/></body></opml>'
        ),
        "entity.mm": (
            f'<?xml version="1.0"?><!DOCTYPE map [<!ENTITY s SYSTEM "{data}">]><map><node TEXT="&s;"/></map>'
        ),
        "parameter-entity.mm": (
            f'<?xml version="1.0"?><!DOCTYPE map [<!ENTITY % p SYSTEM "file://{data}"> %p;]>'
            '<map><node TEXT="x"/></map>'
        ),
        "dtd.opml": f'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "file://{data}"><opml><body/></opml>',
        "xinclude.opml": (
            '<opml version="2.0" xmlns:xi="http://www.w3.org/2001/XInclude"><body><outline text="root">'
            f'<xi:include href="file://{data}" parse="text"/><outline text="a"/></outline></body></opml>'
        ),
        "include.opml": (
            '<opml version="2.0"><body><outline text="root">'
            f'<outline text="inc" type="include" url="file://{opml}"/>'
            f'<outline text="rel" type="include" url="{opml}"/>'
            f'<outline text="link" type="link" url="{opml}"/></outline></body></opml>'
        ),
        "freemind.mm": (
            '<map version="1.0.1"><node TEXT="root">'
            f'<node TEXT="link" LINK={quoteattr(str(data))}/>'
            f'<node TEXT="uri" LINK={quoteattr("file://" + str(data))}/>'
            f'<node TEXT="img"><hook NAME="ExternalObject" URI={quoteattr(str(png))}/></node>'
            f'<node TEXT="rich"><richcontent TYPE="NODE"><html><body><img src="file://{png}"/>'
            f"<p>r</p></body></html></richcontent></node>"
            f'<node TEXT="xi"><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{data}"/></node>'
            "</node></map>"
        ),
        "content-xml.xmind": xmind(
            {
                "content.xml": (
                    f'<?xml version="1.0"?><xmap-content {XMIND_NS}><sheet><title>S</title><topic id="r">'
                    '<title>root</title><children><topics type="attached">'
                    f'<topic id="a" xlink:href="file://{data}"><title>file</title></topic>'
                    '<topic id="b" xlink:href="xap:attachments/secret.txt"><title>attachment</title></topic>'
                    f'<topic id="c"><title>img</title><xhtml:img xhtml:src="file://{png}"/></topic>'
                    f'<topic id="d"><title>xi</title><xi:include href="file://{data}" parse="text"/></topic>'
                    "</topics></children></topic></sheet></xmap-content>"
                ),
                "attachments/secret.txt": MARKER,
            }
        ),
        "entity.xmind": xmind(
            {
                "content.xml": (
                    f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{data}">]>'
                    f"<xmap-content {XMIND_NS}><sheet><topic><title>&s;</title></topic></sheet>"
                    "</xmap-content>"
                )
            }
        ),
        "styles-entity.xmind": xmind(
            {
                "content.xml": (
                    f"<xmap-content {XMIND_NS}><sheet><topic><title>r</title></topic></sheet></xmap-content>"
                ),
                "styles.xml": f'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY s SYSTEM "{data}">]><s>&s;</s>',
            }
        ),
        "content-json.xmind": xmind(
            {
                "content.json": json.dumps(
                    [
                        {
                            "title": "S",
                            "rootTopic": {
                                "id": "r",
                                "title": "root",
                                "href": f"file://{data}",
                                "image": {"src": f"file://{png}"},
                                "children": {
                                    "attached": [
                                        {"id": "a", "title": "att", "href": "xap:attachments/secret.txt"},
                                        {"id": "b", "title": "abs", "href": str(data)},
                                    ]
                                },
                            },
                        }
                    ]
                ),
                "attachments/secret.txt": MARKER,
                "resources/secret.png": (secrets / "img.png").read_bytes() if secrets.exists() else b"",
            }
        ),
        "markdown.md": (
            f"---\nrelated: [{data}]\n---\n# root\n- ![img]({png})\n- <img src='{png}'>\n"
            f"- [f](file://{data})\n- [g]({md})\n- <iframe src='{data}'></iframe>\n"
        ),
        "org.org": (
            f'#+SETUPFILE: {md}\n#+INCLUDE: "{data}"\n* root\n** a [[file:{data}][f]]\n'
            f'#+INCLUDE: "{md}" src markdown\n** [[{png}]]\n'
        ),
        "plantuml.puml": (
            f"@startmindmap\n!include {data}\n!include_once {data}\n!includeurl file://{data}\n"
            f"!theme mine from {secrets}\n* root <img:{png}>\n** a <img:file://{png}>\n@endmindmap\n"
        ),
        "mermaid.mmd": f"mindmap\n  root\n    a::icon({data})\n    b[{png}]\n",
        "yaml-tag.yaml": f"text: !!python/object/apply:os.system ['cat {data}']\n",
        "yaml-include.yaml": f"text: root\nchildren: !include {data}\n",
        "json-refs.json": json.dumps(
            {"text": "root", "children": [{"$ref": f"file://{data}"}, {"text": "x", "image": str(png)}]}
        ),
    }


NAMES = sorted(hostile_inputs(Path("/nonexistent")))


@pytest.mark.parametrize("name", NAMES)
def test_input_never_reads_the_files_it_names(cli, tmp_path: Path, secrets: Path, name: str) -> None:
    src = tmp_path / "in" / name
    src.parent.mkdir()
    data = hostile_inputs(secrets)[name]
    src.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    result, written, opened, network = render_all(cli, src, tmp_path / "out")
    # refused (exit 1, one error line) or drawn without what it names (maybe with warnings)
    assert result.code in (0, 1), result.err
    if result.code == 1:
        assert len([ln for ln in result.err.splitlines() if ln.startswith("treemind: error: ")]) == 1
        assert written == b""
    assert_untouched(secrets, result, written, opened, network)
    assert str(src.resolve()) in [str(Path(p).resolve()) for p in opened]  # the watch does work


@pytest.mark.parametrize(
    "name",
    ["entity.opml", "entity.mm", "parameter-entity.mm", "dtd.opml", "entity.xmind", "styles-entity.xmind"],
)
def test_xml_entities_and_dtds_are_refused(cli, tmp_path: Path, secrets: Path, name: str) -> None:
    src = tmp_path / name
    data = hostile_inputs(secrets)[name]
    src.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    result = cli(["render", src, "-o", tmp_path / "x.svg"])
    assert result.code == 1
    assert "DTD" in result.err or "DOCTYPE" in result.err or "entit" in result.err
    assert not (tmp_path / "x.svg").exists()


@pytest.mark.parametrize(
    "name, said",
    [("include.opml", "not fetched"), ("org.org", "not fetched"), ("plantuml.puml", "not run")],
)
def test_includes_are_named_in_a_warning_and_fail_with_strict(
    cli, tmp_path: Path, secrets: Path, name: str, said: str
) -> None:
    src = tmp_path / name
    src.write_text(str(hostile_inputs(secrets)[name]), encoding="utf-8")
    result = cli(["render", src, "-o", tmp_path / "x.svg"])
    assert result.code == 0, result.err
    assert said in result.err
    strict = cli(["render", src, "-o", tmp_path / "y.svg", "--strict"])
    assert strict.code == 1 and not (tmp_path / "y.svg").exists()


def test_pictures_outside_the_outline_folder_are_never_opened(cli, tmp_path: Path, secrets: Path) -> None:
    """Every way an outline can name the secret PNG as a topic's picture: not opened, nothing
    fetched, not in any output (the rules themselves: security/test_pictures.py)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "link.png").symlink_to(secrets / "img.png")
    (folder / "dir").symlink_to(secrets)
    png = secrets / "img.png"
    names = [str(png), f"file://{png}", "../secrets/img.png", "link.png", "dir/img.png",
             "https://example.invalid/x.png", "//example.invalid/x.png"]  # fmt: skip
    src = folder / "pics.md"
    src.write_text("# r\n" + "".join(f"- ![p{k}]({n})\n" for k, n in enumerate(names)), encoding="utf-8")
    result, written, opened, network = render_all(cli, src, tmp_path / "out", "-f", "svg,png,pdf")
    assert result.code == 0, result.err
    assert b"<image" not in written and result.err.count("not drawn") >= 6
    assert_untouched(secrets, result, written, opened, network)


# --- themes named by an outline ----------------------------------------------------------------


def theme_outlines(secrets: Path) -> dict[str, str]:
    theme = secrets / "theme.yaml"
    rel = "../secrets/theme.yaml"
    return {
        "absolute.md": f"---\ntheme: {theme}\n---\n# r\n- a\n",
        "relative.md": f"---\ntheme: {rel}\n---\n# r\n- a\n",
        "extends-absolute.md": f"---\ntheme: {{extends: {theme}}}\n---\n# r\n- a\n",
        "extends-relative.md": f"---\ntheme: {{extends: {rel}}}\n---\n# r\n- a\n",
        "base.md": "---\ntheme: base\n---\n# r\n- a\n",
        "document.json": json.dumps({"theme": str(theme), "root": {"text": "r"}}),
        "document-extends.json": json.dumps({"theme": {"extends": rel}, "root": {"text": "r"}}),
        "document.yaml": f"theme: {rel}\nroot: {{text: r}}\n",
        "node-theme.json": json.dumps({"text": "r", "theme": str(theme), "children": ["a"]}),
    }


@pytest.mark.parametrize("name", sorted(theme_outlines(Path("/x"))))
def test_outline_cannot_load_a_theme_file(cli, tmp_path: Path, secrets: Path, name: str) -> None:
    src = tmp_path / "in" / name
    src.parent.mkdir()
    src.write_text(theme_outlines(secrets)[name], encoding="utf-8")
    result, written, opened, network = render_all(cli, src, tmp_path / "out")
    (line,) = result.err.splitlines()
    if name == "document-extends.json":  # an editor's theme object in JSON: ignored, with a warning
        assert result.code == 0 and line.startswith(f"treemind: warning: {src}: ") and "not used" in line
    else:
        assert result.code == 1, result.err  # a problem of that input, not of the command line
        assert line.startswith(f"treemind: error: {src}")
        assert "built-in theme" in line
    assert_untouched(secrets, result, written, opened, network)


def test_command_line_theme_file_is_allowed(cli, tmp_path: Path, secrets: Path) -> None:
    """The person running treemind may name a theme file; only outlines may not."""
    src = tmp_path / "m.md"
    src.write_text("# r\n- a\n", encoding="utf-8")
    result = cli(["render", src, "-t", secrets / "theme.yaml", "-o", "-"])
    assert result.code == 0, result.err
    assert b"#123456" in result.out


# --- treemind embed: src= and theme= stay in the repository --------------------------------------


@pytest.fixture
def repo(tmp_path: Path, secrets: Path) -> Path:
    """A repository (a folder with .git) beside the secrets folder, with a symlink out of it."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "docs" / "maps").mkdir(parents=True)
    (root / "docs" / "maps" / "ok.md").write_text("# Inside\n- fine\n", encoding="utf-8")
    (root / "docs" / "maps" / "leak.md").symlink_to(secrets / "inc.md")
    (root / "docs" / "maps" / "leak-theme.yaml").symlink_to(secrets / "theme.yaml")
    (root / "docs" / "linked").symlink_to(secrets, target_is_directory=True)
    return root


FENCES = {
    "dotdot": "src=../../secrets/inc.md",
    "deep-dotdot": "src=../../../../../../../../../../..{secrets}/inc.md",
    "absolute": "src={secrets}/inc.md",
    "etc-passwd": "src=../../../../../../../../../../../etc/passwd",
    "symlink-file": "src=maps/leak.md",
    "symlink-folder": "src=linked/inc.md",
    "theme-dotdot": "theme=../../secrets/theme.yaml",
    "theme-absolute": "theme={secrets}/theme.yaml",
    "theme-symlink": "theme=maps/leak-theme.yaml",
    "theme-symlink-folder": "theme=linked/theme.yaml",
}


@pytest.mark.parametrize("case", sorted(FENCES))
def test_embed_fence_cannot_reach_outside_the_repository(
    cli, tmp_path: Path, secrets: Path, repo: Path, case: str
) -> None:
    option = FENCES[case].format(secrets=secrets)
    body = "" if option.startswith("src=") else "# r\n- a\n"
    doc = repo / "docs" / "page.md"
    text = f"# Page\n\nIntro.\n\n```mindmap {option}\n{body}```\n"
    doc.write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and not p.is_symlink()}
    with watching() as seen:
        result = cli(["embed", doc])
        opened, network = list(seen["opened"]), list(seen["network"])
    assert result.code == 1, result.err
    (line,) = [ln for ln in result.err.splitlines() if ln.startswith("treemind: error: ")]
    assert line.startswith(f"treemind: error: {doc}:5: ")
    assert "outside the repository" in line
    assert doc.read_text(encoding="utf-8") == text  # the document is not rewritten
    after = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file() and not p.is_symlink()}
    assert after == before
    written = b"".join(after.values())
    assert_untouched(secrets, result, written, opened, network)


def test_embed_fence_inside_the_repository_works(cli, repo: Path) -> None:
    doc = repo / "docs" / "page.md"
    doc.write_text("# Page\n\n```mindmap src=maps/ok.md\n```\n", encoding="utf-8")
    result = cli(["embed", doc, "-f", "svg", "--no-embed-fonts"])
    assert result.code == 0, result.err
    assert (repo / "docs" / "assets" / "inside.svg").exists()


# --- folders searched for outlines --------------------------------------------------------------


@pytest.mark.parametrize("command", ["render", "gallery"])
def test_folder_search_does_not_follow_symlinks_out_of_the_folder(
    cli, tmp_path: Path, secrets: Path, repo: Path, command: str
) -> None:
    out = tmp_path / "out"
    args = (
        ["render", repo / "docs", "--out-dir", out, "-f", "json"]
        if command == "render"
        else ["gallery", repo / "docs", "-o", out, "-j", "1"]
    )
    with watching() as seen:
        result = cli(args)
        opened = list(seen["opened"])
    written = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file() and p.suffix != ".png")
    assert "Traceback" not in result.err
    assert MARKER.encode() not in written
    touched = [p for p in opened if Path(p).resolve().is_relative_to(secrets.resolve())]
    assert touched == []


def test_folder_search_does_not_enter_symlinked_folders(
    cli, tmp_path: Path, secrets: Path, repo: Path
) -> None:
    (repo / "docs" / "maps" / "leak.md").unlink()
    out = tmp_path / "out"
    result = cli(["render", repo / "docs", "--out-dir", out, "-f", "json"])
    assert result.code == 0, result.err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == ["maps/ok.json"]


# --- the rasteriser ----------------------------------------------------------------------------


def _svg(body: str) -> bytes:
    return (
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
        f'xmlns:xlink="http://www.w3.org/1999/xlink" width="20pt" height="20pt">{body}</svg>'
    ).encode()


@pytest.mark.parametrize(
    "body",
    [
        '<image xlink:href="file://{png}" width="20" height="20"/>',
        '<image href="{png}" width="20" height="20"/>',
        '<image xlink:href="img.png" width="20" height="20"/>',
        '<use xlink:href="file://{folder}/x.svg#a"/>',
        '<style>@import url(file://{folder}/s.css);</style><rect width="20" height="20"/>',
        '<defs><pattern id="p" width="9" height="9"><image xlink:href="{png}" width="9" height="9"/>'
        '</pattern></defs><rect width="20" height="20" fill="url(#p)"/>',
        '<image xlink:href="https://example.invalid/x.png" width="20" height="20"/>',
    ],
    ids=["file-uri", "path", "relative", "use", "css-import", "pattern", "network"],
)
@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_rasteriser_fetches_nothing(
    secrets: Path, monkeypatch: pytest.MonkeyPatch, body: str, fmt: str
) -> None:
    (secrets / "x.svg").write_text(_svg('<rect id="a" width="20" height="20" fill="#123456"/>').decode())
    (secrets / "s.css").write_text("rect { fill: #123456 }")
    monkeypatch.chdir(secrets)  # a relative reference would resolve among the secrets
    svg = _svg(body.format(png=secrets / "img.png", folder=secrets))
    with watching() as seen:
        try:
            drawn = rasterise(svg, fmt)
        except RenderError as exc:
            assert "never fetches" in str(exc) or "cannot convert" in str(exc)
            drawn = None
        opened, network = list(seen["opened"]), list(seen["network"])
    assert [p for p in opened if Path(p).resolve().is_relative_to(secrets.resolve())] == []
    assert network == []
    if drawn is not None and fmt == "png":
        with Image.open(io.BytesIO(drawn)) as image:
            colours = {c for _, c in image.convert("RGB").getcolors(1 << 16)}
        assert SECRET_COLOR not in colours
