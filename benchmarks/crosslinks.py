"""Cross-links: how many pass through a box, and what routing them costs.

Run: `python benchmarks/crosslinks.py [--root CHECKOUT]`. `--root` measures another checkout of
treemind (say the commit before a change) with this same script.

1. Every fixture and corpus file with cross-links, in every layout (and `--engine dot` for the
   layouts it draws), plus generated outlines with random links: each link curve from the
   geometry is sampled every point and tested against every other box (half a point in).
2. A generated 500-node outline with 20 links in every layout: CPU seconds of
   `render(draw=False)` with the links and without them (the same outline, links dropped),
   median of 3 after a warm-up. The difference is what placing the links costs.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
FILES = [
    "tests/fixtures/crosslinks/bow.mm",
    "tests/fixtures/freemind/study-freeplane-1.9.mm",
    "tests/fixtures/freemind/trip-freemind-0.9.mm",
    "tests/fixtures/yaml/roadmap.yaml",
    "tests/fixtures/xmind/product-launch.xmind",
    "tests/corpus/files/freemind/lisnp-Testmap-for-automated-Tests.mm",
]
FIRST_FOUR = 4  # the set the last session counted ("13 of 32": four files x eight layouts)


def generated(nodes: int, links: int, seed: int) -> str:
    """About `nodes` topics in issue 19's r250.md shape, with `links` random cross-links."""
    rng = random.Random(seed)
    lines, names, i = ["# Root topic"], [], 0
    while len(lines) < nodes:
        lines.append(f"## Main branch {i}")
        for j in range(rng.randint(3, 8)):
            names.append(f"t{i}x{j}")
            lines.append(f"- topic {i}.{j} with some words {{#t{i}x{j}}}")
            for k in range(rng.randint(0, 5)):
                names.append(f"t{i}x{j}x{k}")
                lines.append(f"  - leaf {i}.{j}.{k} detail {{#t{i}x{j}x{k}}}")
        i += 1
    text = "\n".join(lines) + "\n"
    for _ in range(links):
        a, b = rng.sample(names, 2)
        text = text.replace(f"{{#{a}}}", f"{{#{a}}} {{-> {b}: see}}", 1)
    return text


def samples(points, step: float = 1.0):
    for k in range(0, len(points) - 1, 3):
        p0, p1, p2, p3 = points[k : k + 4]
        n = max(4, int(math.dist(p0, p1) + math.dist(p1, p2) + math.dist(p2, p3)) + 1)
        for i in range(n + 1):
            t = i / n
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
            yield a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]


def crossing(rendered) -> int:
    """Links of a rendered map that pass through a box other than their ends."""
    boxes = rendered.geometry.boxes
    count = 0
    for link in rendered.links:
        pts = list(samples(link.points))
        for name, b in boxes.items():
            if name in (link.source, link.target):
                continue
            if any(b.x + 0.5 < x < b.x + b.w - 0.5 and b.y + 0.5 < y < b.y + b.h - 0.5 for x, y in pts):
                count += 1
                break
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=HERE)
    args = parser.parse_args()
    sys.path.insert(0, str(args.root))
    from treemind_render.layout import DOT_LAYOUTS, LAYOUTS
    from treemind_render.parsers import parse
    from treemind_render.pipeline import RenderOptions, render
    from treemind_render.text.measure import Measurer

    measurer = Measurer()
    print(f"checkout: {args.root}")
    sources = [(f, (HERE / f).read_bytes(), str(HERE / f)) for f in FILES]
    sources += [
        (f"generated {n}", generated(n, k, n).encode(), "g.md") for n, k in ((60, 6), (150, 10), (300, 15))
    ]
    rows: dict[str, list[int]] = {}
    for k, (name, data, source) in enumerate(sources):
        tree = parse(data, source=source)
        for engine in ("tidy", "dot"):
            for layout in LAYOUTS if engine == "tidy" else DOT_LAYOUTS:
                rendered = render(tree, RenderOptions(layout=layout, engine=engine), measurer, draw=False)
                bad = crossing(rendered)
                group = "generated" if name.startswith("generated") else "files"
                for key in (
                    f"{group} {engine}",
                    *(["first four files, tidy"] if k < FIRST_FOUR and engine == "tidy" else []),
                ):
                    row = rows.setdefault(key, [0, 0, 0, 0])
                    row[0] += 1
                    row[1] += bad > 0
                    row[2] += len(rendered.links)
                    row[3] += bad
    print("| set | drawings | with a link through a box | links | through a box |")
    print("|---|---|---|---|---|")
    for key, (drawings, bad_drawings, links, bad) in rows.items():
        print(f"| {key} | {drawings} | {bad_drawings} | {links} | {bad} |")

    tree = parse(generated(500, 20, 1).encode(), source="g500.md")
    bare = replace(tree, crosslinks=())
    print(f"\n500-node outline, {len(tree.crosslinks)} links: CPU s of render(draw=False), median of 3")
    print("| layout | with links | without | links cost | links through a box |")
    print("|---|---|---|---|---|")
    for layout in LAYOUTS:
        options = RenderOptions(layout=layout)
        render(tree, options, measurer, draw=False)
        times: dict[str, list[float]] = {"with": [], "without": []}
        for _ in range(3):  # interleaved, so load on the machine falls on both alike
            for key, t in (("with", tree), ("without", bare)):
                start = time.process_time()
                rendered = render(t, options, measurer, draw=False)
                times[key].append(time.process_time() - start)
                if key == "with":
                    bad = crossing(rendered)
        w, wo = statistics.median(times["with"]), statistics.median(times["without"])
        print(f"| {layout} | {w:.3f} | {wo:.3f} | {w - wo:.3f} | {bad} |")


if __name__ == "__main__":
    main()
