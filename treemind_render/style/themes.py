"""Themes: load YAML (built-in name or path), merge `extends`, validate, resolve a Style per node."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import diskcache
from ..colors import contrast, parse_color, readable, readable_on
from ..errors import ThemeError, did_you_mean
from ..model import Placed
from .schema import SHAPES, validate


@dataclass(frozen=True)
class Style:
    """Everything the later stages need to draw one node and the edge into it."""

    shape: str
    fill: str | None
    stroke: str | None
    stroke_width: float
    text: str
    font_family: tuple[str, ...]
    mono_family: tuple[str, ...]
    font_size: float
    bold: bool
    italic: bool
    padding: tuple[float, float]  # (vertical, horizontal)
    max_width: float
    align: str
    branch_color: str
    edge_style: str
    edge_color: str
    edge_width: float
    contrast_note: str | None = None  # how the text colour was changed to be readable, if it was
    behind: str = "#ffffff"  # what the text is read on: the fill, else the background


@dataclass(frozen=True)
class Theme:
    """A validated theme; `data` is the merged YAML mapping."""

    name: str
    data: dict[str, Any]
    source: str

    @property
    def background(self) -> str | None:
        value = self.data.get("background", "#ffffff")
        return None if value == "none" else parse_color(value)

    @property
    def description(self) -> str:
        return str(self.data.get("description", ""))

    def spacing(self, key: str, depth: int) -> float:
        """Gap at a depth from the `spacing` list (the last entry applies deeper)."""
        values = self.data["spacing"][key]
        return float(values[min(depth, len(values) - 1)])

    @property
    def margin(self) -> float:
        return float(self.data["spacing"].get("margin", 24))

    def level(self, depth: int) -> dict[str, Any]:
        levels = self.data["levels"]
        return levels[min(depth, len(levels) - 1)]

    def branch_color(self, index: int) -> str:
        palette = self.data["palette"]
        return str(parse_color(palette[index % len(palette)]))

    def style(self, depth: int, branch: str, attrs: dict[str, str]) -> Style:
        """The Style of a node at `depth` on a branch of colour `branch`, with node overrides."""
        level = self.level(depth)
        font = self.data["font"]
        fill = _pick(level.get("fill", "none"), branch)
        fill = parse_color(attrs["fill"]) if "fill" in attrs and parse_color(attrs["fill"]) else fill
        behind = fill or self.background or "#ffffff"
        text = level.get("text", "auto")
        text_color = readable_on(behind) if text == "auto" else str(_pick(text, branch))
        if "text" in attrs and parse_color(attrs["text"]):
            text_color = str(parse_color(attrs["text"]))
        note = None
        if {"color", "fill", "text"} & attrs.keys():  # colours from the outline: keep them readable
            fixed = readable(text_color, behind)
            if fixed != text_color:
                note = (
                    f"text {text_color} on {behind} has contrast {contrast(text_color, behind):.1f}:1,"
                    f" drawn in {fixed} ({contrast(fixed, behind):.1f}:1, WCAG AA)"
                )
                text_color = fixed
        edges = self.data["edges"]
        widths = edges["width"]
        shape = level.get("shape", "rounded")
        stroke = _pick(level.get("stroke", "none"), branch)
        if attrs.get("shape") in SHAPES and attrs["shape"] != shape:
            # The node's own shape (a Mermaid cloud, a PlantUML boxless topic): drawn as asked,
            # outlined in its branch colour when the level would leave an outline invisible.
            shape = attrs["shape"]
            if shape not in ("plain", "underline") and not fill and not stroke:
                stroke = branch
        return Style(
            shape=shape,
            fill=fill,
            stroke=stroke,
            stroke_width=float(level.get("stroke_width", 1.5)),
            text=text_color,
            font_family=tuple(font["family"]),
            mono_family=tuple(font.get("mono", ["DejaVu Sans Mono", "monospace"])),
            font_size=float(level.get("font_size", font.get("size", 13))),
            bold=bool(level.get("bold", False)),
            italic=bool(level.get("italic", False)),
            padding=_padding(level.get("padding", [4, 8])),
            max_width=min(float(level.get("max_width", 240)), float(self.data.get("max_width", 5000))),
            align=level.get("align", "center"),
            branch_color=branch,
            edge_style=edges.get("style", "curved"),
            edge_color=str(_pick(edges.get("color", "branch"), branch)),
            edge_width=float(widths[min(max(depth - 1, 0), len(widths) - 1)]),
            contrast_note=note,
            behind=behind,
        )


def resolve(placed: Iterable[Placed], theme: Theme) -> dict[str, Style]:
    """A Style for every node id; branch colours are handed down from the freeze level."""
    freeze = int(theme.data.get("color_freeze_level", 1))
    branch_of: dict[str, str] = {}
    counters = 0
    styles: dict[str, Style] = {}
    for item in placed:
        attrs = dict(item.node.attrs)
        if item.depth == freeze or item.parent is None:
            color = theme.branch_color(counters if item.parent is not None else 0)
            counters += item.parent is not None
        else:
            color = branch_of[item.parent] if item.parent in branch_of else theme.branch_color(0)
        if "color" in attrs and parse_color(attrs["color"]):
            color = str(parse_color(attrs["color"]))
        branch_of[item.id] = color
        styles[item.id] = theme.style(item.depth, color, attrs)
    return styles


def _pick(value: str, branch: str) -> str | None:
    if value == "branch":
        return branch
    if value == "none":
        return None
    return parse_color(value)


def _padding(value: Any) -> tuple[float, float]:
    if isinstance(value, (int, float)):
        return float(value), float(value)
    if len(value) == 1:
        return float(value[0]), float(value[0])
    return float(value[0]), float(value[1])


# --- loading -------------------------------------------------------------------------------


def themes_dir() -> Path:
    """Built-in themes: inside the installed package, or the repository's `themes/`."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "themes"
    return packaged if packaged.is_dir() else package.parent / "themes"


def builtin_names() -> list[str]:
    return sorted(p.stem for p in themes_dir().glob("*.yaml"))


def load_theme(name_or_path: str | None = None) -> Theme:
    """Load a built-in theme by name or a YAML file by path, with `extends` merged in."""
    data, source = _load_chain(name_or_path or "default", seen=())
    name = str(data.get("name") or Path(source).stem)
    validate(data, source)
    return Theme(name=name, data=data, source=source)


def with_overrides(overrides: dict[str, Any], source: str) -> Theme:
    """A per-map theme: keys over a built-in theme (`extends: NAME`, default `default`)."""
    parent = overrides.get("extends", "default")
    if not isinstance(parent, str) or parent not in builtin_names() or parent == "base":
        raise ThemeError(f"the map's theme may only extend a built-in theme, not {parent!r}", path=source)
    base = load_theme(parent)
    data = _merge(base.data, {k: v for k, v in overrides.items() if k != "extends"})
    validate(data, source)
    return Theme(name=str(data.get("name") or base.name), data=data, source=source)


def _load_chain(ref: str, seen: tuple[str, ...]) -> tuple[dict[str, Any], str]:
    path = _locate(ref)
    key = str(path)
    if key in seen:
        raise ThemeError(f"theme 'extends' loops: {' -> '.join(seen + (key,))}", path=key)
    raw = _read_yaml(path)
    parent_ref = raw.get("extends")
    if parent_ref is None:
        if path.parent != themes_dir() or path.stem != "base":
            base, _ = _load_chain("base", seen + (key,))
            return _merge(base, raw), key
        return raw, key
    try:
        parent, _ = _load_chain(_parent_ref(parent_ref, path), seen + (key,))
    except ThemeError as exc:
        if exc.path is not None:
            raise
        raise ThemeError(f"key 'extends': {exc.message}", path=key) from None  # name the file that says it
    return _merge(parent, raw), key


def _parent_ref(parent_ref: object, path: Path) -> str:
    """What `extends:` names, a path relative to the theme file that names it."""
    if not isinstance(parent_ref, str):
        raise ThemeError("key 'extends': expected a theme name or path", path=str(path))
    if not Path(parent_ref).is_absolute() and ("/" in parent_ref or parent_ref.endswith(".yaml")):
        return str(path.parent / parent_ref)
    return parent_ref


def _is_path(ref: str) -> bool:
    return ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref


def theme_files(ref: str) -> Iterator[Path]:
    """The theme files of `ref`'s `extends` chain (built-in themes left out), each one yielded
    before it is opened, so that a caller can refuse it first (fences keep the chain inside the
    repository). A loop ends the chain here; load_theme reports it."""
    seen: set[Path] = set()
    while _is_path(ref):
        path = Path(ref)
        if path in seen:
            return
        seen.add(path)
        yield path
        parent = _read_yaml(_locate(ref)).get("extends")
        if parent is None:
            return
        ref = _parent_ref(parent, path)


def _locate(ref: str) -> Path:
    if _is_path(ref):
        path = Path(ref)
        if not path.is_file():
            raise ThemeError(f"theme file not found: {ref}")
        return path
    path = themes_dir() / f"{ref}.yaml"
    if not path.is_file():
        names = [n for n in builtin_names() if n != "base"]
        raise ThemeError(
            f"unknown theme {ref!r}{did_you_mean(ref, names)} (choose from: {', '.join(names)},"
            " or give a .yaml path)"
        )
    return path


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemeError(f"cannot read theme: {exc}", path=str(path)) from None
    cached = diskcache.read_json("themes", text)  # keyed by the text itself, so never stale
    data = cached.get("data") if isinstance(cached, dict) else None
    if data is None:
        data = _parse_yaml(text, path)
        if _same_after_json(data):
            diskcache.write_json("themes", text, {"data": data})
    if not isinstance(data, dict):
        raise ThemeError("a theme must be a YAML mapping of keys", path=str(path))
    return data


def _parse_yaml(text: str, path: Path) -> Any:
    """PyYAML costs ~20 ms to import and parse two themes, so it runs only on a cache miss."""
    import yaml

    from .. import safe_yaml

    try:
        return safe_yaml.load(text)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ThemeError(
            f"not valid YAML: {problem}", path=str(path), line=safe_yaml.error_line(exc)
        ) from None


def _same_after_json(data: Any) -> bool:
    """Whether JSON keeps this value as it is (YAML also has dates, int keys, sets...)."""
    try:
        return bool(json.loads(json.dumps(data)) == data)
    except (TypeError, ValueError):
        return False


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Deep merge: mappings merge key by key; anything else in `over` replaces."""
    merged = dict(base)
    for key, value in over.items():
        if key == "extends":
            continue
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def contrast_issues(theme: Theme) -> list[str]:
    """Labels whose text fails WCAG 2.1 contrast against what is behind them (4.5:1, or 3:1 for
    text of 18pt and larger, or 14pt bold), for every level and every palette colour."""
    issues = []
    palette = theme.data["palette"]
    for depth in range(len(theme.data["levels"])):
        for index in range(len(palette)):
            style = theme.style(depth, theme.branch_color(index), {})
            behind = style.fill or theme.background or "#ffffff"
            large = style.font_size >= 18 or (style.bold and style.font_size >= 14)
            needed = 3.0 if large else 4.5
            ratio = contrast(style.text, behind)
            if ratio < needed:
                issues.append(
                    f"level {depth}: text {style.text} on {behind} has contrast {ratio:.2f}:1,"
                    f" under {needed:g}:1"
                )
    return sorted(set(issues))
