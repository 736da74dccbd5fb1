"""`treemind gallery`: render every map with the batch machinery, then write the site.

Layout of the site folder:

    index.html            the cards
    gallery.png           the contact sheet
    favicon.svg
    maps/<slug>.html      one page per map, beside its <slug>.svg, .png and .pdf
    thumbs/<slug>.png     thumbnails (2x)

Pages are rewritten only when their bytes change, and a manifest of what was written lets the
next run delete the pages of maps that are gone (never any other file).
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..app.batch import Outcome, Task, read_input, render_many
from ..app.inputs import Job, Source, find_inputs
from ..draw.lifeline import die_with_parent
from ..errors import TreemindError, UsageError
from ..files import write_atomic
from ..parsers import parse
from ..pipeline import RenderOptions
from .assets import FAVICON
from .entries import Entry, assign_slugs, make_entry, sort_entries
from .related import DEFAULT_COUNT, link_related
from .sheet import contact_sheet
from .site import DOWNLOADS, INTERACTIVE, MAPS, THUMBS, index_page, map_page
from .thumbs import make_thumbnail

MANIFEST = ".treemind-gallery.json"


@dataclass(frozen=True)
class GalleryOptions:
    title: str = "Mind maps"
    related: int = DEFAULT_COUNT
    render: RenderOptions = field(default_factory=RenderOptions)
    input_format: str | None = None
    jobs: int | None = None
    use_cache: bool = True


@dataclass
class Gallery:
    """What a build did: one Outcome per input, the maps on the site, warnings, files."""

    site: Path
    outcomes: list[Outcome]
    entries: list[Entry]
    warnings: list[str]
    written: list[Path]


def build(
    inputs: list[str] | list[Source],
    site: Path,
    options: GalleryOptions = GalleryOptions(),
    on_done: Callable[[Outcome, int, int], None] | None = None,
) -> Gallery:
    """Build (or update) the site in `site` from outline files: paths, folders and globs as
    `treemind render` takes them, or Sources from `inputs.find_inputs`."""
    if inputs and all(isinstance(s, Source) for s in inputs):
        sources = [s for s in inputs if isinstance(s, Source)]
    else:
        sources = find_inputs([str(s) for s in inputs])
    if any(s.path is None for s in sources):
        raise UsageError("gallery reads files and folders, not standard input")
    unique: dict[Path, Source] = {}
    for source in sources:  # a file named twice (itself and in its folder) is one map
        unique.setdefault(source.path.resolve() if source.path else Path(source.name), source)
    sources = list(unique.values())
    total, done = len(sources), 0
    outcomes: dict[str, Outcome] = {}

    def report(outcome: Outcome) -> None:
        nonlocal done
        done += outcome.input not in outcomes  # a failed thumbnail replaces its map's outcome
        outcomes[outcome.input] = outcome
        if on_done:
            on_done(outcome, done, total)

    entries = _load(sources, options, report)
    assign_slugs(entries)
    tasks = [
        Task(_job(e, site), options.render, options.input_format, None, "render", options.use_cache)
        for e in entries
    ]
    jobs = options.jobs or os.cpu_count() or 1
    pool = _pool(jobs, len(tasks))
    try:
        rendered = (
            render_many(tasks, jobs, executor=pool, on_done=lambda o, _i, _n: report(o)) if tasks else []
        )
        ok = [e for e, o in zip(entries, rendered, strict=True) if o.status != "failed"]
        ok = _thumbnails(ok, site, options.use_cache, pool, report_failure=report)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    warnings = link_related(ok, options.related)
    ordered = sort_entries(ok)
    written = _write_site(site, ordered, options.title)
    _forget_old(site, written)
    return Gallery(site, [outcomes[s.name] for s in sources], ordered, warnings, written)


def _load(sources: list[Source], options: GalleryOptions, report: Callable[[Outcome], None]) -> list[Entry]:
    """Parse every input once here (titles decide file names); failures are reported."""
    entries = []
    for source in sources:
        try:
            data = read_input(source, options.render.limits.max_bytes)
            tree = parse(data, source=source.name, fmt=options.input_format, limits=options.render.limits)
        except TreemindError as exc:
            report(Outcome(source.name, "failed", error_kind=type(exc).__name__, error=_located(exc, source)))
            continue
        except Exception as exc:  # a parser bug must not stop the other maps (as in batch.py)
            error = f"{source.name}: internal error: {type(exc).__name__}: {exc}"
            report(Outcome(source.name, "failed", error_kind="InternalError", error=error))
            continue
        entries.append(make_entry(source, tree, data))
    return entries


def _located(exc: TreemindError, source: Source) -> str:
    return exc.located() if exc.path else f"{source.name}: {exc.message}"


def _job(entry: Entry, site: Path) -> Job:
    stem = site / MAPS / entry.slug
    files = tuple((fmt, stem.with_name(f"{entry.slug}.{fmt}")) for fmt in DOWNLOADS)
    return Job(entry.source, (*files, ("html", stem.with_name(f"{entry.slug}{INTERACTIVE}"))), site)


def _pool(jobs: int, count: int) -> Executor | None:
    if jobs <= 1 or count <= 1:
        return None
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(
        max_workers=min(jobs, count), mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
    )


def _thumbnails(
    entries: list[Entry],
    site: Path,
    use_cache: bool,
    pool: Executor | None,
    report_failure: Callable[[Outcome], None],
) -> list[Entry]:
    """Draw the thumbnails (in the pool when there is one); maps whose thumbnail fails drop out."""
    args = [
        (str(site / MAPS / f"{e.slug}.svg"), str(site / THUMBS / f"{e.slug}.png"), use_cache, str(site))
        for e in entries
    ]
    if pool is None:
        errors = [make_thumbnail(*a) for a in args]
    else:
        errors = list(pool.map(make_thumbnail, *zip(*args, strict=True))) if args else []
    kept = []
    for entry, error in zip(entries, errors, strict=True):
        if error is None:
            kept.append(entry)
        else:
            report_failure(Outcome(entry.source.name, "failed", error_kind="RenderError", error=error))
    return kept


def _write_site(site: Path, entries: list[Entry], title: str) -> list[Path]:
    """Every page, the contact sheet and the icon; returns every file the site consists of."""
    files: list[Path] = []

    def put(path: Path, data: bytes) -> None:
        files.append(path)
        try:
            if path.read_bytes() == data:
                return
        except OSError:
            pass
        write_atomic(path, data, site)

    put(site / "favicon.svg", FAVICON.encode("utf-8"))
    for entry in entries:
        maps = site / MAPS
        svg = (maps / f"{entry.slug}.svg").read_text("utf-8")
        sizes = {fmt: (maps / f"{entry.slug}.{fmt}").stat().st_size for fmt in DOWNLOADS}
        files += [maps / f"{entry.slug}.{fmt}" for fmt in DOWNLOADS] + [site / THUMBS / f"{entry.slug}.png"]
        files.append(maps / f"{entry.slug}{INTERACTIVE}")
        put(maps / f"{entry.slug}.html", map_page(entry, svg, sizes, title).encode("utf-8"))
    cells = [(e, site / THUMBS / f"{e.slug}.png") for e in entries]
    put(site / "gallery.png", contact_sheet(cells))
    put(site / "index.html", index_page(title, entries).encode("utf-8"))
    return files


def _forget_old(site: Path, written: list[Path]) -> None:
    """Delete what the last build wrote and this one did not (maps removed or renamed)."""
    manifest = site / MANIFEST
    now = sorted({p.relative_to(site).as_posix() for p in written})
    try:
        before = json.loads(manifest.read_text("utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        before = []
    for name in set(before if isinstance(before, list) else []) - set(now):
        path = (site / str(name)).resolve()
        if site.resolve() in path.parents and path.suffix in (".html", ".svg", ".png", ".pdf"):
            path.unlink(missing_ok=True)
    data = (json.dumps({"files": now}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if before != now:
        write_atomic(manifest, data, site)
