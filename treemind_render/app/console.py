"""The `treemind` console script and `python -m treemind_render`: a short-lived process.

The cyclic garbage collector is set to run rarely before anything else is imported: a render
makes few reference cycles, and scanning its many live objects (typer's and markdown-it's
imports, a big map's boxes) cost ~5 ms of a small map's start-up and 10% of a 10,000-node
map. cli.run() then ends the process quickly once the outputs are written.
"""

import gc

gc.set_threshold(100_000, 50, 100)

from .cli import run  # noqa: E402  (after the collector is set)

__all__ = ["run"]
