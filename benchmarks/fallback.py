"""What per-run font fallback costs: the whole `treemind render` command on 30-node maps, two
versions of treemind side by side in one run.

Run: `.venv/bin/python benchmarks/fallback.py BEFORE_DIR [AFTER_DIR] [--runs 15]`, where each DIR
is a checkout of treemind-render (`git archive REV | tar -x -C DIR`); AFTER_DIR defaults to this
repository. Each command is `python -m treemind_render render MAP -o OUT.svg --no-cache` run with
the DIR as working directory (so that version is imported), with a cache folder of its own that
one untimed run has warmed (font widths and fontconfig answers are on disk, as on any machine
after its first render). The versions alternate run by run, so load on the machine hits both.

Maps (30 nodes, seeded):
- `latin-cjk`: English and Chinese words, what most maps hold: one font covers each label;
- `scripts`: every label mixes Latin with emoji, Thai, Devanagari, Arabic or CJK, so each
  needs fallback runs (and Thai labels ICU's word breaks).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ["plan", "review", "design", "test", "ship", "notes", "ideas", "budget", "team", "goals"]
CJK = ["学习", "计划", "项目", "管理", "目标", "会议", "总结", "设计"]
OTHER = ["🚀", "📦 box", "👨‍👩‍👧 family", "ภาษาไทยเป็นภาษาที่สวยงาม", "नमस्ते दुनिया", "مرحبا بالعالم"]
OTHER += ["🇯🇵 flag", "日本語"]


def outline(nodes: int, mixed: bool, seed: int = 17) -> str:
    rng = random.Random(seed)
    lines = ["# Map"]
    depths = [0]
    for i in range(nodes - 1):
        depth = rng.randint(1, min(3, max(depths) + 1))
        depths.append(depth)
        words = [rng.choice(WORDS), rng.choice(CJK)]
        if mixed:
            words.append(OTHER[i % len(OTHER)])
        lines.append("  " * (depth - 1) + "- " + " ".join(words))
    return "\n".join(lines) + "\n"


def run(checkout: Path, source: Path, out: Path, cache: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the command and its Graphviz) of one render."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    argv = [sys.executable, "-m", "treemind_render", "render", str(source), "-o", str(out), "--no-cache"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, cwd=checkout, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path, nargs="?", default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        versions = {"before": args.before.resolve(), "after": args.after.resolve()}
        for checkout in versions.values():  # bytecode written once, as a wheel install does: with
            # PYTHONDONTWRITEBYTECODE set, every timed run would compile the package again
            command = [sys.executable, "-m", "compileall", "-q", str(checkout / "treemind_render")]
            subprocess.run(command, check=False, capture_output=True)
        print("median seconds; CPU (user + system) is steadier than wall time on a busy machine")
        heads = [("wall before", 12), ("wall after", 11), ("CPU before", 11)]
        heads += [("CPU after", 10), ("CPU change", 11)]
        print(f"{'map':<10}" + "".join(f" {head:>{width}}" for head, width in heads))
        for name, mixed in (("latin-cjk", False), ("scripts", True)):
            source = work / f"{name}.md"
            source.write_text(outline(30, mixed), encoding="utf-8")
            times: dict[str, list[tuple[float, float]]] = {key: [] for key in versions}
            for key, checkout in versions.items():  # warm each version's cache once
                run(checkout, source, work / f"{key}.svg", work / f"cache-{key}")
            for _ in range(args.runs):
                for key, checkout in versions.items():
                    times[key].append(run(checkout, source, work / f"{key}.svg", work / f"cache-{key}"))
            wall = {key: statistics.median(t[0] for t in runs) for key, runs in times.items()}
            cpu = {key: statistics.median(t[1] for t in runs) for key, runs in times.items()}
            change = (cpu["after"] / cpu["before"] - 1) * 100
            print(
                f"{name:<10} {wall['before']:>12.3f} {wall['after']:>11.3f}"
                f" {cpu['before']:>11.3f} {cpu['after']:>10.3f} {change:>+10.1f}%"
            )


if __name__ == "__main__":
    main()
