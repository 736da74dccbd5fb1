"""Big maps: the shape (canvas, aspect, area per node) and layout time of generated outlines.

Run: `python benchmarks/bigmaps.py [--sizes 1000,3000] [--layouts map,right]`. Times
`pipeline.render(..., draw=False)` (text measuring plus placing, no Graphviz) and, apart,
the placing alone (`layout.layout`): medians of 3 after a warm-up, CPU seconds. The outline
shapes (`OUTLINES`) are shared with the tests (tests/test_big_maps.py):
`tree` (like issue 19's r250.md: main branches of 3-8 topics with 0-5 leaves), `flat` (a
glossary: one main branch per two nodes), `fan` (every node a child of the root), `deep`
(chains 30+ levels deep), `random` (each node under a random earlier one, recent ones
likelier) and `long` (tree with sentence-long labels). `flat` and `fan` over 10,000 nodes
pass the default limit of 5,000 children under one topic.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def tree(nodes: int, words: str = "with some words") -> str:
    rng = random.Random(nodes)
    lines, count, i = ["# Root topic"], 1, 0
    while count < nodes:
        lines.append(f"## Main branch {i}")
        count += 1
        for j in range(rng.randint(3, 8)):
            leaves = rng.randint(0, 5)
            lines.append(f"- topic {i}.{j} {words}")
            lines += [f"  - leaf {i}.{j}.{k} detail" for k in range(leaves)]
            count += 1 + leaves
        i += 1
    return "\n".join(lines) + "\n"


def flat(nodes: int) -> str:
    terms = [f"## Term {i}\n- a definition of term {i} that is a sentence long" for i in range(nodes // 2)]
    return "\n".join(["# Glossary", *terms]) + "\n"


def fan(nodes: int) -> str:
    return "\n".join(["Index", *(f"  entry {i}" for i in range(nodes - 1))]) + "\n"


def deep(nodes: int) -> str:
    """Indented text: chains that run 30-40 levels deep, each starting somewhere up the last."""
    rng = random.Random(nodes + 1)
    lines, depth = ["Deep root"], 0
    for i in range(nodes - 1):
        if depth >= 30 and rng.random() < 0.15:
            depth = rng.randint(1, 6)
        else:
            depth = min(depth + 1, 40) if rng.random() < 0.8 else max(1, depth)
        lines.append("  " * depth + f"step {i}")
    return "\n".join(lines) + "\n"


def randomly(nodes: int) -> str:
    rng = random.Random(nodes + 2)
    parent = [-1]
    for i in range(1, nodes):
        parent.append(rng.randrange(max(0, i - 40), i) if rng.random() < 0.7 else rng.randrange(i))
    kids: list[list[int]] = [[] for _ in range(nodes)]
    for i in range(1, nodes):
        kids[parent[i]].append(i)
    lines, stack = [], [(0, 0)]
    while stack:
        node, depth = stack.pop()
        lines.append("  " * depth + f"node {node}")
        stack.extend((k, depth + 1) for k in reversed(kids[node]))
    return "\n".join(lines) + "\n"


def long(nodes: int) -> str:
    return tree(nodes, "whose label is a long sentence that wraps onto several lines in its box")


OUTLINES: dict[str, Callable[[int], str]] = {
    "tree": tree,
    "flat": flat,
    "fan": fan,
    "deep": deep,
    "random": randomly,
    "long": long,
}


def measure(text: str, layout: str, runs: int = 3) -> dict:
    import treemind_render.pipeline as pipeline
    from treemind_render.api import parse
    from treemind_render.pipeline import RenderOptions, render
    from treemind_render.text.measure import Measurer

    placing = pipeline.layout
    spent: list[float] = []

    def timed(*args, **kwargs):  # the layout part alone: placing the measured boxes
        cpu = time.process_time()
        try:
            return placing(*args, **kwargs)
        finally:
            spent.append(time.process_time() - cpu)

    pipeline.layout = timed
    measurer = Measurer()
    parsed = parse(text, "markdown" if text.startswith("#") else "text")
    options = RenderOptions(layout=layout)
    render(parsed, options, measurer, draw=False)  # warm-up: measuring is cached from here on
    walls, cpus = [], []
    spent.clear()
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        done = render(parsed, options, measurer, draw=False)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    pipeline.layout = placing
    g = done.geometry
    n = len(g.boxes)
    return {
        "nodes": n,
        "width": g.width,
        "height": g.height,
        "aspect": g.width / g.height,
        "area": g.width * g.height / n,
        "wall": statistics.median(walls),
        "cpu": statistics.median(cpus),
        "layout": statistics.median(spent),
    }


def ratio(aspect: float) -> str:
    return f"{aspect:.2f} : 1" if aspect >= 1 else f"1 : {1 / aspect:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,3000,5000,20000")
    ap.add_argument("--layouts", default="map,right")
    ap.add_argument("--outlines", default=",".join(OUTLINES))
    ap.add_argument("--files", nargs="*", default=[])
    args = ap.parse_args()
    print(
        "| outline | nodes | layout | canvas (pt) | w : h | area per node (pt²) | placing CPU (s) "
        "| render wall / CPU (s) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    jobs = [
        (name, int(size), OUTLINES[name](int(size)))
        for size in args.sizes.split(",")
        for name in args.outlines.split(",")
    ]
    jobs += [(Path(f).name, 0, Path(f).read_text()) for f in args.files]
    for name, _, text in jobs:
        for layout in args.layouts.split(","):
            m = measure(text, layout)
            print(
                f"| {name} | {m['nodes']:,} | {layout} | {m['width']:,.0f} × {m['height']:,.0f} |"
                f" {ratio(m['aspect'])} | {m['area']:,.0f} | {m['layout']:.3f} |"
                f" {m['wall']:.2f} / {m['cpu']:.2f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
