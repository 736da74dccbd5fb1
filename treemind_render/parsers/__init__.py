"""Input formats: detect the format of an outline and parse it into a Tree."""

from __future__ import annotations

import importlib
from pathlib import PurePath

from ..errors import LimitError, OutlineError, UsageError
from ..model import Limits, Tree

# format name -> (module, file extensions)
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "markdown": ("markdown", (".md", ".markdown", ".mdown", ".mkd")),
    "text": ("text", (".txt", ".outline", ".text")),
}


def format_for_path(path: str) -> str | None:
    """The format a file name's extension stands for, or None."""
    suffix = PurePath(path).suffix.lower()
    for name, (_, extensions) in FORMATS.items():
        if suffix in extensions:
            return name
    return None


def sniff(text: str) -> str:
    """Guess a format from content: Markdown if it has headings, list markers or frontmatter."""
    for raw in text.splitlines()[:200]:
        line = raw.strip()
        if not line:
            continue
        if line == "---" or line.startswith("#"):
            return "markdown"
        break
    return "text"


def decode(data: bytes, source: str, limits: Limits) -> str:
    """Bytes to text: size limit, no binary, UTF-8 (BOM allowed), errors with line and column."""
    if len(data) > limits.max_bytes:
        raise LimitError(
            f"input is more than the limit of {limits.max_bytes:,} bytes (raise it with --limit-size)",
            path=source,
        )
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
) -> Tree:
    """Parse outline bytes into a Tree; `fmt` forces a format, else extension, then sniffing."""
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown input format {fmt!r} (choose from: {', '.join(FORMATS)})")
    limits = limits or Limits()
    text = decode(data, source, limits)
    if not text.strip():
        raise OutlineError("empty outline: nothing to draw", path=source)
    name = fmt or format_for_path(source) or sniff(text)
    module = importlib.import_module(f"{__name__}.{FORMATS[name][0]}")
    tree: Tree = module.parse(text, source=source, limits=limits)
    return tree


def title_from_source(source: str) -> str:
    """A title for a map with no title of its own: the file name without extension."""
    if source in ("-", ""):
        return "Mind map"
    return PurePath(source).stem or "Mind map"
