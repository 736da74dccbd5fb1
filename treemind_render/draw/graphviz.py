"""Graphviz backend: the placed, styled tree as DOT, drawn by `neato -n2` into SVG."""

from __future__ import annotations

import contextlib
import os
import re
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from typing import IO

import graphviz

from ..colors import AA, contrast, readable, readable_on
from ..errors import LimitError, RenderError
from ..layout.geometry import Box, Geometry, Link
from ..style.themes import Style, Theme
from ..text.measure import Run, TextBlock
from .lifeline import child_setup
from .markers import Marker
from .record import DrawnNode

ENGINE = "neato"  # with -n2: positions are ours, Graphviz draws nodes, labels and edges
CROSSLINK_COLOR = "#7a869a"
HIGHLIGHT_TEXT = "#1f2328"
# An emoji in the outline's colour is a symbol: WCAG's 3:1 for graphical objects (1.4.11);
# text in the outline's colour (PlantUML's <color:…>) needs text's 4.5:1.
SYMBOL_CONTRAST = 3.0
MAX_OUTPUT = 500_000_000  # bytes of SVG from one Graphviz run
MAX_MESSAGES = 1_000_000  # bytes of Graphviz messages kept; the rest is read and dropped
_MAX_LINE = 500  # characters of one message shown
_CHUNK = 65_536  # bytes read or written at a time
_GRACE = 5.0  # seconds to wait for the processes of a killed Graphviz to be gone
_DOT_QUOTE = re.compile(r'["\\]')  # inside a quoted DOT string: a quote or a backslash is escaped
_NOISE = re.compile(r"cell size too small for content|^in label of node ")
_SHAPES = {  # theme shape -> (Graphviz shape, style)
    "rounded": ("box", "rounded,filled"),
    "pill": ("box", "rounded,filled"),  # svg.py rounds it fully
    "box": ("box", "filled"),
    "underline": ("underline", "filled"),
    "plain": ("plaintext", "filled"),
    "ellipse": ("ellipse", "filled"),
    "circle": ("ellipse", "filled"),  # the pipeline makes its box square
    "hexagon": ("hexagon", "filled"),
    "cloud": ("box", "filled"),  # svg.py redraws the outline
    "bang": ("box", "filled"),  # svg.py redraws the outline
}


def escape(text: str, quote: bool = False) -> str:
    """XML-escape text for an HTML-like label (&, <, > and, inside attributes, ").

    Written out rather than taken from xml.sax.saxutils, whose import pulls in urllib.request
    and costs a one-shot render about 10 ms.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Graphviz 2.43's label lexer fails on a text run that is only `]` ("syntax error in
    # line 1 ... ]</FONT>"), as in `[[link](url)]`: a character reference reads the same.
    text = text.replace("]", "&#93;")
    return text.replace('"', "&quot;") if quote else text


def to_dot(
    nodes: Sequence[DrawnNode],
    geometry: Geometry,
    theme: Theme,
    links: Sequence[Link] = (),
    text: bool = True,
) -> str:
    """DOT source with every position fixed; user text appears only inside escaped labels.
    Without `text`, topics' labels are left out (svg.py draws them): marks and cross-link
    labels keep theirs."""
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
    body = graph.body  # statements formatted here, 3x faster than Digraph.node() (see statement())
    height = geometry.height
    styles = {node.id: node.style for node in nodes}
    for node in nodes:
        body.append(statement(node.id, _node_attrs(node, height, text)))
    for node in nodes:
        for k, (mark, box) in enumerate(node.marks):
            attrs = {**_marker_attrs(mark, box, node.style, height), "id": f"m_{node.id}_{k}"}
            body.append(statement(f"m_{node.id}_{k}", attrs))
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
        if edge.lead >= 2:  # routed along a rail or trunk it shares: an even line, so each shows
            attrs["penwidth"] = f"{max(1.5, style.edge_width / 2):g}"
        elif style.edge_style == "tapered" and style.edge_width >= 3:
            attrs.update(style="tapered", dir="forward")
        body.append(statement(f"{edge.parent} -> {edge.child}", attrs))
    for k, link in enumerate(links):
        body.append(statement(f"{link.source} -> {link.target}", _link_attrs(link, k, height)))
    return graph.source


def statement(subject: str, attrs: dict[str, str]) -> str:
    """One node or edge statement, every value double-quoted (or an HTML-like label as is).

    `subject` is made of treemind's own ids (n0_2_1, m_n0_1_0): never user text. Formatting
    the statements here rather than through the graphviz package's Digraph.node()/edge(),
    which quote with a regular expression per value, is ~9 us a statement instead of ~27 us:
    0.18 s instead of 0.54 s for the 20,000 statements of a 10,000-node map
    (benchmarks/README.md).
    """
    parts = []
    for key, value in attrs.items():
        if key == "label" and value.startswith("<") and value.endswith(">"):
            parts.append(f"{key}={value}")  # escaped by html_label() and its helpers
        elif '"' in value or "\\" in value:
            escaped = _DOT_QUOTE.sub(r"\\\g<0>", value)
            parts.append(f'{key}="{escaped}"')
        else:  # most values (numbers, colours, ids): nothing to escape
            parts.append(f'{key}="{value}"')
    return f"\t{subject} [{' '.join(parts)}]\n"


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
    if link.label:  # at the middle of the middle piece (a routed link has several)
        k = 3 * ((len(link.points) - 1) // 6)
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = link.points[k : k + 4]
        mid = ((x0 + 3 * x1 + 3 * x2 + x3) / 8, (y0 + 3 * y1 + 3 * y2 + y3) / 8)
        face = escape(link.family, quote=True)
        label = escape(link.label.replace("\\", "\\\\"))
        attrs["label"] = f'<<FONT FACE="{face}" POINT-SIZE="10" COLOR="{CROSSLINK_COLOR}">{label}</FONT>>'
        attrs["lp"] = f"{mid[0]:.2f},{height - mid[1]:.2f}"
    return attrs


def _node_attrs(node: DrawnNode, height: float, text: bool = True) -> dict[str, str]:
    item, style, block, box = node.item, node.style, node.block, node.box
    shape, gv_style = _SHAPES[style.shape]
    attrs = {
        "pos": f"{box.x + box.w / 2:.2f},{height - box.y - box.h / 2:.2f}",
        "width": f"{box.w / 72:.4f}",
        "height": f"{box.h / 72:.4f}",
        "shape": shape,
        "style": gv_style,
        "fillcolor": style.fill or "transparent",
        "label": html_label(block, style) if text else "",
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
    face = escape(mark.family, quote=True)
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
    for line, (height, _) in zip(block.lines, block.rows, strict=True):  # a formula makes a row taller
        runs = "".join(_run(run, style) for run in line.runs)
        rows.append(
            f'<TR><TD FIXEDSIZE="TRUE" WIDTH="{width}" HEIGHT="{int(height)}" '
            f'ALIGN="{align}">{runs}</TD></TR>'
        )
    if not rows:  # a label of only invisible characters (U+200B) wraps to no line at all
        return "<>"
    return '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">' + "".join(rows) + "</TABLE>>"


def needed_contrast(text: str) -> float:
    """The contrast a run in a colour of the outline's must reach: 3:1 for symbols alone (a
    tinted ✔ or ☀, Unicode's "other symbol" class), WCAG AA's 4.5:1 for anything with text."""
    if all(unicodedata.category(c) == "So" or not c.strip() or c in "\ufe0e\ufe0f" for c in text):
        return SYMBOL_CONTRAST
    return AA


def _run(run: Run, style: Style) -> str:
    # Graphviz expands \N, \G, \L... even inside HTML-like labels; a doubled backslash is literal.
    # A zero-width space is only a break opportunity (the lines are already broken): Graphviz
    # measures it wider than nothing, and a label of only U+200B would not fit its fixed box.
    text = escape(run.text.replace("\\", "\\\\").replace("\u200b", ""), quote=True)
    if run.bold:
        text = f"<B>{text}</B>"
    if run.italic:
        text = f"<I>{text}</I>"
    face = escape(run.family, quote=True)
    colour = run_colour(run, style)
    return f'<FONT FACE="{face}" POINT-SIZE="{style.font_size:g}" COLOR="{colour}">{text}</FONT>'


def run_colour(run: Run, style: Style) -> str:
    """A run's text colour: the theme's; dark on the highlighter's yellow; the outline's own (a
    tinted emoji, `<color:…>`) kept readable against the box."""
    if run.highlight:
        return HIGHLIGHT_TEXT
    if run.color:
        return readable(run.color, style.behind, needed_contrast(run.text))
    return style.text


def run_graphviz(
    dot_source: str,
    timeout: float,
    source: str | None = None,
    command: tuple[str, ...] = (ENGINE, "-n2", "-Tsvg"),
) -> tuple[bytes, list[str]]:
    """Run `neato -n2 -Tsvg` (or `command`) on the DOT: no shell, an empty working directory,
    a minimal environment, a time limit and a cap on the output."""
    data = dot_source.encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="treemind-") as workdir, _spawn(command, workdir) as proc:
        try:
            out, err = _communicate(proc, data, timeout, source)
        finally:
            if proc.returncode is None:  # stopped at a limit (or by a bug of ours)
                _kill_group(proc)
    return out, _messages(proc.returncode, out, err, source)


class WarmGraphviz:
    """`neato -n2 -Tsvg` kept running for the many maps of one batch worker.

    Graphviz reads graph after graph from its input and writes each SVG out as soon as it is
    drawn, so a worker feeds it one map at a time and reads up to the closing `</svg>`: a small
    map then costs ~3 ms of Graphviz instead of ~20 ms of start-up (plugins, fontconfig). The
    argv, environment, time limit and output cap are run_graphviz's, and the working directory
    is removed once Graphviz has started in it. A timeout or a flood is the map's error, as
    there; when Graphviz ends early or says anything but the known noise, the map is drawn
    again by a fresh run_graphviz, whose exit status and messages are exact.
    """

    PROBE = "digraph probe {}\n"
    PROBE_TIME = 5.0  # seconds for a fresh Graphviz to draw the empty probe graph
    MAPS = 500  # then a fresh process: whatever one Graphviz keeps between graphs stays bounded

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._key: tuple[object, ...] = ()
        self._streams: dict[tuple[object, ...], bool] = {}  # does this Graphviz answer graph by graph?
        self._drawn = 0

    def run(self, dot_source: str, timeout: float, source: str | None = None) -> tuple[bytes, list[str]]:
        proc = self._ready()
        if proc is None:
            return run_graphviz(dot_source, timeout, source)
        try:
            out, err = _communicate(proc, dot_source.encode("utf-8"), timeout, source, _svg_end)
        except LimitError:
            self.close()
            raise
        err += _available(proc.stderr)
        if not _svg_end(out) or any(not _NOISE.search(line) for line in _lines(err)):
            self.close()
            return run_graphviz(dot_source, timeout, source)
        self._drawn += 1
        if self._drawn >= self.MAPS:
            self.close()
        return out, []

    def close(self) -> None:
        """Stop our Graphviz; a forked child only lets go of its copies of the parent's pipes."""
        if self._proc is None:
            return
        if self._key[0] == os.getpid():
            _kill_group(self._proc)
        for pipe in (self._proc.stdin, self._proc.stdout, self._proc.stderr):
            if pipe is not None:
                pipe.close()
        self._proc, self._drawn = None, 0

    def _ready(self) -> subprocess.Popen[bytes] | None:
        """The running Graphviz; a new one after a fork (the parent's is not ours to use) or
        when PATH or the environment now name another. None when this Graphviz does not draw
        a graph before its input ends (a wrapper script that reads all of stdin first, say):
        the probe finds that out once, and such a Graphviz runs once per map."""
        key = (os.getpid(), shutil.which(ENGINE), tuple(sorted(_environment().items())))
        if self._proc is not None and (key != self._key or self._proc.poll() is not None):
            self.close()
        if self._proc is None and self._streams.get(key[1:], True):
            with tempfile.TemporaryDirectory(prefix="treemind-") as workdir:
                self._proc = _spawn((ENGINE, "-n2", "-Tsvg"), workdir)
            self._key = key
            self._streams[key[1:]] = self._probe()
            if not self._streams[key[1:]]:
                self.close()
        return self._proc

    def _probe(self) -> bool:
        assert self._proc is not None
        try:
            out, _ = _communicate(self._proc, self.PROBE.encode(), self.PROBE_TIME, None, _svg_end)
        except LimitError:
            return False
        return _svg_end(out)


def _svg_end(out: bytes | bytearray) -> bool:
    return out.endswith(b"</svg>\n")


def _available(pipe: IO[bytes] | None) -> bytes:
    """What a pipe holds right now, without waiting."""
    data = b""
    with selectors.DefaultSelector() as selector:
        if pipe is None or pipe.closed:
            return data
        selector.register(pipe, selectors.EVENT_READ)
        while len(data) < MAX_MESSAGES and selector.select(0):
            chunk = os.read(pipe.fileno(), _CHUNK)
            if not chunk:
                break
            data += chunk
    return data


def _environment() -> dict[str, str]:
    """What Graphviz may see of ours: where programs and fonts are, and the language."""
    keep = ("PATH", "HOME", "LANG", "FONTCONFIG_FILE", "FONTCONFIG_PATH", "XDG_CACHE_HOME")
    return {k: v for k, v in os.environ.items() if k in keep}


def _spawn(command: tuple[str, ...], workdir: str) -> subprocess.Popen[bytes]:
    """Start Graphviz in its own session (so a timeout can stop all it started), tied to this
    process so that it dies with it (lifeline.py)."""
    exe = shutil.which(command[0])
    if exe is None:
        raise RenderError(f"Graphviz '{command[0]}' not found on PATH: install it (apt-get install graphviz)")
    return subprocess.Popen(
        [exe, *command[1:]],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=workdir,
        env=_environment(),
        start_new_session=True,
        preexec_fn=child_setup(),  # only a prctl call between fork and exec: no locks taken
    )


def _messages(status: int, out: bytes, err: bytes, source: str | None) -> list[str]:
    """Graphviz's warnings; a RenderError with its last message when it failed."""
    detail = _lines(err)
    if status < 0:
        raise RenderError(f"Graphviz crashed (signal {-status})", path=source)
    if status != 0 or not out:
        reason = detail[-1] if detail else f"exit status {status}"
        raise RenderError(f"Graphviz failed: {reason}", path=source)
    # Graphviz measures text with its own estimate and complains when that exceeds the cells we
    # sized from the real fonts; the text is placed by us (svg.py), so those lines are noise.
    said = [line for line in detail if not _NOISE.search(line)]
    return [f"Graphviz: {line}" for line in said[:5]]


def _lines(err: bytes) -> list[str]:
    text = err.decode("utf-8", "replace")
    return [line.strip()[:_MAX_LINE] for line in text.splitlines() if line.strip()]


def _communicate(
    proc: subprocess.Popen[bytes],
    data: bytes,
    timeout: float,
    source: str | None,
    finished: Callable[[bytes | bytearray], bool] | None = None,
) -> tuple[bytes, bytes]:
    """Popen.communicate with a time limit and a cap on the SVG: LimitError past either.

    communicate() buffers all the output before its size can be checked, so a Graphviz that
    floods would fill memory until the timeout; this stops reading as soon as the SVG passes
    MAX_OUTPUT (the caller then kills Graphviz).
    """
    deadline = time.monotonic() + timeout
    try:
        out, err = _pump(proc, data, deadline, finished)
        if len(out) > MAX_OUTPUT:
            size = f"{MAX_OUTPUT / 1_000_000:g} MB"
            raise LimitError(f"Graphviz wrote more than {size} of SVG", path=source)
        if finished is None:
            proc.wait(max(deadline - time.monotonic(), 0))
    except subprocess.TimeoutExpired:
        limit = f"{timeout:g} s (raise the limit with --timeout)"
        raise LimitError(f"Graphviz took longer than {limit}", path=source) from None
    return bytes(out), bytes(err)


def _pump(
    proc: subprocess.Popen[bytes],
    data: bytes,
    deadline: float,
    finished: Callable[[bytes | bytearray], bool] | None = None,
) -> tuple[bytearray, bytearray]:
    """Feed the DOT to stdin and read stdout and stderr as they come, until both end (or
    `finished` says the output is complete: the pipes then stay open for the next graph) or
    stdout passes MAX_OUTPUT; messages past MAX_MESSAGES are dropped. TimeoutExpired at the
    deadline.

    One loop over the three pipes, so Graphviz never waits on us (POSIX: selectors cannot
    watch pipes on Windows).
    """
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    out, err = bytearray(), bytearray()
    pending = memoryview(data)
    os.set_blocking(proc.stdin.fileno(), False)  # write what fits, never block with output unread
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdin, selectors.EVENT_WRITE)
        selector.register(proc.stdout, selectors.EVENT_READ, (out, MAX_OUTPUT + 1))
        selector.register(proc.stderr, selectors.EVENT_READ, (err, MAX_MESSAGES))
        while selector.get_map() and len(out) <= MAX_OUTPUT and not (finished and finished(out)):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise subprocess.TimeoutExpired(proc.args, 0)
            for key, _ in selector.select(remaining):
                if key.fileobj is proc.stdin:
                    pending = _feed(key.fd, pending)
                    done = not pending
                else:
                    done = not _drain(key.fd, *key.data)
                if done:
                    selector.unregister(key.fileobj)
                    if finished is None:
                        key.fileobj.close()  # type: ignore[union-attr]
    return out, err


def _feed(fd: int, pending: memoryview) -> memoryview:
    """Write as much of the DOT as the pipe takes now; returns what is left to write."""
    try:
        return pending[os.write(fd, pending[:_CHUNK]) :]
    except BlockingIOError:
        return pending
    except BrokenPipeError:  # Graphviz stopped reading: its exit status and messages say why
        return pending[len(pending) :]


def _drain(fd: int, buffer: bytearray, keep: int) -> bool:
    """Read what the pipe holds, keeping the buffer's first `keep` bytes; False at its end."""
    chunk = os.read(fd, _CHUNK)
    buffer += chunk[: max(keep - len(buffer), 0)]
    return bool(chunk)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop Graphviz and anything it started: they share the session started for it."""
    with contextlib.suppress(ProcessLookupError):  # already gone, and its group with it
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + _GRACE
    for pipe in (proc.stdout, proc.stderr):
        if pipe is not None and not pipe.closed:
            _wait_for_end(pipe, deadline)


def _wait_for_end(pipe: IO[bytes], deadline: float) -> None:
    """Read a pipe to its end, which comes when no process holds it any more: so the killed
    processes are gone on return. One that left the session is waited for until the deadline."""
    with selectors.DefaultSelector() as selector:
        selector.register(pipe, selectors.EVENT_READ)
        while time.monotonic() < deadline and selector.select(deadline - time.monotonic()):
            if not os.read(pipe.fileno(), _CHUNK):
                return
