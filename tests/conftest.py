"""Shared test helpers: run the CLI in-process and read its JSON geometry."""

from __future__ import annotations

import io
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from treemind_render.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".md", ".txt"))


def pytest_configure(config: pytest.Config) -> None:
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
