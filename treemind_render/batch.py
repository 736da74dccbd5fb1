"""Many inputs: find outline files, plan where each output goes, render them one by one."""

from __future__ import annotations

import glob
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import TreemindError, UsageError
from .export import write_atomic
from .model import Tree
from .parsers import FORMATS as INPUT_FORMATS
from .parsers import parse
from .pipeline import CONVERSIONS, RenderOptions, convert, output, render
from .text import Measurer

EXTENSIONS = {ext for fmt in INPUT_FORMATS.values() for ext in fmt.extensions}


@dataclass(frozen=True)
class Source:
    """One input: its display name, its path (None for stdin), and the folder it mirrors from."""

    name: str
    path: Path | None
    base: Path | None


@dataclass(frozen=True)
class Job:
    source: Source
    outputs: tuple[tuple[str, Path | None], ...]  # (format, path); None writes to stdout


def find_inputs(args: Iterable[str]) -> list[Source]:
    """Files as given, directories searched for outline files, globs expanded, `-` for stdin."""
    found: list[Source] = []
    for arg in args:
        if arg == "-":
            found.append(Source("-", None, None))
            continue
        path = Path(arg)
        if path.is_dir():
            found.extend(Source(str(f), f, path) for f in _outline_files(path))
        elif path.is_file():
            found.append(Source(arg, path, None))
        elif glob.has_magic(arg):
            matches = sorted(Path(m) for m in glob.glob(arg, recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                raise UsageError(f"no input matches {arg!r}")
            found.extend(Source(str(m), m, None) for m in files)
        else:
            raise UsageError(f"no such input: {arg}")
    if not found:
        raise UsageError("no outline files found in the inputs given")
    return found


def _outline_files(folder: Path) -> list[Path]:
    return sorted(
        f
        for f in folder.rglob("*")
        if f.is_file()
        and f.suffix.lower() in EXTENSIONS
        and not any(part.startswith(".") for part in f.relative_to(folder).parts)
    )


def plan(sources: list[Source], formats: list[str], output: str | None, out_dir: str | None) -> list[Job]:
    """Decide every output path before anything is written; clashes are a usage error."""
    if output is not None:
        if len(sources) != 1:
            raise UsageError("-o/--output takes one input; use --out-dir for several")
        if len(formats) != 1:
            raise UsageError("-o/--output writes one format; use --out-dir for several")
        target = None if output == "-" else Path(output)
        jobs = [Job(sources[0], ((formats[0], target),))]
        _check_clashes(jobs)
        return jobs
    jobs = []
    for source in sources:
        if source.path is None:
            if out_dir is None:
                if len(formats) != 1:
                    raise UsageError("standard input goes to standard output: choose one format")
                jobs.append(Job(source, ((formats[0], None),)))
                continue
            stem = Path("mindmap")
        elif out_dir is not None:
            stem = source.path.relative_to(source.base) if source.base else Path(source.path.name)
            stem = Path(out_dir) / stem
        else:
            stem = source.path
        if out_dir is not None and source.path is None:
            stem = Path(out_dir) / stem
        jobs.append(Job(source, tuple((fmt, stem.with_suffix("." + fmt)) for fmt in formats)))
    _check_clashes(jobs)
    return jobs


def _check_clashes(jobs: list[Job]) -> None:
    seen: dict[Path, str] = {}
    for job in jobs:
        for _, path in job.outputs:
            if path is None:
                continue
            key = path.resolve()
            if key in seen:
                raise UsageError(f"{seen[key]} and {job.source.name} would both write {path}")
            if job.source.path is not None and key == job.source.path.resolve():
                raise UsageError(f"output {path} would overwrite its own input")
            seen[key] = job.source.name


def run_job(
    job: Job, options: RenderOptions, input_format: str | None, measurer: Measurer, sheet: str | None = None
) -> Tree:
    """Parse, render and write every output of one input; all in memory before any write."""
    source = job.source
    data = _read(source, options.limits.max_bytes)
    tree = parse(data, source=source.name, fmt=input_format, limits=options.limits, sheet=sheet)
    drawn = any(fmt not in CONVERSIONS for fmt, _ in job.outputs)
    rendered = render(tree, options, measurer) if drawn else None
    results = [
        (path, output(rendered, fmt, options) if rendered else convert(tree, fmt))
        for fmt, path in job.outputs
    ]
    for path, data in results:
        if path is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            write_atomic(path, data)
    return tree


def _read(source: Source, max_bytes: int) -> bytes:
    """Read at most one byte past the size limit, so a huge input is refused cheaply."""
    try:
        if source.path is None:
            return sys.stdin.buffer.read(max_bytes + 1)
        with source.path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as exc:
        raise TreemindError(f"cannot read: {exc.strerror}", path=source.name) from None
