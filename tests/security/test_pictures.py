"""Threat: a picture named by an outline (`![alt](src)`, an OPML or FreeMind `<img>`, an XMind
image, a JSON HTML label) used to fetch a URL, to read a file outside the outline's folder (a
path out of it, an absolute path, a symlink, a hidden folder such as `.git/`), to exhaust memory
(a huge file or a decompression bomb), or to smuggle script or fetches into the output (an SVG
picture with `<script>`, `on*`, `@import`, `<use>`, `<image>`, `<foreignObject>`).

Guarantee: a picture is drawn only from a PNG, JPEG or SVG file inside the outline's folder tree
(a fence's: the repository), under --limit-image, decoded and encoded again (SVG: sanitised, then
rasterised with a fetcher that refuses everything); the SVG output carries it as an inline PNG
or JPEG and nothing else; anything else stays a picture mark with a warning (`--strict` fails).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

RED = (255, 0, 0)


def red_png(path: Path, size: tuple[int, int] = (200, 100)) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, RED).save(path)
    return path


def nodes(cli, src: Path, *args: str) -> tuple[dict, str]:
    result = cli(["render", str(src), "-f", "json", "-o", "-", *args])
    assert result.code == 0, result.err
    return {n["text"]: n for n in json.loads(result.out)["nodes"]}, result.err


def _hostile_folder(tmp_path: Path) -> tuple[Path, Path]:
    """An outline folder with a picture of every kind that must stay a mark."""
    from PIL import Image

    folder = tmp_path / "maps"
    secret = red_png(tmp_path / "secret" / "s.png")
    red_png(folder / ".hidden" / "h.png")
    (folder / "link.png").symlink_to(secret)
    (folder / "linked").symlink_to(secret.parent)
    noise = Image.frombytes("RGB", (60, 60), random.Random(1).randbytes(60 * 60 * 3))
    noise.save(folder / "big.png")  # about 10 kB: over --limit-image 2000
    (folder / "anim.gif").write_bytes(b"GIF89a" + b"\0" * 40)
    (folder / "broken.png").write_bytes(red_png(tmp_path / "c.png").read_bytes()[:60])
    (folder / "not-a-picture.png").write_text("hello")
    return folder, secret


REFUSED = {
    "https://example.com/x.png": "a remote picture is never fetched",
    "//example.com/x.png": "a remote picture is never fetched",
    "../secret/s.png": "outside the outline's folder",
    "SECRET": "an absolute path is never read",
    ".hidden/h.png": "hidden",
    "link.png": "a symlink that leaves the outline's folder",
    "linked/s.png": "a symlink that leaves the outline's folder",
    "big.png": "larger than the limit of 2,000 bytes",
    "anim.gif": "a GIF: only PNG, JPEG and SVG pictures are drawn",
    "broken.png": "does not decode",
    "not-a-picture.png": "not a picture treemind knows",
    "missing.png": "no such file",
}


@pytest.mark.graphviz
@pytest.mark.parametrize("src", list(REFUSED))
def test_a_picture_outside_the_rules_stays_a_mark_with_a_warning(cli, tmp_path: Path, src: str) -> None:
    folder, secret = _hostile_folder(tmp_path)
    name = str(secret) if src == "SECRET" else src
    outline = folder / "map.md"
    outline.write_text(f"# R\n- x\n- ![alt text]({name})\n")
    found, err = nodes(cli, outline, "--limit-image", "2000")
    assert "picture" not in found["alt text"] and [m["kind"] for m in found["alt text"]["markers"]] == [
        "image"
    ]
    assert f"map.md: line 3: picture {name!r} not drawn" in err and REFUSED[src] in err, err
    assert len(err.splitlines()) == 1
    if src not in ("https://example.com/x.png", "link.png", "broken.png"):
        return  # --strict on a few: each reason goes through the same warning
    strict = cli(["render", str(outline), "-o", str(tmp_path / "x.svg"), "--strict", "--limit-image", "2000"])
    assert strict.code == 1 and not (tmp_path / "x.svg").exists()
    assert strict.err.startswith(f"treemind: error: {outline}:") and REFUSED[src] in strict.err


def test_addresses_are_never_read_as_files(tmp_path: Path) -> None:
    from treemind_render.draw.pictures import PictureFolder, Refused, read

    red_png(tmp_path / "red.png")
    here = PictureFolder.beside(tmp_path / "m.md")
    assert read("red.png", here, 10_000).startswith(b"\x89PNG")
    assert read("./red.png?raw=true#top", here, 10_000).startswith(b"\x89PNG")
    for src, reason in [
        (f"file://{tmp_path}/red.png", "a file: address"),
        ("data:image/png;base64,iVBO", "a data: address"),
        ("xap:resources/red.png", "a xap: address"),  # not an XMind outline: no zip to look in
        ("C:\\pics\\red.png", "not a relative path"),
        ("red%2Epng/..\\x", "not a relative path"),
        ("", "no file named"),
    ]:
        with pytest.raises(Refused, match=reason):
            read(src, here, 10_000)


HOSTILE_SVG = """<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40"
     onload="alert(1)">
  <script>alert(2)</script>
  <style>@import url(https://example.invalid/x.css); rect {{ fill: blue }}</style>
  <foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://example.invalid"/></foreignObject>
  <image xlink:href="{secret}" width="40" height="40"/>
  <use xlink:href="{secret}#a"/>
  <a href="javascript:alert(3)"><rect width="40" height="40" fill="#00ff00" style="fill: url(https://x.invalid/#p)"/></a>
  <rect width="40" height="40" fill="#00ff00" onclick="alert(4)"/>
</svg>
"""


@pytest.mark.graphviz
def test_an_svg_picture_is_sanitised_and_rasterised(cli, tmp_path: Path) -> None:
    import base64
    import re
    from io import BytesIO

    from PIL import Image

    from treemind_render.draw.pictures import sanitise_svg

    secret = red_png(tmp_path / "secret.png")
    clean = sanitise_svg(HOSTILE_SVG.format(secret=secret).encode()).decode()
    for gone in ("script", "onload", "onclick", "@import", "foreignObject", "iframe", "<image", "<use",
                 "javascript", "https://", str(secret)):  # fmt: skip
        assert gone not in clean, gone
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "icon.svg").write_text(HOSTILE_SVG.format(secret=secret))
    (folder / "m.md").write_text("# R\n- ![icon](icon.svg)\n")
    result = cli(["render", str(folder / "m.md"), "-o", str(folder / "m.svg")])
    assert result.code == 0 and result.err == "", result.err
    svg = (folder / "m.svg").read_text()
    uri = re.search(r'<image [^>]*href="data:image/png;base64,([^"]+)"', svg)
    assert uri is not None and "alert" not in svg and "example.invalid" not in svg
    with Image.open(BytesIO(base64.b64decode(uri.group(1)))) as png:
        assert png.convert("RGB").getpixel((png.width // 2, png.height // 2)) == (0, 255, 0)


def test_the_last_svg_pass_keeps_only_inline_png_or_jpeg_pictures() -> None:
    import xml.etree.ElementTree as ET

    from treemind_render.draw.svg import allow_only_our_markup

    ns = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    kept = '<image x="1" y="2" width="3" height="4" href="data:image/png;base64,iVBORw0KGgo="/>'
    for body, survives in [
        (kept, True),
        ('<image width="3" height="4" href="data:image/jpeg;base64,/9j/4A=="/>', True),
        ('<image width="3" height="4" href="file:///etc/passwd"/>', False),
        ('<image width="3" height="4" href="pic.png"/>', False),
        ('<image width="3" height="4" href="https://example.com/x.png"/>', False),
        ('<image width="3" height="4" href="data:image/svg+xml;base64,PHN2Zy8+"/>', False),
        ('<image width="3" height="4" xlink:href="data:image/png;base64,iVBO"/>', False),
        ('<image width="3" height="4" onload="x()" href="data:image/png;base64,iVBO"/>', False),
        ('<image width="3" href="data:image/png;base64,iVBO&quot;/&gt;"/>', False),
    ]:
        root = ET.fromstring(f"<svg {ns}>{body}</svg>")
        allow_only_our_markup(root)
        assert (root.find("{http://www.w3.org/2000/svg}image") is not None) == survives, body


def test_the_rasteriser_draws_inline_pictures_and_fetches_nothing_else(tmp_path: Path) -> None:
    import base64
    from io import BytesIO

    from PIL import Image

    from treemind_render.draw.raster import _refuse, rasterise
    from treemind_render.errors import RenderError

    data = base64.b64encode(red_png(tmp_path / "r.png", (10, 10)).read_bytes()).decode()
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="30pt" height="30pt">'
        f'<image x="10" y="10" width="20" height="20" href="data:image/png;base64,{data}"/></svg>'
    ).encode()
    with Image.open(BytesIO(rasterise(svg, "png"))) as png:
        assert png.convert("RGB").getpixel((26, 26)) == RED
    assert _refuse(f"data:image/png;base64,{data}").startswith(b"\x89PNG")
    for url in (str(tmp_path / "r.png"), f"file://{tmp_path}/r.png", "https://example.com/x.png", " data:x"):
        with pytest.raises(RenderError):
            _refuse(url)


@pytest.mark.parametrize(
    "svg, reason",
    [
        ("<svg xmlns='http://www.w3.org/2000/svg'>" + "<g>" * 5000 + "</g>" * 5000 + "</svg>", "nested"),
        ("<svg xmlns='http://www.w3.org/2000/svg'>" + "<rect/>" * 30000 + "</svg>", "elements"),
        ("<!DOCTYPE svg [<!ENTITY a 'x'>]><svg xmlns='http://www.w3.org/2000/svg'>&a;</svg>", "well-formed"),
        ("<svg xmlns='http://www.w3.org/2000/svg' width='1e999' height='5'/>", ""),
        ("<svg><rect/></svg>", "not an SVG document"),
    ],
    ids=["deep", "many", "entity", "huge-size", "no-namespace"],
)
def test_a_hostile_svg_picture_is_refused_or_drawn_small(tmp_path: Path, svg: str, reason: str) -> None:
    from treemind_render.draw.pictures import PictureFolder, Refused, load

    (tmp_path / "p.svg").write_text(svg)
    try:
        picture = load("p.svg", PictureFolder.beside(tmp_path / "m.md"), 2_000_000)
    except Refused as exc:
        assert reason in str(exc)
    else:
        assert not reason and picture.width <= 160 and picture.height <= 120 and picture.mime == "image/png"
