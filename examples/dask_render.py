"""Render every outline under a folder on a local Dask cluster, through treemind's Python API.

Needs Dask's distributed scheduler, which treemind does not install:

    pip install "dask[distributed]"
    python examples/dask_render.py examples/ build/maps -f svg,png --workers 2

`render_many` takes any `concurrent.futures.Executor`; a Dask client's `get_executor()` is one,
so the same code runs on a cluster when the Client is given a scheduler address instead.
Outputs, stamps and skipping of current outputs are the same as `treemind render DIR --out-dir`.
"""

from __future__ import annotations

import argparse
import sys

from treemind_render.app.batch import Task, render_many
from treemind_render.app.inputs import find_inputs, plan
from treemind_render.pipeline import RenderOptions


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

    sources = find_inputs([args.inputs])
    jobs = plan(sources, [f.strip() for f in args.formats.split(",")], None, args.out_dir)
    tasks = [Task(job, RenderOptions(theme=args.theme)) for job in jobs]

    if args.scheduler:
        client = Client(args.scheduler)
    else:  # worker processes on this machine; each keeps its font look-ups warm
        client = Client(n_workers=args.workers, threads_per_worker=1, dashboard_address=None)
    with client:
        outcomes = render_many(tasks, executor=client.get_executor())

    for outcome in outcomes:
        line = outcome.error if outcome.status == "failed" else f"{outcome.status}: {outcome.input}"
        print(line, file=sys.stderr)
    failed = sum(o.status == "failed" for o in outcomes)
    print(f"{len(outcomes) - failed} done, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":  # Dask starts worker processes: keep the entry point guarded
    sys.exit(main())
