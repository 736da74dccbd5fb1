"""Pictures in topics: kept as a picture mark (attr `image`) and alt text, never fetched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from treemind_render.model import walk
from treemind_render.parsers import parse


def labels(text: str, source: str = "x.md") -> list[tuple[str, str | None]]:
    tree = parse(text.encode(), source=source)
    return [(p.node.text, dict(p.node.attrs).get("image")) for p in walk(tree.root)]


def test_markdown_images_are_a_picture_mark_and_image_only_items_are_not_lost() -> None:
    assert labels(
        "# Trip\n- ![The beach](photos/beach.png)\n- ![](img/sunset.jpg)\n- Day 2 ![pic](a.png)\n"
    ) == [
        ("Trip", None),
        ("The beach", "photos/beach.png"),
        ("sunset.jpg", "img/sunset.jpg"),
        ("Day 2 pic", "a.png"),
    ]


def test_a_linked_picture_keeps_its_link() -> None:
    tree = parse(b"# R\n- [![](logo.png)](https://example.com)\n", source="x.md")
    (item,) = tree.root.children
    assert (item.text, item.link, dict(item.attrs)["image"]) == (
        "logo.png",
        "https://example.com",
        "logo.png",
    )


def test_a_readme_badge_is_no_raw_html_and_code_stays_code() -> None:
    badge = '<a href="https://npm.im/x"><img src="https://badgen.net/npm/v/x"></a>'
    text = f"# hexo-markmap {badge}\n- `<img src=y>`\n"
    assert labels(text) == [("hexo-markmap", "https://badgen.net/npm/v/x"), ("<img src=y>", None)]


@pytest.mark.graphviz
@pytest.mark.fonts
def test_the_picture_mark_is_drawn(cli, tmp_path: Path) -> None:
    src = tmp_path / "pics.md"
    src.write_text("# Trip\n- ![The beach](photos/beach.png)\n- Day 2\n")
    result = cli(["render", str(src), "-f", "json", "-o", "-"])
    assert result.code == 0, result.err
    marks = {n["text"]: n["markers"] for n in json.loads(result.out)["nodes"]}
    assert [m["kind"] for m in marks["The beach"]] == ["image"] and marks["Day 2"] == []


# --- pictures drawn in their topics (draw/pictures.py) -------------------------------------------

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


@pytest.mark.graphviz
@pytest.mark.fonts
def test_a_local_picture_is_drawn_in_its_node_in_svg_png_and_pdf(cli, tmp_path: Path) -> None:
    from io import BytesIO

    from PIL import Image
    from pypdf import PdfReader

    red_png(tmp_path / "img" / "red.png")
    src = tmp_path / "trip.md"
    src.write_text("# Trip\n- ![The beach](img/red.png)\n  - Swim\n- Day 2\n")
    found, err = nodes(cli, src)
    assert err == ""
    beach = found["The beach"]
    assert beach["markers"] == []  # drawn, so no picture mark
    pic = beach["picture"]
    assert (pic["w"], pic["h"]) == (150, 75)  # 200 x 100 CSS pixels, in points
    assert beach["x"] < pic["x"] and pic["x"] + pic["w"] < beach["x"] + beach["w"]
    assert beach["y"] < pic["y"] and pic["y"] + pic["h"] < beach["y"] + beach["h"] - 10  # text below it
    assert beach["h"] > pic["h"] + 15  # the node is sized for picture and text
    result = cli(["render", str(src), "-f", "svg,png,pdf", "--out-dir", str(tmp_path / "out")])
    assert result.code == 0, result.err
    svg = (tmp_path / "out" / "trip.svg").read_text()
    assert svg.count("<image ") == 1 and 'href="data:image/png;base64,' in svg
    with Image.open(tmp_path / "out" / "trip.png") as png:
        rgb = png.convert("RGB")
        k = rgb.width / json.loads(cli(["render", str(src), "-f", "json", "-o", "-"]).out)["width"]
        inside = [
            rgb.getpixel((int((pic["x"] + pic["w"] * fx) * k), int((pic["y"] + pic["h"] * fy) * k)))
            for fx in (0.1, 0.5, 0.9)
            for fy in (0.1, 0.5, 0.9)
        ]
        assert all(p == RED for p in inside), inside
        outside = rgb.getpixel((int((pic["x"] - 3) * k), int((pic["y"] + pic["h"] / 2) * k)))
        assert outside != RED  # the node's fill shows round it
        reds = dict((c, n) for n, c in rgb.getcolors(1 << 22))[RED]
        assert abs(reds - pic["w"] * pic["h"] * k * k) < 0.05 * pic["w"] * pic["h"] * k * k
    page = PdfReader(BytesIO((tmp_path / "out" / "trip.pdf").read_bytes())).pages[0]
    assert len(page.images) == 1
    with Image.open(BytesIO(page.images[0].data)) as drawn:
        assert drawn.convert("RGB").getpixel((drawn.width // 2, drawn.height // 2)) == RED


@pytest.mark.graphviz
@pytest.mark.fonts
def test_every_format_draws_its_pictures(cli, tmp_path: Path) -> None:
    """Markdown, OPML <img>, FreeMind rich content and Freeplane image nodes, JSON HTML labels and
    `image` keys (mind-elixir, simple-mind-map, YAML), and an XMind picture in the zip (xap:)."""
    import io
    import zipfile

    red = red_png(tmp_path / "red.png", (40, 40))
    sources = {
        "m.md": "# R\n- ![a](red.png)\n",
        "o.opml": '<opml version="2.0"><body><outline text="R">'
        '<outline text="&lt;img src=&quot;red.png&quot;&gt;a"/></outline></body></opml>',
        "f.mm": '<map version="1.0.1"><node TEXT="R"><node TEXT="a">'
        '<hook NAME="ExternalObject" URI="red.png" SIZE="1.0"/></node>'
        '<node><richcontent TYPE="NODE"><html><body><img src="red.png"/><p>b</p></body></html>'
        "</richcontent></node></node></map>",
        "j.json": json.dumps({"text": "R", "children": [{"text": '<img src="red.png"> a'}]}),
        "k.json": json.dumps(
            {"nodeData": {"topic": "R", "children": [{"topic": "a", "image": {"url": "red.png"}}]}}
        ),
        "s.json": json.dumps(
            {"data": {"text": "R"}, "children": [{"data": {"text": "a", "image": "red.png"}}]}
        ),
        "y.yaml": "text: R\nchildren:\n  - text: a\n    image: red.png\n",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        content = [
            {
                "title": "S",
                "rootTopic": {
                    "id": "r",
                    "title": "R",
                    "children": {
                        "attached": [{"id": "a", "title": "a", "image": {"src": "xap:resources/p.png"}}]
                    },
                },
            }
        ]
        archive.writestr("content.json", json.dumps(content))
        archive.writestr("resources/p.png", red.read_bytes())
    (tmp_path / "x.xmind").write_bytes(buffer.getvalue())
    for name, text in sources.items():
        (tmp_path / name).write_text(text)
    for name in [*sources, "x.xmind"]:
        found, err = nodes(cli, tmp_path / name)
        drawn = [n for n in found.values() if "picture" in n]
        assert drawn and all(n["picture"]["w"] == 30 for n in drawn), (name, err)
        assert err == "", (name, err)


@pytest.mark.graphviz
@pytest.mark.fonts
def test_standard_input_has_no_folder_for_pictures(cli, tmp_path: Path) -> None:
    red_png(tmp_path / "red.png")
    result = cli(["render", "-", "-f", "json", "-o", "-"], stdin=b"# R\n- ![a](red.png)\n")
    assert result.code == 0 and "has no folder" in result.err
    assert "picture" not in json.loads(result.out)["nodes"][1]


@pytest.mark.graphviz
@pytest.mark.fonts
def test_a_changed_picture_makes_the_output_stale(cli, tmp_path: Path) -> None:
    from PIL import Image

    from treemind_render.draw.pictures import stamp_with_pictures

    red_png(tmp_path / "p.png", (20, 20))
    src = tmp_path / "m.md"
    src.write_text("# R\n- ![p](p.png)\n- ![gone](missing.png)\n")
    out = tmp_path / "m.svg"
    assert cli(["render", str(src), "-o", str(out)]).code == 0
    assert cli(["render", str(src), "-o", str(out), "--check"]).code == 0
    Image.new("RGB", (20, 20), (0, 0, 255)).save(tmp_path / "p.png")
    stale = cli(["render", str(src), "-o", str(out), "--check"])
    assert stale.code == 1 and "stale" in stale.err
    before = out.read_bytes()
    assert cli(["render", str(src), "-o", str(out)]).code == 0  # not skipped as current
    assert out.read_bytes() != before
    red_png(tmp_path / "missing.png", (20, 20))  # a picture that appears counts too
    assert cli(["render", str(src), "-o", str(out), "--check"]).code == 1
    assert stamp_with_pictures("abc", [None, ""], None, 10) == "abc"  # no pictures: same stamp


@pytest.mark.graphviz
@pytest.mark.fonts
def test_html_pages_and_the_live_preview_draw_pictures(cli, tmp_path: Path) -> None:
    import json as json_module

    from treemind_render.app.serve import Preview
    from treemind_render.pipeline import RenderOptions

    red_png(tmp_path / "p.png", (20, 20))
    src = tmp_path / "m.md"
    src.write_text("# R\n- ![p](p.png)\n")
    page = cli(["render", str(src), "-f", "html", "-o", "-"])
    assert page.code == 0 and "<image " in page.out.decode() and "img-src data:" in page.out.decode()
    preview = Preview(tmp_path, [src], RenderOptions())
    live = preview.files["m.md"]
    preview.render(live)
    assert live.error is None and "<image " in json_module.dumps(live.data)


@pytest.mark.graphviz
@pytest.mark.fonts
def test_a_picture_alone_shows_no_made_up_caption(cli, tmp_path: Path) -> None:
    red_png(tmp_path / "red.png", (40, 40))
    src = tmp_path / "m.md"
    src.write_text("# R\n- ![](red.png)\n- ![Alt](red.png)\n- ![](red.png)\n  > a note\n")
    result = cli(["render", str(src), "-f", "json", "-o", "-"])
    assert result.code == 0, result.err
    alone, alt, noted = json.loads(result.out)["nodes"][1:]
    assert alone["text"] == "red.png" and alone["lines"] == [" "]  # the name stays the node's text
    assert alone["h"] < alone["picture"]["h"] + 20  # the picture and the padding only
    assert alt["lines"] == ["Alt"] and alt["h"] > alt["picture"]["h"] + 20
    mark = noted["markers"][0]  # a note mark gets a row under the picture
    assert mark["kind"] == "note" and mark["y"] >= noted["picture"]["y"] + noted["picture"]["h"]
