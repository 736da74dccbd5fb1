"""Which links a map may carry: http(s), mailto and relative ones, nothing that runs or leaves."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

_UNSAFE_URL_CHARS = re.compile(r"[\x00-\x20\x7f]")
# Browsers read `\` as `/` in http(s) URLs, so `\\host/x` and `/\host/x` are `//host/x`.
_OTHER_HOST = re.compile(r"[/\\]{2}")


def safe_link(url: str | None) -> str | None:
    """The link if it is http(s), mailto or relative; None for anything else (javascript:...).

    Control characters and whitespace are removed first, and the scheme is checked on the
    HTML-decoded text too, so `java\tscript:` and `javascript&colon;` are refused. A relative
    link may not start with two slashes or backslashes (`//host`, `\\\\host`, `/\\host`): a
    browser takes that to another host.
    """
    if not url:
        return None
    cleaned = _UNSAFE_URL_CHARS.sub("", url)
    for candidate in (cleaned, _UNSAFE_URL_CHARS.sub("", html.unescape(cleaned))):
        try:
            parts = urlsplit(candidate)
        except ValueError:
            return None
        if parts.scheme.lower() in ("http", "https", "mailto"):
            continue
        if parts.scheme or _OTHER_HOST.match(candidate) or ":" in candidate.split("/")[0]:
            return None
    return cleaned or None
