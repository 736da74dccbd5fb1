"""The HTML pages: the index of cards and one page per map.

Every piece of text goes through html.escape; the only markup is ours. Maps are shown with
`<img>` (an SVG loaded as an image runs no script and fetches nothing); style and script are
inline and allowed by their hashes in a Content-Security-Policy that forbids everything else.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from urllib.parse import quote

from .. import __version__
from ..model import walk
from .assets import CSS, SCRIPT
from .entries import Entry, lang_of
from .thumbs import HEIGHT, WIDTH, map_size

MAPS, THUMBS = "maps", "thumbs"  # folders under the site root
DOWNLOADS = ("svg", "png", "pdf")
INTERACTIVE = ".map.html"  # beside each map page: the `-f html` map it shows in a frame


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def csp(script: bool, frame: bool = False) -> str:
    """Nothing but our own images, our inline style, (on the index) our inline script and (on a
    map page) the interactive map in a frame, from the same folder."""
    scripts = f"script-src {_hash(SCRIPT)}" if script else "script-src 'none'"
    frames = "frame-src 'self'" if frame else "frame-src 'none'"
    return (
        f"default-src 'none'; img-src 'self'; style-src {_hash(CSS)}; {scripts}; {frames}; "
        "base-uri 'none'; form-action 'none'"
    )


def href(*parts: str) -> str:
    """A relative URL from path parts, each percent-encoded (file names may be Chinese)."""
    return escape("/".join(quote(p) for p in parts))


def page(title: str, lang: str, body: str, up: str = "", script: bool = False, frame: bool = False) -> str:
    """A whole document; `up` is the way back to the site root ("" or "../")."""
    tail = f"\n<script>{SCRIPT}</script>" if script else ""
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{escape(csp(script, frame), quote=False)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="treemind {escape(__version__)}">
<title>{escape(title)}</title>
<link rel="icon" href="{up}favicon.svg" type="image/svg+xml">
<style>{CSS}</style>
</head>
<body>
{body}
<footer>Made with treemind {escape(__version__)}.</footer>{tail}
</body>
</html>
"""


def _topics(entry: Entry) -> str:
    return f"{entry.nodes} topic" + ("" if entry.nodes == 1 else "s")


def _search_text(entry: Entry) -> str:
    """What the filter box matches: the title, the tags and the main branches."""
    words = [entry.title, *entry.tags, entry.slug]
    words += [it.node.text for it in walk(entry.tree.root) if it.depth == 1]
    return " ".join(" ".join(words).split())


def _card(entry: Entry) -> str:
    link = href(MAPS, entry.slug + ".html")
    tags = "".join(f'<li class="tag">{escape(t)}</li>' for t in entry.tags)
    return (
        f'<li class="card" data-search="{escape(_search_text(entry))}">'
        f'<a class="cover" href="{link}" tabindex="-1" aria-hidden="true">'
        f'<img src="{href(THUMBS, entry.slug + ".png")}" width="{WIDTH}" height="{HEIGHT}" alt=""></a>'
        f'<div class="body"><h2 lang="{lang_of(entry.title)}"><a href="{link}">{escape(entry.title)}</a></h2>'
        f'<p class="meta">{_topics(entry)}</p>'
        + (f'<ul class="tags" aria-label="Tags">{tags}</ul>' if tags else "")
        + "</div></li>"
    )


def index_page(title: str, entries: list[Entry]) -> str:
    """The grid of cards, in the order given; the filter tools appear only when script runs."""
    counts: dict[str, tuple[str, int]] = {}
    for entry in entries:
        for tag in entry.tags:
            key = tag.casefold()
            shown, n = counts.get(key, (tag, 0))
            counts[key] = (shown, n + 1)
    chips = "".join(
        f'<button type="button" class="chip" data-tag="{escape(t)}" aria-pressed="false">'
        f'{escape(t)}<span class="n" aria-hidden="true">{n}</span></button>'
        for t, n in sorted(counts.values(), key=lambda tn: (-tn[1], tn[0].casefold()))
    )
    chips = '<button type="button" class="chip" data-tag="" aria-pressed="true">All</button>' + chips
    cards = "\n".join(_card(e) for e in entries)
    maps = f"{len(entries)} map" + ("" if len(entries) == 1 else "s")
    body = f"""<header>
<h1>{escape(title)}</h1>
<p class="meta">{maps} · <a href="gallery.png">contact sheet</a></p>
<div class="tools" id="tools" hidden>
<input type="search" id="filter" placeholder="Filter by title, tag or topic" aria-label="Filter maps"
 autocomplete="off">
<span id="count" class="meta" aria-live="polite"></span>
<div class="chips" role="group" aria-label="Tags">{chips}</div>
</div>
</header>
<main>
<ul class="grid" id="grid">
{cards}
</ul>
<p class="empty" id="empty" hidden>No map matches.</p>
</main>"""
    return page(title, lang_of(title), body, script=True)


def outline_html(entry: Entry) -> str:
    """The outline as nested lists, like TreeMind's outline view; the root is left out when it
    only repeats the title."""
    items = list(walk(entry.tree.root))
    skip_root = items[0].node.text.strip() == entry.title.strip() and len(items) > 1
    if skip_root:
        items = items[1:]
    offset = 1 if skip_root else 0
    out: list[str] = []
    previous = -1
    for item in items:
        depth = item.depth - offset
        if previous < 0:
            out.append('<ul class="outline">\n<li>')
        elif depth > previous:
            out.append("\n<ul>\n<li>")
        else:
            out.append("</li>\n" + "</ul></li>\n" * (previous - depth) + "<li>")
        node = item.node
        box = "" if node.checked is None else ("☑ " if node.checked else "☐ ")
        out.append(escape(box + node.text))
        if node.note:
            out.append(f'<div class="note">{escape(node.note.strip())}</div>')
        previous = depth
    out.append("</li>\n" + "</ul></li>\n" * max(previous, 0) + "</ul>")
    return "".join(out)


def _related(entry: Entry) -> str:
    if not entry.related:
        return '<p class="meta">No related maps yet.</p>'
    items = "".join(
        f'<li><a href="{href(other.slug + ".html")}">'
        f'<img src="{href("..", THUMBS, other.slug + ".png")}" width="{WIDTH}" height="{HEIGHT}" alt="">'
        f'<span class="name" lang="{lang_of(other.title)}">{escape(other.title)}</span>'
        f'<span class="why">{escape(why)}</span></a></li>'
        for other, why in entry.related
    )
    return f'<ul class="strip">{items}</ul>'


def map_page(entry: Entry, svg: str, sizes: dict[str, int], site_title: str) -> str:
    """One map: the picture, downloads, tags, the outline and the related maps."""
    width, height = map_size(svg)
    lang = lang_of(entry.title + " ".join(it.node.text for it in walk(entry.tree.root) if it.depth < 2))
    tags = "".join(
        f'<li><a class="tag" href="{href("..", "index.html")}#tag={escape(quote(t.casefold()))}">'
        f"{escape(t)}</a></li>"
        for t in entry.tags
    )
    links = " ".join(
        f'<span><a href="{href(entry.slug + "." + fmt)}" download>{fmt.upper()}</a>'
        f' <span class="meta">{_size(sizes.get(fmt, 0))}</span></span>'
        for fmt in DOWNLOADS
    )
    map_link = href(entry.slug + INTERACTIVE)
    body = f"""<header>
<a class="back" href="{href("..", "index.html")}">← {escape(site_title)}</a>
<h1>{escape(entry.title)}</h1>
<div class="facts"><p class="meta">{_topics(entry)}</p>
{f'<ul class="tags" aria-label="Tags">{tags}</ul>' if tags else ""}</div>
</header>
<main>
<section class="viewer" aria-label="Map">
<div class="bar"><a href="{map_link}">Open the map on its own</a>
<span class="meta">Click a topic to fold it; drag, scroll or pinch to move and zoom.</span>
<span class="downloads">Download: {links}</span></div>
<iframe class="map" src="{map_link}" title="Mind map: {escape(entry.title)} (its outline follows)"
 sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"
 height="{_frame_height(height, width)}"></iframe>
</section>
<div class="columns">
<section aria-labelledby="outline-h"><h2 id="outline-h">Outline</h2>
{outline_html(entry)}
</section>
<section aria-labelledby="related-h"><h2 id="related-h">Related maps</h2>
{_related(entry)}
</section>
</div>
</main>"""
    return page(f"{entry.title} · {site_title}", lang, body, up="../", frame=True)


def _frame_height(height: float, width: float) -> int:
    """The map's frame: tall enough for the map at the page's width, within 420-760 px."""
    return round(min(max(1160 * height / max(width, 1.0) + 60, 420), 760))


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{max(1, round(n / 1000))} KB" if n else ""
