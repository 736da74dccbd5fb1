"""The `treemind` command line: parse flags, call the library, turn errors into exit codes.

No `from __future__ import annotations` here: typer would then evaluate every option's
annotation from its string on each run (~7 ms of a 0.16 s command).
"""

import contextlib
import os
import sys
import time
import traceback
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .. import __version__
from ..errors import TreemindError, did_you_mean
from ..model import Limits
from ..parsers import FORMATS as INPUT_FORMATS
from .lines import one_line

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Render outlines (Markdown, indented text) as mind-map images: SVG, PNG, PDF, DOT, JSON.",
)
try:  # typer bundles its own click from 0.2x on
    from typer._click.types import StringParamType
except ImportError:  # pragma: no cover - older typer
    from click.types import StringParamType  # type: ignore[assignment,unused-ignore]


class _Named(StringParamType):
    """A string argument whose help says what goes there (`FILE|DIR|GLOB|-`), not `<str>`."""

    def __init__(self, metavar: str) -> None:
        self.metavar = metavar

    def get_metavar(self, param: Any, ctx: Any = None) -> str:
        return self.metavar


# option panels of `treemind render --help`
OUTPUT, LOOK, INPUT, RASTER, BATCH, LIMITS, TALK = (
    "Output",
    "Look",
    "Input",
    "PNG and PDF",
    "Batch and CI",
    "Limits (an outline can never raise them)",
    "Messages",
)
_state = {"debug": False}
# options that several commands share
ThemeOpt = Annotated[
    Optional[str],
    typer.Option(
        "-t",
        "--theme",
        metavar="NAME|FILE.yaml|auto",
        show_default="default, or the outline's frontmatter theme:",
        help="Built-in theme (treemind themes lists them), a theme .yaml file, or auto (light and dark).",
        rich_help_panel=LOOK,
    ),
]
IncludeOpt = Annotated[
    Optional[list[str]],
    typer.Option(
        "--include", metavar="GLOB", help="In folders, only files matching this glob.", rich_help_panel=INPUT
    ),
]
ExcludeOpt = Annotated[
    Optional[list[str]],
    typer.Option(
        "--exclude", metavar="GLOB", help="In folders, skip files matching this glob.", rich_help_panel=INPUT
    ),
]
JobsOpt = Annotated[
    Optional[int],
    typer.Option(
        "-j",
        "--jobs",
        min=1,
        metavar="N",
        show_default="one per CPU",
        help="Worker processes.",
        rich_help_panel=BATCH,
    ),
]
QuietOpt = Annotated[bool, typer.Option("-q", "--quiet", help="Print errors only.", rich_help_panel=TALK)]
VerboseOpt = Annotated[
    bool, typer.Option("-v", "--verbose", help="Name each file written.", rich_help_panel=TALK)
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks.", rich_help_panel=TALK)]


class Layout(str, Enum):
    map = "map"
    right = "right"
    left = "left"
    down = "down"
    up = "up"
    radial = "radial"
    timeline = "timeline"
    fishbone = "fishbone"


class Engine(str, Enum):
    tidy = "tidy"
    dot = "dot"


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
    for line in message.splitlines() or [""]:  # a theme with three problems: three lines
        typer.echo(f"treemind: error: {one_line(line)}", err=True)  # names escaped: app/lines.py


def warn(message: str) -> None:
    typer.echo(f"treemind: warning: {one_line(message)}", err=True)


def _say(message: str) -> None:
    typer.echo(one_line(message), err=True)


def _formats(values: list[str] | None) -> list[str]:
    from ..pipeline import FORMATS

    formats: list[str] = []
    for value in values or []:
        for item in value.split(","):
            fmt = item.strip().lower()
            if fmt not in FORMATS:
                raise typer.BadParameter(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})")
            if fmt not in formats:
                formats.append(fmt)
    return formats


RENDER_EXAMPLES = """\
Examples:

  treemind render notes.md                            # notes.svg beside it

  treemind render notes.md -o notes.png -t dark -l right

  cat outline.md | treemind render - > map.svg

  treemind render docs/ --out-dir build/maps -f svg,png --check
"""


@app.command(epilog=RENDER_EXAMPLES)
def render(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT...",
            click_type=_Named("FILE|DIR|GLOB|-"),
            help="Outline files, folders, globs, or - for stdin.",
        ),
    ],
    output: Annotated[
        Optional[str],
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="One output file (its extension picks the format); - for stdout.",
            rich_help_panel=OUTPUT,
        ),
    ] = None,
    out_dir: Annotated[
        Optional[str],
        typer.Option(
            "--out-dir",
            metavar="DIR",
            help="Write outputs under this folder, mirroring the inputs.",
            rich_help_panel=OUTPUT,
        ),
    ] = None,
    fmt: Annotated[
        Optional[list[str]],
        typer.Option(
            "-f",
            "--format",
            metavar="FORMAT",
            show_default="svg, or the -o file's extension",
            help="svg, png, pdf, dot, json, html, or md, opml, mm, xmind (conversion); repeat or comma list.",
            rich_help_panel=OUTPUT,
        ),
    ] = None,
    embed_fonts: Annotated[
        bool,
        typer.Option(
            "--embed-fonts", help="SVG: embed subsets of its fonts (portable SVG).", rich_help_panel=OUTPUT
        ),
    ] = False,
    theme: ThemeOpt = None,
    layout: Annotated[
        Optional[str],
        typer.Option(
            "-l",
            "--layout",
            metavar="LAYOUT",
            show_default="map, or the outline's frontmatter layout:",
            help="map, right, left, down, up, radial, timeline or fishbone.",
            rich_help_panel=LOOK,
        ),
    ] = None,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            metavar="tidy|dot",
            help="Who places the nodes: tidy (ours, linear) or Graphviz dot.",
            rich_help_panel=LOOK,
        ),
    ] = Engine.tidy,
    max_depth: Annotated[
        Optional[int],
        typer.Option(
            "--max-depth",
            "--fold-level",
            min=0,
            metavar="DEPTH",
            help="Fold nodes at this depth; they show +N.",
            rich_help_panel=LOOK,
        ),
    ] = None,
    unfold: Annotated[
        bool, typer.Option("--unfold", help="Ignore folds marked in the outline.", rich_help_panel=LOOK)
    ] = False,
    input_format: Annotated[
        Optional[str],
        typer.Option(
            "--from",
            metavar="FORMAT",
            show_default="by extension, then by content",
            help="Input format (treemind formats lists them).",
            rich_help_panel=INPUT,
        ),
    ] = None,
    sheet: Annotated[
        Optional[str],
        typer.Option(
            "--sheet",
            "--page",
            metavar="N|NAME",
            show_default="the first",
            help="Which sheet (XMind) or diagram (PlantUML).",
            rich_help_panel=INPUT,
        ),
    ] = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    scale: Annotated[
        Optional[float],
        typer.Option(
            "--scale",
            min=0.01,
            max=20,
            metavar="N",
            show_default="1; a PNG over --limit-pixels is drawn smaller to fit",
            help="Scale factor (1 = 96 dpi).",
            rich_help_panel=RASTER,
        ),
    ] = None,
    width: Annotated[
        Optional[int],
        typer.Option(
            "--width",
            min=1,
            metavar="PX",
            help="Width in pixels (overrides --scale).",
            rich_help_panel=RASTER,
        ),
    ] = None,
    background: Annotated[
        Optional[str],
        typer.Option(
            "--background",
            metavar="COLOR",
            show_default="the theme's",
            help="A CSS colour, or transparent.",
            rich_help_panel=RASTER,
        ),
    ] = None,
    jobs: JobsOpt = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Write nothing; exit 1 if any output is missing or stale.", rich_help_panel=BATCH
        ),
    ] = False,
    fail_on_write: Annotated[
        bool,
        typer.Option(
            "--fail-on-write",
            help="Exit 1 when an output was written (pre-commit: stage it, commit again).",
            rich_help_panel=BATCH,
        ),
    ] = False,
    verify: Annotated[
        bool,
        typer.Option(
            "--verify", help="With --check: also render again and compare bytes (for CI on pull requests)."
        ),
    ] = False,
    report: Annotated[
        Optional[Path],
        typer.Option(
            "--report",
            metavar="FILE",
            help="Write a report: FILE.json, or FILE.xml (JUnit).",
            rich_help_panel=BATCH,
        ),
    ] = None,
    shard: Annotated[
        Optional[str],
        typer.Option("--shard", metavar="K/N", help="Render only shard K of N.", rich_help_panel=BATCH),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Render even inputs whose outputs are current.", rich_help_panel=BATCH
        ),
    ] = False,
    fail_fast: Annotated[
        bool, typer.Option("--fail-fast", help="Stop at the first failed input.", rich_help_panel=BATCH)
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Fail an input on any warning (parser or Graphviz).", rich_help_panel=BATCH
        ),
    ] = False,
    limit_size: Annotated[
        int,
        typer.Option("--limit-size", min=1, metavar="BYTES", help="Largest input.", rich_help_panel=LIMITS),
    ] = Limits.max_bytes,
    limit_nodes: Annotated[
        int,
        typer.Option(
            "--limit-nodes", min=1, metavar="N", help="Most nodes in one outline.", rich_help_panel=LIMITS
        ),
    ] = Limits.max_nodes,
    limit_children: Annotated[
        int,
        typer.Option(
            "--limit-children",
            min=1,
            metavar="N",
            help="Most children under one topic.",
            rich_help_panel=LIMITS,
        ),
    ] = Limits.max_children,
    limit_depth: Annotated[
        int,
        typer.Option("--limit-depth", min=1, metavar="N", help="Deepest nesting.", rich_help_panel=LIMITS),
    ] = Limits.max_depth,
    limit_label: Annotated[
        int,
        typer.Option(
            "--limit-label", min=1, metavar="N", help="Longest label, in characters.", rich_help_panel=LIMITS
        ),
    ] = Limits.max_label,
    limit_pixels: Annotated[
        int,
        typer.Option(
            "--limit-pixels", min=1, metavar="N", help="Largest PNG, in pixels.", rich_help_panel=LIMITS
        ),
    ] = Limits.max_pixels,
    limit_image: Annotated[
        int,
        typer.Option(
            "--limit-image",
            min=1,
            metavar="BYTES",
            help="Largest picture file drawn in a topic.",
            rich_help_panel=LIMITS,
        ),
    ] = Limits.max_image,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=0.1, metavar="SECONDS", help="Graphviz time per map.", rich_help_panel=LIMITS
        ),
    ] = Limits.timeout,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    debug: DebugOpt = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Render again after every save of an input (Ctrl+C stops).",
            rich_help_panel=OUTPUT,
        ),
    ] = False,
) -> None:
    """Render outlines to mind-map images (one file, or many in parallel for CI)."""
    if watch:
        return _watch_render(dict(locals()))  # this command's own arguments, nothing else yet
    from ..colors import parse_color
    from ..layout import DOT_LAYOUTS
    from ..pipeline import AUTO, ExportOptions, RenderOptions
    from ..style.themes import load_theme
    from .batch import Task, render_many
    from .inputs import find_inputs, plan
    from .inputs import shard as take_shard

    _state["debug"] = debug
    formats = _formats(fmt)
    if not formats:
        formats = [_format_of_output(output) if output and output != "-" else "svg"]
    chosen_layout = _layout(layout)
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise typer.BadParameter(
            f"unknown input format {input_format!r} (choose from: {', '.join(INPUT_FORMATS)})",
            param_hint="--from",
        )
    if engine is Engine.dot and chosen_layout is not None and chosen_layout not in DOT_LAYOUTS:
        raise typer.BadParameter(
            f"dot lays out {', '.join(DOT_LAYOUTS)}, not {chosen_layout}", param_hint="--engine"
        )
    if theme not in (None, AUTO):
        _warn_contrast(load_theme(theme))  # a bad theme is a usage error before any input is read
    if background not in (None, "transparent") and parse_color(background) is None:
        raise typer.BadParameter(
            f"{background!r} is not a colour (use #rrggbb, a colour name, or transparent)",
            param_hint="--background",
        )
    limits = Limits(
        limit_size, limit_nodes, limit_depth, limit_label, limit_pixels, timeout, limit_children, limit_image
    )
    options = RenderOptions(
        theme,
        chosen_layout,
        limits,
        ExportOptions(  # no size asked for: a PNG over the pixel limit is drawn smaller to fit
            1.0 if scale is None else scale, width, background, fit=scale is None and width is None
        ),
        max_depth,
        unfold,
        embed_fonts=embed_fonts,
        engine=engine.value,
    )
    skip = Path(out_dir) if out_dir else None
    sources = take_shard(find_inputs(inputs, include or (), exclude or (), skip), shard)
    planned = plan(sources, formats, output, out_dir)
    if verify and not check:
        raise typer.BadParameter(
            "--verify goes with --check (render again and compare)", param_hint="--verify"
        )
    mode = ("verify" if verify else "check") if check else "render"
    tasks = [Task(job, options, input_format, sheet, mode, not no_cache, strict) for job in planned]
    show = _Progress(len(tasks), quiet, verbose)
    started = time.perf_counter()
    with show:
        outcomes = render_many(tasks, jobs, fail_fast=fail_fast, on_done=show.done)
    _finish(outcomes, time.perf_counter() - started, report, quiet, len(tasks) > 1)
    written = [path for o in outcomes if o.status == "rendered" for path in o.outputs]
    if fail_on_write and written:
        if not quiet:
            typer.echo(
                f"treemind: wrote {len(written)} file(s): {', '.join(map(str, written[:5]))}", err=True
            )
        raise typer.Exit(1)


def _layout(value: str | None) -> str | None:
    from ..layout import LAYOUTS

    if value is None or value in LAYOUTS:
        return value
    raise typer.BadParameter(
        f"unknown layout {value!r}{did_you_mean(value, LAYOUTS)} (choose from: {', '.join(LAYOUTS)})",
        param_hint="'-l' / '--layout'",
    )


def _format_of_output(output: str) -> str:
    """The format an -o file's extension names; an extension treemind does not write is an error."""
    from ..pipeline import FORMATS, format_for

    found = format_for(output)
    if found is None:
        suffix = Path(output).suffix or "no extension"
        raise typer.BadParameter(
            f"{output}: cannot write {suffix!r} (known: {', '.join('.' + f for f in FORMATS)});"
            " give one of those, or -f FORMAT",
            param_hint="'-o' / '--output'",
        )
    return found


def _watch_render(params: dict[str, Any]) -> None:
    """`render --watch`: this same command without --watch, now and after each save of an input;
    a failed input prints its error and the watch goes on."""
    from .inputs import find_inputs
    from .serve import rerun_on_change

    inputs, include, exclude, out_dir = (params[k] for k in ("inputs", "include", "exclude", "out_dir"))
    if "-" in inputs:
        raise typer.BadParameter("--watch needs files or folders, not stdin", param_hint="--watch")

    def once() -> None:
        with contextlib.suppress(typer.Exit):
            try:
                render(**{**params, "watch": False})
            except TreemindError as exc:
                error(exc.located())

    def sources() -> set[Path]:
        skip = Path(out_dir) if out_dir else None
        try:
            found = find_inputs(inputs, include or (), exclude or (), skip)
        except TreemindError:
            return set()
        return {s.path.resolve() for s in found if s.path is not None}

    find_inputs(inputs, include or (), exclude or (), Path(out_dir) if out_dir else None)  # a usage error now
    if not params["quiet"]:
        typer.echo("treemind: watching the inputs; Ctrl+C stops", err=True)
    with contextlib.suppress(KeyboardInterrupt):
        rerun_on_change(once, [Path(i) for i in inputs if Path(i).exists()] or [Path.cwd()], sources)


@app.command()
def serve(
    target: Annotated[Path, typer.Argument(exists=True, help="An outline file, or a folder of them.")],
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port on 127.0.0.1 (default: a free one).")
    ] = 0,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the preview in a browser.")] = False,
    theme: ThemeOpt = None,
    layout: Annotated[
        Optional[str],
        typer.Option("-l", "--layout", metavar="LAYOUT", help="map, right, left, down, up, radial, ..."),
    ] = None,
    engine: Annotated[
        Engine, typer.Option("--engine", help="Who places the nodes: tidy (ours, linear) or Graphviz dot.")
    ] = Engine.tidy,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Live preview on 127.0.0.1: each map redraws in the page when its file is saved."""
    from ..pipeline import AUTO, RenderOptions
    from ..style.themes import load_theme
    from .inputs import find_inputs
    from .serve import serve as run

    _state["debug"] = debug
    if theme not in (None, AUTO):
        _warn_contrast(load_theme(theme))
    if target.is_file():
        files = [target]
    else:
        files = [s.path for s in find_inputs([str(target)], include or (), exclude or ()) if s.path]
    options = RenderOptions(theme, _layout(layout), engine=engine.value)
    try:
        for url in run(target, files, options, port, open_browser):
            typer.echo(url)
            typer.echo(f"treemind: previewing {len(files)} map(s) at {url} (Ctrl+C stops)", err=True)
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        message = f"cannot listen on 127.0.0.1:{port}: {exc.strerror}"
        raise typer.BadParameter(message, param_hint="--port") from None


def _warn_contrast(theme: Any) -> None:
    """Built-in themes pass WCAG contrast (tested); a custom one gets told where it does not."""
    from ..style.themes import contrast_issues, themes_dir

    if Path(theme.source).parent == themes_dir():
        return
    issues = contrast_issues(theme)
    for issue in issues[:3]:
        warn(f"{theme.source}: {issue}")
    if len(issues) > 3:
        warn(f"{theme.source}: {len(issues) - 3} more labels under WCAG contrast")


def _finish(outcomes: list, wall: float, report: Path | None, quiet: bool, many: bool) -> None:
    from .report import summary, write_report

    missing = "".join(sorted({c for o in outcomes for c in o.missing_glyphs}))
    if missing and not quiet:
        from ..text.scripts import missing_message

        warn(missing_message(missing))
    if report is not None:
        write_report(report, outcomes)
    if many and not quiet:
        typer.echo(summary(outcomes, wall), err=True)
    if any(o.status in ("failed", "stale") for o in outcomes):
        raise typer.Exit(1)


class _Progress:
    """A progress bar on a terminal; plain lines in CI or when piped; nothing with -q."""

    def __init__(self, total: int, quiet: bool, verbose: bool) -> None:
        self.quiet, self.verbose = quiet, verbose
        self.lines = not quiet and total > 1  # a one-shot render prints nothing but problems
        self.bar = None
        if self.lines and sys.stderr.isatty() and not os.environ.get("CI"):
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.task = self.bar.add_task("rendering", total=total)

    def __enter__(self) -> "_Progress":
        if self.bar:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.stop()

    def done(self, outcome: Any, count: int, total: int) -> None:
        if outcome.status == "failed":
            error(outcome.error or f"{outcome.input}: failed")
            if _state["debug"] and outcome.traceback:  # a crash (a bug): as Python printed it
                typer.echo(outcome.traceback.rstrip(), err=True)
        for path in outcome.stale:
            _say(f"treemind: stale: {path} (from {outcome.input})")
        for message in outcome.warnings if not self.quiet else ():
            warn(f"{outcome.input}: {message}")
        if self.verbose and outcome.status == "rendered":
            for path in outcome.outputs:
                _say(f"wrote {path}")
        if self.bar:
            self.bar.update(self.task, advance=1, description=outcome.input)
        elif self.lines and outcome.status != "failed":
            _say(f"[{count}/{total}] {outcome.status}: {outcome.input}")


@app.command()
def gallery(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT...", click_type=_Named("FILE|DIR|GLOB"), help="Outline files, folders or globs."
        ),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="DIR", help="The site folder to write.")],
    theme: ThemeOpt = None,
    title: Annotated[str, typer.Option("--title", metavar="TEXT", help="The site's title.")] = "Mind maps",
    related: Annotated[
        int, typer.Option("--related", min=0, metavar="N", help="Most related maps per page.")
    ] = 6,
    input_format: Annotated[
        Optional[str],
        typer.Option("--from", metavar="FORMAT", help=f"Input format: {', '.join(INPUT_FORMATS)}."),
    ] = None,
    jobs: JobsOpt = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Render even maps that are current.")] = False,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Build a static site of the maps: index, a page per map, thumbnails, contact sheet."""
    from ..gallery import GalleryOptions, build
    from ..pipeline import AUTO, RenderOptions
    from ..style.themes import load_theme
    from .inputs import find_inputs

    _state["debug"] = debug
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise typer.BadParameter(f"unknown input format {input_format!r}", param_hint="--from")
    if theme not in (None, AUTO):
        _warn_contrast(load_theme(theme))
    options = GalleryOptions(title, related, RenderOptions(theme=theme), input_format, jobs, not no_cache)
    sources = find_inputs(inputs, include or (), exclude or (), output)  # never the site itself
    show = _Progress(len(sources), quiet, verbose)
    started = time.perf_counter()
    with show:
        site = build(sources, output, options, on_done=show.done)
    for message in site.warnings if not quiet else ():
        warn(message)
    if not quiet:
        typer.echo(f"wrote {output / 'index.html'} ({len(site.entries)} maps)", err=True)
    _finish(site.outcomes, time.perf_counter() - started, None, quiet, len(sources) > 1)


@app.command()
def embed(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE.md...", click_type=_Named("FILE|DIR"), help="Markdown files or folders."
        ),
    ],
    assets_dir: Annotated[
        Optional[Path],
        typer.Option(
            "--assets-dir",
            metavar="DIR",
            show_default="assets/ beside each file",
            help="Folder for the images.",
        ),
    ] = None,
    fmt: Annotated[
        Optional[str],
        typer.Option("-f", "--format", metavar="svg|png", show_default="svg", help="Image format."),
    ] = None,
    embed_fonts: Annotated[
        bool, typer.Option("--embed-fonts/--no-embed-fonts", help="SVG: embed subsets of its fonts.")
    ] = True,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if an image or link is missing or stale.")
    ] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Render the ```mindmap fences of Markdown files to images linked below each fence."""
    from ..integrations.embed import IMAGE_FORMATS, EmbedSettings, Names, embed_file, markdown_files
    from ..text.measure import Measurer

    _state["debug"] = debug
    if fmt is not None and fmt not in IMAGE_FORMATS:
        raise typer.BadParameter(f"{fmt!r}: choose svg or png", param_hint="--format")
    settings = EmbedSettings(assets_dir, fmt, embed_fonts, check)
    names, measurer, failed = Names(), Measurer(), False
    documents, fences, changed = 0, 0, list[str]()
    for path in markdown_files(inputs):
        result = embed_file(path, settings, names, measurer)
        documents, fences, changed = documents + 1, fences + result.fences, changed + result.written
        for problem in result.stale:
            _say(f"treemind: stale: {problem}")
        for message in result.warnings if not quiet else ():
            warn(message)
        if result.error:
            error(result.error)
        for written in result.written if verbose else ():
            _say(f"wrote {written}")
        failed = failed or bool(result.stale or result.error)
    if measurer.missing and not quiet:
        from ..text.scripts import missing_message

        warn(missing_message(measurer.missing))
    if not quiet and not failed:  # a failure has said its own lines, one each
        typer.echo(_embed_summary(documents, fences, changed, check), err=True)
    if failed:
        raise typer.Exit(1)


def _embed_summary(documents: int, fences: int, written: list[str], check: bool) -> str:
    """`treemind embed`'s last line after a run without failures: what it found and what it did."""
    found = f"{fences} mindmap fence{'s' * (fences != 1)} in {documents} file{'s' * (documents != 1)}"
    if check:
        return f"checked {found}: all current"
    if not written:
        return f"{found}: all current, nothing written"
    images = sum(1 for w in written if not w.lower().endswith((".md", ".markdown")))
    docs = len(written) - images
    return f"{found}: wrote {images} image{'s' * (images != 1)}, updated {docs} document{'s' * (docs != 1)}"


@app.command()
def formats() -> None:
    """List the input formats: name (for --from), file extensions, what it is."""
    for name, spec in INPUT_FORMATS.items():
        typer.echo(f"{name:<10} {' '.join(spec.extensions):<28} {spec.description}")


@app.command()
def themes(
    preview: Annotated[
        Optional[Path],
        typer.Option(
            "--preview", help="Write a sample map per theme and an overview sheet (themes.png) here."
        ),
    ] = None,
) -> None:
    """List the built-in themes; with --preview, draw a sample of each."""
    from ..style.themes import builtin_names, load_theme

    names = [n for n in builtin_names() if n != "base"]
    for name in names:
        typer.echo(f"{name:<14} {load_theme(name).description}")
    if preview is not None:
        from .preview import preview as draw

        for path in draw(names, preview):
            typer.echo(f"wrote {path}", err=True)


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
    """main() for a process of its own (console.py): once the outputs are written and the
    streams flushed, the process ends at once; tearing the interpreter down object by object
    took ~15 ms of a 0.17 s render. treemind registers no atexit handlers, and every file it
    writes is closed by then. Tests and library users call main(), which returns the code.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)
