"""What label text is made of: grapheme clusters, scripts, emoji, and where a line may break.

The costly helpers are imported only when a label needs them: `regex` (grapheme clusters, for
text with combining marks, emoji sequences or conjoining jamo) and icu4py (ICU's dictionary word
breaks for Thai, Lao, Khmer and Myanmar, which write no spaces between words).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

ZWJ = "\u200d"
# Characters that join with their neighbours into one cluster: combining marks (by category,
# checked below), ZWJ, variation selectors, emoji modifiers, regional indicators, tags, keycap.
_JOINERS = re.compile(
    "[\u200c\u200d\ufe00-\ufe0f\u20e3\u1100-\u11ff\ud7b0-\ud7ff"
    "\U0001f1e6-\U0001f1ff\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\U000e0100-\U000e01ef]"
)
# Scripts written without spaces between words (Unicode line-break class SA): Thai, Lao,
# Myanmar, Khmer, Tai Tham, Tai Viet, Myanmar extensions, New Tai Lue.
_SA = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u1980-\u19df\u1a20-\u1aaf"
                 "\uaa60-\uaadf\ua9e0-\ua9ff]+")  # fmt: skip
# Emoji shown as pictures by default (Emoji_Presentation=Yes outside the big emoji blocks).
_EMOJI_PRESENTATION = set(
    "⌚⌛⏩⏪⏫⏬⏰⏳◽◾☔☕♈♉♊♋♌♍♎♏♐♑♒♓♿⚓⚡⚪⚫⚽⚾⛄⛅⛎⛔⛪⛲⛳⛵⛺⛽✅✊✋✨❌❎❓❔❕❗➕➖➗➰➿⬛⬜⭐⭕"
)
# Unicode name prefix -> script name used in messages.
_SCRIPT_NAMES = {
    "CJK": "Han", "HIRAGANA": "Japanese kana", "KATAKANA": "Japanese kana", "HANGUL": "Hangul",
    "BOPOMOFO": "Bopomofo", "IDEOGRAPHIC": "Han", "FULLWIDTH": "Fullwidth", "HALFWIDTH": "Fullwidth",
}  # fmt: skip
# Debian's packages that cover a script (all Noto); scripts not listed are in fonts-noto-core or
# fonts-noto-extra.
PACKAGES = {
    "Han": "fonts-noto-cjk", "Japanese kana": "fonts-noto-cjk", "Hangul": "fonts-noto-cjk",
    "Bopomofo": "fonts-noto-cjk", "Fullwidth": "fonts-noto-cjk", "Emoji": "fonts-noto-color-emoji",
}  # fmt: skip
DEFAULT_PACKAGE = "fonts-noto-core"


def clusters(text: str) -> list[str]:
    r"""`text` as extended grapheme clusters (UAX #29): a base with its combining marks, an
    emoji ZWJ sequence, a flag, a keycap, a skin-toned emoji each stay one piece.

    Text with joiners goes through `regex`'s \X (~50 ms to import, so only then); a base
    followed by combining marks (accents, Thai and Indic vowel signs) is joined here.

    >>> clusters("ok 👍🏽🇯🇵")
    ['o', 'k', ' ', '👍🏽', '🇯🇵']
    """
    if text.isascii():
        return list(text)
    if _JOINERS.search(text):
        found: list[str] = _grapheme().findall(text)
        return found
    out: list[str] = []
    for char in text:
        if out and unicodedata.category(char) in ("Mn", "Mc", "Me"):
            out[-1] += char
        else:
            out.append(char)
    return out


@functools.lru_cache(maxsize=1)
def _grapheme():  # type: ignore[no-untyped-def]
    import regex  # the standard re has no \X

    return regex.compile(r"\X")


def is_emoji(cluster: str) -> bool:
    """A cluster drawn as an emoji picture: an emoji-presentation character, or any sequence
    an emoji font draws (variation selector 16, ZWJ, skin tone, keycap, flag)."""
    first = ord(cluster[0])
    if 0x1F000 <= first <= 0x1FAFF and not 0x1F100 <= first <= 0x1F1E5:
        return True
    if cluster[0] in _EMOJI_PRESENTATION:
        return True
    return len(cluster) > 1 and any(
        c in "\ufe0f\u20e3\u200d" or 0x1F3FB <= ord(c) <= 0x1F3FF for c in cluster
    )


def drawn(cluster: str) -> str:
    """The characters of a cluster a font must have: joiners and selectors are not drawn alone."""
    kept = "".join(c for c in cluster if c not in "\u200c\u200d\ufe0e\ufe0f")
    return kept or cluster


def script_of(char: str) -> str:
    """A readable script name for messages: 'Thai', 'Han', 'Emoji', 'Devanagari', ..."""
    if is_emoji(char):
        return "Emoji"
    word = unicodedata.name(char, "UNKNOWN").split(" ")[0]
    return _SCRIPT_NAMES.get(word, word.title())


def by_script(chars: Iterable[str]) -> dict[str, str]:
    """Characters grouped by script, each group sorted."""
    groups: dict[str, list[str]] = {}
    for char in sorted(set(chars)):
        groups.setdefault(script_of(char), []).append(char)
    return {script: "".join(group) for script, group in sorted(groups.items())}


def word_breaks(text: str) -> set[int] | None:
    """Offsets inside runs of Thai, Lao, Khmer or Myanmar where a line may break: the word
    boundaries of ICU's dictionary line breaker. Empty when there are no such runs; None when
    there are but icu4py is not installed (then those runs break only where they must)."""
    runs = list(_SA.finditer(text))
    if not runs:
        return set()
    breaker = _line_breaker()
    if breaker is None:
        return None
    found: set[int] = set()
    for run in runs:  # these scripts are all in the BMP: ICU's UTF-16 offsets are ours
        ends = (end for _, end in breaker(run.group(), "").segments())
        found.update(run.start() + end for end in ends if 0 < end < len(run.group()))
    return found


def has_sa(text: str) -> bool:
    return bool(_SA.search(text))


@functools.lru_cache(maxsize=1)
def _line_breaker():  # type: ignore[no-untyped-def]
    try:  # ICU's line break iterator; ~0.1 s to import, so only for labels that need it
        from icu4py.breakers import LineBreaker
    except ImportError:
        return None
    return LineBreaker


def missing_message(chars: Iterable[str]) -> str:
    """The warning for characters no installed font could draw: each script's characters and
    the Debian package whose fonts cover that script, or, when that package is installed, that
    a font with that script is needed (so the advice is never "install what you have").

    >>> missing_message("\\u0e20")  # doctest: +SKIP
    "no installed font has glyphs for 'ภ' (Thai: install fonts-noto-core); they show as boxes"
    """
    parts = []
    for script, group in by_script(chars).items():
        package = PACKAGES.get(script, DEFAULT_PACKAGE)
        if _installed(package):
            hint = f"{package} is installed but does not cover them; add a font that does to font.family"
        else:
            hint = f"install {package}"
        parts.append(f"{group[:20]!r} ({script}: {hint})")
    return f"no installed font has glyphs for {'; '.join(parts)}: they show as boxes"


@functools.lru_cache(maxsize=16)
def _installed(package: str) -> bool:
    """Whether Debian's package manager says `package` is installed (False off Debian)."""
    import shutil
    import subprocess

    dpkg = shutil.which("dpkg-query")
    if dpkg is None:
        return False
    try:
        status = subprocess.run(
            [dpkg, "-W", "-f=${Status}", package], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return status.strip().endswith("installed") and "not-installed" not in status
