"""One batch command against one command per file, on 100 small outlines.

Run: `.venv/bin/python benchmarks/batch.py [--files 100] [--nodes 30] [--runs 3] [--passes 1]
[--format svg|png]`. Generates the outlines in a temporary folder, then times, in the same run:
  (a) `python -m treemind_render render DIR --out-dir OUT -f FORMAT -j 2 --no-cache` (median of --runs)
  (a') the same batch again without --no-cache: every output current, nothing drawn
  (b) `python -m treemind_render render FILE -o OUT/FILE.svg` once per file, one after another
      (--passes full passes; the median pass counts)
and prints a Markdown table for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import compile_package  # benchmarks/run.py, beside this script

WORDS = ["plan", "launch", "review", "budget", "研究", "方法", "运营", "营销", "data", "design"]
WORDS += ["test", "ship", "metrics", "用户", "增长"]
TREEMIND = [sys.executable, "-m", "treemind_render", "render"]


def outline(nodes: int, seed: int) -> str:
    """Indented text, pre-order, each line at most one level deeper than the one before."""
    rng = random.Random(seed)
    lines, depth = [f"Outline {seed}"], 0
    for i in range(1, nodes):
        depth = rng.randint(1, min(depth + 1, 4))
        label = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
        lines.append("  " * depth + f"{label} {i}")
    return "\n".join(lines) + "\n"


CPU: list[float] = []  # user + system seconds of each batch run (the command, its workers, Graphviz)


def run(cmd: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode()[-800:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--nodes", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3, help="batch runs (median)")
    parser.add_argument("--passes", type=int, default=1, help="full passes of one command per file (0: none)")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("-f", "--format", default="svg", choices=("svg", "png", "pdf"))
    args = parser.parse_args()
    compiled = compile_package()

    graphviz = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    print(
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, python"
        f" {platform.python_version()} ({compiled}), {graphviz}; {args.files} outlines of {args.nodes}"
        f" nodes, {args.format.upper()}; load average {os.getloadavg()[0]:.1f}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "outlines", Path(tmp) / "out"
        files = []
        for i in range(args.files):
            path = src / f"group{i % 5}" / f"outline{i:03d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(outline(args.nodes, i), encoding="utf-8")
            files.append(path)

        batch_cmd = [*TREEMIND, str(src), "--out-dir", str(out / "batch"), "-f", args.format]
        batch_cmd += ["-j", str(args.jobs), "--no-cache", "-q"]
        run(batch_cmd)  # warm-up: font metric cache, page cache
        CPU.clear()
        batch = statistics.median(run(batch_cmd) for _ in range(args.runs))
        batch_cpu = statistics.median(CPU)
        # the same batch again with the cache on: every output is current, nothing is drawn
        cached_cmd = [c for c in batch_cmd if c != "--no-cache"]
        run(cached_cmd)
        cached = statistics.median(run(cached_cmd) for _ in range(args.runs))

        passes = []  # --passes 0: the batch rows only
        for _ in range(args.passes):
            start = time.perf_counter()
            for path in files:
                target = out / "single" / path.relative_to(src).with_suffix(f".{args.format}")
                run([*TREEMIND, str(path), "-o", str(target)])
            passes.append(time.perf_counter() - start)
        single = statistics.median(passes) if passes else None

    n = args.files
    print()
    fmt = args.format.upper()
    head = f"| {n} outlines, {args.nodes} nodes each, {fmt} | seconds | per outline | maps per second"
    print(head + " | vs batch |")
    print("|---|---|---|---|---|")
    print(
        f"| one batch: `render DIR --out-dir OUT -j {args.jobs} --no-cache` (median of {args.runs})"
        f" | {batch:.2f} s | {batch / n * 1000:.0f} ms | {n / batch:.0f} | 1.0x |"
    )
    print(
        f"| the same, CPU seconds (user + system, median) | {batch_cpu:.2f} s | |"
        f" {n / batch_cpu:.0f} per CPU s | |"
    )
    print(
        f"| the same batch again, outputs current (cache on, median of {args.runs})"
        f" | {cached:.2f} s | {cached / n * 1000:.0f} ms | {n / cached:.0f} | {cached / batch:.2f}x |"
    )
    if single is None:
        return
    print(
        f"| {n} one-shot commands, one after another ({args.passes} pass{'es' if args.passes > 1 else ''})"
        f" | {single:.2f} s | {single / n * 1000:.0f} ms | {n / single:.0f} | {single / batch:.1f}x |"
    )


if __name__ == "__main__":
    main()
