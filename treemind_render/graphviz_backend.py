"""Graphviz backend: the placed, styled tree as DOT, drawn by `neato -n2` into SVG."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

import graphviz

from .colors import contrast, readable_on
from .errors import LimitError, RenderError
from .layouts import Box, Geometry, Link
from .markers import Marker
from .model import Placed
from .text import Run, TextBlock
from .themes import Style, Theme

ENGINE = "neato"  # with -n2: positions are ours, Graphviz draws nodes, labels and edges
CROSSLINK_COLOR = "#7a869a"
MAX_OUTPUT = 500_000_000  # bytes of SVG from one Graphviz run
_NOISE = re.compile(r"cell size too small for content|^in label of node ")
_SHAPES = {  # theme shape -> (Graphviz shape, style)
    "rounded": ("box", "rounded,filled"),
    "pill": ("box", "rounded,filled"),  # svg.py rounds it fully
    "box": ("box", "filled"),
    "underline": ("underline", "filled"),
    "plain": ("plaintext", "filled"),
    "ellipse": ("ellipse", "filled"),
}


def to_dot(
    items: Sequence[Placed],
    styles: dict[str, Style],
    blocks: dict[str, TextBlock],
    geometry: Geometry,
    theme: Theme,
    markers: dict[str, list[tuple[Marker, Box]]] | None = None,
    links: Sequence[Link] = (),
) -> str:
    """DOT source with every position fixed; user text appears only inside escaped labels."""
    graph = graphviz.Digraph(name="mindmap", engine=ENGINE)
    graph.attr(
        "graph",
        bgcolor=theme.background or "transparent",
        pad=f"{theme.margin / 72:.4f}",
        splines="true",
        outputorder="edgesfirst",
    )
    graph.attr("node", fixedsize="true", margin="0", penwidth="0")
    graph.attr("edge", arrowhead="none", arrowtail="none")
    height = geometry.height
    for item in items:
        graph.node(item.id, **_node_attrs(item, styles[item.id], blocks[item.id], geometry, height))
    for node, placed in (markers or {}).items():
        for k, (mark, box) in enumerate(placed):
            graph.node(f"m_{node}_{k}", **_marker_attrs(mark, box, styles[node], height), id=f"m_{node}_{k}")
    for edge in geometry.edges:
        style = styles[edge.child]
        points = " ".join(f"{x:.2f},{height - y:.2f}" for x, y in edge.points)
        attrs = {
            "pos": points,
            "color": style.edge_color,
            "penwidth": f"{style.edge_width:g}",
            "id": f"e_{edge.child}",
            "class": f"edge-depth-{edge.child.count('_')}",
        }
        if style.edge_style == "tapered" and style.edge_width >= 3:
            attrs.update(style="tapered", dir="forward")
        graph.edge(edge.parent, edge.child, **attrs)
    for k, link in enumerate(links):
        graph.edge(link.source, link.target, **_link_attrs(link, k, height))
    return graph.source


def _link_attrs(link: Link, index: int, height: float) -> dict[str, str]:
    """A cross-link: dashed, with an arrowhead at the target and its label at the middle."""
    *body, p2, tip = link.points
    # the spline stops short of the border so the arrowhead ends on it
    dx, dy = tip[0] - p2[0], tip[1] - p2[1]
    length = max((dx * dx + dy * dy) ** 0.5, 1e-6)
    end = (tip[0] - dx / length * 8, tip[1] - dy / length * 8)
    points = " ".join(f"{x:.2f},{height - y:.2f}" for x, y in (*body, p2, end))
    attrs = {
        "pos": f"e,{tip[0]:.2f},{height - tip[1]:.2f} {points}",
        "style": "dashed",
        "color": CROSSLINK_COLOR,
        "penwidth": "1.4",
        "arrowhead": "normal",
        "arrowsize": "0.8",
        "id": f"x_{index}",
        "class": "crosslink",
    }
    if link.label:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = link.points[:4]
        mid = ((x0 + 3 * x1 + 3 * x2 + x3) / 8, (y0 + 3 * y1 + 3 * y2 + y3) / 8)
        face = escape(link.family, {'"': "&quot;"})
        label = escape(link.label.replace("\\", "\\\\"))
        attrs["label"] = f'<<FONT FACE="{face}" POINT-SIZE="10" COLOR="{CROSSLINK_COLOR}">{label}</FONT>>'
        attrs["lp"] = f"{mid[0]:.2f},{height - mid[1]:.2f}"
    return attrs


def _node_attrs(
    item: Placed, style: Style, block: TextBlock, geometry: Geometry, height: float
) -> dict[str, str]:
    box = geometry.boxes[item.id]
    shape, gv_style = _SHAPES[style.shape]
    attrs = {
        "pos": f"{box.x + box.w / 2:.2f},{height - box.y - box.h / 2:.2f}",
        "width": f"{box.w / 72:.4f}",
        "height": f"{box.h / 72:.4f}",
        "shape": shape,
        "style": gv_style,
        "fillcolor": style.fill or "transparent",
        "label": html_label(block, style),
        "id": item.id,
        "class": f"depth-{item.depth} branch-{item.branch} shape-{style.shape}",
    }
    if style.stroke:
        attrs.update(color=style.stroke, penwidth=f"{style.stroke_width:g}")
    return attrs


def _marker_attrs(mark: Marker, box: Box, style: Style, height: float) -> dict[str, str]:
    """A mark as a small node: the +N of a fold as a pill in the branch colour, others as a glyph."""
    badge = mark.kind == "fold"
    fill = style.branch_color
    if style.fill and contrast(style.fill, fill) < 2:  # a branch-coloured box: invert the pill
        fill = style.text
    color = readable_on(fill) if badge else style.text
    face = escape(mark.family, {'"': "&quot;"})
    return {
        "pos": f"{box.x + box.w / 2:.2f},{height - box.y - box.h / 2:.2f}",
        "width": f"{box.w / 72:.4f}",
        "height": f"{box.h / 72:.4f}",
        "shape": "box",
        "style": "rounded,filled" if badge else "filled",
        "fillcolor": fill if badge else "transparent",
        "label": f'<<FONT FACE="{face}" POINT-SIZE="10" COLOR="{color}">{escape(mark.label)}</FONT>>',
        "class": f"marker marker-{mark.kind}",
    }


def html_label(block: TextBlock, style: Style) -> str:
    """An HTML-like label: one fixed-size table row per wrapped line, every text escaped."""
    align = "LEFT" if style.align == "left" else "CENTER"
    width = max(1, int(block.width + 0.999))
    rows = []
    for line in block.lines:
        runs = "".join(_run(run, style) for run in line.runs)
        rows.append(
            f'<TR><TD FIXEDSIZE="TRUE" WIDTH="{width}" HEIGHT="{int(block.line_height)}" '
            f'ALIGN="{align}">{runs}</TD></TR>'
        )
    return '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">' + "".join(rows) + "</TABLE>>"


def _run(run: Run, style: Style) -> str:
    # Graphviz expands \N, \G, \L... even inside HTML-like labels; a doubled backslash is literal.
    text = escape(run.text.replace("\\", "\\\\"), {'"': "&quot;"})
    if run.bold:
        text = f"<B>{text}</B>"
    if run.italic:
        text = f"<I>{text}</I>"
    if run.strike:
        text = f"<S>{text}</S>"
    face = escape(run.family, {'"': "&quot;"})
    return f'<FONT FACE="{face}" POINT-SIZE="{style.font_size:g}" COLOR="{style.text}">{text}</FONT>'


def run_graphviz(dot_source: str, timeout: float, source: str | None = None) -> tuple[bytes, list[str]]:
    """Run `neato -n2 -Tsvg` on the DOT: no shell, an empty working directory, a time limit."""
    exe = shutil.which(ENGINE)
    if exe is None:
        raise RenderError(f"Graphviz '{ENGINE}' not found on PATH: install it (apt-get install graphviz)")
    env = {
        k: v
        for k, v in os.environ.items()
        if k in ("PATH", "HOME", "LANG", "FONTCONFIG_FILE", "FONTCONFIG_PATH", "XDG_CACHE_HOME")
    }
    with tempfile.TemporaryDirectory(prefix="treemind-") as workdir:
        proc = subprocess.Popen(
            [exe, "-n2", "-Tsvg"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=workdir,
            env=env,
            start_new_session=True,
        )
        try:
            out, err = proc.communicate(dot_source.encode("utf-8"), timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise LimitError(
                f"Graphviz took longer than {timeout:g} s (raise the limit with --timeout)", path=source
            ) from None
    detail = [line.strip() for line in err.decode("utf-8", "replace").splitlines() if line.strip()]
    if proc.returncode < 0:
        raise RenderError(f"Graphviz crashed (signal {-proc.returncode})", path=source)
    if proc.returncode != 0 or not out:
        reason = detail[-1] if detail else f"exit status {proc.returncode}"
        raise RenderError(f"Graphviz failed: {reason}", path=source)
    if len(out) > MAX_OUTPUT:
        raise LimitError(f"Graphviz wrote more than {MAX_OUTPUT // 1_000_000} MB of SVG", path=source)
    # Graphviz measures text with its own estimate and complains when that exceeds the cells we
    # sized from the real fonts; the text is placed by us (svg.py), so those lines are noise.
    said = [line for line in detail if not _NOISE.search(line)]
    return out, [f"Graphviz: {line}" for line in said[:5]]
