"""Input formats: detect the format of an outline and parse it into a Tree."""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, replace
from pathlib import PurePath

from ..errors import LimitError, OutlineError, UsageError
from ..model import Limits, Tree, clean_folded, clean_text
from .bounds import check_work


@dataclass(frozen=True)
class Format:
    """An input format: its parser module, file extensions, and one line for `treemind formats`."""

    module: str
    extensions: tuple[str, ...]
    description: str
    binary: bool = False  # the parser takes bytes (a zip), not decoded text


# Order matters only for listing; detection is by extension, then by `sniff`.
FORMATS: dict[str, Format] = {
    "markdown": Format("markdown", (".md", ".markdown", ".mdown", ".mkd"), "Markdown headings and lists"),
    "text": Format("text", (".txt", ".outline", ".text"), "indented text (TreeMind outline view)"),
    "opml": Format("opml", (".opml",), "OPML 2.0 outlines"),
    "freemind": Format("freemind", (".mm",), "FreeMind / Freeplane maps"),
    "xmind": Format("xmind", (".xmind",), "XMind workbooks (2020+ and legacy)", binary=True),
    "yaml": Format("tree_yaml", (".yaml", ".yml"), "YAML trees of {text, children}"),
    "json": Format("tree_json", (".json",), "JSON trees: plain, jsMind, simple-mind-map"),
    "mermaid": Format("mermaid", (".mmd", ".mermaid"), "Mermaid mindmap diagrams"),
    "plantuml": Format("plantuml", (".puml", ".plantuml", ".pu"), "PlantUML @startmindmap diagrams"),
    "org": Format("org", (".org",), "org-mode headlines"),
}
_XML_ENCODING = re.compile(rb"<\?xml[^>]*?encoding=[\"']([A-Za-z0-9._-]+)[\"']")
_ORG_HEADLINE = re.compile(r"^(\*{2,} \S|\* (TODO|DONE) )", re.M)
_YAML_TREE = re.compile(r"^(- )?(text|title|topic|name|root|data|nodeData)\s*:")
_MERMAID_DIRECTIVE = re.compile(r"%%\{.*?\}%%", re.S)
MAX_WARNINGS = 30


def format_for_path(path: str) -> str | None:
    """The format a file name's extension stands for, or None."""
    suffix = PurePath(path).suffix.lower()
    for name, fmt in FORMATS.items():
        if suffix in fmt.extensions:
            return name
    return None


def sniff(data: bytes) -> str:
    """Guess a format from content, for stdin and unknown extensions."""
    if data.startswith(b"PK\x03\x04"):
        return "xmind"
    head = data[:8192].decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        return "freemind" if re.search(r"<map[\s>]", head) and "<opml" not in head else "opml"
    if head.startswith(("{", "[")):
        return "json"
    if "@startmindmap" in head:
        return "plantuml"
    unhinted = _MERMAID_DIRECTIVE.sub("", head)
    lines = [ln.strip() for ln in unhinted.splitlines() if ln.strip() and not ln.strip().startswith("%%")]
    body = lines[lines.index("---", 1) + 1 :] if lines[:1] == ["---"] and "---" in lines[1:] else lines
    if body[:1] and body[0].lower() == "mindmap":
        return "mermaid"
    if head.startswith("#+") or _ORG_HEADLINE.search(head):
        return "org"
    uncommented = [ln for ln in lines if not ln.startswith("# ")]
    if uncommented and _YAML_TREE.match(uncommented[0]) and not head.startswith("---"):
        return "yaml"
    if lines[:1] == ["---"] or head.startswith("#") or re.match(r"[-*+] |\d+[.)] ", head):
        return "markdown"
    return "text"


def decode(data: bytes, source: str, limits: Limits) -> str:
    """Bytes to text: no binary, UTF-8 (BOM allowed), errors with line and column."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:
            raise OutlineError(f"invalid UTF-16 ({exc.reason})", path=source) from None
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise OutlineError("binary data (NUL byte): not an outline", path=source, line=line)
    declared = _XML_ENCODING.match(data[:200])
    encoding = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    if encoding not in ("utf-8", "utf8"):  # older OPML/FreeMind exports: ISO-8859-1, cp1252
        try:
            return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
        except (LookupError, UnicodeDecodeError):
            message = f"cannot decode the file as its declared encoding {encoding!r}"
            raise OutlineError(message, path=source) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise OutlineError(
            f"invalid UTF-8 at column {column} (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            path=source,
            line=line,
            column=column,
        ) from None
    # CR-only and CRLF line endings both become LF, so line numbers agree with editors.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(
    data: bytes,
    *,
    source: str = "-",
    fmt: str | None = None,
    limits: Limits | None = None,
    sheet: str | None = None,
) -> Tree:
    """Parse outline bytes into a Tree; `fmt` forces a format, else extension, then sniffing.

    `sheet` picks one diagram of a file that holds several (an XMind sheet by number or
    name, a PlantUML diagram by number); formats with one diagram ignore it.
    """
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown input format {fmt!r} (choose from: {', '.join(FORMATS)})")
    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        raise LimitError(
            f"input is more than the limit of {limits.max_bytes:,} bytes (raise it with --limit-size)",
            path=source,
        )
    if not data.strip():
        raise OutlineError("empty outline: nothing to draw", path=source)
    name = fmt or format_for_path(source) or sniff(data)
    spec = FORMATS[name]
    module = importlib.import_module(f"{__name__}.{spec.module}")
    content: str | bytes = data if spec.binary else decode(data, source, limits)
    if isinstance(content, str) and not content.strip():
        raise OutlineError("empty outline: nothing to draw", path=source)
    if isinstance(content, str):  # long lines and dense markup cost minutes: refused first
        check_work(content, name, source, limits)
    tree: Tree = module.parse(content, source=source, limits=limits, sheet=sheet)
    return _finish(tree)


def _finish(tree: Tree) -> Tree:
    """What every parser's tree goes through: the map-level text cleaned as `freeze()` cleans
    the nodes (see `model.clean_text`), and the warnings capped."""
    links = tuple(replace(c, label=clean_folded(c.label) or None) if c.label else c for c in tree.crosslinks)
    return replace(
        tree,
        title=(clean_folded(tree.title) or tree.root.text) if tree.title else tree.title,
        tags=tuple(tag for tag in map(clean_folded, tree.tags) if tag),
        related=tuple(ref for ref in map(clean_text, tree.related) if ref),
        crosslinks=links,
        warnings=cap_warnings([clean_text(w) for w in tree.warnings]),
    )


def cap_warnings(warnings: list[str]) -> tuple[str, ...]:
    """At most MAX_WARNINGS messages, then a count of the rest: a file of a thousand broken
    lines must not print a thousand lines."""
    if len(warnings) <= MAX_WARNINGS:
        return tuple(warnings)
    extra = len(warnings) - MAX_WARNINGS
    return (*warnings[:MAX_WARNINGS], f"... and {extra} more warnings like these")


def title_from_source(source: str) -> str:
    """A title for a map with no title of its own: the file name without extension."""
    if source in ("-", ""):
        return "Mind map"
    return PurePath(source).stem or "Mind map"
