"""Time the whole `treemind render` command against raw Graphviz on the same DOT.

Run: `make bench` (or `.venv/bin/python benchmarks/run.py [--runs N]`). Prints a Markdown
table of medians; copy it into benchmarks/README.md with the machine it ran on.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = "plan launch review budget 研究 方法 运营 营销 data design test ship metrics 用户 增长".split()


def tree_outline(nodes: int, seed: int) -> str:
    """Pre-order generation keeps the indentation valid: each line at most one level deeper."""
    rng = random.Random(seed)
    lines, depth = ["Benchmark root"], 0
    for i in range(1, nodes):
        depth = rng.randint(1, min(depth + 1, 8))
        label = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5)))
        lines.append("  " * depth + f"{label} {i}")
    return "\n".join(lines) + "\n"


def median_time(cmd: list[str], runs: int, stdin: bytes | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, input=stdin, capture_output=True)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode()[-500:]}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    treemind = [sys.executable, "-m", "treemind_render"]
    cases = [("30 nodes", tree_outline(30, 1)), ("300 nodes", tree_outline(300, 2)),
             ("3,000 nodes", tree_outline(3000, 3))]
    example = ROOT / "examples" / "launch-plan.md"
    print(f"python {sys.version.split()[0]}, {subprocess.run(['dot', '-V'], capture_output=True, text=True).stderr.strip()}")
    print("| input | treemind SVG | treemind PNG | neato -n2 on our DOT | dot on our DOT | our share |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        inputs = [("launch-plan.md (68 nodes)", example)]
        for name, text in cases:
            path = work / f"{name.split()[0].replace(',', '')}.txt"
            path.write_text(text, encoding="utf-8")
            inputs.append((name, path))
        for name, path in inputs:
            runs = args.runs if "3,000" not in name else max(3, args.runs // 2)
            svg = median_time([*treemind, "render", str(path), "-o", str(work / "o.svg")], runs)
            png_cmd = [*treemind, "render", str(path), "-o", str(work / "o.png")]
            # a 3,000-node map is ~50,000 px tall: over the default pixel limit, so scaled down
            png = median_time(png_cmd + (["--scale", "0.25"] if "3,000" in name else []), runs)
            dot_file = work / "o.dot"
            subprocess.run([*treemind, "render", str(path), "-o", str(dot_file)], check=True)
            dot_src = dot_file.read_bytes()
            neato = median_time([shutil.which("neato") or "neato", "-n2", "-Tsvg"], runs, dot_src)
            plain = median_time([shutil.which("dot") or "dot", "-Tsvg"], runs, dot_src)
            share = (svg - neato) / svg
            png_note = " (scale 0.25)" if "3,000" in name else ""
            print(f"| {name} | {svg:.3f} s | {png:.3f} s{png_note} | {neato:.3f} s | {plain:.3f} s | {share:.0%} |")


if __name__ == "__main__":
    main()
