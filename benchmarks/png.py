"""PNG candidates side by side, in one run, on the same generated maps (docs/decisions/0004-png.md).

Run: `.venv/bin/python benchmarks/png.py [--runs 5] [--sizes 30,300,3000]`.
For each size it renders the map to SVG and DOT once, then times, interleaved run by run:

- `stock cairosvg`: cairosvg as it comes (letter-by-letter text, cairo's PNG writer): the
  rasteriser before issue 21;
- `cairosvg + Pango`: the fallback path of `treemind_render.draw.raster` (cairosvg walks the
  SVG, Pango draws the text, non-drawing elements dropped, zlib level 1 writer): the rasteriser
  before paint.py;
- `treemind`: `treemind_render.draw.raster.rasterise`, which paints our SVG straight onto cairo
  (draw/paint.py; text through Pango; same writer);
- `neato -n2 -Tpng`: Graphviz drawing our DOT with its own cairo renderer (a whole process,
  including its start and its pango text layout): the per-megapixel yardstick;
- `resvg-py`: when installed (`pip install resvg-py`), resvg through its PyPI wheel.

Sizes from 3,000 nodes draw at scale 0.25 (under cairo's 32,767 px side). Prints medians,
minimums, CPU seconds (this process, or the child process for neato) and ms per megapixel
(medians), wall and CPU, against Graphviz's, as a Markdown table.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import generate_tree, render_argv, to_text  # noqa: E402


def stock(svg: bytes, scale: float) -> bytes:
    from cairosvg.parser import Tree
    from cairosvg.surface import PNGSurface

    out = io.BytesIO()
    PNGSurface(Tree(bytestring=svg, unsafe=False), out, 96, scale=scale).finish()
    return out.getvalue()


def fallback(svg: bytes, scale: float) -> bytes:
    from treemind_render.draw import raster

    return raster._through_cairosvg(raster._drawn_only(svg), "png", scale, None, None)


def cpu() -> float:
    """CPU seconds of this process and its finished children."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def candidates(svg: bytes, dot: Path, scale: float) -> dict[str, Callable[[], bytes]]:
    from treemind_render.draw.raster import rasterise

    found: dict[str, Callable[[], bytes]] = {
        "stock cairosvg": lambda: stock(svg, scale),
        "cairosvg + Pango": lambda: fallback(svg, scale),
        "treemind": lambda: rasterise(svg, "png", scale=scale),
        "neato -n2 -Tpng": lambda: (
            subprocess.run(
                ["neato", "-n2", "-Tpng", f"-Gdpi={96 * scale:g}", str(dot)], capture_output=True, check=True
            ).stdout
        ),
    }
    try:
        import resvg_py

        text = svg.decode("utf-8")
        found["resvg-py"] = lambda: resvg_py.svg_to_bytes(svg_string=text, zoom=scale, dpi=96)
    except ImportError:
        pass
    return found


def megapixels(png: bytes) -> float:
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    return width * height / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="30,300,3000")
    parser.add_argument(
        "--skip", default="", help="candidates to leave out, comma-separated (e.g. 'stock cairosvg')"
    )
    args = parser.parse_args()
    dot_version = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    print(
        f"Machine: {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs,"
        f" Python {platform.python_version()}, {dot_version}"
    )
    print(f"load average at start: {os.getloadavg()[0]:.1f}; {args.runs} runs each, interleaved\n")
    print(
        "| nodes | scale | Mpx | candidate | median s | min s | CPU s (median) | ms/Mpx (median)"
        " | vs Graphviz per Mpx | CPU vs Graphviz | kB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            src = Path(tmp) / f"tree{size}.txt"
            src.write_text(to_text(generate_tree(size, seed=size)), encoding="utf-8")
            svg_path, dot = src.with_suffix(".svg"), src.with_suffix(".dot")
            subprocess.run(render_argv(src, svg_path), check=True, capture_output=True)
            subprocess.run(render_argv(src, dot, "-f", "dot"), check=True, capture_output=True)
            scale = 1.0 if size < 3000 else 0.25
            found = candidates(svg_path.read_bytes(), dot, scale)
            for name in filter(None, args.skip.split(",")):
                found.pop(name.strip(), None)
            times: dict[str, list[float]] = {name: [] for name in found}
            cpus: dict[str, list[float]] = {name: [] for name in found}
            outputs = {name: fn() for name, fn in found.items()}  # warm: fonts, imports
            for _ in range(args.runs):
                for name, fn in found.items():
                    start, start_cpu = time.perf_counter(), cpu()
                    fn()
                    times[name].append(time.perf_counter() - start)
                    cpus[name].append(cpu() - start_cpu)
            per_mpx = {n: statistics.median(t) / megapixels(outputs[n]) * 1000 for n, t in times.items()}
            cpu_mpx = {n: statistics.median(t) / megapixels(outputs[n]) * 1000 for n, t in cpus.items()}
            yardstick, cpu_yardstick = per_mpx["neato -n2 -Tpng"], cpu_mpx["neato -n2 -Tpng"]
            for name, runs in times.items():
                print(
                    f"| {size:,} | {scale:g} | {megapixels(outputs[name]):.1f} | {name}"
                    f" | {statistics.median(runs):.3f} | {min(runs):.3f}"
                    f" | {statistics.median(cpus[name]):.3f}"
                    f" | {per_mpx[name]:.0f} | {per_mpx[name] / yardstick:.2f}x"
                    f" | {cpu_mpx[name] / cpu_yardstick:.2f}x | {len(outputs[name]) / 1000:.0f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
