"""Render every outline under a folder on a local Dask cluster, through treemind's public API.

Needs Dask's distributed scheduler, which treemind does not install:

    pip install "dask[distributed]"
    python examples/dask_render.py examples/ build/maps -f svg,png --workers 2

Each worker process draws a map once with `treemind_render.mindmap()` and saves every format
from it; `Map.save` writes atomically, so a killed worker never leaves half a file. The same
code runs on a cluster when `--scheduler` names a running scheduler. (For stamps, skipping of
current outputs and reports, use `treemind render DIR --out-dir OUT` instead.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import treemind_render as tm


def render_one(source: str, targets: list[str], theme: str | None) -> str:
    """Runs on a worker: one outline to its images; an error comes back as text."""
    try:
        drawn = tm.mindmap(Path(source), theme=theme)
        for target in targets:
            drawn.save(target)
    except tm.TreemindError as exc:
        return f"treemind: error: {exc.located()}"
    return f"rendered: {source}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Render a folder of outlines on a local Dask cluster.")
    parser.add_argument("inputs", help="folder of outlines (.md, .txt, ...)")
    parser.add_argument("out_dir", help="folder for the images, mirroring the inputs")
    parser.add_argument("-f", "--formats", default="svg", help="comma list: svg, png, pdf, dot, json")
    parser.add_argument("-t", "--theme", default=None, help="built-in theme name or a theme .yaml")
    parser.add_argument("--workers", type=int, default=2, help="Dask worker processes")
    parser.add_argument("--scheduler", default=None, help="address of a running Dask scheduler")
    args = parser.parse_args()

    try:
        from distributed import Client
    except ImportError:
        sys.exit('this example needs Dask: pip install "dask[distributed]"')

    root, out = Path(args.inputs), Path(args.out_dir)
    extensions = set(tm.formats()["extensions"])
    sources = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in extensions)
    formats = [f.strip() for f in args.formats.split(",")]
    targets = [[str(out / p.relative_to(root).with_suffix("." + f)) for f in formats] for p in sources]

    if args.scheduler:
        client = Client(args.scheduler)
    else:  # worker processes on this machine; each keeps its font look-ups warm
        client = Client(n_workers=args.workers, threads_per_worker=1, dashboard_address=None)
    with client:
        futures = client.map(render_one, [str(p) for p in sources], targets, theme=args.theme, pure=False)
        lines = client.gather(futures)

    for line in lines:
        print(line, file=sys.stderr)
    failed = sum(line.startswith("treemind: error") for line in lines)
    print(f"{len(lines) - failed} done, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":  # Dask starts worker processes: keep the entry point guarded
    sys.exit(main())
