"""Processes that die with their parent: batch workers and the Graphviz each one runs.

A batch killed with SIGKILL (a CI job cancelled, an OOM kill) runs no cleanup, so without help
its worker processes and their Graphviz kept running, and writing, for minutes. On Linux each
such process asks the kernel (prctl PR_SET_PDEATHSIG) for a SIGKILL the moment the thread
that started it ends; elsewhere nothing changes (a worker still ends when it finds its task
queue closed, and Graphviz at its time limit).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_prctl: Callable[..., int] | None = None
_loaded = False


def _load() -> Callable[..., int] | None:
    """libc's prctl, looked up before any fork: a child between fork and exec must not load
    libraries."""
    global _prctl, _loaded
    if not _loaded:
        _loaded = True
        if sys.platform.startswith("linux"):
            try:
                _prctl = ctypes.CDLL(None, use_errno=True).prctl
            except (OSError, AttributeError):
                _prctl = None
    return _prctl


def die_with_parent(parent: int) -> None:
    """In a child process: be killed with SIGKILL when `parent` (the pid that started it) is
    gone; if it is gone already (it died between fork and this call), die now."""
    prctl = _load()
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)


def child_setup() -> Callable[[], None] | None:
    """A `preexec_fn` for subprocess.Popen that ties the child to this process (Linux only)."""
    if _load() is None:
        return None
    parent = os.getpid()
    return lambda: die_with_parent(parent)
