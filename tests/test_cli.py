"""The command as a user runs it: console script, python -m, help, version, output paths."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from treemind_render import __version__


def test_version(cli):
    result = cli(["--version"])
    assert result.code == 0
    assert result.out.decode().strip() == f"treemind {__version__}"


@pytest.mark.graphviz
def test_python_dash_m_renders_from_stdin_to_stdout():
    proc = subprocess.run(
        [sys.executable, "-m", "treemind_render", "render", "-"],
        input=b"# Root\n- one\n- two\n",
        capture_output=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"<?xml") and b"<svg" in proc.stdout
    assert proc.stderr == b""


@pytest.mark.graphviz
@pytest.mark.parametrize(
    ("args", "code", "ends"),
    [
        (["-f", "svg"], 0, b"</svg>\n"),
        (["-f", "png"], 0, b"IEND\xaeB`\x82"),
        (["-f", "svg", "--layout", "sideways"], 2, b""),
    ],
    ids=["svg", "png", "usage-error"],
)
def test_the_quick_exit_keeps_exit_codes_and_flushes_every_byte(args, code, ends):
    """run() ends the process with os._exit after flushing: a whole image on stdout, the
    contract's exit code, the error line on stderr."""
    proc = subprocess.run(
        [sys.executable, "-m", "treemind_render", "render", "-", "-o", "-", *args],
        input=b"# Root\n" + b"".join(b"- topic %d\n" % i for i in range(300)),
        capture_output=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == code, proc.stderr
    assert proc.stdout.endswith(ends)
    assert (proc.stderr == b"") == (code == 0), proc.stderr


@pytest.mark.graphviz
def test_console_script_writes_beside_the_input(tmp_path):
    # the script installed beside the Python running the tests (the venv's bin/)
    script = str(Path(sys.executable).parent / "treemind")
    if not Path(script).exists():
        script = shutil.which("treemind") or script
    source = tmp_path / "notes.txt"
    source.write_text("Trip\n  Tickets\n  Hotel\n", encoding="utf-8")
    proc = subprocess.run([script, "render", str(source)], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    svg = (tmp_path / "notes.svg").read_bytes()
    assert b"Tickets" in svg and b"Hotel" in svg


def test_every_command_and_option_is_documented(cli):
    """Each flag the CLI accepts appears in the README, so the docs cannot fall behind."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    help_text = cli(["render", "--help"]).out.decode()
    import re

    flags = set(re.findall(r"(--[a-z][a-z-]+)", help_text)) - {"--help"}
    assert flags, help_text
    missing = sorted(
        f for f in flags if f"`{f}" not in readme and f"{f}`" not in readme and f" {f}" not in readme
    )
    assert not missing, f"flags missing from README: {missing}"
    for command in ("render", "themes"):
        assert f"treemind {command}" in readme


@pytest.mark.graphviz
def test_several_formats_into_out_dir(cli, tmp_path):
    result = cli(["render", EXAMPLES[0], "-f", "svg,png", "-f", "json", "--out-dir", tmp_path])
    assert result.code == 0, result.err
    stem = EXAMPLES[0].stem
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{stem}.{e}" for e in ("json", "png", "svg"))


def test_stdin_with_two_formats_is_a_usage_error(cli):
    result = cli(["render", "-", "-f", "svg,png"], stdin=b"a\n")
    assert result.code == 2
    assert result.err.startswith("treemind: error:") and result.err.count("\n") == 1
