"""Start-up of the whole `treemind render` command, two versions side by side, warm and cold.

Run: `.venv/bin/python benchmarks/startup.py BEFORE_DIR [AFTER_DIR] [--runs 15] [--instructions]`,
where each DIR is a checkout of treemind-render (`git worktree add DIR REV`, or `git archive REV |
tar -x -C DIR`); AFTER_DIR defaults to this repository. Both run with this Python and its installed
dependencies, with DIR as working directory (so that version is imported), after `compileall` (an
installed wheel has its bytecode). The map is run.py's 30-node outline (seed 30, English and
Chinese words) rendered to SVG with `--no-cache`:

- warm: the cache folder one untimed run filled (fontconfig answers, themes: any second run);
- cold: an empty cache folder for every run (a fresh CI runner).

The versions and modes alternate run by run, so load on the machine hits all four alike. Medians
and minimums of wall time and of CPU time (user + system of the command and its Graphviz, from
wait4), steadier than wall time on a shared machine. `--instructions` also counts the
instructions the command and its children execute under valgrind (one run each: the count does
not depend on the machine's load, unlike any time).
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import generate_tree, to_text  # benchmarks/run.py, beside this script

MODES = ("warm", "cold")


def argv(source: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "treemind_render", "render", str(source), "-o", str(out), "--no-cache"]


def run(checkout: Path, source: Path, out: Path, cache: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one render."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv(source, out), cwd=checkout, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        said = proc.stderr.read().decode()[-600:] if proc.stderr else ""
        raise SystemExit(f"{checkout}: render failed: {said}")
    return wall, usage.ru_utime + usage.ru_stime


def instructions(checkout: Path, source: Path, out: Path, cache: Path) -> dict[str, int]:
    """Instructions executed by the command and each program it started, by program name."""
    with tempfile.TemporaryDirectory() as logs:
        env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
        subprocess.run(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
             "--trace-children=yes", f"--log-file={logs}/vg.%p", *argv(source, out)],
            cwd=checkout, env=env, capture_output=True, check=False,
        )  # fmt: skip
        counts: dict[str, int] = {}
        for log in glob.glob(f"{logs}/vg.*"):
            text = Path(log).read_text(errors="replace")
            command = re.search(r"Command: (\S+)", text)
            refs = re.search(r"I\s+refs:\s+([\d,]+)", text)
            if command and refs:
                name = Path(command.group(1)).name
                counts[name] = counts.get(name, 0) + int(refs.group(1).replace(",", ""))
        return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path, nargs="?", default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--instructions", action="store_true", help="also count instructions (valgrind)")
    args = parser.parse_args()
    versions = {"before": args.before.resolve(), "after": args.after.resolve()}
    for checkout in versions.values():
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(checkout / "treemind_render")],
                       check=True, capture_output=True)  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.1f} at the start; {args.runs} alternating runs each")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = work / "map30.txt"
        source.write_text(to_text(generate_tree(30, seed=30)), encoding="utf-8")
        for key, checkout in versions.items():  # fill each version's warm cache once
            run(checkout, source, work / f"{key}.svg", work / f"warm-{key}")
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for _ in range(args.runs):
            for mode in MODES:
                for key, checkout in versions.items():
                    cache = work / f"warm-{key}" if mode == "warm" else Path(tempfile.mkdtemp(dir=work))
                    timed = run(checkout, source, work / f"{key}.svg", cache)
                    times.setdefault((key, mode), []).append(timed)
                    if mode == "cold":
                        shutil.rmtree(cache)
        print("\n| 30 nodes to SVG | wall median (min) | CPU s median (min) |")
        print("|---|---|---|")
        for mode in MODES:
            for key in versions:
                walls, cpus = zip(*times[(key, mode)], strict=True)
                print(
                    f"| {key}, {mode} cache | {statistics.median(walls):.3f} s ({min(walls):.3f})"
                    f" | {statistics.median(cpus):.3f} ({min(cpus):.3f}) |"
                )
        if args.instructions and shutil.which("valgrind"):
            print("\n| 30 nodes to SVG | instructions (millions), by program |")
            print("|---|---|")
            for mode in MODES:
                for key, checkout in versions.items():
                    cache = work / f"warm-{key}" if mode == "warm" else Path(tempfile.mkdtemp(dir=work))
                    counts = instructions(checkout, source, work / f"{key}.svg", cache)
                    parts = ", ".join(f"{name} {n / 1e6:,.0f}" for name, n in sorted(counts.items()))
                    print(f"| {key}, {mode} cache | **{sum(counts.values()) / 1e6:,.0f}**: {parts} |")


if __name__ == "__main__":
    main()
