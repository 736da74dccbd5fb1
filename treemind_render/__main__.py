"""`python -m treemind_render` runs the `treemind` command."""

from .console import run

run()
