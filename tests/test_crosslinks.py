"""Cross-links are routed round the boxes: in the JSON geometry and in the drawn SVG, every
cross-link curve enters no box but its two ends, in every layout and with both engines."""

from __future__ import annotations

import json
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from geometry_checks import boxes_entered, check_crosslinks_avoid_boxes
from test_text_in_boxes import _box

from treemind_render.draw.graphviz import WarmGraphviz
from treemind_render.layout import DOT_LAYOUTS, LAYOUTS
from treemind_render.layout.edges import crosslink_curves
from treemind_render.layout.geometry import Box, Geometry
from treemind_render.layout.routing import Router
from treemind_render.model import CrossLink, walk
from treemind_render.parsers import parse
from treemind_render.pipeline import RenderOptions, _blocked_links, output, render
from treemind_render.text.measure import Measurer

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = [
    ROOT / "tests" / "fixtures" / name
    for name in (
        "crosslinks/bow.mm",  # FreeMind arrowlinks
        "freemind/study-freeplane-1.9.mm",
        "freemind/trip-freemind-0.9.mm",
        "yaml/roadmap.yaml",  # JSON/YAML links
        "xmind/product-launch.xmind",  # XMind relationships
    )
]
FIXTURES.append(ROOT / "tests" / "corpus" / "files" / "freemind" / "lisnp-Testmap-for-automated-Tests.mm")
_MEASURER = Measurer()
_GRAPHVIZ = WarmGraphviz()
_Q = "{http://www.w3.org/2000/svg}"


def generated(nodes: int, links: int, seed: int) -> str:
    """A Markdown outline of about `nodes` topics with `links` cross-links between random ones."""
    rng = random.Random(seed)
    lines, names, count, i = ["# Root topic"], [], 1, 0
    while count < nodes:
        lines.append(f"## Main branch {i}")
        for j in range(rng.randint(3, 7)):
            names.append(f"t{i}x{j}")
            lines.append(f"- topic {i}.{j} with some words {{#t{i}x{j}}}")
            for k in range(rng.randint(0, 4)):
                names.append(f"t{i}x{j}x{k}")
                lines.append(f"  - leaf {i}.{j}.{k} {{#t{i}x{j}x{k}}}")
        count = len(lines)
        i += 1
    text = "\n".join(lines) + "\n"
    for _ in range(links):
        a, b = rng.sample(names, 2)
        text = text.replace(f"{{#{a}}}", f"{{#{a}}} {{-> {b}: see}}", 1)
    return text


SOURCES = [(p.name, p.read_bytes(), str(p)) for p in FIXTURES]
SOURCES += [
    (f"generated-{n}", generated(n, k, n).encode(), f"generated-{n}.md") for n, k in ((60, 6), (150, 10))
]


def _cases() -> list[tuple[str, str]]:
    return [(layout, "tidy") for layout in LAYOUTS] + [(layout, "dot") for layout in DOT_LAYOUTS]


@pytest.mark.fonts
@pytest.mark.parametrize(("layout", "engine"), _cases(), ids=lambda v: v)
def test_crosslinks_enter_no_box_but_their_ends_in_the_json(layout: str, engine: str) -> None:
    failures, links = [], 0
    # --engine dot is slower: its sweep takes the fixtures (not the corpus files) and one outline
    sources = SOURCES if engine == "tidy" else SOURCES[:5] + SOURCES[-2:-1]
    for name, data, source in sources:
        tree = parse(data, source=source)
        assert tree.crosslinks, name
        options = RenderOptions(layout=layout, engine=engine)
        rendered = render(tree, options, _MEASURER, _GRAPHVIZ, draw=False)
        doc = json.loads(output(rendered, "json"))
        links += len(doc["crosslinks"])
        try:
            check_crosslinks_avoid_boxes(doc)
        except AssertionError as error:
            failures.append(f"{name} -l {layout} --engine {engine}: {error}")
        assert not [w for w in rendered.warnings if "cross-link" in w], name
    assert links >= 15
    assert not failures, "\n".join(failures)


_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def _svg_path(d: str) -> list[tuple[float, float]]:
    """The points of Graphviz's `M x,y C x,y x,y x,y ...` path."""
    assert re.fullmatch(r"M[-0-9., ]+C[-0-9., ]+", d), d
    values = [float(v) for v in _NUMBER.findall(d)]
    return list(zip(values[0::2], values[1::2], strict=True))


@pytest.mark.graphviz
@pytest.mark.fonts
@pytest.mark.parametrize("layout", LAYOUTS)
def test_crosslinks_enter_no_box_but_their_ends_in_the_svg(layout: str) -> None:
    """The drawn paths, read back from the SVG, against the drawn node outlines."""
    failures, drawn = [], 0
    for name, data, source in SOURCES[:5]:
        tree = parse(data, source=source)
        rendered = render(tree, RenderOptions(layout=layout), _MEASURER, _GRAPHVIZ)
        svg = ET.fromstring(rendered.svg)
        boxes = {}
        for group in svg.iter(f"{_Q}g"):
            if "node" in group.get("class", "").split():
                box = _box(group)
                assert box is not None
                boxes[group.get("id")] = box
        for group in svg.iter(f"{_Q}g"):
            if "crosslink" not in group.get("class", "").split():
                continue
            link = rendered.links[int(group.get("id", "x_").removeprefix("x_"))]
            path = group.find(f"{_Q}path")
            assert path is not None
            entered = boxes_entered(_svg_path(path.get("d", "")), boxes, {link.source, link.target})
            drawn += 1
            if entered:
                failures.append(f"{name} -l {layout}: {link.source}->{link.target} through {entered}")
    assert drawn >= 8
    assert not failures, "\n".join(failures)


def test_a_wall_with_a_gap_is_threaded_not_crossed() -> None:
    """A row of boxes between the ends, with one gap: no bow clears it, the route goes through."""
    a, b = Box(0, 0, 40, 20), Box(0, 200, 40, 20)
    wall = {f"w{k}": Box(-300 + 60 * k, 100, 56, 20) for k in range(11) if k != 8}
    boxes = {"a": a, "b": b, **wall}
    router = Router(boxes, (), 400, 240)
    curve, hits = router.route(a, b)
    assert hits == 0
    assert not boxes_entered(
        curve, {k: (v.x, v.y, v.x + v.w, v.y + v.h) for k, v in boxes.items()}, {"a", "b"}
    )
    assert any(180 < x < 240 for x, y in curve if 95 < y < 125)  # through the gap at x 180..236


def test_an_enclosed_end_takes_the_least_crossing_way_and_is_counted() -> None:
    b = Box(200, 200, 40, 20)
    ring = {f"r{k}": box for k, box in enumerate(_ring(b))}
    a = Box(0, 0, 40, 20)
    router = Router({"a": a, "b": b, **ring}, (), 400, 400)
    _, hits = router.route(a, b)
    assert hits == 1  # one box of the ring, not two or more


def test_a_blocked_link_is_counted_and_warned() -> None:
    b = Box(200, 200, 40, 20)
    boxes = {"n0": Box(0, 0, 40, 20), "n0_0": b, **{f"n0_{k + 1}": r for k, r in enumerate(_ring(b))}}
    geometry = Geometry("right", 400, 400, boxes, (), {})
    ((curve, hits),) = crosslink_curves(geometry, [("n0", "n0_0")])
    assert hits == 1 and len(curve) >= 4
    tree = parse(b"# root\n- inner\n", source="t.md")
    items = tuple(walk(tree.root))
    (warning,) = _blocked_links(items, [CrossLink("n0", "n0_0", None)], [(curve, hits)])
    assert warning == "cross-link 'root' -> 'inner' passes through 1 other box: they leave no way round"


def _ring(box: Box, gap: float = 1.0, thick: float = 12.0) -> list[Box]:
    x0, y0, x1, y1 = box.x - gap, box.y - gap, box.x + box.w + gap, box.y + box.h + gap
    return [
        Box(x0 - thick, y0 - thick, x1 - x0 + 2 * thick, thick),
        Box(x0 - thick, y1, x1 - x0 + 2 * thick, thick),
        Box(x0 - thick, y0, thick, y1 - y0),
        Box(x1, y0, thick, y1 - y0),
    ]


FOLDED_LINKS = """<map version="1.0.1"><node TEXT="Root">
<node TEXT="Target"/>
<node TEXT="Folded" FOLDED="true">
  <node TEXT="Inside"><arrowlink DESTINATION="T"/><arrowlink DESTINATION="S"/></node>
  <node TEXT="Sibling" ID="S"/>
</node>
</node></map>""".replace('TEXT="Target"', 'TEXT="Target" ID="T"')


def test_a_link_from_inside_a_folded_branch_starts_at_the_folded_topic(cli, tmp_path: Path) -> None:
    """Never lost silently: FreeMind draws a link whose end is folded away from the folded topic
    that stands for it; a link inside one folded branch is hidden with the branch (its +N)."""
    src = tmp_path / "folded.mm"
    src.write_text(FOLDED_LINKS, "utf-8")

    def links(*args: str) -> list[tuple[str, str]]:
        result = cli(["render", src, "-f", "json", "-o", "-", *args])
        assert result.code == 0, result.err
        doc = json.loads(result.out)
        label = {n["id"]: n["text"] for n in doc["nodes"]}
        return sorted((label[c["from"]], label[c["to"]]) for c in doc["crosslinks"])

    assert links() == [("Folded", "Target")]
    assert links("--unfold") == [("Inside", "Sibling"), ("Inside", "Target")]
