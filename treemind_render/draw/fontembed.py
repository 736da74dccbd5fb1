"""Portable SVG: embed subsets of the fonts an SVG uses, so any browser draws it the same.

A viewer draws SVG text with its own fonts: on a machine without the map's fonts (most
phones, GitHub in a browser without CJK fonts) wrapped labels overflow or show as boxes. Here
every face the text uses (family, bold, italic) is subset with fontTools to the characters
drawn with it and added as a WOFF2 (WOFF without brotli) data URI in a `<style>` block.

- Each subset gets its own family name, `tm-<hash>`, so two maps inlined in one web page
  never borrow each other's subsets.
- The font-family attributes are left alone; a CSS rule scoped to this SVG (a class on its
  root) puts the embedded family first. The rule sits inside `@media all`, which browsers
  apply and cairosvg skips: PNG and PDF, drawn by cairo with the installed fonts, do not
  change (cairosvg would only try the first family of the list, which it cannot find).
- Same SVG in, same bytes out: subsets keep the font's timestamps and are named by hash.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from defusedxml.ElementTree import fromstring

from ..text.fonts import GENERIC, FontFile, match
from .svg import SVG_NS

_Q = f"{{{SVG_NS}}}"
_TEXT_TAGS = (f"{_Q}text", f"{_Q}tspan", f"{_Q}textPath")
Face = tuple[str, bool, bool]  # family, bold, italic


def embed_fonts(svg: bytes) -> bytes:
    """The SVG with subsets of its fonts embedded; unchanged when no font can be found."""
    root = fromstring(svg)
    used: dict[Face, set[str]] = {}
    families: set[str] = set()
    for text in root.iter(f"{_Q}text"):
        for face, value, chars in _runs(text, "", "", "normal", "normal"):
            families.add(value)
            used.setdefault(face, set()).update(chars)
    rules = _font_faces(used)
    if not rules:
        return svg
    aliases = {family: alias for family, alias, _ in rules}
    scope = "tm-fonts-" + hashlib.sha256("".join(css for *_, css in rules).encode()).hexdigest()[:10]
    root.set("class", f"{root.get('class', '')} {scope}".strip())
    style = ET.Element(f"{_Q}style", {"type": "text/css"})
    style.text = "".join(css for *_, css in rules) + _overrides(scope, families, aliases)
    root.insert(_style_index(root), style)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def _runs(
    element: ET.Element, family: str, value: str, weight: str, style: str
) -> Iterator[tuple[Face, str, str]]:
    """(face, font-family attribute value, characters) for an element's text, with inheritance."""
    value = element.get("font-family") or value
    family = _first_family(value) if element.get("font-family") else family
    weight = element.get("font-weight") or weight
    style = element.get("font-style") or style
    face = (family, _is_bold(weight), style in ("italic", "oblique"))
    if element.text and family:
        yield face, value, element.text
    for child in element:
        if child.tag in _TEXT_TAGS:
            yield from _runs(child, family, value, weight, style)
        if child.tail and family:
            yield face, value, child.tail


def _first_family(value: str) -> str:
    return value.split(",")[0].strip().strip("\"'")


def _is_bold(weight: str) -> bool:
    return weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)


def _font_faces(used: dict[Face, set[str]]) -> list[tuple[str, str, str]]:
    """(family, alias, @font-face rules) per family that an installed font could be found for."""
    by_file: dict[str, dict[tuple[FontFile, bool, bool], set[str]]] = {}
    for (family, bold, italic), chars in sorted(used.items()):
        font, bold, italic = _face_file(family, bold, italic)
        if font is not None:
            by_file.setdefault(family, {}).setdefault((font, bold, italic), set()).update(chars)
    out = []
    for family, faces in sorted(by_file.items()):
        subsets = []
        for (font, bold, italic), chars in faces.items():
            try:
                subsets.append((bold, italic, _subset(font, "".join(sorted(chars)))))
            except Exception:  # noqa: BLE001 - a damaged font file: that face is not embedded
                continue
        if not subsets:
            continue
        subsets.sort(key=lambda s: (s[0], s[1]))
        alias = "tm-" + hashlib.sha256(b"".join(data for *_, data in subsets)).hexdigest()[:10]
        out.append((family, alias, "".join(_face_rule(alias, *s) for s in subsets)))
    return out


def _face_file(family: str, bold: bool, italic: bool) -> tuple[FontFile | None, bool, bool]:
    """The file for a face; a style the family has no file of its own for is left to the
    browser to synthesise from the plain face (as cairo does), so it joins that subset."""
    font = match(family, bold, italic)
    if font is None:
        return None, False, False
    if italic and font == match(family, bold, False):
        italic = False
    if bold and font == match(family, False, italic):
        bold = False
    return font, bold, italic


def _subset(font: FontFile, chars: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = _flavor()
    options.hinting = False  # browsers scale outlines fine; hints are a large share of a subset
    options.desubroutinize = True  # compresses better
    options.name_IDs = [1, 2]
    # no kerning, ligatures or localised forms: treemind measured plain advances, and so the
    # boxes fit the text exactly as measured (and the subset stays small)
    options.layout_features = ["ccmp", "mark", "mkmk"]
    log = logging.getLogger("fontTools.subset")
    level = log.level
    log.setLevel(logging.ERROR)  # not "FFTM NOT subset; dropped" for every map
    try:
        with TTFont(font.path, fontNumber=font.index, recalcTimestamp=False, lazy=False) as tt:
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes={ord(c) for c in chars + " "})
            subsetter.subset(tt)
            tt.flavor = options.flavor
            out = io.BytesIO()
            tt.save(out, reorderTables=False)
    finally:
        log.setLevel(level)
    return out.getvalue()


def _flavor() -> str:
    """WOFF2 needs the brotli module; WOFF (zlib) is the fallback every browser also reads."""
    return "woff2" if importlib.util.find_spec("brotli") else "woff"


def _face_rule(alias: str, bold: bool, italic: bool, data: bytes) -> str:
    flavor = "woff2" if data[:4] == b"wOF2" else "woff"
    url = f"data:font/{flavor};base64,{base64.b64encode(data).decode('ascii')}"
    return (
        f'@font-face{{font-family:"{alias}";font-weight:{700 if bold else 400};'
        f"font-style:{'italic' if italic else 'normal'};"
        f'src:url({url}) format("{flavor}")}}\n'
    )


def _overrides(scope: str, values: set[str], aliases: dict[str, str]) -> str:
    """CSS putting each embedded family before the families the text names."""
    rules = []
    for value in sorted(values):
        alias = aliases.get(_first_family(value))
        if alias is None:
            continue
        stack = ",".join([f'"{alias}"', *(_css_family(f) for f in value.split(",") if f.strip())])
        rules.append(f'.{scope} [font-family="{_css_string(value)}"]{{font-family:{stack}}}')
    return "@media all{\n" + "\n".join(rules) + "\n}\n" if rules else ""


def _css_family(name: str) -> str:
    name = name.strip().strip("\"'")
    return name if name.lower() in GENERIC else f'"{_css_string(name)}"'


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _style_index(root: ET.Element) -> int:
    """Just after the title, description and source stamp: the stamp must stay near the top."""
    heads = (f"{_Q}title", f"{_Q}desc", f"{_Q}metadata")
    index = 0
    for i, child in enumerate(root):
        if child.tag not in heads:
            break
        index = i + 1
    return index
