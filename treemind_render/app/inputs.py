"""Which files to render and where each output goes: discovery, filters, shards, output plan."""

from __future__ import annotations

import fnmatch
import glob
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..parsers import FORMATS as INPUT_FORMATS
from .lines import one_line

EXTENSIONS = {ext for fmt in INPUT_FORMATS.values() for ext in fmt.extensions}
# In folders, .json and .yaml files are mostly not outlines (package.json, themes, our own
# JSON output): they are picked up only when an --include pattern asks for them.
DISCOVERED = EXTENSIONS - {ext for name in ("json", "yaml") for ext in INPUT_FORMATS[name].extensions}


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
    root: Path | None = None  # --out-dir: no folder below it may be a symlink (files.write_atomic)


def find_inputs(
    args: Iterable[str], include: Iterable[str] = (), exclude: Iterable[str] = (), skip: Path | None = None
) -> list[Source]:
    """Files as given, folders searched for outline files, globs expanded, `-` for stdin.

    In folders, hidden files and folders, what git ignores and the folder `skip` (the output
    folder) are skipped, and `include` / `exclude` globs (matched against the path below the
    folder) narrow the search.
    """
    include, exclude = list(include), list(exclude)
    found: list[Source] = []
    folders: list[str] = []
    own_outputs = 0
    for arg in args:
        if arg == "-":
            found.append(Source("-", None, None))
            continue
        path = Path(arg)
        if path.is_dir():
            folders.append(arg)
            files = _filtered(path, _outline_files(path, bool(include), skip), include, exclude)
            found.extend(Source(one_line(str(f)), f, path) for f in files)
        elif path.is_file():
            if is_own_output(path):  # pre-commit passes our images back in by name
                own_outputs += 1
                continue
            found.append(Source(one_line(arg), path, None))
        elif glob.has_magic(arg):
            base = _glob_base(arg)
            files = sorted(Path(m) for m in glob.glob(arg, recursive=True) if Path(m).is_file())
            if not files:
                raise UsageError(f"no input matches {arg!r}")
            found.extend(Source(one_line(str(m)), m, base) for m in files)
        else:
            raise UsageError(f"no such input: {arg}")
    if not found and not own_outputs:
        raise UsageError(_nothing_found(folders, include, exclude))
    return found


def is_own_output(path: Path) -> bool:
    """An image (or DOT, JSON geometry) that treemind wrote: it carries treemind's stamp."""
    from ..draw.stamp import STAMPED, read_stamp

    fmt = path.suffix.lower().lstrip(".")
    return fmt in STAMPED and read_stamp(fmt, path) is not None


def _nothing_found(folders: list[str], include: list[str], exclude: list[str]) -> str:
    if not folders:
        return "no outline files found in the inputs given"
    where = ", ".join(folders)
    if include:
        searched = f"files matching --include {' '.join(include)}"
    else:
        asked = " ".join(sorted(EXTENSIONS - DISCOVERED))
        searched = f"{' '.join(sorted(DISCOVERED))}; {asked} only with --include"
    hidden = "; hidden and git-ignored paths skipped"
    hidden += f", --exclude {' '.join(exclude)}" if exclude else ""
    return f"no outline files found in {where} (searched for {searched}{hidden})"


def _outline_files(folder: Path, any_format: bool, skip: Path | None) -> list[Path]:
    known = EXTENSIONS if any_format else DISCOVERED
    skipped = skip.resolve() if skip else None
    home = folder.resolve()
    files = sorted(
        f
        for f in folder.rglob("*")
        if f.is_file()
        and f.suffix.lower() in known
        and not any(part.startswith(".") for part in f.relative_to(folder).parts)
        and not (skipped and f.resolve().is_relative_to(skipped))
        and f.resolve().is_relative_to(home)  # a symlink out of the folder is not its file
    )
    ignored = _git_ignored(folder, files)
    return [f for f in files if f not in ignored]


def _filtered(folder: Path, files: list[Path], include: list[str], exclude: list[str]) -> list[Path]:
    def matches(path: Path, patterns: list[str]) -> bool:
        rel = path.relative_to(folder).as_posix()
        return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(path.name, p) for p in patterns)

    return [f for f in files if (not include or matches(f, include)) and not matches(f, exclude)]


def _git_ignored(folder: Path, files: list[Path]) -> set[Path]:
    """The files git would ignore (.gitignore and friends); nothing when git is not there."""
    git = shutil.which("git")
    if git is None or not files:
        return set()
    try:
        proc = subprocess.run(
            [git, "-C", str(folder), "check-ignore", "--stdin", "-z"],
            input=b"\0".join(os.fsencode(f.resolve()) for f in files),  # any bytes, not only UTF-8
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if proc.returncode not in (0, 1):  # 128: not a git work tree
        return set()
    ignored = {Path(os.fsdecode(p)) for p in proc.stdout.split(b"\0") if p}
    return {f for f in files if f.resolve() in ignored}


def _glob_base(pattern: str) -> Path | None:
    """The folder a glob's matches mirror from: its parts before the first wildcard."""
    parts = Path(pattern).parts
    first_magic = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    return Path(*parts[:first_magic]) if first_magic else None


def shard(sources: list[Source], spec: str | None) -> list[Source]:
    """`K/N`: a stable 1/N of the inputs, by a hash of each path, so N shards cover all once."""
    if spec is None:
        return sources
    try:
        k, n = (int(v) for v in spec.split("/"))
    except ValueError:
        raise UsageError(f"--shard {spec!r}: expected K/N, like 1/4") from None
    if not 1 <= k <= n:
        raise UsageError(f"--shard {spec!r}: K must be between 1 and N")

    def bucket(source: Source) -> int:
        key = (source.path.as_posix() if source.path else source.name).encode()
        return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") % n

    return [s for s in sources if bucket(s) == k - 1]


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
        if source.path is None and out_dir is None:
            if len(formats) != 1:
                raise UsageError("standard input goes to standard output: choose one format")
            jobs.append(Job(source, ((formats[0], None),)))
            continue
        if source.path is None:
            stem = Path(out_dir or ".") / "mindmap"
        elif out_dir is not None:
            rel = source.path.relative_to(source.base) if source.base else Path(source.path.name)
            if ".." in rel.parts:  # e.g. a glob 'src/*/../../x.md': never write above --out-dir
                raise UsageError(f"{source.name}: cannot mirror a path with '..' under --out-dir")
            stem = Path(out_dir) / rel
        else:
            stem = source.path
        outputs = tuple((fmt, stem.with_suffix("." + fmt)) for fmt in formats)
        jobs.append(Job(source, outputs, Path(out_dir) if out_dir is not None else None))
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
