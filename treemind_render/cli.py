"""The `treemind` command line: parse flags, call the library, turn errors into exit codes."""

from __future__ import annotations

import sys
import traceback
from enum import Enum
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import TreemindError
from .model import Limits
from .parsers import FORMATS as INPUT_FORMATS

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Render outlines (Markdown, indented text) as mind-map images: SVG, PNG, PDF, DOT, JSON.",
)
_state = {"debug": False}


class Layout(str, Enum):
    map = "map"
    right = "right"
    left = "left"
    down = "down"
    up = "up"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"treemind {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """treemind: outlines in, designed mind maps out."""


def error(message: str) -> None:
    typer.echo(f"treemind: error: {message}", err=True)


def warn(message: str) -> None:
    typer.echo(f"treemind: warning: {message}", err=True)


def _formats(values: list[str] | None) -> list[str]:
    from .pipeline import FORMATS

    formats: list[str] = []
    for value in values or []:
        for item in value.split(","):
            fmt = item.strip().lower()
            if fmt not in FORMATS:
                raise typer.BadParameter(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})")
            if fmt not in formats:
                formats.append(fmt)
    return formats


@app.command()
def render(
    inputs: Annotated[list[str], typer.Argument(help="Outline files, folders, globs, or - for stdin.")],
    output: Annotated[
        Optional[str], typer.Option("-o", "--output", help="One output file; - for stdout.")
    ] = None,
    out_dir: Annotated[
        Optional[str],
        typer.Option("--out-dir", help="Write outputs under this folder, mirroring the inputs."),
    ] = None,
    fmt: Annotated[
        Optional[list[str]],
        typer.Option("-f", "--format", help="svg, png, pdf, dot, json, md, opml (repeat or comma list)."),
    ] = None,
    theme: Annotated[
        Optional[str], typer.Option("-t", "--theme", help="Built-in theme name or a theme .yaml file.")
    ] = None,
    layout: Annotated[Optional[Layout], typer.Option("-l", "--layout", help="Map structure.")] = None,
    input_format: Annotated[
        Optional[str], typer.Option("--from", help=f"Input format: {', '.join(INPUT_FORMATS)}.")
    ] = None,
    scale: Annotated[float, typer.Option("--scale", min=0.01, max=20, help="PNG/PDF scale factor.")] = 1.0,
    width: Annotated[
        Optional[int], typer.Option("--width", min=1, help="PNG/PDF width in pixels (overrides --scale).")
    ] = None,
    background: Annotated[
        Optional[str], typer.Option("--background", help="PNG/PDF background: a colour or transparent.")
    ] = None,
    limit_size: Annotated[
        int, typer.Option("--limit-size", min=1, help="Largest input, in bytes.")
    ] = Limits.max_bytes,
    limit_nodes: Annotated[
        int, typer.Option("--limit-nodes", min=1, help="Most nodes in one outline.")
    ] = Limits.max_nodes,
    limit_depth: Annotated[
        int, typer.Option("--limit-depth", min=1, help="Deepest nesting.")
    ] = Limits.max_depth,
    limit_label: Annotated[
        int, typer.Option("--limit-label", min=1, help="Longest label, in characters.")
    ] = Limits.max_label,
    limit_pixels: Annotated[
        int, typer.Option("--limit-pixels", min=1, help="Largest PNG, in pixels.")
    ] = Limits.max_pixels,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds Graphviz may take per map.")
    ] = Limits.timeout,
    sheet: Annotated[
        Optional[str],
        typer.Option("--sheet", "--page", help="Which sheet (XMind) or diagram (PlantUML): number or name."),
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Print errors only.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Name each file written.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Render outlines to mind-map images."""
    from .batch import find_inputs, plan, run_job
    from .pipeline import RenderOptions, format_for
    from .text import Measurer
    from .themes import load_theme

    _state["debug"] = debug
    formats = _formats(fmt)
    if not formats:
        guessed = format_for(output) if output and output != "-" else None
        formats = [guessed or "svg"]
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise typer.BadParameter(
            f"unknown input format {input_format!r} (choose from: {', '.join(INPUT_FORMATS)})",
            param_hint="--from",
        )
    if theme is not None:
        load_theme(theme)  # a bad theme is a usage error before any input is read
    limits = Limits(limit_size, limit_nodes, limit_depth, limit_label, limit_pixels, timeout)
    options = RenderOptions(theme, layout.value if layout else None, limits, scale, width, background)
    jobs = plan(find_inputs(inputs), formats, output, out_dir)
    measurer = Measurer()
    failed = 0
    for job in jobs:
        try:
            tree = run_job(job, options, input_format, measurer, sheet)
        except TreemindError as exc:
            if exc.exit_code == 2 and len(jobs) == 1:
                raise
            failed += 1
            error(exc.located() if exc.path else f"{job.source.name}: {exc.message}")
            if debug:
                traceback.print_exc()
            continue
        if not quiet:
            for message in tree.warnings:
                warn(f"{job.source.name}: {message}")
        if verbose:
            for _, path in job.outputs:
                if path is not None:
                    typer.echo(f"wrote {path}", err=True)
    if measurer.missing and not quiet:
        chars = "".join(sorted(measurer.missing))[:40]
        warn(
            f"no installed font has glyphs for {chars!r}: they may show as boxes"
            " (install fonts-noto-cjk and fonts-noto-core, or set the theme's font.family)"
        )
    if failed:
        raise typer.Exit(1)


@app.command()
def formats() -> None:
    """List the input formats: name (for --from), file extensions, what it is."""
    for name, spec in INPUT_FORMATS.items():
        typer.echo(f"{name:<10} {' '.join(spec.extensions):<28} {spec.description}")


@app.command()
def themes() -> None:
    """List the built-in themes."""
    from .themes import builtin_names, load_theme

    for name in builtin_names():
        if name != "base":
            typer.echo(f"{name:<14} {load_theme(name).description}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code: 0 done, 1 an input failed, 2 usage error."""
    try:
        code = app(args=argv, prog_name="treemind", standalone_mode=False)
        return code if isinstance(code, int) else 0
    except typer.Exit as exc:
        return int(getattr(exc, "exit_code", 0))
    except typer.Abort:
        return 130
    except TreemindError as exc:
        error(exc.located())
        if _state["debug"]:
            traceback.print_exc()
        return exc.exit_code
    except Exception as exc:
        # Typer's usage errors (its bundled click's UsageError family) carry exit code 2.
        if hasattr(exc, "format_message") and getattr(exc, "exit_code", None) == 2:
            lines = exc.format_message().splitlines()
            if lines:  # empty when help was shown for a bare command
                error(lines[0])
            return 2
        if _state["debug"]:  # anything else is a bug: one line unless --debug
            raise
        error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
        return 3


def run() -> None:
    sys.exit(main())
