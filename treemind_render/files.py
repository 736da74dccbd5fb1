"""Atomic file writes: every output goes through a temporary file and a rename, never half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import RenderError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename: never a partial file."""
    if path.is_dir():
        raise RenderError(f"cannot write {path}: it is a folder")
    try:
        special = path.exists() and not path.is_file() and not path.is_symlink()
        if special:  # /dev/null, a FIFO: write into it, never replace it (a symlink is replaced)
            with path.open("wb") as handle:
                handle.write(data)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace_with(path, data)
    except OSError as exc:
        raise RenderError(f"cannot write {path}: {exc.strerror or exc}") from None


def _replace_with(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
