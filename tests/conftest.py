"""Shared test helpers: run the CLI in-process and read its JSON geometry."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from treemind_render.app.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".md", ".txt"))


def pytest_configure(config: pytest.Config) -> None:
    # The suite never reads or writes the user's cache: every run gets a cache folder of its own
    # (child processes inherit it). A test that needs an empty cache makes its own.
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="treemind-test-cache-")
    # In CI every marker's requirements are installed, so nothing may be skipped there.
    if not shutil.which("neato"):
        print("warning: Graphviz is not installed; tests marked 'graphviz' will fail", file=sys.stderr)


@dataclass
class Result:
    code: int
    out: bytes
    err: str


@pytest.fixture
def cli(capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch):
    """Run `treemind ARGS...` in-process: cli(["render", ...], stdin=b"...") -> Result."""

    def run(args: list[str], stdin: bytes | None = None) -> Result:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        capsysbinary.readouterr()
        code = main([str(a) for a in args])
        captured = capsysbinary.readouterr()
        return Result(code, captured.out, captured.err.decode("utf-8", "replace"))

    return run


def geometry(cli, source: Path | str, *args: str, stdin: bytes | None = None) -> dict:
    """The JSON geometry of one render."""
    result = cli(["render", str(source), "-f", "json", "-o", "-", *args], stdin=stdin)
    assert result.code == 0, result.err
    return json.loads(result.out)


HANG_GUARD = 20.0  # seconds; a guard against hangs, not a benchmark


def render_fails_cleanly(cli, src: Path, out: Path, *args: str) -> str:
    """`treemind render SRC -o OUT` of a broken input: exit 1 within the hang guard, one
    `treemind: error: SRC:...` line, no traceback, nothing on stdout, no output file."""
    import time

    start = time.monotonic()
    result = cli(["render", src, "-o", out, *args])
    assert time.monotonic() - start < HANG_GUARD
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith(f"treemind: error: {src}:"), lines[0]
    assert not out.exists()
    assert result.out == b""
    return lines[0]
