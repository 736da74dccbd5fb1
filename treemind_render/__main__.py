"""`python -m treemind_render` runs the `treemind` command."""

from .cli import run

run()
