"""Mind maps inside Markdown: each ```mindmap fence is rendered to an image, linked below it.

The link sits between two markers, so a rerun replaces it instead of adding another; the fence
stays the source of truth. Documents are rewritten atomically, and only between the markers
(plus a line ending after a closing fence that ends the file): line endings, a BOM and every
other byte stay as they were. The option, path and name rules live in fences.py.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote

from ..draw.stamp import digest, read_stamp
from ..errors import OutlineError, TreemindError, UsageError
from ..files import write_atomic
from ..pipeline import RenderOptions, output, render
from ..text.measure import Measurer
from .fences import (
    Fence,
    FenceOptions,
    Loaded,
    find_fences,
    find_root,
    inside,
    load_fence,
    parse_info,
    slug,
    visible,
)

BEGIN = "<!-- treemind:begin -->"
END = "<!-- treemind:end -->"
IMAGE_FORMATS = ("svg", "png")
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_EOL = re.compile(r"\r\n|\r|\n")
_BARE = re.compile(r"^[ \t>]*")
_LINK = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>\n]*>|[^\s)]+)")
_URL_ESCAPES = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"}


@dataclass(frozen=True)
class EmbedSettings:
    """One `treemind embed` run: None keeps what a fence's existing link has (else the default)."""

    assets_dir: Path | None = None  # default: `assets/` beside each document
    fmt: str | None = None  # svg (default) or png
    embed_fonts: bool = True
    check: bool = False


@dataclass
class DocResult:
    path: str
    written: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # --check: `DOC:LINE: what is out of date`
    error: str | None = None
    fences: int = 0
    warnings: list[str] = field(default_factory=list)  # `DOC:LINE: ...`, e.g. a picture not drawn


@dataclass(frozen=True)
class _Plan:
    fence: Fence
    loaded: Loaded
    options: RenderOptions
    image: Path
    fmt: str
    stamp: str
    at: tuple[int, int]  # the lines [start, end) that the managed block takes (end == start: none)
    block: list[str]
    eol: str


class Names:
    """Image names handed out in one run, per folder: no two fences share an image, and a
    fence keeps the name its link already has while that still fits its title."""

    def __init__(self) -> None:
        self.taken: dict[Path, set[str]] = {}

    def claim(self, folder: Path, stem: str, ext: str, current: Path | None) -> Path:
        taken = self.taken.setdefault(folder.resolve(), set())
        if current is not None and self._fits(current, folder, stem) and current.stem not in taken:
            taken.add(current.stem)
            return folder / f"{current.stem}.{ext}"
        n = 1
        while True:
            name = stem if n == 1 else f"{stem}-{n}"
            if name not in taken and not (folder / f"{name}.{ext}").exists():
                taken.add(name)
                return folder / f"{name}.{ext}"
            n += 1

    @staticmethod
    def _fits(current: Path, folder: Path, stem: str) -> bool:
        same_folder = current.parent.resolve() == folder.resolve()
        return same_folder and re.fullmatch(re.escape(stem) + r"(-\d+)?", current.stem) is not None


def embed_file(path: Path, settings: EmbedSettings, names: Names, measurer: Measurer) -> DocResult:
    """Render (or with `check`, compare) every mindmap fence of one Markdown file."""
    result = DocResult(str(path))
    try:
        _embed(path, settings, names, measurer, result)
    except TreemindError as exc:
        result.error = exc.located() if exc.path else f"{path}: {exc.message}"
    except OSError as exc:
        result.error = f"{exc.filename or path}: cannot read or write: {exc.strerror}"
    return result


def _embed(path: Path, settings: EmbedSettings, names: Names, measurer: Measurer, result: DocResult) -> None:
    data = path.read_bytes()
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    text = _decode(data[len(bom) :], str(path))
    lines = _LINES.findall(text)
    fences = find_fences(text, str(path))
    result.fences = len(fences)
    stops = [f.start for f in fences[1:]] + [len(lines)]  # a fence's block ends before the next fence
    plans = [_plan(path, lines, f, stop, settings, names) for f, stop in zip(fences, stops, strict=False)]
    if settings.check:
        result.stale = [problem for plan in plans for problem in _problems(path, lines, plan)]
        return
    for plan in plans:
        if read_stamp(plan.fmt, plan.image) != plan.stamp:
            rendered = render(plan.loaded.tree, plan.options, measurer)
            where = f"{path}:{plan.fence.line}: mindmap fence"
            result.warnings += [f"{where}: {note}" for note in rendered.warnings if "picture" in note]
            # into the folder _refuse_escape checked, symlinks resolved: nothing can move it now
            folder = plan.image.parent.resolve()
            write_atomic(folder / plan.image.name, output(rendered, plan.fmt), folder)
            result.written.append(str(plan.image))
    new = "".join(_rewrite(lines, plans))
    if new != text:
        write_atomic(path, bom + new.encode("utf-8"))
        result.written.append(str(path))


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise OutlineError("invalid UTF-8; save the file as UTF-8", path=where, line=line) from None


def _plan(
    doc: Path, lines: list[str], fence: Fence, stop: int, settings: EmbedSettings, names: Names
) -> _Plan:
    options = parse_info(fence.info, str(doc), fence.line) or FenceOptions()
    root = find_root(doc)
    loaded = load_fence(fence.body, options, doc, fence.line, root)
    at = _managed_block(lines, fence, stop, str(doc))
    current = _linked_image(lines[at[0] : at[1]], doc.parent, root)
    fmt = settings.fmt or (current.suffix[1:] if current and current.suffix[1:] in IMAGE_FORMATS else "svg")
    folder = settings.assets_dir or (current.parent if current else doc.parent / "assets")
    image = names.claim(folder, slug(options.name or loaded.tree.title), fmt, current)
    _refuse_escape(image, _image_root(settings, root), doc, fence.line)
    render_options = loaded.render_options(embed_fonts=settings.embed_fonts and fmt == "svg")
    key = {  # the theme as the fence names it: the same whatever folder treemind runs in
        "options": replace(render_options, theme=options.theme),
        "from": loaded.input_format,
        "sheet": options.sheet,
        "title": loaded.tree.title,
    }
    stamp = loaded.stamped(digest(loaded.data, key, loaded.theme))
    alt = options.alt or loaded.tree.title
    eol = _eol(lines, fence)
    block = [f"{fence.prefix}{line}{eol}" for line in (BEGIN, _image_link(alt, image, doc), END)]
    return _Plan(fence, loaded, replace(render_options, stamp=stamp), image, fmt, stamp, at, block, eol)


def _image_root(settings: EmbedSettings, root: Path) -> Path:
    """The folder images must stay in once symlinks are followed: the repository, since its
    files and symlinks are untrusted; or an --assets-dir named outside it, since the command
    line is trusted."""
    named = settings.assets_dir
    if named is not None and not Path(os.path.abspath(named)).is_relative_to(root):
        return named.resolve()
    return root


def _refuse_escape(image: Path, root: Path, doc: Path, line: int) -> None:
    """A committed symlink (`docs/assets -> /elsewhere`, `docs/assets -> ../.git/hooks`) must
    not make embed write elsewhere, nor into .git or a hidden folder the document is not in."""
    if not inside(image, root) or _into_hidden(image, doc, root):
        raise OutlineError(
            f"image {image} leads out of {root} through a symlink (to {image.resolve()});"
            " give --assets-dir a real folder",
            path=str(doc),
            line=line,
        )


def _into_hidden(image: Path, doc: Path, root: Path) -> bool:
    top = root.resolve()
    parts = image.resolve().relative_to(top).parts if inside(image, root) else ()
    own = doc.parent.resolve().parts
    return ".git" in parts[:-1] or any(p.startswith(".") and p not in own for p in parts[:-1])


def _managed_block(lines: list[str], fence: Fence, stop: int, where: str) -> tuple[int, int]:
    """Where this fence's marker block is: after the fence, maybe after blank lines."""
    i = fence.end
    while i < stop and not _bare(lines[i]):
        i += 1
    if i >= stop or _bare(lines[i]) != BEGIN:
        return fence.end, fence.end
    for j in range(i + 1, stop):
        if _bare(lines[j]) == END:
            return i, j + 1
    raise OutlineError(f"{BEGIN} without {END} before the next mindmap fence", path=where, line=i + 1)


def _bare(line: str) -> str:
    return _BARE.sub("", line).rstrip()


def _linked_image(block: list[str], folder: Path, root: Path) -> Path | None:
    """The image an existing block links to, when it is a local file inside the repository."""
    found = _LINK.search("".join(block))
    if not found:
        return None
    url = unquote(found.group(1).strip("<>"))
    if "://" in url or url.startswith(("/", "#")):
        return None
    image = folder / url
    return image if inside(image, root) and visible(image, root) else None


def _eol(lines: list[str], fence: Fence) -> str:
    """The line ending of the fence's last line that has one, else the document's first."""
    own = reversed(lines[fence.start : fence.end])
    found = next((m for m in map(_EOL.search, [*own, *lines]) if m), None)
    return found.group() if found else "\n"


def _image_link(alt: str, image: Path, doc: Path) -> str:
    rel = Path(os.path.relpath(image, doc.parent)).as_posix()
    url = "".join(_URL_ESCAPES.get(c, c) for c in rel)
    alt = re.sub(r"\s+", " ", alt).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return f"![{alt}]({url})"


def _rewrite(lines: list[str], plans: list[_Plan]) -> list[str]:
    out = list(lines)
    for plan in reversed(plans):  # from the end, so earlier line numbers stay right
        start, end = plan.at
        if start == end and not _EOL.search(out[start - 1]):  # the fence ends the file
            out[start - 1] += plan.eol
        out[start:end] = plan.block
    return out


def _problems(doc: Path, lines: list[str], plan: _Plan) -> list[str]:
    where = f"{doc}:{plan.fence.line}"
    problems = []
    if not plan.image.exists():
        problems.append(f"{where}: image {plan.image} is missing")
    elif read_stamp(plan.fmt, plan.image) != plan.stamp:
        problems.append(f"{where}: image {plan.image} is out of date")
    start, end = plan.at
    if start == end:
        problems.append(f"{where}: no image link after the fence")
    elif lines[start:end] != plan.block:
        problems.append(f"{where}: the image link is out of date")
    return problems


def markdown_files(inputs: list[str]) -> list[Path]:
    """Markdown files as given, and those under folders (hidden and git-ignored ones skipped)."""
    from ..app.inputs import find_inputs

    if "-" in inputs:
        raise UsageError("embed rewrites files in place: it cannot read standard input")
    sources = find_inputs(inputs, include=("*.md", "*.markdown"))
    return [s.path for s in sources if s.path is not None]
