"""Layout time per layout at 300 and 3,000 nodes, and the shape each layout gives.

Run: `python benchmarks/layouts.py`. Times `pipeline.render(..., draw=False)`: text measuring
plus placing, no Graphviz, median of 3 runs after a warm-up. Two outlines per size: `tree`
(12 main branches per 300 nodes, topics with leaves, like issue 19's r250.md) and `wide`
(a glossary: one main branch per two nodes). A linear layout takes about 10x as long at 3,000
nodes as at 300.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from treemind_render.api import parse  # noqa: E402
from treemind_render.pipeline import RenderOptions, render  # noqa: E402
from treemind_render.text.measure import Measurer  # noqa: E402

LAYOUTS = ("map", "down", "up", "radial", "timeline", "fishbone")


def tree(nodes: int) -> str:
    rng = random.Random(nodes)
    lines, count, i = ["# Root topic"], 1, 0
    while count < nodes:
        lines.append(f"## Main branch {i}")
        count += 1
        for j in range(rng.randint(3, 8)):
            leaves = rng.randint(0, 5)
            lines.append(f"- topic {i}.{j} with some words")
            lines += [f"  - leaf {i}.{j}.{k} detail" for k in range(leaves)]
            count += 1 + leaves
        i += 1
    return "\n".join(lines) + "\n"


def wide(nodes: int) -> str:
    terms = [f"## Term {i}\n- a definition of term {i} that is a sentence long" for i in range(nodes // 2)]
    return "\n".join(["# Glossary", *terms]) + "\n"


def main() -> None:
    measurer = Measurer()
    print("| outline | nodes | layout | time (s) | canvas (pt) | aspect | area per node (pt²) |")
    print("|---|---|---|---|---|---|---|")
    for name, make in (("tree", tree), ("wide", wide)):
        for size in (300, 3000):
            parsed = parse(make(size), "markdown")
            for layout in LAYOUTS:
                options = RenderOptions(layout=layout)
                render(parsed, options, measurer, draw=False)  # warm-up
                times = []
                for _ in range(3):
                    start = time.perf_counter()
                    done = render(parsed, options, measurer, draw=False)
                    times.append(time.perf_counter() - start)
                g = done.geometry
                n = len(g.boxes)
                aspect = max(g.width / g.height, g.height / g.width)
                print(
                    f"| {name} | {n:,} | {layout} | {statistics.median(times):.3f} |"
                    f" {g.width:,.0f} × {g.height:,.0f} | {aspect:.1f} | {g.width * g.height / n:,.0f} |"
                )


if __name__ == "__main__":
    main()
