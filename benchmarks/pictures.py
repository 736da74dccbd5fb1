"""What pictures in topics cost: the whole `treemind render` command on one 30-node outline
without pictures, with three small pictures (a PNG, a JPEG, an SVG icon) and with one large
photo-sized JPEG (3000 x 2000, scaled down and encoded again), to SVG and PNG, interleaved.

    .venv/bin/python benchmarks/pictures.py [--runs 7]

Prints median wall and CPU seconds (children's user + system, from wait4) per case, and the
size of each SVG. Also times a cached run (every output current), which reads the pictures to
build the stamp.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TREEMIND = [sys.executable, "-m", "treemind_render"]


def outline(pictures: list[str]) -> str:
    lines = ["# Pictures"]
    for i in range(6):
        lines.append(f"## Branch {i}")
        for j in range(4):
            lines.append(f"- Topic {i}.{j} with a few words")
    for k, name in enumerate(pictures):
        lines.append(f"- ![picture {k}]({name})")
    return "\n".join(lines) + "\n"


def make_files(folder: Path) -> None:
    from PIL import Image

    Image.new("RGB", (200, 100), (255, 0, 0)).save(folder / "small.png")
    Image.new("RGB", (120, 90), (0, 0, 255)).save(folder / "small.jpg")
    (folder / "icon.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="48" height="48">'
        '<circle cx="12" cy="12" r="10" fill="green"/><path d="M6 12h12" stroke="white"/></svg>'
    )
    rng = random.Random(1)
    photo = Image.frombytes("RGB", (300, 200), rng.randbytes(300 * 200 * 3)).resize((3000, 2000))
    photo.save(folder / "photo.jpg", quality=85)


def run(args: list[str], cwd: Path) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen([*TREEMIND, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {args}: {proc.stderr.read().decode() if proc.stderr else ''}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_files(folder)
        cases = {
            "none": [],
            "three small": ["small.png", "small.jpg", "icon.svg"],
            "one 3000x2000 JPEG": ["photo.jpg"],
        }
        for name, pictures in cases.items():
            (folder / f"{name.replace(' ', '_')}.md").write_text(outline(pictures))
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        env_cache = tempfile.mkdtemp()
        os.environ["XDG_CACHE_HOME"] = env_cache
        for _ in range(runs):
            for name in cases:
                src = f"{name.replace(' ', '_')}.md"
                for fmt in ("svg", "png"):
                    out = f"{name.replace(' ', '_')}.{fmt}"
                    times.setdefault((name, fmt), []).append(
                        run(["render", src, "-o", out, "--no-cache"], folder)
                    )
                times.setdefault((name, "cached"), []).append(run(["render", src, "-o", out], folder))
        print(f"runs: {runs}, load average {os.getloadavg()[0]:.1f}")
        print("| outline | output | wall s (median) | CPU s (median) | SVG bytes |")
        print("|---|---|---|---|---|")
        for (name, fmt), values in times.items():
            wall = statistics.median(v[0] for v in values)
            cpu = statistics.median(v[1] for v in values)
            size = (folder / f"{name.replace(' ', '_')}.svg").stat().st_size
            print(f"| {name} | {fmt} | {wall:.3f} | {cpu:.3f} | {size:,} |")


if __name__ == "__main__":
    main()
