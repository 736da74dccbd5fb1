"""Validation of a merged theme mapping: every key known, every value of the right kind."""

from __future__ import annotations

import difflib
from typing import Any

from ..colors import COLOR_FORMS, parse_color
from ..errors import ThemeError

# The last four are what Mermaid mind maps draw; a node may ask for any of these (attr `shape`).
SHAPES = ("rounded", "pill", "box", "underline", "plain", "ellipse", "circle", "hexagon", "cloud", "bang")
EDGE_STYLES = ("tapered", "curved", "straight", "elbow")
ALIGNS = ("center", "left")
TOP_KEYS = (
    "name",
    "description",
    "extends",
    "background",
    "font",
    "palette",
    "color_freeze_level",
    "max_width",
    "levels",
    "edges",
    "spacing",
)
FONT_KEYS = ("family", "size", "mono")
EDGE_KEYS = ("style", "width", "color")
SPACING_KEYS = ("rank", "sibling", "margin")
LEVEL_KEYS = (
    "shape",
    "fill",
    "stroke",
    "stroke_width",
    "text",
    "font_size",
    "bold",
    "italic",
    "padding",
    "max_width",
    "align",
)
# Colour keys and the words each accepts besides a colour.
COLOR_WORDS = {"fill": ("branch", "none"), "stroke": ("branch", "none"), "text": ("branch", "auto")}
_FAMILY_CHARS = set("<>&\"'\\;:{}[]=,\n\r\t")


def validate(data: dict[str, Any], source: str) -> None:
    """Raise ThemeError naming the file and, one line each, every key that is wrong."""
    check = _Checker(source)
    check.keys(data, TOP_KEYS, "")
    for key in ("name", "description"):
        if key in data:
            check.string(data[key], key)
    check.color(data.get("background"), "background", ("none",))
    font = check.mapping(data.get("font"), "font", FONT_KEYS)
    check.families(font.get("family"), "font.family")
    check.families(font.get("mono", ["monospace"]), "font.mono")
    check.number(font.get("size", 13), "font.size", 4, 200)
    palette = data.get("palette")
    if not isinstance(palette, list) or not palette:
        check.fail("palette", "expected a non-empty list of colours")
        palette = []
    for i, color in enumerate(palette):
        check.color(color, f"palette[{i}]", ())
    check.number(data.get("color_freeze_level", 1), "color_freeze_level", 1, 20, integer=True)
    if "max_width" in data:  # caps every level's max_width (markmap's maxWidth)
        check.number(data["max_width"], "max_width", 20, 5000)
    levels = data.get("levels")
    if not isinstance(levels, list) or not levels:
        check.fail("levels", "expected a non-empty list of level mappings")
        levels = []
    for i, level in enumerate(levels):
        check.level(level, f"levels[{i}]")
    edges = check.mapping(data.get("edges"), "edges", EDGE_KEYS)
    check.choice(edges.get("style", "curved"), "edges.style", EDGE_STYLES)
    check.numbers(edges.get("width"), "edges.width", 0, 30)
    check.color(edges.get("color", "branch"), "edges.color", ("branch",))
    spacing = check.mapping(data.get("spacing"), "spacing", SPACING_KEYS)
    check.numbers(spacing.get("rank"), "spacing.rank", 0, 1000)
    check.numbers(spacing.get("sibling"), "spacing.sibling", 0, 1000)
    check.number(spacing.get("margin", 24), "spacing.margin", 0, 1000)
    if check.problems:
        raise ThemeError("\n".join(check.problems), path=source)


class _Checker:
    """Checks that note every problem (validate raises them together at the end)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def fail(self, key: str, expected: str) -> None:
        self.problems.append(f"key '{key}': {expected}")

    def keys(self, data: dict[str, Any], known: tuple[str, ...], prefix: str) -> None:
        for key in data:
            if key not in known:
                hint = difflib.get_close_matches(str(key), known, n=1)
                did_you_mean = f"; did you mean '{hint[0]}'?" if hint else ""
                self.problems.append(f"unknown key '{prefix}{key}' (known: {', '.join(known)}){did_you_mean}")

    def mapping(self, value: Any, key: str, known: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(key, "expected a mapping")
            return {}
        self.keys(value, known, key + ".")
        return value

    def string(self, value: Any, key: str) -> None:
        if not isinstance(value, str):
            self.fail(key, f"expected text, got {type(value).__name__} {value!r}")

    def number(self, value: Any, key: str, low: float, high: float, integer: bool = False) -> None:
        kinds: tuple[type, ...] = (int,) if integer else (int, float)
        is_number = isinstance(value, kinds) and not isinstance(value, bool)
        if not is_number:
            kind = "a whole number" if integer else "a number"
            self.fail(key, f"expected {kind}, got {type(value).__name__} {value!r}")
        elif not low <= value <= high:
            self.fail(key, f"{value!r} is out of range (expected {low} to {high})")

    def numbers(self, value: Any, key: str, low: float, high: float) -> None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list) or not value:
            return self.fail(key, "expected a number or a non-empty list of numbers")
        for i, item in enumerate(value):
            self.number(item, f"{key}[{i}]", low, high)

    def choice(self, value: Any, key: str, choices: tuple[str, ...]) -> None:
        if value not in choices:
            self.fail(key, f"{value!r} is not one of: {', '.join(choices)}")

    def color(self, value: Any, key: str, words: tuple[str, ...]) -> None:
        if value is None and key == "background":
            return
        if isinstance(value, str) and (value in words or parse_color(value)):
            return
        extra = f", or {' / '.join(words)}" if words else ""
        self.fail(key, f"{value!r} is not a colour (expected {COLOR_FORMS}{extra})")

    def families(self, value: Any, key: str) -> None:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            return self.fail(key, "expected a font family name or a list of them")
        for name in value:
            if (
                not isinstance(name, str)
                or not name.strip()
                or _FAMILY_CHARS & set(name)
                or not name.isprintable()
            ):
                self.fail(key, f"{name!r} is not a plain font family name")

    def level(self, level: Any, key: str) -> None:
        if not isinstance(level, dict):
            return self.fail(key, "expected a mapping of level keys")
        self.keys(level, LEVEL_KEYS, key + ".")
        self.choice(level.get("shape", "rounded"), f"{key}.shape", SHAPES)
        self.choice(level.get("align", "center"), f"{key}.align", ALIGNS)
        for name, words in COLOR_WORDS.items():
            if name in level:
                self.color(level[name], f"{key}.{name}", words)
        for name, low, high in (("stroke_width", 0, 20), ("font_size", 4, 200), ("max_width", 20, 5000)):
            if name in level:
                self.number(level[name], f"{key}.{name}", low, high)
        for name in ("bold", "italic"):
            if name in level and not isinstance(level[name], bool):
                self.fail(f"{key}.{name}", f"expected true or false, got {level[name]!r}")
        if "padding" in level:
            self.numbers(level["padding"], f"{key}.padding", 0, 200)
