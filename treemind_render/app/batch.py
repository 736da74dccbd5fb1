"""Many inputs: render them in warm worker processes, skip what is current, check, report."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from traceback import format_exc
from typing import TYPE_CHECKING

from ..draw.graphviz import WarmGraphviz
from ..draw.lifeline import die_with_parent
from ..draw.pictures import PictureFolder, may_name_pictures, stamp_with_pictures
from ..draw.stamp import STAMPED, digest, read_stamp
from ..errors import LimitError, OutlineError, TreemindError
from ..files import write_atomic
from ..model import Tree, count_nodes, walk
from ..parsers import parse
from ..pipeline import CONVERSIONS, DRAWN, RenderOptions, convert, fitted, output, render
from ..text.measure import Measurer
from .inputs import Job, Source

if TYPE_CHECKING:  # a pool is only started for several inputs: its modules stay off a one-shot's path
    import multiprocessing.context
    from concurrent.futures import Executor, Future

MODES = ("render", "check", "verify")


@dataclass(frozen=True)
class Task:
    """One input's work, picklable so any Executor (processes, Dask) can run it."""

    job: Job
    options: RenderOptions
    input_format: str | None = None
    sheet: str | None = None
    mode: str = "render"  # check: compare stamps with what is on disk; verify: bytes too. No writes.
    use_cache: bool = True
    strict: bool = False  # a warning (from the parser or Graphviz) fails the input
    warm: bool = False  # one of many on this worker: keep one Graphviz running (WarmGraphviz)


@dataclass
class Outcome:
    """What happened to one input; `status` is rendered, cached, current, stale or failed."""

    input: str
    status: str
    outputs: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # --check: outputs missing or out of date
    duration: float = 0.0
    nodes: int | None = None
    error_kind: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    missing_glyphs: str = ""
    traceback: str | None = None  # of an internal error (a bug), for --debug and the report


_local = threading.local()  # one measurer per worker (process or thread): font look-ups stay warm


def process(task: Task) -> Outcome:
    """Run one task; every failure becomes a failed Outcome, so a batch keeps going."""
    if not hasattr(_local, "measurer"):
        _local.measurer = Measurer()
    measurer: Measurer = _local.measurer
    start = time.perf_counter()
    job = task.job
    outcome = Outcome(job.source.name, "failed", [str(p) for _, p in job.outputs if p is not None])
    try:
        _run(task, outcome, measurer)
    except TreemindError as exc:
        outcome.status = "failed"
        outcome.error_kind = type(exc).__name__
        outcome.error = exc.located() if exc.path else f"{job.source.name}: {exc.message}"
    except Exception as exc:  # a bug must not stop the other inputs
        outcome.status = "failed"
        outcome.error_kind = "InternalError"
        outcome.error = f"{job.source.name}: internal error: {type(exc).__name__}: {exc}"
        outcome.traceback = format_exc()  # as text: a worker's traceback object cannot be pickled
    outcome.missing_glyphs = "".join(sorted(measurer.missing))
    measurer.missing.clear()
    outcome.duration = round(time.perf_counter() - start, 4)
    return outcome


def _run(task: Task, outcome: Outcome, measurer: Measurer) -> None:
    job, options = task.job, task.options
    if job.source.path is not None and options.pictures is None:  # pictures beside the outline
        options = replace(options, pictures=PictureFolder.beside(job.source.path))
    data = read_input(job.source, options.limits.max_bytes)
    settings = {
        "options": replace(options, stamp=None),
        "from": task.input_format,
        "sheet": task.sheet,
        "name": job.source.name,  # a map without a title of its own is named after its file
    }
    stamp = digest(data, settings, options.theme)
    tree = None
    if may_name_pictures(data, job.source.name):  # the pictures' bytes count in the stamp too
        tree = parse(
            data, source=job.source.name, fmt=task.input_format, limits=options.limits, sheet=task.sheet
        )
        srcs = (dict(p.node.attrs).get("image") for p in walk(tree.root))
        stamp = stamp_with_pictures(stamp, srcs, options.pictures, options.limits.max_image)
    stamped = [(fmt, p) for fmt, p in job.outputs if fmt in STAMPED and p is not None]
    if task.mode == "render" and task.use_cache and _current(job, stamped, stamp):
        outcome.status = "cached"
        return
    if tree is None:
        tree = parse(
            data, source=job.source.name, fmt=task.input_format, limits=options.limits, sheet=task.sheet
        )
    outcome.nodes = count_nodes(tree.root)
    outcome.warnings = list(tree.warnings)
    if task.mode in ("check", "verify"):
        outcome.stale = [str(p) for fmt, p in stamped if read_stamp(fmt, p) != stamp]
        outcome.stale += [
            str(p)
            for fmt, p in job.outputs
            if fmt in CONVERSIONS and p is not None and not _same(p, convert(tree, fmt))
        ]
        if task.mode == "verify" and not outcome.stale:
            outcome.stale = _differ(task, tree, replace(options, stamp=stamp), measurer)
        outcome.status = "stale" if outcome.stale else "current"
        return
    options = replace(options, stamp=stamp)
    laid = any(fmt not in CONVERSIONS for fmt, _ in job.outputs)
    drawn = any(fmt in DRAWN for fmt, _ in job.outputs)
    warm = _warm_graphviz() if task.warm and drawn else None
    rendered = render(tree, options, measurer, warm, draw=drawn) if laid else None
    if rendered is not None:
        outcome.warnings += list(rendered.warnings)
        outcome.warnings += [n for fmt, _ in job.outputs if (n := fitted(rendered, fmt)[1])]
    if task.strict and outcome.warnings:
        raise OutlineError(f"{outcome.warnings[0]} (--strict makes warnings errors)", path=job.source.name)
    results = [(p, output(rendered, fmt) if rendered else convert(tree, fmt)) for fmt, p in job.outputs]
    for path, content in results:
        if path is None:
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            write_atomic(path, content, job.root)
    outcome.status = "rendered"


def _differ(task: Task, tree: Tree, options: RenderOptions, measurer: Measurer) -> list[str]:
    """--check --verify: the drawn outputs whose bytes differ from a fresh render's (a stamp
    says which input an output claims to be from; only this shows it is what that input draws)."""
    drawn = [(fmt, p) for fmt, p in task.job.outputs if fmt not in CONVERSIONS and p is not None]
    if not drawn:
        return []
    rendered = render(tree, options, measurer, draw=any(fmt in DRAWN for fmt, _ in drawn))
    return [str(p) for fmt, p in drawn if not _same(p, output(rendered, fmt))]


def _warm_graphviz() -> WarmGraphviz:
    if not hasattr(_local, "graphviz"):
        _local.graphviz = WarmGraphviz()
    graphviz: WarmGraphviz = _local.graphviz
    return graphviz


def _current(job: Job, stamped: list[tuple[str, Path]], stamp: str) -> bool:
    """Every output exists and carries this stamp (outline outputs are never skipped)."""
    if len(stamped) != len(job.outputs):
        return False
    return all(read_stamp(fmt, path) == stamp for fmt, path in stamped)


def _same(path: Path, content: bytes) -> bool:
    try:
        return path.read_bytes() == content
    except OSError:
        return False


def read_input(source: Source, max_bytes: int) -> bytes:
    """Read at most one byte past the size limit, so a huge input is refused cheaply."""
    try:
        if source.path is None:
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with source.path.open("rb") as handle:
                data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise OutlineError(f"cannot read: {exc.strerror}", path=source.name) from None
    if len(data) > max_bytes:
        raise LimitError(
            f"input is more than the limit of {max_bytes:,} bytes (raise it with --limit-size)",
            path=source.name,
        )
    return data


def render_many(
    tasks: list[Task],
    jobs: int | None = None,
    executor: Executor | None = None,
    fail_fast: bool = False,
    on_done: Callable[[Outcome, int, int], None] | None = None,
) -> list[Outcome]:
    """Run tasks on `executor` (any concurrent.futures.Executor, e.g. a Dask client's), or on
    `jobs` warm worker processes (default: one per CPU), or in this process for one job.

    Outcomes come back in task order, whatever order they finished in.
    """
    jobs = jobs or os.cpu_count() or 1
    if not tasks:  # e.g. a shard with no inputs
        return []
    if len(tasks) > 1:
        tasks = [replace(task, warm=True) for task in tasks]
    if executor is None and (jobs == 1 or len(tasks) == 1 or any(t.job.source.path is None for t in tasks)):
        return _in_process(tasks, fail_fast, on_done)
    own = executor is None
    from concurrent.futures import ProcessPoolExecutor

    pool = executor or ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)),
        mp_context=_context(),
        initializer=die_with_parent,  # a SIGKILLed batch takes its workers along (lifeline.py)
        initargs=(os.getpid(),),
    )
    try:
        futures = [pool.submit(process, task) for task in tasks]
        results: dict[int, Outcome] = {}
        for done, (index, outcome) in enumerate(_as_completed(futures), start=1):
            results[index] = outcome
            if on_done:
                on_done(outcome, done, len(tasks))
            if fail_fast and outcome.status == "failed":
                for future in futures:
                    future.cancel()
                break
        return [results[i] for i in sorted(results)]
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)


def _in_process(
    tasks: list[Task], fail_fast: bool, on_done: Callable[[Outcome, int, int], None] | None
) -> list[Outcome]:
    outcomes = []
    for done, task in enumerate(tasks, start=1):
        outcome = process(task)
        outcomes.append(outcome)
        if on_done:
            on_done(outcome, done, len(tasks))
        if fail_fast and outcome.status == "failed":
            break
    return outcomes


def _as_completed(futures: list[Future[Outcome]]) -> Iterator[tuple[int, Outcome]]:
    from concurrent.futures import as_completed

    index = {id(f): i for i, f in enumerate(futures)}
    for future in as_completed(futures):
        yield index[id(future)], future.result()


def _context() -> multiprocessing.context.BaseContext:
    # fork starts workers with our modules already imported; elsewhere, the platform default
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)
