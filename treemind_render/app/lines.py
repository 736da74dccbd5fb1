"""What treemind prints is one line per message: names and text from inputs are escaped.

A file name may hold any byte but `/` and NUL: a newline followed by `::error ...` would print a
line GitHub Actions runs as a workflow command, an escape sequence would restyle a terminal,
bytes that are not UTF-8 cannot be printed at all (`bad\\xff.md`), and control characters make a
JUnit report ill-formed XML. So every name and message is shown through `one_line`.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, line and paragraph separators, and lone surrogates (from file names
# that are not UTF-8: Python keeps each undecodable byte as U+DC80..U+DCFF)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    r"""`text` with every character that could end a line, restyle a terminal or not encode
    escaped: `one_line("a\n::error::x")` is `a\\n::error::x`; an undecodable byte is `\\xff`.
    """
    if text.isprintable():  # the common case: nothing to escape
        return text
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name, as Python keeps it
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def xml_safe(text: str) -> str:
    """`text` for an XML document (a JUnit report): characters XML forbids escaped, line breaks
    and tabs kept (a traceback is several lines)."""
    return "\n".join(one_line(part) for part in text.split("\n"))
