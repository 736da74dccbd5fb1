"""`benchmarks/run.py --quick` runs end to end and prints its tables (its times are not checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.graphviz
def test_benchmark_quick_run_prints_every_table(tmp_path: Path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--batch", "2"],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # not the repository: the installed package is what gets timed
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    assert out.startswith("Machine: ")
    row = next(line for line in out.splitlines() if line.startswith("| generated, seed 30 | 30 |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    # SVG, PNG, both with an empty cache, dot and neato: every one of ours ran and was timed
    assert all(cell.endswith(" s") for cell in cells[2:8]), row
    assert "| treemind PNG | " in out and "maps per second" in out
    assert "not run (--no-peers)" in out
    assert "README Speed section" in out
