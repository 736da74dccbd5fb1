"""Count the topics of a corpus file by each format's own written rule (see README.md here).

Standalone on purpose: it imports nothing from treemind_render, so the count it gives is an
independent check of our parsers, not a copy of them. `python count_topics.py FILE...` prints
`topics roots FILE`; `roots` is how many top-level topics the file has (a map whose file has
more than one top-level topic is drawn under one added root).
"""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import yaml

MD_HEADING = re.compile(r" {0,3}(#{1,6})[ \t]+\S")
MD_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
MD_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t]*([^`\s]*)")
ORG_BLOCK_BEGIN = re.compile(r"[ \t]*#\+begin_", re.I)
ORG_BLOCK_END = re.compile(r"[ \t]*#\+end_", re.I)
PUML_NODE = re.compile(r"[ \t]*([*+-]+|#+)(\[#[^\]]*\])?_?(?=[ \t:]|$)")
MERMAID_DECORATION = re.compile(r"[ \t]*(::icon\(|:::)")
FIRST_ORG_INLINE_TASK = 15  # org-inlinetask-min-level: this many stars is an inline task


def markdown(text: str) -> tuple[int, int]:
    """Headings and list items with text, outside fenced code; inside ```markmap fences too,
    where a heading sits under the section the fence is in (a fence's `#` under a `##` is no H1)."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":  # frontmatter
        ends = [i for i, ln in enumerate(lines[1:], 1) if ln.strip() in ("---", "...")]
        lines = lines[ends[0] + 1 :] if ends else lines
    topics, h1, tops_items, section = 0, 0, 0, 0
    fence: str | None = None
    markmap = False
    for line in lines:
        opened = MD_FENCE.match(line)
        if fence is not None:
            if (
                opened
                and opened.group(1)[0] == fence[0]
                and len(opened.group(1)) >= len(fence)
                and not opened.group(2)
            ):
                fence, markmap = None, False
                continue
            if not markmap:
                continue
        elif opened:
            fence, markmap = opened.group(1), opened.group(2).lower() == "markmap"
            continue
        if fence is not None and markmap and MD_FENCE.match(line):
            continue  # a code block inside a markmap fence: not a topic
        heading = MD_HEADING.match(line)
        if heading:
            topics += 1
            level = len(heading.group(1)) + (section if fence is not None else 0)
            h1 += level == 1
            section = level if fence is None else section
        elif MD_ITEM.match(line) and not line.lstrip().startswith(">"):
            topics += 1
            tops_items += not line[:1].isspace()
    return topics, 1 if h1 == 1 else 2


def org(text: str) -> tuple[int, int]:
    """Headlines (stars then a space, title or not) outside #+BEGIN_/#+END_ blocks; a headline of
    15 or more stars is an inline task, not a topic. A headline is top-level when no earlier
    headline has fewer stars (org's parent is the nearest earlier headline with fewer stars)."""
    topics, levels, block = 0, [], False
    for line in text.split("\n"):
        if block:
            block = not ORG_BLOCK_END.match(line)
            continue
        if ORG_BLOCK_BEGIN.match(line):
            block = True
            continue
        stars = re.match(r"(\*+)[ \t]", line)
        if stars and len(stars.group(1)) < FIRST_ORG_INLINE_TASK:
            topics += 1
            levels.append(len(stars.group(1)))
    tops = sum(1 for i, level in enumerate(levels) if all(earlier >= level for earlier in levels[:i]))
    return topics, tops


def opml(data: bytes) -> tuple[int, int]:
    """Every <outline> element inside <body>, except an empty one (blank text, no children): an
    outliner's empty line, which holds nothing to draw."""
    body = ElementTree.fromstring(data).find("body")
    if body is None:
        return 0, 0

    def kept(el: ElementTree.Element) -> bool:
        return bool((el.get("text") or "").strip()) or len(el) > 0

    return sum(map(kept, body.iter("outline"))), sum(map(kept, body.findall("outline")))


def freemind(data: bytes) -> tuple[int, int]:
    """Every <node> element."""
    root = ElementTree.fromstring(data)
    return len(root.findall(".//node")), len(root.findall("node"))


def _json_topics(topic: dict) -> int:
    children = topic.get("children") or {}
    return 1 + sum(_json_topics(t) for kind in children.values() if isinstance(kind, list) for t in kind)


def xmind(data: bytes) -> tuple[int, int]:
    """The first sheet's topics: the root topic and every topic under `children` (attached,
    detached, summary, callout...) in content.json, else every <topic> in content.xml's sheet."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        if "content.json" in names:
            sheets = json.loads(zf.read("content.json"))
            return _json_topics(sheets[0]["rootTopic"]), 1
        root = ElementTree.fromstring(zf.read("content.xml"))
    sheet = next(el for el in root.iter() if el.tag.split("}")[-1] == "sheet")
    return sum(1 for el in sheet.iter() if el.tag.split("}")[-1] == "topic"), 1


SKIP_KEYS = {"meta", "theme", "view", "config", "layout", "style"}


def _tree_topics(value: object) -> int:
    if isinstance(value, list):
        return sum(_tree_topics(v) for v in value)
    if not isinstance(value, dict):
        return 0
    own = 1 if any(isinstance(value.get(k), str) for k in ("text", "topic")) else 0
    return own + sum(_tree_topics(v) for k, v in value.items() if k not in SKIP_KEYS)


def tree_data(data: object) -> tuple[int, int]:
    """Every mapping with a text or topic string (outside meta/theme/view/config/layout/style)."""
    return _tree_topics(data), 1


def mermaid(text: str) -> tuple[int, int]:
    """Non-blank lines after the `mindmap` line, except %% comments, ::icon()/::: decorations and
    the continuation lines of a quoted string, or of a shape whose first bracket has no closing
    bracket after it on its line (`root[` ... `]`: Mermaid's lexer reads the label on)."""
    lines = text.split("\n")
    start = next(
        i for i, ln in enumerate(lines) if ln.strip() == "mindmap" or ln.strip().startswith("mindmap ")
    )
    topics, open_quote, closer, indents = 0, False, "", []
    for line in lines[start + 1 :]:
        stripped = line.strip()
        if open_quote:
            open_quote = stripped.count('"') % 2 == 0
            continue
        if closer:
            closer = "" if any(c in stripped for c in closer) else closer
            continue
        if not stripped or stripped.startswith("%%") or MERMAID_DECORATION.match(line):
            continue
        topics += 1
        indents.append(len(line) - len(line.lstrip()))
        open_quote = stripped.count('"') % 2 == 1
        first = re.search(r"\(\(|\)\)|\{\{|[\[()]", stripped)
        if first and not open_quote and not re.search(r"[\])}(]", stripped[first.end() :]):
            closer = "])}("
    return topics, indents.count(min(indents, default=0))


def plantuml(text: str) -> tuple[int, int]:
    """Lines opening a node (`*`, `+`, `-` or `#` runs, then [#colour], `_`, a space or `:`)
    inside @startmindmap; a `:` node runs to the line ending in `;` and counts once; <style>
    blocks are skipped."""
    topics, roots, inside, style, multi = 0, 0, False, False, False
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("@startmindmap"):
            inside = True
            continue
        if s.startswith("@endmindmap"):
            break
        if not inside:
            continue
        if multi:
            multi = not s.endswith(";")
            continue
        if s.startswith("<style>"):
            style = True
        if style:
            style = "</style>" not in s
            continue
        node = PUML_NODE.match(line)
        if node:
            topics += 1
            roots += len(node.group(1)) == 1 and not line[:1].isspace() and node.group(1) not in ("-",)
            rest = line[node.end() :].lstrip()
            multi = rest.startswith(":") and not rest.rstrip().endswith(";")
    return topics, max(roots, 1)


def text(text: str) -> tuple[int, int]:
    """Every non-blank line; top-level ones are those indented least."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    indents = [len(ln) - len(ln.lstrip()) for ln in lines]
    return len(lines), indents.count(min(indents, default=0))


def count(path: Path, fmt: str) -> tuple[int, int]:
    data = path.read_bytes()
    if fmt == "xmind":
        return xmind(data)
    if fmt == "opml":
        return opml(data)
    if fmt == "freemind":
        return freemind(data)
    decoded = data.decode("utf-8-sig").replace("\r\n", "\n")
    if fmt == "json":
        return tree_data(json.loads(decoded))
    if fmt == "yaml":
        return tree_data(yaml.safe_load(decoded))
    return {"markdown": markdown, "org": org, "mermaid": mermaid, "plantuml": plantuml, "text": text}[fmt](
        decoded
    )


if __name__ == "__main__":
    manifest = json.loads((Path(__file__).parent / "manifest.json").read_text())
    formats = {e["file"]: e["format"] for e in manifest}
    for name in sys.argv[1:]:
        rel = str(Path(name).resolve().relative_to((Path(__file__).parent / "files").resolve()))
        print(*count(Path(name), formats[rel]), name)
