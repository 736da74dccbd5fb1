"""The render pipeline in one place: Tree -> styles -> text -> layout -> Graphviz -> outputs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import LimitError, OutlineError, ThemeError, UsageError
from .graphviz_backend import WarmGraphviz, run_graphviz, to_dot
from .layouts import LAYOUTS, Box, Geometry, Link, Spacing, crosslink_curve, layout, reshape_edges
from .markers import GAP, HEIGHT, Marker, extra_width, fold, markers_for
from .model import Limits, Placed, Tree, walk
from .svg import finish
from .text import Line, Measurer, TextBlock
from .themes import Style, Theme, builtin_names, load_theme, resolve, with_overrides

FORMATS = ("svg", "png", "pdf", "dot", "json", "md", "opml")
CONVERSIONS = ("md", "opml")  # outline formats: written from the tree, no drawing needed
RADIAL_WIDTH = 150.0  # points: the widest label below the main branches of a radial map


@dataclass(frozen=True)
class RenderOptions:
    """What a user can choose per render; None means: from the outline, else the default."""

    theme: str | None = None
    layout: str | None = None
    limits: Limits = field(default_factory=Limits)
    scale: float = 1.0
    width: int | None = None
    background: str | None = None  # a colour or "transparent", for PNG and PDF
    max_depth: int | None = None  # fold every node at this depth (its branch shows +N)
    unfold: bool = False  # ignore folds that the outline itself marks
    stamp: str | None = None  # source hash recorded in every output (see stamp.py)
    embed_fonts: bool = False  # SVG carries subsets of its fonts (see fontembed.py)
    engine: str = "tidy"  # who places the nodes: treemind's tidy layout or Graphviz dot (dot_layout.py)


@dataclass(frozen=True)
class Rendered:
    tree: Tree
    theme: Theme
    items: tuple[Placed, ...]
    styles: dict[str, Style]
    blocks: dict[str, TextBlock]
    geometry: Geometry
    dot: str
    svg: bytes
    stamp: str | None = None
    markers: dict[str, list[tuple[Marker, Box]]] = field(default_factory=dict)
    links: tuple[Link, ...] = ()
    warnings: tuple[str, ...] = ()  # what Graphviz said on stderr


def choose_theme(tree: Tree, options: RenderOptions) -> Theme:
    """The option wins; an outline may name a built-in theme or give a mapping over one (never
    a file path)."""
    if options.theme:
        return load_theme(options.theme)
    if tree.theme_overrides:
        try:
            return with_overrides(json.loads(tree.theme_overrides), f"{tree.source} (frontmatter theme)")
        except ThemeError as exc:
            raise OutlineError(exc.message, path=tree.source) from None
    if tree.theme:
        if tree.theme not in builtin_names() or tree.theme == "base":
            raise OutlineError(
                f"the outline asks for theme {tree.theme!r}, which is not a built-in theme"
                f" (choose from: {', '.join(n for n in builtin_names() if n != 'base')})",
                path=tree.source,
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
    from .dot_layout import dot_layout

    def run(dot: str) -> str:
        plain, _ = run_graphviz(dot, options.limits.timeout, source, ("dot", "-Tplain"))
        return plain.decode("utf-8", "replace")

    return dot_layout(items, sizes, underlined, kind, spacing, run, source)


def choose_layout(tree: Tree, options: RenderOptions) -> str:
    kind = options.layout or tree.layout or "map"
    if kind not in LAYOUTS:
        raise UsageError(f"unknown layout {kind!r} (choose from: {', '.join(LAYOUTS)})", path=tree.source)
    return kind


def render(
    tree: Tree,
    options: RenderOptions = RenderOptions(),
    measurer: Measurer | None = None,
    graphviz: WarmGraphviz | None = None,
) -> Rendered:
    """Run every stage for one tree and return all that the output formats need.

    A batch worker passes its `measurer` (fonts stay loaded) and a `graphviz` it keeps running;
    without one, Graphviz runs as a fresh process for this map.
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
    blocks = {it.id: measurer.block(it.node.runs(), styles[it.id]) for it in items}
    marks = {it.id: markers_for(it.node, hidden.get(it.id, 0), measurer) for it in items}
    sizes = {i: _box_size(blocks[i], styles[i], extra_width(marks[i])) for i in blocks}
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
    mark_boxes = place_markers(geometry, marks, styles)
    links = tuple(
        Link(
            c.source,
            c.target,
            c.label,
            crosslink_curve(geometry.boxes[c.source], geometry.boxes[c.target]),
            _family(measurer, styles[c.source].font_family, c.label or ""),
        )
        for c in tree.crosslinks
        if c.source in shown and c.target in shown and c.source != c.target
    )
    dot = to_dot(items, styles, blocks, geometry, theme, mark_boxes, links)
    if options.stamp:  # a comment line inside the graph: Graphviz ignores it
        head, _, body = dot.partition("\n")
        dot = f"{head}\n// treemind-source {options.stamp}\n{body}"
    draw = graphviz.run if graphviz else run_graphviz
    raw_svg, warnings = draw(dot, options.limits.timeout, tree.source)
    generic = next(
        (f for f in reversed(theme.data["font"]["family"]) if f in ("serif", "sans-serif")), "sans-serif"
    )
    anchors = _line_anchors(geometry, blocks, styles, marks)
    svg = finish(raw_svg, items, tree.title, generic, anchors, options.stamp, _code_boxes(anchors, blocks))
    if options.embed_fonts:
        from .fontembed import embed_fonts

        svg = embed_fonts(svg)
    return Rendered(
        tree,
        theme,
        items,
        styles,
        blocks,
        geometry,
        dot,
        svg,
        options.stamp,
        mark_boxes,
        links,
        tuple(warnings),
    )


def _family(measurer: Measurer, families: tuple[str, ...], text: str) -> str:
    font = measurer.choose(families, text)
    return font.family if font else "sans-serif"


def _on_left(geometry: Geometry, node: str) -> bool:
    return geometry.layout == "left" or geometry.sides.get("_".join(node.split("_")[:2])) == "left"


def place_markers(
    geometry: Geometry, marks: dict[str, tuple[Marker, ...]], styles: dict[str, Style]
) -> dict[str, list[tuple[Marker, Box]]]:
    """Boxes for each node's marks, in the room kept for them at the box's outer end."""
    out: dict[str, list[tuple[Marker, Box]]] = {}
    for node, node_marks in marks.items():
        if not node_marks:
            continue
        box, pad = geometry.boxes[node], styles[node].padding[1]
        left = _on_left(geometry, node)
        x = box.x + pad if left else box.x + box.w - pad - extra_width(node_marks) + GAP
        y = box.y + (box.h - HEIGHT) / 2
        placed = []
        for mark in node_marks:
            placed.append((mark, Box(round(x, 2), round(y, 2), round(mark.width, 2), HEIGHT)))
            x += mark.width + GAP
        out[node] = placed
    return out


def _line_anchors(
    geometry: Geometry,
    blocks: dict[str, TextBlock],
    styles: dict[str, Style],
    marks: dict[str, tuple[Marker, ...]],
) -> dict[str, list[tuple[str, float, float]]]:
    """Per node, per wrapped line: the SVG text-anchor, x and baseline y (canvas)."""
    out: dict[str, list[tuple[str, float, float]]] = {}
    for node, block in blocks.items():
        box, style = geometry.boxes[node], styles[node]
        extra = extra_width(marks[node])
        side = "left" if _on_left(geometry, node) else "right"
        if style.align == "center":
            centre = box.x + extra + (box.w - extra) / 2 if side == "left" else box.x + (box.w - extra) / 2
            anchor = ("middle", centre)
        elif side == "left":  # text reads towards the root
            anchor = ("end", box.x + box.w - style.padding[1])
        else:
            anchor = ("start", box.x + style.padding[1])
        top = box.y + (box.h - block.height) / 2
        # baseline: the middle of the line box plus about half the height of capitals
        out[node] = [
            (
                *_anchor_for(line, *anchor),
                round(top + (i + 0.5) * block.line_height + 0.35 * block.size, 2),
            )
            for i, line in enumerate(block.lines)
        ]
    return out


def _anchor_for(line: Line, anchor: str, x: float) -> tuple[str, float]:
    """A line of several styled runs is anchored at its start, where we measured it to begin.

    cairosvg (PNG, PDF) applies `end` and `middle` to each <tspan> of a line on its own, which
    piles the runs of a right-aligned or centred line on top of one another.
    """
    if len(line.runs) > 1 and anchor != "start":
        x -= line.width if anchor == "end" else line.width / 2
        anchor = "start"
    return anchor, round(x, 2)


def _code_boxes(
    anchors: dict[str, list[tuple[str, float, float]]], blocks: dict[str, TextBlock]
) -> dict[str, list[Box]]:
    """A light background behind each inline-code run, from our own measurement."""
    out: dict[str, list[Box]] = {}
    for node, block in blocks.items():
        for line, (anchor, x, y) in zip(block.lines, anchors[node], strict=True):
            left = {"start": x, "middle": x - line.width / 2, "end": x - line.width}[anchor]
            for run, width in zip(line.runs, line.widths, strict=True):
                if run.code:
                    out.setdefault(node, []).append(
                        Box(
                            round(left - 2, 2),
                            round(y - block.size * 0.85, 2),
                            round(width + 4, 2),
                            round(block.size * 1.15, 2),
                        )
                    )
                left += width
    return out


def _box_size(block: TextBlock, style: Style, extra: float = 0.0) -> tuple[float, float]:
    pad_v, pad_h = style.padding
    width = int(block.width + 0.999) + 2 * pad_h + extra
    height = max(block.height, HEIGHT if extra else 0.0) + 2 * pad_v
    if style.shape == "ellipse":  # the text box must fit inside the ellipse
        width, height = width * 1.42, height * 1.42
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
    for item in rendered.items:
        box, block = geo.boxes[item.id], rendered.blocks[item.id]
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
                "side": geo.sides.get("_".join(item.id.split("_")[:2])),
                "markers": [
                    {"kind": m.kind, "label": m.label, "x": b.x, "y": b.y, "w": b.w, "h": b.h}
                    for m, b in rendered.markers.get(item.id, [])
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
    stamp = {"source_hash": rendered.stamp} if rendered.stamp else {}
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


def convert(tree: Tree, fmt: str) -> bytes:
    """The tree written back as an outline (`md`, `opml`)."""
    from .writers import to_markdown, to_opml

    return (to_markdown(tree) if fmt == "md" else to_opml(tree)).encode("utf-8")


def output(rendered: Rendered, fmt: str, options: RenderOptions = RenderOptions()) -> bytes:
    """The bytes of one output format."""
    if fmt == "svg":
        return rendered.svg
    if fmt == "dot":
        return rendered.dot.encode("utf-8")
    if fmt == "json":
        return to_json(rendered)
    if fmt in CONVERSIONS:
        return convert(rendered.tree, fmt)
    if fmt in ("png", "pdf"):
        from .export import rasterise  # cairosvg is loaded only when a raster is asked for

        return rasterise(
            rendered.svg, fmt, options.scale, options.width, options.background, options.limits, options.stamp
        )
    raise UsageError(f"unknown output format {fmt!r} (choose from: {', '.join(FORMATS)})")


def format_for(path: str | Path) -> str | None:
    suffix = Path(path).suffix.lower().lstrip(".")
    suffix = {"markdown": "md"}.get(suffix, suffix)
    return suffix if suffix in FORMATS else None
