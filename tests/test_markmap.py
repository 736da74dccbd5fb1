"""markmap's Markdown: ```markmap fences are part of the outline, and its options are honoured."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from treemind_render.model import count_nodes, walk
from treemind_render.parsers import parse

README = """# Project

Intro text.

## Mind map

````markmap
---
markmap:
  colorFreezeLevel: 2
  initialExpandLevel: 1
  maxWidth: 300
---

# markmap

## Links

- <https://markmap.js.org/>
- [GitHub](https://github.com/markmap/markmap)

## Features

- links
- `inline code`
-
    ```js
    console.log('code block');
    ```
````

## After the map
"""


def md(text: str):
    return parse(text.encode(), source="x.md")


def test_a_readme_whose_map_lives_in_a_markmap_fence_draws_every_topic() -> None:
    tree = md(README)
    outline = [(p.depth, p.node.text) for p in walk(tree.root)]
    # The map's headings sit under the section holding the fence; the page goes on after it.
    assert outline == [
        (0, "Project"), (1, "Mind map"), (2, "markmap"), (3, "Links"), (4, "https://markmap.js.org/"),
        (4, "GitHub"), (3, "Features"), (4, "links"), (4, "inline code"), (4, "…"), (1, "After the map"),
    ]  # fmt: skip
    code_item = [p.node for p in walk(tree.root) if p.node.text == "…"][0]
    assert "console.log('code block');" in (code_item.note or "")
    assert tree.warnings == ()


def test_markmap_options_fold_colour_and_wrap() -> None:
    tree = md(README)
    folded = {p.node.text for p in walk(tree.root) if p.node.folded}
    assert folded == {"Links", "Features"}  # one level of the fence's map is open, as in markmap
    assert json.loads(tree.theme_overrides or "{}") == {"color_freeze_level": 2, "max_width": 300}


def test_file_frontmatter_options_and_hexo_style_options_and_the_theme_mapping_wins() -> None:
    front = "---\nmarkmap:\n  initialExpandLevel: 1\n  colorFreezeLevel: 3\n"
    front += "theme:\n  color_freeze_level: 4\n---\n"
    tree = md(front + "# R\n## A\n### B\n")
    assert [p.node.text for p in walk(tree.root) if p.node.folded] == ["A"]
    assert json.loads(tree.theme_overrides or "{}") == {"color_freeze_level": 4}
    hexo = md("```markmap\n---\noptions:\n  initialExpandLevel: 1\n---\n# R\n## A\n### B\n```\n")
    assert [p.node.text for p in walk(hexo.root) if p.node.folded] == ["A"]


def test_an_option_that_is_no_number_is_named_in_a_warning() -> None:
    tree = md("---\nmarkmap:\n  maxWidth: wide\n---\n# R\n- a\n")
    assert tree.warnings == ("markmap option maxWidth: 'wide' is not a number; ignored",)
    assert tree.theme_overrides is None


def test_other_fences_stay_code_and_an_unclosed_markmap_fence_runs_to_the_end() -> None:
    tree = md("# R\n- a\n\n  ```python\n  - not a topic\n  ```\n```markmap\n- b\n  - c\n")
    assert count_nodes(tree.root) == 4 and "not a topic" in (tree.root.children[0].note or "")


@pytest.mark.graphviz
@pytest.mark.fonts
def test_max_width_wraps_labels_in_the_drawing(cli, tmp_path: Path) -> None:
    long = "a long label of many words that a narrow map must wrap onto several lines"
    widths = []
    for front in ("", "---\nmarkmap:\n  maxWidth: 80\n---\n"):
        src = tmp_path / "m.md"
        src.write_text(f"{front}# R\n- {long}\n")
        result = cli(["render", str(src), "-f", "json", "-o", "-"])
        assert result.code == 0, result.err
        nodes = json.loads(result.out)["nodes"]
        widths.append(next(n["w"] for n in nodes if n["text"] == long))
    assert widths[1] < widths[0] and widths[1] <= 80 + 40
