"""The render pipeline in one place: Tree -> styles -> text -> layout -> Graphviz -> outputs."""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .colors import AA, contrast, readable
from .draw.graphviz import WarmGraphviz, needed_contrast, run_graphviz, to_dot
from .draw.markers import GAP, HEIGHT, Marker, extra_width, markers_for
from .draw.pictures import Picture, PictureFolder
from .draw.record import Anchor, DrawnNode
from .draw.schemes import AUTO  # -t auto: the outline's (or the default) theme, light and dark
from .draw.svg import finish
from .errors import LimitError, OutlineError, ThemeError, UsageError, did_you_mean
from .layout import LAYOUTS, Box, Geometry, Link, Point, Spacing, layout
from .layout.edges import crosslink_curves, reshape_edges
from .layout.folding import fold
from .model import CrossLink, Limits, Placed, Tree, walk
from .style.themes import Style, Theme, builtin_names, load_theme, resolve, with_overrides
from .text.measure import Line, Measurer, TextBlock

FORMATS = ("svg", "png", "pdf", "dot", "json", "md", "opml", "mm", "xmind", "html")
CONVERSIONS = ("md", "opml", "mm", "xmind")  # outline formats: written from the tree, no drawing needed
DRAWN = ("svg", "png", "pdf", "html")  # formats that need Graphviz to draw the map (json and dot do not)
if TYPE_CHECKING:
    from collections.abc import Sequence

    from .draw.html import Page

RADIAL_WIDTH = 150.0  # points: the widest label below the main branches of a radial map


@dataclass(frozen=True)
class ExportOptions:
    """How a drawn map becomes PNG or PDF; SVG, JSON and DOT ignore them."""

    scale: float = 1.0
    width: int | None = None  # pixels; wins over `scale`
    background: str | None = None  # a colour or "transparent"
    fit: bool = False  # a PNG over the pixel limit is scaled down to fit (the CLI's default size)


@dataclass(frozen=True)
class RenderOptions:
    """What a user can choose per render; None means: from the outline, else the default."""

    theme: str | None = None
    layout: str | None = None
    limits: Limits = field(default_factory=Limits)
    export: ExportOptions = field(default_factory=ExportOptions)
    max_depth: int | None = None  # fold every node at this depth (its branch shows +N)
    unfold: bool = False  # ignore folds that the outline itself marks
    stamp: str | None = None  # source hash recorded in every output (see stamp.py)
    embed_fonts: bool = False  # SVG carries subsets of its fonts (see fontembed.py)
    engine: str = "tidy"  # who places the nodes: treemind's tidy layout or Graphviz dot (dot_layout.py)
    # where a topic's picture file may be read from (draw/pictures.py); None: pictures stay marks
    pictures: PictureFolder | None = None


@dataclass(frozen=True)
class Rendered:
    """A drawn map: the tree, one record per drawn node, the geometry and the finished SVG."""

    tree: Tree
    theme: Theme
    nodes: tuple[DrawnNode, ...]  # the drawn nodes in pre-order (folded-away ones are absent)
    geometry: Geometry
    drawn: bytes | None  # the finished SVG; None when rendered with draw=False (JSON and DOT only)
    options: RenderOptions = field(default_factory=lambda: RenderOptions())
    links: tuple[Link, ...] = ()
    warnings: tuple[str, ...] = ()  # what Graphviz said on stderr

    @functools.cached_property
    def dot(self) -> str:
        """The map as DOT with every label (what `-f dot` writes); Graphviz itself is handed
        the same graph without the label text, which svg.py draws (see render())."""
        return _stamped(to_dot(self.nodes, self.geometry, self.theme, self.links), self.options.stamp)

    @property
    def svg(self) -> bytes:
        if self.drawn is None:
            raise UsageError("this map was laid out without drawing (draw=False): render it again to draw it")
        return self.drawn


def choose_theme(tree: Tree, options: RenderOptions) -> Theme:
    """The option wins; an outline may name a built-in theme or give a mapping over one (never
    a file path)."""
    if options.theme and options.theme != AUTO:
        return load_theme(options.theme)
    if tree.theme_overrides:
        try:
            return with_overrides(json.loads(tree.theme_overrides), f"{tree.source} (frontmatter theme)")
        except ThemeError as exc:
            raise OutlineError(exc.message, path=tree.source) from None
    if tree.theme:
        if tree.theme not in builtin_names() or tree.theme == "base":
            names = [n for n in builtin_names() if n != "base"]
            raise OutlineError(
                f"the outline asks for theme {tree.theme!r}{did_you_mean(tree.theme, names)}, which is not"
                f" a built-in theme (choose from: {', '.join(names)})",
                path=tree.source,
                line=tree.line_of("theme"),
            )
        return load_theme(tree.theme)
    return load_theme("default")


ENGINES = ("tidy", "dot")


def _place(
    items: tuple[Placed, ...],
    sizes: dict[str, tuple[float, float]],
    underlined: set[str],
    kind: str,
    spacing: Spacing,
    options: RenderOptions,
    source: str | None,
) -> Geometry:
    """Positions and edges from the chosen engine; both keep the same visual rules."""
    if options.engine == "tidy":
        return layout(items, sizes, underlined, kind, spacing)
    if options.engine != "dot":
        raise UsageError(f"unknown engine {options.engine!r} (choose from: {', '.join(ENGINES)})")
    from .layout.dot_engine import dot_layout

    def run(dot: str) -> str:
        plain, _ = run_graphviz(dot, options.limits.timeout, source, ("dot", "-Tplain"))
        return plain.decode("utf-8", "replace")

    return dot_layout(items, sizes, underlined, kind, spacing, run, source)


def choose_layout(tree: Tree, options: RenderOptions) -> str:
    kind = options.layout or tree.layout or "map"
    if kind not in LAYOUTS:
        message = f"unknown layout {kind!r}{did_you_mean(kind, LAYOUTS)} (choose from: {', '.join(LAYOUTS)})"
        if options.layout:
            raise UsageError(message)
        raise OutlineError(message, path=tree.source, line=tree.line_of("layout"))
    return kind


def render(
    tree: Tree,
    options: RenderOptions = RenderOptions(),
    measurer: Measurer | None = None,
    graphviz: WarmGraphviz | None = None,
    draw: bool = True,
) -> Rendered:
    """Run every stage for one tree and return all that the output formats need.

    A batch worker passes its `measurer` (fonts stay loaded) and a `graphviz` it keeps running;
    without one, Graphviz runs as a fresh process for this map. With `draw=False` the map is
    laid out but not drawn: JSON and DOT need no Graphviz (unless the engine is `dot`).
    """
    theme = choose_theme(tree, options)
    kind = choose_layout(tree, options)
    every = tuple(walk(tree.root))
    _check_labels(every, options.limits, tree.source)
    shown, hidden = fold(every, options.max_depth, options.unfold)
    items = tuple(it for it in every if it.id in shown)
    styles = resolve(items, theme)
    measurer = measurer or Measurer()
    if kind == "radial":  # around a circle, narrow labels keep the rings small (root and mains aside)
        depth = {it.id: it.depth for it in items}
        styles = {
            i: replace(st, max_width=min(st.max_width, RADIAL_WIDTH)) if depth[i] >= 2 else st
            for i, st in styles.items()
        }
    blocks = {it.id: measurer.block(it.node.runs(), styles[it.id], balance=it.depth == 0) for it in items}
    pictures, picture_notes = _pictures(items, options)
    for it in items:  # a picture drawn alone shows no made-up caption (its file name)
        if it.id in pictures and dict(it.node.attrs).get("image_caption") == "name":
            blocks[it.id] = measurer.block((), styles[it.id])
    marks = {it.id: markers_for(it.node, hidden.get(it.id, 0), measurer, it.id in pictures) for it in items}
    sizes = {i: _box_size(blocks[i], styles[i], extra_width(marks[i]), pictures.get(i)) for i in blocks}
    underlined = {i for i, s in styles.items() if s.shape == "underline"}
    spacing = Spacing(
        rank=lambda d: theme.spacing("rank", d),
        sibling=lambda d: theme.spacing("sibling", d),
        margin=theme.margin,
    )
    geometry = _place(items, sizes, underlined, kind, spacing, options, tree.source)
    edge_styles = {i: s.edge_style for i, s in styles.items()}
    if geometry.engine == "dot":  # families overlap across a gap: their elbows would run together
        edge_styles = {i: "curved" if e == "elbow" else e for i, e in edge_styles.items()}
    geometry = reshape_edges(geometry, edge_styles)
    nodes = _records(items, styles, blocks, marks, geometry, pictures)
    drawn = _visible_links(tree.crosslinks, every, shown)
    curves = crosslink_curves(geometry, [(c.source, c.target) for c in drawn])
    links = tuple(
        Link(c.source, c.target, c.label, pts, _family(measurer, styles[c.source].font_family, c.label or ""))
        for c, (pts, _) in zip(drawn, curves, strict=True)
    )
    link_notes = _blocked_links(items, drawn, curves)
    if not draw:
        notes = picture_notes + _contrast_warnings(nodes) + link_notes
        return Rendered(tree, theme, nodes, geometry, None, options, links, notes)
    # Graphviz draws boxes, edges and marks; the labels' text is left out of its DOT (svg.py
    # writes it where we measured it): laying that text out again with pango was ~80% of
    # Graphviz's time on a small map and thrown away
    dot = _stamped(to_dot(nodes, geometry, theme, links, text=False), options.stamp)
    run = graphviz.run if graphviz else run_graphviz
    raw_svg, warnings = run(dot, options.limits.timeout, tree.source)
    del dot  # not needed again: a big map's DOT is freed before finish() builds the SVG's tree
    generic = next(
        (f for f in reversed(theme.data["font"]["family"]) if f in ("serif", "sans-serif")), "sans-serif"
    )
    svg = finish(raw_svg, nodes, tree.title, generic, options.stamp)
    if options.embed_fonts:
        from .draw.fontembed import embed_fonts

        svg = embed_fonts(svg)
    if options.theme == AUTO:
        from .draw.schemes import both_schemes

        svg = both_schemes(svg)
    notes = picture_notes + _contrast_warnings(nodes) + link_notes + tuple(warnings)
    return Rendered(tree, theme, nodes, geometry, svg, options, links, notes)


def _stamped(dot: str, stamp: str | None) -> str:
    """The stamp as a comment line inside the graph (Graphviz ignores it)."""
    if not stamp:
        return dot
    head, _, body = dot.partition("\n")
    return f"{head}\n// treemind-source {stamp}\n{body}"


HTML_FRAMES = 16  # fold-state pictures in one -f html page (docs/decisions/0003-fold-states.md)
HTML_BYTES = 2_500_000  # ... and at most about this much SVG


def html_page(
    tree: Tree,
    options: RenderOptions = RenderOptions(),
    measurer: Measurer | None = None,
    graphviz: WarmGraphviz | None = None,
    live: str | None = None,
    limit: int = HTML_FRAMES,
    start: tuple[str, ...] | None = None,
) -> Page:
    """The `-f html` page of a map: one picture per fold state, each drawn by `render()` as
    `-f svg` would draw the outline with those folds, in both colour schemes."""
    from .draw.html import Page, fold_states, key, with_folds
    from .draw.schemes import both_schemes

    every = tuple(walk(tree.root))
    if start is None:  # the folds the outline and --max-depth ask for
        start = tuple(sorted(fold(every, options.max_depth, options.unfold)[1]))
    plain = replace(
        options, max_depth=None, unfold=False, theme=None if options.theme == AUTO else options.theme
    )
    measurer = measurer or Measurer()
    warm = graphviz or WarmGraphviz()
    frames: dict[str, bytes] = {}
    size = 0
    try:
        for state in fold_states(every, start, limit):
            folded = replace(tree, root=with_folds(tree.root, frozenset(state)))
            svg = both_schemes(render(folded, plain, measurer, warm).svg)
            size += len(svg)
            if frames and size > HTML_BYTES:
                break
            frames[key(state)] = svg
    finally:
        if graphviz is None:
            warm.close()
    return Page(tree.title, every, frames, tuple(sorted(start)), live, stamp=options.stamp)


def _records(
    items: tuple[Placed, ...],
    styles: dict[str, Style],
    blocks: dict[str, TextBlock],
    marks: dict[str, tuple[Marker, ...]],
    geometry: Geometry,
    pictures: dict[str, Picture],
) -> tuple[DrawnNode, ...]:
    """One record per drawn node, in pre-order: the stages' dicts end here."""
    out = []
    for item in items:
        style, block, box = styles[item.id], blocks[item.id], geometry.boxes[item.id]
        side = geometry.sides.get(item.main) if item.main else None
        left = geometry.layout == "left" or side == "left"
        picture = pictures.get(item.id)
        text_box = box  # with a picture, the text and its marks share the room below it
        placed = None
        if picture is not None:
            row = bool(block.width or marks[item.id])  # a row of text or marks under the picture
            text_h = block.height if block.width else 0.0
            block_h = max(text_h, HEIGHT if marks[item.id] else 0.0) if row else 0.0
            gap = PICTURE_GAP if row else 0.0
            top = box.y + (box.h - picture.height - gap - block_h) / 2
            pad = style.padding[1]
            if style.align == "center":
                x = box.x + (box.w - picture.width) / 2
            else:  # in line with the text: from the box's inner end towards the root, or away
                x = box.x + box.w - pad - picture.width if left else box.x + pad
            placed = (picture, Box(round(x, 2), round(top, 2), picture.width, picture.height))
            below = top + picture.height + gap
            text_box = Box(box.x, below, box.w, block_h)
        lines = _line_anchors(text_box, block, style, marks[item.id], left)
        out.append(
            DrawnNode(
                item,
                style,
                block,
                box,
                side,
                _mark_boxes(text_box, style, marks[item.id], left),
                lines,
                _text_marks(lines, block),
                placed,
            )
        )
    return tuple(out)


PICTURE_GAP = 4.0  # points between a topic's picture and its text


def _pictures(
    items: tuple[Placed, ...], options: RenderOptions
) -> tuple[dict[str, Picture], tuple[str, ...]]:
    """The pictures to draw in topics (each file read once per map), and a warning for each
    one that stays a mark, naming its line, the file and why."""
    from .draw.pictures import Refused, load

    found: dict[str, Picture | str] = {}
    pictures: dict[str, Picture] = {}
    notes: list[str] = []
    for item in items:
        src = dict(item.node.attrs).get("image")
        if not src:
            continue
        if src not in found:
            try:
                found[src] = load(src, options.pictures, options.limits.max_image)
            except Refused as exc:
                found[src] = str(exc)
        got = found[src]
        if isinstance(got, Picture):
            pictures[item.id] = got
        else:
            where = f"line {item.node.line}: " if item.node.line else ""
            notes.append(f"{where}picture {src[:120]!r} not drawn (shown as a mark): {got}")
    return pictures, tuple(notes)


def _contrast_warnings(nodes: tuple[DrawnNode, ...]) -> tuple[str, ...]:
    """One warning per node whose colours from the outline were unreadable (style.contrast_note),
    or one of whose runs has an unreadable colour of its own (a tinted emoji, drawn darker or
    lighter by graphviz._run)."""
    out: list[str] = []
    for node in nodes:
        notes = [node.style.contrast_note] if node.style.contrast_note else []
        behind = node.style.behind
        runs = (run for line in node.block.lines for run in line.runs if run.color and not run.highlight)
        for colour, target in dict.fromkeys((run.color, needed_contrast(run.text)) for run in runs):
            assert colour is not None
            fixed = readable(colour, behind, target)
            if fixed != colour:
                kind = "WCAG AA for non-text" if target < AA else "WCAG AA"
                notes.append(
                    f"{colour} on {behind} has contrast {contrast(colour, behind):.1f}:1,"
                    f" drawn in {fixed} ({contrast(fixed, behind):.1f}:1, {kind})"
                )
        where = f"line {node.item.node.line}: " if node.item.node.line else ""
        out.extend(f"{where}{node.item.node.text[:30]!r}: {note}" for note in notes)
    return tuple(out)


def _visible_links(links: Sequence[CrossLink], every: Sequence[Placed], shown: set[str]) -> list[CrossLink]:
    """The cross-links to draw: an end inside a folded branch moves to the folded topic that
    stands for it (as FreeMind draws them); a link inside one folded branch is hidden with it,
    and links that come to join the same two topics with the same label are drawn once."""
    parent = {it.id: it.parent for it in every}

    def visible(node: str) -> str:
        while node not in shown and parent.get(node) is not None:
            node = parent[node]  # type: ignore[assignment]
        return node

    drawn: dict[tuple[str, str, str | None], CrossLink] = {}
    for link in links:
        source, target = visible(link.source), visible(link.target)
        if source in shown and target in shown and source != target:
            drawn.setdefault((source, target, link.label), replace(link, source=source, target=target))
    return list(drawn.values())


def _blocked_links(
    items: tuple[Placed, ...], links: list[CrossLink], curves: list[tuple[tuple[Point, ...], int]]
) -> tuple[str, ...]:
    """One warning per cross-link that found no way round the other boxes (layout/routing.py)."""
    text = {it.id: it.node.text for it in items}
    return tuple(
        f"cross-link {text[c.source][:30]!r} -> {text[c.target][:30]!r} passes through {hits} other"
        f" {'box' if hits == 1 else 'boxes'}: they leave no way round"
        for c, (_, hits) in zip(links, curves, strict=True)
        if hits
    )


def _family(measurer: Measurer, families: tuple[str, ...], text: str) -> str:
    font = measurer.choose(families, text)
    return font.family if font else "sans-serif"


def _mark_boxes(
    box: Box, style: Style, marks: tuple[Marker, ...], left: bool
) -> tuple[tuple[Marker, Box], ...]:
    """Boxes for a node's marks, in the room kept for them at the box's outer end."""
    if not marks:
        return ()
    pad = style.padding[1]
    x = box.x + pad if left else box.x + box.w - pad - extra_width(marks) + GAP
    y = box.y + (box.h - HEIGHT) / 2
    placed = []
    for mark in marks:
        placed.append((mark, Box(round(x, 2), round(y, 2), round(mark.width, 2), HEIGHT)))
        x += mark.width + GAP
    return tuple(placed)


def _line_anchors(
    box: Box, block: TextBlock, style: Style, marks: tuple[Marker, ...], left: bool
) -> tuple[Anchor, ...]:
    """Per wrapped line: the SVG text-anchor, x and baseline y (canvas)."""
    extra = extra_width(marks)
    if style.align == "center":
        centre = box.x + extra + (box.w - extra) / 2 if left else box.x + (box.w - extra) / 2
        anchor = ("middle", centre)
    elif left:  # text reads towards the root
        anchor = ("end", box.x + box.w - style.padding[1])
    else:
        anchor = ("start", box.x + style.padding[1])
    top = box.y + (box.h - block.height) / 2
    out: list[Anchor] = []
    for line, (height, baseline) in zip(block.lines, block.rows, strict=True):  # rows: TextBlock.rows
        out.append((*_anchor_for(line, *anchor), round(top + baseline, 2)))
        top += height
    return tuple(out)


def _anchor_for(line: Line, anchor: str, x: float) -> tuple[str, float]:
    """A line of several styled runs is anchored at its start, where we measured it to begin.

    cairosvg (PNG, PDF) applies `end` and `middle` to each <tspan> of a line on its own, which
    piles the runs of a right-aligned or centred line on top of one another.
    """
    if len(line.runs) > 1 and anchor != "start":
        x -= line.width if anchor == "end" else line.width / 2
        anchor = "start"
    return anchor, round(x, 2)


def _text_marks(lines: tuple[Anchor, ...], block: TextBlock) -> tuple[tuple[str, Box], ...]:
    """The shapes drawn with a node's text, from our own measurement: a light box behind inline
    code, a highlighter band behind `==marked==` text, and the strike-through and underline
    strokes (shapes, because cairosvg ignores text-decoration: PNG and PDF would lose them)."""
    out: list[tuple[str, Box]] = []
    size = block.size
    stroke = round(max(1.0, size * 0.07), 2)
    for line, (anchor, x, y) in zip(block.lines, lines, strict=True):
        left = {"start": x, "middle": x - line.width / 2, "end": x - line.width}[anchor]
        for run, width in zip(line.runs, line.widths, strict=True):
            inked = bool(run.text.strip())
            for kind, wanted, top, height, pad in (
                ("code", run.code, y - size * 0.85, size * 1.15, 2.0),
                ("highlight", run.highlight, y - size * 0.9, size * 1.2, 1.0),
                ("strike", run.strike and inked, y - size * 0.3, stroke, 0.0),
                ("underline", run.underline and inked, y + size * 0.12, stroke, 0.0),
            ):
                if wanted:
                    box = Box(
                        round(left - pad, 2), round(top, 2), round(width + 2 * pad, 2), round(height, 2)
                    )
                    out.append((kind, box))
            left += width
    return tuple(out)


# How much bigger than its text box a curved shape must be for the text to stay inside it.
_ROUND_SHAPES = {"ellipse": 1.42, "cloud": 1.45, "bang": 1.6}


def _box_size(
    block: TextBlock, style: Style, extra: float = 0.0, picture: Picture | None = None
) -> tuple[float, float]:
    pad_v, pad_h = style.padding
    width = int(block.width + 0.999) + 2 * pad_h + extra
    height = max(block.height, HEIGHT if extra else 0.0) + 2 * pad_v
    if picture is not None:  # drawn above the text: the box holds both (no text: the picture alone)
        row = bool(block.width or extra)  # a row of text or marks under the picture
        text = max(block.height if block.width else 0.0, HEIGHT if extra else 0.0)
        width = max(width, int(picture.width + 0.999) + 2 * pad_h)
        height = picture.height + (PICTURE_GAP + text if row else 0.0) + 2 * pad_v
    if style.shape == "circle":  # the text box's corners on the circle
        width = height = math.hypot(width, height)
    elif style.shape in _ROUND_SHAPES:  # the text box must fit inside the curve
        width, height = width * _ROUND_SHAPES[style.shape], height * _ROUND_SHAPES[style.shape]
    elif style.shape == "hexagon":  # the slanted sides take half the height on each side
        width += height
    return float(int(width + 0.999)), float(int(height + 0.999))


def _check_labels(items: tuple[Placed, ...], limits: Limits, source: str | None) -> None:
    for item in items:
        if len(item.node.text) > limits.max_label:
            raise LimitError(
                f"label of {len(item.node.text):,} characters, over the limit of"
                f" {limits.max_label:,} (raise it with --limit-label)",
                path=source,
                line=item.node.line,
            )


def to_json(rendered: Rendered) -> bytes:
    """Tree plus geometry, in points, origin top-left, (x, y) the box's top-left corner."""
    geo = rendered.geometry
    nodes = []
    for node in rendered.nodes:
        item, box, block = node.item, node.box, node.block
        nodes.append(
            {
                "id": item.id,
                "parent": item.parent,
                "depth": item.depth,
                "text": item.node.text,
                "lines": [line.text for line in block.lines],
                "font_family": block.family,
                "font_size": block.size,
                "x": round(box.x, 2),
                "y": round(box.y, 2),
                "w": round(box.w, 2),
                "h": round(box.h, 2),
                "side": node.side,
                **_picture_json(node),
                "markers": [
                    {"kind": m.kind, "label": m.label, "x": b.x, "y": b.y, "w": b.w, "h": b.h}
                    for m, b in node.marks
                ],
            }
        )
    crosslinks = [
        {
            "from": c.source,
            "to": c.target,
            "label": c.label,
            "points": [[round(x, 2), round(y, 2)] for x, y in c.points],
        }
        for c in rendered.links
    ]
    edges = [
        {"from": e.parent, "to": e.child, "points": [[round(x, 2), round(y, 2)] for x, y in e.points]}
        for e in geo.edges
    ]
    stamp = {"source_hash": rendered.options.stamp} if rendered.options.stamp else {}
    doc = {
        **stamp,
        "title": rendered.tree.title,
        "layout": geo.layout,
        "engine": geo.engine,
        "theme": rendered.theme.name,
        "width": round(geo.width, 2),
        "height": round(geo.height, 2),
        "nodes": nodes,
        "edges": edges,
        "crosslinks": crosslinks,
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _picture_json(node: DrawnNode) -> dict[str, object]:
    if node.picture is None:
        return {}
    picture, box = node.picture
    return {"picture": {"src": picture.src, "x": box.x, "y": box.y, "w": box.w, "h": box.h}}


def convert(tree: Tree, fmt: str) -> bytes:
    """The tree written back as an outline (`md`, `opml`) or a mind-map app's file (`mm`, `xmind`)."""
    from .draw.writers import to_freemind, to_markdown, to_opml, to_xmind

    if fmt == "xmind":
        return to_xmind(tree)
    writer = {"md": to_markdown, "opml": to_opml, "mm": to_freemind}[fmt]
    return writer(tree).encode("utf-8")


def fitted(
    rendered: Rendered, fmt: str, export: ExportOptions | None = None
) -> tuple[ExportOptions, str | None]:
    """The export options a PNG is drawn with, and a warning if they had to change: with the
    default size (`fit`), a PNG that would pass the pixel limit (or cairo's 32,767 pixels on a
    side) is scaled down to fit it; an explicit --scale/--width keeps the strict error."""
    e = export or rendered.options.export
    if fmt != "png" or not e.fit or e.width is not None:
        return e, None
    from .draw.raster import CAIRO_MAX_SIDE, PX_PER_PT

    limit = rendered.options.limits.max_pixels
    w, h = rendered.geometry.width * PX_PER_PT * e.scale, rendered.geometry.height * PX_PER_PT * e.scale
    factor = min(1.0, math.sqrt(limit / (w * h)) if w * h else 1.0, CAIRO_MAX_SIDE / max(w, h, 1.0))
    if factor >= 1.0:
        return e, None
    factor = math.floor(factor * 0.995 * 1000) / 1000  # round down: the drawn size must pass the check
    note = (
        f"PNG would be {int(w):,} x {int(h):,} pixels, over the limit of {limit:,};"
        f" drawn at scale {e.scale * factor:.3g} ({int(w * factor):,} x {int(h * factor):,})"
        " (choose with --scale/--width, or raise --limit-pixels)"
    )
    return replace(e, scale=e.scale * factor), note


def output(rendered: Rendered, fmt: str, export: ExportOptions | None = None) -> bytes:
    """The bytes of one output format; PNG and PDF follow the export options the map was
    rendered with unless `export` is given."""
    if fmt == "svg":
        return rendered.svg
    if fmt == "dot":
        return rendered.dot.encode("utf-8")
    if fmt == "json":
        return to_json(rendered)
    if fmt in CONVERSIONS:
        return convert(rendered.tree, fmt)
    if fmt == "html":
        from .draw.html import document

        return document(html_page(rendered.tree, rendered.options)).encode("utf-8")
    if fmt in ("png", "pdf"):
        from .draw.raster import rasterise  # cairosvg is loaded only when a raster is asked for

        o = rendered.options
        e, _ = fitted(rendered, fmt, export or o.export)
        return rasterise(rendered.svg, fmt, e.scale, e.width, e.background, o.limits, o.stamp)
    raise UsageError(f"unknown output format {fmt!r} (choose from: {', '.join(FORMATS)})")


def format_for(path: str | Path) -> str | None:
    suffix = Path(path).suffix.lower().lstrip(".")
    suffix = {"markdown": "md"}.get(suffix, suffix)
    return suffix if suffix in FORMATS else None
