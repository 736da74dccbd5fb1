"""What the SVG text-in-shape sweep of tests/test_text_in_boxes.py costs: every fixture x layout x
theme rendered to SVG and read back, as the test does (outlines parsed once, one warm Graphviz).

Run: `.venv/bin/python benchmarks/text_sweep.py [--themes default,dark]` from the repository.
Prints renders, wall seconds, and CPU seconds of this process and of Graphviz (its children).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import test_text_in_boxes as sweep  # noqa: E402

from treemind_render.layout import LAYOUTS  # noqa: E402
from treemind_render.pipeline import RenderOptions, render  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--themes", default=",".join(sweep.THEMES))
    themes = parser.parse_args().themes.split(",")
    wall, cpu = time.perf_counter(), time.process_time()
    renders, bad = 0, 0
    for theme in themes:
        for source in sweep.SOURCES:
            for layout in LAYOUTS:
                options = RenderOptions(theme=theme, layout=layout)
                rendered = render(sweep._tree(source), options, sweep._MEASURER, sweep._GRAPHVIZ)
                bad += len(sweep.text_outside_boxes(rendered.svg))
                renders += 1
    sweep._GRAPHVIZ.close()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"{renders} renders ({len(sweep.SOURCES)} fixtures x {len(LAYOUTS)} layouts x {len(themes)} themes):"
        f" {time.perf_counter() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU"
        f" + {children.ru_utime + children.ru_stime:.1f} s CPU in Graphviz; {bad} problems"
    )


if __name__ == "__main__":
    main()
