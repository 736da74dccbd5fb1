"""Colour values: validation, normalisation to #rrggbb, and WCAG contrast."""

from __future__ import annotations

import re

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")

# The commonest CSS names, read without loading a CSS parser (a one-shot render stays fast);
# every other CSS colour (all 148 names, rgb(), hsl(), hwb(), #rgba...) goes through tinycss2.
NAMED = {
    "black": "#000000",
    "white": "#ffffff",
    "gray": "#808080",
    "grey": "#808080",
    "silver": "#c0c0c0",
    "red": "#ff0000",
    "maroon": "#800000",
    "orange": "#ffa500",
    "yellow": "#ffff00",
    "olive": "#808000",
    "lime": "#00ff00",
    "green": "#008000",
    "teal": "#008080",
    "aqua": "#00ffff",
    "cyan": "#00ffff",
    "blue": "#0000ff",
    "navy": "#000080",
    "purple": "#800080",
    "fuchsia": "#ff00ff",
    "magenta": "#ff00ff",
    "pink": "#ffc0cb",
    "brown": "#a52a2a",
    "gold": "#ffd700",
    "indigo": "#4b0082",
    "crimson": "#dc143c",
    "coral": "#ff7f50",
    "salmon": "#fa8072",
    "tomato": "#ff6347",
    "steelblue": "#4682b4",
    "slategray": "#708090",
    "darkslategray": "#2f4f4f",
    "whitesmoke": "#f5f5f5",
    "ivory": "#fffff0",
    "beige": "#f5f5dc",
    "linen": "#faf0e6",
}


COLOR_FORMS = "a CSS colour: a name like darkgreen, #rgb, #rrggbb, rgb(), hsl() or hwb()"


def parse_color(value: str) -> str | None:
    """Any opaque CSS colour -> `#rrggbb` (lower case); None if it is not one.

    >>> parse_color("rebeccapurple"), parse_color("rgb(1, 2, 3)"), parse_color("hsl(120 50% 50%)")
    ('#663399', '#010203', '#40bf40')
    """
    text = value.strip().lower()
    if text in NAMED:
        return NAMED[text]
    if _HEX.fullmatch(text):
        if len(text) == 4:
            text = "#" + "".join(c * 2 for c in text[1:])
        return text
    if not text or len(text) > 100:
        return None
    return _css_color(text)


def _css_color(text: str) -> str | None:
    from tinycss2.color4 import parse_color as css

    try:
        color = css(text)
        if color is None or isinstance(color, str) or color.alpha < 1:  # currentcolor; transparency
            return None
        red, green, blue = color.to("srgb").coordinates
    except (NotImplementedError, ValueError, TypeError):  # lab(), oklch(): no conversion here
        return None
    channels = (min(255, max(0, round(c * 255))) for c in (red, green, blue))
    return "#" + "".join(f"{c:02x}" for c in channels)


def luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of a `#rrggbb` colour."""
    channels = []
    for i in (1, 3, 5):
        c = int(color[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two `#rrggbb` colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(background: str, dark: str = "#1f2328", light: str = "#ffffff") -> str:
    """The one of `dark` / `light` text colours that reads better on `background`."""
    return dark if contrast(dark, background) >= contrast(light, background) else light


AA = 4.5  # WCAG 2.1 AA contrast for normal text


def readable(color: str, background: str, target: float = AA) -> str:
    """`color` itself when it reads on `background` at `target` (WCAG AA), else the colour
    nearest to it, mixed toward black or white in 5% steps, that does: the author's hue kept.

    >>> readable("#ffffff", "#ffcc00")
    '#595959'
    """
    if contrast(color, background) >= target:
        return color
    found: list[tuple[int, str]] = []
    for end in ("#000000", "#ffffff"):
        for step in range(1, 21):
            mixed = _mix(color, end, step / 20)
            if contrast(mixed, background) >= target:
                found.append((step, mixed))
                break
    return min(found)[1] if found else readable_on(background)


def _mix(a: str, b: str, share: float) -> str:
    """`a` with `share` of `b` mixed in, channel by channel."""
    channels = (round(int(a[i : i + 2], 16) * (1 - share) + int(b[i : i + 2], 16) * share) for i in (1, 3, 5))
    return "#" + "".join(f"{c:02x}" for c in channels)
