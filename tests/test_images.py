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
