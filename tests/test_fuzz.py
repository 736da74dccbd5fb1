"""Fuzzing: random outlines written in every input format go through the whole CLI, and random or
mutated bytes go into every parser.

1. Random trees (depth 1-12, width 1-15, at most MAX_NODES topics) with hostile labels (markup,
   quotes, backslash sequences, bidi controls, emoji, CJK, combining marks, control characters,
   very long words) and links (javascript:, data:, //host ...) are written by writers built here,
   each escaping its format as that format says, then rendered by `treemind render FILE -o
   OUT.svg` in-process. Checked: exit 0 or 1, never a traceback or an internal error (a failure
   is one error line naming the file and leaves no output); these well-formed outlines must in
   fact render (exit 0); the SVG parses, holds no script, foreignObject, image, DOCTYPE or event
   handler and no link but http(s), mailto or relative ones; every topic's `<title>` (found by
   its path id, `n0_2_1`) is its label after whitespace folding.
2. `-f json` keeps every topic of the formats that never drop one.
3. Random bytes, token soup and mutations of the fixtures and examples go straight into
   `parsers.parse` for every format: only TreemindError may come out, each call within seconds
   (signal.alarm stops a hang), and every label of a tree that comes out is folded.
4. A few of those inputs go through the whole CLI too, under the contract of 1.

Where a format has no way to write a character, the writer's `prepare` changes the label the way
a user of that format would (XML cannot hold most C0 controls; a UTF-8 file cannot hold a lone
surrogate; org markup is kept literal with a zero-width space, as the org manual says) and the
label expected is the prepared one, as drawn: folded, and cleaned by `model.clean_text` of the
characters no output can carry (noncharacters dropped, lone surrogates U+FFFD). Bugs found are
explicit tests at the end, xfail while open.

More examples: `TREEMIND_FUZZ_SCALE=10 pytest tests/test_fuzz.py`. Long runs of part 3 outside
pytest: `python benchmarks/fuzz.py --seconds 600`.
"""

from __future__ import annotations

import html
import io
import json
import os
import random
import re
import signal
import time
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from fuzz_corpus import TOKENS, seed_files
from hypothesis import HealthCheck, Phase, event, given, note, settings
from hypothesis import strategies as st

from treemind_render.errors import TreemindError
from treemind_render.model import clean_text, walk
from treemind_render.parsers import FORMATS, parse
from treemind_render.parsers.tree_data import LOOKS_HTML

ROOT = Path(__file__).resolve().parent.parent
SCALE = float(os.environ.get("TREEMIND_FUZZ_SCALE", "1"))
MAX_NODES = 30
SVG = "{http://www.w3.org/2000/svg}"
ZWSP = "\u200b"


def examples(n: int) -> int:
    return max(1, round(n * SCALE))


FUZZ = dict(
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


# --- what the tool promises about label text --------------------------------------------------------


def fold(text: str) -> str:
    """A label as every reader stores it: control characters (Cc, but not whitespace) removed,
    whitespace runs one space, ends stripped."""
    kept = "".join(c for c in text if c.isspace() or unicodedata.category(c) != "Cc")
    return " ".join(kept.split())


def drawn(text: str) -> str:
    """A label as drawn: as stored, less what no output can carry (`model.clean_text`)."""
    return fold(clean_text(fold(text)))


# --- the generated outlines -------------------------------------------------------------------------


@dataclass
class Run:
    """A piece of a label: plain, or bold/italic/code/strike/link in formats that have them."""

    text: str
    style: str = ""
    url: str = ""


@dataclass
class Topic:
    runs: list[Run]
    children: list[Topic] = field(default_factory=list)
    link: str | None = None  # a node link, in formats that have one

    @property
    def text(self) -> str:
        return " ".join(run.text for run in self.runs)

    def walk(self, path: str = "n0") -> Iterator[tuple[str, Topic]]:
        """(SVG id, topic) in document order; iterative."""
        stack = [(path, self)]
        while stack:
            path, topic = stack.pop()
            yield path, topic
            stack.extend((f"{path}_{i}", c) for i, c in reversed(list(enumerate(topic.children))))

    def map(self, fn: Callable[[str], str]) -> Topic:
        return Topic(
            [Run(fn(r.text), r.style, r.url) for r in self.runs],
            [c.map(fn) for c in self.children],
            self.link,
        )

    def size(self) -> int:
        return sum(1 for _ in self.walk())


SPECIALS = [
    "<", ">", "&", '"', "'", "\\", "\\N", "\\n", "\\t", "\\\\", "\\u0041", "&amp;", "&lt;b&gt;", "&#x41;",
    "<b>bold</b>", "<script>alert(1)</script>", '"><svg onload=alert(1)>', "<html>", "<br>", "<BR/>",
    "]]>", "<![CDATA[x]]>", "<!-- c -->", "%%", "%% c", "::icon(fa fa-book)", ":::urgent", "**", "//",
    "--", "__", "~~", '""', "*", "_", "`", "~", "=", "+", "/", "#", "# ", "## x", "- ", "* ", "+ ", "1. ",
    "2) ", "> ", "|", "---", "***", "===", "[", "]", "(", ")", "{", "}", "[[https://example.com]]",
    "[[x][y]]", "[x](y)", "![i](j)", "[#A]", "TODO", "DONE", "COMMENT", ":tag:", "{{", "}}", "((", "))",
    "<&star>", "<:smile:>", "<<stereo>>", ";", ":", "@startmindmap", "@endmindmap", "%newline()",
    "mindmap", "#+TITLE: t", ":PROPERTIES:", "${x}", "{color=#ff0000}", "[ ] ", "[x] ", "%s%n", "\\x00",
    "javascript:alert(1)", "null", "yes", "~", "0x1F", "1e400", "-1", "&&", "' OR '1'='1",
]  # fmt: skip
BIDI = ["\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\u200e", "\u202a", "\u202d", "\u061c"]
EMOJI = ["😀", "👩\u200d👩\u200d👧", "🇯🇵", "👍🏽", "❤️", "🧑\u200d💻", "\U0001fae0", "🏳️\u200d🌈", "#️⃣"]
CJK = ["中文", "日本語", "한국어", "漢字かなカナ", "，。！", "「引用」", "𠮷野家", "　全角", "ｶﾀｶﾅ"]
COMBINING = ["e\u0301", "a\u0308\u0323", "Z\u0351\u0352\u0357\u0358\u035b\u0300", "\u0301", "ก\u0e34\u0e4a",
             "ﷺ"]  # fmt: skip
SPACES = [" ", "  ", "\t", "\xa0", "\u3000", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\r", "\n",
          "\r\n"]  # fmt: skip
INVISIBLE = [ZWSP, "\ufeff", "\u00ad", "\u2060", "\u180e", "\u034f"]
CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\x1b", "\x7f", "\x80", "\x9f"]
# No output can carry these (model.clean_text): noncharacters, lone surrogates, and a surrogate pair
# written as two code points (YAML reads the escapes "\ud83d\ude00" so).
UNFIT = ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff", "\ud800", "\udfff",
         "\ud83d\ude00"]  # fmt: skip
URLS = [
    "https://example.com/a?b=1&c=<2>", "http://example.com/", "mailto:someone@example.com",
    "relative/page.html", "../up.md#frag", "javascript:alert(1)", "JaVaScRiPt:alert(1)",
    " javascript:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "file:///etc/passwd", "//evil.example/x", "#frag",
]  # fmt: skip
# Label text may hold any code point, lone surrogates and noncharacters too (JSON and YAML can
# write them); raw file text cannot hold a surrogate, as UTF-8 has no bytes for one.
characters = st.characters()
file_characters = st.characters(exclude_categories=("Cs",))
solid = st.one_of(
    st.text(st.characters(categories=("L", "N")), min_size=1, max_size=10),
    st.sampled_from(CJK + EMOJI + ["x", "Topic", "42"]),
)
long_word = st.integers(60, 400).flatmap(
    lambda n: st.sampled_from(["w" * n, "長" * (n // 2), "😀" * (n // 4), "ab\u0301" * (n // 3)])
)
piece = st.one_of(
    st.sampled_from(SPECIALS),
    st.sampled_from(BIDI + EMOJI + CJK + COMBINING + INVISIBLE + CONTROLS + UNFIT),
    st.text(characters, max_size=12),
    solid,
    long_word,
)


@st.composite
def label_text(draw: st.DrawFn) -> str:
    """Hostile text holding at least one visible character, so no reader may drop it."""
    parts = draw(st.lists(piece, max_size=5))
    parts.insert(draw(st.integers(0, len(parts))), draw(solid))
    seps = draw(st.lists(st.sampled_from(["", " ", *SPACES]), min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps, strict=True))


run = st.one_of(
    st.builds(Run, label_text()),
    st.builds(
        Run,
        label_text(),
        st.sampled_from(["bold", "italic", "code", "strike"]),
    ),
    st.builds(Run, label_text(), st.just("link"), st.sampled_from(URLS)),
)
node_link = st.one_of(st.none(), st.sampled_from(URLS))


@st.composite
def trees(draw: st.DrawFn, styled: bool = True) -> Topic:
    """A tree `depth` levels deep whose topics have up to `width` children, MAX_NODES at most; the
    first child of each topic on the spine is drawn first, so the depth is always reached."""
    depth = draw(st.integers(1, 12), label="depth")
    width = draw(st.integers(1, 15), label="width")
    runs = st.lists(run if styled else st.builds(Run, label_text()), min_size=1, max_size=3)
    count = 1

    def grow(level: int, spine: bool) -> Topic:
        nonlocal count
        topic = Topic(draw(runs), link=draw(node_link))
        if level < depth:
            for i in range(draw(st.integers(1 if spine else 0, width))):
                if count >= MAX_NODES:
                    break
                count += 1
                topic.children.append(grow(level + 1, spine and i == 0))
        return topic

    return grow(1, True)


# --- writers: (prepare, write) per format -------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\r\n]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8_only(text: str) -> str:
    """UTF-8 has no bytes for a lone surrogate: an editor saves U+FFFD (and a pair written as two
    code points as the character it stands for)."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def json_text(data: object, ensure_ascii: bool, indent: int | None = None) -> str:
    """JSON text; ASCII, with escapes, when it holds a lone surrogate, which UTF-8 cannot."""
    text = json.dumps(data, ensure_ascii=ensure_ascii, indent=indent)
    return json.dumps(data, indent=indent) if _SURROGATE.search(text) else text


def xml_only(text: str) -> str:
    """XML 1.0 cannot hold these characters at all, not even as character references."""
    return _XML_INVALID.sub("", text)


def one_line(text: str) -> str:
    """Line-based formats: NUL makes a file binary, CR and LF end the line; ends stripped so the
    label's own spaces are not read as indentation."""
    return _LINE_BREAKS.sub(" ", text.replace("\x00", "")).strip()


def xml_attr(text: str) -> str:
    return html.escape(text, quote=True).replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


def xml_text(text: str) -> str:
    return html.escape(text, quote=False).replace("\r", "&#13;")


# indented text


_TEXT_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])\s+")


def write_text(tree: Topic, rnd: random.Random) -> bytes:
    unit = rnd.choice(["\t", " ", "  ", "    "])
    markers = rnd.choice([["- "], ["* ", "+ "], ["1. ", "2) "], []])
    lines = []
    for path, topic in tree.walk():
        label = topic.text
        # A leading list marker is dropped: a marker of our own keeps one that is part of the label.
        guard = bool(_TEXT_MARKER.match(fold(label) + " ")) or (markers and rnd.random() < 0.5)
        lines.append(unit * (path.count("_")) + (rnd.choice(markers or ["- "]) if guard else "") + label)
    return ("\n".join(lines) + rnd.choice(["", "\n"])).encode()


# Markdown: CommonMark lets any ASCII punctuation be escaped with a backslash


def md_escape(text: str) -> str:
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


_MD_MARK = {"bold": "**", "italic": "*", "strike": "~~"}


def md_label(topic: Topic) -> str:
    out = []
    for r in topic.runs:
        if r.style in _MD_MARK:
            out.append(f"{_MD_MARK[r.style]}{md_escape(r.text)}{_MD_MARK[r.style]}")
        elif r.style == "code":
            out.append(f"`{r.text}`")
        elif r.style == "link":
            out.append(f"[{md_escape(r.text)}](<{r.url}>)")
        else:
            out.append(md_escape(r.text))
    return " ".join(out)


def md_runs(topic: Topic) -> Topic:
    """Code spans cannot hold backticks; link targets are those markdown-it keeps as links."""
    runs = []
    for r in topic.runs:
        text = r.text.replace("`", "'") if r.style == "code" else r.text
        url = r.url
        scheme = urlsplit(url).scheme.lower()
        if r.style == "link" and (scheme not in ("", "http", "https", "mailto") or re.search(r"[<>\s]", url)):
            url = "https://example.com/"
        runs.append(Run(text, r.style, url))
    return Topic(runs, [md_runs(c) for c in topic.children], topic.link)


def write_markdown(tree: Topic, rnd: random.Random) -> bytes:
    headings = rnd.randint(1, 6)  # depths drawn as headings; deeper topics are list items
    bullet = rnd.choice(["-", "*", "+"])
    lines = []
    for path, topic in tree.walk():
        depth = path.count("_")
        if depth < headings:
            lines += ["", "#" * (depth + 1) + " " + md_label(topic), ""]
        else:
            lines.append("  " * (depth - headings) + f"{bullet} " + md_label(topic))
    return ("\n".join(lines).lstrip("\n") + "\n").encode()


# OPML: `text` may hold HTML, so a label with `<` or `&` is HTML-escaped, then XML-escaped


def write_opml(tree: Topic, rnd: random.Random) -> bytes:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "<head><title>Fuzz</title></head>",
    ]
    out.append("<body>")

    def emit(topic: Topic, indent: int) -> None:
        label = topic.text
        if "<" in label or "&" in label or rnd.random() < 0.3:
            label = html.escape(label)
        link = f' url="{xml_attr(topic.link)}"' if topic.link else ""
        head = f'{"  " * indent}<outline text="{xml_attr(label)}"{link}'
        if not topic.children:
            out.append(head + "/>")
            return
        out.append(head + ">")
        for child in topic.children:
            emit(child, indent + 1)
        out.append("  " * indent + "</outline>")

    emit(tree, 1)
    out += ["</body>", "</opml>"]
    return "\n".join(out).encode()


# FreeMind: TEXT is plain unless it starts with <html; rich content is XHTML


def write_freemind(tree: Topic, rnd: random.Random) -> bytes:
    out = ['<map version="1.0.1">']
    ids = iter(range(1, 10**6))

    def emit(topic: Topic, depth: int) -> None:
        label = topic.text
        attrs = f' ID="ID_{next(ids)}"'
        rich = label.lstrip()[:5].lower() == "<html" or rnd.random() < 0.3
        if not rich:
            attrs += f' TEXT="{xml_attr(label)}"'
        if depth == 1:
            attrs += f' POSITION="{rnd.choice(["left", "right"])}"'
        if topic.link:
            attrs += f' LINK="{xml_attr(topic.link)}"'
        out.append(f"<node{attrs}>")
        if rich:
            out.append(
                '<richcontent TYPE="NODE"><html><head></head><body>'
                f"<p>{xml_text(label)}</p></body></html></richcontent>"
            )
        for child in topic.children:
            emit(child, depth + 1)
        out.append("</node>")

    emit(tree, 0)
    out.append("</map>")
    return "\n".join(out).encode()


# XMind: a zip in memory; content.json (XMind 2020+) or content.xml (XMind 8)


def _zip(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text.encode("utf-8"))
    return buf.getvalue()


def write_xmind(tree: Topic, rnd: random.Random) -> bytes:
    ids = iter(range(10**6))

    def topic_json(topic: Topic) -> dict:
        node: dict = {"id": f"t{next(ids)}", "class": "topic", "title": topic.text}
        if topic.link:
            node["href"] = topic.link
        if topic.children:
            node["children"] = {"attached": [topic_json(c) for c in topic.children]}
        return node

    root = topic_json(tree)
    root["structureClass"] = rnd.choice(["org.xmind.ui.map.unbalanced", "org.xmind.ui.logic.right"])
    sheet = {"id": "s1", "class": "sheet", "title": "Sheet 1", "rootTopic": root}
    manifest = {"file-entries": {"content.json": {}, "metadata.json": {}}}
    content = json_text([sheet], rnd.random() < 0.5)
    return _zip({"content.json": content, "metadata.json": "{}", "manifest.json": json.dumps(manifest)})


def write_xmind8(tree: Topic, rnd: random.Random) -> bytes:
    ids = iter(range(10**6))

    def emit(topic: Topic) -> str:
        href = f' xlink:href="{xml_attr(topic.link)}"' if topic.link else ""
        kids = "".join(emit(c) for c in topic.children)
        kids = f'<children><topics type="attached">{kids}</topics></children>' if kids else ""
        return f'<topic id="t{next(ids)}"{href}><title>{xml_text(topic.text)}</title>{kids}</topic>'

    content = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
        '<xmap-content xmlns="urn:xmind:xmap:xmlns:content:2.0" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' version="2.0"><sheet id="s1">{emit(tree)}<title>Sheet 1</title></sheet></xmap-content>'
    )
    manifest = (
        '<manifest xmlns="urn:xmind:xmap:xmlns:manifest:1.0"><file-entry full-path="content.xml"/></manifest>'
    )
    return _zip({"content.xml": content, "META-INF/manifest.xml": manifest})


# YAML and JSON trees


def data_label(text: str) -> str:
    """A JSON/YAML label as an editor writes it: a label that would read as HTML (My Mind's rich
    text: a known tag or an entity) is written with its `&`, `<` and `>` escaped, so it reads
    back as the same characters."""
    return html.escape(text, quote=False) if LOOKS_HTML.search(text) else text


def tree_data(tree: Topic, rnd: random.Random) -> object:
    def node(topic: Topic) -> object:
        if not topic.children and not topic.link and rnd.random() < 0.3:
            return data_label(topic.text)  # a string in `children` is a leaf
        data: dict = {rnd.choice(["text", "title", "topic", "name"]): data_label(topic.text)}
        if topic.link:
            data["link"] = topic.link
        if topic.children:
            data["children"] = [node(c) for c in topic.children]
        return data

    root = node(tree)
    if isinstance(root, str):
        root = {"text": root}
    return {"title": "Fuzz", "root": root} if rnd.random() < 0.3 else root


def write_yaml(tree: Topic, rnd: random.Random) -> bytes:
    data = tree_data(tree, rnd)
    text = yaml.safe_dump(data, allow_unicode=rnd.random() < 0.5, sort_keys=rnd.random() < 0.5)
    if yaml.safe_load(text) != data:  # PyYAML's emitter mangles a raw NEL (U+0085) in unicode mode
        text = yaml.safe_dump(data, allow_unicode=False)
    assert yaml.safe_load(text) == data, "the test's YAML writer lost data"
    return text.encode()


def write_json(tree: Topic, rnd: random.Random) -> bytes:
    return json_text(tree_data(tree, rnd), rnd.random() < 0.5, indent=rnd.choice([None, 1])).encode()


def write_jsmind(tree: Topic, rnd: random.Random) -> bytes:
    meta = {"name": "jsMind remote", "author": "fuzz", "version": "0.4.6"}
    ids = iter(range(10**6))
    if rnd.random() < 0.5:

        def node(topic: Topic, depth: int) -> dict:
            data: dict = {"id": "root" if depth == 0 else f"n{next(ids)}", "topic": data_label(topic.text)}
            if depth == 1:
                data["direction"] = rnd.choice(["left", "right"])
            data["children"] = [node(c, depth + 1) for c in topic.children]
            return data

        return json.dumps({"meta": meta, "format": "node_tree", "data": node(tree, 0)}).encode()
    items: list[dict] = []
    stack: list[tuple[Topic, str | None, int]] = [(tree, None, 0)]
    while stack:
        topic, parent, depth = stack.pop()
        item: dict = {"id": f"n{next(ids)}", "topic": data_label(topic.text)}
        if parent is None:
            item["isroot"] = True
        else:
            item["parentid"] = parent
        if depth == 1:
            item["direction"] = rnd.choice(["left", "right"])
        items.append(item)
        stack.extend((c, item["id"], depth + 1) for c in reversed(topic.children))
    return json_text({"meta": meta, "format": "node_array", "data": items}, False).encode()


# Mermaid: a quoted label holds anything but `"` (and "` opens a markdown string); `<br>` is a line
# break


_BR = re.compile(r"<(?=\s*/?\s*br)", re.I)
_MERMAID_BARE = re.compile(r"\(|\)|\[|\{\{|%%|\s:::|^::|<")


def mermaid_prepare(text: str) -> str:
    text = _BR.sub("<" + ZWSP, one_line(text).replace('"', "'"))
    return ZWSP + text if text.startswith("`") else text  # "` opens a markdown string


def write_mermaid(tree: Topic, rnd: random.Random) -> bytes:
    lines = ["mindmap"]
    unit = rnd.choice([" ", "  ", "    "])
    shapes = [("[", "]"), ("(", ")"), ("((", "))"), ("))", "(("), (")", "("), ("{{", "}}")]
    for i, (path, topic) in enumerate(tree.walk()):
        label = topic.text
        indent = unit * (path.count("_") + 1)
        if not _MERMAID_BARE.search(label) and rnd.random() < 0.3:
            lines.append(indent + label)
        else:
            opener, closer = rnd.choice(shapes)
            lines.append(f'{indent}n{i}{opener}"{label}"{closer}')
    return "\n".join(lines).encode()


# PlantUML: `~` before a markup character shows it as written, `\~` is a tilde. `\n` and
# `%newline()` have no escape, and a backslash of the label's own before an escape would read as
# `\~`: a zero-width space keeps those apart.


_PUML_ESCAPABLE = re.compile(r'[-_"*/\[<]')
_PUML_TAG = {"bold": "b", "italic": "i", "strike": "s", "code": "code"}


def puml_prepare(text: str) -> str:
    text = one_line(text).replace("\\n", "\\" + ZWSP + "n").replace("%newline()", "%" + ZWSP + "newline()")
    return re.sub(r'\\(?=[-_"*/\[<])', lambda m: "\\" + ZWSP, text)


def puml_escape(text: str) -> str:
    return _PUML_ESCAPABLE.sub(r"~\g<0>", text.replace("~", "\\~"))


def puml_label(topic: Topic) -> str:
    out = []
    for r in topic.runs:
        if r.style in _PUML_TAG:
            tag = _PUML_TAG[r.style]
            out.append(f"<{tag}>{puml_escape(r.text)}</{tag}>")
        elif r.style == "link" and " " not in r.url and "[" not in r.url and "]" not in r.url:
            out.append(f"[[{r.url} {puml_escape(r.text.replace('[', '(').replace(']', ')'))}]]")
        else:
            out.append(puml_escape(r.text))
    return " ".join(out)


def puml_runs(topic: Topic) -> Topic:
    runs = []
    for r in topic.runs:
        if r.style == "link" and (" " in r.url or "[" in r.url or "]" in r.url):
            runs.append(Run(r.text))
        elif r.style == "link":
            runs.append(Run(r.text.replace("[", "(").replace("]", ")"), r.style, r.url))
        else:
            runs.append(r)
    return Topic(runs, [puml_runs(c) for c in topic.children], topic.link)


def write_plantuml(tree: Topic, rnd: random.Random) -> bytes:
    lines = ["@startmindmap"]
    kind = rnd.choice(["stars", "indented", "plusminus"])
    for path, topic in tree.walk():
        depth = path.count("_")
        if kind == "stars":
            mark = "*" * (depth + 1)
        elif kind == "indented":
            mark = "\t" * depth + "*"
        else:
            side = "-" if path.split("_")[1:2] and int(path.split("_")[1]) % 2 else "+"
            mark = side * (depth + 1)
        lines.append(f"{mark} {puml_label(topic)}")
    lines.append("@endmindmap")
    return "\n".join(lines).encode()


# org-mode: markup and keywords are kept literal with a zero-width space, as the org manual says


_ORG_MARKS = re.compile(r"([*/_=~+])")
_ORG_TAGS = re.compile(r":(?:[\w@#%]+:)+")
_ORG_MARK = {"bold": "*", "italic": "/", "code": "=", "strike": "+"}


def org_prepare(text: str) -> str:
    text = _ORG_MARKS.sub(ZWSP + r"\1" + ZWSP, one_line(text)).replace("[", "[" + ZWSP)
    words = text.split()
    if words and words[0] in ("TODO", "DONE", "COMMENT"):
        text = ZWSP + text
    if words and _ORG_TAGS.fullmatch(words[-1]):
        text += ZWSP
    return text


def org_runs(topic: Topic) -> Topic:
    runs = []
    for r in topic.runs:
        if r.style == "link" and not re.search(r"[\[\]]", r.url):
            runs.append(Run(re.sub(r"[\[\]]", "", r.text.replace(ZWSP, "")) or "link", r.style, r.url))
        elif r.style == "link":
            runs.append(Run(r.text))
        else:
            runs.append(r)
    return Topic(runs, [org_runs(c) for c in topic.children], topic.link)


def org_label(topic: Topic) -> str:
    out = []
    for r in topic.runs:
        if r.style in _ORG_MARK:
            out.append(f"{_ORG_MARK[r.style]}{r.text}{_ORG_MARK[r.style]}")
        elif r.style == "link":
            out.append(f"[[{r.url}][{r.text}]]")
        else:
            out.append(r.text)
    return " ".join(out)


def write_org(tree: Topic, rnd: random.Random) -> bytes:
    lines = ["#+TITLE: Fuzz"] if rnd.random() < 0.5 else []
    lines += ["*" * (path.count("_") + 1) + " " + org_label(topic) for path, topic in tree.walk()]
    return "\n".join(lines).encode()


@dataclass(frozen=True)
class Writer:
    ext: str
    write: Callable[[Topic, random.Random], bytes]
    prepare: Callable[[str], str] = lambda text: text  # noqa: E731
    runs: Callable[[Topic], Topic] | None = None  # the writer keeps inline formatting: fix-ups
    escapes: bool = False  # JSON and YAML can write any code point (as an escape); others are UTF-8


WRITERS = {
    "text": Writer("txt", write_text, one_line),
    "markdown": Writer("md", write_markdown, one_line, md_runs),
    "opml": Writer("opml", write_opml, xml_only),
    "freemind": Writer("mm", write_freemind, xml_only),
    "xmind": Writer("xmind", write_xmind, escapes=True),
    "xmind8": Writer("xmind", write_xmind8, xml_only),
    "yaml": Writer("yaml", write_yaml, escapes=True),
    "json": Writer("json", write_json, escapes=True),
    "jsmind": Writer("json", write_jsmind, escapes=True),
    "mermaid": Writer("mmd", write_mermaid, mermaid_prepare),
    "plantuml": Writer("puml", write_plantuml, puml_prepare, puml_runs),
    "org": Writer("org", write_org, org_prepare, org_runs),
}
# Formats that never drop or add a topic of a tree whose labels all have text.
KEEP_EVERY_NODE = ["text", "markdown", "opml", "json", "yaml"]


def prepared(name: str, tree: Topic) -> Topic:
    writer = WRITERS[name]
    tree = tree.map(writer.prepare if writer.escapes else lambda text: writer.prepare(utf8_only(text)))
    return _plain(tree) if writer.runs is None else writer.runs(tree)


def _plain(tree: Topic) -> Topic:
    return Topic([Run(tree.text)], [_plain(c) for c in tree.children], tree.link)


# --- checking a render --------------------------------------------------------------------------------

ERROR = "treemind: error: "


def href_is_safe(value: str) -> bool:
    """http(s), mailto, or relative to the page (not `//host` nor `\\\\host`, which browsers read
    as another host); nothing a browser would strip into another scheme."""
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in value):
        return False
    scheme = urlsplit(value).scheme.lower()
    if scheme:
        return scheme in ("http", "https", "mailto")
    return not value.replace("\\", "/").startswith("//") and ":" not in value.split("/")[0]


def check_svg(data: bytes) -> ET.Element:
    """The SVG parses and carries nothing active."""
    low = data.lower()
    for bad in (b"<script", b"foreignobject", b"<image", b"<!doctype", b"<!entity", b"<iframe", b"<use"):
        assert bad not in low, f"{bad!r} in the SVG"
    root = ET.fromstring(data)
    for element in root.iter():
        tag = element.tag.rpartition("}")[2].lower()
        assert tag not in ("script", "foreignobject", "image", "iframe", "use", "animate", "set"), tag
        for name, value in element.attrib.items():
            local = name.rpartition("}")[2].lower()
            assert not local.startswith("on"), f"event handler {name}={value!r}"
            if local == "href":
                assert href_is_safe(value), f"unsafe link {value!r}"
    return root


def node_titles(root: ET.Element) -> dict[str, str]:
    """SVG id -> the text of the topic's <title>, for every `<g class="node ...">`."""
    titles = {}
    for group in root.iter(f"{SVG}g"):
        if "node" in group.get("class", "").split():
            title = group.find(f"{SVG}title")
            titles[group.get("id", "")] = (title.text or "") if title is not None else ""
    return titles


def check_failure(result, src: Path, outputs: list[Path]) -> None:
    errors = [line for line in result.err.splitlines() if line.startswith(ERROR)]
    assert len(errors) == 1, result.err
    assert str(src) in errors[0], errors[0]
    for out in outputs:
        assert not out.exists(), f"{out} written by a failed render"


def check_contract(result, src: Path, outputs: list[Path]) -> None:
    """What every run promises, whatever the input: exit 0 or 1, no traceback, no internal error."""
    assert result.code in (0, 1), (result.code, result.err)
    assert "Traceback" not in result.err, result.err
    assert "internal error" not in result.err, result.err
    if result.code == 1:
        check_failure(result, src, outputs)


class Scratch:
    """A fresh file name per example (hypothesis reuses the function's tmp_path)."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.n = folder, 0

    def write(self, ext: str, data: bytes) -> tuple[Path, Path]:
        self.n += 1
        src = self.folder / f"in{self.n}.{ext}"
        src.write_bytes(data)
        return src, self.folder / f"out{self.n}.svg"


# --- 1. every format, whole pipeline -------------------------------------------------------------------


@pytest.mark.graphviz
@pytest.mark.parametrize("name", list(WRITERS))
def test_random_outlines_render_safely(cli, tmp_path: Path, name: str) -> None:
    scratch = Scratch(tmp_path)
    writer = WRITERS[name]

    @settings(max_examples=examples(18), **FUZZ)
    @given(tree=trees(styled=writer.runs is not None), seed=st.integers(0, 2**32 - 1))
    def run(tree: Topic, seed: int) -> None:
        tree = prepared(name, tree)
        data = writer.write(tree, random.Random(seed))
        src, out = scratch.write(writer.ext, data)
        note(f"{src.name}: {data[:3000]!r}")
        result = cli(["render", src, "-o", out])
        check_contract(result, src, [out])
        event(f"exit {result.code}")
        assert result.code == 0, f"a well-formed {name} outline failed: {result.err}"
        titles = node_titles(check_svg(out.read_bytes()))
        expected = {path: drawn(topic.text) for path, topic in tree.walk()}
        assert titles == expected

    run()


# --- 2. node counts --------------------------------------------------------------------------------------


@pytest.mark.graphviz
@pytest.mark.parametrize("name", KEEP_EVERY_NODE)
def test_json_keeps_every_node(cli, tmp_path: Path, name: str) -> None:
    scratch = Scratch(tmp_path)
    writer = WRITERS[name]

    @settings(max_examples=examples(6), **FUZZ)
    @given(tree=trees(styled=False), seed=st.integers(0, 2**32 - 1))
    def run(tree: Topic, seed: int) -> None:
        tree = prepared(name, tree)
        src, _ = scratch.write(writer.ext, writer.write(tree, random.Random(seed)))
        result = cli(["render", src, "-f", "json", "-o", "-"])
        check_contract(result, src, [])
        assert result.code == 0, result.err
        assert len(json.loads(result.out)["nodes"]) == tree.size()

    run()


# --- 3. raw bytes into every parser ---------------------------------------------------------------------

HARD_LIMIT = 10  # seconds: signal.alarm stops a hang
SOFT_LIMIT = 5.0  # seconds one parse may take


SEEDS = {p.relative_to(ROOT).as_posix(): p.read_bytes() for p in seed_files()}
EXTENSIONS = {name: fmt.extensions[0] for name, fmt in FORMATS.items()}


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang(f"a parse ran over {HARD_LIMIT} s")


def parse_within_limits(data: bytes, source: str) -> None:
    """parse() may succeed or raise TreemindError; anything else, a slow parse or a label that is not
    folded fails."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HARD_LIMIT)
    start = time.monotonic()
    try:
        tree = parse(data, source=source)
    except TreemindError:
        tree = None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.monotonic() - start
    assert elapsed < SOFT_LIMIT, f"parse of {source} took {elapsed:.1f} s"
    for item in walk(tree.root) if tree is not None else ():
        text = item.node.text  # every reader folds labels: one line, single spaces, no controls
        assert text and text == fold(text) and " " * 2 not in text, f"label {text!r}"
        assert all(c == " " or not c.isspace() for c in text), f"label {text!r}"


@st.composite
def mutated(draw: st.DrawFn, base: bytes, pool: list[bytes]) -> bytes:
    """Insert, delete, flip, duplicate or splice a few times."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["insert", "delete", "flip", "dup", "splice", "token"]))
        at = draw(st.integers(0, len(data)))
        if op == "insert":  # mostly text: invalid UTF-8 is refused before any parser sees it
            text = st.text(file_characters, min_size=1, max_size=16).map(lambda t: t.encode())
            data[at:at] = draw(st.one_of(text, text, text, st.binary(min_size=1, max_size=16)))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "flip" and at < len(data):  # may break UTF-8 too: one op in six
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "dup":
            chunk = data[at : at + draw(st.integers(1, 200))]
            data[at:at] = chunk * draw(st.integers(1, 40))
        elif op == "splice" and pool:
            other = draw(st.sampled_from(pool))
            start = draw(st.integers(0, len(other)))
            data[at:at] = other[start : start + draw(st.integers(1, 400))]
        elif op == "token" and pool:
            data[at:at] = draw(st.sampled_from(pool))
    return bytes(data)


def _rezip(data: bytes, fn: Callable[[str, bytes], bytes]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    return _zip_bytes({name: fn(name, body) for name, body in members.items()})


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buf.getvalue()


@st.composite
def raw_inputs(draw: st.DrawFn, name: str) -> bytes:
    ext = EXTENSIONS[name]
    own = [data for path, data in SEEDS.items() if path.endswith(FORMATS[name].extensions)]
    every = list(SEEDS.values())
    tokens = [t.encode() for t in TOKENS[name]]
    kind = draw(st.sampled_from(["bytes", "text", "soup", "mutate-own", "mutate-any", "member"]))
    event(kind)
    if kind == "bytes":
        return draw(st.binary(max_size=2000))
    if kind == "text":
        return draw(st.text(file_characters, max_size=500)).encode()
    if kind == "soup" and tokens:
        parts = draw(
            st.lists(st.one_of(st.sampled_from(tokens), st.text(file_characters, max_size=6).map(str.encode)))
        )
        return b"".join(parts)
    if kind == "member" and ext == ".xmind" and own:  # valid zip, broken content
        base = draw(st.sampled_from(own))
        snippets = [t.encode() for t in TOKENS["xmind"]]
        return _rezip(
            base, lambda n, body: draw(mutated(body, snippets)) if n.startswith("content") else body
        )
    text_seeds = [data for path, data in SEEDS.items() if not path.endswith(".xmind")]
    base = draw(
        st.sampled_from(own if kind == "mutate-own" and own else every if ext == ".xmind" else text_seeds)
    )
    return draw(mutated(base, tokens))


@pytest.mark.parametrize("name", list(FORMATS))
def test_parsers_take_any_bytes(name: str) -> None:
    @settings(max_examples=examples(200), **FUZZ)
    @given(data=raw_inputs(name), sniff=st.booleans())
    def run(data: bytes, sniff: bool) -> None:
        source = "x.bin" if sniff else f"x{EXTENSIONS[name]}"
        parse_within_limits(data, source)

    run()


@pytest.mark.graphviz
@pytest.mark.parametrize("name", list(FORMATS))
def test_mutated_inputs_keep_the_cli_contract(cli, tmp_path: Path, name: str) -> None:
    """Broken and odd inputs through the whole CLI: rendered, or one clean error and no file."""
    scratch = Scratch(tmp_path)

    @settings(max_examples=examples(8), **FUZZ)
    @given(data=raw_inputs(name))
    def run(data: bytes) -> None:
        src, out = scratch.write(EXTENSIONS[name].lstrip("."), data)
        result = cli(["render", src, "-o", out])
        check_contract(result, src, [out])
        event(f"exit {result.code}")
        if result.code == 0:
            check_svg(out.read_bytes())

    run()


# --- bugs found: explicit examples, xfail while open ----------------------------------------------


def _zip_with_version(needed: int) -> bytes:
    """A workbook whose central directory asks for a newer zip version than Python reads."""
    data = bytearray(
        _zip({"content.json": json.dumps([{"id": "s", "rootTopic": {"id": "t", "title": "a"}}])})
    )
    data[data.index(b"PK\x01\x02") + 6] = needed  # "version needed to extract", low byte
    return bytes(data)


def test_xmind_zip_of_unknown_version_is_an_outline_error() -> None:
    parse_within_limits(_zip_with_version(64), "new.xmind")


@pytest.mark.graphviz
@pytest.mark.parametrize(
    ("name", "data"), [("s.json", b'{"text": "a\\ud800b"}'), ("s.yaml", b'text: "a\\ud800b"')]
)
def test_lone_surrogate_in_a_label(cli, tmp_path: Path, name: str, data: bytes) -> None:
    """Drawn as U+FFFD, the replacement character (model.clean_text)."""
    src, out = tmp_path / name, tmp_path / "out.svg"
    src.write_bytes(data)
    result = cli(["render", src, "-o", out])
    check_contract(result, src, [out])
    assert result.code == 0, result.err
    assert node_titles(check_svg(out.read_bytes())) == {"n0": "a\ufffdb"}


@pytest.mark.graphviz
@pytest.mark.parametrize(
    ("name", "data"), [("f.md", "# a\uffffb\n".encode()), ("f.json", b'{"text": "a\\ufffeb"}')]
)
def test_noncharacter_in_a_label(cli, tmp_path: Path, name: str, data: bytes) -> None:
    """Dropped (model.clean_text)."""
    src, out = tmp_path / name, tmp_path / "out.svg"
    src.write_bytes(data)
    result = cli(["render", src, "-o", out])
    check_contract(result, src, [out])
    assert result.code == 0, result.err
    assert node_titles(check_svg(out.read_bytes())) == {"n0": "ab"}


@pytest.mark.graphviz
@pytest.mark.parametrize("link", ["\\\\evil.example/x", "/\\evil.example/x"])
def test_backslash_links_to_another_host_are_dropped(cli, tmp_path: Path, link: str) -> None:
    src, out = tmp_path / "h.json", tmp_path / "out.svg"
    src.write_text(json.dumps({"text": "root", "children": [{"text": "a", "link": link}]}), encoding="utf-8")
    result = cli(["render", src, "-o", out])
    assert result.code == 0, result.err
    check_svg(out.read_bytes())


@pytest.mark.parametrize("label", ["[x] done", "[ ] open", "keep {color=red}", "note <!-- fold -->"])
def test_markdown_conversion_reads_back_the_same_label(cli, tmp_path: Path, label: str) -> None:
    src = tmp_path / "c.json"
    src.write_text(json.dumps({"text": "root", "children": [label]}), encoding="utf-8")
    result = cli(["render", src, "-f", "md", "-o", "-"])
    assert result.code == 0, result.err
    item = parse(result.out, source="c.md").root.children[0]
    assert (item.text, item.checked, item.attrs, item.folded) == (label, None, (), False), result.out


def test_plantuml_tilde_escapes_creole() -> None:
    tree = parse(b"@startmindmap\n* not ~**bold**\n@endmindmap\n", source="t.puml")
    assert (tree.root.text, tree.root.spans) == ("not **bold**", ())
