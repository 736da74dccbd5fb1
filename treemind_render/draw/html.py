"""`-f html`: one self-contained page per map: zoom, fold, search, outline, light and dark.

The page holds the map as pictures of its fold states, each drawn by the same pipeline as
`-f svg` (docs/decisions/0003-fold-states.md), the outline, and its own script and style
(package files beside this module), allowed by their hashes in a Content-Security-Policy
that forbids every other source: the file works from file:// and fetches nothing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from .. import __version__
from ..model import Node, Placed, walk

ASSETS = Path(__file__).with_name("assets")
_XML_DECL = re.compile(r"^<\?xml[^>]*>\s*")
_SCHEMES = re.compile(r'<style id="schemes">(.*?)</style>', re.S)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@cache
def asset(name: str) -> str:
    return (ASSETS / name).read_text("utf-8").strip()


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def key(folded: Sequence[str]) -> str:
    """A fold state's name in the page: the folded node ids, sorted, comma-separated."""
    return ",".join(sorted(folded))


def with_folds(root: Node, folded: frozenset[str]) -> Node:
    """The tree with exactly the nodes `folded` (by id) marked folded; iterative, any depth."""
    built: dict[str, Node] = {}
    for item in reversed(list(walk(root))):  # children before their parent
        kids = tuple(built.pop(f"{item.id}_{i}") for i in range(len(item.node.children)))
        built[item.id] = replace(item.node, folded=item.id in folded, children=kids)
    return built["n0"]


def fold_states(items: Sequence[Placed], start: Sequence[str], limit: int) -> list[tuple[str, ...]]:
    """Fold states in the order a reader reaches them by clicks: the opening one, then every
    state one click away (shallow topics first), then two clicks away, up to `limit` states.

    A click on a shown topic with children folds it (forgetting folds inside it) or unfolds it,
    as the page's script does.
    """
    parent = {it.id: it.parent for it in items}
    foldable = [it.id for it in sorted(items, key=lambda it: it.depth) if it.parent and it.node.children]

    def shown(node: str, state: tuple[str, ...]) -> bool:
        up = parent[node]
        while up is not None:
            if up in state:
                return False
            up = parent[up]
        return True

    first = tuple(sorted(start))
    queue, seen = [first], {first}
    out: list[tuple[str, ...]] = []
    while queue and len(out) < limit:
        state = queue.pop(0)
        out.append(state)
        for node in (n for n in foldable if shown(n, state)):
            kept = [f for f in state if f != node and not f.startswith(node + "_")]
            after = tuple(sorted(kept if node in state else [*kept, node]))
            if after not in seen:
                seen.add(after)
                queue.append(after)
    return out


@dataclass(frozen=True)
class Page:
    """What a map page shows; `frames` maps a fold state's key to its SVG."""

    title: str
    items: tuple[Placed, ...]  # every node, folded or not, in pre-order
    frames: dict[str, bytes]
    start: tuple[str, ...]  # the nodes folded when the page opens
    live: str | None = None  # treemind serve: the URL prefix the page asks for updates
    error: str | None = None  # treemind serve: why the latest save shows no new map
    stamp: str | None = None  # the source hash (draw/stamp.py), for --check and the cache


def split_frame(svg: bytes) -> tuple[str, str]:
    """An SVG as inline markup without its XML declaration, and its scheme rules apart."""
    text = _XML_DECL.sub("", svg.decode("utf-8"))
    rules = "".join(_SCHEMES.findall(text))
    return _SCHEMES.sub("", text), rules


def data(page: Page) -> dict[str, object]:
    """The page's data: nodes, frames, the opening state (also what serve sends on a change)."""
    kids: dict[str, int] = {}
    for item in page.items:
        if item.parent is not None:
            kids[item.parent] = kids.get(item.parent, 0) + 1
    nodes = {
        it.id: {"text": it.node.text, "parent": it.parent, "kids": kids.get(it.id, 0)} for it in page.items
    }
    split = {k: split_frame(svg) for k, svg in page.frames.items()}
    return {
        "title": page.title,
        "nodes": nodes,
        "order": [it.id for it in page.items],
        "frames": {k: markup for k, (markup, _) in split.items()},
        "rules": sorted({rules for _, rules in split.values() if rules}),
        "count": len(split),
        "start": list(page.start),
        "live": page.live,
        "error": page.error,
        "stamp": page.stamp,
        "outline": outline(page.items),
    }


def outline(items: Sequence[Placed]) -> str:
    """The outline as nested lists of buttons, each naming the topic it shows on the map."""
    out: list[str] = []
    previous = -1
    for item in items:
        if previous < 0:
            out.append("<ul><li>")
        elif item.depth > previous:
            out.append("<ul><li>" * (item.depth - previous))
        else:
            out.append("</li>" + "</ul></li>" * (previous - item.depth) + "<li>")
        out.append(f'<button type="button" data-id="{item.id}">{escape(item.node.text)}</button>')
        previous = item.depth
    out.append("</li>" + "</ul></li>" * max(previous, 0) + "</ul>")
    return "".join(out)


def _json(value: object) -> str:
    """JSON safe inside <script type="application/json">: no `<` can end the element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def csp(css: str, script: str, live: bool) -> str:
    """The page's policy; under treemind serve it may also talk to, and take style from, the server."""
    connect, server_css = ("'self'", " 'self'") if live else ("'none'", "")
    return (
        f"default-src 'none'; img-src data:; font-src data:; style-src {_hash(css)}{server_css}; "
        f"script-src {_hash(script)}; connect-src {connect}; base-uri 'none'; form-action 'none'"
    )


def document(page: Page) -> str:
    """The whole HTML page for one map."""
    return html_from(data(page))


def html_from(doc: dict[str, Any], error: str | None = None) -> str:
    """The page for `data()`'s dict; `error` (serve) shows above the last good map."""
    doc = {**doc, "error": error or doc.get("error")}
    first = doc["frames"][key(doc["start"])]
    css = asset("map.css") + "\n" + "\n".join(doc["rules"])
    script = asset("map.js")
    texts = [n["text"] for n in list(doc["nodes"].values())[:20]]
    lang = "zh" if _CJK.search(doc["title"] + "".join(texts)) else "en"
    title = escape(doc["title"])
    policy = csp(css, script, doc["live"] is not None)
    stamp = f'\n<meta name="treemind-source" content="{escape(doc["stamp"])}">' if doc.get("stamp") else ""
    status = (
        f'<div class="tm-status tm-error" id="tm-status" role="status">{escape(doc["error"])}</div>'
        if doc["error"]
        else '<div class="tm-status" id="tm-status" role="status" hidden></div>'
    )
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">{stamp}
<meta http-equiv="Content-Security-Policy" content="{escape(policy, quote=True)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="treemind {escape(__version__)}">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<div class="tm-bar">
<h1 id="tm-title">{title}</h1>
<div class="tm-tools" id="tm-tools" hidden>
<input id="tm-search" type="search" placeholder="Search topics" aria-label="Search topics">
<span class="tm-count" id="tm-count" aria-live="polite"></span>
<button type="button" id="tm-fit" title="Fit (0)">Fit</button>
<button type="button" id="tm-actual" title="Actual size (1)">100%</button>
<button type="button" id="tm-out" aria-label="Zoom out" title="Zoom out (-)">−</button>
<button type="button" id="tm-in" aria-label="Zoom in" title="Zoom in (+)">+</button>
<button type="button" id="tm-toggle-outline" aria-pressed="true" aria-controls="tm-outline">Outline</button>
<button type="button" id="tm-scheme">Scheme: Auto</button>
</div>
</div>
{status}
<div class="tm-body">
<div class="tm-view" id="tm-view">{first}</div>
<nav class="tm-outline" id="tm-outline" aria-label="Outline">{doc["outline"]}</nav>
</div>
<script type="application/json" id="tm-data">{_json(doc)}</script>
<script>{script}</script>
</body>
</html>
"""
