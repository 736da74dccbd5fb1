"""Atomic file writes: every output goes through a temporary file and a rename, never
half-written, and never through a symlink out of the output root."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import signal
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

from .errors import RenderError


def write_atomic(path: Path, data: bytes, root: Path | None = None) -> None:
    """Write through a temporary file in the same folder, then rename: never a partial file.

    `root` is the output root the command was given (`--out-dir`, a gallery site, an assets
    folder): it may be a symlink itself (the command line is trusted), but no folder between
    it and the file may be one, so a committed `site/maps -> /elsewhere` cannot take a write
    elsewhere; folders are made and entered without following links. Without a root, only the
    file's own folder is taken as given. A symlink at `path` is replaced, never written
    through; a FIFO or a device there is written into (`-o /dev/null`). Ctrl-C waits until the
    file is complete or removed, so it never leaves a temporary file behind.
    """
    try:
        with deferred_interrupt():
            folder = _open_folder(path.parent, root if root is not None else path.parent)
            try:
                _write_in(folder, path.name, data)
            finally:
                os.close(folder)
    except IsADirectoryError:
        raise RenderError(f"cannot write {path}: it is a folder") from None
    except OSError as exc:
        raise RenderError(f"cannot write {path}: {exc.strerror or exc}") from None


_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
NAME_MAX = 255  # bytes in one file name on every common filesystem


def _open_folder(folder: Path, root: Path) -> int:
    """A descriptor of `folder`, made if missing, reached from `root` without following links."""
    top, target = Path(os.path.abspath(root)), Path(os.path.abspath(folder))
    if not target.is_relative_to(top):
        raise RenderError(f"cannot write in {folder}: it is outside {root}")
    top.mkdir(parents=True, exist_ok=True)
    fd = os.open(top, _DIR)
    walked = top
    for part in target.relative_to(top).parts:
        walked = walked / part
        try:
            with contextlib.suppress(FileExistsError):
                os.mkdir(part, dir_fd=fd)
            step = os.open(part, _DIR | os.O_NOFOLLOW, dir_fd=fd)
        except OSError as exc:
            link = exc.errno in (errno.ELOOP, errno.ENOTDIR) and os.path.islink(walked)
            os.close(fd)
            if link:
                raise RenderError(
                    f"cannot write in {folder}: {walked} is a symlink, and treemind writes only"
                    f" inside {root} (replace the link with a folder)"
                ) from None
            raise
        os.close(fd)
        fd = step
    return fd


def _write_in(folder: int, name: str, data: bytes) -> None:
    try:
        mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode
    except FileNotFoundError:
        mode = 0
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(name)
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode):  # never replace these
        with os.fdopen(
            os.open(name, os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=folder), "wb"
        ) as handle:
            handle.write(data)
        return
    tmp = _temp_name(name)
    fd = os.open(tmp, _NEW, 0o666, dir_fd=folder)  # the umask applies, as to any new file
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=folder)
        raise


def _temp_name(name: str) -> str:
    """`.NAME.XXXXXXXX.tmp`, NAME shortened so the whole stays within NAME_MAX bytes."""
    room = NAME_MAX - len(".") - len(".XXXXXXXX.tmp")
    short = os.fsencode(name)[:room].decode("utf-8", "ignore") if len(os.fsencode(name)) > room else name
    return f".{short}.{secrets.token_hex(4)}.tmp"


@contextlib.contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) until the block ends; in the main thread only, where Python
    handles signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
