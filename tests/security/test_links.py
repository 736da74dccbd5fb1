"""Threat: a link that runs script or reads local files when someone clicks a node
(`javascript:`, `vbscript:`, `data:`, `file:`), disguised with case, whitespace, control
characters or entities so that a naive scheme check misses it.

Guarantee: a node's link is kept only when, after control characters and whitespace are
stripped, it is http, https, mailto or relative to the same host (not `//host`, nor `\\\\host` or
`/\\host`, which browsers read the same way); in SVG it becomes an `<a>`, in Markdown a
link; everything else is dropped. Checked on `safe_link` itself, then end to end for every
input format that has links.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from defusedxml.ElementTree import fromstring

from treemind_render.draw.links import safe_link

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

UNSAFE = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    "\x01javascript:alert(1)",
    "\x00javascript:alert(1)",
    "javascript\x00:alert(1)",
    "\x7fjavascript:alert(1)",
    "javascript :alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:image/svg+xml;base64,PHN2Zz4=",
    "file:///etc/passwd",
    "FILE:///etc/passwd",
    "file:secret.txt",
    "//evil.example/x",  # protocol-relative: another host, and file:// under a file: page
    " //evil.example/x",
    # browsers read `\` as `/` in http(s) pages, and drop tabs and line breaks anywhere
    "\\\\evil.example/x",
    "/\\evil.example/x",
    "\\/evil.example/x",
    "\t\\\\evil.example/x",
    "/\n\\evil.example/x",
    "\\\r\\evil.example/x",
    "\x00/\\evil.example/x",
    "&#92;&#92;evil.example/x",  # decoded by a renderer that reads entities
    "jar:file:///x.jar!/",
    "about:blank",
    "chrome://settings",
    "xap:attachments/secret.txt",
    "C:\\Windows\\win.ini",
]
SAFE = {
    "https://example.com/a?b=1&c=2#d": "https://example.com/a?b=1&c=2#d",
    "HTTP://EXAMPLE.COM": "HTTP://EXAMPLE.COM",
    "mailto:someone@example.com": "mailto:someone@example.com",
    "notes/other.md": "notes/other.md",
    "../up/page.html#x": "../up/page.html#x",
    "#anchor": "#anchor",
    " https://example.com ": "https://example.com",
    "https://exa mple.com": "https://example.com",  # whitespace inside is removed, never kept
    "\\notes\\other.md": "\\notes\\other.md",  # `/notes/other.md` to a browser: the same host
    "notes\\\\other.md": "notes\\\\other.md",
    "https:\\\\example.com/x": "https:\\\\example.com/x",  # an http(s) link may go to any host
}


@pytest.mark.parametrize("url", UNSAFE, ids=repr)
def test_unsafe_schemes_are_dropped(url: str) -> None:
    assert safe_link(url) is None


@pytest.mark.parametrize("url, kept", SAFE.items(), ids=repr)
def test_safe_links_are_kept_cleaned(url: str, kept: str) -> None:
    assert safe_link(url) == kept


@pytest.mark.parametrize("url", ["", None, "   ", "\x00\x01"])
def test_empty_links_are_no_links(url: str | None) -> None:
    assert safe_link(url) is None


def test_entity_lookalikes_stay_harmless_relative_text() -> None:
    """safe_link sees no scheme in `javascript&colon;...`: in SVG it is escaped to a relative link
    (the browser never decodes it into a scheme); see the Markdown test below for that output."""
    for url in ("javascript&colon;alert(1)", "&#106;avascript:alert(1)"):
        kept = safe_link(url)
        assert kept is None or ":" not in kept.split("/")[0]


# --- end to end: every format with links ---------------------------------------------------------

ATTACKS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(2)",
    "java\tscript:alert(3)",
    "data:text/html,x",
    "file:///etc/passwd",
]
GOOD = ["https://example.com/ok", "mailto:a@example.com", "notes/other.md"]


def _xmind(links: list[str]) -> bytes:
    children = [{"id": f"t{i}", "title": f"n{i}", "href": url} for i, url in enumerate(links)]
    sheet = {"title": "S", "rootTopic": {"id": "r", "title": "root", "children": {"attached": children}}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.json", json.dumps([sheet]))
    return buffer.getvalue()


def outline(fmt: str, links: list[str]) -> tuple[str, bytes]:
    """An outline whose node `n{i}` links to links[i]."""
    items = list(enumerate(links))
    if fmt == "md":
        text = "# root\n" + "".join(f"- [n{i}](<{u}>)\n" for i, u in items)
    elif fmt == "opml":
        rows = "".join(f"<outline text='n{i}' url={quoteattr(u)}/>" for i, u in items)
        text = f'<opml version="2.0"><body><outline text="root">{rows}</outline></body></opml>'
    elif fmt == "mm":
        rows = "".join(f"<node TEXT='n{i}' LINK={quoteattr(u)}/>" for i, u in items)
        text = f'<map version="1.0.1"><node TEXT="root">{rows}</node></map>'
    elif fmt == "json":
        text = json.dumps({"text": "root", "children": [{"text": f"n{i}", "link": u} for i, u in items]})
    elif fmt == "puml":
        text = "@startmindmap\n* root\n" + "".join(f"** [[{u} n{i}]]\n" for i, u in items) + "@endmindmap\n"
    elif fmt == "org":
        text = "* root\n" + "".join(f"** [[{u}][n{i}]]\n" for i, u in items)
    else:
        return "x.xmind", _xmind(links)
    return f"x.{fmt}", text.encode("utf-8")


FORMATS = ["md", "opml", "mm", "json", "puml", "org", "xmind"]


def svg_links(svg: bytes) -> dict[str, str]:
    """node label -> href of its <a>; href and xlink:href always agree."""
    found = {}
    for anchor in fromstring(svg).iter(f"{SVG_NS}a"):
        assert anchor.get("href") == anchor.get(XLINK_HREF)
        titles = [
            g.find(f"{SVG_NS}title").text
            for g in anchor.iter(f"{SVG_NS}g")
            if g.find(f"{SVG_NS}title") is not None
        ]
        found[titles[0]] = anchor.get("href")
    return found


@pytest.mark.graphviz
@pytest.mark.parametrize("fmt", FORMATS)
def test_only_safe_links_become_svg_links(cli, tmp_path: Path, fmt: str) -> None:
    # PlantUML and org links cannot hold a tab or spaces; the others get every attack
    attacks = [u for u in ATTACKS if "\t" not in u] if fmt in ("puml", "org", "md") else ATTACKS
    links = attacks + GOOD
    name, data = outline(fmt, links)
    src = tmp_path / name
    src.write_bytes(data)
    result = cli(["render", src, "-o", "-"])
    assert result.code == 0, result.err
    found = svg_links(result.out)
    expected = {f"n{i}": url for i, url in enumerate(links) if url in GOOD}
    assert found == expected
    raw = result.out.decode("utf-8").lower()
    for bad in ('href="javascript', 'href="data:', 'href="file:', 'href="vbscript', "java\tscript"):
        assert bad not in raw


OTHER_HOST = ["//evil.example/a", "\\\\evil.example/b", "/\\evil.example/c", "\\\t/evil.example/d"]


@pytest.mark.graphviz
@pytest.mark.parametrize("fmt", ["json", "mm", "opml", "xmind"])  # formats that keep a link verbatim
def test_links_to_another_host_by_slashes_become_no_svg_link(cli, tmp_path: Path, fmt: str) -> None:
    """`\\\\host`, `/\\host` and `//host` all leave the site in a browser: no `<a>` for any of them."""
    name, data = outline(fmt, OTHER_HOST + GOOD)
    src = tmp_path / name
    src.write_bytes(data)
    result = cli(["render", src, "-o", "-"])
    assert result.code == 0, result.err
    assert svg_links(result.out) == {f"n{i}": url for i, url in enumerate(OTHER_HOST + GOOD) if url in GOOD}
    assert "evil.example" not in "".join(re.findall(r'href="[^"]*"', result.out.decode("utf-8")))


@pytest.mark.parametrize("fmt", ["md", "json", "mm"])
def test_converted_markdown_has_only_safe_links(cli, tmp_path: Path, fmt: str) -> None:
    name, data = outline(fmt, ATTACKS + GOOD)
    src = tmp_path / name
    src.write_bytes(data)
    result = cli(["render", src, "-f", "md", "-o", "-"])
    assert result.code == 0, result.err
    for renderer, hrefs in markdown_hrefs(result.out.decode("utf-8")).items():
        assert sorted(hrefs) == sorted(GOOD), renderer


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")  # as the browser reads it


def markdown_hrefs(text: str) -> dict[str, list[str]]:
    """Every link target of a Markdown text, as the browser gets it from markdown-it (CommonMark)
    and from Python-Markdown (what MkDocs uses, on the text after the frontmatter). Raw HTML is
    an error."""
    import markdown
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    commonmark = []
    for token in MarkdownIt("commonmark").use(front_matter_plugin).parse(text):
        assert token.type != "html_block", token.content
        for child in token.children or []:
            assert child.type != "html_inline", child.content
            if child.type == "link_open":
                commonmark.append(str(child.attrGet("href")))
    body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
    parser = _Anchors()
    parser.feed(markdown.markdown(body))
    assert set(parser.tags) <= {"h1", "ul", "li", "p", "a", "code", "pre", "em", "strong"}, parser.tags
    return {"Python-Markdown": parser.hrefs, "markdown-it": commonmark}


def browser_safe(href: str) -> bool:
    """What a browser would follow: http(s), mailto or relative, once it drops controls and spaces."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", href)
    if re.match(r"[/\\]{2}", cleaned):  # `//host`, `\\host`: another host
        return False
    first = cleaned.split("/")[0]
    return ":" not in first or first.split(":")[0].lower() in ("http", "https", "mailto")


# Links a FreeMind/OPML/XMind/JSON file can carry (XML character references put a line break in an
# attribute) that break out of the Markdown writer's `[text](<...>)`.
BREAKOUTS = {
    "newline-html": "https://example.com/\n\n<div onmouseover=alert(1)>",
    "newline-link": "https://example.com/ \n[y](javascript:alert(2))",
    "entity-colon": "javascript&colon;alert(3)",
    "entity-numeric": "&#x6A;avascript&#x3A;alert(4)",
}


@pytest.mark.parametrize("kind", sorted(BREAKOUTS))
def test_converted_markdown_link_cannot_break_out(cli, tmp_path: Path, kind: str) -> None:
    src = tmp_path / "x.json"
    src.write_text(json.dumps({"text": "root", "children": [{"text": "n0", "link": BREAKOUTS[kind]}]}))
    result = cli(["render", src, "-f", "md", "-o", "-"])
    assert result.code == 0, result.err
    for renderer, hrefs in markdown_hrefs(result.out.decode("utf-8")).items():
        # the node's link, whole, or none at all when safe_link refuses it, and nothing else
        assert len(hrefs) <= 1, (renderer, hrefs)
        assert all(browser_safe(href) for href in hrefs), (renderer, hrefs)


@pytest.mark.parametrize("fmt", ["mm", "json"])
def test_converted_opml_has_only_safe_links(cli, tmp_path: Path, fmt: str) -> None:
    name, data = outline(fmt, ATTACKS + GOOD)
    src = tmp_path / name
    src.write_bytes(data)
    result = cli(["render", src, "-f", "opml", "-o", "-"])
    assert result.code == 0, result.err
    urls = [el.get("url") for el in fromstring(result.out).iter("outline") if el.get("url")]
    assert sorted(urls) == sorted(GOOD)
