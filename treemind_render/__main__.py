"""`python -m treemind_render` runs the `treemind` command."""

from .app.console import run

run()
