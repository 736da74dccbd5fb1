"""Threat: markup or script injection. Someone who can commit an outline puts HTML, SVG, DOT or
Markdown syntax into a title, a label, a note or a link, hoping that an output (an SVG on a web
page, a gallery page, a converted Markdown file) runs it or shows their markup.

Guarantee checked here, for every input format and every output format: user text stays text.
SVG holds only the elements treemind draws with, no event handlers, no link but http(s), mailto
or relative; JSON carries the text as data; DOT has it only inside escaped labels; Markdown and
OPML conversions give no raw HTML; the gallery's pages have only their own markup and script.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

import pytest
import yaml
from defusedxml.ElementTree import fromstring

pytestmark = pytest.mark.graphviz

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
SVG_ELEMENTS = {
    "svg", "g", "title", "desc", "metadata", "path", "polygon", "polyline", "ellipse", "rect",
    "text", "tspan", "a", "style", "defs",
}  # fmt: skip

SCRIPT = "<script>alert(1)</script>"
LABEL = '"]; node [image="/etc/passwd"] <img src=x onerror=alert(2)> <B>b</B> \\N'
NOTE = "note <script>alert(3)</script> </title><svg onload=alert(4)> ]]> <!-- x -->"
TITLE = "Title <script>alert(5)</script> </title><svg onload=alert(6)>"
LINK = "javascript:alert(7)"
ROOT = f"Root {SCRIPT}"


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xmind() -> bytes:
    sheet = {
        "title": TITLE,
        "rootTopic": {
            "id": "r",
            "title": ROOT,
            "children": {
                "attached": [
                    {"id": "a", "title": LABEL, "notes": {"plain": {"content": NOTE}}},
                    {"id": "b", "title": "click", "href": LINK},
                ]
            },
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.json", json.dumps([sheet]))
    return buffer.getvalue()


TREE = {
    "title": TITLE,
    "root": {"text": ROOT, "children": [{"text": LABEL, "note": NOTE}, {"text": "click", "link": LINK}]},
}
# One hostile outline per input format: a title, a label, a note and a link where the format has them.
HOSTILE: dict[str, str | bytes] = {
    "m.md": f"---\ntitle: {json.dumps(TITLE)}\n---\n# {ROOT}\n\n- {LABEL}\n\n  {NOTE}\n\n- [click]({LINK})\n",
    "t.txt": f"{ROOT}\n  {LABEL}\n  click\n",
    "o.opml": (
        f'<?xml version="1.0"?><opml version="2.0"><head><title>{_xml_text(TITLE)}</title></head><body>'
        f"<outline text={quoteattr(ROOT)}><outline text={quoteattr(LABEL)} _note={quoteattr(NOTE)}/>"
        f'<outline text="click" url={quoteattr(LINK)}/></outline></body></opml>'
    ),
    "f.mm": (
        f'<map version="1.0.1"><node TEXT={quoteattr(ROOT)}><node TEXT={quoteattr(LABEL)}>'
        f'<richcontent TYPE="NOTE"><html><body><p>{_xml_text(NOTE)}</p></body></html></richcontent></node>'
        f'<node TEXT="click" LINK={quoteattr(LINK)}/>'
        f'<arrowlink DESTINATION="x" MIDDLE_LABEL={quoteattr(LABEL)}/>'
        "</node></map>"
    ),
    "j.json": json.dumps(TREE),
    "y.yaml": yaml.safe_dump(TREE),
    "p.puml": f"@startmindmap\n* {ROOT}\n** {LABEL}\n** [[{LINK} click]]\n@endmindmap\n",
    "g.org": f"#+TITLE: {TITLE}\n* {ROOT}\n** {LABEL}\n{NOTE}\n** [[{LINK}][click]]\n",
    "d.mmd": f'mindmap\n  root["{ROOT}"]\n    n2["{LABEL.replace(chr(34), "#quot;")}"]\n',
    "x.xmind": _xmind(),
}
# Formats whose labels are plain text (OPML, PlantUML and Mermaid read some markup in labels).
LITERAL = {"t.txt", "f.mm", "g.org", "x.xmind"}
# Formats that read inline HTML in a label, as markmap (Markdown) and My Mind (JSON/YAML) do:
# `<B>b</B>` is a bold "b" and `<img ...>` a picture mark (never fetched); the rest stays text.
HTML_READ = {"m.md": "md", "j.json": "json", "y.yaml": "yaml"}
LABEL_READ = '"]; node [image="/etc/passwd"] b \\N'
OUTPUTS = ("svg", "json", "dot", "md", "opml")


def write_hostile(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    data = HOSTILE[name]
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def safe_url(url: str) -> bool:
    """http(s), mailto or relative, as a browser would read it (entities decoded, controls gone)."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", unescape(url))
    scheme = urlsplit(cleaned).scheme.lower() if ":" in cleaned.split("/")[0] else ""
    return scheme in ("", "http", "https", "mailto") and not cleaned.startswith("//")


# --- checks per output -------------------------------------------------------------------------


def check_svg(data: bytes) -> ET.Element:
    raw = data.decode("utf-8").lower()
    for bad in ("<script", "<foreignobject", "<image", "<iframe", "<use", "<!doctype", "<!entity"):
        assert bad not in raw, bad
    root = fromstring(data)
    assert root.tag == f"{SVG_NS}svg"
    for element in root.iter():
        assert element.tag.startswith(SVG_NS), element.tag
        assert element.tag[len(SVG_NS) :] in SVG_ELEMENTS, element.tag
        for name, value in element.attrib.items():
            assert not name.split("}")[-1].lower().startswith("on"), name
            if name in ("href", XLINK_HREF):
                assert safe_url(value), value
    assert root.find(f"{SVG_NS}style") is None  # no <style> unless --embed-fonts asks for fonts
    return root


def node_titles(root: ET.Element) -> list[str]:
    return [
        g.find(f"{SVG_NS}title").text or ""
        for g in root.iter(f"{SVG_NS}g")
        if "node" in g.get("class", "").split()
    ]


def outside_labels(dot: str) -> str:
    """The DOT with every HTML-like label replaced by `<>` (user text lives only in those)."""
    out, i = [], 0
    while (start := dot.find("label=<", i)) >= 0:
        out.append(dot[i : start + 6])
        depth, j = 0, start + 6
        while True:
            depth += {"<": 1, ">": -1}.get(dot[j], 0)
            j += 1
            if depth == 0:
                break
        out.append("<>")
        i = j
    out.append(dot[i:])
    return "".join(out)


def check_dot(dot: str) -> None:
    outside = outside_labels(dot)
    # class names are treemind's own words (a picture mark is "marker marker-image")
    classes = re.findall(r'class="([^"]*)"', outside)
    assert all(re.fullmatch(r"[a-z0-9 _-]*", c) for c in classes), classes
    outside = re.sub(r'class="[^"]*"', 'class=""', outside)
    for word in ("image", "passwd", "script", "javascript", "onerror", "alert", "shapefile", "fontpath"):
        assert word not in outside.lower(), word
    for line in outside.strip().splitlines()[1:-1]:
        line = line.strip()
        if line.startswith("// treemind-source "):
            continue
        assert re.fullmatch(r"(graph|node|edge|n[0-9_]+|m_n[0-9_]+|n[0-9_]+ -> n[0-9_]+) \[.*\]", line), line
    assert "<script" not in dot.lower() and "<img" not in dot.lower()


def markdown_tokens(text: str) -> list:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    tokens = []
    for token in MarkdownIt("commonmark").use(front_matter_plugin).parse(text):
        tokens.append(token)
        tokens.extend(token.children or [])
    return tokens


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.script_bodies: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_bodies.append(data)


def html_tags(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def check_html_fragment(html: str, allowed: set[str]) -> None:
    """Only the given tags, no event handlers, no unsafe links."""
    for tag, attrs in html_tags(html).tags:
        assert tag in allowed, (tag, html)
        for name, value in attrs:
            assert not name.lower().startswith("on"), (name, html)
            if name in ("href", "src"):
                assert safe_url(value or ""), value


MARKDOWN_TAGS = {"h1", "ul", "li", "p", "a", "pre", "code", "em", "strong", "s", "del", "hr", "input"}


def check_markdown(text: str) -> None:
    """No raw HTML for a CommonMark reader (markdown-it), nor for Python-Markdown on the body
    (what MkDocs does, after taking the frontmatter off)."""
    import markdown

    for token in markdown_tokens(text):
        assert token.type not in ("html_block", "html_inline"), (token.type, token.content)
        if token.type == "link_open":
            assert safe_url(str(token.attrGet("href"))), token.attrGet("href")
    body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
    check_html_fragment(markdown.markdown(body), MARKDOWN_TAGS)


def check_opml(data: bytes) -> ET.Element:
    root = fromstring(data)
    assert root.tag == "opml"
    assert {el.tag for el in root.iter()} <= {"opml", "head", "title", "body", "outline"}
    for el in root.iter("outline"):
        assert set(el.attrib) <= {"text", "_note", "url"}
    return root


# --- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_outline_stays_text_in_every_output(cli, tmp_path: Path, name: str) -> None:
    src = write_hostile(tmp_path / "in", name)
    out = tmp_path / "out"
    result = cli(["render", src, "-f", ",".join(OUTPUTS), "--out-dir", out])
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    stem = out / Path(name).stem

    root = check_svg(stem.with_suffix(".svg").read_bytes())
    check_dot(stem.with_suffix(".dot").read_text("utf-8"))
    check_markdown(stem.with_suffix(".md").read_text("utf-8"))
    check_opml(stem.with_suffix(".opml").read_bytes())
    doc = json.loads(stem.with_suffix(".json").read_bytes())
    texts = [node["text"] for node in doc["nodes"]]

    if name in LITERAL:  # the hostile text is kept, as text, everywhere
        assert LABEL in texts
        assert any(title.startswith(LABEL) for title in node_titles(root))  # then the note, if any
        drawn = "".join("".join(t.itertext()) for t in root.iter(f"{SVG_NS}text"))
        assert "<B>b</B>" in drawn and "\\N" in drawn
        opml = fromstring(stem.with_suffix(".opml").read_bytes())
        assert LABEL in [el.get("text") for el in opml.iter("outline")]
    if name in HTML_READ:  # read as HTML: the bold b is drawn, the picture is a mark, no handler
        assert LABEL_READ in texts
        drawn = "".join("".join(t.itertext()) for t in root.iter(f"{SVG_NS}text"))
        assert (
            "<B>" not in drawn and "b \\N" in drawn and "onerror" not in ET.tostring(root, encoding="unicode")
        )
        label = next(n for n in doc["nodes"] if n["text"] == LABEL_READ)
        assert [m["kind"] for m in label["markers"]][:1] == ["image"]
    # the map's title is the SVG's <title>, as text
    title = root.find(f"{SVG_NS}title")
    assert title is not None and title.text == doc["title"]


@pytest.mark.parametrize(
    "name", sorted(n for n in HOSTILE if n in ("m.md", "o.opml", "f.mm", "j.json", "x.xmind"))
)
def test_notes_are_tooltip_text_only(cli, tmp_path: Path, name: str) -> None:
    src = write_hostile(tmp_path, name)
    result = cli(["render", src, "-o", "-"])
    assert result.code == 0, result.err
    root = check_svg(result.out)
    tooltips = "\n".join(node_titles(root))
    assert "<script>alert(3)</script>" in tooltips  # the note is there, as text
    assert "</title><svg onload=alert(4)>" in tooltips


def test_hostile_text_markdown_roundtrip(cli, tmp_path: Path) -> None:
    """The converted Markdown reads back as the same labels: escaping loses nothing."""
    src = write_hostile(tmp_path, "j.json")
    md = tmp_path / "back.md"
    assert cli(["render", src, "-f", "md", "-o", md]).code == 0
    result = cli(["render", md, "-f", "json", "-o", "-"])
    assert result.code == 0, result.err
    texts = [n["text"] for n in json.loads(result.out)["nodes"]]
    assert texts[:2] == [ROOT, LABEL_READ]  # the JSON label was read as HTML (bold b, a picture)


def test_frontmatter_title_cannot_end_the_frontmatter(cli, tmp_path: Path) -> None:
    """A title with line breaks and `---` stays one YAML value in the converted Markdown."""
    src = tmp_path / "t.json"
    src.write_text(json.dumps({"title": "T\n---\n<script>alert(1)</script>\n", "root": {"text": "r"}}))
    result = cli(["render", src, "-f", "md", "-o", "-"])
    assert result.code == 0, result.err
    text = result.out.decode("utf-8")
    head = text.split("---\n")
    assert head[0] == "" and head[1].count("\n") == 1, text  # one line of frontmatter: the title
    check_markdown(text)


def test_gallery_pages_have_only_their_own_markup(cli, tmp_path: Path) -> None:
    folder = tmp_path / "maps"
    for name in HOSTILE:
        write_hostile(folder, name)
    tagged = folder / "tags.md"  # tags and related names are shown on the pages too
    tagged.write_text(
        f"---\ntitle: {json.dumps(TITLE + ' tagged')}\ntags: [{json.dumps(SCRIPT)}, '\" onmouseover=x']\n"
        f"related: [{json.dumps(SCRIPT)}]\n---\n# r\n- a\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = cli(["gallery", folder, "-o", site, "-j", "1", "--include", "*"])
    assert result.code == 0, result.err
    pages = sorted(p for p in site.rglob("*.html") if not p.name.endswith(".map.html"))
    assert len(pages) == len(HOSTILE) + 2  # every map, and the index
    from treemind_render.gallery.assets import SCRIPT as OUR_SCRIPT

    allowed = {
        "html", "head", "meta", "title", "link", "style", "body", "header", "h1", "h2", "p", "a", "div",
        "input", "span", "button", "main", "ul", "li", "img", "section", "label", "footer", "script",
        "iframe",
    }  # fmt: skip
    for page in pages:
        html = page.read_text("utf-8")
        assert "alert(1)</script>" not in html and "<svg" not in html.lower()
        parsed = html_tags(html)
        for tag, attrs in parsed.tags:
            assert tag in allowed, (page.name, tag)
            for attr, value in attrs:
                assert not attr.lower().startswith("on"), (page.name, attr)
                if attr in ("href", "src"):
                    assert not urlsplit(value or "").scheme, (page.name, value)  # relative only
                    assert ((page.parent / (value or "")).resolve()).is_relative_to(site.resolve())
        scripts = [attrs for tag, attrs in parsed.tags if tag == "script"]
        if page.name == "index.html":
            assert len(scripts) == 1 and parsed.script_bodies == [OUR_SCRIPT]
        else:
            assert scripts == []
        csp = [dict(a) for t, a in parsed.tags if t == "meta" and dict(a).get("http-equiv")]
        assert csp and "default-src 'none'" in (csp[0].get("content") or "")
    # the maps themselves, as the site serves them
    for svg in site.glob("maps/*.svg"):
        check_svg(svg.read_bytes())
    interactive = sorted(site.glob("maps/*.map.html"))
    assert len(interactive) == len(HOSTILE) + 1
    for page in interactive:
        check_interactive_map(page.read_text("utf-8"))


MAP_PAGE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "div", "h1", "input", "span", "button", "nav", "ul",
    "li", "script",
} | SVG_ELEMENTS  # fmt: skip


def check_interactive_map(html: str) -> None:
    """An `-f html` page: our tags only, no handlers, safe links, our script and our data only;
    every fold-state picture in the data holds SVG drawing elements only."""
    from treemind_render.draw.html import asset

    assert "alert(1)</script>" not in html
    parsed = html_tags(html)
    check_html_fragment(html, MAP_PAGE_TAGS)
    assert len(parsed.script_bodies) == 2 and parsed.script_bodies[1] == asset("map.js")
    data = json.loads(parsed.script_bodies[0])  # the application/json block: never run
    for markup in data["frames"].values():
        check_html_fragment(markup, SVG_ELEMENTS)


def test_inline_svg_in_python_markdown_pages(tmp_path: Path) -> None:
    """The Python-Markdown extension (and so the MkDocs plugin) puts the SVG inline in the HTML
    page: hostile labels, notes and links still give only SVG drawing elements, no handlers."""
    import markdown

    source = (
        "# Doc\n\n```mindmap\n"
        f"# {ROOT}\n- {LABEL}\n- [x]({LINK}) </svg><img src=x onerror=alert(8)>\n"
        "- [ok](https://example.com/ok)\n```\n"
    )
    html = markdown.markdown(source, extensions=["treemind", "fenced_code"])
    parsed = html_tags(html)
    allowed = {"h1", "div"} | SVG_ELEMENTS
    hrefs = []
    for tag, attrs in parsed.tags:
        assert tag in allowed, tag
        for name, value in attrs:
            assert not name.lower().startswith("on"), name
            if name in ("href", "xlink:href"):
                hrefs.append(value)
                assert safe_url(value or ""), value
    assert "https://example.com/ok" in hrefs
    assert parsed.script_bodies == []
    for style in re.findall(r"<style[^>]*>(.*?)</style>", html, re.S):  # embedded fonts only
        assert "alert" not in style and "<" not in style
